//! Reading chat exports: MB/s and peak memory of `Landscape::import_platform` on a synthetic
//! Slack export and a synthetic DiscordChatExporter file, on one core.
//!
//! ```text
//! cargo run --release -p cop-benches --bin chat [-- --mb 200 --repeat 3 --only slack|discord]
//! ```
//!
//! Writes about `--mb` megabytes (200 by default) of each to a temporary folder, made from the
//! real Slack sample in `../shared/sources/slack-houstondatavis-2016` (or from a few synthetic
//! messages when it is absent):
//! - **Slack**: its `users.json` and `channels.json`, and every day file repeated with every
//!   `ts` shifted by a copy's offset (each copy a day file of its own, pretty-printed as Slack
//!   writes them);
//! - **Discord**: one channel file whose messages are the sample's texts and authors, every
//!   third one a `Reply` to the one before, with their reactions' users, indented as
//!   DiscordChatExporter writes it.
//!
//! Then imports each `--repeat` times (3 by default) into a new landscape and prints the median
//! time, the rate and the peak resident memory of the import (`VmHWM` of `/proc/self/status`,
//! reset before each import through `/proc/self/clear_refs`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cop_core::Landscape;
use cop_core::ingest::platform::{Platform, PlatformImport};
use serde_json::{Value, json};

/// The seconds between copies: more than the sample's span (2015-06 .. 2016-07).
const SHIFT: i64 = 40_000_000;

fn sample() -> Option<PathBuf> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/sources/slack-houstondatavis-2016");
    dir.is_dir().then_some(dir)
}

/// The sample's day files: (channel, file name, messages), or a few synthetic ones.
fn day_files(sample: Option<&Path>) -> Vec<(String, String, Vec<Value>)> {
    let Some(dir) = sample else {
        eprintln!("../shared/sources is absent: synthetic messages");
        let messages = (0..200)
            .map(|i| json!({"type": "message", "user": format!("U{}", i % 7), "text": format!("message {i} about <@U{}> and charts", (i + 1) % 7), "ts": format!("{}.000{:03}", 1_500_000_000 + i * 60, i)}))
            .collect();
        return vec![("general".to_owned(), "2017-07-14.json".to_owned(), messages)];
    };
    let channels: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.join("channels.json")).unwrap()).unwrap();
    let mut files = Vec::new();
    for channel in channels {
        let name = channel["name"].as_str().unwrap().to_owned();
        let mut days: Vec<PathBuf> =
            std::fs::read_dir(dir.join(&name)).unwrap().map(|e| e.unwrap().path()).collect();
        days.sort();
        for day in days {
            let messages: Vec<Value> = serde_json::from_slice(&std::fs::read(&day).unwrap()).unwrap();
            let file = day.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name.clone(), file, messages));
        }
    }
    files
}

fn shift_ts(value: &mut Value, by: i64) {
    for field in ["ts", "thread_ts"] {
        if let Some(ts) = value.get(field).and_then(Value::as_str) {
            let (seconds, fraction) = ts.split_once('.').unwrap_or((ts, "000000"));
            let seconds: i64 = seconds.parse().unwrap();
            value[field] = Value::String(format!("{}.{fraction}", seconds + by));
        }
    }
}

/// Writes the Slack export of about `megabytes` MB to `dir`; returns its size in bytes.
fn write_slack(dir: &Path, megabytes: usize, files: &[(String, String, Vec<Value>)]) -> u64 {
    let mut total = 0;
    match sample() {
        Some(sample) => {
            for listing in ["users.json", "channels.json"] {
                std::fs::copy(sample.join(listing), dir.join(listing)).unwrap();
                total += std::fs::metadata(dir.join(listing)).unwrap().len();
            }
        }
        None => {
            std::fs::write(dir.join("users.json"), r#"[{"id": "U0", "name": "ada", "real_name": "Ada"}]"#)
                .unwrap();
            std::fs::write(dir.join("channels.json"), r#"[{"id": "C1", "name": "general"}]"#).unwrap();
        }
    }
    let one_copy: usize = files.iter().map(|(_, _, m)| serde_json::to_vec_pretty(m).unwrap().len()).sum();
    let copies = (megabytes * 1_000_000).div_ceil(one_copy.max(1));
    for copy in 0..copies {
        for (channel, day, messages) in files {
            let folder = dir.join(channel);
            std::fs::create_dir_all(&folder).unwrap();
            let mut messages = messages.clone();
            for m in &mut messages {
                shift_ts(m, copy as i64 * SHIFT);
            }
            let path = folder.join(format!("{copy:05}-{day}"));
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            serde_json::to_writer_pretty(&mut out, &messages).unwrap();
            out.flush().unwrap();
            total += std::fs::metadata(&path).unwrap().len();
        }
    }
    total
}

/// A Discord id (digits) for a Slack user id.
fn snowflake(slack: &str) -> String {
    let n = slack.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    (n % 1_000_000_000_000_000).to_string()
}

/// A DiscordChatExporter user, from a Slack user id.
fn user(slack: &str, name: &str) -> Value {
    let id = snowflake(slack);
    json!({"id": id, "name": name, "discriminator": "0000", "nickname": name, "color": null, "isBot": false,
           "roles": [], "avatarUrl": "https://cdn.discordapp.com/embed/avatars/0.png"})
}

/// Writes a DiscordChatExporter file of about `megabytes` MB to `path`; returns its size.
fn write_discord(path: &Path, megabytes: usize, files: &[(String, String, Vec<Value>)]) -> u64 {
    let messages: Vec<&Value> =
        files.iter().flat_map(|(_, _, m)| m).filter(|m| m["user"].is_string()).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    // The preamble as DiscordChatExporter writes it (serde_json would sort its keys).
    let head = r#"{
  "guild": {"id": "100", "name": "Bench", "iconUrl": ""},
  "channel": {"id": "200", "type": "GuildTextChat", "categoryId": "300", "category": "Text", "name": "general", "topic": null},
  "dateRange": {"after": null, "before": null},
  "exportedAt": "2020-01-01T00:00:00+00:00",
  "messages": [
"#;
    out.write_all(head.as_bytes()).unwrap();
    let (mut written, mut id) = (0usize, 1_000_000u64);
    while written < megabytes * 1_000_000 {
        for m in &messages {
            id += 1;
            let author = m["user"].as_str().unwrap();
            let reactions: Vec<Value> = m["reactions"].as_array().into_iter().flatten().map(|r| {
                let users: Vec<Value> = r["users"].as_array().into_iter().flatten().map(|u| user(u.as_str().unwrap(), "reactor")).collect();
                json!({"emoji": {"id": "", "name": "👍", "code": "thumbsup", "isAnimated": false, "imageUrl": ""}, "count": users.len(), "users": users})
            }).collect();
            let mut message = json!({"id": id.to_string(), "type": "Default",
                "timestamp": format!("2020-01-01T00:00:00.{:07}+00:00", id % 10_000_000), "timestampEdited": null,
                "callEndedTimestamp": null, "isPinned": false, "content": m["text"], "author": user(author, author),
                "attachments": [], "embeds": [], "stickers": [], "reactions": reactions, "mentions": [], "inlineEmojis": []});
            if id % 3 == 0 {
                message["type"] = json!("Reply");
                message["reference"] =
                    json!({"messageId": (id - 1).to_string(), "channelId": "200", "guildId": "100"});
            }
            let text = serde_json::to_string_pretty(&message).unwrap();
            let sep = if written == 0 { "" } else { ",\n" };
            write!(out, "{sep}{text}").unwrap();
            written += text.len() + sep.len();
        }
    }
    write!(out, "\n  ],\n  \"messageCount\": {}\n}}\n", id - 1_000_000).unwrap();
    out.flush().unwrap();
    std::fs::metadata(path).unwrap().len()
}

fn run(what: &str, platform: Platform, path: &Path, bytes: u64, repeat: usize) {
    let mut times = Vec::new();
    let (mut recorded, mut peak) = (0, 0.0f64);
    for _ in 0..repeat.max(1) {
        cop_benches::reset_peak_memory();
        let mut landscape = Landscape::new();
        let start = Instant::now();
        let report =
            landscape.import_platform(platform, path, &PlatformImport::default().name("bench")).unwrap();
        times.push(start.elapsed().as_secs_f64());
        peak = peak.max(cop_benches::peak_memory_mb().unwrap_or(f64::NAN));
        recorded = report.recorded;
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let mb = bytes as f64 / 1e6;
    println!(
        "{what}: {mb:.1} MB, {recorded} events: median {median:.3} s of {} runs, {:.1} MB/s (one core), peak memory {peak:.0} MB",
        times.len(),
        mb / median
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut megabytes, mut repeat, mut only) = (200usize, 3usize, String::new());
    while let Some(arg) = args.next() {
        let value = args.next().expect("a value after the option");
        match arg.as_str() {
            "--mb" => megabytes = value.parse().expect("a number"),
            "--repeat" => repeat = value.parse().expect("a number"),
            "--only" => only = value,
            _ => panic!("unknown option {arg}"),
        }
    }
    let dir = std::env::temp_dir().join(format!("cop-bench-chat-{}", std::process::id()));
    let files = day_files(sample().as_deref());
    if only != "discord" {
        let slack = dir.join("slack");
        std::fs::create_dir_all(&slack).unwrap();
        let bytes = write_slack(&slack, megabytes, &files);
        run("slack", Platform::Slack, &slack, bytes, repeat);
        std::fs::remove_dir_all(&slack).unwrap();
    }
    if only != "slack" {
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("bench - general [200].json");
        let bytes = write_discord(&file, megabytes, &files);
        run("discord", Platform::Discord, &file, bytes, repeat);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
