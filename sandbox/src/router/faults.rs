//! Failures on request, for tests and for trying an app's error handling, and a count
//! of the API calls that arrived: the middleware that applies them, around the router
//! (it rewrites paths, so it must run before routing). The queue and the count are
//! kept by [`crate::domain::faults`] and served by [`crate::handlers::faults`].
//!
//! Two ways to ask for a fault:
//! - in the path: `/_sandbox/fault/{fault}/api/...` answers the API call behind it,
//!   with the fault applied;
//! - queued: `POST /_sandbox/faults` with `{"fault": "html-503", "times": 2, "path":
//!   "/api/v1/data/eur/ticker", "method": "GET"}` faults the next `times` API calls
//!   that match (`path` a prefix, `method` a method, both optional), so a client is
//!   faulted without changing its base URL. `GET` lists the queue, `DELETE` clears it.
//!
//! Faults: `delay-<ms>` (up to a minute), `slow-body-<ms>` (status and headers at
//! once, then the body trickled over that time), `html-<status>` (an HTML page, as a
//! proxy or a maintenance page gives), `truncate` (half the JSON body, status 200),
//! `content-type` (the real answer, labelled `text/html`), `rate-limited` and
//! `rate-limited-<secs>` (429 with `Retry-After: 7` or `<secs>`), `hang-after` (the
//! call is carried out, then the answer never comes: a connection lost after an order
//! was sent), `drop` (the connection is closed before a byte of answer is written, and
//! the call is not carried out).
//!
//! `GET /_sandbox/requests?path=...&method=...` counts the API calls received (per
//! method and path, before any fault or rate limit) since start or since
//! `DELETE /_sandbox/requests`: how a test proves a GET was retried N times, or a POST
//! sent once. CORS preflights are not API calls and are not counted.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::domain::faults::{Fault, MAX_DELAY_MS};
use crate::domain::i18n::{Lang, Message};
use crate::domain::sandbox::Sandbox;
use crate::http::lang;
use crate::http::respond::{errors, rate_limited};

const PREFIX: &str = "/_sandbox/fault/";
/// How many pieces a slow body is sent in (fewer if it is shorter).
const SLOW_BODY_CHUNKS: usize = 20;

/// Splits `/_sandbox/fault/{fault}/rest?query` into the fault's name and `/rest?query`.
fn split(uri: &Uri) -> Option<(&str, String)> {
    let rest = uri.path().strip_prefix(PREFIX)?;
    let (fault, path) = rest.split_once('/').unwrap_or((rest, ""));
    let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    Some((fault, format!("/{path}{query}")))
}

/// Marks the answer of a `drop` fault, whose status no one will ever read (for the
/// request log).
#[derive(Debug, Clone, Copy)]
pub struct Dropped;

/// Applies the fault a call asks for in its path, else the first queued one it
/// matches; counts every API call.
pub async fn layer(State(sandbox): State<Sandbox>, mut request: Request, next: Next) -> Response {
    let lang = lang::negotiate(request.headers());
    let mut fault = None;
    if let Some((name, target)) = split(request.uri()) {
        let (Some(asked), Ok(uri)) = (Fault::parse(name), target.parse::<Uri>()) else {
            return errors(
                StatusCode::NOT_FOUND,
                lang,
                &[Message::UnknownFault(name.to_owned())],
            );
        };
        *request.uri_mut() = uri;
        fault = Some(asked);
    }
    if request.uri().path().starts_with("/api/") {
        let queued = sandbox
            .faults()
            .arrived(request.method().as_str(), request.uri().path());
        fault = fault.or(queued);
    }
    match fault {
        None => next.run(request).await,
        Some(fault) => apply(fault, &sandbox, lang, request, next).await,
    }
}

async fn apply(
    fault: Fault,
    sandbox: &Sandbox,
    lang: Lang,
    request: Request,
    next: Next,
) -> Response {
    match fault {
        Fault::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::SlowBody(duration) => {
            let (parts, bytes) = whole(next.run(request).await).await;
            Response::from_parts(parts, trickle(bytes, duration))
        }
        // `Fault::parse` only gives statuses from 100 to 999, which are all valid.
        Fault::Html(status) => {
            html(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY))
        }
        Fault::RateLimited { retry_after_secs } => {
            rate_limited(lang, sandbox.rate_limit(), retry_after_secs)
        }
        Fault::HangAfter => {
            let _done = next.run(request).await;
            tokio::time::sleep(Duration::from_millis(MAX_DELAY_MS)).await;
            html(StatusCode::GATEWAY_TIMEOUT)
        }
        Fault::Truncate => {
            let (parts, bytes) = whole(next.run(request).await).await;
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        Fault::ContentType => {
            let mut response = next.run(request).await;
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
        Fault::Drop => dropped(),
    }
}

/// An answer's head and its whole body (its length header removed: the body that
/// replaces it has another).
async fn whole(response: Response) -> (axum::http::response::Parts, Bytes) {
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    parts.headers.remove(CONTENT_LENGTH);
    (parts, bytes)
}

/// `bytes` in up to [`SLOW_BODY_CHUNKS`] pieces, evenly spread over `duration`, the
/// first one after a pause (the head goes out at once).
fn trickle(bytes: Bytes, duration: Duration) -> Body {
    let size = bytes.len().div_ceil(SLOW_BODY_CHUNKS).max(1);
    let chunks: Vec<Bytes> = (0..bytes.len())
        .step_by(size)
        .map(|start| bytes.slice(start..(start + size).min(bytes.len())))
        .collect();
    let pause = duration / u32::try_from(chunks.len().max(1)).unwrap_or(1);
    Body::from_stream(
        futures_util::stream::iter(chunks).then(move |chunk| async move {
            tokio::time::sleep(pause).await;
            Ok::<_, Infallible>(chunk)
        }),
    )
}

/// An answer whose body fails before its first byte. hyper then closes the connection
/// without writing anything, the head included (it is only buffered until the body's
/// first piece): the client sees the connection close with no status line, and a
/// browser's `fetch` fails with a network error.
fn dropped() -> Response {
    let failing = futures_util::stream::iter([Err::<Bytes, _>(std::io::Error::new(
        std::io::ErrorKind::ConnectionAborted,
        "sandbox fault: drop",
    ))]);
    let mut response = Body::from_stream(failing).into_response();
    *response.status_mut() = StatusCode::BAD_GATEWAY;
    response.extensions_mut().insert(Dropped);
    response
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
