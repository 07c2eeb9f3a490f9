//! Writing results: one output folder per run, written whole or not at all
//! (`staging`), holding the resolved scenario, the CSV tables (`csv_files`),
//! the charts (`chart`), the run record (`run_info`) and the handout
//! (`report`, with `spread_svg`). Nothing here simulates or summarises; it
//! only writes what it is given.

pub mod chart;
pub mod csv_files;
pub mod degree_chart;
pub mod outcomes_csv;
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
pub use staging::Staging;

use crate::engine::result::RunResult;
use crate::outcomes::Outcome;
use crate::scenario::config::Scenario;
use crate::spread::SpreadPicture;
use crate::summary::Summary;

/// The file every output folder holds; an existing folder without it is
/// never replaced.
pub const MARKER_FILE: &str = "run.json";

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

/// Writes the whole output folder `out_dir`: `scenario.toml`,
/// `timeseries.csv`, `summary.csv`, `outcomes.csv` (for a lesson with
/// expected outcomes), `run.json`, the charts and `report.html`. An existing
/// output folder is replaced only once everything is written.
pub fn write_all(out_dir: &Path, w: &Written) -> anyhow::Result<()> {
    let (scenario, result, summary) = (w.scenario, w.result, w.summary);
    let staging = Staging::new(out_dir, MARKER_FILE)
        .with_context(|| format!("preparing output folder {}", out_dir.display()))?;
    let file = |name: &str| staging.path(name);
    std::fs::write(file("scenario.toml"), scenario.to_toml()).context("writing scenario.toml")?;
    csv_files::write_timeseries(&file("timeseries.csv"), result)
        .context("writing timeseries.csv")?;
    csv_files::write_summary(&file("summary.csv"), summary).context("writing summary.csv")?;
    if !w.outcomes.is_empty() {
        outcomes_csv::write_outcomes(&file("outcomes.csv"), w.outcomes)
            .context("writing outcomes.csv")?;
    }
    chart::write_charts(&staging.path(""), &scenario.name, summary).context("drawing charts")?;
    if result.arms.len() > 1 {
        let comparison = crate::comparison::compare(result, scenario.baseline_index());
        csv_files::write_comparison(&file("compare.csv"), &comparison)
            .context("writing compare.csv")?;
        chart::write_comparison(
            &staging.path(""),
            &scenario.name,
            &comparison.baseline,
            &comparison.with_unpaired(),
        )
        .context("drawing the comparison chart")?;
    }
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
        write_all(out_dir, &written).unwrap();
        info
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
        std::fs::write(out.join("stale.txt"), "from an older run").unwrap();
        write(&out);
        assert!(!out.join("stale.txt").exists());
        assert_eq!(names(tmp.path()), ["results"]);
    }
}
