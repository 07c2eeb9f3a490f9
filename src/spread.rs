//! The data behind the report's spread picture: a connected sample of about
//! 200 people of each network, laid out on a page, and the state of each
//! sampled person in each arm on a few chosen days, as the run's replicate 0
//! saw them (`engine::run_watched`: nothing is simulated twice). No IO;
//! drawing is `output::spread_svg`.

use crate::engine::watch::Watch;
use crate::engine::Watched;
use crate::people::state::{flag, Flags};
use crate::people::world::World;
use crate::population::Graph;
use crate::rng::{DayKey, Purpose};
use crate::scenario::Scenario;
use crate::tactics::ArmPlan;
use std::collections::HashMap;

/// About how many people a sample holds.
pub const SAMPLE_PEOPLE: usize = 200;
/// New friends each sampled person brings in at most: few, so the sample
/// reaches a few steps out instead of stopping at one person's friends.
const FRIENDS_TAKEN: usize = 4;
/// Friendships drawn per person beyond those that led the sample to them.
const EXTRA_LINES: usize = 2;
const LAYOUT_ROUNDS: usize = 300;

/// Where a person stands with the brand, as the picture colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PersonState {
    NotReached,
    /// Has taken in the message, without trusting the brand enough to tell.
    Reached,
    /// Trusts the brand enough to tell friends (trust >= tell_trust).
    Trusting,
    Customer,
    /// Left the email list (unsubscribed, complained or the address died)
    /// or unfollowed the brand, and has not bought.
    Left,
}

impl PersonState {
    /// Every state, in legend order.
    pub const ALL: [PersonState; 5] = [
        PersonState::NotReached,
        PersonState::Reached,
        PersonState::Trusting,
        PersonState::Customer,
        PersonState::Left,
    ];

    /// The label after a count: "1 customer", "3 customers".
    pub fn counted(self, n: usize) -> String {
        let label = match (self, n) {
            (PersonState::Trusting, 1) => "trusts enough to tell friends",
            (PersonState::Trusting, _) => "trust enough to tell friends",
            (PersonState::Customer, 1) => "customer",
            (PersonState::Customer, _) => "customers",
            (state, _) => state.label(),
        };
        format!("{n} {label}")
    }

    pub fn label(self) -> &'static str {
        match self {
            PersonState::NotReached => "not reached",
            PersonState::Reached => "reached, nothing more yet",
            PersonState::Trusting => "trusts enough to tell friends",
            PersonState::Customer => "customer",
            PersonState::Left => "left the list or unfollowed",
        }
    }
}

/// The one place a person's state is classified: extend it here when
/// people gain flags (repeat buyers, offended people, ...). `left` says the
/// person has lost list membership or following at some point.
pub fn classify(flags: Flags, trust: f32, tell_trust: f32, left: bool) -> PersonState {
    if flags & flag::CUSTOMER != 0 {
        PersonState::Customer
    } else if left {
        PersonState::Left
    } else if flags & flag::REACHED == 0 {
        PersonState::NotReached
    } else if trust >= tell_trust {
        PersonState::Trusting
    } else {
        PersonState::Reached
    }
}

/// A connected sample of one network, laid out in the unit square.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The sampled people's ids, in the order they were found.
    pub people: Vec<u32>,
    /// Friendships drawn, as indices into `people`.
    pub lines: Vec<(usize, usize)>,
    /// Each sampled person's position, in [0, 1] x [0, 1].
    pub at: Vec<(f64, f64)>,
}

/// One arm's sampled people on the chosen days.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmSpread {
    pub arm: String,
    /// Index into `SpreadPicture::samples`; `None` on a well-mixed network.
    pub sample: Option<usize>,
    /// `states[day][person]`, days as in `SpreadPicture::days`.
    pub states: Vec<Vec<PersonState>>,
    /// Per day, how many sampled people have ever taken in the message:
    /// reach as the reach chart counts it (a state is where a person
    /// stands now, so the "reached" state empties as people move on).
    pub ever_reached: Vec<usize>,
}

/// Everything the spread picture shows.
#[derive(Clone, Debug, PartialEq)]
pub struct SpreadPicture {
    /// The chosen days, 1-based.
    pub days: Vec<u32>,
    /// One sample per network of the scenario (`Scenario::networks`);
    /// `None` for a well-mixed one, which has no friendships to draw.
    pub samples: Vec<Option<Sample>>,
    pub arms: Vec<ArmSpread>,
}

impl SpreadPicture {
    /// What the run should watch for the picture: a sample of each of
    /// replicate 0's networks (kept for drawing) and, for every arm on it,
    /// its people on the chosen days. Called with the world the run uses,
    /// so the people drawn are the people simulated.
    pub fn watch(s: &Scenario, world: &World) -> (Vec<Option<Sample>>, Watch) {
        let samples: Vec<Option<Sample>> = world
            .networks
            .iter()
            .map(|n| n.graph().map(|g| sample(g, s.seed)))
            .collect();
        let watch = Watch {
            days: chosen_days(s.days),
            people: samples
                .iter()
                .map(|k| k.as_ref().map(|k| k.people.clone()))
                .collect(),
        };
        (samples, watch)
    }

    /// The picture from what a run saw through `SpreadPicture::watch`.
    pub fn new(s: &Scenario, seen: Watched<Vec<Option<Sample>>>) -> Self {
        let tell_trust = s.behaviour.tell_trust as f32;
        let arms = s
            .arms
            .iter()
            .zip(seen.arms)
            .map(|(a, sightings)| {
                let network = ArmPlan::new(a, s).network;
                let sample = seen.kept[network].as_ref().map(|_| network);
                let states = sightings
                    .iter()
                    .map(|day| {
                        day.iter()
                            .map(|p| classify(p.flags, p.trust, tell_trust, p.left))
                            .collect()
                    })
                    .collect();
                let ever_reached = sightings
                    .iter()
                    .map(|day| day.iter().filter(|p| p.flags & flag::REACHED != 0).count())
                    .collect();
                ArmSpread {
                    arm: a.name.clone(),
                    sample,
                    states,
                    ever_reached,
                }
            })
            .collect();
        SpreadPicture {
            days: chosen_days(s.days),
            samples: seen.kept,
            arms,
        }
    }
}

/// Early on, about a quarter, half way and the last day.
pub fn chosen_days(days: u32) -> Vec<u32> {
    let mut chosen: Vec<u32> = [days / 12, days / 4, days / 2, days]
        .into_iter()
        .map(|d| d.max(1))
        .collect();
    chosen.dedup();
    chosen
}

/// A snowball sample: from a random person with friends, breadth first,
/// each person bringing in up to `FRIENDS_TAKEN` random friends not yet
/// taken, until `SAMPLE_PEOPLE` are in. Drawn from a key no simulation
/// uses, so it depends on the seed and the network only.
pub fn sample(g: &Graph, seed: u64) -> Sample {
    let mut dice = DayKey::new(seed, u32::MAX, u32::MAX - 1).global(Purpose::Graph);
    let n = g.len() as u32;
    let mut start = dice.below(n);
    for _ in 0..1000 {
        if !g.friends(start).is_empty() {
            break;
        }
        start = dice.below(n);
    }
    let mut people = vec![start];
    let mut index: HashMap<u32, usize> = HashMap::from([(start, 0)]);
    let mut lines = Vec::new();
    let mut next = 0;
    while next < people.len() && people.len() < SAMPLE_PEOPLE {
        let p = people[next];
        let mut friends: Vec<u32> = g.friends(p).to_vec();
        let mut taken = 0;
        // A partial Fisher-Yates shuffle: random friends, each once.
        for k in 0..friends.len() {
            if taken == FRIENDS_TAKEN || people.len() == SAMPLE_PEOPLE {
                break;
            }
            let j = k + dice.below((friends.len() - k) as u32) as usize;
            friends.swap(k, j);
            let f = friends[k];
            if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(f) {
                slot.insert(people.len());
                lines.push((next, people.len()));
                people.push(f);
                taken += 1;
            }
        }
        next += 1;
    }
    // A few more friendships inside the sample, so clusters show.
    for (k, &p) in people.iter().enumerate() {
        let extra = g
            .friends(p)
            .iter()
            .filter_map(|f| index.get(f).copied())
            .filter(|&j| j > k && !lines.contains(&(k, j)) && !lines.contains(&(j, k)))
            .take(EXTRA_LINES)
            .collect::<Vec<_>>();
        lines.extend(extra.into_iter().map(|j| (k, j)));
    }
    let at = layout(people.len(), &lines, &mut dice);
    Sample { people, lines, at }
}

/// Fruchterman-Reingold with a fixed number of rounds from a seeded start,
/// scaled into the unit square. Deterministic: plain arithmetic in a fixed
/// order.
fn layout(n: usize, lines: &[(usize, usize)], dice: &mut crate::rng::Dice) -> Vec<(f64, f64)> {
    let mut at: Vec<(f64, f64)> = (0..n).map(|_| (dice.uniform(), dice.uniform())).collect();
    if n < 2 {
        return vec![(0.5, 0.5); n];
    }
    let k = (1.0 / n as f64).sqrt();
    let mut heat = 0.1;
    let mut push = vec![(0.0, 0.0); n];
    for _ in 0..LAYOUT_ROUNDS {
        push.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (at[i].0 - at[j].0, at[i].1 - at[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / d2;
                push[i].0 += dx * f;
                push[i].1 += dy * f;
                push[j].0 -= dx * f;
                push[j].1 -= dy * f;
            }
        }
        for &(i, j) in lines {
            let (dx, dy) = (at[i].0 - at[j].0, at[i].1 - at[j].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-9);
            let f = d / k;
            push[i].0 -= dx * f;
            push[i].1 -= dy * f;
            push[j].0 += dx * f;
            push[j].1 += dy * f;
        }
        for (p, d) in at.iter_mut().zip(&push) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt().max(1e-9);
            let step = len.min(heat);
            p.0 += d.0 / len * step;
            p.1 += d.1 / len * step;
        }
        heat *= 0.985;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in &at {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let span = (x1 - x0).max(y1 - y0).max(1e-9);
    at.iter()
        .map(|&(x, y)| {
            (
                (x - x0) / span + (1.0 - (x1 - x0) / span) / 2.0,
                (y - y0) / span + (1.0 - (y1 - y0) / span) / 2.0,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_who_left_is_still_a_customer() {
        assert_eq!(
            classify(flag::CUSTOMER | flag::REACHED, 0.0, 0.6, true),
            PersonState::Customer
        );
        assert_eq!(classify(flag::REACHED, 0.9, 0.6, true), PersonState::Left);
        assert_eq!(classify(0, 0.9, 0.6, false), PersonState::NotReached);
        assert_eq!(
            classify(flag::REACHED, 0.6, 0.6, false),
            PersonState::Trusting
        );
        assert_eq!(
            classify(flag::REACHED, 0.5, 0.6, false),
            PersonState::Reached
        );
    }

    /// Regression: the picture once simulated replicate 0 a second time.
    /// What the run watches must be what that replay saw, person by person.
    #[test]
    fn the_run_watches_what_a_replay_of_replicate_0_would_see() {
        use crate::engine::arm::ArmRun;
        use crate::people::state::locate;
        let s = crate::scenario::from_str(
            "days = 40\nreplicates = 3\n[population]\nsize = 20000\n\
             [population.network]\nmean_degree = 20\n[behaviour]\ntell_per_day = 0.3\n\
             [arms.blast.email-blast]\ncadence_days = 2\n[arms.net.networking]\n\
             conversations_per_day = 300\n[arms.mixed.email-blast]\n[arms.mixed.social-ads]\n\
             [arms.mixed.link-bait]\n[arms.mixed.community]\n",
        )
        .unwrap();
        let (_, _, seen) = crate::engine::run_watched(
            &s,
            &s.load_edge_lists().unwrap(),
            &Default::default(),
            |w| SpreadPicture::watch(&s, w),
        );
        let picture = SpreadPicture::new(&s, seen);
        let world = World::new(&s, &s.load_edge_lists().unwrap(), 0);
        let tell_trust = s.behaviour.tell_trust as f32;
        let mut changed = false;
        for (a, arm) in s.arms.iter().zip(&picture.arms) {
            let plan = ArmPlan::new(a, &s);
            let people = &picture.samples[arm.sample.unwrap()]
                .as_ref()
                .unwrap()
                .people;
            let mut run = ArmRun::new(&world, &plan);
            let kept = |run: &ArmRun, p: u32| {
                let (c, i) = locate(p);
                run.chunks()[c].flags[i] & (flag::ON_LIST | flag::FOLLOWER)
            };
            let mut had: Vec<Flags> = people.iter().map(|&p| kept(&run, p)).collect();
            let mut left = vec![false; people.len()];
            let mut states = Vec::new();
            for day in 1..=s.days {
                run.step();
                for (k, &p) in people.iter().enumerate() {
                    left[k] |= had[k] & !kept(&run, p) != 0;
                    had[k] = kept(&run, p);
                }
                if picture.days.contains(&day) {
                    let c = run.chunks();
                    states.push(
                        people
                            .iter()
                            .zip(&left)
                            .map(|(&p, &gone)| {
                                let (ci, i) = locate(p);
                                classify(c[ci].flags[i], c[ci].trust[i], tell_trust, gone)
                            })
                            .collect::<Vec<_>>(),
                    );
                }
            }
            assert_eq!(arm.states, states, "arm {}", arm.arm);
            // Ever reached is cumulative and counts at least everyone whose
            // state says reached, trusting or customer.
            assert!(arm.ever_reached.windows(2).all(|w| w[0] <= w[1]));
            for (ever, day) in arm.ever_reached.iter().zip(&states) {
                let now = day
                    .iter()
                    .filter(|&&st| {
                        matches!(
                            st,
                            PersonState::Reached | PersonState::Trusting | PersonState::Customer
                        )
                    })
                    .count();
                assert!(
                    *ever >= now,
                    "arm {}: {ever} ever reached, {now} now",
                    arm.arm
                );
            }
            changed |= states.first() != states.last();
        }
        assert!(changed, "the sampled people's states change during the run");
    }

    #[test]
    fn chosen_days_are_distinct_and_in_the_run() {
        assert_eq!(chosen_days(365), [30, 91, 182, 365]);
        assert_eq!(chosen_days(2), [1, 2]);
        assert_eq!(chosen_days(1), [1]);
    }

    #[test]
    fn the_sample_is_connected_and_fits_the_square() {
        let s = crate::scenario::from_str(
            "[population]\nsize = 3000\n[population.network]\nmean_degree = 20\n[arms.a.networking]\n",
        )
        .unwrap();
        let g = crate::people::world::Friends::new(
            &s.population.network,
            &s.load_edge_lists().unwrap(),
            3000,
            1,
            0,
        );
        let one = sample(g.graph().unwrap(), 1);
        assert_eq!(one.people.len(), SAMPLE_PEOPLE);
        assert!(one.lines.len() >= SAMPLE_PEOPLE - 1);
        assert!(one
            .at
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
        assert_eq!(
            one,
            sample(g.graph().unwrap(), 1),
            "the same seed, the same sample"
        );
    }
}
