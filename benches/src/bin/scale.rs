//! The scale benchmark: cop's own steps on one events file, timed separately.
//!
//! ```text
//! cargo run --release -p cop-benches --bin scale -- EVENTS.csv [--json OUT.json] [--repeat N] [--skip-history] [--skip-report] [--load-only]
//! ```
//!
//! Steps: load the CSV into a landscape; per-member aggregation and levels (scores of everyone
//! as of the last event, quantile levels); the analysis of the last date (the same levels, with
//! each member's trajectory: what mentor matching reads); level timeline and trajectories
//! (monthly); the interaction graph build (CSR projection); k-core; PageRank (damping 0.85,
//! tolerance 1e-6, as networkx); mentor matching (the mentee and mentor pools of peers.py); the
//! health report; the maturity stage history; the whole report (`report`: the analysis with its
//! timeline and trajectories, then every section of the report with its history and mentoring,
//! as `cop report` computes it, and its JSON document; the step after loading). Each step runs up to `--repeat` times (3 by
//! default; no more once its runs pass 30 s) and counts its best time, as peers.py counts the
//! peers'. Prints a table, writes JSON, and reports peak resident memory (while loading, and
//! for the whole run) and the log's bytes per event.

use std::time::Instant;

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::HealthConfig;
use cop_core::health::maturity::MaturityConfig;
use cop_core::matching::MatchingOptions;
use cop_core::participation::analysis::Options;
use cop_core::participation::policy::{PolicySpec, assess};
use cop_core::report::ReportOptions;
use cop_core::structure::{EdgeWeight, Iteration, Projection};
use cop_core::{ImportOptions, Landscape, ParticipationConfig};

/// Peak resident memory of this process in bytes (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The timed steps: each run up to `repeat` times (stopping once its runs add up to more than
/// `budget` seconds) and reported by its best time, as peers.py does.
struct Steps {
    repeat: usize,
    budget: f64,
    rows: Vec<(String, f64, Vec<f64>)>,
    /// Peak resident memory after the first run of the last step (later runs may fragment the
    /// heap and raise it).
    first_peak: Option<u64>,
}

impl Steps {
    fn time<T>(&mut self, name: &str, mut f: impl FnMut() -> T) -> T {
        let mut times = Vec::new();
        let mut out = None;
        while times.len() < self.repeat.max(1) && times.iter().sum::<f64>() <= self.budget {
            drop(out.take()); // the last run's result goes before the next run starts
            let start = Instant::now();
            out = Some(f());
            times.push(start.elapsed().as_secs_f64());
            if times.len() == 1 {
                self.first_peak = peak_rss();
            }
        }
        let best = times.iter().copied().fold(f64::INFINITY, f64::min);
        eprintln!("{name:<28} {best:>9.3} s  (best of {})", times.len());
        self.rows.push((name.to_owned(), best, times));
        out.expect("a step runs at least once")
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: scale EVENTS.csv [--json OUT.json] [--repeat N] [--skip-history] [--skip-report] [--load-only]")?;
    let json_out = args.iter().position(|a| a == "--json").and_then(|i| args.get(i + 1));
    let skip_history = args.iter().any(|a| a == "--skip-history");
    let skip_report = args.iter().any(|a| a == "--skip-report");
    let repeat = match args.iter().position(|a| a == "--repeat") {
        Some(i) => args.get(i + 1).and_then(|n| n.parse().ok()).ok_or("--repeat needs a number")?,
        None => 3,
    };
    let mut steps = Steps { repeat, budget: 30.0, rows: Vec::new(), first_peak: None };

    let landscape = steps.time("load", || -> Result<Landscape, cop_core::CopError> {
        let file = std::fs::File::open(path)?;
        let mut landscape = Landscape::new();
        landscape.import_csv(
            std::io::BufReader::with_capacity(1 << 20, file),
            &ImportOptions::default().source(path),
        )?;
        // Hand back the growth slack of the columns (as the docs advise after a bulk import).
        landscape.shrink_to_fit();
        Ok(landscape)
    })?;
    // The comparable figure for "holding the data": the peak while loading it (once).
    let load_peak = steps.first_peak;
    let events = landscape.counts().events;
    if args.iter().any(|a| a == "--load-only") {
        eprintln!("{events} events; peak RSS {:.1} MiB", peak_rss().unwrap_or(0) as f64 / (1 << 20) as f64);
        return Ok(());
    }
    let (_, last) = landscape.log().span().ok_or("no events")?;
    let config = ParticipationConfig::default();
    let levels =
        steps.time("aggregate_levels", || assess(&landscape, last, &config, &PolicySpec::default()))?;
    let as_of = AsOf::at(last)?;
    let current = steps.time("current_analysis", || Analysis::of_the_date(&landscape, as_of))?;
    let analysis =
        steps.time("timeline_trajectories", || Analysis::new(&landscape, as_of, &Options::default()))?;
    let projection = steps.time("graph_build", || {
        Projection::of_interactions(&landscape, i64::MIN, i64::MAX, EdgeWeight::Count)
    });
    let cores = steps.time("kcore", || projection.core_numbers());
    let pagerank = steps.time("pagerank", || projection.pagerank(0.85, Iteration::default()))?;
    let health = steps.time("health_report", || analysis.health(&HealthConfig::default()))?;
    // Mentor matching on the instance peers.py builds from the data: the 20 % least active
    // members as mentees (at most 4,000), the 5 % most active as mentors (at most 1,500), three
    // places each. The levels it reads are the analysis of the last date (`current_analysis`),
    // which the end-to-end chain counts before it; the competence, ties and load of the pools
    // are gathered from the events within the step.
    let matching = steps.time("matching", || {
        // By number of events, then key (as peers.py sorts them).
        let mut by_activity: Vec<(usize, &str, cop_core::MemberId)> = landscape
            .member_ids()
            .map(|m| (landscape.log().of_member(m).len(), landscape.member_key(m).unwrap_or_default(), m))
            .collect();
        by_activity.sort_unstable();
        let by_activity: Vec<(usize, cop_core::MemberId)> =
            by_activity.into_iter().map(|(n, _, m)| (n, m)).collect();
        let n = by_activity.len();
        let key = |m: cop_core::MemberId| landscape.member_key(m).unwrap_or_default().to_owned();
        let mentees = by_activity.iter().take((n / 5).min(4_000)).map(|&(_, m)| key(m)).collect();
        let mentors = by_activity.iter().rev().take((n / 20).min(1_500)).map(|&(_, m)| key(m)).collect();
        let mut options = MatchingOptions::default();
        options.mentees = Some(mentees);
        options.mentors = Some(mentors);
        options.default_capacity = 3;
        current.mentors(&options)
    })?;
    let history = if skip_history {
        Vec::new()
    } else {
        steps.time("maturity_history", || analysis.stage_history(&MaturityConfig::default()))?
    };
    // The whole report from the loaded landscape, as `cop report --format json` computes it
    // (the command's default options are the report's defaults), serialised.
    let report_bytes = if skip_report {
        0
    } else {
        steps
            .time("report", || -> Result<Vec<u8>, Box<dyn std::error::Error>> {
                let analysis = Analysis::new(&landscape, as_of, &Options::default())?;
                let report = analysis.report(&ReportOptions::default())?;
                Ok(serde_json::to_vec(&report)?)
            })?
            .len()
    };
    let peak = peak_rss();
    let bytes_per_event = landscape.log().heap_bytes() as f64 / events as f64;
    let counts = levels.counts();
    eprintln!(
        "{} events, {} members, {} ties; core {}; max k-core {}; pagerank sum {:.6}; {} active members; {} periods of history; {} mentor pairs; report {} bytes",
        events,
        landscape.counts().members,
        projection.edge_count(),
        counts[0],
        cores.iter().max().unwrap_or(&0),
        pagerank.iter().sum::<f64>(),
        health.active_members,
        history.len(),
        matching.pairs.len(),
        report_bytes
    );
    let mib = |bytes: Option<u64>| bytes.unwrap_or(0) as f64 / (1 << 20) as f64;
    eprintln!(
        "peak RSS {:.1} MiB (loading: {:.1} MiB); log {bytes_per_event:.1} bytes/event",
        mib(peak),
        mib(load_peak)
    );
    let json = serde_json::json!({
        "tool": "cop",
        "file": path,
        "events": events,
        "members": landscape.counts().members,
        "steps": steps.rows.iter().map(|(n, s, times)| serde_json::json!({"step": n, "seconds": s, "times_s": times})).collect::<Vec<_>>(),
        "peak_rss_bytes": peak,
        "load_peak_rss_bytes": load_peak,
        "log_bytes_per_event": bytes_per_event,
    });
    match json_out {
        Some(out) => std::fs::write(out, serde_json::to_string_pretty(&json)?)?,
        None => println!("{json}"),
    }
    Ok(())
}
