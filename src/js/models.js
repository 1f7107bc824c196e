// Generated from the model table in src/model.rs by `BLESS=1 cargo test generated`
// (src/tape.rs, `javascript`). Do not edit: change the table and bless again.
//
// Makes the JS objects of a tape (see src/tape.rs): T is the tape's slots, three
// numbers each ([tag, a, b]); S the body, decoded once; X the tape's extra text.

/** @type {Float64Array} */
let T;
/** @type {string} */
let S;
/** @type {string} */
let X;

/** A scalar slot: null, a number, a text of the body or of X, true or false. */
const v = (i) => {
  const tag = T[i];
  return tag === 2 ? S.substring(T[i + 1], T[i + 2])
    : tag === 1 ? T[i + 1]
    : tag === 0 ? null
    : tag === 3 ? X.substring(T[i + 1], T[i + 2])
    : tag === 4;
};

/** A text slot (never null): a slice of the body, or of X. */
const t = (i) => (T[i] === 2 ? S : X).substring(T[i + 1], T[i + 2]);

/** A list slot: each item made by `item`. */
const l = (i, item) => {
  const end = (T[i + 2] + T[i + 1]) * 3;
  const out = [];
  for (let k = T[i + 2] * 3; k < end; k += 3) out.push(item(k));
  return out;
};

/** A slot that may be null. */
const n = (i, make) => (T[i] === 0 ? null : make(i));

/** @param {number} i */
function Ticker(i) {
  const b = T[i + 1] * 3;
  return {
    currency: t(b),
    at: T[b + 3 + 1],
    price: v(b + 6),
    bid: v(b + 9),
    ask: v(b + 12),
    midpoint: v(b + 15),
    volume: v(b + 18),
    variation: v(b + 21),
    high: v(b + 24),
    low: v(b + 27),
    vwap: v(b + 30),
  };
}

/** @param {number} i */
function Trade(i) {
  const b = T[i + 1] * 3;
  return {
    uuid: t(b),
    currency: t(b + 3),
    createdAt: t(b + 6),
    createdAtInt: T[b + 9 + 1],
    price: t(b + 12),
    tradedBtc: t(b + 15),
    tradedCurrency: t(b + 18),
  };
}

/** @param {number} i */
function DepthLevel(i) {
  const b = T[i + 1] * 3;
  return {
    timestamp: T[b + 1],
    price: t(b + 3),
    amount: t(b + 6),
    currency: t(b + 9),
  };
}

/** @param {number} i */
function Depth(i) {
  const b = T[i + 1] * 3;
  return {
    bids: l(b, DepthLevel),
    asks: l(b + 3, DepthLevel),
  };
}

/** @param {number} i */
function ChartsTrade(i) {
  const b = T[i + 1] * 3;
  return {
    date: T[b + 1],
    price: t(b + 3),
    amount: t(b + 6),
    tid: t(b + 9),
  };
}

/** @param {number} i */
function ChartsDepth(i) {
  const b = T[i + 1] * 3;
  return {
    bids: l(b, (i) => l(i, v)),
    asks: l(b + 3, (i) => l(i, v)),
  };
}

/** @param {number} i */
function User(i) {
  const b = T[i + 1] * 3;
  return {
    name: t(b),
    locale: t(b + 3),
    balanceBtc: t(b + 6),
    lockedBtc: t(b + 9),
    balanceEur: t(b + 12),
    lockedEur: t(b + 15),
  };
}

/** @param {number} i */
function AccountOperation(i) {
  const b = T[i + 1] * 3;
  return {
    uuid: t(b),
    name: t(b + 3),
    amount: t(b + 6),
    currency: t(b + 9),
    createdAt: t(b + 12),
    createdAtInt: T[b + 15 + 1],
    isTradingAccount: T[b + 18] === 4,
  };
}

/** @param {number} i */
function Order(i) {
  const b = T[i + 1] * 3;
  return {
    uuid: t(b),
    type: t(b + 3),
    currency: t(b + 6),
    createdAt: t(b + 9),
    updatedAt: t(b + 12),
    amount: t(b + 15),
    state: t(b + 18),
    currencyFee: t(b + 21),
    btcFee: t(b + 24),
    comment: v(b + 27),
    accountOperations: l(b + 30, AccountOperation),
    direction: v(b + 33),
    price: v(b + 36),
    tradedBtc: v(b + 39),
    tradedCurrency: v(b + 42),
  };
}

/** @param {number} i */
function RateLimit(i) {
  const b = T[i + 1] * 3;
  return {
    limit: T[b + 1],
    remaining: T[b + 3 + 1],
  };
}

/** @param {number} i */
function StreamLevel(i) {
  const b = T[i + 1] * 3;
  return {
    price: t(b),
    amount: v(b + 3),
    timestamp: v(b + 6),
    currency: v(b + 9),
  };
}

/** @param {number} i */
function MarketUpdate(i) {
  const b = T[i + 1] * 3;
  return {
    ticker: n(b, Ticker),
    trades: l(b + 3, Trade),
    bids: l(b + 6, StreamLevel),
    asks: l(b + 9, StreamLevel),
  };
}

/** @param {number} i */
function AccountUpdate(i) {
  const b = T[i + 1] * 3;
  return {
    balanceBtc: v(b),
    lockedBtc: v(b + 3),
    balanceEur: v(b + 6),
    lockedEur: v(b + 9),
    orders: l(b + 12, Order),
  };
}

const BUILDERS = { Ticker, Trade, DepthLevel, Depth, ChartsTrade, ChartsDepth, User, AccountOperation, Order, RateLimit, StreamLevel, MarketUpdate, AccountUpdate };

/**
 * The value of a tape: `root` names the root's model ("Ticker", "Trade[]", "Order|null").
 * @param {string} root
 * @param {Float64Array} tape
 * @param {string} body
 * @param {string} extra
 */
export function build(root, tape, body, extra) {
  T = tape;
  S = body;
  X = extra;
  try {
    if (root.endsWith("[]")) return l(0, BUILDERS[root.slice(0, -2)]);
    if (root.endsWith("|null")) return n(0, BUILDERS[root.slice(0, -5)]);
    return BUILDERS[root](0);
  } finally {
    T = undefined;
    S = X = "";
  }
}

/** @type {TextDecoder | undefined} */
let decoder;

/**
 * `build` over the body's UTF-8 bytes (a view of wasm memory), decoded here once. The
 * walk has checked them: the decoder need not.
 * @param {string} root
 * @param {Float64Array} tape
 * @param {Uint8Array} bytes
 * @param {string} extra
 */
export function buildBytes(root, tape, bytes, extra) {
  decoder ??= new TextDecoder();
  return build(root, tape, decoder.decode(bytes), extra);
}
