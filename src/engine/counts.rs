//! Per-chunk tallies for one day, merged in chunk order into `DayMetrics`.
//! Trust is summed in fixed point so the total is exact and independent of
//! how people are split into chunks.

use crate::metrics::DayMetrics;

/// Fixed-point scale for trust sums: 2^24 per unit of trust. Each person's
/// trust is truncated to a multiple of 2^-24; the sums are then integers,
/// exact and independent of the order they are added in.
const TRUST_SCALE: f64 = 16_777_216.0;

#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub reached: u64,
    pub aware: u64,
    pub trust_sum: u64,
    pub trust_reached_sum: u64,
    pub unsubscribes: u64,
    pub customers: u64,
    pub list_size: u64,
    pub followers: u64,
    pub in_need: u64,
    pub delivered: u64,
    pub opens: u64,
    pub clicks: u64,
    pub bounces: u64,
    pub complaints: u64,
    pub conversations: u64,
    pub pitches: u64,
    pub posts_seen: u64,
    pub shares: u64,
    pub heard: u64,
}

#[inline]
pub fn fixed(trust: f32) -> u64 {
    debug_assert!((0.0..=1.0).contains(&trust));
    // SAFETY: trust is in [0, 1] (every update keeps it there, and property
    // tests check it), so the product is in [0, 2^24] and fits an i32. The
    // unchecked cast lets the observation loop vectorise; a saturating `as`
    // cast does not.
    let scaled = unsafe { (trust * TRUST_SCALE as f32).to_int_unchecked::<i32>() };
    scaled as u64
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.reached += o.reached;
        self.aware += o.aware;
        self.trust_sum += o.trust_sum;
        self.trust_reached_sum += o.trust_reached_sum;
        self.unsubscribes += o.unsubscribes;
        self.customers += o.customers;
        self.list_size += o.list_size;
        self.followers += o.followers;
        self.in_need += o.in_need;
        self.delivered += o.delivered;
        self.opens += o.opens;
        self.clicks += o.clicks;
        self.bounces += o.bounces;
        self.complaints += o.complaints;
        self.conversations += o.conversations;
        self.pitches += o.pitches;
        self.posts_seen += o.posts_seen;
        self.shares += o.shares;
        self.heard += o.heard;
    }

    /// The day's metrics; `unsubscribes_so_far` is the running total before today.
    pub fn to_metrics(&self, people: u32, unsubscribes_so_far: u64) -> DayMetrics {
        let mean = |sum: u64, n: u64| {
            if n == 0 {
                0.0
            } else {
                sum as f64 / TRUST_SCALE / n as f64
            }
        };
        DayMetrics {
            reach: self.reached,
            aware: self.aware,
            trust: mean(self.trust_sum, u64::from(people)),
            trust_reached: mean(self.trust_reached_sum, self.reached),
            unsubscribes: unsubscribes_so_far + self.unsubscribes,
            conversions: self.customers,
            list_size: self.list_size,
            followers: self.followers,
            in_need: self.in_need,
            delivered: self.delivered,
            opens: self.opens,
            clicks: self.clicks,
            bounces: self.bounces,
            complaints: self.complaints,
            conversations: self.conversations,
            pitches: self.pitches,
            posts_seen: self.posts_seen,
            shares: self.shares,
            heard: self.heard,
        }
    }
}
