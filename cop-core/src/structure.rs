//! The structure of the interaction graph: who sits at the centre and who bridges.
//!
//! Heavy algorithms run on a compact, undirected projection of member-to-member interaction in
//! compressed sparse row form ([`Projection`]): one node per member, an edge between two members
//! who interacted (in either direction) in the window, weighted by the number of events (or their
//! weight), self-interaction left out. On it:
//!
//! - [`Projection::core_numbers`]: k-core numbers (Batagelj–Zaversnik, O(m)), as networkx's
//!   `core_number`;
//! - [`Projection::pagerank`]: PageRank by power iteration exactly as networkx's `pagerank`
//!   (damping 0.85, uniform teleport, dangling mass spread uniformly, stop when the L1 change is
//!   below `n × tol`);
//! - [`Projection::eigenvector_centrality`]: networkx's `eigenvector_centrality` (iteration with
//!   `A + I`, Euclidean normalisation, stop when the L1 change is below `n × tol`);
//! - degree and weighted degree;
//! - [`Projection::core_periphery`]: the Borgatti–Everett discrete core/periphery fit: the
//!   correlation between the observed ties and the ideal pattern in which core members are tied
//!   to each other and periphery members are not;
//! - [`Projection::constraint`]: Burt's constraint, low for brokers whose contacts are not tied
//!   to each other.

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{CopError, Result};
use crate::model::landscape::Landscape;
use crate::model::log::NONE;

/// Nodes per task when an iteration's products run on every core.
const NODES_PER_TASK: usize = 1 << 12;

/// What an edge of the projection weighs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeWeight {
    /// The number of events between the two members (both directions).
    #[default]
    Count,
    /// The sum of the events' weights (own weight, else the kind's).
    Weight,
}

/// An undirected, weighted graph over members in compressed sparse row form.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    offsets: Vec<u32>,
    neighbours: Vec<u32>,
    weights: Vec<f64>,
}

/// Options of the iterative centralities.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Iteration {
    /// Stop when the L1 change falls below `nodes × tolerance`.
    pub tolerance: f64,
    /// Give up after this many iterations.
    pub max_iterations: u32,
}

impl Default for Iteration {
    /// networkx's defaults: tolerance 1e-6, 100 iterations.
    fn default() -> Self {
        Iteration { tolerance: 1e-6, max_iterations: 100 }
    }
}

/// The Borgatti–Everett core/periphery fit of a graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorePeriphery {
    /// The correlation between the observed ties and the ideal core/periphery pattern (−1..1;
    /// near 1: a clear core tied together and a periphery tied to little).
    pub fit: f64,
    /// The core members (raw member ids), most central first.
    pub core: Vec<u32>,
    /// Members considered (with at least one tie).
    pub considered: usize,
}

impl Projection {
    /// A projection of `nodes` nodes from undirected edges `(a, b, weight)`; parallel edges are
    /// merged (weights added), self-loops dropped.
    pub fn from_edges(nodes: usize, edges: impl IntoIterator<Item = (u32, u32, f64)>) -> Projection {
        let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
        for (a, b, w) in edges {
            if a != b {
                pairs.push((a, b, w));
                pairs.push((b, a, w));
            }
        }
        pairs.par_sort_unstable_by_key(|&(a, b, _)| (a, b));
        let mut offsets = vec![0u32; nodes + 1];
        let mut neighbours = Vec::with_capacity(pairs.len());
        let mut weights: Vec<f64> = Vec::with_capacity(pairs.len());
        let mut last: Option<(u32, u32)> = None;
        for (a, b, w) in pairs {
            if last == Some((a, b)) {
                *weights.last_mut().expect("a previous edge") += w;
                continue;
            }
            last = Some((a, b));
            offsets[a as usize + 1] += 1;
            neighbours.push(b);
            weights.push(w);
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        Projection { offsets, neighbours, weights }
    }

    /// The interaction among the landscape's members with `from <= time < to` (seconds).
    pub fn of_interactions(landscape: &Landscape, from: i64, to: i64, weight: EdgeWeight) -> Projection {
        let log = landscape.log();
        let columns = log.columns();
        let kind_weights = landscape.kinds().weights_by_code();
        // Each event between two members, keyed by its unordered pair; a stable sort keeps
        // each pair's events in time order, so weights add up as they always have.
        let mut keyed: Vec<(u64, f64)> = Vec::new();
        for id in log.between(from, to) {
            let i = id.index();
            let (a, b) = (columns.member[i], columns.target[i]);
            if b == NONE || a == b {
                continue;
            }
            let w = match weight {
                EdgeWeight::Count => 1.0,
                EdgeWeight::Weight => f64::from(columns.weight_of(i, kind_weights)),
            };
            keyed.push((u64::from(a.min(b)) << 32 | u64::from(a.max(b)), w));
        }
        keyed.par_sort_by_key(|&(key, _)| key);
        let mut edges: Vec<(u32, u32, f64)> = Vec::new();
        for &(key, w) in &keyed {
            let (a, b) = ((key >> 32) as u32, key as u32);
            match edges.last_mut() {
                Some(last) if (last.0, last.1) == (a, b) => last.2 += w,
                _ => edges.push((a, b, w)),
            }
        }
        drop(keyed);
        Projection::from_sorted_pairs(landscape.member_rows(), &edges)
    }

    /// The projection of distinct edges `(a, b, w)` with `a < b`, sorted by `(a, b)`: two
    /// counting passes, and every node's neighbours come out in increasing order (those below
    /// it from the edges where it is second, then those above it), as [`Projection::from_edges`]
    /// orders them.
    fn from_sorted_pairs(nodes: usize, edges: &[(u32, u32, f64)]) -> Projection {
        let mut offsets = vec![0u32; nodes + 1];
        for &(a, b, _) in edges {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut neighbours = vec![0u32; edges.len() * 2];
        let mut weights = vec![0f64; edges.len() * 2];
        for &(a, b, w) in edges {
            for (from, to) in [(a, b), (b, a)] {
                let slot = &mut next[from as usize];
                neighbours[*slot as usize] = to;
                weights[*slot as usize] = w;
                *slot += 1;
            }
        }
        Projection { offsets, neighbours, weights }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of undirected edges.
    pub fn edge_count(&self) -> usize {
        self.neighbours.len() / 2
    }

    /// The neighbours of a node with the edge weights.
    pub fn neighbours(&self, node: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[node as usize] as usize..self.offsets[node as usize + 1] as usize;
        self.neighbours[range.clone()].iter().copied().zip(self.weights[range].iter().copied())
    }

    /// Number of neighbours of each node.
    pub fn degrees(&self) -> Vec<u32> {
        self.offsets.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Sum of the edge weights of each node.
    pub fn weighted_degrees(&self) -> Vec<f64> {
        (0..self.node_count() as u32).map(|v| self.neighbours(v).map(|(_, w)| w).sum()).collect()
    }

    /// The k-core number of each node: the largest k such that the node belongs to a subgraph in
    /// which every node has at least k neighbours. O(n + m).
    pub fn core_numbers(&self) -> Vec<u32> {
        let n = self.node_count();
        let mut degree = self.degrees();
        let max_degree = degree.iter().copied().max().unwrap_or(0) as usize;
        // Bin sort of the nodes by degree (Batagelj & Zaversnik 2003), in u32 throughout so
        // that the arrays touched at random stay small.
        let mut bin = vec![0u32; max_degree + 2];
        for &d in &degree {
            bin[d as usize] += 1;
        }
        let mut start = 0;
        for b in bin.iter_mut() {
            let count = *b;
            *b = start;
            start += count;
        }
        let mut position = vec![0u32; n];
        let mut order = vec![0u32; n];
        for v in 0..n {
            let d = degree[v] as usize;
            position[v] = bin[d];
            order[position[v] as usize] = v as u32;
            bin[d] += 1;
        }
        for d in (1..=max_degree + 1).rev() {
            bin[d] = bin[d - 1];
        }
        bin[0] = 0;
        for i in 0..n {
            let v = order[i] as usize;
            let dv = degree[v];
            let range = self.offsets[v] as usize..self.offsets[v + 1] as usize;
            for &u in &self.neighbours[range] {
                let u = u as usize;
                let du = degree[u];
                if du > dv {
                    let pu = position[u];
                    let pw = bin[du as usize];
                    let w = order[pw as usize] as usize;
                    if u != w {
                        order.swap(pu as usize, pw as usize);
                        position[u] = pw;
                        position[w] = pu;
                    }
                    bin[du as usize] += 1;
                    degree[u] = du - 1;
                }
            }
        }
        degree
    }

    /// PageRank with damping `alpha`, as networkx computes it (weighted edges, uniform teleport,
    /// dangling nodes spread uniformly). Fails if it does not converge.
    pub fn pagerank(&self, alpha: f64, iteration: Iteration) -> Result<Vec<f64>> {
        let n = self.node_count();
        if n == 0 {
            return Ok(Vec::new());
        }
        let strength = self.weighted_degrees();
        let inverse: Vec<f64> = strength.iter().map(|&s| if s != 0.0 { 1.0 / s } else { 0.0 }).collect();
        let uniform = 1.0 / n as f64;
        let mut x = vec![uniform; n];
        let mut next = vec![0.0; n];
        for _ in 0..iteration.max_iterations {
            let dangling: f64 = (0..n).filter(|&v| strength[v] == 0.0).map(|v| x[v]).sum();
            // next[v] = alpha * (sum_u x[u] * w(u,v) / s(u) + dangling / n) + (1 - alpha) / n
            // Each node's sum on its own, on every core (the same terms in the same order).
            next.par_iter_mut().enumerate().with_min_len(NODES_PER_TASK).for_each(|(v, out)| {
                let mut sum = 0.0;
                for (u, w) in self.neighbours(v as u32) {
                    sum += x[u as usize] * w * inverse[u as usize];
                }
                *out = alpha * (sum + dangling * uniform) + (1.0 - alpha) * uniform;
            });
            let error: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut x, &mut next);
            if error < n as f64 * iteration.tolerance {
                return Ok(x);
            }
        }
        Err(CopError::invalid(
            "pagerank",
            format!("did not converge in {} iterations", iteration.max_iterations),
        ))
    }

    /// Eigenvector centrality as networkx computes it (power iteration with `A + I`, Euclidean
    /// norm, start at 1/n). Fails if it does not converge.
    pub fn eigenvector_centrality(&self, iteration: Iteration) -> Result<Vec<f64>> {
        let n = self.node_count();
        if n == 0 {
            return Ok(Vec::new());
        }
        let mut x = vec![1.0 / n as f64; n];
        let mut next = vec![0.0; n];
        for _ in 0..iteration.max_iterations {
            next.par_iter_mut().enumerate().with_min_len(NODES_PER_TASK).for_each(|(v, out)| {
                let mut sum = x[v];
                for (u, w) in self.neighbours(v as u32) {
                    sum += x[u as usize] * w;
                }
                *out = sum;
            });
            let norm = next.iter().map(|v| v * v).sum::<f64>().sqrt();
            let norm = if norm == 0.0 { 1.0 } else { norm };
            next.iter_mut().for_each(|v| *v /= norm);
            let error: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
            std::mem::swap(&mut x, &mut next);
            if error < n as f64 * iteration.tolerance {
                return Ok(x);
            }
        }
        Err(CopError::invalid(
            "eigenvector_centrality",
            format!("did not converge in {} iterations", iteration.max_iterations),
        ))
    }

    /// The Borgatti–Everett discrete core/periphery fit over the nodes with at least one tie.
    ///
    /// Candidate cores are the prefixes of the nodes ordered by core number, then degree (then
    /// id): for each prefix the Pearson correlation between the observed (binary, undirected)
    /// ties and the ideal pattern — 1 between two core members, 0 elsewhere — is computed
    /// incrementally, and the best prefix is the core. O(n log n + m).
    pub fn core_periphery(&self) -> CorePeriphery {
        let degree = self.degrees();
        let cores = self.core_numbers();
        let mut nodes: Vec<u32> = (0..self.node_count() as u32).filter(|&v| degree[v as usize] > 0).collect();
        nodes.sort_by_key(|&v| {
            (std::cmp::Reverse(cores[v as usize]), std::cmp::Reverse(degree[v as usize]), v)
        });
        let n = nodes.len() as f64;
        let pairs = n * (n - 1.0) / 2.0;
        let ties = self.edge_count() as f64;
        let mut in_core = vec![false; self.node_count()];
        let mut inside = 0.0; // ties between two core members
        let mut best = (f64::NEG_INFINITY, 0usize);
        for (k, &v) in nodes.iter().enumerate() {
            inside += self.neighbours(v).filter(|&(u, _)| in_core[u as usize]).count() as f64;
            in_core[v as usize] = true;
            let size = (k + 1) as f64;
            let ideal = size * (size - 1.0) / 2.0;
            let denominator = (ties * (pairs - ties) * ideal * (pairs - ideal)).sqrt();
            if denominator > 0.0 {
                let r = (pairs * inside - ties * ideal) / denominator;
                if r > best.0 {
                    best = (r, k + 1);
                }
            }
        }
        let (fit, size) = if best.0.is_finite() { best } else { (0.0, 0) };
        CorePeriphery { fit, core: nodes[..size].to_vec(), considered: nodes.len() }
    }

    /// Burt's constraint of each node (as networkx's `constraint` on the undirected weighted
    /// graph): Σ_j (p_ij + Σ_q p_iq p_qj)², with p_ij the share of i's tie weight spent on j.
    /// Low values mark brokers whose contacts are not tied to each other; isolated nodes get NaN.
    ///
    /// The indirect term Σ_q p_iq p_qj is non-zero only when i, q and j form a triangle, so it is
    /// summed over the triangles, listed once each by orienting every tie from the endpoint of
    /// lower degree to the higher: O(m·α) for m ties and arboricity α (at most √m), and O(m)
    /// for a hub whose contacts are not tied to each other — not O(Σ_v d_v²), so one member with
    /// a million contacts costs about as much as a million ties.
    pub fn constraint(&self) -> Vec<f64> {
        self.constraint_counting().0
    }

    /// The constraint and the number of steps of the triangle listing (for the cost tests).
    fn constraint_counting(&self) -> (Vec<f64>, u64) {
        let n = self.node_count();
        let strength = self.weighted_degrees();
        let range = |v: usize| self.offsets[v] as usize..self.offsets[v + 1] as usize;
        // p of each directed tie e = (i → j): the share of i's weight spent on j.
        let mut p = vec![0.0f64; self.neighbours.len()];
        for (i, &s) in strength.iter().enumerate() {
            for e in range(i) {
                p[e] = if s > 0.0 { self.weights[e] / s } else { 0.0 };
            }
        }
        let reverse = self.reverse_ties();
        let mut indirect = vec![0.0f64; p.len()];
        let mut add = |e: usize, via: f64| {
            if p[e] > 0.0 {
                indirect[e] += via;
            }
        };
        // Every tie oriented from the endpoint of lower (degree, id) to the higher: each node's
        // forward ties, in CSR form.
        let degree = |v: usize| self.offsets[v + 1] - self.offsets[v];
        let above = |a: usize, b: usize| (degree(a), a) < (degree(b), b);
        let mut forward_offsets = vec![0usize; n + 1];
        let mut forward: Vec<(u32, u32)> = Vec::with_capacity(p.len() / 2);
        for u in 0..n {
            for e in range(u) {
                let v = self.neighbours[e] as usize;
                if above(u, v) {
                    forward.push((v as u32, e as u32));
                }
            }
            forward_offsets[u + 1] = forward.len();
        }
        let ahead = |u: usize| &forward[forward_offsets[u]..forward_offsets[u + 1]];
        let mut tie_to = vec![u32::MAX; n]; // the tie u → v for v ahead of the current u
        let mut steps = 0u64;
        for u in 0..n {
            for &(v, e) in ahead(u) {
                tie_to[v as usize] = e;
            }
            for &(v, uv) in ahead(u) {
                for &(w, vw) in ahead(v as usize) {
                    steps += 1;
                    let uw = tie_to[w as usize];
                    if uw == u32::MAX {
                        continue;
                    }
                    let (uv, vw, uw) = (uv as usize, vw as usize, uw as usize);
                    let (vu, wv, wu) = (reverse[uv], reverse[vw], reverse[uw]);
                    add(uv, p[uw] * p[wv]);
                    add(vu, p[vw] * p[wu]);
                    add(uw, p[uv] * p[vw]);
                    add(wu, p[wv] * p[vu]);
                    add(vw, p[vu] * p[uw]);
                    add(wv, p[wu] * p[uv]);
                }
            }
            for &(v, _) in ahead(u) {
                tie_to[v as usize] = u32::MAX;
            }
        }
        let constraint = (0..n)
            .map(|i| {
                if range(i).is_empty() {
                    return f64::NAN;
                }
                range(i).map(|e| (p[e] + indirect[e]).powi(2)).sum()
            })
            .collect();
        (constraint, steps)
    }

    /// For each directed tie i → j, the index of j → i.
    fn reverse_ties(&self) -> Vec<usize> {
        let mut ties: Vec<(u32, u32, usize)> = Vec::with_capacity(self.neighbours.len());
        for i in 0..self.node_count() {
            for e in self.offsets[i] as usize..self.offsets[i + 1] as usize {
                let j = self.neighbours[e];
                ties.push((i.min(j as usize) as u32, (i as u32).max(j), e));
            }
        }
        ties.par_sort_unstable();
        let mut reverse = vec![0usize; ties.len()];
        for pair in ties.chunks_exact(2) {
            reverse[pair[0].2] = pair[1].2;
            reverse[pair[1].2] = pair[0].2;
        }
        reverse
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A triangle 0-1-2 with a tail 2-3-4 and an isolated node 5.
    fn sample() -> Projection {
        Projection::from_edges(
            6,
            [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (2, 3, 2.0), (3, 4, 1.0), (3, 4, 1.0), (4, 4, 9.0)],
        )
    }

    #[test]
    fn csr_merges_parallel_edges_and_drops_loops() {
        let g = sample();
        assert_eq!(g.node_count(), 6);
        assert_eq!(g.edge_count(), 5);
        assert_eq!(g.degrees(), [2, 2, 3, 2, 1, 0]);
        assert_eq!(g.weighted_degrees(), [2.0, 2.0, 4.0, 4.0, 2.0, 0.0]);
    }

    #[test]
    fn core_numbers_by_hand() {
        assert_eq!(sample().core_numbers(), [2, 2, 2, 1, 1, 0]);
    }

    #[test]
    fn pagerank_sums_to_one_and_favours_the_hub() {
        let pr = sample().pagerank(0.85, Iteration::default()).unwrap();
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pr[2] > pr[0] && pr[0] > pr[5]);
        // An isolated node gets teleport and dangling mass only.
        assert!(pr[5] > 0.0);
    }

    #[test]
    fn core_periphery_of_a_star_plus_clique() {
        // A clique 0..4 whose members each have one pendant.
        let mut edges = vec![];
        for a in 0..4u32 {
            for b in a + 1..4 {
                edges.push((a, b, 1.0));
            }
            edges.push((a, a + 4, 1.0));
        }
        let cp = Projection::from_edges(8, edges).core_periphery();
        let mut core = cp.core.clone();
        core.sort();
        assert_eq!(core, [0, 1, 2, 3]);
        assert_eq!(cp.considered, 8);
        assert!(cp.fit > 0.5, "{}", cp.fit);
    }

    #[test]
    fn constraint_of_a_broker_is_low() {
        // 0 bridges two pairs that are not tied to each other: 1-2 and 3-4.
        let g = Projection::from_edges(
            5,
            [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0), (1, 2, 1.0), (3, 4, 1.0)],
        );
        let c = g.constraint();
        // By hand: p_0j = 1/4; indirect via the partner of j: 1/4 * 1/2 = 1/8; (3/8)^2 * 4 = 0.5625.
        assert!((c[0] - 0.5625).abs() < 1e-12, "{}", c[0]);
        // Node 1: p_10 = p_12 = 1/2; indirect 1→2→0: 1/2 * 1/2 = 1/4 (and 1→0→2: 1/2 * 1/4 = 1/8).
        // (1/2 + 1/4)^2 + (1/2 + 1/8)^2 = 0.5625 + 0.390625
        assert!((c[1] - 0.953125).abs() < 1e-12, "{}", c[1]);
        assert!(c[0] < c[1]);
    }

    /// The definition, summed over every q for every pair, on a graph with triangles, a hub
    /// and unequal weights.
    #[test]
    fn constraint_over_triangles_equals_the_definition() {
        let edges = [
            (0, 1, 2.0),
            (0, 2, 1.0),
            (1, 2, 3.0),
            (2, 3, 1.0),
            (3, 0, 5.0),
            (3, 4, 1.0),
            (4, 5, 2.0),
            (5, 3, 1.0),
            (6, 3, 1.0),
        ];
        let g = Projection::from_edges(8, edges);
        let strength = g.weighted_degrees();
        let w = |i: u32, j: u32| g.neighbours(i).find(|&(x, _)| x == j).map_or(0.0, |(_, w)| w);
        let p =
            |i: u32, j: u32| if strength[i as usize] > 0.0 { w(i, j) / strength[i as usize] } else { 0.0 };
        let c = g.constraint();
        for i in 0..8u32 {
            if strength[i as usize] == 0.0 {
                assert!(c[i as usize].is_nan());
                continue;
            }
            let expected: f64 = g
                .neighbours(i)
                .map(|(j, _)| {
                    let indirect: f64 =
                        (0..8u32).filter(|&q| q != i && q != j).map(|q| p(i, q) * p(q, j)).sum();
                    (p(i, j) + indirect).powi(2)
                })
                .sum();
            assert!((c[i as usize] - expected).abs() < 1e-12, "{i}: {} against {expected}", c[i as usize]);
        }
    }

    /// One hub with many contacts: the work grows with the ties, not with the hub's degree
    /// squared (a cost test: the growth of the count of steps, not a time).
    #[test]
    fn constraint_of_a_hub_costs_linear_work() {
        let star = |leaves: u32| {
            let mut edges: Vec<(u32, u32, f64)> = (1..=leaves).map(|l| (0, l, 1.0)).collect();
            // A few leaves tied in pairs, so there are triangles through the hub.
            edges.extend((1..=leaves / 10).map(|l| (2 * l - 1, 2 * l, 1.0)));
            Projection::from_edges(leaves as usize + 1, edges)
        };
        let (small, large) = (star(20_000), star(40_000));
        let (_, steps_small) = small.constraint_counting();
        let (_, steps_large) = large.constraint_counting();
        let growth = steps_large as f64 / steps_small as f64;
        assert!(growth < 2.2, "doubling the hub's degree multiplied the work by {growth:.2}");
        assert!(
            steps_large < 4 * large.edge_count() as u64,
            "{steps_large} steps for {} ties",
            large.edge_count()
        );
    }
}

/// One member's position in the interaction graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MemberPosition {
    /// The member's key.
    pub member: String,
    /// k-core number.
    pub core_number: u32,
    /// PageRank (damping 0.85).
    pub pagerank: f64,
    /// Number of people interacted with.
    pub degree: u32,
    /// Sum of the tie weights.
    pub weighted_degree: f64,
    /// Eigenvector centrality (`None` when the iteration did not converge).
    pub eigenvector: Option<f64>,
    /// Burt's constraint (low: a broker).
    pub constraint: f64,
}

/// The structure of the interaction graph over a window, with keys, for reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StructureReport {
    /// The end of the window (RFC 3339).
    pub as_of: String,
    /// The window in days.
    pub window_days: u32,
    /// Members with at least one tie.
    pub connected_members: usize,
    /// Ties (undirected pairs).
    pub ties: usize,
    /// The Borgatti–Everett core/periphery fit.
    pub core_periphery_fit: f64,
    /// The core members of that fit.
    pub core: Vec<String>,
    /// Members with at least two ties, lowest constraint first (the brokers), at most 20.
    pub brokers: Vec<String>,
    /// Every member with at least one tie, by PageRank, highest first.
    pub members: Vec<MemberPosition>,
}

/// The structure of the interaction among members over `window_days` days up to `as_of`.
pub(crate) fn analyse(
    landscape: &Landscape,
    as_of: i64,
    window_days: u32,
    weight: EdgeWeight,
) -> Result<StructureReport> {
    let from = as_of - i64::from(window_days) * crate::model::time::DAY + 1;
    let projection = Projection::of_interactions(landscape, from, as_of + 1, weight);
    let cores = projection.core_numbers();
    let pagerank = projection.pagerank(0.85, Iteration::default())?;
    let degree = projection.degrees();
    let strength = projection.weighted_degrees();
    let eigenvector =
        projection.eigenvector_centrality(Iteration { tolerance: 1e-6, max_iterations: 1000 }).ok();
    let constraint = projection.constraint();
    let fit = projection.core_periphery();
    let key = |v: u32| landscape.member_key(crate::MemberId::from_raw(v)).unwrap_or_default().to_owned();
    let mut members: Vec<u32> =
        (0..projection.node_count() as u32).filter(|&v| degree[v as usize] > 0).collect();
    members.sort_by(|&a, &b| pagerank[b as usize].total_cmp(&pagerank[a as usize]).then(a.cmp(&b)));
    let mut brokers: Vec<u32> = members.iter().copied().filter(|&v| degree[v as usize] >= 2).collect();
    brokers.sort_by(|&a, &b| constraint[a as usize].total_cmp(&constraint[b as usize]).then(a.cmp(&b)));
    brokers.truncate(20);
    Ok(StructureReport {
        as_of: crate::model::time::format_seconds(as_of),
        window_days,
        connected_members: members.len(),
        ties: projection.edge_count(),
        core_periphery_fit: fit.fit,
        core: fit.core.iter().map(|&v| key(v)).collect(),
        brokers: brokers.iter().map(|&v| key(v)).collect(),
        members: members
            .iter()
            .map(|&v| {
                let i = v as usize;
                MemberPosition {
                    member: key(v),
                    core_number: cores[i],
                    pagerank: pagerank[i],
                    degree: degree[i],
                    weighted_degree: strength[i],
                    eigenvector: eigenvector.as_ref().map(|e| e[i]),
                    constraint: constraint[i],
                }
            })
            .collect(),
    })
}
