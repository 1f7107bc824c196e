// Package tier, bounded answers in Node: a hostile server's endless body is cut at
// `timeoutMs`, an oversized one at `maxResponseBytes` (or before reading, from its
// Content-Length), a megabyte `currency` refused by its field's bound; each a typed
// error, and the wasm memory stays within a few times the limit however many come.
// Before these bounds, in Node a `depth()` whose body never ended returned only when
// the server closed the connection (15 s with `timeoutMs: 2000`), and a 50 MiB depth
// grew the wasm memory to 214 MiB for good. The faults are the sandbox's, by URL
// (`/_sandbox/fault/<fault>` as the base URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
const sandbox = process.env.SANDBOX_URL?.replace(/\/+$/, "");
assert.ok(sandbox, "SANDBOX_URL must point at a running sandbox");

const { default: init, Client, BitcoinCentralError } = await import(new URL(manifest.exports["."].default, pkgDir));
const wasm = await init({ module_or_path: readFileSync(new URL("bitcoin_central_bg.wasm", pkgDir)) });
const MiB = 1024 * 1024;

const faulted = (fault, options = {}) => new Client({ baseUrl: `${sandbox}/_sandbox/fault/${fault}`, retries: 0, ...options });

/** What `call` rejects with, and how long it took (ms). */
async function refusal(call) {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  assert.fail("the call succeeded");
}

test("an endless body is cut at timeoutMs: a timeout error, not the server's close", async () => {
  for (const timeoutMs of [1000, 2000]) {
    const { error, ms } = await refusal(() => faulted("endless-body", { timeoutMs }).depth());
    assert.ok(error instanceof BitcoinCentralError, String(error));
    assert.equal(error.kind, "timeout");
    assert.ok(ms >= timeoutMs - 50 && ms < timeoutMs + 500, `${ms.toFixed(0)} ms for timeoutMs ${timeoutMs}`);
  }
});

test("an answer past maxResponseBytes is refused as it streams in, or from its Content-Length", async () => {
  for (const fault of [`oversized-${9 * MiB}`, `oversized-declared-${9 * MiB}`]) {
    const { error, ms } = await refusal(() => faulted(fault).depth());
    assert.equal(error.kind, "decode", `${fault}: ${error.message}`);
    assert.match(error.message, /larger than 8388608 bytes/);
    assert.ok(ms < 5000, `${fault}: ${ms.toFixed(0)} ms`);
  }
  // A lower limit of the caller's own.
  const { error } = await refusal(() => faulted(`oversized-${2 * MiB}`, { maxResponseBytes: MiB }).depth());
  assert.match(error.message, /larger than 1048576 bytes/);
});

test("a megabyte currency is refused by its field's bound, with its path", async () => {
  const { error } = await refusal(() => faulted(`huge-currency-${MiB}`).ticker());
  assert.equal(error.kind, "decode");
  assert.equal(error.path, "currency");
});

test("the wasm memory stays bounded however many oversized answers come", async () => {
  const client = faulted(`oversized-${12 * MiB}`);
  await refusal(() => client.depth());
  const before = wasm.memory.buffer.byteLength;
  for (let i = 0; i < 8; i++) await refusal(() => client.depth());
  const after = wasm.memory.buffer.byteLength;
  console.log(`wasm memory: ${(before / MiB).toFixed(1)} MiB after one 12 MiB answer, ${(after / MiB).toFixed(1)} MiB after nine`);
  assert.ok(after - before <= 2 * MiB, `grew ${((after - before) / MiB).toFixed(1)} MiB`);
  assert.ok(after <= 64 * MiB, `${(after / MiB).toFixed(1)} MiB in all`);
  // And the client still works.
  const ticker = await new Client({ baseUrl: sandbox }).ticker();
  assert.equal(typeof ticker.price, "string");
});
