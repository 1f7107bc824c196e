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
  /**
   * How many times a GET is tried again after a network failure, a timeout, a 429 or
   * a 500/502/503/504, waiting 250 ms, 500 ms, 1 s, ... (with jitter) or the server's
   * `Retry-After`. Default 2; `0` turns retrying off; at most 10. POST and DELETE are
   * never resent.
   */
  retries?: number;
  /** The most time one call may spend waiting between its attempts, in ms. Default 10000. */
  retryBudgetMs?: number;
  /**
   * Paces this client's calls through the page's shared limiter, so the page stays
   * under the exchange's limit (86,400 calls a day: one a second on average) instead
   * of meeting 429s. `true`: bursts of 30, then one a second. Every client and widget
   * of the page with the same setting shares one limiter, which also obeys
   * `X-Ratelimit-Remaining` and a 429's `Retry-After`. Default: off.
   */
  rateLimiter?: boolean | { perSecond?: number; burst?: number };
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
 * - `"oauth"`: the provider refused a login or a token request; `code` is its OAuth2 error
 *   code (`"access_denied"`, `"invalid_grant"`, ... or a provider's own).
 * - `"csrf"`: a login callback that cannot be trusted; `code` is `"state-missing"`,
 *   `"state-mismatch"` or `"no-login-in-progress"` (a reload or the back button onto a used callback).
 * - `"callback"`: a login callback that is not a usable answer; `code` names why
 *   (`"missing-access-token"`, `"not-bearer"`, `"duplicate-parameter"`, ...).
 * - `"session"`: no session to call with; `code` is `"missing"`, `"expired"`, `"invalid"`
 *   (the server refused it: HTTP 401) or `"missing-scope"` (before sending, or HTTP 403).
 * - `"unknown-outcome"`: a POST or DELETE (an order, a withdrawal, a cancel) got no answer;
 *   the exchange may or may not have acted. It was not resent: look it up
 *   (`findPlacedOrder()`, `findWithdrawal()`) before trying again (`url`).
 */
export type ErrorKind =
  | "invalid-argument"
  | "network"
  | "timeout"
  | "rate-limited"
  | "api"
  | "http"
  | "decode"
  | "oauth"
  | "csrf"
  | "callback"
  | "session"
  | "unknown-outcome";

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
  /** For `"oauth"`, `"csrf"`, `"callback"` and `"session"`: the precise reason (see `ErrorKind`). */
  readonly code: string | null;
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

/** The provider presets of `new OAuth({ provider })`. */
export type ProviderId = "bitcoin-central" | "coins-ph" | "f1cx" | "bitport";

/** Scopes each preset has; any other is refused before a redirect. */
export interface ProviderScopes {
  "bitcoin-central": "basic" | "activity" | "trade" | "withdraw";
  "coins-ph": "buyorder" | "sellorder" | "history" | "wallet_history" | "wallet_transfer" | "user_identity";
  f1cx: "profile" | "history" | "trade";
  bitport: never;
}

interface OAuthCommonOptions {
  /** The id the provider gave your app. */
  clientId: string;
  /** The URL registered with the provider, where the login comes back (matched exactly). */
  redirectUri: string;
  /** `"token"` (implicit: the token in the URL fragment) or `"code"` (with PKCE). Default: the provider's usual flow (`"code"`; `"token"` for Coins.ph). */
  flow?: "token" | "code";
  /** Where the session is kept: `"session"` (sessionStorage, the default), `"local"` (localStorage) or `"memory"` (lost on reload). */
  storage?: "session" | "local" | "memory";
  /**
   * Where codes and refresh tokens are exchanged. Default: the provider's token endpoint, for a
   * public client with PKCE. Point it at your own backend to exchange with a client secret there.
   */
  tokenUrl?: string;
  /** Never accepted: a page cannot keep a client secret. Giving one throws an `"invalid-argument"` error. */
  clientSecret?: never;
}

/** Options of `new OAuth(options)`: a provider preset, or explicit endpoints. Unknown keys are refused. */
export type OAuthOptions =
  | {
      [P in ProviderId]: OAuthCommonOptions & {
        provider: P;
        /** Scopes to ask for. Default: the provider's default. */
        scopes?: ProviderScopes[P][];
        /** The provider's address, e.g. the sandbox's `"http://127.0.0.1:8080"`. Default: the real one. */
        baseUrl?: string;
        /** Overrides the preset's authorization endpoint. */
        authorizeUrl?: string;
      };
    }[ProviderId]
  | (OAuthCommonOptions & {
      provider?: undefined;
      /** The provider's authorization endpoint. */
      authorizeUrl: string;
      scopes?: string[];
    });

/** A logged-in session. */
export interface Session {
  provider: ProviderId | "custom";
  /** The bearer token (for f1cx, its access key). */
  accessToken: string;
  /** As the provider wrote it, e.g. `"bearer"` or `"Bearer"`. */
  tokenType: string;
  /** The granted scopes (as requested when the provider did not say). */
  scopes: string[];
  /** When the access token expires, in Unix milliseconds (`new Date(expiresAt)`); `null` when the provider did not say. */
  expiresAt: number | null;
  /** Whether the library holds a refresh token for it (the token itself stays inside). */
  refreshable: boolean;
  /** f1cx's secret key (its user token is `access_key:secret_key`); `null` elsewhere. */
  secretKey: string | null;
}

/** Options of `parseCallback()`. */
export interface ParseCallbackOptions {
  /** The provider's dialect (Coins.ph's empty `state`, ...). Default: strict RFC 6749. */
  provider?: ProviderId | "custom";
  /** The flow the login used. Default `"token"`. */
  flow?: "token" | "code";
}

/** What `parseCallback()` read from a verified callback. */
export type ParsedCallback =
  | {
      type: "token";
      accessToken: string;
      tokenType: string;
      /** The granted scopes, or `null` when the callback does not say. */
      scopes: string[] | null;
      /** Seconds, or `null` when the callback does not say (never invented). */
      expiresIn: number | null;
    }
  | { type: "code"; code: string };

/** A currency of the exchange; a code this version does not know is passed through as sent. */
export type CurrencyCode = "EUR" | "BTC" | (string & {});

/** The kind of an order; a type this version does not know is kept as sent. */
export type OrderType = "WireDeposit" | "BitcoinDeposit" | "LimitOrder" | "MarketOrder" | "Transfer" | "AdminOrder" | (string & {});

/** Where an order is in its life; a state this version does not know is kept as sent. */
export type OrderState =
  | "pending_execution"
  | "pending"
  | "processing"
  | "authorized"
  | "active"
  | "filled"
  | "executed"
  | "canceled"
  | (string & {});

/** Buy or sell. */
export type Direction = "buy" | "sell";

/** One movement of money on the account, part of an order. */
export interface AccountOperation {
  uuid: string;
  /** `"lock"`, `"unlock"`, `"trade"`, `"fee"`, `"bitcoin_transfer"`, ... */
  name: string;
  /** Signed: negative leaves the account. */
  amount: DecimalString;
  currency: CurrencyCode;
  /** As the API gives it: `"2013-10-22T19:12:02.000Z"`. */
  createdAt: string;
  /** The same instant, in Unix seconds. */
  createdAtInt: number;
  /** Whether the trading account (rather than the main one) is concerned. */
  isTradingAccount: boolean;
}

/** An order of the user: a trade order, a transfer, a deposit... */
export interface Order {
  uuid: string;
  type: OrderType;
  currency: CurrencyCode;
  createdAt: string;
  updatedAt: string;
  /** BTC for a trade order; the transferred amount otherwise. */
  amount: DecimalString;
  state: OrderState;
  currencyFee: DecimalString;
  btcFee: DecimalString;
  comment: string | null;
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

/**
 * Money given to the library: a decimal string (`"0.5"`, exact) or a number (read as
 * its shortest text, so `0.1` is `"0.1"`). At most 8 decimals for BTC, 2 for EUR.
 */
export type DecimalInput = DecimalString | number;

/** `placeOrder()`: a limit order (price and BTC amount) or a market order (amount or currencyAmount). */
export type PlaceOrderParams =
  | { type: "LimitOrder"; direction: Direction; price: DecimalInput; amount: DecimalInput; currency?: "EUR" }
  | { type: "MarketOrder"; direction: Direction; amount: DecimalInput; currencyAmount?: never; currency?: "EUR" }
  | { type: "MarketOrder"; direction: Direction; currencyAmount: DecimalInput; amount?: never; currency?: "EUR" };

/** `withdraw()`: BTC to a Bitcoin address, or EUR to the user's bank account. */
export type WithdrawParams =
  | { currency: "BTC"; amount: DecimalInput; address: string }
  | { currency: "EUR"; amount: DecimalInput; address?: never };

/** `orders()`: a page of the user's activity. */
export interface OrdersQuery {
  /** How many orders to skip. */
  offset?: number;
  /** How many to return. */
  limit?: number;
  /** Only these types. */
  types?: OrderType[];
  /** Only active orders. */
  active?: boolean;
}

/** What `checkOrder()` and `checkWithdrawal()` found wrong: the parameter, and why (in the locale asked for). */
export interface CheckProblem {
  /** `"amount"`, `"price"`, `"currencyAmount"`, `"address"`, ... or `"params"` when the object itself is malformed. */
  argument: string;
  message: string;
}
