//! `outreach sweep`: arguments, progress and messages. The work is in
//! `crate::sweep`.

use super::progress::with_bar;
use super::ScenarioArgs;
use crate::sweep::record::SweepInfo;
use crate::sweep::run::{self, Progress};
use crate::sweep::shard::Shard;
use crate::sweep::{grid, Sweep};
use anyhow::{bail, Context, Result};
use clap::Args;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub(crate) struct SweepArgs {
    #[command(flatten)]
    pub(crate) scenario: ScenarioArgs,
    /// Output folder (default: output/<scenario name>-sweep, and
    /// output/<scenario name>-sweep-shard-K-of-N for a shard).
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// Run only shard K of N: the combinations numbered K, K+N, K+2N, ... in
    /// grid order (from 1). `outreach merge` joins the N shard folders.
    #[arg(long, value_name = "K/N")]
    pub(crate) shard: Option<Shard>,
    /// Discard an interrupted sweep kept for this output folder and start over.
    #[arg(long)]
    pub(crate) restart: bool,
    /// Worker threads (default: all cores; at most four per core). Results do not depend on it.
    #[arg(long, value_parser = super::threads)]
    pub(crate) threads: Option<usize>,
    /// No progress bar and no final message (a resumed sweep still says so).
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// Most combinations the grid may have (each is a whole run).
    #[arg(long, value_name = "N", default_value_t = grid::MAX_COMBINATIONS)]
    pub(crate) max_combinations: u64,
    #[command(flatten)]
    pub(crate) output: super::OutputArgs,
    /// For tests: fail after this many combinations, as if the run were killed.
    #[arg(long, hide = true, value_name = "N")]
    pub(crate) stop_after: Option<u64>,
}

fn load(a: &ScenarioArgs, limit: u64) -> Result<Sweep> {
    let overrides = a.overrides()?;
    let file = a.path();
    match Sweep::load_limited(file, &overrides, limit)? {
        Some(s) => Ok(s),
        None => bail!(
            "{} has no [sweep] table: add one, for example\n[sweep]\n\"arms.blast.email-blast.cadence_days\" = [1, 7, 30]",
            file.map_or_else(|| "the default scenario".to_string(), |f| f.display().to_string())
        ),
    }
}

/// `outreach sweep`.
pub(crate) fn sweep(a: SweepArgs, command_line: &[String]) -> Result<()> {
    let sweep = load(&a.scenario, a.max_combinations)?;
    let grid_len = sweep.grid.len();
    let whole = Shard { index: 1, count: 1 };
    let shard = a.shard.unwrap_or(whole);
    let show = !a.quiet && std::io::stderr().is_terminal();
    // Every combination is checked before anything is written.
    let agent_days = checked(
        &sweep,
        shard.combinations(grid_len),
        shard.len(grid_len),
        show,
    )?;
    let out = a.out.clone().unwrap_or_else(|| {
        let base = crate::output::slug(&sweep.base.name);
        let name = match a.shard {
            Some(s) => format!("{base}-sweep-shard-{}-of-{}", s.index, s.count),
            None => format!("{base}-sweep"),
        };
        Path::new("output").join(name)
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let started = Instant::now();
    let mut progress = run::open(&sweep, &out, a.shard, a.restart, a.output.options())?;
    let done = progress.record.done as usize;
    // Said even with --quiet: a batch job's log should show that a rerun
    // resumed rather than started over.
    if done > 0 {
        eprintln!(
            "Resuming: {done} of {} combinations already done",
            agent_days.len()
        );
    }
    let total = saturating_sum(&agent_days);
    let counter = AtomicU64::new(saturating_sum(&agent_days[..done]));
    with_bar(total, &counter, show, Duration::ZERO, || {
        run::run_combinations(
            &sweep,
            &mut progress,
            a.shard,
            &pool,
            &counter,
            a.stop_after,
        )
    })?;
    let Progress { staging, .. } = progress;
    let info = SweepInfo {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line: command_line.to_vec(),
        scenario: sweep.base.name.clone(),
        sweep_sha256: crate::output::run_info::sha256_hex(&sweep.to_toml()),
        axes: sweep.grid.axes.iter().map(|x| x.path.clone()).collect(),
        arms: sweep.base.arms.iter().map(|x| x.name.clone()).collect(),
        combinations: grid_len,
        shard: a.shard.map(|s| s.to_string()),
        rows_from_combinations: agent_days.len() as u64,
        threads: pool.current_num_threads(),
        wall_time_seconds: started.elapsed().as_secs_f64(),
        agent_days: total,
    };
    let note = run::finish(&sweep, staging, &out, &info)?;
    if !a.quiet {
        println!(
            "{} combination(s) x {} arm(s){} in {:.2} s ({} agent-days); {note}.\nResults in {}",
            agent_days.len(),
            info.arms.len(),
            a.shard.map(|s| format!(", shard {s}")).unwrap_or_default(),
            info.wall_time_seconds,
            total,
            out.display()
        );
    }
    Ok(())
}

/// The lines `outreach check` adds for a file with a `[sweep]` table
/// (empty without one); refuses a bad table like `sweep` does.
pub(crate) fn check_text(a: &ScenarioArgs) -> Result<String> {
    let limit = grid::MAX_COMBINATIONS;
    let Some(sweep) = Sweep::load_limited(a.path(), &a.overrides()?, limit)? else {
        return Ok(String::new());
    };
    let n = sweep.grid.len();
    let show = std::io::stderr().is_terminal();
    let agent_days = saturating_sum(&checked(&sweep, 0..n, n, show)?);
    let per_axis: Vec<String> = sweep
        .grid
        .axes
        .iter()
        .map(|x| format!("{} ({} values)", x.path, x.values.len()))
        .collect();
    let seconds = crate::engine::resources::seconds(&sweep.base) * agent_days as f64
        / sweep.base.agent_days().max(1) as f64;
    Ok(format!(
        "#   sweep: {n} combination(s) = {}; {agent_days} agent-days in all, about {seconds:.1} s (`outreach sweep` runs it)\n",
        per_axis.join(" x ")
    ))
}

/// [`Sweep::check`] of `count` combinations, with a progress bar if it
/// takes more than a second.
fn checked(
    sweep: &Sweep,
    combinations: impl Iterator<Item = u64> + Send,
    count: u64,
    show: bool,
) -> Result<Vec<u64>> {
    let counter = AtomicU64::new(0);
    let wait = Duration::from_secs(1);
    let checked = with_bar(count, &counter, show, wait, || {
        sweep.check(combinations, &counter)
    })?;
    Ok(checked)
}

/// A sweep's agent-days: each combination's count is already saturated, and
/// their sum must not wrap either (a plain `sum` panics in debug builds and
/// wraps in release ones).
fn saturating_sum(agent_days: &[u64]) -> u64 {
    agent_days.iter().fold(0, |a, &b| a.saturating_add(b))
}
