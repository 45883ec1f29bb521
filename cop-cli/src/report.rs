//! The analysis (calls into the core) and the documents every output format is written from.
//!
//! The JSON documents are the CLI's stable schemas (`cop-report/1`, `cop-levels/1`,
//! `cop-trajectories/1`, described in cop-cli/SCHEMA.md): they are built here field by field from
//! the core's results, so that a change inside the core never silently changes them.

use cop_core::analysis::{Options, Participation, ParticipationReport};
use cop_core::levels::{Levels, assess};
use cop_core::structure::{EdgeWeight, StructureReport, analyse};
use cop_core::time::format_seconds;
use cop_core::timeline::Transitions;
use cop_core::trajectory::TrajectoryKind;
use cop_core::{Level, ParticipationConfig, Period, PolicySpec, Summary};
use serde::Serialize;

use crate::cli::{AnalysisArgs, PolicyArg};
use crate::error::{CliError, Result};
use crate::input::{Loaded, Source};
use crate::progress::Progress;

/// The schema of `cop report --format json`.
pub const REPORT_SCHEMA: &str = "cop-report/1";
/// The schema of `cop levels --format json`.
pub const LEVELS_SCHEMA: &str = "cop-levels/1";
/// The schema of `cop trajectories --format json`.
pub const TRAJECTORIES_SCHEMA: &str = "cop-trajectories/1";

/// The analysis options resolved against the inputs.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The core's options.
    pub options: Options,
    /// The date, seconds.
    pub as_of: i64,
    /// The community analysed, if one was chosen.
    pub community: Option<String>,
}

/// Resolves `--as-of` (default: the last event), `--policy @file`, `--community`.
pub fn resolve(loaded: &Loaded, args: &AnalysisArgs) -> Result<Resolved> {
    let landscape = &loaded.landscape;
    let Some((_, last)) = landscape.log().span() else {
        return Err(CliError::input("the input holds no events"));
    };
    let policy = match &args.policy {
        PolicyArg::Spec(spec) => spec.clone(),
        PolicyArg::File(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => CliError::input(format!("{}: no such file", path.display())),
                _ => CliError::input(format!("cannot read {}: {e}", path.display())),
            })?;
            PolicySpec::from_json(&text).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?
        }
    };
    let community = match &args.community {
        None => None,
        Some(key) => Some(landscape.community_id(key).ok_or_else(|| {
            let known: Vec<&str> =
                landscape.community_ids().filter_map(|c| landscape.community_key(c)).collect();
            CliError::input(format!("unknown community `{key}` (known: {})", known.join(", ")))
        })?),
    };
    let options = Options {
        participation: ParticipationConfig {
            window_days: args.window,
            community,
            ..ParticipationConfig::default()
        },
        policy,
        period: args.period.into(),
        ..Options::default()
    };
    Ok(Resolved { options, as_of: args.as_of.unwrap_or(last), community: args.community.clone() })
}

/// The program that wrote a document.
#[derive(Clone, Debug, Serialize)]
pub struct Generator {
    /// Always `cop`.
    pub name: &'static str,
    /// The version of cop.
    pub version: &'static str,
}

impl Generator {
    fn this() -> Generator {
        Generator { name: "cop", version: env!("CARGO_PKG_VERSION") }
    }
}

/// How the analysis was done.
#[derive(Clone, Debug, Serialize)]
pub struct OptionsDoc {
    /// The date of the analysis (RFC 3339).
    pub as_of: String,
    /// The window in days.
    pub window_days: u32,
    /// The period of the timeline.
    pub period: Period,
    /// The level policy's name.
    pub policy: String,
    /// The community analysed (`null`: all).
    pub community: Option<String>,
    /// Whether git identities were pseudonymised.
    pub pseudonymised: bool,
    /// Whether bots were left out.
    pub bots_excluded: bool,
}

/// A name and a number of events.
#[derive(Clone, Debug, Serialize)]
pub struct Tally {
    /// The kind's name or the domain's path.
    pub name: String,
    /// Number of events.
    pub events: u64,
}

/// The size and span of the landscape.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryDoc {
    /// Members (people who acted or were targeted).
    pub members: usize,
    /// Members with at least one event of their own.
    pub acting_members: usize,
    /// Events.
    pub events: usize,
    /// Domains.
    pub domains: usize,
    /// Communities (the default one included).
    pub communities: usize,
    /// The first event (RFC 3339).
    pub first_event: Option<String>,
    /// The last event (RFC 3339).
    pub last_event: Option<String>,
    /// Events per kind, most first.
    pub events_per_kind: Vec<Tally>,
    /// The ten busiest domains, most events first.
    pub busiest_domains: Vec<Tally>,
}

impl From<Summary> for SummaryDoc {
    fn from(s: Summary) -> Self {
        let tallies = |t: Vec<cop_core::Tally>| {
            t.into_iter().map(|t| Tally { name: t.name, events: t.events }).collect()
        };
        SummaryDoc {
            members: s.counts.members,
            acting_members: s.acting_members,
            events: s.counts.events,
            domains: s.counts.domains,
            communities: s.counts.communities,
            first_event: s.first_event,
            last_event: s.last_event,
            events_per_kind: tallies(s.events_per_kind),
            busiest_domains: tallies(s.busiest_domains),
        }
    }
}

/// Members at one level.
#[derive(Clone, Debug, Serialize)]
pub struct LevelCount {
    /// The level.
    pub level: Level,
    /// Members at that level.
    pub members: usize,
    /// Their share of the participants (members who are not outsiders); `null` for outsiders.
    pub share: Option<f64>,
}

/// Members with one trajectory.
#[derive(Clone, Debug, Serialize)]
pub struct TrajectoryCount {
    /// The trajectory.
    pub trajectory: TrajectoryKind,
    /// Members with it.
    pub members: usize,
}

/// Members per level, as an object keyed by level.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct LevelCounts {
    /// Core group.
    pub core_group: usize,
    /// Active.
    pub active: usize,
    /// Occasional.
    pub occasional: usize,
    /// Peripheral.
    pub peripheral: usize,
    /// Transactional.
    pub transactional: usize,
    /// Outsider.
    pub outsider: usize,
}

impl LevelCounts {
    fn of(c: &[usize; 6]) -> Self {
        LevelCounts {
            core_group: c[0],
            active: c[1],
            occasional: c[2],
            peripheral: c[3],
            transactional: c[4],
            outsider: c[5],
        }
    }

    /// The counts in the order of [`Level::ALL`].
    pub fn as_array(&self) -> [usize; 6] {
        [self.core_group, self.active, self.occasional, self.peripheral, self.transactional, self.outsider]
    }

    /// Members who are not outsiders.
    pub fn participants(&self) -> usize {
        self.as_array()[..5].iter().sum()
    }
}

/// Moves between the levels of two consecutive periods.
#[derive(Clone, Debug, Serialize)]
pub struct TransitionsDoc {
    /// Members who moved closer to the centre.
    pub promoted: u32,
    /// Members who moved away from the centre but still take part.
    pub demoted: u32,
    /// Participants whose level did not change.
    pub held: u32,
    /// Outsiders who started taking part.
    pub joined: u32,
    /// Participants who became outsiders.
    pub left: u32,
    /// `left` over the participants of the earlier period.
    pub turnover: f64,
    /// `matrix[from][to]`, levels in the order core_group … outsider.
    pub matrix: [[u32; 6]; 6],
}

impl From<&Transitions> for TransitionsDoc {
    fn from(t: &Transitions) -> Self {
        TransitionsDoc {
            promoted: t.promoted,
            demoted: t.demoted,
            held: t.held,
            joined: t.joined,
            left: t.left,
            turnover: t.turnover,
            matrix: t.matrix,
        }
    }
}

/// One period of the timeline.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodDoc {
    /// The assessment date: the end of the period (the last one is `as_of`).
    pub end: String,
    /// Members per level.
    pub counts: LevelCounts,
    /// Members who are not outsiders.
    pub participants: usize,
    /// The change of weighted commitment from the previous period over the participants
    /// (`null` for the first period).
    pub gravity: Option<f64>,
    /// Moves from the previous period (`null` for the first period).
    pub transitions: Option<TransitionsDoc>,
}

/// The flows between levels over the last period.
#[derive(Clone, Debug, Serialize)]
pub struct FlowsDoc {
    /// The earlier date.
    pub from: String,
    /// The later date (`as_of`).
    pub to: String,
    /// The moves.
    pub transitions: TransitionsDoc,
}

/// One member's level and trajectory with their evidence.
#[derive(Clone, Debug, Serialize)]
pub struct MemberDoc {
    /// The member's key.
    pub member: String,
    /// The level.
    pub level: Level,
    /// The participation score.
    pub score: f64,
    /// The rank among participants by the policy's measure (1 = first).
    pub rank: Option<u32>,
    /// The rule that gave the level.
    pub rule: String,
    /// The trajectory (`null` in `cop levels`).
    pub trajectory: Option<TrajectoryKind>,
    /// The rule that gave the trajectory.
    pub trajectory_rule: Option<String>,
    /// The slope of the level over the recent periods (level ranks per period).
    pub slope: Option<f64>,
    /// Events in the window.
    pub events: u32,
    /// Decayed, weighted activity.
    pub activity: f64,
    /// Distinct domains.
    pub domains: u32,
    /// Distinct people interacted with.
    pub people: u32,
    /// Distinct active days.
    pub active_days: u32,
    /// Decayed weight of what others directed at the member.
    pub received: f64,
    /// The member's last event in the window (RFC 3339).
    pub last_event: Option<String>,
}

/// One member's position in the interaction graph.
#[derive(Clone, Debug, Serialize)]
pub struct PositionDoc {
    /// The member's key.
    pub member: String,
    /// PageRank.
    pub pagerank: f64,
    /// k-core number.
    pub core_number: u32,
    /// People interacted with.
    pub degree: u32,
    /// Burt's constraint (low: a broker).
    pub constraint: f64,
}

/// The structure of the interaction graph over the window.
#[derive(Clone, Debug, Serialize)]
pub struct StructureDoc {
    /// Members with at least one tie.
    pub connected_members: usize,
    /// Ties (pairs who interacted).
    pub ties: usize,
    /// The Borgatti–Everett core/periphery fit (−1..1).
    pub core_periphery_fit: f64,
    /// The core of that fit.
    pub core: Vec<String>,
    /// Members with at least two ties, lowest constraint first (at most 20).
    pub brokers: Vec<String>,
    /// Every connected member, highest PageRank first.
    pub members: Vec<PositionDoc>,
}

impl From<StructureReport> for StructureDoc {
    fn from(s: StructureReport) -> Self {
        StructureDoc {
            connected_members: s.connected_members,
            ties: s.ties,
            core_periphery_fit: s.core_periphery_fit,
            core: s.core,
            brokers: s.brokers,
            members: s
                .members
                .into_iter()
                .map(|m| PositionDoc {
                    member: m.member,
                    pagerank: m.pagerank,
                    core_number: m.core_number,
                    degree: m.degree,
                    constraint: m.constraint,
                })
                .collect(),
        }
    }
}

/// `cop report`: the whole picture (schema `cop-report/1`).
#[derive(Clone, Debug, Serialize)]
pub struct ReportDoc {
    /// `cop-report/1`.
    pub schema: &'static str,
    /// The program that wrote it.
    pub generator: Generator,
    /// The inputs.
    pub inputs: Vec<Source>,
    /// How the analysis was done.
    pub options: OptionsDoc,
    /// Size and span.
    pub summary: SummaryDoc,
    /// Members per level as of `as_of`.
    pub levels: Vec<LevelCount>,
    /// Members per trajectory.
    pub trajectories: Vec<TrajectoryCount>,
    /// Levels per period, oldest first.
    pub timeline: Vec<PeriodDoc>,
    /// Flows over the last period (`null` with a single period).
    pub flows: Option<FlowsDoc>,
    /// Every member, centre first, then by score.
    pub members: Vec<MemberDoc>,
    /// The interaction graph (`null` when it could not be computed).
    pub structure: Option<StructureDoc>,
    /// The maturity stage: not available yet (always `null` in this version).
    pub maturity: Option<serde_json::Value>,
    /// Health metrics: not available yet (always `null` in this version).
    pub health: Option<serde_json::Value>,
    /// Mentor suggestions: not available yet (always `null` in this version).
    pub mentoring: Option<serde_json::Value>,
}

/// `cop levels` and `cop trajectories` (schemas `cop-levels/1`, `cop-trajectories/1`).
#[derive(Clone, Debug, Serialize)]
pub struct MembersDoc {
    /// `cop-levels/1` or `cop-trajectories/1`.
    pub schema: &'static str,
    /// The program that wrote it.
    pub generator: Generator,
    /// The inputs.
    pub inputs: Vec<Source>,
    /// How the analysis was done.
    pub options: OptionsDoc,
    /// Members per level.
    pub levels: Vec<LevelCount>,
    /// Members per trajectory (`null` in `cop levels`).
    pub trajectories: Option<Vec<TrajectoryCount>>,
    /// The members listed (see --all and --limit).
    pub members: Vec<MemberDoc>,
}

fn options_doc(loaded: &Loaded, resolved: &Resolved, policy: &str) -> OptionsDoc {
    OptionsDoc {
        as_of: format_seconds(resolved.as_of),
        window_days: resolved.options.participation.window_days,
        period: resolved.options.period,
        policy: policy.to_owned(),
        community: resolved.community.clone(),
        pseudonymised: loaded.pseudonymised,
        bots_excluded: loaded.bots_excluded,
    }
}

fn level_counts(counts: &[usize; 6]) -> Vec<LevelCount> {
    let participants: usize = counts[..5].iter().sum();
    Level::ALL
        .iter()
        .map(|&level| {
            let members = counts[level.index()];
            let share =
                (level != Level::Outsider && participants > 0).then(|| members as f64 / participants as f64);
            LevelCount { level, members, share }
        })
        .collect()
}

fn member_doc(key: String, a: &cop_core::Assessment) -> MemberDoc {
    let s = &a.evidence.score;
    MemberDoc {
        member: key,
        level: a.level,
        score: s.total,
        rank: a.evidence.rank,
        rule: a.evidence.rule.clone(),
        trajectory: None,
        trajectory_rule: None,
        slope: None,
        events: s.events,
        activity: s.activity,
        domains: s.domains,
        people: s.people,
        active_days: s.active_days,
        received: s.received,
        last_event: s.last_event.map(format_seconds),
    }
}

/// Centre first, then by score (highest first), then by key.
fn sort_members(members: &mut [MemberDoc]) {
    members.sort_by(|a, b| {
        a.level.cmp(&b.level).then(b.score.total_cmp(&a.score)).then_with(|| a.member.cmp(&b.member))
    });
}

/// Everyone's participation (levels, timeline, trajectories) as of the resolved date.
pub fn participation(loaded: &Loaded, resolved: &Resolved, progress: Progress) -> Result<Participation> {
    let periods = cop_core::Timeline::dates(&loaded.landscape, resolved.as_of, resolved.options.period).len();
    let bar = progress.step(format!("assessing levels over {periods} periods"));
    let result = Participation::compute(&loaded.landscape, resolved.as_of, &resolved.options)?;
    bar.finish_and_clear();
    Ok(result)
}

fn members_with_trajectories(loaded: &Loaded, p: &Participation) -> Vec<MemberDoc> {
    let landscape = &loaded.landscape;
    let mut members: Vec<MemberDoc> = p
        .levels
        .assessments
        .iter()
        .zip(&p.trajectories)
        .map(|(a, t)| {
            let key = landscape.member_key(a.member).unwrap_or_default().to_owned();
            MemberDoc {
                trajectory: Some(t.kind),
                trajectory_rule: Some(t.rule.clone()),
                slope: Some(t.evidence.slope),
                ..member_doc(key, a)
            }
        })
        .collect();
    sort_members(&mut members);
    members
}

fn trajectory_counts(report: &ParticipationReport) -> Vec<TrajectoryCount> {
    TrajectoryKind::ALL
        .iter()
        .map(|&trajectory| TrajectoryCount {
            trajectory,
            members: report
                .trajectory_counts
                .iter()
                .find(|(n, _)| n == trajectory.name())
                .map_or(0, |(_, c)| *c),
        })
        .collect()
}

/// Builds the whole report.
pub fn report(loaded: &Loaded, resolved: &Resolved, progress: Progress) -> Result<ReportDoc> {
    let landscape = &loaded.landscape;
    let p = participation(loaded, resolved, progress)?;
    let report = p.report(landscape);
    let bar = progress.step("analysing the interaction graph");
    let structure = match analyse(
        landscape,
        resolved.as_of,
        resolved.options.participation.window_days,
        EdgeWeight::Count,
    ) {
        Ok(s) => Some(StructureDoc::from(s)),
        Err(e) => {
            eprintln!("warning: no structure in the report: {e}");
            None
        }
    };
    bar.finish_and_clear();
    let timeline = &report.timeline;
    let periods = timeline
        .dates
        .iter()
        .enumerate()
        .map(|(i, end)| {
            let counts = LevelCounts::of(&timeline.counts[i]);
            PeriodDoc {
                end: end.clone(),
                participants: counts.participants(),
                counts,
                gravity: i.checked_sub(1).and_then(|j| timeline.gravity.get(j)).copied(),
                transitions: i
                    .checked_sub(1)
                    .and_then(|j| timeline.transitions.get(j))
                    .map(TransitionsDoc::from),
            }
        })
        .collect::<Vec<_>>();
    let flows = (periods.len() >= 2).then(|| {
        let n = periods.len();
        FlowsDoc {
            from: periods[n - 2].end.clone(),
            to: periods[n - 1].end.clone(),
            transitions: periods[n - 1].transitions.clone().expect("a second period has transitions"),
        }
    });
    Ok(ReportDoc {
        schema: REPORT_SCHEMA,
        generator: Generator::this(),
        inputs: loaded.sources.clone(),
        options: options_doc(loaded, resolved, &report.policy),
        summary: landscape.summary(10).into(),
        levels: level_counts(&p.levels.counts()),
        trajectories: trajectory_counts(&report),
        timeline: periods,
        flows,
        members: members_with_trajectories(loaded, &p),
        structure,
        maturity: None,
        health: None,
        mentoring: None,
    })
}

/// Keeps the members asked for: participants only unless `all`, at most `limit`.
fn select(mut members: Vec<MemberDoc>, all: bool, limit: Option<usize>) -> Vec<MemberDoc> {
    if !all {
        members.retain(|m| m.level != Level::Outsider);
    }
    if let Some(limit) = limit {
        members.truncate(limit);
    }
    members
}

/// `cop levels`: one assessment as of the date (no timeline).
pub fn levels(
    loaded: &Loaded,
    resolved: &Resolved,
    all: bool,
    limit: Option<usize>,
    progress: Progress,
) -> Result<MembersDoc> {
    let landscape = &loaded.landscape;
    let bar = progress.step("assessing levels");
    let levels: Levels =
        assess(landscape, resolved.as_of, &resolved.options.participation, &resolved.options.policy)?;
    bar.finish_and_clear();
    let mut members: Vec<MemberDoc> = levels
        .assessments
        .iter()
        .map(|a| member_doc(landscape.member_key(a.member).unwrap_or_default().to_owned(), a))
        .collect();
    sort_members(&mut members);
    Ok(MembersDoc {
        schema: LEVELS_SCHEMA,
        generator: Generator::this(),
        inputs: loaded.sources.clone(),
        options: options_doc(loaded, resolved, &levels.policy),
        levels: level_counts(&levels.counts()),
        trajectories: None,
        members: select(members, all, limit),
    })
}

/// `cop trajectories`: levels over time and the trajectories they make.
pub fn trajectories(
    loaded: &Loaded,
    resolved: &Resolved,
    all: bool,
    limit: Option<usize>,
    progress: Progress,
) -> Result<MembersDoc> {
    let p = participation(loaded, resolved, progress)?;
    let report = p.report(&loaded.landscape);
    let mut members = members_with_trajectories(loaded, &p);
    if !all {
        members.retain(|m| m.trajectory != Some(TrajectoryKind::Inactive));
    }
    // Trajectory order (as listed in the counts), then centre first, then score.
    members.sort_by(|a, b| {
        a.trajectory.cmp(&b.trajectory).then(a.level.cmp(&b.level)).then(b.score.total_cmp(&a.score))
    });
    Ok(MembersDoc {
        schema: TRAJECTORIES_SCHEMA,
        generator: Generator::this(),
        inputs: loaded.sources.clone(),
        options: options_doc(loaded, resolved, &report.policy),
        levels: level_counts(&p.levels.counts()),
        trajectories: Some(trajectory_counts(&report)),
        members: select(members, true, limit),
    })
}

/// A level's name for people (`core group`).
pub fn level_label(level: Level) -> &'static str {
    match level {
        Level::CoreGroup => "core group",
        Level::Active => "active",
        Level::Occasional => "occasional",
        Level::Peripheral => "peripheral",
        Level::Transactional => "transactional",
        Level::Outsider => "outsider",
    }
}
