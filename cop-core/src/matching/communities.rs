//! Community recommendation: which communities of the landscape fit a member.
//!
//! [`Analysis::communities_for`](crate::Analysis::communities_for) ranks the communities a member
//! does not belong to yet (declared memberships, and communities of their events up to the date) by
//! the weighted sum ([`CommunityWeights`]) of parts in `0..=1` ([`CommunityParts`]):
//!
//! - `domain_fit`: the best [`domain_fit`](super::domain_fit) between a domain the member needs
//!   and a domain of the community (its declared domains, else the five most frequent domains
//!   of its events in the window);
//! - `shared_interests`: the share of the community's active members (acting in it within the
//!   window) who need a domain fitting one of the member's by at least one half;
//! - `familiar_faces`: `n / (n + 3)` for the `n` active members the member has interacted with;
//! - `activity`: the community's events in the window, on a log scale relative to the busiest
//!   community.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::score::{
    DomainCredit, Profiles, check_weights, describe, domain_name, familiarity, fit_of, interactions,
    member_name, relation,
};
use crate::error::{CopError, Entity, Result};
use crate::model::ids::{CommunityId, DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;
use crate::model::time::{DAY, to_seconds};

/// The weights of the parts of a community's fit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CommunityWeights {
    /// The community's domains fit the member's.
    pub domain_fit: f64,
    /// Its members share the member's interests.
    pub shared_interests: f64,
    /// The member knows some of its members.
    pub familiar_faces: f64,
    /// It is lively.
    pub activity: f64,
}

impl Default for CommunityWeights {
    /// Domain fit 0.5, shared interests 0.2, familiar faces 0.15, activity 0.15.
    fn default() -> Self {
        CommunityWeights { domain_fit: 0.5, shared_interests: 0.2, familiar_faces: 0.15, activity: 0.15 }
    }
}

/// How communities are recommended (serialisable; every field has a default).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CommunityOptions {
    /// The weights of the parts.
    pub weights: CommunityWeights,
    /// Events within this many days before the date count.
    pub window_days: u32,
    /// Also rank the communities the member already belongs to.
    pub include_joined: bool,
    /// The partial credit of related domains.
    pub domain_credit: DomainCredit,
}

impl Default for CommunityOptions {
    fn default() -> Self {
        CommunityOptions {
            weights: CommunityWeights::default(),
            window_days: 365,
            include_joined: false,
            domain_credit: DomainCredit::default(),
        }
    }
}

impl CommunityOptions {
    /// Parses options from JSON (missing fields take their defaults).
    pub fn from_json(text: &str) -> Result<CommunityOptions> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("community options", e.to_string()))
    }
}

/// The parts of a community's fit, each in `0..=1`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CommunityParts {
    /// How well its domains fit the member's.
    pub domain_fit: f64,
    /// The share of its active members who share the member's interests.
    pub shared_interests: f64,
    /// How many of its active members the member knows.
    pub familiar_faces: f64,
    /// Its activity relative to the busiest community.
    pub activity: f64,
}

impl CommunityParts {
    /// The weighted sum of the parts.
    pub fn total(&self, w: &CommunityWeights) -> f64 {
        w.domain_fit * self.domain_fit
            + w.shared_interests * self.shared_interests
            + w.familiar_faces * self.familiar_faces
            + w.activity * self.activity
    }
}

/// A community recommended to a member, with the score, its parts and the reasons.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CommunityFit {
    /// The community's key.
    pub community: String,
    /// The community's id.
    pub community_id: CommunityId,
    /// The score: the weighted sum of the parts.
    pub score: f64,
    /// The parts of the score.
    pub parts: CommunityParts,
    /// The community's domain that fits the member best, if any.
    pub domain: Option<String>,
    /// Whether the member already belongs to it.
    pub joined: bool,
    /// The parts in words.
    pub reasons: Vec<String>,
}

/// What one pass over the window says about each community.
#[derive(Default)]
struct CommunityTally {
    events: u64,
    active: FxHashSet<MemberId>,
    domains: FxHashMap<DomainId, u64>,
}

/// The `k` communities that fit a member best (see the [module documentation](self)), best
/// first (ties by key); communities scoring 0 are left out. Fails when the member does not
/// exist. Reached through [`Analysis::communities_for`](crate::Analysis::communities_for).
pub(crate) fn recommend_communities_with(
    landscape: &Landscape,
    member: MemberId,
    as_of: i64,
    k: usize,
    options: &CommunityOptions,
) -> Result<Vec<CommunityFit>> {
    let w = &options.weights;
    check_weights(
        "weights",
        &[
            ("domain_fit", w.domain_fit),
            ("shared_interests", w.shared_interests),
            ("familiar_faces", w.familiar_faces),
            ("activity", w.activity),
        ],
    )?;
    options.domain_credit.check()?;
    let me = landscape
        .member(member)
        .ok_or(CopError::UnknownId { entity: Entity::Member, id: member.raw().into() })?;
    let profiles = Profiles::build(landscape, as_of, options.window_days);
    let needs = profiles.needs(landscape, member);
    let tallies = tally_communities(landscape, as_of, options.window_days);
    // The member's own communities: declared by then, or acted in by then.
    let mut joined: FxHashSet<CommunityId> = me
        .memberships()
        .iter()
        .filter(|m| m.since.is_none_or(|s| to_seconds(s) <= as_of))
        .map(|m| m.community)
        .collect();
    let columns = landscape.log().columns();
    for e in landscape.log().of_member_between(member, i64::MIN, as_of + 1) {
        joined.insert(CommunityId::from_raw(u32::from(columns.community[e.index()])));
    }
    let busiest = tallies.iter().map(|t| t.events).max().unwrap_or(0);
    let seeker = Seeker { landscape, member, as_of, options, profiles, needs, busiest };
    let mut fits: Vec<CommunityFit> = landscape
        .community_ids()
        .filter(|c| options.include_joined || !joined.contains(c))
        .filter_map(|c| seeker.fit(c, &tallies[c.index()], joined.contains(&c)))
        .collect();
    fits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.community.cmp(&b.community)));
    fits.truncate(k);
    Ok(fits)
}

/// One pass over the window: each community's events, active members and domains.
fn tally_communities(landscape: &Landscape, as_of: i64, window_days: u32) -> Vec<CommunityTally> {
    let from = as_of - i64::from(window_days) * DAY + 1;
    let log = landscape.log();
    let columns = log.columns();
    let mut tallies: Vec<CommunityTally> =
        (0..landscape.counts().communities).map(|_| CommunityTally::default()).collect();
    for id in log.between(from, as_of + 1) {
        let i = id.index();
        let tally = &mut tallies[usize::from(columns.community[i])];
        tally.events += 1;
        tally.active.insert(MemberId::from_raw(columns.member[i]));
        if columns.domain[i] != NONE {
            *tally.domains.entry(DomainId::from_raw(columns.domain[i])).or_default() += 1;
        }
    }
    tallies
}

/// A member looking for communities: their needs, and how to score and explain one community.
struct Seeker<'a> {
    landscape: &'a Landscape,
    member: MemberId,
    as_of: i64,
    options: &'a CommunityOptions,
    profiles: Profiles,
    needs: Vec<DomainId>,
    /// The most events of any community in the window.
    busiest: u64,
}

impl Seeker<'_> {
    /// The community's domains: declared, else its five busiest in the window.
    fn domains(&self, community: &crate::Community, tally: &CommunityTally) -> Vec<DomainId> {
        if !community.domains().is_empty() {
            return community.domains().to_vec();
        }
        let mut by_events: Vec<(DomainId, u64)> = tally.domains.iter().map(|(&d, &n)| (d, n)).collect();
        by_events.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        by_events.into_iter().take(5).map(|(d, _)| d).collect()
    }

    /// The best fit of a need of the member with a domain of the community.
    fn best_fit(&self, domains: &[DomainId]) -> Option<(f64, DomainId, DomainId)> {
        let taxonomy = self.landscape.taxonomy();
        let mut best: Option<(f64, DomainId, DomainId)> = None;
        for &need in &self.needs {
            for &d in domains {
                let fit = fit_of(relation(taxonomy, need, d), &self.options.domain_credit);
                if fit > 0.0 && best.is_none_or(|b| fit > b.0) {
                    best = Some((fit, need, d));
                }
            }
        }
        best
    }

    /// The community scored and explained for the member; `None` when its score is 0.
    fn fit(&self, community: CommunityId, tally: &CommunityTally, joined: bool) -> Option<CommunityFit> {
        let (landscape, options) = (self.landscape, self.options);
        let taxonomy = landscape.taxonomy();
        let best = self.best_fit(&self.domains(landscape.community(community)?, tally));
        let mut others: Vec<MemberId> = tally.active.iter().copied().filter(|&m| m != self.member).collect();
        others.sort_unstable();
        let sharing = others
            .iter()
            .filter(|&&m| {
                self.profiles.needs(landscape, m).iter().any(|&d| {
                    self.needs
                        .iter()
                        .any(|&n| fit_of(relation(taxonomy, n, d), &options.domain_credit) >= 0.5)
                })
            })
            .count();
        let familiar: Vec<MemberId> = others
            .iter()
            .copied()
            .filter(|&m| interactions(landscape, self.member, m, self.as_of) > 0)
            .collect();
        let busiest = self.busiest;
        let parts = CommunityParts {
            domain_fit: best.map_or(0.0, |b| b.0),
            shared_interests: if others.is_empty() { 0.0 } else { sharing as f64 / others.len() as f64 },
            familiar_faces: familiarity(familiar.len() as u32),
            activity: if busiest == 0 {
                0.0
            } else {
                (1.0 + tally.events as f64).ln() / (1.0 + busiest as f64).ln()
            },
        };
        let score = parts.total(&options.weights);
        if score <= 0.0 {
            return None;
        }
        let reasons = self.reasons(best, &parts, (sharing, others.len()), &familiar, tally.events);
        Some(CommunityFit {
            community: landscape.community_key(community).unwrap_or_default().to_owned(),
            community_id: community,
            score,
            parts,
            domain: best.map(|b| domain_name(landscape, b.2)),
            joined,
            reasons,
        })
    }

    /// The parts of a community's score in words.
    fn reasons(
        &self,
        best: Option<(f64, DomainId, DomainId)>,
        parts: &CommunityParts,
        (sharing, active): (usize, usize),
        familiar: &[MemberId],
        events: u64,
    ) -> Vec<String> {
        let landscape = self.landscape;
        let mut reasons = vec![match best {
            Some((fit, need, d)) => format!(
                "domain fit {fit:.2}: the member needs `{}`; the community works on {}",
                domain_name(landscape, need),
                describe(landscape, relation(landscape.taxonomy(), need, d), need, d)
            ),
            None => "domain fit 0.00: no domain of the community relates to the member's".to_owned(),
        }];
        reasons.push(format!(
            "shared interests {:.2}: {sharing} of its {active} active members",
            parts.shared_interests
        ));
        if familiar.is_empty() {
            reasons.push("familiar faces 0.00: the member knows none of its active members".to_owned());
        } else {
            let names: Vec<String> =
                familiar.iter().take(5).map(|&m| format!("`{}`", member_name(landscape, m))).collect();
            reasons.push(format!(
                "familiar faces {:.2}: has interacted with {} of its active members ({})",
                parts.familiar_faces,
                familiar.len(),
                names.join(", ")
            ));
        }
        reasons.push(format!(
            "activity {:.2}: {events} events in the last {} days",
            parts.activity, self.options.window_days
        ));
        reasons
    }
}
