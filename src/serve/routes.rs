//! The HTTP API the page calls, one handler per route (the router is in
//! `super::router`). Handlers parse and validate with the scenario code,
//! run through `super::stream` and answer; they hold no model logic.
//!
//! - `GET /api/ping`: "ok" (the page's check that the server is there).
//! - `GET /api/form`: the parameter rows and the server's limits.
//! - `GET /api/start`: the scenario the server was started with.
//! - `GET /api/lessons`, `GET /api/lessons/{name}`: the embedded lessons.
//! - `POST /api/run`: a scenario (JSON) in, its days out as server-sent
//!   events (`start`, `day` for each day in order, `done`, then a
//!   `variant` for each of a lesson's "try this" variants as it is
//!   checked), or 400 with the refusal. Each day carries the network
//!   picture's states of that day, the first day also its layout
//!   (`super::network`). Closing the response stops the run and its
//!   variants; so does the page's next run.
//! - `POST /api/export/{file}`: `scenario.toml`, `timeseries.csv`,
//!   `summary.csv`, `compare.csv` or `report.html` of a scenario.

use super::frame::{charts, frame, Chart, DayFrame};
use super::network::Layout;
use super::submit::{self, Refusal};
use super::variants::{self, Checked};
use super::{stream, App};
use crate::scenario::Scenario;
use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// The page asks this every few seconds to know the server is there.
pub async fn ping() -> &'static str {
    "ok"
}

pub async fn form(State(app): State<Arc<App>>) -> Response {
    Json(super::form::form(&app.limits)).into_response()
}

pub async fn start(State(app): State<Arc<App>>) -> Response {
    Json(&app.start).into_response()
}

pub async fn lessons() -> Response {
    Json(super::lessons::entries()).into_response()
}

pub async fn lesson(Path(name): Path<String>) -> Response {
    match super::lessons::load(&name) {
        Some(Ok(s)) => Json(s).into_response(),
        Some(Err(e)) => refused(StatusCode::INTERNAL_SERVER_ERROR, e.into()),
        None => (StatusCode::NOT_FOUND, "no such lesson").into_response(),
    }
}

fn refused(status: StatusCode, r: Refusal) -> Response {
    (status, Json(r)).into_response()
}

/// The request's body (within the size limit) and who sent it: the page's
/// own id (`X-Outreach-Client`, one per open page) or else its address.
async fn read(request: Request) -> Result<(String, Bytes), Response> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    let client = client_id(request.headers()).or(peer).unwrap_or_default();
    let body = to_bytes(request.into_body(), super::limits::MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                "the request is larger than a scenario can be",
            )
                .into_response()
        })?;
    Ok((client, body))
}

/// A page's id: up to 64 letters, digits and dashes.
fn client_id(headers: &HeaderMap) -> Option<String> {
    let id = headers.get("x-outreach-client")?.to_str().ok()?;
    let fine = !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    fine.then(|| format!("page:{id}"))
}

/// What the page learns before the first day.
#[derive(Serialize)]
struct Start {
    name: String,
    arms: Vec<String>,
    /// Each arm's colour, `"#rrggbb"`, as the charts of `outreach run` draw it.
    colours: Vec<String>,
    baseline: String,
    /// The arms compared with the baseline, in order.
    compared: Vec<String>,
    days: u32,
    replicates: u32,
    charts: Vec<Chart>,
    /// Whether the run waits for a free core first.
    queued: bool,
}

/// What the page learns after the last day.
#[derive(Serialize)]
struct Done {
    /// A lesson's expected outcomes, each as `outreach run` prints it.
    outcomes: Vec<Verdict>,
    /// The lesson's "try this" variants to be checked next, by label
    /// (`variant` events follow, one each, in this order).
    variants: Vec<String>,
    /// Wall time of the run on the server.
    seconds: f64,
}

#[derive(Serialize)]
struct Verdict {
    holds: bool,
    /// False for a variant the server did not run (`text` says why).
    checked: bool,
    text: String,
}

impl Verdict {
    fn of(o: &crate::outcomes::Outcome) -> Self {
        Verdict {
            holds: o.verdict == crate::outcomes::Verdict::Holds,
            checked: true,
            text: crate::outcomes::describe(o),
        }
    }
}

/// One variant checked: its outcomes' lines, or one line saying why it
/// was not run.
#[derive(Serialize)]
struct VariantDone {
    /// Its place in `Done::variants`.
    index: usize,
    outcomes: Vec<Verdict>,
}

/// One day as sent: the charts' frame, the network picture's states and,
/// on the first day, its layout.
#[derive(Serialize)]
struct Day<'a> {
    #[serde(flatten)]
    frame: DayFrame,
    #[serde(skip_serializing_if = "Option::is_none")]
    network: Option<&'a Layout>,
    states: &'a [Option<String>],
}

fn event(name: &str, data: &impl Serialize) -> Event {
    Event::default()
        .event(name)
        .data(serde_json::to_string(data).expect("plain data serialises"))
}

pub async fn run(State(app): State<Arc<App>>, request: Request) -> Response {
    let (client, body) = match read(request).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let (s, src) = match submit::scenario(&body, &app.limits) {
        Ok(s) => s,
        Err(r) => return refused(StatusCode::BAD_REQUEST, r),
    };
    let ticket = match app.runs.admit(&client) {
        Ok(t) => t,
        Err(_) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "too many runs are waiting; try again in a moment",
            )
                .into_response()
        }
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Event>(64);
    let queued = app.runs.admitted() > app.cores;
    tokio::spawn(async move {
        let start = Start {
            name: s.name.clone(),
            arms: s.arms.iter().map(|a| a.name.clone()).collect(),
            colours: crate::output::palette::hex_colours(&s.arms),
            baseline: s.baseline.clone(),
            compared: (s.arms.iter())
                .filter(|a| a.name != s.baseline)
                .map(|a| a.name.clone())
                .collect(),
            days: s.days,
            replicates: s.replicates,
            charts: charts(),
            queued,
        };
        if tx.send(event("start", &start)).await.is_err() {
            return;
        }
        let core = tokio::select! {
            core = ticket.core() => core,
            _ = tx.closed() => return,
        };
        let (s, ticket) = (Arc::new(s), Arc::new(ticket));
        let played = {
            let (s, app, ticket, tx) = (s.clone(), app.clone(), ticket.clone(), tx.clone());
            tokio::task::spawn_blocking(move || {
                let _core = core;
                play(&s, &app, &ticket, &tx)
            })
            .await
        };
        if played.unwrap_or(false) {
            check_variants(&s, Arc::new(src), &app, &ticket, &tx).await;
        }
    });
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|e| (Ok::<_, Infallible>(e), rx))
    });
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Runs `s` on this (blocking) thread, sending each day to the page; stops
/// when the page goes away or the client starts another run. True when the
/// run went to its end and `done` was sent.
fn play(
    s: &Scenario,
    app: &App,
    ticket: &super::runs::Ticket,
    tx: &tokio::sync::mpsc::Sender<Event>,
) -> bool {
    let started = Instant::now();
    let baseline = s.baseline_index();
    let cancel = ticket.cancelled();
    let finished = stream::run_days(s, &app.cache, &app.samples, cancel, |live| {
        let day = Day {
            frame: frame(live.day, live.values, baseline),
            network: live.layout,
            states: live.states,
        };
        let sent = tx.blocking_send(event("day", &day));
        sent.is_ok() && !cancel.load(Ordering::Relaxed)
    });
    let Some(stream::Finished { result, .. }) = finished else {
        return false;
    };
    let summary = crate::summary::summarise(&result);
    let outcomes = (crate::outcomes::check(s, &result, &summary).iter())
        .map(Verdict::of)
        .collect();
    let done = Done {
        outcomes,
        variants: s
            .lesson
            .iter()
            .flat_map(|l| &l.variants)
            .map(|v| v.label())
            .collect(),
        seconds: started.elapsed().as_secs_f64(),
    };
    tx.blocking_send(event("done", &done)).is_ok()
}

/// Checks each of the lesson's variants (`variants::check`), one after
/// the other, sending each one's lines as they are known. Each waits for a
/// free core like any run, so other pages' runs are not held back behind
/// them; all stop when the page goes away or starts another run.
async fn check_variants(
    s: &Scenario,
    src: Arc<crate::scenario::SourceText>,
    app: &Arc<App>,
    ticket: &Arc<super::runs::Ticket>,
    tx: &tokio::sync::mpsc::Sender<Event>,
) {
    for (index, v) in s.lesson.iter().flat_map(|l| &l.variants).enumerate() {
        let core = tokio::select! {
            core = ticket.core() => core,
            _ = tx.closed() => return,
        };
        // The page may have started another run while this one waited.
        if ticket.cancelled().load(Ordering::Relaxed) {
            return;
        }
        let (v, src, app, ticket, gone) = (
            v.clone(),
            src.clone(),
            app.clone(),
            ticket.clone(),
            tx.clone(),
        );
        let checked = tokio::task::spawn_blocking(move || {
            let _core = core;
            let stop = || ticket.cancelled().load(Ordering::Relaxed) || gone.is_closed();
            variants::check(&src, &v, &app.limits, &app.cache, stop)
        })
        .await;
        let outcomes = match checked {
            Ok(Some(Checked::Outcomes(os))) => os.iter().map(Verdict::of).collect(),
            Ok(Some(Checked::NotChecked(text))) => vec![Verdict {
                holds: false,
                checked: false,
                text,
            }],
            _ => return,
        };
        if tx
            .send(event("variant", &VariantDone { index, outcomes }))
            .await
            .is_err()
        {
            return;
        }
    }
}

/// The files a page can download for its scenario.
const EXPORTS: [&str; 5] = [
    "scenario.toml",
    "timeseries.csv",
    "summary.csv",
    "compare.csv",
    "report.html",
];

pub async fn export(
    State(app): State<Arc<App>>,
    Path(file): Path<String>,
    request: Request,
) -> Response {
    if !EXPORTS.contains(&file.as_str()) {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    }
    let (client, body) = match read(request).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let (s, src) = match submit::scenario(&body, &app.limits) {
        Ok(s) => s,
        Err(r) => return refused(StatusCode::BAD_REQUEST, r),
    };
    let kind = if file.ends_with(".html") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let attachment = [
        (header::CONTENT_TYPE, kind.to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ),
    ];
    if file == "scenario.toml" {
        return (attachment, s.to_toml()).into_response();
    }
    // The tables need the run: it takes a place like any run of this page.
    let ticket = match app.runs.admit(&format!("{client}:export")) {
        Ok(t) => t,
        Err(_) => {
            return (StatusCode::SERVICE_UNAVAILABLE, "too many runs are waiting").into_response()
        }
    };
    let core = ticket.core().await;
    let made = tokio::task::spawn_blocking(move || {
        let _core = core;
        let Some(run) =
            stream::run_days(&s, &app.cache, &app.samples, ticket.cancelled(), |_| true)
        else {
            return Err(Refusal::plain("the run was cancelled"));
        };
        if file == "report.html" {
            return super::report::report(&s, &src, &run, &app.cache, &app.limits);
        }
        let result = run.result;
        let mut out = Vec::new();
        let w = csv::Writer::from_writer(&mut out);
        let written = match file.as_str() {
            "timeseries.csv" => crate::output::csv_files::timeseries_to(w, &result),
            "summary.csv" => {
                crate::output::csv_files::summary_to(w, &crate::summary::summarise(&result))
            }
            _ => {
                let c = crate::comparison::compare(&result, s.baseline_index());
                crate::output::csv_files::comparison_to(w, &c)
            }
        };
        written
            .map(|_| out)
            .map_err(|e| Refusal::plain(format!("cannot write {file}: {e}")))
    })
    .await;
    match made {
        Ok(Ok(bytes)) => (attachment, Body::from(bytes)).into_response(),
        Ok(Err(r)) => refused(StatusCode::SERVICE_UNAVAILABLE, r),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "the run failed").into_response(),
    }
}
