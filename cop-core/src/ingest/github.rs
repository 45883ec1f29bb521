//! Reading GitHub activity: [GH Archive](https://www.gharchive.org/) hourly files and saved
//! responses of the GitHub REST API ([`Platform::GitHub`](super::platform::Platform::GitHub)).
//!
//! The path is a file or a folder. A folder is read file by file, in the order of their names:
//! every `.json`, `.jsonl`, `.json.gz` and `.jsonl.gz` file in it and in its subfolders (one level
//! down; names starting with `.` are passed over). Each file is recognised by its content:
//! - gzip (its first two bytes `1f 8b`, whatever its name) is read through a decoder, as a stream;
//! - a file whose first character (after a byte order mark and white space) is `[` is a **REST
//!   response**: a JSON array, read whole (an API page is small);
//! - any other file is **JSON lines**, as GH Archive writes them (one event a line, in no order):
//!   read line by line, so memory does not grow with the file's size (only with the events
//!   kept). Blank lines are passed over;
//! - but a file whose first line is a lone `{` is one REST item written over several lines (the
//!   response of `GET /repos/{o}/{r}/pulls/{n}`, say), read whole.
//!
//! ## Mapping
//!
//! The community is [`PlatformImport::community`](super::platform::PlatformImport::community)
//! (default: the default community). Each **repository** `owner/name` is a public
//! [space](crate::Community::spaces) of it (private when a GH Archive event says
//! `"public": false`) and the **domain** `owner/name` of its events (the owner a parent domain).
//! An **issue or pull request** is a thread `gh:<owner>/<name>#<number>` (they share their
//! numbers); a commit that is commented on is a thread `gh:<owner>/<name>@<sha>`. A **login** is a
//! member `gh:<login>` and an identity (source `github`, name and login the login, no e-mail).
//! Keys, domains and spaces are in lower case (GitHub's logins and repository names are not told
//! apart by case), identities keep the login as written. Times are the records' `created_at`
//! (RFC 3339) unless said otherwise.
//!
//! GH Archive events (`type`; `actor.login` is the member, `repo.name` the repository, the
//! `payload` the rest):
//!
//! | `type` (`payload.action`) | event kind | member | target | thread |
//! |---|---|---|---|---|
//! | `IssuesEvent` (`opened`) | `ask` | actor | — | the issue |
//! | `IssuesEvent` (`closed`, `reopened`) | `close`, `reopen` (custom) | actor | the issue's author (`payload.issue.user`) | the issue |
//! | `IssueCommentEvent` (`created`) | `comment` | actor | the issue's author | the issue or pull request |
//! | `PullRequestEvent` (`opened`) | `share` | actor | — | the pull request |
//! | `PullRequestEvent` (`closed`, `pull_request.merged`) | `merge` | `pull_request.merged_by` (else the actor) | the pull request's author | the pull request |
//! | `PullRequestEvent` (`closed` unmerged, `reopened`) | `close`, `reopen` | actor | the pull request's author | the pull request |
//! | `PullRequestReviewEvent` (`created`) | `review` | actor | the pull request's author | the pull request |
//! | `PullRequestReviewCommentEvent` (`created`) | `comment` | actor | the pull request's author | the pull request |
//! | `CommitCommentEvent` | `comment` | actor | — (a commit's author is no login) | the commit |
//! | `PushEvent` | `commit` (one per push) | actor | — | — |
//! | `ReleaseEvent` (`published`) | `release` (custom) | actor | — | — |
//! | `WatchEvent` | `star` (custom) | actor | — | — |
//! | `ForkEvent` | `fork` (custom) | actor | — | — |
//! | `GollumEvent` (wiki pages) | `edit` (custom, one per event) | actor | — | — |
//! | `CreateEvent`, `DeleteEvent` (branches, tags), `MemberEvent`, `PublicEvent`, any other type or action | no event: counted in [`left_out`](super::platform::PlatformReport::left_out) by type (and action) | | | |
//!
//! Saved REST responses (arrays; each item recognised by its shape; the repository and the
//! number come from the item's URLs: `repository_url`, `url`, `html_url`, `issue_url`,
//! `pull_request_url`):
//!
//! | item (endpoint) | recognised by | event kind | member | target | time |
//! |---|---|---|---|---|---|
//! | issue (`/repos/{o}/{r}/issues`) | `number`, no `pull_request` | `ask` | `user` | — | `created_at` |
//! | pull request (`…/issues` with `pull_request`, or `…/pulls` with `head`) | `number` | `share` | `user` | — | `created_at` |
//! | the same, with `merged_by` and `merged_at` (`…/pulls/{n}`) | | `merge` | `merged_by` | the author | `merged_at` |
//! | an issue with `closed_by` and `closed_at` (`…/issues/{n}`) | | `close` | `closed_by` | the author | `closed_at` |
//! | issue comment (`…/issues/comments`) | `issue_url`, no `number` | `comment` | `user` | the issue's author | `created_at` |
//! | review comment (`…/pulls/comments`) | `pull_request_url`, no `state` | `comment` | `user` | the pull request's author | `created_at` |
//! | review (`…/pulls/{n}/reviews`) | `pull_request_url` and `state` | `review` | `user` | the pull request's author | `submitted_at` |
//! | event (`…/events`) | `type` and `actor` | as a GH Archive line | | | |
//!
//! **Why these kinds.** A pull request offers one's work to the others, who review, discuss and
//! merge it: `share`. It is not a `commit`: its commits are the pushes already counted (one
//! `commit` per `PushEvent`: a push's commits name their authors by a name and an e-mail address
//! that GH Archive hashes, not by a login, so the pusher is the member). A review is one `review`;
//! its line comments are `comment`s in the pull request's thread (before 2016 GitHub had no
//! reviews, only review comments: they count as comments there too), so a review of ten lines is
//! not ten reviews. Closing and reopening, starring, forking, releasing and editing a wiki are
//! custom kinds (weight 1 unless the landscape sets another).
//!
//! **Targets.** An act on an issue or pull request is aimed at its author, never at the actor
//! himself. The author is the `user` of the payload's issue or pull request; when the payload
//! does not say (GH Archive's trimmed payloads, REST comments and reviews), it is the author
//! that another record of the import gives (the issue or pull request in `issues.json` or
//! `pulls.json`, the event that opened it), else there is no target.
//!
//! **Bots.** Logins ending in `[bot]`, and users whose `type` is `Bot`, are flagged as bots (and
//! so is any login the [usual patterns](crate::model::people::looks_like_bot) match).
//!
//! **Duplicates.** An event whose `id` was already read (the same hour twice, or a slice of it
//! beside the whole) and a REST item whose `id` was already read are counted in `left_out` as
//! `duplicate`; so is the opening of an issue or pull request already opened (a pull request is
//! in both `issues.json` and `pulls.json`).
//!
//! **Left out** (counted in `left_out`): event types and actions of no event (by type and
//! action, `IssuesEvent labeled`), duplicates, REST items without a `user` (`no user`) and
//! reviews not yet submitted (`pending review`). A `PullRequestEvent` `closed` whose payload does
//! not say `merged` (trimmed payloads) is a merge when it has `merged_at`.
//!
//! **Members and names.** GitHub is one platform: keys carry no site name, so
//! [`PlatformImport::name`](super::platform::PlatformImport::name) only names the report. With
//! [`PlatformImport::all_users`](super::platform::PlatformImport::all_users), every login a record
//! names (authors, mergers) becomes a member, even without an event of their own.
//!
//! **Bad records.** A line that is not JSON, or an event without `type`, `created_at` (an RFC
//! 3339 time), `actor.login` or `repo.name` (`owner/name`), is a bad record; so is a REST item of
//! no known shape, or without its URL or time. Its [`CopError::Record`] names the file, the line
//! (for a REST item, the line where it starts) and the field. GH Archive files before 2015 (the
//! old Timeline schema, whose `actor` is a string) are not read: their first line is refused.
//! JSON that is broken inside a REST array ends the reading of that file.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::platform::{Act, Gathered, Person, record_error};
use crate::error::{CopError, Result};
use crate::model::community::{Space, Visibility};
use crate::model::people::Identity;

const ASK: &str = "ask";
const COMMENT: &str = "comment";
const SHARE: &str = "share";
const MERGE: &str = "merge";
const REVIEW: &str = "review";
const COMMIT: &str = "commit";
const CLOSE: &str = "close";
const REOPEN: &str = "reopen";
const RELEASE: &str = "release";
const STAR: &str = "star";
const FORK: &str = "fork";
const EDIT: &str = "edit";

/// Reads the GitHub activity at `path` (a file or a folder) into `gathered`.
pub(crate) fn read(path: &Path, gathered: &mut Gathered) -> Result<()> {
    let files = files_of(path)?;
    let mut reader = Reader::new(gathered);
    for (file, name) in &files {
        reader.file(file, name)?;
    }
    reader.finish();
    Ok(())
}

/// The files to read at `path`, each with its name in the report: the file itself, or the JSON
/// files of a folder and of its subfolders (one level), in the order of their names.
fn files_of(path: &Path) -> Result<Vec<(PathBuf, String)>> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![(path.to_path_buf(), file_name(path))]);
    }
    let mut files = Vec::new();
    for (entry, is_dir) in entries(path)? {
        if is_dir {
            for (sub, sub_is_dir) in entries(&entry)? {
                if !sub_is_dir && readable(&sub) {
                    let name = format!("{}/{}", file_name(&entry), file_name(&sub));
                    files.push((sub, name));
                }
            }
        } else if readable(&entry) {
            let name = file_name(&entry);
            files.push((entry, name));
        }
    }
    if files.is_empty() {
        let message = format!("{} holds no .json, .jsonl or .json.gz file", path.display());
        return Err(CopError::invalid("path", message));
    }
    Ok(files)
}

/// The entries of a folder (names starting with `.` left out), sorted, each with whether it is a
/// folder.
fn entries(dir: &Path) -> Result<Vec<(PathBuf, bool)>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, e))? {
        let entry = entry.map_err(|e| io_error(dir, e))?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_dir = path.is_dir();
        entries.push((path, is_dir));
    }
    entries.sort();
    Ok(entries)
}

fn readable(path: &Path) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    [".json", ".jsonl", ".json.gz", ".jsonl.gz"].iter().any(|ext| name.ends_with(ext))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn io_error(path: &Path, error: std::io::Error) -> CopError {
    CopError::Io(std::io::Error::new(error.kind(), format!("{}: {error}", path.display())))
}

/// Opens a file, through a gzip decoder when it starts as gzip does.
fn open(path: &Path) -> Result<Box<dyn BufRead>> {
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let mut input = BufReader::with_capacity(1 << 16, file);
    let head = input.fill_buf().map_err(|e| io_error(path, e))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let decoder = flate2::bufread::MultiGzDecoder::new(input);
        Ok(Box::new(BufReader::with_capacity(1 << 16, decoder)))
    } else {
        Ok(Box::new(input))
    }
}

/// Passes a byte order mark and white space; gives the first other byte (not consumed) and the
/// line ends passed.
fn skip_blank(input: &mut dyn BufRead) -> std::io::Result<(Option<u8>, u64)> {
    let mut lines = 0;
    let mut first = true;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok((None, lines));
        }
        let bom = if first && buf.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
        first = false;
        let rest = &buf[bom..];
        let blank = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        lines += memchr::memchr_iter(b'\n', &rest[..blank]).count() as u64;
        let next = rest.get(blank).copied();
        input.consume(bom + blank);
        if next.is_some() {
            return Ok((next, lines));
        }
    }
}

/// Whether a buffer starts with `{` alone on its line: one object written over several lines
/// (a saved response of one item), not JSON lines.
fn pretty_object(buf: &[u8]) -> bool {
    let line = buf.split(|&b| b == b'\n').next().unwrap_or_default();
    buf.contains(&b'\n') && line.first() == Some(&b'{') && line.iter().skip(1).all(u8::is_ascii_whitespace)
}

/// A bad field of a record: its name (`None`: the record as a whole) and what is wrong.
type Bad = (Option<&'static str>, String);

/// A value, or what is wrong with a record's field.
type Checked<T> = std::result::Result<T, Bad>;

fn missing(field: &'static str) -> Bad {
    (Some(field), "missing".to_owned())
}

/// `created_at` and the like, in seconds since the epoch.
fn time_of(field: &'static str, text: Option<&str>) -> Checked<i64> {
    let text = text.ok_or_else(|| missing(field))?;
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.timestamp())
        .map_err(|_| (Some(field), format!("not an RFC 3339 time: {text:?}")))
}

/// The domain, space and key part of a repository: `owner/name` in lower case, if it is one.
fn repo_path(owner: &str, name: &str) -> Option<String> {
    let (owner, name) = (owner.trim(), name.trim());
    let fine = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    (fine(owner) && fine(name)).then(|| format!("{}/{}", owner.to_lowercase(), name.to_lowercase()))
}

/// The repository (and the issue or pull request number, if any) of an API or web URL:
/// `https://api.github.com/repos/o/r/issues/7`, `https://github.com/o/r/pull/7#…`.
fn parse_url(url: &str) -> Option<(String, Option<u64>)> {
    let url = url.split(['#', '?']).next()?;
    let rest = match url.find("/repos/") {
        Some(i) => &url[i + "/repos/".len()..],
        None => url.split_once("://")?.1.split_once('/')?.1,
    };
    let mut parts = rest.split('/');
    let repo = repo_path(parts.next()?, parts.next()?)?;
    let number = match (parts.next(), parts.next()) {
        (Some("issues" | "pulls" | "pull"), Some(n)) => n.parse().ok(),
        _ => None,
    };
    Some((repo, number))
}

fn thread_key(repo: &str, number: u64) -> String {
    format!("gh:{repo}#{number}")
}

fn member_key(login: &str) -> String {
    format!("gh:{}", login.trim().to_lowercase())
}

/// serde_json's message without its position (the record error carries it).
fn json_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// A user object: `actor`, `user`, `merged_by`…
#[derive(Deserialize)]
struct User<'a> {
    #[serde(borrow)]
    login: Option<Cow<'a, str>>,
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
}

impl User<'_> {
    fn login(&self) -> Option<&str> {
        self.login.as_deref().filter(|l| !l.trim().is_empty())
    }
}

#[derive(Deserialize)]
struct Repo<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
}

/// An event's id: a string of digits in GH Archive (a number is taken too).
#[derive(Clone, Copy)]
struct EventId(Option<u64>);

impl<'de> Deserialize<'de> for EventId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<EventId, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = EventId;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<EventId, E> {
                Ok(EventId(v.trim().parse().ok()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<EventId, E> {
                Ok(EventId(Some(v)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<EventId, E> {
                Ok(EventId(u64::try_from(v).ok()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A line of GH Archive (or an item of a saved `/events` response): what the mapping reads.
#[derive(Deserialize)]
struct EventLine<'a> {
    id: Option<EventId>,
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    actor: Option<User<'a>>,
    #[serde(borrow)]
    repo: Option<Repo<'a>>,
    public: Option<bool>,
    #[serde(borrow)]
    created_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    payload: Option<Payload<'a>>,
}

/// The parts of the payloads of every event type that the mapping reads.
#[derive(Default, Deserialize)]
struct Payload<'a> {
    #[serde(borrow)]
    action: Option<Cow<'a, str>>,
    number: Option<u64>,
    #[serde(borrow)]
    issue: Option<Thread<'a>>,
    #[serde(borrow)]
    pull_request: Option<Thread<'a>>,
    #[serde(borrow)]
    comment: Option<Comment<'a>>,
}

/// An issue or a pull request of a payload.
#[derive(Deserialize)]
struct Thread<'a> {
    number: Option<u64>,
    #[serde(borrow)]
    user: Option<User<'a>>,
    merged: Option<bool>,
    #[serde(borrow)]
    merged_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    merged_by: Option<User<'a>>,
}

#[derive(Deserialize)]
struct Comment<'a> {
    #[serde(borrow)]
    commit_id: Option<Cow<'a, str>>,
}

/// An item of a saved REST response: the fields of every shape the mapping reads.
#[derive(Deserialize)]
struct RestItem<'a> {
    id: Option<EventId>,
    number: Option<u64>,
    #[serde(borrow)]
    user: Option<User<'a>>,
    #[serde(borrow)]
    created_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    submitted_at: Option<Cow<'a, str>>,
    state: Option<IgnoredAny>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    html_url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    repository_url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    issue_url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pull_request_url: Option<Cow<'a, str>>,
    pull_request: Option<IgnoredAny>,
    head: Option<IgnoredAny>,
    #[serde(borrow)]
    merged_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    merged_by: Option<User<'a>>,
    #[serde(borrow)]
    closed_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    closed_by: Option<User<'a>>,
    #[serde(rename = "type")]
    kind: Option<IgnoredAny>,
    actor: Option<IgnoredAny>,
}

/// Who is aimed at by an act.
enum Target {
    Nobody,
    Member(String),
    /// The author of the act's thread, once known.
    Author,
}

/// An act's time, member and repository.
struct Ctx<'r> {
    time: i64,
    member: String,
    repo: &'r str,
}

/// The kinds of REST items, for telling their ids apart.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    Issue,
    Pull,
    IssueComment,
    ReviewComment,
    Review,
}

/// A file being read: its path for errors, its name for the report.
struct Source<'f> {
    path: &'f Path,
    shown: String,
    name: &'f str,
}

impl Source<'_> {
    fn error(&self, line: u64, (field, message): Bad) -> CopError {
        record_error(&self.shown, line, field, message)
    }
}

/// The reading of one import: what is gathered, and what links records across files.
struct Reader<'g> {
    g: &'g mut Gathered,
    /// The author (member key) of each thread seen.
    authors: HashMap<String, String>,
    /// The acts whose target is their thread's author, by index.
    pending: Vec<usize>,
    /// The ids of the events read.
    events: HashSet<u64>,
    /// The ids of the REST items read.
    items: HashSet<(Shape, u64)>,
    /// The threads opened, and those merged or closed by a REST item.
    opened: HashSet<String>,
    ended: HashSet<String>,
}

impl<'g> Reader<'g> {
    fn new(g: &'g mut Gathered) -> Reader<'g> {
        Reader {
            g,
            authors: HashMap::new(),
            pending: Vec::new(),
            events: HashSet::new(),
            items: HashSet::new(),
            opened: HashSet::new(),
            ended: HashSet::new(),
        }
    }

    /// Aims the pending acts at their threads' authors.
    fn finish(self) {
        for i in self.pending {
            if let Some(act) = self.g.acts.get_mut(i)
                && let Some(thread) = &act.thread
                && let Some(author) = self.authors.get(thread)
                && *author != act.member
            {
                act.target = Some(author.clone());
            }
        }
    }

    fn file(&mut self, path: &Path, name: &str) -> Result<()> {
        let source = Source { path, shown: path.display().to_string(), name };
        let mut input = open(path)?;
        let (first, lines) = skip_blank(&mut *input).map_err(|e| io_error(path, e))?;
        match first {
            Some(b'[') => {
                let mut bytes = Vec::new();
                input.read_to_end(&mut bytes).map_err(|e| io_error(path, e))?;
                self.array(&source, &bytes, lines + 1)
            }
            Some(b'{') if pretty_object(input.fill_buf().map_err(|e| io_error(path, e))?) => {
                let mut bytes = Vec::new();
                input.read_to_end(&mut bytes).map_err(|e| io_error(path, e))?;
                self.g.read(source.name);
                match self.item(&source, lines + 1, bytes.trim_ascii()) {
                    Ok(()) => Ok(()),
                    Err(error) => self.g.bad(error),
                }
            }
            _ => self.lines(&source, input, lines),
        }
    }

    /// Reads JSON lines; `line` is the number of lines before the input.
    fn lines(&mut self, source: &Source<'_>, mut input: Box<dyn BufRead>, mut line: u64) -> Result<()> {
        let mut buf = Vec::with_capacity(1 << 12);
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf).map_err(|e| io_error(source.path, e))? == 0 {
                return Ok(());
            }
            line += 1;
            let text = buf.trim_ascii();
            if text.is_empty() {
                continue;
            }
            self.g.read(source.name);
            let done = match serde_json::from_slice::<EventLine<'_>>(text) {
                Ok(event) => self.event(&event).map_err(|bad| source.error(line, bad)),
                Err(error) => Err(source.error(line, line_fault(text, &error))),
            };
            if let Err(error) = done {
                self.g.bad(error)?;
            }
        }
    }

    /// Reads a JSON array that starts at `bytes[0]`, on line `line`.
    fn array(&mut self, source: &Source<'_>, bytes: &[u8], mut line: u64) -> Result<()> {
        let mut pos = 1;
        let mut counted = 0;
        loop {
            pos += bytes
                .get(pos..)
                .map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_whitespace()).count());
            line += memchr::memchr_iter(b'\n', bytes.get(counted..pos).unwrap_or_default()).count() as u64;
            counted = pos;
            let rest = bytes.get(pos..).unwrap_or_default();
            match rest.first() {
                Some(b']') => return Ok(()),
                None => return self.g.bad(source.error(line, (None, "the array is not closed".to_owned()))),
                Some(_) => {}
            }
            let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
            if let Some(Err(error)) = stream.next() {
                let at = line + (error.line() as u64).saturating_sub(1);
                return self.g.bad(source.error(at, (None, format!("not JSON: {}", json_message(&error)))));
            }
            let end = pos + stream.byte_offset();
            self.g.read(source.name);
            if let Err(error) = self.item(source, line, bytes.get(pos..end).unwrap_or_default()) {
                self.g.bad(error)?;
            }
            pos = end
                + bytes.get(end..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_whitespace()).count());
            match bytes.get(pos) {
                Some(b',') => pos += 1,
                Some(b']') => {}
                _ => {
                    line += memchr::memchr_iter(b'\n', bytes.get(counted..pos).unwrap_or_default()).count()
                        as u64;
                    return self
                        .g
                        .bad(source.error(line, (None, "not JSON: `,` or `]` expected".to_owned())));
                }
            }
        }
    }

    /// One item of a REST array, that starts on `line`.
    fn item(&mut self, source: &Source<'_>, line: u64, text: &[u8]) -> Result<()> {
        let at = |error: &serde_json::Error| line + (error.line() as u64).saturating_sub(1);
        let item = serde_json::from_slice::<RestItem<'_>>(text)
            .map_err(|e| source.error(at(&e), (None, json_message(&e))))?;
        if item.kind.is_some() && item.actor.is_some() {
            let event = serde_json::from_slice::<EventLine<'_>>(text)
                .map_err(|e| source.error(at(&e), line_fault(text, &e)))?;
            return self.event(&event).map_err(|bad| source.error(line, bad));
        }
        self.rest(&item).map_err(|bad| source.error(line, bad))
    }

    /// Notes a login (once), with its bot flag; gives its member key.
    fn person(&mut self, user: &User<'_>, login: &str) -> String {
        let key = member_key(login);
        let bot = login.trim().to_ascii_lowercase().ends_with("[bot]") || user.kind.as_deref() == Some("Bot");
        match self.g.people.get_mut(&key) {
            Some(person) => person.bot |= bot,
            None => {
                let login = login.trim().to_owned();
                let identity = Identity {
                    source: "github".to_owned(),
                    name: login.clone(),
                    email: String::new(),
                    login,
                };
                self.g.people.insert(key.clone(), Person { identity, bot, ..Person::default() });
            }
        }
        key
    }

    /// Notes a repository as a space (once; a private sighting makes it private).
    fn repo(&mut self, repo: &str, public: bool) {
        let visibility = if public { Visibility::Public } else { Visibility::Private };
        self.g.space(Space { name: repo.to_owned(), visibility });
    }

    /// Notes the author of a thread, if the record names one; gives the target of acts on it.
    fn author(&mut self, thread: &str, user: Option<&User<'_>>) -> Target {
        match user.and_then(|u| u.login().map(|l| (u, l))) {
            Some((user, login)) => {
                let key = self.person(user, login);
                self.authors.insert(thread.to_owned(), key.clone());
                Target::Member(key)
            }
            None => Target::Author,
        }
    }

    fn act(&mut self, c: &Ctx<'_>, kind: &'static str, target: Target, thread: Option<String>) {
        let target = match target {
            Target::Nobody => None,
            Target::Member(key) => Some(key).filter(|k| *k != c.member),
            Target::Author => {
                self.pending.push(self.g.acts.len());
                None
            }
        };
        let member = c.member.clone();
        let domain = Some(c.repo.to_owned());
        self.g.acts.push(Act { time: c.time, kind, member, target, thread, domain });
    }

    /// Records the opening of a thread by `c.member`, once.
    fn open(&mut self, c: &Ctx<'_>, kind: &'static str, thread: String) {
        if self.opened.insert(thread.clone()) {
            self.authors.entry(thread.clone()).or_insert_with(|| c.member.clone());
            self.act(c, kind, Target::Nobody, Some(thread));
        } else {
            self.g.leave_out("duplicate");
        }
    }
}

/// What is wrong with a line (or an event item) that does not read as an event.
fn line_fault(text: &[u8], error: &serde_json::Error) -> Bad {
    let value: serde_json::Value = match serde_json::from_slice(text) {
        Ok(value) => value,
        Err(e) => return (None, format!("not JSON: {}", json_message(&e))),
    };
    for field in ["type", "created_at", "actor.login", "repo.name"] {
        let found = field.split('.').try_fold(&value, |v, k| v.get(k));
        match found {
            Some(serde_json::Value::String(_)) => {}
            None if field == "actor.login" && value.get("actor").is_some_and(|a| a.is_string()) => {
                let message =
                    "`actor` is a string: the Timeline schema of GH Archive before 2015 is not read";
                return (Some("actor.login"), message.to_owned());
            }
            None => return missing(field_name(field)),
            Some(other) => return (Some(field_name(field)), format!("not a string: {other}")),
        }
    }
    (Some("payload"), json_message(error))
}

fn field_name(field: &str) -> &'static str {
    ["type", "created_at", "actor.login", "repo.name"].into_iter().find(|f| *f == field).unwrap_or("payload")
}

impl Reader<'_> {
    /// An event of GH Archive (or of a saved `/events` response).
    fn event(&mut self, e: &EventLine<'_>) -> Checked<()> {
        let kind = e.kind.as_deref().ok_or_else(|| missing("type"))?;
        let time = time_of("created_at", e.created_at.as_deref())?;
        let actor = e.actor.as_ref().ok_or_else(|| missing("actor.login"))?;
        let login = actor.login().ok_or_else(|| missing("actor.login"))?;
        let name = e.repo.as_ref().and_then(|r| r.name.as_deref()).ok_or_else(|| missing("repo.name"))?;
        let repo = name
            .split_once('/')
            .and_then(|(owner, name)| repo_path(owner, name))
            .ok_or_else(|| (Some("repo.name"), format!("not owner/name: {name:?}")))?;
        let id = e.id.and_then(|id| id.0);
        if id.is_some_and(|id| self.events.contains(&id)) {
            self.g.leave_out("duplicate");
            return Ok(());
        }
        // Nothing of a bad record is kept: the actor and the repository are noted once it is read.
        let c = Ctx { time, member: member_key(login), repo: &repo };
        let empty = Payload::default();
        let p = e.payload.as_ref().unwrap_or(&empty);
        let action = p.action.as_deref();
        let done = match kind {
            "IssuesEvent" | "IssueCommentEvent" => self.on_issue(&c, kind, action, p),
            "PullRequestEvent" => self.on_pull(&c, action, p),
            "PullRequestReviewEvent" | "PullRequestReviewCommentEvent" => self.on_review(&c, kind, action, p),
            "CommitCommentEvent" => {
                let sha = p
                    .comment
                    .as_ref()
                    .and_then(|comment| comment.commit_id.as_deref())
                    .filter(|s| !s.is_empty());
                let thread = sha.map(|sha| format!("gh:{repo}@{}", sha.to_lowercase()));
                self.act(&c, COMMENT, Target::Nobody, thread);
                Ok(())
            }
            "ReleaseEvent" if matches!(action, None | Some("published")) => self.plain(&c, RELEASE),
            "PushEvent" => self.plain(&c, COMMIT),
            "WatchEvent" => self.plain(&c, STAR),
            "ForkEvent" => self.plain(&c, FORK),
            "GollumEvent" => self.plain(&c, EDIT),
            other => {
                self.leave_out(other, action);
                Ok(())
            }
        };
        done?;
        if let Some(id) = id {
            self.events.insert(id);
        }
        self.person(actor, login);
        self.repo(&repo, e.public != Some(false));
        Ok(())
    }

    fn plain(&mut self, c: &Ctx<'_>, kind: &'static str) -> Checked<()> {
        self.act(c, kind, Target::Nobody, None);
        Ok(())
    }

    /// Counts an event that makes no event, by type and action.
    fn leave_out(&mut self, kind: &str, action: Option<&str>) {
        match action {
            Some(action) => self.g.leave_out(&format!("{kind} {action}")),
            None => self.g.leave_out(kind),
        }
    }

    fn on_issue(&mut self, c: &Ctx<'_>, kind: &str, action: Option<&str>, p: &Payload<'_>) -> Checked<()> {
        let issue = p.issue.as_ref().ok_or_else(|| missing("payload.issue"))?;
        let number = issue.number.ok_or_else(|| missing("payload.issue.number"))?;
        let thread = thread_key(c.repo, number);
        let author = self.author(&thread, issue.user.as_ref());
        match (kind, action) {
            ("IssuesEvent", Some("opened")) => self.open(c, ASK, thread),
            ("IssuesEvent", Some("closed")) => self.act(c, CLOSE, author, Some(thread)),
            ("IssuesEvent", Some("reopened")) => self.act(c, REOPEN, author, Some(thread)),
            ("IssueCommentEvent", Some("created")) => self.act(c, COMMENT, author, Some(thread)),
            _ => self.leave_out(kind, action),
        }
        Ok(())
    }

    fn on_pull(&mut self, c: &Ctx<'_>, action: Option<&str>, p: &Payload<'_>) -> Checked<()> {
        let pull = p.pull_request.as_ref();
        let number = p.number.or(pull.and_then(|p| p.number)).ok_or_else(|| missing("payload.number"))?;
        let thread = thread_key(c.repo, number);
        let author = self.author(&thread, pull.and_then(|p| p.user.as_ref()));
        let merged = pull.is_some_and(|p| p.merged.unwrap_or(p.merged_at.is_some()));
        match action {
            Some("opened") => self.open(c, SHARE, thread),
            Some("closed") if merged => {
                let by = pull.and_then(|p| p.merged_by.as_ref()).and_then(|u| u.login().map(|l| (u, l)));
                let member = match by {
                    Some((user, login)) => self.person(user, login),
                    None => c.member.clone(),
                };
                let by = Ctx { member, ..*c };
                self.act(&by, MERGE, author, Some(thread));
            }
            Some("closed") => self.act(c, CLOSE, author, Some(thread)),
            Some("reopened") => self.act(c, REOPEN, author, Some(thread)),
            _ => self.leave_out("PullRequestEvent", action),
        }
        Ok(())
    }

    fn on_review(&mut self, c: &Ctx<'_>, kind: &str, action: Option<&str>, p: &Payload<'_>) -> Checked<()> {
        if !matches!(action, None | Some("created" | "submitted")) {
            self.leave_out(kind, action);
            return Ok(());
        }
        let pull = p.pull_request.as_ref().ok_or_else(|| missing("payload.pull_request"))?;
        let number = pull.number.ok_or_else(|| missing("payload.pull_request.number"))?;
        let thread = thread_key(c.repo, number);
        let author = self.author(&thread, pull.user.as_ref());
        let kind = if kind == "PullRequestReviewEvent" { REVIEW } else { COMMENT };
        self.act(c, kind, author, Some(thread));
        Ok(())
    }
}

impl Reader<'_> {
    /// An item of a saved REST response.
    fn rest(&mut self, item: &RestItem<'_>) -> Checked<()> {
        if let Some(url) = item.pull_request_url.as_deref() {
            let (repo, number) = numbered(url, "pull_request_url")?;
            return match item.state {
                Some(_) => self.rest_reply(item, Shape::Review, &repo, number),
                None => self.rest_reply(item, Shape::ReviewComment, &repo, number),
            };
        }
        if let Some(number) = item.number {
            return self.rest_thread(item, number);
        }
        if let Some(url) = item.issue_url.as_deref() {
            let (repo, number) = numbered(url, "issue_url")?;
            return self.rest_reply(item, Shape::IssueComment, &repo, number);
        }
        let message = "not an issue, pull request, comment, review or event of the GitHub REST API";
        Err((None, message.to_owned()))
    }

    /// Whether an item was read already (counted as a duplicate).
    fn seen(&mut self, shape: Shape, id: Option<EventId>) -> bool {
        let seen = id.and_then(|id| id.0).is_some_and(|id| !self.items.insert((shape, id)));
        if seen {
            self.g.leave_out("duplicate");
        }
        seen
    }

    /// The member key of an item's `user`, if it has one (else the item is counted as left out).
    fn rest_user(&mut self, item: &RestItem<'_>) -> Option<String> {
        match item.user.as_ref().and_then(|u| u.login().map(|l| (u, l))) {
            Some((user, login)) => Some(self.person(user, login)),
            None => {
                self.g.leave_out("no user");
                None
            }
        }
    }

    /// An issue or a pull request: its opening, and its merge or close when the item says who.
    fn rest_thread(&mut self, item: &RestItem<'_>, number: u64) -> Checked<()> {
        let (field, url) =
            [("repository_url", &item.repository_url), ("url", &item.url), ("html_url", &item.html_url)]
                .into_iter()
                .find_map(|(field, url)| url.as_deref().map(|url| (field, url)))
                .ok_or_else(|| missing("repository_url"))?;
        let (repo, _) =
            parse_url(url).ok_or_else(|| (Some(field), format!("not a repository's URL: {url:?}")))?;
        let time = time_of("created_at", item.created_at.as_deref())?;
        let pull = item.head.is_some() || item.pull_request.is_some();
        let (by, field, at, kind) = if pull {
            (&item.merged_by, "merged_at", &item.merged_at, MERGE)
        } else {
            (&item.closed_by, "closed_at", &item.closed_at, CLOSE)
        };
        let end = match by.as_ref().and_then(|u| u.login().map(|l| (u, l))) {
            Some((user, login)) => Some((user, login, time_of(field, at.as_deref())?)),
            None => None,
        };
        let shape = if item.head.is_some() { Shape::Pull } else { Shape::Issue };
        if self.seen(shape, item.id) {
            return Ok(());
        }
        let Some(member) = self.rest_user(item) else { return Ok(()) };
        let thread = thread_key(&repo, number);
        self.authors.insert(thread.clone(), member.clone());
        self.repo(&repo, true);
        let c = Ctx { time, member: member.clone(), repo: &repo };
        self.open(&c, if pull { SHARE } else { ASK }, thread.clone());
        if let Some((user, login, time)) = end
            && self.ended.insert(thread.clone())
        {
            let c = Ctx { time, member: self.person(user, login), repo: &repo };
            self.act(&c, kind, Target::Member(member), Some(thread));
        }
        Ok(())
    }

    /// A comment or a review on issue or pull request `number` of `repo`.
    fn rest_reply(&mut self, item: &RestItem<'_>, shape: Shape, repo: &str, number: u64) -> Checked<()> {
        let (field, at, kind) = match shape {
            Shape::Review => ("submitted_at", &item.submitted_at, REVIEW),
            _ => ("created_at", &item.created_at, COMMENT),
        };
        if shape == Shape::Review && at.is_none() {
            self.g.leave_out("pending review");
            return Ok(());
        }
        let time = time_of(field, at.as_deref())?;
        if self.seen(shape, item.id) {
            return Ok(());
        }
        let Some(member) = self.rest_user(item) else { return Ok(()) };
        self.repo(repo, true);
        let c = Ctx { time, member, repo };
        self.act(&c, kind, Target::Author, Some(thread_key(repo, number)));
        Ok(())
    }
}

/// The repository and number of an issue's or pull request's URL.
fn numbered(url: &str, field: &'static str) -> Checked<(String, u64)> {
    match parse_url(url) {
        Some((repo, Some(number))) => Ok((repo, number)),
        _ => Err((Some(field), format!("not the URL of an issue or pull request: {url:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::ingest::platform::Platform;

    fn gather(path: &Path, skip: bool) -> Result<Gathered> {
        let mut gathered = Gathered::new(Platform::GitHub, "test".to_owned(), skip);
        read(path, &mut gathered)?;
        Ok(gathered)
    }

    /// A temporary folder, removed when dropped.
    struct Temp(PathBuf);

    impl Temp {
        fn new(name: &str) -> Temp {
            let dir = std::env::temp_dir().join(format!("cop-github-{name}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            Temp(dir)
        }

        fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.0.join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        }
    }

    impl Drop for Temp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const PUSH: &str = r#"{"id":"7","type":"PushEvent","actor":{"login":"Ada"},"repo":{"name":"O/R"},"payload":{},"created_at":"2015-01-01T12:00:00Z"}"#;

    #[test]
    fn urls() {
        let api = parse_url("https://api.github.com/repos/Octo/Hello-World/issues/1347");
        assert_eq!(api, Some(("octo/hello-world".to_owned(), Some(1347))));
        let web = parse_url("https://github.com/octo/hello/pull/12#pullrequestreview-80");
        assert_eq!(web, Some(("octo/hello".to_owned(), Some(12))));
        let enterprise = parse_url("https://ghe.example.com/api/v3/repos/o/r/pulls/3");
        assert_eq!(enterprise, Some(("o/r".to_owned(), Some(3))));
        assert_eq!(parse_url("https://api.github.com/repos/o/r"), Some(("o/r".to_owned(), None)));
        let comment = parse_url("https://api.github.com/repos/o/r/issues/comments/9");
        assert_eq!(comment, Some(("o/r".to_owned(), None)));
        assert_eq!(parse_url("https://api.github.com/repos/o"), None);
        assert_eq!(parse_url("nonsense"), None);
    }

    #[test]
    fn gzip_and_plain_read_alike() {
        let temp = Temp::new("gzip");
        let text = format!("\u{feff}\n{PUSH}\n\n{}\n", PUSH.replace("\"7\"", "\"8\""));
        let plain = temp.write("a.json", text.as_bytes());
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(text.as_bytes()).unwrap();
        // The extension does not matter: gzip is told by its first bytes.
        let gz = temp.write("b.jsonl", &encoder.finish().unwrap());
        for path in [&plain, &gz] {
            let g = gather(path, false).unwrap();
            assert_eq!(g.acts.len(), 2);
            assert_eq!(g.acts[0].member, "gh:ada");
            assert_eq!(g.acts[0].domain.as_deref(), Some("o/r"));
            assert_eq!(g.people["gh:ada"].identity.login, "Ada");
        }
        // A folder: both files, the second's events are duplicates.
        let g = gather(&temp.0, false).unwrap();
        assert_eq!((g.acts.len(), g.report.left_out.get("duplicate")), (2, Some(&2)));
    }

    #[test]
    fn bad_lines_name_their_line_and_field() {
        let temp = Temp::new("bad");
        let cases = [
            ("{\"type\": ", None, "not JSON"),
            (
                r#"{"type":"PushEvent","actor":"ada","repo":{"name":"o/r"},"created_at":"2012-01-01T00:00:00Z"}"#,
                Some("actor.login"),
                "Timeline",
            ),
            (
                r#"{"type":"PushEvent","actor":{"login":7},"repo":{"name":"o/r"},"created_at":"2015-01-01T00:00:00Z"}"#,
                Some("actor.login"),
                "not a string",
            ),
            (
                r#"{"type":"PushEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"noon"}"#,
                Some("created_at"),
                "RFC 3339",
            ),
            (
                r#"{"type":"PushEvent","actor":{"login":"a"},"repo":{"name":"or"},"created_at":"2015-01-01T00:00:00Z"}"#,
                Some("repo.name"),
                "owner/name",
            ),
            (
                r#"{"actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2015-01-01T00:00:00Z"}"#,
                Some("type"),
                "missing",
            ),
            (
                r#"{"type":"IssuesEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2015-01-01T00:00:00Z","payload":{"action":"opened"}}"#,
                Some("payload.issue"),
                "missing",
            ),
            (
                r#"{"type":"IssuesEvent","actor":{"login":"a"},"repo":{"name":"o/r"},"created_at":"2015-01-01T00:00:00Z","payload":{"issue":7}}"#,
                Some("payload"),
                "invalid type",
            ),
        ];
        for (line, field, message) in cases {
            let path = temp.write("bad.json", format!("{PUSH}\n{line}\n").as_bytes());
            let Err(CopError::Record(error)) = gather(&path, false) else { panic!("{line}") };
            assert_eq!((error.line, error.field.as_deref()), (2, field), "{line}: {error:?}");
            assert!(error.message.contains(message), "{line}: {error:?}");
            let skipped = gather(&path, true).unwrap();
            assert_eq!((skipped.acts.len(), skipped.report.skipped.len()), (1, 1));
            // Nothing of the bad line is kept: its actor is no person.
            assert_eq!(skipped.people.keys().collect::<Vec<_>>(), ["gh:ada"]);
        }
    }

    #[test]
    fn arrays() {
        let temp = Temp::new("arrays");
        let empty = temp.write("empty.json", b" [ ]\n");
        assert!(gather(&empty, false).unwrap().acts.is_empty());
        let open = temp.write("open.json", b"[\n  {\"id\": 1,\n");
        let Err(CopError::Record(error)) = gather(&open, false) else { panic!() };
        assert!(error.message.contains("not JSON") && error.line == 3, "{error:?}");
        let events = temp.write("events.json", format!("[{PUSH},\n{{\"what\": 1}}]").as_bytes());
        let Err(CopError::Record(error)) = gather(&events, false) else { panic!() };
        assert_eq!((error.line, error.field.as_deref()), (2, None));
        let g = gather(&events, true).unwrap();
        assert_eq!((g.acts.len(), g.report.skipped.len()), (1, 1));
        // One pull request, as `GET /repos/o/r/pulls/5` gives it.
        let single = temp.write(
            "pull.json",
            br#"{
  "url": "https://api.github.com/repos/o/r/pulls/5", "number": 5, "head": {}, "user": {"login": "A"},
  "created_at": "2024-01-01T00:00:00Z", "merged_at": "2024-01-02T00:00:00Z", "merged_by": {"login": "b"}
}
"#,
        );
        let g = gather(&single, false).unwrap();
        let acts: Vec<_> =
            g.acts.iter().map(|a| (a.kind, a.member.as_str(), a.target.as_deref(), a.time)).collect();
        assert_eq!(acts, [("share", "gh:a", None, 1704067200), ("merge", "gh:b", Some("gh:a"), 1704153600)]);
        assert_eq!(g.acts[1].thread.as_deref(), Some("gh:o/r#5"));
    }

    #[test]
    fn folders_without_json_are_refused() {
        let temp = Temp::new("nojson");
        temp.write("notes.txt", b"hello");
        temp.write(".hidden.json", b"[]");
        let error = gather(&temp.0, false).err().unwrap();
        assert!(error.to_string().contains("no .json"), "{error}");
    }
}
