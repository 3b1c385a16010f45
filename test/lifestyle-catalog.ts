import { createBusiness, createProduct } from "./factories";

/** A small lifestyle shop with the distractors that used to leak into answers. */
export const LIFESTYLE_CATALOG: [name: string, description: string, price: string, category: string, stock: number | null][] = [
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

/**
 * The lifestyle shop's live products in a business, plus what must never be shown: a draft of the
 * same business and a live sofa of another one. Returns product ids by name.
 */
export async function seedLifestyleCatalog(businessId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [name, description, price, category, stock] of LIFESTYLE_CATALOG) {
    const product = await createProduct({ businessId, status: "approved", name, description, price, category, stock });
    ids.set(name, product.id);
  }
  await createProduct({ businessId, status: "draft", name: "Prototype Sofa Bed", price: "99.00", category: "Furniture" });
  const other = await createBusiness();
  await createProduct({ businessId: other.id, status: "approved", name: "Chesterfield Sofa", price: "1.00", category: "Furniture" });
  return ids;
}
