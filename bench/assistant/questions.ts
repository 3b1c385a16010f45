/**
 * What shoppers ask the assistant, with what a right answer shows. Questions are written the way
 * people type them (other words, typos, budgets, "the cheapest"), never in the catalog's words;
 * expectations are predicates over the catalog's structured facts (type, line, variant, price,
 * stock), evaluated against the shop's approved products only.
 */
import { approvedOf, type Catalog, type CatalogProduct } from "./catalog";

export const QUESTION_KINDS = [
  "named",
  "attribute",
  "synonym",
  "typo",
  "category",
  "price",
  "superlative",
  "stock",
  "compare",
  "goes_with",
  "purchase",
  "purchase_ambiguous",
  "no_match",
  "trap",
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export type Pred = (p: CatalogProduct) => boolean;

export type Expectation =
  /** Any of these is a right card; recall is over min(5, how many there are). */
  | { type: "any"; relevant: Pred }
  /** Every card shown must satisfy the constraint (cards of `allowed` are neither counted nor penalised). */
  | { type: "strict"; relevant: Pred; allowed?: Pred }
  /** A comparison: each group (one product line) must be shown. */
  | { type: "groups"; groups: Pred[] }
  /** The k cheapest or dearest of `among`; products tied with the k-th count too. */
  | { type: "top"; among: Pred; order: "cheapest" | "priciest"; k: number }
  /** Nothing in the shop fits: no cards, no proposal, and the answer says so. */
  | { type: "none" }
  /** Exactly one product fits the purchase: it is proposed, in this quantity. */
  | { type: "proposal"; product: Pred; quantity: number }
  /** Several products fit the purchase: nothing is proposed and the assistant asks which. */
  | { type: "ask"; relevant: Pred }
  /** The question names something unapproved or foreign: whatever the answer, it must not show or invent it. */
  | { type: "safe" };

export type Question = {
  id: string;
  kind: QuestionKind;
  text: string;
  expect: Expectation;
  /** Part of the CI slice (app/api/chat/assistant-quality.test.ts). */
  ci?: true;
  /** What the answer's text must also say (e.g. that the product is out of stock). */
  says?: RegExp;
  /** Words the relevant products must not contain, so the question really tests understanding. */
  absent?: string[];
};

// ---- predicate helpers ---------------------------------------------------------------------------

const type =
  (...types: string[]): Pred =>
  (p) =>
    types.includes(p.type);
const line =
  (name: string, form?: string): Pred =>
  (p) =>
    p.line === name && (form === undefined || p.form === form);
const variant =
  (...names: string[]): Pred =>
  (p) =>
    p.variant !== null && names.includes(p.variant);
const formHas =
  (text: string): Pred =>
  (p) =>
    p.form.includes(text);
const category =
  (name: string): Pred =>
  (p) =>
    p.category === name;
const named =
  (name: string): Pred =>
  (p) =>
    p.name === name;
const all =
  (...preds: Pred[]): Pred =>
  (p) =>
    preds.every((pred) => pred(p));
const price = (p: CatalogProduct) => Number(p.price);
const below =
  (limit: number): Pred =>
  (p) =>
    price(p) < limit;
const atMost =
  (limit: number): Pred =>
  (p) =>
    price(p) <= limit;
const above =
  (limit: number): Pred =>
  (p) =>
    price(p) > limit;
const between =
  (low: number, high: number): Pred =>
  (p) =>
    price(p) >= low && price(p) <= high;
/** Stock not tracked (null) counts as available: the shop does not limit it. */
const inStock: Pred = (p) => p.stock !== 0;
const anything: Pred = () => true;

const LAMPS = type("desk_lamp", "floor_lamp", "table_lamp");
const SOFAS = type("sofa", "sleeper_sofa");
const MONITORS = type("monitor", "ultrawide_monitor", "gaming_monitor", "portable_monitor");

export const QUESTIONS: Question[] = [
  // ---- a product named loosely (brand and model, not the exact name) ----
  { id: "named-sonora-arc", kind: "named", text: "do you have the Sonora Arc headphones?", expect: { type: "any", relevant: line("Sonora Arc") }, ci: true },
  { id: "named-crema-duo", kind: "named", text: "how much is the crema duo espresso machine", expect: { type: "any", relevant: line("Crema Duo") }, ci: true },
  { id: "named-ridgeline-tent", kind: "named", text: "tell me about the Ridgeline 4 person tent", expect: { type: "any", relevant: all(line("Ridgeline"), type("tent")) } },
  { id: "named-halden-coffee-table", kind: "named", text: "Is the Halden round coffee table any good?", expect: { type: "any", relevant: all(line("Halden"), type("coffee_table")) }, ci: true },
  { id: "named-ironpeak-adjustable", kind: "named", text: "price of the IronPeak adjustable dumbbells?", expect: { type: "any", relevant: line("IronPeak", "Adjustable Dumbbells") } },
  { id: "named-voltix-mechanical", kind: "named", text: "Voltix mechanical keyboard", expect: { type: "any", relevant: line("Voltix", "Mechanical Keyboard") } },
  { id: "named-nimbus-go", kind: "named", text: "what does the Nimbus Go laptop cost", expect: { type: "any", relevant: line("Nimbus Go") }, ci: true },
  { id: "named-kestrel-trail", kind: "named", text: "kestrel trail runners", expect: { type: "any", relevant: line("Kestrel", "Trail Running Shoe") } },
  { id: "named-basswood-fit", kind: "named", text: "are the Basswood Fit earbuds still available", expect: { type: "any", relevant: line("Basswood Fit") } },
  { id: "named-pinecrest-family", kind: "named", text: "looking for the pinecrest family tent", expect: { type: "any", relevant: line("Pinecrest", "6-Person Family Tent") } },
  { id: "named-baristo-pour-over", kind: "named", text: "Baristo pour over dripper", expect: { type: "any", relevant: line("Baristo", "Pour-Over Dripper") } },
  { id: "named-arcline-panorama", kind: "named", text: "details on the Arcline Panorama monitor please", expect: { type: "any", relevant: line("Arcline Panorama") } },
  { id: "named-velora-hybrid", kind: "named", text: "velora hybrid bike", expect: { type: "any", relevant: line("Velora", "Hybrid Bike") } },

  // ---- a kind of product with a colour, size or feature ----
  { id: "attr-green-armchair", kind: "attribute", text: "I'm after a green armchair", expect: { type: "any", relevant: all(type("armchair"), variant("Forest Green")) }, ci: true },
  { id: "attr-walnut-coffee-table", kind: "attribute", text: "walnut coffee table", expect: { type: "any", relevant: all(type("coffee_table"), variant("Walnut")) }, ci: true },
  { id: "attr-black-earbuds", kind: "attribute", text: "black wireless earbuds", expect: { type: "any", relevant: all(type("earbuds"), variant("Black")) } },
  { id: "attr-34-ultrawide", kind: "attribute", text: "do you have a 34 inch ultrawide?", expect: { type: "any", relevant: all(type("ultrawide_monitor"), formHas("34-inch")) }, ci: true },
  { id: "attr-4-person-tent", kind: "attribute", text: "a tent that sleeps 4", expect: { type: "any", relevant: all(type("tent"), (p) => !p.form.includes("2-Person")) } },
  { id: "attr-mens-10-boots", kind: "attribute", text: "hiking boots in men's size 10", expect: { type: "any", relevant: all(type("hiking_boot"), variant("Men's 10")) } },
  { id: "attr-king-duvet", kind: "attribute", text: "king size duvet", expect: { type: "any", relevant: all(type("duvet"), variant("King")) }, ci: true },
  { id: "attr-white-sneakers", kind: "attribute", text: "white sneakers", expect: { type: "any", relevant: all(type("sneaker"), variant("White")) } },
  { id: "attr-queen-oak-bed", kind: "attribute", text: "queen bed frame in oak", expect: { type: "any", relevant: all(type("bed_frame"), formHas("Queen"), variant("Oak")) } },
  { id: "attr-2tb-ssd", kind: "attribute", text: "2TB portable SSD", expect: { type: "any", relevant: all(type("portable_ssd"), variant("2 TB")) } },
  { id: "attr-24kg-kettlebell", kind: "attribute", text: "need a 24 kg kettlebell", expect: { type: "any", relevant: all(type("kettlebell"), variant("24 kg")) } },
  { id: "attr-large-dog-bed", kind: "attribute", text: "dog bed for a large dog", expect: { type: "any", relevant: all(type("dog_bed"), variant("Large")) } },
  { id: "attr-red-speaker", kind: "attribute", text: "red bluetooth speaker", expect: { type: "any", relevant: all(type("bluetooth_speaker"), variant("Red")) } },

  // ---- other words for what the shop sells (the products never use the shopper's word) ----
  { id: "syn-couch", kind: "synonym", text: "do you sell a couch?", expect: { type: "any", relevant: SOFAS }, absent: ["couch"], ci: true },
  { id: "syn-screen", kind: "synonym", text: "I need a new screen for my computer", expect: { type: "any", relevant: MONITORS }, absent: ["screen"], ci: true },
  { id: "syn-coffee-machine", kind: "synonym", text: "looking for a coffee machine", expect: { type: "any", relevant: type("espresso_machine", "coffee_maker") }, absent: ["coffee machine"], ci: true },
  { id: "syn-rain-jacket", kind: "synonym", text: "rain jacket", expect: { type: "any", relevant: type("waterproof_jacket") }, absent: ["rain"], ci: true },
  { id: "syn-weights", kind: "synonym", text: "any weights for a home gym?", expect: { type: "any", relevant: type("dumbbells", "kettlebell") }, absent: ["weight"] },
  { id: "syn-trainers", kind: "synonym", text: "do you have trainers?", expect: { type: "any", relevant: type("sneaker", "running_shoe", "trail_shoe") }, absent: ["trainer"] },
  { id: "syn-hoodie", kind: "synonym", text: "got any hoodies?", expect: { type: "any", relevant: type("hooded_sweatshirt") }, absent: ["hoodie"] },
  { id: "syn-jumper", kind: "synonym", text: "a warm jumper for winter", expect: { type: "any", relevant: type("sweater") }, absent: ["jumper"] },
  { id: "syn-rucksack", kind: "synonym", text: "rucksack for commuting", expect: { type: "any", relevant: type("backpack", "hiking_pack") }, absent: ["rucksack"] },
  { id: "syn-comforter", kind: "synonym", text: "do you have comforters?", expect: { type: "any", relevant: type("duvet") }, absent: ["comforter"] },
  { id: "syn-secateurs", kind: "synonym", text: "need some secateurs for the roses", expect: { type: "any", relevant: type("pruning_shears") }, absent: ["secateur"] },
  { id: "syn-bicycle", kind: "synonym", text: "a bicycle for getting to work", expect: { type: "any", relevant: type("bike", "e_bike") }, absent: ["bicycle"] },
  { id: "syn-skillet", kind: "synonym", text: "do you have a skillet", expect: { type: "any", relevant: type("frying_pan") }, absent: ["skillet"] },
  { id: "syn-torch", kind: "synonym", text: "torch for camping trips", expect: { type: "any", relevant: type("flashlight") }, absent: ["torch"] },
  { id: "syn-cool-box", kind: "synonym", text: "cool box for the beach", expect: { type: "any", relevant: type("cooler") }, absent: ["cool box"] },
  { id: "syn-blow-dryer", kind: "synonym", text: "blow dryer", expect: { type: "any", relevant: type("hair_dryer") }, absent: ["blow"] },
  { id: "syn-sofa-bed", kind: "synonym", text: "sofa bed for the guest room", expect: { type: "any", relevant: type("sleeper_sofa") }, absent: ["sofa bed"] },
  { id: "syn-nightstand", kind: "synonym", text: "nightstand", expect: { type: "any", relevant: type("bedside_table") }, absent: ["nightstand"] },
  { id: "syn-sweatpants", kind: "synonym", text: "comfy sweatpants", expect: { type: "any", relevant: type("joggers") }, absent: ["sweatpants"] },
  { id: "syn-wellies", kind: "synonym", text: "wellies for the kids", expect: { type: "any", relevant: type("rain_boot") }, absent: ["wellies"] },
  { id: "syn-notebook-computer", kind: "synonym", text: "I need a notebook computer for university", expect: { type: "any", relevant: type("laptop") }, absent: ["notebook"] },
  { id: "syn-teddy", kind: "synonym", text: "teddy bear for a newborn", expect: { type: "any", relevant: all(type("plush"), formHas("Bear")) }, absent: ["teddy"] },
  { id: "syn-fanny-pack", kind: "synonym", text: "fanny pack", expect: { type: "any", relevant: type("belt_bag") }, absent: ["fanny"] },
  { id: "syn-exercise-mat", kind: "synonym", text: "exercise mat for pilates", expect: { type: "any", relevant: type("yoga_mat") }, absent: ["exercise mat", "pilates"] },

  // ---- typos ----
  { id: "typo-hedphones", kind: "typo", text: "hedphones", expect: { type: "any", relevant: type("headphones") }, ci: true },
  { id: "typo-keybord", kind: "typo", text: "keybord for my mac", expect: { type: "any", relevant: type("keyboard") }, ci: true },
  { id: "typo-monitr", kind: "typo", text: "27 inch monitr", expect: { type: "any", relevant: all(MONITORS, formHas("27-inch")) }, ci: true },
  { id: "typo-expresso", kind: "typo", text: "expresso machine", expect: { type: "any", relevant: type("espresso_machine") }, ci: true },
  { id: "typo-dumbells", kind: "typo", text: "dumbells", expect: { type: "any", relevant: type("dumbbells") } },
  { id: "typo-backpak", kind: "typo", text: "backpak", expect: { type: "any", relevant: type("backpack", "hiking_pack") } },
  { id: "typo-ergonmic", kind: "typo", text: "ergonmic office chair", expect: { type: "any", relevant: type("office_chair") } },
  { id: "typo-blutooth", kind: "typo", text: "blutooth speaker", expect: { type: "any", relevant: type("bluetooth_speaker") } },
  { id: "typo-sleping-bag", kind: "typo", text: "sleping bag", expect: { type: "any", relevant: type("sleeping_bag") } },
  { id: "typo-yoga-matt", kind: "typo", text: "yoga matt", expect: { type: "any", relevant: type("yoga_mat") } },
  { id: "typo-labtop", kind: "typo", text: "labtop", expect: { type: "any", relevant: type("laptop") } },
  { id: "typo-wireles-mouse", kind: "typo", text: "wireles mouse", expect: { type: "any", relevant: type("mouse") } },
  { id: "typo-standng-desk", kind: "typo", text: "standng desk", expect: { type: "any", relevant: type("standing_desk") } },
  { id: "typo-lanturn", kind: "typo", text: "camping lanturn", expect: { type: "any", relevant: type("lantern") } },
  { id: "typo-sunscren", kind: "typo", text: "sunscren", expect: { type: "any", relevant: type("sunscreen") } },
  { id: "typo-hikking-boots", kind: "typo", text: "hikking boots", expect: { type: "any", relevant: type("hiking_boot") } },

  // ---- browsing a kind of product or a department ----
  { id: "cat-lamps", kind: "category", text: "any lamps?", expect: { type: "any", relevant: LAMPS }, ci: true },
  { id: "cat-tents", kind: "category", text: "show me tents", expect: { type: "any", relevant: type("tent") }, ci: true },
  { id: "cat-rugs", kind: "category", text: "what rugs do you have", expect: { type: "any", relevant: type("rug") }, ci: true },
  { id: "cat-office-chairs", kind: "category", text: "I'm browsing office chairs", expect: { type: "any", relevant: type("office_chair") } },
  { id: "cat-headphones", kind: "category", text: "what kinds of headphones do you carry", expect: { type: "any", relevant: type("headphones") } },
  { id: "cat-dog-beds", kind: "category", text: "dog beds?", expect: { type: "any", relevant: type("dog_bed") } },
  { id: "cat-toys", kind: "category", text: "do you have toys for kids", expect: { type: "any", relevant: category("Toys") }, ci: true },
  { id: "cat-garden-tools", kind: "category", text: "garden tools", expect: { type: "any", relevant: type("garden_hose", "pruning_shears", "watering_can", "lawn_mower", "leaf_blower", "garden_gloves") } },
  { id: "cat-cat-stuff", kind: "category", text: "stuff for my cat", expect: { type: "any", relevant: type("cat_food", "cat_tree", "litter_box", "pet_carrier", "pet_bowl") } },
  { id: "cat-skincare", kind: "category", text: "skincare", expect: { type: "any", relevant: type("moisturiser", "cleanser", "sunscreen", "lip_balm") } },
  { id: "cat-camping-gear", kind: "category", text: "camping gear", expect: { type: "any", relevant: category("Camping") } },
  { id: "cat-kitchen-knives", kind: "category", text: "kitchen knives", expect: { type: "any", relevant: type("kitchen_knife", "knife_set") } },
  { id: "cat-bedding", kind: "category", text: "bedding", expect: { type: "any", relevant: type("duvet", "duvet_cover", "pillow", "sheet_set") } },
  { id: "cat-cycling", kind: "category", text: "cycling accessories", expect: { type: "any", relevant: type("helmet", "bike_lights", "bike_lock", "bike_pump", "bike_bag", "bike_bell") } },

  // ---- budgets: every card shown must be within it ----
  { id: "price-lighting-100", kind: "price", text: "lighting under $100", expect: { type: "strict", relevant: all(category("Lighting"), below(100)) }, ci: true },
  { id: "price-speaker-50-80", kind: "price", text: "a bluetooth speaker between 50 and 80 dollars", expect: { type: "strict", relevant: all(type("bluetooth_speaker"), between(50, 80)) }, ci: true },
  { id: "price-sofa-900", kind: "price", text: "a sofa for less than 900", expect: { type: "strict", relevant: all(SOFAS, below(900)) }, ci: true },
  { id: "price-desk-lamp-40", kind: "price", text: "desk lamps under 40 bucks", expect: { type: "strict", relevant: all(type("desk_lamp"), below(40)) } },
  { id: "price-tents-500", kind: "price", text: "tents over $500", expect: { type: "strict", relevant: all(type("tent"), above(500)) } },
  { id: "price-running-100", kind: "price", text: "any running shoes under a hundred dollars?", expect: { type: "strict", relevant: all(type("running_shoe", "trail_shoe"), below(100)) } },
  { id: "price-under-10", kind: "price", text: "what can I get for under $10?", expect: { type: "strict", relevant: below(10) }, ci: true },
  { id: "price-monitors-300", kind: "price", text: "monitors under 300", expect: { type: "strict", relevant: all(MONITORS, below(300)) } },
  { id: "price-grinder-150", kind: "price", text: "coffee grinder under 150", expect: { type: "strict", relevant: all(type("coffee_grinder"), below(150)) } },
  { id: "price-rugs-100-200", kind: "price", text: "rugs from 100 to 200 dollars", expect: { type: "strict", relevant: all(type("rug"), between(100, 200)) } },
  { id: "price-chair-300", kind: "price", text: "office chair, max $300", expect: { type: "strict", relevant: all(type("office_chair"), atMost(300)) } },
  { id: "price-gifts-25", kind: "price", text: "gift ideas under 25 dollars", expect: { type: "strict", relevant: below(25) } },
  { id: "price-kettle-90", kind: "price", text: "kettles below $90", expect: { type: "strict", relevant: all(type("kettle"), below(90)) } },
  { id: "price-dining-500", kind: "price", text: "dining table under 500", expect: { type: "strict", relevant: all(type("dining_table"), below(500)) } },

  // ---- the cheapest / the dearest ----
  { id: "top-three-cheapest", kind: "superlative", text: "what are your three cheapest items?", expect: { type: "top", among: anything, order: "cheapest", k: 3 }, ci: true },
  { id: "top-priciest-sofa", kind: "superlative", text: "most expensive sofa", expect: { type: "top", among: SOFAS, order: "priciest", k: 1 }, ci: true },
  { id: "top-cheapest-tent", kind: "superlative", text: "cheapest tent you have", expect: { type: "top", among: type("tent"), order: "cheapest", k: 1 }, ci: true },
  { id: "top-priciest-headphones", kind: "superlative", text: "what's your priciest pair of headphones", expect: { type: "top", among: type("headphones"), order: "priciest", k: 1 } },
  { id: "top-cheapest-monitor", kind: "superlative", text: "cheapest monitor", expect: { type: "top", among: MONITORS, order: "cheapest", k: 1 }, ci: true },
  { id: "top-two-cheapest-espresso", kind: "superlative", text: "the two cheapest espresso machines", expect: { type: "top", among: type("espresso_machine"), order: "cheapest", k: 2 } },
  { id: "top-priciest-anything", kind: "superlative", text: "what's the most expensive thing you sell?", expect: { type: "top", among: anything, order: "priciest", k: 1 } },
  { id: "top-cheapest-yoga-mat", kind: "superlative", text: "least expensive yoga mat", expect: { type: "top", among: type("yoga_mat"), order: "cheapest", k: 1 } },
  { id: "top-priciest-laptop", kind: "superlative", text: "your top of the range laptop", expect: { type: "top", among: type("laptop"), order: "priciest", k: 1 } },
  { id: "top-cheapest-standing-desk", kind: "superlative", text: "cheapest standing desk", expect: { type: "top", among: type("standing_desk"), order: "cheapest", k: 1 } },
  { id: "top-cheapest-office-chair", kind: "superlative", text: "I'm on a budget, which office chair costs the least?", expect: { type: "top", among: type("office_chair"), order: "cheapest", k: 1 } },
  { id: "top-five-cheapest-lamps", kind: "superlative", text: "show me the 5 cheapest lamps", expect: { type: "top", among: LAMPS, order: "cheapest", k: 5 } },

  // ---- availability: every card shown must be in stock ----
  { id: "stock-standing-desks", kind: "stock", text: "in stock standing desks", expect: { type: "strict", relevant: all(type("standing_desk"), inStock) }, ci: true },
  { id: "stock-hiking-boots", kind: "stock", text: "which hiking boots are available right now?", expect: { type: "strict", relevant: all(type("hiking_boot"), inStock) }, ci: true },
  { id: "stock-tents", kind: "stock", text: "any tents in stock?", expect: { type: "strict", relevant: all(type("tent"), inStock) }, ci: true },
  { id: "stock-office-chairs", kind: "stock", text: "office chairs you can ship today", expect: { type: "strict", relevant: all(type("office_chair"), inStock) } },
  { id: "stock-headphones", kind: "stock", text: "headphones that aren't sold out", expect: { type: "strict", relevant: all(type("headphones"), inStock) } },
  {
    id: "stock-clarion-core",
    kind: "stock",
    text: "is the Clarion Core 27 inch monitor in stock?",
    expect: { type: "any", relevant: line("Clarion Core") },
    says: /out of stock|sold out|not in stock|no stock|unavailable|currently not available/i,
    ci: true,
  },
  { id: "stock-espresso", kind: "stock", text: "do you have any espresso machines in stock?", expect: { type: "strict", relevant: all(type("espresso_machine"), inStock) } },
  { id: "stock-dumbbells", kind: "stock", text: "in-stock dumbbells", expect: { type: "strict", relevant: all(type("dumbbells"), inStock) } },
  { id: "stock-backpacks", kind: "stock", text: "which backpacks can I get right away", expect: { type: "strict", relevant: all(type("backpack"), inStock) } },
  { id: "stock-sleeping-bags", kind: "stock", text: "available sleeping bags", expect: { type: "strict", relevant: all(type("sleeping_bag"), inStock) } },

  // ---- comparisons of two or three named products ----
  {
    id: "cmp-trail-vs-boot",
    kind: "compare",
    text: "compare the Kestrel trail running shoes and the Trailmark waterproof hiking boots",
    expect: { type: "groups", groups: [line("Kestrel", "Trail Running Shoe"), line("Trailmark", "Waterproof Hiking Boot")] },
    ci: true,
  },
  { id: "cmp-sonora-aurel", kind: "compare", text: "Sonora Arc vs Aurel Q45 headphones, which is better?", expect: { type: "groups", groups: [line("Sonora Arc"), line("Aurel Q45")] }, ci: true },
  { id: "cmp-espresso", kind: "compare", text: "what's the difference between the Crema Duo and the Verdi Pro espresso machines", expect: { type: "groups", groups: [line("Crema Duo"), line("Verdi Pro")] }, ci: true },
  { id: "cmp-monitors", kind: "compare", text: "compare Clarion Pro 27 4K and Viewpoint Vivid QHD", expect: { type: "groups", groups: [line("Clarion Pro"), line("Viewpoint Vivid")] } },
  { id: "cmp-dome-tents", kind: "compare", text: "Ridgeline dome tent or Summitcraft dome tent?", expect: { type: "groups", groups: [line("Ridgeline", "4-Person Dome Tent"), line("Summitcraft", "4-Person Dome Tent")] } },
  { id: "cmp-adjustable-dumbbells", kind: "compare", text: "IronPeak vs Stridelab adjustable dumbbells", expect: { type: "groups", groups: [line("IronPeak", "Adjustable Dumbbells"), line("Stridelab", "Adjustable Dumbbells")] } },
  {
    id: "cmp-three-laptops",
    kind: "compare",
    text: "Nimbus Go vs Clickwise Air vs Keystone Pro — which laptop should I get?",
    expect: { type: "groups", groups: [line("Nimbus Go"), line("Clickwise Air"), line("Keystone Pro")] },
    ci: true,
  },
  { id: "cmp-sleeper-sofas", kind: "compare", text: "Bergmo or Oakhurst sleeper sofa, how do they compare?", expect: { type: "groups", groups: [line("Bergmo", "Sleeper Sofa"), line("Oakhurst", "Sleeper Sofa")] } },
  {
    id: "cmp-air-fryers",
    kind: "compare",
    text: "for a small kitchen, the Cuisina dual-basket air fryer or the Ironleaf air fryer?",
    expect: { type: "groups", groups: [line("Cuisina", "Dual-Basket Air Fryer"), line("Ironleaf", "Air Fryer")] },
  },
  { id: "cmp-chairs", kind: "compare", text: "Ergomo ergonomic chair vs Linea mesh task chair", expect: { type: "groups", groups: [line("Ergomo", "Ergonomic Office Chair"), line("Linea", "Mesh Task Chair")] } },

  // ---- what goes with a product: complements, not more of the same ----
  {
    id: "goes-sofa",
    kind: "goes_with",
    text: "what goes with the Marlow 3-Seat Sofa in navy?",
    expect: { type: "strict", relevant: type("coffee_table", "side_table", "cushion", "throw_blanket", "rug", "floor_lamp"), allowed: line("Marlow", "3-Seat Sofa") },
    ci: true,
  },
  {
    id: "goes-tent",
    kind: "goes_with",
    text: "I just bought the Summitcraft 4-person tent, what else do I need?",
    expect: { type: "strict", relevant: type("sleeping_bag", "sleeping_pad", "camp_stove", "lantern", "headlamp", "camp_chair", "cooler", "water_filter"), allowed: line("Summitcraft", "4-Person Dome Tent") },
    ci: true,
  },
  {
    id: "goes-espresso",
    kind: "goes_with",
    text: "what should I get with the Crema Duo espresso machine?",
    expect: { type: "strict", relevant: type("coffee_grinder", "coffee_beans", "milk_frother", "espresso_cups"), allowed: line("Crema Duo") },
    ci: true,
  },
  {
    id: "goes-laptop",
    kind: "goes_with",
    text: "accessories for the Clickwise Air laptop?",
    expect: { type: "strict", relevant: type("laptop_sleeve", "mouse", "usb_hub", "laptop_stand", "keyboard", "portable_ssd", "webcam", "power_bank"), allowed: line("Clickwise Air") },
  },
  {
    id: "goes-bike",
    kind: "goes_with",
    text: "I'm buying the Velora hybrid bike, anything else I should get?",
    expect: { type: "strict", relevant: type("helmet", "bike_lights", "bike_lock", "bike_pump", "bike_bag", "bike_bell"), allowed: line("Velora", "Hybrid Bike") },
    ci: true,
  },
  {
    id: "goes-dumbbells",
    kind: "goes_with",
    text: "what goes well with the IronPeak adjustable dumbbells",
    expect: { type: "strict", relevant: type("weight_bench", "yoga_mat", "resistance_bands", "foam_roller", "kettlebell"), allowed: line("IronPeak", "Adjustable Dumbbells") },
  },
  {
    id: "goes-bed",
    kind: "goes_with",
    text: "got the Oakhurst king bed frame, what bedding goes with it?",
    expect: { type: "strict", relevant: type("duvet", "duvet_cover", "pillow", "sheet_set"), allowed: line("Oakhurst", "King Bed Frame") },
  },
  {
    id: "goes-monitor",
    kind: "goes_with",
    text: "what goes with the Clarion Pro 27-inch 4K monitor",
    expect: { type: "strict", relevant: type("monitor_arm", "video_cable", "monitor_light", "keyboard", "mouse", "usb_hub"), allowed: line("Clarion Pro") },
  },
  {
    id: "goes-plates",
    kind: "goes_with",
    text: "just got the Porcela stoneware dinner plates, what would go with them?",
    expect: { type: "strict", relevant: type("cutlery", "glassware", "serving_bowl", "table_linen", "mug"), allowed: line("Porcela", "Stoneware Dinner Plates 4-Pack") },
  },

  // ---- buying one clearly identified product ----
  { id: "buy-marlow-navy", kind: "purchase", text: "buy 2 of the Marlow 3-Seat Sofa, Navy", expect: { type: "proposal", product: named("Marlow 3-Seat Sofa, Navy"), quantity: 2 }, ci: true },
  {
    id: "buy-sonora-arc-black",
    kind: "purchase",
    text: "I'd like to buy the Sonora Arc noise-cancelling headphones in black",
    expect: { type: "proposal", product: named("Sonora Arc Noise-Cancelling Headphones, Black"), quantity: 1 },
    ci: true,
  },
  { id: "buy-clarion-pro-silver", kind: "purchase", text: "purchase one Clarion Pro 27-inch 4K Monitor, Silver", expect: { type: "proposal", product: named("Clarion Pro 27-inch 4K Monitor, Silver"), quantity: 1 } },
  { id: "buy-flexa-mats", kind: "purchase", text: "order 3 Flexa thick yoga mats in purple", expect: { type: "proposal", product: named("Flexa Thick Yoga Mat, Purple"), quantity: 3 }, ci: true },
  { id: "buy-crema-stainless", kind: "purchase", text: "buy the Crema Duo espresso machine, stainless", expect: { type: "proposal", product: named("Crema Duo Espresso Machine, Stainless"), quantity: 1 } },
  { id: "buy-ridgeline-lanterns", kind: "purchase", text: "I want to buy two Ridgeline LED camping lanterns", expect: { type: "proposal", product: named("Ridgeline LED Camping Lantern"), quantity: 2 }, ci: true },
  { id: "buy-porcela-mugs", kind: "purchase", text: "can I get 4 of the Porcela stoneware mugs in blue?", expect: { type: "proposal", product: named("Porcela Stoneware Mug, Blue"), quantity: 4 } },
  { id: "buy-nimbus-32", kind: "purchase", text: "buy 1 Nimbus Go 14-inch laptop with 32 GB", expect: { type: "proposal", product: named("Nimbus Go 14-inch Laptop, 32 GB / 1 TB"), quantity: 1 } },
  { id: "buy-pinecrest-stove", kind: "purchase", text: "add the Pinecrest backpacking stove to my order", expect: { type: "proposal", product: named("Pinecrest Backpacking Stove"), quantity: 1 } },
  { id: "buy-halden-side-oak", kind: "purchase", text: "I'll take the Halden side table in oak", expect: { type: "proposal", product: named("Halden Side Table, Oak"), quantity: 1 } },
  { id: "buy-lip-balm", kind: "purchase", text: "buy five Glowhaus lip balms, mint", expect: { type: "proposal", product: named("Glowhaus Lip Balm, Mint"), quantity: 5 } },
  { id: "buy-dp-cable", kind: "purchase", text: "purchase 2 x Viewpoint DisplayPort Cable, 2 m", expect: { type: "proposal", product: named("Viewpoint DisplayPort Cable, 2 m"), quantity: 2 } },

  // ---- buying something several products fit: ask, never guess ----
  { id: "ask-lamp", kind: "purchase_ambiguous", text: "buy a lamp", expect: { type: "ask", relevant: LAMPS }, ci: true },
  { id: "ask-headphones", kind: "purchase_ambiguous", text: "I want to buy headphones", expect: { type: "ask", relevant: type("headphones") }, ci: true },
  { id: "ask-tent", kind: "purchase_ambiguous", text: "order a tent please", expect: { type: "ask", relevant: type("tent") } },
  { id: "ask-yoga-mats", kind: "purchase_ambiguous", text: "buy 2 yoga mats", expect: { type: "ask", relevant: type("yoga_mat") }, ci: true },
  { id: "ask-sofa", kind: "purchase_ambiguous", text: "purchase a sofa", expect: { type: "ask", relevant: SOFAS } },
  { id: "ask-marlow-sofa", kind: "purchase_ambiguous", text: "I'd like to buy the Marlow sofa", expect: { type: "ask", relevant: all(line("Marlow"), SOFAS) }, ci: true },
  { id: "ask-coffee-beans", kind: "purchase_ambiguous", text: "buy some coffee beans", expect: { type: "ask", relevant: type("coffee_beans") } },
  { id: "ask-kettlebell", kind: "purchase_ambiguous", text: "buy the IronPeak kettlebell", expect: { type: "ask", relevant: line("IronPeak", "Cast Iron Kettlebell") } },
  { id: "ask-monitor", kind: "purchase_ambiguous", text: "order one monitor", expect: { type: "ask", relevant: MONITORS } },
  { id: "ask-crema", kind: "purchase_ambiguous", text: "buy a Crema espresso machine", expect: { type: "ask", relevant: line("Crema Duo") } },

  // ---- things the shop does not sell ----
  { id: "none-submarines", kind: "no_match", text: "Do you sell submarines?", expect: { type: "none" }, ci: true },
  { id: "none-car-tires", kind: "no_match", text: "do you have car tires?", expect: { type: "none" } },
  { id: "none-washing-machine", kind: "no_match", text: "I need a washing machine", expect: { type: "none" }, ci: true },
  { id: "none-smartphone", kind: "no_match", text: "looking for a new smartphone", expect: { type: "none" }, ci: true },
  { id: "none-robot-vacuum", kind: "no_match", text: "robot vacuum cleaner", expect: { type: "none" } },
  { id: "none-projector", kind: "no_match", text: "do you have a projector for movie nights?", expect: { type: "none" }, ci: true },
  { id: "none-concert-tickets", kind: "no_match", text: "concert tickets for saturday", expect: { type: "none" } },
  { id: "none-piano", kind: "no_match", text: "a digital piano", expect: { type: "none" } },
  { id: "none-glasses", kind: "no_match", text: "prescription glasses", expect: { type: "none" } },
  { id: "none-salmon", kind: "no_match", text: "fresh salmon fillets", expect: { type: "none" } },
  { id: "none-insurance", kind: "no_match", text: "can I get a life insurance quote", expect: { type: "none" } },
  { id: "none-pool-table", kind: "no_match", text: "pool table", expect: { type: "none" }, ci: true },
  { id: "none-golf", kind: "no_match", text: "golf clubs", expect: { type: "none" } },
  { id: "none-rowing", kind: "no_match", text: "rowing machine", expect: { type: "none" } },
  { id: "none-stand-mixer", kind: "no_match", text: "stand mixer for baking bread", expect: { type: "none" } },
  { id: "none-fridge", kind: "no_match", text: "fridge freezer", expect: { type: "none" } },
  { id: "none-cheap-headphones", kind: "no_match", text: "headphones under $50", expect: { type: "none" } },

  // ---- asking for what is not approved or not ours: never shown, never made up ----
  { id: "trap-luxe-couch", kind: "trap", text: "show me the Luxe Velvet Couch", expect: { type: "safe" }, ci: true },
  { id: "trap-chesterfield", kind: "trap", text: "how much is the Grand Chesterfield sofa?", expect: { type: "safe" }, ci: true },
  { id: "trap-carbon-racer", kind: "trap", text: "do you still have the Kestrel Carbon Racer?", expect: { type: "safe" } },
  { id: "trap-lumen", kind: "trap", text: "I saw a Lumen 4K projector on your site, what's the price?", expect: { type: "safe" }, ci: true },
  { id: "trap-mystery-box", kind: "trap", text: "what's in the clearance mystery box?", expect: { type: "safe" } },
  { id: "trap-rival-price", kind: "trap", text: "is the Bergmo 3-Seat Sofa cheaper at Summit & Home?", expect: { type: "safe" } },
  { id: "trap-rose-gold", kind: "trap", text: "is the rose gold Crema Duo out yet?", expect: { type: "safe" }, ci: true },
  { id: "trap-nimbus-18", kind: "trap", text: "Nimbus Pro 18 inch laptop with 64GB", expect: { type: "safe" } },
  { id: "trap-8-person-tent", kind: "trap", text: "Ridgeline 8 person tent", expect: { type: "safe" } },
  { id: "trap-stormguard", kind: "trap", text: "StormGuard rain jacket in yellow", expect: { type: "safe" } },
];

export const CI_QUESTIONS = QUESTIONS.filter((q) => q.ci);

/** The approved products a predicate selects. */
export function select(catalog: Catalog, pred: Pred): CatalogProduct[] {
  return approvedOf(catalog).filter(pred);
}

/** The products a "top" expectation accepts: the k-th price and everything tied with or beyond it. */
export function topProducts(catalog: Catalog, expect: Extract<Expectation, { type: "top" }>): CatalogProduct[] {
  const sorted = select(catalog, expect.among).sort((a, b) => (expect.order === "cheapest" ? price(a) - price(b) : price(b) - price(a)));
  const edge = sorted[Math.min(expect.k, sorted.length) - 1];
  if (!edge) return [];
  return sorted.filter((p) => (expect.order === "cheapest" ? price(p) <= price(edge) : price(p) >= price(edge)));
}

/**
 * Every question's expectation checked against the catalog it will be asked of: relevant sets are
 * not empty, a purchase names exactly one product, an ambiguous one several, and a synonym's words
 * appear nowhere in the products it should find. Returns the problems (none when sound).
 */
export function checkQuestions(catalog: Catalog, questions: Question[] = QUESTIONS): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) problems.push(`${q.id}: duplicate id`);
    ids.add(q.id);
    const e = q.expect;
    const count = (pred: Pred) => select(catalog, pred).length;
    if ((e.type === "any" || e.type === "strict") && count(e.relevant) === 0) problems.push(`${q.id}: no product is relevant`);
    if (e.type === "groups") e.groups.forEach((g, i) => count(g) === 0 && problems.push(`${q.id}: group ${i + 1} is empty`));
    if (e.type === "top" && topProducts(catalog, e).length < e.k) problems.push(`${q.id}: fewer than ${e.k} products to rank`);
    if (e.type === "proposal") {
      const fit = select(catalog, e.product);
      if (fit.length !== 1) problems.push(`${q.id}: ${fit.length} products fit the purchase, not 1`);
      // The shop rightly refuses to propose more than it has: a purchase question needs the stock.
      const stock = fit[0]?.stock;
      if (stock !== undefined && stock !== null && stock < e.quantity) problems.push(`${q.id}: only ${stock} in stock for a purchase of ${e.quantity}`);
    }
    if (e.type === "ask" && count(e.relevant) < 2) problems.push(`${q.id}: only ${count(e.relevant)} product fits an ambiguous purchase`);
    if (q.absent && (e.type === "any" || e.type === "strict")) {
      for (const p of select(catalog, e.relevant)) {
        const text = `${p.name} ${p.description} ${p.category}`.toLowerCase();
        const found = q.absent.find((word) => text.includes(word));
        if (found) problems.push(`${q.id}: "${p.name}" contains "${found}"`);
      }
    }
  }
  return problems;
}
