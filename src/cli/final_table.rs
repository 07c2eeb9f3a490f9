//! The tables `outreach run` prints at the end: final values per arm,
//! event totals, and the run's speed.

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
    let mut text = String::new();
    let cols = [
        "reach",
        "aware",
        "trust",
        "unsubscribes",
        "conversions",
        "profit",
    ];
    putln!(
        text,
        "{} on day {} (mean over {} replicate(s), 95% interval in brackets):",
        s.name,
        s.days,
        s.replicates
    );
    put!(text, "{:<16}", "arm");
    for c in cols {
        put!(text, " {c:>24}");
    }
    putln!(text);
    for (a, arm) in summary.arms.iter().enumerate() {
        put!(text, "{arm:<16}");
        for c in cols {
            let v = summary.final_value(a, c);
            let digits = if c == "trust" { 3 } else { 0 };
            let cell = match (v.low, v.high) {
                (Some(lo), Some(hi)) => format!(
                    "{:.*} [{:.*}, {:.*}]",
                    digits, v.mean, digits, lo, digits, hi
                ),
                _ => format!("{:.*}", digits, v.mean),
            };
            put!(text, " {cell:>24}");
        }
        putln!(text);
    }
    // Event totals show the model doing its work, not skipping it.
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
    putln!(text, "Events over the whole run, per replicate (mean):");
    put!(text, "{:<16}", "arm");
    for e in events {
        put!(text, " {e:>13}");
    }
    putln!(text);
    for (a, arm) in result.arms.iter().enumerate() {
        put!(text, "{arm:<16}");
        for e in events {
            let m = crate::metrics::metric(e).expect("listed metric");
            let total: f64 = result.series[a].iter().flatten().map(|d| (m.get)(d)).sum();
            put!(text, " {:>13.0}", total / result.series[a].len() as f64);
        }
        putln!(text);
    }
    let total = t.total.as_secs_f64();
    let peak = peak_memory()
        .map(|b| format!(", peak memory {:.0} MB", b as f64 / 1e6))
        .unwrap_or_default();
    put!(
        text,
        "{} agent-days (people x days x arms x replicates) in {:.2} s ({:.0} million per second){peak}",
        s.agent_days(),
        total,
        s.agent_days() as f64 / total.max(1e-9) / 1e6,
    );
    if engine::run::replicates_at_once(s) == 1 {
        // One replicate at a time: graph building and simulation do not overlap.
        let simulate = t.total.saturating_sub(t.graph).as_secs_f64();
        putln!(
            text,
            "; graphs {:.2} s, simulation {:.2} s ({:.0} million agent-days per second).",
            t.graph.as_secs_f64(),
            simulate,
            s.agent_days() as f64 / simulate.max(1e-9) / 1e6
        );
    } else {
        putln!(text, ".");
    }
    putln!(text, "Results in {}", out.display());
    text
}

/// This process's peak resident memory, where the system tells it.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
