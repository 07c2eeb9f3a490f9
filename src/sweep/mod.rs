//! `outreach sweep`: one scenario run for every combination of the values in
//! its `[sweep]` table, one combination at a time in grid order (each using
//! the engine's own parallelism), so memory stays flat and rows stream to
//! sweep.csv in order. `grid` reads the table, `shard` slices it for job
//! arrays, `record` keeps what an interrupted sweep needs to resume, `run`
//! drives the combinations, `merge` joins shards. The commands' terminal
//! side is in `cli::sweep` and `cli::merge`.
//!
//! Every value of every axis is validated when the sweep is read, and every
//! combination before anything runs (in parallel, with a progress bar when
//! it takes more than a second), by the scenario's own validation with the
//! swept values applied as `--set` overrides; errors point at the value in
//! the `[sweep]` table. The grid's size is counted without overflow and
//! capped (`grid::MAX_COMBINATIONS`, raised with `--max-combinations`)
//! before any combination is looked at.

pub mod grid;
pub mod merge;
pub mod record;
pub mod run;
pub mod shard;

use crate::scenario::{self, Override, Scenario, ScenarioError, SourceText};
use anyhow::Result;
use grid::Grid;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// A validated sweep: the base scenario (the file with the command line's
/// overrides) and the grid of values to apply to it.
pub struct Sweep {
    pub base: Scenario,
    pub grid: Grid,
    src: SourceText,
    stem: String,
    overrides: Vec<Override>,
}

impl Sweep {
    /// Reads and validates a scenario file with a `[sweep]` table; `None`
    /// when the file has no such table. Every value of every axis is checked
    /// here; combinations are checked by [`Sweep::check`].
    pub fn load(path: Option<&Path>, overrides: &[Override]) -> Result<Option<Sweep>> {
        Sweep::load_limited(path, overrides, u64::MAX)
    }

    /// [`Sweep::load`], refusing a grid of more than `limit` combinations
    /// before looking at any.
    pub fn load_limited(
        path: Option<&Path>,
        overrides: &[Override],
        limit: u64,
    ) -> Result<Option<Sweep>> {
        let (base, src) = scenario::load(path, overrides)?;
        crate::engine::resources::fits_in_memory(&base, &src)
            .map_err(|e| scenario::overrides::locate_in_overrides(overrides, e))?;
        let arms: Vec<grid::ArmTactics> = base
            .arms
            .iter()
            .map(|a| (a.name.as_str(), scenario::overrides::arm_tactics(a)))
            .collect();
        let Some(grid) = grid::parse(&src, &arms, limit)? else {
            return Ok(None);
        };
        let stem = path
            .and_then(Path::file_stem)
            .map_or_else(|| "default".into(), |s| s.to_string_lossy().into_owned());
        let sweep = Sweep {
            base,
            grid,
            src,
            stem,
            overrides: overrides.to_vec(),
        };
        for axis in &sweep.grid.axes {
            for v in &axis.values {
                let o = Override::parse(&format!("{}={}", axis.path, v.toml))
                    .expect("a checked path and a TOML value form a valid override");
                sweep
                    .validate(std::slice::from_ref(&o))
                    .map_err(|e| sweep.at_value(&v.span, e, None))?;
            }
        }
        Ok(Some(sweep))
    }

    /// The scenario of combination `index`.
    pub fn scenario(&self, index: u64) -> Result<Scenario, ScenarioError> {
        let combination = self.grid.overrides(index);
        self.validate(&combination).map_err(|e| {
            // Name the value whose override made the scenario invalid.
            let at = combination
                .iter()
                .zip(self.grid.values(index))
                .find(|(o, _)| e.origin == "--set" && e.line_text == o.arg);
            match at {
                Some((_, v)) => self.at_value(&v.span, e, Some(index)),
                None => e,
            }
        })
    }

    /// Validates each of `combinations` before anything runs, returning the
    /// agent-days of each (for the progress bar). Combinations are checked
    /// in parallel; the error reported is the first in grid order. `done`
    /// counts the combinations checked, for a progress bar.
    pub fn check(
        &self,
        combinations: impl Iterator<Item = u64>,
        done: &AtomicU64,
    ) -> Result<Vec<u64>, ScenarioError> {
        use rayon::prelude::*;
        let combinations: Vec<u64> = combinations.collect();
        let checked: Vec<Result<u64, ScenarioError>> = combinations
            .par_iter()
            .map(|&i| {
                let r = self.scenario(i).map(|s| s.agent_days());
                done.fetch_add(1, Ordering::Relaxed);
                r
            })
            .collect();
        checked.into_iter().collect()
    }

    /// The resolved sweep as a scenario file: the base scenario with every
    /// default filled in, then the `[sweep]` table with ranges written out.
    /// Sweeping this file reproduces the sweep; its hash identifies it.
    pub fn to_toml(&self) -> String {
        format!("{}\n{}", self.base.to_toml(), self.grid.to_toml())
    }

    fn validate(&self, extra: &[Override]) -> Result<Scenario, ScenarioError> {
        let mut all = self.overrides.clone();
        all.extend_from_slice(extra);
        let s = scenario::from_source(&self.src, &self.stem, &all)?;
        crate::engine::resources::fits_in_memory(&s, &self.src)?;
        Ok(s)
    }

    /// `e`, moved to a value of the `[sweep]` table.
    fn at_value(
        &self,
        span: &std::ops::Range<usize>,
        e: ScenarioError,
        combination: Option<u64>,
    ) -> ScenarioError {
        let mut moved =
            ScenarioError::at(&self.src, Some(span.clone()), &e.field, e.message.clone());
        if let Some(i) = combination.filter(|_| self.grid.axes.len() > 1) {
            moved.message = format!(
                "{} (in the combination {})",
                e.message,
                self.grid.describe(i)
            );
        }
        moved.help = e.help.clone();
        moved
    }
}

/// Whether the scenario file has a `[sweep]` table (which `run` ignores).
pub fn has_sweep_table(path: Option<&Path>) -> bool {
    path.and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|text| toml_edit::Document::parse(text).ok())
        .is_some_and(|doc| doc.as_table().contains_key("sweep"))
}
