// End-to-end tier, accessibility: axe-core (tests/e2e/axe.mjs: WCAG 2.1 A and AA and
// axe's best practices) over the widget page and the sample page in every state a
// person can reach them in — loading, live, polling, stale, error, rate-limited,
// paused; logged out and in, each state of the trade forms; English and French — each
// at phone and desktop width, in the light and the dark colour scheme. The widgets'
// shadow roots are audited with the page (checked: axe's passes name nodes inside
// them). Any violation fails the test and is printed with its rule, impact and nodes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandbox, shots, useBrowser } from "./support.mjs";
import { assertAccessible, shadowPasses } from "./axe.mjs";

const chrome = useBrowser();

const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const SCHEMES = ["light", "dark"];

/** A fresh context (its own session storage), in British English unless told. */
async function newPage({ viewport = VIEWPORTS.desktop, locale = "en-GB" } = {}) {
  const context = await chrome.browser.newContext({ viewport, locale });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

/**
 * Audits the page as it is at each width and in each colour scheme (the state is
 * kept: the page is resized and re-themed, not reloaded). Returns the last results.
 */
async function auditEverywhere(page, what, { settle = () => page.waitForTimeout(700) } = {}) {
  // (settle: a new scheme's colours fade in over 0.6 s, the price's.)
  // Every audit's passes, together: a live widget redraws its chart at each step, and
  // one audit may meet it between two drawings.
  const results = { passes: [] };
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      await settle();
      const audit = await assertAccessible(page, `${what}, ${width}, ${colorScheme}`);
      results.passes.push(...audit.passes);
    }
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.emulateMedia({ colorScheme: "light" });
  await settle();
  return results;
}

// --- the widget page --------------------------------------------------------------

const waitForState = (page, id, wanted, timeout = 15000) =>
  page.waitForFunction(([id, wanted]) => document.getElementById(id)?.state === wanted, [id, wanted], { timeout });
const bothInState = async (page, wanted, timeout) => {
  await waitForState(page, "left", wanted, timeout);
  await waitForState(page, "right", wanted, timeout);
};

/** The sandbox's own CSP with connect-src naming its http: origin: no WebSocket, so the widgets poll. */
async function refuseStream(page) {
  await page.route("**/widget.html", async (route) => {
    const response = await route.fetch();
    const headers = response.headers();
    headers["content-security-policy"] = headers["content-security-policy"].replace("connect-src 'self'", `connect-src ${new URL(sandbox).origin}`);
    await route.fulfill({ response, headers });
  });
}

test("axe: the widget page while loading, before and after the package gives the widgets their words", async () => {
  const { context, page, problems } = await newPage();
  // Held: the wasm (no words yet), then the market's first snapshot (words, no data).
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
  await page.route("**/pkg/bitcoin_central_bg.wasm", async (route) => {
    await wasmHeld;
    await route.continue();
  });
  const held = [];
  await page.route("**/api/v1/data/**", (route) => held.push(route));
  await page.goto(new URL("widget.html", sandbox).href);
  await page.waitForFunction(() => document.getElementById("left")?.shadowRoot?.querySelector(".card[aria-busy]"));
  assert.equal(await page.$eval("#left", (w) => w.state), "loading");
  await auditEverywhere(page, "widget page, loading without words");
  releaseWasm();
  await page.waitForFunction(() => document.getElementById("left").shadowRoot.querySelector(".status-text").textContent === "Loading…");
  assert.equal(await page.$eval("#right", (w) => w.shadowRoot.querySelector(".status-text").textContent), "Chargement…");
  await auditEverywhere(page, "widget page, loading");
  await page.screenshot({ path: `${shots}a11y-widget-loading.png` });
  await page.unrouteAll({ behavior: "ignoreErrors" });
  for (const route of held) await route.continue().catch(() => {});
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe: the widget page live, the shadow DOM audited with it", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(new URL("widget.html", sandbox).href);
  await bothInState(page, "live");
  const results = await auditEverywhere(page, "widget page, live");
  // Not vacuous: axe went into both widgets' shadow roots. (The themed one's text is
  // on a gradient, whose contrast axe leaves for a person to judge: it is not among
  // the passes. Its colours are checked against both ends of the gradient in the
  // README's table.)
  const inside = shadowPasses(results, "color-contrast", "#left");
  assert.ok(inside.some((s) => s.includes("status-text")), `axe checked the status text (passes: ${inside.join(", ")})`);
  assert.ok(inside.some((s) => s.includes("value")), "axe checked the price");
  for (const host of ["#left", "#right"]) {
    assert.ok(shadowPasses(results, "th-has-data-cells", host).length > 0, `axe checked ${host}'s trades table's headers`);
    assert.ok(shadowPasses(results, "svg-img-alt", host).length > 0, `axe checked ${host}'s depth chart's text alternative`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe: the widget page polling, stale, in error and paused", async () => {
  const { context, page, problems } = await newPage();
  await refuseStream(page);
  await page.goto(new URL("widget.html", sandbox).href);
  await bothInState(page, "polling");
  await auditEverywhere(page, "widget page, polling");

  // Polls every 2 s that never answer: older than 2.5 intervals, the data is stale
  // (before the client's timeout turns it into an error).
  const hung = [];
  await page.route("**/api/v1/data/**", (route) => hung.push(route));
  await page.evaluate(() => document.querySelectorAll("bitcoin-central-market").forEach((w) => w.setAttribute("interval", "2")));
  await bothInState(page, "stale");
  await assertAccessible(page, "widget page, stale, desktop, light");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForTimeout(700); // the price's colour fades to the new scheme's in 0.6 s
  await assertAccessible(page, "widget page, stale, desktop, dark");
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: `${shots}a11y-widget-stale.png` });

  // The exchange unreachable: an error, with the last data kept.
  await page.unroute("**/api/v1/data/**");
  for (const route of hung) await route.abort().catch(() => {});
  await page.route("**/api/v1/data/**", (route) => route.abort("connectionrefused"));
  await bothInState(page, "error", 20000);
  assert.equal(await page.$eval("#left", (w) => w.shadowRoot.querySelector(".alert .title").textContent), "Cannot reach the exchange");
  await auditEverywhere(page, "widget page, error");
  await page.screenshot({ path: `${shots}a11y-widget-error.png` });

  // A hidden tab.
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await bothInState(page, "paused");
  await auditEverywhere(page, "widget page, paused");
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe: the widget page rate-limited (the sandbox's own 429)", async () => {
  const { context, page, problems } = await newPage();
  await refuseStream(page);
  await page.goto(new URL("widget.html", sandbox).href);
  await bothInState(page, "polling");
  // Every poll from now on is answered by the sandbox's rate-limited fault.
  await page.route("**/api/v1/data/**", (route) => {
    const url = new URL(route.request().url());
    route.continue({ url: new URL(`/_sandbox/fault/rate-limited-30${url.pathname}${url.search}`, sandbox).href });
  });
  await page.evaluate(() => document.querySelectorAll("bitcoin-central-market").forEach((w) => w.setAttribute("interval", "2")));
  await bothInState(page, "error");
  assert.equal(await page.$eval("#left", (w) => w.shadowRoot.querySelector(".alert .title").textContent), "Too many requests to the exchange");
  assert.equal(await page.$eval("#right", (w) => w.shadowRoot.querySelector(".alert .title").textContent), "Trop de requêtes vers la plateforme");
  await auditEverywhere(page, "widget page, rate-limited");
  await page.screenshot({ path: `${shots}a11y-widget-rate-limited.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

// --- the sample page --------------------------------------------------------------

const updated = (page) => page.waitForFunction(() => /^(Updated at|Mis à jour à)/.test(document.querySelector("#status")?.textContent ?? ""), null, { timeout: 15000 });

test("axe: the sample page loading, live, paused and in error, in English and French", async () => {
  const { context, page, problems } = await newPage();
  let releaseWasm;
  const wasmHeld = new Promise((resolve) => (releaseWasm = resolve));
  await page.route("**/pkg/bitcoin_central_bg.wasm", async (route) => {
    await wasmHeld;
    await route.continue();
  });
  await page.goto(sandbox);
  await page.waitForSelector("#status");
  await auditEverywhere(page, "sample page, loading the package");
  releaseWasm();
  await updated(page);
  await page.waitForSelector("#market-source[data-status=live]", { timeout: 15000 });
  await auditEverywhere(page, "sample page, live, logged out");

  await page.selectOption("#locale", "fr");
  await page.waitForFunction(() => document.querySelector("#market-source").textContent === "Marché : flux en temps réel, en direct");
  await updated(page);
  await auditEverywhere(page, "sample page, live, in French");
  await page.selectOption("#locale", "en");

  await page.uncheck("#live");
  await page.waitForSelector("#market-source[data-status=off]");
  await updated(page);
  await auditEverywhere(page, "sample page, Live unticked");
  await page.check("#live");

  // A market the exchange refuses: every card says why.
  await page.fill("#currency", "usd");
  await page.click("#settings button");
  await page.waitForFunction(() => document.querySelectorAll(".card .error").length === 5, null, { timeout: 10000 });
  await auditEverywhere(page, "sample page, every card in error");
  await page.screenshot({ path: `${shots}a11y-sample-error.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe: the sample page rate-limited", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(sandbox);
  await updated(page);
  await page.uncheck("#live");
  await page.route("**/api/v1/**", (route) => {
    const url = new URL(route.request().url());
    route.continue({ url: new URL(`/_sandbox/fault/rate-limited-30${url.pathname}${url.search}`, sandbox).href });
  });
  await page.click("#settings button");
  await page.waitForFunction(() => /Rate limit reached/.test(document.querySelector("#ticker .error")?.textContent ?? ""), null, { timeout: 10000 });
  await auditEverywhere(page, "sample page, rate-limited");
  assert.deepEqual(problems, []);
  await context.close();
});

test("axe: the sample page logged in, in every state of the trade forms", async () => {
  const { context, page, problems } = await newPage();
  await page.goto(sandbox);
  await page.click("#account #login-code");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  await page.click("#approve");
  await page.waitForSelector("#trade:not([hidden]) .orders", { timeout: 15000 });
  await page.waitForSelector("#account .user-name");
  await updated(page);
  await auditEverywhere(page, "sample page, logged in");

  // An order the library refuses, beside its field.
  await page.fill("#order-form [name=price]", "650");
  await page.fill("#order-form [name=amount]", "0.000000001");
  await page.waitForFunction(() => /at most 8 decimals/.test(document.querySelector("#order-form .field-error").textContent));
  await auditEverywhere(page, "sample page, order form: a field refused");

  // A market order (no price field), then a limit order resting in the book.
  await page.selectOption("#order-form [name=type]", "MarketOrder");
  await page.fill("#order-form [name=amount]", "0.01");
  await auditEverywhere(page, "sample page, order form: market order");
  await page.selectOption("#order-form [name=type]", "LimitOrder");
  const bid = Number((await page.textContent("#ticker .stats .stat:nth-child(1) dd")).replace(/[^\d.]/g, ""));
  await page.fill("#order-form [name=price]", Math.floor(bid / 2).toFixed(2));
  await page.click("#place-order");
  await page.waitForFunction(() => /pending execution/.test(document.querySelector("#trade-status").textContent));
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.active");
  await auditEverywhere(page, "sample page, an order placed and listed");

  // Its details, then cancelled.
  await page.click("#trade .orders tbody tr:first-child button[id^=details-]");
  await page.waitForSelector("#order-details table");
  await page.click("#trade .orders tbody tr:first-child button[id^=cancel-]");
  await page.waitForFunction(() => /canceled/.test(document.querySelector("#trade-status").textContent));
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.canceled");
  await auditEverywhere(page, "sample page, order details, an order cancelled");

  // The withdrawal form: BTC with a refused address, then EUR (no address field).
  await page.selectOption("#withdraw-form [name=currency]", "BTC");
  await page.fill("#withdraw-form [name=amount]", "0.001");
  await page.fill("#withdraw-form [name=address]", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5");
  await page.waitForFunction(() => /checksum/.test(document.querySelector("#withdraw-form .field-error").textContent));
  await auditEverywhere(page, "sample page, withdrawal: address refused");
  await page.selectOption("#withdraw-form [name=currency]", "EUR");
  await page.fill("#withdraw-form [name=amount]", "");
  await auditEverywhere(page, "sample page, withdrawal in EUR");

  // In French, with the orders filtered.
  await page.selectOption("#locale", "fr");
  await page.waitForFunction(() => document.querySelector("#trade-title").textContent === "Négocier et retirer");
  await page.selectOption("#orders-filter [name=type]", "LimitOrder");
  await page.waitForFunction(() => [...document.querySelectorAll("#trade .orders tbody tr")].every((r) => r.cells[1].textContent === "Limite"));
  await auditEverywhere(page, "sample page, logged in, in French");
  await page.screenshot({ path: `${shots}a11y-sample-logged-in-fr.png`, fullPage: true });
  await page.selectOption("#locale", "en");

  await page.click("#logout");
  await page.waitForSelector("#account #login-code");
  await auditEverywhere(page, "sample page, logged out again");
  assert.deepEqual(problems, []);
  await context.close();
});
