// Package tier: every export of the wasm module called with every wrong type, as a
// plain-JavaScript user might (no TypeScript to catch it). Each wrong argument must
// give a BitcoinCentralError of kind "invalid-argument" naming it — thrown by a
// function that returns a value, a rejected Promise from one that returns a Promise —
// never a trap from inside the wasm or a TypeError from the glue; and the module must
// still work afterwards.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { WebSocket as WS } from "ws";

const pkgDir = new URL("../../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
const sandbox = process.env.SANDBOX_URL;
assert.ok(sandbox, "SANDBOX_URL must point at a running sandbox");

const lib = await import(new URL(manifest.exports["."].default, pkgDir));
await lib.default({ module_or_path: readFileSync(new URL("bitcoin_central_bg.wasm", pkgDir)) });
const { BitcoinCentralError, Client, OAuth } = lib;
// Node 20 has no WebSocket: a stream without one is refused (checked at the end); the
// rows' streams get the ws package's, as a Node user would give them.
const NodeWebSocket = globalThis.WebSocket;

// The wrong values, by name. Each row below says which of them are the right type
// for its argument (`fits`); every other one must be refused by name.
const VALUES = {
  null: null,
  undefined: undefined,
  number: 123,
  NaN: NaN,
  BigInt: 12n,
  string: "x",
  object: {},
  array: [],
  Symbol: Symbol("s"),
  function: () => 1,
};
const OPTIONAL = ["null", "undefined"];

const oauthOptions = { provider: "bitcoin-central", clientId: "c", redirectUri: "http://localhost/", storage: "memory" };
const order = { type: "LimitOrder", direction: "buy", price: "680", amount: "0.5" };
const withdrawal = { currency: "EUR", amount: "10" };
const emptyBook = () => lib.parseDepthBook('{"bids":[],"asks":[]}');
// Market streams made by the rows, closed after the tests (in Node 20, which has no
// WebSocket, an open one would keep reconnecting).
const streams = [];
const stream = () => {
  globalThis.WebSocket ??= WS;
  const made = new Client({ baseUrl: sandbox }).marketStream();
  streams.push(made);
  return made;
};
after(() => streams.forEach((s) => s.close()));

// [call, argument named, the values of the right type]
const ROWS = [
  ["new Client(x)", (x) => new Client(x), "options", [...OPTIONAL, "object"]],
  ["client.setAuth(x)", (x) => new Client().setAuth(x), "oauth", []],
  ["client.orders(x)", (x) => new Client().orders(x), "query", [...OPTIONAL, "object"]],
  ["client.allOrders(x)", (x) => new Client().allOrders(x), "query", [...OPTIONAL, "object"]],
  ["client.allOrders({}, x)", (x) => new Client().allOrders({}, x), "maxPages", [...OPTIONAL, "number"]],
  ["client.order(x)", (x) => new Client().order(x), "uuid", ["string"]],
  ["client.cancelOrder(x)", (x) => new Client().cancelOrder(x), "uuid", ["string"]],
  ["client.placeOrder(x)", (x) => new Client().placeOrder(x), "order", ["object"]],
  ["client.findPlacedOrder(x)", (x) => new Client().findPlacedOrder(x), "order", ["object"]],
  ["client.withdraw(x)", (x) => new Client().withdraw(x), "withdrawal", ["object"]],
  ["client.findWithdrawal(x)", (x) => new Client().findWithdrawal(x), "withdrawal", ["object"]],
  ["checkOrder(x)", (x) => lib.checkOrder(x), "params", ["object"]],
  ["checkOrder(order, x)", (x) => lib.checkOrder(order, x), "locale", [...OPTIONAL, "string"]],
  ["checkWithdrawal(x)", (x) => lib.checkWithdrawal(x), "params", ["object"]],
  ["checkWithdrawal(withdrawal, x)", (x) => lib.checkWithdrawal(withdrawal, x), "locale", [...OPTIONAL, "string"]],
  ...["parseTicker", "parseTrades", "parseDepth", "parseBitcoinChartsTrades", "parseBitcoinChartsDepth", "parseDepthBook"].map(
    (name) => [`${name}(x)`, (x) => lib[name](x), "input", ["string"]],
  ),
  ["parseCallback(x, state)", (x) => lib.parseCallback(x, "s"), "url", ["string"]],
  ["parseCallback(url, x)", (x) => lib.parseCallback("https://app.example/#state=s", x), "expectedState", ["string"]],
  ["parseCallback(url, state, x)", (x) => lib.parseCallback("https://app.example/#state=s", "s", x), "options", [...OPTIONAL, "object"]],
  ["new OAuth(x)", (x) => new OAuth(x), "options", ["object"]],
  ["oauth.handleRedirect(x)", (x) => new OAuth(oauthOptions).handleRedirect(x), "url", [...OPTIONAL, "string"]],
  ["oauth.exchangeUserCode(x)", (x) => new OAuth(oauthOptions).exchangeUserCode(x), "code", ["string"]],
  ["oauth.onChange(x)", (x) => new OAuth(oauthOptions).onChange(x), "listener", [...OPTIONAL, "function"]],
  ...["bids", "asks"].map((name) => [`book.${name}(x)`, (x) => emptyBook()[name](x), "count", [...OPTIONAL, "number"]]),
  ["stream.book(x)", (x) => stream().book(x), "levels", [...OPTIONAL, "number"]],
  ["backoffMs(x, base, max)", (x) => lib.backoffMs(x, 250, 1000), "attempt", ["number"]],
  ["backoffMs(attempt, x, max)", (x) => lib.backoffMs(0, x, 1000), "baseMs", ["number"]],
  ["backoffMs(attempt, base, x)", (x) => lib.backoffMs(0, 250, x), "maxMs", ["number"]],
  ["stream.on(x, listener)", (x) => stream().on(x, () => {}), "event", ["string"]],
  ["stream.on(event, x)", (x) => stream().on("update", x), "listener", ["function"]],
  ...["bidPrice", "bidAmount", "askPrice", "askAmount", "cumulativeBid", "cumulativeAsk"].map(
    (name) => [`book.${name}(x)`, (x) => emptyBook()[name](x), "index", ["number"]],
  ),
];

/** How a call ended: its value, or what it threw or rejected with. */
async function settle(call) {
  let promise = false;
  try {
    const value = call();
    if (value instanceof Promise) {
      promise = true;
      return { value: await value, promise };
    }
    return { value, promise };
  } catch (error) {
    return { error, promise };
  }
}

test("every export refuses every wrong type by name, and never traps", async () => {
  let refused = 0;
  for (const [label, call, argument, fits] of ROWS) {
    for (const [name, value] of Object.entries(VALUES)) {
      const { error, promise } = await settle(() => call(value));
      // Whatever the value, nothing traps and nothing else escapes.
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `${label} with ${name} trapped: ${error?.message}`);
      assert.ok(error === undefined || error instanceof BitcoinCentralError, `${label} with ${name}: ${error?.constructor?.name} ${error?.message}`);
      if (fits.includes(name)) continue;
      assert.ok(error, `${label} accepted ${name}`);
      assert.equal(error.kind, "invalid-argument", `${label} with ${name}: ${error.message}`);
      assert.equal(error.argument, argument, `${label} with ${name}: ${error.message}`);
      assert.match(error.message, new RegExp(`^invalid ${argument}: expected .+, got `), `${label} with ${name}`);
      // A method that returns a Promise rejects; the others throw.
      const returnsPromise = /^(client\.(orders|allOrders|order|cancelOrder|placeOrder|findPlacedOrder|withdraw|findWithdrawal)|oauth\.(handleRedirect|exchangeUserCode))\(/.test(label);
      assert.equal(promise, returnsPromise, `${label} with ${name}: ${returnsPromise ? "rejects" : "throws"}`);
      refused++;
    }
  }
  // The table is what it claims to be: most of its cells are wrong types.
  assert.ok(refused > 200, `${refused} wrong arguments refused`);
});

test("what each kind of wrong value is called in the message", () => {
  for (const [name, says] of [
    ["null", "got null"],
    ["undefined", "got undefined"],
    ["number", "got a number"],
    ["NaN", "got NaN or an infinity"],
    ["BigInt", "got a BigInt"],
    ["object", "got an object"],
    ["array", "got an array"],
    ["Symbol", "got a Symbol"],
    ["function", "got a function"],
  ]) {
    assert.throws(() => lib.parseCallback(VALUES[name], "s"), (e) => e.argument === "url" && e.message === `invalid url: expected a string, got ${says.slice(4)}`, name);
  }
  assert.throws(() => lib.parseTicker(new Uint16Array(2)), (e) => e.argument === "input" && /a string, a Uint8Array or an ArrayBuffer, got an object/.test(e.message));
});

test("members of an options bag are named within it, and NaN, BigInt and unknown keys are refused", async () => {
  for (const [options, argument, says] of [
    [{ timeoutMs: NaN }, "options.timeoutMs", "NaN or an infinity"],
    [{ timeoutMs: Infinity }, "options.timeoutMs", "NaN or an infinity"],
    [{ timeoutMs: 10n }, "options.timeoutMs", "a BigInt"],
    [{ timeoutMs: "5000" }, "options.timeoutMs", "expected a number, got a string"],
    [{ timeoutMs: -1 }, "options.timeoutMs", ""],
    [{ baseURL: "http://x" }, "options.baseURL", "unknown option `baseURL`; did you mean `baseUrl`?"],
    [{ currancy: "eur" }, "options.currancy", "did you mean `currency`?"],
    [{ locale: Symbol("fr") }, "options.locale", "got a Symbol"],
    [{ rateLimiter: { perSecond: () => 1 } }, "options.rateLimiter.perSecond", "got a function"],
    [{ rateLimiter: { perSecond: "4" } }, "options.rateLimiter.perSecond", "expected a number, got a string"],
    [{ get baseUrl() { throw new Error("getter threw"); } }, "options.baseUrl", "could not be read: getter threw"],
  ]) {
    assert.throws(() => new Client(options), (e) => e instanceof BitcoinCentralError && e.argument === argument && e.message.includes(says), argument);
  }
  // A value that contains itself ends at the depth limit, not in a stack overflow.
  const loop = {};
  loop.perSecond = loop;
  assert.throws(() => new Client({ rateLimiter: loop }), (e) => e.argument.startsWith("options.rateLimiter.perSecond") && /nested more than/.test(e.message));
  // A Client method's messages are in the client's language; a member of an object
  // argument is named within it.
  const client = new Client({ baseUrl: sandbox, locale: "fr" });
  await assert.rejects(client.order(42), (e) => e.argument === "uuid" && e.message === "uuid refusé : attendu : une chaîne ; reçu : un nombre");
  await assert.rejects(client.placeOrder({ ...order, amount: true }), (e) => e.argument === "order.amount");
  await assert.rejects(client.placeOrder({ ...order, amount: "-1" }), (e) => e.argument === "order.amount" && /strictement positif/.test(e.message));
  await assert.rejects(client.orders({ types: ["Transfer", 5] }), (e) => e.argument === "query.types[1]");
  await assert.rejects(client.allOrders({}, 0), (e) => e.argument === "maxPages" && /de 1 à 1000/.test(e.message));
  // A wrong argument is refused before the missing session is.
  await assert.rejects(client.user(), (e) => e.kind === "session");
  await assert.rejects(client.withdraw(null), (e) => e.kind === "invalid-argument" && e.argument === "withdrawal");
  // The checks show a member's problem, and throw for a whole argument of the wrong type.
  assert.deepEqual(lib.checkOrder({ ...order, price: {} }, "en"), { argument: "price", message: "expected a decimal string or a number, got an object" });
  assert.deepEqual(lib.checkOrder({ ...order, amout: "1" }, "en").argument, "amout");
  assert.equal(lib.checkOrder(order), null);
});

test("callback URLs that are not http(s), or hold a malformed escape, are refused as callbacks", async () => {
  for (const [url, code] of [
    ["javascript:alert(1)//#access_token=t&state=s", "not-http-url"],
    ["data:text/html,#access_token=t&state=s", "not-http-url"],
    ["ftp://app.example/#access_token=t&state=s", "not-http-url"],
    ["/callback#access_token=t&state=s", "not-http-url"],
    ["https://app.example/#access_token=t%ZZ&token_type=bearer&state=s", "malformed-escape"],
    ["https://app.example/?code=c%&state=s", "malformed-escape"],
    ["https://app.example/?x=%4#access_token=t&token_type=bearer&state=s", "malformed-escape"],
  ]) {
    assert.throws(() => lib.parseCallback(url, "s"), (e) => e instanceof BitcoinCentralError && e.kind === "callback" && e.code === code, url);
    // handleRedirect() with a URL refuses it before looking for an answer in it.
    await assert.rejects(new OAuth(oauthOptions).handleRedirect(url), (e) => e.kind === "callback" && e.code === code, url);
  }
  // The scheme is shown, never the rest (it may hold a token).
  assert.throws(() => lib.parseCallback("javascript:steal('tok3n-secret')#access_token=tok3n-secret&state=s", "s"), (e) => /javascript: URL/.test(e.message) && !e.message.includes("tok3n"));
  // Well-formed escapes are read as sent.
  const parsed = lib.parseCallback("HTTPS://app.example/#access_token=a%2Bb&token_type=bearer&state=s", "s");
  assert.equal(parsed.accessToken, "a+b");
});

test("the module still works after every wrong call", async () => {
  for (const [, call] of ROWS) for (const value of Object.values(VALUES)) await settle(() => call(value));
  const client = new Client({ baseUrl: sandbox });
  const ticker = await client.ticker();
  assert.equal(typeof ticker.price, "string");
  const book = await client.depthBook();
  assert.ok(book.bidCount > 0);
  assert.equal(book.bids(1).length, 1);
  book.free();
  assert.deepEqual(lib.parseTicker(JSON.stringify({ ...rawTicker(), price: 1 })).price, "1");
  // A login for the sandbox (a session is only ever sent to its own origin), not done.
  const oauth = new OAuth({ ...oauthOptions, baseUrl: sandbox });
  client.setAuth(oauth);
  await assert.rejects(client.user(), (e) => e.kind === "session" && e.code === "missing");
  // One for the real exchange is refused this client, before anything is sent.
  client.setAuth(new OAuth(oauthOptions));
  await assert.rejects(client.user(), (e) => e.kind === "session" && e.code === "wrong-origin" && e.message.includes("https://bitcoin-central.net"));
  // The library's back-off: doubling with equal jitter, capped.
  for (let attempt = 0; attempt < 8; attempt++) {
    const full = Math.min(250 * 2 ** attempt, 4000);
    const wait = lib.backoffMs(attempt, 250, 4000);
    assert.ok(wait >= full / 2 && wait < full, `attempt ${attempt}: ${wait} ms of ${full}`);
  }
  // Without a WebSocket, a stream is refused at once, saying what is missing (once the
  // rows' handles are closed: a handle on a stream the page has is not refused).
  streams.forEach((s) => s.close());
  globalThis.WebSocket = NodeWebSocket;
  if (!NodeWebSocket) {
    assert.throws(() => new Client({ baseUrl: sandbox }).marketStream(), (e) => e instanceof BitcoinCentralError && e.kind === "stream" && e.code === "no-websocket" && /globalThis\.WebSocket/.test(e.message));
  }
  // A stream's events are a closed set; an account stream needs a session.
  assert.throws(() => stream().on("tick", () => {}), (e) => e.argument === "event" && e.message === 'invalid event: "tick" is not one of update, trade, status, error');
  assert.throws(() => new Client({ baseUrl: sandbox }).accountStream(), (e) => e instanceof BitcoinCentralError && e.kind === "session" && e.code === "missing");
});

function rawTicker() {
  return { high: 1, low: 1, volume: 1, bid: 1, ask: 1, midpoint: 1, vwap: 1, at: 1, price: 1, variation: 1, currency: "EUR" };
}
