// A small app over the bitcoin-central package, bundled by esbuild: the ticker, an
// OAuth set up for a login (not started), and the market widget. The exchange is the
// real one unless `?api=` names another (the sandbox).
import init, { BitcoinCentralError, Client, OAuth, type Ticker } from "bitcoin-central";
import { mountMarket } from "bitcoin-central/widget";
// esbuild leaves the glue's `new URL("bitcoin_central_bg.wasm", import.meta.url)` alone:
// the file loader (--loader:.wasm=file) emits the .wasm and gives its URL to init().
import wasm from "bitcoin-central/bitcoin_central_bg.wasm";

const api = new URLSearchParams(location.search).get("api") ?? "https://bitcoin-central.net";

function show(id: string, text: string): void {
  const node = document.getElementById(id);
  if (node) node.textContent = text;
}

function describe(error: unknown): string {
  if (error instanceof BitcoinCentralError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  await init({ module_or_path: new URL(wasm, import.meta.url) });
  const client = new Client({ baseUrl: api, locale: "en" });
  const oauth = new OAuth({
    provider: "bitcoin-central",
    baseUrl: api,
    clientId: "bitcoin-central-demo",
    redirectUri: `${location.origin}/`,
    scopes: ["basic"],
  });
  show("oauth", `OAuth ${oauth.flow} flow, ${oauth.session() ? "logged in" : "not logged in"}`);
  // The widget's own init() finds the module already loaded.
  const widget = mountMarket(document.getElementById("widget")!, { baseUrl: api, trades: 5, interval: 2 });
  widget.addEventListener("bitcoin-central-update", () => {
    widget.dataset.updates = String(Number(widget.dataset.updates ?? 0) + 1);
  });
  const ticker: Ticker = await client.ticker();
  show("ticker", `${ticker.currency} ${ticker.price ?? "-"}`);
}

main().catch((error: unknown) => show("error", describe(error)));
