//! The JS stream classes: `MarketStream` over [`crate::web::stream::LiveMarket`] and
//! `AccountStream` over [`crate::web::stream::LiveAccount`], with the listeners of
//! their events.
//!
//! A page has one market stream per exchange and market: `marketStream()` on any
//! client with the same `baseUrl` and currency gives a handle on the same socket
//! (the registry [`MARKETS`]), whose REST snapshots go through the client that opened
//! it. Each handle has its own listeners, in its own client's language; closing a
//! handle removes them, and the last one closes the socket.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;

use super::error::{BitcoinCentralError, from_core_in};
use super::value::{count, index, plain, text, to_plain, wrong};
use crate::args::Want;
use crate::book::Side;
use crate::config::Locale;
use crate::error::{Error, Text};
use crate::stream::{AccountNotice, MarketNotice};
use crate::web::oauth::WebOAuth;
use crate::web::stream::{LiveAccount, LiveMarket, Notice};

/// A listener: its event (an index into [`Listeners::events`]), its id, the handle
/// that added it, and the language its errors are told in.
struct Listener {
    event: usize,
    id: u32,
    owner: u32,
    locale: Locale,
    function: Function,
}

/// The listeners of one stream, by event.
struct Listeners {
    /// The stream's events; a listener's event is its index here.
    events: &'static [&'static str],
    next: u32,
    all: Vec<Listener>,
}

type Shared = Rc<RefCell<Listeners>>;

impl Listeners {
    fn new(events: &'static [&'static str]) -> Shared {
        Rc::new(RefCell::new(Listeners {
            events,
            next: 0,
            all: Vec::new(),
        }))
    }
}

/// `on(event, listener)` of either class, for the handle `owner`: the listener added,
/// and the function that removes it.
fn listen(
    listeners: &Shared,
    owner: u32,
    locale: Locale,
    event: &JsValue,
    listener: &JsValue,
) -> Result<Function, BitcoinCentralError> {
    let events = listeners.borrow().events;
    let name = text(event, "event", locale)?;
    let Some(index) = events.iter().position(|e| *e == name) else {
        let reason = Text::NotOneOf {
            found: name,
            names: events.join(", "),
        };
        return Err(from_core_in(&Error::invalid("event", reason), locale));
    };
    let Some(function) = listener.dyn_ref::<Function>().cloned() else {
        return Err(wrong("listener", Want::Function, listener, locale));
    };
    let id = {
        let mut l = listeners.borrow_mut();
        l.next = l.next.wrapping_add(1);
        let id = l.next;
        l.all.push(Listener {
            event: index,
            id,
            owner,
            locale,
            function,
        });
        id
    };
    let weak = Rc::downgrade(listeners);
    let off = Closure::<dyn FnMut()>::new(move || {
        if let Some(listeners) = weak.upgrade() {
            listeners.borrow_mut().all.retain(|l| l.id != id);
        }
    });
    Ok(off.into_js_value().unchecked_into())
}

/// What a notice tells: its event, and its detail in a language (an error is told in
/// each listener's).
type Told = (
    &'static str,
    Box<dyn Fn(Locale) -> Result<JsValue, BitcoinCentralError>>,
);

/// Calls the listeners of `event`, each on its own: one that throws is reported (as
/// an uncaught error would be) and the others still hear it.
fn tell(listeners: &Weak<RefCell<Listeners>>, (event, detail): Told) {
    let Some(listeners) = listeners.upgrade() else {
        return;
    };
    let called: Vec<(Locale, Function)> = {
        let l = listeners.borrow();
        let index = l.events.iter().position(|e| *e == event);
        l.all
            .iter()
            .filter(|l| Some(l.event) == index)
            .map(|l| (l.locale, l.function.clone()))
            .collect()
    };
    // Made once per language.
    let mut made: Vec<(Locale, JsValue)> = Vec::new();
    for (locale, listener) in called {
        let value = match made.iter().find(|(l, _)| *l == locale) {
            Some((_, value)) => value.clone(),
            None => {
                let value = detail(locale).unwrap_or_else(JsValue::from);
                made.push((locale, value.clone()));
                value
            }
        };
        if let Err(thrown) = listener.call1(&JsValue::UNDEFINED, &value) {
            report(&thrown);
        }
    }
}

/// The status and error notices, the same for every stream.
fn common<N>(notice: Notice<N>) -> Result<Told, N> {
    match notice {
        Notice::Status(status) => Ok((
            "status",
            Box::new(move |_| Ok(JsValue::from_str(status.as_str()))),
        )),
        Notice::Error(error) => Ok((
            "error",
            Box::new(move |locale| Ok(from_core_in(&error, locale).into())),
        )),
        Notice::Feed(feed) => Err(feed),
    }
}

/// A detail the same in every language.
fn plainly(
    detail: Result<JsValue, BitcoinCentralError>,
) -> Box<dyn Fn(Locale) -> Result<JsValue, BitcoinCentralError>> {
    let detail = detail.unwrap_or_else(JsValue::from);
    Box::new(move |_| Ok(detail.clone()))
}

/// `reportError(thrown)` where the global has it (windows and workers do).
fn report(thrown: &JsValue) {
    let global = js_sys::global();
    if let Ok(report) = Reflect::get(&global, &JsValue::from_str("reportError")) {
        if let Some(report) = report.dyn_ref::<Function>() {
            let _ = report.call1(&global, thrown);
        }
    }
}

/// `retryAt` of either class: `Date.now()` milliseconds, or `null`.
fn retry_at(at: Option<f64>) -> JsValue {
    at.map_or(JsValue::NULL, JsValue::from_f64)
}

/// One market's stream, shared by the page's handles on it.
struct Hub {
    key: String,
    live: LiveMarket,
    listeners: Shared,
    /// The open handles, with the poll interval each asked for.
    handles: RefCell<Vec<(u32, Option<u32>)>>,
}

thread_local! {
    /// The page's market streams, by exchange and market.
    static MARKETS: RefCell<Vec<Weak<Hub>>> = const { RefCell::new(Vec::new()) };
    /// The last handle id given.
    static HANDLES: Cell<u32> = const { Cell::new(0) };
}

impl Hub {
    /// The page's stream of `client`'s exchange and market, opened if there is none.
    fn of(client: Rc<crate::Client>, locale: Locale) -> Result<Rc<Hub>, BitcoinCentralError> {
        let config = client.config();
        let key = format!("{} {}", config.base_url(), config.currency());
        let found = MARKETS.with(|markets| {
            let mut markets = markets.borrow_mut();
            markets.retain(|hub| hub.strong_count() > 0);
            markets
                .iter()
                .filter_map(Weak::upgrade)
                .find(|hub| hub.key == key)
        });
        if let Some(hub) = found {
            return Ok(hub);
        }
        let listeners = Listeners::new(&["update", "trade", "status", "error"]);
        let heard = Rc::downgrade(&listeners);
        // The REST calls ask for `locale`: the server's own words are in it, and told
        // only to the handles of that language.
        let asked = locale;
        let live = LiveMarket::connect(client, move |notice| {
            let notice = match notice {
                Notice::Error(error) => {
                    let told: Told = (
                        "error",
                        Box::new(move |locale| {
                            let told = JsValue::from(from_core_in(&error, locale));
                            if locale != asked {
                                let _ =
                                    Reflect::set(&told, &"messages".into(), &js_sys::Array::new());
                            }
                            Ok(told)
                        }),
                    );
                    return tell(&heard, told);
                }
                other => other,
            };
            let told = common(notice).unwrap_or_else(|notice| match notice {
                MarketNotice::Update(None) => ("update", plainly(Ok(JsValue::NULL))),
                MarketNotice::Update(Some(update)) => ("update", plainly(to_plain(&update))),
                MarketNotice::Trade(trade) => ("trade", plainly(to_plain(&trade))),
            });
            tell(&heard, told);
        })
        .map_err(|e| from_core_in(&e, locale))?;
        let hub = Rc::new(Hub {
            key,
            live,
            listeners,
            handles: RefCell::new(Vec::new()),
        });
        MARKETS.with(|markets| markets.borrow_mut().push(Rc::downgrade(&hub)));
        Ok(hub)
    }

    /// The handles' poll intervals changed: the stream polls at the shortest asked for.
    fn pace(&self) {
        let shortest = self.handles.borrow().iter().filter_map(|(_, ms)| *ms).min();
        self.live
            .set_poll_interval(shortest.unwrap_or(crate::stream::connection::POLL_INTERVAL_MS));
    }

    /// The handle `id` is closed: its listeners go; the last handle closes the stream.
    fn release(&self, id: u32) {
        self.listeners.borrow_mut().all.retain(|l| l.owner != id);
        let left = {
            let mut handles = self.handles.borrow_mut();
            handles.retain(|(handle, _)| *handle != id);
            handles.len()
        };
        if left == 0 {
            self.live.close();
            MARKETS.with(|markets| {
                markets
                    .borrow_mut()
                    .retain(|hub| hub.upgrade().is_some_and(|hub| hub.key != self.key));
            });
        } else {
            self.pace();
        }
    }
}

/// A market kept live from the exchange's real-time stream: the order book, the
/// ticker and the latest trades, in wasm memory. Made by `client.marketStream()`.
///
/// ```js
/// const stream = client.marketStream();
/// const off = stream.on("update", () => draw(stream.book(20), stream.ticker()));
/// stream.on("status", (status) => (badge.textContent = status));
/// // later: off(); stream.close();
/// ```
#[wasm_bindgen(js_name = MarketStream)]
pub struct JsMarketStream {
    hub: Rc<Hub>,
    id: u32,
    locale: Locale,
    closed: Cell<bool>,
}

impl JsMarketStream {
    /// A handle on the page's stream of `client`'s exchange and market.
    pub(crate) fn connect(
        client: Rc<crate::Client>,
        locale: Locale,
    ) -> Result<JsMarketStream, BitcoinCentralError> {
        let hub = Hub::of(client, locale)?;
        let id = HANDLES.with(|last| {
            last.set(last.get().wrapping_add(1));
            last.get()
        });
        hub.handles.borrow_mut().push((id, None));
        Ok(JsMarketStream {
            hub,
            id,
            locale,
            closed: Cell::new(false),
        })
    }
}

impl Drop for JsMarketStream {
    fn drop(&mut self) {
        self.close();
    }
}

#[wasm_bindgen(js_class = MarketStream)]
impl JsMarketStream {
    /// The best `levels` of each side (all of them without an argument), best first,
    /// as `depth()`'s levels with `total`, the exact sum of the amounts from the best
    /// level to each: `{ bids, asks }`.
    #[wasm_bindgen(unchecked_return_type = "{ bids: BookLevel[]; asks: BookLevel[] }")]
    pub fn book(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] levels: JsValue,
    ) -> Result<JsValue, BitcoinCentralError> {
        let levels = count(&levels, "levels")?.map_or(usize::MAX, |n| n as usize);
        let json = self.hub.live.with(|market| {
            let book = market.book_mut();
            Ok::<_, crate::book::TooLarge>(format!(
                "{{\"bids\":{},\"asks\":{}}}",
                book.levels_with_totals_js(Side::Bids, levels)?,
                book.levels_with_totals_js(Side::Asks, levels)?
            ))
        });
        let json = json.map_err(|_| {
            let error = Error::Decode {
                status: None,
                path: String::new(),
                reason: Text::SumTooLarge,
            };
            from_core_in(&error, self.locale)
        })?;
        plain(&json)
    }

    /// The latest ticker; `null` until the stream has read the first one.
    #[wasm_bindgen(unchecked_return_type = "Ticker | null")]
    pub fn ticker(&self) -> Result<JsValue, BitcoinCentralError> {
        match self.hub.live.with(|market| market.ticker().cloned()) {
            Some(ticker) => to_plain(&ticker),
            None => Ok(JsValue::NULL),
        }
    }

    /// The latest trades (at most 50), newest first.
    #[wasm_bindgen(unchecked_return_type = "Trade[]")]
    pub fn trades(&self) -> Result<JsValue, BitcoinCentralError> {
        to_plain(
            &self
                .hub
                .live
                .with(|market| market.trades().cloned().collect::<Vec<_>>()),
        )
    }

    /// `"connecting"`, `"live"` (the book is the server's), `"stale"` (it may be
    /// behind: a pong is overdue or an update was lost, and the book is being read
    /// again), `"reconnecting"`, `"polling"` (no socket to be had for 5 s: the book is
    /// the latest poll's, every `pollInterval`, while the socket is tried again),
    /// `"paused"` (the tab is hidden) or `"closed"`.
    #[wasm_bindgen(getter, unchecked_return_type = "StreamStatus")]
    pub fn status(&self) -> String {
        if self.closed.get() {
            return "closed".to_owned();
        }
        self.hub.live.status().as_str().to_owned()
    }

    /// How often the stream polls when it has no socket, in milliseconds (10,000 unless
    /// set; 2,000 to 86,400,000). The page's handles on one market share one stream,
    /// which polls at the shortest interval any of them asks for.
    #[wasm_bindgen(getter = pollInterval)]
    pub fn poll_interval(&self) -> u32 {
        self.hub.live.with(|market| market.poll_interval_ms())
    }

    /// Sets `pollInterval`; a number of milliseconds, clamped to its range.
    #[wasm_bindgen(setter = pollInterval)]
    pub fn set_poll_interval(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] ms: JsValue,
    ) -> Result<(), BitcoinCentralError> {
        let ms = index(&ms, "pollInterval")?;
        if self.closed.get() {
            return Ok(());
        }
        for handle in self.hub.handles.borrow_mut().iter_mut() {
            if handle.0 == self.id {
                handle.1 = Some(ms);
            }
        }
        self.hub.pace();
        Ok(())
    }

    /// When the stream tries again after a failure (`Date.now()` milliseconds): the
    /// next poll after a failed one, or the next connection; `null` while nothing
    /// failed.
    #[wasm_bindgen(getter = retryAt, unchecked_return_type = "number | null")]
    pub fn retry_at(&self) -> JsValue {
        retry_at(self.hub.live.retry_at())
    }

    /// Listens to `"update"` (the book or ticker changed: the update, or `null` when
    /// the book was read whole, from a snapshot or a poll), `"trade"` (a new trade),
    /// `"status"` (the new status) or `"error"` (a `BitcoinCentralError` in this
    /// client's language, with the server's `messages` when the stream's REST calls
    /// asked for that language, else none; the stream recovers on its own). Gives back a
    /// function that stops listening.
    #[wasm_bindgen(skip_typescript)]
    pub fn on(&self, event: JsValue, listener: JsValue) -> Result<Function, BitcoinCentralError> {
        listen(&self.hub.listeners, self.id, self.locale, &event, &listener)
    }

    /// Closes this handle for good (its status becomes `"closed"` and its listeners
    /// hear no more); the stream closes with the page's last handle on it.
    pub fn close(&self) {
        if !self.closed.replace(true) {
            self.hub.release(self.id);
        }
    }
}

/// A user's account kept live from the exchange's real-time stream: the balances and
/// the orders that change (placed, filled, canceled). Made by
/// `client.accountStream()` on a client with a session of scope `basic`.
///
/// ```js
/// const account = client.accountStream();
/// account.on("order", (order) => console.log(order.uuid, order.state));
/// account.on("update", () => show(account.user()));
/// ```
#[wasm_bindgen(js_name = AccountStream)]
pub struct JsAccountStream {
    live: LiveAccount,
    listeners: Shared,
    locale: Locale,
}

impl JsAccountStream {
    /// Connects the account stream of `auth`'s user.
    pub(crate) fn connect(
        client: Rc<crate::Client>,
        auth: Rc<WebOAuth>,
        locale: Locale,
    ) -> Result<JsAccountStream, BitcoinCentralError> {
        let listeners = Listeners::new(&["update", "order", "status", "error"]);
        let heard = Rc::downgrade(&listeners);
        let live = LiveAccount::connect(client, auth, move |notice| {
            let told = common(notice).unwrap_or_else(|notice| match notice {
                AccountNotice::Update(None) => ("update", plainly(Ok(JsValue::NULL))),
                AccountNotice::Update(Some(update)) => ("update", plainly(to_plain(&update))),
                AccountNotice::Order(order) => ("order", plainly(to_plain(&order))),
            });
            tell(&heard, told);
        })
        .map_err(|e| from_core_in(&e, locale))?;
        Ok(JsAccountStream {
            live,
            listeners,
            locale,
        })
    }
}

#[wasm_bindgen(js_class = AccountStream)]
impl JsAccountStream {
    /// The user and their latest balances; `null` until the stream has read them.
    #[wasm_bindgen(unchecked_return_type = "User | null")]
    pub fn user(&self) -> Result<JsValue, BitcoinCentralError> {
        match self.live.with(|account| account.user().cloned()) {
            Some(user) => to_plain(&user),
            None => Ok(JsValue::NULL),
        }
    }

    /// The orders that changed since the stream started (at most 50), each as it is
    /// now, the latest change first.
    #[wasm_bindgen(unchecked_return_type = "Order[]")]
    pub fn orders(&self) -> Result<JsValue, BitcoinCentralError> {
        to_plain(
            &self
                .live
                .with(|account| account.orders().cloned().collect::<Vec<_>>()),
        )
    }

    /// As `MarketStream`'s `status`: without a socket, the account stream polls
    /// `user()` (the balances; order changes come with the socket).
    #[wasm_bindgen(getter, unchecked_return_type = "StreamStatus")]
    pub fn status(&self) -> String {
        self.live.status().as_str().to_owned()
    }

    /// As `MarketStream`'s `retryAt`.
    #[wasm_bindgen(getter = retryAt, unchecked_return_type = "number | null")]
    pub fn retry_at(&self) -> JsValue {
        retry_at(self.live.retry_at())
    }

    /// Listens to `"update"` (the balances changed: the update, or `null` when the
    /// user was read whole), `"order"` (an order changed), `"status"` or `"error"`.
    /// Gives back a function that stops listening.
    #[wasm_bindgen(skip_typescript)]
    pub fn on(&self, event: JsValue, listener: JsValue) -> Result<Function, BitcoinCentralError> {
        listen(&self.listeners, 0, self.locale, &event, &listener)
    }

    /// Closes the stream for good.
    pub fn close(&self) {
        self.live.close();
    }
}
