//! The one place the live page runs the engine: a validated scenario in,
//! each day's metrics of every arm and replicate out, in day order, to a
//! callback that may stop the run; then the whole result, for the run's
//! tables and a lesson's verdicts. Everything else of `serve` sees only
//! this function, so the engine underneath can change here alone.
//!
//! Today it runs the batch engine and hands the days over once the run is
//! done: days reach the page in order, but only after the whole run, and a
//! cancelled run stops being sent, not being computed.

use crate::engine::{self, RunResult};
use crate::metrics::DayMetrics;
use crate::scenario::Scenario;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Runs `s`, calling `each_day(day, values)` for every day in order (`day`
/// 1-based, `values[arm][replicate]`). Stops when `cancel` is set or
/// `each_day` returns false, and then returns `None`.
pub fn run_days(
    s: &Scenario,
    cancel: &AtomicBool,
    mut each_day: impl FnMut(u32, &[Vec<DayMetrics>]) -> bool,
) -> Option<RunResult> {
    // The page submits no edge lists (`submit` refuses them), so there
    // are no files to read.
    let graphs = s
        .load_edge_lists()
        .expect("a scenario from the page names no edge list");
    let result = engine::run(s, &graphs, &AtomicU64::new(0));
    let mut values: Vec<Vec<DayMetrics>> = result
        .series
        .iter()
        .map(|reps| Vec::with_capacity(reps.len()))
        .collect();
    for day in 0..s.days as usize {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        for (arm, reps) in values.iter_mut().zip(&result.series) {
            arm.clear();
            arm.extend(reps.iter().map(|r| r[day]));
        }
        if !each_day(day as u32 + 1, &values) {
            return None;
        }
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_come_in_order_with_every_replicate_and_stop_when_asked() {
        let s = crate::scenario::from_str(
            "days = 6\nreplicates = 3\n[population]\nsize = 200\n[arms.a.networking]\n[arms.b.email-blast]",
        )
        .unwrap();
        let mut seen = Vec::new();
        let result = run_days(&s, &AtomicBool::new(false), |day, values| {
            assert_eq!(values.len(), 2);
            assert!(values.iter().all(|reps| reps.len() == 3));
            seen.push((day, values[1][2]));
            true
        })
        .unwrap();
        assert_eq!(
            seen.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        // Debug text: equal NaNs (a ratio with nothing to divide by) compare equal.
        assert_eq!(
            format!("{:?}", seen[4].1),
            format!("{:?}", result.series[1][2][4])
        );
        let mut days = 0;
        let stopped = run_days(&s, &AtomicBool::new(false), |_, _| {
            days += 1;
            days < 2
        });
        assert!(stopped.is_none());
        assert_eq!(days, 2);
        assert!(run_days(&s, &AtomicBool::new(true), |_, _| true).is_none());
    }
}
