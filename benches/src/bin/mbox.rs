//! Reading a mailing list's archive: MB/s of mbox through `Landscape::import_platform` on one
//! core, and the peak memory of the process.
//!
//! ```text
//! cargo run --release -p cop-benches --bin mbox [-- --mb 200 --repeat 3]
//! ```
//!
//! Writes one mbox of about `--mb` megabytes (200 by default) to a temporary folder: the
//! messages of the real pipermail sample in `../shared/sources/mbox-clearwater-2015` repeated,
//! each copy with its ids rewritten (`Message-ID`, `In-Reply-To` and `References` get a
//! `c<copy>.` prefix, so every copy is its own set of threads), or the fixture list of
//! `cop-core/tests/fixtures/mbox` when the sample is absent. Then imports it `--repeat` times (3
//! by default) into a new landscape and prints the median time, the rate, and the peak resident
//! memory (`VmHWM` of `/proc/self/status`) before and after the imports. Bodies are passed
//! over as a stream, so the peak should grow with the number of messages, not with the size of
//! the file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cop_core::Landscape;
use cop_core::ingest::platform::{Platform, PlatformImport};

/// The text of the archive to repeat: the real sample's files, or the fixture's.
fn source() -> String {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../shared/sources/mbox-clearwater-2015");
    let (dir, files) = if shared.is_dir() {
        eprintln!("messages of ../shared/sources/mbox-clearwater-2015");
        (shared, ["2015-September.txt", "2015-October.txt"])
    } else {
        eprintln!("../shared/sources is absent: the fixture list of cop-core");
        (manifest.join("../cop-core/tests/fixtures/mbox/list"), ["2024-01.mbox", "2024-02.mbox"])
    };
    let mut text = String::new();
    for file in files {
        let part = std::fs::read_to_string(dir.join(file)).unwrap();
        text.push_str(&part.replace("\r\n", "\n"));
        if !text.ends_with("\n\n") {
            text.push('\n');
        }
    }
    text
}

/// Writes one copy of `text` with its ids prefixed by `c<copy>.`.
fn write_copy(out: &mut impl Write, text: &str, copy: usize) {
    let prefix = format!("<c{copy}.");
    let (mut in_headers, mut in_ids, mut after_blank) = (false, false, true);
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end();
        if after_blank && line.starts_with("From ") {
            in_headers = true;
        } else if bare.is_empty() {
            in_headers = false;
        } else if in_headers && !line.starts_with([' ', '\t']) {
            let name = line.split(':').next().unwrap_or_default().to_ascii_lowercase();
            in_ids = matches!(name.as_str(), "message-id" | "in-reply-to" | "references");
        }
        after_blank = bare.is_empty();
        if in_headers && in_ids {
            out.write_all(line.replace('<', &prefix).as_bytes()).unwrap();
        } else {
            out.write_all(line.as_bytes()).unwrap();
        }
    }
}

/// Writes the archive of about `megabytes` MB to `file`; returns its size in bytes.
fn write_archive(file: &Path, megabytes: usize) -> u64 {
    let text = source();
    let copies = (megabytes * 1_000_000).div_ceil(text.len().max(1));
    let mut out = std::io::BufWriter::new(std::fs::File::create(file).unwrap());
    for copy in 0..copies {
        write_copy(&mut out, &text, copy);
    }
    out.flush().unwrap();
    std::fs::metadata(file).unwrap().len()
}

fn main() {
    let (megabytes, repeat) = cop_benches::size_and_repeat(200, 3);
    let dir = std::env::temp_dir().join(format!("cop-bench-mbox-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bench.mbox");
    let bytes = write_archive(&file, megabytes);
    let before = cop_benches::peak_memory_mb();
    let mut times = Vec::new();
    let (mut recorded, mut records) = (0, 0);
    for _ in 0..repeat.max(1) {
        let mut landscape = Landscape::new();
        let start = Instant::now();
        let report = landscape
            .import_platform(Platform::Mbox, &file, &PlatformImport::default().name("bench"))
            .unwrap();
        times.push(start.elapsed().as_secs_f64());
        recorded = report.recorded;
        records = report.records.values().sum();
    }
    let after = cop_benches::peak_memory_mb();
    std::fs::remove_dir_all(&dir).unwrap();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mb = bytes as f64 / 1e6;
    println!(
        "{mb:.1} MB of mbox, {records} messages, {recorded} events: median {median:.3} s of {} runs, {:.1} MB/s (one core)",
        times.len(),
        mb / median
    );
    let show = |m: Option<f64>| m.map_or_else(|| "unknown".to_owned(), |m| format!("{m:.1} MB"));
    println!("peak memory (VmHWM): {} before the imports, {} after", show(before), show(after));
}
