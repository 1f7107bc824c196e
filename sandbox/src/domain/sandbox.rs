//! The state of a running sandbox: the domain's parts, each behind its lock, made
//! from the [`Config`] it was started with and shared by every request.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::domain::accounts::Accounts;
use crate::domain::authz::{self, AuthServer, OAuthClient};
use crate::domain::clock::{Clock, SystemClock};
use crate::domain::exchange;
use crate::domain::faults::Faults;
use crate::domain::limits::RateLimiter;
use crate::domain::market::Market;

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
    /// clients accept redirects to `{origin}/` and `{origin}/index.html`, and the test
    /// page is `{origin}/page/oauth/test`.
    pub origins: Vec<String>,
    /// More OAuth clients (`--client`).
    pub clients: Vec<OAuthClient>,
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
    auth: Mutex<AuthServer>,
    accounts: Mutex<Accounts>,
    faults: Mutex<Faults>,
}

impl Sandbox {
    pub(crate) fn new(config: &Config) -> Self {
        let now = config.clock.now_ms();
        Sandbox(Arc::new(Inner {
            market: Mutex::new(Market::new(config.seed, now, config.tick_ms)),
            limiter: Mutex::new(RateLimiter::new(config.rate_limit, config.rate_window_secs)),
            clock: config.clock.clone(),
            decimals: config.decimals,
            rate_limit: config.rate_limit,
            log: config.log,
            auth: Mutex::new(AuthServer::new(
                OAuthClient::registry(&config.origins, &config.clients),
                authz::test_uris(&config.origins),
                config.token_ttl_secs,
            )),
            accounts: Mutex::new(Accounts::default()),
            faults: Mutex::new(Faults::default()),
        }))
    }

    /// The market, advanced to now, with the queued limit orders taken first (as of
    /// when they were placed) and the fills it made against users' orders settled on
    /// their accounts. Every answer that shows the book, the trades or an account is
    /// made after this, so a new order is `pending_execution` only in the answer to
    /// its own POST.
    pub fn market(&self) -> MutexGuard<'_, Market> {
        let mut market = lock(&self.0.market);
        exchange::execute_queued(&mut market, &mut self.accounts());
        market.advance_to(self.0.clock.now_ms());
        let fills = market.take_account_fills();
        if !fills.is_empty() {
            exchange::settle_market_fills(&mut self.accounts(), fills);
        }
        market
    }

    /// The market and the accounts, up to date, for a user's call. Locks are always
    /// taken in this order: the market, then the accounts.
    pub fn exchange(&self) -> (MutexGuard<'_, Market>, MutexGuard<'_, Accounts>) {
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

    /// Whether to log one line per request.
    pub fn logs(&self) -> bool {
        self.0.log
    }

    pub fn limiter(&self) -> MutexGuard<'_, RateLimiter> {
        lock(&self.0.limiter)
    }

    pub fn auth(&self) -> MutexGuard<'_, AuthServer> {
        lock(&self.0.auth)
    }

    /// The accounts as they are. A user's call goes through [`Sandbox::exchange`]
    /// instead, so that the market's fills are settled first.
    pub fn accounts(&self) -> MutexGuard<'_, Accounts> {
        lock(&self.0.accounts)
    }

    /// The queued faults and the count of calls received.
    pub fn faults(&self) -> MutexGuard<'_, Faults> {
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
