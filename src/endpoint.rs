//! Every endpoint of the API, declared once.
//!
//! An [`Endpoint`] names the method, the path template and the model its answer
//! decodes into (the type parameter), so `Client::call(&TICKER)` returns a `Ticker`
//! and cannot return anything else. The client, the docs and the tests all read these
//! declarations; nothing else in the crate spells an API path.

use std::marker::PhantomData;

use crate::http::Method;
use crate::model::{ChartsDepth, ChartsTrade, Depth, Ticker, Trade, User};

/// One API endpoint whose successful answer decodes into `T`.
#[derive(Debug)]
pub struct Endpoint<T> {
    /// A short name, used in docs and test reports.
    pub name: &'static str,
    pub method: Method,
    /// The path, with `{currency}` where the client's currency segment goes.
    pub path: &'static str,
    /// The OAuth2 scope the call needs; `None` for public data.
    pub scope: Option<&'static str>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Endpoint<T> {
    const fn get(name: &'static str, path: &'static str) -> Self {
        Endpoint {
            name,
            method: Method::Get,
            path,
            scope: None,
            answer: PhantomData,
        }
    }

    const fn get_as(name: &'static str, path: &'static str, scope: &'static str) -> Self {
        Endpoint {
            name,
            method: Method::Get,
            path,
            scope: Some(scope),
            answer: PhantomData,
        }
    }

    /// The path with the currency segment filled in.
    pub fn path_for(&self, currency: &str) -> String {
        self.path.replace("{currency}", currency)
    }
}

/// Latest ticker.
pub const TICKER: Endpoint<Ticker> = Endpoint::get("ticker", "/api/v1/data/{currency}/ticker");
/// Latest executed trades.
pub const TRADES: Endpoint<Vec<Trade>> = Endpoint::get("trades", "/api/v1/data/{currency}/trades");
/// Market depth, grouped by price.
pub const DEPTH: Endpoint<Depth> = Endpoint::get("depth", "/api/v1/data/{currency}/depth");
/// Trades in the Bitcoin Charts format.
pub const BITCOIN_CHARTS_TRADES: Endpoint<Vec<ChartsTrade>> = Endpoint::get(
    "bitcoinChartsTrades",
    "/api/v1/bitcoin_charts/{currency}/trades",
);
/// Depth in the Bitcoin Charts format.
pub const BITCOIN_CHARTS_DEPTH: Endpoint<ChartsDepth> = Endpoint::get(
    "bitcoinChartsDepth",
    "/api/v1/bitcoin_charts/{currency}/depth",
);

/// The logged-in user's account and balances.
pub const USER: Endpoint<User> = Endpoint::get_as("user", "/api/v1/user", "basic");
