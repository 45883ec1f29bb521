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
    /// [`crate::model::time::parse_as_of`]: a date alone is the end of that day).
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
        HealthReport::compute(self.landscape, self.as_of().seconds(), &config, &self.participation)
    }

    /// The health report as of each period's end of the timeline (the last as of the date).
    pub fn health_series(&self, config: &HealthConfig) -> Result<Vec<HealthPoint>> {
        self.check_history("health series")?;
        let config = self.health_config(config);
        crate::health::series(self.landscape, self.as_of().seconds(), &config, &self.participation)
    }

    /// The maturity assessment: the indicated stage, the stage settled through the history up to
    /// the date (one health report per period of the timeline), the evidence and the next steps.
    /// `config.health.participation` is replaced by this analysis's options.
    ///
    /// ```
    /// use cop_core::analysis::{Analysis, AsOf};
    /// use cop_core::health::maturity::{MaturityConfig, Stage};
    /// use cop_core::participation::analysis::Options;
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// // Ten members answering each other every week for 200 days.
    /// let mut csv = String::from("member,time,kind,target\n");
    /// for week in 0..29 {
    ///     for m in 0..10 {
    ///         csv += &format!("m{m},{},answer,m{}\n", 1_700_000_000 + week * 7 * 86_400 + m * 60, (m + 1) % 10);
    ///     }
    /// }
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
    /// let analysis = Analysis::new(&landscape, AsOf::last_event(&landscape)?, &Options::default())?;
    /// let assessment = analysis.maturity(&MaturityConfig::default())?;
    /// // A steady young community is coalescing, whatever its stability says.
    /// assert_eq!(assessment.settled.stage, Stage::Coalescing);
    /// assert_eq!(assessment.indicated.stage, Stage::Coalescing);
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
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

    /// A mentor for each mentee (see [`matching`](crate::matching) for the pools, the
    /// capacities and the score): levels and trajectories from this analysis, evidence of
    /// competence, ties and load from events up to the date.
    ///
    /// Fails when a key in the options is unknown, a pair is both required and excluded, a mentee
    /// is required with two mentors or a mentor with more required mentees than their capacity.
    ///
    /// ```
    /// use cop_core::analysis::{Analysis, AsOf};
    /// use cop_core::matching::MatchingOptions;
    /// use cop_core::participation::analysis::Options;
    /// use cop_core::{Competence, Landscape, Member};
    ///
    /// let mut landscape = Landscape::new();
    /// let testing = landscape.add_domain("testing")?;
    /// let ada = landscape.add_member("ada", Member::default())?;
    /// landscape.member_mut(ada).unwrap().mentoring_capacity = 1;
    /// landscape.set_competence(ada, testing, Competence::Proficient)?;
    /// let bob = landscape.add_member("bob", Member::default())?;
    /// landscape.add_interest(bob, testing)?;
    ///
    /// let analysis = Analysis::new(&landscape, AsOf::parse("2024-06-01T00:00:00Z")?, &Options::default())?;
    /// let mut options = MatchingOptions::default();
    /// options.mentees = Some(vec!["bob".into()]);
    /// options.mentors = Some(vec!["ada".into()]);
    /// let matching = analysis.mentors(&options)?;
    /// assert_eq!(matching.pairs[0].mentor, "ada");
    /// assert_eq!(matching.pairs[0].parts.domain_fit, 1.0);
    /// assert_eq!(matching.pairs[0].domain.as_deref(), Some("testing"));
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn mentors(&self, options: &MatchingOptions) -> Result<MentorMatching> {
        crate::matching::suggest_mentors(self.landscape, &self.participation, self.as_of().seconds(), options)
    }

    /// Learning partners (see [`matching`](crate::matching)): levels from this analysis,
    /// interests and competence from events up to the date. Fails when a key is unknown.
    pub fn peers(&self, options: &PeerOptions) -> Result<PeerMatching> {
        crate::matching::suggest_peers(self.landscape, &self.participation, self.as_of().seconds(), options)
    }

    /// The `k` members best able to help with `domain` (its sub-domains included) as of the
    /// date, best first (ties by key); see [`matching`](crate::matching) for the score. Fails
    /// when the domain does not exist or an excluded key is unknown.
    ///
    /// ```
    /// use cop_core::analysis::{Analysis, AsOf};
    /// use cop_core::matching::ExpertOptions;
    /// use cop_core::participation::analysis::Options;
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// let csv = "member,time,kind,domain,target\n\
    ///            bob,2024-05-01T09:00:00Z,ask,testing/unit,\n\
    ///            ada,2024-05-01T10:00:00Z,answer,testing/unit,bob\n\
    ///            cy,2024-05-02T09:00:00Z,answer,docs,bob\n";
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
    /// let testing = landscape.domain_id("testing").unwrap();
    /// let analysis = Analysis::new(&landscape, AsOf::parse("2024-06-01T00:00:00Z")?, &Options::default())?;
    ///
    /// let experts = analysis.experts(testing, 3, &ExpertOptions::default())?;
    /// assert_eq!(experts.len(), 1);
    /// assert_eq!(experts[0].member, "ada");
    /// assert_eq!(experts[0].evidence.answers, 1);
    /// assert_eq!(experts[0].evidence.median_response_hours, Some(1.0));
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn experts(&self, domain: DomainId, k: usize, options: &ExpertOptions) -> Result<Vec<Expert>> {
        crate::matching::find_experts(self.landscape, domain, self.as_of().seconds(), k, options)
    }

    /// The `k` communities that fit `member` best as of the date (see
    /// [`matching`](crate::matching)), best first (ties by key); communities scoring 0 are left
    /// out. Fails when the member does not exist.
    ///
    /// ```
    /// use cop_core::analysis::{Analysis, AsOf};
    /// use cop_core::matching::CommunityOptions;
    /// use cop_core::participation::analysis::Options;
    /// use cop_core::{Community, Landscape, Member};
    ///
    /// let mut landscape = Landscape::new();
    /// let testing = landscape.add_domain("testing")?;
    /// let docs = landscape.add_domain("docs")?;
    /// let qa = landscape.add_community("qa-guild", Community::named("QA guild"))?;
    /// landscape.add_community_domain(qa, testing)?;
    /// let writers = landscape.add_community("writers", Community::named("Writers"))?;
    /// landscape.add_community_domain(writers, docs)?;
    /// let ada = landscape.add_member("ada", Member::default())?;
    /// landscape.add_interest(ada, testing)?;
    ///
    /// let analysis = Analysis::new(&landscape, AsOf::at(1_717_200_000)?, &Options::default())?;
    /// let fits = analysis.communities_for(ada, 5, &CommunityOptions::default())?;
    /// assert_eq!(fits[0].community, "qa-guild");
    /// assert_eq!(fits[0].parts.domain_fit, 1.0);
    /// assert!(fits.iter().all(|f| f.community != "writers"));
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
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

    /// The whole report (`options.participation` is replaced by this analysis's options): a
    /// summary of the landscape, levels and trajectories with their timeline and flows, the
    /// structure, the health report with its series, charter goals, value stories, the maturity
    /// stage with its evidence, history and next steps, and each community's own report.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ImportOptions;
    use crate::matching::{CommunityOptions, ExpertOptions, MatchingOptions, PeerOptions};

    /// Eight members answering each other weekly for six months in two domains, and three
    /// newcomers asking at the end.
    fn landscape() -> Landscape {
        let mut csv = String::from("member,time,kind,domain,target\n");
        for week in 0..26i64 {
            for m in 0..8i64 {
                let domain = if m % 2 == 0 { "testing" } else { "docs/api" };
                let t = 1_704_067_200 + week * 7 * 86_400 + m * 600;
                csv += &format!("m{m},{t},answer,{domain},m{}\n", (m + 1) % 8);
            }
        }
        for (n, domain) in ["testing", "docs", "testing/unit"].iter().enumerate() {
            csv += &format!("n{n},{},ask,{domain},\n", 1_704_067_200 + 180 * 86_400 + n as i64 * 60);
        }
        let mut l = Landscape::new();
        l.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
        l
    }

    #[test]
    fn every_method_answers_as_the_function_it_calls() {
        let l = landscape();
        let as_of = AsOf::last_event(&l).unwrap();
        let s = as_of.seconds();
        let analysis = Analysis::new(&l, as_of, &Options::default()).unwrap();
        let p = analysis.participation();

        let health = HealthConfig::default();
        let report = analysis.health(&health).unwrap();
        assert_eq!(report, HealthReport::compute(&l, s, &health, p).unwrap());
        assert_eq!(
            analysis.health_series(&health).unwrap(),
            crate::health::series(&l, s, &health, p).unwrap()
        );

        let config = MaturityConfig::default();
        let whole = maturity::analyse(&l, s, &config, p).unwrap();
        assert_eq!(analysis.maturity(&config).unwrap(), whole.assessment);
        assert_eq!(analysis.maturity_analysis(&config).unwrap(), whole);
        assert_eq!(analysis.stage_history(&config).unwrap(), maturity::history(&l, &config, p).unwrap());

        let matching = MatchingOptions::default();
        let mentors = analysis.mentors(&matching).unwrap();
        assert!(!mentors.pairs.is_empty());
        assert_eq!(mentors, crate::matching::suggest_mentors(&l, p, s, &matching).unwrap());
        let peers = PeerOptions::default();
        assert_eq!(
            analysis.peers(&peers).unwrap(),
            crate::matching::suggest_peers(&l, p, s, &peers).unwrap()
        );
        let testing = l.domain_id("testing").unwrap();
        let experts = ExpertOptions::default();
        let found = analysis.experts(testing, 3, &experts).unwrap();
        assert!(!found.is_empty());
        assert_eq!(found, crate::matching::find_experts(&l, testing, s, 3, &experts).unwrap());
        let n0 = l.member_id("n0").unwrap();
        let communities = CommunityOptions::default();
        assert_eq!(
            analysis.communities_for(n0, 3, &communities).unwrap(),
            crate::matching::recommend_communities_with(&l, n0, s, 3, &communities).unwrap()
        );
        let weight = EdgeWeight::Count;
        assert_eq!(analysis.structure(90, weight).unwrap(), structure::analyse(&l, s, 90, weight).unwrap());
    }
}
