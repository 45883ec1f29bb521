//! Domains: the shared areas of knowledge a community cares about, as a taxonomy.
//!
//! A domain may be a sub-domain of another (`testing/performance` is a sub-domain of `testing`),
//! so domains form a forest. Matching and expert finding use it to give partial credit to related
//! domains: [`Taxonomy::distance`] counts the steps between two domains through their nearest
//! common ancestor. Adding the path `a/b/c` creates `a` and `a/b` when they are missing; a domain
//! can also be attached under another later with [`Taxonomy::set_parent`], which refuses cycles.

use serde::{Deserialize, Serialize};

use crate::error::{CopError, Entity, Result};
use crate::limits::{MAX_DOMAIN_DEPTH, MAX_KEY_BYTES, echo};
use crate::model::ids::{DomainId, Interner};

/// Refuses a text that is not a domain path: empty segments, more than
/// [`MAX_DOMAIN_DEPTH`] segments or more than [`MAX_KEY_BYTES`] bytes.
pub(crate) fn check_path(path: &str) -> Result<()> {
    if path.len() > MAX_KEY_BYTES {
        return Err(CopError::invalid("domain", crate::limits::key_too_long(path)));
    }
    if !path.is_empty() && !crate::limits::trimmed(path) {
        return Err(CopError::invalid("domain", crate::limits::spaces_around(path)));
    }
    if path.is_empty() || path.split('/').any(str::is_empty) {
        return Err(CopError::invalid(
            "domain",
            format!("`{}` is not a domain path (non-empty segments separated by `/`)", echo(path)),
        ));
    }
    let depth = path.split('/').count();
    if depth > MAX_DOMAIN_DEPTH {
        return Err(CopError::invalid(
            "domain",
            format!("`{}` has {depth} segments; at most {MAX_DOMAIN_DEPTH} are accepted", echo(path)),
        ));
    }
    Ok(())
}

/// One domain of the taxonomy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    /// Its own name: the last segment of the path it was created with.
    pub name: String,
    /// The domain it is a sub-domain of, if any.
    pub parent: Option<DomainId>,
}

/// The domains of a landscape: keys, names and the sub-domain relation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Taxonomy {
    keys: Interner,
    domains: Vec<Domain>,
}

impl Taxonomy {
    /// An empty taxonomy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of domains.
    pub fn len(&self) -> usize {
        self.domains.len()
    }

    /// Whether there is no domain.
    pub fn is_empty(&self) -> bool {
        self.domains.is_empty()
    }

    /// The domain with this id.
    pub fn get(&self, id: DomainId) -> Option<&Domain> {
        self.domains.get(id.index())
    }

    /// The key (the path it was created with) of a domain.
    pub fn key(&self, id: DomainId) -> Option<&str> {
        self.keys.key(id.0)
    }

    /// The id of the domain created with exactly this key.
    pub fn id(&self, key: &str) -> Option<DomainId> {
        self.keys.get(key).map(DomainId)
    }

    /// Ids of every domain, in order of creation.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = DomainId> + use<> {
        (0..self.domains.len() as u32).map(DomainId)
    }

    /// Adds the domain at `path` (segments separated by `/`), creating missing ancestors.
    /// Returns the id of the last segment; an existing path is returned as it is.
    pub(crate) fn ensure(&mut self, path: &str) -> Result<DomainId> {
        if let Some(id) = self.id(path) {
            return Ok(id);
        }
        check_path(path)?;
        let mut parent = None;
        let mut end = 0;
        for segment in path.split('/') {
            end += segment.len();
            let prefix = &path[..end];
            end += 1;
            let id = match self.id(prefix) {
                Some(id) => id,
                None => {
                    let (raw, _) = self.keys.intern(prefix);
                    self.domains.push(Domain { name: segment.to_owned(), parent });
                    DomainId(raw)
                }
            };
            parent = Some(id);
        }
        Ok(parent.expect("a path has at least one segment"))
    }

    /// Looks a domain up by path: the exact key first, then by walking names from a root, so a
    /// domain `performance` attached under `testing` is found as `testing/performance`.
    pub fn by_path(&self, path: &str) -> Option<DomainId> {
        if let Some(id) = self.id(path) {
            return Some(id);
        }
        let mut current: Option<DomainId> = None;
        for segment in path.split('/') {
            current = Some(self.ids().find(|&d| {
                let domain = &self.domains[d.index()];
                domain.parent == current && domain.name == segment
            })?);
        }
        current
    }

    /// The full path of a domain through its ancestors (`testing/performance`).
    pub fn path(&self, id: DomainId) -> Option<String> {
        let mut names: Vec<&str> = vec![&self.get(id)?.name];
        names.extend(self.ancestors(id).map(|a| self.domains[a.index()].name.as_str()));
        names.reverse();
        Some(names.join("/"))
    }

    /// Makes `child` a sub-domain of `parent` (or a root with `None`). Refuses a cycle, and a
    /// taxonomy deeper than [`MAX_DOMAIN_DEPTH`] domains from a root.
    pub fn set_parent(&mut self, child: DomainId, parent: Option<DomainId>) -> Result<()> {
        self.check(child)?;
        if let Some(parent) = parent {
            self.check(parent)?;
            if parent == child || self.ancestors(parent).any(|a| a == child) {
                return Err(CopError::DomainCycle {
                    domain: self.key(child).unwrap_or_default().to_owned(),
                    parent: self.key(parent).unwrap_or_default().to_owned(),
                });
            }
            // The deepest domain under `child` (itself included), counted from `child`.
            let below = self
                .ids()
                .filter_map(|d| {
                    std::iter::once(d).chain(self.ancestors(d)).position(|a| a == child).map(|p| p + 1)
                })
                .max()
                .unwrap_or(1);
            let depth = self.depth(parent) + 1 + below;
            if depth > MAX_DOMAIN_DEPTH {
                return Err(CopError::invalid(
                    "parent",
                    format!(
                        "making `{}` a sub-domain of `{}` would make the taxonomy {depth} domains deep; \
                         at most {MAX_DOMAIN_DEPTH} are accepted",
                        echo(self.key(child).unwrap_or_default()),
                        echo(self.key(parent).unwrap_or_default()),
                    ),
                ));
            }
        }
        self.domains[child.index()].parent = parent;
        Ok(())
    }

    /// The ancestors of a domain, nearest first (its parent, then the parent's parent, …).
    pub fn ancestors(&self, id: DomainId) -> impl Iterator<Item = DomainId> + '_ {
        std::iter::successors(self.get(id).and_then(|d| d.parent), |a| self.domains[a.index()].parent)
    }

    /// The direct sub-domains of a domain.
    pub fn children(&self, id: DomainId) -> impl Iterator<Item = DomainId> + '_ {
        self.ids().filter(move |&d| self.domains[d.index()].parent == Some(id))
    }

    /// Whether `ancestor` is `id` itself or one of its ancestors.
    pub fn is_within(&self, id: DomainId, ancestor: DomainId) -> bool {
        id == ancestor || self.ancestors(id).any(|a| a == ancestor)
    }

    /// Depth of a domain: 0 for a root.
    pub fn depth(&self, id: DomainId) -> usize {
        self.ancestors(id).count()
    }

    /// The nearest domain that is `a` or an ancestor of `a` and also `b` or an ancestor of `b`.
    pub fn common_ancestor(&self, a: DomainId, b: DomainId) -> Option<DomainId> {
        self.get(a)?;
        self.get(b)?;
        let mut of_a: Vec<DomainId> = vec![a];
        of_a.extend(self.ancestors(a));
        std::iter::once(b).chain(self.ancestors(b)).find(|d| of_a.contains(d))
    }

    /// Steps between two domains through their nearest common ancestor: 0 for the same domain,
    /// 1 for parent and child, 2 for siblings, …; `None` when they share no ancestor.
    pub fn distance(&self, a: DomainId, b: DomainId) -> Option<usize> {
        let common = self.common_ancestor(a, b)?;
        Some(self.depth(a) + self.depth(b) - 2 * self.depth(common))
    }

    pub(crate) fn check(&self, id: DomainId) -> Result<()> {
        self.get(id).map(|_| ()).ok_or(CopError::UnknownId { entity: Entity::Domain, id: id.0.into() })
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        self.keys.truncate(len);
        self.domains.truncate(len);
    }

    pub(crate) fn keys(&self) -> &Interner {
        &self.keys
    }

    pub(crate) fn domains(&self) -> &[Domain] {
        &self.domains
    }

    /// Rebuilds a taxonomy from stored keys and domains, checking what the API checks: every key
    /// is a domain path within the limits whose last segment is the domain's name, parents exist,
    /// and every chain of parents ends at a root within [`MAX_DOMAIN_DEPTH`] steps (so there is no
    /// cycle). Linear in the number of domains.
    pub(crate) fn from_parts(keys: Vec<String>, domains: Vec<Domain>) -> Result<Self> {
        let n = keys.len();
        let snapshot = |message: String| CopError::Snapshot(message);
        for (key, domain) in keys.iter().zip(&domains) {
            check_path(key).map_err(|e| snapshot(format!("domain {}: {e}", echo(key))))?;
            if key.rsplit('/').next() != Some(domain.name.as_str()) {
                return Err(snapshot(format!(
                    "domain `{}` is named `{}`, not the last segment of its key",
                    echo(key),
                    echo(&domain.name)
                )));
            }
        }
        let keys: Interner = keys.into_iter().collect();
        if keys.len() != n || domains.len() != n {
            return Err(snapshot("domain keys are not unique or do not match the domains".into()));
        }
        if let Some(bad) = domains.iter().filter_map(|d| d.parent).find(|p| p.index() >= n) {
            return Err(CopError::UnknownId { entity: Entity::Domain, id: bad.0.into() });
        }
        // Depths by memo: each domain's chain is walked only until a domain of known depth.
        let mut depth = vec![0usize; n];
        let mut chain = Vec::new();
        for start in 0..n {
            let mut current = Some(start);
            while let Some(i) = current.filter(|&i| depth[i] == 0) {
                chain.push(i);
                if chain.len() > MAX_DOMAIN_DEPTH {
                    return Err(snapshot(format!(
                        "the parents of domain `{}` form a cycle or a chain deeper than {MAX_DOMAIN_DEPTH}",
                        echo(keys.key(start as u32).unwrap_or_default())
                    )));
                }
                current = domains[i].parent.map(DomainId::index);
            }
            let mut d = current.map_or(0, |i| depth[i]);
            for &i in chain.iter().rev() {
                d += 1;
                depth[i] = d;
            }
            if d > MAX_DOMAIN_DEPTH {
                return Err(snapshot(format!(
                    "domain `{}` is {d} domains deep; at most {MAX_DOMAIN_DEPTH} are accepted",
                    echo(keys.key(start as u32).unwrap_or_default())
                )));
            }
            chain.clear();
        }
        Ok(Taxonomy { keys, domains })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Taxonomy, [DomainId; 4]) {
        let mut t = Taxonomy::new();
        let perf = t.ensure("testing/performance").unwrap();
        let unit = t.ensure("testing/unit").unwrap();
        let testing = t.id("testing").unwrap();
        let docs = t.ensure("docs").unwrap();
        (t, [testing, perf, unit, docs])
    }

    #[test]
    fn paths_create_ancestors_once() {
        let (t, [testing, perf, unit, docs]) = sample();
        assert_eq!(t.len(), 4);
        assert_eq!(t.get(perf).unwrap().parent, Some(testing));
        assert_eq!(t.get(unit).unwrap().name, "unit");
        assert_eq!(t.by_path("testing/performance"), Some(perf));
        assert_eq!(t.path(perf).as_deref(), Some("testing/performance"));
        assert_eq!(t.ancestors(perf).collect::<Vec<_>>(), [testing]);
        assert_eq!(t.children(testing).collect::<Vec<_>>(), [perf, unit]);
        assert_eq!(t.get(docs).unwrap().parent, None);
    }

    #[test]
    fn common_ancestor_and_distance() {
        let (t, [testing, perf, unit, docs]) = sample();
        assert_eq!(t.common_ancestor(perf, unit), Some(testing));
        assert_eq!(t.distance(perf, perf), Some(0));
        assert_eq!(t.distance(perf, testing), Some(1));
        assert_eq!(t.distance(testing, unit), Some(1));
        assert_eq!(t.distance(perf, unit), Some(2));
        assert_eq!(t.distance(perf, docs), None);
        assert!(t.is_within(perf, testing));
        assert!(!t.is_within(testing, perf));
    }

    #[test]
    fn reparenting_finds_by_walked_path_and_rejects_cycles() {
        let (mut t, [testing, perf, _, docs]) = sample();
        t.set_parent(docs, Some(perf)).unwrap();
        assert_eq!(t.by_path("testing/performance/docs"), Some(docs));
        assert_eq!(t.depth(docs), 2);
        let err = t.set_parent(testing, Some(docs)).unwrap_err();
        assert!(matches!(err, CopError::DomainCycle { .. }), "{err}");
        assert!(matches!(t.set_parent(testing, Some(testing)), Err(CopError::DomainCycle { .. })));
        // the refused change left the taxonomy as it was
        assert_eq!(t.get(testing).unwrap().parent, None);
    }

    #[test]
    fn bad_paths_are_errors() {
        let mut t = Taxonomy::new();
        for bad in ["", "a//b", "/a", "a/"] {
            assert!(t.ensure(bad).is_err(), "{bad:?}");
        }
        assert!(t.is_empty());
    }
}
