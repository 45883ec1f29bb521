//! Reading a Discourse forum's saved API responses: MB/s of JSON through
//! `Landscape::import_platform(Platform::Discourse, …)` on one core, and the peak memory.
//!
//! ```text
//! cargo run --release -p cop-benches --bin discourse [-- --mb 200 --repeat 3]
//! ```
//!
//! Writes a folder of about `--mb` megabytes (200 by default) to a temporary folder: copies of
//! the real sample `discourse-criticalfallibilism-2026` of `../shared/sources` (two topic pages,
//! a topic page with its details, `/posts.json`), each copy with its topic and post ids shifted
//! (so the copies' overlaps stay overlaps, and copies never meet), or synthetic topics of the same
//! shape when the sample is absent. Then imports it `--repeat` times (3 by default) into a new
//! landscape and prints the median time, the rate and the peak resident memory (`VmHWM` of
//! `/proc/self/status`) before and after the imports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cop_core::Landscape;
use cop_core::ingest::platform::{Platform, PlatformImport};
use serde_json::{Value, json};

/// Topic ids of copy `k` are shifted by `k * TOPIC_STRIDE`, post ids by `k * POST_STRIDE`.
const TOPIC_STRIDE: i64 = 100_000;
const POST_STRIDE: i64 = 10_000_000;

/// The responses of the sample, by file name, or synthetic ones.
fn responses() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/sources/discourse-criticalfallibilism-2026");
    let mut files: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let text = std::fs::read(e.path()).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), serde_json::from_slice(&text).ok()?))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if files.is_empty() {
        eprintln!("{} is absent: synthetic topics", dir.display());
        return vec![("t_1.json".to_owned(), synthetic_topic())];
    }
    eprintln!("{} responses of {}", files.len(), dir.display());
    files
}

fn synthetic_topic() -> Value {
    let posts: Vec<Value> = (1..=20)
        .map(|n| {
            json!({
                "id": 1000 + n, "topic_id": 1, "post_number": n, "username": format!("user{}", n % 7),
                "name": "", "user_id": n % 7 + 1, "created_at": format!("2024-01-{:02}T10:00:00.000Z", n),
                "reply_to_post_number": if n > 2 { Some(n - 1) } else { None },
                "cooked": "<p>A reply of a few sentences, as forum posts are, with a link or two.</p>".repeat(20),
                "actions_summary": [{"id": 2, "count": 1}], "staff": false, "deleted_at": null
            })
        })
        .collect();
    json!({"id": 1, "category_id": 3, "post_stream": {"posts": posts}})
}

/// Shifts the ids of a response for copy `k`.
fn shift(value: &mut Value, k: i64) {
    let add = |v: &mut Value, by: i64| {
        if let Some(n) = v.as_i64() {
            *v = json!(n + by);
        }
    };
    if value.get("post_stream").is_some()
        && let Some(id) = value.get_mut("id")
    {
        add(id, k * TOPIC_STRIDE);
    }
    let posts = match value.get_mut("post_stream") {
        Some(stream) => stream.get_mut("posts"),
        None => value.get_mut("latest_posts"),
    };
    for post in posts.and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(id) = post.get_mut("id") {
            add(id, k * POST_STRIDE);
        }
        if let Some(topic) = post.get_mut("topic_id") {
            add(topic, k * TOPIC_STRIDE);
        }
    }
}

/// Writes about `megabytes` MB of responses to `dir`; returns their size and number.
fn write_folder(dir: &Path, megabytes: usize) -> (u64, usize) {
    let responses = responses();
    let (mut bytes, mut files) = (0u64, 0usize);
    let mut k = 0i64;
    while bytes < megabytes as u64 * 1_000_000 {
        for (name, value) in &responses {
            let mut value = value.clone();
            shift(&mut value, k);
            let path = dir.join(format!("{k:05}_{name}"));
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            serde_json::to_writer(&mut out, &value).unwrap();
            out.flush().unwrap();
            bytes += std::fs::metadata(&path).unwrap().len();
            files += 1;
        }
        k += 1;
    }
    (bytes, files)
}

fn main() {
    let (megabytes, repeat) = cop_benches::size_and_repeat(200, 3);
    let dir = std::env::temp_dir().join(format!("cop-bench-discourse-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (bytes, files) = write_folder(&dir, megabytes);
    let before = cop_benches::peak_memory_mb().unwrap_or(f64::NAN);
    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..repeat.max(1) {
        let mut landscape = Landscape::new();
        let start = Instant::now();
        let options = PlatformImport::default().name("bench");
        report = Some(landscape.import_platform(Platform::Discourse, &dir, &options).unwrap());
        times.push(start.elapsed().as_secs_f64());
    }
    let after = cop_benches::peak_memory_mb().unwrap_or(f64::NAN);
    std::fs::remove_dir_all(&dir).unwrap();
    let report = report.unwrap();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mb = bytes as f64 / 1e6;
    let posts: usize = report.records.values().sum();
    println!(
        "{mb:.1} MB of JSON in {files} files, {posts} posts, {} events, {} members: median {median:.3} s of {} runs, {:.1} MB/s (one core)",
        report.recorded,
        report.members,
        times.len(),
        mb / median
    );
    println!(
        "peak resident memory: {before:.0} MB before the imports (writing the folder), {after:.0} MB after"
    );
}
