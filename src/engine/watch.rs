//! Watching a few people of replicate 0 while the run simulates them, for
//! the report's spread picture: the state of each watched person at the end
//! of a few chosen days. Looked at between days, never inside the day loop,
//! and only for the handful of people asked for (about 200 per arm), so the
//! run costs the same with or without a watch. What the states mean is
//! decided elsewhere (`spread::classify`).

use crate::people::state::{flag, locate, Chunk, Flags};

/// Whom to watch in replicate 0, and when.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Watch {
    /// Days at whose end to look, 1-based, ascending.
    pub days: Vec<u32>,
    /// People to look at, per network of the world (`World::networks`):
    /// every arm on that network watches them. `None` watches nobody.
    pub people: Vec<Option<Vec<u32>>>,
}

impl Watch {
    /// Watches nobody.
    pub fn nobody() -> Self {
        Watch::default()
    }
}

/// One watched person at the end of one watched day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sighting {
    pub flags: Flags,
    pub trust: f32,
    /// Has lost list membership or following at some point so far.
    pub left: bool,
}

/// One arm's sightings, `[day][person]`, days and people as in its `Watch`
/// (empty when the arm watched nobody).
pub type Sightings = Vec<Vec<Sighting>>;

/// What an arm keeps while it watches: the memberships each person held
/// yesterday, to tell when one is lost.
pub(crate) struct Watcher<'a> {
    people: &'a [u32],
    days: &'a [u32],
    had: Vec<Flags>,
    left: Vec<bool>,
    seen: Sightings,
}

/// The memberships a person can lose.
fn kept(chunks: &[Chunk], p: u32) -> Flags {
    let (c, i) = locate(p);
    chunks[c].flags[i] & (flag::ON_LIST | flag::FOLLOWER)
}

impl<'a> Watcher<'a> {
    /// Starts watching `people` from their state before day 1.
    pub(crate) fn new(people: &'a [u32], days: &'a [u32], chunks: &[Chunk]) -> Self {
        Watcher {
            people,
            days,
            had: people.iter().map(|&p| kept(chunks, p)).collect(),
            left: vec![false; people.len()],
            seen: Vec::with_capacity(days.len()),
        }
    }

    /// Looks at the people after day `day` (1-based) has been simulated.
    /// Called after every day: leaving is noticed on the day it happens.
    pub(crate) fn after(&mut self, day: u32, chunks: &[Chunk]) {
        for ((&p, had), left) in self.people.iter().zip(&mut self.had).zip(&mut self.left) {
            let now = kept(chunks, p);
            *left |= *had & !now != 0;
            *had = now;
        }
        if self.days.contains(&day) {
            let seen = self.people.iter().zip(&self.left).map(|(&p, &left)| {
                let (c, i) = locate(p);
                Sighting {
                    flags: chunks[c].flags[i],
                    trust: chunks[c].trust[i],
                    left,
                }
            });
            self.seen.push(seen.collect());
        }
    }

    /// The sightings of day `day`, if it is a watched day already looked at
    /// (the live page draws each watched day as it comes).
    pub(crate) fn seen_on(&self, day: u32) -> Option<&[Sighting]> {
        let k = self.days.binary_search(&day).ok()?;
        self.seen.get(k).map(Vec::as_slice)
    }

    pub(crate) fn into_sightings(self) -> Sightings {
        self.seen
    }
}
