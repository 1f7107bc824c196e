//! The state of a running sandbox: the domain's parts, each behind its lock, made
//! from the [`Config`] it was started with and shared by every request.

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use tokio::sync::broadcast;

use crate::domain::accounts::{Accounts, Balances};
use crate::domain::authz::{self, AuthServer, OAuthClient};
use crate::domain::clock::{Clock, SystemClock};
use crate::domain::exchange;
use crate::domain::faults::Faults;
use crate::domain::limits::RateLimiter;
use crate::domain::market::{Market, Summary};
use crate::domain::stream::{AccountsMark, MarketEvent, MarketMark, UserEvent};

/// Events a slow stream socket may fall behind by before it is closed (it then
/// missed some, and must start again from the REST answers).
const STREAM_BACKLOG: usize = 1024;

/// How decimals are written: as JSON numbers (the v1 API the spec documents) or as
/// strings (the exchange's later API versions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DecimalStyle {
    #[default]
    Number,
    String,
}

/// How the stream sends a level that is gone: amount `0` (the exchange's later
/// documents) or `null` (its 2014 ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RemovedLevel {
    #[default]
    Zero,
    Null,
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
    /// The stream's Engine.IO `pingInterval`, in milliseconds.
    pub ping_interval_ms: u64,
    /// The stream's Engine.IO `pingTimeout`: a socket that sends nothing for
    /// `pingInterval + pingTimeout` is closed.
    pub ping_timeout_ms: u64,
    /// How the stream sends a removed level.
    pub stream_removed: RemovedLevel,
    /// Origins the developer trusts (`--trust-origin`, `http://127.0.0.1:9999`): they
    /// may read every answer, with credentials (CORS), and post the consent form.
    pub trusted_origins: Vec<String>,
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
            ping_interval_ms: 25_000,
            ping_timeout_ms: 60_000,
            stream_removed: RemovedLevel::Zero,
            trusted_origins: Vec::new(),
        }
    }
}

/// Shared state of a running sandbox.
#[derive(Clone)]
pub struct Sandbox(Arc<Inner>);

/// What the stream's sockets are told to do, from the [`Config`].
#[derive(Debug, Clone, Copy)]
pub struct StreamSettings {
    pub ping_interval_ms: u64,
    pub ping_timeout_ms: u64,
    pub removed: RemovedLevel,
    /// The market's step (0: frozen): how often the stream's ticker moves it.
    pub tick_ms: u64,
}

/// The market, and the last ticker the stream sent.
struct Tracked {
    market: Market,
    published: Option<Summary>,
}

struct Inner {
    market: Mutex<Tracked>,
    limiter: Mutex<RateLimiter>,
    clock: Arc<dyn Clock>,
    decimals: DecimalStyle,
    rate_limit: u64,
    log: bool,
    auth: Mutex<AuthServer>,
    accounts: Mutex<Accounts>,
    faults: Mutex<Faults>,
    /// The `/public` namespace's events.
    public: broadcast::Sender<Arc<MarketEvent>>,
    /// The `/user` namespace's events, every account's (each socket keeps its own).
    user: broadcast::Sender<Arc<UserEvent>>,
    stream: StreamSettings,
    /// Whether the task that moves the market for the stream has been started.
    ticking: AtomicBool,
    /// Where the sandbox is reached ([`Config::origins`]).
    origins: Vec<String>,
    trusted_origins: Vec<String>,
}

impl Sandbox {
    pub(crate) fn new(config: &Config) -> Self {
        let now = config.clock.now_ms();
        Sandbox(Arc::new(Inner {
            market: Mutex::new(Tracked {
                market: Market::new(config.seed, now, config.tick_ms),
                published: None,
            }),
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
            public: broadcast::channel(STREAM_BACKLOG).0,
            user: broadcast::channel(STREAM_BACKLOG).0,
            stream: StreamSettings {
                ping_interval_ms: config.ping_interval_ms,
                ping_timeout_ms: config.ping_timeout_ms,
                removed: config.stream_removed,
                tick_ms: config.tick_ms,
            },
            ticking: AtomicBool::new(false),
            origins: config.origins.clone(),
            trusted_origins: config.trusted_origins.clone(),
        }))
    }

    /// The market, advanced to now, with the queued limit orders taken first (as of
    /// when they were placed) and the fills it made against users' orders settled on
    /// their accounts. Every answer that shows the book, the trades or an account is
    /// made after this, so a new order is `pending_execution` only in the answer to
    /// its own POST.
    ///
    /// Whatever the holder of the guard changes, and whatever this catching up changed,
    /// is published on the stream's `/public` namespace when the guard is dropped,
    /// before the lock is released ([`MarketGuard`]).
    pub fn market(&self) -> MarketGuard<'_> {
        let mut market = MarketGuard::new(lock(&self.0.market), &self.0.public);
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
    pub fn exchange(&self) -> (MarketGuard<'_>, AccountsGuard<'_>) {
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

    /// Whether `origin` (an `Origin` header) is one the developer trusts.
    pub fn trusts_origin(&self, origin: &str) -> bool {
        self.0.trusted_origins.iter().any(|o| o == origin)
    }

    /// Whether any origin is trusted (answers then vary by `Origin`).
    pub fn has_trusted_origins(&self) -> bool {
        !self.0.trusted_origins.is_empty()
    }

    /// Whether `origin` (an `Origin` header) is this sandbox's own.
    pub fn is_own_origin(&self, origin: &str) -> bool {
        self.0.origins.iter().any(|o| o == origin)
    }

    pub fn limiter(&self) -> MutexGuard<'_, RateLimiter> {
        lock(&self.0.limiter)
    }

    pub fn auth(&self) -> MutexGuard<'_, AuthServer> {
        lock(&self.0.auth)
    }

    /// The accounts as they are. A user's call goes through [`Sandbox::exchange`]
    /// instead, so that the market's fills are settled first.
    ///
    /// What the holder changes is published on the stream's `/user` namespace when
    /// the guard is dropped, before the lock is released ([`AccountsGuard`]).
    pub fn accounts(&self) -> AccountsGuard<'_> {
        AccountsGuard::new(lock(&self.0.accounts), &self.0.user)
    }

    /// What the stream's sockets are told to do.
    pub fn stream_settings(&self) -> StreamSettings {
        self.0.stream
    }

    /// Hears the `/public` namespace from now on: every change made after this call
    /// returns (taken under the market's lock, so a REST answer read after it is the
    /// starting point the events apply to).
    pub fn subscribe_public(&self) -> broadcast::Receiver<Arc<MarketEvent>> {
        let _market = lock(&self.0.market);
        self.0.public.subscribe()
    }

    /// Hears the `/user` namespace for the account whose channel id is `channel`:
    /// its index, its balances now, and every change after them. `None` for an id
    /// that is no account's.
    pub fn subscribe_user(
        &self,
        channel: &str,
    ) -> Option<(usize, Balances, broadcast::Receiver<Arc<UserEvent>>)> {
        let accounts = lock(&self.0.accounts);
        let index = accounts.by_channel(channel)?;
        let balances = accounts.get(index)?.balances.clone();
        Some((index, balances, self.0.user.subscribe()))
    }

    /// Whether any stream socket listens.
    pub fn has_listeners(&self) -> bool {
        self.0.public.receiver_count() > 0 || self.0.user.receiver_count() > 0
    }

    /// True the first time only: the caller starts the task that moves the market
    /// while sockets listen.
    pub fn start_ticking(&self) -> bool {
        !self.0.ticking.swap(true, Ordering::SeqCst)
    }

    /// A handle that does not keep the sandbox alive (for the stream's ticker task).
    pub fn downgrade(&self) -> WeakSandbox {
        WeakSandbox(Arc::downgrade(&self.0))
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

/// A [`Sandbox`] that may be gone.
#[derive(Clone)]
pub struct WeakSandbox(Weak<Inner>);

impl WeakSandbox {
    pub fn upgrade(&self) -> Option<Sandbox> {
        self.0.upgrade().map(Sandbox)
    }
}

/// The market, locked. When dropped, what changed since it was locked is sent to the
/// `/public` sockets (if any listen), before the lock is released: the stream's order
/// is the lock's order, the order REST answers are made in.
pub struct MarketGuard<'a> {
    tracked: MutexGuard<'a, Tracked>,
    mark: Option<MarketMark>,
    public: &'a broadcast::Sender<Arc<MarketEvent>>,
}

impl<'a> MarketGuard<'a> {
    fn new(
        tracked: MutexGuard<'a, Tracked>,
        public: &'a broadcast::Sender<Arc<MarketEvent>>,
    ) -> Self {
        let mark = (public.receiver_count() > 0).then(|| MarketMark::of(&tracked.market));
        MarketGuard {
            tracked,
            mark,
            public,
        }
    }
}

impl Deref for MarketGuard<'_> {
    type Target = Market;
    fn deref(&self) -> &Market {
        &self.tracked.market
    }
}

impl DerefMut for MarketGuard<'_> {
    fn deref_mut(&mut self) -> &mut Market {
        &mut self.tracked.market
    }
}

impl Drop for MarketGuard<'_> {
    fn drop(&mut self) {
        let Some(mark) = self.mark.take() else {
            return;
        };
        let Tracked { market, published } = &mut *self.tracked;
        if let Some(event) = mark.changes(market, published) {
            // No receiver left is no error: nobody listens.
            let _ = self.public.send(Arc::new(event));
        }
    }
}

/// The accounts, locked. When dropped, what changed on each account since it was
/// locked is sent to the `/user` sockets (if any listen), before the lock is
/// released.
pub struct AccountsGuard<'a> {
    accounts: MutexGuard<'a, Accounts>,
    mark: Option<AccountsMark>,
    user: &'a broadcast::Sender<Arc<UserEvent>>,
}

impl<'a> AccountsGuard<'a> {
    fn new(
        accounts: MutexGuard<'a, Accounts>,
        user: &'a broadcast::Sender<Arc<UserEvent>>,
    ) -> Self {
        let mark = (user.receiver_count() > 0).then(|| AccountsMark::of(&accounts));
        AccountsGuard {
            accounts,
            mark,
            user,
        }
    }
}

impl Deref for AccountsGuard<'_> {
    type Target = Accounts;
    fn deref(&self) -> &Accounts {
        &self.accounts
    }
}

impl DerefMut for AccountsGuard<'_> {
    fn deref_mut(&mut self) -> &mut Accounts {
        &mut self.accounts
    }
}

impl Drop for AccountsGuard<'_> {
    fn drop(&mut self) {
        let Some(mark) = self.mark.take() else {
            return;
        };
        for event in mark.changes(&self.accounts) {
            let _ = self.user.send(Arc::new(event));
        }
    }
}

/// A poisoned lock only means another request panicked mid-way; the data is still
/// the best we have.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
