//! People: `cop.Identity`, `cop.IdentitiesReport` and the conversions of the `Landscape`
//! methods about identities, merges, bots and staff, the scope and forgetting (the core's
//! `people` module). Members are named by key: any identity key of the member.

use cop_core::ingest::history::GitReport;
use cop_core::ingest::identities::IdentitiesReport;
use cop_core::model::people::{IdentityOf, MergeRule, PeopleCounts};
use cop_core::{CopError, Entity, MemberId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::invalid;

/// The identity with this key (merged into another member or not).
pub(crate) fn identity(landscape: &cop_core::Landscape, key: &str) -> Result<MemberId, CopError> {
    landscape
        .identity_id(key)
        .ok_or_else(|| CopError::UnknownKey { entity: Entity::Member, key: key.to_owned() })
}

/// The merge rule of a name (`email`, `mailmap`, `noreply`, `noreply_name`, `login`, `file`,
/// `api`).
pub(crate) fn rule_of(name: &str) -> PyResult<MergeRule> {
    MergeRule::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = MergeRule::ALL.iter().map(|r| r.name()).collect();
        invalid("rule", format!("`{name}` is not a merge rule ({})", names.join(", ")))
    })
}

/// One identity of a member: its key, what is known of it, and the merge that joined it to the
/// member (`Landscape.identities`).
#[pyclass(frozen, module = "cop", name = "Identity")]
pub(crate) struct Identity {
    /// The identity's key, as events name it.
    #[pyo3(get)]
    key: String,
    /// The platform or source it comes from (`git`, `github`, …; empty when unknown).
    #[pyo3(get)]
    source: String,
    /// The person's name there (empty when unknown).
    #[pyo3(get)]
    name: String,
    /// The person's e-mail address there (empty when unknown).
    #[pyo3(get)]
    email: String,
    /// The person's login there (empty when unknown).
    #[pyo3(get)]
    login: String,
    /// The key of the identity it was merged into; None for the identity that names the member.
    #[pyo3(get)]
    merged_into: Option<String>,
    /// Why it was merged (a merge rule: `email`, `mailmap`, `noreply`, `noreply_name`, `login`,
    /// `file`, `api`); None for the identity that names the member.
    #[pyo3(get)]
    rule: Option<&'static str>,
}

impl Identity {
    /// The view of one identity of the core's list.
    pub(crate) fn of(landscape: &cop_core::Landscape, identity: IdentityOf) -> Identity {
        let merged = identity.merged;
        Identity {
            key: identity.key,
            source: identity.identity.source,
            name: identity.identity.name,
            email: identity.identity.email,
            login: identity.identity.login,
            merged_into: merged.and_then(|m| landscape.member_key(m.into)).map(str::to_owned),
            rule: merged.map(|m| m.rule.name()),
        }
    }
}

#[pymethods]
impl Identity {
    fn __repr__(&self) -> String {
        match (&self.merged_into, self.rule) {
            (Some(into), Some(rule)) => {
                format!("Identity(key={:?}, merged_into={into:?}, rule={rule:?})", self.key)
            }
            _ => format!("Identity(key={:?})", self.key),
        }
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Identity>().is_ok_and(|o| {
            let o = o.get();
            (&o.key, &o.source, &o.name, &o.email, &o.login, &o.merged_into, o.rule)
                == (
                    &self.key,
                    &self.source,
                    &self.name,
                    &self.email,
                    &self.login,
                    &self.merged_into,
                    self.rule,
                )
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.key.hash(&mut hasher);
        hasher.finish()
    }
}

/// What an identities file changed (`Landscape.import_identities`).
#[pyclass(frozen, module = "cop", name = "IdentitiesReport")]
pub(crate) struct PyIdentitiesReport {
    /// Lines read (the header excluded).
    #[pyo3(get)]
    lines: usize,
    /// Identities merged into another member.
    #[pyo3(get)]
    merged: usize,
    /// Identities split off into a member of their own.
    #[pyo3(get)]
    split: usize,
}

impl From<IdentitiesReport> for PyIdentitiesReport {
    fn from(report: IdentitiesReport) -> Self {
        PyIdentitiesReport { lines: report.lines, merged: report.merged, split: report.split }
    }
}

#[pymethods]
impl PyIdentitiesReport {
    fn __repr__(&self) -> String {
        format!("IdentitiesReport(lines={}, merged={}, split={})", self.lines, self.merged, self.split)
    }
}

/// The people counts as a dict (`Landscape.people`), merges as `{rule: identities}`.
pub(crate) fn counts_dict<'py>(py: Python<'py>, counts: &PeopleCounts) -> PyResult<Bound<'py, PyDict>> {
    let merges = merges_dict(py, &counts.merges)?;
    let dict = PyDict::new(py);
    dict.set_item("identities", counts.identities)?;
    dict.set_item("members", counts.members)?;
    dict.set_item("merges", merges)?;
    dict.set_item("bots", counts.bots)?;
    dict.set_item("staff", counts.staff)?;
    dict.set_item("left_out", counts.left_out)?;
    dict.set_item("events_left_out", counts.events_left_out)?;
    Ok(dict)
}

/// Merges per rule as a dict `{rule: n}`, as `Landscape.people` gives them.
fn merges_dict<'py>(py: Python<'py>, merges: &[(MergeRule, usize)]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for &(rule, n) in merges {
        dict.set_item(rule.name(), n)?;
    }
    Ok(dict)
}

/// What recording a git history did, as a dict (`Landscape.import_git`), merges as
/// `{rule: n}`.
pub(crate) fn git_report_dict<'py>(py: Python<'py>, report: &GitReport) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("commits", report.commits)?;
    dict.set_item("events", report.events)?;
    dict.set_item("identities", report.identities)?;
    dict.set_item("members", report.members)?;
    dict.set_item("merges", merges_dict(py, &report.merges)?)?;
    dict.set_item("bots", PyList::new(py, &report.bots)?)?;
    Ok(dict)
}
