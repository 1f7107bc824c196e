// The sandbox's stream heard by software we did not write: the real socket.io-client
// 2.5.0 (socket.io 2.x over Engine.IO v3, WebSocket only), against the sandbox at
// SANDBOX_URL. /public: stream events whose ticker and levels read as the REST
// answers do; /user: the channel of GET /api/v1/user, then an order placed through
// REST heard as it is placed and as it rests.
import { test } from "node:test";
import assert from "node:assert/strict";
import io from "socket.io-client";

const SANDBOX_URL = process.env.SANDBOX_URL;
if (!SANDBOX_URL) throw new Error("SANDBOX_URL is not set (start the sandbox first)");
const OPTIONS = { path: "/ws/socket.io", transports: ["websocket"], reconnection: false, forceNew: true };
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The next `count` `stream` events of a socket, or a failure after `ms`. */
function events(socket, count, ms = 15000) {
  return new Promise((resolve, reject) => {
    const got = [];
    const timer = setTimeout(() => reject(new Error(`${got.length} of ${count} stream events in ${ms} ms`)), ms);
    socket.on("stream", (event) => {
      got.push(event);
      if (got.length === count) {
        clearTimeout(timer);
        resolve(got);
      }
    });
  });
}

function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
    socket.once("error", reject);
  });
}

/**
 * An access token through the sandbox's implicit flow: its consent page, then the
 * page's form posted with its one-time token and the cookie that goes with it.
 */
async function token(scope) {
  const request = {
    client_id: "bitcoin-central-demo",
    redirect_uri: `${SANDBOX_URL}/`,
    response_type: "token",
    scope,
  };
  const page = await fetch(`${SANDBOX_URL}/api/oauth/authorize?${new URLSearchParams(request)}`);
  assert.equal(page.status, 200);
  const cookie = page.headers.get("set-cookie").split(";")[0];
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(csrf, "the consent form's token");
  const response = await fetch(`${SANDBOX_URL}/api/oauth/authorize`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ ...request, csrf_token: csrf, decision: "approve" }),
  });
  assert.equal(response.status, 303);
  const fragment = new URL(response.headers.get("location")).hash.slice(1);
  const access = new URLSearchParams(fragment).get("access_token");
  assert.ok(access);
  return access;
}

async function api(path, access, init = {}) {
  const response = await fetch(`${SANDBOX_URL}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${access}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

test("socket.io-client 2.5.0 hears /public stream events shaped as the REST answers", async (t) => {
  const socket = io(`${SANDBOX_URL}/public`, OPTIONS);
  t.after(() => socket.close());
  const heard = events(socket, 3);
  await connected(socket);
  const restTicker = await (await fetch(`${SANDBOX_URL}/api/v1/data/eur/ticker`)).json();
  for (const event of await heard) {
    assert.ok(Object.keys(event).length > 0);
    for (const key of Object.keys(event)) assert.ok(["ticker", "trades", "bids", "asks"].includes(key), key);
    if (event.ticker) assert.deepEqual(Object.keys(event.ticker), Object.keys(restTicker));
    for (const level of [...(event.bids ?? []), ...(event.asks ?? [])]) {
      assert.match(String(level.price), DECIMAL);
      assert.match(String(level.amount), DECIMAL);
      assert.equal(level.currency, "EUR");
      assert.ok(Number.isInteger(level.timestamp));
    }
    for (const trade of event.trades ?? []) {
      assert.match(trade.uuid, /^[0-9a-f-]{36}$/);
      assert.match(String(trade.price), DECIMAL);
    }
  }
});

test("an unknown namespace is an error, as a socket.io 2.x server says it", async (t) => {
  const socket = io(`${SANDBOX_URL}/nowhere`, OPTIONS);
  t.after(() => socket.close());
  const error = await new Promise((resolve) => socket.once("error", resolve));
  assert.equal(error, "Invalid namespace");
});

test("socket.io-client 2.5.0 joins /user with the channel id and hears an order placed through REST", async (t) => {
  const access = await token("basic activity trade");
  const user = await api("/api/v1/user", access);
  assert.equal(user.status, 200);
  assert.match(user.body.channel_id, /^[0-9a-f]{32}$/);

  const socket = io(`${SANDBOX_URL}/user`, OPTIONS);
  t.after(() => socket.close());
  await connected(socket);
  const wrong = await new Promise((resolve) => {
    socket.once("error", resolve);
    socket.emit("channel", "0".repeat(32));
  });
  assert.equal(wrong, "unknown channel");

  const first = events(socket, 1);
  const acked = await new Promise((resolve) => socket.emit("channel", user.body.channel_id, (...args) => resolve(args)));
  assert.deepEqual(acked, []);
  const [balances] = await first;
  assert.deepEqual(Object.keys(balances).sort(), ["balance_btc", "balance_eur", "locked_btc", "locked_eur"]);

  const depth = (await (await fetch(`${SANDBOX_URL}/api/v1/data/eur/depth`)).json());
  const bestBid = Number(depth.bids.at(-1).price);
  const orderEvents = [];
  const rested = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no active order among ${JSON.stringify(orderEvents)}`)), 15000);
    socket.on("stream", (event) => {
      orderEvents.push(event);
      if (event.orders?.some((o) => o.state === "active")) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const placed = await api("/api/v1/user/orders", access, {
    method: "POST",
    body: JSON.stringify({ type: "LimitOrder", direction: "buy", price: (bestBid * 0.9).toFixed(2), amount: "0.01", currency: "EUR" }),
  });
  assert.equal(placed.status, 201);
  await rested;
  const mine = orderEvents.flatMap((e) => e.orders ?? []).filter((o) => o.uuid === placed.body.uuid);
  assert.deepEqual(mine.map((o) => o.state).slice(0, 2), ["pending_execution", "active"]);
  assert.ok(orderEvents.some((e) => "locked_eur" in e));
  const details = await api(`/api/v1/user/orders/${placed.body.uuid}`, access);
  assert.deepEqual(Object.keys(mine[1]), Object.keys(details.body));
  const canceled = await api(`/api/v1/user/orders/${placed.body.uuid}/cancel`, access, { method: "DELETE" });
  assert.equal(canceled.status, 200);
});
