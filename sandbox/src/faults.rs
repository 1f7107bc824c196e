//! Failures on request, for tests and for trying an app's error handling:
//! `/_sandbox/fault/{fault}/api/...` answers the API call behind it, with the fault
//! applied. Faults: `delay-<ms>` (up to a minute), `html-<status>` (an HTML page, as a
//! proxy or a maintenance page gives), `truncate` (half the JSON body, status 200),
//! `rate-limited` (429 with `Retry-After: 7`), `hang-after` (the call is carried out,
//! then the answer never comes: a connection lost after an order was sent).

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::Sandbox;
use crate::i18n::{Lang, Message};

const PREFIX: &str = "/_sandbox/fault/";
/// The longest delay a fault may ask for.
const MAX_DELAY_MS: u64 = 60_000;
/// Retry-After of the `rate-limited` fault.
const RETRY_AFTER_SECS: u64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Delay(Duration),
    Html(StatusCode),
    Truncate,
    RateLimited,
    HangAfter,
}

impl Fault {
    pub fn parse(text: &str) -> Option<Fault> {
        if let Some(ms) = text.strip_prefix("delay-") {
            let ms = ms.parse::<u64>().ok()?;
            return Some(Fault::Delay(Duration::from_millis(ms.min(MAX_DELAY_MS))));
        }
        if let Some(status) = text.strip_prefix("html-") {
            return status
                .parse()
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .map(Fault::Html);
        }
        match text {
            "truncate" => Some(Fault::Truncate),
            "rate-limited" => Some(Fault::RateLimited),
            "hang-after" => Some(Fault::HangAfter),
            _ => None,
        }
    }
}

/// Splits `/_sandbox/fault/{fault}/rest?query` into the fault's name and `/rest?query`.
fn split(uri: &Uri) -> Option<(&str, String)> {
    let rest = uri.path().strip_prefix(PREFIX)?;
    let (fault, path) = rest.split_once('/').unwrap_or((rest, ""));
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    Some((fault, format!("/{path}{query}")))
}

pub async fn layer(State(sandbox): State<Sandbox>, mut request: Request, next: Next) -> Response {
    let Some((name, target)) = split(request.uri()) else {
        return next.run(request).await;
    };
    let lang = Lang::negotiate(request.headers());
    let (Some(fault), Ok(uri)) = (Fault::parse(name), target.parse::<Uri>()) else {
        return crate::api::errors(
            StatusCode::NOT_FOUND,
            lang,
            &[Message::UnknownFault(name.to_owned())],
        );
    };
    *request.uri_mut() = uri;
    match fault {
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::Html(status) => html(status),
        Fault::RateLimited => {
            crate::api::rate_limited(lang, sandbox.rate_limit(), RETRY_AFTER_SECS)
        }
        Fault::HangAfter => {
            let _done = next.run(request).await;
            tokio::time::sleep(Duration::from_millis(MAX_DELAY_MS)).await;
            html(StatusCode::GATEWAY_TIMEOUT)
        }
        Fault::Truncate => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
            parts.headers.remove(CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
    }
}

fn html(status: StatusCode) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>{title}</title></head>\
         <body><h1>{title}</h1><p>The sandbox was asked for an HTML page.</p></body></html>\n"
    );
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_faults() {
        assert_eq!(
            Fault::parse("delay-250"),
            Some(Fault::Delay(Duration::from_millis(250)))
        );
        assert_eq!(
            Fault::parse("delay-999999"),
            Some(Fault::Delay(Duration::from_secs(60)))
        );
        assert_eq!(
            Fault::parse("html-502"),
            Some(Fault::Html(StatusCode::BAD_GATEWAY))
        );
        assert_eq!(Fault::parse("truncate"), Some(Fault::Truncate));
        assert_eq!(Fault::parse("rate-limited"), Some(Fault::RateLimited));
        assert_eq!(Fault::parse("hang-after"), Some(Fault::HangAfter));
        for bad in ["delay-", "delay-x", "html-99", "html-1000", "explode", ""] {
            assert_eq!(Fault::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn splits_the_fault_from_the_call() {
        let uri: Uri = "/_sandbox/fault/truncate/api/v1/data/eur/trades?x=1"
            .parse()
            .unwrap();
        assert_eq!(
            split(&uri),
            Some(("truncate", "/api/v1/data/eur/trades?x=1".to_owned()))
        );
        assert_eq!(split(&"/api/v1".parse().unwrap()), None);
    }
}
