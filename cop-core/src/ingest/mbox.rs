//! Reading a mailing list's archive: an mbox file, or a folder of them (pipermail's monthly
//! `.txt` files, `.mbox` files, any mix).
//!
//! The path is a file, or a folder whose regular files are all read, in name order (names that
//! start with `.` are passed over); files named `*.gz` are gunzipped as they are read (a gzip
//! stream that is cut or corrupt is an [`CopError::Io`]). Each file is read as a stream, one line at a time: a message
//! starts at a `From ` separator line at the start of the file or after a blank line (so a body's
//! `>From ` or `From` after text is never one), its headers run to the first blank line, and its
//! body is passed over without being kept. Memory grows with the number of messages (their ids
//! and authors), never with the size of the files. CRLF line ends, folded headers (continuation
//! lines start with a space or a tab), 8-bit headers (UTF-8, else Latin-1) and RFC 2047 encoded
//! words (`=?utf-8?q?…?=`, `=?iso-8859-1?b?…?=`, for UTF-8, ASCII and Latin-1) are read.
//!
//! ## Mapping
//!
//! `<list>` is [`PlatformImport::name`](super::platform::PlatformImport::name) (default: the
//! folder's or file's name without extension). Members are keyed `ml:<list>:<address>` (the
//! `From` address, lower-cased); threads `ml:<list>:<Message-ID>` (without its `<>`). The
//! community is [`PlatformImport::community`](super::platform::PlatformImport::community) for
//! every event; the list is one public space of it, named `<list>`.
//!
//! | source record | event kind | member | target | thread | domain | time |
//! |---|---|---|---|---|---|---|
//! | a message with neither `In-Reply-To` nor `References` | `ask` | `From` | — | its own `Message-ID` | — | `Date` |
//! | a message with `In-Reply-To` or `References` (a reply) | `answer` | `From` | the author of its parent (none when that is the sender) | the parent's thread | — | `Date` |
//! | a reply whose parent is not in the archive | `answer` | `From` | — | the first id of `References` (else `In-Reply-To`) | — | `Date` |
//! | a message whose `Message-ID` was seen before | no event: left out as `duplicate` | | | | | |
//! | the `From` header's name and address | no event: the member's identity (`mbox`, the display name, the address, no login) | | | | | |
//!
//! **Parents.** A reply's parent is the message its `In-Reply-To` names, when the archive holds
//! it; else the last message of its `References` that the archive holds. Every file is read
//! before any parent is looked up, so a thread may span files (months). A reply keeps the
//! thread of its root, however deep; a message naming itself is not its own parent, and a loop
//! of replies is cut where it closes.
//!
//! **Domain.** None: the subject's tag (`[Clearwater]`) names the list, not a topic, and the
//! `Subject` makes no event.
//!
//! **People.** `From` may be `Name <a@b>`, `"Name" <a@b>`, `a@b (Name)`, `a@b`, or pipermail's
//! obfuscated `a at b (Name)` (read as `a@b`). A name that is only an address is dropped. The
//! address is what lets [`people::resolve`](crate::model::people::resolve) merge the person with their
//! git commits or chat profile. List robots are flagged as bots: the addresses of
//! [`looks_like_bot`](crate::model::people::looks_like_bot), and local parts `mailman`,
//! `mailman-owner`, `mailer-daemon`, `noreply`, `no-reply`, `donotreply`, `do-not-reply`, or
//! ending in `-bounces`, `-request`, `-owner` (or `-bounces+…`, VERP), or starting with `owner-`.
//!
//! **Dates.** RFC 2822 / 5322 with any offset; `-0000` (an unknown zone) is read as UTC. Trailing
//! comments (`(PDT)`), a missing weekday, missing seconds, two-digit years, zone names (`GMT`,
//! `EST`, …) and a date without zone (read as UTC) are tolerated.
//!
//! **Bad records.** A message without a `From` address or a `Date` that can be read (or with an
//! address over 254 bytes, a `Message-ID` over 512 bytes) is a bad record: [`CopError::Record`]
//! names the file, the line of its `From ` separator and the field (`From`, `Date`,
//! `Message-ID`). So is text before a file's first separator (the file is not an mbox; its
//! first line of text, no field). A message without `Message-ID` is kept (its thread, if it
//! starts one, is keyed `ml:<list>:<file>:<line>`) but no reply can name it.
//!
//! ```no_run
//! use cop_core::Landscape;
//! use cop_core::ingest::platform::{Platform, PlatformImport};
//!
//! let mut landscape = Landscape::new();
//! let options = PlatformImport::default().name("clearwater");
//! let report = landscape.import_platform(Platform::Mbox, "archives/".as_ref(), &options)?;
//! println!("{} events: {:?}", report.recorded, report.events);
//! # Ok::<(), cop_core::CopError>(())
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime};
use indexmap::IndexSet;

use super::platform::{Act, Gathered, Person, record_error};
use crate::error::{CopError, Result};
use crate::model::people::Identity;
use crate::{Space, Visibility};

/// The most bytes of one line kept (the rest of a longer line is passed over).
const MAX_LINE_BYTES: usize = 16 * 1024;
/// The most bytes of one header kept, folded lines included.
const MAX_HEADER_BYTES: usize = 64 * 1024;
/// The longest e-mail address (RFC 5321's path limit).
const MAX_ADDRESS_BYTES: usize = 254;
/// The longest message id kept (longer ids of `In-Reply-To` and `References` are ignored).
const MAX_ID_BYTES: usize = 512;

/// Reads the archive at `path` (a file or a folder of files) into `gathered`.
pub(crate) fn read(path: &Path, gathered: &mut Gathered) -> Result<()> {
    let mut archive = Archive::default();
    let folder = path.is_dir();
    for file in files(path)? {
        let mut input = open(&file)?;
        // In a folder, a file that does not begin as an mbox (a README beside the archives) is
        // passed over; a file named on its own must be one.
        if folder && !begins_as_mbox(&mut input).map_err(|e| io_error(&file, e))? {
            gathered.leave_out("not an mbox file");
            continue;
        }
        archive.read_file(&file, input, gathered)?;
    }
    archive.finish(gathered);
    Ok(())
}

/// A file of the archive, read through gzip when its name ends in `.gz`.
fn open(file: &Path) -> Result<Box<dyn BufRead>> {
    let f = File::open(file).map_err(|e| io_error(file, e))?;
    Ok(if file.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")) {
        Box::new(BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(f)))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, f))
    })
}

/// Whether the input's first line is an mbox separator (looked at without consuming it).
fn begins_as_mbox(input: &mut dyn BufRead) -> std::io::Result<bool> {
    let start = input.fill_buf()?;
    let first = start.split(|&b| b == b'\n').next().unwrap_or_default();
    Ok(is_separator(without_line_end(first)))
}

fn io_error(file: &Path, e: std::io::Error) -> CopError {
    CopError::Io(std::io::Error::new(e.kind(), format!("{}: {e}", file.display())))
}

/// The files of an archive: `path` itself, or the regular files of the folder in name order.
fn files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    if !meta.is_dir() {
        return Err(CopError::invalid("path", format!("{} is neither a file nor a folder", path.display())));
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| io_error(path, e))? {
        let entry = entry.map_err(|e| io_error(path, e))?;
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && entry.path().is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// The headers of one message that are read (values unfolded, as text).
#[derive(Debug, Default)]
struct Raw {
    /// The 1-based line of its `From ` separator.
    line: u64,
    from: String,
    date: String,
    message_id: String,
    in_reply_to: String,
    references: String,
}

impl Raw {
    fn header_mut(&mut self, name: &[u8]) -> Option<&mut String> {
        let name = name.trim_ascii();
        let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        if is("from") {
            Some(&mut self.from)
        } else if is("date") {
            Some(&mut self.date)
        } else if is("message-id") {
            Some(&mut self.message_id)
        } else if is("in-reply-to") {
            Some(&mut self.in_reply_to)
        } else if is("references") {
            Some(&mut self.references)
        } else {
            None
        }
    }
}

/// What one file gives, in order.
enum Record {
    Message(Raw),
    /// Text before the first separator: the file is not an mbox (its line).
    Stray(u64),
}

/// Where the reader is in a message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Preamble,
    Headers,
    Body,
}

/// Whether a line is an mbox separator: `From ` then the sender and the asctime date
/// (`From a at b.com  Tue Sep  1 01:03:26 2015`, optionally with a zone after the year). A body
/// line that merely begins with "From " after a blank line ("From the UI, I changed…"), which
/// pipermail does not escape, is not one: it has no time followed by a year.
fn is_separator(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else { return false };
    let words: Vec<&[u8]> = rest.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).collect();
    let is_time = |w: &[u8]| {
        let parts: Vec<&[u8]> = w.split(|&b| b == b':').collect();
        (2..=3).contains(&parts.len())
            && parts.iter().all(|p| (1..=2).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
    };
    let is_year = |w: &[u8]| w.len() == 4 && w.iter().all(u8::is_ascii_digit);
    words.windows(2).any(|pair| is_time(pair[0]) && is_year(pair[1]))
}

/// Splits an mbox into messages, calling `each` with every message's headers (and with the
/// first line of text before the first separator, if any).
fn split(mut input: impl BufRead, each: &mut impl FnMut(Record) -> Result<()>) -> Result<()> {
    let mut buf = Vec::with_capacity(256);
    let (mut state, mut line, mut after_blank) = (State::Preamble, 0u64, true);
    let mut current: Option<Raw> = None;
    // The header being read, if it is one that is kept (for its folded lines).
    let mut kept: Option<&'static str> = None;
    loop {
        buf.clear();
        if read_line(&mut input, &mut buf, MAX_LINE_BYTES)? == 0 {
            break;
        }
        line += 1;
        let text = without_line_end(&buf);
        if after_blank && is_separator(text) {
            if let Some(raw) = current.replace(Raw { line, ..Raw::default() }) {
                each(Record::Message(raw))?;
            }
            (state, after_blank, kept) = (State::Headers, false, None);
            continue;
        }
        after_blank = text.is_empty();
        match state {
            State::Preamble if !text.is_empty() => {
                each(Record::Stray(line))?;
                state = State::Body; // once per file; the rest up to a separator is passed over
            }
            State::Headers if text.is_empty() => state = State::Body,
            State::Headers => {
                let Some(raw) = current.as_mut() else { continue };
                kept = add_header_line(raw, kept, text);
            }
            _ => {}
        }
    }
    if let Some(raw) = current {
        each(Record::Message(raw))?;
    }
    Ok(())
}

/// Adds a header line (a new header or a folded continuation) to `raw`; returns the header
/// now being read if it is kept.
fn add_header_line(raw: &mut Raw, kept: Option<&'static str>, text: &[u8]) -> Option<&'static str> {
    let folded = matches!(text.first(), Some(b' ' | b'\t'));
    let (name, value): (&'static str, &[u8]) = if folded {
        (kept?, text)
    } else {
        let colon = memchr::memchr(b':', text)?;
        let name = &text[..colon];
        let value = &text[colon + 1..];
        let field = raw.header_mut(name)?;
        if !field.is_empty() {
            return None; // a repeated header: the first one counts
        }
        (header_name(name)?, value)
    };
    let field = raw.header_mut(name.as_bytes())?;
    if field.len() + value.len() <= MAX_HEADER_BYTES {
        field.push_str(&text_of(value));
    }
    Some(name)
}

/// The static name of a kept header.
fn header_name(name: &[u8]) -> Option<&'static str> {
    ["from", "date", "message-id", "in-reply-to", "references"]
        .into_iter()
        .find(|n| name.trim_ascii().eq_ignore_ascii_case(n.as_bytes()))
}

/// Bytes of a header as text: UTF-8 when they are, else Latin-1.
fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.into(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect::<String>().into(),
    }
}

fn without_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads one line (through its `\n`) into `buf`, keeping at most `max` bytes of it; returns the
/// bytes read (0 at the end of the input).
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(read);
        }
        let (end, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..end.min(room)]);
        input.consume(end);
        read += end;
        if done {
            return Ok(read);
        }
    }
}

/// A message as kept until every file is read.
struct Message {
    time: i64,
    /// The index of its author in [`Archive::members`].
    author: u32,
    /// The id (in [`Archive::ids`]) of the thread it starts if it has no parent: its own id, or
    /// the first id it names as a reply.
    root: u32,
    reply: bool,
    /// The ids (in [`Archive::ids`]) it names as a reply, in the order they are tried as its
    /// parent.
    parents: Box<[u32]>,
}

/// What a message's headers say, read.
struct Parsed {
    name: String,
    address: String,
    time: i64,
    id: Option<String>,
    in_reply_to: Option<String>,
    references: Vec<String>,
}

/// No message (in [`Archive::message_of`]).
const NONE: u32 = u32::MAX;

/// Every message of the archive, gathered file by file.
#[derive(Default)]
struct Archive {
    messages: Vec<Message>,
    /// Every id met (of messages, `In-Reply-To` and `References`), once.
    ids: IndexSet<String>,
    /// The message of each id of [`Archive::ids`], or [`NONE`].
    message_of: Vec<u32>,
    /// Member keys, and people, by lower-cased address.
    addresses: HashMap<String, u32>,
    members: Vec<(String, Person)>,
}

impl Archive {
    fn read_file(&mut self, file: &Path, input: impl BufRead, gathered: &mut Gathered) -> Result<()> {
        let shown = file.display().to_string();
        let name = file.file_name().map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        split(input, &mut |record| match record {
            Record::Stray(line) => {
                let message = "text before the first `From ` separator line: not an mbox file";
                gathered.bad(record_error(&shown, line, None, message))
            }
            Record::Message(raw) => {
                gathered.read(&name);
                match parse(&raw) {
                    Ok(parsed) => {
                        self.add(parsed, &name, raw.line, gathered);
                        Ok(())
                    }
                    Err((field, message)) => {
                        gathered.bad(record_error(&shown, raw.line, Some(field), message))
                    }
                }
            }
        })
        .map_err(|e| match e {
            CopError::Io(e) => io_error(file, e),
            other => other,
        })
    }

    /// The index of an id in [`Archive::ids`], added on first sight.
    fn id(&mut self, id: String) -> u32 {
        let (index, added) = self.ids.insert_full(id);
        if added {
            self.message_of.push(NONE);
        }
        index as u32
    }

    /// Adds a message (of `file`, its separator at `line`), unless its id was seen before.
    fn add(&mut self, parsed: Parsed, file: &str, line: u64, gathered: &mut Gathered) {
        let Parsed { name, address, time, id, in_reply_to, references } = parsed;
        let index = self.messages.len() as u32;
        let own = id.map(|id| self.id(id));
        if let Some(own) = own {
            match self.message_of.get_mut(own as usize) {
                Some(m) if *m == NONE => *m = index,
                _ => {
                    gathered.leave_out("duplicate");
                    return;
                }
            }
        }
        let reply = in_reply_to.is_some() || !references.is_empty();
        let root = references.first().or(in_reply_to.as_ref()).cloned();
        let root = match (root, own) {
            (Some(root), _) => self.id(root),
            (None, Some(own)) => own,
            (None, None) => self.id(format!("{file}:{line}")),
        };
        let parents = in_reply_to
            .into_iter()
            .chain(references.into_iter().rev())
            .map(|p| self.id(p))
            .filter(|&p| Some(p) != own)
            .collect();
        let author = self.author(name, address, gathered.name());
        self.messages.push(Message { time, author, root, reply, parents });
    }

    /// The index of the member of `address`, added on first sight (the first name given is kept).
    fn author(&mut self, name: String, address: String, list: &str) -> u32 {
        if let Some(&i) = self.addresses.get(&address) {
            if let Some((_, person)) = self.members.get_mut(i as usize)
                && person.identity.name.is_empty()
            {
                person.identity.name = name;
            }
            return i;
        }
        let i = self.members.len() as u32;
        let key = format!("ml:{list}:{address}");
        let bot = is_list_robot(&address);
        let identity =
            Identity { source: "mbox".to_owned(), name, email: address.clone(), login: String::new() };
        self.members.push((key, Person { identity, joined: None, bot, staff: false }));
        self.addresses.insert(address, i);
        i
    }

    /// Resolves every reply's parent and thread, and hands the acts and people to `gathered`.
    fn finish(self, gathered: &mut Gathered) {
        let list = gathered.name().to_owned();
        let parents: Vec<Option<u32>> =
            self.messages.iter().enumerate().map(|(i, m)| self.parent(i as u32, m)).collect();
        let threads = threads(&parents);
        let member = |m: &Message| self.members.get(m.author as usize).map(|(key, _)| key.clone());
        for (i, message) in self.messages.iter().enumerate() {
            let root = threads.get(i).and_then(|&r| self.messages.get(r as usize)).unwrap_or(message);
            let target = parents[i]
                .and_then(|p| self.messages.get(p as usize))
                .filter(|p| p.author != message.author)
                .and_then(member);
            let thread = self.ids.get_index(root.root as usize).map(|id| format!("ml:{list}:{id}"));
            gathered.acts.push(Act {
                time: message.time,
                kind: if message.reply { "answer" } else { "ask" },
                member: member(message).unwrap_or_default(),
                target,
                thread,
                domain: None,
            });
        }
        if !self.messages.is_empty() {
            gathered.space(Space { name: list, visibility: Visibility::Public });
        }
        gathered.people.extend(self.members);
    }

    /// The parent of message `i` in the archive, if it is a reply to a message the archive holds.
    fn parent(&self, i: u32, message: &Message) -> Option<u32> {
        let archived = |id: &u32| self.message_of.get(*id as usize).copied().filter(|&m| m != NONE);
        message.parents.iter().filter_map(archived).find(|&m| m != i)
    }
}

/// Reads the headers of a message, or says which field is bad and why.
fn parse(raw: &Raw) -> std::result::Result<Parsed, (&'static str, String)> {
    let quoted = |value: &str| {
        if value.trim().is_empty() { "missing".to_owned() } else { format!("cannot read {:?}", echo(value)) }
    };
    let (name, address) = parse_from(&raw.from).ok_or_else(|| ("From", quoted(&raw.from)))?;
    if address.len() > MAX_ADDRESS_BYTES {
        let message = format!("the address is {} bytes long; at most {MAX_ADDRESS_BYTES}", address.len());
        return Err(("From", message));
    }
    let time = parse_date(&raw.date).ok_or_else(|| ("Date", quoted(&raw.date)))?;
    let id = message_ids(&raw.message_id).into_iter().next();
    if raw.message_id.len() > MAX_ID_BYTES && id.is_none() {
        return Err(("Message-ID", format!("longer than {MAX_ID_BYTES} bytes")));
    }
    let in_reply_to = message_ids(&raw.in_reply_to).into_iter().next();
    let references = message_ids(&raw.references);
    Ok(Parsed { name, address, time, id, in_reply_to, references })
}

/// The root of every message's thread (an index), following parents; a loop is cut where it
/// closes (the message that closes it is a root).
fn threads(parents: &[Option<u32>]) -> Vec<u32> {
    let mut roots = vec![NONE; parents.len()];
    let mut on_path = vec![false; parents.len()];
    let mut path = Vec::new();
    for start in 0..parents.len() {
        let mut at = start;
        let root = loop {
            if roots[at] != NONE {
                break roots[at];
            }
            path.push(at);
            on_path[at] = true;
            match parents[at].map(|p| p as usize) {
                Some(p) if p < parents.len() && !on_path[p] => at = p,
                _ => break at as u32,
            }
        };
        for &i in &path {
            roots[i] = root;
            on_path[i] = false;
        }
        path.clear();
    }
    roots
}

/// A value as quoted in a message: its first 100 characters.
fn echo(text: &str) -> String {
    crate::limits::echo(text.trim()).into_owned()
}

/// The ids of a header (`<a@b> <c@d>`, white space inside removed), or the value itself when it
/// has no `<…>` but looks like one id; ids over [`MAX_ID_BYTES`] are left out.
fn message_ids(value: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else { break };
        let id: String = rest[open + 1..open + close].split_whitespace().collect();
        if !id.is_empty() && id.len() <= MAX_ID_BYTES {
            ids.push(id);
        }
        rest = &rest[open + close + 1..];
    }
    let bare = value.trim();
    if ids.is_empty()
        && !value.contains('<')
        && bare.contains('@')
        && !bare.contains(char::is_whitespace)
        && bare.len() <= MAX_ID_BYTES
    {
        ids.push(bare.to_owned());
    }
    ids
}

/// The display name and lower-cased address of a `From` header: `Name <a@b>`, `a@b (Name)`,
/// `a@b`, or pipermail's `a at b (Name)`.
fn parse_from(value: &str) -> Option<(String, String)> {
    let value = value.trim();
    let (name, address) = if let Some(open) = value.rfind('<')
        && let Some(close) = value[open..].find('>')
    {
        (&value[..open], &value[open + 1..open + close])
    } else if let Some(inner) = value.strip_suffix(')')
        && let Some(open) = inner.find('(')
    {
        (&inner[open + 1..], &inner[..open])
    } else {
        ("", value)
    };
    let address = address_of(address)?;
    let name = display_name(name, &address);
    Some((name, address))
}

/// An address, lower-cased (pipermail's ` at ` read as `@`), if it looks like one.
fn address_of(text: &str) -> Option<String> {
    let text = text.trim();
    let address = if text.contains('@') { text.to_owned() } else { text.replacen(" at ", "@", 1) };
    let (local, domain) = address.split_once('@')?;
    let valid = !local.is_empty() && !domain.is_empty() && !address.contains(char::is_whitespace);
    valid.then(|| address.to_lowercase())
}

/// A display name: unquoted, its encoded words decoded, white space collapsed; empty when it
/// is only an address.
fn display_name(name: &str, address: &str) -> String {
    let name = name.trim();
    let name = match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => name.to_owned(),
    };
    let name = decode_words(&name).split_whitespace().collect::<Vec<_>>().join(" ");
    let is_address = name.contains('@') || address_of(&name).is_some_and(|a| a == address);
    if is_address { String::new() } else { name }
}

/// Whether an address is a list robot's (see the module docs).
fn is_list_robot(address: &str) -> bool {
    let local = address.split('@').next().unwrap_or_default();
    let local = local.split('+').next().unwrap_or_default();
    const NAMES: [&str; 7] =
        ["mailman", "mailman-owner", "mailer-daemon", "noreply", "no-reply", "donotreply", "do-not-reply"];
    NAMES.contains(&local)
        || ["-bounces", "-request", "-owner"].iter().any(|s| local.ends_with(s))
        || local.starts_with("owner-")
}

/// Decodes the RFC 2047 encoded words of a header (UTF-8, ASCII and Latin-1; Windows-1252 and
/// ISO 8859-15 read as Latin-1); white space between two encoded words goes, as the RFC says.
/// Words of other charsets, or that cannot be decoded, are left as they are.
fn decode_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        match encoded_word(candidate) {
            Some((decoded, len)) => {
                if !(after_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&decoded);
                rest = candidate.get(len..).unwrap_or_default();
                after_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = &candidate[2..];
                after_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The encoded word at the start of `text` (`=?charset?Q|B?payload?=`): its text and length.
fn encoded_word(text: &str) -> Option<(String, usize)> {
    let inner = text.strip_prefix("=?")?;
    let (charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let payload = &rest[..end];
    if payload.contains(char::is_whitespace) {
        return None;
    }
    let len = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    let bytes = match encoding {
        "Q" | "q" => decode_q(payload)?,
        "B" | "b" => decode_base64(payload)?,
        _ => return None,
    };
    let charset = charset.split('*').next().unwrap_or_default().to_ascii_lowercase();
    let text = match charset.as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => String::from_utf8_lossy(&bytes).into_owned(),
        "iso-8859-1" | "latin1" | "latin-1" | "iso-8859-15" | "windows-1252" | "cp1252" => {
            bytes.iter().map(|&b| char::from(b)).collect()
        }
        _ => return None,
    };
    Some((text, len))
}

/// The bytes of a `Q` payload (`_` a space, `=XX` a byte).
fn decode_q(payload: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(payload.len());
    let mut bytes = payload.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = [bytes.next()?, bytes.next()?];
                let hex = std::str::from_utf8(&hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
            }
            _ => out.push(b),
        }
    }
    Some(out)
}

/// The bytes of a `B` payload (standard base64, padding optional).
fn decode_base64(payload: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(payload.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for b in payload.trim_end_matches('=').bytes() {
        let value = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

/// A `Date` header in seconds since the epoch: RFC 2822, else the common variants of the module
/// docs.
fn parse_date(value: &str) -> Option<i64> {
    let text = value.trim();
    let seconds = match DateTime::parse_from_rfc2822(text) {
        Ok(time) => time.timestamp(),
        Err(_) => match DateTime::parse_from_rfc3339(text) {
            Ok(time) => time.timestamp(),
            Err(_) => parse_date_loosely(text)?,
        },
    };
    crate::limits::time_in_range(seconds).then_some(seconds)
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// `[Weekday,] D Mon YYYY H:M[:S] [zone] [(comment)]`, or asctime's `Mon D H:M:S YYYY [zone]`,
/// with a two-digit year, a zone name or no zone (UTC).
fn parse_date_loosely(text: &str) -> Option<i64> {
    let cleaned = without_comments(text).replace(',', " ");
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.first().is_some_and(|w| WEEKDAYS.contains(&prefix3(w).as_str())) {
        words.remove(0);
    }
    let month_of = |w: &str| MONTHS.iter().position(|m| *m == prefix3(w)).map(|m| m as u32 + 1);
    let (day, month, year, time, zone) = match words.as_slice() {
        [d, m, y, t, rest @ ..] if month_of(m).is_some() => (*d, month_of(m)?, *y, *t, rest.first()),
        [m, d, t, y, rest @ ..] if month_of(m).is_some() => (*d, month_of(m)?, *y, *t, rest.first()),
        _ => return None,
    };
    let year: i32 = match year.parse().ok()? {
        y @ 0..50 if year.len() <= 2 => y + 2000,
        y @ 50..100 if year.len() <= 2 => y + 1900,
        y @ 100..1000 if year.len() == 3 => y + 1900,
        y => y,
    };
    let time = time.split('.').next()?;
    let mut hms = time.split(':').map(str::parse::<u32>);
    let (h, mi, s) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next().unwrap_or(Ok(0)).ok()?);
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day.parse().ok()?)?;
    let naive: NaiveDateTime = date.and_hms_opt(h, mi, s)?;
    Some(naive.and_utc().timestamp() - zone.map_or(Some(0), |z| zone_offset(z))?)
}

fn prefix3(word: &str) -> String {
    word.chars().take(3).collect::<String>().to_ascii_lowercase()
}

/// A text without its `(comments)`.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The offset of a zone (`+0200`, `-05:00`, `GMT`, `EDT`…) in seconds east of UTC; a name it
/// does not know is UTC, as RFC 2822 reads the military zones.
fn zone_offset(zone: &str) -> Option<i64> {
    if let Some(sign) = zone.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (h, m): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
        let offset = h * 3600 + m * 60;
        return Some(if sign == '-' { -offset } else { offset });
    }
    let hours = match zone.to_ascii_uppercase().as_str() {
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        "CET" | "BST" => 1,
        "CEST" => 2,
        _ => 0,
    };
    Some(hours * 3600)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ingest::platform::Platform;

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("From x@y Mon Jan  1 00:00:00 2024".to_owned()),
            Just(String::new()),
            Just("From: Ada <a@b>".to_owned()),
            Just("From: a at b (=?utf-8?b?w6k?=)".to_owned()),
            Just("Date: Mon, 1 Jan 2024 10:00 +0000".to_owned()),
            Just("Date: 1 Jan 99 25:61 -9999".to_owned()),
            Just("Message-ID: <a@b>".to_owned()),
            Just("In-Reply-To: <a@b>".to_owned()),
            Just("References: <c@d> <a@b".to_owned()),
            Just("\t<c@d>".to_owned()),
            "\\PC{0,30}",
        ]
    }

    proptest! {
        /// Whatever the input, reading it ends without a panic: messages or bad records.
        #[test]
        fn any_input_is_read_without_panic(lines in proptest::collection::vec(line(), 0..40), crlf: bool) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            let mut gathered = Gathered::new(Platform::Mbox, "p".to_owned(), true);
            let mut archive = Archive::default();
            archive.read_file(Path::new("x.mbox"), text.as_bytes(), &mut gathered).unwrap();
            archive.finish(&mut gathered);
            let read: usize = gathered.report.records.values().sum();
            prop_assert!(gathered.acts.len() <= read);
        }

        #[test]
        fn any_header_is_read_without_panic(text in "\\PC{0,60}") {
            let _ = (parse_date(&text), parse_from(&text), decode_words(&text), message_ids(&text));
        }
    }

    #[test]
    fn separators_carry_a_time_and_a_year() {
        assert!(is_separator(b"From crbertoldo at gmail.com  Tue Sep  1 01:03:26 2015"));
        assert!(is_separator(b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011"));
        assert!(is_separator(b"From a@b Mon Jan  1 00:00 2024 +0000"));
        // A body line of the real Clearwater archive (2015-08), after a blank line: not one.
        assert!(!is_separator(b"From the FHoSS UI -> Application Server, i changed the Server Name"));
        assert!(!is_separator(b"From 10:30 until 2024 we met"[..14].as_ref()));
        assert!(!is_separator(b"From"));
        let text = "From a@b.org  Mon Jan  1 10:00:00 2024\nFrom: a@b.org\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\
                    Message-ID: <1@b>\n\nHi,\n\nFrom the UI I changed the name.\n";
        let mut gathered = Gathered::new(Platform::Mbox, "p".to_owned(), false);
        let mut archive = Archive::default();
        archive.read_file(Path::new("x.mbox"), text.as_bytes(), &mut gathered).unwrap();
        archive.finish(&mut gathered);
        assert_eq!(gathered.acts.len(), 1);
    }

    #[test]
    fn from_headers() {
        let cases = [
            ("crbertoldo at gmail.com (Claudio Bertoldo)", "Claudio Bertoldo", "crbertoldo@gmail.com"),
            ("Ada Lovelace <Ada@Example.org>", "Ada Lovelace", "ada@example.org"),
            ("\"Hopper, Grace\" <grace@navy.mil>", "Hopper, Grace", "grace@navy.mil"),
            ("<solo@x.org>", "", "solo@x.org"),
            ("bare@x.org", "", "bare@x.org"),
            ("linus@x.org (Linus)", "Linus", "linus@x.org"),
            ("nicklin at itri.org.tw (nicklin at itri.org.tw)", "", "nicklin@itri.org.tw"),
            ("=?utf-8?q?Ren=C3=A9_Descartes?= <rene@x.fr>", "René Descartes", "rene@x.fr"),
            ("=?ISO-8859-1?B?Sm9yZ2UgTfxsbGVy?= <jm@x.de>", "Jorge Müller", "jm@x.de"),
            ("=?utf-8?q?Jos=C3=A9?= =?utf-8?q?_Mart=C3=AD?= <jm@x.es>", "José Martí", "jm@x.es"),
        ];
        for (header, name, address) in cases {
            assert_eq!(parse_from(header), Some((name.to_owned(), address.to_owned())), "{header}");
        }
        for bad in ["", "Ada Lovelace", "<>", "a b@c", "@x.org", "Name <at>"] {
            assert_eq!(parse_from(bad), None, "{bad}");
        }
    }

    #[test]
    fn encoded_words_left_alone_when_unknown_or_broken() {
        assert_eq!(decode_words("=?koi8-r?q?abc?= x"), "=?koi8-r?q?abc?= x");
        assert_eq!(decode_words("a =?utf-8?q?=ZZ?= b"), "a =?utf-8?q?=ZZ?= b");
        assert_eq!(decode_words("=?utf-8?b?w6k=?= et =?utf-8?b?w6k?="), "é et é");
        assert_eq!(decode_words("50% =? off"), "50% =? off");
    }

    #[test]
    fn dates() {
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().timestamp();
        let cases = [
            ("Tue, 1 Sep 2015 02:03:26 -0300", "2015-09-01T05:03:26Z"),
            ("Mon, 28 Sep 2015 12:04:00 -0000", "2015-09-28T12:04:00Z"),
            ("Thu, 01 Oct 2015 22:05:13 -0500 (CDT)", "2015-10-02T03:05:13Z"),
            ("1 Oct 2015 22:05:13 +0200", "2015-10-01T20:05:13Z"),
            ("Thu, 1 Oct 2015 22:05 +0000", "2015-10-01T22:05:00Z"),
            ("Thu, 1 Oct 15 22:05:13 GMT", "2015-10-01T22:05:13Z"),
            ("Thu, 1 Oct 2015 22:05:13 PDT", "2015-10-02T05:05:13Z"),
            ("Thu, 1 Oct 2015 22:05:13", "2015-10-01T22:05:13Z"),
            ("Thu, 1 Sept 2015 22:05:13 +0000 (GMT)", "2015-09-01T22:05:13Z"),
            ("Thursday, 1 Oct 2015 22:05:13 +02:00", "2015-10-01T20:05:13Z"),
            ("Thu Oct  1 22:05:13 2015", "2015-10-01T22:05:13Z"),
            ("2015-10-01T22:05:13+01:00", "2015-10-01T21:05:13Z"),
        ];
        for (header, expected) in cases {
            assert_eq!(parse_date(header), Some(utc(expected)), "{header}");
        }
        for bad in [
            "",
            "yesterday",
            "09/08/2015 10:49PM",
            "Thu, 32 Oct 2015 22:05:13 +0000",
            "1 Oct 2015 25:00 +0000",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn ids() {
        assert_eq!(message_ids(" <a@b>\n\t<c @d> junk <>"), ["a@b", "c@d"]);
        assert_eq!(message_ids("a@b"), ["a@b"]);
        assert!(message_ids("a b").is_empty());
        assert_eq!(message_ids("<x@y> (Ada's message of Tue)"), ["x@y"]);
    }

    #[test]
    fn robots() {
        for robot in [
            "clearwater-bounces@lists.x.org",
            "mailman-owner@x.org",
            "list-request@x.org",
            "noreply@x.org",
            "mailer-daemon@x.org",
            "l-bounces+ada=x.org@x.org",
            "owner-list@x.org",
        ] {
            assert!(is_list_robot(robot), "{robot}");
        }
        assert!(!is_list_robot("ada@x.org"));
    }

    #[test]
    fn loops_of_replies_are_cut() {
        // 0 ← 1 ← 2, and 3 ↔ 4 replying to each other, 5 to itself.
        let parents = [None, Some(0), Some(1), Some(4), Some(3), Some(5)];
        assert_eq!(threads(&parents), [0, 0, 0, 4, 4, 5]);
    }

    #[test]
    fn long_lines_are_cut_and_read_through() {
        let text = format!("{}\nnext\n", "x".repeat(100));
        let mut input = text.as_bytes();
        let mut buf = Vec::new();
        assert_eq!(read_line(&mut input, &mut buf, 10).unwrap(), 101);
        assert_eq!(buf.len(), 10);
        buf.clear();
        assert_eq!(read_line(&mut input, &mut buf, 10).unwrap(), 5);
        assert_eq!(buf, b"next\n");
    }
}
