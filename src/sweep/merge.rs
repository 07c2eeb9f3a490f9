//! `outreach merge`: joins the folders of a sharded sweep into the folder one
//! run of the whole grid writes. Shards are checked first (same sweep, all
//! there, each once, each finished); rows are then dealt back in grid order
//! (combination `i` comes from shard `i % N + 1`), streaming, so memory
//! stays flat, and the rows are copied field for field, so sweep.csv is
//! byte for byte that of a single run.

use super::record::{Record, SweepInfo};
use super::run::{self, MARKER_FILE, RECORD_FILE};
use super::shard::Shard;
use super::Sweep;
use crate::output::run_info::sha256_hex;
use crate::output::{sweep_csv, Staging};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// A shard's folder, read and checked.
struct ShardDir {
    dir: PathBuf,
    shard: Shard,
    info: SweepInfo,
}

/// Merges `dirs` into `out` (default: `<scenario name>-sweep` beside the
/// first shard). Returns the merged folder, its record and the charts note.
/// Nothing is written unless every shard is there and finished.
pub fn merge(
    dirs: &[PathBuf],
    out: Option<&Path>,
    command_line: Vec<String>,
) -> Result<(PathBuf, SweepInfo, String)> {
    let started = std::time::Instant::now();
    let shards = read_shards(dirs)?;
    let out = out.map_or_else(
        || {
            let first = &dirs[0];
            let parent = first.parent().unwrap_or(Path::new("."));
            parent.join(format!(
                "{}-sweep",
                crate::output::slug(&shards[0].info.scenario)
            ))
        },
        Path::to_path_buf,
    );
    let out = out.as_path();
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if let Some(s) = shards.iter().find(|s| same(&s.dir, out)) {
        bail!(
            "the merged folder would replace shard {} ({}): choose another --out",
            s.shard,
            out.display()
        );
    }
    let first = &shards[0];
    let resolved = first.dir.join("scenario.toml");
    let sweep = Sweep::load(Some(&resolved), &[])?
        .with_context(|| format!("{} has no [sweep] table", resolved.display()))?;

    let staging = Staging::new(out, MARKER_FILE)
        .with_context(|| format!("preparing output folder {}", out.display()))?;
    std::fs::copy(&resolved, staging.path("scenario.toml")).context("copying scenario.toml")?;
    let mut readers = shards
        .iter()
        .map(|s| {
            csv::Reader::from_path(s.dir.join("sweep.csv"))
                .with_context(|| format!("reading {}", s.dir.join("sweep.csv").display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let header = sweep_csv::header(&first.info.axes);
    for (r, s) in readers.iter_mut().zip(&shards) {
        if r.headers()?.iter().ne(header.iter()) {
            bail!(
                "{}/sweep.csv has other columns than this sweep's",
                s.dir.display()
            );
        }
    }
    let mut w = csv::Writer::from_path(staging.path("sweep.csv"))?;
    w.write_record(&header)?;
    let arms = first.info.arms.len();
    let mut row = csv::ByteRecord::new();
    let count = shards.len() as u64;
    for i in 0..first.info.combinations {
        let k = (i % count) as usize;
        for _ in 0..arms {
            if !readers[k].read_byte_record(&mut row)? {
                bail!(
                    "{}/sweep.csv has fewer rows than its sweep.json says",
                    shards[k].dir.display()
                );
            }
            w.write_byte_record(&row)?;
        }
    }
    for (r, s) in readers.iter_mut().zip(&shards) {
        if r.read_byte_record(&mut row)? {
            bail!(
                "{}/sweep.csv has more rows than its sweep.json says",
                s.dir.display()
            );
        }
    }
    w.flush()?;
    drop(w);
    let info = SweepInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line,
        shard: None,
        rows_from_combinations: first.info.combinations,
        threads: 1,
        wall_time_seconds: started.elapsed().as_secs_f64(),
        agent_days: shards.iter().map(|s| s.info.agent_days).sum(),
        ..first.info.clone()
    };
    let note = run::finish(&sweep, staging, out, &info)?;
    Ok((out.to_path_buf(), info, note))
}

/// Reads every shard's sweep.json and checks that together they are one
/// whole sweep, sorted by shard number. Every problem is gathered before
/// refusing, so one message names all the shards still to run or finish
/// (a cluster user reruns exactly those array indices).
fn read_shards(dirs: &[PathBuf]) -> Result<Vec<ShardDir>> {
    let mut shards = Vec::new();
    // Folders that are not finished shards, each with what is known of it.
    let mut unfinished: Vec<String> = Vec::new();
    // The shard numbers the unfinished folders were running (from the
    // record of an interrupted run), so they are not also called missing.
    let mut started: Vec<Shard> = Vec::new();
    for dir in dirs {
        let marker = dir.join(MARKER_FILE);
        if !marker.is_file() {
            let (what, shard) = unfinished_state(dir);
            started.extend(shard);
            unfinished.push(format!("{} {what}", dir.display()));
            continue;
        }
        let info = SweepInfo::read(&marker)?;
        let Some(shard) = info.shard.as_deref() else {
            bail!(
                "{} holds a whole sweep, not a shard: nothing to merge",
                dir.display()
            );
        };
        let shard: Shard = shard
            .parse()
            .map_err(|e| anyhow::anyhow!("{}: {e}", marker.display()))?;
        let toml = std::fs::read_to_string(dir.join("scenario.toml"))
            .with_context(|| format!("reading {}/scenario.toml", dir.display()))?;
        if sha256_hex(&toml) != info.sweep_sha256 {
            bail!(
                "{}/scenario.toml was changed after the shard ran",
                dir.display()
            );
        }
        if info.rows_from_combinations != shard.len(info.combinations) {
            unfinished.push(format!(
                "{} (shard {shard}) holds {} of its {} combinations",
                dir.display(),
                info.rows_from_combinations,
                shard.len(info.combinations)
            ));
            started.push(shard);
            continue;
        }
        shards.push(ShardDir {
            dir: dir.clone(),
            shard,
            info,
        });
    }
    let count = shards
        .first()
        .map(|s| s.shard.count)
        .or_else(|| started.first().map(|s| s.count));
    if let Some(first) = shards.first() {
        let hash = &first.info.sweep_sha256;
        for s in &shards {
            if &s.info.sweep_sha256 != hash {
                bail!(
                    "{} and {} are shards of different sweeps (their scenario.toml differ)",
                    first.dir.display(),
                    s.dir.display()
                );
            }
        }
    }
    if let Some(first) = shards.first() {
        for s in &shards {
            if s.shard.count != first.shard.count {
                bail!(
                    "{} is shard {} but {} is shard {}: all must be cut in the same number of shards",
                    first.dir.display(),
                    first.shard,
                    s.dir.display(),
                    s.shard
                );
            }
        }
    }
    shards.sort_by_key(|s| s.shard.index);
    for pair in shards.windows(2) {
        if pair[0].shard == pair[1].shard {
            bail!(
                "shard {} is given twice: {} and {}",
                pair[0].shard,
                pair[0].dir.display(),
                pair[1].dir.display()
            );
        }
    }
    let missing: Vec<String> = count.map_or_else(Vec::new, |count| {
        (1..=count)
            .filter(|&k| {
                !shards.iter().any(|s| s.shard.index == k)
                    && !started.iter().any(|s| s.index == k && s.count == count)
            })
            .map(|k| format!("{k}/{count}"))
            .collect()
    });
    if !unfinished.is_empty() || !missing.is_empty() {
        let mut lines = vec!["nothing was merged: every shard must be finished first".to_string()];
        if !missing.is_empty() {
            lines.push(format!(
                "  missing: no folder given holds shard(s) {}",
                missing.join(", ")
            ));
        }
        for u in &unfinished {
            lines.push(format!("  not finished: {u}"));
        }
        lines.push(
            "rerun the sweep command of each shard named (an interrupted one resumes), then merge all of them"
                .to_string(),
        );
        bail!("{}", lines.join("\n"));
    }
    if shards.is_empty() {
        bail!("give the shard folders to merge");
    }
    Ok(shards)
}

/// What a folder that is not a finished shard holds: nothing, or an
/// interrupted run (its `.<name>.resume` sibling's record says which shard
/// and how far it got), or something else.
fn unfinished_state(dir: &Path) -> (String, Option<Shard>) {
    let resume = dir.file_name().map(|name| {
        let hidden = format!(".{}.resume", name.to_string_lossy());
        dir.parent().unwrap_or(Path::new("")).join(hidden)
    });
    let record = resume
        .as_ref()
        .and_then(|r| Record::read(&r.join(RECORD_FILE)).ok().flatten());
    if let Some(record) = record {
        if let Some(shard) = record
            .shard
            .as_deref()
            .and_then(|s| s.parse::<Shard>().ok())
        {
            return (
                format!(
                    "(shard {shard}) was interrupted after {} combination(s); rerunning its command resumes it",
                    record.done
                ),
                Some(shard),
            );
        }
    }
    let what = if dir.exists() {
        format!("has no {MARKER_FILE}: it is not a finished sweep shard")
    } else {
        "does not exist".to_string()
    };
    (what, None)
}
