// End-to-end tier, the README: its quick starts for public data and for the widget,
// taken from README.md as written and run in Chromium against the sandbox (the
// package from /pkg/ standing in for the npm package and unpkg). The login, order and
// Rust quick starts are what the sample page journeys and examples/ run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { sandbox, useBrowser } from "./support.mjs";

const origin = new URL(sandbox).origin;
const root = new URL("../../", import.meta.url).pathname;
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The code block of `language` that follows the bold `title` in the Quick starts. */
function quickStart(title, language) {
  const quick = readme.slice(readme.indexOf("## Quick starts"), readme.indexOf("## Configuration"));
  const at = quick.indexOf(`**${title}`);
  assert.ok(at >= 0, `the README has a quick start "${title}"`);
  const block = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(quick.slice(at));
  assert.ok(block, `"${title}" has a ${language} block`);
  return block[1].replaceAll("http://127.0.0.1:8080", origin);
}

const chrome = useBrowser();

/** A page at the sandbox's origin holding `body`, with "bitcoin-central" mapped to /pkg/
 * (served by the test itself: the quick starts are inline scripts, which the sandbox's
 * own pages, under their CSP, rightly may not have). */
async function pageWith(body) {
  const context = await chrome.browser.newContext();
  const page = await context.newPage();
  const logs = [];
  const problems = [];
  page.on("console", (m) => (m.type() === "error" ? problems : logs).push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  const url = `${origin}/readme-quick-start.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html><head>
        <script type="importmap">{ "imports": { "bitcoin-central": "/pkg/bitcoin_central.js", "bitcoin-central/widget": "/pkg/widget.js" } }</script>
        </head><body>${body}</body></html>`,
    }),
  );
  await page.goto(url);
  return { context, page, logs, problems };
}

test("the public data quick start runs as written", async () => {
  const code = quickStart("Public market data", "js");
  assert.ok(code.split("\n").filter(Boolean).length <= 10, "ten lines or fewer");
  const { context, page, logs, problems } = await pageWith(`<script type="module">${code}</script>`);
  const deadline = Date.now() + 15000;
  while (logs.length === 0 && problems.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
  assert.deepEqual(problems, []);
  // console.log(ticker.price, depth.asks.length, client.rateLimit)
  assert.match(logs[0] ?? "", /^\d+(\.\d+)? \d+ (\{.*\}|JSHandle@object|Object)/);
  await context.close();
});

/** A sandbox of this test's own serving `html` as /quick-start.html (and the package):
 * the page is then the sandbox's, as a developer's would be on their own server, and
 * Chromium lets it open the stream's WebSocket to the loopback address (a page the
 * test fulfilled itself counts as a public one, whose connections to 127.0.0.1 its
 * Local Network Access checks refuse). */
async function sandboxServing(html) {
  const dir = mkdtempSync(join(tmpdir(), "bc-quick-start-"));
  writeFileSync(join(dir, "quick-start.html"), `<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`);
  const child = spawn(`${root}target/debug/bitcoin-central-sandbox`, [
    "--host", "127.0.0.1", "--port", "0", "--www", dir, "--pkg", `${root}pkg`, "--quiet", "--tick-ms", "500",
  ], { stdio: ["ignore", "pipe", "inherit"] });
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /^bitcoin-central-sandbox listening on (http:\S+)$/.exec(line);
    if (match) return { url: match[1], stop: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
  }
  throw new Error("the sandbox did not start");
}

test("the widget quick start runs as written", async () => {
  const written = quickStart("Embedding the widget", "html");
  assert.ok(written.split("\n").filter(Boolean).length <= 10, "ten lines or fewer");
  // The documented sandbox is the one serving the page ("/", resolved like an href);
  // the package is at /pkg/ rather than unpkg.
  const html = written.replaceAll(`base-url="${origin}"`, 'base-url="/"').replace("https://unpkg.com/bitcoin-central/widget.js", "/pkg/widget.js");
  assert.ok(html.includes('base-url="/"'), html);
  const served = await sandboxServing(html);
  try {
    const page = await chrome.browser.newPage();
    const problems = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${served.url}/quick-start.html`);
    await page.waitForFunction(() => document.querySelector("bitcoin-central-market")?.state === "live", null, { timeout: 15000 });
    const price = await page.$eval("bitcoin-central-market", (w) => w.shadowRoot.querySelector(".price .value").textContent);
    assert.match(price, /^[\d,]+\.\d+$/);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    served.stop();
  }
});
