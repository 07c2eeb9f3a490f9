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
    let sum = summarise(&engine::run(
        &s,
        &s.load_edge_lists().unwrap(),
        &AtomicU64::new(0),
    ));
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
    let sum = summarise(&engine::run(
        &s,
        &s.load_edge_lists().unwrap(),
        &AtomicU64::new(0),
    ));
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

#[test]
fn tactics_can_target_one_community() {
    use outreach::engine::arm::ArmRun;
    use outreach::people::{state::flag, world::World};
    use outreach::population::communities::members;
    use outreach::tactics::ArmPlan;
    let text = r#"
days = 30
[population]
size = 5000
[population.network]
kind = "communities"
mean_degree = 20
communities = 10
[behaviour]
word_of_mouth = false
[arms.mail.email-blast]
community = 2
[arms.talk.networking]
community = 3
new_contact_share = 1.0
introduction_share = 0.0
"#;
    let s = scenario::from_str(text).unwrap();
    let world = World::new(&s, &s.load_edge_lists().unwrap(), 0);
    let everyone = |run: &ArmRun| -> Vec<(u32, u16)> {
        run.chunks()
            .iter()
            .flat_map(|c| {
                c.flags
                    .iter()
                    .enumerate()
                    .map(move |(i, &f)| (c.start + i as u32, f))
            })
            .collect()
    };
    let plan = ArmPlan::new(&s.arms[0], &s);
    let run = ArmRun::new(&world, &plan);
    let second = members(1, 5000, 10);
    let listed: Vec<u32> = everyone(&run)
        .into_iter()
        .filter(|(_, f)| f & flag::ON_LIST != 0)
        .map(|(p, _)| p)
        .collect();
    assert!(
        !listed.is_empty() && listed.iter().all(|p| second.contains(p)),
        "the list is drawn from community 2 only"
    );
    let plan = ArmPlan::new(&s.arms[1], &s);
    let mut run = ArmRun::new(&world, &plan);
    for _ in 0..30 {
        run.step();
    }
    let third = members(2, 5000, 10);
    let contacts: Vec<u32> = everyone(&run)
        .into_iter()
        .filter(|(_, f)| f & flag::CONTACT != 0)
        .map(|(p, _)| p)
        .collect();
    assert!(
        contacts.len() > 100 && contacts.iter().all(|p| third.contains(p)),
        "strangers are sought in community 3 only"
    );
}
