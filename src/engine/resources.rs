//! Estimates of a run's memory and time, for `outreach check` and for
//! refusing a population too large for this machine before anything runs.
//! The commands apply that guard to a validated scenario: the scenario
//! layer itself knows nothing of the engine.

use super::run::replicates_at_once;
use crate::metrics::DayMetrics;
use crate::people::start::START_BYTES_PER_PERSON;
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

/// Bytes of one network's graph at its peak while being built: 4 bytes per
/// friendship end, 8 per offset, plus the builder's own per-person arrays.
fn network_bytes(net: &NetworkConfig, n: u64) -> u64 {
    match net {
        NetworkConfig::WellMixed => 0,
        // Read once and shared by every replicate (counted as `loaded`).
        NetworkConfig::EdgeList { .. } => 0,
        // Preferential attachment keeps its growing lists while building:
        // a peak of about 2.2 times the graph (measured).
        NetworkConfig::ScaleFree { .. } => {
            ((net.expected_mean_degree() * n as f64 * 4.0 * 2.2) as u64).saturating_add(n * 16)
        }
        // Targets, sort orders and ranks: 24 bytes a person while building.
        NetworkConfig::Social => ((net.expected_mean_degree() * n as f64) as u64)
            .saturating_mul(4)
            .saturating_add(n * 40),
        _ => ((net.expected_mean_degree() * n as f64) as u64)
            .saturating_mul(4)
            .saturating_add(n * 16),
    }
}

/// Loaded edge lists, read once and shared by every replicate.
fn loaded_bytes(s: &Scenario) -> u64 {
    s.networks()
        .iter()
        .map(|net| match net {
            NetworkConfig::EdgeList { figures, .. } => figures.heap_bytes,
            _ => 0,
        })
        .fold(0, u64::saturating_add)
}

/// The most that reading one of the scenario's edge lists holds above the
/// loaded graphs (the lists are read one after another, before anything is
/// simulated, and their pairs are dropped once the graph is built).
fn reading_bytes(s: &Scenario) -> u64 {
    s.networks()
        .iter()
        .map(|net| match net {
            NetworkConfig::EdgeList { figures, .. } => figures.read_bytes,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// Peak bytes of `outreach graph`, which builds the scenario's networks one
/// at a time for the first replicate and simulates nothing.
pub fn graph_peak_bytes(s: &Scenario) -> u64 {
    let n = u64::from(s.population.size);
    s.networks()
        .iter()
        .map(|net| network_bytes(net, n))
        .max()
        .unwrap_or(0)
        .max(reading_bytes(s))
        .saturating_add(loaded_bytes(s))
}

/// Peak bytes: per replicate in memory, the graphs, the people's start and
/// every arm's person state.
pub fn peak_bytes(s: &Scenario) -> u64 {
    let n = u64::from(s.population.size);
    let graphs: u64 = s
        .networks()
        .iter()
        .map(|net| network_bytes(net, n))
        .fold(0, u64::saturating_add);
    let loaded = loaded_bytes(s);
    // Saturating throughout: the sizes come from the user's numbers (4e9
    // people, 36,500 days, 10,000 replicates, any number of arms), and a
    // wrapped product would let an impossible run through the guard.
    // Every arm's person state, and the start they are copied from.
    let arms = (s.arms.len() as u64)
        .saturating_mul(n)
        .saturating_mul(BYTES_PER_PERSON)
        .saturating_add(n.saturating_mul(START_BYTES_PER_PERSON));
    // Every day of every arm and replicate is kept until written, then
    // summarised (means and intervals per metric, twice with the comparison).
    let days = (s.arms.len() as u64).saturating_mul(u64::from(s.days));
    let results = days
        .saturating_mul(u64::from(s.replicates))
        .saturating_mul(std::mem::size_of::<DayMetrics>() as u64)
        .saturating_add(days.saturating_mul(
            2 * crate::metrics::METRICS.len() as u64
                * std::mem::size_of::<crate::summary::Interval>() as u64,
        ));
    (replicates_at_once(s) as u64)
        .saturating_mul(graphs.saturating_add(arms))
        .saturating_add(results)
        .max(reading_bytes(s))
        .saturating_add(loaded)
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
    meminfo("MemTotal:")
}

/// Memory available now (the kernel's `MemAvailable`: free memory plus the
/// caches it can drop), if known: what a run can take without swapping,
/// unlike the total, which other programs already hold part of.
pub fn available_bytes() -> Option<u64> {
    meminfo("MemAvailable:").or_else(machine_bytes)
}

fn meminfo(field: &str) -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with(field))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// Refuses a validated scenario whose estimated peak memory exceeds the
/// memory available now, naming what dominates the estimate and a fix.
pub fn fits_in_memory(s: &Scenario, src: &SourceText) -> Result<(), ScenarioError> {
    match available_bytes() {
        Some(have) => fits_within(s, src, have, Need::Run),
        None => Ok(()),
    }
}

/// [`fits_in_memory`] for `outreach graph`, which needs only the graphs
/// ([`graph_peak_bytes`]): a population whose simulation would not fit may
/// still be built and exported.
pub fn graph_fits_in_memory(s: &Scenario, src: &SourceText) -> Result<(), ScenarioError> {
    match available_bytes() {
        Some(have) => fits_within(s, src, have, Need::Graph),
        None => Ok(()),
    }
}

/// What a command needs memory for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// A simulation: [`peak_bytes`].
    Run,
    /// Building the networks only (`outreach graph`): [`graph_peak_bytes`].
    Graph,
}

/// [`fits_in_memory`] against `have` bytes for what `needed` is. The fix it
/// proposes is found by asking the same estimate, so applying it passes this
/// same check.
pub fn fits_within(
    s: &Scenario,
    src: &SourceText,
    have: u64,
    needed: Need,
) -> Result<(), ScenarioError> {
    let peak_bytes = match needed {
        Need::Run => peak_bytes,
        Need::Graph => graph_peak_bytes,
    };
    let graph_only = needed == Need::Graph;
    let need = peak_bytes(s);
    if need <= have {
        return Ok(());
    }
    // The two knobs the estimate grows with: people (state and graphs) and
    // replicates x days (the kept results). The one that dominates is named.
    let results = {
        let mut r = s.clone();
        r.replicates = 1;
        need.saturating_sub(peak_bytes(&r))
    };
    let raw = toml::from_str::<RawScenario>(&src.text).ok();
    let gb = |b: u64| b as f64 / 1e9;
    let what = if graph_only {
        format!(
            "the networks of {} people need about {:.1} GB, more than the {:.1} GB available now",
            s.population.size,
            gb(need),
            gb(have)
        )
    } else {
        format!(
            "{} people x {} days x {} replicates x {} arm(s) need about {:.1} GB, more than the {:.1} GB available now",
            s.population.size,
            s.days,
            s.replicates,
            s.arms.len(),
            gb(need),
            gb(have)
        )
    };
    if results > need / 2 {
        let span = raw.and_then(|r| r.replicates).map(|v| v.span());
        let most = largest(1, s.replicates, |r| {
            let mut t = s.clone();
            t.replicates = r;
            peak_bytes(&t) <= have
        });
        let fix = match most {
            Some(r) => format!("use --replicates {r} or fewer (or fewer days)"),
            None => "use fewer days: even one replicate does not fit".to_string(),
        };
        return Err(
            ScenarioError::at(src, span, "replicates", what).help(format!(
                "the results kept for every day of every replicate dominate ({:.1} GB); {fix}",
                gb(results)
            )),
        );
    }
    let span = raw
        .and_then(|r| r.population)
        .and_then(|p| p.size)
        .map(|size| size.span());
    let most = largest(10, s.population.size, |n| {
        let mut t = s.clone();
        t.population.size = n;
        peak_bytes(&t) <= have
    });
    let fix = match (most, graph_only) {
        (Some(n), true) => format!("set population.size to {n} or fewer"),
        (Some(n), false) => format!("set population.size to {n} or fewer (or use fewer arms)"),
        (None, true) => "use a smaller edge list: even 10 people do not fit".to_string(),
        (None, false) => {
            "use fewer arms or a smaller edge list: even 10 people do not fit".to_string()
        }
    };
    if graph_only {
        return Err(
            ScenarioError::at(src, span, "population.size", what).help(format!(
                "the {} network's friendships dominate; {fix}",
                s.population.network.kind()
            )),
        );
    }
    Err(ScenarioError::at(src, span, "population.size", what).help(format!(
        "the people's state and networks dominate ({:.1} GB with {} arm(s) on this {} network); {fix}",
        gb(need - results),
        s.arms.len(),
        s.population.network.kind()
    )))
}

/// The largest value in `lo..=hi` for which `fits` holds, if any, given that
/// it holds for every value below one that holds (the estimate only grows).
fn largest(lo: u32, hi: u32, fits: impl Fn(u32) -> bool) -> Option<u32> {
    if !fits(lo) {
        return None;
    }
    let (mut ok, mut bad) = (lo, hi);
    while bad - ok > 1 {
        let mid = ok + (bad - ok) / 2;
        if fits(mid) {
            ok = mid;
        } else {
            bad = mid;
        }
    }
    Some(ok)
}
