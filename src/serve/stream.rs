//! The one place the live page runs the engine: a validated scenario in,
//! each day's metrics of every arm and replicate out, in day order, to a
//! callback that may stop the run; then the whole result, for the run's
//! tables and a lesson's verdicts. Everything else of `serve` sees only
//! this function.
//!
//! Built on the engine's stream (`engine::stream`) and the server's cache,
//! so a rerun after one knob moved reuses the worlds and the arms the knob
//! does not touch. The engine hands over days by groups of replicates; a
//! day goes to the page once every replicate has it (the last group's day),
//! so the bands are over all replicates from the first day drawn.

use crate::engine::{self, Cache, RunResult};
use crate::metrics::DayMetrics;
use crate::scenario::Scenario;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `s`, calling `each_day(day, values)` for every day in order (`day`
/// 1-based, `values[arm][replicate]`). Stops when `cancel` is set or
/// `each_day` returns false, and then returns `None`.
pub fn run_days(
    s: &Scenario,
    cache: &Cache,
    cancel: &AtomicBool,
    mut each_day: impl FnMut(u32, &[Vec<DayMetrics>]) -> bool,
) -> Option<RunResult> {
    // The page submits no edge lists (`submit` refuses them), so there
    // are no files to read.
    let graphs = s
        .load_edge_lists()
        .expect("a scenario from the page names no edge list");
    let (arms, reps, days) = (s.arms.len(), s.replicates as usize, s.days as usize);
    let mut series = vec![vec![Vec::with_capacity(days); reps]; arms];
    let mut today: Vec<Vec<DayMetrics>> = vec![Vec::with_capacity(reps); arms];
    let streamed = engine::stream(s, &graphs, Some(cache), |b| {
        if cancel.load(Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        for (r, a, m) in b.iter() {
            series[a][r as usize].push(*m);
        }
        if b.replicates.end as usize == reps {
            let d = b.day as usize - 1;
            for (arm, all) in today.iter_mut().zip(&series) {
                arm.clear();
                arm.extend(all.iter().map(|rep: &Vec<DayMetrics>| rep[d]));
            }
            if !each_day(b.day, &today) {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    streamed.finished.then(|| RunResult {
        arms: s.arms.iter().map(|a| a.name.clone()).collect(),
        series,
    })
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
        let cache = Cache::new(1 << 30);
        let mut seen = Vec::new();
        let result = run_days(&s, &cache, &AtomicBool::new(false), |day, values| {
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
        let batch = crate::engine::run(&s, &Default::default(), &Default::default());
        assert_eq!(format!("{:?}", result), format!("{:?}", batch));
        let stopped = run_days(&s, &cache, &AtomicBool::new(false), |_, _| {
            days += 1;
            days < 2
        });
        assert!(stopped.is_none());
        assert_eq!(days, 2);
        assert!(run_days(&s, &cache, &AtomicBool::new(true), |_, _| true).is_none());
    }
}
