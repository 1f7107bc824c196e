//! The client: builds each request from an [`Endpoint`], sends it through its
//! [`Sender`] (over a [`Transport`]), and turns the response into a model or an
//! [`Error`].
//!
//! It is the Rust API (for Yew, Leptos and other Rust web apps) and the engine behind
//! the JS `Client`. State lives in `Cell`s and is never borrowed across an `.await`, so
//! any number of calls may run at once on one client.

use std::rc::Rc;

use crate::book::DepthBook;
use crate::config::Config;
use crate::decode;
use crate::endpoint::{self, Endpoint, Route};
use crate::error::{Error, Text};
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::model::{ChartsDepth, ChartsTrade, Depth, Order, RateLimit, Ticker, Trade, User};
use crate::oauth::Authenticator;
use crate::orders::{self, OrdersQuery, PlaceOrder, Withdraw};
use crate::schema::{Kind, Model};
use crate::send::Sender;
use crate::tape::Tape;

impl RateLimit {
    /// Both headers, when the response has them and they are whole numbers.
    pub fn from_response(response: &HttpResponse) -> Option<RateLimit> {
        let number = |name| response.header(name)?.trim().parse::<u32>().ok();
        Some(RateLimit {
            limit: number("x-ratelimit-limit")?.into(),
            remaining: number("x-ratelimit-remaining")?.into(),
        })
    }
}

/// A successful answer to an authenticated call, and the secrets no error about it
/// may show.
#[derive(Debug)]
pub struct Answer {
    /// The response, status 2xx; an empty body reads as `null`.
    pub response: HttpResponse,
    secrets: Vec<String>,
}

impl Answer {
    /// The body as a Rust model.
    pub fn decode<R: Model>(&self) -> Result<R, Error> {
        decode::decode(&self.response).map_err(|e| self.redact(e))
    }

    /// The body as the tape JS makes its objects from (see `tape.rs`).
    pub fn decode_js(&self, kind: &Kind) -> Result<Tape, Error> {
        decode::decode_js(&self.response, kind).map_err(|e| self.redact(e))
    }

    fn redact(&self, error: Error) -> Error {
        redact(error, &self.secrets)
    }
}

/// `error` without any of `secrets` in its text.
fn redact(error: Error, secrets: &[String]) -> Error {
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    error.redact(&secrets)
}

/// What a call adds to its endpoint: an order's UUID, a query, a JSON body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    /// The order's UUID, for the endpoints whose path has one; `None` for the others.
    pub uuid: Option<String>,
    /// The query string, without the `?`; empty for none.
    pub query: String,
    /// The JSON body, sent as `application/json`; `None` for none.
    pub body: Option<String>,
}

/// A Bitcoin-Central API client over a [`Transport`]. In the browser, use
/// `bitcoin_central::Client`, which sends with `fetch`.
#[derive(Debug)]
pub struct Client<T> {
    config: Config,
    /// The send path (timeout, retries, limiter, rate-limit status), shared with the
    /// OAuth tied to this client ([`crate::oauth::OAuth::send_through`]).
    sender: Rc<Sender<T>>,
}

impl<T: Transport> Client<T> {
    /// A client that sends its requests through `transport`.
    pub fn with_transport(config: Config, transport: T) -> Self {
        Client {
            sender: Rc::new(Sender::new(&config, transport)),
            config,
        }
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The rate-limit status from the latest answer that carried one.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.sender.rate_limit()
    }

    /// The client's send path: give it to an OAuth
    /// ([`crate::oauth::OAuth::send_through`]) so that its token requests share this
    /// client's timeout, limiter and rate-limit status.
    pub fn sender(&self) -> Rc<Sender<T>> {
        Rc::clone(&self.sender)
    }

    /// The latest ticker.
    pub async fn ticker(&self) -> Result<Ticker, Error> {
        self.call(&endpoint::TICKER).await
    }

    /// The latest executed trades, oldest first.
    pub async fn trades(&self) -> Result<Vec<Trade>, Error> {
        self.call_list(&endpoint::TRADES).await
    }

    /// [`Client::trades`], each trade handed to `each` as soon as it is read: a list of
    /// thousands is never held whole (a market stream keeps the newest 50 that way).
    pub async fn trades_each(&self, each: impl FnMut(Trade)) -> Result<(), Error> {
        let response = self.respond(&endpoint::TRADES.route).await?;
        decode::items_sliced(&response, &self.sender, each).await
    }

    /// The order book, grouped by price.
    pub async fn depth(&self) -> Result<Depth, Error> {
        self.call(&endpoint::DEPTH).await
    }

    /// The order book kept in memory, best levels first, with exact sums, spread and
    /// mid ([`DepthBook`]).
    pub async fn depth_book(&self) -> Result<DepthBook, Error> {
        let response = self.respond(&endpoint::DEPTH).await?;
        decode::depth_book_sliced(response, &self.sender).await
    }

    /// The latest trades in the Bitcoin Charts format.
    pub async fn bitcoin_charts_trades(&self) -> Result<Vec<ChartsTrade>, Error> {
        self.call_list(&endpoint::BITCOIN_CHARTS_TRADES).await
    }

    /// The order book in the Bitcoin Charts format.
    pub async fn bitcoin_charts_depth(&self) -> Result<ChartsDepth, Error> {
        self.call(&endpoint::BITCOIN_CHARTS_DEPTH).await
    }

    /// The logged-in user's account and balances (scope `basic`).
    pub async fn user(&self, auth: &impl Authenticator) -> Result<User, Error> {
        self.call_as(&endpoint::USER, auth, Parts::default()).await
    }

    /// The user's orders, newest first (scope `activity`).
    pub async fn orders(
        &self,
        auth: &impl Authenticator,
        query: &OrdersQuery,
    ) -> Result<Vec<Order>, Error> {
        self.call_as(&endpoint::ORDERS, auth, self.orders_parts(query)?)
            .await
    }

    /// What `orders()` adds to its endpoint: the checked query.
    pub fn orders_parts(&self, query: &OrdersQuery) -> Result<Parts, Error> {
        Ok(Parts {
            query: query.query(self.config.locale())?,
            ..Parts::default()
        })
    }

    /// Every order matching `query`, walking the pages (`limit` per page, default 50)
    /// until a short page; at most `max_pages` pages.
    pub async fn all_orders(
        &self,
        auth: &impl Authenticator,
        query: &OrdersQuery,
        max_pages: u32,
    ) -> Result<Vec<Order>, Error> {
        use rust_decimal::Decimal;
        let limit = query.limit.unwrap_or(50.into()).max(Decimal::ONE);
        let mut all = Vec::new();
        let mut page = OrdersQuery {
            limit: Some(limit),
            ..query.clone()
        };
        let mut offset = query.offset.unwrap_or_default();
        for _ in 0..max_pages.max(1) {
            page.offset = Some(offset);
            let orders = self.orders(auth, &page).await?;
            let count = orders.len();
            all.extend(orders);
            if Decimal::from(count) < limit {
                break;
            }
            offset += limit;
        }
        Ok(all)
    }

    /// One of the user's orders (scope `activity`).
    pub async fn order(&self, auth: &impl Authenticator, uuid: &str) -> Result<Order, Error> {
        self.call_as(&endpoint::ORDER, auth, self.uuid_parts(uuid)?)
            .await
    }

    /// What `order()` and `cancel_order()` add to their endpoints: the checked UUID.
    pub fn uuid_parts(&self, uuid: &str) -> Result<Parts, Error> {
        Ok(Parts {
            uuid: Some(orders::uuid(uuid, self.config.locale())?),
            ..Parts::default()
        })
    }

    /// Places a limit or market order (scope `trade`), checked before it is sent.
    /// Sent once: if no answer comes, the error is `unknown-outcome` and
    /// [`Client::find_placed_order`] tells whether it was placed.
    pub async fn place_order(
        &self,
        auth: &impl Authenticator,
        order: &PlaceOrder,
    ) -> Result<Order, Error> {
        self.call_as(&endpoint::PLACE_ORDER, auth, self.place_order_parts(order)?)
            .await
    }

    /// What `place_order()` adds to its endpoint: the checked order's JSON body.
    pub fn place_order_parts(&self, order: &PlaceOrder) -> Result<Parts, Error> {
        Ok(Parts {
            body: Some(order.check(self.config.locale())?.body()),
            ..Parts::default()
        })
    }

    /// Requests a withdrawal (scope `withdraw`); it waits for the user's e-mail
    /// confirmation. Checked before it is sent (amount, Bitcoin address checksum).
    pub async fn withdraw(
        &self,
        auth: &impl Authenticator,
        withdrawal: &Withdraw,
    ) -> Result<Order, Error> {
        self.call_as(&endpoint::WITHDRAW, auth, self.withdraw_parts(withdrawal)?)
            .await
    }

    /// What `withdraw()` adds to its endpoint: the checked transfer's JSON body.
    pub fn withdraw_parts(&self, withdrawal: &Withdraw) -> Result<Parts, Error> {
        Ok(Parts {
            body: Some(withdrawal.check(self.config.locale())?.body()),
            ..Parts::default()
        })
    }

    /// Cancels an active trade order (scope `trade`). The canceled order, when the
    /// server sends it back.
    pub async fn cancel_order(
        &self,
        auth: &impl Authenticator,
        uuid: &str,
    ) -> Result<Option<Order>, Error> {
        self.call_as(&endpoint::CANCEL_ORDER, auth, self.uuid_parts(uuid)?)
            .await
    }

    /// After an `unknown-outcome` error: the newest of the user's 20 latest orders
    /// that matches `order` (same type, direction, price and amount, not canceled), or
    /// `None`. Compare its `created_at` with when the order was sent.
    pub async fn find_placed_order(
        &self,
        auth: &impl Authenticator,
        order: &PlaceOrder,
    ) -> Result<Option<Order>, Error> {
        let order = order.check(self.config.locale())?;
        let recent = self
            .orders(
                auth,
                &OrdersQuery {
                    limit: Some(20.into()),
                    ..OrdersQuery::default()
                },
            )
            .await?;
        Ok(recent.into_iter().find(|o| order.matches(o)))
    }

    /// After an `unknown-outcome` error on a withdrawal: the newest matching
    /// transfer among the 20 latest orders, or `None`.
    pub async fn find_withdrawal(
        &self,
        auth: &impl Authenticator,
        withdrawal: &Withdraw,
    ) -> Result<Option<Order>, Error> {
        let transfer = withdrawal.check(self.config.locale())?;
        let recent = self
            .orders(
                auth,
                &OrdersQuery {
                    limit: Some(20.into()),
                    ..OrdersQuery::default()
                },
            )
            .await?;
        Ok(recent.into_iter().find(|o| transfer.matches(o)))
    }

    /// Calls a public endpoint whose answer is a list, and decodes it item by item
    /// ([`decode::list_sliced`]).
    pub async fn call_list<R: Model>(&self, endpoint: &Endpoint<Vec<R>>) -> Result<Vec<R>, Error> {
        let response = self.respond(&endpoint.route).await?;
        decode::list_sliced(&response, &self.sender).await
    }

    /// Calls any public endpoint and decodes its answer.
    pub async fn call<R: Model>(&self, endpoint: &Endpoint<R>) -> Result<R, Error> {
        let response = self.respond(&endpoint.route).await?;
        let node = decode::node_sliced(&response, &R::KIND, &self.sender).await?;
        decode::model(&response, node)
    }

    /// Calls a public endpoint: its successful response, body unread.
    pub async fn respond(&self, endpoint: &Route) -> Result<HttpResponse, Error> {
        let response = self.sender.send(self.request(endpoint)).await?;
        decode::check(&response)?;
        Ok(response)
    }

    /// Calls an endpoint with a session: the session is checked (and refreshed if it
    /// must be) and its scope verified before anything is sent; an HTTP 401 ends it,
    /// a 403 names the scope.
    pub async fn call_as<R: Model>(
        &self,
        endpoint: &Endpoint<R>,
        auth: &impl Authenticator,
        parts: Parts,
    ) -> Result<R, Error> {
        self.respond_as(&endpoint.route, auth, parts)
            .await?
            .decode()
    }

    /// A session's tokens go to the origin they were issued for, and nowhere else: a
    /// `session` error (`wrong-origin`) for a session of another origin than this
    /// client's, before anything is sent (a refresh included).
    pub fn check_origin(&self, auth: &impl Authenticator) -> Result<(), Error> {
        let ours = crate::config::origin(self.config.base_url()).unwrap_or_default();
        if ours == auth.origin() {
            return Ok(());
        }
        Err(Error::Session {
            code: "wrong-origin",
            reason: Text::WrongOrigin {
                session: auth.origin().to_owned(),
                client: ours,
            },
            status: None,
        })
    }

    /// [`Client::call_as`], up to a successful response whose body is still unread.
    pub async fn respond_as(
        &self,
        endpoint: &Route,
        auth: &impl Authenticator,
        parts: Parts,
    ) -> Result<Answer, Error> {
        self.check_origin(auth)?;
        let authorized = auth.authorize().await?;
        if let Some(scope) = endpoint.scope {
            if !authorized.scopes.iter().any(|s| s == scope) {
                return Err(Error::Session {
                    code: "missing-scope",
                    reason: Text::MissingScope {
                        scope,
                        said: Vec::new(),
                    },
                    status: None,
                });
            }
        }
        let mut request = self.request(endpoint);
        request.url = self
            .config
            .url(&endpoint.path_with(self.config.currency(), parts.uuid.as_deref()));
        if !parts.query.is_empty() {
            request.url = format!("{}?{}", request.url, parts.query);
        }
        if let Some(body) = parts.body {
            request
                .headers
                .push(("Content-Type", "application/json".to_owned()));
            request.body = Some(body);
        }
        request.headers.extend(authorized.headers);
        let secrets = authorized.secrets;
        // A server may echo a token in its messages: no error carries one.
        match self.checked_as(endpoint, auth, request).await {
            Ok(response) => Ok(Answer { response, secrets }),
            Err(error) => Err(redact(error, &secrets)),
        }
    }

    async fn checked_as(
        &self,
        endpoint: &Route,
        auth: &impl Authenticator,
        request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
        let response = self.sender.send(request).await?;
        match response.status {
            401 => Err(auth.rejected(response.status)),
            403 => {
                let scope = endpoint.scope.unwrap_or("?");
                Err(Error::Session {
                    code: "missing-scope",
                    reason: Text::MissingScope {
                        scope,
                        said: decode::error_messages(&response.body),
                    },
                    status: Some(403),
                })
            }
            // No body (a cancel may answer so): `null`.
            200..=299 if response.body.iter().all(u8::is_ascii_whitespace) => Ok(HttpResponse {
                body: b"null".to_vec(),
                headers: Vec::new(),
                ..response
            }),
            _ => {
                decode::check(&response)?;
                Ok(response)
            }
        }
    }

    /// The request for an endpoint, exactly as it will be sent.
    pub fn request(&self, endpoint: &Route) -> HttpRequest {
        let path = endpoint.path_for(self.config.currency());
        HttpRequest {
            method: endpoint.method,
            url: self.config.url(&path),
            headers: vec![
                ("Accept", "application/json".to_owned()),
                ("Accept-Language", self.config.locale().tag().to_owned()),
            ],
            body: None,
            timeout_ms: self.config.timeout_ms(),
            max_response_bytes: self.config.max_response_bytes(),
        }
    }
}
