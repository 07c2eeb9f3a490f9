//! `--set path=value`: overrides applied to the scenario text before
//! validation, so an override is checked exactly like the file. Paths are
//! TOML dotted keys and address arms and tactics by name:
//! `arms.blast.email-blast.cadence_days=7`.

use super::error::{ScenarioError, SourceText};
use std::str::FromStr;
use toml_edit::{DocumentMut, Item, Key, Value};

/// One parsed `--set` argument.
#[derive(Clone, Debug)]
pub struct Override {
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
        let value = Value::from_str(text).unwrap_or_else(|_| Value::from(text));
        Ok(Override {
            arg: arg.to_string(),
            path: keys,
            value,
            value_at: path.len() + 1,
        })
    }

    /// Where an error caused by this override points: the value in the argument.
    fn error(&self, mut e: ScenarioError) -> ScenarioError {
        e.origin = "--set".into();
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

/// Validates the file, then the file with every override; only if the latter
/// fails are the overrides applied one at a time to name the first that
/// makes the scenario invalid.
pub fn apply_all<T>(
    src: &SourceText,
    overrides: &[Override],
    validate: impl Fn(&SourceText) -> Result<T, ScenarioError>,
) -> Result<T, ScenarioError> {
    let result = validate(src)?;
    if overrides.is_empty() {
        return Ok(result);
    }
    let with = |count: usize| -> Result<SourceText, ScenarioError> {
        let mut doc = DocumentMut::from_str(&src.text).expect("validated text is TOML");
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
