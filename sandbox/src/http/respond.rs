//! Answers every part of the sandbox gives: JSON with the exchange's content type, the
//! spec's error body `{"errors": ["…"]}` in the caller's language, 404, 405, and 429
//! with the rate-limit headers.

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::domain::i18n::{Lang, Message};
use crate::http::lang;

pub const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
pub const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
pub const RETRY_AFTER: HeaderName = axum::http::header::RETRY_AFTER;

/// A JSON answer, with the exchange's content type.
pub fn json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// The spec's error body: `{"errors": ["…"]}`.
pub fn errors(status: StatusCode, lang: Lang, messages: &[Message]) -> Response {
    let texts: Vec<String> = messages.iter().map(|m| m.text(lang)).collect();
    json(status, &json!({ "errors": texts }))
}

pub async fn not_found(headers: HeaderMap) -> Response {
    errors(
        StatusCode::NOT_FOUND,
        lang::negotiate(&headers),
        &[Message::NotFound],
    )
}

pub async fn method_not_allowed(headers: HeaderMap) -> Response {
    errors(
        StatusCode::METHOD_NOT_ALLOWED,
        lang::negotiate(&headers),
        &[Message::MethodNotAllowed],
    )
}

pub fn rate_limited(lang: Lang, limit: u64, retry_after_secs: u64) -> Response {
    let mut response = errors(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        &[Message::RateLimited { retry_after_secs }],
    );
    let headers = response.headers_mut();
    headers.insert(X_RATELIMIT_LIMIT, limit.into());
    headers.insert(X_RATELIMIT_REMAINING, 0.into());
    headers.insert(RETRY_AFTER, retry_after_secs.into());
    response
}

/// A refused call: its status and message, in the caller's language.
pub struct Refusal(pub StatusCode, pub Lang, pub Message);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        errors(self.0, self.1, &[self.2])
    }
}
