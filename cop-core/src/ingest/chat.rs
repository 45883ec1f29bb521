//! Reading chat exports: a Slack workspace export ([`Platform::Slack`]) and DiscordChatExporter's
//! JSON ([`Platform::Discord`]), through [`Landscape::import_platform`].
//!
//! Files are read as a stream: one message at a time is parsed (with serde_json), so memory
//! grows with the events kept, never with the size of a file. A bad message stops the import
//! with [`CopError::Record`] naming the file, the line and the field (a path of keys such as
//! `reactions.users`), and nothing is applied; with
//! [`PlatformImport::skip_bad_records`](super::platform::PlatformImport::skip_bad_records) it is
//! listed and skipped. Bad records are messages (or `users.json` and listing entries) that are
//! not JSON objects of the documented fields, whose time cannot be read, or whose user ids are
//! not ids (Slack: ASCII letters and digits; Discord: digits). A file that is not JSON at all,
//! or whose brackets do not match, stops the import either way.
//!
//! ## Slack
//!
//! `path` is the export's folder: `users.json` (`org_users.json` on Enterprise Grid),
//! `channels.json` and, when present, `groups.json`, `mpims.json` and `dms.json`, then a
//! folder of `YYYY-MM-DD.json` day files per conversation (named by its `name`, or by its `id`
//! for direct messages). A folder that no listing names is read as a public channel named by
//! the folder. `<ws>` is the name in keys ([`PlatformImport::name`](super::platform::PlatformImport::name),
//! default the folder's name); members are `sl:<ws>:<user id>`, threads
//! `sl:<ws>:<channel id>:<thread_ts>`. The community is the options' for every event.
//!
//! | source record | event kind | member | target | thread | domain | time |
//! |---|---|---|---|---|---|---|
//! | message with no `subtype` (or `file_share`, `me_message`, `bot_message`, `thread_broadcast`), no `thread_ts`, no mention | `share` | `user` | — | — | the channel's name | `ts` |
//! | the same, mentioning `<@U…>` | `comment` | `user` | the first user mentioned (not the author) | — | channel | `ts` |
//! | a message that started a thread (`thread_ts` = `ts`, `reply_count` not 0) | `ask` | `user` | the first user mentioned | its own | channel | `ts` |
//! | a thread reply (`thread_ts` ≠ `ts`) | `answer` | `user` | `parent_user_id`, else the author of the message `ts` = `thread_ts` in the channel | `thread_ts` | channel | `ts` |
//! | `file_comment` | `comment` | `comment.user` | the file's owner (`file.user`) | — | channel | `ts` |
//! | each user of `reactions[].users` of any message with an author | `react` | that user | the message's author | the message's | channel | the message's `ts` |
//! | `channel_join` | no event: the earliest one of a user of `users.json` is their join date | | | | | |
//! | other subtypes (`channel_leave`, `channel_purpose`, `channel_topic`, `channel_name`, `channel_archive`, `pinned_item`, `bot_add`, `tombstone`, …) | no event, counted per subtype in [`PlatformReport::left_out`] | | | | | |
//! | `users.json` entry | no event: identity `{slack:<ws> (a handle is one workspace's), name: real_name (else profile.real_name, else profile.display_name), login: name, email: profile.email}`; bot when `is_bot`, `is_app_user` or `USLACKBOT`; staff when `is_admin`, `is_owner` or `is_primary_owner`; deleted users are members like others | | | | | |
//! | `channels.json`, `groups.json`, `mpims.json`, `dms.json` entry | a space (public for `channels.json`, private for the others), named by `name` (`id` for DMs) | | | | | |
//!
//! - **Time** is `ts` (seconds since the epoch, as a string with six decimals, kept to the
//!   second), never the day file's name: day files are the exporter's local days.
//! - **Reactions** carry no time in the export: they are put at the message's time. Only the
//!   users `reactions[].users` lists react (Slack may list fewer than `count`). A reaction to
//!   one's own message has no target. Reactions to messages that make no event (a join
//!   message) are recorded too: they answer the author.
//! - **Bots**: a message with no `user` but a `bot_id` (such as `bot_message`) is the bot's,
//!   keyed `sl:<ws>:<bot_id>` with its `username` as name, and flagged a bot. A message with
//!   neither is left out (`no author`). `file_share` messages carry `bot_id: null` and a real
//!   `user`: they are the user's.
//! - **Domains**: a channel's name is its domain; direct messages and group DMs (`dms.json`,
//!   `mpims.json`) are conversations, not topics: their events have no domain.
//! - **Join dates** are not in `users.json`; the earliest `channel_join` of a user sets it
//!   (everyone joins `#general` on arrival), else it is left unknown.
//!
//! ## Discord
//!
//! `path` is a DiscordChatExporter JSON file (`{guild, channel, messages: […]}`) or a folder of
//! them (its `*.json` files, in name order). `guild` and `channel` must come before
//! `messages` (in either order), as the exporter writes them. `<guild>` is the name in keys when
//! [`PlatformImport::name`](super::platform::PlatformImport::name) is given, else the guild's
//! `id`; members are `dd:<guild>:<author id>`, threads `dd:<guild>:<root message id>`.
//!
//! | source record | event kind | member | target | thread | domain | time |
//! |---|---|---|---|---|---|---|
//! | `Default` message, no mention, no reply to it | `share` | `author.id` | — | — | the channel's name | `timestamp` |
//! | the same, with `mentions` | `comment` | `author.id` | the first mentioned (not the author) | — | channel | `timestamp` |
//! | a message that a `Reply` answers (directly or down a chain) | `ask` | `author.id` | the first mentioned | its own id | channel | `timestamp` |
//! | `Reply` (`reference.messageId`) | `answer` | `author.id` | the author of the referenced message (when exported) | the root of the chain of references | channel | `timestamp` |
//! | a message in a thread channel (`channel.type` `GuildPublicThread`, `GuildPrivateThread`, `GuildNewsThread`) | `answer` (as above when a `Reply`) | `author.id` | the thread's starter message's author (the message whose id is the thread's `channel.id`) | the thread's id | the parent channel's name (`channel.category`) | `timestamp` |
//! | each user of `reactions[].users` | `react` | that user | the message's author | the message's | channel | the message's `timestamp` |
//! | `GuildMemberJoin` | no event: the earliest one is the author's join date | | | | | |
//! | other types (`ThreadCreated`, `ChannelPinnedMessage`, `RecipientAdd`, `Call`, numbers, …) | no event, counted per type | | | | | |
//! | `channel` | a space named by the channel's name (the parent's for a thread); private for `DirectTextChat`, `DirectGroupTextChat` and `GuildPrivateThread`, public otherwise (the export does not say who may read a guild channel) | | | | | |
//!
//! - **Identities**: `{discord, name: author.nickname (else name), login: author.name}`; a bot
//!   when `author.isBot`.
//! - **Time** is `timestamp` (RFC 3339 with its offset), to the second. Reactions are put at the
//!   message's time (the export has none of their own); reactions without `users` (older
//!   exports) make no event and are counted as `reaction without users`.
//! - **Domains** are channel names, not `category/channel`: DiscordChatExporter writes a
//!   thread's parent channel in `category`, so threads land in their channel's domain. Direct
//!   messages have no domain.
//! - Replies are resolved after every file is read, so a thread's file may come before or after
//!   its channel's; the referenced message may be in any file of the import.
//!
//! ```no_run
//! use cop_core::Landscape;
//! use cop_core::ingest::platform::{Platform, PlatformImport};
//!
//! let mut landscape = Landscape::new();
//! let report = landscape.import_platform(Platform::Slack, "export".as_ref(), &PlatformImport::default())?;
//! println!("{} events: {:?}; left out {:?}", report.recorded, report.events, report.left_out);
//! # Ok::<(), cop_core::CopError>(())
//! ```
//!
//! [`Platform::Slack`]: super::platform::Platform::Slack
//! [`Platform::Discord`]: super::platform::Platform::Discord
//! [`Landscape::import_platform`]: crate::Landscape::import_platform
//! [`CopError::Record`]: crate::CopError::Record
//! [`PlatformReport::left_out`]: super::platform::PlatformReport::left_out

mod discord;
mod json;
mod slack;

use std::path::Path;

use super::platform::{Gathered, record_error};
use crate::Entity;
use crate::error::{CopError, Result};

pub(crate) use discord::read as read_discord;
pub(crate) use slack::read as read_slack;

/// A member, thread or space key of `prefix:name:id`, checked as keys are; `Err` with the
/// reason otherwise.
fn key(entity: Entity, parts: &[&str]) -> std::result::Result<String, String> {
    let key = parts.join(":");
    crate::limits::check_key(entity, &key).map_err(|e| e.to_string())?;
    Ok(key)
}

/// A channel's name as a domain: one segment (`/` made `-`, trimmed); `None` when empty or
/// too long.
fn domain_of(name: &str) -> Option<String> {
    let name = name.trim().replace('/', "-");
    let ok = !name.is_empty() && crate::model::domain::check_path(&name).is_ok();
    ok.then_some(name)
}

/// A time in seconds, refused out of the supported range.
fn in_range(seconds: i64) -> std::result::Result<i64, String> {
    if crate::limits::time_in_range(seconds) {
        Ok(seconds)
    } else {
        Err(crate::limits::time_out_of_range(seconds))
    }
}

/// The display form of a path in errors.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Opens a file for streaming; a missing file is `None`.
fn open(path: &Path) -> Result<Option<std::io::BufReader<std::fs::File>>> {
    match std::fs::File::open(path) {
        Ok(f) => Ok(Some(std::io::BufReader::with_capacity(1 << 16, f))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CopError::Io(std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))),
    }
}

/// A bad field of the record at `line` of `file`: stops, or is listed when skipping.
/// The record of the message being read: its file and line.
struct At<'a> {
    file: &'a str,
    line: u64,
    bytes: &'a [u8],
}

impl At<'_> {
    fn bad(&self, g: &mut Gathered, field: &str, message: String) -> Result<()> {
        bad_field(g, self.file, json::line_of_key(self.bytes, self.line, field), field, message)
    }
}

fn bad_field(g: &mut Gathered, file: &str, line: u64, field: &str, message: String) -> Result<()> {
    g.bad(record_error(file, line, Some(field), message))
}

/// A reaction's `react` event: at the message's time, in its thread and domain, aimed at its
/// author (no target when the reactor is the author).
fn react(of: &super::platform::Act, reactor: String) -> super::platform::Act {
    let target = Some(of.member.clone()).filter(|m| *m != reactor);
    super::platform::Act {
        time: of.time,
        kind: "react",
        member: reactor,
        target,
        thread: of.thread.clone(),
        domain: of.domain.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_of_channel_names() {
        assert_eq!(domain_of("general").as_deref(), Some("general"));
        assert_eq!(domain_of("meetup-").as_deref(), Some("meetup-"));
        assert_eq!(domain_of(" a/b ").as_deref(), Some("a-b"));
        assert_eq!(domain_of("  "), None);
        assert_eq!(domain_of(&"x".repeat(2000)), None);
    }

    #[test]
    fn keys_are_checked() {
        assert_eq!(key(Entity::Member, &["sl", "w", "U1"]).unwrap(), "sl:w:U1");
        assert!(key(Entity::Member, &["sl", "w", "U1 "]).is_err());
        assert!(key(Entity::Member, &["sl", "w", &"U".repeat(2000)]).is_err());
    }
}
