/** First-load JS budgets, compressed bytes in kB of 1000 bytes; the first pattern that matches a path applies. */
export const FIRST_LOAD_JS_BUDGETS: readonly { pattern: RegExp; kB: number }[] = [
  { pattern: /^\/$/, kB: 130 },
  { pattern: /^\/login$/, kB: 130 },
  { pattern: /^\/shop\//, kB: 130 },
  { pattern: /.*/, kB: 180 },
];

export function budgetFor(routePath: string): number {
  return FIRST_LOAD_JS_BUDGETS.find((budget) => budget.pattern.test(routePath))!.kB;
}
