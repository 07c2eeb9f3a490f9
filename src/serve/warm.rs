//! Warming the engine's cache while the server waits: the scenario the
//! server starts with has its replicates' graphs built (and replicate 0's
//! network sample laid out) in the background as soon as it starts, so the
//! page's first Run finds its worlds ready and its first day comes at once
//! instead of after every graph is built (about a second for the default
//! scenario on 2 cores). One thread per core, each taking the next
//! replicate, and only while no run is admitted: a page's run never waits
//! for warming, and a graph a run is building is built twice at most once
//! per thread. Threads of their own, not rayon's pool: a warming thread
//! that waits for the runs to end must not hold a worker the runs need. A
//! warmed graph is the one a run would build (same cache key), so results
//! never depend on warming.

use super::network::Samples;
use super::runs::Runs;
use crate::engine::Cache;
use crate::scenario::Scenario;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How often a warming thread looks whether the runs are done.
const IDLE_CHECK: Duration = Duration::from_millis(20);

/// Starts warming `s` on `threads` threads of their own, which end when done.
pub fn start(
    s: Scenario,
    cache: Arc<Cache>,
    samples: Arc<Samples>,
    runs: Arc<Runs>,
    threads: usize,
) {
    let s = Arc::new(s);
    let next = Arc::new(AtomicU32::new(0));
    for k in 0..threads.max(1) {
        let (s, cache, samples, runs, next) = (
            s.clone(),
            cache.clone(),
            samples.clone(),
            runs.clone(),
            next.clone(),
        );
        // Without the threads the first run builds its graphs itself:
        // slower, never wrong; so a thread that cannot start is no error.
        let _ = std::thread::Builder::new()
            .name(format!("outreach-warm-{k}"))
            .spawn(move || loop {
                let r = next.fetch_add(1, Ordering::Relaxed);
                if r >= s.replicates {
                    return;
                }
                while runs.admitted() > 0 {
                    std::thread::sleep(IDLE_CHECK);
                }
                crate::engine::warm(&s, &cache, r);
                if r == 0 {
                    samples.warm(&s, &cache);
                }
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::time::Instant;

    /// The first run after warming builds no graph and lays nothing out.
    #[test]
    fn a_run_after_warming_finds_every_graph_ready() {
        let s = crate::scenario::from_str(
            "days = 3\nreplicates = 4\n[population]\nsize = 2000\n[arms.a.networking]\n",
        )
        .unwrap();
        let cache = Arc::new(Cache::new(1 << 30));
        let samples = Arc::new(Samples::default());
        start(s.clone(), cache.clone(), samples.clone(), Runs::new(1), 2);
        let started = Instant::now();
        // Kept, not only begun: four entries, and replicate 0's graph met
        // again for its sample (on whichever thread took it).
        while cache.stats().entries < 4 || cache.stats().graph_hits < 1 {
            assert!(
                started.elapsed().as_secs() < 60,
                "warming took over a minute"
            );
            std::thread::sleep(IDLE_CHECK);
        }
        // Four graphs built, and replicate 0's met again by its sample.
        let warmed = cache.stats();
        assert_eq!((warmed.graph_misses, warmed.graph_hits), (4, 1));
        let run =
            super::super::stream::run_days(&s, &cache, &samples, &AtomicBool::new(false), |_| true);
        assert!(run.is_some());
        let after = cache.stats();
        assert_eq!(after.graph_misses, 4, "the run built no graph");
        assert_eq!(after.graph_hits, 1 + 4);
    }
}
