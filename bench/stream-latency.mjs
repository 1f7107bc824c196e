// `make bench`, the stream's latency: from a frame of the sandbox's stream reaching the
// page to the market widget showing it, in headless Chromium on www/widget.html.
//
// The page's WebSocket is wrapped before anything loads (an init script): each message
// event of the stream's socket is timestamped with performance.now() as the browser
// hands it over. The widget's `bitcoin-central-update` event, fired once it has drawn
// an update, is timestamped on the same clock. A sample is the time from the latest
// frame to the update that follows it; the table gives the median, the 95th percentile
// and the worst over SAMPLES updates, and the REST calls the page made meanwhile (none
// is expected: the widget does not poll while its stream is live).
//
// Needs pkg/ built and the sandbox binary (scripts/bench.sh sees to both).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("../", import.meta.url).pathname;
const SAMPLES = 40;

const child = spawn(join(root, "target/debug/bitcoin-central-sandbox"), [
  "--host", "127.0.0.1", "--port", "0", "--www", join(root, "www"), "--pkg", process.env.BENCH_PKG ?? join(root, "pkg"),
  "--quiet", "--tick-ms", "250",
], { stdio: ["ignore", "pipe", "inherit"] });
const sandbox = await new Promise((resolve, reject) => {
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
    const url = out.match(/bitcoin-central-sandbox listening on (http:\S+)/)?.[1];
    if (url) resolve(url);
  });
  child.on("exit", (code) => reject(new Error(`the sandbox exited (${code}): ${out}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    const frames = (window.__frames = []);
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        // Capturing, before the library's own handler: the moment the frame arrived.
        this.addEventListener("message", () => frames.push(performance.now()));
      }
    };
  });
  await page.goto(new URL("widget.html", sandbox).href);
  await page.waitForFunction(() => document.getElementById("left")?.state === "live", null, { timeout: 15000 });
  const requests = async () => (await (await fetch(new URL("/_sandbox/requests", sandbox))).json()).total;
  const before = await requests();
  const samples = await page.evaluate(
    (count) =>
      new Promise((resolve) => {
        const out = [];
        const widget = document.getElementById("left");
        widget.addEventListener("bitcoin-central-update", () => {
          const now = performance.now();
          const last = window.__frames.at(-1);
          if (last !== undefined) out.push(now - last);
          if (out.length >= count) resolve(out);
        });
      }),
    SAMPLES,
  );
  const polled = (await requests()) - before;
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  console.log(`stream → widget (Chromium, www/widget.html, the sandbox stepping every 250 ms, ${SAMPLES} updates)`);
  console.log(`  frame received → widget updated   median ${at(0.5).toFixed(1)} ms   p95 ${at(0.95).toFixed(1)} ms   worst ${samples.at(-1).toFixed(1)} ms`);
  console.log(`  REST calls meanwhile (polling)     ${polled}`);
} finally {
  await browser.close();
  child.kill();
}
