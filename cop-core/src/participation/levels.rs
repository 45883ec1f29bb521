//! Participation levels: core group, active, occasional, peripheral, transactional, outsider.
//!
//! Wenger, McDermott & Snyder (2002) describe communities of practice as layered: a small core
//! group (about 10–15 % of participants) who lead and take on the community's work, an active
//! group (another 15–20 %) who take part regularly, and a large periphery who rarely take part
//! but learn by watching; transactional participants interact now and then to get or give a
//! service; outsiders do not take part. Levels are computed as of a date over a window by a
//! [`LevelPolicy`]. Three kinds ship:
//!
//! - [`Quantile`] (the default): ranks participating members by participation score; the top
//!   shares are core, active and occasional; below them members active on a single day are
//!   transactional, the others peripheral. Members tied at a cut share the higher level, and a
//!   member with a single event in the window is never core group or active (one event is too
//!   little evidence of regular participation: such a member is occasional at most);
//! - [`ShareOfTotal`]: members sorted by a measure; the shortest prefix whose cumulative sum
//!   reaches a share of the total is core — one routine whose share and boundary rule are
//!   parameters, with presets that follow their sources exactly ([`ShareOfTotal::coronet`],
//!   [`ShareOfTotal::grimoirelab_onion`], [`ShareOfTotal::absence_factor`]);
//! - [`Ladder`](super::ladder::Ladder): ordered rungs with criteria, promotion and demotion with
//!   hysteresis (see [`crate::participation::ladder`]).
//!
//! Custom policies implement [`LevelPolicy`]; from C and Python a policy is given as data
//! ([`PolicySpec`](super::policy::PolicySpec), JSON). Every level comes with its evidence.

use std::cmp::Ordering;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{CopError, Result};
use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::participation::{ParticipationConfig, Score, score_of, scores};

/// A participation level, from the centre outwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The core group: leads and carries the community.
    CoreGroup,
    /// Takes part regularly.
    Active,
    /// Takes part now and then.
    Occasional,
    /// At the edge: rarely takes part, learns by watching.
    Peripheral,
    /// Comes for (or with) a single service, then leaves.
    Transactional,
    /// Did not take part in the window.
    Outsider,
}

impl Level {
    /// Every level, from the centre outwards.
    pub const ALL: [Level; 6] = [
        Level::CoreGroup,
        Level::Active,
        Level::Occasional,
        Level::Peripheral,
        Level::Transactional,
        Level::Outsider,
    ];

    /// The level's name in snake case (`core_group`).
    pub fn name(self) -> &'static str {
        match self {
            Level::CoreGroup => "core_group",
            Level::Active => "active",
            Level::Occasional => "occasional",
            Level::Peripheral => "peripheral",
            Level::Transactional => "transactional",
            Level::Outsider => "outsider",
        }
    }

    /// The level with this name.
    pub fn from_name(name: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Closeness to the centre: 5 for the core group down to 0 for outsiders.
    pub fn rank(self) -> u8 {
        5 - self as u8
    }

    /// The index of the level in [`Level::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Why a member has their level.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// The rule that decided, in words.
    pub rule: String,
    /// The participation score and its parts.
    pub score: Score,
    /// The member's rank among participants by the policy's measure (1 = first).
    pub rank: Option<u32>,
    /// The value of the policy's measure.
    pub measure: Option<f64>,
    /// For share-of-total policies: the cumulative share of the total up to and including the member.
    pub cumulative_share: Option<f64>,
    /// For ladders: the rung reached.
    pub rung: Option<String>,
    /// For ladders: each criterion of the next rung, met or missing ("why not promoted yet").
    pub criteria: Vec<CriterionCheck>,
}

/// One criterion of a rung, evaluated for a member.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriterionCheck {
    /// The rung it belongs to.
    pub rung: String,
    /// What is measured, in words.
    pub criterion: String,
    /// The member's value.
    pub value: f64,
    /// The amount needed.
    pub required: f64,
    /// Whether it holds.
    pub met: bool,
}

/// A member's level with its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// The member.
    pub member: MemberId,
    /// The level.
    pub level: Level,
    /// Why.
    pub evidence: Evidence,
}

/// What a policy is given.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The landscape.
    pub landscape: &'a Landscape,
    /// The date, seconds since the epoch.
    pub as_of: i64,
    /// How scores were computed.
    pub config: &'a ParticipationConfig,
}

/// A way of assigning levels. Implement it for a custom policy.
pub trait LevelPolicy {
    /// A short name for reports.
    fn name(&self) -> String;

    /// The level of every member (indexed by member id), given everyone's scores.
    fn assess(&self, context: &Context<'_>, scores: &[Score]) -> Result<Vec<Assessment>>;

    /// The level of one member, cheaply, against the thresholds of an earlier full assessment
    /// (`previous`). The default assesses everyone again.
    fn reassess(&self, context: &Context<'_>, member: MemberId, previous: &Levels) -> Result<Assessment> {
        let _ = previous;
        let all = scores(context.landscape, context.as_of, context.config);
        self.assess(context, &all)?
            .into_iter()
            .nth(member.index())
            .ok_or_else(|| CopError::UnknownId { entity: crate::Entity::Member, id: member.raw().into() })
    }
}

/// The quantile policy (the default): core ≈ the top 15 % of participating members by score,
/// active the next 20 %, occasional the next 30 %; below, members active on at most
/// `transactional_max_days` days are transactional, the others peripheral; members who did not
/// take part are outsiders.
///
/// - **Ties**: the cut of a band is the score of its last member (the `⌈share × participants⌉`-th
///   by score); every member whose score equals a cut shares the higher level, so members with
///   the same score always have the same level (unless the evidence floor below separates them).
/// - **Evidence floor**: a member with fewer than `inner_min_events` events in the window (by
///   default 2: a single event) is never core group or active, whatever their score; when their
///   score reaches the active cut they are occasional. The cuts are not moved: the places such
///   members would have taken stay empty, so the core and active groups describe who takes part
///   more than once.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Quantile {
    /// Share of participants in the core group.
    pub core: f64,
    /// Share in the active group.
    pub active: f64,
    /// Share who are occasional.
    pub occasional: f64,
    /// Below the occasional band, members active on at most this many days are transactional.
    pub transactional_max_days: u32,
    /// The core group and the active level need at least this many events in the window (2: a
    /// single event is never enough); members below it whose score reaches the active cut are
    /// occasional. 0 or 1 turns the floor off.
    pub inner_min_events: u32,
}

impl Default for Quantile {
    fn default() -> Self {
        Quantile {
            core: 0.15,
            active: 0.20,
            occasional: 0.30,
            transactional_max_days: 1,
            inner_min_events: 2,
        }
    }
}

/// Score thresholds of a quantile assessment, kept for incremental queries.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QuantileCuts {
    /// Lowest score of the core group.
    pub core: f64,
    /// Lowest score of the active group.
    pub active: f64,
    /// Lowest score of the occasional group.
    pub occasional: f64,
}

impl Quantile {
    fn check(&self) -> Result<()> {
        let shares = [self.core, self.active, self.occasional];
        if shares.iter().any(|s| !(0.0..=1.0).contains(s)) || shares.iter().sum::<f64>() > 1.0 + 1e-12 {
            return Err(CopError::invalid("quantile", "shares must be in 0..=1 and sum to at most 1"));
        }
        Ok(())
    }

    /// The score cuts for these scores.
    pub fn cuts(&self, scores: &[Score]) -> QuantileCuts {
        let mut totals: Vec<f64> = scores.iter().filter(|s| s.participated()).map(|s| s.total).collect();
        totals.par_sort_unstable_by(|a, b| b.total_cmp(a));
        let cut = |share: f64| -> f64 {
            let k = (share * totals.len() as f64).ceil() as usize;
            if k == 0 { f64::INFINITY } else { totals[k.min(totals.len()) - 1] }
        };
        QuantileCuts {
            core: cut(self.core),
            active: cut(self.core + self.active),
            occasional: cut(self.core + self.active + self.occasional),
        }
    }

    /// Where a score falls, without the words.
    fn place(&self, cuts: &QuantileCuts, score: &Score) -> Place {
        if !score.participated() {
            return Place::Outsider;
        }
        let t = score.total;
        if t >= cuts.active && score.events < self.inner_min_events {
            return Place::BelowFloor { core: t >= cuts.core };
        }
        if t >= cuts.core {
            Place::Band(Level::CoreGroup)
        } else if t >= cuts.active {
            Place::Band(Level::Active)
        } else if t >= cuts.occasional {
            Place::Band(Level::Occasional)
        } else if score.active_days <= self.transactional_max_days {
            Place::Band(Level::Transactional)
        } else {
            Place::Band(Level::Peripheral)
        }
    }

    fn level(&self, cuts: &QuantileCuts, score: &Score) -> (Level, String) {
        let t = score.total;
        match self.place(cuts, score) {
            Place::Outsider => (Level::Outsider, "no event in the window".into()),
            Place::BelowFloor { core } => {
                let band = if core { "the core group" } else { "the active level" };
                (
                    Level::Occasional,
                    format!(
                        "score {t} reaches {band}, but {} event(s) in the window: the core group and the active level need at least {}",
                        score.events, self.inner_min_events
                    ),
                )
            }
            Place::Band(Level::CoreGroup) => {
                (Level::CoreGroup, format!("score {t} ≥ {} (top {:.0} %)", cuts.core, self.core * 100.0))
            }
            Place::Band(Level::Active) => {
                (Level::Active, format!("score {t} ≥ {} (next {:.0} %)", cuts.active, self.active * 100.0))
            }
            Place::Band(Level::Occasional) => (
                Level::Occasional,
                format!("score {t} ≥ {} (next {:.0} %)", cuts.occasional, self.occasional * 100.0),
            ),
            Place::Band(Level::Transactional) => (
                Level::Transactional,
                format!("below the occasional band, active on {} day(s)", score.active_days),
            ),
            Place::Band(level) => (level, format!("score {t} < {}", cuts.occasional)),
        }
    }

    /// Everyone's level and the cuts, without evidence: what a timeline keeps of a period.
    pub(crate) fn levels_only(&self, scores: &[Score]) -> Result<(QuantileCuts, Vec<Level>)> {
        self.check()?;
        let cuts = self.cuts(scores);
        let levels = scores
            .par_iter()
            .map(|s| match self.place(&cuts, s) {
                Place::Outsider => Level::Outsider,
                Place::BelowFloor { .. } => Level::Occasional,
                Place::Band(level) => level,
            })
            .collect();
        Ok((cuts, levels))
    }

    fn assessment(&self, cuts: &QuantileCuts, score: &Score, rank: Option<u32>) -> Assessment {
        let (level, rule) = self.level(cuts, score);
        Assessment {
            member: score.member,
            level,
            evidence: Evidence {
                rule,
                score: *score,
                rank,
                measure: Some(score.total),
                ..Evidence::default()
            },
        }
    }
}

/// Where a score falls in a quantile assessment.
enum Place {
    /// No event in the window.
    Outsider,
    /// The score reaches the active cut (the core cut when `core`), the events do not.
    BelowFloor { core: bool },
    /// Within a band, or below them all.
    Band(Level),
}

fn ranks_by<F: Fn(&Score) -> f64 + Sync>(
    landscape: &Landscape,
    scores: &[Score],
    measure: F,
) -> (Vec<usize>, Vec<u32>) {
    // Participants sorted by measure descending, ties by member key (stable across recordings).
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].participated()).collect();
    // Keys are distinct, so the order is total and an unstable sort gives the same result.
    order.par_sort_unstable_by(|&a, &b| {
        measure(&scores[b])
            .total_cmp(&measure(&scores[a]))
            .then_with(|| landscape.member_key(scores[a].member).cmp(&landscape.member_key(scores[b].member)))
    });
    let mut rank = vec![0u32; scores.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32 + 1;
    }
    (order, rank)
}

impl LevelPolicy for Quantile {
    fn name(&self) -> String {
        "quantile".into()
    }

    fn assess(&self, context: &Context<'_>, scores: &[Score]) -> Result<Vec<Assessment>> {
        self.check()?;
        let cuts = self.cuts(scores);
        let (_, rank) = ranks_by(context.landscape, scores, |s| s.total);
        Ok(scores
            .par_iter()
            .map(|s| self.assessment(&cuts, s, (rank[s.member.index()] > 0).then(|| rank[s.member.index()])))
            .collect())
    }

    fn reassess(&self, context: &Context<'_>, member: MemberId, previous: &Levels) -> Result<Assessment> {
        let score = score_of(context.landscape, member, context.as_of, context.config);
        let cuts = match previous.cuts {
            Some(Cuts::Quantile(cuts)) => cuts,
            _ => {
                return Err(CopError::invalid(
                    "levels",
                    "the previous assessment was not made by a quantile policy",
                ));
            }
        };
        Ok(self.assessment(&cuts, &score, None))
    }
}

/// What a share-of-total policy sorts and sums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The number of events in the window (the count-based literature).
    #[default]
    Events,
    /// The decayed, weighted activity part of the score.
    Activity,
    /// The total participation score.
    Score,
}

impl Measure {
    fn of(self, score: &Score) -> f64 {
        match self {
            Measure::Events => f64::from(score.events),
            Measure::Activity => score.activity,
            Measure::Score => score.total,
        }
    }
}

/// Where a band of a share-of-total policy ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// The band is the shortest prefix whose cumulative sum is at least `share × total`, rounded
    /// half to even when `round_half_even` (R's `round`, as coronet does); the member who
    /// crosses is inside. A threshold of 0 puts everyone outside.
    Reaches {
        /// Round the threshold half to even first.
        round_half_even: bool,
    },
    /// A member is in the band while the cumulative share including the member is at most the
    /// band's share (GrimoireLab's onion): the member who crosses is outside.
    AtMost,
    /// The band is the shortest prefix whose cumulative sum is strictly more than
    /// `share × total` (CHAOSS's contributor absence factor).
    Exceeds,
}

/// One band of a share-of-total policy.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// The level of the members in the band.
    pub level: Level,
    /// The cumulative share of the total at which the band ends (0..=1).
    pub share: f64,
}

/// Members sorted by a measure (descending; ties by member key); bands of the cumulative sum
/// give the levels; members past the last band get `rest`; members who did not take part are
/// outsiders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareOfTotal {
    /// What is summed.
    pub measure: Measure,
    /// The bands, innermost first, with increasing shares.
    pub bands: Vec<Band>,
    /// Where a band ends.
    pub boundary: Boundary,
    /// The level past the last band.
    pub rest: Level,
}

/// The cumulative sums of a share-of-total assessment, kept for incremental queries.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ShareCuts {
    /// The smallest measure inside each band (a member with at least this much is inside).
    pub band_minimum: Vec<f64>,
}

/// R's `round`: half to even.
pub fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 { 2.0 * (x / 2.0).round() } else { r }
}

impl ShareOfTotal {
    /// The count-based core of the open-source literature (Joblin et al. 2017 after Terceiro et
    /// al. 2010, as coronet implements it): members sorted by event count; core = the shortest
    /// prefix whose cumulative count is at least `round(0.8 × total)` (R's round, half to even);
    /// everyone else peripheral. Ties at the boundary are not extended.
    pub fn coronet() -> Self {
        ShareOfTotal {
            measure: Measure::Events,
            bands: vec![Band { level: Level::CoreGroup, share: 0.8 }],
            boundary: Boundary::Reaches { round_half_even: true },
            rest: Level::Peripheral,
        }
    }

    /// GrimoireLab's onion: members sorted by activity (event count); core while the cumulative
    /// share including the member is at most 80 %, regular (here: active) up to 95 %, casual
    /// (here: peripheral) above — so the member who crosses 80 % is regular, unlike coronet.
    pub fn grimoirelab_onion() -> Self {
        ShareOfTotal {
            measure: Measure::Events,
            bands: vec![
                Band { level: Level::CoreGroup, share: 0.8 },
                Band { level: Level::Active, share: 0.95 },
            ],
            boundary: Boundary::AtMost,
            rest: Level::Peripheral,
        }
    }

    /// CHAOSS's contributor absence factor as a policy: members counted, most active first,
    /// until their sum is strictly more than 50 % of the total; those are core.
    pub fn absence_factor(measure: Measure) -> Self {
        ShareOfTotal {
            measure,
            bands: vec![Band { level: Level::CoreGroup, share: 0.5 }],
            boundary: Boundary::Exceeds,
            rest: Level::Peripheral,
        }
    }

    fn check(&self) -> Result<()> {
        let ok = self.bands.windows(2).all(|w| w[0].share <= w[1].share)
            && self.bands.iter().all(|b| (0.0..=1.0).contains(&b.share));
        if ok { Ok(()) } else { Err(CopError::invalid("bands", "shares must be in 0..=1 and increasing")) }
    }

    /// The band (index) of each participant in `order`, by the cumulative sums.
    fn bands_of(&self, values: &[f64]) -> Vec<Option<usize>> {
        let total: f64 = values.iter().sum();
        let mut band_of = vec![None; values.len()];
        let mut cumulative = Vec::with_capacity(values.len());
        let mut sum = 0.0;
        for v in values {
            sum += v;
            cumulative.push(sum);
        }
        match self.boundary {
            Boundary::AtMost => {
                for (i, c) in cumulative.iter().enumerate() {
                    let share = if total > 0.0 { c / total } else { f64::NAN };
                    band_of[i] = self.bands.iter().position(|b| share <= b.share + 1e-12);
                }
            }
            Boundary::Reaches { .. } | Boundary::Exceeds => {
                let mut start = 0;
                for (b, band) in self.bands.iter().enumerate() {
                    let threshold = match self.boundary {
                        Boundary::Reaches { round_half_even: true } => round_half_even(band.share * total),
                        _ => band.share * total,
                    };
                    if threshold <= 0.0 && matches!(self.boundary, Boundary::Reaches { .. }) {
                        break; // coronet: a zero threshold makes nobody core
                    }
                    let end = cumulative.iter().position(|&c| match self.boundary {
                        Boundary::Exceeds => c > threshold,
                        _ => c >= threshold - 1e-9 * threshold.abs().max(1.0),
                    });
                    let end = end.map_or(values.len(), |e| e + 1);
                    for slot in band_of.iter_mut().take(end).skip(start) {
                        *slot = Some(b);
                    }
                    start = start.max(end);
                }
            }
        }
        band_of
    }
}

impl LevelPolicy for ShareOfTotal {
    fn name(&self) -> String {
        "share_of_total".into()
    }

    fn assess(&self, context: &Context<'_>, scores: &[Score]) -> Result<Vec<Assessment>> {
        self.check()?;
        let (order, rank) = ranks_by(context.landscape, scores, |s| self.measure.of(s));
        let values: Vec<f64> = order.iter().map(|&i| self.measure.of(&scores[i])).collect();
        let total: f64 = values.iter().sum();
        let bands = self.bands_of(&values);
        let mut out: Vec<Assessment> = scores
            .iter()
            .map(|s| Assessment {
                member: s.member,
                level: Level::Outsider,
                evidence: Evidence {
                    rule: "no event in the window".into(),
                    score: *s,
                    ..Evidence::default()
                },
            })
            .collect();
        let mut cumulative = 0.0;
        for (position, &i) in order.iter().enumerate() {
            cumulative += values[position];
            let share = if total > 0.0 { cumulative / total } else { 0.0 };
            let level = bands[position].map_or(self.rest, |b| self.bands[b].level);
            let rule = match bands[position] {
                Some(b) => format!(
                    "within the first {:.0} % of the total ({:?})",
                    self.bands[b].share * 100.0,
                    self.boundary
                ),
                None => "past the last band".to_owned(),
            };
            out[i] = Assessment {
                member: scores[i].member,
                level,
                evidence: Evidence {
                    rule,
                    score: scores[i],
                    rank: Some(rank[i]),
                    measure: Some(values[position]),
                    cumulative_share: Some(share),
                    ..Evidence::default()
                },
            };
        }
        Ok(out)
    }

    fn reassess(&self, context: &Context<'_>, member: MemberId, previous: &Levels) -> Result<Assessment> {
        let score = score_of(context.landscape, member, context.as_of, context.config);
        let Some(Cuts::Share(cuts)) = &previous.cuts else {
            return Err(CopError::invalid(
                "levels",
                "the previous assessment was not made by a share-of-total policy",
            ));
        };
        let value = self.measure.of(&score);
        let level = if !score.participated() {
            Level::Outsider
        } else {
            cuts.band_minimum.iter().position(|&min| value >= min).map_or(self.rest, |b| self.bands[b].level)
        };
        Ok(Assessment {
            member,
            level,
            evidence: Evidence {
                rule: "compared with the band minimums of the last full assessment".into(),
                score,
                measure: Some(value),
                ..Evidence::default()
            },
        })
    }
}

/// Thresholds of a full assessment, kept for cheap incremental queries.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum Cuts {
    /// Score cuts of a quantile policy.
    Quantile(QuantileCuts),
    /// Band minimums of a share-of-total policy.
    Share(ShareCuts),
}

/// Everyone's levels as of a date, with evidence and what incremental queries need.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Levels {
    /// The date (seconds since the epoch).
    pub as_of: i64,
    /// The policy's name.
    pub policy: String,
    /// One assessment per member, indexed by member id.
    pub assessments: Vec<Assessment>,
    /// Thresholds for incremental queries, when the policy has them.
    pub cuts: Option<Cuts>,
}

impl Levels {
    /// The assessment of a member.
    pub fn of(&self, member: MemberId) -> Option<&Assessment> {
        self.assessments.get(member.index())
    }

    /// How many members are at each level, in the order of [`Level::ALL`].
    pub fn counts(&self) -> [usize; 6] {
        let mut counts = [0; 6];
        for a in &self.assessments {
            counts[a.level.index()] += 1;
        }
        counts
    }

    /// The level of every member, indexed by member id.
    pub fn levels(&self) -> Vec<Level> {
        self.assessments.iter().map(|a| a.level).collect()
    }
}

/// Everyone's levels as of `as_of` (seconds) by any policy (a custom one included).
pub fn assess_with(
    landscape: &Landscape,
    as_of: i64,
    config: &ParticipationConfig,
    policy: &dyn LevelPolicy,
) -> Result<Levels> {
    assess_scores(landscape, as_of, config, policy, scores(landscape, as_of, config))
}

/// [`assess_with`], given everyone's scores as of `as_of`.
pub(crate) fn assess_scores(
    landscape: &Landscape,
    as_of: i64,
    config: &ParticipationConfig,
    policy: &dyn LevelPolicy,
    all: Vec<Score>,
) -> Result<Levels> {
    let context = Context { landscape, as_of, config };
    let assessments = policy.assess(&context, &all)?;
    if assessments.len() != all.len() {
        return Err(CopError::invalid("policy", "a policy must assess every member"));
    }
    Ok(Levels { as_of, policy: policy.name(), assessments, cuts: None })
}

/// Compares two levels by closeness to the centre.
pub fn by_centrality(a: &Level, b: &Level) -> Ordering {
    a.rank().cmp(&b.rank())
}
