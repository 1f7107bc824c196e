//! The one error type of the library.
//!
//! Every failure, whatever its source (a bad argument, the network, a status code, a
//! body that is not what the endpoint promises), is an [`Error`]. At the JS boundary it
//! becomes a `BitcoinCentralError` (a real `Error` subclass) whose `kind` is
//! [`ErrorKind::as_str`]; see `js/error.rs`.

use std::fmt;

/// What went wrong, in a form a program can branch on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An argument given to the library is not acceptable; nothing was sent.
    InvalidArgument {
        /// The argument or option refused, by its JS name (`uuid`, `timeoutMs`,
        /// `rateLimiter.burst`).
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },
    /// The request got no answer: connection refused, DNS failure, offline, or a
    /// cross-origin answer the browser refused to show (CORS).
    Network {
        /// The URL the request went to.
        url: String,
        /// What the transport reported.
        reason: String,
    },
    /// No complete answer came within the client's timeout; the request was aborted.
    Timeout {
        /// The URL the request went to.
        url: String,
        /// The timeout that fired, in milliseconds.
        after_ms: u32,
    },
    /// The server refused the call because the rate limit is reached (HTTP 429).
    RateLimited {
        /// The server's `Retry-After`, in seconds; `None` when it sent none (JS
        /// `retryAfter`).
        retry_after_secs: Option<u64>,
        /// The server's own messages; empty when it sent none.
        messages: Vec<String>,
    },
    /// The server rejected the call with its own localized messages (HTTP 400 or 422).
    Api {
        /// The HTTP status: 400 or 422.
        status: u16,
        /// The server's localized messages (its `errors`); empty when it sent none.
        messages: Vec<String>,
    },
    /// Any other unsuccessful status (404, 500, 502, ...). `messages` holds the
    /// server's `errors` when its body had them.
    Http {
        /// The HTTP status.
        status: u16,
        /// The server's `errors`; empty when the body had none.
        messages: Vec<String>,
    },
    /// The body is not what the endpoint promises: not JSON, truncated, a field of the
    /// wrong type or missing. `path` names the field (`bids[3].price`), or is empty
    /// when the body as a whole is unreadable.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// The failing field (`bids[3].price`); empty for the body as a whole.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The provider refused a login or a token request with an OAuth2 error code
    /// (RFC 6749 §4.1.2.1, §4.2.2.1, §5.2: `access_denied`, `invalid_grant`, ...; or
    /// a provider's own code, such as Bitport's numeric ones). `status` is set when it
    /// came from an HTTP answer rather than a redirect.
    OAuth {
        /// The OAuth2 error code, as the provider sent it.
        code: String,
        /// The provider's explanation (`error_description`, or its own message);
        /// `None` when it sent none.
        description: Option<String>,
        /// The HTTP status; `None` when the error came in a redirect.
        status: Option<u16>,
    },
    /// A login callback that cannot be trusted: its `state` is missing or not the one
    /// this tab sent, or no login is in progress (a reload or the back button onto a
    /// used callback). `code` says which: `state-missing`, `state-mismatch`,
    /// `no-login-in-progress`.
    Csrf {
        /// `state-missing`, `state-mismatch` or `no-login-in-progress`.
        code: &'static str,
        /// What happened, for people.
        reason: String,
    },
    /// A login callback that is not a usable answer: no access token, a token type
    /// other than bearer, a parameter given twice, a malformed value. `code` names it
    /// (`missing-access-token`, `not-bearer`, `duplicate-parameter`, ...).
    Callback {
        /// What is wrong: `missing-access-token`, `not-bearer`, ...
        code: &'static str,
        /// What happened, for people.
        reason: String,
    },
    /// A POST or DELETE got no answer (connection cut, timeout): the exchange may or
    /// may not have acted on it. The library never resends it; look for the order
    /// before trying again (`Client::find_placed_order`).
    UnknownOutcome {
        /// The request's method: `POST` or `DELETE`.
        method: &'static str,
        /// The URL the request went to.
        url: String,
        /// Why no answer came (the network error, or the timeout).
        reason: String,
    },
    /// No session to call with: `code` is `missing` (not logged in), `expired` (and
    /// it cannot be refreshed) or `invalid` (the server no longer accepts it: HTTP 401,
    /// or a refresh token that was refused).
    Session {
        /// `missing`, `expired`, `invalid`, or `missing-scope` (the session was not
        /// granted the scope the endpoint needs).
        code: &'static str,
        /// What happened, for people.
        reason: String,
        /// The HTTP status of the answer that said so (401, 403, a refused refresh);
        /// `None` when the library saw it before sending anything.
        status: Option<u16>,
    },
}

/// The kind of an [`Error`], stable across versions: programs branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// [`Error::InvalidArgument`]: `"invalid-argument"`.
    InvalidArgument,
    /// [`Error::Network`]: `"network"`.
    Network,
    /// [`Error::Timeout`]: `"timeout"`.
    Timeout,
    /// [`Error::RateLimited`]: `"rate-limited"`.
    RateLimited,
    /// [`Error::Api`]: `"api"`.
    Api,
    /// [`Error::Http`]: `"http"`.
    Http,
    /// [`Error::Decode`]: `"decode"`.
    Decode,
    /// [`Error::OAuth`]: `"oauth"`.
    OAuth,
    /// [`Error::Csrf`]: `"csrf"`.
    Csrf,
    /// [`Error::Callback`]: `"callback"`.
    Callback,
    /// [`Error::Session`]: `"session"`.
    Session,
    /// [`Error::UnknownOutcome`]: `"unknown-outcome"`.
    UnknownOutcome,
}

impl ErrorKind {
    /// The `kind` string seen from JS.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid-argument",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::RateLimited => "rate-limited",
            ErrorKind::Api => "api",
            ErrorKind::Http => "http",
            ErrorKind::Decode => "decode",
            ErrorKind::OAuth => "oauth",
            ErrorKind::Csrf => "csrf",
            ErrorKind::Callback => "callback",
            ErrorKind::Session => "session",
            ErrorKind::UnknownOutcome => "unknown-outcome",
        }
    }
}

impl Error {
    /// Which kind of error this is (JS `kind`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument { .. } => ErrorKind::InvalidArgument,
            Error::Network { .. } => ErrorKind::Network,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::RateLimited { .. } => ErrorKind::RateLimited,
            Error::Api { .. } => ErrorKind::Api,
            Error::Http { .. } => ErrorKind::Http,
            Error::Decode { .. } => ErrorKind::Decode,
            Error::OAuth { .. } => ErrorKind::OAuth,
            Error::Csrf { .. } => ErrorKind::Csrf,
            Error::Callback { .. } => ErrorKind::Callback,
            Error::Session { .. } => ErrorKind::Session,
            Error::UnknownOutcome { .. } => ErrorKind::UnknownOutcome,
        }
    }

    /// The same error with every occurrence of each secret (a token, as a server may
    /// echo it in a message) replaced by `<redacted>`. Secrets shorter than 8
    /// characters are left alone: they would match ordinary words.
    pub fn redact(self, secrets: &[&str]) -> Error {
        let secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.len() >= 8).collect();
        if secrets.is_empty() {
            return self;
        }
        let clean = |text: String| {
            secrets
                .iter()
                .fold(text, |text, secret| text.replace(secret, "<redacted>"))
        };
        let clean_all = |texts: Vec<String>| texts.into_iter().map(clean).collect();
        match self {
            Error::InvalidArgument { name, reason } => Error::InvalidArgument {
                name,
                reason: clean(reason),
            },
            Error::Network { url, reason } => Error::Network {
                url: clean(url),
                reason: clean(reason),
            },
            Error::Timeout { url, after_ms } => Error::Timeout {
                url: clean(url),
                after_ms,
            },
            Error::RateLimited {
                retry_after_secs,
                messages,
            } => Error::RateLimited {
                retry_after_secs,
                messages: clean_all(messages),
            },
            Error::Api { status, messages } => Error::Api {
                status,
                messages: clean_all(messages),
            },
            Error::Http { status, messages } => Error::Http {
                status,
                messages: clean_all(messages),
            },
            Error::Decode {
                status,
                path,
                reason,
            } => Error::Decode {
                status,
                path: clean(path),
                reason: clean(reason),
            },
            Error::OAuth {
                code,
                description,
                status,
            } => Error::OAuth {
                code: clean(code),
                description: description.map(clean),
                status,
            },
            Error::Csrf { code, reason } => Error::Csrf {
                code,
                reason: clean(reason),
            },
            Error::Callback { code, reason } => Error::Callback {
                code,
                reason: clean(reason),
            },
            Error::UnknownOutcome {
                method,
                url,
                reason,
            } => Error::UnknownOutcome {
                method,
                url: clean(url),
                reason: clean(reason),
            },
            Error::Session {
                code,
                reason,
                status,
            } => Error::Session {
                code,
                reason: clean(reason),
                status,
            },
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::RateLimited { .. } => Some(429),
            Error::Api { status, .. }
            | Error::Http { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::OAuth { status, .. } | Error::Session { status, .. } => *status,
            Error::InvalidArgument { .. }
            | Error::Network { .. }
            | Error::Timeout { .. }
            | Error::Csrf { .. }
            | Error::Callback { .. }
            | Error::UnknownOutcome { .. } => None,
        }
    }

    /// The sub-kind a program can branch on: the OAuth2 error code (`access_denied`),
    /// or the library's code for a CSRF, callback or session error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::OAuth { code, .. } => Some(code),
            Error::Csrf { code, .. }
            | Error::Callback { code, .. }
            | Error::Session { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The server's own (localized) messages; empty when it sent none.
    pub fn messages(&self) -> &[String] {
        match self {
            Error::RateLimited { messages, .. }
            | Error::Api { messages, .. }
            | Error::Http { messages, .. } => messages,
            _ => &[],
        }
    }

    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { name, reason } => write!(f, "invalid {name}: {reason}"),
            Error::Network { url, reason } => write!(
                f,
                "no answer from {url}: {reason} (connection refused, offline, or blocked by CORS)"
            ),
            Error::Timeout { url, after_ms } => {
                write!(
                    f,
                    "no answer from {url} within {after_ms} ms; the request was aborted"
                )
            }
            Error::RateLimited {
                retry_after_secs,
                messages,
            } => {
                f.write_str("rate limit reached")?;
                if let Some(secs) = retry_after_secs {
                    write!(f, "; retry in {secs} s")?;
                }
                write_messages(f, messages)
            }
            Error::Api { status, messages } => {
                write!(f, "the server rejected the request (HTTP {status})")?;
                write_messages(f, messages)
            }
            Error::Http { status, messages } => {
                write!(f, "unexpected HTTP status {status}")?;
                write_messages(f, messages)
            }
            Error::Decode {
                status,
                path,
                reason,
            } if path.is_empty() => {
                write!(f, "unreadable response (HTTP {status}): {reason}")
            }
            Error::Decode {
                status,
                path,
                reason,
            } => {
                write!(
                    f,
                    "unreadable response (HTTP {status}) at `{path}`: {reason}"
                )
            }
            Error::OAuth {
                code, description, ..
            } => {
                write!(f, "the provider refused: {code}")?;
                match description {
                    Some(text) if !text.is_empty() => write!(f, " ({text})"),
                    _ => Ok(()),
                }
            }
            Error::Csrf { reason, .. }
            | Error::Callback { reason, .. }
            | Error::Session { reason, .. } => f.write_str(reason),
            Error::UnknownOutcome {
                method,
                url,
                reason,
            } => write!(
                f,
                "no answer to {method} {url} ({reason}): the exchange may or may not have acted on it. \
                 It was not resent; look for it (findPlacedOrder) before trying again"
            ),
        }
    }
}

fn write_messages(f: &mut fmt::Formatter<'_>, messages: &[String]) -> fmt::Result {
    if messages.is_empty() {
        Ok(())
    } else {
        write!(f, ": {}", messages.join("; "))
    }
}

impl std::error::Error for Error {}
