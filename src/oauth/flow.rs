//! The login flows and the session's life: start a login, complete it from the
//! callback, exchange codes, refresh (single-flight, with rotation), log out.
//!
//! Everything the browser provides comes through two small traits, [`Platform`]
//! (clock, randomness, SHA-256) and [`Store`] (sessionStorage and friends), plus a
//! [`Transport`], so the whole flow runs in host tests. Token requests go out through
//! a [`Sender`]: the client's once [`OAuth::send_through`] ties them to it.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

use futures_channel::oneshot;

use crate::config::Config;
use crate::error::{Error, Text};
use crate::http::{HttpRequest, Method, Transport};
use crate::oauth::callback::{Callback, parse_callback};
use crate::oauth::options::OAuthConfig;
use crate::oauth::pkce::{self, RANDOM_BYTES};
use crate::oauth::provider::ResponseType;
use crate::oauth::session::{PENDING_TTL_MS, PendingLogin, Session};
use crate::oauth::token::{Grant, read_grant};
use crate::send::Sender;

/// What the flows need from their surroundings.
pub trait Platform {
    /// Unix milliseconds.
    fn now_ms(&self) -> f64;
    /// Cryptographically secure random bytes.
    fn random_bytes(&self, buffer: &mut [u8]) -> Result<(), Error>;
    /// SHA-256 of `data`.
    fn sha256(&self, data: &[u8]) -> impl Future<Output = Result<Vec<u8>, Error>>;

    /// Runs `work` holding the lock `name` against the other tabs of the origin (the
    /// browser's Web Locks), so that two tabs sharing a session do not both refresh
    /// it: a provider that rotates refresh tokens revokes the whole login when a
    /// rotated one comes back (RFC 9700 §4.14.2). Without such locks, it just runs.
    fn exclusive<T>(&self, name: &str, work: impl Future<Output = T>) -> impl Future<Output = T> {
        let _ = name;
        work
    }
}

/// A string store (sessionStorage, localStorage, memory).
pub trait Store {
    /// The value kept under `key`; `None` when there is none.
    fn get(&self, key: &str) -> Option<String>;
    /// Keeps `value` under `key`, replacing any; an error when the store refuses it
    /// (full, or blocked by the browser).
    fn set(&self, key: &str, value: &str) -> Result<(), Error>;
    /// Forgets `key`, if it is kept.
    fn remove(&self, key: &str);
}

/// A store in memory.
#[derive(Debug, Default)]
pub struct MemoryStore(RefCell<Vec<(String, String)>>);

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        self.remove(key);
        self.0.borrow_mut().push((key.to_owned(), value.to_owned()));
        Ok(())
    }

    fn remove(&self, key: &str) {
        self.0.borrow_mut().retain(|(k, _)| k != key);
    }
}

impl<S: Store + ?Sized> Store for Box<S> {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), Error> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) {
        (**self).remove(key)
    }
}

type Waiters = Vec<oneshot::Sender<Result<Session, Error>>>;

/// One OAuth configuration at work.
pub struct OAuth<T, P> {
    config: OAuthConfig,
    /// Where token requests go out: a sender of its own (the default [`Config`]'s
    /// timeout, no limiter) until [`OAuth::send_through`] gives it a client's. Cloned
    /// out before each request, never borrowed across an `.await`.
    sender: RefCell<Rc<Sender<T>>>,
    platform: P,
    /// Where the session lives (sessionStorage by default).
    sessions: Box<dyn Store>,
    /// Where logins in progress live: sessionStorage in a page, since they must
    /// survive the trip to the provider and belong to this tab; memory in a worker.
    pending: Box<dyn Store>,
    /// The session, once read from storage.
    current: RefCell<Option<Session>>,
    /// `Some` while a refresh runs: the callers waiting for it.
    refreshing: RefCell<Option<Waiters>>,
    /// The last Coins.ph nonce sent.
    last_nonce: Cell<u64>,
}

impl<T: Transport, P: Platform> OAuth<T, P> {
    /// Sends its token requests over `transport` with the default [`Config`]'s
    /// timeout, until [`OAuth::send_through`] ties them to a client.
    pub fn new(
        config: OAuthConfig,
        transport: T,
        platform: P,
        sessions: Box<dyn Store>,
        pending: Box<dyn Store>,
    ) -> Self {
        OAuth {
            config,
            sender: RefCell::new(Rc::new(Sender::new(&Config::default(), transport))),
            platform,
            sessions,
            pending,
            current: RefCell::new(None),
            refreshing: RefCell::new(None),
            last_nonce: Cell::new(0),
        }
    }

    /// The checked configuration it was made with.
    pub fn config(&self) -> &OAuthConfig {
        &self.config
    }

    /// Sends the token requests from now on (code exchange, refresh, user-code grant)
    /// through `sender`, a client's ([`crate::GenericClient::sender`]): with its
    /// timeout and, when the token endpoint is on the client's server, its limiter and
    /// rate-limit status. A request already under way finishes where it started.
    ///
    /// ```ignore
    /// oauth.send_through(client.sender());
    /// let user = client.user(&oauth).await?; // a refresh it needs goes the same way
    /// ```
    pub fn send_through(&self, sender: Rc<Sender<T>>) {
        *self.sender.borrow_mut() = sender;
    }

    fn random_string(&self) -> Result<String, Error> {
        let mut bytes = [0u8; RANDOM_BYTES];
        self.platform.random_bytes(&mut bytes)?;
        Ok(pkce::from_random(&bytes))
    }

    /// Starts a login: a fresh one-time `state` (and a PKCE verifier for the code
    /// flow) kept for the callback, and the URL to send the user to.
    pub async fn start_login(&self) -> Result<String, Error> {
        let state = self.random_string()?;
        let (verifier, challenge) = match self.config.flow {
            ResponseType::Code => {
                let verifier = self.random_string()?;
                let digest = self.platform.sha256(verifier.as_bytes()).await?;
                let challenge = pkce::challenge(&digest);
                (Some(verifier), Some(challenge))
            }
            ResponseType::Token => (None, None),
        };
        let pending = PendingLogin {
            state: state.clone(),
            flow: self.config.flow.as_str().to_owned(),
            code_verifier: verifier,
            redirect_uri: self.config.redirect_uri.clone(),
            scopes: self.config.scopes.clone(),
            started_at: self.platform.now_ms(),
        };
        self.pending
            .set(&self.config.storage_key("pending"), &pending.to_json())?;
        Ok(self.config.authorize_url(&state, challenge.as_deref()))
    }

    /// The login in progress, taken: it can complete once only.
    fn take_pending(&self) -> Result<PendingLogin, Error> {
        let key = self.config.storage_key("pending");
        let text = self.pending.get(&key);
        self.pending.remove(&key);
        let pending: PendingLogin = text
            .and_then(|t| PendingLogin::from_json(t.as_bytes()).ok())
            .ok_or(Error::Csrf {
                code: "no-login-in-progress",
                reason: Text::NoLoginInProgress,
            })?;
        if self.platform.now_ms() - pending.started_at > PENDING_TTL_MS {
            return Err(Error::Csrf {
                code: "no-login-in-progress",
                reason: Text::LoginTooOld,
            });
        }
        Ok(pending)
    }

    /// Completes a login from its callback URL: verifies it against the login in
    /// progress (which is used up, success or not), exchanges a code, and keeps the
    /// session.
    pub async fn complete_login(&self, url: &str) -> Result<Session, Error> {
        let pending = self.take_pending()?;
        let flow = ResponseType::parse(&pending.flow).unwrap_or(self.config.flow);
        let callback = parse_callback(url, &pending.state, flow, &self.config.quirks)?;
        let session = match callback {
            Callback::Token {
                access_token,
                token_type,
                scopes,
                expires_in,
            } => Session {
                provider: self.config.quirks.id.to_owned(),
                access_token,
                token_type,
                scopes: scopes.unwrap_or(pending.scopes),
                expires_at: expires_in.map(|s| self.platform.now_ms() + s as f64 * 1000.0),
                refresh_token: None,
                secret_key: None,
            },
            Callback::Code { code } => {
                let mut form = vec![
                    ("grant_type", "authorization_code".to_owned()),
                    ("code", code),
                    ("redirect_uri", pending.redirect_uri.clone()),
                    ("client_id", self.config.client_id.clone()),
                ];
                if let Some(verifier) = pending.code_verifier {
                    form.push(("code_verifier", verifier));
                }
                let grant = self.token_request(&form).await?;
                self.session_from(grant, pending.scopes)
            }
        };
        self.keep(&session)?;
        Ok(session)
    }

    /// Bitport's user-code grant: the code the user copied from the provider's page.
    pub async fn exchange_user_code(&self, code: &str) -> Result<Session, Error> {
        if !self.config.quirks.user_code_grant {
            return Err(Error::InvalidArgument {
                name: "code",
                reason: Text::NoUserCodeGrant {
                    provider: self.config.quirks.name,
                },
            });
        }
        let code = code.trim();
        if code.is_empty() || code.len() > 1024 {
            return Err(Error::InvalidArgument {
                name: "code",
                reason: Text::BadUserCode,
            });
        }
        let form = [
            ("grant_type", "code".to_owned()),
            ("code", code.to_owned()),
            ("client_id", self.config.client_id.clone()),
        ];
        let grant = self.token_request(&form).await?;
        let session = self.session_from(grant, self.config.scopes.clone());
        self.keep(&session)?;
        Ok(session)
    }

    fn session_from(&self, grant: Grant, requested: Vec<String>) -> Session {
        Session {
            provider: self.config.quirks.id.to_owned(),
            access_token: grant.access_token,
            token_type: grant.token_type,
            scopes: grant.scopes.unwrap_or(requested),
            expires_at: grant
                .expires_in
                .map(|s| self.platform.now_ms() + s as f64 * 1000.0),
            refresh_token: grant.refresh_token,
            secret_key: grant.secret_key,
        }
    }

    async fn token_request(&self, form: &[(&str, String)]) -> Result<Grant, Error> {
        let url = self
            .config
            .token_url
            .clone()
            .ok_or(Error::InvalidArgument {
                name: "tokenUrl",
                reason: Text::NoTokenEndpoint,
            })?;
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (key, value) in form {
            body.append_pair(key, value);
        }
        let sender = Rc::clone(&self.sender.borrow());
        let request = HttpRequest {
            method: Method::Post,
            url,
            headers: vec![
                ("Accept", "application/json".to_owned()),
                (
                    "Content-Type",
                    "application/x-www-form-urlencoded".to_owned(),
                ),
            ],
            body: Some(body.finish()),
            timeout_ms: sender.timeout_ms(),
            max_response_bytes: sender.max_response_bytes(),
        };
        let response = sender.send_token_request(request).await?;
        read_grant(&self.config.quirks, &response)
    }

    fn keep(&self, session: &Session) -> Result<(), Error> {
        self.sessions
            .set(&self.config.storage_key("session"), &session.to_json())?;
        *self.current.borrow_mut() = Some(session.clone());
        Ok(())
    }

    /// The session kept, expired or not; `None` when logged out.
    pub fn session(&self) -> Option<Session> {
        if let Some(session) = self.current.borrow().as_ref() {
            return Some(session.clone());
        }
        self.reload()
    }

    /// The session as the store has it now (another tab may have renewed it), kept
    /// as the current one.
    fn reload(&self) -> Option<Session> {
        let stored: Option<Session> = self
            .sessions
            .get(&self.config.storage_key("session"))
            .and_then(|text| Session::from_json(text.as_bytes()).ok());
        self.current.borrow_mut().clone_from(&stored);
        stored
    }

    /// A session fit to call with: refreshed first when it is expired (or about to
    /// be) and can be; otherwise a `session` error. No request leaves with a token
    /// known to be expired.
    pub async fn valid_session(&self) -> Result<Session, Error> {
        let session = self.session().ok_or(Error::Session {
            code: "missing",
            reason: Text::NotLoggedIn,
            status: None,
        })?;
        if !session.is_expired(self.platform.now_ms()) {
            return Ok(session);
        }
        if session.refresh_token.is_none() {
            return Err(Error::Session {
                code: "expired",
                reason: Text::SessionExpired,
                status: None,
            });
        }
        self.refresh().await
    }

    /// Renews the session with its refresh token. Concurrent callers share one
    /// request (the provider rotates refresh tokens: a second request with the old
    /// one would fail and could revoke the session).
    pub async fn refresh(&self) -> Result<Session, Error> {
        let waiting = {
            let mut refreshing = self.refreshing.borrow_mut();
            match refreshing.as_mut() {
                Some(waiters) => {
                    let (sender, receiver) = oneshot::channel();
                    waiters.push(sender);
                    Some(receiver)
                }
                None => {
                    *refreshing = Some(Vec::new());
                    None
                }
            }
        };
        if let Some(receiver) = waiting {
            return receiver.await.unwrap_or({
                Err(Error::Session {
                    code: "invalid",
                    reason: Text::RefreshAbandoned,
                    status: None,
                })
            });
        }
        // Wakes the waiters even if this future is dropped half-way.
        let guard = RefreshGuard(&self.refreshing);
        let result = self.refresh_now().await;
        for waiter in guard.finish() {
            let _ = waiter.send(result.clone());
        }
        result
    }

    /// The refresh, one tab at a time: a tab that waited for the lock finds the
    /// session another tab renewed meanwhile (its refresh token rotated) and takes it,
    /// rather than sending the rotated one again.
    async fn refresh_now(&self) -> Result<Session, Error> {
        let before = self.session().and_then(|s| s.refresh_token);
        let lock = self.config.storage_key("refresh");
        self.platform
            .exclusive(&lock, async {
                match self.reload() {
                    Some(now) if before.is_some() && now.refresh_token != before => Ok(now),
                    _ => self.refresh_alone().await,
                }
            })
            .await
    }

    async fn refresh_alone(&self) -> Result<Session, Error> {
        let session = self.session().ok_or(Error::Session {
            code: "missing",
            reason: Text::NotLoggedIn,
            status: None,
        })?;
        let refresh_token = session.refresh_token.clone().ok_or(Error::Session {
            code: "expired",
            reason: Text::NoRefreshToken,
            status: None,
        })?;
        let form = [
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", refresh_token),
            ("client_id", self.config.client_id.clone()),
            ("redirect_uri", self.config.redirect_uri.clone()),
        ];
        let secrets = [
            session.access_token.as_str(),
            session.refresh_token.as_deref().unwrap_or_default(),
        ];
        match self
            .token_request(&form)
            .await
            .map_err(|e| e.redact(&secrets))
        {
            Ok(grant) => {
                let mut renewed = self.session_from(grant, session.scopes.clone());
                // A provider that does not rotate keeps the old refresh token valid.
                if renewed.refresh_token.is_none() {
                    renewed.refresh_token = session.refresh_token;
                }
                self.keep(&renewed)?;
                Ok(renewed)
            }
            Err(Error::OAuth {
                code,
                description,
                status,
            }) if code == "invalid_grant" => {
                // The refresh token is dead (rotated, revoked or expired): so is the session.
                self.logout();
                Err(Error::Session {
                    code: "invalid",
                    reason: Text::RefreshRefused { description },
                    status,
                })
            }
            Err(other) => Err(other),
        }
    }

    /// Forgets the session and any login in progress.
    pub fn logout(&self) {
        self.sessions.remove(&self.config.storage_key("session"));
        self.pending.remove(&self.config.storage_key("pending"));
        *self.current.borrow_mut() = None;
    }

    /// Drops the in-memory copy of the session, so the next read takes the store's:
    /// another tab changed it (refreshed, logged in, or logged out).
    pub fn forget_cached(&self) {
        *self.current.borrow_mut() = None;
    }

    /// The server refused the session (HTTP 401): forget it and say so.
    pub fn rejected(&self, status: u16) -> Error {
        self.logout();
        Error::Session {
            code: "invalid",
            reason: Text::SessionRejected,
            status: Some(status),
        }
    }

    /// The headers an authenticated request needs with this provider: the bearer
    /// token, and Coins.ph's strictly increasing `nonce`.
    pub fn auth_headers(&self, session: &Session) -> Vec<(&'static str, String)> {
        let mut headers = vec![("Authorization", format!("Bearer {}", session.access_token))];
        if self.config.quirks.nonce_header {
            // Microseconds, and never the same or lower twice, even within one tick.
            let now = (self.platform.now_ms() * 1000.0) as u64;
            let nonce = now.max(self.last_nonce.get() + 1);
            self.last_nonce.set(nonce);
            headers.push(("nonce", nonce.to_string()));
        }
        headers
    }
}

/// A session, checked and ready for a call.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorized {
    /// `Authorization` (and whatever else the provider wants).
    pub headers: Vec<(&'static str, String)>,
    /// The session's scopes.
    pub scopes: Vec<String>,
    /// The session's tokens, to be redacted from any error the call returns.
    pub secrets: Vec<String>,
}

impl std::fmt::Debug for Authorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorized")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// What an authenticated call needs from a session: its headers, once checked.
pub trait Authenticator {
    /// A session fit for a call: fails, without sending anything, when there is none
    /// or when it expired and cannot be refreshed.
    fn authorize(&self) -> impl Future<Output = Result<Authorized, Error>>;

    /// The server answered 401: the session is over.
    fn rejected(&self, status: u16) -> Error;

    /// The origin the session's tokens may be sent to (`https://bitcoin-central.net`).
    fn origin(&self) -> &str;
}

impl<T: Transport, P: Platform> Authenticator for OAuth<T, P> {
    async fn authorize(&self) -> Result<Authorized, Error> {
        let session = self.valid_session().await?;
        let mut secrets = vec![session.access_token.clone()];
        secrets.extend(session.refresh_token.clone());
        secrets.extend(session.secret_key.clone());
        Ok(Authorized {
            headers: self.auth_headers(&session),
            scopes: session.scopes,
            secrets,
        })
    }

    fn rejected(&self, status: u16) -> Error {
        OAuth::rejected(self, status)
    }

    fn origin(&self) -> &str {
        &self.config.resource_origin
    }
}

impl<A: Authenticator> Authenticator for Rc<A> {
    fn authorize(&self) -> impl Future<Output = Result<Authorized, Error>> {
        (**self).authorize()
    }

    fn rejected(&self, status: u16) -> Error {
        (**self).rejected(status)
    }

    fn origin(&self) -> &str {
        (**self).origin()
    }
}

/// Ends a refresh: hands back its waiters, and on drop (the refreshing future was
/// abandoned) releases them so they do not wait forever.
struct RefreshGuard<'a>(&'a RefCell<Option<Waiters>>);

impl RefreshGuard<'_> {
    fn finish(self) -> Waiters {
        let waiters = self.0.borrow_mut().take().unwrap_or_default();
        std::mem::forget(self);
        waiters
    }
}

impl Drop for RefreshGuard<'_> {
    fn drop(&mut self) {
        self.0.borrow_mut().take();
    }
}
