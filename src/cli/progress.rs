//! The progress bar drawn while the engine runs (`run`) or a sweep checks
//! and runs its combinations.

use crate::scenario::Scenario;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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
    with_bar(s.agent_days(), &done, true, Duration::ZERO, run)
}

/// Runs `work` on a worker thread while this one draws a progress bar over
/// `total` (agent-days or combinations), read from `counter`, once `after`
/// has passed.
pub(super) fn with_bar<T: Send>(
    total: u64,
    counter: &AtomicU64,
    show: bool,
    after: Duration,
    work: impl FnOnce() -> T + Send,
) -> T {
    if !show {
        return work();
    }
    let started = Instant::now();
    std::thread::scope(|scope| {
        let worker = scope.spawn(work);
        while !worker.is_finished() && started.elapsed() < after {
            std::thread::sleep(Duration::from_millis(20));
        }
        if !worker.is_finished() {
            draw_bar(total, counter, || worker.is_finished());
        }
        worker.join().expect("the work does not panic")
    })
}

/// Draws a progress bar over `total`, read from `counter`, until `finished`.
fn draw_bar(total: u64, counter: &AtomicU64, finished: impl Fn() -> bool) {
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent}% (about {eta} left)",
        )
        .expect("valid template"),
    );
    // A resumed sweep starts part-way: that is not speed.
    bar.set_position(counter.load(Ordering::Relaxed));
    bar.reset_eta();
    while !finished() {
        bar.set_position(counter.load(Ordering::Relaxed));
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
