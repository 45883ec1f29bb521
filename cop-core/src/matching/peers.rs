//! Peer matching: learning partners at a similar level with shared interests.
//!
//! [`Analysis::peers`](crate::Analysis::peers) pairs members who learn the same things at about the
//! same stage. By default the members are the mentee pool of mentor matching (newcomers, inbound
//! and peripheral members); a list of keys can be given instead. The score of two members is the
//! weighted sum ([`PeerWeights`]) of parts in `0..=1` ([`PeerParts`]):
//!
//! - `interests`: the best [`domain_fit`](super::domain_fit) between a domain one needs and a
//!   domain the other needs — the pair's topic;
//! - `level`: `1 − |Δ| / 4` for the difference of their Dreyfus stages in the topic (pairs more
//!   than `max_level_gap` stages apart are not candidates);
//! - `participation`: `1 − |Δ| / 5` for the difference of their participation levels;
//! - `novelty`: 1 when they have never interacted.
//!
//! Each member's `top_k` best partners are candidates; the pairs are then chosen by a
//! **maximum-weight matching** of the candidate graph — exactly, by Edmonds' blossom algorithm
//! ([`max_weight_matching`], O(n³), on scores rounded to 1e-9)
//! when at most `exact_limit` members have a candidate, else greedily (heaviest pair first, a
//! ½-approximation). [`PeerMatching::exact`] says which.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::blossom::max_weight_matching;
use super::score::{
    DomainCredit, Profiles, RootIndex, check_weights, describe, domain_name, fit_of, interactions,
    member_name, relation,
};
use crate::error::{CopError, Entity, Result};
use crate::model::ids::{DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::member::Competence;
use crate::participation::analysis::Participation;

/// The weights of the parts of a peer pair's score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PeerWeights {
    /// Shared interests (domain fit of the topic).
    pub interests: f64,
    /// Similar competence in the topic.
    pub level: f64,
    /// Similar participation level.
    pub participation: f64,
    /// Not yet acquainted.
    pub novelty: f64,
}

impl Default for PeerWeights {
    /// Interests 0.5, level 0.3, participation 0.1, novelty 0.1.
    fn default() -> Self {
        PeerWeights { interests: 0.5, level: 0.3, participation: 0.1, novelty: 0.1 }
    }
}

/// How learning partners are matched (serialisable; every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PeerOptions {
    /// The members to pair, by key (default: newcomers, inbound and peripheral members).
    pub members: Option<Vec<String>>,
    /// The weights of the parts.
    pub weights: PeerWeights,
    /// Candidate partners kept per member.
    pub top_k: usize,
    /// Pairs further apart than this many Dreyfus stages in their topic are not candidates.
    pub max_level_gap: u8,
    /// Pairs scoring below this are not candidates.
    pub min_score: f64,
    /// Events within this many days before the date are evidence of interest and competence.
    pub window_days: u32,
    /// Up to this many members with candidates the matching is exact, beyond it greedy.
    pub exact_limit: usize,
    /// The partial credit of related domains.
    pub domain_credit: DomainCredit,
}

impl Default for PeerOptions {
    fn default() -> Self {
        PeerOptions {
            members: None,
            weights: PeerWeights::default(),
            top_k: 10,
            max_level_gap: 1,
            min_score: 0.0,
            window_days: 730,
            exact_limit: 2000,
            domain_credit: DomainCredit::default(),
        }
    }
}

impl PeerOptions {
    /// Parses options from JSON (missing fields take their defaults).
    pub fn from_json(text: &str) -> Result<PeerOptions> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("peer options", e.to_string()))
    }

    fn check(&self) -> Result<()> {
        let w = &self.weights;
        check_weights(
            "weights",
            &[
                ("interests", w.interests),
                ("level", w.level),
                ("participation", w.participation),
                ("novelty", w.novelty),
            ],
        )?;
        self.domain_credit.check()?;
        if self.top_k == 0 {
            return Err(CopError::invalid("top_k", "at least one candidate per member is needed"));
        }
        if !self.min_score.is_finite() {
            return Err(CopError::invalid("min_score", "must be finite"));
        }
        Ok(())
    }
}

/// The parts of a peer pair's score, each in `0..=1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct PeerParts {
    /// Shared interests: domain fit of the topic.
    pub interests: f64,
    /// Similar competence in the topic.
    pub level: f64,
    /// Similar participation level.
    pub participation: f64,
    /// 1 when the two have never interacted.
    pub novelty: f64,
}

impl PeerParts {
    /// The weighted sum of the parts.
    pub fn total(&self, w: &PeerWeights) -> f64 {
        w.interests * self.interests
            + w.level * self.level
            + w.participation * self.participation
            + w.novelty * self.novelty
    }
}

/// Two suggested learning partners (`a` before `b` by key).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PeerPair {
    /// One member's key.
    pub a: String,
    /// Their id.
    pub a_id: MemberId,
    /// The other member's key.
    pub b: String,
    /// Their id.
    pub b_id: MemberId,
    /// The score: the weighted sum of the parts.
    pub score: f64,
    /// The parts of the score.
    pub parts: PeerParts,
    /// `a`'s domain of the topic.
    pub domain: String,
    /// `b`'s domain of the topic.
    pub other_domain: String,
    /// The parts in words.
    pub reasons: Vec<String>,
}

/// The result of peer matching.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PeerMatching {
    /// Whether the matching is a maximum-weight one (blossom) or greedy.
    pub exact: bool,
    /// The pairs, by key.
    pub pairs: Vec<PeerPair>,
    /// Members left without a partner, by key.
    pub unmatched: Vec<String>,
    /// The sum of the pairs' scores.
    pub total_score: f64,
    /// Members considered.
    pub members: usize,
    /// Candidate pairs.
    pub candidates: usize,
}

#[derive(Clone, Copy, Debug)]
struct PeerTopic {
    a: DomainId,
    b: DomainId,
    a_level: Competence,
    b_level: Competence,
}

/// Suggests learning partners (see the [module documentation](self)). Levels come from
/// `participation`, interests and competence from events up to `as_of` (seconds). Fails when a
/// key is unknown. Reached through [`Analysis::peers`](crate::Analysis::peers).
pub(crate) fn suggest_peers(
    landscape: &Landscape,
    participation: &Participation,
    as_of: i64,
    options: &PeerOptions,
) -> Result<PeerMatching> {
    options.check()?;
    let mut members: Vec<MemberId> = match &options.members {
        Some(keys) => keys
            .iter()
            .map(|k| landscape.member_id(k).ok_or_else(|| CopError::unknown_key(Entity::Member, k)))
            .collect::<Result<_>>()?,
        None => super::mentors::default_mentees(landscape, participation),
    };
    members.sort_unstable();
    members.dedup();
    let peers = Peers::new(landscape, participation, as_of, options, members);
    let candidates = peers.candidates();
    let mut edges: Vec<((u32, u32), f64)> = candidates.iter().map(|(&k, v)| (k, v.0)).collect();
    edges.sort_by_key(|a| a.0);
    let (exact, partner) = pair_up(peers.members.len(), &edges, options.exact_limit);
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for (i, p) in partner.iter().enumerate() {
        match *p {
            Some(j) if (i as u32) < j => pairs.push(peers.explain(i, j as usize, candidates[&(i as u32, j)])),
            Some(_) => {}
            None => unmatched.push(member_name(landscape, peers.members[i])),
        }
    }
    pairs.sort_by(|p, q| p.a.cmp(&q.a).then(p.b.cmp(&q.b)));
    unmatched.sort();
    Ok(PeerMatching {
        exact,
        total_score: pairs.iter().map(|p| p.score).fold(0.0, |a, b| a + b),
        pairs,
        unmatched,
        members: peers.members.len(),
        candidates: edges.len(),
    })
}

/// A candidate pair: its score, the score's parts and the topic.
type Scored = (f64, PeerParts, PeerTopic);

/// The members to pair, their needs, and how to score and explain a pair of them.
struct Peers<'a> {
    landscape: &'a Landscape,
    taxonomy: &'a crate::model::domain::Taxonomy,
    participation: &'a Participation,
    as_of: i64,
    options: &'a PeerOptions,
    profiles: Profiles,
    members: Vec<MemberId>,
    needs: Vec<Vec<DomainId>>,
    /// Members by the roots of the domains they need.
    index: RootIndex,
}

impl<'a> Peers<'a> {
    fn new(
        landscape: &'a Landscape,
        participation: &'a Participation,
        as_of: i64,
        options: &'a PeerOptions,
        members: Vec<MemberId>,
    ) -> Peers<'a> {
        let taxonomy = landscape.taxonomy();
        let profiles = Profiles::build(landscape, as_of, options.window_days);
        let needs: Vec<Vec<DomainId>> = members.iter().map(|&m| profiles.needs(landscape, m)).collect();
        let index = RootIndex::new(taxonomy, needs.iter().map(Vec::as_slice));
        Peers { landscape, taxonomy, participation, as_of, options, profiles, members, needs, index }
    }

    /// The best topic of members `i` and `j`: related needs at levels close enough, with its
    /// domain fit.
    fn topic_of(&self, i: usize, j: usize) -> Option<(f64, PeerTopic)> {
        let (landscape, options) = (self.landscape, self.options);
        let mut best: Option<(f64, f64, PeerTopic)> = None;
        for &x in &self.needs[i] {
            let (a_level, _) = self.profiles.level(landscape, self.members[i], x);
            for &y in &self.needs[j] {
                let fit = fit_of(relation(self.taxonomy, x, y), &options.domain_credit);
                if fit <= 0.0 {
                    continue;
                }
                let (b_level, _) = self.profiles.level(landscape, self.members[j], y);
                let gap = (i32::from(a_level.rank()) - i32::from(b_level.rank())).unsigned_abs();
                if gap > u32::from(options.max_level_gap) {
                    continue;
                }
                let level = 1.0 - f64::from(gap) / 4.0;
                let value = options.weights.interests * fit + options.weights.level * level;
                if best.as_ref().is_none_or(|b| value > b.0) {
                    best = Some((value, fit, PeerTopic { a: x, b: y, a_level, b_level }));
                }
            }
        }
        best.map(|(_, fit, topic)| (fit, topic))
    }

    /// The parts of the score of members `i` and `j` on a topic.
    fn parts_of(&self, i: usize, j: usize, fit: f64, topic: &PeerTopic) -> PeerParts {
        let rank = |m: MemberId| self.participation.level(m).map_or(0, |a| a.level.rank());
        let (a, b) = (self.members[i], self.members[j]);
        let gap = (i32::from(topic.a_level.rank()) - i32::from(topic.b_level.rank())).unsigned_abs();
        let ties = interactions(self.landscape, a, b, self.as_of);
        PeerParts {
            interests: fit,
            level: 1.0 - f64::from(gap) / 4.0,
            participation: 1.0 - f64::from(rank(a).abs_diff(rank(b))) / 5.0,
            novelty: if ties == 0 { 1.0 } else { 0.0 },
        }
    }

    /// Candidate pairs, keyed by (lower index, higher index): each member's top k partners,
    /// both directions merged.
    fn candidates(&self) -> FxHashMap<(u32, u32), Scored> {
        let options = self.options;
        let mut candidates: FxHashMap<(u32, u32), Scored> = FxHashMap::default();
        for i in 0..self.members.len() {
            let mut list: Vec<(u32, Scored)> = Vec::new();
            for j in self.index.related(self.taxonomy, &self.needs[i]) {
                let j = j as usize;
                let Some((fit, topic)) = (j != i).then(|| self.topic_of(i, j)).flatten() else { continue };
                let parts = self.parts_of(i, j, fit, &topic);
                let score = parts.total(&options.weights);
                if score >= options.min_score && score > 0.0 {
                    list.push((j as u32, (score, parts, topic)));
                }
            }
            list.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(a.0.cmp(&b.0)));
            list.truncate(options.top_k);
            for (j, (score, parts, topic)) in list {
                let (a, b) = (i as u32, j);
                let topic = if a < b {
                    topic
                } else {
                    PeerTopic { a: topic.b, b: topic.a, a_level: topic.b_level, b_level: topic.a_level }
                };
                candidates.entry((a.min(b), a.max(b))).or_insert((score, parts, topic));
            }
        }
        candidates
    }

    /// The pair of members `i` < `j`, explained, its two members in key order.
    fn explain(&self, i: usize, j: usize, (score, parts, topic): Scored) -> PeerPair {
        let landscape = self.landscape;
        let (a, b) = (self.members[i], self.members[j]);
        let reasons = vec![
            format!(
                "interests {:.2}: `{}` works on `{}`, `{}` on {}",
                parts.interests,
                member_name(landscape, a),
                domain_name(landscape, topic.a),
                member_name(landscape, b),
                describe(landscape, relation(self.taxonomy, topic.a, topic.b), topic.a, topic.b)
            ),
            format!(
                "level {:.2}: {} and {} in the topic",
                parts.level,
                topic.a_level.name(),
                topic.b_level.name()
            ),
            format!(
                "participation {:.2}: levels {} and {}",
                parts.participation,
                level_name(self.participation, a),
                level_name(self.participation, b)
            ),
            if parts.novelty > 0.0 {
                "novelty: the two have not interacted yet".to_owned()
            } else {
                "the two have interacted before".to_owned()
            },
        ];
        let (ka, kb) = (member_name(landscape, a), member_name(landscape, b));
        let swap = ka > kb;
        let (x, y) = if swap { ((b, kb), (a, ka)) } else { ((a, ka), (b, kb)) };
        let (dx, dy) = if swap { (topic.b, topic.a) } else { (topic.a, topic.b) };
        PeerPair {
            a: x.1,
            a_id: x.0,
            b: y.1,
            b_id: y.0,
            score,
            parts,
            domain: domain_name(landscape, dx),
            other_domain: domain_name(landscape, dy),
            reasons,
        }
    }
}

/// Pairs members along the candidate edges: the maximum-weight matching when few members have
/// candidates (`exact`), else greedily by score. Gives whether it was exact and each member's
/// partner.
fn pair_up(members: usize, edges: &[((u32, u32), f64)], exact_limit: usize) -> (bool, Vec<Option<u32>>) {
    let mut with_candidates: Vec<u32> = edges.iter().flat_map(|((a, b), _)| [*a, *b]).collect();
    with_candidates.sort_unstable();
    with_candidates.dedup();
    if with_candidates.len() <= exact_limit {
        let weighted: Vec<(u32, u32, i64)> =
            edges.iter().map(|&((a, b), s)| (a, b, (s * 1e9).round() as i64)).collect();
        return (true, max_weight_matching(members, &weighted));
    }
    let mut partner: Vec<Option<u32>> = vec![None; members];
    let mut order = edges.to_vec();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((a, b), _) in order {
        if partner[a as usize].is_none() && partner[b as usize].is_none() {
            partner[a as usize] = Some(b);
            partner[b as usize] = Some(a);
        }
    }
    (false, partner)
}

fn level_name(participation: &Participation, member: MemberId) -> &'static str {
    participation.level(member).map_or("unknown", |a| a.level.name())
}
