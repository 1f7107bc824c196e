// End-to-end tier, accessibility: the sample page with the keyboard alone. A person
// logs in, places an order, finds it in the list, cancels it and switches the page to
// French with Tab, Shift+Tab, Enter, typing and the arrow keys — never a click. At
// every step the focused control shows a focus indicator (a 2 px outline or more, of
// 3:1 contrast at least against what is behind it), the order of the stops follows
// the page's reading order, and after the login's redirect and after each form is
// sent the focus is where the answer is. Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandbox, shots, useBrowser } from "./support.mjs";

const chrome = useBrowser();

/** What has the focus, and whether it shows it: a label for the test's messages, its rectangle, its indicator. */
const focused = (page) => page.evaluate(() => {
  const node = document.activeElement;
  if (!node || node === document.body) return null;
  const style = getComputedStyle(node);
  const rect = node.getBoundingClientRect();
  // Contrast of the outline against the nearest opaque background behind the control.
  const rgb = (text) => (text.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  let behind = node.parentElement;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) behind = behind.parentElement;
  const background = rgb(behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)");
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(background)].sort((x, y) => y - x);
  return {
    name: node.id ? `#${node.id}` : `${node.tagName.toLowerCase()}.${node.className || "?"}`,
    id: node.id,
    tag: node.tagName.toLowerCase(),
    text: node.textContent.trim().slice(0, 40),
    visible: node.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    contrast: (a + 0.05) / (b + 0.05),
    top: rect.top + scrollY,
    left: rect.left + scrollX,
    onScreen: rect.bottom > 0 && rect.top < innerHeight && rect.width > 0,
  };
});

/** Asserts the focus is shown, well enough to be seen, and on screen. */
function assertShown(stop) {
  assert.ok(stop, "something has the focus");
  assert.ok(stop.visible, `${stop.name} shows no focus indicator`);
  assert.ok(stop.contrast >= 3, `${stop.name}'s focus indicator has a contrast of ${stop.contrast.toFixed(2)}:1`);
  assert.ok(stop.onScreen, `${stop.name} has the focus off screen`);
}

/** The cards are read in the order the keyboard visits them: the layout shows them in the page's order, row by row. */
async function assertCardsInReadingOrder(page, what) {
  const cards = await page.$$eval("main .grid > .card:not([hidden])", (nodes) => nodes.map((n) => {
    const r = n.getBoundingClientRect();
    return { id: n.id, top: Math.round(r.top), left: Math.round(r.left) };
  }));
  const reading = [...cards].sort((a, b) => a.top - b.top || a.left - b.left).map((c) => c.id);
  assert.deepEqual(reading, cards.map((c) => c.id), `${what}: the cards' visual order is their order in the page`);
}

/**
 * Presses `key` (Tab or Shift+Tab) until `wanted(stop)` holds, at most `limit` times;
 * every stop on the way must show its focus. Returns the stops.
 */
async function tabTo(page, wanted, { key = "Tab", limit = 40, check = true } = {}) {
  const stops = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(key);
    const stop = await focused(page);
    if (check) assertShown(stop);
    stops.push(stop);
    if (stop && wanted(stop)) return stops;
  }
  assert.fail(`not reached in ${limit} presses of ${key}: ${stops.map((s) => s?.name).join(" → ")}`);
}

test("the sample page with the keyboard alone: log in, place an order, see it, cancel it, switch language", async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(sandbox);
  await page.waitForSelector("#account #login-code");
  await page.waitForFunction(() => /^Updated at/.test(document.querySelector("#status").textContent), null, { timeout: 15000 });

  await assertCardsInReadingOrder(page, "logged out");

  // From the top: the settings, left to right, then the account card's login.
  const first = await tabTo(page, (s) => s.id === "login-code");
  assert.deepEqual(first.slice(0, 5).map((s) => s.name), ["#base-url", "#currency", "#locale", "#live", "button.?"]);
  for (let i = 1; i < first.length; i += 1) {
    const [a, b] = [first[i - 1], first[i]];
    assert.ok(b.top >= a.top - 40 || b.left > a.left, `${b.name} comes before ${a.name} in the reading order`);
  }
  await page.screenshot({ path: `${shots}a11y-keyboard-login-button.png` });

  // Enter: the sandbox's consent page; its Approve button, then back.
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  await tabTo(page, (s) => s.id === "approve", { check: false });
  await page.keyboard.press("Enter");
  await page.waitForSelector("#account .user-name", { timeout: 15000 });
  // Back on a page loaded anew: the focus is on the account card, not lost at the top.
  await page.waitForFunction(() => document.activeElement?.id === "account-title", null, { timeout: 15000 });
  assertShown(await focused(page));
  await page.screenshot({ path: `${shots}a11y-keyboard-after-login.png` });

  // On to the order form: the account's buttons, then the form's fields in order.
  await page.waitForSelector("#trade:not([hidden])");
  await assertCardsInReadingOrder(page, "logged in");
  const toForm = await tabTo(page, (s) => s.tag === "select" && s.text.startsWith("Limit"));
  assert.deepEqual(toForm.map((s) => s.name), ["#refresh-session", "#logout", "select.?"], "the account's buttons, then the form");
  await page.keyboard.press("Tab"); // side: buy
  assertShown(await focused(page));
  const bid = Number((await page.textContent("#ticker .stats .stat:nth-child(1) dd")).replace(/[^\d.]/g, ""));
  const price = Math.floor(bid / 2).toFixed(2);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.name), "price");
  await page.keyboard.type(price);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.name), "amount");
  // A refused amount first: sent, the focus stays on the field the library refused.
  await page.keyboard.type("0.000000001");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /at most 8 decimals/.test(document.querySelector("#order-form .field-error").textContent));
  const refused = await focused(page);
  assert.equal(await page.evaluate(() => document.activeElement.name), "amount", "the refused field keeps the focus");
  assertShown(refused);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-describedby")), "order-form-error", "its message is read with it");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("0.01");
  await tabTo(page, (s) => s.id === "place-order");
  await page.keyboard.press("Enter");

  // Sent: the focus is on the answer.
  await page.waitForFunction(() => /is pending execution/.test(document.querySelector("#trade-status").textContent), null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => document.activeElement.id), "trade-status");
  assertShown(await focused(page));
  const uuid = (await page.textContent("#trade-status")).match(/Order ([0-9a-f]{8})…/)[1];
  await page.screenshot({ path: `${shots}a11y-keyboard-order-sent.png` });

  // See it: on from the answer to the list, where its row offers Cancel.
  await page.waitForSelector(`#trade .orders button[id^="cancel-${uuid}"]`, { timeout: 15000 });
  const toCancel = await tabTo(page, (s) => s.id.startsWith(`cancel-${uuid}`));
  assert.ok(toCancel.some((s) => s.id.startsWith(`details-${uuid}`)), "its Details button on the way");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /canceled/.test(document.querySelector("#trade-status").textContent), null, { timeout: 15000 });
  // The button pressed is gone with the order's activity: the focus is on the answer, not lost.
  assert.equal(await page.evaluate(() => document.activeElement.id), "trade-status");
  assertShown(await focused(page));
  await page.waitForSelector(`#trade .orders tbody tr:first-child .state.canceled`, { timeout: 15000 });

  // Back up to the language, and French with the arrow key.
  await tabTo(page, (s) => s.id === "locale", { key: "Shift+Tab", limit: 60 });
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.documentElement.lang === "fr");
  assert.equal(await page.textContent("#ticker-title"), "Cours");
  assert.equal(await page.evaluate(() => document.activeElement.id), "locale", "the focus stays on the language");
  assertShown(await focused(page));
  await page.screenshot({ path: `${shots}a11y-keyboard-french.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the widget page with the keyboard: every stop shows its focus, and the snippet's scroller is one of them", async () => {
  const page = await chrome.browser.newPage({ viewport: { width: 390, height: 844 }, locale: "en-GB" });
  await page.goto(new URL("widget.html", sandbox).href);
  const stops = await tabTo(page, (s) => s.id === "copy");
  assert.deepEqual(stops.map((s) => s.name), ["a.back", "div.code", "#copy"]);
  // The scroller scrolls with the arrow keys once it has the focus.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector(".snippet .code").scrollLeft > 0);
  await page.close();
});
