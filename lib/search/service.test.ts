import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { businesses } from "@/db/schema";
import { createBusiness } from "@/test/factories";
import { seedLifestyleCatalog } from "@/test/lifestyle-catalog";
import { searchCatalog } from "./service";

let businessId: string;

beforeAll(async () => {
  const business = await createBusiness();
  businessId = business.id;
  await seedLifestyleCatalog(businessId);
});

async function names(text: string, limit = 5): Promise<string[]> {
  return (await searchCatalog({ businessId, text, limit })).products.map((product) => product.name);
}

describe("catalog search for the assistant", () => {
  it("finds a sofa when a shopper asks for a couch, and never another business's or an unapproved one", async () => {
    expect(await names("do you sell a couch?")).toEqual(["Nordvik 3-Seat Sofa"]);
    expect(await names("sofas")).toEqual(["Nordvik 3-Seat Sofa"]);
  });

  it("reads misspelt words as the catalog's own", async () => {
    const search = await searchCatalog({ businessId, text: "hedphones", limit: 5 });
    expect(search.products.map((product) => product.name)).toEqual(["Studio Over-Ear Headphones"]);
    expect(search.corrections).toEqual([{ from: "hedphones", to: "headphones" }]);
    expect(await names("keybord")).toEqual(["Mechanical Keyboard"]);
    expect(await names("a new monitr")).toEqual(["27-inch 4K Monitor"]);
  });

  it("does not show towels and blankets for weights because they mention home", async () => {
    expect(await names("weights for home workouts")).toEqual(["Adjustable Dumbbells 24 kg"]);
  });

  it("keeps a kitchen set out of a tent question", async () => {
    const found = await names("which tent for two people");
    expect(found).toEqual(expect.arrayContaining(["Ridge 2-Person Tent", "Basecamp 6-Person Tent"]));
    expect(found).not.toContain("Camp Kitchen Set");
  });

  it("applies price constraints as filters, not words", async () => {
    expect(await names("lighting under $100", 10)).toEqual(["LED String Lights", "Brass Desk Lamp"]);
    expect(await names("any lamps under 100 dollars")).toEqual(["Brass Desk Lamp"]);
    expect(await names("something between 50 and 80 dollars", 10)).toEqual(["Pocket Bluetooth Speaker", "Wool Throw Blanket", "City Sneakers"]);
  });

  it("orders by price for cheapest and most expensive, and takes the count asked", async () => {
    expect(await names("three cheapest items")).toEqual(["LED String Lights", "Cotton Bath Towels, Set of 4", "Pocket Bluetooth Speaker"]);
    expect(await names("most expensive tent")).toEqual(["Basecamp 6-Person Tent", "Ridge 2-Person Tent"]);
    expect(await names("cheapest lamp")).toEqual(["Brass Desk Lamp", "Arc Floor Lamp"]);
  });

  it("filters by stock when the shopper asks what is in stock", async () => {
    expect(await names("lighting in stock", 10)).toEqual(expect.arrayContaining(["Arc Floor Lamp", "Brass Desk Lamp", "LED String Lights"]));
    expect(await names("lighting in stock", 10)).not.toContain("Pendant Light");
  });

  it("ranks a name match above a description match and the exact phrase above scattered words", async () => {
    expect((await names("coffee"))[0]).toBe("Oak Coffee Table");
    expect((await names("trail running shoes"))[0]).toBe("Trailblazer Trail Running Shoes");
    expect(await names("espresso machine")).toEqual(["Espresso Machine Pro"]);
  });

  it("uses the business's own synonyms", async () => {
    expect(await names("a chesterfield")).toEqual([]);
    await getDb().update(businesses).set({ synonyms: [["chesterfield", "sofa"]] }).where(eq(businesses.id, businessId));
    expect(await names("a chesterfield")).toEqual(["Nordvik 3-Seat Sofa"]);
  });

  it("finds nothing for what the shop does not sell, and suggests the closest categories", async () => {
    const search = await searchCatalog({ businessId, text: "do you have surfboards?", limit: 5 });
    expect(search.products).toEqual([]);
    expect(search.suggestedCategories.length).toBeGreaterThan(0);
    const stove = await searchCatalog({ businessId, text: "a camping stove", limit: 5 });
    expect(stove.products).toEqual([]);
    expect(stove.suggestedCategories[0]).toBe("Camping");
    expect(await names("a comfy sofa")).toEqual(["Nordvik 3-Seat Sofa"]);
  });
});
