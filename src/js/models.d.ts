// Generated from the model table in src/model.rs by `BLESS=1 cargo test generated`.
// Do not edit: change the table and bless again.

/** A currency of the exchange; a code this version does not know is passed through as sent. */
export type CurrencyCode = "EUR" | "BTC" | (string & {});

/** The kind of an order; a type this version does not know is kept as sent. */
export type OrderType = "WireDeposit" | "BitcoinDeposit" | "LimitOrder" | "MarketOrder" | "Transfer" | "AdminOrder" | (string & {});

/** Where an order is in its life; a state this version does not know is kept as sent. */
export type OrderState = "pending_execution" | "pending" | "processing" | "authorized" | "active" | "filled" | "executed" | "canceled" | (string & {});

/** Buy or sell. */
export type Direction = "buy" | "sell";

/**
 * `GET /api/v1/data/{currency}/ticker`: the latest 24-hour market summary.
 * Figures are `null` when the market has none (e.g. `bid` on an empty book).
 */
export interface Ticker {
  /** Currency code, e.g. `"EUR"`. */
  currency: string;
  /** When the ticker was computed, in Unix seconds. */
  at: number;
  /** Price of the latest trade. */
  price: DecimalString | null;
  /** Best bid price. */
  bid: DecimalString | null;
  /** Best ask price. */
  ask: DecimalString | null;
  /** Midpoint between the best bid and the best ask. */
  midpoint: DecimalString | null;
  /** 24h volume, in BTC. */
  volume: DecimalString | null;
  /** 24h variation in percent: `"-5.5556"` is −5.5556 %. */
  variation: DecimalString | null;
  /** 24h high price. */
  high: DecimalString | null;
  /** 24h low price. */
  low: DecimalString | null;
  /** 24h volume-weighted average price. */
  vwap: DecimalString | null;
}

/** An executed trade (`GET /api/v1/data/{currency}/trades`). */
export interface Trade {
  /** Unique ID of the trade. */
  uuid: string;
  /** Currency code, e.g. `"EUR"`. */
  currency: string;
  /** When the trade happened, as the API gives it: `"2014-01-07T11:30:59Z"`. */
  createdAt: string;
  /** The same instant, in Unix seconds. */
  createdAtInt: number;
  /** Price per BTC. */
  price: DecimalString;
  /** BTC traded. */
  tradedBtc: DecimalString;
  /** Currency traded. */
  tradedCurrency: DecimalString;
}

/** One price level of the order book. */
export interface DepthLevel {
  /** When the level last changed, in Unix seconds. */
  timestamp: number;
  /** Price of the level. */
  price: DecimalString;
  /** BTC amount at that price. */
  amount: DecimalString;
  /** Currency code, e.g. `"EUR"`. */
  currency: string;
}

/**
 * `GET /api/v1/data/{currency}/depth`: the order book, grouped by price, each side
 * in ascending price order as the API sends it (the best bid is the last bid, the
 * best ask the first ask). A book view (`DepthBook`) gives the best levels first.
 */
export interface Depth {
  /** Buy orders, lowest price first. */
  bids: DepthLevel[];
  /** Sell orders, lowest price first. */
  asks: DepthLevel[];
}

/**
 * A trade in the Bitcoin Charts exchange format
 * (`GET /api/v1/bitcoin_charts/{currency}/trades`).
 */
export interface ChartsTrade {
  /** When the trade happened, in Unix seconds. */
  date: number;
  /** Price per BTC. */
  price: DecimalString;
  /** BTC amount. */
  amount: DecimalString;
  /** Trade ID, as text (servers send numbers larger than JS can hold exactly). */
  tid: string;
}

/**
 * The order book in the Bitcoin Charts exchange format
 * (`GET /api/v1/bitcoin_charts/{currency}/depth`).
 */
export interface ChartsDepth {
  /** Buy orders, as `[price, amount]` pairs in the order the API sends them. */
  bids: [DecimalString, DecimalString][];
  /** Sell orders, as `[price, amount]` pairs in the order the API sends them. */
  asks: [DecimalString, DecimalString][];
}

/** The logged-in user's account (`GET /api/v1/user`). */
export interface User {
  /** Account number, e.g. `"BC-U123456"`. */
  name: string;
  /** The user's language, e.g. `"en"`. */
  locale: string;
  /** Available BTC. */
  balanceBtc: DecimalString;
  /** BTC locked in open orders. */
  lockedBtc: DecimalString;
  /** Available EUR. */
  balanceEur: DecimalString;
  /** EUR locked in open orders. */
  lockedEur: DecimalString;
}

/** One movement of money on the account, part of an order. */
export interface AccountOperation {
  /** Unique ID of the operation. */
  uuid: string;
  /** `"lock"`, `"unlock"`, `"trade"`, `"fee"`, `"bitcoin_transfer"`, ... */
  name: string;
  /** Signed: negative leaves the account. */
  amount: DecimalString;
  /** The currency moved: `"EUR"` or `"BTC"`. */
  currency: CurrencyCode;
  /** As the API gives it: `"2013-10-22T19:12:02.000Z"`. */
  createdAt: string;
  /** The same instant, in Unix seconds. */
  createdAtInt: number;
  /** Whether the trading account (rather than the main one) is concerned. */
  isTradingAccount: boolean;
}

/**
 * An order of the user: a trade order, a transfer, a deposit... Trade orders also
 * carry `direction`, `price`, `traded_btc` and `traded_currency`.
 */
export interface Order {
  /** Unique ID of the order: the one to look it up or cancel it with. */
  uuid: string;
  /** What kind of order it is. */
  type: OrderType;
  /** The order's currency: `"EUR"` or `"BTC"`. */
  currency: CurrencyCode;
  /** When the order was created, as the API gives it: `"2013-10-22T19:12:02.000Z"`. */
  createdAt: string;
  /** When the order last changed, in the same form. */
  updatedAt: string;
  /** BTC for a trade order; the transferred amount otherwise. */
  amount: DecimalString;
  /** Where the order is in its life. */
  state: OrderState;
  /** Fee collected in the currency. */
  currencyFee: DecimalString;
  /** Fee collected in BTC. */
  btcFee: DecimalString;
  /** An optional comment. */
  comment: string | null;
  /** The movements of money the order made; empty when the API sent none. */
  accountOperations: AccountOperation[];
  /** Trade orders only; `null` otherwise. */
  direction: Direction | null;
  /** A limit order's price; `null` for market orders and other types. */
  price: DecimalString | null;
  /** Trade orders: BTC exchanged so far. */
  tradedBtc: DecimalString | null;
  /** Trade orders: currency exchanged so far. */
  tradedCurrency: DecimalString | null;
}

/** The server's rate-limit status (`X-Ratelimit-Limit`, `X-Ratelimit-Remaining`). */
export interface RateLimit {
  /** Calls allowed per period. */
  limit: number;
  /** Calls left in the current period. */
  remaining: number;
}

/** A level of the book as the stream sends it: its price and its new total. */
export interface StreamLevel {
  /** Price of the level. */
  price: DecimalString;
  /**
   * The new BTC amount at that price (not a difference); `null` or `"0"` when
   * the level is gone.
   */
  amount: DecimalString | null;
  /** When the level changed, in Unix seconds, when the server said. */
  timestamp: number | null;
  /** Currency code, when the server said. */
  currency: string | null;
}

/**
 * One `stream` event of the market stream (namespace `/public`): what changed.
 * A key that did not change is left out by the server (here `null` or `[]`).
 */
export interface MarketUpdate {
  /** The new ticker, if it changed. */
  ticker: Ticker | null;
  /** New trades. */
  trades: Trade[];
  /** Bid levels that changed, each a new total. */
  bids: StreamLevel[];
  /** Ask levels that changed, each a new total. */
  asks: StreamLevel[];
}

/**
 * One `stream` event of the account stream (namespace `/user`): the balances that
 * changed and the orders that changed.
 */
export interface AccountUpdate {
  /** Available BTC, if it changed. */
  balanceBtc: DecimalString | null;
  /** BTC locked in open orders, if it changed. */
  lockedBtc: DecimalString | null;
  /** Available EUR, if it changed. */
  balanceEur: DecimalString | null;
  /** EUR locked in open orders, if it changed. */
  lockedEur: DecimalString | null;
  /** Orders that changed (placed, filled, canceled...), as `orders()` gives them. */
  orders: Order[];
}
