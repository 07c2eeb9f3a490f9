//! A network's figures: size, degrees, clustering, components and typical
//! distance, exact where that is cheap and sampled (with the standard error
//! stated) where it is not. Deterministic for a seed: samples come from
//! keyed dice and parallel results are combined in a fixed order.

use super::graph::Graph;
use crate::rng::{mix, DayKey, Purpose};
use rayon::prelude::*;
use std::fmt;

/// Above this many people, clustering is averaged over a sample.
pub const EXACT_CLUSTERING_UP_TO: usize = 20_000;
/// People whose local clustering is averaged on larger graphs.
pub const CLUSTERING_SAMPLE: usize = 10_000;
/// Up to this many people in the giant component, every one of them is a
/// breadth-first search source, so the mean distance is exact.
pub const EXACT_DISTANCE_UP_TO: usize = 5_000;
/// Friendship ends (plus people) visited in all the distance searches of a
/// large graph together: fixes the number of sources, within
/// [`DISTANCE_SOURCES_MIN`, `DISTANCE_SOURCES_MAX`].
const DISTANCE_BUDGET: f64 = 2.0e8;
const DISTANCE_SOURCES_MIN: usize = 10;
const DISTANCE_SOURCES_MAX: usize = 200;

/// The figures of one network.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphStats {
    pub people: usize,
    pub friendships: u64,
    pub degree_min: u32,
    pub degree_p10: u32,
    pub degree_p25: u32,
    /// The middle value (mean of the two middle ones for an even count).
    pub degree_median: f64,
    pub degree_p75: u32,
    pub degree_p90: u32,
    pub degree_p99: u32,
    pub degree_max: u32,
    pub degree_mean: f64,
    /// Share of people with fewer than 10 friends.
    pub under_10_share: f64,
    /// Average local clustering coefficient (0 for people with fewer than
    /// two friends).
    pub clustering: f64,
    /// People sampled for `clustering`; `None` when every person counted.
    pub clustering_sample: Option<usize>,
    /// Standard error of `clustering` (0 when exact).
    pub clustering_se: f64,
    /// Connected components, people without friends included (each is one).
    pub components: usize,
    /// Share of people in the largest component.
    pub giant_share: f64,
    /// Mean number of steps between two people of the giant component.
    pub mean_distance: f64,
    /// Breadth-first search sources for `mean_distance`; `None` when every
    /// person of the giant component was one.
    pub distance_sample: Option<usize>,
    /// Standard error of `mean_distance` (0 when exact).
    pub distance_se: f64,
}

/// Computes the figures of `g`; `seed` picks the samples.
pub fn stats(g: &Graph, seed: u64) -> GraphStats {
    let n = g.len();
    let key = DayKey::new(mix(seed ^ 0x57a7_5000), 0, 0);
    let mut degrees: Vec<u32> = (0..n as u32)
        .into_par_iter()
        .map(|i| g.friends(i).len() as u32)
        .collect();
    degrees.par_sort_unstable();
    let rank = |q: f64| -> u32 {
        if n == 0 {
            return 0;
        }
        let k = ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
        degrees[k]
    };
    let median = match n {
        0 => 0.0,
        _ if n % 2 == 1 => f64::from(degrees[n / 2]),
        _ => (f64::from(degrees[n / 2 - 1]) + f64::from(degrees[n / 2])) / 2.0,
    };
    let under_10 = degrees.partition_point(|&d| d < 10);
    let share = |count: usize| if n == 0 { 0.0 } else { count as f64 / n as f64 };
    let (clustering, clustering_sample, clustering_se) = clustering(g, key);
    let (component, sizes) = components(g);
    let giant = (0..sizes.len()).max_by_key(|&c| (sizes[c], std::cmp::Reverse(c)));
    let giant_size = giant.map_or(0, |c| sizes[c]);
    let (mean_distance, distance_sample, distance_se) = match giant {
        Some(c) => distance(g, key, &component, c as u32, giant_size),
        None => (0.0, None, 0.0),
    };
    GraphStats {
        people: n,
        friendships: g.friendships(),
        degree_min: degrees.first().copied().unwrap_or(0),
        degree_p10: rank(0.10),
        degree_p25: rank(0.25),
        degree_median: median,
        degree_p75: rank(0.75),
        degree_p90: rank(0.90),
        degree_p99: rank(0.99),
        degree_max: degrees.last().copied().unwrap_or(0),
        degree_mean: g.mean_degree(),
        under_10_share: share(under_10),
        clustering,
        clustering_sample,
        clustering_se,
        components: sizes.len(),
        giant_share: share(giant_size),
        mean_distance,
        distance_sample,
        distance_se,
    }
}

/// Mean and standard error of the mean of `values`.
fn mean_and_se(values: &[f64]) -> (f64, f64) {
    let k = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean = values.iter().sum::<f64>() / k;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0);
    (mean, (var / k).sqrt())
}

/// Average local clustering: every person on small graphs, a uniform
/// sample (with replacement) on large ones.
fn clustering(g: &Graph, key: DayKey) -> (f64, Option<usize>, f64) {
    let n = g.len();
    let (people, sample): (Vec<u32>, Option<usize>) = if n <= EXACT_CLUSTERING_UP_TO {
        ((0..n as u32).collect(), None)
    } else {
        let mut dice = key.dice(0, Purpose::Graph);
        let chosen = (0..CLUSTERING_SAMPLE)
            .map(|_| dice.below(n as u32))
            .collect();
        (chosen, Some(CLUSTERING_SAMPLE))
    };
    // Each worker marks the friends of the person at hand in its own stamp
    // array, so a friend's list is scanned once instead of merged.
    let values: Vec<f64> = people
        .par_iter()
        .map_init(
            || vec![u32::MAX; n],
            |stamp, &i| {
                let friends = g.friends(i);
                if friends.len() < 2 {
                    return 0.0;
                }
                for &f in friends {
                    stamp[f as usize] = i;
                }
                let links: u64 = friends
                    .iter()
                    .map(|&f| {
                        let theirs = g.friends(f);
                        // A hub's list is long: look our friends up in it
                        // instead of scanning it.
                        let common = if theirs.len() > 16 * friends.len() {
                            friends
                                .iter()
                                .filter(|x| theirs.binary_search(x).is_ok())
                                .count()
                        } else {
                            theirs.iter().filter(|&&x| stamp[x as usize] == i).count()
                        };
                        common as u64
                    })
                    .sum();
                let d = friends.len() as f64;
                links as f64 / (d * (d - 1.0))
            },
        )
        .collect();
    let (mean, se) = mean_and_se(&values);
    match sample {
        None => (mean, None, 0.0),
        Some(s) => (mean, Some(s), se),
    }
}

/// The component of every person (numbered in order of their lowest
/// member) and the size of each, by breadth-first search.
fn components(g: &Graph) -> (Vec<u32>, Vec<usize>) {
    let n = g.len();
    let mut component = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    let mut queue: Vec<u32> = Vec::new();
    for start in 0..n as u32 {
        if component[start as usize] != u32::MAX {
            continue;
        }
        let c = sizes.len() as u32;
        component[start as usize] = c;
        queue.clear();
        queue.push(start);
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            for &f in g.friends(v) {
                if component[f as usize] == u32::MAX {
                    component[f as usize] = c;
                    queue.push(f);
                }
            }
        }
        sizes.push(queue.len());
    }
    (component, sizes)
}

/// Mean distance inside component `giant`: the average, over sources, of
/// each source's mean distance to the rest of the component. Every member
/// is a source in small components, a uniform sample otherwise.
fn distance(
    g: &Graph,
    key: DayKey,
    component: &[u32],
    giant: u32,
    giant_size: usize,
) -> (f64, Option<usize>, f64) {
    if giant_size < 2 {
        return (0.0, None, 0.0);
    }
    let n = g.len();
    let members = || (0..n as u32).filter(|&i| component[i as usize] == giant);
    let (sources, sample): (Vec<u32>, Option<usize>) = if giant_size <= EXACT_DISTANCE_UP_TO {
        (members().collect(), None)
    } else {
        let work = 2.0 * g.friendships() as f64 + n as f64;
        let count =
            ((DISTANCE_BUDGET / work) as usize).clamp(DISTANCE_SOURCES_MIN, DISTANCE_SOURCES_MAX);
        // Uniform over the giant component: draw people until enough
        // members have been drawn (the giant usually holds nearly everyone).
        let mut dice = key.dice(1, Purpose::Graph);
        let mut chosen = Vec::with_capacity(count);
        while chosen.len() < count {
            let v = dice.below(n as u32);
            if component[v as usize] == giant {
                chosen.push(v);
            }
        }
        (chosen, Some(count))
    };
    let means: Vec<f64> = sources
        .par_iter()
        .map_init(
            || (vec![u32::MAX; n], Vec::<u32>::new()),
            |(dist, queue), &s| {
                dist.fill(u32::MAX);
                queue.clear();
                dist[s as usize] = 0;
                queue.push(s);
                let (mut head, mut total) = (0, 0u64);
                while head < queue.len() {
                    let v = queue[head];
                    head += 1;
                    let next = dist[v as usize] + 1;
                    for &f in g.friends(v) {
                        if dist[f as usize] == u32::MAX {
                            dist[f as usize] = next;
                            total += u64::from(next);
                            queue.push(f);
                        }
                    }
                }
                total as f64 / (queue.len() - 1) as f64
            },
        )
        .collect();
    let (mean, se) = mean_and_se(&means);
    match sample {
        None => (mean, None, 0.0),
        Some(s) => (mean, Some(s), se),
    }
}

impl fmt::Display for GraphStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "people              {}", self.people)?;
        writeln!(f, "friendships         {}", self.friendships)?;
        writeln!(
            f,
            "degree              min {}  median {}  mean {:.1}  max {}",
            self.degree_min, self.degree_median, self.degree_mean, self.degree_max
        )?;
        writeln!(
            f,
            "degree percentiles  p10 {}  p25 {}  p75 {}  p90 {}  p99 {}",
            self.degree_p10, self.degree_p25, self.degree_p75, self.degree_p90, self.degree_p99
        )?;
        writeln!(
            f,
            "under 10 friends    {:.1} %",
            100.0 * self.under_10_share
        )?;
        match self.clustering_sample {
            None => writeln!(
                f,
                "clustering          {:.4} (average local, exact)",
                self.clustering
            )?,
            Some(s) => writeln!(
                f,
                "clustering          {:.4} ± {:.4} (average local, sample of {s} people, ± one standard error)",
                self.clustering, self.clustering_se
            )?,
        }
        writeln!(
            f,
            "components          {} (giant holds {:.2} % of people)",
            self.components,
            100.0 * self.giant_share
        )?;
        match self.distance_sample {
            None => write!(
                f,
                "mean distance       {:.3} steps (giant component, exact)",
                self.mean_distance
            ),
            Some(s) => write!(
                f,
                "mean distance       {:.3} ± {:.3} steps (giant component, searches from {s} sampled people, ± one standard error)",
                self.mean_distance, self.distance_se
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::build::from_pairs;
    use crate::population::random::random;
    use crate::population::small_world::small_world;

    #[test]
    fn ring_lattice_figures_are_exact() {
        // n = 1,000 people, each with the 3 nearest on either side.
        let (n, k) = (1_000u32, 6u32);
        let s = stats(&small_world(n, k, 0.0, 1, 0), 1);
        assert_eq!((s.people, s.friendships), (1_000, 3_000));
        assert_eq!((s.degree_min, s.degree_max, s.degree_median), (6, 6, 6.0));
        assert_eq!(s.clustering_sample, None);
        let kf = f64::from(k);
        let theory = 3.0 * (kf - 2.0) / (4.0 * (kf - 1.0));
        assert!((s.clustering - theory).abs() < 1e-12, "{}", s.clustering);
        assert_eq!((s.components, s.giant_share), (1, 1.0));
        // Distance d to someone j steps round the ring is ceil(j / 3).
        let total: u32 = (1..n).map(|j| j.min(n - j).div_ceil(k / 2)).sum();
        let theory = f64::from(total) / f64::from(n - 1);
        assert_eq!(s.distance_sample, None);
        assert!(
            (s.mean_distance - theory).abs() < 1e-9,
            "{}",
            s.mean_distance
        );
    }

    #[test]
    fn degrees_components_and_a_star() {
        // A star of 11 (centre 0), a pair, and 3 people alone: 16 people.
        let mut pairs: Vec<(u32, u32)> = (1..11).map(|j| (0, j)).collect();
        pairs.push((11, 12));
        let s = stats(&from_pairs(16, &pairs), 1);
        assert_eq!(s.components, 1 + 1 + 3);
        assert!((s.giant_share - 11.0 / 16.0).abs() < 1e-12);
        assert_eq!((s.degree_min, s.degree_max), (0, 10));
        // Sorted: 0 0 0 1 x 12, 10: the middle two are both 1.
        assert_eq!(s.degree_median, 1.0);
        assert_eq!((s.degree_p10, s.degree_p25, s.degree_p99), (0, 1, 10));
        assert!((s.under_10_share - 15.0 / 16.0).abs() < 1e-12);
        assert_eq!(s.clustering, 0.0);
        // Star: 10 pairs (centre, leaf) at 1, 45 leaf pairs at 2, both ways.
        let theory = (2.0 * 10.0 + 2.0 * 45.0 * 2.0) / (11.0 * 10.0);
        assert!(
            (s.mean_distance - theory).abs() < 1e-12,
            "{}",
            s.mean_distance
        );
    }

    #[test]
    fn large_graphs_are_sampled_with_a_fair_error() {
        let (n, k) = (30_000u32, 40.0);
        let g = random(n, k, 4, 0);
        let s = stats(&g, 9);
        assert_eq!(s.clustering_sample, Some(CLUSTERING_SAMPLE));
        let p = k / f64::from(n - 1);
        assert!(s.clustering_se > 0.0 && s.clustering_se < p);
        assert!((s.clustering - p).abs() < 4.0 * s.clustering_se + 0.1 * p);
        // Fronczak, Fronczak and Holyst (2004): (ln n - gamma) / ln k + 1/2.
        let theory = (f64::from(n).ln() - 0.5772) / k.ln() + 0.5;
        assert!(
            (s.mean_distance - theory).abs() < 0.15,
            "{}",
            s.mean_distance
        );
        assert!(s.distance_sample.is_some() && s.distance_se < 0.05);
        assert_eq!(s, stats(&g, 9));
    }

    #[test]
    fn an_empty_graph_has_empty_figures() {
        let s = stats(&Graph::default(), 1);
        assert_eq!((s.people, s.components, s.giant_share), (0, 0, 0.0));
    }
}
