//! Every class request is checked before any handler sees it: the live
//! page's checks (Host names this server, by any of its addresses, so the
//! students' LAN address passes; Origin is this server; a POST is JSON),
//! then the rate limits by cookie and by address (`limiter`). Every answer
//! carries the live page's protective headers.

use super::cookies;
use super::limiter::Kind;
use super::ClassApp;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// As the live page's, with the QR code and spread pictures as images from
/// this server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub async fn guard(State(app): State<Arc<ClassApp>>, request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
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
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from(why),
    )
        .into_response()
}
