// End-to-end tier, market widget: <bitcoin-central-market> on www/widget.html, served
// by the sandbox, watched in Chromium: it shows the market live from the stream, two
// widgets share one stream and poll nothing, it falls back to polling (and says so)
// when the page's CSP refuses the WebSocket, it pauses while the tab is hidden, and its
// polling waits out a 429 before recovering. Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { sandbox, shots, useBrowser } from "./support.mjs";

const root = new URL("../../", import.meta.url).pathname;

const chrome = useBrowser();

/** Opens widget.html of `base`, counting the API calls the page makes, by path; `blockStream` gives the page a CSP that refuses the stream's WebSocket; `timeFrames` timestamps the frames its sockets receive. */
async function open(base, viewport = { width: 1280, height: 900 }, { blockStream = false, timeFrames = false } = {}) {
  const page = await chrome.browser.newPage({ viewport, locale: "en-GB" });
  if (timeFrames) {
    // Each frame of the page's sockets, timestamped as the browser hands it over
    // (before the library's own handler): globalThis.__frames.
    await page.addInitScript(() => {
      const frames = (globalThis.__frames = []);
      const Native = globalThis.WebSocket;
      globalThis.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener("message", () => frames.push(performance.now()));
        }
      };
    });
  }
  if (blockStream) {
    // The sandbox's own policy, with connect-src naming its http: origin instead of
    // 'self': fetch is allowed, a ws: connection is not.
    await page.route("**/widget.html", async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      headers["content-security-policy"] = headers["content-security-policy"].replace("connect-src 'self'", `connect-src ${new URL(base).origin}`);
      await route.fulfill({ response, headers });
    });
  }
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

/** The ticker GETs the sandbox has received, from every page. */
async function sandboxTickerCalls(base = sandbox) {
  const answer = await fetch(new URL("/_sandbox/requests?path=/api/v1/data/eur/ticker&method=GET", base));
  return (await answer.json()).total;
}

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

test("two widgets of the same market share one stream: every step shown within a second, no polling", async () => {
  const before = await sandboxTickerCalls();
  const { page, problems, calls } = await open(sandbox, undefined, { timeFrames: true });
  await waitForState(page, "left", "live");
  await waitForState(page, "right", "live");
  assert.equal(tickerCalls(calls), 1, "one snapshot for the two widgets");
  const started = await sandboxTickerCalls();
  assert.equal(started - before, 1, "the sandbox saw one snapshot");
  await page.evaluate(() => {
    globalThis.updates = { left: [], right: [], since: Date.now() };
    for (const widget of document.querySelectorAll("bitcoin-central-market")) {
      widget.addEventListener("bitcoin-central-update", (event) => globalThis.updates[widget.id].push({
        at: Date.now(), source: event.detail.source, after: performance.now() - globalThis.__frames.at(-1),
      }));
    }
  });
  await page.waitForTimeout(4000);
  const updates = await page.evaluate(() => globalThis.updates);
  // The sandbox steps its market every 500 ms: each step is on screen within a second.
  assert.ok(updates.left.length >= 4, `${updates.left.length} updates in 4 s`);
  assert.equal(updates.right.length, updates.left.length, "both widgets get every update");
  assert.ok(updates.left.every((u) => u.source === "stream"), "from the stream");
  // Each update within a second of the frame that brought it (measured: milliseconds);
  // and none missing for long (a step that changes nothing sends no frame, so two
  // updates may be a second or so apart).
  const after = updates.left.map((u) => Math.round(u.after));
  assert.ok(after.every((ms) => ms >= 0 && ms < 1000), `shown ${JSON.stringify(after)} ms after their frames`);
  const times = [updates.since, ...updates.left.map((u) => u.at)];
  const gaps = times.slice(1).map((at, i) => at - times[i]);
  assert.ok(Math.max(...gaps) < 2000, `updates ${JSON.stringify(gaps)} ms apart`);
  assert.equal(await sandboxTickerCalls(), started, "no polling request while the stream is live");
  assert.equal(tickerCalls(calls), 1);
  assert.equal(await state(page, "left"), "live");
  assert.equal(await shadowText(page, "left", ".status-text"), "Live");
  assert.equal(await shadowText(page, "right", ".status-text"), "En direct");
  assert.match(await shadowText(page, "left", ".updated"), /^Updated \d\d:\d\d:\d\d · real-time stream$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("when the page's CSP refuses the stream the widget polls, and says so", async () => {
  for (const [viewport, name] of [[{ width: 1280, height: 900 }, "desktop"], [{ width: 390, height: 844 }, "phone"]]) {
    const { page, problems, calls } = await open(sandbox, viewport, { blockStream: true });
    const startedAt = Date.now();
    await waitForState(page, "left", "polling");
    await waitForState(page, "right", "polling");
    assert.ok(Date.now() - startedAt >= 4000, "the stream is given a few seconds first");
    assert.equal(await shadowText(page, "left", ".status-text"), "Polling");
    assert.equal(await shadowText(page, "right", ".status-text"), "Interrogation");
    assert.match(await shadowText(page, "left", ".updated"), /^Updated \d\d:\d\d:\d\d · stream unavailable, polling every 10 s$/);
    assert.match(await shadowText(page, "right", ".updated"), /· flux indisponible, interrogation toutes les 10 s$/);
    assert.equal(await page.$eval("#left", (w) => w.source), "polling");
    assert.match(await shadowText(page, "left", ".price .value"), /^\d{1,3}(,\d{3})*\.\d+$/);
    assert.equal(await page.$eval("#left", (w) => w.shadowRoot.querySelectorAll("tbody tr").length), 8);
    assert.match(await page.$eval("#left", (w) => w.shadowRoot.querySelector(".chart svg")?.getAttribute("aria-label") ?? ""), /^Order book depth: best bid/);
    // One poll for both widgets, every 2 s once asked.
    await page.evaluate(() => document.querySelectorAll("bitcoin-central-market").forEach((w) => w.setAttribute("interval", "2")));
    const before = tickerCalls(calls);
    await page.waitForTimeout(4500);
    const polls = tickerCalls(calls) - before;
    assert.ok(polls >= 2 && polls <= 3, `${polls} ticker calls in 4.5 s at 2 s`);
    assert.equal(await state(page, "left"), "polling");
    await page.screenshot({ path: `${shots}widget-polling-${name}.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  }
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
  assert.ok(calls.some((call) => call.at >= shownAt && call.path.endsWith("/ticker")), "a new stream's snapshot once shown");
  await waitForState(page, "left", "live", 5000);
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

test("after a 429 the polling widget waits as long as Retry-After says, then recovers", async () => {
  // 4 calls per 8 s: the first poll (ticker, depth, trades) passes, the second is
  // refused. The stream is refused by the page's CSP, so the widget polls.
  const tight = await tightSandbox(4, 8);
  try {
    const { page, calls } = await open(tight.url, undefined, { blockStream: true });
    await waitForState(page, "left", "polling");
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

    await waitForState(page, "left", "polling", (retryAfter + 5) * 1000);
    const early = calls.filter((call) => call.at > refusedAt + 200 && call.at < refusedAt + (retryAfter - 1) * 1000);
    assert.deepEqual(early, [], "no call before Retry-After has passed");
    assert.equal(await page.$eval("#left", (w) => w.shadowRoot.querySelector(".alert").hidden), true, "the error is gone");
    assert.equal(errors.length, 1, "one refusal, then recovery");
    await page.close();
  } finally {
    tight.stop();
  }
});
