// Package tier: the built pkg/ as an npm user gets it, in Node. Checks the manifest,
// that every shipped file exists, and the JS API against the sandbox (SANDBOX_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
const sandbox = process.env.SANDBOX_URL;
assert.ok(sandbox, "SANDBOX_URL must point at a running sandbox");

const { default: init, Client, BitcoinCentralError, OAuth, parseCallback } = await import(new URL(manifest.exports["."].default, pkgDir));
await init({ module_or_path: readFileSync(new URL("bitcoin_central_bg.wasm", pkgDir)) });

test("package.json is complete and points at files that exist", () => {
  const cargo = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
  const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)[1];
  assert.equal(manifest.name, "bitcoin-central");
  assert.equal(manifest.version, version);
  assert.equal(manifest.type, "module");
  // Only the widget has a side effect: it registers <bitcoin-central-market>.
  assert.deepEqual(manifest.sideEffects, ["./widget.js"]);
  assert.equal(manifest.types, "./bitcoin_central.d.ts");
  assert.deepEqual(manifest.exports["."], { types: "./bitcoin_central.d.ts", default: "./bitcoin_central.js" });
  assert.deepEqual(manifest.exports["./widget"], { types: "./widget.d.ts", default: "./widget.js" });
  for (const file of manifest.files) assert.ok(existsSync(new URL(file, pkgDir)), `${file} is shipped`);
  assert.ok(existsSync(new URL("README.md", pkgDir)));
});

test("ticker: a plain object, camelCase, decimals as strings", async () => {
  const client = new Client({ baseUrl: sandbox });
  const ticker = await client.ticker();
  assert.equal(Object.getPrototypeOf(ticker), Object.prototype);
  for (const key of ["price", "bid", "ask", "midpoint", "volume", "variation", "high", "low", "vwap"]) {
    assert.equal(typeof ticker[key], "string", key);
    assert.match(ticker[key], /^-?\d+(\.\d+)?$/, key);
  }
  assert.equal(typeof ticker.at, "number");
  assert.equal(ticker.currency, "EUR");
});

test("every public endpoint answers, and the decimals are the server's exact text", async () => {
  const client = new Client({ baseUrl: sandbox });
  // The sandbox's own text for the same data, read without the library.
  const raw = await (await fetch(`${sandbox}/api/v1/data/eur/depth`)).text();
  const depth = await client.depth();
  // Every price the library returns appears verbatim in the body (as a JSON number
  // or a JSON string): no digit gained or lost.
  for (const level of [...depth.bids, ...depth.asks]) {
    assert.match(raw, new RegExp(`"price":"?${level.price.replace(".", "\\.")}"?[,}]`), level.price);
    assert.match(raw, new RegExp(`"amount":"?${level.amount.replace(".", "\\.")}"?[,}]`), level.amount);
  }
  const [trades, chartsTrades, chartsDepth] = await Promise.all([
    client.trades(),
    client.bitcoinChartsTrades(),
    client.bitcoinChartsDepth(),
  ]);
  assert.ok(trades.length > 0 && typeof trades[0].tradedBtc === "string");
  assert.ok(chartsTrades.length > 0 && typeof chartsTrades[0].tid === "string");
  assert.ok(Array.isArray(chartsDepth.bids[0]) && chartsDepth.bids[0].length === 2);
  assert.ok(client.rateLimit.remaining < client.rateLimit.limit);
});

test("errors are real Error subclasses with typed fields", async () => {
  const client = new Client({ baseUrl: sandbox, currency: "usd", locale: "fr" });
  const error = await client.ticker().then(
    () => assert.fail("usd is not a market"),
    (e) => e,
  );
  assert.ok(error instanceof Error);
  assert.ok(error instanceof BitcoinCentralError);
  assert.equal(error.name, "BitcoinCentralError");
  assert.equal(error.kind, "api");
  assert.equal(error.status, 422);
  assert.equal(error.messages.length, 1);
  assert.ok(error.stack.includes("BitcoinCentralError"));
  assert.throws(() => new Client({ timeoutMs: "soon" }), (e) => e instanceof BitcoinCentralError && e.kind === "invalid-argument");
});

test("locale defaults from navigator.language", () => {
  // Node 21+ has a navigator whose language comes from the environment; either way
  // the default is one of the two supported locales.
  assert.ok(["en", "fr"].includes(new Client().locale));
});

test("parseCallback works in Node, with no browser around", () => {
  const parsed = parseCallback("https://app.example/cb#access_token=T0K&token_type=Bearer&state=&scope=buyorder+sellorder+history", "S", { provider: "coins-ph" });
  assert.deepEqual(parsed, { type: "token", accessToken: "T0K", tokenType: "Bearer", scopes: ["buyorder", "sellorder", "history"], expiresIn: null });
  assert.deepEqual(parseCallback("https://app.example/cb?code=C0DE&state=S", "S", { flow: "code" }), { type: "code", code: "C0DE" });
  for (const [url, kind, code] of [
    ["https://app/#access_token=T&token_type=bearer&state=forged", "csrf", "state-mismatch"],
    ["https://app/#access_token=T&token_type=bearer", "csrf", "state-missing"],
    ["https://app/#error=access_denied&error_description=No&state=S", "oauth", "access_denied"],
    ["https://app/#access_token=T&token_type=mac&state=S", "callback", "not-bearer"],
  ]) {
    assert.throws(() => parseCallback(url, "S"), (error) => {
      assert.ok(error instanceof BitcoinCentralError && error instanceof Error);
      assert.equal(error.kind, kind, url);
      assert.equal(error.code, code, url);
      return true;
    });
  }
});

test("OAuth refuses a client secret and unknown scopes before anything happens", () => {
  assert.throws(() => new OAuth({ provider: "bitcoin-central", clientId: "c", redirectUri: "https://a/", clientSecret: "s" }), (e) => e.argument === "options.clientSecret");
  assert.throws(() => new OAuth({ provider: "f1cx", clientId: "c", redirectUri: "https://a/", scopes: ["withdraw"] }), (e) => e.argument === "options.scopes" && /profile, history, trade/.test(e.message));
  const oauth = new OAuth({ provider: "coins-ph", clientId: "c", redirectUri: "https://a/" });
  assert.equal(oauth.flow, "token");
  assert.equal(oauth.provider, "coins-ph");
  oauth.free();
});
