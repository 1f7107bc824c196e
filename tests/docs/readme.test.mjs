// Docs tier: every JS, TS and HTML snippet of README.md and pkg-template/README.md (the
// npm package's), as a reader pastes it.
// - Each block is parsed as its language (a ```js block holds no TypeScript).
// - Each runnable one is type-checked by `tsc --strict` as a .ts file of a user's
//   project that installed "bitcoin-central" (the built pkg/): a browser project
//   (moduleResolution Bundler, lib DOM) or, for a block that imports node: modules, a
//   Node one (NodeNext, @types/node), with the settings the READMEs tell users to have.
// - Each runs: in Node, or in Chromium on a page with "bitcoin-central" mapped to the
//   package, against a sandbox this file starts. The addresses the READMEs name reach
//   that sandbox: http://127.0.0.1:8080 (the sandbox's documented address), the real
//   exchange https://bitcoin-central.net and unpkg's copy of the package; so do the
//   pages' own origins (README.md's at http://127.0.0.1:8080/, the npm README's at
//   https://app.example/, both registered with the sandbox as redirect URIs). A login
//   goes through the sandbox's consent page (approved), and the page loads again.
//   A page run fails on an uncaught error, a console error or warning, or a request to
//   any other address; a Node run on a non-zero exit or anything written to stderr.
// A block marked `<!-- snippet: continues -->` runs after the block before it (see
// snippets.mjs), once that one has run (and logged in) in the same tab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { transformSync } from "esbuild";
import { chromium } from "playwright-core";
import { WebSocket } from "ws";
import { READMES, compose, inlineScripts, snippetsOf, unitsOf } from "./snippets.mjs";

const root = new URL("../../", import.meta.url).pathname;
const work = `${root}target/docs-snippets/`;
const SANDBOX_ORIGINS = ["http://127.0.0.1:8080", "https://bitcoin-central.net"];
const UNPKG = "https://unpkg.com/bitcoin-central/";
/** Deliberate fragments (parsed only): every one is named here, so that none slips in. */
const FRAGMENTS_ALLOWED = 0;

const snippets = READMES.flatMap(({ file }) => snippetsOf(file));
const units = READMES.flatMap(({ file }) => unitsOf(snippets.filter((s) => s.file === file)));
const where = (s) => `${s.file}:${s.line}`;
const label = (unit) => `${where(unit.snippet)} (${unit.snippet.language}, ${unit.snippet.title})`;

// The project a user would have: node_modules/bitcoin-central is the built package.
const projects = {
  browser: {
    dir: `${work}browser/`,
    tsconfig: {
      compilerOptions: {
        strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler",
        lib: ["ES2022", "DOM", "DOM.Iterable", "ESNext.Disposable"], types: [], moduleDetection: "force", skipLibCheck: false,
      },
      include: ["*.ts"],
    },
  },
  node: {
    dir: `${work}node/`,
    tsconfig: {
      compilerOptions: {
        strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM", "ESNext.Disposable"], types: ["node"], moduleDetection: "force", skipLibCheck: false,
      },
      include: ["*.ts"],
    },
  },
};

/** Each unit's program (its chain as one module) and the .ts file it is checked as. */
const programs = new Map();
for (const unit of units) {
  if (unit.snippet.language === "html") {
    const scripts = inlineScripts(unit.snippet.code);
    if (scripts.length === 0) continue;
    programs.set(unit, { code: scripts.join("\n"), origins: [], file: `${projects.browser.dir}${unit.snippet.id}.ts` });
    continue;
  }
  const program = compose(unit.chain);
  programs.set(unit, { ...program, file: `${projects[unit.environment].dir}${unit.snippet.id}.ts` });
}

/** tsc's diagnostics, by the file they are in. */
const diagnostics = new Map();
let sandbox = null;
let sandboxProcess = null;
let browser = null;

before(async () => {
  assert.ok(existsSync(`${root}pkg/bitcoin_central.js`), "pkg/ is built (scripts/build.sh)");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(`${work}node_modules/@types`, { recursive: true });
  symlinkSync(`${root}pkg`, `${work}node_modules/bitcoin-central`);
  symlinkSync(`${root}node_modules/@types/node`, `${work}node_modules/@types/node`);
  writeFileSync(`${work}package.json`, JSON.stringify({ private: true, type: "module" }, null, 2));
  for (const project of Object.values(projects)) {
    mkdirSync(project.dir, { recursive: true });
    writeFileSync(`${project.dir}tsconfig.json`, JSON.stringify(project.tsconfig, null, 2));
  }
  for (const program of programs.values()) writeFileSync(program.file, program.code);
  const checked = new Set([...programs.values()].map((p) => p.file.slice(0, p.file.lastIndexOf("/") + 1)));
  for (const project of Object.values(projects)) {
    if (!checked.has(project.dir)) continue;
    const tsc = spawnSync(`${root}node_modules/.bin/tsc`, ["-p", `${project.dir}tsconfig.json`, "--pretty", "false"], { cwd: root, encoding: "utf8" });
    if (tsc.status !== 0 && !/\): error /.test(tsc.stdout)) {
      diagnostics.set("(tsc)", [{ line: 0, column: 0, message: `tsc exited ${tsc.status}: ${tsc.stdout}${tsc.stderr}${tsc.error ?? ""}` }]);
    }
    let current = null;
    for (const line of tsc.stdout.split("\n")) {
      const match = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
      if (match) {
        const file = new URL(match[1], `file://${root}`).pathname;
        current = { line: Number(match[2]), column: Number(match[3]), message: match[4] };
        diagnostics.set(file, [...(diagnostics.get(file) ?? []), current]);
      } else if (current && line.trim()) current.message += `\n  ${line.trim()}`;
      else if (line.trim()) diagnostics.set("(tsc)", [...(diagnostics.get("(tsc)") ?? []), { line: 0, column: 0, message: line }]);
    }
  }
  sandbox = await startSandbox();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  sandboxProcess?.kill();
});

/** A sandbox of our own on a free port, serving pkg/, with the READMEs' redirect URIs registered. */
async function startSandbox() {
  const binary = process.env.SANDBOX_BIN ?? `${root}target/debug/bitcoin-central-sandbox`;
  assert.ok(existsSync(binary), `${binary} is built (cargo build -p bitcoin-central-sandbox)`);
  sandboxProcess = spawn(binary, [
    "--host", "127.0.0.1", "--port", "0", "--quiet", "--tick-ms", "500", "--pkg", `${root}pkg`,
    // README.md's pages use the sandbox's demo client; the npm README's, "your-client-id".
    "--client", "bitcoin-central-demo=http://127.0.0.1:8080/",
    "--client", "your-client-id=https://app.example/",
  ], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: sandboxProcess.stdout });
  for await (const line of lines) {
    const listening = /^bitcoin-central-sandbox listening on (http:\S+)$/.exec(line);
    if (listening) return listening[1];
  }
  throw new Error("the sandbox exited before it listened");
}

/** `file:line` in the README of a line of a unit's program. */
function readmeLine(program, line) {
  const origin = program.origins[line - 1];
  return origin ? `${origin.file}:${origin.line}` : `${program.file}:${line}`;
}

test("every JS, TS and HTML block of both READMEs is found, and at most the allowed few are fragments", (t) => {
  for (const { file } of READMES) {
    const own = snippets.filter((s) => s.file === file);
    assert.ok(own.length >= 4, `${file} has its quick starts (${own.length} blocks found)`);
  }
  const fragments = snippets.filter((s) => s.marker === "fragment");
  assert.ok(fragments.length <= FRAGMENTS_ALLOWED, `fragments: ${fragments.map(where).join(", ")}`);
  t.diagnostic(`${snippets.length} blocks: ${snippets.filter((s) => s.language === "js").length} js, ` +
    `${snippets.filter((s) => s.language === "ts").length} ts, ${snippets.filter((s) => s.language === "html").length} html; ` +
    `${snippets.filter((s) => s.marker === "continues").length} continue the block before them; ${fragments.length} fragments`);
});

for (const snippet of snippets) {
  if (snippet.language === "html") continue;
  test(`${where(snippet)} parses as ${snippet.language}`, () => {
    assert.doesNotThrow(() => transformSync(snippet.code, { loader: snippet.language, format: "esm", target: "esnext" }));
  });
}

test("the package's declarations type-check in both projects", () => {
  const own = new Set([...programs.values()].map((p) => p.file));
  const elsewhere = [...diagnostics].filter(([file]) => !own.has(file));
  assert.deepEqual(elsewhere.map(([file, list]) => list.map((d) => `${file}(${d.line},${d.column}): ${d.message}`)).flat(), []);
});

for (const [unit, program] of programs) {
  test(`${label(unit)} type-checks (tsc --strict, ${unit.environment} project)`, () => {
    const found = diagnostics.get(program.file) ?? [];
    assert.deepEqual(found.map((d) => `${readmeLine(program, d.line)}: ${d.message}`), []);
  });
}

for (const unit of units) {
  if (unit.environment === "node") {
    test(`${label(unit)} runs in Node`, async (t) => {
      const { code, stdout, stderr } = await runInNode(unit);
      if (stdout.trim()) t.diagnostic(`stdout: ${stdout.trim()}`);
      assert.equal(stderr, "", "nothing on stderr");
      assert.equal(code, 0);
    });
  } else {
    test(`${label(unit)} runs in Chromium`, async (t) => {
      const { logs, problems } = await runInPage(unit);
      for (const log of logs) t.diagnostic(`console: ${log}`);
      assert.deepEqual(problems, []);
    });
  }
}

/** The chain as JS (TypeScript's types removed). */
function javascript(chain) {
  const { code } = compose(chain);
  return chain.some((s) => s.language === "ts") ? transformSync(code, { loader: "ts", format: "esm", target: "esnext" }).code : code;
}

async function runInNode(unit) {
  const file = `${projects.node.dir}${unit.snippet.id}.mjs`;
  writeFileSync(file, javascript(unit.chain));
  const child = spawn(process.execPath, ["--import", new URL("./network.mjs", import.meta.url).href, file], {
    cwd: projects.node.dir,
    env: { ...process.env, DOCS_SANDBOX: sandbox },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill(), 30000);
  const code = await new Promise((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The page a browser snippet runs in: the package under its npm name, the snippet last. */
function pageFor(snippet, chain) {
  const head = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script>navigation.addEventListener("navigate", (e) => { if (!e.destination.sameDocument) globalThis.__leaving = true; });</script>
<script type="importmap">{ "imports": { "bitcoin-central": "/pkg/bitcoin_central.js", "bitcoin-central/widget": "/pkg/widget.js" } }</script>
</head><body>`;
  if (snippet.language === "html") return `${head}${snippet.code}<script>addEventListener("load", () => { globalThis.__snippetDone = true; });</script></body></html>`;
  return `${head}<script type="module">${javascript(chain)}\nglobalThis.__snippetDone = true;</script></body></html>`;
}

/**
 * Runs the unit's chain in one tab: its first block alone, then each following one
 * after it (so a login happens before what needs it). Returns the console's logs
 * and every problem seen.
 */
async function runInPage(unit) {
  const origin = READMES.find((r) => r.file === unit.snippet.file).origin;
  const context = await browser.newContext({ locale: "en-GB" });
  const problems = [];
  const logs = [];
  let html = "";
  await context.route(() => true, async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin && url.pathname === "/") return route.fulfill({ contentType: "text/html", body: html });
    let target = null;
    if (url.origin === origin || SANDBOX_ORIGINS.includes(url.origin)) target = `${sandbox}${url.pathname}${url.search}`;
    else if (url.href.startsWith(UNPKG)) target = `${sandbox}/pkg/${url.href.slice(UNPKG.length)}`;
    if (!target) {
      problems.push(`a request to ${url.href}, an address no README names`);
      return route.abort();
    }
    try {
      const response = await route.fetch({ url: target, maxRedirects: 0 });
      await route.fulfill({ response });
    } catch (error) {
      if (!String(error).includes("closed")) problems.push(`forwarding ${url.href}: ${error.message}`);
    }
  });
  // The stream's WebSocket goes the same way, piped frame by frame to the sandbox
  // (Playwright's route can only connect a socket to the address the page named).
  await context.routeWebSocket(() => true, (socket) => {
    const url = new URL(socket.url());
    if (url.origin.replace(/^ws/, "http") !== origin && !SANDBOX_ORIGINS.includes(url.origin.replace(/^ws/, "http"))) {
      problems.push(`a WebSocket to ${url.href}, an address no README names`);
      return socket.close();
    }
    const upstream = new WebSocket(`${sandbox.replace(/^http/, "ws")}${url.pathname}${url.search}`);
    const waiting = [];
    upstream.on("open", () => waiting.splice(0).forEach((frame) => upstream.send(frame)));
    upstream.on("message", (data, binary) => socket.send(binary ? data : data.toString()));
    upstream.on("close", () => socket.close());
    upstream.on("error", () => socket.close());
    socket.onMessage((frame) => (upstream.readyState === WebSocket.OPEN ? upstream.send(frame) : waiting.push(frame)));
    socket.onClose(() => upstream.close());
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
    else logs.push(m.text());
  });
  try {
    const steps = unit.snippet.language === "html" ? [[unit.snippet]] : unit.chain.map((_, i) => unit.chain.slice(0, i + 1));
    for (const chain of steps) {
      html = pageFor(unit.snippet, chain);
      await page.goto(`${origin}/`);
      await settle(page, origin, unit.snippet.language, problems);
      if (problems.length) break;
    }
  } finally {
    await context.close();
  }
  return { logs, problems };
}

/** Waits until the page's snippet has run to its end, through a login if it starts one. */
async function settle(page, origin, language, problems) {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (problems.length) return;
    if (Date.now() > deadline) {
      problems.push(`not done after 30 s (at ${page.url()})`);
      return;
    }
    const url = new URL(page.url());
    if (url.pathname === "/api/oauth/authorize") {
      // The sandbox's consent page: approve, and the provider sends us back.
      const approve = await page.waitForSelector("#approve", { timeout: 5000 }).catch(() => null);
      if (!approve) {
        problems.push(`the authorization page shows no consent form: ${(await page.textContent("body")).trim().slice(0, 300)}`);
        return;
      }
      await approve.click();
      // (Not waitForURL: Chromium reports the redirect of a routed answer as failed
      // once, before it asks the route for it.)
      await until(() => {
        const at = new URL(page.url());
        return at.origin === origin && at.pathname === "/";
      }, "back from the consent page", problems);
      continue;
    }
    const state = await page
      .evaluate((html) => ({
        leaving: globalThis.__leaving === true,
        done: globalThis.__snippetDone === true &&
          (!html || [...document.querySelectorAll("bitcoin-central-market")].every((w) => w.state === "live")),
      }), language === "html")
      .catch(() => ({ leaving: true, done: false }));
    if (state.leaving) {
      const from = page.url();
      await until(() => page.url() !== from, `leaving ${from}`, problems);
      await page.waitForLoadState("domcontentloaded").catch(() => {});
      continue;
    }
    if (state.done) {
      // Late errors (a promise nobody awaited) still count.
      await page.waitForTimeout(300);
      return;
    }
    await page.waitForTimeout(100);
  }
}

/** Polls `condition` for up to 10 s; a problem named `what` if it never holds. */
async function until(condition, what, problems) {
  const deadline = Date.now() + 10000;
  while (!condition()) {
    if (Date.now() > deadline) {
      problems.push(`timed out: ${what}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
