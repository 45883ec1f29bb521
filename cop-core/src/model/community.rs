//! Communities: members who share a domain and a practice, and meet to get better at it.
//!
//! A community has a kind (an open or membership community, an internal one inside an
//! organisation, a product community, a local group), an orientation on the practice / product /
//! play spectrum, its domains, the spaces where it meets (public or private), and an optional
//! charter — the kick-off canvas: purpose, audience and goals with a measurable target and a
//! deadline. Every landscape has a default community ([`CommunityId::DEFAULT`](crate::CommunityId::DEFAULT)),
//! so a user with one community never has to name it.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::CopError;
use crate::model::ids::DomainId;

/// What sort of community it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommunityKind {
    /// Open to anyone, or to anyone who joins (an open-source project, a public forum).
    #[default]
    Open,
    /// Inside one organisation (a company guild or chapter).
    Internal,
    /// Gathered around a product, often hosted by its maker.
    Product,
    /// A local group that meets in person (a meetup).
    Local,
}

/// Where a community sits on the practice / product / play spectrum.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Oriented to getting better at a shared practice.
    #[default]
    Practice,
    /// Oriented to a product and its users.
    Product,
    /// Oriented to play: a shared interest pursued for its own sake.
    Play,
}

/// Whether a space is open to the public.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone can see it.
    #[default]
    Public,
    /// Only members can see it.
    Private,
}

/// Names in snake case, as JSON writes them, and their parsing (ASCII case ignored): the one
/// place bindings turn a name into the value.
macro_rules! named {
    ($type:ident, $field:literal, $what:literal, [$($variant:ident => $name:literal),+ $(,)?]) => {
        impl $type {
            /// Every value, in order of declaration.
            pub const ALL: [$type; [$($name),+].len()] = [$($type::$variant),+];

            /// The name, as JSON writes it.
            pub fn name(self) -> &'static str {
                match self {
                    $($type::$variant => $name),+
                }
            }
        }

        impl FromStr for $type {
            type Err = CopError;

            /// The value of a name (ASCII case ignored); an unknown name is
            /// [`CopError::InvalidValue`] naming the field and the known names.
            fn from_str(text: &str) -> crate::Result<$type> {
                $type::ALL.into_iter().find(|v| v.name().eq_ignore_ascii_case(text)).ok_or_else(|| {
                    let known: Vec<&str> = $type::ALL.iter().map(|v| v.name()).collect();
                    CopError::invalid($field, format!(concat!("`{}` is not ", $what, " ({})"), crate::limits::echo(text), known.join(", ")))
                })
            }
        }
    };
}

named!(CommunityKind, "kind", "a community kind", [
    Open => "open", Internal => "internal", Product => "product", Local => "local",
]);
named!(Orientation, "orientation", "an orientation", [
    Practice => "practice", Product => "product", Play => "play",
]);
named!(Visibility, "visibility", "a visibility", [Public => "public", Private => "private"]);

/// A place where the community meets or works (a channel, a forum, a repository, a room).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    /// Its name.
    pub name: String,
    /// Public or private.
    pub visibility: Visibility,
}

/// A measurable goal of a charter: a metric, the target value and the date to reach it by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// The name of the metric (as the health report names it, e.g. `active_members`).
    pub metric: String,
    /// The value to reach.
    pub target: f64,
    /// When it should be reached.
    pub deadline: DateTime<Utc>,
}

/// A community's charter: why it exists, for whom, and what it wants to reach.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Charter {
    /// Why the community exists.
    pub purpose: String,
    /// Who it is for.
    pub audience: String,
    /// Measurable goals.
    pub goals: Vec<Goal>,
}

/// A community of the landscape. Its key is held by the landscape
/// ([`Landscape::community_key`](crate::Landscape::community_key)).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Community {
    /// A display name (the key when none was given).
    pub name: String,
    /// What sort of community it is.
    pub kind: CommunityKind,
    /// Its orientation on the practice / product / play spectrum.
    pub orientation: Orientation,
    /// Where it meets.
    pub spaces: Vec<Space>,
    /// Its charter, if one was written.
    pub charter: Option<Charter>,
    /// When it was created, if known.
    pub created: Option<DateTime<Utc>>,
    pub(crate) domains: Vec<DomainId>,
}

impl Community {
    /// A community with this display name and everything else at its default.
    pub fn named(name: impl Into<String>) -> Self {
        Community { name: name.into(), ..Community::default() }
    }

    /// The domains of the community (added with
    /// [`Landscape::add_community_domain`](crate::Landscape::add_community_domain)).
    pub fn domains(&self) -> &[DomainId] {
        &self.domains
    }
}
