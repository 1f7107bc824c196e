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
use crate::json::{self, RawStr};
use crate::schema::{self, Field, Kind, Schema, Sink};

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

impl Level {
    /// The arena bytes its texts take.
    fn text_len(&self) -> usize {
        [self.price_text, self.amount_text, self.currency]
            .iter()
            .map(|span| (span.end - span.start) as usize)
            .sum()
    }
}

/// One level of a [`DepthBook`], borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookLevel<'a> {
    /// When the level last changed, in Unix seconds.
    pub timestamp: i64,
    pub price: Decimal,
    pub amount: Decimal,
    pub currency: &'a str,
}

/// What a level's field is to the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Role {
    #[default]
    Other,
    Price,
    Amount,
    Currency,
}

impl Role {
    fn of(wire: &str) -> Role {
        match wire {
            "price" => Role::Price,
            "amount" => Role::Amount,
            "currency" => Role::Currency,
            _ => Role::Other,
        }
    }
}

/// A sum of amounts that needs more than 28 significant digits: refused, not rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the sum does not fit an exact decimal (28 significant digits)")
    }
}

/// Which side of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Bids,
    Asks,
}

/// An order book held in memory, read best first (bids from the highest price, asks
/// from the lowest), whatever order the server sent them in, and kept up to date by
/// [`DepthBook::apply`] (a stream's levels, each a new total).
///
/// Each side is stored worst first, the best level last: the levels a market changes
/// most are the best ones, and a change there moves few others in memory.
#[derive(Debug, Clone, Default)]
pub struct DepthBook {
    /// The body, then the texts it does not have: every level's texts are spans of it.
    arena: Vec<u8>,
    /// Bytes of the arena no level points at any more (texts replaced by updates).
    garbage: usize,
    /// Ascending prices: the best bid last.
    bids: Vec<Level>,
    /// Descending prices: the best ask last.
    asks: Vec<Level>,
    /// Running sums of the amounts, best first, as far as they have been asked for.
    cumulative: [Vec<Option<Decimal>>; 2],
}

/// A level as a stream sends it: its price, and its new total (`None`: the level is
/// gone, which the stream writes as `null`, `0` or `"0"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelUpdate<'a> {
    pub price: Decimal,
    /// The price as the server wrote it.
    pub price_text: &'a str,
    /// The new amount and its text; `None` (or a zero amount) removes the level.
    pub amount: Option<(Decimal, &'a str)>,
    /// When the level changed, in Unix seconds.
    pub timestamp: i64,
    pub currency: &'a str,
}

/// What [`DepthBook::apply`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// A price the book did not have.
    Added,
    /// A level's amount replaced.
    Changed,
    Removed,
    /// The removal of a level the book does not have: the book is unchanged, and is
    /// not the server's any more.
    Missing,
}

/// The arena is compacted once this much of it, and half of it, is garbage.
const COMPACT_AFTER: usize = 64 * 1024;

impl DepthBook {
    /// Reads a depth answer's bytes as `depth`, the kind of the depth object (an
    /// object of `bids` and `asks`, lists of levels with `timestamp`, `price`,
    /// `amount` and `currency`): the checks and errors of `depth()`.
    pub fn from_json(bytes: &[u8], depth: &Kind) -> Result<DepthBook, schema::Failure> {
        DepthBook::from_body(bytes.to_vec(), depth)
    }

    /// [`DepthBook::from_json`] of a body the book may keep as it is (no copy).
    pub fn from_body(body: Vec<u8>, depth: &Kind) -> Result<DepthBook, schema::Failure> {
        let mut sink = BookSink::new(&body, depth);
        schema::walk(&body, depth, &mut sink)?;
        Ok(sink.finish().into_book(body))
    }

    /// A side in storage order: worst first, the best level last.
    fn side(&self, side: Side) -> &[Level] {
        match side {
            Side::Bids => &self.bids,
            Side::Asks => &self.asks,
        }
    }

    /// The `index`-th best level of a side.
    fn at(&self, side: Side, index: usize) -> Option<&Level> {
        let levels = self.side(side);
        levels.get(levels.len().checked_sub(index.checked_add(1)?)?)
    }

    /// How many levels a side has.
    pub fn len(&self, side: Side) -> usize {
        self.side(side).len()
    }

    /// A side's levels, best first.
    pub fn levels(&self, side: Side) -> impl Iterator<Item = BookLevel<'_>> {
        self.side(side).iter().rev().map(|level| self.borrow(level))
    }

    fn borrow<'a>(&'a self, level: &Level) -> BookLevel<'a> {
        BookLevel {
            timestamp: level.timestamp,
            price: level.price,
            amount: level.amount,
            currency: self.text(level.currency),
        }
    }

    /// Sets a level to its new total, adds it, or removes it, keeping the side in
    /// order; the book's running sums from that level on are forgotten.
    pub fn apply(&mut self, side: Side, update: LevelUpdate<'_>) -> Applied {
        let levels = match side {
            Side::Bids => &self.bids,
            Side::Asks => &self.asks,
        };
        // Storage order: bids ascending, asks descending.
        let found = match side {
            Side::Bids => levels.binary_search_by(|l| l.price.cmp(&update.price)),
            Side::Asks => levels.binary_search_by(|l| update.price.cmp(&l.price)),
        };
        let amount = update.amount.filter(|(amount, _)| !amount.is_zero());
        let (position, applied) = match (found, amount) {
            (Err(_), None) => return Applied::Missing,
            (Ok(at), None) => {
                let gone = self.side_mut(side).remove(at);
                self.garbage += gone.text_len();
                (at, Applied::Removed)
            }
            (found, Some((amount, text))) => {
                let level = Level {
                    timestamp: update.timestamp,
                    price: update.price,
                    amount,
                    price_text: self.keep(update.price_text),
                    amount_text: self.keep(text),
                    currency: self.keep(update.currency),
                };
                match found {
                    Ok(at) => {
                        let old = std::mem::replace(&mut self.side_mut(side)[at], level);
                        self.garbage += old.text_len();
                        (at, Applied::Changed)
                    }
                    Err(at) => {
                        self.side_mut(side).insert(at, level);
                        (at, Applied::Added)
                    }
                }
            }
        };
        // Best-first index of the level: the sums up to the one before it still hold.
        let len = self.len(side) + usize::from(applied == Applied::Removed);
        let best_index = len.saturating_sub(position + 1);
        self.cumulative[side as usize].truncate(best_index);
        if self.garbage > COMPACT_AFTER && self.garbage * 2 > self.arena.len() {
            self.compact();
        }
        applied
    }

    fn side_mut(&mut self, side: Side) -> &mut Vec<Level> {
        match side {
            Side::Bids => &mut self.bids,
            Side::Asks => &mut self.asks,
        }
    }

    /// Appends a text to the arena: the span it has there.
    fn keep(&mut self, text: &str) -> Span {
        let start = self.arena.len() as u32;
        self.arena.extend_from_slice(text.as_bytes());
        Span {
            start,
            end: self.arena.len() as u32,
        }
    }

    /// Copies the texts levels point at into a new arena, leaving the garbage behind.
    fn compact(&mut self) {
        let mut arena = Vec::with_capacity(self.arena.len() - self.garbage);
        let old = std::mem::take(&mut self.arena);
        let mut move_text = |span: &mut Span| {
            let text = old
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default();
            let start = arena.len() as u32;
            arena.extend_from_slice(text);
            *span = Span {
                start,
                end: arena.len() as u32,
            };
        };
        for level in self.bids.iter_mut().chain(self.asks.iter_mut()) {
            move_text(&mut level.price_text);
            move_text(&mut level.amount_text);
            move_text(&mut level.currency);
        }
        self.arena = arena;
        self.garbage = 0;
    }

    fn text(&self, span: Span) -> &str {
        let bytes = self
            .arena
            .get(span.start as usize..span.end as usize)
            .unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The price of the `index`-th best level of a side, as the server wrote it.
    pub fn price(&self, side: Side, index: usize) -> Option<&str> {
        self.at(side, index).map(|l| self.text(l.price_text))
    }

    /// The amount of the `index`-th best level of a side, as the server wrote it.
    pub fn amount(&self, side: Side, index: usize) -> Option<&str> {
        self.at(side, index).map(|l| self.text(l.amount_text))
    }

    /// The `index`-th best level of a side.
    pub fn level(&self, side: Side, index: usize) -> Option<BookLevel<'_>> {
        self.at(side, index).map(|level| self.borrow(level))
    }

    /// The sum of the amounts of the best `index + 1` levels of a side; `Ok(None)`
    /// past the end, an error if the sum needs more than 28 digits (never rounded).
    pub fn cumulative(&mut self, side: Side, index: usize) -> Result<Option<Decimal>, TooLarge> {
        let levels = match side {
            Side::Bids => &self.bids,
            Side::Asks => &self.asks,
        };
        if index >= levels.len() {
            return Ok(None);
        }
        let sums = &mut self.cumulative[side as usize];
        while sums.len() <= index {
            let previous = match sums.last() {
                Some(sum) => *sum,
                None => Some(Decimal::ZERO),
            };
            let amount = levels[levels.len() - 1 - sums.len()].amount;
            sums.push(previous.and_then(|sum| exact_add(sum, amount)));
        }
        sums[index].map(Some).ok_or(TooLarge)
    }

    /// The sum of a side's amounts (`0` for an empty side); an error if it needs more
    /// than 28 digits.
    pub fn total(&mut self, side: Side) -> Result<Decimal, TooLarge> {
        let levels = self.side(side);
        // Running sums already made up to the end: the last is the total.
        if let Some(Some(sum)) = self.cumulative[side as usize].get(levels.len().wrapping_sub(1)) {
            return Ok(*sum);
        }
        levels
            .iter()
            .try_fold(Decimal::ZERO, |sum, level| exact_add(sum, level.amount))
            .ok_or(TooLarge)
    }

    /// The best ask minus the best bid.
    pub fn spread(&self) -> Option<Decimal> {
        let (bid, ask) = (self.bids.last()?.price, self.asks.last()?.price);
        ask.checked_sub(bid)
    }

    /// Halfway between the best bid and the best ask, exact, with no more decimals
    /// than it needs beyond theirs.
    pub fn mid(&self) -> Option<Decimal> {
        let (bid, ask) = (self.bids.last()?.price, self.asks.last()?.price);
        let mid = bid.checked_add(ask)?.checked_mul(Decimal::new(5, 1))?;
        let scale = bid.scale().max(ask.scale());
        let short = mid.round_dp(scale);
        Some(if short == mid { short } else { mid })
    }

    /// The best `count` levels of a side as JSON text for JS (`DepthLevel[]`).
    pub fn levels_js(&self, side: Side, count: usize) -> String {
        let levels = self.side(side);
        let mut out = Vec::with_capacity(count.min(levels.len()) * 80 + 2);
        out.push(b'[');
        for (i, level) in levels.iter().rev().take(count).enumerate() {
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
        match self.at(side, index) {
            Some(level) => self.write_level(&mut out, level),
            None => out.extend_from_slice(b"null"),
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// The best `count` levels of a side as JSON text for JS, each with `total`: the
    /// exact sum of the amounts from the best level to it (`DepthLevel & { total }`);
    /// an error if a sum needs more than 28 digits.
    pub fn levels_with_totals_js(&mut self, side: Side, count: usize) -> Result<String, TooLarge> {
        let count = count.min(self.len(side));
        if let Some(last) = count.checked_sub(1) {
            self.cumulative(side, last)?; // every running sum up to it, cached
        }
        let levels = self.side(side);
        let sums = &self.cumulative[side as usize];
        let mut out = Vec::with_capacity(count * 100 + 2);
        out.push(b'[');
        for (i, level) in levels.iter().rev().take(count).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            self.write_level(&mut out, level);
            out.pop(); // the closing brace: the total goes inside
            out.extend_from_slice(b",\"total\":\"");
            let total = sums.get(i).copied().flatten().ok_or(TooLarge)?;
            out.extend_from_slice(total.to_string().as_bytes());
            out.extend_from_slice(b"\"}");
        }
        out.push(b']');
        Ok(String::from_utf8(out).unwrap_or_default())
    }

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

/// Fills a [`DepthBook`] from the walk of a depth answer: [`DepthBook::from_body`] in
/// two steps, for a walk in slices ([`schema::Walker`]): [`BookSink::new`], the walk
/// of the same body into it, [`BookSink::finish`], then [`Levels::into_book`] with
/// that body.
pub struct BookSink<'a> {
    /// The body: texts inside it are kept as spans of it (the book keeps a copy).
    body: &'a [u8],
    /// Texts not in the body (canonical decimals, unescaped currencies), after it.
    extra: Vec<u8>,
    book: DepthBook,
    /// Objects open: 1 inside the depth, 2 inside a level.
    nesting: u8,
    /// For each field of the depth object: whether it is the asks.
    sides: Vec<bool>,
    /// For each field of a level: what it is.
    roles: Vec<Role>,
    asks: bool,
    role: Role,
    level: Level,
}

/// The levels a [`BookSink`] read, before the body joins them.
pub struct Levels {
    book: DepthBook,
    extra: Vec<u8>,
}

impl Levels {
    /// The book of these levels over `body`, the bytes the sink walked.
    pub fn into_book(self, body: Vec<u8>) -> DepthBook {
        let Levels { mut book, extra } = self;
        book.arena = body;
        book.arena.extend_from_slice(&extra);
        // The API sends both sides in ascending price order; keep any order safe.
        for (levels, side) in [(&mut book.bids, Side::Bids), (&mut book.asks, Side::Asks)] {
            if !levels.is_sorted_by(|a, b| a.price <= b.price) {
                levels.sort_by_key(|level| level.price);
            }
            if side == Side::Asks {
                levels.reverse();
            }
        }
        book
    }
}

impl<'a> BookSink<'a> {
    /// A sink for the walk of `body` as `depth` (the kind of a depth answer).
    pub fn new(body: &'a [u8], depth: &Kind) -> Self {
        let mut sink = BookSink {
            body,
            extra: Vec::new(),
            // A level takes some 75 bytes of JSON: room for both sides without regrowing.
            book: DepthBook {
                bids: Vec::with_capacity(body.len() / 150),
                asks: Vec::with_capacity(body.len() / 150),
                ..DepthBook::default()
            },
            nesting: 0,
            sides: Vec::new(),
            roles: Vec::new(),
            asks: false,
            role: Role::Other,
            level: Level::default(),
        };
        if let Kind::Object(schema) = depth {
            sink.sides = schema.fields.iter().map(|f| f.wire == "asks").collect();
            if let Some(Kind::List(Kind::Object(level))) = schema.fields.first().map(|f| &f.kind) {
                sink.roles = level.fields.iter().map(|f| Role::of(f.wire)).collect();
            }
        }
        sink
    }

    /// The levels read, once the walk of the body has ended well.
    pub fn finish(self) -> Levels {
        Levels {
            book: self.book,
            extra: self.extra,
        }
    }

    /// Where a text will be in the book's arena: the body, then the extra texts.
    fn keep(&mut self, text: &[u8]) -> Span {
        let start = text.as_ptr() as usize;
        let base = self.body.as_ptr() as usize;
        if start >= base && start + text.len() <= base + self.body.len() {
            let at = (start - base) as u32;
            return Span {
                start: at,
                end: at + text.len() as u32,
            };
        }
        let at = (self.body.len() + self.extra.len()) as u32;
        self.extra.extend_from_slice(text);
        Span {
            start: at,
            end: at + text.len() as u32,
        }
    }
}

/// `a + b` exactly, or `None` when the sum needs more than 96 bits of mantissa at the
/// larger of their scales (never rounded, where `Decimal`'s own addition would round).
fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale().max(b.scale());
    let at = |d: Decimal| {
        10i128
            .checked_pow(scale - d.scale())?
            .checked_mul(d.mantissa())
    };
    let sum = at(a)?.checked_add(at(b)?)?;
    Decimal::try_from_i128_with_scale(sum, scale).ok()
}

/// A canonical decimal's value, read without the general parser when it is short
/// (the common case), exactly.
fn value_of(text: &[u8]) -> Decimal {
    let general = || parse_exact(json::ascii(text)).unwrap_or_default();
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    // Nineteen digits fit a u64: the common case, without 128-bit arithmetic.
    let points = usize::from(digits.contains(&b'.'));
    if digits.len() - points > 19 {
        return general();
    }
    let mut mantissa: u64 = 0;
    let mut scale = 0;
    let mut point = false;
    for &b in digits.iter() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return general(),
        }
    }
    let mantissa = i128::from(mantissa);
    Decimal::try_from_i128_with_scale(if negative { -mantissa } else { mantissa }, scale)
        .unwrap_or_else(|_| general())
}

impl Sink for BookSink<'_> {
    fn begin_object(&mut self, _: &'static Schema) {
        self.nesting += 1;
        if self.nesting == 2 {
            self.level = Level::default();
        }
    }

    fn field(&mut self, index: usize, _: &'static Field) {
        if self.nesting == 1 {
            self.asks = self.sides.get(index).copied().unwrap_or(false);
        } else {
            self.role = self.roles.get(index).copied().unwrap_or_default();
        }
    }

    fn end_object(&mut self, _: &'static Schema, _: u64) {
        if self.nesting == 2 {
            let level = std::mem::take(&mut self.level);
            if self.asks {
                self.book.asks.push(level);
            } else {
                self.book.bids.push(level);
            }
        }
        self.nesting = self.nesting.saturating_sub(1);
    }

    fn begin_list(&mut self) {}

    fn item(&mut self) {}

    fn end_list(&mut self) {}

    fn null(&mut self) {}

    fn bool(&mut self, _: bool) {}

    fn int(&mut self, value: i64) {
        self.level.timestamp = value;
    }

    fn decimal(&mut self, text: &[u8]) {
        let value = value_of(text);
        let span = self.keep(text);
        match self.role {
            Role::Price => {
                self.level.price = value;
                self.level.price_text = span;
            }
            Role::Amount => {
                self.level.amount = value;
                self.level.amount_text = span;
            }
            _ => {}
        }
    }

    fn text(&mut self, text: RawStr<'_>) {
        if self.role == Role::Currency {
            let value = text.text();
            self.level.currency = self.keep(value.as_bytes());
        }
    }

    fn raw(&mut self, _: &[u8]) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_exact_or_refused() {
        let d = |t: &str| parse_exact(t).unwrap();
        assert_eq!(exact_add(d("1.25"), d("0.5")).unwrap().to_string(), "1.75");
        assert_eq!(
            exact_add(d("0.00000001"), d("2")).unwrap().to_string(),
            "2.00000001"
        );
        assert_eq!(exact_add(d("-1.5"), d("1.50")).unwrap().to_string(), "0.00");
        // 96 bits of mantissa: one more is refused, never rounded.
        let max = d("79228162514264337593543950335");
        assert_eq!(exact_add(max, d("0")), Some(max));
        assert_eq!(exact_add(max, d("1")), None);
        assert_eq!(
            exact_add(d("7922816251426433759354395033.5"), d("0.1")),
            None
        );
    }

    #[test]
    fn short_decimals_are_read_as_the_general_parser_reads_them() {
        for text in [
            "0",
            "680.0",
            "-5.5556",
            "0.00000001",
            "1234567890123456789012345678",
            "1234567890123456789",
            "12345678901234567890",
            "-0.0",
            "99999999999999999.99",
        ] {
            let value = value_of(text.as_bytes());
            assert_eq!(value, parse_exact(text).unwrap(), "{text}");
            assert_eq!(
                value.to_string(),
                parse_exact(text).unwrap().to_string(),
                "{text}"
            );
        }
    }
}
