//! Every JSON example of the spec's "Public data" section decodes, and every number in
//! it reaches the model (and so JS) as a string equal to the text the spec shows.
//!
//! The examples are read from the spec itself (`tests/spec/`, a copy of
//! `shared/spec/bitcoin-central-api.md`), so a new example there is tested here.

mod support;

use bitcoin_central::schema::{self, Model, ToNode, to_js_text};
use serde_json::Value;
use support::{block_on, client_answering, json};

const SPEC: &str = include_str!("spec/bitcoin-central-api.md");

/// The ```json blocks between two headings of the spec, each with the heading above it.
fn examples(from: &str, to: &str) -> Vec<(String, String)> {
    let start = SPEC.find(from).expect("section start");
    let end = start + SPEC[start..].find(to).expect("section end");
    let mut heading = String::new();
    let mut found = Vec::new();
    let mut lines = SPEC[start..end].lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("### ") {
            heading = h.trim().to_owned();
        } else if line.trim() == "```json" {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            found.push((heading.clone(), block.join("\n")));
        }
    }
    found
}

fn public_examples() -> Vec<(String, String)> {
    examples("## Public data", "## User data")
}

/// `traded_btc` → `tradedBtc`: the JS name of a wire field.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Walks the wire JSON and what the model serializes to side by side. Every decimal on
/// the wire must come out as a string with the same text; integers stay numbers;
/// strings stay equal. Returns how many numbers were compared.
fn assert_exact(wire: &Value, model: &Value, at: &str) -> usize {
    match (wire, model) {
        (Value::Object(w), Value::Object(m)) => {
            for (k, v) in m {
                assert!(
                    v.is_null() || w.keys().any(|wk| camel(wk) == *k),
                    "{at}.{k}: the model has a field the wire has not"
                );
            }
            w.iter()
                .map(|(k, v)| {
                    let js = m
                        .get(&camel(k))
                        .unwrap_or_else(|| panic!("{at}.{k}: missing in model"));
                    assert_exact(v, js, &format!("{at}.{k}"))
                })
                .sum()
        }
        (Value::Array(w), Value::Array(m)) => {
            assert_eq!(w.len(), m.len(), "{at}: length");
            w.iter()
                .zip(m)
                .enumerate()
                .map(|(i, (w, m))| assert_exact(w, m, &format!("{at}[{i}]")))
                .sum()
        }
        (Value::Number(n), Value::String(s)) => {
            assert_eq!(&n.to_string(), s, "{at}: decimal text changed");
            1
        }
        (Value::Number(n), Value::Number(m)) => {
            assert!(
                n.is_i64(),
                "{at}: {n} is a decimal but the model keeps it as a number"
            );
            assert_eq!(n, m, "{at}");
            1
        }
        (w, m) => {
            assert_eq!(w, m, "{at}");
            0
        }
    }
}

/// A model as JS receives it (the JSON text `JSON.parse` reads), as a value.
fn plain<T: ToNode + Model>(model: &T) -> Value {
    serde_json::from_str(&to_js_text(model)).expect("the JS text is JSON")
}

/// A body decoded straight into a model.
fn decoded<T: Model>(body: &str) -> T {
    schema::decode(body.as_bytes())
        .unwrap_or_else(|e| panic!("{}: {}", e.path(), e.reason(body.len())))
}

/// Decodes one example through the client, as if the server had sent it.
fn decode_as(heading: &str, body: &str) -> Value {
    let client = client_answering(vec![Ok(json(200, body))]);
    block_on(async {
        match heading {
            "Ticker" => plain(&client.ticker().await.expect("ticker")),
            "Latest trades" => plain(&client.trades().await.expect("trades")),
            "Market depth" => plain(&client.depth().await.expect("depth")),
            other => panic!("no decoder chosen for the spec's {other:?} example"),
        }
    })
}

#[test]
fn every_public_example_decodes_exactly() {
    let examples = public_examples();
    let headings: Vec<&str> = examples.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(headings, ["Ticker", "Latest trades", "Market depth"]);
    for (heading, body) in &examples {
        let wire: Value = serde_json::from_str(body).expect("the spec's example is JSON");
        let numbers = assert_exact(&wire, &decode_as(heading, body), heading);
        assert!(numbers >= 10, "{heading}: only {numbers} numbers compared");
    }
}

#[test]
fn ticker_example_keeps_trailing_zeros_and_long_fractions() {
    let (_, body) = &public_examples()[0];
    let ticker = plain(&block_on(client_answering(vec![Ok(json(200, body))]).ticker()).unwrap());
    assert_eq!(ticker["price"], "680.0");
    assert_eq!(ticker["ask"], "679.9999999");
    assert_eq!(ticker["midpoint"], "678.00499995");
    assert_eq!(ticker["variation"], "-5.5556");
    assert_eq!(ticker["at"], 1389092410);
}

#[test]
fn the_same_examples_with_decimals_as_strings_decode_identically() {
    for (heading, body) in public_examples() {
        let wire: Value = serde_json::from_str(&body).unwrap();
        let stringly = stringify_decimals(&wire);
        let from_numbers = decode_as(&heading, &body);
        let from_strings = decode_as(&heading, &serde_json::to_string(&stringly).unwrap());
        assert_eq!(from_numbers, from_strings, "{heading}");
    }
}

/// The later API versions' form: every non-integer number as a string.
fn stringify_decimals(v: &Value) -> Value {
    match v {
        Value::Number(n) if !n.is_i64() => Value::String(n.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(stringify_decimals).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), stringify_decimals(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The user-data examples decode exactly too (orders, operations, the user, tokens).
#[test]
fn every_user_data_example_decodes_exactly() {
    use bitcoin_central::{Order, User};
    let examples = examples("## User data", "## Appendix");
    let headings: Vec<&str> = examples.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        headings,
        [
            "Authentication",
            "Authentication",
            "User info",
            "User activity",
            "Order details",
            "Trading",
            "Withdrawing"
        ]
    );
    for (heading, body) in &examples {
        let wire: Value = serde_json::from_str(body).expect("the spec's example is JSON");
        let model = match heading.as_str() {
            "Authentication" => {
                let grant = bitcoin_central::oauth::token::read_grant(
                    bitcoin_central::oauth::Quirks::preset("bitcoin-central").unwrap(),
                    &json(200, body),
                )
                .expect("token answer");
                assert_eq!(grant.expires_in, Some(1800));
                assert!(grant.refresh_token.is_some());
                continue;
            }
            "User info" => plain(&decoded::<User>(body)),
            "User activity" => plain(&decoded::<Vec<Order>>(body)),
            _ => plain(&decoded::<Order>(body)),
        };
        let numbers = assert_exact(&wire, &model, heading);
        assert!(numbers >= 4, "{heading}: only {numbers} numbers compared");
    }
}

#[test]
fn order_examples_keep_their_meaning() {
    use bitcoin_central::{Direction, Order, OrderState, OrderType};
    let examples = examples("### Trading", "### Canceling orders");
    let order: Order = decoded(&examples[0].1);
    assert_eq!(order.order_type, OrderType::LimitOrder);
    assert_eq!(order.state, OrderState::PendingExecution);
    assert_eq!(order.direction, Some(Direction::Buy));
    assert_eq!(order.price.unwrap().to_string(), "300.0");
    assert_eq!(order.account_operations[0].amount.to_string(), "-300.0");
    assert!(order.account_operations[1].is_trading_account);
    let transfer: Order = decoded(&examples[1].1);
    assert_eq!(
        (transfer.order_type, transfer.state, transfer.direction),
        (OrderType::Transfer, OrderState::Pending, None)
    );
    // A type or state this version does not know is kept as sent.
    let newer: Order = decoded(
        &examples[1]
            .1
            .replace("\"Transfer\"", "\"StopOrder\"")
            .replace("\"pending\"", "\"frozen\""),
    );
    assert_eq!(newer.order_type, OrderType::Other("StopOrder".into()));
    assert_eq!(plain(&newer)["state"], "frozen");
}
