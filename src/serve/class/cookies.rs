//! Who is asking: the teacher's cookie or a team's, each a secret the
//! class knows only by its digest (`class::token`). Cookies are HttpOnly
//! (no script reads them, so no injected script could steal one) and
//! SameSite=Strict (no other site's page can act with them).

use crate::class::Token;
use axum::http::{header, HeaderMap, HeaderValue};

pub const TEACHER: &str = "outreach_teacher";
pub const TEAM: &str = "outreach_team";

/// How long a browser keeps a class cookie: a school day and the evening
/// after (a resumed class the next day needs the link again).
const MAX_AGE_SECONDS: u32 = 24 * 3600;

/// The value of cookie `name`, if the request carries one that looks like a
/// token (64 hex digits); anything else is no token at all.
pub fn read(headers: &HeaderMap, name: &str) -> Option<Token> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(Token::presented)
}

/// A `Set-Cookie` header giving `token` as cookie `name`.
pub fn set(name: &str, token: &Token) -> (header::HeaderName, HeaderValue) {
    let value = format!(
        "{name}={}; Path=/; Max-Age={MAX_AGE_SECONDS}; HttpOnly; SameSite=Strict",
        token.as_str()
    );
    (
        header::SET_COOKIE,
        HeaderValue::from_str(&value).expect("hex digits make a valid header"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_token_shaped_values_are_read() {
        let t = Token::generate();
        let mut h = HeaderMap::new();
        let cookie = format!("a=b; {TEAM}={}; {TEACHER}=nothex", t.as_str());
        h.insert(header::COOKIE, HeaderValue::from_str(&cookie).unwrap());
        assert_eq!(read(&h, TEAM), Some(t.clone()));
        assert_eq!(read(&h, TEACHER), None);
        let (_, v) = set(TEAM, &t);
        let v = v.to_str().unwrap();
        assert!(v.contains("HttpOnly") && v.contains("SameSite=Strict"));
    }
}
