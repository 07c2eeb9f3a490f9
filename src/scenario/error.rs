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
