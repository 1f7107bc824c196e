/**
 * A decimal number as its exact text, e.g. `"679.9999999"` or `"680.0"`: every digit
 * the server sent, trailing zeros included. Pass it to a decimal library (or `Number()`
 * where rounding is acceptable, such as drawing a chart).
 */
export type DecimalString = string;

/** A language the exchange localizes its messages in. */
export type Locale = "en" | "fr";

/** Options of `new Client(options)`. Every key is optional; unknown keys are refused. */
export interface ClientOptions {
  /** The exchange's address. Default `"https://bitcoin-central.net"`; the sandbox is `"http://127.0.0.1:8080"`. */
  baseUrl?: string;
  /** The market's currency path segment. Default `"eur"`. */
  currency?: string;
  /** The language of the server's messages, sent as `Accept-Language`. Default: the browser's language if French, else English. */
  locale?: Locale;
  /** How long a request may take, body included, before it is aborted. Default 10000; at most 600000. */
  timeoutMs?: number;
}

/** The latest 24-hour market summary. Figures are `null` when the market has none (e.g. `bid` on an empty book). */
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

/** An executed trade. */
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
  price: DecimalString;
  /** BTC amount at that price. */
  amount: DecimalString;
  /** Currency code, e.g. `"EUR"`. */
  currency: string;
}

/** The order book, grouped by price. */
export interface Depth {
  bids: DepthLevel[];
  asks: DepthLevel[];
}

/** A trade in the Bitcoin Charts exchange format. */
export interface ChartsTrade {
  /** When the trade happened, in Unix seconds. */
  date: number;
  price: DecimalString;
  /** BTC amount. */
  amount: DecimalString;
  /** Trade ID, as text (servers send numbers larger than JS can hold exactly). */
  tid: string;
}

/** A `[price, amount]` pair of the Bitcoin Charts depth. */
export type ChartsLevel = [price: DecimalString, amount: DecimalString];

/** The order book in the Bitcoin Charts exchange format. */
export interface ChartsDepth {
  bids: ChartsLevel[];
  asks: ChartsLevel[];
}

/** The server's rate-limit status (`X-Ratelimit-Limit`, `X-Ratelimit-Remaining`). */
export interface RateLimit {
  /** Calls allowed per period. */
  limit: number;
  /** Calls left in the current period. */
  remaining: number;
}

/**
 * What went wrong, for programs to branch on:
 * - `"invalid-argument"`: an option or argument was refused; nothing was sent (`argument` names it).
 * - `"network"`: no answer: connection refused, offline, DNS, or blocked by CORS (`url`).
 * - `"timeout"`: no complete answer within `timeoutMs`; the request was aborted (`url`).
 * - `"rate-limited"`: HTTP 429 (`retryAfter`, in seconds, when the server said).
 * - `"api"`: HTTP 400 or 422 with the server's localized `messages`.
 * - `"http"`: any other unsuccessful status (`status`, and `messages` when sent).
 * - `"decode"`: the body is not what the endpoint promises (`path` names the field).
 */
export type ErrorKind =
  | "invalid-argument"
  | "network"
  | "timeout"
  | "rate-limited"
  | "api"
  | "http"
  | "decode";

/** The error every failing call throws or rejects with. A real `Error`. */
export class BitcoinCentralError extends Error {
  private constructor();
  readonly name: "BitcoinCentralError";
  readonly kind: ErrorKind;
  /** The HTTP status, when the server answered. */
  readonly status: number | null;
  /** The server's own messages, in the client's locale; empty when it sent none. */
  readonly messages: string[];
  /** For `"decode"`: the field that failed, e.g. `"bids[3].price"`; `null` for the body as a whole. */
  readonly path: string | null;
  /** For `"rate-limited"`: seconds to wait, when the server said. */
  readonly retryAfter: number | null;
  /** For `"invalid-argument"`: the option or argument refused, e.g. `"baseUrl"`. */
  readonly argument: string | null;
  /** For `"network"` and `"timeout"`: the URL that got no answer. */
  readonly url: string | null;
}
