//! One arm through all days of one replicate: initial state, then each day
//! the marketer's conversations followed by every chunk in parallel.

use super::counts::Counts;
use super::day::{step_chunk, Today};
use super::outbox::Outbox;
use super::state::{chunk_count, flag, Chunk, CHUNK};
use super::world::World;
use crate::metrics::DayMetrics;
use crate::rng::{DayKey, Purpose};
use crate::tactics::{ArmPlan, Marketer};
use rand_distr::{Beta, Distribution};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Simulates one arm for `days` days; adds people x days to `progress` as it goes.
pub fn simulate_arm(w: &World, arm: &ArmPlan, days: u32, progress: &AtomicU64) -> Vec<DayMetrics> {
    let init = DayKey::initial(w.seed, w.replicate);
    let chunks_n = chunk_count(w.people);
    let mut chunks = initial_state(w, arm, init);
    let mut yesterday: Vec<Outbox> = (0..chunks_n).map(|_| Outbox::new(chunks_n)).collect();
    let mut today = yesterday.clone();
    let mut tallies = vec![Counts::default(); chunks_n];
    let mut marketer = Marketer::default();
    let mut series = Vec::with_capacity(days as usize);
    let mut unsubscribes = 0;

    for day in 0..days {
        let key = DayKey::new(w.seed, w.replicate, day);
        let mut total = Counts::default();
        if let Some(net) = &arm.networking {
            net.converse(&mut marketer, &mut chunks, w.people, key, &w.behaviour, &mut total);
        }
        let t = Today {
            day,
            key,
            init,
            world: w,
            arm,
            send_email: arm.email.as_ref().is_some_and(|e| e.sends_on(day)),
            dead_below: arm.email.as_ref().map_or(0.0, |e| e.dead_below(day)),
            post: arm.networking.as_ref().is_some_and(|n| n.posts_on(day)),
        };
        chunks
            .par_iter_mut()
            .zip(today.par_iter_mut())
            .zip(tallies.par_iter_mut())
            .enumerate()
            .for_each(|(ci, ((c, out), tally))| *tally = step_chunk(&t, ci, c, out, &yesterday));
        for tally in &tallies {
            total.add(tally);
        }
        series.push(total.to_metrics(w.people, unsubscribes));
        unsubscribes += total.unsubscribes;
        std::mem::swap(&mut yesterday, &mut today);
        progress.fetch_add(u64::from(w.people), Ordering::Relaxed);
    }
    series
}

/// Everyone before day 0: initial trust, needs and list membership, drawn
/// from dice that do not depend on the arm (so every arm starts alike).
fn initial_state(w: &World, arm: &ArmPlan, init: DayKey) -> Vec<Chunk> {
    let (m, sd) = (w.initial_trust, w.initial_trust_sd);
    let beta = if sd > 0.0 && m > 0.0 && m < 1.0 {
        let k = m * (1.0 - m) / (sd * sd) - 1.0;
        Beta::new(m * k, (1.0 - m) * k).ok()
    } else {
        None
    };
    let in_need_share = w.need_arise / (w.need_arise + w.need_pass);
    let list_share = arm.email.as_ref().map(|e| e.cfg.list_share);
    (0..chunk_count(w.people))
        .into_par_iter()
        .map(|ci| {
            let start = (ci * CHUNK) as u32;
            let len = (w.people - start).min(CHUNK as u32) as usize;
            let mut c = Chunk::with_len(start, len);
            for i in 0..len {
                let p = start + i as u32;
                c.trust[i] = match &beta {
                    Some(beta) => beta.sample(init.dice(p, Purpose::InitialTrust).rng()) as f32,
                    None => m as f32,
                };
                let mut need = init.dice(p, Purpose::NeedStart);
                let in_need = need.chance(in_need_share);
                let h = if in_need { w.need_pass } else { w.need_arise };
                c.need_change[i] = (need.days_until(h) - 1).min(u32::from(u16::MAX)) as u16;
                if in_need {
                    c.flags[i] |= flag::IN_NEED;
                }
                if let Some(share) = list_share {
                    if init.dice(p, Purpose::OnList).chance(share) {
                        c.flags[i] |= flag::ON_LIST;
                    }
                }
            }
            c
        })
        .collect()
}
