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
    let scores: Vec<f64> =
        instance["scores"].as_array().unwrap().iter().map(|s| s.as_f64().unwrap()).collect();
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
                .add_mentee(row.iter().map(|&(mentor, score, view)| Candidate {
                    mentor,
                    score,
                    mentor_score: view,
                }))
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
        (capacities, rows, pairs.clone(), pairs).prop_map(|(capacities, rows, required, excluded)| Instance {
            capacities,
            rows,
            required,
            excluded,
        })
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
    fn optimal_is_the_optimum_on_complete_instances(
        n in 1usize..=6,
        capacities in proptest::collection::vec(0u32..=2, 1..=4),
        seed in proptest::collection::vec(prop_oneof![(-2i32..=4).prop_map(f64::from), -1.0f64..1.0], 24),
    ) {
        let m = capacities.len();
        let scores: Vec<f64> = (0..n * m).map(|k| seed[k % seed.len()]).collect();
        let problem = AssignmentProblem::dense(n, capacities, &scores).unwrap();
        let best = assign_optimal(&problem);
        respects_constraints(&problem, &best.mentor_of)?;
        let expected = brute_force(&problem);
        prop_assert!((best.total_score - expected).abs() < 1e-9, "optimal {} vs brute force {}", best.total_score, expected);
    }

    #[test]
    fn sparse_and_dense_searches_agree(instance in instance(50, 20)) {
        // The same problem, once with sparse candidate lists and once complete, the missing
        // pairs scored −1 (never worth taking): the optima are equal.
        let sparse = Instance { required: Vec::new(), excluded: Vec::new(), ..instance.clone() }.problem();
        let m = instance.capacities.len();
        let mut scores = vec![-1.0; instance.rows.len() * m];
        for (i, row) in instance.rows.iter().enumerate() {
            for &(j, s, _) in row {
                scores[i * m + j as usize] = s;
            }
        }
        let dense = AssignmentProblem::dense(instance.rows.len(), instance.capacities.clone(), &scores).unwrap();
        let (a, b) = (assign_optimal(&sparse), assign_optimal(&dense));
        prop_assert!((a.total_score - b.total_score).abs() < 1e-9, "sparse {} vs dense {}", a.total_score, b.total_score);
        let unit = AssignmentProblem::dense(instance.rows.len(), vec![1; m], &scores).unwrap();
        let expanded = {
            let mut p = AssignmentProblem::new(vec![1; m]);
            for row in &instance.rows {
                p.add_mentee(row.iter().map(|&(j, s, _)| Candidate::new(j, s))).unwrap();
            }
            p
        };
        prop_assert!((assign_optimal(&unit).total_score - assign_optimal(&expanded).total_score).abs() < 1e-9);
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

// ----- general matching (peers) against brute force --------------------------------------------

fn best_matching_weight(n: usize, edges: &[(u32, u32, i64)]) -> i64 {
    fn go(v: usize, n: usize, w: &[Vec<i64>], used: &mut [bool]) -> i64 {
        if v == n {
            return 0;
        }
        if used[v] {
            return go(v + 1, n, w, used);
        }
        used[v] = true;
        let mut best = go(v + 1, n, w, used);
        for u in v + 1..n {
            if !used[u] && w[v][u] > 0 {
                used[u] = true;
                best = best.max(w[v][u] + go(v + 1, n, w, used));
                used[u] = false;
            }
        }
        used[v] = false;
        best
    }
    let mut w = vec![vec![0i64; n]; n];
    for &(a, b, x) in edges {
        let (a, b) = (a as usize, b as usize);
        if a != b {
            w[a][b] = w[a][b].max(x);
            w[b][a] = w[a][b];
        }
    }
    go(0, n, &w, &mut vec![false; n])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn blossom_finds_the_maximum_weight_matching(
        n in 1usize..=9,
        raw in proptest::collection::vec((0u32..9, 0u32..9, -3i64..20), 0..30),
    ) {
        let edges: Vec<(u32, u32, i64)> =
            raw.into_iter().filter(|&(a, b, _)| (a as usize) < n && (b as usize) < n).collect();
        let mate = cop_core::matching::max_weight_matching(n, &edges);
        let mut weight = 0i64;
        for (v, m) in mate.iter().enumerate() {
            if let Some(u) = *m {
                prop_assert_eq!(mate[u as usize], Some(v as u32), "mates are mutual");
                let w = edges
                    .iter()
                    .filter(|&&(a, b, _)| (a as usize, b as usize) == (v, u as usize) || (b as usize, a as usize) == (v, u as usize))
                    .map(|e| e.2)
                    .max();
                prop_assert!(w.is_some(), "matched along an edge");
                if (v as u32) < u {
                    weight += w.unwrap();
                }
            }
        }
        prop_assert_eq!(weight, best_matching_weight(n, &edges));
    }
}

// ----- hand-built landscapes -------------------------------------------------------------------

mod landscapes {
    use cop_core::analysis::{Analysis, AsOf};
    use cop_core::matching::{
        CommunityOptions, ExpertOptions, MatchingOptions, MentorMatching, Mode, PairKeys, PeerOptions,
        UnmatchedReason,
    };
    use cop_core::model::time::parse_time;
    use cop_core::participation::analysis::Options;
    use cop_core::{Community, Competence, ErrorKind, KeyedEvent, Landscape, MemberId, TrajectoryKind};

    fn t(text: &str) -> i64 {
        parse_time(text).unwrap()
    }

    const AS_OF: &str = "2024-06-01T00:00:00Z";

    fn event(
        l: &mut Landscape,
        member: &str,
        time: &str,
        kind: &str,
        domain: Option<&str>,
        target: Option<&str>,
    ) {
        let e = KeyedEvent { member, time: t(time), kind, domain, target, ..KeyedEvent::default() };
        l.record_keyed(&e, false).unwrap();
    }

    fn member(l: &mut Landscape, key: &str) -> MemberId {
        l.ensure_member(key).unwrap()
    }

    fn declare(l: &mut Landscape, key: &str, domain: &str, level: Competence) -> MemberId {
        let m = member(l, key);
        let d = l.ensure_domain(domain).unwrap();
        l.set_competence(m, d, level).unwrap();
        m
    }

    fn interest(l: &mut Landscape, key: &str, domain: &str) -> MemberId {
        let m = member(l, key);
        let d = l.ensure_domain(domain).unwrap();
        l.add_interest(m, d).unwrap();
        m
    }

    /// The analysis as of [`AS_OF`].
    fn analysis(l: &Landscape) -> Analysis<'_> {
        Analysis::new(l, AsOf::at(t(AS_OF)).unwrap(), &Options::default()).unwrap()
    }

    fn keys(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|s| s.to_string()).collect())
    }

    fn mentor_for(l: &Landscape, mentee: &str, mentors: &[&str]) -> MentorMatching {
        let mut options = MatchingOptions::default();
        options.mentees = keys(&[mentee]);
        options.mentors = keys(mentors);
        analysis(l).mentors(&options).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    // ----- mentor matching: every score part ------------------------------------------------

    #[test]
    fn domain_fit_gives_partial_credit_through_the_taxonomy() {
        let mut l = Landscape::new();
        interest(&mut l, "newbie", "testing/unit");
        declare(&mut l, "same", "testing/unit", Competence::Proficient);
        declare(&mut l, "parent", "testing", Competence::Proficient);
        declare(&mut l, "child", "testing/unit/mocks", Competence::Proficient);
        declare(&mut l, "sibling", "testing/perf", Competence::Proficient);
        declare(&mut l, "cousin", "testing/perf/load", Competence::Proficient);
        declare(&mut l, "other", "docs", Competence::Expert);
        for (mentor, fit) in
            [("same", 1.0), ("parent", 0.7), ("child", 0.7), ("sibling", 0.5), ("cousin", 0.25)]
        {
            let m = mentor_for(&l, "newbie", &[mentor]);
            assert_eq!(m.pairs.len(), 1, "{mentor}");
            let pair = &m.pairs[0];
            assert!(close(pair.parts.domain_fit, fit), "{mentor}: {}", pair.parts.domain_fit);
            assert_eq!(pair.domain.as_deref(), Some("testing/unit"));
            assert!(pair.reasons[0].starts_with("domain fit"), "{:?}", pair.reasons);
        }
        let m = mentor_for(&l, "newbie", &["same"]);
        assert!(m.pairs[0].reasons[0].contains("`testing/unit`"), "{:?}", m.pairs[0].reasons);
        let m = mentor_for(&l, "newbie", &["parent"]);
        assert!(m.pairs[0].reasons[0].contains("which contains `testing/unit`"), "{:?}", m.pairs[0].reasons);
        let m = mentor_for(&l, "newbie", &["other"]);
        assert!(m.pairs.is_empty());
        assert_eq!(m.unmatched[0].reason, UnmatchedReason::NoCandidate);
        assert!(m.unmatched[0].detail.contains("testing/unit"), "{}", m.unmatched[0].detail);
        // With everyone available, the same domain wins.
        let m = mentor_for(&l, "newbie", &["other", "cousin", "sibling", "parent", "same"]);
        assert_eq!(m.pairs[0].mentor, "same");
    }

    #[test]
    fn competence_gap_prefers_a_mentor_ahead_but_within_reach() {
        let mut l = Landscape::new();
        declare(&mut l, "learner", "testing", Competence::Novice);
        declare(&mut l, "beginner", "testing", Competence::AdvancedBeginner);
        declare(&mut l, "competent", "testing", Competence::Competent);
        declare(&mut l, "proficient", "testing", Competence::Proficient);
        declare(&mut l, "expert", "testing", Competence::Expert);
        declare(&mut l, "peer", "testing", Competence::Novice);
        for (mentor, gap) in
            [("beginner", 1.0), ("competent", 1.0), ("proficient", 0.5), ("expert", 1.0 / 3.0)]
        {
            let m = mentor_for(&l, "learner", &[mentor]);
            assert!(
                close(m.pairs[0].parts.competence_gap, gap),
                "{mentor}: {}",
                m.pairs[0].parts.competence_gap
            );
        }
        let m = mentor_for(&l, "learner", &["expert"]);
        assert!(m.pairs[0].reasons[1].contains("+4"), "{:?}", m.pairs[0].reasons);
        assert!(m.pairs[0].reasons[1].contains("novice (declared)"), "{:?}", m.pairs[0].reasons);
        // Not ahead: not a mentor.
        let m = mentor_for(&l, "learner", &["peer"]);
        assert_eq!(m.unmatched[0].reason, UnmatchedReason::NoCandidate);
        // Undeclared competence is estimated from events: four answers (credit 4) make a
        // competent mentor at position 3 + 1/7, asking makes a novice mentee at 1: a gap of
        // 2 + 1/7 stages, just beyond the reach of 2 → 1 / (1 + 1/7) = 0.875.
        for day in 1..=4 {
            event(&mut l, "answerer", &format!("2024-05-0{day}T10:00:00Z"), "answer", Some("docs"), None);
        }
        event(&mut l, "asker", "2024-05-10T10:00:00Z", "ask", Some("docs"), None);
        let m = mentor_for(&l, "asker", &["answerer"]);
        let pair = &m.pairs[0];
        assert_eq!(pair.domain.as_deref(), Some("docs"));
        assert!(close(pair.parts.competence_gap, 0.875), "{}", pair.parts.competence_gap);
        assert!(
            pair.reasons[1].contains(
                "mentee novice (estimated from events: 1 in the domain), mentor competent (estimated from events: 4 in the domain)"
            ),
            "{:?}",
            pair.reasons
        );
    }

    #[test]
    fn mentor_scores_differ_across_members_of_different_domain_histories() {
        // Two mentees, two mentors, no declarations: everything comes from what each did in
        // each domain (May 2024, within the 365-day window).
        let mut l = Landscape::new();
        // `alma` commits 3 times to src and once to docs; `bo` commits once to docs.
        for day in 1..=3 {
            event(&mut l, "alma", &format!("2024-05-0{day}T10:00:00Z"), "commit", Some("src"), None);
        }
        event(&mut l, "alma", "2024-05-04T10:00:00Z", "commit", Some("docs"), None);
        event(&mut l, "bo", "2024-05-05T10:00:00Z", "commit", Some("docs"), None);
        // `sam` merged 20 times in src (credit 20: proficient, position 4.5); `dee` reviewed 4
        // times in docs (credit 6: competent, position 3 + 3/7).
        for i in 0..20 {
            event(
                &mut l,
                "sam",
                &format!("2024-05-{:02}T1{}:00:00Z", 6 + i / 2, i % 2),
                "merge",
                Some("src"),
                None,
            );
        }
        for day in 6..=9 {
            event(&mut l, "dee", &format!("2024-05-0{day}T10:00:00Z"), "review", Some("docs"), None);
        }
        let score = |l: &Landscape, mentee: &str, mentor: &str| {
            let m = mentor_for(l, mentee, &[mentor]);
            assert_eq!(m.pairs.len(), 1, "{mentee}–{mentor}: {:?}", m.unmatched);
            m.pairs[0].clone()
        };
        // alma–sam in src: alma's main domain (fit 1); alma 1.5 credits (position 2.5), sam 4.5:
        // 2 stages ahead → 1.
        let alma_sam = score(&l, "alma", "sam");
        assert_eq!(alma_sam.domain.as_deref(), Some("src"));
        assert!(close(alma_sam.parts.domain_fit, 1.0) && close(alma_sam.parts.competence_gap, 1.0));
        // alma–dee in docs: alma's side domain (1 event of 3 in src: fit 1/3); alma 0.5 credits
        // (position 2 + 1/6), dee 3 + 3/7: 1.26 stages ahead → 1.
        let alma_dee = score(&l, "alma", "dee");
        assert_eq!(alma_dee.domain.as_deref(), Some("docs"));
        assert!(close(alma_dee.parts.domain_fit, 1.0 / 3.0), "{}", alma_dee.parts.domain_fit);
        assert!(
            alma_dee.reasons[0].contains("33 % as much as their busiest domain"),
            "{:?}",
            alma_dee.reasons
        );
        // bo–dee in docs: bo's only domain (fit 1), same gap as alma's.
        let bo_dee = score(&l, "bo", "dee");
        assert!(close(bo_dee.parts.domain_fit, 1.0));
        // The weights (fit 0.35, gap 0.25, capacity 0.10, availability 0.05 × 0.5, novelty 0.05):
        // 0.775 for a full fit, 0.35 × 2/3 less for alma–dee.
        assert!(close(alma_sam.score, 0.775) && close(bo_dee.score, 0.775));
        assert!(close(alma_dee.score, 0.775 - 0.35 * 2.0 / 3.0), "{}", alma_dee.score);
        // A mentor barely ahead scores less on the gap: `kit`, with 3 merges in src (credit 3:
        // competent at position 3.0), is a stage ahead of alma by the Dreyfus names but only half
        // a stage by what each did → gap part 0.5.
        event(&mut l, "kit", "2024-05-20T10:00:00Z", "merge", Some("src"), None);
        event(&mut l, "kit", "2024-05-21T10:00:00Z", "merge", Some("src"), None);
        event(&mut l, "kit", "2024-05-22T10:00:00Z", "merge", Some("src"), None);
        let alma_kit = score(&l, "alma", "kit");
        assert!(close(alma_kit.parts.competence_gap, 0.5), "{}", alma_kit.parts.competence_gap);
        assert!(alma_kit.score < alma_sam.score);
    }

    #[test]
    fn capacity_counts_current_mentees_and_protects_the_core() {
        let mut l = Landscape::new();
        interest(&mut l, "newbie", "testing");
        let busy = declare(&mut l, "busy", "testing", Competence::Proficient);
        l.member_mut(busy).unwrap().mentoring_capacity = 3;
        event(&mut l, "busy", "2024-05-20T10:00:00Z", "mentor", None, Some("old"));
        let full = declare(&mut l, "full", "testing", Competence::Proficient);
        l.member_mut(full).unwrap().mentoring_capacity = 1;
        event(&mut l, "full", "2024-05-20T10:00:00Z", "mentor", None, Some("old"));
        let past = declare(&mut l, "past", "testing", Competence::Proficient);
        l.member_mut(past).unwrap().mentoring_capacity = 1;
        event(&mut l, "past", "2023-11-01T10:00:00Z", "mentor", None, Some("old"));
        declare(&mut l, "unset", "testing", Competence::Proficient);

        let m = mentor_for(&l, "newbie", &["busy"]);
        assert!(close(m.pairs[0].parts.capacity, 2.0 / 3.0));
        assert!(m.pairs[0].reasons.iter().any(|r| r.contains("2 of 3 places free (1 current mentees)")));
        let m = mentor_for(&l, "newbie", &["past"]);
        assert!(close(m.pairs[0].parts.capacity, 1.0), "an old mentee no longer counts");
        // A listed mentor without a capacity gets the default (2).
        let m = mentor_for(&l, "newbie", &["unset"]);
        assert!(
            m.pairs[0].reasons.iter().any(|r| r.contains("2 of 2 places free")),
            "{:?}",
            m.pairs[0].reasons
        );
        let m = mentor_for(&l, "newbie", &["full"]);
        assert_eq!(m.unmatched[0].reason, UnmatchedReason::CapacityTaken);
        assert!(m.unmatched[0].detail.contains("no free place"), "{}", m.unmatched[0].detail);
        // The less loaded mentor wins when all else is equal.
        let m = mentor_for(&l, "newbie", &["busy", "past"]);
        assert_eq!(m.pairs[0].mentor, "past");
    }

    #[test]
    fn availability_counts_hours_per_week() {
        let mut l = Landscape::new();
        interest(&mut l, "newbie", "testing");
        for (key, hours) in [("two", Some(2.0)), ("eight", Some(8.0)), ("unknown", None)] {
            let m = declare(&mut l, key, "testing", Competence::Proficient);
            l.member_mut(m).unwrap().availability = hours;
        }
        for (mentor, part) in [("two", 0.5), ("eight", 1.0), ("unknown", 0.5)] {
            let m = mentor_for(&l, "newbie", &[mentor]);
            assert!(close(m.pairs[0].parts.availability, part), "{mentor}");
        }
        assert_eq!(mentor_for(&l, "newbie", &["two", "eight", "unknown"]).pairs[0].mentor, "eight");
    }

    #[test]
    fn familiarity_and_novelty_count_ties_up_to_the_date() {
        let mut l = Landscape::new();
        interest(&mut l, "fresh", "testing");
        declare(&mut l, "known", "testing", Competence::Proficient);
        declare(&mut l, "stranger", "testing", Competence::Proficient);
        for day in 1..=3 {
            event(&mut l, "fresh", &format!("2024-05-0{day}T10:00:00Z"), "comment", None, Some("known"));
        }
        // After the date: not counted.
        for day in 2..=6 {
            event(&mut l, "known", &format!("2024-06-0{day}T10:00:00Z"), "comment", None, Some("fresh"));
        }
        let m = mentor_for(&l, "fresh", &["known"]);
        assert!(close(m.pairs[0].parts.familiarity, 0.5));
        assert_eq!(m.pairs[0].parts.novelty, 0.0);
        assert!(m.pairs[0].reasons.iter().any(|r| r.contains("3 interactions")), "{:?}", m.pairs[0].reasons);
        let m = mentor_for(&l, "fresh", &["stranger"]);
        assert_eq!((m.pairs[0].parts.familiarity, m.pairs[0].parts.novelty), (0.0, 1.0));
        // A declared mentoring tie counts 3.
        let (stranger, fresh) = (l.member_id("stranger").unwrap(), l.member_id("fresh").unwrap());
        l.declare_mentoring(stranger, fresh, cop_core::model::time::from_seconds(t("2024-01-01T00:00:00Z")))
            .unwrap();
        let m = mentor_for(&l, "fresh", &["stranger"]);
        assert!(close(m.pairs[0].parts.familiarity, 0.5));
        // A tie declared after the date does not count yet.
        let (known, fresh) = (l.member_id("known").unwrap(), l.member_id("fresh").unwrap());
        l.declare_mentoring(known, fresh, cop_core::model::time::from_seconds(t("2024-07-01T00:00:00Z")))
            .unwrap();
        assert!(close(mentor_for(&l, "fresh", &["known"]).pairs[0].parts.familiarity, 0.5));
        // Novelty or familiarity wins, as weighted: one interaction with `known`, none with
        // `other`.
        let mut l = Landscape::new();
        interest(&mut l, "fresh", "testing");
        declare(&mut l, "known", "testing", Competence::Proficient);
        declare(&mut l, "other", "testing", Competence::Proficient);
        event(&mut l, "fresh", "2024-05-01T10:00:00Z", "comment", None, Some("known"));
        let mut options = MatchingOptions::default();
        options.mentees = keys(&["fresh"]);
        options.mentors = keys(&["known", "other"]);
        options.weights.novelty = 0.5;
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs[0].mentor, "other");
        options.weights.novelty = 0.0;
        options.weights.familiarity = 0.5;
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs[0].mentor, "known");
    }

    #[test]
    fn stated_preferences_count_in_order() {
        let mut l = Landscape::new();
        interest(&mut l, "newbie", "testing");
        declare(&mut l, "a", "testing", Competence::Proficient);
        declare(&mut l, "b", "testing", Competence::Proficient);
        declare(&mut l, "c", "cooking", Competence::Expert);
        let mut options = MatchingOptions::default();
        options.mentees = keys(&["newbie"]);
        options.mentors = keys(&["a", "b"]);
        // Without preference: tie broken by key.
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs[0].mentor, "a");
        options.preferences.insert("newbie".into(), vec!["b".into(), "a".into()]);
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs[0].mentor, "b");
        assert_eq!(m.pairs[0].parts.preference, 1.0);
        assert!(m.pairs[0].reasons.iter().any(|r| r.contains("choice 1 of 2")));
        options.mentors = keys(&["a"]);
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs[0].parts.preference, 0.5);
        // A preferred mentor is a candidate even without a domain in common.
        options.mentors = keys(&["c"]);
        options.preferences.insert("newbie".into(), vec!["c".into()]);
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs[0].mentor, "c");
        assert_eq!(m.pairs[0].parts.domain_fit, 0.0);
        assert!(m.pairs[0].reasons.iter().any(|r| r.contains("no domain in common")));
    }

    // ----- mentor matching: constraints, modes, pools and reasons ----------------------------

    /// Two mentees, two mentors: A fits X (better) and Y; B fits only X.
    fn trap() -> Landscape {
        let mut l = Landscape::new();
        interest(&mut l, "a", "docs");
        interest(&mut l, "a", "testing");
        interest(&mut l, "b", "testing");
        let x = declare(&mut l, "x", "testing", Competence::Proficient);
        declare(&mut l, "x", "docs", Competence::Proficient);
        l.member_mut(x).unwrap().availability = Some(8.0);
        declare(&mut l, "y", "docs", Competence::Proficient);
        l
    }

    fn run(l: &Landscape, mode: Mode) -> MentorMatching {
        let mut options = MatchingOptions::default();
        options.mode = mode;
        options.mentees = keys(&["a", "b"]);
        options.mentors = keys(&["x", "y"]);
        options.max_mentees = Some(1);
        analysis(l).mentors(&options).unwrap()
    }

    fn pairs(m: &MentorMatching) -> Vec<(String, String)> {
        m.pairs.iter().map(|p| (p.mentee.clone(), p.mentor.clone())).collect()
    }

    #[test]
    fn modes_optimal_greedy_and_stable() {
        let l = trap();
        let optimal = run(&l, Mode::Optimal);
        assert_eq!(pairs(&optimal), [("a".into(), "y".into()), ("b".into(), "x".into())]);
        let greedy = run(&l, Mode::Greedy);
        assert_eq!(pairs(&greedy), [("a".to_string(), "x".to_string())]);
        assert_eq!(greedy.unmatched[0].mentee, "b");
        assert_eq!(greedy.unmatched[0].reason, UnmatchedReason::CapacityTaken);
        assert!(greedy.unmatched[0].detail.contains("best candidate `x`"), "{}", greedy.unmatched[0].detail);
        assert!(optimal.total_score > greedy.total_score);
        let stable = run(&l, Mode::Stable);
        assert_eq!(pairs(&stable), pairs(&greedy));
        assert!((optimal.total_score - optimal.pairs.iter().map(|p| p.score).sum::<f64>()).abs() < 1e-12);
    }

    #[test]
    fn required_and_excluded_pairs_and_the_mentee_limit_hold() {
        let mut l = trap();
        let mut options = MatchingOptions::default();
        options.mentees = keys(&["a", "b"]);
        options.mentors = keys(&["x", "y"]);
        options.max_mentees = Some(1);
        options.required.push(PairKeys { mentee: "b".into(), mentor: "y".into() });
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(pairs(&m), [("a".into(), "x".into()), ("b".into(), "y".into())]);
        let required = m.pairs.iter().find(|p| p.mentee == "b").unwrap();
        assert!(required.required);
        assert_eq!(required.parts.domain_fit, 0.0);
        assert_eq!(required.reasons[0], "required pair");
        options.required.clear();
        options.excluded.push(PairKeys { mentee: "b".into(), mentor: "x".into() });
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(pairs(&m), [("a".into(), "x".into())]);
        assert_eq!(m.unmatched[0].reason, UnmatchedReason::Excluded);
        // A mentor takes at most max_mentees, whatever their capacity.
        for key in ["c", "d", "e"] {
            interest(&mut l, key, "testing");
        }
        let x = l.member_id("x").unwrap();
        l.member_mut(x).unwrap().mentoring_capacity = 10;
        let mut options = MatchingOptions::default();
        options.mentees = keys(&["b", "c", "d", "e"]);
        options.mentors = keys(&["x"]);
        options.max_mentees = Some(2);
        let m = analysis(&l).mentors(&options).unwrap();
        assert_eq!(m.pairs.len(), 2);
        assert_eq!(m.unmatched.len(), 2);
        assert!(m.unmatched.iter().all(|u| u.reason == UnmatchedReason::CapacityTaken));
    }

    #[test]
    fn bad_options_are_clear_errors() {
        let l = trap();
        let a = analysis(&l);
        let mut base = MatchingOptions::default();
        base.mentees = keys(&["a", "b"]);
        base.mentors = keys(&["x", "y"]);
        let mut unknown = base.clone();
        unknown.mentors = keys(&["nobody"]);
        let err = a.mentors(&unknown).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownKey);
        assert!(err.to_string().contains("nobody"));
        let mut both = base.clone();
        both.required.push(PairKeys { mentee: "a".into(), mentor: "x".into() });
        both.excluded.push(PairKeys { mentee: "a".into(), mentor: "x".into() });
        assert_eq!(a.mentors(&both).unwrap_err().kind(), ErrorKind::InvalidValue);
        let mut over = base.clone();
        over.max_mentees = Some(1);
        over.required.push(PairKeys { mentee: "a".into(), mentor: "x".into() });
        over.required.push(PairKeys { mentee: "b".into(), mentor: "x".into() });
        let err = a.mentors(&over).unwrap_err();
        assert!(err.to_string().contains("capacity 1 but 2 required"), "{err}");
        let mut twice = base.clone();
        twice.required.push(PairKeys { mentee: "a".into(), mentor: "x".into() });
        twice.required.push(PairKeys { mentee: "a".into(), mentor: "y".into() });
        assert_eq!(a.mentors(&twice).unwrap_err().kind(), ErrorKind::InvalidValue);
        let mut selfish = base.clone();
        selfish.required.push(PairKeys { mentee: "x".into(), mentor: "x".into() });
        assert_eq!(a.mentors(&selfish).unwrap_err().kind(), ErrorKind::InvalidValue);
        let mut weights = base.clone();
        weights.weights.novelty = -1.0;
        assert!(a.mentors(&weights).unwrap_err().to_string().contains("weights.novelty"));
        assert!(MatchingOptions::from_json(r#"{"mode": "fastest"}"#).is_err());
    }

    #[test]
    fn options_come_from_json_and_results_go_to_json() {
        let options = MatchingOptions::from_json(
            r#"{"mode": "stable", "top_k": 5, "mentees": ["a", "b"], "mentors": ["x", "y"],
                "required": [{"mentee": "b", "mentor": "y"}], "preferences": {"a": ["x"]},
                "weights": {"novelty": 0.2}}"#,
        )
        .unwrap();
        assert_eq!(options.mode, Mode::Stable);
        assert_eq!(options.top_k, 5);
        assert_eq!(options.weights.novelty, 0.2);
        assert_eq!(options.weights.domain_fit, 0.35, "unset fields keep their defaults");
        assert_eq!(options.default_capacity, 2);
        let round_trip: MatchingOptions =
            serde_json::from_str(&serde_json::to_string(&options).unwrap()).unwrap();
        assert_eq!(round_trip, options);
        let l = trap();
        let m = analysis(&l).mentors(&options).unwrap();
        let json: serde_json::Value = serde_json::to_value(&m).unwrap();
        assert_eq!(json["mode"], "stable");
        assert_eq!(json["as_of"], AS_OF);
        assert_eq!(json["pairs"][0]["mentee"], "a");
        assert!(json["pairs"][0]["parts"]["domain_fit"].is_number());
        assert!(json["pairs"][0]["reasons"].is_array());
    }

    #[test]
    fn unmatched_mentees_say_why() {
        let mut l = trap();
        member(&mut l, "blank");
        interest(&mut l, "chef", "cooking");
        let mut options = MatchingOptions::default();
        options.mentees = keys(&["blank", "chef"]);
        options.mentors = keys(&["x", "y"]);
        let m = analysis(&l).mentors(&options).unwrap();
        let reasons: Vec<(&str, UnmatchedReason)> =
            m.unmatched.iter().map(|u| (u.mentee.as_str(), u.reason)).collect();
        assert_eq!(reasons, [("blank", UnmatchedReason::NoDomain), ("chef", UnmatchedReason::NoCandidate)]);
        let json = serde_json::to_value(&m.unmatched[0]).unwrap();
        assert_eq!(json["reason"], "no_domain");
    }

    /// Ada and Grace answer and review testing questions for months; Bob arrives in May.
    fn community() -> Landscape {
        let mut l = Landscape::new();
        for week in 0..20 {
            let day = t("2024-01-08T10:00:00Z") + week * 7 * 86_400;
            let time = cop_core::model::time::format_seconds(day);
            event(&mut l, "ada", &time, "answer", Some("testing"), Some("grace"));
            event(&mut l, "grace", &time, "review", Some("testing/unit"), Some("ada"));
            event(&mut l, "grace", &time, "answer", Some("testing/unit"), Some("ada"));
        }
        event(&mut l, "bob", "2024-05-25T09:00:00Z", "ask", Some("testing/unit"), None);
        l
    }

    #[test]
    fn default_pools_come_from_the_participation_analysis() {
        let l = community();
        let a = analysis(&l);
        let m = a.mentors(&MatchingOptions::default()).unwrap();
        // Bob is a newcomer; Ada, active but still moving inward (inbound), is a mentee and a
        // mentor; Grace, in the core group all along (insider), is only a mentor.
        let kind = |key: &str| a.trajectory(l.member_id(key).unwrap()).unwrap().kind;
        assert_eq!(kind("bob"), TrajectoryKind::Newcomer);
        assert_eq!(kind("ada"), TrajectoryKind::Inbound);
        assert_eq!(kind("grace"), TrajectoryKind::Insider);
        assert_eq!((m.mentees, m.mentors), (2, 2));
        assert_eq!(pairs(&m), [("ada".into(), "grace".into()), ("bob".into(), "grace".into())]);
        let pair = &m.pairs[1];
        assert_eq!(pair.domain.as_deref(), Some("testing/unit"));
        assert_eq!(m.pairs[0].parts.novelty, 0.0, "ada and grace know each other");
        // Grace is a core or active member with no capacity set: the default 2.
        assert!(pair.reasons.iter().any(|r| r.contains("2 of 2 places free")), "{:?}", pair.reasons);
        // Evidence after the date does not count: as of January, nobody is competent yet.
        let early = t("2024-01-09T00:00:00Z");
        let a = Analysis::new(&l, AsOf::at(early).unwrap(), &Options::default()).unwrap();
        let m = a.mentors(&MatchingOptions::default()).unwrap();
        assert!(m.pairs.is_empty());
    }

    // ----- expert finding -------------------------------------------------------------------

    fn experts_landscape() -> Landscape {
        let mut l = Landscape::new();
        for day in 10..=20 {
            event(&mut l, "q", &format!("2024-05-{day}T09:00:00Z"), "ask", Some("testing/unit"), None);
            event(
                &mut l,
                "ada",
                &format!("2024-05-{day}T10:00:00Z"),
                "answer",
                Some("testing/unit"),
                Some("q"),
            );
        }
        // Grace answered as many questions, two days after each, a year ago.
        for i in 0..11 {
            let asked = t("2023-07-01T09:00:00Z") + i * 4 * 86_400;
            event(&mut l, "r", &cop_core::model::time::format_seconds(asked), "ask", Some("testing"), None);
            let answered = cop_core::model::time::format_seconds(asked + 2 * 86_400);
            event(&mut l, "grace", &answered, "answer", Some("testing"), Some("r"));
        }
        event(&mut l, "linus", "2024-05-28T10:00:00Z", "review", Some("testing"), Some("ada"));
        event(&mut l, "linus", "2024-05-29T10:00:00Z", "review", Some("testing"), Some("ada"));
        event(&mut l, "cy", "2024-05-29T10:00:00Z", "answer", Some("docs"), Some("q"));
        for day in 2..=9 {
            event(&mut l, "late", &format!("2024-06-0{day}T10:00:00Z"), "answer", Some("testing"), Some("q"));
        }
        declare(&mut l, "dee", "testing/unit", Competence::Expert);
        let ed = member(&mut l, "ed");
        let unit = l.domain_id("testing/unit").unwrap();
        let guide = l.add_artifact("unit-guide", cop_core::Artifact::default()).unwrap();
        l.add_artifact_author(guide, ed).unwrap();
        l.add_artifact_domain(guide, unit).unwrap();
        l
    }

    #[test]
    fn experts_are_ranked_by_evidence_recency_responsiveness_load_and_declarations() {
        let l = experts_landscape();
        let testing = l.domain_id("testing").unwrap();
        let experts = analysis(&l).experts(testing, 10, &ExpertOptions::default()).unwrap();
        let names: Vec<&str> = experts.iter().map(|e| e.member.as_str()).collect();
        assert_eq!(names[0], "ada");
        for absent in ["cy", "q", "r", "late"] {
            assert!(!names.contains(&absent), "{absent} in {names:?}");
        }
        for present in ["grace", "linus", "dee", "ed"] {
            assert!(names.contains(&present), "{present} in {names:?}");
        }
        let ada = &experts[0];
        assert_eq!(ada.evidence.answers, 11);
        assert_eq!(ada.parts.evidence, 1.0, "ada and grace have the most credit");
        assert_eq!(ada.evidence.median_response_hours, Some(1.0));
        assert!(close(ada.parts.responsiveness, 1.0 / (1.0 + 1.0 / 24.0)));
        assert_eq!(ada.competence, Competence::Proficient);
        assert!(!ada.competence_declared);
        assert!(ada.reasons[0].contains("11 answers in `testing` and its sub-domains"), "{:?}", ada.reasons);
        let grace = experts.iter().find(|e| e.member == "grace").unwrap();
        assert_eq!(grace.parts.evidence, 1.0);
        assert_eq!(grace.evidence.median_response_hours, Some(48.0));
        let days = (t(AS_OF) - t("2024-05-20T10:00:00Z")) as f64 / 86_400.0;
        assert!(close(ada.parts.recency, 0.5f64.powf(days / 90.0)), "{}", ada.parts.recency);
        assert!(grace.parts.recency < 0.15, "{}", grace.parts.recency);
        let dee = experts.iter().find(|e| e.member == "dee").unwrap();
        assert_eq!((dee.parts.declared, dee.parts.evidence, dee.parts.responsiveness), (1.0, 0.0, 0.5));
        assert_eq!(dee.competence, Competence::Expert);
        assert!(dee.competence_declared);
        let ed = experts.iter().find(|e| e.member == "ed").unwrap();
        assert_eq!(ed.evidence.artifacts, 1);
        assert!(ed.reasons[0].contains("1 authored artifacts"), "{:?}", ed.reasons);
        // A sub-domain only: grace and linus worked on `testing` itself.
        let unit = l.domain_id("testing/unit").unwrap();
        let experts = analysis(&l).experts(unit, 10, &ExpertOptions::default()).unwrap();
        let names: Vec<&str> = experts.iter().map(|e| e.member.as_str()).collect();
        assert_eq!(names, ["ada", "ed", "dee"], "an authored artifact outweighs a bare declaration");
        // k and exclusions.
        let mut options = ExpertOptions::default();
        options.exclude = vec!["ada".into()];
        let experts = analysis(&l).experts(testing, 2, &options).unwrap();
        assert_eq!(experts.len(), 2);
        assert_eq!(experts[0].member, "grace");
    }

    #[test]
    fn a_loaded_expert_ranks_lower() {
        let mut l = Landscape::new();
        for who in ["ada", "grace"] {
            for day in 10..=14 {
                event(&mut l, who, &format!("2024-05-{day}T10:00:00Z"), "answer", Some("testing"), None);
            }
        }
        event(&mut l, "ada", "2024-05-20T10:00:00Z", "mentor", None, Some("m1"));
        event(&mut l, "ada", "2024-05-21T10:00:00Z", "mentor", None, Some("m2"));
        let testing = l.domain_id("testing").unwrap();
        let experts = analysis(&l).experts(testing, 5, &ExpertOptions::default()).unwrap();
        assert_eq!(experts[0].member, "grace");
        let ada = &experts[1];
        assert_eq!((ada.parts.capacity, ada.evidence.current_mentees), (0.0, 2));
        assert!(ada.reasons.iter().any(|r| r.contains("2 current mentees of 2 places")));
        let bad = analysis(&l).experts(cop_core::DomainId::from_raw(99), 5, &ExpertOptions::default());
        assert_eq!(bad.unwrap_err().kind(), ErrorKind::UnknownId);
        let mut options = ExpertOptions::default();
        options.exclude = vec!["nobody".into()];
        assert_eq!(analysis(&l).experts(testing, 5, &options).unwrap_err().kind(), ErrorKind::UnknownKey);
    }

    // ----- peer matching --------------------------------------------------------------------

    #[test]
    fn peers_share_interests_at_a_similar_level() {
        let mut l = Landscape::new();
        for key in ["p1", "p2"] {
            declare(&mut l, key, "testing", Competence::Novice);
        }
        for key in ["p3", "p4"] {
            declare(&mut l, key, "docs", Competence::Novice);
        }
        declare(&mut l, "p5", "testing", Competence::Expert);
        declare(&mut l, "p6", "docs", Competence::AdvancedBeginner);
        let a = analysis(&l);
        let mut options = PeerOptions::default();
        options.members = keys(&["p1", "p2", "p3", "p4", "p5"]);
        let m = a.peers(&options).unwrap();
        assert!(m.exact);
        let pairs: Vec<(&str, &str)> = m.pairs.iter().map(|x| (x.a.as_str(), x.b.as_str())).collect();
        assert_eq!(pairs, [("p1", "p2"), ("p3", "p4")]);
        assert_eq!(m.unmatched, ["p5"], "an expert is too far ahead to be a peer");
        let pair = &m.pairs[0];
        assert_eq!((pair.parts.interests, pair.parts.level, pair.parts.novelty), (1.0, 1.0, 1.0));
        assert_eq!(pair.domain, "testing");
        // One stage apart: level 0.75.
        let mut options = PeerOptions::default();
        options.members = keys(&["p3", "p6"]);
        let m = a.peers(&options).unwrap();
        assert!(close(m.pairs[0].parts.level, 0.75));
        assert!(m.pairs[0].reasons[1].contains("novice and advanced_beginner"), "{:?}", m.pairs[0].reasons);
        // Beyond the exact limit the matching is greedy, and says so.
        let mut options = PeerOptions::default();
        options.members = keys(&["p1", "p2", "p3", "p4"]);
        options.exact_limit = 0;
        let m = a.peers(&options).unwrap();
        assert!(!m.exact);
        assert_eq!(m.pairs.len(), 2);
    }

    #[test]
    fn peer_matching_is_a_maximum_weight_matching() {
        // A path p–q–r–s where q–r is the best single pair but p–q + r–s weigh more.
        let mut l = Landscape::new();
        interest(&mut l, "p", "a/x");
        interest(&mut l, "q", "a/x");
        interest(&mut l, "q", "a/y");
        interest(&mut l, "r", "a/y");
        interest(&mut l, "r", "a/z");
        interest(&mut l, "s", "a/z");
        let mut options = PeerOptions::default();
        options.members = keys(&["p", "q", "r", "s"]);
        options.domain_credit.kin = 0.0;
        let m = analysis(&l).peers(&options).unwrap();
        let pairs: Vec<(&str, &str)> = m.pairs.iter().map(|x| (x.a.as_str(), x.b.as_str())).collect();
        assert_eq!(pairs, [("p", "q"), ("r", "s")]);
    }

    // ----- community recommendation ---------------------------------------------------------

    #[test]
    fn communities_fit_by_domains_members_and_activity() {
        let mut l = Landscape::new();
        let ada = interest(&mut l, "ada", "testing/unit");
        let testing = l.ensure_domain("testing").unwrap();
        let perf = l.ensure_domain("testing/perf").unwrap();
        let docs = l.ensure_domain("docs").unwrap();
        for (key, domain) in [("qa", testing), ("perf-club", perf), ("writers", docs)] {
            let c = l.add_community(key, Community::named(key)).unwrap();
            l.add_community_domain(c, domain).unwrap();
        }
        let e = |member: &'static str,
                 community: &'static str,
                 time: &'static str,
                 target: Option<&'static str>| KeyedEvent {
            member,
            time: t(time),
            kind: "share",
            community: Some(community),
            target,
            ..KeyedEvent::default()
        };
        l.record_keyed(&e("bob", "perf-club", "2024-05-01T10:00:00Z", None), false).unwrap();
        l.record_keyed(&e("ada", "writers", "2024-05-02T10:00:00Z", Some("bob")), false).unwrap();
        l.record_keyed(&e("carl", "qa", "2024-05-03T10:00:00Z", None), false).unwrap();
        let fits = analysis(&l).communities_for(ada, 5, &CommunityOptions::default()).unwrap();
        let names: Vec<&str> = fits.iter().map(|f| f.community.as_str()).collect();
        assert_eq!(names, ["qa", "perf-club"], "writers is joined: ada acted there");
        assert!(close(fits[0].parts.domain_fit, 0.7));
        assert_eq!(fits[0].domain.as_deref(), Some("testing"));
        let perf_club = &fits[1];
        assert!(close(perf_club.parts.domain_fit, 0.5));
        assert!(close(perf_club.parts.familiar_faces, 0.25), "ada knows bob");
        assert!(perf_club.parts.activity > 0.0);
        assert!(perf_club.reasons.iter().any(|r| r.contains("`bob`")), "{:?}", perf_club.reasons);
        let mut options = CommunityOptions::default();
        options.include_joined = true;
        let fits = analysis(&l).communities_for(ada, 5, &options).unwrap();
        assert!(fits.iter().any(|f| f.community == "writers" && f.joined));
        assert_eq!(
            analysis(&l)
                .communities_for(MemberId::from_raw(99), 5, &CommunityOptions::default())
                .unwrap_err()
                .kind(),
            ErrorKind::UnknownId
        );
    }
}

// ----- real data ---------------------------------------------------------------------------------

#[test]
fn coffee_stackexchange_mentors_experts_and_peers() {
    use cop_core::analysis::{Analysis, AsOf};
    use cop_core::matching::{ExpertOptions, MatchingOptions, Mode, PeerOptions};
    use cop_core::participation::analysis::Options;
    use cop_core::{ImportOptions, Landscape};

    let file = std::fs::File::open(crate::data_dir().join("stackexchange-coffee-2015-events.csv")).unwrap();
    let mut landscape = Landscape::new();
    landscape.import_csv(file, &ImportOptions::default()).unwrap();
    let as_of = cop_core::model::time::parse_time("2015-03-08T00:00:00Z").unwrap();
    let analysis = Analysis::new(&landscape, AsOf::at(as_of).unwrap(), &Options::default()).unwrap();
    let mut totals = Vec::new();
    for mode in [Mode::Optimal, Mode::Greedy, Mode::Stable] {
        let mut options = MatchingOptions::default();
        options.mode = mode;
        let m = analysis.mentors(&options).unwrap();
        assert!(!m.pairs.is_empty());
        assert_eq!(m.pairs.len() + m.unmatched.len(), m.mentees);
        let mut load = std::collections::HashMap::new();
        for pair in &m.pairs {
            assert_ne!(pair.mentee, pair.mentor);
            assert!(pair.parts.domain_fit > 0.0 && pair.parts.competence_gap > 0.0, "{pair:?}");
            *load.entry(pair.mentor.clone()).or_insert(0) += 1;
        }
        assert!(load.values().all(|&l| l <= 2), "default capacity 2: {load:?}");
        totals.push(m.total_score);
    }
    assert!(totals[0] + 1e-9 >= totals[1] && totals[0] + 1e-9 >= totals[2], "{totals:?}");

    let brewing = landscape.domain_id("brewing-process").unwrap();
    let experts = analysis.experts(brewing, 3, &ExpertOptions::default()).unwrap();
    assert_eq!(experts.len(), 3);
    assert_eq!(experts[0].member, "u0026");
    assert!(experts.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(experts.iter().all(|e| e.evidence.answers > 0 && e.evidence.median_response_hours.is_some()));

    let peers = analysis.peers(&PeerOptions::default()).unwrap();
    assert!(peers.exact && !peers.pairs.is_empty());
    let mut seen = std::collections::HashSet::new();
    for pair in &peers.pairs {
        assert!(seen.insert(pair.a.clone()) && seen.insert(pair.b.clone()), "each member in one pair");
    }
}

#[test]
fn the_order_of_the_mentee_list_does_not_change_the_pairs() {
    let mut l = cop_core::Landscape::new();
    let file = std::fs::File::open(crate::data_dir().join("stackexchange-coffee-2015-events.csv")).unwrap();
    l.import_csv(file, &cop_core::ImportOptions::default()).unwrap();
    let as_of = cop_core::AsOf::last_event(&l).unwrap();
    let analysis = cop_core::Analysis::new(&l, as_of, &Default::default()).unwrap();
    let defaults = analysis.mentors(&Default::default()).unwrap();
    let mut keys: Vec<String> = defaults
        .pairs
        .iter()
        .map(|p| p.mentee.clone())
        .chain(defaults.unmatched.iter().map(|u| u.mentee.clone()))
        .collect();
    let pairs_of = |keys: &[String]| {
        let mut options = cop_core::matching::MatchingOptions::default();
        options.mentees = Some(keys.to_vec());
        let m = analysis.mentors(&options).unwrap();
        m.pairs.iter().map(|p| (p.mentee.clone(), p.mentor.clone())).collect::<Vec<_>>()
    };
    let forward = pairs_of(&keys);
    keys.reverse();
    assert_eq!(pairs_of(&keys), forward);
    assert!(!forward.is_empty());
}

#[test]
fn mentor_pairs_on_the_bundled_git_histories_do_not_all_score_the_same() {
    use cop_core::analysis::{Analysis, AsOf};
    use cop_core::matching::MatchingOptions;
    use cop_core::participation::analysis::Options;
    use cop_core::{ImportOptions, Landscape};
    for file in ["flask-commits.csv", "requests-commits.csv"] {
        let mut l = Landscape::new();
        l.import_csv(std::fs::File::open(crate::data_dir().join(file)).unwrap(), &ImportOptions::default())
            .unwrap();
        let analysis = Analysis::new(&l, AsOf::last_event(&l).unwrap(), &Options::default()).unwrap();
        // Every candidate pair, not only the assigned ones: two places per mentor would hide most.
        let mut options = MatchingOptions::default();
        options.default_capacity = 50;
        let m = analysis.mentors(&options).unwrap();
        assert!(m.pairs.len() >= 2, "{file}: {} pairs", m.pairs.len());
        let mut scores: Vec<f64> = m.pairs.iter().map(|p| p.score).collect();
        scores.sort_by(f64::total_cmp);
        scores.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        assert!(scores.len() >= 2, "{file}: every pair scores {scores:?}");
        let gaps: std::collections::BTreeSet<String> =
            m.pairs.iter().map(|p| format!("{:.3}", p.parts.competence_gap)).collect();
        assert!(gaps.len() >= 2, "{file}: the competence parts are all {gaps:?}");
    }
}
