//! The simulated EUR market: market makers quote around a drifting fair price, takers
//! trade against the book, and every fill becomes a public trade. Seeded and driven by
//! the clock it is given, so a seed and a sequence of instants always give the same
//! market.
//!
//! Users' orders share the book ([`Market::book_mut`]): the exchange records their
//! fills as public trades with [`Market::record_user`] (with identifiers from the OS
//! generator, so the simulation's own sequence is untouched), and collects the fills
//! the simulation made against them with [`Market::take_account_fills`].

use std::collections::VecDeque;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::book::{Book, Fill, Level, Owner, Side};

/// Seconds in the ticker's window.
pub const DAY_SECS: i64 = 86_400;
/// How far apart the simulated history's steps are.
const BACKFILL_STEP_SECS: i64 = 300;
/// At most this many live steps are simulated at once; a longer pause skips ahead.
const MAX_CATCH_UP_STEPS: i64 = 2_000;
/// Trades kept (the ticker needs a day of them).
const MAX_TRADES: usize = 50_000;
/// Levels kept per side.
const MAX_LEVELS: usize = 30;

/// One executed trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeRecord {
    /// Sequential trade id (the Bitcoin Charts `tid`).
    pub tid: u64,
    pub uuid: uuid::Uuid,
    /// Unix seconds.
    pub at: i64,
    pub price: Decimal,
    pub amount: Decimal,
    /// `price × amount`, rounded to the cent.
    pub currency_amount: Decimal,
}

/// A fill the simulation made against an account's resting order, waiting to be
/// settled on the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFill {
    pub fill: Fill,
    /// When it happened (Unix seconds).
    pub at: i64,
    /// The EUR that changed hands: the public trade's `traded_currency`.
    pub currency_amount: Decimal,
}

/// The 24-hour summary behind `/ticker`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub at: i64,
    pub price: Option<Decimal>,
    pub bid: Option<Decimal>,
    pub ask: Option<Decimal>,
    pub midpoint: Option<Decimal>,
    pub volume: Decimal,
    pub variation: Option<Decimal>,
    pub high: Option<Decimal>,
    pub low: Option<Decimal>,
    pub vwap: Option<Decimal>,
}

pub struct Market {
    rng: ChaCha8Rng,
    book: Book,
    trades: VecDeque<TradeRecord>,
    /// Where market makers think the price is.
    fair: Decimal,
    /// The instant the simulation has reached (Unix ms).
    now_ms: i64,
    /// Live step length; 0 freezes the market.
    tick_ms: i64,
    next_tid: u64,
    /// Fills against accounts' orders not yet taken by the exchange.
    account_fills: Vec<AccountFill>,
}

impl Market {
    /// A market whose simulated history covers the 24 hours before `now_ms`.
    pub fn new(seed: u64, now_ms: i64, tick_ms: u64) -> Self {
        let start = now_ms.div_euclid(1000) - DAY_SECS;
        let mut market = Market {
            rng: ChaCha8Rng::seed_from_u64(seed),
            book: Book::new(),
            trades: VecDeque::new(),
            fair: Decimal::new(68_000, 2),
            now_ms,
            tick_ms: i64::try_from(tick_ms).unwrap_or(i64::MAX),
            next_tid: 1_000_001,
            account_fills: Vec::new(),
        };
        for _ in 0..MAX_LEVELS {
            market.quote(start);
        }
        let mut at = start;
        while at < now_ms.div_euclid(1000) {
            at += BACKFILL_STEP_SECS;
            market.step(at.min(now_ms.div_euclid(1000)), BACKFILL_STEP_SECS);
        }
        market
    }

    /// Runs the live steps due by `now_ms`.
    pub fn advance_to(&mut self, now_ms: i64) {
        if self.tick_ms == 0 || now_ms <= self.now_ms {
            return;
        }
        let mut due = (now_ms - self.now_ms) / self.tick_ms;
        if due > MAX_CATCH_UP_STEPS {
            self.now_ms += (due - MAX_CATCH_UP_STEPS) * self.tick_ms;
            due = MAX_CATCH_UP_STEPS;
        }
        let dt = (self.tick_ms / 1000).max(1);
        for _ in 0..due {
            self.now_ms += self.tick_ms;
            self.step(self.now_ms.div_euclid(1000), dt);
        }
    }

    /// One step of `dt` seconds ending at `at`: the fair price moves, makers quote,
    /// perhaps a taker trades, and quotes far from the price are withdrawn.
    fn step(&mut self, at: i64, dt: i64) {
        // A mean-reverting random walk whose spread grows with the step's length.
        let spread_bp = (4.0 * (dt as f64).sqrt()).round().max(1.0) as i64;
        let shock = Decimal::new(self.rng.random_range(-spread_bp..=spread_bp), 4);
        let pull = (Decimal::new(68_000, 2) - self.fair) * Decimal::new(dt.min(600), 6);
        self.fair = (self.fair * (Decimal::ONE + shock) + pull)
            .round_dp(2)
            .clamp(Decimal::new(20_000, 2), Decimal::new(300_000, 2));

        for _ in 0..self.rng.random_range(1..=3) {
            self.quote(at);
        }
        if self.rng.random_bool(0.55) {
            let side = if self.rng.random_bool(0.5) {
                Side::Bid
            } else {
                Side::Ask
            };
            let amount = self.amount(100_000, 80_000_000);
            let fills = self.book.take(side, None, amount);
            self.record(fills, at);
        }
        let (fair, band) = (self.fair, self.fair * Decimal::new(4, 2));
        self.book.retain_market(Side::Bid, |p| fair - p <= band);
        self.book.retain_market(Side::Ask, |p| p - fair <= band);
        for side in [Side::Bid, Side::Ask] {
            while self.book.depth_of(side) > MAX_LEVELS {
                let levels = self.book.levels(side);
                let far = match side {
                    Side::Bid => levels.first(),
                    Side::Ask => levels.last(),
                }
                .map(|l| l.price);
                let before = self.book.depth_of(side);
                self.book.retain_market(side, |p| Some(p) != far);
                if self.book.depth_of(side) == before {
                    break;
                }
            }
        }
    }

    /// A market maker's limit order a few euros from the fair price. Now and then the
    /// price has the seven decimals some of the exchange's quotes have (679.9999999).
    fn quote(&mut self, at: i64) {
        let side = if self.rng.random_bool(0.5) {
            Side::Bid
        } else {
            Side::Ask
        };
        let offset = Decimal::new(self.rng.random_range(5..=600), 2);
        let mut price = match side {
            Side::Bid => self.fair - offset,
            Side::Ask => self.fair + offset,
        };
        if self.rng.random_ratio(1, 12) {
            let nudge = Decimal::new(1, 7);
            price = match side {
                Side::Bid => price + nudge,
                Side::Ask => price - nudge,
            };
        }
        let amount = self.amount(100_000, 250_000_000);
        let (fills, _) = self.book.limit(side, price, amount, Owner::Market, at);
        self.record(fills, at);
    }

    /// A random BTC amount between two counts of satoshis, without trailing zeros.
    fn amount(&mut self, min_sats: i64, max_sats: i64) -> Decimal {
        Decimal::new(self.rng.random_range(min_sats..=max_sats), 8).normalize()
    }

    /// Records the simulation's fills as public trades; those against accounts'
    /// orders are also kept for the exchange to settle.
    fn record(&mut self, fills: Vec<Fill>, at: i64) {
        for fill in fills {
            let mut bytes = [0u8; 16];
            self.rng.fill(&mut bytes);
            let currency_amount = self.push_trade(&fill, at, bytes);
            if matches!(fill.maker_owner, Owner::Account(_)) {
                self.account_fills.push(AccountFill {
                    fill,
                    at,
                    currency_amount,
                });
            }
        }
    }

    /// Records fills of a user's order as public trades, and gives the EUR each one
    /// exchanged (`price × amount`, rounded to the cent). Their identifiers come from
    /// the OS generator: users' trades leave the simulation's sequence alone.
    pub fn record_user(&mut self, fills: &[Fill], at: i64) -> Vec<Decimal> {
        fills
            .iter()
            .map(|fill| {
                let mut bytes = [0u8; 16];
                rand::rng().fill(&mut bytes);
                self.push_trade(fill, at, bytes)
            })
            .collect()
    }

    fn push_trade(&mut self, fill: &Fill, at: i64, uuid: [u8; 16]) -> Decimal {
        let currency_amount = currency_amount(fill.price, fill.amount);
        self.trades.push_back(TradeRecord {
            tid: self.next_tid,
            uuid: uuid::Builder::from_random_bytes(uuid).into_uuid(),
            at,
            price: fill.price,
            amount: fill.amount,
            currency_amount,
        });
        self.next_tid += 1;
        while self.trades.len() > MAX_TRADES {
            self.trades.pop_front();
        }
        currency_amount
    }

    /// The fills the simulation made against accounts' orders since last asked.
    pub fn take_account_fills(&mut self) -> Vec<AccountFill> {
        std::mem::take(&mut self.account_fills)
    }

    /// The simulation's current instant (Unix seconds): the ticker's `at`.
    pub fn at(&self) -> i64 {
        self.now_ms.div_euclid(1000)
    }

    /// The latest trade's `tid` (0 before the first).
    pub fn last_tid(&self) -> u64 {
        self.trades.back().map_or(0, |t| t.tid)
    }

    pub fn book(&self) -> &Book {
        &self.book
    }

    /// The book, for users' orders (the exchange records their fills itself).
    pub fn book_mut(&mut self) -> &mut Book {
        &mut self.book
    }

    /// The latest `n` trades, oldest first.
    pub fn latest_trades(&self, n: usize) -> impl Iterator<Item = &TradeRecord> {
        self.trades.iter().skip(self.trades.len().saturating_sub(n))
    }

    /// Up to `n` trades with a `tid` above `since`, oldest first.
    pub fn trades_since(&self, since: u64, n: usize) -> impl Iterator<Item = &TradeRecord> {
        let start = self.trades.partition_point(|t| t.tid <= since);
        self.trades.iter().skip(start).take(n)
    }

    /// Bids and asks, each in ascending price.
    pub fn depth(&self) -> (Vec<Level>, Vec<Level>) {
        (self.book.levels(Side::Bid), self.book.levels(Side::Ask))
    }

    /// The ticker at the simulation's current instant.
    pub fn summary(&self) -> Summary {
        let at = self.now_ms.div_euclid(1000);
        let day: Vec<&TradeRecord> = self
            .trades
            .iter()
            .filter(|t| t.at > at - DAY_SECS)
            .collect();
        let volume: Decimal = day.iter().map(|t| t.amount).sum();
        let turnover: Decimal = day.iter().map(|t| t.price * t.amount).sum();
        let (open, last) = (
            day.first().map(|t| t.price),
            self.trades.back().map(|t| t.price),
        );
        let bid = self.book.best_bid();
        let ask = self.book.best_ask();
        Summary {
            at,
            price: last,
            bid,
            ask,
            midpoint: bid.zip(ask).map(|(b, a)| midpoint(b, a)),
            volume,
            variation: open.zip(last).and_then(|(open, last)| {
                (!open.is_zero()).then(|| ((last - open) / open * Decimal::ONE_HUNDRED).round_dp(4))
            }),
            high: day.iter().map(|t| t.price).max(),
            low: day.iter().map(|t| t.price).min(),
            vwap: (!volume.is_zero()).then(|| (turnover / volume).round_dp(5)),
        }
    }
}

/// The EUR a fill exchanges: `price × amount`, rounded to the cent (half away from
/// zero), as every trade's `traded_currency`.
pub fn currency_amount(price: Decimal, amount: Decimal) -> Decimal {
    price
        .checked_mul(amount)
        .unwrap_or(Decimal::MAX)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Halfway between two prices, exactly, written with as few decimals as it needs
/// beyond the prices' own (678.005 for 676.01 and 680.00; 716.85 for 715.71 and 717.99).
fn midpoint(bid: Decimal, ask: Decimal) -> Decimal {
    let scale = bid.scale().max(ask.scale());
    let mut mid = ((bid + ask) / Decimal::TWO).round_dp(scale + 1);
    if mid.round_dp(scale) == mid {
        mid.rescale(scale);
    }
    mid
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_389_092_410_000;

    #[test]
    fn a_seed_gives_the_same_market() {
        let mut a = Market::new(7, NOW, 1000);
        let mut b = Market::new(7, NOW, 1000);
        a.advance_to(NOW + 60_000);
        b.advance_to(NOW + 60_000);
        assert_eq!(a.summary(), b.summary());
        assert_eq!(a.depth(), b.depth());
        assert!(a.latest_trades(500).eq(b.latest_trades(500)));
        assert_ne!(Market::new(8, NOW, 1000).summary(), a.summary());
    }

    #[test]
    fn a_day_of_history_and_a_consistent_ticker() {
        let market = Market::new(42, NOW, 2000);
        let s = market.summary();
        assert!(market.latest_trades(usize::MAX).count() > 50);
        assert!(s.volume > Decimal::ZERO);
        let (bid, ask) = (s.bid.unwrap(), s.ask.unwrap());
        assert!(bid < ask, "{bid} < {ask}");
        assert_eq!(s.midpoint, Some((bid + ask) / Decimal::TWO));
        assert!(s.low.unwrap() <= s.vwap.unwrap() && s.vwap.unwrap() <= s.high.unwrap());
        assert!(
            s.price.unwrap() > Decimal::new(300, 0) && s.price.unwrap() < Decimal::new(1500, 0)
        );
        let trades: Vec<_> = market.latest_trades(usize::MAX).collect();
        assert!(
            trades
                .windows(2)
                .all(|w| w[0].tid < w[1].tid && w[0].at <= w[1].at)
        );
        assert!(
            trades
                .iter()
                .all(|t| t.at > NOW / 1000 - DAY_SECS - 1 && t.at <= NOW / 1000)
        );
    }

    #[test]
    fn the_market_moves_with_the_clock_and_freezes_at_tick_zero() {
        let mut live = Market::new(42, NOW, 500);
        let before = live.latest_trades(1).next().cloned();
        live.advance_to(NOW + 120_000);
        assert_ne!(live.latest_trades(1).next().cloned(), before);
        assert_eq!(live.summary().at, NOW / 1000 + 120);

        let mut frozen = Market::new(42, NOW, 0);
        let summary = frozen.summary();
        frozen.advance_to(NOW + 120_000);
        assert_eq!(frozen.summary(), summary);
    }

    #[test]
    fn the_book_never_crosses_and_stays_bounded() {
        let mut market = Market::new(3, NOW, 1000);
        for minute in 1..=30 {
            market.advance_to(NOW + minute * 60_000);
            let (bids, asks) = market.depth();
            assert!(bids.len() <= MAX_LEVELS && asks.len() <= MAX_LEVELS);
            if let (Some(b), Some(a)) = (bids.last(), asks.first()) {
                assert!(b.price < a.price);
            }
            assert!(bids.windows(2).all(|w| w[0].price < w[1].price));
        }
    }

    #[test]
    fn some_prices_have_seven_decimals() {
        let market = Market::new(42, NOW, 2000);
        let (bids, asks) = market.depth();
        let prices: Vec<Decimal> = market
            .latest_trades(usize::MAX)
            .map(|t| t.price)
            .chain(bids.iter().chain(&asks).map(|l| l.price))
            .collect();
        assert!(prices.iter().any(|p| p.scale() == 7));
        assert!(prices.iter().any(|p| p.scale() == 2));
    }

    #[test]
    fn midpoints_are_exact_and_short() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for (bid, ask, mid) in [
            ("676.01", "679.9999999", "678.00499995"),
            ("676.01", "680.00", "678.005"),
            ("715.71", "717.99", "716.85"),
            ("717.6800001", "718.42", "718.05000005"),
            ("700.00", "702.00", "701.00"),
        ] {
            assert_eq!(midpoint(d(bid), d(ask)).to_string(), mid);
        }
    }

    #[test]
    fn trades_since_a_tid() {
        let market = Market::new(42, NOW, 2000);
        let all: Vec<_> = market.latest_trades(usize::MAX).collect();
        let pivot = all[all.len() / 2].tid;
        let after: Vec<_> = market.trades_since(pivot, 5).collect();
        assert_eq!(after.len(), 5);
        assert_eq!(after[0].tid, pivot + 1);
    }
}
