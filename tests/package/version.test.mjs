// Package tier, release hygiene: one version number for the crate, the npm package,
// the docs and the consumer apps; one licence, with its texts, wherever it is stated.
// Reads files only (no sandbox); needs the built pkg/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const read = (path) => readFileSync(new URL(path, root), "utf8");
const json = (path) => JSON.parse(read(path));

const cargo = read("Cargo.toml");
const version = cargo.match(/^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m)?.[1];
const license = cargo.match(/^\[workspace\.package\][^[]*?^license\s*=\s*"([^"]+)"/m)?.[1];

test("Cargo.toml's version is the one version, in semver", () => {
  assert.match(version ?? "", /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
});

test("the npm package has Cargo.toml's version", () => {
  const template = json("pkg-template/package.json");
  // The template may leave it out (scripts/package.mjs writes it); if it says one, the same.
  if ("version" in template) assert.equal(template.version, version, "pkg-template/package.json");
  assert.equal(json("pkg/package.json").version, version, "pkg/package.json (run scripts/build.sh)");
});

test("Cargo.lock has Cargo.toml's version", () => {
  const entry = read("Cargo.lock").match(/^name = "bitcoin-central"\nversion = "([^"]+)"/m);
  assert.ok(entry, "bitcoin-central in Cargo.lock");
  assert.equal(entry[1], version);
});

test("CHANGELOG.md's latest entry is this version", () => {
  const changelog = read("CHANGELOG.md");
  const entries = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((m) => m[1]).filter((v) => v !== "Unreleased");
  assert.equal(entries[0], version, "the first ## [x.y.z] heading");
  assert.match(changelog, new RegExp(`^\\[${version.replaceAll(".", "\\.")}\\]: https://`, "m"), "its link");
});

test("every version of the package the docs name is this one", () => {
  // `bitcoin-central@0.1.0`, `"bitcoin-central": "^0.1.0"`, `bitcoin-central = "0.1.0"`,
  // `bitcoin-central = { version = "0.1.0", ... }`.
  const mention = /bitcoin-central(?:@|"?\s*[:=]\s*"[\^~=]?|\s*=\s*\{[^}\n]*?version\s*=\s*"[\^~=]?)(\d+\.\d+\.\d+[^"\s`]*)/g;
  const docs = ["README.md", "CHANGELOG.md", "ARCHITECTURE.md", "pkg-template/README.md", "examples/rust-app/Cargo.toml"];
  let seen = 0;
  for (const doc of docs.filter((doc) => existsSync(new URL(doc, root)))) {
    for (const [text, named] of read(doc).matchAll(mention)) {
      seen++;
      assert.equal(named, version, `${doc}: ${text}`);
    }
  }
  assert.ok(seen > 0, "at least one mention was checked (examples/rust-app/Cargo.toml names the version)");
});

test("the consumer apps depend on this version", () => {
  const rust = read("examples/rust-app/Cargo.toml").match(/^bitcoin-central\s*=\s*\{[^}]*version\s*=\s*"([^"]+)"/m);
  assert.ok(rust, "examples/rust-app depends on bitcoin-central with a version");
  assert.equal(rust[1], version, "examples/rust-app/Cargo.toml");
  // The JS apps install the tarball `npm pack` makes of pkg/: its name carries the version.
  const tarball = `file:../../target/consumers/bitcoin-central-${version}.tgz`;
  for (const app of ["vite-app", "webpack-app", "esbuild-app"]) {
    assert.equal(json(`examples/${app}/package.json`).dependencies["bitcoin-central"], tarball, `${app}/package.json`);
    const lock = json(`examples/${app}/package-lock.json`);
    assert.equal(lock.packages[""].dependencies["bitcoin-central"], tarball, `${app}/package-lock.json`);
    assert.equal(lock.packages["node_modules/bitcoin-central"].version, version, `${app}/package-lock.json`);
    assert.equal(lock.packages["node_modules/bitcoin-central"].resolved, tarball, `${app}/package-lock.json`);
  }
});

test("one licence: Cargo.toml, package.json, and its texts in LICENSE-* and the package's LICENSE", () => {
  assert.equal(license, "MIT OR Apache-2.0");
  assert.equal(json("pkg-template/package.json").license, license);
  assert.equal(json("pkg/package.json").license, license);
  const packaged = read("pkg-template/LICENSE");
  assert.ok(packaged.includes(read("LICENSE-MIT")), "pkg-template/LICENSE holds LICENSE-MIT");
  assert.ok(packaged.includes(read("LICENSE-APACHE")), "pkg-template/LICENSE holds LICENSE-APACHE");
  assert.equal(read("pkg/LICENSE"), packaged, "pkg/LICENSE (run scripts/build.sh)");
});
