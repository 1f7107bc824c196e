// A small app over the bitcoin-central package: the ticker and the spread of the
// order book, a login through OAuth (code + PKCE) with the user's name, and the market
// widget. The exchange is the real one unless `?api=` names another (the sandbox); the
// choice is kept for the tab, so it survives the login's round trip.
import init, { BitcoinCentralError, Client, OAuth, type Depth, type Ticker } from "bitcoin-central";
import { mountMarket, type MarketUpdateDetail } from "bitcoin-central/widget";

const api =
  new URLSearchParams(location.search).get("api") ?? sessionStorage.getItem("api") ?? "https://bitcoin-central.net";
sessionStorage.setItem("api", api);

function show(id: string, text: string): void {
  const node = document.getElementById(id);
  if (node) node.textContent = text;
}

function describe(error: unknown): string {
  if (error instanceof BitcoinCentralError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Best ask minus best bid, exact: decimal strings as scaled integers, never a float. */
function spread(depth: Depth): string | null {
  const prices = [...depth.bids, ...depth.asks].map((level) => level.price);
  const scale = Math.max(0, ...prices.map((price) => price.split(".")[1]?.length ?? 0));
  const scaled = (price: string): bigint => {
    const [whole = "0", fraction = ""] = price.split(".");
    return BigInt(whole + fraction.padEnd(scale, "0"));
  };
  const bids = depth.bids.map((level) => scaled(level.price));
  const asks = depth.asks.map((level) => scaled(level.price));
  if (bids.length === 0 || asks.length === 0) return null;
  const difference = asks.reduce((a, b) => (a < b ? a : b)) - bids.reduce((a, b) => (a > b ? a : b));
  const digits = (difference < 0n ? -difference : difference).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return difference < 0n ? `-${text}` : text;
}

async function market(client: Client): Promise<void> {
  const [ticker, depth]: [Ticker, Depth] = await Promise.all([client.ticker(), client.depth()]);
  show("ticker", `${ticker.currency} ${ticker.price ?? "-"}`);
  show("spread", `spread ${spread(depth) ?? "-"} ${ticker.currency}`);
}

async function account(client: Client): Promise<void> {
  const oauth = new OAuth({
    provider: "bitcoin-central",
    baseUrl: api,
    clientId: "bitcoin-central-demo",
    redirectUri: `${location.origin}/`,
    scopes: ["basic"],
  });
  // Completes a login coming back from the provider; the answer leaves the address bar.
  const session = (await oauth.handleRedirect()) ?? oauth.session();
  if (!session) {
    const button = document.getElementById("login") as HTMLButtonElement;
    button.hidden = false;
    button.onclick = () => void oauth.login().catch((error: unknown) => show("error", describe(error)));
    return;
  }
  client.setAuth(oauth);
  const user = await client.user();
  show("user", `Logged in as ${user.name}`);
}

async function main(): Promise<void> {
  await init();
  const client = new Client({ baseUrl: api, locale: "en" });
  const widget = mountMarket(document.getElementById("widget")!, { baseUrl: api, trades: 5, interval: 2 });
  widget.addEventListener("bitcoin-central-update", (event) => {
    const detail: MarketUpdateDetail = event.detail;
    widget.dataset.updates = String(Number(widget.dataset.updates ?? 0) + 1);
    widget.dataset.price = detail.ticker.price ?? "";
  });
  await Promise.all([market(client), account(client)]);
}

main().catch((error: unknown) => show("error", describe(error)));
