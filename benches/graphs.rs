//! Criterion benches for graph generation at the scale: 1,000,000
//! people for every generated kind (README.md, "Performance"). Targets:
//! small world, random and communities under 3 s at 100 friends each;
//! scale-free (sequential) and social are reported, not targeted.
//! `cargo bench --bench graphs` runs them; CI only checks they compile.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outreach::population::communities::communities;
use outreach::population::random::random;
use outreach::population::scale_free::scale_free;
use outreach::population::small_world::small_world;
use outreach::population::social::social;
use outreach::population::Graph;
use std::time::Duration;

const PEOPLE: u32 = 1_000_000;

/// One bench per kind; throughput is people generated.
fn generate(c: &mut Criterion, name: &str, make: impl Fn() -> Graph) {
    let mut g = c.benchmark_group("graph_1m_people");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Elements(u64::from(PEOPLE)));
    g.bench_function(name, |b| b.iter(&make));
    g.finish();
}

fn small_world_100(c: &mut Criterion) {
    generate(c, "small_world_100", || small_world(PEOPLE, 100, 0.1, 1, 0));
}

fn random_100(c: &mut Criterion) {
    generate(c, "random_100", || random(PEOPLE, 100.0, 1, 0));
}

fn communities_100(c: &mut Criterion) {
    // 2,000 communities of 500, 80 % of friendships inside.
    generate(c, "communities_100", || {
        communities(PEOPLE, 100.0, 2_000, 0.8, 1, 0)
    });
}

fn scale_free_m50(c: &mut Criterion) {
    generate(c, "scale_free_m50", || scale_free(PEOPLE, 50, 0.5, 1, 0));
}

fn social_190(c: &mut Criterion) {
    generate(c, "social", || social(PEOPLE, 1, 0));
}

criterion_group!(
    benches,
    small_world_100,
    random_100,
    communities_100,
    scale_free_m50,
    social_190
);
criterion_main!(benches);
