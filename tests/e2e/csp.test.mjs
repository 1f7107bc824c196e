// End-to-end tier, security headers: the sandbox serves the sample page, the widget
// page and its OAuth pages under a strict Content-Security-Policy, and they work under
// it with zero violations (no inline script or style, no eval, wasm allowed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { sandbox, useBrowser } from "./support.mjs";

const origin = new URL(sandbox).origin;

const chrome = useBrowser();

/** Records every CSP violation of every document the page loads, before its scripts run. */
function recordViolations() {
  globalThis.cspViolations = [];
  document.addEventListener(
    "securitypolicyviolation",
    (e) => globalThis.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`),
    true,
  );
}

/** A page watched for CSP violations: the events, and Chromium's console errors about them. */
async function watchedPage() {
  const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  await page.addInitScript(recordViolations);
  const consoleCsp = [];
  const problems = [];
  page.on("console", (m) => /Content Security Policy/i.test(m.text()) && consoleCsp.push(m.text()));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  const violations = () => page.evaluate(() => globalThis.cspViolations);
  return { page, consoleCsp, problems, violations };
}

/** The security headers of a document's answer. */
function assertStrictHeaders(response) {
  const headers = response.headers();
  const policy = headers["content-security-policy"];
  assert.ok(policy, "a Content-Security-Policy");
  const directives = Object.fromEntries(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]));
  assert.deepEqual(directives["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives["style-src"], ["'self'"]);
  assert.deepEqual(directives["object-src"], ["'none'"]);
  assert.deepEqual(directives["base-uri"], ["'none'"]);
  assert.deepEqual(directives["frame-ancestors"], ["'none'"]);
  assert.ok(!/'unsafe-(eval|inline|hashes)'/.test(policy), policy);
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.equal(headers["x-content-type-options"], "nosniff");
}

test("the sample page shows live data under its CSP, with no violation", async () => {
  const { page, consoleCsp, problems, violations } = await watchedPage();
  const response = await page.goto(sandbox);
  assertStrictHeaders(response);
  await page.waitForFunction(() => document.querySelector("#status")?.textContent.startsWith("Updated at"), null, { timeout: 15000 });
  // The depth bars' widths are custom properties set through the CSSOM, which the CSP allows.
  assert.ok((await page.locator("#depth .fill").count()) > 0);
  assert.match(await page.$eval("#depth .fill", (fill) => fill.style.getPropertyValue("--w")), /^\d+(\.\d)?%$/);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(consoleCsp, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the widget page and its widgets go live under the CSP, with no violation", async () => {
  const { page, consoleCsp, problems, violations } = await watchedPage();
  const response = await page.goto(new URL("widget.html", sandbox).href);
  assertStrictHeaders(response);
  for (const id of ["left", "right"]) {
    await page.waitForFunction((id) => document.getElementById(id)?.state === "live", id, { timeout: 15000 });
  }
  // The widget's CSS applies (an adopted stylesheet, no <style> element), and so does the page's.
  const widget = await page.$eval("#left", (w) => ({
    adopted: w.shadowRoot.adoptedStyleSheets.length,
    styleElements: w.shadowRoot.querySelectorAll("style").length,
    padding: getComputedStyle(w.shadowRoot.querySelector(".card")).paddingTop,
  }));
  assert.deepEqual(widget, { adopted: 1, styleElements: 0, padding: "16px" });
  assert.equal(await page.$eval("#copy", (b) => getComputedStyle(b).backgroundColor), "rgb(179, 89, 0)");
  // widget-page.js ran: the snippet names this server.
  assert.match(await page.textContent("#snippet"), new RegExp(`src="${origin}/pkg/widget.js"`));
  await page.waitForFunction(() => Number(document.querySelector("#updates").textContent) > 0, null, { timeout: 15000 });
  assert.deepEqual(await violations(), []);
  assert.deepEqual(consoleCsp, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the policy is enforced: inline script and style attributes are refused and reported", async () => {
  const { page, violations } = await watchedPage();
  await page.goto(sandbox);
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "globalThis.inlineRan = true;";
    document.head.append(script);
    document.body.setAttribute("style", "background: red");
  });
  await page.waitForFunction(() => globalThis.cspViolations.length >= 2, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => globalThis.inlineRan), undefined, "the inline script did not run");
  const seen = await violations();
  assert.ok(seen.some((v) => v.startsWith("script-src-elem")), seen.join("\n"));
  assert.ok(seen.some((v) => v.startsWith("style-src-attr")), seen.join("\n"));
  await page.close();
});

test("the consent page is styled by its hash, and its form may redirect back to the app", async () => {
  const { page, consoleCsp, violations } = await watchedPage();
  const challenge = createHash("sha256").update("a-verifier-of-the-csp-test-that-is-long-enough").digest("base64url");
  const query = new URLSearchParams({
    response_type: "code",
    client_id: "bitcoin-central-demo",
    redirect_uri: `${origin}/`,
    scope: "basic",
    state: "csp-test",
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const response = await page.goto(`${origin}/api/oauth/authorize?${query}`);
  assert.equal(response.status(), 200);
  const policy = response.headers()["content-security-policy"];
  assert.match(policy, /style-src 'sha256-[A-Za-z0-9+/]+=*'/);
  assert.match(policy, new RegExp(`form-action 'self' ${origin};`));
  assert.equal(response.headers()["referrer-policy"], "no-referrer");
  assert.equal(await page.$eval("#approve", (b) => getComputedStyle(b).backgroundColor), "rgb(179, 89, 0)", "the inline style applies");
  assert.deepEqual(await violations(), []);
  await Promise.all([page.waitForURL((url) => url.searchParams.get("error") === "access_denied", { timeout: 10000 }), page.click("#deny")]);
  assert.deepEqual(consoleCsp, []);
  await page.close();
});
