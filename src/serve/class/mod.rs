//! `outreach serve --class`: class mode's web layer (issue 15). The class
//! itself (teams, plans, rounds, leaderboard, saving) is `crate::class`;
//! this module is its edge: three pages (the teacher's, the projector's,
//! the students'), a JSON API that checks who is asking by cookie, the
//! round's race streamed to every page, and each round's files.
//!
//! One concern per file: who is asking (`cookies`), how often (`limiter`),
//! the checks on every request (`guard`), what a page is told (`view`),
//! the API (`api`), the race and the round's files (`race`), the pages'
//! files (`pages`) and the join address (`address`).

mod address;
mod api;
mod cookies;
mod guard;
mod limiter;
mod pages;
mod race;
mod view;

pub use address::lan_address;

use crate::class::{Class, Token};
use anyhow::Result;
use axum::routing::{get, post};
use axum::Router;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What every class request handler shares.
pub struct ClassApp {
    /// The class; changed only through its methods (each saved first).
    class: Mutex<Class>,
    port: u16,
    /// The students' address, as the teacher's page and QR code show it.
    join_url: String,
    /// The teacher's one-time link secret, until it is used.
    link: Mutex<Option<Token>>,
    /// The race of the latest round run, and every page listening.
    race: race::Race,
    limiter: limiter::Limiter,
    cache: crate::engine::Cache,
    /// Where each round's files (CSVs, report) are written.
    files: race::Files,
    /// What the leaderboards rank by on every page, as the teacher chose.
    rank_by: Mutex<crate::class::RankBy>,
}

impl ClassApp {
    /// The app for `class`, reached by students at `join_url`, listening on
    /// `port`; returns it and the teacher's one-time link secret.
    pub fn new(class: Class, join_url: String, port: u16) -> Result<(Arc<ClassApp>, Token)> {
        let files = race::Files::new(class.path())?;
        let link = Token::generate();
        let app = Arc::new(ClassApp {
            class: Mutex::new(class),
            port,
            join_url,
            link: Mutex::new(Some(link.clone())),
            race: race::Race::default(),
            limiter: limiter::Limiter::default(),
            cache: crate::engine::Cache::new(crate::engine::Cache::default_cap()),
            files,
            rank_by: Mutex::new(crate::class::RankBy::default()),
        });
        Ok((app, link))
    }

    fn class(&self) -> std::sync::MutexGuard<'_, Class> {
        self.class.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every class route, behind the class guard.
pub fn router(app: Arc<ClassApp>) -> Router {
    Router::new()
        .route("/", get(pages::student))
        .route("/teacher", get(pages::teacher))
        .route("/projector", get(pages::projector))
        .route("/class/{name}", get(pages::file))
        .route("/assets/{name}", get(pages::shared))
        .route("/api/ping", get(api::ping))
        .route("/api/class/state", get(api::state))
        .route("/api/class/events", get(race::events))
        .route("/api/class/qr.svg", get(api::qr))
        .route("/api/class/join", post(api::join))
        .route("/api/class/plan", post(api::plan))
        .route("/api/class/rules", post(api::rules))
        .route("/api/class/lock", post(api::lock))
        .route("/api/class/unlock", post(api::unlock))
        .route("/api/class/run", post(api::run))
        .route("/api/class/next", post(api::next))
        .route("/api/class/remove", post(api::remove))
        .route("/api/class/rank", post(api::rank))
        .route("/api/class/teacher-link", post(api::teacher_link))
        .route("/api/class/rounds/{number}/{file}", get(race::download))
        .route("/api/class/spread/{number}/{arm}", get(race::spread))
        .route("/api/class/spread-legend", get(race::spread_legend))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

/// Serves the class on `listener` until the process ends.
pub fn serve(listener: TcpListener, app: Arc<ClassApp>) -> Result<()> {
    crate::serve::serve_router(listener, router(app))
}

/// The folder of a class file's round files: `class.json` keeps them in
/// `class.json.rounds/`.
fn rounds_dir(class_file: &std::path::Path) -> PathBuf {
    let mut name = class_file.as_os_str().to_owned();
    name.push(".rounds");
    PathBuf::from(name)
}

/// The embedded lesson `name`'s scenario with the command line's
/// overrides, if there is such a lesson.
pub fn lesson(
    name: &str,
    overrides: &[crate::scenario::Override],
) -> Option<Result<crate::scenario::Scenario>> {
    super::lessons::load_with(name, overrides).map(|r| r.map_err(anyhow::Error::from))
}
