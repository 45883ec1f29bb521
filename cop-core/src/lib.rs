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
//! ## Modules, one concept each
//! - [`landscape`]: the root, and recording events;
//! - [`ids`]: typed ids and interned keys; [`time`]: event times;
//! - [`domain`], [`community`], [`member`], [`artifact`], [`event`]: the domain model;
//! - [`log`]: the columnar event log; [`graph`]: the relationship graph;
//! - [`people`]: identities merged into members (each merge with its rule, undoable), bots and
//!   staff, the scope of analyses, and forgetting a member;
//! - [`import`]: CSV and JSON Lines in and out, identities files, git histories read with
//!   gitoxide ([`import::history`], feature `git`, on by default), and the places communities
//!   live — Stack Exchange, GitHub, Discourse, Slack, Discord, mailing lists — through one way
//!   in, [`import::platform`]; [`snapshot`]: the whole landscape as JSON;
//!   [`durable`]: files replaced whole or not at all; [`store`]: a landscape kept in an SQLite
//!   file, every batch durable when recorded;
//! - [`limits`]: what every entry point accepts (times, periods, domain depth, key length);
//! - [`error`]: the one error type.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agreement;
pub mod analysis;
pub mod artifact;
pub mod community;
pub mod domain;
pub mod durable;
pub mod error;
pub mod event;
pub mod graph;
pub mod health;
pub mod ids;
pub mod import;
pub mod ladder;
pub mod landscape;
pub mod levels;
pub mod limits;
pub mod log;
pub mod matching;
pub mod maturity;
pub mod member;
pub mod participation;
pub mod people;
pub mod report;
pub mod snapshot;
pub mod store;
pub mod structure;
pub mod time;
pub mod timeline;
pub mod trajectory;
pub mod value;

pub use artifact::Artifact;
pub use community::{Charter, Community, CommunityKind, Goal, Orientation, Space, Visibility};
pub use domain::{Domain, Taxonomy};
pub use error::{CopError, Entity, ErrorKind, RecordError, Result};
pub use event::{Event, EventKind, KindTable};
pub use graph::{Node, Relation, RelationshipGraph, Tie};
pub use ids::{ArtifactId, CommunityId, DomainId, EventId, MemberId, ThreadId};
pub use import::coded::{CodedEvents, KeyCodes, NO_KEY};
pub use import::{ImportOptions, ImportReport, OnError};
pub use landscape::{Counts, KeyedEvent, Landscape, Summary, Tally};
pub use levels::{Assessment, Level, Levels, PolicySpec};
pub use log::EventLog;
pub use member::{Competence, Member, Membership, Role};
pub use participation::{ParticipationConfig, Score};
pub use snapshot::{SNAPSHOT_FORMAT, SNAPSHOT_VERSION};
pub use store::{DurableLandscape, Store};
pub use time::Period;
pub use timeline::Timeline;
pub use trajectory::{Trajectory, TrajectoryConfig, TrajectoryKind};

/// The version of this library.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
