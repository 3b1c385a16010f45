import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/permissions";
import { updateBusiness } from "@/lib/business/service";
import { approveProduct, deleteProduct } from "@/lib/products/service";
import { actorOf, createBusiness, createProduct, createUser } from "@/test/factories";
import { seedLifestyleCatalog } from "@/test/lifestyle-catalog";
import { searchCatalog } from "./service";

let businessId: string;
let admin: Actor;

beforeAll(async () => {
  const business = await createBusiness();
  businessId = business.id;
  admin = actorOf(await createUser({ businessId, role: "admin" }));
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

  it("uses the business's own synonyms, from the moment they are saved", async () => {
    expect(await names("a chesterfield")).toEqual([]);
    await updateBusiness(admin, { settings: { synonyms: [["chesterfield", "sofa"]] } });
    expect(await names("a chesterfield")).toEqual(["Nordvik 3-Seat Sofa"]);
    await updateBusiness(admin, { settings: { synonyms: [] } });
    expect(await names("a chesterfield")).toEqual([]);
  });

  it("knows a category from the moment its first product is live, and forgets it when the last one goes", async () => {
    const named = async (text: string) => (await searchCatalog({ businessId, text, limit: 5 })).category;
    const [editor, approver] = await Promise.all([createUser({ businessId, role: "editor" }), createUser({ businessId, role: "approver" })]);
    const board = await createProduct({
      businessId, status: "pending_approval", createdBy: editor.id, submittedBy: editor.id, name: "Longboard", category: "Surfing", price: "420.00",
    });
    expect(await named("surfing")).toBeNull();
    await approveProduct(actorOf(approver), { productId: board.id });
    expect(await named("surfing")).toBe("Surfing");
    await deleteProduct(admin, { productId: board.id });
    expect(await named("surfing")).toBeNull();
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
