//! `link-bait`: catchy content with no value (docs/MODEL.md, "Link bait").
//! A piece is seeded to a few people; whoever sees it passes it to each
//! friend with a small chance, once: an independent cascade. It brings a
//! burst of reach and shares, little trust, and awareness that soon fades.

use crate::people::counts::Counts;
use crate::people::outbox::{Kind, Outbox};
use crate::people::state::{flag, Chunk};
use crate::people::world::Behaviour;
use crate::rng::{DayKey, Purpose};
use crate::scenario::LinkBaitConfig;

#[derive(Clone, Debug)]
pub struct LinkBait {
    pub cfg: LinkBaitConfig,
}

impl LinkBait {
    /// Whether a new piece comes out on `day` without a budget.
    pub fn publishes_on(&self, day: u32) -> bool {
        day % self.cfg.every_days == 0
    }

    /// Shows new piece number `piece` to `seeds` people drawn at random.
    pub fn seed(&self, piece: u16, people: u32, key: DayKey, out: &mut Outbox) {
        let mut dice = key.global(Purpose::BaitSeed);
        for _ in 0..self.cfg.seeds {
            out.send(dice.below(people), Kind::Bait(piece));
        }
    }

    /// Person `i` is shown the current piece; returns whether it is new to
    /// them (only then do they take it in and pass it on).
    #[inline]
    pub fn take(&self, c: &mut Chunk, i: usize, b: &Behaviour, n: &mut Counts) -> bool {
        if c.has(i, flag::BAIT_SEEN) {
            return false;
        }
        c.flags[i] |= flag::BAIT_SEEN | flag::REACHED;
        n.bait_views += 1;
        // Short memory: a catchy headline lifts awareness to its level but
        // never beyond, however many pieces one sees, so it soon fades.
        let a = &mut c.awareness[i];
        *a = a.max(self.cfg.bait_awareness as f32);
        b.rules
            .good(&mut c.trust[i], self.cfg.bait_trust_gain as f32);
        true
    }
}
