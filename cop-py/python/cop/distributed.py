"""Landscapes analysed on Spark and Dask: per community on the workers, merged on the driver.

A landscape too large for one machine is analysed one community at a time, each on a worker,
with Arrow between the engine and cop, and a merge for what spans communities::

    import cop.distributed as cd

    # one community's events (pandas or Arrow) -> its result tables, deterministic
    tables = cd.analyse_partition(events, as_of="2026-08-03T17:52:44Z")

    # PySpark: groupBy("community").applyInArrow on the executors, one Spark DataFrame per table
    tables = cd.analyse_spark(spark_events, as_of="2026-08-03T17:52:44Z")
    landscape = cd.merge_spark(tables)            # {"landscape", "stages", "brokers"}

    # Dask on a distributed cluster: groupby("community").apply on the workers
    tables = cd.analyse_dask(dask_events, as_of="2026-08-03T17:52:44Z")
    landscape = cd.merge_dask(tables)

Every table equals what one process computes: a community's tables are those of
``whole.community_view(c).community_tables(c, as_of)`` and the merge equals
``whole.rollup(as_of)`` (the core's ``Analysis::rollup``), exactly.

**The date.** Every community is analysed as of the same ``as_of``: give the landscape's date
(usually the time of its last event: ``events.agg(F.max("time"))`` on Spark). A partition's
own last event would give each community another date, and the merge refuses parts of different
dates.

**The tables** (schemas in :data:`SCHEMAS`, as pyarrow schemas; dates are RFC 3339 strings in
UTC, counts int64, every field nullable):

- ``summary`` — one row per community: ``community``, ``as_of``, ``events`` (its events up to the
  date), ``acting_members`` (members with an event of their own), ``active_members`` (its health
  report's), ``settled`` and ``indicated`` stage, ``indicated_share``.
- ``members`` — one row per member acting in the community: ``community``, ``member``,
  ``level``, ``trajectory`` (in that community), ``events``.
- ``health`` — one row per community: ``community``, ``as_of`` and every metric of
  :data:`cop.HEALTH_METRICS` as float64 (null when it has no value).
- ``stage_history`` — one row per community and period: ``community``, ``date``, ``settled``,
  ``indicated``, ``indicated_share``, ``ceiling``, ``active_members``.

The merge (:func:`merge`, from ``summary`` and ``members``) gives:

- ``landscape`` — one row: ``as_of``, ``communities``, ``events``, ``acting_members`` (each
  member once), ``participating_members`` (above outsider somewhere), ``active_members`` (added
  up over the communities), ``brokers``, ``boundary_members``, ``stage`` (the landscape's stage
  across its communities: the settled stage holding the most active members, ties to the
  earlier stage) and ``stage_rule``.
- ``stages`` — one row per stage: ``stage``, ``communities`` settled there, their
  ``active_members``.
- ``brokers`` — one row per member acting in two communities or more: ``member``,
  ``communities`` and ``levels`` (lists, community order), ``events``, ``boundary`` (above
  outsider in at least ``boundary_communities`` of them, 2 by default: Wenger's boundary
  trajectory across communities).

The landscape's stage here is a rollup of the communities' stages. The maturity of the whole
landscape taken as one community (``Landscape.maturity()``) ranks every member of every
community together and needs all events in one place: it is not computed by these helpers.

Needs pyarrow; the Spark helpers need pyspark (4.0 or later, for ``applyInArrow``), the Dask
helpers dask[dataframe] (and ``distributed`` for a cluster). pandas for pandas input.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.compute  # type: ignore[import-untyped,unused-ignore]  # noqa: F401  (pa.compute)

from ._cop import HEALTH_METRICS, ArrowTable, InvalidValueError, Landscape, rollup

__all__ = [
    "COMMUNITY_TABLES",
    "ROLLUP_TABLES",
    "SCHEMAS",
    "analyse_dask",
    "analyse_partition",
    "analyse_spark",
    "as_pyarrow",
    "merge",
    "merge_dask",
    "merge_spark",
]

_s = pa.string()
_i = pa.int64()
_f = pa.float64()

#: The result tables of each community, in order.
COMMUNITY_TABLES = ("summary", "members", "health", "stage_history")
#: The tables of the merge, in order.
ROLLUP_TABLES = ("landscape", "stages", "brokers")

#: Every table's schema.
SCHEMAS: dict[str, pa.Schema] = {
    "summary": pa.schema(
        [
            ("community", _s),
            ("as_of", _s),
            ("events", _i),
            ("acting_members", _i),
            ("active_members", _i),
            ("settled", _s),
            ("indicated", _s),
            ("indicated_share", _f),
        ]
    ),
    "members": pa.schema(
        [("community", _s), ("member", _s), ("level", _s), ("trajectory", _s), ("events", _i)]
    ),
    "health": pa.schema([("community", _s), ("as_of", _s)] + [(m, _f) for m in HEALTH_METRICS]),
    "stage_history": pa.schema(
        [
            ("community", _s),
            ("date", _s),
            ("settled", _s),
            ("indicated", _s),
            ("indicated_share", _f),
            ("ceiling", _s),
            ("active_members", _i),
        ]
    ),
    "landscape": pa.schema(
        [
            ("as_of", _s),
            ("communities", _i),
            ("events", _i),
            ("acting_members", _i),
            ("participating_members", _i),
            ("active_members", _i),
            ("brokers", _i),
            ("boundary_members", _i),
            ("stage", _s),
            ("stage_rule", _s),
        ]
    ),
    "stages": pa.schema([("stage", _s), ("communities", _i), ("active_members", _i)]),
    "brokers": pa.schema(
        [
            ("member", _s),
            ("communities", pa.list_(pa.field("item", _s, nullable=False))),
            ("levels", pa.list_(pa.field("item", _s, nullable=False))),
            ("events", _i),
            ("boundary", pa.bool_()),
        ]
    ),
}

#: The sort key of each table's rows (the order every helper returns them in).
KEYS: dict[str, tuple[str, ...]] = {
    "summary": ("community",),
    "members": ("community", "member"),
    "health": ("community",),
    "stage_history": ("community", "date"),
    "landscape": (),
    "stages": (),
    "brokers": ("member",),
}


def as_pyarrow(table: Any, name: str | None = None) -> pa.Table:
    """Any table (a ``cop.ArrowTable``, Arrow data, a pandas DataFrame) as a ``pyarrow.Table``,
    cast to the schema of table ``name`` when given."""
    if isinstance(table, pa.Table):
        out = table
    elif hasattr(table, "__arrow_c_stream__") or hasattr(table, "__arrow_c_array__"):
        out = pa.table(table)
    else:
        out = pa.Table.from_pandas(table, preserve_index=False)
    if name is not None:
        schema = SCHEMAS[name]
        out = out.select(schema.names).cast(schema)
    return out


def _events_landscape(frame: Any) -> Landscape:
    if hasattr(frame, "__arrow_c_stream__") or hasattr(frame, "__arrow_c_array__"):
        return Landscape.from_arrow(frame)
    return Landscape.from_pandas(frame)


def _community_of(frame: Any) -> str:
    """The one community of a frame's ``community`` column."""
    missing = InvalidValueError(
        "community: the events have no `community` column: name the partition's community"
    )
    if hasattr(frame, "__arrow_c_stream__") or hasattr(frame, "__arrow_c_array__"):
        table = as_pyarrow(frame)
        if "community" not in table.column_names:
            raise missing
        values = pa.compute.unique(table.column("community")).to_pylist()
    else:
        if "community" not in frame.columns:
            raise missing
        values = list(frame["community"].unique())
    if len(values) != 1 or values[0] is None:
        raise InvalidValueError(
            f"community: a partition holds one community's events, these hold {sorted(map(str, values))}"
        )
    return str(values[0])


def analyse_partition(
    frame: Any,
    *,
    as_of: Any,
    community: str | None = None,
    options: Any = None,
) -> dict[str, ArrowTable]:
    """One community's events (a pandas DataFrame or Arrow data, columns named like the event
    format's fields) analysed as of ``as_of``: ``{"summary", "members", "health",
    "stage_history"}`` as :class:`cop.ArrowTable` (schemas in :data:`SCHEMAS`). ``community``
    labels the rows (default: the one value of the frame's ``community`` column); ``options``
    is the core's ``MaturityConfig`` as a dict. Deterministic: the same events give the same
    tables, whatever their order or the machine.

    >>> tables = analyse_partition(events, as_of="2026-08-03T17:52:44Z")   # doctest: +SKIP
    >>> tables["members"].to_pandas()                                     # doctest: +SKIP
    """
    if as_of is None:
        raise InvalidValueError(
            "as_of: give the landscape's date, the same for every partition (its last event's time)"
        )
    name = community if community is not None else _community_of(frame)
    landscape = _events_landscape(frame)
    return landscape.community_tables(name, as_of, options=options)


def merge(summary: Any, members: Any, *, boundary_communities: int = 2) -> dict[str, ArrowTable]:
    """The landscape-wide measures from the communities' ``summary`` and ``members`` tables
    (concatenated over the communities, in any order; Arrow data or pandas): ``{"landscape",
    "stages", "brokers"}``, computed by the core (``cop.rollup``), equal to
    ``Landscape.rollup()`` of the whole landscape."""
    return rollup(as_pyarrow(summary), as_pyarrow(members), boundary_communities=boundary_communities)


# ----- one frame for the engines: every table of a community, stacked ------------------------------


def _union_schema() -> pa.Schema:
    fields = [pa.field("table", _s), pa.field("community", _s)]
    for name in COMMUNITY_TABLES:
        fields += [pa.field(f"{name}__{f.name}", f.type) for f in SCHEMAS[name] if f.name != "community"]
    return pa.schema(fields)


UNION = _union_schema()


def _stacked(tables: dict[str, ArrowTable]) -> pa.Table:
    """A community's tables as one table of the union schema (a `table` column tells them apart)."""
    parts = []
    for name in COMMUNITY_TABLES:
        t = as_pyarrow(tables[name], name)
        columns = {"table": pa.array([name] * t.num_rows, _s), "community": t.column("community")}
        for f in SCHEMAS[name]:
            if f.name != "community":
                columns[f"{name}__{f.name}"] = t.column(f.name)
        parts.append(pa.table(columns))
    return pa.concat_tables(parts, promote_options="default").select(UNION.names).cast(UNION)


def _unstack(stacked: pa.Table, name: str) -> pa.Table:
    rows = stacked.filter(pa.compute.equal(stacked.column("table"), name))
    columns = {"community": rows.column("community")}
    for f in SCHEMAS[name]:
        if f.name != "community":
            columns[f.name] = rows.column(f"{name}__{f.name}")
    return pa.table(columns).cast(SCHEMAS[name])


# ----- Spark ------------------------------------------------------------------------------------


def _spark_union_ddl() -> str:
    def spark_type(t: pa.DataType) -> str:
        if t == _s:
            return "string"
        if t == _i:
            return "bigint"
        if t == _f:
            return "double"
        raise TypeError(t)  # pragma: no cover

    return ", ".join(f"`{f.name}` {spark_type(f.type)}" for f in UNION)


def analyse_spark(events: Any, *, as_of: Any, options: Any = None, community: str = "community") -> dict[str, Any]:
    """Each community of a Spark DataFrame of events analysed on the executors
    (``groupBy(community).applyInArrow``): a dict of Spark DataFrames, one per table of
    :data:`COMMUNITY_TABLES` (schemas as :data:`SCHEMAS`). The stacked result is persisted, so
    the four tables cost one pass; ``unpersist`` it with ``tables["_stacked"].unpersist()``.
    The executors need cop and pyarrow installed (see the README, *Running on a cluster*)."""
    from pyspark.sql import functions as F  # type: ignore[import-untyped,unused-ignore]

    as_of_text = _as_of_text(as_of)

    def run(table: pa.Table) -> pa.Table:
        key = table.column(community)[0].as_py()
        frame = table if community == "community" else table.rename_columns(
            ["community" if c == community else c for c in table.column_names]
        )
        return _stacked(analyse_partition(frame, as_of=as_of_text, community=str(key), options=options))

    stacked = events.groupBy(community).applyInArrow(run, schema=_spark_union_ddl()).persist()
    out: dict[str, Any] = {"_stacked": stacked}
    for name in COMMUNITY_TABLES:
        rows = stacked.filter(F.col("table") == name)
        out[name] = rows.select(
            *[
                F.col("community") if f.name == "community" else F.col(f"`{name}__{f.name}`").alias(f.name)
                for f in SCHEMAS[name]
            ]
        )
    return out


def _spark_to_arrow(frame: Any) -> pa.Table:
    if hasattr(frame, "toArrow"):
        return frame.toArrow()
    return pa.Table.from_pandas(frame.toPandas(), preserve_index=False)  # pragma: no cover


def merge_spark(tables: dict[str, Any], *, boundary_communities: int = 2) -> dict[str, ArrowTable]:
    """The merge (:func:`merge`) of :func:`analyse_spark`'s tables: their ``summary`` and
    ``members`` are collected to the driver as Arrow and merged by the core."""
    summary = as_pyarrow(_spark_to_arrow(tables["summary"]), "summary")
    members = as_pyarrow(_spark_to_arrow(tables["members"]), "members")
    return merge(summary, members, boundary_communities=boundary_communities)


# ----- Dask -------------------------------------------------------------------------------------


def _union_meta() -> Any:
    return UNION.empty_table().to_pandas(types_mapper=_arrow_dtype)


def _arrow_dtype(t: pa.DataType) -> Any:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    return pd.ArrowDtype(t)


def analyse_dask(events: Any, *, as_of: Any, options: Any = None, community: str = "community") -> dict[str, Any]:
    """Each community of a Dask DataFrame of events analysed on the workers
    (``groupby(community).apply``): a dict of Dask DataFrames, one per table of
    :data:`COMMUNITY_TABLES` (pyarrow-backed pandas dtypes; schemas as :data:`SCHEMAS`). Lazy:
    compute them together (``dask.compute(*tables.values())``) or persist ``tables["_stacked"]``
    to analyse once."""
    as_of_text = _as_of_text(as_of)

    def run(frame: Any) -> Any:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]

        if frame.empty:
            return _union_meta()
        # pandas hands the group without its key column; the key is the group's name.
        key = frame.name if community not in frame.columns else frame[community].iloc[0]
        events_frame = frame.drop(columns=[community], errors="ignore").reset_index(drop=True)
        stacked = _stacked(analyse_partition(events_frame, as_of=as_of_text, community=str(key), options=options))
        out = stacked.to_pandas(types_mapper=_arrow_dtype)
        assert isinstance(out, pd.DataFrame)
        return out

    stacked = events.groupby(community).apply(run, meta=_union_meta())
    out: dict[str, Any] = {"_stacked": stacked}
    for name in COMMUNITY_TABLES:
        rows = stacked[stacked["table"] == name]
        columns = {f"{name}__{f.name}": f.name for f in SCHEMAS[name] if f.name != "community"}
        out[name] = rows[["community", *columns]].rename(columns=columns)
    return out


def merge_dask(tables: dict[str, Any], *, boundary_communities: int = 2) -> dict[str, ArrowTable]:
    """The merge (:func:`merge`) of :func:`analyse_dask`'s tables: their ``summary`` and
    ``members`` are computed to the client and merged by the core."""
    import dask  # type: ignore[import-untyped,unused-ignore]

    summary, members = dask.compute(tables["summary"], tables["members"])
    return merge(
        as_pyarrow(summary.reset_index(drop=True), "summary"),
        as_pyarrow(members.reset_index(drop=True), "members"),
        boundary_communities=boundary_communities,
    )


def _as_of_text(as_of: Any) -> str:
    """``as_of`` as the RFC 3339 text of the date every partition is analysed as of (checked once,
    on the driver, by the core's parser)."""
    if as_of is None:
        raise InvalidValueError(
            "as_of: give the landscape's date, the same for every partition (its last event's time)"
        )
    probe = Landscape()
    stamp = probe.participation(as_of).as_of
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
