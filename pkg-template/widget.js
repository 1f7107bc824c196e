// bitcoin-central/widget: <bitcoin-central-market>, a live market widget (ticker,
// order book depth chart, latest trades) drawn from the package's Client.
//
//   <script type="module" src="https://unpkg.com/bitcoin-central/widget.js"></script>
//   <bitcoin-central-market currency="eur"></bitcoin-central-market>
//
// Every widget of a page that shows the same market (base URL + currency) shares one
// Client and one poll (the `markets` registry below): the exchange's rate limit counts
// calls per visitor, not per widget. Polling backs off on errors, honours Retry-After,
// and pauses while the tab is hidden. Prices are shown as the server's exact text;
// Number() is used only to place them on the chart.
import init, { Client, BitcoinCentralError } from "./bitcoin_central.js";

export const TAG_NAME = "bitcoin-central-market";

const DEFAULT_INTERVAL_S = 10;
const MIN_INTERVAL_S = 2;
const MAX_INTERVAL_S = 86_400;
const DEFAULT_TRADES = 8;
const MAX_TRADES = 50;
const DEFAULT_LEVELS = 20;
const MAX_LEVELS = 200;
/** Data older than this many intervals is marked stale. */
const STALE_INTERVALS = 2.5;
const MAX_BACKOFF_MS = 5 * 60_000;
const ATTRIBUTES = ["base-url", "currency", "locale", "interval", "trades", "levels"];
const OPTION_ATTRIBUTES = { baseUrl: "base-url", currency: "currency", locale: "locale", interval: "interval", trades: "trades", levels: "levels" };

// ---------------------------------------------------------------------------------
// Texts

const TEXTS = {
  en: {
    loading: "Loading…",
    live: "Live",
    paused: "Paused",
    error: "Error",
    stale: (time) => `Stale · updated ${time}`,
    updated: (time) => `Updated ${time}`,
    every: (s) => `every ${s} s`,
    retryIn: (s) => `retrying in ${s} s`,
    retryNow: "retrying…",
    noRetry: "check the widget's settings",
    high: "24h high",
    low: "24h low",
    volume: "24h volume",
    change: "24h change",
    depth: "Order book depth",
    bids: "Bids",
    asks: "Asks",
    mid: "mid",
    depthLabel: (bid, ask, cur) => `Order book depth: best bid ${bid} ${cur}, best ask ${ask} ${cur}`,
    noOrders: "No orders in the book",
    trades: "Latest trades",
    time: "Time",
    price: "Price",
    amount: "Amount",
    noTrades: "No trades yet",
    announce: (price, cur, direction, pct) =>
      direction === "up" ? `Price ${price} ${cur}, up ${pct} %`
      : direction === "down" ? `Price ${price} ${cur}, down ${pct} %`
      : direction === "flat" ? `Price ${price} ${cur}, unchanged`
      : `Price ${price} ${cur}`,
    errors: {
      "rate-limited": "Too many requests to the exchange",
      network: "Cannot reach the exchange",
      timeout: "The exchange did not answer in time",
      api: "The exchange refused the request",
      http: "The exchange answered with an error",
      decode: "Unreadable answer from the exchange",
      "invalid-argument": "Invalid widget setting",
      other: "The market could not be loaded",
    },
  },
  fr: {
    loading: "Chargement…",
    live: "En direct",
    paused: "En pause",
    error: "Erreur",
    stale: (time) => `Périmé · mis à jour à ${time}`,
    updated: (time) => `Mis à jour à ${time}`,
    every: (s) => `toutes les ${s} s`,
    retryIn: (s) => `nouvel essai dans ${s} s`,
    retryNow: "nouvel essai…",
    noRetry: "vérifiez les réglages du widget",
    high: "Plus haut 24 h",
    low: "Plus bas 24 h",
    volume: "Volume 24 h",
    change: "Variation 24 h",
    depth: "Profondeur du carnet",
    bids: "Achats",
    asks: "Ventes",
    mid: "milieu",
    depthLabel: (bid, ask, cur) => `Profondeur du carnet : meilleure offre d’achat ${bid} ${cur}, meilleure offre de vente ${ask} ${cur}`,
    noOrders: "Aucun ordre dans le carnet",
    trades: "Derniers échanges",
    time: "Heure",
    price: "Prix",
    amount: "Montant",
    noTrades: "Aucun échange pour l’instant",
    announce: (price, cur, direction, pct) =>
      direction === "up" ? `Prix ${price} ${cur}, en hausse de ${pct} %`
      : direction === "down" ? `Prix ${price} ${cur}, en baisse de ${pct} %`
      : direction === "flat" ? `Prix ${price} ${cur}, stable`
      : `Prix ${price} ${cur}`,
    errors: {
      "rate-limited": "Trop de requêtes vers la plateforme",
      network: "Impossible de joindre la plateforme",
      timeout: "La plateforme n’a pas répondu à temps",
      api: "La plateforme a refusé la requête",
      http: "La plateforme a répondu par une erreur",
      decode: "Réponse illisible de la plateforme",
      "invalid-argument": "Réglage du widget invalide",
      other: "Le marché n’a pas pu être chargé",
    },
  },
};

// ---------------------------------------------------------------------------------
// Exact decimals: formatting and sums on the text, never through a float.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1234.50" → "1,234.50" (en) or "1 234,50" (fr): every digit kept. */
function formatDecimal(text, locale, { unsigned = false } = {}) {
  if (text == null) return "–";
  const match = DECIMAL.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, locale === "fr" ? "\u202f" : ",");
  const point = locale === "fr" ? "," : ".";
  return (unsigned ? "" : sign) + grouped + (fraction === undefined ? "" : point + fraction);
}

/** The sum of two non-negative decimal strings, exact. */
function addDecimals(a, b) {
  const [ai, af = ""] = a.split(".");
  const [bi, bf = ""] = b.split(".");
  const scale = Math.max(af.length, bf.length);
  const sum = (BigInt(ai + af.padEnd(scale, "0")) + BigInt(bi + bf.padEnd(scale, "0"))).toString();
  if (scale === 0) return sum;
  const digits = sum.padStart(scale + 1, "0");
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** "up", "down" or "flat" for a signed decimal string; null when there is none. */
function direction(text) {
  const match = text == null ? null : DECIMAL.exec(text);
  if (!match) return null;
  if (/^0*$/.test(match[2] + (match[3] ?? ""))) return "flat";
  return match[1] ? "down" : "up";
}

const timeFormats = new Map();
function formatTime(ms, locale) {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
    timeFormats.set(locale, format);
  }
  return format.format(ms);
}

function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------
// Options

function preferredLocale() {
  const tags = [...(globalThis.navigator?.languages ?? []), globalThis.navigator?.language ?? ""];
  for (const tag of tags) {
    const language = String(tag).split(/[-_]/)[0].toLowerCase();
    if (language === "en" || language === "fr") return language;
  }
  return "en";
}

function readNumber(value, fallback, min, max, integer) {
  if (value == null || value.trim() === "") return fallback;
  const number = Number(value);
  if (!Number.isFinite(number)) return fallback;
  const clamped = Math.min(max, Math.max(min, number));
  return integer ? Math.floor(clamped) : clamped;
}

/** The widget's settings from its attributes, defaults filled in. */
function readSettings(element) {
  const attr = (name) => element.getAttribute(name);
  let baseUrl = attr("base-url")?.trim() || null;
  if (baseUrl) {
    // Resolved like an href: "/" is the page's own origin.
    try {
      baseUrl = new URL(baseUrl, element.ownerDocument.baseURI).href.replace(/\/+$/, "");
    } catch {
      // Left as written: the Client refuses it with an "invalid-argument" error, shown.
    }
  }
  const locale = attr("locale")?.trim().toLowerCase().split(/[-_]/)[0];
  return {
    baseUrl,
    currency: attr("currency")?.trim().toLowerCase() || "eur",
    locale: locale === "en" || locale === "fr" ? locale : preferredLocale(),
    intervalMs: readNumber(attr("interval"), DEFAULT_INTERVAL_S, MIN_INTERVAL_S, MAX_INTERVAL_S, false) * 1000,
    trades: readNumber(attr("trades"), DEFAULT_TRADES, 0, MAX_TRADES, true),
    levels: readNumber(attr("levels"), DEFAULT_LEVELS, 0, MAX_LEVELS, true),
  };
}

// ---------------------------------------------------------------------------------
// The shared poll: one Market per (base URL, currency), whatever the widget count.

/** @type {Map<string, Market>} */
const markets = new Map();

function isHidden() {
  return globalThis.document?.visibilityState === "hidden";
}

function marketFor(settings) {
  const key = `${settings.baseUrl ?? ""} ${settings.currency}`;
  let market = markets.get(key);
  if (!market) {
    market = new Market(key, settings);
    markets.set(key, market);
  }
  return market;
}

class Market {
  constructor(key, { baseUrl, currency, locale }) {
    this.key = key;
    // The page's shared limiter: widgets and the page's own clients (with
    // `rateLimiter: true`) stay together under the exchange's limit. No retries in
    // the client: the widget retries on its own schedule and shows why it waits.
    this.options = { currency, locale, rateLimiter: true, retries: 0, ...(baseUrl ? { baseUrl } : {}) };
    this.widgets = new Set();
    this.client = null;
    this.timer = 0;
    this.inFlight = false;
    this.closed = false;
    this.resumed = false;
    /** @type {{ ticker: object, depth: object | null, trades: object[] | null } | null} */
    this.data = null;
    this.lastUpdate = null;
    this.lastStart = 0;
    this.error = null;
    this.failures = 0;
    /** When the next attempt after an error is due (ms); Infinity when retrying cannot help. */
    this.retryAt = 0;
  }

  /** The shortest interval of the widgets showing this market. */
  get intervalMs() {
    let interval = Infinity;
    for (const widget of this.widgets) interval = Math.min(interval, widget.settings.intervalMs);
    return Number.isFinite(interval) ? interval : DEFAULT_INTERVAL_S * 1000;
  }

  add(widget) {
    this.widgets.add(widget);
    this.schedule();
  }

  remove(widget) {
    this.widgets.delete(widget);
    // A widget moved in the page is removed and added back at once: keep the market
    // (and its data) through that.
    queueMicrotask(() => {
      if (this.widgets.size === 0) this.close();
      else this.schedule();
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (markets.get(this.key) === this) markets.delete(this.key);
    if (!this.inFlight) this.client?.free();
  }

  visibilityChanged() {
    if (!isHidden()) this.resumed = true;
    this.schedule();
    for (const widget of this.widgets) widget.refreshStatus();
  }

  /** Sets the timer for the next poll: now, after the interval, or after a back-off. */
  schedule() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.closed || this.inFlight || this.widgets.size === 0 || isHidden()) return;
    const now = Date.now();
    let due;
    if (this.error) due = this.retryAt;
    else if (this.resumed) due = this.lastStart + MIN_INTERVAL_S * 1000;
    else due = this.lastStart + this.intervalMs;
    if (!Number.isFinite(due)) return;
    this.timer = setTimeout(() => this.poll(), Math.max(0, due - now));
  }

  async poll() {
    this.timer = 0;
    if (this.closed || this.inFlight || isHidden()) return;
    this.inFlight = true;
    this.resumed = false;
    this.lastStart = Date.now();
    const wanted = [...this.widgets];
    try {
      await init();
      this.client ??= new Client(this.options);
      const [ticker, depth, trades] = await Promise.all([
        this.client.ticker(),
        wanted.some((w) => w.settings.levels > 0) ? this.client.depth() : null,
        wanted.some((w) => w.settings.trades > 0) ? this.client.trades() : null,
      ]);
      this.data = { ticker, depth, trades };
      this.lastUpdate = Date.now();
      this.error = null;
      this.failures = 0;
      this.retryAt = 0;
    } catch (error) {
      this.error = error;
      this.failures += 1;
      this.retryAt = Date.now() + this.backoffMs(error);
    } finally {
      this.inFlight = false;
    }
    if (this.closed) {
      this.client?.free();
      return;
    }
    this.schedule();
    for (const widget of this.widgets) {
      if (this.error) widget.failed(this.error);
      else widget.updated();
    }
  }

  backoffMs(error) {
    const kind = error instanceof BitcoinCentralError ? error.kind : null;
    // A refused setting stays refused: wait for the attributes to change.
    if (kind === "invalid-argument") return Infinity;
    if (kind === "rate-limited" && error.retryAfter != null) return Math.max(1, error.retryAfter) * 1000;
    const exponential = Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** this.failures);
    // A little jitter, so that many pages do not come back at the same second.
    return Math.min(MAX_BACKOFF_MS, Math.round(exponential * (1 + Math.random() * 0.1)));
  }
}

if (globalThis.document) {
  document.addEventListener("visibilitychange", () => {
    for (const market of markets.values()) market.visibilityChanged();
  });
}

// ---------------------------------------------------------------------------------
// Styles: everything inside the shadow root, themable through --bc-* properties.

const STYLE = `
:host {
  --_font: var(--bc-font, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_bg: var(--bc-bg, #ffffff);
  --_fg: var(--bc-fg, #0f172a);
  --_muted: var(--bc-muted, #64748b);
  --_up: var(--bc-up, #059669);
  --_down: var(--bc-down, #e11d48);
  --_warn: var(--bc-warn, #b45309);
  --_border: var(--bc-border, #e2e8f0);
  --_radius: var(--bc-radius, 14px);
  --_accent: var(--bc-accent, #f7931a);
  --_shadow: var(--bc-shadow, 0 1px 2px rgb(15 23 42 / 0.05), 0 8px 24px -8px rgb(15 23 42 / 0.12));
  display: block;
  min-width: 0;
  max-width: 100%;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :host {
    --_bg: var(--bc-bg, #0f172a);
    --_fg: var(--bc-fg, #e2e8f0);
    --_muted: var(--bc-muted, #94a3b8);
    --_up: var(--bc-up, #34d399);
    --_down: var(--bc-down, #fb7185);
    --_warn: var(--bc-warn, #fbbf24);
    --_border: var(--bc-border, #1e293b);
    --_shadow: var(--bc-shadow, 0 1px 2px rgb(0 0 0 / 0.4), 0 8px 24px -8px rgb(0 0 0 / 0.5));
    color-scheme: dark;
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.card {
  container-type: inline-size;
  position: relative;
  font: 14px/1.4 var(--_font);
  color: var(--_fg);
  background: var(--_bg);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  box-shadow: var(--_shadow);
  padding: 16px;
  font-variant-numeric: tabular-nums;
  -webkit-font-smoothing: antialiased;
  overflow: hidden;
}
.head { display: flex; align-items: center; justify-content: space-between; gap: 8px; min-width: 0; }
.pair { display: flex; align-items: center; gap: 8px; font-weight: 650; letter-spacing: 0.01em; min-width: 0; }
.mark { flex: none; width: 26px; height: 26px; transform: rotate(-12deg); }
.mark circle { fill: var(--_accent); }
.mark g { fill: #fff; }
.mark text { font: 700 15px Arial, Helvetica, sans-serif; }
.pair-name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status {
  flex: none; display: inline-flex; align-items: center; gap: 6px; max-width: 100%;
  padding: 3px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap;
  color: var(--_muted); background: color-mix(in srgb, var(--_muted) 10%, transparent);
}
.status .dot { width: 7px; height: 7px; border-radius: 50%; background: currentColor; flex: none; }
.status[data-state="live"] { color: var(--_up); background: color-mix(in srgb, var(--_up) 11%, transparent); }
.status[data-state="live"] .dot { animation: pulse 2s ease-in-out infinite; }
.status[data-state="stale"] { color: var(--_warn); background: color-mix(in srgb, var(--_warn) 13%, transparent); }
.status[data-state="error"] { color: var(--_down); background: color-mix(in srgb, var(--_down) 11%, transparent); }
.status[data-state="paused"] .dot { border-radius: 1px; width: 8px; height: 8px; background: linear-gradient(90deg, currentColor 0 35%, transparent 35% 65%, currentColor 65%); }
.status[data-state="loading"] .dot { animation: pulse 1s ease-in-out infinite; }
@keyframes pulse { 50% { opacity: 0.25; } }
.quote { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin: 12px 0 4px; }
.price { font-size: 30px; line-height: 1.1; font-weight: 700; letter-spacing: -0.02em; transition: color 0.6s; overflow-wrap: anywhere; }
.price .cur { font-size: 15px; font-weight: 600; color: var(--_muted); letter-spacing: 0; }
.price.tick-up .value { color: var(--_up); }
.price.tick-down .value { color: var(--_down); }
.change {
  display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 999px;
  font-size: 13px; font-weight: 650; color: var(--_muted); background: color-mix(in srgb, var(--_muted) 10%, transparent);
}
.change[data-dir="up"] { color: var(--_up); background: color-mix(in srgb, var(--_up) 12%, transparent); }
.change[data-dir="down"] { color: var(--_down); background: color-mix(in srgb, var(--_down) 12%, transparent); }
.change .period { font-weight: 500; opacity: 0.75; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(96px, 1fr)); gap: 4px 12px; margin: 10px 0 0; }
.stats div { min-width: 0; }
.stats dt { font-size: 11px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--_muted); }
.stats dd { margin: 1px 0 0; font-weight: 600; overflow-wrap: anywhere; }
.stats dd small { font-weight: 500; color: var(--_muted); }
.alert {
  display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; margin-top: 12px; padding: 8px 10px;
  border-radius: calc(var(--_radius) * 0.6); font-size: 13px;
  color: var(--_fg); background: color-mix(in srgb, var(--_down) 9%, transparent);
  border: 1px solid color-mix(in srgb, var(--_down) 30%, transparent);
}
.alert[hidden] { display: none; }
.alert strong { color: var(--_down); }
.alert .detail { color: var(--_muted); overflow-wrap: anywhere; }
.alert .retry { margin-left: auto; font-weight: 600; white-space: nowrap; }
.body { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; margin-top: 14px; }
.section-title, caption {
  font-size: 11px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.06em; color: var(--_muted);
  text-align: left; margin: 0 0 6px; padding: 0;
}
figure { margin: 0; min-width: 0; }
.chart { position: relative; height: 150px; }
.chart svg { display: block; width: 100%; height: 100%; overflow: visible; }
.grid { stroke: var(--_border); stroke-width: 1; }
.axis { stroke: color-mix(in srgb, var(--_muted) 45%, transparent); stroke-width: 1; }
.mid { stroke: var(--_muted); stroke-width: 1; stroke-dasharray: 3 3; opacity: 0.8; }
.bids { stroke: var(--_up); stroke-width: 1.5; stroke-linejoin: round; }
.asks { stroke: var(--_down); stroke-width: 1.5; stroke-linejoin: round; }
.stop-bid { stop-color: var(--_up); }
.stop-ask { stop-color: var(--_down); }
.chart text { font: 10.5px var(--_font); fill: var(--_muted); font-variant-numeric: tabular-nums;
  paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
.chart text.mid-label { fill: var(--_fg); font-weight: 600; }
.chart .empty { display: grid; place-items: center; height: 100%; color: var(--_muted); font-size: 13px;
  border: 1px dashed var(--_border); border-radius: calc(var(--_radius) * 0.6); }
.legend { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2px 12px; margin-top: 4px; font-size: 12px; color: var(--_muted); }
.legend > span { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; }
.legend .ask { margin-left: auto; }
.legend i { flex: none; width: 9px; height: 9px; border-radius: 2px; }
.legend .bid i { background: var(--_up); }
.legend .ask i { background: var(--_down); }
.legend b { color: var(--_fg); font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { font-size: 11px; font-weight: 600; color: var(--_muted); text-align: right; padding: 0 0 4px; border-bottom: 1px solid var(--_border); }
td { text-align: right; padding: 3px 0; border-bottom: 1px solid color-mix(in srgb, var(--_border) 60%, transparent); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; color: var(--_muted); }
td.up { color: var(--_up); }
td.down { color: var(--_down); }
tr.fresh td { animation: fresh 1.6s ease-out; }
@keyframes fresh { from { background: color-mix(in srgb, var(--_accent) 22%, transparent); } }
td.none { text-align: center; color: var(--_muted); padding: 14px 0; }
.foot { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2px 12px; margin-top: 12px; font-size: 11.5px; color: var(--_muted); }
.foot .source { font-weight: 600; white-space: nowrap; margin-left: auto; }
.skeleton { color: transparent !important; border-radius: 6px; background: linear-gradient(90deg,
  color-mix(in srgb, var(--_muted) 12%, transparent) 25%, color-mix(in srgb, var(--_muted) 22%, transparent) 50%,
  color-mix(in srgb, var(--_muted) 12%, transparent) 75%); background-size: 300% 100%; animation: shimmer 1.4s linear infinite; }
.price .value.skeleton { display: inline-block; min-width: 5.5ch; }
.change.skeleton { min-width: 7ch; }
dd.skeleton { min-width: 6ch; display: block; }
.chart.skeleton { border-radius: calc(var(--_radius) * 0.6); }
td .skeleton { display: inline-block; width: 80%; height: 0.9em; }
@keyframes shimmer { from { background-position: 100% 0; } to { background-position: -200% 0; } }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }
@container (min-width: 560px) {
  .price { font-size: 36px; }
  .body { grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 24px; }
  .chart { height: 190px; }
}
@container (max-width: 330px) {
  .price { font-size: 26px; }
  .stats { grid-template-columns: 1fr 1fr; }
  .stats div:last-child { grid-column: 1 / -1; }
  .chart { height: 130px; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; }
}
`;

/**
 * Gives a shadow root the widget's CSS: a constructed stylesheet, shared by every
 * widget of the document and allowed by a Content-Security-Policy without
 * 'unsafe-inline' (CSP does not govern constructed sheets); a <style> element only in
 * a browser without adoptedStyleSheets.
 */
let sharedSheet = null;
function adoptStyle(root) {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sharedSheet];
    return;
  }
  const style = document.createElement("style");
  style.textContent = STYLE;
  root.prepend(style);
}

const TEMPLATE = `
<section class="card" part="card">
  <div class="head">
    <div class="pair"><svg class="mark" viewBox="0 0 26 26" aria-hidden="true"><circle cx="13" cy="13" r="13"/><g><rect x="9.6" y="4" width="1.9" height="4" rx=".5"/><rect x="13.2" y="4" width="1.9" height="4" rx=".5"/><rect x="9.6" y="18" width="1.9" height="4" rx=".5"/><rect x="13.2" y="18" width="1.9" height="4" rx=".5"/><text x="13.6" y="18.6" text-anchor="middle">B</text></g></svg><span class="pair-name" part="title"></span></div>
    <span class="status" part="status" data-state="loading"><span class="dot" aria-hidden="true"></span><span class="status-text"></span></span>
  </div>
  <div class="quote">
    <div class="price" part="price"><span class="value skeleton">000.00</span> <span class="cur"></span></div>
    <div class="change skeleton" data-dir="flat"><span class="arrow" aria-hidden="true"></span><span class="pct"></span> <span class="period">24h</span></div>
  </div>
  <dl class="stats">
    <div><dt data-text="high"></dt><dd class="high skeleton">&nbsp;</dd></div>
    <div><dt data-text="low"></dt><dd class="low skeleton">&nbsp;</dd></div>
    <div><dt data-text="volume"></dt><dd class="volume skeleton">&nbsp;</dd></div>
  </dl>
  <div class="alert" part="error" hidden><strong class="title"></strong><span class="detail"></span><span class="retry"></span></div>
  <div class="body">
    <figure class="depth" part="depth">
      <figcaption class="section-title" data-text="depth"></figcaption>
      <div class="chart skeleton"></div>
      <div class="legend"><span class="bid"><i></i><span data-text="bids"></span> <b class="bid-total"></b></span><span class="ask"><b class="ask-total"></b> <span data-text="asks"></span><i></i></span></div>
    </figure>
    <div class="trades" part="trades">
      <table>
        <caption data-text="trades"></caption>
        <thead><tr><th scope="col" data-text="time"></th><th scope="col" class="price-head"></th><th scope="col" class="amount-head"></th></tr></thead>
        <tbody></tbody>
      </table>
    </div>
  </div>
  <div class="foot"><span class="updated"></span><span class="source">Bitcoin-Central</span></div>
  <div class="sr-only announce" aria-live="polite" aria-atomic="true"></div>
</section>
`;

// ---------------------------------------------------------------------------------
// The depth chart: cumulative bids and asks as two step areas around the mid price.

/** The `levels` best levels of one side, best first, with their cumulative amounts. */
function cumulative(levels, count, descending) {
  const parsed = [];
  for (const level of levels) {
    const p = Number(level.price);
    const a = Number(level.amount);
    if (Number.isFinite(p) && Number.isFinite(a) && DECIMAL.test(level.amount)) parsed.push({ level, p, a });
  }
  parsed.sort((x, y) => (descending ? y.p - x.p : x.p - y.p));
  let total = 0;
  let exact = "0";
  return parsed.slice(0, count).map((entry) => {
    total += entry.a;
    exact = addDecimals(exact, entry.level.amount);
    return { ...entry, c: total, exact };
  });
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `value`. */
function niceStep(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const scaled = value / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

function drawDepth({ bids, asks, midpoint, width, height, locale, currency, label }) {
  const pad = { top: 8, right: 2, bottom: 20, left: 2 };
  const lo = (bids.at(-1) ?? asks[0]).p;
  const hi = (asks.at(-1) ?? bids.at(-1)).p;
  const span = hi - lo || Math.abs(hi) * 0.01 || 1;
  const maxC = Math.max(bids.at(-1)?.c ?? 0, asks.at(-1)?.c ?? 0) || 1;
  const plotW = Math.max(10, width - pad.left - pad.right);
  const plotH = Math.max(10, height - pad.top - pad.bottom);
  // A gridline every 40px or so.
  const step = niceStep(maxC / Math.max(2, Math.floor(plotH / 40)));
  const yMax = Math.max(maxC * 1.1, step);
  const x = (p) => pad.left + ((p - lo) / span) * plotW;
  const y = (c) => pad.top + (1 - c / yMax) * plotH;
  const r = (n) => Math.round(n * 10) / 10;
  const base = r(y(0));

  const area = (side) => {
    if (side.length === 0) return "";
    let d = `M${r(x(side[0].p))},${base}`;
    side.forEach((level, i) => {
      d += `V${r(y(level.c))}`;
      const next = side[i + 1];
      if (next) d += `H${r(x(next.p))}`;
    });
    return `${d}V${base}Z`;
  };

  const numberFormat = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 8 });
  let grid = "";
  for (let c = step; c < yMax; c += step) {
    const yy = r(y(c));
    grid += `<line class="grid" x1="${pad.left}" x2="${pad.left + plotW}" y1="${yy}" y2="${yy}"/>`;
    grid += `<text x="${pad.left + 2}" y="${yy - 3}">${escapeXml(numberFormat.format(c))} BTC</text>`;
  }

  const low = bids.at(-1)?.level.price ?? asks[0].level.price;
  const high = asks.at(-1)?.level.price ?? bids.at(-1).level.price;
  let labels = `<text x="${pad.left}" y="${height - 4}" text-anchor="start">${escapeXml(formatDecimal(low, locale))}</text>`;
  labels += `<text x="${pad.left + plotW}" y="${height - 4}" text-anchor="end">${escapeXml(formatDecimal(high, locale))}</text>`;
  const mid = midpoint != null ? Number(midpoint) : NaN;
  let midLine = "";
  if (Number.isFinite(mid) && mid > lo && mid < hi) {
    const xm = r(x(mid));
    midLine = `<line class="mid" x1="${xm}" x2="${xm}" y1="${pad.top}" y2="${base}"/>`;
    if (xm - pad.left > 60 && pad.left + plotW - xm > 60) {
      labels += `<text class="mid-label" x="${xm}" y="${height - 4}" text-anchor="middle">${escapeXml(formatDecimal(midpoint, locale))} ${escapeXml(currency)}</text>`;
    }
  }

  return `<svg role="img" aria-label="${escapeXml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeXml(label)}</title>
<defs>
<linearGradient id="bc-bid-fill" x1="0" x2="0" y1="0" y2="1"><stop class="stop-bid" offset="0" stop-opacity="0.34"/><stop class="stop-bid" offset="1" stop-opacity="0.06"/></linearGradient>
<linearGradient id="bc-ask-fill" x1="0" x2="0" y1="0" y2="1"><stop class="stop-ask" offset="0" stop-opacity="0.34"/><stop class="stop-ask" offset="1" stop-opacity="0.06"/></linearGradient>
</defs>
<g aria-hidden="true">${grid}
<path class="bids" fill="url(#bc-bid-fill)" d="${area(bids)}"/>
<path class="asks" fill="url(#bc-ask-fill)" d="${area(asks)}"/>
${midLine}
<line class="axis" x1="${pad.left}" x2="${pad.left + plotW}" y1="${base}" y2="${base}"/>
${labels}</g>
</svg>`;
}

// ---------------------------------------------------------------------------------
// The element

const Base = globalThis.HTMLElement ?? class {};

export class BitcoinCentralMarket extends Base {
  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this.settings = readSettings(this);
    this.market = null;
    this.clock = 0;
    this.chartSize = "";
    this.announcedPrice = null;
    this.shownPrice = null;
    this.seenTrades = null;
    this.renderedLocale = null;
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = TEMPLATE;
    adoptStyle(root);
    const $ = (selector) => root.querySelector(selector);
    this.parts = {
      card: $(".card"),
      title: $(".pair-name"),
      status: $(".status"),
      statusText: $(".status-text"),
      price: $(".price"),
      value: $(".price .value"),
      cur: $(".price .cur"),
      change: $(".change"),
      arrow: $(".change .arrow"),
      pct: $(".change .pct"),
      period: $(".change .period"),
      high: $(".high"),
      low: $(".low"),
      volume: $(".volume"),
      alert: $(".alert"),
      alertTitle: $(".alert .title"),
      alertDetail: $(".alert .detail"),
      alertRetry: $(".alert .retry"),
      depth: $(".depth"),
      chart: $(".chart"),
      bidTotal: $(".bid-total"),
      askTotal: $(".ask-total"),
      trades: $(".trades"),
      priceHead: $(".price-head"),
      amountHead: $(".amount-head"),
      tbody: $("tbody"),
      updated: $(".updated"),
      announce: $(".announce"),
    };
    this.resizeObserver = globalThis.ResizeObserver
      ? new ResizeObserver(([entry]) => {
          const size = `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`;
          if (size !== this.chartSize) {
            this.chartSize = size;
            this.renderDepth();
          }
        })
      : null;
  }

  /** When the shown data was fetched (Unix milliseconds), or null before the first answer. */
  get lastUpdate() {
    return this.market?.lastUpdate ?? null;
  }

  /** "loading", "live", "stale", "error" or "paused". */
  get state() {
    if (isHidden()) return "paused";
    const market = this.market;
    if (market?.error) return "error";
    if (!market?.lastUpdate) return "loading";
    if (Date.now() - market.lastUpdate > STALE_INTERVALS * this.settings.intervalMs) return "stale";
    return "live";
  }

  /** Removes the widget from the page, which stops its polling (the shared poll stops with the last widget). */
  destroy() {
    this.remove();
  }

  connectedCallback() {
    this.settings = readSettings(this);
    this.join();
    this.resizeObserver?.observe(this.parts.chart);
    clearInterval(this.clock);
    this.clock = setInterval(() => this.refreshStatus(), 1000);
    this.render();
  }

  disconnectedCallback() {
    clearInterval(this.clock);
    this.clock = 0;
    this.resizeObserver?.disconnect();
    this.market?.remove(this);
    this.market = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    const previous = this.settings;
    this.settings = readSettings(this);
    // Before connectedCallback (an upgrade, a new element): it joins the market.
    if (oldValue === newValue || !this.market) return;
    if (this.settings.baseUrl !== previous.baseUrl || this.settings.currency !== previous.currency) {
      this.market?.remove(this);
      this.market = null;
      this.shownPrice = null;
      this.announcedPrice = null;
      this.seenTrades = null;
      this.join();
    } else {
      this.market?.schedule();
    }
    this.render();
  }

  join() {
    this.market = marketFor(this.settings);
    this.market.add(this);
  }

  /** Called by the market after each successful poll. */
  updated() {
    this.render();
    this.dispatchEvent(new CustomEvent("bitcoin-central-update", {
      bubbles: true,
      detail: { ...this.market.data, lastUpdate: this.market.lastUpdate },
    }));
  }

  /** Called by the market after each failed poll. */
  failed(error) {
    this.render();
    this.dispatchEvent(new CustomEvent("bitcoin-central-error", {
      bubbles: true,
      detail: { error, retryIn: this.retryInSeconds() },
    }));
  }

  retryInSeconds() {
    const retryAt = this.market?.retryAt ?? 0;
    if (!this.market?.error || !Number.isFinite(retryAt)) return null;
    return Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
  }

  get texts() {
    return TEXTS[this.settings.locale];
  }

  get currencyCode() {
    return this.market?.data?.ticker?.currency ?? this.settings.currency.toUpperCase();
  }

  render() {
    const t = this.texts;
    const p = this.parts;
    if (this.renderedLocale !== this.settings.locale) {
      this.renderedLocale = this.settings.locale;
      for (const node of this.shadowRoot.querySelectorAll("[data-text]")) node.textContent = t[node.dataset.text];
      p.period.textContent = this.settings.locale === "fr" ? "24 h" : "24h";
      p.change.title = t.change;
      p.card.lang = this.settings.locale;
    }
    const cur = this.currencyCode;
    p.title.textContent = `BTC/${cur}`;
    p.cur.textContent = cur;
    p.priceHead.textContent = `${t.price} (${cur})`;
    p.amountHead.textContent = `${t.amount} (BTC)`;
    p.depth.hidden = this.settings.levels === 0;
    p.trades.hidden = this.settings.trades === 0;
    this.renderTicker();
    this.renderDepth();
    this.renderTrades();
    this.refreshStatus();
  }

  renderTicker() {
    const { locale } = this.settings;
    const p = this.parts;
    const ticker = this.market?.data?.ticker;
    for (const node of [p.value, p.change, p.high, p.low, p.volume]) node.classList.toggle("skeleton", !ticker);
    if (!ticker) return;
    const t = this.texts;
    const cur = this.currencyCode;
    p.value.textContent = formatDecimal(ticker.price, locale);
    if (this.shownPrice != null && ticker.price !== this.shownPrice) {
      const move = Number(ticker.price) - Number(this.shownPrice);
      p.price.classList.remove("tick-up", "tick-down");
      if (move) {
        p.price.classList.add(move > 0 ? "tick-up" : "tick-down");
        clearTimeout(this.tickTimer);
        this.tickTimer = setTimeout(() => p.price.classList.remove("tick-up", "tick-down"), 1500);
      }
    }
    this.shownPrice = ticker.price;
    const dir = direction(ticker.variation);
    p.change.dataset.dir = dir ?? "flat";
    p.arrow.textContent = dir === "up" ? "▲" : dir === "down" ? "▼" : "▬";
    const pct = formatDecimal(ticker.variation, locale, { unsigned: true });
    p.pct.textContent = ticker.variation == null ? "–" : `${dir === "up" ? "+" : dir === "down" ? "−" : ""}${pct}\u00a0%`;
    p.high.textContent = formatDecimal(ticker.high, locale);
    p.low.textContent = formatDecimal(ticker.low, locale);
    p.volume.innerHTML = "";
    p.volume.append(formatDecimal(ticker.volume, locale), " ", Object.assign(document.createElement("small"), { textContent: "BTC" }));
    if (ticker.price != null && ticker.price !== this.announcedPrice) {
      this.announcedPrice = ticker.price;
      p.announce.textContent = t.announce(formatDecimal(ticker.price, locale), cur, dir, pct);
    }
  }

  renderDepth() {
    const p = this.parts;
    const depth = this.market?.data?.depth;
    const count = this.settings.levels;
    p.chart.classList.toggle("skeleton", !depth);
    if (!depth || count === 0) {
      if (!depth) p.chart.replaceChildren();
      p.bidTotal.textContent = "";
      p.askTotal.textContent = "";
      return;
    }
    const { locale } = this.settings;
    const t = this.texts;
    const cur = this.currencyCode;
    const bids = cumulative(depth.bids, count, true);
    const asks = cumulative(depth.asks, count, false);
    p.bidTotal.textContent = bids.length ? `${formatDecimal(bids.at(-1).exact, locale)} BTC` : "";
    p.askTotal.textContent = asks.length ? `${formatDecimal(asks.at(-1).exact, locale)} BTC` : "";
    if (bids.length === 0 && asks.length === 0) {
      p.chart.innerHTML = `<div class="empty">${escapeXml(t.noOrders)}</div>`;
      return;
    }
    const ticker = this.market.data.ticker;
    const label = t.depthLabel(
      formatDecimal(bids[0]?.level.price ?? ticker?.bid ?? null, locale),
      formatDecimal(asks[0]?.level.price ?? ticker?.ask ?? null, locale),
      cur,
    );
    const width = p.chart.clientWidth || 300;
    const height = p.chart.clientHeight || 150;
    p.chart.innerHTML = drawDepth({ bids, asks, midpoint: ticker?.midpoint ?? null, width, height, locale, currency: cur, label });
  }

  renderTrades() {
    const p = this.parts;
    const count = this.settings.trades;
    const trades = this.market?.data?.trades;
    if (count === 0) return;
    const { locale } = this.settings;
    if (!trades) {
      const row = `<tr><td><span class="skeleton"></span></td><td><span class="skeleton"></span></td><td><span class="skeleton"></span></td></tr>`;
      p.tbody.innerHTML = row.repeat(Math.min(count, 8));
      return;
    }
    if (trades.length === 0) {
      p.tbody.innerHTML = `<tr><td class="none" colspan="3">${escapeXml(this.texts.noTrades)}</td></tr>`;
      return;
    }
    // Newest first (the API lists them oldest first; ties keep the API's order).
    const newest = trades
      .map((trade, index) => ({ trade, index }))
      .sort((a, b) => b.trade.createdAtInt - a.trade.createdAtInt || b.index - a.index)
      .map(({ trade }) => trade);
    const shown = newest.slice(0, count);
    const seen = this.seenTrades;
    const rows = shown.map((trade, i) => {
      const older = newest[i + 1];
      const move = older ? Number(trade.price) - Number(older.price) : 0;
      const row = document.createElement("tr");
      if (seen && !seen.has(trade.uuid)) row.className = "fresh";
      const time = document.createElement("time");
      time.dateTime = trade.createdAt;
      time.textContent = formatTime(trade.createdAtInt * 1000, locale);
      const cells = [time, formatDecimal(trade.price, locale), formatDecimal(trade.tradedBtc, locale)].map((content) => {
        const cell = document.createElement("td");
        cell.append(content);
        return cell;
      });
      if (move) cells[1].className = move > 0 ? "up" : "down";
      row.append(...cells);
      return row;
    });
    this.seenTrades = new Set(newest.map((trade) => trade.uuid));
    p.tbody.replaceChildren(...rows);
  }

  /** The status badge, the error line and the footer: refreshed every second. */
  refreshStatus() {
    const t = this.texts;
    const p = this.parts;
    const state = this.state;
    const market = this.market;
    const updated = market?.lastUpdate ? formatTime(market.lastUpdate, this.settings.locale) : null;
    const label = state === "stale" ? t.stale(updated) : t[state];
    if (p.status.dataset.state !== state) p.status.dataset.state = state;
    if (p.statusText.textContent !== label) p.statusText.textContent = label;
    const footer = updated ? `${t.updated(updated)} · ${t.every(this.settings.intervalMs / 1000)}` : t.every(this.settings.intervalMs / 1000);
    if (p.updated.textContent !== footer) p.updated.textContent = footer;

    const error = market?.error;
    p.alert.hidden = !error;
    if (!error) return;
    const kind = error instanceof BitcoinCentralError ? error.kind : "other";
    const title = t.errors[kind] ?? t.errors.other;
    // The server's own words are in the language of the market's shared Client (its
    // first widget's): a widget in another language shows only its own texts.
    const detail = !(error instanceof BitcoinCentralError) ? String(error.message ?? error)
      : market.options.locale === this.settings.locale ? error.messages.join(" ") : "";
    const seconds = this.retryInSeconds();
    const retry = seconds == null ? t.noRetry : seconds > 0 ? t.retryIn(seconds) : t.retryNow;
    if (p.alertTitle.textContent !== title) {
      p.alertTitle.textContent = title;
      p.announce.textContent = title;
    }
    if (p.alertDetail.textContent !== detail) p.alertDetail.textContent = detail;
    if (p.alertRetry.textContent !== retry) p.alertRetry.textContent = retry;
  }
}

let defaultDefined = false;

/**
 * Registers the widget under `tagName` (default `bitcoin-central-market`, registered
 * when this module loads) and returns its class. Calling it again is harmless.
 */
export function defineMarketWidget(tagName = TAG_NAME) {
  const registry = globalThis.customElements;
  if (!registry) throw new Error("defineMarketWidget() needs a browser: customElements is not defined");
  const existing = registry.get(tagName);
  if (existing) {
    if (existing === BitcoinCentralMarket || existing.prototype instanceof BitcoinCentralMarket) return existing;
    throw new Error(`<${tagName}> is already defined by another script`);
  }
  // A class can be registered once: other names get a subclass.
  const element = defaultDefined ? class extends BitcoinCentralMarket {} : BitcoinCentralMarket;
  registry.define(tagName, element);
  defaultDefined = true;
  return element;
}

/**
 * Creates a `<bitcoin-central-market>` with these options inside `parent` and returns
 * it; `element.destroy()` (or removing it) stops its polling.
 */
export function mountMarket(parent, options = {}) {
  if (!parent || typeof parent.append !== "function") throw new TypeError("mountMarket(parent, options): parent must be an element");
  if (options === null || typeof options !== "object") throw new TypeError("mountMarket(parent, options): options must be an object");
  if (!globalThis.customElements?.get(TAG_NAME)) defineMarketWidget();
  const element = parent.ownerDocument.createElement(TAG_NAME);
  for (const [key, value] of Object.entries(options)) {
    const attribute = OPTION_ATTRIBUTES[key];
    if (!attribute) throw new TypeError(`mountMarket(): unknown option ${JSON.stringify(key)} (known: ${Object.keys(OPTION_ATTRIBUTES).join(", ")})`);
    if (value === undefined) continue;
    const numeric = key === "interval" || key === "trades" || key === "levels";
    if (numeric ? typeof value !== "number" || !Number.isFinite(value) : typeof value !== "string") {
      throw new TypeError(`mountMarket(): option ${key} must be a ${numeric ? "finite number" : "string"}`);
    }
    element.setAttribute(attribute, String(value));
  }
  parent.append(element);
  return element;
}

// Where there is no DOM (a server render in Node, a worker) the import defines nothing,
// reads nothing and throws nothing: HTMLElement, document and customElements are only
// looked for (tests/package/ssr.test.mjs).
if (globalThis.customElements && !globalThis.customElements.get(TAG_NAME)) defineMarketWidget();
