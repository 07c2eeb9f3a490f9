//! Geometric skip sampling: which of a run of candidates, each taken
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

/// Emits each position `v` of `start..end`, independently, with probability
/// `chance(v)`, which must not increase with `v` (candidates sorted by
/// falling weight). Skips by the last probability seen, then thins: a
/// candidate landed on with bound p is kept with probability chance(v) / p.
pub(crate) fn falling_run(
    dice: &mut Dice,
    start: u32,
    end: u32,
    chance: impl Fn(u32) -> f64,
    mut emit: impl FnMut(u32),
) {
    let mut v = start;
    if v >= end {
        return;
    }
    let mut p = chance(v).min(1.0);
    while v < end && p > 0.0 {
        if p < 1.0 {
            let s = skip(dice, (-p).ln_1p());
            if s >= u64::from(end - v) {
                return;
            }
            v += s as u32;
        }
        let q = chance(v).min(1.0);
        if dice.uniform() * p < q {
            emit(v);
        }
        p = q;
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
    fn falling_run_keeps_each_candidate_with_its_own_chance() {
        let key = DayKey::new(6, 0, 0);
        let chance = |v: u32| 0.5 / (1.0 + f64::from(v) / 10.0);
        let mut hits = vec![0u32; 100];
        let rounds = 20_000;
        for i in 0..rounds {
            falling_run(&mut key.dice(i, Purpose::Graph), 0, 100, chance, |v| {
                hits[v as usize] += 1
            });
        }
        for v in [0u32, 5, 30, 99] {
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
