//! `outreach merge`: joins the folders of a sharded sweep into the folder one
//! run of the whole grid writes. Shards are checked first (same sweep, all
//! there, each once, each finished); rows are then dealt back in grid order
//! (combination `i` comes from shard `i % N + 1`), streaming, so memory
//! stays flat, and the rows are copied field for field, so sweep.csv is
//! byte for byte that of a single run.

use super::record::SweepInfo;
use super::run::{self, MARKER_FILE};
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

/// Merges `dirs` into `out`. Returns the merged folder's record and the
/// charts note.
pub fn merge(
    dirs: &[PathBuf],
    out: &Path,
    command_line: Vec<String>,
) -> Result<(SweepInfo, String)> {
    let started = std::time::Instant::now();
    let shards = read_shards(dirs)?;
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
    Ok((info, note))
}

/// Reads every shard's sweep.json and checks that together they are one
/// whole sweep, sorted by shard number.
fn read_shards(dirs: &[PathBuf]) -> Result<Vec<ShardDir>> {
    let mut shards = Vec::new();
    for dir in dirs {
        let marker = dir.join(MARKER_FILE);
        if !marker.is_file() {
            bail!(
                "{} is not a finished sweep shard: it has no {MARKER_FILE} (an interrupted shard resumes when its command is rerun)",
                dir.display()
            );
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
            bail!("{} is not a complete shard", dir.display());
        }
        shards.push(ShardDir {
            dir: dir.clone(),
            shard,
            info,
        });
    }
    let Some(first) = shards.first() else {
        bail!("give the shard folders to merge");
    };
    let (hash, count) = (first.info.sweep_sha256.clone(), first.shard.count);
    for s in &shards {
        if s.info.sweep_sha256 != hash {
            bail!(
                "{} and {} are shards of different sweeps (their scenario.toml differ)",
                first.dir.display(),
                s.dir.display()
            );
        }
        if s.shard.count != count {
            bail!(
                "{} is shard {} but {} is shard {}: all must be cut in the same number of shards",
                first.dir.display(),
                first.shard,
                s.dir.display(),
                s.shard
            );
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
    let missing: Vec<String> = (1..=count)
        .filter(|k| !shards.iter().any(|s| s.shard.index == *k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        bail!(
            "shard(s) {} missing: run them, then merge all {count}",
            missing.join(", ")
        );
    }
    Ok(shards)
}
