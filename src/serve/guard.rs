//! Every request is checked before any handler sees it. Listening on
//! loopback does not keep out other web pages open in the same browser, so:
//! the Host header must name this server by address or as `localhost`
//! (a page on another name that resolves here, DNS rebinding, is refused);
//! a request from a page (Origin) must come from this server's own origin,
//! and a POST must be JSON (no cross-site form posts: a form cannot send
//! JSON without a CORS preflight, and no CORS header is ever sent); each
//! address is rate-limited. Every answer carries headers that keep the page
//! from being framed or its types guessed.

use super::App;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The page's own files and the browser's: scripts and styles from this
/// server only (uPlot sets element styles, hence inline styles), images
/// drawn in the page (chart PNGs), no frames.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let peer = peer(&request);
    if let Err(why) = check(request.headers(), request.method(), app.port) {
        return refuse(StatusCode::FORBIDDEN, why);
    }
    if !app.rate.allow(peer) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from this address; wait a moment",
        );
    }
    let mut response = next.run(request).await;
    protect(&mut response, CONTENT_SECURITY_POLICY);
    response
}

/// The address the request came from (unspecified if unknown).
pub(crate) fn peer(request: &Request) -> IpAddr {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

/// The headers every answer carries: the page's content policy `csp`, no
/// guessed types, no framing, no referrer, nothing cached.
pub(crate) fn protect(response: &mut Response, csp: &'static str) {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
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
}

/// A refusal as plain text.
pub(crate) fn refuse(status: StatusCode, why: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        Body::from(why),
    )
        .into_response()
}

/// Why the request is refused, if it is.
pub fn check(headers: &HeaderMap, method: &Method, port: u16) -> Result<(), &'static str> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .ok_or("a request must say which host it is for")?;
    if !is_this_server(host, port) {
        return Err("this server answers only to its own address or localhost (Host header)");
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().map_err(|_| "unreadable Origin header")?;
        if origin != format!("http://{host}") {
            return Err("requests from other web pages are refused (Origin header)");
        }
    }
    if headers
        .get("sec-fetch-site")
        .is_some_and(|s| s.as_bytes() == b"cross-site")
    {
        return Err("requests from other web pages are refused (Sec-Fetch-Site header)");
    }
    if method == Method::POST {
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.split(';').next().map(str::trim) == Some("application/json"));
        if !json {
            return Err("a POST must carry JSON (Content-Type: application/json)");
        }
    }
    Ok(())
}

/// `host` (a Host header) names this server: an IP address or `localhost`,
/// with this server's port. Any other name may be an attacker's domain
/// pointed at this address.
fn is_this_server(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    if p.parse::<u16>() != Ok(port) {
        return false;
    }
    let bracketed = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<Ipv4Addr>().is_ok()
        || bracketed.is_some_and(|n| n.parse::<std::net::Ipv6Addr>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_servers_address_and_origin_pass() {
        let get = Method::GET;
        let ok = [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "192.168.1.5:8080",
        ];
        for host in ok {
            let h = HeaderMap::from_iter([(header::HOST, HeaderValue::from_str(host).unwrap())]);
            assert_eq!(check(&h, &get, 8080), Ok(()), "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1.evil.example:8080",
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost.:8080",
        ] {
            let h = HeaderMap::from_iter([(header::HOST, HeaderValue::from_str(host).unwrap())]);
            assert!(check(&h, &get, 8080).is_err(), "{host}");
        }
        assert!(check(&HeaderMap::new(), &get, 8080).is_err());
        let same = headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ]);
        assert_eq!(check(&same, &get, 8080), Ok(()));
        for origin in [
            "http://evil.example",
            "null",
            "https://127.0.0.1:8080",
            "http://localhost:8080",
        ] {
            let mut h = headers(&[("host", "127.0.0.1:8080")]);
            h.insert(header::ORIGIN, HeaderValue::from_static(origin));
            assert!(check(&h, &get, 8080).is_err(), "{origin}");
        }
        let cross = headers(&[("host", "127.0.0.1:8080"), ("sec-fetch-site", "cross-site")]);
        assert!(check(&cross, &get, 8080).is_err());
    }

    #[test]
    fn a_post_must_be_json() {
        let post = Method::POST;
        let form = headers(&[
            ("host", "127.0.0.1:8080"),
            ("content-type", "application/x-www-form-urlencoded"),
        ]);
        assert!(check(&form, &post, 8080).is_err());
        let plain = headers(&[("host", "127.0.0.1:8080"), ("content-type", "text/plain")]);
        assert!(check(&plain, &post, 8080).is_err());
        let json = headers(&[
            ("host", "127.0.0.1:8080"),
            ("content-type", "application/json; charset=utf-8"),
        ]);
        assert_eq!(check(&json, &post, 8080), Ok(()));
    }
}
