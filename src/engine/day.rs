//! One day for one chunk of people in one arm: the heart of the simulator.
//! No allocation, lock, IO or dynamic dispatch happens here. The order of
//! events within the day is the one in docs/MODEL.md, "Process overview".

use super::counts::{fixed, Counts};
use super::outbox::Outbox;
use super::state::{flag, Chunk, AWARE_LEVEL};
use super::world::World;
use crate::rng::{DayKey, Purpose};
use crate::tactics::ArmPlan;

/// What is fixed for everyone on one day of one arm.
pub struct Today<'a> {
    pub day: u32,
    pub key: DayKey,
    pub init: DayKey,
    pub world: &'a World,
    pub arm: &'a ArmPlan,
    pub send_email: bool,
    pub dead_below: f64,
    pub post: bool,
}

/// Runs the day for chunk `ci`: takes in yesterday's words from `inbox`
/// (every chunk's outbox, in chunk order), then each person's day; writes
/// the words sent today into `out` and returns the chunk's tallies.
pub fn step_chunk(
    t: &Today,
    ci: usize,
    c: &mut Chunk,
    out: &mut Outbox,
    inbox: &[Outbox],
) -> Counts {
    let w = t.world;
    let b = &w.behaviour;
    let mut n = Counts::default();
    out.clear();

    // 1. Word of mouth sent yesterday arrives, within each person's attention.
    c.heard.iter_mut().for_each(|h| *h = 0);
    for src in inbox {
        for word in src.for_chunk(ci) {
            let i = (word.to - c.start) as usize;
            let k = c.heard[i];
            if k >= b.listen_per_day {
                continue;
            }
            c.heard[i] = k + 1;
            n.heard += 1;
            c.take_in(i, b.friend_awareness);
            b.rules.good(&mut c.trust[i], b.friend_trust_gain);
            if let Some(net) = &t.arm.networking {
                let mut dice = t.key.dice(word.to, Purpose::Hear);
                for _ in 0..k {
                    dice.uniform();
                }
                net.after_referral(c, i, &mut dice);
            }
        }
    }

    let email = t.arm.email.as_ref();
    let mailing = if t.send_email { email } else { None };
    let posting = if t.post {
        t.arm.networking.as_ref()
    } else {
        None
    };
    let day16 = t.day as u16;
    let friends = &w.networks[t.arm.network];
    // Most people have nothing happen on most days: this test lets them
    // through at the cost of three loads.
    let touched = if mailing.is_some() { flag::ON_LIST } else { 0 }
        | if posting.is_some() { flag::FOLLOWER } else { 0 };
    let gate = if b.word_of_mouth {
        b.ask_trust.min(b.tell_trust)
    } else {
        b.ask_trust
    };
    for i in 0..c.len() {
        let may_act = c.awareness[i] >= AWARE_LEVEL && c.trust[i] >= gate;
        if c.need_change[i] != day16 && c.flags[i] & touched == 0 && !may_act {
            continue;
        }
        let p = c.start + i as u32;

        // 2. Life events: a need starts or passes (the same in every arm).
        if c.need_change[i] == day16 {
            c.flags[i] ^= flag::IN_NEED;
            let h = if c.has(i, flag::IN_NEED) {
                w.need_pass
            } else {
                w.need_arise
            };
            let gap = t.key.dice(p, Purpose::NeedChange).days_until(h);
            c.need_change[i] = (t.day.saturating_add(gap)).min(u32::from(u16::MAX)) as u16;
        }

        // 3. The marketer's email and posts.
        if let Some(e) = mailing {
            if c.has(i, flag::ON_LIST) {
                e.deliver(c, i, t.key, t.init, t.dead_below, b, &mut n);
            }
        }
        if let Some(net) = posting {
            if c.has(i, flag::FOLLOWER) {
                net.show_post(c, i, t.key, b, &mut n);
            }
        }

        // 4. A person in need who knows and trusts the brand turns to it.
        let aware = c.awareness[i] >= AWARE_LEVEL;
        if aware
            && c.flags[i] & (flag::IN_NEED | flag::CUSTOMER) == flag::IN_NEED
            && c.trust[i] >= b.ask_trust
            && t.key
                .dice(p, Purpose::NeedPurchase)
                .chance(b.need_purchase_per_day)
        {
            c.flags[i] |= flag::CUSTOMER;
            b.rules.good(&mut c.trust[i], b.customer_trust_gain);
        }

        // 5. Word of mouth, gated: only aware people who trust the brand tell,
        //    at most one friend a day; the friend hears tomorrow.
        if b.word_of_mouth && aware && c.trust[i] >= b.tell_trust {
            let mut dice = t.key.dice(p, Purpose::Tell);
            if dice.chance(b.tell_per_day) {
                if let Some(friend) = friends.pick(p, w.people, &mut dice) {
                    out.send(friend);
                    n.shares += 1;
                }
            }
        }
    }

    // 6. Observation at the end of the day, then 7. overnight fading. A
    //    separate branch-free pass over the arrays, so it vectorises.
    observe(c, &mut n, b.awareness_retention);
    if let Some(e) = email {
        let r = e.fatigue_retention;
        c.fatigue.iter_mut().for_each(|f| *f *= r);
    }
    out.seal();
    n
}

/// Adds the chunk's end-of-day levels to `n` and fades awareness overnight.
fn observe(c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    let bit = |f: u8, b: u8| u64::from(f & b != 0);
    for ((&f, &t), a) in c.flags.iter().zip(&c.trust).zip(c.awareness.iter_mut()) {
        let trust = fixed(t);
        let reached = bit(f, flag::REACHED);
        n.trust_sum += trust;
        n.trust_reached_sum += trust * reached;
        n.reached += reached;
        n.customers += bit(f, flag::CUSTOMER);
        n.list_size += bit(f, flag::ON_LIST);
        n.followers += bit(f, flag::FOLLOWER);
        n.in_need += bit(f, flag::IN_NEED);
        n.aware += u64::from(*a >= AWARE_LEVEL);
        *a *= awareness_retention;
    }
}
