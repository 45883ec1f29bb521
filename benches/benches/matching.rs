//! Mentor assignment at scale: a dense 2,000 × 2,000 instance (optimal and greedy, with the
//! greedy gap) and a sparse one of 100,000 mentees × 10,000 mentors with 50 candidates each
//! (optimal, greedy and stable).
//!
//! The dense instance is generated exactly as `cop-core/tests/fixtures/gen_matching.py
//! --time-dense 2000` generates it (SplitMix64 with the same seed, scores in (0, 1]), so scipy's
//! `linear_sum_assignment` can be timed on the same matrix and its optimum compared.

use std::hint::black_box;
use std::time::Duration;

use cop_benches::SplitMix;
use cop_core::matching::{
    AssignmentProblem, Candidate, assign_greedy, assign_optimal, assign_stable, blocking_pairs,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// The seed of the dense instance (shared with `gen_matching.py`).
const DENSE_SEED: u64 = 20_260_601;

/// A score in (0, 1]: `((next_u64 >> 11) + 1) / 2^53`, as `gen_matching.py` computes it.
fn unit_score(rng: &mut SplitMix) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 / (1u64 << 53) as f64
}

/// `n` mentees × `n` mentors of capacity 1, every pair a candidate, scores row by row.
fn dense(n: usize) -> AssignmentProblem {
    let mut rng = SplitMix::new(DENSE_SEED);
    let scores: Vec<f64> = (0..n * n).map(|_| unit_score(&mut rng)).collect();
    AssignmentProblem::dense(n, vec![1; n], &scores).expect("a complete square instance")
}

/// `mentees` mentees with `k` distinct random candidates each among `mentors` mentors of
/// capacity 1 to 10 (about 5.5 places per mentor, so mentors are scarce).
fn sparse(mentees: usize, mentors: usize, k: usize, seed: u64) -> AssignmentProblem {
    let mut rng = SplitMix::new(seed);
    let capacities: Vec<u32> = (0..mentors).map(|_| 1 + rng.below(10) as u32).collect();
    let mut problem = AssignmentProblem::new(capacities);
    problem.reserve(mentees, mentees * k);
    let mut row: Vec<Candidate> = Vec::with_capacity(k);
    for _ in 0..mentees {
        row.clear();
        while row.len() < k {
            let mentor = rng.below(mentors as u64) as u32;
            if !row.iter().any(|c| c.mentor == mentor) {
                row.push(Candidate::new(mentor, unit_score(&mut rng)));
            }
        }
        problem.add_mentee(row.iter().copied()).expect("valid candidates");
    }
    problem
}

fn gap(optimal: f64, other: f64) -> f64 {
    100.0 * (optimal - other) / optimal
}

fn matching(c: &mut Criterion) {
    let problem = dense(2_000);
    let best = assign_optimal(&problem);
    let greedy = assign_greedy(&problem);
    eprintln!(
        "dense 2000 x 2000: optimal total {:.9} ({} pairs), greedy total {:.9} ({} pairs): greedy gap {:.3} %",
        best.total_score,
        best.matched(),
        greedy.total_score,
        greedy.matched(),
        gap(best.total_score, greedy.total_score)
    );
    let mut group = c.benchmark_group("matching_dense_2000x2000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(12));
    group.bench_function("optimal", |b| b.iter(|| assign_optimal(black_box(&problem))));
    group.bench_function("greedy", |b| b.iter(|| assign_greedy(black_box(&problem))));
    group.finish();
    drop(problem);

    let problem = sparse(100_000, 10_000, 50, 7);
    let places: u64 = problem.capacities().iter().map(|&c| u64::from(c)).sum();
    let best = assign_optimal(&problem);
    let greedy = assign_greedy(&problem);
    let stable = assign_stable(&problem);
    eprintln!(
        "sparse 100000 x 10000, 50 candidates each, {places} places: optimal total {:.6} ({} pairs), \
         greedy {:.6} ({} pairs, gap {:.3} %), stable {:.6} ({} pairs, gap {:.3} %, {} blocking pairs)",
        best.total_score,
        best.matched(),
        greedy.total_score,
        greedy.matched(),
        gap(best.total_score, greedy.total_score),
        stable.total_score,
        stable.matched(),
        gap(best.total_score, stable.total_score),
        blocking_pairs(&problem, &stable).len()
    );
    let mut group = c.benchmark_group("matching_sparse_100000x10000_k50");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("optimal", |b| b.iter(|| assign_optimal(black_box(&problem))));
    group.bench_function("greedy", |b| b.iter(|| assign_greedy(black_box(&problem))));
    group.bench_function("stable", |b| b.iter(|| assign_stable(black_box(&problem))));
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
