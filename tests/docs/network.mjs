// Loaded with `node --import` before a README snippet that runs in Node: the addresses
// the READMEs name — the sandbox's documented http://127.0.0.1:8080 and the real
// exchange — reach the sandbox the docs tier started (DOCS_SANDBOX), so the snippet
// runs as written. Any other address fails, as it would offline.
const sandbox = process.env.DOCS_SANDBOX;
if (!sandbox) throw new Error("DOCS_SANDBOX must name the docs tier's sandbox");
const MAPPED = ["http://127.0.0.1:8080", "https://bitcoin-central.net"];
const fetch = globalThis.fetch;

globalThis.fetch = async function (input, init) {
  const request = new Request(input, init);
  const from = MAPPED.find((origin) => request.url === origin || request.url.startsWith(origin + "/"));
  if (!from) throw new TypeError(`fetch failed: ${request.url} is not an address the README names`);
  const body = ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer();
  return fetch(sandbox + request.url.slice(from.length), {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
    redirect: request.redirect,
  });
};
