//! Maturity: where a community is in its life, why, and what to do next.
//!
//! Wenger, McDermott & Snyder (2002) describe five stages, each with a characteristic tension:
//!
//! | stage | tension | Webber's name |
//! |---|---|---|
//! | potential | discover / imagine | potential |
//! | coalescing | incubate / deliver immediate value | forming |
//! | maturing | focus / expand | maturing |
//! | stewardship | ownership / openness | self-sustaining |
//! | transformation | let go / live on | transformation |
//!
//! The assessment measures indicators (size, age, growth, core group, newcomer inflow,
//! retention, rhythm, repertoire growth, activity trend); each indicator points to a stage by a
//! documented rule with configurable thresholds ([`MaturityConfig`]).
//!
//! An [`Assessment`] carries two answers, and every entry point (Rust, C, Python, the command's
//! text, JSON and HTML) shows both:
//!
//! - the **indicated** stage: the stage with the most weight among the indicators' votes now,
//!   with its share of the votes ([`IndicatedStage`]);
//! - the **settled** stage: the stage the community holds through its history
//!   ([`SettledStage`]). The history is assessed per period; the stage moves one step (to a
//!   neighbouring stage, or straight into transformation) only after the indicators have pointed
//!   that way for `persistence` periods in a row (by default one more than the health window
//!   spans: 4 monthly periods for 90 days), so noisy periods neither jump from potential to
//!   stewardship nor flicker back and forth; and it never passes the **ceiling** that the
//!   community's age and size allow ([`ceiling`]).
//!
//! **Next steps** are concrete recommendations tied to the weakest indicators and the health
//! report's flags.
//!
//! # How age and size hold a young community back
//!
//! Wenger, McDermott & Snyder (2002, ch. 4–5) describe the stages as a development in order: a
//! community first *coalesces* (launches, builds trust, finds value it can deliver now), then
//! *matures* (grows, clarifies its focus and role, handles an influx of new members), and only a
//! community that has gone through that reaches *stewardship* (sustains its practice, renews its
//! members and its relevance). Gongla & Rizzuto (2001), from IBM's communities, and Webber (2016)
//! describe the same order. None gives durations, so cop's ceilings are a calibration, stated
//! here and configurable: before `coalescing_max_age_days` (a year) a community is at most
//! coalescing — or potential with fewer than `potential_max_members` active members, or maturing
//! once it has at least `coalescing_max_members` after `potential_max_age_days`; before
//! `maturing_max_age_days` (two years) it is at most maturing; and a group that never had
//! `potential_max_members` active members at once stays potential at any age (one person sharing
//! alone for years is not yet a community). Transformation stays open at any age: a young
//! community can fade too. Only the settled stage obeys the peak-size rule; the indicators'
//! votes obey the age and first-year size rules (their rules say when a vote was held back). The ceilings were checked against hand-built
//! communities of each stage and against the early years of the bundled flask and requests
//! histories and the Stack Exchange history-meta site (see the tests).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::health::sweep::{Shared, period_reports};
use crate::health::{Acting, HealthConfig, HealthPoint, HealthReport, active_members};
use crate::model::landscape::Landscape;
use crate::model::time::{DAY, format_seconds};
use crate::participation::analysis::Participation;
use crate::participation::levels::Level;
use crate::participation::timeline::Timeline;

/// A maturity stage (Wenger, McDermott & Snyder 2002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// People discover a shared concern and imagine a community.
    Potential,
    /// The community launches and finds its value.
    Coalescing,
    /// It grows, focuses and expands.
    Maturing,
    /// It sustains itself and keeps its practice alive.
    Stewardship,
    /// It fades, merges or changes radically.
    Transformation,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 5] =
        [Stage::Potential, Stage::Coalescing, Stage::Maturing, Stage::Stewardship, Stage::Transformation];

    /// The stage's name (Wenger et al.).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Potential => "potential",
            Stage::Coalescing => "coalescing",
            Stage::Maturing => "maturing",
            Stage::Stewardship => "stewardship",
            Stage::Transformation => "transformation",
        }
    }

    /// Emily Webber's name for the stage.
    pub fn webber_name(self) -> &'static str {
        match self {
            Stage::Potential => "potential",
            Stage::Coalescing => "forming",
            Stage::Maturing => "maturing",
            Stage::Stewardship => "self-sustaining",
            Stage::Transformation => "transformation",
        }
    }

    /// The characteristic tension of the stage.
    pub fn tension(self) -> &'static str {
        match self {
            Stage::Potential => "discover / imagine",
            Stage::Coalescing => "incubate / deliver immediate value",
            Stage::Maturing => "focus / expand",
            Stage::Stewardship => "ownership / openness",
            Stage::Transformation => "let go / live on",
        }
    }

    /// The next stage on the way to `target`: a neighbour, or transformation itself (a
    /// community can fade at any stage).
    fn step_toward(self, target: Stage) -> Stage {
        if target == Stage::Transformation {
            return target;
        }
        let (a, b) = (self as usize, target as usize);
        let next = if b > a {
            a + 1
        } else if b < a {
            a - 1
        } else {
            a
        };
        Stage::ALL[next]
    }
}

/// The thresholds of the maturity rules (all documented on [`indicators`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MaturityConfig {
    /// Health settings (window, period …) the indicators use.
    pub health: HealthConfig,
    /// Fewer active members than this points to potential.
    pub potential_max_members: usize,
    /// Fewer active members than this points to coalescing.
    pub coalescing_max_members: usize,
    /// Younger than this many days points to potential.
    pub potential_max_age_days: u32,
    /// Younger than this many days points to coalescing.
    pub coalescing_max_age_days: u32,
    /// Younger than this many days points to maturing (older: stewardship), and a community
    /// younger than this cannot be settled in stewardship.
    pub maturing_max_age_days: u32,
    /// Active members now over one window earlier at or above this points to maturing (growth).
    pub growth_ratio: f64,
    /// … below this points to transformation (decline).
    pub decline_ratio: f64,
    /// A newcomer share of the active members at or above this points to maturing (inflow).
    pub inflow_share: f64,
    /// Retention (share of the previous window's members still active) below this points to
    /// transformation, at or above `stable_retention` to stewardship.
    pub low_retention: f64,
    /// See `low_retention`.
    pub stable_retention: f64,
    /// Label stages with Emily Webber's names.
    pub webber_labels: bool,
    /// In the stage history, the indicators must point away from the current stage this many
    /// periods in a row before the stage moves (one step). `None` (the default): one period more
    /// than the health window spans (4 monthly periods for the 90-day window), so that a change
    /// must outlast the window the indicators are measured over — with less, a release cycle
    /// seen through the window makes the stage flicker in runs as long as the window.
    pub persistence: Option<usize>,
}

impl Default for MaturityConfig {
    fn default() -> Self {
        MaturityConfig {
            health: HealthConfig::default(),
            potential_max_members: 5,
            coalescing_max_members: 15,
            potential_max_age_days: 90,
            coalescing_max_age_days: 365,
            maturing_max_age_days: 2 * 365,
            growth_ratio: 1.2,
            decline_ratio: 0.6,
            inflow_share: 0.3,
            low_retention: 0.2,
            stable_retention: 0.4,
            webber_labels: false,
            persistence: None,
        }
    }
}

impl MaturityConfig {
    /// The persistence in periods of `period`: the one configured, else one more than the
    /// periods the health window spans (nominal lengths: a day, 7, 30 and 91 days).
    ///
    /// ```
    /// use cop_core::Period;
    /// use cop_core::health::maturity::MaturityConfig;
    ///
    /// let mut config = MaturityConfig::default(); // a 90-day health window
    /// assert_eq!(config.persistence_in(Period::Month), 4);
    /// assert_eq!(config.persistence_in(Period::Week), 14);
    /// config.persistence = Some(2);
    /// assert_eq!(config.persistence_in(Period::Month), 2);
    /// ```
    pub fn persistence_in(&self, period: crate::model::time::Period) -> usize {
        use crate::model::time::Period;
        let days = match period {
            Period::Day => 1,
            Period::Week => 7,
            Period::Month => 30,
            Period::Quarter => 91,
        };
        self.persistence.unwrap_or_else(|| self.health.window_days.div_ceil(days) as usize + 1).max(1)
    }

    /// Parses a configuration from JSON (missing fields take their defaults).
    pub fn from_json(text: &str) -> Result<MaturityConfig> {
        serde_json::from_str(text).map_err(|e| crate::CopError::invalid("maturity", e.to_string()))
    }
}

/// One indicator, its value and the stage it points to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Indicator {
    /// The indicator's name.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// The stage it points to.
    pub points_to: Stage,
    /// The rule that decided, in words.
    pub rule: String,
    /// How much the vote counts.
    pub weight: f64,
}

/// A recommendation tied to a weak indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextStep {
    /// What it is about (`expert_access`, `rhythm`, …).
    pub about: String,
    /// What to do, with the numbers that call for it.
    pub advice: String,
    /// 1 (most urgent) to 3.
    pub priority: u8,
}

/// The stage the indicators point to as of a date, with its share of their votes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatedStage {
    /// The stage with the most weight (ties go to the earlier stage).
    pub stage: Stage,
    /// Its label (Wenger et al., or Webber's when asked for).
    pub label: String,
    /// Its characteristic tension.
    pub tension: String,
    /// Its share of the indicators' weighted votes, in [0, 1] (0 without any vote).
    pub share: f64,
}

/// The stage a community holds through its history as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SettledStage {
    /// The stage.
    pub stage: Stage,
    /// Its label (Wenger et al., or Webber's when asked for).
    pub label: String,
    /// Its characteristic tension.
    pub tension: String,
    /// The share of the indicators' weighted votes that *this* stage has now, in [0, 1]: it can
    /// be low when the indicators point elsewhere and the stage is held.
    pub share: f64,
    /// The end of the first period of the run of this stage that lasts until the date (RFC 3339).
    pub since: Option<String>,
    /// How many periods that run lasts.
    pub periods: usize,
    /// The rule that holds the stage, in words.
    pub rule: String,
}

/// One stage's weight among the indicators' votes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageVotes {
    /// The stage.
    pub stage: Stage,
    /// The summed weight of the indicators that point to it.
    pub weight: f64,
    /// Its share of all the weight, in [0, 1].
    pub share: f64,
}

/// A maturity assessment as of a date: the indicated and the settled stage, the evidence behind
/// them and the next steps.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Assessment {
    /// The date (RFC 3339).
    pub as_of: String,
    /// Both answers in one sentence, each share named with its stage (what every renderer shows
    /// first).
    pub summary: String,
    /// The stage the community holds through its history.
    pub settled: SettledStage,
    /// The stage the indicators point to now.
    pub indicated: IndicatedStage,
    /// Every stage's votes, in stage order.
    pub votes: Vec<StageVotes>,
    /// The indicators (empty before the first event).
    pub evidence: Vec<Indicator>,
    /// What to do next, most urgent first.
    pub next_steps: Vec<NextStep>,
}

/// The stage in one period of the history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StagePoint {
    /// The period's end (RFC 3339).
    pub date: String,
    /// The stage settled through the history up to this period.
    pub settled: Stage,
    /// The stage the indicators alone pointed to.
    pub indicated: Stage,
    /// The indicated stage's share of the votes.
    pub indicated_share: f64,
    /// The latest stage the community's age and size allowed in this period (see [`ceiling`]).
    pub ceiling: Stage,
    /// Active members in the window ending with the period.
    pub active_members: usize,
}

/// The latest stage a community of this age (days since its first event), size (active members
/// in the window) and peak size (the most active members it had at the end of any period so far)
/// can have reached, with the reason when it holds the community back. Transformation is open
/// at any age. See the module's documentation for the sources.
///
/// ```
/// use cop_core::health::maturity::{MaturityConfig, Stage, ceiling};
///
/// let config = MaturityConfig::default();
/// // Ten members active for 200 days: still coalescing.
/// assert_eq!(ceiling(200.0, 10, 10, &config).0, Stage::Coalescing);
/// // Forty members after eighteen months: maturing at most.
/// assert_eq!(ceiling(540.0, 40, 40, &config).0, Stage::Maturing);
/// // Old enough for stewardship: nothing holds it back, even when it has shrunk.
/// assert_eq!(ceiling(1000.0, 3, 40, &config), (Stage::Stewardship, None));
/// // One person for years is not yet a community.
/// assert_eq!(ceiling(1000.0, 1, 1, &config).0, Stage::Potential);
/// ```
pub fn ceiling(
    age_days: f64,
    active: usize,
    peak: usize,
    config: &MaturityConfig,
) -> (Stage, Option<String>) {
    if peak.max(active) < config.potential_max_members {
        let why = format!(
            "never more than {} active members at once: fewer than {}",
            peak.max(active),
            config.potential_max_members
        );
        return (Stage::Potential, Some(why));
    }
    age_ceiling(age_days, active, config)
}

/// The ceiling that age, and size in the first year, set (what the indicators' votes obey).
fn age_ceiling(age_days: f64, active: usize, config: &MaturityConfig) -> (Stage, Option<String>) {
    let (potential_age, coalescing_age, maturing_age) = (
        f64::from(config.potential_max_age_days),
        f64::from(config.coalescing_max_age_days),
        f64::from(config.maturing_max_age_days),
    );
    let held = |stage: Stage, why: String| (stage, Some(why));
    if age_days < coalescing_age && active < config.potential_max_members {
        held(
            Stage::Potential,
            format!(
                "{active} active members at {age_days:.0} days: fewer than {} in the first {} days",
                config.potential_max_members, config.coalescing_max_age_days
            ),
        )
    } else if age_days < potential_age
        || (age_days < coalescing_age && active < config.coalescing_max_members)
    {
        held(
            Stage::Coalescing,
            format!(
                "{age_days:.0} days old with {active} active members: maturing needs {} days and {} active members",
                config.potential_max_age_days, config.coalescing_max_members
            ),
        )
    } else if age_days < maturing_age {
        held(
            Stage::Maturing,
            format!(
                "{age_days:.0} days old: stewardship needs {} days of history",
                config.maturing_max_age_days
            ),
        )
    } else {
        (Stage::Stewardship, None)
    }
}

/// The indicators as of `as_of`, each with the stage it points to. The rules:
///
/// - *size* (active members in the window): below `potential_max_members` → potential, below
///   `coalescing_max_members` → coalescing, else maturing if growing, stewardship otherwise;
///   below, "forming" means potential for a group under `potential_max_members`, coalescing
///   under `coalescing_max_members`, maturing above;
/// - *age* (days since the first event): below the potential, coalescing and maturing ages →
///   that stage, else stewardship;
/// - *growth* (active members now / one window earlier): at or above `growth_ratio` → forming, below `decline_ratio` → transformation, else stewardship;
/// - *core group* (members at the core level): none → potential, one or two → coalescing,
///   more → maturing if growing else stewardship (potential in a group under
///   `potential_max_members`); halved since one window earlier (from at
///   least two) → transformation;
/// - *newcomer inflow* (newcomers / active members): at or above `inflow_share` → forming, none while declining → transformation, else stewardship;
/// - *retention* (members of the previous window still active): below `low_retention` →
///   transformation (potential when young), at or above `stable_retention` → stewardship, else
///   maturing;
/// - *activity trend* (events in the window / the previous window): below `decline_ratio` →
///   transformation, at or above `growth_ratio` → forming, else stewardship;
/// - *rhythm* (longest silence in the window): more than half the window silent → transformation
///   (potential when young), else no vote;
/// - *repertoire* (new artifacts or newly active domains): any while young → coalescing, else no vote.
///
/// No vote goes past the [`ceiling`] of the community's age and size, but for transformation:
/// such a vote points to the ceiling and its rule says so. Before the first event there is no
/// indicator.
pub fn indicators(
    landscape: &Landscape,
    as_of: i64,
    health: &HealthReport,
    participation: &Participation,
    config: &MaturityConfig,
) -> Vec<Indicator> {
    let core = participation.levels.counts()[Level::CoreGroup.index()];
    let first = landscape.log().span().map(|(first, _)| first);
    indicators_with(landscape, first, as_of, health, &participation.timeline, core, config)
}

/// [`indicators`] from the landscape's first event, the timeline (of which only the periods up
/// to `as_of` are read) and the size of the core group as of `as_of`.
fn indicators_with(
    landscape: &Landscape,
    first_event: Option<i64>,
    as_of: i64,
    health: &HealthReport,
    timeline: &Timeline,
    core: usize,
    config: &MaturityConfig,
) -> Vec<Indicator> {
    let Some(s) = Signals::read(landscape, first_event, as_of, health, (timeline, core), config) else {
        return Vec::new();
    };
    let (cap, held_by) = age_ceiling(s.age_days, s.active, config);
    let votes = [
        Some(s.size()),
        Some(s.age()),
        Some(s.growth()),
        Some(s.core_group()),
        Some(s.newcomer_inflow()),
        s.retention(),
        Some(s.activity_trend()),
        s.rhythm(),
        s.repertoire(),
    ];
    // Every vote but transformation stops at the ceiling that age and size allow.
    let capped = |mut i: Indicator| {
        if i.points_to > cap && i.points_to != Stage::Transformation {
            if let Some(why) = &held_by {
                i.rule = format!("{}; at most {}: {why}", i.rule, cap.name());
            }
            i.points_to = cap;
        }
        i
    };
    votes.into_iter().flatten().map(capped).collect()
}

/// What the maturity indicators read off a landscape as of a date, over the health window and
/// the window before it.
struct Signals<'a> {
    config: &'a MaturityConfig,
    health: &'a HealthReport,
    age_days: f64,
    active: usize,
    /// Active members now over the window before (infinite from none).
    growth: f64,
    /// Events now over the window before (infinite from none).
    trend: f64,
    core: usize,
    /// The core group one window earlier (the timeline's period closest to as_of − window).
    core_before: Option<usize>,
    /// The share of the previous window's members still active, when it had any.
    retention: Option<f64>,
    young: bool,
    tiny: bool,
    small: bool,
    growing: bool,
    declining: bool,
}

/// `now / before`: infinite when something came from nothing, 1 when nothing stays nothing.
fn ratio(now: usize, before: usize) -> f64 {
    match (now, before) {
        (0, 0) => 1.0,
        (_, 0) => f64::INFINITY,
        _ => now as f64 / before as f64,
    }
}

impl<'a> Signals<'a> {
    fn read(
        landscape: &Landscape,
        first_event: Option<i64>,
        as_of: i64,
        health: &'a HealthReport,
        (timeline, core): (&Timeline, usize),
        config: &'a MaturityConfig,
    ) -> Option<Signals<'a>> {
        let first = first_event.filter(|&first| first <= as_of)?;
        let window = i64::from(config.health.window_days) * DAY;
        let (from, to) = (as_of - window + 1, as_of + 1);
        let age_days = ((as_of - first).max(0) / DAY) as f64;
        let active = health.active_members;
        let growth = ratio(active, active_members(landscape, from - window, from));
        let log = landscape.log();
        let trend = ratio(log.between(from, to).len(), log.between(from - window, from).len());
        let core_before = timeline
            .dates
            .iter()
            .rposition(|&d| d <= as_of - window)
            .map(|p| timeline.counts[p][Level::CoreGroup.index()]);
        let previous = Acting::between(landscape, from - window, from);
        let before = previous.len();
        let retention = (before > 0).then(|| {
            let now = Acting::between(landscape, from, to);
            previous.common(&now) as f64 / before as f64
        });
        Some(Signals {
            config,
            health,
            age_days,
            active,
            growth,
            trend,
            core,
            core_before,
            retention,
            young: age_days < f64::from(config.coalescing_max_age_days),
            tiny: active < config.potential_max_members,
            small: active < config.coalescing_max_members,
            growing: growth >= config.growth_ratio,
            declining: growth < config.decline_ratio || trend < config.decline_ratio,
        })
    }

    /// Where growth points: a young tiny group is still a potential community, a young small one
    /// coalescing; an old community that grows again is maturing, unless it is small, when its
    /// stewards are renewing it.
    fn forming(&self) -> Stage {
        match (self.young, self.tiny, self.small) {
            (true, true, _) => Stage::Potential,
            (true, false, true) => Stage::Coalescing,
            (false, _, true) => Stage::Stewardship,
            _ => Stage::Maturing,
        }
    }

    /// Where smallness points: early on, a community still forming; later, a shrunken one.
    fn shrunk(&self) -> Stage {
        if self.declining { Stage::Transformation } else { Stage::Stewardship }
    }

    fn size(&self) -> Indicator {
        let (active, config) = (self.active, self.config);
        let (stage, rule) = if self.small && !self.young {
            (self.shrunk(), format!("{active} active members after {:.0} years", self.age_days / 365.25))
        } else if self.tiny {
            (
                Stage::Potential,
                format!("{active} active members, fewer than {}", config.potential_max_members),
            )
        } else if self.small {
            (
                Stage::Coalescing,
                format!("{active} active members, fewer than {}", config.coalescing_max_members),
            )
        } else if self.growing {
            (Stage::Maturing, format!("{active} active members and growing"))
        } else {
            (Stage::Stewardship, format!("{active} active members, stable"))
        };
        vote("size", active as f64, stage, rule, 1.0)
    }

    fn age(&self) -> Indicator {
        let (age_days, config) = (self.age_days, self.config);
        let (stage, rule) = if age_days < f64::from(config.potential_max_age_days) {
            (Stage::Potential, format!("{age_days:.0} days old"))
        } else if self.young {
            (Stage::Coalescing, format!("{age_days:.0} days old, under a year"))
        } else if age_days < f64::from(config.maturing_max_age_days) {
            (Stage::Maturing, format!("{age_days:.0} days old"))
        } else {
            (Stage::Stewardship, format!("{age_days:.0} days old"))
        };
        vote("age", age_days, stage, rule, 0.5)
    }

    fn growth(&self) -> Indicator {
        let growth = self.growth;
        let (stage, rule) = if growth >= self.config.growth_ratio {
            (self.forming(), format!("active members × {growth:.2} in one window"))
        } else if growth < self.config.decline_ratio {
            (Stage::Transformation, format!("active members × {growth:.2}: shrinking"))
        } else {
            (Stage::Stewardship, format!("active members × {growth:.2}: stable"))
        };
        vote("growth", if growth.is_finite() { growth } else { 99.0 }, stage, rule, 1.0)
    }

    fn core_group(&self) -> Indicator {
        let (core, active, young) = (self.core, self.active, self.young);
        let (stage, rule) = match (core, self.core_before) {
            (c, Some(b)) if b >= 2 && c * 2 <= b => {
                (Stage::Transformation, format!("core group shrank from {b} to {c}"))
            }
            (0, _) if young => (Stage::Potential, "no core group yet".into()),
            (0, _) => (Stage::Transformation, "no core group left".into()),
            _ if !young && self.small => (self.shrunk(), format!("a core of {core} in a group of {active}")),
            _ if self.tiny => (Stage::Potential, format!("a core of {core} in a group of {active}")),
            (1..=2, _) => (Stage::Coalescing, format!("a core group of {core} forming")),
            _ if self.growing => (Stage::Maturing, format!("a core group of {core}, growing community")),
            _ => (Stage::Stewardship, format!("an established core group of {core}")),
        };
        vote("core_group", core as f64, stage, rule, 1.0)
    }

    fn newcomer_inflow(&self) -> Indicator {
        let newcomers = self.health.newcomers;
        let inflow = if self.active == 0 { 0.0 } else { newcomers as f64 / self.active as f64 };
        let share = format!("{:.0} % of active members are newcomers", inflow * 100.0);
        let (stage, rule) = if inflow >= self.config.inflow_share {
            (self.forming(), share)
        } else if newcomers == 0 && self.declining {
            (Stage::Transformation, "no newcomers while activity declines".into())
        } else {
            (Stage::Stewardship, share)
        };
        vote("newcomer_inflow", inflow, stage, rule, 1.0)
    }

    fn retention(&self) -> Option<Indicator> {
        let retention = self.retention?;
        let stage = if retention < self.config.low_retention {
            if self.young { Stage::Potential } else { Stage::Transformation }
        } else if retention >= self.config.stable_retention {
            Stage::Stewardship
        } else {
            Stage::Maturing
        };
        let rule = format!("{:.0} % of the previous window's members still active", retention * 100.0);
        Some(vote("retention", retention, stage, rule, 1.0))
    }

    fn activity_trend(&self) -> Indicator {
        let trend = self.trend;
        let stage = if trend < self.config.decline_ratio {
            Stage::Transformation
        } else if trend >= self.config.growth_ratio {
            self.forming()
        } else {
            Stage::Stewardship
        };
        let rule = format!("events × {trend:.2} against the previous window");
        vote("activity_trend", if trend.is_finite() { trend } else { 99.0 }, stage, rule, 1.0)
    }

    fn rhythm(&self) -> Option<Indicator> {
        let silence = self.health.rhythm.longest_silence_days;
        let window = self.config.health.window_days;
        (silence > f64::from(window) / 2.0).then(|| {
            let stage = if self.young { Stage::Potential } else { Stage::Transformation };
            vote(
                "rhythm",
                silence,
                stage,
                format!("{silence:.0} days without any event in a {window}-day window"),
                0.5,
            )
        })
    }

    fn repertoire(&self) -> Option<Indicator> {
        let new_things = self.health.repertoire.created + self.health.repertoire.new_domains;
        (new_things > 0 && self.young).then(|| {
            let rule = format!("{new_things} new artifacts or domains");
            vote("repertoire", new_things as f64, Stage::Coalescing, rule, 0.5)
        })
    }
}

fn vote(name: &str, value: f64, points_to: Stage, rule: String, weight: f64) -> Indicator {
    Indicator { name: name.into(), value, points_to, rule, weight }
}

/// The indicators' weighted votes per stage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Tally([f64; 5]);

impl Tally {
    fn of(indicators: &[Indicator]) -> Tally {
        let mut votes = [0.0f64; 5];
        for i in indicators {
            votes[i.points_to as usize] += i.weight;
        }
        Tally(votes)
    }

    fn share(&self, stage: Stage) -> f64 {
        let total: f64 = self.0.iter().sum();
        if total > 0.0 { self.0[stage as usize] / total } else { 0.0 }
    }

    /// The stage with the most weight; ties go to the earlier stage, and no vote to potential.
    fn winner(&self) -> Stage {
        let best = (0..5).fold(0, |best, i| if self.0[i] > self.0[best] { i } else { best });
        Stage::ALL[best]
    }

    fn votes(&self) -> Vec<StageVotes> {
        Stage::ALL
            .iter()
            .map(|&stage| StageVotes { stage, weight: self.0[stage as usize], share: self.share(stage) })
            .collect()
    }
}

/// The time of the first event at or before `as_of`, if any.
fn first_event_by(landscape: &Landscape, as_of: i64) -> Option<i64> {
    landscape.log().span().map(|(first, _)| first).filter(|&first| first <= as_of)
}

/// The ceiling of the community as of `as_of` (potential before the first event).
fn ceiling_at(
    landscape: &Landscape,
    as_of: i64,
    active: usize,
    peak: usize,
    config: &MaturityConfig,
) -> (Stage, Option<String>) {
    ceiling_after(first_event_by(landscape, as_of), as_of, active, peak, config)
}

/// [`ceiling_at`], given the first event by `as_of`.
fn ceiling_after(
    first: Option<i64>,
    as_of: i64,
    active: usize,
    peak: usize,
    config: &MaturityConfig,
) -> (Stage, Option<String>) {
    match first {
        Some(first) => ceiling(((as_of - first) / DAY) as f64, active, peak, config),
        None => (Stage::Potential, Some("no event by this date".into())),
    }
}

/// `stage`, or the ceiling when it is above it (transformation is never held back).
fn capped(stage: Stage, ceiling: Stage) -> Stage {
    if stage == Stage::Transformation || stage <= ceiling { stage } else { ceiling }
}

/// Recommendations from the health report and the indicators, most urgent first.
///
/// A step fires only when the data could show what it is about:
///
/// - *expert_access* (run mentor matching): only for newcomers in the window without a tie to an
///   expert of their domain **for whom an expert exists** (`could_be_mentored`); when nobody
///   else in the community could mentor them, matching cannot help and no step is given;
/// - *organiser_load* and *leadership*: only when organising events were recorded (or
///   coordinators declared) — from events without any, such as a git history, the load is not
///   measurable and nothing is advised;
/// - *rhythm*: only when gatherings were recorded;
/// - *balance*: only the deviations the health report's balance rule lets through (never the
///   quantile policy's own rounding or ties, see [`crate::health::Balance`]);
/// - *activation*: at least 5 recent newcomers, fewer than 10 % active;
/// - the others as their rules below say.
pub fn next_steps(health: &HealthReport, indicators: &[Indicator], config: &MaturityConfig) -> Vec<NextStep> {
    let mut steps = Steps(Vec::new());
    steps.expert_access(health, config);
    steps.rhythm_and_organisers(health);
    steps.responsiveness(health, config);
    steps.leadership_and_balance(health);
    steps.inflow(health, config);
    steps.renewal(indicators);
    let mut steps = steps.0;
    steps.sort_by_key(|s| s.priority);
    steps
}

/// Next steps in the order their rules are read (the sort by priority keeps it among equals).
struct Steps(Vec<NextStep>);

impl Steps {
    fn add(&mut self, about: &str, advice: String, priority: u8) {
        self.0.push(NextStep { about: about.into(), advice, priority });
    }

    /// Newcomers without a tie to an expert of their domain, though one exists.
    fn expert_access(&mut self, health: &HealthReport, config: &MaturityConfig) {
        let access = &health.expert_access;
        if access.could_be_mentored > 0 {
            self.add(
                "expert_access",
                format!(
                    "{} newcomer(s) of the last {} days have no tie to a core member who knows their domain, though one could mentor them: run mentor matching",
                    access.could_be_mentored, config.health.window_days
                ),
                if access.share_one_hop < 0.5 { 1 } else { 2 },
            );
        }
    }

    /// A gathering overdue against the rhythm; organisers at risk of burning out.
    fn rhythm_and_organisers(&mut self, health: &HealthReport) {
        let rhythm = &health.rhythm;
        if let (Some(since), Some(gap)) = (rhythm.days_since_last_gathering, rhythm.median_gap_days)
            && since > 2.0 * gap.max(1.0)
        {
            self.add(
                "rhythm",
                format!(
                    "no gathering for {since:.0} days against a {gap:.0}-day rhythm: schedule the next one"
                ),
                1,
            );
        }
        if let Some(risk) = &health.concentration.burnout_risk
            && health.concentration.organising_recorded
        {
            self.add("organiser_load", risk.clone(), 1);
        }
    }

    /// Questions left unanswered, or answered late.
    fn responsiveness(&mut self, health: &HealthReport, config: &MaturityConfig) {
        let r = &health.responsiveness;
        if r.questions >= 5 && r.unanswered_share > 0.2 {
            self.add(
                "unanswered_questions",
                format!(
                    "{:.0} % of the {} questions of the last {} days got no answer: set up a rota of responders",
                    r.unanswered_share * 100.0,
                    r.questions,
                    config.health.window_days
                ),
                1,
            );
        }
        if let Some(h) = r.median_hours
            && h > 48.0
        {
            self.add(
                "response_time",
                format!(
                    "questions wait {h:.0} hours for a first response (median): ask experts to watch their domains"
                ),
                2,
            );
        }
    }

    /// A leadership that rests on too few, and the levels' shares out of balance.
    fn leadership_and_balance(&mut self, health: &HealthReport) {
        if let Some(flag) = &health.layers.leadership_flag
            && health.layers.leaders.is_some()
        {
            self.add("leadership", format!("{flag}: form a leadership team"), 1);
        }
        for deviation in &health.balance.deviations {
            let advice = if deviation.contains("core group") && deviation.contains("below") {
                format!("{deviation}: invite the most active members into coordinating roles")
            } else if deviation.contains("core group") {
                format!("{deviation}: open up roles so the periphery can move in")
            } else {
                format!("{deviation}: give occasional members regular, visible tasks")
            };
            self.add("balance", advice, 2);
        }
    }

    /// Newcomers who do not become active, founders who still carry the activity, no newcomers.
    fn inflow(&mut self, health: &HealthReport, config: &MaturityConfig) {
        if health.activation.recent_newcomers >= 5 && health.activation.share < 0.1 {
            self.add(
                "activation",
                format!(
                    "only {} of {} recent newcomers became active within {} periods: give newcomers small real tasks (legitimate peripheral participation)",
                    health.activation.activated,
                    health.activation.recent_newcomers,
                    config.health.activation_periods
                ),
                2,
            );
        }
        if health.founders_share > 0.5 && health.active_members >= config.coalescing_max_members {
            self.add(
                "founders",
                format!(
                    "the founding members still carry {:.0} % of the activity: share ownership",
                    health.founders_share * 100.0
                ),
                2,
            );
        }
        if health.newcomers == 0 && health.active_members > 0 {
            self.add(
                "inflow",
                format!(
                    "no newcomer in the last {} days: make the community visible and invite",
                    config.health.window_days
                ),
                2,
            );
        }
    }

    /// Each indicator of transformation: renew the focus or let the community go.
    fn renewal(&mut self, indicators: &[Indicator]) {
        for i in indicators.iter().filter(|i| i.points_to == Stage::Transformation) {
            self.add(
                &i.name,
                format!(
                    "{}: decide with the core group whether to renew the community's focus or let it go",
                    i.rule
                ),
                3,
            );
        }
    }
}

/// A maturity assessment with what it was computed from.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MaturityAnalysis {
    /// The assessment as of the date.
    pub assessment: Assessment,
    /// The health report as of the date.
    pub health: HealthReport,
    /// The stage per period, through which the stage was settled.
    pub history: Vec<StagePoint>,
    /// The health per period.
    pub series: Vec<HealthPoint>,
}

/// The assessment together with the health report, the stage history and the health series it
/// was settled through (one health report per period of `participation`'s timeline).
pub(crate) fn analyse(
    landscape: &Landscape,
    as_of: i64,
    config: &MaturityConfig,
    participation: &Participation,
) -> Result<MaturityAnalysis> {
    config.health.check()?;
    let shared = Shared::new(landscape, &config.health);
    let (health, (history, series)) = rayon::join(
        || HealthReport::compute_with(landscape, as_of, &config.health, participation, &shared),
        || history_with(landscape, config, participation, &shared),
    );
    let assessment = assess_from(landscape, as_of, config, participation, &health, &history);
    Ok(MaturityAnalysis { assessment, health, history, series })
}

/// The maturity assessment from an already computed health report and stage history (the
/// history's last point is the settled stage; an empty history settles on the indicated stage
/// held under its ceiling).
pub(crate) fn assess_from(
    landscape: &Landscape,
    as_of: i64,
    config: &MaturityConfig,
    participation: &Participation,
    health: &HealthReport,
    history: &[StagePoint],
) -> Assessment {
    let evidence = indicators(landscape, as_of, health, participation, config);
    let tally = Tally::of(&evidence);
    let indicated = tally.winner();
    let label =
        |stage: Stage| if config.webber_labels { stage.webber_name() } else { stage.name() }.to_owned();
    let peak = history.iter().map(|p| p.active_members).max().unwrap_or(0);
    let (ceiling, held_by) = ceiling_at(landscape, as_of, health.active_members, peak, config);
    let persistence = config.persistence_in(participation.timeline.period);
    let settled = settle(history, indicated, ceiling, held_by, persistence);
    let next_steps = if evidence.is_empty() { Vec::new() } else { next_steps(health, &evidence, config) };
    Assessment {
        as_of: format_seconds(as_of),
        summary: summary_sentence(settled.stage, indicated, &tally, &label),
        settled: SettledStage {
            stage: settled.stage,
            label: label(settled.stage),
            tension: settled.stage.tension().to_owned(),
            share: tally.share(settled.stage),
            since: settled.since,
            periods: settled.periods,
            rule: settled.rule,
        },
        indicated: IndicatedStage {
            stage: indicated,
            label: label(indicated),
            tension: indicated.tension().to_owned(),
            share: tally.share(indicated),
        },
        votes: tally.votes(),
        evidence,
        next_steps,
    }
}

/// "stewardship, settled and indicated, with 85 % of the indicators' weighted votes", or the
/// two stages apart, each with its own share.
fn summary_sentence(
    settled: Stage,
    indicated: Stage,
    tally: &Tally,
    label: &dyn Fn(Stage) -> String,
) -> String {
    let percent = |stage: Stage| format!("{:.0} %", tally.share(stage) * 100.0);
    if tally.0.iter().all(|&w| w == 0.0) {
        format!("{}: no event by this date, so no indicator", label(settled))
    } else if settled == indicated {
        format!(
            "{}, settled and indicated, with {} of the indicators' weighted votes",
            label(settled),
            percent(settled)
        )
    } else {
        format!(
            "settled at {} ({} of the indicators' weighted votes now); the indicators point to {} ({})",
            label(settled),
            percent(settled),
            label(indicated),
            percent(indicated)
        )
    }
}

/// The settled stage's run and the rule that holds it.
struct Settled {
    stage: Stage,
    since: Option<String>,
    periods: usize,
    rule: String,
}

fn settle(
    history: &[StagePoint],
    indicated: Stage,
    ceiling: Stage,
    held_by: Option<String>,
    persistence: usize,
) -> Settled {
    let Some(last) = history.last() else {
        let stage = capped(indicated, ceiling);
        let rule = match (&held_by, stage != indicated) {
            (Some(why), true) => {
                format!("no stage history: the indicated stage, held at {}: {why}", stage.name())
            }
            _ => "no stage history: the indicated stage".to_owned(),
        };
        return Settled { stage, since: None, periods: 0, rule };
    };
    let stage = last.settled;
    let run = history.iter().rev().take_while(|p| p.settled == stage).count();
    let since = history[history.len() - run].date.clone();
    let held = format!("{} since {} ({run} period{})", stage.name(), since, if run == 1 { "" } else { "s" });
    if history.len() == 1 && held_by.as_deref() == Some("no event by this date") {
        return Settled { stage, since: Some(since), periods: run, rule: "no event by this date".into() };
    }
    let mut rule = if last.indicated == stage {
        format!("the indicators point here; {held}")
    } else {
        let direction = (last.indicated as i64 - stage as i64).signum();
        let pressing = history
            .iter()
            .rev()
            .take_while(|p| p.settled == stage && (p.indicated as i64 - stage as i64).signum() == direction)
            .count();
        format!(
            "the indicators point to {} for {pressing} of the {} periods in a row it takes to move; {held}",
            last.indicated.name(),
            persistence
        )
    };
    if let Some(why) = held_by.filter(|_| stage == ceiling) {
        rule = format!("{rule}; the most that age and size allow ({why})");
    }
    Settled { stage, since: Some(since), periods: run, rule }
}

/// The stage per period of the participation timeline: the indicated stage, and the settled
/// stage, which moves one step per period toward the indicated one (straight into
/// transformation) after `persistence` periods in a row, and never past the period's ceiling.
pub(crate) fn history(
    landscape: &Landscape,
    config: &MaturityConfig,
    participation: &Participation,
) -> Result<Vec<StagePoint>> {
    history_and_series(landscape, config, participation).map(|(history, _)| history)
}

/// What the indicators say in one period.
struct PeriodVote {
    indicated: Stage,
    share: f64,
    active: usize,
    health: HealthPoint,
}

/// The stage history and the health series together, from one health report per period.
pub(crate) fn history_and_series(
    landscape: &Landscape,
    config: &MaturityConfig,
    participation: &Participation,
) -> Result<(Vec<StagePoint>, Vec<HealthPoint>)> {
    config.health.check()?;
    let shared = Shared::new(landscape, &config.health);
    Ok(history_with(landscape, config, participation, &shared))
}

/// [`history_and_series`] with what the periods share computed before (`config` checked): the
/// health of each period in one sweep ([`period_reports`]), then the stage through them.
fn history_with(
    landscape: &Landscape,
    config: &MaturityConfig,
    participation: &Participation,
    shared: &Shared,
) -> (Vec<StagePoint>, Vec<HealthPoint>) {
    let timeline = &participation.timeline;
    let policy = &participation.options.policy;
    let reports = period_reports(landscape, participation.as_of, &config.health, timeline, policy, shared);
    // What the indicators say in each period, computed independently on every core …
    let votes: Vec<PeriodVote> = reports
        .into_par_iter()
        .enumerate()
        .map(|(p, health)| {
            let (date, core) = (timeline.dates[p], timeline.counts[p][Level::CoreGroup.index()]);
            let evidence =
                indicators_with(landscape, shared.first_event, date, &health, timeline, core, config);
            let tally = Tally::of(&evidence);
            let indicated = tally.winner();
            let active = health.active_members;
            PeriodVote { indicated, share: tally.share(indicated), active, health: health.point(date) }
        })
        .collect();
    // … then the stage moves through them in order.
    settle_periods(shared.first_event, config, timeline, votes)
}

/// [`history_and_series`] as it was computed before the sweep: one full health report per
/// period from the truncated participation (the reference of the tests).
#[cfg(test)]
pub(crate) fn history_and_series_reference(
    landscape: &Landscape,
    config: &MaturityConfig,
    participation: &Participation,
) -> Result<(Vec<StagePoint>, Vec<HealthPoint>)> {
    let dates = &participation.timeline.dates;
    let votes: Vec<PeriodVote> = dates
        .iter()
        .enumerate()
        .map(|(p, &date)| {
            let view = participation.truncated(p);
            let health = HealthReport::compute_reference(landscape, date, &config.health, &view)?;
            let tally = Tally::of(&indicators(landscape, date, &health, &view, config));
            let indicated = tally.winner();
            let active = health.active_members;
            Ok(PeriodVote { indicated, share: tally.share(indicated), active, health: health.point(date) })
        })
        .collect::<Result<_>>()?;
    let first = landscape.log().span().map(|(first, _)| first);
    Ok(settle_periods(first, config, &participation.timeline, votes))
}

/// The stage through the periods' votes, in order, from the landscape's first event.
fn settle_periods(
    first_event: Option<i64>,
    config: &MaturityConfig,
    timeline: &Timeline,
    votes: Vec<PeriodVote>,
) -> (Vec<StagePoint>, Vec<HealthPoint>) {
    let dates = &timeline.dates;
    let mut points: Vec<StagePoint> = Vec::with_capacity(dates.len());
    let mut series = Vec::with_capacity(dates.len());
    // How many periods in a row the indicators have pointed up (positive) or down (negative).
    let mut pressure: i64 = 0;
    let persistence = config.persistence_in(timeline.period);
    let mut peak = 0;
    for (&date, vote) in dates.iter().zip(votes) {
        let PeriodVote { indicated, share, active, health } = vote;
        peak = peak.max(active);
        let first = first_event.filter(|&first| first <= date);
        let (ceiling, _) = ceiling_after(first, date, active, peak, config);
        let settled = match points.last() {
            None => capped(indicated, ceiling),
            Some(prev) => {
                let prev = prev.settled;
                let direction = (indicated as i64 - prev as i64).signum();
                pressure = if direction == 0 || direction != pressure.signum() {
                    direction
                } else {
                    pressure + direction
                };
                let next = capped(prev.step_toward(indicated), ceiling);
                if direction != 0 && pressure.unsigned_abs() as usize >= persistence && next != prev {
                    pressure = 0;
                    next
                } else {
                    capped(prev, ceiling)
                }
            }
        };
        let date = format_seconds(date);
        points.push(StagePoint {
            date,
            settled,
            indicated,
            indicated_share: share,
            ceiling,
            active_members: active,
        });
        series.push(health);
    }
    (points, series)
}
