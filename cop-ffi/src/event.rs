//! Recording events: by ids, by keys, one at a time or in batches.

use std::ffi::c_char;

use cop_core::{
    ArtifactId, CodedEvents, CommunityId, CopError, DomainId, Entity, Event, EventKind, KeyCodes, KeyedEvent,
    MemberId, ThreadId,
};

use crate::COP_NONE;
use crate::args::{Out, array, checked_time, optional_text, text, value, write_optional};
use crate::error::{CopStatus, Failure};
use crate::import::{CopImportOptions, CopImportReport, hand_out_report, import_options};
use crate::landscape::{CopLandscape, handle_mut};

/// One event named by ids: who did what, when, where, about what and towards whom.
///
/// Optional ids are `COP_NONE` for "none"; `weight` is NaN for "the kind's weight".
///
/// Ownership: a plain struct, read during the call only. Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CopEvent {
    /// The member who acted.
    pub member: u32,
    /// When, in seconds since the Unix epoch (UTC).
    pub time: i64,
    /// The kind's code, from `cop_landscape_kind()`.
    pub kind: u32,
    /// The community (`COP_DEFAULT_COMMUNITY` for the default one).
    pub community: u32,
    /// The domain the event is about, or `COP_NONE`.
    pub domain: u32,
    /// The member the event is towards (answered, reviewed, mentored …), or `COP_NONE`.
    pub target: u32,
    /// The artifact the event is on, or `COP_NONE`.
    pub artifact: u32,
    /// The event's own weight (finite, not negative), replacing its kind's; NaN for none.
    pub weight: f64,
    /// The thread the event is in (from `cop_landscape_ensure_thread()`), or `COP_NONE`: the
    /// question that opens a thread and the answers, comments and accepts replying to it share
    /// it. (Added in ABI version 7.)
    pub thread: u32,
}

/// One event named by keys, as in an event file. Keys not seen before create the member,
/// domain, community, artifact or custom kind, unless the call is strict.
///
/// Ownership: a plain struct whose strings (NUL-terminated UTF-8) are borrowed during the call
/// only. Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CopKeyedEvent {
    /// The member's key. Not NULL.
    pub member: *const c_char,
    /// When, in seconds since the Unix epoch (UTC).
    pub time: i64,
    /// The kind's name (`"answer"`, any case, or a custom word). Not NULL.
    pub kind: *const c_char,
    /// The community's key; NULL for the default community.
    pub community: *const c_char,
    /// The domain's path; NULL for none.
    pub domain: *const c_char,
    /// The target member's key; NULL for none.
    pub target: *const c_char,
    /// The artifact's key; NULL for none.
    pub artifact: *const c_char,
    /// The event's own weight (finite, not negative); NaN for none.
    pub weight: f64,
    /// The thread's key (created on first sight, even when strict); NULL for none. (Added in
    /// ABI version 7.)
    pub thread: *const c_char,
}

fn optional_id(raw: u32) -> Option<u32> {
    (raw != COP_NONE).then_some(raw)
}

fn optional_weight(weight: f64) -> Option<f32> {
    (!weight.is_nan()).then_some(weight as f32)
}

/// The core event of a C event (the ids are checked by the core when it is recorded).
fn event_of(event: &CopEvent) -> Result<Event, CopError> {
    let time = cop_core::model::time::from_seconds(checked_time(event.time, "time")?);
    let kind = u8::try_from(event.kind)
        .ok()
        .and_then(EventKind::from_code)
        .ok_or(CopError::UnknownId { entity: Entity::Kind, id: event.kind.into() })?;
    // Community ids are 16-bit in the log: a larger one cannot exist.
    if u16::try_from(event.community).is_err() {
        return Err(CopError::UnknownId { entity: Entity::Community, id: event.community.into() });
    }
    Ok(Event {
        member: MemberId::from_raw(event.member),
        time,
        kind,
        community: CommunityId::from_raw(event.community),
        domain: optional_id(event.domain).map(DomainId::from_raw),
        target: optional_id(event.target).map(MemberId::from_raw),
        artifact: optional_id(event.artifact).map(ArtifactId::from_raw),
        weight: optional_weight(event.weight),
        thread: optional_id(event.thread).map(ThreadId::from_raw),
    })
}

/// The core event of a keyed C event.
///
/// # Safety
/// The strings of `event` are NULL or NUL-terminated and outlive `'a`.
unsafe fn keyed_event_of<'a>(event: &CopKeyedEvent) -> Result<KeyedEvent<'a>, Failure> {
    // SAFETY: forwarded to the caller.
    unsafe {
        Ok(KeyedEvent {
            member: text(event.member, "member")?,
            time: event.time,
            kind: text(event.kind, "kind")?,
            community: optional_text(event.community, "community")?,
            domain: optional_text(event.domain, "domain")?,
            target: optional_text(event.target, "target")?,
            artifact: optional_text(event.artifact, "artifact")?,
            weight: optional_weight(event.weight),
            thread: optional_text(event.thread, "thread")?,
        })
    }
}

/// Records one event named by ids. Every id must exist; a refused event changes nothing.
///
/// - `landscape`: not NULL; changed.
/// - `event`: not NULL; read during the call.
/// - `out_event_id`: may be NULL; on success receives the event's id (its position in order
///   of recording), or `COP_NONE` for an event of a member left out of analyses (a bot, by
///   default): it is recorded, but not in the log analyses read.
///
/// Errors: `COP_STATUS_UNKNOWN_ID` for an id or kind code that does not exist,
/// `COP_STATUS_INVALID_VALUE` for a bad weight or a time out of range.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_record(
    landscape: *mut CopLandscape,
    event: *const CopEvent,
    out_event_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, event, out_event_id) = unsafe {
            (handle_mut(landscape)?, value(event, "event")?, Out::optional(out_event_id))
        };
        let id = { let event = event_of(event)?; landscape.recording(|l| l.record(event))? };
        write_optional(out_event_id, id.raw());
        Ok(())
    })
}

/// Records `len` events named by ids, all or nothing: if one is refused, none is recorded and
/// the message names its position (`event[i]`).
///
/// - `landscape`: not NULL; changed.
/// - `events`: `len` events read during the call; may be NULL when `len` is 0.
/// - `out_first_id`: may be NULL; on success receives the id of the first event recorded (the
///   others follow in order; events of members left out of analyses, bots by default, are
///   recorded without an id in the log analyses read).
///
/// Errors: `COP_STATUS_INVALID_VALUE` naming the refused event and why.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_record_batch(
    landscape: *mut CopLandscape,
    events: *const CopEvent,
    len: usize,
    out_first_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, events, out_first_id) = unsafe {
            (handle_mut(landscape)?, array(events, len, "events")?, Out::optional(out_first_id))
        };
        let events = events
            .iter()
            .enumerate()
            .map(|(i, event)| {
                // The core's error for the event, with its kind, at its position.
                event_of(event).map_err(|e| CopError::InBatch { index: i, error: Box::new(e) })
            })
            .collect::<Result<Vec<Event>, CopError>>()?;
        let ids = landscape.recording(|l| l.record_batch(&events))?;
        write_optional(out_first_id, ids.start.raw());
        Ok(())
    })
}

/// Records one event named by keys. Unknown members, domains, communities, artifacts and kinds
/// are created on first sight, unless `strict`, which refuses them. A refused event changes
/// nothing.
///
/// - `landscape`: not NULL; changed.
/// - `event`: not NULL; read during the call (see `CopKeyedEvent` for its strings).
/// - `out_event_id`: may be NULL; on success receives the event's id, or `COP_NONE` for an
///   event of a member left out of analyses (a bot, by default).
///
/// Errors: `COP_STATUS_UNKNOWN_KEY` (strict) for a key that does not exist,
/// `COP_STATUS_INVALID_VALUE` for an empty key, a bad kind name, domain path or weight.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_record_keyed(
    landscape: *mut CopLandscape,
    event: *const CopKeyedEvent,
    strict: bool,
    out_event_id: *mut u32,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, event, out_event_id) = unsafe {
            let landscape = handle_mut(landscape)?;
            let event = value(event, "event")?;
            let event = keyed_event_of(event).map_err(|f| f.within("event."))?;
            (landscape, event, Out::optional(out_event_id))
        };
        let id = landscape.recording(|l| l.record_keyed(&event, strict))?;
        write_optional(out_event_id, id.raw());
        Ok(())
    })
}

/// Records `len` events named by keys, as an import does: unknown keys are created unless
/// `options->strict`; a bad event is reported with its 1-based position as the line and the
/// field at fault; without `options->skip_bad_records` nothing is recorded when one is bad.
///
/// - `landscape`: not NULL; changed.
/// - `events`: `len` events read during the call; may be NULL when `len` is 0.
/// - `options`: may be NULL for the defaults (not strict, stop at the first bad event).
/// - `out_report`: may be NULL; on success receives the numbers recorded and skipped.
/// - `out_skipped_json`: may be NULL; on success receives the skipped events' errors as a JSON
///   array (`[{"source":null,"line":2,"column":null,"field":"kind","message":"…"}]`), owned by the
///   caller and freed with `cop_string_free()`.
///
/// Errors: `COP_STATUS_RECORD` for the first bad event when not skipping (see
/// `cop_last_error_line()` and `cop_last_error_field()`); a NULL or non-UTF-8 string in any
/// event fails the whole call before anything is recorded.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn cop_landscape_record_keyed_batch(
    landscape: *mut CopLandscape,
    events: *const CopKeyedEvent,
    len: usize,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        // SAFETY: the caller's contract.
        let (landscape, events, options, out_report, out_skipped_json) = unsafe {
            let landscape = handle_mut(landscape)?;
            let events = array(events, len, "events")?
                .iter()
                .enumerate()
                .map(|(i, event)| keyed_event_of(event).map_err(|f| f.within(&format!("events[{i}]."))))
                .collect::<Result<Vec<KeyedEvent<'_>>, Failure>>()?;
            (
                landscape,
                events,
                import_options(options, None)?,
                Out::optional(out_report),
                Out::optional(out_skipped_json),
            )
        };
        let report = landscape.recording(|l| l.record_keyed_batch(events, &options))?;
        hand_out_report(&report, out_report, out_skipped_json)
    })
}

/// A column of keys as a dictionary, for `cop_landscape_record_coded_batch()`: row `i` holds
/// `keys[codes[i]]`, or no key when `codes[i]` is `COP_NONE`. This is how data frames hold
/// categorical columns; each distinct key is then resolved once, whatever the number of rows.
///
/// Ownership: a plain struct whose arrays and strings (NUL-terminated UTF-8) are borrowed during
/// the call only. Thread-safety: a plain value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CopKeyCodes {
    /// One code per row of the batch; may be NULL when the batch has no rows.
    pub codes: *const u32,
    /// `key_count` keys; may be NULL when `key_count` is 0.
    pub keys: *const *const c_char,
    /// The number of keys.
    pub key_count: usize,
}

/// The core column of a C dictionary column.
///
/// # Safety
/// `column` is NULL or valid as `CopKeyCodes` documents, for `rows` rows, and outlives `'a`.
unsafe fn key_codes<'a>(
    column: *const CopKeyCodes,
    rows: usize,
    name: &'static str,
    keys: &'a mut Vec<&'a str>,
) -> Result<Option<KeyCodes<'a>>, Failure> {
    // SAFETY: the caller's contract.
    let Some(column) = (unsafe { column.as_ref() }) else { return Ok(None) };
    // SAFETY: the caller's contract.
    let codes = unsafe { array(column.codes, rows, name)? };
    // SAFETY: the caller's contract.
    let pointers = unsafe { array(column.keys, column.key_count, name)? };
    for &pointer in pointers {
        // SAFETY: the caller's contract.
        keys.push(unsafe { text(pointer, name)? });
    }
    Ok(Some(KeyCodes { codes, keys }))
}

/// Records `rows` events given as columns, the keys dictionary-encoded (`CopKeyCodes`): the
/// fastest way in for categorical data. The same as `cop_landscape_record_keyed_batch()` with
/// the keys each row's codes name: keys not seen before are created unless strict, a bad row is
/// reported with its 1-based position as the line and its field.
///
/// - `landscape`: not NULL; changed.
/// - `time`: `rows` times in seconds since the Unix epoch; may be NULL when `rows` is 0.
/// - `member`, `kind`: not NULL; every row needs a code (`COP_NONE` there makes the row bad).
/// - `domain`, `target`, `community`, `artifact`: NULL when no row has one; `COP_NONE` in a row:
///   none (the default community for `community`).
/// - `weight`: NULL, or `rows` weights (NaN: the kind's weight).
/// - `thread`: NULL when no row is in a thread (added in ABI version 7).
/// - `options`, `out_report`, `out_skipped_json`: as for `cop_landscape_record_keyed_batch()`.
///
/// Errors: `COP_STATUS_RECORD` for the first bad row when not skipping (a code out of range, a
/// missing member or kind, a time out of the range of times are bad rows; nothing is recorded);
/// `COP_STATUS_INVALID_VALUE` when a column's length differs; a NULL or non-UTF-8 key
/// fails the whole call before anything is recorded.
/// Thread-safety: needs exclusive access to `landscape`.
///
/// # Safety
/// Each pointer is NULL or valid as described.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn cop_landscape_record_coded_batch(
    landscape: *mut CopLandscape,
    rows: usize,
    time: *const i64,
    member: *const CopKeyCodes,
    kind: *const CopKeyCodes,
    domain: *const CopKeyCodes,
    target: *const CopKeyCodes,
    community: *const CopKeyCodes,
    artifact: *const CopKeyCodes,
    weight: *const f32,
    thread: *const CopKeyCodes,
    options: *const CopImportOptions,
    out_report: *mut CopImportReport,
    out_skipped_json: *mut *mut c_char,
) -> CopStatus {
    ffi_boundary!(status {
        let mut keys: [Vec<&str>; 7] = Default::default();
        let [member_keys, kind_keys, domain_keys, target_keys, community_keys, artifact_keys, thread_keys] =
            &mut keys;
        // SAFETY: the caller's contract.
        let (landscape, events, options, out_report, out_skipped_json) = unsafe {
            let landscape = handle_mut(landscape)?;
            value(member, "member")?;
            value(kind, "kind")?;
            let weight = if weight.is_null() { None } else { Some(array(weight, rows, "weight")?) };
            let events = CodedEvents {
                time: array(time, rows, "time")?,
                member: key_codes(member, rows, "member", member_keys)?.unwrap_or(EMPTY),
                kind: key_codes(kind, rows, "kind", kind_keys)?.unwrap_or(EMPTY),
                domain: key_codes(domain, rows, "domain", domain_keys)?,
                target: key_codes(target, rows, "target", target_keys)?,
                community: key_codes(community, rows, "community", community_keys)?,
                artifact: key_codes(artifact, rows, "artifact", artifact_keys)?,
                weight,
                thread: key_codes(thread, rows, "thread", thread_keys)?,
            };
            (
                landscape,
                events,
                import_options(options, None)?,
                Out::optional(out_report),
                Out::optional(out_skipped_json),
            )
        };
        let report = landscape.recording(|l| l.record_coded_batch(&events, &options))?;
        hand_out_report(&report, out_report, out_skipped_json)
    })
}

const EMPTY: KeyCodes<'static> = KeyCodes { codes: &[], keys: &[] };

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> CopEvent {
        CopEvent {
            member: 0,
            time: 1_700_000_000,
            kind: 3,
            community: 0,
            domain: COP_NONE,
            target: 1,
            artifact: COP_NONE,
            weight: f64::NAN,
            thread: COP_NONE,
        }
    }

    #[test]
    fn c_events_convert_to_core_events() {
        let converted = event_of(&event()).unwrap();
        assert_eq!(converted.kind, EventKind::Answer);
        assert_eq!(converted.target, Some(MemberId::from_raw(1)));
        assert_eq!((converted.domain, converted.weight), (None, None));
        let weighted = event_of(&CopEvent { weight: 2.5, ..event() }).unwrap();
        assert_eq!(weighted.weight, Some(2.5));
    }

    #[test]
    fn bad_c_events_are_refused_with_the_core_errors() {
        let err = event_of(&CopEvent { kind: 300, ..event() }).unwrap_err();
        assert_eq!(err.to_string(), "no kind with id 300");
        let err = event_of(&CopEvent { community: 70_000, ..event() }).unwrap_err();
        assert_eq!(err.to_string(), "no community with id 70000");
        let err = event_of(&CopEvent { time: i64::MAX, ..event() }).unwrap_err();
        assert!(err.to_string().starts_with("invalid time:"), "{err}");
    }
}
