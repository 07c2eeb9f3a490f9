//! Planted partition (stochastic block model): people split into
//! contiguous, near-equal blocks of ids; two people in the same block are
//! friends with probability p_in, two in different blocks with p_out, chosen
//! so that the expected mean degree and the expected share of friendships
//! inside blocks are as configured.
//!
//! Person i owns its friendships with later people: the rest of its block at
//! p_in, then every later block at p_out, both by geometric skip sampling, so
//! the shared builder can regenerate them.

use super::build::build;
use super::graph::Graph;
use super::skip::bernoulli_run;
use crate::rng::{mix, DayKey, Purpose};

/// The community of `person` when `n` people are split into `communities`
/// contiguous blocks whose sizes differ by at most one (the larger first).
pub fn community_of(person: u32, n: u32, communities: u32) -> u32 {
    let (q, r) = (n / communities, n % communities);
    let big = r * (q + 1);
    if person < big {
        person / (q + 1)
    } else {
        r + (person - big) / q
    }
}

/// The people of community `c` (0-based): a contiguous range of ids.
pub fn members(c: u32, n: u32, communities: u32) -> std::ops::Range<u32> {
    community_start(c, n, communities)..community_start(c + 1, n, communities)
}

/// First person of community `c` (`c == communities` gives `n`).
fn community_start(c: u32, n: u32, communities: u32) -> u32 {
    let (q, r) = (n / communities, n % communities);
    c * q + c.min(r)
}

/// Pair probabilities (inside, between) that give the expected
/// `mean_degree` and `inside_share`. Either may exceed 1 when the blocks are
/// too small for the request (the caller should refuse such a
/// configuration; the generator clamps).
pub fn community_probabilities(
    n: u32,
    mean_degree: f64,
    communities: u32,
    inside_share: f64,
) -> (f64, f64) {
    let (q, r) = (f64::from(n / communities), f64::from(n % communities));
    let c = f64::from(communities);
    let inside_pairs = r * (q + 1.0) * q / 2.0 + (c - r) * q * (q - 1.0) / 2.0;
    let nf = f64::from(n);
    let between_pairs = nf * (nf - 1.0) / 2.0 - inside_pairs;
    let friendships = nf * mean_degree / 2.0;
    let ratio = |want: f64, pairs: f64| if pairs > 0.0 { want / pairs } else { 0.0 };
    (
        ratio(inside_share * friendships, inside_pairs),
        ratio((1.0 - inside_share) * friendships, between_pairs),
    )
}

/// Generates a planted partition of `n` people into `communities` blocks.
pub fn communities(
    n: u32,
    mean_degree: f64,
    communities: u32,
    inside_share: f64,
    seed: u64,
    replicate: u32,
) -> Graph {
    assert!(
        communities >= 1 && communities <= n.max(1),
        "validated: 1 to n communities"
    );
    let (p_in, p_out) = community_probabilities(n, mean_degree, communities, inside_share);
    let key = DayKey::new(mix(seed ^ 0xb10c_c0de), replicate, 0);
    build(n, |i, sink| {
        let mut dice = key.dice(i, Purpose::Graph);
        let block_end = community_start(community_of(i, n, communities) + 1, n, communities);
        bernoulli_run(&mut dice, i + 1, block_end, p_in, |j| sink.push(j));
        bernoulli_run(&mut dice, block_end, n, p_out, |j| sink.push(j));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_contiguous_and_near_equal() {
        let (n, c) = (1_003u32, 10u32);
        let mut sizes = vec![0u32; c as usize];
        let mut last = 0;
        for i in 0..n {
            let b = community_of(i, n, c);
            assert!(b == last || b == last + 1);
            last = b;
            sizes[b as usize] += 1;
        }
        assert_eq!(sizes.iter().sum::<u32>(), n);
        assert!(sizes.iter().all(|&s| s == 100 || s == 101), "{sizes:?}");
        for b in 0..=c {
            let start = community_start(b, n, c);
            assert!(start == n || community_of(start, n, c) == b);
        }
    }

    #[test]
    fn densities_inside_and_between_are_as_configured() {
        let (n, k, c, h) = (4_000u32, 20.0, 10u32, 0.8);
        let g = communities(n, k, c, h, 3, 0);
        let (mut inside, mut between) = (0u64, 0u64);
        for i in 0..n {
            for &j in g.friends(i) {
                if j > i {
                    if community_of(i, n, c) == community_of(j, n, c) {
                        inside += 1;
                    } else {
                        between += 1;
                    }
                }
            }
        }
        let (p_in, p_out) = community_probabilities(n, k, c, h);
        // 10 blocks of 400: 798,000 pairs inside, 7,200,000 between.
        let d_in = inside as f64 / 798_000.0;
        let d_out = between as f64 / 7_200_000.0;
        // Expected 32,000 inside (sd 0.6 %) and 8,000 between (sd 1.1 %).
        assert!((d_in / p_in - 1.0).abs() < 0.03, "inside {d_in} vs {p_in}");
        assert!(
            (d_out / p_out - 1.0).abs() < 0.05,
            "between {d_out} vs {p_out}"
        );
        assert!((g.mean_degree() - k).abs() < 0.3);
        let share = inside as f64 / (inside + between) as f64;
        assert!((share - h).abs() < 0.01, "inside share {share}");
    }

    #[test]
    fn one_community_is_erdos_renyi_and_deterministic() {
        let g = communities(2_000, 10.0, 1, 1.0, 4, 0);
        assert!((g.mean_degree() - 10.0).abs() < 0.3);
        assert_eq!(g, communities(2_000, 10.0, 1, 1.0, 4, 0));
        assert_ne!(g, communities(2_000, 10.0, 1, 1.0, 5, 0));
    }
}
