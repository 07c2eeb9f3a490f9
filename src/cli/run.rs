//! `outreach run`: one scenario through the engine, its files written,
//! the final tables and a lesson's verdicts printed.

use super::args::ScenarioArgs;
use super::emit;
use super::final_table::final_table;
use super::progress::with_progress;
use crate::engine;
use crate::outcomes;
use crate::spread::SpreadPicture;
use crate::summary;
use anyhow::{Context, Result};
use clap::Args;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args, Debug, Default)]
pub(super) struct RunArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Output folder (default: output/<scenario name>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Worker threads (default: all cores; at most four per core). Results do not depend on it.
    #[arg(long, value_parser = super::args::threads)]
    threads: Option<usize>,
    /// No progress bar and no final table (a lesson's verdicts still print).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    output: super::args::OutputArgs,
}

pub(super) fn run(a: RunArgs, command_line: &[String]) -> Result<()> {
    let scenario = a.scenario.load()?;
    if !a.quiet && crate::sweep::has_sweep_table(a.scenario.path()) {
        eprintln!("Note: `run` ignores the [sweep] table and runs the scenario as written; `outreach sweep` runs the sweep.");
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(crate::output::slug(&scenario.name)));
    let graphs = scenario.load_edge_lists()?;
    // Before the first day: a result that cannot be written fails now.
    let staging = crate::output::prepare(&out, &scenario, a.output.options())?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let threads = pool.current_num_threads();
    let show = !a.quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    // Replicate 0 is watched for the report's spread picture.
    let (result, timings, seen) = with_progress(&pool, &scenario, show, |done| {
        engine::run_watched(&scenario, &graphs, done, |w| {
            SpreadPicture::watch(&scenario, w)
        })
    });
    let wall = started.elapsed();
    let summary = summary::summarise(&result);
    let mut outcomes = outcomes::check(&scenario, &result, &summary);
    for v in scenario.lesson.iter().flat_map(|l| &l.variants) {
        outcomes.extend(run_variant(&a, v, &pool)?);
    }
    let spread = SpreadPicture::new(&scenario, seen);
    let info = crate::output::RunInfo::new(&scenario, command_line.to_vec(), threads, wall);
    let written = crate::output::Written {
        scenario: &scenario,
        result: &result,
        summary: &summary,
        outcomes: &outcomes,
        spread: &spread,
        info: &info,
    };
    crate::output::write_all(staging, &written)
        .with_context(|| format!("cannot write results to {}", out.display()))?;
    if !a.quiet {
        emit(&final_table(&scenario, &summary, &result, timings, &out))?;
    }
    // Printed even with --quiet: the verdicts are what a lesson run is for.
    emit(&outcome_lines(&outcomes))?;
    // Only now, with the output folder complete, does a lesson's verdict
    // decide the exit code (`main` maps this error to EXIT_NOT_ALL_HOLD).
    match outcomes::NotAllHold::of(&outcomes) {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Runs a lesson's "try this" variant: the same scenario and command-line
/// overrides, then the variant's own, and checks its expected outcomes.
/// Only the verdicts are kept; the charts and files are the main run's.
fn run_variant(
    a: &RunArgs,
    v: &crate::scenario::lesson::Variant,
    pool: &rayon::ThreadPool,
) -> Result<Vec<outcomes::Outcome>> {
    let mut overrides = a.scenario.overrides()?;
    for s in &v.set {
        overrides.push(crate::scenario::Override::parse(s)?);
    }
    let scenario = crate::scenario::load(a.scenario.path(), &overrides)
        .with_context(|| format!("cannot load the lesson's variant {}", v.label()))?
        .0;
    if let Some(e) = v
        .expect
        .iter()
        .find(|e| e.day_in(scenario.days) > scenario.days)
    {
        anyhow::bail!(
            "the variant {} runs {} days, but its outcome \"{}\" looks at day {}",
            v.label(),
            scenario.days,
            e.says,
            e.day_in(scenario.days)
        );
    }
    if !a.quiet {
        eprintln!("Running the lesson's variant {} ...", v.label());
    }
    let graphs = scenario.load_edge_lists()?;
    let result =
        pool.install(|| engine::run(&scenario, &graphs, &std::sync::atomic::AtomicU64::new(0)));
    let summary = summary::summarise(&result);
    Ok(outcomes::check_variant(v, &scenario, &result, &summary))
}

/// The declared outcomes and their verdicts, one line each.
fn outcome_lines(outcomes: &[outcomes::Outcome]) -> String {
    let mut text = String::new();
    if outcomes.is_empty() {
        return text;
    }
    putln!(text, "Expected outcomes (95% intervals in brackets):");
    for o in outcomes {
        putln!(text, "  {}", outcomes::describe(o));
    }
    text
}
