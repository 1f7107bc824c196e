//! A price-time priority order book with matching: the engine behind the sandbox's
//! depth, trades and users' orders. Exact decimals throughout.

use std::collections::{BTreeMap, VecDeque};

use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Buy orders.
    Bid,
    /// Sell orders.
    Ask,
}

impl Side {
    pub fn opposite(self) -> Side {
        match self {
            Side::Bid => Side::Ask,
            Side::Ask => Side::Bid,
        }
    }
}

/// Who placed an order: the simulated market makers, or an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Market,
    Account(u64),
}

/// An order waiting in the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resting {
    pub id: u64,
    pub owner: Owner,
    pub amount: Decimal,
    /// When it was placed (Unix seconds).
    pub at: i64,
}

/// One match between an incoming order and a resting one, at the resting price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fill {
    pub maker_id: u64,
    pub maker_owner: Owner,
    pub price: Decimal,
    pub amount: Decimal,
}

/// One price level of the book, aggregated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub price: Decimal,
    pub amount: Decimal,
    /// When the level last received an order (Unix seconds).
    pub at: i64,
}

#[derive(Debug, Default)]
pub struct Book {
    bids: BTreeMap<Decimal, VecDeque<Resting>>,
    asks: BTreeMap<Decimal, VecDeque<Resting>>,
    next_id: u64,
}

impl Book {
    pub fn new() -> Self {
        Self {
            next_id: 1,
            ..Self::default()
        }
    }

    fn side(&self, side: Side) -> &BTreeMap<Decimal, VecDeque<Resting>> {
        match side {
            Side::Bid => &self.bids,
            Side::Ask => &self.asks,
        }
    }

    fn side_mut(&mut self, side: Side) -> &mut BTreeMap<Decimal, VecDeque<Resting>> {
        match side {
            Side::Bid => &mut self.bids,
            Side::Ask => &mut self.asks,
        }
    }

    pub fn best_bid(&self) -> Option<Decimal> {
        self.bids.keys().next_back().copied()
    }

    pub fn best_ask(&self) -> Option<Decimal> {
        self.asks.keys().next().copied()
    }

    fn best(&self, side: Side) -> Option<Decimal> {
        match side {
            Side::Bid => self.best_bid(),
            Side::Ask => self.best_ask(),
        }
    }

    /// Matches an incoming order on `side` for up to `amount` BTC against the other
    /// side, best price first, never past `limit` (a market order has none). Returns
    /// the fills; what is left unfilled is `amount` minus their sum.
    pub fn take(&mut self, side: Side, limit: Option<Decimal>, amount: Decimal) -> Vec<Fill> {
        let mut left = amount;
        let mut fills = Vec::new();
        let book = side.opposite();
        while left > Decimal::ZERO {
            let Some(price) = self.best(book) else { break };
            let acceptable = match (side, limit) {
                (_, None) => true,
                (Side::Bid, Some(limit)) => price <= limit,
                (Side::Ask, Some(limit)) => price >= limit,
            };
            if !acceptable {
                break;
            }
            let levels = self.side_mut(book);
            let Some(queue) = levels.get_mut(&price) else {
                break;
            };
            while left > Decimal::ZERO {
                let Some(maker) = queue.front_mut() else {
                    break;
                };
                let amount = left.min(maker.amount);
                maker.amount -= amount;
                left -= amount;
                fills.push(Fill {
                    maker_id: maker.id,
                    maker_owner: maker.owner,
                    price,
                    amount,
                });
                if maker.amount.is_zero() {
                    queue.pop_front();
                }
            }
            if queue.is_empty() {
                levels.remove(&price);
            }
        }
        fills
    }

    /// Puts an order in the book without matching (the caller has matched it first).
    pub fn rest(
        &mut self,
        side: Side,
        price: Decimal,
        amount: Decimal,
        owner: Owner,
        at: i64,
    ) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.side_mut(side)
            .entry(price)
            .or_default()
            .push_back(Resting {
                id,
                owner,
                amount,
                at,
            });
        id
    }

    /// A limit order: matches what crosses, rests the remainder. Returns the fills and
    /// the id of the resting remainder, if any.
    pub fn limit(
        &mut self,
        side: Side,
        price: Decimal,
        amount: Decimal,
        owner: Owner,
        at: i64,
    ) -> (Vec<Fill>, Option<u64>) {
        let fills = self.take(side, Some(price), amount);
        let filled: Decimal = fills.iter().map(|f| f.amount).sum();
        let left = amount - filled;
        let id = (left > Decimal::ZERO).then(|| self.rest(side, price, left, owner, at));
        (fills, id)
    }

    /// Takes a resting order out of the book (a cancellation): its amount left, or
    /// `None` if it is no longer there.
    pub fn remove(&mut self, side: Side, price: Decimal, id: u64) -> Option<Decimal> {
        let levels = self.side_mut(side);
        let queue = levels.get_mut(&price)?;
        let position = queue.iter().position(|o| o.id == id)?;
        let removed = queue.remove(position)?;
        if queue.is_empty() {
            levels.remove(&price);
        }
        Some(removed.amount)
    }

    /// The orders an incoming order on `side` would meet, in the order [`Book::take`]
    /// meets them (best price first, then oldest first), with their prices.
    pub fn makers(&self, side: Side) -> Box<dyn Iterator<Item = (Decimal, &Resting)> + '_> {
        fn flatten<'a>(
            (price, queue): (&'a Decimal, &'a VecDeque<Resting>),
        ) -> impl Iterator<Item = (Decimal, &'a Resting)> {
            queue.iter().map(move |o| (*price, o))
        }
        match side.opposite() {
            Side::Ask => Box::new(self.asks.iter().flat_map(flatten)),
            Side::Bid => Box::new(self.bids.iter().rev().flat_map(flatten)),
        }
    }

    /// Removes the simulated market's orders for which `keep` says no.
    pub fn retain_market(&mut self, side: Side, mut keep: impl FnMut(Decimal) -> bool) {
        let levels = self.side_mut(side);
        levels.retain(|price, queue| {
            if !keep(*price) {
                queue.retain(|o| o.owner != Owner::Market);
            }
            !queue.is_empty()
        });
    }

    /// Number of price levels on a side.
    pub fn depth_of(&self, side: Side) -> usize {
        self.side(side).len()
    }

    /// The aggregated levels of a side, in ascending price (as the exchange lists them).
    pub fn levels(&self, side: Side) -> Vec<Level> {
        self.side(side)
            .iter()
            .map(|(price, queue)| Level {
                price: *price,
                amount: queue.iter().map(|o| o.amount).sum(),
                at: queue.iter().map(|o| o.at).max().unwrap_or(0),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_crossing_limit_order_fills_at_resting_prices_best_first() {
        let mut book = Book::new();
        book.rest(Side::Ask, d("681.00"), d("0.5"), Owner::Market, 1);
        book.rest(Side::Ask, d("680.00"), d("0.2"), Owner::Market, 2);
        book.rest(Side::Bid, d("679.00"), d("1"), Owner::Market, 3);

        let (fills, rest) = book.limit(Side::Bid, d("681.00"), d("0.3"), Owner::Account(7), 4);
        assert_eq!(
            fills
                .iter()
                .map(|f| (f.price, f.amount))
                .collect::<Vec<_>>(),
            [(d("680.00"), d("0.2")), (d("681.00"), d("0.1"))]
        );
        assert_eq!(rest, None);
        assert_eq!(book.best_ask(), Some(d("681.00")));
        assert_eq!(book.levels(Side::Ask)[0].amount, d("0.4"));
    }

    #[test]
    fn the_remainder_rests_and_never_crosses() {
        let mut book = Book::new();
        book.rest(Side::Ask, d("680.00"), d("0.2"), Owner::Market, 1);
        let (fills, rest) = book.limit(Side::Bid, d("680.50"), d("1"), Owner::Market, 2);
        assert_eq!(fills.len(), 1);
        assert!(rest.is_some());
        assert_eq!(book.best_bid(), Some(d("680.50")));
        assert_eq!(book.best_ask(), None);
        assert_eq!(book.levels(Side::Bid)[0].amount, d("0.8"));
    }

    #[test]
    fn same_price_fills_in_time_order() {
        let mut book = Book::new();
        let first = book.rest(Side::Bid, d("600"), d("1"), Owner::Account(1), 1);
        book.rest(Side::Bid, d("600"), d("1"), Owner::Account(2), 2);
        let fills = book.take(Side::Ask, None, d("1.5"));
        assert_eq!(fills[0].maker_id, first);
        assert_eq!(fills[1].maker_owner, Owner::Account(2));
        assert_eq!(fills[1].amount, d("0.5"));
    }

    #[test]
    fn makers_come_in_the_order_take_meets_them_and_can_be_removed() {
        let mut book = Book::new();
        book.rest(Side::Ask, d("681"), d("1"), Owner::Market, 1);
        let first = book.rest(Side::Ask, d("680"), d("0.5"), Owner::Account(3), 2);
        let second = book.rest(Side::Ask, d("680"), d("0.2"), Owner::Market, 3);
        book.rest(Side::Bid, d("600"), d("1"), Owner::Market, 1);
        book.rest(Side::Bid, d("650"), d("1"), Owner::Market, 1);
        let asks: Vec<_> = book.makers(Side::Bid).map(|(p, o)| (p, o.id)).collect();
        assert_eq!(asks[..2], [(d("680"), first), (d("680"), second)]);
        assert_eq!(asks[2].0, d("681"));
        let bids: Vec<_> = book.makers(Side::Ask).map(|(p, _)| p).collect();
        assert_eq!(bids, [d("650"), d("600")]);

        assert_eq!(book.remove(Side::Ask, d("680"), first), Some(d("0.5")));
        assert_eq!(book.remove(Side::Ask, d("680"), first), None);
        assert_eq!(book.remove(Side::Ask, d("680"), second), Some(d("0.2")));
        assert_eq!(book.best_ask(), Some(d("681")), "the emptied level is gone");
        assert_eq!(book.remove(Side::Bid, d("1"), 99), None);
    }

    #[test]
    fn pruning_keeps_accounts_orders() {
        let mut book = Book::new();
        book.rest(Side::Bid, d("100"), d("1"), Owner::Market, 1);
        book.rest(Side::Bid, d("100"), d("2"), Owner::Account(1), 1);
        book.rest(Side::Bid, d("90"), d("1"), Owner::Market, 1);
        book.retain_market(Side::Bid, |_| false);
        let levels = book.levels(Side::Bid);
        assert_eq!(levels.len(), 1);
        assert_eq!(levels[0].amount, d("2"));
    }
}
