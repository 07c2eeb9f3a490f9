//! `outreach`: a simulator of email blasting against relationship networking
//! on a social graph. The binary is a thin shell over this library.

pub mod class;
pub mod cli;
pub mod comparison;
pub mod engine;
pub mod metrics;
pub mod outcomes;
pub mod output;
pub mod people;
pub mod population;
pub mod rng;
pub mod scenario;
pub mod serve;
pub mod spread;
pub mod summary;
pub mod sweep;
pub mod tactics;
pub mod validate;
