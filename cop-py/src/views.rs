//! Read-only views: a member, a domain, a community, and the collections of each.
//!
//! A view of one entity (`Member`, `Domain`, `Community`) is a copy of what the landscape says
//! about it when it is looked up. A collection (`landscape.members`, …) is live: it holds the
//! landscape and answers `len`, `in`, `[key]` and iteration from its current state.

use cop_core::{CommunityId, CommunityKind, DomainId, MemberId, Orientation, Role};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyDict, PyInt, PyString};

use crate::convert::datetime;
use crate::errors::to_py;
use crate::handle::Landscape;

fn optional_datetime(py: Python<'_>, seconds: Option<i64>) -> PyResult<Option<Bound<'_, PyDateTime>>> {
    seconds.map(|s| datetime(py, s)).transpose()
}

fn format_time(seconds: Option<i64>) -> String {
    seconds.map_or_else(|| "None".to_owned(), cop_core::model::time::format_seconds)
}

pub(crate) fn role_name(role: Role) -> &'static str {
    match role {
        Role::Member => "member",
        Role::Coordinator => "coordinator",
        Role::Sponsor => "sponsor",
    }
}

pub(crate) fn community_kind_name(kind: CommunityKind) -> &'static str {
    match kind {
        CommunityKind::Open => "open",
        CommunityKind::Internal => "internal",
        CommunityKind::Product => "product",
        CommunityKind::Local => "local",
    }
}

pub(crate) fn orientation_name(orientation: Orientation) -> &'static str {
    match orientation {
        Orientation::Practice => "practice",
        Orientation::Product => "product",
        Orientation::Play => "play",
    }
}

/// How a collection looks an entity up: by key (a str) or by id (an int).
enum Lookup {
    Key(String),
    Id(u32),
}

fn lookup(key: &Bound<'_, PyAny>) -> PyResult<Option<Lookup>> {
    if let Ok(s) = key.cast::<PyString>() {
        return Ok(Some(Lookup::Key(s.to_str()?.to_owned())));
    }
    if key.is_instance_of::<PyInt>() {
        return Ok(Some(key.extract::<u32>().map_or(Lookup::Id(u32::MAX), Lookup::Id)));
    }
    Ok(None)
}

fn unknown_key(entity: cop_core::Entity, key: &str) -> PyErr {
    to_py(cop_core::CopError::UnknownKey { entity, key: key.to_owned() })
}

fn unknown_id(entity: cop_core::Entity, id: u32) -> PyErr {
    to_py(cop_core::CopError::UnknownId { entity, id: id.into() })
}

// ----- one entity -------------------------------------------------------------------------------

/// A member of a landscape, as it was when looked up (a read-only copy).
#[pyclass(frozen, module = "cop", name = "Member")]
pub(crate) struct Member {
    /// The member's external key.
    #[pyo3(get)]
    key: String,
    /// The member's id (dense, from 0, in order of creation).
    #[pyo3(get)]
    id: u32,
    joined: Option<i64>,
    /// How many mentees the member can take at once (0: not mentoring).
    #[pyo3(get)]
    mentoring_capacity: u32,
    /// Hours per week the member can give, if known.
    #[pyo3(get)]
    availability: Option<f32>,
    /// An employer or organisation, if known.
    #[pyo3(get)]
    affiliation: Option<String>,
    competence: Vec<(String, &'static str)>,
    /// Domains the member is interested in (their keys).
    #[pyo3(get)]
    interests: Vec<String>,
    communities: Vec<(String, &'static str)>,
    /// Number of events the member did.
    #[pyo3(get)]
    events: usize,
}

impl Member {
    pub(crate) fn of(landscape: &cop_core::Landscape, id: MemberId) -> Option<Member> {
        let member = landscape.member(id)?;
        let domain_key = |d: DomainId| landscape.domain_key(d).unwrap_or_default().to_owned();
        Some(Member {
            key: landscape.member_key(id)?.to_owned(),
            id: id.raw(),
            joined: landscape.joined(id).map(|t| t.timestamp()),
            mentoring_capacity: member.mentoring_capacity,
            availability: member.availability,
            affiliation: member.affiliation.clone(),
            competence: member.competence().iter().map(|&(d, level)| (domain_key(d), level.name())).collect(),
            interests: member.interests().iter().map(|&d| domain_key(d)).collect(),
            communities: landscape
                .memberships(id)
                .into_iter()
                .map(|(c, role)| (landscape.community_key(c).unwrap_or_default().to_owned(), role_name(role)))
                .collect(),
            events: landscape.log().of_member(id).len(),
        })
    }
}

#[pymethods]
impl Member {
    /// When the member joined (UTC): the declared date, or else the time of their first event.
    #[getter]
    fn joined<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        optional_datetime(py, self.joined)
    }

    /// Competence per domain: `{domain key: level}` with levels from `novice` to `expert`.
    #[getter]
    fn competence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (domain, level) in &self.competence {
            dict.set_item(domain, *level)?;
        }
        Ok(dict)
    }

    /// The member's communities, declared or implied by their events: `{community key: role}`.
    #[getter]
    fn communities<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (community, role) in &self.communities {
            dict.set_item(community, *role)?;
        }
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        format!(
            "Member(key={:?}, id={}, joined={}, events={})",
            self.key,
            self.id,
            format_time(self.joined),
            self.events
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Member>().is_ok_and(|o| o.get().key == self.key && o.get().id == self.id)
    }

    fn __hash__(&self) -> u64 {
        u64::from(self.id)
    }
}

/// A domain of knowledge of a landscape, as it was when looked up (a read-only copy).
#[pyclass(frozen, module = "cop", name = "Domain")]
pub(crate) struct Domain {
    /// The domain's key: the path it was created with (`testing/performance`).
    #[pyo3(get)]
    key: String,
    /// The domain's id (dense, from 0, in order of creation).
    #[pyo3(get)]
    id: u32,
    /// Its own name: the last segment of its path.
    #[pyo3(get)]
    name: String,
    /// The key of the domain it is a sub-domain of, if any.
    #[pyo3(get)]
    parent: Option<String>,
    /// Its full path through its ancestors.
    #[pyo3(get)]
    path: String,
}

impl Domain {
    pub(crate) fn of(landscape: &cop_core::Landscape, id: DomainId) -> Option<Domain> {
        let taxonomy = landscape.taxonomy();
        let domain = taxonomy.get(id)?;
        Some(Domain {
            key: taxonomy.key(id)?.to_owned(),
            id: id.raw(),
            name: domain.name.clone(),
            parent: domain.parent.and_then(|p| taxonomy.key(p)).map(str::to_owned),
            path: taxonomy.path(id)?,
        })
    }
}

#[pymethods]
impl Domain {
    fn __repr__(&self) -> String {
        format!("Domain(key={:?}, id={}, parent={:?})", self.key, self.id, self.parent)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Domain>().is_ok_and(|o| o.get().key == self.key && o.get().id == self.id)
    }

    fn __hash__(&self) -> u64 {
        u64::from(self.id)
    }
}

/// A community of a landscape, as it was when looked up (a read-only copy).
#[pyclass(frozen, module = "cop", name = "Community")]
pub(crate) struct Community {
    /// The community's key (`default` for the default community).
    #[pyo3(get)]
    key: String,
    /// The community's id (the default community is 0).
    #[pyo3(get)]
    id: u32,
    /// Its display name.
    #[pyo3(get)]
    name: String,
    /// What sort of community it is: `open`, `internal`, `product` or `local`.
    #[pyo3(get)]
    kind: &'static str,
    /// Its orientation: `practice`, `product` or `play`.
    #[pyo3(get)]
    orientation: &'static str,
    /// The keys of its domains.
    #[pyo3(get)]
    domains: Vec<String>,
    created: Option<i64>,
}

impl Community {
    pub(crate) fn of(landscape: &cop_core::Landscape, id: CommunityId) -> Option<Community> {
        let community = landscape.community(id)?;
        Some(Community {
            key: landscape.community_key(id)?.to_owned(),
            id: id.raw(),
            name: community.name.clone(),
            kind: community_kind_name(community.kind),
            orientation: orientation_name(community.orientation),
            domains: community
                .domains()
                .iter()
                .filter_map(|&d| landscape.domain_key(d))
                .map(str::to_owned)
                .collect(),
            created: community.created.map(|t| t.timestamp()),
        })
    }
}

#[pymethods]
impl Community {
    /// When the community was created (UTC), if known.
    #[getter]
    fn created<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        optional_datetime(py, self.created)
    }

    fn __repr__(&self) -> String {
        format!(
            "Community(key={:?}, id={}, kind={:?}, orientation={:?})",
            self.key, self.id, self.kind, self.orientation
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Community>().is_ok_and(|o| o.get().key == self.key && o.get().id == self.id)
    }

    fn __hash__(&self) -> u64 {
        u64::from(self.id)
    }
}

// ----- collections ------------------------------------------------------------------------------

/// What a collection needs to know about its entity.
trait Entity: Sized {
    const ENTITY: cop_core::Entity;
    /// How many the collection lists (`len`).
    fn count(landscape: &cop_core::Landscape) -> usize;
    /// How many ids there are (every id below is looked up).
    fn rows(landscape: &cop_core::Landscape) -> usize {
        Self::count(landscape)
    }
    /// Whether the collection lists this existing id (`keys`, iteration).
    fn listed(_landscape: &cop_core::Landscape, _id: u32) -> bool {
        true
    }
    fn id_of(landscape: &cop_core::Landscape, key: &str) -> Option<u32>;
    fn view(landscape: &cop_core::Landscape, id: u32) -> Option<Self>;
    fn key_of(&self) -> &str;
    fn id_value(&self) -> u32;
}

impl Entity for Member {
    const ENTITY: cop_core::Entity = cop_core::Entity::Member;
    fn count(landscape: &cop_core::Landscape) -> usize {
        landscape.counts().members
    }
    fn rows(landscape: &cop_core::Landscape) -> usize {
        landscape.member_ids().len()
    }
    /// Members analyses see: not an identity merged into another member, not left out.
    fn listed(landscape: &cop_core::Landscape, id: u32) -> bool {
        let id = MemberId::from_raw(id);
        landscape.member_of(id) == id && !landscape.is_left_out(id)
    }
    fn id_of(landscape: &cop_core::Landscape, key: &str) -> Option<u32> {
        landscape.member_id(key).map(MemberId::raw)
    }
    fn view(landscape: &cop_core::Landscape, id: u32) -> Option<Self> {
        Member::of(landscape, MemberId::from_raw(id))
    }
    fn key_of(&self) -> &str {
        &self.key
    }
    fn id_value(&self) -> u32 {
        self.id
    }
}

impl Entity for Domain {
    const ENTITY: cop_core::Entity = cop_core::Entity::Domain;
    fn count(landscape: &cop_core::Landscape) -> usize {
        landscape.counts().domains
    }
    fn id_of(landscape: &cop_core::Landscape, key: &str) -> Option<u32> {
        landscape.domain_id(key).map(DomainId::raw)
    }
    fn view(landscape: &cop_core::Landscape, id: u32) -> Option<Self> {
        Domain::of(landscape, DomainId::from_raw(id))
    }
    fn key_of(&self) -> &str {
        &self.key
    }
    fn id_value(&self) -> u32 {
        self.id
    }
}

impl Entity for Community {
    const ENTITY: cop_core::Entity = cop_core::Entity::Community;
    fn count(landscape: &cop_core::Landscape) -> usize {
        landscape.counts().communities
    }
    fn id_of(landscape: &cop_core::Landscape, key: &str) -> Option<u32> {
        landscape.community_id(key).map(CommunityId::raw)
    }
    fn view(landscape: &cop_core::Landscape, id: u32) -> Option<Self> {
        Community::of(landscape, CommunityId::from_raw(id))
    }
    fn key_of(&self) -> &str {
        &self.key
    }
    fn id_value(&self) -> u32 {
        self.id
    }
}

fn get_view<E: Entity>(landscape: &Bound<'_, Landscape>, key: &Bound<'_, PyAny>) -> PyResult<E> {
    let py = landscape.py();
    let lookup = lookup(key)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "a {} is looked up by its key (str) or its id (int), not by {}",
            E::ENTITY,
            key.get_type().name().map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    let found = landscape.get().read(py, |ls| match &lookup {
        Lookup::Key(k) => E::id_of(ls, k).and_then(|id| E::view(ls, id)),
        Lookup::Id(id) => E::view(ls, *id),
    });
    found.ok_or_else(|| match lookup {
        Lookup::Key(k) => unknown_key(E::ENTITY, &k),
        Lookup::Id(id) => unknown_id(E::ENTITY, id),
    })
}

fn contains<E: Entity + pyo3::PyClass + Sync>(
    landscape: &Bound<'_, Landscape>,
    item: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    let py = landscape.py();
    if let Ok(view) = item.cast::<E>() {
        let view = view.borrow();
        let (key, id) = (view.key_of().to_owned(), view.id_value());
        return Ok(landscape.get().read(py, |ls| E::id_of(ls, &key) == Some(id)));
    }
    match lookup(item)? {
        Some(Lookup::Key(k)) => Ok(landscape.get().read(py, |ls| E::id_of(ls, &k).is_some())),
        Some(Lookup::Id(id)) => Ok(landscape.get().read(py, |ls| (id as usize) < E::rows(ls))),
        None => Ok(false),
    }
}

fn keys<E: Entity>(landscape: &Bound<'_, Landscape>) -> Vec<String> {
    landscape.get().read(landscape.py(), |ls| {
        (0..E::rows(ls) as u32)
            .filter(|&id| E::listed(ls, id))
            .filter_map(|id| E::view(ls, id).map(|v| v.key_of().to_owned()))
            .collect()
    })
}

macro_rules! collection {
    ($collection:ident, $iter:ident, $view:ident, $name:literal, $iter_name:literal, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, module = "cop", name = $name)]
        pub(crate) struct $collection {
            landscape: Py<Landscape>,
        }

        impl $collection {
            pub(crate) fn new(landscape: Py<Landscape>) -> Self {
                Self { landscape }
            }
        }

        #[pymethods]
        impl $collection {
            fn __len__(&self, py: Python<'_>) -> usize {
                self.landscape.get().read(py, $view::count)
            }

            fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<$view> {
                get_view::<$view>(self.landscape.bind(py), key)
            }

            fn __contains__(&self, py: Python<'_>, item: &Bound<'_, PyAny>) -> PyResult<bool> {
                contains::<$view>(self.landscape.bind(py), item)
            }

            fn __iter__(&self, py: Python<'_>) -> $iter {
                $iter { landscape: self.landscape.clone_ref(py), next: std::sync::atomic::AtomicU32::new(0) }
            }

            /// The view with this key (or id), or `default` when there is none.
            #[pyo3(signature = (key, default = None))]
            fn get<'py>(
                &self,
                py: Python<'py>,
                key: &Bound<'py, PyAny>,
                default: Option<Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                match get_view::<$view>(self.landscape.bind(py), key) {
                    Ok(view) => Ok(Bound::new(py, view)?.into_any()),
                    Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(py) => {
                        Ok(default.unwrap_or_else(|| py.None().into_bound(py)))
                    }
                    Err(e) => Err(e),
                }
            }

            /// Every key, in order of creation (for domains and communities, a key's position is
            /// its id).
            fn keys(&self, py: Python<'_>) -> Vec<String> {
                keys::<$view>(self.landscape.bind(py))
            }

            fn __repr__(&self, py: Python<'_>) -> String {
                format!("<cop.{} of {}>", $name, self.__len__(py))
            }
        }

        /// An iterator over the views of a collection, in order of creation.
        #[pyclass(frozen, module = "cop", name = $iter_name)]
        pub(crate) struct $iter {
            landscape: Py<Landscape>,
            next: std::sync::atomic::AtomicU32,
        }

        #[pymethods]
        impl $iter {
            fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
                slf
            }

            fn __next__(&self, py: Python<'_>) -> Option<$view> {
                use std::sync::atomic::Ordering::Relaxed;
                loop {
                    let id =
                        self.next.fetch_update(Relaxed, Relaxed, |n| (n != u32::MAX).then(|| n + 1)).ok()?;
                    let (view, listed) =
                        self.landscape.get().read(py, |ls| ($view::view(ls, id), $view::listed(ls, id)));
                    match view {
                        // Exhausted for good, even if the landscape grows later.
                        None => {
                            self.next.store(u32::MAX, Relaxed);
                            return None;
                        }
                        Some(view) if listed => return Some(view),
                        Some(_) => {}
                    }
                }
            }
        }
    };
}

collection!(
    Members,
    MemberIterator,
    Member,
    "Members",
    "MemberIterator",
    "The members of a landscape: `len`, `in`, `[key or id]`, `get`, `keys` and iteration over `Member` views. `len`, `keys` and iteration list the members analyses see (one per person after merges, bots left out by default); `[key]` also finds a member by any identity key it has, and members left out; `[id]` is the identity with that id."
);
collection!(
    Domains,
    DomainIterator,
    Domain,
    "Domains",
    "DomainIterator",
    "The domains of a landscape: `len`, `in`, `[path or id]`, `get`, `keys` and iteration over `Domain` views."
);
collection!(
    Communities,
    CommunityIterator,
    Community,
    "Communities",
    "CommunityIterator",
    "The communities of a landscape: `len`, `in`, `[key or id]`, `get`, `keys` and iteration over `Community` views."
);
