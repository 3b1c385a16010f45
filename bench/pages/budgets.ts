/**
 * First-load JS per route, compressed, in kB of 1000 bytes; the first pattern that matches a path applies.
 *
 * `targetKb` is the weight a route should reach: 130 kB for the public pages, 180 kB for the rest.
 * `ceilingKb` is what `--check` (and so CI) enforces: the route's weight when it was last measured
 * with a little headroom, so no change makes a route heavier unnoticed. Lower a ceiling whenever a route
 * shrinks; never raise one without saying why in docs/PERFORMANCE.md. Next 16's client runtime and
 * React alone are ≈ 136 kB, above the public pages' target, so those can only come close to it
 * (a visitor's `/` and `/shop/*` are within 6 kB of that floor).
 */
export const FIRST_LOAD_JS_BUDGETS: readonly { pattern: RegExp; targetKb: number; ceilingKb: number }[] = [
  // Ceilings: the figures of 2026-12-03 16:45 UTC (docs/PERFORMANCE.md) plus 3 %, rounded up; `/` and
  // `/shop/*` those of 2026-12-04 13:00 UTC, when a visitor's public pages stopped loading the app shell;
  // `/login` that of 2026-12-04 17:25 UTC, when it joined them; `/dashboard` and `/products` those of
  // 2026-12-05 05:00 UTC, when the wallet's form became a lazy module and the catalog's vocabulary left its schemas;
  // `/chat` that of 2026-12-05 05:30 UTC, when its stream reader (and with it zod) left the first load;
  // `/dashboard` and `/products` those of 2026-12-05 08:24 UTC, when axios, the toaster and next-auth's
  // client started loading after the page; `/login`, `/chat` and `/settings` those of 09:30, when forms'
  // rules, a message's extras and the key dialogs did too.
  { pattern: /^\/$/, targetKb: 130, ceilingKb: 146 },
  { pattern: /^\/login$/, targetKb: 130, ceilingKb: 163 },
  { pattern: /^\/shop\//, targetKb: 130, ceilingKb: 146 },
  { pattern: /^\/chat(\/|$)/, targetKb: 180, ceilingKb: 192 },
  { pattern: /^\/dashboard$/, targetKb: 180, ceilingKb: 185 },
  { pattern: /^\/products$/, targetKb: 180, ceilingKb: 183 },
  { pattern: /^\/settings$/, targetKb: 180, ceilingKb: 197 },
  { pattern: /.*/, targetKb: 180, ceilingKb: 272 },
];

export function budgetFor(routePath: string): { targetKb: number; ceilingKb: number } {
  const { targetKb, ceilingKb } = FIRST_LOAD_JS_BUDGETS.find((budget) => budget.pattern.test(routePath))!;
  return { targetKb, ceilingKb };
}
