// The size guard: the gzipped package may not grow past its budget (scripts/sizes.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { BUDGET_BYTES, TARGET_BYTES, kb, shippedSizes } from "../../scripts/sizes.mjs";

const pkgDir = new URL("../../pkg/", import.meta.url).pathname;

test("the gzipped package stays within its budget", () => {
  const { files, gz } = shippedSizes(pkgDir);
  assert.ok(files.some((f) => f.path.endsWith(".wasm")), "pkg/ holds the wasm");
  assert.ok(files.some((f) => f.path === "widget.js"), "pkg/ holds the widget");
  const list = files.map((f) => `${f.path} ${kb(f.gz)}`).join(", ");
  assert.ok(gz <= BUDGET_BYTES, `the package is ${kb(gz)} gzipped, past its ${kb(BUDGET_BYTES)} budget (${list})`);
  if (gz > TARGET_BYTES) console.log(`# size: ${kb(gz)} gzipped; budget ${kb(BUDGET_BYTES)}; target ${kb(TARGET_BYTES)} not reached`);
});
