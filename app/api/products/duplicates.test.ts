import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as duplicatesRoute from "@/app/api/products/duplicates/route";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let editor: string;

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  editor = await tokenFor(team.editor);
});

function duplicates(query: Record<string, string>, token: string | null = editor) {
  return callRoute(duplicatesRoute.GET, { token, path: `/api/products/duplicates?${new URLSearchParams(query)}` });
}

describe("GET /api/products/duplicates", () => {
  it("finds the business's products with the same name (trimmed, any case) or SKU, says which matched, and leaves out the one being edited", async () => {
    const tag = randomUUID().slice(0, 8);
    const byName = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, name: `Oak Desk ${tag}`, status: "approved" });
    const bySku = await createProduct({ businessId: team.business.id, createdBy: team.editor.id, name: `Walnut Desk ${tag}`, sku: `DESK-${tag}` });
    await createProduct({ businessId: team.business.id, name: `Oak Desk ${tag} XL` });
    // Another business's twin is none of this business's concern.
    await createProduct({ businessId: other.business.id, name: `Oak Desk ${tag}`, sku: `DESK-${tag}` });

    const response = await duplicates({ name: `  oak desk ${tag.toUpperCase()} `, sku: `desk-${tag}` });
    expect(response.status).toBe(200);
    expect(response.body.results).toHaveLength(2);
    expect(response.body.results).toEqual(
      expect.arrayContaining([
        { id: byName.id, name: byName.name, sku: null, status: "approved", matchedBy: "name" },
        { id: bySku.id, name: bySku.name, sku: `DESK-${tag}`, status: "draft", matchedBy: "sku" },
      ]),
    );

    const editing = await duplicates({ name: byName.name, excludeId: byName.id });
    expect(editing.body.results).toEqual([]);
    expect((await duplicates({ sku: `DESK-${tag}` })).body.results.map((row: { id: string }) => row.id)).toEqual([bySku.id]);
    expect((await duplicates({ name: `Nothing like it ${tag}` })).body.results).toEqual([]);
  });

  it("shows only what the caller may see: an approver is not told of another's draft", async () => {
    const tag = randomUUID().slice(0, 8);
    await createProduct({ businessId: team.business.id, createdBy: team.editor.id, name: `Secret draft ${tag}` });
    const approver = await tokenFor(team.approver);
    expect((await duplicates({ name: `Secret draft ${tag}` }, approver)).body.results).toEqual([]);
    expect((await duplicates({ name: `Secret draft ${tag}` })).body.results).toHaveLength(1);
  });

  it("needs a name or a sku (400), and staff (viewer 403, signed out 401)", async () => {
    const queries: Record<string, string>[] = [{}, { name: "  " }, { excludeId: randomUUID() }, { name: "x".repeat(201) }];
    for (const query of queries) {
      const response = await duplicates(query);
      expect({ query, status: response.status, error: response.body.error }).toEqual({ query, status: 400, error: "invalid_request" });
    }
    expect((await duplicates({ name: "Desk" }, await tokenFor(team.viewer))).status).toBe(403);
    expect((await duplicates({ name: "Desk" }, null)).status).toBe(401);
    // A malformed excludeId excludes nothing rather than failing.
    expect((await duplicates({ name: "Desk", excludeId: "not-an-id" })).status).toBe(200);
  });
});
