//! The sandbox's user accounts: the demo user the consent page logs in as, with the
//! available balances of the spec's `/api/v1/user` example, and a second,
//! French-speaking one that only tests reach (for two accounts trading with each
//! other).
//!
//! Each currency has two balances, as the spec's account operations show: the normal
//! account (`balance_*`, available) and the trading account (`locked_*`, funds held by
//! open orders). Balances only ever move through an order's account operations
//! ([`crate::domain::exchange`]), so they always add up to what the orders show: an
//! account starts with nothing locked, and what is locked at any time is what its
//! open trade orders hold (a withdrawal leaves the normal account at once and locks
//! nothing). That is why the demo user does not start with the spec example's
//! `locked_btc: 1.0` and `locked_eur: 300.00743886`: no order of its would hold them,
//! so nothing could ever unlock them.

use std::collections::VecDeque;

use rand::Rng;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::orders::{Currency, Order};

/// A user's money, per currency: available (the normal account) and locked (the
/// trading account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balances {
    pub balance_btc: Decimal,
    pub locked_btc: Decimal,
    pub balance_eur: Decimal,
    pub locked_eur: Decimal,
}

impl Balances {
    /// The balance an account operation moves.
    pub fn of(&mut self, currency: Currency, trading: bool) -> &mut Decimal {
        match (currency, trading) {
            (Currency::Btc, false) => &mut self.balance_btc,
            (Currency::Btc, true) => &mut self.locked_btc,
            (Currency::Eur, false) => &mut self.balance_eur,
            (Currency::Eur, true) => &mut self.locked_eur,
        }
    }

    /// What is available to spend in `currency`.
    pub fn available(&self, currency: Currency) -> Decimal {
        match currency {
            Currency::Btc => self.balance_btc,
            Currency::Eur => self.balance_eur,
        }
    }
}

/// One user's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Account number, e.g. `BC-U123456`.
    pub name: String,
    /// The user's language (`en` or `fr`).
    pub locale: String,
    pub balances: Balances,
    /// The account's orders, newest first.
    pub orders: VecDeque<Order>,
    /// The id a client gives to hear this account on the stream's `/user` namespace
    /// (`channel_id` of `GET /api/v1/user`): 128 bits from the OS-seeded generator,
    /// hex, made when the sandbox starts. The namespace's only credential: never logged,
    /// never echoed.
    pub channel_id: String,
}

impl Account {
    fn new(name: &str, locale: &str, balances: Balances) -> Self {
        Account {
            name: name.into(),
            locale: locale.into(),
            balances,
            orders: VecDeque::new(),
            channel_id: channel_id(),
        }
    }
}

/// A fresh channel id: 16 random bytes, as 32 hex digits.
fn channel_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Index of the demo account in [`Accounts`]: the one the consent page logs in as.
pub const DEMO: usize = 0;
/// Index of the second account (`BC-U654321`, French): no login reaches it; tests get
/// a token for it with [`crate::domain::sandbox::Sandbox::issue_token_for_tests`].
pub const SECOND: usize = 1;

/// The users' accounts, and the new limit orders waiting for the engine.
#[derive(Debug)]
pub struct Accounts {
    accounts: Vec<Account>,
    /// New limit orders (`pending_execution`), oldest first: the account's index and
    /// the order's UUID.
    pub(super) queue: VecDeque<(usize, Uuid)>,
}

impl Default for Accounts {
    fn default() -> Self {
        let accounts = vec![
            Account::new(
                "BC-U123456",
                "en",
                Balances {
                    balance_btc: Decimal::new(2_578_866_278, 8),
                    locked_btc: Decimal::new(0, 1),
                    balance_eur: Decimal::new(189_396, 2),
                    locked_eur: Decimal::new(0, 1),
                },
            ),
            Account::new(
                "BC-U654321",
                "fr",
                Balances {
                    balance_btc: Decimal::new(100, 1),
                    locked_btc: Decimal::new(0, 1),
                    balance_eur: Decimal::new(500_000, 2),
                    locked_eur: Decimal::new(0, 1),
                },
            ),
        ];
        Accounts {
            accounts,
            queue: VecDeque::new(),
        }
    }
}

impl Accounts {
    pub fn get(&self, index: usize) -> Option<&Account> {
        self.accounts.get(index)
    }

    pub fn get_mut(&mut self, index: usize) -> Option<&mut Account> {
        self.accounts.get_mut(index)
    }

    /// Every account, by index.
    pub fn all(&self) -> &[Account] {
        &self.accounts
    }

    /// The account whose channel id is `channel`. Every id is compared in full, byte
    /// by byte, whatever matches: the time taken tells nothing of the ids.
    pub fn by_channel(&self, channel: &str) -> Option<usize> {
        let mut found = None;
        for (index, account) in self.accounts.iter().enumerate() {
            let id = account.channel_id.as_bytes();
            let given = channel.as_bytes();
            let mut diff = u8::from(id.len() != given.len());
            for (i, byte) in id.iter().enumerate() {
                diff |= byte ^ given.get(i).copied().unwrap_or(0);
            }
            if diff == 0 {
                found = Some(index);
            }
        }
        found
    }
}
