//! Reading a Stack Exchange data dump: one site's folder of `Posts.xml`, `Comments.xml`,
//! `Users.xml`, `Votes.xml`, `Badges.xml` and, when present, `PostHistory.xml`.
//!
//! Files are read as a stream with quick-xml (one `<row …/>` at a time): memory grows with the
//! number of posts and events kept, never with the size of the text. A UTF-8 byte order mark and
//! CRLF line endings, as the official dump has them, are read as they are. A missing file is
//! read as an empty one, except `Posts.xml`, which is required.
//!
//! ## Mapping
//!
//! `<site>` is [`StackExchangeImport::site`] (default: the folder's name). Users are keyed
//! `se:<site>:<UserId>`; threads `se:<site>:<question Id>`. The community is
//! [`StackExchangeImport::community`] (default: the default community) for every event.
//!
//! | source record | event kind | member | target | thread | domain | time |
//! |---|---|---|---|---|---|---|
//! | `Posts.xml` row, `PostTypeId=1` (question) | `ask` | `OwnerUserId` | — | the question | its first tag | `CreationDate` |
//! | `Posts.xml` row, `PostTypeId=2` (answer) | `answer` | `OwnerUserId` | the question's owner | `ParentId` | the question's first tag | `CreationDate` |
//! | `Comments.xml` row | `comment` | `UserId` | the post's owner | the post's thread | the thread's domain | `CreationDate` |
//! | a question's `AcceptedAnswerId` | `accept` | the question's owner | the answer's owner | the question | the question's first tag | see below |
//! | `PostHistory.xml` row, `PostHistoryTypeId` 4, 5, 6 (edit of title, body, tags) | `edit` (custom kind) | `UserId` | the post's owner (none when editing one's own post) | the post's thread | the thread's domain | `CreationDate` |
//! | `Badges.xml` row | `badge` (custom kind) | `UserId` | — | — | — | `Date` |
//! | `Users.xml` row | no event: the member's identity (`stackexchange`, `DisplayName`, login = `AccountId`) and join date (`CreationDate`) | | | | | |
//! | `Votes.xml` row, `VoteTypeId=1` | no event: the date of the `accept` | | | | | |
//!
//! Other post types (tag wikis and excerpts, …), other history types (the initial revisions 1,
//! 2, 3, closes, locks, …) and other votes (anonymous in the dump) make no event.
//!
//! **Time of an accept.** The dump does not say when an answer was accepted. The date of the
//! answer's `AcceptedByOriginator` vote (`VoteTypeId=1` in `Votes.xml`) says on which day; the
//! accept is put on that day, but never before the answer was written (votes are dated to the
//! day only). Without such a vote, the accept is put at the answer's `CreationDate` (the
//! earliest moment it could have been accepted). The question's `LastActivityDate` is not used:
//! it moves with every later edit or answer.
//!
//! **Deleted users.** A post, comment or edit without `OwnerUserId` / `UserId` (its author's
//! account was deleted; only a display name such as `user23` is left) makes no event, and is
//! counted per file in [`StackExchangeReport::deleted_users`]. An answer or comment aimed at a
//! deleted user's post is recorded without a target. Rows naming a post that is not a question or
//! an answer of `Posts.xml` (a deleted post, or a tag wiki) are skipped and counted in
//! [`StackExchangeReport::missing_posts`] (votes included), as are answers to a missing question.
//!
//! **Members.** Only users with an event (as actor or target) become members, unless
//! [`StackExchangeImport::all_users`] is set; users named by events but absent from `Users.xml`
//! (a cut of a dump) become members without details. The `Community` user (`Id=-1`) is flagged
//! as a bot. Identities are not merged on import (apply identities files afterwards).
//!
//! **Bad records.** A row whose id, date or number cannot be read, or XML that is not well formed,
//! stops the import with [`CopError::Record`] naming the file, the line and
//! the field; nothing of the dump is applied (all or nothing, members' details restored).
//!
//! ```no_run
//! use cop_core::Landscape;
//! use cop_core::ingest::stackexchange::StackExchangeImport;
//!
//! let mut landscape = Landscape::new();
//! let report = landscape.import_stackexchange(std::path::Path::new("dump"), &StackExchangeImport::default())?;
//! println!("{} events: {:?}", report.recorded, report.events);
//! # Ok::<(), cop_core::CopError>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use chrono::NaiveDateTime;
use quick_xml::events::Event as XmlEvent;
use serde::{Deserialize, Serialize};

use crate::error::{CopError, RecordError, Result};
use crate::model::landscape::{KeyedEvent, Landscape};
use crate::model::people::Identity;
use crate::{ImportOptions, MemberId};

/// How to import a Stack Exchange dump (every field has a default; JSON for C and Python).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct StackExchangeImport {
    /// The community of the events; `None`: the default community.
    pub community: Option<String>,
    /// The site's name in member and thread keys (`se:<site>:<id>`); `None`: the folder's name.
    pub site: Option<String>,
    /// Whether every user of `Users.xml` becomes a member, even without an event (off by default).
    pub all_users: bool,
    /// Skip bad rows (listed in the report) instead of stopping at the first; XML that is not
    /// well formed still stops the import.
    pub skip_bad_records: bool,
}

impl StackExchangeImport {
    /// Parses options from JSON (missing fields take their defaults; unknown fields are refused).
    pub fn from_json(text: &str) -> Result<StackExchangeImport> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("options", e.to_string()))
    }

    /// The same, recording into `community`.
    pub fn community(mut self, community: impl Into<String>) -> Self {
        self.community = Some(community.into());
        self
    }

    /// The same, naming the site `site` in keys.
    pub fn site(mut self, site: impl Into<String>) -> Self {
        self.site = Some(site.into());
        self
    }
}

/// What importing a dump did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StackExchangeReport {
    /// The site's name in keys.
    pub site: String,
    /// Rows read, per file (files absent are left out).
    pub rows: BTreeMap<String, usize>,
    /// Events recorded, per kind.
    pub events: BTreeMap<String, usize>,
    /// Events recorded in all.
    pub recorded: usize,
    /// Rows skipped because their author's account was deleted, per file.
    pub deleted_users: BTreeMap<String, usize>,
    /// Rows skipped because the post they name is not in `Posts.xml`, per file.
    pub missing_posts: BTreeMap<String, usize>,
    /// Members the dump's users make.
    pub members: usize,
    /// The keys of the members flagged as bots.
    pub bots: Vec<String>,
    /// Bad rows skipped (only with [`StackExchangeImport::skip_bad_records`]).
    pub skipped: Vec<RecordError>,
}

const POSTS: &str = "Posts.xml";
const COMMENTS: &str = "Comments.xml";
const USERS: &str = "Users.xml";
const VOTES: &str = "Votes.xml";
const BADGES: &str = "Badges.xml";
const HISTORY: &str = "PostHistory.xml";

/// The kinds, by index in [`Act::kind`].
const KINDS: [&str; 6] = ["ask", "answer", "comment", "accept", "edit", "badge"];
const ASK: u8 = 0;
const ANSWER: u8 = 1;
const COMMENT: u8 = 2;
const ACCEPT: u8 = 3;
const EDIT: u8 = 4;
const BADGE: u8 = 5;

/// What is kept of a post.
#[derive(Clone, Copy)]
struct Post {
    question: bool,
    owner: Option<i64>,
    /// The question's id (itself for a question).
    thread: i64,
    accepted: Option<i64>,
    time: i64,
    domain: Option<u32>,
}

/// An event, naming users by their id.
struct Act {
    time: i64,
    kind: u8,
    member: i64,
    target: Option<i64>,
    thread: Option<i64>,
    domain: Option<u32>,
}

/// A user of `Users.xml`.
struct User {
    name: String,
    account: Option<String>,
    joined: Option<i64>,
}

/// One row: its attributes (raw bytes; values unescaped on demand).
struct Row<'a> {
    file: &'a Path,
    offset: u64,
    attributes: Vec<(&'a [u8], std::borrow::Cow<'a, [u8]>)>,
}

impl Row<'_> {
    fn raw(&self, name: &str) -> Option<&[u8]> {
        self.attributes.iter().find(|(k, _)| *k == name.as_bytes()).map(|(_, v)| v.as_ref())
    }

    fn error(&self, field: Option<&str>, message: impl Into<String>) -> CopError {
        record_error(self.file, self.offset, field, message)
    }

    fn text(&self, name: &str) -> Result<Option<String>> {
        match self.raw(name) {
            None => Ok(None),
            Some(raw) => {
                let text = std::str::from_utf8(raw).map_err(|_| self.error(Some(name), "not UTF-8"))?;
                let text = quick_xml::escape::unescape(text)
                    .map_err(|e| self.error(Some(name), format!("bad escape: {e}")))?;
                Ok(Some(text.into_owned()))
            }
        }
    }

    fn int(&self, name: &str) -> Result<Option<i64>> {
        match self.raw(name) {
            None => Ok(None),
            Some(raw) => parse_int(raw).map(Some).ok_or_else(|| {
                self.error(Some(name), format!("not an integer: {:?}", String::from_utf8_lossy(raw)))
            }),
        }
    }

    fn required_int(&self, name: &str) -> Result<i64> {
        self.int(name)?.ok_or_else(|| self.error(Some(name), "missing"))
    }

    fn time(&self, name: &str) -> Result<i64> {
        let raw = self.raw(name).ok_or_else(|| self.error(Some(name), "missing"))?;
        parse_date(raw)
            .ok_or_else(|| self.error(Some(name), format!("not a date: {:?}", String::from_utf8_lossy(raw))))
    }
}

fn parse_int(raw: &[u8]) -> Option<i64> {
    std::str::from_utf8(raw).ok()?.trim().parse().ok()
}

/// A dump's date (`2018-02-06T20:19:50.957`, UTC) in seconds since the epoch.
fn parse_date(raw: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(raw).ok()?;
    let time = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    Some(time.and_utc().timestamp())
}

/// The error of the record at byte `offset` of `file`: its line is counted from the file.
fn record_error(file: &Path, offset: u64, field: Option<&str>, message: impl Into<String>) -> CopError {
    CopError::Record(RecordError {
        source: Some(file.display().to_string()),
        line: line_of(file, offset),
        column: None,
        field: field.map(str::to_owned),
        message: message.into(),
    })
}

/// The 1-based line of byte `offset` of `file` (read again: only on errors).
fn line_of(file: &Path, offset: u64) -> u64 {
    let Ok(f) = File::open(file) else { return 0 };
    let mut reader = BufReader::new(f).take(offset);
    let mut buf = [0u8; 1 << 16];
    let mut lines = 1;
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
    }
    lines
}

/// Calls `each` with every `<row>` of `file`; returns the rows read (`None`: no such file).
/// Bad rows skipped (when skipping); `None` when stopping at the first.
type Skipped = Option<Vec<RecordError>>;

fn read_rows(
    file: &Path,
    skipped: &mut Skipped,
    mut each: impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<Option<usize>> {
    let f = match File::open(file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CopError::Io(std::io::Error::new(e.kind(), format!("{}: {e}", file.display()))));
        }
    };
    let mut each = |row: &Row<'_>| match (each(row), skipped.as_mut()) {
        (Err(CopError::Record(bad)), Some(list)) => {
            list.push(bad);
            Ok(())
        }
        (result, _) => result,
    };
    read_rows_from(file, BufReader::with_capacity(1 << 16, f), &mut each).map(Some)
}

fn read_rows_from<R: BufRead>(
    file: &Path,
    input: R,
    each: &mut impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<usize> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::with_capacity(1 << 12);
    let mut rows = 0;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf);
        let offset = reader.buffer_position();
        let element = match event {
            Ok(XmlEvent::Empty(e)) | Ok(XmlEvent::Start(e)) => e,
            Ok(XmlEvent::Eof) => break,
            Ok(_) => continue,
            Err(e) => return Err(record_error(file, reader.error_position(), None, format!("bad XML: {e}"))),
        };
        if element.name().as_ref() != b"row" {
            continue;
        }
        let mut attributes = Vec::with_capacity(16);
        for attribute in element.attributes().with_checks(false) {
            let attribute =
                attribute.map_err(|e| record_error(file, offset, None, format!("bad attribute: {e}")))?;
            attributes.push((attribute.key.into_inner(), attribute.value));
        }
        rows += 1;
        each(&Row { file, offset, attributes })?;
    }
    Ok(rows)
}

/// The first tag of `<a><b>` or `|a|b|`.
fn first_tag(tags: &str) -> Option<&str> {
    let tags = tags.trim();
    let tag = if let Some(rest) = tags.strip_prefix('<') {
        rest.split('>').next()
    } else {
        tags.split('|').find(|t| !t.is_empty())
    };
    tag.map(str::trim).filter(|t| !t.is_empty())
}

/// What reading a dump gives before anything is recorded.
#[derive(Default)]
struct Dump {
    report: StackExchangeReport,
    acts: Vec<Act>,
    users: HashMap<i64, User>,
    domains: Vec<String>,
}

impl Dump {
    fn count(map: &mut BTreeMap<String, usize>, file: &str) {
        *map.entry(file.to_owned()).or_default() += 1;
    }

    fn read(dir: &Path, skip: bool) -> Result<Dump> {
        if !dir.is_dir() {
            return Err(CopError::invalid("dump", format!("{} is not a directory", dir.display())));
        }
        let mut reading =
            Reading { dir, skipped: skip.then(Vec::new), dump: Dump::default(), posts: HashMap::new() };
        reading.posts()?;
        let ids = reading.post_acts();
        reading.accepts(&ids)?;
        reading.on_posts(COMMENTS, COMMENT)?;
        reading.on_posts(HISTORY, EDIT)?;
        reading.badges()?;
        reading.users()?;
        let Reading { mut dump, skipped, .. } = reading;
        dump.acts.sort_by_key(|a| a.time);
        dump.report.skipped = skipped.unwrap_or_default();
        Ok(dump)
    }
}

/// A dump being read, one file after the other.
struct Reading<'d> {
    dir: &'d Path,
    skipped: Skipped,
    dump: Dump,
    /// The questions and answers of `Posts.xml`, by id.
    posts: HashMap<i64, Post>,
}

impl Reading<'_> {
    /// Reads `file` of the dump (absent: `None`), each row through `each`, and counts its rows.
    fn rows(
        &mut self,
        file: &str,
        each: impl FnMut(&Row<'_>, &mut Dump, &HashMap<i64, Post>) -> Result<()>,
    ) -> Result<Option<usize>> {
        let mut each = each;
        let (dump, posts) = (&mut self.dump, &self.posts);
        let rows = read_rows(&self.dir.join(file), &mut self.skipped, |row| each(row, dump, posts))?;
        if let Some(rows) = rows {
            self.dump.report.rows.insert(file.to_owned(), rows);
        }
        Ok(rows)
    }

    /// `Posts.xml` (required): questions now, answers once every question is known (an answer
    /// takes its question's domain; answers to missing questions are skipped).
    fn posts(&mut self) -> Result<()> {
        let mut domain_index: HashMap<String, u32> = HashMap::new();
        let mut found: Vec<(i64, Post)> = Vec::new();
        let rows = self.rows(POSTS, |row, dump, _| {
            if let Some(post) = read_post(row, dump, &mut domain_index)? {
                found.push(post);
            }
            Ok(())
        })?;
        if rows.is_none() {
            let message = format!("{}: no such file", self.dir.join(POSTS).display());
            return Err(CopError::Io(std::io::Error::new(std::io::ErrorKind::NotFound, message)));
        }
        self.posts = found.iter().copied().collect();
        for (id, post) in found.into_iter().filter(|(_, p)| !p.question) {
            match self.posts.get(&post.thread).filter(|q| q.question).map(|q| q.domain) {
                Some(domain) => {
                    if let Some(answer) = self.posts.get_mut(&id) {
                        answer.domain = domain;
                    }
                }
                None => {
                    self.posts.remove(&id);
                    Dump::count(&mut self.dump.report.missing_posts, POSTS);
                }
            }
        }
        Ok(())
    }

    /// The `ask` and `answer` of every post with an owner; the post ids, in order.
    fn post_acts(&mut self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.posts.keys().copied().collect();
        ids.sort_unstable();
        for id in &ids {
            let post = self.posts[id];
            let Some(owner) = post.owner else {
                Dump::count(&mut self.dump.report.deleted_users, POSTS);
                continue;
            };
            let asker = self.posts.get(&post.thread).and_then(|q| q.owner);
            let (kind, target) = if post.question { (ASK, None) } else { (ANSWER, asker) };
            let (thread, domain) = (Some(post.thread), post.domain);
            self.dump.acts.push(Act { time: post.time, kind, member: owner, target, thread, domain });
        }
        ids
    }

    /// `Votes.xml` gives the days answers were accepted; each question's accepted answer an
    /// `accept` of the asker aimed at the answerer.
    fn accepts(&mut self, ids: &[i64]) -> Result<()> {
        let mut accepted_on: HashMap<i64, i64> = HashMap::new();
        self.rows(VOTES, |row, dump, posts| {
            let post = row.required_int("PostId")?;
            if !posts.contains_key(&post) {
                Dump::count(&mut dump.report.missing_posts, VOTES);
            } else if row.required_int("VoteTypeId")? == 1 {
                accepted_on.insert(post, row.time("CreationDate")?);
            }
            Ok(())
        })?;
        for id in ids {
            let question = self.posts[id];
            let Some(answer_id) = question.accepted.filter(|_| question.question) else { continue };
            let Some(answer) = self.posts.get(&answer_id) else {
                Dump::count(&mut self.dump.report.missing_posts, POSTS);
                continue;
            };
            let (Some(asker), Some(answerer)) = (question.owner, answer.owner) else {
                Dump::count(&mut self.dump.report.deleted_users, POSTS);
                continue;
            };
            let time = accepted_on.get(&answer_id).map_or(answer.time, |&day| day.max(answer.time));
            self.dump.acts.push(Act {
                time,
                kind: ACCEPT,
                member: asker,
                target: Some(answerer).filter(|&a| a != asker),
                thread: Some(question.thread),
                domain: question.domain,
            });
        }
        Ok(())
    }

    /// Comments (`Comments.xml`) or edits (`PostHistory.xml`, types 4, 5, 6) aimed at the post's
    /// owner, in its thread.
    fn on_posts(&mut self, file: &'static str, kind: u8) -> Result<()> {
        self.rows(file, |row, dump, posts| {
            if kind == EDIT && !matches!(row.required_int("PostHistoryTypeId")?, 4..=6) {
                return Ok(());
            }
            let post_id = row.required_int("PostId")?;
            let time = row.time("CreationDate")?;
            let member = row.int("UserId")?;
            let Some(post) = posts.get(&post_id) else {
                Dump::count(&mut dump.report.missing_posts, file);
                return Ok(());
            };
            let Some(member) = member else {
                Dump::count(&mut dump.report.deleted_users, file);
                return Ok(());
            };
            let target = post.owner.filter(|&o| o != member);
            dump.acts.push(Act {
                time,
                kind,
                member,
                target,
                thread: Some(post.thread),
                domain: post.domain,
            });
            Ok(())
        })?;
        Ok(())
    }

    /// `Badges.xml`: a `badge` of each badge's user.
    fn badges(&mut self) -> Result<()> {
        self.rows(BADGES, |row, dump, _| {
            let time = row.time("Date")?;
            match row.int("UserId")? {
                Some(member) => dump.acts.push(Act {
                    time,
                    kind: BADGE,
                    member,
                    target: None,
                    thread: None,
                    domain: None,
                }),
                None => Dump::count(&mut dump.report.deleted_users, BADGES),
            }
            Ok(())
        })?;
        Ok(())
    }

    /// `Users.xml`: names, accounts and join dates.
    fn users(&mut self) -> Result<()> {
        self.rows(USERS, |row, dump, _| {
            let id = row.required_int("Id")?;
            let joined = match row.raw("CreationDate") {
                Some(_) => Some(row.time("CreationDate")?),
                None => None,
            };
            let name = row.text("DisplayName")?.unwrap_or_default();
            let account = row.text("AccountId")?;
            dump.users.insert(id, User { name, account, joined });
            Ok(())
        })?;
        Ok(())
    }
}

/// A question or answer of `Posts.xml` (`None` for other post types); a question's first tag
/// becomes a domain of the dump.
fn read_post(
    row: &Row<'_>,
    dump: &mut Dump,
    domain_index: &mut HashMap<String, u32>,
) -> Result<Option<(i64, Post)>> {
    let id = row.required_int("Id")?;
    let kind = row.required_int("PostTypeId")?;
    if kind != 1 && kind != 2 {
        return Ok(None);
    }
    let time = row.time("CreationDate")?;
    let owner = row.int("OwnerUserId")?;
    let question = kind == 1;
    let (thread, accepted, tag) = if question {
        (id, row.int("AcceptedAnswerId")?, row.text("Tags")?)
    } else {
        (row.required_int("ParentId")?, None, None)
    };
    let domain = tag.as_deref().and_then(first_tag).map(|tag| {
        let next = domain_index.len() as u32;
        *domain_index.entry(tag.to_owned()).or_insert_with(|| {
            dump.domains.push(tag.to_owned());
            next
        })
    });
    Ok(Some((id, Post { question, owner, thread, accepted, time, domain })))
}

impl Landscape {
    /// Records the Stack Exchange data dump in the folder `dir` (see the [module docs](self) for
    /// what becomes what). All or nothing: on an error nothing changes.
    ///
    /// Errors: [`CopError::Record`] for a bad row (its file, line and field), [`CopError::Io`]
    /// when a file cannot be read or `Posts.xml` is missing, [`CopError::InvalidValue`] when
    /// `dir` is not a folder or a key is too long.
    pub fn import_stackexchange(
        &mut self,
        dir: &Path,
        options: &StackExchangeImport,
    ) -> Result<StackExchangeReport> {
        let mut dump = Dump::read(dir, options.skip_bad_records)?;
        dump.report.site = match &options.site {
            Some(site) => site.clone(),
            None => dir
                .canonicalize()
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "stackexchange".to_owned()),
        };
        let checkpoint = self.checkpoint();
        let members = self.members.clone();
        match self.record_dump(dump, options) {
            Ok(report) => Ok(report),
            Err(error) => {
                self.rollback(checkpoint);
                self.members = members;
                self.refresh_people();
                Err(error)
            }
        }
    }

    fn record_dump(&mut self, dump: Dump, options: &StackExchangeImport) -> Result<StackExchangeReport> {
        let Dump { mut report, acts, users, domains } = dump;
        let site = report.site.clone();
        let mut ids: Vec<i64> = acts.iter().flat_map(|a| std::iter::once(a.member).chain(a.target)).collect();
        if options.all_users {
            ids.extend(users.keys());
        }
        ids.sort_unstable();
        ids.dedup();
        let mut keys: HashMap<i64, String> = HashMap::with_capacity(ids.len());
        for &id in &ids {
            let key = format!("se:{site}:{id}");
            let member = self.ensure_member(&key)?;
            let member = self.identity_id(&key).unwrap_or(member);
            let user = users.get(&id);
            let m = &mut self.members[member.index()];
            if let Some(user) = user {
                m.identity = Some(Identity {
                    source: "stackexchange".to_owned(),
                    name: user.name.clone(),
                    email: String::new(),
                    login: user.account.clone().unwrap_or_default(),
                });
                if let Some(joined) = user.joined {
                    m.joined = chrono::DateTime::from_timestamp(joined, 0);
                }
            }
            if id == -1 {
                m.bot = true;
            }
            keys.insert(id, key);
        }
        let thread_keys: HashMap<i64, String> =
            acts.iter().filter_map(|a| a.thread).map(|t| (t, format!("se:{site}:{t}"))).collect();
        for act in &acts {
            *report.events.entry(KINDS[act.kind as usize].to_owned()).or_default() += 1;
        }
        let events = acts.iter().map(|a| KeyedEvent {
            member: &keys[&a.member],
            time: a.time,
            kind: KINDS[a.kind as usize],
            community: options.community.as_deref(),
            domain: a.domain.map(|d| domains[d as usize].as_str()),
            target: a.target.map(|t| keys[&t].as_str()),
            thread: a.thread.map(|t| thread_keys[&t].as_str()),
            ..Default::default()
        });
        report.recorded =
            self.record_keyed_batch(events, &ImportOptions::default().source("stackexchange"))?.recorded;
        self.refresh_people();
        let mut members: Vec<MemberId> = ids.iter().filter_map(|id| self.member_id(&keys[id])).collect();
        members.sort_unstable();
        members.dedup();
        report.members = members.len();
        report.bots = ids
            .iter()
            .filter(|id| self.identity_id(&keys[id]).is_some_and(|id| self.is_bot(id)))
            .map(|id| keys[id].clone())
            .collect();
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_tags() {
        assert_eq!(first_tag("<a><b>"), Some("a"));
        assert_eq!(first_tag("|a|b|"), Some("a"));
        assert_eq!(first_tag(""), None);
        assert_eq!(first_tag("<>"), None);
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date(b"1970-01-01T00:00:01.000"), Some(1));
        assert_eq!(parse_date(b"1970-01-01T00:00:01"), Some(1));
        assert_eq!(parse_date(b"yesterday"), None);
    }
}
