// Journey: logging in on the sample page through the sandbox's consent page, with the
// code flow and PKCE and with the implicit flow, then reading the user; the session
// survives a reload, refreshes, and logs out — in the engine ENGINE names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { engine, usePages } from "./engine.mjs";

const pages = usePages();

const sessionEntry = () => Object.entries(sessionStorage).find(([key]) => key.endsWith(".session"))?.[1] ?? null;

async function startLogin(button) {
  const page = await pages.open();
  await page.goto("/");
  await page.click(`#account #${button}`);
  const authorize = new URL(await page.waitForUrl(/\/api\/oauth\/authorize\?/));
  return { page, authorize };
}

test(`${engine}: log in with the code flow and PKCE, read the user, refresh, log out`, async () => {
  const { page, authorize } = await startLogin("login-code");
  assert.equal(authorize.searchParams.get("response_type"), "code");
  assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
  assert.match(authorize.searchParams.get("code_challenge"), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(authorize.searchParams.get("client_id"), "bitcoin-central-demo");
  await page.screenshot("consent-page");
  await page.click("#approve");
  await page.waitForSelector("#account .user-name");
  assert.equal(await page.text("#account .user-name"), "BC-U123456");
  assert.ok(!(await page.url()).includes("code="), "the code is gone from the address bar");
  assert.match(await page.text("#account .meta"), /refreshable/);

  // The balances shown are the digits the server sent (read here from the API).
  const raw = await page.evaluate(async () => {
    const session = JSON.parse(Object.entries(sessionStorage).find(([key]) => key.endsWith(".session"))[1]);
    const answer = await fetch("/api/v1/user", { headers: { Authorization: `Bearer ${session.access_token}` } });
    return answer.text();
  });
  const balances = await page.text("#account .balances");
  for (const key of ["balance_eur", "locked_eur", "balance_btc", "locked_btc"]) {
    const digits = raw.match(new RegExp(`"${key}":"?([0-9.]+)`))[1];
    assert.ok(balances.includes(digits), `${key} ${digits} shown exactly in ${balances}`);
  }
  await page.screenshot("logged-in");

  // A reload keeps the session (sessionStorage); a refresh rotates its tokens.
  await page.goto("/");
  await page.waitForSelector("#account .user-name");
  const before = await page.evaluate(sessionEntry);
  await page.click("#refresh-session");
  await page.waitFor((old) => {
    const now = Object.entries(sessionStorage).find(([key]) => key.endsWith(".session"))?.[1];
    return now && now !== old && document.querySelector("#account .user-name");
  }, [before], { what: "a refreshed session" });

  await page.click("#logout");
  await page.waitForSelector("#account #login-code");
  assert.equal(await page.evaluate(sessionEntry), null);
  await page.assertNoProblems();
  await page.close();
});

test(`${engine}: log in with the implicit flow; the token never stays in the address bar`, async () => {
  const { page, authorize } = await startLogin("login-token");
  assert.equal(authorize.searchParams.get("response_type"), "token");
  await page.click("#approve");
  await page.waitForSelector("#account .user-name");
  assert.equal(await page.text("#account .user-name"), "BC-U123456");
  const url = await page.url();
  assert.ok(!url.includes("access_token") && !url.includes("#"), url);
  assert.doesNotMatch(await page.text("#account .meta"), /refreshable/, "no refresh token in the implicit flow");

  // Back: the callback's history entry was replaced, so no token comes back.
  await page.driver.navigate().back();
  await page.waitFor(() => document.readyState === "complete");
  assert.ok(!(await page.url()).includes("access_token"), await page.url());
  await page.assertNoProblems();
  await page.close();
});

test(`${engine}: denying at the consent page shows access_denied`, async () => {
  const { page } = await startLogin("login-code");
  await page.click("#deny");
  await page.waitForSelector("#account .error");
  const text = await page.text("#account .error");
  assert.match(text, /refused/);
  assert.match(text, /access_denied/);
  assert.ok(!(await page.url()).includes("error="), await page.url());
  await page.assertNoProblems();
  await page.close();
});
