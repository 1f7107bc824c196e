// `make bench`: measures the built pkg/ and prints one table, every figure from this run.
//
//   decoding       decode.mjs in Node (a fresh process) and in headless Chromium:
//                  the package's parseDepth()/parseTrades() against JSON.parse and
//                  JSON.parse + ccxt's paymium parsers, medians with ratios to JSON.parse
//   instantiate    compile + instantiate of the wasm through the package's init(), from
//                  its bytes: median over fresh Chromium contexts and fresh Node processes
//   first ticker   the sample page on the sandbox: navigation start to the first ticker
//                  price on screen, median over fresh Chromium contexts
//   size           gzip -9 of every file the package ships (as scripts/package.mjs
//                  counts them) and their total, beside ccxt's browser bundle
//
// Needs pkg/ built, bench/node_modules installed and the sandbox binary: scripts/bench.sh
// sees to all three. Environment: BENCH_LOADS (fresh loads per startup figure, 9),
// BENCH_PKG (another build of the package to measure), CHROMIUM, SANDBOX_BIN.
import { createServer } from "node:http";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join, extname, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { TARGET_BYTES, shippedSizes } from "../scripts/sizes.mjs";
import { createRequire } from "node:module";

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
const { WARMUP, RUNS, median } = await import("./decode.mjs");

for (const [what, path] of [["pkg/", join(pkg, "bitcoin_central_bg.wasm")], ["ccxt", ccxtBundle], ["the sandbox", sandboxBin]]) {
  if (!existsSync(path)) throw new Error(`bench: ${what} is missing (${path}): run it through scripts/bench.sh`);
}

const note = (text) => process.stderr.write(`bench: ${text}\n`);

// ---- Node -----------------------------------------------------------------------------
function node(args) {
  const out = execFileSync(process.execPath, [join(bench, "node.mjs"), ...args], { cwd: bench, env: { ...process.env, BENCH_PKG: pkg }, encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out);
}
note(`Node ${process.version}: decoding (${WARMUP} warm-up + ${RUNS} runs per contender)`);
const nodeDecoding = node(["decode"]);
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
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions"],
});
const chromiumVersion = browser.version();
let chromeDecoding, chromeInstantiate, firstTicker;
try {
  note(`Chromium ${chromiumVersion}: decoding`);
  chromeDecoding = await inPage(async (page) => {
    await page.goto(`${origin}/bench/decode.html`);
    await page.waitForFunction(() => window.ready === true);
    if (!(await page.evaluate(() => crossOriginIsolated))) note("the decoding page is not cross-origin isolated: timings to 100 µs");
    return page.evaluate(() => window.measureDecoding());
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

const header = ["measure", "runtime", "bitcoin-central", "÷ JSON.parse", "JSON.parse", "JSON.parse + ccxt", "÷ JSON.parse", "target"];
const right = [false, false, true, true, true, true, true, false];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => "| " + cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(" | ") + " |";

console.log(
  `\nbitcoin-central ${JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")).version} — ${new Date().toISOString()}; ` +
    `Node ${process.version}, Chromium ${chromiumVersion}, ccxt ${ccxtVersion}; decoding: medians of ${RUNS} interleaved runs after ${WARMUP} warm-ups\n`,
);
console.log(line(header));
console.log("| " + widths.map((w, i) => (right[i] ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |");
for (const r of rows) console.log(line(r));
console.log();
