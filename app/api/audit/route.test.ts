import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { createTeam } from "@/test/factories";
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
    expect((await get("?from=yesterday")).status).toBe(400);
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
