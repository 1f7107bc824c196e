//! Browser tier, trading: the JS `Client` against the sandbox's real books, logged in
//! through the sandbox's OAuth server (code flow with PKCE, the consent form posted
//! by the test). Every user endpoint, its errors, and whole journeys.
#![cfg(target_arch = "wasm32")]

use bitcoin_central::js::{JsClient, JsOAuth};
use js_sys::{Array, JSON, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/consent.rs"]
mod consent;
#[path = "support/faults.rs"]
mod faults;

const SANDBOX: &str = env!("SANDBOX_URL");

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or_else(|_| panic!("no {key}"))
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string: {:?}", get(value, key)))
}

fn dec(value: &JsValue, key: &str) -> rust_decimal::Decimal {
    text(value, key)
        .parse()
        .unwrap_or_else(|e| panic!("{key}: {e}"))
}

async fn resolve(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

/// Logs in with these scopes through the sandbox's consent form, as a person would
/// (the form is posted by the test), and completes the login with the library.
async fn login(scopes: &str, client_options: &str) -> (JsClient, JsOAuth) {
    login_stored(scopes, client_options, "memory").await
}

fn demo_oauth(scopes: &str, storage: &str) -> JsOAuth {
    JsOAuth::new(js(&format!(
        r#"{{"provider":"bitcoin-central","baseUrl":"{SANDBOX}","clientId":"bitcoin-central-demo","redirectUri":"{SANDBOX}/","scopes":{scopes},"storage":"{storage}"}}"#
    )))
    .unwrap_or_else(|e| panic!("{:?}", JsValue::from(e)))
}

/// [`login`], with the session kept in `storage`.
async fn login_stored(scopes: &str, client_options: &str, storage: &str) -> (JsClient, JsOAuth) {
    let oauth = demo_oauth(scopes, storage);
    consent::approve(&oauth, SANDBOX).await;
    let client =
        JsClient::new(js(&format!(r#"{{"baseUrl":"{SANDBOX}"{client_options}}}"#))).unwrap();
    client.use_auth(&oauth);
    (client, oauth)
}

async fn everything() -> (JsClient, JsOAuth) {
    login(r#"["basic","activity","trade","withdraw"]"#, "").await
}

/// Cancels whatever the account has active, so a journey starts from still books.
async fn cancel_all(client: &JsClient) {
    let active: Array = resolve(client.orders(js(r#"{"active":true,"limit":100}"#)))
        .await
        .unwrap()
        .into();
    for order in active.iter() {
        if text(&order, "state") == "active" {
            resolve(client.cancel_order(text(&order, "uuid").into()))
                .await
                .unwrap();
        }
    }
}

async fn balances(client: &JsClient) -> [rust_decimal::Decimal; 4] {
    let user = resolve(client.user()).await.unwrap();
    [
        dec(&user, "balanceEur"),
        dec(&user, "lockedEur"),
        dec(&user, "balanceBtc"),
        dec(&user, "lockedBtc"),
    ]
}

async fn best(client: &JsClient) -> (rust_decimal::Decimal, rust_decimal::Decimal) {
    let ticker = resolve(client.ticker()).await.unwrap();
    (dec(&ticker, "bid"), dec(&ticker, "ask"))
}

async fn failure(promise: Promise) -> JsValue {
    resolve(promise).await.expect_err("the call should fail")
}

#[wasm_bindgen_test]
async fn a_resting_limit_order_locks_funds_until_canceled() {
    let (client, _oauth) = everything().await;
    cancel_all(&client).await;
    let (bid, _) = best(&client).await;
    // Whole euros: price × 0.01 BTC is then whole cents, however the exchange rounds locks.
    let price = (bid / rust_decimal::Decimal::TWO).round_dp(0);
    let before = balances(&client).await;
    let order = resolve(client.place_order(js(&format!(
        r#"{{"type":"LimitOrder","direction":"buy","price":"{price}","amount":"0.01"}}"#
    ))))
    .await
    .unwrap();
    // The spec's answer to a new limit order: taken by the engine, not yet in the book.
    assert_eq!(text(&order, "state"), "pending_execution");
    assert_eq!(text(&order, "type"), "LimitOrder");
    assert_eq!(dec(&order, "price"), price);
    let locked = price * rust_decimal::Decimal::new(1, 2);
    let during = balances(&client).await;
    assert_eq!(during[1] - before[1], locked, "EUR locked");
    assert_eq!(before[0] - during[0], locked, "EUR no longer available");
    let names: Vec<String> = Array::from(&get(&order, "accountOperations"))
        .iter()
        .map(|o| text(&o, "name"))
        .collect();
    assert!(names.iter().any(|n| n == "lock"), "{names:?}");

    let uuid = text(&order, "uuid");
    let listed: Array = resolve(client.orders(js(r#"{"active":true}"#)))
        .await
        .unwrap()
        .into();
    assert!(listed.iter().any(|o| text(&o, "uuid") == uuid));
    let details = resolve(client.order(uuid.clone().into())).await.unwrap();
    assert_eq!(text(&details, "state"), "active");

    resolve(client.cancel_order(uuid.clone().into()))
        .await
        .unwrap();
    let canceled = resolve(client.order(uuid.clone().into())).await.unwrap();
    assert_eq!(text(&canceled, "state"), "canceled");
    assert_eq!(balances(&client).await, before, "everything unlocked");
    let again = failure(client.cancel_order(uuid.into())).await;
    assert_eq!(
        text(&again, "kind"),
        "api",
        "only active orders can be canceled"
    );
    assert_eq!(get(&again, "status").as_f64(), Some(422.0));
}

#[wasm_bindgen_test]
async fn crossing_the_book_fills_at_the_resting_price_with_fees() {
    let (client, _oauth) = everything().await;
    cancel_all(&client).await;
    let (_, ask) = best(&client).await;
    let before = balances(&client).await;
    // A buy above the best ask: it takes the resting asks, best first.
    let limit = (ask * rust_decimal::Decimal::new(102, 2)).round_dp(2);
    let order = resolve(client.place_order(js(&format!(
        r#"{{"type":"LimitOrder","direction":"buy","price":"{limit}","amount":"0.002"}}"#
    ))))
    .await
    .unwrap();
    assert_eq!(text(&order, "state"), "pending_execution");
    // Read back once the engine has taken it: filled against the resting asks.
    let order = resolve(client.order(text(&order, "uuid").into()))
        .await
        .unwrap();
    assert_eq!(text(&order, "state"), "filled");
    let (traded_btc, traded_eur) = (dec(&order, "tradedBtc"), dec(&order, "tradedCurrency"));
    assert_eq!(traded_btc, rust_decimal::Decimal::new(2, 3));
    assert!(
        traded_eur <= limit * traded_btc,
        "filled at resting prices, not above the limit"
    );
    let names: Vec<String> = Array::from(&get(&order, "accountOperations"))
        .iter()
        .map(|o| text(&o, "name"))
        .collect();
    assert!(
        names.iter().any(|n| n == "trade") && names.iter().any(|n| n == "fee"),
        "{names:?}"
    );
    let after = balances(&client).await;
    let eur = (after[0] + after[1]) - (before[0] + before[1]);
    let btc = (after[2] + after[3]) - (before[2] + before[3]);
    assert_eq!(eur, -traded_eur - dec(&order, "currencyFee"), "EUR paid");
    assert_eq!(
        btc,
        traded_btc - dec(&order, "btcFee"),
        "BTC received, less the fee"
    );
    assert_eq!(after[1], before[1], "nothing left locked");

    // The other side: a market sell by currency amount.
    let sold = resolve(client.place_order(js(
        r#"{"type":"MarketOrder","direction":"sell","currencyAmount":"1.00"}"#,
    )))
    .await
    .unwrap();
    assert_eq!(text(&sold, "state"), "filled");
    assert!(
        dec(&sold, "tradedCurrency")
            >= rust_decimal::Decimal::ONE - rust_decimal::Decimal::new(1, 2)
    );
}

#[wasm_bindgen_test]
async fn a_withdrawal_is_pending_until_confirmed() {
    let (client, _oauth) = everything().await;
    let transfer = resolve(client.withdraw(js(
        r#"{"currency":"BTC","amount":"0.001","address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"}"#,
    )))
    .await
    .unwrap();
    assert_eq!(
        (text(&transfer, "type"), text(&transfer, "state")),
        ("Transfer".into(), "pending".into())
    );
    let transfers: Array = resolve(client.orders(js(r#"{"types":["Transfer"]}"#)))
        .await
        .unwrap()
        .into();
    assert_eq!(
        text(&transfers.get(0), "uuid"),
        text(&transfer, "uuid"),
        "newest first"
    );
    let bad = failure(client.withdraw(js(r#"{"currency":"BTC","amount":"0.001","address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"}"#))).await;
    assert_eq!(
        (text(&bad, "kind"), text(&bad, "argument")),
        ("invalid-argument".into(), "withdrawal.address".into())
    );
}

#[wasm_bindgen_test]
async fn the_server_refuses_in_the_users_language() {
    let (client, _oauth) = login(
        r#"["basic","activity","trade","withdraw"]"#,
        r#","locale":"fr""#,
    )
    .await;
    let error = failure(client.place_order(js(
        r#"{"type":"LimitOrder","direction":"buy","price":"1","amount":"1000000"}"#,
    )))
    .await;
    assert_eq!(
        (text(&error, "kind"), get(&error, "status").as_f64()),
        ("api".into(), Some(422.0))
    );
    let messages: Vec<String> = Array::from(&get(&error, "messages"))
        .iter()
        .filter_map(|m| m.as_string())
        .collect();
    assert!(!messages.is_empty());
    let unknown = failure(client.order("00000000-0000-4000-8000-000000000000".into())).await;
    assert_eq!(
        (text(&unknown, "kind"), get(&unknown, "status").as_f64()),
        ("http".into(), Some(404.0))
    );
    let local = failure(client.place_order(js(
        r#"{"type":"MarketOrder","direction":"buy","price":"1","amount":"1"}"#,
    )))
    .await;
    assert!(
        text(&local, "message").contains("prix"),
        "the library's own check, in French"
    );
}

#[wasm_bindgen_test]
async fn scopes_are_checked_before_sending_and_by_the_server() {
    let (client, _oauth) = login(r#"["basic","activity"]"#, "").await;
    let error = failure(client.place_order(js(
        r#"{"type":"MarketOrder","direction":"buy","amount":"0.001"}"#,
    )))
    .await;
    assert_eq!(
        (text(&error, "kind"), text(&error, "code")),
        ("session".into(), "missing-scope".into())
    );
    assert!(text(&error, "message").contains("trade"));
    let error = failure(client.withdraw(js(r#"{"currency":"EUR","amount":"1"}"#))).await;
    assert!(text(&error, "message").contains("withdraw"));
}

#[wasm_bindgen_test]
async fn a_session_is_never_sent_to_another_origin() {
    // Logged in on the sandbox; a client on a second exchange (the rate-limited
    // sandbox, another origin) is given the session.
    let (_, oauth) = everything().await;
    assert_eq!(oauth.resource_origin(), SANDBOX);
    let other = env!("LIMITED_URL");
    let client = JsClient::new(js(&format!(r#"{{"baseUrl":"{other}"}}"#))).unwrap();
    client.use_auth(&oauth);
    let before = (
        faults::received(other, "/api/v1/user").await,
        faults::received(other, "/api/v1/user/orders").await,
    );
    for call in [client.user(), client.orders(JsValue::UNDEFINED)] {
        let error = failure(call).await;
        assert_eq!(
            (text(&error, "kind"), text(&error, "code")),
            ("session".into(), "wrong-origin".into())
        );
        let message = text(&error, "message");
        assert!(
            message.contains(SANDBOX) && message.contains(other),
            "{message}"
        );
        let token = text(&oauth.session(), "accessToken");
        assert!(!message.contains(&token));
    }
    assert!(client.account_stream().is_err(), "nor its stream");
    let after = (
        faults::received(other, "/api/v1/user").await,
        faults::received(other, "/api/v1/user/orders").await,
    );
    assert_eq!(after, before, "nothing reached the other exchange");
}

#[wasm_bindgen_test]
async fn a_lost_answer_is_an_unknown_outcome_and_no_duplicate() {
    let (client, oauth) = everything().await;
    cancel_all(&client).await;
    let (bid, _) = best(&client).await;
    let price = (bid / rust_decimal::Decimal::TWO).round_dp(2);
    let params =
        format!(r#"{{"type":"LimitOrder","direction":"buy","price":"{price}","amount":"0.0042"}}"#);
    // The sandbox carries the order out, then never answers.
    let cut = JsClient::new(js(&format!(
        r#"{{"baseUrl":"{SANDBOX}/_sandbox/fault/hang-after","timeoutMs":1500}}"#
    )))
    .unwrap();
    cut.use_auth(&oauth);
    let error = failure(cut.place_order(js(&params))).await;
    assert_eq!(text(&error, "kind"), "unknown-outcome");
    assert!(text(&error, "message").contains("may or may not"));
    // Finding out instead of placing it again.
    let found = resolve(client.find_placed_order(js(&params)))
        .await
        .unwrap();
    assert!(!found.is_null(), "the order was placed once");
    assert_eq!(text(&found, "state"), "active");
    let same: Array = resolve(client.orders(js(r#"{"active":true,"limit":100}"#)))
        .await
        .unwrap()
        .into();
    let copies = same
        .iter()
        .filter(|o| get(o, "amount").as_string().as_deref() == Some("0.0042"))
        .count();
    assert_eq!(copies, 1, "no duplicate");
    cancel_all(&client).await;
}

#[wasm_bindgen_test]
async fn all_orders_walks_every_page() {
    let (client, _oauth) = everything().await;
    let (bid, _) = best(&client).await;
    let price = (bid / rust_decimal::Decimal::TWO).round_dp(0);
    for _ in 0..3 {
        let params = format!(
            r#"{{"type":"LimitOrder","direction":"buy","price":"{price}","amount":"0.001"}}"#
        );
        resolve(client.place_order(js(&params))).await.unwrap();
    }
    let all: Array = resolve(client.all_orders(js(r#"{"limit":2}"#), JsValue::UNDEFINED))
        .await
        .unwrap()
        .into();
    let first_page: Array = resolve(client.orders(js(r#"{"limit":100}"#)))
        .await
        .unwrap()
        .into();
    assert_eq!(all.length(), first_page.length());
    assert!(all.length() >= 3, "several pages were walked");
    cancel_all(&client).await;
}

#[wasm_bindgen_test]
async fn two_tabs_sharing_a_session_refresh_it_once() {
    // Two OAuth objects over one localStorage session: two tabs of the site. With a
    // provider that revokes a login whose rotated refresh token comes back (the
    // sandbox, as RFC 9700 advises), two refreshes would log both tabs out.
    let (_, login) = login_stored(r#"["basic"]"#, "", "local").await;
    drop(login);
    let key = concat!(
        "bitcoin-central.oauth.bitcoin-central.bitcoin-central-demo.",
        env!("SANDBOX_URL"),
        ".session"
    );
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let stored = JSON::parse(&storage.get_item(key).unwrap().unwrap()).unwrap();
    Reflect::set(&stored, &"expires_at".into(), &1.0.into()).unwrap();
    storage
        .set_item(key, &String::from(JSON::stringify(&stored).unwrap()))
        .unwrap();
    let tabs = [(), ()].map(|()| {
        let oauth = demo_oauth(r#"["basic"]"#, "local");
        let client = JsClient::new(js(&format!(r#"{{"baseUrl":"{SANDBOX}"}}"#))).unwrap();
        client.use_auth(&oauth);
        (client, oauth)
    });
    let refreshes = faults::received_as(SANDBOX, "POST", "/api/oauth/token").await;
    let calls = Array::new();
    for (client, _) in &tabs {
        calls.push(&client.user());
    }
    resolve(Promise::all(&calls))
        .await
        .unwrap_or_else(|e| panic!("a tab was logged out: {:?}", JSON::stringify(&e)));
    assert_eq!(
        faults::received_as(SANDBOX, "POST", "/api/oauth/token").await - refreshes,
        1.0,
        "one refresh for both tabs"
    );
    let [a, b] = tabs
        .each_ref()
        .map(|(_, oauth)| text(&oauth.session(), "accessToken"));
    assert_eq!(a, b, "both tabs on the renewed session");
    resolve(tabs[0].0.user()).await.expect("still logged in");
    storage.remove_item(key).unwrap();
}

#[wasm_bindgen_test]
async fn an_expired_session_is_refreshed_once_for_many_concurrent_calls() {
    let (_, oauth) = login_stored(r#"["basic"]"#, "", "session").await;
    let before = text(&oauth.session(), "accessToken");
    drop(oauth);
    // The session expires (as after 30 minutes): the next calls must renew it first.
    let key = concat!(
        "bitcoin-central.oauth.bitcoin-central.bitcoin-central-demo.",
        env!("SANDBOX_URL"),
        ".session"
    );
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    let stored = JSON::parse(&storage.get_item(key).unwrap().unwrap()).unwrap();
    Reflect::set(&stored, &"expires_at".into(), &1.0.into()).unwrap();
    storage
        .set_item(key, &String::from(JSON::stringify(&stored).unwrap()))
        .unwrap();

    let oauth = demo_oauth(r#"["basic"]"#, "session");
    let client = JsClient::new(js(&format!(r#"{{"baseUrl":"{SANDBOX}"}}"#))).unwrap();
    client.use_auth(&oauth);
    let calls = Array::new();
    for _ in 0..20 {
        calls.push(&client.user());
    }
    // The sandbox rotates refresh tokens: a second refresh would present a used one,
    // be refused, and end the session. Twenty answers mean one shared refresh.
    let users = resolve(Promise::all(&calls))
        .await
        .unwrap_or_else(|e| panic!("a call failed: {:?}", JSON::stringify(&e)));
    assert_eq!(Array::from(&users).length(), 20);
    let after = text(&oauth.session(), "accessToken");
    assert_ne!(before, after, "renewed");
    storage.remove_item(key).unwrap();
}
