//! The documents match the code: every CSV column is defined in
//! docs/GUIDE.md, docs/MODEL.md carries the parameter table the code
//! generates, every scenario in scenarios/ is valid, every command, option
//! and parameter path the documents name exists (and every command and
//! option is in the guide), and docs/CLUSTER.md shows the batch script as it
//! is in the repository.

use clap::CommandFactory;
use outreach::metrics::METRICS;
use std::collections::BTreeSet;
use std::fs;

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn guide_defines_every_column_in_one_sentence() {
    let readme = read("docs/GUIDE.md");
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
            .unwrap_or_else(|| panic!("docs/GUIDE.md has no definition line for column `{c}`"));
        assert!(
            line.trim_end().ends_with('.'),
            "definition of `{c}` is not a sentence"
        );
    }
    for m in METRICS {
        assert!(
            readme.contains(&format!("- `{}`: {}", m.name, m.meaning)),
            "docs/GUIDE.md's `{}` differs from src/metrics.rs",
            m.name
        );
    }
}

#[test]
fn readme_is_short_and_gives_the_two_commands() {
    let readme = read("README.md");
    // The first screen for a newcomer; reference material lives in docs/.
    assert!(readme.lines().count() <= 250, "README.md is over 250 lines");
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
fn guide_defines_every_sweep_column_in_one_sentence() {
    let readme = read("docs/GUIDE.md");
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
            "docs/GUIDE.md has no one-sentence definition line for sweep.csv column `{c}` (as `{kind}`)"
        );
    }
}

/// Every document a reader may follow: README.md and docs/*.md.
fn documents() -> Vec<(String, String)> {
    let mut docs = vec![("README.md".to_string(), read("README.md"))];
    let mut paths: Vec<_> = fs::read_dir("docs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for p in paths {
        let name = p.display().to_string();
        docs.push((name.clone(), read(&name)));
    }
    docs
}

/// Each subcommand's name with its visible long options, and the options of
/// the command without a subcommand under "".
fn commands() -> Vec<(String, Vec<String>, bool)> {
    let cli = outreach::cli::Cli::command();
    let longs = |c: &clap::Command| -> Vec<(String, bool)> {
        c.get_arguments()
            .filter_map(|a| a.get_long().map(|l| (l.to_string(), a.is_hide_set())))
            .collect()
    };
    let mut all = Vec::new();
    for (name, hidden) in longs(&cli) {
        all.push((String::new(), vec![name], hidden));
    }
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        for (name, hidden) in longs(sub) {
            all.push((sub.get_name().to_string(), vec![name], hidden));
        }
        all.push((sub.get_name().to_string(), Vec::new(), sub.is_hide_set()));
    }
    all
}

/// Words made of the characters of options, paths and parameter keys.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_.<>/-".contains(c)))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| !w.is_empty())
}

/// Options of other programs that the documents show (cargo, sbatch, the
/// Slurm recipe's, valgrind's).
const FOREIGN_OPTIONS: &[&str] = &[
    "tool",
    "toggle-collect",
    "config",
    "release",
    "bench",
    "no-run",
    "all-targets",
    "array",
    "cpus-per-task",
    "chdir",
    "parsable",
    "output",
    "kill-on-invalid-dep",
    "dependency",
    "wait",
    "time",
    "partition",
    "job-name",
    "account",
];

/// Words that follow the binary's name in prose ("another outreach process",
/// "files outreach did not write"), where it is not a command line.
const PROSE_AFTER_NAME: &[&str] = &["process", "did", "does", "is", "writes", "wrote"];

/// Paths the guide misspells on purpose, to show how a typo is refused.
const DELIBERATE_TYPOS: &[&str] = &["arms.blast.email-blast.open_rat"];

#[test]
fn documents_name_only_commands_options_and_parameters_that_exist() {
    let cli = outreach::cli::Cli::command();
    let subcommands: BTreeSet<String> = cli
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let options: BTreeSet<String> = commands()
        .into_iter()
        .flat_map(|(_, o, _)| o)
        .chain(["help".to_string(), "version".to_string()])
        .collect();
    let params: Vec<Vec<&str>> = outreach::scenario::params::ALL
        .iter()
        .map(|p| p.path.split('.').collect())
        .collect();
    let mut wrong = Vec::new();
    for (doc, text) in documents() {
        let tokens: Vec<&str> = words(&text).collect();
        for (i, w) in tokens.iter().enumerate() {
            if let Some(o) = w.strip_prefix("--") {
                // `---` is a table rule, a bare `--` ends options.
                let named = o.starts_with(|c: char| c.is_ascii_lowercase());
                if named && !options.contains(o) && !FOREIGN_OPTIONS.contains(&o) {
                    wrong.push(format!("{doc}: option --{o}"));
                }
            }
            // `outreach NAME` (the binary, then a lower-case word): NAME is a command.
            if (*w == "outreach" || w.ends_with("/outreach")) && i + 1 < tokens.len() {
                let next = tokens[i + 1];
                let follows = text.contains(&format!("{w} {next}"));
                if follows
                    && next.chars().all(|c| c.is_ascii_lowercase())
                    && !subcommands.contains(next)
                    && !PROSE_AFTER_NAME.contains(&next)
                {
                    wrong.push(format!("{doc}: command `outreach {next}`"));
                }
            }
            let top = w.split('.').next().unwrap_or("");
            if ["population", "behaviour", "money", "arms"].contains(&top)
                && w.contains('.')
                && !DELIBERATE_TYPOS.contains(w)
                && !names_a_parameter(w, &params)
            {
                wrong.push(format!("{doc}: parameter path {w}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the documents name what does not exist:\n{}",
        wrong.join("\n")
    );
}

/// Whether `path` (as a document writes it: an arm's own name or `<arm>`,
/// perhaps a table rather than a key) is a parameter's path or a table
/// holding parameters.
fn names_a_parameter(path: &str, params: &[Vec<&str>]) -> bool {
    let mut segments: Vec<&str> = path.split('.').collect();
    // An arm's own network takes the population network's keys.
    if segments.len() >= 3 && segments[0] == "arms" && segments[2] == "network" {
        segments.splice(0..3, ["population", "network"]);
    }
    params.iter().any(|p| {
        segments.len() <= p.len()
            && segments
                .iter()
                .zip(p)
                .all(|(s, q)| s == q || (q.starts_with('<') && !s.is_empty()) || s.starts_with('<'))
    })
}

#[test]
fn guide_documents_every_command_and_option() {
    let guide = read("docs/GUIDE.md");
    for (command, options, hidden) in commands() {
        if hidden {
            continue;
        }
        if options.is_empty() {
            assert!(
                guide.contains(&format!("`outreach {command}")),
                "docs/GUIDE.md does not document `outreach {command}`"
            );
        }
        for o in options {
            // `--help` and `--version` are clap's own and listed once.
            assert!(
                guide.contains(&format!("`--{o}")),
                "docs/GUIDE.md does not document --{o} (of `outreach {command}`)"
            );
            if !command.is_empty() && o != "help" {
                let line = guide
                    .lines()
                    .find(|l| l.starts_with("- `--") && l.contains(&format!("`--{o}")))
                    .unwrap_or_else(|| panic!("docs/GUIDE.md has no option line for --{o}"));
                assert!(
                    line.contains(&format!("`{command}`")),
                    "docs/GUIDE.md's line for --{o} does not name `{command}`"
                );
            }
        }
    }
}

#[test]
fn cluster_document_shows_the_batch_script_verbatim() {
    let script = read("contrib/slurm/sweep.sbatch");
    assert!(
        read("docs/CLUSTER.md").contains(&format!("```bash\n{script}```")),
        "docs/CLUSTER.md must include contrib/slurm/sweep.sbatch exactly, in a bash block"
    );
}
