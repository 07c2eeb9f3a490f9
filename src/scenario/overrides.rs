//! `--set path=value`: overrides applied to the scenario text before
//! validation, so an override is checked exactly like the file. Paths are
//! TOML dotted keys and address arms and tactics by name:
//! `arms.blast.email-blast.cadence_days=7`.

use super::error::{ScenarioError, SourceText};
use std::str::FromStr;
use toml_edit::{DocumentMut, Item, Key, Value};

/// The tactics an arm can combine, by the name of their table.
pub const TACTICS: [&str; 5] = [
    "email-blast",
    "networking",
    "social-ads",
    "link-bait",
    "community",
];

/// The tactics `arm` has, by table name.
pub fn arm_tactics(arm: &super::ArmConfig) -> Vec<&'static str> {
    let has = [
        arm.email_blast.is_some(),
        arm.networking.is_some(),
        arm.social_ads.is_some(),
        arm.link_bait.is_some(),
        arm.community.is_some(),
    ];
    TACTICS
        .iter()
        .zip(has)
        .filter(|(_, has)| *has)
        .map(|(t, _)| *t)
        .collect()
}

/// A path into arm `arm` (its keys after the arm's name) that goes into a
/// tactic the arm does not have: setting it would silently add that tactic
/// and change the experiment. Returns the message and the help.
pub fn missing_tactic<S: AsRef<str>>(
    arm: &str,
    tactics: &[&str],
    rest: &[S],
) -> Option<(String, String)> {
    let tactic = rest.first()?.as_ref();
    if !TACTICS.contains(&tactic) || tactics.contains(&tactic) {
        return None;
    }
    let has = if tactics.is_empty() {
        "none".to_string()
    } else {
        tactics.join(", ")
    };
    Some((
        format!("the arm \"{arm}\" has no {tactic} tactic"),
        format!(
            "its tactics: {has}. To add {tactic} to it, write its table [arms.{}.{tactic}] in the scenario file",
            super::validate::quote_key(arm)
        ),
    ))
}

/// One parsed `--set` argument.
#[derive(Clone, Debug)]
pub struct Override {
    /// The option that gave it (`--set`, or a shorthand such as
    /// `--replicates`), for error messages.
    option: &'static str,
    /// The argument as given, for error messages.
    pub arg: String,
    pub path: Vec<Key>,
    pub value: Value,
    /// Byte offset of the value within `arg`.
    value_at: usize,
}

impl Override {
    /// Parses `path=value`. A value that is not valid TOML is taken as a
    /// string, so `--set name=trial` works without quotes.
    pub fn parse(arg: &str) -> Result<Self, ScenarioError> {
        let src = SourceText::new(format!("--set {arg}"), arg);
        let Some((path, value)) = arg.split_once('=') else {
            return Err(
                ScenarioError::at(&src, None, "", "expected path=value".into())
                    .help("for example --set arms.blast.email-blast.cadence_days=7"),
            );
        };
        let keys = Key::parse(path.trim()).map_err(|_| {
            ScenarioError::at(&src, Some(0..0), path.trim(), "not a valid dotted path".into())
                .help("separate keys with '.', and quote names with spaces: arms.\"my arm\".networking.pitch_trust=0.7")
        })?;
        let text = value.trim();
        if let Err(e) = Value::from_str(text) {
            if e.to_string().contains("integer number overflowed") {
                let dotted = path.trim();
                let range = super::params::ALL
                    .iter()
                    .find(|p| p.path == dotted)
                    .map_or_else(
                        || format!("from {} to {}", i64::MIN, i64::MAX),
                        |p| p.range_text(),
                    );
                let e = ScenarioError::at(
                    &src,
                    Some(path.len() + 1..arg.len()),
                    dotted,
                    format!("{text} is too large: valid {range}"),
                )
                .help("a whole number in a scenario is at most 9223372036854775807");
                return Err(e);
            }
        }
        let value = Value::from_str(text).unwrap_or_else(|_| Value::from(text));
        Ok(Override {
            option: "--set",
            arg: arg.to_string(),
            path: keys,
            value,
            value_at: path.len() + 1,
        })
    }

    /// The override a shorthand option (`--seed`, `--replicates`, `--days`)
    /// makes of top-level `key`; errors point at the option's value.
    pub fn shorthand(option: &'static str, key: &str, value: u64) -> Self {
        let value_text = value.to_string();
        let mut o = Override::parse(&format!("{key}={value_text}"))
            .expect("a top-level key and a whole number make a valid override");
        o.option = option;
        o.arg = value_text;
        o.value_at = 0;
        o
    }

    /// Where an error caused by this override points: the value in the argument.
    fn error(&self, mut e: ScenarioError) -> ScenarioError {
        e.origin = self.option.into();
        e.line = 1;
        e.column = self.value_at + 1;
        e.line_text = self.arg.clone();
        if e.field.is_empty() {
            e.field = self.dotted();
        }
        e
    }

    pub fn dotted(&self) -> String {
        self.path
            .iter()
            .map(|k| super::validate::quote_key(k.get()))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Writes this override into the document.
    fn apply(&self, doc: &mut DocumentMut) -> Result<(), ScenarioError> {
        let here = || SourceText::new("--set", self.arg.clone());
        // An arm is addressed by name: a misspelt name must not create a new arm.
        if self.path.len() >= 2 && self.path[0].get() == "arms" {
            let name = self.path[1].get();
            let arms: Vec<String> = doc
                .get("arms")
                .and_then(Item::as_table_like)
                .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
                .unwrap_or_default();
            if !arms.iter().any(|a| a == name) {
                let e = ScenarioError::at(
                    &here(),
                    Some(0..0),
                    &self.dotted(),
                    format!("there is no arm named \"{name}\""),
                )
                .help({
                    let names: Vec<&str> = arms.iter().map(String::as_str).collect();
                    match super::validate::nearest(name, &names) {
                        Some(k) => format!(
                            "did you mean \"{k}\"? Arms in this scenario: {}",
                            arms.join(", ")
                        ),
                        None => format!("arms in this scenario: {}", arms.join(", ")),
                    }
                });
                return Err(self.error(e));
            }
            let tactics: Vec<&str> = doc
                .get("arms")
                .and_then(|a| a.get(name))
                .and_then(Item::as_table_like)
                .map(|t| {
                    t.iter()
                        .map(|(k, _)| k)
                        .filter(|k| TACTICS.contains(k))
                        .collect()
                })
                .unwrap_or_default();
            let rest: Vec<&str> = self.path[2..].iter().map(Key::get).collect();
            if let Some((message, help)) = missing_tactic(name, &tactics, &rest) {
                let e = ScenarioError::at(&here(), Some(0..0), &self.dotted(), message).help(help);
                return Err(self.error(e));
            }
        }
        let (last, parents) = self
            .path
            .split_last()
            .expect("Key::parse gives at least one key");
        let mut table = doc.as_table_mut() as &mut dyn toml_edit::TableLike;
        for key in parents {
            let entry = table
                .entry(key.get())
                .or_insert(Item::Table(toml_edit::Table::new()));
            if let Item::Table(t) = entry {
                t.set_implicit(true);
            }
            table = match entry.as_table_like_mut() {
                Some(t) => t,
                None => {
                    let e = ScenarioError::at(
                        &here(),
                        Some(0..0),
                        &self.dotted(),
                        format!("`{}` is a value, not a table", key.get()),
                    )
                    .help("the path must end at a key inside a table");
                    return Err(self.error(e));
                }
            };
        }
        table.insert(last.get(), Item::Value(self.value.clone()));
        Ok(())
    }
}

/// `e` located on the last override that set its parameter, if one did: a
/// check made after validation (the memory guard) finds the value in the
/// file, but the user gave it on the command line.
pub fn locate_in_overrides(overrides: &[Override], e: ScenarioError) -> ScenarioError {
    match overrides.iter().rev().find(|o| o.dotted() == e.field) {
        Some(o) => o.error(e),
        None => e,
    }
}

/// Validates the file, then the file with every override; only if the latter
/// fails are the overrides applied one at a time to name the first that
/// makes the scenario invalid.
pub fn apply_all<T>(
    src: &SourceText,
    overrides: &[Override],
    validate: impl Fn(&SourceText) -> Result<T, ScenarioError>,
) -> Result<T, ScenarioError> {
    let result = validate(src)?;
    // The serde reader accepts a few things the reader of `--set` and
    // `[sweep]` does not (a whole number past i64 for a decimal field):
    // refuse those, located, whichever command reads the file.
    DocumentMut::from_str(&src.text).map_err(|e| ScenarioError::from_toml_edit(src, &e))?;
    if overrides.is_empty() {
        return Ok(result);
    }
    let with = |count: usize| -> Result<SourceText, ScenarioError> {
        let mut doc =
            DocumentMut::from_str(&src.text).map_err(|e| ScenarioError::from_toml_edit(src, &e))?;
        for o in &overrides[..count] {
            o.apply(&mut doc)?;
        }
        Ok(
            SourceText::new(format!("{} with --set", src.name), doc.to_string())
                .in_dir(src.dir.clone()),
        )
    };
    let all = with(overrides.len())?;
    match validate(&all) {
        Ok(result) => Ok(result),
        Err(e) => {
            for (k, o) in overrides.iter().enumerate() {
                if let Err(e) = validate(&with(k + 1)?) {
                    return Err(o.error(e));
                }
            }
            Err(e)
        }
    }
}
