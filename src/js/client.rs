//! The JS `Client` class: a thin shell over the core [`crate::Client`]. Each method
//! returns a Promise of a plain object; the client is shared through an `Rc`, so no
//! borrow of the JS object is held across an `.await` and calls may overlap freely.

use std::future::Future;
use std::rc::Rc;

use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::error::{BitcoinCentralError, from_core};
use super::to_plain;
use crate::config::{ClientOptions, Config};
use crate::error::Error;
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
}

#[wasm_bindgen(js_class = Client)]
impl JsClient {
    /// Creates a client. Every option is optional: `baseUrl` defaults to
    /// `https://bitcoin-central.net`, `currency` to `"eur"`, `locale` to the browser's
    /// language (`"fr"` for French, otherwise `"en"`), `timeoutMs` to 10000.
    /// Throws a `BitcoinCentralError` of kind `"invalid-argument"` for a bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: Option<JsValue>,
    ) -> Result<JsClient, BitcoinCentralError> {
        let options = match options {
            Some(value) if !value.is_undefined() && !value.is_null() => {
                // As JSON text rather than straight into the struct: serde-wasm-bindgen
                // reads only a struct's own fields from an object, so
                // `deny_unknown_fields` would never see a typo such as `baseURL`.
                // (`undefined` members drop out, as if absent.)
                js_sys::JSON::stringify(&value)
                    .ok()
                    .and_then(|text| text.as_string())
                    .ok_or_else(|| "not representable as JSON".to_owned())
                    .and_then(|text| {
                        serde_json::from_str::<ClientOptions>(&text).map_err(|e| e.to_string())
                    })
                    .map_err(|reason| {
                        from_core(&Error::InvalidArgument {
                            name: "options",
                            reason,
                        })
                    })?
            }
            _ => ClientOptions::default(),
        };
        let config =
            Config::from_options(options, preferred_locale()).map_err(|e| from_core(&e))?;
        Ok(JsClient {
            core: Rc::new(Core::new(config)),
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
