//! Replicates and arms in parallel. A replicate's arms share its world; each
//! arm runs on its own copy of person state. Large populations run one
//! replicate at a time (their days are already parallel across chunks), so
//! memory stays bounded; small ones run a batch of replicates at once.

use super::arm::simulate_arm;
use super::result::RunResult;
use super::state::chunk_count;
use super::world::World;
use crate::metrics::DayMetrics;
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

/// Runs every replicate of every arm. `progress` counts agent-days done.
pub fn run(s: &Scenario, progress: &AtomicU64) -> RunResult {
    run_timed(s, progress).0
}

/// `run`, also saying where the time went.
pub fn run_timed(s: &Scenario, progress: &AtomicU64) -> (RunResult, Timings) {
    let started = Instant::now();
    let graph_time = Mutex::new(Duration::ZERO);
    let plans: Vec<ArmPlan> = s.arms.iter().map(|a| ArmPlan::new(a, s)).collect();
    let batch = replicates_at_once(s);
    let reps: Vec<u32> = (0..s.replicates).collect();
    let mut by_rep: Vec<Vec<Vec<DayMetrics>>> = Vec::with_capacity(reps.len());
    for group in reps.chunks(batch) {
        let done: Vec<Vec<Vec<DayMetrics>>> = group
            .par_iter()
            .map(|&r| {
                let t = Instant::now();
                let world = World::new(s, r);
                *graph_time.lock().expect("no panics while held") += t.elapsed();
                plans
                    .par_iter()
                    .map(|arm| simulate_arm(&world, arm, s.days, progress))
                    .collect()
            })
            .collect();
        by_rep.extend(done);
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
    (result, timings)
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
