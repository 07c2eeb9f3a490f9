//! `outreach serve`: the live page. A local web server (axum on tokio)
//! whose page shows the scenario as a form and streams a run's days into
//! charts. The server is an edge like the command line: it validates what
//! the page sends with the scenario code, runs it through the library and
//! sends what the library computed; the page only draws. One concern per
//! file: the page's files (`assets`), the form (`form`), the lessons
//! (`lessons`), a submitted scenario (`submit`), a streamed day (`frame`),
//! the network picture (`network`), the engine's stream for the page
//! (`stream`), the run's report (`report`), a lesson's variants (`variants`), sharing the machine (`runs`,
//! `limits`), the checks on every request (`guard`) and the API (`routes`).

mod assets;
pub mod class;
mod form;
mod frame;
mod guard;
mod lessons;
pub mod limits;
mod network;
mod report;
mod routes;
mod runs;
mod stream;
pub(crate) mod submit;
mod variants;
mod warm;

pub use limits::Limits;

use crate::scenario::Scenario;
use anyhow::{Context, Result};
use axum::routing::{get, post};
use axum::Router;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;

/// What every request handler shares.
pub struct App {
    limits: Limits,
    /// The port the server listens on: the Host header must name it.
    port: u16,
    /// The scenario the server was started with, as the page edits it.
    start: serde_json::Value,
    runs: Arc<runs::Runs>,
    /// Runs that compute at once; more wait.
    cores: usize,
    rate: limits::RateLimiter,
    /// Worlds and arm trajectories kept between runs (least recently used
    /// go first): a slider move reruns only what it changes. Warmed with
    /// the start scenario's graphs as the server starts (`warm`).
    cache: Arc<crate::engine::Cache>,
    /// Recent network samples laid out for the network picture.
    samples: Arc<network::Samples>,
}

impl App {
    /// The server's state for `start` (already validated and within
    /// `limits`), listening on `port`.
    pub fn new(start: &Scenario, limits: Limits, port: u16) -> Arc<App> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let cache = Arc::new(crate::engine::Cache::new(
            crate::engine::Cache::default_cap(),
        ));
        let runs = runs::Runs::new(cores);
        let samples = Arc::new(network::Samples::default());
        warm::start(
            start.clone(),
            cache.clone(),
            samples.clone(),
            runs.clone(),
            cores,
        );
        Arc::new(App {
            limits,
            port,
            start: serde_json::to_value(start).expect("a validated scenario serialises"),
            runs,
            cores,
            rate: limits::RateLimiter::default(),
            cache,
            samples,
        })
    }
}

/// Every route, behind the guard.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::file))
        .route("/api/ping", get(routes::ping))
        .route("/api/form", get(routes::form))
        .route("/api/start", get(routes::start))
        .route("/api/lessons", get(routes::lessons))
        .route("/api/lessons/{name}", get(routes::lesson))
        .route("/api/run", post(routes::run))
        .route("/api/export/{file}", post(routes::export))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

/// Checks that the server can run `s` at all (the scenario it starts with
/// is the page's first), as a page's request would be checked.
pub fn check_start(s: &Scenario, limits: &Limits) -> Result<()> {
    let json = serde_json::to_vec(s).expect("a validated scenario serialises");
    submit::scenario(&json, limits).map_err(|r| {
        anyhow::anyhow!("the live page cannot start with this scenario: {}", r.text)
    })?;
    Ok(())
}

/// Binds `host` at `port`, or at the first free port from `port` on (up
/// to 20 further) when `exact` is false.
pub fn bind(host: IpAddr, port: u16, exact: bool) -> Result<TcpListener> {
    let tries = if exact { 1 } else { 20 };
    let mut last = None;
    for p in (port..=u16::MAX).take(tries) {
        match TcpListener::bind(SocketAddr::new(host, p)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.expect("at least one port was tried");
    Err(e).with_context(|| {
        if exact {
            format!("cannot listen on {host}:{port}")
        } else {
            format!(
                "cannot listen on {host}, ports {port} to {}",
                port.saturating_add(19)
            )
        }
    })
}

/// Serves the page on `listener` until the process ends.
pub fn serve(listener: TcpListener, app: Arc<App>) -> Result<()> {
    serve_router(listener, router(app))
}

/// Serves `router` (the live page's or a class's) on `listener` until the
/// process ends.
pub(crate) fn serve_router(listener: TcpListener, router: Router) -> Result<()> {
    listener.set_nonblocking(true)?;
    // One thread answers requests (little work each); runs and class
    // changes (which write the class file) go to blocking threads, runs in
    // parallel through rayon.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service).await
    })?;
    Ok(())
}
