// Types of `bitcoin-central/widget`: the <bitcoin-central-market> live market widget.
import type { BitcoinCentralError, BookLevel, Locale, Ticker, Trade } from "./bitcoin_central.js";

/**
 * The tag the module registers when it loads, in a browser. Where there is no DOM (a
 * server render in Node, a worker) importing the module registers nothing and throws
 * nothing; `defineMarketWidget()` and `mountMarket()` then throw "needs a browser".
 */
export declare const TAG_NAME: "bitcoin-central-market";

/**
 * What the widget shows:
 * - `"loading"`: before the first data (and before the package is loaded, when the
 *   widget shows no words yet);
 * - `"live"`: only while the market's real-time stream is live (no polling);
 * - `"reconnecting"`: the stream is (re)connecting; the last data stays, and after 5 s
 *   without a socket the stream polls instead;
 * - `"polling"`: the socket cannot be had (refused, e.g. by the page's CSP, or
 *   reconnecting for more than 5 s): the stream polls the REST API every `interval`
 *   seconds until its socket is live again;
 * - `"stale"`: the stream's book may be behind (it is being read again), or the polled
 *   data is older than 2.5 intervals (the data stays, with an "updated hh:mm:ss" badge);
 * - `"error"`: the latest REST call of the stream failed (the data, if any, stays; the
 *   next attempt is shown), or a setting was refused;
 * - `"paused"`: the tab is hidden: the stream has no socket and polls nothing.
 */
export type MarketWidgetState = "loading" | "live" | "reconnecting" | "polling" | "stale" | "error" | "paused";

/** Options of `mountMarket()`, one per attribute of `<bitcoin-central-market>`. Unknown keys throw. */
export interface MarketWidgetOptions {
  /** The exchange's address (`base-url`), resolved against the page like an href. Default `"https://bitcoin-central.net"`. */
  baseUrl?: string;
  /** The market (`currency`). Default `"eur"`. */
  currency?: string;
  /** Language of the texts (`locale`), as the library negotiates it (`negotiateLocale`): French or English; default the browser's. */
  locale?: Locale;
  /** Seconds between polls when the stream cannot be had (`interval`). Default 10, at least 2. */
  interval?: number;
  /** How many latest trades to list (`trades`); 0 hides the list. Default 8, at most 50. */
  trades?: number;
  /** Order book levels per side on the depth chart (`levels`); 0 hides the chart. Default 20. */
  levels?: number;
}

/** `detail` of the `bitcoin-central-update` event, fired after every update of the stream and every successful poll. */
export interface MarketUpdateDetail {
  ticker: Ticker;
  /**
   * The best levels of each side, best first, each with its exact running `total` (as
   * `MarketStream.book(levels)` gives them), as many as this widget shows; `null` when
   * it shows no depth chart (`levels="0"`).
   */
  depth: { bids: BookLevel[]; asks: BookLevel[] } | null;
  /** Newest first, as many as this widget lists; `null` when it lists none (`trades="0"`). */
  trades: Trade[] | null;
  /** Where the data came from: the real-time stream, or the polling fallback. */
  source: "stream" | "polling";
  /** When the data was received, in Unix milliseconds. */
  lastUpdate: number;
}

/** `detail` of the `bitcoin-central-error` event, fired after every failed REST call of the stream (a poll, a snapshot; the stream recovers on its own), or a refused setting. */
export interface MarketErrorDetail {
  /** A `BitcoinCentralError` from the client, or the `Error` of a failed WebAssembly load. */
  error: BitcoinCentralError | Error;
  /** Seconds until the next attempt; `null` when none is planned (a refused setting: change the attributes). */
  retryIn: number | null;
}

/** The events the widget fires (they bubble). */
export interface BitcoinCentralMarketEventMap extends HTMLElementEventMap {
  "bitcoin-central-update": CustomEvent<MarketUpdateDetail>;
  "bitcoin-central-error": CustomEvent<MarketErrorDetail>;
}

/**
 * `<bitcoin-central-market>`: the ticker, a depth chart and the latest trades of one
 * market, kept live from the exchange's real-time stream (polled every `interval`
 * seconds when the stream cannot be had). Attributes: `base-url`, `currency`, `locale`,
 * `interval`, `trades`, `levels`. All the widgets of a page that show the same market
 * are handles on one `MarketStream` of the library (and its one poll).
 */
export declare class BitcoinCentralMarket extends HTMLElement {
  static readonly observedAttributes: readonly string[];
  /** When the shown data came, in Unix milliseconds; `null` before the first. */
  readonly lastUpdate: number | null;
  readonly state: MarketWidgetState;
  /** Where the shown data comes from: `"stream"`, `"polling"`, or `null` before the first. */
  readonly source: "stream" | "polling" | null;
  /** Removes the widget from the page, which stops its updates (the shared stream closes with the page's last handle on it). */
  destroy(): void;
  addEventListener<K extends keyof BitcoinCentralMarketEventMap>(
    type: K,
    listener: (this: BitcoinCentralMarket, event: BitcoinCentralMarketEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof BitcoinCentralMarketEventMap>(
    type: K,
    listener: (this: BitcoinCentralMarket, event: BitcoinCentralMarketEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/**
 * Creates a `<bitcoin-central-market>` with these options at the end of `parent` and
 * returns it. `element.destroy()` (or removing it) stops its updates. Throws a
 * `TypeError` for an unknown option or a value of the wrong type.
 */
export declare function mountMarket(parent: Element, options?: MarketWidgetOptions): BitcoinCentralMarket;

/**
 * Registers the widget under another tag name (it is registered as
 * `bitcoin-central-market` when the module loads) and returns its class. Defining a
 * name twice returns the same class; a name taken by another element throws.
 */
export declare function defineMarketWidget(tagName?: string): typeof BitcoinCentralMarket;

declare global {
  interface HTMLElementTagNameMap {
    "bitcoin-central-market": BitcoinCentralMarket;
  }
}
