//! Lessons: a scenario's expected outcomes are checked against the run's
//! intervals (holds, fails, not yet clear), decide the exit code once the
//! output is written, and are refused at the edge when malformed. And the
//! report: one self-contained, deterministic HTML file in every output folder.

use crate::support::{check, outreach, text};
use std::fs;
use tempfile::TempDir;

/// A small, quick world: networking clearly builds more trust than a daily
/// blast within 60 days.
const WORLD: &str = r#"
name = "small"
days = 60
replicates = 4
[population]
size = 2000
[population.network]
mean_degree = 20
[arms.blast.email-blast]
cadence_days = 1
[arms.networking.networking]
conversations_per_day = 20
[arms.weekly.email-blast]
cadence_days = 7
[arms.weekly8.email-blast]
cadence_days = 8
"#;

const LESSON: &str = r#"
[lesson]
question = "Does networking build more trust than blasting?"
change = "Mail weekly."
look_for = "The trust chart."
"#;

fn expect(says: &str, arm: &str, metric: &str, extra: &str) -> String {
    format!(
        "[[lesson.expect]]\nsays = \"{says}\"\narm = \"{arm}\"\nmetric = \"{metric}\"\n{extra}\n"
    )
}

/// Runs `outreach run` on `text` with `args` in a fresh folder.
fn run(text: &str, args: &[&str]) -> (TempDir, std::process::Output) {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("lesson.toml"), text).unwrap();
    let out = outreach(dir.path())
        .args(["run", "lesson.toml", "--quiet", "--out", "out"])
        .args(args)
        .output()
        .unwrap();
    (dir, out)
}

#[test]
fn holding_outcomes_exit_0_and_are_written() {
    let scenario = format!(
        "{WORLD}{LESSON}{}{}",
        expect(
            "networking ends with higher trust",
            "networking",
            "trust",
            "above = \"blast\""
        ),
        expect(
            "the blast reaches people in its first week",
            "blast",
            "reach",
            "day = 7\nabove_value = 10"
        )
    );
    let (dir, out) = run(&scenario, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "holds: networking ends with higher trust (trust of networking minus blast on day 60:"
        ),
        "{stdout}"
    );
    assert!(stdout
        .contains("holds: the blast reaches people in its first week (reach of blast on day 7:"));
    let csv = fs::read_to_string(dir.path().join("out/outcomes.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "says,strategy,metric,day,side,compared_with,difference,ci_low,ci_high,verdict,replicates_to_settle"
    );
    assert!(lines
        .next()
        .unwrap()
        .starts_with("networking ends with higher trust,networking,trust,60,above,blast,"));
    assert!(lines.next().unwrap().ends_with(",holds,"));
}

#[test]
fn a_failing_outcome_exits_3_after_writing_everything() {
    let scenario = format!(
        "{WORLD}{LESSON}{}{}",
        expect(
            "networking ends with higher trust",
            "networking",
            "trust",
            "above = \"blast\""
        ),
        expect(
            "blasting ends with higher trust",
            "blast",
            "trust",
            "above = \"networking\""
        )
    );
    let (dir, out) = run(&scenario, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("1 of 2 expected outcome(s) do not hold: 1 fail(s)"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Error:"),
        "a failed outcome is not an error: {stderr}"
    );
    assert!(text(&out.stdout).contains("fails: blasting ends with higher trust"));
    let folder = dir.path().join("out");
    for f in [
        "run.json",
        "report.html",
        "outcomes.csv",
        "timeseries.csv",
        "dashboard.svg",
    ] {
        assert!(
            folder.join(f).exists(),
            "{f} missing after a failed outcome"
        );
    }
    let csv = fs::read_to_string(folder.join("outcomes.csv")).unwrap();
    assert!(csv.lines().nth(2).unwrap().ends_with(",fails,"));
}

#[test]
fn too_few_replicates_leave_an_outcome_not_yet_clear() {
    // Two arms alike in all but name: their paired difference is always 0,
    // which no number of replicates puts on either side.
    let twins = WORLD.replace(
        "[arms.weekly8.email-blast]\ncadence_days = 8",
        "[arms.weekly8.email-blast]\ncadence_days = 7",
    );
    let scenario = format!(
        "{twins}{LESSON}{}",
        expect(
            "weekly reaches more",
            "weekly",
            "reach",
            "day = 30\nabove = \"weekly8\""
        )
    );
    let (dir, out) = run(&scenario, &["--replicates", "2"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // No spread and no difference: no number of replicates settles it.
    assert!(stdout.contains("not yet clear (more than 10000 replicates would be needed: the effect may be zero): weekly reaches more (reach of weekly minus weekly8 on day 30: 0 [0, 0])"), "{stdout}");
    assert!(text(&out.stderr).contains("--replicates"));
    let csv = fs::read_to_string(dir.path().join("out/outcomes.csv")).unwrap();
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .ends_with(",not yet clear,more than 10000"),
        "{csv}"
    );
    // One replicate has no interval at all, even for a clear difference.
    let scenario = format!(
        "{WORLD}{LESSON}{}",
        expect(
            "networking ends with higher trust",
            "networking",
            "trust",
            "above = \"blast\""
        )
    );
    let (_dir, out) = run(&scenario, &["--replicates", "1"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stdout).contains("a single replicate has no interval"));
}

#[test]
fn a_scenario_without_outcomes_writes_no_outcomes_file() {
    let (dir, out) = run(&format!("{WORLD}{LESSON}"), &["--days", "10"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!dir.path().join("out/outcomes.csv").exists());
    let report = fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(report.contains("Does networking build more trust than blasting?"));
}

/// `outreach run` on `scenario` is refused with every fragment in the message.
fn refused(scenario: &str, fragments: &[&str]) {
    let (dir, out) = run(scenario, &[]);
    assert_eq!(out.status.code(), Some(1), "accepted: {scenario}");
    let err = text(&out.stderr);
    check(&err, fragments);
    assert!(
        !dir.path().join("out").exists(),
        "a refused run wrote files"
    );
}

#[test]
fn malformed_lessons_are_refused_with_the_position_and_the_fix() {
    // WORLD is 16 lines and LESSON 5 (each opens with a blank one): expectations start at line 22.
    let head = format!("{WORLD}{LESSON}");
    assert_eq!(head.lines().count(), 21);
    refused(
        &format!(
            "{head}{}",
            expect("x", "networkin", "trust", "above = \"blast\"")
        ),
        &[
            "lesson.toml:24:7",
            "`lesson.expect[1].arm`",
            "no arm named \"networkin\"",
            "did you mean \"networking\"?",
        ],
    );
    refused(
        &format!(
            "{head}{}",
            expect("x", "networking", "trusts", "above = \"blast\"")
        ),
        &[
            "lesson.toml:25:10",
            "`lesson.expect[1].metric`",
            "did you mean \"trust\"?",
        ],
    );
    refused(
        &format!(
            "{head}{}",
            expect("x", "networking", "trust", "day = 61\nabove = \"blast\"")
        ),
        &[
            "lesson.toml:26:7",
            "day 61 is outside the run, which has days 1 to 60",
        ],
    );
    refused(
        &format!("{head}{}", expect("x", "networking", "trust", "")),
        &[
            "lesson.toml:22:1",
            "compares with nothing",
            "exactly one of above",
        ],
    );
    refused(
        &format!(
            "{head}{}",
            expect(
                "x",
                "networking",
                "trust",
                "above = \"blast\"\nbelow_value = 0.5"
            )
        ),
        &[
            "lesson.toml:27:15",
            "`lesson.expect[1].below_value`",
            "a second comparison",
        ],
    );
    refused(
        &format!(
            "{head}{}",
            expect("x", "networking", "trust", "above = \"networking\"")
        ),
        &["lesson.toml:26:9", "compared with itself"],
    );
    refused(
        &format!(
            "{head}{}",
            expect("x", "networking", "trust", "abov = \"blast\"")
        ),
        &[
            "lesson.toml:26:1",
            "unknown key `abov`",
            "did you mean `above`?",
        ],
    );
    refused(
        &format!("{WORLD}[lesson]\nquestion = \"Why?\"\nchange = \"this\"\n"),
        &[
            "lesson.toml:17:1",
            "`lesson.look_for`",
            "the lesson needs `look_for`",
        ],
    );
    // An override that moves the last day before an expected day is named.
    let scenario = format!(
        "{head}{}",
        expect("x", "networking", "trust", "day = 50\nabove = \"blast\"")
    );
    let (_dir, out) = run(&scenario, &["--days", "30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("day 50 is outside the run"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_shows_the_lesson_and_the_rerun_reproduces_the_report() {
    let scenario = format!(
        "{WORLD}{LESSON}{}",
        expect(
            "networking ends with higher trust",
            "networking",
            "trust",
            "above_value = 0.1"
        )
    );
    let (dir, out) = run(&scenario, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let check = outreach(dir.path())
        .args(["check", "lesson.toml"])
        .output()
        .unwrap();
    let shown = text(&check.stdout);
    assert!(
        shown.contains("[lesson]\nquestion = \"Does networking build more trust than blasting?\""),
        "{shown}"
    );
    assert!(shown.contains("[[lesson.expect]]") && shown.contains("above_value = 0.1"));
    let again = outreach(dir.path())
        .args(["run", "out/scenario.toml", "--quiet", "--out", "again"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", text(&again.stderr));
    for f in ["scenario.toml", "outcomes.csv", "report.html"] {
        let a = fs::read(dir.path().join("out").join(f)).unwrap();
        let b = fs::read(dir.path().join("again").join(f)).unwrap();
        assert!(a == b, "{f} differs on the rerun");
    }
}

#[test]
fn the_report_is_one_self_contained_page_with_everything() {
    let scenario = format!(
        "{WORLD}{LESSON}{}{}",
        expect(
            "networking ends with higher trust",
            "networking",
            "trust",
            "above = \"blast\""
        ),
        expect(
            "blasting ends with higher trust",
            "blast",
            "trust",
            "above = \"networking\""
        )
    );
    let (dir, _) = run(&scenario, &["--threads", "2"]);
    let html = fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for needed in [
        "Does networking build more trust than blasting?",
        "Mail weekly.",
        "The trust chart.",
        "networking ends with higher trust",
        "&#10003; holds",
        "&#10007; fails",
        "Outreach compared: scenario &quot;small&quot;",
        "Each arm minus &quot;blast&quot;",
        "class=\"spread\"",
        "not reached",
        "Day 60",
        "Cumulative number of distinct customers",
        "[arms.networking.networking]",
    ] {
        assert!(html.contains(needed), "report.html lacks {needed:?}");
    }
    self_contained(&html);
    // The same run at another thread count writes the same bytes.
    let again = outreach(dir.path())
        .args([
            "run",
            "lesson.toml",
            "--quiet",
            "--threads",
            "1",
            "--out",
            "one",
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(3));
    assert!(fs::read(dir.path().join("one/report.html")).unwrap() == html.as_bytes());
}

#[test]
fn a_well_mixed_population_says_why_there_is_no_spread_picture() {
    let scenario = WORLD.replace("mean_degree = 20", "kind = \"well-mixed\"");
    let (dir, out) = run(&scenario, &["--days", "10"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let html = fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    assert!(html.contains("Not drawn: the population is well mixed"));
    assert!(!html.contains("class=\"spread\""));
    self_contained(&html);
}

/// Nothing is fetched: no resource outside the file.
fn self_contained(html: &str) {
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(",
        "@import",
        "<script",
        "<link",
        "<img",
    ] {
        assert!(
            !html.contains(bad),
            "report.html refers outside itself: {bad}"
        );
    }
}

/// A variant is run after the main run with its overrides applied, and its
/// outcomes join the lesson's: printed with the overrides named, written to
/// outcomes.csv, and deciding the exit code. The same claim holds or fails
/// depending on the variant's overrides, so the variant really runs.
#[test]
fn a_variant_is_run_with_its_overrides_and_checked() {
    // At the default 0.001 an email costs far less than the networker's
    // hours; at 1000 a single day's mailing costs more than a year of them.
    let variant = |price: &str| {
        format!(
            "[[lesson.variant]]\nset = [\"arms.blast.email-blast.cost_per_email={price}\"]\n\
             [[lesson.variant.expect]]\nsays = \"the blast costs more\"\n\
             arm = \"blast\"\nmetric = \"cost\"\nabove = \"networking\"\n"
        )
    };
    let main = expect(
        "networking ends with higher trust",
        "networking",
        "trust",
        "above = \"blast\"",
    );
    let (dir, out) = run(&format!("{WORLD}{LESSON}{main}{}", variant("1000")), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "holds: with arms.blast.email-blast.cost_per_email=1000: the blast costs more"
        ),
        "{stdout}"
    );
    let csv = fs::read_to_string(dir.path().join("out/outcomes.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("with arms.blast.email-blast.cost_per_email=1000: the blast costs more"));

    let (_dir, out) = run(&format!("{WORLD}{LESSON}{main}{}", variant("0.001")), &[]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stdout));
    assert!(text(&out.stdout)
        .contains("fails: with arms.blast.email-blast.cost_per_email=0.001: the blast costs more"));
}

#[test]
fn a_malformed_variant_is_refused_when_the_scenario_is_read() {
    let cases = [
        ("[[lesson.variant]]\n[[lesson.variant.expect]]\nsays = \"x\"\narm = \"blast\"\nmetric = \"trust\"\nabove = \"networking\"\n", "a variant needs `set`"),
        ("[[lesson.variant]]\nset = [\"replicates\"]\n[[lesson.variant.expect]]\nsays = \"x\"\narm = \"blast\"\nmetric = \"trust\"\nabove = \"networking\"\n", "\"replicates\" is not an override"),
        ("[[lesson.variant]]\nset = [\"replicates=2\"]\n", "checks nothing"),
        ("[[lesson.variant]]\nset = [\"replicates=2\"]\n[[lesson.variant.expect]]\nsays = \"x\"\narm = \"blst\"\nmetric = \"trust\"\nabove = \"networking\"\n", "`lesson.variant[1].expect[1].arm`"),
    ];
    for (variant, message) in cases {
        let (_dir, out) = run(&format!("{WORLD}{LESSON}{variant}"), &[]);
        assert_eq!(out.status.code(), Some(1), "{variant}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(message), "{variant}\n{stderr}");
    }
}
