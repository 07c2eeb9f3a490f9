//! The page's files, embedded in the binary: the server works offline and
//! reads no file to answer a request. A request names a file of this fixed
//! list or gets 404; nothing in a path reaches the file system.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub const INDEX_HTML: &str = include_str!("../../assets/page/index.html");
pub const APP_JS: &str = include_str!("../../assets/page/app.js");
const STYLE_CSS: &str = include_str!("../../assets/page/style.css");
/// uPlot 1.6.32 (MIT), vendored from its npm package with its licence.
const UPLOT_JS: &str = include_str!("../../assets/vendor/uplot/uPlot.iife.min.js");
const UPLOT_CSS: &str = include_str!("../../assets/vendor/uplot/uPlot.min.css");
const UPLOT_LICENSE: &str = include_str!("../../assets/vendor/uplot/LICENSE");

/// The file `name` and its type, if it is one of the page's.
pub fn asset(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "style.css" => (STYLE_CSS, "text/css; charset=utf-8"),
        "uPlot.iife.min.js" => (UPLOT_JS, "text/javascript; charset=utf-8"),
        "uPlot.min.css" => (UPLOT_CSS, "text/css; charset=utf-8"),
        "uPlot-LICENSE.txt" => (UPLOT_LICENSE, "text/plain; charset=utf-8"),
        _ => return None,
    })
}

pub async fn index() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        INDEX_HTML,
    )
        .into_response()
}

pub async fn file(Path(name): Path<String>) -> Response {
    match asset(&name) {
        Some((body, kind)) => ([(header::CONTENT_TYPE, kind)], body).into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
