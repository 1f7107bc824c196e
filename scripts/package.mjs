// Completes pkg/ after wasm-bindgen: merges pkg-template/ (package.json with the
// version from Cargo.toml, README.md, LICENSE, the market widget's widget.js and widget.d.ts),
// removes what is not shipped, and prints the gzipped size of every shipped file and
// their total.
import { readFileSync, writeFileSync, copyFileSync, rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { BUDGET_BYTES, TARGET_BYTES, kb, shippedSizes } from "./sizes.mjs";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];
if (!version) throw new Error("no [package] version in Cargo.toml");

const manifest = JSON.parse(readFileSync(join(root, "pkg-template/package.json"), "utf8"));
writeFileSync(join(pkg, "package.json"), JSON.stringify({ ...manifest, version }, null, 2) + "\n");
// The package's own files: its README, its LICENSE and the market widget (bitcoin-central/widget).
for (const file of ["README.md", "LICENSE", "widget.js", "widget.d.ts"]) copyFileSync(join(root, "pkg-template", file), join(pkg, file));

// wasm-bindgen types a re-exported JS class as `let X: unknown` (0.2.130 has no way
// to skip it for a type); the class is declared in src/js/types.d.ts instead.
const dts = join(pkg, "bitcoin_central.d.ts");
const stub = "export let BitcoinCentralError: unknown;\n";
const types = readFileSync(dts, "utf8");
if (!types.includes(stub)) throw new Error(`wasm-bindgen no longer emits ${JSON.stringify(stub)}: review scripts/package.mjs`);
writeFileSync(dts, disposableIfSupported(types.replace(stub, "")));

// wasm-bindgen's own files that the package does not ship.
for (const file of [".gitignore", "bitcoin_central_bg.wasm.d.ts"]) rmSync(join(pkg, file), { force: true });

// Minified in place (esbuild, as a transform: imports, exports and ES-module form
// untouched; `keepNames` so classes such as BitcoinCentralError keep their `name`).
// Saves 8.8 KB gzipped (bitcoin_central.js 10.6 -> 6.4 KB, widget.js 13.5 -> 10.4 KB), for pages that load it without a bundler.
for (const file of [join(pkg, "bitcoin_central.js"), join(pkg, "widget.js"), ...snippets(join(pkg, "snippets"))]) {
  const { code } = transformSync(readFileSync(file, "utf8"), { loader: "js", minify: true, keepNames: true, legalComments: "none" });
  writeFileSync(file, code);
}

const sizes = shippedSizes(pkg);
console.log(`\nbitcoin-central ${version}: shipped files (gzip -9)`);
for (const file of sizes.files) console.log(`  ${file.path.padEnd(58)} ${kb(file.raw).padStart(9)} ${kb(file.gz).padStart(9)} gz`);
console.log(`  ${"total".padEnd(58)} ${kb(sizes.raw).padStart(9)} ${kb(sizes.gz).padStart(9)} gz`);
console.log(`  budget ${kb(BUDGET_BYTES)} (checked by make test); target ${kb(TARGET_BYTES)}\n`);

/**
 * wasm-bindgen declares `[Symbol.dispose](): void;` in every exported class, which
 * fails to compile (TS2550, with `skipLibCheck: false`) in a project whose `lib` lacks
 * `ESNext.Disposable` (`"lib": ["ES2022", "DOM"]`, say). The member is declared
 * instead through a merged interface that extends `DisposableIfSupported`: a
 * conditional type that is `{ [Symbol.dispose](): void }` where the user's lib
 * declares `Symbol.dispose` (so `using` type-checks), and `{}` where it does not. The
 * runtime method is untouched (it does what `free()` does).
 */
function disposableIfSupported(text) {
  const member = /^(export class (\w+) \{\n(?:    private constructor\(\);\n)?    free\(\): void;\n)    \[Symbol\.dispose\]\(\): void;\n/gm;
  const classes = [];
  const rewritten = text.replace(member, (_, head, name) => {
    classes.push(name);
    return head;
  });
  if (classes.length === 0 || rewritten.includes("Symbol.dispose]")) {
    throw new Error("wasm-bindgen's [Symbol.dispose] members are no longer where scripts/package.mjs expects them: review it");
  }
  return (
    rewritten +
    `
/**
 * \`{ [Symbol.dispose](): void }\` where the project's \`lib\` declares \`Symbol.dispose\`
 * (TypeScript 5.2+ with \`"ESNext.Disposable"\` or \`"ESNext"\`), so that
 * \`using book = await client.depthBook();\` type-checks; \`{}\` otherwise, so that these
 * declarations compile with any \`lib\` that has \`"DOM"\` (\`"ES2022"\`, say). At run time
 * every class below has the method either way (where the engine has \`Symbol.dispose\`):
 * it does what \`free()\` does.
 */
export type DisposableIfSupported = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? { [K in S]: () => void } : {};
${classes.map((name) => `export interface ${name} extends DisposableIfSupported {}\n`).join("")}`
  );
}

/** The JS modules wasm-bindgen copied into snippets/ (src/js/error.js). */
function snippets(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((name) => name.endsWith(".js"))
    .map((name) => join(dir, name));
}
