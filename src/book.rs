//! The order book as a view kept in memory: [`DepthBook`].
//!
//! A widget shows tens of levels of a book of tens of thousands. `DepthBook` reads a
//! depth answer once — through the same schema walk as `depth()`, so it accepts and
//! refuses exactly the same bytes — and keeps every level (its exact text and its
//! [`Decimal`] value) in wasm memory, best first. JS then asks for what it shows: the
//! best N levels, a level's price by index, cumulative amounts, totals, spread and mid,
//! all exact. Nothing is made for the levels nobody reads.

use rust_decimal::Decimal;

use crate::decimal::parse_exact;
use crate::error::Error;
use crate::http::HttpResponse;
use crate::json::{self, RawStr};
use crate::model::{Depth, DepthLevel};
use crate::schema::{self, Field, Model, Schema, Sink};

/// Where a text sits in the book's arena.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Level {
    timestamp: i64,
    price: Decimal,
    amount: Decimal,
    price_text: Span,
    amount_text: Span,
    currency: Span,
}

/// Which side of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Bids,
    Asks,
}

/// An order book held in memory, each side best first (bids from the highest price,
/// asks from the lowest), whatever order the server sent them in.
#[derive(Debug, Clone, Default)]
pub struct DepthBook {
    /// Every level's price, amount and currency text, back to back.
    arena: Vec<u8>,
    bids: Vec<Level>,
    asks: Vec<Level>,
    /// Running sums of the amounts, best first, as far as they have been asked for.
    cumulative: [Vec<Option<Decimal>>; 2],
}

impl DepthBook {
    /// Reads a depth answer's bytes, with the checks and errors of `depth()`.
    #[cfg_attr(bc_speed, optimize(speed))]
    pub fn from_json(bytes: &[u8]) -> Result<DepthBook, schema::Failure> {
        let mut sink = BookSink::default();
        schema::walk(bytes, &Depth::KIND, &mut sink)?;
        let mut book = sink.book;
        // The API sends both sides in ascending price order; keep any order safe.
        for (levels, best_first) in [(&mut book.bids, Side::Bids), (&mut book.asks, Side::Asks)] {
            if !levels.is_sorted_by(|a, b| a.price <= b.price) {
                levels.sort_by_key(|level| level.price);
            }
            if best_first == Side::Bids {
                levels.reverse();
            }
        }
        Ok(book)
    }

    /// Reads a successful depth response (see [`crate::decode`]).
    pub fn from_response(response: &HttpResponse) -> Result<DepthBook, Error> {
        // The same content-type and error rules as `depth()`.
        crate::decode::json_body(response)?;
        DepthBook::from_json(&response.body).map_err(|f| crate::decode::failed(response, &f))
    }

    fn side(&self, side: Side) -> &[Level] {
        match side {
            Side::Bids => &self.bids,
            Side::Asks => &self.asks,
        }
    }

    /// How many levels a side has.
    pub fn len(&self, side: Side) -> usize {
        self.side(side).len()
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn text(&self, span: Span) -> &str {
        let bytes = self
            .arena
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The price of the `index`-th best level of a side, as the server wrote it.
    pub fn price(&self, side: Side, index: usize) -> Option<&str> {
        self.side(side).get(index).map(|l| self.text(l.price_text))
    }

    /// The amount of the `index`-th best level of a side, as the server wrote it.
    pub fn amount(&self, side: Side, index: usize) -> Option<&str> {
        self.side(side).get(index).map(|l| self.text(l.amount_text))
    }

    /// The `index`-th best level of a side.
    pub fn level(&self, side: Side, index: usize) -> Option<DepthLevel> {
        let level = self.side(side).get(index)?;
        Some(DepthLevel {
            timestamp: level.timestamp,
            price: level.price,
            amount: level.amount,
            currency: self.text(level.currency).to_owned(),
        })
    }

    /// The sum of the amounts of the best `index + 1` levels of a side; `None` past
    /// the end, or if the sum needs more than 28 digits.
    #[cfg_attr(bc_speed, optimize(speed))]
    pub fn cumulative(&mut self, side: Side, index: usize) -> Option<Decimal> {
        let levels = match side {
            Side::Bids => &self.bids,
            Side::Asks => &self.asks,
        };
        if index >= levels.len() {
            return None;
        }
        let sums = &mut self.cumulative[side as usize];
        while sums.len() <= index {
            let previous = match sums.last() {
                Some(sum) => *sum,
                None => Some(Decimal::ZERO),
            };
            let amount = levels[sums.len()].amount;
            sums.push(previous.and_then(|sum| sum.checked_add(amount)));
        }
        sums[index]
    }

    /// The sum of a side's amounts (`0` for an empty side).
    pub fn total(&mut self, side: Side) -> Option<Decimal> {
        match self.len(side) {
            0 => Some(Decimal::ZERO),
            n => self.cumulative(side, n - 1),
        }
    }

    /// The best ask minus the best bid.
    pub fn spread(&self) -> Option<Decimal> {
        let (bid, ask) = (self.bids.first()?.price, self.asks.first()?.price);
        ask.checked_sub(bid)
    }

    /// Halfway between the best bid and the best ask, exact, with no more decimals
    /// than it needs beyond theirs.
    pub fn mid(&self) -> Option<Decimal> {
        let (bid, ask) = (self.bids.first()?.price, self.asks.first()?.price);
        let mid = bid.checked_add(ask)?.checked_mul(Decimal::new(5, 1))?;
        let scale = bid.scale().max(ask.scale());
        let short = mid.round_dp(scale);
        Some(if short == mid { short } else { mid })
    }

    /// The best `count` levels of a side as JSON text for JS (`DepthLevel[]`).
    #[cfg_attr(bc_speed, optimize(speed))]
    pub fn levels_js(&self, side: Side, count: usize) -> String {
        let levels = self.side(side);
        let mut out = Vec::with_capacity(count.min(levels.len()) * 80 + 2);
        out.push(b'[');
        for (i, level) in levels.iter().take(count).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.write_level(&mut out, level);
        }
        out.push(b']');
        String::from_utf8(out).unwrap_or_default()
    }

    /// The `index`-th best level of a side as JSON text for JS, or `null`.
    pub fn level_js(&self, side: Side, index: usize) -> String {
        let mut out = Vec::with_capacity(96);
        match self.side(side).get(index) {
            Some(level) => self.write_level(&mut out, level),
            None => out.extend_from_slice(b"null"),
        }
        String::from_utf8(out).unwrap_or_default()
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn write_level(&self, out: &mut Vec<u8>, level: &Level) {
        out.extend_from_slice(b"{\"timestamp\":");
        json::write_int(out, level.timestamp);
        out.extend_from_slice(b",\"price\":\"");
        out.extend_from_slice(self.text(level.price_text).as_bytes());
        out.extend_from_slice(b"\",\"amount\":\"");
        out.extend_from_slice(self.text(level.amount_text).as_bytes());
        out.extend_from_slice(b"\",\"currency\":");
        json::write_str(out, self.text(level.currency));
        out.push(b'}');
    }
}

/// Fills a [`DepthBook`] from the walk of a depth answer.
#[derive(Default)]
struct BookSink {
    book: DepthBook,
    /// Objects open: 1 inside the depth, 2 inside a level.
    nesting: u8,
    side: usize,
    field: usize,
    level: Level,
}

impl BookSink {
    #[cfg_attr(bc_speed, optimize(speed))]
    fn keep(&mut self, text: &[u8]) -> Span {
        let start = self.book.arena.len() as u32;
        self.book.arena.extend_from_slice(text);
        Span {
            start,
            end: self.book.arena.len() as u32,
        }
    }
}

/// A canonical decimal's value, read without the general parser when it is short
/// (the common case), exactly.
#[cfg_attr(bc_speed, optimize(speed))]
fn value_of(text: &str) -> Decimal {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    let mut mantissa: i128 = 0;
    let mut scale = None;
    let mut count = 0;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i128::from(b - b'0');
                count += 1;
            }
            b'.' if scale.is_none() => scale = Some(digits.len() - i - 1),
            _ => count = usize::MAX - 1,
        }
        if count > 28 {
            return parse_exact(text).unwrap_or_default();
        }
    }
    let scale = u32::try_from(scale.unwrap_or(0)).unwrap_or(u32::MAX);
    let mantissa = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(mantissa, scale)
        .unwrap_or_else(|_| parse_exact(text).unwrap_or_default())
}

impl Sink for BookSink {
    #[cfg_attr(bc_speed, optimize(speed))]
    fn begin_object(&mut self, _: &'static Schema) {
        self.nesting += 1;
        if self.nesting == 2 {
            self.level = Level::default();
        }
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn field(&mut self, index: usize, _: &'static Field) {
        if self.nesting == 1 {
            self.side = index;
        } else {
            self.field = index;
        }
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn end_object(&mut self, _: &'static Schema, _: u64) {
        if self.nesting == 2 {
            let level = std::mem::take(&mut self.level);
            match self.side {
                0 => self.book.bids.push(level),
                _ => self.book.asks.push(level),
            }
        }
        self.nesting = self.nesting.saturating_sub(1);
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn begin_list(&mut self) {}

    #[cfg_attr(bc_speed, optimize(speed))]
    fn item(&mut self) {}

    #[cfg_attr(bc_speed, optimize(speed))]
    fn end_list(&mut self) {}

    #[cfg_attr(bc_speed, optimize(speed))]
    fn null(&mut self) {}

    #[cfg_attr(bc_speed, optimize(speed))]
    fn bool(&mut self, _: bool) {}

    #[cfg_attr(bc_speed, optimize(speed))]
    fn int(&mut self, value: i64) {
        self.level.timestamp = value;
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn decimal(&mut self, text: &str) {
        let value = value_of(text);
        let span = self.keep(text.as_bytes());
        // DepthLevel's fields: timestamp, price, amount, currency.
        if self.field == 1 {
            self.level.price = value;
            self.level.price_text = span;
        } else {
            self.level.amount = value;
            self.level.amount_text = span;
        }
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn text(&mut self, text: RawStr<'_>) {
        let value = text.text();
        self.level.currency = self.keep(value.as_bytes());
    }

    #[cfg_attr(bc_speed, optimize(speed))]
    fn raw(&mut self, _: &[u8]) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = r#"{"bids": [
        {"timestamp": 1, "price": 679.9, "amount": "0.5", "currency": "EUR"},
        {"timestamp": 2, "price": 680.00, "amount": 1.25, "currency": "EUR"}
    ], "asks": [
        {"timestamp": 3, "price": "681.5", "amount": 2, "currency": "EUR"},
        {"timestamp": 4, "price": 682, "amount": "0.00000001", "currency": "E\u0055R"}
    ]}"#;

    #[test]
    fn levels_come_best_first_with_the_server_digits() {
        let book = DepthBook::from_json(BOOK.as_bytes()).unwrap();
        assert_eq!(book.price(Side::Bids, 0), Some("680.00"));
        assert_eq!(book.price(Side::Bids, 1), Some("679.9"));
        assert_eq!(book.price(Side::Asks, 0), Some("681.5"));
        assert_eq!(book.amount(Side::Asks, 1), Some("0.00000001"));
        assert_eq!(book.price(Side::Asks, 2), None);
        assert_eq!(
            book.levels_js(Side::Bids, 1),
            r#"[{"timestamp":2,"price":"680.00","amount":"1.25","currency":"EUR"}]"#
        );
        assert_eq!(
            book.level_js(Side::Asks, 1),
            r#"{"timestamp":4,"price":"682","amount":"0.00000001","currency":"EUR"}"#
        );
        assert_eq!(book.level_js(Side::Asks, 9), "null");
    }

    #[test]
    fn sums_spread_and_mid_are_exact() {
        let mut book = DepthBook::from_json(BOOK.as_bytes()).unwrap();
        assert_eq!(book.cumulative(Side::Bids, 0).unwrap().to_string(), "1.25");
        assert_eq!(book.cumulative(Side::Bids, 1).unwrap().to_string(), "1.75");
        assert_eq!(book.cumulative(Side::Bids, 2), None);
        assert_eq!(book.total(Side::Asks).unwrap().to_string(), "2.00000001");
        assert_eq!(book.spread().unwrap().to_string(), "1.50");
        assert_eq!(book.mid().unwrap().to_string(), "680.75");
        let empty = DepthBook::from_json(br#"{"bids": [], "asks": []}"#).unwrap();
        assert_eq!(empty.spread(), None);
        assert_eq!(empty.mid(), None);
    }

    #[test]
    fn unsorted_sides_are_sorted_and_bad_books_refused_like_depth() {
        let book = DepthBook::from_json(
            br#"{"bids": [{"timestamp": 1, "price": 5, "amount": 1, "currency": "EUR"},
                          {"timestamp": 1, "price": 7, "amount": 1, "currency": "EUR"},
                          {"timestamp": 1, "price": 6, "amount": 1, "currency": "EUR"}],
                 "asks": []}"#,
        )
        .unwrap();
        let prices: Vec<_> = (0..3).map(|i| book.price(Side::Bids, i).unwrap()).collect();
        assert_eq!(prices, ["7", "6", "5"]);
        let error =
            DepthBook::from_json(br#"{"bids": [{"timestamp": 1, "price": true}], "asks": []}"#)
                .unwrap_err();
        assert_eq!(error.path(), "bids[0].price");
        let plain = schema::to_js_json(
            br#"{"bids": [{"timestamp": 1, "price": true}], "asks": []}"#,
            &Depth::KIND,
        )
        .unwrap_err();
        assert_eq!(plain.path(), error.path());
    }

    #[test]
    fn short_decimals_are_read_as_the_general_parser_reads_them() {
        for text in [
            "0",
            "680.0",
            "-5.5556",
            "0.00000001",
            "1234567890123456789012345678",
            "-0.0",
        ] {
            assert_eq!(value_of(text), parse_exact(text).unwrap(), "{text}");
            assert_eq!(
                value_of(text).to_string(),
                parse_exact(text).unwrap().to_string(),
                "{text}"
            );
        }
    }
}
