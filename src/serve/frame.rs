//! What the page is sent about one day: for each arm and each charted
//! metric, every replicate's value and their mean with its 95% interval,
//! and each arm's paired difference from the baseline. The arithmetic is
//! the CLI's own (`summary::interval`, the paired comparison), done here on
//! the server, so the page only draws and can never disagree with
//! `outreach run`.

use crate::metrics::{metric, DayMetrics, Metric};
use crate::summary::interval;
use serde::Serialize;

/// The charts of the page, in order: the CLI's headline charts and profit,
/// with the same titles.
pub const CHARTS: [(&str, &str); 5] = [
    (
        "reach",
        "Reach: distinct people who took in the message so far",
    ),
    ("trust", "Trust: mean trust in the brand across everyone"),
    (
        "unsubscribes",
        "Unsubscribes: people who left the list or unfollowed so far",
    ),
    ("conversions", "Conversions: distinct customers so far"),
    (
        "profit",
        "Profit: revenue times margin, minus all costs, so far",
    ),
];

/// One chart as a page is told about it before the first day.
#[derive(Serialize)]
pub struct Chart {
    metric: &'static str,
    title: &'static str,
    unit: &'static str,
}

/// The charts of `CHARTS` with their units, for a run's or a race's start.
pub fn charts() -> Vec<Chart> {
    CHARTS
        .iter()
        .map(|&(name, title)| Chart {
            metric: name,
            title,
            unit: metric(name).expect("charted metrics exist").unit,
        })
        .collect()
}

fn charted() -> impl Iterator<Item = &'static Metric> {
    CHARTS
        .iter()
        .map(|(name, _)| metric(name).expect("charted metrics exist"))
}

/// A mean and its 95% interval: `[mean, low, high]`, the bounds `null`
/// with a single replicate (and the mean `null` when no value is finite).
pub type Band = [Option<f64>; 3];

fn band(values: &[f64]) -> Band {
    let i = interval(values);
    let finite = |v: f64| v.is_finite().then_some(v);
    [finite(i.mean), i.low, i.high]
}

/// One arm on one day.
#[derive(Debug, PartialEq, Serialize)]
pub struct ArmDay {
    /// Per charted metric.
    pub bands: Vec<Band>,
    /// Per charted metric, every replicate's value, in replicate order.
    pub values: Vec<Vec<f64>>,
}

/// One day of a run.
#[derive(Debug, PartialEq, Serialize)]
pub struct DayFrame {
    /// 1-based, as in the CSV files.
    pub day: u32,
    /// Per arm, in the scenario's order.
    pub arms: Vec<ArmDay>,
    /// Per arm but the baseline: the paired difference (arm minus
    /// baseline, replicate by replicate) of each charted metric.
    pub compared: Vec<Vec<Band>>,
}

/// The frame of day `day` (1-based) from `values[arm][replicate]`.
pub fn frame(day: u32, values: &[Vec<DayMetrics>], baseline: usize) -> DayFrame {
    let arms = values
        .iter()
        .map(|reps| {
            let values: Vec<Vec<f64>> = charted()
                .map(|m| reps.iter().map(|d| (m.get)(d)).collect())
                .collect();
            ArmDay {
                bands: values.iter().map(|v| band(v)).collect(),
                values,
            }
        })
        .collect();
    let base = &values[baseline];
    let compared = (0..values.len())
        .filter(|&a| a != baseline)
        .map(|a| {
            charted()
                .map(|m| {
                    let diff: Vec<f64> = values[a]
                        .iter()
                        .zip(base)
                        .map(|(x, y)| (m.get)(x) - (m.get)(y))
                        .collect();
                    band(&diff)
                })
                .collect()
        })
        .collect();
    DayFrame {
        day,
        arms,
        compared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::result::RunResult;

    /// The page's bands are the CLI's summary and comparison, day by day.
    #[test]
    fn frames_agree_with_the_summary_and_the_comparison() {
        let day = |reach: u64, trust: f64| DayMetrics {
            reach,
            trust,
            ..DayMetrics::default()
        };
        let result = RunResult {
            arms: vec!["a".into(), "b".into()],
            series: vec![
                vec![
                    vec![day(1, 0.1), day(5, 0.2)],
                    vec![day(3, 0.3), day(4, 0.5)],
                ],
                vec![
                    vec![day(2, 0.2), day(9, 0.1)],
                    vec![day(7, 0.3), day(8, 0.4)],
                ],
            ],
        };
        let summary = crate::summary::summarise(&result);
        let comparison = crate::comparison::compare(&result, 0);
        for d in 0..2 {
            let values: Vec<Vec<DayMetrics>> = result
                .series
                .iter()
                .map(|reps| reps.iter().map(|r| r[d]).collect())
                .collect();
            let f = frame(d as u32 + 1, &values, 0);
            for (c, (name, _)) in CHARTS.iter().enumerate() {
                for a in 0..2 {
                    let i = summary.series(a, name)[d];
                    assert_eq!(f.arms[a].bands[c], [Some(i.mean), i.low, i.high]);
                }
                let i = comparison.paired.series(0, name)[d];
                assert_eq!(f.compared[0][c], [Some(i.mean), i.low, i.high]);
            }
            // Arm b's reach in replicates 1 and 2.
            assert_eq!(f.arms[1].values[0], [[2.0, 7.0], [9.0, 8.0]][d]);
        }
    }
}
