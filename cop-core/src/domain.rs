//! Domains: the shared areas of knowledge a community cares about, as a taxonomy.
//!
//! A domain may be a sub-domain of another (`testing/performance` is a sub-domain of `testing`),
//! so domains form a forest. Matching and expert finding use it to give partial credit to related
//! domains: [`Taxonomy::distance`] counts the steps between two domains through their nearest
//! common ancestor. Adding the path `a/b/c` creates `a` and `a/b` when they are missing; a domain
//! can also be attached under another later with [`Taxonomy::set_parent`], which refuses cycles.

use serde::{Deserialize, Serialize};

use crate::error::{CopError, Entity, Result};
use crate::ids::{DomainId, Interner};

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
        if path.is_empty() || path.split('/').any(str::is_empty) {
            return Err(CopError::invalid(
                "domain",
                format!("`{path}` is not a domain path (non-empty segments separated by `/`)"),
            ));
        }
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

    /// Makes `child` a sub-domain of `parent` (or a root with `None`). Refuses a cycle.
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

    /// Rebuilds a taxonomy from stored keys and domains, checking that parents exist and form
    /// no cycle.
    pub(crate) fn from_parts(keys: Vec<String>, domains: Vec<Domain>) -> Result<Self> {
        let n = keys.len();
        let keys: Interner = keys.into_iter().collect();
        if keys.len() != n || domains.len() != n {
            return Err(CopError::Snapshot("domain keys are not unique or do not match the domains".into()));
        }
        let mut taxonomy = Taxonomy {
            keys,
            domains: domains.iter().map(|d| Domain { name: d.name.clone(), parent: None }).collect(),
        };
        for (i, domain) in domains.iter().enumerate() {
            if let Some(parent) = domain.parent {
                taxonomy.set_parent(DomainId(i as u32), Some(parent))?;
            }
        }
        Ok(taxonomy)
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
