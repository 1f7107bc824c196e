// The benchmark's inputs: response bodies in the spec's shape, the same text on every
// run and in every runtime (a seeded generator, no I/O), so Node and Chromium decode
// byte-identical bodies.
//
//   depth   {"bids":[{"timestamp":…,"amount":0.89744,"price":665.0,"currency":"EUR"},…],"asks":[…]}
//           both sides in ascending price (the best bid last), as the exchange sends them
//   trades  [{"uuid":"…","traded_btc":…,"traded_currency":…,"created_at":"2014-…Z",
//            "currency":"EUR","price":…,"created_at_int":…},…]
//
// Decimals are JSON numbers with up to 8 decimals (prices in cents, amounts in
// satoshis), written with at least one decimal as the exchange does (`680.0`); with
// `{ strings: true }` the same digits are JSON strings (`"amount":"0.89744"`), as
// exchanges that guard their decimals from f64 send them. Same seed, same digits.

/** mulberry32: a small seeded PRNG, enough for varied digits. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer count of 10^-scale units as decimal text, trailing zeros trimmed to one. */
function decimal(units, scale) {
  const text = String(units).padStart(scale + 1, "0");
  const whole = text.slice(0, -scale);
  const fraction = text.slice(-scale).replace(/0+$/, "") || "0";
  return `${whole}.${fraction}`;
}

const T0 = 1389087724;

/** A decimal as the body writes it: a JSON number, or with `strings` a JSON string. */
const writer = (strings) => (strings ? (units, scale) => `"${decimal(units, scale)}"` : decimal);

/** A depth body with `levels` price levels per side. */
export function depthText(levels, { seed = 42, strings = false } = {}) {
  const next = random(seed);
  const dec = writer(strings);
  let cents;
  const side = (from, step) => {
    const out = [];
    cents = from;
    for (let i = 0; i < levels; i++) {
      cents += 1 + Math.floor(next() * step);
      const satoshis = 1 + Math.floor(next() * 500_000_000);
      const at = T0 - Math.floor(next() * 86_400);
      out.push(`{"timestamp":${at},"amount":${dec(satoshis, 8)},"price":${dec(cents, 2)},"currency":"EUR"}`);
    }
    return out;
  };
  // Bids up to about 665.00 EUR (from 1.00 EUR for the deepest books), asks above
  // the best bid from 679.99 EUR; each side ascending.
  const bids = side(Math.max(100, 66_500 - levels * 4), 6);
  const asks = side(Math.max(67_998, cents + 1), 6);
  return `{"bids":[${bids.join(",")}],"asks":[${asks.join(",")}]}`;
}

/** A trades body with `count` trades, oldest first. */
export function tradesText(count, { seed = 7, strings = false } = {}) {
  const next = random(seed);
  const dec = writer(strings);
  const hex = (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join("");
  const out = [];
  let at = T0;
  for (let i = 0; i < count; i++) {
    at += Math.floor(next() * 30);
    const cents = 66_000 + Math.floor(next() * 2_000);
    const satoshis = 1 + Math.floor(next() * 200_000_000);
    // traded_currency = price × amount (cents × satoshis is in 10^-10 EUR), cut to 8 decimals.
    const value = (BigInt(cents) * BigInt(satoshis)) / 100n;
    const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    const created = new Date(at * 1000).toISOString().replace(".000Z", "Z");
    out.push(
      `{"uuid":"${uuid}","traded_btc":${dec(satoshis, 8)},"traded_currency":${dec(value, 8)},` +
        `"created_at":"${created}","currency":"EUR","price":${dec(cents, 2)},"created_at_int":${at}}`,
    );
  }
  return `[${out.join(",")}]`;
}

/** Every decoding case of the first table, in order (decimals as JSON numbers, from text). */
export const CASES = [
  { name: "depth 1,000 levels/side", kind: "depth", size: 1_000 },
  { name: "depth 10,000 levels/side", kind: "depth", size: 10_000 },
  { name: "depth 50,000 levels/side", kind: "depth", size: 50_000 },
  { name: "trades 1,000", kind: "trades", size: 1_000 },
  { name: "trades 10,000", kind: "trades", size: 10_000 },
];

/** Decoding from the bytes fetch delivers: each case with decimals as numbers, then as strings. */
export const BYTES_CASES = [
  { name: "depth 10,000 levels/side", kind: "depth", size: 10_000 },
  { name: "depth 50,000 levels/side", kind: "depth", size: 50_000 },
  { name: "trades 10,000", kind: "trades", size: 10_000 },
].flatMap((c) => [
  { ...c, name: `${c.name}, numbers`, strings: false },
  { ...c, name: `${c.name}, strings`, strings: true },
]);

/** The book view (parseDepthBook): depth bodies, decimals as numbers. */
export const BOOK_CASES = [
  { name: "depth 1,000 levels/side", kind: "depth", size: 1_000 },
  { name: "depth 10,000 levels/side", kind: "depth", size: 10_000 },
  { name: "depth 50,000 levels/side", kind: "depth", size: 50_000 },
];

/** The share-of-time breakdown of the plain-objects path. */
export const SHARE_CASE = { name: "depth 10,000 levels/side, numbers", kind: "depth", size: 10_000 };

export function caseText({ kind, size, strings = false }) {
  return kind === "depth" ? depthText(size, { strings }) : tradesText(size, { strings });
}
