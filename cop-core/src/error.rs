//! Errors: one enum for the whole core.
//!
//! Every variant names what was wrong — the key that was not found, the line and column of a bad
//! record, the snapshot version that cannot be read — so that a message can be shown to a person
//! as it is, and the C and Python bindings can map each variant to a status or exception of its own.

use std::fmt;

/// The kind of entity a key or id refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Entity {
    /// A member of a community.
    Member,
    /// A domain of knowledge.
    Domain,
    /// A community.
    Community,
    /// An artifact of the shared repertoire.
    Artifact,
    /// An event kind.
    Kind,
    /// An event.
    Event,
    /// A thread (the conversation a question opens).
    Thread,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Entity::Member => "member",
            Entity::Domain => "domain",
            Entity::Community => "community",
            Entity::Artifact => "artifact",
            Entity::Kind => "kind",
            Entity::Event => "event",
            Entity::Thread => "thread",
        })
    }
}

/// Where in an input a bad record was found, and what was wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordError {
    /// The name of the input (a file name), when the caller gave one.
    pub source: Option<String>,
    /// The 1-based line of the record (the header is line 1 in CSV).
    pub line: u64,
    /// The 1-based column number, when the problem is in one field.
    pub column: Option<u32>,
    /// The name of the field (`member`, `time`, …), when the problem is in one field.
    pub field: Option<String>,
    /// What was wrong, in words.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.source {
            write!(f, "{source}:")?;
        }
        write!(f, "{}", self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The error type of every fallible operation in `cop-core`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CopError {
    /// A key was looked up (or required, in strict mode) and does not exist.
    #[error("unknown {entity} `{key}`")]
    UnknownKey {
        /// What kind of thing was looked up.
        entity: Entity,
        /// The key that was not found.
        key: String,
    },
    /// An id does not refer to an existing entity of this landscape.
    #[error("no {entity} with id {id}")]
    UnknownId {
        /// What kind of thing the id should refer to.
        entity: Entity,
        /// The raw id.
        id: u64,
    },
    /// A key that must be new is already taken.
    #[error("{entity} `{key}` already exists")]
    DuplicateKey {
        /// What kind of thing the key names.
        entity: Entity,
        /// The key that is taken.
        key: String,
    },
    /// Making `domain` a sub-domain of `parent` would close a cycle in the taxonomy.
    #[error("domain `{domain}` cannot be a sub-domain of `{parent}`: that would make a cycle")]
    DomainCycle {
        /// The domain whose parent was being set.
        domain: String,
        /// The proposed parent.
        parent: String,
    },
    /// A value given for a field is not acceptable.
    #[error("invalid {field}: {message}")]
    InvalidValue {
        /// The field (or argument) that was wrong.
        field: String,
        /// Why it is wrong.
        message: String,
    },
    /// A record of an event file is malformed; nothing of that record was applied.
    #[error("{0}")]
    Record(RecordError),
    /// A snapshot could not be read.
    #[error("invalid snapshot: {0}")]
    Snapshot(String),
    /// A snapshot was written by a newer version of the format than this library reads.
    #[error(
        "snapshot format version {found} is newer than the newest this library reads ({supported}); upgrade cop"
    )]
    SnapshotVersion {
        /// The version found in the snapshot.
        found: u32,
        /// The newest version this library reads.
        supported: u32,
    },
    /// A fixed capacity of the compact event log was exceeded.
    #[error("too many {what}: at most {limit} are supported")]
    Capacity {
        /// What ran out (communities, event kinds, events).
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// Reading or writing failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// An event of a batch was refused: its position, and the error, whose kind this error keeps
    /// (an unknown id stays [`ErrorKind::UnknownId`]).
    #[error("event[{index}]: {error}")]
    InBatch {
        /// The event's position in the batch (0-based).
        index: usize,
        /// Why it was refused.
        error: Box<CopError>,
    },
}

/// The kind of a [`CopError`], without its details: what the C status and the Python exception
/// of an error are chosen by. Kinds are only ever added, never renumbered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// [`CopError::UnknownKey`].
    UnknownKey,
    /// [`CopError::UnknownId`].
    UnknownId,
    /// [`CopError::DuplicateKey`].
    DuplicateKey,
    /// [`CopError::DomainCycle`].
    DomainCycle,
    /// [`CopError::InvalidValue`].
    InvalidValue,
    /// [`CopError::Record`].
    Record,
    /// [`CopError::Snapshot`].
    Snapshot,
    /// [`CopError::SnapshotVersion`].
    SnapshotVersion,
    /// [`CopError::Capacity`].
    Capacity,
    /// [`CopError::Io`].
    Io,
}

impl ErrorKind {
    /// Every kind, in order.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::UnknownKey,
        ErrorKind::UnknownId,
        ErrorKind::DuplicateKey,
        ErrorKind::DomainCycle,
        ErrorKind::InvalidValue,
        ErrorKind::Record,
        ErrorKind::Snapshot,
        ErrorKind::SnapshotVersion,
        ErrorKind::Capacity,
        ErrorKind::Io,
    ];

    /// The kind's name in snake case (`unknown_key`).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::UnknownKey => "unknown_key",
            ErrorKind::UnknownId => "unknown_id",
            ErrorKind::DuplicateKey => "duplicate_key",
            ErrorKind::DomainCycle => "domain_cycle",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::Record => "record",
            ErrorKind::Snapshot => "snapshot",
            ErrorKind::SnapshotVersion => "snapshot_version",
            ErrorKind::Capacity => "capacity",
            ErrorKind::Io => "io",
        }
    }
}

impl CopError {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CopError::UnknownKey { .. } => ErrorKind::UnknownKey,
            CopError::UnknownId { .. } => ErrorKind::UnknownId,
            CopError::DuplicateKey { .. } => ErrorKind::DuplicateKey,
            CopError::DomainCycle { .. } => ErrorKind::DomainCycle,
            CopError::InvalidValue { .. } => ErrorKind::InvalidValue,
            CopError::Record(_) => ErrorKind::Record,
            CopError::Snapshot(_) => ErrorKind::Snapshot,
            CopError::SnapshotVersion { .. } => ErrorKind::SnapshotVersion,
            CopError::Capacity { .. } => ErrorKind::Capacity,
            CopError::Io(_) => ErrorKind::Io,
            CopError::InBatch { error, .. } => error.kind(),
        }
    }

    /// The error itself, without the batch position of [`CopError::InBatch`]: the error whose
    /// details (entity, id, field…) bindings show.
    pub fn innermost(&self) -> &CopError {
        match self {
            CopError::InBatch { error, .. } => error.innermost(),
            other => other,
        }
    }

    /// The bad record, for an error about one record of an event file.
    pub fn record(&self) -> Option<&RecordError> {
        match self.innermost() {
            CopError::Record(record) => Some(record),
            _ => None,
        }
    }
}

/// `Result` with [`CopError`].
pub type Result<T, E = CopError> = std::result::Result<T, E>;

impl CopError {
    pub(crate) fn unknown_key(entity: Entity, key: impl Into<String>) -> Self {
        CopError::UnknownKey { entity, key: key.into() }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        CopError::InvalidValue { field: field.into(), message: message.into() }
    }
}
