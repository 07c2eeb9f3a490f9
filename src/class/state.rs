//! The class: its base scenario, teams, rounds, and who may do what.
//! Student actions take the team's token and act on that team only (no
//! action takes a team's number from a student); teacher actions take the
//! teacher's token and refuse any other. Pure state: saving is `store`'s.

use super::error::ClassError;
use super::plan::Plan;
use super::round::{self, Round, RoundArm, RoundResult, RoundState};
use super::rules::Rules;
use super::token::{Digest32, Token};
use crate::engine::result::RunResult;
use crate::scenario::{NetworkConfig, Scenario};
use serde::{Deserialize, Serialize};

pub use super::team::{Team, TeamId};

/// Teams a class takes unless the teacher says otherwise.
pub const DEFAULT_MAX_TEAMS: usize = 40;

/// The class file's format; a file of another version is refused.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassState {
    pub format: u32,
    /// The scenario the class plays in (population, behaviour, money, seed),
    /// as a scenario file; its arms are not used.
    pub base: String,
    pub max_teams: usize,
    /// Digests of the teacher's tokens (one per device the teacher opened
    /// the class on).
    teacher: Vec<Digest32>,
    pub teams: Vec<Team>,
    next_team: u32,
    /// Every round so far; the last is the current one.
    pub rounds: Vec<Round>,
}

impl ClassState {
    /// A class on `base` (its population, behaviour, money and seed) with
    /// round 1 open under `rules`, and the teacher's first token.
    pub fn new(
        base: &Scenario,
        rules: Rules,
        max_teams: usize,
    ) -> Result<(ClassState, Token), ClassError> {
        if base
            .networks()
            .iter()
            .any(|n| matches!(n, NetworkConfig::EdgeList { .. }))
        {
            return Err(ClassError::Rules(
                "class mode needs a generated network, not an edge list: every plan is checked against the scenario, and students' requests must not read files".into(),
            ));
        }
        if max_teams == 0 {
            return Err(ClassError::Rules(
                "a class needs room for at least one team".into(),
            ));
        }
        let mut state = ClassState {
            format: FORMAT,
            base: base.to_toml(),
            max_teams,
            teacher: Vec::new(),
            teams: Vec::new(),
            next_team: 0,
            rounds: Vec::new(),
        };
        round::check_rules(&state.base_table(), &rules)?;
        state.rounds.push(Round::new(1, rules));
        let token = state.issue_teacher_token();
        Ok((state, token))
    }

    /// The base scenario as a table (validated when the class was made).
    fn base_table(&self) -> toml::Table {
        toml::from_str(&self.base).expect("the base is a serialised scenario")
    }

    /// A new teacher token (another device, or a class resumed after a
    /// restart): earlier ones stay valid.
    pub fn issue_teacher_token(&mut self) -> Token {
        let token = Token::generate();
        self.teacher.push(token.digest());
        token
    }

    /// Refuses anyone but the teacher; says whether the token is a team's
    /// or nobody's.
    pub fn check_teacher(&self, token: &Token) -> Result<(), ClassError> {
        let d = token.digest();
        if self.teacher.contains(&d) {
            Ok(())
        } else if self.teams.iter().any(|t| t.token == d) {
            Err(ClassError::NotTeacher)
        } else {
            Err(ClassError::UnknownToken)
        }
    }

    pub fn is_teacher(&self, token: &Token) -> bool {
        self.check_teacher(token).is_ok()
    }

    /// The team whose device holds `token`.
    pub fn team_of(&self, token: &Token) -> Result<&Team, ClassError> {
        let d = token.digest();
        self.teams
            .iter()
            .find(|t| t.token == d)
            .ok_or(ClassError::UnknownToken)
    }

    pub fn team(&self, id: TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    pub fn current(&self) -> &Round {
        self.rounds.last().expect("a class has a round")
    }

    fn current_mut(&mut self) -> &mut Round {
        self.rounds.last_mut().expect("a class has a round")
    }

    pub fn round(&self, number: u32) -> Option<&Round> {
        self.rounds.iter().find(|r| r.number == number)
    }

    /// Teams with a plan for the current round.
    pub fn submitted(&self) -> usize {
        self.teams.iter().filter(|t| t.plan.is_some()).count()
    }

    /// A new team named `name`, and its secret for the device that joined.
    pub fn join(&mut self, name: &str) -> Result<(TeamId, Token), ClassError> {
        let name = super::team::display_name(name)?;
        if self.teams.len() >= self.max_teams {
            return Err(ClassError::Full(self.max_teams));
        }
        let folded = name.to_lowercase();
        if self.teams.iter().any(|t| t.name.to_lowercase() == folded) {
            return Err(ClassError::Name(format!(
                "a team is already called \"{name}\": choose another name"
            )));
        }
        let arm = super::team::arm_name(&name, |candidate| {
            candidate == round::REFERENCE_BLASTER
                || candidate == round::REFERENCE_NETWORKER
                || self.teams.iter().any(|t| t.arm == candidate)
        });
        let token = Token::generate();
        let id = TeamId(self.next_team);
        self.next_team += 1;
        self.teams.push(Team {
            id,
            name,
            arm,
            token: token.digest(),
            plan: None,
        });
        Ok((id, token))
    }

    fn open(&self, doing: &str) -> Result<(), ClassError> {
        match self.current().state {
            RoundState::Open => Ok(()),
            _ => Err(ClassError::State(format!(
                "round {} is locked: {doing} waits for the next round",
                self.current().number
            ))),
        }
    }

    /// Sets the plan of the team holding `token`, if the round is open and
    /// the plan passes the rules and validation.
    pub fn submit(&mut self, token: &Token, plan: Plan) -> Result<(), ClassError> {
        let team = self.team_of(token)?;
        self.open("changing a plan")?;
        round::trial(&self.base_table(), &self.current().rules, &team.arm, &plan)
            .map_err(ClassError::Plan)?;
        let id = team.id;
        let team = self
            .teams
            .iter_mut()
            .find(|t| t.id == id)
            .expect("found above");
        team.plan = Some(plan);
        Ok(())
    }

    /// Teacher: new rules for the open round. Plans they no longer allow
    /// are cleared (their teams are returned, to be told).
    pub fn set_rules(&mut self, teacher: &Token, rules: Rules) -> Result<Vec<TeamId>, ClassError> {
        self.check_teacher(teacher)?;
        self.open("changing the rules")?;
        round::check_rules(&self.base_table(), &rules)?;
        self.current_mut().rules = rules;
        Ok(self.clear_unfit_plans())
    }

    /// Clears every plan the current rules refuse; returns their teams.
    fn clear_unfit_plans(&mut self) -> Vec<TeamId> {
        let (base, rules) = (self.base_table(), self.current().rules.clone());
        let mut cleared = Vec::new();
        for team in &mut self.teams {
            let unfit = (team.plan.as_ref())
                .is_some_and(|p| round::trial(&base, &rules, &team.arm, p).is_err());
            if unfit {
                team.plan = None;
                cleared.push(team.id);
            }
        }
        cleared
    }

    /// Teacher: freezes the submitted plans (and the reference arms, if the
    /// rules race them) into the round and builds its scenario.
    pub fn lock(&mut self, teacher: &Token) -> Result<(), ClassError> {
        self.check_teacher(teacher)?;
        self.open("locking")?;
        let mut arms = if self.current().rules.reference_arms {
            round::reference_arms()
        } else {
            Vec::new()
        };
        arms.extend(self.teams.iter().filter_map(|t| {
            Some(RoundArm {
                arm: t.arm.clone(),
                team: Some(t.id),
                name: t.name.clone(),
                plan: t.plan.clone()?,
            })
        }));
        if arms.is_empty() {
            return Err(ClassError::State(
                "no team has submitted a plan yet, and the reference arms are off".into(),
            ));
        }
        let base = self.base_table();
        round::lock(&base, self.current_mut(), arms)
    }

    /// Teacher: reopens a locked round for changes.
    pub fn unlock(&mut self, teacher: &Token) -> Result<(), ClassError> {
        self.check_teacher(teacher)?;
        let round = self.current_mut();
        if round.state != RoundState::Locked {
            return Err(ClassError::State(
                "only a locked round that has not run can be reopened".into(),
            ));
        }
        round.state = RoundState::Open;
        round.arms.clear();
        round.scenario_toml = None;
        Ok(())
    }

    /// Teacher: starts the locked round; returns the scenario to run.
    pub fn start(&mut self, teacher: &Token) -> Result<Scenario, ClassError> {
        self.check_teacher(teacher)?;
        let round = self.current_mut();
        if round.state != RoundState::Locked {
            return Err(ClassError::State("lock the round before running it".into()));
        }
        round.state = RoundState::Running;
        Ok(round.scenario().expect("a locked round has its scenario"))
    }

    /// The run of round `number` ended with `run` (called by the server when
    /// the engine returns, not by a person).
    pub fn finish(&mut self, number: u32, run: &RunResult) -> Result<(), ClassError> {
        let round = self.current_mut();
        if round.number != number || round.state != RoundState::Running {
            return Err(ClassError::State(format!("round {number} is not running")));
        }
        round.result = Some(RoundResult::from_run(round, run)?);
        round.state = RoundState::Finished;
        Ok(())
    }

    /// The run did not finish (cancelled, or the process stopped during it):
    /// the round is locked again, to be run again; the same scenario gives
    /// the same result.
    pub fn run_stopped(&mut self) {
        let round = self.current_mut();
        if round.state == RoundState::Running {
            round.state = RoundState::Locked;
        }
    }

    /// Teacher: opens the next round after a finished one, with `rules` (or
    /// the same rules). Plans carry over where the rules still allow them;
    /// the teams whose plans were cleared are returned.
    pub fn next_round(
        &mut self,
        teacher: &Token,
        rules: Option<Rules>,
    ) -> Result<Vec<TeamId>, ClassError> {
        self.check_teacher(teacher)?;
        if self.current().state != RoundState::Finished {
            return Err(ClassError::State(
                "finish this round before opening the next".into(),
            ));
        }
        let rules = rules.unwrap_or_else(|| self.current().rules.clone());
        round::check_rules(&self.base_table(), &rules)?;
        let number = self.current().number + 1;
        self.rounds.push(Round::new(number, rules));
        Ok(self.clear_unfit_plans())
    }

    /// Teacher: removes a team (its device can no longer act; rounds it
    /// raced in keep it).
    pub fn remove_team(&mut self, teacher: &Token, id: TeamId) -> Result<(), ClassError> {
        self.check_teacher(teacher)?;
        let before = self.teams.len();
        self.teams.retain(|t| t.id != id);
        if self.teams.len() == before {
            return Err(ClassError::NoSuchTeam(id.0));
        }
        Ok(())
    }
}
