//! # cop-core: communities of practice, computed
//!
//! `cop-core` models **communities of practice** — groups of people who share a concern for
//! something they do and learn to do it better by interacting regularly — and turns what their
//! members *do* into what a community builder needs to know.
//!
//! The root of the model is the [`Landscape`]: communities, members, domains and artifacts, the
//! append-only [event log](EventLog) of everything members did, and the
//! [relationship graph](RelationshipGraph) derived from it. Every analysis is computed *as of* a
//! date given by the caller; there is no hidden clock.
//!
//! ```
//! use cop_core::{ImportOptions, Landscape};
//!
//! // Events in the event file format: member, time, kind and optional domain, target, …
//! let csv = "member,time,kind,domain,target\n\
//!            ada,2024-03-01T09:00:00Z,ask,testing,\n\
//!            grace,2024-03-01T10:00:00Z,answer,testing,ada\n\
//!            linus,2024-03-02T08:00:00Z,review,testing/performance,grace\n";
//! let mut landscape = Landscape::new();
//! let report = landscape.import_csv(csv.as_bytes(), &ImportOptions::default())?;
//! assert_eq!(report.recorded, 3);
//!
//! let summary = landscape.summary(5);
//! assert_eq!(summary.counts.members, 3);
//! assert_eq!(summary.busiest_domains[0].name, "testing");
//! // `testing/performance` was created under `testing`.
//! let perf = landscape.domain_id("testing/performance").unwrap();
//! let testing = landscape.domain_id("testing").unwrap();
//! assert_eq!(landscape.taxonomy().distance(perf, testing), Some(1));
//! # Ok::<(), cop_core::CopError>(())
//! ```
//!
//! ## Layers, one folder each
//! - [`analysis`]: the one way in — an [`Analysis`] holds a landscape, a checked date ([`AsOf`])
//!   and the participation computed once, with a method for every analysis below;
//! - [`model`]: what a landscape is made of — [ids](model::ids), [times](model::time),
//!   [members](model::member) and the [people](model::people) behind them (merges, bots, staff,
//!   forgetting), [domains](model::domain), [communities](model::community),
//!   [artifacts](model::artifact), [events](model::event), the columnar [log](model::log), the
//!   [relationship graph](model::graph), [value stories](model::value) and the
//!   [landscape](model::landscape) that holds them;
//! - [`ingest`]: CSV and JSON Lines in and out, identities files, git histories read with
//!   gitoxide ([`ingest::history`], feature `git`, on by default), the places communities live —
//!   Stack Exchange, GitHub, Discourse, Slack, Discord, mailing lists — through one way in,
//!   [`ingest::platform`]; [snapshots](ingest::snapshot), [durable files](ingest::durable) and
//!   the [SQLite store](ingest::store);
//! - [`participation`]: scores, [levels](participation::levels) and
//!   [ladders](participation::ladder), the [timeline](participation::timeline),
//!   [trajectories](participation::trajectory), [agreement](participation::agreement) between
//!   policies, and the [analysis](participation::analysis) that computes them together;
//! - [`structure`]: cores, brokers and clusters of the relationship graph;
//! - [`health`]: a community's health and, in [`health::maturity`], its stage;
//! - [`matching`]: mentors, peers, experts and communities to join;
//! - [`report`]: everything above in one serialisable report;
//! - [`limits`]: what every entry point accepts (times, periods, domain depth, key length);
//!   [`error`]: the one error type.
//!
//! ## Configurations grow
//! Every configuration (options, configs, weights, the [scope](model::people::Scope), the
//! [decay](participation::Decay)) and every report type is `#[non_exhaustive]`: a new field is not
//! a breaking change. Start from `Default` and set the fields you need:
//!
//! ```
//! use cop_core::participation::analysis::Options;
//!
//! let mut options = Options::default();
//! options.participation.window_days = 90;
//! options.current_only = true;
//! assert_eq!(options.participation.window_days, 90);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod error;
pub mod health;
pub mod ingest;
pub mod limits;
pub mod matching;
pub mod model;
pub mod participation;
pub mod report;
pub mod rollup;
pub mod structure;

pub use analysis::{Analysis, AsOf};
pub use error::{CopError, Entity, ErrorKind, RecordError, Result};
pub use ingest::coded::{CodedEvents, KeyCodes, NO_KEY};
pub use ingest::snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
pub use ingest::store::{DurableLandscape, Store};
pub use ingest::{ImportOptions, ImportReport, OnError};
pub use model::artifact::Artifact;
pub use model::community::{Charter, Community, CommunityKind, Goal, Orientation, Space, Visibility};
pub use model::domain::{Domain, Taxonomy};
pub use model::edit::{ArtifactDetails, CommunityDetails, KeyedTie, MemberDetails, NodeKey};
pub use model::event::{Event, EventKind, KindTable};
pub use model::graph::{Node, Relation, RelationshipGraph, Tie};
pub use model::ids::{ArtifactId, CommunityId, DomainId, EventId, MemberId, ThreadId};
pub use model::landscape::{Counts, KeyedEvent, Landscape, Summary, Tally};
pub use model::log::EventLog;
pub use model::member::{Competence, Member, Membership, Role};
pub use model::time::Period;
pub use participation::levels::{Assessment, Level, Levels};
pub use participation::policy::PolicySpec;
pub use participation::timeline::Timeline;
pub use participation::trajectory::{Trajectory, TrajectoryConfig, TrajectoryKind};
pub use participation::{ParticipationConfig, Score};

/// The version of this library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
