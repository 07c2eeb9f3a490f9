//! Geometric skip sampling: which of a row of candidates, each taken
//! independently, are taken, in time proportional to the number taken
//! rather than the number of candidates (Batagelj and Brandes 2005 for a
//! fixed probability; Miller and Hagberg 2011 for falling probabilities).

use crate::rng::Dice;

/// Candidates passed over before the next one taken, when each is taken with
/// probability p and `log_miss` is ln(1 - p) (negative). Saturates instead of
/// overflowing.
#[inline]
fn skip(dice: &mut Dice, log_miss: f64) -> u64 {
    let u = 1.0 - dice.uniform(); // in (0, 1]
    let s = u.ln() / log_miss;
    if s < 4.0e18 {
        s as u64
    } else {
        u64::MAX / 2
    }
}

/// Emits each of `start..end`, independently, with probability `p`.
pub(crate) fn bernoulli_run(
    dice: &mut Dice,
    start: u32,
    end: u32,
    p: f64,
    mut emit: impl FnMut(u32),
) {
    if p <= 0.0 || start >= end {
        return;
    }
    if p >= 1.0 {
        (start..end).for_each(emit);
        return;
    }
    let log_miss = (-p).ln_1p();
    let mut next = u64::from(start);
    loop {
        next += skip(dice, log_miss);
        if next >= u64::from(end) {
            return;
        }
        emit(next as u32);
        next += 1;
    }
}

/// Emits each position `v` of `start..end`, independently, with the chance
/// of its run: runs are consecutive positions ending (exclusive) at
/// `run_ends`, and `chance(run)` must not increase with the run. Skips by
/// the chance of the run last landed in; where a skip lands in a later run,
/// the candidate is kept with probability (its chance) / (the chance skipped
/// by), which makes its overall chance its own (Miller and Hagberg's
/// thinning). A step within a run costs one logarithm and no look-up.
pub(crate) fn stepped_run(
    dice: &mut Dice,
    start: u32,
    end: u32,
    run_ends: &[u32],
    chance: impl Fn(usize) -> f64,
    mut emit: impl FnMut(u32),
) {
    let mut v = start;
    if v >= end {
        return;
    }
    let mut run = run_ends.partition_point(|&e| e <= v);
    let mut p = chance(run).min(1.0);
    let mut log_miss = (-p).ln_1p();
    while v < end && p > 0.0 {
        if p < 1.0 {
            let s = skip(dice, log_miss);
            if s >= u64::from(end - v) {
                return;
            }
            v += s as u32;
        }
        if v < run_ends[run] {
            emit(v);
        } else {
            // Landed in a later run: keep with its chance over the bound
            // skipped by, and skip by its chance from now on.
            run += run_ends[run..].partition_point(|&e| e <= v);
            let q = chance(run).min(1.0);
            if dice.uniform() * p < q {
                emit(v);
            }
            p = q;
            log_miss = (-p).ln_1p();
        }
        v += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{DayKey, Purpose};

    #[test]
    fn bernoulli_run_takes_the_right_share_and_stays_in_range() {
        let key = DayKey::new(5, 0, 0);
        let (mut taken, mut low_half) = (0u64, 0u64);
        for i in 0..200 {
            bernoulli_run(&mut key.dice(i, Purpose::Graph), 100, 10_100, 0.03, |v| {
                assert!((100..10_100).contains(&v));
                taken += 1;
                low_half += u64::from(v < 5_100);
            });
        }
        // 60,000 expected, sd about 240.
        assert!((taken as f64 - 60_000.0).abs() < 1_200.0, "{taken}");
        assert!((low_half as f64 / taken as f64 - 0.5).abs() < 0.01);
    }

    #[test]
    fn stepped_run_keeps_each_candidate_with_its_run_chance() {
        let key = DayKey::new(7, 0, 0);
        let ends = [3u32, 10, 11, 40, 100];
        let by_run = [0.9, 0.5, 0.45, 0.1, 0.01];
        let run_of = |v: u32| ends.partition_point(|&e| e <= v);
        let chance = |v: u32| by_run[run_of(v)];
        let mut hits = vec![0u32; 100];
        let rounds = 20_000;
        for i in 0..rounds {
            let start = i % 5;
            stepped_run(
                &mut key.dice(i, Purpose::Graph),
                start,
                100,
                &ends,
                |r| by_run[r],
                |v| {
                    assert!(v >= start);
                    hits[v as usize] += (start == 0) as u32;
                },
            );
        }
        check_each_candidate(&hits, rounds / 5, chance);
    }

    fn check_each_candidate(hits: &[u32], rounds: u32, chance: impl Fn(u32) -> f64) {
        for v in [0u32, 2, 3, 5, 10, 11, 30, 39, 40, 99] {
            let expected = chance(v) * f64::from(rounds);
            let sd = (expected * (1.0 - chance(v))).sqrt();
            assert!(
                (f64::from(hits[v as usize]) - expected).abs() < 4.0 * sd,
                "candidate {v}: {} vs {expected}",
                hits[v as usize]
            );
        }
    }
}
