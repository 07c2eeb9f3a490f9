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

/// Most combinations a sweep may have unless raised (`--max-combinations`):
/// each is a whole run, so more is almost always a mistake, and checking
/// them all takes about a minute.
pub const MAX_COMBINATIONS: u64 = 100_000;

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
    /// The product of the axes' lengths, counted without overflow when read.
    len: u64,
}

impl Grid {
    /// Number of combinations.
    pub fn len(&self) -> u64 {
        self.len
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

/// An arm's name and the tactics it has (their table names), which paths
/// into the arm must use.
pub type ArmTactics<'a> = (&'a str, Vec<&'static str>);

/// Reads the `[sweep]` table of `src`; `None` when there is none. `arms`
/// are the scenario's arms, which paths must use. A grid of more than
/// `limit` combinations is refused.
pub fn parse(
    src: &SourceText,
    arms: &[ArmTactics],
    limit: u64,
) -> Result<Option<Grid>, ScenarioError> {
    // The serde reader accepts a few things this one does not (a whole
    // number past i64 for a decimal field): refuse those, located.
    let doc = toml_edit::Document::parse(src.text.as_str())
        .map_err(|e| ScenarioError::from_toml_edit(src, &e))?;
    let Some((key, item)) = doc.as_table().get_key_value("sweep") else {
        return Ok(None);
    };
    let Some(table) = item.as_table_like() else {
        return Err(
            ScenarioError::at(src, key.span(), "sweep", "`sweep` must be a table".into())
                .help("write [sweep] and below it \"path\" = [values] lines"),
        );
    };
    let names: Vec<&str> = arms.iter().map(|(name, _)| *name).collect();
    let reader = Reader {
        src,
        arms,
        names: &names,
    };
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
    let sizes: Vec<String> = axes.iter().map(|a| a.values.len().to_string()).collect();
    let len = axes
        .iter()
        .try_fold(1u64, |n, a| n.checked_mul(a.values.len() as u64))
        .filter(|&n| n <= limit);
    let Some(len) = len else {
        return Err(ScenarioError::at(
            src,
            key.span(),
            "sweep",
            format!(
                "the sweep has {} = {} combinations, more than the limit of {limit}",
                sizes.join(" x "),
                product_text(&axes)
            ),
        )
        .help(
            "each combination is a whole run: use fewer values or larger steps, or raise the limit with --max-combinations N",
        ));
    };
    Ok(Some(Grid { axes, len }))
}

/// The number of combinations in words, exact even past `u64`.
fn product_text(axes: &[Axis]) -> String {
    let product = axes
        .iter()
        .try_fold(1u128, |n, a| n.checked_mul(a.values.len() as u128));
    match product {
        Some(n) => n.to_string(),
        None => "more than 10^38".to_string(),
    }
}

/// Parameters that name a run rather than shape it: sweeping them would
/// repeat one run under different labels.
const UNSWEPT: [&str; 1] = ["name"];

struct Reader<'a> {
    src: &'a SourceText,
    arms: &'a [ArmTactics<'a>],
    names: &'a [&'a str],
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
            let Some((_, tactics)) = self.arms.iter().find(|(arm, _)| *arm == name) else {
                let help = match nearest(name, self.names) {
                    Some(k) => format!(
                        "did you mean \"{k}\"? Arms in this scenario: {}",
                        self.names.join(", ")
                    ),
                    None => format!("arms in this scenario: {}", self.names.join(", ")),
                };
                return Err(self
                    .fail(span, dotted, format!("there is no arm named \"{name}\""))
                    .help(help));
            };
            if let Some(e) = crate::scenario::overrides::missing_tactic(name, tactics, &keys[2..]) {
                return Err(self.fail(span, dotted, e.0).help(e.1));
            }
            let rest = keys[2..].join(".");
            generic = match rest.strip_prefix("network.") {
                Some(k) => format!("population.network.{k}"),
                None => format!("arms.<arm>.{rest}"),
            };
            arm = Some(quote_key(name));
        }
        if let Some(p) = params::ALL.iter().find(|p| p.path == generic) {
            if UNSWEPT.contains(&p.path) {
                return Err(self
                    .fail(
                        span,
                        dotted,
                        format!("sweeping `{dotted}` changes no result"),
                    )
                    .help(
                        "every combination would be the same run: sweep a parameter of the model",
                    ));
            }
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
        if let Some((extra, _)) = t.iter().find(|(k, _)| !RANGE_KEYS.contains(k)) {
            let at = t.get(extra).and_then(Item::span).or(span.clone());
            return Err(self
                .fail(at, dotted, format!("a range has no key `{extra}`"))
                .help(help));
        }
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

/// The keys of a range.
const RANGE_KEYS: [&str; 3] = ["start", "stop", "step"];

/// A table is meant as a range when it has any of start, stop and step (the
/// range then says what is missing or extra), rather than being the next
/// segment of a dotted path.
fn is_range(t: &dyn TableLike) -> bool {
    t.iter().any(|(k, _)| RANGE_KEYS.contains(&k))
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
        parse(&src, &[("a", vec!["email-blast"])], MAX_COMBINATIONS)
            .map(|g| g.expect("has a sweep"))
    }

    /// Issue 11, item 4: eight axes of 256 values (2^64 combinations)
    /// wrapped to 0, and 257 x 256^7 to 2^56; now counted exactly and
    /// refused at once.
    #[test]
    fn item_4_a_grid_past_u64_does_not_wrap() {
        let params = params::ALL
            .iter()
            .filter(|p| !p.path.contains('<') && p.path != "name")
            .take(8)
            .map(|p| p.path)
            .collect::<Vec<_>>();
        assert_eq!(params.len(), 8);
        for first in [256usize, 257] {
            let text: String = params
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let n = if i == 0 { first } else { 256 };
                    let list: Vec<String> = (1..=n).map(|v| v.to_string()).collect();
                    format!("\"{p}\" = [{}]\n", list.join(", "))
                })
                .collect();
            let started = std::time::Instant::now();
            let e = grid(&text).unwrap_err();
            assert!(started.elapsed().as_secs() < 5, "slow");
            assert!(e.message.contains("more than the limit"), "{e}");
            let exact = if first == 256 {
                "18446744073709551616"
            } else {
                "18518801667747479552"
            };
            assert!(e.message.contains(exact), "{e}");
            assert!(e.help.as_deref().unwrap().contains("--max-combinations"));
        }
    }

    /// Issue 11, item 5: no cap on a grid; three ranges of 999 values are
    /// refused before any combination is looked at, and a raised limit
    /// lets them through.
    #[test]
    fn item_5_more_than_the_limit_is_refused_and_can_be_raised() {
        let text = "\"days\" = { start = 1, stop = 999, step = 1 }\n\"replicates\" = { start = 1, stop = 999, step = 1 }\n\"seed\" = { start = 1, stop = 999, step = 1 }\n";
        let e = grid(text).unwrap_err();
        assert!(e.message.contains("997002999 combinations"), "{e}");
        assert_eq!((e.line, e.column), (2, 2));
        let src = SourceText::new("t.toml", format!("[arms.a.email-blast]\n[sweep]\n{text}"));
        let g = parse(&src, &[("a", vec!["email-blast"])], 1_000_000_000)
            .unwrap()
            .unwrap();
        assert_eq!(g.len(), 997_002_999);
    }

    /// Issue 11, item 3: a whole number past i64 (accepted by the serde
    /// reader for a decimal field) panicked here; now it is refused with
    /// its line.
    #[test]
    fn item_3_a_number_past_i64_is_refused_not_a_panic() {
        let src = SourceText::new(
            "t.toml",
            "[arms.a.email-blast]\nx = 9223372036854775808\n[sweep]\ndays = [1]\n",
        );
        let e = parse(&src, &[("a", vec!["email-blast"])], MAX_COMBINATIONS).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("9223372036854775807"), "{e}");
    }

    /// Issue 11, item 7: a path into a tactic the arm lacks silently added
    /// it; now it is refused, listing the arm's tactics.
    #[test]
    fn item_7_a_path_into_a_missing_tactic_is_refused() {
        let e = grid("\"arms.a.networking.pitch_trust\" = [0.5]\n").unwrap_err();
        assert!(e.message.contains("has no networking tactic"), "{e}");
        assert!(
            e.help
                .as_deref()
                .unwrap()
                .contains("its tactics: email-blast"),
            "{e}"
        );
    }

    /// Issue 11, item 13: `[sweep] "name" = [...]` changed nothing.
    #[test]
    fn item_13_sweeping_the_name_is_refused() {
        let e = grid("\"name\" = [\"x\", \"y\"]\n").unwrap_err();
        assert!(e.message.contains("changes no result"), "{e}");
    }

    /// Issue 11, item 12: a range without `step` said "`days.start`: not a
    /// scenario parameter".
    #[test]
    fn item_12_a_range_without_step_says_what_is_missing() {
        let e = grid("\"days\" = { start = 1, stop = 5 }\n").unwrap_err();
        assert!(e.message.contains("the range has no `step`"), "{e}");
        assert_eq!(e.field, "days");
        let e = grid("\"days\" = { start = 1, stop = 5, stpe = 1 }\n").unwrap_err();
        assert!(e.message.contains("no key `stpe`"), "{e}");
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
