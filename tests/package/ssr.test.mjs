// Package tier, server-side rendering: importing `bitcoin-central` and
// `bitcoin-central/widget` in Node, as a framework's server render does, throws nothing
// and touches no browser global. Each check runs in a fresh Node process (no module
// cache to hide an import-time effect), importing the package by its name from a
// project whose node_modules/bitcoin-central is the built pkg/, with traps installed
// before the import:
//   - browser-only globals Node lacks (window, document, localStorage, customElements,
//     HTMLElement, …) stay absent, but a Proxy on globalThis's prototype hears every
//     lookup of them (`typeof X`, `X`, `globalThis.X`);
//   - the globals Node has too (fetch, navigator where Node has it) get a getter that
//     records every read.
// Nothing may be read; the widget may only look whether a DOM is there (HTMLElement,
// customElements, document: feature detection that finds nothing), and then defines
// nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, symlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const pkgDir = new URL("../../pkg/", import.meta.url).pathname;

// The browser-only globals Node does not have.
const ABSENT = ["window", "self", "document", "localStorage", "sessionStorage", "location", "history",
  "customElements", "HTMLElement", "Element", "Node", "CSSStyleSheet", "ResizeObserver",
  "IntersectionObserver", "MutationObserver", "matchMedia", "requestAnimationFrame", "getComputedStyle",
  "XMLHttpRequest", "indexedDB", "caches"];
// Globals of the browser that Node has too (which of them depends on Node's version).
const SHARED = ["fetch", "navigator", "Request", "Response", "Headers", "crypto", "WebAssembly.instantiateStreaming"];

// Runs in the child before the imports: installs the traps, then imports `specifier`
// and prints what it heard as JSON.
const child = (specifier) => `
const absent = new Set(${JSON.stringify(ABSENT)});
const heard = [];
const during = { on: true };
const hear = (how, name) => { if (during.on) heard.push(how + " " + name); };
for (const name of absent) if (name in globalThis) throw new Error("Node has " + name + ": not a fair trap");
const proto = Object.getPrototypeOf(globalThis);
Object.setPrototypeOf(globalThis, new Proxy(proto, {
  has(target, key) { if (absent.has(key)) { hear("probe", key); return false; } return Reflect.has(target, key); },
  get(target, key, receiver) { if (absent.has(key)) { hear("probe", key); return undefined; } return Reflect.get(target, key, receiver); },
}));
for (const path of ${JSON.stringify(SHARED)}) {
  const names = path.split(".");
  const name = names.pop();
  const owner = names.reduce((object, key) => object?.[key], globalThis);
  if (!owner || !(name in owner)) continue;
  const value = owner[name];
  Object.defineProperty(owner, name, { configurable: true, get() { hear("read", path); return value; } });
}
const before = new Set(Object.getOwnPropertyNames(globalThis));
let exports, error = null;
try { exports = Object.keys(await import(${JSON.stringify(specifier)})); } catch (e) { error = String(e?.stack ?? e); }
during.on = false;
const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
process.stdout.write(JSON.stringify({ exports, error, heard, added }));
`;

/** Imports `specifier` in a fresh Node process; resolves to what the child heard. */
function importFresh(project, specifier) {
  return new Promise((resolve, reject) => {
    const node = spawn(process.execPath, ["--input-type=module", "-e", child(specifier)], {
      cwd: project, stdio: ["ignore", "pipe", "pipe"], timeout: 20000,
    });
    let out = "", err = "";
    node.stdout.on("data", (chunk) => (out += chunk));
    node.stderr.on("data", (chunk) => (err += chunk));
    node.on("error", reject);
    // The process must end by itself: an import that left a timer or a listener behind
    // would keep a server render alive (the spawn timeout kills it: signal SIGTERM).
    node.on("close", (code, signal) => {
      if (code !== 0) return reject(new Error(`node exited with ${code ?? signal}: ${err}${out}`));
      resolve(JSON.parse(out));
    });
  });
}

/** A throwaway project with the built pkg/ as its node_modules/bitcoin-central. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), "bc-ssr-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkgDir, join(dir, "node_modules", "bitcoin-central"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "ssr-app", private: true, type: "module" }));
  return dir;
}

test("import 'bitcoin-central' in Node: no error, no browser global read, nothing defined", async () => {
  const dir = project();
  try {
    const result = await importFresh(dir, "bitcoin-central");
    assert.equal(result.error, null);
    for (const name of ["default", "Client", "OAuth", "BitcoinCentralError"]) assert.ok(result.exports.includes(name), name);
    assert.deepEqual(result.heard, [], "globals the import looked up");
    assert.deepEqual(result.added, [], "globals the import defined");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("import 'bitcoin-central/widget' in Node: a no-op that only looks whether a DOM is there", async () => {
  const dir = project();
  try {
    const result = await importFresh(dir, "bitcoin-central/widget");
    assert.equal(result.error, null);
    for (const name of ["TAG_NAME", "BitcoinCentralMarket", "defineMarketWidget", "mountMarket"]) {
      assert.ok(result.exports.includes(name), name);
    }
    const detection = new Set(["probe HTMLElement", "probe customElements", "probe document"]);
    assert.deepEqual(result.heard.filter((access) => !detection.has(access)), [], "globals the import used");
    assert.deepEqual(result.added, [], "globals the import defined");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the widget in Node: defineMarketWidget() says it needs a browser, instead of failing oddly", async () => {
  const dir = project();
  try {
    const probe = `import { defineMarketWidget, BitcoinCentralMarket } from "bitcoin-central/widget";
      let message = null;
      try { defineMarketWidget(); } catch (e) { message = e.message; }
      process.stdout.write(JSON.stringify({ message, isClass: typeof BitcoinCentralMarket === "function" }));`;
    const result = await new Promise((resolve, reject) => {
      const node = spawn(process.execPath, ["--input-type=module", "-e", probe], { cwd: dir, timeout: 20000 });
      let out = "", err = "";
      node.stdout.on("data", (chunk) => (out += chunk));
      node.stderr.on("data", (chunk) => (err += chunk));
      node.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
    });
    assert.equal(result.isClass, true);
    assert.match(result.message, /needs a browser: customElements is not defined/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
