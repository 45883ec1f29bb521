//! Maximum-weight matching in a general graph: Edmonds' blossom algorithm with the primal–dual
//! method, in the O(n³) form described by Galil ("Efficient algorithms for finding maximum
//! matching in graphs", ACM Computing Surveys, 1986) and implemented by van Rantwijk
//! (`mwmatching.py`, the basis of networkx's `max_weight_matching`).
//!
//! Weights are integers so that every dual variable stays an exact integer (vertex duals are
//! kept doubled); callers with real-valued scores round them first.

/// A maximum-weight matching of a general graph with `vertices` vertices and weighted edges
/// `(a, b, weight)`: each vertex's partner, if any. Self-loops and edges of weight ≤ 0 are
/// ignored; of parallel edges the heaviest counts. The matching maximises the total weight (not
/// the number of pairs). O(n³).
///
/// ```
/// use cop_core::matching::max_weight_matching;
///
/// // A path a–b–c–d: the two outer edges (5 + 5) beat the middle one (8).
/// let mate = max_weight_matching(4, &[(0, 1, 5), (1, 2, 8), (2, 3, 5)]);
/// assert_eq!(mate, [Some(1), Some(0), Some(3), Some(2)]);
/// ```
pub fn max_weight_matching(vertices: usize, edges: &[(u32, u32, i64)]) -> Vec<Option<u32>> {
    let mut best: rustc_hash::FxHashMap<(u32, u32), i64> = rustc_hash::FxHashMap::default();
    for &(a, b, w) in edges {
        if a == b || w <= 0 || a as usize >= vertices || b as usize >= vertices {
            continue;
        }
        let key = (a.min(b), a.max(b));
        let slot = best.entry(key).or_insert(w);
        *slot = (*slot).max(w);
    }
    let mut list: Vec<(usize, usize, i64)> =
        best.into_iter().map(|((a, b), w)| (a as usize, b as usize, w)).collect();
    list.sort_unstable();
    if list.is_empty() {
        return vec![None; vertices];
    }
    let mut solver = Blossom::new(vertices, list);
    solver.solve();
    (0..vertices)
        .map(|v| {
            let p = solver.mate[v];
            (p >= 0).then(|| solver.endpoint[p as usize] as u32)
        })
        .collect()
}

/// The state of the algorithm. Vertices are `0..n`; non-trivial blossoms `n..2n`. Edge `k` has
/// endpoints `2k` and `2k + 1`. Sentinels are −1.
struct Blossom {
    n: usize,
    edges: Vec<(usize, usize, i64)>,
    endpoint: Vec<usize>,
    /// Per vertex, the remote endpoints of its edges.
    neighbours: Vec<Vec<usize>>,
    /// Per vertex, the remote endpoint of its matched edge.
    mate: Vec<isize>,
    /// Per top-level blossom: 0 free, 1 S, 2 T (bit 4: breadcrumb while scanning).
    label: Vec<u8>,
    /// The remote endpoint of the edge through which the blossom got its label.
    label_end: Vec<isize>,
    /// Per vertex, its top-level blossom.
    in_blossom: Vec<usize>,
    parent: Vec<isize>,
    children: Vec<Vec<usize>>,
    base: Vec<isize>,
    /// `ends[b][i]`: the endpoint on the edge from child `i` to child `i + 1`.
    ends: Vec<Vec<usize>>,
    /// Least-slack edge to an S-blossom (free vertices) or to another S-blossom (S-blossoms).
    best_edge: Vec<isize>,
    best_edges: Vec<Option<Vec<usize>>>,
    unused: Vec<usize>,
    /// Doubled vertex duals, then blossom duals.
    dual: Vec<i64>,
    allowed: Vec<bool>,
    queue: Vec<usize>,
}

/// Index with wrap-around, as the algorithm walks round a blossom in both directions.
fn at(list: &[usize], j: isize) -> usize {
    let n = list.len() as isize;
    list[j.rem_euclid(n) as usize]
}

impl Blossom {
    fn new(n: usize, edges: Vec<(usize, usize, i64)>) -> Self {
        let max_weight = edges.iter().map(|e| e.2).max().unwrap_or(0).max(0);
        let endpoint: Vec<usize> =
            (0..2 * edges.len()).map(|p| if p % 2 == 0 { edges[p / 2].0 } else { edges[p / 2].1 }).collect();
        let mut neighbours = vec![Vec::new(); n];
        for (k, &(i, j, _)) in edges.iter().enumerate() {
            neighbours[i].push(2 * k + 1);
            neighbours[j].push(2 * k);
        }
        let m = edges.len();
        Blossom {
            n,
            edges,
            endpoint,
            neighbours,
            mate: vec![-1; n],
            label: vec![0; 2 * n],
            label_end: vec![-1; 2 * n],
            in_blossom: (0..n).collect(),
            parent: vec![-1; 2 * n],
            children: vec![Vec::new(); 2 * n],
            base: (0..n as isize).chain(std::iter::repeat_n(-1, n)).collect(),
            ends: vec![Vec::new(); 2 * n],
            best_edge: vec![-1; 2 * n],
            best_edges: vec![None; 2 * n],
            unused: (n..2 * n).collect(),
            dual: std::iter::repeat_n(max_weight, n).chain(std::iter::repeat_n(0, n)).collect(),
            allowed: vec![false; m],
            queue: Vec::new(),
        }
    }

    fn slack(&self, k: usize) -> i64 {
        let (i, j, w) = self.edges[k];
        self.dual[i] + self.dual[j] - 2 * w
    }

    fn leaves(&self, b: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![b];
        while let Some(x) = stack.pop() {
            if x < self.n {
                out.push(x);
            } else {
                stack.extend(self.children[x].iter().rev());
            }
        }
        out
    }

    fn assign_label(&mut self, w: usize, t: u8, p: isize) {
        let b = self.in_blossom[w];
        self.label[w] = t;
        self.label[b] = t;
        self.label_end[w] = p;
        self.label_end[b] = p;
        self.best_edge[w] = -1;
        self.best_edge[b] = -1;
        if t == 1 {
            let leaves = self.leaves(b);
            self.queue.extend(leaves);
        } else if t == 2 {
            let base = self.base[b] as usize;
            let m = self.mate[base];
            debug_assert!(m >= 0);
            self.assign_label(self.endpoint[m as usize], 1, m ^ 1);
        }
    }

    /// Traces back from `v` and `w` to find a new blossom's base, or −1 for an augmenting path.
    fn scan_blossom(&mut self, mut v: isize, mut w: isize) -> isize {
        let mut path = Vec::new();
        let mut base = -1;
        while v != -1 || w != -1 {
            let mut b = self.in_blossom[v as usize];
            if self.label[b] & 4 != 0 {
                base = self.base[b];
                break;
            }
            path.push(b);
            self.label[b] = 5;
            if self.label_end[b] == -1 {
                v = -1;
            } else {
                v = self.endpoint[self.label_end[b] as usize] as isize;
                b = self.in_blossom[v as usize];
                v = self.endpoint[self.label_end[b] as usize] as isize;
            }
            if w != -1 {
                std::mem::swap(&mut v, &mut w);
            }
        }
        for b in path {
            self.label[b] = 1;
        }
        base
    }

    fn add_blossom(&mut self, base: usize, k: usize) {
        let (mut v, mut w, _) = self.edges[k];
        let bb = self.in_blossom[base];
        let mut bv = self.in_blossom[v];
        let mut bw = self.in_blossom[w];
        let b = self.unused.pop().expect("at most n blossoms exist at once");
        self.base[b] = base as isize;
        self.parent[b] = -1;
        self.parent[bb] = b as isize;
        let mut path = Vec::new();
        let mut endps = Vec::new();
        while bv != bb {
            self.parent[bv] = b as isize;
            path.push(bv);
            endps.push(self.label_end[bv] as usize);
            v = self.endpoint[self.label_end[bv] as usize];
            bv = self.in_blossom[v];
        }
        path.push(bb);
        path.reverse();
        endps.reverse();
        endps.push(2 * k);
        while bw != bb {
            self.parent[bw] = b as isize;
            path.push(bw);
            endps.push((self.label_end[bw] ^ 1) as usize);
            w = self.endpoint[self.label_end[bw] as usize];
            bw = self.in_blossom[w];
        }
        self.label[b] = 1;
        self.label_end[b] = self.label_end[bb];
        self.dual[b] = 0;
        self.children[b] = path.clone();
        self.ends[b] = endps;
        for v in self.leaves(b) {
            if self.label[self.in_blossom[v]] == 2 {
                self.queue.push(v);
            }
            self.in_blossom[v] = b;
        }
        // The least-slack edges from the new blossom to each neighbouring S-blossom.
        let mut best_to: Vec<isize> = vec![-1; 2 * self.n];
        for &bv in &path {
            let lists: Vec<Vec<usize>> = match self.best_edges[bv].take() {
                Some(list) => vec![list],
                None => self
                    .leaves(bv)
                    .iter()
                    .map(|&v| self.neighbours[v].iter().map(|p| p / 2).collect())
                    .collect(),
            };
            for list in lists {
                for k in list {
                    let (mut i, mut j, _) = self.edges[k];
                    if self.in_blossom[j] == b {
                        std::mem::swap(&mut i, &mut j);
                    }
                    let _ = i;
                    let bj = self.in_blossom[j];
                    if bj != b
                        && self.label[bj] == 1
                        && (best_to[bj] == -1 || self.slack(k) < self.slack(best_to[bj] as usize))
                    {
                        best_to[bj] = k as isize;
                    }
                }
            }
            self.best_edge[bv] = -1;
        }
        let list: Vec<usize> = best_to.into_iter().filter(|&k| k != -1).map(|k| k as usize).collect();
        self.best_edge[b] = -1;
        for &k in &list {
            if self.best_edge[b] == -1 || self.slack(k) < self.slack(self.best_edge[b] as usize) {
                self.best_edge[b] = k as isize;
            }
        }
        self.best_edges[b] = Some(list);
    }

    fn expand_blossom(&mut self, b: usize, end_stage: bool) {
        let children = self.children[b].clone();
        for &s in &children {
            self.parent[s] = -1;
            if s < self.n {
                self.in_blossom[s] = s;
            } else if end_stage && self.dual[s] == 0 {
                self.expand_blossom(s, end_stage);
            } else {
                for v in self.leaves(s) {
                    self.in_blossom[v] = s;
                }
            }
        }
        if !end_stage && self.label[b] == 2 {
            // Relabel the sub-blossoms from the one through which b got its label to the base.
            let entry = self.in_blossom[self.endpoint[(self.label_end[b] ^ 1) as usize]];
            let len = children.len() as isize;
            let mut j =
                children.iter().position(|&c| c == entry).expect("the entry child is a child") as isize;
            let (step, trick): (isize, isize) = if j & 1 == 1 {
                j -= len;
                (1, 0)
            } else {
                (-1, 1)
            };
            let ends = self.ends[b].clone();
            let mut p = self.label_end[b];
            while j != 0 {
                let q = self.endpoint[(p ^ 1) as usize];
                self.label[q] = 0;
                let e = at(&ends, j - trick) as isize;
                let r = self.endpoint[(e ^ trick ^ 1) as usize];
                self.label[r] = 0;
                self.assign_label(q, 2, p);
                self.allowed[(e / 2) as usize] = true;
                j += step;
                p = at(&ends, j - trick) as isize ^ trick;
                self.allowed[(p / 2) as usize] = true;
                j += step;
            }
            let bv = at(&children, j);
            let q = self.endpoint[(p ^ 1) as usize];
            self.label[q] = 2;
            self.label[bv] = 2;
            self.label_end[q] = p;
            self.label_end[bv] = p;
            self.best_edge[bv] = -1;
            j += step;
            while at(&children, j) != entry {
                let bv = at(&children, j);
                if self.label[bv] == 1 {
                    j += step;
                    continue;
                }
                let reached = self.leaves(bv).into_iter().find(|&v| self.label[v] != 0);
                if let Some(v) = reached {
                    self.label[v] = 0;
                    let m = self.mate[self.base[bv] as usize];
                    self.label[self.endpoint[m as usize]] = 0;
                    let end = self.label_end[v];
                    self.assign_label(v, 2, end);
                }
                j += step;
            }
        }
        self.label[b] = u8::MAX;
        self.label_end[b] = -1;
        self.children[b] = Vec::new();
        self.ends[b] = Vec::new();
        self.base[b] = -1;
        self.best_edges[b] = None;
        self.best_edge[b] = -1;
        self.unused.push(b);
    }

    /// Swaps matched and unmatched edges along the path through blossom `b` from vertex `v` to
    /// the base.
    fn augment_blossom(&mut self, b: usize, v: usize) {
        let mut t = v;
        while self.parent[t] != b as isize {
            t = self.parent[t] as usize;
        }
        if t >= self.n {
            self.augment_blossom(t, v);
        }
        let len = self.children[b].len() as isize;
        let i = self.children[b].iter().position(|&c| c == t).expect("t is a child of b") as isize;
        let mut j = i;
        let (step, trick): (isize, isize) = if i & 1 == 1 {
            j -= len;
            (1, 0)
        } else {
            (-1, 1)
        };
        while j != 0 {
            j += step;
            let t = at(&self.children[b], j);
            let p = at(&self.ends[b], j - trick) as isize ^ trick;
            if t >= self.n {
                self.augment_blossom(t, self.endpoint[p as usize]);
            }
            j += step;
            let t = at(&self.children[b], j);
            if t >= self.n {
                self.augment_blossom(t, self.endpoint[(p ^ 1) as usize]);
            }
            self.mate[self.endpoint[p as usize]] = p ^ 1;
            self.mate[self.endpoint[(p ^ 1) as usize]] = p;
        }
        self.children[b].rotate_left(i as usize);
        self.ends[b].rotate_left(i as usize);
        self.base[b] = self.base[self.children[b][0]];
    }

    /// Swaps matched and unmatched edges along the augmenting path through edge `k`.
    fn augment_matching(&mut self, k: usize) {
        let (v, w, _) = self.edges[k];
        for (mut s, mut p) in [(v, 2 * k as isize + 1), (w, 2 * k as isize)] {
            loop {
                let bs = self.in_blossom[s];
                if bs >= self.n {
                    self.augment_blossom(bs, s);
                }
                self.mate[s] = p;
                if self.label_end[bs] == -1 {
                    break;
                }
                let t = self.endpoint[self.label_end[bs] as usize];
                let bt = self.in_blossom[t];
                s = self.endpoint[self.label_end[bt] as usize];
                let j = self.endpoint[(self.label_end[bt] ^ 1) as usize];
                if bt >= self.n {
                    self.augment_blossom(bt, j);
                }
                self.mate[j] = self.label_end[bt];
                p = self.label_end[bt] ^ 1;
            }
        }
    }

    fn solve(&mut self) {
        for _ in 0..self.n {
            // A stage: find an augmenting path and augment.
            self.start_stage();
            if !self.augment_once() {
                break;
            }
            self.expand_s_blossoms_at_zero();
        }
    }

    /// Clears a stage's labels and least-slack edges, then labels every free vertex S.
    fn start_stage(&mut self) {
        let n = self.n;
        self.label.iter_mut().for_each(|l| *l = 0);
        self.best_edge.iter_mut().for_each(|e| *e = -1);
        for b in n..2 * n {
            self.best_edges[b] = None;
        }
        self.allowed.iter_mut().for_each(|a| *a = false);
        self.queue.clear();
        for v in 0..n {
            if self.mate[v] == -1 && self.label[self.in_blossom[v]] == 0 {
                self.assign_label(v, 1, -1);
            }
        }
    }

    /// Substages until the matching grows (true) or no augmenting path exists (false).
    fn augment_once(&mut self) -> bool {
        loop {
            if self.label_from_queue() {
                return true;
            }
            // No augmenting path under the current duals: change them by the least delta.
            let (delta, limit) = self.least_dual_change();
            self.change_duals(delta);
            match limit {
                DualLimit::VertexDual => return false,
                DualLimit::FreeEdge(k) => {
                    self.allowed[k] = true;
                    let (mut i, j, _) = self.edges[k];
                    if self.label[self.in_blossom[i]] == 0 {
                        i = j;
                    }
                    self.queue.push(i);
                }
                DualLimit::SEdge(k) => {
                    self.allowed[k] = true;
                    let (i, _, _) = self.edges[k];
                    self.queue.push(i);
                }
                DualLimit::TBlossom(b) => self.expand_blossom(b, false),
            }
        }
    }

    /// A substage: scans the queued S-vertices' edges, labelling, forming blossoms, until an
    /// augmenting path is found and used (true) or the queue empties (false).
    fn label_from_queue(&mut self) -> bool {
        while let Some(v) = self.queue.pop() {
            for idx in 0..self.neighbours[v].len() {
                if self.scan_edge(v, self.neighbours[v][idx]) {
                    return true;
                }
            }
        }
        false
    }

    /// Follows the edge from S-vertex `v` to endpoint `p` if it is tight, else keeps it as a
    /// least-slack candidate. True when it completed an augmenting path.
    #[inline]
    fn scan_edge(&mut self, v: usize, p: usize) -> bool {
        let k = p / 2;
        let w = self.endpoint[p];
        if self.in_blossom[v] == self.in_blossom[w] {
            return false;
        }
        let mut kslack = 0;
        if !self.allowed[k] {
            kslack = self.slack(k);
            if kslack <= 0 {
                self.allowed[k] = true;
            }
        }
        if self.allowed[k] {
            if self.label[self.in_blossom[w]] == 0 {
                self.assign_label(w, 2, (p ^ 1) as isize);
            } else if self.label[self.in_blossom[w]] == 1 {
                let base = self.scan_blossom(v as isize, w as isize);
                if base >= 0 {
                    self.add_blossom(base as usize, k);
                } else {
                    self.augment_matching(k);
                    return true;
                }
            } else if self.label[w] == 0 {
                self.label[w] = 2;
                self.label_end[w] = (p ^ 1) as isize;
            }
        } else if self.label[self.in_blossom[w]] == 1 {
            let b = self.in_blossom[v];
            if self.best_edge[b] == -1 || kslack < self.slack(self.best_edge[b] as usize) {
                self.best_edge[b] = k as isize;
            }
        } else if self.label[w] == 0
            && (self.best_edge[w] == -1 || kslack < self.slack(self.best_edge[w] as usize))
        {
            self.best_edge[w] = k as isize;
        }
        false
    }

    /// The largest change of the duals that keeps every slack ≥ 0, and what stops it there.
    fn least_dual_change(&self) -> (i64, DualLimit) {
        let n = self.n;
        let mut limit = DualLimit::VertexDual;
        let mut delta = *self.dual[..n].iter().min().expect("n > 0");
        for v in 0..n {
            if self.label[self.in_blossom[v]] == 0 && self.best_edge[v] != -1 {
                let d = self.slack(self.best_edge[v] as usize);
                if d < delta {
                    delta = d;
                    limit = DualLimit::FreeEdge(self.best_edge[v] as usize);
                }
            }
        }
        for b in 0..2 * n {
            if self.parent[b] == -1 && self.label[b] == 1 && self.best_edge[b] != -1 {
                let d = self.slack(self.best_edge[b] as usize) / 2;
                if d < delta {
                    delta = d;
                    limit = DualLimit::SEdge(self.best_edge[b] as usize);
                }
            }
        }
        for b in n..2 * n {
            if self.base[b] >= 0 && self.parent[b] == -1 && self.label[b] == 2 && self.dual[b] < delta {
                delta = self.dual[b];
                limit = DualLimit::TBlossom(b);
            }
        }
        (delta, limit)
    }

    /// S-vertices' duals fall by `delta` and T-vertices' rise; top-level blossoms the opposite.
    fn change_duals(&mut self, delta: i64) {
        let n = self.n;
        for v in 0..n {
            match self.label[self.in_blossom[v]] {
                1 => self.dual[v] -= delta,
                2 => self.dual[v] += delta,
                _ => {}
            }
        }
        for b in n..2 * n {
            if self.base[b] >= 0 && self.parent[b] == -1 {
                match self.label[b] {
                    1 => self.dual[b] += delta,
                    2 => self.dual[b] -= delta,
                    _ => {}
                }
            }
        }
    }

    /// End of a stage: expands the top-level S-blossoms whose dual reached zero.
    fn expand_s_blossoms_at_zero(&mut self) {
        let n = self.n;
        for b in n..2 * n {
            if self.parent[b] == -1 && self.base[b] >= 0 && self.label[b] == 1 && self.dual[b] == 0 {
                self.expand_blossom(b, true);
            }
        }
    }
}

/// What stops a change of the duals (Galil's δ₁ to δ₄).
#[derive(Clone, Copy)]
enum DualLimit {
    /// A vertex dual reaches zero: the matching is of maximum weight.
    VertexDual,
    /// Edge `k` from an S-vertex to a free vertex becomes tight.
    FreeEdge(usize),
    /// Edge `k` between two S-blossoms becomes tight.
    SEdge(usize),
    /// T-blossom `b`'s dual reaches zero: it is expanded.
    TBlossom(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mates(n: usize, edges: &[(u32, u32, i64)]) -> Vec<i64> {
        max_weight_matching(n, edges).into_iter().map(|m| m.map_or(-1, i64::from)).collect()
    }

    #[test]
    fn small_cases() {
        assert_eq!(mates(0, &[]), Vec::<i64>::new());
        assert_eq!(mates(2, &[(0, 1, 1)]), [1, 0]);
        assert_eq!(mates(4, &[(1, 2, 10), (2, 3, 11)]), [-1, -1, 3, 2]);
        assert_eq!(mates(5, &[(1, 2, 5), (2, 3, 11), (3, 4, 5)]), [-1, -1, 3, 2, -1]);
        assert_eq!(mates(5, &[(1, 2, 2), (1, 3, -2), (2, 3, 1), (2, 4, -1), (3, 4, -6)]), [-1, 2, 1, -1, -1]);
    }

    #[test]
    fn blossoms_are_formed_relabelled_and_expanded() {
        // S-blossom used for augmentation.
        assert_eq!(mates(5, &[(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7)]), [-1, 2, 1, 4, 3]);
        assert_eq!(
            mates(7, &[(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7), (1, 6, 5), (4, 5, 6)]),
            [-1, 6, 3, 2, 5, 4, 1]
        );
        // S-blossom relabelled as T-blossom.
        assert_eq!(
            mates(7, &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)]),
            [-1, 6, 3, 2, 5, 4, 1]
        );
        assert_eq!(
            mates(7, &[(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 3), (3, 6, 4)]),
            [-1, 2, 1, 6, 5, 4, 3]
        );
        // Nested S-blossom.
        assert_eq!(
            mates(7, &[(1, 2, 9), (1, 3, 9), (2, 3, 10), (2, 4, 8), (3, 5, 8), (4, 5, 10), (5, 6, 6)]),
            [-1, 3, 4, 1, 2, 6, 5]
        );
        // Nested blossom relabelled as S, expanded recursively.
        assert_eq!(
            mates(
                9,
                &[
                    (1, 2, 10),
                    (1, 7, 10),
                    (2, 3, 12),
                    (3, 4, 20),
                    (3, 5, 20),
                    (4, 5, 25),
                    (5, 6, 10),
                    (6, 7, 10),
                    (7, 8, 8)
                ]
            ),
            [-1, 2, 1, 4, 3, 6, 5, 8, 7]
        );
        // T-blossom expanded, relabelled in more than one way.
        assert_eq!(
            mates(
                11,
                &[
                    (1, 2, 45),
                    (1, 5, 45),
                    (2, 3, 50),
                    (3, 4, 45),
                    (4, 5, 50),
                    (1, 6, 30),
                    (3, 9, 35),
                    (4, 8, 35),
                    (5, 7, 26),
                    (9, 10, 5)
                ]
            ),
            [-1, 6, 3, 2, 8, 7, 1, 5, 4, 10, 9]
        );
        // Nested blossom, outer expanded so the inner one ends up on an augmenting path.
        assert_eq!(
            mates(
                13,
                &[
                    (1, 2, 45),
                    (1, 7, 45),
                    (2, 3, 50),
                    (3, 4, 45),
                    (4, 5, 95),
                    (4, 6, 94),
                    (5, 6, 94),
                    (6, 7, 50),
                    (1, 8, 30),
                    (3, 11, 35),
                    (5, 9, 36),
                    (7, 10, 26),
                    (11, 12, 5)
                ]
            ),
            [-1, 8, 3, 2, 6, 9, 4, 10, 1, 5, 7, 12, 11]
        );
    }
}
