//! What the user asks the exchange to do — place an order, withdraw, look an order up
//! — checked before anything is sent: amounts, prices, UUIDs and Bitcoin addresses.
//! The library's own messages are in English and French ([`Problem::text`]).

use rust_decimal::Decimal;

use crate::config::{Bag, Locale, bag_field};
use crate::error::Error;
use crate::json;
use crate::model::{Direction, Order, OrderState};
use crate::schema::{Kind, Node, Schema};

/// Decimals the exchange keeps of a BTC amount: to the satoshi.
pub const BTC_DECIMALS: u32 = 8;
/// Decimals the exchange keeps of a EUR amount: to the cent.
pub const EUR_DECIMALS: u32 = 2;
/// Prices: the exchange quotes up to 7 decimals (679.9999999); 8 are accepted.
pub const PRICE_DECIMALS: u32 = 8;

/// Everything a check can find wrong, in words the user reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// This text is not a plain decimal (`"0.5"`; no exponent, sign `+` or bare `.`).
    NotADecimal(String),
    /// Zero or less, where only more than zero will do.
    NotPositive,
    /// More decimals than this many.
    TooManyDecimals(u32),
    /// A market order given a `price`.
    PriceOnMarketOrder,
    /// A limit order given no `price`.
    NoPriceOnLimitOrder,
    /// Both `amount` and `currencyAmount` given.
    AmountAndCurrencyAmount,
    /// Neither `amount` nor `currencyAmount` given.
    NeitherAmount,
    /// An order type other than `"LimitOrder"` or `"MarketOrder"`, as given.
    UnknownType(String),
    /// A direction other than `"buy"` or `"sell"`, as given.
    UnknownDirection(String),
    /// A currency the call does not take, as given.
    UnsupportedCurrency(String),
    /// This text is not an order UUID.
    NotAUuid(String),
    /// A BTC withdrawal without an address.
    NoAddress,
    /// A EUR withdrawal with an address (it goes to the user's bank account).
    AddressForFiat,
    /// A Bitcoin address that is not a valid one, and why.
    BadAddress(AddressProblem),
    /// This page parameter (`offset` or `limit`) is not a whole number, zero or more.
    BadPage(&'static str),
}

/// Why a Bitcoin address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    /// A `1…` or `3…` address whose Base58Check checksum does not match (a typo).
    Base58Checksum,
    /// A Base58Check address that is neither P2PKH nor P2SH.
    Base58Version,
    /// A `bc1…` address whose Bech32/Bech32m checksum does not match (a typo).
    Bech32Checksum,
    /// A `bc1…` address that breaks the segwit rules (version, length, checksum
    /// variant).
    SegwitRules,
    /// Not a mainnet Bitcoin address at all.
    Unrecognized,
}

impl Problem {
    /// The problem in words the user reads, in `locale`.
    pub fn text(&self, locale: Locale) -> String {
        use Problem::*;
        let fr = locale == Locale::Fr;
        match self {
            NotADecimal(text) if fr => {
                format!("« {text} » n'est pas un nombre décimal (écrivez par exemple \"0.5\")")
            }
            NotADecimal(text) => {
                format!("{text:?} is not a decimal number (write it like \"0.5\")")
            }
            NotPositive if fr => "doit être strictement positif".into(),
            NotPositive => "must be greater than zero".into(),
            TooManyDecimals(max) if fr => format!("au plus {max} décimales"),
            TooManyDecimals(max) => format!("at most {max} decimals"),
            PriceOnMarketOrder if fr => "un ordre au marché n'a pas de prix : retirez price".into(),
            PriceOnMarketOrder => "a market order has no price: leave price out".into(),
            NoPriceOnLimitOrder if fr => {
                "un ordre à cours limité a besoin d'un prix (price)".into()
            }
            NoPriceOnLimitOrder => "a limit order needs a price".into(),
            AmountAndCurrencyAmount if fr => "donnez amount ou currencyAmount, pas les deux".into(),
            AmountAndCurrencyAmount => "give amount or currencyAmount, not both".into(),
            NeitherAmount if fr => "donnez amount (en BTC) ou currencyAmount (en devise)".into(),
            NeitherAmount => "give amount (in BTC) or currencyAmount (in the currency)".into(),
            UnknownType(t) if fr => {
                format!("type « {t} » inconnu : \"LimitOrder\" ou \"MarketOrder\"")
            }
            UnknownType(t) => format!("unknown type {t:?}: use \"LimitOrder\" or \"MarketOrder\""),
            UnknownDirection(d) if fr => format!("sens « {d} » inconnu : \"buy\" ou \"sell\""),
            UnknownDirection(d) => format!("unknown direction {d:?}: use \"buy\" or \"sell\""),
            UnsupportedCurrency(c) if fr => format!("la devise « {c} » n'est pas possible ici"),
            UnsupportedCurrency(c) => format!("the currency {c:?} is not possible here"),
            NotAUuid(u) if fr => format!("« {u} » n'est pas un UUID d'ordre"),
            NotAUuid(u) => format!("{u:?} is not an order UUID"),
            NoAddress if fr => "un retrait en BTC a besoin d'une adresse Bitcoin".into(),
            NoAddress => "a BTC withdrawal needs a Bitcoin address".into(),
            AddressForFiat if fr => {
                "un retrait en EUR va vers votre compte bancaire : pas d'adresse".into()
            }
            AddressForFiat => "a EUR withdrawal goes to your bank account: give no address".into(),
            BadAddress(problem) => problem.text(locale),
            BadPage(what) if fr => format!("{what} doit être un entier positif"),
            BadPage(what) => format!("{what} must be a whole number, zero or more"),
        }
    }
}

impl AddressProblem {
    fn text(self, locale: Locale) -> String {
        let fr = locale == Locale::Fr;
        match self {
            AddressProblem::Base58Checksum if fr => "adresse Bitcoin invalide : la somme de contrôle Base58Check ne correspond pas (une faute de frappe ?)",
            AddressProblem::Base58Checksum => "not a valid Bitcoin address: its Base58Check checksum does not match (a typo?)",
            AddressProblem::Base58Version if fr => "adresse Base58 qui n'est pas une adresse Bitcoin (ni P2PKH « 1… » ni P2SH « 3… »)",
            AddressProblem::Base58Version => "a Base58 address that is not a Bitcoin one (neither P2PKH \"1…\" nor P2SH \"3…\")",
            AddressProblem::Bech32Checksum if fr => "adresse Bitcoin invalide : la somme de contrôle Bech32/Bech32m ne correspond pas (une faute de frappe ?)",
            AddressProblem::Bech32Checksum => "not a valid Bitcoin address: its Bech32/Bech32m checksum does not match (a typo?)",
            AddressProblem::SegwitRules if fr => "adresse segwit invalide (version, longueur ou variant de somme de contrôle)",
            AddressProblem::SegwitRules => "not a valid segwit address (version, length or checksum variant)",
            AddressProblem::Unrecognized if fr => "ce n'est pas une adresse Bitcoin (« 1… », « 3… » ou « bc1… »)",
            AddressProblem::Unrecognized => "not a Bitcoin address (\"1…\", \"3…\" or \"bc1…\")",
        }
        .to_owned()
    }
}

fn invalid(name: &'static str, problem: &Problem, locale: Locale) -> Error {
    Error::InvalidArgument {
        name,
        reason: crate::error::Text::Given(problem.text(locale)),
    }
}

/// A decimal as given by the app: a string (`"0.5"`) or a JSON number, kept as its
/// exact text (JS numbers cross as their shortest text, so `0.1` is `"0.1"`) and
/// checked by [`positive`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalInput {
    /// A string, as given (trimmed before it is read).
    Text(String),
    /// A JSON number's text, as written (`1e-7` stays `1e-7`, and is refused).
    Number(String),
}

impl DecimalInput {
    fn text(&self) -> String {
        match self {
            DecimalInput::Text(text) => text.trim().to_owned(),
            DecimalInput::Number(text) => text.clone(),
        }
    }

    /// The bag's next field, a [`Kind::Any`] one: a string or a number, else an error.
    fn take(bag: &mut Bag) -> Result<Option<DecimalInput>, Error> {
        let Some(raw) = bag.raw() else {
            return Ok(None);
        };
        if raw.starts_with('"') {
            Ok(json::string(raw.as_bytes()).map(DecimalInput::Text))
        } else if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Ok(Some(DecimalInput::Number(raw)))
        } else {
            Err(bag.wrong("a decimal string or a number", &raw))
        }
    }
}

/// A positive decimal of at most `max_decimals` decimals.
pub fn positive(
    name: &'static str,
    input: &DecimalInput,
    max_decimals: u32,
    locale: Locale,
) -> Result<Decimal, Error> {
    let text = input.text();
    let grammar = !text.is_empty()
        && !text.starts_with('+')
        && !text.contains(['e', 'E'])
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && !text.ends_with('.')
        && !text.starts_with('.');
    let value = grammar
        .then(|| crate::decimal::parse_exact(&text).ok())
        .flatten()
        .ok_or_else(|| invalid(name, &Problem::NotADecimal(text.clone()), locale))?;
    if value <= Decimal::ZERO {
        return Err(invalid(name, &Problem::NotPositive, locale));
    }
    if value.normalize().scale() > max_decimals {
        return Err(invalid(
            name,
            &Problem::TooManyDecimals(max_decimals),
            locale,
        ));
    }
    Ok(value)
}

/// An order UUID: `8-4-4-4-12` hexadecimal digits.
pub fn uuid(text: &str, locale: Locale) -> Result<String, Error> {
    let groups: Vec<&str> = text.split('-').collect();
    let shape = groups.len() == 5
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    if shape {
        Ok(text.to_ascii_lowercase())
    } else {
        Err(invalid("uuid", &Problem::NotAUuid(text.to_owned()), locale))
    }
}

/// A mainnet Bitcoin address: Base58Check P2PKH (`1…`) or P2SH (`3…`), or segwit
/// (`bc1…`: Bech32 for version 0, Bech32m for versions 1 to 16, BIP 173 and 350).
pub fn bitcoin_address(address: &str) -> Result<(), AddressProblem> {
    let lower = address.to_ascii_lowercase();
    if lower.starts_with("bc1") {
        use bech32::primitives::decode::{SegwitHrpstring, SegwitHrpstringError};
        return match SegwitHrpstring::new(address) {
            Ok(parsed) if parsed.hrp() == bech32::hrp::BC => Ok(()),
            Ok(_) => Err(AddressProblem::Unrecognized),
            Err(SegwitHrpstringError::Checksum(_)) => Err(AddressProblem::Bech32Checksum),
            Err(_) => Err(AddressProblem::SegwitRules),
        };
    }
    if address.starts_with(['1', '3']) {
        let payload = bs58::decode(address)
            .with_check(None)
            .into_vec()
            .map_err(|e| match e {
                bs58::decode::Error::InvalidChecksum { .. } => AddressProblem::Base58Checksum,
                _ => AddressProblem::Unrecognized,
            })?;
        return match payload.as_slice() {
            [0x00 | 0x05, hash @ ..] if hash.len() == 20 => Ok(()),
            _ => Err(AddressProblem::Base58Version),
        };
    }
    Err(AddressProblem::Unrecognized)
}

const TEXT: Kind = Kind::Text;
const TEXT_OR_NULL: Kind = Kind::Optional(&Kind::Nullable(&Kind::Text));
/// A decimal string or number, told apart by [`DecimalInput::take`].
const DECIMAL_INPUT: Kind = Kind::Any;
const OPTIONAL_DECIMAL_INPUT: Kind = Kind::Optional(&Kind::Nullable(&Kind::Any));
/// A number, checked by [`Bag::number`].
const OPTIONAL_NUMBER: Kind = Kind::Optional(&Kind::Nullable(&Kind::Any));

/// `placeOrder({...})`, as the app passes it (see [`PlaceOrder::from_json`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceOrder {
    /// `"LimitOrder"` or `"MarketOrder"` (JS `type`).
    pub order_type: String,
    /// `"buy"` or `"sell"`.
    pub direction: String,
    /// The limit price per BTC, at most [`PRICE_DECIMALS`] decimals: required for a
    /// limit order, refused on a market order.
    pub price: Option<DecimalInput>,
    /// The BTC amount, at most [`BTC_DECIMALS`] decimals. Give it or
    /// `currency_amount`, not both.
    pub amount: Option<DecimalInput>,
    /// A market order's amount in the currency, at most [`EUR_DECIMALS`] decimals
    /// (JS `currencyAmount`); refused on a limit order.
    pub currency_amount: Option<DecimalInput>,
    /// Default `"EUR"`, the only trading currency.
    pub currency: Option<String>,
}

impl PlaceOrder {
    /// What `placeOrder({...})` accepts: the keys above, and no others.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "PlaceOrderParams",
        doc: "The parameters of `placeOrder({...})`.",
        fields: &[
            bag_field("type", TEXT),
            bag_field("direction", TEXT),
            bag_field("price", OPTIONAL_DECIMAL_INPUT),
            bag_field("amount", OPTIONAL_DECIMAL_INPUT),
            bag_field("currencyAmount", OPTIONAL_DECIMAL_INPUT),
            bag_field("currency", TEXT_OR_NULL),
        ],
        closed: true,
    };

    /// Reads the parameters from their JSON text (JS: `JSON.stringify(params)`); a
    /// bad shape is an `invalid-argument` error on `params` naming the key. The
    /// values are checked by [`PlaceOrder::check`].
    pub fn from_json(bytes: &[u8]) -> Result<PlaceOrder, Error> {
        Self::from_bag(Bag::read(bytes, Self::SCHEMA, "params")?)
    }

    /// The same from a [`Node`] read against [`Self::SCHEMA`] (a JS value, by
    /// [`crate::args::read`]).
    pub fn from_node(node: Node) -> Result<PlaceOrder, Error> {
        Self::from_bag(Bag::of(node, Self::SCHEMA, "params"))
    }

    fn from_bag(mut bag: Bag) -> Result<PlaceOrder, Error> {
        Ok(PlaceOrder {
            order_type: bag.text().unwrap_or_default(),
            direction: bag.text().unwrap_or_default(),
            price: DecimalInput::take(&mut bag)?,
            amount: DecimalInput::take(&mut bag)?,
            currency_amount: DecimalInput::take(&mut bag)?,
            currency: bag.text(),
        })
    }
}

/// `withdraw({...})`, as the app passes it (see [`Withdraw::from_json`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdraw {
    /// `"BTC"` or `"EUR"`, in any case.
    pub currency: String,
    /// The amount to withdraw, in `currency`: to the satoshi for BTC, to the cent for
    /// EUR.
    pub amount: DecimalInput,
    /// The Bitcoin address to send to: required for BTC, refused for EUR (which goes
    /// to the user's bank account). Blank is none.
    pub address: Option<String>,
}

impl Withdraw {
    /// What `withdraw({...})` accepts: the keys above, and no others.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "WithdrawParams",
        doc: "The parameters of `withdraw({...})`.",
        fields: &[
            bag_field("currency", TEXT),
            bag_field("amount", DECIMAL_INPUT),
            bag_field("address", TEXT_OR_NULL),
        ],
        closed: true,
    };

    /// Reads the parameters from their JSON text; a bad shape is an
    /// `invalid-argument` error on `params` naming the key.
    pub fn from_json(bytes: &[u8]) -> Result<Withdraw, Error> {
        Self::from_bag(Bag::read(bytes, Self::SCHEMA, "params")?)
    }

    /// The same from a [`Node`] read against [`Self::SCHEMA`] (a JS value, by
    /// [`crate::args::read`]).
    pub fn from_node(node: Node) -> Result<Withdraw, Error> {
        Self::from_bag(Bag::of(node, Self::SCHEMA, "params"))
    }

    fn from_bag(mut bag: Bag) -> Result<Withdraw, Error> {
        let currency = bag.text().unwrap_or_default();
        // Required: the walk has refused a bag without one.
        let amount = DecimalInput::take(&mut bag)?
            .ok_or_else(|| bag.fail(crate::error::Text::MissingMember))?;
        Ok(Withdraw {
            currency,
            amount,
            address: bag.text(),
        })
    }
}

/// `orders({...})`, as the app passes it (see [`OrdersQuery::from_json`]). The page
/// is checked by [`OrdersQuery::query`]: whole numbers, zero or more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrdersQuery {
    /// Orders to skip, for paging; `None`: from the newest.
    pub offset: Option<Decimal>,
    /// Orders per page; `None`: the server's page size.
    pub limit: Option<Decimal>,
    /// Only orders of these types (`"LimitOrder"`, `"Transfer"`, ...; sent as
    /// `types[]`); `None`: every type.
    pub types: Option<Vec<String>>,
    /// `Some(true)`: only active orders (sent as `active=true`, and `Some(false)` as
    /// `active=false`); `None`: no filter.
    pub active: Option<bool>,
}

impl OrdersQuery {
    /// What `orders({...})` accepts: the keys above, and no others.
    pub const SCHEMA: &'static Schema = &Schema {
        name: "OrdersQuery",
        doc: "The query of `orders({...})`.",
        fields: &[
            bag_field("offset", OPTIONAL_NUMBER),
            bag_field("limit", OPTIONAL_NUMBER),
            bag_field("types", Kind::Optional(&Kind::Nullable(&Kind::List(&TEXT)))),
            bag_field("active", Kind::Optional(&Kind::Nullable(&Kind::Bool))),
        ],
        closed: true,
    };

    /// Reads the query from its JSON text; a bad shape is an `invalid-argument`
    /// error on `params` naming the key.
    pub fn from_json(bytes: &[u8]) -> Result<OrdersQuery, Error> {
        Self::from_bag(Bag::read(bytes, Self::SCHEMA, "params")?)
    }

    /// The same from a [`Node`] read against [`Self::SCHEMA`] (a JS value, by
    /// [`crate::args::read`]).
    pub fn from_node(node: Node) -> Result<OrdersQuery, Error> {
        Self::from_bag(Bag::of(node, Self::SCHEMA, "params"))
    }

    fn from_bag(mut bag: Bag) -> Result<OrdersQuery, Error> {
        Ok(OrdersQuery {
            offset: bag.number()?,
            limit: bag.number()?,
            types: bag.texts(),
            active: bag.flag(),
        })
    }
}

/// A checked trade order, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradeOrder {
    /// A market order (`true`) or a limit order (`false`).
    pub market: bool,
    /// Buy or sell.
    pub direction: Direction,
    /// The limit price; `None` for a market order.
    pub price: Option<Decimal>,
    /// The BTC amount; `None` when the order is given in the currency.
    pub amount: Option<Decimal>,
    /// The order's amount in the currency (EUR); `None` when it is given in BTC.
    pub currency_amount: Option<Decimal>,
    /// The trading currency: `"EUR"`.
    pub currency: String,
}

/// A JSON object written member by member, in the order given.
struct Body(Vec<u8>);

impl Body {
    fn new() -> Body {
        Body(vec![b'{'])
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(b',');
        }
        json::write_str(&mut self.0, key);
        self.0.push(b':');
    }

    fn text(&mut self, key: &str, value: &str) {
        self.key(key);
        json::write_str(&mut self.0, value);
    }

    /// A decimal as a JSON number of its exact digits (`300.0` stays `300.0`).
    fn number(&mut self, key: &str, value: Option<Decimal>) {
        if let Some(value) = value {
            self.key(key);
            self.0.extend_from_slice(value.to_string().as_bytes());
        }
    }

    fn finish(mut self) -> String {
        self.0.push(b'}');
        // Written from `str`s only.
        String::from_utf8(self.0).unwrap_or_default()
    }
}

impl PlaceOrder {
    /// The order checked, ready to send; or an `invalid-argument` error naming the
    /// parameter (`price`, `amount`, ...), in `locale`.
    pub fn check(&self, locale: Locale) -> Result<TradeOrder, Error> {
        let market = match self.order_type.as_str() {
            "LimitOrder" => false,
            "MarketOrder" => true,
            other => {
                return Err(invalid(
                    "type",
                    &Problem::UnknownType(other.to_owned()),
                    locale,
                ));
            }
        };
        let direction = match self.direction.as_str() {
            "buy" => Direction::Buy,
            "sell" => Direction::Sell,
            other => {
                return Err(invalid(
                    "direction",
                    &Problem::UnknownDirection(other.to_owned()),
                    locale,
                ));
            }
        };
        let currency = self.currency.clone().unwrap_or_else(|| "EUR".into());
        if currency != "EUR" {
            return Err(invalid(
                "currency",
                &Problem::UnsupportedCurrency(currency),
                locale,
            ));
        }
        let price = match (market, &self.price) {
            (true, Some(_)) => return Err(invalid("price", &Problem::PriceOnMarketOrder, locale)),
            (false, None) => return Err(invalid("price", &Problem::NoPriceOnLimitOrder, locale)),
            (true, None) => None,
            (false, Some(p)) => Some(positive("price", p, PRICE_DECIMALS, locale)?),
        };
        let (amount, currency_amount) = match (&self.amount, &self.currency_amount) {
            (Some(_), Some(_)) => {
                return Err(invalid("amount", &Problem::AmountAndCurrencyAmount, locale));
            }
            (None, None) => return Err(invalid("amount", &Problem::NeitherAmount, locale)),
            (Some(a), None) => (Some(positive("amount", a, BTC_DECIMALS, locale)?), None),
            (None, Some(c)) => (
                None,
                Some(positive("currencyAmount", c, EUR_DECIMALS, locale)?),
            ),
        };
        Ok(TradeOrder {
            market,
            direction,
            price,
            amount,
            currency_amount,
            currency,
        })
    }
}

impl TradeOrder {
    /// The JSON body of `POST /api/v1/user/orders`, decimals as exact JSON numbers,
    /// keys in alphabetical order.
    pub fn body(&self) -> String {
        let mut body = Body::new();
        body.number("amount", self.amount);
        body.text("currency", &self.currency);
        body.number("currency_amount", self.currency_amount);
        body.text("direction", self.direction.as_str());
        body.number("price", self.price);
        body.text(
            "type",
            if self.market {
                "MarketOrder"
            } else {
                "LimitOrder"
            },
        );
        body.finish()
    }

    /// Whether `order` could be this one, placed: the way to find out after an
    /// unknown outcome.
    pub fn matches(&self, order: &Order) -> bool {
        let kind = if self.market {
            "MarketOrder"
        } else {
            "LimitOrder"
        };
        order.order_type.as_str() == kind
            && order.direction == Some(self.direction)
            && (self.market || order.price == self.price)
            && self.amount.is_none_or(|a| order.amount == a)
            && order.state != OrderState::Canceled
    }
}

/// A checked withdrawal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// `"BTC"` or `"EUR"`.
    pub currency: String,
    /// The amount, in `currency`.
    pub amount: Decimal,
    /// The checked Bitcoin address for BTC; `None` for EUR.
    pub address: Option<String>,
}

impl Withdraw {
    /// The withdrawal checked (currency, amount, Bitcoin address checksum), ready to
    /// send; or an `invalid-argument` error naming the parameter, in `locale`.
    pub fn check(&self, locale: Locale) -> Result<Transfer, Error> {
        let currency = self.currency.to_ascii_uppercase();
        let (decimals, needs_address) = match currency.as_str() {
            "BTC" => (BTC_DECIMALS, true),
            "EUR" => (EUR_DECIMALS, false),
            _ => {
                return Err(invalid(
                    "currency",
                    &Problem::UnsupportedCurrency(self.currency.clone()),
                    locale,
                ));
            }
        };
        let amount = positive("amount", &self.amount, decimals, locale)?;
        let address = self
            .address
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        match (needs_address, address) {
            (true, None) => return Err(invalid("address", &Problem::NoAddress, locale)),
            (false, Some(_)) => return Err(invalid("address", &Problem::AddressForFiat, locale)),
            (true, Some(a)) => bitcoin_address(a)
                .map_err(|p| invalid("address", &Problem::BadAddress(p), locale))?,
            (false, None) => {}
        }
        Ok(Transfer {
            currency,
            amount,
            address: address.map(str::to_owned),
        })
    }
}

impl Transfer {
    /// The JSON body of a withdrawal, keys in alphabetical order.
    pub fn body(&self) -> String {
        let mut body = Body::new();
        if let Some(address) = &self.address {
            body.text("address", address);
        }
        body.number("amount", Some(self.amount));
        body.text("currency", &self.currency);
        body.text("type", "Transfer");
        body.finish()
    }

    /// Whether `order` could be this withdrawal, requested: the way to find out
    /// after an unknown outcome.
    pub fn matches(&self, order: &Order) -> bool {
        order.order_type.as_str() == "Transfer"
            && order.currency.as_str() == self.currency
            && order.amount == self.amount
            && order.state != OrderState::Canceled
    }
}

impl OrdersQuery {
    /// The query string of `GET /api/v1/user/orders`.
    pub fn query(&self, locale: Locale) -> Result<String, Error> {
        let whole = |name: &'static str, value: Option<Decimal>| -> Result<Option<String>, Error> {
            let Some(value) = value else {
                return Ok(None);
            };
            let in_range = value.fract().is_zero()
                && value >= Decimal::ZERO
                && value <= Decimal::from(1_000_000_000);
            // `abs`: a `-0` is 0.
            match u64::try_from(value.abs()) {
                Ok(n) if in_range => {
                    let mut text = Vec::new();
                    json::write_uint(&mut text, n);
                    Ok(Some(String::from_utf8(text).unwrap_or_default()))
                }
                _ => Err(invalid(name, &Problem::BadPage(name), locale)),
            }
        };
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(offset) = whole("offset", self.offset)? {
            query.append_pair("offset", &offset);
        }
        if let Some(limit) = whole("limit", self.limit)? {
            query.append_pair("limit", &limit);
        }
        for t in self.types.iter().flatten() {
            query.append_pair("types[]", t);
        }
        if let Some(active) = self.active {
            query.append_pair("active", if active { "true" } else { "false" });
        }
        Ok(query.finish())
    }
}
