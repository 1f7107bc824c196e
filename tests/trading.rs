//! Trading and withdrawals on the host: every check before sending (table-driven, in
//! both languages), Bitcoin addresses, what is sent, how the server's answers become
//! errors, and the unknown outcome of an order whose answer never came.

mod support;

use std::cell::RefCell;

use bitcoin_central::http::{HttpRequest, TransportError};
use bitcoin_central::oauth::{Authenticator, Authorized};
use bitcoin_central::orders::{AddressProblem, bitcoin_address};
use bitcoin_central::{Config, Error, Locale, OrderState, OrdersQuery, PlaceOrder, Withdraw};
use support::{block_on, client_logging, json};

/// A session with the given scopes (no browser, no provider).
struct Session(Vec<&'static str>, RefCell<u32>);

fn session(scopes: &[&'static str]) -> Session {
    Session(scopes.to_vec(), RefCell::new(0))
}

impl Authenticator for Session {
    async fn authorize(&self) -> Result<Authorized, Error> {
        Ok(Authorized {
            headers: vec![("Authorization", "Bearer T".to_owned())],
            scopes: self.0.iter().map(|s| s.to_string()).collect(),
            secrets: vec!["T".to_owned()],
        })
    }
    fn origin(&self) -> &str {
        "https://bitcoin-central.net"
    }
    fn rejected(&self, status: u16) -> Error {
        *self.1.borrow_mut() += 1;
        Error::Session {
            code: "invalid",
            reason: bitcoin_central::Text::Given("rejected".into()),
            status: Some(status),
        }
    }
}

fn place(json: &str) -> PlaceOrder {
    PlaceOrder::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn withdrawal(json: &str) -> Withdraw {
    Withdraw::from_json(json.as_bytes()).unwrap_or_else(|e| panic!("{json}: {e}"))
}

const ORDER: &str = r#"{"uuid":"4924ee0f-f60e-40b4-b63e-61637ef253ac","amount":1.0,"state":"active","btc_fee":0.0,"currency_fee":0.0,"updated_at":"2013-11-21T15:27:04.000Z","created_at":"2013-11-21T15:27:04.000Z","currency":"EUR","type":"LimitOrder","traded_btc":0.0,"traded_currency":0.0,"direction":"buy","price":300.0,"account_operations":[]}"#;

#[test]
fn bad_orders_are_refused_before_sending() {
    for (order, argument, english, french) in [
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"-1"}"#,
            "amount",
            "greater than zero",
            "strictement positif",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"0"}"#,
            "amount",
            "greater than zero",
            "strictement positif",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"0.000000001"}"#,
            "amount",
            "at most 8 decimals",
            "au plus 8 décimales",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"1,5"}"#,
            "amount",
            "not a decimal",
            "n'est pas un nombre",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"1e3"}"#,
            "amount",
            "not a decimal",
            "n'est pas un nombre",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"abc"}"#,
            "amount",
            "not a decimal",
            "n'est pas un nombre",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":""}"#,
            "amount",
            "not a decimal",
            "n'est pas un nombre",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"-300","amount":"1"}"#,
            "price",
            "greater than zero",
            "strictement positif",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","amount":"1"}"#,
            "price",
            "needs a price",
            "besoin d'un prix",
        ),
        (
            r#"{"type":"MarketOrder","direction":"buy","price":"300","amount":"1"}"#,
            "price",
            "has no price",
            "n'a pas de prix",
        ),
        (
            r#"{"type":"MarketOrder","direction":"sell","amount":"1","currencyAmount":"100"}"#,
            "amount",
            "not both",
            "pas les deux",
        ),
        (
            r#"{"type":"MarketOrder","direction":"sell"}"#,
            "amount",
            "give amount",
            "donnez amount",
        ),
        (
            r#"{"type":"MarketOrder","direction":"buy","currencyAmount":"100.001"}"#,
            "currencyAmount",
            "at most 2 decimals",
            "au plus 2 décimales",
        ),
        (
            r#"{"type":"StopOrder","direction":"buy","amount":"1"}"#,
            "type",
            "unknown type",
            "inconnu",
        ),
        (
            r#"{"type":"LimitOrder","direction":"hold","price":"300","amount":"1"}"#,
            "direction",
            "unknown direction",
            "inconnu",
        ),
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"1","currency":"USD"}"#,
            "currency",
            "not possible",
            "pas possible",
        ),
    ] {
        for (locale, says) in [(Locale::En, english), (Locale::Fr, french)] {
            let (client, sent) =
                support::client_logging_with_config(Config::default().with_locale(locale), vec![]);
            let error =
                block_on(client.place_order(&session(&["trade", "activity"]), &place(order)))
                    .unwrap_err();
            let Error::InvalidArgument { name, reason } = &error else {
                panic!("{order}: {error:?}")
            };
            assert_eq!(*name, argument, "{order}");
            assert!(
                reason.to_string().contains(says),
                "{order} ({locale:?}): {reason}"
            );
            assert!(sent.borrow().is_empty(), "{order}: nothing is sent");
        }
    }
}

#[test]
fn good_orders_are_sent_once_as_exact_json() {
    for (order, body) in [
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300.0","amount":"1.0"}"#,
            r#"{"amount":1.0,"currency":"EUR","direction":"buy","price":300.0,"type":"LimitOrder"}"#,
        ),
        (
            r#"{"type":"LimitOrder","direction":"sell","price":679.9999999,"amount":0.1,"currency":"EUR"}"#,
            r#"{"amount":0.1,"currency":"EUR","direction":"sell","price":679.9999999,"type":"LimitOrder"}"#,
        ),
        (
            r#"{"type":"MarketOrder","direction":"buy","currencyAmount":"250.50"}"#,
            r#"{"currency":"EUR","currency_amount":250.50,"direction":"buy","type":"MarketOrder"}"#,
        ),
        // The spec: "either one of amount or currency_amount must be specified" for
        // trade orders, limit orders included.
        (
            r#"{"type":"LimitOrder","direction":"buy","price":"300","currencyAmount":"100"}"#,
            r#"{"currency":"EUR","currency_amount":100,"direction":"buy","price":300,"type":"LimitOrder"}"#,
        ),
    ] {
        let (client, sent) = client_logging(vec![Ok(json(201, ORDER))]);
        let placed = block_on(client.place_order(&session(&["trade"]), &place(order))).unwrap();
        assert_eq!(placed.state, OrderState::Active);
        let sent = sent.borrow();
        assert_eq!(sent.len(), 1);
        let request: &HttpRequest = &sent[0];
        assert_eq!(request.method.as_str(), "POST");
        assert!(request.url.ends_with("/api/v1/user/orders"));
        assert_eq!(request.body.as_deref(), Some(body), "{order}");
        for header in [
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer T"),
            ("Accept-Language", "en"),
        ] {
            assert!(
                request.headers.contains(&(header.0, header.1.to_owned())),
                "{header:?}"
            );
        }
    }
}

#[test]
fn params_of_the_wrong_shape_are_refused_naming_the_key() {
    let order = |json: &str| PlaceOrder::from_json(json.as_bytes()).map(|_| ());
    let withdrawal = |json: &str| Withdraw::from_json(json.as_bytes()).map(|_| ());
    let query = |json: &str| OrdersQuery::from_json(json.as_bytes()).map(|_| ());
    for (result, says) in [
        (
            order(r#"{"type":"LimitOrder","direction":"buy","price":"300","amout":"1"}"#),
            "unknown option `amout`; did you mean `amount`?",
        ),
        (
            order(r#"{"direction":"buy","amount":"1"}"#),
            "type: missing",
        ),
        (
            order(r#"{"type":"MarketOrder","direction":"buy","amount":true}"#),
            "amount: expected a decimal string or a number, got a boolean",
        ),
        (
            order(r#"{"type":"MarketOrder","direction":1,"amount":"1"}"#),
            "direction: expected a string, got a number",
        ),
        (order("[]"), "expected an object, got a list"),
        (order(r#"{"type":"#), "ends too early"),
        (withdrawal(r#"{"currency":"BTC"}"#), "amount: missing"),
        (
            withdrawal(r#"{"currency":"BTC","amount":null}"#),
            "amount: expected a decimal string or a number, got null",
        ),
        (
            query(r#"{"offset":"5"}"#),
            "offset: expected a number, got a string",
        ),
        (
            query(r#"{"types":"Transfer"}"#),
            "types: expected a list, got a string",
        ),
        (
            query(r#"{"active":1}"#),
            "active: expected true or false, got a number",
        ),
        (
            query(r#"{"page":1}"#),
            "unknown option `page`; the options are `offset`, `limit`",
        ),
    ] {
        let Err(Error::InvalidArgument { name, reason }) = &result else {
            panic!("{says}: {result:?}")
        };
        // A field's problem is on the field; the object's own (not an object, an
        // unknown key) on `params`.
        let (argument, said) = match says.split_once(": ") {
            Some((field, said)) => (field, said),
            None => ("params", says),
        };
        assert_eq!(*name, argument, "{reason}");
        assert!(reason.to_string().contains(said), "{says}: {reason}");
    }
    // `null` and absent are the same; a number keeps its text, so an exponent is
    // refused by the check (not rounded) and trailing zeros are sent as written.
    let read = place(
        r#"{"type":"MarketOrder","direction":"buy","amount":1e-7,"price":null,"currency":null}"#,
    );
    let error = read.check(Locale::En).unwrap_err().to_string();
    assert!(error.contains("\"1e-7\" is not a decimal"), "{error}");
    let read = place(r#"{"type":"MarketOrder","direction":"buy","amount":0.10}"#);
    assert_eq!(
        read.check(Locale::En).unwrap().body(),
        r#"{"amount":0.10,"currency":"EUR","direction":"buy","type":"MarketOrder"}"#
    );
    let read =
        OrdersQuery::from_json(br#"{"offset":40,"limit":2E1,"types":["Transfer"],"active":null}"#)
            .unwrap();
    assert_eq!(
        read.query(Locale::En).unwrap(),
        "offset=40&limit=20&types%5B%5D=Transfer"
    );
    let error = OrdersQuery::from_json(br#"{"limit":1.5}"#)
        .unwrap()
        .query(Locale::Fr)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid limit: limit doit être un entier positif"
    );
}

#[test]
fn bitcoin_addresses_are_checked_with_their_checksums() {
    for valid in [
        "1PzU1ERAnHJmtU8J3qq3wwJhyLepwUYzHn",
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    ] {
        assert_eq!(bitcoin_address(valid), Ok(()), "{valid}");
    }
    for (invalid, problem) in [
        (
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",
            AddressProblem::Base58Checksum,
        ),
        (
            "1PzU1ERAnHJmtU8J3qq3wwJhyLepwUYzHm",
            AddressProblem::Base58Checksum,
        ),
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
            AddressProblem::Bech32Checksum,
        ),
        // Version 0 with a Bech32m checksum (BIP 350's invalid vectors).
        (
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
            AddressProblem::Bech32Checksum,
        ),
        (
            "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
            AddressProblem::Unrecognized,
        ),
        (
            "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
            AddressProblem::Unrecognized,
        ),
        ("hello", AddressProblem::Unrecognized),
        ("1", AddressProblem::Unrecognized),
    ] {
        assert_eq!(bitcoin_address(invalid), Err(problem), "{invalid}");
    }
}

#[test]
fn bad_withdrawals_are_refused_before_sending() {
    for (withdraw, argument, says) in [
        (
            r#"{"currency":"BTC","amount":"0.5"}"#,
            "address",
            "needs a Bitcoin address",
        ),
        (
            r#"{"currency":"BTC","amount":"0.5","address":"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"}"#,
            "address",
            "checksum",
        ),
        (
            r#"{"currency":"EUR","amount":"10","address":"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"}"#,
            "address",
            "bank account",
        ),
        (
            r#"{"currency":"EUR","amount":"10.001"}"#,
            "amount",
            "at most 2 decimals",
        ),
        (
            r#"{"currency":"BTC","amount":"0","address":"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"}"#,
            "amount",
            "greater than zero",
        ),
        (
            r#"{"currency":"USD","amount":"10"}"#,
            "currency",
            "not possible",
        ),
    ] {
        let (client, sent) = client_logging(vec![]);
        let error =
            block_on(client.withdraw(&session(&["withdraw"]), &withdrawal(withdraw))).unwrap_err();
        let Error::InvalidArgument { name, reason } = &error else {
            panic!("{withdraw}: {error:?}")
        };
        assert_eq!(
            (*name, reason.to_string().contains(says)),
            (argument, true),
            "{withdraw}: {reason}"
        );
        assert!(sent.borrow().is_empty());
    }
    let (client, sent) = client_logging(vec![Ok(json(201, ORDER))]);
    block_on(client.withdraw(
        &session(&["withdraw"]),
        &withdrawal(
            r#"{"currency":"btc","amount":0.5,"address":"1PzU1ERAnHJmtU8J3qq3wwJhyLepwUYzHn"}"#,
        ),
    ))
    .unwrap();
    assert_eq!(
        sent.borrow()[0].body.as_deref(),
        Some(
            r#"{"address":"1PzU1ERAnHJmtU8J3qq3wwJhyLepwUYzHn","amount":0.5,"currency":"BTC","type":"Transfer"}"#
        )
    );
}

#[test]
fn a_missing_scope_is_named_before_sending() {
    let (client, sent) =
        support::client_logging_with_config(Config::default().with_locale(Locale::Fr), vec![]);
    let order = place(r#"{"type":"MarketOrder","direction":"buy","amount":"1"}"#);
    let error = block_on(client.place_order(&session(&["basic", "activity"]), &order)).unwrap_err();
    assert_eq!(
        (error.kind().as_str(), error.code()),
        ("session", Some("missing-scope"))
    );
    // In the client's language when shown in it (JS: always the client's).
    let said = error.message(Locale::Fr);
    assert!(said.contains("« trade »"), "{said}");
    assert!(error.to_string().contains("\"trade\""), "{error}");
    let error = block_on(client.withdraw(
        &session(&["trade"]),
        &withdrawal(r#"{"currency":"EUR","amount":"1"}"#),
    ))
    .unwrap_err();
    assert!(error.to_string().contains("withdraw"), "{error}");
    assert!(sent.borrow().is_empty());
}

#[test]
fn server_answers_become_typed_errors() {
    let order = place(r#"{"type":"LimitOrder","direction":"buy","price":"300","amount":"1"}"#);
    let auth = session(&["trade", "activity"]);
    for (status, body, kind, code) in [
        (
            422,
            r#"{"errors":["Amount can't be greater than your limit (1781.96 EUR)"]}"#,
            "api",
            None,
        ),
        (400, r#"{"errors":["Bad request"]}"#, "api", None),
        (
            403,
            r#"{"errors":["This token lacks the scope trade"]}"#,
            "session",
            Some("missing-scope"),
        ),
        (
            401,
            r#"{"errors":["The access token is invalid or has expired"]}"#,
            "session",
            Some("invalid"),
        ),
        (404, r#"{"errors":["Not found"]}"#, "http", None),
    ] {
        let (client, _) = client_logging(vec![Ok(json(status, body))]);
        let error = block_on(client.place_order(&auth, &order)).unwrap_err();
        assert_eq!(
            (error.kind().as_str(), error.code()),
            (kind, code),
            "{status}"
        );
        if status == 422 {
            assert_eq!(
                error.messages(),
                ["Amount can't be greater than your limit (1781.96 EUR)"]
            );
        }
        if status == 403 {
            assert!(error.to_string().contains("trade"));
        }
    }
    assert_eq!(*auth.1.borrow(), 1, "the 401 ended the session");
}

#[test]
fn a_cut_connection_after_sending_is_an_unknown_outcome_never_a_resend() {
    let order = place(r#"{"type":"LimitOrder","direction":"buy","price":"300.0","amount":"1.0"}"#);
    for failure in [
        TransportError::Network("connection reset".into()),
        TransportError::Timeout,
    ] {
        let (client, sent) = client_logging(vec![Err(failure)]);
        let error = block_on(client.place_order(&session(&["trade"]), &order)).unwrap_err();
        assert_eq!(error.kind().as_str(), "unknown-outcome");
        assert!(error.to_string().contains("may or may not"), "{error}");
        assert_eq!(sent.borrow().len(), 1, "sent once, never again");
    }
    // Finding out: the order is among recent activity, or it is not.
    let listing = format!("[{ORDER}]");
    let (client, sent) = client_logging(vec![Ok(json(200, &listing)), Ok(json(200, "[]"))]);
    let auth = session(&["trade", "activity"]);
    let found = block_on(client.find_placed_order(&auth, &order)).unwrap();
    assert_eq!(
        found.map(|o| o.uuid),
        Some("4924ee0f-f60e-40b4-b63e-61637ef253ac".to_owned())
    );
    assert!(
        block_on(client.find_placed_order(&auth, &order))
            .unwrap()
            .is_none()
    );
    assert!(
        sent.borrow()[0]
            .url
            .ends_with("/api/v1/user/orders?limit=20")
    );
    // A GET is not an order: a failed read is retried, then stays a network error.
    let offline = || Err(TransportError::Network("offline".into()));
    let (client, sent) = client_logging(vec![offline(), offline(), offline()]);
    assert_eq!(
        block_on(client.order(&auth, "4924ee0f-f60e-40b4-b63e-61637ef253ac"))
            .unwrap_err()
            .kind()
            .as_str(),
        "network"
    );
    assert_eq!(sent.borrow().len(), 3, "the first try and two retries");
}

#[test]
fn posts_and_deletes_are_never_retried_whatever_the_answer() {
    let order = place(r#"{"type":"LimitOrder","direction":"buy","price":"300.0","amount":"1.0"}"#);
    let auth = session(&["trade"]);
    let mut busy = json(503, r#"{"errors":["Service unavailable"]}"#);
    busy.headers.push(("retry-after".into(), "1".into()));
    for answer in [Ok(busy), Ok(json(429, "{}")), Err(TransportError::Timeout)] {
        let (client, sent) = client_logging(vec![answer.clone()]);
        assert!(block_on(client.place_order(&auth, &order)).is_err());
        let (canceler, canceled) = client_logging(vec![answer]);
        assert!(
            block_on(canceler.cancel_order(&auth, "4924ee0f-f60e-40b4-b63e-61637ef253ac")).is_err()
        );
        assert_eq!(
            (sent.borrow().len(), canceled.borrow().len()),
            (1, 1),
            "sent once each"
        );
    }
}

#[test]
fn reading_and_canceling_orders() {
    let auth = session(&["trade", "activity"]);
    let (client, sent) = client_logging(vec![
        Ok(json(200, ORDER)),
        Ok(json(200, "")),
        Ok(json(200, &format!("[{ORDER}]"))),
    ]);
    let order = block_on(client.order(&auth, "4924EE0F-F60E-40B4-B63E-61637EF253AC")).unwrap();
    assert_eq!(order.price.unwrap().to_string(), "300.0");
    assert_eq!(
        block_on(client.cancel_order(&auth, &order.uuid)).unwrap(),
        None,
        "an empty answer is fine"
    );
    let query = OrdersQuery {
        offset: Some(20.into()),
        limit: Some(10.into()),
        types: Some(vec!["LimitOrder".into(), "Transfer".into()]),
        active: Some(true),
    };
    block_on(client.orders(&auth, &query)).unwrap();
    let sent = sent.borrow();
    assert!(
        sent[0]
            .url
            .ends_with("/api/v1/user/orders/4924ee0f-f60e-40b4-b63e-61637ef253ac")
    );
    assert_eq!(
        (
            sent[1].method.as_str(),
            sent[1]
                .url
                .ends_with("/4924ee0f-f60e-40b4-b63e-61637ef253ac/cancel")
        ),
        ("DELETE", true)
    );
    assert!(sent[2].url.ends_with("/api/v1/user/orders?offset=20&limit=10&types%5B%5D=LimitOrder&types%5B%5D=Transfer&active=true"), "{}", sent[2].url);

    let (client, sent) = client_logging(vec![]);
    for bad in [
        "nope",
        "4924ee0f-f60e-40b4-b63e-61637ef253a",
        "4924ee0f/f60e-40b4-b63e-61637ef253ac",
        "../../user",
    ] {
        let error = block_on(client.cancel_order(&auth, bad)).unwrap_err();
        assert_eq!(error.kind().as_str(), "invalid-argument", "{bad}");
    }
    let bad_page = OrdersQuery {
        offset: Some((-1).into()),
        ..OrdersQuery::default()
    };
    assert_eq!(
        block_on(client.orders(&auth, &bad_page))
            .unwrap_err()
            .kind()
            .as_str(),
        "invalid-argument"
    );
    assert!(sent.borrow().is_empty());
}

#[test]
fn all_orders_walks_the_pages() {
    let page = |n: usize| format!("[{}]", vec![ORDER; n].join(","));
    let (client, sent) = client_logging(vec![
        Ok(json(200, &page(2))),
        Ok(json(200, &page(2))),
        Ok(json(200, &page(1))),
    ]);
    let auth = session(&["activity"]);
    let all = block_on(client.all_orders(
        &auth,
        &OrdersQuery {
            limit: Some(2.into()),
            ..OrdersQuery::default()
        },
        10,
    ))
    .unwrap();
    assert_eq!(all.len(), 5);
    let urls: Vec<String> = sent
        .borrow()
        .iter()
        .map(|r| r.url.rsplit('?').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        urls,
        ["offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2"]
    );
}
