//! Reproducibility is an invariant: the same scenario and seed give
//! byte-identical output whatever the number of threads, and an arm's rows
//! depend on its own configuration only.

use crate::support::outreach;
use outreach::engine;
use outreach::scenario;
use std::fs;
use std::sync::atomic::AtomicU64;
use tempfile::TempDir;

/// At least 8 chunks of people, with word of mouth active.
const MANY_CHUNKS: &str = r#"
name = "threads"
days = 40
replicates = 2
seed = 5
[population]
size = 66000
[population.network]
mean_degree = 20
[behaviour]
tell_per_day = 0.3
[arms.blast.email-blast]
[arms.networking.networking]
conversations_per_day = 200
[arms.mixed.email-blast]
cadence_days = 3
[arms.mixed.networking]
[arms.all.email-blast]
[arms.all.networking]
[arms.all.social-ads]
offence_rate = 0.05
[arms.all.link-bait]
every_days = 10
seeds = 20
pass_on = 0.1
[arms.all.community]
"#;

#[test]
fn output_is_byte_identical_at_1_2_3_and_8_threads() {
    let s = scenario::from_str(MANY_CHUNKS).unwrap();
    assert!(s.population.size as usize >= 8 * outreach::people::state::CHUNK);
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("threads.toml"), MANY_CHUNKS).unwrap();
    let files = [
        "timeseries.csv",
        "summary.csv",
        "scenario.toml",
        "dashboard.svg",
        "report.html",
    ];
    let mut first: Option<Vec<Vec<u8>>> = None;
    for threads in ["1", "2", "3", "8"] {
        let out = format!("out{threads}");
        let o = outreach(dir.path())
            .args([
                "run",
                "threads.toml",
                "--quiet",
                "--threads",
                threads,
                "--out",
                &out,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes: Vec<Vec<u8>> = files
            .iter()
            .map(|f| fs::read(dir.path().join(&out).join(f)).unwrap())
            .collect();
        match &first {
            None => {
                let ts = String::from_utf8_lossy(&bytes[0]);
                let shares_col = ts
                    .lines()
                    .next()
                    .unwrap()
                    .split(',')
                    .position(|c| c == "shares")
                    .unwrap();
                let shares: f64 = ts
                    .lines()
                    .skip(1)
                    .map(|l| {
                        l.split(',')
                            .nth(shares_col)
                            .unwrap()
                            .parse::<f64>()
                            .unwrap()
                    })
                    .sum();
                assert!(
                    shares > 0.0,
                    "word of mouth must be active for this test to mean anything"
                );
                first = Some(bytes);
            }
            Some(f) => {
                for (i, name) in files.iter().enumerate() {
                    assert!(f[i] == bytes[i], "{name} differs at {threads} threads");
                }
            }
        }
    }
}

const TWINS: &str = r#"
days = 60
replicates = 3
[population]
size = 3000
[population.network]
mean_degree = 20
[arms.first.email-blast]
cadence_days = 2
[arms.first.networking]
[arms.second.email-blast]
cadence_days = 2
[arms.second.networking]
[arms.other.networking]
conversations_per_day = 50
"#;

#[test]
fn identical_arms_give_identical_rows_and_order_does_not_matter() {
    let run = |text: &str| {
        let s = scenario::from_str(text).unwrap();
        engine::run(&s, &s.load_edge_lists().unwrap(), &AtomicU64::new(0))
    };
    let r = run(TWINS);
    // Debug text, because ratios with nothing to divide by are NaN, and
    // NaN is never equal to itself.
    let same = |a: &[Vec<outreach::metrics::DayMetrics>]| format!("{a:?}");
    assert_eq!(
        same(&r.series[0]),
        same(&r.series[1]),
        "two identically configured arms differ"
    );
    assert!(
        r.series[0][0].iter().any(|d| d.shares > 0),
        "word of mouth must be active"
    );
    // Move the last arm to the front: no arm's rows may change.
    let reordered = TWINS.replace(
        "[arms.first.email-blast]",
        "[arms.other.networking]\nconversations_per_day = 50\n[arms.first.email-blast]",
    );
    let reordered = reordered
        .trim_end()
        .trim_end_matches("[arms.other.networking]\nconversations_per_day = 50")
        .to_string();
    let r2 = run(&reordered);
    assert_eq!(r2.arms, vec!["other", "first", "second"]);
    assert_eq!(same(&r2.series[0]), same(&r.series[2]));
    assert_eq!(same(&r2.series[1]), same(&r.series[0]));
    assert_eq!(same(&r2.series[2]), same(&r.series[1]));
}
