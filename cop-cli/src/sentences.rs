//! What the report says in words, in one place: the numbers as people read them and the
//! sentences that the text and the HTML report both write (health, people, spaces, mentoring).
//!
//! Every sentence that states a setting (the number of organisers behind a burnout risk, say)
//! reads it from the configuration the report was computed with, never from a default.

use cop_core::Period;
use cop_core::health::maturity::{Stage, StagePoint};
use cop_core::health::{Concentration, HealthConfig, HealthReport, Responsiveness};
use cop_core::matching::{MatchedPair, MentorMatching, UnmatchedReason};

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

/// A count with thousands separators.
pub fn n(value: usize) -> String {
    thousands(value as u64)
}

/// `1 tie`, `2 ties`.
pub fn count_of(value: usize, one: &str, many: &str) -> String {
    format!("{} {}", n(value), if value == 1 { one } else { many })
}

/// A share as a percentage: one decimal below 10 % (but `0 %` for what rounds to zero), none
/// above.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p.abs() >= 0.05 && p.abs() < 10.0 { format!("{p:.1} %") } else { format!("{p:.0} %") }
}

/// Hours, or days from two days on.
pub fn hours(h: f64) -> String {
    if h < 48.0 { format!("{h:.1} h") } else { format!("{:.1} days", h / 24.0) }
}

/// `1 day`, `12 days` (rounded).
fn days(d: f64) -> String {
    let d = d.round();
    if d == 1.0 { "1 day".to_owned() } else { format!("{d:.0} days") }
}

/// The day of an RFC 3339 time.
pub fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// `daily`, `weekly` …
pub fn period_word(period: Period) -> &'static str {
    match period {
        Period::Day => "daily",
        Period::Week => "weekly",
        Period::Month => "monthly",
        Period::Quarter => "quarterly",
    }
}

/// `day`, `week` …
pub fn period_noun(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
    }
}

/// A period's end as a short label: `2024-06` for months, `2024-Q2` for quarters, else the day.
pub fn period_label(rfc3339: &str, period: Period) -> String {
    match period {
        Period::Month => rfc3339.get(..7).unwrap_or(rfc3339).to_owned(),
        Period::Quarter => match (rfc3339.get(..4), rfc3339.get(5..7).and_then(|m| m.parse::<u32>().ok())) {
            (Some(year), Some(month)) => format!("{year}-Q{}", month.div_ceil(3)),
            _ => day(rfc3339).to_owned(),
        },
        Period::Day | Period::Week => day(rfc3339).to_owned(),
    }
}

/// An indicator's value in its unit.
pub fn indicator_value(name: &str, value: f64) -> String {
    match name {
        "growth" | "activity_trend" if value >= 99.0 => "new".to_owned(),
        "growth" | "activity_trend" => format!("×{value:.2}"),
        "newcomer_inflow" | "retention" => percent(value),
        "age" | "rhythm" => format!("{value:.0} d"),
        _ if value.fract() == 0.0 => thousands(value.max(0.0) as u64),
        _ => format!("{value:.2}"),
    }
}

/// Runs of the same stage in a stage history: (stage, first point, last point, points).
pub fn stage_runs(history: &[StagePoint]) -> Vec<(Stage, &StagePoint, &StagePoint, usize)> {
    let mut runs: Vec<(Stage, &StagePoint, &StagePoint, usize)> = Vec::new();
    for point in history {
        match runs.last_mut() {
            Some(run) if run.0 == point.settled => {
                run.2 = point;
                run.3 += 1;
            }
            _ => runs.push((point.settled, point, point, 1)),
        }
    }
    runs
}

/// An unmatched mentee's reason in words.
pub fn unmatched_reason(reason: UnmatchedReason) -> &'static str {
    match reason {
        UnmatchedReason::NoDomain => "no domain",
        UnmatchedReason::NoCandidate => "no candidate",
        UnmatchedReason::Excluded => "excluded",
        UnmatchedReason::CapacityTaken => "capacity taken",
    }
}

/// The unmatched mentees per reason, most first.
pub fn unmatched_by_reason(m: &MentorMatching) -> Vec<(UnmatchedReason, usize)> {
    let mut counts: Vec<(UnmatchedReason, usize)> = Vec::new();
    for u in &m.unmatched {
        match counts.iter_mut().find(|(r, _)| *r == u.reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((u.reason, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

/// The pairs, best score first (then by mentee).
pub fn ranked_pairs(m: &MentorMatching) -> Vec<&MatchedPair> {
    let mut pairs: Vec<&MatchedPair> = m.pairs.iter().collect();
    pairs.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.mentee.cmp(&b.mentee)));
    pairs
}

/// Who is who, in one sentence: identities merged into people and why, and the members left out
/// of analyses; `None` when every identity is a member and no one is left out.
pub fn people_sentence(p: &cop_core::model::people::PeopleReport) -> Option<String> {
    let c = &p.counts;
    let mut parts = Vec::new();
    if c.identities > c.members {
        let rules: Vec<String> =
            c.merges.iter().map(|(rule, k)| format!("{} by {}", n(*k), rule.reason())).collect();
        parts.push(format!(
            "{} identities are {} people ({})",
            n(c.identities),
            n(c.members),
            rules.join(", ")
        ));
    }
    if c.left_out > 0 {
        const SHOWN: usize = 5;
        let mut names: Vec<String> = p.bots.iter().take(SHOWN).cloned().collect();
        if p.bots.len() > SHOWN {
            names.push(format!("{} more", p.bots.len() - SHOWN));
        }
        let who = if p.bots.is_empty() { String::new() } else { format!(": bots {}", names.join(", ")) };
        parts.push(format!(
            "{} left out of every analysis, with {}{who}",
            count_of(c.left_out, "member", "members"),
            count_of(c.events_left_out, "event", "events")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Where the community meets, in one sentence: its public and private spaces, per community when
/// several have spaces; `None` when no community has spaces.
pub fn spaces_sentence(spaces: &[cop_core::report::SpaceBalance]) -> Option<String> {
    const SHOWN: usize = 6;
    let list = |names: &[String]| {
        let mut shown: Vec<String> = names.iter().take(SHOWN).cloned().collect();
        if names.len() > SHOWN {
            shown.push(format!("{} more", names.len() - SHOWN));
        }
        shown.join(", ")
    };
    let parts: Vec<String> = spaces
        .iter()
        .map(|b| {
            let mut text = format!("{} public", b.public.len());
            if !b.public.is_empty() {
                text.push_str(&format!(" ({})", list(&b.public)));
            }
            text.push_str(&format!(", {} private", b.private.len()));
            if !b.private.is_empty() {
                text.push_str(&format!(" ({})", list(&b.private)));
            }
            if spaces.len() > 1 { format!("{}: {text}", b.community) } else { text }
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// One line of the health table.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthRow {
    /// What is measured (`first response`).
    pub label: &'static str,
    /// The measure in words.
    pub text: String,
    /// A warning that belongs to this measure (a burnout risk, a leadership gap).
    pub flag: Option<String>,
    /// Further remarks on it (the balance's deviations from the expected shape).
    pub notes: Vec<String>,
}

impl HealthRow {
    fn new(label: &'static str, text: String) -> HealthRow {
        HealthRow { label, text, flag: None, notes: Vec::new() }
    }
}

/// The key health metrics as sentences, in the order both reports list them. `config` is the
/// health configuration the report was computed with.
pub fn health_rows(h: &HealthReport, config: &HealthConfig) -> Vec<HealthRow> {
    let mut rows = vec![
        HealthRow::new("active members", active_members(h)),
        HealthRow::new("newcomers", format!("{} in the window (first event in it)", n(h.newcomers))),
        HealthRow::new("activation", activation(h)),
        HealthRow::new("first response", first_response(&h.responsiveness)),
    ];
    if h.responsiveness.questions > 0 {
        rows.push(HealthRow::new("solutions", solutions(&h.responsiveness)));
    }
    rows.push(HealthRow::new("concentration", concentration(&h.concentration)));
    rows.push(organiser_load(&h.concentration, config));
    rows.push(HealthRow::new("rhythm", rhythm(h)));
    rows.push(HealthRow::new("reciprocity", reciprocity(h)));
    rows.push(HealthRow::new("expert access", expert_access(h)));
    rows.push(HealthRow::new(
        "boundary links",
        format!("{} of the interactions cross to another community", percent(h.boundary_share)),
    ));
    rows.push(layers(h));
    let b = &h.balance;
    rows.push(HealthRow {
        notes: b.deviations.clone(),
        ..HealthRow::new(
            "balance",
            format!(
                "core {} · active {} · further out {}",
                percent(b.core_share),
                percent(b.active_share),
                percent(b.peripheral_share)
            ),
        )
    });
    rows.push(HealthRow::new("founders' share", format!("{} of the activity", percent(h.founders_share))));
    rows
}

fn active_members(h: &HealthReport) -> String {
    format!(
        "{} · DAU/MAU {:.2} · {} inactive and {} occasional contributors",
        n(h.active_members),
        h.dau_mau,
        n(h.inactive_contributors),
        n(h.occasional_contributors)
    )
}

fn activation(h: &HealthReport) -> String {
    let a = &h.activation;
    if a.recent_newcomers == 0 {
        "no recent newcomer to follow yet".to_owned()
    } else {
        format!(
            "{} of {} recent newcomers became active ({})",
            n(a.activated),
            n(a.recent_newcomers),
            percent(a.share)
        )
    }
}

fn first_response(r: &Responsiveness) -> String {
    if r.questions == 0 {
        return "no question in the window".to_owned();
    }
    let median = r.median_hours.map_or_else(|| "-".to_owned(), hours);
    let mean = r.mean_hours.map_or_else(|| "-".to_owned(), hours);
    format!(
        "median {median} (mean {mean}) · {} of {} questions unanswered",
        percent(r.unanswered_share),
        n(r.questions)
    )
}

/// The solutions line of health's responsiveness: the solved share, the median time from a
/// question to its accept, and how many questions were paired by thread.
pub fn solutions(r: &Responsiveness) -> String {
    let median = r.median_solution_hours.map_or_else(|| "-".to_owned(), hours);
    let paired = if r.threaded == 0 {
        "no question has a thread (paired by asker and domain)".to_owned()
    } else {
        format!("{} of {} questions paired by thread", n(r.threaded), n(r.questions))
    };
    format!(
        "{} of {} questions solved (an accept) · median time to solution {median} · {paired}",
        percent(r.solved_share),
        n(r.questions)
    )
}

fn concentration(c: &Concentration) -> String {
    format!(
        "absence factor {} · elephant factor {}",
        n(c.absence_factor),
        c.elephant_factor.map_or_else(|| "- (no affiliations)".to_owned(), n)
    )
}

/// The organisers' load, with the number of top organisers the configuration watches.
fn organiser_load(c: &Concentration, config: &HealthConfig) -> HealthRow {
    let text = if !c.organising_recorded {
        "not measurable from these events (no organising event recorded)".to_owned()
    } else if c.organisers.is_empty() {
        "no organising event in the window".to_owned()
    } else {
        let none = if c.burnout_risk.is_none() { " · no burnout risk" } else { "" };
        format!(
            "the top {} organisers ran {} of the organising events · streak {} periods{none}",
            config.burnout_organisers,
            percent(c.top_organiser_share),
            c.organiser_streak
        )
    };
    HealthRow {
        flag: c.burnout_risk.as_ref().map(|risk| format!("burnout risk: {risk}")),
        ..HealthRow::new("organiser load", text)
    }
}

fn rhythm(h: &HealthReport) -> String {
    let rh = &h.rhythm;
    let gatherings = if rh.gatherings == 0 {
        "no gathering".to_owned()
    } else {
        let gap = rh.median_gap_days.map_or_else(String::new, |g| format!(", every {} (median)", days(g)));
        let since = rh.days_since_last_gathering.map_or_else(String::new, |d| match d.round() {
            0.0 => ", the last today".to_owned(),
            _ => format!(", the last {} ago", days(d)),
        });
        format!("{}{gap}{since}", count_of(rh.gatherings, "gathering day", "gathering days"))
    };
    format!(
        "{gatherings} · longest silence {} · burstiness {:+.2}",
        days(rh.longest_silence_days),
        rh.burstiness
    )
}

fn reciprocity(h: &HealthReport) -> String {
    let rc = &h.reciprocity;
    format!(
        "given {} · taken {} · ratio {}",
        thousands(rc.given),
        thousands(rc.taken),
        rc.ratio.map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"))
    )
}

fn expert_access(h: &HealthReport) -> String {
    let e = &h.expert_access;
    if e.newcomers_in_window == 0 {
        return "no newcomer with a domain in the window".to_owned();
    }
    format!(
        "{} of {} newcomers in the window tied to an expert of their domain ({}), {} within two hops ({})",
        n(e.within_one_hop),
        n(e.newcomers_in_window),
        percent(e.share_one_hop),
        n(e.within_two_hops),
        percent(e.share_two_hops)
    )
}

fn layers(h: &HealthReport) -> HealthRow {
    let l = &h.layers;
    let sizes: Vec<String> = l.sizes.iter().map(|s| n(*s)).collect();
    let expected: Vec<String> = l.expected.iter().map(|s| s.to_string()).collect();
    let leaders = match l.leaders {
        Some(k) => count_of(k, "leader", "leaders"),
        None => "leaders not measurable from these events".to_owned(),
    };
    HealthRow {
        flag: l.leadership_flag.clone(),
        ..HealthRow::new(
            "layers",
            format!(
                "{} (weekly / monthly / quarterly / all; expected {}) · {leaders}",
                sizes.join(" / "),
                expected.join(" / ")
            ),
        )
    }
}
