//! Events as dictionary-encoded columns: the fastest way in for data frames.
//!
//! A data frame with categorical columns (pandas `category`, polars `Categorical`, Arrow
//! dictionary arrays) already holds each key once and a small integer per row. Recording such
//! columns key by key would hash every cell again; [`Landscape::record_coded_batch`] instead
//! resolves each distinct key once, on its first use, and then turns codes into ids by
//! indexing. The result is the same landscape as recording the events one by one with
//! [`Landscape::record_keyed`]: ids in order of first appearance, the same checks, the same
//! errors. (One exception, at the log's capacity of 2³² − 2 events: a row past it is refused
//! for the capacity before any other fault of it is looked at.)
//!
//! It works in two passes: the first, in row order, looks only at the rows that bring a key for
//! the first time or may be refused; the second fills the log's columns from the dictionaries'
//! ids on every core.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::resolve::{Hashes, KEY_COLUMNS, KEYS, each_key_column};
use super::{FIELDS, ImportOptions, ImportReport, KIND, Session, TIME, WEIGHT};
use crate::error::{CopError, Result};
use crate::model::event::check_weight;
use crate::model::landscape::{Bulk, KeyedEvent, Landscape};
use crate::model::log::{MAX_EVENTS, NONE, Row, Tails};

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
    /// Each row's next row with the same code ([`usize::MAX`]: none), made when first needed.
    next: Option<Vec<usize>>,
}

impl<'a> Resolved<'a> {
    fn new(column: Option<KeyCodes<'a>>, required: bool, absent: u32) -> Self {
        let ids = vec![UNSET; column.map_or(0, |c| c.keys.len())];
        Resolved { column, ids, required, absent, next: None }
    }

    /// The rows that need a look before the others can be turned into ids: each code's first
    /// row, and every row whose code is out of range or missing where a key is required.
    fn first_uses(&self) -> Vec<usize> {
        let Some(column) = self.column else { return Vec::new() };
        let mut seen = vec![false; column.keys.len()];
        let mut rows = Vec::new();
        for (row, &code) in column.codes.iter().enumerate() {
            match seen.get_mut(code as usize) {
                Some(seen) if !*seen => {
                    *seen = true;
                    rows.push(row);
                }
                Some(_) => {}
                None if code == NO_KEY && !self.required => {}
                None => rows.push(row),
            }
        }
        rows
    }

    /// The next row after `row` whose key is the same as `row`'s, if that key is not resolved
    /// (its first use was refused): that row needs a look too.
    fn next_use(&mut self, row: usize) -> Option<usize> {
        let column = self.column?;
        let code = column.codes[row] as usize;
        (self.ids.get(code)? == &UNSET).then_some(())?;
        let next = self.next.get_or_insert_with(|| {
            let mut last = vec![usize::MAX; column.keys.len()];
            let mut next = vec![usize::MAX; column.codes.len()];
            for (row, &code) in column.codes.iter().enumerate().rev() {
                if let Some(last) = last.get_mut(code as usize) {
                    next[row] = std::mem::replace(last, row);
                }
            }
            next
        });
        Some(next[row]).filter(|&next| next != usize::MAX)
    }

    /// The ids of `rows` (the kept rows' indices, or every row when `None`) into `out`, on
    /// every core; `to` makes a cell of an id.
    fn gather<T: Send>(&self, rows: Option<&[usize]>, out: &mut [T], to: impl Fn(u32) -> T + Sync) {
        out.par_chunks_mut(ROWS_PER_TASK).enumerate().for_each(|(chunk, out)| {
            let start = chunk * ROWS_PER_TASK;
            for (i, cell) in out.iter_mut().enumerate() {
                let row = rows.map_or(start + i, |rows| rows[start + i]);
                *cell = to(self.id(row).expect("a kept row's keys are resolved"));
            }
        });
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

    /// [`Resolved::id`], or, for a key not resolved yet that the landscape already has, its id
    /// (then remembered): a row whose keys all exist is recorded without going by its keys,
    /// as recording it by its keys would find the same ids. `None` for a key new to the
    /// landscape, a missing required key or a code out of range.
    #[inline]
    fn id_or_existing(&mut self, row: usize, existing: impl FnOnce(&str) -> Option<u32>) -> Option<u32> {
        if let Some(id) = self.id(row) {
            return Some(id);
        }
        let code = self.column?.codes[row];
        let key = self.column?.keys.get(code as usize)?;
        let id = existing(key)?;
        self.ids[code as usize] = id;
        Some(id)
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
        check_lengths(events)?;
        let mut coded = Coded::new(events);
        self.bulk(|landscape| {
            let mut session = Session::new(landscape, options);
            let refused = coded.resolve(landscape, &mut session)?;
            let kept = (!refused.is_empty()).then(|| kept_rows(events.time.len(), &refused));
            session.report.recorded += coded.append(landscape, kept.as_deref());
            Ok(session.report)
        })
    }
}

/// Refuses columns of other lengths than the times.
fn check_lengths(events: &CodedEvents<'_>) -> Result<()> {
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
    Ok(())
}

/// Rows per task when the kept rows' columns are filled on every core.
const ROWS_PER_TASK: usize = if cfg!(test) { 3 } else { 1 << 14 };

/// The rows `0..rows` but the `refused` ones (both in order).
fn kept_rows(rows: usize, refused: &[usize]) -> Vec<usize> {
    let mut refused = refused.iter().copied().peekable();
    (0..rows).filter(|&row| refused.next_if_eq(&row).is_none()).collect()
}

/// Dictionary-encoded events being recorded, in two passes. The first goes in row order over
/// the few rows that need a look ([`Coded::needing_a_look`]): it creates their new keys as
/// recording the events one by one would, and reports the refused rows. Every other row then
/// has its ids already, so the second pass fills the log's columns from the dictionaries'
/// ids, on every core.
struct Coded<'e, 'a> {
    events: &'e CodedEvents<'a>,
    kind: Resolved<'a>,
    /// In the order of [`KEY_COLUMNS`].
    keys: [Resolved<'a>; KEYS],
}

const _: () = {
    let names = ["community", "member", "target", "domain", "artifact", "thread"];
    let mut c = 0;
    while c < KEYS {
        assert!(
            super::same(KEY_COLUMNS[c].name, names[c]),
            "Coded::fill names the key columns in this order"
        );
        c += 1;
    }
};

impl<'e, 'a> Coded<'e, 'a> {
    fn new(events: &'e CodedEvents<'a>) -> Self {
        let keys = std::array::from_fn(|c| {
            let column = &KEY_COLUMNS[c];
            Resolved::new((column.coded)(events), column.required, column.absent)
        });
        Coded { events, kind: Resolved::new(Some(events.kind), true, NONE), keys }
    }

    /// The first pass (see [`Coded`]): the refused rows, in order.
    fn resolve(&mut self, landscape: &mut Bulk<'_>, session: &mut Session<'_>) -> Result<Vec<usize>> {
        let logged = landscape.log().len();
        let mut look = self.needing_a_look(logged).into_iter().peekable();
        // Rows after a refused first use of a key (seldom any).
        let mut later: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
        let mut refused = Vec::new();
        let mut last = None;
        loop {
            let row = match (look.peek(), later.peek()) {
                (Some(&row), Some(&Reverse(other))) if other < row => later.pop().map(|Reverse(row)| row),
                (Some(_), _) => look.next(),
                (None, _) => later.pop().map(|Reverse(row)| row),
            };
            let Some(row) = row else { break };
            if last.replace(row) == Some(row) {
                continue;
            }
            if !self.look_at(landscape, session, row, logged + row - refused.len())? {
                refused.push(row);
                // A key whose use was refused: its next use needs a look.
                let columns = std::iter::once(&mut self.kind).chain(&mut self.keys);
                later.extend(columns.filter_map(|column| column.next_use(row)).map(Reverse));
            }
        }
        Ok(refused)
    }

    /// The rows that need a look: each code's first use, codes out of range or missing where
    /// required, times and weights out of range, and every row a full log could refuse (for a
    /// log of `logged` events). In order.
    fn needing_a_look(&self, logged: usize) -> Vec<usize> {
        let rows = self.events.time.len();
        let columns: Vec<&Resolved<'a>> = std::iter::once(&self.kind).chain(&self.keys).collect();
        let (mut uses, faults) = rayon::join(
            || columns.par_iter().map(|column| column.first_uses()).collect::<Vec<_>>(),
            || self.scalar_faults(),
        );
        uses.push(faults);
        let full_from = MAX_EVENTS.saturating_sub(logged);
        let mut look: Vec<usize> = uses.into_iter().flatten().chain(full_from..rows).collect();
        look.sort_unstable();
        look.dedup();
        look
    }

    /// The rows whose time or weight is out of range, in order.
    fn scalar_faults(&self) -> Vec<usize> {
        (0..self.events.time.len())
            .into_par_iter()
            .filter(|&row| {
                let weight = self.weight(row);
                !crate::limits::time_in_range(self.events.time[row])
                    || !weight.is_nan() && check_weight(weight).is_err()
            })
            .collect()
    }

    /// Looks at one row of the first pass, `logged` events being in the log by then: whether
    /// it will be recorded (its ids then known), or else its refusal reported.
    fn look_at(
        &mut self,
        landscape: &mut Bulk<'_>,
        session: &mut Session<'_>,
        row: usize,
        logged: usize,
    ) -> Result<bool> {
        let line = row as u64 + 1;
        if logged >= MAX_EVENTS {
            return session.log_full(landscape, line).map(|()| false);
        }
        if self.ids_known(landscape, row).is_some() {
            return Ok(true);
        }
        // The row brings a key new to the landscape (or is bad): record it by its keys.
        let event = match self.keyed(row) {
            Ok(event) => event,
            Err((field, message)) => {
                let error = session.error(line, None, Some(field), message);
                return session.bad(landscape, error).map(|()| false);
            }
        };
        let Some(recorded) = session.resolve(landscape, &event, &Hashes::of(&event), line, |_| None, true)?
        else {
            return Ok(false);
        };
        self.kind.remember(row, Some(u32::from(recorded.kind)));
        for (resolved, column) in self.keys.iter_mut().zip(&KEY_COLUMNS) {
            resolved.remember(row, Some((column.id)(&recorded)));
        }
        Ok(true)
    }

    /// `Some` if the row's time and weight are in range and every key of it exists (its ids
    /// are then known; the second pass makes the row).
    fn ids_known(&mut self, landscape: &Landscape, row: usize) -> Option<()> {
        let weight = self.weight(row);
        let weight_ok = weight.is_nan() || check_weight(weight).is_ok();
        (weight_ok && crate::limits::time_in_range(self.events.time[row])).then_some(())?;
        let kind = self.kind.id_or_existing(row, |name| landscape.kind(name).map(|k| k.code().into()))?;
        u8::try_from(kind).ok()?;
        each_key_column!(|c, column| {
            self.keys[c].id_or_existing(row, |key| landscape.key_id(column.entity, key))?;
        });
        Some(())
    }

    /// The row's own weight (NaN: the kind's).
    fn weight(&self, row: usize) -> f32 {
        self.events.weight.map_or(f32::NAN, |w| w[row])
    }

    /// The row as an event named by its keys; the field at fault and why for a key missing
    /// where required or a code out of range (the required keys checked first, then the kind,
    /// then the optional keys).
    fn keyed(&self, row: usize) -> std::result::Result<KeyedEvent<'a>, (&'static str, String)> {
        let weight = self.weight(row);
        let mut event = KeyedEvent {
            time: self.events.time[row],
            weight: (!weight.is_nan()).then_some(weight),
            ..KeyedEvent::default()
        };
        let mut key_of = |c: usize| {
            let column = &KEY_COLUMNS[c];
            self.keys[c].key_of(row, FIELDS[column.field]).map(|key| (column.set_key)(&mut event, key))
        };
        (0..KEYS).filter(|&c| KEY_COLUMNS[c].required).try_for_each(&mut key_of)?;
        let kind = self.kind.key_of(row, FIELDS[KIND])?.unwrap_or_default();
        (0..KEYS).filter(|&c| !KEY_COLUMNS[c].required).try_for_each(&mut key_of)?;
        Ok(KeyedEvent { kind, ..event })
    }

    /// The second pass: appends the kept rows (every row, or `kept`); how many.
    fn append(&self, landscape: &mut Bulk<'_>, kept: Option<&[usize]>) -> usize {
        let count = kept.map_or(self.events.time.len(), <[usize]>::len);
        let [_, _, _, _, artifact, thread] = &self.keys;
        let optional = [artifact.column.is_some(), self.events.weight.is_some(), thread.column.is_some()];
        if !landscape.extend_columns(count, optional, |tails| self.fill(tails, kept)) {
            landscape.log.reserve(count);
            for i in 0..count {
                landscape.apply(self.row(kept.map_or(i, |kept| kept[i])));
            }
        }
        count
    }

    /// The kept rows' cells into the log's new tails, column by column on every core.
    fn fill(&self, tails: Tails<'_>, kept: Option<&[usize]>) {
        let Tails { time, member, kind, community, domain, target, artifact, weight, thread } = tails;
        let [c_community, c_member, c_target, c_domain, c_artifact, c_thread] = &self.keys;
        let events = self.events;
        rayon::scope(|s| {
            s.spawn(move |_| copy_kept(kept, events.time, time));
            s.spawn(move |_| self.kind.gather(kept, kind, |id| id as u8));
            s.spawn(move |_| c_community.gather(kept, community, |id| id as u16));
            s.spawn(move |_| c_member.gather(kept, member, |id| id));
            s.spawn(move |_| c_target.gather(kept, target, |id| id));
            s.spawn(move |_| c_domain.gather(kept, domain, |id| id));
            if let Some(out) = artifact {
                s.spawn(move |_| c_artifact.gather(kept, out, |id| id));
            }
            if let Some(out) = thread {
                s.spawn(move |_| c_thread.gather(kept, out, |id| id));
            }
            if let (Some(out), Some(weights)) = (weight, events.weight) {
                s.spawn(move |_| copy_kept(kept, weights, out));
            }
        });
    }

    /// A kept row (when rows go one by one into the landscape).
    fn row(&self, row: usize) -> Row {
        let id = |resolved: &Resolved<'_>| resolved.id(row).expect("a kept row's keys are resolved");
        let weight = self.events.weight.map(|w| w[row]);
        let mut out = Row::keyless(self.events.time[row], id(&self.kind) as u8, weight);
        each_key_column!(|c, column| (column.set_id)(&mut out, id(&self.keys[c])));
        out
    }
}

/// `from`'s cells of the kept rows (every row, or `kept`) into `out`.
fn copy_kept<T: Copy>(kept: Option<&[usize]>, from: &[T], out: &mut [T]) {
    match kept {
        None => out.copy_from_slice(from),
        Some(kept) => out.iter_mut().zip(kept).for_each(|(cell, &row)| *cell = from[row]),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// A row of member, kind, target, domain, artifact and thread codes, a weight and an hour.
    type CodedRow = (u32, u32, u32, u32, u32, u32, f32, i64);

    /// Rows of codes into small dictionaries with a few bad entries: an empty member key, a
    /// kind that is not a word, a domain that is not a path, a negative weight. Their hours go
    /// back and forth. (Codes out of range have no keyed equivalent; they have their own test.)
    fn rows() -> impl Strategy<Value = Vec<CodedRow>> {
        let target = prop_oneof![3 => Just(NO_KEY), 4 => 0u32..5];
        let domain = prop_oneof![2 => Just(NO_KEY), 4 => 0u32..3];
        let artifact = prop_oneof![3 => Just(NO_KEY), 1 => 0u32..2];
        let thread = prop_oneof![3 => Just(NO_KEY), 1 => Just(0u32)];
        let weight = prop_oneof![6 => Just(f32::NAN), 1 => Just(2.5f32), 1 => Just(-1.0f32)];
        let row = (0u32..5, 0u32..4, target, domain, artifact, thread, weight, 0i64..48);
        proptest::collection::vec(row, 0..60)
    }

    const MEMBERS: [&str; 5] = ["ada", "grace", "", "linus", "ada"];
    const KINDS: [&str; 4] = ["ask", "answer", "Not A Kind", "mentor"];
    const DOMAINS: [&str; 3] = ["testing", "testing/perf", "a//b"];
    const ARTIFACTS: [&str; 2] = ["doc-1", "doc-2"];
    const THREADS: [&str; 1] = ["t-1"];

    /// A landscape with `ada`, and maybe `grace` merged into her (then the record is kept
    /// apart from the log) and an earlier event with an artifact and a weight.
    fn start(merged: bool, earlier: bool) -> Landscape {
        let mut landscape = Landscape::new();
        let ada = landscape.add_member("ada", Default::default()).unwrap();
        if merged {
            let grace = landscape.add_member("grace", Default::default()).unwrap();
            landscape.merge(ada, grace, crate::model::people::MergeRule::Api).unwrap();
        }
        if earlier {
            let event = KeyedEvent {
                member: "ada",
                time: 1_700_090_000,
                kind: "ask",
                artifact: Some("doc-0"),
                weight: Some(1.5),
                ..KeyedEvent::default()
            };
            landscape.record_keyed_batch([event], &ImportOptions::default()).unwrap();
        }
        landscape
    }

    proptest! {
        /// Dictionary-encoded recording gives what recording the same events by keys gives,
        /// event for event and error for error.
        #[test]
        fn coded_recording_agrees_with_keyed_recording(
            rows in rows(),
            strict in any::<bool>(),
            skip in any::<bool>(),
            merged in any::<bool>(),
            earlier in any::<bool>(),
        ) {
            let mut options = ImportOptions { strict, ..ImportOptions::default() };
            if skip {
                options = options.skip_bad_records();
            }
            let time: Vec<i64> = rows.iter().map(|r| 1_700_000_000 + r.7 * 3_600).collect();
            let codes = |f: fn(&CodedRow) -> u32| rows.iter().map(f).collect::<Vec<u32>>();
            let (m, k, t, d) = (codes(|r| r.0), codes(|r| r.1), codes(|r| r.2), codes(|r| r.3));
            let (a, th) = (codes(|r| r.4), codes(|r| r.5));
            let weight: Vec<f32> = rows.iter().map(|r| r.6).collect();
            let events = CodedEvents {
                time: &time,
                member: KeyCodes { codes: &m, keys: &MEMBERS },
                kind: KeyCodes { codes: &k, keys: &KINDS },
                target: Some(KeyCodes { codes: &t, keys: &MEMBERS }),
                domain: Some(KeyCodes { codes: &d, keys: &DOMAINS }),
                community: None,
                artifact: Some(KeyCodes { codes: &a, keys: &ARTIFACTS }),
                thread: Some(KeyCodes { codes: &th, keys: &THREADS }),
                weight: Some(&weight),
            };
            // Strict mode needs keys that exist: give both landscapes the same start.
            let mut coded = start(merged, earlier);
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
                artifact: key(&ARTIFACTS, r.4),
                thread: key(&THREADS, r.5),
                weight: (!r.6.is_nan()).then_some(r.6),
            }).collect();
            let keyed_result = keyed.record_keyed_batch(keyed_events, &options);
            match (&coded_result, &keyed_result) {
                (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                _ => prop_assert!(false, "coded {coded_result:?} but keyed {keyed_result:?}"),
            }
            prop_assert!(coded == keyed, "the landscapes differ");
            let snapshot = |landscape: &Landscape| {
                let mut bytes = Vec::new();
                landscape.save_snapshot(&mut bytes).unwrap();
                bytes
            };
            prop_assert!(snapshot(&coded) == snapshot(&keyed), "the snapshots differ");
            prop_assert_eq!(coded.log().is_time_ordered(), keyed.log().is_time_ordered());
            let order = |landscape: &Landscape| landscape.log().in_time_order().collect::<Vec<_>>();
            prop_assert_eq!(order(&coded), order(&keyed));
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
