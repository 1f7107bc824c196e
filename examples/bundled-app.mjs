// The check every bundled consumer app passes (examples/webpack-app, examples/esbuild-app):
// the built app (index.html + dist/) in Chromium against the sandbox, the package
// installed from its tarball, shows the sandbox's ticker, sets up an OAuth and runs the
// widget, with one hashed .wasm fetched and no console error.
//   SANDBOX_URL  a sandbox (scripts/consumers.sh starts one)
//   APP_PORT     where the test serves the app
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

/**
 * Registers the test of the app in `root` (a file URL of its folder), built by
 * `bundler`; `wasmPath` is the path its build gives the .wasm.
 */
export function testBundledApp({ root: rootUrl, bundler, wasmPath }) {
  const root = new URL(rootUrl).pathname;
  const sandbox = process.env.SANDBOX_URL;
  const port = Number(process.env.APP_PORT);
  assert.ok(sandbox && port, "SANDBOX_URL and APP_PORT must be set (scripts/consumers.sh sets them)");
  const app = `http://127.0.0.1:${port}/?api=${encodeURIComponent(sandbox)}`;

  // index.html at /, the build at /dist/: nothing else of the app's folder.
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    const file = path === "/" ? "index.html" : path.startsWith("/dist/") ? path.slice(1) : null;
    try {
      if (!file) throw new Error("not served");
      const body = await readFile(join(root, file));
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });

  let browser;
  before(async () => {
    await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  after(async () => {
    await browser?.close();
    server.close();
  });

  test(`the ${bundler} build shows the sandbox's ticker, sets up OAuth and runs the widget`, async () => {
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    const wasm = [];
    const prices = [];
    page.on("response", async (r) => {
      if (r.url().endsWith(".wasm")) wasm.push(r);
      // The price as the sandbox wrote it (its own digits), from every ticker it sent.
      if (r.url().startsWith(sandbox) && new URL(r.url()).pathname.endsWith("/ticker")) {
        const price = /"price":\s*"?([\d.]+)/.exec(await r.text().catch(() => ""));
        if (price) prices.push(price[1]);
      }
    });
    await page.goto(app);

    await page.waitForFunction(() => /^EUR /.test(document.getElementById("ticker").textContent), null, { timeout: 15000 });
    assert.equal(await page.textContent("#error"), "");
    const shown = (await page.textContent("#ticker")).replace(/^EUR /, "");
    assert.match(shown, /^\d+(\.\d+)?$/);
    assert.ok(prices.includes(shown), `the page shows ${shown}, a price the sandbox sent (${prices.join(", ")})`);
    assert.equal(await page.textContent("#oauth"), "OAuth code flow, not logged in");

    await page.waitForFunction(() => document.querySelector("bitcoin-central-market")?.state === "live", null, { timeout: 15000 });
    await page.waitForFunction(() => Number(document.querySelector("bitcoin-central-market").dataset.updates) >= 2, null, { timeout: 15000 });
    assert.equal(await page.$eval("bitcoin-central-market", (w) => w.shadowRoot.querySelectorAll("tbody tr").length), 5);

    assert.equal(wasm.length, 1, "one .wasm fetched");
    assert.equal(wasm[0].status(), 200);
    assert.match(new URL(wasm[0].url()).pathname, wasmPath, `${bundler}'s hashed copy of the .wasm`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
