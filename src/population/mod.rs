//! The people and who knows whom: graph storage and generators.
//!
//! Every generator is deterministic from (seed, replicate) and, except the
//! sequential preferential attachment, builds the compact graph through the
//! two-pass builder in `build.rs` without an intermediate list of pairs.

mod build;
pub mod communities;
pub mod edge_list;
pub mod graph;
pub mod random;
pub mod scale_free;
mod skip;
pub mod small_world;
pub mod social;
pub mod stats;

pub use graph::Graph;
