// The sample page: one Client, the five public endpoints, each rendered in its card
// with its own loading and error state. Decimals are the library's exact strings and
// are shown as they are; only the depth bars use Number() (drawing needs no exactness).
import init, { Client, OAuth, BitcoinCentralError, checkOrder, checkWithdrawal } from "/pkg/bitcoin_central.js";

const $ = (selector) => document.querySelector(selector);

// --- the page's own words, in English and French (the library localizes its own) ---

const FRENCH = {
  "Sample page of the npm package: every endpoint, live.": "Page d'exemple du paquet npm : chaque point d'accès, en direct.",
  "Base URL": "URL de base", Market: "Marché", Language: "Langue", "Every 10 s": "Toutes les 10 s", Refresh: "Actualiser",
  Ticker: "Cours", Account: "Compte", "Trade and withdraw": "Négocier et retirer", "Place an order": "Passer un ordre",
  Type: "Type", Limit: "Limite", Side: "Sens", Buy: "Achat", Sell: "Vente", "Price (EUR)": "Prix (EUR)",
  "Amount (BTC)": "Quantité (BTC)", "or EUR amount": "ou montant en EUR", "Place order": "Passer l'ordre",
  Withdraw: "Retrait", Currency: "Devise", Amount: "Montant", "Bitcoin address": "Adresse Bitcoin", Request: "Demander",
  "Your orders": "Vos ordres", All: "Tous", Transfer: "Virement", "Active only": "Actifs seulement", Newer: "Plus récents", Older: "Plus anciens",
  "Market depth": "Carnet d'ordres", "Latest trades": "Dernières transactions", "Bitcoin Charts · trades": "Bitcoin Charts · transactions",
  "Bitcoin Charts · depth": "Bitcoin Charts · carnet",
  "Prices are shown exactly as the server sent them — no floating point.": "Les prix s'affichent exactement comme le serveur les envoie — sans virgule flottante.",
  Bid: "Achat", Ask: "Vente", Midpoint: "Milieu", "24h high": "Plus haut 24 h", "24h low": "Plus bas 24 h", VWAP: "VWAP",
  "24h volume (BTC)": "Volume 24 h (BTC)", "As of": "Au", Bids: "Offres d'achat", Asks: "Offres de vente", Price: "Prix",
  Updated: "Mis à jour", Time: "Heure", Value: "Valeur", best: "meilleures", of: "sur", "first": "premières",
  "trades returned; the newest 20 shown.": "transactions reçues ; les 20 plus récentes affichées.",
  "Updated at": "Mis à jour à", from: "depuis", "Loading from": "Chargement depuis", "calls failed — see the cards below.": "appels ont échoué — voir les cartes ci-dessous.",
  "Rate limit": "Limite d'appels", "calls left": "appels restants", "not reported": "non communiquée",
  "Log in to the sandbox as its demo user to see the account's balances, trade and withdraw (scopes basic, activity, trade, withdraw).":
    "Connectez-vous au bac à sable comme utilisateur de démonstration pour voir les soldes, négocier et retirer (portées basic, activity, trade, withdraw).",
  "Log in (code + PKCE)": "Se connecter (code + PKCE)", "Log in (implicit)": "Se connecter (implicite)",
  Available: "Disponible", Locked: "Bloqué", "Session expires at": "La session expire à", "no stated expiry": "sans expiration annoncée",
  refreshable: "renouvelable", "Refresh session": "Renouveler la session", "Log out": "Se déconnecter",
  "Sending…": "Envoi…", Cancel: "Annuler", Details: "Détails", "Confirm (sandbox)": "Confirmer (bac à sable)",
  "No orders yet.": "Aucun ordre.", Created: "Créé", "Traded BTC": "BTC échangés", State: "État", Page: "Page",
  Operation: "Opération", "At": "Le", main: "principal", trading: "négociation",
  "The order was not sent again. Check whether the exchange has it before trying again:": "L'ordre n'a pas été renvoyé. Vérifiez si la plateforme l'a reçu avant de réessayer :",
  "Look for it among my orders": "Le chercher parmi mes ordres",
  "It was placed": "Il a été passé", "It was not placed: you can send it again.": "Il n'a pas été passé : vous pouvez le renvoyer.",
  "is": "est", "BTC traded so far.": "BTC échangés jusqu'ici.", Order: "Ordre", Withdrawal: "Retrait",
  "confirm it from your e-mail.": "confirmez-le depuis votre e-mail.", "canceled; its funds are unlocked.": "annulé ; ses fonds sont débloqués.",
  "confirmed: executed.": "confirmé : exécuté.",
  "Invalid setting": "Réglage invalide", "No answer from the server": "Pas de réponse du serveur", "The login was refused": "La connexion a été refusée",
  "A login answer was not trusted": "Une réponse de connexion n'a pas été jugée fiable", "The login answer was unusable": "La réponse de connexion est inutilisable",
  "Not logged in any more": "Vous n'êtes plus connecté", "The server took too long": "Le serveur a mis trop de temps",
  "Rate limit reached": "Limite d'appels atteinte", "The exchange refused the request": "La plateforme a refusé la demande",
  "Unexpected HTTP status": "Statut HTTP inattendu", "Unreadable answer": "Réponse illisible", "Unexpected error": "Erreur inattendue",
  "Outcome unknown": "Issue inconnue", field: "champ", "retry in": "réessayer dans", "Live market widget": "Widget de marché en direct",
  // Order states (the spec's appendix), as the badges show them.
  "pending execution": "en attente d'exécution", pending: "en attente", processing: "en traitement", authorized: "autorisé",
  active: "actif", filled: "exécuté", executed: "effectué", canceled: "annulé",
  "the exchange has queued it; the list below shows it as its engine took it.":
    "la plateforme l'a mis en file ; la liste ci-dessous le montre tel que son moteur l'a traité.",
};

/** The page's text in the chosen language. */
const t = (english) => ($("#locale").value === "fr" ? FRENCH[english] ?? english : english);

/** An order's state as a badge, in the page's language; the API's own word in its tooltip. */
function stateBadge(state) {
  return el("span", { class: `state ${state}`, title: state }, t(state.replaceAll("_", " ")));
}

/** Puts the static page in the chosen language. */
function translatePage() {
  document.documentElement.lang = $("#locale").value;
  for (const node of document.querySelectorAll("[data-i18n]")) {
    node.dataset.i18n ||= node.textContent.trim();
    node.textContent = t(node.dataset.i18n);
  }
}
const form = $("#settings");
const status = $("#status");

$("#base-url").value = location.origin;
$("#locale").value = navigator.language?.toLowerCase().startsWith("fr") ? "fr" : "en";
translatePage();
$("#locale").addEventListener("change", () => { translatePage(); refresh(); });

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
      const oauth = new OAuth({
        provider: "bitcoin-central",
        baseUrl: $("#base-url").value.trim(),
        clientId: "bitcoin-central-demo",
        redirectUri: `${location.origin}/`,
        scopes: ["basic", "activity", "trade", "withdraw"],
        flow,
      });
      // A logout in another tab logs this one out too: redraw.
      oauth.onChange(() => refresh());
      return oauth;
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
        el("p", { class: "lead" }, t("Log in to the sandbox as its demo user to see the account's balances, trade and withdraw (scopes basic, activity, trade, withdraw).")),
        el(
          "div",
          { class: "actions" },
          button(t("Log in (code + PKCE)"), "login-code", () => this.oauth("code")?.login().catch(showProblem)),
          button(t("Log in (implicit)"), "login-token", () => this.oauth("token")?.login().catch(showProblem), "secondary"),
        ),
      );
    }
    const expires = session.expiresAt === null ? t("no stated expiry") : `${t("Session expires at")} ${new Date(session.expiresAt).toLocaleTimeString([], { hourCycle: "h23" })}`;
    const stat = (label, value, unit) => el("div", { class: "stat" }, el("dt", {}, label), el("dd", {}, num(value), el("span", { class: "unit" }, ` ${unit}`)));
    return el(
      "div",
      {},
      el("div", { class: "who" }, el("strong", { class: "user-name" }, user.name), el("span", { class: "pill" }, session.scopes.join(" · ")), el("span", { class: "pill" }, user.locale)),
      el("dl", { class: "balances" }, stat(t("Available"), user.balanceEur, "EUR"), stat(t("Locked"), user.lockedEur, "EUR"), stat(t("Available"), user.balanceBtc, "BTC"), stat(t("Locked"), user.lockedBtc, "BTC")),
      el("p", { class: "meta" }, `${expires}${session.refreshable ? `, ${t("refreshable")}` : ""}.`),
      el(
        "div",
        { class: "actions" },
        session.refreshable ? button(t("Refresh session"), "refresh-session", () => oauth.refresh().then(refresh, showProblem), "secondary") : null,
        button(t("Log out"), "logout", () => { oauth.logout(); refresh(); }, "secondary"),
      ),
    );
  },
  problem: null,
};

// --- trading: the forms stay as typed; only the order list is redrawn ------------

/** A client for the settings, with the session; the caller frees it. */
function authedClient() {
  const client = new Client({ baseUrl: $("#base-url").value.trim(), currency: $("#currency").value.trim(), locale: $("#locale").value, rateLimiter: true });
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
  status.textContent = t("Sending…");
  const client = authedClient();
  try {
    const order = await action(client);
    status.replaceChildren(...[describe(order)].flat());
    await refresh();
  } catch (error) {
    status.textContent = "";
    const box = errorBox(error);
    if (error instanceof BitcoinCentralError && error.kind === "unknown-outcome") {
      box.append(el("p", {}, t("The order was not sent again. Check whether the exchange has it before trying again:")), lastCheck);
    }
    $("#trade-error").replaceChildren(box);
  } finally {
    client.free();
  }
}

let lastCheck = null;

// --- activity: filters and pages --------------------------------------------------

const PAGE_SIZE = 10;
const ordersView = { page: 0, lastCount: 0 };
const filterForm = $("#orders-filter");

function ordersQuery() {
  const type = filterForm.elements.type.value;
  return {
    offset: ordersView.page * PAGE_SIZE,
    limit: PAGE_SIZE,
    ...(type ? { types: [type] } : {}),
    ...(filterForm.elements.active.checked ? { active: true } : {}),
  };
}

async function loadOrders() {
  const client = authedClient();
  try {
    await load("#trade", () => client.orders(ordersQuery()), renderOrders);
  } catch {
    // The card shows the error.
  } finally {
    client.free();
  }
}

filterForm.addEventListener("change", () => { ordersView.page = 0; loadOrders(); });
$("#orders-prev").addEventListener("click", () => { ordersView.page = Math.max(0, ordersView.page - 1); loadOrders(); });
$("#orders-next").addEventListener("click", () => { ordersView.page += 1; loadOrders(); });

// --- the trade form: the library's checks, shown as the user types ------------------

/** Shows the library's verdict on a form's parameters next to the field concerned. */
function showCheck(form, problem) {
  for (const input of form.querySelectorAll("input, select")) input.removeAttribute("aria-invalid");
  const note = form.querySelector(".field-error");
  if (!problem) {
    note.textContent = "";
    return true;
  }
  const name = problem.argument === "params" ? null : problem.argument;
  form.elements[name]?.setAttribute("aria-invalid", "true");
  note.textContent = problem.message;
  return false;
}

const orderForm = $("#order-form");
const syncOrderForm = () => { orderForm.dataset.type = orderForm.elements.type.value; };
orderForm.elements.type.addEventListener("change", syncOrderForm);
syncOrderForm();
const orderParams = () => fields(orderForm, ["type", "direction", "price", "amount", "currencyAmount"]);
orderForm.addEventListener("input", () => {
  const params = orderParams();
  if (params.price || params.amount || params.currencyAmount) showCheck(orderForm, checkOrder(params, $("#locale").value));
});
orderForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = orderParams();
  if (!showCheck(orderForm, checkOrder(params, $("#locale").value))) return;
  lastCheck = button(t("Look for it among my orders"), "find-order", async () => {
    const client = authedClient();
    try {
      const found = await client.findPlacedOrder(params);
      if (found) $("#trade-status").replaceChildren(`${t("It was placed")}: ${found.uuid} `, stateBadge(found.state), ".");
      else $("#trade-status").textContent = t("It was not placed: you can send it again.");
    } catch (error) {
      $("#trade-error").replaceChildren(errorBox(error));
    } finally {
      client.free();
    }
  }, "secondary");
  // A new limit order is answered pending_execution: queued, its funds locked. The
  // list, read right after, shows it as the exchange took it (active, or filled).
  submitTrade((client) => client.placeOrder(params), (o) => [
    `${t("Order")} ${o.uuid.slice(0, 8)}… ${t("is")} `,
    stateBadge(o.state),
    o.state === "pending_execution" ? `: ${t("the exchange has queued it; the list below shows it as its engine took it.")}` : `: ${o.tradedBtc ?? "0"} ${t("BTC traded so far.")}`,
  ]);
});

const withdrawForm = $("#withdraw-form");
const syncWithdrawForm = () => { withdrawForm.dataset.currency = withdrawForm.elements.currency.value; };
withdrawForm.elements.currency.addEventListener("change", syncWithdrawForm);
syncWithdrawForm();
const withdrawParams = () => fields(withdrawForm, ["currency", "amount", "address"]);
withdrawForm.addEventListener("input", () => {
  const params = withdrawParams();
  if (params.amount || params.address) showCheck(withdrawForm, checkWithdrawal(params, $("#locale").value));
});
withdrawForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const params = withdrawParams();
  if (!showCheck(withdrawForm, checkWithdrawal(params, $("#locale").value))) return;
  lastCheck = null;
  submitTrade((client) => client.withdraw(params), (o) => [`${t("Withdrawal")} ${o.uuid.slice(0, 8)}… ${t("is")} `, stateBadge(o.state), `: ${t("confirm it from your e-mail.")}`]);
});

function renderOrders(orders) {
  ordersView.lastCount = orders.length;
  $("#orders-page").textContent = `${t("Page")} ${ordersView.page + 1}`;
  $("#orders-prev").disabled = ordersView.page === 0;
  $("#orders-next").disabled = orders.length < PAGE_SIZE;
  if (orders.length === 0) return el("p", { class: "lead" }, t("No orders yet."));
  const cancel = (uuid) =>
    button(t("Cancel"), `cancel-${uuid}`, () =>
      submitTrade((client) => client.cancelOrder(uuid), () => `${t("Order")} ${uuid.slice(0, 8)}… ${t("canceled; its funds are unlocked.")}`), "secondary");
  const details = (uuid) =>
    button(t("Details"), `details-${uuid}`, async () => {
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
    button(t("Confirm (sandbox)"), `confirm-${uuid}`, () =>
      submitTrade(async () => {
        const headers = await account.oauth("code").authHeaders();
        const response = await fetch(`${$("#base-url").value.trim()}/_sandbox/orders/${uuid}/confirm`, { method: "POST", headers });
        if (!response.ok) throw new Error(`the sandbox answered HTTP ${response.status}`);
        return response.json();
      }, () => `${t("Withdrawal")} ${uuid.slice(0, 8)}… ${t("confirmed: executed.")}`), "secondary");
  return el(
    "div",
    { class: "scroll" },
    table(
      "Your latest orders, newest first",
      [[t("Created")], [t("Type")], [t("Side")], [t("Amount"), "r"], [t("Price"), "r"], [t("Traded BTC"), "r"], [t("State")], [""]],
      orders.map((o) => [
        el("time", { datetime: o.createdAt, title: o.createdAt }, new Date(o.createdAt).toLocaleTimeString([], { hourCycle: "h23" })),
        t(o.type.replace("Order", "")),
        o.direction ? el("span", { class: o.direction, title: o.direction }, t(o.direction === "sell" ? "Sell" : "Buy")) : `${o.currency}`,
        num(o.amount),
        num(o.price),
        num(o.tradedBtc),
        stateBadge(o.state),
        el("span", { class: "row-actions" }, details(o.uuid), o.state === "active" ? cancel(o.uuid) : o.type === "Transfer" && o.state === "pending" ? confirm(o.uuid) : ""),
      ]),
    ),
  );
}

/** One order in full (client.order(uuid)): its account operations, as the exchange recorded them. */
function showDetails(order) {
  const fees = `fees ${order.btcFee} BTC · ${order.currencyFee} ${order.currency === "BTC" ? "EUR" : order.currency}`;
  $("#order-details").replaceChildren(
    el("h3", {}, `${order.type} ${order.uuid}`, stateBadge(order.state)),
    el("p", { class: "meta" }, `Created ${order.createdAt}, updated ${order.updatedAt}; ${fees}.`),
    table(
      "Account operations of the order",
      [[t("Operation")], [t("Amount"), "r"], [t("Currency")], [t("Account")], [t("At")]],
      order.accountOperations.map((op) => [op.name, num(op.amount), op.currency, op.isTradingAccount ? t("trading") : t("main"), op.createdAt]),
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
      // One limiter for the page's clients: it stays under the exchange's limit.
      rateLimiter: true,
    });
  } catch (error) {
    status.textContent = "";
    status.append(errorBox(error));
    return;
  }
  status.textContent = `${t("Loading from")} ${client.baseUrl} (${client.currency.toUpperCase()}, ${client.locale})…`;
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
  if (loggedIn) cards.push(["#trade", () => client.orders(ordersQuery()), renderOrders]);
  const results = await Promise.allSettled(cards.map(([selector, call, render]) => load(selector, call, render)));
  const failed = results.filter((r) => r.status === "rejected").length;
  status.textContent = failed
    ? `${failed} ${t("of")} ${cards.length} ${t("calls failed — see the cards below.")}`
    : `${t("Updated at")} ${new Date().toLocaleTimeString()} ${t("from")} ${client.baseUrl}.`;
  const limit = client.rateLimit;
  $("#rate-limit").textContent = limit
    ? `${t("Rate limit")}: ${limit.remaining.toLocaleString()} ${t("of")} ${limit.limit.toLocaleString()} ${t("calls left")}`
    : `${t("Rate limit")}: ${t("not reported")}`;
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
    // Custom properties through the CSSOM: a style attribute would break the CSP.
    else if (key === "vars") for (const [name, v] of Object.entries(value)) node.style.setProperty(name, v);
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

const tr = (english) => t(english);

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
      stat(tr("Bid"), t.bid),
      stat(tr("Ask"), t.ask),
      stat(tr("Midpoint"), t.midpoint),
      stat(tr("24h high"), t.high),
      stat(tr("24h low"), t.low),
      stat(tr("VWAP"), t.vwap),
      stat(tr("24h volume (BTC)"), t.volume),
    ),
    el("p", { class: "meta" }, `${tr("As of")} ${dateTime(t.at)}`),
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
      el("h3", {}, name, el("span", { class: "count" }, total > levels.length ? ` · ${t("best")} ${levels.length} ${t("of")} ${total}` : ` · ${total}`)),
      table(
        `${name}: price and amount`,
        [[t("Price"), "r"], [t("Amount (BTC)"), "r"], [t("Updated"), "r"]],
        levels.map((l) => [
          num(l.price),
          el("span", { class: "fill", vars: { "--w": `${((Number(l.amount) / max) * 100).toFixed(1)}%` } }, num(l.amount)),
          el("span", { class: "when" }, time(l.timestamp)),
        ]),
      ),
    );
  return el("div", { class: "book" }, side(t("Bids"), bids, depth.bids.length, "bids"), side(t("Asks"), asks, depth.asks.length, "asks"));
}

function renderTrades(trades) {
  const latest = [...trades].reverse().slice(0, 20);
  return el(
    "div",
    { class: "scroll" },
    table(
      "Latest trades, newest first",
      [[t("Time")], [t("Price"), "r"], ["BTC", "r"], [t("Value"), "r"]],
      latest.map((t) => [el("time", { datetime: t.createdAt, title: t.createdAt }, time(t.createdAtInt)), num(t.price), num(t.tradedBtc), num(t.tradedCurrency)]),
    ),
    el("p", { class: "meta" }, `${trades.length} ${t("trades returned; the newest 20 shown.")}`),
  );
}

function renderChartsTrades(trades) {
  const latest = [...trades].reverse().slice(0, 12);
  return el(
    "div",
    { class: "scroll" },
    table("Bitcoin Charts trades", [["tid", "r"], [t("Time")], [t("Price"), "r"], [t("Amount"), "r"]], latest.map((t) => [t.tid, time(t.date), num(t.price), num(t.amount)])),
  );
}

function renderChartsDepth(depth) {
  // Bitcoin Charts lists each side best first, as [price, amount] pairs.
  const side = (name, pairs, cls) =>
    el(
      "div",
      { class: `side ${cls}` },
      el("h3", {}, t(name), el("span", { class: "count" }, ` · ${t("first")} 6 ${t("of")} ${pairs.length}`)),
      table(`Bitcoin Charts ${name}: [price, amount]`, [[t("Price"), "r"], [t("Amount"), "r"]], pairs.slice(0, 6).map(([price, amount]) => [num(price), num(amount)])),
    );
  return el("div", { class: "book stacked" }, side("Bids", depth.bids, "bids"), side("Asks", depth.asks, "asks"));
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
  "unknown-outcome": "Outcome unknown",
};

function errorBox(error) {
  const known = error instanceof BitcoinCentralError;
  const title = t(known ? kindTitles[error.kind] ?? error.kind : "Unexpected error");
  return el(
    "div",
    { class: "error", role: "alert" },
    el("strong", {}, title, known && error.status ? ` (HTTP ${error.status})` : ""),
    known && error.messages.length ? el("ul", {}, ...error.messages.map((m) => el("li", {}, m))) : el("p", {}, error.message),
    known ? el("p", { class: "meta" }, `kind: ${error.kind}${error.code ? ` · code: ${error.code}` : ""}${error.path ? ` · field: ${error.path}` : ""}${error.retryAfter ? ` · retry in ${error.retryAfter} s` : ""}`) : null,
  );
}
