/**
 * Words shoppers use for the same thing. Each group is one concept: a question naming any member
 * finds products named with any other ("couch" finds the "3-Seat Sofa"). Multi-word members are
 * phrases ("coffee machine"). Kept to unambiguous retail pairs: a loose group ("light" = "lamp")
 * would pull unrelated products into answers.
 */
export const BUILT_IN_SYNONYMS: readonly (readonly string[])[] = [
  ["couch", "sofa", "settee", "loveseat"],
  ["armchair", "lounge chair", "accent chair"],
  ["screen", "monitor", "display"],
  ["coffee machine", "espresso machine", "coffee maker", "espresso maker"],
  ["rain jacket", "waterproof jacket", "raincoat", "rain coat", "shell jacket"],
  ["weights", "dumbbells", "dumbbell", "free weights"],
  ["sneakers", "trainers", "running shoes"],
  ["hiking boots", "walking boots", "trekking boots"],
  ["headphones", "headset", "earphones", "earbuds"],
  ["laptop", "notebook computer"],
  ["phone", "smartphone", "mobile phone", "cell phone", "cellphone"],
  ["tv", "television"],
  ["backpack", "rucksack", "daypack"],
  ["sweater", "jumper", "pullover"],
  ["trousers", "pants"],
  ["fridge", "refrigerator"],
  ["vacuum", "hoover", "vacuum cleaner"],
  ["duvet", "comforter", "quilt"],
  ["stroller", "pushchair", "pram", "buggy"],
  ["bin", "trash can", "garbage can", "waste basket"],
  ["faucet", "tap"],
  ["stove", "cooker", "hob"],
  ["flashlight", "torch"],
  ["bike", "bicycle"],
  ["cabinet", "cupboard"],
  ["bookshelf", "bookcase"],
  ["kettle", "water boiler"],
  ["speakerphone", "conference speaker"],
  ["yoga mat", "exercise mat", "workout mat"],
  ["sleeping bag", "sleep bag"],
  ["power bank", "portable charger", "battery pack"],
  ["router", "wifi router", "wi fi router", "wireless router"],
  ["drill", "power drill", "drill driver"],
  ["mouse", "mice"],
  ["jacket", "coat"],
];

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
