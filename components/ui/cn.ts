export type ClassValue = string | number | false | null | undefined;

/**
 * Joins truthy class names. Deliberately not a Tailwind merger: callers pass
 * layout additions (`w-full`, `mt-4`), not overrides of a primitive's own styles.
 */
export function cn(...classes: ClassValue[]): string {
  return classes.filter((value) => typeof value === "string" && value.length > 0).join(" ");
}
