//! Reading the inputs into one landscape: event files, a snapshot, git histories, the demo.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use cop_core::{ImportOptions, ImportReport, KeyedEvent, Landscape, RecordError};
use serde::Serialize;

use crate::cli::{Demo, InputArgs, InputFormat};
use crate::error::{CliError, Result};
use crate::git::{self, GitEvent};
use crate::progress::Progress;

/// The bundled demo data: the pseudonymised git histories of flask and requests
/// (examples/data, see its README), embedded so that `cop report --demo` works anywhere.
mod demo_data {
    pub const FLASK: &str = include_str!("../../examples/data/flask-commits.csv");
    pub const FLASK_MEMBERS: &str = include_str!("../../examples/data/flask-members.csv");
    pub const REQUESTS: &str = include_str!("../../examples/data/requests-commits.csv");
    pub const REQUESTS_MEMBERS: &str = include_str!("../../examples/data/requests-members.csv");
}

/// One input that was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `csv`, `jsonl`, `snapshot`, `git` or `demo`.
    pub kind: &'static str,
    /// The file or directory as given (or the demo's name).
    pub name: String,
    /// Events recorded from it (for a snapshot: the events it held).
    pub events: usize,
}

/// The landscape built from every input, and where it came from.
#[derive(Debug)]
pub struct Loaded {
    /// Everything that was read.
    pub landscape: Landscape,
    /// The inputs, in the order they were read.
    pub sources: Vec<Source>,
    /// Whether git identities were pseudonymised.
    pub pseudonymised: bool,
    /// Whether bots were left out.
    pub bots_excluded: bool,
}

/// Reads every input of `args` into one landscape.
pub fn load(args: &InputArgs, progress: Progress) -> Result<Loaded> {
    if args.is_empty() {
        return Err(CliError::usage("no input: give event files, --git PATH or --demo (see `cop --help`)"));
    }
    if args.exclude_bots && !args.files.is_empty() {
        return Err(CliError::usage(
            "--exclude-bots applies to --git and --demo inputs; event files cannot be filtered yet",
        ));
    }
    if args.pseudonymise && args.git.is_empty() {
        return Err(CliError::usage("--pseudonymise applies to --git inputs"));
    }
    let options = |name: &str| {
        let options = ImportOptions::default().source(name);
        if args.skip_bad_lines { options.skip_bad_records() } else { options }
    };
    let formats: Vec<InputFormat> =
        args.files.iter().map(|f| format_of(f, args.input_format)).collect::<Result<_>>()?;
    if formats.iter().filter(|&&f| f == InputFormat::Snapshot).count() > 1 {
        return Err(CliError::usage("at most one snapshot can be read (event files can be added to it)"));
    }
    let mut landscape = Landscape::new();
    let mut sources = Vec::new();
    // The snapshot first: it is the base the other inputs are added to.
    for (path, _) in args.files.iter().zip(&formats).filter(|(_, f)| **f == InputFormat::Snapshot) {
        let name = display(path);
        let (reader, bar) = open(path, progress)?;
        landscape = Landscape::load_snapshot(reader).map_err(|e| CliError::input(format!("{name}: {e}")))?;
        bar.finish_and_clear();
        sources.push(Source { kind: "snapshot", name, events: landscape.counts().events });
    }
    for (path, format) in args.files.iter().zip(&formats).filter(|(_, f)| **f != InputFormat::Snapshot) {
        let name = display(path);
        let (reader, bar) = open(path, progress)?;
        let report = match format {
            InputFormat::Jsonl => landscape.import_jsonl(reader, &options(&name))?,
            _ => landscape.import_csv(reader, &options(&name))?,
        };
        bar.finish_and_clear();
        warn_skipped(&report);
        let kind = if *format == InputFormat::Jsonl { "jsonl" } else { "csv" };
        sources.push(Source { kind, name, events: report.recorded });
    }
    if !args.git.is_empty() {
        read_git(&mut landscape, &mut sources, args, progress)?;
    }
    if let Some(demo) = args.demo {
        let (name, csv) = demo_csv(demo, args.exclude_bots);
        let report = landscape.import_csv(csv.as_bytes(), &options(name))?;
        sources.push(Source { kind: "demo", name: name.to_owned(), events: report.recorded });
    }
    Ok(Loaded { landscape, sources, pseudonymised: args.pseudonymise, bots_excluded: args.exclude_bots })
}

fn display(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_owned() } else { path.display().to_string() }
}

/// How to read a file: as asked, or by its extension, or by its first bytes.
fn format_of(path: &Path, asked: InputFormat) -> Result<InputFormat> {
    if asked != InputFormat::Auto {
        return Ok(asked);
    }
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("csv") => return Ok(InputFormat::Csv),
        Some("jsonl" | "ndjson") => return Ok(InputFormat::Jsonl),
        _ => {}
    }
    if path.as_os_str() == "-" {
        // Standard input cannot be peeked at twice: CSV unless told otherwise.
        return Ok(InputFormat::Csv);
    }
    let mut head = [0u8; 256];
    let n = match File::open(path) {
        Ok(mut file) => file.read(&mut head).unwrap_or(0),
        Err(_) => 0, // reported when the file is opened for good
    };
    let text = String::from_utf8_lossy(&head[..n]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    Ok(if text.starts_with('{') && text.contains(cop_core::SNAPSHOT_FORMAT) {
        InputFormat::Snapshot
    } else if text.starts_with('{') {
        InputFormat::Jsonl
    } else {
        InputFormat::Csv
    })
}

/// Opens a file (or standard input) for reading, with a progress bar over its bytes.
fn open(path: &Path, progress: Progress) -> Result<(Box<dyn BufRead>, indicatif::ProgressBar)> {
    if path.as_os_str() == "-" {
        let bar = progress.spinner("reading standard input");
        return Ok((Box::new(BufReader::new(std::io::stdin())), bar));
    }
    let name = path.display();
    if path.is_dir() {
        return Err(CliError::input(format!(
            "{name} is a directory (to read the history of a git repository, use --git {name})"
        )));
    }
    let file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::input(format!("{name}: no such file")),
        _ => CliError::input(format!("cannot read {name}: {e}")),
    })?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress.bytes(len, format!("reading {}", file_name(path)));
    Ok((Box::new(BufReader::with_capacity(1 << 16, bar.wrap_read(file))), bar))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reports skipped bad lines on standard error.
fn warn_skipped(report: &ImportReport) {
    const SHOWN: usize = 20;
    for error in report.skipped.iter().take(SHOWN) {
        eprintln!("warning: skipped {}", one_line(error));
    }
    if report.skipped.len() > SHOWN {
        eprintln!("warning: … and {} more bad lines skipped", report.skipped.len() - SHOWN);
    }
}

fn one_line(error: &RecordError) -> String {
    error.to_string().replace('\n', " ")
}

/// The demo's event file, without bots when asked (their events dropped, targets at them emptied).
fn demo_csv(demo: Demo, exclude_bots: bool) -> (&'static str, std::borrow::Cow<'static, str>) {
    let (name, events, members) = match demo {
        Demo::Flask => ("flask-commits.csv", demo_data::FLASK, demo_data::FLASK_MEMBERS),
        Demo::Requests => ("requests-commits.csv", demo_data::REQUESTS, demo_data::REQUESTS_MEMBERS),
    };
    if !exclude_bots {
        return (name, events.into());
    }
    let bots: Vec<&str> =
        members.lines().filter_map(|l| l.strip_suffix(",1").filter(|m| !m.contains(','))).collect();
    // The bundled files have the columns member,time,kind,domain,target and no quoted cells.
    let mut out = String::with_capacity(events.len());
    for (i, line) in events.lines().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        if i > 0 && cells.len() == 5 {
            if bots.contains(&cells[0]) {
                continue;
            }
            if bots.contains(&cells[4]) {
                out.push_str(&cells[..4].join(","));
                out.push_str(",\n");
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    (name, out.into())
}

/// Reads every `--git` repository, gives keys (pseudonyms when asked) and records the events.
fn read_git(
    landscape: &mut Landscape,
    sources: &mut Vec<Source>,
    args: &InputArgs,
    progress: Progress,
) -> Result<()> {
    let several = args.git.len() > 1;
    let mut histories: Vec<(String, Option<String>, Vec<GitEvent>)> = Vec::new();
    let mut communities: Vec<String> = Vec::new();
    for path in &args.git {
        let bar = progress.spinner(format!("reading the history of {}", path.display()));
        let commits = git::read_history(path, &bar)?;
        bar.finish_and_clear();
        let events = git::events(&commits, args.exclude_bots);
        let community = several.then(|| unique_name(&community_name(path), &mut communities));
        let name = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()).display().to_string();
        histories.push((name, community, events));
    }
    let keys = identity_keys(histories.iter().flat_map(|(_, _, events)| events), args.pseudonymise);
    for (name, community, events) in &histories {
        let key = |id: &git::Identity| keys[&id.key()].as_str();
        let keyed = events.iter().map(|e| KeyedEvent {
            member: key(&e.member),
            time: e.time,
            kind: e.kind,
            community: community.as_deref(),
            domain: Some(e.domain.as_str()),
            target: e.target.as_ref().map(key),
            artifact: None,
            weight: None,
            thread: None,
        });
        let report = landscape.record_keyed_batch(keyed, &ImportOptions::default().source(name.as_str()))?;
        sources.push(Source { kind: "git", name: name.clone(), events: report.recorded });
    }
    Ok(())
}

/// The member key of every identity: itself, or a pseudonym `a0001`, `a0002`, … in order of first
/// appearance in time (actor before target).
fn identity_keys<'e>(
    events: impl Iterator<Item = &'e GitEvent>,
    pseudonymise: bool,
) -> HashMap<String, String> {
    let mut ordered: Vec<&GitEvent> = events.collect();
    ordered.sort_by_key(|e| e.time); // stable: each history is already in time order
    let mut keys: HashMap<String, String> = HashMap::new();
    for event in ordered {
        for identity in std::iter::once(&event.member).chain(event.target.as_ref()) {
            let key = identity.key();
            let next = keys.len() + 1;
            keys.entry(key)
                .or_insert_with_key(|key| if pseudonymise { format!("a{next:04}") } else { key.clone() });
        }
    }
    keys
}

fn community_name(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| PathBuf::from(path));
    absolute.file_name().map_or_else(|| "repository".to_owned(), |n| n.to_string_lossy().into_owned())
}

fn unique_name(name: &str, taken: &mut Vec<String>) -> String {
    let mut candidate = name.to_owned();
    let mut i = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}-{i}");
        i += 1;
    }
    taken.push(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::Identity;

    #[test]
    fn pseudonyms_follow_first_appearance_in_time() {
        let id = |n: &str| Identity::new(n, &format!("{n}@x"));
        let event = |time, member: &str, target: Option<&str>| GitEvent {
            time,
            kind: "commit",
            member: id(member),
            target: target.map(id),
            domain: "root".into(),
        };
        let events = [event(5, "cy", None), event(1, "bob", Some("ada")), event(3, "ada", None)];
        let keys = identity_keys(events.iter(), true);
        assert_eq!(keys[&id("bob").key()], "a0001");
        assert_eq!(keys[&id("ada").key()], "a0002");
        assert_eq!(keys[&id("cy").key()], "a0003");
        let plain = identity_keys(events.iter(), false);
        assert_eq!(plain[&id("cy").key()], "cy <cy@x>");
    }

    #[test]
    fn demo_without_bots() {
        let (_, csv) = demo_csv(Demo::Flask, true);
        assert!(!csv.lines().any(|l| l.starts_with("a0664,") || l.ends_with(",a0664")));
        let (_, all) = demo_csv(Demo::Flask, false);
        assert!(csv.lines().count() < all.lines().count());
    }

    #[test]
    fn names_of_communities_are_unique() {
        let mut taken = vec![];
        assert_eq!(unique_name("x", &mut taken), "x");
        assert_eq!(unique_name("x", &mut taken), "x-2");
    }
}
