import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, businesses, chatMessages, chatSessions, creditTransactions, endUsers, productRevisions, purchases, type ProductCard } from "@/db/schema";
import { updateBusiness } from "@/lib/business/service";
import { createSession } from "@/lib/chat/service";
import { deleteProduct } from "@/lib/products/service";
import { createInvite } from "@/lib/users/service";
import { actorOf, createBusiness, createProduct, createUser, memberCaller } from "@/test/factories";
import { dismissFirstRun, getDashboardStats } from "./service";

const DAY = 86_400_000;
const now = new Date();
const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
/** An instant `days` UTC days before today, `offsetMs` after that day's midnight. */
const dayAt = (days: number, offsetMs: number) => new Date(midnight - days * DAY + offsetMs);
const isoDay = (days: number) => new Date(midnight - days * DAY).toISOString().slice(0, 10);
const HOUR = 3_600_000;

type Fixture = Awaited<ReturnType<typeof buildBusiness>>;

/**
 * A business whose every dashboard number is known. Times are placed on the window edges:
 * today, 3 and 6 days ago (inside 7d), 7 days ago late evening (outside 7d, inside 30d),
 * 29 days ago just after midnight (inside 30d) and 30 days ago (outside).
 */
async function buildBusiness(label: string) {
  const db = getDb();
  const business = await createBusiness({ name: `Dashboard ${label}` });
  const admin = await createUser({ businessId: business.id, role: "admin", name: `${label} Ada Admin` });
  const editor = await createUser({ businessId: business.id, role: "editor", name: `${label} Eve Editor` });
  const approver = await createUser({ businessId: business.id, role: "approver", name: `${label} Abe Approver` });
  const viewer = await createUser({ businessId: business.id, role: "viewer", name: `${label} Vic Viewer` });
  const gone = await createUser({ businessId: business.id, role: "viewer", name: `${label} Gus Gone`, active: false });

  const product = (status: "draft" | "pending_approval" | "approved" | "rejected", extra: object = {}) =>
    createProduct({ businessId: business.id, status, createdBy: editor.id, ...extra });
  await product("draft");
  await product("draft");
  const pendingNewest = await product("pending_approval", { name: `${label} pending newest`, submittedAt: dayAt(1, HOUR) });
  const pendingOldest = await product("pending_approval", { name: `${label} pending oldest`, submittedAt: dayAt(5, HOUR) });
  const pendingMiddle = await product("pending_approval", { name: `${label} pending middle`, submittedAt: dayAt(2, HOUR) });
  const lamp = await product("approved", { name: `${label} Lamp`, price: "10.00" });
  const chair = await product("approved", { name: `${label} Chair`, price: "5.50" });
  const desk = await product("approved", { name: `${label} Desk` });
  // A change to the live desk waits for review too (the approver's queue lists it beside new products).
  const deskChangeAt = dayAt(3, HOUR);
  await db.insert(productRevisions).values({
    productId: desk.id, businessId: business.id, name: desk.name, description: "Now in oak.", price: "1.00",
    status: "pending_approval", createdBy: editor.id, submittedBy: editor.id, submittedAt: deskChangeAt,
  });
  await product("approved");
  await product("rejected");

  const card = (p: { id: string; name: string }): ProductCard => ({ id: p.id, name: `old name of ${p.name}`, price: "1.00", category: null });
  const [s1, s2, s3] = await db
    .insert(chatSessions)
    .values([
      { businessId: business.id, userId: viewer.id, title: "desks", createdAt: dayAt(6, HOUR) },
      { businessId: business.id, userId: viewer.id, title: "lamps", createdAt: dayAt(0, 1000) },
      { businessId: business.id, userId: admin.id, title: "old", createdAt: dayAt(40, HOUR) },
    ])
    .returning();

  const user = (sessionId: string, userId: string, createdAt: Date) => ({
    businessId: business.id,
    sessionId,
    userId,
    role: "user" as const,
    content: "question",
    createdAt,
  });
  const assistant = (
    sessionId: string,
    userId: string,
    createdAt: Date,
    usage: { tokensUsed: number | null; costCents: string | null; productCards: ProductCard[] | null; status?: "error" },
  ) => ({
    businessId: business.id,
    sessionId,
    userId,
    role: "assistant" as const,
    content: "answer",
    status: usage.status ?? ("complete" as const),
    tokensUsed: usage.tokensUsed,
    costCents: usage.costCents,
    productCards: usage.productCards,
    createdAt: new Date(createdAt.getTime() + 1000),
  });
  await db.insert(chatMessages).values([
    user(s1!.id, viewer.id, dayAt(3, 12 * HOUR)),
    assistant(s1!.id, viewer.id, dayAt(3, 12 * HOUR), { tokensUsed: 150, costCents: "0.0300", productCards: [card(lamp), card(chair)] }),
    user(s1!.id, viewer.id, dayAt(6, 60_000)),
    // The same card twice in one answer is one mention.
    assistant(s1!.id, viewer.id, dayAt(6, 60_000), { tokensUsed: 50, costCents: "0.0100", productCards: [card(lamp), card(lamp)] }),
    user(s2!.id, viewer.id, dayAt(0, 1000)),
    assistant(s2!.id, viewer.id, dayAt(0, 1000), { tokensUsed: 200, costCents: "0.0450", productCards: [card(lamp)] }),
    user(s2!.id, viewer.id, dayAt(0, 5000)),
    assistant(s2!.id, viewer.id, dayAt(0, 5000), { tokensUsed: null, costCents: null, productCards: null, status: "error" }),
    user(s3!.id, admin.id, dayAt(7, 23 * HOUR)),
    assistant(s3!.id, admin.id, dayAt(7, 23 * HOUR), { tokensUsed: 100, costCents: "0.0200", productCards: [card(chair)] }),
    user(s3!.id, admin.id, dayAt(29, 60_000)),
    user(s3!.id, admin.id, dayAt(30, 12 * HOUR)),
    assistant(s3!.id, admin.id, dayAt(30, 12 * HOUR), { tokensUsed: 1000, costCents: "1.0000", productCards: [card(desk)] }),
    { businessId: business.id, sessionId: s3!.id, userId: admin.id, role: "system" as const, content: "note", createdAt: dayAt(0, 2000) },
  ]);

  const credit = (userId: string, kind: "message" | "refund" | "grant", amount: number, createdAt: Date) => ({
    businessId: business.id,
    userId,
    kind,
    amount,
    balanceAfter: 1000,
    createdAt,
  });
  await db.insert(creditTransactions).values([
    credit(viewer.id, "message", -100, dayAt(0, 1000)),
    credit(viewer.id, "message", -100, dayAt(0, 5000)),
    credit(viewer.id, "refund", 100, dayAt(0, 6000)),
    credit(viewer.id, "grant", 500, dayAt(0, 7000)),
    credit(viewer.id, "message", -100, dayAt(3, 12 * HOUR)),
    credit(viewer.id, "message", -100, dayAt(6, 60_000)),
    credit(admin.id, "message", -50, dayAt(7, 23 * HOUR)),
    credit(admin.id, "message", -100, dayAt(29, 60_000)),
    credit(admin.id, "message", -100, dayAt(30, 12 * HOUR)),
  ]);

  const purchase = (
    userId: string,
    item: { id: string | null; name: string },
    quantity: number,
    unitPrice: string,
    total: string,
    createdAt: Date,
  ) => ({ businessId: business.id, userId, productId: item.id, productName: item.name, quantity, unitPrice, total, createdAt });
  await db.insert(purchases).values([
    purchase(viewer.id, lamp, 2, "10.00", "20.00", dayAt(0, 2000)),
    purchase(viewer.id, chair, 1, "5.50", "5.50", dayAt(3, HOUR)),
    purchase(admin.id, lamp, 1, "12.00", "12.00", dayAt(40, HOUR)),
    // A purchase of a product deleted since keeps its snapshot.
    purchase(gone.id, { id: null, name: `${label} Old Rug` }, 1, "7.25", "7.25", dayAt(2, HOUR)),
  ]);

  return {
    business,
    admin,
    editor,
    approver,
    viewer,
    gone,
    lamp,
    chair,
    desk,
    pending: [pendingOldest, pendingMiddle, pendingNewest],
    deskChange: { id: desk.id, name: desk.name, submittedAt: deskChangeAt },
    label,
  };
}

function expectedStats(f: Fixture) {
  const series = Array.from({ length: 30 }, (_, index) => ({
    date: isoDay(29 - index),
    messages: 0,
    credits: 0,
    purchases: 0,
    revenue: "0.00",
  }));
  const day = (daysAgo: number) => series[29 - daysAgo]!;
  Object.assign(day(0), { messages: 2, credits: 100, purchases: 1, revenue: "20.00" });
  Object.assign(day(2), { purchases: 1, revenue: "7.25" });
  Object.assign(day(3), { messages: 1, credits: 100, purchases: 1, revenue: "5.50" });
  Object.assign(day(6), { messages: 1, credits: 100 });
  Object.assign(day(7), { messages: 1, credits: 50 });
  Object.assign(day(29), { messages: 1, credits: 100 });

  const usage = (
    u: { id: string; name: string; role: string; active: boolean; credits: number },
    counts: { sessions: number; messages: number; credits: number; purchases: number },
  ) => ({ userId: u.id, name: u.name, role: u.role, active: u.active, balance: u.credits, ...counts });
  const zero = { sessions: 0, messages: 0, credits: 0, purchases: 0 };

  return {
    users: { total: 5, active: 4, byRole: { admin: 1, editor: 1, approver: 1, viewer: 2 } },
    products: { byStatus: { draft: 2, pending_approval: 3, approved: 4, rejected: 1 } },
    pendingApprovals: {
      count: 4,
      oldest: [
        ...f.pending.map((p) => ({ id: p.id, name: p.name, kind: "product" as const, submittedAt: p.submittedAt! })),
        { ...f.deskChange, kind: "change" as const },
      ]
        .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
        .map((item) => ({ ...item, createdBy: f.editor.id, createdByName: f.editor.name, submittedAt: item.submittedAt.toISOString() })),
    },
    chat: { conversations: 3, messages: { today: 2, last7d: 4, last30d: 6 } },
    credits: { spent30d: 450 },
    tokens: { used30d: 500, costCents30d: "0.1050" },
    purchases: { count: 4, revenue: "44.75" },
    series,
    topProducts: {
      byPurchases: [
        { productId: f.lamp.id, name: f.lamp.name, purchases: 2, quantity: 3, revenue: "32.00" },
        { productId: null, name: `${f.label} Old Rug`, purchases: 1, quantity: 1, revenue: "7.25" },
        { productId: f.chair.id, name: f.chair.name, purchases: 1, quantity: 1, revenue: "5.50" },
      ],
      byMentions: [
        { productId: f.lamp.id, name: f.lamp.name, mentions: 3 },
        { productId: f.chair.id, name: f.chair.name, mentions: 2 },
        { productId: f.desk.id, name: f.desk.name, mentions: 1 },
      ],
    },
    usageByUser: [
      usage(f.viewer, { sessions: 2, messages: 4, credits: 300, purchases: 2 }),
      usage(f.admin, { sessions: 1, messages: 3, credits: 250, purchases: 1 }),
      usage(f.gone, { ...zero, purchases: 1 }),
      usage(f.approver, zero),
      usage(f.editor, zero),
    ],
    channels: {
      member: { sessions: { last7d: 2, last30d: 2 }, messages: { last7d: 4, last30d: 6 } },
      api: { sessions: { last7d: 0, last30d: 0 }, messages: { last7d: 0, last30d: 0 } },
      widget: { sessions: { last7d: 0, last30d: 0 }, messages: { last7d: 0, last30d: 0 } },
    },
    endUsers: { total: 0, verified: 0, active: { last7d: 0, last30d: 0 }, creditsSpent30d: 0, mostActive: [] },
    // Products, several members and conversations exist; the assistant keeps the name it started with.
    firstRun: { dismissed: false, done: { product: true, teammate: true, assistant: true, botName: false } },
    generatedAt: now.toISOString(),
    timeZone: "UTC",
  };
}

/**
 * End users of the fixture's business talking through the API and the widget, with wallet charges, on the
 * same window edges: none of it is a member's, so every member figure must stay as it was.
 */
async function addEndUserActivity(f: Fixture) {
  const db = getDb();
  const businessId = f.business.id;
  const [ada, bob, anon, idle] = await db
    .insert(endUsers)
    .values([
      { businessId, identifier: `${f.label}-ada@example.com`, verified: true, lastSeenAt: dayAt(0, 3 * HOUR) },
      { businessId, identifier: `${f.label}-bob`, verified: false, lastSeenAt: dayAt(10, 2 * HOUR) },
      { businessId, anonymousKey: `anon-${f.label}-${businessId}`, verified: false, lastSeenAt: dayAt(0, 4 * HOUR) },
      { businessId, identifier: `${f.label}-idle`, verified: true, lastSeenAt: dayAt(2, HOUR) },
    ])
    .returning();
  const session = (channel: "api" | "widget", endUserId: string | null, createdAt: Date) => ({
    businessId,
    channel,
    endUserId,
    title: `${channel} conversation`,
    createdAt,
  });
  const [apiAda, apiAnonymous, widgetAnon, widgetBob, widgetBobOld, apiAdaOld] = await db
    .insert(chatSessions)
    .values([
      session("api", ada!.id, dayAt(2, HOUR)),
      // A secret-key call that named no end user.
      session("api", null, dayAt(12, HOUR)),
      session("widget", anon!.id, dayAt(0, 2 * HOUR)),
      session("widget", bob!.id, dayAt(10, HOUR)),
      session("widget", bob!.id, dayAt(35, HOUR)),
      session("api", ada!.id, dayAt(40, HOUR)),
    ])
    .returning();
  const said = (s: { id: string; endUserId: string | null }, createdAt: Date) => ({
    businessId,
    sessionId: s.id,
    endUserId: s.endUserId,
    role: "user" as const,
    content: "end user question",
    createdAt,
  });
  const answered = (s: { id: string; endUserId: string | null }, createdAt: Date, tokensUsed: number, costCents: string, productCards: ProductCard[] | null) => ({
    businessId,
    sessionId: s.id,
    endUserId: s.endUserId,
    role: "assistant" as const,
    content: "answer",
    tokensUsed,
    costCents,
    productCards,
    createdAt: new Date(createdAt.getTime() + 1000),
  });
  const lampCard: ProductCard = { id: f.lamp.id, name: "Lamp", price: "10.00", category: null };
  await db.insert(chatMessages).values([
    said(apiAda!, dayAt(2, 2 * HOUR)),
    answered(apiAda!, dayAt(2, 2 * HOUR), 10, "0.0010", [lampCard]),
    said(apiAda!, dayAt(2, 3 * HOUR)),
    answered(apiAda!, dayAt(2, 3 * HOUR), 10, "0.0010", null),
    said(apiAdaOld!, dayAt(20, HOUR)),
    said(apiAdaOld!, dayAt(40, 2 * HOUR)),
    answered(apiAdaOld!, dayAt(40, 2 * HOUR), 1000, "1.0000", null),
    said(apiAnonymous!, dayAt(12, 2 * HOUR)),
    answered(apiAnonymous!, dayAt(12, 2 * HOUR), 20, "0.0020", null),
    said(widgetAnon!, dayAt(0, 3 * HOUR)),
    said(widgetAnon!, dayAt(0, 3 * HOUR + 60_000)),
    said(widgetAnon!, dayAt(0, 3 * HOUR + 120_000)),
    said(widgetBob!, dayAt(10, 2 * HOUR)),
    said(widgetBobOld!, dayAt(35, 2 * HOUR)),
  ]);
  const walletRow = (kind: "message" | "refund" | "grant" | "signup", amount: number, createdAt: Date, endUserId: string | null = null) => ({
    businessId,
    userId: null,
    endUserId,
    kind,
    amount,
    balanceAfter: 10_000,
    createdAt,
  });
  await db.insert(creditTransactions).values([
    walletRow("signup", 10_000, dayAt(45, HOUR)),
    walletRow("message", -100, dayAt(0, 3 * HOUR), anon!.id),
    walletRow("refund", 100, dayAt(0, 3 * HOUR + 1000), anon!.id),
    walletRow("message", -100, dayAt(2, 2 * HOUR), ada!.id),
    walletRow("message", -100, dayAt(12, 2 * HOUR)),
    walletRow("message", -100, dayAt(35, 2 * HOUR), bob!.id),
    walletRow("grant", 5_000, dayAt(1, HOUR)),
  ]);
  return { ada: ada!, bob: bob!, anon: anon!, idle: idle! };
}

describe("dashboard stats", () => {
  let a: Fixture;
  let b: Fixture;

  beforeAll(async () => {
    // Two businesses with the same shape of data: each must see exactly its own numbers.
    a = await buildBusiness("A");
    b = await buildBusiness("B");
  });

  it("computes every number exactly for the caller's business only", async () => {
    const started = performance.now();
    const stats = await getDashboardStats(actorOf(a.admin), { now });
    console.info(`dashboard stats on the fixture took ${(performance.now() - started).toFixed(1)} ms`);
    expect(stats).toEqual(expectedStats(a));
    expect(await getDashboardStats(actorOf(b.admin), { now })).toEqual(expectedStats(b));
  });

  it("counts end users' activity by channel, keeps it out of every member figure, and counts their model use in tokens", async () => {
    const c = await buildBusiness("C");
    const people = await addEndUserActivity(c);
    const stats = await getDashboardStats(actorOf(c.admin), { now });
    const members = expectedStats(c);
    expect(stats).toEqual({
      ...members,
      // Tokens, model cost and the assistant's recommendations cover every channel.
      tokens: { used30d: 500 + 40, costCents30d: "0.1090" },
      topProducts: {
        ...members.topProducts,
        byMentions: [{ ...members.topProducts.byMentions[0]!, mentions: 4 }, ...members.topProducts.byMentions.slice(1)],
      },
      channels: {
        member: { sessions: { last7d: 2, last30d: 2 }, messages: { last7d: 4, last30d: 6 } },
        api: { sessions: { last7d: 1, last30d: 2 }, messages: { last7d: 2, last30d: 4 } },
        widget: { sessions: { last7d: 1, last30d: 2 }, messages: { last7d: 3, last30d: 4 } },
      },
      endUsers: {
        total: 4,
        verified: 2,
        active: { last7d: 2, last30d: 3 },
        creditsSpent30d: 200,
        mostActive: [
          { endUserId: people.ada.id, identifier: "C-ada@example.com", verified: true, sessions: 2, messages: 4, lastSeenAt: dayAt(0, 3 * HOUR).toISOString() },
          { endUserId: people.anon.id, identifier: null, verified: false, sessions: 1, messages: 3, lastSeenAt: dayAt(0, 4 * HOUR).toISOString() },
          { endUserId: people.bob.id, identifier: "C-bob", verified: false, sessions: 2, messages: 2, lastSeenAt: dayAt(10, 2 * HOUR).toISOString() },
          { endUserId: people.idle.id, identifier: "C-idle", verified: true, sessions: 0, messages: 0, lastSeenAt: dayAt(2, HOUR).toISOString() },
        ],
      },
    });
    // Another business's end users never show up.
    expect(await getDashboardStats(actorOf(a.admin), { now })).toEqual(expectedStats(a));
  });

  it("names a product deleted since by what was shown and bought, without an id to link to", async () => {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const lamp = await createProduct({ businessId: business.id, status: "approved", name: "Brass lamp", createdBy: admin.id });
    const rug = await createProduct({ businessId: business.id, status: "approved", name: "Wool rug", createdBy: admin.id });
    const [session] = await getDb().insert(chatSessions).values({ businessId: business.id, userId: admin.id, title: "t" }).returning();
    const shown = (p: { id: string }, name: string): ProductCard => ({ id: p.id, name, price: "1.00", category: null });
    await getDb().insert(chatMessages).values([
      { businessId: business.id, sessionId: session!.id, userId: admin.id, role: "assistant", content: "a", productCards: [shown(lamp, "Brass lamp"), shown(rug, "Wool rug")] },
      { businessId: business.id, sessionId: session!.id, userId: admin.id, role: "assistant", content: "b", productCards: [shown(rug, "Wool rug")] },
    ]);
    await getDb()
      .insert(purchases)
      .values({ businessId: business.id, userId: admin.id, productId: rug.id, productName: "Wool rug", quantity: 1, unitPrice: "3.00", total: "3.00" });
    await deleteProduct(actorOf(admin), { productId: rug.id });

    const { topProducts } = await getDashboardStats(actorOf(admin), { now });
    expect(topProducts).toEqual({
      byPurchases: [{ productId: null, name: "Wool rug", purchases: 1, quantity: 1, revenue: "3.00" }],
      byMentions: [
        { productId: null, name: "Wool rug", mentions: 2 },
        { productId: lamp.id, name: "Brass lamp", mentions: 1 },
      ],
    });
  });

  it("zero-fills an empty business", async () => {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const stats = await getDashboardStats(actorOf(admin), { now });
    expect(stats.series).toHaveLength(30);
    expect(stats.series.every((d) => d.messages === 0 && d.credits === 0 && d.purchases === 0 && d.revenue === "0.00")).toBe(true);
    expect(stats.series.at(-1)!.date).toBe(isoDay(0));
    expect(stats.purchases).toEqual({ count: 0, revenue: "0.00" });
    expect(stats.tokens).toEqual({ used30d: 0, costCents30d: "0.0000" });
    expect(stats.topProducts).toEqual({ byPurchases: [], byMentions: [] });
    expect(stats.pendingApprovals).toEqual({ count: 0, oldest: [] });
    expect(stats.usageByUser).toEqual([expect.objectContaining({ userId: admin.id, messages: 0, sessions: 0 })]);
    const idle = { sessions: { last7d: 0, last30d: 0 }, messages: { last7d: 0, last30d: 0 } };
    expect(stats.channels).toEqual({ member: idle, api: idle, widget: idle });
    expect(stats.endUsers).toEqual({ total: 0, verified: 0, active: { last7d: 0, last30d: 0 }, creditsSpent30d: 0, mostActive: [] });
  });
});

describe("dashboard days in the viewer's time zone", () => {
  // 2026-03-10 12:00 UTC: New York is on daylight time since 8 March (UTC−4), and was on standard time (UTC−5)
  // when the 30-day window began on 9 February.
  const noon = new Date("2026-03-10T12:00:00Z");

  async function businessWithMessagesAt(instants: string[]) {
    const business = await createBusiness({ name: "Dashboard time zones" });
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const [session] = await getDb().insert(chatSessions).values({ businessId: business.id, userId: admin.id, title: "t", createdAt: new Date(instants[0]!) }).returning();
    await getDb()
      .insert(chatMessages)
      .values(instants.map((at) => ({ businessId: business.id, sessionId: session!.id, userId: admin.id, role: "user" as const, content: "q", createdAt: new Date(at) })));
    return admin;
  }

  it("counts today, the windows and the series by the days of the zone asked for, UTC when none is", async () => {
    const admin = await businessWithMessagesAt([
      "2026-03-10T02:00:00Z", // 10 March in UTC, 9 March 22:00 in New York
      "2026-03-10T05:00:00Z", // 10 March in both
      "2026-02-09T02:00:00Z", // the 30-day window's first day in UTC; 8 February 21:00, outside it, in New York
    ]);
    const perDay = (stats: Awaited<ReturnType<typeof getDashboardStats>>) =>
      Object.fromEntries(stats.series.filter((day) => day.messages > 0).map((day) => [day.date, day.messages]));

    const utc = await getDashboardStats(actorOf(admin), { now: noon });
    expect(utc.timeZone).toBe("UTC");
    expect(utc.chat.messages).toEqual({ today: 2, last7d: 2, last30d: 3 });
    expect(perDay(utc)).toEqual({ "2026-02-09": 1, "2026-03-10": 2 });
    expect(await getDashboardStats(actorOf(admin), { now: noon, timeZone: "UTC" })).toEqual(utc);

    const newYork = await getDashboardStats(actorOf(admin), { now: noon, timeZone: "America/New_York" });
    expect(newYork.timeZone).toBe("America/New_York");
    expect(newYork.chat.messages).toEqual({ today: 1, last7d: 2, last30d: 2 });
    expect(perDay(newYork)).toEqual({ "2026-03-09": 1, "2026-03-10": 1 });
    expect(newYork.series[0]!.date).toBe("2026-02-09");
    expect(newYork.series.at(-1)!.date).toBe("2026-03-10");

    // East of UTC the same instants fall a day later or not at all: Tokyo's 10 March ends at 15:00 UTC.
    const tokyo = await getDashboardStats(actorOf(admin), { now: noon, timeZone: "Asia/Tokyo" });
    expect(perDay(tokyo)).toEqual({ "2026-02-09": 1, "2026-03-10": 2 });
  });

  it("refuses a zone nobody knows with a 400 on the field", async () => {
    const admin = await businessWithMessagesAt(["2026-03-10T05:00:00Z"]);
    for (const timeZone of ["Mars/Olympus_Mons", "", "UTC'; drop table users; --"]) {
      const error = await getDashboardStats(actorOf(admin), { now: noon, timeZone }).then(
        () => null,
        (caught: unknown) => caught as { code?: string; fields?: Record<string, string[]> },
      );
      expect(error, timeZone).toMatchObject({ code: "invalid_request", fields: { timeZone: ["Time zone must name a time zone, such as Europe/Berlin."] } });
    }
  });
});

describe("first-run checklist", () => {
  const open = { product: false, teammate: false, assistant: false, botName: false };

  async function newBusiness() {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const checklist = async () => (await getDashboardStats(actorOf(admin), { now })).firstRun;
    return { business, admin, checklist };
  }

  it("starts with every step open and ticks each from the business's own data", async () => {
    const { business, admin, checklist } = await newBusiness();
    // Another business doing everything ticks nothing here.
    const other = await buildBusiness("Other");
    await getDb().update(businesses).set({ botName: "Ollie" }).where(eq(businesses.id, other.business.id));
    expect(await checklist()).toEqual({ dismissed: false, done: open });

    await createProduct({ businessId: business.id, status: "draft" });
    expect((await checklist()).done).toEqual({ ...open, product: true });

    await createSession(memberCaller(admin), { title: "Trying it" });
    expect((await checklist()).done).toEqual({ ...open, product: true, assistant: true });

    await updateBusiness(actorOf(admin), { settings: { botName: "Ada" } });
    expect((await checklist()).done).toEqual({ product: true, teammate: false, assistant: true, botName: true });

    await createInvite({ ...actorOf(admin), email: admin.email, name: admin.name }, { role: "editor" });
    expect(await checklist()).toEqual({ dismissed: false, done: { product: true, teammate: true, assistant: true, botName: true } });
  });

  it("counts a second member as a teammate, invited or added", async () => {
    const { business, checklist } = await newBusiness();
    await createUser({ businessId: business.id, role: "viewer", active: false });
    expect((await checklist()).done.teammate).toBe(true);
  });

  it("is dismissed for the whole business once, audited once; other roles may not", async () => {
    const { business, admin, checklist } = await newBusiness();
    const secondAdmin = await createUser({ businessId: business.id, role: "admin" });
    const editor = await createUser({ businessId: business.id, role: "editor" });
    await expect(dismissFirstRun(actorOf(editor))).rejects.toMatchObject({ code: "forbidden" });
    expect((await checklist()).dismissed).toBe(false);

    expect(await dismissFirstRun(actorOf(admin), { requestId: "req-dismiss" })).toMatchObject({ dismissed: true, done: { teammate: true } });
    expect((await checklist()).dismissed).toBe(true);
    expect((await getDashboardStats(actorOf(secondAdmin), { now })).firstRun.dismissed).toBe(true);
    expect((await dismissFirstRun(actorOf(secondAdmin))).dismissed).toBe(true);
    const entries = await getDb().select().from(auditLog).where(and(eq(auditLog.businessId, business.id), eq(auditLog.action, "business.first_run_dismiss")));
    expect(entries).toEqual([expect.objectContaining({ actorId: admin.id, entityType: "business", entityId: business.id, requestId: "req-dismiss" })]);
  });
});

