//! What every arm of one replicate shares: the graph, the people's
//! behaviour constants and the life-event hazards. Built once per replicate,
//! read-only afterwards.

use super::trust::TrustRules;
use crate::population::{small_world::small_world, Graph};
use crate::scenario::{BehaviourConfig, NetworkKind, Scenario};

/// Behaviour constants in the form the day loop uses them.
#[derive(Clone, Copy, Debug)]
pub struct Behaviour {
    pub rules: TrustRules,
    /// Awareness kept overnight (from the half-life).
    pub awareness_retention: f32,
    pub ask_trust: f32,
    pub need_purchase_per_day: f64,
    pub customer_trust_gain: f32,
    pub pitch_ready_trust: f32,
    pub word_of_mouth: bool,
    pub tell_trust: f32,
    pub tell_per_day: f64,
    pub listen_per_day: u8,
    pub friend_trust_gain: f32,
    pub friend_awareness: f32,
}

impl Behaviour {
    pub fn new(b: &BehaviourConfig) -> Self {
        Behaviour {
            rules: TrustRules {
                negativity_ratio: b.trust_negativity_ratio as f32,
            },
            awareness_retention: retention(b.awareness_half_life_days),
            ask_trust: b.ask_trust as f32,
            need_purchase_per_day: b.need_purchase_per_day,
            customer_trust_gain: b.customer_trust_gain as f32,
            pitch_ready_trust: b.pitch_ready_trust as f32,
            word_of_mouth: b.word_of_mouth,
            tell_trust: b.tell_trust as f32,
            tell_per_day: b.tell_per_day,
            listen_per_day: b.listen_per_day.min(255) as u8,
            friend_trust_gain: b.friend_trust_gain as f32,
            friend_awareness: b.friend_awareness as f32,
        }
    }
}

/// Share of something kept per day given its half-life in days.
pub fn retention(half_life_days: f64) -> f32 {
    0.5f64.powf(1.0 / half_life_days) as f32
}

/// One replicate's shared world.
pub struct World {
    pub seed: u64,
    pub replicate: u32,
    pub people: u32,
    pub graph: Graph,
    pub behaviour: Behaviour,
    pub initial_trust: f64,
    pub initial_trust_sd: f64,
    /// Daily hazard that a need arises in someone without one.
    pub need_arise: f64,
    /// Daily hazard that a need passes.
    pub need_pass: f64,
}

impl World {
    pub fn new(s: &Scenario, replicate: u32) -> Self {
        let p = &s.population;
        let graph = match p.network.kind {
            NetworkKind::SmallWorld => small_world(
                p.size,
                p.network.mean_degree,
                p.network.rewiring,
                s.seed,
                replicate,
            ),
        };
        World {
            seed: s.seed,
            replicate,
            people: p.size,
            graph,
            behaviour: Behaviour::new(&s.behaviour),
            initial_trust: p.initial_trust,
            initial_trust_sd: p.initial_trust_sd,
            need_arise: 1.0 - (-p.needs_per_year / 365.0).exp(),
            need_pass: 1.0 / p.need_days,
        }
    }
}
