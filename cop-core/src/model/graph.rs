//! The relationship graph: who belongs where, knows what, made what and works with whom.
//!
//! One petgraph graph holds every entity of the landscape as a node ([`Node`]) and their typed
//! relations as edges ([`Relation`]): membership of a community (with its role), competence in
//! and interest in a domain, sub-domain of, authored, artifact about a domain, mentoring ties, and
//! interaction between members. Interaction is aggregated from the event log — one edge per
//! ordered pair of members with the count, total weight and first and last time of the events
//! from one to the other — and kept in step with the log as events are recorded. The graph is
//! derived: it is never stored in snapshots but rebuilt from the entities and the log.
//!
//! The public API speaks domain ids, never petgraph's node indices.

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::model::ids::{ArtifactId, CommunityId, DomainId, MemberId};
use crate::model::log::{Columns, NONE};
use crate::model::member::{Competence, Role};

/// A node of the relationship graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "lowercase")]
pub enum Node {
    /// A member.
    Member(MemberId),
    /// A domain.
    Domain(DomainId),
    /// A community.
    Community(CommunityId),
    /// An artifact.
    Artifact(ArtifactId),
}

/// Aggregated events from one member to another (or from a mentor to a mentee).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Tie {
    /// Number of events.
    pub count: u32,
    /// Sum of the events' weights.
    pub weight: f64,
    /// Time of the first event, seconds since the epoch.
    pub first: i64,
    /// Time of the last event, seconds since the epoch.
    pub last: i64,
}

impl Tie {
    fn new(weight: f64, time: i64) -> Self {
        Tie { count: 1, weight, first: time, last: time }
    }

    fn add(&mut self, weight: f64, time: i64) {
        self.count += 1;
        self.weight += weight;
        self.first = self.first.min(time);
        self.last = self.last.max(time);
    }
}

/// A typed edge of the relationship graph.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relation {
    /// Member → community, declared or implied by acting in it (then with [`Role::Member`]).
    Membership {
        /// The role in the community.
        role: Role,
    },
    /// Member → domain: declared competence.
    Competence {
        /// The level.
        level: Competence,
    },
    /// Member → domain: declared interest.
    Interest,
    /// Domain → its parent domain.
    SubDomainOf,
    /// Member → artifact they authored.
    Authored,
    /// Artifact → a domain it is about.
    About,
    /// Mentor → mentee, from `mentor` events (and declared ties, with a count of 0).
    Mentoring(Tie),
    /// Member → member, aggregated from every event with a target.
    Interaction(Tie),
}

/// The relationship graph of a landscape.
#[derive(Clone, Debug, Default)]
pub struct RelationshipGraph {
    graph: DiGraph<Node, Relation, u32>,
    members: Vec<NodeIndex>,
    domains: Vec<NodeIndex>,
    communities: Vec<NodeIndex>,
    artifacts: Vec<NodeIndex>,
    interactions: FxHashMap<(u32, u32), EdgeIndex>,
    mentoring: FxHashMap<(u32, u32), EdgeIndex>,
    memberships: FxHashMap<(u32, u32), EdgeIndex>,
}

/// Adds an edge for each of `new` to the graph and its key to the map, the `k`-th as edge
/// `edge_count + k`: the graph and the map are filled side by side, on two cores.
fn add_indexed<T: Sync>(
    graph: &mut DiGraph<Node, Relation, u32>,
    map: &mut FxHashMap<(u32, u32), EdgeIndex>,
    new: &[&[T]],
    edge: impl Fn(&T) -> ((NodeIndex, NodeIndex), Relation) + Sync,
    key: impl Fn(&T) -> (u32, u32) + Sync,
) {
    let first = graph.edge_count();
    let count = new.iter().map(|part| part.len()).sum();
    rayon::join(
        || {
            graph.reserve_edges(count);
            for item in new.iter().copied().flatten() {
                let ((from, to), relation) = edge(item);
                graph.add_edge(from, to, relation);
            }
        },
        || {
            map.reserve(count);
            for (k, item) in new.iter().copied().flatten().enumerate() {
                map.insert(key(item), EdgeIndex::new(first + k));
            }
        },
    );
    debug_assert_eq!(graph.edge_count(), first + count);
}

/// The fewest ranges of members whose ties are aggregated apart (more in tests, to split small
/// cases too).
const TIE_RANGES_AT_LEAST: usize = if cfg!(test) { 3 } else { 1 };

/// About `parts` ranges of members with about as many targeted events each (`starts`: see
/// [`targeted_by_member`]), together every member in order.
fn member_ranges(starts: &[u32], parts: usize) -> Vec<std::ops::Range<usize>> {
    let members = starts.len() - 1;
    let events = u64::from(starts[members]);
    let parts = parts.clamp(1, members.max(1)) as u64;
    let mut ranges = Vec::new();
    let mut from = 0;
    for part in 1..=parts {
        // The first member at or past this part's share of the events.
        let share = (events * part / parts) as u32;
        let to =
            if part == parts { members } else { starts.partition_point(|&s| s < share).clamp(from, members) };
        ranges.push(from..to);
        from = to;
    }
    ranges
}

/// The ties a range of members' targeted events make: updates of ties the graph has, in order,
/// and new ties in order of first event.
struct TiesOfMembers {
    existing: Vec<(EdgeIndex, f64, i64)>,
    fresh: Vec<(u32, u32, Tie)>,
}

impl TiesOfMembers {
    fn of(
        range: std::ops::Range<usize>,
        starts: &[u32],
        grouped: &[(u32, f32, i64)],
        members: usize,
        interactions: Option<&FxHashMap<(u32, u32), EdgeIndex>>,
    ) -> Self {
        // Which member last reached each target, and where its tie is in `fresh`.
        let (mut stamp, mut slot_of) = (vec![u32::MAX; members], vec![0u32; members]);
        let mut ties = TiesOfMembers { existing: Vec::new(), fresh: Vec::new() };
        for m in range {
            let member = m as u32;
            for &(target, weight, time) in &grouped[starts[m] as usize..starts[m + 1] as usize] {
                let weight = f64::from(weight);
                if let Some(&edge) = interactions.and_then(|map| map.get(&(member, target))) {
                    ties.existing.push((edge, weight, time));
                    continue;
                }
                let t = target as usize;
                if stamp[t] == member {
                    ties.fresh[slot_of[t] as usize].2.add(weight, time);
                } else {
                    stamp[t] = member;
                    slot_of[t] = ties.fresh.len() as u32;
                    ties.fresh.push((member, target, Tie::new(weight, time)));
                }
            }
        }
        ties
    }
}

/// Targeted events `from..` grouped by member, in their order (a stable counting sort), carrying
/// what the ties need (target, weight, time) so that the pass after reads them in sequence: member
/// `m`'s are `grouped[starts[m]..starts[m + 1]]`.
fn targeted_by_member(
    columns: &Columns<'_>,
    from: usize,
    kind_weights: &[f32],
    members: usize,
) -> (Vec<u32>, Vec<(u32, f32, i64)>) {
    let n = columns.member.len();
    let mut starts = vec![0u32; members + 1];
    for i in from..n {
        if columns.target[i] != NONE {
            starts[columns.member[i] as usize + 1] += 1;
        }
    }
    for m in 0..members {
        starts[m + 1] += starts[m];
    }
    let mut next = starts.clone();
    let mut grouped = vec![(0u32, 0f32, 0i64); starts[members] as usize];
    for i in from..n {
        let target = columns.target[i];
        if target != NONE {
            let slot = &mut next[columns.member[i] as usize];
            grouped[*slot as usize] = (target, columns.weight_of(i, kind_weights), columns.time[i]);
            *slot += 1;
        }
    }
    (starts, grouped)
}

impl RelationshipGraph {
    pub(crate) fn add_member(&mut self, id: MemberId) {
        debug_assert_eq!(id.index(), self.members.len());
        self.members.push(self.graph.add_node(Node::Member(id)));
    }

    pub(crate) fn add_domain(&mut self, id: DomainId) {
        debug_assert_eq!(id.index(), self.domains.len());
        self.domains.push(self.graph.add_node(Node::Domain(id)));
    }

    pub(crate) fn add_community(&mut self, id: CommunityId) {
        debug_assert_eq!(id.index(), self.communities.len());
        self.communities.push(self.graph.add_node(Node::Community(id)));
    }

    pub(crate) fn add_artifact(&mut self, id: ArtifactId) {
        debug_assert_eq!(id.index(), self.artifacts.len());
        self.artifacts.push(self.graph.add_node(Node::Artifact(id)));
    }

    pub(crate) fn set_parent(&mut self, child: DomainId, parent: Option<DomainId>) {
        let from = self.domains[child.index()];
        let old: Vec<EdgeIndex> = self
            .graph
            .edges_directed(from, Direction::Outgoing)
            .filter(|e| matches!(e.weight(), Relation::SubDomainOf))
            .map(|e| e.id())
            .collect();
        for edge in old.into_iter().rev() {
            self.graph.remove_edge(edge);
        }
        if !self.interactions.is_empty() || !self.mentoring.is_empty() || !self.memberships.is_empty() {
            // Removing edges may move the last edge into the freed slot: re-index the maps.
            self.reindex();
        }
        if let Some(parent) = parent {
            self.graph.add_edge(from, self.domains[parent.index()], Relation::SubDomainOf);
        }
    }

    fn reindex(&mut self) {
        self.interactions.clear();
        self.mentoring.clear();
        self.memberships.clear();
        for edge in self.graph.edge_references() {
            let (a, b) = (edge.source(), edge.target());
            let key = |g: &DiGraph<Node, Relation, u32>| (raw(g[a]), raw(g[b]));
            match edge.weight() {
                Relation::Interaction(_) => {
                    self.interactions.insert(key(&self.graph), edge.id());
                }
                Relation::Mentoring(_) => {
                    self.mentoring.insert(key(&self.graph), edge.id());
                }
                Relation::Membership { .. } => {
                    self.memberships.insert(key(&self.graph), edge.id());
                }
                _ => {}
            }
        }
    }

    pub(crate) fn set_membership(&mut self, member: MemberId, community: CommunityId, role: Role) {
        let key = (member.0, community.0);
        match self.memberships.get(&key) {
            Some(&edge) => self.graph[edge] = Relation::Membership { role },
            None => {
                let edge = self.graph.add_edge(
                    self.members[member.index()],
                    self.communities[community.index()],
                    Relation::Membership { role },
                );
                self.memberships.insert(key, edge);
            }
        }
    }

    /// Records that a member acted in a community (a membership unless one exists).
    pub(crate) fn touch_membership(&mut self, member: u32, community: u32) {
        if !self.memberships.contains_key(&(member, community)) {
            self.set_membership(MemberId(member), CommunityId(community), Role::Member);
        }
    }

    pub(crate) fn set_competence(&mut self, member: MemberId, domain: DomainId, level: Competence) {
        let (a, b) = (self.members[member.index()], self.domains[domain.index()]);
        let existing = self
            .graph
            .edges_connecting(a, b)
            .find(|e| matches!(e.weight(), Relation::Competence { .. }))
            .map(|e| e.id());
        match existing {
            Some(edge) => self.graph[edge] = Relation::Competence { level },
            None => {
                self.graph.add_edge(a, b, Relation::Competence { level });
            }
        }
    }

    pub(crate) fn add_interest(&mut self, member: MemberId, domain: DomainId) {
        self.graph.add_edge(self.members[member.index()], self.domains[domain.index()], Relation::Interest);
    }

    pub(crate) fn add_authored(&mut self, member: MemberId, artifact: ArtifactId) {
        self.graph.add_edge(
            self.members[member.index()],
            self.artifacts[artifact.index()],
            Relation::Authored,
        );
    }

    pub(crate) fn add_about(&mut self, artifact: ArtifactId, domain: DomainId) {
        self.graph.add_edge(self.artifacts[artifact.index()], self.domains[domain.index()], Relation::About);
    }

    fn add_tie(
        graph: &mut DiGraph<Node, Relation, u32>,
        map: &mut FxHashMap<(u32, u32), EdgeIndex>,
        nodes: (NodeIndex, NodeIndex),
        key: (u32, u32),
        make: fn(Tie) -> Relation,
        weight: f64,
        time: i64,
    ) {
        match map.get(&key) {
            Some(&edge) => match &mut graph[edge] {
                Relation::Interaction(tie) | Relation::Mentoring(tie) => tie.add(weight, time),
                _ => unreachable!("tie maps only index tie edges"),
            },
            None => {
                let edge = graph.add_edge(nodes.0, nodes.1, make(Tie::new(weight, time)));
                map.insert(key, edge);
            }
        }
    }

    /// Aggregates one event from `member` to `target` into the interaction tie (and the mentoring
    /// tie when `mentoring`).
    pub(crate) fn add_interaction(
        &mut self,
        member: u32,
        target: u32,
        weight: f64,
        time: i64,
        mentoring: bool,
    ) {
        let nodes = (self.members[member as usize], self.members[target as usize]);
        Self::add_tie(
            &mut self.graph,
            &mut self.interactions,
            nodes,
            (member, target),
            Relation::Interaction,
            weight,
            time,
        );
        if mentoring {
            Self::add_tie(
                &mut self.graph,
                &mut self.mentoring,
                nodes,
                (member, target),
                Relation::Mentoring,
                weight,
                time,
            );
        }
    }

    /// Adds events `from..` of the log: the memberships they imply and their interaction (and
    /// mentoring) ties. The result is the same as adding them one by one, in their order.
    ///
    /// Events are grouped by member with a counting sort; each member's events are then
    /// aggregated by target with a stamp per target, so the work is linear in the events and new
    /// ties enter the graph and its map once each.
    pub(crate) fn add_events(
        &mut self,
        columns: &Columns<'_>,
        from: usize,
        kind_weights: &[f32],
        mentor: u8,
    ) {
        self.add_implied_memberships(columns, from);
        self.add_mentoring_events(columns, from, kind_weights, mentor);
        let (starts, grouped) = targeted_by_member(columns, from, kind_weights, self.members.len());
        self.add_interaction_ties(&starts, &grouped);
    }

    /// The memberships events `from..` imply: each member's community looked at once per run of
    /// equal communities (`touched` holds the last one per member); the new ones, in order of
    /// first sight, enter the graph and the map side by side.
    fn add_implied_memberships(&mut self, columns: &Columns<'_>, from: usize) {
        let mut touched = vec![u32::MAX; self.members.len()];
        let one_community = self.communities.len() <= 1;
        let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
        let mut joined: Vec<(u32, u32)> = Vec::new();
        for i in from..columns.member.len() {
            let (m, c) = (columns.member[i], u32::from(columns.community[i]));
            if touched[m as usize] != c {
                touched[m as usize] = c;
                // With one community, a member's first run is the only one.
                if !self.memberships.contains_key(&(m, c)) && (one_community || seen.insert((m, c))) {
                    joined.push((m, c));
                }
            }
        }
        drop(seen);
        let (members_at, communities_at) = (&self.members, &self.communities);
        add_indexed(
            &mut self.graph,
            &mut self.memberships,
            &[&joined[..]],
            |&(m, c)| {
                let nodes = (members_at[m as usize], communities_at[c as usize]);
                (nodes, Relation::Membership { role: Role::Member })
            },
            |&(m, c)| (m, c),
        );
    }

    /// Mentoring ties, from the few mentor events among `from..`, in their order.
    fn add_mentoring_events(&mut self, columns: &Columns<'_>, from: usize, kind_weights: &[f32], mentor: u8) {
        for i in from..columns.member.len() {
            let target = columns.target[i];
            if columns.kind[i] == mentor && target != NONE {
                let member = columns.member[i];
                let nodes = (self.members[member as usize], self.members[target as usize]);
                let weight = f64::from(columns.weight_of(i, kind_weights));
                let (graph, map) = (&mut self.graph, &mut self.mentoring);
                Self::add_tie(
                    graph,
                    map,
                    nodes,
                    (member, target),
                    Relation::Mentoring,
                    weight,
                    columns.time[i],
                );
            }
        }
    }

    /// Aggregates each member's targeted events (`grouped[starts[m]..starts[m + 1]]`) by target,
    /// in ranges of members on every core: existing ties in place, new ones into the graph in
    /// order. A tie's events all belong to one member, so they are added up in their order.
    fn add_interaction_ties(&mut self, starts: &[u32], grouped: &[(u32, f32, i64)]) {
        let members = self.members.len();
        let interactions = (!self.interactions.is_empty()).then_some(&self.interactions);
        let parts: Vec<TiesOfMembers> =
            member_ranges(starts, rayon::current_num_threads().max(TIE_RANGES_AT_LEAST))
                .into_par_iter()
                .map(|range| TiesOfMembers::of(range, starts, grouped, members, interactions))
                .collect();
        for part in &parts {
            for &(edge, weight, time) in &part.existing {
                if let Relation::Interaction(tie) = &mut self.graph[edge] {
                    tie.add(weight, time);
                }
            }
        }
        // New ties become edges in order.
        let nodes = &self.members;
        let fresh: Vec<&[(u32, u32, Tie)]> = parts.iter().map(|part| &part.fresh[..]).collect();
        add_indexed(
            &mut self.graph,
            &mut self.interactions,
            &fresh,
            |&(member, target, tie)| {
                ((nodes[member as usize], nodes[target as usize]), Relation::Interaction(tie))
            },
            |&(member, target, _)| (member, target),
        );
    }

    /// A declared mentoring tie, with no event behind it (count 0) unless one exists.
    pub(crate) fn declare_mentoring(&mut self, mentor: MemberId, mentee: MemberId, since: i64) {
        let key = (mentor.0, mentee.0);
        if !self.mentoring.contains_key(&key) {
            let edge = self.graph.add_edge(
                self.members[mentor.index()],
                self.members[mentee.index()],
                Relation::Mentoring(Tie { count: 0, weight: 0.0, first: since, last: since }),
            );
            self.mentoring.insert(key, edge);
        }
    }

    /// Number of nodes (members, domains, communities and artifacts).
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges of every relation.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Number of distinct ordered pairs of members with at least one interaction.
    pub fn interaction_count(&self) -> usize {
        self.interactions.len()
    }

    /// The aggregated interaction from one member to another.
    pub fn interaction(&self, from: MemberId, to: MemberId) -> Option<Tie> {
        match self.graph[*self.interactions.get(&(from.0, to.0))?] {
            Relation::Interaction(tie) => Some(tie),
            _ => None,
        }
    }

    /// The mentoring tie from a mentor to a mentee.
    pub fn mentoring(&self, mentor: MemberId, mentee: MemberId) -> Option<Tie> {
        match self.graph[*self.mentoring.get(&(mentor.0, mentee.0))?] {
            Relation::Mentoring(tie) => Some(tie),
            _ => None,
        }
    }

    /// The relations leaving a node, with the node they lead to.
    pub fn outgoing(&self, node: Node) -> impl Iterator<Item = (Node, Relation)> + '_ {
        self.edges(node, Direction::Outgoing)
    }

    /// The relations arriving at a node, with the node they come from.
    pub fn incoming(&self, node: Node) -> impl Iterator<Item = (Node, Relation)> + '_ {
        self.edges(node, Direction::Incoming)
    }

    fn edges(&self, node: Node, direction: Direction) -> impl Iterator<Item = (Node, Relation)> + '_ {
        let index = self.node_index(node);
        index.into_iter().flat_map(move |i| self.graph.edges_directed(i, direction)).map(move |e| {
            let other = if direction == Direction::Outgoing { e.target() } else { e.source() };
            (self.graph[other], *e.weight())
        })
    }

    /// Members a member has interacted with in either direction (each once).
    pub fn interaction_partners(&self, member: MemberId) -> Vec<MemberId> {
        let mut partners: Vec<MemberId> = self
            .outgoing(Node::Member(member))
            .chain(self.incoming(Node::Member(member)))
            .filter_map(|(n, r)| match (n, r) {
                (Node::Member(m), Relation::Interaction(_)) => Some(m),
                _ => None,
            })
            .collect();
        partners.sort_unstable();
        partners.dedup();
        partners
    }

    /// Every interaction tie: (from, to, tie).
    pub fn interactions(&self) -> impl Iterator<Item = (MemberId, MemberId, Tie)> + '_ {
        self.interactions.iter().map(|(&(a, b), &e)| match self.graph[e] {
            Relation::Interaction(tie) => (MemberId(a), MemberId(b), tie),
            _ => unreachable!("the interaction map only indexes interaction edges"),
        })
    }

    fn node_index(&self, node: Node) -> Option<NodeIndex> {
        match node {
            Node::Member(id) => self.members.get(id.index()),
            Node::Domain(id) => self.domains.get(id.index()),
            Node::Community(id) => self.communities.get(id.index()),
            Node::Artifact(id) => self.artifacts.get(id.index()),
        }
        .copied()
    }

    /// Counts of edges per relation type, in a stable order (for summaries).
    pub fn relation_counts(&self) -> Vec<(&'static str, usize)> {
        let names = [
            "membership",
            "competence",
            "interest",
            "sub_domain_of",
            "authored",
            "about",
            "mentoring",
            "interaction",
        ];
        let mut counts = [0usize; 8];
        for weight in self.graph.edge_weights() {
            let i = match weight {
                Relation::Membership { .. } => 0,
                Relation::Competence { .. } => 1,
                Relation::Interest => 2,
                Relation::SubDomainOf => 3,
                Relation::Authored => 4,
                Relation::About => 5,
                Relation::Mentoring(_) => 6,
                Relation::Interaction(_) => 7,
            };
            counts[i] += 1;
        }
        names.into_iter().zip(counts).collect()
    }
}

fn raw(node: Node) -> u32 {
    match node {
        Node::Member(id) => id.0,
        Node::Domain(id) => id.0,
        Node::Community(id) => id.0,
        Node::Artifact(id) => id.0,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    use crate::model::event::{Event, EventKind};
    use crate::model::landscape::Landscape;

    /// The graph's edges (ends and relation with its tie), sorted.
    fn edges(landscape: &Landscape) -> Vec<String> {
        let graph = &landscape.graph().graph;
        let mut edges: Vec<String> =
            graph.raw_edges().iter().map(|e| format!("{:?}", (e.source(), e.target(), &e.weight))).collect();
        edges.sort();
        edges
    }

    /// The members whose interaction ties the graph holds, in the order of the edges.
    fn interaction_sources(landscape: &Landscape) -> Vec<usize> {
        let graph = &landscape.graph().graph;
        let interactions =
            graph.raw_edges().iter().filter(|e| matches!(e.weight, super::Relation::Interaction(_)));
        interactions.map(|e| e.source().index()).collect()
    }

    proptest! {
        /// Events recorded in two bulk batches (the second meets ties the first made) make the
        /// graph that recording them one by one makes: the same edges with the same sums,
        /// however many ranges of members the ties are split into.
        #[test]
        fn ties_recorded_in_bulk_are_those_of_events_one_by_one(
            events in proptest::collection::vec((0u32..7, 0u32..7, 0i64..500, 0usize..4, any::<bool>()), 0..90),
            split in 0usize..90,
        ) {
            let kinds = [EventKind::Answer, EventKind::Comment, EventKind::Mentor, EventKind::Review];
            let mut one_by_one = Landscape::new();
            let members: Vec<_> =
                (0..7).map(|i| one_by_one.add_member(&format!("m{i}"), Default::default()).unwrap()).collect();
            let mut bulk = one_by_one.clone();
            let events: Vec<Event> = events
                .iter()
                .map(|&(from, to, hour, kind, weighted)| Event {
                    target: Some(members[to as usize]),
                    weight: weighted.then_some(0.3),
                    ..Event::new(members[from as usize], Utc.timestamp_opt(1_700_000_000 + hour * 3_600, 0).unwrap(), kinds[kind])
                })
                .collect();
            for event in &events {
                one_by_one.record(*event).unwrap();
            }
            let split = split.min(events.len());
            bulk.record_batch(&events[..split]).unwrap();
            bulk.record_batch(&events[split..]).unwrap();
            prop_assert_eq!(edges(&bulk), edges(&one_by_one));
            // One bulk recording adds its new ties member by member, whatever the ranges.
            let mut first = Landscape::new();
            (0..7).for_each(|i| { first.add_member(&format!("m{i}"), Default::default()).unwrap(); });
            first.record_batch(&events).unwrap();
            let sources = interaction_sources(&first);
            prop_assert!(sources.is_sorted(), "{sources:?}");
        }
    }
}
