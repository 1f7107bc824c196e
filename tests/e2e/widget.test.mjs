// End-to-end tier, market widget: <bitcoin-central-market> on www/widget.html, served
// by the sandbox, watched in Chromium: it shows live data, two widgets share one poll,
// it pauses while the tab is hidden, and it waits out a 429 before recovering.
// Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { sandbox, shots, useBrowser } from "./support.mjs";

const root = new URL("../../", import.meta.url).pathname;

const chrome = useBrowser();

/** Opens widget.html of `base`, counting the API calls the page makes, by path. */
async function open(base, viewport = { width: 1280, height: 900 }) {
  const page = await chrome.browser.newPage({ viewport, locale: "en-GB" });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  const calls = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) calls.push({ path: url.pathname, at: Date.now() });
  });
  await page.goto(new URL("widget.html", base).href);
  return { page, problems, calls };
}

const state = (page, id) => page.$eval(`#${id}`, (widget) => widget.state);
const waitForState = (page, id, wanted, timeout = 15000) =>
  page.waitForFunction(([id, wanted]) => document.getElementById(id)?.state === wanted, [id, wanted], { timeout });
const tickerCalls = (calls) => calls.filter((call) => call.path.endsWith("/ticker")).length;

/** Text of the first node matching `selector` in the widget's shadow root. */
const shadowText = (page, id, selector) =>
  page.$eval(`#${id}`, (widget, selector) => widget.shadowRoot.querySelector(selector)?.textContent ?? null, selector);

test("the widget shows the ticker, a depth chart and the latest trades, in its own shadow DOM", async () => {
  const { page, problems } = await open(sandbox);
  await waitForState(page, "left", "live");
  await waitForState(page, "right", "live");

  assert.match(await shadowText(page, "left", ".price .value"), /^\d{1,3}(,\d{3})*\.\d+$/);
  assert.match(await shadowText(page, "right", ".price .value"), /^\d{1,3}(\u202f\d{3})*,\d+$/, "French digits");
  assert.match(await shadowText(page, "left", ".change .pct"), /^[+−]?\d+\.\d+\u00a0%$/);
  assert.match(await page.$eval("#left", (w) => w.shadowRoot.querySelector(".change").dataset.dir), /^(up|down|flat)$/);
  for (const field of [".high", ".low", ".volume"]) assert.match(await shadowText(page, "left", field), /\d/, field);
  const chart = await page.$eval("#left", (w) => {
    const svg = w.shadowRoot.querySelector(".chart svg");
    return { label: svg?.getAttribute("aria-label"), bids: svg?.querySelector("path.bids")?.getAttribute("d"), asks: svg?.querySelector("path.asks")?.getAttribute("d") };
  });
  assert.match(chart.label, /^Order book depth: best bid [\d,.]+ EUR, best ask [\d,.]+ EUR$/);
  assert.match(chart.bids, /^M[\d.]+,[\d.]+[VH]/);
  assert.match(chart.asks, /^M[\d.]+,[\d.]+[VH]/);
  assert.equal(await page.$eval("#left", (w) => w.shadowRoot.querySelectorAll("tbody tr").length), 8);
  assert.match(await shadowText(page, "left", "tbody tr time"), /^\d\d:\d\d:\d\d$/);

  // Screen readers hear the price, politely.
  const announce = await page.$eval("#left", (w) => {
    const node = w.shadowRoot.querySelector(".announce");
    return { live: node.getAttribute("aria-live"), text: node.textContent };
  });
  assert.equal(announce.live, "polite");
  assert.match(announce.text, /^Price [\d,.]+ EUR/);

  // No CSS leaks either way: the widget's classes do not exist in the page, and the
  // page's styles do not reach inside (the themed widget's colours come from --bc-*).
  // (document.querySelectorAll: Playwright's own selectors would pierce the shadow root.)
  assert.equal(await page.evaluate(() => document.querySelectorAll(".card, .price, .chart").length), 0);
  const colours = await page.$eval("#right", (w) => getComputedStyle(w.shadowRoot.querySelector(".card")).color);
  assert.equal(colours, "rgb(232, 235, 247)", "--bc-fg of the themed widget");

  // mountMarket: the same element from script; a bad option is a TypeError.
  const mounted = await page.evaluate(async () => {
    const { mountMarket } = await import("/pkg/widget.js");
    const widget = mountMarket(document.querySelector(".widgets"), { baseUrl: "/", locale: "fr", trades: 3, levels: 0 });
    let refused = null;
    try {
      mountMarket(document.body, { currencies: "eur" });
    } catch (error) {
      refused = `${error.name}: ${error.message}`;
    }
    await new Promise((resolve) => widget.addEventListener("bitcoin-central-update", resolve, { once: true }));
    const result = {
      rows: widget.shadowRoot.querySelectorAll("tbody tr").length,
      depthHidden: widget.shadowRoot.querySelector(".depth").hidden,
      heading: widget.shadowRoot.querySelector(".price-head").textContent,
    };
    widget.destroy();
    return { ...result, refused, gone: widget.isConnected };
  });
  assert.deepEqual(mounted, {
    rows: 3,
    depthHidden: true,
    heading: "Prix (EUR)",
    refused: 'TypeError: mountMarket(): unknown option "currencies" (known: baseUrl, currency, locale, interval, trades, levels)',
    gone: false,
  });

  await page.screenshot({ path: `${shots}widget-desktop.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("the widget fits a phone screen", async () => {
  const { page, problems } = await open(sandbox, { width: 390, height: 844 });
  await waitForState(page, "left", "live");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  const widths = await page.$eval("#left", (w) => ({ widget: w.getBoundingClientRect().width, card: w.shadowRoot.querySelector(".card").scrollWidth }));
  assert.ok(widths.card <= Math.ceil(widths.widget), `the card (${widths.card}px) overflows its widget (${widths.widget}px)`);
  await page.screenshot({ path: `${shots}widget-phone.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test("two widgets of the same market share one poll", async () => {
  const { page, problems, calls } = await open(sandbox);
  await waitForState(page, "left", "live");
  // Poll every 2 s (the shortest interval of the market's widgets wins).
  await page.evaluate(() => {
    globalThis.updates = { left: 0, right: 0 };
    for (const widget of document.querySelectorAll("bitcoin-central-market")) {
      widget.addEventListener("bitcoin-central-update", () => globalThis.updates[widget.id]++);
      widget.setAttribute("interval", "2");
    }
  });
  const before = tickerCalls(calls);
  await page.waitForFunction(() => globalThis.updates.left >= 3, null, { timeout: 15000 });
  const updates = await page.evaluate(() => globalThis.updates);
  const polls = tickerCalls(calls) - before;
  assert.equal(updates.right, updates.left, "both widgets get every update");
  assert.ok(polls === updates.left || polls === updates.left + 1, `${polls} ticker calls for ${updates.left} updates of each widget`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the widget pauses while the tab is hidden and resumes when it is shown", async () => {
  const { page, problems, calls } = await open(sandbox);
  await waitForState(page, "left", "live");
  await page.evaluate(() => document.querySelectorAll("bitcoin-central-market").forEach((w) => w.setAttribute("interval", "2")));
  // Headless Chromium keeps its one tab visible: the test plays the browser's part, as
  // when the user switches tabs (visibilityState, then the visibilitychange event).
  const setVisibility = (visibility) => page.evaluate((visibility) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
    document.dispatchEvent(new Event("visibilitychange"));
  }, visibility);

  await setVisibility("hidden");
  assert.equal(await state(page, "left"), "paused");
  assert.match(await shadowText(page, "left", ".status-text"), /^Paused$/);
  assert.match(await shadowText(page, "right", ".status-text"), /^En pause$/);
  await page.waitForTimeout(500); // a poll already on its way may land
  const hiddenAt = calls.length;
  await page.waitForTimeout(5000); // more than two intervals
  assert.deepEqual(calls.slice(hiddenAt), [], "no call while hidden");

  const shownAt = Date.now();
  await setVisibility("visible");
  await page.waitForFunction(() => document.getElementById("left").lastUpdate > Date.now() - 1000, null, { timeout: 5000 });
  assert.ok(calls.some((call) => call.at >= shownAt && call.path.endsWith("/ticker")), "a poll once shown");
  assert.equal(await state(page, "left"), "live");
  assert.deepEqual(problems, []);
  await page.close();
});

/** A sandbox of this test's own with a tight rate limit: `limit` calls per `window` seconds. */
async function tightSandbox(limit, window) {
  const child = spawn(`${root}target/debug/bitcoin-central-sandbox`, [
    "--host", "127.0.0.1", "--port", "0", "--www", `${root}www`, "--pkg", `${root}pkg`, "--quiet",
    "--rate-limit", String(limit), "--rate-window-secs", String(window),
  ], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const match = /^bitcoin-central-sandbox listening on (http:\S+)$/.exec(line);
    if (match) return { url: `${match[1]}/`, stop: () => child.kill() };
  }
  throw new Error("the sandbox did not start");
}

test("after a 429 the widget waits as long as Retry-After says, then recovers", async () => {
  // 4 calls per 8 s: the first poll (ticker, depth, trades) passes, the second is refused.
  const tight = await tightSandbox(4, 8);
  try {
    const { page, calls } = await open(tight.url);
    await waitForState(page, "left", "live");
    const errors = [];
    await page.exposeFunction("reportError", (detail) => errors.push(detail));
    await page.evaluate(() => {
      document.getElementById("left").addEventListener("bitcoin-central-error", (event) =>
        globalThis.reportError({ kind: event.detail.error.kind, retryAfter: event.detail.error.retryAfter, retryIn: event.detail.retryIn }));
      document.querySelectorAll("bitcoin-central-market").forEach((w) => w.setAttribute("interval", "2"));
    });

    await waitForState(page, "left", "error");
    const refusedAt = Date.now();
    assert.equal(errors.length, 1);
    const [{ kind, retryAfter, retryIn }] = errors;
    assert.equal(kind, "rate-limited");
    assert.ok(retryAfter >= 1 && retryAfter <= 8, `Retry-After ${retryAfter}`);
    assert.ok(retryIn >= retryAfter - 1 && retryIn <= retryAfter, `retry in ${retryIn} s for Retry-After ${retryAfter}`);
    assert.equal(await shadowText(page, "left", ".alert .title"), "Too many requests to the exchange");
    assert.equal(await shadowText(page, "right", ".alert .title"), "Trop de requêtes vers la plateforme");
    assert.match(await shadowText(page, "left", ".alert .detail"), /^Rate limit exceeded/, "the server's words");
    assert.equal(await shadowText(page, "right", ".alert .detail"), "", "no English in the French widget");
    assert.match(await shadowText(page, "left", ".price .value"), /\d/, "the last data stays on screen");
    await page.screenshot({ path: `${shots}widget-rate-limited.png` });

    await waitForState(page, "left", "live", (retryAfter + 5) * 1000);
    const early = calls.filter((call) => call.at > refusedAt + 200 && call.at < refusedAt + (retryAfter - 1) * 1000);
    assert.deepEqual(early, [], "no call before Retry-After has passed");
    assert.equal(await page.$eval("#left", (w) => w.shadowRoot.querySelector(".alert").hidden), true, "the error is gone");
    assert.equal(errors.length, 1, "one refusal, then recovery");
    await page.close();
  } finally {
    tight.stop();
  }
});
