//! Host tier, bounded answers: the limit every request carries (`maxResponseBytes`),
//! the one error a body past it is (whatever the transport, and without a retry), and
//! the fields whose strings are bounded.

mod support;

use bitcoin_central::http::TransportError;
use bitcoin_central::retry::RetryPolicy;
use bitcoin_central::{Config, Error, ErrorKind, Locale};
use support::{block_on, client_logging_with_config, json};

const TICKER: &str = r#"{"currency":"EUR","at":1,"price":"1","bid":null,"ask":null,"midpoint":null,"volume":null,"variation":null,"high":null,"low":null,"vwap":null}"#;

fn limited(bytes: u32) -> Config {
    Config::default().with_max_response_bytes(bytes).unwrap()
}

#[test]
fn every_request_carries_the_limit() {
    let (client, sent) = client_logging_with_config(limited(4096), vec![Ok(json(200, TICKER))]);
    block_on(client.ticker()).unwrap();
    assert_eq!(sent.borrow()[0].max_response_bytes, 4096);
    let (client, sent) = client_logging_with_config(Config::default(), vec![Ok(json(200, TICKER))]);
    block_on(client.ticker()).unwrap();
    assert_eq!(sent.borrow()[0].max_response_bytes, 8 * 1024 * 1024);
}

#[test]
fn a_body_past_the_limit_is_a_decode_error_and_not_retried() {
    // A transport that did not count (any transport): the sender holds the limit.
    let padded = format!("{}{}", TICKER, " ".repeat(2000));
    let (client, sent) = client_logging_with_config(
        limited(1024),
        vec![Ok(json(200, &padded)), Ok(json(200, TICKER))],
    );
    let error = block_on(client.ticker()).unwrap_err();
    assert_eq!(
        error,
        Error::Decode {
            status: Some(200),
            path: String::new(),
            reason: bitcoin_central::Text::AnswerTooLarge { max: 1024 },
        }
    );
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(
        error.to_string(),
        "unreadable response (HTTP 200): the answer is larger than 1024 bytes"
    );
    assert!(
        error
            .message(Locale::Fr)
            .contains("la réponse dépasse 1024 octets"),
        "{}",
        error.message(Locale::Fr)
    );
    assert_eq!(sent.borrow().len(), 1, "not tried again");

    // Exactly at the limit: accepted.
    let exact = format!("{}{}", TICKER, " ".repeat(1024 - TICKER.len()));
    let (client, _) = client_logging_with_config(limited(1024), vec![Ok(json(200, &exact))]);
    assert_eq!(block_on(client.ticker()).unwrap().currency, "EUR");
}

#[test]
fn a_transport_s_too_large_is_a_decode_error_with_the_limit() {
    let once = limited(2048)
        .with_retry(RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        })
        .unwrap();
    let (client, _) =
        client_logging_with_config(once, vec![Err(TransportError::TooLarge { status: 503 })]);
    let error = block_on(client.ticker()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(
        error
            .to_string()
            .contains("the answer is larger than 2048 bytes"),
        "{error}"
    );
}

#[test]
fn a_string_longer_than_its_field_is_refused_with_its_path() {
    let huge = TICKER.replace(r#""EUR""#, &format!("\"{}\"", "E".repeat(1 << 20)));
    let (client, _) = client_logging_with_config(Config::default(), vec![Ok(json(200, &huge))]);
    let error = block_on(client.ticker()).unwrap_err();
    assert_eq!(
        error,
        Error::Decode {
            status: Some(200),
            path: "currency".into(),
            reason: bitcoin_central::Text::TextTooLong { max: 16 },
        }
    );
    assert!(error.message(Locale::Fr).contains("plus de 16 octets"));
    let trade = r#"[{"uuid":"UUID","currency":"EUR","created_at":"2014-01-07T11:30:59Z","created_at_int":1,"price":"1","traded_btc":"1","traded_currency":"1"}]"#;
    let long_uuid = trade.replace("UUID", &"a".repeat(65));
    let (client, _) =
        client_logging_with_config(Config::default(), vec![Ok(json(200, &long_uuid))]);
    let error = block_on(client.trades()).unwrap_err();
    assert!(
        matches!(&error, Error::Decode { path, .. } if path == "[0].uuid"),
        "{error:?}"
    );
    let uuid = trade.replace("UUID", "9d3b5e1e-6a0d-4c5e-8f2e-1b2c3d4e5f60");
    let (client, _) = client_logging_with_config(Config::default(), vec![Ok(json(200, &uuid))]);
    assert_eq!(block_on(client.trades()).unwrap().len(), 1);
}
