//! Every endpoint of the API, declared once.
//!
//! An [`Endpoint`] names the method, the path template and the model its answer
//! decodes into (the type parameter), so `Client::call(&TICKER)` returns a `Ticker`
//! and cannot return anything else. The client, the docs and the tests all read these
//! declarations; nothing else in the crate spells an API path.

use std::marker::PhantomData;

use crate::http::Method;
use crate::model::{ChartsDepth, ChartsTrade, Depth, Order, Ticker, Trade, User};

/// Where a call goes, whatever it answers: what the send path needs.
#[derive(Debug)]
pub struct Route {
    /// A short name, used in docs and test reports.
    pub name: &'static str,
    /// The HTTP method: only a GET is ever retried.
    pub method: Method,
    /// The path, with `{currency}` where the client's currency segment goes.
    pub path: &'static str,
    /// The OAuth2 scope the call needs; `None` for public data.
    pub scope: Option<&'static str>,
}

impl Route {
    /// The path with the currency segment filled in.
    pub fn path_for(&self, currency: &str) -> String {
        self.path.replace("{currency}", currency)
    }

    /// The path with the currency and an order's UUID filled in.
    pub fn path_with(&self, currency: &str, uuid: Option<&str>) -> String {
        let path = self.path_for(currency);
        match uuid {
            Some(uuid) => path.replace("{uuid}", uuid),
            None => path,
        }
    }
}

/// One API endpoint whose successful answer decodes into `T`. Its [`Route`] is all
/// the send path sees (it derefs to it), so sending is compiled once, not per model.
#[derive(Debug)]
pub struct Endpoint<T> {
    /// Where the call goes.
    pub route: Route,
    answer: PhantomData<fn() -> T>,
}

impl<T> std::ops::Deref for Endpoint<T> {
    type Target = Route;

    fn deref(&self) -> &Route {
        &self.route
    }
}

impl<T> Endpoint<T> {
    const fn get(name: &'static str, path: &'static str) -> Self {
        Endpoint {
            route: Route {
                name,
                method: Method::Get,
                path,
                scope: None,
            },
            answer: PhantomData,
        }
    }

    const fn with_scope(
        name: &'static str,
        method: Method,
        path: &'static str,
        scope: &'static str,
    ) -> Self {
        Endpoint {
            route: Route {
                name,
                method,
                path,
                scope: Some(scope),
            },
            answer: PhantomData,
        }
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
pub const USER: Endpoint<User> = Endpoint::with_scope("user", Method::Get, "/api/v1/user", "basic");
/// The user's orders, newest first (`offset`, `limit`, `types[]`, `active`).
pub const ORDERS: Endpoint<Vec<Order>> =
    Endpoint::with_scope("orders", Method::Get, "/api/v1/user/orders", "activity");
/// One order of the user.
pub const ORDER: Endpoint<Order> = Endpoint::with_scope(
    "order",
    Method::Get,
    "/api/v1/user/orders/{uuid}",
    "activity",
);
/// A limit or market order.
pub const PLACE_ORDER: Endpoint<Order> =
    Endpoint::with_scope("placeOrder", Method::Post, "/api/v1/user/orders", "trade");
/// A withdrawal (a `Transfer` order).
pub const WITHDRAW: Endpoint<Order> =
    Endpoint::with_scope("withdraw", Method::Post, "/api/v1/user/orders", "withdraw");
/// Cancels an active trade order. (The spec's table says scope "trading"; its scope
/// list has only `trade`.)
pub const CANCEL_ORDER: Endpoint<Option<Order>> = Endpoint::with_scope(
    "cancelOrder",
    Method::Delete,
    "/api/v1/user/orders/{uuid}/cancel",
    "trade",
);
