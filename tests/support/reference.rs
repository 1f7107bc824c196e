//! The old decoder, kept as a test-only reference: the serde models and visitors that
//! decoded the exchange's answers before the schema walk (`src/schema.rs`) replaced
//! them, as they were at commit b3f688a (`src/model.rs`, `src/decimal.rs`,
//! `src/decode.rs`): serde derives, serde_json with `arbitrary_precision` (a number
//! reaches a visitor as its text), `serde_path_to_error` for the failing field's path.
//!
//! Nothing here is the library's code: `tests/differential.rs` and the `differential`
//! fuzz target (both through `fuzz/src/differential.rs`) feed the same bytes to this
//! and to the new decoder and require the same verdict. Change it only to make it more
//! faithful to the old code, never to make a comparison pass.
//!
//! One choice: the old `decode` read a `&str` (the body after `fetch`'s `text()`); here
//! serde_json reads the bytes themselves (`from_slice`), which is the same grammar
//! except that invalid UTF-8 inside a string is refused rather than replaced by U+FFFD.
//! The differential compares decoders on the same bytes, so that is the fair reading.
#![allow(dead_code)] // Each includer uses a different part.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

// ---- src/decimal.rs (old) -------------------------------------------------------------

/// The key serde_json uses to hand over a number's text (`arbitrary_precision`).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Parses decimal text exactly: JSON number syntax (`-5.5556`, `680.0`, `1.5e-7`).
pub fn parse_exact(text: &str) -> Result<Decimal, String> {
    if !is_number_syntax(text) {
        return Err(format!("{text:?} is not a decimal number"));
    }
    let parsed = match text.split_once(['e', 'E']) {
        Some((base, exponent)) => scientific(base, exponent),
        None => Decimal::from_str_exact(text).ok(),
    };
    parsed.ok_or_else(|| format!("{text:?} does not fit an exact decimal (28 significant digits)"))
}

/// `base` × 10^`exponent`, exactly.
fn scientific(base: &str, exponent: &str) -> Option<Decimal> {
    let mut value = Decimal::from_str_exact(base).ok()?;
    let scale = i64::from(value.scale()) - exponent.parse::<i64>().ok()?;
    if scale >= 0 {
        value.set_scale(u32::try_from(scale).ok()?).ok()?;
        return Some(value);
    }
    let zeros = u32::try_from(-scale)
        .ok()
        .filter(|&z| z <= Decimal::MAX_SCALE)?;
    value.set_scale(0).ok()?;
    value.checked_mul(Decimal::from_i128_with_scale(10i128.pow(zeros), 0))
}

/// `-?digits(.digits)?([eE][+-]?digits)?` (leading zeros allowed).
fn is_number_syntax(text: &str) -> bool {
    fn digits(s: &[u8]) -> usize {
        s.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut s = text.as_bytes();
    if let [b'-', rest @ ..] = s {
        s = rest;
    }
    let n = digits(s);
    if n == 0 {
        return false;
    }
    s = &s[n..];
    if let [b'.', rest @ ..] = s {
        let n = digits(rest);
        if n == 0 {
            return false;
        }
        s = &rest[n..];
    }
    if let [b'e' | b'E', rest @ ..] = s {
        let rest = match rest {
            [b'+' | b'-', r @ ..] => r,
            r => r,
        };
        let n = digits(rest);
        if n == 0 {
            return false;
        }
        s = &rest[n..];
    }
    s.is_empty()
}

struct ExactDecimal;

impl<'de> Visitor<'de> for ExactDecimal {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number or a decimal string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse_exact(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
        let text = number_text(map, &self)?;
        parse_exact(&text).map_err(de::Error::custom)
    }
}

/// The text of a JSON number, as `arbitrary_precision` hands it to `visit_map`.
fn number_text<'de, A: MapAccess<'de>>(
    mut map: A,
    expected: &dyn de::Expected,
) -> Result<String, A::Error> {
    match map.next_key::<String>()? {
        Some(key) if key == NUMBER_TOKEN => map.next_value(),
        _ => Err(de::Error::invalid_type(de::Unexpected::Map, expected)),
    }
}

struct OptionalExactDecimal;

impl<'de> Visitor<'de> for OptionalExactDecimal {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number, a decimal string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<Decimal>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<Decimal>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Decimal>, D::Error> {
        exact(d).map(Some)
    }
}

/// A required decimal.
fn exact<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(ExactDecimal)
}

/// A decimal the server may send as `null`. The field must still be present.
fn exact_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_option(OptionalExactDecimal)
}

// ---- src/model.rs (old) ---------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Ticker {
    pub currency: String,
    pub at: i64,
    #[serde(deserialize_with = "exact_or_null")]
    pub price: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub bid: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub ask: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub midpoint: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub volume: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub variation: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub high: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub low: Option<Decimal>,
    #[serde(deserialize_with = "exact_or_null")]
    pub vwap: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Trade {
    pub uuid: String,
    pub currency: String,
    pub created_at: String,
    pub created_at_int: i64,
    #[serde(deserialize_with = "exact")]
    pub price: Decimal,
    #[serde(deserialize_with = "exact")]
    pub traded_btc: Decimal,
    #[serde(deserialize_with = "exact")]
    pub traded_currency: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Depth {
    pub bids: Vec<DepthLevel>,
    pub asks: Vec<DepthLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct DepthLevel {
    pub timestamp: i64,
    #[serde(deserialize_with = "exact")]
    pub price: Decimal,
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChartsTrade {
    pub date: i64,
    #[serde(deserialize_with = "exact")]
    pub price: Decimal,
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    #[serde(deserialize_with = "id_text")]
    pub tid: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChartsDepth {
    pub bids: Vec<ChartsLevel>,
    pub asks: Vec<ChartsLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ChartsLevel(
    #[serde(deserialize_with = "exact")] pub Decimal,
    #[serde(deserialize_with = "exact")] pub Decimal,
);

/// An identifier sent as a JSON integer or string, kept as its exact text.
fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    struct IdText;
    impl<'de> Visitor<'de> for IdText {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string")
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_u64<E: Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: Error>(self, v: i64) -> Result<String, E> {
            u64::try_from(v)
                .map(|v| v.to_string())
                .map_err(|_| E::custom(format!("{v} is not an integer ID")))
        }
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

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct User {
    pub name: String,
    pub locale: String,
    #[serde(deserialize_with = "exact")]
    pub balance_btc: Decimal,
    #[serde(deserialize_with = "exact")]
    pub locked_btc: Decimal,
    #[serde(deserialize_with = "exact")]
    pub balance_eur: Decimal,
    #[serde(deserialize_with = "exact")]
    pub locked_eur: Decimal,
}

/// A closed list of names plus whatever name the exchange adds later, kept as sent.
macro_rules! named {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(d)?;
                Ok($name::from(text.as_ref()))
            }
        }
    };
}

named! {
    OrderType {
        WireDeposit = "WireDeposit",
        BitcoinDeposit = "BitcoinDeposit",
        LimitOrder = "LimitOrder",
        MarketOrder = "MarketOrder",
        Transfer = "Transfer",
        AdminOrder = "AdminOrder",
    }
}

named! {
    OrderState {
        PendingExecution = "pending_execution",
        Pending = "pending",
        Processing = "processing",
        Authorized = "authorized",
        Active = "active",
        Filled = "filled",
        Executed = "executed",
        Canceled = "canceled",
    }
}

named! {
    Currency {
        Eur = "EUR",
        Btc = "BTC",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Buy,
    Sell,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct AccountOperation {
    pub uuid: String,
    pub name: String,
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    pub currency: Currency,
    pub created_at: String,
    pub created_at_int: i64,
    pub is_trading_account: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Order {
    pub uuid: String,
    #[serde(rename(deserialize = "type", serialize = "type"))]
    pub order_type: OrderType,
    pub currency: Currency,
    pub created_at: String,
    pub updated_at: String,
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    pub state: OrderState,
    #[serde(deserialize_with = "exact")]
    pub currency_fee: Decimal,
    #[serde(deserialize_with = "exact")]
    pub btc_fee: Decimal,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub account_operations: Vec<AccountOperation>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default, deserialize_with = "exact_or_null")]
    pub price: Option<Decimal>,
    #[serde(default, deserialize_with = "exact_or_null")]
    pub traded_btc: Option<Decimal>,
    #[serde(default, deserialize_with = "exact_or_null")]
    pub traded_currency: Option<Decimal>,
}

// ---- src/decode.rs (old) --------------------------------------------------------------

/// The old `decode`, minus the HTTP status and content type: the body into `T`, with
/// the failing field's path, and nothing but whitespace after it. The error is the
/// path and serde_json's message (`bids[1].price: ...`).
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut json = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut json)
        .map_err(|e| format!("{}: {}", field_path(&e.path().to_string()), e.inner()))?;
    json.end().map_err(|e| format!(": {e}"))?;
    Ok(value)
}

/// `bids[3].price`, or empty for the body as a whole (as the old `field_path`).
fn field_path(path: &str) -> String {
    let path = path
        .trim_end_matches("$serde_json::private::Number")
        .trim_end_matches('.');
    let path = path.trim_end_matches('?').trim_end_matches('.');
    path.to_owned()
}

/// What the old JS side received: the model serialized by serde_json (camelCase,
/// `type`, every `Decimal` a string, `null` kept), as a JSON value.
pub fn to_plain<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("an old model serializes")
}

/// The old decoder's verdict on `body` as model `T`: what JS received, or the error.
pub fn plain<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<Value, String> {
    decode::<T>(body).map(|value| to_plain(&value))
}

pub fn ticker(body: &[u8]) -> Result<Value, String> {
    plain::<Ticker>(body)
}

pub fn trades(body: &[u8]) -> Result<Value, String> {
    plain::<Vec<Trade>>(body)
}

pub fn depth(body: &[u8]) -> Result<Value, String> {
    plain::<Depth>(body)
}

pub fn charts_trades(body: &[u8]) -> Result<Value, String> {
    plain::<Vec<ChartsTrade>>(body)
}

pub fn charts_depth(body: &[u8]) -> Result<Value, String> {
    plain::<ChartsDepth>(body)
}

pub fn user(body: &[u8]) -> Result<Value, String> {
    plain::<User>(body)
}

pub fn orders(body: &[u8]) -> Result<Value, String> {
    plain::<Vec<Order>>(body)
}

pub fn order(body: &[u8]) -> Result<Value, String> {
    plain::<Order>(body)
}

/// The old `error_messages`: the messages of `{"errors": [...]}` or `{"errors": "..."}`;
/// anything else gives none.
pub fn error_messages(body: &[u8]) -> Vec<String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Messages {
        Many(Vec<String>),
        One(String),
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        errors: Messages,
    }
    let Ok(body @ Value::Object(_)) = serde_json::from_slice(body) else {
        return Vec::new();
    };
    match ErrorBody::deserialize(body) {
        Ok(ErrorBody {
            errors: Messages::Many(all),
        }) => all,
        Ok(ErrorBody {
            errors: Messages::One(one),
        }) => vec![one],
        Err(_) => Vec::new(),
    }
}
