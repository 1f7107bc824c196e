//! Browser tier, the market stream: `client.marketStream()` in a real browser against
//! the sandbox's socket.io stream — live, in step with the REST depth, and recovering
//! from each stream fault the sandbox queues (`POST /_sandbox/faults`): a dropped
//! socket, a silent one (no pongs), a malformed frame, an oversized frame. After each
//! recovery the book equals a fresh REST snapshot, level by level. Without a socket
//! (every WebSocket refused, as by a CSP) the stream polls, and goes live again once it
//! can; the page's handles on one market share one socket; a hidden tab pauses it.
//!
//! `make test` starts the sandbox with `--ping-interval-ms 1000 --ping-timeout-ms 2000`,
//! so that a silent socket is noticed within seconds.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use bitcoin_central::js::{JsClient, JsMarketStream};
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Function, JSON, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/consent.rs"]
mod consent;
#[path = "support/faults.rs"]
mod faults;

const SANDBOX: &str = env!("SANDBOX_URL");

fn client() -> JsClient {
    let options = JSON::parse(&format!(r#"{{"baseUrl":"{SANDBOX}"}}"#)).unwrap();
    JsClient::new(options).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)))
}

/// What a stream's listeners heard.
#[derive(Default)]
struct Heard {
    updates: u32,
    trades: u32,
    statuses: Vec<String>,
    errors: Vec<String>,
}

/// A stream with a listener on each event, and what they heard.
fn listened() -> (JsMarketStream, Rc<RefCell<Heard>>) {
    let stream = client()
        .market_stream()
        .unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)));
    let heard = Rc::new(RefCell::new(Heard::default()));
    let on = |event: &str, listener: Closure<dyn FnMut(JsValue)>| {
        let function: Function = listener.into_js_value().into();
        stream.on(event.into(), function.into()).unwrap();
    };
    let h = heard.clone();
    on(
        "update",
        Closure::new(move |_| {
            if let Ok(mut h) = h.try_borrow_mut() {
                h.updates += 1;
            }
        }),
    );
    let h = heard.clone();
    on(
        "trade",
        Closure::new(move |_| {
            if let Ok(mut h) = h.try_borrow_mut() {
                h.trades += 1;
            }
        }),
    );
    let h = heard.clone();
    on(
        "status",
        Closure::new(move |s: JsValue| h.borrow_mut().statuses.push(s.as_string().unwrap())),
    );
    let h = heard.clone();
    on(
        "error",
        Closure::new(move |e: JsValue| {
            let kind = Reflect::get(&e, &"kind".into())
                .unwrap()
                .as_string()
                .unwrap_or_default();
            let code = Reflect::get(&e, &"code".into())
                .unwrap()
                .as_string()
                .unwrap_or_default();
            h.borrow_mut().errors.push(format!("{kind}/{code}"));
        }),
    );
    (stream, heard)
}

/// Waits until `done` holds, for at most `ms`.
async fn until(ms: u32, what: &str, mut done: impl FnMut() -> bool) {
    let mut waited = 0;
    while !done() {
        assert!(waited < ms, "waited {ms} ms for {what}");
        TimeoutFuture::new(50).await;
        waited += 50;
    }
}

/// The REST depth as `price=amount` lists, best first.
async fn rest_depth() -> (Vec<String>, Vec<String>) {
    let text = Request::get(&format!("{SANDBOX}/api/v1/data/eur/depth"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let depth = bitcoin_central::js::parse_depth_book(text.into()).unwrap();
    let side = |levels: JsValue| -> Vec<String> {
        Array::from(&levels)
            .iter()
            .map(|l| {
                let f = |k: &str| Reflect::get(&l, &k.into()).unwrap().as_string().unwrap();
                format!("{}={}", f("price"), f("amount"))
            })
            .collect()
    };
    let all = JsValue::UNDEFINED;
    (
        side(depth.bids(all.clone()).unwrap()),
        side(depth.asks(all).unwrap()),
    )
}

fn stream_book(stream: &JsMarketStream) -> (Vec<String>, Vec<String>) {
    let book = stream.book(JsValue::UNDEFINED).unwrap();
    let side = |name: &str| -> Vec<String> {
        Array::from(&Reflect::get(&book, &name.into()).unwrap())
            .iter()
            .map(|l| {
                let f = |k: &str| Reflect::get(&l, &k.into()).unwrap().as_string().unwrap();
                format!("{}={}", f("price"), f("amount"))
            })
            .collect()
    };
    (side("bids"), side("asks"))
}

/// The stream's book equals a REST snapshot taken just after one of its updates (the
/// market moves every 500 ms: a few tries find a moment between two steps).
async fn book_is_the_servers(stream: &JsMarketStream, heard: &Rc<RefCell<Heard>>) {
    let mut last = None;
    for _ in 0..20 {
        let seen = heard.borrow().updates;
        until(5_000, "an update", || heard.borrow().updates > seen).await;
        let ours = stream_book(stream);
        let theirs = rest_depth().await;
        if ours == theirs {
            assert!(
                !ours.0.is_empty() && !ours.1.is_empty(),
                "a book with both sides"
            );
            return;
        }
        last = Some((ours, theirs));
    }
    panic!("the stream's book never equalled the REST depth: {last:?}");
}

/// Queues a stream fault for the next frame of the `/public` sockets.
async fn queue(fault: &str) {
    let body = format!(r#"{{"fault":"{fault}","times":1,"namespace":"/public"}}"#);
    faults::queue(SANDBOX, body).await;
}

#[wasm_bindgen_test]
async fn the_stream_goes_live_and_keeps_the_servers_book() {
    let (stream, heard) = listened();
    assert_eq!(stream.status(), "connecting");
    until(10_000, "live", || stream.status() == "live").await;
    let (statuses, errors) = (
        heard.borrow().statuses.clone(),
        heard.borrow().errors.clone(),
    );
    assert_eq!(statuses, ["live"], "errors: {errors:?}");
    let ticker = stream.ticker().unwrap();
    assert!(
        Reflect::get(&ticker, &"price".into()).unwrap().is_string(),
        "exact strings"
    );
    let top = stream.book(JsValue::from(3)).unwrap();
    let bids = Array::from(&Reflect::get(&top, &"bids".into()).unwrap());
    assert_eq!(bids.length(), 3);
    // Each level's total: the exact sum of the amounts from the best one to it.
    let mut sum = rust_decimal::Decimal::ZERO;
    for level in bids.iter() {
        let field = |k: &str| {
            Reflect::get(&level, &k.into())
                .unwrap()
                .as_string()
                .unwrap()
        };
        sum += field("amount").parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(
            field("total").parse::<rust_decimal::Decimal>().unwrap(),
            sum
        );
    }
    book_is_the_servers(&stream, &heard).await;
    until(10_000, "a trade", || heard.borrow().trades > 0).await;
    let trades = Array::from(&stream.trades().unwrap());
    assert!(trades.length() > 0 && trades.length() <= 50);
    assert!(
        heard.borrow().errors.is_empty(),
        "{:?}",
        heard.borrow().errors
    );
    stream.close();
    assert_eq!(stream.status(), "closed");
    let updates = heard.borrow().updates;
    TimeoutFuture::new(1_500).await;
    assert_eq!(heard.borrow().updates, updates, "nothing after close()");
}

#[wasm_bindgen_test]
async fn each_stream_fault_is_reported_and_recovered_from() {
    for (fault, error, via) in [
        ("stream-drop", "stream/closed", "reconnecting"),
        ("stream-silent", "stream/no-pong", "reconnecting"),
        ("stream-malformed", "stream/malformed-frame", "stale"),
        ("stream-oversized", "stream/frame-too-large", "stale"),
    ] {
        let (stream, heard) = listened();
        until(10_000, "live", || stream.status() == "live").await;
        queue(fault).await;
        until(15_000, &format!("{fault}: the error"), || {
            heard.borrow().errors.iter().any(|e| e == error)
        })
        .await;
        until(15_000, &format!("{fault}: live again"), || {
            let h = heard.borrow();
            h.statuses.iter().any(|s| s == via)
                && h.statuses.last().map(String::as_str) == Some("live")
        })
        .await;
        book_is_the_servers(&stream, &heard).await;
        stream.close();
    }
}

#[wasm_bindgen_test]
fn on_refuses_an_unknown_event_or_a_non_function() {
    let stream = client().market_stream().unwrap();
    let error = JsValue::from(
        stream
            .on("tick".into(), Function::new_no_args("").into())
            .unwrap_err(),
    );
    assert_eq!(Reflect::get(&error, &"argument".into()).unwrap(), "event");
    let error = JsValue::from(stream.on("update".into(), JsValue::from(3)).unwrap_err());
    assert_eq!(
        Reflect::get(&error, &"argument".into()).unwrap(),
        "listener"
    );
    // The function given back stops the listener.
    let off = stream
        .on("update".into(), Function::new_no_args("").into())
        .unwrap();
    off.call0(&JsValue::UNDEFINED).unwrap();
    stream.close();
}

/// Runs `code` in the page (to stand in for the browser: a refused WebSocket, a
/// hidden tab).
fn page(code: &str) -> JsValue {
    Function::new_no_args(code)
        .call0(&JsValue::UNDEFINED)
        .unwrap()
}

/// The ticker GETs the sandbox has received.
async fn ticker_calls() -> f64 {
    faults::received(SANDBOX, "/api/v1/data/eur/ticker").await
}

#[wasm_bindgen_test]
async fn without_a_socket_the_stream_polls_until_it_has_one_again() {
    // Every WebSocket refused, as a page's CSP would.
    page(
        "globalThis.__WebSocket = globalThis.WebSocket; \
         globalThis.WebSocket = class { constructor() { throw new DOMException('refused by the test', 'SecurityError'); } };",
    );
    let (stream, heard) = listened();
    stream.set_poll_interval(JsValue::from(2_000)).unwrap();
    assert_eq!(stream.poll_interval(), 2_000);
    until(9_000, "polling", || stream.status() == "polling").await;
    assert!(
        heard.borrow().statuses.iter().all(|s| s != "live"),
        "{:?}",
        heard.borrow().statuses
    );
    assert!(stream.ticker().unwrap().is_object(), "the poll's ticker");
    let (bids, asks) = stream_book(&stream);
    assert!(!bids.is_empty() && !asks.is_empty(), "the poll's book");
    assert!(stream.retry_at().is_null(), "no poll failed");
    // The next poll comes on the interval.
    let (updates, calls) = (heard.borrow().updates, ticker_calls().await);
    until(3_500, "the next poll", || heard.borrow().updates > updates).await;
    assert!(ticker_calls().await > calls);
    assert_eq!(stream.status(), "polling");
    // A refused setting is refused, and the interval kept.
    assert!(stream.set_poll_interval(JsValue::from("soon")).is_err());
    assert_eq!(stream.poll_interval(), 2_000);

    // The socket can be had again: the stream goes live on its own and polls no more.
    page("globalThis.WebSocket = globalThis.__WebSocket;");
    until(40_000, "live again", || stream.status() == "live").await;
    book_is_the_servers(&stream, &heard).await;
    let calls = ticker_calls().await;
    TimeoutFuture::new(4_500).await;
    assert_eq!(ticker_calls().await, calls, "no poll while live");
    assert!(
        heard.borrow().errors.iter().all(|e| e == "stream/closed"),
        "only the refused sockets: {:?}",
        heard.borrow().errors
    );
    stream.close();
}

#[wasm_bindgen_test]
async fn the_pages_handles_on_one_market_share_one_socket() {
    // Counts the sockets the page opens.
    page(
        "globalThis.__sockets = 0; const Native = globalThis.WebSocket; \
         globalThis.WebSocket = class extends Native { constructor(...a) { super(...a); globalThis.__sockets += 1; } };",
    );
    let sockets = || {
        Reflect::get(&js_sys::global(), &"__sockets".into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    let (first, _) = listened();
    let (second, heard) = listened();
    until(10_000, "live", || first.status() == "live").await;
    assert_eq!(second.status(), "live", "one stream");
    assert_eq!(sockets(), 1.0);
    assert_eq!(stream_book(&first), stream_book(&second));
    // The first handle closed: its status says so, the other goes on.
    first.close();
    assert_eq!(first.status(), "closed");
    assert_eq!(second.status(), "live");
    let updates = heard.borrow().updates;
    until(3_000, "an update after the first handle closed", || {
        heard.borrow().updates > updates
    })
    .await;
    // The page's last handle closes the socket; a new one opens another.
    second.close();
    let (third, _) = listened();
    assert_eq!(third.status(), "connecting");
    until(10_000, "live", || third.status() == "live").await;
    assert_eq!(sockets(), 2.0);
    third.close();
    page("globalThis.WebSocket = Object.getPrototypeOf(globalThis.WebSocket);");
}

#[wasm_bindgen_test]
async fn a_hidden_tab_pauses_the_stream_and_showing_it_brings_it_back() {
    let (stream, heard) = listened();
    until(10_000, "live", || stream.status() == "live").await;
    let visibility = |state: &str| {
        page(&format!(
            "Object.defineProperty(document, 'visibilityState', {{ configurable: true, get: () => '{state}' }}); \
             document.dispatchEvent(new Event('visibilitychange'));"
        ))
    };
    visibility("hidden");
    until(1_000, "paused", || stream.status() == "paused").await;
    TimeoutFuture::new(200).await;
    let updates = heard.borrow().updates;
    TimeoutFuture::new(1_500).await;
    assert_eq!(heard.borrow().updates, updates, "nothing while hidden");
    visibility("visible");
    until(10_000, "live again", || stream.status() == "live").await;
    assert_eq!(
        heard.borrow().statuses,
        ["live", "paused", "reconnecting", "live"]
    );
    book_is_the_servers(&stream, &heard).await;
    stream.close();
    page("delete document.visibilityState;");
}

mod account {
    //! The account stream: the balances and an order's changes arrive as they happen.
    use std::cell::RefCell;
    use std::rc::Rc;

    use bitcoin_central::js::{JsClient, JsOAuth};
    use js_sys::{Array, Function, JSON, Promise, Reflect};
    use wasm_bindgen::JsValue;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::*;

    use super::{SANDBOX, until};

    fn js(json: &str) -> JsValue {
        JSON::parse(json).unwrap()
    }

    async fn resolve(promise: Promise) -> JsValue {
        JsFuture::from(promise)
            .await
            .unwrap_or_else(|e| panic!("{:?}", JSON::stringify(&e)))
    }

    /// A client logged in through the sandbox's consent form (posted by the test).
    async fn logged_in() -> JsClient {
        let oauth = JsOAuth::new(js(&format!(
            r#"{{"provider":"bitcoin-central","baseUrl":"{SANDBOX}","clientId":"bitcoin-central-demo","redirectUri":"{SANDBOX}/","scopes":["basic","activity","trade"],"storage":"memory"}}"#
        )))
        .unwrap();
        super::consent::approve(&oauth, SANDBOX).await;
        let client = JsClient::new(js(&format!(r#"{{"baseUrl":"{SANDBOX}"}}"#))).unwrap();
        client.use_auth(&oauth);
        client
    }

    fn text(value: &JsValue, key: &str) -> String {
        Reflect::get(value, &key.into())
            .unwrap()
            .as_string()
            .unwrap_or_default()
    }

    #[wasm_bindgen_test]
    async fn an_order_placed_shows_in_the_account_stream_with_its_funds_locked() {
        let client = logged_in().await;
        let stream = client
            .account_stream()
            .unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)));
        let orders: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
        let errors: Rc<RefCell<Vec<String>>> = Rc::default();
        let seen = orders.clone();
        let on_order = Closure::<dyn FnMut(JsValue)>::new(move |o: JsValue| {
            if let Ok(mut seen) = seen.try_borrow_mut() {
                seen.push((text(&o, "uuid"), text(&o, "state")));
            }
        });
        stream
            .on(
                "order".into(),
                Function::from(on_order.into_js_value()).into(),
            )
            .unwrap();
        let heard = errors.clone();
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            if let Ok(mut heard) = heard.try_borrow_mut() {
                heard.push(format!("{}/{}", text(&e, "kind"), text(&e, "code")));
            }
        });
        stream
            .on(
                "error".into(),
                Function::from(on_error.into_js_value()).into(),
            )
            .unwrap();
        until(10_000, "the account stream live", || {
            stream.status() == "live"
        })
        .await;
        let before = stream.user().unwrap();
        assert_eq!(text(&before, "name"), "BC-U123456");
        let locked_before: rust_decimal::Decimal = text(&before, "lockedEur").parse().unwrap();

        // A limit buy far below the market rests: the stream tells it, then its lock.
        let placed = resolve(client.place_order(js(
            r#"{"type":"LimitOrder","direction":"buy","price":"100.00","amount":"0.01"}"#,
        )))
        .await;
        let uuid = text(&placed, "uuid");
        until(5_000, "the order in the stream", || {
            orders
                .borrow()
                .iter()
                .any(|(u, state)| *u == uuid && state == "active")
        })
        .await;
        until(5_000, "the funds locked", || {
            let user = stream.user().unwrap();
            text(&user, "lockedEur")
                .parse::<rust_decimal::Decimal>()
                .unwrap()
                == locked_before + rust_decimal::Decimal::ONE
        })
        .await;
        // Canceled: unlocked, and told.
        resolve(client.cancel_order(JsValue::from(uuid.clone()))).await;
        until(5_000, "the cancel in the stream", || {
            orders
                .borrow()
                .iter()
                .any(|(u, state)| *u == uuid && state == "canceled")
        })
        .await;
        let changed = Array::from(&stream.orders().unwrap());
        assert_eq!(
            text(&changed.get(0), "uuid"),
            uuid,
            "the latest change first"
        );
        assert!(errors.borrow().is_empty(), "{:?}", errors.borrow());
        stream.close();
        assert_eq!(stream.status(), "closed");
    }

    #[wasm_bindgen_test]
    fn without_a_session_the_account_stream_is_refused() {
        let client = JsClient::new(js(&format!(r#"{{"baseUrl":"{SANDBOX}"}}"#))).unwrap();
        for refused in [client.account_stream().err(), client.user_stream().err()] {
            let error = JsValue::from(refused.expect("refused"));
            assert_eq!(text(&error, "kind"), "session");
            assert_eq!(text(&error, "code"), "missing");
        }
    }
}
