//! Mentor matching: who should learn from whom.
//!
//! [`Analysis::mentors`](crate::Analysis::mentors) pairs mentees with mentors. By default the
//! mentees are the newcomers and the members moving inward or staying at the periphery (trajectory
//! newcomer, inbound or peripheral, or level peripheral; outsiders excluded), and the mentors are
//! the core group and active members who are competent (by default at least
//! [`Competence::Competent`]) in some domain; either side can be given as a list of keys instead.
//!
//! **Capacity.** A mentor takes at most `capacities[key]` mentees when set, else
//! [`Member::mentoring_capacity`](crate::Member::mentoring_capacity) when it is above 0, else
//! `default_capacity` (2) — a core or active member, or anyone named in `mentors`, has not said
//! they cannot mentor. `max_mentees` caps every mentor. The mentees they mentor now (their
//! `mentor` events and declared ties within `load_window_days`) count against it.
//!
//! **Score of a pair**, the weighted sum ([`MentorWeights`]) of parts in `0..=1`
//! ([`ScoreParts`]), every one explained in the pair's reasons:
//!
//! - `domain_fit`: the best [`domain_fit`](super::domain_fit) between a domain the mentee needs
//!   and one the mentor offers *where the mentor is ahead* — the pair's topic — times how much
//!   the mentee needs that domain: 1 for a declared interest or competence, else the mentee's
//!   events in it over their events in their busiest domain (a side domain fits less than the
//!   mentee's main one);
//! - `competence_gap`: [`position_gap_score`](super::position_gap_score()) of the mentor's
//!   position on the Dreyfus scale minus the mentee's in the topic
//!   ([`competence_position`](super::competence_position()): declared competence at its stage,
//!   else estimated from what each did in the domain — the credit of their events there and of
//!   their authored artifacts about it, continuous within a stage); 1 when one to `max_gap`
//!   stages ahead, less when barely ahead or far ahead;
//! - `capacity`: the share of the mentor's places still free (do not overload the core);
//! - `availability`: the mentor's hours per week over `reference_hours` (0.5 when unknown);
//! - `familiarity`: how well the two know each other, `n / (n + 3)` for `n` interactions (a
//!   mentoring tie counts 3); `novelty`: 1 when they have never interacted — a new tie widens
//!   the mentee's network;
//! - `preference`: the mentee's stated preference, 1 for their first choice down to `1/L` for
//!   the last of `L`.
//!
//! A mentor is a candidate of a mentee when they fit a domain and are ahead in it, have a free
//! place and are not excluded; the `top_k` best candidates of each mentee (plus their preferred
//! and required mentors) go to the solver ([`Mode`]). Required pairs are kept whatever their
//! score. In stable mode, mentors rank mentees by the score without the mentee's stated
//! preference.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::assign::{Assignment, AssignmentProblem, Candidate, Mode, assign};
use super::score::{
    DomainCredit, Offer, Profiles, RootIndex, Standing, availability, check_weights, current_mentees,
    describe, domain_name, familiarity, fit_of, interactions, member_name, position_gap_score, relation,
};
use crate::error::{CopError, Entity, Result};
use crate::model::ids::{DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::member::Competence;
use crate::model::time::format_seconds;
use crate::participation::analysis::Participation;
use crate::participation::levels::Level;
use crate::participation::trajectory::TrajectoryKind;

/// The weights of the parts of a mentor–mentee score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MentorWeights {
    /// Domain fit of the topic.
    pub domain_fit: f64,
    /// The competence gap in the topic.
    pub competence_gap: f64,
    /// The mentor's free places.
    pub capacity: f64,
    /// The mentor's hours per week.
    pub availability: f64,
    /// An existing tie between the two.
    pub familiarity: f64,
    /// No tie yet between the two.
    pub novelty: f64,
    /// The mentee's stated preference.
    pub preference: f64,
}

impl Default for MentorWeights {
    /// Domain fit 0.35, competence gap 0.25, capacity 0.10, availability 0.05, familiarity
    /// 0.05, novelty 0.05, preference 0.15: scores fall in `0..=1`.
    fn default() -> Self {
        MentorWeights {
            domain_fit: 0.35,
            competence_gap: 0.25,
            capacity: 0.10,
            availability: 0.05,
            familiarity: 0.05,
            novelty: 0.05,
            preference: 0.15,
        }
    }
}

impl MentorWeights {
    fn check(&self) -> Result<()> {
        check_weights(
            "weights",
            &[
                ("domain_fit", self.domain_fit),
                ("competence_gap", self.competence_gap),
                ("capacity", self.capacity),
                ("availability", self.availability),
                ("familiarity", self.familiarity),
                ("novelty", self.novelty),
                ("preference", self.preference),
            ],
        )
    }
}

/// The parts of a mentor–mentee score, each in `0..=1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ScoreParts {
    /// How well the mentor's domain fits the mentee's (1: the same domain).
    pub domain_fit: f64,
    /// How well the competence gap suits mentoring (1: ahead but within reach).
    pub competence_gap: f64,
    /// The share of the mentor's places still free.
    pub capacity: f64,
    /// The mentor's availability (0.5 when unknown).
    pub availability: f64,
    /// How well the two know each other already.
    pub familiarity: f64,
    /// 1 when the two have never interacted.
    pub novelty: f64,
    /// The mentee's stated preference for this mentor.
    pub preference: f64,
}

impl ScoreParts {
    /// The weighted sum of the parts.
    pub fn total(&self, w: &MentorWeights) -> f64 {
        w.domain_fit * self.domain_fit
            + w.competence_gap * self.competence_gap
            + w.capacity * self.capacity
            + w.availability * self.availability
            + w.familiarity * self.familiarity
            + w.novelty * self.novelty
            + w.preference * self.preference
    }
}

/// A pair of member keys (for required and excluded pairs).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PairKeys {
    /// The mentee's key.
    pub mentee: String,
    /// The mentor's key.
    pub mentor: String,
}

/// Everything mentor matching is configured by (serialisable, so C and Python can pass it as
/// JSON; every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MatchingOptions {
    /// How pairs are chosen.
    pub mode: Mode,
    /// The weights of the score's parts.
    pub weights: MentorWeights,
    /// Candidates kept per mentee (best first; preferred and required mentors are added).
    pub top_k: usize,
    /// The mentees, by key (default: newcomers, inbound and peripheral members).
    pub mentees: Option<Vec<String>>,
    /// The mentors, by key (default: competent core group and active members).
    pub mentors: Option<Vec<String>>,
    /// Pairs that must be made, whatever their score.
    pub required: Vec<PairKeys>,
    /// Pairs that must not be made.
    pub excluded: Vec<PairKeys>,
    /// At most this many mentees per mentor, whatever their capacity.
    pub max_mentees: Option<u32>,
    /// Capacities per mentor key, overriding the members' own.
    pub capacities: BTreeMap<String, u32>,
    /// The capacity of a mentor who has none set (0).
    pub default_capacity: u32,
    /// Preferred mentors per mentee key, most preferred first.
    pub preferences: BTreeMap<String, Vec<String>>,
    /// The competence gap (in Dreyfus stages) up to which a mentor is "within reach".
    pub max_gap: u8,
    /// The competence a default mentor must have in some domain.
    pub min_mentor_competence: Competence,
    /// Events within this many days before the date are evidence of competence and interest.
    pub window_days: u32,
    /// `mentor` events and declared ties within this many days count as current mentees.
    pub load_window_days: u32,
    /// Hours per week counted as fully available.
    pub reference_hours: f32,
    /// The partial credit of related domains.
    pub domain_credit: DomainCredit,
}

impl Default for MatchingOptions {
    fn default() -> Self {
        MatchingOptions {
            mode: Mode::Optimal,
            weights: MentorWeights::default(),
            top_k: 20,
            mentees: None,
            mentors: None,
            required: Vec::new(),
            excluded: Vec::new(),
            max_mentees: None,
            capacities: BTreeMap::new(),
            default_capacity: 2,
            preferences: BTreeMap::new(),
            max_gap: 2,
            min_mentor_competence: Competence::Competent,
            window_days: 730,
            load_window_days: 90,
            reference_hours: 4.0,
            domain_credit: DomainCredit::default(),
        }
    }
}

impl MatchingOptions {
    /// Parses options from JSON (missing fields take their defaults).
    pub fn from_json(text: &str) -> Result<MatchingOptions> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("matching options", e.to_string()))
    }

    /// Checks the options.
    pub fn check(&self) -> Result<()> {
        self.weights.check()?;
        self.domain_credit.check()?;
        if self.top_k == 0 {
            return Err(CopError::invalid("top_k", "at least one candidate per mentee is needed"));
        }
        if self.max_gap == 0 {
            return Err(CopError::invalid("max_gap", "must be at least 1"));
        }
        if !self.reference_hours.is_finite() || self.reference_hours <= 0.0 {
            return Err(CopError::invalid("reference_hours", "must be a finite number > 0"));
        }
        Ok(())
    }
}

/// Why a mentee was left without a mentor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// The mentee has no declared interest or competence and no event with a domain.
    NoDomain,
    /// No mentor is ahead of the mentee in a related domain.
    NoCandidate,
    /// Every mentor who fits is excluded for this mentee.
    Excluded,
    /// The mentors who fit have no free place, or their places went to other mentees.
    CapacityTaken,
}

/// A mentee left without a mentor, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Unmatched {
    /// The mentee's key.
    pub mentee: String,
    /// The mentee's id.
    pub mentee_id: MemberId,
    /// Why.
    pub reason: UnmatchedReason,
    /// The reason in words.
    pub detail: String,
}

/// A suggested mentor–mentee pair with its score, the parts of the score and the reasons.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MatchedPair {
    /// The mentee's key.
    pub mentee: String,
    /// The mentee's id.
    pub mentee_id: MemberId,
    /// The mentor's key.
    pub mentor: String,
    /// The mentor's id.
    pub mentor_id: MemberId,
    /// The score: the weighted sum of the parts.
    pub score: f64,
    /// The parts of the score.
    pub parts: ScoreParts,
    /// The mentee's domain the pair is about (the topic), if any.
    pub domain: Option<String>,
    /// The mentor's domain that fits it.
    pub mentor_domain: Option<String>,
    /// Whether the pair was required.
    pub required: bool,
    /// The parts in words.
    pub reasons: Vec<String>,
}

/// The result of mentor matching.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MentorMatching {
    /// The mode used.
    pub mode: Mode,
    /// The date (RFC 3339).
    pub as_of: String,
    /// The pairs, by mentee key.
    pub pairs: Vec<MatchedPair>,
    /// The mentees left without a mentor, by key.
    pub unmatched: Vec<Unmatched>,
    /// The sum of the pairs' scores.
    pub total_score: f64,
    /// Mentees considered.
    pub mentees: usize,
    /// Mentors considered.
    pub mentors: usize,
    /// Candidate pairs given to the solver.
    pub candidates: usize,
}

/// The topic of a pair: the mentee's domain, the mentor's, how they relate and the stages.
#[derive(Clone, Copy, Debug)]
struct Topic {
    need: DomainId,
    offer: Offer,
    /// The taxonomy's fit times how much the mentee needs the domain.
    fit: f64,
    /// How much the mentee needs the domain (0..=1).
    need_weight: f64,
    mentee: Standing,
    /// The gap in stages (whole): the mentor must be at least one stage ahead.
    gap: i32,
    /// The gap in positions (continuous), which the score uses.
    position_gap: f64,
}

/// A mentor as the matcher sees them.
struct MentorInfo {
    id: MemberId,
    offers: Vec<Offer>,
    capacity: u32,
    current: usize,
    free: u32,
}

/// The default mentees: trajectory newcomer, inbound or peripheral, or level peripheral; not
/// outsiders.
pub(crate) fn default_mentees(landscape: &Landscape, participation: &Participation) -> Vec<MemberId> {
    landscape
        .member_ids()
        .filter(|&m| {
            let level = participation.level(m).map(|a| a.level);
            let trajectory = participation.trajectory(m).map(|t| t.kind);
            level.is_some_and(|l| l != Level::Outsider)
                && (level == Some(Level::Peripheral)
                    || matches!(
                        trajectory,
                        Some(TrajectoryKind::Newcomer | TrajectoryKind::Inbound | TrajectoryKind::Peripheral)
                    ))
        })
        .collect()
}

fn core_or_active(participation: &Participation, member: MemberId) -> bool {
    participation.level(member).is_some_and(|a| matches!(a.level, Level::CoreGroup | Level::Active))
}

fn resolve(landscape: &Landscape, key: &str) -> Result<MemberId> {
    landscape.member_id(key).ok_or_else(|| CopError::unknown_key(Entity::Member, key))
}

/// Suggests a mentor for each mentee (see the [module documentation](self) for the pools, the
/// capacities and the score). Levels and trajectories come from `participation`; evidence of
/// competence, ties and load from events up to `as_of` (seconds). Reached through
/// [`Analysis::mentors`](crate::Analysis::mentors), which documents the errors and an example.
pub(crate) fn suggest_mentors(
    landscape: &Landscape,
    participation: &Participation,
    as_of: i64,
    options: &MatchingOptions,
) -> Result<MentorMatching> {
    options.check()?;
    let people = Participants::gather(landscape, participation, as_of, options)?;
    let mentors = mentor_infos(landscape, participation, as_of, options, &people)?;
    let scorer = Scorer::new(landscape, as_of, options, &people, &mentors);
    let mut problem = AssignmentProblem::new(mentors.iter().map(|m| m.free).collect());
    let mut scored: Vec<Vec<Scored>> = Vec::with_capacity(people.mentees.len());
    let mut why: Vec<(UnmatchedReason, String)> = Vec::with_capacity(people.mentees.len());
    // Each mentee's candidates on every core; the problem is then built in the mentees' order.
    let candidates: Vec<_> = people.mentees.par_iter().map(|&mentee| scorer.candidates(mentee)).collect();
    for (&mentee, (list, reason)) in people.mentees.iter().zip(candidates) {
        why.push(reason);
        let candidates = list.iter().map(|s| Candidate {
            mentor: s.mentor,
            score: s.score,
            mentor_score: s.score - options.weights.preference * s.parts.preference,
        });
        let i = problem.add_mentee(candidates)?;
        if let Some(m) = people.required_of.get(&mentee) {
            problem.require(i, scorer.mentor_index[m])?;
        }
        scored.push(list);
    }
    let assignment = assign(&problem, options.mode);
    let explained = Explained { landscape, as_of, people: &people, mentors: &mentors, scored: &scored };
    Ok(explained.matching(options.mode, &problem, &assignment, why))
}

/// Who takes part in a matching: mentees, mentors, and the pairs the options require, exclude
/// or prefer — all resolved to ids, in a canonical order.
struct Participants {
    /// The mentors the options list, if they do.
    listed_mentors: Option<Vec<MemberId>>,
    mentees: Vec<MemberId>,
    mentors: Vec<MemberId>,
    profiles: Profiles,
    /// Each required mentee's mentor.
    required_of: FxHashMap<MemberId, MemberId>,
    excluded: FxHashSet<(MemberId, MemberId)>,
    /// Each mentee's preferred mentors, most preferred first.
    preferences: FxHashMap<MemberId, Vec<MemberId>>,
}

impl Participants {
    fn gather(
        landscape: &Landscape,
        participation: &Participation,
        as_of: i64,
        options: &MatchingOptions,
    ) -> Result<Participants> {
        let keys = |list: &Option<Vec<String>>| -> Result<Option<Vec<MemberId>>> {
            list.as_ref().map(|keys| keys.iter().map(|k| resolve(landscape, k)).collect()).transpose()
        };
        let listed_mentors = keys(&options.mentors)?;
        let mut mentees =
            keys(&options.mentees)?.unwrap_or_else(|| default_mentees(landscape, participation));
        // Evidence is needed for the mentees and the mentors only: with both pools given (and
        // every required pair within them), only theirs is gathered.
        let profiles = match &listed_mentors {
            Some(mentors) if options.required.is_empty() => {
                let pool: Vec<MemberId> = mentees.iter().chain(mentors).copied().collect();
                Profiles::build_for(landscape, as_of, options.window_days, Some(&pool))
            }
            _ => Profiles::build(landscape, as_of, options.window_days),
        };
        let pairs = |list: &[PairKeys]| -> Result<Vec<(MemberId, MemberId)>> {
            list.iter()
                .map(|p| Ok((resolve(landscape, &p.mentee)?, resolve(landscape, &p.mentor)?)))
                .collect()
        };
        let required = pairs(&options.required)?;
        let excluded: FxHashSet<(MemberId, MemberId)> = pairs(&options.excluded)?.into_iter().collect();
        let mut preferences: FxHashMap<MemberId, Vec<MemberId>> = FxHashMap::default();
        for (mentee, list) in &options.preferences {
            let mentors = list.iter().map(|k| resolve(landscape, k)).collect::<Result<Vec<_>>>()?;
            preferences.insert(resolve(landscape, mentee)?, mentors);
        }
        let mut mentors: Vec<MemberId> = match &listed_mentors {
            Some(list) => list.clone(),
            None => landscape
                .member_ids()
                .filter(|&m| {
                    core_or_active(participation, m)
                        && profiles
                            .offers(landscape, m)
                            .iter()
                            .any(|o| o.level >= options.min_mentor_competence)
                })
                .collect(),
        };
        let required_of = check_required(landscape, &required, &excluded)?;
        mentees.extend(required.iter().map(|p| p.0));
        mentors.extend(required.iter().map(|p| p.1));
        // A canonical order, so that equal scores are broken the same way whatever order the
        // mentees and mentors were given in.
        for list in [&mut mentees, &mut mentors] {
            dedup_in_order(list);
            list.sort_by(|a, b| landscape.member_key(*a).cmp(&landscape.member_key(*b)));
        }
        Ok(Participants { listed_mentors, mentees, mentors, profiles, required_of, excluded, preferences })
    }
}

/// Each required mentee's mentor; refuses a mentee required with two mentors, with themselves,
/// or in a pair that is also excluded.
fn check_required(
    landscape: &Landscape,
    required: &[(MemberId, MemberId)],
    excluded: &FxHashSet<(MemberId, MemberId)>,
) -> Result<FxHashMap<MemberId, MemberId>> {
    let name = |m: MemberId| member_name(landscape, m);
    let mut required_of: FxHashMap<MemberId, MemberId> = FxHashMap::default();
    for &(mentee, mentor) in required {
        let refused = if let Some(other) = required_of.insert(mentee, mentor)
            && other != mentor
        {
            Some(format!("`{}` is required with both `{}` and `{}`", name(mentee), name(other), name(mentor)))
        } else if mentee == mentor {
            Some(format!("`{}` cannot mentor themselves", name(mentee)))
        } else if excluded.contains(&(mentee, mentor)) {
            Some(format!("the pair ({}, {}) is both required and excluded", name(mentee), name(mentor)))
        } else {
            None
        };
        if let Some(message) = refused {
            return Err(CopError::invalid("required", message));
        }
    }
    Ok(required_of)
}

/// The mentors with their offers, capacities and free places (the required mentees always fit).
fn mentor_infos(
    landscape: &Landscape,
    participation: &Participation,
    as_of: i64,
    options: &MatchingOptions,
    people: &Participants,
) -> Result<Vec<MentorInfo>> {
    let mut required_count: FxHashMap<MemberId, u32> = FxHashMap::default();
    for mentor in people.required_of.values() {
        *required_count.entry(*mentor).or_default() += 1;
    }
    let mut mentors: Vec<MentorInfo> = Vec::with_capacity(people.mentors.len());
    for &id in &people.mentors {
        let key = member_name(landscape, id);
        let member = landscape
            .member(id)
            .ok_or(CopError::UnknownId { entity: Entity::Member, id: id.raw().into() })?;
        let listed = people.listed_mentors.as_ref().is_some_and(|l| l.contains(&id));
        let explicit = options
            .capacities
            .get(&key)
            .copied()
            .or((member.mentoring_capacity > 0).then_some(member.mentoring_capacity));
        let mut capacity = match explicit {
            Some(c) => c,
            None if listed || core_or_active(participation, id) => options.default_capacity,
            None => 0,
        };
        if let Some(max) = options.max_mentees {
            capacity = capacity.min(max);
        }
        let needed = required_count.get(&id).copied().unwrap_or(0);
        if needed > capacity {
            if explicit.is_some() || options.max_mentees.is_some() {
                return Err(CopError::invalid(
                    "required",
                    format!("mentor `{key}` has capacity {capacity} but {needed} required mentees"),
                ));
            }
            capacity = needed;
        }
        let current = current_mentees(landscape, id, as_of, options.load_window_days).len();
        let free = (capacity.saturating_sub(current as u32)).max(needed);
        mentors.push(MentorInfo {
            id,
            offers: people.profiles.offers(landscape, id),
            capacity,
            current,
            free,
        });
    }
    Ok(mentors)
}

/// A candidate mentor of one mentee: the mentor's index, the score, its parts and the topic.
struct Scored {
    mentor: u32,
    score: f64,
    parts: ScoreParts,
    topic: Option<Topic>,
}

/// Scores mentee–mentor pairs: the best topic of a pair, the parts of its score, and each
/// mentee's candidates.
struct Scorer<'a> {
    landscape: &'a Landscape,
    taxonomy: &'a crate::model::domain::Taxonomy,
    as_of: i64,
    options: &'a MatchingOptions,
    people: &'a Participants,
    mentors: &'a [MentorInfo],
    mentor_index: FxHashMap<MemberId, u32>,
    /// Mentors by the roots of the domains they offer.
    index: RootIndex,
}

impl<'a> Scorer<'a> {
    fn new(
        landscape: &'a Landscape,
        as_of: i64,
        options: &'a MatchingOptions,
        people: &'a Participants,
        mentors: &'a [MentorInfo],
    ) -> Scorer<'a> {
        let taxonomy = landscape.taxonomy();
        let mentor_index = mentors.iter().enumerate().map(|(j, m)| (m.id, j as u32)).collect();
        let offered: Vec<Vec<DomainId>> =
            mentors.iter().map(|m| m.offers.iter().map(|o| o.domain).collect()).collect();
        let index = RootIndex::new(taxonomy, offered.iter().map(Vec::as_slice));
        Scorer { landscape, taxonomy, as_of, options, people, mentors, mentor_index, index }
    }

    /// The pair's best topic: the need and offer with the highest domain fit and stage gap.
    fn topic_of(
        &self,
        mentee: MemberId,
        needs: &[DomainId],
        need_weights: &[f64],
        mentor: &MentorInfo,
    ) -> Option<Topic> {
        let (options, weights) = (self.options, &self.options.weights);
        let mut best: Option<(f64, Topic)> = None;
        for (&need, &need_weight) in needs.iter().zip(need_weights) {
            let standing = self.people.profiles.standing(self.landscape, mentee, need);
            for &offer in &mentor.offers {
                let fit =
                    fit_of(relation(self.taxonomy, need, offer.domain), &options.domain_credit) * need_weight;
                if fit <= 0.0 {
                    continue;
                }
                let gap = i32::from(offer.level.rank()) - i32::from(standing.level.rank());
                let position_gap = offer.position - standing.position;
                let value = weights.domain_fit * fit
                    + weights.competence_gap * position_gap_score(position_gap, options.max_gap);
                let better = match &best {
                    None => true,
                    Some((v, t)) => value > *v || (value == *v && gap > 0 && t.gap <= 0),
                };
                if better {
                    best = Some((
                        value,
                        Topic { need, offer, fit, need_weight, mentee: standing, gap, position_gap },
                    ));
                }
            }
        }
        best.map(|(_, t)| t)
    }

    /// The parts of a pair's score.
    fn parts_of(&self, mentee: MemberId, j: usize, topic: Option<&Topic>) -> ScoreParts {
        let (mentor, options) = (&self.mentors[j], self.options);
        let ties = interactions(self.landscape, mentee, mentor.id, self.as_of);
        let preference = self
            .people
            .preferences
            .get(&mentee)
            .and_then(|list| {
                let at = list.iter().position(|&m| m == mentor.id)?;
                Some(1.0 - at as f64 / list.len() as f64)
            })
            .unwrap_or(0.0);
        let capacity =
            if mentor.capacity == 0 { 0.0 } else { f64::from(mentor.free) / f64::from(mentor.capacity) };
        ScoreParts {
            domain_fit: topic.map_or(0.0, |t| t.fit),
            competence_gap: topic.map_or(0.0, |t| position_gap_score(t.position_gap, options.max_gap)),
            capacity: capacity.min(1.0),
            availability: availability(
                self.landscape.member(mentor.id).and_then(|m| m.availability),
                options.reference_hours,
            ),
            familiarity: familiarity(ties),
            novelty: if ties == 0 { 1.0 } else { 0.0 },
            preference,
        }
    }

    fn scored(&self, mentee: MemberId, j: u32, topic: Option<Topic>) -> Scored {
        let parts = self.parts_of(mentee, j as usize, topic.as_ref());
        Scored { mentor: j, score: parts.total(&self.options.weights), parts, topic }
    }

    /// A mentee's candidates, best first (the top k, then preferred and required mentors
    /// whatever their rank), and why they would stay unmatched.
    fn candidates(&self, mentee: MemberId) -> (Vec<Scored>, (UnmatchedReason, String)) {
        let profiles = &self.people.profiles;
        let needs = profiles.needs(self.landscape, mentee);
        let need_weights = profiles.need_weights(self.landscape, mentee, &needs);
        let mut count = Count::default();
        let mut list: Vec<Scored> = Vec::new();
        for j in self.index.related(self.taxonomy, &needs) {
            let mentor = &self.mentors[j as usize];
            if mentor.id == mentee {
                continue;
            }
            let Some(topic) = self.topic_of(mentee, &needs, &need_weights, mentor).filter(|t| t.gap > 0)
            else {
                continue;
            };
            count.fitting += 1;
            if self.people.excluded.contains(&(mentee, mentor.id)) {
                count.barred += 1;
            } else if mentor.free == 0 {
                count.full += 1;
            } else {
                list.push(self.scored(mentee, j, Some(topic)));
            }
        }
        // Best first (keys are unique, so the order is total): the top k picked out, then sorted.
        let best_first = |a: &Scored, b: &Scored| {
            b.score.total_cmp(&a.score).then_with(|| {
                let key = |s: &Scored| self.landscape.member_key(self.mentors[s.mentor as usize].id);
                key(a).cmp(&key(b))
            })
        };
        if list.len() > self.options.top_k && self.options.top_k > 0 {
            list.select_nth_unstable_by(self.options.top_k - 1, best_first);
        }
        list.truncate(self.options.top_k);
        list.sort_by(best_first);
        self.add_wished(mentee, &needs, &need_weights, &mut list);
        let reason = self.unmatched_reason(&needs, &list, &count);
        (list, reason)
    }

    /// Preferred and required mentors are candidates whatever their rank.
    fn add_wished(&self, mentee: MemberId, needs: &[DomainId], need_weights: &[f64], list: &mut Vec<Scored>) {
        let preferred: &[MemberId] = self.people.preferences.get(&mentee).map_or(&[], Vec::as_slice);
        let required_mentor = self.people.required_of.get(&mentee).copied();
        for &m in preferred.iter().chain(required_mentor.iter()) {
            let Some(&j) = self.mentor_index.get(&m) else { continue };
            let mentor = &self.mentors[j as usize];
            let is_required = required_mentor == Some(m);
            if list.iter().any(|s| s.mentor == j)
                || m == mentee
                || (!is_required && (mentor.free == 0 || self.people.excluded.contains(&(mentee, m))))
            {
                continue;
            }
            let topic = self.topic_of(mentee, needs, need_weights, mentor);
            list.push(self.scored(mentee, j, topic));
        }
    }

    /// Why a mentee would stay unmatched, in words (used only if they do).
    fn unmatched_reason(
        &self,
        needs: &[DomainId],
        list: &[Scored],
        count: &Count,
    ) -> (UnmatchedReason, String) {
        let Count { fitting, full, barred } = *count;
        if let Some(best) = list.first() {
            let detail = format!(
                "the places of their {} candidate mentors went to other mentees (best candidate `{}`, score {:.3})",
                list.len(),
                member_name(self.landscape, self.mentors[best.mentor as usize].id),
                best.score
            );
            return (UnmatchedReason::CapacityTaken, detail);
        }
        if needs.is_empty() {
            (
                UnmatchedReason::NoDomain,
                "no declared interest or competence and no event with a domain".to_owned(),
            )
        } else if fitting == 0 {
            let names: Vec<String> =
                needs.iter().map(|&d| format!("`{}`", domain_name(self.landscape, d))).collect();
            let detail = format!("no mentor is ahead of them in a domain related to {}", names.join(", "));
            (UnmatchedReason::NoCandidate, detail)
        } else if barred == fitting {
            (UnmatchedReason::Excluded, format!("all {fitting} mentors who fit are excluded"))
        } else {
            (
                UnmatchedReason::CapacityTaken,
                format!("the {full} mentors who fit and are not excluded have no free place"),
            )
        }
    }
}

/// Mentors who fit a mentee, and of them those excluded and those without a free place.
#[derive(Clone, Copy, Default)]
struct Count {
    fitting: usize,
    full: usize,
    barred: usize,
}

/// An assignment explained: each pair with its score's parts and reasons, each unmatched mentee
/// with why.
struct Explained<'a> {
    landscape: &'a Landscape,
    as_of: i64,
    people: &'a Participants,
    mentors: &'a [MentorInfo],
    scored: &'a [Vec<Scored>],
}

impl Explained<'_> {
    fn matching(
        &self,
        mode: Mode,
        problem: &AssignmentProblem,
        assignment: &Assignment,
        why: Vec<(UnmatchedReason, String)>,
    ) -> MentorMatching {
        let mut pairs = Vec::new();
        let mut unmatched = Vec::new();
        for ((i, &mentee), (reason, detail)) in self.people.mentees.iter().enumerate().zip(why) {
            match assignment.mentor_of[i] {
                Some(j) => {
                    pairs.extend(self.pair(i, mentee, j, problem.required_mentor(i as u32) == Some(j)))
                }
                None => unmatched.push(Unmatched {
                    mentee: member_name(self.landscape, mentee),
                    mentee_id: mentee,
                    reason,
                    detail,
                }),
            }
        }
        pairs.sort_by(|a, b| a.mentee.cmp(&b.mentee));
        unmatched.sort_by(|a, b| a.mentee.cmp(&b.mentee));
        MentorMatching {
            mode,
            as_of: format_seconds(self.as_of),
            total_score: pairs.iter().map(|p| p.score).fold(0.0, |a, b| a + b),
            pairs,
            unmatched,
            mentees: self.people.mentees.len(),
            mentors: self.mentors.len(),
            candidates: problem.candidate_count(),
        }
    }

    /// The `i`-th mentee's pair with mentor `j` (always one of their candidates).
    fn pair(&self, i: usize, mentee: MemberId, j: u32, required: bool) -> Option<MatchedPair> {
        let landscape = self.landscape;
        let s = self.scored[i].iter().find(|s| s.mentor == j)?;
        let mentor = &self.mentors[j as usize];
        let reasons = reasons(
            landscape,
            mentee,
            mentor,
            s.topic.as_ref(),
            &s.parts,
            required,
            &self.people.preferences,
            self.as_of,
        );
        Some(MatchedPair {
            mentee: member_name(landscape, mentee),
            mentee_id: mentee,
            mentor: member_name(landscape, mentor.id),
            mentor_id: mentor.id,
            score: s.score,
            parts: s.parts,
            domain: s.topic.map(|t| domain_name(landscape, t.need)),
            mentor_domain: s.topic.map(|t| domain_name(landscape, t.offer.domain)),
            required,
            reasons,
        })
    }
}

fn dedup_in_order(list: &mut Vec<MemberId>) {
    let mut seen = FxHashSet::default();
    list.retain(|m| seen.insert(*m));
}

#[allow(clippy::too_many_arguments)]
fn reasons(
    landscape: &Landscape,
    mentee: MemberId,
    mentor: &MentorInfo,
    topic: Option<&Topic>,
    parts: &ScoreParts,
    required: bool,
    preferences: &FxHashMap<MemberId, Vec<MemberId>>,
    as_of: i64,
) -> Vec<String> {
    let mut out = Vec::new();
    if required {
        out.push("required pair".to_owned());
    }
    match topic {
        Some(t) => {
            let how = relation(landscape.taxonomy(), t.need, t.offer.domain);
            let need = if t.need_weight < 1.0 {
                format!(" ({:.0} % as much as their busiest domain, by events)", t.need_weight * 100.0)
            } else {
                String::new()
            };
            out.push(format!(
                "domain fit {:.2}: the mentee needs `{}`{need}; the mentor knows {}",
                parts.domain_fit,
                domain_name(landscape, t.need),
                describe(landscape, how, t.need, t.offer.domain)
            ));
            let source = |declared: bool, events: u32| {
                if declared {
                    "declared".to_owned()
                } else {
                    format!("estimated from events: {events} in the domain")
                }
            };
            out.push(format!(
                "competence gap {:+.2} stages ({:.2}): mentee {} ({}), mentor {} ({})",
                t.position_gap,
                parts.competence_gap,
                t.mentee.level.name(),
                source(t.mentee.declared, t.mentee.events),
                t.offer.level.name(),
                source(t.offer.declared, t.offer.events)
            ));
        }
        None => out.push("no domain in common where the mentor is ahead".to_owned()),
    }
    out.push(format!(
        "capacity {:.2}: {} of {} places free ({} current mentees)",
        parts.capacity, mentor.free, mentor.capacity, mentor.current
    ));
    match landscape.member(mentor.id).and_then(|m| m.availability) {
        Some(h) => out.push(format!("availability {:.2}: {h} hours per week", parts.availability)),
        None => out.push(format!("availability {:.2}: unknown", parts.availability)),
    }
    let ties = interactions(landscape, mentee, mentor.id, as_of);
    if ties == 0 {
        out.push("novelty: the two have not interacted yet".to_owned());
    } else {
        out.push(format!(
            "familiarity {:.2}: {ties} interactions (a mentoring tie counts 3)",
            parts.familiarity
        ));
    }
    if let Some(list) = preferences.get(&mentee)
        && let Some(at) = list.iter().position(|&m| m == mentor.id)
    {
        out.push(format!(
            "preference {:.2}: the mentee's choice {} of {}",
            parts.preference,
            at + 1,
            list.len()
        ));
    }
    out
}
