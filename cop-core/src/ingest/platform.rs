//! One way in for the places communities live: a [`Platform`], one [`PlatformImport`] of options
//! and one [`PlatformReport`] for every export cop reads — a Stack Exchange data dump, GitHub
//! activity, a Discourse forum, a Slack or Discord export, a mailing list's mbox.
//!
//! [`Landscape::import_platform`] reads the export at a path and records it all or nothing. Each
//! platform's module documents its mapping table (source record → event kind, member, target,
//! thread, domain, community, space, time):
//! [`stackexchange`](super::stackexchange), [`github`](super::github),
//! [`discourse`](super::discourse), [`chat`](super::chat) (Slack and Discord) and
//! [`mbox`](super::mbox).
//!
//! What every importer shares:
//! - **Keys** are `<platform prefix>:<name>:<id>` (the name of the site, forum, workspace or
//!   list: [`PlatformImport::name`], by default the folder's or file's name), so two exports
//!   never share a key by accident.
//! - **Identities** carry the platform as their source, with the person's name, e-mail address
//!   (when the export has one) and login; after the import they are resolved with every identity
//!   already in the landscape by the rules of [`people::resolve`](crate::model::people::resolve) (the
//!   same e-mail address, the same GitHub login…), unless [`PlatformImport::resolve_identities`]
//!   is off. Bots (Slack bots and apps, GitHub apps, list robots) are flagged.
//! - **Bad records** stop the import with [`CopError::Record`] naming the file, the line (or the
//!   byte offset) and the field, and nothing is applied; with
//!   [`PlatformImport::skip_bad_records`] they are skipped and listed in
//!   [`PlatformReport::skipped`], and the rest is applied.
//! - **Spaces** (channels, categories, repositories) are added to the community's
//!   [`spaces`](crate::Community::spaces), public or private.
//!
//! ```
//! use cop_core::Landscape;
//! use cop_core::ingest::platform::{Platform, PlatformImport};
//!
//! assert_eq!("discourse".parse::<Platform>()?, Platform::Discourse);
//! let mut landscape = Landscape::new();
//! let missing = landscape.import_platform(Platform::Mbox, "no/such/list.mbox".as_ref(), &PlatformImport::default());
//! assert!(missing.is_err());
//! # Ok::<(), cop_core::CopError>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{CopError, RecordError, Result};
use crate::model::community::Space;
use crate::model::landscape::{KeyedEvent, Landscape};
use crate::model::people::{Identity, MergeRule};
use crate::{ImportOptions, MemberId};

/// A platform whose export cop reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Platform {
    /// A Stack Exchange data dump: one site's folder of XML files.
    StackExchange,
    /// GitHub activity: GH Archive hourly files (JSON lines, optionally gzip) or saved REST
    /// responses (issues, pulls, comments, reviews).
    GitHub,
    /// A Discourse forum: topic JSON (`/t/{id}.json`, `/t/{id}/posts.json`, `/posts.json`) and
    /// optionally `categories.json`.
    Discourse,
    /// A Slack workspace export (`users.json`, `channels.json`, a folder of day files per
    /// channel).
    Slack,
    /// A Discord channel export of DiscordChatExporter (JSON).
    Discord,
    /// A mailing list's archive: mbox files (pipermail's `.txt` variant included).
    Mbox,
}

impl Platform {
    /// Every platform, in the order of the docs.
    pub const ALL: [Platform; 6] = [
        Platform::StackExchange,
        Platform::GitHub,
        Platform::Discourse,
        Platform::Slack,
        Platform::Discord,
        Platform::Mbox,
    ];

    /// Its name, as `--from` and the bindings take it (`stackexchange`, `github`, …); also the
    /// source of its identities.
    pub fn name(self) -> &'static str {
        match self {
            Platform::StackExchange => "stackexchange",
            Platform::GitHub => "github",
            Platform::Discourse => "discourse",
            Platform::Slack => "slack",
            Platform::Discord => "discord",
            Platform::Mbox => "mbox",
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Platform {
    type Err = CopError;

    fn from_str(text: &str) -> Result<Platform> {
        let text = text.trim().to_ascii_lowercase();
        Platform::ALL.into_iter().find(|p| p.name() == text).ok_or_else(|| {
            let known: Vec<&str> = Platform::ALL.iter().map(|p| p.name()).collect();
            CopError::invalid("platform", format!("`{text}` is not one of {}", known.join(", ")))
        })
    }
}

/// How to import a platform's export (every field has a default; JSON for C and Python).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PlatformImport {
    /// The community of the events; `None`: the default community.
    pub community: Option<String>,
    /// The name of the site, forum, workspace or list in keys; `None`: the folder's or file's
    /// name.
    pub name: Option<String>,
    /// Whether every user the export lists becomes a member, even without an event.
    pub all_users: bool,
    /// Skip bad records (listed in the report) instead of stopping at the first.
    pub skip_bad_records: bool,
    /// Resolve the export's identities with those already in the landscape (on by default).
    pub resolve_identities: bool,
}

impl Default for PlatformImport {
    fn default() -> Self {
        PlatformImport {
            community: None,
            name: None,
            all_users: false,
            skip_bad_records: false,
            resolve_identities: true,
        }
    }
}

impl PlatformImport {
    /// Parses options from JSON (missing fields take their defaults; unknown fields are refused).
    pub fn from_json(text: &str) -> Result<PlatformImport> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("options", e.to_string()))
    }

    /// The same, recording into `community`.
    pub fn community(mut self, community: impl Into<String>) -> Self {
        self.community = Some(community.into());
        self
    }

    /// The same, naming the site, forum, workspace or list `name` in keys.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The same, skipping bad records.
    pub fn skip_bad_records(mut self) -> Self {
        self.skip_bad_records = true;
        self
    }
}

/// What importing an export did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlatformReport {
    /// The platform's name.
    pub platform: String,
    /// The name of the site, forum, workspace or list in keys.
    pub name: String,
    /// Records read, per file (or per kind of record).
    pub records: BTreeMap<String, usize>,
    /// Events recorded, per kind.
    pub events: BTreeMap<String, usize>,
    /// Events recorded in all.
    pub recorded: usize,
    /// Records that make no event, per reason (`deleted user`, `join message`, `duplicate`, …).
    pub left_out: BTreeMap<String, usize>,
    /// Bad records skipped (only with [`PlatformImport::skip_bad_records`]).
    pub skipped: Vec<RecordError>,
    /// Members (people) the export's users make.
    pub members: usize,
    /// The keys of the members flagged as bots.
    pub bots: Vec<String>,
    /// Identities merged into others by the rules, per rule.
    pub merges: BTreeMap<String, usize>,
    /// The spaces the export names (channels, categories, repositories).
    pub spaces: Vec<Space>,
}

impl Landscape {
    /// Records the export of `platform` at `path` (a folder or a file, as the platform's module
    /// says). All or nothing: on an error nothing changes.
    ///
    /// Errors: [`CopError::Record`] for a bad record (its file, line or byte offset, and field),
    /// [`CopError::Io`] when a file cannot be read, [`CopError::InvalidValue`] for a path of the
    /// wrong sort or a key that is too long.
    pub fn import_platform(
        &mut self,
        platform: Platform,
        path: &Path,
        options: &PlatformImport,
    ) -> Result<PlatformReport> {
        match platform {
            Platform::StackExchange => self.import_stackexchange_platform(path, options),
            other => {
                let gathered = gather(other, path, options)?;
                self.record_gathered(gathered, options)
            }
        }
    }

    fn import_stackexchange_platform(
        &mut self,
        path: &Path,
        options: &PlatformImport,
    ) -> Result<PlatformReport> {
        let se = super::stackexchange::StackExchangeImport {
            community: options.community.clone(),
            site: options.name.clone(),
            all_users: options.all_users,
            skip_bad_records: options.skip_bad_records,
        };
        let r = self.import_stackexchange(path, &se)?;
        let mut merges = BTreeMap::new();
        if options.resolve_identities {
            // The same Stack Exchange account (`AccountId`) on two sites is one person.
            let prefix = format!("se:{}:", r.site);
            let found = self.resolve_all_identities();
            for (_, merged, rule) in &found {
                if self.member_key(*merged).is_some_and(|k| k.starts_with(&prefix)) {
                    *merges.entry(rule.name().to_owned()).or_default() += 1;
                }
            }
            self.merge_all(&found)?;
        }
        let mut left_out = BTreeMap::new();
        for (reason, counts) in [("deleted user", &r.deleted_users), ("missing post", &r.missing_posts)] {
            for (file, n) in counts {
                left_out.insert(format!("{reason} ({file})"), *n);
            }
        }
        Ok(PlatformReport {
            platform: Platform::StackExchange.name().to_owned(),
            name: r.site,
            records: r.rows,
            events: r.events,
            recorded: r.recorded,
            left_out,
            members: r.members,
            bots: r.bots,
            skipped: r.skipped,
            merges,
            ..PlatformReport::default()
        })
    }
}

/// Reads one platform's export (not Stack Exchange, which has its own path).
fn gather(platform: Platform, path: &Path, options: &PlatformImport) -> Result<Gathered> {
    let name = options.name.clone().unwrap_or_else(|| default_name(path));
    let mut gathered = Gathered::new(platform, name, options.skip_bad_records);
    match platform {
        Platform::StackExchange => return Err(not_built(platform)),
        Platform::GitHub => super::github::read(path, &mut gathered)?,
        Platform::Discourse => super::discourse::read(path, &mut gathered)?,
        Platform::Slack => super::chat::read_slack(path, &mut gathered)?,
        Platform::Discord => super::chat::read_discord(path, options.name.as_deref(), &mut gathered)?,
        Platform::Mbox => super::mbox::read(path, &mut gathered)?,
    }
    Ok(gathered)
}

fn not_built(platform: Platform) -> CopError {
    CopError::invalid("platform", format!("{platform} exports are not read by this path"))
}

/// The name of a folder or file, without its extension: the default name in keys.
pub(crate) fn default_name(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".to_owned())
}

/// A person an export names: their identity, join date and bot flag.
#[derive(Clone, Debug, Default)]
pub(crate) struct Person {
    pub identity: Identity,
    /// Seconds since the epoch.
    pub joined: Option<i64>,
    pub bot: bool,
    pub staff: bool,
}

/// An event an export makes, naming everything by key.
#[derive(Clone, Debug)]
pub(crate) struct Act {
    /// Seconds since the epoch.
    pub time: i64,
    pub kind: &'static str,
    pub member: String,
    pub target: Option<String>,
    pub thread: Option<String>,
    pub domain: Option<String>,
}

/// What a platform's reader gathers before anything is recorded.
pub(crate) struct Gathered {
    pub report: PlatformReport,
    pub acts: Vec<Act>,
    /// People by member key.
    pub people: HashMap<String, Person>,
    skip: bool,
    /// The position of each space in `report.spaces`, by name.
    space_at: HashMap<String, usize>,
}

impl Gathered {
    pub(crate) fn new(platform: Platform, name: String, skip: bool) -> Gathered {
        let report =
            PlatformReport { platform: platform.name().to_owned(), name, ..PlatformReport::default() };
        Gathered { report, acts: Vec::new(), people: HashMap::new(), skip, space_at: HashMap::new() }
    }

    /// The name in keys.
    pub(crate) fn name(&self) -> &str {
        &self.report.name
    }

    /// A bad record: an error when stopping, listed when skipping.
    pub(crate) fn bad(&mut self, error: CopError) -> Result<()> {
        match error {
            CopError::Record(record) if self.skip => {
                self.report.skipped.push(record);
                Ok(())
            }
            other => Err(other),
        }
    }

    /// Counts a record that makes no event, by reason.
    pub(crate) fn leave_out(&mut self, reason: &str) {
        *self.report.left_out.entry(reason.to_owned()).or_default() += 1;
    }

    /// Counts a record read from `file`.
    pub(crate) fn read(&mut self, file: &str) {
        *self.report.records.entry(file.to_owned()).or_default() += 1;
    }

    /// Adds a space once (by name; a later private sighting makes it private).
    pub(crate) fn space(&mut self, space: Space) {
        match self.space_at.get(&space.name) {
            Some(&i) if space.visibility == crate::Visibility::Private => {
                self.report.spaces[i].visibility = space.visibility;
            }
            Some(_) => {}
            None => {
                self.space_at.insert(space.name.clone(), self.report.spaces.len());
                self.report.spaces.push(space);
            }
        }
    }
}

/// A bad record's error: the file, the 1-based line (0 when only a byte offset is known, which
/// the message gives), the field and what was wrong.
pub(crate) fn record_error(
    file: &str,
    line: u64,
    field: Option<&str>,
    message: impl Into<String>,
) -> CopError {
    CopError::Record(RecordError {
        source: Some(file.to_owned()),
        line,
        column: None,
        field: field.map(str::to_owned),
        message: message.into(),
    })
}

impl Landscape {
    /// Records what a reader gathered, all or nothing.
    pub(crate) fn record_gathered(
        &mut self,
        gathered: Gathered,
        options: &PlatformImport,
    ) -> Result<PlatformReport> {
        let checkpoint = self.checkpoint();
        let members = self.members.clone();
        let communities = self.communities.clone();
        match self.record_gathered_inner(gathered, options) {
            Ok(report) => Ok(report),
            Err(error) => {
                self.rollback(checkpoint);
                self.members = members;
                self.communities = communities;
                self.refresh_people();
                Err(error)
            }
        }
    }

    fn record_gathered_inner(
        &mut self,
        gathered: Gathered,
        options: &PlatformImport,
    ) -> Result<PlatformReport> {
        let Gathered { mut report, mut acts, people, .. } = gathered;
        acts.sort_by_key(|a| a.time);
        let mut keys: Vec<&str> =
            acts.iter().flat_map(|a| std::iter::once(a.member.as_str()).chain(a.target.as_deref())).collect();
        if options.all_users {
            keys.extend(people.keys().map(String::as_str));
        }
        keys.sort_unstable();
        keys.dedup();
        let mut rows = Vec::with_capacity(keys.len());
        for key in &keys {
            let id = self.ensure_member(key)?;
            let id = self.identity_id(key).unwrap_or(id);
            if let Some(person) = people.get(*key) {
                let m = &mut self.members[id.index()];
                m.identity = Some(person.identity.clone());
                m.bot |= person.bot || person.identity.looks_like_bot();
                m.staff |= person.staff;
                if let Some(joined) = person.joined {
                    m.joined = chrono::DateTime::from_timestamp(joined, 0);
                }
            }
            rows.push(id);
        }
        for act in &acts {
            *report.events.entry(act.kind.to_owned()).or_default() += 1;
        }
        let events = acts.iter().map(|a| KeyedEvent {
            member: &a.member,
            time: a.time,
            kind: a.kind,
            community: options.community.as_deref(),
            domain: a.domain.as_deref(),
            target: a.target.as_deref(),
            thread: a.thread.as_deref(),
            ..Default::default()
        });
        let source = ImportOptions::default().source(report.platform.clone());
        report.recorded = self.record_keyed_batch(events, &source)?.recorded;
        self.add_spaces(options.community.as_deref(), &report.spaces)?;
        if options.resolve_identities {
            let merges = self.resolve_all_identities();
            for (_, merged, rule) in &merges {
                if rows.contains(merged) {
                    *report.merges.entry(rule.name().to_owned()).or_default() += 1;
                }
            }
            self.merge_all(&merges)?;
        }
        self.refresh_people();
        (report.members, report.bots) = self.people_of(&rows);
        Ok(report)
    }

    /// How many people the identities `rows` are now (after merges), and the keys of the bots
    /// among them.
    pub(crate) fn people_of(&self, rows: &[MemberId]) -> (usize, Vec<String>) {
        let mut members: Vec<MemberId> = rows.iter().map(|&r| self.member_of(r)).collect();
        members.sort_unstable();
        members.dedup();
        let bots = members
            .iter()
            .filter(|&&m| self.is_bot(m))
            .filter_map(|&m| self.member_key(m))
            .map(str::to_owned)
            .collect();
        (members.len(), bots)
    }

    /// Adds spaces to a community's (by name, once).
    fn add_spaces(&mut self, community: Option<&str>, spaces: &[Space]) -> Result<()> {
        if spaces.is_empty() {
            return Ok(());
        }
        let id = match community {
            Some(key) => self.ensure_community(key)?,
            None => crate::CommunityId::DEFAULT,
        };
        if let Some(c) = self.community_mut(id) {
            let mut at: HashMap<String, usize> =
                c.spaces.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
            for space in spaces {
                match at.get(&space.name) {
                    Some(&i) => c.spaces[i].visibility = space.visibility,
                    None => {
                        at.insert(space.name.clone(), c.spaces.len());
                        c.spaces.push(space.clone());
                    }
                }
            }
        }
        Ok(())
    }

    /// The merges the rules of [`people::resolve`](crate::model::people::resolve) find among every
    /// identity of the landscape, as their stored details say.
    pub(crate) fn resolve_all_identities(&self) -> Vec<(MemberId, MemberId, MergeRule)> {
        let all: Vec<Identity> =
            self.members.iter().map(|m| m.identity.clone().unwrap_or_default()).collect();
        crate::model::people::resolve(&all, &[])
            .into_iter()
            .map(|f| (MemberId::from_raw(f.kept as u32), MemberId::from_raw(f.merged as u32), f.rule))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_by_name() {
        for p in Platform::ALL {
            assert_eq!(p.name().parse::<Platform>().unwrap(), p);
        }
        assert_eq!(" GitHub ".parse::<Platform>().unwrap(), Platform::GitHub);
        let error = "myspace".parse::<Platform>().unwrap_err().to_string();
        assert!(error.contains("myspace") && error.contains("discourse"), "{error}");
    }

    #[test]
    fn options_from_json() {
        let o = PlatformImport::from_json(r#"{"community":"c","skip_bad_records":true}"#).unwrap();
        assert_eq!(o.community.as_deref(), Some("c"));
        assert!(o.skip_bad_records && o.resolve_identities);
        assert!(PlatformImport::from_json(r#"{"sight":"x"}"#).is_err());
    }
}
