//! The rate limit around the API: each `/api/` call is counted against its address
//! ([`crate::domain::limits`]); past the limit it is refused with 429, and otherwise
//! its answer gets `X-Ratelimit-Limit` and `X-Ratelimit-Remaining`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::domain::limits::Verdict;
use crate::domain::sandbox::Sandbox;
use crate::http::lang;
use crate::http::respond::{X_RATELIMIT_LIMIT, X_RATELIMIT_REMAINING, rate_limited};

/// Counts each `/api/` call; refuses with 429 past the limit, and otherwise adds the
/// rate-limit headers to the answer.
pub async fn layer(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let verdict = sandbox
        .limiter()
        .count(client_ip(&request), sandbox.now_ms());
    match verdict {
        Verdict::Refused {
            limit,
            retry_after_secs,
        } => rate_limited(lang::negotiate(request.headers()), limit, retry_after_secs),
        Verdict::Allowed { limit, remaining } => {
            let mut response = next.run(request).await;
            let headers = response.headers_mut();
            headers.insert(X_RATELIMIT_LIMIT, limit.into());
            headers.insert(X_RATELIMIT_REMAINING, remaining.into());
            response
        }
    }
}

/// The caller's address, when the server recorded it.
pub fn client_ip(request: &Request) -> Option<IpAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}
