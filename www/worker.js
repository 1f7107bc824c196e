// The client in a dedicated Web Worker (a module worker, started by worker-page.js):
//   new Worker("worker.js", { type: "module" })
// The worker has no window, no sessionStorage and no address bar, so its OAuth keeps
// the session in memory (`storage: "memory"`) and its login in progress too: the page
// shows the consent page (a popup) and hands the callback URL back, and the worker's
// own `oauth.handleRedirect(url)` checks it against that login and exchanges the code.
// The session never leaves the worker.
import init, { Client, OAuth } from "/pkg/bitcoin_central.js";

const ready = init(); // loads bitcoin_central_bg.wasm next to the module, as in a page
let client = null;
let oauth = null;

/** Every answer names the request it answers (`id`). */
const handlers = {
  // { baseUrl, redirectUri }: a client and an OAuth for this worker.
  async start({ baseUrl, redirectUri }) {
    client = new Client({ baseUrl });
    oauth = new OAuth({
      provider: "bitcoin-central", baseUrl, clientId: "bitcoin-central-demo", redirectUri,
      scopes: ["basic"], storage: "memory",
    });
    client.setAuth(oauth);
    return { inWorker: typeof window === "undefined" && typeof WorkerGlobalScope !== "undefined" };
  },
  ticker: () => client.ticker(),
  // The consent page's URL, for the page to show (state and PKCE verifier stay here).
  authorizeUrl: () => oauth.authorizeUrl(),
  // The callback URL the popup landed on: checked, exchanged, kept in this worker.
  async callback({ url }) {
    const session = await oauth.handleRedirect(url);
    return session && { scopes: session.scopes, expiresAt: session.expiresAt, refreshable: session.refreshable };
  },
  user: () => client.user(),
  async logout() {
    oauth.logout();
    return oauth.session();
  },
};

self.onmessage = async ({ data: { id, type, ...args } }) => {
  try {
    await ready;
    postMessage({ id, ok: true, value: await handlers[type](args) });
  } catch (error) {
    // A BitcoinCentralError crosses postMessage as its plain fields.
    postMessage({ id, ok: false, error: { kind: error.kind, code: error.code ?? null, message: error.message } });
  }
};
