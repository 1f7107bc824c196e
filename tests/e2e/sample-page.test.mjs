// End-to-end tier: Playwright drives the sample page in Debian's Chromium, served by
// the sandbox (SANDBOX_URL), as a person uses it. Screenshots go to test-results/.
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
  assert.equal(await page.locator(".card .error").count(), 5, "every card shows its error");
  await page.screenshot({ path: `${shots}sample-page-error.png`, fullPage: true });

  await page.fill("#base-url", "not a url");
  await page.click("#settings button");
  // The browser's own URL validation stops the form first; the library's check is
  // the second line of defence (invalid-argument), shown in the status line.
  assert.equal(await page.$eval("#base-url", (i) => i.validity.valid), false);
  await page.close();
});
