//! The exchange's real-time stream (the spec's stream page, `bitcoin-central-stream.md`):
//! socket.io 2.x over Engine.IO v3 on a WebSocket, at
//! `GET /ws/socket.io/?EIO=3&transport=websocket`.
//!
//! A session, frame by frame (`>` from the sandbox, `<` from the client):
//!
//! ```text
//! > 0{"sid":"…","upgrades":[],"pingInterval":25000,"pingTimeout":60000}
//! > 40
//! < 40/public,
//! > 40/public,
//! > 42/public,["stream",{"ticker":{…},"trades":[…],"bids":[…],"asks":[…]}]
//! < 2
//! > 3
//! < 40/user,
//! > 40/user,
//! < 42/user,["channel","<channel_id of GET /api/v1/user>"]
//! > 42/user,["stream",{"balance_btc":…,"locked_btc":…,"balance_eur":…,"locked_eur":…}]
//! > 42/user,["stream",{"locked_eur":…,"orders":[…]}]
//! ```
//!
//! - Refused before the upgrade, with engine.io 3's (socket.io 2.x's) 400 bodies: a
//!   transport other than `websocket` (`{"code":0,"message":"Transport unknown"}`),
//!   a `sid` (`{"code":1,"message":"Session ID unknown"}`: no polling to upgrade
//!   from), a method other than GET (`{"code":2,"message":"Bad handshake method"}`),
//!   and an `EIO` other than `3` or a GET that is no WebSocket upgrade
//!   (`{"code":3,"message":"Bad request"}`; engine.io 3 itself checks no version).
//! - Pings: the client pings (`2`, `2probe`), the sandbox answers `3` with the same
//!   payload. A socket that sends nothing for `pingInterval + pingTimeout` is closed
//!   (as engine.io 3, any packet counts as a sign of life). `1` closes.
//! - Namespaces: `/public` and `/user` are acknowledged (`40/public,`); any other is
//!   `44/<nsp>,"Invalid namespace"`; `41/<nsp>,` leaves. An ack id after the
//!   namespace is answered `43/<nsp>,<id>[]` for `channel`, ignored otherwise.
//! - `/public`: one `stream` event per change of the book, the trades or the ticker
//!   (each market step, each user order that rests, crosses or is canceled), with only
//!   the keys that changed; levels as new totals, a removed one with amount `0`
//!   (`--stream-removed null`: `null`). Made under the market's lock when the change
//!   is made ([`crate::domain::sandbox::MarketGuard`]), so `GET /depth` read after the
//!   `40/public,` acknowledgement plus every event after it is the later `GET /depth`.
//!   While a socket listens, a task moves the market every `--tick-ms`.
//! - `/user`: `channel` with the account's `channel_id` sends its four balances at
//!   once, then a `stream` event whenever its balances (only those that changed) or
//!   orders (`orders`: each new or changed one, as `GET /api/v1/user/orders` shows it)
//!   change. An id that is no account's is `44/user,"unknown channel"`. Channel ids
//!   are never logged nor echoed.
//! - Bad input closes the socket with a close frame: a frame that is not an Engine.IO
//!   packet, a socket.io packet that cannot be read, an event whose data is not JSON,
//!   a binary frame, a message over 1 MB (socket.io 2.x's `maxHttpBufferSize`).
//! - Stream faults (queued at `/_sandbox/faults`, optionally for one `namespace`) act
//!   on the next frame an open socket would send (of that namespace; without one, any
//!   frame, pongs included), each frame using up one of the fault's `times`:
//!   `stream-drop` closes the TCP connection instead (no close frame, no `1`);
//!   `stream-silent` sends nothing from then on, pongs included, while the socket
//!   stays open (until the client closes it); `stream-malformed` replaces the frame by
//!   a broken socket.io packet (`42/public,["stream",{"bids":[`); `stream-oversized`
//!   replaces it by a valid `stream` event of 1.5 MiB (`{"padding":"…"}`).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use rand::Rng;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, MissedTickBehavior};

use crate::domain::accounts::Balances;
use crate::domain::book::Level;
use crate::domain::faults::StreamFault;
use crate::domain::orders::Order;
use crate::domain::sandbox::{RemovedLevel, Sandbox};
use crate::domain::stream::{BALANCE_KEYS, LevelChange, MarketEvent, UserEvent, balances_in_order};
use crate::handlers::market::{level_json, ticker_json, trade_json};
use crate::handlers::user::order_json;
use crate::http::render::Render;
use crate::http::respond::json;
use crate::http::socketio::{self, EnginePacket, Packet};

/// The largest message a client may send (socket.io 2.x's `maxHttpBufferSize`).
const MAX_MESSAGE: usize = 1_000_000;
/// The size of the `stream-oversized` fault's event: 1.5 MiB.
const OVERSIZED: usize = 3 << 19;
/// The one market the sandbox has.
const CURRENCY: &str = "EUR";
const PUBLIC: &str = "/public";
const USER: &str = "/user";

/// An Engine.IO error answer: 400 and `{"code":…,"message":…}`.
fn refused(code: u8, message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &json!({ "code": code, "message": message }),
    )
}

/// `GET /ws/socket.io/?EIO=3&transport=websocket`: the stream's WebSocket.
pub async fn socket(
    State(sandbox): State<Sandbox>,
    method: Method,
    RawQuery(query): RawQuery,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let query = query.unwrap_or_default();
    let param = |name: &str| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    if param("transport").as_deref() != Some("websocket") {
        return refused(0, "Transport unknown");
    }
    if param("sid").is_some() {
        return refused(1, "Session ID unknown");
    }
    if method != Method::GET {
        return refused(2, "Bad handshake method");
    }
    if param("EIO").as_deref() != Some("3") {
        return refused(3, "Bad request");
    }
    let Ok(upgrade) = upgrade else {
        return refused(3, "Bad request");
    };
    upgrade
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |ws| run(ws, sandbox))
}

/// Starts, once per sandbox, the task that moves the market every step while stream
/// sockets listen (REST calls move it too, lazily, to the same instants).
fn start_ticker(sandbox: &Sandbox) {
    let tick_ms = sandbox.stream_settings().tick_ms;
    if tick_ms == 0 || !sandbox.start_ticking() {
        return;
    }
    let weak = sandbox.downgrade();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_millis(tick_ms));
        interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let Some(sandbox) = weak.upgrade() else {
                break;
            };
            if sandbox.has_listeners() {
                drop(sandbox.market());
            }
        }
    });
}

/// What the session does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Go,
    /// Close with a close frame.
    Close,
    /// Drop the connection as it is.
    Drop,
}

/// One socket's state.
struct Session {
    sandbox: Sandbox,
    r: Render,
    removed: RemovedLevel,
    public: Option<Receiver<Arc<MarketEvent>>>,
    /// Joined `/user`.
    user_joined: bool,
    /// The account heard on `/user`, once a right `channel` was given.
    account: Option<usize>,
    user: Option<Receiver<Arc<UserEvent>>>,
    /// A `stream-silent` fault took this socket.
    silent: bool,
}

/// The next event of a namespace the socket listens to; never, if it does not.
async fn next<T: Clone>(rx: &mut Option<Receiver<T>>) -> Result<T, RecvError> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// A fresh Engine.IO session id: 15 random bytes, 20 base64url characters (as
/// engine.io's `base64id`).
fn sid() -> String {
    let mut bytes = [0u8; 15];
    rand::rng().fill(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn run(mut ws: WebSocket, sandbox: Sandbox) {
    start_ticker(&sandbox);
    let settings = sandbox.stream_settings();
    let mut session = Session {
        r: Render(sandbox.decimals()),
        removed: settings.removed,
        sandbox,
        public: None,
        user_joined: false,
        account: None,
        user: None,
        silent: false,
    };
    let open = format!(
        r#"0{{"sid":"{}","upgrades":[],"pingInterval":{},"pingTimeout":{}}}"#,
        sid(),
        settings.ping_interval_ms,
        settings.ping_timeout_ms
    );
    let mut flow = session.send(&mut ws, None, open).await;
    if flow == Flow::Go {
        flow = session
            .send(&mut ws, Some("/"), socketio::message(0, "/", None, ""))
            .await;
    }
    let idle = Duration::from_millis(
        settings
            .ping_interval_ms
            .saturating_add(settings.ping_timeout_ms),
    );
    let mut deadline = Instant::now() + idle;
    while flow == Flow::Go {
        flow = tokio::select! {
            // Events first: a pong answers a ping after every event made before it.
            biased;
            event = next(&mut session.public) => session.on_public(&mut ws, event).await,
            event = next(&mut session.user) => session.on_user(&mut ws, event).await,
            message = ws.recv() => match message {
                Some(Ok(Message::Text(text))) => {
                    deadline = Instant::now() + idle;
                    session.on_text(&mut ws, text.as_str()).await
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => Flow::Go,
                // Binary packets are not spoken here.
                Some(Ok(Message::Binary(_))) => Flow::Close,
                Some(Ok(Message::Close(_))) | None => Flow::Drop,
                // Too large, or not WebSocket: tungstenite has given up on it.
                Some(Err(_)) => Flow::Close,
            },
            () = tokio::time::sleep_until(deadline) => Flow::Close,
        };
    }
    if flow == Flow::Close {
        let _ = ws.send(Message::Close(None)).await;
    }
}

impl Session {
    /// Sends a frame of `namespace` (`None`: Engine.IO's own), unless a stream fault
    /// or silence has it otherwise.
    async fn send(&mut self, ws: &mut WebSocket, namespace: Option<&str>, frame: String) -> Flow {
        if self.silent {
            return Flow::Go;
        }
        let fault = self.sandbox.faults().take_stream(namespace);
        let namespace = namespace.unwrap_or("/");
        let frame = match fault {
            None => frame,
            Some(StreamFault::Drop) => return Flow::Drop,
            Some(StreamFault::Silent) => {
                self.silent = true;
                return Flow::Go;
            }
            Some(StreamFault::Malformed) => {
                socketio::message(2, namespace, None, r#"["stream",{"bids":["#)
            }
            Some(StreamFault::Oversized) => {
                let padding = "x".repeat(OVERSIZED);
                let data = json!(["stream", { "padding": padding }]).to_string();
                socketio::message(2, namespace, None, &data)
            }
        };
        match ws.send(Message::Text(frame.into())).await {
            Ok(()) => Flow::Go,
            Err(_) => Flow::Drop,
        }
    }

    async fn on_public(
        &mut self,
        ws: &mut WebSocket,
        event: Result<Arc<MarketEvent>, RecvError>,
    ) -> Flow {
        match event {
            Ok(event) => {
                let frame = event_frame(PUBLIC, public_json(self.r, self.removed, &event));
                self.send(ws, Some(PUBLIC), frame).await
            }
            // Fell behind: it missed events, and must start again from REST.
            Err(_) => Flow::Close,
        }
    }

    async fn on_user(
        &mut self,
        ws: &mut WebSocket,
        event: Result<Arc<UserEvent>, RecvError>,
    ) -> Flow {
        match event {
            Ok(event) if Some(event.account) == self.account => {
                let frame = event_frame(USER, user_json(self.r, &event.balances, &event.orders));
                self.send(ws, Some(USER), frame).await
            }
            Ok(_) => Flow::Go,
            Err(_) => Flow::Close,
        }
    }

    async fn on_text(&mut self, ws: &mut WebSocket, text: &str) -> Flow {
        match socketio::engine(text) {
            None | Some(EnginePacket::Close) => Flow::Close,
            Some(EnginePacket::Ignored) => Flow::Go,
            Some(EnginePacket::Ping(payload)) => self.send(ws, None, format!("3{payload}")).await,
            Some(EnginePacket::Message(message)) => match socketio::packet(message) {
                None => Flow::Close,
                Some(packet) => self.on_packet(ws, packet).await,
            },
        }
    }

    async fn on_packet(&mut self, ws: &mut WebSocket, packet: Packet<'_>) -> Flow {
        let namespace = packet.namespace;
        match packet.kind {
            0 => {
                let answer = match namespace {
                    "/" => socketio::message(0, "/", None, ""),
                    PUBLIC => {
                        if self.public.is_none() {
                            self.public = Some(self.sandbox.subscribe_public());
                        }
                        socketio::message(0, PUBLIC, None, "")
                    }
                    USER => {
                        self.user_joined = true;
                        socketio::message(0, USER, None, "")
                    }
                    other => socketio::message(4, other, None, r#""Invalid namespace""#),
                };
                self.send(ws, Some(namespace), answer).await
            }
            1 => {
                match namespace {
                    PUBLIC => self.public = None,
                    USER => {
                        self.user_joined = false;
                        self.account = None;
                        self.user = None;
                    }
                    _ => {}
                }
                Flow::Go
            }
            2 => {
                let Ok(data) = serde_json::from_str::<Value>(packet.data) else {
                    return Flow::Close;
                };
                match (namespace, data.get(0).and_then(Value::as_str), data.get(1)) {
                    (USER, Some("channel"), Some(Value::String(id))) if self.user_joined => {
                        self.channel(ws, id, packet.ack).await
                    }
                    // Other events are not the server's to answer.
                    _ => Flow::Go,
                }
            }
            _ => Flow::Go,
        }
    }

    /// `channel`: hears the account whose channel id it is, from its balances now.
    async fn channel(&mut self, ws: &mut WebSocket, id: &str, ack: Option<u64>) -> Flow {
        let Some((account, balances, rx)) = self.sandbox.subscribe_user(id) else {
            let refusal = socketio::message(4, USER, None, r#""unknown channel""#);
            return self.send(ws, Some(USER), refusal).await;
        };
        self.account = Some(account);
        self.user = Some(rx);
        if let Some(ack) = ack {
            let answer = socketio::message(3, USER, Some(ack), "[]");
            if self.send(ws, Some(USER), answer).await != Flow::Go {
                return Flow::Drop;
            }
        }
        let frame = event_frame(USER, all_balances_json(self.r, &balances));
        self.send(ws, Some(USER), frame).await
    }
}

/// `42<nsp>,["stream",<data>]`.
fn event_frame(namespace: &str, data: Value) -> String {
    socketio::message(2, namespace, None, &json!(["stream", data]).to_string())
}

/// A `/public` event's object: the keys that changed, written as REST writes them.
pub fn public_json(r: Render, removed: RemovedLevel, event: &MarketEvent) -> Value {
    let mut body = Map::new();
    if let Some(ticker) = &event.ticker {
        body.insert("ticker".into(), ticker_json(r, ticker, CURRENCY));
    }
    if !event.trades.is_empty() {
        let trades = event.trades.iter().map(|t| trade_json(r, t, CURRENCY));
        body.insert("trades".into(), trades.collect());
    }
    for (key, changes) in [("bids", &event.bids), ("asks", &event.asks)] {
        if !changes.is_empty() {
            let levels = changes.iter().map(|c| change_json(r, removed, c));
            body.insert(key.into(), levels.collect());
        }
    }
    Value::Object(body)
}

/// A changed level as `/depth` writes a level; a removed one with amount `0` or
/// `null`.
fn change_json(r: Render, removed: RemovedLevel, change: &LevelChange) -> Value {
    let level = Level {
        price: change.price,
        amount: change.amount.unwrap_or(Decimal::ZERO),
        at: change.at,
    };
    let mut value = level_json(r, &level, CURRENCY);
    if let (None, RemovedLevel::Null, Value::Object(fields)) = (change.amount, removed, &mut value)
    {
        fields.insert("amount".into(), Value::Null);
    }
    value
}

/// A `/user` event's object: the balances that changed (as `GET /api/v1/user` writes
/// them) and the orders that changed (as `GET /api/v1/user/orders` does).
fn user_json(r: Render, balances: &[(&'static str, Decimal)], orders: &[Order]) -> Value {
    let mut body = Map::new();
    for (key, value) in balances {
        body.insert((*key).into(), r.money(*value));
    }
    if !orders.is_empty() {
        let orders = orders.iter().map(|o| order_json(r, o));
        body.insert("orders".into(), orders.collect());
    }
    Value::Object(body)
}

fn all_balances_json(r: Render, balances: &Balances) -> Value {
    let all: Vec<(&'static str, Decimal)> = BALANCE_KEYS
        .iter()
        .copied()
        .zip(balances_in_order(balances))
        .collect();
    user_json(r, &all, &[])
}
