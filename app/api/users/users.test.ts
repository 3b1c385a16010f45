import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, creditTransactions, users } from "@/db/schema";
import { createBusiness, createTeam, createUser, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as createInvite } from "@/app/api/invites/route";
import { DELETE, PATCH } from "./[id]/route";
import { GET as list, POST as create } from "./route";

async function auditActions(entityId: string) {
  const rows = await getDb().select({ action: auditLog.action, summary: auditLog.summary }).from(auditLog).where(eq(auditLog.entityId, entityId));
  return rows;
}

describe("GET /api/users", () => {
  it("lists the admin's business only, paginated, and never includes a password hash", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const token = await tokenFor(team.admin);
    const page = await callRoute(list, { token, path: "/api/users?pageSize=3" });
    expect(page.status).toBe(200);
    expect(page.body.count).toBe(4);
    expect(page.body.results).toHaveLength(3);
    expect(page.body.next).toContain("page=2");
    expect(page.body.previous).toBeNull();
    const second = await callRoute(list, { token, path: "/api/users?pageSize=3&page=2" });
    expect(second.body.results).toHaveLength(1);
    expect(second.body.next).toBeNull();

    const all = [...page.body.results, ...second.body.results];
    expect(all.map((user: { id: string }) => user.id).sort()).toEqual(
      [team.admin.id, team.editor.id, team.approver.id, team.viewer.id].sort(),
    );
    expect(all.some((user: { id: string }) => [other.admin.id, other.viewer.id].includes(user.id))).toBe(false);
    for (const user of all) {
      expect(Object.keys(user).sort()).toEqual(["active", "createdAt", "credits", "email", "id", "lastLoginAt", "name", "role"]);
    }
    expect(page.text + second.text).not.toMatch(/password|argon2/i);
  });

  it("filters by role, status and text", async () => {
    const team = await createTeam();
    const token = await tokenFor(team.admin);
    const editors = await callRoute(list, { token, path: "/api/users?role=editor" });
    expect(editors.body.results.map((user: { id: string }) => user.id)).toEqual([team.editor.id]);
    await getDb().update(users).set({ active: false }).where(eq(users.id, team.viewer.id));
    const inactive = await callRoute(list, { token, path: "/api/users?status=inactive" });
    expect(inactive.body.results.map((user: { id: string }) => user.id)).toEqual([team.viewer.id]);
    const byEmail = await callRoute(list, { token, path: `/api/users?q=${encodeURIComponent(team.approver.email.slice(0, 12))}` });
    expect(byEmail.body.results.map((user: { id: string }) => user.id)).toEqual([team.approver.id]);
  });

  it.each(["editor", "approver", "viewer"] as const)("is forbidden to a %s (403)", async (role) => {
    const team = await createTeam();
    const response = await callRoute(list, { token: await tokenFor(team[role]) });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe("forbidden");
  });

  it("is 401 without a token", async () => {
    expect((await callRoute(list, {})).status).toBe(401);
  });
});

describe("POST /api/users", () => {
  it("creates a user with the business's initial credits who can then sign in", async () => {
    const business = await createBusiness({ initialCredits: 1234 });
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const email = uniqueEmail("new");
    const response = await callRoute(create, {
      method: "POST",
      token: await tokenFor(admin),
      body: { email, name: "New Person", role: "approver", password: "brand new password" },
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email, name: "New Person", role: "approver", active: true, credits: 1234, lastLoginAt: null });
    expect(response.body.temporaryPassword).toBeUndefined();
    expect(response.text).not.toMatch(/password_?hash|argon2/i);

    const ledger = await getDb().select().from(creditTransactions).where(eq(creditTransactions.userId, response.body.user.id));
    expect(ledger).toMatchObject([{ kind: "signup", amount: 1234, balanceAfter: 1234, createdBy: admin.id }]);
    expect((await auditActions(response.body.user.id)).map((row) => row.action)).toEqual(["user.create"]);

    const signIn = await callRoute(login, { method: "POST", body: { email, password: "brand new password" }, headers: { "x-forwarded-for": "192.0.2.1" } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.role).toBe("approver");
  });

  it("without a password returns a temporary one, once, that signs in", async () => {
    const team = await createTeam();
    const email = uniqueEmail("temp");
    const response = await callRoute(create, { method: "POST", token: await tokenFor(team.admin), body: { email, name: "Temp", role: "viewer" } });
    expect(response.status).toBe(201);
    expect(response.body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const signIn = await callRoute(login, {
      method: "POST",
      body: { email, password: response.body.temporaryPassword },
      headers: { "x-forwarded-for": "192.0.2.2" },
    });
    expect(signIn.status).toBe(200);
  });

  it("409 for a taken email in any letter case; 400 with fields for bad input; 403 for non-admins", async () => {
    const team = await createTeam();
    const token = await tokenFor(team.admin);
    const taken = await callRoute(create, { method: "POST", token, body: { email: team.viewer.email.toUpperCase(), name: "Dup", role: "viewer" } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe("conflict");

    const bad = await callRoute(create, { method: "POST", token, body: { email: "nope", name: "", role: "owner", password: "short" } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["email", "name", "password", "role"]);

    const sneaky = await callRoute(create, { method: "POST", token, body: { email: uniqueEmail(), name: "S", role: "viewer", businessId: crypto.randomUUID() } });
    expect(sneaky.status).toBe(400);

    const forbidden = await callRoute(create, { method: "POST", token: await tokenFor(team.editor), body: { email: uniqueEmail(), name: "E", role: "admin" } });
    expect(forbidden.status).toBe(403);
  });
});

describe("PATCH /api/users/:id and DELETE /api/users/:id", () => {
  it("changes role and name with audit entries; the new role applies to the user's next request", async () => {
    const team = await createTeam();
    const response = await callRoute(PATCH, {
      method: "PATCH",
      token: await tokenFor(team.admin),
      params: { id: team.viewer.id },
      body: { role: "editor", name: "Vera Viewer" },
    });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ id: team.viewer.id, role: "editor", name: "Vera Viewer" });
    const actions = await auditActions(team.viewer.id);
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: "user.role_change", summary: { email: team.viewer.email, from: "viewer", to: "editor" } }),
        expect.objectContaining({ action: "user.update", summary: { email: team.viewer.email, name: { from: team.viewer.name, to: "Vera Viewer" } } }),
      ]),
    );
    // The token still says "viewer"; the server trusts the row.
    const asPromoted = await callRoute(list, { token: await tokenFor(team.viewer) });
    expect(asPromoted.status).toBe(403);
    const demotedAdmin = await callRoute(PATCH, { method: "PATCH", token: await tokenFor(team.admin), params: { id: team.editor.id }, body: { role: "admin" } });
    expect(demotedAdmin.status).toBe(200);
    expect((await callRoute(list, { token: await tokenFor(team.editor) })).status).toBe(200);
  });

  it("deactivates (204) and reactivates with audit entries; a reactivated user can sign in again", async () => {
    const team = await createTeam();
    const token = await tokenFor(team.admin);
    const off = await callRoute(DELETE, { method: "DELETE", token, params: { id: team.approver.id } });
    expect(off.status).toBe(204);
    const [row] = await getDb().select({ active: users.active }).from(users).where(eq(users.id, team.approver.id));
    expect(row!.active).toBe(false);
    const headers = { "x-forwarded-for": "192.0.2.3" };
    expect((await callRoute(login, { method: "POST", body: { email: team.approver.email, password: "correct horse battery" }, headers })).status).toBe(401);

    const on = await callRoute(PATCH, { method: "PATCH", token, params: { id: team.approver.id }, body: { active: true } });
    expect(on.status).toBe(200);
    expect(on.body.user.active).toBe(true);
    expect((await callRoute(login, { method: "POST", body: { email: team.approver.email, password: "correct horse battery" }, headers })).status).toBe(200);
    expect((await auditActions(team.approver.id)).map((entry) => entry.action).sort()).toEqual(["user.deactivate", "user.reactivate"]);
  });

  it("refuses to demote or deactivate the last active admin (409), allows it when another admin exists", async () => {
    const team = await createTeam();
    const token = await tokenFor(team.admin);
    for (const [method, handler, body] of [
      ["PATCH", PATCH, { role: "editor" }],
      ["PATCH", PATCH, { active: false }],
      ["DELETE", DELETE, undefined],
    ] as const) {
      const response = await callRoute(handler, { method, token, params: { id: team.admin.id }, body });
      expect(response.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expect(response.body.error).toBe("conflict");
    }
    const [still] = await getDb().select({ role: users.role, active: users.active }).from(users).where(eq(users.id, team.admin.id));
    expect(still).toEqual({ role: "admin", active: true });

    // An inactive admin does not count as the remaining one.
    const dormant = await createUser({ businessId: team.business.id, role: "admin", active: false });
    expect((await callRoute(PATCH, { method: "PATCH", token, params: { id: team.admin.id }, body: { role: "viewer" } })).status).toBe(409);

    await callRoute(PATCH, { method: "PATCH", token, params: { id: dormant.id }, body: { active: true } });
    const demoted = await callRoute(PATCH, { method: "PATCH", token, params: { id: team.admin.id }, body: { role: "viewer" } });
    expect(demoted.status).toBe(200);
  });

  it("two admins demoting each other at the same time leave one admin", async () => {
    const business = await createBusiness();
    const first = await createUser({ businessId: business.id, role: "admin" });
    const second = await createUser({ businessId: business.id, role: "admin" });
    const results = await Promise.all([
      callRoute(PATCH, { method: "PATCH", token: await tokenFor(first), params: { id: second.id }, body: { role: "editor" } }),
      callRoute(PATCH, { method: "PATCH", token: await tokenFor(second), params: { id: first.id }, body: { role: "editor" } }),
    ]);
    const admins = await getDb()
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(users)
      .where(sql`${users.businessId} = ${business.id} and ${users.role} = 'admin' and ${users.active}`);
    expect(admins[0]!.count).toBe(1);
    // The loser either found the other already demoted (403 as it is no longer admin) or hit the last-admin rule.
    expect(results.map((result) => result.status).sort()).toEqual([200, expect.any(Number)]);
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
  });

  it("an admin of business B touching a user of business A gets 404, and nothing changes", async () => {
    const a = await createTeam();
    const b = await createTeam();
    const token = await tokenFor(b.admin);
    const patch = await callRoute(PATCH, { method: "PATCH", token, params: { id: a.viewer.id }, body: { role: "admin" } });
    expect(patch.status).toBe(404);
    expect(patch.body.error).toBe("not_found");
    expect((await callRoute(DELETE, { method: "DELETE", token, params: { id: a.viewer.id } })).status).toBe(404);
    expect((await callRoute(PATCH, { method: "PATCH", token, params: { id: "not-a-uuid" }, body: { name: "X" } })).status).toBe(404);
    const [row] = await getDb().select({ role: users.role, active: users.active }).from(users).where(eq(users.id, a.viewer.id));
    expect(row).toEqual({ role: "viewer", active: true });
  });

  it("400 for an empty or unknown change, 403 for non-admins", async () => {
    const team = await createTeam();
    const empty = await callRoute(PATCH, { method: "PATCH", token: await tokenFor(team.admin), params: { id: team.viewer.id }, body: {} });
    expect(empty.status).toBe(400);
    const extra = await callRoute(PATCH, { method: "PATCH", token: await tokenFor(team.admin), params: { id: team.viewer.id }, body: { credits: 1e6 } });
    expect(extra.status).toBe(400);
    const forbidden = await callRoute(PATCH, { method: "PATCH", token: await tokenFor(team.editor), params: { id: team.viewer.id }, body: { role: "admin" } });
    expect(forbidden.status).toBe(403);
  });
});

describe("POST /api/invites", () => {
  it("admins only; records an audit entry; validates the role", async () => {
    const team = await createTeam();
    const response = await callRoute(createInvite, { method: "POST", token: await tokenFor(team.admin), body: { role: "approver", email: "guest@example.test" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body).toMatchObject({ role: "approver", email: "guest@example.test" });
    expect(Buffer.from(response.body.inviteCode, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const entries = await getDb().select().from(auditLog).where(eq(auditLog.action, "invite.create"));
    expect(entries.filter((entry) => entry.businessId === team.business.id)).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain(response.body.inviteCode);

    expect((await callRoute(createInvite, { method: "POST", token: await tokenFor(team.editor), body: { role: "viewer" } })).status).toBe(403);
    expect((await callRoute(createInvite, { method: "POST", token: await tokenFor(team.admin), body: { role: "owner" } })).status).toBe(400);
  });
});
