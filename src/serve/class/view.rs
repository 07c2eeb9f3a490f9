//! What a page is told about the class, by who is asking: everyone sees
//! the rounds, the teams' names and whether each has submitted, and the
//! leaderboards; a team also sees its own plan; the teacher sees every
//! plan and the debriefs. Names go out as data (JSON strings); the pages
//! put them in with `textContent`.

use crate::class::{
    debrief, leaderboard, Board, ClassState, DebriefRow, Plan, RankBy, Round, RoundState, Rules,
    TacticKind, Team,
};
use crate::serve::form::{row, Row};
use serde::Serialize;

/// Who is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Teacher,
    Team,
    /// A page with no cookie: the projector, or a student before joining.
    Guest,
}

#[derive(Serialize)]
pub struct View<'a> {
    pub role: Role,
    /// Changes with every change to the class (pages compare it).
    pub version: u64,
    pub join_url: &'a str,
    /// The class is saved to a file (a restart keeps it).
    pub saved: bool,
    pub max_teams: usize,
    /// The team asking, if one is.
    pub me: Option<TeamView<'a>>,
    pub teams: Vec<TeamView<'a>>,
    /// The number of teams with a plan for the current round.
    pub submitted: usize,
    pub rounds: Vec<RoundView<'a>>,
    /// Every tactic's knobs, as the student's form draws them.
    pub tactics: Vec<TacticView>,
    pub rank_by: Vec<RankByView>,
    /// What the leaderboards rank by.
    pub by: RankBy,
}

#[derive(Serialize)]
pub struct TeamView<'a> {
    pub id: u32,
    pub name: &'a str,
    pub arm: &'a str,
    pub submitted: bool,
    /// Only the team itself and the teacher see a plan before the debrief.
    pub plan: Option<&'a Plan>,
}

#[derive(Serialize)]
pub struct RoundView<'a> {
    pub number: u32,
    pub state: RoundState,
    pub rules: &'a Rules,
    /// The arms raced, once locked: `[arm, name, team id or null]`.
    pub arms: Vec<(&'a str, &'a str, Option<u32>)>,
    pub board: Option<Board>,
    /// The teacher's, once finished.
    pub debrief: Option<Vec<DebriefRow>>,
}

#[derive(Serialize)]
pub struct TacticView {
    pub kind: TacticKind,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct RankByView {
    pub id: RankBy,
    pub label: &'static str,
}

pub fn view<'a>(
    class: &'a ClassState,
    role: Role,
    me: Option<&'a Team>,
    by: RankBy,
    version: u64,
    join_url: &'a str,
    saved: bool,
) -> View<'a> {
    let team = |t: &'a Team| TeamView {
        id: t.id.0,
        name: &t.name,
        arm: &t.arm,
        submitted: t.plan.is_some(),
        plan: t
            .plan
            .as_ref()
            .filter(|_| role == Role::Teacher || me.is_some_and(|m| m.id == t.id)),
    };
    let round = |r: &'a Round| RoundView {
        number: r.number,
        state: r.state,
        rules: &r.rules,
        arms: r
            .arms
            .iter()
            .map(|a| (a.arm.as_str(), a.name.as_str(), a.team.map(|t| t.0)))
            .collect(),
        board: leaderboard(r, by),
        debrief: (role == Role::Teacher).then(|| debrief(r)).flatten(),
    };
    View {
        role,
        version,
        join_url,
        saved,
        max_teams: class.max_teams,
        me: me.map(team),
        teams: class.teams.iter().map(team).collect(),
        submitted: class.submitted(),
        rounds: class.rounds.iter().map(round).collect(),
        tactics: TacticKind::ALL
            .iter()
            .map(|&kind| TacticView {
                kind,
                rows: kind.params().iter().map(row).collect(),
            })
            .collect(),
        rank_by: RankBy::ALL
            .iter()
            .map(|&id| RankByView {
                id,
                label: id.label(),
            })
            .collect(),
        by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::Class;

    #[test]
    fn plans_are_seen_only_by_their_team_and_the_teacher() {
        let base = crate::scenario::from_str(
            "days = 10\n[population]\nsize = 200\n[arms.unused.networking]\n",
        )
        .unwrap();
        let rules = Rules::for_scenario(&base);
        let (mut class, _) = Class::new(&base, rules, 40, None).unwrap();
        let (_, a) = class.join("A").unwrap();
        class.join("B").unwrap();
        let plan: Plan = serde_json::from_str(r#"{"tactics":{"networking":{}}}"#).unwrap();
        class.submit(&a, plan).unwrap();
        let state = class.state();
        let plans = |role, me| {
            let v = view(state, role, me, RankBy::Profit, 1, "http://x/", false);
            v.teams.iter().map(|t| t.plan.is_some()).collect::<Vec<_>>()
        };
        let team_a = state.team_of(&a).ok();
        assert_eq!(plans(Role::Teacher, None), [true, false]);
        assert_eq!(plans(Role::Team, team_a), [true, false]);
        let team_b = state.teams.iter().find(|t| t.name == "B");
        assert_eq!(plans(Role::Team, team_b), [false, false]);
        assert_eq!(plans(Role::Guest, None), [false, false]);
        let v = view(
            state,
            Role::Guest,
            None,
            RankBy::Profit,
            1,
            "http://x/",
            false,
        );
        assert_eq!(v.submitted, 1);
        assert!(v.rounds[0].debrief.is_none());
    }
}
