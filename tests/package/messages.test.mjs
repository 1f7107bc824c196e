// Package tier: the library's own messages follow the client's locale, and a decode
// error from a pure parse* call names no HTTP status it never saw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkgDir = new URL("../../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));
const sandbox = process.env.SANDBOX_URL;
const closed = process.env.CLOSED_URL;
assert.ok(sandbox && closed, "SANDBOX_URL and CLOSED_URL must be set");
const lib = await import(new URL(manifest.exports["."].default, pkgDir));
await lib.default({ module_or_path: readFileSync(new URL("bitcoin_central_bg.wasm", pkgDir)) });
const { Client } = lib;

const message = async (promise) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("it should have failed");
};

test("a client's messages are in its language, the server's words included", async () => {
  for (const [locale, noAnswer, login, refused] of [
    ["en", /^no answer from /, /^this call needs a login/, /^the server rejected the request \(HTTP \d+\)|^unexpected HTTP status \d+/],
    ["fr", /^pas de réponse de /, /^cet appel demande une connexion/, /^le serveur a refusé la requête \(HTTP \d+\)|^statut HTTP inattendu : \d+/],
  ]) {
    const offline = await message(new Client({ baseUrl: closed, locale, retries: 0 }).ticker());
    assert.equal(offline.kind, "network");
    assert.match(offline.message, noAnswer, locale);
    const anonymous = await message(new Client({ baseUrl: sandbox, locale }).user());
    assert.equal(anonymous.kind, "session");
    assert.match(anonymous.message, login, locale);
    // An unknown market: the sandbox answers with its own localized words, after ours.
    const unknown = await message(new Client({ baseUrl: sandbox, locale, currency: "usd" }).ticker());
    assert.match(unknown.message, refused, locale);
    assert.ok(unknown.messages.length > 0 && unknown.message.includes(unknown.messages[0]), unknown.message);
  }
});

test("a decode error of a parse* call has its path, and no HTTP status", () => {
  assert.throws(() => lib.parseTicker('{"price":'), (e) => e.kind === "decode" && e.status === null && !/HTTP/.test(e.message) && /ends too early/.test(e.message));
  assert.throws(
    () => lib.parseTrades('[{"uuid":"u","created_at":"x","created_at_int":1,"price":"1","traded_btc":"1","traded_currency":"1"}]'),
    (e) => e.kind === "decode" && e.status === null && e.path === "[0].currency" && /missing/.test(e.message),
  );
});

test("a typo in an option is answered with its likely intent", () => {
  assert.throws(() => new Client({ currancy: "eur" }), (e) => e.argument === "options.currancy" && /did you mean `currency`\?/.test(e.message) && !/line \d+|column|byte/.test(e.message));
  assert.throws(() => new Client({ currancy: "eur", locale: "fr" }), (e) => e.argument === "options.currancy");
});
