//! `cop rollup`: what spans a landscape's communities, computed in one place or merged from the
//! parts that several machines computed apart. The documents (`cop-rollup/1`,
//! `cop-rollup-parts/1`) are the core's [`Rollup`] and [`CommunityPart`]s as they are, plus `cli`
//! (cop-cli/SCHEMA.md).

use std::path::{Path, PathBuf};

use cop_core::health::maturity::Stage;
use cop_core::rollup::{self, CommunityPart, Rollup};
use serde::{Deserialize, Serialize};

use crate::cli::HealthArgs;
use crate::error::{CliError, Result};
use crate::input::{Loaded, Source};
use crate::progress::Progress;
use crate::report::{CliInfo, Generator, Resolved, RunOptions};

/// The schema of `cop rollup --format json`.
pub const ROLLUP_SCHEMA: &str = "cop-rollup/1";
/// The schema of `cop rollup --parts`.
pub const PARTS_SCHEMA: &str = "cop-rollup-parts/1";

/// `cop rollup --parts` (schema `cop-rollup-parts/1`): each community's part, plus `cli`.
#[derive(Debug, Serialize)]
pub struct PartsDoc {
    /// `cop-rollup-parts/1`.
    pub schema: &'static str,
    /// The core's parts, one per community with events, in the order the communities were read.
    pub parts: Vec<CommunityPart>,
    /// What the command adds.
    pub cli: CliInfo,
}

/// `cop rollup` (schema `cop-rollup/1`): the core's rollup, each community's summary, plus `cli`.
#[derive(Debug, Serialize)]
pub struct RollupDoc {
    /// `cop-rollup/1`.
    pub schema: &'static str,
    /// The core's rollup (its fields are written at the top level).
    #[serde(flatten)]
    pub rollup: Rollup,
    /// Each community merged, in key order: its part without the members.
    pub summary: Vec<CommunitySummary>,
    /// What the command adds.
    pub cli: RollupCli,
}

/// One community of a rollup, as its part tells it.
#[derive(Debug, Serialize)]
pub struct CommunitySummary {
    /// The community's key.
    pub community: String,
    /// Its events up to the date.
    pub events: u64,
    /// Its members with an event of their own.
    pub acting_members: usize,
    /// Its active members (its health report's).
    pub active_members: u64,
    /// Its settled stage.
    pub settled: Stage,
    /// The stage its indicators point to now.
    pub indicated: Stage,
    /// That stage's share of the votes.
    pub indicated_share: f64,
}

/// What `cop rollup` adds to the core's rollup.
#[derive(Debug, Serialize)]
pub struct RollupCli {
    /// The program that wrote the document.
    pub generator: Generator,
    /// The inputs, in the order they were read: event inputs, or the parts files of `--merge`
    /// (kind `parts`, with the events of their parts).
    pub inputs: Vec<Source>,
    /// How each community was analysed (`null` after `--merge`: the parts' own documents say).
    pub options: Option<RunOptions>,
    /// `--boundary-communities`.
    pub boundary_communities: u32,
}

/// Each community of the loaded landscape analysed on its own events: `cop rollup --parts`.
pub fn parts(
    loaded: &Loaded,
    resolved: &Resolved,
    health: &HealthArgs,
    progress: Progress,
) -> Result<PartsDoc> {
    let options = resolved.report_options(health, false, false);
    let communities = loaded.landscape.communities_with_events().len();
    let bar = progress.step(format!("analysing {communities} communities, each on its own events"));
    let parts =
        rollup::community_parts(&loaded.landscape, resolved.as_of, &resolved.options, &options.maturity)?;
    bar.finish_and_clear();
    Ok(PartsDoc { schema: PARTS_SCHEMA, parts, cli: CliInfo::new(loaded, resolved, &options) })
}

/// The loaded landscape rolled up: `cop rollup`.
pub fn of_events(
    loaded: &Loaded,
    resolved: &Resolved,
    health: &HealthArgs,
    boundary_communities: u32,
    progress: Progress,
) -> Result<RollupDoc> {
    let doc = parts(loaded, resolved, health, progress)?;
    let cli = RollupCli {
        generator: Generator::this(),
        inputs: doc.cli.inputs,
        options: Some(doc.cli.options),
        boundary_communities,
    };
    merged(&doc.parts, cli)
}

/// The parts of the files `paths` merged: `cop rollup --merge`.
pub fn of_parts(paths: &[PathBuf], boundary_communities: u32) -> Result<RollupDoc> {
    let mut parts = Vec::new();
    let mut inputs = Vec::new();
    let mut options: Option<(&Path, serde_json::Value)> = None;
    for path in paths {
        let file = read_parts(path)?;
        if let Some(these) = file.options {
            match &options {
                Some((first, those)) if *those != these => {
                    return Err(CliError::input(format!(
                        "{} and {} were analysed with different options ({}): analyse every \
                         community with the same options",
                        first.display(),
                        path.display(),
                        differences(those, &these)
                    )));
                }
                Some(_) => {}
                None => options = Some((path, these)),
            }
        }
        let events = file.parts.iter().map(|p| p.events as usize).sum();
        inputs.push(Source { kind: "parts", name: path.display().to_string(), events });
        parts.extend(file.parts);
    }
    let cli = RollupCli { generator: Generator::this(), inputs, options: None, boundary_communities };
    merged(&parts, cli).map_err(|e| CliError::input(format!("cannot merge the parts: {e}")))
}

/// The rollup of `parts` with its summary.
fn merged(parts: &[CommunityPart], cli: RollupCli) -> Result<RollupDoc> {
    let rollup = rollup::rollup(parts, cli.boundary_communities as usize)?;
    let mut summary: Vec<CommunitySummary> = parts
        .iter()
        .map(|p| CommunitySummary {
            community: p.community.clone(),
            events: p.events,
            acting_members: p.members.len(),
            active_members: p.active_members,
            settled: p.settled,
            indicated: p.indicated,
            indicated_share: p.indicated_share,
        })
        .collect();
    summary.sort_by(|a, b| a.community.cmp(&b.community));
    Ok(RollupDoc { schema: ROLLUP_SCHEMA, rollup, summary, cli })
}

/// What a parts file holds.
struct PartsFile {
    parts: Vec<CommunityPart>,
    /// `cli.options` of a `cop-rollup-parts/1` document (not in a bare array).
    options: Option<serde_json::Value>,
}

/// A `cop-rollup-parts/1` document as read back.
#[derive(Deserialize)]
struct PartsDocIn {
    #[serde(default)]
    schema: String,
    #[serde(default)]
    parts: Option<Vec<CommunityPart>>,
    #[serde(default)]
    cli: Option<CliIn>,
}

#[derive(Deserialize)]
struct CliIn {
    options: Option<serde_json::Value>,
}

/// Reads a parts file: a `cop-rollup-parts/1` document, or a JSON array of parts (what
/// `cop_participation_community_parts_json()` gives).
fn read_parts(path: &Path) -> Result<PartsFile> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::input(format!("{name}: no such file")),
        _ => CliError::input(format!("cannot read {name}: {e}")),
    })?;
    let bad = |e: serde_json::Error| {
        CliError::input(format!("{name}: not the parts of a rollup (`cop rollup --parts` writes them): {e}"))
    };
    if text.trim_start().starts_with('[') {
        let parts = serde_json::from_str(&text).map_err(bad)?;
        return Ok(PartsFile { parts, options: None });
    }
    let doc: PartsDocIn = serde_json::from_str(&text).map_err(bad)?;
    match doc.parts {
        Some(parts) if doc.schema == PARTS_SCHEMA => {
            Ok(PartsFile { parts, options: doc.cli.and_then(|c| c.options) })
        }
        _ => Err(CliError::input(format!(
            "{name}: not a `{PARTS_SCHEMA}` document{} (`cop rollup --parts` writes the parts)",
            if doc.schema.is_empty() { String::new() } else { format!(" but `{}`", doc.schema) }
        ))),
    }
}

/// The options that differ between two `cli.options` objects, as `name a vs b`.
fn differences(a: &serde_json::Value, b: &serde_json::Value) -> String {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return "options".to_owned();
    };
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    let null = serde_json::Value::Null;
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| format!("{n} {} vs {}", a.get(n).unwrap_or(&null), b.get(n).unwrap_or(&null)))
        .collect::<Vec<_>>()
        .join(", ")
}
