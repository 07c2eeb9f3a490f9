//! Paired comparison: each arm minus a baseline arm, replicate by replicate.
//! Arms in a replicate share their people and life events (common random
//! numbers), so the replicate-to-replicate noise they share cancels in the
//! difference and the paired interval is narrower than an unpaired one.
//! Pure arithmetic, in replicate order.

use crate::engine::result::RunResult;
use crate::metrics::METRICS;
use crate::summary::{interval, Interval, Summary, CONFIDENCE};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Every compared arm's difference from the baseline, per metric and day.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub baseline: String,
    /// Paired differences, laid out like a summary whose arms are the
    /// compared arms (every arm but the baseline).
    pub paired: Summary,
    /// The same differences with intervals that ignore the pairing
    /// (Welch), `[arm][metric][day]`, to show what pairing buys.
    pub unpaired: Vec<Vec<Vec<Interval>>>,
}

/// Compares every arm with arm `baseline` of `result`.
pub fn compare(result: &RunResult, baseline: usize) -> Comparison {
    let base = &result.series[baseline];
    let days = base.first().map_or(0, Vec::len);
    let others: Vec<usize> = (0..result.arms.len()).filter(|&a| a != baseline).collect();
    let mut paired = Vec::with_capacity(others.len());
    let mut unpaired = Vec::with_capacity(others.len());
    for &a in &others {
        let arm = &result.series[a];
        let (mut p, mut u) = (Vec::new(), Vec::new());
        for m in METRICS {
            let (mut pm, mut um) = (Vec::with_capacity(days), Vec::with_capacity(days));
            for d in 0..days {
                let x: Vec<f64> = arm.iter().map(|r| (m.get)(&r[d])).collect();
                let y: Vec<f64> = base.iter().map(|r| (m.get)(&r[d])).collect();
                let diff: Vec<f64> = x.iter().zip(&y).map(|(x, y)| x - y).collect();
                pm.push(interval(&diff));
                um.push(welch(&x, &y));
            }
            p.push(pm);
            u.push(um);
        }
        paired.push(p);
        unpaired.push(u);
    }
    Comparison {
        baseline: result.arms[baseline].clone(),
        paired: Summary {
            arms: others.iter().map(|&a| result.arms[a].clone()).collect(),
            replicates: base.len(),
            days,
            cells: paired,
        },
        unpaired,
    }
}

/// The difference of two means, `mean(x) - mean(y)`, with Welch's interval
/// (unequal variances, Welch-Satterthwaite degrees of freedom).
/// Values that are not finite are left out, as in `interval`.
pub fn welch(x: &[f64], y: &[f64]) -> Interval {
    let finite = |v: &[f64]| -> Vec<f64> { v.iter().copied().filter(|t| t.is_finite()).collect() };
    let (x, y) = (&finite(x)[..], &finite(y)[..]);
    let (a, b) = (interval(x), interval(y));
    let mean = a.mean - b.mean;
    let (n, m) = (x.len() as f64, y.len() as f64);
    if x.len() < 2 || y.len() < 2 {
        return Interval {
            mean,
            low: None,
            high: None,
        };
    }
    let var = |v: &[f64], mu: f64| {
        v.iter().map(|t| (t - mu).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
    };
    let (sx, sy) = (var(x, a.mean) / n, var(y, b.mean) / m);
    let se = (sx + sy).sqrt();
    if se == 0.0 {
        return Interval {
            mean,
            low: Some(mean),
            high: Some(mean),
        };
    }
    let df = (sx + sy).powi(2) / (sx * sx / (n - 1.0) + sy * sy / (m - 1.0));
    let t = StudentsT::new(0.0, 1.0, df)
        .expect("positive degrees of freedom")
        .inverse_cdf(0.5 + CONFIDENCE / 2.0);
    Interval {
        mean,
        low: Some(mean - t * se),
        high: Some(mean + t * se),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_matches_a_worked_example() {
        // Equal sizes and variances: df = 2(n-1) = 8, t(0.975, 8) = 2.306.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [0.0, 1.0, 2.0, 3.0, 4.0];
        let w = welch(&x, &y);
        assert!((w.mean - 1.0).abs() < 1e-12);
        let half = w.high.unwrap() - 1.0;
        assert!(
            (half - 2.306_004 * (2.5f64 / 5.0 * 2.0).sqrt()).abs() < 1e-4,
            "{half}"
        );
    }

    #[test]
    fn paired_differences_cancel_shared_noise() {
        let shared = [10.0, 20.0, 30.0, 40.0];
        let x: Vec<f64> = shared.iter().map(|s| s + 1.0).collect();
        let paired = interval(
            &x.iter()
                .zip(&shared)
                .map(|(a, b)| a - b)
                .collect::<Vec<_>>(),
        );
        assert_eq!(paired.low, Some(1.0));
        let unpaired = welch(&x, &shared);
        assert!(unpaired.high.unwrap() - unpaired.low.unwrap() > 30.0);
    }
}
