//! Level policies given as data: [`PolicySpec`] names a built-in policy — quantile,
//! share of total, a ladder — or a preset, and [`assess`] / [`reassess`] apply it.
//!
//! This is the one place that knows every policy; [`levels`](super::levels) defines what a
//! policy is and [`ladder`](super::ladder) is one of them.

use serde::{Deserialize, Serialize};

use crate::error::{CopError, Result};
use crate::model::ids::MemberId;
use crate::model::landscape::Landscape;
use crate::participation::ladder::Ladder;
use crate::participation::levels::{
    Assessment, Context, Cuts, Level, LevelPolicy, Levels, Measure, Quantile, ShareCuts, ShareOfTotal,
    assess_scores, assess_with,
};
use crate::participation::{ParticipationConfig, Score};

/// A policy given as data (JSON from C and Python): `{"policy": "quantile", …}`,
/// `{"policy": "share_of_total", …}`, `{"policy": "ladder", …}`, or a preset by name:
/// `{"policy": "preset", "name": "coronet" | "grimoirelab_onion" | "absence_factor" |
/// "discourse_trust_levels" | "orbit"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum PolicySpec {
    /// The quantile policy.
    Quantile(Quantile),
    /// A share-of-total policy.
    ShareOfTotal(ShareOfTotal),
    /// A ladder.
    Ladder(Ladder),
    /// A preset by name.
    Preset {
        /// The preset's name.
        name: String,
    },
}

impl Default for PolicySpec {
    fn default() -> Self {
        PolicySpec::Quantile(Quantile::default())
    }
}

impl PolicySpec {
    /// The presets' names.
    pub const PRESETS: [&'static str; 5] =
        ["coronet", "grimoirelab_onion", "absence_factor", "discourse_trust_levels", "orbit"];

    /// Resolves a preset to its policy.
    pub fn resolve(&self) -> Result<PolicySpec> {
        Ok(match self {
            PolicySpec::Preset { name } => match name.as_str() {
                "coronet" => PolicySpec::ShareOfTotal(ShareOfTotal::coronet()),
                "grimoirelab_onion" => PolicySpec::ShareOfTotal(ShareOfTotal::grimoirelab_onion()),
                "absence_factor" => PolicySpec::ShareOfTotal(ShareOfTotal::absence_factor(Measure::Events)),
                "discourse_trust_levels" => PolicySpec::Ladder(Ladder::discourse_trust_levels()),
                "orbit" => PolicySpec::Ladder(Ladder::orbit()),
                other => {
                    return Err(CopError::invalid(
                        "policy",
                        format!("unknown preset `{other}` (known: {})", Self::PRESETS.join(", ")),
                    ));
                }
            },
            other => other.clone(),
        })
    }

    /// Parses a policy from JSON.
    pub fn from_json(text: &str) -> Result<PolicySpec> {
        serde_json::from_str(text).map_err(|e| CopError::invalid("policy", e.to_string()))
    }

    /// The policy itself (presets resolved).
    pub fn policy(&self) -> Result<Box<dyn LevelPolicy>> {
        Ok(match self {
            PolicySpec::Quantile(q) => Box::new(*q),
            PolicySpec::ShareOfTotal(s) => Box::new(s.clone()),
            PolicySpec::Ladder(l) => Box::new(l.clone()),
            PolicySpec::Preset { .. } => return self.resolve()?.policy(),
        })
    }
}

/// Everyone's levels as of `as_of` (seconds) by a policy given as data.
pub fn assess(
    landscape: &Landscape,
    as_of: i64,
    config: &ParticipationConfig,
    spec: &PolicySpec,
) -> Result<Levels> {
    let spec = spec.resolve()?;
    let policy = spec.policy()?;
    assess_with(landscape, as_of, config, policy.as_ref()).map(|mut levels| {
        levels.cuts = cuts_of(&spec, &levels);
        levels
    })
}

/// [`assess`] by a resolved policy, given everyone's scores as of `as_of`.
pub(crate) fn assess_from_scores(
    landscape: &Landscape,
    as_of: i64,
    config: &ParticipationConfig,
    spec: &PolicySpec,
    scores: Vec<Score>,
) -> Result<Levels> {
    let policy = spec.policy()?;
    assess_scores(landscape, as_of, config, policy.as_ref(), scores).map(|mut levels| {
        levels.cuts = cuts_of(spec, &levels);
        levels
    })
}

/// Everyone's level and the cuts as of `as_of` by a resolved policy, given everyone's scores:
/// what a timeline keeps of a period. The quantile policy places each score without writing its
/// evidence; the others assess in full.
pub(crate) fn period_levels(
    landscape: &Landscape,
    as_of: i64,
    config: &ParticipationConfig,
    spec: &PolicySpec,
    scores: Vec<Score>,
) -> Result<(Option<Cuts>, Vec<Level>)> {
    match spec {
        PolicySpec::Quantile(q) => {
            q.levels_only(&scores).map(|(cuts, levels)| (Some(Cuts::Quantile(cuts)), levels))
        }
        _ => assess_from_scores(landscape, as_of, config, spec, scores).map(|l| (l.cuts.clone(), l.levels())),
    }
}

fn cuts_of(spec: &PolicySpec, levels: &Levels) -> Option<Cuts> {
    match spec {
        PolicySpec::Quantile(q) => {
            let scores: Vec<Score> = levels.assessments.iter().map(|a| a.evidence.score).collect();
            Some(Cuts::Quantile(q.cuts(&scores)))
        }
        PolicySpec::ShareOfTotal(s) => {
            let band_minimum = (0..s.bands.len())
                .map(|b| {
                    levels
                        .assessments
                        .iter()
                        .filter(|a| a.level == s.bands[b].level && a.evidence.measure.is_some())
                        .filter_map(|a| a.evidence.measure)
                        .fold(f64::INFINITY, f64::min)
                })
                .collect();
            Some(Cuts::Share(ShareCuts { band_minimum }))
        }
        _ => None,
    }
}

/// One member's level as of `previous.as_of` after new events, without assessing everyone:
/// the member's score is recomputed from their own events (O(k log k)) and compared with the
/// thresholds of `previous` (which stay those of the last full assessment).
pub fn reassess(
    landscape: &Landscape,
    member: MemberId,
    config: &ParticipationConfig,
    spec: &PolicySpec,
    previous: &Levels,
) -> Result<Assessment> {
    let spec = spec.resolve()?;
    let policy = spec.policy()?;
    let context = Context { landscape, as_of: previous.as_of, config };
    policy.reassess(&context, member, previous)
}
