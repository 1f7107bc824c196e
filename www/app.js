// The sample page: one Client, the five public endpoints, each rendered in its card
// with its own loading and error state. Decimals are the library's exact strings and
// are shown as they are; only the depth bars use Number() (drawing needs no exactness).
import init, { Client, OAuth, BitcoinCentralError } from "/pkg/bitcoin_central.js";

const $ = (selector) => document.querySelector(selector);
const form = $("#settings");
const status = $("#status");

$("#base-url").value = location.origin;
$("#locale").value = navigator.language?.toLowerCase().startsWith("fr") ? "fr" : "en";

// --- the account: OAuth against the sandbox's demo client ---------------------------

const account = {
  /** An OAuth for the base URL in the settings, with the flow asked for; null if the URL is bad. */
  oauth(flow) {
    const key = `${$("#base-url").value.trim()} ${flow}`;
    if (!this.cache.has(key)) this.cache.set(key, this.create(flow));
    return this.cache.get(key);
  },
  cache: new Map(),

  create(flow) {
    try {
      return new OAuth({
        provider: "bitcoin-central",
        baseUrl: $("#base-url").value.trim(),
        clientId: "bitcoin-central-demo",
        redirectUri: `${location.origin}/`,
        scopes: ["basic", "activity", "trade", "withdraw"],
        flow,
      });
    } catch {
      return null;
    }
  },

  async handleRedirect() {
    try {
      // Either flow's OAuth completes either login: the login in progress remembers its flow.
      await this.oauth("code")?.handleRedirect();
    } catch (error) {
      this.problem = error;
    }
  },

  /** `{ user }` when logged in, else `{ problem }` (why not, if something went wrong): the card then offers to log in. */
  async load(client) {
    const problem = this.problem;
    this.problem = null;
    if (problem) return { problem };
    if (!this.oauth("code")?.session()) return {};
    try {
      return { user: await client.user() };
    } catch (error) {
      // A session error means logged out; anything else is worth showing too.
      return { problem: error };
    }
  },

  render({ user, problem }) {
    const oauth = this.oauth("code");
    const session = oauth?.session();
    if (!user || !session) {
      return el(
        "div",
        {},
        problem ? errorBox(problem) : null,
        el("p", { class: "lead" }, "Log in to the sandbox as its demo user to see the account's balances, trade and withdraw (scopes basic, activity, trade, withdraw)."),
        el(
          "div",
          { class: "actions" },
          button("Log in (code + PKCE)", "login-code", () => this.oauth("code")?.login().catch(showProblem)),
          button("Log in (implicit)", "login-token", () => this.oauth("token")?.login().catch(showProblem), "secondary"),
        ),
      );
    }
    const expires = session.expiresAt === null ? "no stated expiry" : `expires at ${new Date(session.expiresAt).toLocaleTimeString([], { hourCycle: "h23" })}`;
    const stat = (label, value, unit) => el("div", { class: "stat" }, el("dt", {}, label), el("dd", {}, num(value), el("span", { class: "unit" }, ` ${unit}`)));
    return el(
      "div",
      {},
      el("div", { class: "who" }, el("strong", { class: "user-name" }, user.name), el("span", { class: "pill" }, session.scopes.join(" · ")), el("span", { class: "pill" }, user.locale)),
      el("dl", { class: "balances" }, stat("Available", user.balanceEur, "EUR"), stat("Locked", user.lockedEur, "EUR"), stat("Available", user.balanceBtc, "BTC"), stat("Locked", user.lockedBtc, "BTC")),
      el("p", { class: "meta" }, `Session ${expires}${session.refreshable ? ", refreshable" : ""}.`),
      el(
        "div",
        { class: "actions" },
        session.refreshable ? button("Refresh session", "refresh-session", () => oauth.refresh().then(refresh, showProblem), "secondary") : null,
        button("Log out", "logout", () => { oauth.logout(); refresh(); }, "secondary"),
      ),
    );
  },
  problem: null,
};

// --- trading: the forms stay as typed; only the order list is redrawn ------------

/** A client for the settings, with the session; the caller frees it. */
function authedClient() {
  const client = new Client({ baseUrl: $("#base-url").value.trim(), currency: $("#currency").value.trim(), locale: $("#locale").value });
  const oauth = account.oauth("code");
  if (oauth) client.setAuth(oauth);
  return client;
}

/** The form's filled fields, as the library takes them (money stays text). */
function fields(form, names) {
  const params = {};
  for (const name of names) {
    const input = form.elements[name];
    if (!input || input.closest("[hidden]") || getComputedStyle(input.closest("label") ?? input).display === "none") continue;
    const value = input.value.trim();
    if (value !== "") params[name] = value;
  }
  return params;
}

async function submitTrade(action, describe) {
  const status = $("#trade-status");
  $("#trade-error").replaceChildren();
  status.textContent = "Sending…";
  const client = authedClient();
  try {
    const order = await action(client);
    status.textContent = describe(order);
    await refresh();
  } catch (error) {
    status.textContent = "";
    const box = errorBox(error);
    if (error instanceof BitcoinCentralError && error.kind === "unknown-outcome") {
      box.append(el("p", {}, "The order was not sent again. Check whether the exchange has it before trying again:"), lastCheck);
    }
    $("#trade-error").replaceChildren(box);
  } finally {
    client.free();
  }
}

let lastCheck = null;

const orderForm = $("#order-form");
const syncOrderForm = () => { orderForm.dataset.type = orderForm.elements.type.value; };
orderForm.elements.type.addEventListener("change", syncOrderForm);
syncOrderForm();
orderForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = { ...fields(orderForm, ["type", "direction", "price", "amount", "currencyAmount"]) };
  lastCheck = button("Look for it among my orders", "find-order", async () => {
    const client = authedClient();
    try {
      const found = await client.findPlacedOrder(params);
      $("#trade-status").textContent = found ? `It was placed: order ${found.uuid} is ${found.state}.` : "It was not placed: you can send it again.";
    } catch (error) {
      $("#trade-error").replaceChildren(errorBox(error));
    } finally {
      client.free();
    }
  }, "secondary");
  submitTrade((client) => client.placeOrder(params), (o) => `Order ${o.uuid.slice(0, 8)}… is ${o.state.replace("_", " ")}: ${o.tradedBtc ?? "0"} BTC traded so far.`);
});

const withdrawForm = $("#withdraw-form");
const syncWithdrawForm = () => { withdrawForm.dataset.currency = withdrawForm.elements.currency.value; };
withdrawForm.elements.currency.addEventListener("change", syncWithdrawForm);
syncWithdrawForm();
withdrawForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = fields(withdrawForm, ["currency", "amount", "address"]);
  lastCheck = null;
  submitTrade((client) => client.withdraw(params), (o) => `Withdrawal ${o.uuid.slice(0, 8)}… is ${o.state}: confirm it from your e-mail.`);
});

function renderOrders(orders) {
  if (orders.length === 0) return el("p", { class: "lead" }, "No orders yet.");
  const cancel = (uuid) =>
    button("Cancel", `cancel-${uuid}`, () =>
      submitTrade((client) => client.cancelOrder(uuid), () => `Order ${uuid.slice(0, 8)}… canceled; its funds are unlocked.`), "secondary");
  const details = (uuid) =>
    button("Details", `details-${uuid}`, async () => {
      const client = authedClient();
      try {
        showDetails(await client.order(uuid));
      } catch (error) {
        $("#trade-error").replaceChildren(errorBox(error));
      } finally {
        client.free();
      }
    }, "secondary");
  // The sandbox stands in for the confirmation e-mail with a route of its own.
  const confirm = (uuid) =>
    button("Confirm (sandbox)", `confirm-${uuid}`, () =>
      submitTrade(async () => {
        const headers = await account.oauth("code").authHeaders();
        const response = await fetch(`${$("#base-url").value.trim()}/_sandbox/orders/${uuid}/confirm`, { method: "POST", headers });
        if (!response.ok) throw new Error(`the sandbox answered HTTP ${response.status}`);
        return response.json();
      }, () => `Withdrawal ${uuid.slice(0, 8)}… confirmed: executed.`), "secondary");
  return el(
    "div",
    { class: "scroll" },
    table(
      "Your latest orders, newest first",
      [["Created"], ["Type"], ["Side"], ["Amount", "r"], ["Price", "r"], ["Traded BTC", "r"], ["State"], [""]],
      orders.map((o) => [
        el("time", { datetime: o.createdAt, title: o.createdAt }, new Date(o.createdAt).toLocaleTimeString([], { hourCycle: "h23" })),
        o.type.replace("Order", ""),
        o.direction ? el("span", { class: o.direction }, o.direction) : `${o.currency}`,
        num(o.amount),
        num(o.price),
        num(o.tradedBtc),
        el("span", { class: `state ${o.state}` }, o.state.replace("_", " ")),
        el("span", { class: "row-actions" }, details(o.uuid), o.state === "active" ? cancel(o.uuid) : o.type === "Transfer" && o.state === "pending" ? confirm(o.uuid) : ""),
      ]),
    ),
  );
}

/** One order in full (client.order(uuid)): its account operations, as the exchange recorded them. */
function showDetails(order) {
  const fees = `fees ${order.btcFee} BTC · ${order.currencyFee} ${order.currency === "BTC" ? "EUR" : order.currency}`;
  $("#order-details").replaceChildren(
    el("h3", {}, `${order.type} ${order.uuid}`, el("span", { class: `state ${order.state}` }, order.state.replace("_", " "))),
    el("p", { class: "meta" }, `Created ${order.createdAt}, updated ${order.updatedAt}; ${fees}.`),
    table(
      "Account operations of the order",
      [["Operation"], ["Amount", "r"], ["Currency"], ["Account"], ["At"]],
      order.accountOperations.map((op) => [op.name, num(op.amount), op.currency, op.isTradingAccount ? "trading" : "main", op.createdAt]),
    ),
  );
}

function button(label, id, onClick, variant = "") {
  const node = el("button", { type: "button", id, class: variant }, label);
  node.addEventListener("click", onClick);
  return node;
}

function showProblem(error) {
  $("#account .body").replaceChildren(errorBox(error));
}

let busy = false;

await init();
// Back from the sandbox's consent page? Read the answer (and clear it from the address
// bar) before anything else.
await account.handleRedirect();
form.addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});
// Every 10 s while the box is ticked and the tab is visible: five calls per refresh
// stays within the exchange's one call per second on average.
setInterval(() => {
  if ($("#live").checked && document.visibilityState === "visible" && !busy) refresh();
}, 10_000);
refresh();

async function refresh() {
  busy = true;
  try {
    await refreshAll();
  } finally {
    busy = false;
  }
}

async function refreshAll() {
  let client;
  try {
    client = new Client({
      baseUrl: $("#base-url").value.trim(),
      currency: $("#currency").value.trim(),
      locale: $("#locale").value,
    });
  } catch (error) {
    status.textContent = "";
    status.append(errorBox(error));
    return;
  }
  status.textContent = `Loading from ${client.baseUrl} (${client.currency.toUpperCase()}, ${client.locale})…`;
  const oauth = account.oauth("code");
  if (oauth) client.setAuth(oauth);
  const cards = [
    ["#ticker", () => client.ticker(), renderTicker],
    ["#depth", () => client.depth(), renderDepth],
    ["#trades", () => client.trades(), renderTrades],
    ["#charts-trades", () => client.bitcoinChartsTrades(), renderChartsTrades],
    ["#charts-depth", () => client.bitcoinChartsDepth(), renderChartsDepth],
    ["#account", () => account.load(client), (state) => account.render(state)],
  ];
  const loggedIn = Boolean(oauth?.session());
  $("#trade").hidden = !loggedIn;
  if (loggedIn) cards.push(["#trade", () => client.orders({ limit: 10 }), renderOrders]);
  const results = await Promise.allSettled(cards.map(([selector, call, render]) => load(selector, call, render)));
  const failed = results.filter((r) => r.status === "rejected").length;
  status.textContent = failed
    ? `${failed} of ${cards.length} calls failed — see the cards below.`
    : `Updated at ${new Date().toLocaleTimeString()} from ${client.baseUrl}.`;
  const limit = client.rateLimit;
  $("#rate-limit").textContent = limit
    ? `Rate limit: ${limit.remaining.toLocaleString()} of ${limit.limit.toLocaleString()} calls left`
    : "Rate limit: not reported";
  client.free();
}

async function load(selector, call, render) {
  const body = $(`${selector} .body`);
  body.setAttribute("aria-busy", "true");
  try {
    const data = await call();
    body.replaceChildren(render(data));
  } catch (error) {
    body.replaceChildren(errorBox(error));
    throw error;
  } finally {
    body.removeAttribute("aria-busy");
  }
}

// --- rendering ------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const dash = "—";
const time = (unix) => new Date(unix * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
const dateTime = (unix) => new Date(unix * 1000).toLocaleString();

/** A decimal string, split at the point so a column of them aligns on it. */
function num(value, className = "") {
  if (value === null || value === undefined) return el("span", { class: `num ${className}` }, dash);
  const [whole, fraction] = value.split(".");
  return el("span", { class: `num ${className}` }, whole, el("span", { class: "frac" }, fraction === undefined ? "" : `.${fraction}`));
}

function table(caption, columns, rows) {
  return el(
    "table",
    {},
    el("caption", { class: "visually-hidden" }, caption),
    el("thead", {}, el("tr", {}, ...columns.map(([label, cls]) => el("th", { scope: "col", class: cls ?? "" }, label)))),
    el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((cell, i) => el("td", { class: columns[i][1] ?? "" }, cell))))),
  );
}

function renderTicker(t) {
  const change = t.variation === null ? "" : t.variation.startsWith("-") ? "down" : "up";
  const stat = (label, value) => el("div", { class: "stat" }, el("dt", {}, label), el("dd", {}, num(value)));
  return el(
    "div",
    {},
    el(
      "div",
      { class: "headline" },
      el("span", { class: "price" }, num(t.price), el("span", { class: "unit" }, ` ${t.currency}`)),
      el("span", { class: `change ${change}`, title: "24h variation" }, t.variation === null ? dash : `${change === "up" ? "▲ +" : "▼ "}${t.variation.replace("-", "")} %`),
    ),
    el(
      "dl",
      { class: "stats" },
      stat("Bid", t.bid),
      stat("Ask", t.ask),
      stat("Midpoint", t.midpoint),
      stat("24h high", t.high),
      stat("24h low", t.low),
      stat("VWAP", t.vwap),
      stat("24h volume (BTC)", t.volume),
    ),
    el("p", { class: "meta" }, `As of ${dateTime(t.at)}`),
  );
}

/** How many price levels each side of a book shows. */
const LEVELS = 12;

function renderDepth(depth) {
  // Best prices first on both sides (the exchange lists both in ascending price).
  const bids = [...depth.bids].sort((a, b) => Number(b.price) - Number(a.price)).slice(0, LEVELS);
  const asks = [...depth.asks].sort((a, b) => Number(a.price) - Number(b.price)).slice(0, LEVELS);
  const max = Math.max(...[...bids, ...asks].map((l) => Number(l.amount)), 1e-9);
  const side = (name, levels, total, cls) =>
    el(
      "div",
      { class: `side ${cls}` },
      el("h3", {}, name, el("span", { class: "count" }, total > levels.length ? ` · best ${levels.length} of ${total}` : ` · ${total}`)),
      table(
        `${name}: price and amount`,
        [["Price", "r"], ["Amount (BTC)", "r"], ["Updated", "r"]],
        levels.map((l) => [
          num(l.price),
          el("span", { class: "fill", style: `--w:${((Number(l.amount) / max) * 100).toFixed(1)}%` }, num(l.amount)),
          el("span", { class: "when" }, time(l.timestamp)),
        ]),
      ),
    );
  return el("div", { class: "book" }, side("Bids", bids, depth.bids.length, "bids"), side("Asks", asks, depth.asks.length, "asks"));
}

function renderTrades(trades) {
  const latest = [...trades].reverse().slice(0, 20);
  return el(
    "div",
    { class: "scroll" },
    table(
      "Latest trades, newest first",
      [["Time"], ["Price", "r"], ["BTC", "r"], ["Value", "r"]],
      latest.map((t) => [el("time", { datetime: t.createdAt, title: t.createdAt }, time(t.createdAtInt)), num(t.price), num(t.tradedBtc), num(t.tradedCurrency)]),
    ),
    el("p", { class: "meta" }, `${trades.length} trades returned; the newest 20 shown.`),
  );
}

function renderChartsTrades(trades) {
  const latest = [...trades].reverse().slice(0, 12);
  return el(
    "div",
    { class: "scroll" },
    table("Bitcoin Charts trades", [["tid", "r"], ["date"], ["price", "r"], ["amount", "r"]], latest.map((t) => [t.tid, time(t.date), num(t.price), num(t.amount)])),
  );
}

function renderChartsDepth(depth) {
  // Bitcoin Charts lists each side best first, as [price, amount] pairs.
  const side = (name, pairs, cls) =>
    el(
      "div",
      { class: `side ${cls}` },
      el("h3", {}, `${name}`, el("span", { class: "count" }, ` · first 6 of ${pairs.length}`)),
      table(`Bitcoin Charts ${name}: [price, amount]`, [["price", "r"], ["amount", "r"]], pairs.slice(0, 6).map(([price, amount]) => [num(price), num(amount)])),
    );
  return el("div", { class: "book stacked" }, side("bids", depth.bids, "bids"), side("asks", depth.asks, "asks"));
}

const kindTitles = {
  "invalid-argument": "Invalid setting",
  network: "No answer from the server",
  oauth: "The login was refused",
  csrf: "A login answer was not trusted",
  callback: "The login answer was unusable",
  session: "Not logged in any more",
  timeout: "The server took too long",
  "rate-limited": "Rate limit reached",
  api: "The exchange refused the request",
  http: "Unexpected HTTP status",
  decode: "Unreadable answer",
};

function errorBox(error) {
  const known = error instanceof BitcoinCentralError;
  const title = known ? kindTitles[error.kind] ?? error.kind : "Unexpected error";
  return el(
    "div",
    { class: "error", role: "alert" },
    el("strong", {}, title, known && error.status ? ` (HTTP ${error.status})` : ""),
    known && error.messages.length ? el("ul", {}, ...error.messages.map((m) => el("li", {}, m))) : el("p", {}, error.message),
    known ? el("p", { class: "meta" }, `kind: ${error.kind}${error.code ? ` · code: ${error.code}` : ""}${error.path ? ` · field: ${error.path}` : ""}${error.retryAfter ? ` · retry in ${error.retryAfter} s` : ""}`) : null,
  );
}
