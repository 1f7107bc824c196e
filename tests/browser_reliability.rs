//! Browser tier, reliability: the JS `Client` in a headless browser against the
//! sandbox's faults, queued through its admin endpoint (`POST /_sandbox/faults`) so
//! the client keeps its real base URL, and counted through `/_sandbox/requests`:
//! retries of GETs (and their limits), each fault's typed error, the shared rate
//! limiter under a burst, and many overlapping calls on one client.
//!
//! `make test` sets, at compile time, `SANDBOX_URL` and `LIMITED_URL` (a second sandbox
//! allowing only 20 calls per 5 seconds).
#![cfg(target_arch = "wasm32")]

use bitcoin_central::js::JsClient;
use gloo_net::http::Request;
use js_sys::{Array, JSON, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/faults.rs"]
mod faults;

const SANDBOX: &str = env!("SANDBOX_URL");
const LIMITED: &str = env!("LIMITED_URL");

fn client(base: &str, extra: &str) -> JsClient {
    let options = JSON::parse(&format!(r#"{{"baseUrl":"{base}"{extra}}}"#)).unwrap();
    JsClient::new(options).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or_else(|_| panic!("no {key}"))
}

async fn failure(promise: Promise, what: &str) -> JsValue {
    match JsFuture::from(promise).await {
        Err(error) => error,
        Ok(value) => panic!(
            "{what}: the call should fail, got {:?}",
            JSON::stringify(&value)
        ),
    }
}

fn kind(error: &JsValue) -> String {
    get(error, "kind").as_string().unwrap_or_default()
}

/// Queues `fault` for the next `times` GETs of `path`.
async fn queue(fault: &str, times: u32, path: &str) {
    faults::queue_get(SANDBOX, fault, times, path).await;
}

/// Clears the fault queue and the request counts.
async fn reset() {
    for what in ["faults", "requests"] {
        Request::delete(&format!("{SANDBOX}/_sandbox/{what}"))
            .send()
            .await
            .unwrap();
    }
}

/// GETs of `path` the sandbox received since the last `reset`.
async fn received(path: &str) -> f64 {
    faults::received(SANDBOX, path).await
}

const TICKER: &str = "/api/v1/data/eur/ticker";
const DEPTH: &str = "/api/v1/data/eur/depth";
const TRADES: &str = "/api/v1/data/eur/trades";

async fn a_get_is_retried_through_gateway_errors() {
    reset().await;
    queue("html-503", 1, DEPTH).await;
    queue("html-502", 1, DEPTH).await;
    let depth = JsFuture::from(client(SANDBOX, "").depth()).await.unwrap();
    assert!(Array::from(&get(&depth, "bids")).length() > 0);
    assert_eq!(received(DEPTH).await, 3.0, "a 503, a 502, then the answer");
    reset().await;
}

async fn retry_after_is_waited_out() {
    reset().await;
    queue("rate-limited-1", 1, TICKER).await;
    let started = js_sys::Date::now();
    JsFuture::from(client(SANDBOX, "").ticker()).await.unwrap();
    let waited = js_sys::Date::now() - started;
    assert!(
        waited >= 1000.0,
        "answered after {waited} ms, before Retry-After: 1"
    );
    assert_eq!(received(TICKER).await, 2.0);
    reset().await;
}

async fn each_fault_is_a_typed_error_when_retries_are_off() {
    let once = r#","retries":0"#;
    let cases = [
        ("html-500", "http", Some(500.0)),
        ("html-502", "http", Some(502.0)),
        ("html-503", "http", Some(503.0)),
        ("drop", "network", None),
        ("content-type", "decode", Some(200.0)),
        ("truncate", "decode", Some(200.0)),
        ("rate-limited-3", "rate-limited", Some(429.0)),
    ];
    for (fault, expected, status) in cases {
        reset().await;
        // The browser itself resends a GET when a connection closes without an
        // answer: Chromium up to twice (seen here), Firefox up to its
        // network.http.request.max-attempts (10). Drop more often than that to
        // reach the page.
        let times = if fault == "drop" { 12 } else { 1 };
        queue(fault, times, TRADES).await;
        let error = failure(client(SANDBOX, once).trades(), fault).await;
        assert_eq!(kind(&error), expected, "{fault}");
        assert_eq!(get(&error, "status").as_f64(), status, "{fault}");
        assert!(
            received(TRADES).await <= f64::from(times),
            "{fault}: not retried by the client"
        );
    }
    reset().await;
    queue("rate-limited-3", 1, TRADES).await;
    let error = failure(client(SANDBOX, once).trades(), "rate-limited-3").await;
    assert_eq!(get(&error, "retryAfter").as_f64(), Some(3.0));
    reset().await;
}

async fn a_body_slower_than_the_timeout_is_aborted() {
    reset().await;
    queue("slow-body-3000", 1, TRADES).await;
    let started = js_sys::Date::now();
    let error = failure(
        client(SANDBOX, r#","retries":0,"timeoutMs":500"#).trades(),
        "slow-body-3000",
    )
    .await;
    let took = js_sys::Date::now() - started;
    assert_eq!(kind(&error), "timeout");
    assert!(
        took < 2500.0,
        "aborted after {took} ms, not at the end of the body"
    );
    // Slow but within the timeout: the answer, whole.
    queue("slow-body-300", 1, TRADES).await;
    let trades = JsFuture::from(client(SANDBOX, r#","timeoutMs":5000"#).trades())
        .await
        .unwrap();
    assert!(Array::from(&trades).length() > 0);
    reset().await;
}

async fn the_budget_bounds_the_retries() {
    reset().await;
    // Retry-After: 30 is past the 10 s budget: the 429 comes back at once, tried once.
    queue("rate-limited-30", 1, TICKER).await;
    let started = js_sys::Date::now();
    let error = failure(client(SANDBOX, "").ticker(), "rate-limited-30").await;
    assert_eq!(kind(&error), "rate-limited");
    assert!(js_sys::Date::now() - started < 2000.0);
    assert_eq!(received(TICKER).await, 1.0);
    reset().await;
}

/// One journey, step after step: the sandbox's fault queue and counts are shared,
/// and wasm-bindgen-test runs async tests concurrently.
#[wasm_bindgen_test]
async fn faults_retries_and_their_limits() {
    a_get_is_retried_through_gateway_errors().await;
    retry_after_is_waited_out().await;
    each_fault_is_a_typed_error_when_retries_are_off().await;
    a_body_slower_than_the_timeout_is_aborted().await;
    the_budget_bounds_the_retries().await;
}

#[wasm_bindgen_test]
async fn many_overlapping_calls_on_one_client_all_succeed() {
    let client = client(SANDBOX, "");
    let calls = Array::new();
    // (The Bitcoin Charts endpoints: the journey above faults the others.)
    for i in 0..60 {
        let promise = match i % 2 {
            0 => client.bitcoin_charts_trades(),
            _ => client.bitcoin_charts_depth(),
        };
        calls.push(&promise);
    }
    let answers = JsFuture::from(Promise::all(&calls)).await.unwrap();
    assert_eq!(Array::from(&answers).length(), 60);
    assert!(client.rate_limit().is_object());
}

#[wasm_bindgen_test]
async fn the_shared_limiter_keeps_a_burst_under_the_server_s_limit() {
    // The limited sandbox allows 20 calls per 5 s; 3 a second after a burst of 3 stays
    // under it (at most 18 in any 5 s). Retries are off, so a 429 would show.
    let paced = r#","retries":0,"rateLimiter":{"perSecond":3,"burst":3}"#;
    let (a, b) = (client(LIMITED, paced), client(LIMITED, paced));
    let calls = Array::new();
    for i in 0..26 {
        let client = if i % 2 == 0 { &a } else { &b };
        calls.push(&client.ticker());
    }
    let started = js_sys::Date::now();
    let answers = JsFuture::from(Promise::all_settled(&calls)).await.unwrap();
    let took = js_sys::Date::now() - started;
    let refused: Vec<String> = Array::from(&answers)
        .iter()
        .filter(|a| get(a, "status").as_string().as_deref() == Some("rejected"))
        .map(|a| kind(&get(&a, "reason")))
        .collect();
    assert_eq!(
        refused,
        Vec::<String>::new(),
        "26 calls, more than the 20 allowed per 5 s, none refused"
    );
    // Paced, not all at once: the 26th waited for 23 slots at 3 a second.
    assert!(took >= 7000.0, "took {took} ms");
}
