// The journeys' harness, checked in the engine ENGINE names: it hears what a page
// throws, rejects and has refused by its Content-Security-Policy (else "no problems"
// at the end of a journey would prove nothing), and a viewport has the size asked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { engine, usePages } from "./engine.mjs";

const pages = usePages();

test(`${engine}: the harness hears a page's errors, rejections and CSP refusals`, async () => {
  const page = await pages.open({ width: 800, height: 600 });
  await page.goto("/");
  assert.deepEqual(await page.evaluate(() => [innerWidth, innerHeight]), [800, 600]);
  // The probes must fail as page code. A WebDriver script is not quite that: Firefox
  // runs it in a sandbox of its own, whose failures the page never sees, and Chromium
  // and WebKit treat it as a script of another origin (its errors are reported as
  // "Script error.", its rejections not at all). So each failure is made twice: by a
  // built-in of the page's run from a timer, and by the library's own code.
  await page.evaluate(async () => {
    window.setTimeout(window.JSON.parse, 0, "{ not JSON"); // throws in a task of the page
    window.setTimeout(window.Promise.reject.bind(window.Promise), 0, new window.Error("rejected by the probe"));
    const { default: init, Client } = await import("/pkg/bitcoin_central.js");
    await init();
    new Client({ baseUrl: "http://127.0.0.1:1", retries: 0 }).ticker(); // refused by connect-src; never handled
    const image = document.createElement("img");
    image.src = "https://example.invalid/probe.png"; // refused by img-src
    document.body.append(image);
  });
  const expected = [/^error: /m, /^unhandled rejection: /m, /^CSP refused http:\/\/127\.0\.0\.1:1\/api\/v1\/data\/eur\/ticker \(connect-src/m,
    /^CSP refused https:\/\/example\.invalid\/probe\.png \(img-src/m];
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !expected.every((pattern) => pattern.test(page.problems.join("\n")))) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await page.collect();
  }
  const heard = page.problems.join("\n");
  for (const pattern of expected) assert.match(heard, pattern);
  await assert.rejects(page.assertNoProblems(), /reported problems/);
  await page.close();
});
