//! The real binary on real scenario files in a temporary folder: what a user
//! sees, including error text, and what lands on disk.

use crate::support::{check, outreach};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Runs `outreach run` on `scenario` with extra `args`; expects a refusal
/// whose message contains every fragment, and no output written.
fn refused(scenario: &str, args: &[&str], fragments: &[&str]) {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("bad.toml"), scenario).unwrap();
    let out = outreach(dir.path())
        .args(["run", "bad.toml", "--quiet", "--out", "results"])
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "accepted: {scenario}");
    let err = String::from_utf8_lossy(&out.stderr);
    check(&err, fragments);
    let left: Vec<PathBuf> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        left,
        vec![dir.path().join("bad.toml")],
        "a refused run wrote files"
    );
}

const ARM: &str = "[arms.a.email-blast]\n";

#[test]
fn unknown_key_is_refused_with_a_suggestion() {
    refused(
        "days = 30\n[population.network]\nrewirng = 0.1\n[arms.a.networking]\n",
        &[],
        &[
            "bad.toml:3:1",
            "unknown key `rewirng`",
            "did you mean `rewiring`?",
        ],
    );
    refused(
        "[arms.a.emial-blast]\n",
        &[],
        &["bad.toml:1:9", "did you mean `email-blast`?"],
    );
}

#[test]
fn wrong_type_is_refused() {
    refused(
        &format!("days = \"ten\"\n{ARM}"),
        &[],
        &["bad.toml:1:8", "expected a whole number"],
    );
    refused(
        &format!("[behaviour]\nword_of_mouth = 1\n{ARM}"),
        &[],
        &["bad.toml:2:17", "expected true or false"],
    );
}

#[test]
fn impossible_values_are_refused_with_the_valid_range() {
    refused(
        "[arms.a.email-blast]\nopen_rate = 1.5\n",
        &[],
        &[
            "bad.toml:2:13",
            "`arms.a.email-blast.open_rate`",
            "from 0 to 1",
            "found 1.5",
        ],
    );
    refused(
        &format!("[population]\ninitial_trust = nan\n{ARM}"),
        &[],
        &["bad.toml:2:17", "found NaN"],
    );
    refused(
        &format!("[behaviour]\nawareness_half_life_days = inf\n{ARM}"),
        &[],
        &["bad.toml:2:28", "found inf"],
    );
    refused(
        &format!("days = 0\n{ARM}"),
        &[],
        &["bad.toml:1:8", "`days`", "from 1 to 36500"],
    );
    refused(
        &format!("[population]\nsize = 50\n{ARM}"),
        &[],
        &[
            "`population.network.mean_degree`",
            "not below the population size 50",
        ],
    );
    refused(
        &format!("[population]\nsize = 4000000000\n{ARM}"),
        &[],
        &["bad.toml:2:8", "`population.size`", "available now"],
    );
    refused(
        &format!("[population.network]\nmean_degree = 11\n{ARM}"),
        &[],
        &["bad.toml:2:15", "even mean degree"],
    );
}

#[test]
fn network_keys_must_fit_the_kind() {
    refused(
        &format!("[population.network]\nkind = \"smal-world\"\n{ARM}"),
        &[],
        &[
            "bad.toml:2:8",
            "unknown network kind",
            "did you mean \"small-world\"?",
        ],
    );
    refused(
        &format!("[population.network]\nkind = \"random\"\nrewiring = 0.2\n{ARM}"),
        &[],
        &[
            "bad.toml:3:12",
            "`rewiring` does not apply to a random network",
            "takes: mean_degree",
        ],
    );
    refused(
        &format!("[population.network]\nkind = \"edge-list\"\n{ARM}"),
        &[],
        &["bad.toml:2:8", "needs a `path`"],
    );
    refused(
        &format!("[population]\nsize = 500\n[population.network]\nkind = \"social\"\n{ARM}"),
        &[],
        &["bad.toml:2:8", "social network needs at least"],
    );
    refused(
        "[arms.a.network]\nkind = \"communities\"\ncommunities = 0\n[arms.a.networking]\n",
        &[],
        &["bad.toml:3:15", "`arms.a.network.communities`", "from 1 to"],
    );
}

#[test]
fn duplicate_arm_names_and_missing_arms_are_refused() {
    refused(
        "[arms.a.email-blast]\n[arms.a.email-blast]\n",
        &[],
        &[
            "bad.toml:2:",
            "the table [arms.a.email-blast] is written twice",
            "each arm's name appears once",
        ],
    );
    refused("days = 30\n", &[], &["no arms to compare"]);
    refused("[arms.a]\n", &[], &["`arms.a`", "no tactic"]);
}

#[test]
fn overrides_are_checked_like_the_file_and_name_the_path() {
    refused(
        ARM,
        &["--set", "arms.a.email-blast.cadence_days=0"],
        &[
            "--set:1:",
            "`arms.a.email-blast.cadence_days`",
            "from 1 to 365",
        ],
    );
    refused(
        ARM,
        &["--set", "arms.b.email-blast.cadence_days=2"],
        &["no arm named \"b\"", "in this scenario: a"],
    );
    refused(
        ARM,
        &["--set", "population.sise=2"],
        &["unknown key `sise`", "did you mean `size`?"],
    );
    refused(ARM, &["--days", "0"], &["--days", "from 1 to 36500"]);
}

#[test]
fn default_run_writes_every_file_and_tells_the_final_values() {
    let dir = TempDir::new().unwrap();
    let out = outreach(dir.path())
        // Files and final values do not depend on the population's size:
        // a small one keeps the default's every other setting.
        .args(["run", "--replicates", "3", "--set", "population.size=1000"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("blast") && stdout.contains("networking") && stdout.contains("agent-days")
    );
    let folder = dir.path().join("output/default");
    for f in [
        "timeseries.csv",
        "summary.csv",
        "scenario.toml",
        "run.json",
        "reach.png",
        "reach.svg",
        "trust.png",
        "trust.svg",
        "unsubscribes.png",
        "unsubscribes.svg",
        "conversions.png",
        "conversions.svg",
        "dashboard.png",
        "dashboard.svg",
        "compare.csv",
        "compare.png",
        "compare.svg",
    ] {
        let meta = fs::metadata(folder.join(f)).unwrap_or_else(|_| panic!("{f} missing"));
        assert!(meta.len() > 100, "{f} is nearly empty");
    }
    let ts = fs::read_to_string(folder.join("timeseries.csv")).unwrap();
    assert!(ts.starts_with("strategy,replicate,day,reach,aware,trust,"));
    assert_eq!(ts.lines().count(), 1 + 2 * 3 * 365);
    let cmp = fs::read_to_string(folder.join("compare.csv")).unwrap();
    assert!(cmp.starts_with(
        "strategy,baseline,day,metric,difference,ci_low,ci_high,unpaired_ci_low,unpaired_ci_high"
    ));
    assert!(cmp
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("networking,blast,1,reach,"));
    let sum = fs::read_to_string(folder.join("summary.csv")).unwrap();
    assert!(sum.starts_with("strategy,day,metric,mean,ci_low,ci_high"));
    // Nothing half-written is left beside the results.
    let hidden: Vec<_> = fs::read_dir(dir.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(hidden, vec!["default".to_string()]);
}

#[test]
fn the_resolved_scenario_reproduces_the_run_byte_for_byte() {
    let dir = TempDir::new().unwrap();
    let run = |args: &[&str], out: &str| {
        let o = outreach(dir.path())
            .args(["run", "--quiet", "--out", out])
            .args(args)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(
        // Reproduction does not depend on the size: a small population.
        &[
            "--replicates",
            "2",
            "--days",
            "60",
            "--seed",
            "99",
            "--set",
            "population.size=1000",
        ],
        "first",
    );
    run(&["first/scenario.toml"], "second");
    for f in [
        "timeseries.csv",
        "summary.csv",
        "scenario.toml",
        "reach.svg",
    ] {
        let a = fs::read(dir.path().join("first").join(f)).unwrap();
        let b = fs::read(dir.path().join("second").join(f)).unwrap();
        assert!(a == b, "{f} differs");
    }
}

#[test]
fn check_prints_every_default_and_estimates() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("five.toml"),
        "name = \"five\"\ndays = 30\n[arms.mail.email-blast]\n[arms.talk.networking]\n[arms.ads.social-ads]\n[arms.bait.link-bait]\n[arms.groups.community]\n",
    )
    .unwrap();
    let out = outreach(dir.path())
        .args(["check", "five.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // Every parameter but those of other network kinds than the default's.
    let other_kinds = ["triangle_closing", "communities", "inside_share", "path"];
    for p in outreach::scenario::params::ALL
        .iter()
        .filter(|p| !other_kinds.contains(&p.key()))
    {
        assert!(
            text.contains(&format!("{} = ", p.key())),
            "check output lacks {}",
            p.path
        );
    }
    assert!(text.contains("peak memory") && text.contains("run time"));
    assert!(
        !dir.path().join("output").exists(),
        "check must not write results"
    );
}

#[test]
fn params_lists_every_parameter() {
    let out = outreach(Path::new(".")).arg("params").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for p in outreach::scenario::params::ALL {
        assert!(text.contains(p.path), "params lacks {}", p.path);
    }
}

#[test]
fn edge_lists_load_and_their_errors_name_the_line() {
    let dir = TempDir::new().unwrap();
    // A ring of 30 with a chord, string ids, a comment, a self-loop and a duplicate.
    let mut text = String::from("# a small friendship file\n");
    for i in 0..30 {
        text.push_str(&format!("p{i},p{}\n", (i + 1) % 30));
    }
    text.push_str("p0 p15\np3 p3\np1 p0\n");
    fs::write(dir.path().join("friends.txt"), &text).unwrap();
    let scenario = "[population.network]\nkind = \"edge-list\"\npath = \"friends.txt\"\n[arms.talk.networking]\n";
    fs::write(dir.path().join("loaded.toml"), scenario).unwrap();
    let out = outreach(dir.path())
        .args(["graph", "loaded.toml", "--export", "again.txt"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text_out = String::from_utf8_lossy(&out.stdout);
    assert!(
        figure(&text_out, "people") == "30" && figure(&text_out, "friendships") == "31",
        "{text_out}"
    );
    assert!(
        text_out.contains("1 self-loops and 1 repeated friendships dropped"),
        "{text_out}"
    );
    assert!(dir.path().join("output/loaded-graph/graph.csv").exists());
    assert!(dir
        .path()
        .join("output/loaded-graph/degree_distribution.png")
        .exists());
    // What was exported loads back as the same graph.
    fs::write(
        dir.path().join("again.toml"),
        scenario.replace("friends.txt", "again.txt"),
    )
    .unwrap();
    let again = outreach(dir.path())
        .args(["graph", "again.toml"])
        .output()
        .unwrap();
    let figures = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(figures(&out)[..6], figures(&again)[..6]);
    // A run on it works.
    let run = outreach(dir.path())
        .args([
            "run",
            "loaded.toml",
            "--quiet",
            "--days",
            "10",
            "--replicates",
            "2",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    fs::write(dir.path().join("bad.txt"), "a b\nc\n").unwrap();
    refused(
        "[population.network]\nkind = \"edge-list\"\npath = \"missing.txt\"\n[arms.talk.networking]\n",
        &[],
        &["bad.toml:3:8", "No such file"],
    );
    let bad =
        "[population.network]\nkind = \"edge-list\"\npath = \"bad.txt\"\n[arms.talk.networking]\n";
    fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let o = outreach(dir.path())
        .args(["run", "bad.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("bad.txt:2:"), "{err}");
    fs::write(
        dir.path().join("sized.toml"),
        format!("[population]\nsize = 31\n{scenario}"),
    )
    .unwrap();
    let o = outreach(dir.path())
        .args(["run", "sized.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("has 30 people, not 31"),
        "{err}"
    );
}

#[test]
fn a_target_community_needs_a_communities_network() {
    refused(
        "[arms.a.email-blast]\ncommunity = 2\n",
        &[],
        &[
            "bad.toml:2:13",
            "`arms.a.email-blast.community`",
            "needs a communities network",
        ],
    );
    refused(
        "[population.network]\nkind = \"communities\"\ncommunities = 4\n[arms.a.networking]\ncommunity = 5\n",
        &[],
        &["bad.toml:5:13", "no community 5", "use 1 to 4"],
    );
    refused(
        "[population]\nsize = 1000\n[population.network]\nkind = \"communities\"\ncommunities = 100\ninside_share = 0.9\n[arms.a.networking]\n",
        &[],
        &["bad.toml:6:16", "cannot give 100 friends each"],
    );
}

/// The value of a figure in `outreach graph` output ("  people   30" -> "30").
fn figure(text: &str, name: &str) -> String {
    text.lines()
        .find_map(|l| {
            l.trim_start()
                .strip_prefix(name)
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_default()
}

#[test]
fn the_newer_tactics_and_money_are_checked_like_the_rest() {
    refused(
        "[arms.a.social-ads]\nreach_per_dya = 0.1\n",
        &[],
        &["bad.toml:2:1", "did you mean `reach_per_day`?"],
    );
    refused(
        "[arms.a.link-bait]\npass_on = 1.2\n",
        &[],
        &["bad.toml:2:11", "`arms.a.link-bait.pass_on`", "from 0 to 1"],
    );
    refused(
        "[population]\nsize = 100\n[population.network]\nmean_degree = 10\n[arms.a.link-bait]\nseeds = 500\n",
        &[],
        &["bad.toml:6:9", "500 seeds are more than the 100 people"],
    );
    refused(
        "[arms.a]\nstop_day = -1\n[arms.a.community]\n",
        &[],
        &["bad.toml:2:12", "`arms.a.stop_day`"],
    );
    // A budget cannot limit an action that costs nothing.
    refused(
        "[money]\ndaily_budget = 100\n[arms.a.social-ads]\ncost_per_impression = 0\n",
        &[],
        &[
            "bad.toml:2:16",
            "costs nothing",
            "social-ads.cost_per_impression",
        ],
    );
    // An arm's budget shares add up to 1 (or leave room for a tactic without one).
    refused(
        "[arms.a.email-blast]\nbudget_share = 0.7\n[arms.a.networking]\nbudget_share = 0.5\n",
        &[],
        &[
            "bad.toml:4:16",
            "`arms.a.networking.budget_share`",
            "add up to 1.2 (email-blast 0.7 + networking 0.5), not 1",
            "networking = 0.3",
        ],
    );
    refused(
        "[arms.a.email-blast]\nbudget_share = 0.7\n[arms.a.networking]\nbudget_share = 0.6\n[arms.a.community]\n",
        &[],
        &["more than the whole budget", "so that community can take"],
    );
    refused(
        "[arms.a.networking]\nbudget_share = 0.5\n",
        &[],
        &["add up to 0.5", "set budget_share = 1 or leave it out"],
    );
    refused(
        "[money]\nmargin = 2\n[arms.a.community]\n",
        &[],
        &["bad.toml:2:10", "`money.margin`"],
    );
}

/// `outreach ARGS` in a fresh folder: (success, stdout, stderr).
fn outcome(args: &[&str]) -> (bool, String, String) {
    let dir = TempDir::new().unwrap();
    let out = outreach(dir.path()).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn threads_above_four_per_core_are_refused_naming_the_cores() {
    let cores = std::thread::available_parallelism().unwrap().get();
    let too_many = (4 * cores + 1).to_string();
    for command in ["run", "sweep", "validate"] {
        for threads in [too_many.as_str(), "100000", "0"] {
            let (ok, _, err) = outcome(&[command, "--threads", threads, "--quiet"]);
            assert!(!ok, "{command} --threads {threads} was accepted");
            for fragment in [
                "--threads",
                &format!("{cores} core(s)"),
                &format!("from 1 to {}", 4 * cores),
            ] {
                assert!(err.contains(fragment), "missing {fragment:?} in:\n{err}");
            }
        }
    }
}

#[test]
fn a_mistyped_subcommand_suggests_the_nearest() {
    let (ok, _, err) = outcome(&["rnu", "scenarios/classic.toml"]);
    assert!(!ok);
    assert!(err.contains("'rnu'") && err.contains("'run'"), "{err}");
    assert!(!err.contains("cannot be used with"), "{err}");
    let (ok, _, err) = outcome(&["chek"]);
    assert!(!ok);
    assert!(err.contains("'check'"), "{err}");
}

#[test]
fn negative_days_name_the_real_range() {
    for args in [
        &["run", "--days", "-5"][..],
        &["run", "--days=-5"],
        &["check", "--days", "36501"],
    ] {
        let (ok, _, err) = outcome(args);
        assert!(!ok, "{args:?} was accepted");
        assert!(
            err.contains("--days") && err.contains("from 1 to 36500"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("'-- -5'") && !err.contains("4294967295"),
            "{err}"
        );
    }
    let (ok, _, err) = outcome(&["run", "--replicates", "-1"]);
    assert!(!ok && err.contains("from 1 to 10000"), "{err}");
}

#[test]
fn graph_help_offers_no_replicates_or_days() {
    let (ok, help, _) = outcome(&["graph", "--help"]);
    assert!(ok);
    assert!(help.contains("--seed") && help.contains("--set"), "{help}");
    assert!(
        !help.contains("--replicates") && !help.contains("--days"),
        "{help}"
    );
    let (ok, _, err) = outcome(&["graph", "--days", "30"]);
    assert!(!ok, "graph accepted --days");
    assert!(err.contains("--days"), "{err}");
}

#[test]
fn final_tables_fit_in_100_columns_whatever_the_arm_names() {
    let dir = TempDir::new().unwrap();
    let long = "networking with a name much longer than any column of the table";
    let scenario = format!(
        "name = \"wide\"\ndays = 30\nreplicates = 2\n[population]\nsize = 300\n\
         [arms.\"{long}\".networking]\n[arms.\"blast with a long name too\".email-blast]\n\
         [arms.b.email-blast]\ncadence_days = 7\n"
    );
    fs::write(dir.path().join("wide.toml"), scenario).unwrap();
    let out = outreach(dir.path())
        .args(["run", "wide.toml", "--out", "r"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in stdout.lines() {
        assert!(line.chars().count() <= 100, "wider than 100:\n{line}");
    }
    // Every headline and event column is still shown or named.
    for name in [
        "reach",
        "aware",
        "trust",
        "unsubscribes",
        "conversions",
        "profit",
        "delivered",
        "bait_views",
        "community_contacts",
    ] {
        assert!(stdout.contains(name), "{name} missing from:\n{stdout}");
    }
    // A long name wraps in its column; the CSV files keep it whole.
    assert!(stdout.contains(&long[..24]), "{stdout}");
    let summary = fs::read_to_string(dir.path().join("r/summary.csv")).unwrap();
    assert!(summary.contains(long));
}
