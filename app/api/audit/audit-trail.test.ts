import { beforeAll, describe, expect, it } from "vitest";
import { POST as creditsPost } from "@/app/api/business/credits/route";
import { PATCH as businessPatch } from "@/app/api/business/route";
import { POST as approvePost } from "@/app/api/products/[id]/approve/route";
import { POST as rejectPost } from "@/app/api/products/[id]/reject/route";
import { POST as submitPost } from "@/app/api/products/[id]/submit/route";
import { POST as productsPost } from "@/app/api/products/route";
import { PATCH as userPatch } from "@/app/api/users/[id]/route";
import { createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { GET as auditGet } from "./route";

type Team = Awaited<ReturnType<typeof createTeam>>;
type Entry = { action: string; actorId: string | null; actorName: string | null; entityType: string; entityId: string | null; summary: Record<string, unknown>; createdAt: string };

describe("audit trail of admin work", () => {
  let team: Team;
  let other: Team;
  let admin: string;
  let productId: string;
  let secondProductId: string;
  let extraUserId: string;

  const audit = async (query: string, token = admin) => callRoute(auditGet, { token, path: `/api/audit?${query}` });
  const ok = <R extends { status: number; body: unknown }>(response: R, status = 200): R => {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    return response;
  };

  beforeAll(async () => {
    [team, other] = await Promise.all([createTeam(), createTeam()]);
    admin = await tokenFor(team.admin);
    const editor = await tokenFor(team.editor);
    const approver = await tokenFor(team.approver);
    const extra = await createUser({ businessId: team.business.id, role: "viewer", name: "Extra Viewer" });
    extraUserId = extra.id;

    // Product transitions by the editor and the approver.
    const created = ok(await callRoute(productsPost, { token: editor, body: { name: "Audit Desk", description: "A desk.", price: "100.00" } }), 201);
    productId = created.body.id;
    ok(await callRoute(submitPost, { token: editor, params: { id: productId }, body: {} }));
    ok(await callRoute(approvePost, { token: approver, params: { id: productId }, body: {} }));
    const second = ok(await callRoute(productsPost, { token: editor, body: { name: "Audit Chair", description: "A chair.", price: "50.00" } }), 201);
    secondProductId = second.body.id;
    ok(await callRoute(submitPost, { token: editor, params: { id: secondProductId }, body: {} }));
    ok(await callRoute(rejectPost, { token: approver, params: { id: secondProductId }, body: { reason: "Needs a photo" } }));

    // A user change, a settings change and a grant by the admin.
    ok(await callRoute(userPatch, { method: "PATCH", token: admin, params: { id: extraUserId }, body: { role: "editor" } }));
    ok(await callRoute(businessPatch, { method: "PATCH", token: admin, body: { settings: { botName: "Audited Bot", messageCost: 42 } } }));
    ok(await callRoute(creditsPost, { token: admin, body: { userId: extraUserId, amount: 300, reason: "Welcome bonus" } }), 201);

    // The other business's admin works too; none of it may show up for this business.
    ok(await callRoute(businessPatch, { method: "PATCH", token: await tokenFor(other.admin), body: { settings: { botName: "Elsewhere" } } }));
  });

  it("records every product transition, user change, settings change and grant with its actor", async () => {
    const all = ok(await audit("pageSize=100"));
    const entries = all.body.results as Entry[];
    const find = (action: string, entityId: string) => entries.find((entry) => entry.action === action && entry.entityId === entityId);

    expect(find("product.create", productId)).toMatchObject({ actorId: team.editor.id, actorName: team.editor.name, entityType: "product" });
    expect(find("product.submit", productId)).toMatchObject({ actorId: team.editor.id });
    expect(find("product.approve", productId)).toMatchObject({ actorId: team.approver.id, summary: expect.objectContaining({ to: "approved" }) });
    expect(find("product.reject", secondProductId)).toMatchObject({ actorId: team.approver.id, summary: expect.objectContaining({ reason: "Needs a photo" }) });
    expect(find("user.role_change", extraUserId)).toMatchObject({ actorId: team.admin.id, summary: { from: "viewer", to: "editor" } });
    expect(find("business.update", team.business.id)).toMatchObject({
      actorId: team.admin.id,
      actorName: team.admin.name,
      entityType: "business",
      summary: { before: { botName: "Assistant", messageCost: 100 }, after: { botName: "Audited Bot", messageCost: 42 } },
    });
    expect(find("credits.grant", extraUserId)).toMatchObject({
      actorId: team.admin.id,
      entityType: "user",
      summary: expect.objectContaining({ amount: 300, reason: "Welcome bonus", balanceAfter: 4300, userName: "Extra Viewer" }),
    });

    // Newest first, and nothing from the other business.
    const times = entries.map((entry) => entry.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(entries.some((entry) => entry.summary && JSON.stringify(entry.summary).includes("Elsewhere"))).toBe(false);
  });

  it("filters by action, actor, entity and date range", async () => {
    const byAction = ok(await audit("action=credits.grant"));
    expect(byAction.body.count).toBe(1);
    expect(byAction.body.results[0]).toMatchObject({ action: "credits.grant", entityId: extraUserId });

    const byActor = ok(await audit(`actorId=${team.approver.id}`));
    expect((byActor.body.results as Entry[]).map((entry) => entry.action).sort()).toEqual(["product.approve", "product.reject"]);

    const byEntity = ok(await audit(`entityType=product&entityId=${productId}`));
    expect((byEntity.body.results as Entry[]).map((entry) => entry.action).sort()).toEqual(["product.approve", "product.create", "product.submit"]);

    const byType = ok(await audit("entityType=business"));
    expect((byType.body.results as Entry[]).every((entry) => entry.entityType === "business")).toBe(true);
    expect(byType.body.results.some((entry: Entry) => entry.action === "business.update")).toBe(true);

    // Bounds from the entries' own UTC days, so a run across midnight cannot change the answer.
    const everything = ok(await audit("pageSize=100")).body;
    const days = (everything.results as Entry[]).map((entry) => entry.createdAt.slice(0, 10)).sort();
    const shift = (day: string, by: number) => new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
    const first = days[0]!;
    const last = days.at(-1)!;
    expect(ok(await audit(`from=${first}&to=${last}`)).body.count).toBe(everything.count);
    expect(ok(await audit(`to=${shift(first, -1)}`)).body.count).toBe(0);
    expect(ok(await audit(`from=${shift(last, 1)}`)).body.count).toBe(0);
    const settingsDay = (everything.results as Entry[]).find((entry) => entry.action === "business.update")!.createdAt.slice(0, 10);
    expect(ok(await audit(`from=${settingsDay}&to=${settingsDay}&action=business.update`)).body.count).toBe(1);
  });

  it("pages through the log without gaps or repeats", async () => {
    const all = ok(await audit("pageSize=100")).body;
    expect(all.count).toBeGreaterThanOrEqual(9);
    const seen: string[] = [];
    let url: string | null = "/api/audit?pageSize=4";
    let pages = 0;
    while (url) {
      const path: string = url.startsWith("http") ? new URL(url).pathname + new URL(url).search : url;
      const page = ok(await callRoute(auditGet, { token: admin, path }));
      expect(page.body.count).toBe(all.count);
      expect(page.body.results.length).toBeLessThanOrEqual(4);
      if (pages > 0) expect(page.body.previous).not.toBeNull();
      seen.push(...page.body.results.map((entry: { id: string }) => entry.id));
      url = page.body.next;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(all.count / 4));
    expect(seen).toEqual(all.results.map((entry: { id: string }) => entry.id));
  });

  it("is for admins only", async () => {
    for (const user of [team.editor, team.approver, team.viewer]) {
      expect((await audit("", await tokenFor(user))).status).toBe(403);
    }
    expect((await callRoute(auditGet, { path: "/api/audit" })).status).toBe(401);
  });
});
