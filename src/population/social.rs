//! The "looks like Facebook" graph: heavy-tailed friend counts (median
//! about 100, mean about 190, a tenth of people under 10 friends), friends
//! of friends often friends, everyone in one component (docs/MODEL.md,
//! "People").
//!
//! How it is made, from fixed constants (below):
//! - Each person gets a target friend count: [`LOW_SHARE`] of people a small
//!   one (uniform in [1, [`LOW_TARGET_MAX`])), the rest a lognormal one
//!   (median [`TARGET_MEDIAN`], log-sd [`TARGET_LOG_SD`]), capped at
//!   [`TARGET_CAP`] (Facebook's own limit) and at a quarter of the people.
//! - People are grouped into communities: contiguous blocks of about
//!   [`COMMUNITY_SIZE`] ids. A share [`INSIDE_SHARE`] of each target (at
//!   most [`INSIDE_CAP`] of [`COMMUNITY_SIZE`]) is to be met inside the
//!   community, the rest across the whole population.
//! - Inside each community, and separately across everyone, friendships are
//!   drawn as in Chung and Lu (2002): a pair is friends with probability
//!   w_a w_b / W (the product of their targets over the sum of all targets
//!   there). Inside, a die per pair (communities are small and dense);
//!   across, the Miller-Hagberg skip over everyone sorted by falling
//!   target, with targets pooled into runs that agree within 1 % so the
//!   skip reads a small table rather than the whole population.
//! - So that nobody is left alone, everyone but a community's first member
//!   also befriends a uniformly chosen earlier member of their community (a
//!   random recursive tree per community, about two friendships a person).
//!
//! Clustering comes from the communities: two friends met inside one are
//! often friends themselves. It falls slowly with the population, as the
//! across friendships spread thinner. Every friendship is a pure function of
//! (seed, replicate, person), so the shared builder makes the graph in
//! parallel without a list of pairs; besides the graph it holds 16 bytes per
//! person (two targets, the sort order and its inverse). At a mean of about
//! 190 the friend lists take nearly twice what a 100-friend small world
//! does: about 770 bytes a person, 7.7 GB for 10 million people.
//!
//! Measured with `population::stats` (seed 1; seeds 2 and 3 within 2 on the
//! median, 4 on the mean, 0.6 points on the share under 10 and 0.003 on
//! clustering):
//!
//! | people    | median | mean  | under 10 | clustering | giant  |
//! |-----------|--------|-------|----------|------------|--------|
//! | 1,000     | 91.5   | 109.4 | 10.0 %   | 0.33       | 100 %  |
//! | 5,000     | 100    | 171.0 | 9.9 %    | 0.29       | 100 %  |
//! | 20,000    | 100    | 187.3 | 9.7 %    | 0.21       | 100 %  |
//! | 30,000    | 99     | 189.6 | 9.7 %    | 0.19       | 100 %  |
//! | 100,000   | 101    | 191.4 | 9.9 %    | 0.15       | 100 %  |
//! | 1,000,000 | 101    | 192.7 | 9.9 %    | 0.13       | 100 %  |
//!
//! Below about 20,000 people the hubs run out of people to befriend and the
//! mean falls short; 1,000 is the smallest population accepted.

use super::build::build;
use super::graph::Graph;
use super::skip::stepped_run;
use crate::rng::{mix, DayKey, Dice, Purpose};
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

/// The mean friend count the constants aim at (for sizing and reports).
pub const EXPECTED_MEAN_DEGREE: f64 = 190.0;
/// The smallest population the scenario accepts for this network: below it
/// communities and hubs run out of people to befriend.
pub const MIN_PEOPLE: u32 = 1000;

/// Share of people with a small target friend count.
pub const LOW_SHARE: f64 = 0.11;
/// Small targets are uniform in [1, LOW_TARGET_MAX).
pub const LOW_TARGET_MAX: f64 = 8.0;
/// Median of the lognormal targets of everyone else.
pub const TARGET_MEDIAN: f64 = 118.0;
/// Standard deviation of the log of those targets.
pub const TARGET_LOG_SD: f64 = 1.1;
/// No target above this (and none above a quarter of the population).
pub const TARGET_CAP: f64 = 5000.0;
/// People per community (the last ones of the population may be larger).
pub const COMMUNITY_SIZE: u32 = 250;
/// Share of each target to be met inside one's community.
pub const INSIDE_SHARE: f64 = 0.5;
/// No inside target above this share of [`COMMUNITY_SIZE`].
pub const INSIDE_CAP: f64 = 0.5;

/// Generates the social graph of `n` people.
pub fn social(n: u32, seed: u64, replicate: u32) -> Graph {
    SocialShape::STANDARD.generate(n, seed, replicate)
}

/// The constants of the social graph, gathered so experiments can vary one;
/// [`social`] uses [`SocialShape::STANDARD`].
#[derive(Clone, Copy, Debug)]
pub struct SocialShape {
    pub low_share: f64,
    pub low_target_max: f64,
    pub target_median: f64,
    pub target_log_sd: f64,
    pub target_cap: f64,
    pub community_size: u32,
    pub inside_share: f64,
    pub inside_cap: f64,
}

impl SocialShape {
    pub const STANDARD: SocialShape = SocialShape {
        low_share: LOW_SHARE,
        low_target_max: LOW_TARGET_MAX,
        target_median: TARGET_MEDIAN,
        target_log_sd: TARGET_LOG_SD,
        target_cap: TARGET_CAP,
        community_size: COMMUNITY_SIZE,
        inside_share: INSIDE_SHARE,
        inside_cap: INSIDE_CAP,
    };

    /// Generates a graph of `n` people with this shape.
    pub fn generate(&self, n: u32, seed: u64, replicate: u32) -> Graph {
        if n == 0 {
            return build(0, |_, _| {});
        }
        let base = mix(seed ^ 0x50c1_a100);
        let targets_key = DayKey::new(base, replicate, 0);
        let edges_key = DayKey::new(base, replicate, 1);
        let blocks = (n / self.community_size.max(1)).max(1);
        let block_start = |b: u32| -> u32 {
            // Contiguous, near-equal blocks.
            (u64::from(n) * u64::from(b) / u64::from(blocks)) as u32
        };
        let block_of = |i: u32| -> u32 {
            let b = (u64::from(i) * u64::from(blocks) / u64::from(n)) as u32;
            // Rounding can put i one block too far or too near.
            if i < block_start(b) {
                b - 1
            } else if i >= block_start(b + 1) {
                b + 1
            } else {
                b
            }
        };

        // Targets: inside and across, one pair per person.
        let cap = self.target_cap.min(f64::from(n) / 4.0).max(1.0);
        let (inside, across): (Vec<f32>, Vec<f32>) = (0..n)
            .into_par_iter()
            .map(|i| {
                let mut dice = targets_key.dice(i, Purpose::Graph);
                let target = self.target(&mut dice).min(cap);
                // Capped by the nominal size, not the block's own, so that
                // the across target rises with the target everywhere.
                let size = f64::from(self.community_size.min(n));
                let inside = (self.inside_share * target).min(self.inside_cap * size);
                (inside as f32, (target - inside) as f32)
            })
            .unzip();

        let block_sum: Vec<f64> = (0..blocks)
            .into_par_iter()
            .map(|b| {
                (block_start(b)..block_start(b + 1))
                    .map(|i| f64::from(inside[i as usize]))
                    .sum()
            })
            .collect();

        // Across: everyone sorted by falling across target, then cut into
        // runs of near-equal target (within 1 %), each person given the
        // mean of their run. The chance of a candidate is then read from
        // the small table of runs instead of from a random place in an
        // array the size of the population (a cache miss per friendship).
        let mut order_all: Vec<u32> = (0..n).collect();
        order_all.par_sort_unstable_by(|&x, &y| falling(&across, x, y));
        let across_sum: f64 = across.iter().map(|&w| f64::from(w)).sum();
        let runs = Runs::new(order_all.iter().map(|&i| across[i as usize]));
        let rank_all = ranks(&order_all);
        let mut across = across;
        for (r, &i) in order_all.iter().enumerate() {
            across[i as usize] = runs.weight(r as u32) as f32;
        }

        build(n, |i, sink| {
            let mut dice = edges_key.dice(i, Purpose::Graph);
            let b = block_of(i);
            let (first, end) = (block_start(b), block_start(b + 1));
            // The recursive tree: one earlier member of the community.
            if i > first {
                sink.push(first + dice.below(i - first));
            }
            // Inside: communities are small and dense (about a third of
            // pairs are friends), so a die per pair is cheaper than skipping.
            let w = f64::from(inside[i as usize]) / block_sum[b as usize].max(1e-9);
            for j in i + 1..end {
                if dice.uniform() < w * f64::from(inside[j as usize]) {
                    sink.push(j);
                }
            }
            let w = f64::from(across[i as usize]) / across_sum.max(1e-9);
            stepped_run(
                &mut dice,
                rank_all[i as usize] + 1,
                n,
                &runs.ends,
                |run| w * runs.weights[run],
                |v| sink.push_with(|| order_all[v as usize]),
            );
        })
    }

    /// One person's target friend count.
    fn target(&self, dice: &mut Dice) -> f64 {
        if dice.chance(self.low_share) {
            1.0 + dice.uniform() * (self.low_target_max - 1.0)
        } else {
            let z: f64 = StandardNormal.sample(dice.rng());
            self.target_median * (self.target_log_sd * z).exp()
        }
    }
}

/// Consecutive positions of a falling sequence of weights whose weights
/// agree within 1 %, each weighing the mean of its members.
struct Runs {
    /// One past the last position of each run.
    ends: Vec<u32>,
    weights: Vec<f64>,
}

impl Runs {
    fn new(falling: impl Iterator<Item = f32>) -> Self {
        let (mut ends, mut weights) = (Vec::new(), Vec::new());
        let (mut top, mut sum, mut count) = (f64::INFINITY, 0.0, 0u32);
        for (r, w) in falling.enumerate() {
            let w = f64::from(w);
            if w < top * 0.99 && count > 0 {
                ends.push(r as u32);
                weights.push(sum / f64::from(count));
                (sum, count) = (0.0, 0);
            }
            if count == 0 {
                top = w;
            }
            sum += w;
            count += 1;
        }
        if count > 0 {
            ends.push(ends.last().copied().unwrap_or(0) + count);
            weights.push(sum / f64::from(count));
        }
        Runs { ends, weights }
    }

    /// The weight at position `r`.
    #[inline]
    fn weight(&self, r: u32) -> f64 {
        self.weights[self.ends.partition_point(|&e| e <= r)]
    }
}

/// Orders people by falling weight, ties by id (so sorting is deterministic).
fn falling(weight: &[f32], x: u32, y: u32) -> std::cmp::Ordering {
    weight[y as usize]
        .total_cmp(&weight[x as usize])
        .then(x.cmp(&y))
}

/// The position of each person in `order`.
fn ranks(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::stats::stats;

    #[test]
    fn figures_look_like_facebook() {
        let g = social(30_000, 1, 0);
        let s = stats(&g, 1);
        assert!((90.0..=110.0).contains(&s.degree_median), "{s}");
        assert!((170.0..=210.0).contains(&s.degree_mean), "{s}");
        assert!((0.08..=0.12).contains(&s.under_10_share), "{s}");
        assert!((0.10..=0.25).contains(&s.clustering), "{s}");
        assert!(s.giant_share > 0.99, "{s}");
        // Heavy tail: the top 1 % have over 5 times the median.
        assert!(f64::from(s.degree_p99) > 5.0 * s.degree_median, "{s}");
        assert!(s.degree_max > 1_000, "{s}");
    }

    #[test]
    fn communities_make_the_clustering() {
        let flat = SocialShape {
            inside_share: 0.0,
            ..SocialShape::STANDARD
        };
        let with = stats(&social(40_000, 1, 0), 1).clustering;
        let without = stats(&flat.generate(40_000, 1, 0), 1).clustering;
        assert!(
            with > without + 0.08,
            "{with} with communities, {without} without"
        );
    }

    #[test]
    fn deterministic_and_small_populations() {
        assert_eq!(social(3_000, 2, 0), social(3_000, 2, 0));
        assert_ne!(social(3_000, 2, 0), social(3_000, 2, 1));
        for n in [0, 1, 2, 10, 251, 1_000] {
            let g = social(n, 1, 0);
            assert_eq!(g.len(), n as usize);
        }
        let small = stats(&social(MIN_PEOPLE, 1, 0), 1);
        assert!(
            small.giant_share > 0.99 && small.degree_mean > 50.0,
            "{small}"
        );
    }
}
