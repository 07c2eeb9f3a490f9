//! `networking`: a daily budget of one-to-one conversations, value-adding
//! posts seen by followers, and a pitch only once the relationship has
//! matured (docs/MODEL.md, "Networking").

use crate::people::counts::Counts;
use crate::people::purchase::{buy, Route};
use crate::people::state::{flag, locate, trait_bit, Chunk};
use crate::people::world::{Behaviour, Friends};
use crate::rng::{DayKey, Dice, Purpose};
use crate::scenario::NetworkingConfig;

#[derive(Clone, Debug)]
pub struct Networking {
    pub cfg: NetworkingConfig,
    /// Where strangers are sought (everyone when `None`).
    pub audience: Option<std::ops::Range<u32>>,
}

/// The marketer's own memory in one arm: whom they have talked to.
#[derive(Clone, Debug, Default)]
pub struct Marketer {
    contacts: Vec<u32>,
}

/// Tries before giving up on finding a fitting person at random.
const PICK_TRIES: usize = 16;

impl Networking {
    pub fn new(audience: Option<std::ops::Range<u32>>, cfg: NetworkingConfig) -> Self {
        Networking { cfg, audience }
    }

    /// Whether a post goes out on `day`: `posts_per_week` spread evenly.
    pub fn posts_on(&self, day: u32) -> bool {
        let per_day = self.cfg.posts_per_week / 7.0;
        ((f64::from(day) + 1.0) * per_day).floor() > (f64::from(day) * per_day).floor()
    }

    /// A follower may see today's post; returns whether they did.
    #[inline]
    pub fn show_post(
        &self,
        c: &mut Chunk,
        i: usize,
        key: DayKey,
        b: &Behaviour,
        n: &mut Counts,
    ) -> bool {
        let p = c.start + i as u32;
        let reach = self.cfg.post_reach * f64::from(b.social_lands(c, i));
        if !key.dice(p, Purpose::Post).chance(reach) {
            return false;
        }
        n.posts_seen += 1;
        c.take_in(i, self.cfg.post_awareness as f32);
        b.rules
            .good(&mut c.trust[i], self.cfg.post_trust_gain as f32);
        true
    }

    /// Someone who heard of the brand from a friend may start following it.
    #[inline]
    pub fn after_referral(&self, c: &mut Chunk, i: usize, dice: &mut Dice) {
        if !c.has(i, flag::FOLLOWER) && dice.chance(self.cfg.follow_after_referral) {
            c.flags[i] |= flag::FOLLOWER;
        }
    }

    /// The day's conversations, before anything else happens that day. Runs
    /// on one thread: the budget is small and the choices are global.
    #[allow(clippy::too_many_arguments)] // the day's context, passed flat
    pub fn converse(
        &self,
        conversations: u32,
        m: &mut Marketer,
        chunks: &mut [Chunk],
        friends: &Friends,
        people: u32,
        key: DayKey,
        b: &Behaviour,
        n: &mut Counts,
    ) {
        let mut dice = key.global(Purpose::Conversation);
        for nth in 0..conversations {
            let fresh = m.contacts.is_empty() || dice.chance(self.cfg.new_contact_share);
            let person = if fresh {
                let introduced = !m.contacts.is_empty() && dice.chance(self.cfg.introduction_share);
                let found = if introduced {
                    pick_introduction(&mut dice, m, chunks, friends, people)
                } else {
                    let t = self.cfg.targeting;
                    let targeted = t > 0.0 && dice.chance(t);
                    pick_new(
                        &mut dice,
                        chunks,
                        self.audience.clone().unwrap_or(0..people),
                        targeted,
                    )
                };
                found.or_else(|| pick_contact(&mut dice, m, chunks))
            } else {
                pick_contact(&mut dice, m, chunks)
            };
            if let Some(p) = person {
                self.talk(p, key, nth, m, chunks, b, n);
            }
        }
    }

    #[allow(clippy::too_many_arguments)] // the day's context, passed flat
    fn talk(
        &self,
        p: u32,
        key: DayKey,
        nth: u32,
        m: &mut Marketer,
        chunks: &mut [Chunk],
        b: &Behaviour,
        n: &mut Counts,
    ) {
        let (ci, i) = locate(p);
        let c = &mut chunks[ci];
        let cfg = &self.cfg;
        n.conversations += 1;
        c.take_in(i, 1.0);
        if !c.has(i, flag::CONTACT) {
            c.flags[i] |= flag::CONTACT;
            m.contacts.push(p);
        }
        b.rules
            .good(&mut c.trust[i], cfg.conversation_trust_gain as f32);
        // Outcomes use the person's own dice (the same in every arm); the
        // global stream only chooses whom to talk to.
        // The nth conversation of the day has its own dice, so meeting the
        // same person twice in a day is two independent chances.
        if !c.has(i, flag::FOLLOWER)
            && key
                .dice_nth(p, Purpose::Follow, nth)
                .chance(cfg.follow_after_conversation)
        {
            c.flags[i] |= flag::FOLLOWER;
        }
        if !c.may_buy(i) || c.trust[i] < cfg.pitch_trust as f32 {
            return;
        }
        n.pitches += 1;
        if c.trust[i] >= b.pitch_ready_trust {
            let success = if c.has(i, flag::IN_NEED) {
                cfg.pitch_success_in_need
            } else {
                cfg.pitch_success
            } * b.buying(c, i);
            if key.dice_nth(p, Purpose::Pitch, nth).chance(success) {
                buy(c, i, Route::Conversation, b, n);
            }
        } else {
            // Pitched before the relationship was ready: it feels pushy.
            b.rules
                .bad(&mut c.trust[i], cfg.early_pitch_trust_loss as f32);
            if c.has(i, flag::FOLLOWER)
                && key
                    .dice_nth(p, Purpose::Unfollow, nth)
                    .chance(cfg.early_pitch_unfollow)
            {
                c.flags[i] &= !flag::FOLLOWER;
                n.unsubscribes += 1;
            }
        }
    }
}

/// Someone among `among` the marketer has not talked to yet, at random;
/// `targeted`: someone in the target audience.
fn pick_new(
    dice: &mut Dice,
    chunks: &[Chunk],
    among: std::ops::Range<u32>,
    targeted: bool,
) -> Option<u32> {
    let (start, len) = (among.start, among.end - among.start);
    (0..PICK_TRIES).map(|_| start + dice.below(len)).find(|&p| {
        let (c, i) = locate(p);
        !chunks[c].has(i, flag::CONTACT) && (!targeted || chunks[c].is(i, trait_bit::AUDIENCE))
    })
}

/// A friend of a random contact who is not a contact yet: meeting people
/// through people, so the marketer's circle follows the network's shape.
fn pick_introduction(
    dice: &mut Dice,
    m: &Marketer,
    chunks: &[Chunk],
    friends: &Friends,
    people: u32,
) -> Option<u32> {
    (0..PICK_TRIES)
        .filter_map(|_| {
            let contact = m.contacts[dice.below(m.contacts.len() as u32) as usize];
            friends.pick(contact, people, dice)
        })
        .find(|&p| {
            let (c, i) = locate(p);
            !chunks[c].has(i, flag::CONTACT)
        })
}

/// An existing contact at random, preferring those who have not bought yet.
fn pick_contact(dice: &mut Dice, m: &Marketer, chunks: &[Chunk]) -> Option<u32> {
    if m.contacts.is_empty() {
        return None;
    }
    let mut last = None;
    for _ in 0..PICK_TRIES {
        let p = m.contacts[dice.below(m.contacts.len() as u32) as usize];
        let (c, i) = locate(p);
        if !chunks[c].has(i, flag::CUSTOMER) {
            return Some(p);
        }
        last = Some(p);
    }
    last
}
