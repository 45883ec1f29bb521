//! A landscape rolled up from its communities: what spans communities, computed from what each
//! community's own analysis gives, so that the communities can be analysed apart (on the
//! workers of a cluster) and merged after.
//!
//! Each community is analysed on its own events ([`CommunityPart::of`], on a landscape of those
//! events alone or on [`Landscape::community_view`]: the two give the same part). A part holds
//! the community's totals, its stage and, for every member with an event of their own in it,
//! the member's level, trajectory and events. [`rollup`] merges the parts, in any order, into
//! the landscape's figures:
//!
//! - **totals**: communities, events, members acting in at least one community (each counted
//!   once), members taking part (a level above outsider) in at least one;
//! - **brokers**: the members acting in two communities or more, with their level in each;
//!   a broker taking part (a level above outsider) in at least `boundary_communities` of them
//!   (the trajectory rule's threshold, [`TrajectoryConfig::boundary_communities`], 2 by default)
//!   is a **boundary** member, Wenger's boundary trajectory seen across the communities;
//! - **the landscape's stage across its communities**: the settled stage that holds the most
//!   active members (each community's health `active_members`, summed per stage); a tie goes to
//!   the earlier stage, and a landscape without active members is at `potential`. This is not
//!   the maturity of the landscape taken as one community ([`Analysis::maturity`]), which ranks
//!   every member of every community together and needs every event in one place.
//!
//! One process gives the same rollup with [`Analysis::rollup`], which analyses each community's
//! view and calls [`rollup`]: a cluster's merge equals it exactly.
//!
//! ```
//! use cop_core::analysis::{Analysis, AsOf};
//! use cop_core::health::maturity::MaturityConfig;
//! use cop_core::participation::analysis::Options;
//! use cop_core::rollup::{CommunityPart, rollup};
//! use cop_core::{ImportOptions, Landscape};
//!
//! let csv = "member,time,kind,community,target\n\
//!            ada,2024-01-08T10:00:00Z,answer,rust,bob\n\
//!            bob,2024-01-08T11:00:00Z,ask,rust,\n\
//!            ada,2024-01-09T10:00:00Z,ask,go,\n\
//!            cy,2024-01-09T11:00:00Z,answer,go,ada\n";
//! let mut landscape = Landscape::new();
//! landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
//! let as_of = AsOf::last_event(&landscape)?;
//! let config = MaturityConfig::default();
//! let whole = Analysis::new(&landscape, as_of, &Options::default())?.rollup(&config)?;
//!
//! // The same from each community's events alone, as a worker sees them.
//! let mut parts = Vec::new();
//! for key in ["rust", "go"] {
//!     let mut alone = Landscape::new();
//!     let rows: Vec<&str> = csv.lines().filter(|l| l.split(',').nth(3) == Some(key)).collect();
//!     alone.import_csv(format!("member,time,kind,community,target\n{}\n", rows.join("\n")).as_bytes(), &ImportOptions::default())?;
//!     let analysis = Analysis::new(&alone, as_of, &Options::default())?;
//!     parts.push(CommunityPart::of(&analysis, key, &config)?.0);
//! }
//! let merged = rollup(&parts, 2)?;
//! assert_eq!(merged, whole);
//! assert_eq!(merged.acting_members, 3);
//! assert_eq!(merged.brokers.len(), 1);
//! assert_eq!(merged.brokers[0].member, "ada");
//! assert_eq!(merged.brokers[0].communities, ["go", "rust"]);
//! # Ok::<(), cop_core::CopError>(())
//! ```
//!
//! [`TrajectoryConfig::boundary_communities`]: crate::participation::trajectory::TrajectoryConfig::boundary_communities

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::{Analysis, AsOf};
use crate::error::{CopError, Result};
use crate::health::maturity::{MaturityAnalysis, MaturityConfig, Stage};
use crate::model::landscape::Landscape;
use crate::participation::analysis::Options;
use crate::participation::levels::Level;
use crate::participation::trajectory::TrajectoryKind;

/// One community's part of a rollup: its totals and stage, and its acting members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommunityPart {
    /// The community's key.
    pub community: String,
    /// The date of the analysis (RFC 3339).
    pub as_of: String,
    /// Its events up to the date (of the members listed: bots and merged identities are not).
    pub events: u64,
    /// Its active members (the health report's `active_members`).
    pub active_members: u64,
    /// Its settled stage.
    pub settled: Stage,
    /// The stage its indicators point to now.
    pub indicated: Stage,
    /// The indicated stage's share of the votes.
    pub indicated_share: f64,
    /// Every member with at least one event of their own up to the date, by key.
    pub members: Vec<MemberPart>,
}

/// A member of one community's part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MemberPart {
    /// The member's key.
    pub member: String,
    /// Their level in the community.
    pub level: Level,
    /// Their trajectory in the community.
    pub trajectory: TrajectoryKind,
    /// Their events in the community up to the date.
    pub events: u64,
}

impl MemberPart {
    /// A member's part (for bindings that read parts back from a table).
    pub fn new(member: String, level: Level, trajectory: TrajectoryKind, events: u64) -> MemberPart {
        MemberPart { member, level, trajectory, events }
    }
}

impl CommunityPart {
    /// A part with no member (for bindings that read parts back from a table: push the members
    /// into `members`).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        community: String,
        as_of: String,
        events: u64,
        active_members: u64,
        settled: Stage,
        indicated: Stage,
        indicated_share: f64,
    ) -> CommunityPart {
        CommunityPart {
            community,
            as_of,
            events,
            active_members,
            settled,
            indicated,
            indicated_share,
            members: Vec::new(),
        }
    }

    /// The part of the community `community` from `analysis`, an analysis of that community's
    /// events alone (a landscape of them, or its [`Landscape::community_view`]), with the
    /// maturity analysis it was read from (health, stage history, health series). Members merged
    /// into another identity or left out of analyses (bots by default) are not listed.
    pub fn of(
        analysis: &Analysis<'_>,
        community: &str,
        config: &MaturityConfig,
    ) -> Result<(CommunityPart, MaturityAnalysis)> {
        let maturity = analysis.maturity_analysis(config)?;
        let landscape = analysis.landscape();
        let as_of = analysis.as_of();
        let participation = analysis.participation();
        let log = landscape.log();
        let mut events = 0u64;
        let mut members = Vec::new();
        for member in landscape.member_ids() {
            if landscape.member_of(member) != member || landscape.is_left_out(member) {
                continue;
            }
            let own = log.of_member_between(member, i64::MIN, as_of.seconds().saturating_add(1)).len() as u64;
            if own == 0 {
                continue;
            }
            events += own;
            let (Some(level), Some(trajectory), Some(key)) =
                (participation.level(member), participation.trajectory(member), landscape.member_key(member))
            else {
                continue;
            };
            members.push(MemberPart {
                member: key.to_owned(),
                level: level.level,
                trajectory: trajectory.kind,
                events: own,
            });
        }
        members.sort_by(|a, b| a.member.cmp(&b.member));
        let part = CommunityPart {
            community: community.to_owned(),
            as_of: as_of.to_string(),
            events,
            active_members: maturity.health.active_members as u64,
            settled: maturity.assessment.settled.stage,
            indicated: maturity.assessment.indicated.stage,
            indicated_share: maturity.assessment.indicated.share,
            members,
        };
        Ok((part, maturity))
    }
}

/// What spans a landscape's communities, merged from their parts (see the
/// [module documentation](self)).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Rollup {
    /// The date (RFC 3339; empty when there is no part).
    pub as_of: String,
    /// Communities merged.
    pub communities: usize,
    /// Their events, added up.
    pub events: u64,
    /// Members with an event of their own in at least one community, each counted once.
    pub acting_members: usize,
    /// Members above outsider in at least one community, each counted once.
    pub participating_members: usize,
    /// Active members of the communities, added up (a member active in two counts twice).
    pub active_members: u64,
    /// The landscape's stage across its communities.
    pub stage: Stage,
    /// Why that stage.
    pub stage_rule: String,
    /// Every stage: how many communities have settled there and their active members.
    pub stages: Vec<StageShare>,
    /// Members acting in two communities or more, by key.
    pub brokers: Vec<Broker>,
    /// How many brokers are boundary members.
    pub boundary_members: usize,
}

/// The communities settled at one stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StageShare {
    /// The stage.
    pub stage: Stage,
    /// Communities settled there.
    pub communities: usize,
    /// Their active members, added up.
    pub active_members: u64,
}

/// A member acting in several communities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Broker {
    /// The member's key.
    pub member: String,
    /// The communities they act in, by key.
    pub communities: Vec<String>,
    /// Their level in each of those communities.
    pub levels: Vec<Level>,
    /// Their events in all of them.
    pub events: u64,
    /// Above outsider in at least `boundary_communities` communities.
    pub boundary: bool,
}

/// Merges the communities' parts (in any order) into the landscape's rollup. Refused
/// ([`CopError::InvalidValue`]) when two parts name the same community (`community`), when the
/// parts are of different dates (`as_of`), when a part lists a member twice (`member`), or when
/// `boundary_communities` is 0.
pub fn rollup(parts: &[CommunityPart], boundary_communities: usize) -> Result<Rollup> {
    if boundary_communities == 0 {
        return Err(CopError::invalid("boundary_communities", "must be at least 1"));
    }
    let mut order: Vec<&CommunityPart> = parts.iter().collect();
    order.sort_by(|a, b| a.community.cmp(&b.community));
    for pair in order.windows(2) {
        if pair[0].community == pair[1].community {
            return Err(CopError::invalid(
                "community",
                format!("`{}` is given twice: give each community's part once", pair[0].community),
            ));
        }
    }
    let as_of = order.first().map(|p| p.as_of.clone()).unwrap_or_default();
    if let Some(other) = order.iter().find(|p| p.as_of != as_of) {
        return Err(CopError::invalid(
            "as_of",
            format!(
                "`{}` is analysed as of {}, `{}` as of {}: analyse every community as of one date",
                order[0].community, as_of, other.community, other.as_of
            ),
        ));
    }
    // Per member: (community index, level, events), in community order.
    let mut members: BTreeMap<&str, Vec<(usize, Level, u64)>> = BTreeMap::new();
    for (c, part) in order.iter().enumerate() {
        for m in &part.members {
            let entry = members.entry(m.member.as_str()).or_default();
            if entry.last().is_some_and(|&(last, _, _)| last == c) {
                return Err(CopError::invalid(
                    "member",
                    format!("`{}` is listed twice in `{}`", m.member, part.community),
                ));
            }
            entry.push((c, m.level, m.events));
        }
    }
    let taking_part = |l: Level| l != Level::Outsider;
    let mut brokers = Vec::new();
    for (member, spans) in &members {
        if spans.len() < 2 {
            continue;
        }
        let participating = spans.iter().filter(|s| taking_part(s.1)).count();
        brokers.push(Broker {
            member: (*member).to_owned(),
            communities: spans.iter().map(|s| order[s.0].community.clone()).collect(),
            levels: spans.iter().map(|s| s.1).collect(),
            events: spans.iter().map(|s| s.2).sum(),
            boundary: participating >= boundary_communities,
        });
    }
    let stages: Vec<StageShare> = Stage::ALL
        .iter()
        .map(|&stage| {
            let settled = order.iter().filter(|p| p.settled == stage);
            StageShare {
                stage,
                communities: settled.clone().count(),
                active_members: settled.map(|p| p.active_members).sum(),
            }
        })
        .collect();
    // The most active members; `max_by_key` keeps the last of equals, so walk from the end.
    let best = stages.iter().rev().max_by_key(|s| s.active_members).filter(|s| s.active_members > 0);
    let (stage, stage_rule) = match best {
        Some(share) => (
            share.stage,
            format!(
                "{} of the communities' {} active members are in the {} settled at {}",
                share.active_members,
                stages.iter().map(|s| s.active_members).sum::<u64>(),
                match share.communities {
                    1 => "one community".to_owned(),
                    n => format!("{n} communities"),
                },
                share.stage.name()
            ),
        ),
        None => (Stage::Potential, "no community has active members".to_owned()),
    };
    Ok(Rollup {
        as_of,
        communities: order.len(),
        events: order.iter().map(|p| p.events).sum(),
        acting_members: members.len(),
        participating_members: members.values().filter(|s| s.iter().any(|x| taking_part(x.1))).count(),
        active_members: order.iter().map(|p| p.active_members).sum(),
        stage,
        stage_rule,
        stages,
        boundary_members: brokers.iter().filter(|b| b.boundary).count(),
        brokers,
    })
}

impl Analysis<'_> {
    /// The landscape rolled up from its communities (see [`crate::rollup`]): each community with
    /// events analysed on its own events ([`Landscape::community_view`]) as of this analysis's
    /// date with its options, then [`rollup`] with the trajectory rule's
    /// `boundary_communities`.
    pub fn rollup(&self, config: &MaturityConfig) -> Result<Rollup> {
        landscape_rollup(self.landscape(), self.as_of(), self.options(), config)
    }

    /// Each community's part (see [`CommunityPart::of`]), for every community with events, in
    /// id order.
    pub fn community_parts(&self, config: &MaturityConfig) -> Result<Vec<CommunityPart>> {
        community_parts(self.landscape(), self.as_of(), self.options(), config)
    }
}

/// Each community's part (see [`CommunityPart::of`]) as of `as_of`, for every community of
/// `landscape` with events, in id order: each analysed on its own events with `options`. What
/// [`Analysis::community_parts`] gives, without analysing the landscape as a whole first; the
/// communities are analysed side by side on every core.
pub fn community_parts(
    landscape: &Landscape,
    as_of: AsOf,
    options: &Options,
    config: &MaturityConfig,
) -> Result<Vec<CommunityPart>> {
    let communities = landscape.communities_with_events();
    communities
        .par_iter()
        .map(|&c| {
            let key = landscape.community_key(c).unwrap_or_default();
            let view = landscape.community_view(key)?;
            let analysis = Analysis::new(&view, as_of, options)?;
            Ok(CommunityPart::of(&analysis, key, config)?.0)
        })
        .collect()
}

/// The landscape rolled up from its communities as of `as_of` (see [`crate::rollup`]):
/// [`community_parts`], then [`rollup`] with the trajectory rule's `boundary_communities`. What
/// [`Analysis::rollup`] gives, without analysing the landscape as a whole first.
pub fn landscape_rollup(
    landscape: &Landscape,
    as_of: AsOf,
    options: &Options,
    config: &MaturityConfig,
) -> Result<Rollup> {
    let parts = community_parts(landscape, as_of, options, config)?;
    rollup(&parts, options.trajectory.boundary_communities)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(community: &str, settled: Stage, active: u64, members: &[(&str, Level)]) -> CommunityPart {
        let mut p = CommunityPart::new(
            community.into(),
            "2024-01-01T00:00:00Z".into(),
            10,
            active,
            settled,
            settled,
            1.0,
        );
        p.members = members
            .iter()
            .map(|&(m, l)| MemberPart::new(m.into(), l, TrajectoryKind::Peripheral, 5))
            .collect();
        p
    }

    #[test]
    fn brokers_totals_and_stage() {
        let parts = [
            part("b", Stage::Maturing, 3, &[("ada", Level::Active), ("bob", Level::Outsider)]),
            part("a", Stage::Coalescing, 3, &[("ada", Level::CoreGroup), ("bob", Level::Peripheral)]),
            part("c", Stage::Maturing, 0, &[("cy", Level::Outsider)]),
        ];
        let r = rollup(&parts, 2).unwrap();
        assert_eq!((r.communities, r.events, r.acting_members, r.participating_members), (3, 30, 3, 2));
        assert_eq!(r.brokers.len(), 2);
        assert_eq!(r.brokers[0].member, "ada");
        assert_eq!(r.brokers[0].communities, ["a", "b"]);
        assert_eq!(r.brokers[0].levels, [Level::CoreGroup, Level::Active]);
        assert!(r.brokers[0].boundary);
        assert!(!r.brokers[1].boundary);
        assert_eq!(r.boundary_members, 1);
        // 3 active members each at coalescing and maturing: the earlier stage.
        assert_eq!(r.stage, Stage::Coalescing);
        assert_eq!(
            r.stage_rule,
            "3 of the communities' 6 active members are in the one community settled at coalescing"
        );
        let reversed: Vec<_> = parts.iter().rev().cloned().collect();
        assert_eq!(rollup(&reversed, 2).unwrap(), r);
        assert_eq!(rollup(&[], 2).unwrap().stage, Stage::Potential);
    }

    #[test]
    fn refuses_what_cannot_be_merged() {
        let a = part("a", Stage::Maturing, 1, &[("ada", Level::Active)]);
        let kind = |r: Result<Rollup>| r.unwrap_err().to_string();
        assert!(kind(rollup(&[a.clone(), a.clone()], 2)).contains("given twice"));
        let mut later = part("b", Stage::Maturing, 1, &[]);
        later.as_of = "2025-01-01T00:00:00Z".into();
        assert!(kind(rollup(&[a.clone(), later], 2)).contains("one date"));
        let twice = part("c", Stage::Maturing, 1, &[("ada", Level::Active), ("ada", Level::Active)]);
        assert!(kind(rollup(&[twice], 2)).contains("listed twice"));
        assert!(kind(rollup(&[a], 0)).contains("at least 1"));
    }
}
