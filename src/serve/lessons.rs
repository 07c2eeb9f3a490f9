//! The lessons of scenarios/, embedded in the binary: the page loads a
//! lesson by name from this list and nothing else, so no request can name
//! a file of the server's.

use crate::scenario::{self, Scenario, ScenarioError, SourceText};
use serde::Serialize;

/// Every lesson (a scenario with a `[lesson]` table), by name.
pub const LESSONS: &[(&str, &str)] = &[
    ("ads", include_str!("../../scenarios/ads.toml")),
    ("audience", include_str!("../../scenarios/audience.toml")),
    ("budget", include_str!("../../scenarios/budget.toml")),
    ("cadence", include_str!("../../scenarios/cadence.toml")),
    ("classic", include_str!("../../scenarios/classic.toml")),
    ("content", include_str!("../../scenarios/content.toml")),
    ("launch", include_str!("../../scenarios/launch.toml")),
    ("mixing", include_str!("../../scenarios/mixing.toml")),
    ("networks", include_str!("../../scenarios/networks.toml")),
    ("patience", include_str!("../../scenarios/patience.toml")),
];

/// A lesson as the picker lists it.
#[derive(Serialize)]
pub struct Entry {
    pub name: &'static str,
    pub question: String,
}

/// Every lesson's name and question.
pub fn entries() -> Vec<Entry> {
    LESSONS
        .iter()
        .filter_map(|&(name, _)| {
            let s = load(name)?.ok()?;
            Some(Entry {
                name,
                question: s.lesson?.question,
            })
        })
        .collect()
}

/// The lesson `name` validated, or `None` if there is no such lesson.
pub fn load(name: &str) -> Option<Result<Scenario, ScenarioError>> {
    load_with(name, &[])
}

/// The lesson `name` with command-line overrides (`--set`, `--seed`, ...)
/// applied, validated, or `None` if there is no such lesson.
pub fn load_with(
    name: &str,
    overrides: &[scenario::Override],
) -> Option<Result<Scenario, ScenarioError>> {
    let (name, text) = LESSONS.iter().find(|(n, _)| *n == name)?;
    let src = SourceText::new(format!("scenarios/{name}.toml"), *text);
    Some(scenario::from_source(&src, name, overrides))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lesson added to scenarios/ is a lesson the page offers.
    #[test]
    fn every_lesson_in_scenarios_is_embedded_and_valid() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .filter(|p| {
                std::fs::read_to_string(p)
                    .unwrap()
                    .lines()
                    .any(|l| l.trim() == "[lesson]")
            })
            .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = LESSONS.iter().map(|(n, _)| *n).collect();
        assert_eq!(embedded, on_disk);
        for (name, _) in LESSONS {
            load(name)
                .unwrap()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert_eq!(entries().len(), LESSONS.len());
        assert!(load("../Cargo").is_none());
    }

    /// A lesson the page offers is one it can run and check in full:
    /// within the body size and the default limits, its "try this"
    /// variants too (the page checks them, and report.html holds them).
    #[test]
    fn every_lesson_and_its_variants_fit_the_pages_limits() {
        let limits = crate::serve::Limits::default();
        for (name, _) in LESSONS {
            let lesson = load(name).unwrap().unwrap();
            let json = serde_json::to_vec(&lesson).unwrap();
            assert!(json.len() <= crate::serve::limits::MAX_BODY_BYTES, "{name}");
            let src = match crate::serve::submit::scenario(&json, &limits) {
                Ok((_, src)) => src,
                Err(r) => panic!("{name}: {}", r.text),
            };
            for v in lesson.lesson.iter().flat_map(|l| &l.variants) {
                if let Err(r) = crate::serve::submit::variant(&src, &v.set, &limits) {
                    panic!("{name}, variant {}: {}", v.label(), r.text);
                }
            }
        }
    }
}
