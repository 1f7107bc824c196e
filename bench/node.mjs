// The Node side of `make bench`, run by run.mjs in fresh processes, printing JSON:
//   node bench/node.mjs decode        the decoding cases (decode.mjs)
//   node bench/node.mjs bytes         decoding from bytes (measureBytes)
//   node bench/node.mjs book          the book view (measureBook)
//   node bench/node.mjs share         where parseDepth's time goes: its median (measureShare),
//                                     then a sampling profile of it (node:inspector's
//                                     Profiler, read by shareOfProfile; see run.mjs)
//   node bench/node.mjs instantiate   one compile + instantiate of the wasm via init()
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// BENCH_PKG: another build of the package than pkg/ (see run.mjs).
const pkg = process.env.BENCH_PKG ? pathToFileURL(`${process.env.BENCH_PKG}/`) : new URL("../pkg/", import.meta.url);
const bytes = readFileSync(new URL("bitcoin_central_bg.wasm", pkg));
const bc = await import(new URL("bitcoin_central.js", pkg));

const what = process.argv[2];
const ccxt = async () => (await import("ccxt")).default;
if (what === "instantiate") {
  const t0 = performance.now();
  await bc.default({ module_or_path: bytes });
  console.log(JSON.stringify({ instantiate: performance.now() - t0 }));
} else if (["decode", "bytes", "book", "share"].includes(what)) {
  await bc.default({ module_or_path: bytes });
  const m = await import("./decode.mjs");
  const result =
    what === "decode" ? m.measureDecoding(bc, await ccxt())
    : what === "bytes" ? m.measureBytes(bc)
    : what === "book" ? m.measureBook(bc, await ccxt())
    : await share(m);
  console.log(JSON.stringify(result));
} else {
  throw new Error(`usage: node bench/node.mjs decode|bytes|book|share|instantiate (got ${what})`);
}

/** The median of parseDepth(bytes), timed alone, then its profile (the Profiler commands run.mjs sends Chromium over CDP). */
async function share(m) {
  const { Session } = await import("node:inspector");
  const c = m.shareCase(bc);
  const timing = m.measureShare(c);
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((ok, fail) => session.post(method, params, (e, r) => (e ? fail(e) : ok(r))));
  try {
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: m.SAMPLING_US });
    await post("Profiler.start");
    m.profiledCalls(c);
    const { profile } = await post("Profiler.stop");
    return { ...timing, ...m.shareOfProfile(profile) };
  } finally {
    session.disconnect();
  }
}
