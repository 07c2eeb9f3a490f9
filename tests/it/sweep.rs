//! `outreach sweep` and `outreach merge` on real files in a temporary folder:
//! an interrupted sweep resumes to the same bytes, shards merge into what one
//! run writes, changed scenarios and bad tables are refused, and reruns
//! leave no stale files.

use crate::support::{check, outreach};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Small enough to run in about a second: 9 combinations of 2 arms.
const SWEEP: &str = r#"
name = "small"
days = 60
replicates = 2
[population]
size = 1000
[population.network]
mean_degree = 10
[arms.blast.email-blast]
cadence_days = 7
[arms.talk.networking]
conversations_per_day = 5

[sweep]
"arms.blast.email-blast.cadence_days" = [1, 7, 30]
"population.initial_trust" = { start = 0.1, stop = 0.3, step = 0.1 }
"#;

/// A folder holding `s.toml` with `text`.
fn setup(text: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("s.toml"), text).unwrap();
    dir
}

/// Runs `outreach` with `args` in `dir`; returns (success, stdout + stderr).
fn run(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = outreach(dir).args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (success, text) = run(dir, args);
    assert!(success, "outreach {args:?} failed:\n{text}");
    text
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: PathBuf) -> Vec<u8> {
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_interrupted_sweep_resumes_to_the_same_bytes() {
    let dir = setup(SWEEP);
    let d = dir.path();
    ok(d, &["sweep", "s.toml", "-q", "--out", "whole"]);
    let whole = read(d.join("whole/sweep.csv"));
    assert_eq!(
        String::from_utf8_lossy(&whole).lines().count(),
        1 + 9 * 2,
        "a header and one row per combination and arm"
    );

    let (success, text) = run(
        d,
        &["sweep", "s.toml", "-q", "--out", "cut", "--stop-after", "2"],
    );
    assert!(!success && text.contains("--stop-after"), "{text}");
    assert!(
        !d.join("cut").exists(),
        "an unfinished sweep is not in place"
    );
    let partial = d.join(".cut.resume");
    let rows = fs::read_to_string(partial.join("sweep.csv")).unwrap();
    assert_eq!(rows.lines().count(), 1 + 2 * 2, "two combinations kept");
    // A kill in the middle of writing a row leaves half of it behind.
    fs::write(partial.join("sweep.csv"), format!("{rows}1,blast,12")).unwrap();
    let (success, _) = run(
        d,
        &["sweep", "s.toml", "-q", "--out", "cut", "--stop-after", "3"],
    );
    assert!(!success);
    let text = ok(d, &["sweep", "s.toml", "--out", "cut"]);
    assert!(text.contains("Resuming: 5 of 9"), "{text}");

    assert_eq!(read(d.join("cut/sweep.csv")), whole);
    assert_eq!(names(&d.join("cut")), names(&d.join("whole")));
    assert_eq!(
        read(d.join("cut/scenario.toml")),
        read(d.join("whole/scenario.toml"))
    );
    assert!(!partial.exists(), "the hidden folder became the result");
}

#[test]
fn merged_shards_equal_one_run() {
    let dir = setup(SWEEP);
    let d = dir.path();
    ok(d, &["sweep", "s.toml", "-q", "--out", "whole"]);
    for k in ["2/4", "4/4", "1/4", "3/4"] {
        ok(d, &["sweep", "s.toml", "-q", "--shard", k]);
    }
    let shards: Vec<String> = (1..=4)
        .map(|k| format!("output/small-sweep-shard-{k}-of-4"))
        .collect();
    // Shard 1 of 4 holds combinations 1, 5 and 9.
    let first = fs::read_to_string(d.join(&shards[0]).join("sweep.csv")).unwrap();
    assert_eq!(first.lines().count(), 1 + 3 * 2);

    let (success, text) = run(d, &["merge", &shards[0], &shards[1], &shards[3]]);
    assert!(
        !success && text.contains("3/4") && text.contains("missing"),
        "{text}"
    );
    let (success, text) = run(
        d,
        &[
            "merge", &shards[0], &shards[1], &shards[2], &shards[2], &shards[3],
        ],
    );
    assert!(!success && text.contains("twice"), "{text}");

    let mut args = vec!["merge", "-q"];
    args.extend(shards.iter().rev().map(String::as_str));
    let (success, text) = run(d, &[&args[..], &["--out", &shards[0]]].concat());
    assert!(
        !success && text.contains("would replace shard 1/4"),
        "{text}"
    );
    ok(d, &args);
    let merged = d.join("output/small-sweep");
    assert_eq!(
        read(merged.join("sweep.csv")),
        read(d.join("whole/sweep.csv"))
    );
    assert_eq!(names(&merged), names(&d.join("whole")));
    // Every file but sweep.json (which records the merge's own command and time).
    for file in names(&merged) {
        if file != "sweep.json" {
            assert_eq!(
                read(merged.join(&file)),
                read(d.join("whole").join(&file)),
                "{file}"
            );
        }
    }
}

/// A cluster array where one task never ran and another was killed part-way:
/// merge names both, writes nothing, and merges once they are rerun.
#[test]
fn merge_names_every_missing_or_unfinished_shard_and_writes_nothing() {
    let dir = setup(SWEEP);
    let d = dir.path();
    let shard = |k: u64| format!("shards/{k}");
    ok(
        d,
        &[
            "sweep",
            "s.toml",
            "-q",
            "--shard",
            "1/4",
            "--out",
            &shard(1),
        ],
    );
    ok(
        d,
        &[
            "sweep",
            "s.toml",
            "-q",
            "--shard",
            "4/4",
            "--out",
            &shard(4),
        ],
    );
    // Shard 2 was killed after one of its three combinations; shard 3 never ran.
    let (success, _) = run(
        d,
        &[
            "sweep",
            "s.toml",
            "-q",
            "--shard",
            "2/4",
            "--out",
            &shard(2),
            "--stop-after",
            "1",
        ],
    );
    assert!(!success);
    let all = [shard(1), shard(2), shard(3), shard(4)];
    let args = |extra: &[&'static str]| {
        let mut a = vec!["merge".to_string()];
        a.extend(all.iter().cloned());
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let given = args(&["--out", "merged"]);
    let given: Vec<&str> = given.iter().map(String::as_str).collect();
    let (success, text) = run(d, &given);
    assert!(!success, "{text}");
    assert!(
        text.contains("shards/2 (shard 2/4) was interrupted after 1 combination(s)"),
        "{text}"
    );
    assert!(text.contains("shards/3 does not exist"), "{text}");
    assert!(
        !text.contains("shards/1 ") && !text.contains("shards/4 "),
        "{text}"
    );
    // A folder that does not exist cannot say which shard it was for.
    assert!(
        text.contains("missing: no folder given holds shard(s) 3/4"),
        "{text}"
    );
    // Leaving shard 3 out of the list altogether: missing, and nothing else.
    let (success, text) = run(d, &["merge", &shard(1), &shard(2), &shard(4)]);
    assert!(
        !success
            && text.contains("missing: no folder given holds shard(s) 3/4")
            && !text.contains("does not exist"),
        "{text}"
    );
    assert!(!d.join("merged").exists(), "a partial result was written");
    assert_eq!(names(d), ["s.toml", "shards"], "nothing written beside");

    let text = ok(
        d,
        &[
            "sweep",
            "s.toml",
            "-q",
            "--shard",
            "2/4",
            "--out",
            &shard(2),
        ],
    );
    assert!(
        text.contains("Resuming: 1 of 2 combinations already done"),
        "--quiet keeps the resume line, for batch logs: {text}"
    );
    ok(
        d,
        &[
            "sweep",
            "s.toml",
            "-q",
            "--shard",
            "3/4",
            "--out",
            &shard(3),
        ],
    );
    ok(d, &given);
    ok(d, &["sweep", "s.toml", "-q", "--out", "whole"]);
    assert_eq!(
        read(d.join("merged/sweep.csv")),
        read(d.join("whole/sweep.csv"))
    );
}

#[test]
fn a_changed_scenario_is_not_resumed() {
    let dir = setup(SWEEP);
    let d = dir.path();
    let (success, _) = run(
        d,
        &["sweep", "s.toml", "-q", "--out", "r", "--stop-after", "1"],
    );
    assert!(!success);
    fs::write(
        d.join("s.toml"),
        SWEEP.replace("replicates = 2", "replicates = 3"),
    )
    .unwrap();
    let (success, text) = run(d, &["sweep", "s.toml", "-q", "--out", "r"]);
    assert!(!success, "resumed a different sweep");
    assert!(
        text.contains("different scenario or grid") && text.contains("--restart"),
        "{text}"
    );
    // Any other --set is a different scenario too.
    fs::write(d.join("s.toml"), SWEEP).unwrap();
    let (success, _) = run(d, &["sweep", "s.toml", "-q", "--out", "r", "--seed", "9"]);
    assert!(!success);
    ok(
        d,
        &[
            "sweep",
            "s.toml",
            "-q",
            "--out",
            "r",
            "--seed",
            "9",
            "--restart",
        ],
    );
    assert!(d.join("r/sweep.json").is_file());
}

/// `outreach sweep` on `sweep` (replacing the [sweep] table) is refused with
/// every fragment, and nothing is written.
fn refused(table: &str, fragments: &[&str]) {
    let base = SWEEP.split("[sweep]").next().unwrap();
    let dir = setup(&format!("{base}[sweep]\n{table}"));
    let (success, text) = run(dir.path(), &["sweep", "s.toml", "-q"]);
    assert!(!success, "accepted: {table}");
    check(&text, fragments);
    assert_eq!(names(dir.path()), ["s.toml"], "a refused sweep wrote files");
}

#[test]
fn bad_sweep_tables_are_refused_with_line_and_column() {
    // The [sweep] table starts on line 14.
    refused(
        "\"arms.blast.email-blast.cadense_days\" = [1, 7]\n",
        &[
            "s.toml:15:1",
            "not a scenario parameter",
            "did you mean `arms.blast.email-blast.cadence_days`?",
        ],
    );
    refused(
        "\"arms.blats.email-blast.cadence_days\" = [1, 7]\n",
        &[
            "s.toml:15:1",
            "no arm named \"blats\"",
            "did you mean \"blast\"?",
        ],
    );
    refused(
        "\"arms.blast.email-blast.cadence_days\" = [1, 0, 7]\n",
        &[
            "s.toml:15:45",
            "must be a whole number from 1 to 365",
            "found 0",
        ],
    );
    refused(
        "\"population.initial_trust\" = { start = 0.4, stop = 1.2, step = 0.4 }\n",
        &["s.toml:15:30", "must be a number from 0 to 1", "found 1.2"],
    );
    // Valid one by one, impossible together: the combination is named.
    refused(
        "\"arms.blast.email-blast.open_rate\" = [0.2, 0.03]\n\"arms.blast.email-blast.click_rate\" = [0.025, 0.05]\n",
        &[
            "s.toml:16:47",
            "a click rate of 0.05 exceeds the open rate 0.03",
            "(in the combination arms.blast.email-blast.open_rate = 0.03, arms.blast.email-blast.click_rate = 0.05)",
        ],
    );
    refused("\"days\" = []\n", &["s.toml:15:10", "empty list"]);
}

#[test]
fn a_rerun_leaves_no_stale_files() {
    let dir = setup(SWEEP);
    let d = dir.path();
    ok(d, &["sweep", "s.toml", "-q", "--out", "o"]);
    let two_axes = names(&d.join("o"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(d.join("o/stale.txt"), "old").unwrap();
    // A file the user put there is kept unless --force (issue 11).
    let (success, text) = run(d, &["sweep", "s.toml", "-q", "--out", "o"]);
    assert!(!success && text.contains("stale.txt"), "{text}");
    // Three axes draw no charts: the old heatmaps must go.
    fs::write(
        d.join("s.toml"),
        format!("{SWEEP}\"behaviour.word_of_mouth\" = [true, false]\n"),
    )
    .unwrap();
    let text = ok(d, &["sweep", "s.toml", "--out", "o", "--force"]);
    assert!(text.contains("no charts for 3 swept parameters"), "{text}");
    assert_eq!(
        names(&d.join("o")),
        ["scenario.toml", "sweep.csv", "sweep.json"]
    );
    assert!(
        two_axes.contains(&"conversions.png".to_string()),
        "{two_axes:?}"
    );
    assert_eq!(names(d), ["o", "s.toml"]);
    // A folder this tool did not write is never replaced.
    fs::create_dir(d.join("mine")).unwrap();
    fs::write(d.join("mine/notes.txt"), "precious").unwrap();
    let (success, text) = run(d, &["sweep", "s.toml", "-q", "--out", "mine"]);
    assert!(!success && text.contains("refusing to replace"), "{text}");
    assert_eq!(names(&d.join("mine")), ["notes.txt"]);
}

#[test]
fn one_swept_parameter_draws_line_charts_and_check_counts_the_grid() {
    let base = SWEEP.split("[sweep]").next().unwrap();
    let dir = setup(&format!(
        "{base}[sweep]\narms.blast.email-blast.cadence_days = {{ start = 1, stop = 13, step = 4 }}\n"
    ));
    let d = dir.path();
    let text = ok(d, &["check", "s.toml"]);
    assert!(text.contains("sweep: 4 combination(s)"), "{text}");
    let text = ok(d, &["run", "s.toml", "--out", "plain"]);
    assert!(text.contains("ignores the [sweep] table"), "{text}");
    ok(d, &["sweep", "s.toml", "-q", "--out", "o"]);
    let csv = fs::read_to_string(d.join("o/sweep.csv")).unwrap();
    // The free-space check before the first combination asks for at least
    // this much; what was written is never less (a lower bound).
    let tables = outreach::output::sweep_csv::estimated_bytes(4, 2, 1)
        - outreach::output::sweep_csv::estimated_bytes(0, 2, 1);
    assert!(csv.len() as u64 >= tables, "{} < {tables}", csv.len());
    let column: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(column, ["1", "1", "5", "5", "9", "9", "13", "13"]);
    for stem in ["reach", "trust", "unsubscribes", "conversions", "sweep"] {
        assert!(read(d.join(format!("o/{stem}.png"))).starts_with(b"\x89PNG"));
        let svg = fs::read_to_string(d.join(format!("o/{stem}.svg"))).unwrap();
        assert!(
            svg.contains("cadence_days (days)") && svg.contains("blast"),
            "{stem}.svg labels its axis and arms"
        );
    }
}
