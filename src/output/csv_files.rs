//! The two CSV tables: `timeseries.csv`, every replicate's raw daily metrics,
//! and `summary.csv`, the tidy table of means and 95% intervals.
//!
//! Numbers print with Rust's shortest round-tripping format (`{}` on `f64`),
//! so counts print as integers, fractions carry every digit needed to read
//! back the same value, and the same run always writes the same bytes.

use std::path::Path;

use anyhow::Context;

use crate::comparison::Comparison;
use crate::engine::result::RunResult;
use crate::metrics::METRICS;
use crate::summary::Summary;

/// A number as written in every CSV: empty when there is none (NaN: a
/// ratio with nothing to divide by, a payback day not yet reached).
pub fn number(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        String::new()
    }
}

/// Writes `timeseries.csv`: header `strategy,replicate,day,` then every
/// metric in `METRICS` order; one row per arm, replicate and day, with
/// replicates and days numbered from 1.
pub fn write_timeseries(path: &Path, result: &RunResult) -> anyhow::Result<()> {
    timeseries_to(csv::Writer::from_path(path)?, result)
}

/// `timeseries.csv` into any writer (the live page's downloads).
pub fn timeseries_to<W: std::io::Write>(
    mut out: csv::Writer<W>,
    result: &RunResult,
) -> anyhow::Result<()> {
    let mut header = vec!["strategy", "replicate", "day"];
    header.extend(METRICS.iter().map(|m| m.name));
    out.write_record(&header)?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for (arm, replicates) in result.arms.iter().zip(&result.series) {
        for (replicate, days) in replicates.iter().enumerate() {
            for (day, metrics) in days.iter().enumerate() {
                row.clear();
                row.push(arm.clone());
                row.push((replicate + 1).to_string());
                row.push((day + 1).to_string());
                row.extend(METRICS.iter().map(|m| number((m.get)(metrics))));
                out.write_record(&row)?;
            }
        }
    }
    out.flush().context("flushing the CSV file")?;
    Ok(())
}

/// Writes `summary.csv`, one row per arm, day and metric:
/// `strategy,day,metric,mean,ci_low,ci_high`. The bounds are empty when a run
/// has a single replicate.
pub fn write_summary(path: &Path, summary: &Summary) -> anyhow::Result<()> {
    summary_to(csv::Writer::from_path(path)?, summary)
}

/// `summary.csv` into any writer (the live page's downloads).
pub fn summary_to<W: std::io::Write>(
    mut out: csv::Writer<W>,
    summary: &Summary,
) -> anyhow::Result<()> {
    out.write_record(["strategy", "day", "metric", "mean", "ci_low", "ci_high"])?;
    let bound = |b: Option<f64>| b.map_or_else(String::new, number);
    for (arm, metrics) in summary.arms.iter().zip(&summary.cells) {
        for day in 0..summary.days {
            for (metric, intervals) in METRICS.iter().zip(metrics) {
                let cell = intervals[day];
                out.write_record([
                    arm.clone(),
                    (day + 1).to_string(),
                    metric.name.to_string(),
                    number(cell.mean),
                    bound(cell.low),
                    bound(cell.high),
                ])?;
            }
        }
    }
    out.flush().context("flushing the CSV file")?;
    Ok(())
}

/// Writes `compare.csv`, one row per compared arm, day and metric: the mean
/// paired difference from the baseline with its 95% interval, and the
/// interval an unpaired comparison would give.
pub fn write_comparison(path: &Path, c: &Comparison) -> anyhow::Result<()> {
    comparison_to(csv::Writer::from_path(path)?, c)
}

/// `compare.csv` into any writer (the live page's downloads).
pub fn comparison_to<W: std::io::Write>(
    mut out: csv::Writer<W>,
    c: &Comparison,
) -> anyhow::Result<()> {
    out.write_record([
        "strategy",
        "baseline",
        "day",
        "metric",
        "difference",
        "ci_low",
        "ci_high",
        "unpaired_ci_low",
        "unpaired_ci_high",
    ])?;
    let bound = |b: Option<f64>| b.map_or_else(String::new, number);
    for (a, arm) in c.paired.arms.iter().enumerate() {
        for day in 0..c.paired.days {
            for (m, metric) in METRICS.iter().enumerate() {
                let p = c.paired.cells[a][m][day];
                let u = c.unpaired[a][m][day];
                out.write_record([
                    arm.clone(),
                    c.baseline.clone(),
                    (day + 1).to_string(),
                    metric.name.to_string(),
                    number(p.mean),
                    bound(p.low),
                    bound(p.high),
                    bound(u.low),
                    bound(u.high),
                ])?;
            }
        }
    }
    out.flush().context("flushing the CSV file")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::summarise;
    use crate::summary::tests::synthetic_run;

    fn read(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let header = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn timeseries_has_one_row_per_arm_replicate_and_day() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("timeseries.csv");
        let run = synthetic_run();
        write_timeseries(&path, &run).unwrap();
        let (header, rows) = read(&path);
        assert_eq!(header[..4], ["strategy", "replicate", "day", "reach"]);
        assert_eq!(header.len(), 3 + METRICS.len());
        assert_eq!(rows.len(), 2 * 3 * 30);
        // First row: arm 0, replicate 1, day 1, reach 40; trust 0.298.
        assert_eq!(rows[0][..4], ["email-blast", "1", "1", "40"]);
        assert_eq!(
            rows[0][header.iter().position(|h| h == "trust").unwrap()],
            "0.298"
        );
        let last = rows.last().unwrap();
        assert_eq!(last[..4], ["networking", "3", "30", "906"]);
    }

    #[test]
    fn timeseries_values_round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("timeseries.csv");
        let run = synthetic_run();
        write_timeseries(&path, &run).unwrap();
        let (header, rows) = read(&path);
        let trust = header.iter().position(|h| h == "trust").unwrap();
        for (row, metrics) in rows.iter().zip(run.series.iter().flatten().flatten()) {
            assert_eq!(row[trust].parse::<f64>().unwrap(), metrics.trust);
        }
    }

    #[test]
    fn summary_is_tidy_with_empty_bounds_for_one_replicate() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("summary.csv");
        let mut run = synthetic_run();
        write_summary(&path, &summarise(&run)).unwrap();
        let (header, rows) = read(&path);
        assert_eq!(
            header,
            ["strategy", "day", "metric", "mean", "ci_low", "ci_high"]
        );
        assert_eq!(rows.len(), 2 * 30 * METRICS.len());
        // Day 1 reach of arm 0 over replicates 40, 47, 54.
        assert_eq!(rows[0][..4], ["email-blast", "1", "reach", "47"]);
        let low: f64 = rows[0][4].parse().unwrap();
        let high: f64 = rows[0][5].parse().unwrap();
        assert!(low < 47.0 && 47.0 < high);

        for arm in &mut run.series {
            arm.truncate(1);
        }
        write_summary(&path, &summarise(&run)).unwrap();
        let (_, rows) = read(&path);
        assert_eq!(rows[0], ["email-blast", "1", "reach", "40", "", ""]);
    }
}
