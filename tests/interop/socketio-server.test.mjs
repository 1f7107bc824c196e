// The library's MarketStream heard by software we did not write: a real `socket.io`
// 2.5.0 server (Engine.IO v3), the one the exchange's stream is documented as, with
// the built package (pkg/) running in Chromium.
//
// One Node `http` server on 127.0.0.1 does everything:
//   - serves pkg/ and a tiny page of ours that puts `Client` on `window`;
//   - answers the three REST calls of a stream's snapshot
//     (/api/v1/data/eur/depth, /ticker, /trades) with answers this file controls, and
//     counts the depth calls;
//   - carries the socket.io 2.5.0 server at `/ws/socket.io`, with the namespace
//     `/public`, pinging every second (pingInterval 1000, pingTimeout 2000) so that a
//     client that stopped pinging would be dropped within the test.
// The page runs `new Client({ baseUrl: location.origin }).marketStream()` and records
// every `update`, `trade`, `status` and `error` it hears. From Node, the test emits
// hand-made events to the joined socket and, after each step, compares the library's
// book LEVEL BY LEVEL (exact price and amount texts, best first) with a reference book
// kept here, plus ticker(), trades() and the events heard.
//
// The tests of this file run in order and share one stream: each starts from the
// state the previous one left (the first one joins, the last ones reconnect).
// Nothing here waits a fixed time: every wait is for a condition, with a timeout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, join } from "node:path";
import { fileURLToPath } from "node:url";
import createIo from "socket.io";
import { chromium } from "playwright-core";

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".ts": "text/plain" };
const PING_INTERVAL_MS = 1000;
const PING_TIMEOUT_MS = 2000;

// Our page: no CSP, nothing but the package on `window`.
const PAGE = `<!doctype html><meta charset="utf-8"><title>socket.io server interop</title>
<script type="module">
  import init, { Client } from "/pkg/bitcoin_central.js";
  await init();
  window.Client = Client;
  window.ready = true;
</script>`;

// ---------------------------------------------------------------------------
// What the REST snapshot answers (the test changes them before a reconnection).

const T0 = 1_700_000_000; // the snapshot's time (the ticker's `at`)

function trade(n, at, price, btc, eur) {
  return {
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    currency: "EUR",
    created_at: new Date(at * 1000).toISOString().replace(".000Z", "Z"),
    created_at_int: at,
    price,
    traded_btc: btc,
    traded_currency: eur,
  };
}

const rest = {
  // Each side in ascending price order, as the API sends it; numbers as JSON strings
  // and as JSON numbers, "680.10" with its trailing zero.
  depth: {
    bids: [
      { timestamp: T0 - 30, price: "678.00", amount: "0.5", currency: "EUR" },
      { timestamp: T0 - 20, price: 679.5, amount: 1.25, currency: "EUR" },
      { timestamp: T0 - 10, price: "680.10", amount: "2.00000000", currency: "EUR" },
    ],
    asks: [
      { timestamp: T0 - 10, price: "681.00", amount: "0.75", currency: "EUR" },
      { timestamp: T0 - 20, price: 682.25, amount: 3, currency: "EUR" },
      { timestamp: T0 - 30, price: "690", amount: "10", currency: "EUR" },
    ],
  },
  ticker: {
    currency: "EUR", at: T0, price: "680.50", bid: "680.10", ask: "681.00", midpoint: "680.55",
    volume: "123.45678901", variation: "-1.2500", high: "700", low: 670.5, vwap: "685.1234",
  },
  // In no particular order: the library sorts them, newest first.
  trades: [
    trade(1, T0 - 300, "680.00", "0.1", "68.00"),
    trade(3, T0 - 100, 680.5, 0.02, 13.61),
    trade(2, T0 - 200, "679.90", "0.5", "339.95"),
  ],
};

// ---------------------------------------------------------------------------
// The reference book: levels keyed by their value (680.10 and 680.1 are one level),
// each with the price and amount texts the server last wrote for it.

/** A number as the JSON text socket.io puts on the wire; a string as it is. */
const text = (v) => (typeof v === "number" ? JSON.stringify(v) : v);
/** A decimal's value as a key: "680.10", "680.1" and 680.1 are the same price. */
const key = (v) => {
  const [int, frac = ""] = text(v).split(".");
  const f = frac.replace(/0+$/, "");
  return f ? `${BigInt(int)}.${f}` : `${BigInt(int)}`;
};
const isZero = (v) => v === null || /^0*(\.0*)?$/.test(text(v));

class Reference {
  constructor(depth) {
    this.sides = { bids: new Map(), asks: new Map() };
    for (const side of ["bids", "asks"]) for (const level of depth[side]) this.apply(side, level);
  }

  /** A level as a stream event or a depth answer gives it: a new total, or gone. */
  apply(side, level) {
    const map = this.sides[side];
    if (isZero(level.amount)) map.delete(key(level.price));
    else
      map.set(key(level.price), {
        price: text(level.price),
        amount: text(level.amount),
        currency: level.currency ?? "EUR",
        timestamp: level.timestamp ?? null, // null: not checked (the library infers it)
      });
  }

  update(event) {
    for (const side of ["bids", "asks"]) for (const level of event[side] ?? []) this.apply(side, level);
  }

  /** Best first: bids highest first, asks lowest first. */
  book() {
    const sorted = (side, sign) =>
      [...this.sides[side].values()].sort((a, b) => sign * (Number(b.price) - Number(a.price)));
    return { bids: sorted("bids", 1), asks: sorted("asks", -1) };
  }
}

/** The library's book, in the reference's form (timestamps kept where we know them). */
function comparable(actual, expected) {
  const side = (levels, want) =>
    levels.map((level, i) => ({
      price: level.price,
      amount: level.amount,
      currency: level.currency,
      timestamp: want[i]?.timestamp === null ? null : level.timestamp,
    }));
  return { bids: side(actual.bids, expected.bids), asks: side(actual.asks, expected.asks) };
}

const jsTicker = (t) => ({
  currency: t.currency,
  at: t.at,
  ...Object.fromEntries(
    ["price", "bid", "ask", "midpoint", "volume", "variation", "high", "low", "vwap"].map((k) => [k, t[k] === null ? null : text(t[k])]),
  ),
});
const jsTrade = (t) => ({
  uuid: t.uuid,
  currency: t.currency,
  createdAt: t.created_at,
  createdAtInt: t.created_at_int,
  price: text(t.price),
  tradedBtc: text(t.traded_btc),
  tradedCurrency: text(t.traded_currency),
});
const newestFirst = (trades) => [...trades].sort((a, b) => b.created_at_int - a.created_at_int).map(jsTrade);

// ---------------------------------------------------------------------------
// The server, the browser, the page.

let http, io, browser, page, origin;
let depthCalls = 0;
let restCalls = [];
/** The socket joined to /public (the latest one), and who waits for the next. */
let joined = null;
let onJoin = [];
let pings = 0;
const pageErrors = [];

/** The next socket to join /public, or a failure after `ms`. */
function nextJoin(ms = 15000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no socket joined /public within ${ms} ms`)), ms);
    onJoin.push((socket) => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

async function serve(request, response) {
  const url = new URL(request.url, "http://x");
  const json = (body) => {
    response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    response.end(JSON.stringify(body));
  };
  if (url.pathname.startsWith("/api/")) restCalls.push(url.pathname);
  if (url.pathname === "/api/v1/data/eur/depth") {
    depthCalls += 1;
    return json(rest.depth);
  }
  if (url.pathname === "/api/v1/data/eur/ticker") return json(rest.ticker);
  if (url.pathname === "/api/v1/data/eur/trades") return json(rest.trades);
  if (url.pathname === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return response.end(PAGE);
  }
  if (url.pathname.startsWith("/pkg/")) {
    const file = normalize(join(PKG, decodeURIComponent(url.pathname.slice("/pkg/".length))));
    if (file.startsWith(PKG)) {
      try {
        const body = await readFile(file);
        response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        return response.end(body);
      } catch {
        // not found, below
      }
    }
  }
  response.writeHead(404, { "content-type": "text/plain" });
  response.end("not found");
}

/** Waits until `check()` (sync or async) gives a truthy value; fails with `what`. */
async function until(what, check, ms = 15000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last?.stack ?? JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What the page recorded, and the stream's state now. */
const observe = () =>
  page.evaluate(() => ({
    status: window.stream.status,
    book: window.stream.book(),
    ticker: window.stream.ticker(),
    trades: window.stream.trades(),
    heard: window.heard,
  }));

/** Waits until the library's book is the reference's, then checks it level by level. */
async function bookIs(reference, what) {
  const expected = reference.book();
  let seen;
  await until(`the book after ${what}`, async () => {
    seen = await observe();
    assert.deepEqual(comparable(seen.book, expected), expected);
    return true;
  }).catch((error) => {
    // The last difference, level by level, as the failure.
    assert.deepEqual(comparable(seen.book, expected), expected, `${what}: ${error.message}`);
  });
  return seen;
}

before(async () => {
  http = createServer((request, response) => {
    serve(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  io = createIo(http, {
    path: "/ws/socket.io",
    serveClient: false,
    pingInterval: PING_INTERVAL_MS,
    pingTimeout: PING_TIMEOUT_MS,
  });
  io.of("/public").on("connection", (socket) => {
    joined = socket;
    socket.conn.on("packet", (packet) => {
      if (packet.type === "ping") pings += 1;
    });
    const waiting = onJoin;
    onJoin = [];
    for (const resolve of waiting) resolve(socket);
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${http.address().port}`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  page = await browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 30000 });
});

after(async () => {
  await page?.evaluate(() => window.stream?.close()).catch(() => {});
  await browser?.close();
  io?.close();
  await new Promise((resolve) => (http ? http.close(resolve) : resolve()));
});

// ---------------------------------------------------------------------------

test("joins /public on a socket.io 2.5.0 server, takes the REST snapshot, replays what came before it", async () => {
  // Emitted the moment the server sees the join, i.e. before the client can have the
  // REST answers: the client keeps it and replays it over the snapshot. The REST
  // answers already hold all of it (a new total already in the book changes nothing;
  // a trade already held is not added twice; the removal of a level the snapshot does
  // not have, timestamped before the snapshot, is no fault), so the book is the same
  // whichever way the browser orders the two.
  const early = {
    ticker: rest.ticker,
    trades: [rest.trades[0]],
    bids: [{ price: "680.10", amount: "2.00000000", timestamp: T0 - 10, currency: "EUR" }],
    asks: [{ price: "695", amount: null, timestamp: T0 - 40 }],
  };
  const join = nextJoin().then((socket) => {
    socket.emit("stream", early);
    return socket;
  });
  await page.evaluate(() => {
    window.heard = { update: [], trade: [], status: [], error: [] };
    const stream = new window.Client({ baseUrl: location.origin }).marketStream();
    window.stream = stream;
    stream.on("update", (u) => window.heard.update.push(u));
    stream.on("trade", (t) => window.heard.trade.push(t));
    stream.on("status", (s) => window.heard.status.push(s));
    stream.on("error", (e) => window.heard.error.push({ name: e.name, kind: e.kind, code: e.code, message: e.message }));
  });
  const socket = await join;

  // The documented URL, over a WebSocket from the start (no polling, no upgrade).
  const url = new URL(socket.conn.request.url, origin);
  assert.equal(url.pathname, "/ws/socket.io/");
  assert.equal(url.searchParams.get("EIO"), "3");
  assert.equal(url.searchParams.get("transport"), "websocket");
  assert.equal(socket.conn.transport.name, "websocket");
  assert.equal(socket.nsp.name, "/public");

  await until("status live", async () => (await observe()).status === "live");
  const seen = await bookIs(new Reference(rest.depth), "the snapshot");
  // One snapshot: depth, ticker, trades, each once.
  assert.equal(depthCalls, 1);
  assert.deepEqual([...restCalls].sort(), ["/api/v1/data/eur/depth", "/api/v1/data/eur/ticker", "/api/v1/data/eur/trades"]);
  // From "connecting" (no event) to "live"; the book read whole is an update `null`.
  assert.deepEqual(seen.heard.status, ["live"]);
  assert.deepEqual(seen.heard.update, [null]);
  assert.deepEqual(seen.heard.trade, [], "no trade event for trades of the snapshot");
  assert.deepEqual(seen.heard.error, []);
  assert.deepEqual(seen.ticker, jsTicker(rest.ticker));
  assert.deepEqual(seen.trades, newestFirst(rest.trades));
});

test("stream events: new totals as numbers and strings, removals by null, 0 and \"0\", trades, a ticker", async () => {
  const reference = new Reference(rest.depth);
  let trades = newestFirst(rest.trades);
  const socket = joined;
  let updates = (await observe()).heard.update.length;

  /** Emits one `stream` event; waits for the book to be the reference's; one update. */
  async function step(what, event) {
    socket.emit("stream", event);
    reference.update(event);
    const seen = await bookIs(reference, what);
    await until(`the update of ${what}`, async () => (await observe()).heard.update.length >= updates + 1);
    const after = await observe();
    assert.equal(after.heard.update.length, updates + 1, `${what}: exactly one update event`);
    updates += 1;
    assert.equal(after.status, "live", what);
    assert.deepEqual(after.heard.error, [], `${what}: no error`);
    return { ...after, seen };
  }

  // 1. A changed level sent as a JSON number (680.1) over the snapshot's "680.10":
  //    one level (not two), with the new total and the text last sent; a new best bid
  //    as strings; a new ask between two others, its amount a JSON number; a level
  //    without timestamp or currency (the market's currency is filled in).
  let now = await step("changed and new levels", {
    bids: [
      { price: 680.1, amount: "2.5", timestamp: T0 + 1, currency: "EUR" },
      { price: "680.45", amount: "0.00000001", timestamp: T0 + 1, currency: "EUR" },
    ],
    asks: [
      { price: "681.50", amount: 0.3, timestamp: T0 + 1, currency: "EUR" },
      { price: 685, amount: "4.2" },
    ],
  });
  assert.equal(now.book.bids.length, 4);
  assert.deepEqual(now.book.bids.map((l) => l.price), ["680.45", "680.1", "679.5", "678.00"]);
  assert.deepEqual(now.book.asks.map((l) => l.price), ["681.00", "681.50", "682.25", "685", "690"]);
  // The update event is the event as the library read it: exact texts.
  const detail = now.heard.update.at(-1);
  assert.deepEqual(detail.bids.map((l) => [l.price, l.amount]), [["680.1", "2.5"], ["680.45", "0.00000001"]]);
  assert.deepEqual(detail.asks.map((l) => [l.price, l.amount]), [["681.50", "0.3"], ["685", "4.2"]]);
  // book(levels) gives the best `levels` of each side.
  const top = await page.evaluate(() => window.stream.book(2));
  assert.deepEqual(top.bids.map((l) => l.price), ["680.45", "680.1"]);
  assert.deepEqual(top.asks.map((l) => l.price), ["681.00", "681.50"]);

  // 2. Removals: by `null` (2014), by the number 0 and by the string "0" (later
  //    documents), one by a price text other than the book's ("678" for "678.00").
  now = await step("removals", {
    bids: [{ price: "678", amount: null, timestamp: T0 + 2 }],
    asks: [
      { price: 682.25, amount: 0, timestamp: T0 + 2, currency: "EUR" },
      { price: "690", amount: "0", timestamp: T0 + 2, currency: "EUR" },
    ],
  });
  assert.deepEqual(now.book.bids.map((l) => l.price), ["680.45", "680.1", "679.5"]);
  assert.deepEqual(now.book.asks.map((l) => l.price), ["681.00", "681.50", "685"]);

  // 3. Removing the best bid and the best ask: the next ones become best; a changed
  //    amount only, as a JSON number.
  now = await step("the best levels removed", {
    bids: [{ price: 680.45, amount: "0", timestamp: T0 + 3 }, { price: "679.5", amount: 7, timestamp: T0 + 3 }],
    asks: [{ price: "681.0", amount: null, timestamp: T0 + 3 }],
  });
  assert.equal(now.book.bids[0].price, "680.1");
  assert.equal(now.book.asks[0].price, "681.50");

  // 4. Trades, oldest first as the stream sends them (numbers as JSON numbers and as
  //    strings), and a new ticker (numbers of both kinds, a null figure). trades() is
  //    newest first; one `trade` event per new trade, in the order sent.
  const t4 = trade(4, T0 + 4, 681.5, 0.25, 170.375);
  const t5 = trade(5, T0 + 5, "681.50", "0.10000000", "68.15");
  const ticker = {
    currency: "EUR", at: T0 + 5, price: "681.50", bid: 680.1, ask: "681.50", midpoint: "680.80",
    volume: 124.10678901, variation: null, high: "700", low: "670.50", vwap: 685.2,
  };
  now = await step("trades and a ticker", { trades: [t4, t5], ticker });
  trades = [jsTrade(t5), jsTrade(t4), ...trades];
  assert.deepEqual(now.trades, trades);
  assert.deepEqual(now.heard.trade, [jsTrade(t4), jsTrade(t5)]);
  assert.deepEqual(now.ticker, jsTicker(ticker));

  // 5. A trade sent again (the same uuid) is not a new trade; the levels of the same
  //    event still apply.
  now = await step("a trade sent again", { trades: [t5], bids: [{ price: "680.1", amount: "3", timestamp: T0 + 6 }] });
  assert.deepEqual(now.trades, trades);
  assert.equal(now.heard.trade.length, 2);
  assert.deepEqual(now.ticker, jsTicker(ticker), "a ticker left out is unchanged");

  // 6. What the library must not take as the market: a `stream` event on the default
  //    namespace `/` (socket.io 2.x joins every client to it: `42["stream",…]`), and
  //    the documented `prices` and `announcement` events of /public, which it ignores
  //    without an error. The /public event after them (frames of one socket come in
  //    order) proves they were read: the book holds it and nothing of the `/` event.
  const errorsBefore = now.heard.error.length;
  io.of("/").emit("stream", { bids: [{ price: "680.9", amount: "99", timestamp: T0 + 7 }], asks: [{ price: "681.50", amount: null }] });
  socket.emit("prices", { EUR: "681.50", USD: 750.25 });
  socket.emit("announcement", { message: "Maintenance at 10:00 UTC" });
  now = await step("`/`, prices and announcement, then a level", { asks: [{ price: "686.125", amount: "1.5", timestamp: T0 + 7 }] });
  assert.equal(now.heard.error.length, errorsBefore, "no error for `prices`, `announcement` or an event of `/`");
  assert.ok(!now.book.bids.some((l) => l.price === "680.9"), "the event of `/` was not applied");

  // 7. An unknown event: an `error` of kind "stream", code "unknown-event", once; the
  //    stream stays live and goes on (the next event applies).
  socket.emit("surprise", { bids: [{ price: "680.8", amount: "1" }] });
  const error = await until("the unknown-event error", async () => (await observe()).heard.error[errorsBefore]);
  assert.equal(error.name, "BitcoinCentralError");
  assert.equal(error.kind, "stream");
  assert.equal(error.code, "unknown-event");
  socket.emit("stream", { bids: [{ price: 680.2, amount: 0.5, timestamp: T0 + 8 }] });
  reference.update({ bids: [{ price: 680.2, amount: 0.5, timestamp: T0 + 8 }] });
  now = await bookIs(reference, "the event after the unknown one");
  assert.equal(now.status, "live");
  assert.equal(now.heard.error.length, errorsBefore + 1, "one error, for `surprise` only");
  assert.deepEqual(now.heard.status, ["live"], "never left live");
  assert.ok(!now.book.bids.some((l) => l.price === "680.8"), "the unknown event was not applied");
  assert.deepEqual(now.trades, trades);
});

test("the client pings the server every pingInterval and stays live across several intervals", async () => {
  // engine.io 3 drops a socket that sent nothing for pingInterval + pingTimeout (3 s):
  // five pings (about 5 s) and the same socket still joined and live prove the
  // client's pings, from the interval of the open packet, keep the connection.
  const socket = joined;
  const start = pings;
  const before = await observe();
  await until("five pings", () => pings >= start + 5, 20000);
  const now = await observe();
  assert.equal(joined, socket, "the same socket, never reconnected");
  assert.ok(socket.connected);
  assert.equal(now.status, "live");
  assert.deepEqual(now.heard.status, before.heard.status, "no status change across the pings");
  assert.deepEqual(now.heard.error, before.heard.error, "no error across the pings");
  assert.deepEqual(now.book, before.book);
  assert.equal(depthCalls, 1, "no snapshot taken again");
});

/** Serves a new book, ticker and trades; drops the socket with `drop`; checks the
 *  client reconnects, reads the REST snapshot once more and shows exactly it. */
async function reconnects(what, drop, n) {
  rest.depth = {
    bids: [
      { timestamp: T0 + 100 * n, price: `${600 + n}.5`, amount: "1", currency: "EUR" },
      { timestamp: T0 + 100 * n, price: 610 + n, amount: 0.75, currency: "EUR" },
    ],
    asks: [
      { timestamp: T0 + 100 * n, price: `${620 + n}.00`, amount: "2.000", currency: "EUR" },
      { timestamp: T0 + 100 * n, price: 630 + n, amount: 5, currency: "EUR" },
      { timestamp: T0 + 100 * n, price: `${640 + n}`, amount: "0.1", currency: "EUR" },
    ],
  };
  rest.ticker = { ...rest.ticker, at: T0 + 100 * n, bid: String(610 + n), ask: `${620 + n}.00`, price: String(615 + n) };
  rest.trades = [trade(100 + n, T0 + 100 * n - 1, String(615 + n), "0.3", ((615 + n) * 0.3).toFixed(2))];

  const old = joined;
  const before = await observe();
  const depthBefore = depthCalls;
  const rejoin = nextJoin();
  drop(old);
  const socket = await rejoin;
  assert.notEqual(socket, old, "a new socket joined /public");
  await until(`status live again after ${what}`, async () => {
    const now = await observe();
    return now.status === "live" && now.heard.status.length > before.heard.status.length;
  });
  const now = await bookIs(new Reference(rest.depth), `the reconnection after ${what}`);
  assert.deepEqual(now.heard.status.slice(before.heard.status.length), ["reconnecting", "live"]);
  assert.equal(depthCalls, depthBefore + 1, "the REST depth read once more");
  assert.deepEqual(now.ticker, jsTicker(rest.ticker));
  assert.deepEqual(now.trades, newestFirst(rest.trades));
  assert.equal(now.heard.update.at(-1), null, "the book read whole");
  const errors = now.heard.error.slice(before.heard.error.length);
  assert.deepEqual(errors.map((e) => [e.kind, e.code]), [["stream", "closed"]]);

  // And the new socket carries updates over the new book.
  const reference = new Reference(rest.depth);
  const event = { bids: [{ price: `${600 + n}.50`, amount: "0", timestamp: T0 + 100 * n + 1 }], asks: [{ price: 625 + n, amount: "0.5", timestamp: T0 + 100 * n + 1 }] };
  socket.emit("stream", event);
  reference.update(event);
  await bookIs(reference, `an update after ${what}`);
}

test("the server disconnects the socket (socket.disconnect(true)): reconnecting, then live on a fresh snapshot", async () => {
  // `41/public,` then the Engine.IO connection closed.
  await reconnects("socket.disconnect(true)", (socket) => socket.disconnect(true), 1);
});

test("the server closes the Engine.IO connection: reconnecting, then live on a fresh snapshot", async () => {
  // No socket.io packet: the WebSocket just closes.
  await reconnects("the engine closed", (socket) => socket.conn.close(), 2);
  assert.deepEqual(pageErrors, [], "no uncaught error in the page");
});
