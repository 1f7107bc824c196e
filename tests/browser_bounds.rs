//! Browser tier, bounded answers: the JS `Client` in a headless browser against a
//! hostile exchange (the sandbox's queued faults): an answer larger than
//! `maxResponseBytes` (sent chunked, or with its `Content-Length`), a body that never
//! ends, a `currency` string megabytes long. Each is its typed error within the
//! timeout and a small margin; an answer just under the limit is read; the client
//! works after. The times to the error are printed (`console_log!`).
//!
//! `make test` sets, at compile time, `SANDBOX_URL` (and `LIMITED_URL`, unused here).
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
const TICKER: &str = "/api/v1/data/eur/ticker";
const DEPTH: &str = "/api/v1/data/eur/depth";
/// The margin past `timeoutMs` a failure may take: generous, for a loaded machine.
const MARGIN_MS: f64 = 1000.0;

fn client(extra: &str) -> JsClient {
    let options = JSON::parse(&format!(r#"{{"baseUrl":"{SANDBOX}","retries":0{extra}}}"#)).unwrap();
    JsClient::new(options).unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)))
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or_else(|_| panic!("no {key}"))
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

/// The call's error, and how long it took to come, in milliseconds.
async fn failure(call: impl FnOnce() -> Promise, what: &str) -> (JsValue, f64) {
    let started = js_sys::Date::now();
    let outcome = JsFuture::from(call()).await;
    let took = js_sys::Date::now() - started;
    match outcome {
        Err(error) => (error, took),
        Ok(value) => {
            let got: String = JSON::stringify(&value)
                .map(String::from)
                .unwrap_or_default();
            panic!(
                "{what}: the call should fail, got {} bytes of JSON: {:.200}",
                got.len(),
                got
            )
        }
    }
}

/// Queues `fault` for the next GET of `path`.
async fn queue(fault: &str, path: &str) {
    faults::queue_get(SANDBOX, fault, 1, path).await;
}

async fn reset() {
    Request::delete(&format!("{SANDBOX}/_sandbox/faults"))
        .send()
        .await
        .unwrap();
}

async fn an_answer_past_the_limit_is_refused_as_it_streams_in() {
    // 9 MiB, chunked (no Content-Length): counted as it comes, over the default 8 MiB.
    for fault in ["oversized-9437184", "oversized-declared-9437184"] {
        reset().await;
        queue(fault, DEPTH).await;
        let timeout = 5000.0;
        let (error, took) = failure(|| client(r#","timeoutMs":5000"#).depth(), fault).await;
        console_log!("{fault}: {} after {took:.0} ms", text(&error, "kind"));
        assert_eq!(text(&error, "kind"), "decode", "{fault}");
        assert_eq!(get(&error, "status").as_f64(), Some(200.0), "{fault}");
        let message = text(&error, "message");
        assert!(
            message.contains("the answer is larger than 8388608 bytes"),
            "{fault}: {message}"
        );
        assert!(took < timeout + MARGIN_MS, "{fault}: {took} ms");
    }
}

async fn an_answer_just_under_the_limit_is_read() {
    reset().await;
    // The limit at 1 MiB: a depth padded to 1 MiB less a byte is read whole...
    queue("oversized-1048575", DEPTH).await;
    let limited = r#","maxResponseBytes":1048576"#;
    let depth = JsFuture::from(client(limited).depth()).await.unwrap();
    assert!(Array::from(&get(&depth, "bids")).length() > 0);
    // ...and one a byte past it is not.
    queue("oversized-1048577", DEPTH).await;
    let (error, _) = failure(|| client(limited).depth(), "oversized-1048577").await;
    assert_eq!(text(&error, "kind"), "decode");
    assert!(
        text(&error, "message").contains("larger than 1048576 bytes"),
        "{}",
        text(&error, "message")
    );
}

async fn a_body_that_never_ends_is_a_timeout_at_the_deadline() {
    reset().await;
    queue("endless-body", DEPTH).await;
    let timeout = 1500.0;
    let (error, took) = failure(|| client(r#","timeoutMs":1500"#).depth(), "endless-body").await;
    console_log!("endless-body: {} after {took:.0} ms", text(&error, "kind"));
    assert_eq!(text(&error, "kind"), "timeout");
    assert!(
        took >= timeout - 50.0 && took < timeout + MARGIN_MS,
        "timeoutMs 1500, failed after {took} ms"
    );
}

async fn a_huge_currency_is_refused_with_its_path() {
    reset().await;
    // 1 MiB: within the answer's limit, far past what a currency code can be.
    queue("huge-currency-1048576", TICKER).await;
    let timeout = 5000.0;
    let (error, took) = failure(
        || client(r#","timeoutMs":5000"#).ticker(),
        "huge-currency-1048576",
    )
    .await;
    console_log!(
        "huge-currency-1048576: {} after {took:.0} ms",
        text(&error, "kind")
    );
    assert_eq!(text(&error, "kind"), "decode");
    assert_eq!(text(&error, "path"), "currency");
    assert!(took < timeout + MARGIN_MS, "{took} ms");
}

async fn the_client_works_after() {
    reset().await;
    let ticker = JsFuture::from(client("").ticker()).await.unwrap();
    assert_eq!(text(&ticker, "currency"), "EUR");
    let depth = JsFuture::from(client("").depth()).await.unwrap();
    assert!(Array::from(&get(&depth, "asks")).length() > 0);
}

/// One journey, step after step: the sandbox's fault queue is shared, and
/// wasm-bindgen-test runs async tests concurrently.
#[wasm_bindgen_test]
async fn hostile_answers_are_bounded_in_size_and_time() {
    an_answer_past_the_limit_is_refused_as_it_streams_in().await;
    an_answer_just_under_the_limit_is_read().await;
    a_body_that_never_ends_is_a_timeout_at_the_deadline().await;
    a_huge_currency_is_refused_with_its_path().await;
    the_client_works_after().await;
}
