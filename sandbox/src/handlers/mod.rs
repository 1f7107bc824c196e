//! The handlers: one function per endpoint, reading and checking a request, asking the
//! [`crate::domain`] to carry it out, and writing the answer in the spec's shape —
//! public market data ([`market`]), the OAuth2 endpoints ([`oauth`]) and the bearer
//! check of user endpoints ([`bearer`]), the user endpoints ([`user`]), the
//! sandbox's fault admin endpoints ([`faults`]), the real-time stream ([`stream`]),
//! and its icon ([`favicon`]).
//!
//! May import: `axum`, [`crate::http`] and [`crate::domain`]. Never
//! [`crate::router`] (`tests/layers.rs` checks it).

pub mod bearer;
pub mod faults;
pub mod market;
pub mod oauth;
pub mod stream;
pub mod user;

use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// `GET /favicon.ico`: the exchange's icon, as an SVG (the sample page's own,
/// `www/favicon.svg`), for the sandbox's OAuth pages and whatever a browser asks of
/// the site without a `<link rel="icon">`.
pub async fn favicon() -> Response {
    let mut response = include_str!("../../../www/favicon.svg").into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}
