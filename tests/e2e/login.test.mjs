// End-to-end tier, OAuth: a person logs in on the sample page through the sandbox's
// consent page — with the code flow and PKCE, and with the implicit flow — then the
// page reads /api/v1/user with the session. Also: denying, logging out, and a replayed
// callback. Screenshots go to test-results/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sandbox, shots, useBrowser } from "./support.mjs";

const chrome = useBrowser();

async function open() {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(sandbox);
  await page.waitForSelector("#account #login-code");
  return { page, context, problems };
}

async function loginWith(page, button) {
  await page.click(`#account #${button}`);
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  const consent = page.url();
  await page.click("#approve");
  await page.waitForSelector("#account .user-name", { timeout: 15000 });
  return consent;
}

test("log in with the code flow and PKCE, then read the user", async () => {
  const { page, context, problems } = await open();
  await page.click("#account #login-code");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  const authorize = new URL(page.url());
  assert.equal(authorize.searchParams.get("response_type"), "code");
  assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
  assert.equal(authorize.searchParams.get("client_id"), "bitcoin-central-demo");
  assert.equal(authorize.searchParams.get("scope"), "basic activity trade withdraw");
  await page.screenshot({ path: `${shots}consent-page.png`, fullPage: true });
  await page.click("#approve");
  await page.waitForSelector("#account .user-name", { timeout: 15000 });

  assert.equal(await page.textContent("#account .user-name"), "BC-U123456");
  // The page shows exactly the digits the server sent (read here straight from the API).
  const raw = await page.evaluate(async () => {
    const session = JSON.parse(Object.entries(sessionStorage).find(([k]) => k.endsWith(".session"))[1]);
    const response = await fetch("/api/v1/user", { headers: { Authorization: `Bearer ${session.access_token}` } });
    return response.text();
  });
  const balances = await page.textContent("#account .balances");
  for (const key of ["balance_eur", "locked_eur", "balance_btc", "locked_btc"]) {
    const digits = raw.match(new RegExp(`"${key}":"?([0-9.]+)`))[1];
    assert.ok(balances.includes(digits), `${key} ${digits} shown exactly in ${balances}`);
  }
  assert.ok(!page.url().includes("code="), `the code is gone from the address bar: ${page.url()}`);
  assert.match(await page.textContent("#account .meta"), /refreshable/);
  await page.screenshot({ path: `${shots}logged-in.png`, fullPage: true });

  // The session survives a reload (sessionStorage), and the refresh rotates tokens.
  await page.reload();
  await page.waitForSelector("#account .user-name");
  const before = await page.evaluate(() => Object.entries(sessionStorage).find(([k]) => k.endsWith(".session"))[1]);
  await page.click("#refresh-session");
  await page.waitForFunction((old) => Object.entries(sessionStorage).find(([k]) => k.endsWith(".session"))?.[1] !== old, before);
  await page.waitForSelector("#account .user-name");

  await page.click("#logout");
  await page.waitForSelector("#account #login-code");
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.endsWith(".session")).length), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("log in with the implicit flow: the token never stays in the address bar", async () => {
  const { page, context, problems } = await open();
  const consent = await loginWith(page, "login-token");
  assert.equal(new URL(consent).searchParams.get("response_type"), "token");
  assert.equal(await page.textContent("#account .user-name"), "BC-U123456");
  assert.ok(!page.url().includes("access_token"), page.url());
  assert.ok(!page.url().includes("#"), page.url());
  assert.doesNotMatch(await page.textContent("#account .meta"), /refreshable/, "no refresh token in the implicit flow");

  // Back: the history entry of the callback was replaced, so no token comes back.
  await page.goBack();
  await page.waitForLoadState();
  assert.ok(!page.url().includes("access_token"), page.url());
  assert.deepEqual(problems, []);
  await context.close();
});

test("a replayed callback gives a clear error and no second session", async () => {
  const { page, context } = await open();
  // Catch the callback URL on its way back, before the page clears it.
  let callback;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && frame.url().includes("access_token=")) callback = frame.url();
  });
  await loginWith(page, "login-token");
  assert.ok(callback, "saw the callback");
  await page.click("#logout");
  // As the back button would: load the used callback URL as a new document.
  await page.goto("about:blank");
  await page.goto(callback);
  await page.waitForSelector("#account .error");
  const text = await page.textContent("#account .error");
  assert.match(text, /csrf/);
  assert.match(text, /no-login-in-progress/);
  assert.doesNotMatch(text, /access_token/);
  assert.equal(await page.locator("#account .user-name").count(), 0);
  await context.close();
});

test("denying at the consent page shows access_denied", async () => {
  const { page, context } = await open();
  await page.click("#account #login-code");
  await page.waitForURL(/\/api\/oauth\/authorize\?/);
  await page.click("#deny");
  await page.waitForSelector("#account .error");
  const text = await page.textContent("#account .error");
  assert.match(text, /refused/);
  assert.match(text, /access_denied/);
  assert.ok(!page.url().includes("error="), page.url());
  await page.screenshot({ path: `${shots}login-denied.png`, fullPage: true });
  await context.close();
});

test("two tabs log in at once, and logging out in one logs out the other", async () => {
  const { page: first, context, problems } = await open();
  const second = await context.newPage();
  second.on("pageerror", (e) => problems.push(`page error (second tab): ${e.message}`));
  await second.goto(sandbox);
  await second.waitForSelector("#account #login-code");

  // Both tabs start a login before either comes back: each keeps its own login in
  // progress (sessionStorage is per tab), so both end with a valid session.
  await first.click("#account #login-code");
  await second.click("#account #login-token");
  await first.waitForURL(/\/api\/oauth\/authorize\?/);
  await second.waitForURL(/\/api\/oauth\/authorize\?/);
  await Promise.all([first.click("#approve"), second.click("#approve")]);
  await first.waitForSelector("#account .user-name", { timeout: 15000 });
  await second.waitForSelector("#account .user-name", { timeout: 15000 });
  const token = (page) => page.evaluate(() => JSON.parse(Object.entries(sessionStorage).find(([k]) => k.endsWith(".session"))[1]).access_token);
  const [a, b] = [await token(first), await token(second)];
  assert.notEqual(a, b, "two sessions, not one mixed up between the tabs");

  // Log out in the first tab: the second hears it and logs out too.
  await first.click("#logout");
  await first.waitForSelector("#account #login-code");
  await second.waitForSelector("#account #login-code", { timeout: 5000 });
  const left = await second.evaluate(() => Object.keys(sessionStorage).filter((k) => k.endsWith(".session")));
  assert.deepEqual(left, [], "the second tab's session is gone from its storage");
  // Nothing about the session (let alone a token) went through localStorage.
  assert.deepEqual(await second.evaluate(() => Object.keys(localStorage)), []);
  assert.deepEqual(problems, []);
  await context.close();
});
