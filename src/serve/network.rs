//! The network, alive: the report's spread picture (`crate::spread`) for
//! every day of the run instead of four, for the page to animate. The same
//! sample of replicate 0, laid out the same way and classified by the same
//! function as the report's, so the page's picture on a report day is the
//! report's picture. What is sent is compact: the layout once, then per day
//! and arm one character per sampled person (its state's place in the
//! legend). No drawing here: the page draws on a canvas.

use crate::engine::watch::{Sighting, Sightings, Watch};
use crate::engine::Watched;
use crate::output::spread_svg;
use crate::people::world::World;
use crate::scenario::Scenario;
use crate::spread::{chosen_days, classify, PersonState, Sample, SpreadPicture};
use crate::tactics::ArmPlan;
use serde::Serialize;

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
/// (`SpreadPicture::watch`), on every day.
pub fn watch(s: &Scenario, world: &World) -> (Vec<Option<Sample>>, Watch) {
    let (samples, mut watch) = SpreadPicture::watch(s, world);
    watch.days = (1..=s.days).collect();
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
