//! The event log: every act of participation, append-only and columnar.
//!
//! Events are data; everything else (levels, the interaction graph, health) is derived from them.
//! The log keeps one flat vector per field — times as `i64` seconds, ids as `u32`, kinds as `u8`,
//! communities as `u16` — so that scans are cache-friendly and an event costs about 27 bytes
//! (artifact, weight and thread columns are only allocated once some event carries one). Appending is
//! amortised O(1). Events may arrive out of order: iteration in time order still works (a time
//! order is built lazily when needed, and kept per member on every append), as do range queries by
//! time and per member. An event's id is its position in order of recording and never changes.

use std::ops::Range;
use std::sync::OnceLock;

use crate::error::{CopError, Result};
use crate::model::event::{Event, EventKind};
use crate::model::ids::{ArtifactId, CommunityId, DomainId, EventId, MemberId, ThreadId};
use crate::model::time;

/// The value stored in an optional id column for "none".
pub const NONE: u32 = u32::MAX;

/// The most events a log holds (event ids are `u32`, [`NONE`] and one more value kept apart).
pub(crate) const MAX_EVENTS: usize = (u32::MAX - 1) as usize;

/// An event as stored: seconds and raw ids.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Row {
    pub time: i64,
    pub member: u32,
    pub kind: u8,
    pub community: u16,
    pub domain: u32,
    pub target: u32,
    pub artifact: u32,
    /// NaN: the kind's weight.
    pub weight: f32,
    pub thread: u32,
}

impl Row {
    /// A row with its time, kind and weight (`None`: the kind's) and no keys yet: every key
    /// column absent, the default community.
    pub(crate) fn keyless(time: i64, kind: u8, weight: Option<f32>) -> Row {
        Row {
            time,
            member: NONE,
            kind,
            community: 0,
            domain: NONE,
            target: NONE,
            artifact: NONE,
            weight: weight.unwrap_or(f32::NAN),
            thread: NONE,
        }
    }

    pub(crate) fn from_event(event: &Event) -> Result<Row> {
        let community = u16::try_from(event.community.raw())
            .map_err(|_| CopError::Capacity { what: "communities", limit: u64::from(u16::MAX) + 1 })?;
        Ok(Row {
            time: time::to_seconds(event.time),
            member: event.member.raw(),
            kind: event.kind.code(),
            community,
            domain: event.domain.map_or(NONE, DomainId::raw),
            target: event.target.map_or(NONE, MemberId::raw),
            artifact: event.artifact.map_or(NONE, ArtifactId::raw),
            weight: event.weight.unwrap_or(f32::NAN),
            thread: event.thread.map_or(NONE, ThreadId::raw),
        })
    }
}

/// Whether two lists of rows hold the same events (weights compared bit for bit, so that "no
/// weight of its own", a NaN, equals itself).
pub(crate) fn same_rows(a: Option<&[Row]>, b: Option<&[Row]>) -> bool {
    let same = |x: &Row, y: &Row| {
        Row { weight: 0.0, ..*x } == Row { weight: 0.0, ..*y } && x.weight.to_bits() == y.weight.to_bits()
    };
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        _ => false,
    }
}

fn some(raw: u32) -> Option<u32> {
    (raw != NONE).then_some(raw)
}

/// Read-only views of the log's columns, in order of recording.
///
/// Optional id columns hold [`NONE`] for "none". `artifact` and `weight` are `None` while no
/// event carries one; `weight` holds NaN where the event has no weight of its own.
#[derive(Clone, Copy, Debug)]
pub struct Columns<'a> {
    /// Seconds since the Unix epoch.
    pub time: &'a [i64],
    /// Raw member ids.
    pub member: &'a [u32],
    /// Kind codes ([`EventKind::from_code`]).
    pub kind: &'a [u8],
    /// Raw community ids.
    pub community: &'a [u16],
    /// Raw domain ids or [`NONE`].
    pub domain: &'a [u32],
    /// Raw target member ids or [`NONE`].
    pub target: &'a [u32],
    /// Raw artifact ids or [`NONE`], if any event has an artifact.
    pub artifact: Option<&'a [u32]>,
    /// Own weights or NaN, if any event has a weight of its own.
    pub weight: Option<&'a [f32]>,
    /// Raw thread ids or [`NONE`], if any event is in a thread.
    pub thread: Option<&'a [u32]>,
}

impl Columns<'_> {
    /// The weight of event `i`: its own, else its kind's (`kind_weights` indexed by kind code,
    /// as [`KindTable::weights_by_code`](crate::KindTable::weights_by_code) gives them).
    #[inline]
    pub fn weight_of(&self, i: usize, kind_weights: &[f32]) -> f32 {
        let own = self.weight.map_or(f32::NAN, |w| w[i]);
        if own.is_nan() { kind_weights[usize::from(self.kind[i])] } else { own }
    }
}

/// The append-only, columnar log of events.
#[derive(Debug, Default)]
pub struct EventLog {
    time: Vec<i64>,
    member: Vec<u32>,
    kind: Vec<u8>,
    community: Vec<u16>,
    domain: Vec<u32>,
    target: Vec<u32>,
    artifact: Vec<u32>,
    weight: Vec<f32>,
    thread: Vec<u32>,
    /// Whether some event was recorded before an earlier-recorded later one (then the time
    /// order differs from the id order).
    unsorted: bool,
    /// The time order, built on demand when events arrived out of order.
    order: OnceLock<Vec<EventId>>,
    /// Each member's events in time order.
    by_member: Vec<Vec<EventId>>,
    /// The events targeting each member, in time order.
    by_target: Vec<Vec<EventId>>,
    /// During a bulk import: the first event not yet in the per-member lists.
    deferred_from: Option<usize>,
}

impl Clone for EventLog {
    fn clone(&self) -> Self {
        EventLog {
            time: self.time.clone(),
            member: self.member.clone(),
            kind: self.kind.clone(),
            community: self.community.clone(),
            domain: self.domain.clone(),
            target: self.target.clone(),
            artifact: self.artifact.clone(),
            weight: self.weight.clone(),
            thread: self.thread.clone(),
            unsorted: self.unsorted,
            order: OnceLock::new(),
            by_member: self.by_member.clone(),
            by_target: self.by_target.clone(),
            deferred_from: self.deferred_from,
        }
    }
}

/// Makes an optional column as long as the log will be (`to`), filled with `none`, when the
/// new events have it (`wanted`) or it already holds values; whether it has a tail.
fn optional_tail<T: Copy>(column: &mut Vec<T>, wanted: bool, to: usize, none: T) -> bool {
    let present = wanted || !column.is_empty();
    if present {
        column.resize(to, none);
    }
    present
}

/// Empties an optional column that was empty before the events appended from `from` when none
/// of them has a value in it.
fn clear_if_none<T>(column: &mut Vec<T>, was_empty: bool, from: usize, none: impl Fn(&T) -> bool) {
    if was_empty && column[from.min(column.len())..].iter().all(none) {
        column.clear();
    }
}

/// The new tails of a log's columns, written by the caller of [`EventLog::extend_columns`].
pub(crate) struct Tails<'a> {
    pub(crate) time: &'a mut [i64],
    pub(crate) member: &'a mut [u32],
    pub(crate) kind: &'a mut [u8],
    pub(crate) community: &'a mut [u16],
    pub(crate) domain: &'a mut [u32],
    pub(crate) target: &'a mut [u32],
    /// Optional columns: present when the new events have them or the log already does.
    pub(crate) artifact: Option<&'a mut [u32]>,
    pub(crate) weight: Option<&'a mut [f32]>,
    pub(crate) thread: Option<&'a mut [u32]>,
}

impl PartialEq for EventLog {
    /// Two logs are equal when they hold the same events in the same order of recording.
    fn eq(&self, other: &Self) -> bool {
        let same_weights = (0..self.len()).all(|i| {
            let (a, b) = (self.own_weight(i), other.own_weight(i));
            a.map(f32::to_bits) == b.map(f32::to_bits)
        });
        self.time == other.time
            && self.member == other.member
            && self.kind == other.kind
            && self.community == other.community
            && self.domain == other.domain
            && self.target == other.target
            && (0..self.len()).all(|i| self.artifact_of(i) == other.artifact_of(i))
            && (0..self.len()).all(|i| self.thread_of(i) == other.thread_of(i))
            && same_weights
    }
}

impl EventLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether the log is empty.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }

    /// Reserves room for `additional` more events.
    pub fn reserve(&mut self, additional: usize) {
        self.time.reserve(additional);
        self.member.reserve(additional);
        self.kind.reserve(additional);
        self.community.reserve(additional);
        self.domain.reserve(additional);
        self.target.reserve(additional);
    }

    /// Releases spare capacity (after a bulk import).
    pub fn shrink_to_fit(&mut self) {
        self.time.shrink_to_fit();
        self.member.shrink_to_fit();
        self.kind.shrink_to_fit();
        self.community.shrink_to_fit();
        self.domain.shrink_to_fit();
        self.target.shrink_to_fit();
        self.artifact.shrink_to_fit();
        self.weight.shrink_to_fit();
        self.thread.shrink_to_fit();
        self.by_member.iter_mut().for_each(Vec::shrink_to_fit);
        self.by_member.shrink_to_fit();
        self.by_target.iter_mut().for_each(Vec::shrink_to_fit);
        self.by_target.shrink_to_fit();
    }

    /// Appends an event whose ids were checked by the landscape.
    /// A log of these rows, in this order.
    pub(crate) fn from_rows(rows: &[Row]) -> EventLog {
        let mut log = EventLog::new();
        log.reserve(rows.len());
        for &row in rows {
            log.push(row);
        }
        log
    }

    pub(crate) fn push(&mut self, row: Row) -> EventId {
        let id = EventId(self.time.len() as u32);
        if let Some(&last) = self.time.last()
            && row.time < last
        {
            self.unsorted = true;
        }
        if self.unsorted {
            self.order = OnceLock::new();
        }
        self.time.push(row.time);
        self.member.push(row.member);
        self.kind.push(row.kind);
        self.community.push(row.community);
        self.domain.push(row.domain);
        self.target.push(row.target);
        if row.artifact != NONE || !self.artifact.is_empty() {
            self.artifact.resize(id.index(), NONE);
            self.artifact.push(row.artifact);
        }
        if !row.weight.is_nan() || !self.weight.is_empty() {
            self.weight.resize(id.index(), f32::NAN);
            self.weight.push(row.weight);
        }
        if row.thread != NONE || !self.thread.is_empty() {
            self.thread.resize(id.index(), NONE);
            self.thread.push(row.thread);
        }
        if self.deferred_from.is_none() {
            Self::index(&mut self.by_member, &self.time, row.member, id);
            if row.target != NONE {
                Self::index(&mut self.by_target, &self.time, row.target, id);
            }
        }
        id
    }

    /// Appends `count` events column by column, as [`EventLog::push`] would one by one: `fill`
    /// writes each column's new tail. An optional column's tail (artifact, weight, thread) is
    /// there when `optional` says the events have the column, and starts as none. Only during a
    /// bulk import (the per-member lists follow at [`EventLog::finish_index`]).
    pub(crate) fn extend_columns(&mut self, count: usize, optional: [bool; 3], fill: impl FnOnce(Tails<'_>)) {
        assert!(self.deferred_from.is_some(), "columns are appended during a bulk import");
        let from = self.len();
        let to = from + count;
        self.time.resize(to, 0);
        self.member.resize(to, NONE);
        self.kind.resize(to, 0);
        self.community.resize(to, 0);
        self.domain.resize(to, NONE);
        self.target.resize(to, NONE);
        let [artifact, weight, thread] = optional;
        let was_empty = [self.artifact.is_empty(), self.weight.is_empty(), self.thread.is_empty()];
        let artifact = optional_tail(&mut self.artifact, artifact, to, NONE);
        let weight = optional_tail(&mut self.weight, weight, to, f32::NAN);
        let thread = optional_tail(&mut self.thread, thread, to, NONE);
        fill(Tails {
            time: &mut self.time[from..],
            member: &mut self.member[from..],
            kind: &mut self.kind[from..],
            community: &mut self.community[from..],
            domain: &mut self.domain[from..],
            target: &mut self.target[from..],
            artifact: artifact.then(|| &mut self.artifact[from..]),
            weight: weight.then(|| &mut self.weight[from..]),
            thread: thread.then(|| &mut self.thread[from..]),
        });
        // As with `push`, an optional column stays empty until an event has a value in it.
        clear_if_none(&mut self.artifact, was_empty[0], from, |&a| a == NONE);
        clear_if_none(&mut self.weight, was_empty[1], from, |w| w.is_nan());
        clear_if_none(&mut self.thread, was_empty[2], from, |&t| t == NONE);
        let start = from.saturating_sub(1);
        if self.time[start..].windows(2).any(|w| w[1] < w[0]) {
            self.unsorted = true;
        }
        if self.unsorted {
            self.order = OnceLock::new();
        }
    }

    /// Starts a bulk import: events pushed from now on enter the per-member lists only at
    /// [`EventLog::finish_index`], in one pass with exact allocations.
    pub(crate) fn defer_index(&mut self) {
        if self.deferred_from.is_none() {
            self.deferred_from = Some(self.len());
        }
    }

    /// Adds the events pushed since [`EventLog::defer_index`] to the per-member lists, and
    /// meanwhile, on another core, runs `alongside` on the columns (the landscape brings its
    /// graph up to date there).
    pub(crate) fn finish_index<T: Send>(&mut self, alongside: impl FnOnce(Columns<'_>) -> T + Send) -> T {
        let Some(start) = self.deferred_from.take() else { return alongside(self.columns()) };
        // In a log in time order, appending in id order keeps every list in time order.
        let in_order = !self.unsorted;
        // The lists are taken out while the columns are lent, and put back after.
        let (mut by_member, mut by_target) =
            (std::mem::take(&mut self.by_member), std::mem::take(&mut self.by_target));
        let columns = self.columns();
        let ((), out) = rayon::join(
            || {
                rayon::join(
                    || Self::extend_lists(&mut by_member, columns.member, columns.time, start, in_order),
                    || Self::extend_lists(&mut by_target, columns.target, columns.time, start, in_order),
                );
            },
            || alongside(columns),
        );
        (self.by_member, self.by_target) = (by_member, by_target);
        out
    }

    /// Adds events `start..` to the lists of the members `ids` names (skipping [`NONE`]).
    fn extend_lists(lists: &mut Vec<Vec<EventId>>, ids: &[u32], times: &[i64], start: usize, in_order: bool) {
        let mut counts: Vec<u32> = Vec::new();
        for &m in ids[start..].iter().filter(|&&m| m != NONE) {
            let m = m as usize;
            if counts.len() <= m {
                counts.resize(m + 1, 0);
            }
            counts[m] += 1;
        }
        if lists.len() < counts.len() {
            lists.resize_with(counts.len(), Vec::new);
        }
        for (list, &n) in lists.iter_mut().zip(&counts) {
            list.reserve_exact(n as usize);
        }
        for (i, &m) in ids.iter().enumerate().skip(start) {
            if m == NONE {
                continue;
            }
            let id = EventId(i as u32);
            if in_order {
                lists[m as usize].push(id);
            } else {
                Self::index(lists, times, m, id);
            }
        }
    }

    /// Adds an event to a member's time-ordered list.
    fn index(lists: &mut Vec<Vec<EventId>>, times: &[i64], member: u32, id: EventId) {
        let m = member as usize;
        if lists.len() <= m {
            lists.resize_with(m + 1, Vec::new);
        }
        let list = &mut lists[m];
        let time = times[id.index()];
        match list.last() {
            Some(&last) if times[last.index()] > time => {
                let at = list.partition_point(|e| times[e.index()] <= time);
                list.insert(at, id);
            }
            _ => list.push(id),
        }
    }

    /// Removes every event with an id of `len` or more (used to undo a failed import).
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        if self.deferred_from.is_some_and(|start| start >= len) {
            self.deferred_from = None; // every deferred event goes
        }
        self.time.truncate(len);
        self.member.truncate(len);
        self.kind.truncate(len);
        self.community.truncate(len);
        self.domain.truncate(len);
        self.target.truncate(len);
        self.artifact.truncate(len);
        self.weight.truncate(len);
        self.thread.truncate(len);
        // An optional column that no remaining event uses goes, as if it had never been
        // allocated: the log after an undo is the log before the import (and saves the same).
        if self.artifact.iter().all(|&a| a == NONE) {
            self.artifact = Vec::new();
        }
        if self.weight.iter().all(|w| w.is_nan()) {
            self.weight = Vec::new();
        }
        if self.thread.iter().all(|&t| t == NONE) {
            self.thread = Vec::new();
        }
        for list in self.by_member.iter_mut().chain(self.by_target.iter_mut()) {
            list.retain(|e| e.index() < len);
        }
        self.unsorted = self.time.windows(2).any(|w| w[0] > w[1]);
        self.order = OnceLock::new();
    }

    /// Drops the events from `len` on, which must be every event pushed since
    /// [`EventLog::defer_index`], and ends the deferral (undo of a bulk recording that panicked).
    pub(crate) fn abandon_deferred(&mut self, len: usize) {
        self.truncate(len);
        self.deferred_from = None;
    }

    /// Forgets per-member lists of members with an id of `members` or more (undo of a failed import).
    pub(crate) fn truncate_members(&mut self, members: usize) {
        self.by_member.truncate(members);
        self.by_target.truncate(members);
    }

    /// The stored row of an event (the id must exist).
    pub(crate) fn row(&self, i: usize) -> Row {
        Row {
            time: self.time[i],
            member: self.member[i],
            kind: self.kind[i],
            community: self.community[i],
            domain: self.domain[i],
            target: self.target[i],
            artifact: self.artifact.get(i).copied().unwrap_or(NONE),
            weight: self.weight.get(i).copied().unwrap_or(f32::NAN),
            thread: self.thread.get(i).copied().unwrap_or(NONE),
        }
    }

    /// The event with this id.
    pub fn get(&self, id: EventId) -> Option<Event> {
        let i = id.index();
        let kind = EventKind::from_code(*self.kind.get(i)?)?;
        Some(Event {
            member: MemberId(self.member[i]),
            time: time::from_seconds(self.time[i]),
            kind,
            community: CommunityId(u32::from(self.community[i])),
            domain: some(self.domain[i]).map(DomainId),
            target: some(self.target[i]).map(MemberId),
            artifact: self.artifact_of(i).map(ArtifactId),
            weight: self.own_weight(i),
            thread: self.thread_of(i).map(ThreadId),
        })
    }

    /// The time of an event, in seconds since the epoch.
    pub fn time_of(&self, id: EventId) -> Option<i64> {
        self.time.get(id.index()).copied()
    }

    fn artifact_of(&self, i: usize) -> Option<u32> {
        self.artifact.get(i).copied().and_then(some)
    }

    /// The raw thread id of event `i`, if it is in a thread.
    pub(crate) fn thread_of(&self, i: usize) -> Option<u32> {
        self.thread.get(i).copied().and_then(some)
    }

    fn own_weight(&self, i: usize) -> Option<f32> {
        self.weight.get(i).copied().filter(|w| !w.is_nan())
    }

    /// The columns, for scans.
    pub fn columns(&self) -> Columns<'_> {
        Columns {
            time: &self.time,
            member: &self.member,
            kind: &self.kind,
            community: &self.community,
            domain: &self.domain,
            target: &self.target,
            artifact: (!self.artifact.is_empty()).then_some(&self.artifact[..]),
            weight: (!self.weight.is_empty()).then_some(&self.weight[..]),
            thread: (!self.thread.is_empty()).then_some(&self.thread[..]),
        }
    }

    /// Whether the events were recorded in time order.
    pub fn is_time_ordered(&self) -> bool {
        !self.unsorted
    }

    /// Event ids in time order (ties in order of recording).
    pub fn in_time_order(&self) -> TimeOrder<'_> {
        if !self.unsorted {
            TimeOrder::Recorded(0..self.len() as u32)
        } else {
            TimeOrder::Sorted(self.order().iter())
        }
    }

    fn order(&self) -> &[EventId] {
        self.order.get_or_init(|| {
            let mut order: Vec<EventId> = (0..self.len() as u32).map(EventId).collect();
            order.sort_by_key(|e| self.time[e.index()]);
            order
        })
    }

    /// Event ids with `from <= time < to` (seconds), in time order. O(log n) to find the range.
    pub fn between(&self, from: i64, to: i64) -> TimeOrder<'_> {
        if !self.unsorted {
            let start = self.time.partition_point(|&t| t < from) as u32;
            let end = (self.time.partition_point(|&t| t < to) as u32).max(start);
            TimeOrder::Recorded(start..end)
        } else {
            let order = self.order();
            let start = order.partition_point(|e| self.time[e.index()] < from);
            let end = order.partition_point(|e| self.time[e.index()] < to).max(start);
            TimeOrder::Sorted(order[start..end].iter())
        }
    }

    /// A member's events, in time order.
    pub fn of_member(&self, member: MemberId) -> &[EventId] {
        self.by_member.get(member.index()).map_or(&[], Vec::as_slice)
    }

    /// A member's events with `from <= time < to` (seconds), in time order. O(log k).
    pub fn of_member_between(&self, member: MemberId, from: i64, to: i64) -> &[EventId] {
        self.slice_between(self.of_member(member), from, to)
    }

    /// The events whose target is this member, in time order.
    pub fn targeting(&self, member: MemberId) -> &[EventId] {
        self.by_target.get(member.index()).map_or(&[], Vec::as_slice)
    }

    /// The events targeting a member with `from <= time < to` (seconds), in time order.
    pub fn targeting_between(&self, member: MemberId, from: i64, to: i64) -> &[EventId] {
        self.slice_between(self.targeting(member), from, to)
    }

    fn slice_between<'a>(&self, list: &'a [EventId], from: i64, to: i64) -> &'a [EventId] {
        let start = list.partition_point(|e| self.time[e.index()] < from);
        let end = list.partition_point(|e| self.time[e.index()] < to).max(start);
        &list[start..end]
    }

    /// The time span of the log: (earliest, latest) in seconds.
    pub fn span(&self) -> Option<(i64, i64)> {
        let first = self.time.iter().copied().min()?;
        let last = self.time.iter().copied().max()?;
        Some((first, last))
    }

    /// Bytes the log holds on the heap, spare capacity included.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.time.capacity() * size_of::<i64>()
            + (self.member.capacity()
                + self.domain.capacity()
                + self.target.capacity()
                + self.artifact.capacity()
                + self.thread.capacity())
                * size_of::<u32>()
            + self.kind.capacity()
            + self.community.capacity() * size_of::<u16>()
            + self.weight.capacity() * size_of::<f32>()
            + self.order.get().map_or(0, |o| o.capacity() * size_of::<EventId>())
            + self.by_member.capacity() * size_of::<Vec<EventId>>()
            + self.by_member.iter().map(|l| l.capacity() * size_of::<EventId>()).sum::<usize>()
    }
}

/// Event ids in time order.
#[derive(Clone, Debug)]
pub enum TimeOrder<'a> {
    /// The log was recorded in time order: a plain range of ids.
    Recorded(Range<u32>),
    /// A slice of the lazily built time order.
    Sorted(std::slice::Iter<'a, EventId>),
}

impl Iterator for TimeOrder<'_> {
    type Item = EventId;

    fn next(&mut self) -> Option<EventId> {
        match self {
            TimeOrder::Recorded(range) => range.next().map(EventId),
            TimeOrder::Sorted(iter) => iter.next().copied(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            TimeOrder::Recorded(range) => range.size_hint(),
            TimeOrder::Sorted(iter) => iter.size_hint(),
        }
    }
}

impl ExactSizeIterator for TimeOrder<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(time: i64, member: u32) -> Row {
        Row {
            time,
            member,
            kind: 0,
            community: 0,
            domain: NONE,
            target: NONE,
            artifact: NONE,
            weight: f32::NAN,
            thread: NONE,
        }
    }

    #[test]
    fn out_of_order_events_iterate_in_time_order() {
        let mut log = EventLog::new();
        for (t, m) in [(30, 0), (10, 1), (20, 0), (10, 0)] {
            log.push(row(t, m));
        }
        assert!(!log.is_time_ordered());
        let order: Vec<u32> = log.in_time_order().map(EventId::raw).collect();
        assert_eq!(order, [1, 3, 2, 0]);
        let between: Vec<u32> = log.between(10, 30).map(EventId::raw).collect();
        assert_eq!(between, [1, 3, 2]);
        let member0: Vec<u32> = log.of_member(MemberId(0)).iter().map(|e| e.raw()).collect();
        assert_eq!(member0, [3, 2, 0]);
        assert_eq!(log.of_member_between(MemberId(0), 11, 31).len(), 2);
        assert_eq!(log.span(), Some((10, 30)));
        log.truncate(2);
        assert_eq!(log.of_member(MemberId(0)).len(), 1);
        assert!(!log.is_time_ordered());
        log.truncate(1);
        assert!(log.is_time_ordered());
    }

    #[test]
    fn optional_columns_appear_only_when_used() {
        let mut log = EventLog::new();
        log.push(row(1, 0));
        assert!(log.columns().weight.is_none() && log.columns().artifact.is_none());
        log.push(Row { weight: 2.0, artifact: 7, ..row(2, 0) });
        assert_eq!(log.columns().weight.unwrap().len(), 2);
        let first = log.get(EventId(0)).unwrap();
        let second = log.get(EventId(1)).unwrap();
        assert_eq!((first.weight, first.artifact), (None, None));
        assert_eq!((second.weight, second.artifact), (Some(2.0), Some(ArtifactId(7))));
        assert!(log.columns().thread.is_none());
        log.push(Row { thread: 3, ..row(3, 0) });
        assert_eq!(log.columns().thread, Some(&[NONE, NONE, 3][..]));
        assert_eq!(log.get(EventId(2)).unwrap().thread, Some(ThreadId(3)));
        assert_eq!(log.get(EventId(1)).unwrap().thread, None);
    }

    #[test]
    fn compact_rows_stay_under_32_bytes() {
        let mut log = EventLog::new();
        let n = 100_000u32;
        log.reserve(n as usize);
        for i in 0..n {
            log.push(Row { target: (i * 7) % 1000, domain: i % 40, ..row(i64::from(i), i % 1000) });
        }
        log.shrink_to_fit();
        let per_event = log.heap_bytes() as f64 / f64::from(n);
        assert!(per_event <= 32.0, "{per_event} bytes per event");
    }

    proptest! {
        #[test]
        fn time_order_is_sorted_and_complete(times in proptest::collection::vec(-1000i64..1000, 0..200)) {
            let mut log = EventLog::new();
            for (i, &t) in times.iter().enumerate() {
                log.push(row(t, (i % 5) as u32));
            }
            let order: Vec<EventId> = log.in_time_order().collect();
            prop_assert_eq!(order.len(), times.len());
            let ordered = order.windows(2).all(|w| {
                let (a, b) = (log.time[w[0].index()], log.time[w[1].index()]);
                a < b || (a == b && w[0] < w[1])
            });
            prop_assert!(ordered);
            for m in 0..5u32 {
                let events = log.of_member(MemberId(m));
                prop_assert!(events.windows(2).all(|w| log.time[w[0].index()] <= log.time[w[1].index()]));
                prop_assert_eq!(events.len(), times.iter().enumerate().filter(|(i, _)| (*i % 5) as u32 == m).count());
            }
            let (from, to) = (-100, 400);
            let expected = times.iter().filter(|&&t| t >= from && t < to).count();
            prop_assert_eq!(log.between(from, to).count(), expected);
        }
    }
}
