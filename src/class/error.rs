//! What can go wrong in a class, in words a teacher or a student can act on.
//! The web layer maps each kind to a status (refused, not allowed, conflict)
//! and shows the message as text.

use crate::scenario::ScenarioError;

/// A refused plan: which field (if one is at fault), what is wrong, the fix.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PlanError {
    /// The tactic at fault, as written in files ("networking"), if one is.
    pub tactic: Option<String>,
    /// The knob at fault within it ("budget_share"), if one is.
    pub key: Option<String>,
    pub message: String,
    pub help: Option<String>,
}

impl PlanError {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        PlanError {
            tactic: None,
            key: None,
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn on(mut self, tactic: &str, key: Option<&str>) -> Self {
        self.tactic = Some(tactic.to_string());
        self.key = key.map(str::to_string);
        self
    }

    /// A validation error on the one-arm trial scenario (`arm` is the arm's
    /// name in it): its field path names the tactic and knob; its file
    /// position means nothing to a student and is dropped.
    pub(super) fn from_scenario(e: &ScenarioError, arm: &str) -> Self {
        let quoted = crate::scenario::validate::quote_key(arm);
        let within = (e.field.strip_prefix("arms."))
            .and_then(|rest| rest.strip_prefix(quoted.as_str()))
            .and_then(|rest| rest.strip_prefix('.'));
        let (tactic, key) = match within.map(|w| w.split_once('.').unwrap_or((w, ""))) {
            Some((tactic, key)) => (
                Some(tactic.to_string()),
                (!key.is_empty()).then(|| key.to_string()),
            ),
            None => (None, None),
        };
        PlanError {
            tactic,
            key,
            message: e.message.replace(&format!("arm \"{arm}\""), "your plan"),
            help: e.help.clone(),
        }
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.tactic, &self.key) {
            (Some(t), Some(k)) => write!(f, "{t}.{k}: ")?,
            (Some(t), None) => write!(f, "{t}: ")?,
            _ => {}
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// Why a class refused an action.
#[derive(Debug, thiserror::Error)]
pub enum ClassError {
    /// The token is nobody's: an unknown or removed team, or a forged secret.
    #[error("this device is not part of the class (join again, or ask the teacher)")]
    UnknownToken,
    /// A valid token asked for something only the teacher may do.
    #[error("only the teacher can do that")]
    NotTeacher,
    #[error("the class is full: it has its {0} teams")]
    Full(usize),
    #[error("team name: {0}")]
    Name(String),
    #[error("{0}")]
    Plan(PlanError),
    #[error("rules: {0}")]
    Rules(String),
    /// The action does not fit the round's state (submitting after the lock,
    /// running an open round).
    #[error("{0}")]
    State(String),
    #[error("there is no team {0}")]
    NoSuchTeam(u32),
    /// The class file could not be written: the change was not made.
    #[error("cannot save the class to {path}: {source}")]
    Save {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read the class file {path}: {message}")]
    Load { path: String, message: String },
}
