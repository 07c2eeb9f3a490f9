//! The simulation: a validated scenario in, daily metrics out. The engine
//! does no IO and cannot fail.

pub mod arm;
pub mod day;
pub mod resources;
pub mod result;
pub mod run;
pub mod watch;

pub use result::RunResult;
pub use run::{run, run_timed, run_watched, Timings, Watched};
