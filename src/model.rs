//! The exchange's public objects, as Rust types.
//!
//! Each struct is read from the server's snake_case JSON (`traded_btc`) and written to
//! JS as camelCase (`tradedBtc`): one definition serves both directions, so the
//! TypeScript interfaces in `js/types.d.ts` mirror these fields one to one.
//!
//! Money is [`Decimal`], exact to the digit the server sent and serialized as a string.
//! Fields the server may send as `null` are `Option` and stay `null`; a field that is
//! missing altogether is a decode error, never a default.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::decimal::{exact, exact_or_null, number_text};

/// `GET /api/v1/data/{currency}/ticker`: the latest 24-hour market summary.
///
/// Every figure but `currency` and `at` may be `null` (for example `bid` on an empty
/// book, or the 24h figures of a market without trades).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Ticker {
    /// Currency code, e.g. `"EUR"`.
    pub currency: String,
    /// When the ticker was computed (Unix seconds).
    pub at: i64,
    /// Price of the latest trade.
    #[serde(deserialize_with = "exact_or_null")]
    pub price: Option<Decimal>,
    /// Best bid price.
    #[serde(deserialize_with = "exact_or_null")]
    pub bid: Option<Decimal>,
    /// Best ask price.
    #[serde(deserialize_with = "exact_or_null")]
    pub ask: Option<Decimal>,
    /// Midpoint between the best bid and the best ask.
    #[serde(deserialize_with = "exact_or_null")]
    pub midpoint: Option<Decimal>,
    /// 24h volume in BTC.
    #[serde(deserialize_with = "exact_or_null")]
    pub volume: Option<Decimal>,
    /// 24h variation, in percent (`-5.5556` is −5.5556 %).
    #[serde(deserialize_with = "exact_or_null")]
    pub variation: Option<Decimal>,
    /// 24h high price.
    #[serde(deserialize_with = "exact_or_null")]
    pub high: Option<Decimal>,
    /// 24h low price.
    #[serde(deserialize_with = "exact_or_null")]
    pub low: Option<Decimal>,
    /// 24h volume-weighted average price.
    #[serde(deserialize_with = "exact_or_null")]
    pub vwap: Option<Decimal>,
}

/// One executed trade of `GET /api/v1/data/{currency}/trades`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Trade {
    /// Unique ID of the trade.
    pub uuid: String,
    /// Currency code, e.g. `"EUR"`.
    pub currency: String,
    /// When the trade happened, as the API gives it (`"2014-01-07T11:30:59Z"`).
    pub created_at: String,
    /// The same instant in Unix seconds.
    pub created_at_int: i64,
    /// Price per BTC.
    #[serde(deserialize_with = "exact")]
    pub price: Decimal,
    /// Amount of BTC traded.
    #[serde(deserialize_with = "exact")]
    pub traded_btc: Decimal,
    /// Amount of currency traded.
    #[serde(deserialize_with = "exact")]
    pub traded_currency: Decimal,
}

/// `GET /api/v1/data/{currency}/depth`: the order book, grouped by price.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Depth {
    pub bids: Vec<DepthLevel>,
    pub asks: Vec<DepthLevel>,
}

/// One price level of the order book.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct DepthLevel {
    /// When the level last changed (Unix seconds).
    pub timestamp: i64,
    /// Price of the level.
    #[serde(deserialize_with = "exact")]
    pub price: Decimal,
    /// BTC amount at that price.
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    /// Currency code, e.g. `"EUR"`.
    pub currency: String,
}

/// One trade of `GET /api/v1/bitcoin_charts/{currency}/trades`, in the Bitcoin Charts
/// exchange format.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChartsTrade {
    /// When the trade happened (Unix seconds).
    pub date: i64,
    /// Price per BTC.
    #[serde(deserialize_with = "exact")]
    pub price: Decimal,
    /// BTC amount.
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    /// Trade ID. Kept as text: servers send it as a number or a string, and a number
    /// may be larger than JS can hold exactly.
    #[serde(deserialize_with = "id_text")]
    pub tid: String,
}

/// `GET /api/v1/bitcoin_charts/{currency}/depth`, in the Bitcoin Charts format.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChartsDepth {
    pub bids: Vec<ChartsLevel>,
    pub asks: Vec<ChartsLevel>,
}

/// A `[price, amount]` pair of the Bitcoin Charts depth.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChartsLevel(
    #[serde(deserialize_with = "exact")] pub Decimal,
    #[serde(deserialize_with = "exact")] pub Decimal,
);

impl ChartsLevel {
    pub fn price(&self) -> Decimal {
        self.0
    }

    pub fn amount(&self) -> Decimal {
        self.1
    }
}

/// An identifier sent as a JSON integer or string, kept as its exact text.
fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::{Error, MapAccess, Visitor};
    struct IdText;
    impl<'de> Visitor<'de> for IdText {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an integer or a string")
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        // serde_json's arbitrary_precision hands numbers over as their text.
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
            let text = number_text(map, &self)?;
            if text.bytes().all(|b| b.is_ascii_digit()) {
                Ok(text)
            } else {
                Err(A::Error::custom(format!("{text} is not an integer ID")))
            }
        }
    }
    d.deserialize_any(IdText)
}

/// `GET /api/v1/user`: the logged-in user's account and balances.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct User {
    /// Account number, e.g. `"BC-U123456"`.
    pub name: String,
    /// The user's language, e.g. `"en"`.
    pub locale: String,
    /// Available BTC.
    #[serde(deserialize_with = "exact")]
    pub balance_btc: Decimal,
    /// BTC locked in open orders.
    #[serde(deserialize_with = "exact")]
    pub locked_btc: Decimal,
    /// Available EUR.
    #[serde(deserialize_with = "exact")]
    pub balance_eur: Decimal,
    /// EUR locked in open orders.
    #[serde(deserialize_with = "exact")]
    pub locked_eur: Decimal,
}
