//! `outreach validate` through the real binary at the quick size: it passes,
//! its checks are ordinary scenario files that `outreach run` reproduces
//! figure for figure, and a figure out of tolerance fails the command.

use crate::support::outreach;
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A CSV file as rows of column name to value.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column}: {:?}", row[column]))
}

/// Runs `outreach validate --print NAME --quick`, then `outreach run` on
/// what it printed; returns the run's timeseries.csv.
fn run_printed(dir: &Path, name: &str) -> Vec<HashMap<String, String>> {
    let printed = outreach(dir)
        .args(["validate", "--quick", "--print", name])
        .output()
        .unwrap();
    assert!(printed.status.success());
    let file = dir.join(format!("{name}.toml"));
    fs::write(&file, &printed.stdout).unwrap();
    let out = format!("run-{name}");
    outreach(dir)
        .args(["run", &format!("{name}.toml"), "--quiet", "--out", &out])
        .assert()
        .success();
    rows(&dir.join(out).join("timeseries.csv"))
}

#[test]
fn validate_passes_and_outreach_run_reproduces_every_figure() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let out = outreach(d)
        .args(["validate", "--quick", "--out", "v"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{table}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        table.contains(" pass") && !table.contains("FAIL"),
        "{table}"
    );
    for file in [
        "validate.csv",
        "bass.csv",
        "cascade.csv",
        "bass.png",
        "bass.svg",
        "cascade.png",
        "cascade.svg",
    ] {
        let len = fs::metadata(d.join("v").join(file)).unwrap().len();
        assert!(len > 1000, "{file} has {len} bytes");
    }
    let figures = rows(&d.join("v/validate.csv"));
    assert!(figures.len() >= 7);
    assert!(figures.iter().all(|f| f["verdict"] == "pass"));
    for check in ["bass", "cascade"] {
        assert!(figures.iter().any(|f| f["check"] == check));
    }

    // The Bass curve: mean reach over replicates / people, day by day.
    let series = run_printed(d, "bass");
    let people = 25_000.0;
    let bass = rows(&d.join("v/bass.csv"));
    let replicates = series.iter().filter(|r| r["day"] == "1").count() as f64;
    assert_eq!(series.len() as f64, bass.len() as f64 * replicates);
    for row in &bass {
        let day = &row["day"];
        let reach: f64 = series
            .iter()
            .filter(|r| &r["day"] == day)
            .map(|r| number(r, "reach"))
            .sum();
        let adopted = reach / replicates / people;
        assert!(
            (adopted - number(row, "model_adopted")).abs() < 1e-12,
            "day {day}: run gives {adopted}, validate {}",
            row["model_adopted"]
        );
    }

    // The cascade: final reach of every arm and replicate.
    let series = run_printed(d, "cascade");
    let last = series.iter().map(|r| number(r, "day")).fold(0.0, f64::max);
    let cascade = rows(&d.join("v/cascade.csv"));
    assert_eq!(cascade.len(), 2 * 40);
    for row in &cascade {
        let run = series
            .iter()
            .find(|r| {
                r["strategy"] == row["strategy"]
                    && r["replicate"] == row["replicate"]
                    && number(r, "day") == last
            })
            .unwrap();
        assert_eq!(run["reach"], row["final_reach"], "{row:?}");
    }
}

#[test]
fn a_figure_out_of_tolerance_fails_with_exit_status_3() {
    let dir = TempDir::new().unwrap();
    let out = outreach(dir.path())
        .args([
            "validate",
            "--quick",
            "--quiet",
            "--tolerance-scale",
            "0",
            "--out",
            "v",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("validation figures out of tolerance"), "{err}");
    assert!(out.stdout.is_empty(), "--quiet prints no table");
    let figures = rows(&dir.path().join("v/validate.csv"));
    assert!(figures.iter().any(|f| f["verdict"] == "FAIL"));
}

#[test]
fn print_names_the_checks_when_asked_for_an_unknown_one() {
    let dir = TempDir::new().unwrap();
    let out = outreach(dir.path())
        .args(["validate", "--print", "bas"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no check named \"bas\"; checks: bass, cascade"),
        "{err}"
    );
}
