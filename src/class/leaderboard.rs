//! The leaderboard of a finished round: arms ranked by one metric's mean at
//! the last day, each with its 95% interval, and every arm whose paired
//! difference from the leader (replicate by replicate, on the same people
//! and dice) has an interval that is not clear of zero marked as tied with
//! it: a class sees when a ranking is luck.

use super::round::{Round, RoundState};
use super::team::TeamId;
use crate::summary::{interval, Interval};
use serde::{Deserialize, Serialize};

/// What a teacher may rank by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RankBy {
    #[default]
    Profit,
    Customers,
    Trust,
    Reach,
    Unsubscribes,
}

impl RankBy {
    pub const ALL: [RankBy; 5] = [
        RankBy::Profit,
        RankBy::Customers,
        RankBy::Trust,
        RankBy::Reach,
        RankBy::Unsubscribes,
    ];

    /// The metric it reads (`crate::metrics::METRICS`).
    pub fn metric(self) -> &'static str {
        match self {
            RankBy::Profit => "profit",
            RankBy::Customers => "conversions",
            RankBy::Trust => "trust",
            RankBy::Reach => "reach",
            RankBy::Unsubscribes => "unsubscribes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RankBy::Profit => "Profit",
            RankBy::Customers => "Customers",
            RankBy::Trust => "Trust",
            RankBy::Reach => "Reach",
            RankBy::Unsubscribes => "Unsubscribes",
        }
    }

    /// Fewer unsubscribes is better; more of everything else.
    pub fn higher_is_better(self) -> bool {
        self != RankBy::Unsubscribes
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BoardRow {
    /// 1 for the leader; arms tied with the leader keep their own place.
    pub place: usize,
    pub arm: String,
    /// `None` for a reference arm.
    pub team: Option<TeamId>,
    /// The team's name as typed (show it as text).
    pub name: String,
    /// The mean at the last day and its 95% interval.
    pub value: Interval,
    /// This arm minus the leader, paired by replicate (`None` for the leader).
    pub from_leader: Option<Interval>,
    /// The paired difference's interval includes zero (or has no bounds):
    /// the data cannot tell this arm from the leader.
    pub tied: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Board {
    pub round: u32,
    pub by: RankBy,
    pub replicates: usize,
    pub rows: Vec<BoardRow>,
}

/// The leaderboard of `round` by `by`, once the round is finished. Equal
/// means keep the round's order, so the board is the same every time.
pub fn leaderboard(round: &Round, by: RankBy) -> Option<Board> {
    let result = round
        .result
        .as_ref()
        .filter(|_| round.state == RoundState::Finished)?;
    let metric = by.metric();
    let values: Vec<Vec<f64>> = (0..round.arms.len())
        .map(|a| result.values(a, metric))
        .collect();
    let means: Vec<Interval> = values.iter().map(|v| interval(v)).collect();
    let mut order: Vec<usize> = (0..round.arms.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (means[a].mean, means[b].mean);
        if by.higher_is_better() {
            y.total_cmp(&x)
        } else {
            x.total_cmp(&y)
        }
    });
    let leader = order[0];
    let rows = order
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let from_leader = (a != leader).then(|| {
                let diffs: Vec<f64> = (values[a].iter().zip(&values[leader]))
                    .map(|(x, l)| x - l)
                    .collect();
                interval(&diffs)
            });
            let tied = from_leader.is_some_and(|d| match (d.low, d.high) {
                (Some(lo), Some(hi)) => lo <= 0.0 && 0.0 <= hi,
                _ => true,
            });
            let arm = &round.arms[a];
            BoardRow {
                place: i + 1,
                arm: arm.arm.clone(),
                team: arm.team,
                name: arm.name.clone(),
                value: means[a],
                from_leader,
                tied,
            }
        })
        .collect();
    Some(Board {
        round: round.number,
        by,
        replicates: result.replicates,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::plan::Plan;
    use crate::class::round::{RoundArm, RoundResult};
    use crate::class::rules::{Rules, TacticKind};
    use indexmap::IndexMap;

    /// A finished round whose arms have these profits per replicate.
    fn finished(profits: &[&[f64]]) -> Round {
        let rules = Rules {
            tactics: vec![TacticKind::Networking],
            days: 30,
            replicates: profits[0].len() as u32,
            daily_budget: 100.0,
            reference_arms: false,
        };
        let mut round = Round::new(1, rules);
        round.arms = (0..profits.len())
            .map(|i| RoundArm {
                arm: format!("t{i}"),
                team: Some(TeamId(i as u32)),
                name: format!("Team {i}"),
                plan: Plan::default(),
            })
            .collect();
        round.result = Some(RoundResult {
            replicates: profits[0].len(),
            arms: profits
                .iter()
                .map(|p| {
                    IndexMap::from([
                        ("profit".to_string(), p.iter().map(|&v| Some(v)).collect()),
                        (
                            "unsubscribes".to_string(),
                            p.iter().map(|&v| Some(-v)).collect(),
                        ),
                    ])
                })
                .collect(),
        });
        round.state = RoundState::Finished;
        round
    }

    #[test]
    fn ranks_by_mean_and_marks_ties_by_the_paired_difference() {
        // Team 1 leads; team 0 is below it in every replicate by 1 to 3
        // (clear); team 2 is below on average but above in two replicates
        // (not clear of zero: tied).
        let round = finished(&[
            &[10.0, 20.0, 30.0, 40.0],
            &[12.0, 21.0, 33.0, 42.0],
            &[14.0, 16.0, 36.0, 39.0],
        ]);
        let board = leaderboard(&round, RankBy::Profit).unwrap();
        let arms: Vec<&str> = board.rows.iter().map(|r| r.arm.as_str()).collect();
        assert_eq!(arms, ["t1", "t2", "t0"]);
        let tied: Vec<bool> = board.rows.iter().map(|r| r.tied).collect();
        assert_eq!(tied, [false, true, false]);
        assert_eq!(board.rows[0].from_leader, None);
        assert_eq!(board.rows[2].from_leader.unwrap().mean, -2.0);
        assert_eq!(board.rows[0].value.mean, 27.0);
    }

    #[test]
    fn fewer_unsubscribes_rank_first() {
        let round = finished(&[&[1.0, 2.0], &[5.0, 6.0]]);
        let board = leaderboard(&round, RankBy::Unsubscribes).unwrap();
        // unsubscribes are -profit here: t1 has fewer.
        assert_eq!(board.rows[0].arm, "t1");
    }

    #[test]
    fn no_board_before_the_round_is_finished() {
        let mut round = finished(&[&[1.0, 2.0]]);
        round.state = RoundState::Running;
        assert!(leaderboard(&round, RankBy::Profit).is_none());
    }
}
