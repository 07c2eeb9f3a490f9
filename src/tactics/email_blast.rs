//! `email-blast`: the same message to a bought list on a fixed cadence
//! (docs/MODEL.md, "Email blast"). Per-send chances are derived from the
//! published averages (`email_calibration`); fatigue (recent emails,
//! decaying) scales them by powers of the fatigue ratio, looked up in a
//! table so the per-send work is a few multiplications.

use super::email_calibration::{base_rates, BaseRates, Reference};
use crate::people::counts::Counts;
use crate::people::outbox::{Kind, Outbox};
use crate::people::purchase::{buy, Route};
use crate::people::state::{flag, Chunk, NEVER};
use crate::people::trust::TrustRules;
use crate::people::world::{retention, Behaviour};
use crate::rng::{DayKey, Purpose};
use crate::scenario::EmailBlastConfig;

#[derive(Clone, Debug)]
pub struct EmailBlast {
    pub cfg: EmailBlastConfig,
    pub fatigue_retention: f32,
    /// The chance that an address has died by the end of each age a run
    /// can reach (0 to its days): a joining address's death draw is
    /// compared with it once, giving the day its sends start to bounce.
    death: Vec<f64>,
    /// Complaint counts kept per day by mailbox providers (from the half-life).
    pub reputation_retention: f64,
    mean_initial_trust: f32,
    /// Per-person chances at the reference fatigue and the mean initial
    /// trust, such that a campaign averages the published rates.
    pub base: BaseRates,
    table: FatigueTable,
    /// The people the list is drawn from (everyone when `None`).
    pub audience: Option<std::ops::Range<u32>>,
}

/// Multipliers of the published rates as a function of fatigue.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FatigueEffect {
    pub open: f32,
    pub click: f32,
    pub unsubscribe: f32,
    pub complaint: f32,
    /// Fatigue ratio above 1 (0 at or below the reference cadence).
    pub excess: f32,
}

/// A send's fatigue and its effect, from the fatigue it meets and the day
/// that was last brought up to date, remembered for the last pair seen
/// on one day of one chunk: most of a list shares the pair (its members
/// joined together and are mailed together), so the nights' decay and the
/// table lookup run once for all of them instead of once a send. The same
/// inputs give the same numbers, so remembering changes no result.
#[derive(Clone, Copy, Debug, Default)]
pub struct FatigueMemo {
    /// The fatigue's bits, the day it was brought up to date and the day
    /// of the send the remembered result is for.
    key: Option<(u32, u16, u32)>,
    fatigue: f32,
    effect: FatigueEffect,
}

impl FatigueMemo {
    /// The result of `compute(fatigue, since)` for a send on `day`,
    /// computed only if these differ from the last ones.
    #[inline]
    fn get(
        &mut self,
        fatigue: f32,
        since: u16,
        day: u32,
        compute: impl FnOnce(f32, u16) -> (f32, FatigueEffect),
    ) -> (f32, FatigueEffect) {
        let key = Some((fatigue.to_bits(), since, day));
        if self.key != key {
            (self.fatigue, self.effect) = compute(fatigue, since);
            self.key = key;
        }
        (self.fatigue, self.effect)
    }
}

#[derive(Clone, Debug)]
struct FatigueTable {
    step: f32,
    rows: Vec<FatigueEffect>,
}

/// The chance that an address `age` days on the list has died by the end
/// of today.
fn death_threshold(log_survival: f64, age: u32) -> f64 {
    1.0 - (log_survival * (f64::from(age) + 1.0)).exp()
}

const TABLE_ROWS: usize = 1024;

impl EmailBlast {
    pub fn new(
        cfg: &EmailBlastConfig,
        reference: &Reference,
        audience: Option<std::ops::Range<u32>>,
        days: u32,
    ) -> Self {
        let log_survival = (1.0 - cfg.list_decay_per_month).ln() / 30.0;
        // A running maximum: the chance never falls with age, even where
        // `exp` rounds unevenly, so "dead by age a" is "a is at least the
        // first age whose chance exceeds the draw".
        let death = (0..=days)
            .scan(0.0f64, |most, age| {
                *most = most.max(death_threshold(log_survival, age));
                Some(*most)
            })
            .collect();
        let r = f64::from(retention(cfg.fatigue_half_life_days));
        // Fatigue just after a send, in the steady state of sending every
        // `reference_cadence_days`: 1 + r^P + r^2P + ... = 1 / (1 - r^P).
        let f_ref = 1.0 / (1.0 - r.powf(cfg.reference_cadence_days));
        // The most fatigue daily sending can build, plus a margin.
        let max = 1.0 / (1.0 - r) + 1.0;
        let step = max / (TABLE_ROWS - 1) as f64;
        let rows = (0..TABLE_ROWS)
            .map(|k| effect(cfg, (k as f64 * step).max(1e-9) / f_ref))
            .collect();
        EmailBlast {
            cfg: cfg.clone(),
            fatigue_retention: r as f32,
            death,
            reputation_retention: f64::from(retention(cfg.reputation_half_life_days)),
            mean_initial_trust: reference.mean_initial_trust as f32,
            base: base_rates(cfg, reference),
            table: FatigueTable {
                step: step as f32,
                rows,
            },
            audience,
        }
    }

    /// Whether the list is mailed on `day` (the first send is on day 0).
    pub fn sends_on(&self, day: u32) -> bool {
        day % self.cfg.cadence_days == 0
    }

    /// Person `i`'s address is on the list from `day` (0 for the list the
    /// run starts with). Its death is a daily hazard (a daily sender and a
    /// monthly one lose the same share of addresses a month) met by one
    /// draw per person and replicate: the address is dead from the first
    /// age whose chance exceeds the draw, found here once instead of at
    /// every send. Runs last at most 36,500 days, so a u16 holds the day
    /// (`NEVER`: not in this run).
    #[inline]
    pub fn join(&self, c: &mut Chunk, i: usize, init: DayKey, day: u32) {
        let u = init
            .dice(c.start + i as u32, Purpose::AddressDeath)
            .uniform();
        let age = self.death.partition_point(|&t| t <= u) as u32;
        c.flags[i] |= flag::ON_LIST;
        c.dies_day[i] = day.saturating_add(age).min(u32::from(NEVER)) as u16;
    }

    /// Person `i` joins the list during day `day`: today's mailing, if
    /// under a budget, does not count them yet.
    #[inline]
    fn join_today(&self, c: &mut Chunk, i: usize, init: DayKey, day: u32) {
        self.join(c, i, init, day);
        c.fatigue_day[i] = day as u16;
    }

    /// Buys `count` addresses of people drawn at random from the audience
    /// (an address already on the list, or of someone who left it, is
    /// money wasted, as with a real bought list).
    pub fn buy_addresses(&self, count: u64, people: u32, key: DayKey, out: &mut Outbox) {
        let among = self.audience.clone().unwrap_or(0..people);
        let mut dice = key.global(Purpose::AddressPick);
        for _ in 0..count {
            out.send(
                among.start + dice.below(among.end - among.start),
                Kind::Address,
            );
        }
    }

    /// A bought address joins the list.
    #[inline]
    pub fn add_address(&self, c: &mut Chunk, i: usize, init: DayKey, day: u32, n: &mut Counts) {
        if c.flags[i] & (flag::ON_LIST | flag::LEFT) == 0 {
            self.join_today(c, i, init, day);
            n.addresses_bought += 1;
        }
    }

    /// Someone who took in the arm's content may join the list (the `nth`
    /// visit of the day has its own dice).
    #[inline]
    #[allow(clippy::too_many_arguments)] // the day loop's context, passed flat to stay allocation-free
    pub fn sign_up(
        &self,
        c: &mut Chunk,
        i: usize,
        key: DayKey,
        init: DayKey,
        day: u32,
        nth: u32,
        n: &mut Counts,
    ) {
        if c.flags[i] & (flag::ON_LIST | flag::LEFT) == 0
            && key
                .dice_nth(c.start + i as u32, Purpose::SignUp, nth)
                .chance(self.cfg.signup_per_visit)
        {
            self.join_today(c, i, init, day);
            n.signups += 1;
        }
    }

    /// The fatigue multipliers at fatigue `f`, interpolated from the table.
    #[inline]
    pub fn effect_at(&self, f: f32) -> FatigueEffect {
        let x = (f / self.table.step).max(0.0);
        // Clamped before the cast (the same row): a cast to u32 is cheaper
        // than a saturating one to usize.
        let k = x.min((TABLE_ROWS - 2) as f32) as u32 as usize;
        let w = (x - k as f32).min(1.0);
        let (a, b) = (self.table.rows[k], self.table.rows[k + 1]);
        let lerp = |p: f32, q: f32| p + (q - p) * w;
        FatigueEffect {
            open: lerp(a.open, b.open),
            click: lerp(a.click, b.click),
            unsubscribe: lerp(a.unsubscribe, b.unsubscribe),
            complaint: lerp(a.complaint, b.complaint),
            excess: lerp(a.excess, b.excess),
        }
    }

    /// One send to person `i` of the chunk, who is on the list. A share
    /// `inbox_share` of deliveries reaches the inbox; the rest go unseen to
    /// the spam folder.
    #[inline]
    #[allow(clippy::too_many_arguments)] // the day loop's context, passed flat to stay allocation-free
    pub fn deliver(
        &self,
        c: &mut Chunk,
        i: usize,
        key: DayKey,
        day: u32,
        inbox_share: f64,
        b: &Behaviour,
        memo: &mut FatigueMemo,
        n: &mut Counts,
    ) {
        let p = c.start + i as u32;
        if day >= u32::from(c.dies_day[i]) {
            c.flags[i] = (c.flags[i] & !flag::ON_LIST) | flag::LEFT;
            n.bounces += 1;
            return;
        }
        n.delivered += 1;
        if inbox_share < 1.0 && !key.dice(p, Purpose::Inbox).chance(inbox_share) {
            n.spam_foldered += 1;
            return;
        }
        // This send's dice, drawn before the chances they meet are known:
        // they depend only on the person and the day, so the processor
        // works on them while the chances are computed (the same numbers).
        let open_die = key.dice(p, Purpose::EmailOpen).uniform();
        let complaint_die = key.dice(p, Purpose::EmailComplaint).uniform();
        let unsubscribe_die = key.dice(p, Purpose::EmailUnsubscribe).uniform();
        let cfg = &self.cfg;
        let base = &self.base;
        let rules: TrustRules = b.rules;
        let (fatigue, e) = memo.get(c.fatigue[i], c.fatigue_day[i], day, |mut fatigue, since| {
            // Fatigue fades overnight by `fatigue_retention`; it is read
            // only here, so the nights since it was last written are
            // applied now, one multiplication a night as if done nightly
            // (the same numbers) instead of in a pass over everyone.
            if fatigue != 0.0 {
                let r = self.fatigue_retention;
                for _ in u32::from(since)..day {
                    fatigue *= r;
                }
            }
            fatigue += 1.0;
            (fatigue, self.effect_at(fatigue))
        });
        c.fatigue[i] = fatigue;
        c.fatigue_day[i] = day as u16;
        let trust = c.trust[i];
        // Published rates hold at the population's initial trust; more trust
        // means more opens and fewer departures, less trust the reverse.
        let liking = if self.mean_initial_trust > 0.0 {
            trust / self.mean_initial_trust
        } else {
            1.0
        };
        let dislike = (1.0 - trust) / (1.0 - self.mean_initial_trust).max(1e-6);
        let chance = |purpose, p_: f32| key.dice(p, purpose).chance(f64::from(p_));
        let lands = b.email_lands(c, i);
        if open_die < f64::from(base.open as f32 * e.open * liking * lands) {
            n.opens += 1;
            c.take_in(i, cfg.open_awareness as f32);
            let opened = c.opens[i].saturating_add(1);
            c.opens[i] = opened;
            let gain = cfg.open_trust_gain as f32;
            if u32::from(opened) <= cfg.helpful_opens {
                rules.good(&mut c.trust[i], gain);
            } else if u32::from(opened) > cfg.wear_out_opens {
                rules.bad(&mut c.trust[i], cfg.wear_out_trust_loss as f32);
            }
            let click = base.click_per_open as f32 * e.click;
            if chance(Purpose::EmailClick, click) {
                n.clicks += 1;
                let buys = cfg.purchase_per_click * b.buying(c, i);
                if c.may_buy(i) && key.dice(p, Purpose::EmailPurchase).chance(buys) {
                    buy(c, i, Route::Email, b, n);
                }
            }
        }
        if e.excess > 0.0 {
            rules.bad(&mut c.trust[i], cfg.annoyance as f32 * e.excess);
        }
        // Whoever complains or unsubscribes has seen the email in their
        // inbox: they took in the brand's message (reach), opened or not,
        // though leaving adds no awareness.
        let leave =
            |c: &mut Chunk| c.flags[i] = (c.flags[i] & !flag::ON_LIST) | flag::LEFT | flag::REACHED;
        if complaint_die < f64::from(base.complaint as f32 * e.complaint * dislike) {
            n.complaints += 1;
            leave(c);
        } else if unsubscribe_die < f64::from(base.unsubscribe as f32 * e.unsubscribe * dislike) {
            n.unsubscribes += 1;
            leave(c);
        }
    }
}

/// The multipliers at fatigue ratio `x` (fatigue over its reference value).
pub(crate) fn effect(cfg: &EmailBlastConfig, x: f64) -> FatigueEffect {
    FatigueEffect {
        open: x.powf(-cfg.open_fatigue_elasticity).min(1e6) as f32,
        click: x.powf(-cfg.click_fatigue_elasticity).min(1e6) as f32,
        unsubscribe: x.powf(cfg.unsubscribe_fatigue_elasticity) as f32,
        complaint: x.powf(cfg.complaint_fatigue_elasticity) as f32,
        excess: (x - 1.0).max(0.0) as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembering a send's fatigue changes nothing: a day of sends with
    /// one memo for the chunk leaves every person and every tally as sends
    /// with a fresh memo each do, over a month of mixed histories (people
    /// joining on different days, mailed on different days).
    #[test]
    fn remembered_fatigue_is_the_computed_one() {
        let s = crate::scenario::from_str(crate::scenario::DEFAULT_SCENARIO).unwrap();
        let cfg = s.arms.iter().find_map(|a| a.email_blast.clone()).unwrap();
        let e = EmailBlast::new(&cfg, &Reference::of(&s), None, 60);
        let b = Behaviour::new(&s.behaviour, &s.population);
        let people = 3_000;
        let (mut shared, mut fresh) = (Chunk::with_len(0, people), Chunk::with_len(0, people));
        let (mut n_shared, mut n_fresh) = (Counts::default(), Counts::default());
        let init = DayKey::initial(5, 0);
        for day in 0..30u32 {
            let key = DayKey::new(5, 0, day);
            let mut memo = FatigueMemo::default();
            for i in 0..people {
                // A third join on day 0, the others later, on their own day.
                if day == (i as u32 % 3) * (i as u32 % 11) {
                    for c in [&mut shared, &mut fresh] {
                        e.join(c, i, init, day);
                        c.trust[i] = 0.3;
                    }
                }
                // Mailed on days that differ from person to person.
                if shared.has(i, flag::ON_LIST) && (day + i as u32) % (1 + i as u32 % 4) == 0 {
                    e.deliver(&mut shared, i, key, day, 1.0, &b, &mut memo, &mut n_shared);
                    let mut own = FatigueMemo::default();
                    e.deliver(&mut fresh, i, key, day, 1.0, &b, &mut own, &mut n_fresh);
                }
            }
        }
        assert!(n_shared.delivered > 10_000, "{n_shared:?}");
        assert_eq!(n_shared, n_fresh);
        let bits = |c: &Chunk| -> Vec<u32> {
            c.fatigue
                .iter()
                .chain(&c.trust)
                .chain(&c.awareness)
                .map(|x| x.to_bits())
                .collect()
        };
        assert_eq!(bits(&shared), bits(&fresh));
        assert_eq!(shared.flags, fresh.flags);
        assert_eq!(shared.fatigue_day, fresh.fatigue_day);
    }

    /// The death day found once at joining reproduces the daily hazard:
    /// the share of addresses dead by each age is the chance of dying by
    /// then, `1 - (1 - h)^(age + 1)`, within sampling error, and an
    /// address joining later dies as many days later.
    #[test]
    fn death_days_follow_the_daily_hazard() {
        let s = crate::scenario::from_str(crate::scenario::DEFAULT_SCENARIO).unwrap();
        let mut cfg = s.arms.iter().find_map(|a| a.email_blast.clone()).unwrap();
        cfg.list_decay_per_month = 0.2;
        let days = 365;
        let e = EmailBlast::new(&cfg, &Reference::of(&s), None, days);
        let people = 40_000;
        let mut c = Chunk::with_len(0, people);
        let mut later = Chunk::with_len(0, people);
        let init = DayKey::initial(11, 0);
        for i in 0..people {
            e.join(&mut c, i, init, 0);
            e.join(&mut later, i, init, 30);
            let (d0, d30) = (u32::from(c.dies_day[i]), u32::from(later.dies_day[i]));
            assert!(d0 == u32::from(NEVER) || d30 == d0 + 30, "{d0} then {d30}");
        }
        let h = 1.0 - (1.0f64 - 0.2).powf(1.0 / 30.0);
        for age in [0u32, 10, 60, 200, 364] {
            let dead = c.dies_day.iter().filter(|&&d| u32::from(d) <= age).count();
            let share = dead as f64 / people as f64;
            let expected = 1.0 - (1.0 - h).powi(age as i32 + 1);
            let sd = (expected * (1.0 - expected) / people as f64).sqrt();
            assert!(
                (share - expected).abs() < 5.0 * sd + 1e-9,
                "age {age}: {share} dead, expected {expected} (sd {sd})"
            );
        }
    }
}
