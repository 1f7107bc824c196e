// The journeys' one browser API, over W3C WebDriver (selenium-webdriver), so the same
// journeys run in the three engines a front-end ships to: ENGINE=chromium (Debian's
// Chromium through chromedriver), ENGINE=firefox (Firefox ESR through geckodriver) or
// ENGINE=webkit (WebKitGTK's MiniBrowser through WebKitWebDriver, under an X display).
// Playwright cannot drive Debian's Firefox and WebKit builds; WebDriver can, and is
// what the browsers' makers test their drivers against.
//
// Every test gets a fresh browser (its own profile: no storage left over from another
// test). What the page throws, rejects or has refused by its Content-Security-Policy
// is collected by listeners put into each document on its first wait, and a test ends
// by asserting there was none; a failure while loading shows as the state the journey
// waits for never coming.
import { after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { Builder, By } from "selenium-webdriver";
import { Select } from "selenium-webdriver/lib/select.js";

export const sandbox = process.env.SANDBOX_URL;
assert.ok(sandbox, "SANDBOX_URL must point at a running sandbox serving www/ and pkg/");

export const engine = process.env.ENGINE ?? "chromium";

/** test-results/, where the journeys save their screenshots (named after the engine). */
const shots = new URL("../../test-results/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
const logs = new URL("../../target/", import.meta.url).pathname;
mkdirSync(logs, { recursive: true });

const engines = {
  chromium: {
    driver: (port) => [process.env.CHROMEDRIVER ?? "/usr/bin/chromedriver", [`--port=${port}`]],
    capabilities: {
      browserName: "chrome",
      "goog:chromeOptions": {
        binary: process.env.CHROMIUM ?? "/usr/bin/chromium",
        args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--no-first-run", "--lang=en-GB"],
      },
    },
  },
  firefox: {
    driver: (port) => [process.env.GECKODRIVER ?? "geckodriver", ["--port", String(port)]],
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": {
        binary: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
        args: ["-headless"],
        prefs: { "intl.accept_languages": "en-GB" },
      },
    },
  },
  webkit: {
    driver: (port) => [process.env.SAFARIDRIVER ?? "/usr/bin/WebKitWebDriver", [`--port=${port}`]],
    // With no browser options, WebKitWebDriver starts WebKitGTK's MiniBrowser.
    capabilities: { browserName: "MiniBrowser" },
  },
};
assert.ok(engines[engine], `ENGINE must be one of ${Object.keys(engines).join(", ")}, not ${engine}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts the engine's driver and waits until it answers `/status`. */
async function startDriver() {
  const port = await freePort();
  const [command, args] = engines[engine].driver(port);
  // The driver's and the browser's own chatter goes to a log, not the test's output.
  const log = openSync(`${logs}journeys-${engine}-driver.log`, "a");
  const child = spawn(command, args, { stdio: ["ignore", log, log] });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${command} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/status`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${command} did not answer on ${url}`);
}

// Put into each document once: what went wrong in it, for the test's end.
const LISTEN = `
  if (!window.__journeyProblems) {
    const problems = (window.__journeyProblems = []);
    addEventListener("error", (e) => problems.push("error: " + (e.message || e.error)));
    addEventListener("unhandledrejection", (e) => problems.push("unhandled rejection: " + (e.reason?.message ?? e.reason)));
    document.addEventListener("securitypolicyviolation", (e) => problems.push("CSP refused " + e.blockedURI + " (" + e.violatedDirective + ")"));
  }
  return window.__journeyProblems.splice(0);`;

/** One browser window, driven as a person would use it. */
export class Page {
  constructor(driver, driverProcess) {
    this.driver = driver;
    this.driverProcess = driverProcess;
    this.problems = [];
  }

  /** Opens a fresh browser of the engine, its viewport `width` × `height`. */
  static async open({ width = 1280, height = 900 } = {}) {
    const { child, url } = await startDriver();
    try {
      const driver = await new Builder().usingServer(url).withCapabilities(engines[engine].capabilities).build();
      const page = new Page(driver, child);
      await page.resize(width, height);
      return page;
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  /** Sets the size of the page's viewport (the window's, less its chrome). */
  async resize(width, height) {
    const { innerWidth, innerHeight, outerWidth, outerHeight } = await this.driver.executeScript(
      "return { innerWidth, innerHeight, outerWidth, outerHeight }");
    await this.driver.manage().window().setRect({
      width: width + (outerWidth - innerWidth),
      height: height + (outerHeight - innerHeight),
    });
  }

  async goto(url) {
    await this.driver.get(new URL(url, sandbox).href);
    await this.collect();
  }

  /** Reads what went wrong in the current document since the last call. */
  async collect() {
    try {
      this.problems.push(...(await this.driver.executeScript(LISTEN)));
    } catch {
      // between two documents: the next wait collects
    }
  }

  /** Runs `fn(...args)` in the page and gives back its (JSON-able) result. */
  evaluate(fn, ...args) {
    return this.driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
  }

  /** Waits until `fn(...args)`, run in the page, is truthy; gives back its value. */
  async waitFor(fn, args = [], { timeout = 15000, what = String(fn) } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      await this.collect();
      try {
        last = await this.evaluate(fn, ...args);
        if (last) return last;
      } catch (error) {
        last = error.message; // navigating: try again
      }
      if (Date.now() > deadline) assert.fail(`${engine}: waited ${timeout} ms for ${what} (last: ${JSON.stringify(last)})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  waitForSelector(selector, options) {
    return this.waitFor((s) => !!document.querySelector(s), [selector], { what: selector, ...options });
  }

  async waitForUrl(pattern, options) {
    await this.waitFor((source) => new RegExp(source).test(location.href), [pattern.source], { what: `the URL ${pattern}`, ...options });
    return this.url();
  }

  url() {
    return this.driver.getCurrentUrl();
  }

  text(selector) {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  attribute(selector, name) {
    return this.evaluate((s, n) => document.querySelector(s)?.getAttribute(n) ?? null, selector, name);
  }

  count(selector) {
    return this.evaluate((s) => document.querySelectorAll(s).length, selector);
  }

  /** Clicks the element as a user would (scrolled into view, hit-tested). */
  async click(selector) {
    await this.waitForSelector(selector);
    await this.driver.findElement(By.css(selector)).click();
  }

  /** Replaces the text of an input as a user would: select all, then type. */
  async fill(selector, value) {
    await this.waitForSelector(selector);
    const input = await this.driver.findElement(By.css(selector));
    await input.clear();
    await input.sendKeys(value);
  }

  /** Picks the `<option>` of `value` in a `<select>`. */
  async select(selector, value) {
    await this.waitForSelector(selector);
    await new Select(await this.driver.findElement(By.css(selector))).selectByValue(value);
  }

  async setChecked(selector, checked) {
    const box = await this.driver.findElement(By.css(selector));
    if ((await box.isSelected()) !== checked) await box.click();
  }

  /** Saves a screenshot of the viewport as test-results/<engine>-<name>.png, after
   * the page has painted what it shows now. */
  async screenshot(name) {
    await this.driver.executeAsyncScript("const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done))");
    writeFileSync(`${shots}${engine}-${name}.png`, Buffer.from(await this.driver.takeScreenshot(), "base64"));
  }

  /** Asserts nothing went wrong in any document the page showed. */
  async assertNoProblems() {
    await this.collect();
    assert.deepEqual(this.problems, [], `${engine}: the page reported problems`);
  }

  async close() {
    try {
      await this.driver.quit();
    } finally {
      this.driverProcess.kill();
    }
  }
}

/** Pages opened by the calling file's tests, all closed after them. */
export function usePages() {
  const open = [];
  after(() => Promise.all(open.map((page) => page.close().catch(() => {}))));
  return {
    async open(viewport) {
      const page = await Page.open(viewport);
      open.push(page);
      return page;
    },
  };
}
