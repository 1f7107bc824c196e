//! CORS, only where a page on another origin must read the answer: the API's JSON
//! endpoints (`/api/v1/...`, the token endpoint `/api/oauth/token`, and the same
//! behind a `/_sandbox/fault/{fault}` prefix) answer any origin (`*`), preflights
//! included. The consent page, the test redirect page, the sample and widget pages,
//! the package and the admin endpoints (`/_sandbox/faults`, `/_sandbox/requests`,
//! `/_sandbox/orders/...`) answer no other origin: a page elsewhere may send them a
//! request (a form can), but never read the answer.
//!
//! Origins the developer trusts (`--trust-origin`, [`Config::trusted_origins`]), such
//! as the page of a test runner on another port, may read everything, with
//! credentials (`Access-Control-Allow-Origin: <origin>`,
//! `Access-Control-Allow-Credentials: true`, `Vary: Origin`): its tests drive the
//! admin endpoints and approve logins on the consent form (its one-time token is
//! read from the page, [`crate::handlers::oauth`]). Pages the sandbox serves itself
//! need no CORS.
//!
//! [`Config::trusted_origins`]: crate::domain::sandbox::Config::trusted_origins

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_METHOD, HeaderMap, HeaderValue, ORIGIN, VARY,
};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::domain::sandbox::Sandbox;

const METHODS: &str = "GET, POST, DELETE, OPTIONS";
/// What a client sends: a bearer token, a JSON or form body, a language.
const HEADERS: &str = "authorization, content-type, accept-language";
/// The rate limit's headers ([`crate::http::respond::X_RATELIMIT_LIMIT`] and the
/// others), for a client that paces itself.
const EXPOSED: &str = "x-ratelimit-limit, x-ratelimit-remaining, retry-after";
/// How long a browser may keep a preflight's answer, in seconds.
const MAX_AGE: &str = "600";

/// Whether a path is one of the API's JSON endpoints, which any origin may read.
pub fn is_public(path: &str) -> bool {
    let path = match path.strip_prefix("/_sandbox/fault/") {
        Some(rest) => rest.split_once('/').map_or("", |(_, rest)| rest),
        None => path.strip_prefix('/').unwrap_or(path),
    };
    path.starts_with("api/v1/") || path == "api/oauth/token"
}

/// Who may read an answer: anyone, one trusted origin, or no other origin.
enum Reader {
    Anyone,
    Trusted(HeaderValue),
    SameOrigin,
}

fn reader(sandbox: &Sandbox, headers: &HeaderMap, path: &str) -> Reader {
    let origin = headers.get(ORIGIN);
    match origin {
        Some(origin) if origin.to_str().is_ok_and(|o| sandbox.trusts_origin(o)) => {
            Reader::Trusted(origin.clone())
        }
        _ if is_public(path) => Reader::Anyone,
        _ => Reader::SameOrigin,
    }
}

/// Answers preflights, and adds the CORS headers an answer may carry.
pub async fn layer(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    let reader = reader(&sandbox, request.headers(), request.uri().path());
    let vary = sandbox.has_trusted_origins();
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight && !matches!(reader, Reader::SameOrigin) {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(METHODS),
        );
        headers.insert(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(HEADERS),
        );
        headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE));
        response
    } else {
        let mut response = next.run(request).await;
        if !matches!(reader, Reader::SameOrigin) {
            response.headers_mut().insert(
                ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(EXPOSED),
            );
        }
        response
    };
    let headers = response.headers_mut();
    match reader {
        Reader::Anyone => {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        }
        Reader::Trusted(origin) => {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            headers.insert(
                ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        Reader::SameOrigin => {}
    }
    if vary {
        headers.append(VARY, HeaderValue::from_static("origin"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_api_json_endpoints_are_public() {
        for public in [
            "/api/v1/data/eur/ticker",
            "/api/v1/user/orders",
            "/api/oauth/token",
            "/_sandbox/fault/delay-300/api/v1/data/eur/ticker",
            "/_sandbox/fault/html-503/api/oauth/token",
        ] {
            assert!(is_public(public), "{public}");
        }
        for private in [
            "/api/oauth/authorize",
            "/page/oauth/test",
            "/",
            "/index.html",
            "/widget.html",
            "/pkg/bitcoin_central.js",
            "/_sandbox/faults",
            "/_sandbox/requests",
            "/_sandbox/orders/x/confirm",
            "/_sandbox/fault/delay-300/api/oauth/authorize",
            "/_sandbox/fault/api/v1/",
            "/api/v1",
        ] {
            assert!(!is_public(private), "{private}");
        }
    }
}
