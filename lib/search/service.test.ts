import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { businesses } from "@/db/schema";
import { createBusiness, createProduct } from "@/test/factories";
import { searchCatalog } from "./service";

/** A small lifestyle shop with the distractors that used to leak into answers. */
const CATALOG: [name: string, description: string, price: string, category: string, stock: number | null][] = [
  ["Nordvik 3-Seat Sofa", "A deep three-seat sofa in charcoal wool for the living room.", "899.00", "Furniture", 3],
  ["Linnea Armchair", "A compact armchair with oak legs.", "349.00", "Furniture", 8],
  ["Oak Coffee Table", "Solid oak coffee table with a lower shelf.", "279.00", "Furniture", 5],
  ["Studio Over-Ear Headphones", "Wireless headphones with noise cancelling and a 30-hour battery.", "199.00", "Audio", 12],
  ["Pocket Bluetooth Speaker", "A splash-proof speaker for the park.", "59.00", "Audio", 0],
  ["Mechanical Keyboard", "Tenkeyless keyboard with tactile switches.", "129.00", "Computers", 20],
  ["27-inch 4K Monitor", "IPS panel with USB-C.", "399.00", "Computers", 4],
  ["Adjustable Dumbbells 24 kg", "A pair of dumbbells that adjust from 2 to 24 kg, ideal for home workouts.", "229.00", "Fitness", 6],
  ["Cotton Bath Towels, Set of 4", "Soft towels for home and gym.", "39.00", "Home Textiles", 40],
  ["Wool Throw Blanket", "A warm blanket for cosy evenings at home.", "69.00", "Home Textiles", 15],
  ["Trailblazer Trail Running Shoes", "Grippy trail running shoes with a rock plate.", "139.00", "Footwear", 9],
  ["Summit Hiking Boots", "Waterproof leather hiking boots with ankle support.", "189.00", "Footwear", 7],
  ["City Sneakers", "Everyday canvas sneakers.", "79.00", "Footwear", 30],
  ["Ridge 2-Person Tent", "A light tent that sleeps two people, with two doors.", "249.00", "Camping", 5],
  ["Basecamp 6-Person Tent", "A family tent that sleeps six people.", "459.00", "Camping", 2],
  ["Camp Kitchen Set", "Pots, pans and cutlery for four people.", "89.00", "Camping", 10],
  ["Arc Floor Lamp", "A tall arc floor lamp with a linen shade.", "149.00", "Lighting", 6],
  ["Brass Desk Lamp", "A brass desk lamp with a dimmer.", "89.00", "Lighting", 11],
  ["LED String Lights", "Warm white string lights, 10 m.", "25.00", "Lighting", null],
  ["Pendant Light", "A smoked glass pendant light.", "189.00", "Lighting", 0],
  ["Espresso Machine Pro", "A dual-boiler espresso machine with a steam wand.", "749.00", "Kitchen", 3],
  ["Burr Coffee Grinder", "A conical burr grinder for espresso and filter.", "119.00", "Kitchen", 14],
];

let businessId: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  const business = await createBusiness();
  businessId = business.id;
  for (const [name, description, price, category, stock] of CATALOG) {
    const product = await createProduct({ businessId, status: "approved", name, description, price, category, stock });
    ids.set(name, product.id);
  }
  // What must never be shown: another status, another business.
  await createProduct({ businessId, status: "draft", name: "Prototype Sofa Bed", category: "Furniture" });
  const other = await createBusiness();
  await createProduct({ businessId: other.id, status: "approved", name: "Chesterfield Sofa", category: "Furniture" });
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
