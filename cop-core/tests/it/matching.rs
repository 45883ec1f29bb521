//! Matching: the assignment solvers against scipy (reference optima in
//! `tests/fixtures/matching.json`, made by `tests/fixtures/gen_matching.py`), their properties,
//! and hand-built landscapes for every score part of mentor matching, expert finding, peer
//! matching and community recommendation.

use cop_core::matching::{
    AssignmentProblem, Candidate, assign_greedy, assign_optimal, assign_stable, blocking_pairs,
};
use proptest::prelude::*;
use serde_json::Value;

// ----- the assignment solvers against scipy ----------------------------------------------------

fn fixtures() -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/matching.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["instances"].as_array().unwrap().clone()
}

fn dense_problem(instance: &Value) -> AssignmentProblem {
    let mentees = instance["mentees"].as_u64().unwrap() as usize;
    let capacities: Vec<u32> =
        instance["capacities"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap() as u32).collect();
    let scores: Vec<f64> = instance["scores"].as_array().unwrap().iter().map(|s| s.as_f64().unwrap()).collect();
    AssignmentProblem::dense(mentees, capacities, &scores).unwrap()
}

#[test]
fn optimal_total_equals_scipy_linear_sum_assignment() {
    let instances = fixtures();
    assert!(instances.len() >= 10);
    for instance in instances {
        let problem = dense_problem(&instance);
        let best = assign_optimal(&problem);
        let expected = instance["optimum"].as_f64().unwrap();
        assert!(
            (best.total_score - expected).abs() < 1e-9,
            "{}: {} vs scipy {expected}",
            instance["name"],
            best.total_score
        );
        // All scores are positive on a complete instance: the optimum matches as many as scipy.
        assert_eq!(best.matched() as u64, instance["matched"].as_u64().unwrap(), "{}", instance["name"]);
        assert_capacities(&problem, &best.mentor_of);
        let greedy = assign_greedy(&problem);
        assert!(greedy.total_score <= best.total_score + 1e-9, "{}", instance["name"]);
        assert!(assign_stable(&problem).total_score <= best.total_score + 1e-9, "{}", instance["name"]);
    }
}

fn assert_capacities(problem: &AssignmentProblem, mentor_of: &[Option<u32>]) {
    let mut load = vec![0u32; problem.mentors()];
    for j in mentor_of.iter().flatten() {
        load[*j as usize] += 1;
    }
    for (j, (l, c)) in load.iter().zip(problem.capacities()).enumerate() {
        assert!(l <= c, "mentor {j} holds {l} mentees with capacity {c}");
    }
}

// ----- properties ------------------------------------------------------------------------------

/// A random sparse problem: capacities, per mentee a few candidates with scores (some tied),
/// and a few required and excluded pairs.
#[derive(Clone, Debug)]
struct Instance {
    capacities: Vec<u32>,
    rows: Vec<Vec<(u32, f64, f64)>>,
    required: Vec<(u32, u32)>,
    excluded: Vec<(u32, u32)>,
}

impl Instance {
    fn problem(&self) -> AssignmentProblem {
        let mut problem = AssignmentProblem::new(self.capacities.clone());
        for row in &self.rows {
            problem
                .add_mentee(row.iter().map(|&(mentor, score, view)| Candidate { mentor, score, mentor_score: view }))
                .unwrap();
        }
        for &(i, j) in &self.required {
            // Conflicting requirements are refused; the rest stand.
            let _ = problem.require(i, j);
        }
        for &(i, j) in &self.excluded {
            let _ = problem.exclude(i, j);
        }
        problem
    }
}

fn instance(max_mentees: usize, max_mentors: usize) -> impl Strategy<Value = Instance> {
    (1..=max_mentees, 1..=max_mentors).prop_flat_map(move |(n, m)| {
        let capacities = proptest::collection::vec(0u32..=3, m);
        let score = prop_oneof![(0u32..=4).prop_map(f64::from), 0.0f64..1.0];
        let row = proptest::collection::btree_map(0..m as u32, (score.clone(), score), 0..=m.min(5))
            .prop_map(|map| map.into_iter().map(|(j, (s, v))| (j, s, v)).collect::<Vec<_>>());
        let rows = proptest::collection::vec(row, n);
        let pairs = proptest::collection::vec((0..n as u32, 0..m as u32), 0..3);
        (capacities, rows, pairs.clone(), pairs)
            .prop_map(|(capacities, rows, required, excluded)| Instance { capacities, rows, required, excluded })
    })
}

/// The best total by trying every assignment (tiny instances only).
fn brute_force(problem: &AssignmentProblem) -> f64 {
    fn go(problem: &AssignmentProblem, i: u32, load: &mut [u32], total: f64, best: &mut f64) {
        if i as usize == problem.mentees() {
            *best = best.max(total);
            return;
        }
        if let Some(j) = problem.required_mentor(i) {
            let s = problem.score(i, j).unwrap_or(0.0);
            return go(problem, i + 1, load, total + s, best);
        }
        go(problem, i + 1, load, total, best);
        for c in problem.candidates(i).collect::<Vec<_>>() {
            let j = c.mentor as usize;
            if problem.is_acceptable(i, &c) && load[j] < problem.capacity(c.mentor) {
                load[j] += 1;
                go(problem, i + 1, load, total + c.score, best);
                load[j] -= 1;
            }
        }
    }
    let mut load = vec![0u32; problem.mentors()];
    for &(_, j) in problem.required() {
        load[j as usize] += 1;
    }
    let mut best = f64::NEG_INFINITY;
    go(problem, 0, &mut load, 0.0, &mut best);
    best
}

fn respects_constraints(problem: &AssignmentProblem, mentor_of: &[Option<u32>]) -> Result<(), TestCaseError> {
    assert_capacities(problem, mentor_of);
    for (i, mentor) in mentor_of.iter().enumerate() {
        let i = i as u32;
        if let Some(j) = problem.required_mentor(i) {
            prop_assert_eq!(*mentor, Some(j), "mentee {} must have mentor {}", i, j);
        } else if let Some(j) = *mentor {
            prop_assert!(!problem.is_excluded(i, j), "excluded pair ({}, {}) assigned", i, j);
            prop_assert!(problem.score(i, j).is_some(), "({}, {}) is not a candidate", i, j);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn solvers_respect_capacities_and_constraints(instance in instance(12, 6)) {
        let problem = instance.problem();
        for assignment in [assign_optimal(&problem), assign_greedy(&problem), assign_stable(&problem)] {
            respects_constraints(&problem, &assignment.mentor_of)?;
            let sum: f64 = assignment.scores.iter().sum();
            prop_assert!((sum - assignment.total_score).abs() < 1e-9);
        }
    }

    #[test]
    fn optimal_is_the_optimum_and_beats_greedy_and_stable(instance in instance(7, 4)) {
        let problem = instance.problem();
        let best = assign_optimal(&problem).total_score;
        let expected = brute_force(&problem);
        prop_assert!((best - expected).abs() < 1e-9, "optimal {} vs brute force {}", best, expected);
        prop_assert!(assign_greedy(&problem).total_score <= best + 1e-9);
        prop_assert!(assign_stable(&problem).total_score <= best + 1e-9);
    }

    #[test]
    fn optimal_beats_greedy_on_larger_instances(instance in instance(60, 25)) {
        let problem = instance.problem();
        let best = assign_optimal(&problem);
        let greedy = assign_greedy(&problem);
        prop_assert!(greedy.total_score <= best.total_score + 1e-9);
        // Greedy is a ½-approximation with non-negative scores.
        prop_assert!(2.0 * greedy.total_score + 1e-9 >= best.total_score);
    }

    #[test]
    fn stable_matchings_have_no_blocking_pair(instance in instance(40, 12)) {
        let problem = instance.problem();
        let stable = assign_stable(&problem);
        prop_assert_eq!(blocking_pairs(&problem, &stable), Vec::<(u32, u32)>::new());
    }
}
