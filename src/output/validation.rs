//! The folder `outreach validate` writes, whole or not at all: the table of
//! figures (`validate.csv`), the data behind each chart (`bass.csv`,
//! `cascade.csv`) and the charts. Numbers are written in full precision, so
//! a test can compare them with an `outreach run` of the same scenario.

use super::validate_chart::{write_bass_chart, write_cascade_chart};
use super::Staging;
use crate::validate::{bass, cascade, Curves, Outcome};
use anyhow::{Context, Result};
use std::path::Path;

/// The file every validation folder holds, written last.
pub const MARKER_FILE: &str = "validate.csv";

/// Columns of `validate.csv`, `bass.csv` and `cascade.csv` (docs/GUIDE.md
/// defines each).
pub const FIGURE_COLUMNS: [&str; 8] = [
    "check",
    "figure",
    "model",
    "theory",
    "error",
    "tolerance",
    "verdict",
    "basis",
];
pub const BASS_COLUMNS: [&str; 6] = [
    "day",
    "years",
    "model_adopted",
    "theory_adopted",
    "model_rate",
    "theory_rate",
];
pub const CASCADE_COLUMNS: [&str; 7] = [
    "strategy",
    "replicate",
    "pass_on",
    "threshold",
    "final_reach",
    "final_share",
    "took_off",
];

/// Writes `out_dir`: one entry per check run, with its replicates.
pub fn write_validation(out_dir: &Path, outcomes: &[(Outcome, u32)]) -> Result<()> {
    let staging = Staging::new(out_dir, MARKER_FILE)
        .with_context(|| format!("preparing output folder {}", out_dir.display()))?;
    for (outcome, replicates) in outcomes {
        match &outcome.curves {
            Curves::Bass(c) => {
                write_bass_csv(&staging.path("bass.csv"), c).context("writing bass.csv")?;
                write_bass_chart(&staging.path(""), c, *replicates)
                    .context("drawing the Bass chart")?;
            }
            Curves::Cascade(runs) => {
                write_cascade_csv(&staging.path("cascade.csv"), runs)
                    .context("writing cascade.csv")?;
                write_cascade_chart(&staging.path(""), runs)
                    .context("drawing the cascade chart")?;
            }
        }
    }
    let mut w = csv::Writer::from_path(staging.path(MARKER_FILE))?;
    w.write_record(FIGURE_COLUMNS)?;
    for f in outcomes.iter().flat_map(|(o, _)| &o.figures) {
        w.write_record([
            f.check.to_string(),
            f.figure.clone(),
            f.model.to_string(),
            f.theory.to_string(),
            f.error().to_string(),
            f.tolerance.to_string(),
            verdict(f.passes()).to_string(),
            f.basis.clone(),
        ])?;
    }
    w.flush()?;
    drop(w);
    staging
        .commit()
        .with_context(|| format!("moving the results into {}", out_dir.display()))
}

/// A figure's verdict as printed and written.
pub fn verdict(passes: bool) -> &'static str {
    if passes {
        "pass"
    } else {
        "FAIL"
    }
}

/// A value, or nothing for a value that does not exist (NaN).
fn cell(v: f64) -> String {
    if v.is_nan() {
        String::new()
    } else {
        v.to_string()
    }
}

fn write_bass_csv(path: &Path, c: &bass::Curves) -> Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(BASS_COLUMNS)?;
    for d in 0..c.years.len() {
        w.write_record([
            (d + 1).to_string(),
            c.years[d].to_string(),
            c.model_adopted[d].to_string(),
            c.theory_adopted[d].to_string(),
            cell(c.model_rate[d]),
            c.theory_rate[d].to_string(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn write_cascade_csv(path: &Path, runs: &cascade::Runs) -> Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(CASCADE_COLUMNS)?;
    for arm in &runs.arms {
        for (r, &share) in arm.final_share.iter().enumerate() {
            w.write_record([
                arm.arm.clone(),
                (r + 1).to_string(),
                arm.pass_on.to_string(),
                runs.thresholds[r].to_string(),
                (share * f64::from(runs.people)).round().to_string(),
                share.to_string(),
                (share >= cascade::TAKE_OFF_SHARE).to_string(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}
