//! Expert finding: "who can help with X?"
//!
//! [`Analysis::experts`](crate::Analysis::experts) ranks the members with evidence of competence in
//! a domain — its sub-domains included — by the weighted sum ([`ExpertWeights`]) of parts in
//! `0..=1` ([`ExpertParts`]):
//!
//! - `evidence`: the competence credit of their events in the domain within the window
//!   (answers, reviews, mentoring, shares, presentations, merges …, see
//!   [`kind_credit`]) and of the artifacts about it they authored, on a log
//!   scale relative to the best candidate: `ln(1 + credit) / ln(1 + best credit)`;
//! - `recency`: `0.5^(days since their last evidence / half_life_days)`;
//! - `responsiveness`: `1 / (1 + median hours / 24)` over the questions they answered — the time
//!   from the asker's last `ask` (within `response_window_days`) to their answer, review or
//!   comment; 0.5 when nothing could be measured;
//! - `capacity`: the share of their mentoring places still free (current load: mentees of the
//!   last `load_window_days`; capacity: their own, else `default_capacity`);
//! - `declared`: their declared competence in the domain or a sub-domain (rank / 5), or half
//!   that for a declared competence in an enclosing domain.

use serde::{Deserialize, Serialize};

use super::score::{
    ARTIFACT_CREDIT, check_weights, current_mentees, domain_name, estimate_competence, kind_credit,
};
use crate::error::{CopError, Entity, Result};
use crate::model::event::EventKind;
use crate::model::ids::{DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::member::Competence;
use crate::model::time::{DAY, format_seconds, to_seconds};

/// The weights of the parts of an expert's score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ExpertWeights {
    /// Evidence of competence in the domain.
    pub evidence: f64,
    /// How recent the evidence is.
    pub recency: f64,
    /// How fast they answer.
    pub responsiveness: f64,
    /// Free mentoring places.
    pub capacity: f64,
    /// Declared competence.
    pub declared: f64,
}

impl Default for ExpertWeights {
    /// Evidence 0.5, recency 0.15, responsiveness 0.1, capacity 0.1, declared 0.15.
    fn default() -> Self {
        ExpertWeights { evidence: 0.5, recency: 0.15, responsiveness: 0.1, capacity: 0.1, declared: 0.15 }
    }
}

/// How experts are found (serialisable; every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ExpertOptions {
    /// The weights of the parts.
    pub weights: ExpertWeights,
    /// Events within this many days before the date count as evidence.
    pub window_days: u32,
    /// Evidence this many days old counts half for recency.
    pub half_life_days: f64,
    /// An answer responds to the asker's last question asked at most this many days before.
    pub response_window_days: u32,
    /// `mentor` events and declared ties within this many days count as current mentees.
    pub load_window_days: u32,
    /// The mentoring capacity of a member who has none set.
    pub default_capacity: u32,
    /// Members never suggested (e.g. the one asking), by key.
    pub exclude: Vec<String>,
}

impl Default for ExpertOptions {
    fn default() -> Self {
        ExpertOptions {
            weights: ExpertWeights::default(),
            window_days: 730,
            half_life_days: 90.0,
            response_window_days: 14,
            load_window_days: 90,
            default_capacity: 2,
            exclude: Vec::new(),
        }
    }
}

impl ExpertOptions {
    /// Parses options from JSON (missing fields take their defaults).
    pub fn from_json(text: &str) -> Result<ExpertOptions> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("expert options", e.to_string()))
    }

    fn check(&self) -> Result<()> {
        let w = &self.weights;
        check_weights(
            "weights",
            &[
                ("evidence", w.evidence),
                ("recency", w.recency),
                ("responsiveness", w.responsiveness),
                ("capacity", w.capacity),
                ("declared", w.declared),
            ],
        )?;
        if !self.half_life_days.is_finite() || self.half_life_days <= 0.0 {
            return Err(CopError::invalid("half_life_days", "must be a finite number > 0"));
        }
        Ok(())
    }
}

/// The parts of an expert's score, each in `0..=1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ExpertParts {
    /// Evidence of competence, relative to the best candidate (log scale).
    pub evidence: f64,
    /// How recent the last evidence is.
    pub recency: f64,
    /// How fast they answer (0.5 when unknown).
    pub responsiveness: f64,
    /// The share of their mentoring places still free.
    pub capacity: f64,
    /// Declared competence.
    pub declared: f64,
}

impl ExpertParts {
    /// The weighted sum of the parts.
    pub fn total(&self, w: &ExpertWeights) -> f64 {
        w.evidence * self.evidence
            + w.recency * self.recency
            + w.responsiveness * self.responsiveness
            + w.capacity * self.capacity
            + w.declared * self.declared
    }
}

/// What an expert's score rests on.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ExpertEvidence {
    /// Answers in the domain.
    pub answers: u32,
    /// Reviews in the domain.
    pub reviews: u32,
    /// Mentoring events in the domain.
    pub mentoring: u32,
    /// Other credited events (shares, presentations, merges, commits …).
    pub other: u32,
    /// Authored artifacts about the domain.
    pub artifacts: u32,
    /// The total competence credit.
    pub credit: f64,
    /// The time of the last evidence (RFC 3339).
    pub last: Option<String>,
    /// Median hours from a question to their answer, when measured.
    pub median_response_hours: Option<f64>,
    /// Questions whose response time was measured.
    pub responses: u32,
    /// Mentees they mentor now.
    pub current_mentees: u32,
}

/// A member who can help with a domain, with the score, its parts and the reasons.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Expert {
    /// The member's key.
    pub member: String,
    /// The member's id.
    pub member_id: MemberId,
    /// The score: the weighted sum of the parts.
    pub score: f64,
    /// The parts of the score.
    pub parts: ExpertParts,
    /// Their competence in the domain: declared, else estimated from the credit.
    pub competence: Competence,
    /// Whether the competence was declared.
    pub competence_declared: bool,
    /// The evidence.
    pub evidence: ExpertEvidence,
    /// The parts in words.
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Default)]
struct Tally {
    evidence: ExpertEvidence,
    last: Option<i64>,
    delays: Vec<i64>,
}

/// The `k` members best able to help with `domain` (its sub-domains included) as of `as_of`
/// (seconds), best first (ties by key); see the [module documentation](self) for the score.
/// Fails when the domain does not exist or an excluded key is unknown. Reached through
/// [`Analysis::experts`](crate::Analysis::experts).
pub(crate) fn find_experts(
    landscape: &Landscape,
    domain: DomainId,
    as_of: i64,
    k: usize,
    options: &ExpertOptions,
) -> Result<Vec<Expert>> {
    options.check()?;
    let taxonomy = landscape.taxonomy();
    if taxonomy.get(domain).is_none() {
        return Err(CopError::UnknownId { entity: Entity::Domain, id: domain.raw().into() });
    }
    let excluded: Vec<MemberId> = options
        .exclude
        .iter()
        .map(|key| landscape.member_id(key).ok_or_else(|| CopError::unknown_key(Entity::Member, key)))
        .collect::<Result<_>>()?;
    let search = Search {
        landscape,
        domain,
        as_of,
        options,
        within: taxonomy.ids().map(|d| taxonomy.is_within(d, domain)).collect(),
    };
    let mut tallies = search.tally_events();
    search.tally_artifacts(&mut tallies);
    let candidates: Vec<MemberId> = landscape.member_ids().filter(|m| !excluded.contains(m)).collect();
    let best_credit = candidates.iter().map(|m| tallies[m.index()].evidence.credit).fold(0.0f64, f64::max);
    let mut experts: Vec<Expert> = candidates
        .into_iter()
        .filter_map(|member| search.expert(member, &mut tallies[member.index()], best_credit))
        .collect();
    experts.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.member.cmp(&b.member)));
    experts.truncate(k);
    Ok(experts)
}

/// A search for the experts of one domain as of a date.
struct Search<'a> {
    landscape: &'a Landscape,
    domain: DomainId,
    as_of: i64,
    options: &'a ExpertOptions,
    /// Whether each domain (by index) is the domain or below it.
    within: Vec<bool>,
}

impl Search<'_> {
    fn in_domain(&self, raw: u32) -> bool {
        raw != NONE && self.within.get(raw as usize).copied().unwrap_or(false)
    }

    /// Each member's evidence from their events in the domain over the window, with the delays
    /// of their answers, reviews and comments to the asker's last question.
    fn tally_events(&self) -> Vec<Tally> {
        let (landscape, options, as_of) = (self.landscape, self.options, self.as_of);
        let mut tallies: Vec<Tally> = vec![Tally::default(); landscape.member_rows()];
        let log = landscape.log();
        let columns = log.columns();
        let from = as_of - i64::from(options.window_days) * DAY + 1;
        let response_window = i64::from(options.response_window_days) * DAY;
        let ask = EventKind::Ask.code();
        for id in log.between(from, as_of + 1) {
            let i = id.index();
            if !self.in_domain(columns.domain[i]) {
                continue;
            }
            let Some(kind) = EventKind::from_code(columns.kind[i]) else { continue };
            let credit = kind_credit(kind);
            if credit <= 0.0 {
                continue;
            }
            let t = columns.time[i];
            let tally = &mut tallies[columns.member[i] as usize];
            tally.evidence.credit += credit;
            match kind {
                EventKind::Answer => tally.evidence.answers += 1,
                EventKind::Review => tally.evidence.reviews += 1,
                EventKind::Mentor => tally.evidence.mentoring += 1,
                _ => tally.evidence.other += 1,
            }
            tally.last = Some(tally.last.map_or(t, |l| l.max(t)));
            let target = columns.target[i];
            if matches!(kind, EventKind::Answer | EventKind::Review | EventKind::Comment) && target != NONE {
                // The asker's last question before the answer, in the domain or untagged.
                let asked = log
                    .of_member_between(MemberId::from_raw(target), t - response_window, t + 1)
                    .iter()
                    .rev()
                    .find(|e| {
                        let j = e.index();
                        columns.kind[j] == ask
                            && (columns.domain[j] == NONE || self.in_domain(columns.domain[j]))
                    })
                    .map(|e| columns.time[e.index()]);
                if let Some(asked) = asked {
                    tally.delays.push(t - asked);
                }
            }
        }
        tallies
    }

    /// The authors' evidence from artifacts in the domain created by the date.
    fn tally_artifacts(&self, tallies: &mut [Tally]) {
        let landscape = self.landscape;
        for a in 0..landscape.counts().artifacts as u32 {
            let Some(artifact) = landscape.artifact(crate::model::ids::ArtifactId::from_raw(a)) else {
                continue;
            };
            let created = artifact.created.map(to_seconds);
            if created.is_some_and(|c| c > self.as_of)
                || !artifact.domains().iter().any(|d| self.in_domain(d.raw()))
            {
                continue;
            }
            for &author in artifact.authors() {
                let tally = &mut tallies[author.index()];
                tally.evidence.artifacts += 1;
                tally.evidence.credit += ARTIFACT_CREDIT;
                if let Some(c) = created {
                    tally.last = Some(tally.last.map_or(c, |l| l.max(c)));
                }
            }
        }
    }

    /// Declared competence in the domain or below it (rank / 5), or above it (half), and where.
    fn declared(&self, member: MemberId) -> (f64, Option<(DomainId, Competence)>) {
        let Some(m) = self.landscape.member(member) else { return (0.0, None) };
        let mut best = (0.0, None);
        for &(d, level) in m.competence() {
            let value = if self.within[d.index()] {
                f64::from(level.rank()) / 5.0
            } else if self.landscape.taxonomy().is_within(self.domain, d) {
                0.5 * f64::from(level.rank()) / 5.0
            } else {
                continue;
            };
            if value > best.0 {
                best = (value, Some((d, level)));
            }
        }
        best
    }

    /// A member as an expert of the domain, scored and explained; `None` without evidence or
    /// declared competence.
    fn expert(&self, member: MemberId, tally: &mut Tally, best_credit: f64) -> Option<Expert> {
        let (landscape, options, as_of) = (self.landscape, self.options, self.as_of);
        let (declared_part, declared_in) = self.declared(member);
        if tally.evidence.credit <= 0.0 && declared_part <= 0.0 {
            return None;
        }
        tally.delays.sort_unstable();
        let median_hours = median(&tally.delays).map(|s| s / 3600.0);
        let m = landscape.member(member);
        let capacity = m.map(|m| m.mentoring_capacity).filter(|&c| c > 0).unwrap_or(options.default_capacity);
        let current = current_mentees(landscape, member, as_of, options.load_window_days).len() as u32;
        let evidence = ExpertEvidence {
            last: tally.last.map(format_seconds),
            median_response_hours: median_hours,
            responses: tally.delays.len() as u32,
            current_mentees: current,
            ..tally.evidence.clone()
        };
        let parts = ExpertParts {
            evidence: if best_credit > 0.0 {
                (1.0 + evidence.credit).ln() / (1.0 + best_credit).ln()
            } else {
                0.0
            },
            recency: tally.last.map_or(0.0, |last| {
                let days = (as_of - last).max(0) as f64 / DAY as f64;
                (-days / options.half_life_days).exp2()
            }),
            responsiveness: median_hours.map_or(0.5, |h| 1.0 / (1.0 + h / 24.0)),
            capacity: if capacity == 0 {
                0.0
            } else {
                f64::from(capacity.saturating_sub(current)) / f64::from(capacity)
            },
            declared: declared_part,
        };
        let exact = m.and_then(|m| m.competence_in(self.domain));
        let (competence, competence_declared) = match (exact, declared_in) {
            (Some(level), _) => (level, true),
            (None, Some((_, level))) if evidence.credit <= 0.0 => (level, true),
            _ => (estimate_competence(evidence.credit), false),
        };
        let reasons =
            reasons(landscape, self.domain, &evidence, &parts, declared_in, capacity, as_of, tally.last);
        Some(Expert {
            member: landscape.member_key(member).unwrap_or_default().to_owned(),
            member_id: member,
            score: parts.total(&options.weights),
            parts,
            competence,
            competence_declared,
            evidence,
            reasons,
        })
    }
}

/// The median of sorted values (the mean of the two middle ones for an even count).
fn median(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 { sorted[n / 2] as f64 } else { (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0 })
}

#[allow(clippy::too_many_arguments)]
fn reasons(
    landscape: &Landscape,
    domain: DomainId,
    evidence: &ExpertEvidence,
    parts: &ExpertParts,
    declared: Option<(DomainId, Competence)>,
    capacity: u32,
    as_of: i64,
    last: Option<i64>,
) -> Vec<String> {
    let name = domain_name(landscape, domain);
    let mut out = Vec::new();
    if evidence.credit > 0.0 {
        let mut acts = Vec::new();
        for (count, what) in [
            (evidence.answers, "answers"),
            (evidence.reviews, "reviews"),
            (evidence.mentoring, "mentoring events"),
            (evidence.other, "other contributions"),
            (evidence.artifacts, "authored artifacts"),
        ] {
            if count > 0 {
                acts.push(format!("{count} {what}"));
            }
        }
        out.push(format!(
            "evidence {:.2}: {} in `{name}` and its sub-domains (credit {})",
            parts.evidence,
            acts.join(", "),
            evidence.credit
        ));
    }
    if let Some(last) = last {
        out.push(format!(
            "recency {:.2}: last evidence {} ({} days before)",
            parts.recency,
            format_seconds(last),
            (as_of - last).max(0) / DAY
        ));
    }
    match evidence.median_response_hours {
        Some(h) => out.push(format!(
            "responsiveness {:.2}: median {h:.1} hours from question to answer over {} questions",
            parts.responsiveness, evidence.responses
        )),
        None => out.push(format!("responsiveness {:.2}: no measured response time", parts.responsiveness)),
    }
    out.push(format!(
        "capacity {:.2}: {} current mentees of {capacity} places",
        parts.capacity, evidence.current_mentees
    ));
    if let Some((d, level)) = declared {
        out.push(format!(
            "declared {:.2}: {} in `{}`",
            parts.declared,
            level.name(),
            domain_name(landscape, d)
        ));
    }
    out
}
