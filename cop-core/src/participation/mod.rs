//! Participation scores: how much, how broadly and how centrally a member takes part.
//!
//! A member's score is computed as of a date over a window (the events with
//! `as_of − window < time ≤ as_of`). It has explainable parts, all returned:
//!
//! - **activity**: the events' weights (own weight, else the kind's centrality weight), each
//!   decayed by its age ([`Decay`]: exponential with a half-life, or the Orbit model's monthly
//!   factor such as 0.9 per month);
//! - **breadth**: distinct domains, distinct people interacted with (in either direction) and
//!   distinct active days (UTC);
//! - **role**: whether the member is a declared coordinator (or organiser) of a community;
//! - **structure**: the decayed weight of what others directed at the member (answers,
//!   reviews, reactions received) — the member's in-strength in the window's interaction graph.
//!
//! The total is the weighted sum of the parts ([`ScoreWeights`]), rounded to 1e-9 so that it does
//! not depend on the order in which events were recorded. Every part only grows when events are
//! added, so adding activity never lowers a score.
//!
//! [`scores`] computes everyone in one pass over the window (O(events in window)); [`score_of`]
//! computes one member from their own events and the events targeting them (O(k log k) in those
//! events), which is what incremental use needs.

pub mod agreement;
pub mod analysis;
pub mod ladder;
pub mod levels;
pub mod policy;
pub mod timeline;
pub mod trajectory;

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::model::ids::{CommunityId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::member::Role;
use crate::model::time::DAY;

/// How an event's weight fades with its age.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Decay {
    /// No decay: every event in the window counts fully.
    None,
    /// Exponential: an event `half_life_days` old counts half.
    HalfLife {
        /// Days after which an event counts half.
        half_life_days: f64,
    },
    /// The Orbit model's monthly decay: an event `m` months old counts `factor^m` (months of
    /// 365.25 / 12 days, fractional).
    Monthly {
        /// The factor per month, e.g. 0.9.
        factor: f64,
    },
}

impl Default for Decay {
    /// A 90-day half-life.
    fn default() -> Self {
        Decay::HalfLife { half_life_days: 90.0 }
    }
}

impl Decay {
    /// The multiplier of an event `age` seconds old.
    pub fn factor(self, age: i64) -> f64 {
        let days = age.max(0) as f64 / DAY as f64;
        match self {
            Decay::None => 1.0,
            Decay::HalfLife { half_life_days } => (-days / half_life_days).exp2(),
            Decay::Monthly { factor } => factor.powf(days / (365.25 / 12.0)),
        }
    }
}

/// The weights of the parts in the total score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ScoreWeights {
    /// Per unit of decayed activity.
    pub activity: f64,
    /// Per distinct domain.
    pub domains: f64,
    /// Per distinct person interacted with.
    pub people: f64,
    /// Per distinct active day.
    pub active_days: f64,
    /// For a declared coordinator of a community.
    pub coordinator: f64,
    /// Per unit of decayed weight received from others.
    pub received: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            activity: 1.0,
            domains: 1.0,
            people: 0.5,
            active_days: 0.5,
            coordinator: 5.0,
            received: 0.25,
        }
    }
}

/// How to compute participation scores.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ParticipationConfig {
    /// The window: events within this many days before `as_of` count.
    pub window_days: u32,
    /// How events fade with age.
    pub decay: Decay,
    /// The weights of the parts.
    pub weights: ScoreWeights,
    /// Only events of this community count (all communities when `None`).
    pub community: Option<CommunityId>,
}

impl Default for ParticipationConfig {
    /// A one-year window, a 90-day half-life, the default weights, all communities.
    fn default() -> Self {
        ParticipationConfig {
            window_days: 365,
            decay: Decay::default(),
            weights: ScoreWeights::default(),
            community: None,
        }
    }
}

impl ParticipationConfig {
    /// The window as seconds: `(from, to)` with `from <= time < to`.
    pub fn window(&self, as_of: i64) -> (i64, i64) {
        (as_of - i64::from(self.window_days) * DAY + 1, as_of + 1)
    }
}

/// A member's participation score and its parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    /// The member.
    pub member: MemberId,
    /// Events of the member in the window.
    pub events: u32,
    /// Decayed, weighted activity.
    pub activity: f64,
    /// Distinct domains of the member's events.
    pub domains: u32,
    /// Distinct people the member interacted with, in either direction.
    pub people: u32,
    /// Distinct days (UTC) with an event of the member.
    pub active_days: u32,
    /// Whether the member is a declared coordinator.
    pub coordinator: bool,
    /// Decayed weight of events others directed at the member.
    pub received: f64,
    /// The weighted sum of the parts.
    pub total: f64,
    /// Time of the member's last event in the window (seconds), if any.
    pub last_event: Option<i64>,
}

impl Score {
    /// Whether the member acted in the window.
    pub fn participated(&self) -> bool {
        self.events > 0
    }

    fn finish(&mut self, weights: &ScoreWeights) {
        let total = weights.activity * self.activity
            + weights.domains * f64::from(self.domains)
            + weights.people * f64::from(self.people)
            + weights.active_days * f64::from(self.active_days)
            + if self.coordinator { weights.coordinator } else { 0.0 }
            + weights.received * self.received;
        self.total = round9(total);
        self.activity = round9(self.activity);
        self.received = round9(self.received);
    }
}

fn round9(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

fn is_coordinator(landscape: &Landscape, member: MemberId, community: Option<CommunityId>) -> bool {
    landscape.member(member).is_some_and(|m| {
        m.memberships()
            .iter()
            .any(|x| x.role == Role::Coordinator && community.is_none_or(|c| c == x.community))
    })
}

/// Everyone's scores as of `as_of` (seconds), indexed by member id. One pass over the window.
pub fn scores(landscape: &Landscape, as_of: i64, config: &ParticipationConfig) -> Vec<Score> {
    // Both directions of every interaction, counted once per pair after the pass.
    let mut pairs: Vec<u64> = Vec::new();
    let mut out = window_parts(landscape, as_of, config, Some(&mut pairs));
    pairs.par_sort_unstable();
    pairs.dedup();
    for pair in pairs {
        out[(pair >> 32) as usize].people += 1;
    }
    for score in &mut out {
        score.coordinator = is_coordinator(landscape, score.member, config.community);
        score.finish(&config.weights);
    }
    out
}

/// The parts of everyone's scores that one pass over the window gives, in time order: events,
/// decayed activity and received weight, the last event, active days and domains. The pairs of
/// interacting members go to `pairs` (both directions) when given; people, the coordinator part
/// and the total are left to the caller.
fn window_parts(
    landscape: &Landscape,
    as_of: i64,
    config: &ParticipationConfig,
    mut pairs: Option<&mut Vec<u64>>,
) -> Vec<Score> {
    let n = landscape.member_rows();
    let log = landscape.log();
    let c = log.columns();
    let weights = landscape.kinds().weights_by_code();
    let (from, to) = config.window(as_of);
    let community = config.community.map(|c| c.raw() as u16);
    // What each event adds to its member, packed in half a cache line (members come in random
    // order, so each event should touch one line of theirs): with at most 64 domains, the
    // member's domains are a bit mask in it; with more, they are counted apart.
    let mut tallies = vec![Tally::default(); n];
    let mut many_domains = (landscape.taxonomy().len() > 64)
        .then(|| (Distinct::new(n, landscape.taxonomy().len()), vec![0u32; n]));
    let mut received = vec![0.0f64; n];
    for id in log.between(from, to) {
        let i = id.index();
        if community.is_some_and(|x| c.community[i] != x) {
            continue;
        }
        let (m, t, time) = (c.member[i] as usize, c.target[i], c.time[i]);
        let w = f64::from(c.weight_of(i, weights));
        let decayed = w * config.decay.factor(as_of - time);
        let tally = &mut tallies[m];
        // In time order, the member's last event so far is the one before this.
        if tally.events == 0 || tally.last_event.div_euclid(DAY) != time.div_euclid(DAY) {
            tally.active_days += 1;
        }
        tally.events += 1;
        tally.activity += decayed;
        tally.last_event = time;
        let domain = c.domain[i];
        if domain != NONE {
            match &mut many_domains {
                None => tally.domains |= 1 << domain,
                Some((seen, counts)) => counts[m] += u32::from(seen.insert(m, domain)),
            }
        }
        if t != NONE && t as usize != m {
            if let Some(pairs) = pairs.as_deref_mut() {
                pairs.push((m as u64) << 32 | u64::from(t));
                pairs.push(u64::from(t) << 32 | m as u64);
            }
            received[t as usize] += decayed;
        }
    }
    (0..n)
        .map(|m| {
            let tally = &tallies[m];
            Score {
                member: MemberId::from_raw(m as u32),
                events: tally.events,
                activity: tally.activity,
                domains: many_domains.as_ref().map_or(tally.domains.count_ones(), |(_, counts)| counts[m]),
                active_days: tally.active_days,
                received: received[m],
                last_event: (tally.events > 0).then_some(tally.last_event),
                ..Score::default()
            }
        })
        .collect()
}

/// What the events of the window add to one member's score as the pass goes (see
/// [`window_parts`]): 32 bytes.
#[derive(Clone, Copy, Default)]
struct Tally {
    activity: f64,
    /// The latest event's time (meaningful once `events > 0`).
    last_event: i64,
    /// A bit per domain the member acted in (when there are at most 64 domains).
    domains: u64,
    events: u32,
    active_days: u32,
}

/// Everyone's scores as of a rising sequence of dates, the same as [`scores`] as of each: the
/// distinct people each member interacted with are kept up to date as interactions enter and
/// leave the window (a count per pair of members), the rest is one pass over each window in
/// time order (the decayed parts depend on the date, and their sums on the order of their
/// terms, so they are summed again as [`scores`] sums them).
pub(crate) struct ScoreSweep<'a> {
    landscape: &'a Landscape,
    config: &'a ParticipationConfig,
    /// Interactions between two members in scope, in time order: (time, lower id, higher id).
    interactions: Vec<(i64, u32, u32)>,
    /// Interactions per pair (lower id << 32 | higher id) in the window.
    pairs: rustc_hash::FxHashMap<u64, u32>,
    /// Distinct people per member in the window.
    people: Vec<u32>,
    /// The interactions `entered..` are not in the window yet, those before `left` have left it.
    entered: usize,
    left: usize,
    coordinators: Vec<bool>,
}

impl<'a> ScoreSweep<'a> {
    /// A sweep before any window.
    pub(crate) fn new(landscape: &'a Landscape, config: &'a ParticipationConfig) -> ScoreSweep<'a> {
        let log = landscape.log();
        let c = log.columns();
        let community = config.community.map(|c| c.raw() as u16);
        let interactions = log
            .in_time_order()
            .map(|id| id.index())
            .filter(|&i| community.is_none_or(|x| c.community[i] == x))
            .filter(|&i| c.target[i] != NONE && c.target[i] != c.member[i])
            .map(|i| (c.time[i], c.member[i].min(c.target[i]), c.member[i].max(c.target[i])))
            .collect();
        let coordinators =
            landscape.member_ids().map(|m| is_coordinator(landscape, m, config.community)).collect();
        ScoreSweep {
            landscape,
            config,
            interactions,
            pairs: rustc_hash::FxHashMap::default(),
            people: vec![0; landscape.member_rows()],
            entered: 0,
            left: 0,
            coordinators,
        }
    }

    /// Moves the window to end at `as_of` (not before the last date it moved to) and returns
    /// each member's distinct people in it.
    pub(crate) fn advance(&mut self, as_of: i64) -> Vec<u32> {
        let (from, to) = self.config.window(as_of);
        while let Some(&(time, a, b)) = self.interactions.get(self.entered)
            && time < to
        {
            let count = self.pairs.entry(u64::from(a) << 32 | u64::from(b)).or_default();
            *count += 1;
            if *count == 1 {
                self.people[a as usize] += 1;
                self.people[b as usize] += 1;
            }
            self.entered += 1;
        }
        while self.left < self.entered && self.interactions[self.left].0 < from {
            let (_, a, b) = self.interactions[self.left];
            let key = u64::from(a) << 32 | u64::from(b);
            let count = self.pairs.get_mut(&key).expect("an interaction in the window");
            *count -= 1;
            if *count == 0 {
                self.pairs.remove(&key);
                self.people[a as usize] -= 1;
                self.people[b as usize] -= 1;
            }
            self.left += 1;
        }
        self.people.clone()
    }

    /// Everyone's scores as of `as_of`, given the people that [`ScoreSweep::advance`] to
    /// `as_of` returned.
    pub(crate) fn scores(&self, as_of: i64, people: &[u32]) -> Vec<Score> {
        let mut out = window_parts(self.landscape, as_of, self.config, None);
        for (score, (&people, &coordinator)) in out.iter_mut().zip(people.iter().zip(&self.coordinators)) {
            score.people = people;
            score.coordinator = coordinator;
            score.finish(&self.config.weights);
        }
        out
    }
}

/// Which values (domains, communities) each member has been seen with: a bit per (member,
/// value) when that fits in 64 MiB, else a hash set.
pub(crate) enum Distinct {
    Bits { values: usize, bits: Vec<u64> },
    Set(FxHashSet<(u32, u32)>),
}

impl Distinct {
    /// For `members` members and values below `values`.
    pub(crate) fn new(members: usize, values: usize) -> Self {
        match members.checked_mul(values) {
            Some(cells) if cells <= 1 << 29 => Distinct::Bits { values, bits: vec![0; cells.div_ceil(64)] },
            _ => Distinct::Set(FxHashSet::default()),
        }
    }

    /// Notes that `member` was seen with `value`; whether that is new.
    pub(crate) fn insert(&mut self, member: usize, value: u32) -> bool {
        match self {
            Distinct::Bits { values, bits } => {
                let cell = member * *values + value as usize;
                let (word, bit) = (cell / 64, 1u64 << (cell % 64));
                let new = bits[word] & bit == 0;
                bits[word] |= bit;
                new
            }
            Distinct::Set(set) => set.insert((member as u32, value)),
        }
    }
}

/// One member's score as of `as_of` (seconds), from their own events and the events targeting
/// them: O(k log k) in those events, independent of the size of the landscape.
pub fn score_of(landscape: &Landscape, member: MemberId, as_of: i64, config: &ParticipationConfig) -> Score {
    let log = landscape.log();
    let c = log.columns();
    let weights = landscape.kinds().weights_by_code();
    let (from, to) = config.window(as_of);
    let community = config.community.map(|c| c.raw() as u16);
    let in_scope = |i: usize| community.is_none_or(|x| c.community[i] == x);
    let weight_of = |i: usize| f64::from(c.weight_of(i, weights));
    let mut score = Score { member, ..Score::default() };
    let mut domains = FxHashSet::default();
    let mut people = FxHashSet::default();
    let mut days = FxHashSet::default();
    for id in log.of_member_between(member, from, to) {
        let i = id.index();
        if !in_scope(i) {
            continue;
        }
        score.events += 1;
        score.activity += weight_of(i) * config.decay.factor(as_of - c.time[i]);
        score.last_event = Some(score.last_event.map_or(c.time[i], |l| l.max(c.time[i])));
        days.insert(c.time[i].div_euclid(DAY));
        if c.domain[i] != NONE {
            domains.insert(c.domain[i]);
        }
        if c.target[i] != NONE && c.target[i] != member.raw() {
            people.insert(c.target[i]);
        }
    }
    for id in log.targeting_between(member, from, to) {
        let i = id.index();
        if !in_scope(i) || c.member[i] == member.raw() {
            continue;
        }
        people.insert(c.member[i]);
        score.received += weight_of(i) * config.decay.factor(as_of - c.time[i]);
    }
    score.domains = domains.len() as u32;
    score.people = people.len() as u32;
    score.active_days = days.len() as u32;
    score.coordinator = is_coordinator(landscape, member, config.community);
    score.finish(&config.weights);
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImportOptions;

    fn landscape(csv: &str) -> Landscape {
        let mut l = Landscape::new();
        l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
        l
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// The one pass over the window gives each member the score of their own events: with a
        /// few domains (a bit mask per member) and with more than 64 (counted apart).
        #[test]
        fn everyone_in_one_pass_is_each_on_their_own(
            rows in proptest::collection::vec((0u8..10, 0u32..(90 * 24 * 60), 0u8..5, 0u8..80, 0u8..14), 1..120),
            many in proptest::prelude::any::<bool>(),
            half_life in proptest::prelude::any::<bool>(),
        ) {
            let kinds = ["answer", "ask", "review", "react", "comment"];
            let mut csv = String::from("member,time,kind,domain,target\n");
            if many {
                // 75 domains in the taxonomy, from events long before the window.
                for d in 0..75 {
                    csv += &format!("old,1672531200,ask,d{d},\n");
                }
            }
            for &(m, minutes, kind, domain, target) in &rows {
                let domain = if domain >= 75 { String::new() } else { format!("d{}", if many { domain } else { domain % 6 }) };
                let target = if target < 10 { format!("m{target}") } else { String::new() };
                csv += &format!("m{m},{},{},{domain},{target}\n", 1_704_067_200 + i64::from(minutes) * 60, kinds[kind as usize]);
            }
            let l = landscape(&csv);
            let mut config = ParticipationConfig { window_days: 30, ..ParticipationConfig::default() };
            if half_life {
                config.decay = Decay::HalfLife { half_life_days: 7.0 };
            }
            let as_of = 1_704_067_200 + 60 * 86_400;
            let all = scores(&l, as_of, &config);
            for m in l.member_ids() {
                proptest::prop_assert_eq!(score_of(&l, m, as_of, &config), all[m.index()]);
            }
        }
    }

    const CSV: &str = "member,time,kind,domain,target\n\
        ada,2024-01-01T10:00:00Z,answer,testing,bob\n\
        ada,2024-01-01T12:00:00Z,review,docs,bob\n\
        ada,2024-01-31T10:00:00Z,ask,testing,\n\
        bob,2024-01-31T11:00:00Z,react,testing,ada\n\
        cy,2023-01-01T00:00:00Z,ask,testing,\n";

    #[test]
    fn parts_by_hand() {
        let l = landscape(CSV);
        let as_of = crate::model::time::parse_time("2024-01-31T12:00:00Z").unwrap();
        let config = ParticipationConfig {
            window_days: 60,
            decay: Decay::None,
            weights: ScoreWeights::default(),
            community: None,
        };
        let all = scores(&l, as_of, &config);
        let ada = all[0];
        // answer 3 + review 4 + ask 2
        assert_eq!((ada.events, ada.activity), (3, 9.0));
        assert_eq!((ada.domains, ada.people, ada.active_days), (2, 1, 2));
        assert_eq!(ada.received, 1.0, "bob's reaction");
        // 9 + 2 domains + 0.5 * 1 person + 0.5 * 2 days + 0.25 * 1 received
        assert_eq!(ada.total, 9.0 + 2.0 + 0.5 + 1.0 + 0.25);
        let bob = all[1];
        assert_eq!((bob.events, bob.people, bob.received), (1, 1, 7.0));
        let cy = all[2];
        assert!(!cy.participated(), "cy's only event is outside the window");
        assert_eq!(cy.total, 0.0);
        for m in l.member_ids() {
            assert_eq!(score_of(&l, m, as_of, &config), all[m.index()]);
        }
    }

    #[test]
    fn decay_settings() {
        assert_eq!(Decay::None.factor(10 * DAY), 1.0);
        let half = Decay::HalfLife { half_life_days: 10.0 };
        assert!((half.factor(10 * DAY) - 0.5).abs() < 1e-12);
        assert!((half.factor(20 * DAY) - 0.25).abs() < 1e-12);
        let orbit = Decay::Monthly { factor: 0.9 };
        let month = (365.25 / 12.0 * DAY as f64) as i64;
        assert!((orbit.factor(month) - 0.9).abs() < 1e-6);
        assert_eq!(half.factor(-5), 1.0, "future events do not grow");
    }

    #[test]
    fn coordinators_get_the_role_part() {
        let mut l = landscape(CSV);
        let bob = l.member_id("bob").unwrap();
        l.add_membership(bob, CommunityId::DEFAULT, Role::Coordinator, None).unwrap();
        let as_of = crate::model::time::parse_time("2024-02-01T00:00:00Z").unwrap();
        let config = ParticipationConfig::default();
        let score = score_of(&l, bob, as_of, &config);
        assert!(score.coordinator);
        let without = ScoreWeights { coordinator: 0.0, ..ScoreWeights::default() };
        let lower = score_of(&l, bob, as_of, &ParticipationConfig { weights: without, ..config });
        assert!((score.total - lower.total - 5.0).abs() < 1e-9);
    }
}
