//! Estimates of a run's memory and time, for `outreach check` and for
//! refusing a population too large for this machine before anything runs.
//! The commands apply that guard to a validated scenario: the scenario
//! layer itself knows nothing of the engine.

use super::run::replicates_at_once;
use crate::metrics::DayMetrics;
use crate::people::state::BYTES_PER_PERSON;
use crate::scenario::{raw::RawScenario, NetworkConfig, Scenario, ScenarioError, SourceText};

/// Agent-days per second per thread assumed for time estimates, for an arm
/// of unit weight (measured on the reference 2-core machine: blasting against
/// networking at 1,000,000 people ran at 301 M agent-days/s on 2 threads, an
/// average weight of 1.8; see docs/PERFORMANCE.md).
const AGENT_DAYS_PER_SECOND_PER_THREAD: f64 = 270e6;

/// How much a day of each tactic costs relative to networking's (docs/PERFORMANCE.md,
/// "Runs": each tactic alone at 1,000,000 people for 120 days).
fn arm_weight(arm: &crate::scenario::ArmConfig) -> f64 {
    let weights = [
        arm.networking.as_ref().map(|_| 1.0),
        arm.community.as_ref().map(|_| 1.5),
        arm.link_bait.as_ref().map(|_| 1.65),
        arm.social_ads.as_ref().map(|_| 2.25),
        arm.email_blast.as_ref().map(|_| 2.6),
    ];
    let (sum, max) = weights
        .iter()
        .flatten()
        .fold((0.0, 0.0_f64), |(s, m), &w| (s + w, m.max(w)));
    // Tactics share the day's pass over the people: the costliest sets the
    // pace and each other adds about half its own (all five measured 5.2).
    max + 0.5 * (sum - max)
}
/// Friendship ends generated per second per thread (graph building).
const FRIEND_ENDS_PER_SECOND_PER_THREAD: f64 = 50e6;

/// Peak bytes: per replicate in memory, the graph (4 bytes per friendship
/// end, 8 per offset, plus one build-time counter per person) and every
/// arm's person state.
pub fn peak_bytes(s: &Scenario) -> u64 {
    let n = u64::from(s.population.size);
    let graphs: u64 = s
        .networks()
        .iter()
        .map(|net| match net {
            NetworkConfig::WellMixed => 0,
            // Read once and shared by every replicate.
            NetworkConfig::EdgeList { .. } => 0,
            // Preferential attachment keeps its growing lists while building:
            // a peak of about 2.2 times the graph (measured).
            NetworkConfig::ScaleFree { .. } => {
                (net.expected_mean_degree() * n as f64 * 4.0 * 2.2) as u64 + n * 16
            }
            // Targets, sort orders and ranks: 24 bytes a person while building.
            NetworkConfig::Social => (net.expected_mean_degree() * n as f64) as u64 * 4 + n * 40,
            _ => (net.expected_mean_degree() * n as f64) as u64 * 4 + n * 16,
        })
        .sum();
    let loaded: u64 = s
        .networks()
        .iter()
        .map(|net| match net {
            NetworkConfig::EdgeList { figures, .. } => figures.heap_bytes,
            _ => 0,
        })
        .sum();
    let arms = s.arms.len() as u64 * n * BYTES_PER_PERSON;
    // Every day of every arm and replicate is kept until written, then
    // summarised (means and intervals per metric, twice with the comparison).
    let days = s.arms.len() as u64 * u64::from(s.days);
    let results = days * u64::from(s.replicates) * std::mem::size_of::<DayMetrics>() as u64
        + 2 * days
            * crate::metrics::METRICS.len() as u64
            * std::mem::size_of::<crate::summary::Interval>() as u64;
    loaded + replicates_at_once(s) as u64 * (graphs + arms) + results
}

/// Estimated wall time in seconds.
pub fn seconds(s: &Scenario) -> f64 {
    let threads = rayon::current_num_threads() as f64;
    let ends: f64 = s
        .networks()
        .iter()
        .map(|net| net.expected_mean_degree() * f64::from(s.population.size))
        .sum::<f64>()
        * f64::from(s.replicates);
    let person_days = f64::from(s.population.size) * f64::from(s.days) * f64::from(s.replicates);
    let weight: f64 = s.arms.iter().map(arm_weight).sum();
    // Writing: every metric of every arm, replicate and day as CSV text,
    // plus the charts and the report (measured: about 0.15 s).
    let cells = s.arms.len() as f64
        * f64::from(s.days)
        * f64::from(s.replicates)
        * crate::metrics::METRICS.len() as f64;
    person_days * weight / (AGENT_DAYS_PER_SECOND_PER_THREAD * threads)
        + ends / (FRIEND_ENDS_PER_SECOND_PER_THREAD * threads)
        + 0.15
        + cells / 3e6
}

/// This machine's memory in bytes, if known.
pub fn machine_bytes() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Refuses a validated scenario whose estimated peak memory exceeds this
/// machine's, pointing at `population.size` in the text it was read from.
pub fn fits_in_memory(s: &Scenario, src: &SourceText) -> Result<(), ScenarioError> {
    let Some(have) = machine_bytes() else {
        return Ok(());
    };
    let need = peak_bytes(s);
    if need <= have {
        return Ok(());
    }
    let span = toml::from_str::<RawScenario>(&src.text)
        .ok()
        .and_then(|r| r.population)
        .and_then(|p| p.size)
        .map(|size| size.span());
    let per_person = need as f64 / f64::from(s.population.size);
    let max = (have as f64 / per_person) as u64;
    Err(ScenarioError::at(
        src,
        span,
        "population.size",
        format!(
            "{} people need about {:.1} GB, more than this machine's {:.1} GB",
            s.population.size,
            need as f64 / 1e9,
            have as f64 / 1e9
        ),
    )
    .help(format!(
        "at most about {max} people fit with {} arm(s) on this {} network",
        s.arms.len(),
        s.population.network.kind()
    )))
}
