//! Class mode below the web layer (issue 15): the state of a class in which
//! teams of students each design one arm, the teacher runs rounds that race
//! every submitted arm on one shared population, and a leaderboard with
//! paired intervals says which differences are more than luck.
//!
//! Everything here is plain data and rules: no HTTP, no HTML, no engine run.
//! The web layer (`outreach serve --class`) parses requests, calls
//! [`Class`]'s methods with the caller's token, runs the scenario a started
//! round returns (`engine::run` or the streaming engine) and hands the
//! result back with [`Class::finish`]. Every change is saved to the
//! class file before it is acknowledged (`store`).
//!
//! One concept per file: `token` (secrets), `rules` (a round's rules),
//! `team` (names), `plan` (a team's arm), `round` (lifecycle and the round's
//! scenario), `leaderboard` (ranking and ties), `debrief`, `escape` (HTML
//! text), `qr` (the join address for phones), `state` (the class and who
//! may do what), `store` (the file).

pub mod debrief;
pub mod error;
pub mod escape;
pub mod leaderboard;
pub mod plan;
pub mod qr;
pub mod round;
pub mod rules;
pub mod state;
pub mod store;
pub mod team;
pub mod token;

pub use debrief::{debrief, DebriefRow, DEBRIEF_METRICS};
pub use error::{ClassError, PlanError};
pub use escape::escape_html;
pub use leaderboard::{leaderboard, Board, BoardRow, RankBy};
pub use plan::{Knob, Plan};
pub use qr::qr_svg;
pub use round::{Round, RoundArm, RoundResult, RoundState};
pub use rules::{Rules, TacticKind};
pub use state::{ClassState, Team, TeamId, DEFAULT_MAX_TEAMS};
pub use store::Class;
pub use token::Token;
