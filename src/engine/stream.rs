//! The engine's one way to run a scenario: every arm of every replicate,
//! day by day, handing each finished day to a sink as it is computed. The
//! batch run (`run`), the progress bar, `sweep` and `serve` all go through
//! here. The sink can stop the run between days.
//!
//! Replicates run in groups whose size depends only on the scenario (so
//! the order days arrive in never depends on the thread count); the arms of
//! a group's replicates advance together a block of days at a time (one
//! day for 10,000,000 people, two for 1,000,000, up to 16 for small ones,
//! so that the threads do not meet for every fraction of a millisecond;
//! the first day alone, so a page shows it at once), each arm's day
//! parallel across its chunks. The block's days are handed over, in order,
//! once every arm of every replicate of the group has finished the block. Each arm runs on its own state
//! from dice keyed by person, so stepping them together or apart gives the
//! same values.
//!
//! With a [`Cache`], a replicate's generated graphs and an arm's whole
//! trajectory come from earlier runs when nothing they depend on changed;
//! a kept trajectory is handed over day by day like a computed one.

use super::arm::ArmRun;
use super::cache::{self, Cache};
use super::watch::{Sighting, Sightings, Watch, Watcher};
use crate::metrics::DayMetrics;
use crate::people::start::Start;
use crate::people::world::{generate, Friends, World};
use crate::population::edge_list::LoadedGraphs;
use crate::scenario::Scenario;
use crate::tactics::ArmPlan;
use rayon::prelude::*;
use std::ops::{ControlFlow, Range};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One day of every arm of a group of replicates.
#[derive(Clone, Debug)]
pub struct DayBatch<'a> {
    /// The day, 1-based.
    pub day: u32,
    /// The replicates of this group (consecutive).
    pub replicates: Range<u32>,
    /// Arms per replicate, in the scenario's order.
    pub arms: usize,
    /// People per arm (for progress: each metric is this many agent-days).
    pub people: u32,
    /// `[replicate - replicates.start][arm]`, flattened.
    pub metrics: &'a [DayMetrics],
    /// On a watched day of the group holding replicate 0, each arm's
    /// sightings of that day (`None` for an arm watching nobody); empty
    /// otherwise. What the run will also return whole, handed over as it is
    /// seen, so a page can draw the spread day by day.
    pub watched: Vec<Option<&'a [Sighting]>>,
}

impl<'a> DayBatch<'a> {
    /// The day's metrics of `arm` in `replicate` (which must be in the group).
    pub fn get(&self, replicate: u32, arm: usize) -> &'a DayMetrics {
        &self.metrics[(replicate - self.replicates.start) as usize * self.arms + arm]
    }

    /// `(replicate, arm, metrics)`, replicates ascending, then arms.
    pub fn iter(&self) -> impl Iterator<Item = (u32, usize, &'a DayMetrics)> + '_ {
        let (start, arms) = (self.replicates.start, self.arms);
        let metrics: &'a [DayMetrics] = self.metrics;
        metrics
            .iter()
            .enumerate()
            .map(move |(i, m)| (start + (i / arms) as u32, i % arms, m))
    }

    /// People x arms x replicates of this day.
    pub fn agent_days(&self) -> u64 {
        u64::from(self.people) * self.metrics.len() as u64
    }
}

/// How a streamed run ended.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Streamed {
    /// Every day of every replicate was handed over (the sink never stopped it).
    pub finished: bool,
    /// Building graphs, summed over replicates (zero for kept graphs).
    pub graph: Duration,
}

/// Runs `s`, handing every day of every arm and replicate to `sink` as it
/// is computed. `graphs` holds the scenario's edge lists
/// (`Scenario::load_edge_lists`); `cache`, if any, supplies and keeps
/// graphs and trajectories. The sink is called on the calling thread, in
/// a fixed order: groups of replicates ascending, within a group days
/// ascending; it stops the run by returning `ControlFlow::Break`. Runs on
/// the current rayon pool (`pool.install` to choose one).
pub fn stream(
    s: &Scenario,
    graphs: &LoadedGraphs,
    cache: Option<&Cache>,
    sink: impl FnMut(&DayBatch) -> ControlFlow<()>,
) -> Streamed {
    type NoWatch = fn(&World) -> ((), Watch);
    stream_watched(s, graphs, cache, None::<NoWatch>, sink).0
}

/// What the watch of replicate 0 saw.
#[derive(Clone, Debug, PartialEq)]
pub struct Watched<T> {
    /// What the watch's maker kept alongside it.
    pub kept: T,
    /// Each arm's sightings, in the scenario's order.
    pub arms: Vec<Sightings>,
}

/// [`stream`], also watching a few people of replicate 0: `watch` is
/// called once with replicate 0's world, before its arms start, and says
/// whom to watch and when (and returns anything else it wants kept).
/// Replicate 0's arms are simulated even when kept in the cache, so they
/// can be watched. The watch is `None` if the run was stopped.
pub fn stream_watched<T, W>(
    s: &Scenario,
    graphs: &LoadedGraphs,
    cache: Option<&Cache>,
    watch: Option<W>,
    mut sink: impl FnMut(&DayBatch) -> ControlFlow<()>,
) -> (Streamed, Option<Watched<T>>)
where
    T: Send,
    W: Fn(&World) -> (T, Watch) + Sync,
{
    let plans: Vec<ArmPlan> = s.arms.iter().map(|a| ArmPlan::new(a, s)).collect();
    let arms = plans.len();
    let mut graph = Duration::ZERO;
    let mut watched = None;
    let at_once = replicates_at_once(s);
    let mut metrics = Vec::with_capacity(at_once * arms);
    let mut start = 0;
    while start < s.replicates {
        let reps = start..(start + at_once as u32).min(s.replicates);
        start = reps.end;
        let group = Group::prepare(s, graphs, cache, &plans, reps.clone(), watch.is_some());
        graph += group.graph_time;
        let kept_watch = match (&watch, group.world_of(0)) {
            (Some(w), Some(world)) => Some(w(world)),
            _ => None,
        };
        let mut runs = group.start_runs(&plans, s.days, kept_watch.as_ref().map(|(_, w)| w));
        let record = cache.is_some();
        let block = days_per_block(s, reps.len());
        let mut first = 1;
        while first <= s.days {
            // The first day alone, so a page draws it as soon as it can.
            let len = if first == 1 { 1 } else { block };
            let last = first.saturating_add(len - 1).min(s.days);
            runs.par_iter_mut()
                .for_each(|r| r.advance(first..=last, record));
            for day in first..=last {
                let k = (day - first) as usize;
                metrics.clear();
                metrics.resize(reps.len() * arms, DayMetrics::default());
                for r in &runs {
                    metrics[r.slot] = r.block[k];
                }
                for (slot, days) in &group.kept {
                    metrics[*slot] = days[day as usize - 1];
                }
                // Replicate 0's arms are the group's first slots.
                let watched = match &kept_watch {
                    Some((_, w)) if w.days.binary_search(&day).is_ok() => (0..arms)
                        .map(|a| {
                            let r = runs.iter().find(|r| r.slot == a)?;
                            r.watcher.as_ref()?.seen_on(day)
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let batch = DayBatch {
                    day,
                    replicates: reps.clone(),
                    arms,
                    people: s.population.size,
                    metrics: &metrics,
                    watched,
                };
                if sink(&batch).is_break() {
                    return (
                        Streamed {
                            finished: false,
                            graph,
                        },
                        None,
                    );
                }
            }
            first = last + 1;
        }
        if let Some(cache) = cache {
            for r in &mut runs {
                if let Some(key) = r.key {
                    cache.keep_days(key, std::mem::take(&mut r.record));
                }
            }
        }
        // Replicate 0's arms are the group's first slots.
        let mut sightings: Vec<Sightings> = vec![Vec::new(); arms];
        for r in runs.iter_mut().filter(|r| r.slot < arms) {
            if let Some(w) = r.watcher.take() {
                sightings[r.slot] = w.into_sightings();
            }
        }
        drop(runs);
        if let Some((kept, _)) = kept_watch {
            watched = Some(Watched {
                kept,
                arms: sightings,
            });
        }
    }
    (
        Streamed {
            finished: true,
            graph,
        },
        watched,
    )
}

/// Most people whose arms are simulated at once (summed over the replicates
/// of a group): small populations run many replicates together, which keeps
/// both cores busy, large ones one at a time, which bounds memory (their
/// days are parallel across chunks anyway). Not the thread count, so that
/// the order days arrive in is the same on every machine.
const PEOPLE_AT_ONCE: u32 = 1 << 18;

/// Agent-days a group simulates between two hand-overs, at least: small
/// populations advance several days per parallel step, so the threads
/// meet once per block of days instead of once a day (at the default
/// scenario's size a day is a fraction of a millisecond, and meeting
/// cost about a tenth of the time).
const AGENT_DAYS_PER_BLOCK: u64 = 1 << 22;

/// Days each arm advances before the group's days are handed over (after
/// the first day, handed over alone): from the scenario alone, at most 16.
/// Values never depend on it, only when they arrive.
fn days_per_block(s: &Scenario, replicates: usize) -> u32 {
    let per_day = u64::from(s.population.size) * replicates as u64 * s.arms.len() as u64;
    (AGENT_DAYS_PER_BLOCK / per_day.max(1)).clamp(1, 16) as u32
}

/// How many replicates run together. Values never depend on it.
pub fn replicates_at_once(s: &Scenario) -> usize {
    (PEOPLE_AT_ONCE / s.population.size.max(1)).clamp(1, s.replicates.max(1)) as usize
}

/// A group of replicates ready to start: their worlds (where some arm must
/// be simulated) and the trajectories kept in the cache.
struct Group {
    reps: Range<u32>,
    arms: usize,
    worlds: Vec<Option<World>>,
    /// `(slot, trajectory)` of the arms replayed from the cache.
    kept: Vec<(usize, Arc<[DayMetrics]>)>,
    /// Cache keys of the arms to simulate, by slot (`None`: not kept).
    keys: Vec<Option<cache::Key>>,
    graph_time: Duration,
}

impl Group {
    fn prepare(
        s: &Scenario,
        graphs: &LoadedGraphs,
        cache: Option<&Cache>,
        plans: &[ArmPlan],
        reps: Range<u32>,
        watching: bool,
    ) -> Self {
        let arms = plans.len();
        let mut kept = Vec::new();
        let mut keys = vec![None; reps.len() * arms];
        if let Some(cache) = cache {
            for (i, r) in reps.clone().enumerate() {
                for a in 0..arms {
                    let Some(key) = cache::arm_key(s, a, r) else {
                        continue;
                    };
                    let slot = i * arms + a;
                    // Replicate 0 is simulated when watched, kept or not.
                    let found = if watching && r == 0 {
                        None
                    } else {
                        cache.days(&key)
                    };
                    match found {
                        Some(days) => kept.push((slot, days)),
                        None => keys[slot] = Some(key),
                    }
                }
            }
        }
        let needed: Vec<bool> = (0..reps.len())
            .map(|i| (0..arms).any(|a| !kept.iter().any(|(slot, _)| *slot == i * arms + a)))
            .collect();
        let built: Vec<(Option<World>, Duration)> = reps
            .clone()
            .into_par_iter()
            .zip(needed)
            .map(|(r, needed)| {
                if !needed {
                    return (None, Duration::ZERO);
                }
                let t = Instant::now();
                let world = world(s, graphs, cache, r);
                (Some(world), t.elapsed())
            })
            .collect();
        let graph_time = built.iter().map(|(_, t)| *t).sum();
        Group {
            reps,
            arms,
            worlds: built.into_iter().map(|(w, _)| w).collect(),
            kept,
            keys,
            graph_time,
        }
    }

    fn world_of(&self, replicate: u32) -> Option<&World> {
        if !self.reps.contains(&replicate) {
            return None;
        }
        self.worlds[(replicate - self.reps.start) as usize].as_ref()
    }

    /// An arm run for every slot not replayed from the cache.
    fn start_runs<'a>(
        &'a self,
        plans: &'a [ArmPlan],
        days: u32,
        watch: Option<&'a Watch>,
    ) -> Vec<Running<'a>> {
        let slots: Vec<usize> = (0..self.keys.len())
            .filter(|slot| !self.kept.iter().any(|(k, _)| k == slot))
            .collect();
        slots
            .into_par_iter()
            .map(|slot| {
                let (i, a) = (slot / self.arms, slot % self.arms);
                let world = self.worlds[i]
                    .as_ref()
                    .expect("built for every simulated arm");
                let run = ArmRun::new(world, &plans[a]);
                let watcher = watch.filter(|_| world.replicate == 0).and_then(|watch| {
                    let people = watch.people.get(plans[a].network)?.as_deref()?;
                    Some(Watcher::new(people, &watch.days, run.chunks()))
                });
                let key = self.keys[slot];
                Running {
                    slot,
                    run,
                    watcher,
                    block: Vec::with_capacity(16),
                    key,
                    // Allocated once: the day loop only pushes.
                    record: Vec::with_capacity(if key.is_some() { days as usize } else { 0 }),
                }
            })
            .collect()
    }
}

/// Builds replicate `replicate`'s generated graphs of `s` into `cache`, as
/// a run would, so that a later run of `s` finds them ready: a server warms
/// a scenario so while it waits for the page's first Run. Nothing else of a
/// world is worth keeping (the rest is a few numbers).
pub fn warm(s: &Scenario, cache: &Cache, replicate: u32) {
    for net in s.networks() {
        if let Some(key) = cache::graph_key(net, s, replicate) {
            cache.graph(key, || {
                generate(net, s.population.size, s.seed, replicate)
                    .expect("a keyed network is generated")
            });
        }
    }
}

/// One replicate's world, its generated graphs and its people's start
/// from `cache` when kept.
fn world(s: &Scenario, graphs: &LoadedGraphs, cache: Option<&Cache>, r: u32) -> World {
    let people = s.population.size;
    let networks = s
        .networks()
        .into_iter()
        .map(|net| match (cache, cache::graph_key(net, s, r)) {
            (Some(cache), Some(key)) => Friends::Graph(cache.graph(key, || {
                generate(net, people, s.seed, r).expect("a keyed network is generated")
            })),
            _ => Friends::new(net, graphs, people, s.seed, r),
        })
        .collect();
    match cache {
        Some(cache) => World::with_start(s, r, networks, |p, init| {
            cache.start(cache::start_key(p, s.seed, r), || Start::new(p, init))
        }),
        None => World::with_networks(s, r, networks),
    }
}

/// An arm being simulated in a group.
struct Running<'a> {
    /// `[replicate - group start][arm]`, flattened.
    slot: usize,
    run: ArmRun<'a>,
    watcher: Option<Watcher<'a>>,
    /// The metrics of the days of the block just simulated.
    block: Vec<DayMetrics>,
    /// Where to keep the trajectory (with a cache).
    key: Option<cache::Key>,
    record: Vec<DayMetrics>,
}

impl Running<'_> {
    /// Simulates the days `days`, keeping their metrics in `block`.
    fn advance(&mut self, days: std::ops::RangeInclusive<u32>, record: bool) {
        self.block.clear();
        for day in days {
            let today = self.run.step();
            if let Some(w) = &mut self.watcher {
                w.after(day, self.run.chunks());
            }
            if record && self.key.is_some() {
                self.record.push(today);
            }
            self.block.push(today);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest populations hand over every day; small ones up to 16
    /// at a time; never none.
    #[test]
    fn blocks_of_days_follow_the_work_per_day() {
        let at = |people: u32, replicates: u32| {
            let s = crate::scenario::from_str(&format!(
                "replicates = {replicates}\n[population]\nsize = {people}\n\
                 [arms.a.email-blast]\n[arms.b.networking]\n"
            ))
            .unwrap();
            days_per_block(&s, replicates_at_once(&s))
        };
        assert_eq!(at(10_000_000, 1), 1);
        assert_eq!(at(1_000_000, 1), 2);
        assert_eq!(at(10_000, 10), 16);
        assert_eq!(at(1_000, 1), 16);
        assert!((1..=16).contains(&at(200_000, 2)));
    }
}
