//! Statuses, and the last error of each thread.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ffi::{CString, c_char};
use std::fmt;

use cop_core::{CopError, ErrorKind};

/// The outcome of a call: `COP_STATUS_OK` (0) or what went wrong.
///
/// Every function that can fail returns one; the details (a message naming the key, the field,
/// the line and column of a bad record) are in `cop_last_error_message()`. Values are explicit
/// and never renumbered: new statuses are only appended. The statuses after
/// `COP_STATUS_PANIC` correspond one to one to the error kinds of the Rust core.
///
/// Thread-safety: a plain value.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CopStatus {
    /// Success.
    Ok = 0,
    /// A pointer argument that must not be NULL was NULL.
    NullArgument = 1,
    /// A string argument was not valid UTF-8.
    InvalidUtf8 = 2,
    /// The library panicked (a bug in cop: please report it). The call had no effect that can be
    /// relied upon; free the handles it was given rather than use them further.
    Panic = 3,
    /// A key was looked up (or required, in strict mode) and does not exist.
    UnknownKey = 4,
    /// An id does not refer to an existing entity of the landscape.
    UnknownId = 5,
    /// A key that must be new is already taken.
    DuplicateKey = 6,
    /// Setting a domain's parent would close a cycle in the taxonomy.
    DomainCycle = 7,
    /// A value (a kind name, a weight, a time, a domain path, …) is not acceptable.
    InvalidValue = 8,
    /// A record of an event file is malformed; `cop_last_error_line()`, `cop_last_error_column()`
    /// and `cop_last_error_field()` say where.
    Record = 9,
    /// A snapshot could not be read.
    Snapshot = 10,
    /// A snapshot was written by a newer version of the format than this library reads.
    SnapshotVersion = 11,
    /// A fixed capacity (communities, custom kinds, events) was exceeded.
    Capacity = 12,
    /// Reading or writing a file failed.
    Io = 13,
}

/// Every status, in order of value.
const STATUSES: [CopStatus; 14] = [
    CopStatus::Ok,
    CopStatus::NullArgument,
    CopStatus::InvalidUtf8,
    CopStatus::Panic,
    CopStatus::UnknownKey,
    CopStatus::UnknownId,
    CopStatus::DuplicateKey,
    CopStatus::DomainCycle,
    CopStatus::InvalidValue,
    CopStatus::Record,
    CopStatus::Snapshot,
    CopStatus::SnapshotVersion,
    CopStatus::Capacity,
    CopStatus::Io,
];

impl CopStatus {
    /// The status of an error kind of the core. Exhaustive: a new kind breaks the build here.
    pub fn of_kind(kind: ErrorKind) -> CopStatus {
        match kind {
            ErrorKind::UnknownKey => CopStatus::UnknownKey,
            ErrorKind::UnknownId => CopStatus::UnknownId,
            ErrorKind::DuplicateKey => CopStatus::DuplicateKey,
            ErrorKind::DomainCycle => CopStatus::DomainCycle,
            ErrorKind::InvalidValue => CopStatus::InvalidValue,
            ErrorKind::Record => CopStatus::Record,
            ErrorKind::Snapshot => CopStatus::Snapshot,
            ErrorKind::SnapshotVersion => CopStatus::SnapshotVersion,
            ErrorKind::Capacity => CopStatus::Capacity,
            ErrorKind::Io => CopStatus::Io,
        }
    }

    /// The status's name in snake case (`"unknown_key"`); for the core's kinds, the kind's name.
    pub fn name(self) -> &'static str {
        match self {
            CopStatus::Ok => "ok",
            CopStatus::NullArgument => "null_argument",
            CopStatus::InvalidUtf8 => "invalid_utf8",
            CopStatus::Panic => "panic",
            CopStatus::UnknownKey => ErrorKind::UnknownKey.name(),
            CopStatus::UnknownId => ErrorKind::UnknownId.name(),
            CopStatus::DuplicateKey => ErrorKind::DuplicateKey.name(),
            CopStatus::DomainCycle => ErrorKind::DomainCycle.name(),
            CopStatus::InvalidValue => ErrorKind::InvalidValue.name(),
            CopStatus::Record => ErrorKind::Record.name(),
            CopStatus::Snapshot => ErrorKind::Snapshot.name(),
            CopStatus::SnapshotVersion => ErrorKind::SnapshotVersion.name(),
            CopStatus::Capacity => ErrorKind::Capacity.name(),
            CopStatus::Io => ErrorKind::Io.name(),
        }
    }

    /// The status with this numeric value, if any.
    pub fn from_u32(value: u32) -> Option<CopStatus> {
        STATUSES.iter().copied().find(|&s| s as u32 == value)
    }
}

/// Why a call failed, inside the crate: an argument problem or an error of the core.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A required pointer argument was NULL (the argument's name).
    NullArgument(Cow<'static, str>),
    /// A string argument was not UTF-8.
    InvalidUtf8 { argument: Cow<'static, str>, error: std::str::Utf8Error },
    /// A panic was caught (its message).
    Panic(String),
    /// The core refused.
    Core(CopError),
}

impl From<CopError> for Failure {
    fn from(error: CopError) -> Self {
        Failure::Core(error)
    }
}

impl Failure {
    pub(crate) fn status(&self) -> CopStatus {
        match self {
            Failure::NullArgument(_) => CopStatus::NullArgument,
            Failure::InvalidUtf8 { .. } => CopStatus::InvalidUtf8,
            Failure::Panic(_) => CopStatus::Panic,
            Failure::Core(error) => CopStatus::of_kind(error.kind()),
        }
    }

    /// The same failure about an argument inside an array (`events[3].member`).
    pub(crate) fn within(self, prefix: &str) -> Failure {
        match self {
            Failure::NullArgument(name) => Failure::NullArgument(format!("{prefix}{name}").into()),
            Failure::InvalidUtf8 { argument, error } => {
                Failure::InvalidUtf8 { argument: format!("{prefix}{argument}").into(), error }
            }
            other => other,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NullArgument(name) => write!(f, "argument `{name}` is NULL"),
            Failure::InvalidUtf8 { argument, error } => {
                write!(f, "argument `{argument}` is not valid UTF-8: {error}")
            }
            Failure::Panic(message) => write!(
                f,
                "cop panicked (a bug: please report it); the call had no reliable effect: {message}"
            ),
            Failure::Core(error) => write!(f, "{error}"),
        }
    }
}

/// The last error of a thread, kept for the accessors.
struct LastError {
    message: CString,
    field: Option<CString>,
    line: u64,
    column: u32,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// A C string of any text (a NUL inside is shown as `\0`).
fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).expect("NUL bytes were replaced")
}

/// Records a failure as the calling thread's last error and returns its status.
pub(crate) fn set_last_error(failure: Failure) -> CopStatus {
    let status = failure.status();
    let record = match &failure {
        Failure::Core(error) => error.record(),
        _ => None,
    };
    let last = LastError {
        message: c_text(&failure.to_string()),
        field: record.and_then(|r| r.field.as_deref()).map(c_text),
        line: record.map_or(0, |r| r.line),
        column: record.and_then(|r| r.column).unwrap_or(0),
    };
    // Fails only while the thread is being torn down; there is no one left to tell then.
    let _ = LAST_ERROR.try_with(|cell| *cell.borrow_mut() = Some(last));
    status
}

/// Forgets the calling thread's last error (after a successful call).
pub(crate) fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|cell| *cell.borrow_mut() = None);
}

fn with_last_error<T>(default: T, read: impl FnOnce(&LastError) -> T) -> T {
    LAST_ERROR.try_with(|cell| cell.borrow().as_ref().map(read)).ok().flatten().unwrap_or(default)
}

/// The message of the last failed call on the calling thread, or NULL if the last call that
/// returns a `CopStatus` succeeded (or none was made).
///
/// The message names what was wrong: the argument, key, id, or, for a bad record of an event
/// file, `source:line:column: field `name`: …`.
///
/// Ownership: borrowed; valid until the next call on this thread of a function returning a
/// `CopStatus`. Copy it to keep it. Never free it.
/// Thread-safety: each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn cop_last_error_message() -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        with_last_error(std::ptr::null(), |last| last.message.as_ptr())
    })
}

/// The field (`"time"`, `"member"`, …) of the bad record of the last failed call on the calling
/// thread, or NULL if that error is not about one field of a record.
///
/// Ownership: borrowed, like `cop_last_error_message()`. Never free it.
/// Thread-safety: each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn cop_last_error_field() -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        with_last_error(std::ptr::null(), |last| {
            last.field.as_ref().map_or(std::ptr::null(), |f| f.as_ptr())
        })
    })
}

/// The 1-based line of the bad record of the last failed call on the calling thread (the CSV
/// header is line 1; in a keyed batch, the 1-based position of the event), or 0 if that error
/// is not about a record.
///
/// Thread-safety: each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn cop_last_error_line() -> u64 {
    ffi_boundary!(or 0, { with_last_error(0, |last| last.line) })
}

/// The 1-based column of the bad record of the last failed call on the calling thread, or 0 if
/// unknown or not about a record.
///
/// Thread-safety: each thread has its own last error.
#[unsafe(no_mangle)]
pub extern "C" fn cop_last_error_column() -> u32 {
    ffi_boundary!(or 0, { with_last_error(0, |last| last.column) })
}

/// The name of a status in snake case (`"ok"`, `"unknown_key"`, …), or NULL for a value that is
/// not a status.
///
/// Ownership: a static string; never free it.
/// Thread-safety: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn cop_status_name(status: u32) -> *const c_char {
    ffi_boundary!(or std::ptr::null(), {
        match CopStatus::from_u32(status) {
            Some(status) => status_c_name(status).as_ptr(),
            None => std::ptr::null(),
        }
    })
}

/// The names as static C strings, built once.
fn status_c_name(status: CopStatus) -> &'static std::ffi::CStr {
    use std::sync::OnceLock;
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    let names = NAMES.get_or_init(|| STATUSES.iter().map(|s| c_text(s.name())).collect());
    &names[status as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use cop_core::{Entity, RecordError};
    use std::collections::HashSet;
    use std::ffi::CStr;

    /// One error of each kind, built by hand (the match makes a new kind break this test).
    fn example(kind: ErrorKind) -> CopError {
        match kind {
            ErrorKind::UnknownKey => CopError::UnknownKey { entity: Entity::Member, key: "ada".into() },
            ErrorKind::UnknownId => CopError::UnknownId { entity: Entity::Domain, id: 9 },
            ErrorKind::DuplicateKey => CopError::DuplicateKey { entity: Entity::Community, key: "x".into() },
            ErrorKind::DomainCycle => CopError::DomainCycle { domain: "a".into(), parent: "b".into() },
            ErrorKind::InvalidValue => {
                CopError::InvalidValue { field: "weight".into(), message: "NaN".into() }
            }
            ErrorKind::Record => CopError::Record(RecordError {
                source: Some("x.csv".into()),
                line: 3,
                column: Some(2),
                field: Some("time".into()),
                message: "bad".into(),
            }),
            ErrorKind::Snapshot => CopError::Snapshot("bad".into()),
            ErrorKind::SnapshotVersion => CopError::SnapshotVersion { found: 2, supported: 1 },
            ErrorKind::Capacity => CopError::Capacity { what: "communities", limit: 1 },
            ErrorKind::Io => CopError::Io(std::io::Error::other("disk")),
        }
    }

    #[test]
    fn every_error_kind_has_a_distinct_status_of_the_same_name() {
        let mut seen = HashSet::new();
        for kind in ErrorKind::ALL {
            let error = example(kind);
            assert_eq!(error.kind(), kind);
            let status = Failure::Core(error).status();
            assert_eq!(status, CopStatus::of_kind(kind));
            assert_eq!(status.name(), kind.name());
            assert!(status as u32 > CopStatus::Panic as u32, "{kind:?} maps onto a binding status");
            assert!(seen.insert(status), "{kind:?} shares its status");
        }
        assert_eq!(seen.len(), ErrorKind::ALL.len());
        // The binding's own statuses plus one per kind, nothing else.
        assert_eq!(STATUSES.len(), 4 + ErrorKind::ALL.len());
    }

    #[test]
    fn statuses_are_explicit_distinct_and_named() {
        for (value, status) in STATUSES.iter().enumerate() {
            assert_eq!(*status as u32, value as u32, "statuses are numbered in order");
            assert_eq!(CopStatus::from_u32(value as u32), Some(*status));
            let name = cop_status_name(value as u32);
            // SAFETY: a non-NULL name is a static C string.
            assert_eq!(unsafe { CStr::from_ptr(name) }.to_str().unwrap(), status.name());
        }
        assert_eq!(CopStatus::Ok as u32, 0);
        assert!(cop_status_name(STATUSES.len() as u32).is_null());
        assert!(cop_status_name(u32::MAX).is_null());
    }

    #[test]
    fn record_errors_keep_their_position() {
        let status = set_last_error(Failure::Core(example(ErrorKind::Record)));
        assert_eq!(status, CopStatus::Record);
        assert_eq!(cop_last_error_line(), 3);
        assert_eq!(cop_last_error_column(), 2);
        // SAFETY: both pointers are valid until the next status-returning call.
        let field = unsafe { CStr::from_ptr(cop_last_error_field()) };
        assert_eq!(field.to_str().unwrap(), "time");
        let message = unsafe { CStr::from_ptr(cop_last_error_message()) };
        assert_eq!(message.to_str().unwrap(), "x.csv:3:2: field `time`: bad");

        set_last_error(Failure::Core(example(ErrorKind::Io)));
        assert_eq!((cop_last_error_line(), cop_last_error_column()), (0, 0));
        assert!(cop_last_error_field().is_null());
        clear_last_error();
        assert!(cop_last_error_message().is_null());
    }

    #[test]
    fn argument_failures_name_the_argument() {
        let bytes = String::from("caf\u{e9}").into_bytes();
        let error = std::str::from_utf8(&bytes[..4]).unwrap_err();
        let failure = Failure::InvalidUtf8 { argument: "member".into(), error }.within("events[2].");
        assert_eq!(failure.status(), CopStatus::InvalidUtf8);
        assert!(failure.to_string().starts_with("argument `events[2].member` is not valid UTF-8"));
        let failure = Failure::NullArgument("kind".into()).within("event.");
        assert_eq!(failure.to_string(), "argument `event.kind` is NULL");
        assert_eq!(c_text("a\0b").to_str().unwrap(), "a\\0b");
    }
}
