// The built app (dist/) in Chromium against the sandbox: the package installed from its
// tarball, bundled by Vite (the .wasm as a hashed asset), reads the market, logs in
// with the code flow and PKCE, and runs the widget.
//   SANDBOX_URL  a sandbox that registers http://127.0.0.1:APP_PORT/ for
//                bitcoin-central-demo (scripts/consumers.sh starts one)
//   APP_PORT     where this test serves dist/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const sandbox = process.env.SANDBOX_URL;
const port = Number(process.env.APP_PORT);
assert.ok(sandbox && port, "SANDBOX_URL and APP_PORT must be set (scripts/consumers.sh sets them)");
const dist = new URL("../dist/", import.meta.url).pathname;
const app = `http://127.0.0.1:${port}/?api=${encodeURIComponent(sandbox)}`;

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  try {
    const body = await readFile(join(dist, path.endsWith("/") ? `${path}index.html` : path));
    response.writeHead(200, { "content-type": types[extname(path) || ".html"] ?? "application/octet-stream" });
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

async function open() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  const wasm = [];
  page.on("response", (r) => r.url().endsWith(".wasm") && wasm.push(r));
  await page.goto(app);
  return { page, problems, wasm };
}

test("the bundled app reads the ticker and the order book, exactly", async () => {
  const { page, problems, wasm } = await open();
  await page.waitForFunction(() => /^EUR /.test(document.getElementById("ticker").textContent), null, { timeout: 15000 });
  assert.equal(await page.textContent("#error"), "");
  const ticker = await page.textContent("#ticker");
  assert.match(ticker, /^EUR \d+(\.\d+)?$/);
  assert.match(await page.textContent("#spread"), /^spread \d+(\.\d+)? EUR$/);
  assert.equal(wasm.length, 1, "one .wasm fetched");
  assert.match(new URL(wasm[0].url()).pathname, /^\/assets\/bitcoin_central_bg-[\w-]+\.wasm$/, "Vite's hashed asset");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the widget from bitcoin-central/widget goes live and fires update events", async () => {
  const { page, problems } = await open();
  await page.waitForFunction(() => document.querySelector("bitcoin-central-market")?.state === "live", null, { timeout: 15000 });
  await page.waitForFunction(() => Number(document.querySelector("bitcoin-central-market").dataset.updates) >= 2, null, { timeout: 15000 });
  assert.match(await page.$eval("bitcoin-central-market", (w) => w.dataset.price), /^\d+(\.\d+)?$/);
  assert.equal(await page.$eval("bitcoin-central-market", (w) => w.shadowRoot.querySelectorAll("tbody tr").length), 5);
  assert.deepEqual(problems, []);
  await page.close();
});

test("OAuth: log in with the code flow and PKCE, then read the user", async () => {
  const { page, problems } = await open();
  await page.waitForSelector("#login:not([hidden])");
  await page.click("#login");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  const authorize = new URL(page.url());
  assert.equal(authorize.searchParams.get("response_type"), "code");
  assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
  assert.equal(authorize.searchParams.get("redirect_uri"), `http://127.0.0.1:${port}/`);
  await page.click("#approve");
  await page.waitForFunction(() => document.getElementById("user").textContent !== "", null, { timeout: 15000 });
  assert.equal(await page.textContent("#error"), "");
  assert.match(await page.textContent("#user"), /^Logged in as BC-U\d+$/);
  assert.ok(!page.url().includes("code="), `the code is gone from the address bar: ${page.url()}`);
  assert.deepEqual(problems, []);
  await page.close();
});
