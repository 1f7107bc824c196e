// The code blocks of the READMEs, as a reader copies them: every ```js, ```ts
// (```typescript, ```javascript) and ```html block of README.md and
// pkg-template/README.md, with where it is and how the docs tier runs it.
//
// A block may be preceded (blank lines aside) by an HTML comment the reader does not see:
//   <!-- snippet: continues -->  the block goes on from the runnable block before it in
//                                the same README (it uses its `client`, ...): it is
//                                checked and run after that one, in the same page.
//   <!-- snippet: fragment -->   not meant to run: parsed only.
// A JS or TS block that imports from "node:..." runs in Node; every other one in a page.
import { readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);

/** The READMEs whose snippets run, and the address each one's pages are served at. */
export const READMES = [
  // The repository's README: its snippets talk to the sandbox at its documented
  // address, and the sample page is served by the sandbox itself.
  { file: "README.md", origin: "http://127.0.0.1:8080" },
  // The npm package's: the real exchange by default, from a user's own site.
  { file: "pkg-template/README.md", origin: "https://app.example" },
];

const LANGUAGES = { js: "js", javascript: "js", mjs: "js", ts: "ts", typescript: "ts", html: "html" };
const MARKERS = new Set(["continues", "fragment"]);

/**
 * Every block of `file` (relative to the repository), in order: { file, line (of
 * its first code line, 1-based), language ("js" | "ts" | "html"), code, marker
 * (null | "continues" | "fragment"), title, origin, id }.
 */
export function snippetsOf(file, text = readFileSync(new URL(file, root), "utf8")) {
  const lines = text.split("\n");
  const found = [];
  let title = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^#{1,6}\s+(.*)$/.exec(line) ?? /^\*\*([^*]+)\*\*/.exec(line);
    if (heading) title = heading[1].trim();
    const fence = /^```\s*([\w-]*)\s*$/.exec(line);
    if (!fence) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new Error(`${file}:${i + 1}: a code block that never closes`);
    const language = LANGUAGES[fence[1].toLowerCase()];
    if (language) {
      let before = i - 1;
      while (before >= 0 && lines[before].trim() === "") before--;
      const comment = before >= 0 ? /^<!--\s*snippet:\s*([\w-]+)\s*-->$/.exec(lines[before].trim()) : null;
      if (comment && !MARKERS.has(comment[1])) throw new Error(`${file}:${before + 1}: unknown snippet marker "${comment[1]}"`);
      found.push({
        file,
        line: start + 1,
        language,
        code: lines.slice(start, end).join("\n") + "\n",
        marker: comment ? comment[1] : null,
        title,
        origin: READMES.find((r) => r.file === file)?.origin ?? READMES[0].origin,
        id: `${file.replace(/[^\w]+/g, "_")}_L${start + 1}`,
      });
    }
    i = end;
  }
  return found;
}

/** Where a snippet runs: "node" for one that imports a node: module, else "browser". */
export function environmentOf(snippet) {
  return snippet.language !== "html" && /^\s*import\b[^;]*?["']node:/m.test(snippet.code) ? "node" : "browser";
}

/**
 * The runnable units of a README's snippets: one per block that is not a fragment,
 * each with the chain of blocks it runs (the blocks it continues, then itself).
 */
export function unitsOf(snippets) {
  const units = [];
  let previous = null;
  for (const snippet of snippets) {
    if (snippet.marker === "fragment" || snippet.language === "html") {
      if (snippet.language === "html") units.push({ snippet, chain: [snippet], environment: "browser" });
      continue;
    }
    let chain = [snippet];
    if (snippet.marker === "continues") {
      if (!previous) throw new Error(`${snippet.file}:${snippet.line}: "continues", but no runnable block comes before it`);
      chain = [...previous.chain, snippet];
    }
    const unit = { snippet, chain, environment: environmentOf(chain[0]) };
    // A block that imports node: modules runs in Node, and so must what it continues.
    if (chain.some((link) => environmentOf(link) === "node") && unit.environment !== "node") {
      throw new Error(`${snippet.file}:${snippet.line}: a Node block continues a block that runs in a page`);
    }
    units.push(unit);
    previous = unit;
  }
  return units;
}

// import default, { a, type B, c as d } from "m";   import * as ns from "m";   import "m";
const IMPORT = /^import\s+(?:([\s\S]*?)\s+from\s+)?(["'])([^"']+)\2\s*;?[ \t]*$/gm;

/**
 * The chain as one module, each block's lines tagged with where they come from: the
 * imports of every block merged at the top (one statement per module), then each
 * block's code, every continuing block in a `{ }` nested in the one before (so it
 * sees what came before and may declare the same names again, as a reader's next
 * paste in its own place would).
 * Returns { code, origins: [{ file, line } per line of code] }.
 */
export function compose(chain) {
  const modules = new Map(); // module -> { defaults: Set, named: Set, namespaces: Set, bare }
  const out = [];
  const origins = [];
  const push = (text, origin) => {
    for (const line of text.split("\n")) {
      out.push(line);
      origins.push(origin);
    }
  };
  const bodies = chain.map((snippet) => {
    const body = snippet.code.replace(IMPORT, (statement, clause, _q, module) => {
      const entry = modules.get(module) ?? { defaults: new Set(), named: new Set(), namespaces: new Set(), bare: false, origin: { file: snippet.file, line: snippet.line } };
      modules.set(module, entry);
      if (!clause) entry.bare = true;
      else {
        const namedPart = /\{([\s\S]*)\}/.exec(clause);
        for (const name of (namedPart?.[1] ?? "").split(",").map((n) => n.trim().replace(/\s+/g, " ")).filter(Boolean)) entry.named.add(name);
        const rest = clause.replace(/\{[\s\S]*\}/, "").split(",").map((n) => n.trim()).filter(Boolean);
        for (const part of rest) (part.startsWith("*") ? entry.namespaces : entry.defaults).add(part);
      }
      // Keep the line count, so that lines keep their place in the block.
      return statement.replace(/[^\n]/g, "");
    });
    return { snippet, body };
  });
  for (const [module, entry] of modules) {
    const origin = entry.origin;
    for (const ns of entry.namespaces) push(`import ${ns} from "${module}";`, origin);
    const named = [...entry.named];
    // A name imported both as a value and as `type X`: the value import covers both.
    const values = new Set(named.filter((n) => !n.startsWith("type ")));
    const kept = named.filter((n) => !(n.startsWith("type ") && values.has(n.slice(5))));
    const parts = [...entry.defaults].slice(0, 1);
    if (kept.length) parts.push(`{ ${kept.join(", ")} }`);
    if (parts.length) push(`import ${parts.join(", ")} from "${module}";`, origin);
    else if (entry.bare) push(`import "${module}";`, origin);
  }
  bodies.forEach(({ snippet, body }, index) => {
    if (index > 0) push("{", { file: snippet.file, line: snippet.line - 1 });
    body.replace(/\n$/, "").split("\n").forEach((line, at) => push(line, { file: snippet.file, line: snippet.line + at }));
  });
  for (let index = 1; index < bodies.length; index++) push("}", { file: chain.at(-1).file, line: chain.at(-1).line });
  return { code: out.join("\n") + "\n", origins };
}

/** The inline module scripts of an HTML snippet (its `src` ones load what they name). */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes, body]) => /type=["']?module/.test(attributes) && !/\bsrc=/.test(attributes) && body.trim())
    .map(([, , body]) => body);
}
