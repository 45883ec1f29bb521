//! The analysis (calls into the core) and the documents every output format is written from.
//!
//! `cop report` renders the core's [`Report`] — one value, computed once by
//! `Analysis::report` — in every format: the JSON of `cop-report/2` *is* that value, serialised
//! as is, with the command's own fields (generator, inputs, options) under one extra key, `cli`.
//! `cop maturity` writes the core's maturity [`Assessment`](maturity::Assessment) the same way
//! (`cop-maturity/2`). `cop levels` and `cop trajectories` keep schemas of their own
//! (`cop-levels/1`, `cop-trajectories/1`), built here field by field. All are described in
//! cop-cli/SCHEMA.md.

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::maturity::{self, StagePoint};
use cop_core::matching::{Expert, ExpertOptions, MatchingOptions, MentorMatching};
use cop_core::model::time::format_seconds;
use cop_core::participation::analysis::{MemberParticipation, Options, Participation, ParticipationReport};
use cop_core::participation::levels::Levels;
use cop_core::participation::trajectory::TrajectoryKind;
use cop_core::report::{Report, ReportOptions};
use cop_core::structure::EdgeWeight;
use cop_core::{Level, Period, PolicySpec};
use serde::Serialize;

use crate::cli::{AnalysisArgs, HealthArgs, MatchArgs, MatchingArg, PolicyArg};
use crate::error::{CliError, Result};
use crate::input::{Loaded, Source};
use crate::progress::Progress;

/// The schema of `cop maturity --format json`.
pub const MATURITY_SCHEMA: &str = "cop-maturity/2";
/// The schema of `cop match --format json`.
pub const MATCH_SCHEMA: &str = "cop-match/1";
/// The schema of `cop match --experts DOMAIN --format json`.
pub const EXPERTS_SCHEMA: &str = "cop-experts/1";
/// The schema of `cop levels --format json`.
pub const LEVELS_SCHEMA: &str = "cop-levels/1";
/// The schema of `cop trajectories --format json`.
pub const TRAJECTORIES_SCHEMA: &str = "cop-trajectories/1";

/// The analysis options resolved against the inputs.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The core's options.
    pub options: Options,
    /// The date, checked.
    pub as_of: AsOf,
    /// The community analysed, if one was chosen.
    pub community: Option<String>,
}

/// Resolves `--as-of` (default: the last event), `--policy @file`, `--community` (which narrows
/// the loaded landscape to that community's view: every analysis is then the community's own).
pub fn resolve(loaded: &mut Loaded, args: &AnalysisArgs) -> Result<Resolved> {
    if let Some(key) = &args.community {
        loaded.landscape = loaded.landscape.community_view(key).map_err(|_| {
            let landscape = &loaded.landscape;
            let known: Vec<&str> =
                landscape.community_ids().filter_map(|c| landscape.community_key(c)).collect();
            CliError::input(format!("unknown community `{key}` (known: {})", known.join(", ")))
        })?;
    }
    let landscape = &loaded.landscape;
    if landscape.log().is_empty() {
        return Err(CliError::input("the input holds no events"));
    }
    let as_of = AsOf::given_or_last_event(landscape, args.as_of)?;
    let policy = match &args.policy {
        PolicyArg::Spec(spec) => spec.clone(),
        PolicyArg::File(path) => {
            let text = read_file(path)?;
            PolicySpec::from_json(&text).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?
        }
    };
    let community = args.community.as_deref().and_then(|key| landscape.community_id(key));
    let mut options = Options::default();
    options.participation.window_days = args.window;
    options.participation.community = community;
    options.policy = policy;
    options.period = args.period.into();
    Ok(Resolved { options, as_of, community: args.community.clone() })
}

impl Resolved {
    /// The core's report options: participation as resolved, the structure over the same window,
    /// health and maturity over their own window (`--health-window`, 90 days by default).
    pub fn report_options(&self, health: &HealthArgs, history: bool, mentoring: bool) -> ReportOptions {
        let mut options = ReportOptions::default();
        options.participation = self.options.clone();
        options.maturity.health.window_days = health.health_window;
        options.structure_window_days = self.options.participation.window_days;
        options.edge_weight = EdgeWeight::Count;
        options.top = 10;
        options.history = history;
        options.mentoring = mentoring;
        options
    }
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
    /// This program.
    pub fn this() -> Generator {
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

/// How `cop report` and `cop maturity` did the analysis.
#[derive(Clone, Debug, Serialize)]
pub struct RunOptions {
    /// The date of the analysis (RFC 3339).
    pub as_of: String,
    /// The participation (and structure) window in days.
    pub window_days: u32,
    /// The health and maturity window in days.
    pub health_window_days: u32,
    /// The period of the timeline, the health series and the stage history.
    pub period: Period,
    /// The level policy as given: `quantile`, a preset's name, or `custom` (JSON or a file).
    pub policy: String,
    /// The community analysed (`null`: all).
    pub community: Option<String>,
    /// Whether the health series and the stage history were computed.
    pub history: bool,
    /// Whether mentors were suggested (`cop report --no-mentoring`: no).
    pub mentoring: bool,
    /// Whether git identities were pseudonymised.
    pub pseudonymised: bool,
    /// Whether bots were left out.
    pub bots_excluded: bool,
}

/// What the `cop` command adds to the core's documents (under the key `cli`).
#[derive(Clone, Debug, Serialize)]
pub struct CliInfo {
    /// The program that wrote the document.
    pub generator: Generator,
    /// The inputs, in the order they were read.
    pub inputs: Vec<Source>,
    /// How the analysis was done.
    pub options: RunOptions,
}

impl CliInfo {
    /// The command's fields of a document computed from `loaded` with `options`.
    pub fn new(loaded: &Loaded, resolved: &Resolved, options: &ReportOptions) -> CliInfo {
        let policy = policy_label(&options.participation.policy);
        CliInfo {
            generator: Generator::this(),
            inputs: loaded.sources.clone(),
            options: RunOptions {
                as_of: resolved.as_of.to_string(),
                window_days: options.participation.participation.window_days,
                health_window_days: options.maturity.health.window_days,
                period: options.participation.period,
                policy,
                community: resolved.community.clone(),
                history: options.history,
                mentoring: options.mentoring,
                pseudonymised: loaded.pseudonymised,
                bots_excluded: loaded.bots_excluded,
            },
        }
    }
}

/// The policy as asked for: `quantile`, a preset's name, or `custom`.
fn policy_label(policy: &PolicySpec) -> String {
    match policy {
        PolicySpec::Preset { name } => name.clone(),
        spec if *spec == PolicySpec::default() => "quantile".to_owned(),
        _ => "custom".to_owned(),
    }
}

/// `cop report` (schema `cop-report/2`): the core's report as is, plus `cli`.
#[derive(Clone, Debug, Serialize)]
pub struct ReportDoc {
    /// The core's report (its fields are written at the top level).
    #[serde(flatten)]
    pub report: Report,
    /// What the command adds.
    pub cli: CliInfo,
    /// The configuration the report was computed with, for the renderers' sentences that state
    /// a setting (not written: `cli.options` records what was asked for).
    #[serde(skip)]
    pub options: ReportOptions,
}

/// `cop maturity` (schema `cop-maturity/2`).
#[derive(Clone, Debug, Serialize)]
pub struct MaturityDoc {
    /// `cop-maturity/2`.
    pub schema: &'static str,
    /// The core's maturity assessment, as in the report's `maturity`.
    pub maturity: maturity::Assessment,
    /// The stage per period, oldest first (empty unless `--history`).
    pub stage_history: Vec<StagePoint>,
    /// What the command adds.
    pub cli: CliInfo,
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
        as_of: resolved.as_of.to_string(),
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

/// The analysis as of the resolved date: everyone's participation (levels, timeline,
/// trajectories) computed once.
pub fn analysis<'a>(loaded: &'a Loaded, resolved: &Resolved, progress: Progress) -> Result<Analysis<'a>> {
    let periods = periods(loaded, resolved);
    let bar = progress.step(format!("assessing levels over {periods} periods"));
    let analysis = Analysis::new(&loaded.landscape, resolved.as_of, &resolved.options)?;
    bar.finish_and_clear();
    Ok(analysis)
}

/// The analysis of the date alone (no timeline): what levels and experts need.
fn analysis_of_the_date<'a>(loaded: &'a Loaded, resolved: &Resolved) -> Result<Analysis<'a>> {
    let mut options = resolved.options.clone();
    options.current_only = true;
    Ok(Analysis::new(&loaded.landscape, resolved.as_of, &options)?)
}

fn periods(loaded: &Loaded, resolved: &Resolved) -> usize {
    cop_core::Timeline::dates(&loaded.landscape, resolved.as_of.seconds(), resolved.options.period).len()
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

/// Builds the whole report: the core's [`Report`] with the command's own fields.
pub fn report(
    loaded: &Loaded,
    resolved: &Resolved,
    health: &HealthArgs,
    history: bool,
    mentoring: bool,
    progress: Progress,
) -> Result<ReportDoc> {
    let options = resolved.report_options(health, history, mentoring);
    let periods = periods(loaded, resolved);
    let bar = progress.step(if history {
        format!("analysing {periods} periods: levels, structure, health, maturity and their history")
    } else {
        format!("analysing {periods} periods: levels, structure, health, maturity")
    });
    let report = Analysis::new(&loaded.landscape, resolved.as_of, &resolved.options)?.report(&options)?;
    bar.finish_and_clear();
    let cli = CliInfo::new(loaded, resolved, &options);
    Ok(ReportDoc { report, cli, options })
}

/// `cop maturity`: the maturity assessment, with the stage history when asked for.
pub fn maturity(
    loaded: &Loaded,
    resolved: &Resolved,
    health: &HealthArgs,
    history: bool,
    progress: Progress,
) -> Result<MaturityDoc> {
    let options = resolved.report_options(health, history, false);
    let analysis = analysis(loaded, resolved, progress)?;
    let periods = analysis.participation().timeline.dates.len();
    let bar = progress.step(format!("assessing the stage of {periods} periods"));
    let maturity = analysis.maturity_analysis(&options.maturity)?;
    bar.finish_and_clear();
    let (assessment, stage_history) =
        (maturity.assessment, if history { maturity.history } else { Vec::new() });
    Ok(MaturityDoc {
        schema: MATURITY_SCHEMA,
        maturity: assessment,
        stage_history,
        cli: CliInfo::new(loaded, resolved, &options),
    })
}

/// The members of a report, centre first, then by score (highest first), then by key.
pub fn ranked_members(report: &Report) -> Vec<&MemberParticipation> {
    let mut members: Vec<&MemberParticipation> = report.participation.members.iter().collect();
    members.sort_by(|a, b| {
        a.level.cmp(&b.level).then(b.score.total_cmp(&a.score)).then_with(|| a.member.cmp(&b.member))
    });
    members
}

/// Members per level as of the report's date, in the order of [`Level::ALL`].
pub fn level_counts_of(report: &Report) -> [usize; 6] {
    let mut counts = [0; 6];
    for (name, n) in &report.participation.level_counts {
        if let Some(level) = Level::from_name(name) {
            counts[level.index()] = *n;
        }
    }
    counts
}

/// Members per trajectory, in the order of [`TrajectoryKind::ALL`].
pub fn trajectory_counts_of(report: &Report) -> Vec<(TrajectoryKind, usize)> {
    trajectory_counts(&report.participation).into_iter().map(|t| (t.trajectory, t.members)).collect()
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
    let analysis = analysis_of_the_date(loaded, resolved)?;
    let levels: &Levels = &analysis.participation().levels;
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
    let analysis = analysis(loaded, resolved, progress)?;
    let p = analysis.participation();
    let report = analysis.participation_report();
    let mut members = members_with_trajectories(loaded, p);
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

/// What `cop match` adds to the core's documents (under the key `cli`).
#[derive(Clone, Debug, Serialize)]
pub struct MatchCli {
    /// The program that wrote the document.
    pub generator: Generator,
    /// The inputs, in the order they were read.
    pub inputs: Vec<Source>,
    /// How levels and trajectories (which decide the default mentees and mentors) were assessed.
    pub options: OptionsDoc,
    /// The matching options used (`null` for `--experts`).
    pub matching: Option<MatchingOptions>,
}

/// `cop match` (schema `cop-match/1`): the core's mentor matching as is, plus `cli`.
#[derive(Clone, Debug, Serialize)]
pub struct MatchDoc {
    /// `cop-match/1`.
    pub schema: &'static str,
    /// The core's matching (its fields are written at the top level).
    #[serde(flatten)]
    pub matching: MentorMatching,
    /// What the command adds.
    pub cli: MatchCli,
}

/// `cop match --experts DOMAIN` (schema `cop-experts/1`).
#[derive(Clone, Debug, Serialize)]
pub struct ExpertsDoc {
    /// `cop-experts/1`.
    pub schema: &'static str,
    /// The date (RFC 3339).
    pub as_of: String,
    /// The domain asked about.
    pub domain: String,
    /// The experts, best first (the core's `Expert` values).
    pub experts: Vec<Expert>,
    /// What the command adds.
    pub cli: MatchCli,
}

fn match_cli(loaded: &Loaded, resolved: &Resolved, matching: Option<MatchingOptions>) -> MatchCli {
    MatchCli {
        generator: Generator::this(),
        inputs: loaded.sources.clone(),
        options: options_doc(loaded, resolved, &policy_label(&resolved.options.policy)),
        matching,
    }
}

/// The matching options of `cop match`: `--options` (inline or a file), then the flags over them.
pub fn matching_options(args: &MatchArgs) -> Result<MatchingOptions> {
    let mut options = match &args.options {
        None => MatchingOptions::default(),
        Some(MatchingArg::Inline(options)) => (**options).clone(),
        Some(MatchingArg::File(path)) => {
            let text = read_file(path)?;
            MatchingOptions::from_json(&text)
                .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?
        }
    };
    if let Some(mode) = args.mode {
        options.mode = mode.into();
    }
    if let Some(mentees) = &args.mentees {
        options.mentees =
            Some(mentees.iter().map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect());
    }
    if let Some(mentors) = &args.mentors {
        options.mentors =
            Some(mentors.iter().map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect());
    }
    if let Some(capacity) = args.capacity {
        options.default_capacity = capacity;
    }
    Ok(options)
}

/// `cop match`: mentor suggestions as of the resolved date.
pub fn mentors(
    loaded: &Loaded,
    resolved: &Resolved,
    options: MatchingOptions,
    progress: Progress,
) -> Result<MatchDoc> {
    let analysis = analysis(loaded, resolved, progress)?;
    let bar = progress.step("matching mentors");
    let matching = analysis.mentors(&options)?;
    bar.finish_and_clear();
    Ok(MatchDoc { schema: MATCH_SCHEMA, matching, cli: match_cli(loaded, resolved, Some(options)) })
}

/// `cop match --experts DOMAIN`: the `k` members best able to help with the domain.
pub fn experts(loaded: &Loaded, resolved: &Resolved, domain: &str, k: usize) -> Result<ExpertsDoc> {
    let landscape = &loaded.landscape;
    let id = landscape.domain_id(domain.trim()).ok_or_else(|| {
        let mut known: Vec<&str> =
            landscape.taxonomy().ids().filter_map(|d| landscape.domain_key(d)).collect();
        known.sort_unstable();
        let more = known.len().saturating_sub(12);
        known.truncate(12);
        let more = if more > 0 { format!(", … {more} more") } else { String::new() };
        CliError::input(format!("unknown domain `{domain}` (known: {}{more})", known.join(", ")))
    })?;
    let experts = analysis_of_the_date(loaded, resolved)?.experts(id, k, &ExpertOptions::default())?;
    Ok(ExpertsDoc {
        schema: EXPERTS_SCHEMA,
        as_of: resolved.as_of.to_string(),
        domain: landscape.domain_key(id).unwrap_or(domain).to_owned(),
        experts,
        cli: match_cli(loaded, resolved, None),
    })
}

fn read_file(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::input(format!("{}: no such file", path.display())),
        _ => CliError::input(format!("cannot read {}: {e}", path.display())),
    })
}
