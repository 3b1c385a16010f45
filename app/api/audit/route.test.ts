import { desc, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createTeam, createUser, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import * as auditRoute from "./route";

let team: Awaited<ReturnType<typeof createTeam>>;
let admin: string;

beforeAll(async () => {
  team = await createTeam();
  admin = await tokenFor(team.admin);
  const other = await createTeam();
  const base = { entityType: "product", summary: {} };
  await getDb().insert(auditLog).values([
    { ...base, businessId: team.business.id, actorId: team.editor.id, action: "product.create", entityId: "p1", createdAt: new Date("2026-01-10T10:00:00Z") },
    { ...base, businessId: team.business.id, actorId: team.approver.id, action: "product.approve", entityId: "p1", createdAt: new Date("2026-01-11T10:00:00Z") },
    { ...base, businessId: team.business.id, actorId: team.editor.id, action: "product.create", entityId: "p2", createdAt: new Date("2026-01-12T10:00:00Z") },
    { businessId: team.business.id, actorId: team.admin.id, action: "user.update", entityType: "user", entityId: team.viewer.id, summary: { role: "viewer" }, createdAt: new Date("2026-01-13T10:00:00Z") },
    { ...base, businessId: other.business.id, actorId: other.editor.id, action: "product.create", entityId: "p9" },
  ]);
});

function get(query = "", token = admin) {
  return callRoute(auditRoute.GET, { token, path: `/api/audit${query}` });
}

describe("GET /api/audit", () => {
  it("lists the admin's business only, newest first, with the actor's name", async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ count: 4, next: null, previous: null });
    expect(response.body.results.map((e: { action: string }) => e.action)).toEqual([
      "user.update",
      "product.create",
      "product.approve",
      "product.create",
    ]);
    expect(response.body.results[0]).toMatchObject({
      actorId: team.admin.id,
      actorName: team.admin.name,
      entityType: "user",
      summary: { role: "viewer" },
      createdAt: "2026-01-13T10:00:00.000Z",
    });
  });

  it("filters by action, actorId, entityType, entityId and date range", async () => {
    expect((await get("?action=product.create")).body.count).toBe(2);
    expect((await get(`?actorId=${team.editor.id}`)).body.count).toBe(2);
    expect((await get("?entityType=user")).body.count).toBe(1);
    expect((await get("?entityType=product&entityId=p1")).body.count).toBe(2);
    const range = await get("?from=2026-01-11&to=2026-01-12");
    expect(range.body.results.map((e: { entityId: string }) => e.entityId)).toEqual(["p2", "p1"]);
    expect((await get("?from=2026-01-12T12:00:00Z")).body.count).toBe(1);
    // Days of the viewer's zone: Kiritimati (UTC+14) begins 11 January at 10:00 UTC on the 10th, exactly when
    // the first entry was made, and 13 January exactly when the third was.
    const kiritimati = await get("?from=2026-01-11&to=2026-01-12&timeZone=Pacific%2FKiritimati");
    expect(kiritimati.body.results.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`)).toEqual(["product.approve p1", "product.create p1"]);
    expect((await get("?from=2026-01-11&to=2026-01-12&timeZone=UTC")).body.count).toBe(2);
    const unknownZone = await get("?from=2026-01-11&timeZone=Nowhere%2FElse");
    expect(unknownZone.status).toBe(400);
    expect(unknownZone.body.fields).toEqual({ timeZone: ["timeZone must name a time zone, such as Europe/Berlin."] });
    expect((await get("?from=yesterday")).status).toBe(400);
    // A day the calendar does not have (JavaScript would read 1 March).
    expect((await get("?from=2024-02-30&timeZone=Europe%2FBerlin")).status).toBe(400);
    // Years beyond four digits parse in JavaScript but not in Postgres.
    expect((await get("?to=%2B275760-09-13T00:00:00Z")).status).toBe(400);
    expect((await get("?actorId=not-a-uuid")).status).toBe(400);
    // Actions and entity types are a closed vocabulary: a value nothing records is a bad request.
    const unknown = await get("?action=product.teleport&entityType=spaceship");
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.fields).sort()).toEqual(["action", "entityType"]);
  });

  it("paginates and caps pageSize", async () => {
    const first = await get("?pageSize=3");
    expect(first.body.results).toHaveLength(3);
    expect(new URL(first.body.next).searchParams.get("page")).toBe("2");
    const capped = await get("?pageSize=1000");
    expect(capped.status).toBe(200);
    expect(capped.body.next).toBeNull();
  });

  it("is admin only: editor, approver, viewer → 403; anonymous → 401", async () => {
    for (const user of [team.editor, team.approver, team.viewer]) {
      const response = await get("", await tokenFor(user));
      expect(response.status).toBe(403);
    }
    expect((await callRoute(auditRoute.GET, { path: "/api/audit" })).status).toBe(401);
  });
});

describe("GET /api/audit?format=csv", () => {
  const HEADER = "createdAt,action,entityType,entityId,actorId,actorName,actorEmail,summary,requestId,id\r\n";

  function csv(query: string, token = admin) {
    return callRoute(auditRoute.GET, { token, path: `/api/audit?format=csv${query}` });
  }

  it("downloads every matching entry as CSV, newest first, with formula-like cells defused", async () => {
    const { business, admin: owner } = await createTeam();
    const mallory = await createUser({ businessId: business.id, role: "editor", name: "@Mallory", email: uniqueEmail("mallory") });
    const token = await tokenFor(owner);
    const [first, second, third] = await getDb()
      .insert(auditLog)
      .values([
        { businessId: business.id, actorId: owner.id, action: "business.update", entityType: "business", entityId: business.id, summary: { before: { botName: "Assistant" }, after: { botName: "Ada, the helper" } }, requestId: "req-1", createdAt: new Date("2026-03-01T09:00:00Z") },
        { businessId: business.id, actorId: mallory.id, action: "product.create", entityType: "product", entityId: "=HYPERLINK(\"http://evil.example\")", summary: { name: "+1 555" }, createdAt: new Date("2026-03-02T09:00:00Z") },
        { businessId: business.id, actorId: null, action: "product.stock_update", entityType: "product", entityId: "-2+3\nsecond line", summary: {}, createdAt: new Date("2026-03-03T09:00:00Z") },
      ])
      .returning({ id: auditLog.id });

    const response = await csv("", token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    // (Decoding the text drops the byte order mark; the bytes are checked below.)
    expect(response.text).toBe(
      HEADER +
        `2026-03-03T09:00:00.000Z,product.stock_update,product,"'-2+3\nsecond line",,,,{},,${third!.id}\r\n` +
        `2026-03-02T09:00:00.000Z,product.create,product,"'=HYPERLINK(""http://evil.example"")",${mallory.id},"'@Mallory",${mallory.email},"{""name"":""+1 555""}",,${second!.id}\r\n` +
        `2026-03-01T09:00:00.000Z,business.update,business,${business.id},${owner.id},${owner.name},${owner.email},"{""after"":{""botName"":""Ada, the helper""},""before"":{""botName"":""Assistant""}}",req-1,${first!.id}\r\n`,
    );
    // A spreadsheet reading the file sees no cell it would run as a formula.
    const cells = Papa.parse<string[]>(response.text, { skipEmptyLines: true }).data.flat();
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // The bytes start with the UTF-8 byte order mark, how spreadsheets know the encoding.
    const raw = await auditRoute.GET(new NextRequest("http://localhost/api/audit?format=csv", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("applies the list's filters and ignores its paging", async () => {
    const rows = (text: string) => text.trim().split("\r\n").slice(1);
    const entityIds = (text: string) => rows(text).map((line) => line.split(",")[3]);
    expect(entityIds((await csv("&action=product.create")).text)).toEqual(["p2", "p1"]);
    expect(entityIds((await csv(`&actorId=${team.approver.id}`)).text)).toEqual(["p1"]);
    expect(entityIds((await csv("&from=2026-01-11&to=2026-01-12")).text)).toEqual(["p2", "p1"]);
    expect(entityIds((await csv("&from=2026-01-11&to=2026-01-12&timeZone=Pacific%2FKiritimati")).text)).toEqual(["p1", "p1"]);
    expect(rows((await csv("&page=2&pageSize=1")).text)).toHaveLength(4);
    // Another business's entry (p9) is never in the file.
    expect((await csv("")).text).not.toContain("p9");
  });

  it("pages through a long log by key: entries sharing a timestamp, or a microsecond apart, are each written once, in order", async () => {
    const { business, admin: owner } = await createTeam();
    // Three entries per instant, instants a microsecond apart (a JavaScript Date cannot tell them apart).
    await getDb().execute(sql`
      insert into audit_log (business_id, action, entity_type, entity_id, summary, created_at)
      select ${business.id}::uuid, 'product.create', 'product', 'n' || g, '{}'::jsonb,
             '2026-02-01T00:00:00Z'::timestamptz + (g / 3) * interval '1 microsecond'
      from generate_series(1, 1234) g`);
    const response = await csv("", await tokenFor(owner));
    const ids = response.text.trim().split("\r\n").slice(1).map((line) => line.split(",").at(-1));
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
    const expected = await getDb()
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.businessId, business.id))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
    expect(ids).toEqual(expected.map((row) => row.id));
  });

  it("keeps the list's rules: admins only, a bad query is a JSON 400", async () => {
    for (const user of [team.editor, team.viewer]) expect((await csv("", await tokenFor(user))).status).toBe(403);
    expect((await callRoute(auditRoute.GET, { path: "/api/audit?format=csv" })).status).toBe(401);
    const bad = await csv("&from=yesterday");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/json");
    expect(bad.body).toMatchObject({ error: "invalid_request", fields: { from: expect.any(Array) } });
    const format = await callRoute(auditRoute.GET, { token: admin, path: "/api/audit?format=xlsx" });
    expect(format.status).toBe(400);
    expect(Object.keys(format.body.fields)).toEqual(["format"]);
  });
});
