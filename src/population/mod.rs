//! The people and who knows whom: graph storage and generators.

pub mod graph;
pub mod small_world;

pub use graph::Graph;
