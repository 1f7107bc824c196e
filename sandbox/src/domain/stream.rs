//! What the real-time stream tells, as plain data: the changes one hold of the market's
//! lock made to the book, the trades and the ticker ([`MarketEvent`]), and the changes
//! one hold of the accounts' lock made to a user's balances and orders
//! ([`UserEvent`]).
//!
//! Changes are found by comparing the state when the lock was taken ([`MarketMark`],
//! [`AccountsMark`]) with the state when it is released, and are published before it
//! is released ([`crate::domain::sandbox`]): so the stream and the REST answers are
//! ordered by the same lock, and a book made from `GET /depth` plus every update sent
//! after it is the book a later `GET /depth` shows. Levels are sent as their new
//! totals, a removed level as [`LevelChange::amount`] `None`.

use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::accounts::{Accounts, Balances};
use crate::domain::book::Level;
use crate::domain::market::{Market, Summary, TradeRecord};
use crate::domain::orders::{Order, State};

/// A level of the book that changed: its new total, or `None` if it is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChange {
    pub price: Decimal,
    pub amount: Option<Decimal>,
    /// The level's own timestamp, or the instant it went (Unix seconds).
    pub at: i64,
}

/// What changed on the market: every key is optional (nothing in it is unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarketEvent {
    pub ticker: Option<Summary>,
    /// New trades, oldest first.
    pub trades: Vec<TradeRecord>,
    /// Changed bid levels, in ascending price.
    pub bids: Vec<LevelChange>,
    /// Changed ask levels, in ascending price.
    pub asks: Vec<LevelChange>,
}

impl MarketEvent {
    pub fn is_empty(&self) -> bool {
        self.ticker.is_none()
            && self.trades.is_empty()
            && self.bids.is_empty()
            && self.asks.is_empty()
    }
}

/// The levels that differ between two lists of one side, each in ascending price.
pub fn level_changes(before: &[Level], after: &[Level], now: i64) -> Vec<LevelChange> {
    let (mut b, mut a) = (before.iter().peekable(), after.iter().peekable());
    let mut changes = Vec::new();
    loop {
        match (b.peek(), a.peek()) {
            (None, None) => break,
            (Some(old), Some(new)) if old.price == new.price => {
                if old != new {
                    changes.push(LevelChange {
                        price: new.price,
                        amount: Some(new.amount),
                        at: new.at,
                    });
                }
                b.next();
                a.next();
            }
            (Some(old), new) if new.is_none_or(|new| old.price < new.price) => {
                changes.push(LevelChange {
                    price: old.price,
                    amount: None,
                    at: now,
                });
                b.next();
            }
            (_, Some(new)) => {
                changes.push(LevelChange {
                    price: new.price,
                    amount: Some(new.amount),
                    at: new.at,
                });
                a.next();
            }
            // Unreachable: (Some, None) is taken by the arm above.
            (Some(_), None) => break,
        }
    }
    changes
}

/// The market as it was when its lock was taken.
#[derive(Debug)]
pub struct MarketMark {
    bids: Vec<Level>,
    asks: Vec<Level>,
    last_tid: u64,
    at: i64,
}

impl MarketMark {
    pub fn of(market: &Market) -> Self {
        let (bids, asks) = market.depth();
        MarketMark {
            bids,
            asks,
            last_tid: market.last_tid(),
            at: market.at(),
        }
    }

    /// What changed since the mark; the ticker when it differs from `published` (the
    /// last one sent), which it then becomes.
    pub fn changes(&self, market: &Market, published: &mut Option<Summary>) -> Option<MarketEvent> {
        let (bids, asks) = market.depth();
        let now = market.at();
        let mut event = MarketEvent {
            ticker: None,
            trades: market
                .trades_since(self.last_tid, usize::MAX)
                .cloned()
                .collect(),
            bids: level_changes(&self.bids, &bids, now),
            asks: level_changes(&self.asks, &asks, now),
        };
        if !event.is_empty() || now != self.at {
            let summary = market.summary();
            if published.as_ref() != Some(&summary) {
                *published = Some(summary.clone());
                event.ticker = Some(summary);
            }
        }
        (!event.is_empty()).then_some(event)
    }
}

/// Which user balance a key of the user object names, in `GET /api/v1/user`'s order.
pub const BALANCE_KEYS: [&str; 4] = ["balance_btc", "locked_btc", "balance_eur", "locked_eur"];

/// A balance by its key in [`BALANCE_KEYS`] order.
pub fn balances_in_order(b: &Balances) -> [Decimal; 4] {
    [b.balance_btc, b.locked_btc, b.balance_eur, b.locked_eur]
}

/// What changed on one user's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEvent {
    /// The account's index.
    pub account: usize,
    /// The balances that changed: their key and new value.
    pub balances: Vec<(&'static str, Decimal)>,
    /// The orders that are new or changed, as they now are.
    pub orders: Vec<Order>,
}

/// What tells an order's change: every change adds an account operation, changes its
/// state or its update time.
type OrderPrint = (Uuid, State, usize, i64, Decimal);

fn print(order: &Order) -> OrderPrint {
    (
        order.uuid,
        order.state,
        order.operations.len(),
        order.updated_ms,
        order.remaining,
    )
}

/// The accounts as they were when their lock was taken.
#[derive(Debug)]
pub struct AccountsMark(Vec<(Balances, Vec<OrderPrint>)>);

impl AccountsMark {
    pub fn of(accounts: &Accounts) -> Self {
        AccountsMark(
            accounts
                .all()
                .iter()
                .map(|a| (a.balances.clone(), a.orders.iter().map(print).collect()))
                .collect(),
        )
    }

    /// One event per account that changed since the mark.
    pub fn changes(&self, accounts: &Accounts) -> Vec<UserEvent> {
        let mut events = Vec::new();
        for (index, account) in accounts.all().iter().enumerate() {
            let Some((balances, orders)) = self.0.get(index) else {
                continue;
            };
            let (old, new) = (
                balances_in_order(balances),
                balances_in_order(&account.balances),
            );
            let balances: Vec<(&'static str, Decimal)> = BALANCE_KEYS
                .iter()
                .zip(old.iter().zip(new))
                .filter(|(_, (old, new))| *old != new)
                .map(|(key, (_, new))| (*key, new))
                .collect();
            let changed: Vec<Order> = account
                .orders
                .iter()
                .rev()
                .filter(|o| !orders.contains(&print(o)))
                .cloned()
                .collect();
            if !balances.is_empty() || !changed.is_empty() {
                events.push(UserEvent {
                    account: index,
                    balances,
                    orders: changed,
                });
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(price: i64, amount: i64, at: i64) -> Level {
        Level {
            price: Decimal::new(price, 0),
            amount: Decimal::new(amount, 0),
            at,
        }
    }

    #[test]
    fn levels_are_compared_price_by_price() {
        let before = [level(1, 5, 1), level(2, 5, 1), level(4, 1, 1)];
        let after = [
            level(2, 6, 2),
            level(3, 1, 2),
            level(4, 1, 1),
            level(5, 2, 2),
        ];
        let changes = level_changes(&before, &after, 9);
        let got: Vec<(Decimal, Option<Decimal>, i64)> =
            changes.iter().map(|c| (c.price, c.amount, c.at)).collect();
        let d = |v: i64| Decimal::new(v, 0);
        assert_eq!(
            got,
            [
                (d(1), None, 9),
                (d(2), Some(d(6)), 2),
                (d(3), Some(d(1)), 2),
                (d(5), Some(d(2)), 2),
            ]
        );
        assert!(level_changes(&after, &after, 9).is_empty());
        assert_eq!(level_changes(&after, &[], 9).len(), 4);
    }
}
