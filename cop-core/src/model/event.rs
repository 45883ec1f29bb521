//! Events: single acts of participation.
//!
//! An event says who did what, when, in which community, about which domain, towards whom and on
//! which artifact. Its [`EventKind`] says how central the act is: reading is at the edge of a
//! practice, organising at its heart. Each kind has a default centrality weight
//! (reading < reacting < asking < answering / sharing < reviewing / mentoring < organising) that a
//! user can change per landscape ([`KindTable::set_weight`]); an event may also carry a weight of
//! its own, which then counts instead. Kinds outside the built-in list are kept as custom kinds.
//! Kind names are matched without regard to ASCII case (`Answer`, `ANSWER` and `answer` are the
//! same kind); a custom kind is kept under its lowercase name.

use chrono::{DateTime, Utc};
use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

use crate::error::{CopError, Entity, Result};
use crate::model::ids::{ArtifactId, CommunityId, DomainId, MemberId, ThreadId};

/// The kind of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// Read a post, a document, a thread.
    Read,
    /// React to someone's contribution (a like, an emoji, a vote).
    React,
    /// Ask a question.
    Ask,
    /// Answer a question.
    Answer,
    /// Comment on a contribution.
    Comment,
    /// Share something useful (a link, a tip, an artifact).
    Share,
    /// Review someone's work.
    Review,
    /// Mentor someone.
    Mentor,
    /// Attend a gathering.
    Attend,
    /// Present at a gathering.
    Present,
    /// Organise a gathering or the community's work.
    Organize,
    /// Commit work to a shared repository.
    Commit,
    /// Merge someone's contribution.
    Merge,
    /// Accept an answer or a proposal.
    Accept,
    /// Co-author work with someone.
    Coauthor,
    /// A kind outside the built-in list; its name is held by the landscape's [`KindTable`].
    Custom(u8),
}

/// Built-in kinds with their names and default centrality weights, in code order.
const BUILTIN: [(EventKind, &str, f32); 15] = [
    (EventKind::Read, "read", 0.5),
    (EventKind::React, "react", 1.0),
    (EventKind::Ask, "ask", 2.0),
    (EventKind::Answer, "answer", 3.0),
    (EventKind::Comment, "comment", 2.0),
    (EventKind::Share, "share", 3.0),
    (EventKind::Review, "review", 4.0),
    (EventKind::Mentor, "mentor", 5.0),
    (EventKind::Attend, "attend", 2.0),
    (EventKind::Present, "present", 4.0),
    (EventKind::Organize, "organize", 6.0),
    (EventKind::Commit, "commit", 3.0),
    (EventKind::Merge, "merge", 4.0),
    (EventKind::Accept, "accept", 1.0),
    (EventKind::Coauthor, "coauthor", 3.0),
];

/// Codes below this are reserved for built-in kinds, so that adding one never renumbers custom kinds.
const CUSTOM_BASE: u8 = 32;
/// The default weight of a custom kind.
pub const CUSTOM_KIND_WEIGHT: f32 = 1.0;

impl EventKind {
    /// Every built-in kind.
    pub fn builtin() -> impl ExactSizeIterator<Item = EventKind> {
        BUILTIN.iter().map(|&(k, _, _)| k)
    }

    /// The built-in kind with this name (`"answer"`), if any.
    pub fn builtin_named(name: &str) -> Option<EventKind> {
        // A match compiles to length and byte comparisons: this is on every imported row.
        Some(match name {
            "read" => EventKind::Read,
            "react" => EventKind::React,
            "ask" => EventKind::Ask,
            "answer" => EventKind::Answer,
            "comment" => EventKind::Comment,
            "share" => EventKind::Share,
            "review" => EventKind::Review,
            "mentor" => EventKind::Mentor,
            "attend" => EventKind::Attend,
            "present" => EventKind::Present,
            "organize" => EventKind::Organize,
            "commit" => EventKind::Commit,
            "merge" => EventKind::Merge,
            "accept" => EventKind::Accept,
            "coauthor" => EventKind::Coauthor,
            _ => return None,
        })
    }

    /// The name of a built-in kind (`None` for a custom kind: ask the [`KindTable`]).
    pub fn builtin_name(self) -> Option<&'static str> {
        BUILTIN.get(usize::from(self.code())).map(|&(_, n, _)| n)
    }

    /// The default centrality weight of the kind.
    pub fn default_weight(self) -> f32 {
        BUILTIN.get(usize::from(self.code())).map_or(CUSTOM_KIND_WEIGHT, |&(_, _, w)| w)
    }

    /// The compact code stored in the event log.
    pub fn code(self) -> u8 {
        match self {
            EventKind::Custom(i) => CUSTOM_BASE.saturating_add(i),
            builtin => {
                BUILTIN.iter().position(|&(k, _, _)| k == builtin).expect("every built-in kind is listed")
                    as u8
            }
        }
    }

    /// The kind of a code from the event log.
    pub fn from_code(code: u8) -> Option<EventKind> {
        match code {
            c if c >= CUSTOM_BASE => Some(EventKind::Custom(c - CUSTOM_BASE)),
            c => BUILTIN.get(usize::from(c)).map(|&(k, _, _)| k),
        }
    }

    /// Whether the kind is a custom one.
    pub fn is_custom(self) -> bool {
        matches!(self, EventKind::Custom(_))
    }
}

/// The event kinds of a landscape: the custom kinds' names and every kind's centrality weight.
#[derive(Clone, Debug, PartialEq)]
pub struct KindTable {
    custom: IndexSet<Box<str>, FxBuildHasher>,
    weights: Vec<f32>,
}

impl Default for KindTable {
    fn default() -> Self {
        KindTable {
            custom: IndexSet::default(),
            weights: (0..=u8::MAX)
                .map(|code| EventKind::from_code(code).map_or(CUSTOM_KIND_WEIGHT, EventKind::default_weight))
                .collect(),
        }
    }
}

impl KindTable {
    /// Built-in kinds with their default weights and no custom kind.
    pub fn new() -> Self {
        Self::default()
    }

    /// The kind with this name, built-in or custom, if known. Names are matched without
    /// regard to ASCII case: `Answer` and `ANSWER` are `answer`.
    pub fn get(&self, name: &str) -> Option<EventKind> {
        let exact = EventKind::builtin_named(name)
            .or_else(|| self.custom.get_index_of(name).map(|i| EventKind::Custom(i as u8)));
        if exact.is_some() || !name.bytes().any(|b| b.is_ascii_uppercase()) {
            return exact;
        }
        self.get(&name.to_ascii_lowercase())
    }

    /// The kind with this name (matched without regard to case), adding it as a custom kind if
    /// it is new; a custom kind is kept under its lowercase name. A name must be a non-empty
    /// word (`a-z`, `0-9`, `_`, `-`, in any case).
    pub fn intern(&mut self, name: &str) -> Result<EventKind> {
        if let Some(kind) = self.get(name) {
            return Ok(kind);
        }
        self.check_new(name)?;
        let (i, _) = self.custom.insert_full(name.to_ascii_lowercase().into());
        Ok(EventKind::Custom(i as u8))
    }

    /// Checks that `name` can be added as a new custom kind, without adding it.
    pub(crate) fn check_new(&self, name: &str) -> Result<()> {
        let limit = usize::from(u8::MAX - CUSTOM_BASE) + 1;
        if self.custom.len() >= limit {
            return Err(CopError::Capacity { what: "custom event kinds", limit: limit as u64 });
        }
        if name.len() > crate::limits::MAX_KEY_BYTES {
            return Err(CopError::invalid("kind", crate::limits::key_too_long(name)));
        }
        let ok =
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if ok {
            Ok(())
        } else {
            let known: Vec<&str> = BUILTIN.iter().map(|&(_, n, _)| n).chain(self.custom_names()).collect();
            Err(CopError::invalid(
                "kind",
                format!(
                    "`{name}` is not a kind: use one of {} (any case), or a new word (a-z, 0-9, `_`, `-`) \
                     for a custom kind",
                    known.join(", ")
                ),
            ))
        }
    }

    /// The name of a kind (`None` for a custom kind this table does not know).
    pub fn name(&self, kind: EventKind) -> Option<&str> {
        match kind {
            EventKind::Custom(i) => self.custom.get_index(usize::from(i)).map(|k| &**k),
            builtin => builtin.builtin_name(),
        }
    }

    /// Whether the kind is built in or a custom kind of this table.
    pub fn contains(&self, kind: EventKind) -> bool {
        self.name(kind).is_some()
    }

    /// The centrality weight of a kind in this landscape.
    pub fn weight(&self, kind: EventKind) -> f32 {
        self.weights[usize::from(kind.code())]
    }

    /// Weights indexed by kind code, for hot loops over the event log.
    pub fn weights_by_code(&self) -> &[f32] {
        &self.weights
    }

    /// Sets the centrality weight of a kind (finite and not negative).
    pub fn set_weight(&mut self, kind: EventKind, weight: f32) -> Result<()> {
        if !self.contains(kind) {
            return Err(CopError::UnknownId { entity: Entity::Kind, id: kind.code().into() });
        }
        check_weight(weight)?;
        self.weights[usize::from(kind.code())] = weight;
        Ok(())
    }

    /// Every known kind: built-in first, then custom kinds in order of first sight.
    pub fn kinds(&self) -> impl Iterator<Item = EventKind> + '_ {
        EventKind::builtin().chain((0..self.custom.len()).map(|i| EventKind::Custom(i as u8)))
    }

    /// Names of the custom kinds, in order.
    pub(crate) fn custom_names(&self) -> impl ExactSizeIterator<Item = &str> {
        self.custom.iter().map(|k| &**k)
    }

    pub(crate) fn truncate_custom(&mut self, len: usize) {
        for i in len..self.custom.len() {
            self.weights[usize::from(CUSTOM_BASE) + i] = CUSTOM_KIND_WEIGHT;
        }
        self.custom.truncate(len);
    }
}

/// Checks an event or kind weight: finite and not negative.
pub(crate) fn check_weight(weight: f32) -> Result<()> {
    if weight.is_finite() && weight >= 0.0 {
        Ok(())
    } else {
        Err(CopError::invalid("weight", format!("{weight} is not a finite number ≥ 0")))
    }
}

/// One act of participation, as given to [`Landscape::record`](crate::Landscape::record) and read
/// back from the log.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Event {
    /// Who acted.
    pub member: MemberId,
    /// When (UTC, whole seconds are kept).
    pub time: DateTime<Utc>,
    /// What kind of act.
    pub kind: EventKind,
    /// In which community ([`CommunityId::DEFAULT`] unless set).
    pub community: CommunityId,
    /// About which domain, if known.
    pub domain: Option<DomainId>,
    /// Towards whom (the member answered, reviewed, mentored …), if anyone.
    pub target: Option<MemberId>,
    /// On which artifact, if any.
    pub artifact: Option<ArtifactId>,
    /// The event's own weight, replacing its kind's weight; `None` uses the kind's.
    pub weight: Option<f32>,
    /// The thread the event belongs to, if any: the question (`ask`) that opens it and the
    /// answers, comments and accepts that reply to it share it.
    pub thread: Option<ThreadId>,
}

impl Event {
    /// An event in the default community with no domain, target, artifact or weight of its own.
    pub fn new(member: MemberId, time: DateTime<Utc>, kind: EventKind) -> Self {
        Event {
            member,
            time,
            kind,
            community: CommunityId::DEFAULT,
            domain: None,
            target: None,
            artifact: None,
            weight: None,
            thread: None,
        }
    }

    /// The same event in a community.
    pub fn in_community(mut self, community: CommunityId) -> Self {
        self.community = community;
        self
    }

    /// The same event about a domain.
    pub fn about(mut self, domain: DomainId) -> Self {
        self.domain = Some(domain);
        self
    }

    /// The same event towards a member.
    pub fn toward(mut self, target: MemberId) -> Self {
        self.target = Some(target);
        self
    }

    /// The same event on an artifact.
    pub fn on(mut self, artifact: ArtifactId) -> Self {
        self.artifact = Some(artifact);
        self
    }

    /// The same event with a weight of its own.
    pub fn weighted(mut self, weight: f32) -> Self {
        self.weight = Some(weight);
        self
    }

    /// The same event in a thread.
    pub fn in_thread(mut self, thread: ThreadId) -> Self {
        self.thread = Some(thread);
        self
    }
}

/// An event named by external keys rather than ids: what an importer or a binding records.
///
/// Keys not seen before create the member, domain, community or artifact unless `strict` is
/// asked for (see [`Landscape::record_keyed`](crate::Landscape::record_keyed)).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct KeyedEvent<'a> {
    /// The member's key.
    pub member: &'a str,
    /// Seconds since the Unix epoch.
    pub time: i64,
    /// The kind's name (`answer`, in any case, or a custom word).
    pub kind: &'a str,
    /// The community's key; `None` for the default community.
    pub community: Option<&'a str>,
    /// The domain's path, if any.
    pub domain: Option<&'a str>,
    /// The target member's key, if any.
    pub target: Option<&'a str>,
    /// The artifact's key, if any.
    pub artifact: Option<&'a str>,
    /// The event's own weight, if any.
    pub weight: Option<f32>,
    /// The thread's key, if any: the question that opens a thread and the answers, comments and
    /// accepts that reply to it name the same key. Threads are created on first sight, even
    /// when `strict`.
    pub thread: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_names_round_trip() {
        for kind in EventKind::builtin() {
            assert_eq!(EventKind::builtin_named(kind.builtin_name().unwrap()), Some(kind));
        }
        assert_eq!(EventKind::builtin_named("organise"), None);
    }

    #[test]
    fn codes_round_trip() {
        for kind in EventKind::builtin().chain([EventKind::Custom(0), EventKind::Custom(200)]) {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(EventKind::from_code(31), None);
    }

    #[test]
    fn default_weights_follow_centrality() {
        use EventKind::*;
        let w = |k: EventKind| k.default_weight();
        assert!(w(Read) < w(React) && w(React) < w(Ask));
        assert!(w(Ask) < w(Answer) && w(Answer) == w(Share));
        assert!(w(Answer) < w(Review) && w(Review) < w(Mentor));
        assert!(w(Mentor) < w(Organize));
    }

    #[test]
    fn custom_kinds_are_interned_and_weighted() {
        let mut kinds = KindTable::new();
        assert_eq!(kinds.intern("answer").unwrap(), EventKind::Answer);
        let badge = kinds.intern("badge").unwrap();
        assert_eq!(badge, EventKind::Custom(0));
        assert_eq!(kinds.intern("badge").unwrap(), badge);
        assert_eq!(kinds.name(badge), Some("badge"));
        assert_eq!(kinds.weight(badge), CUSTOM_KIND_WEIGHT);
        kinds.set_weight(badge, 2.5).unwrap();
        assert_eq!(kinds.weight(badge), 2.5);
        assert!(kinds.set_weight(badge, f32::NAN).is_err());
        assert!(kinds.set_weight(EventKind::Custom(9), 1.0).is_err());
        let refused = kinds.intern("Not A Word").unwrap_err().to_string();
        assert!(refused.contains("read, react, ask, answer") && refused.contains("badge"), "{refused}");
        assert_eq!(kinds.kinds().count(), 16);
    }

    #[test]
    fn kinds_are_matched_without_regard_to_case() {
        let mut kinds = KindTable::new();
        assert_eq!(kinds.get("ANSWER"), Some(EventKind::Answer));
        assert_eq!(kinds.intern("Answer").unwrap(), EventKind::Answer);
        let badge = kinds.intern("Badge").unwrap();
        assert_eq!(kinds.name(badge), Some("badge"));
        assert_eq!(kinds.intern("BADGE").unwrap(), badge);
        assert_eq!(kinds.get("badge"), Some(badge));
        assert_eq!(kinds.kinds().count(), 16);
    }
}
