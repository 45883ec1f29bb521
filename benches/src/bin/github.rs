//! Reading GitHub activity: MB/s of GH Archive JSON through `Landscape::import_platform` on one
//! core, and the peak memory of the process.
//!
//! ```text
//! cargo run --release -p cop-benches --bin github [-- --mb 200 --repeat 3]
//! ```
//!
//! 1. Imports the real hour of `../shared/sources` (`2015-01-01-12.json.gz`, 2.7 MB of gzip,
//!    18.4 MB of JSON) `--repeat` times (3 by default), each into a new landscape, and prints the
//!    median rate in MB/s of JSON and of gzip, and the peak memory (`VmHWM`) so far.
//! 2. Writes a synthetic file of about `--mb` megabytes of JSON lines (200 by default) to a
//!    temporary folder: the hour's lines repeated, each copy with new event ids (so none is a
//!    duplicate), streamed from the gzip file (never held whole). Imports it once and prints the
//!    rate and the peak memory. When the sample is absent, synthetic lines of the same shape are
//!    used for step 2 and step 1 is skipped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use cop_core::Landscape;
use cop_core::ingest::platform::{Platform, PlatformImport};

fn peak() -> String {
    cop_benches::peak_memory_mb().map_or_else(|| "unknown".to_owned(), |mb| format!("{mb:.0} MB"))
}

/// Imports `path` into a new landscape; gives the seconds it took and the events recorded.
fn import(path: &Path) -> (f64, usize) {
    let mut landscape = Landscape::new();
    let start = Instant::now();
    let report = landscape.import_platform(Platform::GitHub, path, &PlatformImport::default()).unwrap();
    (start.elapsed().as_secs_f64(), report.recorded)
}

/// The lines of the hour, one at a time (decompressed as a stream), or synthetic ones.
fn for_each_line(hour: Option<&Path>, mut each: impl FnMut(&str)) {
    let Some(hour) = hour else {
        for i in 0..1000 {
            each(&format!(
                r#"{{"id":"{i}","type":"IssueCommentEvent","actor":{{"id":{i},"login":"user{}","gravatar_id":"","url":"https://api.github.com/users/user{i}","avatar_url":"https://avatars.githubusercontent.com/u/{i}?"}},"repo":{{"id":1,"name":"octo/repo{}","url":"https://api.github.com/repos/octo/repo"}},"payload":{{"action":"created","issue":{{"number":{},"title":"A question about the widgets and how to use them","user":{{"login":"user{}","type":"User"}},"body":"How do I make the widgets stop wobbling when the gadgets turn?"}},"comment":{{"id":{i},"body":"Tighten the screws first, then check the gadgets again."}}}},"public":true,"created_at":"2015-01-01T12:00:00Z"}}"#,
                i % 97,
                i % 13,
                i % 31,
                i % 89
            ));
        }
        return;
    };
    let file = std::fs::File::open(hour).unwrap();
    let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(file));
    for line in BufReader::new(decoder).lines() {
        each(&line.unwrap());
    }
}

/// `line` with its event id made unique to copy `copy`.
fn shifted(line: &str, copy: u64, out: &mut String) {
    out.clear();
    match line.strip_prefix("{\"id\":\"").and_then(|rest| rest.split_once('"')) {
        Some((id, rest)) => {
            let id: u64 = id.parse().unwrap_or(0);
            out.push_str(&format!("{{\"id\":\"{}\"{rest}", id + copy * 100_000_000_000));
        }
        None => out.push_str(line),
    }
}

/// Writes about `megabytes` MB of JSON lines to `path`; gives the bytes written.
fn write_synthetic(path: &Path, hour: Option<&Path>, megabytes: u64) -> u64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let (mut written, mut copy, mut line) = (0u64, 0u64, String::new());
    while written < megabytes * 1_000_000 {
        for_each_line(hour, |l| {
            shifted(l, copy, &mut line);
            out.write_all(line.as_bytes()).unwrap();
            out.write_all(b"\n").unwrap();
            written += line.len() as u64 + 1;
        });
        copy += 1;
    }
    out.flush().unwrap();
    written
}

fn main() {
    let (megabytes, repeat) = cop_benches::size_and_repeat(200, 3);
    let megabytes = megabytes as u64;
    let hour = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/sources/github-gharchive-2015-01-01-12/2015-01-01-12.json.gz");
    let hour = hour.exists().then_some(hour);
    match &hour {
        Some(hour) => {
            let gz = std::fs::metadata(hour).unwrap().len() as f64 / 1e6;
            let mut json = 0u64;
            for_each_line(Some(hour), |l| json += l.len() as u64 + 1);
            let json = json as f64 / 1e6;
            let mut runs: Vec<(f64, usize)> = (0..repeat.max(1)).map(|_| import(hour)).collect();
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (median, recorded) = runs[runs.len() / 2];
            println!(
                "hour .json.gz: {gz:.1} MB of gzip, {json:.1} MB of JSON, {recorded} events: median {median:.3} s of {} runs, {:.1} MB/s of JSON, {:.1} MB/s of gzip; peak memory {}",
                runs.len(),
                json / median,
                gz / median,
                peak()
            );
        }
        None => eprintln!("../shared/sources is absent: synthetic lines only"),
    }
    let dir = std::env::temp_dir().join(format!("cop-bench-github-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("synthetic.json");
    let bytes = write_synthetic(&file, hour.as_deref(), megabytes);
    let (seconds, recorded) = import(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    let mb = bytes as f64 / 1e6;
    println!(
        "synthetic .json: {mb:.1} MB of JSON, {recorded} events: {seconds:.3} s, {:.1} MB/s (one core); peak memory {}",
        mb / seconds,
        peak()
    );
}
