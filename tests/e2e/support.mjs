// What every end-to-end test file shares: the sandbox's address, where screenshots go,
// and one Chromium (Debian's, through playwright-core) for the file's tests.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

export const sandbox = process.env.SANDBOX_URL;
assert.ok(sandbox, "SANDBOX_URL must point at a running sandbox serving www/ and pkg/");

/** test-results/, where the tests save their screenshots. */
export const shots = new URL("../../test-results/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

/** A Chromium launched before the calling file's tests and closed after them. */
export function useBrowser() {
  const handle = { browser: null };
  before(async () => {
    handle.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });
  after(() => handle.browser?.close());
  return handle;
}
