import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { purchases } from "@/db/schema";
import { getDashboardStats } from "@/lib/dashboard/service";
import { actorOf, createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { GET } from "./route";

// Every number is proven exact in lib/dashboard/service.test.ts; here the route must serve exactly those.
describe("GET /api/dashboard/stats", () => {
  it("serves the admin their business's stats and refuses editors, approvers, viewers and anonymous callers", async () => {
    const team = await createTeam();
    const lamp = await createProduct({ businessId: team.business.id, status: "approved", createdBy: team.editor.id, price: "10.00" });
    await createProduct({ businessId: team.business.id, status: "pending_approval", createdBy: team.editor.id, submittedAt: new Date() });
    await getDb()
      .insert(purchases)
      .values({ businessId: team.business.id, userId: team.viewer.id, productId: lamp.id, productName: lamp.name, quantity: 2, unitPrice: "10.00", total: "20.00" });

    const ok = await callRoute(GET, { token: await tokenFor(team.admin) });
    const expected = await getDashboardStats(actorOf(team.admin));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const { generatedAt, series, ...rest } = ok.body;
    const { generatedAt: computedAt, series: expectedSeries, ...expectedRest } = expected;
    expect(Date.parse(generatedAt)).toBeLessThanOrEqual(Date.parse(computedAt));
    expect(rest).toEqual(expectedRest);
    expect(rest.purchases).toEqual({ count: 1, revenue: "20.00" });
    expect(rest.pendingApprovals.count).toBe(1);
    expect(rest.users.byRole).toEqual({ admin: 1, editor: 1, approver: 1, viewer: 1 });
    // The HTTP call uses the clock: the series must end today, and equals the service's unless midnight passed in between.
    const today = new Date().toISOString().slice(0, 10);
    expect([today, expectedSeries.at(-1)!.date]).toContain(series.at(-1).date);
    if (series.at(-1).date === expectedSeries.at(-1)!.date) expect(series).toEqual(expectedSeries);

    for (const user of [team.editor, team.approver, team.viewer]) {
      const denied = await callRoute(GET, { token: await tokenFor(user) });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toBe("forbidden");
    }
    const anonymous = await callRoute(GET, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe("unauthorized");
  });

  it("counts the days of ?timeZone= (UTC without it) and answers a zone nobody knows with a 400 on the field", async () => {
    const team = await createTeam();
    const token = await tokenFor(team.admin);
    expect((await callRoute(GET, { token })).body.timeZone).toBe("UTC");
    const berlin = await callRoute(GET, { token, path: "/api/dashboard/stats?timeZone=Europe%2FBerlin" });
    expect(berlin.status).toBe(200);
    expect(berlin.body.timeZone).toBe("Europe/Berlin");
    for (const timeZone of ["Nowhere/Else", "x".repeat(65)]) {
      const refused = await callRoute(GET, { token, path: `/api/dashboard/stats?${new URLSearchParams({ timeZone })}` });
      expect(refused.status, timeZone).toBe(400);
      expect(refused.body).toMatchObject({ error: "invalid_request", fields: { timeZone: [expect.any(String)] } });
    }
  });
});
