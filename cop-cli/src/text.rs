//! Text output for the terminal: readable tables, colour only when asked for (see [`Paint`]).

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use cop_core::health::maturity::{Assessment, Stage, StagePoint};
use cop_core::health::{HealthConfig, HealthReport};
use cop_core::matching::{MatchedPair, MentorMatching};
use cop_core::model::value::ValueCycle;
use cop_core::participation::trajectory::TrajectoryKind;
use cop_core::{Level, Period};

use crate::report::{
    ExpertsDoc, MatchDoc, MaturityDoc, MemberDoc, MembersDoc, ReportDoc, level_counts_of, level_label,
    ranked_members, trajectory_counts_of,
};
use crate::rollup::RollupDoc;
use crate::sentences::{
    day, health_rows, indicator_value, people_sentence, percent, period_label, period_noun, period_word,
    ranked_pairs, spaces_sentence, stage_runs, thousands, unmatched_by_reason, unmatched_reason,
};

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    /// Whether to emit escape codes.
    pub enabled: bool,
}

impl Paint {
    /// `text` in the SGR style `code`.
    pub fn wrap(&self, code: &str, text: &str) -> String {
        if self.enabled { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }

    fn heading(&self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }

    fn level(&self, level: Level, text: &str) -> String {
        let code = match level {
            Level::CoreGroup => "1;35",
            Level::Active => "34",
            Level::Occasional => "36",
            Level::Peripheral => "32",
            Level::Transactional => "33",
            Level::Outsider => "2",
        };
        self.wrap(code, text)
    }
}

/// Cuts `text` to `width` columns of a terminal, with an ellipsis when cut (East Asian wide
/// characters take two columns).
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        cut.push(c);
    }
    cut.push('…');
    cut
}

/// Pads `text` to `width` columns on the right.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn bar(value: usize, max: usize, width: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let cells = (value as f64 / max as f64 * width as f64).round() as usize;
    let cells = if value > 0 { cells.max(1) } else { 0 };
    "█".repeat(cells)
}

fn inputs_line(inputs: &[crate::input::Source]) -> String {
    inputs
        .iter()
        .map(|s| match s.kind {
            "demo" => format!("{} (bundled demo)", s.name),
            "git" => format!("git history of {}", s.name),
            "parts" => format!("parts in {}", s.name),
            _ => s.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_width(members: &[&MemberDoc]) -> usize {
    members.iter().map(|m| m.member.width()).max().unwrap_or(6).clamp(6, 36)
}

fn trajectory_name(t: Option<TrajectoryKind>) -> &'static str {
    t.map_or("-", TrajectoryKind::name)
}

fn stage_code(stage: Stage) -> &'static str {
    match stage {
        Stage::Potential => "36",
        Stage::Coalescing => "34",
        Stage::Maturing => "32",
        Stage::Stewardship => "1;35",
        Stage::Transformation => "33",
    }
}

/// `1 month`, `193 months`.
fn count_of(n: usize, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n as u64), if n == 1 { "" } else { "s" })
}

/// The maturity assessment: the settled and the indicated stage, the track, indicators and next
/// steps.
fn maturity_section(out: &mut String, m: &Assessment, paint: Paint) {
    let (settled, indicated) = (&m.settled, &m.indicated);
    let _ = writeln!(out, "  {}", m.summary);
    let held = match &settled.since {
        Some(since) => format!(" · since {}", &since[..10]),
        None => String::new(),
    };
    let steps = m.next_steps.len();
    let _ = writeln!(
        out,
        "  settled     {} · {} · {} of the votes{held} · {steps} next step{}",
        paint.wrap(stage_code(settled.stage), &settled.label),
        settled.tension,
        percent(settled.share),
        if steps == 1 { "" } else { "s" }
    );
    let _ = writeln!(out, "              {}", paint.dim(&settled.rule));
    let _ = writeln!(
        out,
        "  indicated   {} · {} of the votes",
        paint.wrap(stage_code(indicated.stage), &indicated.label),
        percent(indicated.share),
    );
    let track: Vec<String> = Stage::ALL
        .iter()
        .map(|&s| {
            if s == settled.stage {
                paint.wrap(stage_code(s), &format!("[{}]", s.name()))
            } else if s == indicated.stage {
                paint.wrap(stage_code(s), &format!("({} indicated)", s.name()))
            } else {
                paint.dim(s.name())
            }
        })
        .collect();
    let _ = writeln!(out, "  track       {}", track.join(" → "));
    if !m.evidence.is_empty() {
        let _ = writeln!(
            out,
            "\n  {}",
            paint.dim(&format!(
                "{}  {:>7}  {}  {:>6}  rule",
                pad("indicator", 16),
                "value",
                pad("points to", 14),
                "weight"
            ))
        );
        for i in &m.evidence {
            let _ = writeln!(
                out,
                "  {}  {:>7}  {}  {:>6}  {}",
                pad(&i.name, 16),
                indicator_value(&i.name, i.value),
                paint.wrap(stage_code(i.points_to), &pad(i.points_to.name(), 14)),
                format!("{:.1}", i.weight),
                i.rule
            );
        }
    }
    let _ = writeln!(out, "\n  {}", paint.heading("Next steps"));
    if m.next_steps.is_empty() {
        let _ = writeln!(out, "  {}", paint.dim("none: no indicator or health flag calls for action"));
    }
    for (k, step) in m.next_steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}. {} {}: {}",
            k + 1,
            paint.wrap(
                if step.priority == 1 { "1;31" } else { "2" },
                &format!("[priority {}]", step.priority)
            ),
            step.about,
            step.advice
        );
    }
}

/// Each community's own stage and health, beside the landscape's (only when several communities
/// have events).
fn communities_section(out: &mut String, r: &cop_core::report::Report, paint: Paint) {
    if r.communities.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Communities"),
        paint.dim("(each on its own events, beside the landscape)")
    );
    let s = &r.summary;
    let mut rows = vec![CommunityRow::assessed(
        "(the landscape)",
        [s.counts.events, s.acting_members, r.health.active_members],
        &r.maturity,
    )];
    for c in &r.communities {
        rows.push(CommunityRow::assessed(
            &c.community,
            [c.events, c.acting_members, c.health.active_members],
            &c.maturity,
        ));
    }
    communities_table(out, &rows, paint);
}

/// One row of a table of communities.
struct CommunityRow<'a> {
    name: &'a str,
    /// Events, acting members, active members.
    counts: [u64; 3],
    /// The settled stage and its label.
    settled: (Stage, &'a str),
    /// The indicated stage's label and share of the votes.
    indicated: (&'a str, f64),
}

impl<'a> CommunityRow<'a> {
    /// The row of a community with its maturity assessment.
    fn assessed(name: &'a str, counts: [usize; 3], m: &'a Assessment) -> CommunityRow<'a> {
        CommunityRow {
            name,
            counts: counts.map(|n| n as u64),
            settled: (m.settled.stage, &m.settled.label),
            indicated: (&m.indicated.label, m.indicated.share),
        }
    }
}

/// A table of communities: their counts, settled stage (coloured) and indicated stage.
fn communities_table(out: &mut String, rows: &[CommunityRow], paint: Paint) {
    let _ = writeln!(
        out,
        "  {}",
        paint.dim(&format!(
            "{}  {:>7}  {:>6}  {:>6}  {}  indicated",
            pad("community", 20),
            "events",
            "acting",
            "active",
            pad("settled stage", 14)
        ))
    );
    for row in rows {
        let [events, acting, active] = row.counts;
        let _ = writeln!(
            out,
            "  {}  {:>7}  {:>6}  {:>6}  {}  {} ({})",
            pad(&fit(row.name, 20), 20),
            thousands(events),
            thousands(acting),
            thousands(active),
            paint.wrap(stage_code(row.settled.0), &pad(row.settled.1, 14)),
            row.indicated.0,
            percent(row.indicated.1)
        );
    }
}

/// The stage history as runs of the same stage, most recent last (at most `max` runs).
fn stage_history_section(out: &mut String, history: &[StagePoint], period: Period, max: usize, paint: Paint) {
    let runs = stage_runs(history);
    let noun = period_noun(period);
    let mut per_stage = [0usize; 5];
    for p in history {
        per_stage[p.settled as usize] += 1;
    }
    let totals: Vec<String> = Stage::ALL
        .iter()
        .zip(per_stage)
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {n}", s.name()))
        .collect();
    let _ = writeln!(
        out,
        "  {}",
        paint.dim(&format!(
            "{noun}s per stage: {} · {} run{}",
            totals.join(" · "),
            runs.len(),
            if runs.len() == 1 { "" } else { "s" }
        ))
    );
    if runs.len() > max {
        let _ = writeln!(out, "  {}", paint.dim(&format!("… {} earlier runs", runs.len() - max)));
    }
    for (stage, first, last, points) in runs.iter().skip(runs.len().saturating_sub(max)) {
        let span = if points == &1 {
            format!("{:>9}   {:9}", period_label(&first.date, period), "")
        } else {
            format!("{:>9} → {:9}", period_label(&first.date, period), period_label(&last.date, period))
        };
        let _ = writeln!(
            out,
            "  {span}  {}  {points} {noun}{}",
            paint.wrap(stage_code(*stage), &pad(stage.name(), 14)),
            if *points == 1 { "" } else { "s" }
        );
    }
}

/// The key health metrics, in the words both reports use.
fn health_section(out: &mut String, h: &HealthReport, config: &HealthConfig, paint: Paint) {
    for row in health_rows(h, config) {
        let flag = row.flag.map_or_else(String::new, |f| format!(" · {}", paint.wrap("1;31", &f)));
        let _ = writeln!(out, "  {}  {}{flag}", pad(row.label, 16), row.text);
        for note in &row.notes {
            let _ = writeln!(out, "  {}  {}", pad("", 16), paint.wrap("33", note));
        }
    }
}

/// The whole report as text.
pub fn report(doc: &ReportDoc, top: usize, paint: Paint) -> String {
    let mut out = String::new();
    header_section(&mut out, doc, paint);
    summary_section(&mut out, doc, paint);
    report_maturity_section(&mut out, doc, paint);
    report_health_section(&mut out, doc, paint);
    goals_section(&mut out, doc, paint);
    value_section(&mut out, doc, paint);
    levels_section(&mut out, doc, paint);
    top_members_section(&mut out, doc, paint, top);
    trajectories_section(&mut out, doc, paint);
    flows_section(&mut out, doc, paint);
    structure_section(&mut out, doc, paint);
    gravity_section(&mut out, doc, paint);
    mentoring_section(&mut out, doc, paint);
    trim_lines(&out)
}

/// The title line: the inputs and how the analysis was done.
fn header_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let o = &doc.cli.options;
    let _ = writeln!(out, "{} · {}", paint.heading("cop report"), inputs_line(&doc.cli.inputs));
    let community = o.community.as_deref().map(|c| format!(" · community {c}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "as of {} · window {} days · health window {} days · policy {} · {} timeline{community}",
            r.as_of,
            o.window_days,
            o.health_window_days,
            o.policy,
            period_word(o.period)
        ))
    );
}

/// Size, span and what happens.
fn summary_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let o = &doc.cli.options;
    let s = &doc.report.summary;
    let timeline = &doc.report.participation.timeline;
    let _ = writeln!(out, "\n{}", paint.heading("Summary"));
    let _ = writeln!(
        out,
        "  members   {} ({} acting)",
        thousands(s.counts.members as u64),
        thousands(s.acting_members as u64)
    );
    if let Some(people) = people_sentence(&r.people) {
        let _ = writeln!(out, "  people    {people}");
    }
    if let Some(spaces) = spaces_sentence(&r.spaces) {
        let _ = writeln!(out, "  spaces    {spaces}");
    }
    let kinds: Vec<String> =
        s.events_per_kind.iter().map(|t| format!("{} {}", t.name, thousands(t.events))).collect();
    let _ = writeln!(out, "  events    {}: {}", thousands(s.counts.events as u64), kinds.join(" · "));
    if let (Some(first), Some(last)) = (&s.first_event, &s.last_event) {
        let periods = timeline.dates.len();
        let plural = if periods == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "  span      {} → {} ({periods} {}{plural} up to the analysis)",
            day(first),
            day(last),
            period_noun(o.period)
        );
    }
    let domains: Vec<String> =
        s.busiest_domains.iter().take(5).map(|t| format!("{} {}", t.name, thousands(t.events))).collect();
    let _ =
        writeln!(out, "  domains   {}; busiest: {}", thousands(s.counts.domains as u64), domains.join(" · "));
}

/// The stage, its history (the last runs) and each community's own stage.
fn report_maturity_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let o = &doc.cli.options;
    let timeline = &doc.report.participation.timeline;
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Maturity"),
        paint.dim(&format!("(indicators over the last {} days)", o.health_window_days))
    );
    maturity_section(out, &r.maturity, paint);
    if !r.stage_history.is_empty() {
        let _ = writeln!(
            out,
            "\n  {} {}",
            paint.heading("Stage history"),
            paint.dim(&format!(
                "(runs of the same stage over {}{})",
                count_of(r.stage_history.len(), period_noun(o.period)),
                if timeline.last_partial { ", the last one partial" } else { "" }
            ))
        );
        stage_history_section(out, &r.stage_history, o.period, 12, paint);
    }
    communities_section(out, r, paint);
}

/// The key health metrics over the health window.
fn report_health_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Health"),
        paint.dim(&format!("(last {} days)", r.health.window_days))
    );
    health_section(out, &r.health, &doc.options.maturity.health, paint);
}

/// Progress toward the charter goals, when there are any.
fn goals_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    if !r.goals.is_empty() {
        let _ = writeln!(out, "\n{}", paint.heading("Charter goals"));
        for g in &r.goals {
            let progress = g.progress.map_or_else(|| "-".to_owned(), percent);
            let status = match g.on_track {
                Some(true) => paint.wrap("32", "on track"),
                Some(false) => paint.wrap("1;31", "off track"),
                None => paint.dim("unknown"),
            };
            let _ = writeln!(
                out,
                "  {} {} {} {} by {} · {progress} · {status} · {}",
                g.community,
                g.metric,
                if g.lower_is_better { "≤" } else { "≥" },
                g.target,
                day(&g.deadline),
                g.note
            );
        }
    }
}

/// Value stories per cycle, when there are any.
fn value_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let stories: usize = r.value.per_cycle.iter().sum();
    if stories > 0 {
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.heading("Value stories"),
            paint.dim(&format!("({stories} up to the analysis)"))
        );
        let cycles: Vec<String> = ValueCycle::ALL
            .iter()
            .zip(r.value.per_cycle)
            .map(|(c, n)| format!("{} {}", c.name(), thousands(n as u64)))
            .collect();
        let _ = writeln!(out, "  per cycle   {}", cycles.join(" · "));
        if let Some(last) = r.value.per_period.last() {
            let _ = writeln!(
                out,
                "  periods     {} with stories; the latest from {} ({} stories)",
                r.value.per_period.len(),
                day(&last.period),
                last.per_cycle.iter().sum::<usize>()
            );
        }
    }
}

/// Members per level, with their share of the participants.
fn levels_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let o = &doc.cli.options;
    let counts = level_counts_of(r);
    let participants: usize = counts[..5].iter().sum();
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Participation levels"),
        paint.dim(&format!("(as of {}, last {} days)", day(&r.as_of), o.window_days))
    );
    let _ =
        writeln!(out, "  {}", paint.dim(&format!("{} {:>7}  {:>7}", pad("level", 13), "members", "share")));
    let max = counts[..5].iter().copied().max().unwrap_or(0);
    for level in Level::ALL {
        let members = counts[level.index()];
        let (share, bar) = if level == Level::Outsider || participants == 0 {
            ("-".to_owned(), String::new())
        } else {
            (format!("{:.1} %", members as f64 / participants as f64 * 100.0), bar(members, max, 30))
        };
        let _ = writeln!(
            out,
            "  {} {:>7}  {share:>7}  {}",
            paint.level(level, &pad(level_label(level), 13)),
            thousands(members as u64),
            paint.level(level, &bar)
        );
    }
    let _ = writeln!(out, "  {} {:>7}", pad("participants", 13), thousands(participants as u64));
}

/// The `top` members by score.
fn top_members_section(out: &mut String, doc: &ReportDoc, paint: Paint, top: usize) {
    let r = &doc.report;
    let ranked = ranked_members(r);
    let shown: Vec<_> = ranked.iter().filter(|m| m.level != Level::Outsider).take(top).collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "\n{}", paint.heading("Top members"));
        let w = shown.iter().map(|m| m.member.width()).max().unwrap_or(6).clamp(6, 36);
        let _ = writeln!(
            out,
            "  {}",
            paint.dim(&format!(
                "{:>3}  {}  {}  {:>8}  {:>6}  trajectory",
                "#",
                pad("member", w),
                pad("level", 13),
                "score",
                "events"
            ))
        );
        for (i, m) in shown.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {:>3}  {}  {}  {:>8.1}  {:>6}  {}",
                i + 1,
                pad(&fit(&m.member, w), w),
                paint.level(m.level, &pad(level_label(m.level), 13)),
                m.score,
                thousands(m.evidence.score.events),
                m.trajectory.name()
            );
        }
    }
}

/// Members per trajectory.
fn trajectories_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let _ = writeln!(out, "\n{}", paint.heading("Trajectories"));
    let trajectories = trajectory_counts_of(r);
    let max = trajectories.iter().filter(|t| t.0 != TrajectoryKind::Inactive).map(|t| t.1).max().unwrap_or(0);
    for (t, members) in &trajectories {
        let bar = if *t == TrajectoryKind::Inactive { String::new() } else { bar(*members, max, 30) };
        let _ = writeln!(out, "  {} {:>7}  {bar}", pad(t.name(), 13), thousands(*members as u64));
    }
}

/// The flows into the last complete period; a partial last period is named, not drawn.
fn flows_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let timeline = &doc.report.participation.timeline;
    let n = timeline.dates.len();
    let into = if timeline.last_partial && n >= 3 { n - 2 } else { n.saturating_sub(1) };
    if let (Some(t), Some(from), Some(to)) = (
        into.checked_sub(1).and_then(|p| timeline.transitions.get(p)),
        into.checked_sub(1).map(|p| &timeline.dates[p]),
        timeline.dates.get(into),
    ) {
        let partial = if !timeline.last_partial {
            String::new()
        } else if into + 1 == n {
            ", partial period".to_owned()
        } else {
            format!(", the last complete period; the period to {} is partial", day(&timeline.dates[n - 1]))
        };
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.heading("Flows"),
            paint.dim(&format!("({} → {}{partial})", day(from), day(to)))
        );
        let _ = writeln!(
            out,
            "  promoted {} · demoted {} · held {} · joined {} · left {} · turnover {:.1} %",
            thousands(t.promoted),
            thousands(t.demoted),
            thousands(t.held),
            thousands(t.joined),
            thousands(t.left),
            t.turnover * 100.0
        );
    }
}

/// Who holds the community together.
fn structure_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    let st = &r.structure;
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Structure of the interaction"),
        paint.dim(&format!("(last {} days)", st.window_days))
    );
    let _ = writeln!(
        out,
        "  {} connected members · {} ties · core/periphery fit {:.2}",
        thousands(st.connected_members as u64),
        thousands(st.ties as u64),
        st.core_periphery_fit
    );
    let list = |keys: &[String]| {
        let mut shown: Vec<String> = keys.iter().take(8).map(|k| fit(k, 36)).collect();
        if keys.len() > 8 {
            shown.push(format!("… {} more", thousands((keys.len() - 8) as u64)));
        }
        if shown.is_empty() { "-".to_owned() } else { shown.join(", ") }
    };
    let _ = writeln!(out, "  core      {}", list(&st.core));
    let _ = writeln!(out, "  brokers   {}", list(&st.brokers));
}

/// Participants and gravity over the last periods.
fn gravity_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let timeline = &doc.report.participation.timeline;
    let periods = timeline.dates.len();
    let recent = periods.min(6);
    if recent > 1 {
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.heading("Gravity"),
            paint.dim(&format!("(last {recent} periods; > 0: commitment grows)"))
        );
        let _ = writeln!(out, "  {}", paint.dim("period end   participants   gravity"));
        for p in periods - recent..periods {
            let gravity = p
                .checked_sub(1)
                .and_then(|j| timeline.gravity.get(j))
                .map_or_else(|| "-".to_owned(), |g| format!("{g:+.2}"));
            let participants: usize = timeline.counts[p][..5].iter().sum();
            let partial = if timeline.last_partial && p + 1 == periods { "  (partial period)" } else { "" };
            let _ = writeln!(
                out,
                "  {}   {:>12}   {:>7}{partial}",
                day(&timeline.dates[p]),
                thousands(participants as u64),
                gravity
            );
        }
    }
}

/// The best mentor suggestions, or why there are none.
fn mentoring_section(out: &mut String, doc: &ReportDoc, paint: Paint) {
    let r = &doc.report;
    match &r.mentoring {
        Some(m) => {
            let _ = writeln!(
                out,
                "\n{} {}",
                paint.heading("Mentor suggestions"),
                paint.dim(&format!(
                    "({} assignment; {} mentees, {} mentors; cop match for more)",
                    m.mode.name(),
                    thousands(m.mentees as u64),
                    thousands(m.mentors as u64)
                ))
            );
            pairs_table(out, m, 15, paint);
            unmatched_counts(out, m);
        }
        None => {
            let _ = writeln!(out, "\n{}", paint.dim("Mentor suggestions skipped (--no-mentoring)."));
        }
    }
}

/// The reasons that explain a pair best: what was required, the topic, the competence gap, a
/// preference and the tie (capacity and availability are left to the JSON), at most three.
pub fn main_reasons(pair: &MatchedPair) -> Vec<&str> {
    let main: Vec<&str> = pair
        .reasons
        .iter()
        .map(String::as_str)
        .filter(|r| !r.starts_with("capacity ") && !r.starts_with("availability "))
        .take(3)
        .collect();
    if main.is_empty() { pair.reasons.iter().map(String::as_str).take(3).collect() } else { main }
}

/// The table of pairs (at most `limit`, best first), each with its main reasons.
fn pairs_table(out: &mut String, m: &MentorMatching, limit: usize, paint: Paint) {
    let pairs = ranked_pairs(m);
    if pairs.is_empty() {
        let _ = writeln!(
            out,
            "  no pair: {}",
            if m.mentees == 0 {
                "there is no mentee (newcomers, inbound or peripheral members, or --mentees)"
            } else if m.mentors == 0 {
                "there is no mentor (competent core or active members, or --mentors)"
            } else {
                "no mentor fits a mentee (see the unmatched mentees)"
            }
        );
        return;
    }
    let shown = &pairs[..pairs.len().min(limit)];
    let w1 = shown.iter().map(|p| p.mentee.width()).max().unwrap_or(6).clamp(6, 28);
    let w2 = shown.iter().map(|p| p.mentor.width()).max().unwrap_or(6).clamp(6, 28);
    let wd = shown.iter().map(|p| p.domain.as_deref().unwrap_or("-").width()).max().unwrap_or(6).clamp(6, 24);
    let _ = writeln!(
        out,
        "  {}",
        paint.dim(&format!(
            "{:>3}  {}  {}  {:>5}  {}  main reasons",
            "#",
            pad("mentee", w1),
            pad("mentor", w2),
            "score",
            pad("domain", wd)
        ))
    );
    let indent = " ".repeat(2 + 3 + 2 + w1 + 2 + w2 + 2 + 5 + 2 + wd + 2);
    for (i, p) in shown.iter().enumerate() {
        let reasons = main_reasons(p);
        let _ = writeln!(
            out,
            "  {:>3}  {}  {}  {:>5.2}  {}  {}",
            i + 1,
            pad(&fit(&p.mentee, w1), w1),
            pad(&fit(&p.mentor, w2), w2),
            p.score,
            pad(&fit(p.domain.as_deref().unwrap_or("-"), wd), wd),
            reasons.first().copied().unwrap_or("-")
        );
        for reason in reasons.iter().skip(1) {
            let _ = writeln!(out, "{indent}{}", paint.dim(reason));
        }
    }
    if pairs.len() > shown.len() {
        let _ = writeln!(
            out,
            "  {}",
            paint.dim(&format!("… {} more pairs", thousands((pairs.len() - shown.len()) as u64)))
        );
    }
}

/// One line: the unmatched mentees counted by reason.
fn unmatched_counts(out: &mut String, m: &MentorMatching) {
    let counts = unmatched_by_reason(m);
    if counts.is_empty() {
        if !m.pairs.is_empty() {
            let _ = writeln!(out, "  every mentee has a mentor");
        }
        return;
    }
    let parts: Vec<String> =
        counts.iter().map(|(r, n)| format!("{} {}", unmatched_reason(*r), thousands(*n as u64))).collect();
    let _ = writeln!(out, "  unmatched {}: {}", thousands(m.unmatched.len() as u64), parts.join(" · "));
}

/// `cop match` as text: the pairs with their main reasons, then the unmatched mentees.
pub fn matching(doc: &MatchDoc, paint: Paint) -> String {
    let mut out = String::new();
    let m = &doc.matching;
    let o = &doc.cli.options;
    let _ = writeln!(out, "{} · {}", paint.heading("cop match"), inputs_line(&doc.cli.inputs));
    let community = o.community.as_deref().map(|c| format!(" · community {c}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "as of {} · {} assignment · {} mentees, {} mentors, {} candidate pairs · levels over {} days, policy {}{community}",
            m.as_of,
            m.mode.name(),
            thousands(m.mentees as u64),
            thousands(m.mentors as u64),
            thousands(m.candidates as u64),
            o.window_days,
            o.policy
        ))
    );
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Suggested pairs"),
        paint.dim(&format!(
            "({}, total score {:.2}; scores 0..1, best first)",
            count_of(m.pairs.len(), "pair"),
            m.total_score + 0.0 // never `-0.00`
        ))
    );
    pairs_table(&mut out, m, usize::MAX, paint);
    if !m.unmatched.is_empty() {
        let _ = writeln!(out, "\n{}", paint.heading("Unmatched mentees"));
        unmatched_counts(&mut out, m);
        let w = m.unmatched.iter().map(|u| u.mentee.width()).max().unwrap_or(6).clamp(6, 28);
        const LIMIT: usize = 50;
        for u in m.unmatched.iter().take(LIMIT) {
            let _ = writeln!(
                out,
                "  {}  {}: {}",
                pad(&fit(&u.mentee, w), w),
                unmatched_reason(u.reason),
                u.detail
            );
        }
        if m.unmatched.len() > LIMIT {
            let _ = writeln!(
                out,
                "  {}",
                paint.dim(&format!(
                    "… {} more (--format json lists them all)",
                    thousands((m.unmatched.len() - LIMIT) as u64)
                ))
            );
        }
    }
    trim_lines(&out)
}

/// `cop match --experts DOMAIN` as text.
pub fn experts(doc: &ExpertsDoc, paint: Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} · {}", paint.heading("cop match --experts"), inputs_line(&doc.cli.inputs));
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "as of {} · who can help with `{}` (and its sub-domains) · scores 0..1, best first",
            doc.as_of, doc.domain
        ))
    );
    out.push('\n');
    if doc.experts.is_empty() {
        let _ = writeln!(out, "  nobody has shown competence in `{}` in the last two years", doc.domain);
        return trim_lines(&out);
    }
    let w = doc.experts.iter().map(|e| e.member.width()).max().unwrap_or(6).clamp(6, 32);
    let _ = writeln!(
        out,
        "  {}",
        paint.dim(&format!(
            "{:>3}  {}  {:>5}  {}  reasons",
            "#",
            pad("member", w),
            "score",
            pad("competence", 17)
        ))
    );
    let indent = " ".repeat(2 + 3 + 2 + w + 2 + 5 + 2 + 17 + 2);
    for (i, e) in doc.experts.iter().enumerate() {
        let competence = format!("{}{}", e.competence.name(), if e.competence_declared { "" } else { "*" });
        let _ = writeln!(
            out,
            "  {:>3}  {}  {:>5.2}  {}  {}",
            i + 1,
            pad(&fit(&e.member, w), w),
            e.score,
            pad(&competence, 17),
            e.reasons.first().map_or("-", String::as_str)
        );
        for reason in e.reasons.iter().skip(1) {
            let _ = writeln!(out, "{indent}{}", paint.dim(reason));
        }
    }
    let _ = writeln!(out, "\n  {}", paint.dim("* competence estimated from events (not declared)"));
    trim_lines(&out)
}

/// `cop maturity` as text.
pub fn maturity(doc: &MaturityDoc, paint: Paint) -> String {
    let mut out = String::new();
    let o = &doc.cli.options;
    let _ = writeln!(out, "{} · {}", paint.heading("cop maturity"), inputs_line(&doc.cli.inputs));
    let community = o.community.as_deref().map(|c| format!(" · community {c}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "as of {} · indicators over the last {} days · levels over {} days · policy {} · {} periods{community}",
            doc.maturity.as_of,
            o.health_window_days,
            o.window_days,
            o.policy,
            period_word(o.period)
        ))
    );
    out.push('\n');
    maturity_section(&mut out, &doc.maturity, paint);
    if o.history {
        let _ = writeln!(
            out,
            "\n  {} {}",
            paint.heading("Stage history"),
            paint.dim(&format!(
                "(runs of the same stage over {}{})",
                count_of(doc.stage_history.len(), period_noun(o.period)),
                if last_is_partial(&doc.stage_history, o.period) { ", the last one partial" } else { "" }
            ))
        );
        stage_history_section(&mut out, &doc.stage_history, o.period, usize::MAX, paint);
    } else {
        let _ = writeln!(out, "\n{}", paint.dim("(--history adds the stage at the end of every period)"));
    }
    trim_lines(&out)
}

/// `cop rollup`: the totals across the communities, the stage across them, each community, and
/// the brokers (at most `top`, the boundary members first, then by events).
pub fn rollup(doc: &RollupDoc, top: usize, paint: Paint) -> String {
    let mut out = String::new();
    let r = &doc.rollup;
    let _ = writeln!(out, "{} · {}", paint.heading("cop rollup"), inputs_line(&doc.cli.inputs));
    let how = match &doc.cli.options {
        Some(o) => format!(
            "each community on its own events · indicators over the last {} days · levels over {} days · policy {}",
            o.health_window_days, o.window_days, o.policy
        ),
        None => "merged from parts computed apart".to_owned(),
    };
    let _ = writeln!(out, "{}", paint.dim(&format!("as of {} · {how}", r.as_of)));
    let _ = writeln!(out, "\n{}", paint.heading("Across the communities"));
    let _ = writeln!(
        out,
        "  {} · {} events · {} acting (each counted once), {} of them above outsider somewhere",
        if r.communities == 1 {
            "1 community".to_owned()
        } else {
            format!("{} communities", thousands(r.communities as u64))
        },
        thousands(r.events),
        count_of(r.acting_members, "member"),
        thousands(r.participating_members as u64)
    );
    let _ = writeln!(
        out,
        "  stage across them: {} — {}",
        paint.wrap(stage_code(r.stage), r.stage.name()),
        r.stage_rule
    );
    rollup_communities(&mut out, doc, paint);
    brokers_section(&mut out, doc, top, paint);
    trim_lines(&out)
}

/// Each community of a rollup: its totals and stages.
fn rollup_communities(out: &mut String, doc: &RollupDoc, paint: Paint) {
    let _ = writeln!(out, "\n{}", paint.heading("Communities"));
    let rows: Vec<CommunityRow> = doc
        .summary
        .iter()
        .map(|c| CommunityRow {
            name: &c.community,
            counts: [c.events, c.acting_members as u64, c.active_members],
            settled: (c.settled, c.settled.name()),
            indicated: (c.indicated.name(), c.indicated_share),
        })
        .collect();
    communities_table(out, &rows, paint);
}

/// The members acting in several communities: boundary members first, then by events.
fn brokers_section(out: &mut String, doc: &RollupDoc, top: usize, paint: Paint) {
    let r = &doc.rollup;
    let threshold = doc.cli.boundary_communities;
    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Brokers"),
        paint.dim(&format!(
            "({} acting in two communities or more; {} of them boundary members, above outsider in {} or more)",
            count_of(r.brokers.len(), "member"),
            thousands(r.boundary_members as u64),
            threshold
        ))
    );
    if r.brokers.is_empty() {
        let _ = writeln!(out, "  no member acts in more than one community");
        return;
    }
    let mut brokers: Vec<_> = r.brokers.iter().collect();
    brokers.sort_by(|a, b| {
        b.boundary.cmp(&a.boundary).then(b.events.cmp(&a.events)).then(a.member.cmp(&b.member))
    });
    let width = brokers.iter().take(top).map(|b| b.member.width()).max().unwrap_or(6).clamp(6, 36);
    let _ = writeln!(
        out,
        "  {}",
        paint.dim(&format!(
            "{}  {:>7}  {}  communities (level in each)",
            pad("member", width),
            "events",
            pad("", 8)
        ))
    );
    for b in brokers.iter().take(top) {
        let places: Vec<String> = b
            .communities
            .iter()
            .zip(&b.levels)
            .map(|(c, &l)| format!("{c} ({})", paint.level(l, level_label(l))))
            .collect();
        let _ = writeln!(
            out,
            "  {}  {:>7}  {}  {}",
            pad(&fit(&b.member, width), width),
            thousands(b.events),
            pad(if b.boundary { "boundary" } else { "" }, 8),
            places.join(", ")
        );
    }
    if brokers.len() > top {
        let _ = writeln!(
            out,
            "  {}",
            paint.dim(&format!("… and {} more (--top N lists more)", brokers.len() - top))
        );
    }
}

/// Whether the last point of a stage history is as of a date before its period's end.
fn last_is_partial(history: &[cop_core::health::maturity::StagePoint], period: Period) -> bool {
    history
        .last()
        .and_then(|p| cop_core::model::time::parse_time(&p.date).ok())
        .is_some_and(|t| t < period.end(period.index(t)))
}

/// The text without spaces at the ends of its lines.
fn trim_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `cop levels` / `cop trajectories` as a table.
pub fn members(doc: &MembersDoc, paint: Paint) -> String {
    let mut out = String::new();
    let o = &doc.options;
    let what = if doc.trajectories.is_some() { "cop trajectories" } else { "cop levels" };
    let _ = writeln!(out, "{} · {}", paint.heading(what), inputs_line(&doc.inputs));
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!("as of {} · window {} days · policy {}", o.as_of, o.window_days, o.policy))
    );
    let counts: Vec<String> = doc
        .levels
        .iter()
        .map(|l| paint.level(l.level, &format!("{} {}", level_label(l.level), thousands(l.members as u64))))
        .collect();
    let _ = writeln!(out, "{}", counts.join(" · "));
    if let Some(trajectories) = &doc.trajectories {
        let counts: Vec<String> = trajectories
            .iter()
            .map(|t| format!("{} {}", t.trajectory.name(), thousands(t.members as u64)))
            .collect();
        let _ = writeln!(out, "{}", counts.join(" · "));
    }
    out.push('\n');
    let rows: Vec<&MemberDoc> = doc.members.iter().collect();
    let w = key_width(&rows);
    if doc.trajectories.is_some() {
        let _ = writeln!(
            out,
            "{}",
            paint.dim(&format!(
                "{}  {}  {}  {:>6}  why",
                pad("member", w),
                pad("trajectory", 10),
                pad("level", 13),
                "slope"
            ))
        );
        for m in rows {
            let _ = writeln!(
                out,
                "{}  {}  {}  {:>+6.2}  {}",
                pad(&fit(&m.member, w), w),
                pad(trajectory_name(m.trajectory), 10),
                paint.level(m.level, &pad(level_label(m.level), 13)),
                m.slope.unwrap_or(0.0),
                m.trajectory_rule.as_deref().unwrap_or("")
            );
        }
    } else {
        let _ = writeln!(
            out,
            "{}",
            paint.dim(&format!(
                "{}  {}  {:>8}  {:>5}  {:>6}  {:>5}  why",
                pad("member", w),
                pad("level", 13),
                "score",
                "rank",
                "events",
                "days"
            ))
        );
        for m in rows {
            let rank = m.rank.map_or_else(|| "-".to_owned(), |r| r.to_string());
            let _ = writeln!(
                out,
                "{}  {}  {:>8.2}  {:>5}  {:>6}  {:>5}  {}",
                pad(&fit(&m.member, w), w),
                paint.level(m.level, &pad(level_label(m.level), 13)),
                m.score,
                rank,
                thousands(m.events),
                m.active_days,
                m.rule
            );
        }
    }
    if doc.members.is_empty() {
        let _ = writeln!(out, "{}", paint.dim("(no member to list: --all lists everyone)"));
    }
    trim_lines(&out)
}

fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `cop levels` / `cop trajectories` as CSV, one row per member.
pub fn members_csv(doc: &MembersDoc) -> String {
    let mut out = String::from(
        "member,level,score,rank,events,active_days,domains,people,received,last_event,rule,trajectory,slope,trajectory_rule\n",
    );
    for m in &doc.members {
        let fields = [
            csv_cell(&m.member),
            m.level.name().to_owned(),
            m.score.to_string(),
            m.rank.map(|r| r.to_string()).unwrap_or_default(),
            m.events.to_string(),
            m.active_days.to_string(),
            m.domains.to_string(),
            m.people.to_string(),
            m.received.to_string(),
            m.last_event.clone().unwrap_or_default(),
            csv_cell(&m.rule),
            m.trajectory.map(|t| t.name().to_owned()).unwrap_or_default(),
            m.slope.map(|s| s.to_string()).unwrap_or_default(),
            csv_cell(m.trajectory_rule.as_deref().unwrap_or("")),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(pad("ada", 5), "ada  ");
        assert_eq!(pad("我就像", 8), "我就像  ");
        assert_eq!(fit("我就像屎的倒影", 7), "我就像…");
        assert_eq!(fit("我就像屎的倒影", 7).width(), 7);
        assert_eq!(fit("Alex Crichton <alex@example.com>", 10), "Alex Cric…");
        assert_eq!(fit("short", 10), "short");
    }

    #[test]
    fn charter_goals_value_stories_and_the_stage_history_are_reported() {
        use crate::cli::{AnalysisArgs, HealthArgs, PeriodArg, PolicyArg};
        use crate::input::Loaded;
        use cop_core::model::value::ValueStory;
        let mut csv = String::from("member,time,kind,domain,target\n");
        for month in 1..=12 {
            for (who, day) in [("ada", 3), ("bob", 4), ("cy", 5), ("dee", 6), ("eve", 7), ("fay", 8)] {
                csv += &format!("{who},2024-{month:02}-{day:02}T10:00:00Z,answer,testing,ada\n");
            }
            csv += &format!("gus,2024-{month:02}-09T10:00:00Z,ask,testing,\n");
        }
        let mut landscape = cop_core::Landscape::new();
        landscape.import_csv(csv.as_bytes(), &cop_core::ImportOptions::default()).unwrap();
        let charter: cop_core::Charter = serde_json::from_str(
            r#"{"purpose": "testing", "audience": "us", "goals": [
                {"metric": "active_members", "target": 5, "deadline": "2025-06-30T00:00:00Z"},
                {"metric": "unanswered_share", "target": 0.1, "deadline": "2025-06-30T00:00:00Z"}]}"#,
        )
        .unwrap();
        let mut community = cop_core::Community::named("Testers");
        community.charter = Some(charter);
        landscape.add_community("testers", community).unwrap();
        let ada = landscape.member_id("ada").unwrap();
        let date = cop_core::model::time::parse_time("2024-06-01T00:00:00Z").unwrap();
        for cycle in [ValueCycle::Immediate, ValueCycle::Applied] {
            let story = ValueStory {
                cycle,
                date,
                text: "fixed the flaky tests".into(),
                members: vec![ada],
                artifacts: vec![],
                events: vec![],
            };
            landscape.add_value_story(story).unwrap();
        }
        let mut loaded = Loaded { landscape, sources: vec![], pseudonymised: false, bots_excluded: false };
        let args = AnalysisArgs {
            as_of: None,
            window: 90,
            policy: PolicyArg::Spec(cop_core::PolicySpec::default()),
            period: PeriodArg::Month,
            community: None,
        };
        let resolved = crate::report::resolve(&mut loaded, &args).unwrap();
        let health = HealthArgs { health_window: 60 };
        let progress = crate::progress::Progress::new(true);
        let doc = crate::report::report(&loaded, &resolved, &health, true, true, progress).unwrap();
        assert_eq!(doc.report.goals.len(), 2);
        let text = report(&doc, 5, Paint { enabled: false });
        for part in [
            "Charter goals",
            "testers active_members ≥ 5 by 2025-06-30",
            "testers unanswered_share ≤ 0.1",
            "Value stories",
            "immediate 1 · potential 0 · applied 1",
            "Stage history",
            "months per stage",
            "health window 60 days",
            "Health (last 60 days)",
            "Mentor suggestions",
        ] {
            assert!(text.contains(part), "no {part} in\n{text}");
        }
        let html = crate::html::report(&doc);
        assert!(html.contains(r#"<section id="goals">"#) && html.contains(r#"<section id="value">"#));
    }

    #[test]
    fn stage_runs_and_labels() {
        let point = |date: &str, stage| StagePoint {
            date: date.into(),
            settled: stage,
            indicated: stage,
            indicated_share: 1.0,
            ceiling: Stage::Stewardship,
            active_members: 9,
        };
        let history = [
            point("2024-01-31T23:59:59Z", Stage::Potential),
            point("2024-02-29T23:59:59Z", Stage::Potential),
            point("2024-03-31T23:59:59Z", Stage::Coalescing),
        ];
        let runs = stage_runs(&history);
        assert_eq!(runs.len(), 2);
        assert_eq!(
            (runs[0].0, runs[0].3, runs[0].2.date.as_str()),
            (Stage::Potential, 2, "2024-02-29T23:59:59Z")
        );
        assert_eq!(period_label("2024-05-31T23:59:59Z", Period::Quarter), "2024-Q2");
        assert_eq!(period_label("2024-05-31T23:59:59Z", Period::Month), "2024-05");
        assert_eq!(period_label("2024-05-31T23:59:59Z", Period::Week), "2024-05-31");
        assert_eq!(indicator_value("retention", 0.5), "50 %");
        assert_eq!(indicator_value("growth", 99.0), "new");
        assert_eq!(indicator_value("size", 1234.0), "1,234");
    }

    #[test]
    fn numbers_and_cells() {
        assert_eq!(thousands(0u64), "0");
        assert_eq!(thousands(999u64), "999");
        assert_eq!(thousands(5549u64), "5,549");
        assert_eq!(thousands(2_000_000u64), "2,000,000");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(bar(1, 100, 30), "█");
        assert_eq!(bar(0, 100, 30), "");
    }
}
