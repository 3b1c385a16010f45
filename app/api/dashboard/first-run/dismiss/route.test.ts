import { describe, expect, it } from "vitest";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { GET as getStats } from "../../stats/route";
import { GET, POST } from "./route";

describe("POST /api/dashboard/first-run/dismiss", () => {
  it("hides the checklist for the admin's business only; the stats carry it from then on", async () => {
    const team = await createTeam();
    const other = await createTeam();
    await createProduct({ businessId: team.business.id });
    const token = await tokenFor(team.admin);
    const before = await callRoute(getStats, { token });
    // A team has several members and a product: two steps done, two open.
    expect(before.body.firstRun).toEqual({ dismissed: false, done: { product: true, teammate: true, assistant: false, botName: false } });

    const dismissed = await callRoute(POST, { token, method: "POST", path: "/api/dashboard/first-run/dismiss" });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toEqual({ firstRun: { ...before.body.firstRun, dismissed: true } });
    expect((await callRoute(getStats, { token })).body.firstRun.dismissed).toBe(true);
    // Again: the same answer.
    expect((await callRoute(POST, { token, method: "POST" })).body.firstRun.dismissed).toBe(true);
    expect((await callRoute(getStats, { token: await tokenFor(other.admin) })).body.firstRun.dismissed).toBe(false);
  });

  it("is the admin's: other roles 403, anonymous 401, GET 405", async () => {
    const team = await createTeam();
    for (const user of [team.editor, team.approver, team.viewer]) {
      const denied = await callRoute(POST, { token: await tokenFor(user), method: "POST" });
      expect(denied.status).toBe(403);
    }
    expect((await callRoute(POST, { method: "POST" })).status).toBe(401);
    expect((await callRoute(GET, { token: await tokenFor(team.admin) })).status).toBe(405);
    expect((await callRoute(getStats, { token: await tokenFor(team.admin) })).body.firstRun.dismissed).toBe(false);
  });
});
