// Package tier, decoding bodies: parseTicker(), parseTrades(), parseDepth() and the
// Bitcoin Charts ones turn a body the client did not fetch (text, or its UTF-8 bytes)
// into the same plain objects, exact to the digit, and refuse what is not one with a
// `decode` error; parseDepthBook() keeps a depth in wasm memory. No sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
const { default: init, BitcoinCentralError, parseTicker, parseTrades, parseDepth, parseDepthBook, parseBitcoinChartsTrades, parseBitcoinChartsDepth } =
  await import(new URL(manifest.exports["."].default, pkgDir));
await init({ module_or_path: readFileSync(new URL("bitcoin_central_bg.wasm", pkgDir)) });

/** The error `call` throws, which must be a decode error. */
function decodeError(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof BitcoinCentralError);
    assert.ok(error instanceof Error);
    assert.equal(error.kind, "decode");
    return error;
  }
  assert.fail("expected a decode error");
}

test("parseTicker: the server's digits, trailing zeros and nulls kept", () => {
  const ticker = parseTicker(
    '{"high":700.00,"low":"650.5","volume":1.23456789,"bid":676.01,"ask":null,"midpoint":678.005,' +
      '"vwap":679.9999999,"at":1389092410,"price":680.0,"variation":-5.5556,"currency":"EUR"}',
  );
  assert.deepEqual(ticker, {
    currency: "EUR",
    at: 1389092410,
    price: "680.0",
    bid: "676.01",
    ask: null,
    midpoint: "678.005",
    volume: "1.23456789",
    variation: "-5.5556",
    high: "700.00",
    low: "650.5",
    vwap: "679.9999999",
  });
  assert.equal(Object.getPrototypeOf(ticker), Object.prototype);
});

test("parseDepth: levels in order, with digits JSON.parse would lose", () => {
  const text =
    '{"bids":[{"timestamp":1389087724,"amount":0.89744000,"price":665.0,"currency":"EUR"},' +
    '{"timestamp":1389082088,"amount":"0.06","price":666.12345678901234567891,"currency":"EUR"}],' +
    '"asks":[{"timestamp":1389094178,"amount":0.57709999,"price":679.99,"currency":"EUR"}]}';
  const depth = parseDepth(text);
  assert.deepEqual(depth.bids.map((l) => [l.price, l.amount, l.timestamp, l.currency]), [
    ["665.0", "0.89744000", 1389087724, "EUR"],
    ["666.12345678901234567891", "0.06", 1389082088, "EUR"],
  ]);
  assert.deepEqual(depth.asks, [{ timestamp: 1389094178, price: "679.99", amount: "0.57709999", currency: "EUR" }]);
  // The floor the benchmark compares against does not keep them.
  assert.equal(String(JSON.parse(text).bids[1].price), "666.1234567890124");
});

test("parseTrades: camelCase, exact amounts", () => {
  const [trade] = parseTrades(
    '[{"uuid":"8b0a0aa0-8e04-4a56-9e07-ee9d8c5e7aed","traded_btc":0.01000000,"traded_currency":6.8,' +
      '"created_at":"2014-01-07T11:30:59Z","currency":"EUR","price":680.0,"created_at_int":1389094259}]',
  );
  assert.deepEqual(trade, {
    uuid: "8b0a0aa0-8e04-4a56-9e07-ee9d8c5e7aed",
    currency: "EUR",
    createdAt: "2014-01-07T11:30:59Z",
    createdAtInt: 1389094259,
    price: "680.0",
    tradedBtc: "0.01000000",
    tradedCurrency: "6.8",
  });
});

test("parseBitcoinChartsTrades and parseBitcoinChartsDepth: exact pairs, tid as text", () => {
  assert.deepEqual(parseBitcoinChartsTrades('[{"date":1389094259,"price":680.0,"amount":0.0100,"tid":12345678901234567890}]'), [
    { date: 1389094259, price: "680.0", amount: "0.0100", tid: "12345678901234567890" },
  ]);
  assert.deepEqual(parseBitcoinChartsDepth('{"bids":[[666.0,0.06]],"asks":[["679.99","0.57709999"]]}'), {
    bids: [["666.0", "0.06"]],
    asks: [["679.99", "0.57709999"]],
  });
});

test("a body that is not the endpoint's: a decode error naming the field", () => {
  const badPrice = decodeError(() =>
    parseDepth('{"bids":[{"timestamp":1,"amount":1,"price":1,"currency":"EUR"},{"timestamp":1,"amount":1,"price":"x","currency":"EUR"}],"asks":[]}'),
  );
  assert.equal(badPrice.path, "bids[1].price");
  // Given as text: no HTTP status was seen, none is named.
  assert.equal(badPrice.status, null);
  // A missing field is named by its own path.
  const missing = decodeError(() => parseTrades('[{"uuid":"a"}]'));
  assert.equal(missing.path, "[0].currency");
  assert.match(missing.message, /missing/);
  assert.match(decodeError(() => parseTicker('{"currency":"EUR"')).message, /truncated/);
  assert.equal(decodeError(() => parseTicker("<html>")).path, null);
  // More digits than a decimal holds: refused, never rounded.
  decodeError(() => parseDepth('{"bids":[{"timestamp":1,"amount":1,"price":1.00000000000000000000000000001,"currency":"EUR"}],"asks":[]}'));
});

const DEPTH =
  '{"bids":[{"timestamp":1,"amount":"0.5","price":679.90,"currency":"EUR"},{"timestamp":2,"amount":1.25,"price":680.00,"currency":"EUR"}],' +
  '"asks":[{"timestamp":3,"amount":2,"price":"681.5","currency":"EUR"},{"timestamp":4,"amount":1e-8,"price":682,"currency":"E\\u0055R"}]}';

test("bytes as fetch delivers them decode as the text does, non-ASCII included", () => {
  const bytes = new TextEncoder().encode(DEPTH);
  assert.deepEqual(parseDepth(bytes), parseDepth(DEPTH));
  assert.deepEqual(parseDepth(bytes.buffer), parseDepth(DEPTH));
  assert.equal(parseDepth(bytes).asks[1].amount, "0.00000001");
  assert.equal(parseDepth(bytes).asks[1].currency, "EUR");
  // Slices of the body keep their place after multi-byte characters.
  const trades = '[{"uuid":"é€😀","currency":"EUR","created_at":"t","created_at_int":1,"price":1.50,"traded_btc":2,"traded_currency":"3.00"}]';
  const [trade] = parseTrades(new TextEncoder().encode(trades));
  assert.equal(trade.uuid, "é€😀");
  assert.equal(trade.price, "1.50");
  assert.equal(trade.tradedCurrency, "3.00");
  // Invalid UTF-8 is not JSON.
  decodeError(() => parseTicker(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])));
  assert.throws(() => parseDepth(42), (error) => error instanceof BitcoinCentralError && error.kind === "invalid-argument");
});

test("parseDepthBook: best levels first, exact sums, spread and mid, as depth() reads them", () => {
  const book = parseDepthBook(new TextEncoder().encode(DEPTH));
  try {
    assert.equal(book.bidCount, 2);
    assert.equal(book.askCount, 2);
    assert.deepEqual(book.bids(1), [{ timestamp: 2, price: "680.00", amount: "1.25", currency: "EUR" }]);
    assert.deepEqual(book.asks().map((level) => level.price), ["681.5", "682"]);
    assert.deepEqual(book.bestAsk, { timestamp: 3, price: "681.5", amount: "2", currency: "EUR" });
    assert.equal(book.bidPrice(1), "679.90");
    assert.equal(book.askAmount(1), "0.00000001");
    assert.equal(book.cumulativeBid(1), "1.75");
    assert.equal(book.cumulativeAsk(5), null);
    assert.equal(book.totalAsk, "2.00000001");
    assert.equal(book.spread, "1.50");
    assert.equal(book.mid, "680.75");
    assert.throws(() => book.askPrice(2), (error) => error.kind === "invalid-argument");
  } finally {
    book.free();
  }
  const empty = parseDepthBook('{"bids":[],"asks":[]}');
  assert.equal(empty.bestBid, null);
  assert.equal(empty.spread, null);
  assert.equal(empty.totalBid, "0");
  empty[Symbol.dispose]();
  const bad = decodeError(() => parseDepthBook('{"bids":[{"timestamp":1,"amount":1,"price":true,"currency":"EUR"}],"asks":[]}'));
  assert.equal(bad.path, "bids[0].price");
});
