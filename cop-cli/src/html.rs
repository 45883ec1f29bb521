//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network) that a
//! person would rather look at than read.
//!
//! Every figure is a `<figure id="…">` holding an `<svg role="img">` with a `<title>` and a
//! `<desc>`, a visible `<figcaption>`, and the figure's numbers as a table (in a `<details>`
//! unless the table is the point): `maturity`, `health`, `onion`, `levels-over-time`, `flows`,
//! `gravity`, `trajectories`, `top-members`, and `mentoring` unless the report was made without
//! mentor suggestions (`--no-mentoring`: the section says so). Everything is drawn from the
//! core's report.

use std::f64::consts::PI;
use std::fmt::Write as _;

use cop_core::Level;
use cop_core::health::HealthPoint;
use cop_core::health::maturity::Stage;
use cop_core::matching::MatchedPair;
use cop_core::model::value::ValueCycle;
use cop_core::participation::analysis::MemberParticipation;
use cop_core::participation::timeline::Transitions;
use cop_core::participation::trajectory::TrajectoryKind;
use cop_core::report::Report;

use crate::report::{
    ReportDoc, RunOptions, level_counts_of, level_label, ranked_members, trajectory_counts_of,
};
use crate::sentences::{
    health_rows, hours, indicator_value, people_sentence, percent, period_label, ranked_pairs,
    spaces_sentence, stage_runs, thousands, unmatched_by_reason, unmatched_reason,
};

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
    health: &'a cop_core::health::HealthConfig,
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
}

const CSS: &str = r#"
:root {
  --bg: #f6f5f2; --card: #ffffff; --fg: #1f2328; --muted: #5d6470; --line: #d9d7d0; --accent: #5b2a86;
  --l0: #5b2a86; --l1: #3a6fb0; --l2: #2a9d8f; --l3: #8ab17d; --l4: #e9b949; --l5: #c4c4c4;
  --t-peripheral: #8ab17d; --t-inbound: #2a9d8f; --t-insider: #5b2a86; --t-boundary: #f4a261;
  --t-outbound: #e76f51; --t-newcomer: #3a6fb0; --t-inactive: #b3b3b3;
  --s0: #9aa5b1; --s1: #3a6fb0; --s2: #2a9d8f; --s3: #5b2a86; --s4: #e76f51;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #16181c; --card: #1f2228; --fg: #e8e6e1; --muted: #a3a8b3; --line: #383c44; --l5: #60646c; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { font-size: 28px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
nav { margin-top: 10px; font-size: 13px; } nav a { color: var(--accent); margin-right: 10px; }
h2 { font-size: 20px; margin: 36px 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(136px, 1fr)); gap: 12px; margin: 20px 0 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card b { display: block; font-size: 24px; overflow-wrap: anywhere; }
.card.wide { grid-column: span 2; }
.card span { color: var(--muted); font-size: 13px; }
figure { margin: 0 0 20px; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px; }
figure svg { display: block; width: 100%; height: auto; }
figure h3 { margin: 0 0 10px; font-size: 16px; }
.sparks div p { margin: 0 0 4px; font-size: 13px; }
figcaption { color: var(--muted); margin-top: 8px; }
svg text { fill: var(--fg); font: 12px system-ui, sans-serif; }
svg .muted { fill: var(--muted); }
svg .axis { stroke: var(--line); stroke-width: 1; }
svg .ring { fill: none; stroke: var(--line); stroke-width: 1; }
.l0 { fill: var(--l0); } .l1 { fill: var(--l1); } .l2 { fill: var(--l2); }
.l3 { fill: var(--l3); } .l4 { fill: var(--l4); } .l5 { fill: var(--l5); }
.t-peripheral { fill: var(--t-peripheral); } .t-inbound { fill: var(--t-inbound); }
.t-insider { fill: var(--t-insider); } .t-boundary { fill: var(--t-boundary); }
.t-outbound { fill: var(--t-outbound); } .t-newcomer { fill: var(--t-newcomer); }
.t-inactive { fill: var(--t-inactive); }
.flow { opacity: 0.45; } .flow:hover { opacity: 0.8; }
.pair { stroke: var(--accent); stroke-linecap: round; } .pair:hover { stroke: var(--l2); }
.pairs td:last-child { color: var(--muted); font-size: 12px; }
.spark { fill: none; stroke: var(--accent); stroke-width: 1.8; }
.sparks { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
details { margin-top: 8px; font-size: 13px; }
summary { cursor: pointer; color: var(--muted); }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { padding: 3px 10px 3px 0; text-align: left; border-bottom: 1px solid var(--line); }
td.n, th.n { text-align: right; }
.later { background: var(--card); border: 1px dashed var(--line); border-radius: 10px; padding: 14px 16px; }
.later h2 { margin-top: 0; }
.stage0 { fill: var(--s0); } .stage1 { fill: var(--s1); } .stage2 { fill: var(--s2); }
.stage3 { fill: var(--s3); } .stage4 { fill: var(--s4); }
.steps li { margin: 4px 0; }
.prio { display: inline-block; min-width: 74px; font-size: 12px; padding: 0 6px; border-radius: 8px; margin-right: 6px; text-align: center; border: 1px solid var(--line); }
.prio1 { background: #c0392b; border-color: #c0392b; color: #fff; }
.metrics td:first-child { color: var(--muted); white-space: nowrap; }
.flag { color: #c0392b; font-weight: 600; }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; border: 1px solid var(--line); color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
"#;

/// Escapes text for HTML (content and attribute values).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
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
    let plural = |n: f64, unit: &str| {
        if (n - 1.0).abs() < 1e-9 { format!("1 {unit}") } else { format!("{n} {unit}s") }
    };
    if days >= 730.0 {
        plural((days / 365.25).round(), "year")
    } else if days >= 60.0 {
        plural((days / 30.44).round(), "month")
    } else {
        plural(days.round(), "day")
    }
}

fn period_word(period: cop_core::Period) -> &'static str {
    match period {
        cop_core::Period::Day => "daily",
        cop_core::Period::Week => "weekly",
        cop_core::Period::Month => "monthly",
        cop_core::Period::Quarter => "quarterly",
    }
}

fn period_noun(period: cop_core::Period) -> &'static str {
    match period {
        cop_core::Period::Day => "day",
        cop_core::Period::Week => "week",
        cop_core::Period::Month => "month",
        cop_core::Period::Quarter => "quarter",
    }
}

/// `1 tie`, `2 ties`.
fn count_of(value: usize, one: &str, many: &str) -> String {
    format!("{} {}", n(value), if value == 1 { one } else { many })
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

fn n(value: usize) -> String {
    thousands(value as u64)
}

/// The opening of an accessible SVG with its title and description.
fn svg_open(out: &mut String, id: &str, width: u32, height: u32, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// The whole report as one HTML document.
pub fn report(doc: &ReportDoc) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let page = Page::new(doc);
    let (r, o) = (page.r, page.o);
    let s = &r.summary;
    let name = doc.cli.inputs.iter().map(|i| i.name.as_str()).collect::<Vec<_>>().join(", ");
    let _ = write!(
        out,
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cop {version}">
<title>cop report — {name}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<header>
<h1>Community report: {name}</h1>
<p>As of {as_of} · the last {window} days count (health: the last {health} days) · policy <b>{policy}</b> · {period} timeline{pseudo}</p>
</header>
"#,
        version = esc(doc.cli.generator.version),
        name = esc(&name),
        as_of = esc(&human_time(&r.as_of)),
        window = o.window_days,
        health = o.health_window_days,
        policy = esc(&o.policy),
        period = period_word(o.period),
        pseudo = if o.pseudonymised { " · identities pseudonymised" } else { "" },
    );
    let (span, span_label) = match (&s.first_event, &s.last_event) {
        (Some(a), Some(b)) => (duration(a, b), format!("from {} to {}", day(a), day(b))),
        _ => ("-".to_owned(), "no events".to_owned()),
    };
    out.push_str(r#"<nav aria-label="Figures">"#);
    for (id, label) in FIGURES.iter().zip(FIGURE_LABELS) {
        let _ = write!(out, r##"<a href="#{id}">{label}</a> "##);
    }
    if r.mentoring.is_some() {
        out.push_str(r##"<a href="#mentoring">mentoring</a>"##);
    } else {
        out.push_str(r##"<a href="#mentoring-section">mentoring</a>"##);
    }
    out.push_str("</nav>");
    out.push('\n');
    out.push_str(r#"<section class="cards" aria-label="Key numbers">"#);
    for (value, label) in [
        (
            r.maturity.settled.label.clone(),
            if r.maturity.indicated.stage == r.maturity.settled.stage {
                format!(
                    "maturity stage, settled and indicated ({} of the votes)",
                    percent(r.maturity.indicated.share)
                )
            } else {
                format!(
                    "maturity stage, settled ({} of the votes); the indicators point to {} ({})",
                    percent(r.maturity.settled.share),
                    r.maturity.indicated.label,
                    percent(r.maturity.indicated.share)
                )
            },
        ),
        (n(s.counts.members), "members".to_owned()),
        (n(page.participants), format!("took part in the last {} days", o.window_days)),
        (n(r.health.active_members), format!("active in the last {} days", r.health.window_days)),
        (n(s.counts.events), "events".to_owned()),
        (span, span_label),
    ] {
        // The stage's name is the longest value: its card spans two columns.
        let class = if value == r.maturity.settled.label { "card wide" } else { "card" };
        let _ =
            write!(out, r#"<div class="{class}"><b>{}</b><span>{}</span></div>"#, esc(&value), esc(&label));
    }
    out.push_str("</section>\n");
    if let Some(people) = people_sentence(&r.people) {
        let _ = write!(out, r#"<p class="people">People: {}.</p>"#, esc(&people));
    }
    if let Some(spaces) = spaces_sentence(&r.spaces) {
        let _ = write!(out, r#"<p class="spaces">Spaces: {}.</p>"#, esc(&spaces));
    }

    out.push_str(r#"<section id="maturity-section"><h2>Maturity stage</h2>"#);
    maturity(&mut out, &page);
    communities(&mut out, &page);
    out.push_str("</section>\n");

    out.push_str(r#"<section id="health-section"><h2>Health</h2>"#);
    health(&mut out, &page);
    goals_and_value(&mut out, &page);
    out.push_str("</section>\n");

    out.push_str(r#"<section id="participation"><h2>Participation levels</h2>"#);
    onion(&mut out, &page);
    out.push_str("</section>\n");

    out.push_str(r#"<section id="over-time"><h2>Levels over time</h2>"#);
    levels_over_time(&mut out, &page);
    flows(&mut out, &page);
    gravity(&mut out, &page);
    out.push_str("</section>\n");

    out.push_str(r#"<section id="people"><h2>Trajectories and members</h2>"#);
    trajectories(&mut out, &page);
    top_members(&mut out, &page);
    structure(&mut out, &page);
    out.push_str("</section>\n");

    out.push_str(r#"<section id="mentoring-section"><h2>Mentor suggestions</h2>"#);
    mentoring(&mut out, &page);
    out.push_str("</section>\n");

    let inputs: Vec<String> = doc
        .cli
        .inputs
        .iter()
        .map(|i| format!("{} ({}, {} events)", esc(&i.name), i.kind, n(i.events)))
        .collect();
    let _ = write!(
        out,
        "<footer>Made by cop {} from {}. Schema {}. This file is self-contained: it loads nothing from the network.</footer>\n</main>\n</body>\n</html>\n",
        esc(doc.cli.generator.version),
        inputs.join(", "),
        esc(r.schema)
    );
    out
}

/// Concentric rings, the core group at the centre, one dot per member.
fn onion(out: &mut String, page: &Page) {
    const CX: f64 = 280.0;
    const CY: f64 = 280.0;
    const INNER: f64 = 212.0; // participants inside this radius
    const OUT_A: f64 = 226.0; // outsiders between these
    const OUT_B: f64 = 272.0;
    const MAX_DOTS: usize = 3000;
    let counts = page.counts;
    let participants = page.participants;
    let total: usize = counts.iter().sum();
    let per = total.div_ceil(MAX_DOTS).max(1);
    let o = page.o;
    let as_of = &page.r.as_of;
    let title = format!("The onion of participation as of {}", day(as_of));
    let parts: Vec<String> =
        Level::ALL.iter().map(|l| format!("{} {}", level_label(*l), counts[l.index()])).collect();
    let desc = format!(
        "Concentric rings from the core group at the centre to outsiders at the edge; {} members: {}.",
        total,
        parts.join(", ")
    );
    out.push_str(r#"<figure id="onion"><h3>The onion of participation</h3>"#);
    svg_open(out, "onion-svg", 860, 560, &title, &desc);
    // Ring areas: proportional to the members, with a floor so that small levels stay visible.
    let floor = participants as f64 * 0.05;
    let areas: Vec<f64> =
        counts[..5].iter().map(|&c| if c > 0 { (c as f64).max(floor) } else { 0.0 }).collect();
    let area_total: f64 = areas.iter().sum();
    let mut radii = [0.0f64; 6]; // radii[k + 1]: outer radius of level k
    let mut cumulative = 0.0;
    for k in 0..5 {
        cumulative += areas[k];
        radii[k + 1] = if area_total > 0.0 { INNER * (cumulative / area_total).sqrt() } else { 0.0 };
    }
    // Backgrounds: the outsiders' band, then each level's ring, outermost first.
    let _ = write!(
        out,
        r#"<circle cx="{CX}" cy="{CY}" r="{:.1}" class="l5" opacity="0.18"/><circle cx="{CX}" cy="{CY}" r="{OUT_A}" fill="var(--card)"/>"#,
        OUT_B
    );
    for k in (0..5).rev() {
        if counts[k] > 0 {
            let _ = write!(
                out,
                r#"<circle cx="{CX}" cy="{CY}" r="{:.1}" class="l{k}" opacity="0.13"/>"#,
                radii[k + 1]
            );
            let _ = write!(out, r#"<circle cx="{CX}" cy="{CY}" r="{:.1}" class="ring"/>"#, radii[k + 1]);
        }
    }
    if participants == 0 {
        let _ = write!(
            out,
            r#"<text x="{CX}" y="{CY}" text-anchor="middle" class="muted">nobody took part in the last {} days</text>"#,
            o.window_days
        );
    }
    // Dots, strongest nearest the centre of their ring.
    let hover = per == 1;
    for (k, level) in Level::ALL.iter().enumerate() {
        let members: Vec<&&MemberParticipation> =
            page.members.iter().filter(|m| m.level == *level).step_by(per).collect();
        if members.is_empty() {
            continue;
        }
        let (a, b) = if k == 5 {
            (OUT_A + 3.0, OUT_B - 3.0)
        } else {
            let (a, b) = (radii[k], radii[k + 1]);
            (if k == 0 { 0.0 } else { a + 2.5 }, (b - 2.5).max(a + 2.6))
        };
        let m = members.len();
        let spacing = (PI * (b * b - a * a) / m as f64).sqrt();
        let r = (spacing * 0.36).clamp(0.7, 7.0);
        let phase = k as f64 * 0.9;
        for (i, member) in members.iter().enumerate() {
            let t = (i as f64 + 0.5) / m as f64;
            let radius = (a * a + t * (b * b - a * a)).sqrt();
            let angle = i as f64 * 2.399_963_229_728_653 + phase;
            let (x, y) = (CX + radius * angle.cos(), CY + radius * angle.sin());
            if hover {
                let _ = write!(
                    out,
                    r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" class="l{k}"><title>{} · {} · score {:.1}</title></circle>"#,
                    esc(&member.member),
                    level_label(member.level),
                    member.score
                );
            } else {
                let _ = write!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" class="l{k}"/>"#);
            }
        }
    }
    // Legend.
    let _ = write!(out, r#"<text x="600" y="60" font-weight="bold">Levels as of {}</text>"#, esc(day(as_of)));
    for (k, level) in Level::ALL.iter().enumerate() {
        let y = 96 + k as u32 * 34;
        let share = page.share(*level).map_or_else(
            || "no event in the window".to_owned(),
            |s| format!("{:.0} % of participants", s * 100.0),
        );
        let _ = write!(
            out,
            r#"<circle cx="610" cy="{}" r="7" class="l{k}"/><text x="626" y="{}">{} · {}</text><text x="626" y="{}" class="muted">{}</text>"#,
            y - 4,
            y,
            level_label(*level),
            n(counts[k]),
            y + 15,
            esc(&share)
        );
    }
    let scale =
        if per == 1 { "one dot per member".to_owned() } else { format!("one dot for about {per} members") };
    let _ = write!(
        out,
        r#"<text x="600" y="330" class="muted">{}</text><text x="600" y="348" class="muted">outsiders: the faint outer band</text></svg>"#,
        esc(&scale)
    );
    let _ = write!(
        out,
        "<figcaption>The onion of participation as of {}: {scale}, the core group at the centre and the periphery \
         outwards; members without an event in the last {} days (outsiders) sit in the faint outer band. \
         {} of {} members took part.</figcaption>",
        esc(day(as_of)),
        o.window_days,
        n(participants),
        n(total)
    );
    out.push_str(r#"<details><summary>The numbers</summary><table><tr><th>level</th><th class="n">members</th><th class="n">share of participants</th></tr>"#);
    for level in Level::ALL {
        let share = page.share(level).map_or_else(|| "-".to_owned(), |s| format!("{:.1} %", s * 100.0));
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            level_label(level),
            n(counts[level.index()]),
            share
        );
    }
    out.push_str("</table></details></figure>\n");
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

/// Indices of the periods to label on a time axis, with their labels.
fn time_ticks(timeline: &[PeriodView]) -> Vec<(usize, String)> {
    let n = timeline.len();
    if n == 0 {
        return vec![];
    }
    let first = timeline.first().map(|p| &p.end[..4]).unwrap_or("");
    let last = timeline.last().map(|p| &p.end[..4]).unwrap_or("");
    let years: i64 = last.parse::<i64>().unwrap_or(0) - first.parse::<i64>().unwrap_or(0);
    let mut ticks = Vec::new();
    if years >= 3 {
        let every = (years / 12 + 1) as usize;
        let mut previous = "";
        let mut seen = 0usize;
        for (i, p) in timeline.iter().enumerate() {
            let year = &p.end[..4];
            if year != previous {
                if i > 0 && seen % every == 0 {
                    ticks.push((i, year.to_owned()));
                }
                if i > 0 {
                    seen += 1;
                }
                previous = year;
            }
        }
    } else {
        let every = n.div_ceil(10).max(1);
        for (i, p) in timeline.iter().enumerate().step_by(every) {
            ticks.push((i, p.end[..7].to_owned()));
        }
    }
    ticks
}

/// Stacked areas of the participants per level, period by period.
fn levels_over_time(out: &mut String, page: &Page) {
    const W: f64 = 860.0;
    const H: f64 = 320.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 150.0;
    const TOP: f64 = 16.0;
    const BOTTOM: f64 = 36.0;
    let timeline = &page.timeline;
    let periods = timeline.len();
    let max = timeline.iter().map(|p| p.participants).max().unwrap_or(0);
    let title = "Members per participation level over time";
    let first = timeline.first().map_or("", |p| day(p.end));
    let last = timeline.last().map_or("", |p| day(p.end));
    let desc = format!(
        "Stacked areas of the members at each level (outsiders left out), {periods} periods from {first} to {last}; \
         at most {max} members took part in one period; now {}{}.",
        timeline.last().map_or(0, |p| p.participants),
        if page.last_partial { " (the last period, to the analysis date, is partial)" } else { "" }
    );
    out.push_str(r#"<figure id="levels-over-time"><h3>Members per level, period by period</h3>"#);
    svg_open(out, "levels-over-time-svg", W as u32, H as u32, title, &desc);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = nice_step(max as f64, 5.0);
    let y_max = (max as f64 / step).ceil().max(1.0) * step;
    let x = |i: usize| {
        if periods > 1 { LEFT + plot_w * i as f64 / (periods - 1) as f64 } else { LEFT + plot_w / 2.0 }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - v / y_max);
    let mut tick = 0.0;
    while tick <= y_max + 1e-9 {
        let _ = write!(
            out,
            r#"<line x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" class="axis"/><text x="{:.1}" y="{:.1}" text-anchor="end" class="muted">{}</text>"#,
            LEFT + plot_w,
            LEFT - 6.0,
            y(tick) + 4.0,
            n(tick as usize),
            yy = y(tick)
        );
        tick += step;
    }
    for (i, label) in time_ticks(timeline) {
        let _ = write!(
            out,
            r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{:.1}" y2="{:.1}" class="axis"/><text x="{xx:.1}" y="{:.1}" text-anchor="middle" class="muted">{}</text>"#,
            TOP + plot_h,
            TOP + plot_h + 5.0,
            TOP + plot_h + 20.0,
            esc(&label),
            xx = x(i)
        );
    }
    if periods == 1 {
        // A single period: one stacked bar.
        let mut base = 0.0;
        let counts = timeline[0].counts;
        for (k, &count) in counts.iter().enumerate().take(5) {
            let top = base + count as f64;
            let _ = write!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="40" height="{:.1}" class="l{k}"/>"#,
                x(0) - 20.0,
                y(top),
                y(base) - y(top)
            );
            base = top;
        }
    } else {
        let mut lower = vec![0.0f64; periods];
        for k in 0..5 {
            let upper: Vec<f64> = timeline.iter().zip(&lower).map(|(p, l)| l + p.counts[k] as f64).collect();
            if upper.iter().zip(&lower).all(|(u, l)| u == l) {
                continue;
            }
            let mut path = String::new();
            for (i, u) in upper.iter().enumerate() {
                let _ = write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, x(i), y(*u));
            }
            for (i, l) in lower.iter().enumerate().rev() {
                let _ = write!(path, "L{:.1},{:.1}", x(i), y(*l));
            }
            let _ = write!(
                out,
                r#"<path d="{path}Z" class="l{k}"><title>{}</title></path>"#,
                level_label(Level::ALL[k])
            );
            lower = upper;
        }
    }
    for (k, level) in Level::ALL.iter().take(5).enumerate().rev() {
        let yy = TOP + 20.0 + (4 - k) as f64 * 24.0;
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="{:.1}" width="12" height="12" class="l{k}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            W - RIGHT + 18.0,
            yy - 10.0,
            W - RIGHT + 36.0,
            yy,
            level_label(*level)
        );
    }
    out.push_str("</svg>");
    let _ = write!(
        out,
        "<figcaption>Members at each level at the end of every {} (each assessed over the {} days before it), \
         the core group at the bottom. Outsiders are left out.</figcaption>",
        period_noun(page.o.period),
        page.o.window_days
    );
    out.push_str(r#"<details><summary>The numbers</summary><table><tr><th>period end</th>"#);
    for level in Level::ALL.iter().take(5) {
        let _ = write!(out, r#"<th class="n">{}</th>"#, level_label(*level));
    }
    out.push_str(r#"<th class="n">outsider</th></tr>"#);
    for p in timeline {
        let _ = write!(out, "<tr><td>{}</td>", esc(day(p.end)));
        for c in p.counts {
            let _ = write!(out, r#"<td class="n">{}</td>"#, n(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></details></figure>\n");
}

/// A Sankey-like picture of the moves between levels over the last period.
fn flows(out: &mut String, page: &Page) {
    const W: f64 = 860.0;
    const H: f64 = 360.0;
    const X0: f64 = 200.0;
    const X1: f64 = 646.0;
    const NODE: f64 = 14.0;
    const GAP: f64 = 10.0;
    const TOP: f64 = 30.0;
    // The flows into the last complete period; a partial last period is named, not drawn (when
    // there is an earlier complete one).
    let all = &page.timeline;
    let skip_partial = page.last_partial && all.len() >= 3;
    let timeline = if skip_partial { &all[..all.len() - 1] } else { &all[..] };
    let heading = if skip_partial {
        "Flows between levels over the last complete period"
    } else if page.last_partial {
        "Flows between levels over the last period (partial)"
    } else {
        "Flows between levels over the last period"
    };
    let _ = write!(out, r#"<figure id="flows"><h3>{heading}</h3>"#);
    if let (true, Some(last)) = (skip_partial, all.last()) {
        let _ = write!(
            out,
            r#"<p class="muted">The period to {} is partial and not drawn.</p>"#,
            esc(day(last.end))
        );
    }
    let single;
    let (from, to, t) = match (timeline, timeline.last().and_then(|p| p.transitions)) {
        ([.., a, b], Some(t)) => (day(a.end).to_owned(), day(b.end).to_owned(), t),
        _ => {
            // A single period: everyone taking part joined since the history began.
            let counts = timeline.last().map(|p| p.counts).unwrap_or_default();
            let mut matrix = [[0u32; 6]; 6];
            for (j, &c) in counts.iter().enumerate() {
                matrix[5][j] = c as u32;
            }
            let joined = counts[..5].iter().sum::<usize>() as u32;
            single = Transitions { joined, matrix, ..Transitions::default() };
            let to = timeline.last().map_or_else(String::new, |p| day(p.end).to_owned());
            ("before the first event".to_owned(), to, &single)
        }
    };
    // Outsiders who stay outsiders are left out: they would swamp everyone else.
    let mut m = t.matrix;
    m[5][5] = 0;
    let left: Vec<u32> = (0..6).map(|k| m[k].iter().sum()).collect();
    let right: Vec<u32> = (0..6).map(|j| (0..6).map(|k| m[k][j]).sum()).collect();
    let total: u32 = left.iter().sum();
    let title = format!("Flows between levels from {from} to {to}");
    let desc = format!(
        "Members moving between levels: {} promoted, {} demoted, {} held their level, {} joined, {} left.",
        t.promoted, t.demoted, t.held, t.joined, t.left
    );
    svg_open(out, "flows-svg", W as u32, H as u32, &title, &desc);
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="18" text-anchor="middle" class="muted">{}</text><text x="{:.1}" y="18" text-anchor="middle" class="muted">{}</text>"#,
        X0 + NODE / 2.0,
        esc(&from),
        X1 + NODE / 2.0,
        esc(&to)
    );
    if total == 0 {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="muted">nobody took part in either period</text></svg>"#,
            W / 2.0,
            H / 2.0
        );
    } else {
        let used = |side: &[u32]| side.iter().filter(|&&v| v > 0).count() as f64;
        let gaps = (used(&left).max(used(&right)) - 1.0).max(0.0) * GAP;
        let scale = (H - TOP - 10.0 - gaps) / f64::from(total);
        let positions = |side: &[u32]| {
            let mut y = TOP;
            side.iter()
                .map(|&v| {
                    let start = y;
                    if v > 0 {
                        y += f64::from(v) * scale + GAP;
                    }
                    start
                })
                .collect::<Vec<f64>>()
        };
        let (ly, ry) = (positions(&left), positions(&right));
        let mut left_offset = ly.clone();
        let mut right_offset = ry.clone();
        let xm = (X0 + NODE + X1) / 2.0;
        for k in 0..6 {
            for j in 0..6 {
                let v = m[k][j];
                if v == 0 {
                    continue;
                }
                let h = f64::from(v) * scale;
                let (y0, y1) = (left_offset[k], right_offset[j]);
                left_offset[k] += h;
                right_offset[j] += h;
                let (a, b) = (X0 + NODE, X1);
                let _ = write!(
                    out,
                    r#"<path d="M{a:.1},{y0:.1}C{xm:.1},{y0:.1} {xm:.1},{y1:.1} {b:.1},{y1:.1}L{b:.1},{:.1}C{xm:.1},{:.1} {xm:.1},{:.1} {a:.1},{:.1}Z" class="flow l{k}"><title>{v} member(s): {} → {}</title></path>"#,
                    y1 + h,
                    y1 + h,
                    y0 + h,
                    y0 + h,
                    level_label(Level::ALL[k]),
                    level_label(Level::ALL[j])
                );
            }
        }
        for k in 0..6 {
            for (side, ys, x, anchor, tx) in
                [(&left, &ly, X0, "end", X0 - 8.0), (&right, &ry, X1, "start", X1 + NODE + 8.0)]
            {
                let v = side[k];
                if v == 0 {
                    continue;
                }
                let h = f64::from(v) * scale;
                let _ = write!(
                    out,
                    r#"<rect x="{x:.1}" y="{:.1}" width="{NODE}" height="{:.1}" class="l{k}"/><text x="{tx:.1}" y="{:.1}" text-anchor="{anchor}">{} · {}</text>"#,
                    ys[k],
                    h.max(1.0),
                    ys[k] + h / 2.0 + 4.0,
                    level_label(Level::ALL[k]),
                    n(v as usize)
                );
            }
        }
        out.push_str("</svg>");
    }
    let _ = write!(
        out,
        "<figcaption>Where the members of each level went from {} to {}: {} promoted, {} demoted, {} held their level, \
         {} joined, {} left (turnover {:.1} %). Outsiders who stayed outsiders are left out.</figcaption>",
        esc(&from),
        esc(&to),
        n(t.promoted as usize),
        n(t.demoted as usize),
        n(t.held as usize),
        n(t.joined as usize),
        n(t.left as usize),
        t.turnover * 100.0
    );
    out.push_str(r#"<details><summary>The transition matrix (rows: before, columns: after)</summary><table><tr><th></th>"#);
    for level in Level::ALL {
        let _ = write!(out, r#"<th class="n">{}</th>"#, level_label(level));
    }
    out.push_str("</tr>");
    for (k, level) in Level::ALL.iter().enumerate() {
        let _ = write!(out, "<tr><th>{}</th>", level_label(*level));
        for j in 0..6 {
            let _ = write!(out, r#"<td class="n">{}</td>"#, t.matrix[k][j]);
        }
        out.push_str("</tr>");
    }
    out.push_str("</table></details></figure>\n");
}

fn trajectory_words(kind: TrajectoryKind) -> &'static str {
    match kind {
        TrajectoryKind::Peripheral => "stays at the edge",
        TrajectoryKind::Inbound => "moving toward the centre",
        TrajectoryKind::Insider => "a stable full participant",
        TrajectoryKind::Boundary => "links communities",
        TrajectoryKind::Outbound => "moving out",
        TrajectoryKind::Newcomer => "too new to tell",
        TrajectoryKind::Inactive => "no longer takes part",
    }
}

/// Horizontal bars of the members per trajectory.
fn trajectories(out: &mut String, page: &Page) {
    const W: f64 = 860.0;
    const ROW: f64 = 36.0;
    const LABEL: f64 = 250.0;
    const BAR: f64 = 470.0;
    let counts = &page.trajectories;
    let rows = counts.len();
    let h = ROW * rows as f64 + 20.0;
    let active_max =
        counts.iter().filter(|t| t.0 != TrajectoryKind::Inactive).map(|t| t.1).max().unwrap_or(0);
    let max = if active_max == 0 { counts.iter().map(|t| t.1).max().unwrap_or(1).max(1) } else { active_max };
    let parts: Vec<String> = counts.iter().map(|t| format!("{} {}", t.0.name(), t.1)).collect();
    out.push_str(r#"<figure id="trajectories"><h3>Trajectories</h3>"#);
    svg_open(
        out,
        "trajectories-svg",
        W as u32,
        h as u32,
        "Members per trajectory",
        &format!("Trajectories: {}.", parts.join(", ")),
    );
    for (i, &(trajectory, members)) in counts.iter().enumerate() {
        let y = 10.0 + i as f64 * ROW;
        let width = BAR * members as f64 / max as f64;
        let clipped = width > BAR;
        let width = width.min(BAR);
        let name = trajectory.name();
        let _ = write!(
            out,
            r#"<text x="0" y="{:.1}" font-weight="bold">{name}</text><text x="0" y="{:.1}" class="muted">{}</text><rect x="{LABEL}" y="{:.1}" width="{:.1}" height="20" rx="3" class="t-{name}"/><text x="{:.1}" y="{:.1}">{}{}</text>"#,
            y + 12.0,
            y + 27.0,
            trajectory_words(trajectory),
            y + 4.0,
            width.max(if members > 0 { 2.0 } else { 0.0 }),
            LABEL + width + 8.0,
            y + 19.0,
            n(members),
            if clipped { " (bar cut)" } else { "" }
        );
    }
    out.push_str("</svg>");
    out.push_str(
        "<figcaption>Wenger's trajectories, read from each member's level over the recent periods: inbound members \
         move toward the centre, insiders stay there, peripheral members stay at the edge, outbound members move \
         out; newcomers are too new to tell and inactive members no longer take part.</figcaption>",
    );
    out.push_str(r#"<details><summary>The numbers</summary><table><tr><th>trajectory</th><th class="n">members</th></tr>"#);
    for (trajectory, members) in counts {
        let _ = write!(out, r#"<tr><td>{}</td><td class="n">{}</td></tr>"#, trajectory.name(), n(*members));
    }
    out.push_str("</table></details></figure>\n");
}

/// Bars of the scores of the top members.
fn top_members(out: &mut String, page: &Page) {
    const W: f64 = 860.0;
    const ROW: f64 = 24.0;
    const LABEL: f64 = 260.0;
    const BAR: f64 = 420.0;
    let top: Vec<&MemberParticipation> =
        page.members.iter().copied().filter(|m| m.level != Level::Outsider).take(15).collect();
    let mut ranked = top.clone();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    let max = ranked.first().map_or(1.0, |m| m.score.max(1e-9));
    let h = ROW * ranked.len().max(1) as f64 + 16.0;
    out.push_str(r#"<figure id="top-members"><h3>Top members by participation score</h3>"#);
    let desc: Vec<String> = ranked
        .iter()
        .take(5)
        .map(|m| format!("{} ({}, {:.1})", m.member, level_label(m.level), m.score))
        .collect();
    svg_open(
        out,
        "top-members-svg",
        W as u32,
        h as u32,
        "The members with the highest participation scores",
        &format!("Top members by score: {}.", desc.join(", ")),
    );
    if ranked.is_empty() {
        out.push_str(r#"<text x="0" y="20" class="muted">nobody took part in the window</text>"#);
    }
    for (i, m) in ranked.iter().enumerate() {
        let y = 8.0 + i as f64 * ROW;
        let width = (BAR * m.score / max).max(2.0);
        let k = m.level.index();
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{LABEL}" y="{:.1}" width="{width:.1}" height="16" rx="3" class="l{k}"><title>{} · {} · score {:.1}</title></rect><text x="{:.1}" y="{:.1}" class="muted">{:.1} · {}</text>"#,
            LABEL - 10.0,
            y + 13.0,
            esc(&cut(&m.member, 34)),
            y,
            esc(&m.member),
            level_label(m.level),
            m.score,
            LABEL + width + 8.0,
            y + 13.0,
            m.score,
            m.trajectory.name()
        );
    }
    out.push_str("</svg>");
    let _ = write!(
        out,
        "<figcaption>The {} members with the highest participation scores over the last {} days (activity weighted by \
         kind and age, breadth of domains, people and days, and what others directed at them), coloured by level, with \
         their trajectory.</figcaption>",
        ranked.len(),
        page.o.window_days
    );
    out.push_str(r#"<details><summary>The numbers</summary><table><tr><th>member</th><th>level</th><th class="n">score</th><th class="n">events</th><th>trajectory</th><th>why this level</th></tr>"#);
    for m in &ranked {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td>{}</td><td class="n">{:.1}</td><td class="n">{}</td><td>{}</td><td>{}</td></tr>"#,
            esc(&m.member),
            level_label(m.level),
            m.score,
            n(m.evidence.score.events as usize),
            m.trajectory.name(),
            esc(&m.rule)
        );
    }
    out.push_str("</table></details></figure>\n");
}

/// Mentor suggestions: a bipartite drawing (mentees on the left, mentors on the right, one line
/// per pair, as wide as its score) of the best pairs, and the pairs with their reasons.
fn mentoring(out: &mut String, page: &Page) {
    const W: f64 = 860.0;
    const ROW: f64 = 26.0;
    const LEFT: f64 = 300.0; // mentee dots
    const RIGHT: f64 = 560.0; // mentor dots
    const TOP: f64 = 34.0;
    const MAX_PAIRS: usize = 30;
    let Some(m) = &page.r.mentoring else {
        out.push_str(
            r#"<p class="later">Mentor suggestions were not computed for this report (<code>--no-mentoring</code>); <code>cop match</code> makes them.</p>"#,
        );
        return;
    };
    let ranked = ranked_pairs(m);
    let shown = &ranked[..ranked.len().min(MAX_PAIRS)];
    // Mentors in order of their best pair, their mentees under them: no lines cross.
    let mut mentors: Vec<(&str, Vec<&MatchedPair>)> = Vec::new();
    for p in shown {
        match mentors.iter_mut().find(|(k, _)| *k == p.mentor) {
            Some((_, list)) => list.push(p),
            None => mentors.push((&p.mentor, vec![p])),
        }
    }
    let rows = shown.len().max(1);
    let h = TOP + ROW * rows as f64 + 10.0;
    let desc = if shown.is_empty() {
        format!("No pair: {} mentees, {} mentors.", m.mentees, m.mentors)
    } else {
        let parts: Vec<String> = shown
            .iter()
            .take(8)
            .map(|p| format!("{} with {} ({:.2})", p.mentee, p.mentor, p.score))
            .collect();
        format!(
            "{} suggested pairs, best first: {}{}.",
            ranked.len(),
            parts.join(", "),
            if shown.len() > 8 { ", …" } else { "" }
        )
    };
    out.push_str(r#"<figure id="mentoring"><h3>Who could learn from whom</h3>"#);
    svg_open(out, "mentoring-svg", W as u32, h as u32, "Suggested mentors for mentees", &desc);
    let _ = write!(
        out,
        r#"<text x="{LEFT}" y="14" text-anchor="end" class="muted">mentees</text><text x="{RIGHT}" y="14" class="muted">mentors</text><line x1="{LEFT}" y1="22" x2="{LEFT}" y2="{:.1}" class="axis"/><line x1="{RIGHT}" y1="22" x2="{RIGHT}" y2="{:.1}" class="axis"/>"#,
        h - 6.0,
        h - 6.0
    );
    if shown.is_empty() {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="muted">no pair: {}</text>"#,
            (LEFT + RIGHT) / 2.0,
            TOP + 12.0,
            if m.mentees == 0 {
                "no mentee"
            } else if m.mentors == 0 {
                "no mentor"
            } else {
                "no mentor fits a mentee"
            }
        );
    }
    let mut row = 0usize;
    for (mentor, pairs) in &mentors {
        let first = row;
        for p in pairs {
            let y = TOP + ROW * row as f64 + ROW / 2.0;
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><circle cx="{LEFT}" cy="{y:.1}" r="5" class="l3"/>"#,
                LEFT - 12.0,
                y + 4.0,
                esc(&cut(&p.mentee, 34))
            );
            row += 1;
        }
        let ym = TOP + ROW * (first + row - 1) as f64 / 2.0 + ROW / 2.0;
        for (i, p) in pairs.iter().enumerate() {
            let y = TOP + ROW * (first + i) as f64 + ROW / 2.0;
            let _ = write!(
                out,
                r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{ym:.1}" class="pair" stroke-width="{:.1}" opacity="{:.2}"><title>{} → {} · score {:.2}{}</title></line>"#,
                LEFT + 6.0,
                RIGHT - 7.0,
                1.0 + 7.0 * p.score.clamp(0.0, 1.0),
                0.35 + 0.6 * p.score.clamp(0.0, 1.0),
                esc(&p.mentee),
                esc(mentor),
                p.score,
                p.domain.as_deref().map(|d| format!(" · {}", esc(d))).unwrap_or_default()
            );
        }
        let _ = write!(
            out,
            r#"<circle cx="{RIGHT}" cy="{ym:.1}" r="7" class="l0"/><text x="{:.1}" y="{:.1}">{}</text><text x="{:.1}" y="{:.1}" class="muted">{}</text>"#,
            RIGHT + 14.0,
            ym + 4.0,
            esc(&cut(mentor, 30)),
            RIGHT + 14.0 + 7.0 * cut(mentor, 30).chars().count() as f64 + 8.0,
            ym + 4.0,
            count_of(pairs.len(), "mentee", "mentees")
        );
    }
    out.push_str("</svg>");
    let counts = unmatched_by_reason(m);
    let unmatched = if counts.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> =
            counts.iter().map(|(r, k)| format!("{} {}", unmatched_reason(*r), n(*k))).collect();
        format!(
            " {} left without a mentor: {}.",
            count_of(m.unmatched.len(), "mentee is", "mentees are"),
            parts.join(", ")
        )
    };
    let _ = write!(
        out,
        "<figcaption>{} among {} and {}, chosen by the {} assignment{}; a line's width is the pair's score (0..1:          domain fit, competence gap, the mentor's free places and availability, an existing tie or a new one,          stated preferences).{}</figcaption>",
        count_of(ranked.len(), "suggested pair", "suggested pairs"),
        count_of(m.mentees, "mentee", "mentees"),
        count_of(m.mentors, "mentor", "mentors"),
        m.mode.name(),
        if ranked.len() > shown.len() { format!(" (the best {} drawn)", shown.len()) } else { String::new() },
        unmatched
    );
    if !shown.is_empty() {
        out.push_str(r#"<table class="pairs"><tr><th>mentee</th><th>mentor</th><th class="n">score</th><th>domain</th><th>why</th></tr>"#);
        for p in shown {
            let reasons: Vec<String> = p.reasons.iter().map(|r| esc(r)).collect();
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td class="n">{:.2}</td><td>{}</td><td>{}</td></tr>"#,
                esc(&p.mentee),
                esc(&p.mentor),
                p.score,
                esc(p.domain.as_deref().unwrap_or("-")),
                reasons.join("<br>")
            );
        }
        out.push_str("</table>");
    }
    if !m.unmatched.is_empty() {
        let _ = write!(
            out,
            r#"<details><summary>Mentees without a mentor ({})</summary><table><tr><th>mentee</th><th>reason</th><th>detail</th></tr>"#,
            n(m.unmatched.len())
        );
        for u in m.unmatched.iter().take(100) {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&u.mentee),
                unmatched_reason(u.reason),
                esc(&u.detail)
            );
        }
        out.push_str("</table>");
        if m.unmatched.len() > 100 {
            let _ = write!(out, "<p>… and {} more (in the JSON report).</p>", n(m.unmatched.len() - 100));
        }
        out.push_str("</details>");
    }
    out.push_str("</figure>\n");
}

/// The structure of the interaction, as a table.
fn structure(out: &mut String, page: &Page) {
    out.push_str(r#"<section id="structure"><h3>Who holds the community together</h3>"#);
    let st = &page.r.structure;
    let list = |keys: &[String]| {
        if keys.is_empty() {
            "-".to_owned()
        } else {
            let mut shown: Vec<String> = keys.iter().take(12).map(|k| esc(k)).collect();
            if keys.len() > 12 {
                shown.push(format!("and {} more", keys.len() - 12));
            }
            shown.join(", ")
        }
    };
    let _ = write!(
        out,
        "<p>Over the last {} days, {} interacted with each other through {}. The core/periphery fit is \
         {:.2} (near 1: a clear core tied together, with a periphery tied to little).</p><p><b>Core:</b> {}</p>\
         <p><b>Brokers</b> (their contacts are not tied to each other): {}</p>",
        st.window_days,
        count_of(st.connected_members, "member", "members"),
        count_of(st.ties, "tie", "ties"),
        st.core_periphery_fit,
        list(&st.core),
        list(&st.brokers)
    );
    if !st.members.is_empty() {
        out.push_str(r#"<table><tr><th>member</th><th class="n">PageRank</th><th class="n">k-core</th><th class="n">people</th><th class="n">constraint</th></tr>"#);
        for p in st.members.iter().take(10) {
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td class="n">{:.4}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{:.3}</td></tr>"#,
                esc(&p.member),
                p.pagerank,
                p.core_number,
                p.degree,
                p.constraint
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</section>\n");
}

/// One sparkline: a line over the values, the last value marked.
fn sparkline(
    out: &mut String,
    id: &str,
    label: &str,
    values: &[f64],
    format: impl Fn(f64) -> String,
    first: &str,
    last: &str,
) {
    const W: f64 = 260.0;
    const H: f64 = 64.0;
    const PAD: f64 = 6.0;
    let (lo, hi) =
        values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let (lo, hi) = if lo.is_finite() { (lo.min(0.0), hi.max(lo + 1e-9)) } else { (0.0, 1.0) };
    let now = values.last().copied().unwrap_or(0.0);
    let desc = format!(
        "{label} per period from {first} to {last}: lowest {}, highest {}, now {}.",
        format(lo.min(values.iter().copied().fold(f64::INFINITY, f64::min))),
        format(hi),
        format(now)
    );
    let _ = write!(out, "<div><p><b>{}</b> · now {}</p>", esc(label), esc(&format(now)));
    svg_open(out, id, W as u32, H as u32, label, &desc);
    let x = |i: usize| {
        if values.len() > 1 { PAD + (W - 2.0 * PAD) * i as f64 / (values.len() - 1) as f64 } else { W / 2.0 }
    };
    let y = |v: f64| PAD + (H - 2.0 * PAD) * (1.0 - (v - lo) / (hi - lo));
    if lo < 0.0 {
        let _ = write!(out, r#"<line x1="0" x2="{W}" y1="{:.1}" y2="{:.1}" class="axis"/>"#, y(0.0), y(0.0));
    }
    let points: Vec<String> =
        values.iter().enumerate().map(|(i, &v)| format!("{:.1},{:.1}", x(i), y(v))).collect();
    let _ = write!(out, r#"<polyline points="{}" class="spark"/>"#, points.join(" "));
    if !values.is_empty() {
        let _ = write!(
            out,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="var(--accent)"/>"#,
            x(values.len() - 1),
            y(now)
        );
    }
    out.push_str("</svg></div>");
}

/// Sparklines of participation per period.
fn gravity(out: &mut String, page: &Page) {
    let timeline = &page.timeline;
    let first = timeline.first().map_or("", |p| day(p.end));
    let last = timeline.last().map_or("", |p| day(p.end));
    let participants: Vec<f64> = timeline.iter().map(|p| p.participants as f64).collect();
    let inner: Vec<f64> = timeline.iter().map(|p| (p.counts[0] + p.counts[1]) as f64).collect();
    let gravity: Vec<f64> = timeline.iter().skip(1).map(|p| p.gravity.unwrap_or(0.0)).collect();
    let joined: Vec<f64> =
        timeline.iter().skip(1).map(|p| p.transitions.map_or(0.0, |t| f64::from(t.joined))).collect();
    out.push_str(r#"<figure id="gravity"><h3>Participation and gravity over time</h3><div class="sparks">"#);
    let count = |v: f64| n(v.round() as usize);
    sparkline(out, "gravity-participants", "Members taking part", &participants, count, first, last);
    sparkline(out, "gravity-inner", "Core group and active members", &inner, count, first, last);
    sparkline(out, "gravity-joined", "Members who joined", &joined, count, first, last);
    sparkline(out, "gravity-gravity", "Gravity", &gravity, |v| format!("{v:+.2}"), first, last);
    out.push_str("</div>");
    let _ = write!(
        out,
        "<figcaption>Period by period from {} to {}: members taking part, members in the core group or active, \
         members who joined (outsiders who started taking part), and gravity — the change of weighted commitment \
         (Orbit's level weights) over the participants; above zero the community pulls members inward.</figcaption>",
        esc(first),
        esc(last)
    );
    out.push_str(r#"<details><summary>The numbers</summary><table><tr><th>period end</th><th class="n">taking part</th><th class="n">core + active</th><th class="n">joined</th><th class="n">gravity</th></tr>"#);
    for (i, p) in timeline.iter().enumerate() {
        let partial = if page.last_partial && i + 1 == timeline.len() { " (partial period)" } else { "" };
        let _ = write!(
            out,
            r#"<tr><td>{}{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td></tr>"#,
            esc(day(p.end)),
            partial,
            n(p.participants),
            n(p.counts[0] + p.counts[1]),
            p.transitions.map_or_else(|| "-".to_owned(), |t| t.joined.to_string()),
            p.gravity.map_or_else(|| "-".to_owned(), |g| format!("{g:+.3}"))
        );
    }
    out.push_str("</table></details></figure>\n");
}

fn stage_index(stage: Stage) -> usize {
    stage as usize
}

/// Each community's own stage and health beside the landscape's, when several have events.
fn communities(out: &mut String, page: &Page) {
    let r = page.r;
    if r.communities.is_empty() {
        return;
    }
    out.push_str(
        r#"<figure id="communities"><h3>Each community on its own events</h3><table><tr><th>community</th><th class="n">events</th><th class="n">acting members</th><th class="n">active members</th><th>settled stage</th><th>indicated stage</th><th>why the stage holds</th></tr>"#,
    );
    let mut row = |name: &str,
                   events: usize,
                   acting: usize,
                   active: usize,
                   m: &cop_core::health::maturity::Assessment| {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td><span class="swatch" style="background: var(--s{})"></span>{}</td><td>{} ({})</td><td>{}</td></tr>"#,
            esc(name),
            n(events),
            n(acting),
            n(active),
            stage_index(m.settled.stage),
            esc(&m.settled.label),
            esc(&m.indicated.label),
            percent(m.indicated.share),
            esc(&m.settled.rule)
        );
    };
    let s = &r.summary;
    row("(the landscape)", s.counts.events, s.acting_members, r.health.active_members, &r.maturity);
    for c in &r.communities {
        row(&c.community, c.events, c.acting_members, c.health.active_members, &c.maturity);
    }
    out.push_str(
        "</table><figcaption>Health and maturity of each community computed on its own events only; members \
         active in several communities count in each.</figcaption></figure>\n",
    );
}

/// The maturity stage: the five-step track, the indicators' votes, the next steps and the stage
/// history as a strip.
fn maturity(out: &mut String, page: &Page) {
    const W: f64 = 860.0;
    let m = &page.r.maturity;
    let current = stage_index(m.settled.stage);
    let indicated = stage_index(m.indicated.stage);
    out.push_str(r#"<figure id="maturity"><h3>Where the community is in its life</h3>"#);
    // The track.
    let desc = format!("Five stages from potential to transformation: {}.", m.summary);
    svg_open(out, "maturity-track", W as u32, 118, &format!("Maturity stage: {}", m.settled.label), &desc);
    let step = W / 5.0;
    let _ = write!(
        out,
        r#"<line x1="{:.1}" x2="{:.1}" y1="40" y2="40" class="axis" stroke-width="3"/>"#,
        step / 2.0,
        W - step / 2.0
    );
    for (k, stage) in Stage::ALL.iter().enumerate() {
        let cx = step * (k as f64 + 0.5);
        let here = k == current;
        let (r, opacity) = if here {
            (22.0, 1.0)
        } else if k == indicated {
            (17.0, 0.7)
        } else {
            (13.0, 0.35)
        };
        let _ = write!(
            out,
            r#"<circle cx="{cx:.1}" cy="40" r="{r}" class="stage{k}" opacity="{opacity}"><title>{}{}: {}</title></circle>"#,
            stage.name(),
            match (here, k == indicated) {
                (true, true) => " (settled and indicated)",
                (true, false) => " (settled)",
                (false, true) => " (indicated)",
                _ => "",
            },
            stage.tension()
        );
        if here {
            let _ = write!(
                out,
                r#"<circle cx="{cx:.1}" cy="40" r="28" fill="none" stroke="var(--fg)" stroke-width="2"/>"#
            );
        }
        let _ = write!(
            out,
            r#"<text x="{cx:.1}" y="86" text-anchor="middle"{}>{}</text><text x="{cx:.1}" y="104" text-anchor="middle" class="muted">{}</text>"#,
            if here { r#" font-weight="bold""# } else { "" },
            stage.name(),
            stage.tension()
        );
    }
    out.push_str("</svg>");
    // The indicators' votes per stage (the core's tally).
    let votes: Vec<f64> = m.votes.iter().map(|v| v.weight).collect();
    let shares: Vec<f64> = m.votes.iter().map(|v| v.share).collect();
    const LABEL: f64 = 130.0;
    const BAR: f64 = 520.0;
    let parts: Vec<String> = Stage::ALL
        .iter()
        .zip(votes.iter().copied())
        .filter(|(_, v)| *v > 0.0)
        .map(|(s, v)| format!("{} {v:.1}", s.name()))
        .collect();
    svg_open(
        out,
        "maturity-votes",
        W as u32,
        5 * 24 + 8,
        "The indicators' votes per stage",
        &format!("Weighted votes of {} indicators: {}.", m.evidence.len(), parts.join(", ")),
    );
    for (k, stage) in Stage::ALL.iter().enumerate() {
        let y = 4.0 + k as f64 * 24.0;
        let width = BAR * shares[k];
        let voters: Vec<&str> =
            m.evidence.iter().filter(|i| i.points_to == *stage).map(|i| i.name.as_str()).collect();
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{LABEL}" y="{y:.1}" width="{:.1}" height="16" rx="3" class="stage{k}"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" class="muted">{}</text>"#,
            LABEL - 10.0,
            y + 13.0,
            stage.name(),
            width.max(if votes[k] > 0.0 { 2.0 } else { 0.0 }),
            stage.name(),
            esc(&voters.join(", ")),
            LABEL + width + 8.0,
            y + 13.0,
            esc(&match voters.len() {
                0 => String::new(),
                1 => format!("{:.1} ({}) · {}", votes[k], percent(shares[k]), voters[0]),
                many => format!("{:.1} ({}) · {many} indicators", votes[k], percent(shares[k])),
            })
        );
    }
    out.push_str("</svg>");
    // The stage history as a strip.
    let history = &page.r.stage_history;
    let _ = write!(
        out,
        "<p><b>Stage history</b> · the stage at the end of each {}</p>",
        period_noun(page.o.period)
    );
    if history.is_empty() {
        out.push_str(
            r#"<p class="muted">The stage history was not computed (<code>--no-history</code>).</p>"#,
        );
    } else {
        const H: f64 = 64.0;
        const STRIP: f64 = 28.0;
        let runs = stage_runs(history);
        let period = page.o.period;
        let parts: Vec<String> = runs
            .iter()
            .map(|(s, a, b, k)| {
                format!(
                    "{} from {} to {} ({k})",
                    s.name(),
                    period_label(&a.date, period),
                    period_label(&b.date, period)
                )
            })
            .collect();
        svg_open(
            out,
            "maturity-history",
            W as u32,
            H as u32,
            "The stage over time",
            &format!("The stage at the end of each of {} periods: {}.", history.len(), parts.join("; ")),
        );
        let width = W / history.len() as f64;
        let mut x = 0.0;
        for (stage, first, last, points) in &runs {
            let w = width * *points as f64;
            let _ = write!(
                out,
                r#"<rect x="{x:.2}" y="4" width="{w:.2}" height="{STRIP}" class="stage{}"><title>{}: {} to {}</title></rect>"#,
                stage_index(*stage),
                stage.name(),
                esc(&period_label(&first.date, period)),
                esc(&period_label(&last.date, period))
            );
            x += w;
        }
        // Ticks: the first period of each year, thinned.
        let dates: Vec<&str> = history.iter().map(|p| p.date.as_str()).collect();
        for (at, label) in year_ticks(&dates, period) {
            let xx = width * at;
            let anchor = if xx < 30.0 {
                "start"
            } else if xx > W - 30.0 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                out,
                r#"<line x1="{xx:.1}" x2="{xx:.1}" y1="{:.1}" y2="{:.1}" class="axis"/><text x="{xx:.1}" y="{:.1}" text-anchor="{anchor}" class="muted">{}</text>"#,
                4.0 + STRIP,
                8.0 + STRIP,
                STRIP + 24.0,
                esc(&label)
            );
        }
        out.push_str("</svg>");
    }
    // The legend, the evidence and the next steps.
    out.push_str(r#"<p>"#);
    for (k, stage) in Stage::ALL.iter().enumerate() {
        let _ =
            write!(out, r#"<span class="swatch" style="background: var(--s{k})"></span>{} "#, stage.name());
    }
    out.push_str("</p>");
    let _ = write!(
        out,
        "<figcaption>{} (Wenger, McDermott &amp; Snyder); the tension of the settled stage is <i>{}</i>. The settled \
         stage is held through the history: <i>{}</i>. Each indicator is measured over the last {} days and points to \
         a stage by a documented rule; the settled stage moves one step at a time, only after the indicators point \
         away for several periods in a row, and never past what the community's age and size allow.</figcaption>",
        esc(&m.summary),
        esc(&m.settled.tension),
        esc(&m.settled.rule),
        page.o.health_window_days
    );
    out.push_str(r#"<table><tr><th>indicator</th><th class="n">value</th><th>points to</th><th class="n">weight</th><th>rule</th></tr>"#);
    for i in &m.evidence {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="n">{}</td><td><span class="swatch" style="background: var(--s{})"></span>{}</td><td class="n">{:.1}</td><td>{}</td></tr>"#,
            esc(&i.name),
            esc(&indicator_value(&i.name, i.value)),
            stage_index(i.points_to),
            i.points_to.name(),
            i.weight,
            esc(&i.rule)
        );
    }
    out.push_str("</table>");
    out.push_str("<h3>Next steps</h3>");
    if m.next_steps.is_empty() {
        out.push_str("<p>None: no indicator or health flag calls for action.</p>");
    } else {
        out.push_str(r#"<ol class="steps">"#);
        for step in &m.next_steps {
            let _ = write!(
                out,
                r#"<li><span class="prio prio{p}">priority {p}</span><b>{}</b>: {}</li>"#,
                esc(&step.about),
                esc(&step.advice),
                p = step.priority
            );
        }
        out.push_str("</ol>");
    }
    if !history.is_empty() {
        out.push_str(r#"<details><summary>The stage history, period by period</summary><table><tr><th>period end</th><th>settled</th><th>indicated</th><th class="n">indicated's share</th><th>ceiling</th><th class="n">active</th></tr>"#);
        for p in history {
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="n">{}</td><td>{}</td><td class="n">{}</td></tr>"#,
                esc(day(&p.date)),
                p.settled.name(),
                p.indicated.name(),
                percent(p.indicated_share),
                p.ceiling.name(),
                p.active_members
            );
        }
        out.push_str("</table></details>");
    }
    out.push_str("</figure>\n");
}

/// Where to label a strip of periods (in periods from the left) ending at `dates` (RFC 3339): at
/// the start of each year, thinned to about a dozen; within a single year, in the middle of a few
/// periods.
fn year_ticks(dates: &[&str], period: cop_core::Period) -> Vec<(f64, String)> {
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

/// A health metric's values over the series, and its current value.
fn series_of(series: &[HealthPoint], metric: &str) -> Vec<f64> {
    series.iter().filter_map(|p| p.metrics.iter().find(|(m, _)| m == metric).map(|(_, v)| *v)).collect()
}

/// How a value is written.
type Format = dyn Fn(f64) -> String;

/// Sparklines of the health series, and the key metrics as a table.
fn health(out: &mut String, page: &Page) {
    let h = &page.r.health;
    let series = &page.r.health_series;
    let (first, last) = match (series.first(), series.last()) {
        (Some(a), Some(b)) => (day(&a.date).to_owned(), day(&b.date).to_owned()),
        _ => (day(&h.as_of).to_owned(), day(&h.as_of).to_owned()),
    };
    let current = h.point(0);
    out.push_str(r#"<figure id="health"><h3>Health over time</h3><div class="sparks">"#);
    let count = |v: f64| n(v.round().max(0.0) as usize);
    let share = |v: f64| percent(v);
    let metrics: [(&str, &str, &Format); 8] = [
        ("active_members", "Active members", &count),
        ("newcomers_in_window", "Newcomers in the window", &count),
        ("recent_newcomer_activation", "Activation of recent newcomers", &share),
        ("unanswered_share", "Unanswered questions", &share),
        ("median_response_hours", "Median first response", &|v| hours(v)),
        ("absence_factor", "Absence factor", &count),
        ("founders_share", "Founders' share", &share),
        ("dau_mau", "DAU / MAU", &|v| format!("{v:.2}")),
    ];
    let mut shown = Vec::new();
    for (metric, label, format) in metrics {
        // Without a history (--no-history), the current value alone.
        let values = if series.is_empty() {
            series_of(std::slice::from_ref(&current), metric)
        } else {
            series_of(series, metric)
        };
        if values.is_empty() {
            continue;
        }
        shown.push(label);
        sparkline(
            out,
            &format!("health-{}", metric.replace('_', "-")),
            label,
            &values,
            format,
            &first,
            &last,
        );
    }
    out.push_str("</div>");
    let _ = write!(
        out,
        "<figcaption>Each value is measured over the {} days before the end of each period, from {} to {}{}: {}. \
         Metrics without a value (no question asked, for instance) are left out.</figcaption>",
        h.window_days,
        esc(&first),
        esc(&last),
        if series.is_empty() {
            " (the series was not computed: only the current values)"
        } else if page.last_partial {
            " (the last period is partial: measured up to the analysis date)"
        } else {
            ""
        },
        esc(&shown.join(", ").to_lowercase())
    );
    // The key metrics now, in the words the text report uses.
    let rows = health_rows(h, page.health);
    out.push_str(r#"<table class="metrics">"#);
    for row in &rows {
        let _ = write!(out, "<tr><td>{}</td><td>{}</td></tr>", esc(row.label), esc(&row.text));
    }
    let flags = rows.iter().flat_map(|r| r.flag.iter()).chain(rows.iter().flat_map(|r| &r.notes));
    for flag in flags {
        let _ = write!(out, r#"<tr><td>flag</td><td class="flag">{}</td></tr>"#, esc(flag));
    }
    out.push_str("</table>");
    if !series.is_empty() {
        let columns: Vec<&str> = metrics.iter().map(|m| m.0).collect();
        out.push_str(
            r#"<details><summary>The series, period by period</summary><table><tr><th>period end</th>"#,
        );
        for (_, label, _) in &metrics {
            let _ = write!(out, r#"<th class="n">{}</th>"#, esc(label));
        }
        out.push_str("</tr>");
        for p in series {
            let _ = write!(out, "<tr><td>{}</td>", esc(day(&p.date)));
            for (metric, (_, _, format)) in columns.iter().zip(&metrics) {
                let value = p
                    .metrics
                    .iter()
                    .find(|(m, _)| m == metric)
                    .map_or_else(|| "-".to_owned(), |(_, v)| format(*v));
                let _ = write!(out, r#"<td class="n">{}</td>"#, esc(&value));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table></details>");
    }
    out.push_str("</figure>\n");
}

/// Charter goals and value stories, when the landscape has any.
fn goals_and_value(out: &mut String, page: &Page) {
    let r = page.r;
    if !r.goals.is_empty() {
        out.push_str(r#"<section id="goals"><h3>Charter goals</h3><table><tr><th>community</th><th>goal</th><th>deadline</th><th class="n">now</th><th class="n">progress</th><th>status</th></tr>"#);
        for g in &r.goals {
            let status = match g.on_track {
                Some(true) => "on track",
                Some(false) => "off track",
                None => "unknown",
            };
            let _ = write!(
                out,
                r#"<tr><td>{}</td><td>{} {} {}</td><td>{}</td><td class="n">{}</td><td class="n">{}</td><td title="{}">{status}</td></tr>"#,
                esc(&g.community),
                esc(&g.metric),
                if g.lower_is_better { "≤" } else { "≥" },
                g.target,
                esc(day(&g.deadline)),
                g.current.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}")),
                g.progress.map_or_else(|| "-".to_owned(), percent),
                esc(&g.note)
            );
        }
        out.push_str("</table></section>");
    }
    let stories: usize = r.value.per_cycle.iter().sum();
    if stories > 0 {
        let _ = write!(
            out,
            r#"<section id="value"><h3>Value stories</h3><p>{} stories up to the analysis (Wenger, Trayner &amp; de Laat's value-creation cycles).</p><table><tr>"#,
            n(stories)
        );
        for cycle in ValueCycle::ALL {
            let _ = write!(out, r#"<th class="n">{}</th>"#, cycle.name());
        }
        out.push_str("</tr><tr>");
        for k in r.value.per_cycle {
            let _ = write!(out, r#"<td class="n">{}</td>"#, n(k));
        }
        out.push_str("</tr></table></section>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc(r#"<a href="x">O'Neil & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"
        );
    }

    #[test]
    fn every_figure_has_a_picture_and_user_text_is_escaped() {
        use crate::cli::{AnalysisArgs, PeriodArg, PolicyArg};
        use crate::input::Loaded;
        let mut csv = String::from("member,time,kind,domain,target\n");
        for month in 1..=9 {
            for day in [3, 10, 17, 24] {
                csv += &format!("<b>ada</b>,2024-{month:02}-{day:02}T10:00:00Z,answer,testing,bob\n");
            }
            csv += &format!("bob,2024-{month:02}-04T10:00:00Z,ask,testing,\n");
            if month > 4 {
                csv += &format!("cy,2024-{month:02}-05T10:00:00Z,review,docs,bob\n");
            }
        }
        csv += "dan,2024-09-20T10:00:00Z,ask,testing,\n"; // a newcomer, for the mentoring figure
        let mut landscape = cop_core::Landscape::new();
        landscape.import_csv(csv.as_bytes(), &cop_core::ImportOptions::default()).unwrap();
        let mut loaded = Loaded { landscape, sources: vec![], pseudonymised: false, bots_excluded: false };
        let args = AnalysisArgs {
            as_of: None,
            window: 90,
            policy: PolicyArg::Spec(cop_core::PolicySpec::default()),
            period: PeriodArg::Month,
            community: None,
        };
        let resolved = crate::report::resolve(&mut loaded, &args).unwrap();
        let health = crate::cli::HealthArgs { health_window: 90 };
        let progress = crate::progress::Progress::new(true);
        let doc = crate::report::report(&loaded, &resolved, &health, true, true, progress).unwrap();
        let html = report(&doc);
        for id in FIGURES {
            let start =
                html.find(&format!(r#"<figure id="{id}">"#)).unwrap_or_else(|| panic!("no figure {id}"));
            let end = start + html[start..].find("</figure>").unwrap();
            let figure = &html[start..end];
            assert!(
                figure.contains("<svg") && figure.contains("<title") && figure.contains("<figcaption>"),
                "{id}"
            );
        }
        assert!(!html.contains("<b>ada</b>") && html.contains("&lt;b&gt;ada&lt;/b&gt;"));
        assert!(!html.contains("<script") && !html.contains("http"), "self-contained");
        let start = html.find(r#"<figure id="mentoring">"#).expect("the mentoring figure");
        let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
        assert!(
            figure.contains("<svg") && figure.contains("<figcaption>") && figure.contains("class=\"pair\"")
        );
        assert!(
            figure.contains("<td>dan</td><td>&lt;b&gt;ada&lt;/b&gt;</td>"),
            "dan learns from ada: {figure}"
        );
        assert!(!html.contains(r#"<section id="maturity" class="later">"#));
        assert!(html.contains(r#"id="maturity-history-title""#), "the stage history strip");

        // Without the history: the figures are still there, with the current values only.
        let doc = crate::report::report(&loaded, &resolved, &health, false, false, progress).unwrap();
        let html = report(&doc);
        assert!(!html.contains(r#"<figure id="mentoring">"#) && html.contains("--no-mentoring"));
        for id in FIGURES {
            assert!(html.contains(&format!(r#"<figure id="{id}">"#)), "{id}");
        }
        assert!(html.contains("--no-history") && !html.contains(r#"id="maturity-history-title""#));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(100.0, 5.0), 20.0);
        assert_eq!(nice_step(7.0, 5.0), 2.0);
        assert_eq!(nice_step(0.0, 5.0), 1.0);
        assert_eq!(nice_step(3.0, 5.0), 1.0);
    }
}
