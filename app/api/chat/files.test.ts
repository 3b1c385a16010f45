import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as fileQueryRoute from "@/app/api/chat/files/[fileId]/query/route";
import * as fileRoute from "@/app/api/chat/files/[fileId]/route";
import * as newConversationFileRoute from "@/app/api/chat/files/route";
import * as sessionRoute from "@/app/api/chat/sessions/[id]/route";
import * as sessionFilesRoute from "@/app/api/chat/sessions/[id]/files/route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as widgetSessionsRoute from "@/app/api/widget/sessions/route";
import { getDb } from "@/db/client";
import { auditLog, chatFileColumns, chatFiles, chatSessions, endUsers } from "@/db/schema";
import { resetEnv } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createApiKey, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { visitorConversation } from "@/test/widget-visitor";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let viewer: string;

beforeAll(async () => {
  team = await createTeam();
  other = await createTeam();
  viewer = await tokenFor(team.viewer);
});

function upload(token: string | null, sessionId: string, content: string | Uint8Array<ArrayBuffer>, name = "prices.csv", headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append("file", new File([content], name, { type: "text/csv" }));
  return callRoute(sessionFilesRoute.POST, { method: "POST", token, params: { id: sessionId }, rawBody: form, headers });
}

async function newSession(token: string) {
  const created = await callRoute(sessionsRoute.POST, { token, body: { title: "Files" } });
  return created.body.id as string;
}

const fileCount = async () => (await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(chatFiles))[0]!.n;

describe("attaching a file to a conversation", () => {
  it("a 50,000-row CSV uploads in one request with exact rows, columns, types and nulls; every record is stored", async () => {
    const sessionId = await newSession(viewer);
    const lines = ["sku,name,price,stock"];
    for (let i = 1; i <= 50_000; i++) lines.push(`${i % 4 === 0 ? "" : `S${i}`},Item ${i},${i % 50}.25,${i % 9}`);
    const answer = await upload(viewer, sessionId, lines.join("\n"), "Supplier prices.csv");
    expect(answer.status).toBe(201);
    expect(answer.body.file).toMatchObject({
      name: "Supplier prices.csv",
      type: "csv",
      rows: 50_000,
      summary: "Supplier prices, 50,000 rows, 4 columns: sku, name, price, stock",
      uploadedAt: expect.any(String),
    });
    expect(answer.body.file.columns.map((c: { name: string; type: string; nulls: number }) => [c.name, c.type, c.nulls])).toEqual([
      ["sku", "text", 12_500],
      ["name", "text", 0],
      ["price", "number", 0],
      ["stock", "integer", 0],
    ]);
    const [stored] = await getDb()
      .select({ n: sql<number>`sum(cardinality(${chatFileColumns.texts}))`.mapWith(Number) })
      .from(chatFileColumns)
      .where(and(eq(chatFileColumns.fileId, answer.body.file.id), eq(chatFileColumns.position, 0)));
    expect(stored!.n).toBe(50_000);
    // Records on both sides of a chunk boundary, and matches spread over the whole file, read back exactly.
    const ask = (body: Record<string, unknown>) => callRoute(fileQueryRoute.POST, { token: viewer, params: { fileId: answer.body.file.id }, body });
    const across = await ask({ offset: 4_998, limit: 4 });
    expect(across.body.results.map((row: { _row: number; name: string; sku: string | null }) => [row._row, row.name, row.sku])).toEqual([
      [4_999, "Item 4999", "S4999"],
      [5_000, "Item 5000", null],
      [5_001, "Item 5001", "S5001"],
      [5_002, "Item 5002", "S5002"],
    ]);
    const spread = await ask({ where: [{ column: "price", op: "eq", value: 7.25 }, { column: "stock", op: "eq", value: 0 }], orderBy: { column: "name", direction: "desc" }, limit: 3 });
    expect(spread.body.count).toBe(111);
    expect(spread.body.results).toEqual([
      { sku: "S9657", name: "Item 9657", price: 7.25, stock: 0, _row: 9_657 },
      { sku: "S9207", name: "Item 9207", price: 7.25, stock: 0, _row: 9_207 },
      { sku: "S8757", name: "Item 8757", price: 7.25, stock: 0, _row: 8_757 },
    ]);
    const details = await callRoute(sessionRoute.GET, { token: viewer, params: { id: sessionId } });
    expect(details.body.hasFiles).toBe(true);
  });

  it("a CSV saved by Excel on Windows (Windows-1252) keeps its accented letters, as does one saved as Unicode text (UTF-16)", async () => {
    const sessionId = await newSession(viewer);
    const ask = (fileId: string) => callRoute(fileQueryRoute.POST, { token: viewer, params: { fileId }, body: { limit: 5 } });
    const windows = await upload(viewer, sessionId, new Uint8Array(Buffer.from("name,price\nCaf\xe9 cr\xe8me,4.5\n", "latin1")), "Windows.csv");
    expect(windows.status).toBe(201);
    expect((await ask(windows.body.file.id)).body.results).toEqual([{ name: "Café crème", price: 4.5, _row: 1 }]);
    const unicode = await upload(viewer, sessionId, new Uint8Array([0xff, 0xfe, ...Buffer.from("name\tprice\nGrüße\t2\n", "utf16le")]), "Unicode.txt");
    expect(unicode.status).toBe(201);
    expect(unicode.body.file.type).toBe("tsv");
    expect((await ask(unicode.body.file.id)).body.results).toEqual([{ name: "Grüße", price: 2, _row: 1 }]);
  });

  it("a file under 10 MB saved as Unicode text is read whole, though its text takes more than 10 MB as UTF-8", async () => {
    const sessionId = await newSession(viewer);
    // 3 bytes of UTF-8 for each 2 of UTF-16: 9.5 MB as sent, over 13 MB once read.
    const line = "東京都渋谷区の商品名と長い説明文字列、東京都渋谷区の商品名と長い説明文字列,1234\n";
    const rows = Math.floor((9.5 * 1024 * 1024) / 2 / line.length);
    const text = `品名,価格\n${line.repeat(rows)}`;
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    expect(bytes.length).toBeLessThan(10 * 1024 * 1024);
    expect(Buffer.byteLength(text)).toBeGreaterThan(10 * 1024 * 1024);
    const answer = await upload(viewer, sessionId, bytes, "Unicode.txt");
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body.file).toMatchObject({ rows, size: bytes.length });
  });

  it("a body declared over 10 MB is 413 before it is read; a broken row is 400 naming it, and nothing is stored", async () => {
    const sessionId = await newSession(viewer);
    const tooBig = await callRoute(sessionFilesRoute.POST, {
      method: "POST",
      token: viewer,
      params: { id: sessionId },
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(11 * 1024 * 1024) },
      rawBody: "--x--",
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.detail).toBe("The file is larger than 10 MB.");
    const before = await fileCount();
    const rows = ["name,price", ...Array.from({ length: 300 }, (_, i) => (i === 149 ? "Broken,1,2" : `Item ${i},1`))];
    const broken = await upload(viewer, sessionId, rows.join("\n"));
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: "invalid_request", row: 150, fields: { file: [expect.stringContaining("Row 150")] } });
    expect(await fileCount()).toBe(before);
    const notMultipart = await callRoute(sessionFilesRoute.POST, { method: "POST", token: viewer, params: { id: sessionId }, body: { file: "a,b" } });
    expect(notMultipart.status).toBe(415);
  });

  it("holds at most 5 files per conversation, and deleting the conversation deletes its files", async () => {
    const sessionId = await newSession(viewer);
    for (let i = 0; i < 5; i++) expect((await upload(viewer, sessionId, `a,b\n${i},x`)).status).toBe(201);
    const sixth = await upload(viewer, sessionId, "a,b\n6,x");
    expect(sixth.status).toBe(409);
    const listed = await callRoute(sessionFilesRoute.GET, { token: viewer, params: { id: sessionId } });
    expect(listed.body.count).toBe(5);
    expect((await callRoute(sessionRoute.DELETE, { token: viewer, params: { id: sessionId } })).status).toBe(204);
    const [left] = await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(chatFiles).where(eq(chatFiles.sessionId, sessionId));
    expect(left!.n).toBe(0);
  });

  it("another user and another business get 404 for the file, its list and its deletion; the business's admin reads but cannot delete", async () => {
    const sessionId = await newSession(viewer);
    const uploaded = await upload(viewer, sessionId, "name,price\nDesk,10\n");
    const fileId = uploaded.body.file.id as string;
    const editor = await tokenFor(team.editor);
    const outsider = await tokenFor(other.admin);
    for (const token of [editor, outsider]) {
      expect((await callRoute(fileRoute.GET, { token, params: { fileId } })).status).toBe(404);
      expect((await callRoute(fileRoute.DELETE, { token, params: { fileId } })).status).toBe(404);
      expect((await callRoute(sessionFilesRoute.GET, { token, params: { id: sessionId } })).status).toBe(404);
      expect((await upload(token, sessionId, "a\n1")).status).toBe(404);
    }
    const admin = await tokenFor(team.admin);
    expect((await callRoute(fileRoute.GET, { token: admin, params: { fileId } })).body.file.id).toBe(fileId);
    expect((await callRoute(fileRoute.DELETE, { token: admin, params: { fileId } })).status).toBe(404);
    expect((await callRoute(fileRoute.DELETE, { token: viewer, params: { fileId } })).status).toBe(204);
    expect((await callRoute(fileRoute.GET, { token: viewer, params: { fileId } })).status).toBe(404);
    const audited = await getDb().select().from(auditLog).where(eq(auditLog.entityId, fileId));
    expect(audited.map((entry) => entry.action).sort()).toEqual(["chat.file_delete", "chat.file_upload"]);
  });

  it("queries a file over HTTP: filters, order and paging; an unknown or injected column is 400; another user gets 404", async () => {
    const sessionId = await newSession(viewer);
    const csv = "sku,name,category,price\nA1,Desk Lamp,Lighting,79.00\n,Floor Lamp,Lighting,129.50\nC3,Desk,Furniture,549.00\nD4,Chair,Furniture,329.00\n";
    const fileId = (await upload(viewer, sessionId, csv)).body.file.id as string;
    const ask = (body: unknown, token = viewer) => callRoute(fileQueryRoute.POST, { token, params: { fileId }, body });
    const lighting = await ask({ where: [{ column: "category", op: "eq", value: "Lighting" }], orderBy: { column: "price", direction: "desc" }, columns: ["name", "price"] });
    expect(lighting.status).toBe(200);
    expect(lighting.body).toEqual({ count: 2, results: [{ _row: 2, name: "Floor Lamp", price: 129.5 }, { _row: 1, name: "Desk Lamp", price: 79 }] });
    const noSku = await ask({ where: [{ column: "sku", op: "empty" }] });
    expect(noSku.body.count).toBe(1);
    const paged = await ask({ orderBy: { column: "price" }, limit: 2, offset: 1, columns: ["name"] });
    expect(paged.body).toEqual({ count: 4, results: [{ _row: 2, name: "Floor Lamp" }, { _row: 4, name: "Chair" }] });
    // Past the end of a filtered page no record carries the window count: it is counted apart.
    const filteredPastTheEnd = await ask({ where: [{ column: "category", op: "eq", value: "Lighting" }], orderBy: { column: "price" }, limit: 2, offset: 4 });
    expect(filteredPastTheEnd.body).toEqual({ count: 2, results: [] });
    const injected = await ask({ where: [{ column: "price; drop table chat_file_columns --", op: "eq", value: 1 }] });
    expect(injected.status).toBe(400);
    expect(injected.body.fields).toHaveProperty(["where.0.column"]);
    expect((await ask({ where: [{ column: "name", op: "eq", value: "' or 1=1 --" }] })).body.count).toBe(0);
    expect((await ask({ limit: 501 })).status).toBe(400);
    expect((await ask({}, await tokenFor(team.editor))).status).toBe(404);
    expect((await ask({}, await tokenFor(other.admin))).status).toBe(404);
    expect((await ask({}, await tokenFor(team.admin))).status).toBe(200);
  });

  it("order ids longer than a JavaScript number keeps read back and are found as written, each its own", async () => {
    const sessionId = await newSession(viewer);
    const uploaded = await upload(viewer, sessionId, "order_id,total\n12345678901234567891,5\n12345678901234567892,6\n", "orders.csv");
    const ask = (body: unknown) => callRoute(fileQueryRoute.POST, { token: viewer, params: { fileId: uploaded.body.file.id }, body });
    expect((await ask({})).body.results.map((row: { order_id: unknown }) => row.order_id)).toEqual(["12345678901234567891", "12345678901234567892"]);
    expect((await ask({ where: [{ column: "order_id", op: "eq", value: "12345678901234567892" }] })).body).toEqual({
      count: 1,
      results: [{ order_id: "12345678901234567892", total: 6, _row: 2 }],
    });
  });

  it("works the same for the business's server with a secret key, for its own API conversation", async () => {
    const { key } = await createApiKey({ businessId: team.business.id });
    const created = await callRoute(sessionsRoute.POST, { headers: { "x-api-key": key }, body: { userIdentifier: "files@example.com" } });
    const uploaded = await upload(null, created.body.id, '[{"name": "Desk", "dims": {"w": 120}}]', "items.json", { "x-api-key": key });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.file.columns.map((c: { name: string }) => c.name)).toEqual(["name", "dims.w"]);
    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.entityId, uploaded.body.file.id));
    expect(audit).toMatchObject({ action: "chat.file_upload", actorId: null, summary: { via: "api_key" } });
    expect((await callRoute(fileRoute.GET, { token: viewer, params: { fileId: uploaded.body.file.id } })).status).toBe(404);
  });

  it("each account attaches at most RATE_LIMIT_FILE_UPLOADS_PER_ACCOUNT_PER_HOUR files an hour: then 429 with Retry-After, nothing stored", async () => {
    process.env.RATE_LIMIT_FILE_UPLOADS_PER_ACCOUNT_PER_HOUR = "2";
    resetEnv();
    try {
      const member = await createUser({ businessId: team.business.id, role: "viewer" });
      const token = await tokenFor(member);
      const sessionId = await newSession(token);
      expect((await upload(token, sessionId, "a,b\n1,2", "one.csv")).status).toBe(201);
      expect((await upload(token, sessionId, "a,b\n1,2", "two.csv")).status).toBe(201);
      const before = await fileCount();
      const third = await upload(token, sessionId, "a,b\n1,2", "three.csv");
      expect(third.status).toBe(429);
      expect(third.body.error).toBe("rate_limited");
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await fileCount()).toBe(before);
      // Another account is counted on its own.
      const colleague = await tokenFor(await createUser({ businessId: team.business.id, role: "viewer" }));
      expect((await upload(colleague, await newSession(colleague), "a,b\n1,2", "mine.csv")).status).toBe(201);
    } finally {
      delete process.env.RATE_LIMIT_FILE_UPLOADS_PER_ACCOUNT_PER_HOUR;
      resetEnv();
    }
  });
});

describe("a widget visitor attaching a file to a conversation they started", () => {
  it("is stored, on a business whose settings nothing has read yet (the check of the conversation's timeout reads in the upload's transaction)", async () => {
    const visitor = await visitorConversation("Files");
    const uploaded = await upload(visitor.token, visitor.sessionId, "a,b\n1,2", "cart.csv");
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.file).toMatchObject({ name: "cart.csv", sessionId: visitor.sessionId, rows: 1 });
  }, 15_000);
});

describe("widget visitors' uploads from one address", () => {
  it("are bounded per address and publishable key however many visitor ids are used: then 429, nothing stored; another address or key is counted apart", async () => {
    process.env.RATE_LIMIT_VISITOR_FILE_UPLOADS_PER_ADDRESS_PER_HOUR = "2";
    resetEnv();
    try {
      const publishable = await createApiKey({ businessId: team.business.id, kind: "publishable" });
      const address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
      const from = (client: string) => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(client) });
      // Each upload as a visitor new to the business: a fresh anonymous id, so a fresh per-account allowance.
      // The file starts their conversation (POST /api/chat/files), as the widget's first upload does.
      const asNewVisitor = async (client: string, key = publishable.key) => {
        const visitor = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": key, ...from(client) }, body: { anonymousId: crypto.randomUUID() } });
        expect(visitor.status, JSON.stringify(visitor.body)).toBe(201);
        const form = new FormData();
        form.append("file", new File(["a,b\n1,2"], "cart.csv", { type: "text/csv" }));
        return callRoute(newConversationFileRoute.POST, { method: "POST", token: visitor.body.token, path: "/api/chat/files", rawBody: form, headers: from(client) });
      };
      expect((await asNewVisitor(address)).status).toBe(201);
      expect((await asNewVisitor(address)).status).toBe(201);
      const before = await fileCount();
      const third = await asNewVisitor(address);
      expect(third.status).toBe(429);
      expect(third.body.error).toBe("rate_limited");
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await fileCount()).toBe(before);
      expect((await asNewVisitor(`198.51.100.${Math.floor(Math.random() * 250) + 1}`)).status).toBe(201);
      const otherKey = await createApiKey({ businessId: team.business.id, kind: "publishable" });
      expect((await asNewVisitor(address, otherKey.key)).status).toBe(201);
      // A member behind the same address is not a visitor: only their own allowance counts.
      const member = await tokenFor(await createUser({ businessId: team.business.id, role: "viewer" }));
      expect((await upload(member, await newSession(member), "a,b\n1,2", "mine.csv", from(address))).status).toBe(201);
    } finally {
      delete process.env.RATE_LIMIT_VISITOR_FILE_UPLOADS_PER_ADDRESS_PER_HOUR;
      resetEnv();
    }
  });
});

describe("starting a conversation with a file (POST /api/chat/files)", () => {
  function startWith(token: string | null, content: string, name = "stock.csv", headers: Record<string, string> = {}, path = "/api/chat/files") {
    const form = new FormData();
    form.append("file", new File([content], name, { type: "text/csv" }));
    return callRoute(newConversationFileRoute.POST, { method: "POST", token, rawBody: form, headers, path });
  }
  const sessionsOf = async (userId: string) =>
    (await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(chatSessions).where(eq(chatSessions.userId, userId)))[0]!.n;

  it("stores the new conversation and its file together: the caller's own, titled like any new chat, announced once", async () => {
    const member = await createUser({ businessId: team.business.id, role: "viewer" });
    const token = await tokenFor(member);
    const started = await startWith(token, "region,units\nNorth,12\nSouth,30", "Sales.csv");
    expect(started.status).toBe(201);
    expect(started.body.session).toMatchObject({ title: "New chat", channel: "member", status: "assistant" });
    expect(started.body.file).toMatchObject({ name: "Sales.csv", rows: 2, sessionId: started.body.session.id });
    const listed = await callRoute(sessionFilesRoute.GET, { token, params: { id: started.body.session.id } });
    expect(listed.body.results.map((file: { id: string }) => file.id)).toEqual([started.body.file.id]);
    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.entityId, started.body.file.id));
    expect(audit).toMatchObject({ action: "chat.file_upload", actorId: member.id, summary: { sessionId: started.body.session.id } });
    // Another member of the business does not see it.
    expect((await callRoute(sessionRoute.GET, { token: await tokenFor(team.viewer), params: { id: started.body.session.id } })).status).toBe(404);
  });

  it("a file that cannot be read, a missing part, a body over 10 MB or no credentials leave no conversation behind", async () => {
    const member = await createUser({ businessId: team.business.id, role: "viewer" });
    const token = await tokenFor(member);
    const rows = ["name,price", ...Array.from({ length: 40 }, (_, i) => (i === 19 ? "Broken,1,2" : `Item ${i},1`))];
    const broken = await startWith(token, rows.join("\n"));
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: "invalid_request", row: 20 });
    const notMultipart = await callRoute(newConversationFileRoute.POST, { method: "POST", token, body: { file: "a,b" } });
    expect(notMultipart.status).toBe(415);
    const tooBig = await callRoute(newConversationFileRoute.POST, {
      method: "POST",
      token,
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(11 * 1024 * 1024) },
      rawBody: "--x--",
    });
    expect(tooBig.status).toBe(413);
    expect((await startWith(null, "a,b\n1,2")).status).toBe(401);
    expect(await sessionsOf(member.id)).toBe(0);
  });

  it("for a widget visitor, the conversation is theirs and the answer names them, as their list of conversations does", async () => {
    const publishable = await createApiKey({ businessId: team.business.id, kind: "publishable" });
    const visitor = await callRoute(widgetSessionsRoute.POST, { headers: { "x-api-key": publishable.key }, body: { userIdentifier: "shopper-files@example.test" } });
    expect(visitor.status, JSON.stringify(visitor.body)).toBe(201);
    const started = await startWith(visitor.body.token, "a,b\n1,2", "cart.csv");
    expect(started.status).toBe(201);
    expect(started.body.session).toMatchObject({ channel: "widget", userIdentifier: "shopper-files@example.test" });
    const listed = await callRoute(sessionsRoute.GET, { token: visitor.body.token });
    expect(listed.body.results).toEqual([expect.objectContaining({ id: started.body.session.id, userIdentifier: "shopper-files@example.test" })]);
  });

  it("for the business's server with a secret key, the conversation is the key's own", async () => {
    const { key } = await createApiKey({ businessId: team.business.id });
    const started = await startWith(null, "a,b\n1,2", "api.csv", { "x-api-key": key });
    expect(started.status).toBe(201);
    expect(started.body.session.channel).toBe("api");
    expect((await callRoute(sessionRoute.GET, { token: await tokenFor(team.viewer), params: { id: started.body.session.id } })).status).toBe(404);
  });

  it("a secret key may start it for an end user it names, as it creates a session; a malformed name is a 400 that stores nothing", async () => {
    const { key } = await createApiKey({ businessId: team.business.id });
    const forCustomer = await startWith(null, "a,b\n1,2", "order.csv", { "x-api-key": key }, "/api/chat/files?userIdentifier=customer-42%40example.test");
    expect(forCustomer.status).toBe(201);
    expect(forCustomer.body.session).toMatchObject({ channel: "api", userIdentifier: "customer-42@example.test" });
    const theirs = await callRoute(sessionsRoute.GET, { headers: { "x-api-key": key }, path: "/api/chat/sessions?userIdentifier=customer-42%40example.test" });
    expect(theirs.body.results.map((session: { id: string }) => session.id)).toEqual([forCustomer.body.session.id]);

    const apiSessions = async () =>
      (await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(chatSessions).where(eq(chatSessions.businessId, team.business.id)))[0]!.n;
    const before = await apiSessions();
    const tooLong = await startWith(null, "a,b\n1,2", "order.csv", { "x-api-key": key }, `/api/chat/files?userIdentifier=${"x".repeat(256)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields).toHaveProperty("userIdentifier");
    expect(await apiSessions()).toBe(before);
    // A file that cannot be read leaves neither the conversation nor the end user it named.
    const broken = await startWith(null, "name,price\nBroken,1,2", "order.csv", { "x-api-key": key }, "/api/chat/files?userIdentifier=never-stored%40example.test");
    expect(broken.status).toBe(400);
    expect(await apiSessions()).toBe(before);
    expect(await getDb().select().from(endUsers).where(eq(endUsers.identifier, "never-stored@example.test"))).toEqual([]);
  });
});
