//! DiscordChatExporter's JSON (see the [module docs](super) for the mapping).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::json::{Scanner, record};
use super::{At, domain_of, in_range, key, open, react, shown};
use crate::Entity;
use crate::error::{CopError, Result};
use crate::ingest::platform::{Act, Gathered, Person, record_error};
use crate::model::community::{Space, Visibility};
use crate::model::people::Identity;

#[derive(Deserialize)]
struct Guild<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Channel<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow, rename = "type")]
    kind: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    category: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    name: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Message<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow, rename = "type")]
    kind: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    author: Option<User<'a>>,
    #[serde(default, borrow)]
    reactions: Option<Vec<Reaction<'a>>>,
    #[serde(default, borrow)]
    mentions: Option<Vec<User<'a>>>,
    #[serde(default, borrow)]
    reference: Option<Reference<'a>>,
}

#[derive(Deserialize)]
struct User<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(default, borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    nickname: Option<Cow<'a, str>>,
    #[serde(default, rename = "isBot")]
    is_bot: Option<bool>,
}

#[derive(Deserialize)]
struct Reaction<'a> {
    #[serde(default, borrow)]
    users: Option<Vec<User<'a>>>,
}

#[derive(Deserialize)]
struct Reference<'a> {
    #[serde(default, borrow, rename = "messageId")]
    message_id: Option<Cow<'a, str>>,
}

/// What is kept of a message until replies are resolved (keys and domains by index).
struct Msg {
    id: u64,
    time: i64,
    author: u32,
    /// The message a `Reply` refers to.
    reply_to: Option<u64>,
    /// The thread channel the message is in (its id is the starter message's).
    in_thread: Option<u64>,
    mention: Option<u32>,
    domain: Option<u32>,
    /// Its reactors, a range of [`Reader::reactors`].
    reactors: (u32, u32),
}

/// A message's first mention and the range of its reactors.
type Others = (Option<u32>, (u32, u32));

/// The channel of the file being read.
struct Head {
    /// `dd:<guild>`.
    prefix: String,
    domain: Option<u32>,
    in_thread: Option<u64>,
}

/// Reads the DiscordChatExporter file at `path`, or every `*.json` file of the folder `path`;
/// `name` replaces the guild's id in keys.
pub(crate) fn read(path: &Path, name: Option<&str>, g: &mut Gathered) -> Result<()> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
            .collect();
        files.sort();
        files
    } else if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        return Err(CopError::invalid("path", format!("{}: no such file or folder", path.display())));
    };
    let mut reader = Reader { g, name, seen: Seen::default() };
    for file in &files {
        reader.file(file)?;
    }
    reader.resolve();
    Ok(())
}

/// What the files gave so far.
#[derive(Default)]
struct Seen {
    msgs: Vec<Msg>,
    keys: Vec<String>,
    key_index: HashMap<String, u32>,
    domains: Vec<String>,
    reactors: Vec<u32>,
}

impl Seen {
    fn intern(&mut self, key: String) -> u32 {
        if let Some(&i) = self.key_index.get(&key) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.key_index.insert(key, i);
        i
    }

    fn domain(&mut self, domain: String) -> u32 {
        match self.domains.iter().position(|d| *d == domain) {
            Some(i) => i as u32,
            None => {
                self.domains.push(domain);
                self.domains.len() as u32 - 1
            }
        }
    }
}

struct Reader<'g, 'n> {
    g: &'g mut Gathered,
    name: Option<&'n str>,
    seen: Seen,
}

impl Reader<'_, '_> {
    /// Reads one exported channel.
    fn file(&mut self, path: &Path) -> Result<()> {
        let Some(input) = open(path)? else { return Ok(()) };
        let file = shown(path);
        let mut scanner = Scanner::new(input, &file);
        let (mut guild, mut channel) = (None::<String>, None::<(Vec<u8>, u64)>);
        let mut raw = Vec::new();
        scanner.object(|name, scanner| match name {
            "guild" => {
                let line = scanner.value(&mut raw)?;
                match record::<Guild<'_>>(&raw, &file, line) {
                    Ok(g) => guild = Some(g.id.into_owned()),
                    Err(e) => self.g.bad(e)?,
                }
                Ok(())
            }
            "channel" => {
                let line = scanner.value(&mut raw)?;
                channel = Some((raw.clone(), line));
                Ok(())
            }
            "messages" => {
                let line = scanner.line();
                match self.head(guild.as_deref(), channel.as_ref(), &file, line)? {
                    Some(head) => scanner.array(|line, bytes| {
                        self.g.read("messages");
                        self.message(&head, &At { file: &file, line, bytes })
                    }),
                    None => scanner.value(&mut raw).map(drop),
                }
            }
            _ => scanner.value(&mut raw).map(drop),
        })?;
        scanner.end()
    }

    /// The channel of a file, read when its messages start (`None`: a bad one, skipped): its
    /// space, domain and thread.
    fn head(
        &mut self,
        guild: Option<&str>,
        channel: Option<&(Vec<u8>, u64)>,
        file: &str,
        line: u64,
    ) -> Result<Option<Head>> {
        let (Some(guild), Some((raw, at))) = (guild, channel) else {
            let message = "come before a readable `guild` and `channel`";
            self.g.bad(record_error(file, line, Some("messages"), message))?;
            return Ok(None);
        };
        let (c, line) = match record::<Channel<'_>>(raw, file, *at) {
            Ok(c) => (c, *at),
            Err(e) => return self.g.bad(e).map(|()| None),
        };
        let name = self.name.unwrap_or(guild);
        if self.name.is_none() && self.seen.msgs.is_empty() && self.g.report.spaces.is_empty() {
            self.g.report.name = guild.to_owned();
        }
        let kind = c.kind.as_deref().unwrap_or_default();
        let thread = kind.ends_with("Thread");
        let Ok(id) = c.id.parse::<u64>() else {
            let message = format!("`{}` is not a Discord id", c.id);
            self.g.bad(record_error(file, line, Some("channel.id"), message))?;
            return Ok(None);
        };
        let own = c.name.as_deref().filter(|n| !n.trim().is_empty());
        let parent = c.category.as_deref().filter(|n| !n.trim().is_empty());
        let space = if thread { parent.or(own) } else { own }.unwrap_or(&c.id).trim().to_owned();
        let private = matches!(kind, "DirectTextChat" | "DirectGroupTextChat" | "GuildPrivateThread");
        let visibility = if private { Visibility::Private } else { Visibility::Public };
        let direct = kind.starts_with("Direct");
        let domain = domain_of(&space).filter(|_| !direct).map(|d| self.seen.domain(d));
        self.g.space(Space { name: space, visibility });
        Ok(Some(Head { prefix: format!("dd:{name}"), domain, in_thread: thread.then_some(id) }))
    }
}

impl Reader<'_, '_> {
    /// Reads one message: kept for [`Reader::resolve`], or left out by its type.
    fn message(&mut self, head: &Head, at: &At<'_>) -> Result<()> {
        let message: Message<'_> = match record(at.bytes, at.file, at.line) {
            Ok(message) => message,
            Err(e) => return self.g.bad(e),
        };
        let Ok(id) = message.id.parse::<u64>() else {
            return at.bad(self.g, "id", format!("`{}` is not a Discord id", message.id));
        };
        let Some(stamp) = message.timestamp.as_deref() else {
            return at.bad(self.g, "timestamp", "missing".to_owned());
        };
        let time = match parse_time(stamp) {
            Ok(time) => time,
            Err(reason) => return at.bad(self.g, "timestamp", reason),
        };
        let Some(author) = &message.author else {
            self.g.leave_out("no author");
            return Ok(());
        };
        let author = match self.person(head, author) {
            Ok(author) => author,
            Err(reason) => return at.bad(self.g, "author", reason),
        };
        let kind = message.kind.as_deref().unwrap_or("Default");
        if kind == "GuildMemberJoin" {
            let key = &self.seen.keys[author as usize];
            if let Some(person) = self.g.people.get_mut(key) {
                person.joined = Some(person.joined.map_or(time, |j| j.min(time)));
            }
        }
        if kind != "Default" && kind != "Reply" {
            self.g.leave_out(kind);
            return Ok(());
        }
        let reply_to = match message.reference.as_ref().and_then(|r| r.message_id.as_deref()) {
            Some(r) if kind == "Reply" => match r.parse::<u64>() {
                Ok(r) => Some(r),
                Err(_) => return at.bad(self.g, "reference", format!("`{r}` is not a Discord id")),
            },
            _ => None,
        };
        let Some((mention, reactors)) = self.others(head, &message, author, at)? else { return Ok(()) };
        let (domain, in_thread) = (head.domain, head.in_thread);
        self.seen.msgs.push(Msg { id, time, author, reply_to, in_thread, mention, domain, reactors });
        Ok(())
    }

    /// The first user a message mentions (not its author) and the range of its reactors;
    /// `None` when a bad id made it a bad record, skipped.
    fn others(
        &mut self,
        head: &Head,
        message: &Message<'_>,
        author: u32,
        at: &At<'_>,
    ) -> Result<Option<Others>> {
        let mut mention = None;
        for user in message.mentions.iter().flatten() {
            match self.person(head, user) {
                Ok(m) if m != author => mention = mention.or(Some(m)),
                Ok(_) => {}
                Err(reason) => return at.bad(self.g, "mentions", reason).map(|()| None),
            }
        }
        let start = self.seen.reactors.len();
        for reaction in message.reactions.iter().flatten() {
            let Some(users) = &reaction.users else {
                self.g.leave_out("reaction without users");
                continue;
            };
            for user in users {
                match self.person(head, user) {
                    Ok(r) => self.seen.reactors.push(r),
                    Err(reason) => {
                        self.seen.reactors.truncate(start);
                        return at.bad(self.g, "reactions", reason).map(|()| None);
                    }
                }
            }
        }
        Ok(Some((mention, (start as u32, self.seen.reactors.len() as u32))))
    }

    /// The index of a user's key, noting their identity and bot flag; `Err` with the reason
    /// when the id makes no key.
    fn person(&mut self, head: &Head, user: &User<'_>) -> std::result::Result<u32, String> {
        if user.id.is_empty() || !user.id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{}` is not a Discord id (digits)", user.id));
        }
        let member = key(Entity::Member, &[&head.prefix, &user.id])?;
        if let Some(&i) = self.seen.key_index.get(&member) {
            return Ok(i);
        }
        let login = user.name.as_deref().unwrap_or_default().trim();
        let nickname = user.nickname.as_deref().map(str::trim).filter(|n| !n.is_empty());
        let identity = Identity {
            source: "discord".to_owned(),
            name: nickname.unwrap_or(login).to_owned(),
            email: String::new(),
            login: login.to_owned(),
        };
        let bot = user.is_bot == Some(true);
        self.g.people.insert(member.clone(), Person { identity, joined: None, bot, staff: false });
        Ok(self.seen.intern(member))
    }

    /// Turns the messages kept into events, now that every reply can find its message.
    fn resolve(self) {
        let Reader { g, seen, .. } = self;
        let Seen { mut msgs, keys, domains, reactors, .. } = seen;
        msgs.sort_by_key(|m| m.id);
        let before = msgs.len();
        msgs.dedup_by_key(|m| m.id);
        for _ in msgs.len()..before {
            g.leave_out("duplicate");
        }
        let at: HashMap<u64, usize> = msgs.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        // Ids grow with time: a reply's message comes before it, and its root is known.
        let mut roots: Vec<Option<u64>> = Vec::with_capacity(msgs.len());
        for m in &msgs {
            let root = match m.reply_to {
                Some(r) => {
                    Some(at.get(&r).filter(|&&i| i < roots.len()).and_then(|&i| roots[i]).unwrap_or(r))
                }
                None => m.in_thread,
            };
            roots.push(root);
        }
        let asked: HashSet<u64> =
            msgs.iter().zip(&roots).filter_map(|(m, r)| r.filter(|&r| r != m.id)).collect();
        let prefix_of = |author: u32| {
            let key = &keys[author as usize];
            key[..key.rfind(':').unwrap_or(0)].to_owned()
        };
        for (m, root) in msgs.iter().zip(&roots) {
            let member = keys[m.author as usize].clone();
            let thread_key = |t: u64| Some(format!("{}:{t}", prefix_of(m.author)));
            let author_of = |id: u64| at.get(&id).map(|&i| keys[msgs[i].author as usize].clone());
            let (kind, target, thread) = match *root {
                Some(r) if r != m.id => {
                    let to = m.reply_to.or(m.in_thread).and_then(author_of);
                    ("answer", to, thread_key(r))
                }
                _ if asked.contains(&m.id) => {
                    ("ask", m.mention.map(|i| keys[i as usize].clone()), thread_key(m.id))
                }
                _ => match m.mention {
                    Some(i) => ("comment", Some(keys[i as usize].clone()), None),
                    None => ("share", None, None),
                },
            };
            let target = target.filter(|t| *t != member);
            let domain = m.domain.map(|d| domains[d as usize].clone());
            let act = Act { time: m.time, kind, member, target, thread, domain };
            let range = m.reactors.0 as usize..m.reactors.1 as usize;
            let reacts: Vec<Act> =
                reactors[range].iter().map(|&r| react(&act, keys[r as usize].clone())).collect();
            g.acts.push(act);
            g.acts.extend(reacts);
        }
    }
}

/// An RFC 3339 time (`2020-09-05T17:34:12.1834567+02:00`) in whole seconds since the epoch.
fn parse_time(text: &str) -> std::result::Result<i64, String> {
    let time = chrono::DateTime::parse_from_rfc3339(text.trim())
        .map_err(|e| format!("`{text}` is not an RFC 3339 time: {e}"))?;
    in_range(time.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:16:41.0000000+00:00"), Ok(1001));
        assert_eq!(parse_time("2020-01-01T02:00:00+02:00"), Ok(1_577_836_800));
        assert!(parse_time("2020-01-01").is_err());
    }
}
