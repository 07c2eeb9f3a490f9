//! One day for one chunk of people in one arm: the heart of the simulator.
//! No allocation, lock, IO or dynamic dispatch happens here. The order of
//! events within the day is the one in docs/MODEL.md, "Process overview".

use crate::people::counts::{fixed, Counts};
use crate::people::outbox::{Kind, Outbox, Routes};
use crate::people::purchase::{buy, Route};
use crate::people::state::{flag, Chunk, Flags, AWARE_LEVEL};
use crate::people::world::{Friends, World};
use crate::rng::{DayKey, Purpose};
use crate::tactics::email_blast::FatigueMemo;
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
/// (every chunk's outbox) as `routes` hand them over (in chunk order) and
/// today's placed ads and bait,
/// then each person's day; writes the words sent today into `out` and
/// returns the chunk's tallies.
pub fn step_chunk(
    t: &Today,
    ci: usize,
    c: &mut Chunk,
    out: &mut Outbox,
    inbox: &[Outbox],
    routes: &Routes,
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
    for word in routes.for_chunk(ci, inbox) {
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
    let mut memo = FatigueMemo::default();
    // Most people have nothing happen on most days. One branch-free pass
    // marks who has (a bit per person), then the loop visits only them.
    // Visiting a person changes only that person, so marking everyone
    // first sees what the loop would see.
    let mut active = std::mem::take(&mut c.active);
    mark_active(c, day16, touched, gate, &mut active);
    // Sixty-four people at a time, their marks a bit each: the processor
    // mispredicts the end of the inner loop once per 64 people (on a
    // mailing day, most small groups of people hold someone marked).
    for (sixty_four, &marks) in active.iter().enumerate() {
        let mut rest = marks;
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
                        e.deliver(c, i, t.key, day, m.inbox_share, b, &mut memo, &mut n);
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

/// Sets the bit of `active` of each person with something to do today: a
/// need changes, the marketer reaches them (`touched` flags), or they are
/// aware and trust the brand at least `gate` (so they may buy or tell);
/// clears the others'. Branch-free.
fn mark_active(c: &Chunk, day16: u16, touched: Flags, gate: f32, active: &mut [u64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { mark_active_avx2(c, day16, touched, gate, active) };
    }
    mark_active_from(0, c, day16, touched, gate, active);
}

/// Whether person `i` has something to do today (see `mark_active`).
#[inline(always)]
fn is_active(c: &Chunk, i: usize, day16: u16, touched: Flags, gate: f32) -> bool {
    (c.need_change[i] == day16)
        | (c.flags[i] & touched != 0)
        | ((c.awareness[i] >= AWARE_LEVEL) & (c.trust[i] >= gate))
}

/// `mark_active` for the people from `from` on (a multiple of 64), a
/// person at a time.
fn mark_active_from(
    from: usize,
    c: &Chunk,
    day16: u16,
    touched: Flags,
    gate: f32,
    active: &mut [u64],
) {
    for i in from..c.len() {
        let (word, bit) = (&mut active[i / 64], i % 64);
        *word = *word & !(1 << bit) | u64::from(is_active(c, i, day16, touched, gate)) << bit;
    }
    // Nobody past the last person (the day loop visits every bit set).
    if c.len() % 64 != 0 {
        active[c.len() / 64] &= !(!0u64 << (c.len() % 64));
    }
}

/// `mark_active` in AVX2 vectors, a word of 64 people a step: their days
/// and flags compared as 16-bit lanes, their awareness and trust as
/// vectors of eight, the results narrowed to a byte a person and gathered
/// a bit each. The same comparisons, so the same marks; a test compares.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn mark_active_avx2(c: &Chunk, day16: u16, touched: Flags, gate: f32, active: &mut [u64]) {
    use std::arch::x86_64::*;
    let whole = c.len() / 64 * 64;
    let (need_change, flags) = (&c.need_change[..whole], &c.flags[..whole]);
    let (awareness, trust) = (&c.awareness[..whole], &c.trust[..whole]);
    let today = _mm256_set1_epi16(day16 as i16);
    let touched_lanes = _mm256_set1_epi16(touched as i16);
    let (level, gate_lanes) = (_mm256_set1_ps(AWARE_LEVEL), _mm256_set1_ps(gate));
    let zero = _mm256_setzero_si256();
    let ones = _mm256_cmpeq_epi16(zero, zero);
    // All ones in the 16-bit lane of each of the sixteen people from `at`
    // with something to do.
    let sixteen = |at: usize| {
        // SAFETY: `at + 16 <= whole`, the length of all four slices.
        let (d, f, a, t, a8, t8) = unsafe {
            (
                _mm256_loadu_si256(need_change.as_ptr().add(at).cast()),
                _mm256_loadu_si256(flags.as_ptr().add(at).cast()),
                _mm256_loadu_ps(awareness.as_ptr().add(at)),
                _mm256_loadu_ps(trust.as_ptr().add(at)),
                _mm256_loadu_ps(awareness.as_ptr().add(at + 8)),
                _mm256_loadu_ps(trust.as_ptr().add(at + 8)),
            )
        };
        let untouched = _mm256_cmpeq_epi16(_mm256_and_si256(f, touched_lanes), zero);
        let events = _mm256_or_si256(
            _mm256_cmpeq_epi16(d, today),
            _mm256_andnot_si256(untouched, ones),
        );
        // Aware and trusting, in 32-bit lanes.
        let ready = |a, t| {
            _mm256_castps_si256(_mm256_and_ps(
                _mm256_cmp_ps::<_CMP_GE_OQ>(a, level),
                _mm256_cmp_ps::<_CMP_GE_OQ>(t, gate_lanes),
            ))
        };
        // Narrowing packs each 128-bit half on its own: the permutation
        // puts the quarters back in the people's order.
        let ready = _mm256_permute4x64_epi64::<0b11_01_10_00>(_mm256_packs_epi32(
            ready(a, t),
            ready(a8, t8),
        ));
        _mm256_or_si256(events, ready)
    };
    // Thirty-two people's marks as 32 bits, narrowed to bytes the same way.
    let thirty_two = |at: usize| {
        let bytes = _mm256_packs_epi16(sixteen(at), sixteen(at + 16));
        let bytes = _mm256_permute4x64_epi64::<0b11_01_10_00>(bytes);
        u64::from(_mm256_movemask_epi8(bytes) as u32)
    };
    for (w, word) in active[..whole / 64].iter_mut().enumerate() {
        *word = thirty_two(w * 64) | thirty_two(w * 64 + 32) << 32;
    }
    mark_active_from(whole, c, day16, touched, gate, active);
}

/// People per block of the observation: a block's trust sum (each at most
/// 2^24 in fixed point) fits 32 bits, so the loop adds 32-bit lanes, and
/// its flag counts fit 16 bits.
const OBSERVE_BLOCK: usize = 128;

/// Adds the chunk's end-of-day levels to `n`, fades awareness overnight
/// and resets the attention count of words heard (in this pass rather than
/// a separate one in the morning: nothing reads it in between). Branch-free,
/// on 16- and 32-bit sums per block, so it vectorises.
fn observe(c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, checked just above.
        return unsafe { observe_avx2(c, n, awareness_retention) };
    }
    observe_from(0, c, n, awareness_retention);
}

/// `observe` in AVX2 vectors, written out. Compiled for AVX2,
/// `observe_from` spent about as many instructions summing across lanes at
/// the end of each block of 128 people as on the people; here the lanes
/// are summed every 2,032 people, and the flag counts and the levels are
/// two loops, so that their sums stay in registers. The same integer sums
/// (in any order the same) and the same multiplications (IEEE single
/// precision, no fused operations), so the same results; a test compares.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn observe_avx2(c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    use std::arch::x86_64::*;
    /// Rows between spills of the lane sums into `n`: a 32-bit lane takes
    /// two trusts a row (each at most 2^24), a 16-bit lane one flag bit's
    /// value (at most 2^5) a row, so 127 rows fit both.
    const ROWS: usize = 127;
    let whole = c.len() / 16 * 16;
    let (flags, trust) = (&c.flags[..whole], &c.trust[..whole]);
    let (awareness, heard) = (&mut c.awareness[..whole], &mut c.heard[..whole]);
    // The counted flags, in the order their counts are added to `n` below.
    let bits = [
        flag::REACHED,
        flag::CUSTOMER,
        flag::ON_LIST,
        flag::FOLLOWER,
        flag::IN_NEED,
    ];
    let masks = bits.map(|b| _mm256_set1_epi16(b as i16));
    let scale = _mm256_set1_ps(crate::people::counts::FIXED_SCALE);
    let level = _mm256_set1_ps(AWARE_LEVEL);
    let retention = _mm256_set1_ps(awareness_retention);
    let one = _mm256_set1_epi32(1);
    let zero = _mm256_setzero_si256();
    let mut row = 0;
    while row < whole {
        let mut counts = [zero; 5];
        let (mut sum, mut sum_reached, mut aware) = (zero, zero, zero);
        let end = (row + ROWS * 16).min(whole);
        // Two loops over the rows, the flag counts and then the levels:
        // together their sums and constants need more vector registers
        // than the processor has.
        for at in (row..end).step_by(16) {
            // SAFETY: `at + 16 <= whole`, the length of all four slices.
            let f = unsafe {
                _mm_storeu_si128(heard.as_mut_ptr().add(at).cast(), _mm_setzero_si128());
                _mm256_loadu_si256(flags.as_ptr().add(at).cast())
            };
            for (count, mask) in counts.iter_mut().zip(masks) {
                *count = _mm256_add_epi16(*count, _mm256_and_si256(f, mask));
            }
        }
        for at in (row..end).step_by(8) {
            // SAFETY: `at + 8 <= whole`, as above.
            let (f, t, a) = unsafe {
                (
                    _mm256_cvtepu16_epi32(_mm_loadu_si128(flags.as_ptr().add(at).cast())),
                    _mm256_loadu_ps(trust.as_ptr().add(at)),
                    _mm256_loadu_ps(awareness.as_ptr().add(at)),
                )
            };
            let t = _mm256_cvttps_epi32(_mm256_mul_ps(t, scale));
            sum = _mm256_add_epi32(sum, t);
            let reached = _mm256_sub_epi32(zero, _mm256_and_si256(f, one));
            sum_reached = _mm256_add_epi32(sum_reached, _mm256_and_si256(t, reached));
            let is_aware = _mm256_castps_si256(_mm256_cmp_ps::<_CMP_GE_OQ>(a, level));
            aware = _mm256_sub_epi32(aware, is_aware);
            // SAFETY: as above.
            unsafe {
                _mm256_storeu_ps(awareness.as_mut_ptr().add(at), _mm256_mul_ps(a, retention))
            };
        }
        row = end;
        let lanes16 = |v: __m256i| -> u64 {
            let mut x = [0u16; 16];
            // SAFETY: `x` holds 32 bytes.
            unsafe { _mm256_storeu_si256(x.as_mut_ptr().cast(), v) };
            x.iter().map(|&x| u64::from(x)).sum()
        };
        let lanes32 = |v: __m256i| -> u64 {
            let mut x = [0u32; 8];
            // SAFETY: `x` holds 32 bytes.
            unsafe { _mm256_storeu_si256(x.as_mut_ptr().cast(), v) };
            x.iter().map(|&x| u64::from(x)).sum()
        };
        // Each sum of `f & bit` over the bit's value is the bit's count.
        let [reached, customers, list, followers, in_need]: [u64; 5] =
            std::array::from_fn(|k| lanes16(counts[k]) >> bits[k].trailing_zeros());
        n.reached += reached;
        n.customers += customers;
        n.list_size += list;
        n.followers += followers;
        n.in_need += in_need;
        n.trust_sum += lanes32(sum);
        n.trust_reached_sum += lanes32(sum_reached);
        n.aware += lanes32(aware);
    }
    // The last few people (fewer than sixteen), as without AVX2.
    observe_from(whole, c, n, awareness_retention);
}

/// `observe` for the people from `from` on, in blocks whose sums the
/// compiler vectorises for any processor.
fn observe_from(from: usize, c: &mut Chunk, n: &mut Counts, awareness_retention: f32) {
    // The bit `b` of `f` as 0 or 1 (`b` a single-bit flag: a constant shift).
    let bit = |f: Flags, b: Flags| (f >> b.trailing_zeros()) & 1;
    let blocks = c.flags[from..]
        .chunks(OBSERVE_BLOCK)
        .zip(c.trust[from..].chunks(OBSERVE_BLOCK))
        .zip(c.awareness[from..].chunks_mut(OBSERVE_BLOCK))
        .zip(c.heard[from..].chunks_mut(OBSERVE_BLOCK));
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
    use crate::people::counts::Counts;
    use crate::people::state::{flag, Chunk, CHUNK};

    /// A stream of test numbers from `seed`, if the processor has AVX2 (the
    /// vector code's tests compare it with the portable code).
    #[cfg(target_arch = "x86_64")]
    fn avx2_draws(seed: u64) -> Option<impl FnMut() -> u64> {
        let mut state = seed;
        std::arch::is_x86_feature_detected!("avx2").then_some(move || {
            state = crate::rng::mix(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
            state
        })
    }

    /// The AVX2 observation and the portable one agree on every sum and
    /// every faded awareness, bit for bit: on random people, chunk lengths
    /// that leave any remainder past the last full vector, and the largest
    /// sums a chunk can hold (everyone fully trusting, every flag set).
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn vector_observation_is_the_portable_one() {
        let Some(mut draw) = avx2_draws(0x2545_f491_4f6c_dd1d) else {
            return;
        };
        for len in [0usize, 5, 16, 17, 255, 2032, 2033, 4097, CHUNK] {
            for extreme in [false, true] {
                let mut c = Chunk::with_len(0, len);
                for i in 0..len {
                    let (f, t, a) = (draw(), draw(), draw());
                    c.flags[i] = if extreme { u16::MAX } else { f as u16 };
                    c.trust[i] = if extreme {
                        1.0
                    } else {
                        (t >> 40) as f32 / (1u64 << 24) as f32
                    };
                    c.awareness[i] = (a >> 40) as f32 / (1u64 << 24) as f32;
                    c.heard[i] = 3;
                }
                let mut portable = c.clone();
                let (mut n, mut m) = (Counts::default(), Counts::default());
                // SAFETY: the processor has AVX2, checked above.
                unsafe { super::observe_avx2(&mut c, &mut n, 0.97) };
                super::observe_from(0, &mut portable, &mut m, 0.97);
                assert_eq!(n, m, "length {len}");
                assert!(n.reached == len as u64 || !extreme);
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(
                    bits(&c.awareness),
                    bits(&portable.awareness),
                    "length {len}"
                );
                assert!(c.heard.iter().chain(&portable.heard).all(|&h| h == 0));
            }
        }
    }

    /// The AVX2 marks and the portable ones agree bit for bit, whatever
    /// the words held before, on chunk lengths that leave any remainder.
    #[test]
    #[cfg(target_arch = "x86_64")]
    fn vector_marks_are_the_portable_ones() {
        let Some(mut draw) = avx2_draws(0x9e37_79b9_7f4a_7c15) else {
            return;
        };
        for len in [0usize, 7, 16, 40, 64, 65, 1000, CHUNK] {
            let mut c = Chunk::with_len(0, len);
            for i in 0..len {
                let (x, y) = (draw(), draw());
                c.need_change[i] = (x % 4) as u16;
                c.flags[i] = (x >> 8) as u16 & (flag::ON_LIST | flag::CUSTOMER | flag::IN_NEED);
                c.awareness[i] = (y % 5) as f32 / 8.0;
                c.trust[i] = ((y >> 8) % 7) as f32 / 6.0;
            }
            for touched in [0, flag::ON_LIST] {
                let before: Vec<u64> = (0..c.active.len()).map(|_| draw()).collect();
                let (mut vector, mut portable) = (before.clone(), before);
                // SAFETY: the processor has AVX2, checked above.
                unsafe { super::mark_active_avx2(&c, 2, touched, 0.5, &mut vector) };
                super::mark_active_from(0, &c, 2, touched, 0.5, &mut portable);
                assert_eq!(vector, portable, "length {len}");
                // Every person's bit is theirs, and past the last person
                // no bit is set, whatever was there before.
                for i in 0..vector.len() * 64 {
                    let marked = vector[i / 64] >> (i % 64) & 1 == 1;
                    let expected = i < len && super::is_active(&c, i, 2, touched, 0.5);
                    assert_eq!(marked, expected, "length {len}, person {i}");
                }
            }
        }
    }
}
