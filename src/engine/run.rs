//! The batch run: every arm's days of every replicate, collected from the
//! stream (`stream.rs`) into one result. A thin user of the stream, so a
//! batch run and a streamed one give the same values.

use super::cache::Cache;
use super::result::RunResult;
pub use super::stream::{replicates_at_once, Watched};
use super::stream::{stream_watched, DayBatch};
use super::watch::Watch;
use crate::metrics::DayMetrics;
use crate::people::world::World;
use crate::population::edge_list::LoadedGraphs;
use crate::scenario::Scenario;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where a run's time went.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Building graphs, summed over replicates.
    pub graph: Duration,
    /// The whole run, wall clock.
    pub total: Duration,
}

/// Runs every replicate of every arm. `graphs` holds the scenario's edge
/// lists (`Scenario::load_edge_lists`); `progress` counts agent-days done.
pub fn run(s: &Scenario, graphs: &LoadedGraphs, progress: &AtomicU64) -> RunResult {
    run_cached(s, graphs, None, progress)
}

/// `run`, reusing graphs and arm trajectories kept in `cache` and keeping
/// what it computes there (the result is the same without it).
pub fn run_cached(
    s: &Scenario,
    graphs: &LoadedGraphs,
    cache: Option<&Cache>,
    progress: &AtomicU64,
) -> RunResult {
    type NoWatch = fn(&World) -> ((), Watch);
    collect(s, graphs, cache, progress, None::<NoWatch>).0
}

/// `run`, also saying where the time went.
pub fn run_timed(
    s: &Scenario,
    graphs: &LoadedGraphs,
    progress: &AtomicU64,
) -> (RunResult, Timings) {
    let (result, timings, _) = run_watched(s, graphs, progress, |_| ((), Watch::nobody()));
    (result, timings)
}

/// `run_timed`, also watching a few people of replicate 0: `watch` is
/// called once with replicate 0's world, before its arms start, and says
/// whom to watch and when (and returns anything else it wants kept, such
/// as what it built from the world's graphs).
pub fn run_watched<T: Send>(
    s: &Scenario,
    graphs: &LoadedGraphs,
    progress: &AtomicU64,
    watch: impl Fn(&World) -> (T, Watch) + Sync,
) -> (RunResult, Timings, Watched<T>) {
    let (result, timings, watched) = collect(s, graphs, None, progress, Some(watch));
    let watched = watched.expect("a run that is never stopped watches replicate 0");
    (result, timings, watched)
}

/// Every streamed day into `series[arm][replicate][day]`.
fn collect<T: Send>(
    s: &Scenario,
    graphs: &LoadedGraphs,
    cache: Option<&Cache>,
    progress: &AtomicU64,
    watch: Option<impl Fn(&World) -> (T, Watch) + Sync>,
) -> (RunResult, Timings, Option<Watched<T>>) {
    let started = Instant::now();
    let days = s.days as usize;
    let mut series: Vec<Vec<Vec<DayMetrics>>> = s
        .arms
        .iter()
        .map(|_| {
            (0..s.replicates)
                .map(|_| Vec::with_capacity(days))
                .collect()
        })
        .collect();
    let sink = |b: &DayBatch| {
        for (r, a, m) in b.iter() {
            series[a][r as usize].push(*m);
        }
        progress.fetch_add(b.agent_days(), Ordering::Relaxed);
        ControlFlow::Continue(())
    };
    let (streamed, watched) = stream_watched(s, graphs, cache, watch, sink);
    let result = RunResult {
        arms: s.arms.iter().map(|a| a.name.clone()).collect(),
        series,
    };
    let timings = Timings {
        graph: streamed.graph,
        total: started.elapsed(),
    };
    (result, timings, watched)
}
