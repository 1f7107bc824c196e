// Journey: <bitcoin-central-market> on www/widget.html goes live — ticker, depth chart
// and trades in its shadow DOM, styled by its constructed stylesheet and the page's
// --bc-* properties — and keeps updating from the real-time stream, two widgets on one
// stream with no polling, in the engine ENGINE names. (Hidden tabs, a CSP
// that refuses the stream, and 429s are the Chromium e2e tier's.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { engine, sandbox, usePages } from "./engine.mjs";

const pages = usePages();

const waitForLive = (page, id) =>
  page.waitFor((id) => document.getElementById(id)?.state === "live", [id], { what: `#${id} live` });
const shadowText = (page, id, selector) =>
  page.evaluate((id, selector) => document.getElementById(id).shadowRoot.querySelector(selector)?.textContent ?? null, id, selector);

async function tickerCalls() {
  const answer = await fetch(new URL("/_sandbox/requests?method=GET&path=/api/v1/data/eur/ticker", sandbox));
  return (await answer.json()).total;
}

test(`${engine}: the widget shows the market live in its shadow DOM, themed, and keeps updating`, async () => {
  const page = await pages.open();
  const first = await tickerCalls();
  await page.goto("/widget.html");
  await waitForLive(page, "left");
  await waitForLive(page, "right");

  assert.match(await shadowText(page, "left", ".price .value"), /^\d{1,3}(,\d{3})*\.\d+$/);
  assert.match(await shadowText(page, "right", ".price .value"), /^\d{1,3}(\u202f\d{3})*,\d+$/, "French digits");
  assert.match(await shadowText(page, "left", ".change .pct"), /^[+−]?\d+\.\d+\u00a0%$/);
  const chart = await page.evaluate(() => {
    const svg = document.getElementById("left").shadowRoot.querySelector(".chart svg");
    return { label: svg?.getAttribute("aria-label"), bids: svg?.querySelector("path.bids")?.getAttribute("d"), asks: svg?.querySelector("path.asks")?.getAttribute("d") };
  });
  assert.match(chart.label, /^Order book depth: best bid [\d,.]+ EUR, best ask [\d,.]+ EUR$/);
  assert.match(chart.bids, /^M[\d.]+,[\d.]+[VH]/);
  assert.match(chart.asks, /^M[\d.]+,[\d.]+[VH]/);
  assert.equal(await page.evaluate(() => document.getElementById("left").shadowRoot.querySelectorAll("tbody tr").length), 8);

  // Its styles are its own (a constructed stylesheet adopted by the shadow root), and the
  // page reaches in only through the --bc-* custom properties.
  const styles = await page.evaluate(() => {
    const [left, right] = ["left", "right"].map((id) => document.getElementById(id).shadowRoot);
    return {
      adopted: left.adoptedStyleSheets.length,
      leaked: document.querySelectorAll(".card, .price, .chart").length,
      card: getComputedStyle(left.querySelector(".card")).display,
      themed: getComputedStyle(right.querySelector(".card")).color,
    };
  });
  assert.ok(styles.adopted >= 1, "an adopted stylesheet");
  assert.equal(styles.leaked, 0, "no widget class in the page");
  assert.notEqual(styles.card, "inline", "the card is styled");
  assert.equal(styles.themed, "rgb(232, 235, 247)", "--bc-fg of the themed widget");
  await page.screenshot("widget-desktop");

  // One stream for both widgets: one snapshot, then the market's steps (every 500 ms; a
  // step that changes nothing sends nothing, so updates may be one step further apart),
  // and no polling request.
  const started = await tickerCalls();
  assert.equal(started - first, 1, "one snapshot for two widgets");
  await page.evaluate(() => {
    window.updates = { left: [], right: [], since: Date.now() };
    for (const widget of document.querySelectorAll("bitcoin-central-market")) {
      widget.addEventListener("bitcoin-central-update", (event) => window.updates[widget.id].push({ at: Date.now(), source: event.detail.source }));
    }
  });
  await page.waitFor(() => Date.now() - window.updates.since > 4000, [], { what: "four seconds" });
  const updates = await page.evaluate(() => window.updates);
  assert.ok(updates.left.length >= 4, `${updates.left.length} updates in 4 s`);
  assert.ok(Math.abs(updates.right.length - updates.left.length) <= 1, `both widgets updated: ${updates.left.length}, ${updates.right.length}`);
  assert.ok(updates.left.every((u) => u.source === "stream"), "from the stream");
  const times = [updates.since, ...updates.left.map((u) => u.at)];
  const gaps = times.slice(1).map((at, i) => at - times[i]);
  assert.ok(Math.max(...gaps) < 1500, `updates ${JSON.stringify(gaps)} ms apart`);
  assert.equal(await tickerCalls(), started, "no polling request while the stream is live");
  assert.equal(await page.evaluate(() => document.getElementById("left").state), "live");
  assert.equal(await shadowText(page, "left", ".status-text"), "Live");
  await page.assertNoProblems();
  await page.close();
});

test(`${engine}: the widget fits a phone screen`, async () => {
  const page = await pages.open({ width: 390, height: 844 });
  await page.goto("/widget.html");
  await waitForLive(page, "left");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  const widths = await page.evaluate(() => {
    const widget = document.getElementById("left");
    return { widget: widget.getBoundingClientRect().width, card: widget.shadowRoot.querySelector(".card").scrollWidth };
  });
  assert.ok(widths.card <= Math.ceil(widths.widget), `the card (${widths.card}px) overflows its widget (${widths.widget}px)`);
  await page.screenshot("widget-phone");
  await page.assertNoProblems();
  await page.close();
});
