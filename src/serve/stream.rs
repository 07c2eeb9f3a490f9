//! The one place the live page runs the engine: a validated scenario in,
//! each day's metrics of every arm and replicate out, in day order, to a
//! callback that may stop the run, with replicate 0's network picture day
//! by day; then the whole result and the report's spread picture, for the
//! run's tables, report and a lesson's verdicts. Everything else of `serve` sees only
//! this function, but for a lesson's variants (`variants`), whose runs the
//! page does not watch day by day.
//!
//! Built on the engine's stream (`engine::stream`) and the server's cache,
//! so a rerun after one knob moved reuses the worlds and the arms the knob
//! does not touch. The engine hands over days by groups of replicates; a
//! day goes to the page once every replicate has it (the last group's day),
//! so the bands are over all replicates from the first day drawn.
//!
//! Replicate 0 is watched for the network picture (`network`), so its arms
//! are simulated on every run, kept in the cache or not (a tenth of a
//! default run); the other replicates' worlds and unchanged arms are reused.

use super::network::{self, Layout, Samples};
use crate::engine::{self, Cache, RunResult};
use crate::metrics::DayMetrics;
use crate::scenario::Scenario;
use crate::spread::SpreadPicture;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// One day as the page gets it.
pub struct LiveDay<'a> {
    /// 1-based.
    pub day: u32,
    /// `values[arm][replicate]`.
    pub values: &'a [Vec<DayMetrics>],
    /// The network picture's layout, with the first day only.
    pub layout: Option<&'a Layout>,
    /// Per arm, its sampled people's states this day (`network::states`);
    /// `None` for an arm on a well-mixed network.
    pub states: &'a [Option<String>],
}

/// A run that went to its end.
pub struct Finished {
    pub result: RunResult,
    /// The report's spread picture of this run.
    pub spread: SpreadPicture,
}

/// Runs `s`, calling `each_day` for every day in order, its network
/// samples from `samples` when kept there. Stops when
/// `cancel` is set or `each_day` returns false, and then returns `None`.
pub fn run_days(
    s: &Scenario,
    cache: &Cache,
    samples: &Samples,
    cancel: &AtomicBool,
    mut each_day: impl FnMut(&LiveDay) -> bool,
) -> Option<Finished> {
    // The page submits no edge lists (`submit` refuses them), so there
    // are no files to read.
    let graphs = s
        .load_edge_lists()
        .expect("a scenario from the page names no edge list");
    let (arms, reps, days) = (s.arms.len(), s.replicates as usize, s.days as usize);
    let mut series = vec![vec![Vec::with_capacity(days); reps]; arms];
    let mut today: Vec<Vec<DayMetrics>> = vec![Vec::with_capacity(reps); arms];
    // Replicate 0 runs in the first group, so its states of a day are in
    // before that day goes to the page; kept until then.
    let mut states: Vec<Vec<Option<String>>> = Vec::with_capacity(days);
    let layout = OnceLock::new();
    let watch = |w: &crate::people::world::World| {
        let (kept, watch) = network::watch(s, w, samples);
        let _ = layout.set(network::layout(s, &kept));
        (kept, watch)
    };
    let (streamed, watched) = engine::stream_watched(s, &graphs, Some(cache), Some(watch), |b| {
        if cancel.load(Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        for (r, a, m) in b.iter() {
            series[a][r as usize].push(*m);
        }
        if !b.watched.is_empty() {
            states.push(
                (b.watched.iter())
                    .map(|seen| seen.map(|seen| network::states(s, seen)))
                    .collect(),
            );
        }
        if b.replicates.end as usize == reps {
            let d = b.day as usize - 1;
            for (arm, all) in today.iter_mut().zip(&series) {
                arm.clear();
                arm.extend(all.iter().map(|rep: &Vec<DayMetrics>| rep[d]));
            }
            let live = LiveDay {
                day: b.day,
                values: &today,
                layout: layout.get().filter(|_| b.day == 1),
                states: &states[d],
            };
            if !each_day(&live) {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    if !streamed.finished {
        return None;
    }
    let seen = watched.expect("a finished run watched replicate 0");
    Some(Finished {
        result: RunResult {
            arms: s.arms.iter().map(|a| a.name.clone()).collect(),
            series,
        },
        spread: network::picture(s, seen),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_come_in_order_with_every_replicate_and_the_reports_network_and_stop_when_asked() {
        let s = crate::scenario::from_str(
            "days = 6\nreplicates = 3\n[population]\nsize = 200\n[arms.a.networking]\n[arms.b.email-blast]",
        )
        .unwrap();
        let cache = Cache::new(1 << 30);
        let samples = Samples::default();
        let mut seen = Vec::new();
        let mut drawn = Vec::new();
        let finished = run_days(&s, &cache, &samples, &AtomicBool::new(false), |live| {
            assert_eq!(live.values.len(), 2);
            assert!(live.values.iter().all(|reps| reps.len() == 3));
            assert_eq!(live.layout.is_some(), live.day == 1);
            seen.push((live.day, live.values[1][2]));
            drawn.push(live.states.to_vec());
            true
        })
        .unwrap();
        let result = finished.result;
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
        let (batch, _, report) =
            crate::engine::run_watched(&s, &Default::default(), &Default::default(), |w| {
                SpreadPicture::watch(&s, w)
            });
        assert_eq!(format!("{:?}", result), format!("{:?}", batch));
        // The page's picture is the report's on the report's days.
        let report = SpreadPicture::new(&s, report);
        assert_eq!(finished.spread, report);
        for (a, arm) in report.arms.iter().enumerate() {
            for (day, states) in report.days.iter().zip(&arm.states) {
                let digits: String = states
                    .iter()
                    .map(|st| {
                        let k = crate::spread::PersonState::ALL.iter().position(|x| x == st);
                        char::from(b'0' + k.unwrap() as u8)
                    })
                    .collect();
                assert_eq!(drawn[*day as usize - 1][a].as_deref(), Some(&*digits));
            }
        }
        // A rerun lays nothing out again and draws the same picture.
        let again = run_days(&s, &cache, &samples, &AtomicBool::new(false), |_| true).unwrap();
        assert_eq!(again.spread, report);
        let stopped = run_days(&s, &cache, &samples, &AtomicBool::new(false), |_| {
            days += 1;
            days < 2
        });
        assert!(stopped.is_none());
        assert_eq!(days, 2);
        assert!(run_days(&s, &cache, &samples, &AtomicBool::new(true), |_| true).is_none());
    }
}
