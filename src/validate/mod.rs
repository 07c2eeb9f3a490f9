//! `outreach validate`: the model run in limits where theory gives the
//! answer (docs/GUIDE.md, "Validation"). Each check is an ordinary scenario, a
//! TOML file embedded here that `outreach validate --print NAME` prints and
//! `outreach run` runs, through the ordinary engine; only the comparison
//! with theory lives here, never a simplified loop of its own. No IO: the
//! command line prints and writes.

pub mod bass;
pub mod cascade;

use crate::engine::RunResult;
use crate::scenario::{self, Scenario, ScenarioError, SourceText};
use std::str::FromStr;

/// One comparison with theory, each an ordinary scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Well-mixed adoption with an external push and word of mouth.
    Bass,
    /// A pass-it-on cascade on a random graph below and above its threshold.
    Cascade,
}

/// Every check, in the order `outreach validate` runs them.
pub const CHECKS: [Check; 2] = [Check::Bass, Check::Cascade];

/// How large a validation run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// The scenarios as embedded: the figures in docs/GUIDE.md.
    Full,
    /// The same people and days with fewer replicates, for tests. Tolerances
    /// that come from sampling noise widen with fewer runs, so they still hold.
    Quick,
}

impl Check {
    /// The name `--print` takes.
    pub fn name(self) -> &'static str {
        match self {
            Check::Bass => "bass",
            Check::Cascade => "cascade",
        }
    }

    pub fn by_name(name: &str) -> Option<Check> {
        CHECKS.into_iter().find(|c| c.name() == name)
    }

    /// The embedded scenario file.
    fn file(self) -> &'static str {
        match self {
            Check::Bass => include_str!("bass.toml"),
            Check::Cascade => include_str!("cascade.toml"),
        }
    }

    fn quick_replicates(self) -> u32 {
        match self {
            Check::Bass => 1,
            Check::Cascade => 40,
        }
    }

    /// The check's scenario file at `size`, comments kept: what `--print`
    /// shows and what `outreach run` reproduces.
    pub fn text(self, size: Size) -> String {
        let mut doc = toml_edit::DocumentMut::from_str(self.file()).expect("embedded TOML");
        if size == Size::Quick {
            doc["replicates"] = toml_edit::value(i64::from(self.quick_replicates()));
        }
        doc.to_string()
    }

    /// The validated scenario, through the same path as any scenario file.
    pub fn scenario(self, size: Size) -> Result<Scenario, ScenarioError> {
        let src = SourceText::new(format!("<validate {}>", self.name()), self.text(size));
        scenario::from_source(&src, self.name(), &[])
    }

    /// Compares a run of this check's scenario with theory.
    pub fn evaluate(self, s: &Scenario, result: &RunResult) -> Outcome {
        match self {
            Check::Bass => {
                let (figures, curves) = bass::evaluate(s, result);
                Outcome {
                    figures,
                    curves: Curves::Bass(curves),
                }
            }
            Check::Cascade => {
                let (figures, runs) = cascade::evaluate(s, result);
                Outcome {
                    figures,
                    curves: Curves::Cascade(runs),
                }
            }
        }
    }
}

/// One figure of a check: the model's value, theory's, and how far apart
/// they may be.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub check: &'static str,
    /// What is measured, with its unit.
    pub figure: String,
    pub model: f64,
    pub theory: f64,
    /// Largest accepted |model - theory|.
    pub tolerance: f64,
    /// Where the tolerance comes from.
    pub basis: String,
}

impl Figure {
    pub fn error(&self) -> f64 {
        self.model - self.theory
    }

    /// Within tolerance; a figure that could not be computed (NaN) fails.
    pub fn passes(&self) -> bool {
        self.error().abs() <= self.tolerance
    }
}

/// What a check's chart draws.
#[derive(Clone, Debug)]
pub enum Curves {
    Bass(bass::Curves),
    Cascade(cascade::Runs),
}

/// A check's figures and the data behind its chart.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub figures: Vec<Figure>,
    pub curves: Curves,
}

/// The exit code of `outreach validate` when a figure is out of tolerance
/// (errors exit with 1).
pub const EXIT_OUT_OF_TOLERANCE: i32 = 3;

/// Returned by `outreach validate` once the output is written when some
/// figure is out of tolerance; the binary exits with `EXIT_OUT_OF_TOLERANCE`.
#[derive(Debug)]
pub struct OutOfTolerance {
    pub failed: usize,
    pub total: usize,
}

impl std::fmt::Display for OutOfTolerance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} validation figures out of tolerance",
            self.failed, self.total
        )
    }
}

impl std::error::Error for OutOfTolerance {}

/// Mean of `values` (NaN when empty).
fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Standard error of the mean of `values` (NaN with fewer than two).
fn standard_error(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let m = mean(values);
    let var = values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (var / n).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_is_a_valid_scenario_at_both_sizes() {
        for c in CHECKS {
            let full = c.scenario(Size::Full).unwrap();
            let quick = c.scenario(Size::Quick).unwrap();
            assert_eq!(quick.replicates, c.quick_replicates());
            assert!(full.replicates > quick.replicates);
            assert_eq!(Check::by_name(c.name()), Some(c));
            assert!(c.text(Size::Quick).starts_with("# Validation check"));
        }
    }

    #[test]
    fn a_figure_passes_within_tolerance_only() {
        let f = |model: f64| Figure {
            check: "x",
            figure: "y".into(),
            model,
            theory: 1.0,
            tolerance: 0.1,
            basis: String::new(),
        };
        assert!(f(1.05).passes() && f(0.95).passes());
        assert!(!f(1.2).passes() && !f(0.8).passes() && !f(f64::NAN).passes());
    }

    #[test]
    fn standard_error_of_a_known_sample() {
        assert!((mean(&[1.0, 2.0, 3.0]) - 2.0).abs() < 1e-12);
        assert!((standard_error(&[1.0, 2.0, 3.0]) - (1.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }
}
