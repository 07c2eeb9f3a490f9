//! Every class request is checked before any handler sees it: the live
//! page's checks (Host names this server, by any of its addresses, so the
//! students' LAN address passes; Origin is this server; a POST is JSON),
//! then the rate limits by cookie and by address (`limiter`). Every answer
//! carries the live page's protective headers.

use super::cookies;
use super::limiter::Kind;
use super::ClassApp;
use crate::serve::guard::{peer, protect, refuse};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;

/// As the live page's, with the QR code and spread pictures as images from
/// this server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub async fn guard(State(app): State<Arc<ClassApp>>, request: Request, next: Next) -> Response {
    let peer = peer(&request);
    if let Err(why) = crate::serve::guard::check(request.headers(), request.method(), app.port) {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    let headers = request.headers();
    // By cookie where there is one: a classroom shares one address.
    let cookie =
        cookies::read(headers, cookies::TEACHER).or_else(|| cookies::read(headers, cookies::TEAM));
    let post = request.method() == Method::POST;
    let address = peer.to_string();
    let (kind, key) = match (&cookie, post) {
        (Some(t), true) => (Some(Kind::Write), t.as_str()),
        (Some(t), false) => (Some(Kind::Read), t.as_str()),
        (None, true) => (Some(Kind::Join), address.as_str()),
        (None, false) => (None, address.as_str()),
    };
    let allowed = app.limiter.allow(Kind::Address, &address)
        && kind.map_or(true, |k| app.limiter.allow(k, key));
    if !allowed {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from this device: wait a moment and try again",
        );
    }
    let mut response = next.run(request).await;
    protect(&mut response, CONTENT_SECURITY_POLICY);
    response
}
