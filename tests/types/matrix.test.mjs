// Types tier: the shipped declarations (pkg/bitcoin_central.d.ts, pkg/widget.d.ts)
// compiled the way users compile them. Each case is one user's project in a temp
// directory: package.json "type": "module", node_modules/bitcoin-central a copy of
// the package's files (resolved through its package.json "exports"), usage.ts (every
// export, with @ts-expect-error lines that must be errors) and a tsconfig with
// `strict`, `skipLibCheck: false` and the case's compiler, lib and moduleResolution.
// One test per compiled configuration:
//   TypeScript 5.9 (the repository's) and 5.0 (the oldest the README claims, the
//   first with moduleResolution bundler) × lib ["ES2022", "DOM"] (no
//   ESNext.Disposable) × moduleResolution bundler, node16, nodenext;
//   and TypeScript 5.9 with "ESNext.Disposable" in lib, where using.ts checks that
//   `using book = await client.depthBook()` type-checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
const pkg = join(root, "pkg");
const here = new URL(".", import.meta.url).pathname;

/** The compilers, from package.json's devDependencies (package-lock.json). */
const COMPILERS = [
  { name: "typescript", tsc: join(root, "node_modules/typescript/bin/tsc") },
  { name: "typescript-5.0", tsc: join(root, "node_modules/typescript-5.0/bin/tsc") },
];
const MODULE = { bundler: "ESNext", node16: "Node16", nodenext: "NodeNext" };
const BASE_LIB = ["ES2022", "DOM"];

const version = (tsc) => spawnSync(process.execPath, [tsc, "-v"], { encoding: "utf8" }).stdout.trim().replace(/^Version /, "");

const cases = [
  ...COMPILERS.flatMap((compiler) =>
    Object.keys(MODULE).map((resolution) => ({ compiler, resolution, lib: BASE_LIB, files: ["usage.ts"] })),
  ),
  { compiler: COMPILERS[0], resolution: "bundler", lib: [...BASE_LIB, "ESNext.Disposable"], files: ["usage.ts", "using.ts"] },
];

/** A user's project: the package installed as a copy of what npm would unpack. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), "bitcoin-central-types-"));
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const installed = join(dir, "node_modules/bitcoin-central");
  mkdirSync(installed, { recursive: true });
  for (const file of ["package.json", ...manifest.files]) cpSync(join(pkg, file), join(installed, file), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "types-consumer", private: true, type: "module" }) + "\n");
  return dir;
}

for (const { compiler, resolution, lib, files } of cases) {
  const ts = version(compiler.tsc);
  test(`TypeScript ${ts}, lib ${JSON.stringify(lib)}, moduleResolution ${resolution}, skipLibCheck false: ${files.join(" + ")}`, () => {
    const dir = project();
    try {
      for (const file of files) cpSync(join(here, file), join(dir, file));
      const compilerOptions = {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: MODULE[resolution],
        moduleResolution: resolution,
        lib,
        noUnusedLocals: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        // No @types/* from wherever the temp directory is: the package alone.
        types: [],
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files }, null, 2) + "\n");
      const run = spawnSync(process.execPath, [compiler.tsc, "-p", dir, "--listFiles"], { encoding: "utf8" });
      const output = `${run.stdout}${run.stderr}`;
      const diagnostics = output.split("\n").filter((line) => !line.startsWith(dir) && !line.includes("/lib/lib.") && line.trim());
      assert.equal(run.status, 0, `tsc ${ts} (${resolution}, ${lib.join("+")}) failed:\n${diagnostics.join("\n")}`);
      // Both entry points were read from the installed package, through "exports".
      const listed = output.split("\n");
      for (const dts of ["bitcoin_central.d.ts", "widget.d.ts"]) {
        assert.ok(listed.includes(join(dir, "node_modules/bitcoin-central", dts)), `${dts} not compiled from node_modules:\n${output}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
