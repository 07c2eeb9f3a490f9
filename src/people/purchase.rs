//! A sale: the one place that decides whether it is a first purchase or a
//! repeat, which route a first purchase is counted under, and what buying
//! does to trust (docs/MODEL.md, "Purchases").

use super::counts::Counts;
use super::state::{flag, Chunk};
use super::world::Behaviour;

/// What led to a purchase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Email,
    Conversation,
    /// A person in need turned to the brand they know and trust; counted as
    /// a referral when a friend had told them about it.
    Need,
    Ad,
}

/// Person `i` buys (the caller has checked `Chunk::may_buy`).
#[inline]
pub fn buy(c: &mut Chunk, i: usize, route: Route, b: &Behaviour, n: &mut Counts) {
    let referred = c.has(i, flag::REFERRED);
    if c.has(i, flag::CUSTOMER) {
        n.repeat_purchases += 1;
    } else {
        c.flags[i] |= flag::CUSTOMER;
        match route {
            Route::Email => n.conv_email += 1,
            Route::Conversation => n.conv_conversation += 1,
            Route::Need if referred => n.conv_referral += 1,
            Route::Need => n.conv_need += 1,
            Route::Ad => n.conv_ad += 1,
        }
    }
    if c.has(i, flag::IN_NEED) {
        c.flags[i] |= flag::SERVED;
    }
    n.purchases += 1;
    n.referred_purchases += u64::from(referred);
    b.rules.good(&mut c.trust[i], b.customer_trust_gain);
}
