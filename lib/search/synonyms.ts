/**
 * Words shoppers use for the same thing. Each group is one concept: a question naming any member
 * finds products named with any other ("couch" finds the "3-Seat Sofa"). Multi-word members are
 * phrases ("coffee machine"). Kept to unambiguous retail pairs: a loose group ("light" = "lamp")
 * would pull unrelated products into answers.
 */
export const BUILT_IN_SYNONYMS: readonly (readonly string[])[] = [
  // Furniture and home
  ["couch", "sofa", "settee", "loveseat"],
  ["sofa bed", "sleeper sofa", "sofa sleeper", "futon"],
  ["armchair", "lounge chair", "accent chair"],
  ["nightstand", "bedside table", "night table", "bedside cabinet"],
  ["bookshelf", "bookcase"],
  ["cabinet", "cupboard"],
  ["wardrobe", "closet", "armoire"],
  ["dresser", "chest of drawers"],
  ["desk chair", "office chair", "task chair"],
  ["duvet", "comforter", "quilt"],
  ["throw", "throw blanket"],
  ["pillowcase", "pillow case", "pillow slip"],
  ["rug", "carpet"],
  ["curtains", "drapes"],
  ["bin", "trash can", "garbage can", "waste basket", "wastebasket"],
  ["faucet", "tap"],
  ["vacuum", "hoover", "vacuum cleaner"],
  ["fridge", "refrigerator"],
  ["freezer", "deep freeze"],
  ["stove", "cooker", "range cooker"],
  ["kettle", "water boiler"],
  // Kitchen and coffee
  ["coffee machine", "espresso machine", "espresso maker"],
  ["coffee maker", "drip coffee maker", "filter coffee machine"],
  ["skillet", "frying pan", "fry pan"],
  ["cutlery", "flatware", "silverware"],
  ["cool box", "cooler", "cool bag", "cooler bag", "ice chest"],
  ["water bottle", "drinks bottle", "flask"],
  ["mug", "cup"],
  ["dish towel", "tea towel", "kitchen towel"],
  ["plastic wrap", "cling film"],
  // Electronics and office
  ["screen", "monitor", "display"],
  ["headphones", "headset"],
  ["earbuds", "earphones", "in ear headphones", "airpods"],
  ["laptop", "notebook computer", "notebook pc"],
  ["computer", "pc"],
  ["phone", "smartphone", "mobile phone", "cell phone", "cellphone"],
  ["tv", "television"],
  ["speakerphone", "conference speaker"],
  ["power bank", "portable charger", "battery pack"],
  ["router", "wifi router", "wi fi router", "wireless router"],
  ["usb stick", "flash drive", "thumb drive", "memory stick", "usb drive"],
  ["webcam", "web camera"],
  ["notepad", "notebook", "jotter"],
  ["mouse", "mice"],
  ["clicker", "presenter", "presentation remote"],
  // Apparel and footwear
  ["sweater", "jumper", "knitwear"],
  ["hoodie", "hooded sweatshirt", "hooded top"],
  ["sweatpants", "joggers", "tracksuit bottoms", "track pants"],
  ["trousers", "pants", "slacks"],
  ["jacket", "coat"],
  ["rain jacket", "waterproof jacket", "raincoat", "rain coat", "shell jacket", "rain shell"],
  ["sneakers", "trainers", "kicks"],
  ["running shoes", "running trainers", "runners", "running shoe"],
  ["hiking boots", "walking boots", "trekking boots", "hiking boot"],
  ["wellies", "wellington boots", "wellingtons", "rain boots", "rubber boots", "gumboots"],
  ["flip flops", "sandals"],
  ["vest", "tank top", "singlet"],
  ["beanie", "woolly hat", "knit hat"],
  // Bags and travel
  ["backpack", "rucksack", "daypack", "knapsack"],
  ["fanny pack", "bum bag", "belt bag", "waist bag", "hip pack"],
  ["suitcase", "luggage", "trolley case", "roller bag"],
  ["purse", "handbag"],
  // Sport and outdoors
  ["weights", "dumbbells", "dumbbell", "free weights"],
  ["yoga mat", "exercise mat", "workout mat", "fitness mat"],
  ["treadmill", "running machine"],
  ["exercise bike", "stationary bike", "spin bike"],
  ["sleeping bag", "sleep bag"],
  ["sleeping mat", "sleeping pad", "camping mat", "roll mat"],
  ["flashlight", "torch"],
  ["bike", "bicycle"],
  // Garden and tools
  ["secateurs", "pruning shears", "pruners", "hand pruner"],
  ["hose", "hosepipe", "garden hose"],
  ["wheelbarrow", "barrow"],
  ["drill", "power drill", "drill driver"],
  ["spanner", "wrench"],
  // Beauty and baby
  ["blow dryer", "hair dryer", "hairdryer", "blow drier"],
  ["moisturiser", "moisturizer", "face cream"],
  ["stroller", "pushchair", "pram", "buggy"],
  ["diaper", "nappy"],
  ["pacifier", "dummy", "soother"],
];

/**
 * Broader words shoppers use for several kinds ("bedding" is duvets, sheets and pillows). One-way,
 * unlike synonyms: asking for a duvet does not bring sheets.
 */
export const BROADER_TERMS: Readonly<Record<string, readonly string[]>> = {
  bedding: ["duvet", "duvet cover", "sheet", "sheet set", "pillow", "pillowcase", "mattress protector", "bed linen"],
  "bed linen": ["duvet cover", "sheet", "sheet set", "pillowcase"],
  skincare: ["moisturiser", "moisturizer", "cleanser", "serum", "face cream", "night cream", "toner", "face mask"],
  "skin care": ["moisturiser", "moisturizer", "cleanser", "serum", "face cream", "night cream", "toner", "face mask"],
  cookware: ["frying pan", "saucepan", "casserole", "wok", "stockpot", "skillet"],
  bakeware: ["baking tray", "cake tin", "loaf tin", "muffin tray", "baking dish"],
  tableware: ["plate", "bowl", "mug", "cutlery", "glass", "tumbler"],
  outerwear: ["jacket", "coat", "parka", "gilet", "raincoat"],
  knitwear: ["sweater", "jumper", "cardigan"],
  stationery: ["notebook", "pen", "pencil", "planner", "journal"],
  luggage: ["suitcase", "carry on", "duffel", "holdall"],
  "garden tools": ["secateurs", "pruning shears", "trowel", "rake", "spade", "hoe", "shears", "fork", "hose"],
  "kitchen appliances": ["kettle", "toaster", "blender", "mixer", "microwave", "coffee machine"],
};

/** Lower-cased words of a phrase, letters and digits only. */
export function wordsOfPhrase(phrase: string): string[] {
  return phrase.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Business groups are typed by admins: clean them the way built-in groups are written. */
export function normaliseSynonymGroups(groups: readonly (readonly string[])[]): string[][] {
  const result: string[][] = [];
  for (const group of groups) {
    const members = [...new Set(group.map((member) => wordsOfPhrase(member).join(" ")).filter(Boolean))];
    if (members.length >= 2) result.push(members);
  }
  return result;
}

/**
 * Every phrase of the built-in and the business's groups → the group's members. Groups sharing a
 * phrase are one group, so a business can widen a built-in group without repeating it.
 */
export function synonymIndex(businessGroups: readonly (readonly string[])[] = []): Map<string, string[]> {
  const groups = synonymGroups(businessGroups);
  // A broader word finds its kinds (one way), and what those kinds are called too.
  for (const [broad, kinds] of Object.entries(BROADER_TERMS)) {
    const members = new Set([broad, ...kinds.flatMap((kind) => groups.get(kind) ?? [kind])]);
    groups.set(broad, [...members]);
  }
  return groups;
}

function synonymGroups(businessGroups: readonly (readonly string[])[]): Map<string, string[]> {
  const index = new Map<string, Set<string>>();
  for (const group of [...BUILT_IN_SYNONYMS, ...normaliseSynonymGroups(businessGroups)]) {
    // Groups sharing a member merge: "chesterfield = sofa" joins sofa's built-in group.
    const merged = new Set<string>();
    for (const member of group.map((phrase) => wordsOfPhrase(phrase).join(" ")).filter(Boolean)) {
      merged.add(member);
      for (const known of index.get(member) ?? []) merged.add(known);
    }
    for (const member of merged) index.set(member, merged);
  }
  return new Map([...index].map(([phrase, members]) => [phrase, [...members]]));
}

/** The longest phrase length in the index: how far ahead a tokenizer must look. */
export function longestPhrase(index: Map<string, string[]>): number {
  let longest = 1;
  for (const phrase of index.keys()) longest = Math.max(longest, phrase.split(" ").length);
  return longest;
}
