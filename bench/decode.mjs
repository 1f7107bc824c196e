// The decoding measurement, the same in Node and in Chromium: for each case, the
// same body through plain JSON.parse (the floor: numbers become f64s), through the
// package's parseDepth()/parseTrades() (exact decimals, what the client returns), and
// through JSON.parse plus ccxt's paymium parsers (what ccxt's fetchOrderBook() and
// fetchTrades() do with the answer). Runs are interleaved, in a rotating order, after
// warm-up runs; each figure is the median, in milliseconds.
import { CASES, caseText } from "./data.mjs";

export const WARMUP = 3;
export const RUNS = 15;

/**
 * @param bc     the package: { parseDepth, parseTrades }, initialized
 * @param ccxt   ccxt's module (Node) or its browser global
 * @param now    a clock in milliseconds (performance.now)
 */
export function measureDecoding(bc, ccxt, now = () => performance.now()) {
  const paymium = new ccxt.paymium();
  // ccxt ships paymium's one market (BTC/EUR, id "eur"): no network needed.
  const market = paymium.market("BTC/EUR");
  const results = [];
  for (const c of CASES) {
    const text = caseText(c);
    const contenders =
      c.kind === "depth"
        ? {
            json: () => JSON.parse(text),
            bc: () => bc.parseDepth(text),
            ccxt: () => paymium.parseOrderBook(JSON.parse(text), market.symbol, undefined, "bids", "asks", "price", "amount"),
          }
        : {
            json: () => JSON.parse(text),
            bc: () => bc.parseTrades(text),
            ccxt: () => paymium.parseTrades(JSON.parse(text), market),
          };
    check(c, text, contenders);
    const names = Object.keys(contenders);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    for (let round = 0; round < WARMUP + RUNS; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        const t0 = now();
        const value = contenders[name]();
        const t1 = now();
        if (value === undefined) throw new Error(`${name} returned nothing`);
        if (round >= WARMUP) times[name].push(t1 - t0);
      }
    }
    results.push({ name: c.name, bytes: text.length, ...Object.fromEntries(names.map((n) => [n, median(times[n])])) });
  }
  return results;
}

/** Each contender decodes the whole body; the package keeps the text's own digits. */
function check(c, text, { json, bc, ccxt }) {
  const plain = json();
  const exact = bc();
  const theirs = ccxt();
  if (c.kind === "depth") {
    if (exact.bids.length !== c.size || exact.asks.length !== c.size) throw new Error(`${c.name}: parseDepth lost levels`);
    if (theirs.bids.length !== c.size || theirs.asks.length !== c.size) throw new Error(`${c.name}: ccxt lost levels`);
    const last = exact.asks[c.size - 1];
    if (!text.includes(`"amount":${last.amount},"price":${last.price},`)) throw new Error(`${c.name}: parseDepth changed digits`);
    if (Number(last.price) !== plain.asks[c.size - 1].price) throw new Error(`${c.name}: not the same body`);
  } else {
    if (exact.length !== c.size || theirs.length !== c.size) throw new Error(`${c.name}: a parser lost trades`);
    const last = exact[c.size - 1];
    if (!text.includes(`"traded_btc":${last.tradedBtc},"traded_currency":${last.tradedCurrency},`)) throw new Error(`${c.name}: parseTrades changed digits`);
    if (last.uuid !== plain[c.size - 1].uuid) throw new Error(`${c.name}: not the same body`);
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
