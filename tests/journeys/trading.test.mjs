// Journey: a logged-in person places a limit order on the sample page, sees it pending
// execution then active with its euros locked, and cancels it — in the engine ENGINE
// names. (The fuller trading walk, market orders and withdrawals, is the Chromium e2e
// tier's.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { engine, sandbox, usePages } from "./engine.mjs";

const pages = usePages();

const number = (text) => Number(text.replace(/[^\d.]/g, ""));
const LOCKED_EUR = "#account .balances .stat:nth-child(2) dd";

/** The POSTs of new orders the sandbox has received, from any page. */
async function orderPosts() {
  const answer = await fetch(new URL("/_sandbox/requests?method=POST&path=/api/v1/user/orders", sandbox));
  return (await answer.json()).total;
}

test(`${engine}: place a limit order, see it active with funds locked, cancel it`, async () => {
  const page = await pages.open();
  await page.goto("/");
  await page.click("#account #login-code");
  await page.waitForUrl(/\/api\/oauth\/authorize\?/);
  await page.click("#approve");
  await page.waitForSelector("#trade:not([hidden]) .orders");
  await page.setChecked("#live", false);

  // The library's check shows beside the field as the user types; nothing is sent.
  const postsBefore = await orderPosts();
  await page.fill("#order-form [name=price]", "650");
  await page.fill("#order-form [name=amount]", "0.000000001");
  await page.waitFor(() => /at most 8 decimals/.test(document.querySelector("#order-form .field-error").textContent), [], { what: "the amount's error" });
  assert.equal(await page.attribute("#order-form [name=amount]", "aria-invalid"), "true");
  await page.click("#place-order");
  assert.equal(await orderPosts(), postsBefore, "nothing sent while the form is wrong");

  // A limit buy far below the market rests, and its euros are locked. (With Live
  // unticked the ticker card is read by REST: it may still be on its way.)
  await page.waitForSelector("#ticker .stats .stat:nth-child(1) dd");
  const bid = number(await page.text("#ticker .stats .stat:nth-child(1) dd"));
  const price = Math.floor(bid / 2).toFixed(2);
  const lockedBefore = number(await page.text(LOCKED_EUR));
  await page.select("#order-form [name=type]", "LimitOrder");
  await page.select("#order-form [name=direction]", "buy");
  await page.fill("#order-form [name=price]", price);
  await page.fill("#order-form [name=amount]", "0.01");
  await page.click("#place-order");
  await page.waitFor(() => /is pending execution/.test(document.querySelector("#trade-status").textContent), [], { what: "pending execution" });
  assert.equal(await page.attribute("#trade-status .state", "class"), "state pending_execution");
  assert.equal(await orderPosts(), postsBefore + 1, "one order sent");
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.active");
  const lockedWith = (lockedBefore + Number(price) * 0.01).toFixed(2);
  await page.waitFor((selector, wanted) => Number(document.querySelector(selector).textContent.replace(/[^\d.]/g, "")).toFixed(2) === wanted,
    [LOCKED_EUR, lockedWith], { what: `${lockedWith} EUR locked` });
  await page.screenshot("trading-active-order");

  // Cancelled: unlocked again.
  await page.click("#trade .orders tbody tr:first-child button[id^=cancel-]");
  await page.waitFor(() => /canceled/.test(document.querySelector("#trade-status").textContent), [], { what: "canceled" });
  await page.waitForSelector("#trade .orders tbody tr:first-child .state.canceled");
  await page.waitFor((selector, wanted) => Number(document.querySelector(selector).textContent.replace(/[^\d.]/g, "")).toFixed(2) === wanted,
    [LOCKED_EUR, lockedBefore.toFixed(2)], { what: `${lockedBefore.toFixed(2)} EUR locked` });
  await page.screenshot("trading-canceled");
  await page.assertNoProblems();
  await page.close();
});
