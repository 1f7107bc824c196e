// The sample page: one Client, the five public endpoints, each rendered in its card
// with its own loading and error state. The ticker, depth and trades cards follow a
// MarketStream of the settings' market (which polls the REST API every 10 s on its own
// when its socket has not been live for 5 s, and pauses in a hidden tab); once logged
// in, the account card and the order list follow an AccountStream. Decimals are the library's exact strings and
// are shown as they are; only the depth bars use Number() (drawing needs no exactness).
import init, { Client, OAuth, BitcoinCentralError, checkOrder, checkWithdrawal } from "/pkg/bitcoin_central.js";

const $ = (selector) => document.querySelector(selector);

// --- the page's own words, in English and French (the library localizes its own) ---

const FRENCH = {
  "Sample page of the npm package: every endpoint, live.": "Page d'exemple du paquet npm : chaque point d'accès, en direct.",
  "Base URL": "URL de base", Market: "Marché", Language: "Langue", Live: "En direct", Refresh: "Actualiser",
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
  "latest trades held by the stream; the newest 20 shown.": "dernières transactions tenues par le flux ; les 20 plus récentes affichées.",
  // Where the cards' data comes from, and how the stream is doing.
  "Market: real-time stream, live": "Marché : flux en temps réel, en direct",
  "Market: connecting to the real-time stream…": "Marché : connexion au flux en temps réel…",
  "Market: real-time stream, reconnecting…": "Marché : flux en temps réel, reconnexion…",
  "Market: stream unavailable, polling every 10 s": "Marché : flux indisponible, interrogation toutes les 10 s",
  "Market: paused (Live is off), updated by Refresh": "Marché : en pause (En direct désactivé), mis à jour par Actualiser",
  "Market: paused while the tab is hidden": "Marché : en pause tant que l’onglet est masqué",
  "Account: real-time stream, live": "Compte : flux en temps réel, en direct",
  "Account: connecting to the real-time stream…": "Compte : connexion au flux en temps réel…",
  "Account: real-time stream, reconnecting…": "Compte : flux en temps réel, reconnexion…",
  "Account: paused (Live is off), updated by Refresh and after each action": "Compte : en pause (En direct désactivé), mis à jour par Actualiser et après chaque action",
  "Account: stream unavailable, balances polled every 10 s": "Compte : flux indisponible, soldes interrogés toutes les 10 s",
  "Account: paused while the tab is hidden": "Compte : en pause tant que l’onglet est masqué",
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
  // Captions and names for screen readers, and what the page announces.
  Actions: "Actions", "Loading…": "Chargement…", "24h variation": "Variation 24 h",
  "Latest trades, newest first": "Dernières transactions, les plus récentes d'abord",
  "Your latest orders, newest first": "Vos derniers ordres, les plus récents d'abord",
  "Account operations of the order": "Opérations de compte de l'ordre",
  "price and amount": "prix et quantité", "Bitcoin Charts trades": "Transactions Bitcoin Charts",
  "Bitcoin Charts bids: price and amount": "Offres d'achat Bitcoin Charts : prix et quantité",
  "Bitcoin Charts asks: price and amount": "Offres de vente Bitcoin Charts : prix et quantité",
  "Client settings": "Réglages du client", "Order filters": "Filtres des ordres",
  "Scrolls sideways": "Défile horizontalement",
  "All cards are up to date.": "Toutes les cartes sont à jour.",
  "is now": "est maintenant",
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
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  for (const node of document.querySelectorAll(".card .body")) node.dataset.loading = t("Loading…");
}

// --- what the page tells screen readers, without flooding them -------------------

/** The least time between two of the page's announcements (its polite live region, #news). */
const NEWS_GAP_MS = 5000;
const news = { at: -Infinity, pending: null, timer: 0 };

/**
 * Says `text` in #news (polite): at most once every NEWS_GAP_MS, the latest text
 * waiting out the gap (a newer one replaces it). For what changes without the user
 * asking: an order filled or cancelled by the exchange, the cards failing, or
 * recovering. Answers to the user's own actions are said where they show (#trade-status).
 */
function announce(text) {
  news.pending = text;
  if (news.timer) return;
  const say = () => {
    news.timer = 0;
    $("#news").textContent = news.pending;
    news.pending = null;
    news.at = Date.now();
  };
  const wait = news.at + NEWS_GAP_MS - Date.now();
  if (wait <= 0) say();
  else news.timer = setTimeout(say, wait);
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

  /** Completes a login come back from the consent page; true when the page was that return (logged in or not). */
  async handleRedirect() {
    const before = location.href;
    try {
      // Either flow's OAuth completes either login: the login in progress remembers its flow.
      await this.oauth("code")?.handleRedirect();
    } catch (error) {
      this.problem = error;
    }
    // The library clears the answer from the address bar.
    return this.problem !== null || location.href !== before;
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
        button(t("Log out"), "logout", async () => {
          oauth.logout();
          await refresh();
          // The button is gone with the session: the keyboard goes to the card's new offer.
          $("#login-code")?.focus();
        }, "secondary"),
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
    // The keyboard goes where the answer is (the button pressed may be gone: a
    // cancelled order's), and from there on to the list of orders.
    status.focus();
    // The account stream, while live, brings the new balances and the order's changes
    // (placed, filled, canceled) itself; without it the page reads them again.
    if (!accountStreamed()) await refresh();
  } catch (error) {
    status.textContent = "";
    const box = errorBox(error, { alert: true });
    if (error instanceof BitcoinCentralError && error.kind === "unknown-outcome") {
      box.append(el("p", {}, t("The order was not sent again. Check whether the exchange has it before trying again:")), lastCheck);
    }
    $("#trade-error").replaceChildren(box);
    box.focus();
  } finally {
    client.free();
  }
}

let lastCheck = null;

// --- activity: filters and pages --------------------------------------------------

const PAGE_SIZE = 10;
/** The page of orders shown (`list`: as last read, then as the account stream changed it). */
const ordersView = { page: 0, lastCount: 0, list: null };
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
  for (const input of form.querySelectorAll("input, select")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
  const note = form.querySelector(".field-error");
  if (!problem) {
    note.textContent = "";
    return true;
  }
  const name = problem.argument === "params" ? null : problem.argument;
  const field = form.elements[name];
  field?.setAttribute("aria-invalid", "true");
  if (field) field.setAttribute("aria-describedby", note.id);
  note.textContent = problem.message;
  return false;
}

/** A form sent with a refused field: the keyboard is taken to it (its message is read with it). */
function focusRefused(form) {
  (form.querySelector("[aria-invalid=true]") ?? form.querySelector("input, select"))?.focus();
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
  if (!showCheck(orderForm, checkOrder(params, $("#locale").value))) return focusRefused(orderForm);
  lastCheck = button(t("Look for it among my orders"), "find-order", async () => {
    const client = authedClient();
    try {
      const found = await client.findPlacedOrder(params);
      if (found) $("#trade-status").replaceChildren(`${t("It was placed")}: ${found.uuid} `, stateBadge(found.state), ".");
      else $("#trade-status").textContent = t("It was not placed: you can send it again.");
    } catch (error) {
      $("#trade-error").replaceChildren(errorBox(error, { alert: true }));
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
  if (!showCheck(withdrawForm, checkWithdrawal(params, $("#locale").value))) return focusRefused(withdrawForm);
  lastCheck = null;
  submitTrade((client) => client.withdraw(params), (o) => [`${t("Withdrawal")} ${o.uuid.slice(0, 8)}… ${t("is")} `, stateBadge(o.state), `: ${t("confirm it from your e-mail.")}`]);
});

function renderOrders(orders) {
  ordersView.list = orders;
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
        $("#trade-error").replaceChildren(errorBox(error, { alert: true }));
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
  return scroller(
    t("Your latest orders, newest first"),
    table(
      t("Your latest orders, newest first"),
      [[t("Created")], [t("Type")], [t("Side")], [t("Amount"), "r"], [t("Price"), "r"], [t("Traded BTC"), "r"], [t("State")], [t("Actions"), "actions"]],
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
  const heading = el("h3", { tabindex: "-1" }, `${order.type} ${order.uuid}`, stateBadge(order.state));
  $("#order-details").replaceChildren(
    heading,
    el("p", { class: "meta" }, `Created ${order.createdAt}, updated ${order.updatedAt}; ${fees}.`),
    table(
      t("Account operations of the order"),
      [[t("Operation")], [t("Amount"), "r"], [t("Currency")], [t("Account")], [t("At")]],
      order.accountOperations.map((op) => [op.name, num(op.amount), op.currency, op.isTradingAccount ? t("trading") : t("main"), op.createdAt]),
    ),
  );
  // Asked for with a button of the list: the keyboard is taken to what it opened.
  heading.focus();
}

function button(label, id, onClick, variant = "") {
  const node = el("button", { type: "button", id, class: variant }, label);
  // A property, not a listener: a redraw that keeps this button takes the new one's.
  node.onclick = onClick;
  return node;
}

function showProblem(error) {
  $("#account .body").replaceChildren(errorBox(error, { alert: true }));
}

let busy = false;
/** How many of the last refresh's calls failed (announced when it changes). */
let lastFailed = 0;

// --- the real-time streams: the market's, and the account's once logged in ---------

const market = {
  /** `baseUrl currency` of the stream below; null without one. */
  key: null,
  client: null,
  stream: null,
  off: [],
  /** The stream's latest status ("polling" when its socket cannot be had: the stream polls on its own); "off" while #live is unticked. */
  status: "off",
  queued: false,
  /** Settled once the cards first show something (or an error) from this stream. */
  shown: null,
  settle: null,
};

const accountLive = {
  key: null,
  client: null,
  stream: null,
  off: [],
  status: "off",
};

/** Whether the market cards come from the stream now (its socket or its polls). */
const marketStreamed = () => Boolean(market.stream);
/** Whether the account card and the orders follow the account stream now. */
const accountStreamed = () => Boolean(accountLive.stream) && accountLive.status === "live";

/** Opens, keeps or closes the streams for the settings, the session and #live. */
function syncStreams() {
  const live = $("#live").checked;
  const key = `${$("#base-url").value.trim()} ${$("#currency").value.trim().toLowerCase()}`;
  if (!live || key !== market.key) closeMarket();
  if (live && !market.stream) openMarket(key);
  const oauth = account.oauth("code");
  const accountKey = oauth?.session() ? `${$("#base-url").value.trim()} ${$("#currency").value.trim().toLowerCase()}` : null;
  if (!live || accountKey !== accountLive.key) closeAccount();
  if (live && accountKey && !accountLive.stream) openAccount(accountKey);
  showSources();
}

function openMarket(key) {
  market.shown = new Promise((resolve, reject) => { market.settle = { resolve, reject }; });
  market.shown.catch(() => {});
  try {
    market.client = new Client({ baseUrl: $("#base-url").value.trim(), currency: $("#currency").value.trim(), locale: $("#locale").value, rateLimiter: true });
    const stream = market.client.marketStream();
    market.stream = stream;
    market.key = key;
    market.off = [
      stream.on("update", queueTake),
      stream.on("trade", queueTake),
      stream.on("status", marketStatus),
      stream.on("error", marketError),
    ];
    marketStatus(stream.status);
  } catch (error) {
    // No stream to be had (a refused setting): the cards say why.
    market.client?.free();
    market.client = null;
    market.stream = null;
    market.key = key;
    marketError(error);
  }
}

function closeMarket() {
  // A refresh awaiting this stream's first snapshot is not left waiting: the cards are
  // read by REST from now on (or by the next stream).
  shownNow();
  market.settle = null;
  market.key = null;
  market.status = "off";
  for (const off of market.off) off();
  market.off = [];
  if (market.stream) {
    market.stream.close();
    market.stream.free();
  }
  market.stream = null;
  market.client?.free();
  market.client = null;
}

function marketStatus(status) {
  if (!market.stream) return;
  market.status = status;
  if (status === "live") take();
  showSources();
}

function marketError(error) {
  // Before the cards show anything from the stream, they show why not; after, the
  // stream recovers on its own (the status line says it is reconnecting or polling).
  if (!market.stream?.ticker()) {
    for (const selector of ["#ticker", "#depth", "#trades"]) $(`${selector} .body`).replaceChildren(errorBox(error));
    notShown(error);
  }
}

/** The market cards show data: the page's status line may say so. */
function shownNow() {
  market.settle?.resolve();
  market.shown = Promise.resolve();
}

/** The market cards show an error instead. */
function notShown(error) {
  market.settle?.reject(error);
  market.shown = Promise.reject(error);
  market.shown.catch(() => {});
}

/** One redraw for the events of one step (a step may bring an update and trades). */
function queueTake() {
  if (market.queued) return;
  market.queued = true;
  queueMicrotask(() => {
    market.queued = false;
    take();
  });
}

/** Draws the market cards from the stream (live, or its latest poll): its ticker, its book best first, its trades newest first. */
function take() {
  const stream = market.stream;
  if (!stream) return;
  const ticker = stream.ticker();
  if (!ticker) return;
  const book = stream.book();
  redraw($("#ticker .body"), renderTicker(ticker));
  redraw($("#depth .body"), renderDepth({ bids: book.bids.slice(0, LEVELS), asks: book.asks.slice(0, LEVELS), bidCount: book.bids.length, askCount: book.asks.length }));
  redraw($("#trades .body"), renderTrades(stream.trades(), "stream"));
  shownNow();
}

/** The market cards by REST: the Refresh button while #live is off. */
function marketCards(client) {
  return [
    ["#ticker", () => client.ticker(), renderTicker],
    ["#depth", () => client.depthBook().then((book) => {
      try {
        return { bids: book.bids(LEVELS), asks: book.asks(LEVELS), bidCount: book.bidCount, askCount: book.askCount };
      } finally {
        book.free();
      }
    }), renderDepth],
    // The API lists trades oldest first.
    ["#trades", () => client.trades().then((list) => list.reverse()), (list) => renderTrades(list, "rest")],
  ];
}

function openAccount(key) {
  try {
    const client = authedClient();
    const stream = client.accountStream();
    Object.assign(accountLive, { key, client, stream, status: stream.status });
    accountLive.off = [
      stream.on("update", () => {
        const user = stream.user();
        if (user) redraw($("#account .body"), account.render({ user }));
      }),
      stream.on("order", orderChanged),
      stream.on("status", (status) => {
        accountLive.status = status;
        showSources();
      }),
    ];
  } catch {
    // No stream (e.g. the session lacks scope basic): the page re-reads after each action.
    closeAccount();
  }
}

function closeAccount() {
  for (const off of accountLive.off) off();
  accountLive.off = [];
  if (accountLive.stream) {
    accountLive.stream.close();
    accountLive.stream.free();
  }
  accountLive.client?.free();
  Object.assign(accountLive, { key: null, client: null, stream: null, status: "off" });
}

/** An order the account stream says changed: redrawn in place, or new at the top of the first page. */
function orderChanged(order) {
  const list = ordersView.list;
  if (!list) return;
  const at = list.findIndex((o) => o.uuid === order.uuid);
  if (at < 0 || list[at].state !== order.state) announce(`${t("Order")} ${order.uuid.slice(0, 8)}… ${t("is now")} ${t(order.state.replaceAll("_", " "))}.`);
  const type = filterForm.elements.type.value;
  if (at >= 0) list[at] = order;
  else if (ordersView.page === 0 && (!type || order.type === type) && (!filterForm.elements.active.checked || order.state === "active")) {
    list.unshift(order);
    list.length = Math.min(list.length, PAGE_SIZE);
  } else return;
  redraw($("#trade .orders"), renderOrders(list));
}

const SOURCE_TEXTS = {
  market: {
    live: "Market: real-time stream, live",
    connecting: "Market: connecting to the real-time stream…",
    reconnecting: "Market: real-time stream, reconnecting…",
    polling: "Market: stream unavailable, polling every 10 s",
    paused: "Market: paused while the tab is hidden",
    off: "Market: paused (Live is off), updated by Refresh",
  },
  account: {
    live: "Account: real-time stream, live",
    connecting: "Account: connecting to the real-time stream…",
    reconnecting: "Account: real-time stream, reconnecting…",
    polling: "Account: stream unavailable, balances polled every 10 s",
    paused: "Account: paused while the tab is hidden",
    off: "Account: paused (Live is off), updated by Refresh and after each action",
  },
};
const shownState = (status) => (status === "stale" || status === "closed" ? "reconnecting" : status);

/** Says, above the cards, where the market and the account come from and how their streams are. */
function showSources() {
  const marketState = !market.key && !market.stream ? "off" : shownState(market.status);
  const node = $("#market-source");
  node.dataset.source = marketState === "off" ? "rest" : marketState === "polling" ? "polling" : "stream";
  node.dataset.status = marketState;
  node.querySelector(".text").textContent = t(SOURCE_TEXTS.market[marketState]);
  const code = marketState === "off"
    ? ["client.ticker()", "client.depthBook()", "client.trades()"]
    : ["stream.ticker()", "stream.book()", "stream.trades()"];
  ["#ticker", "#depth", "#trades"].forEach((card, i) => { $(`${card} .source-code`).textContent = code[i]; });

  const accountNode = $("#account-source");
  const loggedIn = Boolean(account.oauth("code")?.session());
  accountNode.hidden = !loggedIn;
  const accountState = accountLive.stream ? shownState(accountLive.status) : "off";
  accountNode.dataset.source = accountState === "off" ? "rest" : "stream";
  accountNode.dataset.status = accountState;
  accountNode.querySelector(".text").textContent = t(SOURCE_TEXTS.account[accountState]);
  $("#account header code").textContent = accountLive.stream ? "client.accountStream()" : "new OAuth(…) · client.user()";
}

await init();
// Back from the sandbox's consent page? Read the answer (and clear it from the address
// bar) before anything else.
const returned = await account.handleRedirect();
// Refresh reads the account again even while its stream is live (a person asked).
form.addEventListener("submit", (event) => {
  event.preventDefault();
  refresh({ force: true });
});
// Ticked, the streams open; unticked, they close and the cards are read once by REST,
// so they show what their labels say (and are not left empty when the stream had not
// brought its first snapshot yet).
$("#live").addEventListener("change", () => {
  syncStreams();
  refresh();
});
// Every 10 s while the box is ticked and the tab is visible: the Bitcoin Charts cards
// and the rate-limit line, and the market cards only while their stream is down (the
// fallback). Five calls at most per refresh stays within the exchange's one call per
// second on average.
setInterval(() => {
  if ($("#live").checked && document.visibilityState === "visible" && !busy) refresh();
}, 10_000);
// Back from logging in, the keyboard starts at the account card (what the login was
// for), not at the top of a page that was loaded anew. (Not awaited: the module's
// later declarations are needed by the refresh.)
refresh().then(() => { if (returned) $("#account-title").focus(); });

async function refresh({ force = false } = {}) {
  busy = true;
  try {
    await refreshAll(force);
  } finally {
    busy = false;
  }
}

async function refreshAll(force) {
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
    closeMarket();
    closeAccount();
    showSources();
    status.textContent = "";
    status.append(errorBox(error));
    return;
  }
  syncStreams();
  status.textContent = `${t("Loading from")} ${client.baseUrl} (${client.currency.toUpperCase()}, ${client.locale})…`;
  const oauth = account.oauth("code");
  if (oauth) client.setAuth(oauth);
  const cards = [
    ["#charts-trades", () => client.bitcoinChartsTrades(), renderChartsTrades],
    ["#charts-depth", () => client.bitcoinChartsDepth(), renderChartsDepth],
  ];
  // The market cards: from the stream (nothing to call; its first snapshot or poll is
  // awaited), or by REST (#live off).
  const waits = [];
  const streamed = marketStreamed();
  if (streamed) {
    take();
    waits.push(market.shown);
  } else {
    cards.unshift(...marketCards(client));
  }
  const loggedIn = Boolean(oauth?.session());
  $("#trade").hidden = !loggedIn;
  // The account: the stream's user while it is live, else read.
  const streamedUser = !force && accountStreamed() ? accountLive.stream.user() : null;
  if (streamedUser) redraw($("#account .body"), account.render({ user: streamedUser }));
  else cards.push(["#account", () => account.load(client), (state) => account.render(state)]);
  if (loggedIn) {
    if (!force && accountStreamed() && ordersView.list) redraw($("#trade .orders"), renderOrders(ordersView.list));
    else cards.push(["#trade", () => client.orders(ordersQuery()), renderOrders]);
  } else {
    ordersView.list = null;
  }
  const results = await Promise.allSettled([...cards.map(([selector, call, render]) => load(selector, call, render)), ...waits]);
  // The stream stands for three cards.
  const failed = results.filter((r) => r.status === "rejected").length + (streamed && results.at(-1).status === "rejected" ? 2 : 0);
  const total = cards.length + (streamed ? 3 : 0);
  status.textContent = failed
    ? `${Math.min(failed, total)} ${t("of")} ${total} ${t("calls failed — see the cards below.")}`
    : `${t("Updated at")} ${new Date().toLocaleTimeString()} ${t("from")} ${client.baseUrl}.`;
  // Said when it changes, not at every refresh: failures, and the recovery from them.
  if (failed !== lastFailed) announce(failed ? status.textContent : t("All cards are up to date."));
  lastFailed = failed;
  const limit = client.rateLimit;
  $("#rate-limit").textContent = limit
    ? `${t("Rate limit")}: ${limit.remaining.toLocaleString()} ${t("of")} ${limit.limit.toLocaleString()} ${t("calls left")}`
    : `${t("Rate limit")}: ${t("not reported")}`;
  showSources();
  client.free();
}

async function load(selector, call, render) {
  const body = $(`${selector} .body`);
  body.setAttribute("aria-busy", "true");
  try {
    const data = await call();
    redraw(body, render(data));
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

/**
 * A table's horizontal scroller. While it has something to scroll (a phone, large
 * text) it is a named region in the tab order, so the keyboard can scroll it too; when
 * everything fits it is neither (no empty tab stop).
 */
function scroller(label, ...children) {
  const node = el("div", { class: "scroll", "data-label": label }, ...children);
  scrollers.observe(node);
  return node;
}
/** What the scrollers' observer sets on a scroller that scrolls. */
const SCROLLER_ATTRIBUTES = ["tabindex", "role", "aria-label"];
const scrollers = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const scrolls = target.scrollWidth > target.clientWidth;
    if (scrolls !== target.hasAttribute("tabindex")) markScroller(target, scrolls);
  }
});
function markScroller(target, scrolls) {
  if (scrolls) {
    target.setAttribute("tabindex", "0");
    target.setAttribute("role", "region");
    target.setAttribute("aria-label", `${target.dataset.label} (${t("Scrolls sideways")})`);
  } else {
    for (const name of SCROLLER_ATTRIBUTES) target.removeAttribute(name);
  }
}

/**
 * Shows `node` in `body` in place of what it holds, keeping what stays the same: a
 * redraw (the stream's, every step) changes the text and attributes that changed and
 * leaves every other node where it is. So a button keeps its place under the pointer
 * and the keyboard's focus while the card around it is redrawn (a click that lands
 * during a redraw is not lost), and a scroller keeps how far it was scrolled. A node
 * whose tag or id differs is replaced; a focused control replaced so is found again by
 * its id (an order's Cancel moved to another row).
 */
function redraw(body, node) {
  const focused = document.activeElement;
  const inside = focused && focused !== body && body.contains(focused);
  morphChildren(body, [node]);
  if (!inside || focused.isConnected || !focused.id) return;
  body.querySelector(`#${CSS.escape(focused.id)}`)?.focus({ preventScroll: true });
}

/** Makes `parent`'s children be `children`, keeping the nodes that match. */
function morphChildren(parent, children) {
  const old = [...parent.childNodes];
  children.forEach((child, i) => {
    if (i >= old.length) parent.append(child);
    else if (!morph(old[i], child)) old[i].replaceWith(child);
  });
  for (const extra of old.slice(children.length)) extra.remove();
}

/** Makes `from` show what `to` shows, if they are the same kind of node; false if not. */
function morph(from, to) {
  if (from.nodeType !== to.nodeType || from.nodeName !== to.nodeName) return false;
  if (from.nodeType === Node.TEXT_NODE) {
    if (from.data !== to.data) from.data = to.data;
    return true;
  }
  if (from.nodeType !== Node.ELEMENT_NODE || from.id !== to.id) return false;
  // What the scrollers' observer sets on a scroller stays (it is not redrawn).
  const kept = from.classList.contains("scroll") ? SCROLLER_ATTRIBUTES : [];
  if (kept.length) scrollers.unobserve(to);
  for (const { name } of [...from.attributes]) if (!to.hasAttribute(name) && !kept.includes(name)) from.removeAttribute(name);
  for (const { name, value } of to.attributes) {
    if (from.getAttribute(name) === value) continue;
    // Styles through the CSSOM: a style attribute would break the CSP.
    if (name === "style") from.style.cssText = to.style.cssText;
    else from.setAttribute(name, value);
  }
  from.onclick = to.onclick;
  // Its label follows the language.
  if (kept.length && from.hasAttribute("tabindex")) markScroller(from, true);
  morphChildren(from, [...to.childNodes]);
  return true;
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
      el("span", { class: `change ${change}`, title: tr("24h variation") }, t.variation === null ? dash : `${change === "up" ? "▲ +" : "▼ "}${t.variation.replace("-", "")} %`),
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

/** The book's best LEVELS a side, best first as the library gives them (the stream's book or depthBook()), with each side's count. */
function renderDepth({ bids, asks, bidCount, askCount }) {
  const max = Math.max(...[...bids, ...asks].map((l) => Number(l.amount)), 1e-9);
  const side = (name, levels, total, cls) =>
    el(
      "div",
      { class: `side ${cls}` },
      el("h3", {}, name, el("span", { class: "count" }, total > levels.length ? ` · ${t("best")} ${levels.length} ${t("of")} ${total}` : ` · ${total}`)),
      scroller(
        `${name}: ${t("price and amount")}`,
        table(
          `${name}: ${t("price and amount")}`,
          [[t("Price"), "r"], [t("Amount (BTC)"), "r"], [t("Updated"), "r"]],
          levels.map((l) => [
            num(l.price),
            el("span", { class: "fill", vars: { "--w": `${((Number(l.amount) / max) * 100).toFixed(1)}%` } }, num(l.amount)),
            el("span", { class: "when" }, time(l.timestamp)),
          ]),
        ),
      ),
    );
  return el("div", { class: "book" }, side(t("Bids"), bids, bidCount, "bids"), side(t("Asks"), asks, askCount, "asks"));
}

/** Trades newest first: the stream's latest (at most 50), or the API's list reversed. */
function renderTrades(trades, source) {
  const latest = trades.slice(0, 20);
  return scroller(
    t("Latest trades, newest first"),
    table(
      t("Latest trades, newest first"),
      [[t("Time")], [t("Price"), "r"], ["BTC", "r"], [t("Value"), "r"]],
      latest.map((t) => [el("time", { datetime: t.createdAt, title: t.createdAt }, time(t.createdAtInt)), num(t.price), num(t.tradedBtc), num(t.tradedCurrency)]),
    ),
    el("p", { class: "meta" }, `${trades.length} ${t(source === "stream" ? "latest trades held by the stream; the newest 20 shown." : "trades returned; the newest 20 shown.")}`),
  );
}

function renderChartsTrades(trades) {
  const latest = [...trades].reverse().slice(0, 12);
  return scroller(
    t("Bitcoin Charts trades"),
    table(t("Bitcoin Charts trades"), [["tid", "r"], [t("Time")], [t("Price"), "r"], [t("Amount"), "r"]], latest.map((t) => [t.tid, time(t.date), num(t.price), num(t.amount)])),
  );
}

function renderChartsDepth(depth) {
  // Bitcoin Charts lists each side best first, as [price, amount] pairs.
  const side = (name, pairs, cls) =>
    el(
      "div",
      { class: `side ${cls}` },
      el("h3", {}, t(name), el("span", { class: "count" }, ` · ${t("first")} 6 ${t("of")} ${pairs.length}`)),
      scroller(
        t(`Bitcoin Charts ${name.toLowerCase()}: price and amount`),
        table(t(`Bitcoin Charts ${name.toLowerCase()}: price and amount`), [[t("Price"), "r"], [t("Amount"), "r"]], pairs.slice(0, 6).map(([price, amount]) => [num(price), num(amount)])),
      ),
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

/**
 * An error, shown. `alert`: an answer to what the user just did, read out at once; a
 * card's error is not (a failing card is redrawn at each refresh: the page announces
 * the failures once, through #news).
 */
function errorBox(error, { alert = false } = {}) {
  const known = error instanceof BitcoinCentralError;
  const title = t(known ? kindTitles[error.kind] ?? error.kind : "Unexpected error");
  return el(
    "div",
    { class: "error", ...(alert ? { role: "alert", tabindex: "-1" } : {}) },
    el("strong", {}, title, known && error.status ? ` (HTTP ${error.status})` : ""),
    known && error.messages.length ? el("ul", {}, ...error.messages.map((m) => el("li", {}, m))) : el("p", {}, error.message),
    known ? el("p", { class: "meta" }, `kind: ${error.kind}${error.code ? ` · code: ${error.code}` : ""}${error.path ? ` · field: ${error.path}` : ""}${error.retryAfter ? ` · retry in ${error.retryAfter} s` : ""}`) : null,
  );
}
