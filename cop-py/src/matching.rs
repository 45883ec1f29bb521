//! Matching: mentor suggestions, experts, learning partners and community recommendations.
//!
//! The logic is the core's (`cop_core::matching`); this module converts. Options are dicts (or
//! JSON text) in the core's serde form, results the core's JSON (`json.loads`), exactly what the
//! CLI and the C ABI give. Every computation runs with the interpreter released.

use cop_core::matching::{ExpertOptions, MatchingOptions, Mode, PeerOptions};
use cop_core::participation::analysis::Participation as CoreParticipation;
use cop_core::{CopError, Entity};
use pyo3::prelude::*;

use crate::convert::{invalid_value, options_of, resolve_as_of, to_json};
use crate::errors::to_py;

/// A matching mode by name (`optimal`, `greedy` or `stable`).
pub(crate) fn mode_of(name: &str) -> PyResult<Mode> {
    match name {
        "optimal" => Ok(Mode::Optimal),
        "greedy" => Ok(Mode::Greedy),
        "stable" => Ok(Mode::Stable),
        _ => Err(to_py(invalid_value(
            "mode",
            format!("`{name}` is not a matching mode (optimal, greedy, stable)"),
        ))),
    }
}

/// Mentor matching options: `options` (the core's `MatchingOptions`), then `mode` when given.
pub(crate) fn matching_options(
    mode: Option<&str>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<MatchingOptions> {
    let mut options = options_of(options, MatchingOptions::from_json)?;
    if let Some(mode) = mode {
        options.mode = mode_of(mode)?;
    }
    options.check().map_err(to_py)?;
    Ok(options)
}

/// Expert search options.
pub(crate) fn expert_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<ExpertOptions> {
    options_of(options, ExpertOptions::from_json)
}

/// Peer matching options.
pub(crate) fn peer_options(options: Option<&Bound<'_, PyAny>>) -> PyResult<PeerOptions> {
    options_of(options, PeerOptions::from_json)
}

/// The analysis of `landscape` by `participation` (refused when it was computed on another
/// landscape), with `as_of` checked against its date when given.
fn analysis<'a>(
    landscape: &'a cop_core::Landscape,
    participation: &'a CoreParticipation,
    as_of: Option<i64>,
) -> Result<cop_core::Analysis<'a>, CopError> {
    let analysis = cop_core::Analysis::of(landscape, participation)?;
    as_of.map_or(Ok(()), |seconds| analysis.check_as_of(seconds))?;
    Ok(analysis)
}

/// Mentor suggestions as JSON (run detached).
pub(crate) fn mentors_json(
    landscape: &cop_core::Landscape,
    participation: &CoreParticipation,
    as_of: Option<i64>,
    options: &MatchingOptions,
) -> Result<String, CopError> {
    to_json(&analysis(landscape, participation, as_of)?.mentors(options)?)
}

/// Learning partners as JSON (run detached).
pub(crate) fn peers_json(
    landscape: &cop_core::Landscape,
    participation: &CoreParticipation,
    as_of: Option<i64>,
    options: &PeerOptions,
) -> Result<String, CopError> {
    to_json(&analysis(landscape, participation, as_of)?.peers(options)?)
}

/// The experts of a domain (by key) as JSON (run detached).
pub(crate) fn experts_json(
    landscape: &cop_core::Landscape,
    domain: &str,
    as_of: Option<i64>,
    k: usize,
    options: &ExpertOptions,
) -> Result<String, CopError> {
    let id = landscape
        .domain_id(domain)
        .ok_or_else(|| CopError::UnknownKey { entity: Entity::Domain, key: domain.to_owned() })?;
    let as_of = resolve_as_of(landscape, as_of)?;
    let analysis = cop_core::Analysis::of_the_date(landscape, cop_core::AsOf::at(as_of)?)?;
    to_json(&analysis.experts(id, k, options)?)
}

/// The communities that fit a member (by key) as JSON (run detached).
pub(crate) fn communities_json(
    landscape: &cop_core::Landscape,
    member: &str,
    as_of: Option<i64>,
    k: usize,
) -> Result<String, CopError> {
    let id = landscape
        .member_id(member)
        .ok_or_else(|| CopError::UnknownKey { entity: Entity::Member, key: member.to_owned() })?;
    let as_of = resolve_as_of(landscape, as_of)?;
    let analysis = cop_core::Analysis::of_the_date(landscape, cop_core::AsOf::at(as_of)?)?;
    to_json(&analysis.communities_for(id, k, &cop_core::matching::CommunityOptions::default())?)
}
