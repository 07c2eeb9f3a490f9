//! The progress bar drawn while the engine runs.

use crate::scenario::Scenario;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Runs `engine` (given a counter of agent-days done) on a worker while
/// this thread draws the progress bar. The engine always runs inside
/// `pool`, so `--threads` holds either way.
pub(super) fn with_progress<R: Send>(
    pool: &rayon::ThreadPool,
    s: &Scenario,
    show: bool,
    engine: impl FnOnce(&AtomicU64) -> R + Send,
) -> R {
    let done = AtomicU64::new(0);
    let run = || pool.install(|| engine(&done));
    if !show {
        return run();
    }
    let total = s.agent_days();
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent}% (about {eta} left)",
        )
        .expect("valid template"),
    );
    std::thread::scope(|scope| {
        let worker = scope.spawn(run);
        while !worker.is_finished() {
            bar.set_position(done.load(Ordering::Relaxed));
            std::thread::sleep(Duration::from_millis(100));
        }
        bar.finish_and_clear();
        worker.join().expect("the engine does not panic")
    })
}
