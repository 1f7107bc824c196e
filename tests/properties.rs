//! Properties of the pure core over generated inputs (proptest): a decimal keeps the
//! text the server sent (and the text the app gave, in an order's body), and the URLs
//! and query strings the library builds parse back to exactly the parameters that
//! went in.
#![cfg(not(target_arch = "wasm32"))]

use bitcoin_central::oauth::callback::{Callback, clean_url, parse_callback};
use bitcoin_central::oauth::provider::{PROVIDERS, ResponseType};
use bitcoin_central::oauth::{OAuthConfig, OAuthOptions};
use bitcoin_central::schema::decode;
use bitcoin_central::{ChartsLevel, Decimal, Locale, OrdersQuery, PlaceOrder, Trade};
use proptest::prelude::*;

/// The largest mantissa a `Decimal` holds: 2^96 - 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// `mantissa` written with `scale` digits after the point, as a server writes it:
/// `(125, 1)` is `12.5`, `(5, 3)` is `0.005`, `(0, 2)` is `0.00`.
fn written(negative: bool, mantissa: u128, scale: usize) -> String {
    let digits = format!("{mantissa:0>width$}", width = scale + 1);
    let (int, frac) = digits.split_at(digits.len() - scale);
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// Any text of a decimal that fits: up to 29 digits, up to 28 after the point, either
/// sign. Not `-0.00`, which reads as `0.00` (a `Decimal` writes no signed zero; the
/// fuzz targets check that case).
fn decimal_text() -> impl Strategy<Value = String> {
    (any::<bool>(), mantissa(), 0usize..=28).prop_map(|(n, m, s)| written(n && m != 0, m, s))
}

/// Any mantissa, often a small one (prices have few digits).
fn mantissa() -> impl Strategy<Value = u128> {
    prop_oneof![0..=MAX_MANTISSA, 0..=1_000_000u128]
}

fn trade_json(price: &str, traded_btc: &str) -> String {
    format!(
        r#"{{"uuid": "59f9c458-cb22-48d6-9103-0b6e54130e29", "currency": "EUR",
            "created_at": "2014-01-07T11:30:59Z", "created_at_int": 1389094259,
            "price": {price}, "traded_btc": "{traded_btc}", "traded_currency": 1}}"#
    )
}

proptest! {
    /// Text in, the same text out: as a JSON number and as a JSON string.
    #[test]
    fn a_decimal_keeps_its_text(text in decimal_text()) {
        let json = format!("[{text}, \"{text}\"]");
        let level: ChartsLevel = decode(json.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{text}: {}", e.reason(json.len()))))?;
        prop_assert_eq!(level.price().to_string(), text.as_str());
        prop_assert_eq!(level.amount().to_string(), text.as_str());
    }

    /// The same through a model's fields, the way a response body is read.
    #[test]
    fn a_model_field_keeps_its_text(price in decimal_text(), traded_btc in decimal_text()) {
        let json = trade_json(&price, &traded_btc);
        let trade: Trade = decode(json.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{price}, {traded_btc}: {}", e.reason(json.len()))))?;
        prop_assert_eq!(trade.price.to_string(), price);
        prop_assert_eq!(trade.traded_btc.to_string(), traded_btc);
    }

    /// A number written with an exponent (`0.125e2`) is its exact value, or refused:
    /// never rounded. It is read whenever the digits as written fit a decimal.
    #[test]
    fn an_exponent_never_rounds(
        negative in any::<bool>(),
        mantissa in mantissa(),
        scale in 0usize..=28,
        shift in 0usize..=40,
        upper in any::<bool>(),
    ) {
        let exact = Decimal::from_i128_with_scale(
            if negative { -(mantissa as i128) } else { mantissa as i128 },
            scale as u32,
        );
        // The same value, its point moved `shift` places left, then back by `e{shift}`.
        let e = if upper { 'E' } else { 'e' };
        let text = format!("{}{e}{shift}", written(negative, mantissa, scale + shift));
        let read = decode::<ChartsLevel>(format!("[{text}, \"{text}\"]").as_bytes());
        match read {
            Ok(level) => {
                prop_assert_eq!(level.price(), exact, "{} read as {}", text, level.price());
                prop_assert_eq!(level.amount(), exact, "{} read as {}", text, level.amount());
            }
            Err(_) => prop_assert!(scale + shift > 28, "{} refused", text),
        }
    }

    /// An order's amount, given as a JSON number or a string, is sent as a JSON
    /// number of exactly the digits given.
    #[test]
    fn an_order_amount_is_sent_with_its_text(
        mantissa in 1..=MAX_MANTISSA,
        scale in 0usize..=8,
        as_string in any::<bool>(),
    ) {
        let text = written(false, mantissa, scale);
        let amount = if as_string { format!("\"{text}\"") } else { text.clone() };
        let params = format!(r#"{{"type":"MarketOrder","direction":"buy","amount":{amount}}}"#);
        let order = PlaceOrder::from_json(params.as_bytes())
            .and_then(|order| order.check(Locale::En))
            .map_err(|e| TestCaseError::fail(format!("{params}: {e}")))?;
        prop_assert_eq!(
            order.body(),
            format!(r#"{{"amount":{text},"currency":"EUR","direction":"buy","type":"MarketOrder"}}"#)
        );
    }

    /// The authorization URL carries each parameter exactly, in order, whatever the
    /// characters; and after the app's own query, if its authorize URL has one.
    #[test]
    fn the_authorize_url_parses_back(
        client_id in "[^\\s]{1,24}",
        path in "[^\\s]{0,24}",
        scopes in proptest::sample::subsequence(vec!["basic", "activity", "trade", "withdraw"], 0..=4),
        implicit in any::<bool>(),
        state in any::<String>(),
        challenge in proptest::option::of("[A-Za-z0-9_-]{43}"),
        own_query in proptest::option::of("[a-z]{1,8}=[a-z0-9]{1,8}"),
    ) {
        let redirect_uri = format!("https://app.example/{path}");
        let authorize_url = own_query.as_ref()
            .map(|q| format!("https://bitcoin-central.net/api/oauth/authorize?{q}"));
        let config = OAuthConfig::from_options(OAuthOptions {
            provider: Some("bitcoin-central".into()),
            client_id: Some(client_id.clone()),
            redirect_uri: Some(redirect_uri.clone()),
            scopes: Some(scopes.iter().map(|s| (*s).to_owned()).collect()),
            flow: Some(if implicit { "token" } else { "code" }.into()),
            authorize_url: authorize_url.clone(),
            ..OAuthOptions::default()
        }).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let url = config.authorize_url(&state, challenge.as_deref());

        let base = authorize_url.unwrap_or_else(|| "https://bitcoin-central.net/api/oauth/authorize".into());
        let query = url.strip_prefix(&base)
            .and_then(|rest| rest.strip_prefix(if own_query.is_some() { '&' } else { '?' }))
            .ok_or_else(|| TestCaseError::fail(format!("{url} does not extend {base}")))?;
        let got: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
        let mut want = vec![
            ("response_type", if implicit { "token" } else { "code" }.to_owned()),
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
        ];
        if !scopes.is_empty() {
            want.push(("scope", scopes.join(" ")));
        }
        want.push(("state", state));
        if let Some(challenge) = challenge {
            want.push(("code_challenge", challenge));
            want.push(("code_challenge_method", "S256".to_owned()));
        }
        let want: Vec<(String, String)> = want.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        prop_assert_eq!(got, want);
    }

    /// A code callback, form-encoded by the provider after the app's own query, gives
    /// back exactly the code; cleaning the URL gives back exactly the app's URL.
    #[test]
    fn a_code_callback_parses_back(
        code in "\\PC{1,40}",
        state in "\\PC{1,40}",
        // The app's own query, well-formed: a stray `%` makes the whole callback
        // unreadable (`malformed-escape`, checked below).
        own_query in proptest::option::of("[a-z]{1,8}=([a-z0-9]|%[0-9A-Fa-f]{2}){0,6}"),
    ) {
        let app_url = match &own_query {
            Some(q) => format!("https://app.example/cb?{q}"),
            None => "https://app.example/cb".to_owned(),
        };
        let answer = form_urlencoded::Serializer::new(String::new())
            .append_pair("code", &code)
            .append_pair("state", &state)
            .finish();
        let separator = if own_query.is_some() { '&' } else { '?' };
        let url = format!("{app_url}{separator}{answer}");
        let read = parse_callback(&url, &state, ResponseType::Code, &PROVIDERS[0])
            .map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
        let odd = code.len() % 2 == 1;
        prop_assert_eq!(read, Callback::Code { code });
        prop_assert_eq!(clean_url(&url), app_url);
        // The same callback with a `%` that starts no escape is refused, not read.
        let broken = format!("{url}&x=%{}", if odd { "G1" } else { "" });
        match parse_callback(&broken, &state, ResponseType::Code, &PROVIDERS[0]) {
            Err(bitcoin_central::Error::Callback { code: "malformed-escape", .. }) => {}
            other => prop_assert!(false, "{broken}: {other:?}"),
        }
    }

    /// An implicit callback in the fragment gives back the token, its scopes (in
    /// order) and its lifetime exactly.
    #[test]
    fn a_token_callback_parses_back(
        token in "\\PC{1,60}",
        state in "\\PC{1,40}",
        scopes in proptest::collection::vec("[a-z_]{1,10}", 0..5),
        expires_in in proptest::option::of(0u64..=999_999_999_999),
    ) {
        let mut unique: Vec<String> = Vec::new();
        for scope in scopes {
            if !unique.contains(&scope) {
                unique.push(scope);
            }
        }
        let mut answer = form_urlencoded::Serializer::new(String::new());
        answer.append_pair("access_token", &token).append_pair("token_type", "Bearer");
        if let Some(seconds) = expires_in {
            answer.append_pair("expires_in", &seconds.to_string());
        }
        if !unique.is_empty() {
            answer.append_pair("scope", &unique.join(" "));
        }
        answer.append_pair("state", &state);
        let url = format!("https://app.example/cb#{}", answer.finish());
        let read = parse_callback(&url, &state, ResponseType::Token, &PROVIDERS[0])
            .map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
        prop_assert_eq!(read, Callback::Token {
            access_token: token,
            token_type: "Bearer".to_owned(),
            scopes: (!unique.is_empty()).then_some(unique),
            expires_in,
        });
        prop_assert_eq!(clean_url(&url), "https://app.example/cb");
    }

    /// The orders query string decodes back to the page, the types (in order, any
    /// characters) and the filter that went in.
    #[test]
    fn the_orders_query_parses_back(
        offset in proptest::option::of(0u64..=1_000_000_000),
        limit in proptest::option::of(0u64..=1_000_000_000),
        types in proptest::option::of(proptest::collection::vec(any::<String>(), 0..4)),
        active in proptest::option::of(any::<bool>()),
    ) {
        let query = OrdersQuery {
            offset: offset.map(Decimal::from),
            limit: limit.map(Decimal::from),
            types: types.clone(),
            active,
        };
        let text = query.query(Locale::default())
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let got: Vec<(String, String)> = form_urlencoded::parse(text.as_bytes()).into_owned().collect();
        let mut want: Vec<(String, String)> = Vec::new();
        if let Some(offset) = offset {
            want.push(("offset".into(), offset.to_string()));
        }
        if let Some(limit) = limit {
            want.push(("limit".into(), limit.to_string()));
        }
        for t in types.into_iter().flatten() {
            want.push(("types[]".into(), t));
        }
        if let Some(active) = active {
            want.push(("active".into(), active.to_string()));
        }
        prop_assert_eq!(got, want);
    }
}
