//! Editing entities after they were added, and reading them back by key.
//!
//! The setters change what [`Landscape::add_community`], [`Landscape::add_member`] and
//! [`Landscape::add_artifact`] were given — a community's kind, orientation and spaces; a
//! member's mentoring capacity, availability and affiliation; an artifact's creation date —
//! each checked first, so a refused change leaves the landscape as it was. (Competence,
//! interests, authors and domains have their own calls on the landscape, which keep the graph in
//! step.) The views ([`CommunityDetails`], [`MemberDetails`], [`ArtifactDetails`],
//! [`KeyedTie`]) name every entity by its key, for JSON.
//!
//! ```
//! use cop_core::{Community, CommunityKind, Landscape, Space, Visibility};
//!
//! let mut landscape = Landscape::new();
//! let guild = landscape.add_community("guild", Community::named("Testing guild"))?;
//! landscape.set_community_kind(guild, "internal".parse()?)?;
//! landscape.add_space(guild, Space { name: "#testing".into(), visibility: Visibility::Private })?;
//! let details = landscape.community_details(guild).unwrap();
//! assert_eq!(details.kind, CommunityKind::Internal);
//! assert_eq!(details.spaces.len(), 1);
//! # Ok::<(), cop_core::CopError>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{CopError, Entity, Result};
use crate::limits::{MAX_KEY_BYTES, echo};
use crate::model::community::{Charter, Community, CommunityKind, Orientation, Space};
use crate::model::event::check_weight;
use crate::model::graph::{Node, Relation};
use crate::model::ids::{ArtifactId, CommunityId, DomainId, MemberId};
use crate::model::landscape::Landscape;
use crate::model::member::{Competence, Member, Role};
use crate::model::time;

/// A node of the relationship graph named by its key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "key", rename_all = "lowercase")]
pub enum NodeKey {
    /// A member (or an identity merged into one).
    Member(String),
    /// A domain (its path).
    Domain(String),
    /// A community.
    Community(String),
    /// An artifact.
    Artifact(String),
}

/// A tie of the relationship graph, its ends named by key: `{"from": {"type": "member", "key":
/// "ada"}, "to": {"type": "domain", "key": "testing"}, "relation": {"type": "competence",
/// "level": "expert"}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyedTie {
    /// Where the tie starts.
    pub from: NodeKey,
    /// Where it leads.
    pub to: NodeKey,
    /// What it is, with its payload (a role, a level, or the count, weight, first and last time
    /// of the events aggregated into it).
    pub relation: Relation,
}

/// A community with its domains named by key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommunityDetails {
    /// Its key.
    pub key: String,
    /// Its display name.
    pub name: String,
    /// What sort of community it is.
    pub kind: CommunityKind,
    /// Its orientation.
    pub orientation: Orientation,
    /// Where it meets.
    pub spaces: Vec<Space>,
    /// Its domains' keys, in the order they were added.
    pub domains: Vec<String>,
    /// Its charter, if one was written.
    pub charter: Option<Charter>,
    /// When it was created, if known.
    pub created: Option<DateTime<Utc>>,
}

/// A member with the domains and communities it is tied to named by key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberDetails {
    /// Its key.
    pub key: String,
    /// When it joined: the declared date, or else the time of its first event.
    pub joined: Option<DateTime<Utc>>,
    /// How many mentees it can take at once.
    pub mentoring_capacity: u32,
    /// Hours per week it can give, if known.
    pub availability: Option<f32>,
    /// Its employer or organisation, if known.
    pub affiliation: Option<String>,
    /// Competence per domain key.
    pub competence: BTreeMap<String, Competence>,
    /// The keys of the domains it is interested in, in the order they were added.
    pub interests: Vec<String>,
    /// Its communities with the role held, declared or implied by its events.
    pub communities: BTreeMap<String, Role>,
    /// Whether it is flagged as a bot.
    pub bot: bool,
    /// Whether it is flagged as staff.
    pub staff: bool,
}

/// An artifact with its domains and authors named by key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArtifactDetails {
    /// Its key.
    pub key: String,
    /// What sort of artifact it is; empty if unknown.
    pub kind: String,
    /// When it was created, if known.
    pub created: Option<DateTime<Utc>>,
    /// The keys of the domains it is about.
    pub domains: Vec<String>,
    /// Its authors' keys.
    pub authors: Vec<String>,
}

fn unknown_id(entity: Entity, raw: u32) -> CopError {
    CopError::UnknownId { entity, id: raw.into() }
}

/// Refuses an empty name, or one longer than a key may be.
fn check_name(field: &str, name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(CopError::invalid(field, "the name is empty"));
    }
    if name.len() > MAX_KEY_BYTES {
        return Err(CopError::invalid(
            field,
            format!("`{}` is {} bytes long; at most {MAX_KEY_BYTES} are accepted", echo(name), name.len()),
        ));
    }
    Ok(())
}

/// The position of a relation in [`RelationshipGraph::relation_counts`]' order.
///
/// [`RelationshipGraph::relation_counts`]: crate::RelationshipGraph::relation_counts
fn relation_rank(relation: &Relation) -> u8 {
    match relation {
        Relation::Membership { .. } => 0,
        Relation::Competence { .. } => 1,
        Relation::Interest => 2,
        Relation::SubDomainOf => 3,
        Relation::Authored => 4,
        Relation::About => 5,
        Relation::Mentoring(_) => 6,
        Relation::Interaction(_) => 7,
    }
}

/// A node's place in the order of [`Landscape::ties`]: members, domains, communities, artifacts,
/// each by id.
fn node_rank(node: Node) -> (u8, u32) {
    match node {
        Node::Member(id) => (0, id.raw()),
        Node::Domain(id) => (1, id.raw()),
        Node::Community(id) => (2, id.raw()),
        Node::Artifact(id) => (3, id.raw()),
    }
}

impl Landscape {
    fn community_entry(&mut self, community: CommunityId) -> Result<&mut Community> {
        self.communities
            .get_mut(community.index())
            .ok_or_else(|| unknown_id(Entity::Community, community.raw()))
    }

    fn member_entry(&mut self, member: MemberId) -> Result<&mut Member> {
        self.members.get_mut(member.index()).ok_or_else(|| unknown_id(Entity::Member, member.raw()))
    }

    /// Sets what sort of community it is.
    pub fn set_community_kind(&mut self, community: CommunityId, kind: CommunityKind) -> Result<()> {
        self.community_entry(community)?.kind = kind;
        Ok(())
    }

    /// Sets where a community sits on the practice / product / play spectrum.
    pub fn set_community_orientation(
        &mut self,
        community: CommunityId,
        orientation: Orientation,
    ) -> Result<()> {
        self.community_entry(community)?.orientation = orientation;
        Ok(())
    }

    /// Adds a space where a community meets, or sets the visibility of its space of that name
    /// (spaces are told apart by name, as imports add them). The name must not be empty nor
    /// longer than a key (1,024 bytes).
    pub fn add_space(&mut self, community: CommunityId, space: Space) -> Result<()> {
        check_name("space", &space.name)?;
        let c = self.community_entry(community)?;
        match c.spaces.iter_mut().find(|s| s.name == space.name) {
            Some(existing) => existing.visibility = space.visibility,
            None => c.spaces.push(space),
        }
        Ok(())
    }

    /// Sets how many mentees a member can take at once (0: not mentoring).
    pub fn set_mentoring_capacity(&mut self, member: MemberId, capacity: u32) -> Result<()> {
        self.member_entry(member)?.mentoring_capacity = capacity;
        Ok(())
    }

    /// Sets the hours per week a member can give (finite, not negative), or `None`: unknown.
    pub fn set_availability(&mut self, member: MemberId, hours: Option<f32>) -> Result<()> {
        if let Some(h) = hours {
            check_weight(h)
                .map_err(|_| CopError::invalid("availability", format!("{h} is not a finite number ≥ 0")))?;
        }
        self.member_entry(member)?.availability = hours;
        Ok(())
    }

    /// Sets a member's employer or organisation (not empty, at most 1,024 bytes), or `None`:
    /// unknown.
    pub fn set_affiliation(&mut self, member: MemberId, affiliation: Option<&str>) -> Result<()> {
        if let Some(a) = affiliation {
            check_name("affiliation", a)?;
        }
        self.member_entry(member)?.affiliation = affiliation.map(str::to_owned);
        Ok(())
    }

    /// Sets when an artifact was created (within the range of times), or `None`: unknown.
    pub fn set_artifact_created(
        &mut self,
        artifact: ArtifactId,
        created: Option<DateTime<Utc>>,
    ) -> Result<()> {
        if let Some(c) = created {
            crate::limits::check_time("created", time::to_seconds(c))?;
        }
        let a = self
            .artifacts
            .get_mut(artifact.index())
            .ok_or_else(|| unknown_id(Entity::Artifact, artifact.raw()))?;
        a.created = created;
        Ok(())
    }

    fn node_key(&self, node: Node) -> NodeKey {
        let owned = |key: Option<&str>| key.unwrap_or_default().to_owned();
        match node {
            Node::Member(id) => NodeKey::Member(owned(self.member_key(id))),
            Node::Domain(id) => NodeKey::Domain(owned(self.domain_key(id))),
            Node::Community(id) => NodeKey::Community(owned(self.community_key(id))),
            Node::Artifact(id) => NodeKey::Artifact(owned(self.artifact_key(id))),
        }
    }

    /// Every tie of the relationship graph, its ends named by key, ordered by where it starts
    /// (members, domains, communities, artifacts, each in order of creation), then by relation
    /// (membership, competence, interest, sub-domain of, authored, about, mentoring,
    /// interaction), then by where it leads. Members left out of analyses (bots) and identities
    /// merged into another member are listed with the ties they have.
    pub fn ties(&self) -> Vec<KeyedTie> {
        let nodes = self
            .member_ids()
            .map(Node::Member)
            .chain(self.taxonomy.ids().map(Node::Domain))
            .chain(self.community_ids().map(Node::Community))
            .chain((0..self.artifacts.len() as u32).map(|a| Node::Artifact(ArtifactId::from_raw(a))));
        let mut ties: Vec<(Node, Node, Relation)> = nodes
            .flat_map(|from| self.graph.outgoing(from).map(move |(to, relation)| (from, to, relation)))
            .collect();
        ties.sort_by_key(|(from, to, relation)| (node_rank(*from), relation_rank(relation), node_rank(*to)));
        ties.into_iter()
            .map(|(from, to, relation)| KeyedTie {
                from: self.node_key(from),
                to: self.node_key(to),
                relation,
            })
            .collect()
    }

    fn domain_keys(&self, domains: &[DomainId]) -> Vec<String> {
        domains.iter().filter_map(|&d| self.domain_key(d)).map(str::to_owned).collect()
    }

    /// A community named by key with its domains' keys; `None` for an unknown id.
    pub fn community_details(&self, community: CommunityId) -> Option<CommunityDetails> {
        let c = self.community(community)?;
        Some(CommunityDetails {
            key: self.community_key(community)?.to_owned(),
            name: c.name.clone(),
            kind: c.kind,
            orientation: c.orientation,
            spaces: c.spaces.clone(),
            domains: self.domain_keys(c.domains()),
            charter: c.charter.clone(),
            created: c.created,
        })
    }

    /// A member named by key with its domains' and communities' keys; `None` for an unknown id.
    pub fn member_details(&self, member: MemberId) -> Option<MemberDetails> {
        let m = self.member(member)?;
        let domain = |d: DomainId| self.domain_key(d).map(str::to_owned);
        Some(MemberDetails {
            key: self.member_key(member)?.to_owned(),
            joined: self.joined(member),
            mentoring_capacity: m.mentoring_capacity,
            availability: m.availability,
            affiliation: m.affiliation.clone(),
            competence: m.competence().iter().filter_map(|&(d, level)| Some((domain(d)?, level))).collect(),
            interests: self.domain_keys(m.interests()),
            communities: self
                .memberships(member)
                .into_iter()
                .filter_map(|(c, role)| Some((self.community_key(c)?.to_owned(), role)))
                .collect(),
            bot: m.is_bot(),
            staff: m.is_staff(),
        })
    }

    /// An artifact named by key with its domains' and authors' keys; `None` for an unknown id.
    pub fn artifact_details(&self, artifact: ArtifactId) -> Option<ArtifactDetails> {
        let a = self.artifact(artifact)?;
        Some(ArtifactDetails {
            key: self.artifact_key(artifact)?.to_owned(),
            kind: a.kind.clone(),
            created: a.created,
            domains: self.domain_keys(a.domains()),
            authors: a.authors().iter().filter_map(|&m| self.member_key(m)).map(str::to_owned).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::artifact::Artifact;
    use crate::model::community::Visibility;
    use crate::{ErrorKind, KeyedEvent};

    fn landscape() -> (Landscape, CommunityId, MemberId, ArtifactId) {
        let mut l = Landscape::new();
        let guild = l.add_community("guild", Community::named("guild")).unwrap();
        let ada = l.add_member("ada", Member::default()).unwrap();
        let post = l.add_artifact("post", Artifact::default()).unwrap();
        (l, guild, ada, post)
    }

    #[test]
    fn names_parse_to_values_and_unknown_names_list_the_known_ones() {
        for kind in CommunityKind::ALL {
            assert_eq!(kind.name().parse::<CommunityKind>().unwrap(), kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
        for orientation in Orientation::ALL {
            assert_eq!(orientation.name().to_uppercase().parse::<Orientation>().unwrap(), orientation);
            assert_eq!(serde_json::to_value(orientation).unwrap(), orientation.name());
        }
        for visibility in Visibility::ALL {
            assert_eq!(visibility.name().parse::<Visibility>().unwrap(), visibility);
            assert_eq!(serde_json::to_value(visibility).unwrap(), visibility.name());
        }
        for level in Competence::ALL {
            assert_eq!(level.name().parse::<Competence>().unwrap(), level);
        }
        assert_eq!("Advanced beginner".parse::<Competence>().unwrap(), Competence::AdvancedBeginner);
        let error = "guild".parse::<CommunityKind>().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidValue);
        assert_eq!(
            error.to_string(),
            "invalid kind: `guild` is not a community kind (open, internal, product, local)"
        );
        assert!("work".parse::<Orientation>().unwrap_err().to_string().contains("(practice, product, play)"));
        assert!("secret".parse::<Visibility>().unwrap_err().to_string().contains("(public, private)"));
        assert!("guru".parse::<Competence>().unwrap_err().to_string().contains("novice, advanced_beginner"));
    }

    #[test]
    fn community_kind_orientation_and_spaces() {
        let (mut l, guild, _, _) = landscape();
        l.set_community_kind(guild, CommunityKind::Internal).unwrap();
        l.set_community_orientation(guild, Orientation::Play).unwrap();
        let space = |name: &str, visibility| Space { name: name.to_owned(), visibility };
        l.add_space(guild, space("#testing", Visibility::Public)).unwrap();
        l.add_space(guild, space("wiki", Visibility::Private)).unwrap();
        l.add_space(guild, space("#testing", Visibility::Private)).unwrap(); // by name, once
        let before = l.clone();
        assert_eq!(
            l.add_space(guild, space("", Visibility::Public)).unwrap_err().kind(),
            ErrorKind::InvalidValue
        );
        assert!(l.add_space(guild, space(&"s".repeat(1025), Visibility::Public)).is_err());
        let nowhere = CommunityId::from_raw(9);
        assert_eq!(
            l.set_community_kind(nowhere, CommunityKind::Local).unwrap_err().kind(),
            ErrorKind::UnknownId
        );
        assert!(l.set_community_orientation(nowhere, Orientation::Product).is_err());
        assert!(l.add_space(nowhere, space("x", Visibility::Public)).is_err());
        assert!(l == before, "refused changes change nothing");
        let details = l.community_details(guild).unwrap();
        assert_eq!((details.kind, details.orientation), (CommunityKind::Internal, Orientation::Play));
        assert_eq!(
            details.spaces,
            [space("#testing", Visibility::Private), space("wiki", Visibility::Private)]
        );
        assert!(l.community_details(nowhere).is_none());
    }

    #[test]
    fn member_capacity_availability_and_affiliation() {
        let (mut l, _, ada, _) = landscape();
        l.set_mentoring_capacity(ada, 3).unwrap();
        l.set_availability(ada, Some(4.5)).unwrap();
        l.set_affiliation(ada, Some("Acme")).unwrap();
        let before = l.clone();
        for bad in [-1.0, f32::NAN, f32::INFINITY] {
            assert_eq!(l.set_availability(ada, Some(bad)).unwrap_err().kind(), ErrorKind::InvalidValue);
        }
        assert_eq!(l.set_affiliation(ada, Some("")).unwrap_err().kind(), ErrorKind::InvalidValue);
        let nobody = MemberId::from_raw(7);
        assert_eq!(l.set_mentoring_capacity(nobody, 1).unwrap_err().kind(), ErrorKind::UnknownId);
        assert!(l.set_availability(nobody, None).is_err());
        assert!(l.set_affiliation(nobody, None).is_err());
        assert!(l == before);
        let m = l.member(ada).unwrap();
        assert_eq!(
            (m.mentoring_capacity, m.availability, m.affiliation.as_deref()),
            (3, Some(4.5), Some("Acme"))
        );
        l.set_availability(ada, None).unwrap();
        l.set_affiliation(ada, None).unwrap();
        let m = l.member(ada).unwrap();
        assert_eq!((m.availability, m.affiliation.as_deref()), (None, None));
    }

    #[test]
    fn artifact_dates_and_details() {
        let (mut l, _, ada, post) = landscape();
        let testing = l.add_domain("testing").unwrap();
        l.add_artifact_author(post, ada).unwrap();
        l.add_artifact_domain(post, testing).unwrap();
        let date = time::from_seconds(1_704_067_200);
        l.set_artifact_created(post, Some(date)).unwrap();
        let before = l.clone();
        let far = DateTime::<Utc>::MAX_UTC;
        assert_eq!(l.set_artifact_created(post, Some(far)).unwrap_err().kind(), ErrorKind::InvalidValue);
        let missing = ArtifactId::from_raw(3);
        assert_eq!(l.set_artifact_created(missing, None).unwrap_err().kind(), ErrorKind::UnknownId);
        assert!(l == before);
        let details = l.artifact_details(post).unwrap();
        assert_eq!(details.created, Some(date));
        assert_eq!((details.domains, details.authors), (vec!["testing".to_owned()], vec!["ada".to_owned()]));
        assert!(l.artifact_details(missing).is_none());
    }

    #[test]
    fn ties_name_both_ends_by_key_in_a_stable_order() {
        let (mut l, guild, ada, post) = landscape();
        let testing = l.add_domain("testing").unwrap();
        l.set_competence(ada, testing, Competence::Expert).unwrap();
        l.add_interest(ada, testing).unwrap();
        l.add_artifact_author(post, ada).unwrap();
        l.add_artifact_domain(post, testing).unwrap();
        let event = |member, target| KeyedEvent {
            member,
            time: 1_704_067_200,
            kind: "answer",
            community: Some("guild"),
            target: Some(target),
            ..Default::default()
        };
        l.record_keyed(&event("bob", "ada"), false).unwrap();
        l.record_keyed(&event("bob", "ada"), false).unwrap();
        let ties = serde_json::to_value(l.ties()).unwrap();
        let expected = serde_json::json!([
            {"from": {"type": "member", "key": "ada"}, "to": {"type": "domain", "key": "testing"},
             "relation": {"type": "competence", "level": "expert"}},
            {"from": {"type": "member", "key": "ada"}, "to": {"type": "domain", "key": "testing"},
             "relation": {"type": "interest"}},
            {"from": {"type": "member", "key": "ada"}, "to": {"type": "artifact", "key": "post"},
             "relation": {"type": "authored"}},
            {"from": {"type": "member", "key": "bob"}, "to": {"type": "community", "key": "guild"},
             "relation": {"type": "membership", "role": "member"}},
            {"from": {"type": "member", "key": "bob"}, "to": {"type": "member", "key": "ada"},
             "relation": {"type": "interaction", "count": 2, "weight": 6.0,
                          "first": 1_704_067_200, "last": 1_704_067_200}},
            {"from": {"type": "artifact", "key": "post"}, "to": {"type": "domain", "key": "testing"},
             "relation": {"type": "about"}},
        ]);
        assert_eq!(ties, expected);
        let bob = l.member_id("bob").unwrap();
        let details = l.member_details(bob).unwrap();
        assert_eq!(details.communities.get("guild"), Some(&Role::Member));
        assert_eq!(details.joined, Some(time::from_seconds(1_704_067_200)));
        let details = l.member_details(ada).unwrap();
        assert_eq!(details.competence.get("testing"), Some(&Competence::Expert));
        assert_eq!(details.interests, ["testing"]);
        let _ = guild;
    }
}
