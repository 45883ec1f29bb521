"""Type stubs of the native module ``cop._cop`` (re-exported by ``cop``)."""

import datetime as _dt
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, Literal, TypeVar, final, overload

from typing_extensions import TypedDict, Unpack

import numpy as np
import numpy.typing as npt

from .results import (
    Charter,
    CommunityFits,
    Experts,
    GitImportReport,
    GraphMeasures,
    HealthReport,
    HealthSeries,
    Levels,
    Maturity,
    MentorSuggestions,
    ParticipationReport,
    PeerSuggestions,
    PeopleCounts,
    PlatformImportReport,
    Report,
    StackExchangeImportReport,
    StageHistory,
    Structure,
    Summary,
    Ties,
    Timeline,
    ValueStories,
    ValueSummary,
)

__all__ = [
    "__version__",
    "NONE",
    "Landscape",
    "ImportReport",
    "SkippedRecord",
    "Identity",
    "IdentitiesReport",
    "Member",
    "Domain",
    "Community",
    "Members",
    "Domains",
    "Communities",
    "MemberIterator",
    "DomainIterator",
    "CommunityIterator",
    "CopError",
    "UnknownKeyError",
    "UnknownIdError",
    "DuplicateKeyError",
    "DomainCycleError",
    "InvalidValueError",
    "RecordError",
    "SnapshotError",
    "SnapshotVersionError",
    "CapacityError",
    "CopIOError",
    "InternalError",
    "_panic_for_tests",
    "ERROR_KINDS",
    "LEVELS",
    "TRAJECTORIES",
    "STAGES",
    "POLICY_PRESETS",
    "VALUE_CYCLES",
    "HEALTH_METRICS",
    "REPORT_SCHEMA",
    "Participation",
    "Assessment",
    "Trajectory",
    "cohen_kappa",
    "ArrowTable",
    "rollup",
]

__version__: Final[str]
#: The value of an id column for "none" in ``Landscape.events()`` (``2**32 - 1``).
NONE: Final[int]
#: Each kind of core error (``unknown_key``, ``record``, ...) and the exception class it raises.
ERROR_KINDS: Final[dict[str, type[CopError]]]
#: The participation levels, from the centre outwards (a level code is a position here).
LEVELS: Final[tuple[str, ...]]
#: The trajectories (Wenger's, with newcomer and inactive); a trajectory code is a position here.
TRAJECTORIES: Final[tuple[str, ...]]
#: The maturity stages, in order (Wenger, McDermott & Snyder).
STAGES: Final[tuple[str, ...]]
#: The names of the level policy presets (``Landscape.participation(policy=...)``).
POLICY_PRESETS: Final[tuple[str, ...]]
#: The value-creation cycles of value stories, in the order of ``value_summary`` counts.
VALUE_CYCLES: Final[tuple[str, ...]]
#: The scalar health metrics (health series columns, charter goal metrics).
HEALTH_METRICS: Final[tuple[str, ...]]
#: The schema name of ``Landscape.report()`` (``cop-report/2``).
REPORT_SCHEMA: Final[str]

_T = TypeVar("_T")
_Path = str | os.PathLike[str]

class _PlatformOptions(TypedDict, total=False):
    community: str | None
    name: str | None
    all_users: bool
    skip_bad_records: bool
    resolve_identities: bool
#: A column of keys: a sequence, an array, a pandas Series, or one value for every row.
_Keys = Sequence[str | int | None] | npt.ArrayLike | str | int | None
#: A column of times: datetime64 arrays, datetimes, dates, time strings (RFC 3339, "2024-02-01 10:00:00"
#: in UTC, "2024-02-01") or Unix epoch numbers read by magnitude (s, ms, µs, ns).
_Times = (
    Sequence[_dt.datetime | _dt.date | str | int | float | None]
    | npt.ArrayLike
    | _dt.datetime
    | _dt.date
    | str
    | int
    | float
)
_Weights = Sequence[float | int | None] | npt.ArrayLike | float | int | None
_Time = _dt.datetime | _dt.date | str | int | float
#: An ``as_of`` argument: a time value, a numpy datetime64, or None (the last event's time).
_AsOf = _Time | np.datetime64 | None
#: Options: a dict in the core's serde form, or its JSON text.
_Options = Mapping[str, Any] | str | bytes | None
#: A sequence of class labels.
_Labels = Sequence[str] | Sequence[int] | npt.ArrayLike

# ----- exceptions ---------------------------------------------------------------------------

class CopError(ValueError):
    """The base of every error raised by cop (a ValueError)."""

class UnknownKeyError(CopError, KeyError):
    """A member, domain, community, artifact or kind key does not exist (.entity, .key); also a KeyError."""

    entity: str | None
    key: str | None

class UnknownIdError(CopError, KeyError):
    """An id does not refer to an existing entity (.entity, .id); also a KeyError."""

    entity: str | None
    id: int | None

class DuplicateKeyError(CopError):
    """A key that must be new is already taken (.entity, .key)."""

    entity: str | None
    key: str | None

class DomainCycleError(CopError):
    """Making a domain a sub-domain of another would close a cycle (.domain, .parent)."""

    domain: str | None
    parent: str | None

class InvalidValueError(CopError):
    """A value given for a field or argument is not acceptable (.field)."""

    field: str | None

class RecordError(CopError):
    """A record of an event file (or a row of event arrays) is malformed and nothing of it was applied."""

    source: str | None
    line: int | None
    column: int | None
    field: str | None
    message: str | None

class SnapshotError(CopError):
    """A snapshot could not be read: not a cop snapshot, or inconsistent."""

class SnapshotVersionError(SnapshotError):
    """A snapshot was written by a newer format version than this cop reads (.found, .supported)."""

    found: int | None
    supported: int | None

class CapacityError(CopError):
    """A fixed capacity was exceeded: communities, custom kinds or events (.what, .limit)."""

    what: str | None
    limit: int | None

class CopIOError(CopError, OSError):
    """Reading or writing a file failed; also an OSError (.errno, .strerror, .filename)."""

class InternalError(CopError):
    """A bug in cop: a check inside it failed (a Rust panic, caught at the boundary)."""

# ----- reports ------------------------------------------------------------------------------

@final
class SkippedRecord:
    """One bad record that an import skipped."""

    @property
    def source(self) -> str | None:
        """The name of the input (a file name), if known."""
    @property
    def line(self) -> int:
        """The 1-based line of the record (the header is line 1 in CSV; the 1-based row for arrays)."""
    @property
    def column(self) -> int | None:
        """The 1-based column, when the problem is in one field of a CSV record."""
    @property
    def field(self) -> str | None:
        """The field at fault (`member`, `time`, ...), when the problem is in one field."""
    @property
    def message(self) -> str:
        """What was wrong, in words."""

@final
class ImportReport:
    """What an import did: how many events were recorded and which bad records were skipped."""

    @property
    def recorded(self) -> int:
        """Number of events recorded."""
    @property
    def skipped(self) -> list[SkippedRecord]:
        """The bad records that were skipped (only with `skip_bad_records=True`), in input order."""

@final
class IdentitiesReport:
    """What an identities file changed (`Landscape.import_identities`)."""

    @property
    def lines(self) -> int:
        """Lines read (the header excluded)."""
    @property
    def merged(self) -> int:
        """Identities merged into another member."""
    @property
    def split(self) -> int:
        """Identities split off into a member of their own."""

# ----- views --------------------------------------------------------------------------------

@final
class Identity:
    """One identity of a member: its key, what is known of it, and the merge that joined it to the
    member (`Landscape.identities`)."""

    @property
    def key(self) -> str:
        """The identity's key, as events name it."""
    @property
    def source(self) -> str:
        """The platform or source it comes from (`git`, `github`, ...; empty when unknown)."""
    @property
    def name(self) -> str:
        """The person's name there (empty when unknown)."""
    @property
    def email(self) -> str:
        """The person's e-mail address there (empty when unknown)."""
    @property
    def login(self) -> str:
        """The person's login there (empty when unknown)."""
    @property
    def merged_into(self) -> str | None:
        """The key of the identity it was merged into; None for the identity that names the member."""
    @property
    def rule(self) -> str | None:
        """Why it was merged (a merge rule: email, mailmap, noreply, noreply_name, login, file, api)."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Member:
    """A member of a landscape, as it was when looked up (a read-only copy)."""

    @property
    def key(self) -> str:
        """The member's external key."""
    @property
    def id(self) -> int:
        """The member's id (dense, from 0, in order of creation)."""
    @property
    def joined(self) -> _dt.datetime | None:
        """When the member joined (UTC): the declared date, or else the time of their first event."""
    @property
    def mentoring_capacity(self) -> int:
        """How many mentees the member can take at once (0: not mentoring)."""
    @property
    def availability(self) -> float | None:
        """Hours per week the member can give, if known."""
    @property
    def affiliation(self) -> str | None:
        """An employer or organisation, if known."""
    @property
    def competence(self) -> dict[str, str]:
        """Competence per domain: `{domain key: level}` with levels from `novice` to `expert`."""
    @property
    def interests(self) -> list[str]:
        """Domains the member is interested in (their keys)."""
    @property
    def communities(self) -> dict[str, str]:
        """The member's communities, declared or implied by their events: `{community key: role}`."""
    @property
    def events(self) -> int:
        """Number of events the member did."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Domain:
    """A domain of knowledge of a landscape, as it was when looked up (a read-only copy)."""

    @property
    def key(self) -> str:
        """The domain's key: the path it was created with (`testing/performance`)."""
    @property
    def id(self) -> int:
        """The domain's id (dense, from 0, in order of creation)."""
    @property
    def name(self) -> str:
        """Its own name: the last segment of its path."""
    @property
    def parent(self) -> str | None:
        """The key of the domain it is a sub-domain of, if any."""
    @property
    def path(self) -> str:
        """Its full path through its ancestors."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Community:
    """A community of a landscape, as it was when looked up (a read-only copy)."""

    @property
    def key(self) -> str:
        """The community's key (`default` for the default community)."""
    @property
    def id(self) -> int:
        """The community's id (the default community is 0)."""
    @property
    def name(self) -> str:
        """Its display name."""
    @property
    def kind(self) -> str:
        """What sort of community it is: `open`, `internal`, `product` or `local`."""
    @property
    def orientation(self) -> str:
        """Its orientation: `practice`, `product` or `play`."""
    @property
    def domains(self) -> list[str]:
        """The keys of its domains."""
    @property
    def created(self) -> _dt.datetime | None:
        """When the community was created (UTC), if known."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class MemberIterator:
    """An iterator over the views of a collection, in order of creation."""

    def __iter__(self) -> MemberIterator: ...
    def __next__(self) -> Member: ...

@final
class DomainIterator:
    """An iterator over the views of a collection, in order of creation."""

    def __iter__(self) -> DomainIterator: ...
    def __next__(self) -> Domain: ...

@final
class CommunityIterator:
    """An iterator over the views of a collection, in order of creation."""

    def __iter__(self) -> CommunityIterator: ...
    def __next__(self) -> Community: ...

@final
class Members:
    """The members of a landscape: `len`, `in`, `[key or id]`, `get`, `keys` and iteration over `Member` views."""

    def __len__(self) -> int: ...
    def __getitem__(self, key: str | int, /) -> Member: ...
    def __contains__(self, item: object, /) -> bool: ...
    def __iter__(self) -> MemberIterator: ...
    @overload
    def get(self, key: str | int, default: None = None) -> Member | None: ...
    @overload
    def get(self, key: str | int, default: _T) -> Member | _T: ...
    def keys(self) -> list[str]:
        """Every key, in order of creation."""

@final
class Domains:
    """The domains of a landscape: `len`, `in`, `[path or id]`, `get`, `keys` and iteration over `Domain` views."""

    def __len__(self) -> int: ...
    def __getitem__(self, key: str | int, /) -> Domain: ...
    def __contains__(self, item: object, /) -> bool: ...
    def __iter__(self) -> DomainIterator: ...
    @overload
    def get(self, key: str | int, default: None = None) -> Domain | None: ...
    @overload
    def get(self, key: str | int, default: _T) -> Domain | _T: ...
    def keys(self) -> list[str]:
        """Every key, in order of creation."""

@final
class Communities:
    """The communities of a landscape: `len`, `in`, `[key or id]`, `get`, `keys` and iteration over `Community` views."""

    def __len__(self) -> int: ...
    def __getitem__(self, key: str | int, /) -> Community: ...
    def __contains__(self, item: object, /) -> bool: ...
    def __iter__(self) -> CommunityIterator: ...
    @overload
    def get(self, key: str | int, default: None = None) -> Community | None: ...
    @overload
    def get(self, key: str | int, default: _T) -> Community | _T: ...
    def keys(self) -> list[str]:
        """Every key, in order of creation."""

# ----- analyses -----------------------------------------------------------------------------

@final
class Assessment:
    """A member's participation level with its evidence."""

    @property
    def member(self) -> str:
        """The member's key."""
    @property
    def level(self) -> str:
        """The level: one of `cop.LEVELS`."""
    @property
    def score(self) -> float:
        """The participation score (the weighted sum of its parts)."""
    @property
    def parts(self) -> dict[str, Any]:
        """The score's parts: total, events, activity, domains, people, active_days, coordinator, received, last_event."""
    @property
    def rule(self) -> str:
        """The rule that gave the level, in words."""
    @property
    def rank(self) -> int | None:
        """The member's rank among participants by the policy's measure (1 = first), if ranked."""
    @property
    def measure(self) -> float | None:
        """The value of the policy's measure, if the policy has one."""
    @property
    def cumulative_share(self) -> float | None:
        """Share-of-total policies: the cumulative share of the total up to and including the member."""
    @property
    def rung(self) -> str | None:
        """Ladders: the rung reached."""
    @property
    def criteria(self) -> list[dict[str, Any]]:
        """Ladders: each criterion of the next rung, met or missing ("why not promoted yet")."""
    def to_dict(self) -> dict[str, Any]:
        """Everything as a dict."""

@final
class Trajectory:
    """A member's trajectory (Wenger's, with newcomer and inactive) with its evidence."""

    @property
    def member(self) -> str:
        """The member's key."""
    @property
    def kind(self) -> str:
        """The trajectory: one of `cop.TRAJECTORIES`."""
    @property
    def rule(self) -> str:
        """The rule that decided, in words."""
    @property
    def evidence(self) -> dict[str, Any]:
        """The evidence: levels, slope, dwell, periods_since_first, events, active_periods, communities, domains."""
    def to_dict(self) -> dict[str, Any]:
        """Everything as a dict: member, kind, rule, evidence."""

@final
class Participation:
    """A participation analysis of a landscape as of a date: levels, timeline and trajectories."""

    def level(self, member: str) -> Assessment:
        """A member's level with its evidence."""
    def trajectory(self, member: str) -> Trajectory:
        """A member's trajectory with its evidence."""
    def levels(self) -> Levels:
        """Every member's level, score and trajectory as numpy columns, in member id order."""
    def to_pandas(self) -> Any:
        """Every member as a pandas DataFrame indexed by member key (needs pandas)."""
    def timeline(self) -> Timeline:
        """The level timeline: dates, counts per level, each member's levels, transitions, gravity, last_partial."""
    def update_member(self, landscape: Landscape, member: str) -> tuple[Assessment, Trajectory]:
        """A member's level and trajectory after new events, against this analysis' thresholds."""
    def suggest_mentors(
        self,
        landscape: Landscape,
        *,
        as_of: _AsOf = None,
        mode: Literal["optimal", "greedy", "stable"] | None = None,
        options: _Options = None,
    ) -> MentorSuggestions:
        """Suggested mentor–mentee pairs with score parts and reasons, and the unmatched mentees."""
    def suggest_peers(self, landscape: Landscape, *, as_of: _AsOf = None, options: _Options = None) -> PeerSuggestions:
        """Suggested learning partners at a similar level with shared interests."""
    def health(self, *, window_days: int | None = None, options: _Options = None) -> HealthReport:
        """The health report as of this analysis's date, with its levels."""
    def to_arrow(self) -> ArrowTable:
        """Every member's level, trajectory, score and its parts as an Arrow table."""
    def maturity(self, *, options: _Options = None, webber_labels: bool = False) -> Maturity:
        """The maturity assessment as of this analysis's date."""
    def stage_history(self, *, options: _Options = None) -> StageHistory:
        """The stage per period of this analysis's timeline."""
    def find_experts(self, domain: str, *, k: int = 5, options: _Options = None) -> Experts:
        """The `k` members best able to help with a domain as of this analysis's date."""
    def report(self) -> ParticipationReport:
        """The whole analysis as the core's JSON report (a dict)."""
    @property
    def as_of(self) -> _dt.datetime:
        """The date of the analysis (UTC)."""
    @property
    def policy(self) -> str:
        """The name of the level policy."""
    @property
    def period(self) -> str:
        """The period of the timeline."""
    @property
    def options(self) -> dict[str, Any]:
        """The options the analysis was computed with, presets resolved."""
    @property
    def level_counts(self) -> dict[str, int]:
        """Members per level."""
    @property
    def trajectory_counts(self) -> dict[str, int]:
        """Members per trajectory."""
    def __len__(self) -> int: ...

def _panic_for_tests(message: str) -> None:
    """Panics inside cop's boundary (for the test that a panic is a cop.InternalError)."""

def cohen_kappa(a: _Labels, b: _Labels) -> float:
    """Cohen's kappa between two labelings of the same items, in the same order."""

# ----- Arrow ----------------------------------------------------------------------------------

@final
class ArrowTable:
    """An Arrow table of results, handed out through the Arrow PyCapsule interface: take it with
    ``pyarrow.table(t)``, ``polars.from_arrow(t)`` or ``t.to_pandas()``."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The table as an Arrow C stream (a PyCapsule)."""
    def __arrow_c_schema__(self) -> object:
        """The table's schema as an Arrow C schema (a PyCapsule)."""
    @property
    def num_rows(self) -> int:
        """The number of rows."""
    @property
    def column_names(self) -> list[str]:
        """The column names, in order."""
    def __len__(self) -> int: ...
    def to_pyarrow(self) -> Any:
        """The table as a ``pyarrow.Table`` (needs pyarrow)."""
    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (needs pyarrow and pandas)."""

def rollup(summary: Any, members: Any, *, boundary_communities: int = 2) -> dict[str, ArrowTable]:
    """The landscape-wide measures merged from the communities' ``summary`` and ``members``
    tables (Arrow data): ``{"landscape", "stages", "brokers"}`` (see ``cop.distributed``)."""

# ----- the landscape ------------------------------------------------------------------------

@final
class Landscape:
    """A landscape: communities that share members and domains, the event log of what members
    did, and the relationship graph derived from it."""

    def __init__(self) -> None:
        """An empty landscape with its default community."""
    @staticmethod
    def from_csv(path: _Path, *, strict: bool = False, skip_bad_records: bool = False) -> Landscape:
        """A landscape of the events of a CSV event file."""
    @staticmethod
    def from_jsonl(path: _Path, *, strict: bool = False, skip_bad_records: bool = False) -> Landscape:
        """A landscape of the events of a JSON Lines event file."""
    @staticmethod
    def from_git(
        path: _Path,
        *,
        range: str | None = None,
        mailmap: bool = True,
        merges: bool = True,
        coauthors: bool = True,
        resolve_identities: bool = True,
        salt: str | None = None,
        community: str | None = None,
        bots: list[str] = ...,
        staff: list[str] = ...,
    ) -> Landscape:
        """A landscape of the history of a git repository (read by cop itself; options as `import_git`)."""
    @staticmethod
    def from_stackexchange(
        dir: _Path, *, community: str | None = None, site: str | None = None, all_users: bool = False
    ) -> Landscape:
        """A landscape of a Stack Exchange data dump (options as `import_stackexchange`)."""
    @staticmethod
    def from_platform(platform: str, path: _Path, **options: Unpack[_PlatformOptions]) -> Landscape:
        """A landscape of a platform's export (`"stackexchange"`, `"github"`, `"discourse"`, `"slack"`, `"discord"`, `"mbox"`; options as `import_platform`)."""
    @staticmethod
    def from_github(path: _Path, **options: Unpack[_PlatformOptions]) -> Landscape:
        """A landscape of GitHub activity: GH Archive hourly files or saved REST responses (options as `import_platform`)."""
    @staticmethod
    def from_discourse(path: _Path, **options: Unpack[_PlatformOptions]) -> Landscape:
        """A landscape of a Discourse forum's topic JSON (options as `import_platform`)."""
    @staticmethod
    def from_slack(path: _Path, **options: Unpack[_PlatformOptions]) -> Landscape:
        """A landscape of a Slack workspace export (options as `import_platform`)."""
    @staticmethod
    def from_discord(path: _Path, **options: Unpack[_PlatformOptions]) -> Landscape:
        """A landscape of DiscordChatExporter JSON (options as `import_platform`)."""
    @staticmethod
    def from_mbox(path: _Path, **options: Unpack[_PlatformOptions]) -> Landscape:
        """A landscape of a mailing list's mbox archive (options as `import_platform`)."""
    @staticmethod
    def from_events(
        member: _Keys,
        time: _Times,
        kind: _Keys,
        domain: _Keys = None,
        target: _Keys = None,
        community: _Keys = None,
        artifact: _Keys = None,
        weight: _Weights = None,
        *,
        thread: _Keys = None,
        strict: bool = False,
        skip_bad_records: bool = False,
    ) -> Landscape:
        """A landscape of events given as columns (see `record_batch`)."""
    @staticmethod
    def from_pandas(df: Any, *, strict: bool = False, skip_bad_records: bool = False) -> Landscape:
        """A landscape of the events of a pandas DataFrame with columns named like the event fields."""
    @staticmethod
    def from_arrow(data: Any, *, strict: bool = False, skip_bad_records: bool = False) -> Landscape:
        """A landscape of the events of Arrow data (``__arrow_c_stream__`` or ``__arrow_c_array__``)
        with columns named like the event fields."""
    def record_arrow(self, data: Any, *, strict: bool = False, skip_bad_records: bool = False) -> ImportReport:
        """Records the events of Arrow data (as ``from_arrow``)."""
    def community_tables(
        self, community: str, as_of: _AsOf = None, *, options: _Options = None
    ) -> dict[str, ArrowTable]:
        """This landscape analysed as one community's events: ``{"summary", "members", "health",
        "stage_history"}`` (schemas in ``cop.distributed.SCHEMAS``)."""
    def rollup(self, as_of: _AsOf = None, *, options: _Options = None) -> dict[str, ArrowTable]:
        """What spans this landscape's communities, in one process: ``{"landscape", "stages",
        "brokers"}``, equal to ``cop.distributed.merge`` of the communities' tables."""
    def import_csv(self, path: _Path, *, strict: bool = False, skip_bad_records: bool = False) -> ImportReport:
        """Imports the events of a CSV event file into this landscape."""
    def import_jsonl(self, path: _Path, *, strict: bool = False, skip_bad_records: bool = False) -> ImportReport:
        """Imports the events of a JSON Lines event file into this landscape."""
    def record_batch(
        self,
        member: _Keys,
        time: _Times,
        kind: _Keys,
        domain: _Keys = None,
        target: _Keys = None,
        community: _Keys = None,
        artifact: _Keys = None,
        weight: _Weights = None,
        *,
        thread: _Keys = None,
        strict: bool = False,
        skip_bad_records: bool = False,
    ) -> ImportReport:
        """Records events given as columns and returns an `ImportReport`."""
    def record(
        self,
        member: str,
        time: _Time,
        kind: str,
        *,
        domain: str | None = None,
        target: str | None = None,
        community: str | None = None,
        artifact: str | None = None,
        weight: float | None = None,
        thread: str | None = None,
        strict: bool = False,
    ) -> int:
        """Records one event named by keys and returns its id (`cop.NONE` for an event of a member left out)."""
    def add_member(
        self,
        key: str,
        *,
        joined: _Time | None = None,
        mentoring_capacity: int = 0,
        availability: float | None = None,
        affiliation: str | None = None,
    ) -> Member:
        """Adds a member and returns its view."""
    def add_domain(self, path: str, *, parent: str | None = None) -> Domain:
        """Adds a domain by path and returns its view."""
    def set_parent_domain(self, domain: str, parent: str | None) -> None:
        """Makes `domain` a sub-domain of `parent` (or a root with `None`)."""
    def add_community(
        self,
        key: str,
        *,
        name: str | None = None,
        kind: str = "open",
        orientation: str = "practice",
        domains: Sequence[str] | None = None,
    ) -> Community:
        """Adds a community and returns its view."""
    def set_competence(self, member: str, domain: str, level: str | int) -> None:
        """Sets a member's competence in a domain (a level name or a rank from 1 to 5)."""
    def set_kind_weight(self, kind: str, weight: float) -> None:
        """Sets the centrality weight of an event kind."""
    def merge(self, kept: str, merged: str, rule: str = "api") -> bool:
        """Merges the member of identity `merged` into the member of identity `kept`; whether anything changed."""
    def unmerge(self, identity: str) -> None:
        """Undoes the merge of an identity into another member, with exactly its events."""
    def identities(self, member: str) -> list[Identity]:
        """The identities of a member: the one that names it first, then those merged into it."""
    def set_identity(
        self, identity: str, *, source: str = "", name: str = "", email: str = "", login: str = ""
    ) -> None:
        """Attaches what is known of an identity besides its key."""
    def set_bot(self, member: str, flag: bool = True) -> None:
        """Flags (or unflags) a member as a bot; analyses leave bots out by default."""
    def set_staff(self, member: str, flag: bool = True) -> None:
        """Flags (or unflags) a member as staff (one of the community's paid team)."""
    def is_bot(self, member: str) -> bool:
        """Whether a member is flagged as a bot."""
    def is_staff(self, member: str) -> bool:
        """Whether a member is flagged as staff."""
    def is_left_out(self, member: str) -> bool:
        """Whether analyses leave a member out (a bot, or staff, by the scope)."""
    @property
    def scope(self) -> dict[str, bool]:
        """Who analyses see: `{"include_bots": False, "include_staff": True}` by default."""
    def set_scope(self, *, include_bots: bool = False, include_staff: bool = True) -> None:
        """Sets who analyses see."""
    def people(self) -> PeopleCounts:
        """Identities, members, merges per rule, bots, staff, members and events left out."""
    def forget(self, member: str) -> int:
        """Forgets a member (the right to erasure) and returns how many events were removed."""
    def import_git(
        self,
        path: _Path,
        *,
        range: str | None = None,
        mailmap: bool = True,
        merges: bool = True,
        coauthors: bool = True,
        resolve_identities: bool = True,
        salt: str | None = None,
        community: str | None = None,
        bots: list[str] = ...,
        staff: list[str] = ...,
    ) -> GitImportReport:
        """Records the history of a git repository; returns commits, events, identities, members, merges ({rule: n}) and bots."""
    def import_stackexchange(
        self, dir: _Path, *, community: str | None = None, site: str | None = None, all_users: bool = False
    ) -> StackExchangeImportReport:
        """Records a Stack Exchange data dump; returns site, rows, events, recorded, deleted_users, missing_posts, members and bots."""
    def import_platform(self, platform: str, path: _Path, **options: Unpack[_PlatformOptions]) -> PlatformImportReport:
        """Records a platform's export, all or nothing; returns platform, name, records, events, recorded, left_out, skipped, members, bots, merges and spaces."""
    def import_identities(self, path: _Path) -> IdentitiesReport:
        """Applies an identities file (CSV `identity,member`) and returns what it changed."""
    @property
    def members(self) -> Members:
        """The members: `landscape.members["a0001"]` is a `Member` view (analyses' members, bots left out)."""
    @property
    def domains(self) -> Domains:
        """The domains: `landscape.domains["testing"]` is a `Domain` view."""
    @property
    def communities(self) -> Communities:
        """The communities, the default one (`"default"`) first."""
    @property
    def kinds(self) -> dict[str, float]:
        """The event kinds, built-in first then custom ones: `{name: centrality weight}`."""
    @property
    def counts(self) -> dict[str, int]:
        """How many of each thing the landscape holds."""
    def __len__(self) -> int: ...
    def summary(self, top: int = 5) -> Summary:
        """A first look: counts, span, events per kind and the `top` busiest domains."""
    def participation(
        self,
        as_of: _AsOf = None,
        *,
        policy: str | Mapping[str, Any] | None = None,
        window_days: int | None = None,
        period: str | None = None,
        options: _Options = None,
    ) -> Participation:
        """Participation levels, the level timeline and trajectories of every member as of `as_of`."""
    def structure(self, as_of: _AsOf = None, window_days: int = 365, weight: str = "count") -> Structure:
        """The structure of the interaction graph over a window."""
    def graph_measures(self, as_of: _AsOf = None, window_days: int = 365, weight: str = "count") -> GraphMeasures:
        """Every member's position in the interaction graph as numpy columns."""
    def ties(self, as_of: _AsOf = None, window_days: int | None = None, weight: str = "count") -> Ties:
        """The ties between members as an edge list: the relationship graph's (directed), or the interaction over a window."""
    def graph(self, as_of: _AsOf = None, window_days: int | None = None, weight: str = "count") -> Any:
        """The ties between members as a networkx graph (`ties(...).to_networkx()`; needs networkx)."""
    def health(self, as_of: _AsOf = None, *, window_days: int | None = None, options: _Options = None) -> HealthReport:
        """The health report as of `as_of` over a window."""
    @overload
    def health_series(
        self,
        as_of: _AsOf = None,
        *,
        window_days: int | None = None,
        options: _Options = None,
        to_pandas: Literal[False] = False,
    ) -> HealthSeries: ...
    @overload
    def health_series(
        self,
        as_of: _AsOf = None,
        *,
        window_days: int | None = None,
        options: _Options = None,
        to_pandas: Literal[True],
    ) -> Any: ...
    def maturity(self, as_of: _AsOf = None, *, options: _Options = None, webber_labels: bool = False) -> Maturity:
        """The community's maturity: the settled and the indicated stage, evidence, next steps."""
    def stage_history(self, as_of: _AsOf = None, *, options: _Options = None) -> StageHistory:
        """The settled and indicated stage per period of the level timeline."""
    def add_value_story(
        self,
        cycle: str,
        date: _Time,
        text: str,
        *,
        members: Sequence[str] = ...,
        artifacts: Sequence[str] = ...,
        events: Sequence[int] = ...,
    ) -> int:
        """Adds a value story and returns its index."""
    def value_stories(self) -> ValueStories:
        """The value stories in order of addition."""
    def value_summary(self, as_of: _AsOf = None, period: str = "month") -> ValueSummary:
        """Value stories counted per cycle and per period."""
    def set_charter(
        self,
        community: str,
        purpose: str,
        audience: str,
        goals: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Sets a community's charter: purpose, audience and measurable goals."""
    def charter(self, community: str) -> Charter | None:
        """A community's charter, or None."""
    def find_experts(
        self, domain: str, *, as_of: _AsOf = None, k: int = 5, options: _Options = None
    ) -> Experts:
        """The `k` members best able to help with a domain, best first, with score parts and reasons."""
    def recommend_communities(self, member: str, *, as_of: _AsOf = None, k: int = 5) -> CommunityFits:
        """The `k` communities that fit a member best, best first, with score parts and reasons."""
    def report(self, as_of: _AsOf = None, *, options: _Options = None) -> Report:
        """The whole picture as of `as_of` (the core's report, schema `cop-report/2`)."""
    def events(self) -> dict[str, Any]:
        """Every event as numpy columns, in order of recording, with `keys` for the ids."""
    def to_pandas(self) -> Any:
        """Every event as a pandas DataFrame with categorical keys (needs pandas)."""
    def export_csv(self, path: _Path) -> None:
        """Writes every event to a CSV event file, in time order."""
    def export_jsonl(self, path: _Path) -> None:
        """Writes every event to a JSON Lines event file, in time order."""
    @staticmethod
    def open(path: _Path) -> Landscape:
        """Opens the landscape kept in an SQLite file; its recording calls are durable when they return."""
    def compact(self) -> None:
        """Writes the whole landscape to its file and empties the file's journal."""
    def save(self, path: _Path) -> None:
        """Writes the whole landscape to a JSON snapshot file."""
    @staticmethod
    def load(path: _Path) -> Landscape:
        """Reads a landscape from a snapshot file written by `save`."""
    def to_json(self) -> str:
        """The whole landscape as a JSON snapshot (a str)."""
    @staticmethod
    def from_json(data: str | bytes) -> Landscape:
        """A landscape from a JSON snapshot (str or bytes)."""
    def __getstate__(self) -> bytes: ...
    def __setstate__(self, state: bytes | str, /) -> None: ...
    def events_between(self, start: _AsOf = None, end: _AsOf = None) -> Landscape:
        """A copy with only the events dated `start <= time < end`; entities are kept."""
    def community_view(self, community: str) -> Landscape:
        """The landscape as one community sees it: only that community's events; keys are kept."""
    def copy(self) -> Landscape:
        """A copy of this landscape."""
    def __copy__(self) -> Landscape: ...
    def __deepcopy__(self, memo: Any, /) -> Landscape: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]
