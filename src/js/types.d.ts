// The models (Ticker, Trade, Depth, Order, ...) are generated from the model table
// into models.d.ts; this file declares the rest of the API's types.

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
   * The largest answer read, in bytes: a longer body (counted as it streams in, or
   * declared by its `Content-Length`) is aborted, a `decode` error "the answer is
   * larger than N bytes". Default 8388608 (8 MiB); from 1024 to 268435456.
   */
  maxResponseBytes?: number;
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

/** A `[price, amount]` pair of the Bitcoin Charts depth. */
export type ChartsLevel = [price: DecimalString, amount: DecimalString];

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
 *   (the server refused it: HTTP 401), `"missing-scope"` (before sending, or HTTP 403) or
 *   `"wrong-origin"` (the session is for another origin than the client's `baseUrl`:
 *   nothing was sent).
 * - `"unknown-outcome"`: a POST or DELETE (an order, a withdrawal, a cancel) got no answer;
 *   the exchange may or may not have acted. It was not resent: look it up
 *   (`findPlacedOrder()`, `findWithdrawal()`) before trying again (`url`).
 * - `"stream"`: the real-time stream could not read a frame, met an event it does not know, or
 *   lost its connection; `code` is `"malformed-frame"`, `"frame-too-large"`, `"unknown-event"`,
 *   `"unknown-level"`, `"no-pong"`, `"no-handshake"`, `"namespace-refused"`, `"no-channel"` (the exchange gave
 *   the account no stream channel), `"no-websocket"` (thrown by `marketStream()` or `accountStream()` where
 *   there is no `WebSocket`: Node before 22) or `"closed"`. A stream
 *   reports these as `"error"` events and recovers on its own.
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
  | "unknown-outcome"
  | "stream";

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
  /** For `"oauth"`, `"csrf"`, `"callback"`, `"session"` and `"stream"`: the precise reason (see `ErrorKind`). */
  readonly code: string | null;
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
  /**
   * The API the session's tokens are for: only a client whose `baseUrl` has this origin
   * sends them (any other is refused the session before sending). Default: the
   * provider's `baseUrl`; with explicit endpoints, the token endpoint's origin (else the
   * authorization endpoint's). Sessions are stored by this origin too.
   */
  resourceUrl?: string;
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

/**
 * Money given to the library: a decimal string (`"0.5"`, exact) or a number (read as
 * its shortest text, so `0.1` is `"0.1"`). At most 8 decimals for BTC, 2 for EUR.
 */
export type DecimalInput = DecimalString | number;

/**
 * `placeOrder()`: a limit order (a price, and the BTC `amount` or the EUR
 * `currencyAmount`) or a market order (`amount` or `currencyAmount`).
 */
export type PlaceOrderParams =
  | { type: "LimitOrder"; direction: Direction; price: DecimalInput; amount: DecimalInput; currencyAmount?: never; currency?: "EUR" }
  | { type: "LimitOrder"; direction: Direction; price: DecimalInput; currencyAmount: DecimalInput; amount?: never; currency?: "EUR" }
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

/** A level of a `MarketStream`'s book: `depth()`'s level, and `total`, the exact sum of the amounts from the best level to this one. */
export type BookLevel = DepthLevel & { total: DecimalString };

/**
 * Where a stream is: `"live"` while what it holds is the server's; `"polling"` when no
 * socket could be had for 5 s and what it holds is the latest REST poll's (the socket
 * is still tried); `"paused"` while the tab is hidden (no socket, no poll).
 */
export type StreamStatus = "connecting" | "live" | "stale" | "reconnecting" | "polling" | "paused" | "closed";

/** What each event of a `MarketStream` hands its listeners. */
export interface MarketStreamEvents {
  /** The book or the ticker changed: by this update, or (`null`) the book was read whole, from a snapshot or a poll. */
  update: MarketUpdate | null;
  /** A new trade. */
  trade: Trade;
  /** The new status. */
  status: StreamStatus;
  /** Something went wrong (kind `"stream"`, or the REST call's error); the stream recovers on its own. */
  error: BitcoinCentralError;
}

export interface MarketStream {
  /**
   * Listens to an event; gives back a function that stops listening. A listener that
   * throws is reported (`reportError`) and the others still hear the event.
   */
  on<E extends keyof MarketStreamEvents>(event: E, listener: (detail: MarketStreamEvents[E]) => void): () => void;
}

/** What each event of an `AccountStream` hands its listeners. */
export interface AccountStreamEvents {
  /** The balances changed: by this update, or (`null`) the user was read whole. */
  update: AccountUpdate | null;
  /** An order changed (placed, filled, canceled...), as `orders()` gives it. */
  order: Order;
  /** The new status. */
  status: StreamStatus;
  /** Something went wrong (kind `"stream"`, `"session"`, or the REST call's error); the stream recovers on its own. */
  error: BitcoinCentralError;
}

export interface AccountStream {
  /**
   * Listens to an event; gives back a function that stops listening. A listener that
   * throws is reported (`reportError`) and the others still hear the event.
   */
  on<E extends keyof AccountStreamEvents>(event: E, listener: (detail: AccountStreamEvents[E]) => void): () => void;
}
