// Uses every export of the package under `tsc --strict --noEmit`, in every case of
// matrix.test.mjs (lib ["ES2022", "DOM"], no ESNext.Disposable: `using` is in using.ts).
// The `@ts-expect-error` lines prove the types are precise: each must be an error.
import init, {
  initSync,
  Client,
  BitcoinCentralError,
  type ChartsDepth,
  type ChartsLevel,
  type ChartsTrade,
  type ClientOptions,
  type DecimalString,
  type Depth,
  type DepthLevel,
  type ErrorKind,
  type InitOutput,
  type Locale,
  type RateLimit,
  type Ticker,
  type Trade,
  OAuth,
  parseCallback,
  checkOrder,
  checkWithdrawal,
  type CheckProblem,
  type OAuthOptions,
  type ParseCallbackOptions,
  type ParsedCallback,
  type ProviderId,
  type ProviderScopes,
  type Session,
  type User,
  type AccountOperation,
  type CurrencyCode,
  type Direction,
  type Order,
  type OrdersQuery,
  type OrderState,
  type OrderType,
  type PlaceOrderParams,
  type WithdrawParams,
  type DecimalInput,
  MarketStream,
  AccountStream,
  backoffMs,
  type BookLevel,
  type AccountStreamEvents,
  type StreamStatus,
  type MarketStreamEvents,
  type MarketUpdate,
  type StreamLevel,
  type AccountUpdate,
} from "bitcoin-central";

async function main(): Promise<void> {
  const output: InitOutput = await init();
  void output;
  void initSync;

  const options: ClientOptions = { baseUrl: "http://127.0.0.1:8080", currency: "eur", locale: "fr", timeoutMs: 5000, maxResponseBytes: 1048576 };
  const client = new Client(options);
  const defaults = new Client();
  void defaults;
  // @ts-expect-error: only "en" and "fr" are locales.
  new Client({ locale: "de" });
  // @ts-expect-error: unknown options are refused (here a typo of baseUrl).
  new Client({ baseURL: "http://x" });

  // The market stream: its book, ticker, trades, status and typed events.
  const stream: MarketStream = client.marketStream();
  const top: { bids: BookLevel[]; asks: BookLevel[] } = stream.book(20);
  const depthOfBest: DecimalString | undefined = top.bids[0]?.total;
  const wait: number = backoffMs(3, 250, 30_000);
  // @ts-expect-error: three numbers.
  backoffMs("3", 250, 30_000);
  void [depthOfBest, wait];
  const all: DecimalString = stream.book().asks[0].amount;
  const live: Ticker | null = stream.ticker();
  const latest: Trade[] = stream.trades();
  const status: StreamStatus = stream.status;
  const off: () => void = stream.on("update", (update: MarketUpdate | null) => {
    const level: StreamLevel | undefined = update?.bids[0];
    const total: DecimalString | null | undefined = level?.amount;
    void total;
  });
  stream.on("trade", (trade: Trade) => void trade.price);
  stream.on("status", (now: StreamStatus) => void now);
  stream.on("error", (error: BitcoinCentralError) => void error.code);
  // @ts-expect-error: a stream has no such event.
  stream.on("tick", () => {});
  // @ts-expect-error: a status listener gets the status, not a number.
  stream.on("status", (now: number) => void now);
  // @ts-expect-error: not a status a stream has.
  const wrongStatus: StreamStatus = "offline";
  const polling: StreamStatus = "polling";
  stream.pollInterval = 2_000;
  const pace: number = stream.pollInterval;
  const retryAt: number | null = stream.retryAt;
  // @ts-expect-error: the retry time is read, not set.
  stream.retryAt = 0;
  void [polling, pace, retryAt];
  const events: keyof MarketStreamEvents = "update";
  const accountEvents: keyof AccountStreamEvents = "order";
  void accountEvents;
  const accountStream: AccountStream = client.accountStream();
  const sameStream: AccountStream = client.userStream();
  sameStream.close();
  const me: User | null = accountStream.user();
  const changed: Order[] = accountStream.orders();
  accountStream.on("order", (order: Order) => void order.state);
  accountStream.on("update", (update: AccountUpdate | null) => void update?.balanceEur);
  // @ts-expect-error: trades are the market stream's.
  accountStream.on("trade", () => {});
  void [me, changed, accountStream.status];
  accountStream.close();
  const account: AccountUpdate | null = null;
  void [top, all, live, latest, status, events, account, wrongStatus];
  off();
  stream.close();

  const ticker: Ticker = await client.ticker();
  const price: DecimalString | null = ticker.price;
  // @ts-expect-error: money is a string, never a number.
  const asNumber: number = ticker.price;
  void asNumber;
  const at: number = ticker.at;
  const fields: (string | null)[] = [ticker.bid, ticker.ask, ticker.midpoint, ticker.volume, ticker.variation, ticker.high, ticker.low, ticker.vwap, ticker.currency];

  const trades: Trade[] = await client.trades();
  const trade = trades[0];
  const tradeFields: (string | number)[] = trade
    ? [trade.uuid, trade.currency, trade.createdAt, trade.createdAtInt, trade.price, trade.tradedBtc, trade.tradedCurrency]
    : [];
  // @ts-expect-error: JS names are camelCase.
  void trade?.traded_btc;

  const depth: Depth = await client.depth();
  const level: DepthLevel | undefined = depth.bids[0] ?? depth.asks[0];
  const levelFields = level ? [level.timestamp, level.price, level.amount, level.currency] : [];

  const chartsTrades: ChartsTrade[] = await client.bitcoinChartsTrades();
  const chartsTradeFields = chartsTrades.map((t) => [t.date, t.price, t.amount, t.tid]);
  const chartsDepth: ChartsDepth = await client.bitcoinChartsDepth();
  const best: ChartsLevel | undefined = chartsDepth.bids[0];
  if (best) {
    const [bidPrice, bidAmount]: [string, string] = best;
    void bidPrice, bidAmount;
  }
  void chartsDepth.asks;

  const limit: RateLimit | null = client.rateLimit;
  if (limit) {
    const remaining: number = limit.remaining;
    void (remaining + limit.limit);
  }
  const settings: [string, string, Locale, number] = [client.baseUrl, client.currency, client.locale, client.timeoutMs];
  // @ts-expect-error: settings are read-only.
  client.baseUrl = "http://elsewhere";

  try {
    await client.ticker();
  } catch (error) {
    if (error instanceof BitcoinCentralError) {
      const kind: ErrorKind = error.kind;
      const status: number | null = error.status;
      const messages: string[] = error.messages;
      const path: string | null = error.path;
      const retryAfter: number | null = error.retryAfter;
      const argument: string | null = error.argument;
      const url: string | null = error.url;
      const code: string | null = error.code;
      void code;
      const base: Error = error;
      const name: "BitcoinCentralError" = error.name;
      void [kind, status, messages, path, retryAfter, argument, url, base, name];
      // @ts-expect-error: kinds are a closed set.
      const wrong: ErrorKind = "oops";
      void wrong;
    }
  }
  void [price, at, fields, tradeFields, levelFields, chartsTradeFields, settings];

  // OAuth
  const oauthOptions: OAuthOptions = {
    provider: "bitcoin-central",
    baseUrl: "http://127.0.0.1:8080",
    clientId: "bitcoin-central-demo",
    redirectUri: "http://127.0.0.1:8080/",
    scopes: ["basic", "activity"],
    flow: "code",
    storage: "session",
  };
  const oauth = new OAuth(oauthOptions);
  // @ts-expect-error: Bitcoin-Central has no Coins.ph scope.
  new OAuth({ provider: "bitcoin-central", clientId: "c", redirectUri: "https://a/", scopes: ["buyorder"] });
  // @ts-expect-error: a page cannot hold a client secret.
  new OAuth({ provider: "coins-ph", clientId: "c", redirectUri: "https://a/", clientSecret: "s" });
  // @ts-expect-error: without a provider, explicit endpoints are needed.
  new OAuth({ clientId: "c", redirectUri: "https://a/" });
  new OAuth({ authorizeUrl: "https://id.example/authorize", tokenUrl: "https://id.example/token", clientId: "c", redirectUri: "https://a/", scopes: ["any"] });
  const bound = new OAuth({ provider: "bitcoin-central", resourceUrl: "http://127.0.0.1:8080", clientId: "c", redirectUri: "https://a/" });
  const origin: string = bound.resourceOrigin;
  void origin;
  const coinsScopes: ProviderScopes["coins-ph"][] = ["buyorder", "wallet_transfer"];
  new OAuth({ provider: "coins-ph", clientId: "c", redirectUri: "https://a/", scopes: coinsScopes, flow: "token" });
  const providerId: ProviderId | "custom" = oauth.provider;
  const flow: "token" | "code" = oauth.flow;
  const scopes: string[] = oauth.scopes;
  const url: string = await oauth.authorizeUrl();
  const redirected: Session | null = await oauth.handleRedirect();
  const fromUrl: Session | null = await oauth.handleRedirect("http://127.0.0.1:8080/#access_token=x");
  const kept: Session | null = oauth.session();
  if (kept) {
    const fields: [string, string, string[], number | null, boolean, string | null, string] = [
      kept.accessToken, kept.tokenType, kept.scopes, kept.expiresAt, kept.refreshable, kept.secretKey, kept.provider,
    ];
    void fields;
  }
  const valid: Session = await oauth.validSession();
  const refreshed: Session = await oauth.refresh();
  const bitport = new OAuth({ provider: "bitport", clientId: "c", redirectUri: "https://a/" });
  const fromUserCode: Session = await bitport.exchangeUserCode("USER_CODE");
  const headers: Record<string, string> = await oauth.authHeaders();
  client.setAuth(oauth);
  const user: User = await client.user();
  const balances: string[] = [user.name, user.locale, user.balanceBtc, user.lockedBtc, user.balanceEur, user.lockedEur];
  const parseOptions: ParseCallbackOptions = { provider: "coins-ph", flow: "token" };
  const parsed: ParsedCallback = parseCallback("https://a/#access_token=x&token_type=bearer&state=s", "s", parseOptions);
  if (parsed.type === "token") {
    const seconds: number | null = parsed.expiresIn;
    const granted: string[] | null = parsed.scopes;
    void [seconds, granted, parsed.accessToken, parsed.tokenType];
  } else {
    const codeValue: string = parsed.code;
    void codeValue;
  }
  void parseCallback("https://a/?code=c&state=s", "s");
  // Trading
  const query: OrdersQuery = { offset: 0, limit: 20, types: ["LimitOrder", "Transfer"], active: true };
  const orders: Order[] = await client.orders(query);
  const everything: Order[] = await client.allOrders({ types: ["LimitOrder"] }, 5);
  await client.orders();
  const first: Order | undefined = orders[0];
  if (first) {
    const state: OrderState = first.state;
    const type: OrderType = first.type;
    const direction: Direction | null = first.direction;
    const operation: AccountOperation | undefined = first.accountOperations[0];
    const currency: CurrencyCode | undefined = operation?.currency;
    const money: (string | null)[] = [first.amount, first.price, first.tradedBtc, first.tradedCurrency, first.btcFee, first.currencyFee];
    void [state, type, direction, operation?.isTradingAccount, operation?.createdAtInt, currency, money, first.comment];
  }
  const limitOrder: PlaceOrderParams = { type: "LimitOrder", direction: "buy", price: "300.0", amount: "1.0" };
  const byCurrency: PlaceOrderParams = { type: "MarketOrder", direction: "sell", currencyAmount: 250 };
  const placed: Order = await client.placeOrder(limitOrder);
  await client.placeOrder(byCurrency);
  // @ts-expect-error: a market order has no price.
  await client.placeOrder({ type: "MarketOrder", direction: "buy", price: "300", amount: "1" });
  // @ts-expect-error: a limit order needs a price.
  await client.placeOrder({ type: "LimitOrder", direction: "buy", amount: "1" });
  // @ts-expect-error: amount or currencyAmount, not both.
  await client.placeOrder({ type: "MarketOrder", direction: "buy", amount: "1", currencyAmount: "300" });
  const btc: WithdrawParams = { currency: "BTC", amount: "0.5", address: "1PzU1ERAnHJmtU8J3qq3wwJhyLepwUYzHn" };
  const transfer: Order = await client.withdraw(btc);
  await client.withdraw({ currency: "EUR", amount: 100 });
  // @ts-expect-error: a BTC withdrawal needs an address.
  await client.withdraw({ currency: "BTC", amount: "0.5" });
  const one: Order = await client.order(placed.uuid);
  const canceled: Order | null = await client.cancelOrder(placed.uuid);
  const found: Order | null = await client.findPlacedOrder(limitOrder);
  const foundTransfer: Order | null = await client.findWithdrawal(btc);
  const input: DecimalInput = 0.5;
  const problem: CheckProblem | null = checkOrder(limitOrder, "fr");
  const noProblem: CheckProblem | null = checkWithdrawal(btc);
  if (problem) void [problem.argument, problem.message];
  void noProblem;
  void [everything, transfer, one, canceled, found, foundTransfer, input];

  await oauth.login();
  oauth.onChange((session: Session | null) => void session?.expiresAt);
  oauth.onChange(null);
  // @ts-expect-error: the listener gets a session or null, not a string.
  oauth.onChange((session: string) => void session);
  oauth.logout();
  void [providerId, flow, scopes, url, redirected, fromUrl, valid, refreshed, fromUserCode, headers, balances];
  oauth.free();
  bitport.free();
  client.free();
}

void main;

// The market widget: `bitcoin-central/widget`.
import {
  TAG_NAME,
  BitcoinCentralMarket,
  mountMarket,
  defineMarketWidget,
  type MarketWidgetOptions,
  type MarketWidgetState,
  type MarketUpdateDetail,
  type MarketErrorDetail,
} from "bitcoin-central/widget";

function widgets(parent: HTMLElement) {
  const options: MarketWidgetOptions = { baseUrl: "http://127.0.0.1:8080", currency: "eur", locale: "fr", interval: 5, trades: 10, levels: 0 };
  const widget: BitcoinCentralMarket = mountMarket(parent, options);
  // @ts-expect-error: interval is a number of seconds.
  mountMarket(parent, { interval: "5" });
  // @ts-expect-error: only "en" and "fr".
  mountMarket(parent, { locale: "de" });
  const state: MarketWidgetState = widget.state;
  // @ts-expect-error: not a state the widget has.
  const wrong: MarketWidgetState = "done";
  const updated: number | null = widget.lastUpdate;
  widget.addEventListener("bitcoin-central-update", (event) => {
    const detail: MarketUpdateDetail = event.detail;
    const price: string | null = detail.ticker.price;
    const bids: DepthLevel[] | undefined = detail.depth?.bids;
    void [price, bids, detail.trades?.length, detail.lastUpdate];
  });
  widget.addEventListener("bitcoin-central-error", (event) => {
    const detail: MarketErrorDetail = event.detail;
    const retryIn: number | null = detail.retryIn;
    if (detail.error instanceof BitcoinCentralError) void detail.error.kind;
    void retryIn;
  });
  const tag: "bitcoin-central-market" = TAG_NAME;
  const byTag: BitcoinCentralMarket = document.createElement("bitcoin-central-market");
  const Custom: typeof BitcoinCentralMarket = defineMarketWidget("my-market");
  widget.destroy();
  void [state, wrong, updated, tag, byTag, Custom];
}

void widgets;

import {
  parseTicker,
  parseTrades,
  parseDepth,
  parseBitcoinChartsTrades,
  parseBitcoinChartsDepth,
} from "bitcoin-central";

function decodeText(text: string) {
  const ticker: Ticker = parseTicker(text);
  const trades: Trade[] = parseTrades(text);
  const depth: Depth = parseDepth(text);
  const chartsTrades: ChartsTrade[] = parseBitcoinChartsTrades(text);
  const chartsDepth: ChartsDepth = parseBitcoinChartsDepth(text);
  const best: DecimalString | undefined = depth.bids.at(-1)?.price;
  // @ts-expect-error: decimals are strings, not numbers.
  const wrong: number = trades[0]!.price;
  // @ts-expect-error: the text, not an already parsed object.
  parseDepth(JSON.parse(text) as object);
  void [ticker, chartsTrades, chartsDepth, best, wrong];
}

void decodeText;

import { parseDepthBook, type DepthBook } from "bitcoin-central";

async function books(client: Client, bytes: Uint8Array, buffer: ArrayBuffer) {
  const fromBytes: Depth = parseDepth(bytes);
  const fromBuffer: Trade[] = parseTrades(buffer);
  const book: DepthBook = parseDepthBook(bytes);
  const top: DepthLevel[] = book.bids(20);
  const best: DepthLevel | null = book.bestAsk;
  const spread: DecimalString | null = book.spread;
  const total: DecimalString = book.totalBid;
  const running: DecimalString | null = book.cumulativeAsk(3);
  const price: DecimalString = book.askPrice(0);
  const count: number = book.bidCount;
  // @ts-expect-error: a spread may be null (a side is empty).
  const sure: DecimalString = book.mid;
  book.free();
  void [fromBytes, fromBuffer, top, best, spread, total, running, price, count, sure];
}

void books;
