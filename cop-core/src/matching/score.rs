//! The building blocks of every matching score: what a member knows and cares about, how close
//! two domains are, how far apart two competences are, how well two members know each other and
//! how loaded a mentor is — each a number in `0..=1` with its evidence.
//!
//! **Domains of a member.** What a member *needs* (as a mentee or peer): their declared interests
//! and declared competences, else the domains of their events, most frequent first. What a member
//! *offers* (as a mentor or expert): their declared competences, plus the domains where their
//! events show competence ([`estimate_competence`]).
//!
//! **Competence when undeclared** is estimated from what the member did in the domain within the
//! window: each of their events in the domain earns the credit of its kind ([`kind_credit`]:
//! answering, reviewing, mentoring, sharing, presenting, merging, committing …; asking and
//! reading earn nothing), and each artifact about the domain that the member authored earns
//! [`ARTIFACT_CREDIT`]. The credit maps to the Dreyfus scale by [`estimate_competence`], and to
//! a *position* on it by [`competence_position`]: the stage's rank plus how far the credit is
//! between the stage's threshold and the next, so that two competent members with 4 and 9
//! credits stand apart. Declared competences stand at their stage's rank.
//!
//! **How much a member needs a domain** (as a mentee) comes from their events too: the events in
//! the domain over those in their busiest domain; declared
//! interests and competences count fully.
//!
//! **Domain fit** ([`domain_fit`]) counts steps through the taxonomy: 1 for the same domain;
//! `lineage^d` when one domain is within the other, `d` levels apart (an ancestor or a
//! descendant); `kin^(d−1)` for other domains with a common ancestor, `d` steps apart through it
//! (siblings: `d = 2`); 0 for unrelated domains.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{CopError, Result};
use crate::model::domain::Taxonomy;
use crate::model::event::EventKind;
use crate::model::ids::{DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::member::Competence;
use crate::model::time::DAY;

/// The credit an authored artifact about a domain earns towards competence in it.
pub const ARTIFACT_CREDIT: f64 = 2.0;

/// The credit an event of this kind earns towards competence in its domain: evidence that the
/// member *gives* knowledge (answer 1, review 1.5, mentor 2, share 1, present 1.5, merge 1,
/// commit 0.5, coauthor 1, organize 0.5, comment 0.25); asking, reading, reacting, attending,
/// accepting and custom kinds earn 0.
pub fn kind_credit(kind: EventKind) -> f64 {
    match kind {
        EventKind::Answer | EventKind::Share | EventKind::Merge | EventKind::Coauthor => 1.0,
        EventKind::Review | EventKind::Present => 1.5,
        EventKind::Mentor => 2.0,
        EventKind::Commit | EventKind::Organize => 0.5,
        EventKind::Comment => 0.25,
        EventKind::Read
        | EventKind::React
        | EventKind::Ask
        | EventKind::Attend
        | EventKind::Accept
        | EventKind::Custom(_) => 0.0,
    }
}

/// The competence credit (from [`kind_credit`] and [`ARTIFACT_CREDIT`]) from which each Dreyfus
/// stage above novice is estimated: advanced beginner above 0, competent from 3, proficient from
/// 10, expert from 30.
pub const COMPETENCE_CREDIT: [f64; 4] = [0.0, 3.0, 10.0, 30.0];

/// The Dreyfus stage estimated from competence credit in a domain: novice with no credit,
/// advanced beginner with some, competent from 3 (a few answers or reviews), proficient from 10,
/// expert from 30.
///
/// ```
/// use cop_core::Competence;
/// use cop_core::matching::estimate_competence;
///
/// assert_eq!(estimate_competence(0.0), Competence::Novice);
/// assert_eq!(estimate_competence(1.0), Competence::AdvancedBeginner);
/// assert_eq!(estimate_competence(12.0), Competence::Proficient);
/// assert_eq!(estimate_competence(30.0), Competence::Expert);
/// ```
pub fn estimate_competence(credit: f64) -> Competence {
    let [beginner, competent, proficient, expert] = COMPETENCE_CREDIT;
    if credit >= expert {
        Competence::Expert
    } else if credit >= proficient {
        Competence::Proficient
    } else if credit >= competent {
        Competence::Competent
    } else if credit > beginner {
        Competence::AdvancedBeginner
    } else {
        Competence::Novice
    }
}

/// The position on the Dreyfus scale (novice 1 … expert 5, as [`Competence::rank`]) estimated
/// from competence credit, continuous within a stage: novice 1 with no credit; advanced
/// beginner `2 + c/3` below 3; competent `3 + (c − 3)/7` below 10; proficient
/// `4 + (c − 10)/20` below 30; expert `5 + (1 − 30/c)` (approaching 6). Its whole part is the
/// rank of [`estimate_competence`].
///
/// ```
/// use cop_core::matching::competence_position;
///
/// assert_eq!(competence_position(0.0), 1.0);
/// assert_eq!(competence_position(1.5), 2.5);
/// assert_eq!(competence_position(10.0), 4.0);
/// assert_eq!(competence_position(20.0), 4.5);
/// assert_eq!(competence_position(60.0), 5.5);
/// ```
pub fn competence_position(credit: f64) -> f64 {
    let [_, competent, proficient, expert] = COMPETENCE_CREDIT;
    if credit >= expert {
        5.0 + (1.0 - expert / credit)
    } else if credit >= proficient {
        4.0 + (credit - proficient) / (expert - proficient)
    } else if credit >= competent {
        3.0 + (credit - competent) / (proficient - competent)
    } else if credit > 0.0 {
        2.0 + credit / competent
    } else {
        1.0
    }
}

/// How well a competence gap in positions ([`competence_position`]) suits mentoring, in
/// `0..=1`: 0 when the mentor is not ahead, the gap itself below one stage, 1 from one up to
/// `max_gap` stages, then `1 / (1 + gap − max_gap)`. For whole gaps it equals [`gap_score`].
///
/// ```
/// use cop_core::matching::{gap_score, position_gap_score};
///
/// assert_eq!(position_gap_score(0.5, 2), 0.5);
/// assert_eq!(position_gap_score(1.5, 2), 1.0);
/// assert_eq!(position_gap_score(3.0, 2), gap_score(3, 2));
/// ```
pub fn position_gap_score(gap: f64, max_gap: u8) -> f64 {
    let max_gap = f64::from(max_gap.max(1));
    if gap <= 0.0 {
        0.0
    } else if gap < 1.0 {
        gap
    } else if gap <= max_gap {
        1.0
    } else {
        1.0 / (1.0 + gap - max_gap)
    }
}

/// The partial credit of related domains (see [`domain_fit`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DomainCredit {
    /// Per level between a domain and its ancestor or descendant.
    pub lineage: f64,
    /// Per step beyond the first between domains related through a common ancestor.
    pub kin: f64,
}

impl Default for DomainCredit {
    /// 0.7 per level of lineage, 0.5 per step of kinship (siblings 0.5, cousins 0.125).
    fn default() -> Self {
        DomainCredit { lineage: 0.7, kin: 0.5 }
    }
}

impl DomainCredit {
    pub(crate) fn check(&self) -> Result<()> {
        for (name, v) in [("lineage", self.lineage), ("kin", self.kin)] {
            if !(0.0..=1.0).contains(&v) {
                return Err(CopError::invalid(
                    format!("domain_credit.{name}"),
                    format!("{v} is not in 0..=1"),
                ));
            }
        }
        Ok(())
    }
}

/// How two domains are related, for reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relation {
    Same,
    /// `b` is within `a`, this many levels down.
    Descendant(usize),
    /// `b` contains `a`, this many levels up.
    Ancestor(usize),
    /// Related through a common ancestor, this many steps apart.
    Kin(usize),
    Unrelated,
}

pub(crate) fn relation(taxonomy: &Taxonomy, a: DomainId, b: DomainId) -> Relation {
    if a == b {
        return Relation::Same;
    }
    match taxonomy.distance(a, b) {
        None => Relation::Unrelated,
        Some(d) if taxonomy.is_within(b, a) => Relation::Descendant(d),
        Some(d) if taxonomy.is_within(a, b) => Relation::Ancestor(d),
        Some(d) => Relation::Kin(d),
    }
}

/// How well domain `b` fits domain `a`, in `0..=1`: 1 for the same domain, `lineage^d` for an
/// ancestor or descendant `d` levels away, `kin^(d−1)` for domains `d` steps apart through a
/// common ancestor, 0 for unrelated domains.
pub fn domain_fit(taxonomy: &Taxonomy, a: DomainId, b: DomainId, credit: &DomainCredit) -> f64 {
    fit_of(relation(taxonomy, a, b), credit)
}

pub(crate) fn fit_of(relation: Relation, credit: &DomainCredit) -> f64 {
    match relation {
        Relation::Same => 1.0,
        Relation::Descendant(d) | Relation::Ancestor(d) => credit.lineage.powi(d as i32),
        Relation::Kin(d) => credit.kin.powi(d.saturating_sub(1) as i32),
        Relation::Unrelated => 0.0,
    }
}

/// Describes how `b` relates to `a` ("`b` is within `a`"), for reasons.
pub(crate) fn describe(landscape: &Landscape, relation: Relation, a: DomainId, b: DomainId) -> String {
    let (ka, kb) = (domain_name(landscape, a), domain_name(landscape, b));
    match relation {
        Relation::Same => format!("`{ka}`"),
        Relation::Descendant(_) => format!("`{kb}`, a sub-domain of `{ka}`"),
        Relation::Ancestor(_) => format!("`{kb}`, which contains `{ka}`"),
        Relation::Kin(d) => format!("`{kb}`, related to `{ka}` ({d} steps apart)"),
        Relation::Unrelated => format!("`{kb}`, unrelated to `{ka}`"),
    }
}

pub(crate) fn domain_name(landscape: &Landscape, domain: DomainId) -> String {
    landscape.taxonomy().path(domain).unwrap_or_default()
}

pub(crate) fn member_name(landscape: &Landscape, member: MemberId) -> String {
    landscape.member_key(member).unwrap_or_default().to_owned()
}

/// The root of a domain's tree in the taxonomy (two domains are related iff their roots agree).
pub(crate) fn root(taxonomy: &Taxonomy, domain: DomainId) -> DomainId {
    taxonomy.ancestors(domain).last().unwrap_or(domain)
}

/// How well a competence gap suits mentoring, in `0..=1`: 0 when the mentor is not ahead, 1 for
/// a gap of 1 up to `max_gap` stages ("ahead but within reach"), then `1 / (1 + gap − max_gap)`.
pub fn gap_score(gap: i32, max_gap: u8) -> f64 {
    let max_gap = i32::from(max_gap.max(1));
    if gap <= 0 {
        0.0
    } else if gap <= max_gap {
        1.0
    } else {
        1.0 / f64::from(1 + gap - max_gap)
    }
}

/// A member's evidence in one domain from their own events in the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct DomainEvidence {
    pub domain: DomainId,
    /// Events in the domain, of any kind.
    pub events: u32,
    /// Competence credit (events and authored artifacts).
    pub credit: f64,
}

/// Every member's evidence per domain as of a date: one pass over the window.
#[derive(Clone, Debug)]
pub(crate) struct Profiles {
    evidence: Vec<Vec<DomainEvidence>>,
}

/// A domain a member offers, with the competence and whether it was declared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Offer {
    pub domain: DomainId,
    pub level: Competence,
    pub declared: bool,
    /// The position on the Dreyfus scale ([`competence_position`]; the rank when declared).
    pub position: f64,
    /// The member's events in the domain in the window.
    pub events: u32,
}

/// A member's standing in a domain: competence, position, and the evidence behind them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Standing {
    pub level: Competence,
    pub declared: bool,
    pub position: f64,
    pub events: u32,
}

/// How many domains of events stand for a member's needs when none are declared.
const EVENT_DOMAINS: usize = 5;

impl Profiles {
    /// Evidence from events with `as_of − window_days < time ≤ as_of` and from artifacts created
    /// by `as_of` (or undated).
    pub fn build(landscape: &Landscape, as_of: i64, window_days: u32) -> Profiles {
        Self::build_for(landscape, as_of, window_days, None)
    }

    /// [`Profiles::build`] for some members only (the others get none): from their own events,
    /// so the cost follows their activity rather than the whole log's.
    pub fn build_for(
        landscape: &Landscape,
        as_of: i64,
        window_days: u32,
        only: Option<&[MemberId]>,
    ) -> Profiles {
        let members = landscape.member_rows();
        let mut evidence: Vec<Vec<DomainEvidence>> = vec![Vec::new(); members];
        let from = as_of - i64::from(window_days) * DAY + 1;
        let columns = landscape.log().columns();
        let credit_event = |i: usize, evidence: &mut Vec<Vec<DomainEvidence>>| {
            let domain = columns.domain[i];
            if domain != NONE {
                let credit = EventKind::from_code(columns.kind[i]).map_or(0.0, kind_credit);
                add(&mut evidence[columns.member[i] as usize], DomainId::from_raw(domain), 1, credit);
            }
        };
        let mut listed = vec![only.is_none(); members];
        match only {
            None => landscape
                .log()
                .between(from, as_of + 1)
                .for_each(|id| credit_event(id.index(), &mut evidence)),
            Some(only) => {
                for &member in only {
                    if std::mem::replace(&mut listed[member.index()], true) {
                        continue; // listed twice
                    }
                    for id in landscape.log().of_member_between(member, from, as_of + 1) {
                        credit_event(id.index(), &mut evidence);
                    }
                }
            }
        }
        for a in 0..landscape.counts().artifacts as u32 {
            let id = crate::model::ids::ArtifactId::from_raw(a);
            let Some(artifact) = landscape.artifact(id) else { continue };
            if artifact.created.is_some_and(|c| crate::model::time::to_seconds(c) > as_of) {
                continue;
            }
            for &author in artifact.authors().iter().filter(|a| listed[a.index()]) {
                for &domain in artifact.domains() {
                    add(&mut evidence[author.index()], domain, 0, ARTIFACT_CREDIT);
                }
            }
        }
        Profiles { evidence }
    }

    /// The member's evidence per domain.
    pub fn evidence(&self, member: MemberId) -> &[DomainEvidence] {
        self.evidence.get(member.index()).map_or(&[], Vec::as_slice)
    }

    /// The member's competence in a domain: declared, else estimated from their evidence in it,
    /// else novice. The flag says whether it was declared.
    pub fn level(&self, landscape: &Landscape, member: MemberId, domain: DomainId) -> (Competence, bool) {
        if let Some(level) = landscape.member(member).and_then(|m| m.competence_in(domain)) {
            return (level, true);
        }
        let credit = self.evidence(member).iter().find(|e| e.domain == domain).map_or(0.0, |e| e.credit);
        (estimate_competence(credit), false)
    }

    /// The member's standing in a domain: declared competence at its rank, else the position
    /// estimated from their credit in it (novice without any).
    pub fn standing(&self, landscape: &Landscape, member: MemberId, domain: DomainId) -> Standing {
        let evidence = self.evidence(member).iter().find(|e| e.domain == domain);
        let events = evidence.map_or(0, |e| e.events);
        if let Some(level) = landscape.member(member).and_then(|m| m.competence_in(domain)) {
            return Standing { level, declared: true, position: f64::from(level.rank()), events };
        }
        let credit = evidence.map_or(0.0, |e| e.credit);
        Standing {
            level: estimate_competence(credit),
            declared: false,
            position: competence_position(credit),
            events,
        }
    }

    /// How much the member needs each of `needs` (as [`Profiles::needs`] gives them), in
    /// `0..=1`: 1 for a declared interest or competence; else the member's events in the domain
    /// over their events in their busiest domain.
    pub fn need_weights(&self, landscape: &Landscape, member: MemberId, needs: &[DomainId]) -> Vec<f64> {
        let declared = |d: DomainId| {
            landscape
                .member(member)
                .is_some_and(|m| m.interests().contains(&d) || m.competence_in(d).is_some())
        };
        let events =
            |d: DomainId| self.evidence(member).iter().find(|e| e.domain == d).map_or(0, |e| e.events);
        let busiest = self.evidence(member).iter().map(|e| e.events).max().unwrap_or(0);
        needs
            .iter()
            .map(
                |&d| {
                    if declared(d) || busiest == 0 { 1.0 } else { f64::from(events(d)) / f64::from(busiest) }
                },
            )
            .collect()
    }

    /// What a member needs: declared interests and competences, else the domains of their
    /// events, most frequent first.
    pub fn needs(&self, landscape: &Landscape, member: MemberId) -> Vec<DomainId> {
        let mut needs: Vec<DomainId> = Vec::new();
        if let Some(m) = landscape.member(member) {
            for &d in m.interests().iter().chain(m.competence().iter().map(|(d, _)| d)) {
                if !needs.contains(&d) {
                    needs.push(d);
                }
            }
        }
        if needs.is_empty() {
            let mut by_events: Vec<&DomainEvidence> = self.evidence(member).iter().collect();
            by_events.sort_by(|a, b| b.events.cmp(&a.events).then(a.domain.cmp(&b.domain)));
            needs.extend(by_events.iter().filter(|e| e.events > 0).take(EVENT_DOMAINS).map(|e| e.domain));
        }
        needs
    }

    /// What a member offers: declared competences, and domains where their evidence shows
    /// competence, strongest first.
    pub fn offers(&self, landscape: &Landscape, member: MemberId) -> Vec<Offer> {
        let mut offers: Vec<Offer> = landscape
            .member(member)
            .map(|m| {
                m.competence()
                    .iter()
                    .map(|&(domain, level)| Offer {
                        domain,
                        level,
                        declared: true,
                        position: f64::from(level.rank()),
                        events: self
                            .evidence(member)
                            .iter()
                            .find(|e| e.domain == domain)
                            .map_or(0, |e| e.events),
                    })
                    .collect()
            })
            .unwrap_or_default();
        for e in self.evidence(member) {
            if e.credit > 0.0 && !offers.iter().any(|o| o.domain == e.domain) {
                offers.push(Offer {
                    domain: e.domain,
                    level: estimate_competence(e.credit),
                    declared: false,
                    position: competence_position(e.credit),
                    events: e.events,
                });
            }
        }
        offers.sort_by(|a, b| b.position.total_cmp(&a.position).then(a.domain.cmp(&b.domain)));
        offers
    }
}

fn add(list: &mut Vec<DomainEvidence>, domain: DomainId, events: u32, credit: f64) {
    match list.iter_mut().find(|e| e.domain == domain) {
        Some(e) => {
            e.events += events;
            e.credit += credit;
        }
        None => list.push(DomainEvidence { domain, events, credit }),
    }
}

/// The number of interactions between two members up to `as_of` (either direction), plus 3 for
/// a mentoring tie between them (declared, or from `mentor` events).
pub(crate) fn interactions(landscape: &Landscape, a: MemberId, b: MemberId, as_of: i64) -> u32 {
    let graph = landscape.graph();
    let count = |from: MemberId, to: MemberId| -> u32 {
        match graph.interaction(from, to) {
            None => 0,
            Some(tie) if tie.last <= as_of => tie.count,
            Some(tie) if tie.first > as_of => 0,
            Some(_) => {
                let log = landscape.log();
                let target = to.raw();
                let columns = log.columns();
                log.of_member_between(from, i64::MIN, as_of + 1)
                    .iter()
                    .filter(|e| columns.target[e.index()] == target)
                    .count() as u32
            }
        }
    };
    let mentoring =
        [(a, b), (b, a)].iter().any(|&(x, y)| graph.mentoring(x, y).is_some_and(|tie| tie.first <= as_of));
    count(a, b) + count(b, a) + if mentoring { 3 } else { 0 }
}

/// Familiarity from a number of interactions, in `0..=1`: `n / (n + 3)`.
pub(crate) fn familiarity(interactions: u32) -> f64 {
    let n = f64::from(interactions);
    n / (n + 3.0)
}

/// The distinct mentees a member mentors now: targets of their `mentor` events and declared
/// mentoring ties, within `window_days` before `as_of`.
pub(crate) fn current_mentees(
    landscape: &Landscape,
    mentor: MemberId,
    as_of: i64,
    window_days: u32,
) -> Vec<MemberId> {
    let from = as_of - i64::from(window_days) * DAY + 1;
    let log = landscape.log();
    let columns = log.columns();
    let code = EventKind::Mentor.code();
    let mut mentees: Vec<MemberId> = log
        .of_member_between(mentor, from, as_of + 1)
        .iter()
        .filter(|e| columns.kind[e.index()] == code && columns.target[e.index()] != NONE)
        .map(|e| MemberId::from_raw(columns.target[e.index()]))
        .collect();
    mentees.extend(
        landscape
            .mentoring
            .iter()
            .filter(|t| t.mentor == mentor && t.since >= from && t.since <= as_of)
            .map(|t| t.mentee),
    );
    mentees.sort_unstable();
    mentees.dedup();
    mentees
}

/// Availability in `0..=1` from hours per week: `hours / reference_hours`, at most 1; 0.5 when
/// unknown.
pub(crate) fn availability(hours: Option<f32>, reference_hours: f32) -> f64 {
    match hours {
        Some(h) if reference_hours > 0.0 => (f64::from(h) / f64::from(reference_hours)).min(1.0),
        Some(_) => 1.0,
        None => 0.5,
    }
}

/// Checks that weights are finite and not negative.
pub(crate) fn check_weights(group: &str, weights: &[(&str, f64)]) -> Result<()> {
    for &(name, w) in weights {
        if !w.is_finite() || w < 0.0 {
            return Err(CopError::invalid(
                format!("{group}.{name}"),
                format!("{w} is not a finite number ≥ 0"),
            ));
        }
    }
    Ok(())
}

/// Members indexed by the roots of the domains they offer or need, to find related members
/// without comparing every pair.
pub(crate) struct RootIndex {
    by_root: FxHashMap<DomainId, Vec<u32>>,
}

impl RootIndex {
    pub fn new<'a>(taxonomy: &Taxonomy, members: impl IntoIterator<Item = &'a [DomainId]>) -> Self {
        let mut by_root: FxHashMap<DomainId, Vec<u32>> = FxHashMap::default();
        for (i, domains) in members.into_iter().enumerate() {
            for &d in domains {
                let list = by_root.entry(root(taxonomy, d)).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        RootIndex { by_root }
    }

    /// The indices of members with a domain in the same tree as one of `domains`, each once, in
    /// increasing order.
    pub fn related(&self, taxonomy: &Taxonomy, domains: &[DomainId]) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut roots: Vec<DomainId> = domains.iter().map(|&d| root(taxonomy, d)).collect();
        roots.sort_unstable();
        roots.dedup();
        for r in roots {
            if let Some(list) = self.by_root.get(&r) {
                out.extend_from_slice(list);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_of_a_pool_equal_those_of_everyone_for_its_members() {
        let csv = include_str!("../../../examples/data/stackexchange-history-meta-events.csv");
        let mut landscape = Landscape::new();
        landscape.import_csv(csv.as_bytes(), &crate::ImportOptions::default()).unwrap();
        let (_, last) = landscape.log().span().unwrap();
        let everyone = Profiles::build(&landscape, last, 365);
        let pool: Vec<MemberId> = landscape.member_ids().step_by(3).chain([MemberId::from_raw(0)]).collect();
        let some = Profiles::build_for(&landscape, last, 365, Some(&pool));
        let mut with_evidence = 0;
        for m in landscape.member_ids() {
            if pool.contains(&m) {
                assert_eq!(some.evidence(m), everyone.evidence(m), "member {m}");
                with_evidence += usize::from(!some.evidence(m).is_empty());
            } else {
                assert!(some.evidence(m).is_empty());
            }
        }
        assert!(with_evidence > 10, "{with_evidence}");
    }

    #[test]
    fn gaps_within_reach_score_best() {
        assert_eq!(gap_score(0, 2), 0.0);
        assert_eq!(gap_score(-1, 2), 0.0);
        assert_eq!(gap_score(1, 2), 1.0);
        assert_eq!(gap_score(2, 2), 1.0);
        assert_eq!(gap_score(3, 2), 0.5);
        assert!((gap_score(4, 2) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn estimates_follow_the_credit_thresholds() {
        assert_eq!(estimate_competence(2.9), Competence::AdvancedBeginner);
        assert_eq!(estimate_competence(3.0), Competence::Competent);
        assert_eq!(estimate_competence(9.99), Competence::Competent);
        assert_eq!(estimate_competence(29.0), Competence::Proficient);
        assert_eq!(kind_credit(EventKind::Ask), 0.0);
        assert_eq!(kind_credit(EventKind::Mentor), 2.0);
    }

    #[test]
    fn positions_are_continuous_within_a_stage_and_agree_with_the_stages() {
        for credit in [0.0, 0.25, 1.0, 2.99, 3.0, 4.0, 9.5, 10.0, 29.0, 30.0, 45.0, 1e6] {
            let position = competence_position(credit);
            assert_eq!(position.floor() as u8, estimate_competence(credit).rank(), "{credit}");
        }
        // By hand: 4 answers (credit 4) → competent, 1/7 of the way to proficient.
        assert!((competence_position(4.0) - (3.0 + 1.0 / 7.0)).abs() < 1e-12);
        assert!(competence_position(4.0) < competence_position(9.0));
        for gap in [-1, 0, 1, 2, 3, 4] {
            assert_eq!(position_gap_score(f64::from(gap), 2), gap_score(gap, 2));
        }
        assert_eq!(position_gap_score(2.5, 2), 1.0 / 1.5);
    }

    #[test]
    fn familiarity_and_availability_are_bounded() {
        assert_eq!(familiarity(0), 0.0);
        assert_eq!(familiarity(3), 0.5);
        assert!(familiarity(1000) < 1.0);
        assert_eq!(availability(None, 4.0), 0.5);
        assert_eq!(availability(Some(2.0), 4.0), 0.5);
        assert_eq!(availability(Some(10.0), 4.0), 1.0);
    }
}
