//! Browser tier: the JS `Client` in headless Chromium, against the sandbox exchange
//! over real HTTP (cross-origin, so CORS is exercised too). Checks exactly what JS
//! receives: plain objects, camelCase keys, decimals as strings, and
//! `BitcoinCentralError`s.
//!
//! Run by `make test`, which starts the sandbox and sets, at compile time:
//! `SANDBOX_URL` (the sandbox) and `CLOSED_URL` (a port nothing listens on).
#![cfg(target_arch = "wasm32")]

use bitcoin_central::js::{BitcoinCentralError, JsClient};
use js_sys::{Array, JSON, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SANDBOX: &str = env!("SANDBOX_URL");
const CLOSED: &str = env!("CLOSED_URL");

fn client(options: &str) -> JsClient {
    let options = JSON::parse(options).expect("test options are JSON");
    JsClient::new(options).unwrap_or_else(|e| panic!("{}", message(&e.into())))
}

fn sandbox(extra: &str) -> JsClient {
    client(&format!(r#"{{"baseUrl":"{SANDBOX}"{extra}}}"#))
}

async fn resolve(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or_else(|_| panic!("no {key}"))
}

fn message(error: &JsValue) -> String {
    get(error, "message").as_string().unwrap_or_default()
}

fn keys(value: &JsValue) -> Vec<String> {
    let mut keys: Vec<String> = Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    keys.sort();
    keys
}

/// A decimal string, as JS sees it: a string of digits with at most one point.
fn assert_decimal(value: &JsValue, what: &str) {
    let text = value
        .as_string()
        .unwrap_or_else(|| panic!("{what}: {value:?} is not a string"));
    let digits = text.trim_start_matches('-');
    assert!(
        !digits.is_empty()
            && digits.split('.').count() <= 2
            && digits.replace('.', "").bytes().all(|b| b.is_ascii_digit()),
        "{what}: {text:?} is not a decimal"
    );
}

fn assert_integer(value: &JsValue, what: &str) {
    let n = value
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: {value:?} is not a number"));
    assert!(
        n.fract() == 0.0 && n > 1.0e9,
        "{what}: {n} is not a Unix timestamp"
    );
}

fn assert_plain_object(value: &JsValue, what: &str) {
    let proto = Object::get_prototype_of(value);
    assert!(
        JsValue::from(proto) == JsValue::from(Object::get_prototype_of(&Object::new())),
        "{what}: not a plain object"
    );
}

#[wasm_bindgen_test]
async fn ticker_reaches_js_as_a_plain_object_of_decimal_strings() {
    let ticker = resolve(sandbox("").ticker()).await.unwrap();
    assert_plain_object(&ticker, "ticker");
    assert_eq!(
        keys(&ticker),
        [
            "ask",
            "at",
            "bid",
            "currency",
            "high",
            "low",
            "midpoint",
            "price",
            "variation",
            "volume",
            "vwap"
        ]
    );
    for key in [
        "ask",
        "bid",
        "high",
        "low",
        "midpoint",
        "price",
        "variation",
        "volume",
        "vwap",
    ] {
        assert_decimal(&get(&ticker, key), key);
    }
    assert_integer(&get(&ticker, "at"), "at");
    assert_eq!(get(&ticker, "currency").as_string().as_deref(), Some("EUR"));
}

#[wasm_bindgen_test]
async fn trades_reach_js_with_camel_case_keys() {
    let trades: Array = resolve(sandbox("").trades())
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(trades.length() > 0, "the sandbox has trades");
    for trade in trades.iter() {
        assert_plain_object(&trade, "trade");
        assert_eq!(
            keys(&trade),
            [
                "createdAt",
                "createdAtInt",
                "currency",
                "price",
                "tradedBtc",
                "tradedCurrency",
                "uuid"
            ]
        );
        for key in ["price", "tradedBtc", "tradedCurrency"] {
            assert_decimal(&get(&trade, key), key);
        }
        assert_integer(&get(&trade, "createdAtInt"), "createdAtInt");
        assert!(
            get(&trade, "createdAt")
                .as_string()
                .is_some_and(|s| s.ends_with('Z'))
        );
    }
}

#[wasm_bindgen_test]
async fn depth_levels_are_decimal_strings_and_bids_are_below_asks() {
    let depth = resolve(sandbox("").depth()).await.unwrap();
    assert_eq!(keys(&depth), ["asks", "bids"]);
    let side = |name| -> Array { get(&depth, name).dyn_into().unwrap() };
    let (bids, asks) = (side("bids"), side("asks"));
    assert!(bids.length() > 0 && asks.length() > 0);
    for level in bids.iter().chain(asks.iter()) {
        assert_eq!(keys(&level), ["amount", "currency", "price", "timestamp"]);
        assert_decimal(&get(&level, "price"), "price");
        assert_decimal(&get(&level, "amount"), "amount");
        assert_integer(&get(&level, "timestamp"), "timestamp");
    }
    let price = |level: JsValue| {
        get(&level, "price")
            .as_string()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    let best_bid = bids.iter().map(price).fold(f64::MIN, f64::max);
    let best_ask = asks.iter().map(price).fold(f64::MAX, f64::min);
    assert!(
        best_bid < best_ask,
        "bid {best_bid} must be below ask {best_ask}"
    );
}

#[wasm_bindgen_test]
async fn bitcoin_charts_endpoints_use_their_format() {
    let client = sandbox("");
    let trades: Array = resolve(client.bitcoin_charts_trades())
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(trades.length() > 0);
    for trade in trades.iter() {
        assert_eq!(keys(&trade), ["amount", "date", "price", "tid"]);
        assert_decimal(&get(&trade, "price"), "price");
        assert_decimal(&get(&trade, "amount"), "amount");
        assert_integer(&get(&trade, "date"), "date");
        assert!(get(&trade, "tid").as_string().is_some(), "tid is text");
    }
    let depth = resolve(client.bitcoin_charts_depth()).await.unwrap();
    assert_eq!(keys(&depth), ["asks", "bids"]);
    for side in ["bids", "asks"] {
        let levels: Array = get(&depth, side).dyn_into().unwrap();
        assert!(levels.length() > 0);
        for level in levels.iter() {
            let pair: Array = level.dyn_into().expect("a [price, amount] array");
            assert_eq!(pair.length(), 2);
            assert_decimal(&pair.get(0), "price");
            assert_decimal(&pair.get(1), "amount");
        }
    }
}

#[wasm_bindgen_test]
async fn rate_limit_headers_cross_cors_and_count_down() {
    let client = sandbox("");
    assert!(
        client.rate_limit().is_null(),
        "no status before the first answer"
    );
    resolve(client.ticker()).await.unwrap();
    let first = client.rate_limit();
    resolve(client.ticker()).await.unwrap();
    let second = client.rate_limit();
    let remaining = |r: &JsValue| {
        get(r, "remaining")
            .as_f64()
            .expect("remaining is exposed (Access-Control-Expose-Headers)")
    };
    assert!(get(&first, "limit").as_f64().unwrap() > 0.0);
    assert_eq!(remaining(&second), remaining(&first) - 1.0);
}

#[wasm_bindgen_test]
async fn many_concurrent_calls_on_one_client_all_succeed() {
    let client = sandbox("");
    let calls: Array = (0..12)
        .map(|i| match i % 3 {
            0 => client.ticker(),
            1 => client.depth(),
            _ => client.trades(),
        })
        .collect();
    let results: Array = resolve(Promise::all(&calls))
        .await
        .expect("no call fails")
        .dyn_into()
        .unwrap();
    assert_eq!(results.length(), 12);
}

/// The rejection of a call, checked to be a `BitcoinCentralError` and a real `Error`.
async fn failure(promise: Promise) -> JsValue {
    let error = resolve(promise).await.expect_err("the call should fail");
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "a real Error: {error:?}"
    );
    assert!(
        error.dyn_ref::<BitcoinCentralError>().is_some(),
        "instanceof BitcoinCentralError"
    );
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("BitcoinCentralError")
    );
    error
}

fn kind(error: &JsValue) -> String {
    get(error, "kind").as_string().unwrap()
}

fn messages(error: &JsValue) -> Vec<String> {
    Array::from(&get(error, "messages"))
        .iter()
        .filter_map(|m| m.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn unknown_currency_is_an_api_error_with_localized_messages() {
    let english = failure(
        client(&format!(
            r#"{{"baseUrl":"{SANDBOX}","currency":"usd","locale":"en"}}"#
        ))
        .ticker(),
    )
    .await;
    let french = failure(
        client(&format!(
            r#"{{"baseUrl":"{SANDBOX}","currency":"usd","locale":"fr"}}"#
        ))
        .ticker(),
    )
    .await;
    for error in [&english, &french] {
        assert_eq!(kind(error), "api");
        assert_eq!(get(error, "status").as_f64(), Some(422.0));
        assert_eq!(messages(error).len(), 1, "{}", message(error));
    }
    assert_ne!(
        messages(&english),
        messages(&french),
        "the sandbox answers in the client's language"
    );
    assert!(messages(&english)[0].contains("usd"));
}

#[wasm_bindgen_test]
async fn an_html_page_is_a_decode_error() {
    let error = failure(
        client(&format!(
            r#"{{"baseUrl":"{SANDBOX}/_sandbox/fault/html-200"}}"#
        ))
        .ticker(),
    )
    .await;
    assert_eq!(kind(&error), "decode");
    assert_eq!(get(&error, "status").as_f64(), Some(200.0));
    assert!(
        message(&error).contains("expected JSON, got text/html"),
        "{}",
        message(&error)
    );
}

#[wasm_bindgen_test]
async fn an_html_gateway_error_is_an_http_error() {
    let error = failure(
        client(&format!(
            r#"{{"baseUrl":"{SANDBOX}/_sandbox/fault/html-502","retries":0}}"#
        ))
        .depth(),
    )
    .await;
    assert_eq!(kind(&error), "http");
    assert_eq!(get(&error, "status").as_f64(), Some(502.0));
}

#[wasm_bindgen_test]
async fn a_truncated_body_is_a_decode_error() {
    let error = failure(
        client(&format!(
            r#"{{"baseUrl":"{SANDBOX}/_sandbox/fault/truncate"}}"#
        ))
        .trades(),
    )
    .await;
    assert_eq!(kind(&error), "decode");
    assert!(message(&error).contains("truncated"), "{}", message(&error));
}

#[wasm_bindgen_test]
async fn http_429_is_rate_limited_with_retry_after() {
    let error = failure(
        client(&format!(
            r#"{{"baseUrl":"{SANDBOX}/_sandbox/fault/rate-limited","retries":0}}"#
        ))
        .ticker(),
    )
    .await;
    assert_eq!(kind(&error), "rate-limited");
    assert_eq!(get(&error, "status").as_f64(), Some(429.0));
    assert_eq!(
        get(&error, "retryAfter").as_f64(),
        Some(7.0),
        "Retry-After is exposed to the page"
    );
    assert!(!messages(&error).is_empty());
}

#[wasm_bindgen_test]
async fn a_slow_answer_times_out() {
    let slow = client(&format!(
        r#"{{"baseUrl":"{SANDBOX}/_sandbox/fault/delay-5000","timeoutMs":300,"retries":0}}"#
    ));
    let error = failure(slow.ticker()).await;
    assert_eq!(kind(&error), "timeout");
    assert!(get(&error, "status").is_null());
    assert!(
        get(&error, "url")
            .as_string()
            .unwrap()
            .ends_with("/api/v1/data/eur/ticker")
    );
}

#[wasm_bindgen_test]
async fn connection_refused_is_a_network_error() {
    let error = failure(client(&format!(r#"{{"baseUrl":"{CLOSED}"}}"#)).ticker()).await;
    assert_eq!(kind(&error), "network");
    assert!(get(&error, "status").is_null());
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_argument_errors() {
    for (options, argument) in [
        (r#"{"baseUrl":"ftp://x"}"#, "options.baseUrl"),
        (r#"{"currency":"e/ur"}"#, "options.currency"),
        (r#"{"locale":"de"}"#, "options.locale"),
        (r#"{"timeoutMs":-1}"#, "options.timeoutMs"),
        (r#"{"baseURL":"http://x"}"#, "options.baseURL"),
        (r#""not an object""#, "options"),
    ] {
        let error: JsValue = JsClient::new(JSON::parse(options).unwrap())
            .err()
            .expect(options)
            .into();
        assert!(
            error.dyn_ref::<BitcoinCentralError>().is_some(),
            "{options}"
        );
        assert_eq!(kind(&error), "invalid-argument", "{options}");
        assert_eq!(
            get(&error, "argument").as_string().as_deref(),
            Some(argument),
            "{options}"
        );
    }
}

#[wasm_bindgen_test]
fn defaults_point_at_the_real_exchange() {
    let client = JsClient::new(JsValue::UNDEFINED).unwrap();
    assert_eq!(client.base_url(), "https://bitcoin-central.net");
    assert_eq!(client.currency(), "eur");
    assert_eq!(client.timeout_ms(), 10_000);
    assert!(["en", "fr"].contains(&client.locale().as_str()));
}

/// The Rust API, as a Yew or Leptos app uses it: Rust types, exact decimals.
#[wasm_bindgen_test]
async fn the_rust_api_returns_exact_decimals() {
    use bitcoin_central::{Client, Config, Decimal};
    let client = Client::new(Config::default().with_base_url(SANDBOX).unwrap());
    let depth = client.depth().await.unwrap();
    let best_bid: Decimal = depth.bids.iter().map(|l| l.price).max().unwrap();
    let ticker = client.ticker().await.unwrap();
    assert!(ticker.bid.is_some());
    assert!(best_bid > Decimal::ZERO);
    assert!(client.rate_limit().is_some());
}
