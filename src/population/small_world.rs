//! Watts-Strogatz small world: a ring where everyone knows their K nearest
//! neighbours, each "rightward" friendship rewired to a random person with
//! probability b (docs/MODEL.md, "Network").
//!
//! Every friendship is a pure function of (seed, replicate, person, slot), so
//! the generator runs twice over it (count, then fill) and never holds a list
//! of pairs: peak memory is the final graph plus one counter per person.

use super::graph::Graph;
use crate::rng::{mix, DayKey, Purpose};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

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

    // Pass 1: degrees. Each person owns `half` outgoing slots; the far end of
    // each slot gains one.
    let degree: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(half)).collect();
    (0..n).into_par_iter().for_each(|i| {
        for s in 0..half {
            degree[target(i, s) as usize].fetch_add(1, Ordering::Relaxed);
        }
    });
    let mut offsets = Vec::with_capacity(n as usize + 1);
    let mut total = 0u64;
    offsets.push(0);
    for d in &degree {
        total += u64::from(d.load(Ordering::Relaxed));
        offsets.push(total);
    }
    drop(degree);

    // Pass 2: fill. Own slots first (each person writes only its own range),
    // then incoming ends, placed through per-person cursors.
    let neighbours: Vec<AtomicU32> = (0..total).map(|_| AtomicU32::new(0)).collect();
    let cursor: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(half)).collect();
    (0..n).into_par_iter().for_each(|i| {
        let base = offsets[i as usize];
        for s in 0..half {
            let t = target(i, s);
            neighbours[(base + u64::from(s)) as usize].store(t, Ordering::Relaxed);
            let at = cursor[t as usize].fetch_add(1, Ordering::Relaxed);
            neighbours[(offsets[t as usize] + u64::from(at)) as usize].store(i, Ordering::Relaxed);
        }
    });
    drop(cursor);
    let mut neighbours: Vec<u32> = neighbours.into_iter().map(AtomicU32::into_inner).collect();
    compact(&mut offsets, &mut neighbours);
    Graph::from_parts(offsets, neighbours)
}

/// Sorts every list (the fill order depends on thread timing; sorting makes
/// the result depend on the seed alone), drops self-loops and duplicate
/// friendships that rewiring can create, and closes the gaps in place.
pub(crate) fn compact(offsets: &mut [u64], neighbours: &mut Vec<u32>) {
    // Sort and dedup each list in parallel; record each list's new length.
    let n = offsets.len() - 1;
    let mut lists: Vec<&mut [u32]> = Vec::with_capacity(n);
    let mut rest: &mut [u32] = neighbours.as_mut_slice();
    for i in 0..n {
        let len = (offsets[i + 1] - offsets[i]) as usize;
        let (head, tail) = rest.split_at_mut(len);
        lists.push(head);
        rest = tail;
    }
    let kept: Vec<u32> = lists
        .par_iter_mut()
        .enumerate()
        .map(|(i, list)| {
            list.sort_unstable();
            let mut w = 0;
            for r in 0..list.len() {
                let v = list[r];
                if v as usize != i && (w == 0 || list[w - 1] != v) {
                    list[w] = v;
                    w += 1;
                }
            }
            w as u32
        })
        .collect();
    drop(lists);
    // Shift lists left over the gaps, in order.
    let mut write = 0usize;
    for i in 0..n {
        let start = offsets[i] as usize;
        let len = kept[i] as usize;
        neighbours.copy_within(start..start + len, write);
        offsets[i] = write as u64;
        write += len;
    }
    offsets[n] = write as u64;
    neighbours.truncate(write);
    neighbours.shrink_to_fit();
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
