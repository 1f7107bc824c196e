// End-to-end tier, accessibility: what screen readers hear from the widget (a polite
// live region, at most one announcement every 5 s; the depth chart's text
// alternative), colour never the only signal, prefers-reduced-motion (no animation),
// forced colours (Windows high contrast: axe and a screenshot) and text at 200 % of
// the browser's size (a Chromium whose default font size is 32 px: nothing overflows
// or is clipped, on either page). Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { sandbox, shots, useBrowser } from "./support.mjs";
import { assertAccessible } from "./axe.mjs";

const chrome = useBrowser();

const waitForState = (page, id, wanted, timeout = 15000) =>
  page.waitForFunction(([id, wanted]) => document.getElementById(id)?.state === wanted, [id, wanted], { timeout });

async function openWidgets(browser, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport, locale: "en-GB" });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(new URL("widget.html", sandbox).href);
  await waitForState(page, "left", "live");
  await waitForState(page, "right", "live");
  return { page, problems };
}

test("the widget announces the price politely, at most once every 5 s, while it changes every step", async () => {
  const { page, problems } = await openWidgets(chrome.browser);
  await page.evaluate(() => {
    globalThis.heard = { left: [], right: [] };
    globalThis.prices = { left: 0, right: 0 };
    for (const id of ["left", "right"]) {
      const widget = document.getElementById(id);
      const region = widget.shadowRoot.querySelector(".announce");
      new MutationObserver(() => globalThis.heard[id].push({ at: Date.now(), text: region.textContent }))
        .observe(region, { childList: true, characterData: true, subtree: true });
      let last = null;
      widget.addEventListener("bitcoin-central-update", (event) => {
        if (event.detail.ticker.price !== last) globalThis.prices[id] += 1;
        last = event.detail.ticker.price;
      });
    }
  });
  const region = await page.$eval("#left", (w) => {
    const node = w.shadowRoot.querySelector(".announce");
    return { live: node.getAttribute("aria-live"), atomic: node.getAttribute("aria-atomic") };
  });
  assert.deepEqual(region, { live: "polite", atomic: "true" });
  await page.waitForTimeout(16000);
  const { heard, prices } = await page.evaluate(() => ({ heard: globalThis.heard, prices: globalThis.prices }));
  for (const id of ["left", "right"]) {
    const times = heard[id].map((h) => h.at);
    const gaps = times.slice(1).map((at, i) => at - times[i]);
    assert.ok(heard[id].length >= 2, `${id}: ${heard[id].length} announcements in 16 s`);
    assert.ok(heard[id].length <= 4, `${id}: ${heard[id].length} announcements in 16 s (at most one per 5 s)`);
    assert.ok(gaps.every((gap) => gap >= 4900), `${id}: announcements ${JSON.stringify(gaps)} ms apart`);
    assert.ok(prices[id] > heard[id].length, `${id}: ${prices[id]} price changes, ${heard[id].length} announced`);
  }
  assert.ok(heard.left.every((h) => /^Price [\d,.]+ EUR(, (up|down) [\d.]+ %|, unchanged)?$/.test(h.text)), JSON.stringify(heard.left));
  assert.ok(heard.right.every((h) => /^Prix [\d\u202f,]+ EUR/.test(h.text)), JSON.stringify(heard.right));
  assert.deepEqual(problems, []);
  await page.close();
});

test("the depth chart's text alternative: best bid and ask, spread and totals, exact", async () => {
  const { page, problems } = await openWidgets(chrome.browser);
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const widget = document.getElementById("left");
    widget.addEventListener("bitcoin-central-update", ({ detail }) => {
      // Read in the same task as the update it drew.
      const svg = widget.shadowRoot.querySelector(".chart svg");
      const description = widget.shadowRoot.getElementById(svg.getAttribute("aria-describedby"));
      resolve({
        role: svg.getAttribute("role"),
        label: svg.getAttribute("aria-label"),
        description: description.textContent,
        hidden: description.hidden,
        bids: detail.depth.bids.map((l) => ({ price: l.price, total: l.total })),
        asks: detail.depth.asks.map((l) => ({ price: l.price, total: l.total })),
      });
    }, { once: true });
  }));
  assert.equal(seen.role, "img");
  const [bid, ask] = [seen.bids[0].price, seen.asks[0].price];
  const grouped = (text) => {
    const [whole, fraction] = text.split(".");
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
  };
  assert.equal(seen.label, `Order book depth: best bid ${grouped(bid)} EUR, best ask ${grouped(ask)} EUR`);
  // The spread, worked out here on the digits (both prices have at most 8 decimals).
  const scale = 8;
  const units = (text) => BigInt(text.split(".")[0] + (text.split(".")[1] ?? "").padEnd(scale, "0"));
  const spread = units(ask) - units(bid);
  const spreadText = `${spread / 10n ** BigInt(scale)}.${(spread % 10n ** BigInt(scale)).toString().padStart(scale, "0")}`.replace(/\.?0+$/, "");
  const shown = /^Spread ([\d,.]+) EUR\. Bids: (\d+) levels, ([\d,.]+) BTC in total\. Asks: (\d+) levels, ([\d,.]+) BTC in total\.$/.exec(seen.description);
  assert.ok(shown, seen.description);
  assert.equal(shown[1].replace(/,/g, "").replace(/\.?0+$/, ""), spreadText, "the spread, exact");
  assert.equal(Number(shown[2]), seen.bids.length);
  assert.equal(shown[3], grouped(seen.bids.at(-1).total));
  assert.equal(Number(shown[4]), seen.asks.length);
  assert.equal(shown[5], grouped(seen.asks.at(-1).total));
  // Read as the chart's description, not a second time as a paragraph of the page.
  assert.equal(seen.hidden, true);
  assert.match(await page.$eval("#right", (w) => w.shadowRoot.querySelector(".depth-summary").textContent), /^Écart [\d\u202f,]+ EUR\. Achats : \d+ niveaux, [\d\u202f,]+ BTC au total\. Ventes : /);
  assert.deepEqual(problems, []);
  await page.close();
});

test("up and down are told by an arrow or a sign as well as by colour", async () => {
  const { page, problems } = await openWidgets(chrome.browser);
  // Wait for both directions among the trades listed.
  await page.waitForFunction(() => {
    const root = document.getElementById("left").shadowRoot;
    return root.querySelector("td.up") && root.querySelector("td.down");
  }, null, { timeout: 20000 });
  const cells = await page.$eval("#left", (w) => {
    const root = w.shadowRoot;
    return {
      up: [...root.querySelectorAll("td.up")].map((td) => td.querySelector(".tick")?.textContent),
      down: [...root.querySelectorAll("td.down")].map((td) => td.querySelector(".tick")?.textContent),
      plain: [...root.querySelectorAll("tbody td:nth-child(2):not(.up):not(.down)")].map((td) => td.querySelector(".tick")),
      change: { dir: root.querySelector(".change").dataset.dir, arrow: root.querySelector(".change .arrow").textContent, pct: root.querySelector(".change .pct").textContent },
    };
  });
  assert.ok(cells.up.every((tick) => tick === "▲"), JSON.stringify(cells.up));
  assert.ok(cells.down.every((tick) => tick === "▼"), JSON.stringify(cells.down));
  assert.ok(cells.plain.every((tick) => tick === null), "no arrow where the price did not move");
  const { dir, arrow, pct } = cells.change;
  assert.equal(arrow, { up: "▲", down: "▼", flat: "▬" }[dir]);
  assert.match(pct, dir === "up" ? /^\+/ : dir === "down" ? /^−/ : /^\d/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("with prefers-reduced-motion the widget does not animate; without it, it does", async () => {
  const { page, problems } = await openWidgets(chrome.browser);
  const motion = () => page.$eval("#left", (w) => ({
    animations: w.shadowRoot.getAnimations().length,
    transition: getComputedStyle(w.shadowRoot.querySelector(".price .value")).transitionDuration,
  }));
  const moving = await motion();
  assert.ok(moving.animations > 0, "the live dot pulses by default");
  assert.equal(moving.transition, "0.6s");
  await page.emulateMedia({ reducedMotion: "reduce" });
  // A few steps of the market: new trades, price ticks.
  await page.waitForTimeout(2000);
  const still = await motion();
  assert.deepEqual(still, { animations: 0, transition: "0s" });
  assert.deepEqual(problems, []);
  await page.close();
});

// axe cannot judge contrast here: it reads the authored colours, which the browser
// replaces with the system's when it paints. What the test holds instead: no text of
// the widget opts out of the system's colours, each side of the book keeps a shape of
// its own, the badges keep an outline; and the screenshots, looked at.
test("in forced colours (Windows high contrast) the widget's text takes the system's colours and its shapes stay apart", async () => {
  for (const [viewport, name] of [[{ width: 1280, height: 900 }, "desktop"], [{ width: 390, height: 844 }, "phone"]]) {
    const { page, problems } = await openWidgets(chrome.browser, viewport);
    for (const colorScheme of ["light", "dark"]) {
      await page.emulateMedia({ forcedColors: "active", colorScheme });
      assert.equal(await page.evaluate(() => matchMedia("(forced-colors: active)").matches), true);
      const shapes = await page.$eval("#right", (w) => {
        const root = w.shadowRoot;
        const style = (selector) => getComputedStyle(root.querySelector(selector));
        const optedOut = [...root.querySelectorAll("*")].filter((n) => getComputedStyle(n).forcedColorAdjust === "none");
        return {
          textOptedOut: optedOut.filter((n) => n.textContent.trim() !== "" && !n.closest(".mark")).map((n) => n.className.baseVal ?? n.className),
          asks: style(".chart path.asks").strokeDasharray,
          bids: style(".chart path.bids").strokeDasharray,
          status: style(".status").borderTopStyle,
          card: style(".card").borderTopStyle,
        };
      });
      assert.deepEqual(shapes.textOptedOut, [], "text that keeps the theme's colours");
      assert.notEqual(shapes.asks, "none", "asks are dashed");
      assert.equal(shapes.bids, "none", "bids are a solid line");
      assert.equal(shapes.status, "solid", "the status keeps an outline");
      assert.equal(shapes.card, "solid");
      await page.screenshot({ path: `${shots}a11y-forced-colors-widget-${name}-${colorScheme}.png`, fullPage: true });
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
  const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  await page.emulateMedia({ forcedColors: "active" });
  await page.goto(sandbox);
  await page.waitForFunction(() => /^Updated at/.test(document.querySelector("#status").textContent), null, { timeout: 15000 });
  await page.screenshot({ path: `${shots}a11y-forced-colors-sample.png`, fullPage: true });
  await page.close();
});

/** Whatever of `root`'s text is cut: a box narrower than its text, or outside its clipping card. */
const clipped = (root, card) => {
  const bounds = card.getBoundingClientRect();
  const cut = [];
  for (const node of root.querySelectorAll("*")) {
    // Inside a scroller the keyboard can reach (a table wider than the card), nothing is lost.
    if (node.closest("svg, .sr-only, [hidden], [tabindex='0'][role=region]") || !node.getClientRects().length) continue;
    const rect = node.getBoundingClientRect();
    const style = getComputedStyle(node);
    if (style.overflowX !== "visible" && node.scrollWidth > node.clientWidth + 1 && !node.matches(".scroll")) cut.push(`${node.className || node.tagName} is cut (${node.scrollWidth} > ${node.clientWidth})`);
    if (rect.width > 0 && (rect.right > bounds.right + 1 || rect.left < bounds.left - 1)) cut.push(`${node.className || node.tagName} leaves its card`);
  }
  return cut;
};

/** What sticks out of the page sideways, outside the scrollers meant for it. */
const stickingOut = () => {
  if (document.documentElement.scrollWidth <= innerWidth) return [];
  const out = [...document.querySelectorAll("body *")]
    .filter((n) => !n.closest(".scroll") && n.getClientRects().length && n.getBoundingClientRect().right > innerWidth + 1)
    .map((n) => `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ""}.${n.className} ("${n.textContent.trim().slice(0, 30)}") ends at ${Math.round(n.getBoundingClientRect().right)} of ${innerWidth}px`);
  return out.length ? out : [`the page is ${document.documentElement.scrollWidth}px wide in ${innerWidth}px`];
};

test("text at 200 % of the browser's size: the widget and the sample page lose nothing", async () => {
  // A Chromium whose default font size is 32 px (16 is the default): the setting a
  // person with low vision changes. Text sized in px would ignore it.
  const profile = mkdtempSync(join(tmpdir(), "bc-large-text-"));
  mkdirSync(join(profile, "Default"), { recursive: true });
  writeFileSync(join(profile, "Default", "Preferences"), JSON.stringify({ webkit: { webprefs: { default_font_size: 32, default_fixed_font_size: 26 } } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
  });
  try {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      const problems = [];
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      await page.goto(new URL("widget.html", sandbox).href);
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), "32px", "the browser's text size is doubled");
      await waitForState(page, "left", "live");
      await waitForState(page, "right", "live");
      const sizes = await page.$eval("#left", (w) => ({
        card: getComputedStyle(w.shadowRoot.querySelector(".card")).fontSize,
        status: getComputedStyle(w.shadowRoot.querySelector(".status")).fontSize,
      }));
      assert.ok(Math.abs(parseFloat(sizes.card) - 28) < 0.1 && Math.abs(parseFloat(sizes.status) - 24) < 0.1,
        `the widget's text follows the setting (14 and 12 px at 100 %, now ${sizes.card} and ${sizes.status})`);
      const cut = await page.evaluate((clip) => {
        const clippedIn = new Function(`return (${clip})`)();
        return ["left", "right"].flatMap((id) => {
          const root = document.getElementById(id).shadowRoot;
          return clippedIn(root, root.querySelector(".card")).map((c) => `${id}: ${c}`);
        });
      }, clipped.toString());
      assert.deepEqual(cut, [], "nothing of the widgets is cut");
      await assertAccessible(page, `widget page, text at 200 %, ${viewport.width}px`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "no sideways scrolling of the widget page");
      await page.screenshot({ path: `${shots}a11y-text-200-widget-${viewport.width}.png`, fullPage: true });

      await page.goto(sandbox);
      await page.waitForFunction(() => /^Updated at/.test(document.querySelector("#status").textContent), null, { timeout: 15000 });
      assert.deepEqual(await page.evaluate(stickingOut), [], "no sideways scrolling of the sample page");
      // The ticker's numbers at their longest (eight decimals, as the API's midpoint has)
      // fit too: the sandbox's prices vary, and a shorter one proves nothing.
      assert.deepEqual(await page.evaluate(({ check, value }) => {
        const nums = [...document.querySelectorAll("#ticker .num")];
        const saved = nums.map((n) => [...n.childNodes]);
        const [whole, fraction] = value.split(".");
        for (const n of nums) n.replaceChildren(whole, Object.assign(document.createElement("span"), { className: "frac", textContent: `.${fraction}` }));
        const out = new Function(`return (${check})`)()();
        nums.forEach((n, i) => n.replaceChildren(...saved[i]));
        return out;
      }, { check: stickingOut.toString(), value: "123456.12345678" }), [], "a long price does not push the sample page sideways");
      // Tables too wide for their card scroll inside it, reachable by the keyboard.
      const scrollers = await page.$$eval(".scroll", (nodes) => nodes.filter((n) => n.scrollWidth > n.clientWidth).map((n) => ({
        card: n.closest(".card").id, tabindex: n.getAttribute("tabindex"), role: n.getAttribute("role"), label: n.getAttribute("aria-label"),
      })));
      for (const s of scrollers) assert.deepEqual([s.tabindex, s.role, /Scrolls sideways/.test(s.label ?? "")], ["0", "region", true], JSON.stringify(s));
      await assertAccessible(page, `sample page, text at 200 %, ${viewport.width}px`);
      await page.screenshot({ path: `${shots}a11y-text-200-sample-${viewport.width}.png`, fullPage: true });
      assert.deepEqual(problems, []);
      await page.close();
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("the sample page announces an order's fill from the account stream, politely and once", async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto(sandbox);
  await page.click("#account #login-code");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  await page.click("#approve");
  await page.waitForSelector("#trade:not([hidden]) .orders tbody tr", { timeout: 15000 });
  await page.waitForSelector("#account-source[data-status=live]", { timeout: 15000 });
  assert.deepEqual(await page.$eval("#news", (n) => [n.getAttribute("role"), n.getAttribute("aria-live")]), ["status", "polite"]);
  await page.evaluate(() => {
    globalThis.news = [];
    const node = document.querySelector("#news");
    new MutationObserver(() => globalThis.news.push({ at: Date.now(), text: node.textContent }))
      .observe(node, { childList: true, characterData: true, subtree: true });
  });
  await page.selectOption("#order-form [name=type]", "MarketOrder");
  await page.selectOption("#order-form [name=direction]", "buy");
  await page.fill("#order-form [name=amount]", "0.002");
  await page.click("#place-order");
  await page.waitForFunction(() => /is filled/.test(document.querySelector("#trade-status").textContent), null, { timeout: 15000 });
  const uuid = (await page.textContent("#trade-status")).match(/Order ([0-9a-f]{8})…/)[1];
  await page.waitForFunction((uuid) => globalThis.news.some((n) => n.text === `Order ${uuid}… is now filled.`), uuid, { timeout: 10000 });
  // Past the page's 10 s refresh: the fill is not said again, nor is "all is well".
  await page.waitForTimeout(11000);
  const news = await page.evaluate(() => globalThis.news);
  assert.equal(news.filter((n) => n.text.includes(uuid)).length, 1, JSON.stringify(news));
  assert.ok(news.length <= 2, `the page said ${news.length} things in 11 s: ${JSON.stringify(news)}`);
  await context.close();
});
