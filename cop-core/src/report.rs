//! The community report: the whole picture in one value, ready for JSON.
//!
//! [`Analysis::report`] runs every analysis as of a date — a summary of the landscape, levels
//! and trajectories with their timeline and flows, the structure of the interaction graph, the
//! health report with its series, charter goals, value stories, and the maturity stage with its
//! evidence, history and next steps — and holds the results with member keys. The command-line
//! tool, the C ABI and the Python module all render this one value.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, AsOf};
use crate::error::Result;
use crate::health::maturity::{self, MaturityConfig, StagePoint};
use crate::health::{GoalProgress, HealthPoint, HealthReport, charter_progress};
use crate::matching::mentors::default_mentees;
use crate::matching::{MatchingOptions, MentorMatching};
use crate::model::landscape::{Landscape, Summary};
use crate::model::time::format_seconds;
use crate::model::value::ValueSummary;
use crate::participation::analysis::{Options, Participation, ParticipationReport};
use crate::structure::{EdgeWeight, StructureReport};

/// What the report is computed with (every field has a default; JSON for C and Python).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ReportOptions {
    /// Levels, timeline and trajectories.
    pub participation: Options,
    /// Health and maturity (its `health` field sets the health window).
    pub maturity: MaturityConfig,
    /// The window of the structure analysis, in days.
    pub structure_window_days: u32,
    /// How the interaction graph is weighted.
    pub edge_weight: EdgeWeight,
    /// How many busiest domains the summary lists.
    pub top: usize,
    /// Include the health series and the stage history in the report. They are computed in
    /// any case (one health report per period): the settled stage is held through them.
    pub history: bool,
    /// Suggest mentors for the mentees (see `matching`).
    pub mentoring: bool,
    /// How mentors are matched. When it names no mentees, the report takes the default mentees
    /// (newcomers, inbound and peripheral members), the most recent joiners first, at most
    /// `report_mentees` of them.
    pub matching: MatchingOptions,
    /// The most default mentees the report matches.
    pub report_mentees: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            participation: Options::default(),
            maturity: MaturityConfig::default(),
            structure_window_days: 365,
            edge_weight: EdgeWeight::Count,
            top: 10,
            history: true,
            mentoring: true,
            matching: MatchingOptions::default(),
            report_mentees: 200,
        }
    }
}

impl ReportOptions {
    /// Parses options from JSON (missing fields take their defaults; unknown fields are refused).
    pub fn from_json(text: &str) -> Result<ReportOptions> {
        serde_json::from_str(text).map_err(|e| crate::CopError::invalid("options", e.to_string()))
    }
}

/// The whole picture of a landscape as of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// The report's schema name and version.
    pub schema: &'static str,
    /// The date (RFC 3339).
    pub as_of: String,
    /// Size, span and what happens.
    pub summary: Summary,
    /// Levels, trajectories, timeline and flows.
    pub participation: ParticipationReport,
    /// The structure of the interaction graph.
    pub structure: StructureReport,
    /// Health as of the date.
    pub health: HealthReport,
    /// Health per period (empty unless `history`).
    pub health_series: Vec<HealthPoint>,
    /// Progress toward charter goals.
    pub goals: Vec<GoalProgress>,
    /// Value stories per cycle and period.
    pub value: ValueSummary,
    /// The maturity stage with evidence and next steps.
    pub maturity: maturity::Assessment,
    /// The stage per period (empty unless `history`).
    pub stage_history: Vec<StagePoint>,
    /// Each community's own health and stage, when more than one community has events.
    pub communities: Vec<CommunityReport>,
    /// Mentor suggestions (absent unless `mentoring`).
    pub mentoring: Option<MentorMatching>,
    /// Who is who: identities, merges with their rules, bots and staff, and who analyses see.
    pub people: crate::model::people::PeopleReport,
    /// Where each community meets: its public and private spaces (communities without spaces
    /// are left out).
    pub spaces: Vec<SpaceBalance>,
}

/// The balance of a community's public and private spaces (channels, categories, repositories):
/// a community needs both — public spaces to be seen and joined, private ones for trust.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SpaceBalance {
    /// The community's key.
    pub community: String,
    /// The names of its public spaces.
    pub public: Vec<String>,
    /// The names of its private spaces.
    pub private: Vec<String>,
}

impl SpaceBalance {
    /// Every community's spaces, in the order of the communities (those without spaces left out).
    pub fn of(landscape: &Landscape) -> Vec<SpaceBalance> {
        landscape
            .community_ids()
            .filter_map(|id| {
                let community = landscape.community(id)?;
                if community.spaces.is_empty() {
                    return None;
                }
                let names = |visibility: crate::Visibility| {
                    community
                        .spaces
                        .iter()
                        .filter(|s| s.visibility == visibility)
                        .map(|s| s.name.clone())
                        .collect()
                };
                Some(SpaceBalance {
                    community: landscape.community_key(id).unwrap_or_default().to_owned(),
                    public: names(crate::Visibility::Public),
                    private: names(crate::Visibility::Private),
                })
            })
            .collect()
    }
}

impl Report {
    /// The report's schema name.
    pub const SCHEMA: &'static str = "cop-report/2";

    /// The whole report from an analysis (its participation options replace
    /// `options.participation`).
    pub(crate) fn of(analysis: &Analysis, options: &ReportOptions) -> Result<Report> {
        let landscape = analysis.landscape();
        let as_of = analysis.as_of().seconds();
        let options = &ReportOptions { participation: analysis.options().clone(), ..options.clone() };
        // The maturity analysis (health, its series and the stage history) is the longest part;
        // the rest runs beside it, on the other cores.
        let (maturity, rest) =
            rayon::join(|| Self::maturity_part(analysis, options), || Self::member_part(analysis, options));
        let (whole, communities, goals) = maturity?;
        let (participation, structure, mentoring) = rest?;
        let maturity::MaturityAnalysis { assessment: stage, health, history, series } = whole;
        let (stage_history, health_series) =
            if options.history { (history, series) } else { Default::default() };
        Ok(Report {
            schema: Self::SCHEMA,
            as_of: format_seconds(as_of),
            summary: landscape.summary(options.top),
            participation,
            structure,
            health,
            health_series,
            goals,
            value: analysis.value_summary(options.participation.period),
            maturity: stage,
            stage_history,
            communities,
            mentoring,
            people: landscape.people_report(),
            spaces: SpaceBalance::of(landscape),
        })
    }

    /// The landscape's maturity analysis, each community's report and the charters' goals.
    fn maturity_part(
        analysis: &Analysis,
        options: &ReportOptions,
    ) -> Result<(maturity::MaturityAnalysis, Vec<CommunityReport>, Vec<GoalProgress>)> {
        let (landscape, as_of) = (analysis.landscape(), analysis.as_of().seconds());
        let whole = analysis.maturity_analysis(&options.maturity)?;
        let communities = communities(landscape, as_of, options)?;
        let goals = goals(landscape, as_of, options, &whole, &communities)?;
        Ok((whole, communities, goals))
    }

    /// The members' side: levels and trajectories, the structure and the mentor suggestions.
    fn member_part(
        analysis: &Analysis,
        options: &ReportOptions,
    ) -> Result<(ParticipationReport, StructureReport, Option<MentorMatching>)> {
        // In the order the errors were always reported: mentoring's before the structure's.
        let mentoring = if options.mentoring {
            let matching = report_matching(analysis.landscape(), analysis.participation(), options);
            Some(analysis.mentors(&matching)?)
        } else {
            None
        };
        let structure = analysis.structure(options.structure_window_days, options.edge_weight)?;
        Ok((analysis.participation_report(), structure, mentoring))
    }
}

/// The report's matching options: the mentees given, else the default mentees (newcomers,
/// inbound and peripheral members), the most recent joiners first, at most
/// `options.report_mentees` of them.
fn report_matching(
    landscape: &Landscape,
    participation: &Participation,
    options: &ReportOptions,
) -> MatchingOptions {
    let mut matching = options.matching.clone();
    if matching.mentees.is_none() {
        let mut mentees = default_mentees(landscape, participation);
        mentees.sort_by_key(|&m| std::cmp::Reverse(landscape.joined(m).map(|t| t.timestamp())));
        mentees.truncate(options.report_mentees);
        matching.mentees =
            Some(mentees.iter().filter_map(|&m| landscape.member_key(m).map(str::to_owned)).collect());
    }
    matching
}

/// One community of a landscape with several: its own health and stage, computed on its own
/// events ([`Landscape::community_view`]), beside the landscape's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CommunityReport {
    /// The community's key.
    pub community: String,
    /// Its events.
    pub events: usize,
    /// Members with at least one event of their own in it.
    pub acting_members: usize,
    /// Its health as of the date.
    pub health: HealthReport,
    /// Its maturity: indicated and settled stage, evidence, next steps.
    pub maturity: maturity::Assessment,
    /// Progress toward its charter's goals, measured on its own events.
    pub goals: Vec<GoalProgress>,
}

impl CommunityReport {
    /// One community's health, stage and goals as of `as_of`, from its own events.
    pub(crate) fn compute(
        landscape: &Landscape,
        key: &str,
        as_of: i64,
        options: &ReportOptions,
    ) -> Result<CommunityReport> {
        let view = landscape.community_view(key)?;
        let analysis = Analysis::new(&view, AsOf::at(as_of)?, &options.participation)?
            .maturity_analysis(&options.maturity)?;
        let goals =
            charter_progress(&view, as_of, &analysis.health, &analysis.series, options.participation.period);
        let summary = view.summary(0);
        Ok(CommunityReport {
            community: key.to_owned(),
            events: summary.counts.events,
            acting_members: summary.acting_members,
            health: analysis.health,
            maturity: analysis.assessment,
            goals,
        })
    }
}

/// Each community's report when more than one community has events (none otherwise: the
/// landscape's figures are then the community's).
fn communities(landscape: &Landscape, as_of: i64, options: &ReportOptions) -> Result<Vec<CommunityReport>> {
    let active = landscape.communities_with_events();
    if active.len() < 2 {
        return Ok(Vec::new());
    }
    active
        .par_iter()
        .map(|&c| {
            CommunityReport::compute(
                landscape,
                landscape.community_key(c).unwrap_or_default(),
                as_of,
                options,
            )
        })
        .collect()
}

/// Every charter's goals, each measured on its own community's events: from the landscape's
/// figures when that community holds every event, else from its own report (or its view, for a
/// chartered community without events).
fn goals(
    landscape: &Landscape,
    as_of: i64,
    options: &ReportOptions,
    whole: &maturity::MaturityAnalysis,
    communities: &[CommunityReport],
) -> Result<Vec<GoalProgress>> {
    let active = landscape.communities_with_events();
    let mut out = Vec::new();
    for c in landscape.community_ids() {
        if landscape.community(c).is_none_or(|x| x.charter.is_none()) {
            continue;
        }
        let key = landscape.community_key(c).unwrap_or_default();
        if active == [c] {
            // The community holds every event: the landscape's figures are its own (no copy of
            // the log for a view), and only its goals are kept.
            let all = charter_progress(
                landscape,
                as_of,
                &whole.health,
                &whole.series,
                options.participation.period,
            );
            out.extend(all.into_iter().filter(|goal| goal.community == key));
        } else if let Some(report) = communities.iter().find(|r| r.community == key) {
            out.extend(report.goals.iter().cloned());
        } else {
            out.extend(CommunityReport::compute(landscape, key, as_of, options)?.goals);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Community, Space, Visibility};

    #[test]
    fn spaces_are_balanced_per_community() {
        let mut landscape = Landscape::new();
        assert!(SpaceBalance::of(&landscape).is_empty());
        let mut chat = Community::named("chat");
        chat.spaces = vec![
            Space { name: "general".into(), visibility: Visibility::Public },
            Space { name: "mods".into(), visibility: Visibility::Private },
            Space { name: "help".into(), visibility: Visibility::Public },
        ];
        landscape.add_community("chat", chat).unwrap();
        let spaces = SpaceBalance::of(&landscape);
        assert_eq!(spaces.len(), 1);
        assert_eq!(spaces[0].community, "chat");
        assert_eq!(spaces[0].public, ["general", "help"]);
        assert_eq!(spaces[0].private, ["mods"]);
    }
}
