//! Reading the inputs into one landscape: event files, a snapshot, git histories, the demo.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use cop_core::ingest::history::GitImport;
use cop_core::ingest::platform::{Platform, PlatformImport};
use cop_core::model::people::{Flag, Scope};
use cop_core::{ImportOptions, Landscape, RecordError};
use serde::Serialize;

use crate::cli::{Demo, InputArgs, InputFormat};
use crate::error::{CliError, Result};
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
    /// `csv`, `jsonl`, `snapshot`, `git`, `demo` or a platform's name (`stackexchange`, `github`,
    /// `discourse`, `slack`, `discord`, `mbox`).
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

/// Reads every input of `args` into one landscape (several `--git` repositories are each a
/// community of their own; one is the default community).
pub fn load(args: &InputArgs, progress: Progress) -> Result<Loaded> {
    load_inputs(args, progress, false)
}

/// Reads every input of `args` into one landscape, each `--git` repository a community of its
/// own even when it is the only one (`cop rollup`: its part then names the repository).
pub fn load_communities(args: &InputArgs, progress: Progress) -> Result<Loaded> {
    load_inputs(args, progress, true)
}

fn load_inputs(args: &InputArgs, progress: Progress, repositories_are_communities: bool) -> Result<Loaded> {
    if args.is_empty() {
        return Err(CliError::usage(
            "no input: give event files, --git PATH, --from KIND DIR or --demo (see `cop --help`)",
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
        warn_skipped(&report.skipped);
        let kind = if *format == InputFormat::Jsonl { "jsonl" } else { "csv" };
        sources.push(Source { kind, name, events: report.recorded });
    }
    read_git(&mut landscape, &mut sources, args, repositories_are_communities, progress)?;
    read_from(&mut landscape, &mut sources, args, progress)?;
    if let Some(demo) = args.demo {
        read_demo(&mut landscape, &mut sources, demo)?;
    }
    apply_people(&mut landscape, args)?;
    Ok(Loaded { landscape, sources, pseudonymised: args.pseudonymise, bots_excluded: !args.include_bots })
}

/// The lists of bots and staff, the identities file and the scope of analyses.
fn apply_people(landscape: &mut Landscape, args: &InputArgs) -> Result<()> {
    for (path, flag) in [(&args.bots, Flag::Bot), (&args.staff, Flag::Staff)] {
        let Some(path) = path else { continue };
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::input(format!("cannot read {}: {e}", path.display())))?;
        let mut members = Vec::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            members.extend(landscape.members_named(line));
        }
        landscape.set_flag(&members, flag, true)?;
    }
    if let Some(path) = &args.identities {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| CliError::input(format!("cannot read {name}: {e}")))?;
        landscape.import_identities(BufReader::new(file), Some(&name))?;
    }
    landscape.set_scope(Scope::default().with_bots(args.include_bots).with_staff(!args.exclude_staff));
    Ok(())
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
fn warn_skipped(skipped: &[RecordError]) {
    const SHOWN: usize = 20;
    for error in skipped.iter().take(SHOWN) {
        eprintln!("warning: skipped {}", one_line(error));
    }
    if skipped.len() > SHOWN {
        eprintln!("warning: … and {} more bad records skipped", skipped.len() - SHOWN);
    }
}

fn one_line(error: &RecordError) -> String {
    error.to_string().replace('\n', " ")
}

/// Reads a demo's events and flags its bots (listed in its members file).
fn read_demo(landscape: &mut Landscape, sources: &mut Vec<Source>, demo: Demo) -> Result<()> {
    let (name, events, members) = match demo {
        Demo::Flask => ("flask-commits.csv", demo_data::FLASK, demo_data::FLASK_MEMBERS),
        Demo::Requests => ("requests-commits.csv", demo_data::REQUESTS, demo_data::REQUESTS_MEMBERS),
    };
    let report = landscape.import_csv(events.as_bytes(), &ImportOptions::default().source(name))?;
    sources.push(Source { kind: "demo", name: name.to_owned(), events: report.recorded });
    landscape.set_flag(&demo_bots(landscape, members), Flag::Bot, true)?;
    Ok(())
}

/// The bots of a demo: the members file has the columns `member,bot` with `1` for a bot.
fn demo_bots(landscape: &Landscape, members: &str) -> Vec<cop_core::MemberId> {
    members
        .lines()
        .filter_map(|l| l.strip_suffix(",1").filter(|m| !m.contains(',')))
        .filter_map(|key| landscape.member_id(key))
        .collect()
}

/// Reads every `--git` repository (each a community of its own when there are several, or
/// when `communities`).
fn read_git(
    landscape: &mut Landscape,
    sources: &mut Vec<Source>,
    args: &InputArgs,
    communities: bool,
    progress: Progress,
) -> Result<()> {
    let several = communities || args.git.len() > 1;
    let salt = args.pseudonymise.then(|| args.salt.clone().unwrap_or_else(random_salt));
    let mut communities: Vec<String> = Vec::new();
    for path in &args.git {
        let bar = progress.spinner(format!("reading the history of {}", path.display()));
        let mut options = GitImport::default();
        options.range = args.git_range.clone();
        options.resolve_identities = !args.no_identity_merging;
        options.pseudonymise = salt.clone();
        if several {
            options.community = Some(unique_name(&community_name(path), &mut communities));
        }
        let report = landscape.import_git(path, &options)?;
        bar.finish_and_clear();
        let name = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()).display().to_string();
        sources.push(Source { kind: "git", name, events: report.events });
    }
    Ok(())
}

/// Reads every `--from KIND PATH` export: the places where one community lives (a forum, a
/// chat, GitHub…), all in the default community, each adding its spaces.
fn read_from(
    landscape: &mut Landscape,
    sources: &mut Vec<Source>,
    args: &InputArgs,
    progress: Progress,
) -> Result<()> {
    for pair in args.from.chunks(2) {
        let [kind, dir] = pair else { return Err(CliError::usage("--from takes a KIND and a PATH")) };
        let platform: Platform = kind.parse().map_err(|_| {
            let known: Vec<&str> = Platform::ALL.iter().map(|p| p.name()).collect();
            CliError::usage(format!("--from {kind}: unknown kind of export (known: {})", known.join(", ")))
        })?;
        let path = PathBuf::from(dir);
        let bar = progress.spinner(format!("reading the {platform} export in {dir}"));
        let mut options = PlatformImport::default();
        options.skip_bad_records = args.skip_bad_lines;
        options.resolve_identities = !args.no_identity_merging;
        let report = landscape.import_platform(platform, &path, &options)?;
        bar.finish_and_clear();
        warn_skipped(&report.skipped);
        sources.push(Source { kind: platform.name(), name: dir.clone(), events: report.recorded });
    }
    Ok(())
}

/// A salt no one can guess: 128 bits from the standard library's per-process random keys.
fn random_salt() -> String {
    use std::hash::{BuildHasher, RandomState};
    let (a, b) = (RandomState::new().hash_one(1u8), RandomState::new().hash_one(2u8));
    format!("{a:016x}{b:016x}")
}

/// A repository's community name: the last part of its path as given (of the directory itself
/// for `.`), without a `.git` ending: `tokio`, `tokio.git` and `tokio/.git` are `tokio`.
fn community_name(path: &Path) -> String {
    fn named(path: &Path) -> Option<String> {
        let name = path.file_name()?.to_string_lossy();
        let name = name.strip_suffix(".git").unwrap_or(&name);
        (!name.is_empty()).then(|| name.to_owned())
    }
    fn name_of(path: &Path) -> Option<String> {
        named(path).or_else(|| path.parent().and_then(named))
    }
    name_of(path)
        .or_else(|| std::fs::canonicalize(path).ok().and_then(|p| name_of(&p)))
        .unwrap_or_else(|| "repository".to_owned())
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

    #[test]
    fn the_demo_flags_its_bots() {
        let mut landscape = Landscape::new();
        read_demo(&mut landscape, &mut Vec::new(), Demo::Flask).unwrap();
        let bot = landscape.member_id("a0664").unwrap();
        assert!(landscape.is_bot(bot) && landscape.is_left_out(bot));
        assert!(landscape.log().of_member(bot).is_empty());
        assert!(landscape.recorded_len() > landscape.counts().events);
    }

    #[test]
    fn salts_differ() {
        assert_ne!(random_salt(), random_salt());
        assert_eq!(random_salt().len(), 32);
    }

    #[test]
    fn repositories_are_named_as_given_without_git_endings() {
        for (path, name) in [
            ("/src/tokio", "tokio"),
            ("tokio.git", "tokio"),
            ("/src/tokio/.git", "tokio"),
            ("../cargo/", "cargo"),
        ] {
            assert_eq!(community_name(Path::new(path)), name, "{path}");
        }
        let here = std::env::current_dir().unwrap();
        assert_eq!(community_name(Path::new(".")), here.file_name().unwrap().to_string_lossy());
    }

    #[test]
    fn names_of_communities_are_unique() {
        let mut taken = vec![];
        assert_eq!(unique_name("x", &mut taken), "x");
        assert_eq!(unique_name("x", &mut taken), "x-2");
    }
}
