//! A round's race and its files. The teacher starts a locked round; the
//! server runs its scenario on blocking threads (one run for everyone, not
//! tied to any page, so nobody leaving stops it) and sends each page the
//! race as it goes: every arm's mean and 95% band of each charted metric,
//! at most about `FRAMES` days per race, which a page joining late is sent
//! from the start. When the run ends the class keeps the result, and the
//! round's files are written as `outreach run` writes them (same scenario,
//! same numbers, the same CSVs byte for byte), for the teacher to download.

// A refusal (an axum `Response`) is made once per request and answered at
// once: its size costs nothing worth boxing it for.
#![allow(clippy::result_large_err)]

use super::view::Role;
use super::{api, ClassApp};
use crate::engine::RunResult;
use crate::metrics::{metric, DayMetrics};
use crate::scenario::Scenario;
use crate::serve::frame::{charts, Chart, CHARTS};
use crate::spread::SpreadPicture;
use crate::summary::interval;
use anyhow::Context;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Days a race sends at most (about): enough for a smooth line, few enough
/// that forty phones joining late each get it at once.
const FRAMES: u32 = 120;

/// One server-sent event, shared by every page.
type Msg = Arc<(&'static str, String)>;

/// The race of the latest round run and the pages listening.
pub struct Race {
    log: Mutex<Vec<Msg>>,
    tx: broadcast::Sender<Msg>,
    version: AtomicU64,
}

impl Default for Race {
    fn default() -> Self {
        Race {
            log: Mutex::new(Vec::new()),
            // A page that falls this far behind is closed; its browser
            // reconnects and is sent the race from the start.
            tx: broadcast::channel(512).0,
            version: AtomicU64::new(1),
        }
    }
}

impl Race {
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    /// Tells every page that the class changed (they fetch the state again).
    pub fn changed(&self) {
        let v = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self
            .tx
            .send(Arc::new(("state", format!("{{\"version\":{v}}}"))));
    }

    /// Sends `msg` to every page and keeps it for pages that join later;
    /// a `start` begins a new race.
    fn send(&self, name: &'static str, data: &impl Serialize) {
        let msg = Arc::new((name, serde_json::to_string(data).expect("plain data")));
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if name == "start" {
            log.clear();
        }
        log.push(msg.clone());
        let _ = self.tx.send(msg);
    }
}

/// `GET /api/class/events`: the class's version now and after each change,
/// then the latest race from its start, then everything as it happens.
pub async fn events(State(app): State<Arc<ClassApp>>) -> Response {
    let (past, mut rx) = {
        let log = app.race.log.lock().unwrap_or_else(|e| e.into_inner());
        (log.clone(), app.race.tx.subscribe())
    };
    let version = Arc::new(("state", format!("{{\"version\":{}}}", app.race.version())));
    let first = std::iter::once(version).chain(past);
    let (tx, out) = tokio::sync::mpsc::channel::<Msg>(1024);
    tokio::spawn(async move {
        for m in first {
            if tx.send(m).await.is_err() {
                return;
            }
        }
        // Ends when the page goes away or falls too far behind (`Lagged`).
        while let Ok(m) = rx.recv().await {
            if tx.send(m).await.is_err() {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(out, |mut out| async move {
        let m = out.recv().await?;
        let e = Event::default().event(m.0).data(m.1.as_str());
        Some((Ok::<_, Infallible>(e), out))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(Serialize)]
struct Start<'a> {
    round: u32,
    arms: Vec<&'a str>,
    days: u32,
    replicates: u32,
    charts: Vec<Chart>,
}

/// One day of the race: `bands[arm][chart] = [mean, low, high]` (`null`
/// where not a number). Single precision: a chart needs no more.
#[derive(Serialize)]
struct Day {
    round: u32,
    day: u32,
    bands: Vec<Vec<[Option<f32>; 3]>>,
}

#[derive(Serialize)]
struct Done {
    round: u32,
    /// False if the run stopped before its end (the round is locked again).
    finished: bool,
    message: Option<String>,
}

fn day_frame(round: u32, day: u32, values: &[Vec<DayMetrics>]) -> Day {
    let f = |v: f64| v.is_finite().then_some(v as f32);
    let bands = values
        .iter()
        .map(|reps| {
            CHARTS
                .iter()
                .map(|(name, _)| {
                    let m = metric(name).expect("charted metrics exist");
                    let v: Vec<f64> = reps.iter().map(|d| (m.get)(d)).collect();
                    let i = interval(&v);
                    [f(i.mean), i.low.and_then(f), i.high.and_then(f)]
                })
                .collect()
        })
        .collect();
    Day { round, day, bands }
}

/// Runs round `number` (started: its scenario is `s`) for everyone, on a
/// blocking thread; returns at once.
pub fn start(app: Arc<ClassApp>, number: u32, s: Scenario) {
    app.race.send(
        "start",
        &Start {
            round: number,
            arms: s.arms.iter().map(|a| a.name.as_str()).collect(),
            days: s.days,
            replicates: s.replicates,
            charts: charts(),
        },
    );
    app.race.changed();
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let ran = race(&app, number, &s);
        let outcome = match ran {
            Some((result, spread)) => match app.class().finish(number, &result) {
                Ok(()) => Ok((result, spread)),
                Err(e) => Err(e.to_string()),
            },
            None => Err("the run stopped before its end".to_string()),
        };
        if outcome.is_err() {
            let _ = app.class().run_stopped();
        }
        app.race.send(
            "done",
            &Done {
                round: number,
                finished: outcome.is_ok(),
                message: outcome.as_ref().err().cloned(),
            },
        );
        app.race.changed();
        // After the pages are told: the files are for the teacher's
        // downloads and debrief, written while the class looks at the board.
        if let Ok((result, spread)) = outcome {
            let _making = app.files.making.lock().unwrap_or_else(|e| e.into_inner());
            let written = app
                .files
                .write(number, &s, &result, spread, started.elapsed());
            if let Err(e) = written {
                eprintln!("Round {number}: its files could not be written: {e:#}");
            }
        }
    });
}

/// The run itself: days to every page, the result and the spread picture
/// at the end.
fn race(app: &ClassApp, number: u32, s: &Scenario) -> Option<(RunResult, SpreadPicture)> {
    let graphs = s
        .load_edge_lists()
        .expect("a class scenario names no edge list");
    let (arms, reps, days) = (s.arms.len(), s.replicates as usize, s.days as usize);
    let every = s.days.div_ceil(FRAMES).max(1);
    let mut series = vec![vec![Vec::with_capacity(days); reps]; arms];
    let mut today: Vec<Vec<DayMetrics>> = vec![Vec::with_capacity(reps); arms];
    let (streamed, watched) = crate::engine::stream_watched(
        s,
        &graphs,
        Some(&app.cache),
        Some(|w: &crate::people::world::World| SpreadPicture::watch(s, w)),
        |b| {
            for (r, a, m) in b.iter() {
                series[a][r as usize].push(*m);
            }
            let last_group = b.replicates.end as usize == reps;
            if last_group && (b.day % every == 0 || b.day == s.days) {
                let d = b.day as usize - 1;
                for (arm, all) in today.iter_mut().zip(&series) {
                    arm.clear();
                    arm.extend(all.iter().map(|rep: &Vec<DayMetrics>| rep[d]));
                }
                app.race.send("day", &day_frame(number, b.day, &today));
            }
            ControlFlow::Continue(())
        },
    );
    if !streamed.finished {
        return None;
    }
    let result = RunResult {
        arms: s.arms.iter().map(|a| a.name.clone()).collect(),
        series,
    };
    Some((result, SpreadPicture::new(s, watched?)))
}

/// Where each round's files go, and each round's spread picture.
pub struct Files {
    dir: PathBuf,
    /// A folder of our own when the class has no file; removed at the end.
    _temporary: Option<tempfile::TempDir>,
    spreads: Mutex<HashMap<u32, Arc<SpreadPicture>>>,
    /// Held while a round's files are made again, so that two requests
    /// (the debrief's two pictures) do not both rerun the round.
    making: Mutex<()>,
}

/// The files of a round a teacher may download.
pub const DOWNLOADS: [&str; 5] = [
    "scenario.toml",
    "timeseries.csv",
    "summary.csv",
    "compare.csv",
    "report.html",
];

impl Files {
    pub fn new(class_file: Option<&std::path::Path>) -> anyhow::Result<Files> {
        let (dir, temporary) = match class_file {
            Some(f) => (super::rounds_dir(f), None),
            None => {
                let t = tempfile::tempdir().context("cannot make a folder for round files")?;
                (t.path().to_path_buf(), Some(t))
            }
        };
        Ok(Files {
            dir,
            _temporary: temporary,
            spreads: Mutex::new(HashMap::new()),
            making: Mutex::new(()),
        })
    }

    fn round_dir(&self, number: u32) -> PathBuf {
        self.dir.join(format!("round-{number}"))
    }

    /// Writes round `number`'s folder as `outreach run` would.
    fn write(
        &self,
        number: u32,
        s: &Scenario,
        result: &RunResult,
        spread: SpreadPicture,
        wall: std::time::Duration,
    ) -> anyhow::Result<()> {
        let out = self.round_dir(number);
        let staging = crate::output::prepare(
            &out,
            s,
            crate::output::Options {
                force: true,
                wait: true,
            },
        )?;
        let summary = crate::summary::summarise(result);
        let outcomes = crate::outcomes::check(s, result, &summary);
        let threads = rayon::current_num_threads();
        let command = vec!["outreach".into(), "serve".into(), "--class".into()];
        let info = crate::output::RunInfo::new(s, command, threads, wall);
        let written = crate::output::Written {
            scenario: s,
            result,
            summary: &summary,
            outcomes: &outcomes,
            spread: &spread,
            info: &info,
        };
        crate::output::write_all(staging, &written)?;
        self.spreads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(number, Arc::new(spread));
        Ok(())
    }

    /// Round `number`'s spread picture, its files written again if they
    /// are missing (a resumed class): the same scenario, the same numbers.
    fn ensure(&self, number: u32, s: &Scenario) -> anyhow::Result<Arc<SpreadPicture>> {
        let _making = self.making.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = self
            .spreads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&number)
        {
            return Ok(p.clone());
        }
        let graphs = s.load_edge_lists()?;
        let started = std::time::Instant::now();
        let (result, _, seen) = crate::engine::run_watched(s, &graphs, &AtomicU64::new(0), |w| {
            SpreadPicture::watch(s, w)
        });
        let spread = SpreadPicture::new(s, seen);
        self.write(number, s, &result, spread, started.elapsed())?;
        Ok(self.spreads.lock().unwrap_or_else(|e| e.into_inner())[&number].clone())
    }
}

/// The finished round `number`'s scenario, if the teacher asks.
fn finished_round(
    app: &ClassApp,
    headers: &HeaderMap,
    number: u32,
) -> Result<(Scenario, Vec<String>), Response> {
    let class = app.class();
    let (role, _) = api::who(class.state(), headers);
    if role != Role::Teacher {
        return Err(api::message(
            StatusCode::FORBIDDEN,
            "only the teacher can do that",
        ));
    }
    let round = class
        .state()
        .round(number)
        .filter(|r| r.state == crate::class::RoundState::Finished)
        .ok_or_else(|| api::message(StatusCode::NOT_FOUND, "no finished round has that number"))?;
    let arms = round.arms.iter().map(|a| a.arm.clone()).collect();
    Ok((
        round.scenario().expect("a finished round has its scenario"),
        arms,
    ))
}

/// `GET /api/class/rounds/{number}/{file}`: a finished round's file.
pub async fn download(
    State(app): State<Arc<ClassApp>>,
    Path((number, file)): Path<(u32, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(&file) = DOWNLOADS.iter().find(|f| **f == file) else {
        return api::message(StatusCode::NOT_FOUND, "no such file");
    };
    let s = match finished_round(&app, &headers, number) {
        Ok((s, _)) => s,
        Err(r) => return r,
    };
    let kind = if file.ends_with(".html") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    let disposition = format!("attachment; filename=\"round-{number}-{file}\"");
    let made = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        if file == "scenario.toml" {
            return Ok(s.to_toml().into_bytes());
        }
        app.files.ensure(number, &s)?;
        let path = app.files.round_dir(number).join(file);
        std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))
    })
    .await;
    match made {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, kind.to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => api::message(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
        Err(_) => api::message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the files could not be made",
        ),
    }
}

/// `GET /api/class/spread/{number}/{arm}`: the spread picture (sampled
/// people on the last chosen day) of arm number `arm` of a finished round,
/// as SVG, for the debrief's side-by-side view.
pub async fn spread(
    State(app): State<Arc<ClassApp>>,
    Path((number, arm)): Path<(u32, usize)>,
    headers: HeaderMap,
) -> Response {
    let (s, arms) = match finished_round(&app, &headers, number) {
        Ok(r) => r,
        Err(r) => return r,
    };
    if arm >= arms.len() {
        return api::message(StatusCode::NOT_FOUND, "the round has no such arm");
    }
    let made = tokio::task::spawn_blocking(move || app.files.ensure(number, &s)).await;
    let picture = match made {
        Ok(Ok(p)) => p,
        _ => {
            return api::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the picture could not be made",
            )
        }
    };
    let a = &picture.arms[arm];
    let (Some(sample), Some(states), Some(day)) = (
        a.sample.and_then(|k| picture.samples[k].as_ref()),
        a.states.last(),
        picture.days.last(),
    ) else {
        return api::message(
            StatusCode::NOT_FOUND,
            "this round's network is well mixed: there are no friendships to draw",
        );
    };
    let label = crate::class::escape_html(&format!("{} on day {day}", arms[arm]));
    let svg = crate::output::spread_svg::picture(sample, states, &label);
    ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()
}

/// `GET /api/class/spread-legend`: what the marks of the spread pictures
/// mean (fixed markup of the report's, no user text in it).
pub async fn spread_legend() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        crate::output::spread_svg::legend(),
    )
        .into_response()
}
