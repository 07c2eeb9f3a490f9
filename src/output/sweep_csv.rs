//! `sweep.csv`: one row per combination and arm, the swept values then every
//! metric's final-day mean and 95% interval across replicates. Rows are
//! written as each combination finishes (`rows`) and read back whole only to
//! draw the charts (`SweepTable`). Numbers print as in the other CSV files
//! (shortest round-tripping form); an undefined value (NaN, or a bound with
//! a single replicate) is an empty cell.

use crate::engine::result::RunResult;
use crate::metrics::METRICS;
use crate::summary::{interval, Interval};
use anyhow::{bail, Context, Result};
use std::path::Path;

/// A lower bound on the size of a sweep's folder: `sweep.csv` (one row per
/// combination and arm: each swept value, the arm and three numbers per
/// metric, at least two bytes a cell) and the charts. Saturating, as a grid
/// may be too large to count.
pub fn estimated_bytes(combinations: u64, arms: usize, axes: usize) -> u64 {
    let cells = (axes + 1 + 3 * METRICS.len()) as u64;
    combinations
        .saturating_mul(arms as u64)
        .saturating_mul(cells.saturating_mul(2))
        .saturating_add(super::CHART_BYTES)
}

/// The header: the swept paths, `arm`, then `<metric>_mean`, `_low`, `_high`
/// for every metric.
pub fn header(paths: &[String]) -> Vec<String> {
    let mut h: Vec<String> = paths.to_vec();
    h.push("arm".into());
    for m in METRICS {
        for end in ["mean", "low", "high"] {
            h.push(format!("{}_{end}", m.name));
        }
    }
    h
}

/// One combination's rows, one per arm: `values` (the swept values as
/// cells), the arm, then each metric on the last day.
pub fn rows(values: &[String], result: &RunResult) -> Vec<Vec<String>> {
    let cell = |v: Option<f64>| {
        v.filter(|x| x.is_finite())
            .map_or_else(String::new, |x| x.to_string())
    };
    let mut at_end = Vec::new();
    result
        .arms
        .iter()
        .zip(&result.series)
        .map(|(arm, replicates)| {
            let mut row = values.to_vec();
            row.push(arm.clone());
            for m in METRICS {
                at_end.clear();
                at_end.extend(
                    replicates
                        .iter()
                        .filter_map(|days| days.last())
                        .map(|d| (m.get)(d)),
                );
                let i = interval(&at_end);
                row.extend([cell(Some(i.mean)), cell(i.low), cell(i.high)]);
            }
            row
        })
        .collect()
}

/// sweep.csv read back: what the charts draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepTable {
    /// The swept paths, outermost first.
    pub axes: Vec<String>,
    /// Arm names, in the order rows list them.
    pub arms: Vec<String>,
    pub rows: Vec<SweepRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SweepRow {
    /// The swept values as written in the file.
    pub values: Vec<String>,
    pub arm: usize,
    /// Per metric in `METRICS` order; an empty mean reads as NaN.
    pub metrics: Vec<Interval>,
}

impl SweepTable {
    /// Reads a sweep.csv with `axes` swept columns.
    pub fn read(path: &Path, axes: usize) -> Result<SweepTable> {
        let mut r =
            csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
        let head: Vec<String> = r.headers()?.iter().map(String::from).collect();
        let paths: Vec<String> = head.iter().take(axes).cloned().collect();
        if head != header(&paths) {
            bail!("{} has unexpected columns", path.display());
        }
        let number = |s: &str| -> Option<f64> { s.parse().ok() };
        let mut table = SweepTable {
            axes: paths,
            arms: Vec::new(),
            rows: Vec::new(),
        };
        for record in r.records() {
            let record = record?;
            let arm_name = &record[axes];
            let arm = match table.arms.iter().position(|a| a == arm_name) {
                Some(a) => a,
                None => {
                    table.arms.push(arm_name.to_string());
                    table.arms.len() - 1
                }
            };
            let metrics = (0..METRICS.len())
                .map(|m| {
                    let at = axes + 1 + 3 * m;
                    Interval {
                        mean: number(&record[at]).unwrap_or(f64::NAN),
                        low: number(&record[at + 1]),
                        high: number(&record[at + 2]),
                    }
                })
                .collect();
            table.rows.push(SweepRow {
                values: (0..axes).map(|a| record[a].to_string()).collect(),
                arm,
                metrics,
            });
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::tests::synthetic_run;

    #[test]
    fn rows_round_trip_through_the_file() {
        let run = synthetic_run();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("sweep.csv");
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(header(&["days".into()])).unwrap();
        for v in ["1", "2"] {
            for row in rows(&[v.to_string()], &run) {
                w.write_record(row).unwrap();
            }
        }
        w.flush().unwrap();
        let t = SweepTable::read(&path, 1).unwrap();
        assert_eq!(t.arms, ["email-blast", "networking"]);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[3].values, ["2"]);
        // Arm 1, day 30: reach = 900 + 3·rep for rep 0, 1, 2.
        let reach = t.rows[1].metrics[0];
        assert_eq!(reach, interval(&[900.0, 903.0, 906.0]));
    }
}
