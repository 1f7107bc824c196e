//! The spec's user endpoints ("User info", "User activity", "Order details", "Trading",
//! "Withdrawing", "Canceling orders"): requests read and checked here, carried out by
//! [`crate::domain::exchange`], answered in the spec's shapes.
//!
//! - `GET /api/v1/user` (scope basic): the account, with its live balances and the
//!   `channel_id` its stream events are heard with.
//! - `GET /api/v1/user/orders` (scope activity): `offset`, `limit`, `types[]`,
//!   `active`; newest first.
//! - `GET /api/v1/user/orders/{uuid}` (scope activity).
//! - `POST /api/v1/user/orders`: `LimitOrder` and `MarketOrder` (each by `amount` or
//!   `currency_amount`) need scope trade, `Transfer` scope withdraw; JSON or form
//!   bodies; 201 with the order.
//! - `DELETE /api/v1/user/orders/{uuid}/cancel` (scope trade).
//! - `POST /_sandbox/orders/{uuid}/confirm` (scope withdraw): the sandbox's stand-in
//!   for the confirmation e-mail a withdrawal waits for.
//!
//! Refusals are `{"errors": [...]}` with every problem found, in the language the
//! request asks for, else the account's: 400 for an unreadable body, 422 for what the
//! exchange will not do, 404 for an order that is not the caller's.

use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::domain::accounts::Accounts;
use crate::domain::exchange::{self, Refusal, Request, Size};
use crate::domain::i18n::{Lang, Message};
use crate::domain::market::Market;
use crate::domain::orders::{
    BTC_DECIMALS, Currency, Direction, EUR_DECIMALS, Kind, ORDER_TYPES, Operation, Order,
};
use crate::domain::sandbox::Sandbox;
use crate::domain::stream::{BALANCE_KEYS, balances_in_order};
use crate::handlers::bearer;
use crate::http::lang;
use crate::http::render::Render;
use crate::http::respond::{errors, json};

/// Prices and amounts above this are refused (they could only be typing mistakes, and
/// keep every product of a price and an amount far from overflowing).
const MAX_VALUE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);
/// Prices are quoted with up to 7 decimals (679.9999999); 8 are accepted.
const PRICE_DECIMALS: u32 = 8;
/// Orders per page of `GET /api/v1/user/orders`, by default and at most.
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

/// A request value cut short for an error message.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// The language of a user's call: the request's, else the account's.
fn user_lang(sandbox: &Sandbox, headers: &HeaderMap, account: usize) -> Lang {
    if let Some(lang) = lang::requested(headers) {
        return lang;
    }
    let accounts = sandbox.accounts();
    lang::for_user(headers, accounts.get(account).map_or("en", |a| &a.locale))
}

fn refused(lang: Lang, refusal: Refusal) -> Response {
    match refusal {
        Refusal::NotFound => errors(StatusCode::NOT_FOUND, lang, &[Message::OrderNotFound]),
        Refusal::Unprocessable(problems) => {
            errors(StatusCode::UNPROCESSABLE_ENTITY, lang, &problems)
        }
    }
}

/// `2013-11-21T15:27:04.000Z`, as the exchange writes an order's times.
fn time(unix_ms: i64) -> String {
    let ms = u64::try_from(unix_ms).unwrap_or(0);
    humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(ms)).to_string()
}

fn operation_json(r: Render, op: &Operation) -> Value {
    let mut body = Map::new();
    for (key, value) in [
        ("uuid", op.uuid.to_string().into()),
        ("name", op.name.into()),
        ("amount", r.money(op.amount)),
        ("currency", op.currency.code().into()),
        ("created_at", time(op.at_ms).into()),
        ("created_at_int", op.at_ms.div_euclid(1000).into()),
        ("is_trading_account", op.trading.into()),
    ] {
        body.insert(key.to_owned(), value);
    }
    Value::Object(body)
}

/// An order in the spec's shape and field order.
pub fn order_json(r: Render, order: &Order) -> Value {
    let mut body = Map::new();
    let mut put = |key: &str, value: Value| {
        body.insert(key.to_owned(), value);
    };
    put("uuid", order.uuid.to_string().into());
    put("amount", r.money(order.amount));
    put("state", order.state.as_str().into());
    put("btc_fee", r.money(order.btc_fee));
    put("currency_fee", r.money(order.currency_fee));
    put("updated_at", time(order.updated_ms).into());
    put("created_at", time(order.created_ms).into());
    put("currency", order.currency.code().into());
    put("type", order.kind.as_str().into());
    if let Some(direction) = order.direction {
        put("traded_btc", r.money(order.traded_btc));
        put("traded_currency", r.money(order.traded_currency));
        put("direction", direction.as_str().into());
        put("price", order.price.map_or(Value::Null, |p| r.money(p)));
    }
    put(
        "account_operations",
        order
            .operations
            .iter()
            .map(|op| operation_json(r, op))
            .collect(),
    );
    Value::Object(body)
}

/// One value of the body, as it came.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    /// A string (every form value is one).
    Text(String),
    /// A JSON number, with its exact digits.
    Number(String),
    /// Any other JSON value, as JSON text.
    Other(String),
}

/// The body's parameters. A blank value (`price=`, `"price": ""`, `null`) counts as
/// absent.
#[derive(Debug, Default)]
struct Params(HashMap<String, Field>);

/// Reads a JSON object or a form, by `Content-Type` (without one: JSON if it looks
/// like an object, else a form, as `curl -d` sends).
fn read_body(headers: &HeaderMap, body: &[u8]) -> Result<Params, Message> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("?").to_ascii_lowercase());
    let essence = content_type
        .as_deref()
        .map(|t| t.split(';').next().unwrap_or("").trim());
    let is_json = match essence {
        Some("application/json") => true,
        Some("application/x-www-form-urlencoded") => false,
        None | Some("") => body.trim_ascii_start().starts_with(b"{"),
        Some(_) => return Err(Message::UnreadableBody),
    };
    let mut params = Params::default();
    if !is_json {
        for (key, value) in form_urlencoded::parse(body) {
            params
                .0
                .insert(key.into_owned(), Field::Text(value.into_owned()));
        }
        return Ok(params);
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| Message::BadJson {
        line: e.line(),
        column: e.column(),
    })?;
    let Value::Object(object) = value else {
        return Err(Message::NotAnObject);
    };
    for (key, value) in object {
        let field = match value {
            Value::Null => continue,
            Value::String(text) => Field::Text(text),
            Value::Number(number) => Field::Number(number.to_string()),
            other => Field::Other(other.to_string()),
        };
        params.0.insert(key, field);
    }
    Ok(params)
}

/// A decimal as a person writes it: digits, perhaps a sign and a decimal point with
/// digits after it (`-1`, `0.5`, `300.0`; not `.5`, `1e3` or `0x10`).
fn plain_decimal(text: &str) -> Option<Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    Decimal::from_str_exact(text).ok()
}

impl Params {
    fn get(&self, name: &str) -> Option<&Field> {
        self.0
            .get(name)
            .filter(|f| !matches!(f, Field::Text(t) if t.trim().is_empty()))
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A text parameter: absent, refused (not a string or a number), or its text.
    fn text(&self, name: &'static str) -> Option<Result<String, Message>> {
        Some(match self.get(name)? {
            Field::Text(text) => Ok(text.trim().to_owned()),
            Field::Number(text) => Ok(text.clone()),
            Field::Other(json) => Err(Message::BadParameter {
                name,
                value: short(json),
            }),
        })
    }

    /// A positive decimal of at most `decimals` decimals (and at most [`MAX_VALUE`]).
    fn decimal(&self, name: &'static str, decimals: u32) -> Option<Result<Decimal, Message>> {
        let value = match self.get(name)? {
            Field::Text(text) => plain_decimal(text.trim()),
            Field::Number(text) if text.contains(['e', 'E']) => Decimal::from_scientific(text).ok(),
            Field::Number(text) => Decimal::from_str_exact(text).ok(),
            Field::Other(_) => None,
        };
        Some(match value {
            None => Err(Message::NotADecimal(name)),
            Some(v) if v <= Decimal::ZERO => Err(Message::NotPositive(name)),
            Some(v) if v.normalize().scale() > decimals => Err(Message::TooManyDecimals {
                field: name,
                max: decimals,
            }),
            Some(v) if v > MAX_VALUE => Err(Message::TooLarge {
                field: name,
                max: MAX_VALUE,
            }),
            Some(v) => Ok(v),
        })
    }
}

/// The value of a parameter that was there and right; a problem noted otherwise.
fn keep<T>(got: Option<Result<T, Message>>, problems: &mut Vec<Message>) -> Option<T> {
    match got? {
        Ok(value) => Some(value),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// Enough for this sandbox: the library checks the checksums.
fn plausible_address(address: &str) -> bool {
    (26..=90).contains(&address.len()) && address.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Checks a trade order's parameters; every problem is reported.
fn check_trade(kind: Kind, params: &Params) -> Result<Request, Vec<Message>> {
    let mut problems = Vec::new();
    let market = kind == Kind::MarketOrder;
    if let Some(currency) = keep(params.text("currency"), &mut problems) {
        if !currency.eq_ignore_ascii_case("EUR") {
            problems.push(Message::TradeCurrency(currency));
        }
    }
    let direction = match keep(params.text("direction"), &mut problems).as_deref() {
        Some("buy") => Some(Direction::Buy),
        Some("sell") => Some(Direction::Sell),
        Some(other) => {
            problems.push(Message::UnknownDirection(other.to_owned()));
            None
        }
        None => {
            if !params.has("direction") {
                problems.push(Message::Required("direction"));
            }
            None
        }
    };
    let price = trade_price(kind, params, &mut problems);
    let size = trade_size(params, &mut problems);
    if params.has("address") {
        problems.push(Message::NotAllowed {
            field: "address",
            kind: kind.as_str(),
        });
    }
    match (problems.is_empty(), direction, price, size) {
        (true, Some(direction), Some(price), Some(size)) if !market => Ok(Request::Limit {
            direction,
            price,
            size,
        }),
        (true, Some(direction), None, Some(size)) if market => {
            Ok(Request::Market { direction, size })
        }
        // Every missing piece has noted a problem.
        _ => Err(problems),
    }
}

/// A trade order's limit price: required for a limit order, refused for a market
/// order (noted in `problems`).
fn trade_price(kind: Kind, params: &Params, problems: &mut Vec<Message>) -> Option<Decimal> {
    let market = kind == Kind::MarketOrder;
    match (market, params.has("price")) {
        (true, true) => {
            problems.push(Message::NotAllowed {
                field: "price",
                kind: kind.as_str(),
            });
            None
        }
        (true, false) => None,
        (false, false) => {
            problems.push(Message::Required("price"));
            None
        }
        (false, true) => keep(params.decimal("price", PRICE_DECIMALS), problems),
    }
}

/// How much a trade order trades: `amount` (BTC) or `currency_amount` (EUR), one of
/// them, for limit and market orders alike (the spec's Trading section, of trade
/// orders in general: "Either one of `amount` or `currency_amount` must be
/// specified"); problems noted in `problems`.
fn trade_size(params: &Params, problems: &mut Vec<Message>) -> Option<Size> {
    match (params.has("amount"), params.has("currency_amount")) {
        (true, true) => {
            problems.push(Message::AmountAndCurrencyAmount);
            None
        }
        (false, false) => {
            problems.push(Message::NeitherAmount);
            None
        }
        (true, false) => keep(params.decimal("amount", BTC_DECIMALS), problems).map(Size::Btc),
        (false, true) => {
            keep(params.decimal("currency_amount", EUR_DECIMALS), problems).map(Size::Eur)
        }
    }
}

/// Checks a withdrawal's parameters; every problem is reported.
fn check_transfer(params: &Params) -> Result<Request, Vec<Message>> {
    let mut problems = Vec::new();
    let currency = match keep(params.text("currency"), &mut problems) {
        Some(code) if code.eq_ignore_ascii_case("BTC") => Some(Currency::Btc),
        Some(code) if code.eq_ignore_ascii_case("EUR") => Some(Currency::Eur),
        Some(code) => {
            problems.push(Message::TransferCurrency(code));
            None
        }
        None => {
            if !params.has("currency") {
                problems.push(Message::Required("currency"));
            }
            None
        }
    };
    let decimals = currency.map_or(BTC_DECIMALS, Currency::decimals);
    let amount = keep(params.decimal("amount", decimals), &mut problems);
    if !params.has("amount") {
        problems.push(Message::Required("amount"));
    }
    for field in ["price", "direction", "currency_amount"] {
        if params.has(field) {
            problems.push(Message::NotAllowed {
                field,
                kind: Kind::Transfer.as_str(),
            });
        }
    }
    let address = keep(params.text("address"), &mut problems);
    match (currency, &address) {
        (Some(Currency::Btc), None) if !params.has("address") => {
            problems.push(Message::Required("address"));
        }
        (Some(Currency::Btc), Some(address)) if !plausible_address(address) => {
            problems.push(Message::BadAddress);
        }
        (Some(Currency::Eur), _) if params.has("address") => {
            problems.push(Message::AddressForEur);
        }
        _ => {}
    }
    match (problems.is_empty(), currency, amount) {
        (true, Some(currency), Some(amount)) => Ok(Request::Transfer {
            currency,
            amount,
            address,
        }),
        _ => Err(problems),
    }
}

/// `GET /api/v1/user` (scope basic): the account behind the token, with its live
/// balances.
pub async fn user(State(sandbox): State<Sandbox>, headers: HeaderMap) -> Response {
    let account = match bearer::require(&sandbox, &headers, "basic") {
        Ok(account) => account,
        Err(denied) => return denied.into_response(),
    };
    let r = Render(sandbox.decimals());
    let (_market, accounts) = sandbox.exchange();
    let Some(a) = accounts.get(account) else {
        return errors(
            StatusCode::NOT_FOUND,
            lang::negotiate(&headers),
            &[Message::NotFound],
        );
    };
    let mut body = Map::new();
    body.insert("name".into(), a.name.clone().into());
    body.insert("locale".into(), a.locale.clone().into());
    let balances = balances_in_order(&a.balances);
    for (key, value) in BALANCE_KEYS.iter().zip(balances) {
        body.insert((*key).into(), r.money(value));
    }
    body.insert("channel_id".into(), a.channel_id.clone().into());
    json(StatusCode::OK, &Value::Object(body))
}

/// `POST /api/v1/user/orders`: a trade order (scope trade) or a withdrawal (scope
/// withdraw). 201 with the order.
pub async fn place(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let params = read_body(&headers, &body);
    let kind = params
        .as_ref()
        .ok()
        .and_then(|p| p.text("type"))
        .and_then(Result::ok)
        .and_then(|t| Kind::parse(&t));
    let scopes: &[&'static str] = match kind {
        Some(Kind::Transfer) => &["withdraw"],
        Some(_) => &["trade"],
        None => &["trade", "withdraw"],
    };
    let account = match bearer::require_any(&sandbox, &headers, scopes) {
        Ok(account) => account,
        Err(denied) => return denied.into_response(),
    };
    let lang = user_lang(&sandbox, &headers, account);
    let params = match params {
        Ok(params) => params,
        Err(problem) => return errors(StatusCode::BAD_REQUEST, lang, &[problem]),
    };
    let checked = match kind {
        Some(Kind::Transfer) => check_transfer(&params),
        Some(kind) => check_trade(kind, &params),
        None => Err(vec![match params.text("type") {
            None => Message::Required("type"),
            Some(Err(problem)) => problem,
            Some(Ok(text)) => Message::UnknownType(text),
        }]),
    };
    let request = match checked {
        Ok(request) => request,
        Err(problems) => return errors(StatusCode::UNPROCESSABLE_ENTITY, lang, &problems),
    };
    let now = sandbox.now_ms();
    let r = Render(sandbox.decimals());
    let (mut market, mut accounts) = sandbox.exchange();
    match exchange::place(&mut market, &mut accounts, account, request, now) {
        Ok(order) => json(StatusCode::CREATED, &order_json(r, &order)),
        Err(refusal) => refused(lang, refusal),
    }
}

/// The query of `GET /api/v1/user/orders`.
#[derive(Debug, PartialEq, Eq)]
struct Listing {
    offset: usize,
    limit: usize,
    /// `None`: every type.
    types: Option<Vec<String>>,
    active: bool,
}

impl Listing {
    fn parse(query: &str) -> Result<Listing, Vec<Message>> {
        let mut listing = Listing {
            offset: 0,
            limit: DEFAULT_LIMIT,
            types: None,
            active: false,
        };
        let mut problems = Vec::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let bad = |name: &'static str| Message::BadParameter {
                name,
                value: short(&value),
            };
            match key.as_ref() {
                "offset" => match value.parse() {
                    Ok(offset) => listing.offset = offset,
                    Err(_) => problems.push(bad("offset")),
                },
                "limit" => match value.parse() {
                    Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => listing.limit = limit,
                    _ => problems.push(bad("limit")),
                },
                "active" => match value.as_ref() {
                    "true" | "1" => listing.active = true,
                    "false" | "0" => listing.active = false,
                    _ => problems.push(bad("active")),
                },
                name @ ("types[]" | "types") => {
                    let name = if name == "types" { "types" } else { "types[]" };
                    for kind in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                        if ORDER_TYPES.contains(&kind) {
                            listing
                                .types
                                .get_or_insert_with(Vec::new)
                                .push(kind.to_owned());
                        } else {
                            problems.push(Message::BadParameter {
                                name,
                                value: short(kind),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(listing)
        } else {
            Err(problems)
        }
    }

    fn shows(&self, order: &Order) -> bool {
        (!self.active || order.is_open())
            && self
                .types
                .as_ref()
                .is_none_or(|types| types.iter().any(|t| t == order.kind.as_str()))
    }
}

/// `GET /api/v1/user/orders` (scope activity): a page of the account's orders, newest
/// first.
pub async fn orders(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let account = match bearer::require(&sandbox, &headers, "activity") {
        Ok(account) => account,
        Err(denied) => return denied.into_response(),
    };
    let lang = user_lang(&sandbox, &headers, account);
    let listing = match Listing::parse(query.as_deref().unwrap_or("")) {
        Ok(listing) => listing,
        Err(problems) => return errors(StatusCode::UNPROCESSABLE_ENTITY, lang, &problems),
    };
    let r = Render(sandbox.decimals());
    let (_market, accounts) = sandbox.exchange();
    let Some(owner) = accounts.get(account) else {
        return refused(lang, Refusal::NotFound);
    };
    let page: Vec<Value> = owner
        .orders
        .iter()
        .filter(|o| listing.shows(o))
        .skip(listing.offset)
        .take(listing.limit)
        .map(|o| order_json(r, o))
        .collect();
    json(StatusCode::OK, &Value::Array(page))
}

/// The order's UUID from the path; a malformed one is just an order that is not there.
fn uuid_of(path: Result<Path<String>, PathRejection>) -> Result<Uuid, Refusal> {
    path.ok()
        .and_then(|Path(text)| Uuid::try_parse(&text).ok())
        .ok_or(Refusal::NotFound)
}

/// `GET /api/v1/user/orders/{uuid}` (scope activity).
pub async fn order(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let account = match bearer::require(&sandbox, &headers, "activity") {
        Ok(account) => account,
        Err(denied) => return denied.into_response(),
    };
    let lang = user_lang(&sandbox, &headers, account);
    let uuid = match uuid_of(path) {
        Ok(uuid) => uuid,
        Err(refusal) => return refused(lang, refusal),
    };
    let r = Render(sandbox.decimals());
    let (_market, accounts) = sandbox.exchange();
    match exchange::find(&accounts, account, uuid) {
        Some(order) => json(StatusCode::OK, &order_json(r, order)),
        None => refused(lang, Refusal::NotFound),
    }
}

/// `DELETE /api/v1/user/orders/{uuid}/cancel` (scope trade): 200 with the canceled
/// order.
pub async fn cancel(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    act_on_order(
        &sandbox,
        &headers,
        path,
        "trade",
        |market, accounts, account, uuid, now| {
            exchange::cancel(market, accounts, account, uuid, now)
        },
    )
}

/// `POST /_sandbox/orders/{uuid}/confirm` (scope withdraw): what the link in the
/// confirmation e-mail does. 200 with the executed withdrawal.
pub async fn confirm(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    act_on_order(
        &sandbox,
        &headers,
        path,
        "withdraw",
        |_, accounts, account, uuid, now| exchange::confirm(accounts, account, uuid, now),
    )
}

/// The steps around an action on one of the user's orders: the bearer token with
/// `scope`, the order's UUID from the path, then 200 with the order `act` returns, or
/// its refusal in the user's language.
fn act_on_order(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    path: Result<Path<String>, PathRejection>,
    scope: &'static str,
    act: impl FnOnce(&mut Market, &mut Accounts, usize, Uuid, i64) -> Result<Order, Refusal>,
) -> Response {
    let account = match bearer::require(sandbox, headers, scope) {
        Ok(account) => account,
        Err(denied) => return denied.into_response(),
    };
    let lang = user_lang(sandbox, headers, account);
    let uuid = match uuid_of(path) {
        Ok(uuid) => uuid,
        Err(refusal) => return refused(lang, refusal),
    };
    let now = sandbox.now_ms();
    let r = Render(sandbox.decimals());
    let (mut market, mut accounts) = sandbox.exchange();
    match act(&mut market, &mut accounts, account, uuid, now) {
        Ok(order) => json(StatusCode::OK, &order_json(r, &order)),
        Err(refusal) => refused(lang, refusal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &str) -> Params {
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        read_body(&headers, body.as_bytes()).unwrap()
    }

    #[test]
    fn decimals_as_people_write_them() {
        for (text, value) in [("1", "1"), ("0.5", "0.5"), ("300.0", "300.0"), ("-2", "-2")] {
            assert_eq!(plain_decimal(text), Some(value.parse().unwrap()), "{text}");
        }
        for text in [".5", "5.", "1e3", "+1", "0x10", "", "-", "1.2.3", " 1", "١"] {
            assert_eq!(plain_decimal(text), None, "{text}");
        }
        let p = form("a=1.123456789&b=0&c=2000000000&d=0.00000001");
        assert!(matches!(
            p.decimal("a", 8),
            Some(Err(Message::TooManyDecimals { .. }))
        ));
        assert!(matches!(
            p.decimal("b", 8),
            Some(Err(Message::NotPositive(_)))
        ));
        assert!(matches!(
            p.decimal("c", 8),
            Some(Err(Message::TooLarge { .. }))
        ));
        assert!(matches!(p.decimal("d", 8), Some(Ok(_))));
        assert!(p.decimal("e", 8).is_none());
    }

    #[test]
    fn json_numbers_in_any_notation() {
        let headers = HeaderMap::new();
        let body = br#"{"a": 1e-3, "b": 1.5E+2, "c": 1e-40, "d": 1e40, "e": 1e999999, "f": 123456789012345678901234567890.5}"#;
        let p = read_body(&headers, body).unwrap();
        assert!(matches!(p.decimal("a", 8), Some(Ok(v)) if v == Decimal::new(1, 3)));
        assert!(matches!(p.decimal("b", 8), Some(Ok(v)) if v == Decimal::new(150, 0)));
        assert!(matches!(p.decimal("c", 8), Some(Err(_))));
        assert!(matches!(p.decimal("d", 8), Some(Err(_))));
        assert!(matches!(p.decimal("e", 8), Some(Err(_))));
        assert!(matches!(p.decimal("f", 8), Some(Err(_))));
    }

    #[test]
    fn bodies_by_content_type() {
        let mut headers = HeaderMap::new();
        let json = br#"{"amount": 0.5, "price": "1", "direction": null, "x": [1]}"#;
        let p = read_body(&headers, json).unwrap();
        assert_eq!(p.0.get("amount"), Some(&Field::Number("0.5".into())));
        assert!(!p.has("direction"));
        assert!(matches!(
            p.text("x"),
            Some(Err(Message::BadParameter { .. }))
        ));
        assert!(read_body(&headers, b"amount=1").unwrap().has("amount"));
        headers.insert(
            CONTENT_TYPE,
            "application/json; charset=utf-8".parse().unwrap(),
        );
        assert!(matches!(
            read_body(&headers, b"{"),
            Err(Message::BadJson { .. })
        ));
        assert!(matches!(
            read_body(&headers, b"[1]"),
            Err(Message::NotAnObject)
        ));
        headers.insert(CONTENT_TYPE, "text/plain".parse().unwrap());
        assert!(matches!(
            read_body(&headers, b"x"),
            Err(Message::UnreadableBody)
        ));
    }

    #[test]
    fn listing_queries() {
        assert_eq!(
            Listing::parse("offset=20&types[]=LimitOrder&types=Transfer,MarketOrder&active=true")
                .unwrap(),
            Listing {
                offset: 20,
                limit: DEFAULT_LIMIT,
                types: Some(vec![
                    "LimitOrder".into(),
                    "Transfer".into(),
                    "MarketOrder".into()
                ]),
                active: true,
            }
        );
        assert_eq!(Listing::parse("").unwrap().limit, 20);
        assert_eq!(Listing::parse("limit=100").unwrap().limit, 100);
        let problems = Listing::parse("offset=-1&limit=101&active=yes&types[]=Nope").unwrap_err();
        assert_eq!(problems.len(), 4);
        assert!(Listing::parse("limit=0").is_err());
    }

    #[test]
    fn order_times_have_milliseconds() {
        assert_eq!(time(1_385_047_624_000), "2013-11-21T15:27:04.000Z");
        assert_eq!(time(1_389_262_920_858), "2014-01-09T10:22:00.858Z");
    }
}
