//! The spec's public market data: `/api/v1/data/{currency}/ticker`, `/trades` and
//! `/depth`, and the Bitcoin Charts `/api/v1/bitcoin_charts/{currency}/trades` and
//! `/depth`. The JSON is written here, field by field in the spec's order, so a reader
//! can hold it against the spec.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::domain::book::Level;
use crate::domain::i18n::Message;
use crate::domain::market::{Summary, TradeRecord};
use crate::domain::sandbox::Sandbox;
use crate::http::currency::currency;
use crate::http::lang;
use crate::http::render::{Render, rfc3339};
use crate::http::respond::{Refusal, json};

/// How many trades `/trades` lists.
const LATEST_TRADES: usize = 50;
/// How many trades a Bitcoin Charts page holds.
const CHARTS_TRADES: usize = 500;

/// A trade as `/trades` lists it (and the stream's `trades`).
pub fn trade_json(r: Render, trade: &TradeRecord, code: &str) -> Value {
    json!({
        "uuid": trade.uuid.to_string(),
        "traded_btc": r.dec(trade.amount),
        "traded_currency": r.dec(trade.currency_amount),
        "created_at": rfc3339(trade.at),
        "currency": code,
        "price": r.dec(trade.price),
        "created_at_int": trade.at,
    })
}

/// A level of the book as `/depth` lists it (and the stream's `bids` and `asks`).
pub fn level_json(r: Render, level: &Level, code: &str) -> Value {
    json!({
        "timestamp": level.at,
        "amount": r.dec(level.amount),
        "price": r.dec(level.price),
        "currency": code,
    })
}

/// `GET /api/v1/data/{currency}/ticker`: the market's summary, in the spec's field
/// order.
pub async fn ticker(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let code = currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let s = sandbox.market().summary();
    Ok(json(StatusCode::OK, &ticker_json(r, &s, code)))
}

/// The ticker as `/ticker` writes it (and the stream's `ticker`), in the spec's field
/// order.
pub fn ticker_json(r: Render, s: &Summary, code: &str) -> Value {
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
    Value::Object(body)
}

/// `GET /api/v1/data/{currency}/trades`: the latest trades, oldest first.
pub async fn trades(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let code = currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let market = sandbox.market();
    let trades: Vec<Value> = market
        .latest_trades(LATEST_TRADES)
        .map(|t| trade_json(r, t, code))
        .collect();
    Ok(json(StatusCode::OK, &Value::Array(trades)))
}

/// `GET /api/v1/data/{currency}/depth`: the book's levels, bids and asks, each in
/// ascending price.
pub async fn depth(
    State(sandbox): State<Sandbox>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let code = currency(&segment, &headers)?;
    let r = Render(sandbox.decimals());
    let (bids, asks) = sandbox.market().depth();
    let side = |levels: &[Level]| {
        levels
            .iter()
            .map(|l| level_json(r, l, code))
            .collect::<Vec<_>>()
    };
    Ok(json(
        StatusCode::OK,
        &json!({ "bids": side(&bids), "asks": side(&asks) }),
    ))
}

/// Bitcoin Charts trades: `[{date, price, amount, tid}]`, oldest first; `?since=<tid>`
/// lists the trades after that one.
pub async fn charts_trades(
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
                lang::negotiate(&headers),
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
pub async fn charts_depth(
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
