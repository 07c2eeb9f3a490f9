//! A round: its rules, its lifecycle (open -> locked -> running ->
//! finished), the arms it races, its scenario and what came of it.
//!
//! The round's scenario is built as a scenario file (a TOML table: the
//! class's base scenario without its arms, the rules' days, replicates and
//! budget, then every arm) and validated like any file, so the
//! `scenario.toml` a teacher downloads runs the same round with `outreach
//! run`, byte for byte. Every arm is in one scenario: they meet the same
//! people and the same dice (common random numbers), and every round of a
//! class uses the base scenario's seed, so rounds differ only by their rules
//! and plans.

use super::error::{ClassError, PlanError};
use super::plan::Plan;
use super::rules::Rules;
use super::team::TeamId;
use crate::engine::result::RunResult;
use crate::scenario::{Scenario, ScenarioError, SourceText};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundState {
    /// Teams submit and revise plans; the teacher may change the rules.
    Open,
    /// Plans are frozen into the round's arms; the teacher may reopen it or run it.
    Locked,
    /// The simulation is under way.
    Running,
    /// The result is in: leaderboard and debrief.
    Finished,
}

/// One arm of a locked round, as it was when the round was locked (a team
/// renamed or removed later keeps its place in the history).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundArm {
    /// The arm's name in the scenario.
    pub arm: String,
    /// The team, or `None` for a reference arm.
    pub team: Option<TeamId>,
    /// What to show: the team's name, or the reference arm's description.
    pub name: String,
    pub plan: Plan,
}

/// The names of the reference arms: no derived team name can be one of them
/// (`team::arm_name` keeps them taken).
pub const REFERENCE_BLASTER: &str = "reference-blaster";
pub const REFERENCE_NETWORKER: &str = "reference-networker";

/// The reference arms: a pure blaster and a pure networker with every knob
/// at its default, on the same budget as the teams.
pub fn reference_arms() -> Vec<RoundArm> {
    let only = |kind| Plan {
        tactics: IndexMap::from([(kind, IndexMap::new())]),
    };
    vec![
        RoundArm {
            arm: REFERENCE_BLASTER.into(),
            team: None,
            name: "Reference: pure email blaster".into(),
            plan: only(super::rules::TacticKind::EmailBlast),
        },
        RoundArm {
            arm: REFERENCE_NETWORKER.into(),
            team: None,
            name: "Reference: pure networker".into(),
            plan: only(super::rules::TacticKind::Networking),
        },
    ]
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// 1 for the class's first round.
    pub number: u32,
    pub rules: Rules,
    pub state: RoundState,
    /// The arms raced, in scenario order (reference arms first, then teams
    /// in the order they joined); empty until the round is locked.
    pub arms: Vec<RoundArm>,
    /// The round's scenario file, from the lock on.
    pub scenario_toml: Option<String>,
    /// What came of it, once finished.
    pub result: Option<RoundResult>,
}

impl Round {
    pub fn new(number: u32, rules: Rules) -> Round {
        Round {
            number,
            rules,
            state: RoundState::Open,
            arms: Vec::new(),
            scenario_toml: None,
            result: None,
        }
    }

    /// The round's validated scenario (from the lock on).
    pub fn scenario(&self) -> Option<Scenario> {
        let text = self.scenario_toml.as_ref()?;
        Some(crate::scenario::from_str(text).expect("a locked round's scenario was validated"))
    }

    /// The arm of a team in this round, if it raced.
    pub fn arm_of(&self, team: TeamId) -> Option<&RoundArm> {
        self.arms.iter().find(|a| a.team == Some(team))
    }
}

/// The scenario file for `arms` under `rules`: `base` (the class's scenario
/// as a table) without arms, baseline and lesson, then the rules, then the
/// arms; the first arm is the baseline.
fn scenario_text(base: &toml::Table, rules: &Rules, number: u32, arms: &[(&str, &Plan)]) -> String {
    let mut t = base.clone();
    for key in ["arms", "baseline", "lesson", "sweep", "name"] {
        t.remove(key);
    }
    let mut head = toml::Table::new();
    head.insert("name".into(), format!("class round {number}").into());
    head.insert("days".into(), i64::from(rules.days).into());
    head.insert("replicates".into(), i64::from(rules.replicates).into());
    // `name`, `days` and `replicates` first, as a person would write them.
    for (k, v) in t {
        if !head.contains_key(&k) {
            head.insert(k, v);
        }
    }
    let money = head
        .entry("money")
        .or_insert_with(|| toml::Table::new().into());
    if let toml::Value::Table(money) = money {
        money.insert("daily_budget".into(), rules.daily_budget.into());
    }
    let mut table = toml::Table::new();
    for (name, plan) in arms {
        table.insert(name.to_string(), plan.arm_table().into());
    }
    head.insert("arms".into(), table.into());
    toml::to_string(&head).expect("a table of plain values serialises")
}

fn parse(text: &str, number: u32) -> Result<Scenario, ScenarioError> {
    let name = format!("class round {number}");
    crate::scenario::from_source(&SourceText::new(name.clone(), text), &name, &[])
}

/// Validates `plan` as arm `arm` alone under `rules`, exactly as a scenario
/// file holding it would be.
pub(super) fn trial(
    base: &toml::Table,
    rules: &Rules,
    arm: &str,
    plan: &Plan,
) -> Result<(), PlanError> {
    plan.check_rules(rules)?;
    parse(&scenario_text(base, rules, 0, &[(arm, plan)]), 0)
        .map(drop)
        .map_err(|e| PlanError::from_scenario(&e, arm))
}

/// Checks that `rules` make a runnable scenario with the class's base (the
/// reference arms stand in for the teams).
pub(super) fn check_rules(base: &toml::Table, rules: &Rules) -> Result<(), ClassError> {
    rules.check()?;
    let refs = reference_arms();
    let arms: Vec<(&str, &Plan)> = refs.iter().map(|a| (a.arm.as_str(), &a.plan)).collect();
    parse(&scenario_text(base, rules, 0, &arms), 0)
        .map(drop)
        .map_err(|e| ClassError::Rules(format!("{}: {}", e.field, e.message)))
}

/// Freezes `arms` into the round and builds its scenario file (the
/// validated scenario written back, as `outreach run` writes scenario.toml).
pub(super) fn lock(
    base: &toml::Table,
    round: &mut Round,
    arms: Vec<RoundArm>,
) -> Result<(), ClassError> {
    let list: Vec<(&str, &Plan)> = arms.iter().map(|a| (a.arm.as_str(), &a.plan)).collect();
    let scenario = parse(
        &scenario_text(base, &round.rules, round.number, &list),
        round.number,
    )
    .map_err(|e| ClassError::State(format!("the round cannot be built: {e}")))?;
    round.scenario_toml = Some(scenario.to_toml());
    round.arms = arms;
    round.state = RoundState::Locked;
    Ok(())
}

/// The metrics a finished round keeps, per arm and replicate, at the last
/// day: what the leaderboard ranks by and the debrief shows. The daily
/// series are not kept: rerunning the round's scenario reproduces them.
pub const KEPT_METRICS: &[&str] = &[
    "reach",
    "trust",
    "unsubscribes",
    "conversions",
    "conversions_email",
    "conversions_conversation",
    "conversions_referral",
    "conversions_need",
    "conversions_ad",
    "cost",
    "revenue",
    "profit",
];

/// What came of a round: for each arm (in the round's order), each kept
/// metric's last-day value in every replicate (`None` where it is not a
/// number).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundResult {
    pub replicates: usize,
    pub arms: Vec<IndexMap<String, Vec<Option<f64>>>>,
}

impl RoundResult {
    /// Keeps the last day of `run`, whose arms must be the round's.
    pub(super) fn from_run(round: &Round, run: &RunResult) -> Result<RoundResult, ClassError> {
        let names: Vec<&str> = round.arms.iter().map(|a| a.arm.as_str()).collect();
        let replicates = round.rules.replicates as usize;
        let days = round.rules.days as usize;
        let fits = run.arms == names
            && run
                .series
                .iter()
                .all(|arm| arm.len() == replicates && arm.iter().all(|r| r.len() == days));
        if !fits {
            return Err(ClassError::State(format!(
                "the result is not round {}'s (other arms, replicates or days)",
                round.number
            )));
        }
        let arms = run
            .series
            .iter()
            .map(|arm| {
                KEPT_METRICS
                    .iter()
                    .map(|&name| {
                        let m = crate::metrics::metric(name).expect("kept metrics exist");
                        let values = arm
                            .iter()
                            .map(|r| Some((m.get)(&r[days - 1])).filter(|v| v.is_finite()))
                            .collect();
                        (name.to_string(), values)
                    })
                    .collect()
            })
            .collect();
        Ok(RoundResult { replicates, arms })
    }

    /// Arm `arm`'s values of `metric` in replicate order (non-numbers as NaN,
    /// which intervals leave out).
    pub fn values(&self, arm: usize, metric: &str) -> Vec<f64> {
        self.arms[arm]
            .get(metric)
            .map(|v| v.iter().map(|x| x.unwrap_or(f64::NAN)).collect())
            .unwrap_or_else(|| panic!("{metric} is not a kept metric"))
    }
}
