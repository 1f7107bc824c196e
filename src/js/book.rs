//! The JS `DepthBook` class: the order book kept in wasm memory ([`crate::book`]).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::error::{BitcoinCentralError, from_core};
use super::value::{body, count, index, plain};
use crate::book::{DepthBook, Side, TooLarge};
use crate::error::{Error, Text};
use crate::model::Depth;
use crate::schema::Model;

/// An order book kept in wasm memory, each side best first (bids from the highest
/// price, asks from the lowest). Read what the page shows — `bids(20)`, a price by
/// index, exact totals, spread and mid — and nothing is made for the other levels.
/// Holds wasm memory until `free()` (or `using book = ...`).
///
/// ```js
/// const book = await client.depthBook();
/// const top = book.bids(20); // [{ timestamp, price: "680.00", amount, currency }, ...]
/// const spread = book.spread; // "1.50", exact
/// book.free();
/// ```
#[wasm_bindgen(js_name = DepthBook)]
pub struct JsDepthBook {
    book: RefCell<DepthBook>,
}

impl From<DepthBook> for JsDepthBook {
    fn from(book: DepthBook) -> Self {
        JsDepthBook {
            book: RefCell::new(book),
        }
    }
}

/// An exact decimal as its text, or `null` (wasm-bindgen makes `None` `undefined`).
fn decimal_or_null(value: Option<rust_decimal::Decimal>) -> JsValue {
    value.map_or(JsValue::NULL, |v| JsValue::from_str(&v.to_string()))
}

fn too_large(_: TooLarge) -> BitcoinCentralError {
    from_core(&Error::Decode {
        status: None,
        path: String::new(),
        reason: Text::SumTooLarge,
    })
}

fn index_error(name: &'static str, index: u32, count: usize) -> BitcoinCentralError {
    from_core(&Error::InvalidArgument {
        name,
        reason: Text::PastLastLevel { index, count },
    })
}

impl JsDepthBook {
    fn text(
        &self,
        side: Side,
        index: &JsValue,
        read: fn(&DepthBook, Side, usize) -> Option<&str>,
    ) -> Result<String, BitcoinCentralError> {
        let index = self::index(index, "index")?;
        let book = self.book.borrow();
        read(&book, side, index as usize)
            .map(str::to_owned)
            .ok_or_else(|| index_error("index", index, book.len(side)))
    }

    fn cumulative(&self, side: Side, index: &JsValue) -> Result<JsValue, BitcoinCentralError> {
        let index = self::index(index, "index")?;
        let sum = self.book.borrow_mut().cumulative(side, index as usize);
        sum.map(decimal_or_null).map_err(too_large)
    }

    fn total(&self, side: Side) -> Result<String, BitcoinCentralError> {
        let sum = self.book.borrow_mut().total(side);
        sum.map(|total| total.to_string()).map_err(too_large)
    }

    fn levels(&self, side: Side, count: &JsValue) -> Result<JsValue, BitcoinCentralError> {
        let count = self::count(count, "count")?.map_or(usize::MAX, |n| n as usize);
        plain(&self.book.borrow().levels_js(side, count))
    }
}

#[wasm_bindgen(js_class = DepthBook)]
impl JsDepthBook {
    /// The best `count` bids (all when omitted), highest price first, as plain
    /// objects with exact strings.
    #[wasm_bindgen(unchecked_return_type = "DepthLevel[]")]
    pub fn bids(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] count: JsValue,
    ) -> Result<JsValue, BitcoinCentralError> {
        self.levels(Side::Bids, &count)
    }

    /// The best `count` asks (all when omitted), lowest price first.
    #[wasm_bindgen(unchecked_return_type = "DepthLevel[]")]
    pub fn asks(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] count: JsValue,
    ) -> Result<JsValue, BitcoinCentralError> {
        self.levels(Side::Asks, &count)
    }

    /// How many bid levels the book has.
    #[wasm_bindgen(getter = bidCount)]
    pub fn bid_count(&self) -> u32 {
        self.book.borrow().len(Side::Bids) as u32
    }

    /// How many ask levels the book has.
    #[wasm_bindgen(getter = askCount)]
    pub fn ask_count(&self) -> u32 {
        self.book.borrow().len(Side::Asks) as u32
    }

    /// The price of the `index`-th best bid (0 is the best), exact.
    #[wasm_bindgen(js_name = bidPrice, unchecked_return_type = "DecimalString")]
    pub fn bid_price(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    ) -> Result<String, BitcoinCentralError> {
        self.text(Side::Bids, &index, DepthBook::price)
    }

    /// The amount of the `index`-th best bid, exact.
    #[wasm_bindgen(js_name = bidAmount, unchecked_return_type = "DecimalString")]
    pub fn bid_amount(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    ) -> Result<String, BitcoinCentralError> {
        self.text(Side::Bids, &index, DepthBook::amount)
    }

    /// The price of the `index`-th best ask (0 is the best), exact.
    #[wasm_bindgen(js_name = askPrice, unchecked_return_type = "DecimalString")]
    pub fn ask_price(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    ) -> Result<String, BitcoinCentralError> {
        self.text(Side::Asks, &index, DepthBook::price)
    }

    /// The amount of the `index`-th best ask, exact.
    #[wasm_bindgen(js_name = askAmount, unchecked_return_type = "DecimalString")]
    pub fn ask_amount(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    ) -> Result<String, BitcoinCentralError> {
        self.text(Side::Asks, &index, DepthBook::amount)
    }

    /// The BTC of the best `index + 1` bids together, exact; `null` past the last
    /// level. Throws a `"decode"` error if the sum needs more than 28 digits.
    #[wasm_bindgen(js_name = cumulativeBid, unchecked_return_type = "DecimalString | null")]
    pub fn cumulative_bid(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    ) -> Result<JsValue, BitcoinCentralError> {
        self.cumulative(Side::Bids, &index)
    }

    /// The BTC of the best `index + 1` asks together, exact; `null` past the last
    /// level. Throws a `"decode"` error if the sum needs more than 28 digits.
    #[wasm_bindgen(js_name = cumulativeAsk, unchecked_return_type = "DecimalString | null")]
    pub fn cumulative_ask(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: JsValue,
    ) -> Result<JsValue, BitcoinCentralError> {
        self.cumulative(Side::Asks, &index)
    }

    /// The BTC of all bids, exact (`"0"` for none).
    #[wasm_bindgen(getter = totalBid, unchecked_return_type = "DecimalString")]
    pub fn total_bid(&self) -> Result<String, BitcoinCentralError> {
        self.total(Side::Bids)
    }

    /// The BTC of all asks, exact (`"0"` for none).
    #[wasm_bindgen(getter = totalAsk, unchecked_return_type = "DecimalString")]
    pub fn total_ask(&self) -> Result<String, BitcoinCentralError> {
        self.total(Side::Asks)
    }

    /// The best bid, or `null` when there is none.
    #[wasm_bindgen(getter = bestBid, unchecked_return_type = "DepthLevel | null")]
    pub fn best_bid(&self) -> Result<JsValue, BitcoinCentralError> {
        plain(&self.book.borrow().level_js(Side::Bids, 0))
    }

    /// The best ask, or `null` when there is none.
    #[wasm_bindgen(getter = bestAsk, unchecked_return_type = "DepthLevel | null")]
    pub fn best_ask(&self) -> Result<JsValue, BitcoinCentralError> {
        plain(&self.book.borrow().level_js(Side::Asks, 0))
    }

    /// The best ask's price minus the best bid's, exact; `null` when a side is empty.
    #[wasm_bindgen(getter, unchecked_return_type = "DecimalString | null")]
    pub fn spread(&self) -> JsValue {
        decimal_or_null(self.book.borrow().spread())
    }

    /// Halfway between the best bid and the best ask, exact; `null` when a side is
    /// empty.
    #[wasm_bindgen(getter, unchecked_return_type = "DecimalString | null")]
    pub fn mid(&self) -> JsValue {
        decimal_or_null(self.book.borrow().mid())
    }
}

/// Reads a depth answer (`GET /api/v1/data/{currency}/depth`), as text or UTF-8
/// bytes, into a `DepthBook` kept in wasm memory. Accepts and refuses exactly what
/// `parseDepth()` does, with the same errors.
#[wasm_bindgen(js_name = parseDepthBook)]
pub fn parse_depth_book(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsDepthBook, BitcoinCentralError> {
    let body = body(&input, "input")?;
    let len = body.len();
    DepthBook::from_body(body, &Depth::KIND)
        .map(JsDepthBook::from)
        .map_err(|failure| {
            from_core(&Error::Decode {
                // Given as text: no HTTP status was seen.
                status: None,
                path: failure.path(),
                reason: crate::decode::failure_text(&failure, len),
            })
        })
}
