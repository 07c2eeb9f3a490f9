//! A scenario's lesson: the question it asks, what to change, what to look
//! for, and the outcomes it expects (`[lesson]`, `[[lesson.expect]]`). The
//! raw form, its validation and the trusted form live here together so the
//! rest of the scenario code only gains one field. Checking the outcomes
//! against a run is `crate::outcomes`.
//!
//! A lesson may also hold variants (`[[lesson.variant]]`): a "try this"
//! written as overrides (`set = ["behaviour.trust_negativity_ratio=1"]`) with
//! its own expected outcomes. `outreach run` runs each variant after the main
//! run, so the advice a lesson gives is checked like its main claims.

use super::config::ArmConfig;
use super::error::{ScenarioError, SourceText};
use super::raw::Field;
use super::validate::nearest;
use crate::metrics::METRICS;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use toml::Spanned;

/// `[lesson]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLesson {
    pub question: Field<String>,
    pub change: Field<String>,
    pub look_for: Field<String>,
    #[serde(default)]
    pub expect: Vec<Spanned<RawExpect>>,
    #[serde(default)]
    pub variant: Vec<Spanned<RawVariant>>,
}

/// One `[[lesson.variant]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub set: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub expect: Vec<Spanned<RawExpect>>,
}

/// One `[[lesson.expect]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    pub says: Field<String>,
    pub arm: Field<String>,
    pub metric: Field<String>,
    pub day: Field<i64>,
    pub above: Field<String>,
    pub below: Field<String>,
    pub above_value: Field<f64>,
    pub below_value: Field<f64>,
}

/// What the scenario teaches, and the outcomes that show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lesson {
    /// The question the scenario asks.
    pub question: String,
    /// What to change to see the point (a knob, an arm).
    pub change: String,
    /// What to look for in the charts.
    pub look_for: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<Expect>,
    /// The "try this" variants, each checked by its own run.
    #[serde(rename = "variant", skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// A lesson's "try this": the scenario with some values overridden (as
/// `--set` would), and the outcomes that change should show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variant {
    /// Overrides in `--set` form, applied after the command line's own.
    pub set: Vec<String>,
    pub expect: Vec<Expect>,
}

impl Variant {
    /// "behaviour.trust_negativity_ratio=1, replicates=80": how the variant
    /// is named wherever its outcomes are printed.
    pub fn label(&self) -> String {
        self.set.join(", ")
    }
}

/// An expected outcome: one arm's metric on one day, compared with another
/// arm's (replicate by replicate) or with a fixed value.
#[derive(Clone, Debug, PartialEq)]
pub struct Expect {
    /// The outcome in words, as the lesson states it.
    pub says: String,
    pub arm: String,
    /// A name from `METRICS`.
    pub metric: String,
    /// 1-based day, as in the CSV files; `None` means the last day.
    pub day: Option<u32>,
    pub against: Against,
    /// True if the arm's value should be above the other side, false if below.
    pub above: bool,
}

/// What an expected outcome compares the arm with.
#[derive(Clone, Debug, PartialEq)]
pub enum Against {
    /// Another arm, by the paired difference across replicates.
    Arm(String),
    /// A fixed value, by the arm's own interval.
    Value(f64),
}

impl Expect {
    /// The day checked, 1-based, in a run of `days` days.
    pub fn day_in(&self, days: u32) -> u32 {
        self.day.unwrap_or(days)
    }

    /// "above networking", "below 0.3".
    pub fn comparison(&self) -> String {
        let side = if self.above { "above" } else { "below" };
        match &self.against {
            Against::Arm(other) => format!("{side} {other}"),
            Against::Value(v) => format!("{side} {v}"),
        }
    }
}

/// Written back exactly as a scenario file spells it, so `scenario.toml`
/// reruns to the same lesson.
impl Serialize for Expect {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut t = s.serialize_struct("Expect", 5)?;
        t.serialize_field("says", &self.says)?;
        t.serialize_field("arm", &self.arm)?;
        t.serialize_field("metric", &self.metric)?;
        if let Some(day) = self.day {
            t.serialize_field("day", &day)?;
        }
        match (&self.against, self.above) {
            (Against::Arm(a), true) => t.serialize_field("above", a)?,
            (Against::Arm(a), false) => t.serialize_field("below", a)?,
            (Against::Value(v), true) => t.serialize_field("above_value", v)?,
            (Against::Value(v), false) => t.serialize_field("below_value", v)?,
        }
        t.end()
    }
}

/// Validates `[lesson]` against the scenario's arms and days.
pub fn check(
    src: &SourceText,
    raw: Option<Spanned<RawLesson>>,
    arms: &[ArmConfig],
    days: u32,
) -> Result<Option<Lesson>, ScenarioError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let table = raw.span();
    let raw = raw.into_inner();
    let text = |field: &Field<String>, key: &str, example: &str| {
        let fail = |span: Option<Range<usize>>, what: &str| {
            ScenarioError::at(src, span, &format!("lesson.{key}"), what.into())
                .help(format!("for example: {key} = \"{example}\""))
        };
        match field {
            None => Err(fail(
                Some(table.clone()),
                &format!("the lesson needs `{key}`"),
            )),
            Some(s) if s.get_ref().trim().is_empty() => Err(fail(Some(s.span()), "is empty")),
            Some(s) => Ok(s.get_ref().trim().to_string()),
        }
    };
    let question = text(
        &raw.question,
        "question",
        "Which ends with more customers, blasting or networking?",
    )?;
    let change = text(
        &raw.change,
        "change",
        "Try --set arms.blast.email-blast.cadence_days=7.",
    )?;
    let look_for = text(
        &raw.look_for,
        "look_for",
        "Conversions: blasting leads for a month, then networking overtakes it.",
    )?;
    let expect = raw
        .expect
        .into_iter()
        .enumerate()
        .map(|(k, e)| expect(src, &format!("lesson.expect[{}]", k + 1), e, arms, days))
        .collect::<Result<_, _>>()?;
    let variants = raw
        .variant
        .into_iter()
        .enumerate()
        .map(|(k, v)| variant(src, k + 1, v, arms, days))
        .collect::<Result<_, _>>()?;
    Ok(Some(Lesson {
        question,
        change,
        look_for,
        expect,
        variants,
    }))
}

fn variant(
    src: &SourceText,
    nth: usize,
    raw: Spanned<RawVariant>,
    arms: &[ArmConfig],
    days: u32,
) -> Result<Variant, ScenarioError> {
    let entry = raw.span();
    let raw = raw.into_inner();
    let at = format!("lesson.variant[{nth}]");
    let example = "for example: set = [\"behaviour.trust_negativity_ratio=1\"]";
    let set = match raw.set {
        Some(set) if !set.get_ref().is_empty() => set,
        Some(set) => {
            return Err(ScenarioError::at(
                src,
                Some(set.span()),
                &format!("{at}.set"),
                "is empty".into(),
            )
            .help(example))
        }
        None => {
            return Err(ScenarioError::at(
                src,
                Some(entry),
                &format!("{at}.set"),
                "a variant needs `set`: the values it changes".into(),
            )
            .help(example))
        }
    };
    let span = set.span();
    let set = set.into_inner();
    // Checked here so that a typo fails when the scenario is read, not
    // after the main run; whether the path exists is checked when the
    // variant is loaded, as for --set.
    for s in &set {
        if let Err(e) = super::overrides::Override::parse(s) {
            return Err(ScenarioError::at(
                src,
                Some(span.clone()),
                &format!("{at}.set"),
                format!("\"{s}\" is not an override: {}", e.message),
            )
            .help(example));
        }
    }
    if raw.expect.is_empty() {
        return Err(ScenarioError::at(
            src,
            Some(entry),
            &format!("{at}.expect"),
            "a variant without expected outcomes checks nothing".into(),
        )
        .help("add a [[lesson.variant.expect]] saying what the change shows"));
    }
    let expect = raw
        .expect
        .into_iter()
        .enumerate()
        .map(|(k, e)| expect(src, &format!("{at}.expect[{}]", k + 1), e, arms, days))
        .collect::<Result<_, _>>()?;
    Ok(Variant { set, expect })
}

fn expect(
    src: &SourceText,
    at: &str,
    raw: Spanned<RawExpect>,
    arms: &[ArmConfig],
    days: u32,
) -> Result<Expect, ScenarioError> {
    let entry = raw.span();
    let raw = raw.into_inner();
    let path = |key: &str| format!("{at}.{key}");
    let fail = |span: Option<Range<usize>>, key: &str, message: String| {
        ScenarioError::at(src, span, &path(key), message)
    };
    let required = |field: &Field<String>, key: &str, help: String| match field {
        Some(s) => Ok((s.get_ref().clone(), s.span())),
        None => Err(fail(
            Some(entry.clone()),
            key,
            format!("this expected outcome needs `{key}`"),
        )
        .help(help)),
    };
    let names: Vec<&str> = arms.iter().map(|a| a.name.as_str()).collect();
    let arm_name = |field: &Field<String>, key: &str| -> Result<String, ScenarioError> {
        let (name, span) = required(
            field,
            key,
            format!("name one of the arms: {}", names.join(", ")),
        )?;
        if names.contains(&name.as_str()) {
            return Ok(name);
        }
        let hint = match nearest(&name, &names) {
            Some(n) => format!("did you mean \"{n}\"? Arms: {}", names.join(", ")),
            None => format!("name one of the arms: {}", names.join(", ")),
        };
        Err(fail(Some(span), key, format!("there is no arm named \"{name}\"")).help(hint))
    };
    let (says, says_span) = required(
        &raw.says,
        "says",
        "state the outcome in words, e.g. says = \"networking ends with higher trust than blasting\"".into(),
    )?;
    if says.trim().is_empty() {
        return Err(fail(Some(says_span), "says", "is empty".into())
            .help("state the outcome in words, as a reader should remember it"));
    }
    let arm = arm_name(&raw.arm, "arm")?;
    let metric_names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
    let (metric, metric_span) = required(
        &raw.metric,
        "metric",
        format!("name a metric: {}", metric_names.join(", ")),
    )?;
    if !metric_names.contains(&metric.as_str()) {
        let hint = match nearest(&metric, &metric_names) {
            Some(m) => format!("did you mean \"{m}\"? Metrics: {}", metric_names.join(", ")),
            None => format!("name a metric: {}", metric_names.join(", ")),
        };
        return Err(fail(
            Some(metric_span),
            "metric",
            format!("there is no metric named \"{metric}\""),
        )
        .help(hint));
    }
    let day = match &raw.day {
        None => None,
        Some(d) if (1..=i64::from(days)).contains(d.get_ref()) => Some(*d.get_ref() as u32),
        Some(d) => {
            return Err(fail(
                Some(d.span()),
                "day",
                format!(
                    "day {} is outside the run, which has days 1 to {days}",
                    d.get_ref()
                ),
            )
            .help("days count from 1 as in timeseries.csv; leave `day` out for the last day"))
        }
    };
    let given: Vec<(&str, Range<usize>)> = [
        ("above", raw.above.as_ref().map(Spanned::span)),
        ("below", raw.below.as_ref().map(Spanned::span)),
        ("above_value", raw.above_value.as_ref().map(Spanned::span)),
        ("below_value", raw.below_value.as_ref().map(Spanned::span)),
    ]
    .into_iter()
    .filter_map(|(k, s)| s.map(|s| (k, s)))
    .collect();
    let comparators =
        "above = \"<arm>\", below = \"<arm>\", above_value = <number> or below_value = <number>";
    match given.as_slice() {
        [] => {
            return Err(fail(
                Some(entry),
                "above",
                "this expected outcome compares with nothing".into(),
            )
            .help(format!("give exactly one of {comparators}")))
        }
        [_, (second, span), ..] => {
            return Err(fail(
                Some(span.clone()),
                second,
                format!("`{second}` is a second comparison; an expected outcome makes one"),
            )
            .help(format!(
            "keep exactly one of {comparators}, and write another [[lesson.expect]] for the other"
        )))
        }
        [_] => {}
    }
    let (against, above) = if raw.above.is_some() || raw.below.is_some() {
        let key = if raw.above.is_some() {
            "above"
        } else {
            "below"
        };
        let field = if raw.above.is_some() {
            &raw.above
        } else {
            &raw.below
        };
        let other = arm_name(field, key)?;
        if other == arm {
            let span = field.as_ref().map(Spanned::span);
            return Err(
                fail(span, key, format!("\"{arm}\" is compared with itself")).help(
                    "compare with another arm, or with a number through above_value or below_value",
                ),
            );
        }
        (Against::Arm(other), key == "above")
    } else {
        let (key, v) = match (&raw.above_value, &raw.below_value) {
            (Some(v), _) => ("above_value", v),
            (_, Some(v)) => ("below_value", v),
            _ => unreachable!("exactly one comparison is given"),
        };
        if !v.get_ref().is_finite() {
            return Err(fail(
                Some(v.span()),
                key,
                format!("must be a finite number, found {}", v.get_ref()),
            )
            .help("compare with an ordinary number, e.g. above_value = 0.3"));
        }
        (Against::Value(*v.get_ref()), key == "above_value")
    };
    Ok(Expect {
        says: says.trim().to_string(),
        arm,
        metric,
        day,
        against,
        above,
    })
}
