//! Writing results: one output folder per run, written whole or not at all
//! (`staging`), holding the resolved scenario, the CSV tables (`csv_files`),
//! the charts (`chart`), the run record (`run_info`) and the handout
//! (`report`, with `spread_svg`). Nothing here simulates or summarises; it
//! only writes what it is given. `lock` keeps one writer per folder;
//! [`prepare`] checks and locks a run's folder before the first day is
//! simulated.

pub mod chart;
pub mod csv_files;
pub mod degree_chart;
pub mod lock;
pub mod outcomes_csv;
pub mod palette;
pub(crate) mod png_text;
pub mod report;
pub mod run_info;
pub mod spread_svg;
pub mod staging;
pub mod sweep_chart;
pub mod sweep_csv;
pub mod validate_chart;
pub mod validation;

use std::path::Path;

use anyhow::Context;

pub use run_info::RunInfo;
pub use staging::{Options, Staging};

use crate::engine::result::RunResult;
use crate::outcomes::Outcome;
use crate::scenario::config::Scenario;
use crate::spread::SpreadPicture;
use crate::summary::Summary;

/// The file every output folder holds; an existing folder without it is
/// never replaced.
pub const MARKER_FILE: &str = "run.json";

/// Longest folder name made from a scenario's name, in characters: well
/// under the 255 bytes file systems take, even in four-byte characters.
const SLUG_CHARS: usize = 60;

/// The default output folder name for a scenario or arm `name`: letters of
/// any script, digits, `-`, `_` and `.` kept; anything else (spaces,
/// slashes, control characters) becomes one `-`; leading dots and dashes
/// dropped so the folder is never hidden nor read as an option; at most
/// sixty characters; "scenario" if nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | '.' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out
        .trim_start_matches(['.', '-'])
        .chars()
        .take(SLUG_CHARS)
        .collect();
    let out = out.trim_end_matches(['-', '.']);
    if out.is_empty() {
        "scenario".to_string()
    } else {
        out.to_string()
    }
}

/// What a run hands to `write_all`.
pub struct Written<'a> {
    pub scenario: &'a Scenario,
    pub result: &'a RunResult,
    pub summary: &'a Summary,
    /// The lesson's expected outcomes, checked (empty without a lesson).
    pub outcomes: &'a [Outcome],
    pub spread: &'a SpreadPicture,
    pub info: &'a RunInfo,
}

/// Bytes of chart images and the report, above the tables (measured: the
/// default scenario's charts and report take about 1.5 MB).
pub(crate) const CHART_BYTES: u64 = 1_000_000;

/// A lower bound on the size of a run's output folder: `timeseries.csv`
/// (one row per arm, replicate and day, at least two bytes a metric),
/// `summary.csv` (one row per arm, day and metric, at least twenty bytes)
/// and the charts. Saturating: a scenario too large to count is too large
/// for any disk.
pub fn estimated_bytes(s: &Scenario) -> u64 {
    let metrics = crate::metrics::METRICS.len() as u64;
    let arm_days = (s.arms.len() as u64).saturating_mul(u64::from(s.days));
    let timeseries = arm_days
        .saturating_mul(u64::from(s.replicates))
        .saturating_mul(metrics.saturating_mul(2) + 10);
    let summary = arm_days.saturating_mul(metrics).saturating_mul(20);
    timeseries
        .saturating_add(summary)
        .saturating_add(CHART_BYTES)
}

/// Checks and locks the output folder of a run before anything is
/// simulated: another writer of the same folder, a path that is a file, a
/// result folder holding files this tool did not write (unless
/// `options.force`), a place that cannot be written or a name the file
/// system refuses (the hidden folder is created now), and too little free
/// disk space for [`estimated_bytes`].
pub fn prepare(out_dir: &Path, scenario: &Scenario, options: Options) -> anyhow::Result<Staging> {
    let staging = Staging::open(out_dir, MARKER_FILE, options)
        .with_context(|| format!("cannot write results to {}", out_dir.display()))?;
    staging.check_space(estimated_bytes(scenario))?;
    Ok(staging)
}

/// Fills the output folder prepared by [`prepare`]: `scenario.toml`,
/// `timeseries.csv`, `summary.csv`, `outcomes.csv` (for a lesson with
/// expected outcomes), `run.json`, the charts and `report.html`. An existing
/// output folder is replaced only once everything is written.
pub fn write_all(staging: Staging, w: &Written) -> anyhow::Result<()> {
    let (scenario, result, summary) = (w.scenario, w.result, w.summary);
    let out_dir = staging.final_dir().to_path_buf();
    let file = |name: &str| staging.path(name);
    std::fs::write(file("scenario.toml"), scenario.to_toml()).context("writing scenario.toml")?;
    csv_files::write_timeseries(&file("timeseries.csv"), result)
        .context("writing timeseries.csv")?;
    csv_files::write_summary(&file("summary.csv"), summary).context("writing summary.csv")?;
    if !w.outcomes.is_empty() {
        outcomes_csv::write_outcomes(&file("outcomes.csv"), w.outcomes)
            .context("writing outcomes.csv")?;
    }
    let comparison = (result.arms.len() > 1)
        .then(|| crate::comparison::compare(result, scenario.baseline_index()));
    if let Some(c) = &comparison {
        csv_files::write_comparison(&file("compare.csv"), c).context("writing compare.csv")?;
    }
    chart::write_charts(
        &staging.path(""),
        &scenario.name,
        summary,
        comparison.as_ref(),
        &palette::arm_styles(&scenario.arms),
    )
    .context("drawing charts")?;
    // After the charts: the report embeds their SVG files.
    report::write_report(&staging.path(""), w).context("writing report.html")?;
    // Last, so that a folder holding the marker is always complete.
    run_info::write_run_info(&file(MARKER_FILE), w.info).context("writing run.json")?;
    staging
        .commit()
        .with_context(|| format!("moving the results into {}", out_dir.display()))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::scenario::DEFAULT_SCENARIO;
    use crate::summary::summarise;
    use crate::summary::tests::synthetic_run;

    fn write(out_dir: &Path) -> RunInfo {
        write_with(out_dir, Options::default()).unwrap()
    }

    fn write_with(out_dir: &Path, options: Options) -> anyhow::Result<RunInfo> {
        let scenario = crate::scenario::from_str(DEFAULT_SCENARIO).unwrap();
        let result = synthetic_run();
        let info = RunInfo::new(
            &scenario,
            vec!["outreach".into(), "run".into()],
            2,
            Duration::from_millis(500),
        );
        let summary = summarise(&result);
        let spread = crate::spread::SpreadPicture {
            days: vec![30],
            samples: vec![None],
            arms: Vec::new(),
        };
        let written = Written {
            scenario: &scenario,
            result: &result,
            summary: &summary,
            outcomes: &[],
            spread: &spread,
            info: &info,
        };
        write_all(prepare(out_dir, &scenario, options)?, &written)?;
        Ok(info)
    }

    /// Issue 11, item 13: `.hidden.toml` wrote a hidden folder, and names
    /// are not limited to ASCII letters.
    #[test]
    fn item_13_slugs_are_readable_safe_and_never_hidden() {
        for (name, expected) in [
            ("classic", "classic"),
            ("café crème", "café-crème"),
            ("Ñandú/ü", "Ñandú-ü"),
            (".hidden", "hidden"),
            ("..", "scenario"),
            ("a  /\\ b", "a-b"),
            ("--rm", "rm"),
            ("日本語", "日本語"),
        ] {
            assert_eq!(slug(name), expected, "{name}");
        }
        assert_eq!(slug(&"x".repeat(100_000)).len(), SLUG_CHARS);
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_all_writes_every_file_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("results");
        let info = write(&out);
        let mut expected: Vec<String> = [
            "run.json",
            "scenario.toml",
            "summary.csv",
            "timeseries.csv",
            "compare.csv",
            "report.html",
        ]
        .map(String::from)
        .into();
        for stem in [
            "conversions",
            "dashboard",
            "reach",
            "trust",
            "unsubscribes",
            "profit",
            "compare",
        ] {
            expected.extend([format!("{stem}.png"), format!("{stem}.svg")]);
        }
        expected.sort();
        assert_eq!(names(&out), expected);
        assert_eq!(names(tmp.path()), ["results"]);

        let toml = std::fs::read_to_string(out.join("scenario.toml")).unwrap();
        assert_eq!(
            run_info::sha256_hex(&toml),
            info.scenario_sha256,
            "the hash is of the file written"
        );
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
        assert_eq!(json["scenario"], "default");
        assert_eq!(json["threads"], 2);
    }

    #[test]
    fn rewriting_replaces_the_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("results");
        write(&out);
        std::fs::remove_file(out.join("summary.csv")).unwrap();
        write(&out);
        assert!(
            out.join("summary.csv").is_file(),
            "the folder was rewritten"
        );
        assert_eq!(names(tmp.path()), ["results"]);
    }

    /// Issue 11, item 13: a rerun deleted files the user had put in a result
    /// folder without a word; now it refuses, naming them, until --force.
    #[test]
    fn item_13_a_rerun_keeps_files_the_user_added_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("results");
        write(&out);
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = write_with(&out, Options::default()).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("notes.txt") && text.contains("--force"),
            "{text}"
        );
        assert!(out.join("notes.txt").is_file());
        write_with(
            &out,
            Options {
                force: true,
                wait: false,
            },
        )
        .unwrap();
        assert!(!out.join("notes.txt").exists());
        assert_eq!(names(tmp.path()), ["results"]);
    }
}
