/**
 * First-load JS per route, compressed, in kB of 1000 bytes; the first pattern that matches a path applies.
 *
 * `targetKb` is the weight a route should reach: 130 kB for the public pages, 180 kB for the rest.
 * `ceilingKb` is what `--check` (and so CI) enforces: the route's weight when it was last measured
 * with a little headroom, never above the target, so no change makes a route heavier unnoticed and
 * none grows past its target. Lower a ceiling whenever a route shrinks; never raise one without saying
 * why in docs/PERFORMANCE.md. Next 16's client runtime and React alone are ≈ 136 kB, above the
 * public pages' target: a visitor's `/` and `/shop/*` meet it by running no script at all, and `/login`
 * with the Pages Router's client and React (≈ 117 kB) and its form (the Pages Router's copies,
 * pages/visitor).
 */
export const FIRST_LOAD_JS_BUDGETS: readonly { pattern: RegExp; targetKb: number; ceilingKb: number }[] = [
  // Ceilings: the route's weight when it was last measured plus about 3 %, rounded up, and never above
  // the target — the members' pages those of 2026-12-06 00:12 UTC, when every one of them came under
  // 180 kB (`/chat` 179.4: sending a turn, files, a person joining, deleting and the phone's menu left
  // its first load; the toasts' settings and the business's settings and credits left every page's).
  // A visitor's `/` and `/shop/*` run no script (since 2026-12-05 18:12): any script at all fails the check.
  // A visitor's `/login` weighs 127.6 (the Pages Router's copy since 2026-12-05 21:10, 126.5 then; the failure page in `_app` since 2026-12-06): its ceiling is the target.
  { pattern: /^\/$/, targetKb: 130, ceilingKb: 0 },
  { pattern: /^\/login$/, targetKb: 130, ceilingKb: 130 },
  { pattern: /^\/shop\//, targetKb: 130, ceilingKb: 0 },
  // A stored conversation (`/chat/<id>`, measured since 2026-12-06) arrives with its messages rendered, and
  // the code of what they show (an answer's actions, product cards, "Talk to a person") hydrates them after
  // the page: 179.6 kB, as `/chat`; 179.9 since the message list keeps the server's HTML until then (06:50).
  { pattern: /^\/chat(\/|$)/, targetKb: 180, ceilingKb: 180 },
  { pattern: /^\/dashboard$/, targetKb: 180, ceilingKb: 180 },
  { pattern: /^\/products$/, targetKb: 180, ceilingKb: 180 },
  { pattern: /^\/settings$/, targetKb: 180, ceilingKb: 169 },
  { pattern: /^\/inbox$/, targetKb: 180, ceilingKb: 179 },
  { pattern: /^\/(users|approvals|audit)$/, targetKb: 180, ceilingKb: 177 },
  { pattern: /^\/(purchases|feedback)$/, targetKb: 180, ceilingKb: 173 },
  { pattern: /^\/account$/, targetKb: 180, ceilingKb: 180 },
  // A members' page the benchmark does not load by default (BENCH_ROUTES).
  { pattern: /.*/, targetKb: 180, ceilingKb: 180 },
];

export function budgetFor(routePath: string): { targetKb: number; ceilingKb: number } {
  const { targetKb, ceilingKb } = FIRST_LOAD_JS_BUDGETS.find((budget) => budget.pattern.test(routePath))!;
  return { targetKb, ceilingKb };
}
