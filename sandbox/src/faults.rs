//! Failures on request, for tests and for trying an app's error handling, and a count
//! of the API calls that arrived.
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

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Query, Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Sandbox;
use crate::i18n::{Lang, Message};

const PREFIX: &str = "/_sandbox/fault/";
/// The longest delay (or slow body) a fault may ask for.
const MAX_DELAY_MS: u64 = 60_000;
/// Retry-After of the plain `rate-limited` fault.
const RETRY_AFTER_SECS: u64 = 7;
/// The longest Retry-After `rate-limited-<secs>` may ask for: a day.
const MAX_RETRY_AFTER_SECS: u64 = 86_400;
/// How many pieces a slow body is sent in (fewer if it is shorter).
const SLOW_BODY_CHUNKS: usize = 20;
/// The most calls one queued fault may apply to.
const MAX_TIMES: u32 = 1_000;
/// The most faults the queue holds.
const MAX_QUEUED: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Delay(Duration),
    SlowBody(Duration),
    Html(StatusCode),
    Truncate,
    ContentType,
    RateLimited { retry_after_secs: u64 },
    HangAfter,
    Drop,
}

impl Fault {
    pub fn parse(text: &str) -> Option<Fault> {
        let millis = |ms: &str| {
            let ms = ms.parse::<u64>().ok()?;
            Some(Duration::from_millis(ms.min(MAX_DELAY_MS)))
        };
        if let Some(ms) = text.strip_prefix("delay-") {
            return millis(ms).map(Fault::Delay);
        }
        if let Some(ms) = text.strip_prefix("slow-body-") {
            return millis(ms).map(Fault::SlowBody);
        }
        if let Some(status) = text.strip_prefix("html-") {
            return status
                .parse()
                .ok()
                .and_then(|s| StatusCode::from_u16(s).ok())
                .map(Fault::Html);
        }
        if let Some(secs) = text.strip_prefix("rate-limited-") {
            return secs
                .parse::<u64>()
                .ok()
                .filter(|secs| *secs <= MAX_RETRY_AFTER_SECS)
                .map(|retry_after_secs| Fault::RateLimited { retry_after_secs });
        }
        match text {
            "truncate" => Some(Fault::Truncate),
            "content-type" => Some(Fault::ContentType),
            "rate-limited" => Some(Fault::RateLimited {
                retry_after_secs: RETRY_AFTER_SECS,
            }),
            "hang-after" => Some(Fault::HangAfter),
            "drop" => Some(Fault::Drop),
            _ => None,
        }
    }
}

/// A fault waiting for the calls it applies to.
#[derive(Debug, Clone)]
struct Queued {
    /// As it was asked for (`html-503`), for the listing.
    name: String,
    fault: Fault,
    /// Calls it still applies to.
    left: u32,
    /// Only calls whose path starts with this.
    path: Option<String>,
    /// Only calls with this method.
    method: Option<Method>,
}

impl Queued {
    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|m| m == method)
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }

    fn to_json(&self) -> Value {
        json!({
            "fault": self.name,
            "times": self.left,
            "path": self.path,
            "method": self.method.as_ref().map(Method::as_str),
        })
    }
}

/// The queued faults and the count of calls received, in the sandbox's shared state.
#[derive(Debug, Default)]
pub struct Faults {
    queue: Vec<Queued>,
    /// Per (path, method): calls received.
    requests: BTreeMap<(String, String), u64>,
}

impl Faults {
    /// Counts an API call, and takes the first queued fault it matches, if any.
    fn arrived(&mut self, method: &Method, path: &str) -> Option<Fault> {
        *self
            .requests
            .entry((path.to_owned(), method.as_str().to_owned()))
            .or_default() += 1;
        let index = self.queue.iter().position(|q| q.matches(method, path))?;
        let queued = &mut self.queue[index];
        let fault = queued.fault;
        queued.left -= 1;
        if queued.left == 0 {
            self.queue.remove(index);
        }
        Some(fault)
    }
}

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

pub async fn layer(State(sandbox): State<Sandbox>, mut request: Request, next: Next) -> Response {
    let lang = Lang::negotiate(request.headers());
    let mut fault = None;
    if let Some((name, target)) = split(request.uri()) {
        let (Some(asked), Ok(uri)) = (Fault::parse(name), target.parse::<Uri>()) else {
            return crate::api::errors(
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
            .arrived(request.method(), request.uri().path());
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
        Fault::Html(status) => html(status),
        Fault::RateLimited { retry_after_secs } => {
            crate::api::rate_limited(lang, sandbox.rate_limit(), retry_after_secs)
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

/// The admin endpoints: `/_sandbox/faults` (the queue) and `/_sandbox/requests` (the
/// count).
pub fn router() -> Router<Sandbox> {
    Router::new()
        .route("/_sandbox/faults", get(list).post(queue).delete(clear))
        .route("/_sandbox/requests", get(requests).delete(forget))
        .method_not_allowed_fallback(crate::api::method_not_allowed)
}

/// The body of `POST /_sandbox/faults`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultRequest {
    fault: String,
    times: Option<u32>,
    path: Option<String>,
    method: Option<String>,
}

impl FaultRequest {
    fn check(self) -> Result<Queued, String> {
        let fault =
            Fault::parse(&self.fault).ok_or_else(|| format!("unknown fault \"{}\"", self.fault))?;
        let times = self.times.unwrap_or(1);
        if !(1..=MAX_TIMES).contains(&times) {
            return Err(format!("times must be from 1 to {MAX_TIMES}"));
        }
        if let Some(path) = self.path.as_deref().filter(|p| !p.starts_with('/')) {
            return Err(format!("path \"{path}\" must start with /"));
        }
        let method = match self.method {
            None => None,
            Some(text) => Some(
                Method::from_bytes(text.to_ascii_uppercase().as_bytes())
                    .map_err(|_| format!("method \"{text}\" is not an HTTP method"))?,
            ),
        };
        Ok(Queued {
            name: self.fault,
            fault,
            left: times,
            path: self.path,
            method,
        })
    }
}

/// `POST /_sandbox/faults`: queues a fault; 201 with it, or 400.
async fn queue(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = Lang::negotiate(&headers);
    let checked = serde_json::from_slice::<FaultRequest>(&body)
        .map_err(|e| e.to_string())
        .and_then(FaultRequest::check);
    let queued = match checked {
        Ok(queued) => queued,
        Err(why) => {
            return crate::api::errors(
                StatusCode::BAD_REQUEST,
                lang,
                &[Message::BadFaultRequest(why)],
            );
        }
    };
    let mut faults = sandbox.faults();
    if faults.queue.len() >= MAX_QUEUED {
        return crate::api::errors(
            StatusCode::BAD_REQUEST,
            lang,
            &[Message::BadFaultRequest(format!(
                "the queue holds {MAX_QUEUED} faults already"
            ))],
        );
    }
    let answer = queued.to_json();
    faults.queue.push(queued);
    crate::api::json(StatusCode::CREATED, &answer)
}

/// `GET /_sandbox/faults`: the queue, first to apply first.
async fn list(State(sandbox): State<Sandbox>) -> Response {
    let faults: Vec<Value> = sandbox.faults().queue.iter().map(Queued::to_json).collect();
    crate::api::json(StatusCode::OK, &json!({ "faults": faults }))
}

/// `DELETE /_sandbox/faults`: empties the queue.
async fn clear(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.faults().queue.clear();
    StatusCode::NO_CONTENT
}

/// `GET /_sandbox/requests[?path=/api/...][&method=GET]`: the calls received, per
/// method and path (`path` exact), and their total.
async fn requests(
    State(sandbox): State<Sandbox>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(unknown) = query.keys().find(|k| *k != "path" && *k != "method") {
        return crate::api::errors(
            StatusCode::BAD_REQUEST,
            Lang::negotiate(&headers),
            &[Message::BadParameter {
                name: "query",
                value: unknown.clone(),
            }],
        );
    }
    let path = query.get("path");
    let method = query.get("method").map(|m| m.to_ascii_uppercase());
    let faults = sandbox.faults();
    let rows: Vec<(&(String, String), &u64)> = faults
        .requests
        .iter()
        .filter(|((p, m), _)| {
            path.is_none_or(|path| p == path) && method.as_ref().is_none_or(|method| m == method)
        })
        .collect();
    let total: u64 = rows.iter().map(|(_, count)| **count).sum();
    let requests: Vec<Value> = rows
        .into_iter()
        .map(|((path, method), count)| json!({ "method": method, "path": path, "count": count }))
        .collect();
    crate::api::json(
        StatusCode::OK,
        &json!({ "total": total, "requests": requests }),
    )
}

/// `DELETE /_sandbox/requests`: starts counting again from zero.
async fn forget(State(sandbox): State<Sandbox>) -> StatusCode {
    sandbox.faults().requests.clear();
    StatusCode::NO_CONTENT
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
            Fault::parse("slow-body-800"),
            Some(Fault::SlowBody(Duration::from_millis(800)))
        );
        assert_eq!(
            Fault::parse("html-502"),
            Some(Fault::Html(StatusCode::BAD_GATEWAY))
        );
        assert_eq!(Fault::parse("truncate"), Some(Fault::Truncate));
        assert_eq!(Fault::parse("content-type"), Some(Fault::ContentType));
        assert_eq!(
            Fault::parse("rate-limited"),
            Some(Fault::RateLimited {
                retry_after_secs: 7
            })
        );
        assert_eq!(
            Fault::parse("rate-limited-30"),
            Some(Fault::RateLimited {
                retry_after_secs: 30
            })
        );
        assert_eq!(Fault::parse("hang-after"), Some(Fault::HangAfter));
        assert_eq!(Fault::parse("drop"), Some(Fault::Drop));
        for bad in [
            "delay-",
            "delay-x",
            "slow-body-",
            "html-99",
            "html-1000",
            "rate-limited-",
            "rate-limited--1",
            "rate-limited-86401",
            "explode",
            "",
        ] {
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

    #[test]
    fn queued_faults_apply_to_matching_calls_then_run_out() {
        let mut faults = Faults::default();
        faults.queue.push(
            FaultRequest {
                fault: "html-503".into(),
                times: Some(2),
                path: Some("/api/v1/data/eur/ticker".into()),
                method: Some("get".into()),
            }
            .check()
            .unwrap(),
        );
        let ticker = "/api/v1/data/eur/ticker";
        let html = Some(Fault::Html(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(faults.arrived(&Method::POST, ticker), None);
        assert_eq!(faults.arrived(&Method::GET, "/api/v1/data/eur/depth"), None);
        assert_eq!(faults.arrived(&Method::GET, ticker), html);
        assert_eq!(faults.arrived(&Method::GET, ticker), html);
        assert_eq!(faults.arrived(&Method::GET, ticker), None);
        assert!(faults.queue.is_empty());
        assert_eq!(faults.requests[&(ticker.to_owned(), "GET".to_owned())], 3);
    }

    #[test]
    fn refuses_bad_fault_requests() {
        let request = |fault: &str, times, path: Option<&str>, method: Option<&str>| {
            FaultRequest {
                fault: fault.into(),
                times,
                path: path.map(Into::into),
                method: method.map(Into::into),
            }
            .check()
        };
        assert!(request("drop", None, None, None).is_ok());
        assert!(request("explode", None, None, None).is_err());
        assert!(request("drop", Some(0), None, None).is_err());
        assert!(request("drop", Some(MAX_TIMES + 1), None, None).is_err());
        assert!(request("drop", None, Some("api/v1"), None).is_err());
        assert!(request("drop", None, None, Some("GE T")).is_err());
    }
}
