//! The network, alive: the report's spread picture (`crate::spread`) for
//! every day of the run instead of four, for the page to animate. The same
//! sample of replicate 0, laid out the same way and classified by the same
//! function as the report's, so the page's picture on a report day is the
//! report's picture. What is sent is compact: the layout once, then per day
//! and arm one character per sampled person (its state's place in the
//! legend). No drawing here: the page draws on a canvas.

use crate::engine::cache::{graph_key, Cache, Key as GraphKey};
use crate::engine::watch::{Sighting, Sightings, Watch};
use crate::engine::Watched;
use crate::output::spread_svg;
use crate::people::world::World;
use crate::scenario::Scenario;
use crate::spread::{chosen_days, classify, sample, PersonState, Sample, SpreadPicture};
use crate::tactics::ArmPlan;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Samples kept for reruns.
const KEPT_SAMPLES: usize = 16;

/// The samples of recent runs' networks, laid out, by their graph's cache
/// key: a slider move that leaves the network alone would lay the same
/// people out again (tens of milliseconds before day 1). A sample depends
/// only on the graph and the seed, both in the key, so a kept one is the
/// one `spread::sample` makes.
#[derive(Default)]
pub struct Samples(Mutex<VecDeque<(GraphKey, Arc<Sample>)>>);

impl Samples {
    fn get_or_make(&self, key: GraphKey, make: impl FnOnce() -> Sample) -> Arc<Sample> {
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, k)) = lock().iter().find(|(k, _)| *k == key) {
            return k.clone();
        }
        let made = Arc::new(make());
        let mut kept = lock();
        kept.push_front((key, made.clone()));
        kept.truncate(KEPT_SAMPLES);
        made
    }

    /// The sample of each of `s`'s networks in replicate 0 (`None`: well
    /// mixed), from `world`'s graphs.
    fn of(&self, s: &Scenario, world: &World) -> Vec<Option<Sample>> {
        (s.networks().into_iter())
            .zip(&world.networks)
            .map(|(net, friends)| {
                let g = friends.graph()?;
                Some(match graph_key(net, s, 0) {
                    Some(key) => (*self.get_or_make(key, || sample(g, s.seed))).clone(),
                    None => sample(g, s.seed),
                })
            })
            .collect()
    }

    /// Lays out `s`'s samples ahead of its first run, from the graphs of
    /// replicate 0 kept in `cache` (which this builds if they are not).
    pub fn warm(&self, s: &Scenario, cache: &Cache) {
        for net in s.networks() {
            if let Some(key) = graph_key(net, s, 0) {
                let g = cache.graph(key, || {
                    crate::people::world::generate(net, s.population.size, s.seed, 0)
                        .expect("a keyed network is generated")
                });
                self.get_or_make(key, || sample(&g, s.seed));
            }
        }
    }
}
/// What the page draws once per run.
#[derive(Debug, PartialEq, Serialize)]
pub struct Layout {
    /// One per network of the scenario (`Scenario::networks`); `None` for a
    /// well-mixed one, which has no friendships to draw.
    pub samples: Vec<Option<Drawn>>,
    /// Per arm, the index of the sample it is drawn on (`None`: well mixed).
    pub arms: Vec<Option<usize>>,
    /// The states in legend order: a day's character `k` is `legend[k]`.
    pub legend: Vec<Key>,
}

/// One sample as the page places it.
#[derive(Debug, PartialEq, Serialize)]
pub struct Drawn {
    /// Each sampled person's position in the unit square, `[x, y]`.
    pub at: Vec<[f32; 2]>,
    /// Friendships, as pairs of indices into `at`.
    pub lines: Vec<[usize; 2]>,
}

/// How one state is drawn: the report's colours and shapes.
#[derive(Debug, PartialEq, Serialize)]
pub struct Key {
    pub label: &'static str,
    /// The label after a count other than one ("customers").
    pub many: String,
    pub fill: &'static str,
    pub stroke: &'static str,
    /// "circle", "diamond", "square" or "cross".
    pub shape: &'static str,
}

/// What the run watches for the page: the report's sample of replicate 0
/// (as `SpreadPicture::watch` takes it), on every day.
pub fn watch(s: &Scenario, world: &World, kept: &Samples) -> (Vec<Option<Sample>>, Watch) {
    let samples = kept.of(s, world);
    let watch = Watch {
        days: (1..=s.days).collect(),
        people: (samples.iter())
            .map(|k| k.as_ref().map(|k| k.people.clone()))
            .collect(),
    };
    (samples, watch)
}

/// The layout of the samples `watch` kept.
pub fn layout(s: &Scenario, samples: &[Option<Sample>]) -> Layout {
    Layout {
        samples: samples
            .iter()
            .map(|k| {
                k.as_ref().map(|k| Drawn {
                    at: k.at.iter().map(|&(x, y)| [x as f32, y as f32]).collect(),
                    lines: k.lines.iter().map(|&(i, j)| [i, j]).collect(),
                })
            })
            .collect(),
        arms: s
            .arms
            .iter()
            .map(|a| {
                let network = ArmPlan::new(a, s).network;
                samples[network].as_ref().map(|_| network)
            })
            .collect(),
        legend: PersonState::ALL
            .iter()
            .map(|&state| {
                let (fill, stroke, shape) = spread_svg::style(state);
                let many = state.counted(2);
                Key {
                    label: state.label(),
                    many: many.trim_start_matches("2 ").to_string(),
                    fill,
                    stroke,
                    shape: shape.name(),
                }
            })
            .collect(),
    }
}

/// One arm's sampled people on one day: one digit per person, the place of
/// its state in `PersonState::ALL`.
pub fn states(s: &Scenario, seen: &[Sighting]) -> String {
    let tell_trust = s.behaviour.tell_trust as f32;
    seen.iter()
        .map(|p| {
            let state = classify(p.flags, p.trust, tell_trust, p.left);
            let k = PersonState::ALL.iter().position(|&x| x == state);
            char::from(b'0' + k.expect("every state is in the legend") as u8)
        })
        .collect()
}

/// The report's spread picture from what `watch` saw: its chosen days
/// picked out of every day.
pub fn picture(s: &Scenario, seen: Watched<Vec<Option<Sample>>>) -> SpreadPicture {
    let chosen = chosen_days(s.days);
    let arms = seen
        .arms
        .into_iter()
        .map(|every_day: Sightings| {
            if every_day.is_empty() {
                return every_day;
            }
            chosen
                .iter()
                .map(|&d| every_day[d as usize - 1].clone())
                .collect()
        })
        .collect();
    SpreadPicture::new(
        s,
        Watched {
            kept: seen.kept,
            arms,
        },
    )
}
