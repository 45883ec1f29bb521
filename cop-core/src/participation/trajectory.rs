//! Trajectories: the direction of a member's participation over time (Wenger 1998).
//!
//! From a member's level timeline, each member is classified as one of Wenger's five
//! trajectories — **peripheral** (stays at the edge, legitimately), **inbound** (moving toward
//! full participation), **insider** (a stable full participant), **boundary** (spans and links
//! communities), **outbound** (moving out) — or as **newcomer** (too little history to tell) or
//! **inactive** (the history has ended). The rules are applied in this order, and the first that
//! holds decides (thresholds in [`TrajectoryConfig`]):
//!
//! 1. *inactive*: never took part, or an outsider in each of the last `inactive_periods` periods;
//! 2. *newcomer*: first took part fewer than `newcomer_periods` periods ago;
//! 3. *boundary*: took part in at least `boundary_communities` communities (or, when set,
//!    `boundary_domains` domains) over the recent periods;
//! 4. *inbound*: the trend of the level rank over the recent periods is at least
//!    `trend_threshold` per period, and the member ends closer to the centre than they started;
//! 5. *outbound*: the trend is at most −`trend_threshold` per period;
//! 6. *insider*: now in the core group or active, at that level for `insider_dwell` periods, with
//!    at least `insider_min_events` events up to the last date (one event is never enough
//!    evidence of a stable full participant, whatever the policy), and acting in at least
//!    `insider_min_periods` of the recent periods (still renewing: a burst of events in one
//!    month that a long level window keeps in view is not a stable participation);
//! 7. *peripheral*: everyone else.
//!
//! The trend is the least-squares slope of the level rank (outsider 0 … core group 5) over the
//! last `recent_periods` periods since the member first took part.

use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::participation::Distinct;
use crate::participation::levels::Level;
use crate::participation::timeline::Timeline;

/// Wenger's trajectories, with newcomer and inactive for too short or ended histories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrajectoryKind {
    /// Stays at the edge.
    Peripheral,
    /// Moving toward full participation.
    Inbound,
    /// A stable full participant.
    Insider,
    /// Spans and links communities.
    Boundary,
    /// Moving out.
    Outbound,
    /// Too little history to tell.
    Newcomer,
    /// The history has ended (or never began).
    Inactive,
}

impl TrajectoryKind {
    /// Every kind.
    pub const ALL: [TrajectoryKind; 7] = [
        TrajectoryKind::Peripheral,
        TrajectoryKind::Inbound,
        TrajectoryKind::Insider,
        TrajectoryKind::Boundary,
        TrajectoryKind::Outbound,
        TrajectoryKind::Newcomer,
        TrajectoryKind::Inactive,
    ];

    /// The kind's name in snake case.
    pub fn name(self) -> &'static str {
        match self {
            TrajectoryKind::Peripheral => "peripheral",
            TrajectoryKind::Inbound => "inbound",
            TrajectoryKind::Insider => "insider",
            TrajectoryKind::Boundary => "boundary",
            TrajectoryKind::Outbound => "outbound",
            TrajectoryKind::Newcomer => "newcomer",
            TrajectoryKind::Inactive => "inactive",
        }
    }
}

/// Thresholds of the trajectory rules.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TrajectoryConfig {
    /// Periods looked at for the trend and the communities spanned.
    pub recent_periods: usize,
    /// A member who first took part fewer than this many periods ago is a newcomer.
    pub newcomer_periods: usize,
    /// An outsider in this many last periods is inactive.
    pub inactive_periods: usize,
    /// The slope (level ranks per period) that counts as moving in or out.
    pub trend_threshold: f64,
    /// Periods at the core or active level that make an insider.
    pub insider_dwell: usize,
    /// Communities taken part in that make a boundary member.
    pub boundary_communities: usize,
    /// Domains taken part in that make a boundary member (off when `None`).
    pub boundary_domains: Option<usize>,
    /// Events (up to the last date) an insider needs at least: 2, so that a member whose
    /// evidence is one event is never an insider.
    pub insider_min_events: u32,
    /// Recent periods with an event of the member that an insider needs at least: 2.
    pub insider_min_periods: usize,
}

impl TrajectoryConfig {
    /// Checks the rules: at least one recent period, period counts of at most
    /// [`MAX_OPTION_PERIODS`](crate::limits::MAX_OPTION_PERIODS), and a positive, finite trend
    /// threshold (a threshold of 0 would call every flat member inbound).
    pub fn check(&self) -> crate::error::Result<()> {
        if self.recent_periods == 0 {
            return Err(crate::CopError::invalid(
                "recent_periods",
                "at least 1 recent period is needed for a trend",
            ));
        }
        for (field, periods) in [
            ("recent_periods", self.recent_periods),
            ("newcomer_periods", self.newcomer_periods),
            ("inactive_periods", self.inactive_periods),
            ("insider_dwell", self.insider_dwell),
        ] {
            crate::limits::check_option_periods(field, periods)?;
        }
        if !(self.trend_threshold.is_finite() && self.trend_threshold > 0.0) {
            return Err(crate::CopError::invalid(
                "trend_threshold",
                format!("{} is not a positive number of level ranks per period", self.trend_threshold),
            ));
        }
        Ok(())
    }
}

impl Default for TrajectoryConfig {
    fn default() -> Self {
        TrajectoryConfig {
            recent_periods: 6,
            newcomer_periods: 2,
            inactive_periods: 3,
            trend_threshold: 0.2,
            insider_dwell: 3,
            boundary_communities: 2,
            boundary_domains: None,
            insider_min_events: 2,
            insider_min_periods: 2,
        }
    }
}

/// Why a member has their trajectory.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TrajectoryEvidence {
    /// The member's levels over the recent periods, oldest first.
    pub levels: Vec<Level>,
    /// The trend: least-squares slope of the level rank per period.
    pub slope: f64,
    /// Periods at the current level.
    pub dwell: usize,
    /// Periods since the member first took part (`None`: never).
    pub periods_since_first: Option<usize>,
    /// Communities taken part in over the recent periods.
    pub communities: usize,
    /// Domains taken part in over the recent periods.
    pub domains: usize,
    /// The member's events up to the last date (all time).
    pub events: u32,
    /// The recent periods in which the member has an event.
    pub active_periods: usize,
}

/// A member's trajectory with the rule that decided it and its evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trajectory {
    /// The member.
    pub member: MemberId,
    /// The trajectory.
    pub kind: TrajectoryKind,
    /// The rule that decided, in words.
    pub rule: String,
    /// The evidence.
    pub evidence: TrajectoryEvidence,
}

/// The least-squares slope of `values` against 0, 1, 2, …
pub fn slope(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    if values.len() < 2 {
        return 0.0;
    }
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, y) in values.iter().enumerate() {
        let dx = i as f64 - mean_x;
        num += dx * (y - mean_y);
        den += dx * dx;
    }
    num / den
}

/// Classifies one member from their level per period (as in a [`Timeline`]) and the dates of
/// the periods.
pub fn classify(
    landscape: &Landscape,
    member: MemberId,
    levels: &[Level],
    dates: &[i64],
    config: &TrajectoryConfig,
) -> Trajectory {
    let recent_start = recent_start(levels, config);
    let spans = spans(landscape, member, dates, recent_start);
    classify_with(member, levels, config, spans)
}

/// What [`classify_with`] needs from the log: communities, domains and periods with an event over
/// the recent periods, and all events up to the last date.
#[derive(Clone, Copy, Debug, Default)]
struct Spans {
    communities: usize,
    domains: usize,
    events: u32,
    periods: usize,
}

/// The period (index into `dates`, each a period's end) of an event at `time <= dates.last()`.
fn period_of(dates: &[i64], time: i64) -> usize {
    dates.partition_point(|&d| d < time)
}

/// The first of the recent periods: the last `recent_periods`, from the first in which the
/// member took part.
fn recent_start(levels: &[Level], config: &TrajectoryConfig) -> usize {
    let first = levels.iter().position(|&l| l != Level::Outsider);
    levels.len().saturating_sub(config.recent_periods).max(first.unwrap_or(0))
}

/// [`classify`] with the member's communities and domains over the recent periods known.
fn classify_with(
    member: MemberId,
    levels: &[Level],
    config: &TrajectoryConfig,
    Spans { communities, domains, events, periods }: Spans,
) -> Trajectory {
    let first = levels.iter().position(|&l| l != Level::Outsider);
    let last = levels.len().saturating_sub(1);
    let since = first.map(|f| last - f);
    let recent_start = recent_start(levels, config);
    let recent = &levels[recent_start.min(levels.len())..];
    let ranks: Vec<f64> = recent.iter().map(|l| f64::from(l.rank())).collect();
    let trend = slope(&ranks);
    let current = levels.last().copied().unwrap_or(Level::Outsider);
    let dwell = levels.iter().rev().take_while(|&&l| l == current).count();
    let evidence = TrajectoryEvidence {
        levels: recent.to_vec(),
        slope: trend,
        dwell,
        periods_since_first: since,
        communities,
        domains,
        events,
        active_periods: periods,
    };
    let decide =
        |kind: TrajectoryKind, rule: String| Trajectory { member, kind, rule, evidence: evidence.clone() };
    let Some(since) = since else {
        return decide(TrajectoryKind::Inactive, "never took part".into());
    };
    let tail = levels.len().min(config.inactive_periods);
    if config.inactive_periods > 0 && levels[levels.len() - tail..].iter().all(|&l| l == Level::Outsider) {
        return decide(
            TrajectoryKind::Inactive,
            format!("an outsider in each of the last {} periods", config.inactive_periods),
        );
    }
    if since < config.newcomer_periods {
        return decide(TrajectoryKind::Newcomer, format!("first took part {since} period(s) ago"));
    }
    let spans_communities = communities >= config.boundary_communities;
    let spans_domains = config.boundary_domains.is_some_and(|d| domains >= d);
    if spans_communities || spans_domains {
        return decide(
            TrajectoryKind::Boundary,
            format!("took part in {communities} communities and {domains} domains recently"),
        );
    }
    let start_rank = recent.first().map_or(0, |l| l.rank());
    if trend >= config.trend_threshold && current.rank() > start_rank {
        return decide(
            TrajectoryKind::Inbound,
            format!(
                "level rising by {trend:.2} per period, from {} to {}",
                recent.first().copied().unwrap_or(current).name(),
                current.name()
            ),
        );
    }
    if trend <= -config.trend_threshold {
        return decide(TrajectoryKind::Outbound, format!("level falling by {:.2} per period", -trend));
    }
    if matches!(current, Level::CoreGroup | Level::Active) && dwell >= config.insider_dwell {
        if events < config.insider_min_events {
            return decide(
                TrajectoryKind::Peripheral,
                format!(
                    "{} for {dwell} periods, but {events} event(s) in all: an insider needs at least {}",
                    current.name(),
                    config.insider_min_events
                ),
            );
        }
        if periods < config.insider_min_periods {
            return decide(
                TrajectoryKind::Peripheral,
                format!(
                    "{} for {dwell} periods, but acting in {periods} of the recent periods: an insider acts in at least {}",
                    current.name(),
                    config.insider_min_periods
                ),
            );
        }
        return decide(TrajectoryKind::Insider, format!("{} for {dwell} periods", current.name()));
    }
    decide(TrajectoryKind::Peripheral, format!("{} without a clear trend", current.name()))
}

/// Communities and domains of the member's events since the start of the recent periods.
fn spans(landscape: &Landscape, member: MemberId, dates: &[i64], recent_start: usize) -> Spans {
    let Some(&to) = dates.last() else { return Spans::default() };
    let from = if recent_start == 0 { i64::MIN } else { dates[recent_start - 1] + 1 };
    let c = landscape.log().columns();
    let mut communities = FxHashSet::default();
    let mut domains = FxHashSet::default();
    let mut periods = FxHashSet::default();
    for e in landscape.log().of_member_between(member, from, to + 1) {
        communities.insert(c.community[e.index()]);
        if c.domain[e.index()] != NONE {
            domains.insert(c.domain[e.index()]);
        }
        periods.insert(period_of(dates, c.time[e.index()]));
    }
    let events = landscape.log().of_member_between(member, i64::MIN, to + 1).len() as u32;
    Spans { communities: communities.len(), domains: domains.len(), events, periods: periods.len() }
}

/// Every member's trajectory from a timeline.
pub fn trajectories(
    landscape: &Landscape,
    timeline: &Timeline,
    config: &TrajectoryConfig,
) -> Vec<Trajectory> {
    let members = landscape.member_rows();
    if timeline.dates.is_empty() {
        return (0..members as u32)
            .map(|m| classify_with(MemberId::from_raw(m), &[], config, Spans::default()))
            .collect();
    }
    // Where each member's recent periods start, then everyone's spans in one pass over the log
    // (far fewer cache misses than each member's events in turn).
    let levels: Vec<Vec<Level>> =
        (0..members as u32).into_par_iter().map(|m| timeline.of(MemberId::from_raw(m))).collect();
    let from: Vec<i64> = levels
        .par_iter()
        .map(|l| match recent_start(l, config) {
            0 => i64::MIN,
            start => timeline.dates[start - 1] + 1,
        })
        .collect();
    let spans = all_spans(landscape, &from, &timeline.dates);
    // Members are classified independently, on every core.
    levels
        .into_par_iter()
        .zip(spans)
        .enumerate()
        .map(|(m, (levels, spans))| classify_with(MemberId::from_raw(m as u32), &levels, config, spans))
        .collect()
}

/// Distinct communities, domains and periods of each member's events with
/// `from[member] <= time <= to` (the last date), and all their events up to `to`, in one pass
/// over the log (in record order: the order does not matter here).
fn all_spans(landscape: &Landscape, from: &[i64], dates: &[i64]) -> Vec<Spans> {
    let members = from.len();
    let Some(&to) = dates.last() else { return vec![Spans::default(); members] };
    let log = landscape.log();
    let c = log.columns();
    let mut spans = vec![Spans::default(); members];
    let mut communities = Distinct::new(members, landscape.counts().communities);
    let mut domains = Distinct::new(members, landscape.taxonomy().len());
    let mut periods = Distinct::new(members, dates.len());
    for i in 0..c.member.len() {
        let (m, time) = (c.member[i] as usize, c.time[i]);
        if m >= members || time > to {
            continue;
        }
        spans[m].events += 1;
        if time < from[m] {
            continue;
        }
        if communities.insert(m, u32::from(c.community[i])) {
            spans[m].communities += 1;
        }
        if c.domain[i] != NONE && domains.insert(m, c.domain[i]) {
            spans[m].domains += 1;
        }
        if periods.insert(m, period_of(dates, time) as u32) {
            spans[m].periods += 1;
        }
    }
    spans
}
