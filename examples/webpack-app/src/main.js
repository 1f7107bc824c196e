// A small app over the bitcoin-central package, bundled by webpack 5: the ticker, an
// OAuth set up for a login (not started), and the market widget. The exchange is the
// real one unless `?api=` names another (the sandbox).
import init, { BitcoinCentralError, Client, OAuth } from "bitcoin-central";
import { mountMarket } from "bitcoin-central/widget";

const api = new URLSearchParams(location.search).get("api") ?? "https://bitcoin-central.net";

function show(id, text) {
  document.getElementById(id).textContent = text;
}

function describe(error) {
  if (error instanceof BitcoinCentralError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function main() {
  await init(); // the .wasm: the asset webpack emitted, found through the package's own URL
  const client = new Client({ baseUrl: api, locale: "en" });
  const oauth = new OAuth({
    provider: "bitcoin-central",
    baseUrl: api,
    clientId: "bitcoin-central-demo",
    redirectUri: `${location.origin}/`,
    scopes: ["basic"],
  });
  show("oauth", `OAuth ${oauth.flow} flow, ${oauth.session() ? "logged in" : "not logged in"}`);
  const widget = mountMarket(document.getElementById("widget"), { baseUrl: api, trades: 5, interval: 2 });
  widget.addEventListener("bitcoin-central-update", () => {
    widget.dataset.updates = String(Number(widget.dataset.updates ?? 0) + 1);
  });
  const ticker = await client.ticker();
  show("ticker", `${ticker.currency} ${ticker.price ?? "-"}`);
}

main().catch((error) => show("error", describe(error)));
