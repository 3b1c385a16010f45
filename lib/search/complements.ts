import { singular } from "./understand";

/**
 * What goes with a kind of product: the built-in answer to "what goes with X". Keys are kinds (the
 * last word of a product's name before its variant, or a phrase its name contains); values are
 * what a shop assistant would suggest alongside, each searched in the catalog as written. Kinds not
 * listed, and those whose companions the catalog does not have, fall back to the rest of the product's
 * category (see lib/ai/local-provider.ts).
 */
export const COMPLEMENTS: Readonly<Record<string, readonly string[]>> = {
  sofa: ["coffee table", "side table", "cushion", "throw", "rug", "floor lamp"],
  settee: ["coffee table", "side table", "cushion", "throw", "rug", "floor lamp"],
  armchair: ["side table", "footstool", "cushion", "throw", "floor lamp"],
  "bed frame": ["mattress", "duvet", "pillow", "sheet", "bedside table"],
  bed: ["mattress", "duvet", "pillow", "sheet", "bedside table"],
  mattress: ["mattress protector", "pillow", "duvet", "sheet"],
  duvet: ["duvet cover", "pillow", "sheet"],
  pillow: ["pillowcase", "duvet"],
  "dining table": ["dining chair", "tablecloth", "placemat", "dinner plate"],
  "coffee table": ["sofa", "rug", "coaster", "table lamp"],
  desk: ["office chair", "desk lamp", "monitor arm", "desk mat", "desk organiser", "cable tray"],
  "office chair": ["desk", "footrest", "chair mat"],
  "task chair": ["desk", "footrest", "chair mat"],
  monitor: ["monitor arm", "monitor light bar", "keyboard", "mouse", "webcam", "displayport cable"],
  laptop: ["laptop sleeve", "laptop stand", "usb-c hub", "mouse", "keyboard", "laptop backpack"],
  keyboard: ["mouse", "wrist rest", "desk mat"],
  mouse: ["mouse pad", "keyboard", "desk mat"],
  headphones: ["headphone stand", "headphone case"],
  earbuds: ["earbud case", "charging cable"],
  speaker: ["speaker stand", "speaker cable"],
  "espresso machine": ["coffee grinder", "coffee beans", "milk jug", "tamper", "knock box", "espresso cup"],
  "coffee maker": ["coffee beans", "coffee grinder", "filter paper", "mug"],
  grinder: ["coffee beans", "espresso machine", "pour-over"],
  tent: ["sleeping bag", "sleeping mat", "lantern", "camping stove", "camping chair", "headlamp"],
  "sleeping bag": ["sleeping mat", "camping pillow", "tent"],
  stove: ["cookware", "camping mug", "lantern"],
  bike: ["helmet", "bike lock", "bike light", "bell", "pump", "pannier"],
  helmet: ["bike light", "bike lock", "bell"],
  dumbbell: ["weight bench", "kettlebell", "exercise mat", "resistance band"],
  kettlebell: ["dumbbell", "exercise mat", "resistance band"],
  "yoga mat": ["yoga block", "yoga strap", "water bottle"],
  "running shoe": ["running socks", "insoles", "water bottle"],
  "hiking boot": ["hiking socks", "daypack", "waterproof jacket"],
  sneaker: ["socks", "shoe cleaner"],
  plate: ["bowl", "mug", "cutlery", "glass"],
  bowl: ["plate", "mug", "cutlery"],
  mug: ["coffee beans", "coaster", "plate"],
  "frying pan": ["spatula", "chopping board", "saucepan"],
  knife: ["chopping board", "knife block", "sharpener"],
  jacket: ["scarf", "gloves", "beanie"],
  jeans: ["belt", "t-shirt"],
  "dog bed": ["dog bowl", "dog toy", "dog blanket"],
  "desk lamp": ["desk", "desk mat", "desk organiser", "monitor arm", "light bulb"],
  lamp: ["light bulb", "lampshade"],
  hose: ["hose reel", "spray nozzle", "watering can"],
  backpack: ["water bottle", "packing cube", "rain cover"],
  suitcase: ["packing cube", "luggage tag", "travel adapter"],
  towel: ["bath mat", "bathrobe"],
};

/**
 * The complements of a product by its name: the longest key its main name contains ("Crema Duo
 * Espresso Machine, Black" → espresso machine), else its kind. Null when the kind is not listed.
 */
export function complementsOf(name: string, kind: string): readonly string[] | null {
  const main = (name.split(",")[0] ?? name).toLowerCase();
  const words = (main.match(/\p{L}+/gu) ?? []).map(singular).join(" ");
  const keys = Object.keys(COMPLEMENTS).sort((a, b) => b.length - a.length);
  const byPhrase = keys.find((key) => key.includes(" ") && ` ${words} `.includes(` ${key.split(" ").map(singular).join(" ")} `));
  return COMPLEMENTS[byPhrase ?? kind] ?? null;
}
