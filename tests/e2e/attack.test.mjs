// End-to-end tier, a forged consent: a page on another origin (served by a Node
// server of this test, on another port: same site as the sandbox when both are on
// 127.0.0.1, another site on localhost) tries to approve a login on the sandbox for
// its own PKCE request, in the browser of a person who has the sandbox's consent
// cookie. With fetch, and with a hidden form submitted by script: both are refused
// (403 page, no redirect), so no code ever reaches the attacker's redirect URI; and
// the page cannot read the consent page (no CORS), so it cannot take its token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createHash, randomBytes } from "node:crypto";
import { sandbox, useBrowser } from "./support.mjs";

const chrome = useBrowser();
const origin = new URL(sandbox).origin;
/** What reached the attacker's server: paths with their queries. */
const hits = [];
let server;
let port;

/** The attacker's login request: the demo client takes any loopback redirect URI. */
function attackerRequest(host) {
  const verifier = randomBytes(32).toString("base64url");
  return {
    client_id: "bitcoin-central-demo",
    redirect_uri: `http://${host}:${port}/cb`,
    response_type: "code",
    scope: "basic trade withdraw",
    state: "attack",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  };
}

/** A real token, taken by the attacker's server from its own visit (its own cookie). */
async function stolenToken(request) {
  const page = await fetch(`${origin}/api/oauth/authorize?${new URLSearchParams(request)}`);
  return /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
}

async function attackPage(host, kind) {
  const request = attackerRequest(host);
  const fields = { ...request, csrf_token: await stolenToken(request), decision: "approve" };
  const action = `${origin}/api/oauth/authorize`;
  if (kind === "form") {
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
      .join("");
    return `<!DOCTYPE html><form id="f" method="post" action="${action}">${inputs}</form>
      <script>document.getElementById("f").submit();</script>`;
  }
  return `<!DOCTYPE html><script type="module">
    const body = new URLSearchParams(${JSON.stringify(fields)});
    const report = {};
    for (const mode of ["no-cors", "cors"]) {
      try {
        const r = await fetch(${JSON.stringify(action)}, { method: "POST", mode, credentials: "include", body });
        report[mode] = { type: r.type, status: r.status, url: r.url, text: await r.text() };
      } catch (e) {
        report[mode] = { error: String(e) };
      }
    }
    try {
      const r = await fetch(${JSON.stringify(`${action}?${new URLSearchParams(request)}`)}, { credentials: "include" });
      report.read = { status: r.status, text: await r.text() };
    } catch (e) {
      report.read = { error: String(e) };
    }
    window.report = report;
  </script>`;
}

before(async () => {
  server = createServer(async (req, res) => {
    hits.push(req.url);
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/fetch" || url.pathname === "/form") {
      const host = req.headers.host.split(":")[0];
      res.writeHead(200, { "content-type": "text/html" });
      res.end(await attackPage(host, url.pathname.slice(1)));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = server.address().port;
});

after(() => server?.close());

/** A person's browser that has opened the sandbox's consent page before. */
async function victim() {
  const context = await chrome.browser.newContext();
  const page = await context.newPage();
  const own = new URLSearchParams({ client_id: "bitcoin-central-demo", redirect_uri: `${origin}/`, response_type: "token" });
  await page.goto(`${origin}/api/oauth/authorize?${own}`);
  const cookies = await context.cookies(`${origin}/api/oauth/authorize`);
  assert.ok(cookies.some((c) => c.name === "bc_consent" && c.sameSite === "Strict" && c.httpOnly), JSON.stringify(cookies));
  return { context, page };
}

function codesReceived() {
  return hits.filter((h) => h.startsWith("/cb"));
}

for (const host of ["127.0.0.1", "localhost"]) {
  test(`a page on ${host}:<port> cannot approve a login with fetch, nor read the consent page`, async () => {
    const { context, page } = await victim();
    const posts = [];
    page.on("response", (r) => {
      if (r.request().method() === "POST" && r.url().startsWith(`${origin}/api/oauth/authorize`)) posts.push(r);
    });
    await page.goto(`http://${host}:${port}/fetch`);
    const report = await page.waitForFunction(() => window.report).then((h) => h.jsonValue());
    // no-cors: an opaque answer, nothing to read, no redirect followed to a code.
    assert.equal(report["no-cors"].type, "opaque", JSON.stringify(report));
    // cors: the sandbox refused, and the browser hides even that (no CORS).
    assert.match(report.cors.error ?? "", /TypeError|Failed to fetch/, JSON.stringify(report));
    assert.match(report.read.error ?? "", /TypeError|Failed to fetch/, JSON.stringify(report.read).slice(0, 300));
    assert.ok(posts.length >= 1, "the posts reached the sandbox");
    for (const post of posts) {
      assert.equal(post.status(), 403);
      assert.equal(post.headers().location, undefined);
    }
    assert.deepEqual(codesReceived(), [], "no code reached the attacker");
    await context.close();
  });

  test(`a page on ${host}:<port> cannot approve a login with a hidden form`, async () => {
    const { context, page } = await victim();
    const refused = page.waitForResponse((r) => r.request().method() === "POST" && r.url() === `${origin}/api/oauth/authorize`);
    await page.goto(`http://${host}:${port}/form`);
    const answer = await refused;
    assert.equal(answer.status(), 403);
    assert.equal(answer.headers().location, undefined);
    await page.waitForLoadState("domcontentloaded");
    assert.match(await page.textContent("body"), /another site/);
    assert.equal(new URL(page.url()).origin, origin);
    assert.ok(!page.url().includes("code="), page.url());
    assert.deepEqual(codesReceived(), [], "no code reached the attacker");
    await context.close();
  });
}
