//! Artifacts: the community's shared repertoire.
//!
//! Documents, answers, tools, recordings — whatever the practice produces and reuses. An artifact
//! has a key, a kind (free text such as `doc` or `recording`), the domains it is about, its
//! authors and its creation date. Events can point at an artifact (someone read, reviewed or
//! shared it), which is how reuse and curation are measured.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::ids::{DomainId, MemberId};

/// An artifact of the shared repertoire. Its key is held by the landscape
/// ([`Landscape::artifact_key`](crate::Landscape::artifact_key)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    /// What sort of artifact it is (`doc`, `answer`, `tool`, `recording`, …); empty if unknown.
    pub kind: String,
    /// When it was created, if known.
    pub created: Option<DateTime<Utc>>,
    pub(crate) domains: Vec<DomainId>,
    pub(crate) authors: Vec<MemberId>,
}

impl Artifact {
    /// An artifact of this kind (`doc`, `recording`, …), with no date, domains or authors yet.
    pub fn of_kind(kind: impl Into<String>) -> Artifact {
        Artifact { kind: kind.into(), ..Artifact::default() }
    }

    /// The domains it is about.
    pub fn domains(&self) -> &[DomainId] {
        &self.domains
    }

    /// Its authors.
    pub fn authors(&self) -> &[MemberId] {
        &self.authors
    }
}
