//! Watts-Strogatz small world: a ring where everyone knows their K nearest
//! neighbours, each "rightward" friendship rewired to a random person with
//! probability b (docs/MODEL.md, "Network").
//!
//! Every friendship is a pure function of (seed, replicate, person, slot), so
//! the shared builder (`build.rs`) runs twice over it (count, then fill) and
//! never holds a list of pairs.

use super::build::build;
use super::graph::Graph;
use crate::rng::{mix, DayKey, Purpose};

/// Generates a small world of `n` people with even mean degree `k` and
/// rewiring probability `rewiring`.
pub fn small_world(n: u32, k: u32, rewiring: f64, seed: u64, replicate: u32) -> Graph {
    assert!(
        k % 2 == 0 && k < n,
        "validated: even degree below population"
    );
    let half = k / 2;
    // One key per slot: the draws for (person, slot) never depend on any
    // other slot, so both passes can recompute them independently.
    let keys: Vec<DayKey> = (0..half)
        .map(|s| DayKey::new(mix(seed ^ 0x5157_7e11), replicate, s))
        .collect();
    let target = |i: u32, slot: u32| -> u32 {
        let mut d = keys[slot as usize].dice(i, Purpose::Graph);
        if d.chance(rewiring) {
            // Uniform over everyone but i.
            let t = d.below(n - 1);
            if t >= i {
                t + 1
            } else {
                t
            }
        } else {
            (i + 1 + slot) % n
        }
    };

    build(n, |i, sink| {
        for s in 0..half {
            sink.push(target(i, s));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_without_rewiring_is_the_lattice() {
        let g = small_world(20, 4, 0.0, 1, 0);
        assert_eq!(g.friends(0), &[1, 2, 18, 19]);
        assert_eq!(g.friendships(), 40);
    }

    #[test]
    fn same_seed_same_graph_other_seed_other_graph() {
        assert_eq!(
            small_world(500, 10, 0.2, 3, 0),
            small_world(500, 10, 0.2, 3, 0)
        );
        assert_ne!(
            small_world(500, 10, 0.2, 3, 0),
            small_world(500, 10, 0.2, 4, 0)
        );
    }

    #[test]
    fn clustering_matches_watts_strogatz_theory() {
        // C(b) ~ 3(K-2)/(4(K-1)) (1-b)^3
        let (n, k, b) = (4000u32, 20u32, 0.1);
        let g = small_world(n, k, b, 9, 0);
        let c: f64 = (0..n).map(|i| g.local_clustering(i)).sum::<f64>() / f64::from(n);
        let kf = f64::from(k);
        let theory = 3.0 * (kf - 2.0) / (4.0 * (kf - 1.0)) * (1.0 - b).powi(3);
        assert!(
            (c - theory).abs() / theory < 0.05,
            "clustering {c} vs {theory}"
        );
        assert!((g.mean_degree() - kf).abs() < 0.05);
    }
}
