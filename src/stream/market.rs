//! The market's feed (namespace `/public`): the order book, the ticker and the latest
//! trades, kept in step by [`MarketStream`].
//!
//! Each level of a `stream` event is a new total, applied in place to the book view
//! ([`DepthBook::apply`]). The removal of a level the book does not hold is reported
//! and the stream goes on (the level is absent either way) — silently when it is
//! timestamped at or before the snapshot: a browser may deliver a frame the server
//! sent before the snapshot's answer after that answer.

use std::collections::VecDeque;

use super::connection::{Effect, Feed, Stream, stream_error, undecodable};
use crate::book::{Applied, DepthBook, LevelUpdate, Side};
use crate::error::{Error, Text};
use crate::model::{MarketUpdate, StreamLevel, Ticker, Trade};
use crate::schema;

/// The latest trades a stream keeps.
pub const TRADES_KEPT: usize = 50;

/// What the REST calls gave as a market stream's start.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// `depth()` as a book.
    pub book: DepthBook,
    /// `ticker()`.
    pub ticker: Ticker,
    /// The latest trades, in any order.
    pub trades: Vec<Trade>,
}

/// What a market stream tells its listeners.
#[derive(Debug)]
pub enum MarketNotice {
    /// The book or the ticker changed: by this update, or (`None`) read whole.
    Update(Option<MarketUpdate>),
    /// A new trade.
    Trade(Trade),
}

/// Adds `trade` to `kept`, the newest trades first, at most [`TRADES_KEPT`]: whatever
/// order the server lists them in (the API's is oldest first), each is put before the
/// first older one, or dropped if it is older than all of them. Linear in the trades
/// however many there are, and no sort's code in the wasm (a slice sort of `Trade`
/// weighed 1.4 KB gzipped). A snapshot's reading keeps its trades with it, as they
/// come (`Client::trades_each`), so a list of thousands is never held whole.
pub fn keep_newest(kept: &mut VecDeque<Trade>, trade: Trade) {
    let at = kept
        .iter()
        .position(|k| k.created_at_int < trade.created_at_int)
        .unwrap_or(kept.len());
    if at < TRADES_KEPT {
        kept.insert(at, trade);
        kept.truncate(TRADES_KEPT);
    }
}

/// A market stream: the book, the ticker and the latest trades kept up to date from
/// the exchange's `/public` namespace.
pub type MarketStream = Stream<Market>;

/// The market a [`MarketStream`] keeps.
#[derive(Debug)]
pub struct Market {
    /// The market's currency code, upper case (`EUR`): levels sent without one.
    currency: String,
    book: DepthBook,
    ticker: Option<Ticker>,
    /// Newest first.
    trades: VecDeque<Trade>,
    /// The latest time the stream has seen, in Unix seconds (levels sent without one).
    now: i64,
    /// When the latest snapshot was taken (its ticker's `at`), in Unix seconds.
    settled_at: i64,
}

impl MarketStream {
    /// A stream of the market `currency` (`eur`); `seed` feeds the jitter of its
    /// reconnections.
    pub fn new(currency: &str, seed: u64) -> MarketStream {
        Stream::over(
            Market {
                currency: currency.to_ascii_uppercase(),
                book: DepthBook::default(),
                ticker: None,
                trades: VecDeque::new(),
                now: 0,
                settled_at: 0,
            },
            seed,
        )
    }

    /// The book: the server's while the status is `live`.
    pub fn book(&self) -> &DepthBook {
        &self.feed().book
    }

    /// The book, for its running sums (which it caches).
    pub fn book_mut(&mut self) -> &mut DepthBook {
        &mut self.feed_mut().book
    }

    /// The latest ticker; `None` before the first snapshot.
    pub fn ticker(&self) -> Option<&Ticker> {
        self.feed().ticker.as_ref()
    }

    /// The latest trades, newest first.
    pub fn trades(&self) -> impl Iterator<Item = &Trade> {
        self.feed().trades.iter()
    }
}

impl Feed for Market {
    type Snapshot = Box<Snapshot>;
    type Notice = MarketNotice;
    const NAMESPACE: &'static str = "/public";
    // Documented events of later servers that a market view does not need.
    const QUIET: &'static [&'static str] = &["prices", "announcement"];

    fn install(&mut self, snapshot: Box<Snapshot>) {
        let snapshot = *snapshot;
        self.book = snapshot.book;
        self.settled_at = snapshot.ticker.at;
        self.now = self.now.max(snapshot.ticker.at);
        self.ticker = Some(snapshot.ticker);
        let mut trades: VecDeque<Trade> = VecDeque::with_capacity(TRADES_KEPT + 1);
        for trade in snapshot.trades {
            keep_newest(&mut trades, trade);
        }
        self.trades = trades;
    }

    fn apply(
        &mut self,
        object: &str,
        live: bool,
        out: &mut Vec<Effect<MarketNotice>>,
    ) -> Result<(), Error> {
        let update = schema::decode::<MarketUpdate>(object.as_bytes())
            .map_err(|failure| undecodable(&failure, object.len()))?;
        if let Some(ticker) = &update.ticker {
            self.now = self.now.max(ticker.at);
            self.ticker = Some(ticker.clone());
        }
        for trade in &update.trades {
            self.now = self.now.max(trade.created_at_int);
            if self.trades.iter().all(|kept| kept.uuid != trade.uuid) {
                self.trades.push_front(trade.clone());
                self.trades.truncate(TRADES_KEPT);
                out.push(Effect::Notice(MarketNotice::Trade(trade.clone())));
            }
        }
        let mut agreed = true;
        for (side, levels) in [(Side::Bids, &update.bids), (Side::Asks, &update.asks)] {
            for level in levels {
                if self.apply_level(side, level) == Applied::Missing
                    && live
                    && level.timestamp.is_none_or(|at| at > self.settled_at)
                {
                    agreed = false;
                }
            }
        }
        if !agreed {
            out.push(Effect::Error(stream_error(
                "unknown-level",
                Text::UnknownLevel,
            )));
        }
        out.push(Effect::Notice(MarketNotice::Update(Some(update))));
        Ok(())
    }

    fn live(&mut self, out: &mut Vec<Effect<MarketNotice>>) {
        out.push(Effect::Notice(MarketNotice::Update(None)));
    }

    fn polled(&mut self, out: &mut Vec<Effect<MarketNotice>>) {
        out.push(Effect::Notice(MarketNotice::Update(None)));
    }
}

impl Market {
    fn apply_level(&mut self, side: Side, level: &StreamLevel) -> Applied {
        let price = level.price.to_string();
        let amount = level.amount.map(|a| (a, a.to_string()));
        let timestamp = level.timestamp.unwrap_or(self.now);
        self.now = self.now.max(timestamp);
        let currency = level.currency.as_deref().unwrap_or(&self.currency);
        self.book.apply(
            side,
            LevelUpdate {
                price: level.price,
                price_text: &price,
                amount: amount.as_ref().map(|(a, text)| (*a, text.as_str())),
                timestamp,
                currency,
            },
        )
    }
}
