import { beforeAll, describe, expect, it } from "vitest";
import { GET as suggestionsGet } from "@/app/api/chat/suggestions/route";
import { getDb } from "@/db/client";
import { purchases } from "@/db/schema";
import { createProduct, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let rival: Team;

async function buy(input: { team: Team; product: { id: string; name: string; price: string }; times: number }) {
  await getDb()
    .insert(purchases)
    .values(
      Array.from({ length: input.times }, () => ({
        businessId: input.team.business.id,
        userId: input.team.viewer.id,
        productId: input.product.id,
        productName: input.product.name,
        quantity: 1,
        unitPrice: input.product.price,
        total: input.product.price,
      })),
    );
}

beforeAll(async () => {
  team = await createTeam();
  rival = await createTeam();
  const businessId = team.business.id;
  const desk = await createProduct({ businessId, status: "approved", name: "Standing Desk", price: "549.00", category: "Furniture" });
  const chair = await createProduct({ businessId, status: "approved", name: "Ergonomic Chair", price: "249.00", category: "Furniture" });
  await createProduct({ businessId, status: "approved", name: "Desk Lamp", price: "39.00", category: "Lighting" });
  await createProduct({ businessId, status: "approved", name: "Floor Lamp", price: "89.00", category: "Lighting" });
  await createProduct({ businessId, status: "approved", name: "Pendant Light", price: "129.00", category: "Lighting" });
  // Never suggested: not approved, sold out, or another business's.
  await createProduct({ businessId, status: "draft", name: "Secret Prototype", price: "10.00", category: "Prototypes" });
  await createProduct({ businessId, status: "pending_approval", name: "Pending Sofa", price: "999.00", category: "Sofas" });
  const soldOut = await createProduct({ businessId, status: "approved", name: "Sold Out Stool", price: "59.00", category: "Stools", stock: 0 });
  await buy({ team, product: desk, times: 3 });
  await buy({ team, product: chair, times: 1 });
  await buy({ team, product: soldOut, times: 9 });

  const rivalProduct = await createProduct({ businessId: rival.business.id, status: "approved", name: "Rival Gadget", price: "5.00", category: "Gadgets" });
  await buy({ team: rival, product: rivalProduct, times: 20 });
});

describe("GET /api/chat/suggestions", () => {
  it("suggests from the business's categories with approved products and its best sellers", async () => {
    const res = await callRoute(suggestionsGet, { token: await tokenFor(team.viewer) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      suggestions: [
        "Tell me about the Standing Desk",
        "Show me Lighting under $100",
        "What goes with the Standing Desk?",
        "Show me Furniture under $500",
        "Tell me about the Ergonomic Chair",
      ],
    });
  });

  it("never draws on another business, drafts, pending or sold-out products", async () => {
    const mine = (await callRoute(suggestionsGet, { token: await tokenFor(team.admin) })).body.suggestions.join("\n");
    for (const hidden of ["Rival", "Gadgets", "Prototype", "Pending Sofa", "Sofas", "Sold Out Stool", "Stools"]) expect(mine).not.toContain(hidden);

    const theirs = await callRoute(suggestionsGet, { token: await tokenFor(rival.viewer) });
    expect(theirs.status).toBe(200);
    expect(theirs.body.suggestions[0]).toBe("Tell me about the Rival Gadget");
    expect(theirs.body.suggestions.join("\n")).not.toMatch(/Standing Desk|Lighting|Furniture/);
  });

  it("offers every role of the business the same prompts", async () => {
    const viewer = (await callRoute(suggestionsGet, { token: await tokenFor(team.viewer) })).body;
    for (const member of [team.editor, team.approver]) {
      const res = await callRoute(suggestionsGet, { token: await tokenFor(member) });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(viewer);
    }
  });

  it("gives a business with nothing approved four general prompts", async () => {
    const empty = await createTeam();
    const res = await callRoute(suggestionsGet, { token: await tokenFor(empty.viewer) });
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toHaveLength(4);
  });

  it("refuses a caller without a token with 401 JSON", async () => {
    const res = await callRoute(suggestionsGet, {});
    expect(res.status).toBe(401);
    expect(res.body.error).toBe("unauthorized");
  });
});
