//! Issue 11 through the real binary: one writer per output folder (two runs
//! and two sweeps into one folder at once, many times over), output paths
//! checked before the first day, paths that mean what they say, and the
//! messages a user meets. Each regression test is named after its item.

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// A scenario that runs in a few milliseconds, with a two-value sweep.
const TINY: &str = r#"
name = "tiny"
days = 5
replicates = 2
[population]
size = 60
[population.network]
mean_degree = 4
[arms.blast.email-blast]
cadence_days = 2
[arms.talk.networking]
conversations_per_day = 2

[sweep]
"arms.blast.email-blast.cadence_days" = [1, 3]
"#;

fn outreach(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("outreach").unwrap();
    cmd.current_dir(dir);
    cmd
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

fn setup(text: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("s.toml"), text).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    use assert_cmd::cargo::CommandCargoExt;
    std::process::Command::cargo_bin("outreach")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// What one process of a concurrent round did.
struct Outcome {
    what: &'static str,
    success: bool,
    stderr: String,
}

/// Which result the folder `o` holds, after checking it is whole: a run's
/// seed, or "sweep". Panics on anything incomplete or doubled.
fn holds(o: &Path) -> String {
    if o.join("run.json").is_file() {
        let rows = fs::read_to_string(o.join("timeseries.csv")).unwrap();
        // Header, then 2 arms x 2 replicates x 5 days.
        assert_eq!(rows.lines().count(), 1 + 2 * 2 * 5, "{rows}");
        let toml = fs::read_to_string(o.join("scenario.toml")).unwrap();
        let seed = toml
            .lines()
            .find_map(|l| l.strip_prefix("seed = "))
            .unwrap()
            .to_string();
        assert!(!o.join("sweep.json").exists());
        seed
    } else {
        assert!(o.join("sweep.json").is_file(), "{:?}", names(o));
        let rows = fs::read_to_string(o.join("sweep.csv")).unwrap();
        // Header, then 2 combinations x 2 arms, each once.
        assert_eq!(rows.lines().count(), 1 + 2 * 2, "{rows}");
        let json = fs::read_to_string(o.join("sweep.json")).unwrap();
        assert!(json.contains("\"combinations\": 2"), "{json}");
        "sweep".to_string()
    }
}

/// Issue 11, items 1 and 2, and "one writer per folder": two runs (seeds 11
/// and 22) and two sweeps into one folder at once, 50 times. Every round
/// leaves one complete result from a process that reported success, no
/// process reports success for a result that is not there, every refusal
/// names the folder, and nothing is left beside it.
#[test]
fn item_1_2_concurrent_runs_and_sweeps_never_leave_a_wrong_result() {
    let dir = setup(TINY);
    let d = dir.path();
    let started = Instant::now();
    for round in 0..50 {
        let _ = fs::remove_dir_all(d.join("o"));
        let commands: [(&'static str, &[&str]); 4] = [
            ("11", &["run", "s.toml", "-q", "--seed", "11", "--out", "o"]),
            ("sweep", &["sweep", "s.toml", "-q", "--out", "o"]),
            ("22", &["run", "s.toml", "-q", "--seed", "22", "--out", "o"]),
            ("sweep", &["sweep", "s.toml", "-q", "--out", "o"]),
        ];
        let children: Vec<(&'static str, Child)> = commands
            .iter()
            .map(|(what, args)| (*what, spawn(d, args)))
            .collect();
        let outcomes: Vec<Outcome> = children
            .into_iter()
            .map(|(what, child)| {
                let out = child.wait_with_output().unwrap();
                Outcome {
                    what,
                    success: out.status.success(),
                    stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                }
            })
            .collect();
        for o in &outcomes {
            if !o.success {
                assert!(
                    o.stderr
                        .contains("is being written by another outreach process")
                        || o.stderr.contains("refusing to replace"),
                    "round {round}, {}: {}",
                    o.what,
                    o.stderr
                );
                assert!(o.stderr.contains("o"), "{}", o.stderr);
            }
        }
        let result = holds(&d.join("o"));
        assert!(
            outcomes.iter().any(|o| o.success && o.what == result),
            "round {round}: the folder holds {result}, which no successful process wrote"
        );
        // Runs and sweeps refuse each other's folders, so only processes of
        // the kind found can have succeeded, and any success of that kind
        // that came before was replaced by a whole result, never merged.
        for o in outcomes.iter().filter(|o| o.success) {
            let kind = |w: &str| if w == "sweep" { "sweep" } else { "run" };
            assert_eq!(kind(o.what), kind(&result), "round {round}");
        }
        assert_eq!(names(d), ["o", "s.toml"], "round {round}: left beside");
    }
    let took = started.elapsed();
    eprintln!("50 rounds of 4 concurrent writers in {took:?}");
    assert!(took < Duration::from_secs(60), "took {took:?}");
}

/// Issue 11, item 10: hidden `.NAME.partial-PID` folders left by killed
/// runs accumulated; the next run into that folder removes them.
#[test]
fn item_10_leftovers_of_killed_runs_are_removed() {
    let dir = setup(TINY);
    let d = dir.path();
    fs::create_dir(d.join(".o.partial-4000001")).unwrap();
    fs::write(d.join(".o.partial-4000001/timeseries.csv"), "half").unwrap();
    fs::write(d.join(".o.lock"), "4000001").unwrap();
    let (ok, text) = run(d, &["run", "s.toml", "-q", "--out", "o"]);
    assert!(ok, "{text}");
    assert_eq!(names(d), ["o", "s.toml"]);
}

/// Issue 11, item 6: an output path that is a file, or a name the file
/// system refuses, failed only after simulating. With a scenario that would
/// take minutes, both now fail at once.
#[test]
fn item_6_output_paths_are_checked_before_simulating() {
    let slow = TINY
        .replace("days = 5", "days = 36500")
        .replace("size = 60", "size = 200000");
    let dir = setup(&slow);
    let d = dir.path();
    fs::write(d.join("file"), "x").unwrap();
    let long = "n".repeat(100_000);
    for out in ["file", "file/o", long.as_str()] {
        let started = Instant::now();
        let (ok, text) = run(d, &["run", "s.toml", "-q", "--out", out]);
        assert!(!ok, "{out}: {text}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{out}: simulated first"
        );
        assert!(text.contains("cannot write results to"), "{text}");
    }
}

/// Issue 11, item 13: a rerun deleted files the user had put in the result
/// folder; now it refuses until --force, naming them.
#[test]
fn item_13_a_rerun_keeps_the_users_files_unless_forced() {
    let dir = setup(TINY);
    let d = dir.path();
    assert!(run(d, &["run", "s.toml", "-q", "--out", "o"]).0);
    std::thread::sleep(Duration::from_millis(20));
    fs::write(d.join("o/notes.txt"), "mine").unwrap();
    let (ok, text) = run(d, &["run", "s.toml", "-q", "--out", "o"]);
    assert!(
        !ok && text.contains("notes.txt") && text.contains("--force"),
        "{text}"
    );
    assert!(d.join("o/notes.txt").is_file());
    let (ok, text) = run(d, &["run", "s.toml", "-q", "--out", "o", "--force"]);
    assert!(ok, "{text}");
    assert!(!d.join("o/notes.txt").exists());
    // The same rule for a sweep.
    assert!(run(d, &["sweep", "s.toml", "-q", "--out", "w"]).0);
    std::thread::sleep(Duration::from_millis(20));
    fs::write(d.join("w/notes.txt"), "mine").unwrap();
    let (ok, text) = run(d, &["sweep", "s.toml", "-q", "--out", "w"]);
    assert!(!ok && text.contains("notes.txt"), "{text}");
    assert!(run(d, &["sweep", "s.toml", "-q", "--out", "w", "--force"]).0);
}

/// Issue 11, item 3: `above_value` of 2^63 or more panicked in check, run
/// and sweep; now it is refused with its line.
#[test]
fn item_3_a_huge_lesson_value_is_refused_not_a_panic() {
    let text = TINY.replace(
        "[sweep]",
        "[lesson]\nquestion = \"q\"\nchange = \"c\"\nlook_for = \"l\"\n[[lesson.expect]]\nsays = \"s\"\narm = \"blast\"\nmetric = \"reach\"\nabove_value = 9223372036854775808\n\n[sweep]",
    );
    let dir = setup(&text);
    let d = dir.path();
    for args in [
        &["check", "s.toml"][..],
        &["check", "s.toml", "--set", "seed=3"],
        &["run", "s.toml", "-q", "--set", "seed=3", "--out", "o"],
        &["sweep", "s.toml", "-q", "--out", "w"],
    ] {
        let out = outreach(d).args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("s.toml:22:15:"), "{args:?}: {err}");
        assert!(err.contains("9223372036854775807"), "{args:?}: {err}");
    }
}

/// Issue 11, item 7: a `--set` path into a tactic the arm does not have
/// silently added it; now it is refused, listing the arm's tactics.
#[test]
fn item_7_set_into_a_missing_tactic_is_refused() {
    let dir = setup(TINY);
    let (ok, text) = run(
        dir.path(),
        &[
            "check",
            "s.toml",
            "--set",
            "arms.talk.email-blast.cadence_days=3",
        ],
    );
    assert!(!ok, "{text}");
    assert!(
        text.contains("the arm \"talk\" has no email-blast tactic"),
        "{text}"
    );
    assert!(text.contains("its tactics: networking"), "{text}");
}

/// Issue 11, item 12: `--set seed=9223372036854775808` said "invalid type:
/// string"; now it names the real range.
#[test]
fn item_12_an_overflowing_set_names_the_real_range() {
    let dir = setup(TINY);
    let (ok, text) = run(
        dir.path(),
        &["check", "s.toml", "--set", "seed=9223372036854775808"],
    );
    assert!(!ok, "{text}");
    assert!(text.contains("too large"), "{text}");
    assert!(text.contains("9223372036854775807"), "{text}");
    assert!(!text.contains("invalid type"), "{text}");
}

/// Issue 11, items 4 and 5: a grid past 2^64 wrapped to 0 (and `sweep`
/// "succeeded"), 257 x 256^7 hung `check`, and 10^9 combinations were all
/// validated before a word. All are refused at once.
#[test]
fn item_4_5_huge_grids_are_refused_at_once() {
    let list = |n: usize| {
        let v: Vec<String> = (1..=n)
            .map(|i| (i as f64 / n as f64 / 2.0).to_string())
            .collect();
        format!("[{}]", v.join(", "))
    };
    let axes = [
        "population.initial_trust",
        "arms.blast.email-blast.open_rate",
        "arms.blast.email-blast.click_rate",
        "arms.blast.email-blast.list_share",
        "arms.blast.email-blast.unsubscribe_rate",
        "behaviour.ask_trust",
        "behaviour.tell_trust",
        "population.audience_share",
    ];
    let base = TINY.split("[sweep]").next().unwrap();
    for first in [256, 257] {
        let mut text = format!("{base}[sweep]\n");
        for (i, axis) in axes.iter().enumerate() {
            text.push_str(&format!(
                "\"{axis}\" = {}\n",
                list(if i == 0 { first } else { 256 })
            ));
        }
        let dir = setup(&text);
        for cmd in ["check", "sweep"] {
            let started = Instant::now();
            let (ok, text) = run(
                dir.path(),
                &[cmd, "s.toml", "-q"][..if cmd == "check" { 2 } else { 3 }],
            );
            assert!(!ok, "{cmd} accepted: {text}");
            assert!(text.contains("more than the limit of 100000"), "{text}");
            assert!(started.elapsed() < Duration::from_secs(20), "{cmd} slow");
        }
    }
}

/// Issue 11, item 13: `name = "café"` was refused although a file named
/// `ñame.toml` ran; names take letters of any script now, and the output
/// folder keeps them.
#[test]
fn item_13_names_take_letters_of_any_script() {
    let text = TINY.replace("name = \"tiny\"", "name = \"café ñame 東京\"");
    let dir = setup(&text);
    let d = dir.path();
    let (ok, text) = run(d, &["check", "s.toml"]);
    assert!(ok, "{text}");
    let (ok, text) = run(d, &["run", "s.toml", "-q"]);
    assert!(ok, "{text}");
    assert!(
        d.join("output/café-ñame-東京/run.json").is_file(),
        "{:?}",
        names(d)
    );
    // Still refused: what cannot name a folder.
    let dir = setup(&TINY.replace("name = \"tiny\"", "name = \"a/b\""));
    let (ok, text) = run(dir.path(), &["check", "s.toml"]);
    assert!(!ok && text.contains("letters (of any script)"), "{text}");
}

/// Issue 11, checked arithmetic: a user's numbers become sizes (agent-days,
/// peak memory). At 4e9 people x 36,500 days x 10,000 replicates x 13 arms
/// the product passes `u64::MAX`; it used to panic (debug) or wrap to a small
/// number (release) that the memory guard would have let through.
#[test]
fn checked_arithmetic_huge_sizes_saturate_not_wrap() {
    let mut text = String::from(
        "days = 36500\nreplicates = 10000\n[population]\nsize = 4000000000\n[population.network]\nkind = \"well-mixed\"\n",
    );
    for arm in 0..13 {
        text.push_str(&format!("[arms.a{arm}.networking]\n"));
    }
    let s = outreach::scenario::from_str(&text).unwrap();
    assert_eq!(s.agent_days(), u64::MAX);
    let bytes = outreach::engine::resources::peak_bytes(&s);
    // 13 arms of 4e9 people alone are far beyond any machine.
    assert!(bytes > 13 * 4_000_000_000 * 8, "{bytes}");
    let two = outreach::scenario::from_str(&text.replace("replicates = 10000", "replicates = 2"))
        .unwrap();
    assert!(two.agent_days() < s.agent_days());
}

/// Issue 11, item 12: a full disk while drawing charts printed
/// `ImageError(IoError(Custom { kind: Other, ...`; now the message names the
/// file and says why in words. The chart's file is a link to /dev/full,
/// where every write fails with "no space left".
#[cfg(target_os = "linux")]
#[test]
fn item_12_a_full_disk_while_drawing_names_the_file() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let series = vec![("degree".to_string(), vec![(1.0, 0.5), (2.0, 0.5)])];
    for ext in ["png", "svg"] {
        let file = d.join(format!("degree_distribution.{ext}"));
        std::os::unix::fs::symlink("/dev/full", &file).unwrap();
        let err = outreach::output::degree_chart::write_degree_chart(d, "t", &series).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.starts_with(&format!("cannot write {}: ", file.display())),
            "{text}"
        );
        assert!(text.contains("No space left on device"), "{text}");
        assert!(
            !text.contains("Custom {") && !text.contains("Error("),
            "{text}"
        );
        if ext == "png" {
            // Let the next round reach the SVG.
            fs::remove_file(&file).unwrap();
            fs::write(&file, "").unwrap();
        }
    }
}

/// Issue 11, item 12: scenario reading leaked Rust type names (`expected
/// struct RawEmailBlast`, `invalid length 1, expected struct RawPopulation
/// with 13 elements`), read a date or a list of tables as "invalid type:
/// map", and a duplicated key said "every arm needs its own name". Each is
/// now said in the user's words, with its line and column and a fix.
#[test]
fn item_12_scenario_reading_speaks_the_users_words() {
    let arm = "[arms.a.networking]\n";
    let cases = [
        (
            "days = 5\n[arms.a]\nemail-blast = 3\n".to_string(),
            "s.toml:3:15:",
            "`email-blast` must be a table of keys, not the value 3",
            "[arms.a.email-blast]",
        ),
        (
            format!("population = [1]\n{arm}"),
            "s.toml:1:14:",
            "`population` must be a table of keys, not a list",
            "[population]",
        ),
        (
            format!("days = 1979-05-27\n{arm}"),
            "s.toml:1:8:",
            "`days` is a date (1979-05-27); expected a whole number",
            "count time in days",
        ),
        (
            format!("population = 1979-05-27\n{arm}"),
            "s.toml:1:14:",
            "`population` is a date",
            "count time in days",
        ),
        (
            format!("[[population]]\nsize = 100\n{arm}"),
            "s.toml:1:1:",
            "[[population]] is a list of tables; `population` is one table",
            "write [population] with single brackets",
        ),
        (
            format!("days = 5\ndays = 6\n{arm}"),
            "s.toml:2:",
            "`days` is written twice",
            "keep one of them",
        ),
        (
            format!("{arm}{arm}"),
            "s.toml:2:",
            "the table [arms.a.networking] is written twice",
            "keep one of them",
        ),
    ];
    for (text, place, what, fix) in cases {
        let dir = setup(&text);
        let (ok, out) = run(dir.path(), &["check", "s.toml"]);
        assert!(!ok, "{text}: {out}");
        for part in [place, what, fix] {
            assert!(out.contains(part), "{text}: wants {part:?} in\n{out}");
        }
        for leak in ["struct", "Raw", "$__toml", "invalid type: map", "elements"] {
            assert!(!out.contains(leak), "{text}: leaks {leak:?}\n{out}");
        }
    }
}

/// Issue 11, item 9: `--days 36500 --replicates 10000` was told "at most
/// about 1005 people fit", and 1005 people were refused again. The guard now
/// names what dominates (here the kept results, which grow with replicates,
/// not people) and proposes a fix that the guard itself then accepts.
#[test]
fn item_9_the_memory_guard_proposes_a_fix_it_accepts() {
    use outreach::engine::resources::{fits_within, Need};
    use outreach::scenario::SourceText;
    let have = 2_000_000_000;
    let check = |text: &str| {
        let src = SourceText::new("s.toml", text);
        let s = outreach::scenario::from_str(text).unwrap();
        fits_within(&s, &src, have, Need::Run).map_err(|e| e.to_string())
    };
    let base = "days = 36500\nreplicates = 10000\n[population]\nsize = 1000\n[arms.a.networking]\n[arms.b.email-blast]\n";
    let cases = [
        (
            base.to_string(),
            "results kept",
            "--replicates ",
            "replicates = 10000",
            "replicates = ",
        ),
        (
            base.replace("replicates = 10000", "replicates = 1")
                .replace("size = 1000", "size = 40000000"),
            "people's state",
            "population.size to ",
            "size = 40000000",
            "size = ",
        ),
    ];
    for (text, dominates, fix, old, new) in cases {
        let err = check(&text).unwrap_err();
        assert!(err.contains("available now"), "{err}");
        assert!(err.contains(dominates), "{err}");
        let value: u32 = err
            .split(fix)
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no fix in {err}"));
        let fixed = text.replace(old, &format!("{new}{value}"));
        assert!(
            check(&fixed).is_ok(),
            "the proposed fix is refused: {fixed}"
        );
        // And the fix is the largest that fits, not a timid guess.
        let more = text.replace(old, &format!("{new}{}", value + 1));
        assert!(check(&more).is_err(), "{value} + 1 fits too");
    }
}

/// `outreach graph` builds networks and simulates nothing, so it is held to
/// the graphs' peak alone: with memory between the two estimates, graph
/// fits and a run does not. A value given on the command line is named as
/// the option the user typed, not the file's line it replaced.
#[test]
fn item_9_graph_needs_only_its_networks_and_refusals_name_the_option() {
    use outreach::engine::resources::{fits_within, graph_peak_bytes, peak_bytes, Need};
    use outreach::scenario::SourceText;
    let text = "[population]\nsize = 1000000\n[arms.a.networking]\n[arms.b.email-blast]\n";
    let src = SourceText::new("s.toml", text);
    let s = outreach::scenario::from_str(text).unwrap();
    let (graph, sim) = (graph_peak_bytes(&s), peak_bytes(&s));
    assert!(graph < sim, "{graph} >= {sim}");
    let have = graph + (sim - graph) / 2;
    assert!(fits_within(&s, &src, have, Need::Graph).is_ok());
    let err = fits_within(&s, &src, have, Need::Run)
        .unwrap_err()
        .to_string();
    assert!(err.contains("s.toml:2:8"), "{err}");

    let dir = TempDir::new().unwrap();
    let (ok, text) = run(
        dir.path(),
        &["graph", "--set", "population.size=4000000000"],
    );
    assert!(!ok);
    assert!(
        text.contains("--set:1:17") && text.contains("the networks of 4000000000 people"),
        "{text}"
    );
    assert!(
        !text.contains("arm(s)"),
        "graph's refusal speaks of networks only: {text}"
    );
    let (ok, text) = run(
        dir.path(),
        &[
            "check",
            "--replicates",
            "10000",
            "--days",
            "36500",
            "--set",
            "population.size=1000000",
        ],
    );
    assert!(!ok);
    assert!(
        text.contains("Error: --replicates:1:1: `replicates`"),
        "{text}"
    );
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "a refusal writes nothing"
    );
}
