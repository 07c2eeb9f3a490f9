//! `run.json`: how a run was made (tool version, command line, scenario hash,
//! seed, sizes) and how long it took, so a result folder explains itself.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::scenario::config::Scenario;

/// The record written to `run.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunInfo {
    pub tool_version: String,
    pub command_line: Vec<String>,
    pub scenario: String,
    /// SHA-256 of `scenario.toml`, the resolved scenario: equal hashes mean
    /// equal inputs, whatever files and overrides produced them.
    pub scenario_sha256: String,
    pub seed: u64,
    pub replicates: u32,
    pub days: u32,
    pub arms: Vec<String>,
    pub population: u32,
    pub threads: usize,
    pub wall_time_seconds: f64,
    /// People × days × arms × replicates simulated.
    pub agent_days: u64,
    /// `None` (JSON `null`) when the wall time was too short to measure.
    pub agent_days_per_second: Option<f64>,
}

impl RunInfo {
    /// Describes a finished run of `scenario` started by `command_line`
    /// (program name first) on `threads` worker threads.
    pub fn new(
        scenario: &Scenario,
        command_line: Vec<String>,
        threads: usize,
        wall_time: Duration,
    ) -> RunInfo {
        let wall_time_seconds = wall_time.as_secs_f64();
        let agent_days = scenario.agent_days();
        RunInfo {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            command_line,
            scenario: scenario.name.clone(),
            scenario_sha256: sha256_hex(&scenario.to_toml()),
            seed: scenario.seed,
            replicates: scenario.replicates,
            days: scenario.days,
            arms: scenario.arms.iter().map(|a| a.name.clone()).collect(),
            population: scenario.population.size,
            threads,
            wall_time_seconds,
            agent_days,
            agent_days_per_second: (wall_time_seconds > 0.0)
                .then(|| agent_days as f64 / wall_time_seconds),
        }
    }
}

/// Writes `info` as pretty JSON.
pub fn write_run_info(path: &Path, info: &RunInfo) -> anyhow::Result<()> {
    let mut json = serde_json::to_string_pretty(info).context("serialising run.json")?;
    json.push('\n');
    std::fs::write(path, json)?;
    Ok(())
}

/// Lower-case hex SHA-256 of `text`.
pub fn sha256_hex(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn sha256_matches_a_known_digest() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn run_json_is_pretty_and_complete() {
        let info = RunInfo {
            tool_version: "0.1.0".into(),
            command_line: vec!["outreach".into(), "run".into()],
            scenario: "default".into(),
            scenario_sha256: sha256_hex(""),
            seed: 42,
            replicates: 3,
            days: 30,
            arms: vec!["email-blast".into(), "networking".into()],
            population: 1000,
            threads: 4,
            wall_time_seconds: 2.0,
            agent_days: 180_000,
            agent_days_per_second: Some(90_000.0),
        };
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("run.json");
        write_run_info(&path, &info).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\n  \"seed\": 42,\n"), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["arms"][1], "networking");
        assert_eq!(value["agent_days_per_second"], 90_000.0);
        assert_eq!(value.as_object().unwrap().len(), 13);
    }

    #[test]
    fn run_info_describes_the_scenario() {
        let scenario = crate::scenario::from_str(crate::scenario::DEFAULT_SCENARIO).unwrap();
        let info = RunInfo::new(
            &scenario,
            vec!["outreach".into()],
            4,
            Duration::from_secs(2),
        );
        assert_eq!(info.tool_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(
            info.arms,
            scenario
                .arms
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(info.agent_days, scenario.agent_days());
        assert_eq!(
            info.agent_days_per_second,
            Some(scenario.agent_days() as f64 / 2.0)
        );
        let instant = RunInfo::new(&scenario, vec![], 1, Duration::ZERO);
        assert_eq!(instant.agent_days_per_second, None);
    }
}
