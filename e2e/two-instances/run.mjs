#!/usr/bin/env node
// Two `next start` processes of one build on ONE Postgres: a burst split over both must give the
// same exact counts as one instance. Checks
//   (a) idempotency: 20 concurrent purchases with one Idempotency-Key → exactly one purchase;
//   (b) credit reservations: N concurrent chat sends with credits for K → K answers, N−K × 402,
//       balance 0, ledger sum = balance;
//   (c) the login limit: failures split over both hit 429 after exactly LOGIN_MAX_FAILURES;
//   (d) live events: a message sent through one instance reaches a stream held on the other within
//       1 s, also after the listening connection was killed from Postgres, with no event lost.
// Needs a finished `next build`. Usage: node e2e/two-instances/run.mjs   (PG_SERVER=postgres://… to
// choose the server; a fresh database is created on it and dropped afterwards). Exits non-zero on
// any failure and always stops both servers.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import {
  api,
  expectStatus,
  exited,
  freePort,
  freshDatabase,
  listAll,
  openEvents,
  serverEnv,
  startServer,
  stopOnExit,
  waitForHealth,
} from "./servers.mjs";

const LOGIN_MAX_FAILURES = 10;
const MESSAGE_COST = 100;
const CHAT_SENDS = 30;
const CHAT_CREDITS_FOR = 20;
const PURCHASES = 20;

const failures = [];
const results = [];

function check(name, ok, detail) {
  (ok ? results : failures).push(name);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}`);
}

function tally(statuses) {
  return statuses.reduce((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
}

async function run([one, two], database) {
  const both = [one, two];
  const password = "two instances password";
  const stamp = randomUUID().slice(0, 8);
  const email = (name) => `${name}-${stamp}@example.test`;

  // A business of our own, made through the API like any customer would.
  const founder = await expectStatus(
    api(one, "POST", "/api/auth/register", { body: { email: email("admin"), password, name: "Two Instances", businessName: `Two instances ${stamp}` } }),
    201,
    "register",
  );
  const admin = founder.access;
  await expectStatus(
    api(two, "PATCH", "/api/business", {
      token: admin,
      body: { settings: { messageCost: MESSAGE_COST, initialCredits: MESSAGE_COST * CHAT_CREDITS_FOR } },
    }),
    200,
    "business settings",
  );
  const member = async (name, role = "viewer") => {
    await expectStatus(api(one, "POST", "/api/users", { token: admin, body: { email: email(name), name, role, password } }), 201, `create ${name}`);
    const login = await expectStatus(api(two, "POST", "/api/auth/login", { body: { email: email(name), password } }), 200, `login ${name}`);
    return { id: login.user.id, token: login.access };
  };
  const submitted = await expectStatus(
    api(one, "POST", "/api/products", {
      token: admin,
      body: { name: `Standing desk ${stamp}`, description: "A desk that stands.", price: "499.00", stock: 1000, status: "pending_approval" },
    }),
    201,
    "create product",
  );
  // The founder created it and may not approve it (separation of duties): an approver does.
  const approver = await member("approver", "approver");
  const product = await expectStatus(api(two, "POST", `/api/products/${submitted.id}/approve`, { token: approver.token }), 200, "approve product");

  // (a) One Idempotency-Key, 20 concurrent requests alternating between the instances.
  const buyer = await member("buyer");
  const key = `two-instances-${stamp}`;
  const purchaseBody = { productId: product.id, expectedUnitPrice: product.price, quantity: 2 };
  const purchaseAnswers = await Promise.all(
    Array.from({ length: PURCHASES }, (_, i) =>
      api(both[i % 2], "POST", "/api/purchases", { token: buyer.token, body: purchaseBody, headers: { "idempotency-key": key } }),
    ),
  );
  const purchaseStatuses = tally(purchaseAnswers.map((answer) => answer.status));
  const purchaseIds = new Set(purchaseAnswers.filter((answer) => answer.status < 300).map((answer) => answer.body.id));
  const stored = await listAll(one, "/api/purchases", buyer.token);
  const productAfter = await expectStatus(api(two, "GET", `/api/products/${product.id}`), 200, "product after purchases");
  check(
    "idempotency",
    stored.length === 1 &&
      purchaseStatuses[201] === 1 &&
      purchaseIds.size === 1 &&
      purchaseIds.has(stored[0]?.id) &&
      purchaseAnswers.every((answer) => [200, 201, 409].includes(answer.status)) &&
      productAfter.stock === 1000 - purchaseBody.quantity,
    `${PURCHASES} same-key purchases over 2 instances → ${stored.length} purchase stored, statuses ${JSON.stringify(purchaseStatuses)}, stock ${productAfter.stock}`,
  );

  // (b) Credits for CHAT_CREDITS_FOR messages, CHAT_SENDS concurrent sends alternating between the instances.
  const chatter = await member("chatter");
  const session = await expectStatus(api(one, "POST", "/api/chat/sessions", { token: chatter.token, body: { title: "Burst" } }), 201, "create session");
  const chatAnswers = await Promise.all(
    Array.from({ length: CHAT_SENDS }, (_, i) =>
      api(both[i % 2], "POST", "/api/chat", { token: chatter.token, body: { message: `standing desk ${i}`, sessionId: session.id } }),
    ),
  );
  const chatStatuses = tally(chatAnswers.map((answer) => answer.status));
  const balance = await expectStatus(api(two, "GET", "/api/chat/balance", { token: chatter.token }), 200, "balance");
  const ledger = await listAll(one, `/api/business/credits?userId=${chatter.id}`, admin);
  const ledgerSum = ledger.reduce((sum, entry) => sum + entry.amount, 0);
  const refusedRight = chatAnswers.filter((answer) => answer.status === 402).every((answer) => answer.body.error === "insufficient_credits");
  check(
    "credit reservations",
    chatStatuses[200] === CHAT_CREDITS_FOR && chatStatuses[402] === CHAT_SENDS - CHAT_CREDITS_FOR && refusedRight && balance.credits === 0 && ledgerSum === 0,
    `${CHAT_SENDS} sends with credits for ${CHAT_CREDITS_FOR} over 2 instances → statuses ${JSON.stringify(chatStatuses)}, balance ${balance.credits}, ledger sum ${ledgerSum} over ${ledger.length} rows`,
  );

  // (c) Twice the limit of wrong passwords for one account from one address, alternating instances.
  await member("target");
  const loginAnswers = await Promise.all(
    Array.from({ length: LOGIN_MAX_FAILURES * 2 }, (_, i) =>
      api(both[i % 2], "POST", "/api/auth/login", { body: { email: email("target"), password: `wrong password ${i}` } }),
    ),
  );
  const loginStatuses = tally(loginAnswers.map((answer) => answer.status));
  const limited = loginAnswers.filter((answer) => answer.status === 429);
  const next = await api(one, "POST", "/api/auth/login", { body: { email: email("target"), password: "wrong password again" } });
  check(
    "login limit",
    loginStatuses[401] === LOGIN_MAX_FAILURES &&
      loginStatuses[429] === LOGIN_MAX_FAILURES &&
      limited.every((answer) => Number(answer.headers.get("retry-after")) >= 1) &&
      next.status === 429,
    `${LOGIN_MAX_FAILURES * 2} failures over 2 instances (limit ${LOGIN_MAX_FAILURES}) → statuses ${JSON.stringify(loginStatuses)}, the next one ${next.status}`,
  );

  // (d) A stream held on instance 2, messages sent through instance 1.
  const talker = await member("talker");
  const stream = await openEvents(two, talker.token);
  // An admin's stream on instance 1 too, so both instances hold a LISTEN connection.
  const adminStream = await openEvents(one, admin);
  const sendAndTime = async (text) => {
    const sentAt = Date.now();
    const answer = await expectStatus(api(one, "POST", "/api/chat", { token: talker.token, body: { message: text } }), 200, `send ${text}`);
    const arrived = await stream.waitFor((event) => event.type === "message" && event.data.message?.id === answer.message.id, 5000);
    return { ms: arrived ? arrived.at - sentAt : null, sessionId: answer.sessionId };
  };
  const before = await sendAndTime("standing desk please");
  // Kill every LISTEN connection of the database; each instance must listen again and catch up.
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  const killed = await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`;
  await sql.end();
  const after = await sendAndTime("a lamp for the desk");
  const ids = stream.events.map((event) => Number(event.id));
  const ordered = ids.every((id, index) => index === 0 || id > ids[index - 1]);
  // Instance 1's own listener came back as well: the admin sees both messages there.
  const adminSaw = await adminStream.waitFor((event) => event.type === "message" && event.data.message?.content === "a lamp for the desk", 5000);
  stream.close();
  adminStream.close();
  check(
    "live events across instances",
    before.ms !== null && before.ms <= 1000 && after.ms !== null && killed.length >= 2 && adminSaw !== null && ordered && new Set(ids).size === ids.length,
    `sent on instance 1, seen on instance 2 after ${before.ms} ms; ${killed.length} listening connections killed (one per instance), then after ${after.ms} ms, and on instance 1 ${adminSaw ? "too" : "NOT"}; ${ids.length} events, in order, none twice`,
  );
}

async function main() {
  const started = Date.now();
  const servers = [];
  const stopAll = stopOnExit(servers);
  let database;
  try {
    database = await freshDatabase("app_two_instances");
    const env = serverEnv(database.url, { LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES) });
    const ports = [await freePort(), await freePort()];
    // Both start at once on the empty database: their migrations must serialise.
    servers.push(startServer({ port: ports[0], env, label: "instance 1" }), startServer({ port: ports[1], env, label: "instance 2" }));
    const health = await Promise.all(servers.map(waitForHealth));
    check("startup", health.every((h) => h.db === "postgres"), `both instances healthy on one Postgres (${database.name}) in ${Math.round((Date.now() - started) / 1000)} s`);
    await run(servers, database);
  } catch (error) {
    check("run", false, error instanceof Error ? (error.stack ?? error.message) : String(error));
    for (const server of servers) console.error(`--- ${server.label} log (tail) ---\n${server.log.slice(-40).join("")}`);
  } finally {
    stopAll();
    await Promise.all(servers.map(exited));
    await database?.drop();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`two instances: ${results.length} passed, ${failures.length} failed (${seconds} s)`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
