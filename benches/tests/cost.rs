//! Tests of cost, not speed (here, beside the benchmarks, because counting allocations needs a
//! global allocator, which is `unsafe` and has no place in cop-core): each input dimension that hostile input controls is run at two
//! sizes, and the growth of the work — counted as the bytes the allocator hands out, which is
//! deterministic where time is not — must stay within the dimension's bound. A dimension past
//! its limit (`cop_core::limits`) must be refused at a cost linear in the input.
//!
//! | dimension | bound when doubled |
//! |---|---|
//! | domain path depth (up to 32) | × 4.5 (each prefix is a domain: quadratic, bounded by the limit) |
//! | a path far past the limit | refused, linear in its length |
//! | one member's contacts (structure) | × 2.5 (near-linear) |
//! | key length (up to 1,024 bytes) | × 2.5 |
//! | period counts in options (up to 10,000) | × 2.5 |
//! | periods an analysis spans (up to 10,000) | × 4.5 (one assessment per period over a growing history; bounded by the limit) |
//!
//! The allocator counts every allocation of the process, so the dimensions run one after the
//! other in a single test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use cop_core::analysis::{Analysis, AsOf};
use cop_core::health::HealthConfig;
use cop_core::participation::analysis::{Options, Participation};
use cop_core::report::ReportOptions;
use cop_core::structure::EdgeWeight;
use cop_core::{ImportOptions, Landscape};

struct Counting;

static ALLOCATED: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size() as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATED.fetch_add(new_size as u64, Ordering::Relaxed);
        // SAFETY: the caller's contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The bytes allocated while `work` runs.
fn bytes_of(work: impl Fn()) -> u64 {
    let before = ALLOCATED.load(Ordering::Relaxed);
    work();
    ALLOCATED.load(Ordering::Relaxed) - before
}

/// The growth of the work from `small` to `large`, checked against `bound` (after one run of
/// `small` that pays for what is allocated once: thread pools, tables).
fn growth(name: &str, small: impl Fn(), large: impl Fn(), bound: f64) -> f64 {
    small();
    let (a, b) = (bytes_of(&small), bytes_of(&large));
    let ratio = b as f64 / a.max(1) as f64;
    eprintln!("cost: {name}: {a} → {b} bytes, × {ratio:.2} (bound × {bound})");
    assert!(ratio <= bound, "{name}: doubling the input multiplied the work by {ratio:.2} (bound {bound})");
    ratio
}

fn import(csv: &str) -> Landscape {
    let mut landscape = Landscape::new();
    landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).unwrap();
    landscape
}

fn path(depth: usize) -> String {
    (0..depth).map(|k| format!("s{k}")).collect::<Vec<_>>().join("/")
}

fn domain_paths_cost_at_most_the_square_of_their_depth_and_too_deep_ones_are_refused_at_once() {
    // 200 paths of the same depth, apart from their roots: 200 × depth domains.
    let csv = |depth: usize| -> String {
        std::iter::once("member,time,kind,domain\n".to_owned())
            .chain((0..200).map(|r| format!("ada,2024-01-01,ask,r{r}/{}\n", path(depth - 1))))
            .collect()
    };
    let record = |depth: usize| {
        let csv = csv(depth);
        move || drop(import(&csv))
    };
    growth("domain depth 16 → 32 (200 paths)", record(16), record(32), 4.5);
    let load = |depth: usize| {
        let mut bytes = Vec::new();
        import(&csv(depth)).save_snapshot(&mut bytes).unwrap();
        move || drop(Landscape::load_snapshot(bytes.as_slice()).unwrap())
    };
    growth("snapshot of domain chains 16 → 32 deep, loaded", load(16), load(32), 4.5);
    let refuse = |depth: usize| {
        move || {
            let mut landscape = Landscape::new();
            let csv = format!("member,time,kind,domain\nada,2024-01-01,ask,{}\n", path(depth));
            assert!(landscape.import_csv(csv.as_bytes(), &ImportOptions::default()).is_err());
        }
    };
    growth("a path 50,000 → 100,000 deep, refused", refuse(50_000), refuse(100_000), 2.5);
}

fn one_member_with_many_contacts_costs_near_linear_work() {
    let star = |leaves: usize| {
        let mut csv = String::from("member,time,kind,target\n");
        for l in 0..leaves {
            csv += &format!("hub,{},answer,m{l}\n", 1_700_000_000 + l);
        }
        import(&csv)
    };
    fn analysis(landscape: &Landscape) -> Analysis<'_> {
        Analysis::new(landscape, AsOf::last_event(landscape).unwrap(), &Options::default()).unwrap()
    }
    // The participation is computed before: only the structure is counted.
    let (small, large) = (star(20_000), star(40_000));
    let (small, large) = (analysis(&small), analysis(&large));
    let structure = |analysis: &Analysis| drop(analysis.structure(365, EdgeWeight::Count).unwrap());
    growth(
        "contacts of one member 20,000 → 40,000 (structure)",
        || structure(&small),
        || structure(&large),
        2.5,
    );
}

fn keys_cost_linear_work_in_their_length() {
    let keys = |bytes: usize| {
        let csv: String = std::iter::once("member,time,kind\n".to_owned())
            .chain((0..200).map(|k| format!("{}{k:04},2024-01-01,ask\n", "k".repeat(bytes - 4))))
            .collect();
        move || drop(import(&csv))
    };
    growth("key length 512 → 1,024 bytes", keys(512), keys(1_024), 2.5);
}

fn period_counts_in_options_cost_linear_work() {
    let landscape = import("member,time,kind\nada,2024-01-01,ask\nbob,2024-02-01,answer\n");
    let as_of = AsOf::last_event(&landscape).unwrap();
    let health_of = |landscape: &Landscape, config: &HealthConfig| {
        Analysis::new(landscape, as_of, &config.participation)?.health(config)
    };
    let health = |periods: usize| {
        let landscape = &landscape;
        move || {
            let mut config = HealthConfig::default();
            config.retention_periods = periods;
            drop(health_of(landscape, &config).unwrap());
        }
    };
    growth("retention_periods 5,000 → 10,000", health(5_000), health(10_000), 2.5);
    let refused = |periods: usize| {
        let landscape = &landscape;
        move || {
            let mut config = HealthConfig::default();
            config.retention_periods = periods;
            assert!(health_of(landscape, &config).is_err());
        }
    };
    growth(
        "retention_periods 10¹² → 2·10¹², refused",
        refused(1_000_000_000_000),
        refused(2_000_000_000_000),
        1.5,
    );
}

fn the_periods_an_analysis_spans_cost_at_most_their_square() {
    let span = |years: i64| {
        let landscape = import("member,time,kind\nada,2000-01-01,ask\nbob,2000-02-01,answer\n");
        let as_of = cop_core::model::time::parse_as_of(&format!("{}-12-31", 2000 + years)).unwrap();
        move || drop(Participation::compute(&landscape, as_of, &Options::default()).unwrap())
    };
    growth("a span of 100 → 200 years of months (participation)", span(100), span(200), 4.5);
    let report = |years: i64| {
        let landscape = import("member,time,kind\nada,2000-01-01,ask\nbob,2000-02-01,answer\n");
        let as_of = cop_core::model::time::parse_as_of(&format!("{}-12-31", 2000 + years)).unwrap();
        let as_of = AsOf::at(as_of).unwrap();
        move || {
            let options = ReportOptions::default();
            drop(Analysis::new(&landscape, as_of, &options.participation).unwrap().report(&options).unwrap())
        }
    };
    growth("a span of 25 → 50 years of months (the report, with its history)", report(25), report(50), 4.5);
}

#[test]
fn every_dimension_grows_within_its_bound() {
    domain_paths_cost_at_most_the_square_of_their_depth_and_too_deep_ones_are_refused_at_once();
    one_member_with_many_contacts_costs_near_linear_work();
    keys_cost_linear_work_in_their_length();
    period_counts_in_options_cost_linear_work();
    the_periods_an_analysis_spans_cost_at_most_their_square();
}
