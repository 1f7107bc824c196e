// Types of `bitcoin-central/widget`: the <bitcoin-central-market> live market widget.
import type { BitcoinCentralError, Depth, Locale, Ticker, Trade } from "./bitcoin_central.js";

/**
 * The tag the module registers when it loads, in a browser. Where there is no DOM (a
 * server render in Node, a worker) importing the module registers nothing and throws
 * nothing; `defineMarketWidget()` and `mountMarket()` then throw "needs a browser".
 */
export declare const TAG_NAME: "bitcoin-central-market";

/**
 * What the widget shows:
 * - `"loading"`: before the first answer;
 * - `"live"`: the data is at most 2.5 intervals old;
 * - `"stale"`: older than that (the data stays, with an "updated hh:mm:ss" badge);
 * - `"error"`: the latest poll failed (the data, if any, stays; the next attempt is shown);
 * - `"paused"`: the tab is hidden, nothing is polled.
 */
export type MarketWidgetState = "loading" | "live" | "stale" | "error" | "paused";

/** Options of `mountMarket()`, one per attribute of `<bitcoin-central-market>`. Unknown keys throw. */
export interface MarketWidgetOptions {
  /** The exchange's address (`base-url`), resolved against the page like an href. Default `"https://bitcoin-central.net"`. */
  baseUrl?: string;
  /** The market (`currency`). Default `"eur"`. */
  currency?: string;
  /** Language of the texts (`locale`). Default: the browser's language if French, else English. */
  locale?: Locale;
  /** Seconds between polls (`interval`). Default 10, at least 2. */
  interval?: number;
  /** How many latest trades to list (`trades`); 0 hides the list. Default 8, at most 50. */
  trades?: number;
  /** Order book levels per side on the depth chart (`levels`); 0 hides the chart. Default 20. */
  levels?: number;
}

/** `detail` of the `bitcoin-central-update` event, fired after every successful poll. */
export interface MarketUpdateDetail {
  ticker: Ticker;
  /** `null` when no widget of this market shows the depth chart (`levels="0"`). */
  depth: Depth | null;
  /** Oldest first, as the API lists them; `null` when no widget of this market lists trades (`trades="0"`). */
  trades: Trade[] | null;
  /** When the data was fetched, in Unix milliseconds. */
  lastUpdate: number;
}

/** `detail` of the `bitcoin-central-error` event, fired after every failed poll. */
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
 * market, refreshed on an interval. Attributes: `base-url`, `currency`, `locale`,
 * `interval`, `trades`, `levels`. All the widgets of a page that show the same market
 * share one poll.
 */
export declare class BitcoinCentralMarket extends HTMLElement {
  static readonly observedAttributes: readonly string[];
  /** When the shown data was fetched, in Unix milliseconds; `null` before the first answer. */
  readonly lastUpdate: number | null;
  readonly state: MarketWidgetState;
  /** Removes the widget from the page, which stops its polling. */
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
 * returns it. `element.destroy()` (or removing it) stops its polling. Throws a
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
