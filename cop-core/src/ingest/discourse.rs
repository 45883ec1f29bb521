//! Reading a Discourse forum from saved responses of its JSON API:
//! [`Platform::Discourse`](super::platform::Platform::Discourse) through
//! [`Landscape::import_platform`](crate::Landscape::import_platform).
//!
//! The path is a folder (searched with its sub-folders, so a mirror of the URLs such as
//! `t/2144/posts.json` works) or a single `.json` file. Each file is recognised by its shape, not
//! by its name:
//!
//! | shape | endpoint | what is read |
//! |---|---|---|
//! | `post_stream.posts` and a top-level `id` | `/t/{id}.json`, `/t/{id}/{n}.json`, `/t/{id}/posts.json` | the posts; the topic's `category_id` and its author (`details.created_by`) when present |
//! | `latest_posts` | `/posts.json` | the posts (each with its `topic_id` and `category_id`) |
//! | `category_list.categories` (with `subcategory_list` and `subcategory_ids`) | `/categories.json` | the categories: slug, parent, `read_restricted` |
//! | `categories` | `/site.json` | the same, parents by `parent_category_id` |
//!
//! Other `.json` files are counted in [`PlatformReport::left_out`](super::platform::PlatformReport::left_out)
//! as `unrecognised file`; a path with no Discourse response at all is an error. Each file is read
//! whole (one API response) and parsed without copying its text: memory grows with the number of
//! posts kept, never with the size of the posts' HTML.
//!
//! **The same post in several files** (pages of a topic overlap; `/posts.json` repeats recent
//! posts) is recorded once, as its first file (in path order) has it: posts are de-duplicated by
//! `id` and each further copy is counted as `duplicate post` in `left_out`.
//!
//! ## Mapping
//!
//! `<forum>` is [`PlatformImport::name`](super::platform::PlatformImport::name) (default: the
//! folder's or file's name). The community is [`PlatformImport::community`](super::platform::PlatformImport::community)
//! for every event.
//!
//! | source record | event kind | member | target | thread | domain | time |
//! |---|---|---|---|---|---|---|
//! | post with `post_number` 1 (the opening post) | `ask` | its author | — | the topic | the topic's category | `created_at` |
//! | later post replying to the topic (`reply_to_post_number` absent, null or 1) | `answer` | its author | the topic's author | the topic | the topic's category | `created_at` |
//! | later post replying to a later post (`reply_to_post_number` > 1) | `comment` | its author | that post's author (see below) | the topic | the topic's category | `created_at` |
//! | post with `accepted_answer: true` (Solved plugin) | `accept` | the topic's author | the post's author | the topic | the topic's category | the post's `created_at` |
//! | a category (`categories.json`, `site.json`, or only a `category_id`) | no event: a space of the community, private when `read_restricted` | | | | | |
//! | `actions_summary` entry `id: 2` (likes) | no event: `count` likes are counted as `like (liker unknown)` in `left_out` | | | | | |
//!
//! - **Keys.** Members are `dc:<forum>:<username in lower case>` (Discourse usernames are unique
//!   without regard to case, and they are what people see; a renamed user is two members).
//!   Threads are `dc:<forum>:<topic id>`.
//! - **Identity.** `{source: "discourse:<forum>", name: the post's name (its username when the
//!   name is null or empty), login: the username as written, email: ""}`: the API gives no
//!   address. The source names the forum, because a username is one forum's: the same login on
//!   two forums is not merged by the identity rules.
//! - **Anonymous posting.** `anonymous45`, `anonymous105`… are Discourse's anonymous-mode shadow
//!   accounts. The API does not link them to the real account, so each is a member of its own.
//! - **Bots and staff.** `system` and `discobot` (or any `user_id` ≤ 0) are bots; a post with
//!   `staff`, `admin` or `moderator` true makes its author staff.
//! - **Answer or comment.** Discourse topics are flat: every post is a reply, and
//!   `reply_to_post_number` says to which post. A reply to the topic itself contributes to what
//!   the opening post asked: an `answer` to the topic's author, as on a Q&A site. A reply to a
//!   later post is a turn of conversation about a contribution: a `comment` to that post's author,
//!   as a Stack Exchange comment is. So a long discussion is mostly comments, and a topic whose
//!   replies all address the opening post (support, Q&A) mostly answers.
//! - **Target of a reply.** The author of the post it replies to when that post is in the files;
//!   else `reply_to_user.username` when given (newer schemas); else the topic's author when known
//!   (the opening post, or the topic's `details.created_by`). Never the author himself: a reply to
//!   one's own post has no target.
//! - **Accepts.** The API says which post was accepted, not when: the accept is put at the accepted
//!   post's `created_at`, the earliest moment it could have happened. An accepted post whose
//!   topic's author is unknown is counted as `accept without the topic's author`; accepting one's
//!   own post is an accept without a target.
//! - **Likes.** `actions_summary` counts likes (`id: 2`) without saying who liked: no `react`
//!   event can be recorded for an unknown member, so they are only counted.
//! - **Domain.** The topic's category (the topic's `category_id`, else that of any of its posts,
//!   `_category_id` in old schemas): its slug, under its parents' slugs (`parent/child`) when the
//!   categories are known; `category-<id>` when only the id is known; none when no post says.
//!   Tags are not domains.
//! - **Left out** (counted in `left_out` by reason): deleted posts (`deleted_at` set, or
//!   `user_deleted` true) as `deleted post`; moderator-action and small-action posts
//!   (`post_type` 2 and 3: "closed this topic" and the like) as `action post`; posts without a
//!   username as `deleted user`.
//! - **Time.** `created_at`, RFC 3339 (`2026-01-21T23:29:42.524Z`), to the second.
//!
//! **Bad records.** A post without `id`, `topic_id` (in `/posts.json`), `post_number` or
//! `created_at`, a field of the wrong type or a date that cannot be read is a bad record: the error
//! names the file, the line and column of the value (with its byte offset in the message, since
//! API responses are often one long line) and the field. JSON that does not parse makes the whole
//! file a bad record.
//!
//! ```no_run
//! use cop_core::Landscape;
//! use cop_core::ingest::platform::{Platform, PlatformImport};
//!
//! let mut landscape = Landscape::new();
//! let options = PlatformImport::default().name("meta");
//! let report = landscape.import_platform(Platform::Discourse, "saved-api".as_ref(), &options)?;
//! println!("{} events: {:?}, left out: {:?}", report.recorded, report.events, report.left_out);
//! # Ok::<(), cop_core::CopError>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::platform::{Act, Gathered, Person, record_error};
use crate::error::{CopError, Result};
use crate::limits::echo;
use crate::model::community::{Space, Visibility};
use crate::model::people::Identity;

/// How deep folders are searched, and categories nested.
const MAX_DEPTH: usize = 8;

/// Reads the Discourse responses at `path` into `gathered`.
pub(crate) fn read(path: &Path, gathered: &mut Gathered) -> Result<()> {
    let files = json_files(path)?;
    let mut forum = Forum::default();
    for (name, file) in &files {
        let bytes = std::fs::read(file).map_err(|e| io_error(file, e))?;
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&bytes[..]);
        let doc = Doc { file: file.display().to_string(), name, bytes };
        if let Err(error) = forum.read_doc(&doc, gathered) {
            gathered.bad(error)?;
        }
    }
    if forum.responses == 0 {
        return Err(CopError::invalid(
            "path",
            format!("{}: no Discourse API response (topic, posts or categories JSON)", path.display()),
        ));
    }
    forum.gather(gathered);
    Ok(())
}

/// The `.json` files at `path` with their names relative to it, in path order.
fn json_files(path: &Path) -> Result<Vec<(String, PathBuf)>> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_file() {
        let name = path.file_name().map_or_else(|| "export.json".into(), |n| n.to_string_lossy());
        return Ok(vec![(name.into_owned(), path.to_path_buf())]);
    }
    let mut files = Vec::new();
    let mut folders = vec![(String::new(), path.to_path_buf(), 0)];
    while let Some((prefix, folder, depth)) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| io_error(&folder, e))? {
            let entry = entry.map_err(|e| io_error(&folder, e))?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().map_err(|e| io_error(&entry.path(), e))?;
            if kind.is_dir() && depth < MAX_DEPTH {
                folders.push((format!("{name}/"), entry.path(), depth + 1));
            } else if name.to_ascii_lowercase().ends_with(".json") && entry.path().is_file() {
                files.push((name, entry.path()));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn io_error(path: &Path, error: std::io::Error) -> CopError {
    CopError::Io(std::io::Error::new(error.kind(), format!("{}: {error}", path.display())))
}

/// One file: its name for errors and for the report, and its bytes.
struct Doc<'a> {
    /// The path, as errors name it.
    file: String,
    /// The path relative to the export, as the report counts it.
    name: &'a str,
    bytes: &'a [u8],
}

impl Doc<'_> {
    /// The byte offset of a value parsed from this file.
    fn offset(&self, raw: &RawValue) -> usize {
        (raw.get().as_ptr() as usize)
            .checked_sub(self.bytes.as_ptr() as usize)
            .filter(|&o| o <= self.bytes.len())
            .unwrap_or(0)
    }

    /// A bad record at byte `offset`: its line and column, the field and what was wrong.
    fn error_at(&self, offset: usize, field: Option<&str>, message: &str) -> CopError {
        let before = self.bytes.get(..offset).unwrap_or_default();
        let line = 1 + memchr::memchr_iter(b'\n', before).count() as u64;
        let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(before.get(start..).unwrap_or_default()).chars().count() + 1;
        let mut error = record_error(&self.file, line, field, format!("{message} (byte {offset})"));
        if let CopError::Record(record) = &mut error {
            record.column = u32::try_from(column).ok();
        }
        error
    }

    fn error(&self, raw: &RawValue, field: &str, message: &str) -> CopError {
        self.error_at(self.offset(raw), Some(field), message)
    }

    /// Parses a value of this file as `T`; an error names `field`.
    fn parse<'a, T: Deserialize<'a>>(&self, raw: &'a RawValue, field: &str) -> Result<T> {
        serde_json::from_str(raw.get()).map_err(|e| self.error(raw, field, &json_message(&e)))
    }

    /// An optional integer (absent or null: `None`).
    fn int(&self, raw: Option<&RawValue>, field: &str) -> Result<Option<i64>> {
        match raw.map(|r| (r, r.get().trim())) {
            None | Some((_, "null")) => Ok(None),
            Some((raw, text)) => text
                .parse()
                .map(Some)
                .map_err(|_| self.error(raw, field, &format!("not an integer: {}", echo(text)))),
        }
    }

    /// A required integer of the record at `record`.
    fn required_int(&self, record: &RawValue, raw: Option<&RawValue>, field: &str) -> Result<i64> {
        self.int(raw, field)?.ok_or_else(|| self.error(record, field, "missing"))
    }

    /// An optional string (absent or null: `None`).
    fn text<'a>(&self, raw: Option<&'a RawValue>, field: &str) -> Result<Option<Cow<'a, str>>> {
        raw.map_or(Ok(None), |raw| self.parse(raw, field))
    }

    /// An optional boolean (absent or null: `false`).
    fn flag(&self, raw: Option<&RawValue>, field: &str) -> Result<bool> {
        Ok(raw.map_or(Ok(None), |raw| self.parse::<Option<bool>>(raw, field))?.unwrap_or(false))
    }

    /// The required time of the record at `record`, in seconds since the epoch.
    fn time(&self, record: &RawValue, raw: Option<&RawValue>, field: &str) -> Result<i64> {
        let text = self.text(raw, field)?;
        let (Some(raw), Some(text)) = (raw, text) else { return Err(self.error(record, field, "missing")) };
        chrono::DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|t| t.timestamp())
            .filter(|&t| crate::limits::time_in_range(t))
            .ok_or_else(|| self.error(raw, field, &format!("not an RFC 3339 date: `{}`", echo(&text))))
    }
}

fn json_message(error: &serde_json::Error) -> String {
    // serde_json appends " at line L column C" (within the value); the error gives the value's.
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The top-level fields of a response that say what it is.
#[derive(Deserialize)]
struct Response<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    category_id: Option<&'a RawValue>,
    #[serde(borrow)]
    details: Option<&'a RawValue>,
    #[serde(borrow)]
    post_stream: Option<&'a RawValue>,
    #[serde(borrow)]
    latest_posts: Option<&'a RawValue>,
    #[serde(borrow)]
    category_list: Option<&'a RawValue>,
    #[serde(borrow)]
    categories: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct PostStream<'a> {
    #[serde(borrow, default)]
    posts: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct CategoryList<'a> {
    #[serde(borrow, default)]
    categories: Option<Vec<&'a RawValue>>,
}

/// A user as `reply_to_user` and `details.created_by` give one.
#[derive(Deserialize)]
struct UserRef<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    username: Option<&'a RawValue>,
    #[serde(borrow)]
    name: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Details<'a> {
    #[serde(borrow)]
    created_by: Option<&'a RawValue>,
}

/// The fields of a post that are read.
#[derive(Deserialize)]
struct RawPost<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    topic_id: Option<&'a RawValue>,
    #[serde(borrow)]
    post_number: Option<&'a RawValue>,
    #[serde(borrow)]
    created_at: Option<&'a RawValue>,
    #[serde(borrow)]
    username: Option<&'a RawValue>,
    #[serde(borrow)]
    name: Option<&'a RawValue>,
    #[serde(borrow)]
    user_id: Option<&'a RawValue>,
    #[serde(borrow)]
    reply_to_post_number: Option<&'a RawValue>,
    #[serde(borrow)]
    reply_to_user: Option<&'a RawValue>,
    #[serde(borrow)]
    deleted_at: Option<&'a RawValue>,
    #[serde(borrow)]
    user_deleted: Option<&'a RawValue>,
    #[serde(borrow)]
    post_type: Option<&'a RawValue>,
    #[serde(borrow)]
    staff: Option<&'a RawValue>,
    #[serde(borrow)]
    admin: Option<&'a RawValue>,
    #[serde(borrow)]
    moderator: Option<&'a RawValue>,
    #[serde(borrow)]
    accepted_answer: Option<&'a RawValue>,
    #[serde(borrow)]
    actions_summary: Option<&'a RawValue>,
    #[serde(borrow)]
    category_id: Option<&'a RawValue>,
    #[serde(borrow, rename = "_category_id")]
    old_category_id: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct Action<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    count: Option<&'a RawValue>,
}

/// The fields of a category that are read.
#[derive(Deserialize)]
struct RawCategory<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    slug: Option<&'a RawValue>,
    #[serde(borrow)]
    read_restricted: Option<&'a RawValue>,
    #[serde(borrow)]
    parent_category_id: Option<&'a RawValue>,
    #[serde(borrow)]
    subcategory_ids: Option<&'a RawValue>,
    #[serde(borrow)]
    subcategory_list: Option<&'a RawValue>,
}

/// What is kept of a post.
struct Post {
    topic: i64,
    number: i64,
    time: i64,
    /// The author's username as written (`None`: a deleted user).
    author: Option<String>,
    reply_to: Option<i64>,
    /// `reply_to_user.username`.
    reply_to_user: Option<String>,
    accepted: bool,
    likes: u64,
    /// Why it makes no event, if it makes none.
    left_out: Option<&'static str>,
}

#[derive(Default)]
struct Topic {
    category: Option<i64>,
    /// `details.created_by.username`.
    author: Option<String>,
}

struct Category {
    slug: String,
    parent: Option<i64>,
    restricted: bool,
}

/// What the files say, before any event is made.
#[derive(Default)]
struct Forum {
    /// Responses recognised.
    responses: usize,
    posts: HashMap<i64, Post>,
    topics: HashMap<i64, Topic>,
    categories: HashMap<i64, Category>,
    /// Parents that `subcategory_ids` give.
    parents: HashMap<i64, i64>,
}

/// A user that `reply_to_user` or `details.created_by` names: username, name and id.
type UserSeen = (String, Option<String>, Option<i64>);

impl Forum {
    /// Reads one file: a topic, a list of posts, or categories.
    fn read_doc(&mut self, doc: &Doc<'_>, gathered: &mut Gathered) -> Result<()> {
        let response: Response<'_> = match serde_json::from_slice(doc.bytes) {
            Ok(response) => response,
            Err(e) if e.is_data() => {
                gathered.leave_out("unrecognised file");
                return Ok(());
            }
            Err(e) => {
                let mut error =
                    record_error(&doc.file, e.line() as u64, None, format!("bad JSON: {}", json_message(&e)));
                if let CopError::Record(record) = &mut error {
                    record.column = u32::try_from(e.column()).ok();
                }
                return Err(error);
            }
        };
        let mut recognised = false;
        for (raw, field) in [(response.category_list, "category_list"), (response.categories, "categories")] {
            let Some(raw) = raw else { continue };
            let list = if field == "categories" {
                doc.parse::<Option<Vec<&RawValue>>>(raw, field)?
            } else {
                doc.parse::<Option<CategoryList<'_>>>(raw, field)?.and_then(|l| l.categories)
            };
            self.read_categories(doc, list.unwrap_or_default(), None, 0, gathered)?;
            recognised = true;
        }
        if let Some(raw) = response.post_stream {
            let topic = doc.int(response.id, "id")?;
            if let Some(topic) = topic {
                self.read_topic(doc, topic, &response, gathered)?;
            }
            let posts = doc.parse::<Option<PostStream<'_>>>(raw, "post_stream")?.and_then(|s| s.posts);
            self.read_posts(doc, posts.unwrap_or_default(), topic, gathered)?;
            recognised = true;
        }
        if let Some(raw) = response.latest_posts {
            let posts = doc.parse::<Option<Vec<&RawValue>>>(raw, "latest_posts")?;
            self.read_posts(doc, posts.unwrap_or_default(), None, gathered)?;
            recognised = true;
        }
        if recognised {
            self.responses += 1;
        } else {
            gathered.leave_out("unrecognised file");
        }
        Ok(())
    }

    /// The topic's own fields: its category and its author.
    fn read_topic(
        &mut self,
        doc: &Doc<'_>,
        id: i64,
        response: &Response<'_>,
        gathered: &mut Gathered,
    ) -> Result<()> {
        let category = doc.int(response.category_id, "category_id")?;
        let details = match response.details {
            Some(raw) => doc.parse::<Option<Details<'_>>>(raw, "details")?,
            None => None,
        };
        let author = match details.and_then(|d| d.created_by) {
            Some(raw) => user_seen(doc, raw, "created_by")?,
            None => None,
        };
        let topic = self.topics.entry(id).or_default();
        if category.is_some() {
            topic.category = category;
        }
        if let Some((username, name, user_id)) = author {
            meet(gathered, &username, name.as_deref(), user_id, false);
            topic.author = Some(username);
        }
        Ok(())
    }

    /// Reads posts, each a record of its own (a bad one is skipped alone when skipping).
    fn read_posts(
        &mut self,
        doc: &Doc<'_>,
        posts: Vec<&RawValue>,
        topic: Option<i64>,
        gathered: &mut Gathered,
    ) -> Result<()> {
        for raw in posts {
            gathered.read(doc.name);
            if let Err(error) = self.read_post(doc, raw, topic, gathered) {
                gathered.bad(error)?;
            }
        }
        Ok(())
    }

    fn read_post(
        &mut self,
        doc: &Doc<'_>,
        raw: &RawValue,
        topic: Option<i64>,
        gathered: &mut Gathered,
    ) -> Result<()> {
        let p: RawPost<'_> = doc.parse(raw, "post")?;
        let id = doc.required_int(raw, p.id, "id")?;
        let topic = match doc.int(p.topic_id, "topic_id")? {
            Some(topic) => topic,
            None => topic.ok_or_else(|| doc.error(raw, "topic_id", "missing"))?,
        };
        let number = doc.required_int(raw, p.post_number, "post_number")?;
        let time = doc.time(raw, p.created_at, "created_at")?;
        let username = doc.text(p.username, "username")?;
        let name = doc.text(p.name, "name")?;
        let user_id = doc.int(p.user_id, "user_id")?;
        let reply_to = doc.int(p.reply_to_post_number, "reply_to_post_number")?;
        let reply_to_user = match p.reply_to_user {
            Some(raw) => user_seen(doc, raw, "reply_to_user")?,
            None => None,
        };
        let deleted =
            doc.text(p.deleted_at, "deleted_at")?.is_some() | doc.flag(p.user_deleted, "user_deleted")?;
        let post_type = doc.int(p.post_type, "post_type")?;
        let staff =
            doc.flag(p.staff, "staff")? | doc.flag(p.admin, "admin")? | doc.flag(p.moderator, "moderator")?;
        let accepted = doc.flag(p.accepted_answer, "accepted_answer")?;
        let likes = likes(doc, p.actions_summary)?;
        let category = match doc.int(p.category_id, "category_id")? {
            Some(category) => Some(category),
            None => doc.int(p.old_category_id, "_category_id")?,
        };
        if self.posts.contains_key(&id) {
            gathered.leave_out("duplicate post");
            return Ok(());
        }
        let author = username.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
        if let Some(author) = &author {
            meet(gathered, author, name.as_deref(), user_id, staff);
        }
        if let Some((username, name, user_id)) = &reply_to_user {
            meet(gathered, username, name.as_deref(), *user_id, false);
        }
        if let Some(category) = category {
            self.topics.entry(topic).or_default().category.get_or_insert(category);
        }
        let left_out = if deleted {
            Some("deleted post")
        } else if matches!(post_type, Some(2 | 3)) {
            Some("action post")
        } else if author.is_none() {
            Some("deleted user")
        } else {
            None
        };
        let reply_to_user = reply_to_user.map(|(username, _, _)| username);
        let post = Post { topic, number, time, author, reply_to, reply_to_user, accepted, likes, left_out };
        self.posts.insert(id, post);
        Ok(())
    }

    /// Reads categories, and the subcategories each lists, each a record of its own.
    fn read_categories(
        &mut self,
        doc: &Doc<'_>,
        list: Vec<&RawValue>,
        parent: Option<i64>,
        depth: usize,
        gathered: &mut Gathered,
    ) -> Result<()> {
        for raw in list {
            gathered.read(doc.name);
            if let Err(error) = self.read_category(doc, raw, parent, depth, gathered) {
                gathered.bad(error)?;
            }
        }
        Ok(())
    }

    fn read_category(
        &mut self,
        doc: &Doc<'_>,
        raw: &RawValue,
        parent: Option<i64>,
        depth: usize,
        gathered: &mut Gathered,
    ) -> Result<()> {
        let c: RawCategory<'_> = doc.parse(raw, "category")?;
        let id = doc.required_int(raw, c.id, "id")?;
        let slug = doc.text(c.slug, "slug")?.map(|s| s.trim().replace('/', "-")).unwrap_or_default();
        let restricted = doc.flag(c.read_restricted, "read_restricted")?;
        let parent = doc.int(c.parent_category_id, "parent_category_id")?.or(parent).filter(|&p| p != id);
        let children = match c.subcategory_ids {
            Some(raw) => doc.parse::<Option<Vec<Option<i64>>>>(raw, "subcategory_ids")?.unwrap_or_default(),
            None => Vec::new(),
        };
        let subcategories = match c.subcategory_list {
            Some(raw) => doc.parse::<Option<Vec<&RawValue>>>(raw, "subcategory_list")?.unwrap_or_default(),
            None => Vec::new(),
        };
        for child in children.into_iter().flatten().filter(|&child| child != id) {
            self.parents.insert(child, id);
        }
        match self.categories.get_mut(&id) {
            Some(known) => {
                if !slug.is_empty() {
                    known.slug = slug;
                }
                known.parent = parent.or(known.parent);
                known.restricted |= restricted;
            }
            None => {
                self.categories.insert(id, Category { slug, parent, restricted });
            }
        }
        if depth < MAX_DEPTH {
            self.read_categories(doc, subcategories, Some(id), depth + 1, gathered)?;
        }
        Ok(())
    }

    /// The domain of a category: its slug under its parents' (`category-<id>` when unknown).
    fn domain(&self, category: i64) -> String {
        let mut segments = Vec::new();
        let mut next = Some(category);
        while let Some(id) = next.filter(|_| segments.len() < MAX_DEPTH) {
            let known = self.categories.get(&id);
            segments.push(match known.filter(|c| !c.slug.is_empty()) {
                Some(c) => c.slug.clone(),
                None => format!("category-{id}"),
            });
            next = known.and_then(|c| c.parent).or_else(|| self.parents.get(&id).copied());
        }
        segments.reverse();
        segments.join("/")
    }
}

/// The user a `reply_to_user` or `created_by` object names, if it has a username.
fn user_seen(doc: &Doc<'_>, raw: &RawValue, field: &str) -> Result<Option<UserSeen>> {
    let Some(user) = doc.parse::<Option<UserRef<'_>>>(raw, field)? else { return Ok(None) };
    let username = doc.text(user.username, field)?.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
    let name = doc.text(user.name, field)?.map(Cow::into_owned);
    let id = doc.int(user.id, field)?;
    Ok(username.map(|username| (username, name, id)))
}

/// The likes an `actions_summary` counts (entries with `id: 2`).
fn likes(doc: &Doc<'_>, raw: Option<&RawValue>) -> Result<u64> {
    let Some(raw) = raw else { return Ok(0) };
    let actions = doc.parse::<Option<Vec<Action<'_>>>>(raw, "actions_summary")?.unwrap_or_default();
    let mut likes = 0u64;
    for action in actions {
        if doc.int(action.id, "actions_summary")? == Some(2) {
            let count = doc.int(action.count, "actions_summary")?.unwrap_or(0);
            likes = likes.saturating_add(u64::try_from(count).unwrap_or(0));
        }
    }
    Ok(likes)
}

/// The key of a member: `dc:<forum>:<username in lower case>`.
fn member_key(forum: &str, username: &str) -> String {
    format!("dc:{forum}:{}", username.to_lowercase())
}

/// Notes a person: identity, bot and staff flags (a later non-empty name replaces the username).
fn meet(gathered: &mut Gathered, username: &str, name: Option<&str>, user_id: Option<i64>, staff: bool) {
    let key = member_key(gathered.name(), username);
    // One forum's usernames: the same login on another forum is not the same account.
    let source = format!("discourse:{}", gathered.name());
    let lower = username.to_lowercase();
    let bot = user_id.is_some_and(|id| id <= 0) || lower == "system" || lower == "discobot";
    let person = gathered.people.entry(key).or_insert_with(|| Person {
        identity: Identity {
            source,
            name: username.to_owned(),
            email: String::new(),
            login: username.to_owned(),
        },
        ..Person::default()
    });
    if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty())
        && person.identity.name == person.identity.login
    {
        person.identity.name = name.to_owned();
    }
    person.bot |= bot;
    person.staff |= staff;
}

/// What a topic's posts share when they become events.
struct Context<'a> {
    forum: &'a str,
    /// The author of each post (by topic and post number) that has one.
    by_number: &'a HashMap<(i64, i64), &'a str>,
    /// The domain of each category met.
    domains: &'a HashMap<i64, String>,
}

impl Forum {
    /// Makes the events, the left-out counts and the spaces.
    fn gather(self, gathered: &mut Gathered) {
        let forum = gathered.name().to_owned();
        let mut ids: Vec<i64> = self.posts.keys().copied().collect();
        ids.sort_unstable();
        let mut by_number: HashMap<(i64, i64), &str> = HashMap::with_capacity(ids.len());
        for post in ids.iter().filter_map(|id| self.posts.get(id)) {
            if let Some(author) = post.author.as_deref() {
                by_number.entry((post.topic, post.number)).or_insert(author);
            }
        }
        let mut categories: Vec<i64> = self.categories.keys().copied().collect();
        categories.extend(self.topics.values().filter_map(|t| t.category));
        categories.sort_unstable();
        categories.dedup();
        let domains: HashMap<i64, String> = categories.iter().map(|&c| (c, self.domain(c))).collect();
        let context = Context { forum: &forum, by_number: &by_number, domains: &domains };
        for post in ids.iter().filter_map(|id| self.posts.get(id)) {
            self.post_acts(post, &context, gathered);
        }
        for id in categories {
            let restricted = self.categories.get(&id).is_some_and(|c| c.restricted);
            let visibility = if restricted { Visibility::Private } else { Visibility::Public };
            let name = domains.get(&id).cloned().unwrap_or_else(|| format!("category-{id}"));
            gathered.space(Space { name, visibility });
        }
    }

    /// The events of one post: its `ask`, `answer` or `comment`, and its `accept`.
    fn post_acts(&self, post: &Post, context: &Context<'_>, gathered: &mut Gathered) {
        if let Some(reason) = post.left_out {
            gathered.leave_out(reason);
            return;
        }
        let Some(author) = post.author.as_deref() else { return };
        let topic = self.topics.get(&post.topic);
        let topic_author =
            context.by_number.get(&(post.topic, 1)).copied().or(topic.and_then(|t| t.author.as_deref()));
        let thread = format!("dc:{}:{}", context.forum, post.topic);
        let domain = topic.and_then(|t| t.category).and_then(|c| context.domains.get(&c)).cloned();
        let member = member_key(context.forum, author);
        let (kind, target) = match post.reply_to.filter(|&n| n > 1) {
            _ if post.number == 1 => ("ask", None),
            None => ("answer", topic_author),
            Some(n) => {
                let replied = context.by_number.get(&(post.topic, n)).copied();
                ("comment", replied.or(post.reply_to_user.as_deref()).or(topic_author))
            }
        };
        let target = target.map(|t| member_key(context.forum, t)).filter(|t| *t != member);
        let act = Act { time: post.time, kind, member, target, thread: Some(thread), domain };
        if post.accepted && post.number != 1 {
            match topic_author {
                Some(asker) => {
                    let asker = member_key(context.forum, asker);
                    let accept = Act {
                        kind: "accept",
                        target: Some(act.member.clone()).filter(|m| *m != asker),
                        member: asker,
                        ..act.clone()
                    };
                    gathered.acts.extend([act, accept]);
                }
                None => {
                    gathered.leave_out("accept without the topic's author");
                    gathered.acts.push(act);
                }
            }
        } else {
            gathered.acts.push(act);
        }
        if post.likes > 0 {
            let likes = usize::try_from(post.likes).unwrap_or(usize::MAX);
            let count = gathered.report.left_out.entry("like (liker unknown)".to_owned()).or_default();
            *count = count.saturating_add(likes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::platform::Platform;

    fn gathered() -> Gathered {
        Gathered::new(Platform::Discourse, "f".to_owned(), false)
    }

    fn doc(text: &str) -> Doc<'_> {
        Doc { file: "x.json".to_owned(), name: "x.json", bytes: text.as_bytes() }
    }

    #[test]
    fn errors_name_the_line_column_and_field() {
        let text = "{\"latest_posts\": [\n  {\"id\": 1, \"topic_id\": 2, \"post_number\": 1,\n   \"created_at\": \"soon\"}]}";
        let mut forum = Forum::default();
        let error = forum.read_doc(&doc(text), &mut gathered()).unwrap_err().to_string();
        assert!(
            error.starts_with("x.json:3:18: field `created_at`: not an RFC 3339 date: `soon` (byte 81)"),
            "{error}"
        );
        let text = "{\"latest_posts\": [{\"id\": 1, \"post_number\": 1}]}";
        let error = forum.read_doc(&doc(text), &mut gathered()).unwrap_err().to_string();
        assert!(error.starts_with("x.json:1:19: field `topic_id`: missing"), "{error}");
        let error = forum.read_doc(&doc("{\"latest_posts\": [}"), &mut gathered()).unwrap_err().to_string();
        assert!(error.starts_with("x.json:1:19: bad JSON"), "{error}");
    }

    #[test]
    fn unrecognised_shapes_are_left_out() {
        let mut forum = Forum::default();
        let mut g = gathered();
        for text in ["[1, 2]", "{\"topic_list\": {}}", "{\"users\": []}"] {
            forum.read_doc(&doc(text), &mut g).unwrap();
        }
        assert_eq!(forum.responses, 0);
        assert_eq!(g.report.left_out.get("unrecognised file"), Some(&3));
    }

    #[test]
    fn category_paths_follow_parents_and_survive_cycles() {
        let mut forum = Forum::default();
        let category = |slug: &str, parent| Category { slug: slug.to_owned(), parent, restricted: false };
        forum.categories.insert(1, category("dev", None));
        forum.categories.insert(2, category("rust", Some(1)));
        forum.categories.insert(3, category("", Some(1)));
        forum.categories.insert(4, category("a", Some(5)));
        forum.categories.insert(5, category("b", Some(4)));
        assert_eq!(forum.domain(2), "dev/rust");
        assert_eq!(forum.domain(3), "dev/category-3");
        assert_eq!(forum.domain(9), "category-9");
        assert_eq!(forum.domain(4).split('/').count(), MAX_DEPTH);
    }
}
