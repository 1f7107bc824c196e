//! What the exchange deals in: the two currencies and their units, and users' orders
//! with the account operations they made. Plain data; how an order moves money is
//! [`crate::domain::exchange`]'s.

use rand::Rng;
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::book::Side;

/// BTC amounts are kept to the satoshi, EUR amounts to the cent.
pub const BTC_DECIMALS: u32 = 8;
pub const EUR_DECIMALS: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    Eur,
    Btc,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Eur => "EUR",
            Currency::Btc => "BTC",
        }
    }

    pub fn decimals(self) -> u32 {
        match self {
            Currency::Eur => EUR_DECIMALS,
            Currency::Btc => BTC_DECIMALS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Buy,
    Sell,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Buy => "buy",
            Direction::Sell => "sell",
        }
    }

    pub(super) fn side(self) -> Side {
        match self {
            Direction::Buy => Side::Bid,
            Direction::Sell => Side::Ask,
        }
    }

    /// What an order in this direction spends (and locks).
    pub(super) fn pays(self) -> Currency {
        match self {
            Direction::Buy => Currency::Eur,
            Direction::Sell => Currency::Btc,
        }
    }
}

/// The order types users place (the spec's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    LimitOrder,
    MarketOrder,
    Transfer,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::LimitOrder => "LimitOrder",
            Kind::MarketOrder => "MarketOrder",
            Kind::Transfer => "Transfer",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        [Kind::LimitOrder, Kind::MarketOrder, Kind::Transfer]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// Every order type of the spec's appendix (and `MarketOrder`): what `types[]` may
/// name, whether or not the sandbox creates such orders.
pub const ORDER_TYPES: [&str; 6] = [
    "WireDeposit",
    "BitcoinDeposit",
    "LimitOrder",
    "MarketOrder",
    "Transfer",
    "AdminOrder",
];

/// The spec's order states that the sandbox's orders go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// A new limit order, its funds locked, queued for the engine (the spec's answer
    /// to a new limit order): [`crate::domain::exchange::execute_queued`] takes it
    /// before the sandbox answers any later request.
    PendingExecution,
    /// A withdrawal waiting for its confirmation.
    Pending,
    /// A limit order in the book.
    Active,
    Filled,
    /// A confirmed withdrawal.
    Executed,
    Canceled,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::PendingExecution => "pending_execution",
            State::Pending => "pending",
            State::Active => "active",
            State::Filled => "filled",
            State::Executed => "executed",
            State::Canceled => "canceled",
        }
    }
}

/// One movement of money (the spec's account operation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub uuid: Uuid,
    pub name: &'static str,
    /// Signed: negative leaves the account.
    pub amount: Decimal,
    pub currency: Currency,
    /// Unix milliseconds.
    pub at_ms: i64,
    /// The trading account (locked funds) rather than the normal one.
    pub trading: bool,
}

/// A user's order, with everything it did to the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub uuid: Uuid,
    pub kind: Kind,
    /// `EUR` for trade orders; the withdrawn currency for transfers.
    pub currency: Currency,
    pub state: State,
    /// Trade orders: the BTC amount (a market order by `currency_amount`: the BTC it
    /// traded; a limit order by `currency_amount`: the BTC that is at its limit price).
    /// Transfers: the amount withdrawn.
    pub amount: Decimal,
    /// Trade orders only.
    pub direction: Option<Direction>,
    /// Limit orders only.
    pub price: Option<Decimal>,
    pub traded_btc: Decimal,
    pub traded_currency: Decimal,
    pub btc_fee: Decimal,
    pub currency_fee: Decimal,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub operations: Vec<Operation>,
    /// BTC transfers: where to.
    pub address: Option<String>,
    /// BTC still to trade.
    pub(super) remaining: Decimal,
    /// What the order holds on the trading account.
    pub(super) locked: Decimal,
    /// The order's id in the book while it rests there.
    pub(super) book_id: Option<u64>,
}

/// A random (version 4) UUID, for orders and their operations.
pub(super) fn random_uuid() -> Uuid {
    uuid::Builder::from_random_bytes(rand::rng().random()).into_uuid()
}

impl Order {
    pub(super) fn new(
        kind: Kind,
        currency: Currency,
        state: State,
        amount: Decimal,
        now_ms: i64,
    ) -> Self {
        Order {
            uuid: random_uuid(),
            kind,
            currency,
            state,
            amount,
            direction: None,
            price: None,
            traded_btc: Decimal::ZERO,
            traded_currency: Decimal::ZERO,
            btc_fee: Decimal::ZERO,
            currency_fee: Decimal::ZERO,
            created_ms: now_ms,
            updated_ms: now_ms,
            operations: Vec::new(),
            address: None,
            remaining: Decimal::ZERO,
            locked: Decimal::ZERO,
            book_id: None,
        }
    }

    pub(super) fn trade(
        kind: Kind,
        direction: Direction,
        price: Option<Decimal>,
        amount: Decimal,
        now_ms: i64,
    ) -> Self {
        Order {
            direction: Some(direction),
            price,
            remaining: amount,
            ..Order::new(kind, Currency::Eur, State::Active, amount, now_ms)
        }
    }

    /// A limit order with something left in the book.
    pub fn is_active_trade(&self) -> bool {
        self.state == State::Active && self.kind != Kind::Transfer
    }

    /// What `active=true` lists: orders still under way.
    pub fn is_open(&self) -> bool {
        matches!(
            self.state,
            State::PendingExecution | State::Active | State::Pending
        )
    }
}
