//! The sandbox's books behind the user endpoints: placing, matching, settling,
//! canceling and withdrawing, over HTTP semantics (without a socket). Balances are
//! checked to the satoshi and the cent against the orders' account operations.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Method, Request, StatusCode};
use bitcoin_central_sandbox::accounts::{DEMO, SECOND};
use bitcoin_central_sandbox::clock::ManualClock;
use bitcoin_central_sandbox::{Config, DecimalStyle, Sandbox, app_and_sandbox};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};
use tower::ServiceExt;

/// With milliseconds, to see them in the orders' times.
const NOW_MS: i64 = 1_389_092_410_123;
const ORIGIN: &str = "http://127.0.0.1:8080";
const ALL: &str = "basic activity trade withdraw";
const ADDRESS: &str = "1PzU1ERAnHJmtU8J3qq3wwJhyLepwUYzHn";

struct Answer {
    status: StatusCode,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{e}: {}", self.text))
    }

    fn errors(&self) -> Vec<String> {
        serde_json::from_value(self.json()["errors"].clone())
            .unwrap_or_else(|_| panic!("an errors array: {}", self.text))
    }
}

struct Env {
    app: Router,
    sandbox: Sandbox,
    clock: Arc<ManualClock>,
}

/// A sandbox whose market stands still (unless `tick_ms` says otherwise).
fn env(tweak: impl FnOnce(&mut Config)) -> Env {
    let clock = Arc::new(ManualClock::new(NOW_MS));
    let mut config = Config {
        clock: clock.clone(),
        tick_ms: 0,
        origins: vec![ORIGIN.into()],
        ..Config::default()
    };
    tweak(&mut config);
    let (app, sandbox) = app_and_sandbox(config);
    Env {
        app,
        sandbox,
        clock,
    }
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// A decimal from an answer, written as a JSON number or a string.
fn dec(value: &Value) -> Decimal {
    let text = value.to_string();
    text.trim_matches('"')
        .parse()
        .unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn round_cents(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn fee(received: Decimal, decimals: u32) -> Decimal {
    (received * d("0.0025")).round_dp_with_strategy(decimals, RoundingStrategy::ToZero)
}

async fn call(
    app: &Router,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: String,
) -> Answer {
    let mut request = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    Answer {
        status,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

fn form(pairs: &[(&str, &str)]) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        form.append_pair(k, v);
    }
    form.finish()
}

/// A token for the demo account, through the consent page (implicit flow): the page,
/// then its form posted with its one-time token and cookie.
async fn login(env: &Env, scope: &str) -> String {
    let request = [
        ("client_id", "bitcoin-central-demo"),
        ("redirect_uri", &format!("{ORIGIN}/")),
        ("response_type", "token"),
        ("scope", scope),
    ];
    let page = env
        .app
        .clone()
        .oneshot(
            Request::get(format!("/api/oauth/authorize?{}", form(&request)))
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let cookie = page.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let html = to_bytes(page.into_body(), usize::MAX).await.unwrap();
    let html = String::from_utf8(html.to_vec()).unwrap();
    let field = "name=\"csrf_token\" value=\"";
    let start = html.find(field).expect("a consent token") + field.len();
    let token = html[start..].split('"').next().unwrap();
    let mut decision = request.to_vec();
    decision.extend([("csrf_token", token), ("decision", "approve")]);
    let response = env
        .app
        .clone()
        .oneshot(
            Request::post("/api/oauth/authorize")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", cookie)
                .body(Body::from(form(&decision)))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let fragment = location.split_once('#').expect("a fragment").1;
    let params: HashMap<String, String> = form_urlencoded::parse(fragment.as_bytes())
        .into_owned()
        .collect();
    params["access_token"].clone()
}

/// A token for the second account (French, 10 BTC, 5000 EUR), which no login reaches.
fn second(env: &Env, scopes: &[&str]) -> String {
    env.sandbox.issue_token_for_tests(SECOND, scopes)
}

async fn get(env: &Env, token: &str, path: &str) -> Answer {
    let auth = format!("Bearer {token}");
    call(
        &env.app,
        Method::GET,
        path,
        &[("authorization", &auth)],
        String::new(),
    )
    .await
}

async fn post_json(env: &Env, token: &str, body: &Value, lang: Option<&str>) -> Answer {
    let auth = format!("Bearer {token}");
    let mut headers = vec![
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    if let Some(lang) = lang {
        headers.push(("accept-language", lang));
    }
    call(
        &env.app,
        Method::POST,
        "/api/v1/user/orders",
        &headers,
        body.to_string(),
    )
    .await
}

/// Places an order that must be accepted; the order.
async fn place(env: &Env, token: &str, body: Value) -> Value {
    let answer = post_json(env, token, &body, None).await;
    assert_eq!(
        answer.status,
        StatusCode::CREATED,
        "{body}: {}",
        answer.text
    );
    answer.json()
}

/// A new limit order as the engine took it: checks that its POST answered it
/// `pending_execution` (the spec's example: funds locked, nothing traded yet), then
/// reads it back, taken.
async fn taken(env: &Env, token: &str, placed: Value) -> Value {
    assert_eq!(placed["state"], "pending_execution", "{placed}");
    assert_eq!(dec(&placed["traded_btc"]), Decimal::ZERO);
    let names: Vec<String> = ops(&placed).into_iter().map(|o| o.0).collect();
    assert_eq!(names, ["lock", "lock"], "{placed}");
    let uuid = placed["uuid"].as_str().unwrap();
    let order = get(env, token, &format!("/api/v1/user/orders/{uuid}")).await;
    assert_eq!(order.status, StatusCode::OK);
    let order = order.json();
    assert_ne!(order["state"], "pending_execution", "{order}");
    assert_eq!(order["created_at"], placed["created_at"]);
    order
}

async fn cancel(env: &Env, token: &str, uuid: &str) -> Answer {
    let auth = format!("Bearer {token}");
    call(
        &env.app,
        Method::DELETE,
        &format!("/api/v1/user/orders/{uuid}/cancel"),
        &[("authorization", &auth)],
        String::new(),
    )
    .await
}

async fn confirm(env: &Env, token: &str, uuid: &str) -> Answer {
    let auth = format!("Bearer {token}");
    call(
        &env.app,
        Method::POST,
        &format!("/_sandbox/orders/{uuid}/confirm"),
        &[("authorization", &auth)],
        String::new(),
    )
    .await
}

/// balance_eur, locked_eur, balance_btc, locked_btc.
async fn balances(env: &Env, token: &str) -> [Decimal; 4] {
    let user = get(env, token, "/api/v1/user").await.json();
    ["balance_eur", "locked_eur", "balance_btc", "locked_btc"].map(|k| dec(&user[k]))
}

/// What an order's operations moved, as [`balances`] lists balances.
fn moved(order: &Value) -> [Decimal; 4] {
    let mut sums = [Decimal::ZERO; 4];
    for op in order["account_operations"].as_array().unwrap() {
        let index = match (op["currency"].as_str(), op["is_trading_account"].as_bool()) {
            (Some("EUR"), Some(false)) => 0,
            (Some("EUR"), Some(true)) => 1,
            (Some("BTC"), Some(false)) => 2,
            (Some("BTC"), Some(true)) => 3,
            other => panic!("{other:?}"),
        };
        sums[index] += dec(&op["amount"]);
    }
    sums
}

fn plus(a: [Decimal; 4], b: [Decimal; 4]) -> [Decimal; 4] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

/// The operations of an order: (name, amount, currency, trading account).
fn ops(order: &Value) -> Vec<(String, Decimal, String, bool)> {
    order["account_operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| {
            (
                op["name"].as_str().unwrap().to_owned(),
                dec(&op["amount"]),
                op["currency"].as_str().unwrap().to_owned(),
                op["is_trading_account"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn op(
    name: &str,
    amount: Decimal,
    currency: &str,
    trading: bool,
) -> (String, Decimal, String, bool) {
    (name.to_owned(), amount, currency.to_owned(), trading)
}

async fn best(env: &Env) -> (Decimal, Decimal) {
    let ticker = get(env, "", "/api/v1/data/eur/ticker").await.json();
    (dec(&ticker["bid"]), dec(&ticker["ask"]))
}

/// The depth's amount at `price` on a side (zero if no level).
async fn depth_at(env: &Env, side: &str, price: Decimal) -> Decimal {
    let depth = get(env, "", "/api/v1/data/eur/depth").await.json();
    depth[side]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| dec(&l["price"]) == price)
        .map_or(Decimal::ZERO, |l| dec(&l["amount"]))
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

/// The sandbox's own invariant, checked over the API at the end of every journey, for
/// both accounts: each starts with nothing locked (the demo user with the spec
/// example's available balances, the second with 5000 EUR and 10 BTC), its balances
/// are those plus every operation its orders show, and what is locked is exactly
/// what its open trade orders hold — an active (or queued) sell its BTC still to
/// sell, an active buy what its rest costs at its limit (rounded up to the cent; a
/// cent less once fills were rounded up) — while a filled, canceled or market order
/// and a withdrawal hold nothing.
async fn assert_locked_funds_are_held_by_open_orders(env: &Env) {
    for (account, start) in [
        (DEMO, [d("1893.96"), d("0"), d("25.78866278"), d("0")]),
        (SECOND, [d("5000"), d("0"), d("10"), d("0")]),
    ] {
        let token = env
            .sandbox
            .issue_token_for_tests(account, &["basic", "activity"]);
        let mut orders = Vec::new();
        loop {
            let path = format!("/api/v1/user/orders?limit=100&offset={}", orders.len());
            let page = get(env, &token, &path).await.json();
            let page = page.as_array().unwrap().clone();
            let last = page.len() < 100;
            orders.extend(page);
            if last {
                break;
            }
        }
        let now = balances(env, &token).await;
        let all = orders.iter().fold(start, |sum, o| plus(sum, moved(o)));
        assert_eq!(
            now, all,
            "account {account}: balances follow the operations"
        );
        let mut held = [Decimal::ZERO; 2];
        for order in &orders {
            let [_, eur, _, btc] = moved(order);
            let state = order["state"].as_str().unwrap();
            let open =
                order["type"] == "LimitOrder" && ["active", "pending_execution"].contains(&state);
            if !open {
                assert_eq!(
                    [eur, btc],
                    [Decimal::ZERO; 2],
                    "{state} holds nothing: {order}"
                );
                continue;
            }
            let rest = dec(&order["amount"]) - dec(&order["traded_btc"]);
            if order["direction"] == "sell" {
                assert_eq!(
                    [eur, btc],
                    [Decimal::ZERO, rest],
                    "a sell holds its rest: {order}"
                );
            } else {
                let cost = (dec(&order["price"]) * rest)
                    .round_dp_with_strategy(2, RoundingStrategy::AwayFromZero);
                assert!(
                    btc.is_zero() && eur <= cost && eur >= cost - d("0.01"),
                    "a buy holds what its rest costs ({cost}): {order}"
                );
            }
            held = [held[0] + eur, held[1] + btc];
        }
        assert_eq!(
            [now[1], now[3]],
            held,
            "account {account}: locked is what the open orders hold"
        );
    }
}

#[tokio::test]
async fn every_validation_problem_is_a_localized_422() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let cases: Vec<(Value, Vec<&str>, Vec<&str>)> = vec![
        (
            json!({}),
            vec!["type is required"],
            vec!["type est obligatoire"],
        ),
        (
            json!({"type": "StopOrder"}),
            vec!["Type \"StopOrder\" is unknown: use LimitOrder, MarketOrder or Transfer"],
            vec!["Le type « StopOrder » est inconnu : LimitOrder, MarketOrder ou Transfer"],
        ),
        (
            json!({"type": "LimitOrder", "currency": "USD", "direction": "up"}),
            vec![
                "Currency must be EUR, not \"USD\"",
                "Direction must be buy or sell, not \"up\"",
                "price is required",
                "amount or currency_amount is required",
            ],
            vec![
                "La devise doit être EUR, pas « USD »",
                "Le sens doit être buy ou sell, pas « up »",
                "price est obligatoire",
                "amount ou currency_amount est obligatoire",
            ],
        ),
        (
            json!({"type": "MarketOrder", "currency": "EUR", "direction": "buy", "price": 1, "amount": 1, "currency_amount": 1}),
            vec![
                "price must be omitted for a MarketOrder",
                "Give either amount or currency_amount, not both",
            ],
            vec![
                "price doit être omis pour un MarketOrder",
                "Indiquez amount ou currency_amount, pas les deux",
            ],
        ),
        (
            json!({"type": "MarketOrder", "direction": "sell"}),
            vec!["amount or currency_amount is required"],
            vec!["amount ou currency_amount est obligatoire"],
        ),
        (
            json!({"type": "LimitOrder", "direction": "buy", "price": "600", "currency_amount": "10.001", "address": ADDRESS}),
            vec![
                "currency_amount can have at most 2 decimals",
                "address must be omitted for a LimitOrder",
            ],
            vec![
                "currency_amount peut avoir au plus 2 décimales",
                "address doit être omis pour un LimitOrder",
            ],
        ),
        (
            json!({"type": "LimitOrder", "direction": "sell", "price": "600", "amount": "1", "currency_amount": "600"}),
            vec!["Give either amount or currency_amount, not both"],
            vec!["Indiquez amount ou currency_amount, pas les deux"],
        ),
        (
            json!({"type": "LimitOrder", "direction": "buy", "price": "600", "currency_amount": "0"}),
            vec!["currency_amount must be greater than 0"],
            vec!["currency_amount doit être supérieur à 0"],
        ),
        (
            // 0.59 EUR at 600 EUR is 0.00098333 BTC.
            json!({"type": "LimitOrder", "direction": "buy", "price": "600", "currency_amount": "0.59"}),
            vec!["Amount can't be less than the minimum order (0.001 BTC)"],
            vec!["Le montant ne peut pas être inférieur à l'ordre minimum (0.001 BTC)"],
        ),
        (
            json!({"type": "LimitOrder", "direction": "buy", "price": -1, "amount": "abc"}),
            vec![
                "price must be greater than 0",
                "amount must be a decimal number",
            ],
            vec![
                "price doit être supérieur à 0",
                "amount doit être un nombre décimal",
            ],
        ),
        (
            json!({"type": "LimitOrder", "direction": "sell", "price": "600.123456789", "amount": 0.123456789}),
            vec![
                "price can have at most 8 decimals",
                "amount can have at most 8 decimals",
            ],
            vec![
                "price peut avoir au plus 8 décimales",
                "amount peut avoir au plus 8 décimales",
            ],
        ),
        (
            json!({"type": "LimitOrder", "direction": "buy", "price": 1e12, "amount": [1]}),
            vec![
                "price must be at most 1000000000",
                "amount must be a decimal number",
            ],
            vec![
                "price doit être au plus 1000000000",
                "amount doit être un nombre décimal",
            ],
        ),
        (
            json!({"type": "MarketOrder", "direction": "buy", "currency_amount": "1.005"}),
            vec!["currency_amount can have at most 2 decimals"],
            vec!["currency_amount peut avoir au plus 2 décimales"],
        ),
        (
            json!({"type": "LimitOrder", "direction": "buy", "price": 600, "amount": 0.0009}),
            vec!["Amount can't be less than the minimum order (0.001 BTC)"],
            vec!["Le montant ne peut pas être inférieur à l'ordre minimum (0.001 BTC)"],
        ),
        (
            json!({"type": "MarketOrder", "direction": "sell", "amount": "0.0005"}),
            vec!["Amount can't be less than the minimum order (0.001 BTC)"],
            vec!["Le montant ne peut pas être inférieur à l'ordre minimum (0.001 BTC)"],
        ),
        (
            json!({"type": "Transfer", "currency": "XRP", "amount": 1}),
            vec!["Currency must be EUR or BTC, not \"XRP\""],
            vec!["La devise doit être EUR ou BTC, pas « XRP »"],
        ),
        (
            json!({"type": "Transfer", "currency": "BTC", "amount": 0.1}),
            vec!["address is required"],
            vec!["address est obligatoire"],
        ),
        (
            json!({"type": "Transfer", "currency": "BTC", "amount": 0.1, "address": "1abc"}),
            vec!["address is not a valid Bitcoin address"],
            vec!["address n'est pas une adresse Bitcoin valide"],
        ),
        (
            json!({"type": "Transfer", "currency": "EUR", "amount": "1.234", "address": ADDRESS, "direction": "buy"}),
            vec![
                "amount can have at most 2 decimals",
                "direction must be omitted for a Transfer",
                "address must be omitted for a EUR transfer",
            ],
            vec![
                "amount peut avoir au plus 2 décimales",
                "direction doit être omis pour un Transfer",
                "address doit être omis pour un virement en EUR",
            ],
        ),
        (
            json!({"type": "Transfer", "currency": "EUR"}),
            vec!["amount is required"],
            vec!["amount est obligatoire"],
        ),
    ];
    let before = balances(&env, &token).await;
    for (body, english, french) in cases {
        for (lang, expected) in [("en", &english), ("fr-FR,fr;q=0.9", &french)] {
            let answer = post_json(&env, &token, &body, Some(lang)).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{body}: {}",
                answer.text
            );
            assert_eq!(&answer.errors(), expected, "{body} in {lang}");
        }
    }
    assert_eq!(balances(&env, &token).await, before, "nothing moved");
    let listed = get(&env, &token, "/api/v1/user/orders").await.json();
    assert_eq!(listed, json!([]), "nothing was placed");

    // Without Accept-Language: the account's language (the second account is French).
    let body = json!({"type": "LimitOrder", "direction": "buy", "price": 600});
    let demo = post_json(&env, &token, &body, None).await;
    assert_eq!(demo.errors(), ["amount or currency_amount is required"]);
    let french = post_json(&env, &second(&env, &["trade"]), &body, None).await;
    assert_eq!(
        french.errors(),
        ["amount ou currency_amount est obligatoire"]
    );
    let asked = post_json(&env, &second(&env, &["trade"]), &body, Some("en")).await;
    assert_eq!(asked.errors(), ["amount or currency_amount is required"]);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn unreadable_bodies_are_400() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let auth = format!("Bearer {token}");
    for (content_type, body, message) in [
        (
            "application/json",
            "{\"type\": ",
            "The body is not valid JSON (line 1, column 9)",
        ),
        (
            "application/json",
            "[1, 2]",
            "The body must be a JSON object",
        ),
        (
            "text/plain",
            "type=LimitOrder",
            "Send the parameters as JSON (Content-Type: application/json) or as a form (application/x-www-form-urlencoded)",
        ),
    ] {
        let answer = call(
            &env.app,
            Method::POST,
            "/api/v1/user/orders",
            &[("authorization", &auth), ("content-type", content_type)],
            body.to_owned(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.errors(), [message]);
    }
    // Still behind the bearer check.
    let anonymous = call(
        &env.app,
        Method::POST,
        "/api/v1/user/orders",
        &[("content-type", "application/json")],
        "{".into(),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn an_order_beyond_the_available_balance_is_refused() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let (bid, ask) = best(&env).await;
    for (body, message) in [
        (
            json!({"type": "LimitOrder", "direction": "buy", "price": "1000", "amount": "1.9"}),
            "Amount is greater than your available balance (1893.96 EUR)",
        ),
        (
            json!({"type": "LimitOrder", "direction": "sell", "price": ask.to_string(), "amount": "25.78866279"}),
            "Amount is greater than your available balance (25.78866278 BTC)",
        ),
        (
            json!({"type": "MarketOrder", "direction": "buy", "amount": "3"}),
            "Amount is greater than your available balance (1893.96 EUR)",
        ),
        (
            json!({"type": "Transfer", "currency": "EUR", "amount": "1893.97"}),
            "Amount is greater than your available balance (1893.96 EUR)",
        ),
    ] {
        let answer = post_json(&env, &token, &body, None).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(answer.errors(), [message], "{body}");
    }
    // Both problems at once.
    let both = post_json(
        &env,
        &token,
        &json!({"type": "LimitOrder", "direction": "buy", "price": "10000000", "amount": "0.0005"}),
        Some("fr"),
    )
    .await;
    assert_eq!(
        both.errors(),
        [
            "Le montant ne peut pas être inférieur à l'ordre minimum (0.001 BTC)",
            "Le montant est supérieur à votre solde disponible (1893.96 EUR)"
        ]
    );
    // Less BTC than the market sell would need.
    place(
        &env,
        &token,
        json!({"type": "Transfer", "currency": "BTC", "amount": "25", "address": ADDRESS}),
    )
    .await;
    let sell = post_json(
        &env,
        &token,
        &json!({"type": "MarketOrder", "direction": "sell", "currency_amount": (bid * d("1.5")).round_dp(2).to_string()}),
        None,
    )
    .await;
    assert_eq!(
        sell.errors(),
        ["Amount is greater than your available balance (0.78866278 BTC)"]
    );
    // Exactly the available balance is enough.
    let all_in = place(
        &env,
        &token,
        json!({"type": "Transfer", "currency": "EUR", "amount": "1893.96"}),
    )
    .await;
    assert_eq!(all_in["state"], "pending");
    assert_eq!(balances(&env, &token).await[0], Decimal::ZERO);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn a_limit_order_by_currency_amount_trades_that_much_eur_at_its_limit() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let (bid, ask) = best(&env).await;
    let before = balances(&env, &token).await;

    // A buy for 100 EUR below the market: as many BTC as 100 EUR buy at its limit, to
    // the satoshi (rounded down), so what it locks is at most 100 EUR.
    let price = (bid - d("50")).round_dp(2);
    let buy = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "buy", "price": price.to_string(), "currency_amount": "100"}),
    )
    .await;
    let amount = (d("100") / price).round_dp_with_strategy(8, RoundingStrategy::ToZero);
    assert_eq!(dec(&buy["amount"]), amount);
    assert_eq!(dec(&buy["price"]), price);
    let locked = (price * amount).round_dp_with_strategy(2, RoundingStrategy::AwayFromZero);
    assert!(locked <= d("100"), "{locked}");
    assert_eq!(
        ops(&buy),
        [
            op("lock", -locked, "EUR", false),
            op("lock", locked, "EUR", true)
        ]
    );
    assert!(
        (price * (amount + d("0.00000001"))) > d("100"),
        "not a satoshi more"
    );

    // A sell for 100 EUR above the market: as many BTC as it takes to get 100 EUR at
    // its limit (rounded up), all locked.
    let price = (ask + d("50")).round_dp(2);
    let sell = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "sell", "price": price.to_string(), "currency_amount": 100}),
    )
    .await;
    let amount = (d("100") / price).round_dp_with_strategy(8, RoundingStrategy::AwayFromZero);
    assert_eq!(dec(&sell["amount"]), amount);
    assert!(price * amount >= d("100"));
    assert!(
        price * (amount - d("0.00000001")) < d("100"),
        "not a satoshi more"
    );
    assert_eq!(
        ops(&sell),
        [
            op("lock", -amount, "BTC", false),
            op("lock", amount, "BTC", true)
        ]
    );
    assert_eq!(
        balances(&env, &token).await,
        plus(plus(before, moved(&buy)), moved(&sell))
    );
    // They rest in the book like any limit order, and cancel like one.
    assert_eq!(depth_at(&env, "asks", price).await, amount);
    let canceled = cancel(&env, &token, sell["uuid"].as_str().unwrap()).await;
    assert_eq!(canceled.status, StatusCode::OK);

    // A form, as curl -d sends it; more than the account has is refused as usual.
    let auth = format!("Bearer {token}");
    let answer = call(
        &env.app,
        Method::POST,
        "/api/v1/user/orders",
        &[("authorization", &auth)],
        form(&[
            ("type", "LimitOrder"),
            ("currency", "EUR"),
            ("direction", "buy"),
            ("price", "300.0"),
            ("currency_amount", "5000"),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.errors(),
        [format!(
            "Amount is greater than your available balance ({} EUR)",
            before[0] - locked
        )]
    );
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn a_new_limit_order_is_pending_execution_until_the_next_request() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let (bid, _) = best(&env).await;
    let before = balances(&env, &token).await;

    // Resting: the POST answers pending_execution (the spec's example), and any read
    // after it shows the order in the book, active, as of when it was placed.
    let price = (bid - d("40")).round_dp(2);
    let placed = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "buy", "price": price.to_string(), "amount": "0.01"}),
    )
    .await;
    assert_eq!(placed["state"], "pending_execution");
    env.clock.advance_ms(30_000);
    let active = get(&env, &token, "/api/v1/user/orders?active=true")
        .await
        .json();
    assert_eq!(active[0]["uuid"], placed["uuid"]);
    assert_eq!(active[0]["state"], "active");
    assert_eq!(
        active[0]["updated_at"], placed["created_at"],
        "taken when placed"
    );
    assert_eq!(
        active[0]["account_operations"],
        placed["account_operations"]
    );
    assert_eq!(depth_at(&env, "bids", price).await, d("0.01"));

    // Crossing: the first request after the POST, whoever makes it (here the public
    // ticker), finds it filled, at the instant it was placed.
    let amount = depth_at(&env, "bids", bid).await.min(d("0.01"));
    let placed = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "sell", "price": bid.to_string(), "amount": amount.to_string()}),
    )
    .await;
    assert_eq!(placed["state"], "pending_execution");
    assert_eq!(dec(&placed["traded_btc"]), Decimal::ZERO);
    env.clock.advance_ms(30_000);
    let ticker = get(&env, "", "/api/v1/data/eur/ticker").await.json();
    assert_eq!(dec(&ticker["price"]), bid, "the fill is the last trade");
    let order = taken(&env, &token, placed.clone()).await;
    assert_eq!(order["state"], "filled");
    assert_eq!(dec(&order["traded_btc"]), amount);
    let at = placed["account_operations"][0]["created_at"].clone();
    assert!(
        order["account_operations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|op| op["created_at"] == at),
        "{order}"
    );

    // Canceled before anything read it: the engine takes it first, then it is canceled.
    let placed = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "buy", "price": price.to_string(), "amount": "0.02"}),
    )
    .await;
    assert_eq!(placed["state"], "pending_execution");
    let canceled = cancel(&env, &token, placed["uuid"].as_str().unwrap()).await;
    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.text);
    let names: Vec<String> = ops(&canceled.json()).into_iter().map(|o| o.0).collect();
    assert_eq!(names, ["lock", "lock", "unlock", "unlock"]);
    assert_eq!(depth_at(&env, "bids", price).await, d("0.01"));

    // Market orders are carried out at once.
    let market = place(
        &env,
        &token,
        json!({"type": "MarketOrder", "direction": "buy", "amount": "0.001"}),
    )
    .await;
    assert_eq!(market["state"], "filled");
    assert_ne!(balances(&env, &token).await, before);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn a_resting_limit_buy_locks_funds_shows_in_the_depth_until_canceled() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let (bid, _) = best(&env).await;
    let price = bid - d("7.77");
    let before = balances(&env, &token).await;
    let depth_before = depth_at(&env, "bids", price).await;

    let answer = post_json(
        &env,
        &token,
        &json!({"type": "LimitOrder", "currency": "EUR", "direction": "buy", "price": price.to_string(), "amount": "0.5"}),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let order = answer.json();
    assert_eq!(
        keys(&order),
        [
            "uuid",
            "amount",
            "state",
            "btc_fee",
            "currency_fee",
            "updated_at",
            "created_at",
            "currency",
            "type",
            "traded_btc",
            "traded_currency",
            "direction",
            "price",
            "account_operations"
        ],
        "the spec's order"
    );
    assert_eq!(order["state"], "pending_execution", "the spec's answer");
    assert_eq!(order["type"], "LimitOrder");
    assert_eq!(order["currency"], "EUR");
    assert_eq!(order["direction"], "buy");
    assert_eq!(dec(&order["price"]), price);
    assert_eq!(dec(&order["amount"]), d("0.5"));
    assert_eq!(dec(&order["traded_btc"]), Decimal::ZERO);
    assert_eq!(order["created_at"], "2014-01-07T11:00:10.123Z");
    assert_eq!(order["updated_at"], order["created_at"]);
    let locked = (price * d("0.5")).round_dp_with_strategy(2, RoundingStrategy::AwayFromZero);
    assert_eq!(
        ops(&order),
        [
            op("lock", -locked, "EUR", false),
            op("lock", locked, "EUR", true)
        ]
    );
    let operation = &order["account_operations"][0];
    assert_eq!(
        keys(operation),
        [
            "uuid",
            "name",
            "amount",
            "currency",
            "created_at",
            "created_at_int",
            "is_trading_account"
        ]
    );
    assert_eq!(operation["created_at_int"], NOW_MS / 1000);
    let model: bitcoin_central::Order =
        bitcoin_central::schema::decode(answer.text.as_bytes()).unwrap();
    assert_eq!(model.price, Some(price));

    let during = balances(&env, &token).await;
    assert_eq!(during, plus(before, moved(&order)));
    assert_eq!(during[0], before[0] - locked);
    assert_eq!(during[1], before[1] + locked);
    assert_eq!(depth_at(&env, "bids", price).await, depth_before + d("0.5"));
    let uuid = order["uuid"].as_str().unwrap();
    let rested = get(&env, &token, &format!("/api/v1/user/orders/{uuid}")).await;
    assert_eq!(rested.json()["state"], "active", "taken by the engine");

    env.clock.advance_ms(5_000);
    let canceled = cancel(&env, &token, uuid).await;
    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.text);
    let canceled = canceled.json();
    assert_eq!(canceled["state"], "canceled");
    assert_eq!(canceled["updated_at"], "2014-01-07T11:00:15.123Z");
    assert_eq!(
        ops(&canceled)[2..],
        [
            op("unlock", -locked, "EUR", true),
            op("unlock", locked, "EUR", false)
        ]
    );
    assert_eq!(balances(&env, &token).await, before, "everything unlocked");
    assert_eq!(depth_at(&env, "bids", price).await, depth_before);
    let details = get(&env, &token, &format!("/api/v1/user/orders/{uuid}")).await;
    assert_eq!(details.json(), canceled);

    // Only active trade orders.
    let again = cancel(&env, &token, uuid).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.errors(), ["Only active trade orders can be canceled"]);
    for unknown in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        let answer = cancel(&env, &token, unknown).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{unknown}");
        assert_eq!(answer.errors(), ["Order not found"]);
    }
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn a_sell_at_or_below_the_best_bid_fills_at_the_bids_price() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let (bid, _) = best(&env).await;
    let level = depth_at(&env, "bids", bid).await;
    let amount = level.min(d("0.01"));
    let before = balances(&env, &token).await;
    let trades_before = get(&env, "", "/api/v1/data/eur/trades").await.json();

    let placed = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "sell", "price": (bid - d("5")).to_string(), "amount": amount.to_string()}),
    )
    .await;
    let order = taken(&env, &token, placed).await;
    assert_eq!(order["state"], "filled");
    assert_eq!(dec(&order["traded_btc"]), amount);
    assert_eq!(
        dec(&order["price"]),
        bid - d("5"),
        "the order keeps its limit"
    );
    let operations = ops(&order);
    assert_eq!(
        operations[..2],
        [
            op("lock", -amount, "BTC", false),
            op("lock", amount, "BTC", true)
        ]
    );
    // Per fill: BTC out of the trading account, EUR in at the bid's price, the fee.
    let mut eur = Decimal::ZERO;
    let mut fees = Decimal::ZERO;
    let mut btc = Decimal::ZERO;
    for fill in operations[2..].chunks(3) {
        let (sold, got, fee_op) = (&fill[0], &fill[1], &fill[2]);
        assert_eq!(
            (sold.0.as_str(), sold.2.as_str(), sold.3),
            ("trade", "BTC", true)
        );
        assert_eq!(
            (got.0.as_str(), got.2.as_str(), got.3),
            ("trade", "EUR", false)
        );
        assert_eq!(
            (fee_op.0.as_str(), fee_op.2.as_str(), fee_op.3),
            ("fee", "EUR", false)
        );
        assert_eq!(got.1, round_cents(-sold.1 * bid), "at the resting price");
        assert_eq!(fee_op.1, -fee(got.1, 2));
        btc -= sold.1;
        eur += got.1;
        fees -= fee_op.1;
    }
    assert_eq!(btc, amount);
    assert_eq!(dec(&order["traded_currency"]), eur);
    assert_eq!(dec(&order["currency_fee"]), fees);
    assert_eq!(dec(&order["btc_fee"]), Decimal::ZERO);
    let after = balances(&env, &token).await;
    assert_eq!(after, plus(before, moved(&order)));
    assert_eq!(
        after,
        [
            before[0] + eur - fees,
            before[1],
            before[2] - amount,
            before[3]
        ],
        "exact balances"
    );

    // The fills are public trades, and the ticker's last price.
    let trades = get(&env, "", "/api/v1/data/eur/trades").await.json();
    let last = trades.as_array().unwrap().last().unwrap().clone();
    assert_ne!(trades, trades_before);
    assert_eq!(dec(&last["price"]), bid);
    assert_eq!(last["created_at_int"], NOW_MS / 1000);
    let ticker = get(&env, "", "/api/v1/data/eur/ticker").await.json();
    assert_eq!(dec(&ticker["price"]), bid);
    assert_eq!(depth_at(&env, "bids", bid).await, level - amount);

    // A buy above the best ask: filled at the asks' prices, the excess unlocked.
    let (_, ask) = best(&env).await;
    let limit = ask + d("10");
    let before = balances(&env, &token).await;
    let placed = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "buy", "price": limit.to_string(), "amount": "0.001"}),
    )
    .await;
    let bought = taken(&env, &token, placed).await;
    assert_eq!(bought["state"], "filled");
    let paid = dec(&bought["traded_currency"]);
    assert_eq!(paid, round_cents(ask * d("0.001")));
    assert_eq!(dec(&bought["btc_fee"]), fee(d("0.001"), 8));
    let names: Vec<String> = ops(&bought).into_iter().map(|o| o.0).collect();
    assert_eq!(
        names,
        ["lock", "lock", "trade", "trade", "fee", "unlock", "unlock"]
    );
    let after = balances(&env, &token).await;
    assert_eq!(
        after,
        [
            before[0] - paid,
            before[1],
            before[2] + d("0.001") - d("0.0000025"),
            before[3]
        ]
    );
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn two_accounts_crossing_each_other_are_both_settled() {
    let env = env(|_| {});
    let demo = login(&env, ALL).await;
    let other = second(&env, &["basic", "activity", "trade"]);
    let (bid, ask) = best(&env).await;
    let price = ((bid + ask) / d("2")).round_dp(2);
    assert!(bid < price && price < ask, "{bid} < {price} < {ask}");
    assert_eq!(
        balances(&env, &other).await,
        [d("5000"), d("0"), d("10"), d("0")]
    );

    let resting = place(
        &env,
        &other,
        json!({"type": "LimitOrder", "direction": "buy", "price": price.to_string(), "amount": "0.2"}),
    )
    .await;
    assert_eq!(resting["state"], "pending_execution");
    assert_eq!(best(&env).await.0, price, "the best bid now");
    let before = balances(&env, &demo).await;

    env.clock.advance_ms(1_000);
    let placed = place(
        &env,
        &demo,
        json!({"type": "LimitOrder", "direction": "sell", "price": bid.to_string(), "amount": "0.2"}),
    )
    .await;
    let sell = taken(&env, &demo, placed).await;
    let eur = round_cents(price * d("0.2"));
    assert_eq!(sell["state"], "filled");
    assert_eq!(dec(&sell["traded_currency"]), eur);
    assert_eq!(dec(&sell["currency_fee"]), fee(eur, 2));
    assert_eq!(
        balances(&env, &demo).await,
        [
            before[0] + eur - fee(eur, 2),
            before[1],
            before[2] - d("0.2"),
            before[3]
        ]
    );

    let uuid = resting["uuid"].as_str().unwrap();
    let filled = get(&env, &other, &format!("/api/v1/user/orders/{uuid}"))
        .await
        .json();
    assert_eq!(filled["state"], "filled");
    assert_eq!(dec(&filled["traded_btc"]), d("0.2"));
    assert_eq!(dec(&filled["traded_currency"]), eur);
    assert_eq!(dec(&filled["btc_fee"]), d("0.0005"));
    assert_eq!(filled["updated_at"], "2014-01-07T11:00:11.123Z");
    assert_eq!(
        balances(&env, &other).await,
        [d("5000") - eur, d("0"), d("10.1995"), d("0")],
        "paid, received less the fee, nothing left locked"
    );
    let trades = get(&env, "", "/api/v1/data/eur/trades").await.json();
    let last = trades.as_array().unwrap().last().unwrap();
    assert_eq!(
        (dec(&last["price"]), dec(&last["traded_btc"])),
        (price, d("0.2"))
    );
    assert_eq!(best(&env).await.0, bid, "gone from the book");

    // Each sees only its own orders.
    let mine = sell["uuid"].as_str().unwrap();
    let answer = get(&env, &other, &format!("/api/v1/user/orders/{mine}")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.errors(), ["Ordre introuvable"]);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn market_orders_by_amount_and_by_currency_amount() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;

    let before = balances(&env, &token).await;
    let bought = place(
        &env,
        &token,
        json!({"type": "MarketOrder", "currency": "EUR", "direction": "buy", "amount": 0.01}),
    )
    .await;
    assert_eq!(bought["state"], "filled");
    assert_eq!(bought["type"], "MarketOrder");
    assert_eq!(bought["price"], Value::Null);
    assert_eq!(dec(&bought["amount"]), d("0.01"));
    assert_eq!(dec(&bought["traded_btc"]), d("0.01"));
    let paid = dec(&bought["traded_currency"]);
    let ops_ = ops(&bought);
    assert_eq!(
        ops_[..2],
        [
            op("lock", -paid, "EUR", false),
            op("lock", paid, "EUR", true)
        ],
        "locks exactly what it pays"
    );
    assert!(ops_.iter().all(|o| o.0 != "unlock"));
    let after = balances(&env, &token).await;
    assert_eq!(after, plus(before, moved(&bought)));
    assert_eq!(
        after,
        [
            before[0] - paid,
            before[1],
            before[2] + d("0.01") - dec(&bought["btc_fee"]),
            before[3]
        ]
    );

    let spent = place(
        &env,
        &token,
        json!({"type": "MarketOrder", "direction": "buy", "currency_amount": "10"}),
    )
    .await;
    let traded = dec(&spent["traded_currency"]);
    assert!(traded <= d("10") && traded > d("9.9"), "{traded}");
    assert_eq!(dec(&spent["amount"]), dec(&spent["traded_btc"]));

    let sold = place(
        &env,
        &token,
        json!({"type": "MarketOrder", "direction": "sell", "currency_amount": 10}),
    )
    .await;
    let got = dec(&sold["traded_currency"]);
    assert!(got >= d("10") && got < d("10.01"), "{got}");
    assert_eq!(dec(&sold["amount"]), dec(&sold["traded_btc"]));
    assert_eq!(dec(&sold["currency_fee"]), fee(got, 2));

    let before = balances(&env, &token).await;
    let sold = place(
        &env,
        &token,
        json!({"type": "MarketOrder", "direction": "sell", "amount": "0.005"}),
    )
    .await;
    assert_eq!(dec(&sold["traded_btc"]), d("0.005"));
    assert_eq!(balances(&env, &token).await, plus(before, moved(&sold)));
    assert_eq!(
        balances(&env, &token).await[3],
        Decimal::ZERO,
        "nothing left locked"
    );

    let market_orders = get(&env, &token, "/api/v1/user/orders?types[]=MarketOrder")
        .await
        .json();
    assert_eq!(market_orders.as_array().unwrap().len(), 4);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn a_withdrawal_is_pending_until_confirmed() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let before = balances(&env, &token).await;
    // The spec's curl example, as a form.
    let auth = format!("Bearer {token}");
    let answer = call(
        &env.app,
        Method::POST,
        "/api/v1/user/orders",
        &[
            ("authorization", &auth),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        form(&[
            ("type", "Transfer"),
            ("currency", "BTC"),
            ("amount", "0.5"),
            ("address", ADDRESS),
        ]),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let transfer = answer.json();
    assert_eq!(
        keys(&transfer),
        [
            "uuid",
            "amount",
            "state",
            "btc_fee",
            "currency_fee",
            "updated_at",
            "created_at",
            "currency",
            "type",
            "account_operations"
        ]
    );
    assert_eq!(transfer["state"], "pending");
    assert_eq!(transfer["currency"], "BTC");
    assert_eq!(transfer["amount"].to_string(), "0.5");
    assert_eq!(transfer["btc_fee"].to_string(), "0.0");
    assert_eq!(
        ops(&transfer),
        [op("bitcoin_transfer", d("-0.5"), "BTC", false)]
    );
    assert_eq!(
        balances(&env, &token).await,
        [before[0], before[1], before[2] - d("0.5"), before[3]]
    );
    let uuid = transfer["uuid"].as_str().unwrap();

    // Not a trade order: cannot be canceled.
    assert_eq!(
        cancel(&env, &token, uuid).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The confirmation needs the withdraw scope.
    let trader = login(&env, "trade activity").await;
    let refused = confirm(&env, &trader, uuid).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.errors()[0].contains("withdraw"));
    // Nobody else's.
    let stranger = second(&env, &["withdraw"]);
    assert_eq!(
        confirm(&env, &stranger, uuid).await.status,
        StatusCode::NOT_FOUND
    );

    env.clock.advance_ms(60_000);
    let confirmed = confirm(&env, &token, uuid).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    let confirmed = confirmed.json();
    assert_eq!(confirmed["state"], "executed");
    assert_eq!(confirmed["updated_at"], "2014-01-07T11:01:10.123Z");
    assert_eq!(confirmed["created_at"], transfer["created_at"]);
    assert_eq!(
        confirmed["account_operations"],
        transfer["account_operations"]
    );
    let again = confirm(&env, &token, uuid).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.errors(), ["Only pending transfers can be confirmed"]);
    assert_eq!(
        balances(&env, &token).await,
        [before[0], before[1], before[2] - d("0.5"), before[3]]
    );

    let wire = place(
        &env,
        &token,
        json!({"type": "Transfer", "currency": "eur", "amount": 100.5}),
    )
    .await;
    assert_eq!(wire["currency"], "EUR");
    assert_eq!(ops(&wire), [op("wire_transfer", d("-100.5"), "EUR", false)]);
    let listed = get(&env, &token, "/api/v1/user/orders?types[]=Transfer")
        .await
        .json();
    assert_eq!(listed[0]["uuid"], wire["uuid"], "newest first");
    assert_eq!(listed[1]["state"], "executed");
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn listing_orders_pages_and_filters() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let (bid, _) = best(&env).await;
    let mut placed = Vec::new();
    for (i, body) in [
        json!({"type": "LimitOrder", "direction": "buy", "price": (bid - d("50")).to_string(), "amount": "0.01"}),
        json!({"type": "LimitOrder", "direction": "buy", "price": (bid - d("51")).to_string(), "amount": "0.01"}),
        json!({"type": "Transfer", "currency": "BTC", "amount": "0.1", "address": ADDRESS}),
        json!({"type": "MarketOrder", "direction": "sell", "amount": "0.001"}),
        json!({"type": "LimitOrder", "direction": "buy", "price": (bid - d("52")).to_string(), "amount": "0.01"}),
    ]
    .into_iter()
    .enumerate()
    {
        env.clock.advance_ms(1_000 * (i as i64 + 1));
        placed.push(place(&env, &token, body).await["uuid"].clone());
    }
    let canceled = cancel(&env, &token, placed[1].as_str().unwrap()).await;
    assert_eq!(canceled.status, StatusCode::OK);
    let uuids = |list: &Value| -> Vec<Value> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|o| o["uuid"].clone())
            .collect()
    };
    let newest_first: Vec<Value> = placed.iter().rev().cloned().collect();

    let all = get(&env, &token, "/api/v1/user/orders").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(uuids(&all.json()), newest_first);
    let page = get(&env, &token, "/api/v1/user/orders?offset=1&limit=2")
        .await
        .json();
    assert_eq!(uuids(&page), newest_first[1..3]);
    let past = get(&env, &token, "/api/v1/user/orders?offset=20")
        .await
        .json();
    assert_eq!(past, json!([]));
    let limits = get(&env, &token, "/api/v1/user/orders?types[]=LimitOrder")
        .await
        .json();
    assert_eq!(
        uuids(&limits),
        [placed[4].clone(), placed[1].clone(), placed[0].clone()]
    );
    let two_types = get(
        &env,
        &token,
        "/api/v1/user/orders?types%5B%5D=Transfer&types%5B%5D=MarketOrder",
    )
    .await
    .json();
    assert_eq!(uuids(&two_types), [placed[3].clone(), placed[2].clone()]);
    let comma = get(
        &env,
        &token,
        "/api/v1/user/orders?types=Transfer,MarketOrder",
    )
    .await
    .json();
    assert_eq!(comma, two_types);
    let active = get(&env, &token, "/api/v1/user/orders?active=true")
        .await
        .json();
    assert_eq!(
        uuids(&active),
        [placed[4].clone(), placed[2].clone(), placed[0].clone()],
        "active limit orders and the pending transfer"
    );
    let active_limits = get(
        &env,
        &token,
        "/api/v1/user/orders?active=true&types[]=LimitOrder&limit=1",
    )
    .await
    .json();
    assert_eq!(uuids(&active_limits), [placed[4].clone()]);
    let not_only_active = get(&env, &token, "/api/v1/user/orders?active=false")
        .await
        .json();
    assert_eq!(uuids(&not_only_active), newest_first);
    let none = get(&env, &token, "/api/v1/user/orders?types[]=WireDeposit")
        .await
        .json();
    assert_eq!(none, json!([]));

    let bad = get(
        &env,
        &token,
        "/api/v1/user/orders?offset=-1&limit=101&active=yes&types[]=Deposit",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.errors(),
        [
            "Parameter offset is invalid: \"-1\"",
            "Parameter limit is invalid: \"101\"",
            "Parameter active is invalid: \"yes\"",
            "Parameter types[] is invalid: \"Deposit\""
        ]
    );
    assert_eq!(
        get(&env, &token, "/api/v1/user/orders?limit=0")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // The library reads every one of them.
    let models: Vec<bitcoin_central::Order> =
        bitcoin_central::schema::decode(all.text.as_bytes()).unwrap();
    assert_eq!(models.len(), 5);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn order_details_and_404s() {
    let env = env(|_| {});
    let token = login(&env, ALL).await;
    let order = place(
        &env,
        &token,
        json!({"type": "Transfer", "currency": "EUR", "amount": "10"}),
    )
    .await;
    let uuid = order["uuid"].as_str().unwrap();
    let details = get(&env, &token, &format!("/api/v1/user/orders/{uuid}")).await;
    assert_eq!(details.status, StatusCode::OK);
    assert_eq!(details.json(), order);
    let upper = get(
        &env,
        &token,
        &format!("/api/v1/user/orders/{}", uuid.to_uppercase()),
    )
    .await;
    assert_eq!(upper.json(), order);
    for missing in [
        "00000000-0000-4000-8000-000000000000",
        "968f4580-e26c-4ad8-8bcd-874d23d5529",
        "nothing",
        "%FF",
    ] {
        let answer = get(&env, &token, &format!("/api/v1/user/orders/{missing}")).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(answer.errors(), ["Order not found"], "{missing}");
    }
    let french = call(
        &env.app,
        Method::GET,
        "/api/v1/user/orders/nothing",
        &[
            ("authorization", &format!("Bearer {token}")),
            ("accept-language", "fr"),
        ],
        String::new(),
    )
    .await;
    assert_eq!(french.errors(), ["Ordre introuvable"]);
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn each_endpoint_checks_its_scope() {
    let env = env(|_| {});
    let activity = login(&env, "basic activity").await;
    let trade = login(&env, "trade").await;
    let withdraw = login(&env, "withdraw").await;
    let limit = json!({"type": "LimitOrder", "direction": "buy", "price": "100", "amount": "0.01"});
    let transfer = json!({"type": "Transfer", "currency": "EUR", "amount": "1"});
    let unknown = json!({"type": "Swap"});
    for (token, body, scope) in [
        (&activity, &limit, "trade"),
        (&withdraw, &limit, "trade"),
        (&activity, &transfer, "withdraw"),
        (&trade, &transfer, "withdraw"),
        (&activity, &unknown, "trade"),
    ] {
        let answer = post_json(&env, token, body, None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(
            answer.errors(),
            [format!("This token lacks the scope {scope}")]
        );
    }
    assert_eq!(
        post_json(&env, &trade, &limit, None).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        post_json(&env, &withdraw, &transfer, None).await.status,
        StatusCode::CREATED
    );
    // Either scope may hear that a type is unknown.
    assert_eq!(
        post_json(&env, &withdraw, &unknown, None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let listed = get(&env, &activity, "/api/v1/user/orders").await.json();
    let uuid = listed[1]["uuid"].as_str().unwrap().to_owned();
    assert_eq!(listed[1]["type"], "LimitOrder");
    for path in [
        "/api/v1/user/orders".to_owned(),
        format!("/api/v1/user/orders/{uuid}"),
    ] {
        let answer = get(&env, &trade, &path).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(answer.errors(), ["This token lacks the scope activity"]);
    }
    let answer = cancel(&env, &activity, &uuid).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.errors(), ["This token lacks the scope trade"]);
    assert_eq!(cancel(&env, &trade, &uuid).await.status, StatusCode::OK);

    let anonymous = call(
        &env.app,
        Method::GET,
        "/api/v1/user/orders",
        &[],
        String::new(),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let bogus = get(&env, "not-a-token", "/api/v1/user/orders").await;
    assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);
    assert!(!bogus.text.contains("not-a-token"));
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn json_numbers_json_strings_and_forms_are_all_accepted() {
    let env = env(|_| {});
    let token = login(&env, "basic activity trade").await;
    // The spec's curl example: a form, and its answer's shape.
    let auth = format!("Bearer {token}");
    let answer = call(
        &env.app,
        Method::POST,
        "/api/v1/user/orders",
        &[("authorization", &auth)],
        "type=LimitOrder&currency=EUR&direction=buy&price=300.0&amount=1.0".into(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let order = answer.json();
    for (key, text) in [
        ("amount", "1.0"),
        ("btc_fee", "0.0"),
        ("currency_fee", "0.0"),
        ("traded_btc", "0.0"),
        ("traded_currency", "0.0"),
        ("price", "300.0"),
    ] {
        assert_eq!(order[key].to_string(), text, "{key}");
    }
    assert_eq!(
        order["account_operations"][0]["amount"].to_string(),
        "-300.0"
    );
    assert_eq!(
        order["account_operations"][1]["amount"].to_string(),
        "300.0"
    );
    assert_eq!(order["state"], "pending_execution");

    for body in [
        json!({"type": "LimitOrder", "currency": "EUR", "direction": "buy", "price": 300.5, "amount": 0.01}),
        json!({"type": "LimitOrder", "currency": "EUR", "direction": "buy", "price": "300.5", "amount": "0.01"}),
    ] {
        let order = place(&env, &token, body).await;
        assert_eq!(order["price"].to_string(), "300.5");
        assert_eq!(order["amount"].to_string(), "0.01");
        assert_eq!(
            dec(&order["account_operations"][1]["amount"]),
            d("3.01"),
            "rounded up"
        );
    }
    // A JSON body without its content type is still recognised.
    let answer = call(
        &env.app,
        Method::POST,
        "/api/v1/user/orders",
        &[("authorization", &auth)],
        json!({"type": "LimitOrder", "direction": "buy", "price": 300, "amount": 0.01}).to_string(),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert_eq!(
        balances(&env, &token).await[1],
        d("300") + d("3.01") * d("2") + d("3")
    );
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn string_decimals_when_asked() {
    let env = env(|c| c.decimals = DecimalStyle::String);
    let token = login(&env, ALL).await;
    let order = place(
        &env,
        &token,
        json!({"type": "Transfer", "currency": "BTC", "amount": "0.25", "address": ADDRESS}),
    )
    .await;
    assert_eq!(order["amount"], "0.25");
    assert_eq!(order["account_operations"][0]["amount"], "-0.25");
    let user = get(&env, &token, "/api/v1/user").await.json();
    assert_eq!(user["balance_btc"], "25.53866278");
    assert_locked_funds_are_held_by_open_orders(&env).await;
}

#[tokio::test]
async fn the_simulated_market_fills_a_resting_order_over_time() {
    let env = env(|c| c.tick_ms = 1_000);
    let token = login(&env, ALL).await;
    let (bid, ask) = best(&env).await;
    // The best ask from now on: the market's buyers take it first.
    let price = ask - d("0.01");
    assert!(price > bid);
    let start = balances(&env, &token).await;
    let order = place(
        &env,
        &token,
        json!({"type": "LimitOrder", "direction": "sell", "price": price.to_string(), "amount": "0.5"}),
    )
    .await;
    assert_eq!(order["state"], "pending_execution");
    let uuid = order["uuid"].as_str().unwrap().to_owned();

    let mut filled = None;
    let mut partly = false;
    for _ in 0..1_800 {
        env.clock.advance_ms(1_000);
        // The account first: the market's fills are settled before any answer.
        let now = balances(&env, &token).await;
        let order = get(&env, &token, &format!("/api/v1/user/orders/{uuid}"))
            .await
            .json();
        assert_eq!(
            now,
            plus(start, moved(&order)),
            "balances follow the operations"
        );
        let traded = dec(&order["traded_btc"]);
        if order["state"] == "active" && traded > Decimal::ZERO {
            partly = true;
            assert_eq!(
                now[3],
                start[3] + d("0.5") - traded,
                "the rest stays locked"
            );
        }
        if order["state"] == "filled" {
            filled = Some((order, now));
            break;
        }
    }
    let (order, now) = filled.expect("the market fills the order within half an hour");
    assert!(partly, "seen partly filled on the way");
    assert_eq!(dec(&order["traded_btc"]), d("0.5"));
    let traded = dec(&order["traded_currency"]);
    let fees = dec(&order["currency_fee"]);
    assert_eq!(
        now,
        [
            start[0] + traded - fees,
            start[1],
            start[2] - d("0.5"),
            start[3]
        ],
        "paid for, nothing left locked"
    );
    // Filled at its own price (it rested): per fill, BTC out, EUR in, the fee.
    let operations = ops(&order);
    assert!(operations.len() > 2 + 3, "several fills");
    for fill in operations[2..].chunks(3) {
        assert_eq!((fill[0].0.as_str(), fill[0].2.as_str()), ("trade", "BTC"));
        assert_eq!(fill[1].1, round_cents(-fill[0].1 * price));
        assert_eq!(fill[2], op("fee", -fee(fill[1].1, 2), "EUR", false));
    }
    assert!(order["updated_at"].as_str().unwrap() > order["created_at"].as_str().unwrap());
    let trades = get(&env, "", "/api/v1/data/eur/trades").await.json();
    assert!(
        trades
            .as_array()
            .unwrap()
            .iter()
            .any(|t| dec(&t["price"]) == price),
        "the fills are public trades"
    );
    assert_locked_funds_are_held_by_open_orders(&env).await;
}
