//! The landscape: the root of the model.
//!
//! A landscape holds communities that may share members and domains (a company's guilds, a
//! federation of meetups), together with the domain taxonomy, the artifacts, the event log and
//! the relationship graph derived from them. A user with a single community never has to name it:
//! every landscape has a default community, and events that name none belong to it.
//!
//! Entities are created explicitly (`add_*`, which refuses a key that exists) or on first sight
//! (`ensure_*`, and every event import unless it is strict). Everything the graph depends on is
//! changed through the landscape, so the graph is always in step with the entities and the log.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::{CopError, Entity, Result};
use crate::limits::check_key;
use crate::model::artifact::Artifact;
use crate::model::community::Community;
use crate::model::domain::Taxonomy;
use crate::model::event::{Event, EventKind, KindTable, check_weight};
use crate::model::graph::{Node, Relation, RelationshipGraph};
use crate::model::ids::{ArtifactId, CommunityId, DomainId, EventId, Interner, MemberId, ThreadId};
use crate::model::log::{EventLog, MAX_EVENTS, NONE, Row};
use crate::model::member::{Competence, Member, Membership, Role};
use crate::model::time;

pub use crate::model::event::KeyedEvent;

/// The key of the default community.
pub const DEFAULT_COMMUNITY: &str = "default";

/// The largest number of communities a landscape holds (community ids are 16-bit in the log).
pub const MAX_COMMUNITIES: usize = 1 << 16;

/// A mentoring tie declared without a `mentor` event (e.g. from a mentoring programme).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DeclaredMentoring {
    /// The mentor.
    pub mentor: MemberId,
    /// The mentee.
    pub mentee: MemberId,
    /// Since when (seconds since the epoch).
    pub since: i64,
}

/// How many of each thing a landscape holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// Members (people who acted, were targeted or were declared).
    pub members: usize,
    /// Events in the log.
    pub events: usize,
    /// Communities, the default one included.
    pub communities: usize,
    /// Domains.
    pub domains: usize,
    /// Artifacts.
    pub artifacts: usize,
}

/// The number of events of one kind, or about one domain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The kind's name or the domain's path.
    pub name: String,
    /// Number of events.
    pub events: u64,
}

/// A first look at a landscape: its size, its span and what happens in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// How many of each thing.
    pub counts: Counts,
    /// Members with at least one event of their own.
    pub acting_members: usize,
    /// Time of the first event (RFC 3339), if any.
    pub first_event: Option<String>,
    /// Time of the last event (RFC 3339), if any.
    pub last_event: Option<String>,
    /// Events per kind, most frequent first.
    pub events_per_kind: Vec<Tally>,
    /// The domains with the most events, most first.
    pub busiest_domains: Vec<Tally>,
}

/// Lengths of everything an import can grow, to undo a failed import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Checkpoint {
    events: usize,
    members: usize,
    domains: usize,
    communities: usize,
    artifacts: usize,
    custom_kinds: usize,
    threads: usize,
    recorded: Option<usize>,
}

/// The root of the model: communities, members, domains, artifacts, the event log and the
/// relationship graph.
///
/// ```
/// use cop_core::{ImportOptions, Landscape};
///
/// let csv = "member,time,kind,domain,target\n\
///            ada,2024-01-08T10:00:00Z,ask,testing,\n\
///            grace,2024-01-08T11:30:00Z,answer,testing,ada\n\
///            ada,2024-01-09T09:00:00Z,react,testing,grace\n";
/// let mut landscape = Landscape::new();
/// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
///
/// assert_eq!(landscape.counts().members, 2);
/// assert_eq!(landscape.counts().events, 3);
/// // Who has grace answered, and how often?
/// let grace = landscape.member_id("grace").unwrap();
/// let ada = landscape.member_id("ada").unwrap();
/// let tie = landscape.graph().interaction(grace, ada).unwrap();
/// assert_eq!(tie.count, 1);
/// # Ok::<(), cop_core::CopError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Landscape {
    pub(crate) kinds: KindTable,
    pub(crate) taxonomy: Taxonomy,
    pub(crate) community_keys: Interner,
    pub(crate) communities: Vec<Community>,
    pub(crate) member_keys: Interner,
    pub(crate) members: Vec<Member>,
    pub(crate) artifact_keys: Interner,
    pub(crate) artifacts: Vec<Artifact>,
    pub(crate) thread_keys: Interner,
    pub(crate) mentoring: Vec<DeclaredMentoring>,
    pub(crate) value_stories: Vec<crate::model::value::ValueStory>,
    pub(crate) log: EventLog,
    pub(crate) graph: RelationshipGraph,
    /// During a bulk recording: the first event whose ties and memberships are not yet in the
    /// graph (they are added together at the end, see [`Landscape::bulk`]).
    pub(crate) graph_pending: Option<usize>,
    /// Who is who: merges, who analyses leave out, and the record when the log differs from it.
    pub(crate) people: crate::model::people::People,
}

impl Default for Landscape {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for Landscape {
    /// Equal when every entity, key, kind weight and event is equal (the graph is derived).
    fn eq(&self, other: &Self) -> bool {
        self.kinds == other.kinds
            && self.taxonomy == other.taxonomy
            && self.community_keys == other.community_keys
            && self.communities == other.communities
            && self.member_keys == other.member_keys
            && self.members == other.members
            && self.artifact_keys == other.artifact_keys
            && self.artifacts == other.artifacts
            && self.thread_keys == other.thread_keys
            && self.mentoring == other.mentoring
            && self.value_stories == other.value_stories
            && self.log == other.log
            && self.people.scope == other.people.scope
            && crate::model::log::same_rows(self.people.recorded.as_deref(), other.people.recorded.as_deref())
    }
}

fn unknown_id(entity: Entity, raw: u32) -> CopError {
    CopError::UnknownId { entity, id: raw.into() }
}

impl Landscape {
    /// An empty landscape with its default community.
    pub fn new() -> Self {
        let mut landscape = Landscape {
            kinds: KindTable::new(),
            taxonomy: Taxonomy::new(),
            community_keys: Interner::new(),
            communities: Vec::new(),
            member_keys: Interner::new(),
            members: Vec::new(),
            artifact_keys: Interner::new(),
            artifacts: Vec::new(),
            thread_keys: Interner::new(),
            mentoring: Vec::new(),
            value_stories: Vec::new(),
            log: EventLog::new(),
            graph: RelationshipGraph::default(),
            graph_pending: None,
            people: Default::default(),
        };
        landscape
            .add_community(DEFAULT_COMMUNITY, Community::named(DEFAULT_COMMUNITY))
            .expect("an empty landscape has room for its default community");
        landscape
    }

    // ----- counts and views ------------------------------------------------------------------

    /// How many of each thing the landscape holds.
    pub fn counts(&self) -> Counts {
        Counts {
            members: (0..self.members.len() as u32)
                .filter(|&i| self.people.member_of(i) == i && !self.people.is_left_out(i))
                .count(),
            events: self.log.len(),
            communities: self.communities.len(),
            domains: self.taxonomy.len(),
            artifacts: self.artifacts.len(),
        }
    }

    /// The event log.
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// The relationship graph.
    pub fn graph(&self) -> &RelationshipGraph {
        &self.graph
    }

    /// The domain taxonomy.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The event kinds and their weights.
    pub fn kinds(&self) -> &KindTable {
        &self.kinds
    }

    /// Every event, in time order.
    pub fn events(&self) -> impl ExactSizeIterator<Item = Event> + '_ {
        self.log.in_time_order().map(|id| self.log.get(id).expect("ids from the log exist"))
    }

    /// Releases spare capacity of the event log (after a bulk import).
    pub fn shrink_to_fit(&mut self) {
        self.log.shrink_to_fit();
    }

    /// Bytes held on the heap by the log and the key tables (not the graph).
    pub fn heap_bytes(&self) -> usize {
        self.log.heap_bytes()
            + self.member_keys.heap_bytes()
            + self.members.capacity() * std::mem::size_of::<Member>()
    }

    // ----- kinds -----------------------------------------------------------------------------

    /// The kind with this name, if known.
    pub fn kind(&self, name: &str) -> Option<EventKind> {
        self.kinds.get(name)
    }

    /// The kind with this name, adding a custom kind if it is new.
    pub fn intern_kind(&mut self, name: &str) -> Result<EventKind> {
        self.kinds.intern(name)
    }

    /// The name of a kind.
    pub fn kind_name(&self, kind: EventKind) -> Option<&str> {
        self.kinds.name(kind)
    }

    /// Sets the centrality weight of a kind. The interaction graph is re-aggregated (O(events)).
    pub fn set_kind_weight(&mut self, kind: EventKind, weight: f32) -> Result<()> {
        self.kinds.set_weight(kind, weight)?;
        self.rebuild_graph();
        Ok(())
    }

    // ----- domains ---------------------------------------------------------------------------

    /// Adds a domain by path (`testing/performance`), creating missing ancestors.
    /// Fails if the domain exists.
    pub fn add_domain(&mut self, path: &str) -> Result<DomainId> {
        if self.taxonomy.id(path).is_some() {
            return Err(CopError::DuplicateKey { entity: Entity::Domain, key: path.to_owned() });
        }
        self.ensure_domain(path)
    }

    /// The domain at this path, created (with missing ancestors) if it is new.
    pub fn ensure_domain(&mut self, path: &str) -> Result<DomainId> {
        let before = self.taxonomy.len();
        let id = self.taxonomy.ensure(path)?;
        for raw in before..self.taxonomy.len() {
            let domain = DomainId(raw as u32);
            self.graph.add_domain(domain);
            let parent = self.taxonomy.get(domain).and_then(|d| d.parent);
            if parent.is_some() {
                self.graph.set_parent(domain, parent);
            }
        }
        Ok(id)
    }

    /// Makes `child` a sub-domain of `parent` (or a root with `None`); refuses a cycle.
    pub fn set_parent_domain(&mut self, child: DomainId, parent: Option<DomainId>) -> Result<()> {
        self.taxonomy.set_parent(child, parent)?;
        self.graph.set_parent(child, parent);
        Ok(())
    }

    /// The domain at a path: its exact key, or names walked from a root.
    pub fn domain_id(&self, path: &str) -> Option<DomainId> {
        self.taxonomy.by_path(path)
    }

    /// The key of a domain (the path it was created with).
    pub fn domain_key(&self, id: DomainId) -> Option<&str> {
        self.taxonomy.key(id)
    }

    // ----- communities -----------------------------------------------------------------------

    /// Adds a community. Fails if the key exists or the landscape is full.
    pub fn add_community(&mut self, key: &str, community: Community) -> Result<CommunityId> {
        check_key(Entity::Community, key)?;
        if self.community_keys.get(key).is_some() {
            return Err(CopError::DuplicateKey { entity: Entity::Community, key: key.to_owned() });
        }
        if self.communities.len() >= MAX_COMMUNITIES {
            return Err(CopError::Capacity { what: "communities", limit: MAX_COMMUNITIES as u64 });
        }
        let mut community = community;
        for &d in &community.domains {
            self.taxonomy.check(d)?;
        }
        if community.name.is_empty() {
            community.name = key.to_owned();
        }
        let (raw, _) = self.community_keys.intern(key);
        self.communities.push(community);
        self.graph.add_community(CommunityId(raw));
        Ok(CommunityId(raw))
    }

    /// The community with this key, created with defaults if it is new.
    pub fn ensure_community(&mut self, key: &str) -> Result<CommunityId> {
        match self.community_id(key) {
            Some(id) => Ok(id),
            None => self.add_community(key, Community::named(key)),
        }
    }

    /// The community with this id.
    pub fn community(&self, id: CommunityId) -> Option<&Community> {
        self.communities.get(id.index())
    }

    /// The community with this id, to change its name, kind, orientation, spaces or charter.
    pub fn community_mut(&mut self, id: CommunityId) -> Option<&mut Community> {
        self.communities.get_mut(id.index())
    }

    /// The id of a community key.
    pub fn community_id(&self, key: &str) -> Option<CommunityId> {
        self.community_keys.get(key).map(CommunityId)
    }

    /// The key of a community.
    pub fn community_key(&self, id: CommunityId) -> Option<&str> {
        self.community_keys.key(id.0)
    }

    /// Ids of every community, the default one first.
    pub fn community_ids(&self) -> impl ExactSizeIterator<Item = CommunityId> + use<> {
        (0..self.communities.len() as u32).map(CommunityId)
    }

    /// Adds a domain to a community's domains (once).
    pub fn add_community_domain(&mut self, community: CommunityId, domain: DomainId) -> Result<()> {
        self.taxonomy.check(domain)?;
        let c = self
            .communities
            .get_mut(community.index())
            .ok_or_else(|| unknown_id(Entity::Community, community.0))?;
        if !c.domains.contains(&domain) {
            c.domains.push(domain);
        }
        Ok(())
    }

    // ----- members ---------------------------------------------------------------------------

    /// Adds a member with the given attributes. Fails if the key exists.
    pub fn add_member(&mut self, key: &str, member: Member) -> Result<MemberId> {
        check_key(Entity::Member, key)?;
        if let Some(joined) = member.joined {
            crate::limits::check_time("joined", crate::model::time::to_seconds(joined))?;
        }
        if self.member_keys.get(key).is_some() {
            return Err(CopError::DuplicateKey { entity: Entity::Member, key: key.to_owned() });
        }
        if let Some(a) = member.availability {
            check_weight(a)
                .map_err(|_| CopError::invalid("availability", format!("{a} is not a finite number ≥ 0")))?;
        }
        let (raw, _) = self.member_keys.intern(key);
        // Competence, interests and memberships go through the landscape so the graph follows.
        self.members.push(Member {
            competence: Vec::new(),
            interests: Vec::new(),
            memberships: Vec::new(),
            merged: None,
            bot: member.bot || crate::model::people::looks_like_bot(key),
            ..member
        });
        self.graph.add_member(MemberId(raw));
        self.note_new_identity();
        Ok(MemberId(raw))
    }

    /// The member with this key, created with defaults if it is new.
    pub fn ensure_member(&mut self, key: &str) -> Result<MemberId> {
        match self.member_id(key) {
            Some(id) => Ok(id),
            None => self.add_member(key, Member::default()),
        }
    }

    /// The member with this id.
    pub fn member(&self, id: MemberId) -> Option<&Member> {
        self.members.get(id.index())
    }

    /// The member with this id, to change the join date, capacity, availability or affiliation.
    pub fn member_mut(&mut self, id: MemberId) -> Option<&mut Member> {
        self.members.get_mut(id.index())
    }

    /// The member known by a key: the member of this identity key, or the member it was merged
    /// into ([`Landscape::identity_id`] gives the identity itself).
    pub fn member_id(&self, key: &str) -> Option<MemberId> {
        self.member_keys.get(key).map(|raw| MemberId(self.people.member_of(raw)))
    }

    /// The key of a member.
    pub fn member_key(&self, id: MemberId) -> Option<&str> {
        self.member_keys.key(id.0)
    }

    /// Ids of every identity, in order of creation: members, identities merged into them and
    /// members left out of analyses alike (the latter two without events in the log).
    pub fn member_ids(&self) -> impl ExactSizeIterator<Item = MemberId> + use<> {
        (0..self.members.len() as u32).map(MemberId)
    }

    /// The number of member ids (identities): the length of per-member arrays.
    pub(crate) fn member_rows(&self) -> usize {
        self.members.len()
    }

    pub(crate) fn check_member(&self, id: MemberId) -> Result<()> {
        self.member(id).map(|_| ()).ok_or_else(|| unknown_id(Entity::Member, id.0))
    }

    /// Sets a member's competence in a domain.
    pub fn set_competence(&mut self, member: MemberId, domain: DomainId, level: Competence) -> Result<()> {
        self.check_member(member)?;
        self.taxonomy.check(domain)?;
        let m = &mut self.members[member.index()];
        match m.competence.iter_mut().find(|(d, _)| *d == domain) {
            Some(entry) => entry.1 = level,
            None => m.competence.push((domain, level)),
        }
        self.graph.set_competence(member, domain, level);
        Ok(())
    }

    /// Adds a domain to a member's interests (once).
    pub fn add_interest(&mut self, member: MemberId, domain: DomainId) -> Result<()> {
        self.check_member(member)?;
        self.taxonomy.check(domain)?;
        let m = &mut self.members[member.index()];
        if !m.interests.contains(&domain) {
            m.interests.push(domain);
            self.graph.add_interest(member, domain);
        }
        Ok(())
    }

    /// Declares a membership with a role (replacing the role of an existing declaration).
    pub fn add_membership(
        &mut self,
        member: MemberId,
        community: CommunityId,
        role: Role,
        since: Option<DateTime<Utc>>,
    ) -> Result<()> {
        self.check_member(member)?;
        self.community(community).ok_or_else(|| unknown_id(Entity::Community, community.0))?;
        let m = &mut self.members[member.index()];
        match m.memberships.iter_mut().find(|x| x.community == community) {
            Some(existing) => {
                existing.role = role;
                existing.since = since.or(existing.since);
            }
            None => m.memberships.push(Membership { community, role, since }),
        }
        self.graph.set_membership(member, community, role);
        Ok(())
    }

    /// A member's communities with the role held, declared or implied by their events.
    pub fn memberships(&self, member: MemberId) -> Vec<(CommunityId, Role)> {
        let mut list: Vec<(CommunityId, Role)> = self
            .graph
            .outgoing(Node::Member(member))
            .filter_map(|(node, relation)| match (node, relation) {
                (Node::Community(c), Relation::Membership { role }) => Some((c, role)),
                _ => None,
            })
            .collect();
        list.sort_unstable();
        list
    }

    /// When a member joined: the declared date, or else the time of their first event.
    pub fn joined(&self, member: MemberId) -> Option<DateTime<Utc>> {
        self.member(member)?.joined.or_else(|| {
            let first = *self.log.of_member(member).first()?;
            self.log.time_of(first).map(time::from_seconds)
        })
    }

    /// Declares a mentoring tie (for instance from a mentoring programme).
    pub fn declare_mentoring(
        &mut self,
        mentor: MemberId,
        mentee: MemberId,
        since: DateTime<Utc>,
    ) -> Result<()> {
        self.check_member(mentor)?;
        self.check_member(mentee)?;
        let since = time::to_seconds(since);
        self.mentoring.push(DeclaredMentoring { mentor, mentee, since });
        self.graph.declare_mentoring(mentor, mentee, since);
        Ok(())
    }

    // ----- artifacts -------------------------------------------------------------------------

    /// Adds an artifact. Fails if the key exists.
    pub fn add_artifact(&mut self, key: &str, artifact: Artifact) -> Result<ArtifactId> {
        check_key(Entity::Artifact, key)?;
        if self.artifact_keys.get(key).is_some() {
            return Err(CopError::DuplicateKey { entity: Entity::Artifact, key: key.to_owned() });
        }
        let (raw, _) = self.artifact_keys.intern(key);
        self.artifacts.push(Artifact { domains: Vec::new(), authors: Vec::new(), ..artifact });
        self.graph.add_artifact(ArtifactId(raw));
        Ok(ArtifactId(raw))
    }

    /// The artifact with this key, created with defaults if it is new.
    pub fn ensure_artifact(&mut self, key: &str) -> Result<ArtifactId> {
        match self.artifact_id(key) {
            Some(id) => Ok(id),
            None => self.add_artifact(key, Artifact::default()),
        }
    }

    /// The artifact with this id.
    pub fn artifact(&self, id: ArtifactId) -> Option<&Artifact> {
        self.artifacts.get(id.index())
    }

    /// The artifact with this id, to change its kind or creation date.
    pub fn artifact_mut(&mut self, id: ArtifactId) -> Option<&mut Artifact> {
        self.artifacts.get_mut(id.index())
    }

    /// The id of an artifact key.
    pub fn artifact_id(&self, key: &str) -> Option<ArtifactId> {
        self.artifact_keys.get(key).map(ArtifactId)
    }

    /// The key of an artifact.
    pub fn artifact_key(&self, id: ArtifactId) -> Option<&str> {
        self.artifact_keys.key(id.0)
    }

    // ----- threads ---------------------------------------------------------------------------

    /// The thread with this key, created if it is new (the key must not be empty).
    pub fn ensure_thread(&mut self, key: &str) -> Result<ThreadId> {
        check_key(Entity::Thread, key)?;
        Ok(ThreadId(self.thread_keys.intern(key).0))
    }

    /// The id of a thread key.
    pub fn thread_id(&self, key: &str) -> Option<ThreadId> {
        self.thread_keys.get(key).map(ThreadId)
    }

    /// The key of a thread.
    pub fn thread_key(&self, id: ThreadId) -> Option<&str> {
        self.thread_keys.key(id.0)
    }

    /// The number of threads.
    pub fn thread_count(&self) -> usize {
        self.thread_keys.len()
    }

    /// Adds an author to an artifact (once).
    pub fn add_artifact_author(&mut self, artifact: ArtifactId, author: MemberId) -> Result<()> {
        self.check_member(author)?;
        let a = self
            .artifacts
            .get_mut(artifact.index())
            .ok_or_else(|| unknown_id(Entity::Artifact, artifact.0))?;
        if !a.authors.contains(&author) {
            a.authors.push(author);
            self.graph.add_authored(author, artifact);
        }
        Ok(())
    }

    /// Adds a domain the artifact is about (once).
    pub fn add_artifact_domain(&mut self, artifact: ArtifactId, domain: DomainId) -> Result<()> {
        self.taxonomy.check(domain)?;
        let a = self
            .artifacts
            .get_mut(artifact.index())
            .ok_or_else(|| unknown_id(Entity::Artifact, artifact.0))?;
        if !a.domains.contains(&domain) {
            a.domains.push(domain);
            self.graph.add_about(artifact, domain);
        }
        Ok(())
    }

    // ----- events ----------------------------------------------------------------------------

    /// Checks that a row can be appended: its ids exist, its weight and time are good and the
    /// log has room.
    pub(crate) fn check_row(&self, row: &Row) -> Result<()> {
        if (row.member as usize) >= self.members.len() {
            return Err(unknown_id(Entity::Member, row.member));
        }
        let kind = EventKind::from_code(row.kind).filter(|&k| self.kinds.contains(k));
        if kind.is_none() {
            return Err(unknown_id(Entity::Kind, row.kind.into()));
        }
        if usize::from(row.community) >= self.communities.len() {
            return Err(unknown_id(Entity::Community, row.community.into()));
        }
        if row.domain != NONE && (row.domain as usize) >= self.taxonomy.len() {
            return Err(unknown_id(Entity::Domain, row.domain));
        }
        if row.target != NONE && (row.target as usize) >= self.members.len() {
            return Err(unknown_id(Entity::Member, row.target));
        }
        if row.artifact != NONE && (row.artifact as usize) >= self.artifacts.len() {
            return Err(unknown_id(Entity::Artifact, row.artifact));
        }
        if row.thread != NONE && (row.thread as usize) >= self.thread_keys.len() {
            return Err(unknown_id(Entity::Thread, row.thread));
        }
        if !row.weight.is_nan() {
            check_weight(row.weight)?;
        }
        crate::limits::check_time("time", row.time)?;
        if self.log.len() >= MAX_EVENTS {
            return Err(CopError::Capacity { what: "events", limit: MAX_EVENTS as u64 });
        }
        Ok(())
    }

    /// Appends a checked row to the record, and as analyses see it to the log. The per-member
    /// lists and the graph follow at once, or, while a [`Bulk`] recording is open (this is
    /// reached through it), when it ends: in the log and the graph, a row appended either way
    /// counts the same. An event of a member left out of analyses is only recorded: its id is
    /// [`EventId::LEFT_OUT`].
    pub(crate) fn append(&mut self, row: Row) -> EventId {
        let row = match &mut self.people.recorded {
            None => row,
            Some(recorded) => {
                recorded.push(row);
                match self.people.analysed(row) {
                    Some(row) => row,
                    None => return EventId::LEFT_OUT,
                }
            }
        };
        self.append_analysed(row)
    }

    /// Appends a row as analyses see it to the log (see [`Landscape::append`]).
    fn append_analysed(&mut self, row: Row) -> EventId {
        if self.graph_pending.is_some() {
            return self.log.push(row);
        }
        self.graph.touch_membership(row.member, u32::from(row.community));
        if row.target != NONE {
            let weight = if row.weight.is_nan() {
                self.kinds.weights_by_code()[usize::from(row.kind)]
            } else {
                row.weight
            };
            let mentoring = row.kind == EventKind::Mentor.code();
            self.graph.add_interaction(row.member, row.target, f64::from(weight), row.time, mentoring);
        }
        self.log.push(row)
    }

    /// Records one event. Every id must exist; nothing changes when the event is refused.
    pub fn record(&mut self, event: Event) -> Result<EventId> {
        let row = Row::from_event(&event)?;
        self.check_row(&row)?;
        Ok(self.append(row))
    }

    /// Records a batch of events, all or nothing: if one is refused, none is recorded and the
    /// error is [`CopError::InBatch`]: its position (`event[i]`) and why, of the same kind as
    /// [`Landscape::record`]'s error for that event (an unknown id stays an unknown id).
    pub fn record_batch(&mut self, events: &[Event]) -> Result<std::ops::Range<EventId>> {
        let mut rows = Vec::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            let row = Row::from_event(event)
                .and_then(|row| self.check_row(&row).map(|()| row))
                .map_err(|e| CopError::InBatch { index: i, error: Box::new(e) })?;
            rows.push(row);
        }
        let start = EventId(self.log.len() as u32);
        self.log.reserve(rows.len());
        self.bulk(|landscape| {
            for row in rows {
                landscape.apply(row);
            }
            Ok(())
        })?;
        Ok(start..EventId(self.log.len() as u32))
    }

    /// Runs a bulk recording: rows appended through the [`Bulk`] it lends enter the log at once;
    /// the per-member lists of the log and the graph's ties and memberships are brought up to
    /// date once at the end, in passes over the new events, rather than event by event.
    /// Whatever `record` returns, the landscape is consistent after. A bulk recording opened
    /// within another is part of it.
    ///
    /// Should `record` panic (a bug), the outermost bulk recording undoes everything it did (to
    /// the checkpoint taken when it began) before the panic goes on, so that the landscape is
    /// left as it was, never half-recorded.
    pub(crate) fn bulk<T>(&mut self, record: impl FnOnce(&mut Bulk<'_>) -> Result<T>) -> Result<T> {
        let outermost = self.graph_pending.is_none();
        if !outermost {
            return record(&mut Bulk(self));
        }
        let checkpoint = self.checkpoint();
        self.log.defer_index();
        self.graph_pending = Some(self.log.len());
        let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| record(&mut Bulk(self))))
        {
            Ok(result) => result,
            Err(payload) => {
                self.graph_pending = None;
                self.log.abandon_deferred(checkpoint.events);
                self.rollback(checkpoint);
                self.rebuild_graph();
                std::panic::resume_unwind(payload);
            }
        };
        {
            let pending = self.graph_pending.take();
            let (graph, weights) = (&mut self.graph, self.kinds.weights_by_code());
            self.log.finish_index(|columns| {
                if let Some(from) = pending {
                    graph.add_events(&columns, from, weights, EventKind::Mentor.code());
                }
            });
        }
        result
    }

    // ----- keys of any entity an event names --------------------------------------------------

    /// The raw id of an entity's key, if it exists (a domain by its path or by names walked
    /// from a root; kinds and events have no keys here).
    pub(crate) fn key_id(&self, entity: Entity, key: &str) -> Option<u32> {
        match entity {
            Entity::Member => self.member_keys.get(key),
            Entity::Domain => self.taxonomy.by_path(key).map(DomainId::raw),
            Entity::Community => self.community_keys.get(key),
            Entity::Artifact => self.artifact_keys.get(key),
            Entity::Thread => self.thread_keys.get(key),
            Entity::Kind | Entity::Event => None,
        }
    }

    /// [`Landscape::key_id`] of a member key whose [`key_hash`](crate::model::ids::key_hash)
    /// is known.
    #[inline]
    pub(crate) fn member_key_id(&self, hash: u64, key: &str) -> Option<u32> {
        self.member_keys.get_hashed(hash, key)
    }

    /// Why a key new to the landscape could not be created (checked before anything is).
    pub(crate) fn check_new_key(&self, entity: Entity, key: &str) -> Result<()> {
        match entity {
            Entity::Domain => crate::model::domain::check_path(key),
            Entity::Community if self.communities.len() >= MAX_COMMUNITIES => {
                Err(CopError::Capacity { what: "communities", limit: MAX_COMMUNITIES as u64 })
            }
            Entity::Kind => self.kinds.check_new(key),
            _ => check_key(entity, key),
        }
    }

    /// The raw id of an entity's key, the entity created with defaults if the key is new
    /// (`hash`: the [`key_hash`](crate::model::ids::key_hash) of a member key, else unused).
    pub(crate) fn ensure_key(&mut self, entity: Entity, key: &str, hash: u64) -> Result<u32> {
        match entity {
            Entity::Member => match self.member_keys.get_hashed(hash, key) {
                Some(raw) => Ok(raw),
                None => {
                    check_key(Entity::Member, key)?;
                    Ok(self.new_member(hash, key))
                }
            },
            Entity::Domain => self.ensure_domain(key).map(DomainId::raw),
            Entity::Community => self.ensure_community(key).map(CommunityId::raw),
            Entity::Artifact => self.ensure_artifact(key).map(ArtifactId::raw),
            Entity::Thread => self.ensure_thread(key).map(ThreadId::raw),
            Entity::Kind => self.kinds.intern(key).map(|k| u32::from(k.code())),
            Entity::Event => Err(CopError::unknown_key(entity, key)),
        }
    }

    /// The key of an entity's raw id.
    pub(crate) fn key_of(&self, entity: Entity, raw: u32) -> Option<&str> {
        match entity {
            Entity::Member => self.member_keys.key(raw),
            Entity::Domain => self.taxonomy.key(DomainId(raw)),
            Entity::Community => self.community_keys.key(raw),
            Entity::Artifact => self.artifact_keys.key(raw),
            Entity::Thread => self.thread_keys.key(raw),
            Entity::Kind => {
                u8::try_from(raw).ok().and_then(EventKind::from_code).and_then(|k| self.kinds.name(k))
            }
            Entity::Event => None,
        }
    }

    /// Adds a member with defaults under a key known to be new and good.
    fn new_member(&mut self, hash: u64, key: &str) -> u32 {
        let (raw, _) = self.member_keys.intern_hashed(hash, key);
        self.members.push(Member { bot: crate::model::people::looks_like_bot(key), ..Member::default() });
        self.graph.add_member(MemberId(raw));
        self.note_new_identity();
        raw
    }

    /// A copy of the landscape with only the events dated `from <= time < to` (seconds), in
    /// their order of recording. Members, domains, communities, artifacts, kinds and declared ties
    /// are kept; value stories keep only the events that remain (with their new ids).
    pub fn events_between(&self, from: i64, to: i64) -> Landscape {
        let times = self.log.columns().time;
        self.with_events_where(|i| times[i] >= from && times[i] < to)
    }

    /// The landscape as one community sees it: only that community's events, so that health,
    /// maturity, structure and charter goals computed on it are the community's own. Every
    /// member, domain, community and artifact keeps its id and key (a member who never acted in
    /// the community is simply inactive in it); the other communities keep their keys but not
    /// their charters, so the view's goals are the community's alone. Value stories keep only the
    /// events that remain.
    ///
    /// Errors: [`CopError::UnknownKey`] when `key` names no community.
    ///
    /// ```
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// let csv = "member,time,kind,community\n\
    ///            ada,2024-01-08T10:00:00Z,answer,rust\n\
    ///            bob,2024-01-08T11:00:00Z,answer,go\n\
    ///            ada,2024-01-09T10:00:00Z,ask,go\n";
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
    /// let go = landscape.community_view("go")?;
    /// assert_eq!(go.counts().events, 2);
    /// assert_eq!(go.member_id("ada"), landscape.member_id("ada"));
    /// assert!(landscape.community_view("python").is_err());
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn community_view(&self, key: &str) -> Result<Landscape> {
        let id = self
            .community_id(key)
            .ok_or_else(|| CopError::UnknownKey { entity: Entity::Community, key: key.to_owned() })?;
        let community = self.log.columns().community;
        let raw = id.raw() as u16;
        let mut view = self.with_events_where(|i| community[i] == raw);
        for (c, other) in view.communities.iter_mut().enumerate() {
            if c != id.index() {
                other.charter = None;
            }
        }
        Ok(view)
    }

    /// The communities that have at least one event, in id order.
    pub fn communities_with_events(&self) -> Vec<CommunityId> {
        let mut seen = vec![false; self.communities.len()];
        for &c in self.log.columns().community {
            seen[usize::from(c)] = true;
        }
        self.community_ids().filter(|c| seen[c.index()]).collect()
    }

    /// A copy with the entities and only the events `keep` accepts (by index in the log).
    fn with_events_where(&self, keep: impl Fn(usize) -> bool) -> Landscape {
        let mut copy = self.clone_entities();
        copy.rebuild_graph();
        let mut new_id = vec![None; self.log.len()];
        let recorded = copy.bulk(|copy| {
            for (i, slot) in new_id.iter_mut().enumerate() {
                if keep(i) {
                    *slot = Some(copy.apply(self.log.row(i)));
                }
            }
            Ok(())
        });
        debug_assert!(recorded.is_ok(), "copying checked events cannot fail");
        for story in &mut copy.value_stories {
            story.events =
                story.events.iter().filter_map(|e| new_id.get(e.index()).copied().flatten()).collect();
        }
        copy
    }

    fn clone_entities(&self) -> Landscape {
        Landscape {
            kinds: self.kinds.clone(),
            taxonomy: self.taxonomy.clone(),
            community_keys: self.community_keys.clone(),
            communities: self.communities.clone(),
            member_keys: self.member_keys.clone(),
            members: self.members.clone(),
            artifact_keys: self.artifact_keys.clone(),
            artifacts: self.artifacts.clone(),
            thread_keys: self.thread_keys.clone(),
            mentoring: self.mentoring.clone(),
            value_stories: self.value_stories.clone(),
            log: EventLog::new(),
            graph: RelationshipGraph::default(),
            graph_pending: None,
            people: self.people.without_record(),
        }
    }

    // ----- summary ---------------------------------------------------------------------------

    /// A first look: counts, span, events per kind and the `top` busiest domains.
    pub fn summary(&self, top: usize) -> Summary {
        let columns = self.log.columns();
        let mut per_kind = [0u64; 256];
        for &k in columns.kind {
            per_kind[usize::from(k)] += 1;
        }
        let mut per_domain = vec![0u64; self.taxonomy.len()];
        for &d in columns.domain {
            if d != NONE {
                per_domain[d as usize] += 1;
            }
        }
        let mut events_per_kind: Vec<Tally> = self
            .kinds
            .kinds()
            .filter(|k| per_kind[usize::from(k.code())] > 0)
            .map(|k| Tally {
                name: self.kinds.name(k).unwrap_or_default().to_owned(),
                events: per_kind[usize::from(k.code())],
            })
            .collect();
        events_per_kind.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
        let mut busiest_domains: Vec<Tally> = self
            .taxonomy
            .ids()
            .filter(|d| per_domain[d.index()] > 0)
            .map(|d| Tally {
                name: self.taxonomy.key(d).unwrap_or_default().to_owned(),
                events: per_domain[d.index()],
            })
            .collect();
        busiest_domains.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.name.cmp(&b.name)));
        busiest_domains.truncate(top);
        let span = self.log.span();
        Summary {
            counts: self.counts(),
            acting_members: self.member_ids().filter(|&m| !self.log.of_member(m).is_empty()).count(),
            first_event: span.map(|(first, _)| time::format_seconds(first)),
            last_event: span.map(|(_, last)| time::format_seconds(last)),
            events_per_kind,
            busiest_domains,
        }
    }

    // ----- undo and rebuild ------------------------------------------------------------------

    /// How many events the checkpoint counts in the record (those left out of analyses too).
    pub(crate) fn checkpoint_recorded(to: Checkpoint) -> usize {
        to.recorded.unwrap_or(to.events)
    }

    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            events: self.log.len(),
            members: self.members.len(),
            domains: self.taxonomy.len(),
            communities: self.communities.len(),
            artifacts: self.artifacts.len(),
            custom_kinds: self.kinds.custom_names().len(),
            threads: self.thread_keys.len(),
            recorded: self.people.recorded.as_ref().map(Vec::len),
        }
    }

    /// Undoes everything an import did since the checkpoint (only creations and events: imports
    /// change nothing else).
    pub(crate) fn rollback(&mut self, to: Checkpoint) {
        if self.checkpoint_differs(to) {
            self.log.truncate(to.events);
            self.log.truncate_members(to.members);
            self.member_keys.truncate(to.members);
            self.members.truncate(to.members);
            self.people.truncate(to.members, to.recorded);
            self.taxonomy.truncate(to.domains);
            self.community_keys.truncate(to.communities);
            self.communities.truncate(to.communities);
            self.artifact_keys.truncate(to.artifacts);
            self.artifacts.truncate(to.artifacts);
            self.kinds.truncate_custom(to.custom_kinds);
            self.thread_keys.truncate(to.threads);
            self.rebuild_graph();
        }
    }

    fn checkpoint_differs(&self, to: Checkpoint) -> bool {
        let now = self.checkpoint();
        now != to
    }

    /// Derives the relationship graph again from the entities and the log.
    pub(crate) fn rebuild_graph(&mut self) {
        let mut graph = RelationshipGraph::default();
        for m in self.member_ids() {
            graph.add_member(m);
        }
        for d in self.taxonomy.ids() {
            graph.add_domain(d);
        }
        for d in self.taxonomy.ids() {
            let parent = self.taxonomy.get(d).and_then(|x| x.parent);
            if parent.is_some() {
                graph.set_parent(d, parent);
            }
        }
        for c in self.community_ids() {
            graph.add_community(c);
        }
        for a in 0..self.artifacts.len() as u32 {
            graph.add_artifact(ArtifactId(a));
        }
        for (i, member) in self.members.iter().enumerate() {
            let id = MemberId(i as u32);
            for &(domain, level) in &member.competence {
                graph.set_competence(id, domain, level);
            }
            for &domain in &member.interests {
                graph.add_interest(id, domain);
            }
            for membership in &member.memberships {
                graph.set_membership(id, membership.community, membership.role);
            }
        }
        for (i, artifact) in self.artifacts.iter().enumerate() {
            let id = ArtifactId(i as u32);
            for &author in &artifact.authors {
                graph.add_authored(author, id);
            }
            for &domain in &artifact.domains {
                graph.add_about(id, domain);
            }
        }
        for tie in &self.mentoring {
            graph.declare_mentoring(tie.mentor, tie.mentee, tie.since);
        }
        let columns = self.log.columns();
        graph.add_events(&columns, 0, self.kinds.weights_by_code(), EventKind::Mentor.code());
        self.graph = graph;
        if self.graph_pending.is_some() {
            // Mid-bulk (an import undone to its checkpoint): later events are still deferred.
            self.graph_pending = Some(self.log.len());
        }
    }
}

/// A bulk recording in progress ([`Landscape::bulk`]): the landscape, and the one way to
/// append rows whose per-member lists and graph ties follow when the recording ends.
pub(crate) struct Bulk<'l>(&'l mut Landscape);

impl Bulk<'_> {
    /// Appends a checked row (see [`Landscape::append`]); the per-member lists and the graph
    /// follow when the bulk recording ends.
    pub(crate) fn apply(&mut self, row: Row) -> EventId {
        self.0.append(row)
    }

    /// Appends `count` events column by column (see
    /// [`EventLog::extend_columns`](crate::model::log::EventLog)) when events go to analyses
    /// as recorded; `false`, with nothing done, when people are merged or left out (then rows
    /// go one by one through [`Bulk::apply`]).
    pub(crate) fn extend_columns(
        &mut self,
        count: usize,
        optional: [bool; 3],
        fill: impl FnOnce(crate::model::log::Tails<'_>),
    ) -> bool {
        if self.0.people.recorded.is_some() {
            return false;
        }
        self.0.log.extend_columns(count, optional, fill);
        true
    }

    /// Appends a row as analyses see it (the record is kept apart by the caller).
    pub(crate) fn apply_analysed(&mut self, row: Row) -> EventId {
        self.0.append_analysed(row)
    }

    /// Checks and appends a stored row (snapshot loading).
    pub(crate) fn record_row(&mut self, row: Row) -> Result<EventId> {
        self.0.check_row(&row)?;
        Ok(self.0.append(row))
    }
}

impl std::ops::Deref for Bulk<'_> {
    type Target = Landscape;

    fn deref(&self) -> &Landscape {
        self.0
    }
}

impl std::ops::DerefMut for Bulk<'_> {
    fn deref_mut(&mut self) -> &mut Landscape {
        self.0
    }
}

/// Value stories.
impl Landscape {
    /// Adds a value story after checking that every member, artifact and event exists; returns
    /// its index.
    pub fn add_value_story(&mut self, story: crate::model::value::ValueStory) -> Result<usize> {
        for m in &story.members {
            if self.member(*m).is_none() {
                return Err(CopError::UnknownId { entity: Entity::Member, id: m.raw().into() });
            }
        }
        for a in &story.artifacts {
            if self.artifact(*a).is_none() {
                return Err(CopError::UnknownId { entity: Entity::Artifact, id: a.raw().into() });
            }
        }
        for e in &story.events {
            if e.index() >= self.log().len() {
                return Err(CopError::UnknownId { entity: Entity::Event, id: e.raw().into() });
            }
        }
        if story.text.trim().is_empty() {
            return Err(CopError::invalid("text", "a value story needs a text"));
        }
        self.value_stories.push(story);
        Ok(self.value_stories.len() - 1)
    }

    /// The value stories, in order of addition.
    pub fn value_stories(&self) -> &[crate::model::value::ValueStory] {
        &self.value_stories
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_recording_that_panics_leaves_the_landscape_as_it_was() {
        let mut landscape = Landscape::new();
        let ada = landscape.ensure_member("ada").unwrap();
        let event = Event::new(ada, crate::model::time::from_seconds(1_700_000_000), EventKind::Ask);
        landscape.record(event).unwrap();
        let before = landscape.clone();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = landscape.bulk(|l| {
                let bob = l.ensure_member("bob").unwrap();
                l.ensure_domain("testing/perf").unwrap();
                let row = Row::from_event(&Event { target: Some(bob), ..event }).unwrap();
                l.apply(row);
                panic!("a bug midway");
                #[allow(unreachable_code)]
                Ok(())
            });
        }));
        assert!(outcome.is_err(), "the panic goes on");
        assert!(landscape == before, "the landscape is as it was");
        assert_eq!(landscape.graph().interaction(ada, ada).map(|t| t.count), None);
        // …and still works: recording and the per-member lists agree.
        landscape.record_batch(&[event, event]).unwrap();
        assert_eq!(landscape.log().of_member(ada).len(), 3);
    }
}
