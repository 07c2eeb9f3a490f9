//! The tables `outreach run` prints at the end: final values per arm,
//! event totals, and the run's speed.

use super::table::{wrap, Table};
use crate::engine;
use crate::scenario::Scenario;
use crate::summary;
use std::fmt::Write as _;
use std::path::Path;

pub(super) fn final_table(
    s: &Scenario,
    summary: &summary::Summary,
    result: &engine::RunResult,
    t: engine::Timings,
    out: &Path,
) -> String {
    let mut text = wrap(&format!(
        "{} on day {} (mean over {} replicate(s), 95% interval in brackets):",
        s.name, s.days, s.replicates
    ));
    let finals = [
        "reach",
        "aware",
        "trust",
        "unsubscribes",
        "conversions",
        "profit",
    ];
    let mut table = Table::new("arm", finals.iter().map(|c| c.to_string()).collect());
    for (a, arm) in summary.arms.iter().enumerate() {
        let cells = finals
            .iter()
            .map(|&c| {
                let v = summary.final_value(a, c);
                let digits = if c == "trust" { 3 } else { 0 };
                match (v.low, v.high) {
                    (Some(lo), Some(hi)) => format!(
                        "{:.*} [{:.*}, {:.*}]",
                        digits, v.mean, digits, lo, digits, hi
                    ),
                    _ => format!("{:.*}", digits, v.mean),
                }
            })
            .collect();
        table.row(arm, cells);
    }
    text.push_str(&table.render());
    text.push_str(&event_table(result));
    let total = t.total.as_secs_f64();
    let peak = peak_memory()
        .map(|b| format!(", peak memory {:.0} MB", b as f64 / 1e6))
        .unwrap_or_default();
    let mut speed = format!(
        "{} agent-days (people x days x arms x replicates) in {:.2} s ({:.0} million per second){peak}",
        s.agent_days(),
        total,
        s.agent_days() as f64 / total.max(1e-9) / 1e6,
    );
    if engine::run::replicates_at_once(s) == 1 {
        // One replicate at a time: graph building and simulation do not overlap.
        let simulate = t.total.saturating_sub(t.graph).as_secs_f64();
        put!(
            speed,
            "; graphs {:.2} s, simulation {:.2} s ({:.0} million agent-days per second).",
            t.graph.as_secs_f64(),
            simulate,
            s.agent_days() as f64 / simulate.max(1e-9) / 1e6
        );
    } else {
        speed.push('.');
    }
    text.push_str(&wrap(&speed));
    text.push_str(&wrap(&format!("Results in {}", out.display())));
    text
}

/// Event totals per replicate: they show the model doing its work, not
/// skipping it. Events no arm had are named in one line instead of a
/// column of zeros (timeseries.csv has them all, day by day).
fn event_table(result: &engine::RunResult) -> String {
    let events = [
        "delivered",
        "opens",
        "clicks",
        "complaints",
        "conversations",
        "pitches",
        "posts_seen",
        "shares",
        "impressions",
        "negative_shares",
        "bait_views",
        "community_contacts",
        "spam_foldered",
    ];
    let means: Vec<Vec<f64>> = result
        .series
        .iter()
        .map(|replicates| {
            events
                .iter()
                .map(|e| {
                    let m = crate::metrics::metric(e).expect("listed metric");
                    let total: f64 = replicates.iter().flatten().map(|d| (m.get)(d)).sum();
                    total / replicates.len() as f64
                })
                .collect()
        })
        .collect();
    let (shown, none): (Vec<usize>, Vec<usize>) =
        (0..events.len()).partition(|&e| means.iter().any(|arm| arm[e] != 0.0));
    let mut text = wrap("Events over the whole run, per replicate (mean):");
    let mut table = Table::new(
        "arm",
        shown.iter().map(|&e| events[e].to_string()).collect(),
    );
    for (arm, values) in result.arms.iter().zip(&means) {
        table.row(
            arm,
            shown.iter().map(|&e| format!("{:.0}", values[e])).collect(),
        );
    }
    text.push_str(&table.render());
    if !none.is_empty() {
        let names: Vec<&str> = none.iter().map(|&e| events[e]).collect();
        text.push_str(&wrap(&format!(
            "None in any arm: {} (every figure, day by day, is in timeseries.csv).",
            names.join(", ")
        )));
    }
    text
}

/// This process's peak resident memory, where the system tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
