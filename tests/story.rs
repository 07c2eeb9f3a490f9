//! The default scenario tells the articles' story through its mechanisms,
//! and the email defaults reproduce the published per-send figures.

use outreach::engine;
use outreach::metrics::DayMetrics;
use outreach::scenario::{self, Override, Scenario};
use outreach::summary::{summarise, Summary};
use std::sync::atomic::AtomicU64;

fn default_with(sets: &[&str]) -> Scenario {
    let o: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    scenario::load(None, &o).unwrap().0
}

fn run(s: &Scenario) -> (engine::RunResult, Summary) {
    let r = engine::run(s, &AtomicU64::new(0));
    let sum = summarise(&r);
    (r, sum)
}

fn mean_on(sum: &Summary, arm: &str, metric: &str, day: usize) -> f64 {
    sum.series(sum.arm_index(arm).unwrap(), metric)[day - 1].mean
}

#[test]
fn blasting_wins_early_networking_overtakes_and_keeps_trust() {
    let s = default_with(&[]);
    let (_, sum) = run(&s);
    let conv = |arm, day| mean_on(&sum, arm, "conversions", day);
    assert!(
        conv("blast", 30) > conv("networking", 30),
        "blast {} vs networking {} conversions at day 30",
        conv("blast", 30),
        conv("networking", 30)
    );
    let overtakes = (1..=365).find(|&d| conv("networking", d) > conv("blast", d));
    assert!(
        matches!(overtakes, Some(d) if d < 365),
        "networking never overtakes"
    );
    assert!(conv("networking", 365) > conv("blast", 365));
    let trust = |arm| sum.final_value(sum.arm_index(arm).unwrap(), "trust");
    assert!(
        trust("networking").low.unwrap() > trust("blast").high.unwrap(),
        "final trust: networking {:?} vs blast {:?}",
        trust("networking"),
        trust("blast")
    );
}

#[test]
fn word_of_mouth_carries_at_least_half_of_networkings_reach() {
    let reach = |sets: &[&str]| {
        let (_, sum) = run(&default_with(sets));
        sum.final_value(sum.arm_index("networking").unwrap(), "reach")
            .mean
    };
    let with = reach(&[]);
    let without = reach(&["behaviour.word_of_mouth=false"]);
    assert!(
        without <= 0.5 * with,
        "reach with word of mouth {with}, without {without}"
    );
}

/// Per-send rates of the blast arm over the whole run and every replicate.
fn per_send(r: &engine::RunResult, arm: usize) -> (f64, f64, f64) {
    let days: Vec<&DayMetrics> = r.series[arm].iter().flatten().collect();
    let delivered: u64 = days.iter().map(|d| d.delivered).sum();
    let opens: u64 = days.iter().map(|d| d.opens).sum();
    let complaints: u64 = days.iter().map(|d| d.complaints).sum();
    let unsubscribes: u64 = r.series[arm]
        .iter()
        .map(|rep| rep.last().unwrap().unsubscribes)
        .sum();
    let d = delivered as f64;
    (
        opens as f64 / d,
        unsubscribes as f64 / d,
        complaints as f64 / d,
    )
}

#[test]
fn weekly_cadence_reproduces_published_rates_and_daily_is_worse() {
    let weekly = default_with(&["arms.blast.email-blast.cadence_days=7"]);
    let (r, _) = run(&weekly);
    let (open, unsub, complaint_weekly) = per_send(&r, 0);
    assert!(
        (open / 0.21 - 1.0).abs() < 0.25,
        "weekly open rate per send {open}"
    );
    assert!(
        (unsub / 0.0023 - 1.0).abs() < 0.25,
        "weekly unsubscribe rate per send {unsub}"
    );

    let (r, _) = run(&default_with(&[]));
    let (_, unsub_daily, complaint_daily) = per_send(&r, 0);
    assert!(
        unsub_daily > 2.0 * unsub,
        "daily {unsub_daily} vs weekly {unsub} unsubscribes per send"
    );
    assert!(
        complaint_daily > 3.0 * complaint_weekly,
        "daily {complaint_daily} vs weekly {complaint_weekly} complaints per send"
    );
}
