// worker.html's script. Two roles:
// - in the popup, back from the consent page: hand the callback URL to the page that
//   opened it, then close;
// - in the page: start worker.js, show what it reads, and relay a login to it.
const callback = /[?&#](code|state|error|access_token)=/.test(location.href);

if (window.opener && callback) {
  window.opener.postMessage({ type: "bitcoin-central-callback", url: location.href }, location.origin);
  window.close();
} else {
  const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
  const waiting = new Map();
  let next = 1;
  /** Asks the worker; resolves to its answer, rejects with its error's fields. */
  const ask = (type, args = {}) => new Promise((resolve, reject) => {
    const id = next++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...args });
  });
  worker.onmessage = ({ data }) => {
    const call = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.ok) call.resolve(data.value);
    else call.reject(Object.assign(new Error(data.error.message), data.error));
  };
  const $ = (id) => document.getElementById(id);
  const status = (text) => ($("status").textContent = text);

  const showUser = async () => {
    const user = await ask("user");
    $("user-name").textContent = user.name;
    $("balance").textContent = `${user.balanceEur} EUR · ${user.balanceBtc} BTC`;
    $("login").hidden = true;
    $("logout").hidden = false;
  };

  let popup = null;
  window.addEventListener("message", async (event) => {
    if (event.origin !== location.origin || event.source !== popup || event.data?.type !== "bitcoin-central-callback") return;
    popup = null;
    try {
      const session = await ask("callback", { url: event.data.url });
      if (!session) return status("No answer from the consent page.");
      status(`Logged in, in the worker: scopes ${session.scopes.join(" ")}.`);
      await showUser();
    } catch (error) {
      status(`Login failed: ${error.message}`);
    }
  });

  $("login").addEventListener("click", async () => {
    // Opened now, in the click, so that no popup blocker stops it; sent on once the
    // worker has made the login's state and PKCE challenge.
    popup = window.open("about:blank", "bitcoin-central-login", "popup,width=520,height=680");
    try {
      const url = await ask("authorizeUrl");
      if (popup) popup.location.href = url;
      else status("Allow this site's popups to log in: the worker's login lives in this page.");
    } catch (error) {
      popup?.close();
      status(`Cannot log in: ${error.message}`);
    }
  });

  $("logout").addEventListener("click", async () => {
    await ask("logout");
    $("user-name").textContent = "—";
    $("balance").textContent = "";
    $("login").hidden = false;
    $("logout").hidden = true;
    status("Logged out.");
  });

  try {
    const { inWorker } = await ask("start", { baseUrl: location.origin, redirectUri: new URL("worker.html", location.href).href });
    $("where").textContent = inWorker ? "a dedicated worker" : "not a worker?";
    const ticker = await ask("ticker");
    $("price").textContent = ticker.price;
    $("currency").textContent = ticker.currency;
    $("login").disabled = false;
  } catch (error) {
    status(`The worker failed: ${error.message}`);
  }
}
