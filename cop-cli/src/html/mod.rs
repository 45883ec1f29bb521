//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network) that a
//! person would rather look at than read.
//!
//! Every figure is a `<figure id="…">` holding an `<svg role="img">` with a `<title>` and a
//! `<desc>`, a visible `<figcaption>`, and the figure's numbers as a table (in a `<details>`
//! unless the table is the point): `maturity`, `health`, `onion`, `levels-over-time`, `flows`,
//! `gravity`, `trajectories`, `top-members`, and `mentoring` unless the report was made without
//! mentor suggestions (`--no-mentoring`: the section says so). Everything is drawn from the
//! core's report.
//!
//! The page is written by askama templates, one per section (`cop-cli/templates/report/`), which
//! escape every value they print. The Rust side only computes what the templates show — the
//! figures' coordinates and the sentences — in one view struct per section; the sentences the
//! text report shares come from [`crate::sentences`]. Nothing user-given is ever marked safe: only
//! the sections themselves, which the templates rendered (and so escaped) already, are inserted
//! into the page with `|safe`.

mod health;
mod maturity;
mod participation;
mod people;
#[cfg(test)]
mod tests;

use askama::Template;
use cop_core::health::HealthConfig;
use cop_core::participation::analysis::MemberParticipation;
use cop_core::participation::timeline::Transitions;
use cop_core::participation::trajectory::TrajectoryKind;
use cop_core::report::Report;
use cop_core::{Level, Period};

use crate::report::{ReportDoc, RunOptions, level_counts_of, ranked_members, trajectory_counts_of};
use crate::sentences::{day, n, people_sentence, percent, period_label, period_word, spaces_sentence};

/// Where `cop report --format html` writes when standard output is a terminal.
pub const DEFAULT_FILE: &str = "cop-report.html";

/// The ids of the figures, in page order (the browser test looks for each).
pub const FIGURES: [&str; 8] =
    ["maturity", "health", "onion", "levels-over-time", "flows", "gravity", "trajectories", "top-members"];

/// The labels of the figures in the page's navigation.
const FIGURE_LABELS: [&str; 8] =
    ["maturity", "health", "onion", "levels over time", "flows", "gravity", "trajectories", "top members"];

/// One period of the timeline, as the figures read it.
struct PeriodView<'a> {
    end: &'a str,
    counts: [usize; 6],
    participants: usize,
    gravity: Option<f64>,
    transitions: Option<&'a Transitions>,
}

/// The report with what the figures need derived once.
struct Page<'a> {
    r: &'a Report,
    o: &'a RunOptions,
    /// The health configuration the report was computed with.
    health: &'a HealthConfig,
    counts: [usize; 6],
    participants: usize,
    members: Vec<&'a MemberParticipation>,
    trajectories: Vec<(TrajectoryKind, usize)>,
    timeline: Vec<PeriodView<'a>>,
    /// Whether the last period of the timeline is partial (as of a date before its end).
    last_partial: bool,
}

impl<'a> Page<'a> {
    fn new(doc: &'a ReportDoc) -> Page<'a> {
        let r = &doc.report;
        let t = &r.participation.timeline;
        let counts = level_counts_of(r);
        let timeline = t
            .dates
            .iter()
            .enumerate()
            .map(|(i, end)| PeriodView {
                end,
                counts: t.counts[i],
                participants: t.counts[i][..5].iter().sum(),
                gravity: i.checked_sub(1).and_then(|j| t.gravity.get(j)).copied(),
                transitions: i.checked_sub(1).and_then(|j| t.transitions.get(j)),
            })
            .collect();
        Page {
            r,
            o: &doc.cli.options,
            health: &doc.options.maturity.health,
            counts,
            participants: counts[..5].iter().sum(),
            members: ranked_members(r),
            trajectories: trajectory_counts_of(r),
            timeline,
            last_partial: t.last_partial,
        }
    }

    fn share(&self, level: Level) -> Option<f64> {
        (level != Level::Outsider && self.participants > 0)
            .then(|| self.counts[level.index()] as f64 / self.participants as f64)
    }

    /// The first and the last period's end (days), or empty strings.
    fn span(&self) -> (&'a str, &'a str) {
        (self.timeline.first().map_or("", |p| day(p.end)), self.timeline.last().map_or("", |p| day(p.end)))
    }
}

/// One of the key numbers at the top of the page.
struct Card {
    value: String,
    label: String,
    /// The stage's name is the longest value: its card spans two columns.
    wide: bool,
}

/// One input in the footer.
struct InputView<'a> {
    name: &'a str,
    kind: &'a str,
    events: String,
}

/// The whole page: the header, the key numbers, then each section as its template rendered it.
#[derive(Template)]
#[template(path = "report/page.html")]
struct PageView<'a> {
    version: &'a str,
    name: String,
    as_of: String,
    window: u32,
    health_window: u32,
    policy: &'a str,
    period: &'static str,
    pseudonymised: bool,
    nav: Vec<(&'static str, &'static str)>,
    mentoring_anchor: &'static str,
    cards: Vec<Card>,
    people: Option<String>,
    spaces: Option<String>,
    maturity: maturity::Maturity<'a>,
    communities: Option<maturity::Communities<'a>>,
    health: health::Health<'a>,
    goals_value: health::GoalsValue<'a>,
    onion: participation::Onion,
    levels_over_time: participation::LevelsOverTime,
    flows: participation::Flows,
    gravity: participation::Gravity,
    trajectories: participation::Trajectories,
    top_members: participation::TopMembers<'a>,
    structure: people::Structure<'a>,
    mentoring: people::Mentoring<'a>,
    inputs: Vec<InputView<'a>>,
    schema: &'a str,
}

/// The whole report as one HTML document.
pub fn report(doc: &ReportDoc) -> String {
    let page = Page::new(doc);
    let (r, o) = (page.r, page.o);
    let view = PageView {
        version: doc.cli.generator.version,
        name: doc.cli.inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(", "),
        as_of: human_time(&r.as_of),
        window: o.window_days,
        health_window: o.health_window_days,
        policy: &o.policy,
        period: period_word(o.period),
        pseudonymised: o.pseudonymised,
        nav: FIGURES.into_iter().zip(FIGURE_LABELS).collect(),
        mentoring_anchor: if r.mentoring.is_some() { "mentoring" } else { "mentoring-section" },
        cards: cards(&page),
        people: people_sentence(&r.people),
        spaces: spaces_sentence(&r.spaces),
        maturity: maturity::Maturity::new(&page),
        communities: maturity::Communities::new(&page),
        health: health::Health::new(&page),
        goals_value: health::GoalsValue::new(&page),
        onion: participation::Onion::new(&page),
        levels_over_time: participation::LevelsOverTime::new(&page),
        flows: participation::Flows::new(&page),
        gravity: participation::Gravity::new(&page),
        trajectories: participation::Trajectories::new(&page),
        top_members: participation::TopMembers::new(&page),
        structure: people::Structure::new(&page),
        mentoring: people::Mentoring::new(&page),
        inputs: doc
            .cli
            .inputs
            .iter()
            .map(|i| InputView { name: &i.name, kind: i.kind, events: n(i.events) })
            .collect(),
        schema: r.schema,
    };
    view.render().expect("rendering into a String cannot fail")
}

/// The key numbers: the stage, the members, who took part, who is active, events, the span.
fn cards(page: &Page) -> Vec<Card> {
    let (r, o) = (page.r, page.o);
    let (s, m) = (&r.summary, &r.maturity);
    let stage = if m.indicated.stage == m.settled.stage {
        format!("maturity stage, settled and indicated ({} of the votes)", percent(m.indicated.share))
    } else {
        format!(
            "maturity stage, settled ({} of the votes); the indicators point to {} ({})",
            percent(m.settled.share),
            m.indicated.label,
            percent(m.indicated.share)
        )
    };
    let (span, span_label) = match (&s.first_event, &s.last_event) {
        (Some(a), Some(b)) => (duration(a, b), format!("from {} to {}", day(a), day(b))),
        _ => ("-".to_owned(), "no events".to_owned()),
    };
    let card = |value: String, label: String| Card { wide: value == m.settled.label, value, label };
    vec![
        card(m.settled.label.clone(), stage),
        card(n(s.counts.members), "members".to_owned()),
        card(n(page.participants), format!("took part in the last {} days", o.window_days)),
        card(n(r.health.active_members), format!("active in the last {} days", r.health.window_days)),
        card(n(s.counts.events), "events".to_owned()),
        card(span, span_label),
    ]
}

/// `2026-04-09T04:04:03Z` → `2026-04-09 04:04 UTC`.
fn human_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => rfc3339.to_owned(),
    }
}

/// How long from one time to another, in words (`16 years`, `5 months`, `12 days`).
fn duration(from: &str, to: &str) -> String {
    let (Ok(a), Ok(b)) = (cop_core::model::time::parse_time(from), cop_core::model::time::parse_time(to))
    else {
        return "-".to_owned();
    };
    let days = (b - a) as f64 / 86_400.0;
    let plural = |k: f64, unit: &str| {
        if (k - 1.0).abs() < 1e-9 { format!("1 {unit}") } else { format!("{k} {unit}s") }
    };
    if days >= 730.0 {
        plural((days / 365.25).round(), "year")
    } else if days >= 60.0 {
        plural((days / 30.44).round(), "month")
    } else {
        plural(days.round(), "day")
    }
}

/// `text` cut to `width` characters, with an ellipsis when cut.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

/// A "nice" step for about `ticks` ticks up to `max`.
fn nice_step(max: f64, ticks: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / ticks;
    let magnitude = 10f64.powf(raw.log10().floor());
    let unit = raw / magnitude;
    let nice = if unit <= 1.0 {
        1.0
    } else if unit <= 2.0 {
        2.0
    } else if unit <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * magnitude).max(1.0)
}

/// Indices of the periods to label on a time axis, with their labels: the years when the
/// timeline spans three or more, else about ten months.
fn time_ticks(timeline: &[PeriodView]) -> Vec<(usize, String)> {
    let (Some(first), Some(last)) = (timeline.first(), timeline.last()) else {
        return vec![];
    };
    let year = |p: &PeriodView| p.end[..4].parse::<i64>().unwrap_or(0);
    let years = year(last) - year(first);
    if years < 3 {
        let every = timeline.len().div_ceil(10).max(1);
        return timeline.iter().enumerate().step_by(every).map(|(i, p)| (i, p.end[..7].to_owned())).collect();
    }
    let every = (years / 12 + 1) as usize;
    let mut ticks = Vec::new();
    let mut seen = 0usize;
    for (i, pair) in timeline.windows(2).enumerate() {
        if pair[0].end[..4] != pair[1].end[..4] {
            if seen % every == 0 {
                ticks.push((i + 1, pair[1].end[..4].to_owned()));
            }
            seen += 1;
        }
    }
    ticks
}

/// Where to label a strip of periods (in periods from the left) ending at `dates` (RFC 3339): at
/// the start of each year, thinned to about a dozen; within a single year, in the middle of a few
/// periods.
fn year_ticks(dates: &[&str], period: Period) -> Vec<(f64, String)> {
    let starts: Vec<(f64, String)> = dates
        .iter()
        .enumerate()
        .filter(|(i, d)| *i > 0 && d.get(..4) != dates[i - 1].get(..4))
        .map(|(i, d)| (i as f64, d.get(..4).unwrap_or("").to_owned()))
        .collect();
    if starts.is_empty() {
        let every = dates.len().div_ceil(6).max(1);
        return dates
            .iter()
            .enumerate()
            .step_by(every)
            .map(|(i, d)| (i as f64 + 0.5, period_label(d, period)))
            .collect();
    }
    let every = starts.len().div_ceil(12).max(1);
    starts.into_iter().step_by(every).collect()
}
