// The decoding measurements, the same in Node and in Chromium. Runs are interleaved,
// in a rotating order, after warm-up runs; each figure is the median, in milliseconds.
// Where the runtime exposes gc() (run.mjs starts Node with --expose-gc and Chromium with
// --js-flags=--expose-gc), a full collection precedes every timed run, untimed: no
// contender pays for the garbage the one before it left (without it, JSON.parse of the
// same text measured 6.5, 10.6 and 14.5 ms in three tables of one run, behind
// different neighbours); a collection a run's own allocations cause is still its own.
//
//   measureDecoding  for each case, the same body through plain JSON.parse (the floor:
//                    numbers become f64s), through the package's parseDepth()/parseTrades()
//                    (exact decimals, what the client returns), and through JSON.parse plus
//                    ccxt's paymium parsers (what ccxt's fetchOrderBook() and fetchTrades()
//                    do with the answer)
//   measureBytes     from the bytes fetch delivers (a Uint8Array of the UTF-8 body):
//                    parseDepth(bytes)/parseTrades(bytes), beside what response.json() does
//                    (JSON.parse(new TextDecoder().decode(bytes))) and JSON.parse(text)
//   measureBook      parseDepthBook(bytes), then the best 20 levels per side and both
//                    totals, then free(); beside JSON.parse(text) and JSON.parse + ccxt's
//                    parseOrderBook
//   measureShare     parseDepth(bytes)'s median, timed alone; with profiledCalls and
//                    shareOfProfile, where its time goes (see run.mjs's header)
//
// A contender the package does not have yet (bytes refused, no parseDepthBook) is
// reported as missing (`null` figures with a `missing` reason), never guessed.
import { CASES, BYTES_CASES, BOOK_CASES, SHARE_CASE, caseText } from "./data.mjs";

export const WARMUP = 3;
export const RUNS = 15;
/** Levels per side the book view reads. */
export const BOOK_LEVELS = 20;
export const MISSING = "export missing";

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
    results.push({ name: c.name, bytes: text.length, ...race(contenders, now) });
  }
  return results;
}

/** Runs the contenders interleaved, in a rotating order: `{ name: median ms }`. */
function race(contenders, now) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const collect = typeof globalThis.gc === "function" ? globalThis.gc : () => {};
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      collect();
      const t0 = now();
      const value = contenders[name]();
      const t1 = now();
      if (value === undefined) throw new Error(`${name} returned nothing`);
      if (round >= WARMUP) times[name].push(t1 - t0);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n])]));
}

const utf8 = (text) => new TextEncoder().encode(text);

/** Whether parseDepth/parseTrades take a Uint8Array (the new API), tried on tiny bodies. */
export function acceptsBytes(bc) {
  try {
    const depth = bc.parseDepth(utf8('{"bids":[{"timestamp":1,"amount":"1.5","price":"2","currency":"EUR"}],"asks":[]}'));
    const trades = bc.parseTrades(utf8("[]"));
    return depth?.bids?.[0]?.amount === "1.5" && Array.isArray(trades) && trades.length === 0;
  } catch {
    return false;
  }
}

/**
 * Decoding from bytes: `{ name, bytes, json, td, bc }` per case, `bc` null (with
 * `missing`) when the package does not take bytes.
 */
export function measureBytes(bc, now = () => performance.now()) {
  const bytesAccepted = acceptsBytes(bc);
  const results = [];
  for (const c of BYTES_CASES) {
    const text = caseText(c);
    const bytes = utf8(text);
    const parse = c.kind === "depth" ? bc.parseDepth : bc.parseTrades;
    const contenders = {
      json: () => JSON.parse(text),
      td: () => JSON.parse(new TextDecoder().decode(bytes)),
      ...(bytesAccepted ? { bc: () => parse(bytes) } : {}),
    };
    if (bytesAccepted) check(c, text, { json: contenders.json, bc: contenders.bc });
    results.push({ name: c.name, bytes: bytes.length, bc: null, ...(bytesAccepted ? {} : { missing: MISSING }), ...race(contenders, now) });
  }
  return results;
}

/** A decimal string without trailing zeros (`"1.50"` → `"1.5"`, `"2.0"` → `"2"`). */
const canonical = (d) => (d.includes(".") ? d.replace(/0+$/, "").replace(/\.$/, "") : d);
/** Σ of a side's amounts, exactly, from the body's own digits (8 decimals). */
function exactSum(sideText) {
  let units = 0n;
  for (const [, digits] of sideText.matchAll(/"amount":"?([0-9.]+)"?/g)) {
    const [whole, fraction = ""] = digits.split(".");
    units += BigInt(whole + fraction.padEnd(8, "0"));
  }
  const text = units.toString().padStart(9, "0");
  return canonical(`${text.slice(0, -8)}.${text.slice(-8)}`);
}

/** What the book view is checked against, from the body's text. */
function expectedBook(text) {
  const plain = JSON.parse(text);
  const at = text.indexOf('"asks":');
  const digits = (side) => [...side.matchAll(/"price":"?([0-9.]+)"?/g)].map((m) => canonical(m[1]));
  const bidPrices = digits(text.slice(0, at));
  const askPrices = digits(text.slice(at));
  // The body's sides are ascending: the best bid is the last one, the best ask the first.
  return {
    bids: plain.bids.length,
    asks: plain.asks.length,
    bestBids: bidPrices.slice(-BOOK_LEVELS).reverse(),
    bestAsks: askPrices.slice(0, BOOK_LEVELS),
    totalBid: exactSum(text.slice(0, at)),
    totalAsk: exactSum(text.slice(at)),
  };
}

/** What is wrong with a book against `expected`: a list of short reasons (empty when right). */
function bookProblems(book, expected) {
  const problems = [];
  const bids = book.bids(BOOK_LEVELS);
  const asks = book.asks(BOOK_LEVELS);
  if (book.bidCount !== expected.bids || book.askCount !== expected.asks) problems.push(`counts ${book.bidCount}/${book.askCount}, not ${expected.bids}/${expected.asks}`);
  const prices = (levels) => levels.map((l) => canonical(String(l.price)));
  if (prices(bids).join() !== expected.bestBids.join()) problems.push("bids(20) are not the best bids, best first");
  if (prices(asks).join() !== expected.bestAsks.join()) problems.push("asks(20) are not the best asks, best first");
  if (canonical(String(book.bestBid?.price)) !== expected.bestBids[0] || canonical(String(book.bestAsk?.price)) !== expected.bestAsks[0]) problems.push("bestBid/bestAsk");
  if (canonical(String(book.totalBid)) !== expected.totalBid || canonical(String(book.totalAsk)) !== expected.totalAsk) problems.push(`totals ${book.totalBid}/${book.totalAsk}, not Σ amounts ${expected.totalBid}/${expected.totalAsk}`);
  if (typeof bids[0]?.amount !== "string" || typeof book.totalBid !== "string") problems.push("decimals are not strings");
  return problems;
}

/**
 * The book view: `{ name, bytes, json, ccxt, book, problems }` per case, `book` null
 * (with `missing`) when the package has no parseDepthBook.
 */
export function measureBook(bc, ccxt, now = () => performance.now()) {
  const paymium = new ccxt.paymium();
  const market = paymium.market("BTC/EUR");
  const has = typeof bc.parseDepthBook === "function";
  const results = [];
  for (const c of BOOK_CASES) {
    const text = caseText(c);
    const bytes = utf8(text);
    const contenders = {
      json: () => JSON.parse(text),
      ccxt: () => paymium.parseOrderBook(JSON.parse(text), market.symbol, undefined, "bids", "asks", "price", "amount"),
    };
    let problems = [];
    if (has) {
      contenders.book = () => {
        const book = bc.parseDepthBook(bytes);
        try {
          const read = [book.bids(BOOK_LEVELS), book.asks(BOOK_LEVELS), book.totalBid, book.totalAsk];
          return read;
        } finally {
          book.free();
        }
      };
      try {
        const book = bc.parseDepthBook(bytes);
        try {
          problems = bookProblems(book, expectedBook(text));
        } finally {
          book.free();
        }
      } catch (e) {
        problems = [`threw: ${e?.message ?? e}`];
      }
    }
    const theirs = contenders.ccxt();
    if (theirs.bids.length !== c.size || theirs.asks.length !== c.size) throw new Error(`${c.name}: ccxt lost levels`);
    results.push({ name: c.name, bytes: bytes.length, book: null, ...(has ? { problems } : { missing: MISSING }), ...race(contenders, now) });
  }
  return results;
}

// ---- Share of time: a sampling profile of parseDepth(bytes) ----------------------------
// The profiler itself is the runtime's (run.mjs drives Chromium's over CDP, node.mjs
// Node's through node:inspector); what is profiled, and how samples are read, is here.

/** The profiler's sampling interval, in microseconds, and the calls profiled back to back. */
export const SAMPLING_US = 50;
export const SHARE_CALLS = 40;

/**
 * The buckets of the share-of-time table, in print order. A sample goes to the bucket
 * of its *self* frame (the function on top of the stack when it was taken).
 */
export const SHARE_BUCKETS = [
  ["wasm", "wasm (the walk and the tape)"],
  ["builders", "JS builders (models.js)"],
  ["td", "TextDecoder (the body, once)"],
  ["gc", "GC"],
  ["glue", "glue (bitcoin_central.js)"],
];

/**
 * SHARE_CASE's call, ready to time and to profile: `{ name, input, bytes, call }`, the
 * call parseDepth(bytes) (or of the text, when bytes are refused: `input` says which).
 */
export function shareCase(bc) {
  const text = caseText(SHARE_CASE);
  const bytes = utf8(text);
  const input = acceptsBytes(bc) ? "bytes" : "text";
  const call = input === "bytes" ? () => bc.parseDepth(bytes) : () => bc.parseDepth(text);
  check(SHARE_CASE, text, { json: () => JSON.parse(text), bc: call });
  return { name: SHARE_CASE.name, input, bytes: bytes.length, call };
}

/** The call's median time, as every other figure (race: warm-ups, a GC before each run), without the profiler. */
export function measureShare(share, now = () => performance.now()) {
  const { name, input, bytes } = share;
  return { name, input, bytes, ...race({ total: share.call }, now) };
}

/**
 * What runs under the profiler: one full GC first (no earlier garbage collected on the
 * calls' time), then SHARE_CALLS calls back to back with no GC forced between them (a
 * forced one would be sampled as GC): the GC samples are what the calls' own garbage
 * costs. Returns a count, for page.evaluate to carry back.
 */
export function profiledCalls(share, calls = SHARE_CALLS) {
  if (typeof globalThis.gc === "function") globalThis.gc();
  let kept;
  for (let i = 0; i < calls; i++) kept = share.call();
  return kept.bids.length;
}

/**
 * A CPU profile (`Profiler.stop`'s, the same shape in Chromium and Node) read into
 * buckets: `{ samples: { bucket: count }, inCall, leftOut: { frame: count } }`. By the
 * self frame's callFrame:
 *   url ending in .wasm or wasm://…                 wasm (Chromium names the module by
 *                                                    its URL, Node, given bytes, wasm://wasm/<hash>)
 *   url containing models.js                        the JS builders
 *   functionName decode, url empty (Chromium's
 *   TextDecoder) or node:internal/encoding (Node's)  TextDecoder
 *   functionName (garbage collector)                GC
 *   url ending in bitcoin_central.js, or another
 *   of the package's snippets                       glue
 *   a builtin (empty url, a name not in parentheses: substring, Uint8Array's set,
 *   Node's decodeUTF8 binding, …)                   its caller's bucket
 *   anything else ((program), (idle), (root), the harness, the profiler's own dispatch)
 *                                                   left out, counted in `leftOut`
 * `inCall` is the number of samples in the buckets: the shares are of it.
 */
export function shareOfProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const bucketOf = new Map();
  const classify = (id) => {
    if (bucketOf.has(id)) return bucketOf.get(id);
    const { functionName: name, url } = byId.get(id).callFrame;
    let bucket =
      url.endsWith(".wasm") || url.startsWith("wasm://") ? "wasm"
      : url.includes("models.js") ? "builders"
      : name === "decode" && (url === "" || url === "node:internal/encoding") ? "td"
      : name === "(garbage collector)" ? "gc"
      : url.endsWith("bitcoin_central.js") || url.includes("/snippets/") ? "glue"
      : null;
    if (bucket === null && url === "" && !name.startsWith("(") && parent.has(id)) bucket = classify(parent.get(id));
    bucketOf.set(id, bucket);
    return bucket;
  };
  const samples = Object.fromEntries(SHARE_BUCKETS.map(([key]) => [key, 0]));
  const leftOut = {};
  for (const id of profile.samples) {
    const bucket = classify(id);
    if (bucket !== null) samples[bucket]++;
    else {
      const { functionName } = byId.get(id).callFrame;
      const frame = functionName.startsWith("(") ? functionName : "the harness";
      leftOut[frame] = (leftOut[frame] ?? 0) + 1;
    }
  }
  const inCall = Object.values(samples).reduce((a, b) => a + b, 0);
  return { samples, inCall, leftOut };
}

/** Each contender decodes the whole body; the package keeps the text's own digits. (ccxt optional.) */
function check(c, text, { json, bc, ccxt }) {
  const plain = json();
  const exact = bc();
  const theirs = ccxt?.();
  if (c.kind === "depth") {
    if (exact.bids.length !== c.size || exact.asks.length !== c.size) throw new Error(`${c.name}: parseDepth lost levels`);
    if (ccxt && (theirs.bids.length !== c.size || theirs.asks.length !== c.size)) throw new Error(`${c.name}: ccxt lost levels`);
    const last = exact.asks[c.size - 1];
    const q = c.strings ? '"' : "";
    if (!text.includes(`"amount":${q}${last.amount}${q},"price":${q}${last.price}${q},`)) throw new Error(`${c.name}: parseDepth changed digits`);
    if (Number(last.price) !== Number(plain.asks[c.size - 1].price)) throw new Error(`${c.name}: not the same body`);
  } else {
    if (exact.length !== c.size || (ccxt && theirs.length !== c.size)) throw new Error(`${c.name}: a parser lost trades`);
    const last = exact[c.size - 1];
    const q = c.strings ? '"' : "";
    if (!text.includes(`"traded_btc":${q}${last.tradedBtc}${q},"traded_currency":${q}${last.tradedCurrency}${q},`)) throw new Error(`${c.name}: parseTrades changed digits`);
    if (last.uuid !== plain[c.size - 1].uuid) throw new Error(`${c.name}: not the same body`);
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
