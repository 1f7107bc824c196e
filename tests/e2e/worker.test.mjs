// End-to-end tier, Web Worker: www/worker.html starts worker.js, a dedicated module
// worker that imports the package, runs init(), makes a Client and reads the ticker;
// then a login through the sandbox's consent page, in a popup, whose callback URL the
// page hands to the worker: the worker's OAuth (storage "memory", its login in
// progress in its memory too) completes it, and its client reads the user. The page's
// storage never holds the session. Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandbox, shots, useBrowser } from "./support.mjs";

const chrome = useBrowser();

test("the client in a module worker: public data, then a login handed to it and user()", async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1000, height: 800 }, locale: "en-GB" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  // Every API call the browser makes, and the ones the page's own fetch made: the
  // difference is the worker's (it has its own fetch, which the page cannot wrap).
  const calls = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) calls.push(`${request.method()} ${url.pathname}`);
  });
  await page.addInitScript(() => {
    globalThis.pageFetches = [];
    const fetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      globalThis.pageFetches.push(String(input?.url ?? input));
      return fetch(input, init);
    };
  });
  const started = page.waitForEvent("worker");
  await page.goto(new URL("worker.html", sandbox).href);
  const worker = await started;
  assert.match(worker.url(), /\/worker\.js$/);

  await page.waitForFunction(() => /^\d+(\.\d+)?$/.test(document.getElementById("price").textContent), null, { timeout: 15000 });
  assert.equal(await page.textContent("#where"), "a dedicated worker");
  assert.equal(await page.textContent("#currency"), "EUR");
  // In the worker there is no window and no DOM storage; the package works without.
  assert.deepEqual(await worker.evaluate(() => [typeof window, typeof sessionStorage, typeof localStorage, typeof document]),
    ["undefined", "undefined", "undefined", "undefined"]);

  const opened = context.waitForEvent("page");
  await page.click("#login");
  const popup = await opened;
  await popup.waitForURL(/\/api\/oauth\/authorize\?/);
  const authorize = new URL(popup.url());
  assert.equal(authorize.searchParams.get("client_id"), "bitcoin-central-demo");
  assert.equal(authorize.searchParams.get("response_type"), "code");
  assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
  assert.equal(authorize.searchParams.get("redirect_uri"), new URL("worker.html", sandbox).href);
  const closed = popup.waitForEvent("close");
  await popup.click("#approve");
  await closed; // back on worker.html: it handed the URL to its opener and closed

  await page.waitForFunction(() => document.getElementById("user-name").textContent === "BC-U123456", null, { timeout: 15000 });
  assert.match(await page.textContent("#status"), /^Logged in, in the worker: scopes basic\.$/);
  assert.match(await page.textContent("#balance"), /^\d+(\.\d+)? EUR · \d+(\.\d+)? BTC$/);
  await page.screenshot({ path: `${shots}worker-logged-in.png`, fullPage: true });

  // The session is the worker's alone: nothing in the page's storage.
  assert.deepEqual(await page.evaluate(() => [sessionStorage.length, localStorage.length]), [0, 0]);
  // The ticker, the token exchange and the user call were made, none by the page.
  for (const call of ["GET /api/v1/data/eur/ticker", "POST /api/oauth/token", "GET /api/v1/user"]) {
    assert.ok(calls.includes(call), `${call} in ${JSON.stringify(calls)}`);
  }
  assert.deepEqual(await page.evaluate(() => globalThis.pageFetches), []);

  // Logged out in the worker, user() is refused with a session error.
  await page.click("#logout");
  await page.waitForSelector("#login:not([hidden])");
  const refused = await page.evaluate(() => new Promise((resolve) => {
    const probe = new Worker("worker.js", { type: "module" });
    probe.onmessage = ({ data }) => data.id === 2 && resolve(data);
    probe.postMessage({ id: 1, type: "start", baseUrl: location.origin, redirectUri: location.href });
    probe.postMessage({ id: 2, type: "user" });
  }));
  assert.equal(refused.ok, false);
  assert.equal(refused.error.kind, "session");
  assert.deepEqual(problems, []);
  await context.close();
});
