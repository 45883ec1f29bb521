//! Text output for the terminal: readable tables, colour only when asked for (see [`Paint`]).

use std::fmt::Write as _;

use cop_core::Level;
use cop_core::trajectory::TrajectoryKind;

use crate::report::{MemberDoc, MembersDoc, ReportDoc, level_label};

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug)]
pub struct Paint {
    /// Whether to emit escape codes.
    pub enabled: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
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

/// `5549` → `5,549`.
pub fn thousands(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cuts `text` to `width` characters, with an ellipsis when cut.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Pads `text` to `width` characters on the right.
fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

fn bar(value: usize, max: usize, width: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let cells = (value as f64 / max as f64 * width as f64).round() as usize;
    let cells = if value > 0 { cells.max(1) } else { 0 };
    "█".repeat(cells)
}

fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

fn inputs_line(inputs: &[crate::input::Source]) -> String {
    inputs
        .iter()
        .map(|s| match s.kind {
            "demo" => format!("{} (bundled demo)", s.name),
            "git" => format!("git history of {}", s.name),
            _ => s.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn period_word(doc_period: cop_core::Period) -> &'static str {
    match doc_period {
        cop_core::Period::Day => "daily",
        cop_core::Period::Week => "weekly",
        cop_core::Period::Month => "monthly",
        cop_core::Period::Quarter => "quarterly",
    }
}

fn key_width(members: &[&MemberDoc]) -> usize {
    members.iter().map(|m| m.member.chars().count()).max().unwrap_or(6).clamp(6, 36)
}

fn trajectory_name(t: Option<TrajectoryKind>) -> &'static str {
    t.map_or("-", TrajectoryKind::name)
}

/// The whole report as text.
pub fn report(doc: &ReportDoc, top: usize, paint: Paint) -> String {
    let mut out = String::new();
    let o = &doc.options;
    let s = &doc.summary;
    let _ = writeln!(out, "{} · {}", paint.heading("cop report"), inputs_line(&doc.inputs));
    let community = o.community.as_deref().map(|c| format!(" · community {c}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "as of {} · window {} days · policy {} · {} timeline{community}",
            o.as_of,
            o.window_days,
            o.policy,
            period_word(o.period)
        ))
    );

    let _ = writeln!(out, "\n{}", paint.heading("Summary"));
    let _ = writeln!(
        out,
        "  members   {} ({} acting)",
        thousands(s.members as u64),
        thousands(s.acting_members as u64)
    );
    let kinds: Vec<String> =
        s.events_per_kind.iter().map(|t| format!("{} {}", t.name, thousands(t.events))).collect();
    let _ = writeln!(out, "  events    {}: {}", thousands(s.events as u64), kinds.join(" · "));
    if let (Some(first), Some(last)) = (&s.first_event, &s.last_event) {
        let periods = doc.timeline.len();
        let noun = match o.period {
            cop_core::Period::Day => "day",
            cop_core::Period::Week => "week",
            cop_core::Period::Month => "month",
            cop_core::Period::Quarter => "quarter",
        };
        let plural = if periods == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "  span      {} → {} ({periods} {noun}{plural} up to the analysis)",
            day(first),
            day(last)
        );
    }
    let domains: Vec<String> =
        s.busiest_domains.iter().take(5).map(|t| format!("{} {}", t.name, thousands(t.events))).collect();
    let _ = writeln!(out, "  domains   {}; busiest: {}", thousands(s.domains as u64), domains.join(" · "));

    let _ = writeln!(
        out,
        "\n{} {}",
        paint.heading("Participation levels"),
        paint.dim(&format!("(as of {}, last {} days)", day(&o.as_of), o.window_days))
    );
    let _ =
        writeln!(out, "  {}", paint.dim(&format!("{} {:>7}  {:>7}", pad("level", 13), "members", "share")));
    let max = doc.levels.iter().filter(|l| l.level != Level::Outsider).map(|l| l.members).max().unwrap_or(0);
    for l in &doc.levels {
        let share = l.share.map_or_else(|| "-".to_owned(), |s| format!("{:.1} %", s * 100.0));
        let bar = if l.level == Level::Outsider { String::new() } else { bar(l.members, max, 30) };
        let _ = writeln!(
            out,
            "  {} {:>7}  {share:>7}  {}",
            paint.level(l.level, &pad(level_label(l.level), 13)),
            thousands(l.members as u64),
            paint.level(l.level, &bar)
        );
    }
    let participants: usize =
        doc.levels.iter().filter(|l| l.level != Level::Outsider).map(|l| l.members).sum();
    let _ = writeln!(out, "  {} {:>7}", pad("participants", 13), thousands(participants as u64));

    let shown: Vec<&MemberDoc> =
        doc.members.iter().filter(|m| m.level != Level::Outsider).take(top).collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "\n{}", paint.heading("Top members"));
        let w = key_width(&shown);
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
                thousands(m.events),
                trajectory_name(m.trajectory)
            );
        }
    }

    let _ = writeln!(out, "\n{}", paint.heading("Trajectories"));
    let max = doc
        .trajectories
        .iter()
        .filter(|t| t.trajectory != TrajectoryKind::Inactive)
        .map(|t| t.members)
        .max()
        .unwrap_or(0);
    for t in &doc.trajectories {
        let bar =
            if t.trajectory == TrajectoryKind::Inactive { String::new() } else { bar(t.members, max, 30) };
        let _ = writeln!(out, "  {} {:>7}  {bar}", pad(t.trajectory.name(), 13), thousands(t.members as u64));
    }

    if let Some(flows) = &doc.flows {
        let t = &flows.transitions;
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.heading("Flows"),
            paint.dim(&format!("({} → {})", day(&flows.from), day(&flows.to)))
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

    if let Some(st) = &doc.structure {
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.heading("Structure of the interaction"),
            paint.dim(&format!("(last {} days)", o.window_days))
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

    let recent: Vec<_> = doc.timeline.iter().rev().take(6).collect();
    if recent.len() > 1 {
        let _ = writeln!(
            out,
            "\n{} {}",
            paint.heading("Gravity"),
            paint.dim(&format!("(last {} periods; > 0: commitment grows)", recent.len()))
        );
        let _ = writeln!(out, "  {}", paint.dim("period end   participants   gravity"));
        for p in recent.iter().rev() {
            let gravity = p.gravity.map_or_else(|| "-".to_owned(), |g| format!("{g:+.2}"));
            let _ = writeln!(
                out,
                "  {}   {:>12}   {:>7}",
                day(&p.end),
                thousands(p.participants as u64),
                gravity
            );
        }
    }

    let _ = writeln!(
        out,
        "\n{}",
        paint.dim("Not available yet: the maturity stage (cop maturity), health metrics and mentor suggestions (cop match).")
    );
    trim_lines(&out)
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
