//! The streams in the browser: [`Live`] gives the core's state machine
//! ([`crate::stream::Stream`], over the market's or the account's feed) a `WebSocket`,
//! `setTimeout`s and the client's REST calls, and tells its owner what changed
//! through one callback ([`Notice`]). The JS `MarketStream` and `AccountStream`
//! classes are shells over [`LiveMarket`] and [`LiveAccount`]; a Rust web app uses
//! them directly:
//!
//! ```ignore
//! let client = Rc::new(bitcoin_central::Client::new(config));
//! let market = LiveMarket::connect(client, |notice| {
//!     if let Notice::Feed(MarketNotice::Update(_)) = notice { /* redraw */ }
//! })?;
//! let best_bid = market.with(|m| m.book().price(Side::Bids, 0).map(str::to_owned));
//! ```
//!
//! Every callback of the browser (a frame, a close, a timer) is handed to the machine
//! from a microtask of its own, never from inside the callback: the machine may close
//! the socket or cancel the timer whose callback is running.
//!
//! In a document, the stream follows its `visibilitychange`: a hidden tab pauses it
//! (no socket, no poll), a shown one connects again.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::ArrayBuffer;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::spawn_local;
use web_sys::{BinaryType, MessageEvent, WebSocket};

use crate::endpoint;
use crate::error::{Error, Text};
use crate::oauth::Authenticator;
use crate::stream::account::{self, Account, AccountSnapshot, Channel};
use crate::stream::market::{self, Market, Snapshot};
use crate::stream::{self, Effect, Feed, Input, Status, Stream, Timer};

type Core = crate::Client;

/// What a [`Live`] stream tells its owner.
#[derive(Debug)]
pub enum Notice<N> {
    /// The status changed.
    Status(Status),
    /// What the feed tells: the market's update or trade, the account's update or order.
    Feed(N),
    /// Something went wrong; the stream recovers on its own.
    Error(Error),
}

/// How a stream reads its REST snapshot.
type Take<S> = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<S, Error>>>>>;

/// A stream kept live until [`Live::close`] (or drop).
pub struct Live<F: Feed + 'static> {
    driver: Rc<Driver<F>>,
}

/// A market kept live from the exchange's `/public` namespace.
pub type LiveMarket = Live<Market>;
/// A user's account kept live from the exchange's `/user` namespace.
pub type LiveAccount = Live<Account>;

struct Driver<F: Feed + 'static> {
    state: RefCell<State<F>>,
    notify: Box<dyn Fn(Notice<F::Notice>)>,
}

struct State<F: Feed + 'static> {
    machine: Stream<F>,
    url: String,
    take: Take<F::Snapshot>,
    socket: Option<Socket>,
    /// One slot per [`Timer`] (a `Timeout` cancels itself when dropped), with when
    /// it fires (`Date.now()` milliseconds).
    timers: [Option<(Timeout, f64)>; Timer::ALL.len()],
    /// The document's `visibilitychange` listener, while the stream runs.
    visibility: Option<Visibility>,
}

/// A `visibilitychange` listener on the document; dropping it removes it.
struct Visibility {
    document: web_sys::EventTarget,
    listener: Closure<dyn FnMut()>,
}

impl Drop for Visibility {
    fn drop(&mut self) {
        let _ = self.document.remove_event_listener_with_callback(
            "visibilitychange",
            self.listener.as_ref().unchecked_ref(),
        );
    }
}

impl Visibility {
    /// Tells `changed` whether the document is hidden each time that changes; `None`
    /// where there is no document (a worker). Gives whether it is hidden now.
    fn watch(changed: Box<dyn Fn(bool)>) -> Option<(Visibility, bool)> {
        let document = js_sys::Reflect::get(&js_sys::global(), &"document".into()).ok()?;
        let document = document.dyn_into::<web_sys::EventTarget>().ok()?;
        let target = document.clone();
        let listener = Closure::<dyn FnMut()>::new(move || changed(hidden(&target)));
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            listener.as_ref().unchecked_ref(),
        );
        let now = hidden(&document);
        Some((Visibility { document, listener }, now))
    }
}

/// Whether the document says it is hidden.
fn hidden(document: &web_sys::EventTarget) -> bool {
    js_sys::Reflect::get(document, &"visibilityState".into())
        .ok()
        .and_then(|state| state.as_string())
        .is_some_and(|state| state == "hidden")
}

/// An open socket and the callbacks it holds; dropping it detaches them and closes it.
struct Socket {
    ws: WebSocket,
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut()>,
}

thread_local! {
    /// A socket's `onerror`, for good: what an error tells, its close tells too. A
    /// socket keeps one after it is dropped, as some (Node's ws) throw an error that
    /// has no listener — a close before the connection was made is one.
    static IGNORE: Closure<dyn FnMut()> = Closure::new(|| {});
}

fn ignore_errors(ws: &WebSocket) {
    IGNORE.with(|ignore| ws.set_onerror(Some(ignore.as_ref().unchecked_ref())));
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        ignore_errors(&self.ws);
        let _ = self.ws.close();
    }
}

impl LiveMarket {
    /// Connects to the market stream of `client`'s exchange and market; `notify`
    /// hears every change. Fails only when the client's base URL has no WebSocket form.
    pub fn connect(
        client: Rc<Core>,
        notify: impl Fn(Notice<stream::MarketNotice>) + 'static,
    ) -> Result<LiveMarket, Error> {
        let machine = stream::MarketStream::new(client.config().currency(), seed());
        let core = Rc::clone(&client);
        let take: Take<Box<Snapshot>> = Rc::new(move || {
            let core = Rc::clone(&core);
            Box::pin(async move {
                let book = core.depth_book().await?;
                let ticker = core.ticker().await?;
                let mut trades = VecDeque::new();
                core.trades_each(|trade| market::keep_newest(&mut trades, trade))
                    .await?;
                Ok(Box::new(Snapshot {
                    book,
                    ticker,
                    trades: trades.into(),
                }))
            })
        });
        Live::start(&client, machine, take, notify)
    }
}

impl LiveAccount {
    /// Connects to the account stream of `auth`'s user on `client`'s exchange: reads
    /// `GET /api/v1/user` (scope `basic`) for the balances and the stream channel,
    /// joins `/user`, then sends the channel. `notify` hears every change. Fails at
    /// once when the session is for another origin than `client`'s (`wrong-origin`).
    pub fn connect<A: Authenticator + 'static>(
        client: Rc<Core>,
        auth: Rc<A>,
        notify: impl Fn(Notice<stream::AccountNotice>) + 'static,
    ) -> Result<LiveAccount, Error> {
        client.check_origin(&*auth)?;
        let core = Rc::clone(&client);
        let take: Take<Box<AccountSnapshot>> = Rc::new(move || {
            let (core, auth) = (Rc::clone(&core), Rc::clone(&auth));
            Box::pin(async move {
                let answer = core
                    .respond_as(&endpoint::USER.route, &*auth, Default::default())
                    .await?;
                let channel =
                    Channel::of_user(&answer.response.body).ok_or_else(account::no_channel)?;
                let user = answer.decode()?;
                Ok(Box::new(AccountSnapshot { user, channel }))
            })
        });
        Live::start(&client, stream::AccountStream::new(seed()), take, notify)
    }
}

/// A random seed for a stream's jitter.
fn seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}

impl<F: Feed + 'static> Live<F> {
    fn start(
        client: &Core,
        machine: Stream<F>,
        take: Take<F::Snapshot>,
        notify: impl Fn(Notice<F::Notice>) + 'static,
    ) -> Result<Live<F>, Error> {
        let base = client.config().base_url();
        let url = stream::url(base)
            .ok_or_else(|| Error::invalid("baseUrl", Text::NotHttpUrl(base.to_owned())))?;
        // Where there is no WebSocket (Node before 22), say so now, not by reconnecting
        // for ever.
        let global = js_sys::global();
        let constructor = js_sys::Reflect::get(&global, &"WebSocket".into()).unwrap_or_default();
        if !constructor.is_function() {
            return Err(Error::Stream {
                code: "no-websocket",
                reason: Text::Unavailable(crate::messages::Lack::WebSocket),
            });
        }
        let driver = Rc::new(Driver {
            state: RefCell::new(State {
                machine,
                url,
                take,
                socket: None,
                timers: Default::default(),
                visibility: None,
            }),
            notify: Box::new(notify),
        });
        let effects = driver.state.borrow_mut().machine.start();
        run(&driver, effects);
        let weak = Rc::downgrade(&driver);
        let visibility = Visibility::watch(Box::new(move |hidden| {
            let input = if hidden { Input::Hidden } else { Input::Shown };
            later(&weak, move || input);
        }));
        if let Some((visibility, hidden)) = visibility {
            if hidden {
                feed(&driver, Input::Hidden);
            }
            driver.state.borrow_mut().visibility = Some(visibility);
        }
        Ok(Live { driver })
    }

    /// Where the stream is.
    pub fn status(&self) -> Status {
        self.driver.state.borrow().machine.status()
    }

    /// When the stream tries again after a failure (`Date.now()` milliseconds): the
    /// next poll after a failed one, or the next connection; `None` while nothing
    /// failed.
    pub fn retry_at(&self) -> Option<f64> {
        let state = self.driver.state.borrow();
        let timer = state.machine.retry_timer()?;
        state.timers[timer.index()].as_ref().map(|(_, at)| *at)
    }

    /// Polls this often when the socket cannot be had (2 s to a day; 10 s unless set).
    pub fn set_poll_interval(&self, ms: u32) {
        feed(&self.driver, Input::PollInterval(ms));
    }

    /// Reads the stream's state (the market's book, the account's balances).
    pub fn with<R>(&self, read: impl FnOnce(&mut Stream<F>) -> R) -> R {
        read(&mut self.driver.state.borrow_mut().machine)
    }

    /// Closes the socket and stops every timer, for good.
    pub fn close(&self) {
        feed(&self.driver, Input::Close);
        if let Ok(mut state) = self.driver.state.try_borrow_mut() {
            state.visibility = None;
        }
    }
}

impl<F: Feed + 'static> Drop for Live<F> {
    fn drop(&mut self) {
        self.close();
    }
}

/// Hands an input to the machine and carries out what it answers.
fn feed<F: Feed + 'static>(driver: &Rc<Driver<F>>, input: Input<'_, F::Snapshot>) {
    let effects = match driver.state.try_borrow_mut() {
        Ok(mut state) => state.machine.on(input),
        Err(_) => return, // not reachable: inputs come from microtasks of their own
    };
    run(driver, effects);
}

/// Hands an input to the machine from a microtask of its own.
fn later<F: Feed + 'static>(
    driver: &Weak<Driver<F>>,
    input: impl FnOnce() -> Input<'static, F::Snapshot> + 'static,
) {
    let driver = driver.clone();
    spawn_local(async move {
        if let Some(driver) = driver.upgrade() {
            feed(&driver, input());
        }
    });
}

fn run<F: Feed + 'static>(driver: &Rc<Driver<F>>, effects: Vec<Effect<F::Notice>>) {
    let mut notices = Vec::new();
    {
        let Ok(mut state) = driver.state.try_borrow_mut() else {
            return;
        };
        for effect in effects {
            match effect {
                Effect::Connect => {
                    state.socket = None;
                    match open(&state.url, Rc::downgrade(driver)) {
                        Some(socket) => state.socket = Some(socket),
                        // The browser refused to make it (a CSP, a bad URL): as a close.
                        None => later(&Rc::downgrade(driver), || Input::Closed),
                    }
                }
                Effect::Send(frame) => {
                    if let Some(socket) = &state.socket {
                        let _ = socket.ws.send_with_str(&frame);
                    }
                }
                Effect::Disconnect => state.socket = None,
                Effect::TakeSnapshot { epoch } => read(driver, (state.take)(), epoch, false),
                Effect::Poll { epoch } => read(driver, (state.take)(), epoch, true),
                Effect::Start(timer, ms) => {
                    let weak = Rc::downgrade(driver);
                    let timeout =
                        Timeout::new(ms, move || later(&weak, move || Input::Timer(timer)));
                    let at = js_sys::Date::now() + f64::from(ms);
                    state.timers[timer.index()] = Some((timeout, at));
                }
                Effect::Stop(timer) => state.timers[timer.index()] = None,
                Effect::Status(status) => notices.push(Notice::Status(status)),
                Effect::Notice(notice) => notices.push(Notice::Feed(notice)),
                Effect::Error(error) => notices.push(Notice::Error(error)),
            }
        }
    }
    // Outside the borrow: a listener may read the stream, or close it.
    for notice in notices {
        (driver.notify)(notice);
    }
}

/// Reads a REST snapshot, then hands its answer to the machine: a poll's, or the
/// socket's.
fn read<F: Feed + 'static>(
    driver: &Rc<Driver<F>>,
    snapshot: Pin<Box<dyn Future<Output = Result<F::Snapshot, Error>>>>,
    epoch: u32,
    poll: bool,
) {
    let weak = Rc::downgrade(driver);
    spawn_local(async move {
        let result = snapshot.await;
        if let Some(driver) = weak.upgrade() {
            let input = if poll {
                Input::Polled { epoch, result }
            } else {
                Input::Snapshot { epoch, result }
            };
            feed(&driver, input);
        }
    });
}

/// A new socket whose events reach the machine; `None` when the browser refuses it.
fn open<F: Feed + 'static>(url: &str, driver: Weak<Driver<F>>) -> Option<Socket> {
    let ws = WebSocket::new(url).ok()?;
    ws.set_binary_type(BinaryType::Arraybuffer);
    let weak = driver.clone();
    let open = Closure::<dyn FnMut()>::new(move || later(&weak, || Input::Opened));
    let weak = driver.clone();
    let message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        match data.as_string() {
            Some(text) => {
                let weak = weak.clone();
                spawn_local(async move {
                    if let Some(driver) = weak.upgrade() {
                        feed(&driver, Input::Frame(&text));
                    }
                });
            }
            None => {
                let bytes = data
                    .dyn_ref::<ArrayBuffer>()
                    .map_or(0, |buffer| buffer.byte_length() as usize);
                later(&weak, move || Input::Binary(bytes));
            }
        }
    });
    let weak = driver;
    let close = Closure::<dyn FnMut()>::new(move || later(&weak, || Input::Closed));
    ws.set_onopen(Some(open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(close.as_ref().unchecked_ref()));
    ignore_errors(&ws);
    Some(Socket {
        ws,
        _open: open,
        _message: message,
        _close: close,
    })
}
