//! The rules of a round, set by the teacher: which tactics teams may use,
//! how long the round runs, how many replicates, the daily budget every
//! team gets, and whether the reference arms race too. The next round may
//! change them (allow ads, run two years).

use super::error::ClassError;
use crate::scenario::params as p;
use serde::{Deserialize, Serialize};

/// A kind of tactic, named as in scenario files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TacticKind {
    EmailBlast,
    Networking,
    SocialAds,
    LinkBait,
    Community,
}

impl TacticKind {
    pub const ALL: [TacticKind; 5] = [
        TacticKind::EmailBlast,
        TacticKind::Networking,
        TacticKind::SocialAds,
        TacticKind::LinkBait,
        TacticKind::Community,
    ];

    /// The table's name in a scenario file.
    pub fn name(self) -> &'static str {
        match self {
            TacticKind::EmailBlast => "email-blast",
            TacticKind::Networking => "networking",
            TacticKind::SocialAds => "social-ads",
            TacticKind::LinkBait => "link-bait",
            TacticKind::Community => "community",
        }
    }

    pub fn from_name(name: &str) -> Option<TacticKind> {
        TacticKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The tactic's parameter rows (labels, ranges, sliders) for a form.
    pub fn params(self) -> &'static [p::Param] {
        match self {
            TacticKind::EmailBlast => p::EMAIL_BLAST,
            TacticKind::Networking => p::NETWORKING,
            TacticKind::SocialAds => p::SOCIAL_ADS,
            TacticKind::LinkBait => p::LINK_BAIT,
            TacticKind::Community => p::COMMUNITY,
        }
    }
}

/// One round's rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    /// The tactics a team may combine, in the order a form shows them.
    pub tactics: Vec<TacticKind>,
    pub days: u32,
    /// Replicates the round runs; at least 2, for intervals.
    pub replicates: u32,
    /// Money per day, the same for every team (and reference arm).
    pub daily_budget: f64,
    /// Race a pure blaster and a pure networker beside the teams.
    pub reference_arms: bool,
}

/// Replicates a round runs unless the teacher says otherwise: enough that a
/// difference the intervals call clear is rarely luck.
pub const DEFAULT_REPLICATES: u32 = 20;

/// The daily budget of a class whose scenario has none (as `budget.toml`).
pub const DEFAULT_DAILY_BUDGET: f64 = 300.0;

impl Rules {
    /// The first round's rules: the scenario's days and budget (300 a day if
    /// it has none), its replicates but at least 20 (so that ties are rare
    /// enough to mean something; a lesson's 10 become 20, `--replicates 40`
    /// stays 40), every tactic but ads (a later round may allow them),
    /// reference arms on.
    pub fn for_scenario(s: &crate::scenario::Scenario) -> Rules {
        Rules {
            tactics: vec![
                TacticKind::EmailBlast,
                TacticKind::Networking,
                TacticKind::LinkBait,
                TacticKind::Community,
            ],
            days: s.days,
            replicates: s.replicates.max(DEFAULT_REPLICATES),
            daily_budget: if s.money.daily_budget > 0.0 {
                s.money.daily_budget
            } else {
                DEFAULT_DAILY_BUDGET
            },
            reference_arms: true,
        }
    }

    /// Rules a class can run: within the sliders' ranges of `days` and
    /// `replicates` (what is worth trying in a lesson, and what finishes
    /// during one), a budget above 0, at least one tactic, none twice.
    pub fn check(&self) -> Result<(), ClassError> {
        let within = |param: &p::Param, value: f64, least: f64| -> Result<(), ClassError> {
            let teach = param.teach.expect("days and replicates have sliders");
            let lo = teach.min.max(least);
            if !(lo..=teach.max).contains(&value) {
                return Err(ClassError::Rules(format!(
                    "{} must be from {lo} to {} in class, found {value}",
                    param.label.to_lowercase(),
                    teach.max
                )));
            }
            Ok(())
        };
        within(&p::DAYS, f64::from(self.days), 1.0)?;
        within(&p::REPLICATES, f64::from(self.replicates), 2.0)?;
        let budget_max = match p::DAILY_BUDGET.range {
            p::Range::Real(_, hi) => hi,
            _ => unreachable!("the budget is a real number"),
        };
        if !(self.daily_budget > 0.0 && self.daily_budget <= budget_max) {
            return Err(ClassError::Rules(format!(
                "the daily budget must be above 0 and at most {budget_max}, found {}",
                self.daily_budget
            )));
        }
        if self.tactics.is_empty() {
            return Err(ClassError::Rules(
                "allow at least one tactic, or no team can make a plan".into(),
            ));
        }
        let mut seen = self.tactics.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.tactics.len() {
            return Err(ClassError::Rules("a tactic is listed twice".into()));
        }
        Ok(())
    }

    pub fn allows(&self, kind: TacticKind) -> bool {
        self.tactics.contains(&kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_runnable_and_checks_say_why() {
        let s = crate::scenario::from_str("[arms.a.networking]\n").unwrap();
        let rules = Rules::for_scenario(&s);
        rules.check().unwrap();
        assert_eq!(rules.replicates, 20);
        assert_eq!(rules.daily_budget, DEFAULT_DAILY_BUDGET);
        let one = Rules {
            replicates: 1,
            ..rules.clone()
        };
        assert!(one
            .check()
            .unwrap_err()
            .to_string()
            .contains("replicates must be from 2"));
        let broke = Rules {
            daily_budget: 0.0,
            ..rules.clone()
        };
        assert!(broke.check().unwrap_err().to_string().contains("above 0"));
        let none = Rules {
            tactics: vec![],
            ..rules
        };
        assert!(none.check().is_err());
        for k in TacticKind::ALL {
            assert_eq!(TacticKind::from_name(k.name()), Some(k));
        }
    }
}
