//! The documents match the code: every CSV column is defined in README.md,
//! docs/MODEL.md carries the parameter table the code generates, and every
//! scenario in scenarios/ is valid.

use outreach::metrics::METRICS;
use std::fs;

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn readme_defines_every_column_in_one_sentence() {
    let readme = read("README.md");
    let columns = [
        "strategy",
        "replicate",
        "day",
        "metric",
        "mean",
        "ci_low",
        "ci_high",
    ]
    .into_iter()
    .chain(METRICS.iter().map(|m| m.name))
    .chain(outreach::output::outcomes_csv::COLUMNS)
    .chain(outreach::output::validation::FIGURE_COLUMNS)
    .chain(outreach::output::validation::BASS_COLUMNS)
    .chain(outreach::output::validation::CASCADE_COLUMNS);
    for c in columns {
        let line = readme
            .lines()
            .find(|l| l.starts_with(&format!("- `{c}`: ")))
            .unwrap_or_else(|| panic!("README.md has no definition line for column `{c}`"));
        assert!(
            line.trim_end().ends_with('.'),
            "definition of `{c}` is not a sentence"
        );
    }
    for m in METRICS {
        assert!(
            readme.contains(&format!("- `{}`: {}", m.name, m.meaning)),
            "README's `{}` differs from src/metrics.rs",
            m.name
        );
    }
}

#[test]
fn readme_gives_the_two_commands() {
    let readme = read("README.md");
    assert!(readme.contains("cargo run --release") && readme.contains("cargo test"));
    assert!(
        read(".ci/run").contains("cargo test\n"),
        ".ci/run must run the README's test command"
    );
}

#[test]
fn model_document_has_the_code_s_parameter_table() {
    let model = read("docs/MODEL.md");
    for row in outreach::cli::params_markdown().lines() {
        assert!(model.contains(row), "docs/MODEL.md lacks or differs in row:\n{row}\n(regenerate with `outreach params --markdown`)");
    }
}

#[test]
fn every_scenario_file_is_valid() {
    let mut n = 0;
    for entry in fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            outreach::scenario::load(Some(&path), &[])
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // A [sweep] table is checked too (`run` alone ignores it).
            outreach::sweep::Sweep::load(Some(&path), &[])
                .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 4);
    // The embedded default and scenarios/classic.toml tell the same story.
    let default = outreach::scenario::load(None, &[]).unwrap().0;
    let classic =
        outreach::scenario::load(Some(std::path::Path::new("scenarios/classic.toml")), &[])
            .unwrap()
            .0;
    assert_eq!(
        outreach::scenario::Scenario {
            name: default.name.clone(),
            // classic.toml is also a lesson; the default run declares no outcomes.
            lesson: None,
            ..classic
        },
        default
    );
}

#[test]
fn readme_defines_every_sweep_column_in_one_sentence() {
    let readme = read("README.md");
    let defined = |c: &str| {
        readme
            .lines()
            .find(|l| l.starts_with(&format!("- `{c}`: ")))
            .is_some_and(|l| l.trim_end().ends_with('.'))
    };
    let paths = ["arms.blast.email-blast.cadence_days".to_string()];
    for c in outreach::output::sweep_csv::header(&paths) {
        // A column stands for its kind: a swept path, the arm, or a metric's statistic.
        let kind = if paths.contains(&c) {
            "<path>".to_string()
        } else {
            ["mean", "low", "high"]
                .into_iter()
                .find(|end| METRICS.iter().any(|m| c == format!("{}_{end}", m.name)))
                .map_or_else(|| c.clone(), |end| format!("<metric>_{end}"))
        };
        assert!(
            defined(&kind),
            "README.md has no one-sentence definition line for sweep.csv column `{c}` (as `{kind}`)"
        );
    }
}
