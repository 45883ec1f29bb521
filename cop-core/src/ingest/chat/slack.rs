//! The Slack workspace export (see the [module docs](super) for the mapping).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::json::{Scanner, line_of_key, record};
use super::{At, bad_field, domain_of, in_range, key, open, react, shown};
use crate::Entity;
use crate::error::{CopError, Result};
use crate::ingest::platform::{Act, Gathered, Person};
use crate::model::community::{Space, Visibility};
use crate::model::people::Identity;

/// The listings of conversations: file, visibility, whether its events have a domain, whether
/// its folders are named by `id` (direct messages) rather than `name`.
const LISTINGS: [(&str, Visibility, bool, bool); 4] = [
    ("channels.json", Visibility::Public, true, false),
    ("groups.json", Visibility::Private, true, false),
    ("mpims.json", Visibility::Private, false, false),
    ("dms.json", Visibility::Private, false, true),
];

/// Subtypes of messages that are someone's message.
const SPOKEN: [&str; 6] =
    ["file_share", "me_message", "bot_message", "thread_broadcast", "reply_broadcast", "file_mention"];

/// A conversation to read.
struct Channel {
    id: String,
    folder: PathBuf,
    domain: Option<String>,
}

#[derive(Deserialize)]
struct Listed<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow)]
    name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct User<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    real_name: Option<Cow<'a, str>>,
    #[serde(default)]
    profile: Option<Profile<'a>>,
    #[serde(default)]
    is_bot: Option<bool>,
    #[serde(default)]
    is_app_user: Option<bool>,
    #[serde(default)]
    is_admin: Option<bool>,
    #[serde(default)]
    is_owner: Option<bool>,
    #[serde(default)]
    is_primary_owner: Option<bool>,
}

#[derive(Deserialize, Default)]
struct Profile<'a> {
    #[serde(default, borrow)]
    real_name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    display_name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    email: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Message<'a> {
    #[serde(default, borrow, rename = "type")]
    kind: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    subtype: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    user: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    text: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    ts: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    thread_ts: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    parent_user_id: Option<Cow<'a, str>>,
    #[serde(default)]
    reply_count: Option<u64>,
    #[serde(default, borrow)]
    bot_id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    username: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    reactions: Option<Vec<Reaction<'a>>>,
    #[serde(default, borrow)]
    comment: Option<Owned<'a>>,
    #[serde(default, borrow)]
    file: Option<Owned<'a>>,
}

/// Something with a `user` (a file comment, a file).
#[derive(Deserialize)]
struct Owned<'a> {
    #[serde(default, borrow)]
    user: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Reaction<'a> {
    #[serde(default, borrow)]
    users: Vec<Cow<'a, str>>,
}

/// Reads the Slack export in the folder `path`.
pub(crate) fn read(path: &Path, g: &mut Gathered) -> Result<()> {
    if !path.is_dir() {
        return Err(CopError::invalid("path", format!("{} is not a Slack export's folder", path.display())));
    }
    let users = ["users.json", "org_users.json"].iter().map(|f| path.join(f)).find(|p| p.is_file());
    let listed = LISTINGS.iter().any(|(f, ..)| path.join(f).is_file());
    if users.is_none() && !listed {
        let message =
            format!("{} has neither users.json nor channels.json: not a Slack export", path.display());
        return Err(CopError::invalid("path", message));
    }
    if let Some(users) = users {
        read_users(&users, g)?;
    }
    let channels = channels(path, g)?;
    let mut reader = Reader { g, threads: HashMap::new() };
    for channel in channels {
        reader.channel(&channel)?;
    }
    Ok(())
}

/// Every conversation: the listed ones, then the folders no listing names (public channels).
fn channels(path: &Path, g: &mut Gathered) -> Result<Vec<Channel>> {
    let mut channels = Vec::new();
    for (file, visibility, has_domain, by_id) in LISTINGS {
        let listing = path.join(file);
        let Some(input) = open(&listing)? else { continue };
        let shown = shown(&listing);
        Scanner::new(input, &shown).array(|line, bytes| {
            g.read(file);
            let listed: Listed<'_> = match record(bytes, &shown, line) {
                Ok(listed) => listed,
                Err(e) => return g.bad(e),
            };
            let name = listed.name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&listed.id);
            let folder = if by_id { &listed.id } else { name };
            g.space(Space { name: name.to_owned(), visibility });
            let domain = if has_domain { domain_of(name) } else { None };
            // A folder of the export, never a path out of it.
            if !folder.contains(['/', '\\']) && !["", ".", ".."].contains(&folder) {
                channels.push(Channel { id: listed.id.to_string(), folder: path.join(folder), domain });
            }
            Ok(())
        })?;
    }
    let mut others: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !channels.iter().any(|c| c.folder == *p))
        .collect();
    others.sort();
    for folder in others {
        let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        g.space(Space { name: name.clone(), visibility: Visibility::Public });
        channels.push(Channel { id: name.clone(), domain: domain_of(&name), folder });
    }
    Ok(channels)
}

/// Reads `users.json`: every user's identity and flags.
fn read_users(file: &Path, g: &mut Gathered) -> Result<()> {
    let Some(input) = open(file)? else { return Ok(()) };
    let shown = shown(file);
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ws = g.name().to_owned();
    Scanner::new(input, &shown).array(|line, bytes| {
        g.read(&name);
        let user: User<'_> = match record(bytes, &shown, line) {
            Ok(user) => user,
            Err(e) => return g.bad(e),
        };
        let member = match member(&ws, &user.id) {
            Ok(member) => member,
            Err(message) => return bad_field(g, &shown, line_of_key(bytes, line, "id"), "id", message),
        };
        let profile = user.profile.unwrap_or_default();
        let full = [&user.real_name, &profile.real_name, &profile.display_name];
        let name = full.into_iter().flatten().find(|n| !n.trim().is_empty());
        let identity = Identity {
            // One workspace's handles: the same handle in another workspace is not merged.
            source: format!("slack:{ws}"),
            name: name.map(|n| n.trim().to_owned()).unwrap_or_default(),
            email: profile.email.map(|e| e.trim().to_owned()).unwrap_or_default(),
            login: user.name.map(|n| n.trim().to_owned()).unwrap_or_default(),
        };
        let yes = |flag: Option<bool>| flag == Some(true);
        let bot = yes(user.is_bot) || yes(user.is_app_user) || user.id == "USLACKBOT";
        let staff = yes(user.is_admin) || yes(user.is_owner) || yes(user.is_primary_owner);
        g.people.insert(member, Person { identity, joined: None, bot, staff });
        Ok(())
    })
}

/// Reads messages, remembering the authors of threads' first messages per channel.
struct Reader<'g> {
    g: &'g mut Gathered,
    /// `thread_ts` → the author's key, in the channel being read.
    threads: HashMap<String, String>,
}

impl Reader<'_> {
    /// Reads one conversation's day files, in name (date) order.
    fn channel(&mut self, channel: &Channel) -> Result<()> {
        self.threads.clear();
        let Ok(entries) = std::fs::read_dir(&channel.folder) else { return Ok(()) };
        let mut days: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        days.sort();
        for day in days {
            let Some(input) = open(&day)? else { continue };
            let file = shown(&day);
            Scanner::new(input, &file).array(|line, bytes| {
                self.g.read("messages");
                self.message(channel, &At { file: &file, line, bytes })
            })?;
        }
        Ok(())
    }

    /// Reads one message: its event and its reactions' events.
    fn message(&mut self, channel: &Channel, at: &At<'_>) -> Result<()> {
        let message: Message<'_> = match record(at.bytes, at.file, at.line) {
            Ok(message) => message,
            Err(e) => return self.g.bad(e),
        };
        if let Some(kind) = message.kind.as_deref().filter(|k| *k != "message") {
            self.g.leave_out(&format!("type {kind}"));
            return Ok(());
        }
        let Some(ts) = message.ts.as_deref() else { return at.bad(self.g, "ts", "missing".to_owned()) };
        let time = match parse_ts(ts) {
            Ok(time) => time,
            Err(message) => return at.bad(self.g, "ts", message),
        };
        let Some((field, author)) = self.author(&message) else {
            self.g.leave_out("no author");
            return Ok(());
        };
        let author = match member(self.g.name(), author) {
            Ok(author) => author,
            Err(reason) => return at.bad(self.g, field, reason),
        };
        let mut reactors = Vec::new();
        for user in message.reactions.iter().flatten().flat_map(|r| &r.users) {
            match member(self.g.name(), user) {
                Ok(reactor) => reactors.push(reactor),
                Err(reason) => return at.bad(self.g, "reactions", reason),
            }
        }
        let domain = channel.domain.clone();
        let act = Act { time, kind: "", member: author, target: None, thread: None, domain };
        let Some(act) = self.act(channel, &message, ts, act, at)? else { return Ok(()) };
        let reacts: Vec<Act> = reactors.into_iter().map(|r| react(&act, r)).collect();
        if !act.kind.is_empty() {
            self.g.acts.push(act);
        }
        self.g.acts.extend(reacts);
        Ok(())
    }

    /// The field naming the author of a message, and the id in it; a bot's id is noted as a
    /// bot.
    fn author<'m>(&mut self, message: &'m Message<'_>) -> Option<(&'static str, &'m str)> {
        let non_empty = |s: &'m Option<Cow<'_, str>>| s.as_deref().filter(|s| !s.is_empty());
        if message.subtype.as_deref() == Some("file_comment") {
            let user = message.comment.as_ref().and_then(|c| non_empty(&c.user));
            return user.map(|u| ("comment", u)).or_else(|| non_empty(&message.user).map(|u| ("user", u)));
        }
        if let Some(user) = non_empty(&message.user) {
            return Some(("user", user));
        }
        let bot = non_empty(&message.bot_id)?;
        let name = message.username.as_deref().unwrap_or_default().trim().to_owned();
        let source = format!("slack:{}", self.g.name());
        if let Ok(member) = member(self.g.name(), bot) {
            let person = self.g.people.entry(member).or_default();
            person.bot = true;
            if person.identity.source.is_empty() {
                person.identity = Identity { source, name, ..Identity::default() };
            }
        }
        Some(("bot_id", bot))
    }

    /// The event of a message with its author (kind `""` when the message makes none, which is
    /// counted as left out, but its reactions still count), or `None` for a bad record
    /// skipped.
    fn act(
        &mut self,
        channel: &Channel,
        message: &Message<'_>,
        ts: &str,
        mut act: Act,
        at: &At<'_>,
    ) -> Result<Option<Act>> {
        match message.subtype.as_deref() {
            None => {}
            Some(s) if SPOKEN.contains(&s) => {}
            Some("file_comment") => {
                let owner = message.file.as_ref().and_then(|f| f.user.as_deref()).filter(|o| !o.is_empty());
                let owner = owner.and_then(|o| member(self.g.name(), o).ok());
                act.kind = "comment";
                act.target = owner.filter(|t| *t != act.member);
                return Ok(Some(act));
            }
            Some(other) => {
                if other == "channel_join" {
                    self.joined(&act.member, act.time);
                }
                self.g.leave_out(other);
                return Ok(Some(act));
            }
        }
        match message.thread_ts.as_deref().filter(|t| !t.is_empty()) {
            Some(parent) if parent != ts => self.reply(channel, message, parent, act, at),
            Some(_) if message.reply_count != Some(0) => {
                let thread = match key(Entity::Thread, &["sl", self.g.name(), &channel.id, ts]) {
                    Ok(thread) => thread,
                    Err(reason) => return at.bad(self.g, "ts", reason).map(|()| None),
                };
                self.threads.insert(ts.to_owned(), act.member.clone());
                act.kind = "ask";
                act.target = self.mention(message, &act.member);
                act.thread = Some(thread);
                Ok(Some(act))
            }
            _ => {
                act.target = self.mention(message, &act.member);
                act.kind = if act.target.is_some() { "comment" } else { "share" };
                Ok(Some(act))
            }
        }
    }

    /// A thread reply's `answer`, aimed at the thread's first message's author.
    fn reply(
        &mut self,
        channel: &Channel,
        message: &Message<'_>,
        parent: &str,
        mut act: Act,
        at: &At<'_>,
    ) -> Result<Option<Act>> {
        let thread = match key(Entity::Thread, &["sl", self.g.name(), &channel.id, parent]) {
            Ok(thread) => thread,
            Err(reason) => return at.bad(self.g, "thread_ts", reason).map(|()| None),
        };
        let target = match message.parent_user_id.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => match member(self.g.name(), p) {
                Ok(target) => Some(target),
                Err(reason) => return at.bad(self.g, "parent_user_id", reason).map(|()| None),
            },
            None => self.threads.get(parent).cloned(),
        };
        act.kind = "answer";
        act.target = target.filter(|t| *t != act.member);
        act.thread = Some(thread);
        Ok(Some(act))
    }

    /// The key of the first user a message's text mentions (`<@U…>` or `<@U…|name>`), not its
    /// author.
    fn mention(&self, message: &Message<'_>, author: &str) -> Option<String> {
        let text = message.text.as_deref()?;
        text.split("<@").skip(1).find_map(|rest| {
            let end = rest.find(['>', '|'])?;
            let id = &rest[..end];
            let member = member(self.g.name(), id).ok()?;
            (member != author).then_some(member)
        })
    }

    /// Notes a `channel_join`: the earliest is a known user's join date.
    fn joined(&mut self, member: &str, time: i64) {
        if let Some(person) = self.g.people.get_mut(member) {
            person.joined = Some(person.joined.map_or(time, |j| j.min(time)));
        }
    }
}

/// The member key of a Slack user or bot id (ASCII letters and digits, such as `U061A1R2R`).
fn member(ws: &str, id: &str) -> std::result::Result<String, String> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!("`{id}` is not a Slack id (letters and digits, such as U061A1R2R)"));
    }
    key(Entity::Member, &["sl", ws, id])
}

/// A Slack `ts` (`"1433558207.760577"`) in whole seconds since the epoch.
fn parse_ts(ts: &str) -> std::result::Result<i64, String> {
    let (seconds, fraction) = ts.split_once('.').unwrap_or((ts, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let not =
        || format!("`{ts}` is not a Slack timestamp (seconds since the epoch, such as 1433558207.760577)");
    if seconds.is_empty() || !digits(seconds) || !digits(fraction) {
        return Err(not());
    }
    in_range(seconds.parse::<i64>().map_err(|_| not())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_ts("1433558207.760577"), Ok(1_433_558_207));
        assert_eq!(parse_ts("1433558207"), Ok(1_433_558_207));
        for bad in ["", ".5", "soon", "-1.0", "1.2.3", "1e9", "99999999999999999999.1"] {
            assert!(parse_ts(bad).is_err(), "{bad}");
        }
    }
}
