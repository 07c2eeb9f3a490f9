//! One arm through the days of one replicate, a day per `step`: initial
//! state, then each day the marketer's conversations followed by every
//! chunk in parallel. `stream` steps every arm of a group of replicates.

use super::day::{step_chunk, Mailing, Today};
use crate::metrics::DayMetrics;
use crate::people::counts::{Counts, Totals};
use crate::people::outbox::{Outbox, Routes};
use crate::people::state::{chunk_count, flag, trait_bit, Chunk, CHUNK};
use crate::people::world::World;
use crate::rng::{DayKey, Purpose};
use crate::tactics::{ArmPlan, Marketer};
use rayon::prelude::*;

/// One arm in progress: its people, the words in transit and the
/// marketer's memory. Stepping it a day at a time lets tests and watches
/// look at individual people between days.
#[derive(Clone)]
pub struct ArmRun<'a> {
    world: &'a World,
    arm: &'a ArmPlan,
    init: DayKey,
    day: u32,
    chunks: Vec<Chunk>,
    yesterday: Vec<Outbox>,
    /// Yesterday's words by destination chunk.
    routes: Routes,
    today: Vec<Outbox>,
    /// Ads and seeded bait placed today.
    placed: Outbox,
    tallies: Vec<Counts>,
    marketer: Marketer,
    totals: Totals,
    wallets: Wallets,
    /// List members per chunk at the start of the day.
    members: Vec<u64>,
    /// Sends per chunk the budget allows today.
    allow: Vec<u32>,
    /// Budgeted sends made so far per chunk (where the next window starts).
    rotation: Vec<u64>,
    /// Complaints and deliveries as mailbox providers remember them.
    reputation: (f64, f64),
    /// Pieces of link bait published so far.
    pieces: u16,
}

/// Unspent budget per tactic: each day adds a tactic's share, its actions
/// take their cost out, and what is left carries over.
#[derive(Clone, Copy, Debug, Default)]
struct Wallets {
    email: f64,
    networking: f64,
    ads: f64,
    bait: f64,
    community: f64,
}

impl<'a> ArmRun<'a> {
    pub fn new(world: &'a World, arm: &'a ArmPlan) -> Self {
        let init = DayKey::initial(world.seed, world.replicate);
        let n = chunk_count(world.people);
        let yesterday: Vec<Outbox> = (0..n).map(|_| Outbox::new(n)).collect();
        let chunks = initial_state(world, arm, init);
        let members = chunks
            .iter()
            .map(|c| c.flags.iter().filter(|&&f| f & flag::ON_LIST != 0).count() as u64)
            .collect();
        ArmRun {
            world,
            arm,
            init,
            day: 0,
            chunks,
            today: yesterday.clone(),
            yesterday,
            routes: Routes::new(n),
            placed: Outbox::new(n),
            tallies: vec![Counts::default(); n],
            marketer: Marketer::default(),
            totals: Totals::default(),
            wallets: Wallets::default(),
            members,
            allow: vec![u32::MAX; n],
            rotation: vec![0; n],
            reputation: (0.0, 0.0),
            pieces: 0,
        }
    }

    /// The people's state, chunk by chunk.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// The sender's complaint rate as mailbox providers see it.
    fn complaint_rate(&self) -> f64 {
        let (complaints, delivered) = self.reputation;
        if delivered > 0.0 {
            complaints / delivered
        } else {
            0.0
        }
    }

    /// Simulates the next day and returns what was observed at its end.
    pub fn step(&mut self) -> DayMetrics {
        let (w, arm, day) = (self.world, self.arm, self.day);
        let key = DayKey::new(w.seed, w.replicate, day);
        let money = arm.money;
        let rate = money.hourly_rate;
        let budget = money.budget;
        let mut total = Counts::default();
        // Hours and money committed before anyone is reached; per-action
        // costs known only afterwards are added below.
        let mut cost = 0.0;
        // Before the arm's or a tactic's start day, and after the stop day,
        // the marketer does nothing and spends nothing; no budget accrues.
        let active = day >= arm.start_day && (arm.stop_day == 0 || day < arm.stop_day);
        let on = |start_day: u32| active && day >= start_day;
        let email = arm.email.as_ref().filter(|e| on(e.cfg.start_day));
        let networking = arm.networking.as_ref().filter(|n| on(n.cfg.start_day));
        let social_ads = arm.social_ads.as_ref().filter(|a| on(a.cfg.start_day));
        let link_bait = arm.link_bait.as_ref().filter(|b| on(b.cfg.start_day));
        let community = arm.community.as_ref().filter(|g| on(g.cfg.start_day));
        self.placed.clear();
        if let Some(split) = budget {
            let wl = &mut self.wallets;
            let add = |present: bool, wallet: &mut f64, share: f64| {
                if present {
                    *wallet += share;
                }
            };
            add(email.is_some(), &mut wl.email, split.email_blast);
            add(networking.is_some(), &mut wl.networking, split.networking);
            add(social_ads.is_some(), &mut wl.ads, split.social_ads);
            add(link_bait.is_some(), &mut wl.bait, split.link_bait);
            add(community.is_some(), &mut wl.community, split.community);
        }
        // Pays `price` from `wallet` if there is no budget or it can.
        fn afford(budget: bool, wallet: &mut f64, price: f64) -> bool {
            if !budget {
                return true;
            }
            if *wallet >= price {
                *wallet -= price;
                true
            } else {
                false
            }
        }
        let budgeted = budget.is_some();

        // The mailing: on cadence days, to as much of the list as it buys.
        let mut mailing = false;
        let mut reserved = 0;
        if let Some(e) = email {
            let fixed = e.cfg.hours_per_send * rate;
            if e.sends_on(day) && afford(budgeted, &mut self.wallets.email, fixed) {
                mailing = true;
                cost += fixed;
                if budgeted {
                    let list: u64 = self.members.iter().sum();
                    let per = e.cfg.cost_per_email;
                    reserved = ((self.wallets.email / per).floor() as u64).min(list);
                    self.wallets.email -= reserved as f64 * per;
                    apportion(reserved, &self.members, &mut self.allow);
                } else {
                    self.allow.iter_mut().for_each(|a| *a = u32::MAX);
                }
            }
            if budgeted && mailing {
                // What the mailing leaves buys addresses: the list grows
                // as far as the budget goes. Only on mailing days, so the
                // money for the next mailing can build up in between.
                let each = e.cfg.cost_per_address;
                // At most the audience a day: more would only buy duplicates.
                let audience = e.audience.as_ref().map_or(w.people, |a| a.end - a.start);
                let bought = ((self.wallets.email / each).floor() as u64).min(u64::from(audience));
                self.wallets.email -= bought as f64 * each;
                cost += bought as f64 * each;
                e.buy_addresses(bought, w.people, key, &mut self.placed);
            }
        }

        let mut post = false;
        if let Some(net) = networking {
            let post_cost = net.cfg.hours_per_post * rate;
            if net.posts_on(day) && afford(budgeted, &mut self.wallets.networking, post_cost) {
                post = true;
                cost += post_cost;
            }
            let each = net.cfg.hours_per_conversation * rate;
            let conversations = if budgeted {
                // One marketer's day has 24 hours, whatever the money buys.
                let day_limit = 24.0 / net.cfg.hours_per_conversation;
                let k = (self.wallets.networking / each)
                    .floor()
                    .min(day_limit.floor())
                    .min(f64::from(u32::MAX));
                k as u32
            } else {
                net.cfg.conversations_per_day
            };
            let before = total.conversations;
            net.converse(
                conversations,
                &mut self.marketer,
                &mut self.chunks,
                &w.networks[arm.network],
                w.people,
                key,
                &w.behaviour,
                &mut total,
            );
            let held = (total.conversations - before) as f64 * each;
            cost += held;
            if budgeted {
                self.wallets.networking -= held;
            }
        }

        if let Some(ads) = social_ads {
            let each = ads.cfg.cost_per_impression;
            let count = if budgeted {
                // At most ten ads per person in the audience a day.
                let most = 10 * u64::from(ads.audience.end - ads.audience.start);
                let k = ((self.wallets.ads / each).floor() as u64).min(most);
                self.wallets.ads -= k as f64 * each;
                k
            } else {
                ads.impressions(key)
            };
            cost += count as f64 * each;
            ads.place(count, key, &self.chunks, &mut self.placed);
        }
        let mut new_piece = false;
        if let Some(bait) = link_bait {
            let piece = bait.cfg.hours_per_piece * rate;
            let due = if budgeted {
                true
            } else {
                bait.publishes_on(day)
            };
            if due && afford(budgeted, &mut self.wallets.bait, piece) {
                new_piece = true;
                cost += piece;
                self.pieces = self.pieces.wrapping_add(1);
                bait.seed(self.pieces, w.people, key, &mut self.placed);
            }
        }
        self.placed.seal();
        let mut group_contact = 0.0;
        if let Some(g) = community {
            let hours = if budgeted && rate > 0.0 {
                let h = (self.wallets.community / rate).min(24.0);
                self.wallets.community -= h * rate;
                h
            } else {
                g.cfg.hours_per_day
            };
            cost += hours * rate;
            group_contact = g.contact_chance(hours);
        }

        let inbox_share = match &arm.email {
            Some(e) if self.complaint_rate() > e.cfg.complaint_threshold => e.cfg.spam_inbox_share,
            _ => 1.0,
        };
        let t = Today {
            day,
            key,
            init: self.init,
            world: w,
            arm,
            mailing: mailing.then_some(Mailing {
                inbox_share,
                allow: &self.allow,
                members: &self.members,
                rotation: &self.rotation,
            }),
            post,
            placed: &self.placed,
            new_piece,
            piece: self.pieces,
            group_contact,
        };
        let (yesterday, routes) = (&self.yesterday, &self.routes);
        self.chunks
            .par_iter_mut()
            .zip(self.today.par_iter_mut())
            .zip(self.tallies.par_iter_mut())
            .enumerate()
            .for_each(|(ci, ((c, out), tally))| {
                *tally = step_chunk(&t, ci, c, out, yesterday, routes);
            });
        for ((tally, members), turn) in self
            .tallies
            .iter()
            .zip(self.members.iter_mut())
            .zip(self.rotation.iter_mut())
        {
            total.add(tally);
            *members = tally.list_size;
            *turn += tally.delivered + tally.bounces;
        }
        if let Some(e) = &arm.email {
            let sent = total.delivered + total.bounces;
            cost += sent as f64 * e.cfg.cost_per_email;
            if budgeted {
                // Sends reserved but not made (the list shrank) are refunded.
                self.wallets.email += reserved.saturating_sub(sent) as f64 * e.cfg.cost_per_email;
            }
            let r = e.reputation_retention;
            let (c, d) = self.reputation;
            self.reputation = (
                c * r + total.complaints as f64,
                d * r + total.delivered as f64,
            );
        }
        let sales =
            total.purchases as f64 + money.referral_extra_value * total.referred_purchases as f64;
        self.totals
            .add(&total, day, cost, sales * money.price, money.margin);
        let metrics = total.to_metrics(w.people, &self.totals, self.complaint_rate());
        self.routes.build(&self.today);
        std::mem::swap(&mut self.yesterday, &mut self.today);
        self.day += 1;
        metrics
    }
}

/// Splits `sends` between chunks in proportion to their list members
/// (exactly, by cumulative rounding).
fn apportion(sends: u64, members: &[u64], allow: &mut [u32]) {
    let list: u64 = members.iter().sum();
    let mut before = 0u64;
    for (m, a) in members.iter().zip(allow.iter_mut()) {
        let share = |upto: u64| {
            if list == 0 {
                0
            } else {
                (u128::from(sends) * u128::from(upto) / u128::from(list)) as u64
            }
        };
        let after = before + m;
        *a = (share(after) - share(before))
            .min(*m)
            .min(u64::from(u32::MAX - 1)) as u32;
        before = after;
    }
}

/// Everyone before day 0: the world's start (initial trust, needs,
/// traits; the same in every arm), then what depends on the arm: groups and
/// list membership, from dice keyed by person.
fn initial_state(w: &World, arm: &ArmPlan, init: DayKey) -> Vec<Chunk> {
    let email = arm.email.as_ref();
    let group = arm
        .community
        .as_ref()
        .map(|g| (g.cfg.group_share, g.within.clone().unwrap_or(0..w.people)));
    let audience = arm
        .email
        .as_ref()
        .and_then(|e| e.audience.clone())
        .unwrap_or(0..w.people);
    let start = &*w.start;
    (0..chunk_count(w.people))
        .into_par_iter()
        .map(|ci| {
            let from = ci * CHUNK;
            let len = (w.people as usize - from).min(CHUNK);
            let all = from..from + len;
            let mut c = Chunk::with_len(from as u32, len);
            c.trust.copy_from_slice(&start.trust[all.clone()]);
            c.need_change
                .copy_from_slice(&start.need_change[all.clone()]);
            c.flags.copy_from_slice(&start.flags[all.clone()]);
            c.traits.copy_from_slice(&start.traits[all]);
            if group.is_none() && email.is_none() {
                return c;
            }
            for i in 0..len {
                let p = c.start + i as u32;
                if let Some((share, within)) = &group {
                    // The groups gather the target audience.
                    if c.traits[i] & trait_bit::AUDIENCE != 0
                        && within.contains(&p)
                        && init.dice(p, Purpose::Group).chance(*share)
                    {
                        c.flags[i] |= flag::IN_GROUP;
                    }
                }
                if let Some(e) = email {
                    if audience.contains(&p)
                        && init.dice(p, Purpose::OnList).chance(e.cfg.list_share)
                    {
                        e.join(&mut c, i, init, 0);
                    }
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::scenario::from_str;

    /// `start_day`: nothing is spent before a tactic starts, no budget
    /// accrues meanwhile (its first day spends at most one day's share),
    /// and a start after the run's last day is refused, naming that day.
    #[test]
    fn a_tactic_starting_mid_run_spends_nothing_before_and_saves_nothing() {
        let text = |start: u32| {
            format!(
                "days = 30\nreplicates = 1\n[population]\nsize = 300\n[population.network]\nmean_degree = 10\n\
                 [money]\ndaily_budget = 100\n[arms.late.networking]\nstart_day = {start}\n"
            )
        };
        let s = from_str(&text(12)).expect("valid");
        let result = crate::engine::run(&s, &s.load_edge_lists().unwrap(), &Default::default());
        let days = &result.series[0][0];
        let spent: Vec<f64> = days.iter().map(|d| d.cost).collect();
        let first = spent.iter().position(|&c| c > 0.0).expect("it starts");
        assert_eq!(first, 12, "spending starts after day 12: {spent:?}");
        // Cumulative cost: the first active day spends today's share only.
        assert!(
            spent[12] <= 100.0,
            "no budget saved up before the start: {spent:?}"
        );
        let e = from_str(&text(30)).expect_err("starts after the last day");
        assert!(e.message.contains("last day is 30"), "{e}");
    }
}
