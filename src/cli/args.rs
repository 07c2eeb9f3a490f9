//! The arguments several commands share: a scenario file and the
//! overrides of its values.

use crate::scenario::{self, Override, Scenario};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Default)]
pub(crate) struct ScenarioArgs {
    /// Scenario file (TOML). Without it, the embedded default scenario.
    pub(crate) scenario: Option<PathBuf>,
    /// Override a value: --set arms.blast.email-blast.cadence_days=7 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Override the seed (0 to 9223372036854775807).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Override the number of replicates.
    #[arg(long)]
    replicates: Option<u32>,
    /// Override the number of days.
    #[arg(long)]
    days: Option<u32>,
}

impl ScenarioArgs {
    pub(super) fn load(&self) -> Result<Scenario> {
        Ok(scenario::load(self.scenario.as_deref(), &self.overrides()?)?.0)
    }

    /// `--set`, `--seed`, `--replicates` and `--days`, parsed.
    pub(crate) fn overrides(&self) -> Result<Vec<Override>> {
        let mut sets = self.set.clone();
        if let Some(v) = self.seed {
            sets.push(format!("seed={v}"));
        }
        if let Some(v) = self.replicates {
            sets.push(format!("replicates={v}"));
        }
        if let Some(v) = self.days {
            sets.push(format!("days={v}"));
        }
        Ok(sets
            .iter()
            .map(|s| Override::parse(s))
            .collect::<Result<Vec<_>, _>>()?)
    }
}
