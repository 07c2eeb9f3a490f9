//! Scenario errors: where (file or `--set`, line, column), which field, what
//! is wrong and what would be valid.

use std::fmt;
use std::ops::Range;

/// Text a scenario was read from, with the name to show in errors.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub name: String,
    pub text: String,
    /// The folder files named in the scenario are relative to.
    pub dir: std::path::PathBuf,
}

impl SourceText {
    /// Reads a scenario file. Text that is not UTF-8 is refused with the
    /// line and the byte offset of the first bad byte (the standard
    /// library's message names neither).
    pub fn read_file(path: &std::path::Path) -> Result<String, String> {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("cannot read scenario {}: {e}", path.display()))?;
        String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            format!(
                "{}:{line}: not UTF-8 text: byte {} of the file (byte {} of line {line}) is 0x{:02x}; save the file as UTF-8",
                path.display(),
                at + 1,
                at - line_start + 1,
                e.as_bytes()[at]
            )
        })
    }

    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceText {
            name: name.into(),
            text: text.into(),
            dir: ".".into(),
        }
    }

    /// The same, with files named in it read relative to `dir`.
    pub fn in_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.dir = dir.into();
        self
    }

    /// 1-based line and column (in characters) of a byte offset, and the line.
    pub fn locate(&self, offset: usize) -> (usize, usize, String) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[start..offset].chars().count() + 1;
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        (line, column, self.text[start..end].trim_end().to_string())
    }
}

/// A refused scenario. Boxed: errors are rare, and a small `Result` keeps
/// the happy path cheap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(Box<Detail>);

/// What a `ScenarioError` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    /// The file name, or the `--set` argument at fault.
    pub origin: String,
    pub line: usize,
    pub column: usize,
    /// The offending line, for context (empty when not known).
    pub line_text: String,
    /// Dotted path of the field at fault (empty for a syntax error).
    pub field: String,
    pub message: String,
    pub help: Option<String>,
}

impl ScenarioError {
    pub fn at(src: &SourceText, span: Option<Range<usize>>, field: &str, message: String) -> Self {
        let (line, column, line_text) = src.locate(span.map_or(0, |s| s.start));
        ScenarioError(Box::new(Detail {
            origin: src.name.clone(),
            line,
            column,
            line_text,
            field: field.to_string(),
            message,
            help: None,
        }))
    }

    /// A syntax error found by `toml_edit` (the reader of `--set` and
    /// `[sweep]`), in the user's words where its message is terse.
    pub fn from_toml_edit(src: &SourceText, e: &toml_edit::TomlError) -> Self {
        let message = e.message().trim();
        let err = ScenarioError::at(src, e.span(), "", message.to_string());
        if message.contains("integer number overflowed") {
            let mut err = err.help(
                "a value this large needs a decimal point (9223372036854775808.0), or use a smaller number",
            );
            err.message = format!("a whole number must be from {} to {}", i64::MIN, i64::MAX);
            return err;
        }
        err
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl std::ops::Deref for ScenarioError {
    type Target = Detail;
    fn deref(&self) -> &Detail {
        &self.0
    }
}

impl std::ops::DerefMut for ScenarioError {
    fn deref_mut(&mut self) -> &mut Detail {
        &mut self.0
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.origin, self.line, self.column)?;
        if !self.field.is_empty() {
            write!(f, "`{}`: ", self.field)?;
        }
        write!(f, "{}", self.message)?;
        if !self.line_text.is_empty() {
            let gutter = self.line.to_string();
            write!(
                f,
                "\n {gutter} | {}\n {} | {}^",
                self.line_text,
                " ".repeat(gutter.len()),
                " ".repeat(self.column.saturating_sub(1))
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// The toml/serde messages that name Rust types or TOML's internals
/// (`expected struct RawEmailBlast`, `invalid length 1, expected struct
/// RawPopulation with 13 elements`, `$__toml_private_datetime`, "invalid
/// type: map" for a date), said again in a user's words from what the text
/// at `at` actually holds: `(message, help)`, or `None` when `message` is
/// already plain.
pub(super) fn plain_shape(text: &str, at: usize, message: &str) -> Option<(String, String)> {
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let value = text
        .get(at..)
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .trim();
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim())
        .unwrap_or(line.trim_matches(['[', ']']));
    let wants_table =
        message.contains("expected struct Raw") || message.contains("$__toml_private");
    let expected = message
        .split_once("expected ")
        .map(|(_, e)| e.trim())
        .filter(|_| !wants_table)
        .unwrap_or("a table");
    if message.starts_with("duplicate key") {
        let what = if line.starts_with('[') {
            format!("the table {line} is written twice")
        } else {
            format!("`{key}` is written twice")
        };
        return Some((
            what,
            "keep one of them: each key, each table and each arm's name appears once".into(),
        ));
    }
    if line.starts_with("[[") {
        return Some((
            format!("{line} is a list of tables; `{key}` is one table"),
            format!("write [{key}] with single brackets, once"),
        ));
    }
    let is_date = value.len() >= 10
        && value.as_bytes()[4] == b'-'
        && value.as_bytes()[7] == b'-'
        && value[..4].bytes().all(|b| b.is_ascii_digit());
    if is_date {
        return Some((
            format!("`{key}` is a date ({value}); expected {expected}"),
            "scenarios use no dates: count time in days, as a plain number".into(),
        ));
    }
    if !wants_table {
        return None;
    }
    let found = if value.starts_with('[') {
        "a list".to_string()
    } else if value.starts_with('"') || value.starts_with('\'') {
        format!("the text {value}")
    } else {
        format!("the value {value}")
    };
    // The table the key sits in, to write the full header of the fix.
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(['[', ']']).trim());
    let header = match table {
        Some(t) => format!("[{t}.{key}]"),
        None => format!("[{key}]"),
    };
    Some((
        format!("`{key}` must be a table of keys, not {found}"),
        format!("write {header} on a line of its own with its keys below it, or `{key} = {{}}` for every default"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11, item 12: a scenario that is not UTF-8 said so without a
    /// line or a position.
    #[test]
    fn item_12_non_utf8_scenario_names_line_and_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("s.toml");
        std::fs::write(&path, b"days = 5\nname = \"caf\xe9\"\n").unwrap();
        let e = SourceText::read_file(&path).unwrap_err();
        assert!(e.contains("s.toml:2: not UTF-8"), "{e}");
        assert!(e.contains("byte 21 of the file (byte 12 of line 2)"), "{e}");
    }

    /// Issue 11, item 3: the toml_edit reader's overflow message becomes
    /// the valid range, located.
    #[test]
    fn item_3_an_overflowing_integer_names_the_range() {
        let src = SourceText::new("t.toml", "a = 1\nb = 99999999999999999999\n");
        let e = src.text.parse::<toml_edit::DocumentMut>();
        let e = ScenarioError::from_toml_edit(&src, &e.unwrap_err());
        assert_eq!(e.line, 2);
        assert!(e.message.contains("9223372036854775807"), "{e}");
    }
}
