//! Decoding a response body the client did not fetch itself (`parseTicker`,
//! `parseTrades`, `parseDepth`, ...): text or bytes from a cache, a worker, a
//! WebSocket relay or a file become the same plain object the matching `Client`
//! method resolves to, through the same schema walk, with the same errors.

use wasm_bindgen::prelude::*;

use super::error::{BitcoinCentralError, from_core};
use super::value::{body, build, build_over};
use crate::endpoint::{self, Endpoint};
use crate::error::Error;
use crate::http::HttpResponse;
use crate::schema::Model;

/// The body of a successful answer of `endpoint`, as JS receives it from the client.
/// The input is read as a JSON answer; a decode error names no HTTP status (`status` is `null`).
fn parse<T: Model>(
    _endpoint: &Endpoint<T>,
    input: &JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    let body = body(input, "input")?;
    // Given as JSON: a body that is not JSON is reported by what is wrong with it,
    // not by a content type nobody sent.
    let response = HttpResponse {
        status: 200,
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body,
    };
    let tape = crate::decode::decode_js(&response, &T::KIND).map_err(|error| match error {
        // Given as text: no HTTP status was seen, so none is named.
        Error::Decode { path, reason, .. } => from_core(&Error::Decode {
            status: None,
            path,
            reason,
        }),
        other => from_core(&other),
    })?;
    if input.is_string() {
        // The tape's offsets count UTF-16 units of this very text.
        build_over(&tape, input, &T::KIND)
    } else {
        build(&tape, &response.body, &T::KIND)
    }
}

/// Decodes a ticker answer (`GET /api/v1/data/{currency}/ticker`), as text or UTF-8
/// bytes, into the object `client.ticker()` resolves to, decimals as the server's
/// exact text. Throws a `BitcoinCentralError` of kind `"decode"` (with `path`, e.g.
/// `"price"`) when it is not a ticker.
#[wasm_bindgen(js_name = parseTicker, unchecked_return_type = "Ticker")]
pub fn parse_ticker(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::TICKER, &input)
}

/// Decodes a trades answer (`GET /api/v1/data/{currency}/trades`) into the array
/// `client.trades()` resolves to. Throws a `BitcoinCentralError` of kind `"decode"`
/// (with `path`, e.g. `"[3].traded_btc"`) when it is not a list of trades.
#[wasm_bindgen(js_name = parseTrades, unchecked_return_type = "Trade[]")]
pub fn parse_trades(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::TRADES, &input)
}

/// Decodes a depth answer (`GET /api/v1/data/{currency}/depth`) into the object
/// `client.depth()` resolves to (each side in ascending price order, as sent). Throws
/// a `BitcoinCentralError` of kind `"decode"` (with `path`, e.g. `"bids[1].price"`)
/// when it is not a depth. `parseDepthBook()` keeps the book in wasm memory instead.
#[wasm_bindgen(js_name = parseDepth, unchecked_return_type = "Depth")]
pub fn parse_depth(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::DEPTH, &input)
}

/// Decodes a Bitcoin Charts trades answer
/// (`GET /api/v1/bitcoin_charts/{currency}/trades`) into the array
/// `client.bitcoinChartsTrades()` resolves to. Throws a `BitcoinCentralError` of kind
/// `"decode"` when it is not one.
#[wasm_bindgen(js_name = parseBitcoinChartsTrades, unchecked_return_type = "ChartsTrade[]")]
pub fn parse_bitcoin_charts_trades(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::BITCOIN_CHARTS_TRADES, &input)
}

/// Decodes a Bitcoin Charts depth answer
/// (`GET /api/v1/bitcoin_charts/{currency}/depth`) into the object
/// `client.bitcoinChartsDepth()` resolves to. Throws a `BitcoinCentralError` of kind
/// `"decode"` when it is not one.
#[wasm_bindgen(js_name = parseBitcoinChartsDepth, unchecked_return_type = "ChartsDepth")]
pub fn parse_bitcoin_charts_depth(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsValue, BitcoinCentralError> {
    parse(&endpoint::BITCOIN_CHARTS_DEPTH, &input)
}
