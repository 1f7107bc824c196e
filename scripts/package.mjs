// Completes pkg/ after wasm-bindgen: merges pkg-template/ (package.json with the
// version from Cargo.toml, README.md, the market widget's widget.js and widget.d.ts),
// removes what is not shipped, and prints the gzipped size of every shipped file and
// their total.
import { readFileSync, writeFileSync, copyFileSync, rmSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];
if (!version) throw new Error("no [package] version in Cargo.toml");

const manifest = JSON.parse(readFileSync(join(root, "pkg-template/package.json"), "utf8"));
writeFileSync(join(pkg, "package.json"), JSON.stringify({ ...manifest, version }, null, 2) + "\n");
// The package's own files: its README and the market widget (bitcoin-central/widget).
for (const file of ["README.md", "widget.js", "widget.d.ts"]) copyFileSync(join(root, "pkg-template", file), join(pkg, file));

// wasm-bindgen types a re-exported JS class as `let X: unknown` (0.2.130 has no way
// to skip it for a type); the class is declared in src/js/types.d.ts instead.
const dts = join(pkg, "bitcoin_central.d.ts");
const stub = "export let BitcoinCentralError: unknown;\n";
const types = readFileSync(dts, "utf8");
if (!types.includes(stub)) throw new Error(`wasm-bindgen no longer emits ${JSON.stringify(stub)}: review scripts/package.mjs`);
writeFileSync(dts, types.replace(stub, ""));

// wasm-bindgen's own files that the package does not ship.
for (const file of [".gitignore", "bitcoin_central_bg.wasm.d.ts"]) rmSync(join(pkg, file), { force: true });

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const shipped = files(pkg).filter((f) => !f.endsWith("package.json") && !f.endsWith("README.md"));

let total = 0;
let totalRaw = 0;
console.log(`\nbitcoin-central ${version}: shipped files (gzip -9)`);
for (const file of shipped.sort()) {
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  totalRaw += raw.length;
  console.log(`  ${relative(pkg, file).padEnd(58)} ${kb(raw.length).padStart(9)} ${kb(gz).padStart(9)} gz`);
}
console.log(`  ${"total".padEnd(58)} ${kb(totalRaw).padStart(9)} ${kb(total).padStart(9)} gz\n`);

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
