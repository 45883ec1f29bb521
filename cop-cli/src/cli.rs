//! The command line: commands, arguments and their parsing (no logic beyond reading values).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cop_core::matching::{MatchingOptions, Mode};
use cop_core::{Period, PolicySpec};

const AFTER_HELP: &str = "\
Inputs (at least one; they are read into one landscape, in this order):
  FILE...          event files: CSV or JSON Lines (columns member,time,kind and optional
                   domain,target,community,artifact,weight,thread; time as RFC 3339,
                   2024-06-30 12:00:00 (UTC), 2024-06-30 or epoch seconds/ms/µs/ns), or one
                   snapshot written by `cop import`; `-` reads standard input
  --git PATH       the history of a git repository (its working tree or a bare repository),
                   read by cop itself (no `git` command needed)
  --demo[=NAME]    real community data bundled with cop: flask (default) or requests

Examples:
  cop report --demo                          the whole picture of the flask community
  cop report --git . --format html           an HTML report of this repository (cop-report.html)
  cop levels events.csv --as-of 2024-06-30 --window 26w --policy coronet
  cop maturity --demo --history              the maturity stage, its evidence and its history
  cop match --demo                           mentor suggestions, with the reasons for each pair
  cop rollup --git tokio --git cargo         who works across two communities (see cop rollup -h)
  cop import --git . --pseudonymise --salt \"$SALT\" -o history.csv
  cop report --git . --identities people.csv  merge or split identities as people.csv says
  cop forget 'Ada <ada@example.com>' --snapshot landscape.json -o landscape.json

People: identities with the same e-mail address, the same .mailmap entry or the same GitHub
login (noreply addresses) are merged into one member, each merge with its rule; bots (`[bot]`,
`-bot`, dependabot, renovate, github-actions, bors, …) are left out of every analysis unless
--include-bots.";

const MATCH_AFTER_HELP: &str = "\
Mentees are by default the newcomers, inbound and peripheral members; mentors the core group and
active members competent in some domain. Every pair is scored by domain fit, competence gap, free
capacity, availability, familiarity or novelty and stated preferences (MatchingOptions of cop-core,
which --options sets as JSON).

Inputs: FILE... (CSV, JSON Lines or a snapshot; `-` reads standard input), --git PATH, --demo[=NAME].

Examples:
  cop match --demo                              mentors for the newcomers of the flask community
  cop match events.csv --mentees cy,dan --mode stable
  cop match events.csv --options '{\"max_gap\": 3, \"top_k\": 5}' --format json
  cop match events.csv --experts testing --k 5  who can help with testing";

const ROLLUP_AFTER_HELP: &str = "\
Each community with events is analysed on its own events, all as of one date (the last event, or
--as-of), then merged: the members acting in two communities or more (brokers), the boundary
members among them (above outsider in at least --boundary-communities of them), and the
landscape's stage across its communities (the settled stage that holds the most active members).

On several machines: give each machine some of the communities' events, write their parts with
--parts (every machine with the same --as-of), and merge the parts anywhere with --merge. The merge
equals the rollup of every event read in one place when members have the same key everywhere:
git histories read apart may name one person differently in each (merge their events first:
cop import --git a --git b -o all.csv, then split that file by community).

Inputs: FILE... (CSV, JSON Lines or a snapshot; `-` reads standard input), --git PATH (several
repositories are several communities), --from KIND PATH, --demo[=NAME].

Examples:
  cop rollup --git tokio --git cargo                who works across the two projects
  cop rollup events.csv --format json
  cop rollup rust.csv --as-of 2026-06-30 --parts -o rust.parts.json     (on one machine)
  cop rollup go.csv --as-of 2026-06-30 --parts -o go.parts.json         (on another)
  cop rollup --merge rust.parts.json go.parts.json";

/// `cop`: communities of practice, computed.
#[derive(Debug, Parser)]
#[command(
    name = "cop",
    version,
    about = "Communities of practice, computed: who is core, who is on the periphery, who is moving \
             in or out — from event files or any git repository.",
    after_help = AFTER_HELP,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Colour in text output: `auto` (only on a terminal, and not when NO_COLOR is set), `always`
    /// or `never`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, hide_possible_values = true)]
    pub color: ColorChoice,

    /// Show no progress bars (they are only ever shown when standard error is a terminal).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Indent JSON output everywhere. By default JSON is indented on a terminal and written
    /// compact (one line, as programs read it, and faster) to files and pipes.
    #[arg(long, global = true)]
    pub pretty: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole picture: summary, participation levels, levels over time, flows, trajectories,
    /// structure, health, charter goals, value stories, the maturity stage with its history and
    /// mentor suggestions, as text, JSON (schema cop-report/2) or one self-contained HTML file.
    #[command(after_help = AFTER_HELP)]
    Report(ReportArgs),
    /// Every member's participation level with its score and the rule that gave it.
    #[command(after_help = AFTER_HELP)]
    Levels(MembersArgs),
    /// Every member's trajectory (inbound, insider, peripheral, outbound, boundary, newcomer,
    /// inactive) with the rule that gave it.
    #[command(after_help = AFTER_HELP)]
    Trajectories(MembersArgs),
    /// The community's maturity stage (potential, coalescing, maturing, stewardship,
    /// transformation) with the indicators behind it and the next steps.
    #[command(after_help = AFTER_HELP)]
    Maturity(MaturityArgs),
    /// Mentor suggestions: who should learn from whom, each pair with its score and the reasons
    /// (or, with --experts DOMAIN, the members best able to help with a domain).
    #[command(after_help = MATCH_AFTER_HELP)]
    Match(MatchArgs),
    /// What spans the communities of a landscape: each community analysed on its own events,
    /// then the members acting in several (brokers and boundary members) and the stage across
    /// them; with --parts, each community's part, for a merge of parts computed apart (--merge).
    #[command(after_help = ROLLUP_AFTER_HELP)]
    Rollup(RollupArgs),
    /// Reads the inputs into a snapshot (or converts them to an event file).
    #[command(after_help = AFTER_HELP)]
    Import(ImportArgs),
    /// Forgets members — the right to erasure: removes their events, identities, names and
    /// e-mail addresses from a snapshot (events of others aimed at them lose their target).
    Forget(ForgetArgs),
}

/// Arguments of `cop forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The members to forget, by key (any of their identities' keys).
    #[arg(value_name = "KEY", required = true)]
    pub members: Vec<String>,

    /// The snapshot to forget them in.
    #[arg(long, short, value_name = "SNAPSHOT")]
    pub snapshot: PathBuf,

    /// Where to write the snapshot without them (may be the same file; default: standard
    /// output, unless it is a terminal).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Where events come from.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Event files (CSV or JSON Lines) or a snapshot; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Read the history of the git repository at PATH (repeatable; with several repositories, and
    /// in `cop rollup`, each is a community of its own, named after its directory: `tokio`,
    /// `tokio.git` and `tokio/.git` are `tokio`).
    #[arg(long, value_name = "PATH")]
    pub git: Vec<PathBuf>,

    /// Read a platform's export: `--from KIND PATH`, KIND one of `stackexchange` (a site's dump
    /// folder), `github` (GH Archive hourly files or saved REST responses), `discourse` (topic
    /// JSON), `slack` (a workspace export folder), `discord` (DiscordChatExporter JSON) or `mbox`
    /// (a mailing list's archive). Repeatable: several exports are the places of one community,
    /// and people are merged across them by the identity rules (and --identities).
    #[arg(long, num_args = 2, value_names = ["KIND", "PATH"], action = clap::ArgAction::Append)]
    pub from: Vec<String>,

    /// Use real community data bundled with cop: `flask` (default) or `requests`, the pseudonymised
    /// git histories of two Python projects.
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, default_missing_value = "flask")]
    pub demo: Option<Demo>,

    /// How to read FILEs: by their extension and first bytes (`auto`), or as `csv`, `jsonl` or
    /// `snapshot`.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto, value_name = "FORMAT")]
    pub input_format: InputFormat,

    /// Skip bad lines of event files (each is reported on standard error) instead of stopping at
    /// the first one.
    #[arg(long)]
    pub skip_bad_lines: bool,

    /// Read only these commits of --git repositories: a revision (`v1.0`) or a range
    /// (`v1.0..HEAD`), as `git log` takes them (default: everything reachable from HEAD).
    #[arg(long, value_name = "RANGE")]
    pub git_range: Option<String>,

    /// Replace git identities by pseudonyms (`p` and 12 hex digits, keyed with --salt); names
    /// and e-mail addresses are then never stored or printed.
    #[arg(long, alias = "pseudonymize")]
    pub pseudonymise: bool,

    /// The salt of --pseudonymise: two runs with the same salt give the same pseudonyms (keep it
    /// secret). Default: a random salt, different on every run.
    #[arg(long, value_name = "SALT", requires = "pseudonymise")]
    pub salt: Option<String>,

    /// Keep identities apart: do not merge them by e-mail address, .mailmap or GitHub login.
    #[arg(long)]
    pub no_identity_merging: bool,

    /// Merge or split identities as FILE says: CSV `identity,member`, one identity per line (a
    /// line whose two keys are the same splits that identity off).
    #[arg(long, value_name = "FILE")]
    pub identities: Option<PathBuf>,

    /// Members who are bots, besides those recognised by name: a file with one key, name or
    /// e-mail address per line.
    #[arg(long, value_name = "FILE")]
    pub bots: Option<PathBuf>,

    /// Members who are staff (the community's paid team): a file with one key, name or e-mail
    /// address per line.
    #[arg(long, value_name = "FILE")]
    pub staff: Option<PathBuf>,

    /// Include bots in every analysis (they are left out by default).
    #[arg(long, conflicts_with = "exclude_bots")]
    pub include_bots: bool,

    /// Leave bots out of every analysis (the default; kept for scripts that say so).
    #[arg(long)]
    pub exclude_bots: bool,

    /// Leave staff (see --staff) out of every analysis.
    #[arg(long)]
    pub exclude_staff: bool,
}

impl InputArgs {
    /// Whether any input was given.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.git.is_empty() && self.from.is_empty() && self.demo.is_none()
    }
}

/// How the analysis is done.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// The date of the analysis: RFC 3339 (2024-06-30T12:00:00Z), a date and time in UTC
    /// (2024-06-30 12:00:00), a day (2024-06-30: the end of that day, UTC) or a Unix epoch number
    /// (seconds, ms, µs or ns, by magnitude). Default: the time of the last event.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<i64>,

    /// How far back events count for levels, trajectories and the structure of the interaction:
    /// days (`365` or `365d`), weeks (`52w`), months (`12m`, of 365.25/12 days) or years (`1y`).
    /// `cop report` and `cop maturity` measure health and maturity over --health-window.
    #[arg(long, value_name = "SPAN", default_value = "365d", value_parser = parse_window)]
    pub window: u32,

    /// The level policy: `quantile` (default), a preset (coronet, grimoirelab_onion,
    /// absence_factor, discourse_trust_levels, orbit), `@FILE` with a policy as JSON, or the JSON
    /// itself.
    #[arg(long, value_name = "POLICY", default_value = "quantile", value_parser = parse_policy)]
    pub policy: PolicyArg,

    /// The period of the timeline (levels over time, flows, trajectories).
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,

    /// Analyse one community of the landscape on its own events: its levels, health, maturity,
    /// structure and charter goals (all communities together by default).
    #[arg(long, value_name = "KEY")]
    pub community: Option<String>,
}

/// How health (and the maturity stage built on it) is measured.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The window of the health metrics and of the maturity indicators (same units as --window).
    /// It does not follow --window.
    #[arg(long, value_name = "SPAN", default_value = "90d", value_parser = parse_window)]
    pub health_window: u32,
}

/// Arguments of `cop report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub health: HealthArgs,

    /// Skip the per-period health series and the stage history (one health report per period:
    /// the slow part on big inputs).
    #[arg(long)]
    pub no_history: bool,

    /// Skip the mentor suggestions (`mentoring` is then `null`).
    #[arg(long)]
    pub no_mentoring: bool,

    /// The output format: `text` (default), `json` or `html` (default: from the extension of
    /// --output).
    #[arg(long, short, value_enum)]
    pub format: Option<ReportFormat>,

    /// Where to write the report. Default: standard output; for HTML on a terminal,
    /// `cop-report.html`.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Members listed in the text report's table of top members.
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
}

/// Arguments of `cop maturity`.
#[derive(Debug, Args)]
pub struct MaturityArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub health: HealthArgs,

    /// Include the stage history: the stage at the end of every period.
    #[arg(long)]
    pub history: bool,

    /// The output format: `text` (default) or `json` (default: from the extension of --output).
    #[arg(long, short, value_enum)]
    pub format: Option<MaturityFormat>,

    /// Where to write (default: standard output).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Arguments of `cop rollup`.
#[derive(Debug, Args)]
pub struct RollupArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub health: HealthArgs,

    /// Write each community's part (schema cop-rollup-parts/1) instead of merging them: what a
    /// machine that holds some of the communities hands to --merge.
    #[arg(long)]
    pub parts: bool,

    /// Merge the parts in these files (written by --parts, or JSON arrays of parts as the C and
    /// Python libraries give them) instead of reading events.
    #[arg(
        long,
        value_name = "PARTS",
        num_args = 1..,
        conflicts_with_all = ["files", "git", "from", "demo", "parts", "as_of", "community"]
    )]
    pub merge: Vec<PathBuf>,

    /// A broker above outsider in at least this many communities is a boundary member.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    pub boundary_communities: u32,

    /// The output format: `text` (default) or `json` (default: from the extension of --output;
    /// --parts always writes JSON).
    #[arg(long, short, value_enum)]
    pub format: Option<MaturityFormat>,

    /// Where to write (default: standard output).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Brokers listed in the text output (the boundary members first, then by events).
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
}

/// Arguments of `cop levels` and `cop trajectories`.
#[derive(Debug, Args)]
pub struct MembersArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub analysis: AnalysisArgs,

    /// The output format: `text` (default), `json` or `csv` (default: from the extension of
    /// --output).
    #[arg(long, short, value_enum)]
    pub format: Option<TableFormat>,

    /// Where to write (default: standard output).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// List at most N members (all by default), centre first.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// List members who did not take part in the window (outsiders) too.
    #[arg(long)]
    pub all: bool,
}

/// Arguments of `cop import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,

    /// What to write: a `snapshot` (default; JSON, read back exactly by every cop command), or the
    /// events as `csv` or `jsonl` (default: from the extension of --output).
    #[arg(long, short, value_enum)]
    pub format: Option<ImportFormat>,

    /// Where to write (default: standard output, unless it is a terminal).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Keep only the events up to this date: RFC 3339, a date and time in UTC, YYYY-MM-DD (the
    /// end of that day, UTC) or a Unix epoch number (default: every event).
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<i64>,

    /// Keep only the events of this span before --as-of (or before the last event): `365`,
    /// `365d`, `52w`, `12m`, `1y` (default: all history).
    #[arg(long, value_name = "SPAN", value_parser = parse_window)]
    pub window: Option<u32>,
}

/// Arguments of `cop match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub input: InputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub analysis: AnalysisArgs,

    /// How pairs are chosen: `optimal` (the most total score; default), `greedy` (best pairs
    /// first) or `stable` (no mentee and mentor would both rather be together).
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,

    /// The mentees, by key (default: newcomers, inbound and peripheral members).
    #[arg(long, value_name = "KEY,…", value_delimiter = ',')]
    pub mentees: Option<Vec<String>>,

    /// The mentors, by key (default: competent core group and active members).
    #[arg(long, value_name = "KEY,…", value_delimiter = ',')]
    pub mentors: Option<Vec<String>>,

    /// Mentees a mentor takes when they have set no capacity of their own (default 2).
    #[arg(long, value_name = "N")]
    pub capacity: Option<u32>,

    /// Matching options (cop-core's MatchingOptions) as JSON, or `@FILE` holding them; --mode,
    /// --mentees, --mentors and --capacity override what they set.
    #[arg(long, value_name = "JSON", value_parser = parse_matching)]
    pub options: Option<MatchingArg>,

    /// Instead of matching: list the members best able to help with DOMAIN (its sub-domains
    /// included), with their reasons.
    #[arg(long, value_name = "DOMAIN", conflicts_with_all = ["mode", "mentees", "mentors", "capacity", "options"])]
    pub experts: Option<String>,

    /// How many experts --experts lists.
    #[arg(long, value_name = "N", default_value_t = 10, requires = "experts")]
    pub k: usize,

    /// The output format: `text` (default) or `json` (default: from the extension of --output).
    #[arg(long, short, value_enum)]
    pub format: Option<MaturityFormat>,

    /// Where to write (default: standard output).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// How `cop match` chooses pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The assignment of maximum total score.
    Optimal,
    /// Best pairs first.
    Greedy,
    /// Mentee-proposing deferred acceptance: no blocking pair.
    Stable,
}

impl From<ModeArg> for Mode {
    fn from(mode: ModeArg) -> Mode {
        match mode {
            ModeArg::Optimal => Mode::Optimal,
            ModeArg::Greedy => Mode::Greedy,
            ModeArg::Stable => Mode::Stable,
        }
    }
}

/// A `--options` value of `cop match`, resolved once the inputs are read (a file is read then).
#[derive(Clone, Debug, PartialEq)]
pub enum MatchingArg {
    /// Options given inline.
    Inline(Box<MatchingOptions>),
    /// A JSON file holding them.
    File(PathBuf),
}

/// Parses `--options` of `cop match`: `@FILE` or inline JSON.
pub fn parse_matching(text: &str) -> Result<MatchingArg, String> {
    let text = text.trim();
    if let Some(path) = text.strip_prefix('@') {
        return Ok(MatchingArg::File(PathBuf::from(path)));
    }
    MatchingOptions::from_json(text).map(|o| MatchingArg::Inline(Box::new(o))).map_err(|e| e.to_string())
}

/// When to colour text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and not when NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The bundled demo data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Demo {
    /// The git history of pallets/flask (837 people, 5,549 events, 2010–2026).
    Flask,
    /// The git history of psf/requests (774 people, 6,513 events, 2011–2026).
    Requests,
}

/// How to read event files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By the extension (`.csv`, `.jsonl`/`.ndjson`, `.json`), else by the first bytes.
    Auto,
    /// CSV with a header.
    Csv,
    /// JSON Lines.
    Jsonl,
    /// A snapshot written by `cop import`.
    Snapshot,
}

/// The timeline's period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
}

impl From<PeriodArg> for Period {
    fn from(period: PeriodArg) -> Period {
        match period {
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
        }
    }
}

/// Formats of `cop report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Readable tables for the terminal.
    Text,
    /// JSON, schema `cop-report/2` (cop-cli/SCHEMA.md).
    Json,
    /// One self-contained HTML file with figures.
    Html,
}

/// Formats of `cop maturity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MaturityFormat {
    /// Readable text.
    Text,
    /// JSON, schema `cop-maturity/2` (cop-cli/SCHEMA.md).
    Json,
}

/// Formats of `cop levels` and `cop trajectories`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A readable table.
    Text,
    /// JSON (cop-cli/SCHEMA.md).
    Json,
    /// CSV, one row per member.
    Csv,
}

/// Formats of `cop import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// A snapshot of the whole landscape (JSON).
    Snapshot,
    /// The events in the event file format (CSV).
    Csv,
    /// The events as JSON Lines.
    Jsonl,
}

/// A `--policy` value, resolved once the inputs are read (a file is read then).
#[derive(Clone, Debug, PartialEq)]
pub enum PolicyArg {
    /// A policy given inline or by name.
    Spec(PolicySpec),
    /// A JSON file holding a policy.
    File(PathBuf),
}

/// Parses `--as-of` with the core's one time parser ([`cop_core::model::time::parse_as_of`]): RFC 3339,
/// a date and time in UTC, `YYYY-MM-DD` (the end of that day, UTC) or a Unix epoch number.
pub fn parse_as_of(text: &str) -> Result<i64, String> {
    cop_core::model::time::parse_as_of(text).map_err(|e| e.to_string())
}

/// Parses `--window`: `365`, `365d`, `52w`, `12m` or `1y`, as a number of days (1 to 36,525).
pub fn parse_window(text: &str) -> Result<u32, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "d"),
    };
    let usage =
        || format!("`{text}` is not a span: use days (365 or 365d), weeks (52w), months (12m) or years (1y)");
    let n: f64 = number.parse::<u32>().map_err(|_| usage())?.into();
    let days = match unit.to_ascii_lowercase().as_str() {
        "d" => n,
        "w" => n * 7.0,
        "m" => (n * 365.25 / 12.0).round(),
        "y" => (n * 365.25).floor(),
        _ => return Err(usage()),
    };
    if !(1.0..=36_525.0).contains(&days) {
        return Err(format!("`{text}` is out of range: the window must be 1 day to 100 years"));
    }
    Ok(days as u32)
}

/// Parses `--policy`: `quantile`, a preset name, `@FILE` or inline JSON.
pub fn parse_policy(text: &str) -> Result<PolicyArg, String> {
    let text = text.trim();
    if let Some(path) = text.strip_prefix('@') {
        return Ok(PolicyArg::File(PathBuf::from(path)));
    }
    if text.starts_with('{') {
        return PolicySpec::from_json(text).map(PolicyArg::Spec).map_err(|e| e.to_string());
    }
    if text == "quantile" {
        return Ok(PolicyArg::Spec(PolicySpec::default()));
    }
    if PolicySpec::PRESETS.contains(&text) {
        return Ok(PolicyArg::Spec(PolicySpec::Preset { name: text.to_owned() }));
    }
    Err(format!(
        "unknown policy `{text}`: use quantile, {}, @FILE.json or a JSON policy",
        PolicySpec::PRESETS.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cop_core::model::time::DAY;

    #[test]
    fn as_of_forms() {
        assert_eq!(parse_as_of("2024-01-01"), Ok(1_704_067_200 + DAY - 1));
        assert_eq!(parse_as_of("2024-01-01T00:00:00Z"), Ok(1_704_067_200));
        assert_eq!(parse_as_of("2024-01-01T02:00:00+02:00"), Ok(1_704_067_200));
        assert_eq!(parse_as_of("1704067200"), Ok(1_704_067_200));
        assert!(parse_as_of("2024-02-30").is_err());
        assert!(parse_as_of("yesterday").unwrap_err().contains("RFC 3339"));
        assert_eq!(parse_as_of("2024-01-01 02:00:00"), Ok(1_704_067_200 + 7200));
        assert_eq!(parse_as_of("1704067200000"), Ok(1_704_067_200));
        assert!(parse_as_of("1e20").unwrap_err().contains("out of the range"));
    }

    #[test]
    fn window_units() {
        assert_eq!(parse_window("365"), Ok(365));
        assert_eq!(parse_window("90d"), Ok(90));
        assert_eq!(parse_window("52w"), Ok(364));
        assert_eq!(parse_window("12m"), Ok(365));
        assert_eq!(parse_window("6m"), Ok(183));
        assert_eq!(parse_window("1y"), Ok(365));
        assert!(parse_window("0").is_err());
        assert!(parse_window("3x").is_err());
        assert!(parse_window("").is_err());
        assert!(parse_window("-3").is_err());
    }

    #[test]
    fn policies() {
        assert_eq!(parse_policy("quantile"), Ok(PolicyArg::Spec(PolicySpec::default())));
        assert_eq!(parse_policy("orbit"), Ok(PolicyArg::Spec(PolicySpec::Preset { name: "orbit".into() })));
        assert_eq!(parse_policy("@p.json"), Ok(PolicyArg::File("p.json".into())));
        assert!(parse_policy(r#"{"policy": "preset", "name": "coronet"}"#).is_ok());
        assert!(parse_policy("nonsense").unwrap_err().contains("coronet"));
    }

    #[test]
    fn matching_options() {
        assert_eq!(parse_matching("@m.json"), Ok(MatchingArg::File("m.json".into())));
        let Ok(MatchingArg::Inline(options)) = parse_matching(r#"{"mode": "stable", "top_k": 3}"#) else {
            panic!("inline options")
        };
        assert_eq!((options.mode, options.top_k), (Mode::Stable, 3));
        assert!(parse_matching("{nonsense").is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
