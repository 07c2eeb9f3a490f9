//! The cascade check: one piece passed on to each friend with chance T is
//! bond percolation. On a graph with degree moments `<k>` and `<k^2>` it
//! spreads to a finite share of people only above `T_c = <k>/(<k^2> - <k>)`;
//! below, a single start reaches `1 + T<k>/(1 - T/T_c)` people on average (a
//! branching process on the tree-like graph); above, on a random graph, a
//! run takes off with probability z and then reaches a share z of people,
//! where `z = 1 - e^(-Rz)` with `R = T<k>`. The model is `cascade.toml`; the
//! graphs are rebuilt exactly as the engine built them, to measure their
//! moments.

use super::{mean, standard_error, Figure};
use crate::engine::RunResult;
use crate::people::world::Friends;
use crate::population::Graph;
use crate::scenario::Scenario;
use rayon::prelude::*;

/// A run has taken off when its final reach is at least this share of
/// people: far above any outbreak that dies out below the threshold (a few
/// people), far below the giant component above it.
pub const TAKE_OFF_SHARE: f64 = 0.05;

/// Allowance for the finite population in the share reached by runs that
/// take off (the giant component of 5,000 people differs from its limit by
/// about 1/N, the cut at 5 % leaves out nothing).
const FINITE_SIZE_SHARE: f64 = 0.005;

/// Mean degree and mean squared degree of `g`.
pub fn degree_moments(g: &Graph) -> (f64, f64) {
    let n = g.len() as f64;
    let (mut k1, mut k2) = (0.0, 0.0);
    for i in 0..g.len() as u32 {
        let k = g.friends(i).len() as f64;
        k1 += k;
        k2 += k * k;
    }
    (k1 / n, k2 / n)
}

/// The epidemic threshold `T_c = <k>/(<k^2> - <k>)`.
pub fn threshold(k1: f64, k2: f64) -> f64 {
    k1 / (k2 - k1)
}

/// T_c of an Erdos-Renyi graph of `n` people with mean degree `k`: binomial
/// degrees, `<k^2> - <k> = k^2 - k^2/(n - 1)`, so `T_c = 1/(k - k/(n - 1))`.
pub fn random_graph_threshold(n: u32, k: f64) -> f64 {
    1.0 / (k - k / f64::from(n - 1))
}

/// Mean number of people a single start reaches below the threshold.
pub fn mean_outbreak(t: f64, k1: f64, k2: f64) -> f64 {
    1.0 + t * k1 / (1.0 - t / threshold(k1, k2))
}

/// Variance of the size of an outbreak whose every person passes it on to a
/// Poisson number of others with mean `r` < 1 (the Borel distribution).
pub fn outbreak_variance(r: f64) -> f64 {
    r / (1.0 - r).powi(3)
}

/// The share z > 0 with z = 1 - e^{-Rz} (0 when R <= 1), by Newton's
/// method from z = 1, which approaches the root from above without
/// overshooting (the function is convex).
pub fn final_share(r: f64) -> f64 {
    if r <= 1.0 {
        return 0.0;
    }
    let mut z = 1.0f64;
    for _ in 0..100 {
        let g = z - 1.0 + (-r * z).exp();
        let slope = 1.0 - r * (-r * z).exp();
        let next = z - g / slope;
        if (next - z).abs() < 1e-15 {
            return next;
        }
        z = next;
    }
    z
}

/// One arm's runs: what the cascade chart draws.
#[derive(Clone, Debug)]
pub struct ArmRuns {
    pub arm: String,
    pub pass_on: f64,
    /// Final reach of each replicate, share of people.
    pub final_share: Vec<f64>,
    /// Whether T is above the threshold.
    pub above: bool,
    /// Theory's final reach in people: the mean outbreak below the
    /// threshold, z times the people for the runs that take off above it.
    pub theory_people: f64,
}

/// Every arm's runs and each replicate's graph threshold.
#[derive(Clone, Debug)]
pub struct Runs {
    pub people: u32,
    /// T_c of each replicate's graph.
    pub thresholds: Vec<f64>,
    pub arms: Vec<ArmRuns>,
}

/// Final reach per arm and replicate against percolation theory.
pub fn evaluate(s: &Scenario, result: &RunResult) -> (Vec<Figure>, Runs) {
    let n = s.population.size;
    let net = &s.population.network;
    // The cascade check generates its network (no file to read).
    let graphs = s
        .load_edge_lists()
        .expect("the cascade check's scenario names no edge list");
    // The graphs the engine built, replicate by replicate.
    let moments: Vec<(f64, f64)> = (0..s.replicates)
        .into_par_iter()
        .map(|r| {
            let friends = Friends::new(net, &graphs, n, s.seed, r);
            degree_moments(friends.graph().expect("the cascade runs on a graph"))
        })
        .collect();
    let thresholds: Vec<f64> = moments.iter().map(|&(k1, k2)| threshold(k1, k2)).collect();
    let k1 = mean(&moments.iter().map(|m| m.0).collect::<Vec<_>>());
    let k2 = mean(&moments.iter().map(|m| m.1).collect::<Vec<_>>());
    let t_c = threshold(k1, k2);
    let runs = f64::from(s.replicates);
    let mut figures = vec![Figure {
        check: "cascade",
        figure: "random graph: threshold T_c = <k>/(<k^2>-<k>)".into(),
        model: mean(&thresholds),
        theory: random_graph_threshold(n, net.expected_mean_degree()),
        tolerance: 0.01 * random_graph_threshold(n, net.expected_mean_degree()),
        basis: "1 % of T_c: one graph's T_c varies by about 1 %".into(),
    }];
    let mut arms = Vec::new();
    for (a, arm) in s.arms.iter().enumerate() {
        let t = arm
            .link_bait
            .as_ref()
            .expect("every cascade arm is link bait")
            .pass_on;
        let shares: Vec<f64> = result.series[a]
            .iter()
            .map(|days| days.last().map_or(0, |d| d.reach) as f64 / f64::from(n))
            .collect();
        let took_off: Vec<f64> = shares
            .iter()
            .copied()
            .filter(|&z| z >= TAKE_OFF_SHARE)
            .collect();
        let take_off_share = took_off.len() as f64 / runs;
        let label = format!("T = {t} ({:.2} T_c)", t / t_c);
        let r = t * k1;
        let z = final_share(r);
        let above = t > t_c;
        let theory_people = if above {
            z * f64::from(n)
        } else {
            mean_outbreak(t, k1, k2)
        };
        if !above {
            let people: Vec<f64> = shares.iter().map(|z| z * f64::from(n)).collect();
            let branching = t / t_c;
            figures.push(Figure {
                check: "cascade",
                figure: format!("{label}: mean final reach, people"),
                model: mean(&people),
                theory: theory_people,
                tolerance: 4.0 * (outbreak_variance(branching) / runs).sqrt(),
                basis: format!(
                    "4 standard errors of a mean of {runs} runs (variance R/(1-R)^3, R = {branching:.3})"
                ),
            });
            figures.push(Figure {
                check: "cascade",
                figure: format!("{label}: share of runs reaching 5 % of people"),
                model: take_off_share,
                theory: 0.0,
                tolerance: 0.0,
                basis: "none may: below T_c an outbreak stays a few people".into(),
            });
        } else {
            figures.push(Figure {
                check: "cascade",
                figure: format!("{label}: share of runs reaching 5 % of people"),
                model: take_off_share,
                theory: z,
                tolerance: 4.0 * (z * (1.0 - z) / runs).sqrt(),
                basis: format!("4 binomial standard errors of a share of {runs} runs"),
            });
            figures.push(Figure {
                check: "cascade",
                figure: format!("{label}: final reach of runs taking off, share"),
                model: mean(&took_off),
                theory: z,
                tolerance: FINITE_SIZE_SHARE + 4.0 * standard_error(&took_off),
                basis: format!(
                    "{FINITE_SIZE_SHARE} for {n} people + 4 standard errors over the {} runs",
                    took_off.len()
                ),
            });
        }
        arms.push(ArmRuns {
            arm: arm.name.clone(),
            pass_on: t,
            final_share: shares,
            above,
            theory_people,
        });
    }
    let runs = Runs {
        people: n,
        thresholds,
        arms,
    };
    (figures, runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_share_solves_its_equation() {
        assert!((final_share(2.0) - 0.796_812).abs() < 1e-6);
        assert_eq!(final_share(1.0), 0.0);
        assert_eq!(final_share(0.5), 0.0);
        for r in [1.01, 1.5, 3.0, 10.0] {
            let z = final_share(r);
            assert!(
                z > 0.0 && (z - (1.0 - (-r * z).exp())).abs() < 1e-12,
                "R = {r}"
            );
        }
    }

    #[test]
    fn threshold_of_a_poisson_graph_is_one_over_the_mean_degree() {
        // Poisson: <k^2> = k^2 + k.
        let k = 10.0;
        assert!((threshold(k, k * k + k) - 1.0 / k).abs() < 1e-12);
        assert!((random_graph_threshold(5_000, k) - 0.100_02).abs() < 1e-5);
        // A regular graph: T_c = 1/(k - 1).
        assert!((threshold(4.0, 16.0) - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn mean_outbreak_on_a_poisson_graph_is_one_over_one_minus_r() {
        let k = 10.0;
        for t in [0.02, 0.05, 0.08] {
            let r = t * k;
            assert!((mean_outbreak(t, k, k * k + k) - 1.0 / (1.0 - r)).abs() < 1e-12);
        }
        assert!((outbreak_variance(0.5) - 4.0).abs() < 1e-12);
    }

    #[test]
    fn moments_of_a_generated_random_graph_match_its_theory() {
        let g = crate::population::random::random(5_000, 10.0, 3, 0);
        let (k1, k2) = degree_moments(&g);
        let t_c = threshold(k1, k2);
        assert!(
            (t_c / random_graph_threshold(5_000, 10.0) - 1.0).abs() < 0.03,
            "{t_c}"
        );
    }
}
