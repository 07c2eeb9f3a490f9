//! The `[sweep]` table: parameter paths, written exactly as `--set` takes
//! them, each mapped to a list of values or an inclusive range
//! `{ start, stop, step }`. This file reads the table with every value's
//! position (through toml_edit, which keeps spans inside lists) and checks
//! its shape and that each path names a parameter; whether each value is
//! valid is checked by the scenario's own validation (`super::Sweep::load`).

use crate::scenario::params::{self, Param};
use crate::scenario::validate::{nearest, quote_key};
use crate::scenario::{Override, ScenarioError, SourceText};
use std::ops::Range;
use toml_edit::{Item, Key, TableLike, Value};

/// Ranges longer than this are almost certainly a mistyped step.
const MAX_RANGE_VALUES: u64 = 100_000;

/// One swept parameter and its values, in the order written.
#[derive(Clone, Debug)]
pub struct Axis {
    /// The path as `--set` takes it; also the column header in sweep.csv.
    pub path: String,
    pub param: &'static Param,
    pub values: Vec<SweptValue>,
}

/// One value of an axis.
#[derive(Clone, Debug, PartialEq)]
pub struct SweptValue {
    /// As TOML writes it (`7`, `0.3`, `"random"`): what `--set` receives.
    pub toml: String,
    /// As sweep.csv shows it: the same, without quotes around words.
    pub cell: String,
    /// Where the value was written (a range's values point at the range).
    pub span: Range<usize>,
}

/// Every combination of the axes' values. Combinations are numbered from 0
/// in grid order: the first axis outermost, the last one changing fastest.
#[derive(Clone, Debug)]
pub struct Grid {
    pub axes: Vec<Axis>,
}

impl Grid {
    /// Number of combinations.
    pub fn len(&self) -> u64 {
        self.axes.iter().map(|a| a.values.len() as u64).product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of combination `index`, one per axis.
    pub fn values(&self, mut index: u64) -> Vec<&SweptValue> {
        let mut values: Vec<&SweptValue> = self
            .axes
            .iter()
            .rev()
            .map(|axis| {
                let n = axis.values.len() as u64;
                let v = &axis.values[(index % n) as usize];
                index /= n;
                v
            })
            .collect();
        values.reverse();
        values
    }

    /// Combination `index` as `--set` overrides, one per axis.
    pub fn overrides(&self, index: u64) -> Vec<Override> {
        self.axes
            .iter()
            .zip(self.values(index))
            .map(|(axis, v)| {
                Override::parse(&format!("{}={}", axis.path, v.toml))
                    .expect("a checked path and a TOML value form a valid override")
            })
            .collect()
    }

    /// `path = value, ...` of combination `index`, for messages.
    pub fn describe(&self, index: u64) -> String {
        self.axes
            .iter()
            .zip(self.values(index))
            .map(|(axis, v)| format!("{} = {}", axis.path, v.toml))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The resolved `[sweep]` table: every range written out as its list.
    pub fn to_toml(&self) -> String {
        let mut text = String::from("[sweep]\n");
        for axis in &self.axes {
            let values: Vec<&str> = axis.values.iter().map(|v| v.toml.as_str()).collect();
            text.push_str(&format!(
                "{} = [{}]\n",
                Value::from(axis.path.as_str()),
                values.join(", ")
            ));
        }
        text
    }
}

/// Reads the `[sweep]` table of `src`; `None` when there is none. `arms`
/// are the scenario's arm names, which paths must use.
pub fn parse(src: &SourceText, arms: &[&str]) -> Result<Option<Grid>, ScenarioError> {
    let doc = toml_edit::Document::parse(src.text.as_str())
        .expect("the scenario was validated, so it is TOML");
    let Some((key, item)) = doc.as_table().get_key_value("sweep") else {
        return Ok(None);
    };
    let Some(table) = item.as_table_like() else {
        return Err(
            ScenarioError::at(src, key.span(), "sweep", "`sweep` must be a table".into())
                .help("write [sweep] and below it \"path\" = [values] lines"),
        );
    };
    let reader = Reader { src, arms };
    let mut axes = Vec::new();
    reader.axes(table, &[], &mut axes)?;
    if axes.is_empty() {
        return Err(ScenarioError::at(
            src,
            key.span(),
            "sweep",
            "the [sweep] table is empty".into(),
        )
        .help("add a line such as \"arms.blast.email-blast.cadence_days\" = [1, 7, 30]"));
    }
    Ok(Some(Grid { axes }))
}

struct Reader<'a> {
    src: &'a SourceText,
    arms: &'a [&'a str],
}

impl Reader<'_> {
    fn fail(&self, span: Option<Range<usize>>, field: &str, message: String) -> ScenarioError {
        ScenarioError::at(self.src, span, field, message)
    }

    /// Collects the axes of `table`. At the top, each key is a whole dotted
    /// path (quoted); an unquoted dotted key arrives as nested tables, whose
    /// keys are one segment each.
    fn axes(
        &self,
        table: &dyn TableLike,
        prefix: &[String],
        axes: &mut Vec<Axis>,
    ) -> Result<(), ScenarioError> {
        for (name, item) in table.iter() {
            let key = table.get_key_value(name).map(|(k, _)| k);
            let span = key.and_then(Key::span);
            let mut path = prefix.to_vec();
            if prefix.is_empty() {
                let keys = Key::parse(name).map_err(|_| {
                    self.fail(span.clone(), name, "not a valid dotted path".into())
                        .help("quote the whole path: \"arms.blast.email-blast.cadence_days\" = [1, 7]")
                })?;
                path.extend(keys.iter().map(|k| k.get().to_string()));
            } else {
                path.push(name.to_string());
            }
            let nested = item.as_table_like().filter(|t| !is_range(*t));
            match nested {
                Some(t) => self.axes(t, &path, axes)?,
                None => {
                    let dotted: Vec<String> = path.iter().map(|k| quote_key(k)).collect();
                    let dotted = dotted.join(".");
                    let param = self.parameter(&path, &dotted, span)?;
                    let values = self.values(item, &dotted, param)?;
                    axes.push(Axis {
                        path: dotted,
                        param,
                        values,
                    });
                }
            }
        }
        Ok(())
    }

    /// The parameter a path names: arms by their name, networks of arms as
    /// the population's network keys.
    fn parameter(
        &self,
        keys: &[String],
        dotted: &str,
        span: Option<Range<usize>>,
    ) -> Result<&'static Param, ScenarioError> {
        let mut generic = keys.join(".");
        let mut arm = None;
        if keys.len() >= 2 && keys[0] == "arms" {
            let name = keys[1].as_str();
            if !self.arms.contains(&name) {
                let help = match nearest(name, self.arms) {
                    Some(k) => format!(
                        "did you mean \"{k}\"? Arms in this scenario: {}",
                        self.arms.join(", ")
                    ),
                    None => format!("arms in this scenario: {}", self.arms.join(", ")),
                };
                return Err(self
                    .fail(span, dotted, format!("there is no arm named \"{name}\""))
                    .help(help));
            }
            let rest = keys[2..].join(".");
            generic = match rest.strip_prefix("network.") {
                Some(k) => format!("population.network.{k}"),
                None => format!("arms.<arm>.{rest}"),
            };
            arm = Some(quote_key(name));
        }
        if let Some(p) = params::ALL.iter().find(|p| p.path == generic) {
            return Ok(p);
        }
        let named = |p: &Param| match &arm {
            Some(a) => p.path.replace("<arm>", a),
            None => p.path.to_string(),
        };
        let candidates: Vec<String> = params::ALL.iter().map(named).collect();
        let refs: Vec<&str> = candidates.iter().map(String::as_str).collect();
        let help = match nearest(dotted, &refs) {
            Some(k) => format!("did you mean `{k}`? `outreach params` lists every parameter"),
            None => "`outreach params` lists every parameter".to_string(),
        };
        Err(self
            .fail(span, dotted, "not a scenario parameter".to_string())
            .help(help))
    }

    /// The values of one axis: a list, or a range table.
    fn values(
        &self,
        item: &Item,
        dotted: &str,
        param: &Param,
    ) -> Result<Vec<SweptValue>, ScenarioError> {
        let values = if let Some(range) = item.as_table_like() {
            self.range(range, item.span(), dotted)?
        } else if let Some(list) = item.as_array() {
            let mut values = Vec::new();
            for v in list.iter() {
                values.push(self.scalar(v, dotted)?);
            }
            if values.is_empty() {
                return Err(self
                    .fail(item.span(), dotted, "an empty list sweeps nothing".into())
                    .help(format!(
                        "list at least one value ({}), or remove the line",
                        param.range_text()
                    )));
            }
            values
        } else {
            return Err(self
                .fail(
                    item.span(),
                    dotted,
                    "expected a list of values or a range".into(),
                )
                .help("for example [1, 7, 30] or { start = 0.1, stop = 0.9, step = 0.2 }"));
        };
        for (i, v) in values.iter().enumerate() {
            if values[..i].iter().any(|w| w.toml == v.toml) {
                return Err(self
                    .fail(
                        Some(v.span.clone()),
                        dotted,
                        format!("{} is listed twice", v.toml),
                    )
                    .help("each value once: a repeated value would repeat rows"));
            }
        }
        Ok(values)
    }

    fn scalar(&self, v: &Value, dotted: &str) -> Result<SweptValue, ScenarioError> {
        let span = v.span().unwrap_or(0..0);
        let cell = match v {
            Value::String(s) => s.value().clone(),
            Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => repr(v),
            _ => {
                return Err(self
                    .fail(
                        Some(span),
                        dotted,
                        "each value must be a number, true/false or a word".into(),
                    )
                    .help("lists and tables cannot be swept"))
            }
        };
        Ok(SweptValue {
            toml: repr(v),
            cell,
            span,
        })
    }

    /// `{ start, stop, step }`, stop included (with a tolerance for
    /// floating-point steps). Whole numbers throughout give whole values.
    fn range(
        &self,
        t: &dyn TableLike,
        span: Option<Range<usize>>,
        dotted: &str,
    ) -> Result<Vec<SweptValue>, ScenarioError> {
        let help = "a range is { start = 0.1, stop = 0.9, step = 0.2 } (stop included)";
        let number = |name: &str| -> Result<(f64, bool), ScenarioError> {
            let item = t.get(name).ok_or_else(|| {
                self.fail(span.clone(), dotted, format!("the range has no `{name}`"))
                    .help(help)
            })?;
            match item.as_value() {
                Some(Value::Integer(i)) => Ok((*i.value() as f64, true)),
                Some(Value::Float(f)) if f.value().is_finite() => Ok((*f.value(), false)),
                _ => Err(self
                    .fail(item.span(), dotted, format!("`{name}` must be a number"))
                    .help(help)),
            }
        };
        let (start, whole_start) = number("start")?;
        let (stop, whole_stop) = number("stop")?;
        let (step, whole_step) = number("step")?;
        let whole = whole_start && whole_stop && whole_step;
        let step_span = t.get("step").and_then(Item::span);
        if step <= 0.0 {
            return Err(self
                .fail(
                    step_span,
                    dotted,
                    format!("a step of {step} never reaches stop"),
                )
                .help("the step must be above 0"));
        }
        if stop < start {
            return Err(self
                .fail(
                    t.get("stop").and_then(Item::span),
                    dotted,
                    format!("stop {stop} is below start {start}"),
                )
                .help(help));
        }
        let count = ((stop - start) / step * (1.0 + 1e-9) + 1e-9).floor() as u64 + 1;
        if count > MAX_RANGE_VALUES {
            return Err(self
                .fail(
                    step_span,
                    dotted,
                    format!("this range has {count} values, more than {MAX_RANGE_VALUES}"),
                )
                .help("use a larger step"));
        }
        let at = span.unwrap_or(0..0);
        Ok((0..count)
            .map(|i| {
                let x = start + i as f64 * step;
                let value = if whole {
                    Value::from(x.round() as i64)
                } else {
                    // Twelve decimals hide the binary noise of repeated
                    // steps (0.1 + 2 x 0.2 = 0.5, not 0.5000000000000001).
                    let text = format!("{x:.12}");
                    Value::from(text.parse::<f64>().expect("a formatted number parses"))
                };
                SweptValue {
                    toml: repr(&value),
                    cell: repr(&value),
                    span: at.clone(),
                }
            })
            .collect())
    }
}

/// A table is a range when its keys are exactly start, stop and step.
fn is_range(t: &dyn TableLike) -> bool {
    let mut keys: Vec<&str> = t.iter().map(|(k, _)| k).collect();
    keys.sort();
    keys == ["start", "step", "stop"]
}

/// A value as TOML writes it, without the spaces and comments around it.
fn repr(v: &Value) -> String {
    let mut v = v.clone();
    v.decor_mut().clear();
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(sweep: &str) -> Result<Grid, ScenarioError> {
        let src = SourceText::new("t.toml", format!("[arms.a.email-blast]\n[sweep]\n{sweep}"));
        parse(&src, &["a"]).map(|g| g.expect("has a sweep"))
    }

    fn texts(axis: &Axis) -> Vec<&str> {
        axis.values.iter().map(|v| v.toml.as_str()).collect()
    }

    #[test]
    fn lists_and_ranges_expand_in_order() {
        let g = grid(
            "\"arms.a.email-blast.cadence_days\" = [1, 7, 30]\n\"population.initial_trust\" = { start = 0.1, stop = 0.9, step = 0.2 }\n\"days\" = { start = 10, stop = 30, step = 10 }\n",
        )
        .unwrap();
        assert_eq!(texts(&g.axes[0]), ["1", "7", "30"]);
        assert_eq!(texts(&g.axes[1]), ["0.1", "0.3", "0.5", "0.7", "0.9"]);
        assert_eq!(texts(&g.axes[2]), ["10", "20", "30"]);
        assert_eq!(g.len(), 45);
        let last: Vec<&str> = g.values(44).iter().map(|v| v.toml.as_str()).collect();
        assert_eq!(last, ["30", "0.9", "30"]);
        let second: Vec<&str> = g.values(1).iter().map(|v| v.toml.as_str()).collect();
        assert_eq!(second, ["1", "0.1", "20"], "the last axis changes fastest");
    }

    #[test]
    fn unquoted_dotted_keys_and_words_work() {
        let g = grid("population.network.kind = [\"random\", \"small-world\"]\n").unwrap();
        assert_eq!(g.axes[0].path, "population.network.kind");
        assert_eq!(g.axes[0].values[0].cell, "random");
        assert_eq!(g.axes[0].values[0].toml, "\"random\"");
        assert!(g
            .to_toml()
            .contains("\"population.network.kind\" = [\"random\", \"small-world\"]"));
    }

    #[test]
    fn problems_point_at_the_line_and_column() {
        let e = grid("\"arms.a.email-blast.cadense_days\" = [1]\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.help.as_deref().unwrap().contains("cadence_days"), "{e}");
        let e = grid("\"arms.b.email-blast.cadence_days\" = [1]\n").unwrap_err();
        assert!(e.message.contains("no arm named \"b\""), "{e}");
        let e = grid("\"days\" = [1, 2, 1]\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 17));
        let e = grid("\"days\" = []\n").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
        let e = grid("\"days\" = { start = 1, stop = 5, step = 0 }\n").unwrap_err();
        assert!(e.message.contains("never reaches"), "{e}");
        let e = grid("\"days\" = 5\n").unwrap_err();
        assert!(e.message.contains("list of values or a range"), "{e}");
    }
}
