//! The spec's endpoints: paths, fields and error bodies. The JSON is written here,
//! field by field in the spec's order, so a reader can hold it against the spec.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value, json};

use crate::book::Level;
use crate::i18n::{Lang, Message};
use crate::market::TradeRecord;
use crate::{DecimalStyle, Sandbox};

/// Currencies the sandbox trades against BTC (path segment, code).
const CURRENCIES: [(&str, &str); 1] = [("eur", "EUR")];
/// How many trades `/trades` lists.
const LATEST_TRADES: usize = 50;
/// How many trades a Bitcoin Charts page holds.
const CHARTS_TRADES: usize = 500;

pub fn router() -> Router<Sandbox> {
    Router::new()
        .route("/api/v1/data/{currency}/ticker", get(ticker))
        .route("/api/v1/data/{currency}/trades", get(trades))
        .route("/api/v1/data/{currency}/depth", get(depth))
        .route(
            "/api/v1/bitcoin_charts/{currency}/trades",
            get(charts_trades),
        )
        .route("/api/v1/bitcoin_charts/{currency}/depth", get(charts_depth))
        .route(
            "/api/oauth/authorize",
            get(crate::authz::authorize).post(crate::authz::decide),
        )
        .route("/api/oauth/token", axum::routing::post(crate::authz::token))
        .route("/api/v1/user", get(user))
        .route(
            "/api/v1/user/orders",
            get(crate::user_api::orders).post(crate::user_api::place),
        )
        .route("/api/v1/user/orders/{uuid}", get(crate::user_api::order))
        .route(
            "/api/v1/user/orders/{uuid}/cancel",
            delete(crate::user_api::cancel),
        )
        .route(
            "/_sandbox/orders/{uuid}/confirm",
            post(crate::user_api::confirm),
        )
        .route("/api/{*rest}", any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
}

/// A JSON answer, with the exchange's content type.
pub fn json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

/// The spec's error body: `{"errors": ["…"]}`.
pub fn errors(status: StatusCode, lang: Lang, messages: &[Message]) -> Response {
    let texts: Vec<String> = messages.iter().map(|m| m.text(lang)).collect();
    json(status, &json!({ "errors": texts }))
}

pub async fn not_found(headers: HeaderMap) -> Response {
    errors(
        StatusCode::NOT_FOUND,
        Lang::negotiate(&headers),
        &[Message::NotFound],
    )
}

pub(crate) async fn method_not_allowed(headers: HeaderMap) -> Response {
    errors(
        StatusCode::METHOD_NOT_ALLOWED,
        Lang::negotiate(&headers),
        &[Message::MethodNotAllowed],
    )
}

pub fn rate_limited(lang: Lang, limit: u64, retry_after_secs: u64) -> Response {
    let mut response = errors(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        &[Message::RateLimited { retry_after_secs }],
    );
    let headers = response.headers_mut();
    headers.insert(crate::X_RATELIMIT_LIMIT, limit.into());
    headers.insert(crate::X_RATELIMIT_REMAINING, 0.into());
    headers.insert(crate::RETRY_AFTER, retry_after_secs.into());
    response
}

/// A refused call: its status and message, in the caller's language.
pub struct Refusal(StatusCode, Lang, Message);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        errors(self.0, self.1, &[self.2])
    }
}

/// The currency code for a path segment, or the 422 the exchange gives otherwise.
fn currency(segment: &str, headers: &HeaderMap) -> Result<&'static str, Refusal> {
    CURRENCIES
        .iter()
        .find(|(path, _)| *path == segment)
        .map(|(_, code)| *code)
        .ok_or_else(|| {
            Refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                Lang::negotiate(headers),
                Message::UnknownCurrency(segment.to_owned()),
            )
        })
}

/// Writes decimals as the sandbox was told to: JSON numbers with the Decimal's exact
/// digits, or strings.
#[derive(Clone, Copy)]
pub(crate) struct Render(pub(crate) DecimalStyle);

impl Render {
    pub(crate) fn dec(self, value: Decimal) -> Value {
        let text = value.to_string();
        match self.0 {
            DecimalStyle::String => Value::String(text),
            DecimalStyle::Number => text
                .parse::<Number>()
                .map_or(Value::String(text), Value::Number),
        }
    }

    fn opt(self, value: Option<Decimal>) -> Value {
        value.map_or(Value::Null, |v| self.dec(v))
    }

    /// An account's amount as the spec's user answers write them: without trailing
    /// zeros, but with at least one decimal (`1.0`, `0.0`, `-300.0`, `25.78866278`).
    pub(crate) fn money(self, value: Decimal) -> Value {
        let mut value = value.normalize();
        if value.scale() == 0 {
            value.rescale(1);
        }
        self.dec(value)
    }

    fn trade(self, trade: &TradeRecord, code: &str) -> Value {
        json!({
            "uuid": trade.uuid.to_string(),
            "traded_btc": self.dec(trade.amount),
            "traded_currency": self.dec(trade.currency_amount),
            "created_at": rfc3339(trade.at),
            "currency": code,
            "price": self.dec(trade.price),
            "created_at_int": trade.at,
        })
    }

    fn level(self, level: &Level, code: &str) -> Value {
        json!({
            "timestamp": level.at,
            "amount": self.dec(level.amount),
            "price": self.dec(level.price),
            "currency": code,
        })
    }
}

/// `2014-01-07T11:30:59Z`, as the exchange writes `created_at`.
fn rfc3339(unix_secs: i64) -> String {
    let secs = u64::try_from(unix_secs).unwrap_or(0);
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    humantime::format_rfc3339_seconds(time).to_string()
}

async fn ticker(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let code = currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let s = sandbox.market().summary();
    let mut body = Map::new();
    for (key, value) in [
        ("high", r.opt(s.high)),
        ("low", r.opt(s.low)),
        ("volume", r.dec(s.volume)),
        ("bid", r.opt(s.bid)),
        ("ask", r.opt(s.ask)),
        ("midpoint", r.opt(s.midpoint)),
        ("at", s.at.into()),
        ("price", r.opt(s.price)),
        ("vwap", r.opt(s.vwap)),
        ("variation", r.opt(s.variation)),
        ("currency", code.into()),
    ] {
        body.insert(key.to_owned(), value);
    }
    Ok(json(StatusCode::OK, &Value::Object(body)))
}

async fn trades(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let code = currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let market = sandbox.market();
    let trades: Vec<Value> = market
        .latest_trades(LATEST_TRADES)
        .map(|t| r.trade(t, code))
        .collect();
    Ok(json(StatusCode::OK, &Value::Array(trades)))
}

async fn depth(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let code = currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let (bids, asks) = sandbox.market().depth();
    let side = |levels: &[Level]| levels.iter().map(|l| r.level(l, code)).collect::<Vec<_>>();
    Ok(json(
        StatusCode::OK,
        &json!({ "bids": side(&bids), "asks": side(&asks) }),
    ))
}

/// Bitcoin Charts trades: `[{date, price, amount, tid}]`, oldest first; `?since=<tid>`
/// lists the trades after that one.
async fn charts_trades(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    currency(&segment, &headers)?;
    let since = match query.get("since") {
        None => None,
        Some(text) => Some(text.parse::<u64>().map_err(|_| {
            Refusal(
                StatusCode::BAD_REQUEST,
                Lang::negotiate(&headers),
                Message::BadParameter {
                    name: "since",
                    value: text.clone(),
                },
            )
        })?),
    };
    let r = Render(sandbox.decimals());
    let market = sandbox.market();
    let row = |t: &TradeRecord| json!({ "date": t.at, "price": r.dec(t.price), "amount": r.dec(t.amount), "tid": t.tid });
    let trades: Vec<Value> = match since {
        Some(since) => market.trades_since(since, CHARTS_TRADES).map(row).collect(),
        None => market.latest_trades(CHARTS_TRADES).map(row).collect(),
    };
    Ok(json(StatusCode::OK, &Value::Array(trades)))
}

/// Bitcoin Charts depth: `{"bids": [[price, amount]], "asks": [...]}`, best first.
async fn charts_depth(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let (bids, asks) = sandbox.market().depth();
    let pair = |l: &Level| json!([r.dec(l.price), r.dec(l.amount)]);
    Ok(json(
        StatusCode::OK,
        &json!({
            "bids": bids.iter().rev().map(pair).collect::<Vec<_>>(),
            "asks": asks.iter().map(pair).collect::<Vec<_>>(),
        }),
    ))
}

/// `GET /api/v1/user` (scope basic): the account behind the token, with its live
/// balances.
async fn user(State(sandbox): State<Sandbox>, headers: HeaderMap) -> Response {
    let account = match crate::authz::require(&sandbox, &headers, "basic") {
        Ok(account) => account,
        Err(denied) => return denied.into_response(),
    };
    let r = Render(sandbox.decimals());
    let (_market, accounts) = sandbox.exchange();
    let Some(a) = accounts.get(account) else {
        return errors(
            StatusCode::NOT_FOUND,
            Lang::negotiate(&headers),
            &[Message::NotFound],
        );
    };
    let b = &a.balances;
    json(
        StatusCode::OK,
        &json!({
            "name": a.name,
            "locale": a.locale,
            "balance_btc": r.money(b.balance_btc),
            "locked_btc": r.money(b.locked_btc),
            "balance_eur": r.money(b.balance_eur),
            "locked_eur": r.money(b.locked_eur),
        }),
    )
}
