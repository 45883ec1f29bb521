//! Events as dictionary-encoded columns: the fastest way in for data frames.
//!
//! A data frame with categorical columns (pandas `category`, polars `Categorical`, Arrow
//! dictionary arrays) already holds each key once and a small integer per row. Recording such
//! columns key by key would hash every cell again; [`Landscape::record_coded_batch`] instead
//! resolves each distinct key once, on its first use, and then turns codes into ids by
//! indexing. The result is the same landscape as recording the events one by one with
//! [`Landscape::record_keyed`]: ids in order of first appearance, the same checks, the same
//! errors.

use super::resolve::{Hashes, KEY_COLUMNS, KEYS};
use super::{FIELDS, ImportOptions, ImportReport, KIND, Session, TIME, WEIGHT};
use crate::error::{CopError, Result};
use crate::model::event::check_weight;
use crate::model::landscape::{KeyedEvent, Landscape};
use crate::model::log::{NONE, Row};

/// The code of "no key" in a [`KeyCodes`] column: a missing optional key. In a required column
/// (`member`, `kind`) it makes the row bad: the error names the row and the column.
pub const NO_KEY: u32 = u32::MAX;

/// A column of keys as a dictionary: row `i` holds `keys[codes[i]]`, or no key when
/// `codes[i]` is [`NO_KEY`]. Keys are used as given (no trimming); they need not be distinct.
#[derive(Clone, Copy, Debug)]
pub struct KeyCodes<'a> {
    /// One code per row: an index into `keys`, or [`NO_KEY`].
    pub codes: &'a [u32],
    /// The dictionary.
    pub keys: &'a [&'a str],
}

/// Events as columns of equal length, the keys dictionary-encoded (see the
/// [module docs](self)).
#[derive(Clone, Copy, Debug)]
pub struct CodedEvents<'a> {
    /// Seconds since the Unix epoch, one per event.
    pub time: &'a [i64],
    /// The members who acted.
    pub member: KeyCodes<'a>,
    /// The kinds' names.
    pub kind: KeyCodes<'a>,
    /// The domains' paths, if any event has one.
    pub domain: Option<KeyCodes<'a>>,
    /// The target members, if any event has one.
    pub target: Option<KeyCodes<'a>>,
    /// The communities (no key: the default community), if any event names one.
    pub community: Option<KeyCodes<'a>>,
    /// The artifacts, if any event has one.
    pub artifact: Option<KeyCodes<'a>>,
    /// The events' own weights (NaN: the kind's weight), if any event has one.
    pub weight: Option<&'a [f32]>,
    /// The threads (see [`KeyedEvent::thread`]), if any event is in one.
    pub thread: Option<KeyCodes<'a>>,
}

/// Not resolved yet.
const UNSET: u32 = u32::MAX - 1;

/// The ids of one column's dictionary, filled as keys are first recorded.
struct Resolved<'a> {
    column: Option<KeyCodes<'a>>,
    ids: Vec<u32>,
    /// Whether every row must have a key ([`NO_KEY`] makes the row bad).
    required: bool,
    /// The id of a row without a key.
    absent: u32,
}

impl<'a> Resolved<'a> {
    fn new(column: Option<KeyCodes<'a>>, required: bool, absent: u32) -> Self {
        Resolved { column, ids: vec![UNSET; column.map_or(0, |c| c.keys.len())], required, absent }
    }

    /// The row's id: `Some(absent)` without a key, `None` while its key is not resolved (or the
    /// code is out of range, or missing in a required column).
    #[inline]
    fn id(&self, row: usize) -> Option<u32> {
        let Some(column) = self.column else { return Some(self.absent) };
        match column.codes[row] {
            NO_KEY if self.required => None,
            NO_KEY => Some(self.absent),
            code => self.ids.get(code as usize).copied().filter(|&id| id != UNSET),
        }
    }

    /// The row's key: `Ok(None)` without one, `Err` naming `field` for a code out of range.
    fn key_of(
        &self,
        row: usize,
        field: &'static str,
    ) -> std::result::Result<Option<&'a str>, (&'static str, String)> {
        let Some(column) = self.column else { return Ok(None) };
        match column.codes[row] {
            NO_KEY if self.required => {
                Err((field, format!("the {field} is missing (code {NO_KEY}): every event has one")))
            }
            NO_KEY => Ok(None),
            code => column.keys.get(code as usize).copied().map(Some).ok_or_else(|| {
                (
                    field,
                    format!("code {code} is out of range (the dictionary has {} keys)", column.keys.len()),
                )
            }),
        }
    }

    fn remember(&mut self, row: usize, id: Option<u32>) {
        if let (Some(column), Some(id)) = (self.column, id)
            && let Some(slot) = self.ids.get_mut(column.codes[row] as usize)
        {
            *slot = id;
        }
    }
}

impl Landscape {
    /// Records dictionary-encoded events (see the [module docs](crate::ingest::coded)), as
    /// [`Landscape::record_keyed_batch`] records keyed ones: unknown keys are created unless
    /// [`ImportOptions::strict`]; a bad event is reported with its 1-based row as the "line"
    /// and the field at fault; [`OnError::Stop`](super::OnError::Stop) records nothing when one
    /// is bad. Columns of different lengths are refused before anything is recorded.
    ///
    /// ```
    /// use cop_core::ingest::coded::{CodedEvents, KeyCodes, NO_KEY};
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// let people = ["ada", "grace"];
    /// let kinds = ["ask", "answer"];
    /// let events = CodedEvents {
    ///     time: &[1_700_000_000, 1_700_003_600, 1_700_007_200],
    ///     member: KeyCodes { codes: &[0, 1, 0], keys: &people },
    ///     kind: KeyCodes { codes: &[0, 1, 0], keys: &kinds },
    ///     target: Some(KeyCodes { codes: &[NO_KEY, 0, NO_KEY], keys: &people }),
    ///     domain: None,
    ///     community: None,
    ///     artifact: None,
    ///     weight: None,
    ///     thread: None,
    /// };
    /// let mut landscape = Landscape::new();
    /// let report = landscape.record_coded_batch(&events, &ImportOptions::default())?;
    /// assert_eq!((report.recorded, landscape.counts().members), (3, 2));
    /// let (ada, grace) = (landscape.member_id("ada").unwrap(), landscape.member_id("grace").unwrap());
    /// assert_eq!(landscape.graph().interaction(grace, ada).unwrap().count, 1);
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn record_coded_batch(
        &mut self,
        events: &CodedEvents<'_>,
        options: &ImportOptions,
    ) -> Result<ImportReport> {
        let rows = events.time.len();
        for (f, field) in FIELDS.iter().enumerate() {
            let len = match f {
                TIME => None,
                KIND => Some(events.kind.codes.len()),
                WEIGHT => events.weight.map(<[f32]>::len),
                _ => KEY_COLUMNS
                    .iter()
                    .find(|c| c.field == f)
                    .and_then(|c| (c.coded)(events))
                    .map(|c| c.codes.len()),
            };
            if let Some(len) = len.filter(|&len| len != rows) {
                return Err(CopError::invalid(*field, format!("{len} values for {rows} times")));
            }
        }
        let mut kind = Resolved::new(Some(events.kind), true, NONE);
        let mut keys: [Resolved<'_>; KEYS] = std::array::from_fn(|c| {
            Resolved::new((KEY_COLUMNS[c].coded)(events), KEY_COLUMNS[c].required, KEY_COLUMNS[c].absent)
        });
        self.bulk(|landscape| {
            let mut session = Session::new(landscape, options);
            landscape.log.reserve(rows);
            for row in 0..rows {
                let weight = events.weight.map_or(f32::NAN, |w| w[row]);
                let known = (|| {
                    let weight_ok = weight.is_nan() || check_weight(weight).is_ok();
                    let room = landscape.log().len() < (u32::MAX - 1) as usize;
                    let time_ok = crate::limits::time_in_range(events.time[row]);
                    (weight_ok && room && time_ok).then_some(())?;
                    let code = u8::try_from(kind.id(row)?).ok()?;
                    let mut known = Row::keyless(events.time[row], code, Some(weight));
                    for (resolved, column) in keys.iter().zip(&KEY_COLUMNS) {
                        (column.set_id)(&mut known, resolved.id(row)?);
                    }
                    Some(known)
                })();
                if let Some(known) = known {
                    landscape.apply(known);
                    session.report.recorded += 1;
                    continue;
                }
                // The row brings a key not resolved yet (or is bad): record it by its keys.
                let line = row as u64 + 1;
                let keyed = (|| {
                    let mut event = KeyedEvent {
                        time: events.time[row],
                        weight: (!weight.is_nan()).then_some(weight),
                        ..KeyedEvent::default()
                    };
                    // The required keys first, then the kind, then the optional keys.
                    let mut key_of = |c: usize| {
                        let column = &KEY_COLUMNS[c];
                        keys[c].key_of(row, FIELDS[column.field]).map(|key| (column.set_key)(&mut event, key))
                    };
                    (0..KEYS).filter(|&c| KEY_COLUMNS[c].required).try_for_each(&mut key_of)?;
                    let kind = kind.key_of(row, FIELDS[KIND])?.unwrap_or_default();
                    (0..KEYS).filter(|&c| !KEY_COLUMNS[c].required).try_for_each(&mut key_of)?;
                    Ok::<_, (&str, String)>(KeyedEvent { kind, ..event })
                })();
                let event = match keyed {
                    Ok(event) => event,
                    Err((field, message)) => {
                        let error = session.error(line, None, Some(field), message);
                        session.bad(landscape, error)?;
                        continue;
                    }
                };
                if let Some(recorded) =
                    session.record(landscape, &event, &Hashes::of(&event), line, |_| None)?
                {
                    kind.remember(row, Some(u32::from(recorded.kind)));
                    for (resolved, column) in keys.iter_mut().zip(&KEY_COLUMNS) {
                        resolved.remember(row, Some((column.id)(&recorded)));
                    }
                }
            }
            Ok(session.report)
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Rows of (member, kind, target, domain, weight) codes into small dictionaries with a few
    /// bad entries: an empty member key, a kind that is not a word, a domain that is not a path,
    /// a negative weight. (Codes out of range have no keyed equivalent; they have their own test.)
    fn rows() -> impl Strategy<Value = Vec<(u32, u32, u32, u32, f32)>> {
        let target = prop_oneof![3 => Just(NO_KEY), 4 => 0u32..5];
        let domain = prop_oneof![2 => Just(NO_KEY), 4 => 0u32..3];
        let weight = prop_oneof![6 => Just(f32::NAN), 1 => Just(2.5f32), 1 => Just(-1.0f32)];
        proptest::collection::vec((0u32..5, 0u32..4, target, domain, weight), 0..60)
    }

    const MEMBERS: [&str; 5] = ["ada", "grace", "", "linus", "ada"];
    const KINDS: [&str; 4] = ["ask", "answer", "Not A Kind", "mentor"];
    const DOMAINS: [&str; 3] = ["testing", "testing/perf", "a//b"];

    proptest! {
        /// Dictionary-encoded recording gives what recording the same events by keys gives,
        /// event for event and error for error.
        #[test]
        fn coded_recording_agrees_with_keyed_recording(
            rows in rows(),
            strict in any::<bool>(),
            skip in any::<bool>(),
        ) {
            let mut options = ImportOptions { strict, ..ImportOptions::default() };
            if skip {
                options = options.skip_bad_records();
            }
            let time: Vec<i64> = (0..rows.len() as i64).map(|i| 1_700_000_000 + i * 3_600).collect();
            let codes = |f: fn(&(u32, u32, u32, u32, f32)) -> u32| rows.iter().map(f).collect::<Vec<u32>>();
            let (m, k, t, d) = (codes(|r| r.0), codes(|r| r.1), codes(|r| r.2), codes(|r| r.3));
            let weight: Vec<f32> = rows.iter().map(|r| r.4).collect();
            let events = CodedEvents {
                time: &time,
                member: KeyCodes { codes: &m, keys: &MEMBERS },
                kind: KeyCodes { codes: &k, keys: &KINDS },
                target: Some(KeyCodes { codes: &t, keys: &MEMBERS }),
                domain: Some(KeyCodes { codes: &d, keys: &DOMAINS }),
                community: None,
                artifact: None,
                thread: None,
                weight: Some(&weight),
            };
            let mut coded = Landscape::new();
            // Strict mode needs keys that exist: give both landscapes the same start.
            coded.add_member("ada", Default::default()).unwrap();
            let mut keyed = coded.clone();
            let coded_result = coded.record_coded_batch(&events, &options);
            let key = |keys: &[&'static str], code: u32| (code != NO_KEY).then(|| keys.get(code as usize).copied().unwrap_or("?"));
            let keyed_events: Vec<KeyedEvent<'_>> = rows.iter().zip(&time).map(|(r, &time)| KeyedEvent {
                member: key(&MEMBERS, r.0).unwrap_or_default(),
                time,
                kind: key(&KINDS, r.1).unwrap_or_default(),
                target: key(&MEMBERS, r.2),
                domain: key(&DOMAINS, r.3),
                community: None,
                artifact: None,
                thread: None,
                weight: (!r.4.is_nan()).then_some(r.4),
            }).collect();
            let keyed_result = keyed.record_keyed_batch(keyed_events, &options);
            match (&coded_result, &keyed_result) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                _ => prop_assert!(false, "coded {coded_result:?} but keyed {keyed_result:?}"),
            }
            prop_assert!(coded == keyed, "the landscapes differ");
        }
    }

    #[test]
    fn a_missing_member_or_kind_is_a_bad_row_and_changes_nothing() {
        let keys = ["ada"];
        let kinds = ["ask"];
        let base = CodedEvents {
            time: &[1_700_000_000, 1_700_000_001],
            member: KeyCodes { codes: &[0, NO_KEY], keys: &keys },
            kind: KeyCodes { codes: &[0, 0], keys: &kinds },
            target: None,
            domain: None,
            community: None,
            artifact: None,
            thread: None,
            weight: None,
        };
        let no_kind = CodedEvents {
            member: KeyCodes { codes: &[0, 0], keys: &keys },
            kind: KeyCodes { codes: &[NO_KEY, 0], keys: &kinds },
            ..base
        };
        for (events, field, line) in [(base, "member", 2), (no_kind, "kind", 1)] {
            let mut landscape = Landscape::new();
            let before = landscape.clone();
            let err = landscape.record_coded_batch(&events, &ImportOptions::default()).unwrap_err();
            let record = err.record().expect("a record error");
            assert_eq!((record.line, record.field.as_deref()), (line, Some(field)), "{err}");
            assert!(record.message.contains("missing"), "{err}");
            assert!(landscape == before, "nothing was recorded");
            // Skipping the bad row records the other, with a real member.
            let report =
                landscape.record_coded_batch(&events, &ImportOptions::default().skip_bad_records()).unwrap();
            assert_eq!((report.recorded, report.skipped.len()), (1, 1));
            assert!(landscape.log().columns().member.iter().all(|&m| m == 0));
            let mut bytes = Vec::new();
            landscape.save_snapshot(&mut bytes).unwrap();
            assert!(Landscape::load_snapshot(bytes.as_slice()).unwrap() == landscape);
        }
        // Missing optional keys are "none" (the default community for a community).
        let events = CodedEvents {
            member: KeyCodes { codes: &[0, 0], keys: &keys },
            target: Some(KeyCodes { codes: &[NO_KEY, NO_KEY], keys: &keys }),
            domain: Some(KeyCodes { codes: &[NO_KEY, NO_KEY], keys: &["d"] }),
            community: Some(KeyCodes { codes: &[NO_KEY, NO_KEY], keys: &["c"] }),
            artifact: Some(KeyCodes { codes: &[NO_KEY, NO_KEY], keys: &["a"] }),
            thread: Some(KeyCodes { codes: &[NO_KEY, NO_KEY], keys: &["t"] }),
            ..base
        };
        let mut landscape = Landscape::new();
        assert_eq!(landscape.record_coded_batch(&events, &ImportOptions::default()).unwrap().recorded, 2);
    }

    #[test]
    fn times_out_of_range_are_bad_rows() {
        let keys = ["ada"];
        let kinds = ["ask"];
        let events = CodedEvents {
            time: &[1_700_000_000, i64::MAX],
            member: KeyCodes { codes: &[0, 0], keys: &keys },
            kind: KeyCodes { codes: &[0, 0], keys: &kinds },
            target: None,
            domain: None,
            community: None,
            artifact: None,
            thread: None,
            weight: None,
        };
        let mut landscape = Landscape::new();
        let err = landscape.record_coded_batch(&events, &ImportOptions::default()).unwrap_err();
        assert!(
            err.to_string().starts_with("2: ") && err.to_string().contains("out of the supported range"),
            "{err}"
        );
        assert_eq!(landscape.counts().events, 0);
    }

    #[test]
    fn codes_out_of_range_and_columns_of_other_lengths_are_named() {
        let keys = ["ada"];
        let kinds = ["ask"];
        let events = CodedEvents {
            time: &[1, 2],
            member: KeyCodes { codes: &[0, 7], keys: &keys },
            kind: KeyCodes { codes: &[0, 0], keys: &kinds },
            target: None,
            domain: None,
            community: None,
            artifact: None,
            thread: None,
            weight: None,
        };
        let mut landscape = Landscape::new();
        let err = landscape.record_coded_batch(&events, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "2: field `member`: code 7 is out of range (the dictionary has 1 keys)");
        assert_eq!(landscape.counts().events, 0);
        let report =
            landscape.record_coded_batch(&events, &ImportOptions::default().skip_bad_records()).unwrap();
        assert_eq!((report.recorded, report.skipped.len()), (1, 1));

        let short = CodedEvents { kind: KeyCodes { codes: &[0], keys: &kinds }, ..events };
        let err = landscape.record_coded_batch(&short, &ImportOptions::default()).unwrap_err();
        assert!(
            err.to_string().contains("kind") && err.to_string().contains("1 values for 2 times"),
            "{err}"
        );
        assert_eq!(landscape.counts().events, 1);
    }
}
