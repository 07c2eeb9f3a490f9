//! The network's shape visibly changes what gated word of mouth achieves
//! (scenarios/networks.toml), by more than the replicate intervals.

use outreach::engine;
use outreach::scenario;
use outreach::summary::summarise;
use std::path::Path;
use std::sync::atomic::AtomicU64;

#[test]
fn network_shape_changes_networkings_reach_beyond_the_intervals() {
    let (s, _) = scenario::load(Some(Path::new("scenarios/networks.toml")), &[]).unwrap();
    let sum = summarise(&engine::run(&s, &AtomicU64::new(0)));
    let reach: Vec<_> = sum
        .arms
        .iter()
        .enumerate()
        .map(|(a, name)| (name.clone(), sum.final_value(a, "reach")))
        .collect();
    // A clustered and a random network of the same size and mean degree
    // end apart by more than their intervals.
    let (_, clustered) = &reach[0];
    let (_, random) = &reach[1];
    let apart = clustered.high.unwrap() < random.low.unwrap()
        || random.high.unwrap() < clustered.low.unwrap();
    assert!(
        apart,
        "final reach: clustered {clustered:?}, random {random:?}"
    );
    // Without word of mouth the networks are alike: conversations alone do not see the graph.
    let o = [scenario::Override::parse("behaviour.word_of_mouth=false").unwrap()];
    let (s, _) = scenario::load(Some(Path::new("scenarios/networks.toml")), &o).unwrap();
    let sum = summarise(&engine::run(&s, &AtomicU64::new(0)));
    let plain: Vec<f64> = (0..sum.arms.len())
        .map(|a| sum.final_value(a, "reach").mean)
        .collect();
    let spread = plain.iter().cloned().fold(f64::MIN, f64::max)
        - plain.iter().cloned().fold(f64::MAX, f64::min);
    let with_wom: Vec<f64> = reach.iter().map(|(_, r)| r.mean).collect();
    let spread_wom = with_wom.iter().cloned().fold(f64::MIN, f64::max)
        - with_wom.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        spread < 0.2 * spread_wom,
        "without word of mouth the spread is {spread}, with it {spread_wom}"
    );
}
