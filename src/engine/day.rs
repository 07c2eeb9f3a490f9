//! One day for one chunk of people in one arm: the heart of the simulator.
//! No allocation, lock, IO or dynamic dispatch happens here. The order of
//! events within the day is the one in docs/MODEL.md, "Process overview".

use crate::people::counts::{fixed, Counts};
use crate::people::outbox::{Kind, Outbox};
use crate::people::purchase::{buy, Route};
use crate::people::state::{flag, Chunk, Flags, AWARE_LEVEL};
use crate::people::world::{Friends, World};
use crate::rng::{DayKey, Purpose};
use crate::tactics::social_ads::Seen;
use crate::tactics::ArmPlan;

/// What is fixed for everyone on one day of one arm: the marketer's plan.
pub struct Today<'a> {
    pub day: u32,
    pub key: DayKey,
    pub init: DayKey,
    pub world: &'a World,
    pub arm: &'a ArmPlan,
    /// The list is mailed today.
    pub mailing: Option<Mailing<'a>>,
    pub post: bool,
    /// Ads and seeded link bait placed today, by chunk.
    pub placed: &'a Outbox,
    /// A new piece of link bait came out today: everyone may see it afresh.
    pub new_piece: bool,
    /// The number of the current piece of link bait.
    pub piece: u16,
    /// Chance a group member sees a contribution today (0 without community).
    pub group_contact: f64,
}

/// Today's mailing: which list members it reaches and where it lands.
pub struct Mailing<'a> {
    /// Share of deliveries that reach the inbox (the sender's reputation).
    pub inbox_share: f64,
    /// Per chunk: sends the budget allows (`u32::MAX` without a budget).
    pub allow: &'a [u32],
    /// Per chunk: list members at the start of the day.
    pub members: &'a [u64],
    /// Per chunk: sends made so far under the budget; the day's window of
    /// the list starts there, so everyone on it is mailed in turn.
    pub rotation: &'a [u64],
}

/// Runs the day for chunk `ci`: takes in yesterday's words from `inbox`
/// (every chunk's outbox, in chunk order) and today's placed ads and bait,
/// then each person's day; writes the words sent today into `out` and
/// returns the chunk's tallies.
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
    let friends = &w.networks[t.arm.network];
    let email = t.arm.email.as_ref();
    let day = t.day;

    if t.new_piece {
        c.flags.iter_mut().for_each(|f| *f &= !flag::BAIT_SEEN);
    }

    // 1. Words sent yesterday arrive: friends' recommendations and
    //    complaints within each person's attention, link bait always.
    //    (Everyone's count of words heard is back to 0: `observe` resets it
    //    overnight.)
    for src in inbox {
        for word in src.for_chunk(ci) {
            let i = (word.to - c.start) as usize;
            if let Kind::Bait(piece) = word.kind {
                if piece == t.piece {
                    take_bait(t, c, i, friends, out, &mut n);
                }
                continue;
            }
            let k = c.heard[i];
            if k >= b.listen_per_day {
                continue;
            }
            c.heard[i] = k + 1;
            n.heard += 1;
            c.take_in(i, b.friend_awareness);
            if word.kind == Kind::Warn {
                b.rules.bad(&mut c.trust[i], b.negative_trust_loss);
                let passes = t
                    .key
                    .dice_nth(word.to, Purpose::PassWarning, u32::from(k))
                    .chance(b.negative_pass_on);
                if passes && !c.has(i, flag::OFFENDED) {
                    c.flags[i] |= flag::OFFENDED;
                    complain(t, c, i, friends, out, &mut n);
                }
                continue;
            }
            b.rules.good(&mut c.trust[i], b.friend_trust_gain);
            if !c.has(i, flag::CUSTOMER) {
                c.flags[i] |= flag::REFERRED;
            }
            if let Some(net) = &t.arm.networking {
                let mut dice = t.key.dice(word.to, Purpose::Hear);
                for _ in 0..k {
                    dice.uniform();
                }
                net.after_referral(c, i, &mut dice);
            }
        }
    }

    // 2. Today's ads and seeded bait land in feeds.
    for (nth, word) in t.placed.for_chunk(ci).iter().enumerate() {
        let i = (word.to - c.start) as usize;
        match word.kind {
            Kind::Ad => {
                let ads = t
                    .arm
                    .social_ads
                    .as_ref()
                    .expect("ads placed by an arm with ads");
                match ads.show(c, i, t.key, nth as u32, b, &mut n) {
                    Seen::Offended => complain(t, c, i, friends, out, &mut n),
                    Seen::Clicked => {
                        if let Some(e) = email {
                            e.sign_up(c, i, t.key, t.init, day, 3 + nth as u32, &mut n);
                        }
                    }
                    Seen::Ignored => {}
                }
            }
            Kind::Address => {
                let e = email.expect("addresses bought by an arm with email");
                e.add_address(c, i, t.init, day, &mut n);
            }
            _ => take_bait(t, c, i, friends, out, &mut n),
        }
    }

    let mailing = t.mailing.as_ref();
    let posting = if t.post {
        t.arm.networking.as_ref()
    } else {
        None
    };
    let group = t.arm.community.as_ref().filter(|_| t.group_contact > 0.0);
    let day16 = day.min(u32::from(u16::MAX)) as u16;
    let touched = if mailing.is_some() { flag::ON_LIST } else { 0 }
        | if posting.is_some() { flag::FOLLOWER } else { 0 }
        | if group.is_some() { flag::IN_GROUP } else { 0 };
    let gate = if b.word_of_mouth {
        b.ask_trust.min(b.tell_trust)
    } else {
        b.ask_trust
    };
    let (allow, members, offset) = match mailing {
        Some(m) => {
            let (allow, members) = (m.allow[ci], m.members[ci]);
            let offset = if members == 0 || allow == u32::MAX {
                0
            } else {
                m.rotation[ci] % members
            };
            (allow, members, offset)
        }
        None => (0, 0, 0),
    };
    let (mut rank, mut sent) = (0u64, 0u32);
    // Most people have nothing happen on most days. One branch-free pass
    // marks who has (a byte per person), then the loop visits only them.
    // Visiting a person changes only that person, so marking everyone
    // first sees what the loop would see.
    let mut active = std::mem::take(&mut c.active);
    mark_active(c, day16, touched, gate, &mut active);
    // Sixty-four people at a time, their marks packed a bit each: the
    // processor mispredicts the end of the inner loop once per 64 people
    // instead of once per 8 (on a mailing day, most words of 8 hold some).
    for (sixty_four, marks) in active.chunks(64).enumerate() {
        let mut rest = pack_marks(marks);
        while rest != 0 {
            let i = sixty_four * 64 + rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let p = c.start + i as u32;

            // 3. Life events: a need starts or passes (the same in every arm).
            if c.need_change[i] == day16 {
                c.flags[i] = (c.flags[i] ^ flag::IN_NEED) & !flag::SERVED;
                let h = if c.has(i, flag::IN_NEED) {
                    w.need_hazards.pass
                } else {
                    w.need_hazards.arise
                };
                let gap = t.key.dice(p, Purpose::NeedChange).wait(h);
                c.need_change[i] = (day.saturating_add(gap)).min(u32::from(u16::MAX)) as u16;
            }

            // 4. The marketer's email, posts and group contributions.
            if let (Some(m), Some(e)) = (mailing, email) {
                // Under a budget, today's joiners wait for the next mailing:
                // the window was cut from the list as it stood this morning.
                let counted = allow == u32::MAX || c.fatigue_day[i] != day16;
                if c.has(i, flag::ON_LIST) && counted {
                    let in_window = allow == u32::MAX
                        || rank >= members
                        || (rank + members - offset) % members < u64::from(allow);
                    if in_window && sent < allow {
                        sent += 1;
                        e.deliver(c, i, t.key, day, m.inbox_share, b, &mut n);
                    }
                    rank += 1;
                }
            }
            if let Some(net) = posting {
                if c.has(i, flag::FOLLOWER) && net.show_post(c, i, t.key, b, &mut n) {
                    if let Some(e) = email {
                        e.sign_up(c, i, t.key, t.init, day, 0, &mut n);
                    }
                }
            }
            if let Some(g) = group {
                if c.has(i, flag::IN_GROUP) && g.contribute(c, i, t.key, t.group_contact, b, &mut n)
                {
                    if let Some(e) = email {
                        e.sign_up(c, i, t.key, t.init, day, 1, &mut n);
                    }
                }
            }

            // 5. A person in need who knows and trusts the brand turns to it,
            //    once per need (a later need may bring them back).
            //    The three conditions are combined as bits and tested once:
            //    each alone is a coin the processor cannot predict, all three
            //    rarely hold (`black_box` keeps the compiler from splitting
            //    the test into three branches again; the dice stay behind it).
            let aware = c.awareness[i] >= AWARE_LEVEL;
            let in_need = c.flags[i] & (flag::IN_NEED | flag::SERVED) == flag::IN_NEED;
            let ready = u8::from(aware) & u8::from(in_need) & u8::from(c.trust[i] >= b.ask_trust);
            if std::hint::black_box(ready) != 0
                && t.key
                    .dice(p, Purpose::NeedPurchase)
                    .chance(b.need_purchase_per_day * b.buying(c, i))
            {
                buy(c, i, Route::Need, b, &mut n);
            }

            // 6. Word of mouth, gated: only aware people who trust the brand
            //    tell, at most one friend a day; the friend hears tomorrow.
            let tells =
                u8::from(b.word_of_mouth) & u8::from(aware) & u8::from(c.trust[i] >= b.tell_trust);
            if std::hint::black_box(tells) != 0 {
                let mut dice = t.key.dice(p, Purpose::Tell);
                if dice.chance(b.tell_per_day * b.sharing(c, i)) {
                    if let Some(friend) = friends.pick(p, w.people, &mut dice) {
                        out.send(friend, Kind::Recommend);
                        n.shares += 1;
                    }
                }
            }
        }
    }

    // Put back (taking it out let the loop change the chunk; no allocation).
    c.active = active;

    // 7. Observation at the end of the day, then 8. overnight fading. A
    //    separate branch-free pass over the arrays, so it vectorises.
    observe(c, &mut n, b.awareness_retention);
    out.seal();
    n
}

/// Person `i` is shown the current piece of link bait: if it is new to them
/// they take it in, may sign up, and pass it to each friend with the
/// piece's chance (heavy sharers more).
fn take_bait(
    t: &Today,
    c: &mut Chunk,
    i: usize,
    friends: &Friends,
    out: &mut Outbox,
    n: &mut Counts,
) {
    let Some(bait) = t.arm.link_bait.as_ref() else {
        return;
    };
    let b = &t.world.behaviour;
    if !bait.take(c, i, b, n) {
        return;
    }
    if let Some(e) = t.arm.email.as_ref() {
        e.sign_up(c, i, t.key, t.init, t.day, 2, n);
    }
    let p = c.start + i as u32;
    let pass_on = (bait.cfg.pass_on * b.sharing(c, i)).min(1.0);
    let mut dice = t.key.dice(p, Purpose::BaitPass);
    friends.each_chosen(p, t.world.people, pass_on, &mut dice, |f| {
        out.send(f, Kind::Bait(t.piece));
        n.bait_shares += 1;
    });
}

/// An offended person complains to friends (heavy sharers to more).
fn complain(t: &Today, c: &Chunk, i: usize, friends: &Friends, out: &mut Outbox, n: &mut Counts) {
    let b = &t.world.behaviour;
    let p = c.start + i as u32;
    let tells = (f64::from(b.complaint_tells) * b.sharing(c, i)).round() as u32;
    let mut dice = t.key.dice(p, Purpose::Warning);
    for _ in 0..tells {
        if let Some(f) = friends.pick(p, t.world.people, &mut dice) {
            out.send(f, Kind::Warn);
            n.negative_shares += 1;
        }
    }
}

/// Sets `active[i]` to 1 for each person `i` with something to do today:
/// a need changes, the marketer reaches them (`touched` flags), or they
/// are aware and trust the brand at least `gate` (so they may buy or
/// tell); 0 for the others. Branch-free, a byte per person, so the
/// compiler turns it into vector compares.
fn mark_active(c: &Chunk, day16: u16, touched: Flags, gate: f32, active: &mut [u8]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { mark_active_avx2(c, day16, touched, gate, active) };
    }
    mark_active_body(c, day16, touched, gate, active);
}

/// `mark_active` compiled for AVX2: twice the people per instruction, the
/// same comparisons, so the same marks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mark_active_avx2(c: &Chunk, day16: u16, touched: Flags, gate: f32, active: &mut [u8]) {
    mark_active_body(c, day16, touched, gate, active);
}

#[inline(always)]
fn mark_active_body(c: &Chunk, day16: u16, touched: Flags, gate: f32, active: &mut [u8]) {
    let people = c
        .need_change
        .iter()
        .zip(&c.flags)
        .zip(&c.awareness)
        .zip(&c.trust);
    for ((((&d, &f), &a), &t), act) in people.zip(active.iter_mut()) {
        *act = u8::from((d == day16) | (f & touched != 0) | ((a >= AWARE_LEVEL) & (t >= gate)));
    }
}

/// Packs up to 64 marks (bytes holding 0 or 1, a multiple of eight of
/// them) into the bits of a word, the first mark in the lowest bit.
#[inline]
fn pack_marks(marks: &[u8]) -> u64 {
    // Multiplying eight 0-or-1 bytes by this constant moves byte k's bit
    // to bit 56 + k; every other product lands on its own bit below 56 or
    // past 63, so nothing carries into the top byte.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    marks
        .chunks_exact(8)
        .enumerate()
        .fold(0, |packed, (k, eight)| {
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            packed | (word.wrapping_mul(GATHER) >> 56) << (8 * k)
        })
}

/// People per block of the observation: a block's trust sum (each at most
/// 2^24 in fixed point) fits 32 bits, so the loop adds 32-bit lanes, and
/// its flag counts fit 16 bits.
const OBSERVE_BLOCK: usize = 128;

/// Adds the chunk's end-of-day levels to `n`, fades awareness overnight
/// and resets the attention count of words heard (in this pass rather than
/// a separate one in the morning: nothing reads it in between). Branch-free,
/// on 32-bit sums per block, so it vectorises.
fn observe(c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { observe_avx2(c, n, awareness_retention) };
    }
    observe_body(c, n, awareness_retention);
}

/// `observe` compiled for AVX2: the same integer sums and the same
/// multiplications (IEEE single precision, no fused operations), so the
/// same results, twice the people per instruction.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn observe_avx2(c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    observe_body(c, n, awareness_retention);
}

#[inline(always)]
fn observe_body(c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    // The bit `b` of `f` as 0 or 1 (`b` a single-bit flag: a constant shift).
    let bit = |f: Flags, b: Flags| (f >> b.trailing_zeros()) & 1;
    let blocks = c
        .flags
        .chunks(OBSERVE_BLOCK)
        .zip(c.trust.chunks(OBSERVE_BLOCK))
        .zip(c.awareness.chunks_mut(OBSERVE_BLOCK))
        .zip(c.heard.chunks_mut(OBSERVE_BLOCK));
    for (((flags, trust), awareness), heard) in blocks {
        heard.fill(0);
        // Two loops: the flag counts in 16-bit lanes (a block's counts fit),
        // twice the people per instruction of the 32-bit levels below.
        let (mut reached, mut customers, mut list) = (0u16, 0u16, 0u16);
        let (mut followers, mut in_need) = (0u16, 0u16);
        for &f in flags {
            reached += bit(f, flag::REACHED);
            customers += bit(f, flag::CUSTOMER);
            list += bit(f, flag::ON_LIST);
            followers += bit(f, flag::FOLLOWER);
            in_need += bit(f, flag::IN_NEED);
        }
        let (mut trust_sum, mut trust_reached, mut aware) = (0u32, 0u32, 0u32);
        for ((&f, &t), a) in flags.iter().zip(trust).zip(awareness.iter_mut()) {
            // At most 2^24 (trust is at most 1).
            let t = fixed(t) as u32;
            let r = u32::from(bit(f, flag::REACHED));
            trust_sum += t;
            trust_reached += t & 0u32.wrapping_sub(r);
            aware += u32::from(*a >= AWARE_LEVEL);
            *a *= awareness_retention;
        }
        n.trust_sum += u64::from(trust_sum);
        n.trust_reached_sum += u64::from(trust_reached);
        n.reached += u64::from(reached);
        n.customers += u64::from(customers);
        n.list_size += u64::from(list);
        n.followers += u64::from(followers);
        n.in_need += u64::from(in_need);
        n.aware += u64::from(aware);
    }
}

#[cfg(test)]
mod tests {
    use super::pack_marks;

    /// Every mark lands on its own bit, whatever the others hold.
    #[test]
    fn packed_marks_are_the_marks() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for len in [8usize, 16, 40, 64] {
            for _ in 0..500 {
                let marks: Vec<u8> = (0..len)
                    .map(|_| {
                        state = crate::rng::mix(state);
                        u8::from(state % 3 == 0)
                    })
                    .collect();
                let expected = marks
                    .iter()
                    .enumerate()
                    .fold(0u64, |m, (k, &b)| m | u64::from(b) << k);
                assert_eq!(pack_marks(&marks), expected, "{marks:?}");
            }
        }
        assert_eq!(pack_marks(&[1; 64]), u64::MAX);
        assert_eq!(pack_marks(&[0; 64]), 0);
    }
}
