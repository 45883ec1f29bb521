"""cop: communities of practice, computed.

Turn what a community's members *do* (ask, answer, review, mentor, commit, ...) into what a
community builder needs to know. The root of the model is the :class:`Landscape`::

    import cop

    landscape = cop.Landscape.from_csv("examples/data/requests-commits.csv")
    print("members:", len(landscape.members))
    frame = landscape.to_pandas()          # one row per event, categorical keys

    levels = landscape.participation()     # levels, timeline and trajectories as of the last event
    print(levels.level_counts, levels.level("a0001").level)
    print(landscape.maturity()["summary"])   # health, maturity, the whole report: dicts of JSON

Everything is implemented in Rust (the private module ``cop._cop``); this package re-exports it.
Errors are :class:`CopError` (a ``ValueError``) and its subclasses, one per kind of core error
(``ERROR_KINDS`` maps each kind's name to its class).
"""

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
    "__version__",
]
