// Journey: the sample page's public market data (ticker, depth and trades from the
// real-time stream, Bitcoin Charts by REST) at desktop and phone widths, and a server error shown in the chosen
// language, in the engine ENGINE names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { engine, usePages } from "./engine.mjs";

const pages = usePages();

async function openSamplePage(viewport) {
  const page = await pages.open(viewport);
  await page.goto("/");
  await page.waitFor(() => document.querySelector("#status")?.textContent.startsWith("Updated at"), [], { what: "the first update" });
  return page;
}

test(`${engine}: the sample page shows every public endpoint with live data`, async () => {
  const page = await openSamplePage({ width: 1280, height: 900 });
  assert.match(await page.text("#ticker .price"), /^\d+(\.\d+)? EUR$/);
  assert.equal(await page.count("#ticker .stat"), 7);
  for (const rows of ["#depth .bids tbody tr", "#depth .asks tbody tr", "#trades tbody tr", "#charts-trades tbody tr", "#charts-depth tbody tr"]) {
    assert.ok((await page.count(rows)) > 0, rows);
  }
  assert.equal(await page.count(".error"), 0);
  await page.waitFor(() => document.querySelector("#market-source")?.dataset.status === "live", [], { what: "the market stream live" });
  assert.equal(await page.text("#market-source"), "Market: real-time stream, live");
  assert.match(await page.text("#rate-limit"), /Rate limit: [\d,]+ of [\d,]+ calls left/);
  // The exact digits: the best bid of the book is the ticker's bid, as sent.
  const [bid, best] = await page.evaluate(() => [
    document.querySelector("#ticker .stats .stat:nth-child(1) dd").textContent,
    document.querySelector("#depth .bids tbody tr td").textContent,
  ]);
  assert.match(bid, /^\d[\d,]*\.\d+$/);
  assert.match(best, /^\d[\d,]*\.\d+$/);
  // At desktop width every table fits its card: no scroller has anything to scroll.
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll(".scroll")].filter((s) => s.scrollWidth > s.clientWidth).map((s) => s.closest(".card").id));
  assert.deepEqual(overflowing, [], "tables wider than their cards");
  await page.screenshot("sample-page-desktop");
  await page.assertNoProblems();
  await page.close();
});

test(`${engine}: the sample page fits a phone screen`, async () => {
  const page = await openSamplePage({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.screenshot("sample-page-phone");
  await page.assertNoProblems();
  await page.close();
});

test(`${engine}: a server error is shown in the chosen language`, async () => {
  const page = await openSamplePage({ width: 1280, height: 900 });
  await page.fill("#currency", "usd");
  await page.select("#locale", "fr");
  await page.click("#settings button");
  await page.waitForSelector("#ticker .error");
  const text = await page.text("#ticker .error");
  assert.match(text, /HTTP 422/);
  assert.match(text, /usd/);
  assert.equal(await page.text("#ticker-title"), "Cours");
  // The market cards' error is the stream's (its snapshot refused), the others' their own call's.
  await page.waitFor(() => document.querySelectorAll(".card .error").length === 5, [], { what: "every card's error" });
  await page.screenshot("sample-page-error");
  await page.assertNoProblems();
  await page.close();
});
