//! Decoding a response body the client did not fetch itself (`parseTicker`,
//! `parseTrades`, `parseDepth`, ...): text from a cache, a worker, a WebSocket
//! relay or a file becomes the same plain object the matching `Client` method
//! resolves to, through the same decoder (`decode.rs`), with the same errors.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use super::error::{BitcoinCentralError, from_core};
use super::to_plain;
use crate::decode::decode;
use crate::endpoint::{self, Endpoint};
use crate::http::HttpResponse;

/// The body of a successful answer of `endpoint`, as JS receives it from the client.
/// The text is read as a 200 answer: a decode error carries `status` 200.
fn parse<T: DeserializeOwned + Serialize>(
    _endpoint: &Endpoint<T>,
    text: String,
) -> Result<JsValue, BitcoinCentralError> {
    // Given as JSON: a body that is not JSON is reported by what is wrong with it
    // (`expected value at line 1 column 1`), not by a content type nobody sent.
    let response = HttpResponse {
        status: 200,
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: text,
    };
    let value: T = decode(&response).map_err(|e| from_core(&e))?;
    to_plain(&value)
}

/// Decodes the text of a ticker answer (`GET /api/v1/data/{currency}/ticker`) into
/// the object `client.ticker()` resolves to, decimals as the server's exact text.
/// Throws a `BitcoinCentralError` of kind `"decode"` (with `path`, e.g. `"price"`)
/// when the text is not a ticker.
#[wasm_bindgen(js_name = parseTicker, unchecked_return_type = "Ticker")]
pub fn parse_ticker(text: String) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::TICKER, text)
}

/// Decodes the text of a trades answer (`GET /api/v1/data/{currency}/trades`) into
/// the array `client.trades()` resolves to. Throws a `BitcoinCentralError` of kind
/// `"decode"` (with `path`, e.g. `"[3].traded_btc"`) when the text is not a list of trades.
#[wasm_bindgen(js_name = parseTrades, unchecked_return_type = "Trade[]")]
pub fn parse_trades(text: String) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::TRADES, text)
}

/// Decodes the text of a depth answer (`GET /api/v1/data/{currency}/depth`) into the
/// object `client.depth()` resolves to. Throws a `BitcoinCentralError` of kind
/// `"decode"` (with `path`, e.g. `"bids[1].price"`) when the text is not a depth.
#[wasm_bindgen(js_name = parseDepth, unchecked_return_type = "Depth")]
pub fn parse_depth(text: String) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::DEPTH, text)
}

/// Decodes the text of a Bitcoin Charts trades answer
/// (`GET /api/v1/bitcoin_charts/{currency}/trades`) into the array
/// `client.bitcoinChartsTrades()` resolves to. Throws a `BitcoinCentralError` of kind
/// `"decode"` when the text is not one.
#[wasm_bindgen(js_name = parseBitcoinChartsTrades, unchecked_return_type = "ChartsTrade[]")]
pub fn parse_bitcoin_charts_trades(text: String) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::BITCOIN_CHARTS_TRADES, text)
}

/// Decodes the text of a Bitcoin Charts depth answer
/// (`GET /api/v1/bitcoin_charts/{currency}/depth`) into the object
/// `client.bitcoinChartsDepth()` resolves to. Throws a `BitcoinCentralError` of kind
/// `"decode"` when the text is not one.
#[wasm_bindgen(js_name = parseBitcoinChartsDepth, unchecked_return_type = "ChartsDepth")]
pub fn parse_bitcoin_charts_depth(text: String) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::BITCOIN_CHARTS_DEPTH, text)
}
