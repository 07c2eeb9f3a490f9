//! The people of one replicate before day 0, as every arm starts them:
//! initial trust, needs and traits, drawn from dice that depend on the
//! person and never on the arm. Computed once per world (and kept in the
//! engine's cache with it), then copied into each arm's state; the parts
//! that depend on the arm (list, groups) are drawn when the arm starts.

use super::state::{flag, trait_bit, Flags, CHUNK};
use super::world::NeedHazards;
use crate::rng::{DayKey, Purpose};
use rand_distr::{Beta, Distribution};
use rayon::prelude::*;

/// What a start depends on besides the seed and replicate (all from the
/// scenario's population, through the world's market draw): with them, the
/// start's cache key.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct StartParams {
    pub people: u32,
    pub initial_trust: f64,
    pub initial_trust_sd: f64,
    pub need: NeedHazards,
    pub heavy_sharer_share: f64,
    pub audience_share: f64,
    pub social_preference_share: f64,
}

/// Per person, in person order (chunk `c` holds `c * CHUNK ..`).
#[derive(Clone, Debug, Default)]
pub struct Start {
    pub trust: Vec<f32>,
    pub need_change: Vec<u16>,
    /// `flag::IN_NEED` or 0.
    pub flags: Vec<Flags>,
    pub traits: Vec<u8>,
}

/// Bytes of a start per person (the vectors above).
pub const START_BYTES_PER_PERSON: u64 = 4 + 2 + 2 + 1;

impl Start {
    pub fn new(w: &StartParams, init: DayKey) -> Self {
        let (m, sd) = (w.initial_trust, w.initial_trust_sd);
        // A spread too small to matter (or to compute: k overflows) means
        // everyone starts alike.
        let k = m * (1.0 - m) / (sd * sd) - 1.0;
        let beta = if sd >= 1e-6 && m > 0.0 && m < 1.0 && k.is_finite() {
            Beta::new(m * k, (1.0 - m) * k).ok()
        } else {
            None
        };
        let (arise, pass) = (w.need.arise, w.need.pass);
        let in_need_share = arise.daily / (arise.daily + pass.daily);
        let n = w.people as usize;
        let mut s = Start {
            trust: vec![0.0; n],
            need_change: vec![0; n],
            flags: vec![0; n],
            traits: vec![0; n],
        };
        s.trust
            .par_chunks_mut(CHUNK)
            .zip(s.need_change.par_chunks_mut(CHUNK))
            .zip(s.flags.par_chunks_mut(CHUNK))
            .zip(s.traits.par_chunks_mut(CHUNK))
            .enumerate()
            .for_each(|(ci, (((trust, need_change), flags), traits))| {
                for i in 0..trust.len() {
                    let p = (ci * CHUNK + i) as u32;
                    trust[i] = match &beta {
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
                    let h = if in_need { pass } else { arise };
                    need_change[i] = (need.wait(h) - 1).min(u32::from(u16::MAX)) as u16;
                    if in_need {
                        flags[i] = flag::IN_NEED;
                    }
                    let mut t = 0;
                    if init
                        .dice(p, Purpose::HeavySharer)
                        .chance(w.heavy_sharer_share)
                    {
                        t |= trait_bit::HEAVY_SHARER;
                    }
                    if init.dice(p, Purpose::Audience).chance(w.audience_share) {
                        t |= trait_bit::AUDIENCE;
                    }
                    if init
                        .dice(p, Purpose::PrefersSocial)
                        .chance(w.social_preference_share)
                    {
                        t |= trait_bit::PREFERS_SOCIAL;
                    }
                    traits[i] = t;
                }
            });
        s
    }

    pub fn heap_bytes(&self) -> usize {
        self.trust.len() * START_BYTES_PER_PERSON as usize
    }
}
