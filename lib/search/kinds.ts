import { singular } from "./understand";

/** Words that count or package a product ("Dumbbell Pair", "Mug Set of 4"): the kind is the word before them. */
const PACKAGING = new Set(["pair", "pairs", "set", "sets", "pack", "packs", "kit", "bundle", "duo", "trio", "collection", "edition", "series", "of"]);

/**
 * What a product is, from its name: the last word of the name before its variant ("Aurel Headphone
 * Stand, Black" is a stand; "Marlow 3-Seat Sofa, Navy" a sofa), singular. Empty when the name has
 * no such word.
 */
export function productKind(name: string): string {
  const main = name.split(/,|\s\(|\s[-–—]\s/)[0] ?? name;
  const words = (main.toLowerCase().match(/\p{L}+/gu) ?? []).filter((word) => word.length >= 3 && !PACKAGING.has(word));
  return words.length ? singular(words.at(-1)!) : "";
}

/** The kinds a concept names: the last word of each alternative ("coffee machine" → machine), singular. */
export function conceptKinds(concept: { alternatives: string[][] }): Set<string> {
  return new Set(concept.alternatives.map((words) => singular(words.at(-1) ?? "")).filter(Boolean));
}

/** A product's kind is one the concept names; plural and singular spellings meet. */
export function isKindOf(name: string, kinds: Set<string>): boolean {
  const kind = productKind(name);
  return kind !== "" && kinds.has(kind);
}
