//! Snapshots: a whole landscape as JSON, and back, exactly.
//!
//! A snapshot carries a format name ([`SNAPSHOT_FORMAT`]) and a version ([`SNAPSHOT_VERSION`]).
//! It holds the kinds' weights, the domains, communities, members, artifacts, thread keys and
//! declared mentoring ties with their keys, and the event log column by column (compact even for millions
//! of events). The relationship graph is derived, so it is rebuilt on load rather than stored.
//! Loading checks every reference; a snapshot of a newer version is refused with an error that
//! says so; `load(save(x)) == x`, weights and times included.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{CopError, Result};
use crate::model::artifact::Artifact;
use crate::model::community::Community;
use crate::model::domain::{Domain, Taxonomy};
use crate::model::event::{EventKind, KindTable};
use crate::model::ids::{CommunityId, DomainId, MemberId};
use crate::model::landscape::{DEFAULT_COMMUNITY, DeclaredMentoring, Landscape, MAX_COMMUNITIES};
use crate::model::log::{NONE, Row};
use crate::model::member::Member;
use crate::model::people::Scope;
use crate::model::value::ValueStory;

/// The format name written in every snapshot.
pub const SNAPSHOT_FORMAT: &str = "cop-landscape";
/// The newest snapshot version this library writes and reads. Version 2 added threads (the
/// `threads` keys and the `thread` event column); a landscape without threads is still written
/// as version 1, so that older readers keep reading it, and version 1 snapshots load as ever.
/// Version 3 added people: identities, merges, the bot and staff flags and the scope of analyses
/// (a landscape without any is written as before); its events are the events as recorded, under
/// the identities they named, those of members left out of analyses included.
pub const SNAPSHOT_VERSION: u32 = 3;

#[derive(Serialize)]
struct SnapshotOut<'a> {
    format: &'static str,
    version: u32,
    kinds: KindsOut<'a>,
    domains: DomainsOut<'a>,
    communities: Keyed<'a, Community>,
    members: Keyed<'a, Member>,
    artifacts: Keyed<'a, Artifact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    threads: Option<ThreadsOut<'a>>,
    mentoring: &'a [DeclaredMentoring],
    value_stories: &'a [ValueStory],
    #[serde(skip_serializing_if = "is_default_scope")]
    scope: Scope,
    events: EventsOut<'a>,
}

fn is_default_scope(scope: &Scope) -> bool {
    *scope == Scope::default()
}

#[derive(Serialize)]
struct KindsOut<'a> {
    custom: Vec<&'a str>,
    /// Weights that differ from the kind's default, by name.
    weights: BTreeMap<&'a str, f64>,
}

#[derive(Serialize)]
struct ThreadsOut<'a> {
    keys: Vec<&'a str>,
}

#[derive(Serialize)]
struct DomainsOut<'a> {
    keys: Vec<&'a str>,
    items: &'a [Domain],
}

#[derive(Serialize)]
struct Keyed<'a, T> {
    keys: Vec<&'a str>,
    items: &'a [T],
}

/// An optional id column written as numbers and nulls.
struct OptionalIds<'a>(&'a [u32]);

impl Serialize for OptionalIds<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for &id in self.0 {
            seq.serialize_element(&(id != NONE).then_some(id))?;
        }
        seq.end()
    }
}

/// Weights written as exact f64 values and nulls.
struct OptionalWeights<'a>(&'a [f32]);

impl Serialize for OptionalWeights<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for &w in self.0 {
            seq.serialize_element(&(!w.is_nan()).then_some(f64::from(w)))?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct EventsOut<'a> {
    time: &'a [i64],
    member: &'a [u32],
    kind: &'a [u8],
    community: &'a [u16],
    domain: OptionalIds<'a>,
    target: OptionalIds<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    artifact: Option<OptionalIds<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<OptionalWeights<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thread: Option<OptionalIds<'a>>,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn {
    #[allow(dead_code)]
    format: String,
    #[allow(dead_code)]
    version: u32,
    kinds: KindsIn,
    domains: KeyedIn<Domain>,
    communities: KeyedIn<Community>,
    members: KeyedIn<Member>,
    artifacts: KeyedIn<Artifact>,
    #[serde(default)]
    threads: Option<ThreadsIn>,
    mentoring: Vec<DeclaredMentoring>,
    #[serde(default)]
    value_stories: Vec<ValueStory>,
    #[serde(default)]
    scope: Scope,
    events: EventsIn,
}

#[derive(Deserialize)]
struct KindsIn {
    custom: Vec<String>,
    weights: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThreadsIn {
    keys: Vec<String>,
}

#[derive(Deserialize)]
struct KeyedIn<T> {
    keys: Vec<String>,
    items: Vec<T>,
}

#[derive(Deserialize)]
struct EventsIn {
    time: Vec<i64>,
    member: Vec<u32>,
    kind: Vec<u8>,
    community: Vec<u16>,
    domain: Vec<Option<u32>>,
    target: Vec<Option<u32>>,
    #[serde(default)]
    artifact: Option<Vec<Option<u32>>>,
    #[serde(default)]
    weight: Option<Vec<Option<f64>>>,
    #[serde(default)]
    thread: Option<Vec<Option<u32>>>,
}

fn invalid(message: impl Into<String>) -> CopError {
    CopError::Snapshot(message.into())
}

/// Refuses keys the API would refuse (empty, or longer than the limit).
fn check_keys(what: &str, entity: crate::error::Entity, keys: &[String]) -> Result<()> {
    for (i, key) in keys.iter().enumerate() {
        crate::limits::check_key(entity, key).map_err(|e| invalid(format!("{what}: key {i}: {e}")))?;
    }
    Ok(())
}

fn keyed<T>(
    what: &str,
    entity: crate::error::Entity,
    keyed: KeyedIn<T>,
) -> Result<(crate::model::ids::Interner, Vec<T>)> {
    check_keys(what, entity, &keyed.keys)?;
    let n = keyed.keys.len();
    let keys: crate::model::ids::Interner = keyed.keys.into_iter().collect();
    if keys.len() != n {
        return Err(invalid(format!("{what}: keys are not unique")));
    }
    if keyed.items.len() != n {
        return Err(invalid(format!("{what}: {} keys but {} items", n, keyed.items.len())));
    }
    Ok((keys, keyed.items))
}

fn some_id(value: Option<u32>) -> Result<u32> {
    match value {
        Some(NONE) => Err(invalid(format!("id {NONE} is reserved"))),
        Some(id) => Ok(id),
        None => Ok(NONE),
    }
}

impl Landscape {
    /// Writes the whole landscape as a JSON snapshot.
    ///
    /// ```
    /// use cop_core::{ImportOptions, Landscape};
    ///
    /// let mut landscape = Landscape::new();
    /// landscape.import_csv("member,time,kind\nada,2024-01-01T00:00:00Z,ask\n".as_bytes(), &ImportOptions::default())?;
    /// let mut bytes = Vec::new();
    /// landscape.save_snapshot(&mut bytes)?;
    /// assert_eq!(Landscape::load_snapshot(bytes.as_slice())?, landscape);
    /// # Ok::<(), cop_core::CopError>(())
    /// ```
    pub fn save_snapshot<W: Write>(&self, writer: W) -> Result<()> {
        let record = self.people.recorded.as_ref().map(|rows| crate::model::log::EventLog::from_rows(rows));
        let columns = record.as_ref().unwrap_or(&self.log).columns();
        let custom: Vec<&str> = self.kinds.custom_names().collect();
        let weights = self
            .kinds
            .kinds()
            .filter(|&k| self.kinds.weight(k).to_bits() != k.default_weight().to_bits())
            .map(|k| (self.kinds.name(k).unwrap_or_default(), f64::from(self.kinds.weight(k))))
            .collect();
        let threaded = !self.thread_keys.is_empty() || columns.thread.is_some();
        let people = self.people.scope != Scope::default()
            || self.members.iter().any(|m| m.bot || m.staff || m.identity.is_some() || m.merged.is_some());
        let snapshot = SnapshotOut {
            format: SNAPSHOT_FORMAT,
            version: if people {
                SNAPSHOT_VERSION
            } else if threaded {
                2
            } else {
                1
            },
            kinds: KindsOut { custom, weights },
            domains: DomainsOut {
                keys: self.taxonomy.keys().iter().collect(),
                items: self.taxonomy.domains(),
            },
            communities: Keyed { keys: self.community_keys.iter().collect(), items: &self.communities },
            members: Keyed { keys: self.member_keys.iter().collect(), items: &self.members },
            artifacts: Keyed { keys: self.artifact_keys.iter().collect(), items: &self.artifacts },
            threads: threaded.then(|| ThreadsOut { keys: self.thread_keys.iter().collect() }),
            mentoring: &self.mentoring,
            value_stories: &self.value_stories,
            scope: self.people.scope,
            events: EventsOut {
                time: columns.time,
                member: columns.member,
                kind: columns.kind,
                community: columns.community,
                domain: OptionalIds(columns.domain),
                target: OptionalIds(columns.target),
                artifact: columns.artifact.map(OptionalIds),
                weight: columns.weight.map(OptionalWeights),
                thread: columns.thread.map(OptionalIds),
            },
        };
        let mut writer = std::io::BufWriter::new(writer);
        serde_json::to_writer(&mut writer, &snapshot).map_err(|e| CopError::Io(e.into()))?;
        writer.flush()?;
        Ok(())
    }

    /// Reads a landscape from a JSON snapshot, checking its format, version and every reference.
    pub fn load_snapshot<R: Read>(mut reader: R) -> Result<Landscape> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let header: Header =
            serde_json::from_slice(&bytes).map_err(|e| invalid(format!("no snapshot header: {e}")))?;
        if header.format != SNAPSHOT_FORMAT {
            return Err(invalid(format!("the format is `{}`, not `{SNAPSHOT_FORMAT}`", header.format)));
        }
        if header.version > SNAPSHOT_VERSION {
            return Err(CopError::SnapshotVersion { found: header.version, supported: SNAPSHOT_VERSION });
        }
        if header.version == 0 {
            return Err(invalid("version 0 was never written: the first snapshot version is 1"));
        }
        let snapshot: SnapshotIn = serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        drop(bytes);
        Self::from_snapshot(snapshot)
    }

    fn from_snapshot(snapshot: SnapshotIn) -> Result<Landscape> {
        let kinds = read_kinds(&snapshot.kinds)?;
        let KeyedIn { keys: domain_keys, items: domains } = snapshot.domains;
        let taxonomy = Taxonomy::from_parts(domain_keys, domains).map_err(|e| invalid(e.to_string()))?;
        let (community_keys, communities) =
            keyed("communities", crate::error::Entity::Community, snapshot.communities)?;
        if community_keys.key(0) != Some(DEFAULT_COMMUNITY) || communities.len() > MAX_COMMUNITIES {
            return Err(invalid(
                "the first community must be the default one, and there can be at most 65536",
            ));
        }
        let (member_keys, members) = keyed("members", crate::error::Entity::Member, snapshot.members)?;
        let (artifact_keys, artifacts) =
            keyed("artifacts", crate::error::Entity::Artifact, snapshot.artifacts)?;
        let thread_keys = read_threads(snapshot.threads)?;
        check_members(&members)?;
        check_references(&taxonomy, &communities, &members, &artifacts, &snapshot.mentoring)?;
        let mut landscape = Landscape {
            kinds,
            taxonomy,
            community_keys,
            communities,
            member_keys,
            members,
            artifact_keys,
            artifacts,
            thread_keys,
            mentoring: snapshot.mentoring,
            value_stories: Vec::new(),
            log: crate::model::log::EventLog::new(),
            graph: Default::default(),
            graph_pending: None,
            people: Default::default(),
        };
        landscape.people.scope = snapshot.scope;
        landscape.people.recompute(&landscape.members);
        landscape.people.start_record();
        landscape.rebuild_graph();
        record_events(&mut landscape, snapshot.events)?;
        for story in snapshot.value_stories {
            landscape.add_value_story(story).map_err(|e| invalid(format!("value story: {e}")))?;
        }
        Ok(landscape)
    }
}

/// The kind table: the custom kinds in their order, then the weights.
fn read_kinds(snapshot: &KindsIn) -> Result<KindTable> {
    let mut kinds = KindTable::new();
    for name in &snapshot.custom {
        let kind = kinds.intern(name).map_err(|e| invalid(e.to_string()))?;
        if !kind.is_custom() {
            return Err(invalid(format!("custom kind `{name}` is a built-in kind")));
        }
    }
    for (name, &weight) in &snapshot.weights {
        let kind = kinds.get(name).ok_or_else(|| invalid(format!("weight for unknown kind `{name}`")))?;
        kinds.set_weight(kind, weight as f32).map_err(|e| invalid(e.to_string()))?;
    }
    Ok(kinds)
}

/// The thread keys (none before version 2), valid and unique.
fn read_threads(threads: Option<ThreadsIn>) -> Result<crate::model::ids::Interner> {
    let keys = threads.map_or_else(Vec::new, |t| t.keys);
    check_keys("threads", crate::error::Entity::Thread, &keys)?;
    let n = keys.len();
    let interned: crate::model::ids::Interner = keys.into_iter().collect();
    if interned.len() != n {
        return Err(invalid("threads: keys are not unique"));
    }
    Ok(interned)
}

/// Join dates within the supported range of times, and merges into members that exist.
fn check_members(members: &[Member]) -> Result<()> {
    if let Some((i, _)) = members.iter().enumerate().find(|(_, m)| {
        m.joined.is_some_and(|j| !crate::limits::time_in_range(crate::model::time::to_seconds(j)))
    }) {
        return Err(invalid(format!("member {i}: the join date is out of the supported range of times")));
    }
    if !crate::model::people::merges_acyclic(members) {
        return Err(invalid("a member is merged into a member that does not exist, or into itself"));
    }
    Ok(())
}

/// Every domain, member and community that communities, members, artifacts and declared
/// mentoring ties refer to exists.
fn check_references(
    taxonomy: &Taxonomy,
    communities: &[Community],
    members: &[Member],
    artifacts: &[Artifact],
    mentoring: &[DeclaredMentoring],
) -> Result<()> {
    let domain_ok = |d: DomainId| d.index() < taxonomy.len();
    let member_ok = |m: MemberId| m.index() < members.len();
    let community_ok = |c: CommunityId| c.index() < communities.len();
    let references_ok = communities.iter().all(|c| c.domains.iter().all(|&d| domain_ok(d)))
        && members.iter().all(|m| {
            m.competence.iter().all(|&(d, _)| domain_ok(d))
                && m.interests.iter().all(|&d| domain_ok(d))
                && m.memberships.iter().all(|x| community_ok(x.community))
        })
        && artifacts
            .iter()
            .all(|a| a.domains.iter().all(|&d| domain_ok(d)) && a.authors.iter().all(|&m| member_ok(m)))
        && mentoring.iter().all(|t| member_ok(t.mentor) && member_ok(t.mentee));
    if !references_ok {
        return Err(invalid("an entity refers to a member, domain or community that does not exist"));
    }
    Ok(())
}

/// Records the event columns row by row into the landscape, all or nothing.
fn record_events(landscape: &mut Landscape, events: EventsIn) -> Result<()> {
    let n = events.time.len();
    let lengths_ok = [
        events.member.len(),
        events.kind.len(),
        events.community.len(),
        events.domain.len(),
        events.target.len(),
        events.artifact.as_ref().map_or(n, Vec::len),
        events.weight.as_ref().map_or(n, Vec::len),
        events.thread.as_ref().map_or(n, Vec::len),
    ]
    .iter()
    .all(|&len| len == n);
    if !lengths_ok {
        return Err(invalid("the event columns differ in length"));
    }
    landscape.log.reserve(n);
    landscape.bulk(|landscape| {
        for i in 0..n {
            let row = Row {
                time: events.time[i],
                member: events.member[i],
                kind: events.kind[i],
                community: events.community[i],
                domain: some_id(events.domain[i])?,
                target: some_id(events.target[i])?,
                artifact: some_id(events.artifact.as_ref().and_then(|a| a[i]))?,
                weight: events.weight.as_ref().and_then(|w| w[i]).map_or(f32::NAN, |w| w as f32),
                thread: some_id(events.thread.as_ref().and_then(|t| t[i]))?,
            };
            if EventKind::from_code(row.kind).is_none() {
                return Err(invalid(format!("event {i}: unknown kind code {}", row.kind)));
            }
            landscape.record_row(row).map_err(|e| invalid(format!("event {i}: {e}")))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_versions_and_other_formats_are_refused() {
        let newer =
            format!(r#"{{"format":"{SNAPSHOT_FORMAT}","version":{},"anything":1}}"#, SNAPSHOT_VERSION + 1);
        assert!(matches!(
            Landscape::load_snapshot(newer.as_bytes()),
            Err(CopError::SnapshotVersion { found: 4, supported: 3 })
        ));
        let other = r#"{"format":"something-else","version":1}"#;
        assert!(matches!(Landscape::load_snapshot(other.as_bytes()), Err(CopError::Snapshot(_))));
        assert!(matches!(Landscape::load_snapshot(&b"not json"[..]), Err(CopError::Snapshot(_))));
    }

    #[test]
    fn dangling_references_are_refused() {
        let mut landscape = Landscape::new();
        landscape.ensure_member("ada").unwrap();
        let mut bytes = Vec::new();
        landscape.save_snapshot(&mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let broken =
            text.replace(r#""member":[]"#, r#""member":[7]"#).replace(r#""time":[]"#, r#""time":[0]"#);
        let broken = broken
            .replace(r#""kind":[]"#, r#""kind":[0]"#)
            .replace(r#""community":[]"#, r#""community":[0]"#)
            .replace(r#""domain":[]"#, r#""domain":[null]"#)
            .replace(r#""target":[]"#, r#""target":[null]"#);
        let err = Landscape::load_snapshot(broken.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("event 0"), "{err}");
    }
}

#[cfg(test)]
mod refused_states {
    use super::*;

    fn saved(landscape: &Landscape) -> String {
        let mut bytes = Vec::new();
        landscape.save_snapshot(&mut bytes).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn refused(text: &str) -> String {
        match Landscape::load_snapshot(text.as_bytes()) {
            Err(e @ CopError::Snapshot(_)) => e.to_string(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn states_the_api_refuses_are_refused_on_load() {
        let mut landscape = Landscape::new();
        landscape.ensure_member("ada").unwrap();
        landscape.ensure_domain("testing/perf").unwrap();
        let text = saved(&landscape);
        assert!(text.contains(r#""version":1"#), "{text}");
        // Version 0 was never written.
        assert!(refused(&text.replace(r#""version":1"#, r#""version":0"#)).contains("version 0"));
        // A domain key that is not its path: another name, an empty segment, spaces.
        let renamed = text.replace(r#""name":"perf""#, r#""name":"other""#);
        assert!(refused(&renamed).contains("not the last segment"));
        assert!(refused(&text.replace(r#""testing/perf""#, r#""testing//perf""#)).contains("domain path"));
        // Empty keys, keys with spaces around, keys over the limit.
        assert!(refused(&text.replace(r#"["ada"]"#, r#"[""]"#)).contains("empty"));
        assert!(refused(&text.replace(r#"["ada"]"#, r#"[" ada"]"#)).contains("white space"));
        let long = format!(r#"["{}"]"#, "a".repeat(2_000));
        assert!(refused(&text.replace(r#"["ada"]"#, &long)).len() < 400);
    }

    #[test]
    fn long_or_cyclic_parent_chains_are_refused_in_linear_time() {
        let n = 100_000;
        let keys: Vec<String> = (0..n).map(|i| format!("\"d{i}\"")).collect();
        let items: Vec<String> = (0..n)
            .map(|i| {
                let parent = if i == 0 { "null".to_owned() } else { (i - 1).to_string() };
                format!(r#"{{"name":"d{i}","parent":{parent}}}"#)
            })
            .collect();
        let text = saved(&Landscape::new()).replacen(
            r#""domains":{"keys":[],"items":[]}"#,
            &format!(r#""domains":{{"keys":[{}],"items":[{}]}}"#, keys.join(","), items.join(",")),
            1,
        );
        let started = std::time::Instant::now();
        let message = refused(&text);
        assert!(message.contains("33 domains deep; at most 32"), "{message}");
        assert!(started.elapsed().as_secs() < 5);
        let cycle = saved(&Landscape::new()).replacen(
            r#""domains":{"keys":[],"items":[]}"#,
            r#""domains":{"keys":["a","b"],"items":[{"name":"a","parent":1},{"name":"b","parent":0}]}"#,
            1,
        );
        assert!(refused(&cycle).contains("cycle"));
        // 32 deep loads.
        let mut landscape = Landscape::new();
        landscape.ensure_domain(&vec!["d"; 32].join("/")).unwrap();
        assert!(Landscape::load_snapshot(saved(&landscape).as_bytes()).unwrap() == landscape);
    }

    #[test]
    fn times_out_of_range_are_refused_on_load() {
        let mut landscape = Landscape::new();
        landscape
            .import_csv("member,time,kind\nada,2024-01-01,ask\n".as_bytes(), &Default::default())
            .unwrap();
        let text = saved(&landscape);
        let far = text.replace(r#""time":[1704067200]"#, &format!(r#""time":[{}]"#, i64::MAX));
        assert!(refused(&far).contains("out of the supported range"));
    }
}
