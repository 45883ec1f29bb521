//! Time: events are dated in UTC at whole-second resolution.
//!
//! The log stores times as `i64` seconds since the Unix epoch; the public API speaks
//! [`chrono::DateTime<Utc>`]. Input times are RFC 3339 (`2024-05-01T12:00:00Z`, any UTC offset,
//! fractions of a second are dropped) or Unix seconds (`1714564800`). The common form
//! `YYYY-MM-DDTHH:MM:SSZ` is parsed by a fast path that does no allocation.

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

/// Parses an event time: RFC 3339 (any offset; fractions of a second are dropped) or Unix seconds
/// (an integer, or a decimal whose fraction is dropped toward the past).
///
/// ```
/// use cop_core::time::parse_time;
/// assert_eq!(parse_time("1970-01-02T00:00:00Z"), Ok(86_400));
/// assert_eq!(parse_time("1970-01-02T01:00:00+01:00"), Ok(86_400));
/// assert_eq!(parse_time("86400"), Ok(86_400));
/// assert!(parse_time("yesterday").is_err());
/// ```
pub fn parse_time(text: &str) -> Result<i64, String> {
    // The common case first, before trimming (a cell with spaces around takes the path below).
    if let Some(seconds) = parse_utc_fast(text.as_bytes()) {
        return Ok(seconds);
    }
    let text = text.trim();
    if let Some(seconds) = parse_utc_fast(text.as_bytes()) {
        return Ok(seconds);
    }
    let bytes = text.as_bytes();
    let numeric = !bytes.is_empty()
        && bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')));
    if numeric {
        if let Ok(seconds) = text.parse::<i64>() {
            return Ok(seconds);
        }
        if let Ok(seconds) = text.parse::<f64>()
            && seconds.is_finite()
            && seconds.abs() < 1e15
        {
            return Ok(seconds.floor() as i64);
        }
    }
    match DateTime::parse_from_rfc3339(text) {
        Ok(time) => Ok(time.timestamp()),
        Err(e) if text.is_empty() => Err(format!("empty time ({e})")),
        Err(e) => {
            Err(format!("`{text}` is not an RFC 3339 time (like 2024-05-01T12:00:00Z) or Unix seconds ({e})"))
        }
    }
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
        assert!(parse_time("2023-02-29T00:00:00Z").is_err());
        assert!(parse_time("2023-13-01T00:00:00Z").is_err());
        assert!(parse_time("2023-01-01T24:00:00Z").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn offsets_fractions_and_unix_seconds() {
        assert_eq!(parse_time("2024-01-01T00:00:00.900Z"), Ok(1_704_067_200));
        assert_eq!(parse_time("2024-01-01T02:00:00+02:00"), Ok(1_704_067_200));
        assert_eq!(parse_time("1704067200"), Ok(1_704_067_200));
        assert_eq!(parse_time("1704067200.75"), Ok(1_704_067_200));
        assert_eq!(parse_time("-1"), Ok(-1));
        assert_eq!(format_seconds(1_704_067_200), "2024-01-01T00:00:00Z");
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
