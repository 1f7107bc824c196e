// End-to-end tier: Playwright drives the sample page in Debian's Chromium, served by
// the sandbox (SANDBOX_URL), as a person uses it: its market cards follow the
// real-time stream, with no polling request after the stream's one snapshot.
// Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandbox, shots, useBrowser } from "./support.mjs";

const chrome = useBrowser();

async function open(viewport) {
  const page = await chrome.browser.newPage({ viewport, locale: "en-GB" });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  await page.goto(sandbox);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("Updated at"), null, { timeout: 15000 });
  return { page, problems };
}

test("the page shows every public endpoint with live data", async () => {
  const { page, problems } = await open({ width: 1280, height: 900 });
  const price = await page.textContent("#ticker .price");
  assert.match(price, /^\d+(\.\d+)? EUR$/);
  assert.equal(await page.locator("#ticker .stat").count(), 7);
  assert.ok((await page.locator("#depth .bids tbody tr").count()) > 0);
  assert.ok((await page.locator("#depth .asks tbody tr").count()) > 0);
  assert.ok((await page.locator("#trades tbody tr").count()) > 0);
  assert.ok((await page.locator("#charts-trades tbody tr").count()) > 0);
  assert.ok((await page.locator("#charts-depth tbody tr").count()) > 0);
  assert.equal(await page.locator(".error").count(), 0);
  assert.match(await page.textContent("#rate-limit"), /Rate limit: [\d,]+ of [\d,]+ calls left/);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: `${shots}sample-page-desktop.png`, fullPage: true });
  await page.close();
});

/** The ticker GETs the sandbox has received, from every page. */
async function sandboxTickerCalls() {
  const answer = await fetch(new URL("/_sandbox/requests?path=/api/v1/data/eur/ticker&method=GET", sandbox));
  return (await answer.json()).total;
}

test("the ticker, depth and trades cards follow the stream: one snapshot, then no polling", async () => {
  const before = await sandboxTickerCalls();
  const { page, problems } = await open({ width: 1280, height: 900 });
  const tickerRequests = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname.endsWith("/ticker")) tickerRequests.push(r.url()); });
  await page.waitForSelector("#market-source[data-status=live]", { timeout: 15000 });
  assert.equal(await page.textContent("#market-source"), "Market: real-time stream, live");
  assert.equal(await page.textContent("#ticker .source-code"), "stream.ticker()");
  const started = await sandboxTickerCalls();
  assert.equal(started - before, 1, "the stream's one snapshot, no REST ticker of the page's own");

  // The sandbox steps its market every 500 ms: the cards change by themselves.
  const snapshot = () => page.evaluate(() => ["#ticker", "#depth", "#trades"].map((card) => document.querySelector(`${card} .body`).innerHTML));
  const first = await snapshot();
  await page.waitForFunction((first) => ["#ticker", "#depth", "#trades"].some((card, i) => document.querySelector(`${card} .body`).innerHTML !== first[i]), first, { timeout: 5000 });
  // The depth card is the stream's book, best first on both sides.
  const prices = await page.evaluate(() => ["bids", "asks"].map((side) =>
    [...document.querySelectorAll(`#depth .${side} tbody tr td:first-child`)].map((td) => Number(td.textContent.replace(/,/g, "")))));
  assert.deepEqual(prices[0], [...prices[0]].sort((a, b) => b - a), "bids best (highest) first");
  assert.deepEqual(prices[1], [...prices[1]].sort((a, b) => a - b), "asks best (lowest) first");
  assert.ok(prices[0][0] < prices[1][0], "the best bid is below the best ask");

  // Past the old 10 s poll: the Bitcoin Charts cards are read again, the ticker is not.
  await page.waitForTimeout(11000);
  assert.deepEqual(tickerRequests, [], "no ticker request from the page after the snapshot");
  assert.equal(await sandboxTickerCalls(), started, "no polling request while the stream is live");
  assert.equal(await page.getAttribute("#market-source", "data-status"), "live");

  // In French too; unticking Live closes the stream and says so.
  await page.selectOption("#locale", "fr");
  await page.waitForFunction(() => document.querySelector("#market-source").textContent === "Marché : flux en temps réel, en direct");
  assert.equal(await page.textContent("#settings .check"), " En direct");
  await page.uncheck("#live");
  assert.equal(await page.getAttribute("#market-source", "data-status"), "off");
  assert.match(await page.textContent("#market-source"), /^Marché : en pause/);
  await page.selectOption("#locale", "en");
  await page.waitForFunction(() => /^Market: paused/.test(document.querySelector("#market-source").textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

test("the page fits a phone screen", async () => {
  const { page, problems } = await open({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: `${shots}sample-page-phone.png`, fullPage: true });
  await page.close();
});

test("server errors are shown to the user in the chosen language", async () => {
  const { page } = await open({ width: 1280, height: 900 });
  await page.fill("#currency", "usd");
  await page.selectOption("#locale", "fr");
  await page.click("#settings button");
  await page.waitForSelector("#ticker .error");
  const text = await page.textContent("#ticker .error");
  assert.match(text, /HTTP 422/);
  assert.match(text, /usd/);
  // The market cards' error is the stream's (its snapshot refused), the others' their own call's.
  await page.waitForFunction(() => document.querySelectorAll(".card .error").length === 5, null, { timeout: 10000 });
  await page.screenshot({ path: `${shots}sample-page-error.png`, fullPage: true });

  await page.fill("#base-url", "not a url");
  await page.click("#settings button");
  // The browser's own URL validation stops the form first; the library's check is
  // the second line of defence (invalid-argument), shown in the status line.
  assert.equal(await page.$eval("#base-url", (i) => i.validity.valid), false);
  await page.close();
});
