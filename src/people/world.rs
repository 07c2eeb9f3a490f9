//! What every arm of one replicate shares: the graph, the people's
//! behaviour constants and the life-event hazards. Built once per replicate,
//! read-only afterwards.

use super::start::{Start, StartParams};
use super::state::{trait_bit, Chunk};
use super::trust::TrustRules;
use crate::population::edge_list::LoadedGraphs;
use crate::population::{self, Graph};
use crate::rng::{DayKey, Dice, Hazard};
use crate::scenario::{BehaviourConfig, NetworkConfig, PopulationConfig, Scenario};
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
    pub negative_trust_loss: f32,
    pub negative_pass_on: f64,
    pub complaint_tells: u32,
    /// How many times more a heavy sharer passes things on.
    pub heavy_factor: f64,
    /// Purchase chances outside the target audience, relative to inside.
    pub outside_purchase: f64,
    /// How often email lands, for people preferring email (0) or social (1),
    /// relative to the population's average.
    pub email_lands: [f32; 2],
    /// How often social content (posts, ads, groups) lands, likewise.
    pub social_lands: [f32; 2],
}

impl Behaviour {
    pub fn new(b: &BehaviourConfig, p: &PopulationConfig) -> Self {
        // Preferred channel (1 + h), the other (1 - h): published averages
        // hold for an even split (the default), and a population leaning to
        // one channel makes the other land less on average.
        let h = p.channel_preference_strength;
        Behaviour {
            negative_trust_loss: b.negative_word_trust_loss as f32,
            negative_pass_on: b.negative_pass_on,
            complaint_tells: b.complaint_tells,
            heavy_factor: p.heavy_sharer_factor,
            outside_purchase: p.outside_purchase_factor,
            email_lands: [(1.0 + h) as f32, (1.0 - h) as f32],
            social_lands: [(1.0 - h) as f32, (1.0 + h) as f32],
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

impl Behaviour {
    /// How many times more often person `i` passes things on.
    #[inline]
    pub fn sharing(&self, c: &Chunk, i: usize) -> f64 {
        if c.is(i, trait_bit::HEAVY_SHARER) {
            self.heavy_factor
        } else {
            1.0
        }
    }

    /// Purchase chances of person `i` relative to the target audience's.
    #[inline]
    pub fn buying(&self, c: &Chunk, i: usize) -> f64 {
        if c.is(i, trait_bit::AUDIENCE) {
            1.0
        } else {
            self.outside_purchase
        }
    }

    /// How often email lands with person `i`, relative to the average.
    #[inline]
    pub fn email_lands(&self, c: &Chunk, i: usize) -> f32 {
        self.email_lands[usize::from(c.is(i, trait_bit::PREFERS_SOCIAL))]
    }

    /// How often social content lands with person `i`, relative to the average.
    #[inline]
    pub fn social_lands(&self, c: &Chunk, i: usize) -> f32 {
        self.social_lands[usize::from(c.is(i, trait_bit::PREFERS_SOCIAL))]
    }
}

/// Share of something kept per day given its half-life in days.
pub fn retention(half_life_days: f64) -> f32 {
    0.5f64.powf(1.0 / half_life_days) as f32
}

/// On a well-mixed population, how many people a piece of link bait can be
/// passed to (the brief's "about 100 friends").
pub const WELL_MIXED_CONTACTS: u32 = 100;

/// Whom a person can tell: their friends on a graph, or anyone at all.
pub enum Friends {
    Graph(Arc<Graph>),
    /// No fixed graph: everyone can meet everyone (the Bass model's limit).
    WellMixed,
}

impl Friends {
    /// Builds (or shares, for a file: from `graphs`) the network for one replicate.
    pub fn new(
        cfg: &NetworkConfig,
        graphs: &LoadedGraphs,
        people: u32,
        seed: u64,
        replicate: u32,
    ) -> Self {
        match cfg {
            NetworkConfig::WellMixed => Friends::WellMixed,
            NetworkConfig::EdgeList { path, .. } => Friends::Graph(graphs.get(path).graph.clone()),
            _ => Friends::Graph(Arc::new(
                generate(cfg, people, seed, replicate).expect("a generated kind"),
            )),
        }
    }

    /// Calls `send` for each friend of `p` that a dice roll with chance `t`
    /// selects (a piece passed on to each friend independently). On a
    /// well-mixed population, "friends" are `WELL_MIXED_CONTACTS` people at random.
    #[inline]
    pub fn each_chosen(
        &self,
        p: u32,
        people: u32,
        t: f64,
        dice: &mut Dice,
        mut send: impl FnMut(u32),
    ) {
        match self {
            Friends::Graph(g) => {
                for &f in g.friends(p) {
                    if dice.chance(t) {
                        send(f);
                    }
                }
            }
            Friends::WellMixed => {
                for _ in 0..WELL_MIXED_CONTACTS {
                    if dice.chance(t) {
                        if let Some(f) = self.pick(p, people, dice) {
                            send(f);
                        }
                    }
                }
            }
        }
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

/// The graph a generated network kind builds for one replicate: a pure
/// function of exactly these arguments (which is what lets the engine's
/// cache share it). `None` for a well-mixed population (no graph) and an
/// edge list (read from its file, not generated).
pub fn generate(cfg: &NetworkConfig, people: u32, seed: u64, replicate: u32) -> Option<Graph> {
    Some(match cfg {
        NetworkConfig::SmallWorld {
            mean_degree,
            rewiring,
        } => population::small_world::small_world(people, *mean_degree, *rewiring, seed, replicate),
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
        NetworkConfig::WellMixed | NetworkConfig::EdgeList { .. } => return None,
    })
}

/// This replicate's market: a log-normal demand factor with mean 1, the same
/// for every arm (docs/MODEL.md, "5. Initialization").
fn market(s: &Scenario, replicate: u32) -> f64 {
    let sd = s.population.market_spread;
    if sd <= 0.0 {
        return 1.0;
    }
    let mut dice =
        crate::rng::DayKey::initial(s.seed, replicate).global(crate::rng::Purpose::Market);
    // Box-Muller from two uniforms: one standard normal draw.
    let (u, v) = (1.0 - dice.uniform(), dice.uniform());
    let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
    (sd * z - sd * sd / 2.0).exp()
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
    /// The daily hazards that a need arises or passes (life events).
    pub need_hazards: NeedHazards,
    /// The people as every arm starts them.
    pub start: Arc<Start>,
}

/// The daily hazards that a need arises in someone without one, and that
/// a need passes, with their logarithms taken once.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct NeedHazards {
    pub arise: Hazard,
    pub pass: Hazard,
}

impl World {
    /// `graphs` holds the scenario's edge lists (`Scenario::load_edge_lists`).
    pub fn new(s: &Scenario, graphs: &LoadedGraphs, replicate: u32) -> Self {
        let networks = s
            .networks()
            .into_iter()
            .map(|n| Friends::new(n, graphs, s.population.size, s.seed, replicate))
            .collect();
        World::with_networks(s, replicate, networks)
    }

    /// The world of `replicate` around networks already built (one per
    /// `Scenario::networks`, in its order), for a caller that keeps graphs.
    pub fn with_networks(s: &Scenario, replicate: u32, networks: Vec<Friends>) -> Self {
        Self::with_start(s, replicate, networks, |p, init| {
            Arc::new(Start::new(p, init))
        })
    }

    /// `with_networks`, the people's start made (or fetched from where it
    /// was kept) by `start` from its parameters and the replicate's
    /// initial key.
    pub fn with_start(
        s: &Scenario,
        replicate: u32,
        networks: Vec<Friends>,
        start: impl FnOnce(&StartParams, DayKey) -> Arc<Start>,
    ) -> Self {
        let p = &s.population;
        let market = market(s, replicate);
        let initial_trust = (p.initial_trust * market).min(0.95);
        let need_hazards = NeedHazards {
            arise: Hazard::new(1.0 - (-p.needs_per_year * market / 365.0).exp()),
            pass: Hazard::new(1.0 / p.need_days),
        };
        let params = StartParams {
            people: p.size,
            initial_trust,
            // Keep the spread possible for a Beta around the market's mean.
            initial_trust_sd: p
                .initial_trust_sd
                .min(0.99 * (initial_trust * (1.0 - initial_trust)).sqrt()),
            need: need_hazards,
            heavy_sharer_share: p.heavy_sharer_share,
            audience_share: p.audience_share,
            social_preference_share: p.social_preference_share,
        };
        World {
            seed: s.seed,
            replicate,
            people: p.size,
            networks,
            behaviour: Behaviour::new(&s.behaviour, p),
            need_hazards,
            start: start(&params, DayKey::initial(s.seed, replicate)),
        }
    }
}
