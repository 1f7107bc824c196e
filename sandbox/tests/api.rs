//! The sandbox over HTTP semantics (without a socket): paths, fields, status codes,
//! error bodies, headers, faults, determinism. Holds the answers against the spec
//! and against the library's own models.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use bitcoin_central_sandbox::clock::ManualClock;
use bitcoin_central_sandbox::{Config, DecimalStyle, app};
use serde_json::Value;
use tower::ServiceExt;

const NOW_MS: i64 = 1_389_092_410_000;

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn errors(&self) -> Vec<String> {
        serde_json::from_value(self.json()["errors"].clone()).expect("an errors array")
    }
}

fn sandbox(tweak: impl FnOnce(&mut Config)) -> (Router, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(NOW_MS));
    let mut config = Config {
        clock: clock.clone(),
        ..Config::default()
    };
    tweak(&mut config);
    (app(config), clock)
}

async fn call(app: &Router, method: Method, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        headers,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(app: &Router, path: &str) -> Answer {
    call(app, Method::GET, path, &[]).await
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

fn is_decimal_number(value: &Value) -> bool {
    value.is_number() && value.to_string().parse::<rust_decimal::Decimal>().is_ok()
}

#[tokio::test]
async fn ticker_has_the_specs_fields() {
    let (app, _) = sandbox(|_| {});
    let answer = get(&app, "/api/v1/data/eur/ticker").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let ticker = answer.json();
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
        assert!(is_decimal_number(&ticker[key]), "{key}: {}", ticker[key]);
    }
    assert_eq!(ticker["at"], NOW_MS / 1000);
    assert_eq!(ticker["currency"], "EUR");
    // The spec's order, for people reading with curl.
    assert!(answer.text.starts_with(r#"{"high":"#), "{}", answer.text);

    let model: bitcoin_central::Ticker =
        bitcoin_central::schema::decode(answer.text.as_bytes()).unwrap();
    assert!(model.bid < model.ask);
    assert_eq!(
        model.midpoint,
        model
            .bid
            .zip(model.ask)
            .map(|(b, a)| (b + a) / rust_decimal::Decimal::TWO)
    );
}

#[tokio::test]
async fn trades_have_the_specs_fields_oldest_first() {
    let (app, _) = sandbox(|_| {});
    let answer = get(&app, "/api/v1/data/eur/trades").await;
    assert_eq!(answer.status, StatusCode::OK);
    let trades = answer.json();
    let trades = trades.as_array().unwrap();
    assert_eq!(trades.len(), 50);
    for trade in trades {
        assert_eq!(
            keys(trade),
            [
                "created_at",
                "created_at_int",
                "currency",
                "price",
                "traded_btc",
                "traded_currency",
                "uuid"
            ]
        );
        assert_eq!(trade["currency"], "EUR");
        assert!(
            trade["uuid"]
                .as_str()
                .unwrap()
                .parse::<uuid::Uuid>()
                .is_ok()
        );
        let created_at: std::time::SystemTime =
            humantime::parse_rfc3339(trade["created_at"].as_str().unwrap()).unwrap();
        let secs = created_at
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert_eq!(trade["created_at_int"], secs);
        assert!(trade["created_at"].as_str().unwrap().ends_with('Z'));
    }
    assert!(
        trades
            .windows(2)
            .all(|w| w[0]["created_at_int"].as_i64() <= w[1]["created_at_int"].as_i64())
    );

    let models: Vec<bitcoin_central::Trade> =
        bitcoin_central::schema::decode(answer.text.as_bytes()).unwrap();
    for (model, raw) in models.iter().zip(trades) {
        // Exact to the digit: the library's decimal prints back the server's text.
        assert_eq!(model.price.to_string(), raw["price"].to_string());
        assert_eq!(model.traded_btc.to_string(), raw["traded_btc"].to_string());
        assert_eq!(
            model.traded_currency,
            (model.price * model.traded_btc)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        );
    }
}

#[tokio::test]
async fn depth_lists_both_sides_in_ascending_price_without_crossing() {
    let (app, clock) = sandbox(|_| {});
    for _ in 0..20 {
        clock.advance_ms(30_000);
        let answer = get(&app, "/api/v1/data/eur/depth").await;
        let depth: bitcoin_central::Depth =
            bitcoin_central::schema::decode(answer.text.as_bytes()).unwrap();
        assert!(!depth.bids.is_empty() && !depth.asks.is_empty());
        assert!(depth.bids.windows(2).all(|w| w[0].price < w[1].price));
        assert!(depth.asks.windows(2).all(|w| w[0].price < w[1].price));
        assert!(depth.bids.last().unwrap().price < depth.asks[0].price);
        assert!(
            depth
                .bids
                .iter()
                .chain(&depth.asks)
                .all(|l| l.currency == "EUR" && l.amount > rust_decimal::Decimal::ZERO)
        );
        let raw = answer.json();
        assert_eq!(
            keys(&raw["bids"][0]),
            ["amount", "currency", "price", "timestamp"]
        );
    }
}

#[tokio::test]
async fn bitcoin_charts_endpoints_use_the_bitcoin_charts_format() {
    let (app, _) = sandbox(|_| {});
    let trades = get(&app, "/api/v1/bitcoin_charts/eur/trades").await.json();
    let trades = trades.as_array().unwrap();
    assert!(!trades.is_empty());
    for trade in trades {
        assert_eq!(keys(trade), ["amount", "date", "price", "tid"]);
        assert!(trade["tid"].is_u64() && trade["date"].is_i64());
    }
    let pivot = trades[trades.len() - 3]["tid"].as_u64().unwrap();
    let since = get(
        &app,
        &format!("/api/v1/bitcoin_charts/eur/trades?since={pivot}"),
    )
    .await
    .json();
    assert_eq!(since.as_array().unwrap().len(), 2);
    assert_eq!(since[0]["tid"], pivot + 1);

    let bad = call(
        &app,
        Method::GET,
        "/api/v1/bitcoin_charts/eur/trades?since=x",
        &[],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.errors()[0].contains("since"));

    let depth = get(&app, "/api/v1/bitcoin_charts/eur/depth").await.json();
    let (bids, asks) = (
        depth["bids"].as_array().unwrap(),
        depth["asks"].as_array().unwrap(),
    );
    let price = |pair: &Value| {
        pair[0]
            .to_string()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    assert!(bids.iter().all(|p| p.as_array().unwrap().len() == 2
        && is_decimal_number(&p[0])
        && is_decimal_number(&p[1])));
    assert!(
        bids.windows(2).all(|w| price(&w[0]) > price(&w[1])),
        "bids best first"
    );
    assert!(
        asks.windows(2).all(|w| price(&w[0]) < price(&w[1])),
        "asks best first"
    );
    assert!(price(&bids[0]) < price(&asks[0]));
}

#[tokio::test]
async fn string_decimals_when_asked() {
    let (app, _) = sandbox(|c| c.decimals = DecimalStyle::String);
    let ticker = get(&app, "/api/v1/data/eur/ticker").await.json();
    assert!(ticker["price"].is_string() && ticker["price"].as_str().unwrap().contains('.'));
    assert!(ticker["at"].is_i64());
    let depth = get(&app, "/api/v1/bitcoin_charts/eur/depth").await.json();
    assert!(depth["bids"][0][0].is_string());
}

#[tokio::test]
async fn a_seed_and_a_clock_give_the_same_answers() {
    let (a, clock_a) = sandbox(|_| {});
    let (b, clock_b) = sandbox(|_| {});
    let (c, _) = sandbox(|c| c.seed = 7);
    for path in [
        "/api/v1/data/eur/ticker",
        "/api/v1/data/eur/trades",
        "/api/v1/data/eur/depth",
    ] {
        assert_eq!(get(&a, path).await.text, get(&b, path).await.text, "{path}");
        assert_ne!(get(&a, path).await.text, get(&c, path).await.text, "{path}");
    }
    clock_a.advance_ms(90_000);
    clock_b.advance_ms(90_000);
    assert_eq!(
        get(&a, "/api/v1/data/eur/trades").await.text,
        get(&b, "/api/v1/data/eur/trades").await.text
    );
}

#[tokio::test]
async fn the_market_moves_over_time() {
    let (app, clock) = sandbox(|c| c.tick_ms = 1_000);
    let before = get(&app, "/api/v1/data/eur/trades").await.text;
    let ticker_before = get(&app, "/api/v1/data/eur/ticker").await.json();
    clock.advance_ms(60_000);
    assert_ne!(get(&app, "/api/v1/data/eur/trades").await.text, before);
    let ticker_after = get(&app, "/api/v1/data/eur/ticker").await.json();
    assert_eq!(
        ticker_after["at"].as_i64(),
        ticker_before["at"].as_i64().map(|at| at + 60)
    );
}

#[tokio::test]
async fn an_unknown_currency_is_a_localized_422() {
    let (app, _) = sandbox(|_| {});
    let english = call(
        &app,
        Method::GET,
        "/api/v1/data/usd/ticker",
        &[("accept-language", "en-US,en;q=0.9")],
    )
    .await;
    let french = call(
        &app,
        Method::GET,
        "/api/v1/data/usd/depth",
        &[("accept-language", "fr-FR,fr;q=0.9")],
    )
    .await;
    for answer in [&english, &french] {
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.errors().len(), 1);
        assert!(answer.errors()[0].contains("usd"));
        assert!(answer.header("x-ratelimit-remaining").is_some());
    }
    assert_ne!(english.errors(), french.errors());
    for path in [
        "/api/v1/data/usd/trades",
        "/api/v1/bitcoin_charts/usd/trades",
        "/api/v1/bitcoin_charts/EUR/depth",
    ] {
        assert_eq!(
            get(&app, path).await.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_with_errors_bodies() {
    let (app, _) = sandbox(|_| {});
    let missing = get(&app, "/api/v1/data/eur/candles").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.errors(), ["Not found"]);
    let posted = call(
        &app,
        Method::POST,
        "/api/v1/data/eur/ticker",
        &[("accept-language", "fr")],
    )
    .await;
    assert_eq!(posted.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(posted.errors(), ["Méthode non autorisée"]);
    assert_eq!(get(&app, "/").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rate_limit_headers_count_down_then_429() {
    let (app, clock) = sandbox(|c| {
        c.rate_limit = 3;
        c.rate_window_secs = 60;
    });
    for remaining in ["2", "1", "0"] {
        let answer = get(&app, "/api/v1/data/eur/ticker").await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(answer.header("x-ratelimit-remaining"), Some(remaining));
    }
    clock.advance_ms(15_000);
    let refused = call(
        &app,
        Method::GET,
        "/api/v1/data/eur/depth",
        &[("accept-language", "fr")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.header("retry-after"), Some("45"));
    assert_eq!(refused.header("x-ratelimit-remaining"), Some("0"));
    assert!(refused.errors()[0].contains("45"));
    clock.advance_ms(45_000);
    assert_eq!(
        get(&app, "/api/v1/data/eur/ticker").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn cors_lets_any_origin_call_and_read_the_rate_limit() {
    let (app, _) = sandbox(|_| {});
    let preflight = call(
        &app,
        Method::OPTIONS,
        "/api/v1/data/eur/ticker",
        &[
            ("origin", "http://localhost:3000"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "accept-language"),
        ],
    )
    .await;
    assert!(preflight.status.is_success());
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(
        preflight
            .header("access-control-allow-headers")
            .unwrap()
            .contains("accept-language")
    );
    assert!(
        preflight
            .header("access-control-allow-headers")
            .unwrap()
            .contains("authorization")
    );

    let answer = call(
        &app,
        Method::GET,
        "/api/v1/data/eur/ticker",
        &[("origin", "http://localhost:3000")],
    )
    .await;
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    let exposed = answer
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    for header in ["x-ratelimit-limit", "x-ratelimit-remaining", "retry-after"] {
        assert!(exposed.contains(header), "{exposed}");
    }
}

#[tokio::test]
async fn cors_is_only_on_the_api_json_endpoints() {
    let (app, _) = sandbox(|_| {});
    let other = ("origin", "http://localhost:3000");
    let preflight = call(
        &app,
        Method::OPTIONS,
        "/api/oauth/token",
        &[other, ("access-control-request-method", "POST")],
    )
    .await;
    assert!(preflight.status.is_success());
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    let faulted = call(
        &app,
        Method::GET,
        "/_sandbox/fault/delay-1/api/v1/data/eur/ticker",
        &[other],
    )
    .await;
    assert_eq!(faulted.header("access-control-allow-origin"), Some("*"));
    // The consent page, the test page, the pages and the admin endpoints: no other
    // origin may read them, nor preflight a call to them.
    for path in [
        "/api/oauth/authorize?client_id=bitcoin-central-demo&response_type=token",
        "/page/oauth/test",
        "/",
        "/pkg/bitcoin_central.js",
        "/_sandbox/requests",
        "/_sandbox/faults",
    ] {
        let answer = call(&app, Method::GET, path, &[other]).await;
        assert_eq!(answer.header("access-control-allow-origin"), None, "{path}");
        let preflight = call(
            &app,
            Method::OPTIONS,
            path,
            &[other, ("access-control-request-method", "POST")],
        )
        .await;
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            None,
            "{path}"
        );
    }
}

#[tokio::test]
async fn faults_on_request() {
    let (app, _) = sandbox(|_| {});
    let html = get(&app, "/_sandbox/fault/html-502/api/v1/data/eur/ticker").await;
    assert_eq!(html.status, StatusCode::BAD_GATEWAY);
    assert!(
        html.header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(html.text.contains("502 Bad Gateway"));

    let whole = get(&app, "/api/v1/data/eur/trades").await.text;
    let truncated = get(&app, "/_sandbox/fault/truncate/api/v1/data/eur/trades").await;
    assert_eq!(truncated.status, StatusCode::OK);
    assert_eq!(truncated.text, whole[..whole.len() / 2]);
    assert!(serde_json::from_str::<Value>(&truncated.text).is_err());

    let limited = get(&app, "/_sandbox/fault/rate-limited/api/v1/data/eur/ticker").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.header("retry-after"), Some("7"));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));

    let unknown = get(&app, "/_sandbox/fault/explode/api/v1/data/eur/ticker").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.errors()[0].contains("explode"));

    let not_found = get(&app, "/_sandbox/fault/truncate/api/v1/nothing").await;
    assert_eq!(
        not_found.status,
        StatusCode::NOT_FOUND,
        "the fault keeps the call's status"
    );
}

#[tokio::test(start_paused = true)]
async fn the_delay_fault_waits_then_answers() {
    let (app, _) = sandbox(|_| {});
    let started = tokio::time::Instant::now();
    let answer = get(&app, "/_sandbox/fault/delay-1500/api/v1/data/eur/ticker").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(1500));
}

#[tokio::test]
async fn serves_the_page_and_the_package() {
    let root = std::env::temp_dir().join(format!("bc-sandbox-{}", std::process::id()));
    let (www, pkg) = (root.join("www"), root.join("pkg"));
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(www.join("index.html"), "<!DOCTYPE html><title>page</title>").unwrap();
    std::fs::write(pkg.join("bitcoin_central_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let (app, _) = sandbox(|c| {
        c.www = Some(www.clone());
        c.pkg = Some(pkg.clone());
    });
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<title>page</title>"));
    let wasm = get(&app, "/pkg/bitcoin_central_bg.wasm").await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(
        get(&app, "/api/v1/data/eur/nothing").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        get(&app, "/api/v1/data/eur/nothing")
            .await
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    std::fs::remove_dir_all(root).unwrap();
}

/// The process's resident memory, in kB (Linux), for the figures a test prints.
fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn the_request_count_stays_bounded_whatever_paths_arrive() {
    let (app, _) = sandbox(|_| {});
    for _ in 0..2 {
        get(&app, "/api/v1/data/eur/ticker").await;
    }
    let before = rss_kb();
    for i in 0..20_000 {
        get(&app, &format!("/api/v1/unknown-{i}")).await;
    }
    // Known routes with made-up parameters: counted by path up to a bound, then by
    // route.
    for i in 0..2_000 {
        get(&app, &format!("/api/v1/data/c{i}/ticker")).await;
    }
    let after = rss_kb();
    eprintln!("VmRSS before 22,000 requests to unique paths: {before:?} kB, after: {after:?} kB");
    let counts = get(&app, "/_sandbox/requests").await.json();
    let rows = counts["requests"].as_array().unwrap();
    assert!(rows.len() <= 1024 + 1, "{} counts kept", rows.len());
    let row = |path: &str| {
        rows.iter()
            .find(|r| r["path"] == path)
            .map(|r| r["count"].as_u64().unwrap())
    };
    assert_eq!(row("other"), Some(20_000), "unknown paths in one bucket");
    assert_eq!(row("/api/v1/data/eur/ticker"), Some(2), "kept by path");
    let by_route = row("/api/v1/data/{currency}/ticker").unwrap();
    assert_eq!(by_route, 2_000 - (1024 - 2), "past the bound, by route");
    assert_eq!(counts["total"], 22_002);
    let ticker = get(
        &app,
        "/_sandbox/requests?path=/api/v1/data/eur/ticker&method=GET",
    )
    .await;
    assert_eq!(ticker.json()["total"], 2);
}
