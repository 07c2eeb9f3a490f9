//! Erdos-Renyi random graph G(n, p): every pair of people are friends,
//! independently, with probability p = k / (n - 1), so degrees are binomial
//! with mean k and variance k (1 - p).
//!
//! Person i owns its friendships with later people j > i and finds them by
//! geometric skip sampling on its own dice, so the work is proportional to
//! the friendships made, and the shared builder can regenerate them.

use super::build::build;
use super::graph::Graph;
use super::skip::bernoulli_run;
use crate::rng::{mix, DayKey, Purpose};

/// Generates G(n, p) with expected mean degree `mean_degree`.
pub fn random(n: u32, mean_degree: f64, seed: u64, replicate: u32) -> Graph {
    let p = if n > 1 {
        mean_degree / f64::from(n - 1)
    } else {
        0.0
    };
    let key = DayKey::new(mix(seed ^ 0xe7d0_5e4a), replicate, 0);
    build(n, |i, sink| {
        bernoulli_run(&mut key.dice(i, Purpose::Graph), i + 1, n, p, |j| {
            sink.push(j)
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn degree_mean_and_variance(g: &Graph, people: std::ops::Range<u32>) -> (f64, f64) {
        let count = f64::from(people.end - people.start);
        let degrees: Vec<f64> = people.map(|i| g.friends(i).len() as f64).collect();
        let mean = degrees.iter().sum::<f64>() / count;
        let var = degrees.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (count - 1.0);
        (mean, var)
    }

    #[test]
    fn degree_mean_and_variance_match_the_binomial() {
        let (n, k) = (5_000u32, 20.0);
        let g = random(n, k, 11, 0);
        // Sd of the mean about 0.09, of the variance about 0.4.
        let (mean, var) = degree_mean_and_variance(&g, 0..n);
        assert!((mean - k).abs() < 0.3, "mean {mean}");
        let theory = k * (1.0 - k / f64::from(n - 1));
        assert!((var - theory).abs() < 1.6, "variance {var} vs {theory}");
        // Owning only later people must not bias degree by id.
        let (early, _) = degree_mean_and_variance(&g, 0..n / 2);
        let (late, _) = degree_mean_and_variance(&g, n / 2..n);
        assert!((early - late).abs() < 0.5, "{early} vs {late}");
    }

    #[test]
    fn clustering_is_the_density() {
        let (n, k) = (3_000u32, 30.0);
        let g = random(n, k, 2, 1);
        let c: f64 = (0..n).map(|i| g.local_clustering(i)).sum::<f64>() / f64::from(n);
        let p = k / f64::from(n - 1);
        assert!((c - p).abs() < 0.2 * p, "clustering {c} vs {p}");
    }

    #[test]
    fn deterministic_by_seed_and_replicate() {
        assert_eq!(random(2_000, 8.0, 1, 0), random(2_000, 8.0, 1, 0));
        assert_ne!(random(2_000, 8.0, 1, 0), random(2_000, 8.0, 1, 1));
        assert_ne!(random(2_000, 8.0, 1, 0), random(2_000, 8.0, 2, 0));
    }

    #[test]
    fn tiny_and_complete_graphs() {
        assert_eq!(random(1, 5.0, 1, 0).friendships(), 0);
        assert_eq!(random(0, 5.0, 1, 0).len(), 0);
        assert_eq!(random(10, 9.0, 1, 0).friendships(), 45);
    }
}
