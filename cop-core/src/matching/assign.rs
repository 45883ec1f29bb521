//! Assignment of mentees to mentors with capacities: optimal, greedy and stable.
//!
//! The solvers here know nothing of communities: they work on an [`AssignmentProblem`] — per mentee
//! a sparse list of candidate mentors with a score, per mentor a capacity (the most mentees they
//! take), plus required and excluded pairs — so that benchmarks and reference fixtures can drive
//! them directly, and [`Analysis::mentors`](crate::Analysis::mentors) builds one from a landscape.
//!
//! **Constraints** are applied before any solver runs: a required pair is assigned first (its
//! mentee takes no further part, its mentor's capacity shrinks by one); an excluded pair is
//! removed from the candidates. A candidate with a negative score is never assigned (no mode
//! gains from it), except through a required pair.
//!
//! Three modes ([`Mode`]):
//!
//! - [`assign_optimal`]: the assignment of **maximum total score** under the capacities. A
//!   mentee may stay unmatched when no candidate is left or when matching them would lower the
//!   total; the optimum does *not* maximise the number of pairs first. (With all scores
//!   positive on a complete instance the two coincide: every maximum-score assignment then
//!   matches `min(mentees, total capacity)` mentees, which is what
//!   `scipy.optimize.linear_sum_assignment` computes on the matrix with capacities expanded to
//!   slots.) Method: successive shortest augmenting paths in the min-cost flow network
//!   source → mentee → mentor → sink (arc costs the negated scores), one unit at a time, as in
//!   Jonker–Volgenant's augmentation and scipy's implementation. Each unit may also stay unused
//!   through an arc of cost 0, which is what lets mentees go unmatched. Each search is Dijkstra's
//!   algorithm on reduced costs kept non-negative by node potentials, stopped as soon as the sink
//!   is settled; nodes no nearer than the best path to the sink found so far are not even
//!   queued, and only the nodes a search touched are reset. The units are taken from the
//!   **scarcer side** — each mentee when there are at least as many places as mentees, each
//!   place of each mentor otherwise — so that the ends of augmenting paths (free places, or free
//!   mentees) stay plentiful and searches short. Capacities stay on mentor nodes: no slot
//!   expansion. Complete instances (every searched unit's row lists every column, one unit per
//!   row) use a heap-less variant with flat distance arrays, O(columns) per settled column. Worst case O(U · E log V) for U
//!   units, E candidate pairs and V people; in practice a few settled nodes per unit on sparse
//!   instances. Exact up to floating-point rounding of the scores' sums.
//! - [`assign_greedy`]: every candidate pair in order of score (ties by mentee, then mentor id),
//!   taken while the mentee is free and the mentor has room: O(E log E). A ½-approximation of
//!   the optimum for non-negative scores.
//! - [`assign_stable`]: mentee-proposing deferred acceptance with capacities (Gale–Shapley for
//!   hospitals/residents): mentees rank their candidates by score (ties by mentor id), mentors
//!   rank mentees by their own view of the pair ([`Candidate::mentor_score`], the score unless
//!   given; ties by mentee id). The result has no blocking pair ([`blocking_pairs`]) and is the
//!   best stable matching for every mentee. O(E log E). When both sides rank by the same score
//!   (and no ties), the stable matching is unique and equals the greedy one.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use crate::error::{CopError, Result};

/// How pairs are chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The assignment of maximum total score ([`assign_optimal`]).
    #[default]
    Optimal,
    /// Best pairs first, fast ([`assign_greedy`]).
    Greedy,
    /// Mentee-proposing deferred acceptance: no blocking pair ([`assign_stable`]).
    Stable,
}

impl Mode {
    /// The mode's name in lowercase (`optimal`).
    pub fn name(self) -> &'static str {
        match self {
            Mode::Optimal => "optimal",
            Mode::Greedy => "greedy",
            Mode::Stable => "stable",
        }
    }
}

/// A candidate mentor of a mentee.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// The mentor's index in the problem (`0..mentors`).
    pub mentor: u32,
    /// The score of the pair (higher is better).
    pub score: f64,
    /// How the mentor ranks this mentee in stable mode (higher is better); the score unless
    /// set otherwise.
    pub mentor_score: f64,
}

impl Candidate {
    /// A candidate whose mentor ranks the pair by the same score.
    pub fn new(mentor: u32, score: f64) -> Self {
        Candidate { mentor, score, mentor_score: score }
    }
}

/// An assignment problem: candidate mentors per mentee, a capacity per mentor, required and
/// excluded pairs. Mentees and mentors are plain indices (`0..mentees`, `0..mentors`); the
/// candidate lists are stored in compressed sparse rows.
///
/// ```
/// use cop_core::matching::{AssignmentProblem, Candidate, assign_greedy, assign_optimal};
///
/// // Two mentees, one mentor with one place: the optimum gives it to the better pair.
/// let mut problem = AssignmentProblem::new(vec![1]);
/// problem.add_mentee([Candidate::new(0, 0.4)])?;
/// problem.add_mentee([Candidate::new(0, 0.9)])?;
/// let best = assign_optimal(&problem);
/// assert_eq!(best.mentor_of, [None, Some(0)]);
/// assert_eq!(best.total_score, 0.9);
/// assert_eq!(assign_greedy(&problem).total_score, 0.9);
/// # Ok::<(), cop_core::CopError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct AssignmentProblem {
    capacities: Vec<u32>,
    offsets: Vec<usize>,
    mentors: Vec<u32>,
    scores: Vec<f64>,
    /// Mentors' views, allocated once one differs from the score.
    mentor_scores: Option<Vec<f64>>,
    required: Vec<(u32, u32)>,
    required_of: Vec<Option<u32>>,
    excluded: FxHashSet<(u32, u32)>,
}

impl AssignmentProblem {
    /// A problem with these mentor capacities and no mentee yet.
    pub fn new(capacities: Vec<u32>) -> Self {
        AssignmentProblem {
            capacities,
            offsets: vec![0],
            mentors: Vec::new(),
            scores: Vec::new(),
            mentor_scores: None,
            required: Vec::new(),
            required_of: Vec::new(),
            excluded: FxHashSet::default(),
        }
    }

    /// A complete problem from a dense row-major score matrix (`mentees × capacities.len()`):
    /// every mentor is a candidate of every mentee.
    pub fn dense(mentees: usize, capacities: Vec<u32>, scores: &[f64]) -> Result<Self> {
        let m = capacities.len();
        if scores.len() != mentees * m {
            return Err(CopError::invalid(
                "scores",
                format!("{} scores for {mentees} mentees × {m} mentors", scores.len()),
            ));
        }
        let mut problem = AssignmentProblem::new(capacities);
        problem.reserve(mentees, mentees * m);
        for row in 0..mentees {
            let base = row * m;
            problem.add_mentee((0..m).map(|j| Candidate::new(j as u32, scores[base + j])))?;
        }
        Ok(problem)
    }

    /// Reserves room for more mentees and candidates.
    pub fn reserve(&mut self, mentees: usize, candidates: usize) {
        self.offsets.reserve(mentees);
        self.required_of.reserve(mentees);
        self.mentors.reserve(candidates);
        self.scores.reserve(candidates);
    }

    /// Adds a mentee with their candidates and returns the mentee's index. Fails, adding
    /// nothing, when a mentor index is out of range, a mentor is listed twice or a score is not
    /// finite.
    pub fn add_mentee(&mut self, candidates: impl IntoIterator<Item = Candidate>) -> Result<u32> {
        let start = self.mentors.len();
        let mentee = self.mentees() as u32;
        let m = self.capacities.len();
        let mut failure = None;
        for c in candidates {
            if (c.mentor as usize) >= m {
                failure = Some(format!("mentee {mentee}: mentor {} is not below {m}", c.mentor));
            } else if !c.score.is_finite() || !c.mentor_score.is_finite() {
                failure = Some(format!("mentee {mentee}, mentor {}: the score is not finite", c.mentor));
            }
            if failure.is_some() {
                break;
            }
            self.mentors.push(c.mentor);
            self.scores.push(c.score);
            match &mut self.mentor_scores {
                Some(views) => views.push(c.mentor_score),
                None if c.mentor_score != c.score => {
                    let mut views = self.scores[..self.scores.len() - 1].to_vec();
                    views.push(c.mentor_score);
                    self.mentor_scores = Some(views);
                }
                None => {}
            }
        }
        if failure.is_none() {
            let mut listed: Vec<u32> = self.mentors[start..].to_vec();
            listed.sort_unstable();
            if let Some(w) = listed.windows(2).find(|w| w[0] == w[1]) {
                failure = Some(format!("mentee {mentee}: mentor {} is listed twice", w[0]));
            }
        }
        if let Some(message) = failure {
            self.mentors.truncate(start);
            self.scores.truncate(start);
            if let Some(views) = &mut self.mentor_scores {
                views.truncate(start);
            }
            return Err(CopError::invalid("candidates", message));
        }
        self.offsets.push(self.mentors.len());
        self.required_of.push(None);
        Ok(mentee)
    }

    /// Requires a pair: the mentee is assigned to this mentor whatever the scores. The pair's
    /// score is the candidate's score, or 0 when the mentor is not among the candidates.
    /// Fails when the mentee is already required elsewhere, the pair is excluded or the mentor's
    /// capacity is exhausted by required pairs.
    pub fn require(&mut self, mentee: u32, mentor: u32) -> Result<()> {
        self.check(mentee, mentor)?;
        if let Some(other) = self.required_of[mentee as usize] {
            if other == mentor {
                return Ok(());
            }
            return Err(CopError::invalid(
                "required",
                format!("mentee {mentee} is already required with mentor {other}"),
            ));
        }
        if self.excluded.contains(&(mentee, mentor)) {
            return Err(CopError::invalid(
                "required",
                format!("the pair ({mentee}, {mentor}) is both required and excluded"),
            ));
        }
        let taken = self.required.iter().filter(|&&(_, j)| j == mentor).count();
        if taken >= self.capacities[mentor as usize] as usize {
            return Err(CopError::invalid(
                "required",
                format!(
                    "mentor {mentor} has capacity {} and that many required mentees already",
                    self.capacities[mentor as usize]
                ),
            ));
        }
        self.required.push((mentee, mentor));
        self.required_of[mentee as usize] = Some(mentor);
        Ok(())
    }

    /// Excludes a pair: the mentee is never assigned to this mentor. Fails when the pair is
    /// required.
    pub fn exclude(&mut self, mentee: u32, mentor: u32) -> Result<()> {
        self.check(mentee, mentor)?;
        if self.required_of[mentee as usize] == Some(mentor) {
            return Err(CopError::invalid(
                "excluded",
                format!("the pair ({mentee}, {mentor}) is both required and excluded"),
            ));
        }
        self.excluded.insert((mentee, mentor));
        Ok(())
    }

    fn check(&self, mentee: u32, mentor: u32) -> Result<()> {
        if (mentee as usize) >= self.mentees() {
            return Err(CopError::invalid("mentee", format!("{mentee} is not below {}", self.mentees())));
        }
        if (mentor as usize) >= self.mentors() {
            return Err(CopError::invalid("mentor", format!("{mentor} is not below {}", self.mentors())));
        }
        Ok(())
    }

    /// Number of mentees.
    pub fn mentees(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of mentors.
    pub fn mentors(&self) -> usize {
        self.capacities.len()
    }

    /// The capacity of a mentor (0 for an index out of range).
    pub fn capacity(&self, mentor: u32) -> u32 {
        self.capacities.get(mentor as usize).copied().unwrap_or(0)
    }

    /// Every mentor's capacity.
    pub fn capacities(&self) -> &[u32] {
        &self.capacities
    }

    /// Number of candidate pairs.
    pub fn candidate_count(&self) -> usize {
        self.mentors.len()
    }

    /// A mentee's candidates, in the order they were given.
    pub fn candidates(&self, mentee: u32) -> impl ExactSizeIterator<Item = Candidate> + '_ {
        let i = mentee as usize;
        let range = if i < self.mentees() { self.offsets[i]..self.offsets[i + 1] } else { 0..0 };
        range.map(move |e| Candidate {
            mentor: self.mentors[e],
            score: self.scores[e],
            mentor_score: self.mentor_scores.as_ref().map_or(self.scores[e], |v| v[e]),
        })
    }

    /// The score of a pair, if the mentor is a candidate of the mentee.
    pub fn score(&self, mentee: u32, mentor: u32) -> Option<f64> {
        self.candidates(mentee).find(|c| c.mentor == mentor).map(|c| c.score)
    }

    /// The required pairs (mentee, mentor), in the order they were required.
    pub fn required(&self) -> &[(u32, u32)] {
        &self.required
    }

    /// The mentor a mentee is required with, if any.
    pub fn required_mentor(&self, mentee: u32) -> Option<u32> {
        self.required_of.get(mentee as usize).copied().flatten()
    }

    /// Whether a pair is excluded.
    pub fn is_excluded(&self, mentee: u32, mentor: u32) -> bool {
        self.excluded.contains(&(mentee, mentor))
    }

    /// Whether a candidate pair may be assigned by a solver: not excluded, a non-negative score,
    /// and the mentee not held by a required pair.
    pub fn is_acceptable(&self, mentee: u32, candidate: &Candidate) -> bool {
        candidate.score >= 0.0
            && self.required_mentor(mentee).is_none()
            && !self.excluded.contains(&(mentee, candidate.mentor))
    }
}

/// The result of a solver: each mentee's mentor, if any.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assignment {
    /// The mentor of each mentee (indexed by mentee), `None` when unmatched.
    pub mentor_of: Vec<Option<u32>>,
    /// The score of each mentee's pair (0 when unmatched).
    pub scores: Vec<f64>,
    /// The sum of the pairs' scores.
    pub total_score: f64,
}

impl Assignment {
    fn from_parts(mentor_of: Vec<Option<u32>>, scores: Vec<f64>) -> Self {
        let total_score = scores.iter().fold(0.0, |a, b| a + b);
        Assignment { mentor_of, scores, total_score }
    }

    /// The pairs (mentee, mentor, score), by mentee.
    pub fn pairs(&self) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
        self.mentor_of.iter().enumerate().filter_map(|(i, m)| m.map(|j| (i as u32, j, self.scores[i])))
    }

    /// Number of matched mentees.
    pub fn matched(&self) -> usize {
        self.mentor_of.iter().filter(|m| m.is_some()).count()
    }

    /// How many mentees each of `mentors` mentors has.
    pub fn loads(&self, mentors: usize) -> Vec<u32> {
        let mut loads = vec![0u32; mentors];
        for j in self.mentor_of.iter().flatten() {
            loads[*j as usize] += 1;
        }
        loads
    }
}

/// Assigns with the solver of a mode.
pub fn assign(problem: &AssignmentProblem, mode: Mode) -> Assignment {
    match mode {
        Mode::Optimal => assign_optimal(problem),
        Mode::Greedy => assign_greedy(problem),
        Mode::Stable => assign_stable(problem),
    }
}

const NONE: u32 = u32::MAX;

/// The problem after the constraints: required mentees fixed, their mentors' capacity reduced,
/// excluded candidates removed (copied only when some are excluded).
struct Prepared<'a> {
    offsets: Cow<'a, [usize]>,
    mentors: Cow<'a, [u32]>,
    scores: Cow<'a, [f64]>,
    mentor_scores: Option<Cow<'a, [f64]>>,
    capacity: Vec<u32>,
    mentor_of: Vec<u32>,
    pair_scores: Vec<f64>,
}

impl<'a> Prepared<'a> {
    fn new(problem: &'a AssignmentProblem) -> Self {
        let n = problem.mentees();
        let mut capacity = problem.capacities.clone();
        let mut mentor_of = vec![NONE; n];
        let mut pair_scores = vec![0.0; n];
        for &(i, j) in &problem.required {
            capacity[j as usize] -= 1;
            mentor_of[i as usize] = j;
            pair_scores[i as usize] = problem.score(i, j).unwrap_or(0.0);
        }
        if problem.excluded.is_empty() {
            return Prepared {
                offsets: Cow::Borrowed(&problem.offsets),
                mentors: Cow::Borrowed(&problem.mentors),
                scores: Cow::Borrowed(&problem.scores),
                mentor_scores: problem.mentor_scores.as_deref().map(Cow::Borrowed),
                capacity,
                mentor_of,
                pair_scores,
            };
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut mentors = Vec::with_capacity(problem.mentors.len());
        let mut scores = Vec::with_capacity(problem.mentors.len());
        let mut views = problem.mentor_scores.as_ref().map(|_| Vec::with_capacity(problem.mentors.len()));
        offsets.push(0);
        for i in 0..n {
            for e in problem.offsets[i]..problem.offsets[i + 1] {
                if !problem.excluded.contains(&(i as u32, problem.mentors[e])) {
                    mentors.push(problem.mentors[e]);
                    scores.push(problem.scores[e]);
                    if let (Some(v), Some(src)) = (&mut views, &problem.mentor_scores) {
                        v.push(src[e]);
                    }
                }
            }
            offsets.push(mentors.len());
        }
        Prepared {
            offsets: Cow::Owned(offsets),
            mentors: Cow::Owned(mentors),
            scores: Cow::Owned(scores),
            mentor_scores: views.map(Cow::Owned),
            capacity,
            mentor_of,
            pair_scores,
        }
    }

    /// The free mentee's candidate edges (empty for a mentee held by a required pair).
    fn edges(&self, i: usize, fixed: &[bool]) -> std::ops::Range<usize> {
        if fixed[i] { 0..0 } else { self.offsets[i]..self.offsets[i + 1] }
    }

    fn mentor_score(&self, e: usize) -> f64 {
        self.mentor_scores.as_ref().map_or(self.scores[e], |v| v[e])
    }

    fn finish(self) -> Assignment {
        let mentor_of = self.mentor_of.iter().map(|&j| (j != NONE).then_some(j)).collect();
        let scores = self
            .mentor_of
            .iter()
            .zip(&self.pair_scores)
            .map(|(&j, &s)| if j == NONE { 0.0 } else { s })
            .collect();
        Assignment::from_parts(mentor_of, scores)
    }
}

/// A heap entry of the shortest-path search: smallest distance first.
#[derive(Clone, Copy, Debug)]
struct Entry {
    distance: f64,
    node: u32,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.distance.total_cmp(&self.distance).then_with(|| other.node.cmp(&self.node))
    }
}

/// The state of one shortest-path search, reused from search to search (stamps instead of
/// clearing, so a search costs only what it explores).
struct Search {
    dist: Vec<f64>,
    pred: Vec<u32>,
    /// For a column node: the candidate edge it was reached through.
    edge: Vec<u32>,
    seen: Vec<u32>,
    settled: Vec<u32>,
    settled_list: Vec<u32>,
    heap: BinaryHeap<Entry>,
    pending: Vec<Entry>,
    round: u32,
    /// The sink's node (the last).
    sink: usize,
}

impl Search {
    fn new(nodes: usize) -> Self {
        Search {
            dist: vec![f64::INFINITY; nodes],
            pred: vec![NONE; nodes],
            edge: vec![NONE; nodes],
            seen: vec![0; nodes],
            settled: vec![0; nodes],
            settled_list: Vec::new(),
            heap: BinaryHeap::new(),
            pending: Vec::new(),
            round: 0,
            sink: nodes - 1,
        }
    }

    fn start(&mut self, source: usize) {
        self.round += 1;
        self.settled_list.clear();
        self.heap.clear();
        self.pending.clear();
        self.dist[source] = 0.0;
        self.seen[source] = self.round;
        self.pred[source] = NONE;
        self.heap.push(Entry { distance: 0.0, node: source as u32 });
    }

    /// Offers a path to `to` of this length; returns whether it is the best so far. Paths no
    /// shorter than the best one to the sink so far are dropped: such nodes cannot be settled
    /// before the sink.
    fn relax(&mut self, to: usize, distance: f64, from: usize, edge: u32) -> bool {
        if self.settled[to] == self.round {
            return false;
        }
        if to != self.sink && self.seen[self.sink] == self.round && distance >= self.dist[self.sink] {
            return false;
        }
        if self.seen[to] != self.round || distance < self.dist[to] {
            self.seen[to] = self.round;
            self.dist[to] = distance;
            self.pred[to] = from as u32;
            self.edge[to] = edge;
            self.pending.push(Entry { distance, node: to as u32 });
            return true;
        }
        false
    }

    /// Moves the entries relaxed by one node's expansion into the heap at once (a heap rebuild
    /// when there are many, cheaper than one push each).
    fn flush(&mut self) {
        self.heap.extend(self.pending.drain(..));
    }

    /// The next node to settle, with its distance.
    fn settle(&mut self) -> Option<(usize, f64)> {
        self.flush();
        while let Some(Entry { distance, node }) = self.heap.pop() {
            let v = node as usize;
            if self.settled[v] == self.round || distance > self.dist[v] {
                continue;
            }
            self.settled[v] = self.round;
            self.settled_list.push(node);
            return Some((v, distance));
        }
        None
    }
}

/// The assignment of maximum total score (see the [module documentation](self) for the method
/// and what "optimal" means when some mentees must stay unmatched).
pub fn assign_optimal(problem: &AssignmentProblem) -> Assignment {
    let mut p = Prepared::new(problem);
    let n = problem.mentees();
    let m = problem.mentors();
    let fixed: Vec<bool> = p.mentor_of.iter().map(|&j| j != NONE).collect();
    // Searches start from the scarcer side: from each mentee when there are more places than
    // mentees, from each mentor's places otherwise, so that the ends of augmenting paths (free
    // places, or free mentees) stay plentiful and the searches short.
    let mut has_candidate = vec![false; m];
    let mut mentees = 0usize;
    for i in 0..n {
        let edges = p.edges(i, &fixed);
        mentees += usize::from(!edges.is_empty());
        for e in edges {
            has_candidate[p.mentors[e] as usize] = true;
        }
    }
    let places: usize = (0..m).filter(|&j| has_candidate[j]).map(|j| p.capacity[j] as usize).sum();
    if mentees <= places {
        let graph = Bipartite {
            offsets: Cow::Borrowed(&p.offsets),
            targets: Cow::Borrowed(&p.mentors),
            scores: Cow::Borrowed(&p.scores),
            row_capacity: (0..n).map(|i| u32::from(!fixed[i])).collect(),
            column_capacity: p.capacity.clone(),
        };
        for (i, j, score) in graph.solve() {
            p.mentor_of[i as usize] = j;
            p.pair_scores[i as usize] = score;
        }
    } else {
        // The transposed candidate lists: per mentor, the free mentees who list them.
        let mut offsets = vec![0usize; m + 1];
        for i in 0..n {
            for e in p.edges(i, &fixed) {
                offsets[p.mentors[e] as usize + 1] += 1;
            }
        }
        for j in 0..m {
            offsets[j + 1] += offsets[j];
        }
        let mut fill = offsets[..m].to_vec();
        let mut targets = vec![0u32; offsets[m]];
        let mut scores = vec![0.0f64; offsets[m]];
        for i in 0..n {
            for e in p.edges(i, &fixed) {
                let j = p.mentors[e] as usize;
                targets[fill[j]] = i as u32;
                scores[fill[j]] = p.scores[e];
                fill[j] += 1;
            }
        }
        let graph = Bipartite {
            offsets: Cow::Owned(offsets),
            targets: Cow::Owned(targets),
            scores: Cow::Owned(scores),
            row_capacity: p.capacity.clone(),
            column_capacity: (0..n).map(|i| u32::from(!fixed[i])).collect(),
        };
        for (j, i, score) in graph.solve() {
            p.mentor_of[i as usize] = j;
            p.pair_scores[i as usize] = score;
        }
    }
    p.finish()
}

/// A bipartite graph with capacities on both sides, for the shortest augmenting path solver:
/// rows with their candidate columns (compressed sparse rows) and scores.
struct Bipartite<'a> {
    offsets: Cow<'a, [usize]>,
    targets: Cow<'a, [u32]>,
    scores: Cow<'a, [f64]>,
    row_capacity: Vec<u32>,
    column_capacity: Vec<u32>,
}

impl Bipartite<'_> {
    /// The pairs (row, column, score) of maximum total score, each row in at most
    /// `row_capacity` pairs and each column in at most `column_capacity`.
    ///
    /// Min-cost flow source → row → column → sink with arc costs the negated scores, plus an
    /// arc row → sink of cost 0 ("this unit of the row stays unused"). Rows are added one unit
    /// at a time; each unit is routed along a shortest path in the residual network
    /// (Dijkstra on reduced costs, stopped when the sink is settled), which keeps the flow of
    /// minimum cost for the rows added so far. Potentials keep every residual arc's reduced
    /// cost `cost + pi[from] - pi[to]` non-negative: a row's potential is set when it is added
    /// (it then has no arc into it), and after each search the settled nodes' potentials move
    /// by their distance minus the sink's.
    fn solve(&self) -> Vec<(u32, u32, f64)> {
        if self.is_complete() {
            return self.solve_dense();
        }
        self.solve_sparse()
    }

    /// Whether every row with a unit lists every column, in column order, and no row has more
    /// than one unit: then the dense search applies.
    fn is_complete(&self) -> bool {
        let columns = self.column_capacity.len();
        self.row_capacity.iter().enumerate().all(|(r, &units)| {
            let edges = &self.targets[self.offsets[r]..self.offsets[r + 1]];
            units == 0
                || (units == 1
                    && edges.len() == columns
                    && edges.iter().enumerate().all(|(c, &t)| t as usize == c))
        })
    }

    /// The same shortest augmenting paths for complete instances whose rows have one unit (as
    /// Jonker–Volgenant's augmentation and scipy's `linear_sum_assignment`): the search keeps a
    /// distance per column in a flat array and scans the columns not yet settled for the
    /// nearest, instead of a heap — O(columns) per settled column, with the scores read row by
    /// row. A row is reached only through the one column it holds, so its distance is final as
    /// soon as that column is settled.
    fn solve_dense(&self) -> Vec<(u32, u32, f64)> {
        let rows = self.row_capacity.len();
        let columns = self.column_capacity.len();
        let mut search = DenseSearch::new(rows, columns);
        let mut pairs = DensePairs { column_of: vec![NONE; rows], held: vec![Vec::new(); columns] };
        for source in 0..rows {
            if self.row_capacity[source] == 0 {
                continue;
            }
            let (to_sink, via) = search.shortest_path(self, &pairs, source);
            search.move_potentials(to_sink);
            pairs.augment(&search.pred, source, via);
        }
        pairs
            .column_of
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != NONE)
            .map(|(r, &c)| (r as u32, c, self.dense_row(r)[c as usize]))
            .collect()
    }

    /// Row `r`'s scores, one per column (complete instances only).
    fn dense_row(&self, r: usize) -> &[f64] {
        &self.scores[self.offsets[r]..self.offsets[r] + self.column_capacity.len()]
    }

    /// Shortest augmenting paths with a binary heap, for sparse candidate lists.
    fn solve_sparse(&self) -> Vec<(u32, u32, f64)> {
        let rows = self.row_capacity.len();
        let columns = self.column_capacity.len();
        let sink = rows + columns;
        let mut pi = vec![0.0f64; rows + columns + 1];
        let mut search = Search::new(rows + columns + 1);
        let mut pairs = SparsePairs::new(rows, columns, self.targets.len());
        for source in 0..rows {
            let edges = self.offsets[source]..self.offsets[source + 1];
            if edges.is_empty() || self.row_capacity[source] == 0 {
                continue;
            }
            let mut start = pi[sink];
            for e in edges {
                start = start.max(pi[rows + self.targets[e] as usize] + self.scores[e]);
            }
            pi[source] = start;
            for _ in 0..self.row_capacity[source] {
                self.shortest_path_sparse(&mut search, &pi, &pairs, source);
                debug_assert_eq!(search.settled[sink], search.round, "the sink is reachable from the source");
                let to_sink = search.dist[sink];
                for &v in &search.settled_list {
                    pi[v as usize] += search.dist[v as usize] - to_sink;
                }
                self.augment_sparse(&search, &mut pairs, source);
            }
        }
        pairs
            .row_held
            .iter()
            .enumerate()
            .flat_map(|(r, held)| held.iter().map(move |&(c, e)| (r as u32, c, self.scores[e as usize])))
            .collect()
    }

    /// Settles nodes nearest first from row `source` until the sink is settled. Nodes are the
    /// rows, then the columns (`rows + c`), then the sink.
    fn shortest_path_sparse(&self, search: &mut Search, pi: &[f64], pairs: &SparsePairs, source: usize) {
        let rows = self.row_capacity.len();
        search.start(source);
        while let Some((v, d)) = search.settle() {
            if v == search.sink {
                break;
            }
            if v < rows {
                self.expand_row(search, pi, pairs, v, d);
            } else {
                self.expand_column(search, pi, pairs, v - rows, d);
            }
        }
    }

    /// From row `v` at distance `d`: leave this unit unused, or take another candidate column.
    /// A column with room leads on to the sink at once, which bounds the search: nodes no nearer
    /// than the sink's best distance so far are never settled before it, so they are not queued.
    #[inline]
    fn expand_row(&self, search: &mut Search, pi: &[f64], pairs: &SparsePairs, v: usize, d: f64) {
        let rows = self.row_capacity.len();
        let sink = search.sink;
        let reduced = (pi[v] - pi[sink]).max(0.0);
        search.relax(sink, d + reduced, v, NONE);
        for e in self.offsets[v]..self.offsets[v + 1] {
            let c = self.targets[e] as usize;
            let w = rows + c;
            if pairs.paired[e] || search.settled[w] == search.round {
                continue;
            }
            let reduced = (pi[v] - pi[w] - self.scores[e]).max(0.0);
            if search.relax(w, d + reduced, v, e as u32)
                && (pairs.column_held[c].len() as u32) < self.column_capacity[c]
            {
                let out = (pi[w] - pi[sink]).max(0.0);
                search.relax(sink, search.dist[w] + out, w, NONE);
            }
        }
    }

    /// From column `c` at distance `d`: out to the sink when it has room, or back to a row
    /// holding it.
    #[inline]
    fn expand_column(&self, search: &mut Search, pi: &[f64], pairs: &SparsePairs, c: usize, d: f64) {
        let v = self.row_capacity.len() + c;
        if (pairs.column_held[c].len() as u32) < self.column_capacity[c] {
            let reduced = (pi[v] - pi[search.sink]).max(0.0);
            search.relax(search.sink, d + reduced, v, NONE);
        }
        for &(r, score) in &pairs.column_held[c] {
            let r = r as usize;
            let reduced = (score + pi[v] - pi[r]).max(0.0);
            search.relax(r, d + reduced, v, NONE);
        }
    }

    /// Flips the pairs along the search's path, from the sink back to the source.
    fn augment_sparse(&self, search: &Search, pairs: &mut SparsePairs, source: usize) {
        let rows = self.row_capacity.len();
        let mut v = search.pred[search.sink] as usize;
        loop {
            if v < rows {
                // Row v gives up the column it was reached through (the source gives up
                // nothing: the path starts there).
                if v == source {
                    break;
                }
                let c = search.pred[v] as usize - rows;
                pairs.unpair(v as u32, c as u32);
                v = rows + c;
            } else {
                // The column is taken by the row it was reached from.
                let c = v - rows;
                let r = search.pred[v] as usize;
                let e = search.edge[v];
                pairs.row_held[r].push((c as u32, e));
                pairs.column_held[c].push((r as u32, self.scores[e as usize]));
                pairs.paired[e as usize] = true;
                if r == source {
                    break;
                }
                // Row r now gives up the column it was reached through.
                let given = search.pred[r] as usize - rows;
                pairs.unpair(r as u32, given as u32);
                v = rows + given;
            }
        }
    }
}

fn release_row(list: &mut Vec<u32>, row: u32) {
    if let Some(at) = list.iter().position(|&r| r == row) {
        list.swap_remove(at);
    }
}

/// The sparse pairs so far: the columns each row holds (with the pair's edge), the rows each
/// column holds (with the pair's score), and whether each edge is a pair.
struct SparsePairs {
    row_held: Vec<Vec<(u32, u32)>>,
    column_held: Vec<Vec<(u32, f64)>>,
    paired: Vec<bool>,
}

impl SparsePairs {
    fn new(rows: usize, columns: usize, edges: usize) -> Self {
        SparsePairs {
            row_held: vec![Vec::new(); rows],
            column_held: vec![Vec::new(); columns],
            paired: vec![false; edges],
        }
    }

    /// Undoes the pair (row, column).
    fn unpair(&mut self, row: u32, column: u32) {
        let row_held = &mut self.row_held[row as usize];
        if let Some(at) = row_held.iter().position(|x| x.0 == column) {
            self.paired[row_held[at].1 as usize] = false;
            row_held.swap_remove(at);
        }
        let column_held = &mut self.column_held[column as usize];
        if let Some(at) = column_held.iter().position(|x| x.0 == row) {
            column_held.swap_remove(at);
        }
    }
}

/// The last step of a dense search's path into the sink.
#[derive(Clone, Copy)]
enum SinkVia {
    /// A row leaves a unit unused: the source itself, or a row giving up its column.
    Row(u32),
    /// A column with room.
    Column(u32),
}

/// The column not yet settled nearest to the source (`usize::MAX` when none is left).
#[derive(Clone, Copy)]
struct Nearest {
    column: usize,
    distance: f64,
}

impl Nearest {
    const NONE: Nearest = Nearest { column: usize::MAX, distance: f64::INFINITY };
}

/// The dense pairs so far: each row's column and each column's rows.
struct DensePairs {
    column_of: Vec<u32>,
    held: Vec<Vec<u32>>,
}

impl DensePairs {
    /// Flips the pairs along the path from the sink back to the source.
    fn augment(&mut self, pred: &[u32], source: usize, via: SinkVia) {
        let mut next_column = match via {
            SinkVia::Row(r) if r as usize == source => return,
            SinkVia::Row(r) => {
                let c = self.column_of[r as usize];
                release_row(&mut self.held[c as usize], r);
                self.column_of[r as usize] = NONE;
                c
            }
            SinkVia::Column(c) => c,
        };
        loop {
            let c = next_column as usize;
            let r = pred[c] as usize;
            let old = self.column_of[r];
            self.held[c].push(r as u32);
            self.column_of[r] = c as u32;
            if r == source {
                break;
            }
            release_row(&mut self.held[old as usize], r as u32);
            next_column = old;
        }
    }
}

/// The dense search's arrays, kept from one source to the next: potentials, each column's and
/// row's distance, each column's predecessor row and what the last search settled and reached.
struct DenseSearch {
    // The sink's potential stays 0: it is settled by every search and moves by 0.
    pi_row: Vec<f64>,
    pi_column: Vec<f64>,
    dist: Vec<f64>,
    pred: Vec<u32>,
    row_dist: Vec<f64>,
    settled: Vec<bool>,
    done: Vec<u32>,
    reached: Vec<u32>,
}

impl DenseSearch {
    fn new(rows: usize, columns: usize) -> Self {
        DenseSearch {
            pi_row: vec![0.0; rows],
            pi_column: vec![0.0; columns],
            dist: vec![0.0; columns],
            pred: vec![NONE; columns],
            row_dist: vec![0.0; rows],
            settled: vec![false; columns],
            done: Vec::with_capacity(columns),
            reached: Vec::new(),
        }
    }

    /// Settles columns nearest first from `source` until the sink is nearer than any column
    /// left: the sink's distance and the path's last step.
    fn shortest_path(&mut self, graph: &Bipartite, pairs: &DensePairs, source: usize) -> (f64, SinkVia) {
        let start = self.open(graph.dense_row(source), source);
        let mut nearest = self.relax_from_source(start, graph.dense_row(source));
        self.pred.iter_mut().for_each(|p| *p = source as u32);
        self.row_dist[source] = 0.0;
        self.reached.push(source as u32);
        // The sink: through the source's "unused" arc, or later a column with room or a row
        // giving up its column.
        let mut to_sink = start;
        let mut via = SinkVia::Row(source as u32);
        while nearest.column != usize::MAX && nearest.distance < to_sink {
            let c = nearest.column;
            self.settled[c] = true;
            self.done.push(c as u32);
            let d = self.dist[c];
            if (pairs.held[c].len() as u32) < graph.column_capacity[c] {
                let through = d + self.pi_column[c].max(0.0);
                if through < to_sink {
                    to_sink = through;
                    via = SinkVia::Column(c as u32);
                }
            }
            nearest = Nearest::NONE;
            for &r in &pairs.held[c] {
                let r = r as usize;
                let row = graph.dense_row(r);
                let dr = d + (row[c] + self.pi_column[c] - self.pi_row[r]).max(0.0);
                self.row_dist[r] = dr;
                self.reached.push(r as u32);
                let leave = dr + self.pi_row[r].max(0.0);
                if leave < to_sink {
                    to_sink = leave;
                    via = SinkVia::Row(r as u32);
                }
                nearest = self.relax_through_row(r, dr, row);
            }
            if pairs.held[c].is_empty() {
                // Nothing relaxed: the nearest column not yet settled.
                nearest = self.nearest_unsettled();
            }
        }
        (to_sink, via)
    }

    /// Sets the source's potential (its best reduced score) and forgets the last search.
    fn open(&mut self, source_row: &[f64], source: usize) -> f64 {
        let start = self.pi_column.iter().zip(source_row).fold(0.0f64, |m, (&p, &s)| m.max(p + s));
        self.pi_row[source] = start;
        for &c in &self.done {
            self.settled[c as usize] = false;
        }
        self.done.clear();
        self.reached.clear();
        start
    }

    /// Every column's distance straight from the source, finding the nearest on the way.
    fn relax_from_source(&mut self, start: f64, source_row: &[f64]) -> Nearest {
        let mut nearest = Nearest::NONE;
        for (c, ((dc, &p), &s)) in self.dist.iter_mut().zip(&self.pi_column).zip(source_row).enumerate() {
            let d = (start - p - s).max(0.0);
            *dc = d;
            if d < nearest.distance {
                nearest = Nearest { column: c, distance: d };
            }
        }
        nearest
    }

    /// Relaxes every column not yet settled through row `r`, reached at distance `dr`
    /// (contiguous arrays, no indirection), finding the nearest on the way.
    fn relax_through_row(&mut self, r: usize, dr: f64, row: &[f64]) -> Nearest {
        let base = dr + self.pi_row[r];
        let mut nearest = usize::MAX;
        let mut least = f64::INFINITY;
        let columns_iter =
            self.dist.iter_mut().zip(&self.pi_column).zip(row).zip(&self.settled).zip(self.pred.iter_mut());
        for (c2, ((((dc, &p), &s), &done_already), pc)) in columns_iter.enumerate() {
            if done_already {
                continue;
            }
            let nd = base - p - s;
            // Rounding must not make a reduced cost negative (written out: faster than
            // `f64::max`, which handles NaN).
            let nd = if nd > dr { nd } else { dr };
            if nd < *dc {
                *dc = nd;
                *pc = r as u32;
            }
            if *dc < least {
                least = *dc;
                nearest = c2;
            }
        }
        Nearest { column: nearest, distance: least }
    }

    fn nearest_unsettled(&self) -> Nearest {
        let mut nearest = Nearest::NONE;
        for (c2, (&d2, &done_already)) in self.dist.iter().zip(&self.settled).enumerate() {
            if !done_already && d2 < nearest.distance {
                nearest = Nearest { column: c2, distance: d2 };
            }
        }
        nearest
    }

    /// The settled columns' and reached rows' potentials move by their distance minus the
    /// sink's, keeping every reduced cost non-negative.
    fn move_potentials(&mut self, to_sink: f64) {
        for &c in &self.done {
            self.pi_column[c as usize] += self.dist[c as usize] - to_sink;
        }
        for &r in &self.reached {
            self.pi_row[r as usize] += self.row_dist[r as usize] - to_sink;
        }
    }
}

/// Best pairs first: every acceptable candidate pair in order of score (ties by mentee, then
/// mentor index), taken while the mentee is free and the mentor has room.
pub fn assign_greedy(problem: &AssignmentProblem) -> Assignment {
    let mut p = Prepared::new(problem);
    let n = problem.mentees();
    let fixed: Vec<bool> = p.mentor_of.iter().map(|&j| j != NONE).collect();
    let mut order: Vec<(u64, u32, u32)> = Vec::with_capacity(p.mentors.len());
    for i in 0..n {
        for e in p.edges(i, &fixed) {
            if p.scores[e] >= 0.0 {
                order.push((descending_key(p.scores[e]), i as u32, p.mentors[e]));
            }
        }
    }
    order.sort_unstable();
    let mut load = vec![0u32; problem.mentors()];
    for (key, i, j) in order {
        let (i, ju) = (i as usize, j as usize);
        if p.mentor_of[i] == NONE && load[ju] < p.capacity[ju] {
            load[ju] += 1;
            p.mentor_of[i] = j;
            p.pair_scores[i] = from_descending_key(key);
        }
    }
    p.finish()
}

/// A key that sorts non-negative scores from the highest down.
fn descending_key(score: f64) -> u64 {
    u64::MAX - (score + 0.0).to_bits()
}

fn from_descending_key(key: u64) -> f64 {
    f64::from_bits(u64::MAX - key)
}

/// How a mentor ranks a mentee they hold: the lowest view first out, ties: the highest index
/// first out.
#[derive(Clone, Copy, Debug)]
struct Held {
    view: f64,
    mentee: u32,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Held {}

impl PartialOrd for Held {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Held {
    /// Greater means worse for the mentor (so a max-heap has the worst on top).
    fn cmp(&self, other: &Self) -> Ordering {
        other.view.total_cmp(&self.view).then_with(|| self.mentee.cmp(&other.mentee))
    }
}

/// Mentee-proposing deferred acceptance with capacities: a stable assignment (no blocking
/// pair), the best stable one for every mentee.
pub fn assign_stable(problem: &AssignmentProblem) -> Assignment {
    let mut p = Prepared::new(problem);
    let n = problem.mentees();
    let m = problem.mentors();
    let fixed: Vec<bool> = p.mentor_of.iter().map(|&j| j != NONE).collect();
    // Each mentee's acceptable candidates in order of preference.
    let mut prefs: Vec<u32> = Vec::with_capacity(p.mentors.len());
    let mut starts: Vec<usize> = Vec::with_capacity(n + 1);
    starts.push(0);
    for i in 0..n {
        let from = prefs.len();
        prefs.extend(p.edges(i, &fixed).filter(|&e| p.scores[e] >= 0.0).map(|e| e as u32));
        prefs[from..].sort_unstable_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            p.scores[b].total_cmp(&p.scores[a]).then_with(|| p.mentors[a].cmp(&p.mentors[b]))
        });
        starts.push(prefs.len());
    }
    let mut next: Vec<usize> = starts[..n].to_vec();
    let mut held: Vec<BinaryHeap<Held>> = vec![BinaryHeap::new(); m];
    let mut proposal_edge = vec![0u32; n];
    let mut free: Vec<u32> = (0..n as u32).rev().filter(|&i| !fixed[i as usize]).collect();
    while let Some(i) = free.pop() {
        let iu = i as usize;
        while next[iu] < starts[iu + 1] {
            let e = prefs[next[iu]] as usize;
            next[iu] += 1;
            let j = p.mentors[e] as usize;
            if p.capacity[j] == 0 {
                continue;
            }
            let offer = Held { view: p.mentor_score(e), mentee: i };
            if (held[j].len() as u32) < p.capacity[j] {
                held[j].push(offer);
                proposal_edge[iu] = e as u32;
                break;
            }
            let worst = *held[j].peek().expect("a full mentor holds someone");
            if offer < worst {
                held[j].pop();
                held[j].push(offer);
                proposal_edge[iu] = e as u32;
                free.push(worst.mentee);
                break;
            }
        }
    }
    for (j, list) in held.iter().enumerate() {
        for h in list {
            let i = h.mentee as usize;
            p.mentor_of[i] = j as u32;
            p.pair_scores[i] = p.scores[proposal_edge[i] as usize];
        }
    }
    p.finish()
}

/// The blocking pairs of an assignment: acceptable candidate pairs (mentee, mentor) where the
/// mentee prefers the mentor to their current situation (higher score, ties by lower mentor
/// index; anyone to nobody) and the mentor has room or prefers the mentee to one they hold
/// (higher mentor view, ties by lower mentee index). Required pairs are fixed: their mentees do
/// not block and their places are not free. Empty for an assignment made by [`assign_stable`].
pub fn blocking_pairs(problem: &AssignmentProblem, assignment: &Assignment) -> Vec<(u32, u32)> {
    let n = problem.mentees();
    let m = problem.mentors();
    let mut room: Vec<i64> = problem.capacities.iter().map(|&c| i64::from(c)).collect();
    // The view of each pair as its mentor sees it, and each mentor's worst held mentee.
    let mut worst: Vec<Option<Held>> = vec![None; m];
    let mut current: Vec<Option<(u32, f64)>> = vec![None; n];
    for (i, mentor) in assignment.mentor_of.iter().enumerate() {
        let Some(j) = *mentor else { continue };
        room[j as usize] -= 1;
        if problem.required_mentor(i as u32).is_some() {
            continue;
        }
        let c = problem.candidates(i as u32).find(|c| c.mentor == j);
        let (score, view) = c.map_or((0.0, 0.0), |c| (c.score, c.mentor_score));
        current[i] = Some((j, score));
        let held = Held { view, mentee: i as u32 };
        let w = &mut worst[j as usize];
        if w.is_none_or(|w| held > w) {
            *w = Some(held);
        }
    }
    let mut blocking = Vec::new();
    for i in 0..n as u32 {
        for c in problem.candidates(i) {
            if !problem.is_acceptable(i, &c) {
                continue;
            }
            let prefers = match current[i as usize] {
                None => true,
                Some((j, s)) => j != c.mentor && (c.score > s || (c.score == s && c.mentor < j)),
            };
            if !prefers {
                continue;
            }
            let j = c.mentor as usize;
            if problem.capacities[j] == 0 {
                continue;
            }
            let accepts =
                room[j] > 0 || worst[j].is_some_and(|w| Held { view: c.mentor_score, mentee: i } < w);
            if accepts {
                blocking.push((i, c.mentor));
            }
        }
    }
    blocking
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(capacities: Vec<u32>, rows: &[&[(u32, f64)]]) -> AssignmentProblem {
        let mut p = AssignmentProblem::new(capacities);
        for row in rows {
            p.add_mentee(row.iter().map(|&(j, s)| Candidate::new(j, s))).unwrap();
        }
        p
    }

    #[test]
    fn optimal_beats_greedy_on_the_classic_trap() {
        // Greedy takes (0, 0) = 10 and leaves mentee 1 without; optimal takes 9 + 8.
        let p = problem(vec![1, 1], &[&[(0, 10.0), (1, 8.0)], &[(0, 9.0)]]);
        let best = assign_optimal(&p);
        assert_eq!(best.mentor_of, [Some(1), Some(0)]);
        assert_eq!(best.total_score, 17.0);
        let greedy = assign_greedy(&p);
        assert_eq!(greedy.mentor_of, [Some(0), None]);
        assert_eq!(greedy.total_score, 10.0);
        // Both sides rank by the same score: the stable matching is the greedy one.
        assert_eq!(assign_stable(&p).mentor_of, greedy.mentor_of);
        assert!(blocking_pairs(&p, &greedy).is_empty());
        assert_eq!(blocking_pairs(&p, &best), [(0, 0)]);
    }

    #[test]
    fn capacities_are_shared_by_the_optimum() {
        // One mentor with two places, three mentees: the two best stay.
        let p = problem(vec![2, 1], &[&[(0, 5.0)], &[(0, 4.0), (1, 1.0)], &[(0, 3.0)]]);
        let best = assign_optimal(&p);
        // 5 + 3 + 1 (mentee 1 moves to mentor 1) = 9 beats 5 + 4 = 9 … tie; either is optimal.
        assert_eq!(best.total_score, 9.0);
        assert!(best.loads(2).iter().zip(p.capacities()).all(|(l, c)| l <= c));
    }

    #[test]
    fn unmatched_when_matching_lowers_the_total() {
        let p = problem(vec![1], &[&[(0, -1.0)], &[]]);
        let best = assign_optimal(&p);
        assert_eq!(best.mentor_of, [None, None]);
        assert_eq!(assign_greedy(&p).matched(), 0);
        assert_eq!(assign_stable(&p).matched(), 0);
    }

    #[test]
    fn required_and_excluded_pairs_are_applied_first() {
        let mut p = problem(vec![1, 1], &[&[(0, 10.0), (1, 1.0)], &[(0, 9.0), (1, 8.0)]]);
        p.require(1, 0).unwrap();
        p.exclude(0, 1).unwrap();
        for assignment in [assign_optimal(&p), assign_greedy(&p), assign_stable(&p)] {
            assert_eq!(assignment.mentor_of, [None, Some(0)]);
            assert_eq!(assignment.total_score, 9.0);
        }
        assert!(p.require(0, 0).is_err(), "mentor 0 is full of required mentees");
        assert!(p.exclude(1, 0).is_err(), "required and excluded");
        assert!(p.require(1, 1).is_err(), "mentee 1 is required elsewhere");
    }

    #[test]
    fn bad_candidates_are_refused_and_leave_the_problem_unchanged() {
        let mut p = AssignmentProblem::new(vec![1, 1]);
        assert!(p.add_mentee([Candidate::new(2, 1.0)]).is_err());
        assert!(p.add_mentee([Candidate::new(0, 1.0), Candidate::new(0, 2.0)]).is_err());
        assert!(p.add_mentee([Candidate::new(0, f64::NAN)]).is_err());
        assert_eq!((p.mentees(), p.candidate_count()), (0, 0));
        assert!(AssignmentProblem::dense(2, vec![1], &[1.0]).is_err());
    }

    #[test]
    fn mentors_may_rank_mentees_their_own_way() {
        // Both mentees like mentor 0 best; mentor 0 prefers mentee 1.
        let mut p = AssignmentProblem::new(vec![1, 1]);
        p.add_mentee([Candidate::new(0, 0.9), Candidate::new(1, 0.5)]).unwrap();
        p.add_mentee([Candidate { mentor: 0, score: 0.8, mentor_score: 1.0 }, Candidate::new(1, 0.7)])
            .unwrap();
        let stable = assign_stable(&p);
        assert_eq!(stable.mentor_of, [Some(1), Some(0)]);
        assert!(blocking_pairs(&p, &stable).is_empty());
        assert_eq!(stable.total_score, 0.5 + 0.8);
    }
}
