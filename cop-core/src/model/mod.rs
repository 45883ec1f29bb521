//! The model: what a landscape is made of.
//!
//! Typed [`ids`] and event [times](time); the entities — [members](member) (and the
//! [`people`] behind them), [domains](domain), [communities](community),
//! [artifacts](artifact) — and [events](event); the columnar [event log](log), the
//! [relationship graph](graph) derived from it, the [value stories](value) told about it, and
//! the [`landscape`] that holds them all, with its entities' [`edit`]s after they were added and
//! their views by key.

pub mod artifact;
pub mod community;
pub mod domain;
pub mod edit;
pub mod event;
pub mod graph;
pub mod ids;
pub mod landscape;
pub mod log;
pub mod member;
pub mod people;
pub mod time;
pub mod value;
