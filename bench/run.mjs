// `make bench`: measures the built pkg/ and prints its tables, every figure from this run.
//
// The first table:
//   decoding       decode.mjs in Node (a fresh process) and in headless Chromium:
//                  the package's parseDepth()/parseTrades() against JSON.parse and
//                  JSON.parse + ccxt's paymium parsers, medians with ratios to JSON.parse
//   instantiate    compile + instantiate of the wasm through the package's init(), from
//                  its bytes: median over fresh Chromium contexts and fresh Node processes
//   first ticker   the sample page on the sandbox: navigation start to the first ticker
//                  price on screen, median over fresh Chromium contexts
//   size           gzip -9 of every file the package ships (as scripts/package.mjs
//                  counts them) and their total, beside ccxt's browser bundle; then, below
//                  the table, the wasm's top 12 crates (scripts/size-by-crate.mjs over
//                  target/size/, the names-keeping twin scripts/bench.sh builds; shown only
//                  when its code and data sections are byte for byte those of pkg/'s wasm)
//
// Then, each in a fresh Chromium context and a fresh Node process (decode.mjs):
//   from bytes     the body as fetch delivers it, a Uint8Array of its UTF-8:
//                  parseDepth(bytes)/parseTrades(bytes) beside JSON.parse(new
//                  TextDecoder().decode(bytes)) (what response.json() does) and
//                  JSON.parse(text); decimals as JSON numbers, then as JSON strings
//   book view      parseDepthBook(bytes), then bids(20), asks(20), totalBid, totalAsk,
//                  then free(): beside JSON.parse(text) and JSON.parse(text) + ccxt's
//                  parseOrderBook; the book's answers are checked against the body
//                  (counts, best 20 prices per side best first, totals = Σ amounts exactly)
//   share of time  where parseDepth(bytes) spends its time, depth 10,000 levels/side,
//                  decimals as numbers (SHARE_CASE). The path: the bytes are copied into
//                  wasm memory, one walk in wasm writes the tape, the glue TextDecodes the
//                  body once (wasm-bindgen handing JS a &str), and the generated builders
//                  of models.js make the objects (literals, substring). The package exports
//                  no timer, so a sampling profiler: the median of the call is timed alone
//                  as every figure is (not under the profiler); then, in the same page or
//                  process, Profiler.enable, Profiler.setSamplingInterval (SAMPLING_US,
//                  50 µs), Profiler.start, SHARE_CALLS (40) calls back to back after one
//                  full GC, Profiler.stop: over a CDP session in Chromium, through
//                  node:inspector's Session in Node. Each sample goes to the bucket of its
//                  self frame (decode.mjs's shareOfProfile): a url ending in .wasm (Node,
//                  given bytes, names the module wasm://wasm/…) → wasm (the walk and the
//                  tape); a url containing models.js → JS builders; functionName decode
//                  with an empty url (Node: node:internal/encoding) → TextDecoder; (garbage
//                  collector) → GC; the rest of bitcoin_central.js → glue; a builtin (empty
//                  url: substring, Uint8Array's set, …) → its caller's bucket. Anything
//                  else ((program), (idle), the harness) is left out, and its count printed.
//                  Printed per runtime: the median, each bucket's share of the in-call
//                  samples, and its ms = share × median (the samples' counts beside them).
//                  (From text when the package refuses bytes, and labelled so.)
//
// Every decoding figure is a median of interleaved runs, each after a full GC (decode.mjs).
// A contender the package lacks (bytes refused, no parseDepthBook) prints
// "n/a (export missing)". Targets print ✓ or ✗ (the first table: holds / MISSES).
//
// Needs pkg/ built, bench/node_modules installed and the sandbox binary: scripts/bench.sh
// sees to all three (and to target/size/). Environment: BENCH_LOADS (fresh loads per
// startup figure, 9), BENCH_PKG (another build of the package to measure), BENCH_NAMES
// (the names-keeping wasm, target/size/bitcoin_central_bg.wasm), CHROMIUM, SANDBOX_BIN.
import { createServer } from "node:http";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join, extname, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { TARGET_BYTES, shippedSizes } from "../scripts/sizes.mjs";
import { sizeByCrate, formatReport, codeAndDataHash } from "../scripts/size-by-crate.mjs";
import { createRequire } from "node:module";
import { loadavg, availableParallelism } from "node:os";

const root = resolve(new URL("..", import.meta.url).pathname);
const bench = join(root, "bench");
// BENCH_PKG measures another build of the package (a size option, say) than pkg/.
const pkg = resolve(process.env.BENCH_PKG ?? join(root, "pkg"));
const ccxtBundle = join(bench, "node_modules/ccxt/dist/ccxt.browser.min.js");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const sandboxBin = process.env.SANDBOX_BIN ?? join(root, "target/debug/bitcoin-central-sandbox");
/** Fresh page loads (or processes) per startup figure. */
const LOADS = Number(process.env.BENCH_LOADS ?? 9);

// playwright-core comes from the project's own node_modules (package-lock.json).
const { chromium } = createRequire(join(root, "package.json"))("playwright-core");
const { WARMUP, RUNS, BOOK_LEVELS, SAMPLING_US, SHARE_CALLS, SHARE_BUCKETS, shareOfProfile, median } = await import("./decode.mjs");
const namesWasm = resolve(process.env.BENCH_NAMES ?? join(root, "target/size/bitcoin_central_bg.wasm"));

for (const [what, path] of [["pkg/", join(pkg, "bitcoin_central_bg.wasm")], ["ccxt", ccxtBundle], ["the sandbox", sandboxBin]]) {
  if (!existsSync(path)) throw new Error(`bench: ${what} is missing (${path}): run it through scripts/bench.sh`);
}

const note = (text) => process.stderr.write(`bench: ${text}\n`);
// Other work on the machine skews every figure: the load is printed with the tables.
const loadAtStart = loadavg()[0];

// ---- Node -----------------------------------------------------------------------------
function node(args) {
  // --expose-gc: decode.mjs collects garbage before each timed run.
  const out = execFileSync(process.execPath, ["--expose-gc", join(bench, "node.mjs"), ...args], { cwd: bench, env: { ...process.env, BENCH_PKG: pkg }, encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out);
}
note(`Node ${process.version}: decoding (${WARMUP} warm-up + ${RUNS} runs per contender)`);
const nodeDecoding = node(["decode"]);
note("Node: decoding from bytes");
const nodeBytes = node(["bytes"]);
note("Node: the book view");
const nodeBook = node(["book"]);
note("Node: share of time, plain objects");
const nodeShare = node(["share"]);
note(`Node: instantiate, ${LOADS} fresh processes`);
const nodeInstantiate = median(Array.from({ length: LOADS }, () => node(["instantiate"]).instantiate));

// ---- Chromium ---------------------------------------------------------------------------
/** pkg/, the bench pages and ccxt's bundle, from one local origin. */
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const file =
    path === "/ccxt.browser.min.js" ? ccxtBundle
    : path.startsWith("/pkg/") ? join(pkg, path.slice(5))
    : path.startsWith("/bench/") ? join(bench, path.slice(7))
    : null;
  const inside = file && (file === ccxtBundle || file.startsWith(pkg + "/") || file.startsWith(bench + "/")) && !file.includes("node_modules/.");
  if (!inside || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": "no-store",
    // Cross-origin isolated: performance.now() to 5 µs rather than 100 µs.
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
  });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const sandbox = await startSandbox();
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--js-flags=--expose-gc"],
});
const chromiumVersion = browser.version();
let chromeDecoding, chromeBytes, chromeBook, chromeShare, chromeInstantiate, firstTicker;
try {
  /** Opens decode.html on `page` and waits for its measurements. */
  const openDecodePage = async (page) => {
    await page.goto(`${origin}/bench/decode.html`);
    await page.waitForFunction(() => window.ready === true);
    if (!(await page.evaluate(() => crossOriginIsolated))) note("the decoding page is not cross-origin isolated: timings to 100 µs");
    if (!(await page.evaluate(() => typeof gc === "function"))) note("the decoding page has no gc(): runs are not preceded by a collection");
  };
  /** One of decode.html's measurements, on a page of its own. */
  const onDecodePage = (measure) =>
    inPage(async (page) => {
      await openDecodePage(page);
      return page.evaluate((name) => window[name](), measure);
    });
  note(`Chromium ${chromiumVersion}: decoding`);
  chromeDecoding = await onDecodePage("measureDecoding");
  note("Chromium: decoding from bytes");
  chromeBytes = await onDecodePage("measureBytes");
  note("Chromium: the book view");
  chromeBook = await onDecodePage("measureBook");
  note("Chromium: share of time, plain objects");
  chromeShare = await inPage(async (page) => {
    await openDecodePage(page);
    // The median first, without the profiler; then the same call under it, over CDP.
    const timing = await page.evaluate(() => window.measureShare());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: SAMPLING_US });
    await cdp.send("Profiler.start");
    await page.evaluate(() => window.profiledShare());
    const { profile } = await cdp.send("Profiler.stop");
    await cdp.detach();
    return { ...timing, ...shareOfProfile(profile) };
  });

  note(`Chromium: instantiate, ${LOADS} fresh contexts`);
  const instantiates = [];
  for (let i = 0; i < LOADS; i++) {
    instantiates.push(
      await inPage(async (page) => {
        await page.goto(`${origin}/bench/instantiate.html`);
        return page.waitForFunction(() => window.instantiate).then((h) => h.jsonValue());
      }),
    );
  }
  chromeInstantiate = median(instantiates);

  note(`Chromium: first ticker on the sandbox's sample page, ${LOADS} fresh contexts`);
  const tickers = [];
  for (let i = 0; i < LOADS; i++) {
    tickers.push(
      await inPage(async (page) => {
        // From navigation start (performance.now()'s origin) to the first ticker price
        // with a digit in it, seen by an observer installed before the page's scripts.
        await page.addInitScript(() => {
          const seen = () => {
            if (window.firstTicker !== undefined) return;
            const price = document.querySelector("#ticker .price");
            if (price && /\d/.test(price.textContent)) window.firstTicker = performance.now();
          };
          new MutationObserver(seen).observe(document, { childList: true, subtree: true, characterData: true });
        });
        await page.goto(sandbox.url);
        return page.waitForFunction(() => window.firstTicker, null, { timeout: 30_000 }).then((h) => h.jsonValue());
      }),
    );
  }
  firstTicker = median(tickers);
} finally {
  await browser.close();
  server.close();
  sandbox.process.kill();
}

/** Runs `body` on a page of a fresh context (no cache, no compiled code shared). */
async function inPage(body) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => note(`page error: ${e.message}`));
    return await body(page);
  } finally {
    await context.close();
  }
}

function startSandbox() {
  const child = spawn(sandboxBin, ["--host", "127.0.0.1", "--port", "0", "--www", join(root, "www"), "--pkg", pkg, "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = out.match(/bitcoin-central-sandbox listening on (http:\S+)/)?.[1];
      if (url) ok({ process: child, url });
    });
    child.on("exit", (code) => fail(new Error(`the sandbox exited (${code}) before listening: ${out}`)));
  });
}

// ---- Sizes ------------------------------------------------------------------------------
// The same list and sums as the build and the size guard (scripts/sizes.mjs).
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const sizes = shippedSizes(pkg);
const shipped = sizes.files.map((f) => ({ name: f.path.replace(/^snippets\/[^/]+\//, "snippets/…/"), gz: f.gz }));
const totalGz = sizes.gz;
const ccxtGz = gz(ccxtBundle);
const ccxtVersion = JSON.parse(readFileSync(join(bench, "node_modules/ccxt/package.json"), "utf8")).version;
// By crate: over the names-keeping build, if it holds the very code and data measured here.
let byCrate;
if (!existsSync(namesWasm)) byCrate = `n/a: no names-keeping build at ${namesWasm} (scripts/bench.sh makes it)`;
else if (codeAndDataHash(readFileSync(namesWasm)) !== codeAndDataHash(readFileSync(join(pkg, "bitcoin_central_bg.wasm"))))
  byCrate = `n/a: ${namesWasm} is another build than ${pkg} (its code or data sections differ)`;
else byCrate = formatReport(sizeByCrate(readFileSync(namesWasm), { ownCrate: "bitcoin_central" }), { top: 12 });

// ---- The table --------------------------------------------------------------------------
const ms = (v) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + " ms";
const times = (v) => v.toFixed(2) + "×";
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const verdict = (ok) => (ok ? "holds" : "MISSES");

const rows = [];
for (const [runtime, results] of [["Chromium", chromeDecoding], ["Node", nodeDecoding]]) {
  for (const r of results) {
    const large = !/\b1,000\b/.test(r.name);
    const targets = [];
    if (large) targets.push(`≤1.5× JSON.parse: ${verdict(r.bc <= 1.5 * r.json)}`);
    targets.push(`< ccxt: ${verdict(r.bc < r.ccxt)}`);
    rows.push([
      `decode ${r.name} (${(r.bytes / 1e6).toFixed(2)} MB)`,
      runtime,
      ms(r.bc),
      times(r.bc / r.json),
      ms(r.json),
      ms(r.ccxt),
      times(r.ccxt / r.json),
      targets.join("; "),
    ]);
  }
}
for (const [runtime, v] of [["Chromium", chromeInstantiate], ["Node", nodeInstantiate]]) {
  rows.push([`wasm compile + instantiate (init, median of ${LOADS})`, runtime, ms(v), "", "", "", "", `< 10 ms: ${verdict(v < 10)}`]);
}
rows.push([`page load → first ticker, sandbox sample page (median of ${LOADS})`, "Chromium", ms(firstTicker), "", "", "", "", ""]);
for (const f of shipped) rows.push([`size ${f.name} (gzip -9)`, "", kb(f.gz), "", "", "", "", ""]);
rows.push([`size: package total (gzip -9); ccxt column: ccxt ${ccxtVersion} browser bundle`, "", kb(totalGz), "", "", kb(ccxtGz), "", `≤ ${kb(TARGET_BYTES)}: ${verdict(totalGz <= TARGET_BYTES)}`]);

/** A Markdown table: `right` says which columns are right-aligned. */
function table(header, right, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";
  console.log(line(header));
  console.log("| " + widths.map((w, i) => (right[i] ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |");
  for (const r of rows) console.log(line(r));
  console.log();
}

console.log(
  `\nbitcoin-central ${JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version} — ${new Date().toISOString()}; ` +
    `Node ${process.version}, Chromium ${chromiumVersion}, ccxt ${ccxtVersion}; decoding: medians of ${RUNS} interleaved runs after ${WARMUP} warm-ups, each after a full GC; ` +
    `load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end, ${availableParallelism()} CPUs\n`,
);
table(["measure", "runtime", "bitcoin-central", "÷ JSON.parse", "JSON.parse", "JSON.parse + ccxt", "÷ JSON.parse", "target"], [false, false, true, true, true, true, true, false], rows);

console.log(`size by crate: ${kb(shipped.find((f) => f.name.endsWith(".wasm"))?.gz ?? 0)} gzipped wasm, top 12 crates (raw bytes; gzip share estimated), scripts/size-by-crate.mjs over ${relativeToRoot(namesWasm)}\n`);
console.log(byCrate + "\n");

// ---- The additions: from bytes, the book view, the share of time ----------------------------
const mark = (ok) => (ok ? "✓" : "✗");
const NA = "n/a (export missing)";
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

const bytesRows = [];
for (const [runtime, results] of [["Chromium", chromeBytes], ["Node", nodeBytes]]) {
  for (const r of results) {
    const has = r.missing === undefined;
    bytesRows.push([
      `${r.name} (${mb(r.bytes)})`,
      runtime,
      has ? ms(r.bc) : NA,
      has ? times(r.bc / r.json) : "",
      has ? times(r.bc / r.td) : "",
      ms(r.json),
      ms(r.td),
      has ? `≤1.5× JSON.parse(text) ${mark(r.bc <= 1.5 * r.json)}; ≤1.5× JSON.parse(TextDecoder) ${mark(r.bc <= 1.5 * r.td)}` : "n/a",
    ]);
  }
}
console.log("decoding from bytes: a Uint8Array of the body, as fetch delivers it; TextDecoder: JSON.parse(new TextDecoder().decode(bytes)), what response.json() does\n");
table(
  ["decode from bytes", "runtime", "parse(bytes)", "÷ JSON.parse(text)", "÷ JSON.parse(TextDecoder)", "JSON.parse(text)", "JSON.parse(TextDecoder)", "target"],
  [false, false, true, true, true, true, true, false],
  bytesRows,
);

const bookRows = [];
for (const [runtime, results] of [["Chromium", chromeBook], ["Node", nodeBook]]) {
  for (const r of results) {
    const has = r.missing === undefined;
    const targets = [];
    if (has) {
      targets.push(`< JSON.parse + ccxt ${mark(r.book < r.ccxt)}`);
      if (!/\b1,000\b/.test(r.name)) targets.push(`< JSON.parse ${mark(r.book < r.json)}`);
      if (r.problems.length) targets.push(`✗ check: ${r.problems.join(", ")}`);
    }
    bookRows.push([
      `${r.name} (${mb(r.bytes)})`,
      runtime,
      has ? ms(r.book) : NA,
      has ? times(r.book / r.json) : "",
      ms(r.json),
      ms(r.ccxt),
      has ? times(r.book / r.ccxt) : "",
      has ? targets.join("; ") : "n/a",
    ]);
  }
}
console.log(`the book view: parseDepthBook(bytes), then bids(${BOOK_LEVELS}), asks(${BOOK_LEVELS}), totalBid, totalAsk, then free()\n`);
table(
  ["book view", "runtime", "parseDepthBook + reads", "÷ JSON.parse", "JSON.parse(text)", "JSON.parse + ccxt", "÷ JSON.parse + ccxt", "target"],
  [false, false, true, true, true, true, true, false],
  bookRows,
);

const shareRows = [];
for (const [runtime, r] of [["Chromium", chromeShare], ["Node", nodeShare]]) {
  const call = `parseDepth(${r.input})${r.input === "bytes" ? "" : ` — bytes: ${NA}`}`;
  const pct = (count) => (r.inCall ? `${((100 * count) / r.inCall).toFixed(1)}%` : "n/a");
  shareRows.push([`total: ${call}, median of ${RUNS}, timed without the profiler`, runtime, ms(r.total), "100%", `${r.inCall} in the call`]);
  for (const [key, label] of SHARE_BUCKETS) {
    const count = r.samples[key];
    shareRows.push([`  ${label}`, runtime, r.inCall ? ms((count / r.inCall) * r.total) : "n/a", pct(count), String(count)]);
  }
  const leftOut = Object.entries(r.leftOut).sort((a, b) => b[1] - a[1]);
  const outCount = leftOut.reduce((sum, [, n]) => sum + n, 0);
  shareRows.push([`  left out, not in the shares: ${leftOut.map(([frame, n]) => `${frame} ${n}`).join(", ") || "none"}`, runtime, "", "", String(outCount)]);
  if (r.inCall < 500) note(`share of time, ${runtime}: only ${r.inCall} samples in the call; its shares are rough`);
}
console.log(
  `share of time, the plain-objects path: ${chromeShare.name} (${mb(chromeShare.bytes)}); a sampling profile (${SAMPLING_US} µs) of ${SHARE_CALLS} calls back to back, ` +
    `each sample counted by its self frame; ms = share × the median; see bench/run.mjs\n`,
);
table(["share of time", "runtime", "ms", "share", "samples"], [false, false, true, true, true], shareRows);

function relativeToRoot(path) {
  return path.startsWith(root + "/") ? path.slice(root.length + 1) : path;
}
