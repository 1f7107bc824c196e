//! The fuzz targets' bodies, in one place: the cargo-fuzz binaries (`fuzz_targets/`)
//! call them, and the host test `tests/fuzz_corpus.rs` replays the kept corpus through
//! them, so a finding and its regression test run the same code.
//!
//! Each target meets its input the way the library does: the first byte picks the HTTP
//! status (and, for OAuth, the provider and flow), the rest is the body, as the bytes
//! `fetch` hands over, or the URL, read as UTF-8 (a bad byte becomes U+FFFD).
//! Response bodies go through [`GenericClient`] over a server that gives that answer to
//! every request (a retried GET meets it again), so a finding is a bug of the client as
//! a user calls it. Beyond "no panic",
//! each target checks what it decoded:
//!
//! - the outcome fits the status (a model only from a 2xx; an `api` error only from
//!   400/422; ...), and the messages of an error are the body's `errors`;
//! - every decoded decimal is the number the server sent, exactly: the same text when
//!   the server wrote it plainly, the same value when it used an exponent (never
//!   rounded), and its own text decodes again to the same text;
//! - what JS receives (the body walked into JS-ready JSON) is what the Rust model
//!   becomes, value for value; and models whose JS names are the wire's (depth,
//!   Bitcoin Charts data) decode again from that JSON to equal values;
//! - OAuth answers: a grant or callback is well formed, and its `Debug` shows no secret.

use bitcoin_central::http::HttpResponse;
use bitcoin_central::oauth::callback::{Callback, clean_url, has_response, parse_callback};
use bitcoin_central::oauth::provider::{CUSTOM, PROVIDERS, Quirks, ResponseType, TokenShape};
use bitcoin_central::oauth::token::{Grant, read_grant};
use bitcoin_central::oauth::{Authenticator, Authorized};
use bitcoin_central::schema::{self, Model, ToNode, to_js_text};
use bitcoin_central::{
    AccountOperation, ChartsLevel, ChartsTrade, Decimal, Depth, DepthLevel, Error, GenericClient,
    Order, OrdersQuery, Ticker, Trade, User,
};
use serde_json::Value;

#[path = "server.rs"]
mod server;
use server::{Server, client, run};

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// Every target, by the name of its file in `fuzz_targets/` and of its corpus folder.
pub const TARGETS: [(&str, Target); 11] = [
    ("ticker", ticker),
    ("trades", trades),
    ("depth", depth),
    ("charts_trades", charts_trades),
    ("charts_depth", charts_depth),
    ("user", user),
    ("orders", orders),
    ("order", order),
    ("error_body", error_body),
    ("token", token),
    ("callback", callback),
];

/// Targets whose corpus another test replays: `differential` (tests/differential.rs,
/// which shares its body through `#[path]`).
pub const REPLAYED_ELSEWHERE: [&str; 1] = ["differential"];

/// `GET .../ticker`.
pub fn ticker(data: &[u8]) {
    let Some((response, result)) = call(data, async |c| c.ticker().await) else {
        return;
    };
    if let Some((ticker, sent)) = decoded(&response, result, false) {
        check_ticker(&ticker, &sent);
    }
}

/// `GET .../trades`.
pub fn trades(data: &[u8]) {
    let Some((response, result)) = call(data, async |c| c.trades().await) else {
        return;
    };
    if let Some((trades, sent)) = decoded(&response, result, false) {
        check_list(&trades, &sent, check_trade);
    }
}

/// `GET .../depth`.
pub fn depth(data: &[u8]) {
    let Some((response, result)) = call(data, async |c| c.depth().await) else {
        return;
    };
    if let Some((depth, sent)) = decoded(&response, result, false) {
        check_depth(&depth, &sent);
        check_reencodes(&depth);
    }
}

/// `GET /api/v1/bitcoin_charts/.../trades`.
pub fn charts_trades(data: &[u8]) {
    let Some((response, result)) = call(data, async |c| c.bitcoin_charts_trades().await) else {
        return;
    };
    if let Some((trades, sent)) = decoded(&response, result, false) {
        check_list(&trades, &sent, check_charts_trade);
        check_reencodes(&trades);
    }
}

/// `GET /api/v1/bitcoin_charts/.../depth`.
pub fn charts_depth(data: &[u8]) {
    let Some((response, result)) = call(data, async |c| c.bitcoin_charts_depth().await) else {
        return;
    };
    if let Some((depth, sent)) = decoded(&response, result, false) {
        check_list(&depth.bids, &sent["bids"], check_charts_level);
        check_list(&depth.asks, &sent["asks"], check_charts_level);
        check_reencodes(&depth);
    }
}

/// `GET /api/v1/user`, with a session.
pub fn user(data: &[u8]) {
    let Some((response, result)) = call(data, async |c| c.user(&AllScopes).await) else {
        return;
    };
    if let Some((user, sent)) = decoded(&response, result, true) {
        check_user(&user, &sent);
    }
}

/// `GET /api/v1/user/orders`, with a session.
pub fn orders(data: &[u8]) {
    let query = OrdersQuery::default();
    let Some((response, result)) = call(data, async |c| c.orders(&AllScopes, &query).await) else {
        return;
    };
    if let Some((orders, sent)) = decoded(&response, result, true) {
        check_list(&orders, &sent, check_order);
    }
}

/// `GET /api/v1/user/orders/{uuid}`, with a session.
pub fn order(data: &[u8]) {
    let uuid = "59f9c458-cb22-48d6-9103-0b6e54130e29";
    let Some((response, result)) = call(data, async |c| c.order(&AllScopes, uuid).await) else {
        return;
    };
    if let Some((order, sent)) = decoded(&response, result, true) {
        check_order(&order, &sent);
    }
}

/// An error answer (`{"errors": [...]}`, or anything else) to a public call. The first
/// byte's low 3 bits pick an error status, bit 4 the content type, bit 5 adds a
/// `Retry-After`.
pub fn error_body(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    const ERROR_STATUSES: [u16; 8] = [400, 422, 429, 404, 500, 502, 503, 418];
    let status = ERROR_STATUSES[usize::from(first) % ERROR_STATUSES.len()];
    let mut response = response(status, first & 0x10 != 0, body);
    if first & 0x20 != 0 {
        response.headers.push(("retry-after".into(), "120".into()));
    }
    let result = run(client(response.clone()).ticker());
    assert!(result.is_err(), "HTTP {status} decoded as a ticker");
    decoded(&response, result, false);
}

/// A token endpoint's answer, read with each provider's quirks. The first byte's low 3
/// bits pick the provider, bits 3 to 5 the status, bit 7 the content type.
pub fn token(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    const TOKEN_STATUSES: [u16; 8] = [200, 200, 200, 201, 400, 401, 403, 500];
    let quirks = provider(first);
    let status = TOKEN_STATUSES[usize::from(first >> 3) % TOKEN_STATUSES.len()];
    let response = response(status, first & 0x80 != 0, body);
    match read_grant(&quirks, &response) {
        Ok(grant) => {
            assert!((200..300).contains(&status), "a grant from HTTP {status}");
            check_grant(&quirks, &grant);
        }
        Err(error) => {
            describe(&error);
            let success = (200..300).contains(&status);
            match error {
                Error::Decode { status: s, .. } => assert!(s == Some(status) && success),
                Error::Callback {
                    code: "not-bearer", ..
                } => assert!(success),
                Error::OAuth { .. } | Error::Session { .. } | Error::Http { .. } => {}
                other => panic!("unexpected error from a token answer: {other:?}"),
            }
        }
    }
}

/// A login callback URL. The first byte's low 3 bits pick the provider, bit 3 the flow
/// (token or code); then come the state this tab sent, a newline, and the URL.
pub fn callback(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let quirks = provider(first);
    let flow = if first & 0x08 != 0 {
        ResponseType::Token
    } else {
        ResponseType::Code
    };
    let text = String::from_utf8_lossy(rest);
    let (state, url) = text.split_once('\n').unwrap_or(("", &*text));

    let cleaned = clean_url(url);
    assert!(
        !cleaned.contains('#'),
        "clean_url kept a fragment: {cleaned:?}"
    );
    assert!(
        !has_response(&cleaned),
        "clean_url kept an OAuth answer: {cleaned:?}"
    );
    assert_eq!(clean_url(&cleaned), cleaned, "clean_url is not idempotent");

    match parse_callback(url, state, flow, &quirks) {
        Ok(answer) => {
            assert!(has_response(url), "a callback without an answer was read");
            assert!(
                !state.is_empty(),
                "a callback was trusted with no state sent"
            );
            check_callback(flow, &answer);
        }
        Err(error) => {
            describe(&error);
            match error {
                Error::Csrf { .. } | Error::Callback { .. } | Error::OAuth { status: None, .. } => {
                }
                other => panic!("unexpected error from a callback: {other:?}"),
            }
        }
    }
}

// ---- The client, over a server that always gives the same answer -------------------

/// Statuses a data endpoint meets, mostly successes.
const STATUSES: [u16; 16] = [
    200, 200, 200, 200, 201, 201, 204, 400, 401, 403, 404, 422, 429, 500, 502, 503,
];

/// The first byte's low 4 bits pick the status, bit 4 the content type; the rest is
/// the body.
fn split(data: &[u8]) -> Option<HttpResponse> {
    let (&first, body) = data.split_first()?;
    let status = STATUSES[usize::from(first & 0x0f)];
    Some(response(status, first & 0x10 != 0, body))
}

fn response(status: u16, json: bool, body: &[u8]) -> HttpResponse {
    let content_type = if json {
        "application/json; charset=utf-8"
    } else {
        "text/html"
    };
    HttpResponse {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.to_vec(),
    }
}

/// A session with every Bitcoin-Central scope.
struct AllScopes;

impl Authenticator for AllScopes {
    async fn authorize(&self) -> Result<Authorized, Error> {
        Ok(Authorized {
            headers: vec![("Authorization", "Bearer fuzz".to_owned())],
            scopes: ["basic", "activity", "trade", "withdraw"]
                .map(str::to_owned)
                .to_vec(),
            secrets: vec!["fuzz".to_owned()],
        })
    }

    fn rejected(&self, status: u16) -> Error {
        Error::Session {
            code: "invalid",
            reason: bitcoin_central::Text::Given("rejected".into()),
            status: Some(status),
        }
    }

    fn origin(&self) -> &str {
        "https://bitcoin-central.net"
    }
}

/// The response the input stands for, and what the client made of it.
fn call<R>(
    data: &[u8],
    call: impl AsyncFnOnce(&GenericClient<Server>) -> Result<R, Error>,
) -> Option<(HttpResponse, Result<R, Error>)> {
    let response = split(data)?;
    let client = client(response.clone());
    let result = run(call(&client));
    Some((response, result))
}

/// Checks that the outcome fits the status; on success, that JS would receive the
/// same value, and the model and the body's JSON.
fn decoded<R: Model + ToNode>(
    response: &HttpResponse,
    result: Result<R, Error>,
    with_session: bool,
) -> Option<(R, Value)> {
    let status = response.status;
    let error = match result {
        Ok(model) => {
            assert!((200..300).contains(&status), "a model from HTTP {status}");
            // Decoded, so the body is JSON (or blank, read as `null` with a session).
            let sent = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
            check_js(&response.body, &model);
            return Some((model, sent));
        }
        Err(error) => error,
    };
    describe(&error);
    match &error {
        Error::Decode { status: s, .. } => {
            assert_eq!(*s, Some(status));
            assert!(
                (200..300).contains(&status),
                "a decode error for HTTP {status}"
            );
        }
        Error::Api {
            status: s,
            messages,
        } => {
            assert!(
                *s == status && (*s == 400 || *s == 422),
                "api error for {status}"
            );
            check_messages(&response.body, messages);
        }
        Error::RateLimited {
            retry_after_secs,
            messages,
        } => {
            assert_eq!(status, 429);
            let header = response
                .header("retry-after")
                .map(|v| v.trim().parse().ok());
            assert_eq!(*retry_after_secs, header.flatten());
            check_messages(&response.body, messages);
        }
        Error::Http {
            status: s,
            messages,
        } => {
            assert_eq!(*s, status);
            assert!(!(200..300).contains(s) && ![400, 422, 429].contains(s));
            assert!(
                !with_session || ![401, 403].contains(s),
                "{s} with a session"
            );
            check_messages(&response.body, messages);
        }
        Error::Session { status: s, .. } => {
            assert!(
                with_session && matches!(s, Some(401 | 403)),
                "{error:?} for {status}"
            );
        }
        other => panic!("unexpected error for HTTP {status}: {other:?}"),
    }
    None
}

/// Formats an error every way a caller may (none may panic).
fn describe(error: &Error) {
    let _ = (
        error.to_string(),
        format!("{error:?}"),
        error.kind().as_str(),
    );
}

/// Messages the client reports are the body's `errors` (a list of strings, or one).
fn check_messages(body: &[u8], messages: &[String]) {
    if messages.is_empty() {
        return;
    }
    let said = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| match v.get("errors")? {
            Value::Array(items) => items
                .iter()
                .map(|m| m.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>(),
            Value::String(one) => Some(vec![one.clone()]),
            _ => None,
        });
    assert_eq!(
        Some(messages),
        said.as_deref(),
        "messages not from the body"
    );
}

// ---- Decoded models against the JSON they came from ---------------------------------

fn check_list<T>(items: &[T], sent: &Value, check: fn(&T, &Value)) {
    let sent = sent.as_array().expect("a list decoded from a non-list");
    assert_eq!(items.len(), sent.len());
    for (item, sent) in items.iter().zip(sent) {
        check(item, sent);
    }
}

fn check_ticker(ticker: &Ticker, sent: &Value) {
    assert_eq!(Some(ticker.currency.as_str()), sent["currency"].as_str());
    for (name, value) in [
        ("price", ticker.price),
        ("bid", ticker.bid),
        ("ask", ticker.ask),
        ("midpoint", ticker.midpoint),
        ("volume", ticker.volume),
        ("variation", ticker.variation),
        ("high", ticker.high),
        ("low", ticker.low),
        ("vwap", ticker.vwap),
    ] {
        check_optional(value, &sent[name]);
    }
}

fn check_trade(trade: &Trade, sent: &Value) {
    check_decimal(trade.price, &sent["price"]);
    check_decimal(trade.traded_btc, &sent["traded_btc"]);
    check_decimal(trade.traded_currency, &sent["traded_currency"]);
}

fn check_depth(depth: &Depth, sent: &Value) {
    fn level(level: &DepthLevel, sent: &Value) {
        check_decimal(level.price, &sent["price"]);
        check_decimal(level.amount, &sent["amount"]);
    }
    check_list(&depth.bids, &sent["bids"], level);
    check_list(&depth.asks, &sent["asks"], level);
}

fn check_charts_trade(trade: &ChartsTrade, sent: &Value) {
    check_decimal(trade.price, &sent["price"]);
    check_decimal(trade.amount, &sent["amount"]);
    match &sent["tid"] {
        Value::String(text) => assert_eq!(&trade.tid, text),
        Value::Number(number) => {
            assert_eq!(trade.tid, number.to_string());
            assert!(
                trade.tid.bytes().all(|b| b.is_ascii_digit()),
                "{}",
                trade.tid
            );
        }
        other => panic!("tid {:?} decoded from {other}", trade.tid),
    }
}

fn check_charts_level(level: &ChartsLevel, sent: &Value) {
    check_decimal(level.price(), &sent[0]);
    check_decimal(level.amount(), &sent[1]);
}

fn check_user(user: &User, sent: &Value) {
    check_decimal(user.balance_btc, &sent["balance_btc"]);
    check_decimal(user.locked_btc, &sent["locked_btc"]);
    check_decimal(user.balance_eur, &sent["balance_eur"]);
    check_decimal(user.locked_eur, &sent["locked_eur"]);
}

fn check_order(order: &Order, sent: &Value) {
    check_decimal(order.amount, &sent["amount"]);
    check_decimal(order.currency_fee, &sent["currency_fee"]);
    check_decimal(order.btc_fee, &sent["btc_fee"]);
    check_optional(order.price, &sent["price"]);
    check_optional(order.traded_btc, &sent["traded_btc"]);
    check_optional(order.traded_currency, &sent["traded_currency"]);
    fn operation(operation: &AccountOperation, sent: &Value) {
        check_decimal(operation.amount, &sent["amount"]);
    }
    match &sent["account_operations"] {
        Value::Null => assert!(order.account_operations.is_empty()),
        sent => check_list(&order.account_operations, sent, operation),
    }
}

/// A decimal the server may send as `null` (or leave out): `None` exactly then.
fn check_optional(decoded: Option<Decimal>, sent: &Value) {
    match (decoded, sent) {
        (None, Value::Null) => {}
        (Some(value), sent) => check_decimal(value, sent),
        (None, other) => panic!("{other} decoded as null"),
    }
}

/// A decoded decimal is the number the server sent: the same text when it was written
/// plainly (`680.0` stays `680.0`), the same value when written with an exponent, and
/// never rounded. Its own text decodes again to itself, as a number and as a string.
fn check_decimal(decoded: Decimal, sent: &Value) {
    let sent_text = match sent {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        other => panic!("{decoded} decoded from {other}"),
    };
    let text = decoded.to_string();
    match without_exponent(&sent_text) {
        Some(plain) if plain == sent_text && is_canonical(&plain) => {
            assert_eq!(
                text,
                unsigned_zero(&sent_text),
                "the decimal's text changed"
            );
        }
        Some(plain) => {
            let exact = Decimal::from_str_exact(&plain);
            assert_eq!(
                exact,
                Ok(decoded),
                "{sent_text:?} (exactly {plain}) decoded as {text}"
            );
        }
        // rust_decimal refuses exponents beyond ±28.
        None => panic!("{sent_text:?} decoded as {text}, its exponent beyond ±64"),
    }
    let again: ChartsLevel = schema::decode(format!("[{text},\"{text}\"]").as_bytes())
        .unwrap_or_else(|e| panic!("{text} does not decode again: {}", e.reason(0)));
    assert_eq!(again.price().to_string(), text, "as a number");
    assert_eq!(again.amount().to_string(), text, "as a string");
}

/// A negative zero (`-0.0`) reads as zero (`0.0`): a `Decimal` writes no signed zero.
fn unsigned_zero(text: &str) -> &str {
    match text.strip_prefix('-') {
        Some(zero) if zero.bytes().all(|b| b == b'0' || b == b'.') => zero,
        _ => text,
    }
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`: the one way to write a decimal without an exponent.
fn is_canonical(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let int = unsigned.split('.').next().unwrap_or_default();
    !int.is_empty() && (int == "0" || !int.starts_with('0'))
}

/// JSON number text (which the decoder has accepted) written out without its
/// exponent; `None` for an exponent beyond ±64.
fn without_exponent(text: &str) -> Option<String> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok().filter(|e| e.abs() <= 64)?),
        None => return Some(text.to_owned()),
    };
    let (sign, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = format!("{int}{frac}");
    // The decimal point sits after `point` digits.
    let point = i64::try_from(int.len()).ok()? + exponent;
    let digits = if point <= 0 {
        format!("{}{digits}", "0".repeat(usize::try_from(1 - point).ok()?))
    } else if point > i64::try_from(digits.len()).ok()? {
        format!(
            "{digits}{}",
            "0".repeat(usize::try_from(point).ok()? - digits.len())
        )
    } else {
        digits
    };
    let point = usize::try_from(point.max(1)).ok()?;
    let (int, frac) = digits.split_at(point);
    Some(if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    })
}

/// The two ways out of the walk agree: the body written straight into JS-ready JSON
/// (what `JSON.parse` reads in the browser) is the decoded model written for JS.
fn check_js<T: Model + ToNode>(body: &[u8], model: &T) {
    let walked = schema::to_js_json(body, &T::KIND)
        .unwrap_or_else(|e| panic!("decoded, yet not walked into JS: {}", e.reason(body.len())));
    let written = to_js_text(model);
    let parse = |text: &str| -> Value {
        let value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{text} is not JSON: {e}"));
        as_js_numbers(value)
    };
    assert_eq!(
        parse(&walked),
        parse(&written),
        "JS and Rust see different values"
    );
}

/// Every number as the `f64` JS holds (integers beyond 2^53 round there, as
/// `JSON.parse` would round them); decimals are strings and stay exact.
fn as_js_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .to_string()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(as_js_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, as_js_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// A model whose JS names are the wire's decodes again from its JS JSON (decimals as
/// strings) to an equal value, written the same way.
fn check_reencodes<T: Model + ToNode + PartialEq + std::fmt::Debug>(model: &T) {
    let json = to_js_text(model);
    let again: T = schema::decode(json.as_bytes())
        .unwrap_or_else(|e| panic!("{json} does not decode again: {}", e.reason(json.len())));
    assert_eq!(&again, model);
    assert_eq!(to_js_text(&again), json);
}

// ---- OAuth ----------------------------------------------------------------------------

/// The first byte's low 3 bits pick a provider preset, or a custom provider.
fn provider(first: u8) -> Quirks {
    PROVIDERS
        .get(usize::from(first & 0x07))
        .copied()
        .unwrap_or(CUSTOM)
}

fn check_grant(quirks: &Quirks, grant: &Grant) {
    assert!(!grant.access_token.is_empty());
    assert!(grant.token_type.eq_ignore_ascii_case("bearer"));
    match (quirks.token, &grant.secret_key) {
        (TokenShape::AccessSecretPair, Some(secret)) => assert!(!secret.is_empty()),
        (TokenShape::AccessSecretPair, None) => panic!("no secret key from {}", quirks.id),
        (_, Some(_)) => panic!("a secret key from {}", quirks.id),
        (_, None) => {}
    }
    assert_ne!(grant.refresh_token.as_deref(), Some(""));
    assert_ne!(grant.scopes.as_deref(), Some(&[][..]));
    let masked = Grant {
        access_token: "masked".into(),
        secret_key: grant.secret_key.as_ref().map(|_| "masked".into()),
        refresh_token: grant.refresh_token.as_ref().map(|_| "masked".into()),
        ..grant.clone()
    };
    assert_eq!(
        format!("{grant:?}"),
        format!("{masked:?}"),
        "Debug shows a secret"
    );
}

fn check_callback(flow: ResponseType, answer: &Callback) {
    let masked = match (flow, answer) {
        (ResponseType::Code, Callback::Code { code }) => {
            assert!(!code.is_empty());
            Callback::Code {
                code: "masked".into(),
            }
        }
        (
            ResponseType::Token,
            Callback::Token {
                access_token,
                token_type,
                scopes,
                expires_in,
            },
        ) => {
            assert!(!access_token.is_empty());
            assert!(token_type.eq_ignore_ascii_case("bearer"));
            if let Some(scopes) = scopes {
                assert!(!scopes.is_empty());
                assert!(scopes.iter().all(|s| !s.is_empty()), "{scopes:?}");
            }
            Callback::Token {
                access_token: "masked".into(),
                token_type: token_type.clone(),
                scopes: scopes.clone(),
                expires_in: *expires_in,
            }
        }
        (flow, answer) => panic!("{answer:?} answers a {} login", flow.as_str()),
    };
    assert_eq!(
        format!("{answer:?}"),
        format!("{masked:?}"),
        "Debug shows a secret"
    );
}
