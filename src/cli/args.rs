//! The arguments several commands share (a scenario file and the overrides
//! of its values) and the parsers that check an option's value where it is
//! typed, so a refusal names the option and the range it really has.

use crate::scenario::params::{self, Param, Range};
use crate::scenario::{self, Override, Scenario};
use anyhow::Result;
use clap::builder::{PathBufValueParser, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Args;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// A scenario file and the overrides that every command accepts.
#[derive(Args, Debug, Default)]
pub(crate) struct SourceArgs {
    /// Scenario file (TOML). Without it, the embedded default scenario.
    #[arg(value_parser = ScenarioPath)]
    pub(crate) scenario: Option<PathBuf>,
    /// Override a value: --set arms.blast.email-blast.cadence_days=7 (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Override the seed (0 to 9223372036854775807).
    #[arg(long, value_parser = seed, allow_negative_numbers = true)]
    seed: Option<u64>,
}

/// A scenario and its overrides, including those that only matter to a
/// command that simulates days (`graph` builds networks and takes
/// `SourceArgs` alone).
#[derive(Args, Debug, Default)]
pub(crate) struct ScenarioArgs {
    #[command(flatten)]
    pub(crate) source: SourceArgs,
    /// Override the number of replicates (1 to 10000).
    #[arg(long, value_parser = replicates, allow_negative_numbers = true)]
    replicates: Option<u64>,
    /// Override the number of days (1 to 36500).
    #[arg(long, value_parser = days, allow_negative_numbers = true)]
    days: Option<u64>,
}

impl SourceArgs {
    /// The scenario for `outreach graph`, which builds networks and simulates
    /// nothing: only the graphs must fit in memory.
    pub(super) fn load(&self) -> Result<Scenario> {
        let args = ScenarioArgs {
            source: SourceArgs {
                scenario: self.scenario.clone(),
                set: self.set.clone(),
                seed: self.seed,
            },
            replicates: None,
            days: None,
        };
        let overrides = args.overrides()?;
        let (s, src) = scenario::load(args.path(), &overrides)?;
        crate::engine::resources::graph_fits_in_memory(&s, &src)
            .map_err(|e| scenario::overrides::locate_in_overrides(&overrides, e))?;
        Ok(s)
    }
}

impl ScenarioArgs {
    pub(super) fn load(&self) -> Result<Scenario> {
        let overrides = self.overrides()?;
        let (s, src) = scenario::load(self.path(), &overrides)?;
        crate::engine::resources::fits_in_memory(&s, &src)
            .map_err(|e| scenario::overrides::locate_in_overrides(&overrides, e))?;
        Ok(s)
    }

    /// The scenario file; `None` for the embedded default.
    pub(crate) fn path(&self) -> Option<&Path> {
        self.source.scenario.as_deref()
    }

    /// `--set`, `--seed`, `--replicates` and `--days`, parsed.
    pub(crate) fn overrides(&self) -> Result<Vec<Override>> {
        let mut all = self
            .source
            .set
            .iter()
            .map(|s| Override::parse(s))
            .collect::<Result<Vec<_>, _>>()?;
        let shorthands = [
            ("--seed", "seed", self.source.seed),
            ("--replicates", "replicates", self.replicates),
            ("--days", "days", self.days),
        ];
        for (option, key, value) in shorthands {
            all.extend(value.map(|v| Override::shorthand(option, key, v)));
        }
        Ok(all)
    }
}

fn seed(text: &str) -> Result<u64, String> {
    whole(text, &params::SEED, "the seed")
}

fn replicates(text: &str) -> Result<u64, String> {
    whole(text, &params::REPLICATES, "the number of replicates")
}

fn days(text: &str) -> Result<u64, String> {
    whole(text, &params::DAYS, "the number of days")
}

/// A whole number within `param`'s valid range, the range the scenario file
/// has too; a refusal says what the option is and which values it takes.
fn whole(text: &str, param: &Param, what: &str) -> Result<u64, String> {
    let Range::Whole(lo, hi) = param.range else {
        unreachable!("{} is a whole number", param.path)
    };
    let refuse = || format!("{what} must be a whole number from {lo} to {hi}");
    let value: i128 = text.trim().parse().map_err(|_| refuse())?;
    if value < i128::from(lo) || value > i128::from(hi) {
        return Err(refuse());
    }
    u64::try_from(value).map_err(|_| refuse())
}

/// `--threads`: at least one, and at most four per core, since more only
/// add switching (a mistyped 100000 would start that many threads).
pub(crate) fn threads(text: &str) -> Result<usize, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let most = cores.saturating_mul(THREADS_PER_CORE);
    let refuse = || {
        format!(
            "this machine has {cores} core(s), so from 1 to {most} worker threads ({THREADS_PER_CORE} per core); \
             leave --threads out to use every core (results do not depend on it)"
        )
    };
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=most).contains(&n) => Ok(n),
        _ => Err(refuse()),
    }
}

const THREADS_PER_CORE: usize = 4;

/// The scenario file, which on the top-level command (`outreach FILE` runs
/// FILE) also catches a mistyped command: `outreach rnu x.toml` would
/// otherwise read "rnu" as a file name and refuse "x.toml" as a command.
#[derive(Clone)]
pub(super) struct ScenarioPath;

impl TypedValueParser for ScenarioPath {
    type Value = PathBuf;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<PathBuf, clap::Error> {
        let path = PathBufValueParser::new().parse_ref(cmd, arg, value)?;
        let word = value.to_string_lossy();
        // A path (a dot or a slash) or an existing file is a scenario.
        // So is a command's own name: that is no typo.
        if !cmd.has_subcommands()
            || word.contains(['.', '/', '\\'])
            || path.exists()
            || cmd.find_subcommand(value).is_some()
        {
            return Ok(path);
        }
        let Some(nearest) = nearest_command(cmd, &word) else {
            return Ok(path);
        };
        let mut e = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(cmd);
        e.insert(
            ContextKind::InvalidSubcommand,
            ContextValue::String(word.into()),
        );
        e.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(vec![nearest]),
        );
        Err(e)
    }
}

/// The subcommand most like `word`, if one is close: at most half its
/// letters changed, a swap of two neighbours counting as one change
/// (clap's own measure misses "rnu" for "run").
fn nearest_command(cmd: &clap::Command, word: &str) -> Option<String> {
    cmd.get_subcommands()
        .map(|c| {
            let score = strsim::normalized_damerau_levenshtein(word, c.get_name());
            (score, c.get_name())
        })
        .filter(|&(score, _)| score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_keep_to_the_parameter_range() {
        assert_eq!(days("365"), Ok(365));
        assert_eq!(days("36500"), Ok(36_500));
        for bad in ["-5", "0", "36501", "1.5", "", "99999999999999999999999999"] {
            let e = days(bad).unwrap_err();
            assert!(e.contains("from 1 to 36500"), "{bad}: {e}");
        }
        assert_eq!(seed("0"), Ok(0));
        assert!(seed("9223372036854775808").is_err());
    }

    #[test]
    fn threads_stop_at_four_per_core() {
        let cores = std::thread::available_parallelism().unwrap().get();
        assert_eq!(threads("1"), Ok(1));
        assert_eq!(threads(&(4 * cores).to_string()), Ok(4 * cores));
        for bad in [
            "0".to_string(),
            (4 * cores + 1).to_string(),
            "18446744073709551616".into(),
        ] {
            let e = threads(&bad).unwrap_err();
            assert!(e.contains(&format!("{cores} core(s)")), "{bad}: {e}");
        }
    }
}

/// How a command treats its output folder.
#[derive(clap::Args, Debug, Default, Clone, Copy)]
pub(crate) struct OutputArgs {
    /// Replace the output folder even if it holds files outreach did not write (they are deleted).
    #[arg(long)]
    pub(crate) force: bool,
    /// If another outreach process is writing the same output folder, wait for it instead of stopping.
    #[arg(long)]
    pub(crate) wait: bool,
}

impl OutputArgs {
    pub(crate) fn options(self) -> crate::output::Options {
        crate::output::Options {
            force: self.force,
            wait: self.wait,
        }
    }
}
