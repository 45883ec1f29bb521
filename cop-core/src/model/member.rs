//! Members: the people of the landscape.
//!
//! A member has a stable external key, a join date (given, or the date of their first event),
//! competence per domain on the Dreyfus scale from novice to expert, interests, a mentoring
//! capacity (how many mentees they can take), availability, an optional affiliation (an employer,
//! used by concentration metrics) and memberships of communities with a role. Memberships that
//! events imply (acting in a community) need not be declared: the relationship graph holds them.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::CopError;

use crate::model::ids::{CommunityId, DomainId};
use crate::model::people::{Identity, Merged};

/// Competence in a domain, on the five stages of the Dreyfus model of skill acquisition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Competence {
    /// Follows rules; needs guidance.
    Novice = 1,
    /// Recognises situations from experience; still needs support.
    AdvancedBeginner = 2,
    /// Plans deliberately and copes with the routine alone.
    Competent = 3,
    /// Sees the whole and what matters; can guide others.
    Proficient = 4,
    /// Acts from deep tacit understanding; the community's reference.
    Expert = 5,
}

impl Competence {
    /// Every level, from novice to expert.
    pub const ALL: [Competence; 5] = [
        Competence::Novice,
        Competence::AdvancedBeginner,
        Competence::Competent,
        Competence::Proficient,
        Competence::Expert,
    ];

    /// The level as a number from 1 (novice) to 5 (expert).
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// The level of a number from 1 to 5.
    pub fn from_rank(rank: u8) -> Option<Competence> {
        Competence::ALL.get(usize::from(rank).checked_sub(1)?).copied()
    }

    /// The level's name in snake case (`advanced_beginner`).
    pub fn name(self) -> &'static str {
        match self {
            Competence::Novice => "novice",
            Competence::AdvancedBeginner => "advanced_beginner",
            Competence::Competent => "competent",
            Competence::Proficient => "proficient",
            Competence::Expert => "expert",
        }
    }
}

impl FromStr for Competence {
    type Err = CopError;

    /// The level of a name (`"advanced_beginner"`; ASCII case ignored, a space for an
    /// underscore: `"Advanced beginner"`); another text is [`CopError::InvalidValue`] naming the
    /// levels.
    fn from_str(text: &str) -> crate::Result<Competence> {
        let name = text.replace(' ', "_");
        Competence::ALL.into_iter().find(|c| c.name().eq_ignore_ascii_case(&name)).ok_or_else(|| {
            let known: Vec<&str> = Competence::ALL.iter().map(|c| c.name()).collect();
            CopError::invalid(
                "level",
                format!("`{}` is not a competence level ({})", crate::limits::echo(text), known.join(", ")),
            )
        })
    }
}

/// The role a member holds in a community.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An ordinary member.
    #[default]
    Member,
    /// A coordinator or organiser: keeps the community going, runs its events.
    Coordinator,
    /// A sponsor: supports the community from outside its practice (e.g. a manager).
    Sponsor,
}

/// A declared membership of a community.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The community.
    pub community: CommunityId,
    /// The role held in it.
    pub role: Role,
    /// Since when, if known.
    pub since: Option<DateTime<Utc>>,
}

/// A member of the landscape. Its key is held by the landscape
/// ([`Landscape::member_key`](crate::Landscape::member_key)).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// The declared join date; when `None`, the date of the first event counts
    /// ([`Landscape::joined`](crate::Landscape::joined)).
    pub joined: Option<DateTime<Utc>>,
    /// How many mentees the member can take at once (0: not mentoring).
    pub mentoring_capacity: u32,
    /// Hours per week the member can give, if known.
    pub availability: Option<f32>,
    /// An employer or organisation, if known.
    pub affiliation: Option<String>,
    pub(crate) competence: Vec<(DomainId, Competence)>,
    pub(crate) interests: Vec<DomainId>,
    pub(crate) memberships: Vec<Membership>,
    /// An automated account ([`Landscape::set_bot`](crate::Landscape::set_bot)).
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) bot: bool,
    /// One of the community's paid team ([`Landscape::set_staff`](crate::Landscape::set_staff)).
    #[serde(default, skip_serializing_if = "is_false")]
    pub(crate) staff: bool,
    /// What is known of this identity besides its key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) identity: Option<Identity>,
    /// The member this identity was merged into, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) merged: Option<Merged>,
}

fn is_false(flag: &bool) -> bool {
    !flag
}

impl Member {
    /// Competence per domain, in the order it was set.
    pub fn competence(&self) -> &[(DomainId, Competence)] {
        &self.competence
    }

    /// The competence in one domain, if declared.
    pub fn competence_in(&self, domain: DomainId) -> Option<Competence> {
        self.competence.iter().find(|(d, _)| *d == domain).map(|&(_, c)| c)
    }

    /// Domains the member is interested in.
    pub fn interests(&self) -> &[DomainId] {
        &self.interests
    }

    /// Declared memberships.
    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// Whether this identity is flagged as a bot (an automated account).
    pub fn is_bot(&self) -> bool {
        self.bot
    }

    /// Whether this identity is flagged as staff (one of the community's paid team).
    pub fn is_staff(&self) -> bool {
        self.staff
    }

    /// What is known of this identity besides its key (source, name, e-mail, login).
    pub fn identity(&self) -> Option<&Identity> {
        self.identity.as_ref()
    }

    /// The member this identity was merged into, and why; `None` for a member of its own.
    pub fn merged(&self) -> Option<Merged> {
        self.merged
    }

    /// This member, flagged as a bot (for [`Landscape::add_member`](crate::Landscape::add_member)).
    pub fn as_bot(self) -> Member {
        Member { bot: true, ..self }
    }

    /// This member, flagged as staff (for [`Landscape::add_member`](crate::Landscape::add_member)).
    pub fn as_staff(self) -> Member {
        Member { staff: true, ..self }
    }

    /// This member, with what is known of its identity.
    pub fn with_identity(self, identity: Identity) -> Member {
        Member { identity: Some(identity), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competence_ranks_round_trip_and_order() {
        for level in Competence::ALL {
            assert_eq!(Competence::from_rank(level.rank()), Some(level));
        }
        assert_eq!(Competence::from_rank(0), None);
        assert_eq!(Competence::from_rank(6), None);
        assert!(Competence::Novice < Competence::Expert);
        assert_eq!(Competence::AdvancedBeginner.name(), "advanced_beginner");
    }
}
