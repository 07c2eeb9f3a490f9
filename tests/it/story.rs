//! The default scenario tells the articles' story through its mechanisms,
//! and the email defaults reproduce the published per-send figures.

use outreach::engine;
use outreach::metrics::DayMetrics;
use outreach::scenario::Scenario;
use outreach::summary::{summarise, Summary};
use std::sync::atomic::AtomicU64;

fn default_with(sets: &[&str]) -> Scenario {
    crate::support::load(None, sets)
}

fn run(s: &Scenario) -> (engine::RunResult, Summary) {
    let r = engine::run(s, &s.load_edge_lists().unwrap(), &AtomicU64::new(0));
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

/// Per-send rates of an email arm over the whole run and every replicate,
/// per email that reached the inbox (delivered minus spam-foldered, as
/// campaign reports count them), each with its standard error across
/// replicates.
struct PerSend {
    open: Rate,
    click: Rate,
    unsubscribe: Rate,
    complaint: Rate,
}

/// A pooled rate (events over inboxed emails, all replicates) and its
/// standard error as a ratio estimator: replicates are independent, the
/// emails within one are not.
#[derive(Debug)]
struct Rate {
    value: f64,
    standard_error: f64,
}

impl Rate {
    fn pooled(events: &[f64], inboxed: &[f64]) -> Rate {
        let n = events.len() as f64;
        let value = events.iter().sum::<f64>() / inboxed.iter().sum::<f64>();
        let mean_inboxed = inboxed.iter().sum::<f64>() / n;
        let residuals: f64 = events
            .iter()
            .zip(inboxed)
            .map(|(e, d)| (e - value * d).powi(2))
            .sum();
        Rate {
            value,
            standard_error: (residuals / (n * (n - 1.0))).sqrt() / mean_inboxed,
        }
    }

    /// Whether the rate can be within `bias` (a share) of `published`:
    /// the allowed bias plus what sampling can add, 3.29 standard errors
    /// (99.9 % two-sided), so a model within the bounds fails at most about
    /// once in a thousand seeds.
    fn within(&self, published: f64, bias: f64) -> bool {
        (self.value - published).abs() <= bias * published + 3.29 * self.standard_error
    }
}

fn per_send(r: &engine::RunResult, arm: usize) -> PerSend {
    let reps = &r.series[arm];
    let total = |f: fn(&DayMetrics) -> u64| -> Vec<f64> {
        reps.iter()
            .map(|days| days.iter().map(f).sum::<u64>() as f64)
            .collect()
    };
    let last = |f: fn(&DayMetrics) -> u64| -> Vec<f64> {
        reps.iter()
            .map(|days| f(days.last().unwrap()) as f64)
            .collect()
    };
    let inboxed: Vec<f64> = total(|d| d.delivered)
        .iter()
        .zip(total(|d| d.spam_foldered))
        .map(|(d, s)| d - s)
        .collect();
    // The cumulative count and the daily flows must agree.
    assert_eq!(last(|d| d.complaints_total), total(|d| d.complaints));
    PerSend {
        open: Rate::pooled(&total(|d| d.opens), &inboxed),
        click: Rate::pooled(&total(|d| d.clicks), &inboxed),
        unsubscribe: Rate::pooled(&last(|d| d.unsubscribes), &inboxed),
        complaint: Rate::pooled(&last(|d| d.complaints_total), &inboxed),
    }
}

#[test]
fn weekly_cadence_reproduces_published_rates_and_daily_is_worse() {
    // MODEL.md, Calibration: a weekly campaign averages 21 % opens (within
    // 3 %), 2.6 % clicks and 0.23 % unsubscribes (within 5 %), and
    // 0.01-0.02 % complaints per inboxed email. The market factor is set
    // aside here: it scales a replicate's opens by a factor with mean 1 and
    // a spread of a third, which leaves the average in place but would need
    // hundreds of replicates to pin down (the 200-replicate measurement
    // with it is in MODEL.md).
    let (r, _) = run(&default_with(&[
        "arms.blast.email-blast.cadence_days=7",
        "population.market_spread=0",
    ]));
    let weekly = per_send(&r, 0);
    assert!(weekly.open.within(0.21, 0.03), "{:?}", weekly.open);
    assert!(weekly.click.within(0.026, 0.05), "{:?}", weekly.click);
    assert!(
        weekly.unsubscribe.within(0.0023, 0.05),
        "{:?}",
        weekly.unsubscribe
    );
    let c = &weekly.complaint;
    let slack = 3.29 * c.standard_error;
    assert!(
        (0.0001 - slack..=0.0002 + slack).contains(&c.value),
        "{c:?}"
    );

    // The frequency effect: going from about 4 to 30 sends a month raises
    // complaints per send several-fold (published: 5 -> 12 sends, six-fold)
    // and lowers clicks (published: 2% at 6 sends a month, 0.5% at 25).
    let (r, _) = run(&default_with(&["population.market_spread=0"]));
    let daily = per_send(&r, 0);
    assert!(
        daily.unsubscribe.value > 2.0 * weekly.unsubscribe.value,
        "daily {:?} vs weekly {:?} unsubscribes per send",
        daily.unsubscribe,
        weekly.unsubscribe
    );
    assert!(
        daily.complaint.value > 4.0 * weekly.complaint.value,
        "daily {:?} vs weekly {:?} complaints per send",
        daily.complaint,
        weekly.complaint
    );
    assert!(
        daily.click.value < 0.5 * weekly.click.value,
        "daily {:?} vs weekly {:?} clicks per send",
        daily.click,
        weekly.click
    );
}
