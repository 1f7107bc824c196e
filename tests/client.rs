//! The client on the host, through a scripted transport: what it sends, and what each
//! kind of answer becomes.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use bitcoin_central::http::{HttpRequest, HttpResponse, Method, TransportError};
use bitcoin_central::limiter::LimiterSettings;
use bitcoin_central::retry::RetryPolicy;
use bitcoin_central::schema::{Model, ToNode, to_js_text};
use bitcoin_central::{Config, Error, ErrorKind, GenericClient, Locale, RateLimit, endpoint};
use support::{Scripted, block_on, client_answering, client_with, json, response};

const TICKER: &str = r#"{"high":720.0,"low":640.0001,"volume":198.16844745,"bid":676.01,
  "ask":679.9999999,"midpoint":678.00499995,"at":1389092410,"price":680.0,"vwap":679.87459,
  "variation":-5.5556,"currency":"EUR"}"#;

/// The error of a ticker call answered once this way (retries off: what one answer
/// becomes).
fn ticker_error(answer: Result<HttpResponse, TransportError>) -> Error {
    let once = Config::default()
        .with_retry(RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        })
        .unwrap();
    block_on(client_with(once, vec![answer]).ticker()).expect_err("the call should fail")
}

#[test]
fn each_endpoint_requests_its_path_with_language_and_timeout() {
    let config = Config::default()
        .with_base_url("http://127.0.0.1:8080/")
        .unwrap()
        .with_currency("EUR")
        .unwrap()
        .with_locale(Locale::Fr)
        .with_timeout_ms(2500)
        .unwrap();
    let client = client_with(config, Vec::new());
    let cases = [
        (client.request(&endpoint::TICKER), "/api/v1/data/eur/ticker"),
        (client.request(&endpoint::TRADES), "/api/v1/data/eur/trades"),
        (client.request(&endpoint::DEPTH), "/api/v1/data/eur/depth"),
        (
            client.request(&endpoint::BITCOIN_CHARTS_TRADES),
            "/api/v1/bitcoin_charts/eur/trades",
        ),
        (
            client.request(&endpoint::BITCOIN_CHARTS_DEPTH),
            "/api/v1/bitcoin_charts/eur/depth",
        ),
    ];
    for (request, path) in cases {
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.url, format!("http://127.0.0.1:8080{path}"));
        assert!(
            request.headers.contains(&("Accept-Language", "fr".into())),
            "{path}"
        );
        assert_eq!(request.timeout_ms, 2500);
        assert_eq!(request.body, None);
    }
}

#[test]
fn a_call_sends_exactly_one_request() {
    let (client, sent) = support::client_logging(vec![Ok(json(200, TICKER))]);
    block_on(client.ticker()).unwrap();
    let urls: Vec<String> = sent.borrow().iter().map(|r| r.url.clone()).collect();
    assert_eq!(urls, ["https://bitcoin-central.net/api/v1/data/eur/ticker"]);
}

#[test]
fn rate_limit_headers_are_kept_after_each_call() {
    let mut first = json(200, TICKER);
    first
        .headers
        .push(("x-ratelimit-limit".into(), "86400".into()));
    first
        .headers
        .push(("x-ratelimit-remaining".into(), "86399".into()));
    let second = json(200, TICKER);
    let mut third = json(422, r#"{"errors":["x"]}"#);
    third
        .headers
        .push(("x-ratelimit-limit".into(), "86400".into()));
    third
        .headers
        .push(("x-ratelimit-remaining".into(), "86397".into()));
    let client = client_answering(vec![Ok(first), Ok(second), Ok(third)]);
    assert_eq!(client.rate_limit(), None);
    block_on(client.ticker()).unwrap();
    assert_eq!(
        client.rate_limit(),
        Some(RateLimit {
            limit: 86400,
            remaining: 86399
        })
    );
    block_on(client.ticker()).unwrap();
    assert_eq!(
        client.rate_limit(),
        Some(RateLimit {
            limit: 86400,
            remaining: 86399
        }),
        "an answer without headers keeps the last status"
    );
    block_on(client.ticker()).unwrap_err();
    assert_eq!(
        client.rate_limit(),
        Some(RateLimit {
            limit: 86400,
            remaining: 86397
        }),
        "error answers count too"
    );
}

#[test]
fn status_codes_become_typed_errors() {
    let errors = r#"{"errors":["Devise inconnue : usd","Autre"]}"#;
    let cases: Vec<(HttpResponse, ErrorKind, Option<u16>, Vec<&str>)> = vec![
        (
            json(422, errors),
            ErrorKind::Api,
            Some(422),
            vec!["Devise inconnue : usd", "Autre"],
        ),
        (
            json(400, r#"{"errors":"one message"}"#),
            ErrorKind::Api,
            Some(400),
            vec!["one message"],
        ),
        (
            json(404, r#"{"errors":["Not found"]}"#),
            ErrorKind::Http,
            Some(404),
            vec!["Not found"],
        ),
        (
            response(502, "text/html", "<html>Bad gateway</html>"),
            ErrorKind::Http,
            Some(502),
            vec![],
        ),
        (
            json(429, r#"{"errors":["Slow down"]}"#),
            ErrorKind::RateLimited,
            Some(429),
            vec!["Slow down"],
        ),
        (
            response(500, "text/plain", ""),
            ErrorKind::Http,
            Some(500),
            vec![],
        ),
    ];
    for (answer, kind, status, messages) in cases {
        let error = ticker_error(Ok(answer));
        assert_eq!(error.kind(), kind, "{error}");
        assert_eq!(error.status(), status, "{error}");
        assert_eq!(error.messages(), messages.as_slice(), "{error}");
    }
}

#[test]
fn rate_limited_reads_retry_after() {
    let mut answer = json(429, r#"{"errors":["Rate limit exceeded"]}"#);
    answer.headers.push(("retry-after".into(), "7".into()));
    let error = ticker_error(Ok(answer));
    assert_eq!(
        error,
        Error::RateLimited {
            retry_after_secs: Some(7),
            messages: vec!["Rate limit exceeded".into()]
        }
    );
    assert_eq!(
        error.to_string(),
        "rate limit reached; retry in 7 s: Rate limit exceeded"
    );
}

#[test]
fn transport_failures_name_the_url() {
    let error = ticker_error(Err(TransportError::Timeout));
    assert_eq!(
        error,
        Error::Timeout {
            url: "https://bitcoin-central.net/api/v1/data/eur/ticker".into(),
            after_ms: 10_000
        }
    );
    let error = ticker_error(Err(TransportError::Network("Failed to fetch".into())));
    assert_eq!(error.kind(), ErrorKind::Network);
    assert!(error.to_string().contains("Failed to fetch"), "{error}");
}

fn decode_error(status: u16, content_type: &str, body: &str) -> (String, String) {
    match ticker_error(Ok(response(status, content_type, body))) {
        Error::Decode { path, reason, .. } => (path, reason.to_string()),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn bad_bodies_are_decode_errors_naming_the_field() {
    let wrong_type = TICKER.replace("\"bid\":676.01", "\"bid\":true");
    let missing = TICKER.replace("\"vwap\":679.87459,", "");
    let not_decimal = TICKER.replace("\"ask\":679.9999999", "\"ask\":\"12,5\"");
    let too_precise = TICKER.replace(
        "\"ask\":679.9999999",
        "\"ask\":1.00000000000000000000000000001",
    );
    let cases: Vec<(String, &str, &str)> = vec![
        (
            wrong_type,
            "bid",
            "expected a decimal number or a decimal string, got a boolean",
        ),
        (missing, "vwap", "missing"),
        (not_decimal, "ask", "\"12,5\" is not a decimal number"),
        (too_precise, "ask", "does not fit an exact decimal"),
        (TICKER[..60].to_owned(), "", "truncated after 60 bytes"),
        (
            format!("{TICKER} trailing"),
            "",
            "expected the end of the JSON",
        ),
    ];
    for (body, path, reason) in cases {
        let (got_path, got_reason) = decode_error(200, "application/json", &body);
        assert_eq!(got_path, path, "{got_reason}");
        assert!(
            got_reason.to_string().contains(reason),
            "{got_reason:?} should contain {reason:?}"
        );
    }
}

#[test]
fn a_nested_bad_field_is_named_with_its_index() {
    let body = r#"{"bids":[{"timestamp":1,"amount":"1","price":"2","currency":"EUR"},
        {"timestamp":2,"amount":"1","price":null,"currency":"EUR"}],"asks":[]}"#;
    let error = block_on(client_answering(vec![Ok(json(200, body))]).depth()).unwrap_err();
    let Error::Decode { path, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(path, "bids[1].price");
    assert!(error.to_string().contains("`bids[1].price`"), "{error}");
}

#[test]
fn trades_each_hands_over_what_trades_returns_and_fails_the_same() {
    let trade = |n: u32| {
        format!(
            r#"{{"uuid":"t{n}","currency":"EUR","created_at":"2014-01-07T11:30:59Z","created_at_int":{n},"price":"680.{n}","traded_btc":"0.1","traded_currency":"68"}}"#
        )
    };
    let body = format!("[{}]", (0..300).map(trade).collect::<Vec<_>>().join(","));
    let all = block_on(client_answering(vec![Ok(json(200, &body))]).trades()).unwrap();
    let mut each = Vec::new();
    block_on(client_answering(vec![Ok(json(200, &body))]).trades_each(|t| each.push(t))).unwrap();
    assert_eq!(format!("{each:?}"), format!("{all:?}"));
    assert_eq!(each.len(), 300);

    // A bad item: the same error, at the same path, after the items before it.
    let bad = body.replacen(r#""price":"680.7""#, r#""price":null"#, 1);
    let error = block_on(client_answering(vec![Ok(json(200, &bad))]).trades()).unwrap_err();
    let mut before = 0;
    let again = block_on(client_answering(vec![Ok(json(200, &bad))]).trades_each(|_| before += 1))
        .unwrap_err();
    assert_eq!(again.to_string(), error.to_string());
    let Error::Decode { path, .. } = &again else {
        panic!("{again:?}")
    };
    assert_eq!(path, "[7].price");
    assert_eq!(before, 7, "the seven trades before the bad one");
}

#[test]
fn an_html_page_is_a_decode_error_saying_so() {
    let (path, reason) = decode_error(
        200,
        "text/html; charset=utf-8",
        "<!doctype html><h1>Maintenance</h1>",
    );
    assert_eq!(path, "");
    assert_eq!(reason, "expected JSON, got text/html; charset=utf-8");
}

/// A model as JS receives it (the JSON text `JSON.parse` reads), as a value.
fn plain<T: ToNode + Model>(model: &T) -> serde_json::Value {
    serde_json::from_str(&to_js_text(model)).unwrap()
}

#[test]
fn null_stays_null_never_zero() {
    let body = TICKER
        .replace("\"bid\":676.01", "\"bid\":null")
        .replace("\"high\":720.0", "\"high\":null");
    let ticker = block_on(client_answering(vec![Ok(json(200, &body))]).ticker()).unwrap();
    assert_eq!(ticker.bid, None);
    assert_eq!(ticker.high, None);
    let js = plain(&ticker);
    assert_eq!(js["bid"], serde_json::Value::Null);
    assert_eq!(js["ask"], "679.9999999");
}

#[test]
fn bitcoin_charts_formats_decode_exactly() {
    let trades = r#"[{"date":1389094259,"price":670.0,"amount":0.153,"tid":1},
                     {"date":1389094260,"price":"670.10","amount":"0.06","tid":"9007199254740993"}]"#;
    let depth = r#"{"bids":[[665.0,0.89744],["666.00","0.06"]],"asks":[[679.99,0.57709999]]}"#;
    let client = client_answering(vec![Ok(json(200, trades)), Ok(json(200, depth))]);
    let trades = plain(&block_on(client.bitcoin_charts_trades()).unwrap());
    assert_eq!(
        trades,
        serde_json::json!([
            {"date": 1389094259, "price": "670.0", "amount": "0.153", "tid": "1"},
            {"date": 1389094260, "price": "670.10", "amount": "0.06", "tid": "9007199254740993"}
        ])
    );
    let depth = plain(&block_on(client.bitcoin_charts_depth()).unwrap());
    assert_eq!(
        depth,
        serde_json::json!({"bids": [["665.0", "0.89744"], ["666.00", "0.06"]], "asks": [["679.99", "0.57709999"]]})
    );
}

fn with_retry_after(mut answer: HttpResponse, secs: &str) -> HttpResponse {
    answer.headers.push(("retry-after".into(), secs.into()));
    answer
}

/// What a retrying test watches: the client, the requests it sent, the waits it made.
type Watched = (
    GenericClient<Scripted>,
    Rc<RefCell<Vec<HttpRequest>>>,
    Rc<RefCell<Vec<u32>>>,
);

/// A client over `answers`, the requests it sent, and the waits it made.
fn retrying(config: Config, answers: Vec<Result<HttpResponse, TransportError>>) -> Watched {
    let (transport, sent) = Scripted::new(answers);
    let slept = Rc::clone(&transport.slept);
    (
        GenericClient::with_transport(config, transport),
        sent,
        slept,
    )
}

#[test]
fn gets_are_retried_after_transient_failures_with_growing_jittered_waits() {
    let busy = || Ok(response(503, "text/html", "<h1>Service Unavailable</h1>"));
    let (client, sent, slept) = retrying(
        Config::default(),
        vec![busy(), Err(TransportError::Timeout), Ok(json(200, TICKER))],
    );
    let ticker = block_on(client.ticker()).unwrap();
    assert_eq!(
        ticker.price.map(|p| p.to_string()).as_deref(),
        Some("680.0")
    );
    assert_eq!(sent.borrow().len(), 3);
    // 250 ms then 500 ms, each half fixed and half jitter (the scripted jitter is 0.5).
    assert_eq!(*slept.borrow(), [187, 375]);

    // Three failures: the last one is the error, after two retries.
    let (client, sent, slept) = retrying(Config::default(), vec![busy(), busy(), busy()]);
    let error = block_on(client.ticker()).unwrap_err();
    assert_eq!((error.kind(), error.status()), (ErrorKind::Http, Some(503)));
    assert_eq!((sent.borrow().len(), slept.borrow().len()), (3, 2));
}

#[test]
fn retry_after_is_honoured_within_the_budget_and_reported_beyond_it() {
    let limited = |secs| {
        Ok(with_retry_after(
            json(429, r#"{"errors":["Slow down"]}"#),
            secs,
        ))
    };
    let (client, sent, slept) =
        retrying(Config::default(), vec![limited("3"), Ok(json(200, TICKER))]);
    assert!(block_on(client.ticker()).is_ok());
    assert_eq!(
        (sent.borrow().len(), slept.borrow().clone()),
        (2, vec![3000])
    );

    // Longer than the 10 s budget: no wait, the error says when to come back.
    let (client, sent, slept) = retrying(Config::default(), vec![limited("60")]);
    let error = block_on(client.ticker()).unwrap_err();
    assert_eq!(
        error,
        Error::RateLimited {
            retry_after_secs: Some(60),
            messages: vec!["Slow down".into()]
        }
    );
    assert_eq!((sent.borrow().len(), slept.borrow().len()), (1, 0));
}

#[test]
fn answers_the_server_meant_are_not_retried() {
    for answer in [
        json(404, r#"{"errors":["Not found"]}"#),
        json(422, r#"{"errors":["Unknown currency"]}"#),
        json(200, "{}"),
        response(501, "text/plain", ""),
    ] {
        let (client, sent, slept) = retrying(Config::default(), vec![Ok(answer)]);
        assert!(block_on(client.ticker()).is_err());
        assert_eq!((sent.borrow().len(), slept.borrow().len()), (1, 0));
    }
}

#[test]
fn retries_can_be_turned_off_or_bounded() {
    let off = Config::default()
        .with_retry(RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        })
        .unwrap();
    let (client, sent, _) = retrying(off, vec![Err(TransportError::Network("offline".into()))]);
    assert_eq!(
        block_on(client.ticker()).unwrap_err().kind(),
        ErrorKind::Network
    );
    assert_eq!(sent.borrow().len(), 1);

    let tight = Config::default()
        .with_retry(RetryPolicy {
            retries: 5,
            budget_ms: 600,
        })
        .unwrap();
    let offline = || Err(TransportError::Network("offline".into()));
    let (client, sent, slept) = retrying(tight, vec![offline(), offline(), offline(), offline()]);
    assert!(block_on(client.ticker()).is_err());
    assert_eq!(
        *slept.borrow(),
        [187, 375],
        "the third wait (750 ms) would pass 600 ms"
    );
    assert_eq!(sent.borrow().len(), 3);

    assert!(
        Config::default()
            .with_retry(RetryPolicy {
                retries: 11,
                budget_ms: 0
            })
            .is_err()
    );
}

#[test]
fn the_shared_limiter_paces_calls_and_obeys_the_server() {
    let settings = LimiterSettings {
        interval_ms: 1000,
        burst: 2,
    };
    let config = Config::default().with_limiter(Some(settings));
    let ok = || Ok(json(200, TICKER));
    let (client, _, slept) = retrying(config.clone(), vec![ok(), ok(), ok(), ok()]);
    for _ in 0..4 {
        block_on(client.ticker()).unwrap();
    }
    assert_eq!(
        *slept.borrow(),
        [1000, 1000],
        "two at once, then one a second"
    );

    // A second client with the same settings shares the bucket: it is empty.
    let (other, _, slept) = retrying(config.clone(), vec![ok()]);
    block_on(other.ticker()).unwrap();
    assert_eq!(slept.borrow().len(), 1);

    // A 429's Retry-After holds the next call of every client that shares it.
    let mut limited = with_retry_after(json(429, "{}"), "5");
    limited
        .headers
        .push(("x-ratelimit-remaining".into(), "0".into()));
    limited
        .headers
        .push(("x-ratelimit-limit".into(), "86400".into()));
    let once = config
        .with_retry(RetryPolicy {
            retries: 0,
            ..RetryPolicy::default()
        })
        .unwrap();
    let (third, _, slept) = retrying(once, vec![Ok(limited), ok()]);
    assert!(block_on(third.ticker()).is_err());
    block_on(third.ticker()).unwrap();
    assert!(
        slept.borrow().last().is_some_and(|ms| *ms >= 5000),
        "{:?}",
        slept.borrow()
    );
}

#[test]
fn retry_and_limiter_options_are_read_and_checked() {
    let options = |json: &str| {
        bitcoin_central::ClientOptions::from_json(json.as_bytes())
            .map_err(|e| e.to_string())
            .and_then(|o| Config::from_options(o, Locale::En).map_err(|e| e.to_string()))
    };
    let config =
        options(r#"{"retries":0,"retryBudgetMs":500,"rateLimiter":{"perSecond":4,"burst":3}}"#)
            .unwrap();
    assert_eq!(
        config.retry(),
        RetryPolicy {
            retries: 0,
            budget_ms: 500
        }
    );
    assert_eq!(
        config.limiter(),
        Some(LimiterSettings {
            interval_ms: 250,
            burst: 3
        })
    );
    assert_eq!(
        options(r#"{"rateLimiter":true}"#).unwrap().limiter(),
        Some(LimiterSettings::default())
    );
    assert_eq!(options(r#"{"rateLimiter":false}"#).unwrap().limiter(), None);
    assert_eq!(options(r#"{"rateLimiter":null}"#).unwrap().limiter(), None);
    // Fractions are exact: 1/60 as JS writes it is one call a minute.
    for (per_second, interval_ms) in [
        ("0.5", 2000),
        ("0.016666666666666666", 60_000),
        ("3", 333),
        ("1.6e-2", 62_500),
    ] {
        let json = format!(r#"{{"rateLimiter":{{"perSecond":{per_second}}}}}"#);
        let read = options(&json).map(|c| c.limiter().map(|l| l.interval_ms));
        if interval_ms > 60_000 {
            assert!(
                read.unwrap_err().contains("is not from 1/60 to 100"),
                "{json}"
            );
        } else {
            assert_eq!(read, Ok(Some(interval_ms)), "{json}");
        }
    }
    assert_eq!(options("{}").unwrap().retry(), RetryPolicy::default());
    for (json, expected) in [
        (r#"{"retries":-1}"#, "invalid retries"),
        (r#"{"retries":2.5}"#, "invalid retries"),
        (r#"{"retries":11}"#, "invalid retries"),
        (r#"{"retryBudgetMs":-5}"#, "invalid retryBudgetMs"),
        (
            r#"{"rateLimiter":{"perSecond":1000}}"#,
            "invalid rateLimiter.perSecond",
        ),
        (
            r#"{"rateLimiter":{"burst":0}}"#,
            "invalid rateLimiter.burst",
        ),
        (
            r#"{"rateLimiter":{"perSecnd":1}}"#,
            "invalid rateLimiter: unknown option `perSecnd`; did you mean `perSecond`?",
        ),
        (
            r#"{"rateLimiter":5}"#,
            "invalid rateLimiter: expected an object, got a number",
        ),
        (
            r#"{"rateLimiter":{"perSecond":"4"}}"#,
            "invalid rateLimiter.perSecond: expected a number, got a string",
        ),
        (
            r#"{"timeoutMs":"5000"}"#,
            "invalid timeoutMs: expected a number, got a string",
        ),
        (
            r#"{"timeoutMs":1e999}"#,
            "invalid timeoutMs: \"1e999\" is not a number that fits 28 significant digits",
        ),
        (
            r#"{"retries":1.5}"#,
            "invalid retries: 1.5 is not a whole number of retries from 0 to 10",
        ),
        (
            r#"{"locale":5}"#,
            "invalid locale: expected a string, got a number",
        ),
        ("[]", "invalid options: expected an object, got a list"),
    ] {
        let error = options(json).unwrap_err();
        assert!(error.contains(expected), "{json}: {error}");
    }
}

#[test]
fn a_json_body_labelled_as_something_else_is_a_decode_error() {
    let (path, reason) = decode_error(200, "text/html; charset=utf-8", TICKER);
    assert_eq!(
        (path.as_str(), reason.as_str()),
        ("", "expected JSON, got text/html; charset=utf-8")
    );
    for label in [
        "application/json",
        "Application/JSON; charset=utf-8",
        "application/problem+json",
    ] {
        assert!(
            block_on(client_answering(vec![Ok(response(200, label, TICKER))]).ticker()).is_ok(),
            "{label}"
        );
    }
}
