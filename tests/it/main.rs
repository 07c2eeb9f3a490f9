//! The integration tests, as one test binary: each module below was its own
//! binary, and each binary linked the whole crate again. One binary links it
//! once, which is most of a fresh clone's `cargo test` time.

mod behaviours;
mod class;
mod class_web;
mod cli;
mod compare;
mod determinism;
mod docs;
mod fuzz;
mod invariants;
mod layers;
mod lesson;
mod networks;
mod reliability;
mod serve;
mod story;
mod stream;
mod support;
mod sweep;
mod validate;
