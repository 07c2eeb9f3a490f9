//! A class and the file it lives in. Every change is made on a copy, saved
//! (a temporary file in the same folder, flushed to disk, then renamed over
//! the old one, so a crash leaves the old file or the new one, never half
//! of one) and only then kept: what a teacher or student was told is done
//! is on disk. Resuming reads the file back; team and teacher cookies stay
//! valid, since the file keeps their digests.

use super::error::ClassError;
use super::plan::Plan;
use super::round::RoundState;
use super::rules::Rules;
use super::state::{ClassState, TeamId, FORMAT};
use super::token::Token;
use crate::engine::result::RunResult;
use crate::scenario::Scenario;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct Class {
    state: ClassState,
    /// Where the class is saved; `None`: nowhere (a restart loses it).
    path: Option<PathBuf>,
}

impl Class {
    /// A new class (see `ClassState::new`), saved to `path` if given (an
    /// existing file there is replaced). Returns the teacher's token.
    pub fn new(
        base: &Scenario,
        rules: Rules,
        max_teams: usize,
        path: Option<PathBuf>,
    ) -> Result<(Class, Token), ClassError> {
        let (state, token) = ClassState::new(base, rules, max_teams)?;
        let class = Class { state, path };
        class.save(&class.state)?;
        Ok((class, token))
    }

    /// The class saved in `path`, to go on from where it was. A round that
    /// was running when the process stopped is locked again (its run was
    /// lost; running it again gives the same result). Further changes are
    /// saved to the same file.
    pub fn resume(path: &Path) -> Result<Class, ClassError> {
        let load = |message: String| ClassError::Load {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| load(e.to_string()))?;
        let mut state: ClassState =
            serde_json::from_str(&text).map_err(|e| load(format!("not a class file ({e})")))?;
        if state.format != FORMAT {
            return Err(load(format!(
                "written in format {}, this outreach reads format {FORMAT}",
                state.format
            )));
        }
        crate::scenario::from_str(&state.base)
            .map_err(|e| load(format!("its scenario is not valid: {e}")))?;
        let mut class = Class {
            path: Some(path.to_path_buf()),
            state: state.clone(),
        };
        if state.current().state == RoundState::Running {
            state.run_stopped();
            class.save(&state)?;
            class.state = state;
        }
        Ok(class)
    }

    pub fn state(&self) -> &ClassState {
        &self.state
    }

    /// Where changes are saved (`None`: a restart loses the class).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Applies `change` to a copy, saves the copy, then keeps it: a change
    /// that is refused or cannot be saved leaves the class as it was.
    fn change<T>(
        &mut self,
        change: impl FnOnce(&mut ClassState) -> Result<T, ClassError>,
    ) -> Result<T, ClassError> {
        let mut next = self.state.clone();
        let out = change(&mut next)?;
        self.save(&next)?;
        self.state = next;
        Ok(out)
    }

    fn save(&self, state: &ClassState) -> Result<(), ClassError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let fail = |source: std::io::Error| ClassError::Save {
            path: path.display().to_string(),
            source,
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let json = serde_json::to_vec_pretty(state).expect("class state serialises");
        let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
        file.write_all(&json).map_err(fail)?;
        file.as_file().sync_all().map_err(fail)?;
        file.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }

    pub fn issue_teacher_token(&mut self) -> Result<Token, ClassError> {
        self.change(|s| Ok(s.issue_teacher_token()))
    }

    pub fn join(&mut self, name: &str) -> Result<(TeamId, Token), ClassError> {
        self.change(|s| s.join(name))
    }

    pub fn submit(&mut self, token: &Token, plan: Plan) -> Result<(), ClassError> {
        self.change(|s| s.submit(token, plan))
    }

    pub fn set_rules(&mut self, teacher: &Token, rules: Rules) -> Result<Vec<TeamId>, ClassError> {
        self.change(|s| s.set_rules(teacher, rules))
    }

    pub fn lock(&mut self, teacher: &Token) -> Result<(), ClassError> {
        self.change(|s| s.lock(teacher))
    }

    pub fn unlock(&mut self, teacher: &Token) -> Result<(), ClassError> {
        self.change(|s| s.unlock(teacher))
    }

    pub fn start(&mut self, teacher: &Token) -> Result<Scenario, ClassError> {
        self.change(|s| s.start(teacher))
    }

    pub fn finish(&mut self, number: u32, run: &RunResult) -> Result<(), ClassError> {
        self.change(|s| s.finish(number, run))
    }

    pub fn run_stopped(&mut self) -> Result<(), ClassError> {
        self.change(|s| {
            s.run_stopped();
            Ok(())
        })
    }

    pub fn next_round(
        &mut self,
        teacher: &Token,
        rules: Option<Rules>,
    ) -> Result<Vec<TeamId>, ClassError> {
        self.change(|s| s.next_round(teacher, rules))
    }

    pub fn remove_team(&mut self, teacher: &Token, id: TeamId) -> Result<(), ClassError> {
        self.change(|s| s.remove_team(teacher, id))
    }
}
