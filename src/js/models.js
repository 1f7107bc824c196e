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

/** A list slot: each item made by `item`. */
const l = (i, item) => {
  const count = T[i + 1];
  const first = T[i + 2] * 3;
  const out = new Array(count);
  for (let k = 0; k < count; k++) out[k] = item(first + 3 * k);
  return out;
};

/** A slot that may be null. */
const n = (i, make) => (T[i] === 0 ? null : make(i));

/** @param {number} i */
function Ticker(i) {
  const b = T[i + 1] * 3;
  return {
    currency: v(b),
    at: v(b + 3),
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
    uuid: v(b),
    currency: v(b + 3),
    createdAt: v(b + 6),
    createdAtInt: v(b + 9),
    price: v(b + 12),
    tradedBtc: v(b + 15),
    tradedCurrency: v(b + 18),
  };
}

/** @param {number} i */
function DepthLevel(i) {
  const b = T[i + 1] * 3;
  return {
    timestamp: v(b),
    price: v(b + 3),
    amount: v(b + 6),
    currency: v(b + 9),
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
    date: v(b),
    price: v(b + 3),
    amount: v(b + 6),
    tid: v(b + 9),
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
    name: v(b),
    locale: v(b + 3),
    balanceBtc: v(b + 6),
    lockedBtc: v(b + 9),
    balanceEur: v(b + 12),
    lockedEur: v(b + 15),
  };
}

/** @param {number} i */
function AccountOperation(i) {
  const b = T[i + 1] * 3;
  return {
    uuid: v(b),
    name: v(b + 3),
    amount: v(b + 6),
    currency: v(b + 9),
    createdAt: v(b + 12),
    createdAtInt: v(b + 15),
    isTradingAccount: v(b + 18),
  };
}

/** @param {number} i */
function Order(i) {
  const b = T[i + 1] * 3;
  return {
    uuid: v(b),
    type: v(b + 3),
    currency: v(b + 6),
    createdAt: v(b + 9),
    updatedAt: v(b + 12),
    amount: v(b + 15),
    state: v(b + 18),
    currencyFee: v(b + 21),
    btcFee: v(b + 24),
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
    limit: v(b),
    remaining: v(b + 3),
  };
}

const BUILDERS = { Ticker, Trade, DepthLevel, Depth, ChartsTrade, ChartsDepth, User, AccountOperation, Order, RateLimit };

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
