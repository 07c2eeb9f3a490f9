//! What a sweep folder says about itself. `record.json` lives in the hidden
//! folder of a sweep in progress and is rewritten (atomically, by rename)
//! after each combination's rows reach the disk: an interrupted sweep
//! resumes from it. `sweep.json` is written last into a finished folder: the
//! marker that the folder is complete, and what `outreach merge` checks.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Progress of a sweep in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// SHA-256 of the resolved sweep (`scenario.toml`): a resume refuses a
    /// changed scenario or grid.
    pub sweep_sha256: String,
    /// `K/N`, or `None` for the whole grid.
    pub shard: Option<String>,
    /// Combinations of this shard whose rows are in sweep.csv.
    pub done: u64,
    /// The length of sweep.csv once those rows were written: anything after
    /// it is a half-written row from an interruption.
    pub csv_bytes: u64,
}

impl Record {
    /// Reads `path`; `None` if there is no record yet.
    pub fn read(path: &Path) -> Result<Option<Record>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is damaged; delete its folder to start over",
                    path.display()
                )
            })?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Replaces `path` whole: written beside it, synced, then renamed over
    /// it, so a crash leaves either the old record or the new one.
    pub fn write(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("json.tmp");
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(json.as_bytes())?;
            f.sync_data()?;
        }
        std::fs::rename(&tmp, path)?;
        Ok(())
    }
}

/// `sweep.json`: how a finished sweep (or shard, or merge) was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepInfo {
    pub tool_version: String,
    pub command_line: Vec<String>,
    pub scenario: String,
    /// SHA-256 of `scenario.toml`, the resolved sweep.
    pub sweep_sha256: String,
    /// The swept paths, outermost first.
    pub axes: Vec<String>,
    pub arms: Vec<String>,
    /// Combinations in the whole grid.
    pub combinations: u64,
    /// `K/N` for a shard's folder, `None` for a whole sweep.
    pub shard: Option<String>,
    /// Combinations in this folder's sweep.csv.
    pub rows_from_combinations: u64,
    pub threads: usize,
    pub wall_time_seconds: f64,
    /// People × days × arms × replicates simulated for this folder.
    pub agent_days: u64,
}

impl SweepInfo {
    pub fn read(path: &Path) -> Result<SweepInfo> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))
    }

    pub fn write(&self, path: &Path) -> Result<()> {
        let mut json = serde_json::to_string_pretty(self)?;
        json.push('\n');
        std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_and_replaces_the_old_one() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("record.json");
        assert_eq!(Record::read(&path).unwrap(), None);
        let mut r = Record {
            sweep_sha256: "ab".into(),
            shard: Some("1/2".into()),
            done: 3,
            csv_bytes: 120,
        };
        r.write(&path).unwrap();
        r.done = 4;
        r.write(&path).unwrap();
        assert_eq!(Record::read(&path).unwrap(), Some(r));
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
