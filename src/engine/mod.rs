//! The simulation: a validated scenario in, daily metrics out. The engine
//! does no IO and cannot fail. `stream` is the one way a scenario runs (day
//! by day, to a sink that may stop it); `run` collects the stream into a
//! result; `cache` keeps graphs and trajectories between runs.

pub mod arm;
pub mod cache;
pub mod day;
pub mod resources;
pub mod result;
pub mod run;
pub mod stream;
pub mod watch;

pub use cache::{Cache, CacheStats};
pub use result::RunResult;
pub use run::{run, run_cached, run_timed, run_watched, Timings, Watched};
pub use stream::{stream, stream_watched, warm, DayBatch, Streamed};
