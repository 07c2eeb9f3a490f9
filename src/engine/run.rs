//! Replicates and arms in parallel. A replicate's arms share its world; each
//! arm runs on its own copy of person state. Large populations run one
//! replicate at a time (their days are already parallel across chunks), so
//! memory stays bounded; small ones run a batch of replicates at once.
//! A watch on replicate 0 follows a few people for the report's picture.

use super::arm::simulate_watched;
use super::result::RunResult;
use super::watch::{Sightings, Watch};
use crate::metrics::DayMetrics;
use crate::people::state::chunk_count;
use crate::people::world::World;
use crate::population::edge_list::LoadedGraphs;
use crate::scenario::Scenario;
use crate::tactics::ArmPlan;
use rayon::prelude::*;
use std::sync::atomic::AtomicU64;
use std::sync::Mutex;
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
    run_timed(s, graphs, progress).0
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

/// One replicate's days, arm by arm.
type ArmsDays = Vec<Vec<DayMetrics>>;

/// What the watch of replicate 0 saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Watched<T> {
    /// What the watch's maker kept alongside it.
    pub kept: T,
    /// Each arm's sightings, in the scenario's order.
    pub arms: Vec<Sightings>,
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
    let started = Instant::now();
    let graph_time = Mutex::new(Duration::ZERO);
    let plans: Vec<ArmPlan> = s.arms.iter().map(|a| ArmPlan::new(a, s)).collect();
    let batch = replicates_at_once(s);
    let reps: Vec<u32> = (0..s.replicates).collect();
    let mut by_rep: Vec<ArmsDays> = Vec::with_capacity(reps.len());
    let mut watched = None;
    for group in reps.chunks(batch) {
        let done: Vec<(ArmsDays, Option<Watched<T>>)> = group
            .par_iter()
            .map(|&r| {
                let t = Instant::now();
                let world = World::new(s, graphs, r);
                *graph_time.lock().expect("no panics while held") += t.elapsed();
                let (kept, watch) = match (r == 0).then(|| watch(&world)) {
                    Some((kept, watch)) => (Some(kept), Some(watch)),
                    None => (None, None),
                };
                let arms: Vec<(Vec<DayMetrics>, Sightings)> = plans
                    .par_iter()
                    .map(|arm| simulate_watched(&world, arm, s.days, progress, watch.as_ref()))
                    .collect();
                let (metrics, sightings) = arms.into_iter().unzip();
                let seen = kept.map(|kept| Watched {
                    kept,
                    arms: sightings,
                });
                (metrics, seen)
            })
            .collect();
        for (metrics, seen) in done {
            by_rep.push(metrics);
            watched = watched.or(seen);
        }
    }
    // [replicate][arm] -> [arm][replicate]
    let mut series: Vec<Vec<Vec<DayMetrics>>> = plans
        .iter()
        .map(|_| Vec::with_capacity(reps.len()))
        .collect();
    for rep in by_rep {
        for (a, days) in rep.into_iter().enumerate() {
            series[a].push(days);
        }
    }
    let result = RunResult {
        arms: plans.into_iter().map(|p| p.name).collect(),
        series,
    };
    let timings = Timings {
        graph: graph_time.into_inner().expect("no panics while held"),
        total: started.elapsed(),
    };
    let watched = watched.expect("a validated scenario has at least one replicate");
    (result, timings, watched)
}

/// How many replicates may be in memory at once. Results never depend on it.
pub fn replicates_at_once(s: &Scenario) -> usize {
    let threads = rayon::current_num_threads();
    if chunk_count(s.population.size) >= 2 * threads {
        1
    } else {
        threads.min(s.replicates as usize).max(1)
    }
}
