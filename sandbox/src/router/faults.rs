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
//! the call is not carried out), `oversized-<bytes>` (the real answer padded to
//! `bytes`, up to 1 GiB, made as it is sent: a `"padding"` string first in an object,
//! spaces after a list; chunked, no `Content-Length`) and `oversized-declared-<bytes>`
//! (the same with its `Content-Length`), `endless-body` (status and headers at once,
//! then a body that trickles 256 bytes every 50 ms and never ends: for an hour, or
//! until the client goes), `huge-currency-<bytes>` (the real answer, its first
//! `currency` a string of `bytes` letters, up to 64 MiB).
//!
//! Stream faults (`stream-drop`, `stream-silent`, `stream-malformed`,
//! `stream-oversized`) are queued the same way, with an optional `namespace` instead
//! of `path` and `method`, and apply to the stream's frames, never to a call
//! ([`crate::handlers::stream`]).
//!
//! `GET /_sandbox/requests?path=...&method=...` counts the API calls received (per
//! method and path, before any fault or rate limit) since start or since
//! `DELETE /_sandbox/requests`: how a test proves a GET was retried N times, or a POST
//! sent once. CORS preflights are not API calls and are not counted. Its memory is
//! bounded ([`crate::domain::faults::Faults::arrived`]): a path that is none of the
//! API's routes ([`crate::router::paths::api_route`]) is counted as `other`.

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
        // Stream faults are queued only: in a path they are unknown.
        let asked = Fault::parse(name).filter(|f| !matches!(f, Fault::Stream(_)));
        let (Some(asked), Ok(uri)) = (asked, target.parse::<Uri>()) else {
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
        let path = request.uri().path();
        let queued = sandbox.faults().arrived(
            request.method().as_str(),
            path,
            crate::router::paths::api_route(path),
        );
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
        Fault::Oversized { bytes, declared } => {
            let (mut parts, real) = whole(next.run(request).await).await;
            if declared {
                parts
                    .headers
                    .insert(CONTENT_LENGTH, HeaderValue::from(bytes));
            }
            Response::from_parts(parts, padded(real, bytes))
        }
        Fault::EndlessBody => {
            let (parts, _) = whole(next.run(request).await).await;
            Response::from_parts(parts, endless())
        }
        Fault::HugeCurrency(bytes) => {
            let (parts, real) = whole(next.run(request).await).await;
            Response::from_parts(parts, Body::from(huge_currency(&real, bytes)))
        }
        // Never reached: queued stream faults match no call, and the path refuses them.
        Fault::Stream(_) => next.run(request).await,
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

/// Padding, sent as it is: [`padded`] and [`endless`] send slices of it.
static PADDING: [u8; 64 * 1024] = [b'a'; 64 * 1024];

/// `count` bytes of `byte` (`a` or a space), in pieces of at most 64 KiB.
fn filler(byte: u8, count: u64) -> impl futures_util::Stream<Item = Bytes> {
    static SPACES: [u8; 64 * 1024] = [b' '; 64 * 1024];
    let whole: &'static [u8] = if byte == b' ' { &SPACES } else { &PADDING };
    let piece = whole.len() as u64;
    futures_util::stream::iter((0..count.div_ceil(piece)).map(move |i| {
        let size = (count - i * piece).min(piece) as usize;
        Bytes::from_static(&whole[..size])
    }))
}

/// The real answer made `total` bytes long (when it is shorter): an object gets a
/// `"padding"` string as its first field, anything else spaces after it. Still valid
/// JSON of the same answer, for a client to read if it accepts that much.
fn padded(real: Bytes, total: u64) -> Body {
    const OPEN: &[u8] = b"{\"padding\":\"";
    const CLOSE: &[u8] = b"\",";
    let len = real.len() as u64;
    let overhead = (OPEN.len() + CLOSE.len() - 1) as u64;
    let object = real.starts_with(b"{") && real.len() > 2;
    let pieces: Vec<Box<dyn futures_util::Stream<Item = Bytes> + Send + Unpin>> =
        if object && total >= len + overhead {
            vec![
                Box::new(futures_util::stream::iter([Bytes::from_static(OPEN)])),
                Box::new(filler(b'a', total - len - overhead)),
                Box::new(futures_util::stream::iter([
                    Bytes::from_static(CLOSE),
                    real.slice(1..),
                ])),
            ]
        } else {
            vec![
                Box::new(futures_util::stream::iter([real])),
                Box::new(filler(b' ', total.saturating_sub(len))),
            ]
        };
    Body::from_stream(
        futures_util::stream::iter(pieces)
            .flatten()
            .map(Ok::<_, Infallible>),
    )
}

/// How long an endless body lasts if the client never goes: an hour.
const ENDLESS: Duration = Duration::from_secs(3600);
/// An endless body's pace: 256 bytes every 50 ms.
const TRICKLE: Duration = Duration::from_millis(50);

/// The start of a JSON object whose first string never ends: 256 bytes every 50 ms.
fn endless() -> Body {
    let pieces = ENDLESS.as_millis() / TRICKLE.as_millis();
    let open = futures_util::stream::iter([Bytes::from_static(b"{\"padding\":\"")]);
    let trickle = futures_util::stream::iter(0..pieces).then(|_| async {
        tokio::time::sleep(TRICKLE).await;
        Bytes::from_static(&PADDING[..256])
    });
    Body::from_stream(open.chain(trickle).map(Ok::<_, Infallible>))
}

/// The real answer with its first `currency` (depth first) a string of `bytes` `E`s;
/// unchanged if it has none or is not JSON.
fn huge_currency(real: &[u8], bytes: usize) -> Vec<u8> {
    fn first(value: &mut serde_json::Value, huge: &str) -> bool {
        match value {
            serde_json::Value::Object(fields) => {
                if let Some(currency) = fields.get_mut("currency") {
                    *currency = serde_json::Value::String(huge.to_owned());
                    return true;
                }
                fields.values_mut().any(|v| first(v, huge))
            }
            serde_json::Value::Array(items) => items.iter_mut().any(|v| first(v, huge)),
            _ => false,
        }
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(real) else {
        return real.to_vec();
    };
    first(&mut value, &"E".repeat(bytes));
    serde_json::to_vec(&value).unwrap_or_else(|_| real.to_vec())
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

    async fn collect(body: Body) -> Vec<u8> {
        to_bytes(body, usize::MAX).await.unwrap().to_vec()
    }

    #[tokio::test]
    async fn an_oversized_body_is_the_real_answer_padded_to_its_length() {
        let real = Bytes::from_static(br#"{"bids":[],"asks":[]}"#);
        let body = collect(padded(real.clone(), 200_000)).await;
        assert_eq!(body.len(), 200_000);
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["bids"], serde_json::json!([]));
        assert_eq!(value["padding"].as_str().unwrap().len(), 200_000 - 34);
        let list = collect(padded(Bytes::from_static(b"[1,2]"), 70_000)).await;
        assert_eq!(list.len(), 70_000);
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&list).unwrap(),
            serde_json::json!([1, 2])
        );
        // Shorter than the answer: the answer as it is.
        assert_eq!(collect(padded(real.clone(), 3)).await, real.to_vec());
    }

    #[test]
    fn a_huge_currency_replaces_the_first_one() {
        let real = br#"{"bids":[{"price":1,"currency":"EUR"},{"currency":"EUR"}],"asks":[]}"#;
        let value: serde_json::Value = serde_json::from_slice(&huge_currency(real, 5)).unwrap();
        assert_eq!(value["bids"][0]["currency"], "EEEEE");
        assert_eq!(value["bids"][1]["currency"], "EUR");
        assert_eq!(huge_currency(b"<html>", 5), b"<html>");
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
