//! The JS `Client` class: a thin shell over the core [`crate::Client`]. Each method
//! returns a Promise of a plain object; the client is shared through an `Rc`, so no
//! borrow of the JS object is held across an `.await` and calls may overlap freely.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{BitcoinCentralError, from_core};
use super::oauth::JsOAuth;
use super::to_plain;
use crate::config::{ClientOptions, Config};
use crate::error::Error;
use crate::orders::{OrdersQuery, PlaceOrder, Withdraw};
use crate::web::oauth::WebOAuth;
use crate::web::preferred_locale;

type Core = crate::Client;

/// A client for the Bitcoin-Central API.
///
/// ```js
/// const client = new Client({ baseUrl: "http://127.0.0.1:8080", locale: "fr" });
/// const ticker = await client.ticker(); // { price: "680.0", ... }
/// ```
#[wasm_bindgen(js_name = Client)]
pub struct JsClient {
    core: Rc<Core>,
    /// The session calls that need one use (`setAuth`).
    auth: RefCell<Option<Rc<WebOAuth>>>,
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Creates a client. Every option is optional: `baseUrl` defaults to
    /// `https://bitcoin-central.net`, `currency` to `"eur"`, `locale` to the browser's
    /// language (`"fr"` for French, otherwise `"en"`), `timeoutMs` to 10000, `retries`
    /// (of GETs) to 2 within `retryBudgetMs` 10000, `rateLimiter` to off.
    /// Throws a `BitcoinCentralError` of kind `"invalid-argument"` for a bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<JsClient, BitcoinCentralError> {
        let options = match options {
            Some(value) if !value.is_undefined() && !value.is_null() => {
                super::options_from_js::<ClientOptions>(value)?
            }
            _ => ClientOptions::default(),
        };
        let config =
            Config::from_options(options, preferred_locale()).map_err(|e| from_core(&e))?;
        Ok(JsClient {
            core: Rc::new(Core::new(config)),
            auth: RefCell::new(None),
        })
    }

    /// The latest ticker.
    #[wasm_bindgen(unchecked_return_type = "Promise<Ticker>")]
    pub fn ticker(&self) -> Promise {
        self.run(|core| async move { core.ticker().await })
    }

    /// The latest executed trades, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<Trade[]>")]
    pub fn trades(&self) -> Promise {
        self.run(|core| async move { core.trades().await })
    }

    /// The order book: bids and asks grouped by price.
    #[wasm_bindgen(unchecked_return_type = "Promise<Depth>")]
    pub fn depth(&self) -> Promise {
        self.run(|core| async move { core.depth().await })
    }

    /// The latest trades in the Bitcoin Charts exchange format.
    #[wasm_bindgen(js_name = bitcoinChartsTrades, unchecked_return_type = "Promise<ChartsTrade[]>")]
    pub fn bitcoin_charts_trades(&self) -> Promise {
        self.run(|core| async move { core.bitcoin_charts_trades().await })
    }

    /// The order book in the Bitcoin Charts exchange format: `[price, amount]` pairs.
    #[wasm_bindgen(js_name = bitcoinChartsDepth, unchecked_return_type = "Promise<ChartsDepth>")]
    pub fn bitcoin_charts_depth(&self) -> Promise {
        self.run(|core| async move { core.bitcoin_charts_depth().await })
    }

    /// Uses this login's session for the calls that need one (`user()`, ...): each is
    /// checked (refreshed if it must be, scope verified) before anything is sent.
    #[wasm_bindgen(js_name = setAuth)]
    pub fn set_auth(&self, oauth: &JsOAuth) {
        *self.auth.borrow_mut() = Some(oauth.core());
    }

    /// The logged-in user's account and balances (scope `basic`).
    #[wasm_bindgen(unchecked_return_type = "Promise<User>")]
    pub fn user(&self) -> Promise {
        let auth = self.auth.borrow().clone();
        self.run(|core| async move { core.user(&authenticator(auth)?).await })
    }

    /// The user's orders, newest first (scope `activity`): `{ offset, limit, types, active }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Order[]>")]
    pub fn orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrdersQuery")] query: Option<JsValue>,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let query = optional::<OrdersQuery>(query);
        self.run(|core| async move { core.orders(&authenticator(auth)?, &query?).await })
    }

    /// Every order matching the query, page after page (`limit` per page, default
    /// 50), up to `maxPages` pages (default 20).
    #[wasm_bindgen(js_name = allOrders, unchecked_return_type = "Promise<Order[]>")]
    pub fn all_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrdersQuery")] query: Option<JsValue>,
        #[wasm_bindgen(js_name = maxPages, unchecked_optional_param_type = "number")]
        max_pages: Option<JsValue>,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let query = optional::<OrdersQuery>(query);
        let max_pages = match max_pages
            .as_ref()
            .filter(|v| !v.is_undefined() && !v.is_null())
        {
            None => Ok(20),
            Some(value) => value
                .as_f64()
                .filter(|n| n.fract() == 0.0 && (1.0..=1000.0).contains(n))
                .map(|n| n as u32)
                .ok_or_else(|| Error::InvalidArgument {
                    name: "maxPages",
                    reason: "must be a whole number from 1 to 1000".into(),
                }),
        };
        self.run(|core| async move {
            core.all_orders(&authenticator(auth)?, &query?, max_pages?)
                .await
        })
    }

    /// One of the user's orders (scope `activity`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Order>")]
    pub fn order(&self, uuid: String) -> Promise {
        let auth = self.auth.borrow().clone();
        self.run(|core| async move { core.order(&authenticator(auth)?, &uuid).await })
    }

    /// Places a limit or market order (scope `trade`), checked before it is sent and
    /// sent once. If no answer comes, it rejects with kind `"unknown-outcome"`: call
    /// `findPlacedOrder()` before placing it again.
    #[wasm_bindgen(js_name = placeOrder, unchecked_return_type = "Promise<Order>")]
    pub fn place_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] order: JsValue,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let order = required::<PlaceOrder>(order);
        self.run(|core| async move { core.place_order(&authenticator(auth)?, &order?).await })
    }

    /// Requests a withdrawal (scope `withdraw`), pending until the user confirms it by
    /// e-mail. BTC needs an address, checked (Base58Check, Bech32/Bech32m) before sending.
    #[wasm_bindgen(unchecked_return_type = "Promise<Order>")]
    pub fn withdraw(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] withdrawal: JsValue,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let withdrawal = required::<Withdraw>(withdrawal);
        self.run(|core| async move { core.withdraw(&authenticator(auth)?, &withdrawal?).await })
    }

    /// Cancels an active trade order (scope `trade`); resolves to the canceled order
    /// when the server sends it back, else `null`.
    #[wasm_bindgen(js_name = cancelOrder, unchecked_return_type = "Promise<Order | null>")]
    pub fn cancel_order(&self, uuid: String) -> Promise {
        let auth = self.auth.borrow().clone();
        self.run(|core| async move { core.cancel_order(&authenticator(auth)?, &uuid).await })
    }

    /// After an `"unknown-outcome"` error: the newest of the 20 latest orders that
    /// matches these parameters (not canceled), or `null` (scope `activity`).
    #[wasm_bindgen(js_name = findPlacedOrder, unchecked_return_type = "Promise<Order | null>")]
    pub fn find_placed_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] order: JsValue,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let order = required::<PlaceOrder>(order);
        self.run(|core| async move { core.find_placed_order(&authenticator(auth)?, &order?).await })
    }

    /// After an `"unknown-outcome"` error on a withdrawal: the newest matching
    /// transfer among the 20 latest orders, or `null` (scope `activity`).
    #[wasm_bindgen(js_name = findWithdrawal, unchecked_return_type = "Promise<Order | null>")]
    pub fn find_withdrawal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] withdrawal: JsValue,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let withdrawal = required::<Withdraw>(withdrawal);
        self.run(|core| async move {
            core.find_withdrawal(&authenticator(auth)?, &withdrawal?)
                .await
        })
    }

    /// The rate-limit status the server reported with its latest answer, or `null`
    /// before the first answer that carried one.
    #[wasm_bindgen(getter = rateLimit, unchecked_return_type = "RateLimit | null")]
    pub fn rate_limit(&self) -> JsValue {
        self.core
            .rate_limit()
            .and_then(|r| to_plain(&r).ok())
            .unwrap_or(JsValue::NULL)
    }

    /// The exchange's address, without a trailing `/`.
    #[wasm_bindgen(getter = baseUrl)]
    pub fn base_url(&self) -> String {
        self.core.config().base_url().to_owned()
    }

    /// The market's currency path segment, lower case.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.core.config().currency().to_owned()
    }

    /// The language of the server's messages, sent as `Accept-Language`.
    #[wasm_bindgen(getter, unchecked_return_type = "Locale")]
    pub fn locale(&self) -> String {
        self.core.config().locale().tag().to_owned()
    }

    /// The timeout of each request, in milliseconds.
    #[wasm_bindgen(getter = timeoutMs)]
    pub fn timeout_ms(&self) -> u32 {
        self.core.config().timeout_ms()
    }
}

/// A parameters object from JS, as a core type (`undefined` members left out).
fn required<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "not representable as JSON".to_owned())
        .and_then(|text| serde_json::from_str::<T>(&text).map_err(|e| e.to_string()))
        .map_err(|reason| Error::InvalidArgument {
            name: "params",
            reason,
        })
}

/// An optional parameters object: absent, `undefined` or `null` is the default.
fn optional<T: serde::de::DeserializeOwned + Default>(value: Option<JsValue>) -> Result<T, Error> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => required(value),
        _ => Ok(T::default()),
    }
}

/// The session set with `setAuth`, or the error saying there is none.
fn authenticator(auth: Option<Rc<WebOAuth>>) -> Result<Rc<WebOAuth>, Error> {
    auth.ok_or_else(|| Error::Session {
        code: "missing",
        reason: "this call needs a login: call client.setAuth(oauth) with a logged-in OAuth".into(),
        status: None,
    })
}

impl JsClient {
    /// Runs one core call as a Promise of its plain-object result.
    fn run<R, F>(&self, call: impl FnOnce(Rc<Core>) -> F) -> Promise
    where
        R: Serialize,
        F: Future<Output = Result<R, Error>> + 'static,
    {
        let call = call(Rc::clone(&self.core));
        future_to_promise(async move {
            let value = call.await.map_err(|e| from_core(&e))?;
            Ok(to_plain(&value)?)
        })
    }
}
