//! Value stories: what the community was worth to someone, as data.
//!
//! Wenger, Trayner & de Laat (2011) tell the value a community creates in cycles: *immediate*
//! (an activity was useful in itself), *potential* (knowledge capital that may be used later),
//! *applied* (a change in practice), *realised* (a change in performance that matters), and
//! *reframing* (a change in what counts as success). A [`ValueStory`] links members, artifacts or
//! events to a cycle, with a date and a short text. Stories are part of the landscape (and of its
//! snapshots); [`summary`] counts them per cycle and per period.

use serde::{Deserialize, Serialize};

use crate::model::ids::{ArtifactId, EventId, MemberId};
use crate::model::time::{Period, format_seconds};

/// The value-creation cycles of Wenger, Trayner & de Laat (2011).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueCycle {
    /// Activities and interactions useful in themselves.
    Immediate,
    /// Knowledge capital that may be used later.
    Potential,
    /// A change in practice.
    Applied,
    /// A change in performance that matters.
    Realised,
    /// A change in what counts as success.
    Reframing,
}

impl ValueCycle {
    /// Every cycle, in order.
    pub const ALL: [ValueCycle; 5] = [
        ValueCycle::Immediate,
        ValueCycle::Potential,
        ValueCycle::Applied,
        ValueCycle::Realised,
        ValueCycle::Reframing,
    ];

    /// The cycle's name.
    pub fn name(self) -> &'static str {
        match self {
            ValueCycle::Immediate => "immediate",
            ValueCycle::Potential => "potential",
            ValueCycle::Applied => "applied",
            ValueCycle::Realised => "realised",
            ValueCycle::Reframing => "reframing",
        }
    }
}

/// A value story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueStory {
    /// The cycle it tells of.
    pub cycle: ValueCycle,
    /// When (seconds since the epoch).
    pub date: i64,
    /// The story, in a few words.
    pub text: String,
    /// The members involved.
    #[serde(default)]
    pub members: Vec<MemberId>,
    /// The artifacts involved.
    #[serde(default)]
    pub artifacts: Vec<ArtifactId>,
    /// The events involved.
    #[serde(default)]
    pub events: Vec<EventId>,
}

/// Stories per cycle in one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodValue {
    /// The start of the period (RFC 3339).
    pub period: String,
    /// Stories per cycle, in the order of [`ValueCycle::ALL`].
    pub per_cycle: [usize; 5],
}

/// Value stories counted per cycle and per period.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ValueSummary {
    /// Stories per cycle up to `as_of`, in the order of [`ValueCycle::ALL`].
    pub per_cycle: [usize; 5],
    /// Stories per cycle in each period that has any.
    pub per_period: Vec<PeriodValue>,
}

/// Counts the stories dated up to `as_of` per cycle and per period (pass
/// [`Landscape::value_stories`](crate::Landscape::value_stories)).
pub fn summary(stories: &[ValueStory], as_of: i64, period: Period) -> ValueSummary {
    let mut per_cycle = [0; 5];
    let mut periods: std::collections::BTreeMap<i64, [usize; 5]> = Default::default();
    for story in stories.iter().filter(|s| s.date <= as_of) {
        let c = story.cycle as usize;
        per_cycle[c] += 1;
        periods.entry(period.index(story.date)).or_default()[c] += 1;
    }
    ValueSummary {
        per_cycle,
        per_period: periods
            .into_iter()
            .map(|(p, per_cycle)| PeriodValue { period: format_seconds(period.start(p)), per_cycle })
            .collect(),
    }
}
