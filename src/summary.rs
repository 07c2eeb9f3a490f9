//! Summaries across replicates: for every arm, metric and day, the mean and
//! its 95% Student-t confidence interval. Pure arithmetic: no IO, no
//! randomness, and sums run in replicate order so results are bit-identical
//! from run to run.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::engine::result::RunResult;
use crate::metrics::METRICS;

/// Confidence level of every interval in a summary.
pub const CONFIDENCE: f64 = 0.95;

/// A mean and its confidence interval. The bounds are `None` when there are
/// fewer than two values, because one value says nothing about spread.
/// Serialises for pages (class mode's leaderboard); a NaN mean as null.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Interval {
    pub mean: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// The mean of `values` and its 95% Student-t interval,
/// `mean ± t(0.975, n-1) · sd / √n` with the sample standard deviation.
/// Values that are not finite (a ratio with nothing to divide by, a day
/// not yet reached) are left out; with none left, `mean` is NaN.
pub fn interval(values: &[f64]) -> Interval {
    if values.iter().any(|v| !v.is_finite()) {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        return interval(&finite);
    }
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return Interval {
            mean,
            low: None,
            high: None,
        };
    }
    let freedom = (n - 1) as f64;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / freedom;
    let t = StudentsT::new(0.0, 1.0, freedom)
        .expect("a t distribution with at least one degree of freedom is valid")
        .inverse_cdf(0.5 + CONFIDENCE / 2.0);
    let half_width = t * variance.sqrt() / (n as f64).sqrt();
    Interval {
        mean,
        low: Some(mean - half_width),
        high: Some(mean + half_width),
    }
}

/// Every arm's metrics summarised across replicates, day by day.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Arm names, in scenario order.
    pub arms: Vec<String>,
    /// Replicates each interval summarises.
    pub replicates: usize,
    pub days: usize,
    /// `cells[arm][metric index in METRICS][day]`.
    pub cells: Vec<Vec<Vec<Interval>>>,
}

/// Summarises a run. Every replicate of every arm must cover the same days,
/// which the engine guarantees.
pub fn summarise(result: &RunResult) -> Summary {
    let replicates = result.series.first().map_or(0, Vec::len);
    let days = result
        .series
        .first()
        .and_then(|arm| arm.first())
        .map_or(0, Vec::len);
    let mut values = Vec::with_capacity(replicates);
    let cells = result
        .series
        .iter()
        .map(|arm| {
            assert_eq!(arm.len(), replicates, "every arm has the same replicates");
            assert!(
                arm.iter().all(|replicate| replicate.len() == days),
                "every replicate covers the same days"
            );
            METRICS
                .iter()
                .map(|metric| {
                    (0..days)
                        .map(|day| {
                            values.clear();
                            values
                                .extend(arm.iter().map(|replicate| (metric.get)(&replicate[day])));
                            interval(&values)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    Summary {
        arms: result.arms.clone(),
        replicates,
        days,
        cells,
    }
}

impl Summary {
    /// One arm's daily intervals for a metric; `arm` indexes `arms`.
    ///
    /// Panics on an unknown metric name: names come from `METRICS`, so a
    /// miss is a programming error, not an input error.
    pub fn series(&self, arm: usize, metric_name: &str) -> &[Interval] {
        &self.cells[arm][metric_index(metric_name)]
    }

    /// One arm's interval for a metric on the last day.
    pub fn final_value(&self, arm: usize, metric_name: &str) -> Interval {
        *self
            .series(arm, metric_name)
            .last()
            .expect("a summary covers at least one day")
    }

    /// The index in `arms` of the arm with this name.
    pub fn arm_index(&self, name: &str) -> Option<usize> {
        self.arms.iter().position(|a| a == name)
    }
}

fn metric_index(name: &str) -> usize {
    METRICS
        .iter()
        .position(|m| m.name == name)
        .unwrap_or_else(|| panic!("no metric named {name:?}"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::metrics::DayMetrics;

    /// A small synthetic run: two arms, three replicates, 30 days, with
    /// cumulative counts that grow and a trust level that drifts.
    pub(crate) fn synthetic_run() -> RunResult {
        let arms = vec!["email-blast".to_string(), "networking".to_string()];
        let series = (0..2u64)
            .map(|arm| {
                (0..3u64)
                    .map(|rep| {
                        (0..30u64)
                            .map(|day| {
                                let d = day + 1;
                                DayMetrics {
                                    reach: if arm == 0 {
                                        40 * d + 7 * rep
                                    } else {
                                        d * d + 3 * rep
                                    },
                                    aware: 20 * d,
                                    trust: if arm == 0 {
                                        0.30 - 0.002 * d as f64 + 0.01 * rep as f64
                                    } else {
                                        0.30 + 0.006 * d as f64 + 0.01 * rep as f64
                                    },
                                    trust_reached: 0.4,
                                    unsubscribes: if arm == 0 { 3 * d + rep } else { d / 10 },
                                    conversions: if arm == 0 {
                                        d / 3 + rep
                                    } else {
                                        d * d / 40 + rep
                                    },
                                    list_size: 1000 - d,
                                    delivered: 900,
                                    ..DayMetrics::default()
                                }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        RunResult { arms, series }
    }

    fn check(values: &[f64], mean: f64, half_width: Option<f64>) {
        let got = interval(values);
        assert!(
            (got.mean - mean).abs() < 1e-12,
            "mean {} != {mean}",
            got.mean
        );
        match half_width {
            None => assert_eq!((got.low, got.high), (None, None)),
            Some(h) => {
                assert!(
                    (got.low.unwrap() - (mean - h)).abs() < 1e-9,
                    "low {:?}",
                    got.low
                );
                assert!(
                    (got.high.unwrap() - (mean + h)).abs() < 1e-9,
                    "high {:?}",
                    got.high
                );
            }
        }
    }

    #[test]
    fn interval_of_known_data() {
        // t(0.975, 4) = 2.7764451051977987, sd = sqrt(2.5).
        check(
            &[1.0, 2.0, 3.0, 4.0, 5.0],
            3.0,
            Some(2.7764451051977987 * 2.5f64.sqrt() / 5f64.sqrt()),
        );
        check(&[1.0, 2.0, 3.0, 4.0, 5.0], 3.0, Some(1.963243161));
        // t(0.975, 1) = 12.706204736174698; the sd of [0, 1] is sqrt(0.5).
        check(
            &[0.0, 1.0],
            0.5,
            Some(12.706204736174698 * 0.5f64.sqrt() / 2f64.sqrt()),
        );
    }

    #[test]
    fn constant_values_have_a_zero_width_interval() {
        check(&[4.0, 4.0, 4.0], 4.0, Some(0.0));
    }

    #[test]
    fn one_value_has_no_bounds() {
        check(&[7.5], 7.5, None);
    }

    #[test]
    fn no_values_have_no_mean() {
        assert!(interval(&[]).mean.is_nan());
    }

    #[test]
    fn summarise_covers_every_arm_metric_and_day() {
        let summary = summarise(&synthetic_run());
        assert_eq!(summary.arms, ["email-blast", "networking"]);
        assert_eq!((summary.replicates, summary.days), (3, 30));
        assert_eq!(summary.cells.len(), 2);
        assert!(summary.cells.iter().all(|arm| arm.len() == METRICS.len()));
        assert!(summary
            .cells
            .iter()
            .flatten()
            .all(|metric| metric.len() == 30));
    }

    #[test]
    fn summarise_takes_the_mean_across_replicates() {
        let summary = summarise(&synthetic_run());
        // Arm 0, day 1: reach = 40 + 7·rep for rep 0, 1, 2 → 40, 47, 54.
        let day1 = summary.series(0, "reach")[0];
        assert_eq!(day1, interval(&[40.0, 47.0, 54.0]));
        // Arm 1, day 30: reach = 900 + 3·rep.
        assert_eq!(summary.final_value(1, "reach").mean, 903.0);
        assert_eq!(summary.arm_index("networking"), Some(1));
        assert_eq!(summary.arm_index("nope"), None);
    }

    #[test]
    fn a_single_replicate_has_no_bounds() {
        let mut run = synthetic_run();
        for arm in &mut run.series {
            arm.truncate(1);
        }
        let summary = summarise(&run);
        assert_eq!(summary.replicates, 1);
        let last = summary.final_value(0, "trust");
        assert_eq!((last.low, last.high), (None, None));
    }

    #[test]
    #[should_panic(expected = "no metric named")]
    fn an_unknown_metric_is_a_programming_error() {
        summarise(&synthetic_run()).series(0, "nope");
    }
}
