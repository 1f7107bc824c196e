//! The one error type of the library.
//!
//! Every failure, whatever its source (a bad argument, the network, a status code, a
//! body that is not what the endpoint promises), is an [`Error`]. At the JS boundary it
//! becomes a `BitcoinCentralError` (a real `Error` subclass) whose `kind` is
//! [`ErrorKind::as_str`]; see `js/error.rs`.

use std::fmt;

use crate::config::Locale;
pub use crate::messages::Text;

/// What went wrong, in a form a program can branch on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An argument given to the library is not acceptable; nothing was sent.
    InvalidArgument {
        /// The argument or option refused, by its JS name (`uuid`, `timeoutMs`,
        /// `rateLimiter.burst`).
        name: &'static str,
        /// Why it was refused.
        reason: Text,
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
        status: Option<u16>,
        /// The failing field (`bids[3].price`); empty for the body as a whole.
        path: String,
        /// What is wrong with it.
        reason: Text,
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
        reason: Text,
    },
    /// A login callback that is not a usable answer: no access token, a token type
    /// other than bearer, a parameter given twice, a malformed value. `code` names it
    /// (`missing-access-token`, `not-bearer`, `duplicate-parameter`, ...).
    Callback {
        /// What is wrong: `missing-access-token`, `not-bearer`, ...
        code: &'static str,
        /// What happened, for people.
        reason: Text,
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
        reason: Text,
    },
    /// No session to call with: `code` is `missing` (not logged in), `expired` (and
    /// it cannot be refreshed), `invalid` (the server no longer accepts it: HTTP 401,
    /// or a refresh token that was refused) or `wrong-origin` (the session is for
    /// another origin than the client's: nothing was sent).
    Session {
        /// `missing`, `expired`, `invalid`, `missing-scope` (the session was not
        /// granted the scope the endpoint needs) or `wrong-origin`.
        code: &'static str,
        /// What happened, for people.
        reason: Text,
        /// The HTTP status of the answer that said so (401, 403, a refused refresh);
        /// `None` when the library saw it before sending anything.
        status: Option<u16>,
    },
    /// The real-time stream: a frame it could not read, an event it does not know, a
    /// socket that closed or stopped answering. `code` names it: `malformed-frame`,
    /// `frame-too-large`, `unknown-event`, `unknown-level`, `no-pong`, `no-handshake`,
    /// `namespace-refused`, `no-channel`, `no-websocket` (none in this JS environment), `closed`. A stream reports these as `error` events and
    /// recovers on its own (reading the book again, or reconnecting).
    Stream {
        /// What happened: `malformed-frame`, `no-pong`, ...
        code: &'static str,
        /// What happened, for people.
        reason: Text,
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
    /// [`Error::Stream`]: `"stream"`.
    Stream,
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
            ErrorKind::Stream => "stream",
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
            Error::Stream { .. } => ErrorKind::Stream,
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
        let text = |reason: Text| reason.map_strings(&clean);
        match self {
            Error::InvalidArgument { name, reason } => Error::InvalidArgument {
                name,
                reason: text(reason),
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
                reason: text(reason),
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
                reason: text(reason),
            },
            Error::Callback { code, reason } => Error::Callback {
                code,
                reason: text(reason),
            },
            Error::Stream { code, reason } => Error::Stream {
                code,
                reason: text(reason),
            },
            Error::UnknownOutcome {
                method,
                url,
                reason,
            } => Error::UnknownOutcome {
                method,
                url: clean(url),
                reason: text(reason),
            },
            Error::Session {
                code,
                reason,
                status,
            } => Error::Session {
                code,
                reason: text(reason),
                status,
            },
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::RateLimited { .. } => Some(429),
            Error::Api { status, .. } | Error::Http { status, .. } => Some(*status),
            Error::Decode { status, .. }
            | Error::OAuth { status, .. }
            | Error::Session { status, .. } => *status,
            Error::InvalidArgument { .. }
            | Error::Network { .. }
            | Error::Timeout { .. }
            | Error::Csrf { .. }
            | Error::Callback { .. }
            | Error::Stream { .. }
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
            | Error::Stream { code, .. }
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

    pub(crate) fn invalid(name: &'static str, reason: Text) -> Self {
        Error::InvalidArgument { name, reason }
    }

    /// The error in words, in `locale` (`Display` is English): the library's own
    /// sentences from its catalogue ([`Text`]), the server's messages as it sent them.
    pub fn message(&self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        let messages = |said: &[String]| {
            if said.is_empty() {
                String::new()
            } else if fr {
                format!(" : {}", said.join(" ; "))
            } else {
                format!(": {}", said.join("; "))
            }
        };
        match self {
            Error::InvalidArgument { name, reason } => invalid_message(name, reason, locale),
            Error::Network { url, reason } if fr => format!(
                "pas de réponse de {url} : {reason} (connexion refusée, hors ligne, ou bloquée par CORS)"
            ),
            Error::Network { url, reason } => format!(
                "no answer from {url}: {reason} (connection refused, offline, or blocked by CORS)"
            ),
            Error::Timeout { url, after_ms } if fr => format!(
                "pas de réponse complète de {url} en {after_ms} ms ; la requête a été abandonnée"
            ),
            Error::Timeout { url, after_ms } => {
                format!("no answer from {url} within {after_ms} ms; the request was aborted")
            }
            Error::RateLimited {
                retry_after_secs,
                messages: said,
            } => {
                let retry = match (retry_after_secs, fr) {
                    (Some(secs), true) => format!(" ; réessayez dans {secs} s"),
                    (Some(secs), false) => format!("; retry in {secs} s"),
                    (None, _) => String::new(),
                };
                let head = if fr {
                    "limite de requêtes atteinte"
                } else {
                    "rate limit reached"
                };
                format!("{head}{retry}{}", messages(said))
            }
            Error::Api {
                status,
                messages: said,
            } if fr => format!(
                "le serveur a refusé la requête (HTTP {status}){}",
                messages(said)
            ),
            Error::Api {
                status,
                messages: said,
            } => format!(
                "the server rejected the request (HTTP {status}){}",
                messages(said)
            ),
            Error::Http {
                status,
                messages: said,
            } if fr => format!("statut HTTP inattendu : {status}{}", messages(said)),
            Error::Http {
                status,
                messages: said,
            } => format!("unexpected HTTP status {status}{}", messages(said)),
            Error::Decode {
                status,
                path,
                reason,
            } => {
                let what = match (status, fr) {
                    (Some(status), true) => format!("réponse illisible (HTTP {status})"),
                    (Some(status), false) => format!("unreadable response (HTTP {status})"),
                    (None, true) => "texte illisible".to_owned(),
                    (None, false) => "unreadable body".to_owned(),
                };
                let at = match (path.is_empty(), fr) {
                    (true, _) => String::new(),
                    (false, true) => format!(" à `{path}`"),
                    (false, false) => format!(" at `{path}`"),
                };
                let colon = if fr { " :" } else { ":" };
                format!("{what}{at}{colon} {}", reason.text(locale))
            }
            Error::OAuth {
                code, description, ..
            } => {
                let head = if fr {
                    format!("le fournisseur a refusé : {code}")
                } else {
                    format!("the provider refused: {code}")
                };
                match description {
                    Some(text) if !text.is_empty() => format!("{head} ({text})"),
                    _ => head,
                }
            }
            Error::Csrf { reason, .. }
            | Error::Callback { reason, .. }
            | Error::Stream { reason, .. }
            | Error::Session { reason, .. } => reason.text(locale),
            Error::UnknownOutcome {
                method,
                url,
                reason,
            } if fr => format!(
                "pas de réponse à {method} {url} ({}) : la plateforme a pu ou non l'exécuter. \
                 La requête n'a pas été renvoyée ; cherchez-la (findPlacedOrder) avant de réessayer",
                reason.text(locale)
            ),
            Error::UnknownOutcome {
                method,
                url,
                reason,
            } => format!(
                "no answer to {method} {url} ({}): the exchange may or may not have acted on it. \
                 It was not resent; look for it (findPlacedOrder) before trying again",
                reason.text(locale)
            ),
        }
    }
}

/// An `invalid-argument` error's message, on `name` (which JS may qualify:
/// `options.timeoutMs`).
pub(crate) fn invalid_message(name: &str, reason: &Text, locale: Locale) -> String {
    match locale {
        Locale::Fr => format!("{name} refusé : {}", reason.text(locale)),
        Locale::En => format!("invalid {name}: {}", reason.text(locale)),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for Error {}
