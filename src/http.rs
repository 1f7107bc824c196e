//! What the client needs from HTTP, and nothing more.
//!
//! The core builds an [`HttpRequest`] and reads an [`HttpResponse`]; a [`Transport`]
//! carries one to the other. In the browser that is `fetch` (`web::FetchTransport`);
//! in host tests it is a scripted fake. Keeping the trait this small is what lets the
//! whole client (URLs, headers, status handling, decoding) be tested without a browser.

use std::future::Future;

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: reads, and may be retried ([`crate::retry`]).
    Get,
    /// `POST`: places an order, requests a withdrawal or a token; sent once.
    Post,
    /// `DELETE`: cancels an order; sent once.
    Delete,
}

impl Method {
    /// The method as sent: `"GET"`, `"POST"`, `"DELETE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A request as the client built it, for a [`Transport`] to send as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL, query string included.
    pub url: String,
    /// Header names as sent (`Accept-Language`).
    pub headers: Vec<(&'static str, String)>,
    /// The body (JSON, or a form for a token request); `None` for none.
    pub body: Option<String>,
    /// The transport aborts the request, body included, after this many milliseconds.
    pub timeout_ms: u32,
    /// The transport refuses a body longer than this many bytes
    /// ([`TransportError::TooLarge`]): before reading when its `Content-Length` says
    /// so, else as soon as that many bytes have come, aborting the request.
    pub max_response_bytes: u32,
}

/// The response headers the client reads. A transport may copy just these.
pub const READ_HEADERS: [&str; 4] = [
    "content-type",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
];

/// A response as a [`Transport`] received it, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names in lower case; at least the [`READ_HEADERS`] the server sent.
    pub headers: Vec<(String, String)>,
    /// The body's bytes, as they came: decoded by the schema walk, never as text first.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `Retry-After` in seconds (the API never sends its HTTP-date form).
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.header("retry-after")?.trim().parse().ok()
    }
}

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The request failed before a complete response arrived.
    Network(String),
    /// The timeout fired and the request was aborted.
    Timeout,
    /// The body is longer than [`HttpRequest::max_response_bytes`]; the request was
    /// aborted. `status` is the answer's.
    TooLarge {
        /// The HTTP status of the answer.
        status: u16,
    },
}

/// Whether a `Content-Length` says the body is longer than `max` bytes: a transport
/// refuses such an answer before reading a byte of it. A missing or unreadable length
/// says nothing (the bytes are counted as they come).
pub fn declared_too_large(content_length: Option<&str>, max: u32) -> bool {
    content_length
        .and_then(|length| length.trim().parse::<u64>().ok())
        .is_some_and(|length| length > u64::from(max))
}

/// Sends one request, and gives the client what it needs to pace its requests: a
/// clock, a timer, and randomness for the retry jitter. Implementations never retry
/// by themselves.
pub trait Transport {
    /// Sends `request` once and resolves to its response, whatever the status; or to
    /// why none came, within `request.timeout_ms`.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;

    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u32) -> impl Future<Output = ()>;

    /// Unix milliseconds.
    fn now_ms(&self) -> f64;

    /// A number in [0, 1) for the retry jitter; it need not be unpredictable.
    fn jitter(&self) -> f64;

    /// Gives the thread back for a moment: awaited between two slices of a big
    /// answer's decode ([`crate::decode::SLICE_BYTES`]), so that a browser renders its
    /// frames meanwhile. By default it does not wait (a host has no frames to draw).
    fn pause(&self) -> impl Future<Output = ()> {
        std::future::ready(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_length_over_the_limit_is_refused_before_reading() {
        assert!(declared_too_large(Some("1025"), 1024));
        assert!(declared_too_large(Some(" 9437184 "), 8_388_608));
        assert!(declared_too_large(Some("18446744073709551615"), u32::MAX));
        assert!(!declared_too_large(Some("1024"), 1024));
        assert!(!declared_too_large(Some("0"), 1024));
        // Nothing to go by: the bytes are counted as they come.
        assert!(!declared_too_large(None, 1024));
        assert!(!declared_too_large(Some("lots"), 1024));
        assert!(!declared_too_large(Some("-5"), 1024));
        assert!(!declared_too_large(Some("99999999999999999999999"), 1024));
    }
}
