//! Each behaviour the articles describe, exercised through a scenario in
//! scenarios/ and checked against the replicate intervals, so removing the
//! mechanism behind it makes its test fail.

use outreach::engine;
use outreach::scenario::{self, Override, Scenario};
use outreach::summary::{summarise, Interval, Summary};
use std::path::Path;
use std::sync::atomic::AtomicU64;

fn load(file: &str, sets: &[&str]) -> Scenario {
    let o: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    scenario::load(Some(Path::new(file)), &o)
        .unwrap_or_else(|e| panic!("{file}: {e}"))
        .0
}

fn run(s: &Scenario) -> Summary {
    summarise(&engine::run(s, &AtomicU64::new(0)))
}

fn at(sum: &Summary, arm: &str, metric: &str, day: usize) -> Interval {
    let a = sum.arm_index(arm).unwrap_or_else(|| panic!("no arm {arm}"));
    sum.series(a, metric)[day - 1]
}

/// `a` is above `b` with the intervals apart.
fn clearly_above(a: Interval, b: Interval) -> bool {
    a.low.unwrap() > b.high.unwrap()
}

#[test]
fn mixing_erodes_trust_only_because_bad_weighs_more_than_good() {
    let gap = |ratio: &str| {
        let sum = run(&load(
            "scenarios/mixing.toml",
            &[&format!("behaviour.trust_negativity_ratio={ratio}")],
        ));
        let (net, mixed) = (
            at(&sum, "networking", "trust", 365),
            at(&sum, "mixed", "trust", 365),
        );
        (net, mixed, net.mean - mixed.mean)
    };
    let (net, mixed, asymmetric) = gap("5");
    assert!(
        clearly_above(net, mixed),
        "with a ratio of 5, mixing must end with less trust: networking {net:?}, mixed {mixed:?}"
    );
    let (_, _, symmetric) = gap("1");
    assert!(
        symmetric.abs() < 0.2 * asymmetric,
        "with a ratio of 1 the gap must all but vanish: {symmetric} against {asymmetric}"
    );
}

#[test]
fn social_ads_spread_complaints_and_lose_the_trust_networking_gains() {
    let sum = run(&load("scenarios/ads.toml", &[]));
    let negative: f64 = (1..=365)
        .map(|d| at(&sum, "ads", "negative_shares", d).mean)
        .sum();
    assert!(negative > 100.0, "ads made {negative} negative shares");
    let start = at(&sum, "ads", "trust", 1);
    let ads = at(&sum, "ads", "trust", 365);
    let net = at(&sum, "networking", "trust", 365);
    assert!(clearly_above(start, ads), "ads: trust {start:?} -> {ads:?}");
    assert!(
        clearly_above(net, at(&sum, "networking", "trust", 1)),
        "networking must gain trust"
    );
    // Without offence there are no complaints to pass on.
    let calm = run(&load(
        "scenarios/ads.toml",
        &["arms.ads.social-ads.offence_rate=0"],
    ));
    let none: f64 = (1..=365)
        .map(|d| at(&calm, "ads", "negative_shares", d).mean)
        .sum();
    assert_eq!(none, 0.0);
}

#[test]
fn link_bait_is_forgotten_faster_than_community() {
    let sum = run(&load("scenarios/content.toml", &[]));
    // Both stop on day 180; how much awareness is left 20 days later?
    let kept = |arm| at(&sum, arm, "aware", 200).mean / at(&sum, arm, "aware", 180).mean;
    let (bait, groups) = (kept("bait"), kept("groups"));
    assert!(
        bait < 0.5 * groups,
        "share of aware people kept 20 days after stopping: bait {bait}, groups {groups}"
    );
    // The bait's burst: far more reach and shares in its first month.
    assert!(clearly_above(
        at(&sum, "bait", "reach", 30),
        at(&sum, "groups", "reach", 30)
    ));
    assert!(clearly_above(
        at(&sum, "groups", "trust", 365),
        at(&sum, "bait", "trust", 365)
    ));
}

#[test]
fn heavy_sharers_speed_up_word_of_mouth() {
    let reach = |share: &str| {
        let sum = run(&load(
            "scenarios/classic.toml",
            &[&format!("population.heavy_sharer_share={share}")],
        ));
        at(&sum, "networking", "reach", 180)
    };
    let (with, without) = (reach("0.1"), reach("0"));
    assert!(
        clearly_above(with, without),
        "reach at day 180 with heavy sharers {with:?}, without {without:?}"
    );
}

#[test]
fn at_equal_budget_every_arm_spends_the_same_money() {
    let s = load("scenarios/budget.toml", &["replicates=3", "days=120"]);
    let sum = run(&s);
    let budget = s.money.daily_budget * 120.0;
    // The costliest single action in the scenario: a conversation's hours.
    let rate = s.money.hourly_rate;
    let largest = s
        .arms
        .iter()
        .flat_map(|a| {
            [
                a.networking
                    .as_ref()
                    .map(|n| n.hours_per_conversation * rate),
                a.email_blast
                    .as_ref()
                    .map(|e| e.cost_per_address.max(e.cost_per_email)),
                a.social_ads.as_ref().map(|x| x.cost_per_impression),
                a.community.as_ref().map(|_| 0.0),
            ]
        })
        .flatten()
        .fold(0.0, f64::max);
    for arm in &sum.arms {
        let spent = at(&sum, arm, "cost", 120);
        assert!(
            (budget - spent.mean).abs() <= largest && spent.mean <= budget + 1e-6,
            "{arm} spent {} of {budget} (one action costs at most {largest})",
            spent.mean
        );
    }
}

#[test]
fn the_complaint_threshold_sends_a_daily_blast_to_spam() {
    let sum = run(&load("scenarios/cadence.toml", &["days=90"]));
    let spam = |arm| -> f64 {
        (1..=90)
            .map(|d| at(&sum, arm, "spam_foldered", d).mean)
            .sum()
    };
    assert!(
        spam("daily") > 1000.0,
        "daily: {} emails in spam",
        spam("daily")
    );
    assert_eq!(
        spam("monthly"),
        0.0,
        "a monthly sender stays under the threshold"
    );
    // Without the threshold nothing goes to spam.
    let open = run(&load(
        "scenarios/cadence.toml",
        &["days=90", "arms.daily.email-blast.complaint_threshold=1"],
    ));
    assert_eq!(
        (1..=90)
            .map(|d| at(&open, "daily", "spam_foldered", d).mean)
            .sum::<f64>(),
        0.0
    );
}

#[test]
fn repeat_purchases_and_routes_add_up() {
    let sum = run(&load("scenarios/classic.toml", &[]));
    let routes = [
        "conversions_email",
        "conversions_conversation",
        "conversions_referral",
        "conversions_need",
        "conversions_ad",
    ];
    for arm in ["blast", "networking"] {
        let total: f64 = routes.iter().map(|r| at(&sum, arm, r, 365).mean).sum();
        assert!((total - at(&sum, arm, "conversions", 365).mean).abs() < 1e-9);
    }
    assert!(at(&sum, "networking", "repeat_purchases", 365).mean > 10.0);
    assert!(at(&sum, "networking", "conversions_referral", 365).mean > 10.0);
    assert!(at(&sum, "blast", "conversions_email", 365).mean > 10.0);
}
