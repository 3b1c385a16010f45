import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { updateBusiness } from "@/lib/business/service";
import { resetEnv } from "@/lib/env";
import { actorOf, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { seedLifestyleCatalog } from "@/test/lifestyle-catalog";

// No OPENAI_API_KEY: the built-in assistant answers, as on every new install.
delete process.env.OPENAI_API_KEY;
resetEnv();

type Answer = { response: string; message: { productCards: { id: string; name: string; price: string; stock?: number | null }[] | null }; proposal?: { productName: string; quantity: number } };

let team: Awaited<ReturnType<typeof createTeam>>;
let token: string;
let ids: Map<string, string>;

beforeAll(async () => {
  team = await createTeam();
  ids = await seedLifestyleCatalog(team.business.id);
  await getDb().update(users).set({ credits: 100_000 }).where(eq(users.id, team.viewer.id));
  token = await tokenFor(team.viewer);
});

async function ask(message: string): Promise<Answer & { cards: string[] }> {
  const response = await callRoute(chatPost, { body: { message }, token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  const body = response.body as Answer;
  return { ...body, cards: (body.message.productCards ?? []).map((card) => card.name) };
}

/** Every bold name and every price in an answer belongs to a product the shop sells at that price. */
function expectNothingInvented(text: string) {
  const catalog = new Map([...ids.keys()].map((name) => [name, name]));
  for (const [, name] of text.matchAll(/\*\*([^*]+)\*\*/g)) expect(catalog.has(name!), `invented name: ${name}`).toBe(true);
}

describe("the built-in assistant through POST /api/chat", () => {
  it("finds the sofa for a couch (built-in synonym) and says nothing untrue", async () => {
    const answer = await ask("do you sell a couch?");
    expect(answer.cards).toEqual(["Nordvik 3-Seat Sofa"]);
    expect(answer.response).toContain("$899.00");
    expectNothingInvented(answer.response);
  });

  it("uses the business's own synonyms", async () => {
    await updateBusiness(actorOf(team.admin), { settings: { synonyms: [["chesterfield", "sofa"]] } });
    const answer = await ask("Have you got a chesterfield?");
    expect(answer.cards).toEqual(["Nordvik 3-Seat Sofa"]);
  });

  it("reads a misspelt word and says how it read it", async () => {
    const answer = await ask("hedphones");
    expect(answer.cards).toEqual(["Studio Over-Ear Headphones"]);
    expect(answer.response).toContain("“hedphones” as “headphones”");
  });

  it("filters by price and category and says what it applied", async () => {
    const answer = await ask("lighting under $100");
    expect(answer.cards).toEqual(["LED String Lights", "Brass Desk Lamp"]);
    expect(answer.response).toMatch(/in Lighting under \$100\.00/);
    expectNothingInvented(answer.response);
  });

  it("answers the three cheapest items in price order", async () => {
    const answer = await ask("what are your three cheapest items?");
    expect(answer.cards).toEqual(["LED String Lights", "Cotton Bath Towels, Set of 4", "Pocket Bluetooth Speaker"]);
    expect(answer.response).toContain("3 cheapest");
  });

  it("filters by stock", async () => {
    const answer = await ask("which lighting is in stock?");
    expect(answer.cards).not.toContain("Pendant Light");
    expect(answer.cards.length).toBeGreaterThan(0);
  });

  it("compares two named products in a table, with their cards only", async () => {
    const answer = await ask("compare the trail shoes and the hiking boots");
    expect(answer.cards).toEqual(["Trailblazer Trail Running Shoes", "Summit Hiking Boots"]);
    expect(answer.response).toContain("| **Trailblazer Trail Running Shoes** | **Summit Hiking Boots** |");
    expect(answer.response).toMatch(/\| Price \| \$139\.00 \| \$189\.00 \|/);
    expectNothingInvented(answer.response);
  });

  it("suggests what goes with a product from what is made for it and its category, never another of its kind", async () => {
    const answer = await ask("what goes with the espresso machine?");
    expect(answer.cards).toContain("Burr Coffee Grinder");
    expect(answer.cards).not.toContain("Espresso Machine Pro");
    expectNothingInvented(answer.response);
  });

  it("asks which one when a purchase request matches several products, and proposes nothing", async () => {
    const answer = await ask("buy a lamp");
    expect(answer.proposal).toBeUndefined();
    expect(answer.response).toMatch(/not sure which product/);
    expect(answer.cards).toEqual(expect.arrayContaining(["Arc Floor Lamp", "Brass Desk Lamp"]));
  });

  it("proposes the one product that really matches", async () => {
    const answer = await ask("buy 2 Summit Hiking Boots");
    expect(answer.proposal).toMatchObject({ productName: "Summit Hiking Boots", quantity: 2 });
  });

  it("says plainly when nothing matches and offers the closest categories, with no cards", async () => {
    const answer = await ask("do you have a camping stove?");
    expect(answer.cards).toEqual([]);
    expect(answer.response).toMatch(/couldn't find anything matching/);
    expect(answer.response).toContain("Camping");
    const tent = await ask("which tent for two people");
    expect(tent.cards).not.toContain("Camp Kitchen Set");
    expect(tent.cards[0]).toBe("Ridge 2-Person Tent");
  });
});
