//! Checking a lesson's expected outcomes against a run. An outcome holds
//! when its 95% interval lies wholly on the declared side, fails when it lies
//! wholly on the other side, and is not yet clear otherwise; then the
//! observed spread says roughly how many replicates would settle it, or that
//! no reasonable number would (the effect may be zero). Arm against arm uses the paired
//! difference replicate by replicate (arms of a replicate share people and
//! dice, see `comparison`); arm against a value uses the arm's own interval.
//! Pure arithmetic: no IO.

use crate::engine::RunResult;
use crate::metrics::metric;
use crate::scenario::lesson::{Against, Expect, Variant};
use crate::scenario::Scenario;
use crate::summary::{interval, Interval, Summary, CONFIDENCE};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

/// What a run says about an expected outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Holds,
    Fails,
    /// The interval straddles the line, or there is a single replicate.
    NotYetClear,
}

impl Verdict {
    /// As printed and written to outcomes.csv.
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::NotYetClear => "not yet clear",
        }
    }
}

/// The exit code of `outreach run` when a declared outcome fails or is not
/// yet clear (errors exit with 1).
pub const EXIT_NOT_ALL_HOLD: i32 = 3;

/// One expected outcome, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub expect: Expect,
    /// The day checked, 1-based.
    pub day: u32,
    /// What is compared with 0: the arm minus the other arm (paired), or the
    /// arm minus the value.
    pub difference: Interval,
    pub verdict: Verdict,
    /// For an outcome not yet clear: what more replicates would do.
    pub settle: Settle,
}

/// How many replicates would likely settle an outcome that is not yet clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Clear already (holds or fails).
    Settled,
    /// About this many replicates in all would likely put the interval on
    /// one side, if the mean and spread stay as observed.
    About(u64),
    /// More than [`MOST_REPLICATES`]: the effect may be zero.
    BeyondReason,
    /// A single replicate shows no spread to estimate from.
    Unknown,
}

/// The most replicates a scenario allows (`run.replicates`'s range); an
/// estimate above it is beyond reason.
pub const MOST_REPLICATES: u64 = 10_000;

/// The chance that the estimated number of replicates settles the outcome
/// (the usual power of a study design), if the observed mean is the truth.
pub const POWER: f64 = 0.8;

impl Settle {
    /// Replicates needed for an interval of `i` from `n` replicates to clear
    /// 0 with chance [`POWER`]: the half-width shrinks as 1/sqrt(n), so
    /// `N = ((z_(1-a/2) + z_power) * sd / |mean|)^2` with `sd` read back
    /// from the interval's half-width.
    pub fn estimate(i: Interval, n: usize) -> Settle {
        let (Some(low), Some(high)) = (i.low, i.high) else {
            return Settle::Unknown;
        };
        if n < 2 {
            return Settle::Unknown;
        }
        let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
            .expect("at least one degree of freedom")
            .inverse_cdf(0.5 + CONFIDENCE / 2.0);
        let sd = (high - low) / 2.0 / t * (n as f64).sqrt();
        let normal = Normal::new(0.0, 1.0).expect("the standard normal is valid");
        let z = normal.inverse_cdf(0.5 + CONFIDENCE / 2.0) + normal.inverse_cdf(POWER);
        let needed = (z * sd / i.mean.abs()).powi(2).ceil();
        if !needed.is_finite() || needed > MOST_REPLICATES as f64 {
            Settle::BeyondReason
        } else {
            Settle::About((needed as u64).max(n as u64 + 1))
        }
    }

    /// The advice as printed, or `None` for a settled outcome.
    pub fn advice(self) -> Option<String> {
        match self {
            Settle::Settled => None,
            Settle::About(n) => Some(format!(
                "about {n} replicates would likely settle it (--replicates {n})"
            )),
            Settle::BeyondReason => Some(format!(
                "more than {MOST_REPLICATES} replicates would be needed: the effect may be zero"
            )),
            Settle::Unknown => Some("run at least 2 replicates to see the spread".to_string()),
        }
    }
}

/// Checks every outcome the scenario's lesson expects (none without a lesson).
pub fn check(s: &Scenario, result: &RunResult, summary: &Summary) -> Vec<Outcome> {
    let Some(lesson) = &s.lesson else {
        return Vec::new();
    };
    lesson
        .expect
        .iter()
        .map(|e| check_one(e, s.days, result, summary))
        .collect()
}

/// Checks a variant's outcomes against the run of the variant's scenario
/// (the lesson's scenario with the variant's overrides). Each outcome's
/// sentence is prefixed with the overrides, so the printed line, outcomes.csv
/// and the report say which run it belongs to.
pub fn check_variant(
    v: &Variant,
    s: &Scenario,
    result: &RunResult,
    summary: &Summary,
) -> Vec<Outcome> {
    v.expect
        .iter()
        .map(|e| {
            let mut o = check_one(e, s.days, result, summary);
            o.expect.says = format!("with {}: {}", v.label(), e.says);
            o
        })
        .collect()
}

fn check_one(e: &Expect, days: u32, result: &RunResult, summary: &Summary) -> Outcome {
    let day = e.day_in(days);
    let d = day as usize - 1;
    let arm = summary
        .arm_index(&e.arm)
        .expect("validated: the arm exists");
    let difference = match &e.against {
        Against::Arm(other) => {
            let m = metric(&e.metric).expect("validated: the metric exists");
            let other = summary.arm_index(other).expect("validated: the arm exists");
            let diffs: Vec<f64> = result.series[arm]
                .iter()
                .zip(&result.series[other])
                .map(|(a, b)| (m.get)(&a[d]) - (m.get)(&b[d]))
                .collect();
            interval(&diffs)
        }
        Against::Value(v) => {
            let i = summary.series(arm, &e.metric)[d];
            Interval {
                mean: i.mean - v,
                low: i.low.map(|x| x - v),
                high: i.high.map(|x| x - v),
            }
        }
    };
    let verdict = verdict(difference, e.above);
    let settle = if verdict == Verdict::NotYetClear {
        Settle::estimate(difference, result.series[arm].len())
    } else {
        Settle::Settled
    };
    Outcome {
        expect: e.clone(),
        day,
        difference,
        verdict,
        settle,
    }
}

/// Holds if the whole interval is on the declared side of 0, fails if it is
/// wholly on the other side.
fn verdict(i: Interval, above: bool) -> Verdict {
    let (Some(low), Some(high)) = (i.low, i.high) else {
        return Verdict::NotYetClear;
    };
    let (low, high) = if above { (low, high) } else { (-high, -low) };
    if low > 0.0 {
        Verdict::Holds
    } else if high < 0.0 {
        Verdict::Fails
    } else {
        Verdict::NotYetClear
    }
}

/// True when every outcome holds (or there are none).
pub fn all_hold(outcomes: &[Outcome]) -> bool {
    outcomes.iter().all(|o| o.verdict == Verdict::Holds)
}

/// Returned by `outreach run` once the output is written when some declared
/// outcome does not hold; the binary exits with `EXIT_NOT_ALL_HOLD`.
#[derive(Debug)]
pub struct NotAllHold {
    pub fails: usize,
    pub unclear: usize,
    pub total: usize,
}

impl NotAllHold {
    pub fn of(outcomes: &[Outcome]) -> Option<Self> {
        let count = |v| outcomes.iter().filter(|o| o.verdict == v).count();
        let (fails, unclear) = (count(Verdict::Fails), count(Verdict::NotYetClear));
        (fails + unclear > 0).then_some(NotAllHold {
            fails,
            unclear,
            total: outcomes.len(),
        })
    }
}

impl std::fmt::Display for NotAllHold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} expected outcome(s) do not hold: {} fail(s), {} not yet clear",
            self.fails + self.unclear,
            self.total,
            self.fails,
            self.unclear
        )?;
        if self.unclear > 0 {
            write!(
                f,
                " (each unclear one says roughly how many replicates would settle it: --replicates N)"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for NotAllHold {}

/// One line per outcome: verdict, sentence, and the numbers behind it.
pub fn describe(o: &Outcome) -> String {
    let e = &o.expect;
    let numbers = match (&e.against, o.difference.low, o.difference.high) {
        (Against::Arm(other), Some(lo), Some(hi)) => format!(
            "{} of {} minus {other} on day {}: {} [{}, {}]",
            e.metric,
            e.arm,
            o.day,
            num(o.difference.mean),
            num(lo),
            num(hi)
        ),
        (Against::Value(v), Some(lo), Some(hi)) => format!(
            "{} of {} on day {}: {} [{}, {}], against {}",
            e.metric,
            e.arm,
            o.day,
            num(o.difference.mean + v),
            num(lo + v),
            num(hi + v),
            num(*v)
        ),
        _ => "a single replicate has no interval".to_string(),
    };
    match o.settle.advice() {
        Some(advice) => format!("{} ({advice}): {} ({numbers})", o.verdict.text(), e.says),
        None => format!("{}: {} ({numbers})", o.verdict.text(), e.says),
    }
}

/// A number short enough to read: four significant digits.
pub fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(low: f64, high: f64) -> Interval {
        Interval {
            mean: (low + high) / 2.0,
            low: Some(low),
            high: Some(high),
        }
    }

    #[test]
    fn verdict_follows_the_side_of_the_interval() {
        assert_eq!(verdict(i(1.0, 2.0), true), Verdict::Holds);
        assert_eq!(verdict(i(1.0, 2.0), false), Verdict::Fails);
        assert_eq!(verdict(i(-2.0, -1.0), false), Verdict::Holds);
        assert_eq!(verdict(i(-1.0, 2.0), true), Verdict::NotYetClear);
        assert_eq!(verdict(i(0.0, 2.0), true), Verdict::NotYetClear);
        let single = Interval {
            mean: 5.0,
            low: None,
            high: None,
        };
        assert_eq!(verdict(single, true), Verdict::NotYetClear);
    }

    #[test]
    fn the_replicates_to_settle_follow_the_spread_and_give_up_on_zero() {
        // Mean 1, half-width 1.5 from 10 replicates: sd = 1.5 / t(9) * sqrt(10)
        // = 2.097, so N = ((1.96 + 0.8416) * 2.097 / 1)^2 = 34.5, rounded up.
        let unclear = Interval {
            mean: 1.0,
            low: Some(-0.5),
            high: Some(2.5),
        };
        assert_eq!(Settle::estimate(unclear, 10), Settle::About(35));
        // Half the mean, four times the replicates.
        let smaller = Interval {
            mean: 0.5,
            low: Some(-1.0),
            high: Some(2.0),
        };
        assert_eq!(Settle::estimate(smaller, 10), Settle::About(139));
        let zero = Interval {
            mean: 0.0,
            low: Some(0.0),
            high: Some(0.0),
        };
        assert_eq!(Settle::estimate(zero, 2), Settle::BeyondReason);
        let tiny = Interval {
            mean: 1e-3,
            low: Some(-1.0),
            high: Some(1.0),
        };
        assert_eq!(Settle::estimate(tiny, 10), Settle::BeyondReason);
        let single = Interval {
            mean: 1.0,
            low: None,
            high: None,
        };
        assert_eq!(Settle::estimate(single, 1), Settle::Unknown);
    }

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(num(656.2), "656.2");
        assert_eq!(num(0.40712), "0.4071");
        assert_eq!(num(-22.8), "-22.80");
        assert_eq!(num(12345.6), "12346");
    }
}
