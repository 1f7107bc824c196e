//! The JS `Client` class: a thin shell over the core [`crate::Client`]. Each method
//! returns a Promise of a plain object; the client is shared through an `Rc`, so no
//! borrow of the JS object is held across an `.await` and calls may overlap freely.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::book::JsDepthBook;
use super::error::{BitcoinCentralError, from_core};
use super::oauth::JsOAuth;
use super::{build, json_of, to_plain};
use crate::book::DepthBook;
use crate::client::Parts;
use crate::config::{ClientOptions, Config};
use crate::endpoint::{self, Endpoint, Route};
use crate::error::Error;
use crate::orders::{OrdersQuery, PlaceOrder, Withdraw};
use crate::schema::{Kind, Model, ToNode};
use crate::tape::Tape;
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
                let json = json_of(&value, "options").map_err(|e| from_core(&e))?;
                ClientOptions::from_json(&json).map_err(|e| from_core(&e))?
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
        self.public(&endpoint::TICKER)
    }

    /// The latest executed trades, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Promise<Trade[]>")]
    pub fn trades(&self) -> Promise {
        self.public(&endpoint::TRADES)
    }

    /// The order book: bids and asks grouped by price.
    #[wasm_bindgen(unchecked_return_type = "Promise<Depth>")]
    pub fn depth(&self) -> Promise {
        self.public(&endpoint::DEPTH)
    }

    /// The order book kept in wasm memory, best levels first: read the few levels a
    /// page shows (`bids(20)`), exact totals, spread and mid, without making a JS
    /// object for every level. Call `free()` when done with it.
    #[wasm_bindgen(js_name = depthBook, unchecked_return_type = "Promise<DepthBook>")]
    pub fn depth_book(&self) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(reply(core, &endpoint::DEPTH.route, None, None, Reply::Book))
    }

    /// The latest trades in the Bitcoin Charts exchange format.
    #[wasm_bindgen(js_name = bitcoinChartsTrades, unchecked_return_type = "Promise<ChartsTrade[]>")]
    pub fn bitcoin_charts_trades(&self) -> Promise {
        self.public(&endpoint::BITCOIN_CHARTS_TRADES)
    }

    /// The order book in the Bitcoin Charts exchange format: `[price, amount]` pairs.
    #[wasm_bindgen(js_name = bitcoinChartsDepth, unchecked_return_type = "Promise<ChartsDepth>")]
    pub fn bitcoin_charts_depth(&self) -> Promise {
        self.public(&endpoint::BITCOIN_CHARTS_DEPTH)
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
        self.authenticated(&endpoint::USER, auth, Ok(Parts::default()))
    }

    /// The user's orders, newest first (scope `activity`): `{ offset, limit, types, active }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Order[]>")]
    pub fn orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrdersQuery")] query: Option<JsValue>,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let query = optional::<OrdersQuery>(query, OrdersQuery::from_json);
        let parts = query.and_then(|query| self.core.orders_parts(&query));
        self.authenticated(&endpoint::ORDERS, auth, parts)
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
        let query = optional::<OrdersQuery>(query, OrdersQuery::from_json);
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
        let parts = self.core.uuid_parts(&uuid);
        self.authenticated(&endpoint::ORDER, auth, parts)
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
        let order = required::<PlaceOrder>(order, PlaceOrder::from_json);
        let parts = order.and_then(|order| self.core.place_order_parts(&order));
        self.authenticated(&endpoint::PLACE_ORDER, auth, parts)
    }

    /// Requests a withdrawal (scope `withdraw`), pending until the user confirms it by
    /// e-mail. BTC needs an address, checked (Base58Check, Bech32/Bech32m) before sending.
    #[wasm_bindgen(unchecked_return_type = "Promise<Order>")]
    pub fn withdraw(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] withdrawal: JsValue,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let withdrawal = required::<Withdraw>(withdrawal, Withdraw::from_json);
        let parts = withdrawal.and_then(|w| self.core.withdraw_parts(&w));
        self.authenticated(&endpoint::WITHDRAW, auth, parts)
    }

    /// Cancels an active trade order (scope `trade`); resolves to the canceled order
    /// when the server sends it back, else `null`.
    #[wasm_bindgen(js_name = cancelOrder, unchecked_return_type = "Promise<Order | null>")]
    pub fn cancel_order(&self, uuid: String) -> Promise {
        let auth = self.auth.borrow().clone();
        let parts = self.core.uuid_parts(&uuid);
        self.authenticated(&endpoint::CANCEL_ORDER, auth, parts)
    }

    /// After an `"unknown-outcome"` error: the newest of the 20 latest orders that
    /// matches these parameters (not canceled), or `null` (scope `activity`).
    #[wasm_bindgen(js_name = findPlacedOrder, unchecked_return_type = "Promise<Order | null>")]
    pub fn find_placed_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] order: JsValue,
    ) -> Promise {
        let auth = self.auth.borrow().clone();
        let order = required::<PlaceOrder>(order, PlaceOrder::from_json);
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
        let withdrawal = required::<Withdraw>(withdrawal, Withdraw::from_json);
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

/// A parameters object from JS, read by its core type (`undefined` members left out).
fn required<T>(value: JsValue, read: fn(&[u8]) -> Result<T, Error>) -> Result<T, Error> {
    read(&json_of(&value, "params")?)
}

/// An optional parameters object: absent, `undefined` or `null` is the default.
fn optional<T: Default>(
    value: Option<JsValue>,
    read: fn(&[u8]) -> Result<T, Error>,
) -> Result<T, Error> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => required(value, read),
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

/// What a call resolves to in JS.
#[derive(Clone, Copy)]
enum Reply {
    /// A plain object or array of this kind, from the body's bytes in one pass.
    Plain(&'static Kind),
    /// A `DepthBook` kept in wasm memory.
    Book,
}

/// What a call made, before it becomes a JS value.
enum Made {
    /// A tape over the body, for JS to make the objects of `kind`.
    Tape(Tape, Vec<u8>, &'static Kind),
    Book(DepthBook),
}

/// One call of any endpoint, public (`auth` and `parts` are `None`) or authenticated:
/// the one async path of the JS client, so its state machine is compiled once for
/// every method rather than once per method.
async fn reply(
    core: Rc<Core>,
    route: &'static Route,
    auth: Option<Option<Rc<WebOAuth>>>,
    parts: Option<Result<Parts, Error>>,
    reply: Reply,
) -> Result<JsValue, JsValue> {
    let call = async {
        let response = match auth {
            None => core.respond(route).await?,
            Some(auth) => {
                let auth = authenticator(auth)?;
                let parts = parts.unwrap_or_else(|| Ok(Parts::default()))?;
                let answer = core.respond_as(route, &auth, parts).await?;
                if let Reply::Plain(kind) = reply {
                    // Decoded here, where a failure's message can be cleared of tokens.
                    let tape = answer.decode_js(kind)?;
                    return Ok(Made::Tape(tape, answer.response.body, kind));
                }
                answer.response
            }
        };
        Ok(match reply {
            Reply::Plain(kind) => {
                let tape = crate::decode::decode_js(&response, kind)?;
                Made::Tape(tape, response.body, kind)
            }
            Reply::Book => Made::Book(crate::decode::depth_book(&response)?),
        })
    };
    match call.await.map_err(|e| from_core(&e))? {
        Made::Tape(tape, body, kind) => Ok(build(&tape, &body, kind)?),
        Made::Book(book) => Ok(JsDepthBook::from(book).into()),
    }
}

impl JsClient {
    /// A public endpoint's answer as a plain object.
    fn public<R: Model>(&self, endpoint: &'static Endpoint<R>) -> Promise {
        let core = Rc::clone(&self.core);
        future_to_promise(reply(
            core,
            &endpoint.route,
            None,
            None,
            Reply::Plain(&R::KIND),
        ))
    }

    /// An authenticated endpoint's answer as a plain object; `parts` is the call's
    /// arguments, checked before anything is sent.
    fn authenticated<R: Model>(
        &self,
        endpoint: &'static Endpoint<R>,
        auth: Option<Rc<WebOAuth>>,
        parts: Result<Parts, Error>,
    ) -> Promise {
        let core = Rc::clone(&self.core);
        let kind = Reply::Plain(&R::KIND);
        future_to_promise(reply(core, &endpoint.route, Some(auth), Some(parts), kind))
    }

    /// Runs one core call as a Promise of its plain-object result.
    fn run<R, F>(&self, call: impl FnOnce(Rc<Core>) -> F) -> Promise
    where
        R: ToNode + Model,
        F: Future<Output = Result<R, Error>> + 'static,
    {
        let call = call(Rc::clone(&self.core));
        future_to_promise(async move {
            let value = call.await.map_err(|e| from_core(&e))?;
            Ok(to_plain(&value)?)
        })
    }
}
