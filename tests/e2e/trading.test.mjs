// End-to-end tier, trading: on the sample page, a logged-in person places a limit
// order, sees it pending execution then active with funds locked, cancels it, crosses the book, and requests
// a withdrawal — all against the sandbox's books; and, with Live ticked, a market order
// whose fill reaches the account card from the account stream, with no re-read of the
// user or the orders. Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandbox, shots, useBrowser } from "./support.mjs";

const chrome = useBrowser();

const number = (text) => Number(text.replace(/[^\d.]/g, ""));

/** Waits until the page shows `expected` EUR locked: the balances are redrawn by their
 * own call, which may land after the order list's (the page's calls share a limiter). */
async function lockedBecomes(page, expected) {
  const shown = () => page.textContent("#account .balances .stat:nth-child(2) dd").then((t) => number(t).toFixed(2));
  try {
    await page.waitForFunction(
      (expected) => Number(document.querySelector("#account .balances .stat:nth-child(2) dd").textContent.replace(/[^\d.]/g, "")).toFixed(2) === expected,
      expected,
      { timeout: 15000 },
    );
  } catch {
    assert.equal(await shown(), expected, "EUR locked");
  }
}

test("place, see, cancel, cross and withdraw from the sample page", async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(sandbox);
  await page.click("#account #login-code");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  await page.click("#approve");
  await page.waitForSelector("#trade:not([hidden]) .orders", { timeout: 15000 });
  await page.uncheck("#live");

  // The library's checks show inline as the user types, before anything is sent.
  let orderPosts = 0;
  page.on("request", (r) => { if (r.method() === "POST" && r.url().endsWith("/api/v1/user/orders")) orderPosts += 1; });
  await page.fill("#order-form [name=price]", "650");
  await page.fill("#order-form [name=amount]", "0.000000001");
  await page.waitForFunction(() => /at most 8 decimals/.test(document.querySelector("#order-form .field-error").textContent));
  assert.equal(await page.getAttribute("#order-form [name=amount]", "aria-invalid"), "true");
  await page.click("#place-order");
  assert.equal(orderPosts, 0, "nothing sent while the form is wrong");
  await page.selectOption("#locale", "fr");
  await page.fill("#order-form [name=amount]", "-1");
  await page.waitForFunction(() => /strictement positif/.test(document.querySelector("#order-form .field-error").textContent));
  assert.equal(await page.textContent("#ticker-title"), "Cours", "the page speaks French too");
  await page.screenshot({ path: `${shots}trading-french-check.png`, fullPage: true });
  await page.selectOption("#locale", "en");

  // A limit buy far below the market: it rests, and its EUR are locked.
  const bid = number(await page.textContent("#ticker .stats .stat:nth-child(1) dd"));
  // Whole euros: price × 0.01 BTC is whole cents, however the exchange rounds locks.
  const price = Math.floor(bid / 2).toFixed(2);
  const lockedBefore = number(await page.textContent("#account .balances .stat:nth-child(2) dd"));
  await page.selectOption("#order-form [name=type]", "LimitOrder");
  await page.selectOption("#order-form [name=direction]", "buy");
  await page.fill("#order-form [name=price]", price);
  await page.fill("#order-form [name=amount]", "0.01");
  await page.click("#place-order");
  // The exchange answers a new limit order pending_execution (queued, funds locked);
  // the list, read after it, shows it as the engine took it: active.
  await page.waitForFunction(() => /is pending execution/.test(document.querySelector("#trade-status").textContent));
  assert.equal(await page.getAttribute("#trade-status .state", "class"), "state pending_execution");
  // The list is redrawn by its own call: wait for the new order at its top (the
  // account may hold older orders in any state, from the browser tier).
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.active");
  assert.equal(await page.textContent("#trade .orders tbody tr:first-child .state"), "active");
  await lockedBecomes(page, (lockedBefore + Number(price) * 0.01).toFixed(2));
  await page.screenshot({ path: `${shots}trading-active-order.png`, fullPage: true });
  // The badges speak the page's language.
  await page.selectOption("#locale", "fr");
  await page.waitForFunction(() => document.querySelector("#trade .orders tbody tr:first-child .state")?.textContent === "actif");
  await page.selectOption("#locale", "en");
  await page.waitForFunction(() => document.querySelector("#trade .orders tbody tr:first-child .state")?.textContent === "active");

  // Cancel it: unlocked again.
  await page.click("#trade .orders tbody tr:first-child button[id^=cancel-]");
  await page.waitForFunction(() => /canceled/.test(document.querySelector("#trade-status").textContent));
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.canceled");
  await lockedBecomes(page, lockedBefore.toFixed(2));

  // A market buy crosses the book and fills.
  await page.selectOption("#order-form [name=type]", "MarketOrder");
  await page.fill("#order-form [name=amount]", "0.002");
  await page.click("#place-order");
  await page.waitForFunction(() => /is filled/.test(document.querySelector("#trade-status").textContent));
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.filled");
  // Its details: the account operations of the fill.
  await page.click("#trade .orders tbody tr:first-child button[id^=details-]");
  await page.waitForSelector("#order-details table");
  const operations = await page.textContent("#order-details");
  assert.match(operations, /trade/);
  assert.match(operations, /fee/);

  // A withdrawal with a mistyped address is refused by the library, beside the field.
  await page.selectOption("#withdraw-form [name=currency]", "BTC");
  await page.fill("#withdraw-form [name=amount]", "0.001");
  await page.fill("#withdraw-form [name=address]", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5");
  await page.click("#withdraw");
  await page.waitForFunction(() => /checksum/.test(document.querySelector("#withdraw-form .field-error").textContent));
  assert.equal(await page.getAttribute("#withdraw-form [name=address]", "aria-invalid"), "true");
  await page.fill("#withdraw-form [name=address]", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  await page.click("#withdraw");
  await page.waitForFunction(() => /is pending/.test(document.querySelector("#trade-status").textContent));
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.pending");
  await page.screenshot({ path: `${shots}trading-after.png`, fullPage: true });
  // The sandbox's stand-in for the confirmation e-mail.
  await page.click("#trade .orders tbody tr:first-child button[id^=confirm-]");
  await page.waitForFunction(() => /confirmed/.test(document.querySelector("#trade-status").textContent));
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.executed");

  // Activity filters and pages.
  await page.selectOption("#orders-filter [name=type]", "Transfer");
  await page.waitForFunction(() => [...document.querySelectorAll("#trade .orders tbody tr")].every((r) => r.cells[1].textContent === "Transfer"));
  await page.selectOption("#orders-filter [name=type]", "");
  await page.check("#orders-filter [name=active]");
  await page.waitForFunction(() => !document.querySelector("#trade .orders .state.filled"));
  assert.equal(await page.isDisabled("#orders-prev"), true, "first page");
  assert.deepEqual(problems, []);
  await context.close();
});

/** The GETs of `path` the sandbox has received, from every page. */
async function sandboxGets(path) {
  const answer = await fetch(new URL(`/_sandbox/requests?method=GET&path=${path}`, sandbox));
  return (await answer.json()).total;
}

const BTC_AVAILABLE = "#account .balances .stat:nth-child(3) dd";

test("with Live ticked, a market order's fill shows in the account card from the account stream, nothing re-read", async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(sandbox);
  await page.click("#account #login-code");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  await page.click("#approve");
  await page.waitForSelector("#trade:not([hidden]) .orders tbody tr", { timeout: 15000 });
  assert.equal(await page.isChecked("#live"), true);
  await page.waitForSelector("#account-source[data-status=live]", { timeout: 15000 });
  assert.equal(await page.textContent("#account-source"), "Account: real-time stream, live");
  await page.waitForSelector("#market-source[data-status=live]", { timeout: 15000 });

  const btcBefore = await page.textContent(BTC_AVAILABLE);
  const users = await sandboxGets("/api/v1/user");
  const orders = await sandboxGets("/api/v1/user/orders");
  const requests = [];
  page.on("request", (r) => { if (r.method() === "GET" && new URL(r.url()).pathname.startsWith("/api/v1/user")) requests.push(r.url()); });

  // What the redraws below must keep in place (a click landing on them mid-redraw).
  await page.evaluate(() => { window.__kept = ["#logout", "#account .balances", "#trade .orders .scroll"].map((s) => document.querySelector(s)); });
  await page.selectOption("#order-form [name=type]", "MarketOrder");
  await page.selectOption("#order-form [name=direction]", "buy");
  await page.fill("#order-form [name=amount]", "0.002");
  await page.click("#place-order");
  await page.waitForFunction(() => /is filled/.test(document.querySelector("#trade-status").textContent));
  // The stream's order event puts the fill at the top of the list, and its balances
  // event the bought bitcoins in the card.
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.filled", { timeout: 5000 });
  assert.equal(await page.textContent("#trade .orders tbody tr:first-child td:nth-child(2)"), "Market");
  assert.equal(await page.textContent("#trade .orders tbody tr:first-child td:nth-child(4)"), "0.002");
  await page.waitForFunction(([selector, before]) => document.querySelector(selector).textContent !== before, [BTC_AVAILABLE, btcBefore], { timeout: 5000 });
  const gained = number(await page.textContent(BTC_AVAILABLE)) - number(btcBefore);
  // The card and the list were redrawn around the same buttons and scroller: only
  // what changed was touched.
  assert.deepEqual(await page.evaluate(() => ["#logout", "#account .balances", "#trade .orders .scroll"].map((s, i) => document.querySelector(s) === window.__kept[i])), [true, true, true],
    "the Log out button, the balances and the orders' scroller are the nodes they were");
  assert.ok(gained > 0 && gained <= 0.002 + 1e-12, `${gained} BTC more available`);
  // Past the 10 s refresh: still nothing re-read, the account stream still live.
  await page.waitForTimeout(11000);
  assert.deepEqual(requests, [], "no GET of the user or the orders from the page");
  assert.equal(await sandboxGets("/api/v1/user"), users, "GET /api/v1/user");
  assert.equal(await sandboxGets("/api/v1/user/orders"), orders, "GET /api/v1/user/orders");
  assert.equal(await page.getAttribute("#account-source", "data-status"), "live");
  await page.screenshot({ path: `${shots}trading-stream-fill.png`, fullPage: true });

  // Logging out closes the account stream: the line says nothing of an account.
  await page.click("#logout");
  await page.waitForSelector("#account #login-code");
  assert.equal(await page.isHidden("#account-source"), true);
  assert.deepEqual(problems, []);
  await context.close();
});
