// `make bench`, the widget's main thread on big answers: how long the page's thread is
// held, at most, while the market widget reads answers of megabytes (within the
// client's 8 MiB `maxResponseBytes`), in headless Chromium.
//
// A small server of its own (not the sandbox: it answers what no exchange should) serves
// a page with one widget, pkg/ (BENCH_PKG), and the market's REST answers of each case
// below; it refuses the stream's socket, so the widget's stream polls (after its 5 s
// without a socket, then every 2 s). Chromium is started on the page by itself, with no
// DevTools protocol attached: a driver's network agent copies and decodes every
// response body on the page's thread (measured: 18 ms for each 7.5 MiB answer), which a
// user's browser does not. The page measures itself and posts what it found: from
// before the first poll to the third update, the Long Tasks API (tasks over 50 ms) and
// a MessageChannel loop that notes the gaps between its turns (every task longer than
// 5 ms: the loop's turn waits for it). The table gives, per case, the longest gap (the
// longest task), the tasks over a 60 Hz frame (16.7 ms), the long tasks, how long the
// three polls took, and the wasm memory after each update. A frame is the target.
//
// Needs pkg/ built (scripts/bench.sh sees to it). `node bench/widget-main-thread.mjs`;
// BENCH_SERVE=<case index> only serves that case's page, to look at it in a browser.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";

const root = new URL("../", import.meta.url).pathname;
const pkg = process.env.BENCH_PKG ?? join(root, "pkg");
const MiB = 1024 * 1024;
const FRAME_MS = 1000 / 60;

/** One side of `count` levels, ascending prices from `from`, 0.001 apart. */
function side(count, from) {
  const out = [];
  for (let i = 0; i < count; i += 1) {
    out.push(`{"timestamp":1389094259,"price":"${(from + i * 0.001).toFixed(5)}","amount":"0.${String(10000000 + i).slice(1)}","currency":"EUR"}`);
  }
  return out.join(",");
}

/** A depth answer of about `bytes` bytes: as many bids below 650 as asks above 651. */
function depth(bytes) {
  const per = Math.ceil(bytes / 2 / side(1, 650).length);
  return `{"bids":[${side(per, 650 - per * 0.001)}],"asks":[${side(per, 651)}]}`;
}

/** A trades answer of about `bytes` bytes, oldest first. */
function trades(bytes) {
  const out = [];
  for (let i = 0, length = 2; length < bytes; i += 1) {
    const uuid = `7e8b${String(i).padStart(4, "0")}-0000-4000-8000-000000000000`;
    const trade = `{"uuid":"${uuid}","currency":"EUR","created_at":"2014-01-07T11:30:59Z","created_at_int":${1389094259 + i},"price":"680.0","traded_btc":"0.10000000","traded_currency":"68.00000000"}`;
    out.push(trade);
    length += trade.length + 1;
  }
  return `[${out.join(",")}]`;
}

/** A ticker, with a field the client does not know of about `padding` bytes. */
function ticker(padding = 0) {
  const extra = padding ? `,"history":[${Array.from({ length: Math.ceil(padding / 9) }, (_, i) => String(10000000 + i)).join(",")}]` : "";
  return `{"currency":"EUR","at":1389094259,"price":"680.0","bid":"650.0","ask":"651.0","midpoint":"650.5","volume":"198.16844745","variation":"-5.5556","high":"720.0","low":"640.0","vwap":"680.0"${extra}}`;
}

const small = { ticker: ticker(), trades: trades(2000), depth: depth(20000) };
const cases = [
  ["small answers (a few kB)", small],
  ["depth 1 MiB", { ...small, depth: depth(1 * MiB) }],
  ["depth 4 MiB", { ...small, depth: depth(4 * MiB) }],
  ["depth 7.5 MiB", { ...small, depth: depth(7.5 * MiB) }],
  ["trades 7.5 MiB", { ...small, trades: trades(7.5 * MiB) }],
  ["ticker + 7.5 MiB unknown field", { ...small, ticker: ticker(7.5 * MiB) }],
];

/** The page's own measurement, before anything loads: the probe, then the widget. */
const probe = `
const probe = { gaps: [], long: [], on: false };
new PerformanceObserver((list) => {
  if (probe.on) for (const entry of list.getEntries()) probe.long.push(entry.duration);
}).observe({ type: "longtask" });
const channel = new MessageChannel();
let last = performance.now();
channel.port1.onmessage = () => {
  const now = performance.now();
  if (probe.on && now - last > 5) probe.gaps.push(now - last);
  last = now;
  channel.port2.postMessage(0);
};
channel.port2.postMessage(0);
const report = (result) => fetch("/result", { method: "POST", body: JSON.stringify(result) });
customElements.whenDefined("bitcoin-central-market").then(() => setTimeout(() => {
  // The package loaded, the widget waiting for its stream (no socket: it polls at 5 s).
  probe.on = true;
  const start = performance.now();
  const widget = document.getElementById("widget");
  const memory = [];
  let updates = 0;
  widget.addEventListener("bitcoin-central-update", async () => {
    updates += 1;
    const wasm = await (await import("/pkg/bitcoin_central.js")).default();
    memory.push(wasm.memory.buffer.byteLength);
    // The first poll's answer, then two more polls.
    if (updates === 3) {
      const shown = performance.now() - start;
      setTimeout(() => report({ gaps: probe.gaps, long: probe.long, shown, memory }), 200);
    }
  });
  setTimeout(() => report({ error: \`\${updates} updates in 30 s (state \${widget.state}): \${widget.error?.message ?? ""}\` }), 30000);
}, 2000));`;

let answers = small;
let reported = null;
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };
const server = createServer(async (request, response) => {
  const path = new URL(request.url, "http://x").pathname;
  const api = path.match(/^\/api\/v1\/data\/eur\/(ticker|trades|depth)$/);
  if (api) {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(answers[api[1]]);
  } else if (path === "/") {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><meta charset="utf-8"><title>bench</title><script>${probe}</script>
<script type="module" src="/pkg/widget.js"></script>
<bitcoin-central-market id="widget" base-url="${origin}" interval="2" levels="20" trades="8" locale="en"></bitcoin-central-market>`);
  } else if (path === "/result" && request.method === "POST") {
    let text = "";
    for await (const chunk of request) text += chunk;
    response.writeHead(204).end();
    reported?.(JSON.parse(text));
  } else if (path.startsWith("/pkg/")) {
    try {
      const file = normalize(join(pkg, path.slice(5)));
      if (!file.startsWith(pkg)) throw new Error("outside");
      const body = await readFile(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  } else {
    // The stream's socket among them: refused, so the stream polls.
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
if (process.env.BENCH_SERVE) {
  answers = cases[Number(process.env.BENCH_SERVE)][1];
  console.log(`serving "${cases[Number(process.env.BENCH_SERVE)][0]}" at ${origin}/`);
  await new Promise(() => {});
}

/** One case: a fresh Chromium on the page until the page reports. */
async function measure(body) {
  answers = body;
  const profile = await mkdtemp(join(tmpdir(), "bench-chromium-"));
  const result = new Promise((resolve) => (reported = resolve));
  const browser = spawn(process.env.CHROMIUM ?? "/usr/bin/chromium", [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--no-first-run", "--no-default-browser-check", `--user-data-dir=${profile}`, `${origin}/`,
  ], { stdio: "ignore" });
  try {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("no report from the page in 60 s")), 60000));
    return await Promise.race([result, timeout]);
  } finally {
    browser.kill();
    await new Promise((resolve) => (browser.exitCode !== null ? resolve() : browser.once("exit", resolve)));
    await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

const rows = [];
try {
  for (const [name, body] of cases) {
    const result = await measure(body);
    if (result.error) throw new Error(`${name}: ${result.error}`);
    rows.push({ name, size: Math.max(...Object.values(body).map((b) => b.length)), ...result });
  }
} finally {
  server.close();
}

const ms = (n) => `${n.toFixed(1)} ms`;
console.log("widget's main thread on big answers (Chromium, no driver attached; three polls of each case; a frame is 16.7 ms)");
console.log(`  ${"case".padEnd(32)} ${"largest".padStart(9)} ${"longest task".padStart(13)} ${"> a frame".padStart(10)} ${"long tasks".padStart(11)} ${"3 polls in".padStart(11)} ${"wasm MiB".padStart(14)}`);
for (const { name, size, gaps, long, shown, memory } of rows) {
  const longest = Math.max(0, ...gaps);
  const over = gaps.filter((g) => g > FRAME_MS).length;
  const worstLong = long.length ? ` (worst ${Math.max(...long).toFixed(0)})` : "";
  console.log(`  ${name.padEnd(32)} ${`${(size / MiB).toFixed(2)} MiB`.padStart(9)} ${ms(longest).padStart(13)} ${String(over).padStart(10)} ${`${long.length}${worstLong}`.padStart(11)} ${ms(shown).padStart(11)} ${memory.map((m) => (m / MiB).toFixed(0)).join(" → ").padStart(14)}`);
}
