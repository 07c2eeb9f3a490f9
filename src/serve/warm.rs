//! Warming the engine's cache while the server waits: the scenario the
//! server starts with has its replicates' graphs built (and replicate 0's
//! network sample laid out) in the background as soon as it starts, so the page's first Run finds its worlds ready and
//! its first day comes at once instead of after every graph is built (about
//! a second for the default scenario on 2 cores). One thread, one replicate
//! at a time, and only while no run is admitted: a page's run never waits
//! for warming, and a graph a run is building is built twice at most once.
//! A warmed graph is the one a run would build (same cache key), so
//! results never depend on warming.

use super::network::Samples;
use super::runs::Runs;
use crate::engine::Cache;
use crate::scenario::Scenario;
use std::sync::Arc;
use std::time::Duration;

/// How often the warming thread looks whether the runs are done.
const IDLE_CHECK: Duration = Duration::from_millis(20);

/// Starts warming `s` on a thread of its own, which ends when done.
pub fn start(s: Scenario, cache: Arc<Cache>, samples: Arc<Samples>, runs: Arc<Runs>) {
    // Without the thread the first run builds its graphs itself: slower,
    // never wrong; so a thread that cannot start is no error.
    let _ = std::thread::Builder::new()
        .name("outreach-warm".into())
        .spawn(move || {
            for r in 0..s.replicates {
                while runs.admitted() > 0 {
                    std::thread::sleep(IDLE_CHECK);
                }
                crate::engine::warm(&s, &cache, r);
                if r == 0 {
                    samples.warm(&s, &cache);
                }
            }
        });
}
