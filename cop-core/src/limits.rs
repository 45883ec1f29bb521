//! Limits: what the library accepts, in one place, with the reason for each.
//!
//! Every entry point — [`Landscape::record`](crate::Landscape::record), batches, dictionary-encoded
//! batches, the CSV and JSON Lines importers, snapshots, the `as_of` of every analysis, and so the C
//! functions, the Python methods and the command — checks its input against these limits and
//! refuses what exceeds them with a typed error that names the field or argument. They exist so
//! that hostile or mistaken input costs bounded time and memory and cannot leave a landscape that a
//! later call would fail on.
//!
//! | limit | value | why |
//! |-------|-------|-----|
//! | [`MIN_TIME`] ..= [`MAX_TIME`] | 0000-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z | the years RFC 3339 can write: every accepted time is written back by exports and snapshots and read again |
//! | [`MAX_PERIODS`] | 10 000 | an analysis assesses every period between the first event and `as_of`; the history costs grow with the square of that count (10 000 months are 833 years, 10 000 days 27 years) |
//! | [`MAX_OPTION_PERIODS`] | 10 000 | a count of periods in the options (`recent_periods`, `retention_periods`, `activation_periods`, `burnout_periods`, …) sizes tables: 10¹² would ask for terabytes |
//! | [`MAX_DOMAIN_DEPTH`] | 32 segments | every prefix of a domain path is a domain: a deeper path costs memory with the square of its depth |
//! | [`MAX_KEY_BYTES`] | 1 024 bytes | a key (member, domain path, community, artifact, thread, kind) is an identifier, not a document |
//! | [`check_key`]: no white space around a key | — | event files are read with each cell trimmed, so a key with spaces around it could not be exported and read back as itself: it is refused everywhere instead |
//! | [`MAX_ECHO_CHARS`] | 100 characters | error messages quote a bad value up to this length, then `…` |

use std::borrow::Cow;

use crate::error::{CopError, Entity, Result};
use crate::model::time::{Period, format_seconds};

/// The first second accepted as a time (of an event or of an analysis): 0000-01-01T00:00:00Z.
pub const MIN_TIME: i64 = -62_167_219_200;
/// The last second accepted as a time (of an event or of an analysis): 9999-12-31T23:59:59Z.
pub const MAX_TIME: i64 = 253_402_300_799;
/// The most periods (of the analysis' [`Period`]) an analysis may span, from the period of the
/// first event to the period of `as_of`, both included.
pub const MAX_PERIODS: i64 = 10_000;
/// The most periods a count in the options may name (`recent_periods`, `retention_periods`, …).
pub const MAX_OPTION_PERIODS: usize = 10_000;
/// The most segments of a domain path, and the deepest a domain may sit in the taxonomy (a root
/// has depth 1 here: `a/b/c` is 3 deep).
pub const MAX_DOMAIN_DEPTH: usize = 32;
/// The longest key, in bytes of UTF-8, of every kind of key.
pub const MAX_KEY_BYTES: usize = 1_024;
/// Bad values are quoted in error messages up to this many characters.
pub const MAX_ECHO_CHARS: usize = 100;

/// Refuses a period count above [`MAX_OPTION_PERIODS`], naming the option.
pub(crate) fn check_option_periods(field: &str, periods: usize) -> Result<()> {
    if periods > MAX_OPTION_PERIODS {
        let message = format!("{periods} periods is more than the {MAX_OPTION_PERIODS} an option may count");
        return Err(CopError::invalid(field, message));
    }
    Ok(())
}

/// Refuses a time outside [`MIN_TIME`] ..= [`MAX_TIME`], naming `field`.
///
/// ```
/// use cop_core::limits::{MAX_TIME, check_time};
/// assert!(check_time("time", MAX_TIME).is_ok());
/// assert!(check_time("as_of", MAX_TIME + 1).unwrap_err().to_string().contains("as_of"));
/// ```
pub fn check_time(field: &str, seconds: i64) -> Result<()> {
    if time_in_range(seconds) { Ok(()) } else { Err(CopError::invalid(field, time_out_of_range(seconds))) }
}

/// Whether a time is within [`MIN_TIME`] ..= [`MAX_TIME`].
pub fn time_in_range(seconds: i64) -> bool {
    (MIN_TIME..=MAX_TIME).contains(&seconds)
}

/// The message of a time out of range.
pub(crate) fn time_out_of_range(seconds: i64) -> String {
    format!(
        "{seconds} seconds since the epoch is out of the supported range of times, \
         0000-01-01T00:00:00Z ({MIN_TIME}) to 9999-12-31T23:59:59Z ({MAX_TIME})"
    )
}

/// Refuses an empty key, one longer than [`MAX_KEY_BYTES`] and one with white space at its
/// start or end (which an event file could not carry: its cells are trimmed).
pub fn check_key(entity: Entity, key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(CopError::invalid(entity.to_string(), "the key is empty"));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(CopError::invalid(entity.to_string(), key_too_long(key)));
    }
    if !trimmed(key) {
        return Err(CopError::invalid(entity.to_string(), spaces_around(key)));
    }
    Ok(())
}

/// Whether a key has no white space at its start or end.
#[inline]
pub(crate) fn trimmed(key: &str) -> bool {
    let bytes = key.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => true,
        _ => key.trim().len() == key.len(),
    }
}

/// The message of a key with white space around it.
pub(crate) fn spaces_around(key: &str) -> String {
    format!("the key `{}` has white space at its start or end; keys are written without it", echo(key))
}

/// The message of a key longer than [`MAX_KEY_BYTES`].
pub(crate) fn key_too_long(key: &str) -> String {
    format!("the key `{}` is {} bytes long; at most {MAX_KEY_BYTES} are accepted", echo(key), key.len())
}

/// Refuses an analysis as of `as_of` whose history, from the first event to `as_of`, spans more
/// than [`MAX_PERIODS`] periods, or an `as_of` out of range; errors name `as_of`.
pub fn check_span(first_event: Option<i64>, as_of: i64, period: Period) -> Result<()> {
    check_time("as_of", as_of)?;
    let Some(first) = first_event else { return Ok(()) };
    let periods = (period.index(as_of) - period.index(first.min(as_of))).saturating_add(1);
    if periods > MAX_PERIODS {
        let unit = match period {
            Period::Day => "days",
            Period::Week => "weeks",
            Period::Month => "months",
            Period::Quarter => "quarters",
        };
        return Err(CopError::invalid(
            "as_of",
            format!(
                "{} spans {periods} {unit} from the first event ({}); an analysis spans at most \
                 {MAX_PERIODS}: choose a later first event (a window of the events), an earlier as_of or a \
                 longer period",
                format_seconds(as_of),
                format_seconds(first),
            ),
        ));
    }
    Ok(())
}

/// A value as quoted in an error message: whole up to [`MAX_ECHO_CHARS`] characters, else its
/// start and `…`.
///
/// ```
/// use cop_core::limits::echo;
/// assert_eq!(echo("ada"), "ada");
/// assert_eq!(echo(&"x".repeat(500)).chars().count(), 101);
/// ```
pub fn echo(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(MAX_ECHO_CHARS) {
        None => Cow::Borrowed(value),
        Some((end, _)) => Cow::Owned(format!("{}…", &value[..end])),
    }
}

/// A message with every value quoted in backticks shortened by [`echo`].
///
/// ```
/// use cop_core::limits::shorten_quoted;
/// let long = format!("`{}` is not a kind", "k".repeat(1000));
/// assert!(shorten_quoted(&long).len() < 120);
/// ```
pub fn shorten_quoted(message: &str) -> Cow<'_, str> {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len() < 3 || parts.iter().skip(1).step_by(2).all(|p| p.chars().nth(MAX_ECHO_CHARS).is_none()) {
        return Cow::Borrowed(message);
    }
    let last = parts.len() - 1;
    let shortened: Vec<Cow<'_, str>> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| if i % 2 == 1 && i != last { echo(p) } else { Cow::Borrowed(*p) })
        .collect();
    Cow::Owned(shortened.join("`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_of_times_is_the_years_0_to_9999() {
        assert_eq!(format_seconds(MIN_TIME), "0000-01-01T00:00:00Z");
        assert_eq!(format_seconds(MAX_TIME), "9999-12-31T23:59:59Z");
        assert!(check_time("time", MIN_TIME - 1).is_err());
        assert!(check_time("time", i64::MAX).is_err());
    }

    #[test]
    fn spans_are_counted_in_periods() {
        let first = 1_700_000_000;
        assert!(check_span(Some(first), first, Period::Day).is_ok());
        assert!(check_span(Some(first), first + 9_999 * 86_400, Period::Day).is_ok());
        let err = check_span(Some(first), first + 10_000 * 86_400, Period::Day).unwrap_err();
        assert!(err.to_string().contains("as_of") && err.to_string().contains("10001 days"), "{err}");
        assert!(check_span(Some(first), MAX_TIME, Period::Month).is_err());
        assert!(check_span(None, MAX_TIME, Period::Day).is_ok());
    }

    #[test]
    fn analyses_refuse_spans_too_long_at_once() {
        use crate::analysis::{Analysis, AsOf};
        use crate::participation::analysis::{Options, Participation};
        use crate::report::ReportOptions;
        let mut landscape = crate::Landscape::new();
        let csv = "member,time,kind\nada,2024-01-01,ask\nbob,9999-06-01,ask\n";
        landscape.import_csv(csv.as_bytes(), &Default::default()).unwrap();
        let last = landscape.log().span().unwrap().1;
        let started = std::time::Instant::now();
        let err = Participation::compute(&landscape, last, &Options::default()).unwrap_err();
        assert!(matches!(&err, CopError::InvalidValue { field, .. } if field == "as_of"), "{err}");
        let options = ReportOptions::default();
        let err = Analysis::new(&landscape, AsOf::at(last).unwrap(), &options.participation)
            .and_then(|analysis| analysis.report(&options))
            .unwrap_err();
        assert!(err.to_string().contains("at most 10000"), "{err}");
        assert!(Participation::compute(&landscape, MAX_TIME + 1, &Options::default()).is_err());
        assert!(started.elapsed().as_secs() < 2);
        // Within the limit, as_of before the far event is fine.
        let as_of = crate::model::time::parse_as_of("2024-12-31").unwrap();
        assert!(Participation::compute(&landscape, as_of, &Options::default()).is_ok());
    }

    #[test]
    fn keys_are_bounded() {
        assert!(check_key(Entity::Member, &"a".repeat(MAX_KEY_BYTES)).is_ok());
        let err = check_key(Entity::Member, &"a".repeat(MAX_KEY_BYTES + 1)).unwrap_err();
        assert!(err.to_string().contains("1025 bytes") && err.to_string().len() < 300, "{err}");
    }
}
