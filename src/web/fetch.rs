//! [`Transport`] over `fetch`, bounded in time and in size. One deadline, a
//! `setTimeout` started with the request, is raced against every step (the head, then
//! each read of the body): when it fires first the request is aborted and its body
//! reader cancelled at once, whatever the server still sends. `AbortSignal.timeout`
//! alone does not do that: measured, a body that never ended outlived it by seconds
//! (Chromium) or until the server closed (Node). The body is read through its
//! `ReadableStream`, its bytes counted as they come: past `max_response_bytes` (or
//! when a `Content-Length` says so, before reading) the request is aborted. Waits
//! between retries are `setTimeout`s (gloo-timers), in a window or a worker; the
//! pauses between two slices of a big answer's read and decode are messages over a
//! `MessageChannel` (a task behind the page's others, never clamped).

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use gloo_net::http::{Method as FetchMethod, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader, ReadableStreamReadResult};

use crate::decode::SLICE_BYTES;
use crate::http::{
    HttpRequest, HttpResponse, Method, READ_HEADERS, Transport, TransportError, declared_too_large,
};

/// Sends requests with the global `fetch`.
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchTransport;

/// Aborts the request when dropped: on every way out of [`FetchTransport::send`]
/// (the deadline, a body too large, a failed read) nothing is left running. After a
/// complete answer, aborting does nothing.
struct Abort(AbortController);

impl Drop for Abort {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// `step`'s output, or `None` if the deadline came first.
async fn within<F: Future>(step: F, deadline: &mut TimeoutFuture) -> Option<F::Output> {
    let mut step = pin!(step);
    poll_fn(|cx| {
        if let Poll::Ready(output) = step.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        match std::pin::Pin::new(&mut *deadline).poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut deadline = TimeoutFuture::new(request.timeout_ms);
        let controller = AbortController::new().map_err(js_failure)?;
        let signal = controller.signal();
        let _abort = Abort(controller);
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
        let response = within(prepared.send(), &mut deadline)
            .await
            .ok_or(TransportError::Timeout)?
            .map_err(failure)?;
        let status = response.status();
        let max = request.max_response_bytes;
        let raw_headers = response.headers();
        let length = raw_headers.get("content-length");
        if declared_too_large(length.as_deref(), max) {
            return Err(TransportError::TooLarge { status });
        }
        let headers = READ_HEADERS
            .iter()
            .filter_map(|&name| Some((name.to_owned(), raw_headers.get(name)?)))
            .collect();
        // The declared length (within the limit) sizes the buffer once.
        let capacity = length.and_then(|l| l.trim().parse::<usize>().ok());
        let mut body = Vec::with_capacity(capacity.unwrap_or(0));
        if let Some(stream) = response.body() {
            let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
            let read = read_body(&reader, &mut body, max, status, &mut deadline).await;
            if read.is_err() {
                // Handled, whatever it settles to: no unhandled rejection on the page.
                drop(JsFuture::from(reader.cancel()));
            }
            read?;
        }
        // The bytes as they came: the schema walk reads them once. A leading byte
        // order mark is dropped, as `response.text()` and `json()` do.
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
        TimeoutFuture::new(ms).await;
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    /// The page's tasks, input and frames come first ([`turn`]).
    async fn pause(&self) {
        turn().await;
    }
}

/// Gives the event loop a turn ([`Transport::pause`]): a message to itself over a
/// `MessageChannel`, a task queued behind the page's others (not ahead of them, as
/// `scheduler.yield()` would be; not clamped to 4 ms once nested, as `setTimeout` is).
/// Where there is no `MessageChannel`, a `setTimeout` of 0.
async fn turn() {
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return TimeoutFuture::new(0).await;
    };
    let (port, other) = (channel.port1(), channel.port2());
    let arrived = js_sys::Promise::new(&mut |resolve, _| port.set_onmessage(Some(&resolve)));
    if other.post_message(&JsValue::UNDEFINED).is_err() {
        return TimeoutFuture::new(0).await;
    }
    drop(JsFuture::from(arrived).await);
    // Closed, so that nothing is left listening (in Node, a port with a handler keeps
    // the process alive).
    port.set_onmessage(None);
    port.close();
    other.close();
}

/// Reads the whole body into `body`, each chunk copied into wasm memory once, refused
/// as soon as it would pass `max` bytes, given up when the deadline fires. Every
/// [`SLICE_BYTES`] it gives the page a turn: chunks the browser holds already are
/// handed over in microtasks, so a body of megabytes that came fast would otherwise be
/// read in one task (measured: 20 to 30 ms for 4 MiB in Chromium).
async fn read_body(
    reader: &ReadableStreamDefaultReader,
    body: &mut Vec<u8>,
    max: u32,
    status: u16,
    deadline: &mut TimeoutFuture,
) -> Result<(), TransportError> {
    let mut paused_at = 0;
    loop {
        if body.len() - paused_at >= SLICE_BYTES {
            paused_at = body.len();
            within(turn(), deadline)
                .await
                .ok_or(TransportError::Timeout)?;
        }
        let chunk: ReadableStreamReadResult = within(JsFuture::from(reader.read()), deadline)
            .await
            .ok_or(TransportError::Timeout)?
            .map_err(js_failure)?
            .unchecked_into();
        if chunk.get_done().unwrap_or(false) {
            return Ok(());
        }
        let bytes: Uint8Array = chunk.get_value().unchecked_into();
        let start = body.len();
        let end = start.saturating_add(bytes.length() as usize);
        if end > max as usize {
            return Err(TransportError::TooLarge { status });
        }
        body.resize(end, 0);
        bytes.copy_to(&mut body[start..]);
    }
}

/// `fetch` rejects with an `AbortError` (or `TimeoutError`) when the request is
/// aborted, and with a `TypeError` for every network failure; the browser tells
/// nothing more.
fn failure(error: gloo_net::Error) -> TransportError {
    match error {
        gloo_net::Error::JsError(e) if e.name == "TimeoutError" || e.name == "AbortError" => {
            TransportError::Timeout
        }
        gloo_net::Error::JsError(e) => TransportError::Network(e.message),
        other => TransportError::Network(other.to_string()),
    }
}

/// The same for a rejection seen as a bare JS value (a body read).
fn js_failure(error: JsValue) -> TransportError {
    let field = |name: &str| {
        Reflect::get(&error, &name.into())
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default()
    };
    match field("name").as_str() {
        "TimeoutError" | "AbortError" => TransportError::Timeout,
        _ => TransportError::Network(field("message")),
    }
}
