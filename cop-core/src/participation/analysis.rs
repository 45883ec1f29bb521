//! Participation analysis in one call: levels, timeline, flows and trajectories, kept for cheap
//! per-member updates.
//!
//! [`Participation::compute`] assesses every member as of a date with a policy, builds the
//! level timeline per period and classifies trajectories. [`Participation::update_member`]
//! answers "what is this member's level and trajectory now?" after new events without
//! recomputing the landscape: the member's score is recomputed from their own events and
//! compared with the thresholds kept from the full computation — O(P × k log k) for P periods
//! and k events of the member, independent of the size of the landscape. [`ParticipationReport`]
//! is the same result with keys instead of ids, ready for JSON.

use serde::{Deserialize, Serialize};

use crate::error::{CopError, Entity, Result};
use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::model::time::{Period, format_seconds};
use crate::participation::ParticipationConfig;
use crate::participation::levels::{Assessment, Level, Levels};
use crate::participation::policy::{PolicySpec, reassess};
use crate::participation::timeline::{Timeline, Transitions};
use crate::participation::trajectory::{
    Trajectory, TrajectoryConfig, TrajectoryEvidence, TrajectoryKind, classify, trajectories,
};

/// Everything a participation analysis is configured by (serialisable, so C and Python can pass
/// it as JSON; every field has a default).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// How scores are computed (window, decay, weights, community).
    pub participation: ParticipationConfig,
    /// The level policy.
    pub policy: PolicySpec,
    /// The period of the timeline.
    pub period: Period,
    /// The trajectory rules.
    pub trajectory: TrajectoryConfig,
    /// Assess `as_of` only, not every period since the first event: the timeline then has one
    /// period, and trajectories are classified from it alone. Levels and their evidence are the
    /// same; this is what matching with given mentee and mentor pools needs, at the cost of one
    /// assessment instead of one per period.
    pub current_only: bool,
}

impl Options {
    /// Parses options from JSON (missing fields take their defaults).
    pub fn from_json(text: &str) -> Result<Options> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("options", e.to_string()))
    }

    /// Checks what serde cannot: the trajectory rules (see [`TrajectoryConfig::check`]).
    pub fn check(&self) -> Result<()> {
        self.trajectory.check()
    }
}

/// Levels, timeline and trajectories of every member as of a date.
#[derive(Clone, Debug)]
pub struct Participation {
    /// The options used.
    pub options: Options,
    /// The date, seconds since the epoch.
    pub as_of: i64,
    /// Everyone's level as of `as_of`.
    pub levels: Levels,
    /// Everyone's level per period.
    pub timeline: Timeline,
    /// Everyone's trajectory, indexed by member id.
    pub trajectories: Vec<Trajectory>,
    /// The landscape it was computed on, as it was then.
    basis: Basis,
}

/// What a participation knows of the landscape it was computed on, to refuse another one: how
/// many events, members, domains and communities it held, its last event (time, member) and its
/// first and last member's keys. Two landscapes that agree on all of these are taken as the
/// same one.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Basis {
    events: usize,
    members: usize,
    domains: usize,
    communities: usize,
    last_event: Option<(i64, u32)>,
    end_keys: Option<(String, String)>,
}

impl Basis {
    fn of(landscape: &Landscape) -> Basis {
        Basis::up_to(landscape, landscape.log().len())
    }

    /// The basis of `landscape` as if only its first `events` events were recorded.
    fn up_to(landscape: &Landscape, events: usize) -> Basis {
        let last_event = events
            .checked_sub(1)
            .and_then(|i| landscape.log().get(crate::model::ids::EventId::from_raw(i as u32)))
            .map(|e| (e.time.timestamp(), e.member.raw()));
        let members = landscape.member_ids().len();
        let key =
            |i: usize| landscape.member_key(MemberId::from_raw(i as u32)).unwrap_or_default().to_owned();
        Basis {
            events,
            members,
            end_keys: members.checked_sub(1).map(|last| (key(0), key(last))),
            domains: landscape.taxonomy().len(),
            communities: landscape.community_ids().len(),
            last_event,
        }
    }
}

impl Participation {
    /// Computes levels, timeline and trajectories as of `as_of` (seconds).
    ///
    /// ```
    /// use cop_core::{ImportOptions, Landscape, Level};
    /// use cop_core::participation::analysis::{Options, Participation};
    ///
    /// let mut csv = String::from("member,time,kind,target\n");
    /// for day in 1..=28 {
    ///     csv += &format!("ada,2024-02-{day:02}T10:00:00Z,answer,bob\n");
    ///     if day % 7 == 0 { csv += &format!("bob,2024-02-{day:02}T11:00:00Z,ask,\n"); }
    /// }
    /// csv += "cy,2024-02-10T09:00:00Z,read,\n";
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
    ///
    /// let as_of = cop_core::model::time::parse_time("2024-02-29T00:00:00Z").unwrap();
    /// let analysis = Participation::compute(&landscape, as_of, &Options::default())?;
    /// let ada = landscape.member_id("ada").unwrap();
    /// assert_eq!(analysis.level(ada).unwrap().level, Level::CoreGroup);
    /// let cy = landscape.member_id("cy").unwrap();
    /// assert_eq!(analysis.level(cy).unwrap().level, Level::Transactional);
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    ///
    /// `as_of` must be within the [range of times](crate::limits::MIN_TIME), and the history
    /// from the first event to `as_of` may span at most [`MAX_PERIODS`](crate::limits::MAX_PERIODS)
    /// periods; otherwise the error names `as_of`.
    pub fn compute(landscape: &Landscape, as_of: i64, options: &Options) -> Result<Participation> {
        options.check()?;
        crate::limits::check_span(landscape.log().span().map(|(first, _)| first), as_of, options.period)?;
        let policy = options.policy.resolve()?;
        let dates = if options.current_only {
            vec![as_of]
        } else {
            Timeline::dates(landscape, as_of, options.period)
        };
        let (timeline, levels) =
            Timeline::compute_for_dates(landscape, dates, options.period, &options.participation, &policy)?;
        let trajectories = trajectories(landscape, &timeline, &options.trajectory);
        Ok(Participation {
            options: Options { policy, ..options.clone() },
            as_of,
            levels,
            timeline,
            trajectories,
            basis: Basis::of(landscape),
        })
    }

    /// The analysis as it stood at the end of period `period` of the timeline: the timeline up to
    /// it, and that period's levels. Only levels are kept: evidence is left at its default and
    /// trajectories empty (what per-period health and maturity need, at a fraction of the cost).
    pub fn truncated(&self, period: usize) -> Participation {
        let timeline = self.timeline.prefix(period);
        let as_of = *timeline.dates.last().unwrap_or(&self.as_of);
        let last = timeline.levels.last().cloned().unwrap_or_default();
        let assessments = last
            .iter()
            .enumerate()
            .map(|(m, &level)| {
                let member = MemberId::from_raw(m as u32);
                Assessment {
                    member,
                    level,
                    evidence: crate::participation::levels::Evidence {
                        rule: "level of the timeline's period".into(),
                        score: crate::participation::Score { member, ..Default::default() },
                        ..Default::default()
                    },
                }
            })
            .collect();
        let levels = Levels { as_of, policy: self.levels.policy.clone(), assessments, cuts: None };
        Participation {
            options: self.options.clone(),
            as_of,
            levels,
            timeline,
            trajectories: Vec::new(),
            basis: self.basis.clone(),
        }
    }

    /// A member's level with its evidence.
    pub fn level(&self, member: MemberId) -> Option<&Assessment> {
        self.levels.of(member)
    }

    /// A member's trajectory with its evidence.
    pub fn trajectory(&self, member: MemberId) -> Option<&Trajectory> {
        self.trajectories.get(member.index())
    }

    /// A member's level and trajectory after new events were recorded, without recomputing
    /// anyone else: against the thresholds of this analysis.
    ///
    /// `landscape` must be the one this analysis was computed on, with events added since (never
    /// removed); another landscape is refused with [`CopError::InvalidValue`] naming `analysis`.
    pub fn update_member(&self, landscape: &Landscape, member: MemberId) -> Result<(Assessment, Trajectory)> {
        self.check_grown_from(landscape)?;
        if landscape.member(member).is_none() {
            return Err(CopError::UnknownId { entity: Entity::Member, id: member.raw().into() });
        }
        let config = &self.options.participation;
        let assessment = reassess(landscape, member, config, &self.options.policy, &self.levels)?;
        let mut levels = self.timeline.reassess_member(landscape, member, config, &self.options.policy)?;
        if let Some(last) = levels.last_mut() {
            *last = assessment.level;
        }
        let trajectory = classify(landscape, member, &levels, &self.timeline.dates, &self.options.trajectory);
        Ok((assessment, trajectory))
    }

    /// Refuses a landscape other than the one this analysis was computed on, as it was then
    /// (see [`Analysis::of`](crate::analysis::Analysis::of)).
    pub fn check_computed_on(&self, landscape: &Landscape) -> Result<()> {
        let now = Basis::of(landscape);
        if now == self.basis {
            return Ok(());
        }
        Err(CopError::invalid(
            "analysis",
            format!(
                "this analysis was computed on a landscape of {} events and {} members; this one \
                 has {} events and {} members{}: compute a new analysis",
                self.basis.events,
                self.basis.members,
                now.events,
                now.members,
                if now.events == self.basis.events && now.members == self.basis.members {
                    " (and differs in its domains, communities, last event or members)"
                } else {
                    ""
                }
            ),
        ))
    }

    /// Refuses a landscape that is not the one this analysis was computed on with events added.
    fn check_grown_from(&self, landscape: &Landscape) -> Result<()> {
        let then = &self.basis;
        let now = Basis::up_to(landscape, then.events);
        let first_key = |b: &Basis| b.end_keys.as_ref().map(|(first, _)| first.clone());
        let grown = landscape.log().len() >= then.events
            && now.members >= then.members
            && now.last_event == then.last_event
            && first_key(&now) == first_key(then);
        if grown {
            return Ok(());
        }
        Err(CopError::invalid(
            "analysis",
            format!(
                "this analysis was computed on another landscape ({} events, {} members then; {} \
                 events, {} members here, not grown from it)",
                then.events,
                then.members,
                landscape.log().len(),
                landscape.member_ids().len()
            ),
        ))
    }

    /// One member's level and trajectory with their evidence ("why this level"), as the report
    /// lists it; `None` for a member that did not exist when the analysis was computed. Unlike
    /// the report, it answers for identities merged into another member and for members left
    /// out of analyses (bots) too.
    pub fn member(&self, landscape: &Landscape, member: MemberId) -> Option<MemberParticipation> {
        let (assessment, trajectory) = (self.level(member)?, self.trajectory(member)?);
        let key = landscape.member_key(member).unwrap_or_default().to_owned();
        Some(MemberParticipation::of(key, assessment, trajectory))
    }

    /// The result with member keys, ready for JSON.
    pub fn report(&self, landscape: &Landscape) -> ParticipationReport {
        let key = |m: MemberId| landscape.member_key(m).unwrap_or_default().to_owned();
        // Identities merged into another member, and members left out (bots), are not listed.
        let listed = |m: MemberId| landscape.member_of(m) == m && !landscape.is_left_out(m);
        let members = self
            .levels
            .assessments
            .iter()
            .zip(&self.trajectories)
            .filter(|(a, _)| listed(a.member))
            .map(|(a, t)| MemberParticipation::of(key(a.member), a, t))
            .collect();
        let listed_levels = || self.levels.assessments.iter().filter(|a| listed(a.member));
        let listed_trajectories = || self.trajectories.iter().filter(|t| listed(t.member));
        ParticipationReport {
            as_of: format_seconds(self.as_of),
            policy: self.levels.policy.clone(),
            level_counts: Level::ALL
                .iter()
                .map(|l| (l.name().to_owned(), listed_levels().filter(|a| a.level == *l).count()))
                .collect(),
            trajectory_counts: TrajectoryKind::ALL
                .iter()
                .map(|k| (k.name().to_owned(), listed_trajectories().filter(|t| t.kind == *k).count()))
                .collect(),
            timeline: TimelineReport {
                period: self.timeline.period,
                dates: self.timeline.dates.iter().map(|&d| format_seconds(d)).collect(),
                counts: self.timeline.counts.clone(),
                transitions: self.timeline.transitions.clone(),
                gravity: self.timeline.gravity.clone(),
                last_partial: self.timeline.last_is_partial(),
            },
            members,
        }
    }
}

/// One member in a [`ParticipationReport`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MemberParticipation {
    /// The member's key.
    pub member: String,
    /// The level.
    pub level: Level,
    /// The participation score.
    pub score: f64,
    /// The rule that gave the level.
    pub rule: String,
    /// The level's evidence (score parts, rank, criteria).
    pub evidence: crate::participation::levels::Evidence,
    /// The trajectory.
    pub trajectory: TrajectoryKind,
    /// The rule that gave the trajectory.
    pub trajectory_rule: String,
    /// The trajectory's evidence.
    pub trajectory_evidence: TrajectoryEvidence,
}

impl MemberParticipation {
    fn of(member: String, assessment: &Assessment, trajectory: &Trajectory) -> MemberParticipation {
        MemberParticipation {
            member,
            level: assessment.level,
            score: assessment.evidence.score.total,
            rule: assessment.evidence.rule.clone(),
            evidence: assessment.evidence.clone(),
            trajectory: trajectory.kind,
            trajectory_rule: trajectory.rule.clone(),
            trajectory_evidence: trajectory.evidence.clone(),
        }
    }
}

/// Level counts and flows over time.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TimelineReport {
    /// The period.
    pub period: Period,
    /// The assessment dates (RFC 3339).
    pub dates: Vec<String>,
    /// Members per level per period, in the order core_group, active, occasional, peripheral,
    /// transactional, outsider.
    pub counts: Vec<[usize; 6]>,
    /// Flows from each period to the next.
    pub transitions: Vec<Transitions>,
    /// Gravity from each period to the next.
    pub gravity: Vec<f64>,
    /// Whether the last period is partial (assessed as of a date before its end): its counts,
    /// and the last transitions and gravity, cover only part of a period. The latest complete
    /// period is then the one before it.
    pub last_partial: bool,
}

/// A participation analysis with keys, for JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ParticipationReport {
    /// The date (RFC 3339).
    pub as_of: String,
    /// The policy's name.
    pub policy: String,
    /// Members per level.
    pub level_counts: Vec<(String, usize)>,
    /// Members per trajectory.
    pub trajectory_counts: Vec<(String, usize)>,
    /// Counts and flows over time.
    pub timeline: TimelineReport,
    /// Every member, in id order.
    pub members: Vec<MemberParticipation>,
}
