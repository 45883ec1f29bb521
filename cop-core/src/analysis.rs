//! One way in: every analysis of a landscape as of one date, from one [`Analysis`].
//!
//! An [`Analysis`] holds the landscape, a checked date ([`AsOf`]) and the participation
//! analysis (levels, timeline, trajectories) computed once with its [`Options`]. Every other
//! analysis — health and its series, maturity and the stage history, mentors, peers, experts,
//! communities to join, the structure, value stories, the whole report — is a method of it, so
//! the date is given once, the levels are computed once, and the configurations that depend on
//! the participation (a health report's levels, a maturity assessment's health) take this
//! analysis's, never another's.
//!
//! ```
//! use cop_core::analysis::{Analysis, AsOf};
//! use cop_core::health::HealthConfig;
//! use cop_core::participation::analysis::Options;
//! use cop_core::{ImportOptions, Landscape, Level};
//!
//! let mut csv = String::from("member,time,kind,domain,target\n");
//! for day in 1..=28 {
//!     csv += &format!("ada,2024-02-{day:02}T10:00:00Z,answer,testing,bob\n");
//!     if day % 7 == 0 { csv += &format!("bob,2024-02-{day:02}T11:00:00Z,ask,testing,\n"); }
//! }
//! let mut landscape = Landscape::new();
//! landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
//!
//! // The date of the last event, checked once.
//! let as_of = AsOf::last_event(&landscape)?;
//! let analysis = Analysis::new(&landscape, as_of, &Options::default())?;
//! let ada = landscape.member_id("ada").unwrap();
//! assert_eq!(analysis.level(ada)?.level, Level::CoreGroup);
//! let health = analysis.health(&HealthConfig::default())?;
//! assert_eq!(health.active_members, 2);
//! # Ok::<(), cop_core::CopError>(())
//! ```
//!
//! Bindings that keep a [`Participation`] beside a landscape they hand out separately (C, and
//! Python's pickled analyses) rebuild the analysis with [`Analysis::of`], which refuses a
//! landscape other than the one the participation was computed on.

use std::borrow::Cow;
use std::fmt;

use crate::error::{CopError, Entity, Result};
use crate::health::maturity::{self, MaturityAnalysis, MaturityConfig, StagePoint};
use crate::health::{HealthConfig, HealthPoint, HealthReport};
use crate::limits;
use crate::matching::{
    CommunityFit, CommunityOptions, Expert, ExpertOptions, MatchingOptions, MentorMatching, PeerMatching,
    PeerOptions,
};
use crate::model::ids::{DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::time::{Period, format_seconds, parse_as_of};
use crate::model::value::{self, ValueSummary};
use crate::participation::analysis::{Options, Participation, ParticipationReport};
use crate::participation::levels::Assessment;
use crate::participation::trajectory::Trajectory;
use crate::report::{Report, ReportOptions};
use crate::structure::{self, EdgeWeight, StructureReport};

/// The date of an analysis, checked: seconds since the epoch within the
/// [range of times](crate::limits::MIN_TIME).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AsOf(i64);

impl AsOf {
    /// A date in seconds since the epoch; refused (naming `as_of`) outside the range of times.
    pub fn at(seconds: i64) -> Result<AsOf> {
        limits::check_time("as_of", seconds)?;
        Ok(AsOf(seconds))
    }

    /// A date as the command, C and Python read it (see
    /// [`parse_as_of`](crate::model::time::parse_as_of): a date alone is the end of that day).
    ///
    /// ```
    /// use cop_core::analysis::AsOf;
    /// assert_eq!(AsOf::parse("2024-01-01")?.seconds(), 1_704_067_200 + 86_399);
    /// assert!(AsOf::parse("yesterday").is_err());
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn parse(text: &str) -> Result<AsOf> {
        let seconds = parse_as_of(text).map_err(|e| CopError::invalid("as_of", e.to_string()))?;
        AsOf::at(seconds)
    }

    /// The time of the landscape's last event; refused when it has none.
    pub fn last_event(landscape: &Landscape) -> Result<AsOf> {
        match landscape.log().span() {
            Some((_, last)) => AsOf::at(last),
            None => Err(CopError::invalid(
                "as_of",
                "the landscape has no event to date the analysis by: give `as_of`",
            )),
        }
    }

    /// `seconds` when given, else the time of the landscape's last event: the default of every
    /// binding and of the command.
    pub fn given_or_last_event(landscape: &Landscape, seconds: Option<i64>) -> Result<AsOf> {
        seconds.map_or_else(|| AsOf::last_event(landscape), AsOf::at)
    }

    /// Seconds since the epoch.
    pub fn seconds(self) -> i64 {
        self.0
    }
}

impl fmt::Display for AsOf {
    /// RFC 3339, UTC.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_seconds(self.0))
    }
}

/// A landscape analysed as of one date: the participation computed once, and every other
/// analysis as a method (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub struct Analysis<'a> {
    landscape: &'a Landscape,
    participation: Cow<'a, Participation>,
}

impl<'a> Analysis<'a> {
    /// Computes the participation of `landscape` as of `as_of` with `options` (levels, timeline,
    /// trajectories); fails on bad options or a history longer than
    /// [`MAX_PERIODS`](crate::limits::MAX_PERIODS) periods.
    pub fn new(landscape: &'a Landscape, as_of: AsOf, options: &Options) -> Result<Analysis<'a>> {
        let participation = Participation::compute(landscape, as_of.seconds(), options)?;
        Ok(Analysis { landscape, participation: Cow::Owned(participation) })
    }

    /// The analysis of the date alone, with the default options: one assessment and no timeline.
    /// Enough for experts, communities to join, the structure and value stories; what needs the
    /// history (health series, maturity, stage history, the report) is refused.
    pub fn of_the_date(landscape: &'a Landscape, as_of: AsOf) -> Result<Analysis<'a>> {
        Analysis::new(landscape, as_of, &Options { current_only: true, ..Options::default() })
    }

    /// The analysis of `landscape` from a participation computed on it before. Refused with
    /// [`CopError::InvalidValue`] naming `analysis` when `landscape` is not the one `participation`
    /// was computed on, as it was then (its counts of events, members, domains and communities,
    /// and its last event): an analysis is never paired with another landscape, nor with one
    /// that changed since.
    pub fn of(landscape: &'a Landscape, participation: &'a Participation) -> Result<Analysis<'a>> {
        participation.check_computed_on(landscape)?;
        Ok(Analysis { landscape, participation: Cow::Borrowed(participation) })
    }

    /// The landscape analysed.
    pub fn landscape(&self) -> &'a Landscape {
        self.landscape
    }

    /// The date.
    pub fn as_of(&self) -> AsOf {
        AsOf(self.participation.as_of)
    }

    /// The participation options (policies resolved).
    pub fn options(&self) -> &Options {
        &self.participation.options
    }

    /// Levels, timeline and trajectories.
    pub fn participation(&self) -> &Participation {
        &self.participation
    }

    /// Refuses a date other than this analysis's (naming `as_of`): for callers that were given
    /// a date beside an analysis computed before.
    pub fn check_as_of(&self, seconds: i64) -> Result<()> {
        if seconds == self.participation.as_of {
            return Ok(());
        }
        Err(CopError::invalid(
            "as_of",
            format!(
                "this analysis is as of {}, not {}: compute an analysis as of that date",
                self.as_of(),
                format_seconds(seconds)
            ),
        ))
    }

    /// The participation, to keep beside the landscape (see [`Analysis::of`]).
    pub fn into_participation(self) -> Participation {
        self.participation.into_owned()
    }

    /// A member's level with its evidence ("why this level").
    pub fn level(&self, member: MemberId) -> Result<&Assessment> {
        self.participation.level(member).ok_or_else(|| unknown_member(member))
    }

    /// A member's trajectory with its evidence.
    pub fn trajectory(&self, member: MemberId) -> Result<&Trajectory> {
        self.participation.trajectory(member).ok_or_else(|| unknown_member(member))
    }

    /// One member's level and trajectory with their evidence, keyed, as the report lists them.
    pub fn member(&self, member: MemberId) -> Result<crate::participation::analysis::MemberParticipation> {
        self.participation.member(self.landscape, member).ok_or_else(|| unknown_member(member))
    }

    /// Levels, counts, timeline and trajectories with member keys, ready for JSON.
    pub fn participation_report(&self) -> ParticipationReport {
        self.participation.report(self.landscape)
    }

    /// The health report, with this analysis's levels (`config.participation` is replaced by
    /// this analysis's options).
    pub fn health(&self, config: &HealthConfig) -> Result<HealthReport> {
        let config = self.health_config(config);
        HealthReport::compute(self.landscape, self.as_of().seconds(), &config, Some(&self.participation))
    }

    /// The health report as of each period's end of the timeline (the last as of the date).
    pub fn health_series(&self, config: &HealthConfig) -> Result<Vec<HealthPoint>> {
        self.check_history("health series")?;
        let config = self.health_config(config);
        crate::health::series(self.landscape, self.as_of().seconds(), &config, &self.participation)
    }

    /// The maturity assessment: the indicated and settled stage, evidence and next steps.
    pub fn maturity(&self, config: &MaturityConfig) -> Result<maturity::Assessment> {
        self.maturity_analysis(config).map(|m| m.assessment)
    }

    /// The maturity assessment with the health report, stage history and health series it was
    /// settled through.
    pub fn maturity_analysis(&self, config: &MaturityConfig) -> Result<MaturityAnalysis> {
        self.check_history("maturity")?;
        let config = self.maturity_config(config);
        maturity::analyse(self.landscape, self.as_of().seconds(), &config, &self.participation)
    }

    /// The indicated and settled stage per period of the timeline.
    pub fn stage_history(&self, config: &MaturityConfig) -> Result<Vec<StagePoint>> {
        self.check_history("stage history")?;
        let config = self.maturity_config(config);
        maturity::history(self.landscape, &config, &self.participation)
    }

    /// Mentors for mentees (see [`matching`](crate::matching)).
    pub fn mentors(&self, options: &MatchingOptions) -> Result<MentorMatching> {
        crate::matching::suggest_mentors(self.landscape, &self.participation, self.as_of().seconds(), options)
    }

    /// Learning partners.
    pub fn peers(&self, options: &PeerOptions) -> Result<PeerMatching> {
        crate::matching::suggest_peers(self.landscape, &self.participation, self.as_of().seconds(), options)
    }

    /// The `k` members who know `domain` best.
    pub fn experts(&self, domain: DomainId, k: usize, options: &ExpertOptions) -> Result<Vec<Expert>> {
        crate::matching::find_experts(self.landscape, domain, self.as_of().seconds(), k, options)
    }

    /// The `k` communities that fit `member` best.
    pub fn communities_for(
        &self,
        member: MemberId,
        k: usize,
        options: &CommunityOptions,
    ) -> Result<Vec<CommunityFit>> {
        crate::matching::recommend_communities_with(
            self.landscape,
            member,
            self.as_of().seconds(),
            k,
            options,
        )
    }

    /// Cores, brokers and positions in the interaction over `window_days` days up to the date.
    pub fn structure(&self, window_days: u32, weight: EdgeWeight) -> Result<StructureReport> {
        structure::analyse(self.landscape, self.as_of().seconds(), window_days, weight)
    }

    /// Value stories up to the date, per cycle and per period.
    pub fn value_summary(&self, period: Period) -> ValueSummary {
        value::summary(self.landscape.value_stories(), self.as_of().seconds(), period)
    }

    /// The whole report (`options.participation` is replaced by this analysis's options).
    pub fn report(&self, options: &ReportOptions) -> Result<Report> {
        self.check_history("report")?;
        Report::of(self, options)
    }

    fn health_config(&self, config: &HealthConfig) -> HealthConfig {
        HealthConfig { participation: self.options().clone(), ..config.clone() }
    }

    fn maturity_config(&self, config: &MaturityConfig) -> MaturityConfig {
        MaturityConfig { health: self.health_config(&config.health), ..config.clone() }
    }

    /// Refuses analyses that read the timeline when only the date was assessed.
    fn check_history(&self, what: &str) -> Result<()> {
        if self.options().current_only {
            return Err(CopError::invalid(
                "current_only",
                format!("the {what} needs every period: compute the analysis without `current_only`"),
            ));
        }
        Ok(())
    }
}

fn unknown_member(member: MemberId) -> CopError {
    CopError::UnknownId { entity: Entity::Member, id: member.raw().into() }
}
