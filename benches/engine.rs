//! Criterion benches for the performance targets in README.md: the default
//! scenario end to end and one simulated day at scale (graph generation is
//! in benches/graphs.rs).
//! `cargo bench` runs them; CI only checks they compile.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use outreach::engine::{self, arm::ArmRun};
use outreach::people::world::World;
use outreach::scenario::{self, Override};
use outreach::tactics::ArmPlan;
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

criterion_group!(benches, default_scenario, day_at_scale);
criterion_main!(benches);
