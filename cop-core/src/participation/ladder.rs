//! Ladders: participation levels earned by meeting criteria, as forums and community platforms do.
//!
//! A [`Ladder`] is a list of rungs, lowest first. Each rung maps to a participation [`Level`]
//! and has [`Requirement`]s: AND / OR combinations of thresholds over rolling windows, absolute
//! or relative to the community's own activity (with caps), counts of distinct people, days or
//! topics, the heaviest activity done (the Orbit model's activity weights), and presence
//! milestones (active on D days in some week / month / quarter).
//!
//! Members climb at once when they meet a higher rung's requirements. They fall back only when
//! they no longer meet their rung's requirements even at the low-water mark (e.g. 0.9 of each
//! amount) and the grace period after their last promotion is over — hysteresis, so a level
//! does not flicker. Rungs can be manual-only (never reached automatically), and members can be
//! locked on a rung. Levels are found by replaying the member's history at the ladder's review
//! interval up to `as_of`.
//!
//! Two presets, each documented with its source and its mapping onto cop's event kinds:
//! [`Ladder::discourse_trust_levels`] and [`Ladder::orbit`].

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::error::{CopError, Result};
use crate::model::ids::{EventId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::time::{DAY, Period};
use crate::participation::levels::{
    Assessment, Context, CriterionCheck, Evidence, Level, LevelPolicy, Levels,
};
use crate::participation::{Score, score_of};

/// What is counted over a member's events (or the events directed at them).
/// `kinds` empty means every kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "count", rename_all = "snake_case")]
pub enum Quantity {
    /// Number of the member's events of these kinds.
    Events {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// Sum of the weights of the member's events of these kinds.
    Weight {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// Distinct days (UTC) with an event of these kinds.
    ActiveDays {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// Distinct topics (artifacts) of the member's events of these kinds; an event without an
    /// artifact counts as a topic of its own.
    Topics {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// Minutes spent: the events' own weights read as minutes, else `default_minutes` each.
    Minutes {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
        /// Minutes of an event without a weight of its own.
        default_minutes: f64,
    },
    /// Number of events of these kinds directed at the member by others.
    Received {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// Distinct people who directed events of these kinds at the member.
    ReceivedFromPeople {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// Distinct days on which the member received events of these kinds.
    ReceivedOnDays {
        /// Kinds counted (all when empty).
        #[serde(default)]
        kinds: Vec<String>,
    },
    /// The heaviest activity the member did, by a weight per kind (kinds not listed weigh 0).
    MaxActivityWeight {
        /// The weight of each kind.
        weights: BTreeMap<String, f64>,
    },
}

/// A threshold: a fixed amount, or a share of the same quantity over the whole community.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Amount {
    /// A fixed amount.
    Absolute(f64),
    /// `share` × the quantity summed over every member in the window, rounded, at most `cap`.
    Relative {
        /// The share of the community's total.
        share: f64,
        /// The most it can require.
        #[serde(default)]
        cap: Option<f64>,
    },
}

/// A calendar presence milestone: active on at least `days` days in at least `periods`
/// calendar periods of kind `per` within the window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    /// Active days needed within one period.
    pub days: u32,
    /// The period.
    pub per: Period,
    /// How many such periods are needed.
    #[serde(default = "one")]
    pub periods: u32,
}

fn one() -> u32 {
    1
}

/// A requirement of a rung.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Every requirement holds.
    All(Vec<Requirement>),
    /// At least one requirement holds.
    Any(Vec<Requirement>),
    /// A quantity over a window (days before `as_of`; all history when `None`) reaches an amount.
    AtLeast {
        /// What is counted.
        quantity: Quantity,
        /// The amount needed.
        amount: Amount,
        /// The window in days (all history when absent).
        #[serde(default)]
        window_days: Option<u32>,
    },
    /// A presence milestone within a window of days.
    Presence {
        /// The milestone.
        presence: Presence,
        /// The window in days.
        window_days: u32,
    },
}

/// One rung of a ladder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rung {
    /// Its name (`TL2`, `Contributing`).
    pub name: String,
    /// The participation level of members on it.
    pub level: Level,
    /// What it takes (the lowest rung takes nothing: use `All([])`).
    pub requires: Requirement,
    /// Reached only by a manual lock.
    #[serde(default)]
    pub manual_only: bool,
    /// Kept while every amount is met at this fraction (1: no hysteresis).
    #[serde(default = "full")]
    pub low_water: f64,
    /// Days after a promotion to this rung during which the member is not demoted.
    #[serde(default)]
    pub grace_days: u32,
}

fn full() -> f64 {
    1.0
}

/// A member locked on a rung by hand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// The member's key.
    pub member: String,
    /// The rung's name.
    pub rung: String,
}

/// A ladder of rungs with criteria (see the [module docs](self)).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ladder {
    /// The ladder's name.
    pub name: String,
    /// The rungs, lowest first.
    pub rungs: Vec<Rung>,
    /// Days between two reviews when replaying a member's history.
    pub review_every_days: u32,
    /// Members locked on a rung.
    #[serde(default)]
    pub locks: Vec<Lock>,
}

/// Kind codes selected by names (all kinds when `None`).
struct KindSet(Option<[bool; 256]>);

impl KindSet {
    fn new(landscape: &Landscape, names: &[String]) -> KindSet {
        if names.is_empty() {
            return KindSet(None);
        }
        let mut set = [false; 256];
        for name in names {
            if let Some(kind) = landscape.kind(name) {
                set[usize::from(kind.code())] = true;
            }
        }
        KindSet(Some(set))
    }

    fn contains(&self, code: u8) -> bool {
        self.0.is_none_or(|set| set[usize::from(code)])
    }
}

fn kinds_label(kinds: &[String]) -> String {
    if kinds.is_empty() { "any".into() } else { kinds.join("/") }
}

impl Quantity {
    fn describe(&self) -> String {
        match self {
            Quantity::Events { kinds } => format!("{} events", kinds_label(kinds)),
            Quantity::Weight { kinds } => format!("weight of {} events", kinds_label(kinds)),
            Quantity::ActiveDays { kinds } => format!("days with {} events", kinds_label(kinds)),
            Quantity::Topics { kinds } => format!("topics with {} events", kinds_label(kinds)),
            Quantity::Minutes { kinds, .. } => format!("minutes of {}", kinds_label(kinds)),
            Quantity::Received { kinds } => format!("{} received", kinds_label(kinds)),
            Quantity::ReceivedFromPeople { kinds } => {
                format!("distinct people giving {}", kinds_label(kinds))
            }
            Quantity::ReceivedOnDays { kinds } => format!("days receiving {}", kinds_label(kinds)),
            Quantity::MaxActivityWeight { .. } => "heaviest activity weight".into(),
        }
    }

    /// The quantity over events `ids` (the member's own, or those directed at them).
    fn measure(&self, landscape: &Landscape, own: &[EventId], received: &[EventId], member: u32) -> f64 {
        let c = landscape.log().columns();
        let weights = landscape.kinds().weights_by_code();
        let day = |i: usize| c.time[i].div_euclid(DAY);
        match self {
            Quantity::Events { kinds } => {
                let set = KindSet::new(landscape, kinds);
                own.iter().filter(|e| set.contains(c.kind[e.index()])).count() as f64
            }
            Quantity::Weight { kinds } => {
                let set = KindSet::new(landscape, kinds);
                own.iter()
                    .map(|e| e.index())
                    .filter(|&i| set.contains(c.kind[i]))
                    .map(|i| f64::from(c.weight_of(i, weights)))
                    .fold(0.0, |a, b| a + b)
            }
            Quantity::ActiveDays { kinds } => {
                let set = KindSet::new(landscape, kinds);
                let days: FxHashSet<i64> =
                    own.iter().map(|e| e.index()).filter(|&i| set.contains(c.kind[i])).map(day).collect();
                days.len() as f64
            }
            Quantity::Topics { kinds } => {
                let set = KindSet::new(landscape, kinds);
                let mut topics = FxHashSet::default();
                let mut loose = 0usize;
                for i in own.iter().map(|e| e.index()).filter(|&i| set.contains(c.kind[i])) {
                    match c.artifact.map_or(NONE, |a| a[i]) {
                        NONE => loose += 1,
                        a => {
                            topics.insert(a);
                        }
                    }
                }
                (topics.len() + loose) as f64
            }
            Quantity::Minutes { kinds, default_minutes } => {
                let set = KindSet::new(landscape, kinds);
                own.iter()
                    .map(|e| e.index())
                    .filter(|&i| set.contains(c.kind[i]))
                    .map(|i| {
                        let w = c.weight.map_or(f32::NAN, |w| w[i]);
                        if w.is_nan() { *default_minutes } else { f64::from(w) }
                    })
                    .fold(0.0, |a, b| a + b)
            }
            Quantity::Received { kinds } => {
                let set = KindSet::new(landscape, kinds);
                received
                    .iter()
                    .map(|e| e.index())
                    .filter(|&i| set.contains(c.kind[i]) && c.member[i] != member)
                    .count() as f64
            }
            Quantity::ReceivedFromPeople { kinds } => {
                let set = KindSet::new(landscape, kinds);
                let people: FxHashSet<u32> = received
                    .iter()
                    .map(|e| e.index())
                    .filter(|&i| set.contains(c.kind[i]) && c.member[i] != member)
                    .map(|i| c.member[i])
                    .collect();
                people.len() as f64
            }
            Quantity::ReceivedOnDays { kinds } => {
                let set = KindSet::new(landscape, kinds);
                let days: FxHashSet<i64> = received
                    .iter()
                    .map(|e| e.index())
                    .filter(|&i| set.contains(c.kind[i]) && c.member[i] != member)
                    .map(day)
                    .collect();
                days.len() as f64
            }
            Quantity::MaxActivityWeight { weights } => {
                let mut by_code = [0.0f64; 256];
                for (name, &w) in weights {
                    if let Some(kind) = landscape.kind(name) {
                        by_code[usize::from(kind.code())] = w;
                    }
                }
                own.iter().map(|e| by_code[usize::from(c.kind[e.index()])]).fold(0.0, f64::max)
            }
        }
    }
}

/// Caches community-wide quantities for relative amounts, per review time.
#[derive(Default)]
struct Community {
    totals: FxHashMap<(String, Option<u32>, i64), f64>,
}

impl Community {
    fn total(&mut self, landscape: &Landscape, quantity: &Quantity, window: Option<u32>, at: i64) -> f64 {
        let key = (format!("{quantity:?}"), window, at);
        if let Some(&v) = self.totals.get(&key) {
            return v;
        }
        let from = window.map_or(i64::MIN, |w| at - i64::from(w) * DAY + 1);
        let ids: Vec<EventId> = landscape.log().between(from, at + 1).collect();
        // Community-wide: every member's events count as one body of activity.
        let v = quantity.measure(landscape, &ids, &ids, NONE);
        self.totals.insert(key, v);
        v
    }
}

/// Evaluates requirements for one member at one time.
struct Evaluator<'a> {
    landscape: &'a Landscape,
    member: MemberId,
    at: i64,
}

impl Evaluator<'_> {
    fn window(&self, days: Option<u32>) -> (i64, i64) {
        (days.map_or(i64::MIN, |d| self.at - i64::from(d) * DAY + 1), self.at + 1)
    }

    /// Whether the requirement holds with amounts scaled by `factor`; checks are collected.
    fn holds(
        &self,
        rung: &str,
        requirement: &Requirement,
        factor: f64,
        community: &mut Community,
        checks: &mut Vec<CriterionCheck>,
    ) -> bool {
        match requirement {
            Requirement::All(all) => {
                let mut ok = true;
                for r in all {
                    ok &= self.holds(rung, r, factor, community, checks);
                }
                ok
            }
            Requirement::Any(any) => {
                let mut ok = any.is_empty();
                for r in any {
                    ok |= self.holds(rung, r, factor, community, checks);
                }
                ok
            }
            Requirement::AtLeast { quantity, amount, window_days } => {
                let log = self.landscape.log();
                let (from, to) = self.window(*window_days);
                let own = log.of_member_between(self.member, from, to);
                let received = log.targeting_between(self.member, from, to);
                let value = quantity.measure(self.landscape, own, received, self.member.raw());
                let base = match amount {
                    Amount::Absolute(v) => *v,
                    Amount::Relative { share, cap } => {
                        let total = community.total(self.landscape, quantity, *window_days, self.at);
                        let needed = (share * total).round();
                        cap.map_or(needed, |c| needed.min(c))
                    }
                };
                let required = base * factor;
                let met = value >= required;
                checks.push(CriterionCheck {
                    rung: rung.to_owned(),
                    criterion: match window_days {
                        Some(d) => format!("{} in {d} days", quantity.describe()),
                        None => format!("{} ever", quantity.describe()),
                    },
                    value,
                    required,
                    met,
                });
                met
            }
            Requirement::Presence { presence, window_days } => {
                let log = self.landscape.log();
                let (from, to) = self.window(Some(*window_days));
                let times = log.columns().time;
                let mut days_per_period: FxHashMap<i64, FxHashSet<i64>> = FxHashMap::default();
                for e in log.of_member_between(self.member, from, to) {
                    let t = times[e.index()];
                    days_per_period.entry(presence.per.index(t)).or_default().insert(t.div_euclid(DAY));
                }
                let needed_days = (f64::from(presence.days) * factor).ceil();
                let periods =
                    days_per_period.values().filter(|days| days.len() as f64 >= needed_days).count() as f64;
                let required = f64::from(presence.periods) * factor;
                let met = periods >= required;
                checks.push(CriterionCheck {
                    rung: rung.to_owned(),
                    criterion: format!(
                        "{:?}s with at least {} active days in {window_days} days",
                        presence.per, presence.days
                    )
                    .to_lowercase(),
                    value: periods,
                    required,
                    met,
                });
                met
            }
        }
    }
}

/// A member's place on the ladder while replaying their history.
#[derive(Clone, Copy, Debug)]
struct State {
    rung: usize,
    promoted_at: i64,
}

impl Ladder {
    fn check(&self) -> Result<()> {
        if self.rungs.is_empty() || self.review_every_days == 0 {
            return Err(CopError::invalid(
                "ladder",
                "a ladder needs rungs and a review interval of at least a day",
            ));
        }
        if self.rungs.iter().any(|r| !(0.0..=1.0).contains(&r.low_water)) {
            return Err(CopError::invalid("ladder", "a low-water mark is a fraction in 0..=1"));
        }
        for lock in &self.locks {
            if !self.rungs.iter().any(|r| r.name == lock.rung) {
                return Err(CopError::invalid("ladder", format!("lock on unknown rung `{}`", lock.rung)));
            }
        }
        Ok(())
    }

    fn longest_window(requirement: &Requirement) -> u32 {
        match requirement {
            Requirement::All(list) | Requirement::Any(list) => {
                list.iter().map(Self::longest_window).max().unwrap_or(0)
            }
            Requirement::AtLeast { window_days, .. } => window_days.unwrap_or(0),
            Requirement::Presence { window_days, .. } => *window_days,
        }
    }

    /// Replays a member's history up to `as_of` and returns their rung with the checks of the
    /// rung above (or of their own rung at the top).
    fn place(
        &self,
        landscape: &Landscape,
        member: MemberId,
        as_of: i64,
        community: &mut Community,
    ) -> (usize, Vec<CriterionCheck>) {
        let key = landscape.member_key(member).unwrap_or_default();
        if let Some(lock) = self.locks.iter().find(|l| l.member == key) {
            let rung = self.rungs.iter().position(|r| r.name == lock.rung).unwrap_or(0);
            return (rung, vec![]);
        }
        let events = landscape.log().of_member(member);
        let Some(&first) = events.first() else { return (0, vec![]) };
        let first = landscape.log().time_of(first).unwrap_or(as_of);
        if first > as_of {
            return (0, vec![]);
        }
        let step = i64::from(self.review_every_days) * DAY;
        let horizon =
            self.rungs.iter().map(|r| Self::longest_window(&r.requires).max(r.grace_days)).max().unwrap_or(0);
        // Start replaying early enough for hysteresis to matter, aligned so the last review is as_of.
        let start = first.max(as_of - 2 * i64::from(horizon.max(self.review_every_days)) * DAY);
        let reviews = (as_of - start) / step;
        let mut state = State { rung: 0, promoted_at: i64::MIN };
        for r in (0..=reviews).rev() {
            let at = as_of - r * step;
            state = self.review(landscape, member, at, state, community);
        }
        let mut checks = Vec::new();
        let shown =
            (state.rung + 1..self.rungs.len()).find(|&r| !self.rungs[r].manual_only).unwrap_or(state.rung);
        let evaluator = Evaluator { landscape, member, at: as_of };
        evaluator.holds(&self.rungs[shown].name, &self.rungs[shown].requires, 1.0, community, &mut checks);
        (state.rung, checks)
    }

    fn review(
        &self,
        landscape: &Landscape,
        member: MemberId,
        at: i64,
        state: State,
        community: &mut Community,
    ) -> State {
        let evaluator = Evaluator { landscape, member, at };
        let mut scratch = Vec::new();
        let mut met = |rung: usize, factor: f64, community: &mut Community| {
            scratch.clear();
            rung == 0
                || evaluator.holds(
                    &self.rungs[rung].name,
                    &self.rungs[rung].requires,
                    factor,
                    community,
                    &mut scratch,
                )
        };
        // Promotion at once to the highest rung whose requirements hold.
        let target = (0..self.rungs.len())
            .rev()
            .find(|&r| !self.rungs[r].manual_only && met(r, 1.0, community))
            .unwrap_or(0);
        if target > state.rung {
            return State { rung: target, promoted_at: at };
        }
        let current = &self.rungs[state.rung];
        let in_grace = at < state.promoted_at.saturating_add(i64::from(current.grace_days) * DAY);
        if state.rung == 0 || in_grace || met(state.rung, current.low_water, community) {
            return state;
        }
        State { rung: target, promoted_at: state.promoted_at }
    }

    /// The Discourse trust levels with Discourse's default thresholds (`config/site_settings.yml`,
    /// `lib/promotion.rb`, `app/models/trust_level3_requirements.rb`):
    ///
    /// | rung | level | requires |
    /// |---|---|---|
    /// | TL0 new user | peripheral | nothing |
    /// | TL1 basic | occasional | 5 topics entered, 30 posts read, 10 minutes reading |
    /// | TL2 member | active | 20 topics entered, 100 posts read, 60 minutes reading, 15 days visited, 1 like given, 1 like received, replies in 3 topics |
    /// | TL3 regular | core group | over the last 100 days: 50 days visited, replies in 10 topics, 25 % of topics viewed (at most 500), 25 % of posts read (at most 20,000), 30 likes given, 20 likes received from 5 people on 7 days; and ever: 200 topics viewed, 500 posts read. Kept at 0.9 of each (low-water mark) and for 14 days after promotion. |
    /// | TL4 leader | core group | granted by hand only |
    ///
    /// Mapping onto cop's event kinds: a *post read* is a `read` event and a *topic* is its
    /// artifact (a `read` without an artifact counts as a topic of its own); *minutes reading* are
    /// the `read` events' own weights read as minutes, else one minute per `read`; a *day visited*
    /// is a day with any event; a *like* is a `react` event (given by its member, received by its
    /// target); a *reply* is an `answer` or `comment`, its topic the artifact. Differences from
    /// Discourse: the low-water mark applies to every criterion (Discourse exempts flags and
    /// all-time counts), flags and suspensions are not modelled, and members are reviewed weekly
    /// (Discourse's job runs daily; set `review_every_days` to 1 for that).
    pub fn discourse_trust_levels() -> Ladder {
        let read = || vec!["read".to_owned()];
        let at_least = |quantity: Quantity, amount: f64, window_days: Option<u32>| Requirement::AtLeast {
            quantity,
            amount: Amount::Absolute(amount),
            window_days,
        };
        let minutes = || Quantity::Minutes { kinds: read(), default_minutes: 1.0 };
        let replies = || Quantity::Topics { kinds: vec!["answer".into(), "comment".into()] };
        let likes = || vec!["react".to_owned()];
        Ladder {
            name: "discourse_trust_levels".into(),
            rungs: vec![
                Rung {
                    name: "TL0".into(),
                    level: Level::Peripheral,
                    requires: Requirement::All(vec![]),
                    manual_only: false,
                    low_water: 1.0,
                    grace_days: 0,
                },
                Rung {
                    name: "TL1".into(),
                    level: Level::Occasional,
                    requires: Requirement::All(vec![
                        at_least(Quantity::Topics { kinds: read() }, 5.0, None),
                        at_least(Quantity::Events { kinds: read() }, 30.0, None),
                        at_least(minutes(), 10.0, None),
                    ]),
                    manual_only: false,
                    low_water: 1.0,
                    grace_days: 0,
                },
                Rung {
                    name: "TL2".into(),
                    level: Level::Active,
                    requires: Requirement::All(vec![
                        at_least(Quantity::Topics { kinds: read() }, 20.0, None),
                        at_least(Quantity::Events { kinds: read() }, 100.0, None),
                        at_least(minutes(), 60.0, None),
                        at_least(Quantity::ActiveDays { kinds: vec![] }, 15.0, None),
                        at_least(Quantity::Events { kinds: likes() }, 1.0, None),
                        at_least(Quantity::Received { kinds: likes() }, 1.0, None),
                        at_least(replies(), 3.0, None),
                    ]),
                    manual_only: false,
                    low_water: 1.0,
                    grace_days: 0,
                },
                Rung {
                    name: "TL3".into(),
                    level: Level::CoreGroup,
                    requires: Requirement::All(vec![
                        at_least(Quantity::ActiveDays { kinds: vec![] }, 50.0, Some(100)),
                        at_least(replies(), 10.0, Some(100)),
                        Requirement::AtLeast {
                            quantity: Quantity::Topics { kinds: read() },
                            amount: Amount::Relative { share: 0.25, cap: Some(500.0) },
                            window_days: Some(100),
                        },
                        Requirement::AtLeast {
                            quantity: Quantity::Events { kinds: read() },
                            amount: Amount::Relative { share: 0.25, cap: Some(20_000.0) },
                            window_days: Some(100),
                        },
                        at_least(Quantity::Events { kinds: likes() }, 30.0, Some(100)),
                        at_least(Quantity::Received { kinds: likes() }, 20.0, Some(100)),
                        at_least(Quantity::ReceivedOnDays { kinds: likes() }, 7.0, Some(100)),
                        at_least(Quantity::ReceivedFromPeople { kinds: likes() }, 5.0, Some(100)),
                        at_least(Quantity::Topics { kinds: read() }, 200.0, None),
                        at_least(Quantity::Events { kinds: read() }, 500.0, None),
                    ]),
                    manual_only: false,
                    low_water: 0.9,
                    grace_days: 14,
                },
                Rung {
                    name: "TL4".into(),
                    level: Level::CoreGroup,
                    requires: Requirement::All(vec![]),
                    manual_only: true,
                    low_water: 1.0,
                    grace_days: 0,
                },
            ],
            review_every_days: 7,
            locks: vec![],
        }
    }

    /// The Orbit model's four orbit levels (orbit-love/orbit-model, "Orbit levels"): a member is
    /// placed in a level if they did an activity of the level's weight OR reached its presence
    /// milestone, looking back one year; higher levels are awarded at once, downgrades are
    /// considered monthly (here: a 30-day grace period after a promotion).
    ///
    /// | rung | level | activity weight | or presence |
    /// |---|---|---|---|
    /// | Exploring (orbit 4) | peripheral | 1–3 | — |
    /// | Participating (orbit 3) | occasional | 4–6 | 2 days in a week |
    /// | Contributing (orbit 2) | active | 7–9 | 7 days in a month |
    /// | Leading (orbit 1) | core group | 10–12 | 30 days in a quarter |
    ///
    /// Activity weights of cop's kinds: read 1, react 2, ask 3, attend 4, accept 4, comment 5,
    /// share 6, answer 7, commit 7, coauthor 7, review 8, merge 8, present 9, mentor 9,
    /// organize 10 (custom kinds weigh 0 until added to the map).
    pub fn orbit() -> Ladder {
        let weights: BTreeMap<String, f64> = [
            ("read", 1.0),
            ("react", 2.0),
            ("ask", 3.0),
            ("attend", 4.0),
            ("accept", 4.0),
            ("comment", 5.0),
            ("share", 6.0),
            ("answer", 7.0),
            ("commit", 7.0),
            ("coauthor", 7.0),
            ("review", 8.0),
            ("merge", 8.0),
            ("present", 9.0),
            ("mentor", 9.0),
            ("organize", 10.0),
        ]
        .into_iter()
        .map(|(k, w)| (k.to_owned(), w))
        .collect();
        let rung = |name: &str, level: Level, weight: f64, presence: Option<(u32, Period)>| {
            let mut any = vec![Requirement::AtLeast {
                quantity: Quantity::MaxActivityWeight { weights: weights.clone() },
                amount: Amount::Absolute(weight),
                window_days: Some(365),
            }];
            if let Some((days, per)) = presence {
                any.push(Requirement::Presence {
                    presence: Presence { days, per, periods: 1 },
                    window_days: 365,
                });
            }
            Rung {
                name: name.into(),
                level,
                requires: Requirement::Any(any),
                manual_only: false,
                low_water: 1.0,
                grace_days: 30,
            }
        };
        Ladder {
            name: "orbit".into(),
            rungs: vec![
                Rung {
                    name: "Exploring".into(),
                    level: Level::Peripheral,
                    requires: Requirement::All(vec![]),
                    manual_only: false,
                    low_water: 1.0,
                    grace_days: 0,
                },
                rung("Participating", Level::Occasional, 4.0, Some((2, Period::Week))),
                rung("Contributing", Level::Active, 7.0, Some((7, Period::Month))),
                rung("Leading", Level::CoreGroup, 10.0, Some((30, Period::Quarter))),
            ],
            review_every_days: 7,
            locks: vec![],
        }
    }

    fn assessment(&self, context: &Context<'_>, score: Score, community: &mut Community) -> Assessment {
        let member = score.member;
        if !score.participated() {
            return Assessment {
                member,
                level: Level::Outsider,
                evidence: Evidence { rule: "no event in the window".into(), score, ..Evidence::default() },
            };
        }
        let (rung, criteria) = self.place(context.landscape, member, context.as_of, community);
        let r = &self.rungs[rung];
        Assessment {
            member,
            level: r.level,
            evidence: Evidence {
                rule: format!("{} rung {} of {}", self.name, r.name, self.rungs.len()),
                score,
                rung: Some(r.name.clone()),
                criteria,
                ..Evidence::default()
            },
        }
    }
}

impl LevelPolicy for Ladder {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn assess(&self, context: &Context<'_>, scores: &[Score]) -> Result<Vec<Assessment>> {
        self.check()?;
        let mut community = Community::default();
        Ok(scores.iter().map(|s| self.assessment(context, *s, &mut community)).collect())
    }

    fn reassess(&self, context: &Context<'_>, member: MemberId, _previous: &Levels) -> Result<Assessment> {
        self.check()?;
        let score = score_of(context.landscape, member, context.as_of, context.config);
        Ok(self.assessment(context, score, &mut Community::default()))
    }
}
