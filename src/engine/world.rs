//! What every arm of one replicate shares: the graph, the people's
//! behaviour constants and the life-event hazards. Built once per replicate,
//! read-only afterwards.

use super::trust::TrustRules;
use crate::population::{self, Graph};
use crate::rng::Dice;
use crate::scenario::{BehaviourConfig, NetworkConfig, Scenario};
use std::sync::Arc;

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

/// Whom a person can tell: their friends on a graph, or anyone at all.
pub enum Friends {
    Graph(Arc<Graph>),
    /// No fixed graph: everyone can meet everyone (the Bass model's limit).
    WellMixed,
}

impl Friends {
    /// Builds (or shares, for a file) the network for one replicate.
    pub fn new(cfg: &NetworkConfig, people: u32, seed: u64, replicate: u32) -> Self {
        let graph = match cfg {
            NetworkConfig::SmallWorld {
                mean_degree,
                rewiring,
            } => population::small_world::small_world(
                people,
                *mean_degree,
                *rewiring,
                seed,
                replicate,
            ),
            NetworkConfig::ScaleFree {
                mean_degree,
                triangle_closing,
            } => population::scale_free::scale_free(
                people,
                mean_degree / 2,
                *triangle_closing,
                seed,
                replicate,
            ),
            NetworkConfig::Random { mean_degree } => {
                population::random::random(people, f64::from(*mean_degree), seed, replicate)
            }
            NetworkConfig::Communities {
                mean_degree,
                communities,
                inside_share,
            } => population::communities::communities(
                people,
                f64::from(*mean_degree),
                *communities,
                *inside_share,
                seed,
                replicate,
            ),
            NetworkConfig::Social => population::social::social(people, seed, replicate),
            NetworkConfig::WellMixed => return Friends::WellMixed,
            NetworkConfig::EdgeList { graph, .. } => return Friends::Graph(graph.graph.clone()),
        };
        Friends::Graph(Arc::new(graph))
    }

    /// Someone for person `p` to tell, if they know anyone.
    #[inline]
    pub fn pick(&self, p: u32, people: u32, dice: &mut Dice) -> Option<u32> {
        match self {
            Friends::Graph(g) => {
                let f = g.friends(p);
                (!f.is_empty()).then(|| f[dice.below(f.len() as u32) as usize])
            }
            Friends::WellMixed => {
                let other = dice.below(people - 1);
                Some(if other >= p { other + 1 } else { other })
            }
        }
    }

    pub fn graph(&self) -> Option<&Graph> {
        match self {
            Friends::Graph(g) => Some(g),
            Friends::WellMixed => None,
        }
    }
}

/// One replicate's shared world.
pub struct World {
    pub seed: u64,
    pub replicate: u32,
    pub people: u32,
    /// The scenario's distinct networks (`Scenario::networks`): the
    /// population's first, then those of arms with their own.
    pub networks: Vec<Friends>,
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
        World {
            seed: s.seed,
            replicate,
            people: p.size,
            networks: s
                .networks()
                .into_iter()
                .map(|n| Friends::new(n, p.size, s.seed, replicate))
                .collect(),
            behaviour: Behaviour::new(&s.behaviour),
            initial_trust: p.initial_trust,
            initial_trust_sd: p.initial_trust_sd,
            need_arise: 1.0 - (-p.needs_per_year / 365.0).exp(),
            need_pass: 1.0 / p.need_days,
        }
    }
}
