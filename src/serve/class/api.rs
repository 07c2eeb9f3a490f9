//! The class's JSON API, one handler per route (the router is in
//! `super::router`). Who is asking comes from the cookies only, never from
//! the request's body: a student's request names no team, so no student
//! can act for another team; teacher actions check the teacher's cookie
//! (in `crate::class`, which refuses every other). Bodies are small JSON,
//! parsed into plain types (a plan holds numbers and flags, no text), so
//! nothing a student sends reaches a file as anything but data.
//!
//! - `GET /api/class/state?by=METRIC`: what this page may see (`view`).
//! - `GET /api/class/qr.svg`: the join address as a QR code.
//! - `POST /api/class/join {"name"}`: a new team; its cookie is set.
//! - `POST /api/class/plan {"tactics": {...}}`: the team's plan.
//! - Teacher: `POST /api/class/rules` (rules), `lock`, `unlock`, `run`,
//!   `next` (`{"rules": ...}` or `{}`), `remove` (`{"team": id}`), `rank`
//!   (`{"by": "trust"}`: what every page's leaderboard ranks by),
//!   `teacher-link` (a one-time link for the teacher's page on another
//!   device).

// A refusal (an axum `Response`) is made once per request and answered at
// once: its size costs nothing worth boxing it for.
#![allow(clippy::result_large_err)]

use super::cookies;
use super::view::{view, Role};
use super::ClassApp;
use crate::class::{ClassError, ClassState, Plan, RankBy, Rules, Team, TeamId, Token};
use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Largest request body: a plan of every tactic with every knob is about
/// 1.5 kB as JSON.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub async fn ping() -> &'static str {
    "ok"
}

/// The role of the request's cookies in `class`, and its team.
pub fn who<'a>(class: &'a ClassState, headers: &HeaderMap) -> (Role, Option<&'a Team>) {
    if cookies::read(headers, cookies::TEACHER).is_some_and(|t| class.is_teacher(&t)) {
        return (Role::Teacher, None);
    }
    match cookies::read(headers, cookies::TEAM).and_then(|t| class.team_of(&t).ok()) {
        Some(team) => (Role::Team, Some(team)),
        None => (Role::Guest, None),
    }
}

#[derive(Serialize)]
struct Refusal<'a> {
    error: &'a str,
    /// For a refused plan: the tactic and knob at fault and the fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    tactic: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// A refusal as JSON: `{"error": text}`.
pub fn message(status: StatusCode, text: &str) -> Response {
    let r = Refusal {
        error: text,
        tactic: None,
        key: None,
        help: None,
    };
    (status, Json(r)).into_response()
}

fn refused(e: &ClassError) -> Response {
    let status = match e {
        ClassError::UnknownToken => StatusCode::UNAUTHORIZED,
        ClassError::NotTeacher => StatusCode::FORBIDDEN,
        ClassError::Full(_) | ClassError::State(_) => StatusCode::CONFLICT,
        ClassError::Name(_) | ClassError::Plan(_) | ClassError::Rules(_) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ClassError::NoSuchTeam(_) => StatusCode::NOT_FOUND,
        ClassError::Save { .. } | ClassError::Load { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    };
    if let ClassError::Plan(p) = e {
        let r = Refusal {
            error: &p.message,
            tactic: p.tactic.as_deref(),
            key: p.key.as_deref(),
            help: p.help.as_deref(),
        };
        return (status, Json(r)).into_response();
    }
    message(status, &e.to_string())
}

/// The body as `T`, within the size limit, or the refusal saying why.
async fn parse<T: DeserializeOwned>(body: Body) -> Result<T, Response> {
    let bytes = to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request is larger than any plan can be",
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        message(
            StatusCode::BAD_REQUEST,
            &format!("the request is not what this page sends: {e}"),
        )
    })
}

/// Runs `change` on the class on a blocking thread (it saves the class
/// file), then tells every page that the class changed.
async fn change<T: Send + 'static>(
    app: &Arc<ClassApp>,
    change: impl FnOnce(&mut crate::class::Class) -> Result<T, ClassError> + Send + 'static,
) -> Result<T, Response> {
    let a = app.clone();
    let done = tokio::task::spawn_blocking(move || change(&mut a.class()))
        .await
        .map_err(|_| message(StatusCode::INTERNAL_SERVER_ERROR, "the change failed"))?;
    match done {
        Ok(out) => {
            app.race.changed();
            Ok(out)
        }
        Err(e) => Err(refused(&e)),
    }
}

fn ok() -> Response {
    Json(serde_json::json!({"ok": true})).into_response()
}

/// The value of `name` in the request's query (`?by=trust`), if any.
pub fn query<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub async fn state(State(app): State<Arc<ClassApp>>, uri: Uri, headers: HeaderMap) -> Response {
    // By default, what the teacher chose for every page.
    let by: RankBy = query(&uri, "by")
        .and_then(|b| serde_json::from_value(serde_json::Value::String(b.into())).ok())
        .unwrap_or_else(|| *app.rank_by.lock().unwrap_or_else(|e| e.into_inner()));
    let version = app.race.version();
    let class = app.class();
    let saved = class.path().is_some();
    let (role, me) = who(class.state(), &headers);
    let v = view(class.state(), role, me, by, version, &app.join_url, saved);
    Json(v).into_response()
}

pub async fn qr(State(app): State<Arc<ClassApp>>) -> Response {
    match crate::class::qr_svg(&app.join_url, 8) {
        Some(svg) => ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response(),
        None => message(
            StatusCode::NOT_FOUND,
            "the address is too long for a QR code",
        ),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Join {
    name: String,
}

pub async fn join(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    let j: Join = match parse(body).await {
        Ok(j) => j,
        Err(r) => return r,
    };
    let current = cookies::read(&headers, cookies::TEAM);
    let joined = change(&app, move |c| {
        if current.is_some_and(|t| c.state().team_of(&t).is_ok()) {
            return Err(ClassError::State(
                "this device has joined already: its team is shown below".into(),
            ));
        }
        c.join(&j.name)
    })
    .await;
    match joined {
        Ok((id, token)) => (
            [cookies::set(cookies::TEAM, &token)],
            Json(serde_json::json!({"ok": true, "team": id.0})),
        )
            .into_response(),
        Err(r) => r,
    }
}

/// The token of cookie `name`, or the refusal for a page without one.
fn token(headers: &HeaderMap, name: &str) -> Result<Token, Response> {
    cookies::read(headers, name).ok_or_else(|| {
        let text = if name == cookies::TEACHER {
            "only the teacher can do that"
        } else {
            "join the class first: this device has no team"
        };
        message(StatusCode::UNAUTHORIZED, text)
    })
}

pub async fn plan(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    let token = match token(&headers, cookies::TEAM) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let plan: Plan = match parse(body).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match change(&app, move |c| c.submit(&token, plan)).await {
        Ok(()) => ok(),
        Err(r) => r,
    }
}

/// A teacher action with body `B`.
async fn teacher<B: DeserializeOwned + Send + 'static>(
    app: &Arc<ClassApp>,
    headers: &HeaderMap,
    body: Body,
    act: impl FnOnce(&mut crate::class::Class, &Token, B) -> Result<(), ClassError> + Send + 'static,
) -> Response {
    let token = match token(headers, cookies::TEACHER) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let b: B = match parse(body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    match change(app, move |c| act(c, &token, b)).await {
        Ok(()) => ok(),
        Err(r) => r,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

pub async fn rules(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    teacher(&app, &headers, body, |c, t, r: Rules| {
        c.set_rules(t, r).map(drop)
    })
    .await
}

pub async fn lock(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    teacher(&app, &headers, body, |c, t, _: Empty| c.lock(t)).await
}

pub async fn unlock(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    teacher(&app, &headers, body, |c, t, _: Empty| c.unlock(t)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Next {
    rules: Option<Rules>,
}

pub async fn next(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    teacher(&app, &headers, body, |c, t, n: Next| {
        c.next_round(t, n.rules).map(drop)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remove {
    team: u32,
}

pub async fn remove(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    teacher(&app, &headers, body, |c, t, r: Remove| {
        c.remove_team(t, TeamId(r.team))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rank {
    by: RankBy,
}

/// Teacher: what every page's leaderboard ranks by.
pub async fn rank(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    let token = match token(&headers, cookies::TEACHER) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let r: Rank = match parse(body).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    if let Err(e) = app.class().state().check_teacher(&token) {
        return refused(&e);
    }
    *app.rank_by.lock().unwrap_or_else(|e| e.into_inner()) = r.by;
    app.race.changed();
    ok()
}

/// Teacher: a new one-time link for the teacher's page on another device
/// (at the students' address, which that device can reach). An unused
/// earlier link stops working.
pub async fn teacher_link(
    State(app): State<Arc<ClassApp>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let token = match token(&headers, cookies::TEACHER) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if let Err(r) = parse::<Empty>(body).await {
        return r;
    }
    if let Err(e) = app.class().state().check_teacher(&token) {
        return refused(&e);
    }
    let link = Token::generate();
    *app.link.lock().unwrap_or_else(|e| e.into_inner()) = Some(link.clone());
    let url = format!("{}teacher?key={}", app.join_url, link.as_str());
    Json(serde_json::json!({ "link": url })).into_response()
}

/// Starts the locked round; the race goes to every page (`race`).
pub async fn run(State(app): State<Arc<ClassApp>>, headers: HeaderMap, body: Body) -> Response {
    let token = match token(&headers, cookies::TEACHER) {
        Ok(t) => t,
        Err(r) => return r,
    };
    if let Err(r) = parse::<Empty>(body).await {
        return r;
    }
    let started = change(&app, move |c| {
        // Before anything changes: a round too large for this machine's
        // free memory is refused with what to change, not run into a crash.
        if let Some(s) = c.state().current().scenario() {
            fits(&s)?;
        }
        let s = c.start(&token)?;
        Ok((c.state().current().number, s))
    })
    .await;
    match started {
        Ok((number, s)) => {
            super::race::start(app, number, s);
            ok()
        }
        Err(r) => r,
    }
}

/// Refuses a round whose estimated peak memory is above what the machine
/// has free (the memory guard of `outreach run`, in the teacher's words).
fn fits(s: &crate::scenario::Scenario) -> Result<(), ClassError> {
    let need = crate::engine::resources::peak_bytes(s);
    match crate::engine::resources::available_bytes() {
        Some(free) if need > free => Err(ClassError::State(format!(
            "this round needs about {} MB of memory and the machine has {} MB free: \
             unlock it and use fewer replicates or days, or fewer teams",
            need / 1_000_000,
            free / 1_000_000
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_found_by_name() {
        let uri: Uri = "/teacher?a=1&key=abc&by=trust".parse().unwrap();
        assert_eq!(query(&uri, "key"), Some("abc"));
        assert_eq!(query(&uri, "by"), Some("trust"));
        assert_eq!(query(&uri, "ke"), None);
        assert_eq!(query(&"/teacher".parse().unwrap(), "key"), None);
    }
}
