//! Reading and writing event files: CSV and JSON Lines.
//!
//! The format (DESIGN.md): a header with the required columns `member,time,kind` and the optional
//! `domain,target,community,artifact,weight,thread`, in any order; other columns are ignored.
//! `time` is read by [`crate::model::time::parse_time`]: RFC 3339, a date and time in UTC
//! (`2024-02-01 10:00:00`), a date (`2024-02-01`, its start) or a Unix epoch number read by its
//! magnitude (seconds, milliseconds, microseconds or nanoseconds); `kind` a word, matched without
//! regard to case (unknown words are kept as custom kinds); `thread` links an answer, comment or
//! accept to the question that opened the thread; empty optional cells mean "none". JSON Lines
//! carry the same field names, one object per line (`time` as a string or a number, read as in
//! CSV); blank lines are skipped.
//!
//! Members, domains, communities, artifacts and kinds not seen before are created on first sight;
//! [`ImportOptions::strict`] refuses them instead. A bad record is never applied, and its error
//! names the line, the column and what was wrong. [`OnError::Stop`] (the default) stops at the
//! first bad record and undoes the whole import; [`OnError::Skip`] skips bad records, applies the
//! rest and reports every one.

pub mod chat;
mod chunked;
pub mod coded;
pub mod discourse;
pub mod durable;
#[cfg(feature = "git")]
pub mod git;
pub mod github;
#[cfg(feature = "git")]
pub mod history;
pub mod identities;
pub mod mbox;
pub mod platform;
mod resolve;
pub mod snapshot;
pub mod stackexchange;
pub mod store;

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read, Write};

use serde::{Deserialize, Serialize};

use crate::error::{CopError, RecordError, Result};
use crate::model::landscape::{Bulk, Checkpoint, KeyedEvent, Landscape};
use crate::model::log::{MAX_EVENTS, Row};
use crate::model::time::{epoch_seconds, epoch_seconds_f64, parse_time};
use resolve::{Hashes, KEY_COLUMNS, Resolver};

/// What to do with a bad record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Stop at the first bad record and apply nothing of the input.
    #[default]
    Stop,
    /// Skip bad records, apply the others, and report every bad one.
    Skip,
}

/// How to import an event file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Refuse members, domains, communities, artifacts and kinds that do not exist yet.
    pub strict: bool,
    /// Stop at the first bad record (all or nothing) or skip bad records.
    pub on_error: OnError,
    /// A name for the input (a file name), used in error messages.
    pub source: Option<String>,
}

impl ImportOptions {
    /// The same options, refusing unknown keys.
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// The same options, skipping bad records.
    pub fn skip_bad_records(mut self) -> Self {
        self.on_error = OnError::Skip;
        self
    }

    /// The same options, naming the input in error messages.
    pub fn source(mut self, name: impl Into<String>) -> Self {
        self.source = Some(name.into());
        self
    }
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ImportReport {
    /// Events recorded.
    pub recorded: usize,
    /// Bad records that were skipped (only with [`OnError::Skip`]).
    pub skipped: Vec<RecordError>,
}

/// The number of fields of the event format: time, kind, weight and the key columns.
pub(crate) const FIELD_COUNT: usize = 3 + resolve::KEYS;
/// The fields of the event format, in the column order of exports: the value columns at their
/// places, the key columns named by [`KEY_COLUMNS`](resolve::KEY_COLUMNS).
const FIELDS: [&str; FIELD_COUNT] = fields();
const MEMBER: usize = 0;
const TIME: usize = 1;
const KIND: usize = 2;
const COMMUNITY: usize = 5;
const WEIGHT: usize = 7;

const fn fields() -> [&'static str; FIELD_COUNT] {
    let mut fields = [""; FIELD_COUNT];
    (fields[TIME], fields[KIND], fields[WEIGHT]) = ("time", "kind", "weight");
    let mut c = 0;
    while c < resolve::KEYS {
        let column = &resolve::KEY_COLUMNS[c];
        assert!(fields[column.field].is_empty(), "two fields at one place");
        fields[column.field] = column.name;
        c += 1;
    }
    assert!(same(fields[MEMBER], "member") && same(fields[COMMUNITY], "community"));
    fields
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() && a[i] == b[i] {
        i += 1;
    }
    i == a.len() && i == b.len()
}

/// One import in progress: the undo point, the options and the report.
struct Session<'o> {
    options: &'o ImportOptions,
    checkpoint: Checkpoint,
    report: ImportReport,
    resolver: Resolver,
}

impl<'o> Session<'o> {
    fn new(landscape: &Landscape, options: &'o ImportOptions) -> Self {
        Session {
            options,
            checkpoint: landscape.checkpoint(),
            report: ImportReport::default(),
            resolver: Resolver::new(options.strict),
        }
    }

    fn error(
        &self,
        line: u64,
        column: Option<u32>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> RecordError {
        RecordError {
            source: self.options.source.clone(),
            line,
            column,
            field: field.map(str::to_owned),
            message: {
                let message = message.into();
                match crate::limits::shorten_quoted(&message) {
                    Cow::Borrowed(_) => message,
                    Cow::Owned(short) => short,
                }
            },
        }
    }

    /// A bad record: stop (undo everything) or note it and go on.
    fn bad(&mut self, landscape: &mut Landscape, error: RecordError) -> Result<()> {
        match self.options.on_error {
            OnError::Stop => {
                landscape.rollback(self.checkpoint);
                Err(CopError::Record(error))
            }
            OnError::Skip => {
                self.report.skipped.push(error);
                Ok(())
            }
        }
    }

    /// The column of each field, from the header's names (trimmed, any case, a leading BOM
    /// ignored; unknown names are ignored too).
    fn columns<'h>(&self, names: impl Iterator<Item = &'h [u8]>) -> Result<[Option<usize>; 9]> {
        let mut columns: [Option<usize>; 9] = [None; 9];
        for (i, name) in names.enumerate() {
            let name = String::from_utf8_lossy(name);
            let name = name.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
            if let Some(f) = FIELDS.iter().position(|&f| f == name) {
                if columns[f].is_some() {
                    let error =
                        self.error(1, Some(i as u32 + 1), Some(FIELDS[f]), "the column appears twice");
                    return Err(CopError::Record(error));
                }
                columns[f] = Some(i);
            }
        }
        for required in [MEMBER, TIME, KIND] {
            if columns[required].is_none() {
                let error = self.error(
                    1,
                    None,
                    Some(FIELDS[required]),
                    format!("the header lacks the required column `{}`", FIELDS[required]),
                );
                return Err(CopError::Record(error));
            }
        }
        Ok(columns)
    }

    /// Records the records of a parsed chunk whose first line is `first_line`.
    fn record_chunk(
        &mut self,
        landscape: &mut Bulk<'_>,
        chunk: &chunked::ParsedChunk,
        first_line: u64,
        column_of: impl Fn(usize) -> Option<u32> + Copy,
    ) -> Result<()> {
        for (line, record) in chunk.records() {
            let line = first_line + u64::from(line);
            match &record.parsed {
                chunked::Parsed::Known(row) if landscape.log().len() < MAX_EVENTS => {
                    landscape.apply(*row);
                    self.report.recorded += 1;
                }
                chunked::Parsed::Known(_) => self.log_full(landscape, line)?,
                chunked::Parsed::Unknown(fields) => {
                    let event = fields.event(&chunk.text);
                    self.record(landscape, &event, &Hashes::of(&event), line, column_of)?;
                }
                chunked::Parsed::Bad(fault) => {
                    let (f, message) = &**fault;
                    let error = self.error(line, column_of(*f), Some(FIELDS[*f]), message.clone());
                    self.bad(landscape, error)?;
                }
            }
        }
        Ok(())
    }

    /// A record refused because the log is full (it holds [`MAX_EVENTS`]).
    fn log_full(&mut self, landscape: &mut Landscape, line: u64) -> Result<()> {
        let full = CopError::Capacity { what: "events", limit: MAX_EVENTS as u64 };
        let error = self.error(line, None, None, full.to_string());
        self.bad(landscape, error)
    }

    /// A failure of the input itself (I/O): undo everything.
    fn fatal(&self, landscape: &mut Landscape, error: CopError) -> CopError {
        landscape.rollback(self.checkpoint);
        error
    }

    /// Records an event named by keys (`hashes`: [`Hashes::of`] it), turning a refusal into a
    /// record error naming the field; the row recorded, if it was.
    fn record(
        &mut self,
        landscape: &mut Bulk<'_>,
        event: &KeyedEvent<'_>,
        hashes: &Hashes,
        line: u64,
        column_of: impl Fn(usize) -> Option<u32>,
    ) -> Result<Option<Row>> {
        let row = self.resolve(landscape, event, hashes, line, column_of, false)?;
        if let Some(row) = row {
            landscape.apply(row);
            self.report.recorded += 1;
        }
        Ok(row)
    }

    /// [`Session::record`] but for appending the row: its new keys are created and the row
    /// returned, or the refusal noted (or the import stopped). `new`: the caller found that
    /// the event does not have all its keys in the landscape (see [`Resolver::new_row`]).
    fn resolve(
        &mut self,
        landscape: &mut Bulk<'_>,
        event: &KeyedEvent<'_>,
        hashes: &Hashes,
        line: u64,
        column_of: impl Fn(usize) -> Option<u32>,
        new: bool,
    ) -> Result<Option<Row>> {
        let row = if new {
            self.resolver.new_row(landscape, event, hashes)
        } else {
            self.resolver.row(landscape, event, hashes)
        };
        match row {
            Ok(row) => Ok(Some(row)),
            Err(e) => {
                let field = resolve::field_of(&e, event);
                let error =
                    self.error(line, field.and_then(&column_of), field.map(|f| FIELDS[f]), e.to_string());
                self.bad(landscape, error).map(|()| None)
            }
        }
    }
}

/// `text` without leading and trailing whitespace ([`str::trim`]), at once when its ends are
/// visible ASCII, as in nearly every cell.
fn trim_cell(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (None, _) => text,
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

fn optional(text: &str) -> Option<&str> {
    let text = trim_cell(text);
    (!text.is_empty()).then_some(text)
}

fn parse_weight(text: &str) -> Result<Option<f32>, String> {
    match optional(text) {
        None => Ok(None),
        Some(text) => text.parse::<f32>().map(Some).map_err(|_| format!("`{text}` is not a number")),
    }
}

impl Landscape {
    /// Imports events from CSV (see the [module docs](crate::ingest) for the format).
    ///
    /// ```
    /// use cop_core::{CopError, ImportOptions, Landscape};
    ///
    /// let mut landscape = Landscape::new();
    /// let bad = "member,time,kind\nada,2024-01-01T00:00:00Z,ask\ngrace,not-a-time,answer\n";
    /// let err = landscape.import_csv(bad.as_bytes(), &ImportOptions::default().source("x.csv")).unwrap_err();
    /// assert!(err.to_string().starts_with("x.csv:3:2: field `time`:"), "{err}");
    /// assert_eq!(landscape.counts().events, 0); // all or nothing
    ///
    /// let report = landscape.import_csv(bad.as_bytes(), &ImportOptions::default().skip_bad_records())?;
    /// assert_eq!((report.recorded, report.skipped.len()), (1, 1));
    /// # Ok::<(), CopError>(())
    /// ```
    pub fn import_csv<R: Read>(&mut self, reader: R, options: &ImportOptions) -> Result<ImportReport> {
        self.bulk(|bulk| bulk.import_csv_rows(reader, options))
    }

    /// Imports events from JSON Lines: one object per line with the fields of the CSV format.
    pub fn import_jsonl<R: Read>(&mut self, reader: R, options: &ImportOptions) -> Result<ImportReport> {
        self.bulk(|bulk| bulk.import_jsonl_rows(reader, options))
    }

    /// Records events named by keys, as an import does: unknown keys are created unless
    /// [`ImportOptions::strict`]; a bad event is reported with its 1-based position as the "line"
    /// and the field at fault; [`OnError::Stop`] records nothing when one is bad. This is the
    /// bulk path of the bindings (arrays of keys and times).
    pub fn record_keyed_batch<'e, I>(&mut self, events: I, options: &ImportOptions) -> Result<ImportReport>
    where
        I: IntoIterator<Item = KeyedEvent<'e>>,
    {
        self.bulk(|landscape| {
            let mut session = Session::new(landscape, options);
            let events = events.into_iter();
            landscape.log.reserve(events.size_hint().0);
            for (i, event) in events.enumerate() {
                session.record(landscape, &event, &Hashes::of(&event), i as u64 + 1, |_| None)?;
            }
            Ok(session.report)
        })
    }

    /// Writes every event as CSV in the event file format, in time order. Keys are written
    /// for ids; the default community as an empty cell. The `thread` column is written when
    /// some event is in a thread.
    pub fn export_csv<W: Write>(&self, writer: W) -> Result<()> {
        let mut csv = csv::Writer::from_writer(writer);
        // The last column (`thread`) came last to the format: files without it stay as they were.
        let used = FIELDS.len() - usize::from(self.log.columns().thread.is_none());
        csv.write_record(&FIELDS[..used]).map_err(io_of_csv)?;
        for event in self.events() {
            let fields = self.event_fields(&event);
            csv.write_record(fields[..used].iter().map(|f| f.as_deref().unwrap_or(""))).map_err(io_of_csv)?;
        }
        csv.flush()?;
        Ok(())
    }

    /// Writes every event as JSON Lines, in time order; absent fields are left out.
    pub fn export_jsonl<W: Write>(&self, writer: W) -> Result<()> {
        self.write_jsonl(self.events(), writer)
    }

    /// Writes the events recorded from id `from` on as JSON Lines, in their order of recording
    /// (the journal of a [durable landscape](crate::ingest::store)).
    /// Writes the events recorded from position `from` of the record on (those of members left out
    /// of analyses included, under the identities they named), as JSON Lines.
    pub(crate) fn export_jsonl_from<W: Write>(&self, from: usize, writer: W) -> Result<()> {
        let record = self
            .people
            .recorded
            .as_ref()
            .map(|rows| crate::model::log::EventLog::from_rows(&rows[from.min(rows.len())..]));
        let (log, from) = match &record {
            Some(record) => (record, 0),
            None => (self.log(), from),
        };
        let events = (from..log.len()).filter_map(|i| log.get(crate::EventId(i as u32)));
        self.write_jsonl(events, writer)
    }

    fn write_jsonl<W: Write>(&self, events: impl Iterator<Item = crate::Event>, writer: W) -> Result<()> {
        let mut writer = std::io::BufWriter::new(writer);
        for event in events {
            let fields = self.event_fields(&event);
            let mut object = serde_json::Map::new();
            for (name, value) in FIELDS.iter().zip(fields) {
                if let Some(value) = value {
                    let value = if *name == "weight" {
                        serde_json::Value::from(value.parse::<f64>().unwrap_or_default())
                    } else {
                        serde_json::Value::from(value)
                    };
                    object.insert((*name).to_owned(), value);
                }
            }
            serde_json::to_writer(&mut writer, &object).map_err(|e| CopError::Io(e.into()))?;
            writer.write_all(b"\n")?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// The readers, within the bulk recording of an import.
impl Bulk<'_> {
    fn import_csv_rows<R: Read>(&mut self, reader: R, options: &ImportOptions) -> Result<ImportReport> {
        let mut session = Session::new(self, options);
        let mut lines = chunked::Lines::new(reader);
        let first = match lines.next_chunk() {
            Ok(chunk) => chunk,
            Err(e) => return Err(session.fatal(self, e.into())),
        };
        // The fast path needs a plain first line as the header; otherwise the csv crate reads all.
        let header_end = memchr::memchr(b'\n', &first).map_or(first.len(), |i| i + 1);
        let plain = match chunked::plain_text(first) {
            Ok(text) if !text[..header_end].trim().is_empty() => text,
            Ok(text) => {
                return self.import_csv_records(text.as_bytes().chain(lines.rest()), session, None, 0);
            }
            Err(bytes) => {
                return self.import_csv_records(bytes.as_slice().chain(lines.rest()), session, None, 0);
            }
        };
        let header = plain[..header_end].trim_end_matches(['\n', '\r']);
        let columns = match session.columns(header.split(',').map(str::as_bytes)) {
            Ok(columns) => columns,
            Err(e) => return Err(session.fatal(self, e)),
        };
        let column_of = |f: usize| columns[f].map(|i| i as u32 + 1);
        let layout = chunked::Layout::new(columns);
        let mut parsed = chunked::parse(plain[header_end..].to_owned(), &layout);
        drop(plain);
        let mut line = 2; // of the chunk's first record
        loop {
            // Look keys up on every core, then record this chunk while the next is parsed.
            parsed.resolve(self);
            let next = match lines.next_chunk() {
                Ok(chunk) => chunk,
                Err(e) => return Err(session.fatal(self, e.into())),
            };
            match chunked::plain_text(next) {
                Ok(text) if !text.is_empty() => {
                    let (next, recorded) = rayon::join(
                        || chunked::parse(text, &layout),
                        || session.record_chunk(self, &parsed, line, column_of),
                    );
                    recorded?;
                    line += parsed.lines;
                    parsed = next;
                }
                Ok(_) => {
                    session.record_chunk(self, &parsed, line, column_of)?;
                    return Ok(session.report);
                }
                Err(bytes) => {
                    session.record_chunk(self, &parsed, line, column_of)?;
                    line += parsed.lines;
                    let rest = bytes.as_slice().chain(lines.rest());
                    return self.import_csv_records(rest, session, Some(columns), line - 1);
                }
            }
        }
    }

    /// Reads CSV records with the csv crate: the whole input (`columns` is `None`: the header
    /// comes first), or the rest of it after the fast path (`columns` known, and the line
    /// before the first record).
    fn import_csv_records<R: Read>(
        &mut self,
        reader: R,
        mut session: Session<'_>,
        columns: Option<[Option<usize>; 9]>,
        lines_before: u64,
    ) -> Result<ImportReport> {
        // The csv crate's own line numbers are off with `\r\n` line ends after a quoted field
        // and with lone `\r` line ends: lines are counted here, by the byte a record starts at.
        let lines = std::rc::Rc::new(std::cell::RefCell::new(LineEnds::default()));
        let reader = LineCounting { inner: reader, ends: std::rc::Rc::clone(&lines) };
        let line_at = |position: Option<&csv::Position>| {
            lines_before + position.map_or(0, |p| lines.borrow_mut().line_at(p.byte()))
        };
        let mut csv =
            csv::ReaderBuilder::new().has_headers(columns.is_none()).flexible(true).from_reader(reader);
        let columns = match columns {
            Some(columns) => columns,
            None => {
                let header = match csv.byte_headers() {
                    Ok(header) => header.clone(),
                    Err(e) => return Err(session.fatal(self, csv_error(&session, e))),
                };
                match session.columns(header.iter()) {
                    Ok(columns) => columns,
                    Err(e) => return Err(session.fatal(self, e)),
                }
            }
        };
        let column_of = |f: usize| columns[f].map(|i| i as u32 + 1);
        let mut record = csv::ByteRecord::new();
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = line_at(e.position());
                    if e.is_io_error() {
                        return Err(session.fatal(self, csv_error(&session, e)));
                    }
                    let error = session.error(line, None, None, e.to_string());
                    session.bad(self, error)?;
                    continue;
                }
            }
            let line = line_at(record.position());
            // Each field as text, or the error naming it.
            let mut text: [&str; 9] = [""; 9];
            let mut failure = None;
            for (f, column) in columns.iter().enumerate() {
                let Some(i) = *column else { continue };
                match record.get(i).map(std::str::from_utf8) {
                    Some(Ok(value)) => text[f] = value,
                    Some(Err(_)) => {
                        failure = Some((f, "the value is not valid UTF-8".to_owned()));
                        break;
                    }
                    None if f <= KIND => {
                        failure = Some((
                            f,
                            format!("the record has {} fields, fewer than the header", record.len()),
                        ));
                        break;
                    }
                    None => {}
                }
            }
            let parsed = match failure {
                Some(failure) => Err(failure),
                None => parse_fields(&text),
            };
            match parsed {
                Ok(event) => {
                    session.record(self, &event, &Hashes::of(&event), line, column_of)?;
                }
                Err((f, message)) => {
                    let error = session.error(line, column_of(f), Some(FIELDS[f]), message);
                    session.bad(self, error)?;
                }
            }
        }
        Ok(session.report)
    }

    fn import_jsonl_rows<R: Read>(&mut self, reader: R, options: &ImportOptions) -> Result<ImportReport> {
        let mut session = Session::new(self, options);
        let mut reader = BufReader::new(reader);
        let mut buffer = String::new();
        let mut line = 0u64;
        loop {
            buffer.clear();
            match reader.read_line(&mut buffer) {
                Ok(0) => break,
                Ok(_) => line += 1,
                Err(e) => {
                    let e = if e.kind() == std::io::ErrorKind::InvalidData {
                        CopError::Record(session.error(line + 1, None, None, "the line is not valid UTF-8"))
                    } else {
                        CopError::Io(e)
                    };
                    return Err(session.fatal(self, e));
                }
            }
            let text = buffer.trim();
            if text.is_empty() {
                continue;
            }
            let object: JsonEvent<'_> = match serde_json::from_str(text) {
                Ok(object) => object,
                Err(e) => {
                    // A missing or unknown field is named in the message; a value of the wrong
                    // type is found by its column: the field whose value starts last before it.
                    let field =
                        FIELDS.iter().copied().find(|f| e.to_string().contains(&format!("`{f}`"))).or_else(
                            || {
                                let column = e.column() as u32;
                                FIELDS
                                    .iter()
                                    .filter_map(|&f| {
                                        json_column(text, f).filter(|&c| c <= column + 1).map(|c| (c, f))
                                    })
                                    .max()
                                    .map(|(_, f)| f)
                            },
                        );
                    let error = session.error(line, Some(e.column() as u32), field, json_message(&e));
                    session.bad(self, error)?;
                    continue;
                }
            };
            let column_in_line = |f: usize| json_column(text, FIELDS[f]);
            match object.to_keyed() {
                Ok(event) => {
                    session.record(self, &event, &Hashes::of(&event), line, column_in_line)?;
                }
                Err((f, message)) => {
                    let error = session.error(line, column_in_line(f), Some(FIELDS[f]), message);
                    session.bad(self, error)?;
                }
            }
        }
        Ok(session.report)
    }
}

/// Parses the text of each field into an event, or names the field that is wrong.
fn parse_fields<'a>(text: &[&'a str; 9]) -> Result<KeyedEvent<'a>, (usize, String)> {
    let member = trim_cell(text[MEMBER]);
    if member.is_empty() {
        return Err((MEMBER, "the member is empty".into()));
    }
    let kind = trim_cell(text[KIND]);
    if kind.is_empty() {
        return Err((KIND, "the kind is empty".into()));
    }
    let time = parse_time(text[TIME]).map_err(|e| (TIME, e.to_string()))?;
    let weight = parse_weight(text[WEIGHT]).map_err(|e| (WEIGHT, e))?;
    let mut event = KeyedEvent { member, time, kind, weight, ..KeyedEvent::default() };
    for column in KEY_COLUMNS.iter().filter(|c| !c.required) {
        (column.set_key)(&mut event, optional(text[column.field]));
    }
    Ok(event)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonTime<'a> {
    Seconds(i64),
    Fraction(f64),
    Text(#[serde(borrow)] Cow<'a, str>),
}

/// A JSON Lines record: the text of each field of the event format, `time` and `weight` apart
/// (read as a struct with those fields would be: `member`, `time` and `kind` required, other
/// names ignored).
struct JsonEvent<'a> {
    text: [Option<Cow<'a, str>>; 9],
    time: Option<JsonTime<'a>>,
    weight: Option<f64>,
}

/// A JSON string, borrowed from the line when it has no escapes.
struct JsonText<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for JsonText<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Text;
        impl<'de> serde::de::Visitor<'de> for Text {
            type Value = JsonText<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
                Ok(JsonText(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Self::Value, E> {
                Ok(JsonText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Self::Value, E> {
                Ok(JsonText(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Text)
    }
}

impl<'de> Deserialize<'de> for JsonEvent<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        use serde::de::{Error, IgnoredAny, MapAccess, SeqAccess};
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = JsonEvent<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("struct JsonEvent")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut event = JsonEvent { text: Default::default(), time: None, weight: None };
                let mut seen = [false; 9];
                while let Some(name) = map.next_key::<JsonText<'de>>()? {
                    let Some(f) = FIELDS.iter().position(|&field| field == name.0) else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    if std::mem::replace(&mut seen[f], true) {
                        return Err(A::Error::duplicate_field(FIELDS[f]));
                    }
                    match f {
                        TIME => event.time = Some(map.next_value()?),
                        WEIGHT => event.weight = map.next_value()?,
                        MEMBER | KIND => event.text[f] = Some(map.next_value::<JsonText<'de>>()?.0),
                        _ => event.text[f] = map.next_value::<Option<JsonText<'de>>>()?.map(|t| t.0),
                    }
                }
                match [MEMBER, TIME, KIND].into_iter().find(|&f| !seen[f]) {
                    Some(f) => Err(A::Error::missing_field(FIELDS[f])),
                    None => Ok(event),
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
                let mut event = JsonEvent { text: Default::default(), time: None, weight: None };
                for (f, _) in FIELDS.iter().enumerate() {
                    let present = match f {
                        TIME => seq.next_element()?.map(|t| event.time = Some(t)).is_some(),
                        WEIGHT => seq.next_element()?.map(|w| event.weight = w).is_some(),
                        MEMBER | KIND => {
                            seq.next_element::<JsonText<'de>>()?.map(|t| event.text[f] = Some(t.0)).is_some()
                        }
                        _ => seq
                            .next_element::<Option<JsonText<'de>>>()?
                            .map(|t| event.text[f] = t.map(|t| t.0))
                            .is_some(),
                    };
                    if !present && f <= KIND {
                        return Err(A::Error::invalid_length(f, &"struct JsonEvent with 9 elements"));
                    }
                }
                Ok(event)
            }
        }
        deserializer.deserialize_struct("JsonEvent", &FIELDS, Fields)
    }
}

impl JsonEvent<'_> {
    fn to_keyed(&self) -> Result<KeyedEvent<'_>, (usize, String)> {
        let time = match &self.time {
            Some(JsonTime::Seconds(s)) => epoch_seconds(*s).map_err(|e| (TIME, e.to_string()))?,
            Some(JsonTime::Fraction(f)) => epoch_seconds_f64(*f).map_err(|e| (TIME, e.to_string()))?,
            Some(JsonTime::Text(t)) => parse_time(t).map_err(|e| (TIME, e.to_string()))?,
            None => return Err((TIME, "the time is missing".into())),
        };
        let member = self.text[MEMBER].as_deref().unwrap_or_default().trim();
        if member.is_empty() {
            return Err((MEMBER, "the member is empty".into()));
        }
        let kind = self.text[KIND].as_deref().unwrap_or_default().trim();
        let mut event =
            KeyedEvent { member, time, kind, weight: self.weight.map(|w| w as f32), ..KeyedEvent::default() };
        for column in KEY_COLUMNS.iter().filter(|c| !c.required) {
            (column.set_key)(&mut event, self.text[column.field].as_deref().and_then(optional));
        }
        Ok(event)
    }
}

/// The line ends of an input read so far that no record has passed yet: a line ends at `\n`, at
/// `\r\n` and at a lone `\r` (as the csv crate reads them), each counted once.
#[derive(Debug, Default)]
struct LineEnds {
    /// Bytes read so far.
    offset: u64,
    /// Whether the last byte read was `\r` (a `\n` after it ends no other line).
    after_cr: bool,
    /// The offset of the first byte and the length of each line end not yet passed, in order.
    pending: std::collections::VecDeque<(u64, u64)>,
    /// Line ends already passed.
    passed: u64,
}

impl LineEnds {
    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.offset + i as u64;
            match b {
                b'\r' => self.pending.push_back((at, 1)),
                b'\n' if self.after_cr => {
                    if let Some(last) = self.pending.back_mut().filter(|last| last.0 + 1 == at) {
                        last.1 = 2;
                    }
                }
                b'\n' => self.pending.push_back((at, 1)),
                _ => {}
            }
            self.after_cr = b == b'\r';
        }
        self.offset += bytes.len() as u64;
    }

    /// The 1-based line of a record that the csv crate says starts at byte `offset` (offsets
    /// asked for only grow). The crate gives the start of the blank lines it skipped before a
    /// record, so line ends right at `offset` are passed too: a record never starts with one.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut cursor = offset;
        while let Some(&(start, len)) = self.pending.front() {
            if start < offset {
                self.pending.pop_front();
                cursor = cursor.max(start + len); // the crate may point into a `\r\n`
            } else if start == cursor {
                self.pending.pop_front();
                cursor = start + len;
            } else {
                break;
            }
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// A reader that notes the line ends of what it reads.
struct LineCounting<R> {
    inner: R,
    ends: std::rc::Rc<std::cell::RefCell<LineEnds>>,
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.ends.borrow_mut().scan(&buf[..n]);
        Ok(n)
    }
}

/// The 1-based column (in characters) where the value of field `name` starts in a JSON line, if
/// the field is there.
fn json_column(line: &str, name: &str) -> Option<u32> {
    let key = format!("\"{name}\"");
    let mut from = 0;
    while let Some(i) = line[from..].find(&key) {
        let after = from + i + key.len();
        let rest = line[after..].trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            let value = value.trim_start();
            let at = line.len() - value.len();
            return Some(line[..at].chars().count() as u32 + 1);
        }
        from = after;
    }
    None
}

fn json_message(error: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the record error carries the position itself.
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn csv_error(session: &Session<'_>, error: csv::Error) -> CopError {
    let line = error.position().map_or(1, |p| p.line());
    match error.into_kind() {
        csv::ErrorKind::Io(e) => CopError::Io(e),
        other => CopError::Record(session.error(line, None, None, format!("{other:?}"))),
    }
}

fn io_of_csv(error: csv::Error) -> CopError {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => CopError::Io(e),
        other => CopError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The import through the csv crate alone, as the fast path falls back to.
    fn through_csv_crate(input: &[u8], options: &ImportOptions) -> (Landscape, Result<ImportReport>) {
        let mut landscape = Landscape::new();
        let result = landscape.bulk(|landscape| {
            let session = Session::new(landscape, options);
            landscape.import_csv_records(input, session, None, 0)
        });
        (landscape, result)
    }

    fn ties(landscape: &Landscape) -> Vec<(u32, u32, u32, u64, i64, i64)> {
        let mut ties: Vec<_> = landscape
            .graph()
            .interactions()
            .map(|(a, b, t)| (a.raw(), b.raw(), t.count, t.weight.to_bits(), t.first, t.last))
            .collect();
        ties.sort_unstable();
        ties
    }

    /// Both paths agree: the same events, keys, ties and report, or the same error, line
    /// numbers included (blank lines, `\r\n` and lone `\r` line ends, quoted fields).
    fn agree(input: &[u8], options: &ImportOptions) -> std::result::Result<(), TestCaseError> {
        let mut fast = Landscape::new();
        let fast_result = fast.import_csv(input, options);
        let (slow, slow_result) = through_csv_crate(input, options);
        match (&fast_result, &slow_result) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            _ => prop_assert!(false, "fast {fast_result:?} but csv crate {slow_result:?}"),
        }
        prop_assert!(fast == slow, "the landscapes differ");
        prop_assert_eq!(ties(&fast), ties(&slow));
        prop_assert_eq!(fast.graph().edge_count(), slow.graph().edge_count());
        Ok(())
    }

    #[test]
    fn line_numbers_with_quoted_fields_crlf_and_lone_cr() {
        let cases = [
            // As spreadsheets write them: CRLF line ends and a quoted field.
            ("member,time,kind\r\n\"ada\",2024-01-01,ask\r\nbob,never,ask\r\n", "3:2:"),
            ("member,time,kind\r\n\r\n\"ada\",2024-01-01,ask\r\n\r\nbob,never,ask\r\n", "5:2:"),
            // A quoted field over two lines: the next record starts a line later.
            ("member,time,kind\r\n\"a\r\nda\",2024-01-01,ask\r\nbob,never,ask\r\n", "4:2:"),
            ("member,time,kind\n\"a\nda\",2024-01-01,ask\nbob,never,ask\n", "4:2:"),
            // Lone CR line ends (old Mac files).
            ("member,time,kind\rada,2024-01-01,ask\rbob,never,ask\r", "3:2:"),
            ("member,time,kind\r\"ada\",2024-01-01,ask\r\rbob,never,ask", "4:2:"),
        ];
        for (input, expected) in cases {
            let err = Landscape::new().import_csv(input.as_bytes(), &ImportOptions::default()).unwrap_err();
            assert!(err.to_string().starts_with(expected), "{input:?}: {err}");
        }
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf_line_ends() {
        let input = "member,time,kind\r\n\r\nada,1,ask\r\n\r\ngrace,never,ask\r\n";
        let err = Landscape::new().import_csv(input.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("5:2: field `time`"), "{err}");
    }

    /// A line of an event file: mostly good, sometimes blank, short, quoted, or wrong in one field.
    fn line() -> impl Strategy<Value = String> {
        let good = (0u8..12, 0u32..5_000_000, 0usize..4, 0u8..6, proptest::option::of(0u8..12), 0u8..4)
            .prop_map(|(m, t, k, d, target, w)| {
                let kind = ["ask", "answer", "react", "mentor"][k];
                let domain = if d == 0 { String::new() } else { format!("d{d}") };
                let target = target.map(|t| format!("member-with-a-long-key-{t}")).unwrap_or_default();
                let weight = if w == 0 { "2.5".to_owned() } else { String::new() };
                let time = 1_700_000_000 + t;
                format!("m{m},{time},{kind},{domain},{target},{weight}")
            });
        prop_oneof![
            20 => good,
            1 => Just(String::new()),
            1 => Just(" ".to_owned()),
            1 => Just("m1,1700000000".to_owned()),
            1 => Just("m1,yesterday,ask,,,".to_owned()),
            1 => Just(",1700000000,ask,,,".to_owned()),
            1 => Just("m2,1700000000,Not A Kind,,,".to_owned()),
            1 => Just("m2,1700000000,ask,a//b,,".to_owned()),
            1 => Just("m2,1700000000,ask,,,-1".to_owned()),
            1 => Just("m3,2024-01-01T00:00:00Z,share,,m1,,extra,columns".to_owned()),
            1 => Just("\"m4\",1700000000,ask,,,".to_owned()),
        ]
    }

    fn file() -> impl Strategy<Value = (Vec<u8>, bool, bool)> {
        (proptest::collection::vec(line(), 0..120), any::<bool>(), 0u8..8).prop_map(|(lines, crlf, bad)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("member,time,kind,domain,target,weight{end}");
            for line in &lines {
                text.push_str(line);
                text.push_str(end);
            }
            let mut bytes = text.into_bytes();
            if bad == 0 && bytes.len() > 200 {
                bytes[150] = 0xff; // not UTF-8, somewhere after the first chunk
            }
            (bytes, crlf, bad == 1)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The chunked, parallel path gives what the csv crate gives, error for error.
        #[test]
        fn the_fast_path_agrees_with_the_csv_crate((input, _crlf, strict) in file(), skip in any::<bool>()) {
            let mut options = ImportOptions::default().source("events.csv");
            options.strict = strict;
            if skip {
                options = options.skip_bad_records();
            }
            agree(&input, &options)?;
        }
    }

    #[test]
    fn odd_starts_and_ends_agree() {
        let inputs: [&[u8]; 9] = [
            b"",
            b"member,time,kind",
            b"member,time,kind\n",
            b"\nmember,time,kind\na,1,ask\n",
            b"member,time,kind\na,1,ask",
            b"member,time,kind\r\na,1,ask\r",
            b"\xef\xbb\xbfMember , TIME,kind\na,1,ask\n",
            b"member,time,kind,member\na,1,ask,b\n",
            b"member,time\na,1\n",
        ];
        for input in inputs {
            for options in [ImportOptions::default(), ImportOptions::default().skip_bad_records()] {
                if let Err(e) = agree(input, &options) {
                    panic!("{:?}: {e}", String::from_utf8_lossy(input));
                }
            }
        }
    }

    /// Recording one by one through `record_keyed` (the reference for every bulk path).
    fn one_by_one(events: &[KeyedEvent<'_>]) -> Landscape {
        let mut landscape = Landscape::new();
        for event in events {
            let _ = landscape.record_keyed(event, false);
        }
        landscape
    }

    #[test]
    fn new_members_are_created_as_one_by_one_recording_creates_them() {
        let event = |member, kind, target| KeyedEvent { member, time: 1, kind, target, ..Default::default() };
        let events = [
            event("ada", "ask", Some("ada")),            // targets herself, both new
            event("grace", "Not A Kind", Some("linus")), // refused: nobody is created
            event("grace", "answer", Some("ada")),
            event("linus", "react", Some("margaret")), // two new members
            event("", "ask", None),                    // refused: empty key
            event("bob", "ask", Some("")),             // refused: empty target
        ];
        let expected = one_by_one(&events);
        let mut bulk = Landscape::new();
        let report = bulk.record_keyed_batch(events, &ImportOptions::default().skip_bad_records()).unwrap();
        assert_eq!((report.recorded, report.skipped.len()), (3, 3));
        assert!(bulk == expected);
        assert_eq!(
            bulk.member_ids().filter_map(|m| bulk.member_key(m)).collect::<Vec<_>>(),
            ["ada", "grace", "linus", "margaret"]
        );
        assert_eq!(ties(&bulk), ties(&expected));
    }

    #[test]
    fn threads_agree_on_both_paths_and_refused_rows_create_none() {
        let input = "member,time,kind,thread,weight\n\
            ada,1,ask,q1,\n\
            bob,2,answer,q1,\n\
            cy,3,ask,q2,-1\n\
            cy,4,ask,q3,\n\
            dan,5,Comment,q3,\n\
            eve,6,ask,,\n";
        for options in [ImportOptions::default(), ImportOptions::default().skip_bad_records()] {
            agree(input.as_bytes(), &options).unwrap();
        }
        let mut landscape = Landscape::new();
        let report =
            landscape.import_csv(input.as_bytes(), &ImportOptions::default().skip_bad_records()).unwrap();
        assert_eq!((report.recorded, report.skipped.len()), (5, 1));
        // q2 came only with the refused row (a negative weight): it was never created.
        let threads: Vec<&str> = landscape.thread_keys.iter().collect();
        assert_eq!(threads, ["q1", "q3"]);
        let keyed: Vec<Option<&str>> =
            landscape.events().map(|e| e.thread.and_then(|t| landscape.thread_key(t))).collect();
        assert_eq!(keyed, [Some("q1"), Some("q1"), Some("q3"), Some("q3"), None]);
    }

    #[test]
    fn a_long_line_spans_chunks() {
        let key = "k".repeat(1000);
        let input = format!("member,time,kind\n{key},1,ask\nb,2,answer\n{key},3,ask\n");
        agree(input.as_bytes(), &ImportOptions::default()).unwrap();
        let mut landscape = Landscape::new();
        landscape.import_csv(input.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(landscape.counts().members, 2);
        assert_eq!(landscape.log().of_member(landscape.member_id(&key).unwrap()).len(), 2);
    }
}
