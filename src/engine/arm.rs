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
    let mut run = ArmRun::new(w, arm);
    (0..days)
        .map(|_| {
            let m = run.step();
            progress.fetch_add(u64::from(w.people), Ordering::Relaxed);
            m
        })
        .collect()
}

/// One arm in progress: its people, the words in transit and the
/// marketer's memory. Stepping it a day at a time lets tests and pictures
/// look at individual people between days.
#[derive(Clone)]
pub struct ArmRun<'a> {
    world: &'a World,
    arm: &'a ArmPlan,
    init: DayKey,
    day: u32,
    chunks: Vec<Chunk>,
    yesterday: Vec<Outbox>,
    today: Vec<Outbox>,
    tallies: Vec<Counts>,
    marketer: Marketer,
    unsubscribes: u64,
}

impl<'a> ArmRun<'a> {
    pub fn new(world: &'a World, arm: &'a ArmPlan) -> Self {
        let init = DayKey::initial(world.seed, world.replicate);
        let n = chunk_count(world.people);
        let yesterday: Vec<Outbox> = (0..n).map(|_| Outbox::new(n)).collect();
        ArmRun {
            world,
            arm,
            init,
            day: 0,
            chunks: initial_state(world, arm, init),
            today: yesterday.clone(),
            yesterday,
            tallies: vec![Counts::default(); n],
            marketer: Marketer::default(),
            unsubscribes: 0,
        }
    }

    /// The people's state, chunk by chunk.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// Simulates the next day and returns what was observed at its end.
    pub fn step(&mut self) -> DayMetrics {
        let (w, arm, day) = (self.world, self.arm, self.day);
        let key = DayKey::new(w.seed, w.replicate, day);
        let mut total = Counts::default();
        if let Some(net) = &arm.networking {
            net.converse(
                &mut self.marketer,
                &mut self.chunks,
                &w.networks[arm.network],
                w.people,
                key,
                &w.behaviour,
                &mut total,
            );
        }
        let t = Today {
            day,
            key,
            init: self.init,
            world: w,
            arm,
            send_email: arm.email.as_ref().is_some_and(|e| e.sends_on(day)),
            dead_below: arm.email.as_ref().map_or(0.0, |e| e.dead_below(day)),
            post: arm.networking.as_ref().is_some_and(|n| n.posts_on(day)),
        };
        let yesterday = &self.yesterday;
        self.chunks
            .par_iter_mut()
            .zip(self.today.par_iter_mut())
            .zip(self.tallies.par_iter_mut())
            .enumerate()
            .for_each(|(ci, ((c, out), tally))| *tally = step_chunk(&t, ci, c, out, yesterday));
        for tally in &self.tallies {
            total.add(tally);
        }
        let metrics = total.to_metrics(w.people, self.unsubscribes);
        self.unsubscribes += total.unsubscribes;
        std::mem::swap(&mut self.yesterday, &mut self.today);
        self.day += 1;
        metrics
    }
}

/// Everyone before day 0: initial trust, needs and list membership, drawn
/// from dice that do not depend on the arm (so every arm starts alike).
fn initial_state(w: &World, arm: &ArmPlan, init: DayKey) -> Vec<Chunk> {
    let (m, sd) = (w.initial_trust, w.initial_trust_sd);
    // A spread too small to matter (or to compute: k overflows) means
    // everyone starts alike.
    let k = m * (1.0 - m) / (sd * sd) - 1.0;
    let beta = if sd >= 1e-6 && m > 0.0 && m < 1.0 && k.is_finite() {
        Beta::new(m * k, (1.0 - m) * k).ok()
    } else {
        None
    };
    let in_need_share = w.need_arise / (w.need_arise + w.need_pass);
    let list_share = arm.email.as_ref().map(|e| e.cfg.list_share);
    let audience = arm
        .email
        .as_ref()
        .and_then(|e| e.audience.clone())
        .unwrap_or(0..w.people);
    (0..chunk_count(w.people))
        .into_par_iter()
        .map(|ci| {
            let start = (ci * CHUNK) as u32;
            let len = (w.people - start).min(CHUNK as u32) as usize;
            let mut c = Chunk::with_len(start, len);
            for i in 0..len {
                let p = start + i as u32;
                c.trust[i] = match &beta {
                    Some(beta) => {
                        let t = beta.sample(init.dice(p, Purpose::InitialTrust).rng()) as f32;
                        if t.is_finite() {
                            t.clamp(0.0, 1.0)
                        } else {
                            m as f32
                        }
                    }
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
                    if audience.contains(&p) && init.dice(p, Purpose::OnList).chance(share) {
                        c.flags[i] |= flag::ON_LIST;
                    }
                }
            }
            c
        })
        .collect()
}
