//! [`Transport`] over `fetch`, with the timeout enforced by `AbortSignal.timeout`: when
//! it fires the browser aborts the request and the body read, and frees both. Waits
//! between retries are `setTimeout`s (gloo-timers), in a window or a worker.

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use web_sys::AbortSignal;

use crate::http::{HttpRequest, HttpResponse, Method, READ_HEADERS, Transport, TransportError};

/// Sends requests with the global `fetch`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let signal = AbortSignal::timeout_with_u32(request.timeout_ms);
        let method = match request.method {
            Method::Get => FetchMethod::GET,
            Method::Post => FetchMethod::POST,
            Method::Delete => FetchMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .abort_signal(Some(&signal));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let prepared = match request.body {
            Some(body) => builder.body(body),
            None => builder.build(),
        }
        .map_err(failure)?;
        let response = prepared.send().await.map_err(failure)?;
        let headers = response.headers();
        let headers = READ_HEADERS
            .iter()
            .filter_map(|&name| Some((name.to_owned(), headers.get(name)?)))
            .collect();
        let status = response.status();
        // The bytes as they came (arrayBuffer): the schema walk reads them once. A
        // leading byte order mark is dropped, as `response.text()` and `json()` do.
        let mut body = response.binary().await.map_err(failure)?;
        if body.starts_with(b"\xEF\xBB\xBF") {
            body.drain(..3);
        }
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    async fn sleep(&self, ms: u32) {
        gloo_timers::future::TimeoutFuture::new(ms).await;
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// `fetch` rejects with a `TimeoutError` (or `AbortError`) when the signal fires, and
/// with a `TypeError` for every network failure; the browser tells nothing more.
fn failure(error: gloo_net::Error) -> TransportError {
    match error {
        gloo_net::Error::JsError(e) if e.name == "TimeoutError" || e.name == "AbortError" => {
            TransportError::Timeout
        }
        gloo_net::Error::JsError(e) => TransportError::Network(e.message),
        other => TransportError::Network(other.to_string()),
    }
}
