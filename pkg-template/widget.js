// bitcoin-central/widget: <bitcoin-central-market>, a live market widget (ticker,
// order book depth chart, latest trades) drawn from the package's Client.
//
//   <script type="module" src="https://unpkg.com/bitcoin-central/widget.js"></script>
//   <bitcoin-central-market currency="eur"></bitcoin-central-market>
//
// The widget is a view over the library's MarketStream, which decides everything else:
// every widget of a page that shows the same market (base URL + currency) is a handle
// on one stream (the library's page-wide registry), whose ticker, book and trades
// follow the exchange's real-time stream; when its socket cannot be had for 5 s (a CSP
// that refuses the WebSocket, say) the stream polls the REST API instead, once for all
// its widgets, at the shortest `interval` they ask for, backing off on errors and
// honouring Retry-After, and goes back to the socket as soon as it is live; a hidden
// tab pauses it. The language is the library's (negotiateLocale), so the widget shows
// no words until the package is loaded. The book's levels and their exact running
// totals come best first from the library; prices are shown as the server's exact
// text, and Number() is used only to place them on the chart.
import init, { Client, BitcoinCentralError, negotiateLocale } from "./bitcoin_central.js";

export const TAG_NAME = "bitcoin-central-market";

const DEFAULT_INTERVAL_S = 10;
const MIN_INTERVAL_S = 2;
const MAX_INTERVAL_S = 86_400;
const DEFAULT_TRADES = 8;
const MAX_TRADES = 50;
const DEFAULT_LEVELS = 20;
const MAX_LEVELS = 200;
/** The least time between two announcements of a widget's live region: a screen reader is told the price, or an error, at most this often. */
const ANNOUNCE_GAP_MS = 5000;
/** Data older than this many intervals is marked stale. */
const STALE_INTERVALS = 2.5;
const ATTRIBUTES = ["base-url", "currency", "locale", "interval", "trades", "levels"];
const OPTION_ATTRIBUTES = { baseUrl: "base-url", currency: "currency", locale: "locale", interval: "interval", trades: "trades", levels: "levels" };

// ---------------------------------------------------------------------------------
// Texts

const TEXTS = {
  en: {
    loading: "Loading…",
    live: "Live",
    polling: "Polling",
    reconnecting: "Reconnecting…",
    paused: "Paused",
    error: "Error",
    stale: (time) => `Stale · updated ${time}`,
    updated: (time) => `Updated ${time}`,
    every: (s) => `every ${s} s`,
    streamed: "real-time stream",
    polled: (s) => `stream unavailable, polling every ${s} s`,
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
    depthSummary: ({ spread, bids, asks, cur }) => [
      spread == null ? null : `Spread ${spread} ${cur}.`,
      bids && `Bids: ${bids.levels} ${bids.levels === 1 ? "level" : "levels"}, ${bids.total} BTC in total.`,
      asks && `Asks: ${asks.levels} ${asks.levels === 1 ? "level" : "levels"}, ${asks.total} BTC in total.`,
    ].filter(Boolean).join(" "),
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
    polling: "Interrogation",
    reconnecting: "Reconnexion…",
    paused: "En pause",
    error: "Erreur",
    stale: (time) => `Périmé · mis à jour à ${time}`,
    updated: (time) => `Mis à jour à ${time}`,
    every: (s) => `toutes les ${s} s`,
    streamed: "flux en temps réel",
    polled: (s) => `flux indisponible, interrogation toutes les ${s} s`,
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
    depthSummary: ({ spread, bids, asks, cur }) => [
      spread == null ? null : `Écart ${spread} ${cur}.`,
      bids && `Achats : ${bids.levels} ${bids.levels === 1 ? "niveau" : "niveaux"}, ${bids.total} BTC au total.`,
      asks && `Ventes : ${asks.levels} ${asks.levels === 1 ? "niveau" : "niveaux"}, ${asks.total} BTC au total.`,
    ].filter(Boolean).join(" "),
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

/** `a - b` for two decimal strings, exactly (on their digits, as BigInts); null when either is not one. */
function subtractDecimal(a, b) {
  const ma = a == null ? null : DECIMAL.exec(a);
  const mb = b == null ? null : DECIMAL.exec(b);
  if (!ma || !mb) return null;
  const scale = Math.max((ma[3] ?? "").length, (mb[3] ?? "").length);
  const units = ([, sign, whole, fraction = ""]) => BigInt(sign + whole + fraction.padEnd(scale, "0"));
  const difference = units(ma) - units(mb);
  const digits = (difference < 0n ? -difference : difference).toString().padStart(scale + 1, "0");
  const sign = difference < 0n ? "-" : "";
  return scale === 0 ? sign + digits : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** "up", "down" or "flat" for a signed decimal string; null when there is none. */
function direction(text) {
  const match = text == null ? null : DECIMAL.exec(text);
  if (!match) return null;
  if (/^0*$/.test(match[2] + (match[3] ?? ""))) return "flat";
  return match[1] ? "down" : "up";
}

/** The number format of the depth chart's axis, one per language (an Intl constructor takes milliseconds). */
const numberFormats = new Map();
function numberFormat(locale) {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 8 });
    numberFormats.set(locale, format);
  }
  return format;
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
  return {
    baseUrl,
    currency: attr("currency")?.trim().toLowerCase() || "eur",
    /** As written: the library negotiates it (negotiateLocale) once it is loaded. */
    locale: attr("locale")?.trim() || null,
    intervalMs: readNumber(attr("interval"), DEFAULT_INTERVAL_S, MIN_INTERVAL_S, MAX_INTERVAL_S, false) * 1000,
    trades: readNumber(attr("trades"), DEFAULT_TRADES, 0, MAX_TRADES, true),
    levels: readNumber(attr("levels"), DEFAULT_LEVELS, 0, MAX_LEVELS, true),
  };
}

// ---------------------------------------------------------------------------------
// Styles: everything inside the shadow root, themable through --bc-* properties.

const STYLE = `
:host {
  --_font: var(--bc-font, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --_bg: var(--bc-bg, #ffffff);
  --_fg: var(--bc-fg, #0f172a);
  --_muted: var(--bc-muted, #526071);
  --_up: var(--bc-up, #047857);
  --_down: var(--bc-down, #be123c);
  --_warn: var(--bc-warn, #92400e);
  --_border: var(--bc-border, #e2e8f0);
  --_radius: var(--bc-radius, 14px);
  --_accent: var(--bc-accent, #f7931a);
  --_shadow: var(--bc-shadow, 0 1px 2px rgb(15 23 42 / 0.05), 0 8px 24px -8px rgb(15 23 42 / 0.12));
  display: block;
  min-width: 0;
  max-width: 100%;
  /* The reader's own text size (the browser's setting), not the page's root size:
     every size below is in em of it, so text scales with that setting. */
  font-size: medium;
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
  font: 0.875em/1.4 var(--_font);
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
.head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; min-width: 0; }
.pair { display: flex; align-items: center; gap: 8px; font-weight: 650; letter-spacing: 0.01em; min-width: 0; }
.mark { flex: none; width: 1.857em; height: 1.857em; transform: rotate(-12deg); }
.mark circle { fill: var(--_accent); }
.mark g { fill: #fff; }
.mark text { font: 700 15px Arial, Helvetica, sans-serif; }
.pair-name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status {
  flex: none; display: inline-flex; align-items: center; gap: 6px; max-width: 100%;
  padding: 3px 9px; border-radius: 999px; font-size: 0.857em; font-weight: 600; white-space: nowrap;
  color: var(--_muted); background: color-mix(in srgb, var(--_muted) 10%, transparent);
}
.status .dot { width: 7px; height: 7px; border-radius: 50%; background: currentColor; flex: none; }
.status[data-state="live"] { color: var(--_up); background: color-mix(in srgb, var(--_up) 11%, transparent); }
.status[data-state="live"] .dot { animation: pulse 2s ease-in-out infinite; }
.status[data-state="stale"] { color: var(--_warn); background: color-mix(in srgb, var(--_warn) 13%, transparent); }
.status[data-state="reconnecting"] { color: var(--_warn); background: color-mix(in srgb, var(--_warn) 13%, transparent); }
.status[data-state="reconnecting"] .dot { animation: pulse 1s ease-in-out infinite; }
.status[data-state="polling"] .dot { background: transparent; box-shadow: inset 0 0 0 1.5px currentColor; }
.status[data-state="error"] { color: var(--_down); background: color-mix(in srgb, var(--_down) 11%, transparent); }
.status[data-state="paused"] .dot { border-radius: 1px; width: 8px; height: 8px; background: linear-gradient(90deg, currentColor 0 35%, transparent 35% 65%, currentColor 65%); }
.status[data-state="loading"] .dot { animation: pulse 1s ease-in-out infinite; }
@keyframes pulse { 50% { opacity: 0.25; } }
.quote { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin: 12px 0 4px; }
.price { font-size: 2.143em; line-height: 1.1; font-weight: 700; letter-spacing: -0.02em; overflow-wrap: anywhere; }
.price .value { transition: color 0.6s; }
.price .cur { font-size: 0.5em; font-weight: 600; color: var(--_muted); letter-spacing: 0; }
.price.tick-up .value { color: var(--_up); }
.price.tick-down .value { color: var(--_down); }
.change {
  display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 999px;
  font-size: 0.929em; font-weight: 650; color: var(--_muted); background: color-mix(in srgb, var(--_muted) 10%, transparent);
}
.change[data-dir="up"] { color: var(--_up); background: color-mix(in srgb, var(--_up) 12%, transparent); }
.change[data-dir="down"] { color: var(--_down); background: color-mix(in srgb, var(--_down) 12%, transparent); }
.change .period { font-weight: 500; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(6.857em, 1fr)); gap: 4px 12px; margin: 10px 0 0; }
.stats div { min-width: 0; }
.stats dt { font-size: 0.786em; text-transform: uppercase; letter-spacing: 0.05em; color: var(--_muted); }
.stats dd { margin: 1px 0 0; font-weight: 600; overflow-wrap: anywhere; }
.stats dd small { font-size: 1em; font-weight: 500; color: var(--_muted); }
.alert {
  display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; margin-top: 12px; padding: 8px 10px;
  border-radius: calc(var(--_radius) * 0.6); font-size: 0.929em;
  color: var(--_fg); background: color-mix(in srgb, var(--_down) 9%, transparent);
  border: 1px solid color-mix(in srgb, var(--_down) 30%, transparent);
}
.alert[hidden] { display: none; }
.alert strong { color: var(--_down); }
.alert .detail { color: var(--_muted); overflow-wrap: anywhere; }
.alert .retry { margin-left: auto; font-weight: 600; white-space: nowrap; }
.body { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; margin-top: 14px; }
.section-title, caption {
  font-size: 0.786em; font-weight: 650; text-transform: uppercase; letter-spacing: 0.06em; color: var(--_muted);
  text-align: left; margin: 0 0 6px; padding: 0;
}
/* The caption sits in the table's smaller text: the same 11/14 of the card's. */
caption { font-size: 0.846em; }
figure { margin: 0; min-width: 0; }
.chart { position: relative; height: 10.714em; }
.chart svg { display: block; width: 100%; height: 100%; overflow: visible; }
.grid { stroke: var(--_border); stroke-width: 1; }
.axis { stroke: color-mix(in srgb, var(--_muted) 45%, transparent); stroke-width: 1; }
.mid { stroke: var(--_muted); stroke-width: 1; stroke-dasharray: 3 3; opacity: 0.8; }
.bids { stroke: var(--_up); stroke-width: 1.5; stroke-linejoin: round; }
.asks { stroke: var(--_down); stroke-width: 1.5; stroke-linejoin: round; }
.stop-bid { stop-color: var(--_up); }
.stop-ask { stop-color: var(--_down); }
.chart text { font: 0.75em var(--_font); fill: var(--_muted); font-variant-numeric: tabular-nums;
  paint-order: stroke; stroke: var(--_bg); stroke-width: 3px; stroke-linejoin: round; }
.chart text.mid-label { fill: var(--_fg); font-weight: 600; }
.chart .empty { display: grid; place-items: center; height: 100%; color: var(--_muted); font-size: 0.929em;
  border: 1px dashed var(--_border); border-radius: calc(var(--_radius) * 0.6); }
.legend { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2px 12px; margin-top: 4px; font-size: 0.857em; color: var(--_muted); }
.legend > span { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0 5px; min-width: 0; }
.legend > span > * { white-space: nowrap; }
.legend .ask { margin-left: auto; }
.legend i { flex: none; width: 9px; height: 9px; border-radius: 2px; }
.legend .bid i { background: var(--_up); }
.legend .ask i { background: var(--_down); }
.legend b { color: var(--_fg); font-weight: 600; }
table { width: 100%; border-collapse: collapse; font-size: 0.929em; }
th { font-size: 0.846em; font-weight: 600; color: var(--_muted); text-align: right; padding: 0 0 4px; border-bottom: 1px solid var(--_border); }
td { text-align: right; padding: 3px 0; border-bottom: 1px solid color-mix(in srgb, var(--_border) 60%, transparent); white-space: nowrap; }
th:first-child, td:first-child { text-align: left; color: var(--_muted); }
td.up { color: var(--_up); }
td.down { color: var(--_down); }
td .tick { font-size: 0.8em; margin-right: 0.3em; }
th + th, td + td { padding-left: 0.6em; }
.table-scroll { overflow-x: auto; }
.table-scroll:focus-visible { outline: 2px solid var(--_fg); outline-offset: -2px; }
tr.fresh td { animation: fresh 1.6s ease-out; }
@keyframes fresh { from { background: color-mix(in srgb, var(--_accent) 22%, transparent); } }
td.none { text-align: center; color: var(--_muted); padding: 14px 0; }
.foot { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2px 12px; margin-top: 12px; font-size: 0.821em; color: var(--_muted); }
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
@container (min-width: 40em) {
  .price { font-size: 2.571em; }
  .body { grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 24px; }
  .chart { height: 13.571em; }
}
@container (max-width: 23.6em) {
  .price { font-size: 1.857em; }
  .stats { grid-template-columns: 1fr 1fr; }
  .stats div:last-child { grid-column: 1 / -1; }
  .chart { height: 9.286em; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; }
}
/* Windows high contrast (forced colours): the system's colours replace the theme's, so
   what colour told apart is told by shape. The card keeps its border; each side of the
   book keeps its own line (asks dashed, as in the legend's key); the skeleton's bars
   stay visible. Only the mark, the skeleton and the legend's keys opt out of the
   system's colours, and none of them holds text. */
@media (forced-colors: active) {
  .card { border-color: CanvasText; }
  .status, .change, .alert { border: 1px solid CanvasText; }
  .skeleton { color: transparent !important; background: GrayText; forced-color-adjust: none; }
  .bids, .asks { stroke: CanvasText; stroke-width: 2; }
  .asks { stroke-dasharray: 5 3; }
  .stop-bid, .stop-ask { stop-color: Canvas; }
  .chart text, .chart text.mid-label { fill: CanvasText; stroke: Canvas; }
  .mid { stroke: CanvasText; }
  .grid, .axis { stroke: GrayText; }
  .legend .bid i { forced-color-adjust: none; background: CanvasText; }
  .legend .ask i { forced-color-adjust: none; background: repeating-linear-gradient(90deg, CanvasText 0 3px, Canvas 3px 5px); box-shadow: inset 0 0 0 1px CanvasText; }
  .mark { forced-color-adjust: none; }
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
      <p class="depth-summary" id="depth-summary" hidden></p>
    </figure>
    <div class="trades" part="trades">
      <div class="table-scroll">
      <table>
        <caption data-text="trades"></caption>
        <thead hidden><tr><th scope="col" data-text="time"></th><th scope="col" class="price-head"></th><th scope="col" class="amount-head"></th></tr></thead>
        <tbody></tbody>
      </table>
      </div>
    </div>
  </div>
  <div class="foot"><span class="updated"></span><span class="source">Bitcoin-Central</span></div>
  <div class="sr-only announce" aria-live="polite" aria-atomic="true"></div>
</section>
`;

// ---------------------------------------------------------------------------------
// The depth chart: cumulative bids and asks as two step areas around the mid price.

/** The `count` best levels of one side (the library gives them best first), with their cumulative amounts. */
function cumulative(levels, count) {
  const parsed = [];
  for (const level of levels.slice(0, count)) {
    const p = Number(level.price);
    const a = Number(level.amount);
    if (Number.isFinite(p) && Number.isFinite(a) && DECIMAL.test(level.amount)) parsed.push({ level, p, a });
  }
  let total = 0;
  return parsed.map((entry) => {
    total += entry.a;
    return { ...entry, c: total, exact: entry.level.total };
  });
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `value`. */
function niceStep(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const scaled = value / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/** The chart's drawing box, and its labels' size: 0.75 em of its text (see STYLE). */
function measureChart(chart) {
  return {
    width: chart.clientWidth || 300,
    height: chart.clientHeight || 150,
    fontPx: (parseFloat(getComputedStyle(chart).fontSize) || 14) * 0.75,
  };
}

function drawDepth({ bids, asks, midpoint, width, height, locale, currency, label, fontPx }) {
  // Room for the labels at their size (10.5 px at the default text size, more when the
  // reader has made text larger): the price axis's line, a gridline every 4 lines or so.
  const pad = { top: 8, right: 2, bottom: Math.round(fontPx * 1.9), left: 2 };
  const lo = (bids.at(-1) ?? asks[0]).p;
  const hi = (asks.at(-1) ?? bids.at(-1)).p;
  const span = hi - lo || Math.abs(hi) * 0.01 || 1;
  const maxC = Math.max(bids.at(-1)?.c ?? 0, asks.at(-1)?.c ?? 0) || 1;
  const plotW = Math.max(10, width - pad.left - pad.right);
  const plotH = Math.max(10, height - pad.top - pad.bottom);
  const step = niceStep(maxC / Math.max(2, Math.floor(plotH / (fontPx * 3.8))));
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

  const axis = numberFormat(locale);
  let grid = "";
  for (let c = step; c < yMax; c += step) {
    const yy = r(y(c));
    grid += `<line class="grid" x1="${pad.left}" x2="${pad.left + plotW}" y1="${yy}" y2="${yy}"/>`;
    grid += `<text x="${pad.left + 2}" y="${yy - 3}">${escapeXml(axis.format(c))} BTC</text>`;
  }

  const low = bids.at(-1)?.level.price ?? asks[0].level.price;
  const high = asks.at(-1)?.level.price ?? bids.at(-1).level.price;
  const lowText = formatDecimal(low, locale);
  const highText = formatDecimal(high, locale);
  let labels = `<text x="${pad.left}" y="${height - 4}" text-anchor="start">${escapeXml(lowText)}</text>`;
  labels += `<text x="${pad.left + plotW}" y="${height - 4}" text-anchor="end">${escapeXml(highText)}</text>`;
  // A label's width, at most (tabular figures are about 0.6 em wide).
  const textWidth = (text) => text.length * fontPx * 0.62;
  const mid = midpoint != null ? Number(midpoint) : NaN;
  let midLine = "";
  if (Number.isFinite(mid) && mid > lo && mid < hi) {
    const xm = r(x(mid));
    midLine = `<line class="mid" x1="${xm}" x2="${xm}" y1="${pad.top}" y2="${base}"/>`;
    const midText = `${formatDecimal(midpoint, locale)} ${currency}`;
    const half = textWidth(midText) / 2 + fontPx;
    // Shown only where it overlaps neither end's label.
    if (xm - half > pad.left + textWidth(lowText) && xm + half < pad.left + plotW - textWidth(highText)) {
      labels += `<text class="mid-label" x="${xm}" y="${height - 4}" text-anchor="middle">${escapeXml(midText)}</text>`;
    }
  }

  return `<svg role="img" aria-label="${escapeXml(label)}" aria-describedby="depth-summary" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
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
    /** The Client and its handle on the page's MarketStream of this market, once the package is loaded. */
    this.client = null;
    this.stream = null;
    this.streamOff = [];
    /** Counts the openings: an opening overtaken by another (settings changed, removed) stops. */
    this.opening = 0;
    /** The language shown: negotiated by the library once it is loaded; none before. */
    this.locale = null;
    /** What the widgets shows: { ticker, depth, trades, source }, from the stream's last update or poll. */
    this.data = null;
    this.shownAt = null;
    /** The latest failure of the REST calls (a poll, a snapshot), until the next update; or a refused setting. */
    this.error = null;
    this.takeQueued = false;
    this.clock = 0;
    this.chartSize = "";
    /** The chart's box and text size, as the last layout left them (read where layout is clean: no forced layout in a render). */
    this.chartBox = null;
    this.announcedPrice = null;
    this.announcedAt = -Infinity;
    this.announceTimer = 0;
    this.pendingAnnouncement = null;
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
      tableHead: $("thead"),
      tableScroll: $(".table-scroll"),
      tbody: $("tbody"),
      depthSummary: $(".depth-summary"),
      updated: $(".updated"),
      announce: $(".announce"),
    };
    this.resizeObserver = globalThis.ResizeObserver
      ? new ResizeObserver((entries) => {
          for (const entry of entries) {
            if (entry.target !== this.parts.chart) {
              // The scroller or its table changed size: whether it scrolls may have.
              this.refreshScroller();
              continue;
            }
            this.chartBox = measureChart(entry.target);
            const size = `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`;
            if (size !== this.chartSize) {
              this.chartSize = size;
              this.renderDepth();
            }
          }
        })
      : null;
  }

  /** When the shown data came (Unix milliseconds), or null before the first. */
  get lastUpdate() {
    return this.shownAt;
  }

  /** "loading", "live" (only while the stream is live), "reconnecting", "polling", "stale", "error" or "paused": the stream's status, as this widget shows it. */
  get state() {
    const status = this.stream?.status;
    if (status === "paused") return "paused";
    if (this.error) return "error";
    if (!this.data) return "loading";
    if (status === "live") return "live";
    if (status === "polling") {
      const late = Date.now() - this.shownAt > STALE_INTERVALS * this.stream.pollInterval;
      return late ? "stale" : "polling";
    }
    if (status === "stale") return "stale";
    return "reconnecting";
  }

  /** Where the shown data comes from: "stream", "polling", or null before the first. */
  get source() {
    return this.data?.source ?? null;
  }

  /** Removes the widget from the page, which stops its updates (the shared stream stops with the page's last handle on it). */
  destroy() {
    this.remove();
  }

  connectedCallback() {
    this.settings = readSettings(this);
    // Moved in the page (removed and added back at once): the stream is kept.
    if (!this.stream) this.open();
    this.resizeObserver?.observe(this.parts.chart);
    this.resizeObserver?.observe(this.parts.tableScroll);
    this.resizeObserver?.observe(this.parts.tableScroll.querySelector("table"));
    clearInterval(this.clock);
    this.clock = setInterval(() => this.refreshStatus(), 1000);
    this.render();
  }

  disconnectedCallback() {
    clearInterval(this.clock);
    this.clock = 0;
    this.resizeObserver?.disconnect();
    queueMicrotask(() => {
      if (!this.isConnected) this.shut();
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    const previous = this.settings;
    this.settings = readSettings(this);
    // Before connectedCallback (an upgrade, a new element): it opens the stream.
    if (oldValue === newValue || !this.isConnected) return;
    const { baseUrl, currency, locale } = this.settings;
    if (baseUrl !== previous.baseUrl || currency !== previous.currency || locale !== previous.locale) {
      this.shut();
      this.data = null;
      this.shownAt = null;
      this.shownPrice = null;
      this.announcedPrice = null;
      // A price of the old market, or in the old language, is not read any more.
      this.pendingAnnouncement = null;
      this.seenTrades = null;
      this.open();
    } else if (this.stream) {
      this.stream.pollInterval = this.settings.intervalMs;
      this.take();
    }
    this.render();
  }

  /** Loads the package, then takes a handle on the page's stream of this market. */
  async open() {
    const opening = ++this.opening;
    try {
      await init();
    } catch (error) {
      // No package, so no negotiated language: English.
      if (opening === this.opening) this.fail(error, "en");
      return;
    }
    if (opening !== this.opening || !this.isConnected) return;
    const { baseUrl, currency, intervalMs } = this.settings;
    let locale;
    try {
      locale = negotiateLocale(this.settings.locale);
      // The page's shared limiter: widgets and the page's own clients (with
      // `rateLimiter: true`) stay together under the exchange's limit. No retries in
      // the client: the stream tries again on its own schedule, which the widget shows.
      this.client = new Client({ currency, locale, rateLimiter: true, retries: 0, ...(baseUrl ? { baseUrl } : {}) });
      this.stream = this.client.marketStream();
    } catch (error) {
      this.client?.free();
      this.client = null;
      this.fail(error, locale ?? "en");
      return;
    }
    this.locale = locale;
    // The formats the first data will need, made now rather than in its render.
    numberFormat(locale);
    formatTime(0, locale);
    const stream = this.stream;
    stream.pollInterval = intervalMs;
    this.streamOff = [
      stream.on("update", () => this.queueTake()),
      stream.on("trade", () => this.queueTake()),
      stream.on("status", () => this.refreshStatus()),
      stream.on("error", (error) => this.failed(error)),
    ];
    // Another widget's stream may be live already.
    this.take();
    this.render();
  }

  /** Lets go of the stream and the client. */
  shut() {
    this.opening += 1;
    for (const off of this.streamOff) off();
    this.streamOff = [];
    this.stream?.free();
    this.stream = null;
    this.client?.free();
    this.client = null;
    this.error = null;
  }

  /** One take of the stream for the events of one step (a step may bring an update and trades). */
  queueTake() {
    if (this.takeQueued) return;
    this.takeQueued = true;
    queueMicrotask(() => {
      this.takeQueued = false;
      this.take();
    });
  }

  /** Reads what the widget shows from the stream: its book's best levels, its ticker, its trades (newest first). */
  take() {
    const stream = this.stream;
    const ticker = stream?.ticker();
    if (!ticker) return;
    const { levels, trades } = this.settings;
    const source = stream.status === "polling" ? "polling" : "stream";
    this.data = { ticker, depth: levels > 0 ? stream.book(levels) : null, trades: trades > 0 ? stream.trades().slice(0, trades) : null, source };
    this.shownAt = Date.now();
    this.error = null;
    this.render();
    this.dispatchEvent(new CustomEvent("bitcoin-central-update", {
      bubbles: true,
      detail: { ...this.data, lastUpdate: this.shownAt },
    }));
  }

  /** The stream's error: a REST call's failure is shown until the next update; the socket's own troubles show in the status only. */
  failed(error) {
    if (error instanceof BitcoinCentralError && error.kind === "stream") return;
    this.fail(error, this.locale);
  }

  fail(error, locale) {
    this.error = error;
    this.locale ??= locale;
    this.render();
    this.dispatchEvent(new CustomEvent("bitcoin-central-error", {
      bubbles: true,
      detail: { error, retryIn: this.retryInSeconds() },
    }));
  }

  /** Seconds until the stream tries again after the error shown; null when it will not (a refused setting). */
  retryInSeconds() {
    const retryAt = this.stream?.retryAt;
    if (!this.error || retryAt == null) return null;
    return Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
  }

  get texts() {
    return TEXTS[this.locale];
  }

  get currencyCode() {
    return this.data?.ticker?.currency ?? this.settings.currency.toUpperCase();
  }

  render() {
    const t = this.texts;
    const p = this.parts;
    const cur = this.currencyCode;
    p.title.textContent = `BTC/${cur}`;
    // No words before the library has said which language: the skeleton, busy.
    p.card.toggleAttribute("aria-busy", !t || !this.data);
    // No empty headers before the words: the skeleton's rows stand alone.
    p.tableHead.hidden = !t;
    if (!t) return;
    if (this.renderedLocale !== this.locale) {
      this.renderedLocale = this.locale;
      for (const node of this.shadowRoot.querySelectorAll("[data-text]")) node.textContent = t[node.dataset.text];
      p.period.textContent = this.locale === "fr" ? "24 h" : "24h";
      p.change.title = t.change;
      p.card.lang = this.locale;
    }
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
    const { locale } = this;
    const p = this.parts;
    const ticker = this.data?.ticker;
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
      this.announce(t.announce(formatDecimal(ticker.price, locale), cur, dir, pct));
    }
  }

  renderDepth() {
    const p = this.parts;
    const depth = this.data?.depth;
    const count = this.settings.levels;
    p.chart.classList.toggle("skeleton", !depth);
    if (!depth || count === 0) {
      if (!depth) p.chart.replaceChildren();
      p.bidTotal.textContent = "";
      p.askTotal.textContent = "";
      return;
    }
    const { locale } = this;
    const t = this.texts;
    const cur = this.currencyCode;
    const bids = cumulative(depth.bids, count);
    const asks = cumulative(depth.asks, count);
    p.bidTotal.textContent = bids.length ? `${formatDecimal(bids.at(-1).exact, locale)} BTC` : "";
    p.askTotal.textContent = asks.length ? `${formatDecimal(asks.at(-1).exact, locale)} BTC` : "";
    if (bids.length === 0 && asks.length === 0) {
      p.chart.innerHTML = `<div class="empty">${escapeXml(t.noOrders)}</div>`;
      return;
    }
    const ticker = this.data.ticker;
    const label = t.depthLabel(
      formatDecimal(bids[0]?.level.price ?? ticker?.bid ?? null, locale),
      formatDecimal(asks[0]?.level.price ?? ticker?.ask ?? null, locale),
      cur,
    );
    // Measured by the ResizeObserver after each layout; here only before its first call.
    const { width, height, fontPx } = this.chartBox ?? measureChart(p.chart);
    const bestBid = bids[0]?.level.price ?? null;
    const bestAsk = asks[0]?.level.price ?? null;
    const spread = bestBid != null && bestAsk != null ? subtractDecimal(bestAsk, bestBid) : null;
    const side = (levels) => (levels.length ? { levels: levels.length, total: formatDecimal(levels.at(-1).exact, locale) } : null);
    p.depthSummary.textContent = t.depthSummary({ spread: spread == null ? null : formatDecimal(spread, locale), bids: side(bids), asks: side(asks), cur });
    p.chart.innerHTML = drawDepth({ bids, asks, midpoint: ticker?.midpoint ?? null, width, height, locale, currency: cur, label, fontPx });
  }

  renderTrades() {
    const p = this.parts;
    const count = this.settings.trades;
    const trades = this.data?.trades;
    if (count === 0) return;
    const { locale } = this;
    if (!trades) {
      const row = `<tr><td><span class="skeleton"></span></td><td><span class="skeleton"></span></td><td><span class="skeleton"></span></td></tr>`;
      p.tbody.innerHTML = row.repeat(Math.min(count, 8));
      return;
    }
    if (trades.length === 0) {
      p.tbody.innerHTML = `<tr><td class="none" colspan="3">${escapeXml(this.texts.noTrades)}</td></tr>`;
      return;
    }
    // Newest first, from the stream or the poll.
    const newest = trades;
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
      // Up and down in words' stead: an arrow beside the colour (the colour alone would be lost on some readers).
      if (move) {
        cells[1].className = move > 0 ? "up" : "down";
        const tick = Object.assign(document.createElement("span"), { className: "tick", textContent: move > 0 ? "▲" : "▼" });
        tick.setAttribute("aria-hidden", "true");
        cells[1].prepend(tick);
      }
      row.append(...cells);
      return row;
    });
    this.seenTrades = new Set(newest.map((trade) => trade.uuid));
    p.tbody.replaceChildren(...rows);
    // Whether the table now scrolls: the ResizeObserver's, once the rows are laid out.
    if (!this.resizeObserver) this.refreshScroller();
  }

  /**
   * The trades' scroller, when the table is wider than the card (large text in a
   * narrow widget): a named region in the tab order, so the keyboard can scroll it;
   * when everything fits, neither (the widget then has no tab stop).
   */
  refreshScroller() {
    const node = this.parts.tableScroll;
    const scrolls = node.scrollWidth > node.clientWidth + 1;
    if (scrolls && this.texts) {
      node.tabIndex = 0;
      node.setAttribute("role", "region");
      node.setAttribute("aria-label", this.texts.trades);
    } else if (node.hasAttribute("tabindex")) {
      for (const name of ["tabindex", "role", "aria-label"]) node.removeAttribute(name);
    }
  }

  /**
   * Tells screen readers `text` through the polite live region, at most once every
   * ANNOUNCE_GAP_MS: within the gap only the latest text waits (a price overtaken by
   * a newer one is never read), and an urgent one (an error) is not overtaken by a
   * price.
   */
  announce(text, { urgent = false } = {}) {
    if (this.pendingAnnouncement?.urgent && !urgent) return;
    this.pendingAnnouncement = { text, urgent };
    if (this.announceTimer) return;
    const wait = this.announcedAt + ANNOUNCE_GAP_MS - Date.now();
    if (wait <= 0) this.flushAnnouncement();
    else this.announceTimer = setTimeout(() => this.flushAnnouncement(), wait);
  }

  flushAnnouncement() {
    this.announceTimer = 0;
    const pending = this.pendingAnnouncement;
    this.pendingAnnouncement = null;
    if (!pending || !this.isConnected) return;
    this.parts.announce.textContent = pending.text;
    this.announcedAt = Date.now();
  }

  /** The status badge, the error line and the footer: refreshed every second. */
  refreshStatus() {
    const t = this.texts;
    const p = this.parts;
    const state = this.state;
    if (p.status.dataset.state !== state) p.status.dataset.state = state;
    if (!t) return;
    const updated = this.shownAt ? formatTime(this.shownAt, this.locale) : null;
    const label = state === "stale" ? t.stale(updated) : t[state];
    if (p.statusText.textContent !== label) p.statusText.textContent = label;
    const polling = this.stream?.status === "polling";
    const how = polling ? t.polled(this.stream.pollInterval / 1000) : t.streamed;
    const footer = updated ? `${t.updated(updated)} · ${how}` : how;
    if (p.updated.textContent !== footer) p.updated.textContent = footer;

    const error = this.error;
    p.alert.hidden = !error;
    if (!error) return;
    const kind = error instanceof BitcoinCentralError ? error.kind : "other";
    const title = t.errors[kind] ?? t.errors.other;
    // The server's own words, when they are in this widget's language (the library
    // gives them only then).
    const detail = error instanceof BitcoinCentralError ? error.messages.join(" ") : String(error.message ?? error);
    const seconds = this.retryInSeconds();
    const retry = seconds == null ? t.noRetry : seconds > 0 ? t.retryIn(seconds) : t.retryNow;
    if (p.alertTitle.textContent !== title) {
      p.alertTitle.textContent = title;
      this.announce(title, { urgent: true });
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
 * it; `element.destroy()` (or removing it) stops its updates.
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
