//! The one way a request leaves: [`Sender`] paces it through the page's shared
//! limiter, gives it the configured timeout, retries a GET as the retry policy says,
//! turns a transport failure into an [`Error`], and keeps the latest rate-limit
//! status the server sent.
//!
//! A [`crate::GenericClient`] sends every call through its sender, and an
//! [`crate::oauth::OAuth`] its token requests: through a sender of its own by default,
//! through its client's once tied to it ([`crate::oauth::OAuth::send_through`]).

use std::cell::RefCell;
use std::rc::Rc;

use crate::config::Config;
use crate::error::{Error, Text};
use crate::http::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::limiter::Limiter;
use crate::model::RateLimit;
use crate::retry::{Failure, RetryPolicy};

/// Sends requests over a [`Transport`] with a [`Config`]'s timeout, retry policy and
/// limiter. State lives in `RefCell`s never borrowed across an `.await`, so any number
/// of requests may be in flight through one sender.
#[derive(Debug)]
pub struct Sender<T> {
    transport: T,
    timeout_ms: u32,
    max_response_bytes: u32,
    retry: RetryPolicy,
    /// The API's server (`https://host[:port]` of the config's base URL): the one the
    /// limiter and the rate-limit status are about.
    origin: String,
    /// The page's shared limiter for the config's settings, if it asks for one.
    limiter: Option<Rc<RefCell<Limiter>>>,
    rate_limit: RefCell<Option<RateLimit>>,
}

/// What a request that got no answer may have done: it decides the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lost {
    /// Nothing the caller must look for: `network` or `timeout`.
    Harmless,
    /// The exchange may have acted on it (a POST or DELETE of the API):
    /// `unknown-outcome`.
    MayHaveActed,
}

impl<T: Transport> Sender<T> {
    /// A sender with `config`'s timeout, retry policy and limiter.
    pub fn new(config: &Config, transport: T) -> Self {
        Sender {
            transport,
            timeout_ms: config.timeout_ms(),
            max_response_bytes: config.max_response_bytes(),
            retry: config.retry(),
            origin: origin(config.base_url()).to_owned(),
            limiter: config.limiter().map(Limiter::shared),
            rate_limit: RefCell::new(None),
        }
    }

    /// The timeout every request it sends is given.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout_ms
    }

    /// The largest answer, in bytes, every request it sends accepts.
    pub fn max_response_bytes(&self) -> u32 {
        self.max_response_bytes
    }

    /// The rate-limit status from the latest answer that carried one.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit.borrow().clone()
    }

    /// The transport's [`Transport::pause`].
    pub fn pause(&self) -> impl Future<Output = ()> {
        self.transport.pause()
    }

    /// Sends an API request: paced by the shared limiter if the config asks for one,
    /// and, for a GET, retried after a transient failure as the config's
    /// [`RetryPolicy`] says. Only the final outcome is returned; a 429 or 5xx that
    /// retrying did not cure is returned as the response it is, for the caller to
    /// turn into its error (`decode::check`). A POST or DELETE is sent once; without
    /// an answer it is `unknown-outcome`.
    pub(crate) async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, Error> {
        request.timeout_ms = self.timeout_ms;
        request.max_response_bytes = self.max_response_bytes;
        if request.method != Method::Get {
            return self.send_once(request, Lost::MayHaveActed).await;
        }
        let mut spent_ms = 0u32;
        let mut retry = 0u32;
        loop {
            let outcome = self.send_once(request.clone(), Lost::Harmless).await;
            let failure = match &outcome {
                Ok(response) if (200..300).contains(&response.status) => return outcome,
                Ok(response) => Failure::Status {
                    status: response.status,
                    retry_after_secs: response.retry_after_secs(),
                },
                Err(Error::Network { .. } | Error::Timeout { .. }) => Failure::NoAnswer,
                Err(_) => return outcome,
            };
            let jitter = self.transport.jitter();
            let Some(wait) = self.retry.wait_ms(retry, failure, spent_ms, jitter) else {
                return outcome;
            };
            self.transport.sleep(wait).await;
            spent_ms = spent_ms.saturating_add(wait);
            retry += 1;
        }
    }

    /// Sends an OAuth token request (a POST: code exchange, refresh, user-code grant):
    /// timed and (on the API's own server) paced like any other request; sent once,
    /// never retried.
    ///
    /// Without an answer it is `network` or `timeout`, not `unknown-outcome`: that
    /// kind tells the caller an order or a withdrawal may have been carried out and
    /// to look for it before trying again, and a token request carries out nothing
    /// of the kind. If the provider did act on it (issued tokens, rotated the refresh
    /// token) and only the answer was lost, trying again fails with `invalid_grant`,
    /// which ends the session: the user logs in again.
    pub(crate) async fn send_token_request(
        &self,
        mut request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
        request.timeout_ms = self.timeout_ms;
        request.max_response_bytes = self.max_response_bytes;
        self.send_once(request, Lost::Harmless).await
    }

    async fn send_once(&self, request: HttpRequest, lost: Lost) -> Result<HttpResponse, Error> {
        // The limiter and the rate-limit status are the API server's: a request to
        // another server (a provider's token endpoint elsewhere) neither waits for
        // them nor changes them.
        let ours = origin(&request.url).eq_ignore_ascii_case(&self.origin);
        let limiter = self.limiter.as_ref().filter(|_| ours);
        if let Some(limiter) = limiter {
            let mut wait = limiter.borrow_mut().reserve(self.transport.now_ms());
            // A 429 that came while this call waited holds it too.
            while wait > 0 {
                self.transport.sleep(wait).await;
                wait = limiter.borrow().held_ms(self.transport.now_ms());
            }
        }
        let url = request.url.clone();
        let method = request.method;
        let max = request.max_response_bytes;
        let response = match self.transport.send(request).await {
            // The transport's limit, held here too whatever the transport.
            Ok(response) if response.body.len() > max as usize => Err(TransportError::TooLarge {
                status: response.status,
            }),
            sent => sent,
        };
        let response = response.map_err(|e| self.no_answer(method, url, e, lost))?;
        let rate_limit = RateLimit::from_response(&response);
        let remaining = rate_limit
            .as_ref()
            .and_then(|r| u64::try_from(r.remaining).ok());
        if rate_limit.is_some() && ours {
            *self.rate_limit.borrow_mut() = rate_limit;
        }
        if let Some(limiter) = limiter {
            let held = (response.status == 429)
                .then(|| response.retry_after_secs())
                .flatten();
            limiter.borrow_mut().observe(
                self.transport.now_ms(),
                remaining,
                // A 429 without Retry-After still holds the page for a moment.
                held.or((response.status == 429).then_some(1)),
            );
        }
        Ok(response)
    }

    /// The error for a request that got no answer: the crate's one mapping.
    fn no_answer(&self, method: Method, url: String, error: TransportError, lost: Lost) -> Error {
        match (lost, error) {
            // An answer came, too large to read: what the exchange did is in its
            // status, whatever the method.
            (_, TransportError::TooLarge { status }) => Error::Decode {
                status: Some(status),
                path: String::new(),
                reason: Text::AnswerTooLarge {
                    max: self.max_response_bytes,
                },
            },
            // It may have reached the exchange: say so, never resend.
            (Lost::MayHaveActed, TransportError::Timeout) => Error::UnknownOutcome {
                method: method.as_str(),
                url,
                reason: Text::NoAnswerWithin {
                    ms: self.timeout_ms,
                },
            },
            (Lost::MayHaveActed, TransportError::Network(reason)) => Error::UnknownOutcome {
                method: method.as_str(),
                url,
                reason: Text::Given(reason),
            },
            (Lost::Harmless, TransportError::Timeout) => Error::Timeout {
                url,
                after_ms: self.timeout_ms,
            },
            (Lost::Harmless, TransportError::Network(reason)) => Error::Network { url, reason },
        }
    }
}

/// `scheme://host[:port]` of an absolute URL, as written.
fn origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    &url[..end]
}
