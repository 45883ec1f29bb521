//! What a commit message says: its subject and its `Co-authored-by:` trailers, read the way
//! `git log --format=%s` and `%(trailers:key=Co-authored-by,valueonly,unfold)` read them.

/// Whether `byte` is white space for git (C's `isspace` in the C locale).
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// `bytes` without white space at its start and end.
fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| !is_space(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&b| !is_space(b)).map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// Whether a line (with or without its newline) holds nothing but white space.
fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| is_space(b))
}

/// The lines of `text`, each with its newline (the last one may lack it).
fn lines(text: &[u8]) -> impl Iterator<Item = &[u8]> {
    text.split_inclusive(|&b| b == b'\n')
}

/// The message from its first line that is not blank (where git's `%s` starts).
fn skip_blank_lines(message: &[u8]) -> &[u8] {
    let blank: usize = lines(message).take_while(|line| is_blank(line)).map(<[u8]>::len).sum();
    &message[blank..]
}

/// The subject of a commit: its first paragraph, each line stripped of trailing white space and
/// the lines joined by single spaces, as `git log --format=%s` shows it.
pub(crate) fn subject(message: &[u8]) -> String {
    let mut subject = Vec::new();
    for line in lines(skip_blank_lines(message)) {
        let end = line.iter().rposition(|&b| !is_space(b)).map_or(0, |i| i + 1);
        if end == 0 {
            break;
        }
        if !subject.is_empty() {
            subject.push(b' ');
        }
        subject.extend_from_slice(&line[..end]);
    }
    String::from_utf8_lossy(&subject).into_owned()
}

/// The lines git writes itself, which make a paragraph a trailer block even among other text.
const GIT_GENERATED_PREFIXES: [&[u8]; 2] = [b"Signed-off-by: ", b"(cherry picked from commit "];

/// Git's comment lines start with this.
const COMMENT: u8 = b'#';

/// The line `git commit --verbose` cuts the message at.
const SCISSORS: &[u8] = b"# ------------------------ >8 ------------------------\n";

/// Where the separator `:` of a trailer line is: after a token of letters, digits and dashes,
/// optionally followed by spaces (git's `find_separator`).
fn separator(line: &[u8]) -> Option<usize> {
    let mut spaces = false;
    for (i, &b) in line.iter().enumerate() {
        if b == b':' {
            return Some(i);
        }
        if !spaces && (b.is_ascii_alphanumeric() || b == b'-') {
            continue;
        }
        if i > 0 && (b == b' ' || b == b'\t') {
            spaces = true;
            continue;
        }
        break;
    }
    None
}

/// The length of the message without what git ignores at its end: trailing blank and comment
/// lines, an old `Conflicts:` block, and everything from a scissors line on.
fn end_of_message(message: &[u8]) -> usize {
    let cutoff = if message.starts_with(SCISSORS) {
        0
    } else {
        memchr::memmem::find(message, &[b"\n", SCISSORS].concat()).map_or(message.len(), |i| i + 1)
    };
    let mut ignored_from = None;
    let mut in_conflicts = false;
    let mut start = 0;
    for line in lines(&message[..cutoff]) {
        if line.first() == Some(&COMMENT) || line.first() == Some(&b'\n') {
            ignored_from.get_or_insert(start);
        } else if line == b"Conflicts:\n" {
            in_conflicts = true;
            ignored_from.get_or_insert(start);
        } else if in_conflicts && line.first() == Some(&b'\t') {
        } else {
            ignored_from = None;
            in_conflicts = false;
        }
        start += line.len();
    }
    ignored_from.unwrap_or(cutoff)
}

/// Where the trailer block of `message` starts (git's `find_trailer_block_start`): the last
/// paragraph after the title, when its lines are all trailers, or when it holds a line git writes
/// itself and at least a quarter of its lines are trailers. `None` when there is no such block.
fn trailer_block_start(message: &[u8]) -> Option<usize> {
    let starts: Vec<usize> =
        lines(message).scan(0, |at, line| Some(std::mem::replace(at, *at + line.len()))).collect();
    let line_at = |i: usize| &message[starts[i]..starts.get(i + 1).copied().unwrap_or(message.len())];
    let end_of_title =
        (0..starts.len()).find(|&i| line_at(i)[0] != COMMENT && is_blank(line_at(i))).unwrap_or(starts.len());
    let (mut only_spaces, mut recognized) = (true, false);
    let (mut trailers, mut others, mut continuations) = (0usize, 0usize, 0usize);
    for i in (end_of_title..starts.len()).rev() {
        let line = line_at(i);
        if line[0] == COMMENT {
            others += std::mem::take(&mut continuations);
        } else if is_blank(line) {
            if only_spaces {
                continue;
            }
            others += continuations;
            let block = (recognized && trailers * 3 >= others) || (trailers > 0 && others == 0);
            return block.then(|| starts.get(i + 1).copied().unwrap_or(message.len()));
        } else if GIT_GENERATED_PREFIXES.iter().any(|p| line.starts_with(p)) {
            only_spaces = false;
            trailers += 1;
            continuations = 0;
            recognized = true;
        } else {
            only_spaces = false;
            if separator(line).is_some_and(|at| at >= 1) && !is_space(line[0]) {
                trailers += 1;
                continuations = 0;
            } else if is_space(line[0]) {
                continuations += 1;
            } else {
                others += 1 + std::mem::take(&mut continuations);
            }
        }
    }
    None
}

/// A trailer's value with its continuation lines folded into single spaces.
fn unfold(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        i += 1;
        if b == b'\n' {
            while i < value.len() && is_space(value[i]) {
                i += 1;
            }
            out.push(b' ');
        } else {
            out.push(b);
        }
    }
    trim(&out).to_vec()
}

/// The values of the trailers of `message` whose key is `key` (compared without regard to case),
/// unfolded, in order.
pub(crate) fn trailer_values(message: &[u8], key: &str) -> Vec<String> {
    let message = skip_blank_lines(message);
    let message = &message[..end_of_message(message)];
    let Some(start) = trailer_block_start(message) else {
        return Vec::new();
    };
    // Each trailer with its continuation lines (lines starting with white space).
    let mut entries: Vec<(Vec<u8>, bool)> = Vec::new();
    for line in lines(&message[start..]) {
        match entries.last_mut() {
            Some((last, true)) if is_space(line[0]) => last.extend_from_slice(line),
            _ => entries.push((line.to_vec(), separator(line).is_some_and(|at| at >= 1))),
        }
    }
    entries
        .iter()
        .filter(|(entry, is_trailer)| *is_trailer && entry[0] != COMMENT)
        .filter_map(|(entry, _)| {
            let at = separator(entry)?;
            trim(&entry[..at])
                .eq_ignore_ascii_case(key.as_bytes())
                .then(|| String::from_utf8_lossy(&unfold(trim(&entry[at + 1..]))).into_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_join_the_first_paragraph() {
        assert_eq!(subject(b"Fix the thing\n\nBody\n"), "Fix the thing");
        assert_eq!(subject(b"\n  \nFirst line  \nsecond\r\n\nbody"), "First line second");
        assert_eq!(subject(b"  indented"), "  indented");
        assert_eq!(subject(b""), "");
    }

    fn coauthors(message: &str) -> Vec<String> {
        trailer_values(message.as_bytes(), "Co-authored-by")
    }

    #[test]
    fn trailers_are_read_from_the_last_paragraph() {
        let message = "Add x\n\nBody text.\n\nCo-authored-by: Ada <ada@x>\nco-authored-by :  Bob <bob@x>  \n";
        assert_eq!(coauthors(message), ["Ada <ada@x>", "Bob <bob@x>"]);
        // Folded values are unfolded.
        assert_eq!(coauthors("T\n\nCo-authored-by: Ada\n   Lovelace <ada@x>\n"), ["Ada Lovelace <ada@x>"]);
        // The title is never a trailer block, nor is a paragraph with prose in it.
        assert!(coauthors("Co-authored-by: Ada <ada@x>\n").is_empty());
        assert!(coauthors("T\n\nSome prose here.\nCo-authored-by: Ada <ada@x>\n").is_empty());
        // ... unless git wrote one of its lines there and a quarter are trailers.
        let mixed = "T\n\nSome prose here.\nCo-authored-by: Ada <ada@x>\nSigned-off-by: B <b@x>\n";
        assert_eq!(coauthors(mixed), ["Ada <ada@x>"]);
        // Trailing blank and comment lines are ignored; earlier paragraphs are not read.
        assert_eq!(coauthors("T\n\nCo-authored-by: A <a@x>\n\n# comment\n\n"), ["A <a@x>"]);
        assert!(coauthors("T\n\nCo-authored-by: A <a@x>\n\nThanks!\n").is_empty());
        // Other keys are not co-authors.
        assert!(coauthors("T\n\nReviewed-by: A <a@x>\n").is_empty());
        assert_eq!(coauthors("T\n\nCo-authored-by: A <a@x>\nConflicts:\n\tsrc/a.rs\n"), ["A <a@x>"]);
    }

    #[test]
    fn separators_follow_a_token() {
        assert_eq!(separator(b"Co-authored-by: x"), Some(14));
        assert_eq!(separator(b"Bug 12: x"), None);
        assert_eq!(separator(b"Key  : x"), Some(5));
        assert_eq!(separator(b" Key: x"), None);
        assert_eq!(separator(b"no separator"), None);
    }
}
