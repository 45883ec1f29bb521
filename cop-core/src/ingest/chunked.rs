//! The fast path of CSV import: chunks of whole lines, parsed and resolved on every core, then
//! appended in order.
//!
//! Most event files are *plain*: valid UTF-8, no quoted fields, `\n` or `\r\n` line ends. In a
//! plain file a record is a line and a field is what lies between two commas, so a chunk of
//! lines can be cut at any line end and its pieces parsed independently. Each piece also looks
//! its keys up in the landscape as it stands (read-only, so pieces run in parallel): a record
//! whose keys all exist leaves the piece as a finished row. Appending the rows, and recording
//! the few records that bring a new key, is then a short sequential pass in line order, so ids
//! are given exactly as one-by-one recording gives them. Parsing uses the same
//! [`parse_fields`] as the `csv` path, so both give the same events and the same errors.
//!
//! A chunk that is not plain is handed, with the rest of the input, to the `csv` crate.

use std::io::{Cursor, Read};

use rayon::prelude::*;

use super::resolve::{Hashes, KEYS, Lookup, each_key_column};
use super::{KIND, MEMBER, TIME, parse_fields};
use crate::model::landscape::{KeyedEvent, Landscape};
use crate::model::log::Row;

/// Bytes read at a time (a chunk holds whole lines, so it may be a little shorter or, for a
/// line longer than this, longer).
/// (Tiny under test, so that small inputs span many chunks and pieces.)
const CHUNK_BYTES: usize = if cfg!(test) { 97 } else { 1 << 20 };

/// The smallest piece of a chunk worth a task of its own.
const PIECE_BYTES: usize = if cfg!(test) { 16 } else { 1 << 16 };

/// Input read in chunks of whole lines.
pub(super) struct Lines<R> {
    reader: R,
    /// The start of a line not yet complete at the end of the last chunk.
    carry: Vec<u8>,
    eof: bool,
}

impl<R: Read> Lines<R> {
    pub(super) fn new(reader: R) -> Self {
        Lines { reader, carry: Vec::new(), eof: false }
    }

    /// The next chunk of whole lines (the input's last line may lack its line end); empty at
    /// the end of the input.
    pub(super) fn next_chunk(&mut self) -> std::io::Result<Vec<u8>> {
        let mut chunk = std::mem::take(&mut self.carry);
        let mut searched = 0;
        loop {
            if !self.eof {
                let want = CHUNK_BYTES.saturating_sub(chunk.len()).max(PIECE_BYTES);
                chunk.reserve_exact(want);
                let got = (&mut self.reader).take(want as u64).read_to_end(&mut chunk)?;
                self.eof = got < want;
            }
            if self.eof {
                return Ok(chunk);
            }
            if let Some(i) = memchr::memrchr(b'\n', &chunk[searched..]) {
                self.carry = chunk.split_off(searched + i + 1);
                return Ok(chunk);
            }
            searched = chunk.len(); // one line longer than a chunk: read on
        }
    }

    /// What is left of the input, unread.
    pub(super) fn rest(self) -> impl Read {
        Cursor::new(self.carry).chain(self.reader)
    }
}

/// The chunk as text if it is plain (see the module docs), else its bytes back.
pub(super) fn plain_text(bytes: Vec<u8>) -> Result<String, Vec<u8>> {
    let lone_cr = memchr::memchr_iter(b'\r', &bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if lone_cr || memchr::memchr(b'"', &bytes).is_some() || u32::try_from(bytes.len()).is_err() {
        return Err(bytes);
    }
    String::from_utf8(bytes).map_err(|e| e.into_bytes())
}

/// Which event field each column holds.
pub(super) struct Layout {
    /// The column of each field.
    columns: [Option<usize>; 9],
    /// The field of each column up to the last one used.
    fields: Vec<Option<usize>>,
}

impl Layout {
    pub(super) fn new(columns: [Option<usize>; 9]) -> Self {
        let used = columns.iter().flatten().max().map_or(0, |&c| c + 1);
        let mut fields = vec![None; used];
        for (f, column) in columns.iter().enumerate() {
            if let Some(c) = *column {
                fields[c] = Some(f);
            }
        }
        Layout { columns, fields }
    }
}

/// Where a field lies in its chunk, or no field ([`Span::NONE`]).
#[derive(Clone, Copy, Debug)]
struct Span {
    start: u32,
    len: u32,
}

impl Span {
    /// No field (a chunk is shorter than `u32::MAX` bytes, so no field ends there).
    const NONE: Span = Span { start: u32::MAX, len: 0 };

    fn of(field: &str, chunk: &str) -> Span {
        let start = field.as_ptr() as usize - chunk.as_ptr() as usize;
        Span { start: start as u32, len: field.len() as u32 }
    }

    fn of_optional(field: Option<&str>, chunk: &str) -> Span {
        field.map_or(Span::NONE, |f| Span::of(f, chunk))
    }

    fn text(self, chunk: &str) -> &str {
        &chunk[self.start as usize..(self.start + self.len) as usize]
    }

    fn optional_text(self, chunk: &str) -> Option<&str> {
        (self.start != u32::MAX).then(|| self.text(chunk))
    }
}

/// A parsed record: the positions of its kind and keys (one per [`KEY_COLUMNS`] entry), its
/// time and weight. Kept small (the records of a chunk are written by the parse, then read by
/// the lookups and by the recording): the key hashes are computed where they are used.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fields {
    time: i64,
    weight: Option<f32>,
    kind: Span,
    keys: [Span; KEYS],
}

impl Fields {
    fn of(event: &KeyedEvent<'_>, chunk: &str) -> Fields {
        let mut keys = [Span::NONE; KEYS];
        each_key_column!(|c, column| keys[c] = Span::of_optional((column.key)(event), chunk));
        Fields { time: event.time, weight: event.weight, kind: Span::of(event.kind, chunk), keys }
    }

    /// The event, borrowing its keys from the chunk.
    pub(super) fn event<'c>(&self, chunk: &'c str) -> KeyedEvent<'c> {
        let mut event = KeyedEvent {
            time: self.time,
            kind: self.kind.text(chunk),
            weight: self.weight,
            ..KeyedEvent::default()
        };
        each_key_column!(|c, column| (column.set_key)(&mut event, self.keys[c].optional_text(chunk)));
        event
    }
}

/// A parsed record.
pub(super) enum Parsed {
    /// Every key exists: the row to append.
    Known(Row),
    /// Not looked up yet, or some key is new (or the event would be refused): then it is
    /// recorded one by one.
    Unknown(Fields),
    /// A bad record: the field at fault and what is wrong.
    Bad(Box<(usize, String)>),
}

/// A record of a chunk: its line (from 0 at the chunk's first line) and what it holds.
pub(super) struct Record {
    pub(super) line: u32,
    pub(super) parsed: Parsed,
}

// A record is written by the parse and read twice after: its size is most of the memory traffic.
const _: () = assert!(std::mem::size_of::<Record>() <= 88);

/// A parsed chunk: its text and its records, in order.
pub(super) struct ParsedChunk {
    pub(super) text: String,
    /// The records of each piece, in order.
    pub(super) pieces: Vec<Piece>,
    /// Lines in the chunk, blank ones included.
    pub(super) lines: u64,
}

/// The records of one piece of a chunk.
pub(super) struct Piece {
    /// The line of the piece's first line within the chunk (from 0).
    pub(super) first_line: u32,
    pub(super) records: Vec<Record>,
}

impl ParsedChunk {
    /// The records in order, each with its line within the chunk (from 0).
    pub(super) fn records(&self) -> impl Iterator<Item = (u32, &Record)> {
        self.pieces.iter().flat_map(|p| p.records.iter().map(move |r| (p.first_line + r.line, r)))
    }

    /// Looks the keys of every parsed record up in `landscape` (read-only, pieces in parallel):
    /// a record whose keys all exist becomes a finished row.
    pub(super) fn resolve(&mut self, landscape: &Landscape) {
        let text = &self.text;
        self.pieces.par_iter_mut().for_each(|piece| {
            let mut lookup = Lookup::default();
            for record in &mut piece.records {
                if let Parsed::Unknown(fields) = &record.parsed {
                    let event = fields.event(text);
                    if let Some(row) = lookup.known(landscape, &event, &Hashes::of(&event)) {
                        record.parsed = Parsed::Known(row);
                    }
                }
            }
        });
    }
}

/// Parses a plain chunk, its pieces in parallel (every good record is `Unknown` until
/// [`ParsedChunk::resolve`]).
pub(super) fn parse(text: String, layout: &Layout) -> ParsedChunk {
    let bytes = text.as_bytes();
    let pieces = (rayon::current_num_threads() * 4).clamp(1, bytes.len() / PIECE_BYTES + 1);
    let mut cuts = vec![0];
    for p in 1..pieces {
        let at = (bytes.len() * p / pieces).max(*cuts.last().unwrap_or(&0));
        match memchr::memchr(b'\n', &bytes[at..]) {
            Some(i) => cuts.push(at + i + 1),
            None => break,
        }
    }
    cuts.push(bytes.len());
    cuts.dedup();
    let parts: Vec<(Vec<Record>, u32)> =
        cuts.par_windows(2).map(|w| parse_piece(&text, w[0], w[1], layout)).collect();
    let mut pieces = Vec::with_capacity(parts.len());
    let mut lines = 0u32;
    for (records, n) in parts {
        pieces.push(Piece { first_line: lines, records });
        lines += n;
    }
    ParsedChunk { text, pieces, lines: u64::from(lines) }
}

/// Parses the lines of `chunk[start..end]`; returns the records and the number of lines.
fn parse_piece(chunk: &str, start: usize, end: usize, layout: &Layout) -> (Vec<Record>, u32) {
    let bytes = chunk.as_bytes();
    let mut records = Vec::with_capacity((end - start) / 40);
    let (mut at, mut line) = (start, 0u32);
    while at < end {
        let stop = memchr::memchr(b'\n', &bytes[at..end]).map_or(end, |i| at + i);
        let text = &chunk[at..stop];
        let text = text.strip_suffix('\r').unwrap_or(text);
        if !text.is_empty() {
            let parsed = match parse_line(text, chunk, layout) {
                Err(fault) => Parsed::Bad(fault),
                Ok(fields) => Parsed::Unknown(fields),
            };
            records.push(Record { line, parsed });
        }
        line += 1;
        at = stop + 1;
    }
    (records, line)
}

fn parse_line(line: &str, chunk: &str, layout: &Layout) -> Result<Fields, Box<(usize, String)>> {
    let mut text = [""; 9];
    let mut count = 0;
    let (bytes, mut start) = (line.as_bytes(), 0);
    loop {
        let end = bytes[start..].iter().position(|&b| b == b',').map_or(bytes.len(), |i| start + i);
        match layout.fields.get(count) {
            Some(Some(f)) => text[*f] = &line[start..end],
            Some(None) => {}
            None => break, // past the last column used: every used one is there
        }
        count += 1;
        if end == bytes.len() {
            break;
        }
        start = end + 1;
    }
    for f in [MEMBER, TIME, KIND] {
        if layout.columns[f].is_some_and(|c| c >= count) {
            return Err(Box::new((f, format!("the record has {count} fields, fewer than the header"))));
        }
    }
    let event = parse_fields(&text).map_err(Box::new)?;
    Ok(Fields::of(&event, chunk))
}
