/**
 * What a revision of a live product changes, field by field. Browser-safe: the review queue's server
 * response and the product page compute it the same way.
 */

/** The reviewed fields of a product; stock is operational and never reviewed. */
export const REVISED_FIELDS = ["name", "description", "price", "sku", "category"] as const;
export type RevisedField = (typeof REVISED_FIELDS)[number];

type Version<Image> = { [field in RevisedField]: string | null } & { images: readonly Image[] };

export type FieldChange<Image> =
  | { field: RevisedField; before: string | null; after: string | null }
  | { field: "images"; before: Image[]; after: Image[] };

/** Images compare by id, order and alt text. */
export function revisionChanges<Image extends { id: string; alt: string }>(live: Version<Image>, revision: Version<Image>): FieldChange<Image>[] {
  const changes: FieldChange<Image>[] = [];
  for (const field of REVISED_FIELDS) {
    const before = live[field] ?? null;
    const after = revision[field] ?? null;
    // Prices compare as numbers so "5" and "5.00" are the same price.
    const same = field === "price" ? Number(before) === Number(after) : before === after;
    if (!same) changes.push({ field, before, after });
  }
  const gallery = (images: readonly Image[]) => images.map((image) => `${image.id}:${image.alt}`).join("|");
  if (gallery(live.images) !== gallery(revision.images)) changes.push({ field: "images", before: [...live.images], after: [...revision.images] });
  return changes;
}
