//! `social-ads`: promotional posts pushed into people's feeds (docs/MODEL.md,
//! "Social ads"). Wide reach, but every ad is an interruption, and some
//! offend: the offended complain to friends, and complaints travel.

use crate::people::counts::Counts;
use crate::people::outbox::{Kind, Outbox};
use crate::people::purchase::{buy, Route};
use crate::people::state::{flag, locate, trait_bit, Chunk};
use crate::people::world::Behaviour;
use crate::rng::{DayKey, Purpose};
use crate::scenario::SocialAdsConfig;
use std::ops::Range;

#[derive(Clone, Debug)]
pub struct SocialAds {
    pub cfg: SocialAdsConfig,
    /// The people ads are shown to.
    pub audience: Range<u32>,
    /// The population's mean initial trust, at which `click_rate` holds.
    pub mean_initial_trust: f64,
}

/// Draws before a targeted ad settles for whoever was drawn last.
const TARGET_TRIES: usize = 16;

/// What an impression did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    Ignored,
    Clicked,
    /// Offended for the first time: the person complains to friends.
    Offended,
}

impl SocialAds {
    /// Impressions a day without a budget: `reach_per_day` of the audience,
    /// the fraction rounded up or down at random so the mean is exact.
    pub fn impressions(&self, key: DayKey) -> u64 {
        let x = self.cfg.reach_per_day * f64::from(self.audience.end - self.audience.start);
        let whole = x.floor();
        whole as u64 + u64::from(key.global(Purpose::AdCount).chance(x - whole))
    }

    /// Puts `count` ads in the feeds of people drawn at random from the
    /// audience (someone may see two); a share `targeting` of them goes to
    /// people in the target audience, as ad platforms let one aim.
    pub fn place(&self, count: u64, key: DayKey, chunks: &[Chunk], out: &mut Outbox) {
        let (start, len) = (self.audience.start, self.audience.end - self.audience.start);
        let t = self.cfg.targeting;
        let mut dice = key.global(Purpose::AdPick);
        for _ in 0..count {
            let mut p = start + dice.below(len);
            if t > 0.0 && dice.chance(t) {
                for _ in 0..TARGET_TRIES {
                    let (c, i) = locate(p);
                    if chunks[c].is(i, trait_bit::AUDIENCE) {
                        break;
                    }
                    p = start + dice.below(len);
                }
            }
            out.send(p, Kind::Ad);
        }
    }

    /// Person `i` sees an ad, the `nth` thing placed in the chunk today.
    #[inline]
    pub fn show(
        &self,
        c: &mut Chunk,
        i: usize,
        key: DayKey,
        nth: u32,
        b: &Behaviour,
        n: &mut Counts,
    ) -> Seen {
        let cfg = &self.cfg;
        let p = c.start + i as u32;
        n.impressions += 1;
        c.take_in(i, cfg.ad_awareness as f32);
        b.rules.bad(&mut c.trust[i], cfg.intrusion as f32);
        let offence = if c.is(i, trait_bit::AUDIENCE) {
            cfg.offence_rate
        } else {
            cfg.offence_rate * cfg.outside_offence_factor
        };
        if key.dice_nth(p, Purpose::AdOffence, nth).chance(offence) {
            b.rules.bad(&mut c.trust[i], cfg.offence_trust_loss as f32);
            if !c.has(i, flag::OFFENDED) {
                c.flags[i] |= flag::OFFENDED;
                n.offended += 1;
                return Seen::Offended;
            }
            return Seen::Ignored;
        }
        // Like email, ads are clicked more by people who trust the brand
        // and less by those who have come to dislike it.
        let liking = if self.mean_initial_trust > 0.0 {
            f64::from(c.trust[i]) / self.mean_initial_trust
        } else {
            1.0
        };
        let click = cfg.click_rate * f64::from(b.social_lands(c, i)) * liking;
        if !key.dice_nth(p, Purpose::AdClick, nth).chance(click) {
            return Seen::Ignored;
        }
        n.ad_clicks += 1;
        let buys = cfg.purchase_per_click * b.buying(c, i);
        if c.may_buy(i) && key.dice_nth(p, Purpose::AdPurchase, nth).chance(buys) {
            buy(c, i, Route::Ad, b, n);
        }
        Seen::Clicked
    }
}
