//! The real-time stream over a real socket, frame by frame: the Engine.IO handshake,
//! pings, idle sockets, namespaces, `/public` events and the invariant that the REST
//! depth plus every update sent after it is the later REST depth, `/user` channels,
//! the stream faults and `--stream-removed null`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::Request;
use bitcoin_central_sandbox::accounts::DEMO;
use bitcoin_central_sandbox::clock::ManualClock;
use bitcoin_central_sandbox::{Config, RemovedLevel, Sandbox, app_and_sandbox};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tower::ServiceExt;

const NOW_MS: i64 = 1_389_092_410_000;
const TICK_MS: i64 = 1_000;
const WAIT: Duration = Duration::from_secs(5);

struct Server {
    addr: SocketAddr,
    app: Router,
    sandbox: Sandbox,
    clock: Arc<ManualClock>,
}

/// A sandbox on a free port whose market moves only when the test moves its clock.
async fn server(tweak: impl FnOnce(&mut Config)) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let clock = Arc::new(ManualClock::new(NOW_MS));
    let mut config = Config {
        clock: clock.clone(),
        tick_ms: TICK_MS as u64,
        origins: vec![format!("http://{addr}")],
        ..Config::default()
    };
    tweak(&mut config);
    let (app, sandbox) = app_and_sandbox(config);
    let served = app.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            served.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    Server {
        addr,
        app,
        sandbox,
        clock,
    }
}

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn connect(server: &Server) -> Ws {
    let url = format!(
        "ws://{}/ws/socket.io/?EIO=3&transport=websocket",
        server.addr
    );
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

/// The next text frame.
async fn recv(ws: &mut Ws) -> String {
    loop {
        match tokio::time::timeout(WAIT, ws.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return text.to_string(),
            Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
            other => panic!("expected a text frame, got {other:?}"),
        }
    }
}

/// What comes within `wait`: `None` if nothing does.
async fn maybe(ws: &mut Ws, wait: Duration) -> Option<Result<Message, String>> {
    match tokio::time::timeout(wait, ws.next()).await {
        Err(_) => None,
        Ok(None) => Some(Err("end".into())),
        Ok(Some(Err(e))) => Some(Err(e.to_string())),
        Ok(Some(Ok(message))) => Some(Ok(message)),
    }
}

async fn send(ws: &mut Ws, text: &str) {
    ws.send(Message::Text(text.into())).await.unwrap();
}

/// A socket past its opening (`0{…}`, `40`), joined to `namespace`.
async fn joined(server: &Server, namespace: &str) -> Ws {
    let mut ws = connect(server).await;
    assert!(recv(&mut ws).await.starts_with("0{"));
    assert_eq!(recv(&mut ws).await, "40");
    send(&mut ws, &format!("40{namespace},")).await;
    assert_eq!(recv(&mut ws).await, format!("40{namespace},"));
    ws
}

/// Every frame up to the pong that answers a ping sent now: the events made before
/// it (the sandbox sends events before answering a ping).
async fn until_pong(ws: &mut Ws) -> Vec<String> {
    send(ws, "2barrier").await;
    let mut frames = Vec::new();
    loop {
        let frame = recv(ws).await;
        if frame == "3barrier" {
            return frames;
        }
        frames.push(frame);
    }
}

/// The object of a `42<namespace>,["stream",{…}]` frame.
fn stream_event(frame: &str, namespace: &str) -> Value {
    let data = frame
        .strip_prefix(&format!("42{namespace},"))
        .unwrap_or_else(|| panic!("not an event of {namespace}: {frame}"));
    let value: Value = serde_json::from_str(data).unwrap();
    assert_eq!(value[0], "stream", "{frame}");
    value[1].clone()
}

async fn call(
    server: &Server,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, String) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let response = server
        .app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

async fn get(server: &Server, path: &str, token: Option<&str>) -> Value {
    let (status, text) = call(server, "GET", path, token, None).await;
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(&text).unwrap()
}

fn token(server: &Server) -> String {
    server
        .sandbox
        .issue_token_for_tests(DEMO, &["basic", "activity", "trade"])
}

/// A book side by price text: (amount text, timestamp), exactly as written.
type Side = BTreeMap<String, (String, String)>;

fn side(levels: &Value) -> Side {
    levels
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["price"].to_string(),
                (l["amount"].to_string(), l["timestamp"].to_string()),
            )
        })
        .collect()
}

/// Applies a stream event's levels (new totals; `0` or `null` removes).
fn apply(book: &mut Side, changes: &Value) {
    for change in changes.as_array().into_iter().flatten() {
        assert_eq!(change["currency"], "EUR");
        let price = change["price"].to_string();
        let amount = change["amount"].to_string();
        if amount == "0" || amount == "null" {
            assert!(book.remove(&price).is_some(), "removed {price} was there");
        } else {
            book.insert(price, (amount, change["timestamp"].to_string()));
        }
    }
}

#[tokio::test]
async fn the_handshake_pings_and_namespaces_are_socketio_2s() {
    let server = server(|_| {}).await;
    let mut ws = connect(&server).await;
    let open = recv(&mut ws).await;
    let sid = open
        .strip_prefix(r#"0{"sid":""#)
        .and_then(|rest| rest.split_once('"'))
        .map(|(sid, _)| sid.to_owned())
        .unwrap();
    assert_eq!(sid.len(), 20);
    assert_eq!(
        open,
        format!(r#"0{{"sid":"{sid}","upgrades":[],"pingInterval":25000,"pingTimeout":60000}}"#)
    );
    assert_eq!(recv(&mut ws).await, "40");
    send(&mut ws, "2").await;
    assert_eq!(recv(&mut ws).await, "3");
    send(&mut ws, "2probe").await;
    assert_eq!(recv(&mut ws).await, "3probe");
    send(&mut ws, "40/public,").await;
    assert_eq!(recv(&mut ws).await, "40/public,");
    send(&mut ws, "40/user?x=1,").await;
    assert_eq!(recv(&mut ws).await, "40/user,");
    send(&mut ws, "40/private,").await;
    assert_eq!(recv(&mut ws).await, r#"44/private,"Invalid namespace""#);
    // Leaving /public: no more events from it.
    send(&mut ws, "41/public,").await;
    assert_eq!(until_pong(&mut ws).await, Vec::<String>::new());
    server.clock.advance_ms(5 * TICK_MS);
    get(&server, "/api/v1/data/eur/depth", None).await;
    assert_eq!(until_pong(&mut ws).await, Vec::<String>::new());
    // Noops and client-side pongs are nothing to answer.
    send(&mut ws, "6").await;
    send(&mut ws, "1").await;
    match maybe(&mut ws, WAIT).await {
        Some(Ok(Message::Close(_))) => {}
        other => panic!("expected a close frame, got {other:?}"),
    }
    // Every socket has its own sid.
    let mut again = connect(&server).await;
    assert!(!recv(&mut again).await.contains(&sid));
}

#[tokio::test]
async fn other_versions_and_transports_get_engineio_3s_errors() {
    let server = server(|_| {}).await;
    for (query, body) in [
        (
            "EIO=3&transport=polling",
            r#"{"code":0,"message":"Transport unknown"}"#,
        ),
        ("EIO=3", r#"{"code":0,"message":"Transport unknown"}"#),
        (
            "EIO=3&transport=websocket&sid=abc",
            r#"{"code":1,"message":"Session ID unknown"}"#,
        ),
        (
            "EIO=4&transport=websocket",
            r#"{"code":3,"message":"Bad request"}"#,
        ),
        (
            "transport=websocket",
            r#"{"code":3,"message":"Bad request"}"#,
        ),
        // Not an upgrade.
        (
            "EIO=3&transport=websocket",
            r#"{"code":3,"message":"Bad request"}"#,
        ),
    ] {
        let (status, text) = call(
            &server,
            "GET",
            &format!("/ws/socket.io/?{query}"),
            None,
            None,
        )
        .await;
        assert_eq!((status, text.as_str()), (400, body), "{query}");
    }
    let (status, text) = call(
        &server,
        "POST",
        "/ws/socket.io/?EIO=3&transport=websocket",
        None,
        None,
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (400, r#"{"code":2,"message":"Bad handshake method"}"#)
    );
    let url = format!(
        "ws://{}/ws/socket.io/?EIO=4&transport=websocket",
        server.addr
    );
    assert!(tokio_tungstenite::connect_async(url).await.is_err());
}

#[tokio::test]
async fn a_socket_that_sends_nothing_is_closed_and_one_that_pings_is_not() {
    let server = server(|c| {
        c.ping_interval_ms = 150;
        c.ping_timeout_ms = 150;
    })
    .await;
    let mut pinging = connect(&server).await;
    assert!(
        recv(&mut pinging)
            .await
            .contains(r#""pingInterval":150,"pingTimeout":150}"#)
    );
    let mut idle = connect(&server).await;
    recv(&mut idle).await;
    assert_eq!(recv(&mut idle).await, "40");
    assert_eq!(recv(&mut pinging).await, "40");
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        send(&mut pinging, "2").await;
        assert_eq!(recv(&mut pinging).await, "3");
    }
    match maybe(&mut idle, Duration::from_millis(100)).await {
        Some(Ok(Message::Close(_))) => {}
        other => panic!("the idle socket was closed by now: {other:?}"),
    }
}

#[tokio::test]
async fn bad_input_closes_the_socket() {
    let server = server(|_| {}).await;
    for bad in ["x", "", "4x", "42/user,[", "45-/public,{}"] {
        let mut ws = joined(&server, "/user").await;
        send(&mut ws, bad).await;
        match maybe(&mut ws, WAIT).await {
            Some(Ok(Message::Close(_))) => {}
            other => panic!("{bad:?}: expected a close frame, got {other:?}"),
        }
    }
    let mut ws = joined(&server, "/public").await;
    let huge = format!("42/public,[\"x\",\"{}\"]", "y".repeat(1_100_000));
    let _ = ws.send(Message::Text(huge.into())).await;
    assert!(
        !matches!(
            maybe(&mut ws, WAIT).await,
            Some(Ok(Message::Text(_))) | None
        ),
        "a message over 1 MB is refused"
    );
}

/// Places a limit order for the demo account; its UUID.
async fn limit(
    server: &Server,
    token: &str,
    direction: &str,
    price: String,
    amount: &str,
) -> String {
    let (status, text) = call(
        server,
        "POST",
        "/api/v1/user/orders",
        Some(token),
        Some(json!({"type": "LimitOrder", "direction": direction, "price": price, "amount": amount, "currency": "EUR"})),
    )
    .await;
    assert_eq!(status, 201, "{text}");
    let order: Value = serde_json::from_str(&text).unwrap();
    order["uuid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_rest_depth_plus_every_update_is_the_later_rest_depth() {
    let server = server(|_| {}).await;
    let token = token(&server);
    let mut ws = joined(&server, "/public").await;
    let first = get(&server, "/api/v1/data/eur/depth", None).await;
    let first_trades = get(&server, "/api/v1/data/eur/trades", None).await;
    let (mut bids, mut asks) = (side(&first["bids"]), side(&first["asks"]));
    let mut trades: Vec<Value> = Vec::new();
    let mut ticker = Value::Null;
    let mut events = 0;
    let mut resting = Vec::new();
    for step in 0..80 {
        server.clock.advance_ms(TICK_MS);
        let depth = get(&server, "/api/v1/data/eur/depth", None).await;
        let best_bid: f64 = depth["bids"].as_array().unwrap().last().unwrap()["price"]
            .to_string()
            .parse()
            .unwrap();
        match step % 10 {
            // Resting below the best bid, then canceled.
            3 => resting.push(
                limit(
                    &server,
                    &token,
                    "buy",
                    format!("{:.2}", best_bid - 1.0),
                    "0.013",
                )
                .await,
            ),
            5 => {
                let uuid = resting.pop().unwrap();
                let (status, _) = call(
                    &server,
                    "DELETE",
                    &format!("/api/v1/user/orders/{uuid}/cancel"),
                    Some(&token),
                    None,
                )
                .await;
                assert_eq!(status, 200);
            }
            // Crossing: a sell at the best bid takes from it.
            7 => {
                limit(
                    &server,
                    &token,
                    "sell",
                    format!("{:.2}", best_bid - 0.5),
                    "0.02",
                )
                .await;
            }
            _ => {}
        }
        if step % 20 == 19 {
            for frame in until_pong(&mut ws).await {
                let event = stream_event(&frame, "/public");
                events += 1;
                apply(&mut bids, &event["bids"]);
                apply(&mut asks, &event["asks"]);
                trades.extend(event["trades"].as_array().into_iter().flatten().cloned());
                if !event["ticker"].is_null() {
                    ticker = event["ticker"].clone();
                }
            }
            let now = get(&server, "/api/v1/data/eur/depth", None).await;
            assert_eq!(bids, side(&now["bids"]), "bids after step {step}");
            assert_eq!(asks, side(&now["asks"]), "asks after step {step}");
            assert_eq!(ticker, get(&server, "/api/v1/data/eur/ticker", None).await);
        }
    }
    assert!(events >= 80, "an event per step at least: {events}");
    // Every trade since the first snapshot came once, in order, as /trades writes it.
    let old: Vec<&Value> = first_trades.as_array().unwrap().iter().collect();
    let latest = get(&server, "/api/v1/data/eur/trades", None).await;
    let new: Vec<&Value> = latest
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !old.contains(t))
        .collect();
    assert!(!new.is_empty());
    assert_eq!(
        trades[trades.len() - new.len()..]
            .iter()
            .collect::<Vec<_>>(),
        new
    );
}

#[tokio::test]
async fn the_market_moves_by_itself_while_a_socket_listens() {
    let server = server(|c| {
        c.clock = Arc::new(bitcoin_central_sandbox::clock::SystemClock);
        c.tick_ms = 100;
    })
    .await;
    let mut ws = joined(&server, "/public").await;
    for _ in 0..3 {
        let event = stream_event(&recv(&mut ws).await, "/public");
        assert!(!event.as_object().unwrap().is_empty(), "{event}");
    }
}

#[tokio::test]
async fn a_removed_level_is_0_or_null_as_asked() {
    for (removed, written) in [(RemovedLevel::Zero, "0"), (RemovedLevel::Null, "null")] {
        let server = server(|c| c.stream_removed = removed).await;
        let mut ws = joined(&server, "/public").await;
        let mut seen = false;
        for _ in 0..40 {
            server.clock.advance_ms(TICK_MS);
            get(&server, "/api/v1/data/eur/depth", None).await;
            for frame in until_pong(&mut ws).await {
                let event = stream_event(&frame, "/public");
                for level in ["bids", "asks"]
                    .iter()
                    .flat_map(|s| event[s].as_array().cloned().unwrap_or_default())
                {
                    let amount = level["amount"].to_string();
                    assert_ne!(amount, if written == "0" { "null" } else { "0" });
                    seen |= amount == written;
                }
            }
        }
        assert!(seen, "a level went, written {written}");
    }
}

#[tokio::test]
async fn a_users_channel_hears_its_balances_and_orders() {
    let server = server(|_| {}).await;
    let token = token(&server);
    let user = get(&server, "/api/v1/user", Some(&token)).await;
    let channel = user["channel_id"].as_str().unwrap().to_owned();
    let second = server
        .sandbox
        .issue_token_for_tests(bitcoin_central_sandbox::accounts::SECOND, &["basic"]);
    let other = get(&server, "/api/v1/user", Some(&second)).await;
    assert_ne!(other["channel_id"], user["channel_id"]);

    let mut ws = joined(&server, "/user").await;
    // A wrong id: refused, and not echoed.
    let wrong = "0".repeat(32);
    send(&mut ws, &format!(r#"42/user,["channel","{wrong}"]"#)).await;
    assert_eq!(recv(&mut ws).await, r#"44/user,"unknown channel""#);
    send(&mut ws, &format!(r#"42/user,1["channel","{channel}"]"#)).await;
    assert_eq!(recv(&mut ws).await, "43/user,1[]");
    assert_eq!(
        recv(&mut ws).await,
        r#"42/user,["stream",{"balance_btc":25.78866278,"locked_btc":0.0,"balance_eur":1893.96,"locked_eur":0.0}]"#
    );

    let depth = get(&server, "/api/v1/data/eur/depth", None).await;
    let best_bid: f64 = depth["bids"].as_array().unwrap().last().unwrap()["price"]
        .to_string()
        .parse()
        .unwrap();
    let uuid = limit(
        &server,
        &token,
        "buy",
        format!("{:.2}", best_bid - 2.0),
        "0.1",
    )
    .await;
    let placed = stream_event(&recv(&mut ws).await, "/user");
    assert_eq!(placed["orders"][0]["uuid"], uuid.as_str());
    assert_eq!(placed["orders"][0]["state"], "pending_execution");
    assert!(placed["locked_eur"].is_number() && placed["balance_eur"].is_number());
    assert!(
        placed.get("balance_btc").is_none(),
        "only what changed: {placed}"
    );
    // The next request runs the engine: the order rests, active.
    let order = get(
        &server,
        &format!("/api/v1/user/orders/{uuid}"),
        Some(&token),
    )
    .await;
    let active = stream_event(&recv(&mut ws).await, "/user");
    assert_eq!(active["orders"][0], order);
    assert_eq!(order["state"], "active");
    // Canceled: the order and the unlocked funds.
    call(
        &server,
        "DELETE",
        &format!("/api/v1/user/orders/{uuid}/cancel"),
        Some(&token),
        None,
    )
    .await;
    let canceled = stream_event(&recv(&mut ws).await, "/user");
    assert_eq!(canceled["orders"][0]["state"], "canceled");
    assert_eq!(canceled["locked_eur"].to_string(), "0.0");
    // The second account's changes are not this channel's.
    let frames = until_pong(&mut ws).await;
    assert!(frames.is_empty(), "{frames:?}");
}

async fn queue_fault(server: &Server, fault: Value) {
    let (status, text) = call(server, "POST", "/_sandbox/faults", None, Some(fault)).await;
    assert_eq!(status, 201, "{text}");
}

/// Moves the market a step (an event for `/public` sockets).
async fn step(server: &Server) {
    server.clock.advance_ms(TICK_MS);
    get(server, "/api/v1/data/eur/depth", None).await;
}

#[tokio::test]
async fn stream_faults_act_on_the_next_frame() {
    let server = server(|_| {}).await;
    let mut ws = joined(&server, "/public").await;
    queue_fault(
        &server,
        json!({"fault": "stream-malformed", "namespace": "/public"}),
    )
    .await;
    queue_fault(
        &server,
        json!({"fault": "stream-oversized", "times": 2, "namespace": "/public"}),
    )
    .await;
    assert_eq!(
        get(&server, "/_sandbox/faults", None).await,
        json!({"faults": [
            {"fault": "stream-malformed", "times": 1, "path": null, "method": null, "namespace": "/public"},
            {"fault": "stream-oversized", "times": 2, "path": null, "method": null, "namespace": "/public"},
        ]})
    );
    // Not in a path, and not with a path.
    let (status, _) = call(
        &server,
        "POST",
        "/_sandbox/faults",
        None,
        Some(json!({"fault": "stream-drop", "path": "/api"})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &server,
        "GET",
        "/_sandbox/fault/stream-drop/api/v1/data/eur/ticker",
        None,
        None,
    )
    .await;
    assert_eq!(status, 404);

    // Frames of other namespaces (and pongs) are left alone.
    assert_eq!(until_pong(&mut ws).await, Vec::<String>::new());
    step(&server).await;
    assert_eq!(recv(&mut ws).await, r#"42/public,["stream",{"bids":["#);
    step(&server).await;
    let big = recv(&mut ws).await;
    assert!(big.len() > 1_500_000, "{}", big.len());
    let event = stream_event(&big, "/public");
    assert!(event.is_object());
    assert_eq!(
        get(&server, "/_sandbox/faults", None).await["faults"][0]["times"],
        1
    );
    step(&server).await;
    assert!(recv(&mut ws).await.len() > 1_500_000);
    step(&server).await;
    assert!(recv(&mut ws).await.len() < 100_000, "the faults ran out");
    assert_eq!(
        get(&server, "/_sandbox/faults", None).await,
        json!({"faults": []})
    );

    // Silent: no pong, no event, the socket open.
    queue_fault(&server, json!({"fault": "stream-silent"})).await;
    send(&mut ws, "2").await;
    step(&server).await;
    send(&mut ws, "2").await;
    assert!(
        maybe(&mut ws, Duration::from_millis(500)).await.is_none(),
        "silence"
    );

    // Drop: the connection ends with no close frame and no `1`.
    let mut ws = joined(&server, "/public").await;
    queue_fault(
        &server,
        json!({"fault": "stream-drop", "namespace": "/public"}),
    )
    .await;
    step(&server).await;
    match maybe(&mut ws, WAIT).await {
        Some(Err(_)) => {}
        other => panic!("expected the connection to end abruptly, got {other:?}"),
    }
}
