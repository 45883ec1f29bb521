//! Reading a Stack Exchange data dump: MB/s of XML through `Landscape::import_stackexchange` on
//! one core.
//!
//! ```text
//! cargo run --release -p cop-benches --bin stackexchange [-- --mb 100 --repeat 3]
//! ```
//!
//! Writes a dump of about `--mb` megabytes (100 by default) to a temporary folder: the rows of
//! the real samples in `../shared/sources` (conlang meta and the cardano cut) repeated with new
//! ids (each copy of a post keeps its question, answers, comments and votes together), or
//! synthetic rows of the same shape when the samples are absent. Then imports it `--repeat`
//! times (3 by default) into a new landscape and prints the median time and rate. The importer
//! is single-threaded: the rate is that of one core.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cop_core::Landscape;
use cop_core::ingest::stackexchange::StackExchangeImport;

const FILES: [(&str, &str); 6] = [
    ("Posts.xml", "posts"),
    ("Comments.xml", "comments"),
    ("Users.xml", "users"),
    ("Votes.xml", "votes"),
    ("Badges.xml", "badges"),
    ("PostHistory.xml", "posthistory"),
];

/// Attributes that hold ids to shift in each copy.
const ID_FIELDS: [&str; 7] =
    ["Id", "PostId", "ParentId", "AcceptedAnswerId", "UserId", "OwnerUserId", "LastEditorUserId"];

/// The `<row …/>` lines of a sample's file.
fn rows_of(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else { return Vec::new() };
    text.lines().map(str::trim).filter(|l| l.starts_with("<row ")).map(str::to_owned).collect()
}

/// `row` with every id field shifted by `by` (users: only positive ids, so -1 stays the
/// Community user).
fn shifted(row: &str, by: i64, out: &mut String) {
    let mut rest = row;
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq].rfind(' ').map_or(0, |s| s + 1);
        let name = &rest[name_start..eq];
        let value_start = eq + 2;
        let value_end = value_start + rest[value_start..].find('"').unwrap_or(0);
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_end];
        match value.parse::<i64>() {
            Ok(n) if ID_FIELDS.contains(&name) && n > 0 => out.push_str(&(n + by).to_string()),
            _ => out.push_str(value),
        }
        rest = &rest[value_end..];
    }
    out.push_str(rest);
}

fn synthetic(file: &str) -> Vec<String> {
    let date = "2020-01-01T10:00:00.000";
    match file {
        "Posts.xml" => vec![
            format!(
                r#"<row Id="1" PostTypeId="1" AcceptedAnswerId="2" CreationDate="{date}" Score="3" ViewCount="40" Body="&lt;p&gt;How do I write a conlang grammar that is regular and learnable?&lt;/p&gt;" OwnerUserId="1" Title="Grammar" Tags="&lt;grammar&gt;" AnswerCount="1" CommentCount="1" ContentLicense="CC BY-SA 4.0" />"#
            ),
            format!(
                r#"<row Id="2" PostTypeId="2" ParentId="1" CreationDate="{date}" Score="2" Body="&lt;p&gt;Start from a small core of rules and test them on real sentences.&lt;/p&gt;" OwnerUserId="2" CommentCount="0" ContentLicense="CC BY-SA 4.0" />"#
            ),
        ],
        "Comments.xml" => vec![format!(
            r#"<row Id="1" PostId="2" Score="0" Text="Thanks, that helps." CreationDate="{date}" UserId="1" ContentLicense="CC BY-SA 4.0" />"#
        )],
        "Votes.xml" => vec![format!(r#"<row Id="1" PostId="2" VoteTypeId="1" CreationDate="{date}" />"#)],
        "Badges.xml" => vec![format!(
            r#"<row Id="1" UserId="2" Name="Teacher" Date="{date}" Class="3" TagBased="False" />"#
        )],
        "Users.xml" => {
            vec![format!(r#"<row Id="1" Reputation="1" CreationDate="{date}" DisplayName="Ada" />"#)]
        }
        _ => Vec::new(),
    }
}

/// Writes the dump of about `megabytes` MB to `dir`; returns its size in bytes.
fn write_dump(dir: &Path, megabytes: usize) -> u64 {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sources");
    let samples: Vec<PathBuf> = ["stackexchange-conlang-meta", "stackexchange-cardano-2021-06"]
        .iter()
        .map(|s| shared.join(s))
        .filter(|p| p.is_dir())
        .collect();
    let mut rows: Vec<Vec<String>> = FILES
        .iter()
        .map(|(file, _)| samples.iter().flat_map(|s| rows_of(&s.join(file))).collect::<Vec<_>>())
        .collect();
    if rows.iter().all(Vec::is_empty) {
        eprintln!("../shared/sources is absent: synthetic rows");
        rows = FILES.iter().map(|(file, _)| synthetic(file)).collect();
    } else {
        eprintln!("rows of {} sample(s) of ../shared/sources", samples.len());
    }
    let one_copy: usize = rows.iter().flatten().map(|r| r.len() + 4).sum();
    let copies = (megabytes * 1_000_000).div_ceil(one_copy.max(1));
    let mut total = 0;
    let mut line = String::new();
    for ((file, root), rows) in FILES.iter().zip(&rows) {
        let f = std::fs::File::create(dir.join(file)).unwrap();
        let mut out = std::io::BufWriter::new(f);
        write!(out, "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<{root}>\r\n").unwrap();
        for copy in 0..copies {
            // Ids of different samples may overlap; a wide stride keeps every copy apart.
            let by = copy as i64 * 10_000_000;
            for row in rows {
                line.clear();
                shifted(row, by, &mut line);
                write!(out, "  {line}\r\n").unwrap();
            }
        }
        write!(out, "</{root}>\r\n").unwrap();
        out.flush().unwrap();
        total += std::fs::metadata(dir.join(file)).unwrap().len();
    }
    total
}

fn main() {
    let (megabytes, repeat) = cop_benches::size_and_repeat(100, 3);
    let dir = std::env::temp_dir().join(format!("cop-bench-se-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = write_dump(&dir, megabytes);
    let mut times = Vec::new();
    let mut recorded = 0;
    let mut peak = 0.0f64;
    for _ in 0..repeat.max(1) {
        cop_benches::reset_peak_memory();
        let mut landscape = Landscape::new();
        let start = Instant::now();
        let report =
            landscape.import_stackexchange(&dir, &StackExchangeImport::default().site("bench")).unwrap();
        times.push(start.elapsed().as_secs_f64());
        recorded = report.recorded;
        peak = peak.max(cop_benches::peak_memory_mb().unwrap_or(f64::NAN));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mb = bytes as f64 / 1e6;
    println!(
        "{mb:.1} MB of XML, {recorded} events: median {median:.3} s of {} runs, {:.1} MB/s (one core); peak memory {peak:.0} MB",
        times.len(),
        mb / median
    );
}
