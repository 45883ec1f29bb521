"""cop: communities of practice, computed.

Turn what a community's members *do* (ask, answer, review, mentor, commit, ...) into what a
community builder needs to know. The root of the model is the :class:`Landscape`::

    import cop

    landscape = cop.Landscape.from_csv("examples/data/requests-commits.csv")
    print("members:", len(landscape.members))
    frame = landscape.to_pandas()          # one row per event, categorical keys

    levels = landscape.participation()     # levels, timeline and trajectories as of the last event
    print(levels.level_counts, levels.level("a0001").level)
    health = landscape.health()            # a cop.results.HealthReport
    print(health.active_members, health.activation.share)
    print(landscape.maturity().settled.stage)
    experts = landscape.find_experts("docs").to_pandas()   # a DataFrame, one row per expert
    graph = landscape.graph()              # a networkx MultiDiGraph of who answers whom

Results (:mod:`cop.results`) are typed: attributes (``health.as_of`` is a ``datetime``), a short
``repr``, ``to_dict()`` giving the plain dict of the core's JSON (``to_list()`` for lists of rows)
and ``to_pandas()`` on every tabular one. They still are the dicts and lists they were, so
``health["active_members"]`` keeps working.

**Properties and methods.** A *property* is a cheap view of what the object already holds, with
no argument, that never computes an analysis (``landscape.members``, ``landscape.counts``,
``participation.as_of``, ``assessment.level``). Anything computed — that reads the event log,
takes an argument or an as-of date, or may take long — is a *method* (``landscape.summary()``,
``landscape.people()``, ``landscape.health(as_of)``, ``participation.timeline()``). Tables become
DataFrames the same way everywhere: ``result.to_pandas()``.

Arrow goes in (``Landscape.from_arrow(table)``: pyarrow, polars, anything with
``__arrow_c_stream__``) and out (``landscape.community_tables(c)``, ``landscape.rollup()``: a
:class:`ArrowTable` that ``pyarrow.table``, ``polars.from_arrow`` and pandas take). The module
:mod:`cop.distributed` runs the analysis per community on Spark and Dask and merges the results.

pandas and networkx are optional: ``pip install 'cop[pandas,networkx]'``; a method that needs
one and does not find it raises an ``ImportError`` naming the extra.

Everything is implemented in Rust (the private module ``cop._cop``); this package re-exports it.
Errors are :class:`CopError` (a ``ValueError``) and its subclasses, one per kind of core error
(``ERROR_KINDS`` maps each kind's name to its class).
"""

from . import results
from ._cop import (
    ERROR_KINDS,
    HEALTH_METRICS,
    LEVELS,
    NONE,
    POLICY_PRESETS,
    REPORT_SCHEMA,
    STAGES,
    TRAJECTORIES,
    VALUE_CYCLES,
    ArrowTable,
    Assessment,
    CapacityError,
    Communities,
    Community,
    CommunityIterator,
    CopError,
    CopIOError,
    Domain,
    DomainCycleError,
    DomainIterator,
    Domains,
    DuplicateKeyError,
    IdentitiesReport,
    Identity,
    ImportReport,
    InternalError,
    InvalidValueError,
    Landscape,
    Member,
    MemberIterator,
    Members,
    Participation,
    RecordError,
    SkippedRecord,
    SnapshotError,
    SnapshotVersionError,
    Trajectory,
    UnknownIdError,
    UnknownKeyError,
    cohen_kappa,
    rollup,
    __version__,
)

__all__ = [
    "ERROR_KINDS",
    "HEALTH_METRICS",
    "LEVELS",
    "NONE",
    "POLICY_PRESETS",
    "REPORT_SCHEMA",
    "STAGES",
    "TRAJECTORIES",
    "VALUE_CYCLES",
    "ArrowTable",
    "Assessment",
    "CapacityError",
    "Communities",
    "Community",
    "CommunityIterator",
    "CopError",
    "CopIOError",
    "Domain",
    "DomainCycleError",
    "DomainIterator",
    "Domains",
    "DuplicateKeyError",
    "IdentitiesReport",
    "Identity",
    "ImportReport",
    "InternalError",
    "InvalidValueError",
    "Landscape",
    "Member",
    "MemberIterator",
    "Members",
    "Participation",
    "RecordError",
    "SkippedRecord",
    "SnapshotError",
    "SnapshotVersionError",
    "Trajectory",
    "UnknownIdError",
    "UnknownKeyError",
    "cohen_kappa",
    "rollup",
    "__version__",
]
