//! The scenario as a form: every parameter row (`scenario::params::ALL`,
//! what `outreach params` lists) as the page needs it to draw a control:
//! a slider over the teaching range with a box for the whole valid range,
//! a choice, a switch or a text box, with its label, unit, default and
//! meaning. The page draws controls from these rows and nothing else, so a
//! parameter added to `sections.rs` appears in the page by itself.

use super::limits::Limits;
use crate::scenario::params::{self as p, Default, Param, Range};
use crate::scenario::sections::{network_keys, NETWORK_KINDS};
use serde::Serialize;

/// How the page shows a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Control {
    /// A slider (over `teach`, if any) and a number box over `min..max`.
    Number,
    /// The same, in whole steps.
    Whole,
    /// A switch.
    Flag,
    /// A list of `choices`.
    Choice,
    /// A text box (a name).
    Text,
}

/// One row, as JSON.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Dotted path; `<arm>` stands for each arm's name.
    pub path: &'static str,
    pub key: &'static str,
    pub label: &'static str,
    pub group: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
    pub control: Control,
    /// The default, or `None` where it is derived (`default_text` says how).
    pub default: Option<serde_json::Value>,
    pub default_text: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub choices: Vec<&'static str>,
    /// The slider's range and step.
    pub teach: Option<Teach>,
    /// For a network key: the kinds it applies to.
    pub kinds: Option<Vec<&'static str>>,
}

#[derive(Debug, Serialize)]
pub struct Teach {
    pub min: f64,
    pub max: f64,
    pub step: f64,
}

/// What the page needs to draw the form: the rows and the server's limits.
#[derive(Serialize)]
pub struct Form {
    pub rows: Vec<Row>,
    pub max_people: u32,
    pub max_agent_days: u64,
}

/// Network kinds the page offers: all but the edge list, a file the page
/// may not read.
fn page_kinds() -> Vec<&'static str> {
    NETWORK_KINDS
        .iter()
        .copied()
        .filter(|k| *k != "edge-list")
        .collect()
}

/// The form: every row but the edge list's path.
pub fn form(limits: &Limits) -> Form {
    Form {
        rows: p::ALL
            .iter()
            .filter(|r| r.path != p::PATH.path)
            .map(row)
            .collect(),
        max_people: limits.max_people,
        max_agent_days: limits.max_agent_days,
    }
}

pub(super) fn row(r: &Param) -> Row {
    let (control, min, max, mut choices) = match r.range {
        Range::Unit => (Control::Number, Some(0.0), Some(1.0), vec![]),
        Range::Real(lo, hi) => (Control::Number, Some(lo), Some(hi), vec![]),
        Range::Whole(lo, hi) => (Control::Whole, Some(lo as f64), Some(hi as f64), vec![]),
        Range::Flag => (Control::Flag, None, None, vec![]),
        Range::Choice(words) => (Control::Choice, None, None, words.to_vec()),
        Range::Name | Range::Path | Range::Colour => (Control::Text, None, None, vec![]),
    };
    if r.path == p::NETWORK_KIND.path {
        choices = page_kinds();
    }
    let default = match r.default {
        Default::Real(v) => Some(serde_json::json!(v)),
        Default::Whole(v) => Some(serde_json::json!(v)),
        Default::Flag(v) => Some(serde_json::json!(v)),
        Default::Word(w) => Some(serde_json::json!(w)),
        Default::Derived(_) => None,
    };
    let in_network = r.path.starts_with("population.network.") && r.path != p::NETWORK_KIND.path;
    let kinds = in_network.then(|| {
        page_kinds()
            .into_iter()
            .filter(|k| network_keys(k).iter().any(|a| a.path == r.path))
            .collect()
    });
    Row {
        path: r.path,
        key: r.key(),
        label: r.label,
        group: r.group,
        unit: r.unit,
        meaning: r.meaning,
        control,
        default,
        default_text: r.default_text(),
        min,
        max,
        choices,
        teach: r.teach.map(|t| Teach {
            min: t.min,
            max: t.max,
            step: t.step,
        }),
        kinds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every parameter of `outreach params` but the edge list's path is a
    /// row of the form, with a control the page knows how to draw.
    #[test]
    fn every_parameter_row_has_a_control() {
        let f = form(&Limits::default());
        let page = super::super::assets::APP_JS;
        for r in p::ALL {
            let found = f.rows.iter().find(|row| row.path == r.path);
            if r.path == p::PATH.path {
                assert!(found.is_none(), "the page reads no files");
                continue;
            }
            let row = found.unwrap_or_else(|| panic!("{} has no control", r.path));
            let name = serde_json::to_value(row.control).unwrap();
            let name = name.as_str().unwrap();
            assert!(
                page.contains(&format!("case \"{name}\"")),
                "the page draws no {name} control (for {})",
                r.path
            );
            if let Some(t) = &row.teach {
                assert!(row.min.unwrap() <= t.min && t.max <= row.max.unwrap());
            }
        }
        let kinds = f
            .rows
            .iter()
            .find(|r| r.path == p::NETWORK_KIND.path)
            .unwrap();
        assert!(!kinds.choices.contains(&"edge-list"));
        let rewiring = f.rows.iter().find(|r| r.path == p::REWIRING.path).unwrap();
        assert_eq!(rewiring.kinds.as_deref(), Some(&["small-world"][..]));
    }
}
