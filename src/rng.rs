//! Counter-based randomness: every draw is a pure function of
//! (seed, replicate, day, person, purpose).
//!
//! Nothing here keeps hidden state between draws, so the same person on the
//! same day gets the same dice in every arm (common random numbers), whatever
//! the thread count or the order in which chunks are processed. The generator
//! is named explicitly (SplitMix64 from `rand_xoshiro`, value-stable) rather
//! than `StdRng`, whose algorithm may change between `rand` releases.

use rand::{Rng, SeedableRng};
use rand_xoshiro::SplitMix64;

/// Why a draw is made. Each purpose gets its own independent stream, so adding
/// a new kind of draw never shifts the existing ones, and each decision has
/// its own purpose, so the same person on the same day meets the same dice
/// for the same decision in every arm, whatever happened before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
    InitialTrust = 1,
    OnList = 2,
    NeedStart = 3,
    NeedChange = 4,
    AddressDeath = 5,
    EmailOpen = 6,
    Post = 7,
    NeedPurchase = 8,
    Tell = 9,
    Hear = 10,
    Conversation = 11,
    Graph = 12,
    EmailClick = 13,
    EmailPurchase = 14,
    EmailComplaint = 15,
    EmailUnsubscribe = 16,
    Follow = 17,
    Pitch = 18,
    Unfollow = 19,
    HeavySharer = 20,
    Audience = 21,
    PrefersSocial = 22,
    Group = 23,
    SignUp = 24,
    Inbox = 25,
    AdCount = 26,
    AdPick = 27,
    AdOffence = 28,
    AdClick = 29,
    AdPurchase = 30,
    BaitSeed = 31,
    BaitPass = 32,
    Warning = 33,
    PassWarning = 34,
    CommunityContact = 35,
    AddressPick = 36,
    Market = 37,
}

/// The SplitMix64 finaliser: a bijective 64-bit mix with full avalanche.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A key for one (seed, replicate, day): computed once per day, then combined
/// with a person and a purpose for each draw. Day `u32::MAX` is used for draws
/// made before the first day (initial state).
#[derive(Clone, Copy, Debug)]
pub struct DayKey(u64);

impl DayKey {
    pub fn new(seed: u64, replicate: u32, day: u32) -> Self {
        let a = mix(seed ^ 0x6a09_e667_f3bc_c908);
        let b = mix(a ^ u64::from(replicate).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        DayKey(mix(b ^ u64::from(day).wrapping_mul(0xc2b2_ae3d_27d4_eb4f)))
    }

    /// Key for draws that happen before day 0.
    pub fn initial(seed: u64, replicate: u32) -> Self {
        Self::new(seed, replicate, u32::MAX)
    }

    /// The dice for one person and purpose on this key's day.
    #[inline]
    pub fn dice(self, person: u32, purpose: Purpose) -> Dice {
        let k = (u64::from(person) << 8) | purpose as u64;
        Dice(SplitMix64::seed_from_u64(mix(self.0 ^ mix(k))))
    }

    /// The dice for the `nth` time the same person meets the same purpose on
    /// this key's day (a second conversation the same day, say).
    #[inline]
    pub fn dice_nth(self, person: u32, purpose: Purpose, nth: u32) -> Dice {
        DayKey(mix(
            self.0 ^ u64::from(nth).wrapping_mul(0xa076_1d64_78bd_642f)
        ))
        .dice(person, purpose)
    }

    /// The dice for a purpose that belongs to nobody in particular (the
    /// marketer's choices of whom to talk to).
    #[inline]
    pub fn global(self, purpose: Purpose) -> Dice {
        self.dice(u32::MAX, purpose)
    }
}

/// A daily hazard in the form `Dice::wait` uses: the logarithm of the
/// chance to be spared a day is taken once, not at every draw.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Hazard {
    pub daily: f64,
    log_keep: f64,
}

impl Hazard {
    pub fn new(daily: f64) -> Self {
        Hazard {
            daily,
            log_keep: (1.0 - daily).ln(),
        }
    }
}

/// A short stream of draws for one (key, person, purpose).
pub struct Dice(SplitMix64);

impl Dice {
    /// A uniform number in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// True with probability `p` (p outside [0, 1] is clamped by comparison).
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// A uniform index in `0..n` (n > 0).
    #[inline]
    pub fn below(&mut self, n: u32) -> u32 {
        self.0.random_range(0..n)
    }

    /// Whole days until an event with daily hazard `h` (in (0, 1])
    /// happens, at least 1: the geometric distribution by inversion.
    pub fn wait(&mut self, h: Hazard) -> u32 {
        if h.daily >= 1.0 {
            return 1;
        }
        if h.daily <= 0.0 {
            return u32::MAX;
        }
        let u = 1.0 - self.uniform(); // in (0, 1]
        let k = (u.ln() / h.log_keep).floor() + 1.0;
        if k >= f64::from(u32::MAX) {
            u32::MAX
        } else {
            k as u32
        }
    }

    /// The generator itself, for `rand_distr` samplers.
    pub fn rng(&mut self) -> &mut SplitMix64 {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_draws_different_purpose_different_draws() {
        let k = DayKey::new(7, 1, 3);
        assert_eq!(
            k.dice(5, Purpose::EmailOpen).uniform(),
            k.dice(5, Purpose::EmailOpen).uniform()
        );
        assert_ne!(
            k.dice(5, Purpose::EmailOpen).uniform(),
            k.dice(5, Purpose::Post).uniform()
        );
        assert_ne!(
            k.dice(5, Purpose::EmailOpen).uniform(),
            DayKey::new(7, 1, 4).dice(5, Purpose::EmailOpen).uniform()
        );
    }

    #[test]
    fn wait_has_the_geometric_mean() {
        let k = DayKey::new(1, 0, 0);
        let n = 20_000;
        let h = 0.05;
        let total: f64 = (0..n)
            .map(|i| f64::from(k.dice(i, Purpose::NeedChange).wait(Hazard::new(h))))
            .sum();
        let mean = total / f64::from(n);
        assert!((mean - 1.0 / h).abs() < 0.6, "mean {mean}");
    }

    #[test]
    fn chance_matches_its_probability() {
        let k = DayKey::new(3, 2, 1);
        let hits = (0..100_000)
            .filter(|&i| k.dice(i, Purpose::EmailOpen).chance(0.21))
            .count();
        assert!((hits as f64 / 100_000.0 - 0.21).abs() < 0.005);
    }
}
