//! The streaming engine and its cache: streamed days are the batch run's,
//! in the same order at any thread count; a sink can stop a run between
//! days; and a run that reuses cached graphs and arms gives the values a
//! fresh one computes, for sweeps that change a tactic, a behaviour and a
//! network knob (the CLI's sweep.csv included).

use crate::support::{load, outreach};
use outreach::engine::{self, Cache, DayBatch};
use outreach::metrics::DayMetrics;
use outreach::output::sweep_csv;
use outreach::scenario::{self, Scenario};
use outreach::sweep::Sweep;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};

/// Small enough to run often, with several chunks, several replicates per
/// group and word of mouth, and an arm on a network of its own.
const SMALL: &str = r#"
name = "stream"
days = 30
replicates = 5
seed = 11
[population]
size = 20000
[population.network]
mean_degree = 12
[behaviour]
tell_per_day = 0.3
[arms.blast.email-blast]
cadence_days = 2
[arms.networking.networking]
conversations_per_day = 200
[arms.ads.social-ads]
offence_rate = 0.05
[arms.ads.network]
kind = "random"
mean_degree = 8
"#;

/// Debug text compares NaN ratios as equal, which `==` would not.
fn text<T: std::fmt::Debug>(v: &T) -> String {
    format!("{v:?}")
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// Every streamed day into `[arm][replicate][day]`, and the order of the
/// sink's calls as `(day, first replicate, replicates)`.
type Collected = (Vec<Vec<Vec<DayMetrics>>>, Vec<(u32, u32, u32)>);

fn collect(s: &Scenario, cache: Option<&Cache>) -> Collected {
    let mut series = vec![vec![Vec::new(); s.replicates as usize]; s.arms.len()];
    let mut calls = Vec::new();
    let graphs = s.load_edge_lists().unwrap();
    let ended = engine::stream(s, &graphs, cache, |b: &DayBatch| {
        calls.push((b.day, b.replicates.start, b.replicates.end));
        for (r, a, m) in b.iter() {
            assert_eq!(text(b.get(r, a)), text(m));
            series[a][r as usize].push(*m);
        }
        ControlFlow::Continue(())
    });
    assert!(ended.finished);
    (series, calls)
}

#[test]
fn streamed_days_are_the_batch_run_in_one_order_at_any_thread_count() {
    let s = scenario::from_str(SMALL).unwrap();
    let batch = engine::run(&s, &s.load_edge_lists().unwrap(), &AtomicU64::new(0));
    let mut first: Option<Collected> = None;
    for threads in [1, 2, 3] {
        let got = pool(threads).install(|| collect(&s, None));
        assert_eq!(text(&got.0), text(&batch.series), "{threads} thread(s)");
        match &first {
            None => first = Some(got),
            Some(f) => assert_eq!(f.1, got.1, "call order at {threads} thread(s)"),
        }
    }
    let calls = first.unwrap().1;
    // Every (replicate, day) exactly once, days ascending within a group.
    assert_eq!(
        calls.iter().map(|c| c.2 - c.1).sum::<u32>(),
        s.replicates * s.days
    );
    assert!(calls
        .windows(2)
        .all(|w| w[0].1 < w[1].1 || w[1].0 == w[0].0 + 1));
    assert!(calls.iter().any(|c| c.2 - c.1 > 1), "groups of replicates");
}

#[test]
fn a_sink_stops_the_run_between_days_from_another_thread() {
    // Owned data moved to a worker, days sent down a channel, and a flag
    // set by the receiver: what a server does.
    let s = Arc::new(scenario::from_str(SMALL).unwrap());
    let cache = Arc::new(Cache::new(1 << 30));
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::sync_channel::<u32>(0);
    let worker = {
        let (s, cache, stop) = (s.clone(), cache.clone(), stop.clone());
        std::thread::spawn(move || {
            let graphs = s.load_edge_lists().unwrap();
            engine::stream(&s, &graphs, Some(&cache), |b: &DayBatch| {
                if stop.load(Ordering::SeqCst) {
                    return ControlFlow::Break(());
                }
                tx.send(b.day)
                    .map_or(ControlFlow::Break(()), ControlFlow::Continue)
            })
        })
    };
    for expected in 1..=3 {
        assert_eq!(rx.recv().unwrap(), expected);
    }
    stop.store(true, Ordering::SeqCst);
    drop(rx);
    let ended = worker.join().unwrap();
    assert!(!ended.finished);
    // A stopped run keeps its graphs but no partial trajectory.
    let stats = cache.stats();
    assert!(stats.graph_misses > 0);
    assert_eq!(
        stats.entries,
        stats.graph_misses + stats.start_misses,
        "{stats:?}"
    );
    // The next run reuses the graphs and gives the batch values.
    let fresh = engine::run(&s, &s.load_edge_lists().unwrap(), &AtomicU64::new(0));
    let (again, _) = collect(&s, Some(&cache));
    assert_eq!(text(&again), text(&fresh.series));
    assert!(cache.stats().graph_hits >= stats.graph_misses);
}

/// The sweep's combinations run with one shared cache and without any give
/// the same results; returns the cache's use.
fn cached_equals_fresh(axis: &str) -> engine::CacheStats {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("sweep.toml");
    std::fs::write(&file, format!("{SMALL}\n[sweep]\n{axis}\n")).unwrap();
    let sweep = Sweep::load(Some(&file), &[]).unwrap().expect("a sweep");
    let cache = Cache::new(1 << 30);
    for threads in [1, 2] {
        pool(threads).install(|| {
            for i in 0..sweep.grid.len() {
                let s = sweep.scenario(i).unwrap();
                let graphs = s.load_edge_lists().unwrap();
                let fresh = engine::run(&s, &graphs, &AtomicU64::new(0));
                let cached = engine::run_cached(&s, &graphs, Some(&cache), &AtomicU64::new(0));
                assert_eq!(text(&cached), text(&fresh), "{axis}: combination {i}");
            }
        });
    }
    cache.stats()
}

#[test]
fn a_swept_tactic_knob_reuses_graphs_and_unchanged_arms() {
    let stats = cached_equals_fresh(r#""arms.blast.email-blast.cadence_days" = [1, 3, 7]"#);
    // 5 replicates x 2 networks built once; networking and ads simulated
    // once; the blast once per value. The second pass (2 threads) hits all.
    assert_eq!(stats.graph_misses, 10, "{stats:?}");
    assert_eq!(stats.arm_misses, 5 * (2 + 3), "{stats:?}");
    assert_eq!(
        stats.arm_hits,
        5 * 3 * 3 * 2 - stats.arm_misses,
        "{stats:?}"
    );
}

#[test]
fn a_swept_behaviour_knob_reuses_graphs_only() {
    let stats = cached_equals_fresh(r#""behaviour.tell_per_day" = [0.1, 0.3]"#);
    assert_eq!(stats.graph_misses, 10, "{stats:?}");
    assert_eq!(stats.arm_misses, 5 * 3 * 2, "{stats:?}");
}

#[test]
fn a_swept_network_knob_rebuilds_its_graphs_and_keeps_the_others() {
    let stats = cached_equals_fresh(r#""population.network.mean_degree" = [6, 12]"#);
    // The ads arm's own network is the same for both values.
    assert_eq!(stats.graph_misses, 5 * 3, "{stats:?}");
    // The people's start does not depend on the network: made once per
    // replicate.
    assert_eq!(stats.start_misses, 5, "{stats:?}");
    // Every arm's world changed: nothing reused in the first pass (the
    // population's network is part of every arm's key).
    assert_eq!(stats.arm_misses, 5 * 3 * 2, "{stats:?}");
}

#[test]
fn a_watched_run_is_the_same_with_a_cache() {
    let s = load(None, &["replicates=3", "days=40"]);
    let graphs = s.load_edge_lists().unwrap();
    let cache = Cache::new(1 << 30);
    let plain = engine::run(&s, &graphs, &AtomicU64::new(0));
    engine::run_cached(&s, &graphs, Some(&cache), &AtomicU64::new(0));
    // Replicate 0 is simulated again to be watched; the rest come from the cache.
    let watch = |w: &outreach::people::world::World| {
        let people = w.networks.iter().map(|_| Some(vec![0, 1, 2])).collect();
        (
            (),
            engine::watch::Watch {
                days: vec![1, 40],
                people,
            },
        )
    };
    let (streamed, watched) =
        engine::stream_watched(&s, &graphs, Some(&cache), Some(watch), |_: &DayBatch| {
            ControlFlow::Continue(())
        });
    assert!(streamed.finished);
    let watched = watched.expect("replicate 0 watched");
    let (_, _, uncached) = engine::run_watched(&s, &graphs, &AtomicU64::new(0), watch);
    assert_eq!(text(&watched.arms), text(&uncached.arms));
    assert_eq!(watched.arms[0].len(), 2);
    let again = engine::run_cached(&s, &graphs, Some(&cache), &AtomicU64::new(0));
    assert_eq!(text(&again), text(&plain));
}

#[test]
fn the_cache_keeps_within_its_cap() {
    let s = scenario::from_str(SMALL).unwrap();
    let graphs = s.load_edge_lists().unwrap();
    // Room for about one graph: later ones push earlier ones out.
    let one = Cache::new(1 << 30);
    engine::run_cached(&s, &graphs, Some(&one), &AtomicU64::new(0));
    let all = one.stats().bytes;
    let cap = all / 4;
    let small = Cache::new(cap);
    let fresh = engine::run(&s, &graphs, &AtomicU64::new(0));
    for _ in 0..2 {
        let r = engine::run_cached(&s, &graphs, Some(&small), &AtomicU64::new(0));
        assert_eq!(text(&r), text(&fresh));
        assert!(small.stats().bytes <= cap, "{:?}", small.stats());
    }
    assert!(small.stats().entries < one.stats().entries);
    // Lowering the cap (a sweep's combination that needs the memory itself)
    // drops entries at once, and a rerun still gives the same values.
    one.set_cap(cap / 2);
    assert!(one.stats().bytes <= cap / 2, "{:?}", one.stats());
    one.set_cap(0);
    assert_eq!(one.stats().entries, 0);
    let r = engine::run_cached(&s, &graphs, Some(&one), &AtomicU64::new(0));
    assert_eq!(text(&r), text(&fresh));
    assert_eq!(one.stats().entries, 0, "nothing is kept under a cap of 0");
}

#[test]
fn the_sweep_command_writes_the_rows_of_uncached_runs() {
    let dir = tempfile::TempDir::new().unwrap();
    let axis = r#""arms.blast.email-blast.cadence_days" = [1, 4]
"behaviour.tell_per_day" = [0.1, 0.3]"#;
    std::fs::write(
        dir.path().join("s.toml"),
        format!("{SMALL}\n[sweep]\n{axis}\n"),
    )
    .unwrap();
    let o = outreach(dir.path())
        .args(["sweep", "s.toml", "-q", "--out", "out", "--threads", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sweep = Sweep::load(Some(&dir.path().join("s.toml")), &[])
        .unwrap()
        .unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    let paths: Vec<String> = sweep.grid.axes.iter().map(|a| a.path.clone()).collect();
    w.write_record(sweep_csv::header(&paths)).unwrap();
    for i in 0..sweep.grid.len() {
        let s = sweep.scenario(i).unwrap();
        let r = engine::run(&s, &s.load_edge_lists().unwrap(), &AtomicU64::new(0));
        let values: Vec<String> = sweep
            .grid
            .values(i)
            .iter()
            .map(|v| v.cell.clone())
            .collect();
        for row in sweep_csv::rows(&values, &r) {
            w.write_record(row).unwrap();
        }
    }
    let expected = w.into_inner().unwrap();
    let written = std::fs::read(Path::new(&dir.path().join("out")).join("sweep.csv")).unwrap();
    assert!(written == expected, "sweep.csv differs from uncached runs");
}
