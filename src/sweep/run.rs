//! Running a sweep's combinations into its folder. The folder is built in a
//! hidden sibling (`.<name>.resume`) that survives an interruption: rows are
//! appended to sweep.csv and synced, then `record.json` is updated, so after
//! a kill the record never claims rows that are not on disk. A rerun checks
//! that the resolved sweep is the same, cuts sweep.csv back to the recorded
//! length (dropping any half-written row) and carries on; the finished file
//! is byte for byte the one an uninterrupted run writes.

use super::record::{Record, SweepInfo};
use super::shard::Shard;
use super::Sweep;
use crate::engine;
use crate::output::run_info::sha256_hex;
use crate::output::{sweep_chart, sweep_csv, Options, Staging};
use anyhow::{bail, Context, Result};
use std::fs::OpenOptions;
use std::path::Path;
use std::sync::atomic::AtomicU64;

/// The file every finished sweep folder holds, written last.
pub const MARKER_FILE: &str = "sweep.json";
/// The progress record inside an unfinished sweep's hidden folder.
pub const RECORD_FILE: &str = "record.json";

/// A sweep folder being filled, and how far it got.
pub struct Progress {
    pub staging: Staging,
    pub record: Record,
}

/// Opens (or resumes) the hidden folder for a sweep into `out`. A folder left
/// by an interrupted run of a different sweep is refused unless `restart`.
pub fn open(
    sweep: &Sweep,
    out: &Path,
    shard: Option<Shard>,
    restart: bool,
    options: Options,
) -> Result<Progress> {
    let (staging, existed) = Staging::resumable(out, MARKER_FILE, options)
        .with_context(|| format!("cannot write results to {}", out.display()))?;
    staging.check_space(sweep_csv::estimated_bytes(
        shard.map_or(sweep.grid.len(), |s| s.len(sweep.grid.len())),
        sweep.base.arms.len(),
        sweep.grid.axes.len(),
    ))?;
    let resolved = sweep.to_toml();
    let fresh = Record {
        sweep_sha256: sha256_hex(&resolved),
        shard: shard.map(|s| s.to_string()),
        done: 0,
        csv_bytes: 0,
    };
    let found = if existed && !restart {
        Record::read(&staging.path(RECORD_FILE))?
    } else {
        None
    };
    let record = match found {
        Some(r) if r.sweep_sha256 == fresh.sweep_sha256 && r.shard == fresh.shard => r,
        Some(r) => bail!(
            "{} holds an interrupted sweep of a different {} ({}); it was kept so that rerunning that sweep resumes it. \
             To discard it and start this one over, add --restart",
            staging.path("").display(),
            if r.sweep_sha256 != fresh.sweep_sha256 { "scenario or grid" } else { "shard" },
            r.shard.map_or_else(|| "the whole grid".to_string(), |s| format!("shard {s}")),
        ),
        None => {
            if existed {
                staging.clear()?;
            }
            fresh
        }
    };
    std::fs::write(staging.path("scenario.toml"), resolved).context("writing scenario.toml")?;
    let csv_path = staging.path("sweep.csv");
    let mut record = record;
    if record.done == 0 {
        let mut w = csv::Writer::from_path(&csv_path)?;
        let paths: Vec<String> = sweep.grid.axes.iter().map(|a| a.path.clone()).collect();
        w.write_record(sweep_csv::header(&paths))?;
        w.flush()?;
        record.csv_bytes = std::fs::metadata(&csv_path)?.len();
        record.write(&staging.path(RECORD_FILE))?;
    } else {
        // Rows past the record were being written when the run stopped.
        let f = OpenOptions::new().write(true).open(&csv_path)?;
        if f.metadata()?.len() < record.csv_bytes {
            bail!(
                "{} is shorter than its record says; add --restart to start over",
                csv_path.display()
            );
        }
        f.set_len(record.csv_bytes)?;
    }
    Ok(Progress { staging, record })
}

/// Runs the remaining combinations of `shard` (every one without a shard),
/// appending their rows. `stop_after` (testing) stops with an error after
/// that many combinations, leaving the folder as a kill would.
pub fn run_combinations(
    sweep: &Sweep,
    p: &mut Progress,
    shard: Option<Shard>,
    pool: &rayon::ThreadPool,
    counter: &AtomicU64,
    stop_after: Option<u64>,
) -> Result<()> {
    let csv_path = p.staging.path("sweep.csv");
    let file = OpenOptions::new().append(true).open(&csv_path)?;
    let mut w = csv::Writer::from_writer(file);
    let whole = Shard { index: 1, count: 1 };
    let todo = shard
        .unwrap_or(whole)
        .combinations(sweep.grid.len())
        .skip(p.record.done as usize);
    // Edge lists are read once and shared by every combination naming them;
    // generated graphs and unchanged arms are kept between combinations.
    let mut graphs = crate::population::edge_list::LoadedGraphs::default();
    let cache = engine::Cache::new(engine::Cache::default_cap());
    for (ran, index) in todo.enumerate() {
        if stop_after == Some(ran as u64) {
            bail!("stopped after {ran} combination(s) as asked by --stop-after; rerun the same command to resume");
        }
        let scenario = sweep.scenario(index)?;
        scenario.load_missing_edge_lists(&mut graphs)?;
        let result = pool.install(|| engine::run_cached(&scenario, &graphs, Some(&cache), counter));
        let values: Vec<String> = sweep
            .grid
            .values(index)
            .iter()
            .map(|v| v.cell.clone())
            .collect();
        for row in sweep_csv::rows(&values, &result) {
            w.write_record(row)?;
        }
        w.flush()?;
        w.get_ref().sync_data()?;
        p.record.done += 1;
        p.record.csv_bytes = w.get_ref().metadata()?.len();
        p.record.write(&p.staging.path(RECORD_FILE))?;
    }
    Ok(())
}

/// Most combinations the charts are drawn for: they read sweep.csv whole,
/// and a chart of more points could not be read anyway.
pub const MAX_CHARTED: u64 = 10_000;

/// Completes a folder whose sweep.csv holds every row: charts (not for a
/// shard), `sweep.json` last, then the rename into place. Returns what the
/// charts step did, for the user.
pub fn finish(sweep: &Sweep, staging: Staging, out: &Path, info: &SweepInfo) -> Result<String> {
    let note = if info.shard.is_some() {
        "no charts for a shard: `outreach merge` draws them".to_string()
    } else if sweep.grid.len() > MAX_CHARTED {
        format!("no charts: more than {MAX_CHARTED} combinations")
    } else {
        let table = sweep_csv::SweepTable::read(&staging.path("sweep.csv"), sweep.grid.axes.len())?;
        sweep_chart::write_sweep_charts(&staging.path(""), sweep, &table)
            .context("drawing the sweep charts")?
    };
    let _ = std::fs::remove_file(staging.path(RECORD_FILE));
    info.write(&staging.path(MARKER_FILE))?;
    staging
        .commit()
        .with_context(|| format!("moving the results into {}", out.display()))?;
    Ok(note)
}
