import { createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import * as sessionRoute from "@/app/api/chat/sessions/[id]/route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as typingRoute from "@/app/api/chat/sessions/[id]/typing/route";
import * as takeoverRoute from "@/app/api/inbox/[sessionId]/takeover/route";
import * as readRoute from "@/app/api/inbox/[sessionId]/read/route";
import * as userRoute from "@/app/api/users/[id]/route";
import { DELETE as revokeKeyRoute } from "@/app/api/api-keys/[id]/route";
import { POST as rotateIdentitySecretRoute } from "@/app/api/business/identity-secret/route";
import * as eventsRoute from "@/app/api/events/route";
import { POST as widgetSessionsPost } from "@/app/api/widget/sessions/route";
import { POST as creditsPost } from "@/app/api/business/credits/route";
import { POST as purchasesPost } from "@/app/api/purchases/route";
import { getAppDatabase, getDb, transaction } from "@/db/client";
import { businesses, events, users } from "@/db/schema";
import { requireChatCaller } from "@/lib/auth/caller";
import { getEventBus } from "@/lib/events/bus";
import { AWAY_AFTER_MS } from "@/lib/events/presence";
import { openEventStream as openStreamDirectly } from "@/lib/events/stream";
import { insertEvents, type NewEvent } from "@/lib/events/queries";
import { createApiKey, createBusiness, createProduct, createTeam, createUser } from "@/test/factories";
import { openEventStream, type StreamItem } from "@/test/event-stream";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
const open: { close: () => void }[] = [];

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
});

afterEach(() => {
  for (const stream of open.splice(0)) stream.close();
});

async function stream(input: Parameters<typeof openEventStream>[0]) {
  const opened = await openEventStream(input);
  open.push(opened);
  return opened;
}

async function member(role: "viewer" | "admin" = "viewer", businessId = team.business.id) {
  const user = await createUser({ businessId, role, credits: 4000 });
  return { user, token: await tokenFor(user) };
}

function send(token: string, body: Record<string, unknown>) {
  return callRoute(chatPost, { token, body });
}

/** An event's data (a resync has none). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read payloads without narrowing them first
const dataOf = (item: StreamItem | null | undefined): any => (item && "data" in item ? item.data : null);

const summary = (items: (StreamItem | null)[]) =>
  items.map((item) => {
    if (!item) return null;
    if (item.type === "resync") return "resync";
    const data = dataOf(item) as { action?: string; message?: { role: string; status: string } };
    return [item.type, data.action, data.message ? `${data.message.role}:${data.message.status}` : undefined].filter(Boolean).join(" ");
  });

describe("GET /api/events", () => {
  it("opens with retry and no events; 401 without a token, 403 for an API key", async () => {
    const { token } = await member();
    const opened = await stream({ token });
    expect(opened.response.status).toBe(200);
    expect(opened.response.headers.get("content-type")).toContain("text/event-stream");
    expect(await opened.drain(200)).toEqual([]);
    expect(opened.raw()).toContain("retry: 3000");
    // The first event says where the stream stands, so a reconnect before any other event can resume.
    expect(opened.raw()).toMatch(/^retry: 3000\n\nid: \d+\nevent: ready\ndata: \{\}\n\n/);

    const anonymous = await stream({});
    expect(anonymous.response.status).toBe(401);
    const { key } = await createApiKey({ businessId: team.business.id });
    const keyed = await stream({ headers: { "x-api-key": key } });
    expect(keyed.response.status).toBe(403);
    expect((await keyed.response.json()).error).toBe("forbidden");
  });

  it("a member's message reaches their own second stream and every admin of the business — never another user or business", async () => {
    const author = await member();
    const colleague = await member();
    const admin = await member("admin");
    const strangerAdmin = await member("admin", other.business.id);
    const own = await stream({ token: author.token });
    const ownSecond = await stream({ token: author.token });
    const colleagues = await stream({ token: colleague.token });
    const admins = await stream({ token: admin.token });
    const strangers = await stream({ token: strangerAdmin.token });

    const sent = await send(author.token, { message: "standing desk?" });
    expect(sent.status).toBe(200);
    const expected = ["session created", "message created user:complete", "message created assistant:streaming", "credits", "message completed assistant:complete"];
    const seen = await Promise.all([own, ownSecond, admins].map((reader) => reader.take(5)));
    for (const items of seen) expect(summary(items)).toEqual(expected);
    expect(await colleagues.drain()).toEqual([]);
    expect(await strangers.drain()).toEqual([]);

    // The events carry what other tabs need to show the change without a reload.
    const [session, question, , credits, answer] = seen[1]!.map(dataOf);
    expect(session).toMatchObject({ action: "created", session: { id: sent.body.sessionId, title: "standing desk?" } });
    expect(question).toMatchObject({ sessionId: sent.body.sessionId, message: { role: "user", content: "standing desk?" } });
    expect(credits).toEqual({ userId: author.user.id, balance: sent.body.credits });
    expect(answer).toMatchObject({ message: { id: sent.body.message.id, content: sent.body.response, status: "complete" } });
  });

  it("Last-Event-ID replays exactly the missed events, in order, then goes on live", async () => {
    const author = await member();
    const live = await stream({ token: author.token });
    const created = await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "Replay" } });
    const [createdEvent] = await live.take(1);
    live.close();

    await callRoute(sessionRoute.PATCH, { token: author.token, params: { id: created.body.id }, body: { title: "Renamed once" } });
    await callRoute(sessionRoute.PATCH, { token: author.token, params: { id: created.body.id }, body: { title: "Renamed twice" } });
    await send(author.token, { message: "hello", sessionId: created.body.id });

    const again = await stream({ token: author.token, lastEventId: (createdEvent as { id: string }).id });
    const missed = await again.take(6);
    expect(summary(missed)).toEqual([
      "session renamed",
      "session renamed",
      "message created user:complete",
      "message created assistant:streaming",
      "credits",
      "message completed assistant:complete",
    ]);
    expect(missed.map((item) => dataOf(item).session?.title).slice(0, 2)).toEqual(["Renamed once", "Renamed twice"]);
    const ids = missed.map((item) => Number((item as { id: string }).id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    await callRoute(sessionRoute.DELETE, { token: author.token, params: { id: created.body.id } });
    expect(summary(await again.take(1))).toEqual(["session deleted"]);
    expect(await again.drain()).toEqual([]);
  });

  it("a replay leaves out typing signals, which may long be over, and keeps their ends; live ones still come", async () => {
    const author = await member();
    const agent = await member("admin");
    const watcher = await member("admin");
    const live = await stream({ token: watcher.token });
    const created = await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "Typing" } });
    const [createdEvent] = await live.take(1);
    live.close();

    const typing = (token: string, on: boolean) => callRoute(typingRoute.POST, { token, params: { id: created.body.id }, body: { on } });
    expect((await typing(author.token, true)).status).toBe(204);
    expect((await typing(agent.token, true)).status).toBe(204);
    expect((await typing(author.token, false)).status).toBe(204);
    await callRoute(sessionRoute.PATCH, { token: author.token, params: { id: created.body.id }, body: { title: "Still typing?" } });

    const signal = (item: StreamItem | null | undefined) => `${item?.type} ${dataOf(item)?.who?.kind ?? dataOf(item)?.action} ${dataOf(item)?.on ?? ""}`.trim();
    for (const reader of [watcher, author]) {
      const again = await stream({ token: reader.token, lastEventId: (createdEvent as { id: string }).id });
      expect((await again.take(2)).map(signal)).toEqual(["typing owner false", "session renamed"]);
      expect(await again.drain()).toEqual([]);
      again.close();
    }

    const resumed = await stream({ token: watcher.token, lastEventId: (createdEvent as { id: string }).id });
    await resumed.take(2);
    const other = await member("admin");
    expect((await typing(other.token, true)).status).toBe(204);
    expect((await resumed.take(1)).map(signal)).toEqual(["typing agent true"]);
  });

  it("a burst of events reaches every stream whole, once each and in id order", async () => {
    const author = await member();
    const admin = await member("admin");
    const [own, admins] = [await stream({ token: author.token }), await stream({ token: admin.token })];
    const created = await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "Burst" } });
    const titles = Array.from({ length: 30 }, (_, i) => `Burst ${i}`);
    const renamed = await Promise.all(
      titles.map((title) => callRoute(sessionRoute.PATCH, { token: author.token, params: { id: created.body.id }, body: { title } })),
    );
    expect(renamed.every((response) => response.status === 200)).toBe(true);
    const seen = await Promise.all([own, admins].map((reader) => reader.take(31)));
    for (const items of seen) {
      const ids = items.map((item) => Number((item as { id: string }).id));
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      expect(items.slice(1).map((item) => dataOf(item).session.title).sort()).toEqual([...titles].sort());
    }
    expect(seen[1]!.map((item) => (item as { id: string }).id)).toEqual(seen[0]!.map((item) => (item as { id: string }).id));
    expect(await own.drain()).toEqual([]);
  });

  it("a client whose last event is no longer kept gets one resync, then live events", async () => {
    const author = await member();
    const live = await stream({ token: author.token });
    await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "Old" } });
    const [old] = await live.take(1);
    // The retention sweep removed it (and everything of that age).
    await getDb().delete(events).where(sql`${events.id} <= ${Number((old as { id: string }).id)}`);

    const again = await stream({ token: author.token, lastEventId: (old as { id: string }).id });
    expect(summary(await again.take(1))).toEqual(["resync"]);
    await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "New" } });
    expect(summary(await again.take(1))).toEqual(["session created"]);

    // An id from the future (another database) is no position either.
    const future = await stream({ token: author.token, lastEventId: "999999999" });
    expect(summary(await future.take(1))).toEqual(["resync"]);
  });

  it("a website visitor streams their own conversation's events, never the business's credits or other visitors'", async () => {
    const business = await createBusiness({ wallet: 1000, messageCost: 1 });
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable" });
    const start = (anonymousId: string) => callRoute(widgetSessionsPost, { headers: { "x-api-key": key }, body: { anonymousId } });
    const visitor = await start("events-visitor-0001");
    const otherVisitor = await start("events-visitor-0002");
    const mine = await stream({ token: visitor.body.token });
    const theirs = await stream({ token: otherVisitor.body.token });
    const admin = await member("admin", business.id);
    const admins = await stream({ token: admin.token });

    expect((await send(visitor.body.token, { message: "hello" })).status).toBe(200);
    expect(summary(await mine.take(4))).toEqual([
      "session created",
      "message created user:complete",
      "message created assistant:streaming",
      "message completed assistant:complete",
    ]);
    expect(await mine.drain()).toEqual([]);
    expect(await theirs.drain()).toEqual([]);
    // Admins also see the wallet move.
    expect(summary(await admins.take(5))).toContain("credits");
  });

  it("a visitor learns the name of the person who takes their conversation over, types in it and reads it, never their account id; admins get both", async () => {
    const business = await createBusiness({ wallet: 1000, messageCost: 1 });
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable" });
    const visitor = await callRoute(widgetSessionsPost, { headers: { "x-api-key": key }, body: { anonymousId: "events-visitor-0003" } });
    expect((await send(visitor.body.token, { message: "hello" })).status).toBe(200);
    const sessionId = (await callRoute(sessionsRoute.GET, { token: visitor.body.token })).body.results[0].id as string;
    const admin = await member("admin", business.id);
    const mine = await stream({ token: visitor.body.token });
    const admins = await stream({ token: admin.token });

    expect((await callRoute(takeoverRoute.POST, { token: admin.token, params: { sessionId } })).status).toBe(200);
    expect((await callRoute(typingRoute.POST, { token: admin.token, params: { id: sessionId }, body: { on: true } })).status).toBeLessThan(300);
    const [handoff, typing] = (await mine.take(2)).map(dataOf);
    expect(handoff).toMatchObject({ action: "handoff", status: "with_person", agent: { name: admin.user.name } });
    expect(handoff.agent).toEqual({ name: admin.user.name });
    expect(typing).toMatchObject({ sessionId, on: true, who: { kind: "agent", name: admin.user.name } });
    expect(typing.who).toEqual({ kind: "agent", name: admin.user.name });
    expect((await send(visitor.body.token, { message: "still there?", sessionId })).status).toBe(200);
    const question = (await mine.take(1)).map(dataOf)[0].message;
    expect(question).toMatchObject({ role: "user", content: "still there?" });
    expect((await callRoute(readRoute.POST, { token: admin.token, params: { sessionId }, body: { upToMessageId: question.id } })).status).toBe(200);
    const seen = (await mine.drain()).map(dataOf).find((data) => data?.by);
    expect(seen.by).toEqual({ name: admin.user.name });
    expect(JSON.stringify([handoff, typing, seen])).not.toContain(admin.user.id);
    // The admins' inbox tells its people apart by id.
    const seenByAdmins = (await admins.drain()).map(dataOf);
    expect(seenByAdmins.find((data) => data?.agent)?.agent).toEqual({ id: admin.user.id, name: admin.user.name });
    expect(seenByAdmins.find((data) => data?.who)?.who).toEqual({ kind: "agent", id: admin.user.id, name: admin.user.name });
    expect(seenByAdmins.find((data) => data?.by)?.by).toEqual({ id: admin.user.id, name: admin.user.name });
  });

  it("a verified visitor does not hear the conversations the business's server holds with the same end user over the API", async () => {
    const business = await createBusiness({ wallet: 1000, messageCost: 1 });
    const secretKey = (await createApiKey({ businessId: business.id })).key;
    const publishable = (await createApiKey({ businessId: business.id, kind: "publishable" })).key;
    const [row] = await getDb().select({ secret: businesses.identitySecret }).from(businesses).where(eq(businesses.id, business.id));
    const userHash = createHmac("sha256", row!.secret!).update("ann@example.com").digest("hex");
    const visitor = await callRoute(widgetSessionsPost, { headers: { "x-api-key": publishable }, body: { userIdentifier: "ann@example.com", userHash } });
    expect(visitor.status).toBe(201);
    const ann = await stream({ token: visitor.body.token });

    const server = await callRoute(chatPost, { headers: { "x-api-key": secretKey }, body: { userIdentifier: "ann@example.com", message: "Internal note about ann" } });
    expect(server.status).toBe(200);
    expect(await ann.drain(300)).toEqual([]);

    // Her own widget conversation she does hear.
    expect((await send(visitor.body.token, { message: "hello" })).status).toBe(200);
    expect(summary(await ann.take(4))).toEqual([
      "session created",
      "message created user:complete",
      "message created assistant:streaming",
      "message completed assistant:complete",
    ]);
  });

  it("a purchase and an admin's credit grant reach the buyer's streams and the admins', nobody else's", async () => {
    const buyer = await member();
    const colleague = await member();
    const admin = await member("admin");
    const [mine, theirs, admins] = [await stream({ token: buyer.token }), await stream({ token: colleague.token }), await stream({ token: admin.token })];
    const product = await createProduct({ businessId: team.business.id, status: "approved", price: "12.00", stock: 5 });
    const bought = await callRoute(purchasesPost, { token: buyer.token, body: { productId: product.id, quantity: 2, expectedUnitPrice: "12.00" } });
    expect(bought.status).toBe(201);
    const granted = await callRoute(creditsPost, { token: admin.token, body: { userId: buyer.user.id, amount: 50, reason: "thanks" } });
    expect(granted.status).toBe(201);
    for (const reader of [mine, admins]) {
      const [purchase, credits] = await reader.take(2);
      expect(dataOf(purchase)).toMatchObject({ purchase: { id: bought.body.id, quantity: 2, total: "24.00" } });
      expect(dataOf(credits)).toEqual({ userId: buyer.user.id, balance: granted.body.balance });
    }
    expect(await theirs.drain()).toEqual([]);
  });

  it("presence: admins see a member come online when a stream opens and go away when the last one closes", async () => {
    const admin = await member("admin");
    const watcher = await stream({ token: admin.token, ignore: [] });
    const visitor = await member();
    const presenceOf = async () => {
      for (;;) {
        // "Away" is said only once no stream came back for AWAY_AFTER_MS.
        const item = await watcher.next(AWAY_AFTER_MS + 3_000);
        if (!item) return null;
        if (item.type === "presence" && dataOf(item).userId === visitor.user.id) return dataOf(item);
      }
    };
    const first = await openEventStream({ token: visitor.token });
    expect(await presenceOf()).toMatchObject({ online: true, lastSeenAt: expect.any(String) });
    // A second tab of someone already online announces nothing; closing one of two leaves them online.
    const second = await openEventStream({ token: visitor.token });
    second.close();
    first.close();
    expect(await presenceOf()).toMatchObject({ online: false });
    expect(await presenceOf()).toBeNull();
    const [seen] = await getDb().select({ lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, visitor.user.id));
    expect(seen!.lastSeenAt).not.toBeNull();
  });

  it("a fresh stream stands at its own business's newest event, so one of its events still committing when it opens is delivered (concurrent commits: Postgres)", async () => {
    const author = await member();
    const stranger = await member("viewer", other.business.id);
    await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "Ours" } });
    await callRoute(sessionsRoute.POST, { token: stranger.token, body: { title: "Theirs" } });
    const [ours] = await getDb().select({ id: sql<number>`max(${events.id})` }).from(events).where(eq(events.businessId, team.business.id));
    const readyId = (opened: { raw: () => string }) => Number(/id: (\d+)\nevent: ready/.exec(opened.raw())?.[1]);
    const fresh = await stream({ token: author.token });
    await expect.poll(() => readyId(fresh)).toBe(Number(ours!.id));

    const database = getAppDatabase();
    if (database.kind !== "postgres") return; // one connection: no transaction can be open while a stream opens
    // This business's event draws its id and waits to commit; another business's, with a larger id, commits first.
    const read = (businessId: string, userId: string): NewEvent => ({ businessId, type: "read", userId, endUserId: null, forAdmins: true, sessionId: null, data: { sessionId: "00000000-0000-4000-8000-000000000000" } });
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    let drawn!: (id: number) => void;
    const ownId = new Promise<number>((resolve) => (drawn = resolve));
    const pending = transaction(async (tx) => {
      const [row] = await insertEvents(tx, { businessId: team.business.id, rows: [read(team.business.id, author.user.id)] });
      drawn(row!.id);
      await mayCommit;
    });
    const held = await ownId;
    const [theirs] = await transaction((tx) => insertEvents(tx, { businessId: other.business.id, rows: [read(other.business.id, stranger.user.id)] }));
    expect(theirs!.id).toBeGreaterThan(held);
    const opening = await stream({ token: author.token });
    await expect.poll(() => readyId(opening)).toBeLessThan(held);
    commit();
    await pending;
    const [delivered] = await opening.take(1);
    expect(delivered).toMatchObject({ type: "read", id: String(held) });
  });

  it("an admin demoted or deactivated while their stream is open loses it at once; a change to someone else keeps it", async () => {
    const boss = await member("admin");
    const demoted = await member("admin");
    const deactivated = await member("admin");
    const bystander = await member("admin");
    const streams = { demoted: await stream({ token: demoted.token }), deactivated: await stream({ token: deactivated.token }), bystander: await stream({ token: bystander.token }) };
    // Opened: each has received its `ready`.
    for (const opened of Object.values(streams)) await expect.poll(() => opened.raw()).toContain("event: ready");

    expect((await callRoute(userRoute.PATCH, { token: boss.token, params: { id: demoted.user.id }, body: { role: "viewer" } })).status).toBe(200);
    expect((await callRoute(userRoute.DELETE, { token: boss.token, params: { id: deactivated.user.id } })).status).toBe(204);
    await expect.poll(() => streams.demoted.ended()).toBe(true);
    await expect.poll(() => streams.deactivated.ended()).toBe(true);
    expect(streams.bystander.ended()).toBe(false);

    // The admin left alone still hears what admins hear.
    const author = await member();
    await send(author.token, { message: "a lamp?" });
    expect(summary(await streams.bystander.take(1))).toEqual(["session created"]);
    // A demoted member reconnecting is let in, and hears only their own events from now on.
    const again = await stream({ token: demoted.token });
    expect(again.response.status).toBe(200);
    await send(author.token, { message: "a desk?" });
    await send(demoted.token, { message: "a chair?" });
    expect(summary(await again.take(1))).toEqual(["session created"]);
    expect(dataOf((await again.take(1))[0])).toMatchObject({ message: { role: "user", content: "a chair?" } });
  });

  it("a visitor's stream ends at once when its key is revoked or the identity secret that verified them is rotated; other visitors' go on", async () => {
    const business = await createBusiness();
    const admin = await member("admin", business.id);
    const [revoked, kept] = await Promise.all([createApiKey({ businessId: business.id, kind: "publishable" }), createApiKey({ businessId: business.id, kind: "publishable" })]);
    const mint = async (key: string, body: Record<string, unknown>) => (await callRoute(widgetSessionsPost, { headers: { "x-api-key": key }, body })).body.token as string;
    const [secret] = await getDb().select({ value: businesses.identitySecret }).from(businesses).where(eq(businesses.id, business.id));
    const userHash = createHmac("sha256", secret!.value).update("ann@example.com").digest("hex");
    const streams = {
      ofRevokedKey: await stream({ token: await mint(revoked.key, { anonymousId: "revoked-key-visitor-01" }) }),
      verified: await stream({ token: await mint(kept.key, { userIdentifier: "ann@example.com", userHash }) }),
      anonymous: await stream({ token: await mint(kept.key, { anonymousId: "kept-key-visitor-0001" }) }),
    };
    for (const opened of Object.values(streams)) await expect.poll(() => opened.raw()).toContain("event: ready");

    expect((await callRoute(revokeKeyRoute, { token: admin.token, method: "DELETE", params: { id: revoked.apiKey.id } })).status).toBe(200);
    await expect.poll(() => streams.ofRevokedKey.ended()).toBe(true);
    expect([streams.verified.ended(), streams.anonymous.ended()]).toEqual([false, false]);

    expect((await callRoute(rotateIdentitySecretRoute, { token: admin.token, method: "POST" })).status).toBe(200);
    await expect.poll(() => streams.verified.ended()).toBe(true);
    expect(streams.anonymous.ended()).toBe(false);
  });

  it("a visitor's stream ends when the key behind their token expires", async () => {
    const business = await createBusiness();
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable", expiresAt: new Date(Date.now() + 1500) });
    const token = (await callRoute(widgetSessionsPost, { headers: { "x-api-key": key }, body: { anonymousId: "expiring-key-visitor" } })).body.token;
    const opened = await stream({ token });
    await expect.poll(() => opened.raw()).toContain("event: ready");
    expect(opened.ended()).toBe(false);
    await expect.poll(() => opened.ended(), { timeout: 5000 }).toBe(true);
  });

  it("a stream whose reader left while it was opening is closed rather than kept", async () => {
    const { token } = await member();
    const before = getEventBus().subscriberCount;
    const controller = new AbortController();
    const request = new NextRequest("http://localhost/api/events", { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, signal: controller.signal });
    const opening = eventsRoute.GET(request, { params: Promise.resolve({}) });
    controller.abort();
    await opening;
    await expect.poll(() => getEventBus().subscriberCount).toBe(before);
  });

  it("a stream ends when the credential that opened it expires", async () => {
    const author = await member();
    const caller = await requireChatCaller(new Request("http://localhost/", { headers: { authorization: `Bearer ${author.token}` } }));
    const opened = await openStreamDirectly(caller, { lastEventId: null, authorizedUntil: Date.now() + 400 });
    const body = await new Response(opened.response.body).text();
    expect(body).toMatch(/event: ready/);
    await expect(openStreamDirectly(caller, { lastEventId: null, authorizedUntil: Date.now() - 1 })).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("a business without events stands at 0, and a reconnect from there replays what came since", async () => {
    const fresh = await createTeam();
    const owner = await member("viewer", fresh.business.id);
    const first = await stream({ token: owner.token });
    await expect.poll(() => first.raw()).toMatch(/id: 0\nevent: ready/);
    first.close();
    await callRoute(sessionsRoute.POST, { token: owner.token, body: { title: "First of all" } });
    const again = await stream({ token: owner.token, lastEventId: "0" });
    const [created] = await again.take(1);
    expect(dataOf(created)).toMatchObject({ action: "created", session: { title: "First of all" } });
  });

  it("closing a stream unsubscribes it", async () => {
    const { token } = await member();
    const before = getEventBus().subscriberCount;
    const opened = await stream({ token });
    expect(getEventBus().subscriberCount).toBe(before + 1);
    opened.close();
    await expect.poll(() => getEventBus().subscriberCount).toBe(before);
  });

  it("after the listening connection is killed, it comes back and delivers what was committed meanwhile (Postgres); the embedded engine listens in-process", async () => {
    const author = await member();
    const live = await stream({ token: author.token });
    const database = getAppDatabase();
    if (database.kind === "postgres") {
      const [killed] = await database.postgresClient!<{ pid: number }[]>`
        select pg_terminate_backend(pid) as pid from pg_stat_activity
        where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`;
      expect(killed).toBeDefined();
    }
    await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "While away" } });
    await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "And again" } });
    const items = await live.take(2, 10_000);
    expect(items.map((item) => dataOf(item).session.title)).toEqual(["While away", "And again"]);
    expect(await live.drain()).toEqual([]);
  });
});

describe("event retention", () => {
  it("events older than two days are swept; a client whose last event went gets resync", async () => {
    const { sweepOldEvents, EVENT_RETENTION_MS } = await import("@/lib/events/retention");
    const author = await member();
    const live = await stream({ token: author.token });
    await callRoute(sessionsRoute.POST, { token: author.token, body: { title: "Kept?" } });
    const [created] = await live.take(1);
    const id = Number((created as { id: string }).id);
    // Not yet two days old: kept.
    await sweepOldEvents(new Date(Date.now() + EVENT_RETENTION_MS - 60_000));
    expect(await getDb().select().from(events).where(sql`${events.id} = ${id}`)).toHaveLength(1);
    await sweepOldEvents(new Date(Date.now() + EVENT_RETENTION_MS + 60_000));
    expect(await getDb().select().from(events).where(sql`${events.id} = ${id}`)).toHaveLength(0);
    const again = await stream({ token: author.token, lastEventId: String(id) });
    expect(summary(await again.take(1))).toEqual(["resync"]);
  });
});
