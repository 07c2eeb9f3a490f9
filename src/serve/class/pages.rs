//! The class's pages and their files, embedded in the binary (no file is
//! read to answer a request; a name outside the fixed list is 404). The
//! teacher's page is reached once through the link printed in the
//! terminal: its one-time secret is exchanged for the teacher's cookie and
//! the browser is sent on to the bare address, so the secret is neither
//! in the address bar (on a projector) nor good a second time.

use super::{cookies, ClassApp};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;

pub const STUDENT_HTML: &str = include_str!("../../../assets/class/student.html");
pub const TEACHER_HTML: &str = include_str!("../../../assets/class/teacher.html");
pub const PROJECTOR_HTML: &str = include_str!("../../../assets/class/projector.html");
pub const COMMON_JS: &str = include_str!("../../../assets/class/common.js");
pub const STUDENT_JS: &str = include_str!("../../../assets/class/student.js");
pub const TEACHER_JS: &str = include_str!("../../../assets/class/teacher.js");
pub const PROJECTOR_JS: &str = include_str!("../../../assets/class/projector.js");
const CLASS_CSS: &str = include_str!("../../../assets/class/class.css");

fn html(body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

pub async fn student() -> Response {
    html(STUDENT_HTML)
}

pub async fn projector() -> Response {
    html(PROJECTOR_HTML)
}

pub async fn teacher(State(app): State<Arc<ClassApp>>, uri: Uri) -> Response {
    let Some(key) = super::api::query(&uri, "key") else {
        return html(TEACHER_HTML);
    };
    let matches = {
        let mut link = app.link.lock().unwrap_or_else(|e| e.into_inner());
        // Digests compared, so timing tells nothing of the secret.
        let hit = link
            .as_ref()
            .is_some_and(|l| l.digest() == crate::class::Token::presented(key).digest());
        if hit {
            *link = None;
        }
        hit
    };
    if !matches {
        return Redirect::to("/teacher").into_response();
    }
    let a = app.clone();
    let issued = tokio::task::spawn_blocking(move || a.class().issue_teacher_token()).await;
    match issued {
        Ok(Ok(token)) => (
            [cookies::set(cookies::TEACHER, &token)],
            Redirect::to("/teacher"),
        )
            .into_response(),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the class could not be saved: see the terminal",
        )
            .into_response(),
    }
}

/// The class pages' own scripts and style.
pub async fn file(Path(name): Path<String>) -> Response {
    let (body, kind) = match name.as_str() {
        "common.js" => (COMMON_JS, "text/javascript; charset=utf-8"),
        "student.js" => (STUDENT_JS, "text/javascript; charset=utf-8"),
        "teacher.js" => (TEACHER_JS, "text/javascript; charset=utf-8"),
        "projector.js" => (PROJECTOR_JS, "text/javascript; charset=utf-8"),
        "class.css" => (CLASS_CSS, "text/css; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// The live page's shared files (uPlot and its licence).
pub async fn shared(Path(name): Path<String>) -> Response {
    match crate::serve::assets::asset(&name) {
        Some((body, kind)) if name.starts_with("uPlot") => {
            ([(header::CONTENT_TYPE, kind)], body).into_response()
        }
        _ => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
