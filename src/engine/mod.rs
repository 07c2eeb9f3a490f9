//! The simulation: a validated scenario in, daily metrics out. The engine
//! does no IO and cannot fail.

pub mod result;

pub use result::RunResult;
