//! `outreach validate`: the model against theory, with a table of
//! figures, CSV files and charts.

use super::emit;
use super::progress::with_progress;
use crate::engine;
use anyhow::{Context, Result};
use clap::Args;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub(super) struct ValidateArgs {
    /// Fewer replicates, for tests: the same checks in seconds, with the
    /// tolerances that come from sampling noise widened to match.
    #[arg(long)]
    quick: bool,
    /// Print one check's scenario file (bass, cascade) instead of running;
    /// `outreach run` on it reproduces the check's figures.
    #[arg(long, value_name = "NAME")]
    print: Option<String>,
    /// Output folder (default: output/validate).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Multiply every tolerance by this (below 1 to see how close the model comes).
    #[arg(long, default_value_t = 1.0)]
    tolerance_scale: f64,
    /// Worker threads (default: all cores; at most four per core). Results do not depend on it.
    #[arg(long, value_parser = super::args::threads)]
    threads: Option<usize>,
    /// No progress bar and no table (the exit status still tells).
    #[arg(long, short)]
    quiet: bool,
}

/// `outreach validate`: every check's scenario through the engine, its
/// figures against theory, a table, CSV files and charts.
pub(super) fn validate(a: ValidateArgs) -> Result<()> {
    use crate::validate::{Check, Size, CHECKS};
    let size = if a.quick { Size::Quick } else { Size::Full };
    if let Some(name) = &a.print {
        let names: Vec<&str> = CHECKS.iter().map(|c| c.name()).collect();
        let check = Check::by_name(name)
            .with_context(|| format!("no check named \"{name}\"; checks: {}", names.join(", ")))?;
        return emit(&check.text(size));
    }
    anyhow::ensure!(
        a.tolerance_scale.is_finite() && a.tolerance_scale >= 0.0,
        "--tolerance-scale must be a number from 0 up, found {}",
        a.tolerance_scale
    );
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join("validate"));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let show = !a.quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut outcomes = Vec::new();
    for check in CHECKS {
        let s = check.scenario(size)?;
        let graphs = s.load_edge_lists()?;
        let result = with_progress(&pool, &s, show, |done| engine::run(&s, &graphs, done));
        let mut outcome = pool.install(|| check.evaluate(&s, &result));
        for f in &mut outcome.figures {
            f.tolerance *= a.tolerance_scale;
        }
        outcomes.push((outcome, s.replicates));
    }
    let wall = started.elapsed();
    crate::output::validation::write_validation(&out, &outcomes)
        .with_context(|| format!("cannot write results to {}", out.display()))?;
    let figures: Vec<&crate::validate::Figure> =
        outcomes.iter().flat_map(|(o, _)| &o.figures).collect();
    if !a.quiet {
        emit(&validation_table(&figures, wall, &out))?;
    }
    let failed = figures.iter().filter(|f| !f.passes()).count();
    if failed > 0 {
        return Err(crate::validate::OutOfTolerance {
            failed,
            total: figures.len(),
        }
        .into());
    }
    Ok(())
}

fn validation_table(figures: &[&crate::validate::Figure], wall: Duration, out: &Path) -> String {
    let mut text = String::new();
    let width = figures.iter().map(|f| f.figure.len()).max().unwrap_or(6);
    putln!(
        text,
        "{:<8} {:<width$} {:>10} {:>10} {:>10} {:>10}  verdict",
        "check",
        "figure",
        "model",
        "theory",
        "error",
        "tolerance"
    );
    for f in figures {
        putln!(
            text,
            "{:<8} {:<width$} {:>10} {:>10} {:>10} {:>10}  {}",
            f.check,
            f.figure,
            significant(f.model),
            significant(f.theory),
            significant(f.error()),
            significant(f.tolerance),
            crate::output::validation::verdict(f.passes())
        );
    }
    let passed = figures.iter().filter(|f| f.passes()).count();
    putln!(
        text,
        "{passed} of {} figures within tolerance, in {:.1} s. Tolerances explained in {}; charts and data beside it.",
        figures.len(),
        wall.as_secs_f64(),
        out.join(crate::output::validation::MARKER_FILE).display()
    );
    text
}

/// A number to four significant digits (at most six decimals).
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{v:.digits$}")
}
