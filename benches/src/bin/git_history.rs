//! Reading a git history: `git log --numstat` (the old way) against `read_history` (gitoxide),
//! in the same run, on the repository named by `COP_BENCH_GIT`.
//!
//! ```text
//! COP_BENCH_GIT=/path/to/repo cargo run --release -p cop-benches --bin git_history [-- --repeat N]
//! ```
//!
//! Each way runs `--repeat` times (3 by default), alternating, and counts its median. The program
//! also checks that both agree: the commits (hashes, in order), their people, subjects and
//! co-authors, and how many domains differ (the line counts of two diff implementations can
//! differ in rare cases). Prints nothing and exits 0 when `COP_BENCH_GIT` is unset.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use cop_core::ingest::git::{Commit, GitOptions, Signature, domain_of_numstat, read_history};

/// The format of one commit in `git log` (as `cop-cli` reads it): record separator, then the
/// fields separated by unit separators; the numstat lines follow the last separator.
const FORMAT: &str = "--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%cn%x1f%ce%x1f%s%x1f\
                      %(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)%x1f";

/// Runs `git log --numstat` over HEAD and returns its output, read to the end.
fn git_log(repo: &Path) -> Vec<u8> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "core.quotePath=false", "-c", "log.showSignature=false"])
        .args([
            "log",
            "--no-renames",
            "--diff-merges=first-parent",
            "--numstat",
            "--no-color",
            FORMAT,
            "HEAD",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    let mut reader = BufReader::new(child.stdout.take().expect("piped"));
    let mut output = Vec::new();
    loop {
        let buffer = reader.fill_buf().expect("git's output reads");
        if buffer.is_empty() {
            break;
        }
        output.extend_from_slice(buffer);
        let n = buffer.len();
        reader.consume(n);
    }
    assert!(child.wait().expect("git ends").success(), "git log failed");
    output
}

/// The commits of a `git log` output, oldest first.
fn parse_log(output: &[u8]) -> Vec<Commit> {
    let text = String::from_utf8_lossy(output);
    let mut commits: Vec<Commit> = text
        .split('\u{1e}')
        .filter(|record| !record.trim().is_empty())
        .map(|record| {
            let fields: Vec<&str> = record.splitn(10, '\u{1f}').collect();
            assert_eq!(fields.len(), 10, "a record of git log: {record:?}");
            Commit {
                hash: fields[0].trim().to_owned(),
                parents: fields[1].split_whitespace().map(str::to_owned).collect(),
                author: Signature::new(fields[2], fields[3]),
                time: fields[4].trim().parse().unwrap_or_default(),
                committer: Signature::new(fields[5], fields[6]),
                subject: fields[7].to_owned(),
                coauthors: fields[8].split('\u{1d}').filter_map(Signature::parse).collect(),
                domain: domain_of_numstat(fields[9]),
            }
        })
        .collect();
    commits.reverse();
    commits
}

fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let Some(repo) = std::env::var_os("COP_BENCH_GIT") else {
        return;
    };
    let repo = Path::new(&repo);
    let args: Vec<String> = std::env::args().collect();
    let repeat = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3usize);
    let options = GitOptions::default().mailmap(false);
    let (mut git_times, mut gix_times) = (Vec::new(), Vec::new());
    let (mut output, mut commits) = (Vec::new(), Vec::new());
    for _ in 0..repeat {
        let start = Instant::now();
        output = git_log(repo);
        git_times.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        commits = read_history(repo, &options).expect("the history reads");
        gix_times.push(start.elapsed().as_secs_f64());
    }
    let expected = parse_log(&output);
    let (git, gix) = (median(&mut git_times), median(&mut gix_times));
    println!("repository: {}", repo.display());
    println!("commits: {} (git log: {})", commits.len(), expected.len());
    println!("git log --numstat: {git:.3} s (median of {repeat})");
    println!("read_history (gix): {gix:.3} s (median of {repeat})");
    println!("ratio: {:.2}x", git / gix);
    compare(&expected, &commits);
}

/// Prints how the two readings differ.
fn compare(expected: &[Commit], actual: &[Commit]) {
    let same_order = expected.iter().map(|c| &c.hash).eq(actual.iter().map(|c| &c.hash));
    println!("same commits in the same order: {same_order}");
    let by_hash: std::collections::HashMap<&str, &Commit> =
        actual.iter().map(|c| (c.hash.as_str(), c)).collect();
    let (mut domains, mut others, mut missing) = (0, 0, 0);
    for want in expected {
        let Some(got) = by_hash.get(want.hash.as_str()) else {
            missing += 1;
            continue;
        };
        if got.domain != want.domain {
            domains += 1;
            if domains <= 10 {
                println!("  domain differs: {} git log {:?}, gix {:?}", want.hash, want.domain, got.domain);
            }
        }
        let mut without_domain = (*got).clone();
        without_domain.domain.clone_from(&want.domain);
        if &without_domain != want {
            others += 1;
            if others <= 10 {
                println!("  commit differs:\n    git log {want:?}\n    gix     {got:?}");
            }
        }
    }
    let share = 100.0 * domains as f64 / expected.len().max(1) as f64;
    println!(
        "domains differing: {domains} ({share:.3}%); other fields differing: {others}; missing: {missing}"
    );
}
