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
        // serde_json hands a negative integer here, and no ID is negative (a longer
        // one, through `visit_map`, is refused too).
        fn visit_i64<E: Error>(self, v: i64) -> Result<String, E> {
            u64::try_from(v)
                .map(|v| v.to_string())
                .map_err(|_| E::custom(format!("{v} is not an integer ID")))
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

/// A closed list of names the exchange uses, plus whatever name it adds later: an
/// unknown name is kept as it was sent, never dropped and never an error.
macro_rules! named {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A name this version of the library does not know, as sent.
            Other(String),
        }

        impl $name {
            /// The name as the API writes it.
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

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named! {
    /// What kind of order (the spec's "Order types", and `MarketOrder`).
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
    /// Where an order is in its life (the spec's "Order states").
    OrderState {
        /// Queued, pending execution.
        PendingExecution = "pending_execution",
        /// Pending, such as an unconfirmed withdrawal.
        Pending = "pending",
        Processing = "processing",
        /// Authorized, such as a confirmed withdrawal.
        Authorized = "authorized",
        /// In the order book.
        Active = "active",
        /// Completely filled.
        Filled = "filled",
        Executed = "executed",
        Canceled = "canceled",
    }
}

named! {
    /// A currency of the exchange.
    Currency {
        Eur = "EUR",
        Btc = "BTC",
    }
}

/// Buy or sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Buy,
    Sell,
}

impl Direction {
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::Buy => "buy",
            Direction::Sell => "sell",
        }
    }
}

/// One movement of money on an account, part of an order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct AccountOperation {
    pub uuid: String,
    /// What it is: `lock`, `unlock`, `trade`, `fee`, `bitcoin_transfer`, ...
    pub name: String,
    /// Signed: negative leaves the account.
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    pub currency: Currency,
    /// As the API gives it (`"2013-10-22T19:12:02.000Z"`).
    pub created_at: String,
    /// The same instant in Unix seconds.
    pub created_at_int: i64,
    /// Whether the trading account (rather than the main one) is concerned.
    pub is_trading_account: bool,
}

/// An order of the user: a trade order, a transfer, a deposit... Trade orders also
/// carry `direction`, `price`, `traded_btc` and `traded_currency`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct Order {
    pub uuid: String,
    #[serde(rename(deserialize = "type", serialize = "type"))]
    pub order_type: OrderType,
    pub currency: Currency,
    pub created_at: String,
    pub updated_at: String,
    /// The order's amount: BTC for a trade order, the transferred amount otherwise.
    #[serde(deserialize_with = "exact")]
    pub amount: Decimal,
    pub state: OrderState,
    #[serde(deserialize_with = "exact")]
    pub currency_fee: Decimal,
    #[serde(deserialize_with = "exact")]
    pub btc_fee: Decimal,
    /// An optional comment.
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub account_operations: Vec<AccountOperation>,
    /// Trade orders: buy or sell.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Trade orders: the limit price (`null` for a market order).
    #[serde(default, deserialize_with = "exact_or_null")]
    pub price: Option<Decimal>,
    /// Trade orders: BTC exchanged so far.
    #[serde(default, deserialize_with = "exact_or_null")]
    pub traded_btc: Option<Decimal>,
    /// Trade orders: currency exchanged so far.
    #[serde(default, deserialize_with = "exact_or_null")]
    pub traded_currency: Option<Decimal>,
}
