//! A streaming splitter of JSON files into records: the elements of a top-level array (Slack's
//! files) or of an array under a top-level key (DiscordChatExporter's `messages`), each handed
//! over as its own bytes with the line it starts on. Only one record is held at a time; each is
//! then parsed with serde_json, and [`record`] turns a parse failure into a [`CopError::Record`]
//! naming the line and the field.

use std::io::BufRead;

use serde::Deserialize;

use super::super::platform::record_error;
use crate::error::{CopError, Result};

/// Reads JSON from `input` one value at a time, counting lines.
pub(super) struct Scanner<'f, R> {
    input: R,
    file: &'f str,
    /// The 1-based line of the next byte.
    line: u64,
}

impl<'f, R: BufRead> Scanner<'f, R> {
    pub(super) fn new(input: R, file: &'f str) -> Self {
        Scanner { input, file, line: 1 }
    }

    /// The 1-based line of the next byte.
    pub(super) fn line(&self) -> u64 {
        self.line
    }

    fn syntax(&self, message: impl Into<String>) -> CopError {
        record_error(self.file, self.line, None, format!("bad JSON: {}", message.into()))
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        Ok(self.input.fill_buf()?.first().copied())
    }

    fn skip_ws(&mut self) -> Result<()> {
        loop {
            let buf = self.input.fill_buf()?;
            let n = buf.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')).count();
            self.line += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
            let all = n == buf.len() && n > 0;
            self.input.consume(n);
            if !all {
                return Ok(());
            }
        }
    }

    /// Consumes `byte` (after white space), or fails naming what was expected.
    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        self.skip_ws()?;
        match self.peek()? {
            Some(b) if b == byte => {
                self.input.consume(1);
                Ok(())
            }
            Some(b) => Err(self.syntax(format!("expected {what}, found `{}`", char::from(b)))),
            None => Err(self.syntax(format!("expected {what}, found the end of the file"))),
        }
    }

    /// Copies the next value (after white space) into `out`; returns the line it starts on.
    /// Brackets and strings are matched; the rest is left for serde_json to check.
    pub(super) fn value(&mut self, out: &mut Vec<u8>) -> Result<u64> {
        self.skip_ws()?;
        out.clear();
        let start = self.line;
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                if out.is_empty() || depth > 0 || in_string {
                    return Err(self.syntax("the file ends inside a value"));
                }
                return Ok(start);
            }
            let (used, done) = scan_value(buf, &mut depth, &mut in_string, &mut escaped);
            out.extend_from_slice(&buf[..used]);
            self.line += memchr::memchr_iter(b'\n', &buf[..used]).count() as u64;
            self.input.consume(used);
            if done && out.is_empty() {
                return Err(self.syntax("expected a value"));
            }
            if done {
                return Ok(start);
            }
        }
    }

    /// Calls `each` with every element of the array that comes next, and its line.
    pub(super) fn array(&mut self, mut each: impl FnMut(u64, &[u8]) -> Result<()>) -> Result<()> {
        self.expect(b'[', "`[`")?;
        self.skip_ws()?;
        if self.peek()? == Some(b']') {
            self.input.consume(1);
            return Ok(());
        }
        let mut element = Vec::with_capacity(1 << 12);
        loop {
            let line = self.value(&mut element)?;
            each(line, &element)?;
            self.skip_ws()?;
            match self.peek()? {
                Some(b',') => self.input.consume(1),
                Some(b']') => {
                    self.input.consume(1);
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `]` after an element")),
            }
        }
    }

    /// Calls `each` with every key of the object that comes next; `each` reads the key's value.
    pub(super) fn object(&mut self, mut each: impl FnMut(&str, &mut Self) -> Result<()>) -> Result<()> {
        self.expect(b'{', "`{`")?;
        self.skip_ws()?;
        if self.peek()? == Some(b'}') {
            self.input.consume(1);
            return Ok(());
        }
        let mut raw = Vec::new();
        loop {
            let line = self.value(&mut raw)?;
            let key: String = serde_json::from_slice(&raw)
                .map_err(|_| record_error(self.file, line, None, "bad JSON: expected a key"))?;
            self.expect(b':', "`:`")?;
            each(&key, self)?;
            self.skip_ws()?;
            match self.peek()? {
                Some(b',') => self.input.consume(1),
                Some(b'}') => {
                    self.input.consume(1);
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `}` after a value")),
            }
        }
    }

    /// Fails unless only white space is left.
    pub(super) fn end(&mut self) -> Result<()> {
        self.skip_ws()?;
        match self.peek()? {
            None => Ok(()),
            Some(_) => Err(self.syntax("more after the end of the document")),
        }
    }
}

/// Scans `buf` for the end of a value: how many bytes belong to it, and whether it ended.
fn scan_value(buf: &[u8], depth: &mut usize, in_string: &mut bool, escaped: &mut bool) -> (usize, bool) {
    let mut i = 0;
    while i < buf.len() {
        if *in_string {
            if *escaped {
                *escaped = false;
                i += 1;
                continue;
            }
            match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                None => return (buf.len(), false),
                Some(j) if buf[i + j] == b'\\' => {
                    *escaped = true;
                    i += j + 1;
                }
                Some(j) => {
                    *in_string = false;
                    i += j + 1;
                    if *depth == 0 {
                        return (i, true);
                    }
                }
            }
            continue;
        }
        match buf[i] {
            b'"' => *in_string = true,
            b'{' | b'[' => *depth += 1,
            b'}' | b']' | b',' | b' ' | b'\t' | b'\n' | b'\r' if *depth == 0 => return (i, true),
            b'}' | b']' => {
                *depth -= 1;
                if *depth == 0 {
                    return (i + 1, true);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (buf.len(), false)
}

/// Parses one record; a failure names the line and, when it can be told, the field (a path of
/// object keys such as `reactions.users`).
pub(super) fn record<'a, T: Deserialize<'a>>(bytes: &'a [u8], file: &str, line: u64) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| {
        let at = line + (e.line() as u64).saturating_sub(1);
        let message = without_position(&e);
        if e.is_syntax() || e.is_eof() {
            return record_error(file, at, None, format!("bad JSON: {message}"));
        }
        if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
            return record_error(file, line, Some(field), "missing");
        }
        let offset = offset_of(bytes, e.line(), e.column());
        let field = field_at(bytes, offset);
        record_error(file, at, field.as_deref(), message)
    })
}

/// serde_json's message without its " at line L column C" (the record error has its own).
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The byte offset of a 1-based line and column in `bytes`.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', bytes).nth(line - 2).map_or(bytes.len(), |i| i + 1)
    };
    (start + column.saturating_sub(1)).min(bytes.len())
}

/// The path of object keys (`a.b`) whose value holds byte `offset` of the JSON object `bytes`.
pub(super) fn field_at(bytes: &[u8], offset: usize) -> Option<String> {
    let mut keys: Vec<Option<String>> = Vec::new(); // per open bracket: the current key, if an object
    let (mut i, mut last_string) = (0, None::<(usize, usize)>);
    while i < offset.min(bytes.len()) {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i + 1);
                last_string = Some((i, end));
                i = end;
                continue;
            }
            b':' => {
                if let (Some(slot), Some((s, e))) = (keys.last_mut(), last_string) {
                    *slot = serde_json::from_slice::<String>(&bytes[s..e]).ok();
                }
            }
            b'{' => keys.push(None),
            b'[' => keys.push(Some(String::new())),
            b'}' | b']' => {
                keys.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let path: Vec<&str> = keys.iter().flatten().map(String::as_str).filter(|k| !k.is_empty()).collect();
    (!path.is_empty()).then(|| path.join("."))
}

/// The offset just past the string whose contents start at `from`.
fn string_end(bytes: &[u8], mut from: usize) -> usize {
    while let Some(j) = memchr::memchr2(b'"', b'\\', bytes.get(from..).unwrap_or_default()) {
        if bytes[from + j] == b'\\' {
            from += j + 2;
        } else {
            return from + j + 1;
        }
    }
    bytes.len()
}

/// The 1-based line, counted from `line` where `bytes` start, of the top-level `key` of the
/// object `bytes` (`line` itself when absent).
pub(super) fn line_of_key(bytes: &[u8], line: u64, key: &str) -> u64 {
    let needle = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], needle.as_bytes()) {
        let at = from + i;
        let rest = &bytes[at + needle.len()..];
        let colon = rest.iter().position(|b| !b.is_ascii_whitespace()).is_some_and(|p| rest[p] == b':');
        if colon && field_at(bytes, at + needle.len() + 1).is_none_or(|f| f == key) {
            return line + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
        }
        from = at + needle.len();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(text: &str) -> Result<Vec<(u64, String)>> {
        let mut out = Vec::new();
        let mut scanner = Scanner::new(std::io::BufReader::with_capacity(7, text.as_bytes()), "f.json");
        scanner.array(|line, bytes| {
            out.push((line, String::from_utf8_lossy(bytes).into_owned()));
            Ok(())
        })?;
        scanner.end()?;
        Ok(out)
    }

    #[test]
    fn splits_arrays_across_small_buffers() {
        let text = "[\n {\"a\": \"x]\\\"}\"},\n 12 ,\n\n [1, [2]], \"s\", true\n]\n";
        let got = elements(text).unwrap();
        let expected = [(2, "{\"a\": \"x]\\\"}\"}"), (3, "12"), (5, "[1, [2]]"), (5, "\"s\""), (5, "true")];
        assert_eq!(got, expected.map(|(l, s)| (l, s.to_owned())));
        assert_eq!(elements("[]").unwrap(), []);
        assert_eq!(elements(" [ ] \n").unwrap(), []);
    }

    #[test]
    fn syntax_errors_name_their_line() {
        for (text, line) in
            [("[\n1\n2]", 3), ("[\n{\"a\": 1}\n", 3), ("\n\n{}", 3), ("[1] x", 1), ("[\n}", 2)]
        {
            let error = elements(text).unwrap_err();
            let CopError::Record(r) = &error else { panic!("{error}") };
            assert_eq!(r.line, line, "{text:?}: {error}");
        }
    }

    #[test]
    fn fields_of_errors() {
        let text = br#"{"a": 1, "b": {"c": [1, "x"]}, "d": 2}"#;
        assert_eq!(field_at(text, 6).as_deref(), Some("a"));
        assert_eq!(field_at(text, 27).as_deref(), Some("b.c"));
        assert_eq!(field_at(text, 36).as_deref(), Some("d"));
        let multi = b"{\n\"a\": {\"ts\": 1},\n\"ts\": 2\n}";
        assert_eq!(line_of_key(multi, 10, "ts"), 12);
        assert_eq!(line_of_key(multi, 10, "zz"), 10);
    }

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct T {
        ts: String,
        n: Option<Vec<u32>>,
    }

    #[test]
    fn record_errors_name_the_field() {
        let error = record::<T>(b"{\"ts\": \"1\",\n \"n\": [1, \"2\"]}", "f", 5).unwrap_err();
        let CopError::Record(r) = &error else { panic!("{error}") };
        assert_eq!((r.line, r.field.as_deref()), (6, Some("n")), "{error}");
        let error = record::<T>(b"{\"n\": null}", "f", 5).unwrap_err();
        let CopError::Record(r) = &error else { panic!("{error}") };
        assert_eq!((r.line, r.field.as_deref()), (5, Some("ts")), "{error}");
        let error = record::<T>(b"{\"ts\": }", "f", 5).unwrap_err();
        let CopError::Record(r) = &error else { panic!("{error}") };
        assert_eq!((r.line, r.field.as_deref()), (5, None), "{error}");
    }
}
