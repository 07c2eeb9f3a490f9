//! Criterion benches for what users wait for (docs/PERFORMANCE.md): the
//! default scenario cold, the same rerun in-process after one knob of one
//! arm changed, the cadence sweep, and one simulated day at scale (graph
//! generation is in benches/graphs.rs).
//! `cargo bench` runs them; CI only checks they compile.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use outreach::engine::{self, arm::ArmRun, Cache};
use outreach::people::world::World;
use outreach::scenario::{self, Override};
use outreach::sweep::Sweep;
use outreach::tactics::ArmPlan;
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

fn scenario_with(sets: &[&str]) -> scenario::Scenario {
    let o: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
    scenario::load(None, &o).unwrap().0
}

/// The embedded default: 10,000 people x 365 days x 2 arms x 10 replicates.
fn default_scenario(c: &mut Criterion) {
    let s = scenario_with(&[]);
    let mut g = c.benchmark_group("default_scenario");
    g.sample_size(10)
        .throughput(Throughput::Elements(s.agent_days()));
    g.bench_function("run", |b| {
        b.iter(|| engine::run(&s, &s.load_edge_lists().unwrap(), &AtomicU64::new(0)))
    });
    // One knob of one arm changed and the scenario run again in the same
    // process, results in memory: the cache holds the first run (filled
    // outside the timing), so only the changed arm is simulated.
    let changed = scenario_with(&["arms.blast.email-blast.cadence_days=2"]);
    let graphs = s.load_edge_lists().unwrap();
    g.bench_function("rerun_one_knob", |b| {
        b.iter_batched(
            || {
                let cache = Cache::new(1 << 30);
                engine::run_cached(&s, &graphs, Some(&cache), &AtomicU64::new(0));
                cache
            },
            // The cache is handed back so that dropping it (a process
            // that reruns keeps it) falls outside the timing.
            |cache| {
                engine::run_cached(&changed, &graphs, Some(&cache), &AtomicU64::new(0));
                cache
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// scenarios/cadence-sweep.toml's six combinations in one process with one
/// cache, results in memory (`outreach sweep` adds writing sweep.csv and
/// the charts).
fn cadence_sweep(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/cadence-sweep.toml");
    let sweep = Sweep::load(Some(&path), &[])
        .unwrap()
        .expect("a [sweep] table");
    let scenarios: Vec<_> = (0..sweep.grid.len())
        .map(|i| sweep.scenario(i).unwrap())
        .collect();
    let graphs = scenarios[0].load_edge_lists().unwrap();
    let mut g = c.benchmark_group("cadence_sweep");
    g.sample_size(10);
    g.bench_function("in_process", |b| {
        b.iter(|| {
            let cache = Cache::new(1 << 30);
            for s in &scenarios {
                engine::run_cached(s, &graphs, Some(&cache), &AtomicU64::new(0));
            }
        })
    });
    g.finish();
}

/// All five tactics in one arm on 1,000,000 people (the population's
/// defaults: a small world, 100 friends each).
const MIXED_1M: &str = r#"
name = "mixed"
replicates = 1
[population]
size = 1000000
[arms.mixed.email-blast]
[arms.mixed.networking]
[arms.mixed.social-ads]
[arms.mixed.link-bait]
[arms.mixed.community]
"#;

/// One day of each default arm, and of an arm mixing all five tactics, on
/// 1,000,000 people, 100 friends each, in mid-run (day 60, word of mouth
/// under way). Throughput is agent-days.
fn day_at_scale(c: &mut Criterion) {
    let mut g = c.benchmark_group("day_1m_people");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(1_000_000));
    let default = scenario_with(&["population.size=1000000", "replicates=1"]);
    let mixed = scenario::from_str(MIXED_1M).unwrap();
    for s in [default, mixed] {
        let world = World::new(&s, &s.load_edge_lists().unwrap(), 0);
        for arm in &s.arms {
            let plan = ArmPlan::new(arm, &s);
            let mut warm = ArmRun::new(&world, &plan);
            for _ in 0..60 {
                warm.step();
            }
            g.bench_function(&arm.name, |b| {
                b.iter_batched_ref(|| warm.clone(), |run| run.step(), BatchSize::LargeInput)
            });
        }
    }
    g.finish();
}

criterion_group!(benches, default_scenario, cadence_sweep, day_at_scale);
criterion_main!(benches);
