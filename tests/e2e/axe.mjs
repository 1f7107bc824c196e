// axe-core over a page of the e2e tier: the WCAG 2.1 A and AA rules and axe's best
// practices, open shadow roots included (the widget's), every violation printed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** node_modules/axe-core/axe.min.js, the version package-lock.json pins. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** One line per node of each violation: rule id, impact, help, and the node's selector (a shadow root's as `host >>> inner`). */
export function describeViolations(violations) {
  return violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`,
    ...v.nodes.map((n) => `    ${selector(n.target)}: ${n.failureSummary?.replaceAll("\n", " ") ?? ""}`),
  ]).join("\n");
}

/** axe's target: one CSS selector, or a list of them through shadow roots. */
export function selector(target) {
  return target.map((part) => (Array.isArray(part) ? part.join(" >>> ") : part)).join(" | ");
}

/**
 * Runs axe over the page and returns its results. `context` defaults to the whole
 * document. axe is evaluated through the DevTools protocol, which the page's CSP
 * (no inline script) does not govern: the page is audited under its own policy.
 */
export async function runAxe(page, context = null) {
  if (!(await page.evaluate(() => typeof globalThis.axe === "object"))) await page.evaluate(axeSource);
  return page.evaluate(async ([context, tags]) => {
    const results = await globalThis.axe.run(context ?? document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations", "passes"],
    });
    // Only what the tests read: the page would otherwise send every node's HTML back.
    const slim = (list) => list.map(({ id, impact, help, helpUrl, nodes }) => ({
      id, impact, help, helpUrl, nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
    return { violations: slim(results.violations), passes: slim(results.passes), version: globalThis.axe.version };
  }, [context, AXE_TAGS]);
}

/**
 * Asserts axe finds nothing on the page in the state it is in (`what` names it in the
 * failure), and returns the results for further checks.
 */
export async function assertAccessible(page, what, context = null) {
  const results = await runAxe(page, context);
  const count = results.violations.reduce((n, v) => n + v.nodes.length, 0);
  assert.equal(count, 0, `axe ${results.version}, ${what}: ${count} violation(s)\n${describeViolations(results.violations)}`);
  return results;
}

/** The selectors axe passed rule `id` on that lie inside the shadow root of the host matching `host`. */
export function shadowPasses(results, id, host) {
  const nodes = results.passes.filter((p) => p.id === id).flatMap((p) => p.nodes);
  return nodes.map((n) => n.target[0]).filter((t) => Array.isArray(t) && t[0] === host).map((t) => t.slice(1).join(" >>> "));
}
