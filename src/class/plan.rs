//! A team's plan: the tactics it combines, each with the knobs it sets and
//! its share of the budget. A plan becomes an arm table of a scenario file
//! and is validated exactly as a file would be (`round::trial`); before
//! that, the class's own rules: allowed tactics only, and with more than
//! one tactic every share given and adding up to 100 %.

use super::error::PlanError;
use super::rules::{Rules, TacticKind};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A knob's value as a form sends it. Only numbers and flags: text cannot
/// be a knob, so nothing a student types reaches a scenario as anything
/// but a number.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Knob {
    Whole(i64),
    Real(f64),
    Flag(bool),
}

impl Knob {
    fn to_toml(self) -> toml::Value {
        match self {
            Knob::Whole(v) => toml::Value::Integer(v),
            Knob::Real(v) => toml::Value::Float(v),
            Knob::Flag(v) => toml::Value::Boolean(v),
        }
    }

    fn number(self) -> Option<f64> {
        match self {
            Knob::Whole(v) => Some(v as f64),
            Knob::Real(v) => Some(v),
            Knob::Flag(_) => None,
        }
    }
}

/// Tactic kind -> its knobs (`key -> value`), in the order the team chose
/// them. Keys are checked by validation like a file's (unknown keys are
/// refused with the nearest valid one).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub tactics: IndexMap<TacticKind, IndexMap<String, Knob>>,
}

/// Sums of decimal shares are rarely exact; validation allows the same.
const SLACK: f64 = 1e-9;

impl Plan {
    /// The plan as an arm's table in a scenario file.
    pub fn arm_table(&self) -> toml::Table {
        let mut arm = toml::Table::new();
        for (kind, knobs) in &self.tactics {
            let table: toml::Table = knobs
                .iter()
                .map(|(k, v)| (k.clone(), v.to_toml()))
                .collect();
            arm.insert(kind.name().to_string(), toml::Value::Table(table));
        }
        arm
    }

    /// Each tactic's budget share, if it is given as a number.
    pub fn shares(&self) -> Vec<(TacticKind, Option<f64>)> {
        self.tactics
            .iter()
            .map(|(k, knobs)| (*k, knobs.get("budget_share").and_then(|v| v.number())))
            .collect()
    }

    /// The class's rules for a plan, before it is validated as an arm.
    pub fn check_rules(&self, rules: &Rules) -> Result<(), PlanError> {
        if self.tactics.is_empty() {
            return Err(PlanError::new(
                "the plan has no tactic",
                "choose at least one tactic",
            ));
        }
        if let Some(kind) = self.tactics.keys().find(|k| !rules.allows(**k)) {
            let allowed: Vec<&str> = rules.tactics.iter().map(|k| k.name()).collect();
            return Err(PlanError::new(
                format!("{} is not allowed in this round", kind.name()),
                format!("choose from: {}", allowed.join(", ")),
            )
            .on(kind.name(), None));
        }
        let shares = self.shares();
        if shares.len() == 1 {
            return Ok(());
        }
        if let Some((kind, _)) = shares.iter().find(|(_, s)| s.is_none()) {
            return Err(PlanError::new(
                format!("{} has no share of the budget", kind.name()),
                "give every tactic its share; the shares add up to 100 %",
            )
            .on(kind.name(), Some("budget_share")));
        }
        let sum: f64 = shares.iter().filter_map(|(_, s)| *s).sum();
        if (sum - 1.0).abs() > SLACK {
            let percent = (sum * 1000.0).round() / 10.0;
            let (last, _) = shares[shares.len() - 1];
            return Err(PlanError::new(
                format!("the budget shares add up to {percent} %, not 100 %"),
                if sum > 1.0 {
                    "lower a share until the gauge shows 100 %"
                } else {
                    "raise a share until the gauge shows 100 %"
                },
            )
            .on(last.name(), Some("budget_share")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(json: &str) -> Plan {
        serde_json::from_str(json).unwrap()
    }

    fn rules() -> Rules {
        Rules {
            tactics: vec![TacticKind::EmailBlast, TacticKind::Networking],
            days: 30,
            replicates: 2,
            daily_budget: 100.0,
            reference_arms: false,
        }
    }

    #[test]
    fn shares_not_adding_up_are_refused_with_the_reason() {
        let p = plan(
            r#"{"tactics":{"email-blast":{"budget_share":0.7},"networking":{"budget_share":0.5}}}"#,
        );
        let e = p.check_rules(&rules()).unwrap_err();
        assert_eq!(e.message, "the budget shares add up to 120 %, not 100 %");
        assert_eq!(
            (e.tactic.as_deref(), e.key.as_deref()),
            (Some("networking"), Some("budget_share"))
        );
        let p = plan(r#"{"tactics":{"email-blast":{"budget_share":0.7},"networking":{}}}"#);
        assert!(p
            .check_rules(&rules())
            .unwrap_err()
            .message
            .contains("networking has no share"));
        let ok = plan(
            r#"{"tactics":{"email-blast":{"budget_share":0.1,"cadence_days":7},"networking":{"budget_share":0.9}}}"#,
        );
        ok.check_rules(&rules()).unwrap();
        assert_eq!(
            ok.tactics[&TacticKind::EmailBlast]["cadence_days"],
            Knob::Whole(7)
        );
    }

    #[test]
    fn tactics_outside_the_rules_and_empty_plans_are_refused() {
        let p = plan(r#"{"tactics":{"social-ads":{}}}"#);
        let e = p.check_rules(&rules()).unwrap_err();
        assert!(e.message.contains("social-ads is not allowed"), "{e}");
        assert!(plan(r#"{"tactics":{}}"#).check_rules(&rules()).is_err());
        // Text is no knob, and an unknown tactic no plan: refused as JSON.
        assert!(
            serde_json::from_str::<Plan>(r#"{"tactics":{"networking":{"x":"a\"]"}}}"#).is_err()
        );
        assert!(serde_json::from_str::<Plan>(r#"{"tactics":{"../etc":{}}}"#).is_err());
    }
}
