//! The client: builds each request from an [`Endpoint`], sends it through a
//! [`Transport`], and turns the response into a model or an [`Error`].
//!
//! It is the Rust API (for Yew, Leptos and other Rust web apps) and the engine behind
//! the JS `Client`. State lives in `Cell`s and is never borrowed across an `.await`, so
//! any number of calls may run at once on one client.

use std::cell::Cell;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::decode;
use crate::endpoint::{self, Endpoint};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::model::{ChartsDepth, ChartsTrade, Depth, Ticker, Trade, User};
use crate::oauth::Authenticator;

/// The rate-limit status the server reported with its latest answer
/// (`X-Ratelimit-Limit` and `X-Ratelimit-Remaining`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RateLimit {
    /// Calls allowed per period.
    pub limit: u64,
    /// Calls left in the current period.
    pub remaining: u64,
}

impl RateLimit {
    /// Both headers, when the response has them and they are numbers.
    pub fn from_response(response: &HttpResponse) -> Option<RateLimit> {
        let number = |name| response.header(name)?.trim().parse().ok();
        Some(RateLimit {
            limit: number("x-ratelimit-limit")?,
            remaining: number("x-ratelimit-remaining")?,
        })
    }
}

/// A Bitcoin-Central API client over a [`Transport`]. In the browser, use
/// `bitcoin_central::Client`, which sends with `fetch`.
#[derive(Debug)]
pub struct Client<T> {
    config: Config,
    transport: T,
    rate_limit: Cell<Option<RateLimit>>,
}

impl<T: Transport> Client<T> {
    /// A client that sends its requests through `transport`.
    pub fn with_transport(config: Config, transport: T) -> Self {
        Client {
            config,
            transport,
            rate_limit: Cell::new(None),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The rate-limit status from the latest answer that carried one.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.rate_limit.get()
    }

    /// The latest ticker.
    pub async fn ticker(&self) -> Result<Ticker, Error> {
        self.call(&endpoint::TICKER).await
    }

    /// The latest executed trades, oldest first.
    pub async fn trades(&self) -> Result<Vec<Trade>, Error> {
        self.call(&endpoint::TRADES).await
    }

    /// The order book, grouped by price.
    pub async fn depth(&self) -> Result<Depth, Error> {
        self.call(&endpoint::DEPTH).await
    }

    /// The latest trades in the Bitcoin Charts format.
    pub async fn bitcoin_charts_trades(&self) -> Result<Vec<ChartsTrade>, Error> {
        self.call(&endpoint::BITCOIN_CHARTS_TRADES).await
    }

    /// The order book in the Bitcoin Charts format.
    pub async fn bitcoin_charts_depth(&self) -> Result<ChartsDepth, Error> {
        self.call(&endpoint::BITCOIN_CHARTS_DEPTH).await
    }

    /// The logged-in user's account and balances (scope `basic`).
    pub async fn user(&self, auth: &impl Authenticator) -> Result<User, Error> {
        self.call_as(&endpoint::USER, auth).await
    }

    /// Calls any public endpoint and decodes its answer.
    pub async fn call<R: DeserializeOwned>(&self, endpoint: &Endpoint<R>) -> Result<R, Error> {
        let response = self.send(self.request(endpoint)).await?;
        decode::answer(&response)
    }

    /// Calls an endpoint with a session: the session is checked (and refreshed if it
    /// must be) and its scope verified before anything is sent; an HTTP 401 ends it.
    pub async fn call_as<R: DeserializeOwned>(
        &self,
        endpoint: &Endpoint<R>,
        auth: &impl Authenticator,
    ) -> Result<R, Error> {
        let headers = auth.authorize(endpoint.scope).await?;
        let mut request = self.request(endpoint);
        request.headers.extend(headers);
        let response = self.send(request).await?;
        if response.status == 401 {
            return Err(auth.rejected(response.status));
        }
        decode::answer(&response)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let url = request.url.clone();
        let response = self.transport.send(request).await.map_err(|e| match e {
            TransportError::Timeout => Error::Timeout {
                url,
                after_ms: self.config.timeout_ms(),
            },
            TransportError::Network(reason) => Error::Network { url, reason },
        })?;
        if let Some(rate_limit) = RateLimit::from_response(&response) {
            self.rate_limit.set(Some(rate_limit));
        }
        Ok(response)
    }

    /// The request for an endpoint, exactly as it will be sent.
    pub fn request<R>(&self, endpoint: &Endpoint<R>) -> HttpRequest {
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
        }
    }
}
