//! What a run can reuse from earlier runs in the same process: each
//! replicate's generated graphs and people as every arm starts them
//! (`people::start`), and each arm's whole trajectory, keyed by a
//! hash of exactly what they depend on (docs/ARCHITECTURE.md, "Engine").
//! A sweep builds a replicate's graphs once for every combination that
//! shares them and simulates an arm once for every combination that leaves
//! it unchanged; a long-lived process (a live page's server) reuses both across
//! runs. Memory is bounded: least recently used entries go first once the
//! cap in bytes is passed. A hit returns the very values a miss computes, so
//! output never depends on the cache.
//!
//! Looked up between days and before a replicate starts, never inside the
//! day loop, so the lock is not on the simulation's path.

use crate::metrics::DayMetrics;
use crate::people::start::{Start, StartParams};
use crate::population::Graph;
use crate::scenario::{NetworkConfig, Scenario};
use lru::LruCache;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A SHA-256 of the canonical (JSON) form of everything an entry depends on.
pub type Key = [u8; 32];

#[derive(Clone)]
enum Entry {
    Graph(Arc<Graph>),
    Start(Arc<Start>),
    Days(Arc<[DayMetrics]>),
}

impl Entry {
    fn bytes(&self) -> u64 {
        let own = match self {
            Entry::Graph(g) => g.heap_bytes(),
            Entry::Start(s) => s.heap_bytes(),
            Entry::Days(d) => std::mem::size_of_val::<[DayMetrics]>(d),
        };
        // The key and the list's bookkeeping, so tiny entries count too.
        own as u64 + 128
    }
}

/// How a cache has been used, for tests, benches and the curious.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub graph_hits: u64,
    pub graph_misses: u64,
    pub start_hits: u64,
    pub start_misses: u64,
    pub arm_hits: u64,
    pub arm_misses: u64,
    /// Entries and bytes held now.
    pub entries: u64,
    pub bytes: u64,
}

struct Inner {
    lru: LruCache<Key, Entry>,
    bytes: u64,
    stats: CacheStats,
}

/// Graphs and arm trajectories kept between runs, at most `cap` bytes.
/// Shared by reference (or in an `Arc`) between threads and runs.
pub struct Cache {
    /// The cap in bytes; a sweep lowers it for a combination that needs
    /// more of the memory itself (`set_cap`).
    cap: AtomicU64,
    inner: Mutex<Inner>,
}

impl Cache {
    /// An empty cache holding at most `cap_bytes` (an entry larger than
    /// the cap is never kept).
    pub fn new(cap_bytes: u64) -> Self {
        Cache {
            cap: AtomicU64::new(cap_bytes),
            inner: Mutex::new(Inner {
                lru: LruCache::unbounded(),
                bytes: 0,
                stats: CacheStats::default(),
            }),
        }
    }

    /// A cap for a process that runs one scenario after another: a quarter
    /// of the memory available now (1 GiB where that cannot be read).
    pub fn default_cap() -> u64 {
        super::resources::available_bytes().map_or(1 << 30, Self::default_cap_of)
    }

    /// The default cap when `available` bytes are available.
    pub fn default_cap_of(available: u64) -> u64 {
        available / 4
    }

    pub fn stats(&self) -> CacheStats {
        let inner = self.lock();
        CacheStats {
            entries: inner.lru.len() as u64,
            bytes: inner.bytes,
            ..inner.stats
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // Nothing panics while the lock is held (see `keep`), but a poisoned
        // lock would still hold consistent entries.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The graph under `key`, built by `build` (outside the lock) if absent.
    pub(crate) fn graph(&self, key: Key, build: impl FnOnce() -> Graph) -> Arc<Graph> {
        {
            let mut inner = self.lock();
            if let Some(Entry::Graph(g)) = inner.lru.get(&key) {
                let g = g.clone();
                inner.stats.graph_hits += 1;
                return g;
            }
            inner.stats.graph_misses += 1;
        }
        let g = Arc::new(build());
        self.keep(key, Entry::Graph(g.clone()));
        g
    }

    /// The people's start under `key`, made by `make` (outside the lock)
    /// if absent.
    pub(crate) fn start(&self, key: Key, make: impl FnOnce() -> Start) -> Arc<Start> {
        {
            let mut inner = self.lock();
            if let Some(Entry::Start(s)) = inner.lru.get(&key) {
                let s = s.clone();
                inner.stats.start_hits += 1;
                return s;
            }
            inner.stats.start_misses += 1;
        }
        let s = Arc::new(make());
        self.keep(key, Entry::Start(s.clone()));
        s
    }

    /// The trajectory under `key`, if kept.
    pub(crate) fn days(&self, key: &Key) -> Option<Arc<[DayMetrics]>> {
        let mut inner = self.lock();
        match inner.lru.get(key) {
            Some(Entry::Days(d)) => {
                let d = d.clone();
                inner.stats.arm_hits += 1;
                Some(d)
            }
            _ => {
                inner.stats.arm_misses += 1;
                None
            }
        }
    }

    /// Keeps a whole trajectory under `key`.
    pub(crate) fn keep_days(&self, key: Key, days: Vec<DayMetrics>) {
        self.keep(key, Entry::Days(days.into()));
    }

    /// Sets the cap to `cap_bytes`, dropping least recently used entries
    /// until what is kept fits under it.
    pub fn set_cap(&self, cap_bytes: u64) {
        self.cap.store(cap_bytes, Ordering::Relaxed);
        let mut inner = self.lock();
        Self::evict(&mut inner, cap_bytes);
    }

    fn evict(inner: &mut Inner, cap: u64) {
        while inner.bytes > cap {
            let Some((_, gone)) = inner.lru.pop_lru() else {
                break;
            };
            inner.bytes -= gone.bytes();
        }
    }

    fn keep(&self, key: Key, entry: Entry) {
        let size = entry.bytes();
        let cap = self.cap.load(Ordering::Relaxed);
        if size > cap {
            return;
        }
        let mut inner = self.lock();
        if let Some(old) = inner.lru.put(key, entry) {
            inner.bytes -= old.bytes();
        }
        inner.bytes += size;
        Self::evict(&mut inner, cap);
    }
}

fn hash(what: &impl Serialize) -> Key {
    let json = serde_json::to_vec(what).expect("validated configs serialise");
    Sha256::digest(json).into()
}

/// The key of a generated graph: the network's settings, the number of
/// people, the seed and the replicate (`people::world::generate`). `None`
/// for networks that are not generated (well-mixed, edge lists).
pub(crate) fn graph_key(net: &NetworkConfig, s: &Scenario, replicate: u32) -> Option<Key> {
    if matches!(
        net,
        NetworkConfig::WellMixed | NetworkConfig::EdgeList { .. }
    ) {
        return None;
    }
    #[derive(Serialize)]
    struct GraphKey<'a> {
        what: &'static str,
        network: &'a NetworkConfig,
        people: u32,
        seed: u64,
        replicate: u32,
    }
    Some(hash(&GraphKey {
        what: "graph",
        network: net,
        people: s.population.size,
        seed: s.seed,
        replicate,
    }))
}

/// The key of a replicate's people as every arm starts them
/// (`people::start`): exactly what they are drawn from, so a change of
/// the network, which they do not depend on, keeps them.
pub(crate) fn start_key(params: &StartParams, seed: u64, replicate: u32) -> Key {
    #[derive(Serialize)]
    struct StartKey<'a> {
        what: &'static str,
        params: &'a StartParams,
        seed: u64,
        replicate: u32,
    }
    hash(&StartKey {
        what: "start",
        params,
        seed,
        replicate,
    })
}

/// The key of arm `arm`'s trajectory in `replicate`: its world (seed,
/// replicate, population with its network), the shared behaviour and money
/// settings, the arm's own settings (tactics, start and stop, own network;
/// not its name) and the number of days. `None` for an arm on an edge list
/// (a file's contents are not part of the scenario, so they cannot be keyed
/// by it).
pub(crate) fn arm_key(s: &Scenario, arm: usize, replicate: u32) -> Option<Key> {
    let a = &s.arms[arm];
    let network = a.network.as_ref().unwrap_or(&s.population.network);
    if matches!(network, NetworkConfig::EdgeList { .. }) {
        return None;
    }
    #[derive(Serialize)]
    struct ArmKey<'a> {
        what: &'static str,
        seed: u64,
        replicate: u32,
        days: u32,
        population: &'a crate::scenario::PopulationConfig,
        behaviour: &'a crate::scenario::BehaviourConfig,
        money: &'a crate::scenario::MoneyConfig,
        arm: &'a crate::scenario::ArmConfig,
    }
    Some(hash(&ArmKey {
        what: "arm",
        seed: s.seed,
        replicate,
        days: s.days,
        population: &s.population,
        behaviour: &s.behaviour,
        money: &s.money,
        arm: a,
    }))
}
