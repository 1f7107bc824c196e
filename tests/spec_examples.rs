//! Every JSON example of the spec's "Public data" section decodes, and every number in
//! it reaches the model (and so JS) as a string equal to the text the spec shows.
//!
//! The examples are read from the spec itself (`tests/spec/`, a copy of
//! `shared/spec/bitcoin-central-api.md`), so a new example there is tested here.

mod support;

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
            assert_eq!(
                w.len(),
                m.len(),
                "{at}: the model has other fields than the wire"
            );
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

/// Decodes one example through the client, as if the server had sent it.
fn decode_as(heading: &str, body: &str) -> Value {
    let client = client_answering(vec![Ok(json(200, body))]);
    let model = block_on(async {
        match heading {
            "Ticker" => serde_json::to_value(client.ticker().await.expect("ticker")),
            "Latest trades" => serde_json::to_value(client.trades().await.expect("trades")),
            "Market depth" => serde_json::to_value(client.depth().await.expect("depth")),
            other => panic!("no decoder chosen for the spec's {other:?} example"),
        }
    });
    model.expect("serializable")
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
    let ticker = serde_json::to_value(
        block_on(client_answering(vec![Ok(json(200, body))]).ticker()).unwrap(),
    )
    .unwrap();
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
