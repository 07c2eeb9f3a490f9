//! The debrief of a finished round: per arm, what the team chose (its plan)
//! and what came of it (reach, trust, unsubscribes, customers by route,
//! cost, revenue, profit), each as a mean with its 95% interval.

use super::plan::Plan;
use super::round::{Round, RoundState, KEPT_METRICS};
use super::team::TeamId;
use crate::summary::{interval, Interval};
use serde::Serialize;

/// The metrics a debrief shows, in order (every kept metric).
pub const DEBRIEF_METRICS: &[&str] = KEPT_METRICS;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DebriefRow {
    pub arm: String,
    pub team: Option<TeamId>,
    pub name: String,
    pub plan: Plan,
    /// `(metric, last-day mean and interval)` in `DEBRIEF_METRICS` order.
    pub values: Vec<(&'static str, Interval)>,
}

/// One row per arm of a finished round, in the round's order.
pub fn debrief(round: &Round) -> Option<Vec<DebriefRow>> {
    let result = round
        .result
        .as_ref()
        .filter(|_| round.state == RoundState::Finished)?;
    Some(
        round
            .arms
            .iter()
            .enumerate()
            .map(|(a, arm)| DebriefRow {
                arm: arm.arm.clone(),
                team: arm.team,
                name: arm.name.clone(),
                plan: arm.plan.clone(),
                values: DEBRIEF_METRICS
                    .iter()
                    .map(|&m| (m, interval(&result.values(a, m))))
                    .collect(),
            })
            .collect(),
    )
}
