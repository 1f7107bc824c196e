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
use super::error::{BitcoinCentralError, from_core_in, within};
use super::oauth::oauth_of;
use super::stream::{JsAccountStream, JsMarketStream};
use super::value::{build, read, text, to_plain, whole};
use crate::book::DepthBook;
use crate::client::Parts;
use crate::config::{ClientOptions, Config};
use crate::endpoint::{self, Endpoint, Route};
use crate::error::{Error, Text};
use crate::orders::{OrdersQuery, PlaceOrder, Withdraw};
use crate::schema::{Kind, Model, Node, Schema, ToNode};
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
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions | null")] options: JsValue,
    ) -> Result<JsClient, BitcoinCentralError> {
        let locale = preferred_locale();
        let fields = ClientOptions::SCHEMA.fields;
        let node = read(&options, &OPTIONS, "options", locale)?;
        let config = ClientOptions::from_node(node)
            .and_then(|options| Config::from_options(options, locale))
            .map_err(|e| within("options", fields, &e, locale))?;
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
        let route = &endpoint::DEPTH.route;
        future_to_promise(reply(core, route, None, Parts::default(), Reply::Book))
    }

    /// A live market from the exchange's real-time stream (socket.io at
    /// `/ws/socket.io` of `baseUrl`, `ws://` or `wss://`): the order book, the ticker
    /// and the latest trades of this client's market, kept in step until `close()`.
    /// It reads the REST depth, ticker and trades once joined, and again after every
    /// reconnection.
    #[wasm_bindgen(js_name = marketStream)]
    pub fn market_stream(&self) -> Result<JsMarketStream, BitcoinCentralError> {
        JsMarketStream::connect(Rc::clone(&self.core), self.locale_of())
    }

    /// The logged-in user's account from the exchange's real-time stream: the
    /// balances and the orders that change (a fill shows as it happens), until
    /// `close()`. Needs a session (`setAuth`) of scope `basic`: it reads `user()` for
    /// the balances and the account's stream channel, then joins `/user`. Throws a
    /// `session` error (code `missing`) without a session.
    #[wasm_bindgen(js_name = accountStream)]
    pub fn account_stream(&self) -> Result<JsAccountStream, BitcoinCentralError> {
        let locale = self.locale_of();
        let auth =
            authenticator(self.auth.borrow().clone()).map_err(|e| from_core_in(&e, locale))?;
        JsAccountStream::connect(Rc::clone(&self.core), auth, locale)
    }

    /// `accountStream()` by the name of the exchange's `/user` namespace: the same
    /// stream.
    #[wasm_bindgen(js_name = userStream)]
    pub fn user_stream(&self) -> Result<JsAccountStream, BitcoinCentralError> {
        self.account_stream()
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
    /// checked (refreshed if it must be, scope verified) before anything is sent. Its
    /// token requests go out with this client's timeout (and limiter, for the same
    /// exchange) from now on.
    #[wasm_bindgen(js_name = setAuth)]
    pub fn set_auth(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OAuth")] oauth: JsValue,
    ) -> Result<(), BitcoinCentralError> {
        let oauth = oauth_of(&oauth, "oauth", self.locale_of())?;
        self.tie(oauth);
        Ok(())
    }

    /// The logged-in user's account and balances (scope `basic`).
    #[wasm_bindgen(unchecked_return_type = "Promise<User>")]
    pub fn user(&self) -> Promise {
        self.authenticated(&endpoint::USER, Ok(Parts::default()))
    }

    /// The user's orders, newest first (scope `activity`): `{ offset, limit, types, active }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<Order[]>")]
    pub fn orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrdersQuery | null")] query: JsValue,
    ) -> Promise {
        let locale = self.locale_of();
        let parts = self
            .bag(
                &query,
                "query",
                &QUERY,
                OrdersQuery::SCHEMA,
                OrdersQuery::from_node,
            )
            .and_then(|query| {
                let fields = OrdersQuery::SCHEMA.fields;
                (self.core.orders_parts(&query)).map_err(|e| within("query", fields, &e, locale))
            });
        self.authenticated(&endpoint::ORDERS, parts)
    }

    /// Every order matching the query, page after page (`limit` per page, default
    /// 50), up to `maxPages` pages (default 20).
    #[wasm_bindgen(js_name = allOrders, unchecked_return_type = "Promise<Order[]>")]
    pub fn all_orders(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "OrdersQuery | null")] query: JsValue,
        #[wasm_bindgen(js_name = maxPages, unchecked_optional_param_type = "number | null")]
        max_pages: JsValue,
    ) -> Promise {
        let locale = self.locale_of();
        let checked = self
            .bag(
                &query,
                "query",
                &QUERY,
                OrdersQuery::SCHEMA,
                OrdersQuery::from_node,
            )
            .and_then(|query| {
                let max_pages = match max_pages.is_undefined() || max_pages.is_null() {
                    true => 20,
                    false => whole(&max_pages, "maxPages", 1, 1000, self.locale_of())?,
                };
                Ok((query, max_pages))
            });
        let auth = self.auth.borrow().clone();
        self.run(checked, |core, (query, max_pages)| async move {
            let auth = authenticator(auth).map_err(|e| from_core_in(&e, locale))?;
            let orders = core.all_orders(&auth, &query, max_pages).await;
            orders.map_err(|e| within("query", OrdersQuery::SCHEMA.fields, &e, locale))
        })
    }

    /// One of the user's orders (scope `activity`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Order>")]
    pub fn order(&self, #[wasm_bindgen(unchecked_param_type = "string")] uuid: JsValue) -> Promise {
        self.authenticated(&endpoint::ORDER, self.uuid_parts(&uuid))
    }

    /// Places a limit or market order (scope `trade`), checked before it is sent and
    /// sent once. If no answer comes, it rejects with kind `"unknown-outcome"`: call
    /// `findPlacedOrder()` before placing it again.
    #[wasm_bindgen(js_name = placeOrder, unchecked_return_type = "Promise<Order>")]
    pub fn place_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] order: JsValue,
    ) -> Promise {
        let locale = self.locale_of();
        let parts = self
            .bag(
                &order,
                "order",
                &ORDER,
                PlaceOrder::SCHEMA,
                PlaceOrder::from_node,
            )
            .and_then(|order| {
                let fields = PlaceOrder::SCHEMA.fields;
                (self.core.place_order_parts(&order))
                    .map_err(|e| within("order", fields, &e, locale))
            });
        self.authenticated(&endpoint::PLACE_ORDER, parts)
    }

    /// Requests a withdrawal (scope `withdraw`), pending until the user confirms it by
    /// e-mail. BTC needs an address, checked (Base58Check, Bech32/Bech32m) before sending.
    #[wasm_bindgen(unchecked_return_type = "Promise<Order>")]
    pub fn withdraw(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] withdrawal: JsValue,
    ) -> Promise {
        let locale = self.locale_of();
        let parts = self
            .bag(
                &withdrawal,
                "withdrawal",
                &WITHDRAWAL,
                Withdraw::SCHEMA,
                Withdraw::from_node,
            )
            .and_then(|w| {
                let fields = Withdraw::SCHEMA.fields;
                (self.core.withdraw_parts(&w)).map_err(|e| within("withdrawal", fields, &e, locale))
            });
        self.authenticated(&endpoint::WITHDRAW, parts)
    }

    /// Cancels an active trade order (scope `trade`); resolves to the canceled order
    /// when the server sends it back, else `null`.
    #[wasm_bindgen(js_name = cancelOrder, unchecked_return_type = "Promise<Order | null>")]
    pub fn cancel_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] uuid: JsValue,
    ) -> Promise {
        self.authenticated(&endpoint::CANCEL_ORDER, self.uuid_parts(&uuid))
    }

    /// After an `"unknown-outcome"` error: the newest of the 20 latest orders that
    /// matches these parameters (not canceled), or `null` (scope `activity`).
    #[wasm_bindgen(js_name = findPlacedOrder, unchecked_return_type = "Promise<Order | null>")]
    pub fn find_placed_order(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PlaceOrderParams")] order: JsValue,
    ) -> Promise {
        let locale = self.locale_of();
        let order = self.bag(
            &order,
            "order",
            &ORDER,
            PlaceOrder::SCHEMA,
            PlaceOrder::from_node,
        );
        let auth = self.auth.borrow().clone();
        let fields = PlaceOrder::SCHEMA.fields;
        self.run(order, |core, order| async move {
            let auth = authenticator(auth).map_err(|e| from_core_in(&e, locale))?;
            let found = core.find_placed_order(&auth, &order).await;
            found.map_err(|e| within("order", fields, &e, locale))
        })
    }

    /// After an `"unknown-outcome"` error on a withdrawal: the newest matching
    /// transfer among the 20 latest orders, or `null` (scope `activity`).
    #[wasm_bindgen(js_name = findWithdrawal, unchecked_return_type = "Promise<Order | null>")]
    pub fn find_withdrawal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WithdrawParams")] withdrawal: JsValue,
    ) -> Promise {
        let locale = self.locale_of();
        let withdrawal = self.bag(
            &withdrawal,
            "withdrawal",
            &WITHDRAWAL,
            Withdraw::SCHEMA,
            Withdraw::from_node,
        );
        let auth = self.auth.borrow().clone();
        let fields = Withdraw::SCHEMA.fields;
        self.run(withdrawal, |core, withdrawal| async move {
            let auth = authenticator(auth).map_err(|e| from_core_in(&e, locale))?;
            let found = core.find_withdrawal(&auth, &withdrawal).await;
            found.map_err(|e| within("withdrawal", fields, &e, locale))
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

// The kinds of the objects the methods take.
const OPTIONS: Kind = Kind::Optional(&Kind::Nullable(&Kind::Object(ClientOptions::SCHEMA)));
const QUERY: Kind = Kind::Optional(&Kind::Nullable(&Kind::Object(OrdersQuery::SCHEMA)));
const ORDER: Kind = Kind::Object(PlaceOrder::SCHEMA);
const WITHDRAWAL: Kind = Kind::Object(Withdraw::SCHEMA);

/// The session set with `setAuth`, or the error saying there is none.
fn authenticator(auth: Option<Rc<WebOAuth>>) -> Result<Rc<WebOAuth>, Error> {
    auth.ok_or_else(|| Error::Session {
        code: "missing",
        reason: Text::NeedsLogin,
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
/// every method rather than once per method. The arguments (`parts`) were checked
/// before: a wrong one rejects before the session is looked at.
async fn reply(
    core: Rc<Core>,
    route: &'static Route,
    auth: Option<Option<Rc<WebOAuth>>>,
    parts: Parts,
    reply: Reply,
) -> Result<JsValue, JsValue> {
    let call = async {
        let response = match auth {
            None => core.respond(route).await?,
            Some(auth) => {
                let auth = authenticator(auth)?;
                let answer = core.respond_as(route, &auth, parts).await?;
                if let Reply::Plain(kind) = reply {
                    // Decoded here, where a failure's message can be cleared of tokens.
                    let tape = answer.decode_js(kind)?;
                    return Ok(Made::Tape(tape, answer.response.body, kind));
                }
                answer.response
            }
        };
        // A public answer may be megabytes (a depth, the trades): read in slices.
        let sender = core.sender();
        Ok(match reply {
            Reply::Plain(kind) => {
                let tape = crate::decode::decode_js_sliced(&response, kind, &sender).await?;
                Made::Tape(tape, response.body, kind)
            }
            Reply::Book => Made::Book(crate::decode::depth_book_sliced(response, &sender).await?),
        })
    };
    let locale = core.config().locale();
    match call.await.map_err(|e: Error| from_core_in(&e, locale))? {
        Made::Tape(tape, body, kind) => Ok(build(&tape, &body, kind)?),
        Made::Book(book) => Ok(JsDepthBook::from(book).into()),
    }
}

/// A Promise rejected with `error`: a method that returns a Promise reports a wrong
/// argument by rejecting, as it reports everything else.
fn rejected(error: BitcoinCentralError) -> Promise {
    Promise::reject(&error)
}

impl JsClient {
    /// `setAuth` for Rust callers, who hold the `OAuth` itself.
    pub fn use_auth(&self, oauth: &super::JsOAuth) {
        self.tie(oauth.core());
    }

    /// Uses `oauth` for the calls that need a session, and sends its token requests
    /// (refreshes) through this client's timeout and limiter.
    fn tie(&self, oauth: Rc<WebOAuth>) {
        oauth.send_through(self.core.sender());
        *self.auth.borrow_mut() = Some(oauth);
    }

    /// The language of this client's messages.
    fn locale_of(&self) -> crate::config::Locale {
        self.core.config().locale()
    }

    /// An object argument read against its schema into its core type; an error on one
    /// of its members is named within it (`order.amount`).
    fn bag<T>(
        &self,
        value: &JsValue,
        argument: &str,
        kind: &Kind,
        schema: &'static Schema,
        from_node: fn(Node) -> Result<T, Error>,
    ) -> Result<T, BitcoinCentralError> {
        let locale = self.locale_of();
        let node = read(value, kind, argument, locale)?;
        from_node(node).map_err(|e| within(argument, schema.fields, &e, locale))
    }

    /// What `order()` and `cancelOrder()` add to their endpoints: the checked UUID.
    fn uuid_parts(&self, uuid: &JsValue) -> Result<Parts, BitcoinCentralError> {
        let uuid = text(uuid, "uuid", self.locale_of())?;
        self.core
            .uuid_parts(&uuid)
            .map_err(|e| from_core_in(&e, self.locale_of()))
    }

    /// A public endpoint's answer as a plain object.
    fn public<R: Model>(&self, endpoint: &'static Endpoint<R>) -> Promise {
        let core = Rc::clone(&self.core);
        let kind = Reply::Plain(&R::KIND);
        future_to_promise(reply(core, &endpoint.route, None, Parts::default(), kind))
    }

    /// An authenticated endpoint's answer as a plain object; `parts` is the call's
    /// arguments, checked before anything is sent.
    fn authenticated<R: Model>(
        &self,
        endpoint: &'static Endpoint<R>,
        parts: Result<Parts, BitcoinCentralError>,
    ) -> Promise {
        let parts = match parts {
            Ok(parts) => parts,
            Err(error) => return rejected(error),
        };
        let auth = self.auth.borrow().clone();
        let core = Rc::clone(&self.core);
        let kind = Reply::Plain(&R::KIND);
        future_to_promise(reply(core, &endpoint.route, Some(auth), parts, kind))
    }

    /// Runs one core call on checked arguments as a Promise of its plain-object result.
    fn run<A, R, F>(
        &self,
        checked: Result<A, BitcoinCentralError>,
        call: impl FnOnce(Rc<Core>, A) -> F,
    ) -> Promise
    where
        R: ToNode + Model,
        F: Future<Output = Result<R, BitcoinCentralError>> + 'static,
    {
        let checked = match checked {
            Ok(checked) => checked,
            Err(error) => return rejected(error),
        };
        let call = call(Rc::clone(&self.core), checked);
        future_to_promise(async move {
            let value = call.await?;
            Ok(to_plain(&value)?)
        })
    }
}
