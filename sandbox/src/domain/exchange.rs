//! The exchange behind the user endpoints: orders, their account operations, and
//! settlement against the shared order book.
//!
//! Money only moves through account operations, each applied to the balance it names
//! ([`Balances::of`]), so an account's balances are always its starting balances plus
//! the operations its orders show:
//!
//! - `lock`: a trade order holds what it may spend, moved from the normal account
//!   (`is_trading_account: false`, negative) to the trading account (positive), as in
//!   the spec's example; `unlock` gives back what it no longer needs.
//! - `trade`: a fill, at the resting order's price. What is paid leaves the trading
//!   account (an order that rests at its limit may, after rounding each fill to the
//!   cent, need a cent more than it locked: that cent comes from the normal account);
//!   what is bought arrives on the normal account.
//! - `fee`: 0.25 % of what the user receives, rounded down to the unit (0.00000001 BTC,
//!   0.01 EUR), taken from the normal account.
//! - `bitcoin_transfer` / `wire_transfer`: a withdrawal, out of the normal account.
//!
//! A new limit order is answered as the spec's example answers it: `pending_execution`,
//! its funds locked, nothing traded. It waits in a queue ([`Accounts`]) until the
//! engine takes it ([`execute_queued`]), which the sandbox does before it answers any
//! later request, whoever makes it: the order then matches what the book offers at its
//! price and rests `active` with the remainder (or is `filled`), as of the instant it
//! was placed. So a client always sees `pending_execution` in the answer to its POST,
//! and the order taken in anything it reads afterwards — deterministic, whatever the
//! clock. Market orders are carried out at once (`filled`).
//!
//! Every fill of a user's order is recorded as a public trade ([`Market::record_user`]);
//! fills the simulation makes against users' resting orders are settled with
//! [`settle_market_fills`] before any request is answered.

use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use crate::domain::accounts::{Account, Accounts, Balances};
use crate::domain::book::{Book, Fill, Owner};
use crate::domain::i18n::Message;
use crate::domain::market::{AccountFill, Market, currency_amount};
use crate::domain::orders::{
    BTC_DECIMALS, Currency, Direction, EUR_DECIMALS, Kind, Operation, Order, State, random_uuid,
};

/// The fee on what a user receives: 0.25 %.
pub const FEE_RATE: Decimal = Decimal::from_parts(25, 0, 0, false, 4);
/// The smallest trade order: 0.001 BTC.
pub const MIN_BTC: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// How much a trade order trades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// This much BTC (`amount`).
    Btc(Decimal),
    /// For this much EUR (`currency_amount`): buy as much BTC as it pays for, or sell
    /// as much as it takes to get it.
    Eur(Decimal),
}

/// A checked `POST /api/v1/user/orders`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Limit {
        direction: Direction,
        price: Decimal,
        size: Size,
    },
    Market {
        direction: Direction,
        size: Size,
    },
    Transfer {
        currency: Currency,
        amount: Decimal,
        address: Option<String>,
    },
}

/// Why the exchange did not do what was asked.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// No such order on this account (404).
    NotFound,
    /// The request cannot be carried out (422), with every reason.
    Unprocessable(Vec<Message>),
}

fn round_down(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::ToZero)
}

fn round_up(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::AwayFromZero)
}

/// The fee on receiving `amount`: 0.25 %, rounded down to the currency's unit.
pub fn fee(amount: Decimal, currency: Currency) -> Decimal {
    round_down(amount * FEE_RATE, currency.decimals())
}

/// A limit buy locks `price × amount` rounded up to this many decimals: the cent, so
/// that EUR balances stay in cents.
const LOCK_EUR_DECIMALS: u32 = EUR_DECIMALS;

/// The EUR a limit buy locks: `price × amount`, rounded up to the cent.
fn eur_for(price: Decimal, amount: Decimal) -> Decimal {
    round_up(
        price.checked_mul(amount).unwrap_or(Decimal::MAX),
        LOCK_EUR_DECIMALS,
    )
}

/// How an order moves money: every change to a balance is an account operation.
impl Order {
    /// Records an operation and moves the balance it names.
    fn apply(
        &mut self,
        balances: &mut Balances,
        name: &'static str,
        amount: Decimal,
        currency: Currency,
        trading: bool,
        at_ms: i64,
    ) {
        *balances.of(currency, trading) += amount;
        self.operations.push(Operation {
            uuid: random_uuid(),
            name,
            amount,
            currency,
            at_ms,
            trading,
        });
        self.updated_ms = self.updated_ms.max(at_ms);
    }

    /// Moves `amount` from the normal account to the trading account for this order.
    fn lock(&mut self, balances: &mut Balances, currency: Currency, amount: Decimal, at: i64) {
        self.apply(balances, "lock", -amount, currency, false, at);
        self.apply(balances, "lock", amount, currency, true, at);
        self.locked += amount;
    }

    /// Gives back what the order holds beyond `needed`.
    fn release(&mut self, balances: &mut Balances, needed: Decimal, at: i64) {
        let excess = self.locked - needed;
        let Some(direction) = self.direction else {
            return;
        };
        if excess > Decimal::ZERO {
            let currency = direction.pays();
            self.apply(balances, "unlock", -excess, currency, true, at);
            self.apply(balances, "unlock", excess, currency, false, at);
            self.locked = needed;
        }
    }

    /// What the order must still hold: a limit order, enough for what is left at its
    /// price; a market order, what it locked until it is done.
    fn lock_needed(&self) -> Decimal {
        match (self.kind, self.direction, self.price) {
            (Kind::LimitOrder, Some(Direction::Buy), Some(price)) => eur_for(price, self.remaining),
            (Kind::LimitOrder, Some(Direction::Sell), _) => self.remaining,
            _ if self.remaining.is_zero() => Decimal::ZERO,
            _ => self.locked,
        }
    }

    /// Pays `amount` out of what the order locked (and out of the normal account for
    /// whatever rounding to the cent made it exceed that).
    fn spend(&mut self, balances: &mut Balances, currency: Currency, amount: Decimal, at: i64) {
        let from_lock = amount.min(self.locked).max(Decimal::ZERO);
        let rest = amount - from_lock;
        if !from_lock.is_zero() || rest.is_zero() {
            self.apply(balances, "trade", -from_lock, currency, true, at);
        }
        if rest > Decimal::ZERO {
            self.apply(balances, "trade", -rest, currency, false, at);
        }
        self.locked -= from_lock;
    }

    /// Settles one fill of this order: `btc` for `eur`, at `at_ms`.
    fn fill(&mut self, balances: &mut Balances, btc: Decimal, eur: Decimal, at_ms: i64) {
        let Some(direction) = self.direction else {
            return;
        };
        match direction {
            Direction::Buy => {
                self.spend(balances, Currency::Eur, eur, at_ms);
                self.apply(balances, "trade", btc, Currency::Btc, false, at_ms);
                let fee = fee(btc, Currency::Btc);
                self.apply(balances, "fee", -fee, Currency::Btc, false, at_ms);
                self.btc_fee += fee;
            }
            Direction::Sell => {
                self.spend(balances, Currency::Btc, btc, at_ms);
                self.apply(balances, "trade", eur, Currency::Eur, false, at_ms);
                let fee = fee(eur, Currency::Eur);
                self.apply(balances, "fee", -fee, Currency::Eur, false, at_ms);
                self.currency_fee += fee;
            }
        }
        self.remaining = (self.remaining - btc).max(Decimal::ZERO);
        self.traded_btc += btc;
        self.traded_currency += eur;
        let needed = self.lock_needed();
        self.release(balances, needed, at_ms);
        if self.remaining.is_zero() {
            self.state = State::Filled;
            self.book_id = None;
        }
    }
}

/// Settles a fill on the order of `owner` that `which` picks out.
fn settle(
    accounts: &mut Accounts,
    owner: Owner,
    which: impl Fn(&Order) -> bool,
    btc: Decimal,
    eur: Decimal,
    at_ms: i64,
) {
    let Owner::Account(index) = owner else {
        return;
    };
    let Some(Account {
        balances, orders, ..
    }) = usize::try_from(index)
        .ok()
        .and_then(|index| accounts.get_mut(index))
    else {
        return;
    };
    if let Some(order) = orders.iter_mut().find(|o| which(o)) {
        order.fill(balances, btc, eur, at_ms);
    }
}

/// Settles the fills the simulated market made against users' resting orders.
pub fn settle_market_fills(accounts: &mut Accounts, fills: Vec<AccountFill>) {
    for AccountFill {
        fill,
        at,
        currency_amount,
    } in fills
    {
        let resting = |o: &Order| o.book_id == Some(fill.maker_id) && o.is_active_trade();
        let at_ms = at.saturating_mul(1000);
        settle(
            accounts,
            fill.maker_owner,
            resting,
            fill.amount,
            currency_amount,
            at_ms,
        );
    }
}

/// What a market order would trade against the book as it is: BTC, and the EUR it
/// would pay or receive (each fill rounded to the cent, as it will be settled).
fn plan(book: &Book, direction: Direction, size: Size) -> (Decimal, Decimal) {
    let (mut btc, mut eur) = (Decimal::ZERO, Decimal::ZERO);
    for (price, maker) in book.makers(direction.side()) {
        let wanted = match (size, direction) {
            (Size::Btc(total), _) => total - btc,
            (Size::Eur(budget), Direction::Buy) => {
                round_down((budget - eur).checked_div(price).unwrap_or_default(), 8)
            }
            (Size::Eur(target), Direction::Sell) => {
                round_up((target - eur).checked_div(price).unwrap_or_default(), 8)
            }
        };
        let amount = wanted.min(maker.amount);
        if amount <= Decimal::ZERO {
            break;
        }
        btc += amount;
        eur += currency_amount(price, amount);
        let done = match (size, direction) {
            (Size::Btc(total), _) => btc >= total,
            // A maker only partly paid for: the money is spent (more would be dearer).
            (Size::Eur(_), Direction::Buy) => amount < maker.amount,
            (Size::Eur(target), Direction::Sell) => eur >= target,
        };
        if done {
            break;
        }
    }
    (btc, eur)
}

fn insufficient(balances: &Balances, currency: Currency) -> Message {
    Message::InsufficientBalance {
        available: balances.available(currency),
        currency: currency.code(),
    }
}

/// Places an order for `account`: checks it against the balances and the book, locks
/// what it needs, matches it and settles every fill. The order as it now is.
pub fn place(
    market: &mut Market,
    accounts: &mut Accounts,
    account: usize,
    request: Request,
    now_ms: i64,
) -> Result<Order, Refusal> {
    let owner = Owner::Account(u64::try_from(account).map_err(|_| Refusal::NotFound)?);
    let balances = &mut accounts.get_mut(account).ok_or(Refusal::NotFound)?.balances;
    let (order, fills) = match request {
        Request::Transfer {
            currency,
            amount,
            address,
        } => (
            withdraw(balances, currency, amount, address, now_ms)?,
            Vec::new(),
        ),
        Request::Limit {
            direction,
            price,
            size,
        } => {
            let amount = limit_amount(direction, price, size);
            place_limit(balances, direction, price, amount, now_ms)?
        }
        Request::Market { direction, size } => {
            place_market(market, balances, direction, size, now_ms)?
        }
    };
    let uuid = order.uuid;
    let queued = order.state == State::PendingExecution;
    if let Some(account) = accounts.get_mut(account) {
        account.orders.push_front(order);
    }
    if queued {
        accounts.queue.push_back((account, uuid));
    }
    settle_new_fills(market, accounts, owner, uuid, &fills, now_ms);
    let (balances, order) = find_mut(accounts, account, uuid)?;
    if order.kind == Kind::MarketOrder {
        // What could not be filled is canceled; nothing stays locked.
        order.remaining = Decimal::ZERO;
        order.release(balances, Decimal::ZERO, now_ms);
        order.state = State::Filled;
    }
    Ok(order.clone())
}

/// A withdrawal: the amount leaves the normal account at once, and the order waits
/// for its confirmation.
fn withdraw(
    balances: &mut Balances,
    currency: Currency,
    amount: Decimal,
    address: Option<String>,
    now_ms: i64,
) -> Result<Order, Refusal> {
    if amount > balances.available(currency) {
        return Err(Refusal::Unprocessable(vec![insufficient(
            balances, currency,
        )]));
    }
    let mut order = Order::new(Kind::Transfer, currency, State::Pending, amount, now_ms);
    order.address = address;
    let name = match currency {
        Currency::Btc => "bitcoin_transfer",
        Currency::Eur => "wire_transfer",
    };
    order.apply(balances, name, -amount, currency, false, now_ms);
    Ok(order)
}

/// The BTC a limit order trades. Given as `amount`, that amount. Given as
/// `currency_amount`, the spec's Trading section says the engine "will buy as much
/// Bitcoins as possible for `currency_amount` or sell as much Bitcoins as necessary to
/// obtain `currency_amount`"; a limit order may trade at its limit price and no worse,
/// so the sandbox reads that at the limit: `currency_amount / price` to the satoshi,
/// rounded down for a buy (at its limit it never costs more than `currency_amount`)
/// and rounded up for a sell (at its limit it never brings less). It is then a limit
/// order for that many BTC, like any other: better prices leave the amount as it is.
fn limit_amount(direction: Direction, price: Decimal, size: Size) -> Decimal {
    match size {
        Size::Btc(amount) => amount,
        Size::Eur(eur) => {
            let btc = eur.checked_div(price).unwrap_or_default();
            match direction {
                Direction::Buy => round_down(btc, BTC_DECIMALS),
                Direction::Sell => round_up(btc, BTC_DECIMALS),
            }
        }
    }
}

/// A limit order: locks what it may spend and waits, `pending_execution`, for the
/// engine ([`execute_queued`]). The order, and no fills yet.
fn place_limit(
    balances: &mut Balances,
    direction: Direction,
    price: Decimal,
    amount: Decimal,
    now_ms: i64,
) -> Result<(Order, Vec<Fill>), Refusal> {
    let needs = match direction {
        Direction::Buy => eur_for(price, amount),
        Direction::Sell => amount,
    };
    affordable(balances, direction, amount < MIN_BTC, needs)?;
    let mut order = Order::trade(Kind::LimitOrder, direction, Some(price), amount, now_ms);
    order.state = State::PendingExecution;
    order.lock(balances, direction.pays(), needs, now_ms);
    Ok((order, Vec::new()))
}

/// The engine takes the queued limit orders, oldest first: each takes what the book
/// offers at its price or better, and rests in the book with the remainder (`active`),
/// unless it is `filled`. Each is carried out as of the instant it was placed, so the
/// sandbox calls this before the market moves on ([`crate::domain::sandbox::Sandbox`]
/// does, before it answers any request).
pub fn execute_queued(market: &mut Market, accounts: &mut Accounts) {
    while let Some((account, uuid)) = accounts.queue.pop_front() {
        let Ok(owner) = u64::try_from(account).map(Owner::Account) else {
            continue;
        };
        let Some(order) = accounts
            .get_mut(account)
            .and_then(|a| a.orders.iter_mut().find(|o| o.uuid == uuid))
            .filter(|o| o.state == State::PendingExecution)
        else {
            continue;
        };
        let (Some(direction), Some(price)) = (order.direction, order.price) else {
            continue;
        };
        let at_ms = order.created_ms;
        let (fills, book_id) = market.book_mut().limit(
            direction.side(),
            price,
            order.amount,
            owner,
            at_ms.div_euclid(1000),
        );
        order.book_id = book_id;
        order.state = State::Active;
        settle_new_fills(market, accounts, owner, uuid, &fills, at_ms);
    }
}

/// A market order: planned against the book as it is (refused if the book has nothing
/// for it), locks what the plan spends, and takes it. The order, and its fills.
fn place_market(
    market: &mut Market,
    balances: &mut Balances,
    direction: Direction,
    size: Size,
    now_ms: i64,
) -> Result<(Order, Vec<Fill>), Refusal> {
    let (btc, eur) = plan(market.book(), direction, size);
    if btc.is_zero() {
        return Err(Refusal::Unprocessable(vec![Message::NoLiquidity]));
    }
    let needs = match direction {
        Direction::Buy => eur,
        Direction::Sell => btc,
    };
    let below_minimum = btc < MIN_BTC || matches!(size, Size::Btc(amount) if amount < MIN_BTC);
    affordable(balances, direction, below_minimum, needs)?;
    let amount = match size {
        Size::Btc(amount) => amount,
        Size::Eur(_) => btc,
    };
    let mut order = Order::trade(Kind::MarketOrder, direction, None, amount, now_ms);
    order.remaining = btc;
    order.lock(balances, direction.pays(), needs, now_ms);
    let fills = market.book_mut().take(direction.side(), None, btc);
    Ok((order, fills))
}

/// A trade order's refusal, with every reason: below the minimum order, or needing
/// more than is available.
fn affordable(
    balances: &Balances,
    direction: Direction,
    below_minimum: bool,
    needs: Decimal,
) -> Result<(), Refusal> {
    let mut problems = Vec::new();
    if below_minimum {
        problems.push(Message::BelowMinimum);
    }
    if needs > balances.available(direction.pays()) {
        problems.push(insufficient(balances, direction.pays()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Unprocessable(problems))
    }
}

/// Records the fills of a new order (`uuid`, of `owner`) as public trades, and
/// settles each on both sides: the new order, and the resting order it met.
fn settle_new_fills(
    market: &mut Market,
    accounts: &mut Accounts,
    owner: Owner,
    uuid: Uuid,
    fills: &[Fill],
    now_ms: i64,
) {
    let eurs = market.record_user(fills, now_ms.div_euclid(1000));
    for (fill, eur) in fills.iter().zip(eurs) {
        settle(
            accounts,
            owner,
            |o| o.uuid == uuid,
            fill.amount,
            eur,
            now_ms,
        );
        let resting = |o: &Order| o.book_id == Some(fill.maker_id) && o.is_active_trade();
        settle(
            accounts,
            fill.maker_owner,
            resting,
            fill.amount,
            eur,
            now_ms,
        );
    }
}

/// One of the account's orders.
pub fn find(accounts: &Accounts, account: usize, uuid: Uuid) -> Option<&Order> {
    accounts
        .get(account)?
        .orders
        .iter()
        .find(|o| o.uuid == uuid)
}

fn find_mut(
    accounts: &mut Accounts,
    account: usize,
    uuid: Uuid,
) -> Result<(&mut Balances, &mut Order), Refusal> {
    let Account {
        balances, orders, ..
    } = accounts.get_mut(account).ok_or(Refusal::NotFound)?;
    let order = orders
        .iter_mut()
        .find(|o| o.uuid == uuid)
        .ok_or(Refusal::NotFound)?;
    Ok((balances, order))
}

/// Cancels an active trade order: its remainder leaves the book and what it locked is
/// unlocked.
pub fn cancel(
    market: &mut Market,
    accounts: &mut Accounts,
    account: usize,
    uuid: Uuid,
    now_ms: i64,
) -> Result<Order, Refusal> {
    let (balances, order) = find_mut(accounts, account, uuid)?;
    if !order.is_active_trade() {
        return Err(Refusal::Unprocessable(vec![Message::NotCancelable]));
    }
    if let (Some(id), Some(price), Some(direction)) = (order.book_id, order.price, order.direction)
    {
        market.book_mut().remove(direction.side(), price, id);
    }
    order.book_id = None;
    order.release(balances, Decimal::ZERO, now_ms);
    order.state = State::Canceled;
    order.updated_ms = order.updated_ms.max(now_ms);
    Ok(order.clone())
}

/// Confirms a pending withdrawal (the sandbox's stand-in for the e-mail link): it is
/// executed.
pub fn confirm(
    accounts: &mut Accounts,
    account: usize,
    uuid: Uuid,
    now_ms: i64,
) -> Result<Order, Refusal> {
    let (_, order) = find_mut(accounts, account, uuid)?;
    if order.kind != Kind::Transfer || order.state != State::Pending {
        return Err(Refusal::Unprocessable(vec![Message::NotConfirmable]));
    }
    order.state = State::Executed;
    order.updated_ms = order.updated_ms.max(now_ms);
    Ok(order.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::book::Side;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn book() -> Book {
        let mut book = Book::new();
        book.rest(Side::Ask, d("680"), d("0.01"), Owner::Market, 1);
        book.rest(Side::Ask, d("681"), d("0.02"), Owner::Market, 1);
        book.rest(Side::Bid, d("670"), d("0.01"), Owner::Market, 1);
        book.rest(Side::Bid, d("669"), d("1"), Owner::Market, 1);
        book
    }

    #[test]
    fn fees_are_a_quarter_percent_rounded_down() {
        assert_eq!(fee(d("0.002"), Currency::Btc), d("0.000005"));
        assert_eq!(fee(d("0.00000399"), Currency::Btc), d("0"));
        assert_eq!(fee(d("6.79"), Currency::Eur), d("0.01"));
        assert_eq!(fee(d("3.99"), Currency::Eur), d("0"));
        assert_eq!(fee(d("1000"), Currency::Eur), d("2.5"));
    }

    #[test]
    fn a_market_order_the_book_cannot_fill_is_refused_and_locks_nothing() {
        let mut market = Market::new(42, 1_389_092_410_000, 0);
        let asks: Vec<(Decimal, u64)> = market
            .book()
            .makers(Side::Bid)
            .map(|(price, o)| (price, o.id))
            .collect();
        for (price, id) in asks {
            market.book_mut().remove(Side::Ask, price, id);
        }
        let mut accounts = Accounts::default();
        let before = accounts.get(0).unwrap().clone();
        let buy = Request::Market {
            direction: Direction::Buy,
            size: Size::Btc(d("0.01")),
        };
        let refused = place(&mut market, &mut accounts, 0, buy, 1_389_092_410_000);
        assert!(matches!(
            refused,
            Err(Refusal::Unprocessable(ref m)) if matches!(m[..], [Message::NoLiquidity])
        ));
        assert_eq!(accounts.get(0), Some(&before));
        // The other side still trades.
        let sell = Request::Market {
            direction: Direction::Sell,
            size: Size::Btc(d("0.01")),
        };
        let sold = place(&mut market, &mut accounts, 0, sell, 1_389_092_410_000).unwrap();
        assert_eq!((sold.state, sold.traded_btc), (State::Filled, d("0.01")));
    }

    #[test]
    fn a_buy_resting_at_its_limit_pays_its_rounding_cents_from_the_normal_account() {
        // 0.002 BTC at 685 locks 1.37 EUR; filled in two halves of 0.685 → 0.69 each.
        let mut balances = Accounts::default().get(1).unwrap().balances.clone();
        let mut order = Order::trade(
            Kind::LimitOrder,
            Direction::Buy,
            Some(d("685")),
            d("0.002"),
            0,
        );
        order.lock(
            &mut balances,
            Currency::Eur,
            eur_for(d("685"), d("0.002")),
            0,
        );
        assert_eq!(order.locked, d("1.37"));
        order.fill(&mut balances, d("0.001"), d("0.69"), 1);
        order.fill(&mut balances, d("0.001"), d("0.69"), 2);
        assert_eq!(order.state, State::Filled);
        assert_eq!(order.traded_currency, d("1.38"));
        assert_eq!(balances.locked_eur, d("0"));
        assert_eq!(balances.balance_eur, d("4998.62"));
        let names: Vec<_> = order.operations.iter().map(|o| o.name).collect();
        assert_eq!(
            names,
            [
                "lock", "lock", "trade", "trade", "fee", "trade", "trade", "trade", "fee"
            ]
        );
        assert_eq!(balances.balance_btc, d("10.002") - d("0.000005"));
    }

    #[test]
    fn a_limit_order_by_currency_amount_is_its_btc_at_the_limit() {
        let eur = |text| Size::Eur(d(text));
        // 100 / 680 = 0.147058823…: a buy rounds down (it costs at most 100 EUR at
        // 680), a sell rounds up (it brings at least 100 EUR at 680).
        assert_eq!(
            limit_amount(Direction::Buy, d("680"), eur("100")),
            d("0.14705882")
        );
        assert_eq!(eur_for(d("680"), d("0.14705882")), d("100.00"));
        assert_eq!(
            limit_amount(Direction::Sell, d("680"), eur("100")),
            d("0.14705883")
        );
        assert!(d("680") * d("0.14705883") >= d("100"));
        // Exact quotients stay exact.
        assert_eq!(
            limit_amount(Direction::Sell, d("500"), eur("1")),
            d("0.002")
        );
        assert_eq!(
            limit_amount(Direction::Buy, d("300.0"), Size::Btc(d("1.0"))),
            d("1.0")
        );
    }

    #[test]
    fn plans_market_orders_fill_by_fill() {
        let book = book();
        // By amount: 0.01 at 680 (6.80) and 0.005 at 681 (3.405 → 3.41).
        assert_eq!(
            plan(&book, Direction::Buy, Size::Btc(d("0.015"))),
            (d("0.015"), d("10.21"))
        );
        // More than the book holds: what there is.
        assert_eq!(
            plan(&book, Direction::Buy, Size::Btc(d("5"))),
            (d("0.03"), d("20.42"))
        );
        // For 10 EUR: 0.01 at 680, then 3.20 EUR buys 0.00469897 at 681 (3.20).
        assert_eq!(
            plan(&book, Direction::Buy, Size::Eur(d("10"))),
            (d("0.01469897"), d("10.00"))
        );
        // To get 10 EUR: 0.01 at 670 (6.70), then 3.30 / 669 → 0.00493274 (3.30).
        assert_eq!(
            plan(&book, Direction::Sell, Size::Eur(d("10"))),
            (d("0.01493274"), d("10.00"))
        );
        assert_eq!(
            plan(&Book::new(), Direction::Sell, Size::Btc(d("1"))),
            (d("0"), d("0"))
        );
    }
}
