//! `community`: taking part in the groups where the target audience already
//! talks (docs/MODEL.md, "Community"). Each day every group member may see a
//! helpful contribution; the chance grows with the hours put in. Slow and
//! trust-building: leads come later, when needs arise.

use crate::people::counts::Counts;
use crate::people::state::Chunk;
use crate::people::world::Behaviour;
use crate::rng::{DayKey, Purpose};
use crate::scenario::CommunityConfig;
use std::ops::Range;

#[derive(Clone, Debug)]
pub struct Community {
    pub cfg: CommunityConfig,
    /// The network community the groups are in (everyone when `None`).
    pub within: Option<Range<u32>>,
}

impl Community {
    /// Chance a given member sees a contribution on a day with `hours` of
    /// participation: each hour is an independent chance.
    pub fn contact_chance(&self, hours: f64) -> f64 {
        1.0 - (1.0 - self.cfg.contact_per_hour).powf(hours)
    }

    /// Group member `i` may see a contribution; returns whether they did.
    #[inline]
    pub fn contribute(
        &self,
        c: &mut Chunk,
        i: usize,
        key: DayKey,
        chance: f64,
        b: &Behaviour,
        n: &mut Counts,
    ) -> bool {
        let p = c.start + i as u32;
        let chance = chance * f64::from(b.social_lands(c, i));
        if !key.dice(p, Purpose::CommunityContact).chance(chance) {
            return false;
        }
        n.community_contacts += 1;
        c.take_in(i, self.cfg.awareness as f32);
        b.rules.good(&mut c.trust[i], self.cfg.trust_gain as f32);
        true
    }
}
