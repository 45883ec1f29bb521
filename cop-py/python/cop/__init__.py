"""cop: communities of practice, computed.

Turn what a community's members *do* (ask, answer, review, mentor, commit, ...) into what a
community builder needs to know. The root of the model is the :class:`Landscape`::

    import cop

    landscape = cop.Landscape.from_csv("examples/data/requests-commits.csv")
    print("members:", len(landscape.members))
    frame = landscape.to_pandas()          # one row per event, categorical keys

Everything is implemented in Rust (the private module ``cop._cop``); this package re-exports it.
Errors are :class:`CopError` (a ``ValueError``) and its subclasses, one per kind of core error
(``ERROR_KINDS`` maps each kind's name to its class).
"""

from ._cop import (
    ERROR_KINDS,
    NONE,
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
    ImportReport,
    InvalidValueError,
    Landscape,
    Member,
    MemberIterator,
    Members,
    RecordError,
    SkippedRecord,
    SnapshotError,
    SnapshotVersionError,
    UnknownIdError,
    UnknownKeyError,
    __version__,
)

__all__ = [
    "ERROR_KINDS",
    "NONE",
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
    "ImportReport",
    "InvalidValueError",
    "Landscape",
    "Member",
    "MemberIterator",
    "Members",
    "RecordError",
    "SkippedRecord",
    "SnapshotError",
    "SnapshotVersionError",
    "UnknownIdError",
    "UnknownKeyError",
    "__version__",
]
