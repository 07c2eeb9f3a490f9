//! Scenario input: the raw file (`raw`), its validation into a trusted
//! `Scenario` (`validate`, `config`), command-line overrides (`overrides`) and
//! the parameter table (`params`). Nothing outside this module parses input.

pub mod colour;
pub mod config;
pub mod error;
pub mod lesson;
pub mod overrides;
pub mod params;
pub mod raw;
pub mod sections;
pub mod validate;

pub use config::*;
pub use error::{ScenarioError, SourceText};
pub use overrides::Override;

use std::path::Path;

/// The scenario run when no file is given: the classic comparison, small
/// enough to finish in about a second.
pub const DEFAULT_SCENARIO: &str = include_str!("default.toml");

/// Reads, overrides and validates a scenario. `None` means the embedded default.
pub fn load(path: Option<&Path>, overrides: &[Override]) -> anyhow::Result<(Scenario, SourceText)> {
    let (src, stem) = match path {
        Some(p) => {
            let text = SourceText::read_file(p).map_err(anyhow::Error::msg)?;
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scenario".into());
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            (
                SourceText::new(p.display().to_string(), text).in_dir(dir),
                stem,
            )
        }
        None => (
            SourceText::new("<default scenario>", DEFAULT_SCENARIO),
            "default".into(),
        ),
    };
    let scenario = from_source(&src, &stem, overrides)?;
    Ok((scenario, src))
}

/// Validates scenario text with overrides.
pub fn from_source(
    src: &SourceText,
    stem: &str,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    overrides::apply_all(src, overrides, |s| validate::parse(s, stem))
}

/// Validates scenario text alone (tests, lessons, benches).
pub fn from_str(text: &str) -> Result<Scenario, ScenarioError> {
    validate::parse(&SourceText::new("<scenario>", text), "scenario")
}
