//! `outcomes.csv`: a lesson's expected outcomes and their verdicts, one row
//! each (columns defined in docs/GUIDE.md).

use std::path::Path;

use anyhow::Context;

use crate::outcomes::{Outcome, Settle, MOST_REPLICATES};
use crate::scenario::lesson::Against;

/// The header of `outcomes.csv`.
pub const COLUMNS: [&str; 11] = [
    "says",
    "strategy",
    "metric",
    "day",
    "side",
    "compared_with",
    "difference",
    "ci_low",
    "ci_high",
    "verdict",
    "replicates_to_settle",
];

/// Writes `outcomes.csv`; numbers in Rust's shortest round-tripping form.
pub fn write_outcomes(path: &Path, outcomes: &[Outcome]) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(COLUMNS)?;
    let bound = |b: Option<f64>| b.map_or_else(String::new, |v| v.to_string());
    for o in outcomes {
        let e = &o.expect;
        let compared_with = match &e.against {
            Against::Arm(other) => other.clone(),
            Against::Value(v) => v.to_string(),
        };
        out.write_record([
            e.says.clone(),
            e.arm.clone(),
            e.metric.clone(),
            o.day.to_string(),
            if e.above { "above" } else { "below" }.to_string(),
            compared_with,
            o.difference.mean.to_string(),
            bound(o.difference.low),
            bound(o.difference.high),
            o.verdict.text().to_string(),
            match o.settle {
                Settle::Settled | Settle::Unknown => String::new(),
                Settle::About(n) => n.to_string(),
                Settle::BeyondReason => format!("more than {MOST_REPLICATES}"),
            },
        ])?;
    }
    out.flush().context("flushing outcomes.csv")?;
    Ok(())
}
