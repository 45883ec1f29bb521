"""Typed results: what cop's analyses return, with attributes, a short ``repr`` and ``to_dict()``.

Every result that was a dict of the core's JSON is now a :class:`Result`: still that dict (a
``dict`` subclass, so ``result["key"]``, ``json.dumps(result)`` and ``result == old_dict`` keep
working), plus typed attributes read off it (``health.active_members``, ``health.as_of`` as a
``datetime``, ``health.activation.share``), a one-line ``repr`` and ``to_dict()``, a plain deep
copy equal to the old dict. Results that were lists (``stage_history()``, ``find_experts()`` …)
are :class:`Rows`: still lists, of typed rows, with ``to_list()`` giving the old list. Every
tabular result has ``to_pandas()`` (pandas is the optional extra ``cop[pandas]``); the ties of the
interaction graph are :class:`Ties`, with ``to_pandas()`` and ``to_networkx()`` (the extra
``cop[networkx]``).

Attributes are declared by annotations and converted when read: RFC 3339 strings become aware
``datetime`` objects (UTC), nested dicts and lists their own result classes; a key a result does
not have reads as ``None``. The classes are built from the core's JSON only, so whatever method
computes a result (``Landscape.health``, a later ``Analysis.health``) returns the same class.
"""

from __future__ import annotations

import copy
import datetime as _dt
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, TypeVar, Union

import numpy as np
import numpy.typing as npt

__all__ = [
    "Result",
    "Rows",
    "Ties",
    "Summary",
    "PeopleCounts",
    "GitImportReport",
    "StackExchangeImportReport",
    "PlatformImportReport",
    "Activation",
    "RetentionCohort",
    "Responsiveness",
    "Concentration",
    "Rhythm",
    "Reciprocity",
    "Repertoire",
    "ExpertAccess",
    "Layers",
    "Balance",
    "HealthReport",
    "HealthPoint",
    "HealthSeries",
    "SettledStage",
    "IndicatedStage",
    "StageVote",
    "Indicator",
    "NextStep",
    "Maturity",
    "StagePoint",
    "StageHistory",
    "MemberPosition",
    "Structure",
    "GraphMeasures",
    "Levels",
    "Transitions",
    "Timeline",
    "MemberReport",
    "ParticipationReport",
    "MentorPair",
    "UnmatchedMentee",
    "MentorSuggestions",
    "PeerPair",
    "PeerSuggestions",
    "Expert",
    "Experts",
    "CommunityFit",
    "CommunityFits",
    "ValuePeriod",
    "ValueSummary",
    "ValueStory",
    "ValueStories",
    "Goal",
    "Charter",
    "GoalProgress",
    "Report",
]

_R = TypeVar("_R", bound="Result")


def _import(module: str, extra: str, what: str) -> Any:
    """An optional dependency, imported when first needed, or an ImportError naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"{what} needs {module}: pip install 'cop[{extra}]' (or pip install {module})"
        ) from error


def _pandas(what: str) -> Any:
    return _import("pandas", "pandas", what)


def _time(text: str) -> _dt.datetime:
    """An RFC 3339 time of the core (``2024-05-01T10:00:00Z``) as an aware datetime (UTC)."""
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _seconds(texts: Iterable[str | None]) -> npt.NDArray[np.datetime64]:
    """RFC 3339 times as numpy ``datetime64[s]`` (UTC, naive as numpy is; NaT for None)."""
    return np.array([t.rstrip("Z") if t else "NaT" for t in texts], dtype="datetime64[s]")


def _plain(value: Any) -> Any:
    """A deep copy with plain dicts and lists (what ``json.loads`` or the old code gave)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return copy.deepcopy(value)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = {
            name: hint
            for name, hint in typing.get_type_hints(cls).items()
            if not name.startswith("_") and typing.get_origin(hint) is not ClassVar
        }
        _HINTS[cls] = hints
    return hints


def _convert(hint: Any, value: Any) -> Any:
    """`value` (of the core's JSON) as the annotation `hint` says."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        kinds = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(kinds[0], value) if len(kinds) == 1 else value
    if origin is list and isinstance(value, list):
        (item,) = typing.get_args(hint)
        return [_convert(item, v) for v in value]
    if origin is dict and isinstance(value, dict):
        _, item = typing.get_args(hint)
        return {k: _convert(item, v) for k, v in value.items()}
    if isinstance(hint, type):
        if issubclass(hint, (Result, Rows)) and not isinstance(value, hint):
            return hint(value)
        if hint is _dt.datetime and isinstance(value, str):
            return _time(value)
    return value


def _short(value: Any) -> str:
    """A value in a few characters, for reprs."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, (list, tuple, np.ndarray)):
        return f"[{len(value)} items]" if len(value) > 3 else "[" + ", ".join(_short(v) for v in value) + "]"
    if isinstance(value, Result):
        return f"{type(value).__name__}(…)"
    if isinstance(value, dict):
        items = [f"{k}: {_short(v)}" for k, v in list(value.items())[:3]]
        return "{" + ", ".join(items) + (", …}" if len(value) > 3 else "}")
    return repr(value)


class Result(dict[str, Any]):
    """A result: the core's JSON as a dict, with typed attributes, a short ``repr`` and
    ``to_dict()``. Read-only by convention: change a copy (``to_dict()``)."""

    #: The attributes the repr shows (the first few fields when empty).
    _repr: ClassVar[tuple[str, ...]] = ()

    def __getattr__(self, name: str) -> Any:
        hint = _hints(type(self)).get(name)
        if hint is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return _convert(hint, self.get(name))

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(_hints(type(self))))

    def to_dict(self) -> dict[str, Any]:
        """The result as the plain dict the method returned before it had attributes (a deep
        copy: dates as RFC 3339 strings, nested results as dicts and lists)."""
        return typing.cast("dict[str, Any]", _plain(self))

    def __repr__(self) -> str:
        names = self._repr or tuple(_hints(type(self)))[:4]
        shown = [f"{n}={_short(getattr(self, n))}" for n in names if n in self]
        more = len(self) > len(shown)
        return f"{type(self).__name__}({', '.join(shown)}{', …' if more else ''})"

    def __str__(self) -> str:
        return self.__repr__()

    def __copy__(self: _R) -> _R:
        return type(self)(self)

    def __deepcopy__(self: _R, memo: dict[int, Any]) -> _R:
        return type(self)(copy.deepcopy(dict(self), memo))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))


class Rows(list[_R]):
    """A result that is a list of rows (each a :class:`Result`): ``to_list()`` gives the old
    list of dicts, ``to_pandas()`` a DataFrame with a row per item."""

    #: The class of a row.
    _row: ClassVar[type[Result]] = Result
    #: The columns holding RFC 3339 times (datetime64 in ``to_pandas``).
    _times: ClassVar[tuple[str, ...]] = ()

    def __init__(self, rows: Iterable[Mapping[str, Any]] = ()) -> None:
        row = self._row
        super().__init__(r if isinstance(r, row) else row(r) for r in rows)  # type: ignore[misc]

    def to_list(self) -> list[dict[str, Any]]:
        """The rows as the plain list of dicts the method returned before (a deep copy)."""
        return [r.to_dict() for r in self]

    def to_pandas(self) -> Any:
        """A pandas DataFrame with a row per item; nested dicts are spread into columns named
        ``outer.inner`` (``parts.domain_fit``), times are ``datetime64[s]`` (UTC). Needs pandas."""
        pd = _pandas(f"{type(self).__name__}.to_pandas")
        if not self:
            return pd.DataFrame(columns=list(_hints(self._row)))
        frame = pd.json_normalize(self.to_list(), max_level=1)
        for column in self._times:
            if column in frame:
                frame[column] = _seconds(frame[column])
        return frame

    def __repr__(self) -> str:
        name = type(self).__name__
        if not self:
            return f"{name}([])"
        first = repr(self[0])
        return f"{name}([{first}{f', … {len(self)} rows' if len(self) > 1 else ''}])"

    def __str__(self) -> str:
        return self.__repr__()


# ----- the landscape -----------------------------------------------------------------------------


class Summary(Result):
    """A first look at a landscape (``Landscape.summary``)."""

    counts: dict[str, int]
    acting_members: int
    first_event: _dt.datetime | None
    last_event: _dt.datetime | None
    events_per_kind: dict[str, int]
    busiest_domains: dict[str, int]
    _repr = ("counts", "acting_members", "first_event", "last_event")


class PeopleCounts(Result):
    """Identities, members, merges, bots, staff and what analyses leave out (``Landscape.people``)."""

    identities: int
    members: int
    merges: dict[str, int]
    bots: int
    staff: int
    left_out: int
    events_left_out: int
    _repr = ("identities", "members", "bots", "staff", "left_out")


class GitImportReport(Result):
    """What ``Landscape.import_git`` recorded."""

    commits: int
    events: int
    identities: int
    members: int
    merges: dict[str, int]
    bots: list[str]


class StackExchangeImportReport(Result):
    """What ``Landscape.import_stackexchange`` recorded."""

    site: str
    rows: dict[str, int]
    events: dict[str, int]
    recorded: int
    deleted_users: dict[str, int]
    missing_posts: dict[str, int]
    members: int
    bots: list[str]
    _repr = ("site", "recorded", "members")


class PlatformImportReport(Result):
    """What ``Landscape.import_platform`` recorded."""

    platform: str
    name: str
    records: dict[str, int]
    events: dict[str, int]
    recorded: int
    left_out: dict[str, int]
    skipped: list[dict[str, Any]]
    members: int
    bots: list[str]
    merges: dict[str, int]
    spaces: list[dict[str, Any]]
    _repr = ("platform", "name", "recorded", "members")


# ----- health ------------------------------------------------------------------------------------


class Activation(Result):
    """Recent newcomers and how many of them became active."""

    recent_newcomers: int
    activated: int
    share: float


class RetentionCohort(Result):
    """A join cohort and the share of it that acts again in each later complete period."""

    joined: _dt.datetime
    size: int
    retained: list[float]


class Responsiveness(Result):
    """Questions, how many were answered or solved, and how fast."""

    questions: int
    answered: int
    unanswered_share: float
    median_hours: float | None
    mean_hours: float | None
    threaded: int
    solved: int
    solved_share: float
    median_solution_hours: float | None


class Concentration(Result):
    """How much rests on few people: absence and elephant factors, organisers, burnout risk."""

    absence_factor: int
    elephant_factor: int | None
    organising_recorded: bool
    organisers: list[list[Any]]
    top_organiser_share: float
    organiser_streak: int
    burnout_risk: str | None


class Rhythm(Result):
    """The community's rhythm: gatherings, gaps, silences, the weekly pattern, burstiness."""

    gatherings: int
    median_gap_days: float | None
    gap_cv: float | None
    days_since_last_gathering: float | None
    longest_silence_days: float
    weekly_pattern: list[int]
    burstiness: float


class Reciprocity(Result):
    """Help given and taken, with the biggest takers and givers (``[key, given, taken]``)."""

    given: int
    taken: int
    ratio: float | None
    takers: list[list[Any]]
    givers: list[list[Any]]


class Repertoire(Result):
    """Artifacts created, reused and curated; new domains."""

    created: int
    reused: int
    curated: int
    new_domains: int


class ExpertAccess(Result):
    """How many newcomers are one or two hops from an expert."""

    newcomers_in_window: int
    within_one_hop: int
    within_two_hops: int
    share_one_hop: float
    share_two_hops: float
    without_access: list[str]
    could_be_mentored: int


class Layers(Result):
    """Sizes of the participation layers against Dunbar-like expectations."""

    sizes: list[int]
    expected: list[int]
    leaders: int | None
    leadership_flag: str | None


class Balance(Result):
    """Shares of core, active and peripheral participants, with the rule and its deviations."""

    core_share: float
    active_share: float
    peripheral_share: float
    participants: int
    rule: str
    deviations: list[str]


class HealthReport(Result):
    """The health of a community as of a date over a window (``Landscape.health``)."""

    as_of: _dt.datetime
    window_days: int
    active_members: int
    dau_mau: float
    newcomers_in_window: int
    activation: Activation
    funnel: list[int]
    retention: list[RetentionCohort]
    inactive_contributors: int
    occasional_contributors: int
    responsiveness: Responsiveness
    concentration: Concentration
    rhythm: Rhythm
    reciprocity: Reciprocity
    repertoire: Repertoire
    expert_access: ExpertAccess
    boundary_share: float
    layers: Layers
    balance: Balance
    founders_share: float
    _repr = ("as_of", "window_days", "active_members", "dau_mau", "newcomers_in_window")


class HealthPoint(Result):
    """The health metrics of one period (a metric without a value reads as None)."""

    date: _dt.datetime
    active_members: float | None
    dau_mau: float | None
    newcomers_in_window: float | None
    recent_newcomer_activation: float | None
    inactive_contributors: float | None
    occasional_contributors: float | None
    questions: float | None
    unanswered_share: float | None
    median_response_hours: float | None
    solved_share: float | None
    median_solution_hours: float | None
    absence_factor: float | None
    elephant_factor: float | None
    gatherings: float | None
    gap_cv: float | None
    longest_silence_days: float | None
    burstiness: float | None
    reciprocity: float | None
    artifacts_created: float | None
    artifacts_reused: float | None
    expert_access: float | None
    boundary_share: float | None
    core_share: float | None
    active_share: float | None
    founders_share: float | None
    _repr = ("date", "active_members", "dau_mau")


class HealthSeries(Rows[HealthPoint]):
    """The health metrics per period (``Landscape.health_series``)."""

    _row = HealthPoint

    def to_pandas(self) -> Any:
        """A DataFrame indexed by date (``datetime64[s]``, UTC) with a column per metric of
        ``cop.HEALTH_METRICS`` (NaN: no value). Needs pandas."""
        pd = _pandas("HealthSeries.to_pandas")
        metrics = [m for m in _hints(HealthPoint) if m != "date"]
        data = {m: np.array([p.get(m, np.nan) for p in self], dtype=np.float64) for m in metrics}
        index = pd.Index(_seconds(p["date"] for p in self), name="date")
        return pd.DataFrame(data, index=index)


# ----- maturity ----------------------------------------------------------------------------------


class SettledStage(Result):
    """The stage held through the history, since when, and the rule that holds it."""

    stage: str
    label: str
    tension: str
    share: float
    since: _dt.datetime | None
    periods: int
    rule: str
    _repr = ("stage", "share", "since", "periods")


class IndicatedStage(Result):
    """The stage the indicators point to now."""

    stage: str
    label: str
    tension: str
    share: float
    _repr = ("stage", "share")


class StageVote(Result):
    """A stage's weight and share of the indicators' votes."""

    stage: str
    weight: float
    share: float


class Indicator(Result):
    """One piece of maturity evidence: an indicator, its value and the stage it points to."""

    name: str
    value: float | None
    points_to: str
    rule: str
    weight: float


class NextStep(Result):
    """Advice: what it is about, what to do, and its priority (1: most urgent)."""

    about: str
    advice: str
    priority: int


class Maturity(Result):
    """The community's maturity: the settled and the indicated stage (``Landscape.maturity``)."""

    as_of: _dt.datetime
    summary: str
    settled: SettledStage
    indicated: IndicatedStage
    votes: list[StageVote]
    evidence: list[Indicator]
    next_steps: list[NextStep]
    _repr = ("as_of", "settled", "indicated")

    def __repr__(self) -> str:
        return (
            f"Maturity(as_of={_short(self.as_of)}, settled={self.settled.stage!r}, "
            f"indicated={self.indicated.stage!r}, next_steps={len(self.get('next_steps', []))})"
        )


class StagePoint(Result):
    """The settled and indicated stage of one period."""

    date: _dt.datetime
    settled: str
    indicated: str
    indicated_share: float
    ceiling: str
    active_members: int


class StageHistory(Rows[StagePoint]):
    """The maturity stage per period (``Landscape.stage_history``)."""

    _row = StagePoint
    _times = ("date",)


# ----- structure ---------------------------------------------------------------------------------


class MemberPosition(Result):
    """A member's position in the interaction graph."""

    member: str
    core_number: int
    pagerank: float
    degree: int
    weighted_degree: float
    eigenvector: float | None
    constraint: float
    _repr = ("member", "pagerank", "degree", "core_number")


class Structure(Result):
    """The structure of the interaction graph over a window (``Landscape.structure``)."""

    as_of: _dt.datetime
    window_days: int
    connected_members: int
    ties: int
    core_periphery_fit: float
    core: list[str]
    brokers: list[str]
    members: list[MemberPosition]
    _repr = ("as_of", "window_days", "connected_members", "ties", "core_periphery_fit")

    def to_pandas(self) -> Any:
        """The connected members, one row each (highest PageRank first), indexed by key.
        Needs pandas."""
        pd = _pandas("Structure.to_pandas")
        columns = [c for c in _hints(MemberPosition)]
        frame = pd.DataFrame([dict(m) for m in self.get("members", [])], columns=columns)
        return frame.set_index("member")


class GraphMeasures(Result):
    """Every member's position in the interaction graph as numpy columns, in member id order
    (``Landscape.graph_measures``)."""

    member: list[str]
    core_number: npt.NDArray[np.uint32]
    pagerank: npt.NDArray[np.float64]
    degree: npt.NDArray[np.uint32]
    weighted_degree: npt.NDArray[np.float64]
    eigenvector: npt.NDArray[np.float64]
    constraint: npt.NDArray[np.float64]

    def __repr__(self) -> str:
        return f"GraphMeasures({len(self.get('member', []))} members)"

    def to_pandas(self) -> Any:
        """A DataFrame indexed by member key with a column per measure. Needs pandas."""
        pd = _pandas("GraphMeasures.to_pandas")
        data = {k: v for k, v in self.items() if k != "member"}
        return pd.DataFrame(data, index=pd.Index(self["member"], name="member"))


# ----- participation -----------------------------------------------------------------------------


class Levels(Result):
    """Every member's level and trajectory as codes, in member id order (``Participation.levels``)."""

    member: list[str]
    level: npt.NDArray[np.uint8]
    level_names: tuple[str, ...]
    score: npt.NDArray[np.float64]
    trajectory: npt.NDArray[np.uint8]
    trajectory_names: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Levels({len(self.get('member', []))} members)"

    def to_pandas(self) -> Any:
        """A DataFrame indexed by member key: ``level`` and ``trajectory`` (Categoricals over
        ``cop.LEVELS`` and ``cop.TRAJECTORIES``) and ``score``. Needs pandas."""
        pd = _pandas("Levels.to_pandas")
        level = pd.Categorical.from_codes(self["level"].astype(np.int8), categories=list(self["level_names"]))
        kinds = list(self["trajectory_names"])
        trajectory = pd.Categorical.from_codes(self["trajectory"].astype(np.int8), categories=kinds)
        data = {"level": level, "trajectory": trajectory, "score": self["score"]}
        return pd.DataFrame(data, index=pd.Index(self["member"], name="member"))


class Transitions(Result):
    """Flows between levels from each period to the next (arrays of P-1 rows)."""

    matrix: npt.NDArray[np.uint32]
    promoted: npt.NDArray[np.uint32]
    demoted: npt.NDArray[np.uint32]
    held: npt.NDArray[np.uint32]
    joined: npt.NDArray[np.uint32]
    left: npt.NDArray[np.uint32]
    turnover: npt.NDArray[np.float64]

    def __repr__(self) -> str:
        return f"Transitions({len(self.get('promoted', []))} steps)"


class Timeline(Result):
    """The level timeline (``Participation.timeline``): dates, members per level, flows."""

    period: str
    dates: npt.NDArray[np.datetime64]
    level_names: tuple[str, ...]
    counts: npt.NDArray[np.int64]
    member: list[str]
    member_levels: npt.NDArray[np.uint8]
    commitment: npt.NDArray[np.float64]
    gravity: npt.NDArray[np.float64]
    last_partial: bool
    transitions: Transitions

    def __repr__(self) -> str:
        dates = self.get("dates", [])
        span = f", {dates[0]} … {dates[-1]}" if len(dates) else ""
        return f"Timeline({len(dates)} {self.get('period')} periods{span}, last_partial={self.get('last_partial')})"

    def to_pandas(self) -> Any:
        """A DataFrame indexed by date with a column of members per level and ``commitment``,
        then the flows into each period (``promoted`` … ``turnover`` and ``gravity``; NaN for
        the first period). Needs pandas."""
        pd = _pandas("Timeline.to_pandas")
        data: dict[str, Any] = {name: self["counts"][:, i] for i, name in enumerate(self["level_names"])}
        data["commitment"] = self["commitment"]
        flows = dict(self["transitions"])
        flows.pop("matrix", None)
        flows["gravity"] = self["gravity"]
        for name, column in flows.items():
            data[name] = np.concatenate([[np.nan], np.asarray(column, dtype=np.float64)])
        return pd.DataFrame(data, index=pd.Index(self["dates"], name="date"))


class MemberReport(Result):
    """One member in a participation report: level, score, trajectory and their evidence."""

    member: str
    level: str
    score: float
    rule: str
    evidence: dict[str, Any]
    trajectory: str
    trajectory_rule: str
    trajectory_evidence: dict[str, Any]
    _repr = ("member", "level", "score", "trajectory")


class ParticipationReport(Result):
    """A participation analysis as the core's report (``Participation.report``)."""

    as_of: _dt.datetime
    policy: str
    level_counts: list[list[Any]]
    trajectory_counts: list[list[Any]]
    timeline: dict[str, Any]
    members: list[MemberReport]
    _repr = ("as_of", "policy")

    def to_pandas(self) -> Any:
        """The members, one row each, indexed by key: level, score, rule, trajectory and its
        rule. Needs pandas."""
        pd = _pandas("ParticipationReport.to_pandas")
        columns = ["member", "level", "score", "rule", "trajectory", "trajectory_rule"]
        rows = [[m.get(c) for c in columns] for m in self.get("members", [])]
        return pd.DataFrame(rows, columns=columns).set_index("member")


# ----- matching ----------------------------------------------------------------------------------


class MentorPair(Result):
    """A suggested mentor for a mentee, with the score's parts and the reasons."""

    mentee: str
    mentee_id: int
    mentor: str
    mentor_id: int
    score: float
    parts: dict[str, float]
    domain: str | None
    mentor_domain: str | None
    required: bool
    reasons: list[str]
    _repr = ("mentee", "mentor", "score", "domain")


class UnmatchedMentee(Result):
    """A mentee left without a mentor, and why."""

    mentee: str
    mentee_id: int
    reason: str
    detail: str
    _repr = ("mentee", "reason")


class _MentorPairs(Rows[MentorPair]):
    _row = MentorPair


class MentorSuggestions(Result):
    """Suggested mentor–mentee pairs (``Participation.suggest_mentors``)."""

    mode: str
    as_of: _dt.datetime
    pairs: list[MentorPair]
    unmatched: list[UnmatchedMentee]
    total_score: float
    mentees: int
    mentors: int
    candidates: int
    _repr = ("mode", "as_of", "pairs", "unmatched", "total_score")

    def to_pandas(self) -> Any:
        """The pairs, one row each (score parts as ``parts.<name>`` columns). Needs pandas."""
        return _MentorPairs(self.get("pairs", [])).to_pandas()


class PeerPair(Result):
    """Two suggested learning partners, with the score's parts and the reasons."""

    a: str
    a_id: int
    b: str
    b_id: int
    score: float
    parts: dict[str, float]
    domain: str | None
    other_domain: str | None
    reasons: list[str]
    _repr = ("a", "b", "score", "domain")


class _PeerPairs(Rows[PeerPair]):
    _row = PeerPair


class PeerSuggestions(Result):
    """Suggested learning partners (``Participation.suggest_peers``)."""

    exact: bool
    pairs: list[PeerPair]
    unmatched: list[str]
    total_score: float
    members: int
    candidates: int
    _repr = ("exact", "pairs", "unmatched", "total_score")

    def to_pandas(self) -> Any:
        """The pairs, one row each (score parts as ``parts.<name>`` columns). Needs pandas."""
        return _PeerPairs(self.get("pairs", [])).to_pandas()


class Expert(Result):
    """A member able to help with a domain, with the score's parts, evidence and reasons."""

    member: str
    member_id: int
    score: float
    parts: dict[str, float]
    competence: str | None
    competence_declared: bool
    evidence: dict[str, Any]
    reasons: list[str]
    _repr = ("member", "score", "competence")


class Experts(Rows[Expert]):
    """The members best able to help with a domain, best first (``Landscape.find_experts``)."""

    _row = Expert
    _times = ("evidence.last",)


class CommunityFit(Result):
    """A community that fits a member, with the score's parts and the reasons."""

    community: str
    community_id: int
    score: float
    parts: dict[str, float]
    domain: str | None
    joined: bool
    reasons: list[str]
    _repr = ("community", "score", "domain", "joined")


class CommunityFits(Rows[CommunityFit]):
    """The communities that fit a member best, best first (``Landscape.recommend_communities``)."""

    _row = CommunityFit


# ----- value and charters ------------------------------------------------------------------------


class ValuePeriod(Result):
    """Value stories of one period, counted per cycle (in the order of ``cop.VALUE_CYCLES``)."""

    period: _dt.datetime
    per_cycle: list[int]


class ValueSummary(Result):
    """Value stories counted per cycle and per period (``Landscape.value_summary``)."""

    per_cycle: list[int]
    per_period: list[ValuePeriod]
    _repr = ("per_cycle", "per_period")

    def to_pandas(self) -> Any:
        """A DataFrame indexed by the period's start with a column per value cycle. Needs pandas."""
        pd = _pandas("ValueSummary.to_pandas")
        from . import VALUE_CYCLES

        periods = self.get("per_period", [])
        rows = [p["per_cycle"] for p in periods]
        index = pd.Index(_seconds(p["period"] for p in periods), name="period")
        return pd.DataFrame(rows, columns=list(VALUE_CYCLES), index=index, dtype=np.int64)


class ValueStory(Result):
    """A value story: what the community was worth to someone."""

    cycle: str
    date: _dt.datetime
    text: str
    members: list[str]
    artifacts: list[str]
    events: list[int]
    _repr = ("cycle", "date", "text")


class ValueStories(Rows[ValueStory]):
    """The value stories in order of addition (``Landscape.value_stories``)."""

    _row = ValueStory
    _times = ("date",)


class Goal(Result):
    """A charter goal: a health metric, its target and deadline."""

    metric: str
    target: float
    deadline: _dt.datetime


class Charter(Result):
    """A community's charter (``Landscape.charter``)."""

    purpose: str
    audience: str
    goals: list[Goal]


class GoalProgress(Result):
    """Progress toward a charter goal (``Report.goals``)."""

    community: str
    metric: str
    target: float
    deadline: _dt.datetime
    current: float | None
    lower_is_better: bool
    progress: float | None
    on_track: bool | None
    note: str
    _repr = ("community", "metric", "target", "current", "on_track")


class Report(Result):
    """The whole picture as of a date (``Landscape.report``, schema ``cop-report/2``)."""

    schema: str
    as_of: _dt.datetime
    summary: dict[str, Any]
    participation: ParticipationReport
    structure: Structure
    health: HealthReport
    health_series: list[dict[str, Any]]
    goals: list[GoalProgress]
    value: ValueSummary
    maturity: Maturity
    stage_history: StageHistory
    communities: list[dict[str, Any]]
    mentoring: MentorSuggestions | None
    people: dict[str, Any]
    spaces: list[dict[str, Any]]
    _repr = ("schema", "as_of")


# ----- the interaction graph ---------------------------------------------------------------------


class Ties:
    """The ties between members as an edge list (``Landscape.ties``): ``source``, ``target``
    (member keys), ``relation`` (``interaction`` or ``mentoring``), ``weight`` (float64), whether
    they are ``directed``, and ``nodes`` (every member analyses see). ``len`` is the number of
    ties; ``to_pandas()`` and ``to_networkx()`` turn it into a DataFrame or a graph."""

    __slots__ = ("_data",)

    nodes: list[str]
    source: list[str]
    target: list[str]
    relation: list[str]
    weight: npt.NDArray[np.float64]
    directed: bool

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in self._data:
            raise AttributeError(f"'Ties' object has no attribute {name!r}")
        return self._data[name]

    def __len__(self) -> int:
        return len(self._data["source"])

    def __repr__(self) -> str:
        kind = "directed" if self._data["directed"] else "undirected"
        return f"Ties({len(self)} {kind} ties among {len(self._data['nodes'])} members)"

    def to_dict(self) -> dict[str, Any]:
        """The columns as a dict (a deep copy)."""
        return typing.cast("dict[str, Any]", _plain(self._data))

    def to_pandas(self) -> Any:
        """A DataFrame with columns ``source``, ``target``, ``relation`` (Categorical) and
        ``weight``, a row per tie. Needs pandas."""
        pd = _pandas("Ties.to_pandas")
        relation = pd.Categorical(self._data["relation"], categories=["interaction", "mentoring"])
        return pd.DataFrame(
            {
                "source": self._data["source"],
                "target": self._data["target"],
                "relation": relation,
                "weight": self._data["weight"],
            }
        )

    def to_networkx(self) -> Any:
        """A networkx graph: a ``MultiDiGraph`` keyed by relation for directed ties, a ``Graph``
        for undirected ones; every member is a node, every tie an edge with ``relation`` and
        ``weight``. Needs networkx."""
        nx = _import("networkx", "networkx", "Ties.to_networkx")
        d = self._data
        graph = nx.MultiDiGraph() if d["directed"] else nx.Graph()
        graph.add_nodes_from(d["nodes"])
        edges = zip(d["source"], d["target"], d["relation"], d["weight"].tolist())
        if d["directed"]:
            graph.add_edges_from((s, t, r, {"relation": r, "weight": w}) for s, t, r, w in edges)
        else:
            graph.add_edges_from((s, t, {"relation": r, "weight": w}) for s, t, r, w in edges)
        return graph
