//! Time: events are dated in UTC at whole-second resolution.
//!
//! The log stores times as `i64` seconds since the Unix epoch; the public API speaks
//! [`chrono::DateTime<Utc>`]. Every time read from text — a cell of an event file, a JSON Lines
//! number, the command line's `--as-of`, Python's and C's `as_of` strings — goes through this one
//! parser, [`parse_time`] (or [`parse_as_of`], which differs only for a date alone). It reads:
//!
//! | form | example | meaning |
//! |------|---------|---------|
//! | RFC 3339 | `2024-05-01T12:00:00Z`, `2024-05-01T14:00:00+02:00` | that instant (fractions of a second are dropped) |
//! | date and time without offset | `2024-05-01 12:00:00`, `2024-05-01T12:00:00` | that time in UTC |
//! | date | `2024-05-01` | the start of that day in UTC ([`parse_as_of`]: its last second) |
//! | Unix epoch number | `1714564800`, `1714564800000`, `1714564800.5` | read by magnitude, see below |
//!
//! **Epoch numbers** are read by their magnitude ([`EpochUnit::of`]): below 10¹¹ they are
//! seconds, below 10¹⁴ milliseconds, below 10¹⁷ microseconds and below 10¹⁹ nanoseconds. Every
//! number so read falls between 1970-01-01 and the year 5138, well inside the supported range of
//! epoch numbers, the years 1970 to 9999. A negative number or one of 10¹⁹ or more is refused
//! ([`TimeError::EpochOutOfRange`]); a time before 1970 must be written as a date. The rule
//! means a time in milliseconds before 1973-03-03 (below 10¹¹) would be read as seconds: such
//! times are written as dates. A fraction is dropped toward the past after the unit is applied.
//! The common form `YYYY-MM-DDTHH:MM:SSZ` is parsed by a fast path that does no allocation.

use chrono::{DateTime, Utc};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Seconds since the epoch of a `DateTime<Utc>`.
pub fn to_seconds(time: DateTime<Utc>) -> i64 {
    time.timestamp()
}

/// The `DateTime<Utc>` of a number of seconds since the epoch (clamped to chrono's range).
pub fn from_seconds(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or(if seconds < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}

/// Formats seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_seconds(seconds: i64) -> String {
    from_seconds(seconds).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits<const N: usize>(bytes: &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for &b in bytes.get(..N)? {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    Some(value)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The fast path: exactly `YYYY-MM-DDTHH:MM:SSZ` (or with a space or lower-case `t`/`z`).
fn parse_utc_fast(text: &[u8]) -> Option<i64> {
    if text.len() != 20
        || text[4] != b'-'
        || text[7] != b'-'
        || !matches!(text[10], b'T' | b't' | b' ')
        || text[13] != b':'
        || text[16] != b':'
        || !matches!(text[19], b'Z' | b'z')
    {
        return None;
    }
    let year = i64::from(digits::<4>(text)?);
    let month = digits::<2>(&text[5..])?;
    let day = digits::<2>(&text[8..])?;
    let hour = i64::from(digits::<2>(&text[11..])?);
    let minute = i64::from(digits::<2>(&text[14..])?);
    let second = i64::from(digits::<2>(&text[17..])?);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * DAY + hour * 3600 + minute * 60 + second)
}

/// The unit of a Unix epoch number, as chosen by its magnitude.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EpochUnit {
    /// Seconds: numbers below 10¹¹ (up to the year 5138).
    Seconds,
    /// Milliseconds: 10¹¹ to below 10¹⁴ (1973-03-03 to 5138).
    Milliseconds,
    /// Microseconds: 10¹⁴ to below 10¹⁷ (1973-03-03 to 5138).
    Microseconds,
    /// Nanoseconds: 10¹⁷ to below 10¹⁹ (1973-03-03 to 2286).
    Nanoseconds,
}

impl EpochUnit {
    /// The unit of a non-negative epoch number below 10¹⁹ by its magnitude; `None` otherwise
    /// (negative, too large or not a number).
    ///
    /// ```
    /// use cop_core::model::time::EpochUnit;
    /// assert_eq!(EpochUnit::of(1_706_745_600.0), Some(EpochUnit::Seconds));
    /// assert_eq!(EpochUnit::of(1_706_745_600_000.0), Some(EpochUnit::Milliseconds));
    /// assert_eq!(EpochUnit::of(1e20), None);
    /// assert_eq!(EpochUnit::of(-1.0), None);
    /// ```
    pub fn of(number: f64) -> Option<EpochUnit> {
        Some(match number {
            n if !(0.0..1e19).contains(&n) => return None,
            n if n < 1e11 => EpochUnit::Seconds,
            n if n < 1e14 => EpochUnit::Milliseconds,
            n if n < 1e17 => EpochUnit::Microseconds,
            _ => EpochUnit::Nanoseconds,
        })
    }

    /// How many of this unit make a second.
    pub fn per_second(self) -> i128 {
        match self {
            EpochUnit::Seconds => 1,
            EpochUnit::Milliseconds => 1_000,
            EpochUnit::Microseconds => 1_000_000,
            EpochUnit::Nanoseconds => 1_000_000_000,
        }
    }

    /// The unit's name in the plural (`milliseconds`).
    pub fn name(self) -> &'static str {
        match self {
            EpochUnit::Seconds => "seconds",
            EpochUnit::Milliseconds => "milliseconds",
            EpochUnit::Microseconds => "microseconds",
            EpochUnit::Nanoseconds => "nanoseconds",
        }
    }
}

/// Why a text is not a time. The messages name the value and say which forms are read; where
/// the text came from (file, line, column, field) is added by the caller, e.g. in a
/// [`RecordError`](crate::RecordError).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// The text is empty (or only spaces).
    #[error("the time is empty")]
    Empty,
    /// The text is in none of the forms read.
    #[error(
        "`{text}` is not a time: use RFC 3339 (2024-06-30T12:00:00Z), a date and time in UTC \
         (2024-06-30 12:00:00), a date (2024-06-30) or a Unix epoch number"
    )]
    Unreadable {
        /// The text as given (trimmed).
        text: String,
    },
    /// The text has the shape of a date but names no day or time of the calendar (`2023-02-29`).
    #[error("`{text}` is not a valid date and time: {reason}")]
    InvalidDate {
        /// The text as given (trimmed).
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// An epoch number outside the supported range: negative, or 10¹⁹ or more.
    #[error(
        "{text} is out of the range of epoch numbers: seconds, milliseconds, microseconds or \
         nanoseconds since 1970-01-01 (0 to below 1e19; dates before 1970 are written as dates)"
    )]
    EpochOutOfRange {
        /// The number as given (trimmed).
        text: String,
    },
    /// A date and time outside the supported range of times, the years 0 to 9999 in UTC (see
    /// [`limits`](crate::limits)): `0000-01-01T00:00:00+01:00` is in the year -1.
    #[error("`{text}` is out of the supported range of times, 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z")]
    OutOfRange {
        /// The text as given (trimmed).
        text: String,
    },
}

/// A time read from text, before it is used as an event time or an `as_of` date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedTime {
    /// Seconds since the epoch (for a date alone: the start of the day).
    pub seconds: i64,
    /// Whether the text was a date alone (`2024-02-01`).
    pub date_only: bool,
    /// The unit an epoch number was read in (`None` for a date or a date and time).
    pub unit: Option<EpochUnit>,
}

/// Seconds since the epoch of an epoch number given as an integer, by its magnitude
/// ([`EpochUnit::of`]); fractions are dropped toward the past.
///
/// ```
/// use cop_core::model::time::epoch_seconds;
/// assert_eq!(epoch_seconds(1_706_745_600_123), Ok(1_706_745_600));
/// assert!(epoch_seconds(-5).is_err());
/// ```
pub fn epoch_seconds(number: i64) -> Result<i64, TimeError> {
    epoch_seconds_i128(i128::from(number), &number.to_string()).map(|(s, _)| s)
}

/// Seconds since the epoch of an epoch number given as a float (a JSON or Python number), by its
/// magnitude ([`EpochUnit::of`]); fractions are dropped toward the past.
pub fn epoch_seconds_f64(number: f64) -> Result<i64, TimeError> {
    epoch_seconds_float(number, &number.to_string()).map(|(s, _)| s)
}

fn epoch_seconds_i128(number: i128, text: &str) -> Result<(i64, EpochUnit), TimeError> {
    #[allow(clippy::cast_precision_loss)] // only the magnitude matters
    let unit = EpochUnit::of(number as f64)
        .filter(|_| (0..10_000_000_000_000_000_000).contains(&number))
        .ok_or_else(|| TimeError::EpochOutOfRange { text: crate::limits::echo(text).into_owned() })?;
    Ok(((number / unit.per_second()) as i64, unit))
}

fn epoch_seconds_float(number: f64, text: &str) -> Result<(i64, EpochUnit), TimeError> {
    let unit = EpochUnit::of(number)
        .ok_or_else(|| TimeError::EpochOutOfRange { text: crate::limits::echo(text).into_owned() })?;
    let seconds = (number / unit.per_second() as f64).floor();
    Ok((seconds as i64, unit))
}

/// Reads a time in any of the forms of the [module docs](self).
///
/// ```
/// use cop_core::model::time::parse;
/// let date = parse("2024-02-01").unwrap();
/// assert!(date.date_only);
/// assert_eq!(date.seconds, 1_706_745_600);
/// assert_eq!(parse("1706745600000").unwrap().seconds, 1_706_745_600);
/// ```
pub fn parse(text: &str) -> Result<ParsedTime, TimeError> {
    let parsed = parse_any(text)?;
    if crate::limits::time_in_range(parsed.seconds) {
        Ok(parsed)
    } else {
        Err(TimeError::OutOfRange { text: crate::limits::echo(text.trim()).into_owned() })
    }
}

fn parse_any(text: &str) -> Result<ParsedTime, TimeError> {
    let at = |seconds| ParsedTime { seconds, date_only: false, unit: None };
    // The common case first, before trimming (a cell with spaces around takes the path below).
    if let Some(seconds) = parse_utc_fast(text.as_bytes()) {
        return Ok(at(seconds));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeError::Empty);
    }
    if let Some(seconds) = parse_utc_fast(text.as_bytes()) {
        return Ok(at(seconds));
    }
    let bytes = text.as_bytes();
    // Digits, a point, a sign, an exponent (`1.7e12`): a number, never a date.
    let numeric = bytes.first().is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.'))
        && bytes.iter().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && !bytes[1..].contains(&b'-')
        && bytes.iter().any(u8::is_ascii_digit);
    if numeric {
        let (seconds, unit) = if let Ok(number) = text.parse::<i128>() {
            epoch_seconds_i128(number, text)?
        } else if let Ok(number) = text.parse::<f64>() {
            epoch_seconds_float(number, text)?
        } else {
            return Err(TimeError::Unreadable { text: crate::limits::echo(text).into_owned() });
        };
        return Ok(ParsedTime { seconds, date_only: false, unit: Some(unit) });
    }
    let invalid =
        |reason: String| TimeError::InvalidDate { text: crate::limits::echo(text).into_owned(), reason };
    // A date alone.
    if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| invalid(e.to_string()))?;
        let seconds = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
        return Ok(ParsedTime { seconds, date_only: true, unit: None });
    }
    match DateTime::parse_from_rfc3339(text) {
        Ok(time) => Ok(at(time.timestamp())),
        Err(rfc) => {
            // A date and time without an offset: UTC.
            let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dt%H:%M:%S%.f"]
                .iter()
                .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok());
            if let Some(naive) = naive {
                return Ok(at(naive.and_utc().timestamp()));
            }
            let shaped = bytes.len() >= 19
                && bytes[..10]
                    .iter()
                    .enumerate()
                    .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
            if shaped {
                Err(invalid(rfc.to_string()))
            } else {
                Err(TimeError::Unreadable { text: crate::limits::echo(text).into_owned() })
            }
        }
    }
}

/// Parses an event time (see the [module docs](self)): a date alone is the start of its day.
///
/// ```
/// use cop_core::model::time::parse_time;
/// assert_eq!(parse_time("1970-01-02T00:00:00Z"), Ok(86_400));
/// assert_eq!(parse_time("1970-01-02T01:00:00+01:00"), Ok(86_400));
/// assert_eq!(parse_time("1970-01-02 00:00:00"), Ok(86_400));
/// assert_eq!(parse_time("1970-01-02"), Ok(86_400));
/// assert_eq!(parse_time("86400"), Ok(86_400));
/// assert_eq!(parse_time("1706745600000"), Ok(1_706_745_600)); // milliseconds
/// assert!(parse_time("1e20").is_err());
/// assert!(parse_time("yesterday").is_err());
/// ```
pub fn parse_time(text: &str) -> Result<i64, TimeError> {
    parse(text).map(|t| t.seconds)
}

/// Parses the date of an analysis (`as_of`): as [`parse_time`], except that a date alone means
/// the end of that day (its last second, UTC), so that the day's events count. The command's
/// `--as-of`, Python's and C's `as_of` strings all read dates this way.
///
/// ```
/// use cop_core::model::time::parse_as_of;
/// assert_eq!(parse_as_of("2024-01-01"), Ok(1_704_067_200 + 86_399));
/// assert_eq!(parse_as_of("2024-01-01T00:00:00Z"), Ok(1_704_067_200));
/// ```
pub fn parse_as_of(text: &str) -> Result<i64, TimeError> {
    parse(text).map(|t| if t.date_only { t.seconds + DAY - 1 } else { t.seconds })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fast_path_matches_chrono() {
        for text in
            ["2011-02-13T23:50:00Z", "2000-02-29T00:00:00Z", "1969-12-31T23:59:59Z", "2026-11-23T05:47:21Z"]
        {
            let chrono = DateTime::parse_from_rfc3339(text).unwrap().timestamp();
            assert_eq!(parse_utc_fast(text.as_bytes()), Some(chrono), "{text}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(matches!(parse_time("2023-02-29T00:00:00Z"), Err(TimeError::InvalidDate { .. })));
        assert!(matches!(parse_time("2023-13-01T00:00:00Z"), Err(TimeError::InvalidDate { .. })));
        assert!(matches!(parse_time("2023-01-01T24:00:00Z"), Err(TimeError::InvalidDate { .. })));
        assert!(matches!(parse_time("2024-02-30"), Err(TimeError::InvalidDate { .. })));
        assert!(matches!(parse_time("2024-02-01 25:00:00"), Err(TimeError::InvalidDate { .. })));
        assert_eq!(parse_time(""), Err(TimeError::Empty));
        assert_eq!(parse_time("  "), Err(TimeError::Empty));
        assert!(matches!(parse_time("yesterday"), Err(TimeError::Unreadable { .. })));
        assert!(matches!(parse_time("-"), Err(TimeError::Unreadable { .. })));
    }

    #[test]
    fn offsets_fractions_and_unix_seconds() {
        assert_eq!(parse_time("2024-01-01T00:00:00.900Z"), Ok(1_704_067_200));
        assert_eq!(parse_time("2024-01-01T02:00:00+02:00"), Ok(1_704_067_200));
        assert_eq!(parse_time("1704067200"), Ok(1_704_067_200));
        assert_eq!(parse_time("1704067200.75"), Ok(1_704_067_200));
        assert_eq!(format_seconds(1_704_067_200), "2024-01-01T00:00:00Z");
    }

    #[test]
    fn dates_and_times_without_an_offset_are_utc() {
        let start = 1_706_745_600; // 2024-02-01T00:00:00Z
        assert_eq!(parse("2024-02-01"), Ok(ParsedTime { seconds: start, date_only: true, unit: None }));
        assert_eq!(parse_time("2024-02-01 10:00:00"), Ok(start + 36_000));
        assert_eq!(parse_time("2024-02-01T10:00:00"), Ok(start + 36_000));
        assert_eq!(parse_time("2024-02-01 10:00:00.5"), Ok(start + 36_000));
        assert_eq!(parse_as_of("2024-02-01"), Ok(start + DAY - 1));
        assert_eq!(parse_as_of(" 2024-02-01 10:00:00 "), Ok(start + 36_000));
    }

    #[test]
    fn epoch_numbers_are_read_by_magnitude() {
        let t = 1_706_745_600i64; // 2024-02-01T00:00:00Z
        for (text, unit) in [
            ("1706745600", EpochUnit::Seconds),
            ("1706745600123", EpochUnit::Milliseconds),
            ("1706745600123456", EpochUnit::Microseconds),
            ("1706745600123456789", EpochUnit::Nanoseconds),
            ("1706745600123.9", EpochUnit::Milliseconds),
        ] {
            assert_eq!(
                parse(text),
                Ok(ParsedTime { seconds: t, date_only: false, unit: Some(unit) }),
                "{text}"
            );
        }
        assert_eq!(parse_time("0"), Ok(0));
        assert_eq!(parse_time("99999999999"), Ok(99_999_999_999)); // the last second read as seconds
        assert_eq!(parse_time("100000000000"), Ok(100_000_000)); // 1e11 is milliseconds: 1973-03-03
        assert_eq!(epoch_seconds(t * 1000), Ok(t));
        assert_eq!(epoch_seconds_f64(t as f64 * 1e6), Ok(t));
        for bad in ["-1", "1e20", "100000000000000000000", "10000000000000000000", "-1706745600000"] {
            assert!(matches!(parse_time(bad), Err(TimeError::EpochOutOfRange { .. })), "{bad}");
        }
        assert!(epoch_seconds_f64(f64::NAN).is_err());
        assert!(epoch_seconds_f64(f64::INFINITY).is_err());
        // Every accepted number lands in the years 1970 to 9999.
        for n in [0.0, 99_999_999_999.0, 99_999_999_999_999.0, 9.999e18] {
            let year = chrono::Datelike::year(&from_seconds(epoch_seconds_f64(n).unwrap()));
            assert!((1970..=9999).contains(&year), "{n}: {year}");
        }
    }

    #[test]
    fn times_out_of_the_range_are_refused() {
        assert_eq!(parse_time("0000-01-01T00:00:00Z"), Ok(crate::limits::MIN_TIME));
        assert_eq!(parse_as_of("9999-12-31"), Ok(crate::limits::MAX_TIME));
        for bad in ["0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"] {
            assert!(matches!(parse_time(bad), Err(TimeError::OutOfRange { .. })), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn format_then_parse_is_identity(seconds in -62_135_596_800i64..253_402_300_799) {
            prop_assert_eq!(parse_time(&format_seconds(seconds)), Ok(seconds));
        }
    }
}

/// A calendar period (UTC): the unit of timelines and presence milestones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A day.
    Day,
    /// An ISO week, Monday to Sunday.
    Week,
    /// A calendar month.
    #[default]
    Month,
    /// A calendar quarter.
    Quarter,
}

impl Period {
    /// The number of the period containing `seconds` (consecutive periods have consecutive numbers).
    pub fn index(self, seconds: i64) -> i64 {
        let days = seconds.div_euclid(DAY);
        match self {
            Period::Day => days,
            // 1970-01-01 was a Thursday: shift so that weeks start on Monday.
            Period::Week => (days + 3).div_euclid(7),
            Period::Month | Period::Quarter => {
                use chrono::Datelike;
                let date = from_seconds(seconds).date_naive();
                let months = i64::from(date.year()) * 12 + i64::from(date.month0());
                if self == Period::Month { months } else { months.div_euclid(3) }
            }
        }
    }

    /// The first second of period number `index`.
    pub fn start(self, index: i64) -> i64 {
        match self {
            Period::Day => index * DAY,
            Period::Week => (index * 7 - 3) * DAY,
            Period::Month | Period::Quarter => {
                let months = if self == Period::Month { index } else { index * 3 };
                let (year, month0) = (months.div_euclid(12), months.rem_euclid(12));
                days_from_civil(year, month0 as u32 + 1, 1) * DAY
            }
        }
    }

    /// The last second of period number `index`.
    pub fn end(self, index: i64) -> i64 {
        self.start(index + 1) - 1
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;

    #[test]
    fn periods_start_and_end_where_the_calendar_says() {
        let t = parse_time("2024-02-29T13:00:00Z").unwrap();
        let week = Period::Week.index(t);
        assert_eq!(format_seconds(Period::Week.start(week)), "2024-02-26T00:00:00Z");
        assert_eq!(format_seconds(Period::Week.end(week)), "2024-03-03T23:59:59Z");
        let month = Period::Month.index(t);
        assert_eq!(format_seconds(Period::Month.start(month)), "2024-02-01T00:00:00Z");
        assert_eq!(format_seconds(Period::Month.end(month)), "2024-02-29T23:59:59Z");
        let quarter = Period::Quarter.index(t);
        assert_eq!(format_seconds(Period::Quarter.start(quarter)), "2024-01-01T00:00:00Z");
        assert_eq!(format_seconds(Period::Quarter.end(quarter)), "2024-03-31T23:59:59Z");
        assert_eq!(Period::Day.index(t) + 1, Period::Day.index(t + DAY));
        assert_eq!(Period::Month.index(Period::Month.start(month + 1)), month + 1);
    }
}
