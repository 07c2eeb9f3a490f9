//! Per-chunk tallies for one day, merged in chunk order, and the running
//! totals that turn a day's tallies into `DayMetrics`. Trust is summed in
//! fixed point so the total is exact and independent of how people are
//! split into chunks.

use crate::metrics::DayMetrics;

/// Fixed-point scale for trust sums: 2^24 per unit of trust. Each person's
/// trust is truncated to a multiple of 2^-24; the sums are then integers,
/// exact and independent of the order they are added in.
const TRUST_SCALE: f64 = 16_777_216.0;

macro_rules! counts {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// One day's tallies (levels at the end of the day, flows during it).
        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        pub struct Counts {
            $($(#[$doc])* pub $field: u64,)*
        }

        impl Counts {
            pub fn add(&mut self, o: &Counts) {
                $(self.$field += o.$field;)*
            }
        }
    };
}

counts! {
    reached,
    aware,
    trust_sum,
    trust_reached_sum,
    unsubscribes,
    customers,
    list_size,
    followers,
    in_need,
    delivered,
    opens,
    clicks,
    bounces,
    complaints,
    /// Delivered to the spam folder (the sender's reputation is gone).
    spam_foldered,
    signups,
    /// Bought addresses that joined the list.
    addresses_bought,
    conversations,
    pitches,
    posts_seen,
    shares,
    heard,
    impressions,
    ad_clicks,
    offended,
    negative_shares,
    bait_views,
    bait_shares,
    community_contacts,
    /// Every sale, first or repeat.
    purchases,
    /// Sales to customers who first heard of the brand from a friend.
    referred_purchases,
    repeat_purchases,
    /// First purchases by route.
    conv_email,
    conv_conversation,
    conv_referral,
    conv_need,
    conv_ad,
}

/// Trust's fixed-point scale as `fixed` multiplies by it.
pub const FIXED_SCALE: f32 = TRUST_SCALE as f32;

#[inline]
pub fn fixed(trust: f32) -> u64 {
    debug_assert!((0.0..=1.0).contains(&trust));
    // SAFETY: trust is in [0, 1] (every update keeps it there, and property
    // tests check it), so the product is in [0, 2^24] and fits an i32. The
    // unchecked cast lets the observation loop vectorise; a saturating `as`
    // cast does not.
    let scaled = unsafe { (trust * FIXED_SCALE).to_int_unchecked::<i32>() };
    scaled as u64
}

/// What accumulates over an arm's days: cumulative metrics and money.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    pub unsubscribes: u64,
    pub complaints: u64,
    pub conv_email: u64,
    pub conv_conversation: u64,
    pub conv_referral: u64,
    pub conv_need: u64,
    pub conv_ad: u64,
    pub repeat_purchases: u64,
    pub cost: f64,
    pub revenue: f64,
    pub profit: f64,
    /// The day (1-based) from which cumulative profit has stayed at or
    /// above zero, after money has been spent; `None` while in the red.
    pub payback_day: Option<u32>,
}

impl Totals {
    /// Adds day `day` (0-based): its tallies, its cost and its revenue.
    pub fn add(&mut self, n: &Counts, day: u32, cost: f64, revenue: f64, margin: f64) {
        self.unsubscribes += n.unsubscribes;
        self.complaints += n.complaints;
        self.conv_email += n.conv_email;
        self.conv_conversation += n.conv_conversation;
        self.conv_referral += n.conv_referral;
        self.conv_need += n.conv_need;
        self.conv_ad += n.conv_ad;
        self.repeat_purchases += n.repeat_purchases;
        self.cost += cost;
        self.revenue += revenue;
        self.profit = self.revenue * margin - self.cost;
        if self.cost <= 0.0 || self.profit < 0.0 {
            self.payback_day = None;
        } else if self.payback_day.is_none() {
            self.payback_day = Some(day + 1);
        }
    }
}

impl Counts {
    /// The day's metrics, given the totals including today.
    pub fn to_metrics(&self, people: u32, t: &Totals, complaint_rate: f64) -> DayMetrics {
        let mean = |sum: u64, n: u64| {
            if n == 0 {
                0.0
            } else {
                sum as f64 / TRUST_SCALE / n as f64
            }
        };
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        DayMetrics {
            reach: self.reached,
            aware: self.aware,
            trust: mean(self.trust_sum, u64::from(people)),
            trust_reached: mean(self.trust_reached_sum, self.reached),
            unsubscribes: t.unsubscribes,
            complaints_total: t.complaints,
            conversions: self.customers,
            conversions_email: t.conv_email,
            conversions_conversation: t.conv_conversation,
            conversions_referral: t.conv_referral,
            conversions_need: t.conv_need,
            conversions_ad: t.conv_ad,
            repeat_purchases: t.repeat_purchases,
            list_size: self.list_size,
            followers: self.followers,
            in_need: self.in_need,
            delivered: self.delivered,
            opens: self.opens,
            clicks: self.clicks,
            bounces: self.bounces,
            complaints: self.complaints,
            spam_foldered: self.spam_foldered,
            complaint_rate,
            signups: self.signups,
            addresses_bought: self.addresses_bought,
            conversations: self.conversations,
            pitches: self.pitches,
            posts_seen: self.posts_seen,
            shares: self.shares,
            heard: self.heard,
            impressions: self.impressions,
            ad_clicks: self.ad_clicks,
            offended: self.offended,
            negative_shares: self.negative_shares,
            bait_views: self.bait_views,
            bait_shares: self.bait_shares,
            community_contacts: self.community_contacts,
            cost: t.cost,
            revenue: t.revenue,
            profit: t.profit,
            roi: ratio(t.profit, t.cost),
            cost_per_conversion: ratio(t.cost, self.customers as f64),
            payback_day: t.payback_day.map_or(f64::NAN, f64::from),
            paid_back: f64::from(u8::from(t.payback_day.is_some())),
        }
    }
}
