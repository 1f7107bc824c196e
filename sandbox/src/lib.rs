//! A local exchange that speaks the Bitcoin-Central API (`../../tests/spec/`), for
//! offline development and the library's end-to-end tests.
//!
//! - [`market`] simulates a seeded, deterministic EUR market on an order [`book`].
//! - [`api`] serves it at the spec's paths, with the spec's fields, status codes and
//!   `{"errors": [...]}` bodies, localized by [`i18n`].
//! - [`limits`] counts calls per IP (`X-Ratelimit-*`, 429 past the limit).
//! - [`faults`] lets a test ask for a failure (`/_sandbox/fault/{fault}/api/...`, or
//!   queued at `/_sandbox/faults`) and counts the calls received (`/_sandbox/requests`).
//! - [`security`] puts `Content-Security-Policy`, `Referrer-Policy` and
//!   `X-Content-Type-Options` on everything served.
//! - [`authz`] is the OAuth2 server (consent page, tokens) and the bearer check of
//!   user endpoints; [`accounts`] holds the users' balances and orders.
//! - [`orders`] says what an order is (currencies, kinds, states, account
//!   operations); [`exchange`] places, settles and cancels users' orders on the
//!   market's book; [`user_api`] serves them at the spec's user paths.
//!
//! [`app`] assembles these, with CORS for pages on other origins, and serves the
//! sample page and the npm package when asked.

pub mod accounts;
pub mod api;
pub mod authz;
pub mod book;
pub mod clock;
pub mod exchange;
pub mod faults;
pub mod i18n;
pub mod limits;
pub mod market;
pub mod orders;
pub mod security;
pub mod user_api;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::http::header::{
    ACCEPT_LANGUAGE, AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, HeaderName, HeaderValue,
};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::clock::{Clock, SystemClock};
use crate::limits::RateLimiter;
use crate::market::Market;

pub const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
pub const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
pub const RETRY_AFTER: HeaderName = axum::http::header::RETRY_AFTER;

/// How decimals are written: as JSON numbers (the v1 API the spec documents) or as
/// strings (the exchange's later API versions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DecimalStyle {
    #[default]
    Number,
    String,
}

/// Everything the sandbox can be told.
#[derive(Clone)]
pub struct Config {
    /// Seeds the market simulation.
    pub seed: u64,
    /// Calls per IP per window.
    pub rate_limit: u64,
    pub rate_window_secs: u64,
    /// Milliseconds between market steps; 0 freezes the market.
    pub tick_ms: u64,
    pub decimals: DecimalStyle,
    /// Served at `/` (the sample page).
    pub www: Option<PathBuf>,
    /// Served at `/pkg/` (the built npm package).
    pub pkg: Option<PathBuf>,
    pub clock: Arc<dyn Clock>,
    /// Log one line per request to stderr (never headers, never query strings).
    pub log: bool,
    /// Where the sandbox is reached (`http://127.0.0.1:8080`): the built-in OAuth
    /// clients accept redirects to `{origin}/` and `{origin}/index.html`.
    pub origins: Vec<String>,
    /// More OAuth clients (`--client`).
    pub clients: Vec<authz::OAuthClient>,
    /// Lifetime of access tokens (the spec: 30 minutes).
    pub token_ttl_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 42,
            rate_limit: 86_400,
            rate_window_secs: 86_400,
            tick_ms: 2_000,
            decimals: DecimalStyle::Number,
            www: None,
            pkg: None,
            clock: Arc::new(SystemClock),
            log: false,
            origins: Vec::new(),
            clients: Vec::new(),
            token_ttl_secs: 1_800,
        }
    }
}

/// Shared state of a running sandbox.
#[derive(Clone)]
pub struct Sandbox(Arc<Inner>);

struct Inner {
    market: Mutex<Market>,
    limiter: Mutex<RateLimiter>,
    clock: Arc<dyn Clock>,
    decimals: DecimalStyle,
    rate_limit: u64,
    log: bool,
    auth: Mutex<authz::AuthServer>,
    accounts: Mutex<accounts::Accounts>,
    faults: Mutex<faults::Faults>,
}

impl Sandbox {
    fn new(config: &Config) -> Self {
        let now = config.clock.now_ms();
        Sandbox(Arc::new(Inner {
            market: Mutex::new(Market::new(config.seed, now, config.tick_ms)),
            limiter: Mutex::new(RateLimiter::new(config.rate_limit, config.rate_window_secs)),
            clock: config.clock.clone(),
            decimals: config.decimals,
            rate_limit: config.rate_limit,
            log: config.log,
            auth: Mutex::new(authz::AuthServer::new(
                authz::OAuthClient::registry(&config.origins, &config.clients),
                config.token_ttl_secs,
            )),
            accounts: Mutex::new(accounts::Accounts::default()),
            faults: Mutex::new(faults::Faults::default()),
        }))
    }

    /// The market, advanced to now, with the fills it made against users' orders
    /// settled on their accounts.
    pub fn market(&self) -> MutexGuard<'_, Market> {
        let mut market = lock(&self.0.market);
        market.advance_to(self.0.clock.now_ms());
        let fills = market.take_account_fills();
        if !fills.is_empty() {
            exchange::settle_market_fills(&mut self.accounts(), fills);
        }
        market
    }

    /// The market and the accounts, up to date, for a user's call. Locks are always
    /// taken in this order: the market, then the accounts.
    pub fn exchange(&self) -> (MutexGuard<'_, Market>, MutexGuard<'_, accounts::Accounts>) {
        let market = self.market();
        (market, self.accounts())
    }

    pub fn now_ms(&self) -> i64 {
        self.0.clock.now_ms()
    }

    pub fn decimals(&self) -> DecimalStyle {
        self.0.decimals
    }

    pub fn rate_limit(&self) -> u64 {
        self.0.rate_limit
    }

    pub fn limiter(&self) -> MutexGuard<'_, RateLimiter> {
        lock(&self.0.limiter)
    }

    pub fn auth(&self) -> MutexGuard<'_, authz::AuthServer> {
        lock(&self.0.auth)
    }

    /// The accounts as they are. A user's call goes through [`Sandbox::exchange`]
    /// instead, so that the market's fills are settled first.
    pub fn accounts(&self) -> MutexGuard<'_, accounts::Accounts> {
        lock(&self.0.accounts)
    }

    /// The queued faults and the count of calls received.
    pub fn faults(&self) -> MutexGuard<'_, faults::Faults> {
        lock(&self.0.faults)
    }

    /// An access token for `account` with `scopes`, without a login (the second
    /// account has none). For tests only.
    #[doc(hidden)]
    pub fn issue_token_for_tests(&self, account: usize, scopes: &[&str]) -> String {
        let now = self.now_ms();
        self.auth().issue_for_tests(account, scopes, now)
    }
}

/// A poisoned lock only means another request panicked mid-way; the data is still
/// the best we have.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The sandbox as an axum app. Serve it with
/// `into_make_service_with_connect_info::<SocketAddr>()` so calls are counted per IP.
pub fn app(config: Config) -> Router {
    app_and_sandbox(config).0
}

/// [`app`], and its shared state: for tests that reach behind the API
/// ([`Sandbox::issue_token_for_tests`]).
#[doc(hidden)]
pub fn app_and_sandbox(config: Config) -> (Router, Sandbox) {
    let sandbox = Sandbox::new(&config);
    let mut router = api::router().merge(faults::router());
    if let Some(pkg) = &config.pkg {
        router = router.nest_service("/pkg", ServeDir::new(pkg));
    }
    router = match &config.www {
        Some(www) => router.fallback_service(ServeDir::new(www)),
        None => router.fallback(api::not_found),
    };
    let api = router
        .with_state(sandbox.clone())
        .layer(middleware::from_fn_with_state(
            sandbox.clone(),
            limits::layer,
        ));
    // Faults rewrite the path, so they must run before routing: around the router,
    // not inside it (see axum's "Rewriting request URI in middleware").
    let api = tower::Layer::layer(
        &middleware::from_fn_with_state(sandbox.clone(), faults::layer),
        api,
    );
    let app = Router::new()
        .fallback_service(api)
        .layer(cors())
        // A rebuilt package shows up on reload.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(middleware::from_fn(security::layer))
        .layer(middleware::from_fn_with_state(sandbox.clone(), log));
    (app, sandbox)
}

/// Any origin may call the API and read its rate-limit headers.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE, ACCEPT_LANGUAGE])
        .expose_headers([X_RATELIMIT_LIMIT, X_RATELIMIT_REMAINING, RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

/// One line per request: method, path, status, time. Never headers (tokens) and
/// never query strings (authorization codes).
async fn log(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    if !sandbox.0.log {
        return next.run(request).await;
    }
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = match response.extensions().get::<faults::Dropped>() {
        Some(faults::Dropped) => "dropped".to_owned(),
        None => response.status().as_u16().to_string(),
    };
    eprintln!(
        "{method} {path} {status} {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// The caller's address, when the server recorded it.
pub fn client_ip(request: &Request) -> Option<std::net::IpAddr> {
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}
