import "server-only";
import { getDb } from "@/db/client";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/money";
import { listBestSellers, listSuggestedCategories, type BestSeller, type SuggestedCategory } from "./suggestion-queries";

/** Prompts offered on an empty conversation, drawn from what the business sells and what its members buy. */

export const MIN_SUGGESTIONS = 4;
export const MAX_SUGGESTIONS = 6;

// A suggestion is a chip the member reads at a glance; a longer name would crowd it out.
const MAX_NAME_CHARS = 60;

// Always sensible, and understood by the built-in assistant: they fill a catalog too small to suggest from.
const GENERAL_PROMPTS = ["What do you have in stock?", "What's your cheapest product?", "Show me products under $50", "What have I bought so far?"];

/**
 * The first round amount strictly above `price` (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500…), so
 * "under $X" built from a category's median price always finds at least half of its products.
 */
export function roundPriceAbove(price: number): number {
  const safe = Number.isFinite(price) && price > 0 ? price : 0;
  for (let magnitude = 1; ; magnitude *= 10) {
    const steps = magnitude === 1 ? [1, 2, 5] : [1, 2, 2.5, 5];
    for (const step of steps) {
      const candidate = step * magnitude;
      if (candidate > safe) return candidate;
    }
  }
}

/** "$100", "$1,500": whole dollars without the cents. */
function wholeDollars(amount: number): string {
  return formatMoney(amount.toFixed(2)).replace(/\.00$/, "");
}

/** "the Standing Desk", but "The Lamp Co. Lamp" stays as it is rather than "the The …". */
function theProduct(name: string): string {
  return /^(the|a|an)\s/i.test(name) ? name : `the ${name}`;
}

/**
 * 4–6 prompts: the best seller described and paired, the fullest categories under a round price,
 * the runner-up described, then general prompts while fewer than four. Each prompt appears once.
 */
export function composeSuggestions({
  categories,
  bestSellers,
}: {
  categories: readonly SuggestedCategory[];
  bestSellers: readonly BestSeller[];
}): string[] {
  const sellers = bestSellers.filter((seller) => seller.name.trim() && seller.name.length <= MAX_NAME_CHARS);
  const shelves = categories.filter((category) => category.name.trim() && category.name.length <= MAX_NAME_CHARS);
  const underPrice = (category: SuggestedCategory | undefined) =>
    category ? `Show me ${category.name} under ${wholeDollars(roundPriceAbove(category.medianPrice))}` : null;
  const [top, second] = sellers;
  const candidates = [
    top ? `Tell me about ${theProduct(top.name)}` : null,
    underPrice(shelves[0]),
    top ? `What goes with ${theProduct(top.name)}?` : null,
    underPrice(shelves[1]),
    second ? `Tell me about ${theProduct(second.name)}` : null,
    underPrice(shelves[2]),
  ];
  const chosen: string[] = [];
  for (const prompt of candidates) {
    if (prompt && !chosen.includes(prompt) && chosen.length < MAX_SUGGESTIONS) chosen.push(prompt);
  }
  for (const prompt of GENERAL_PROMPTS) {
    if (chosen.length >= MIN_SUGGESTIONS) break;
    if (!chosen.includes(prompt)) chosen.push(prompt);
  }
  return chosen;
}

/** Suggested prompts for a new conversation in the member's business. Needs `chat:use`; throws 403. */
export async function listChatSuggestions(actor: Actor): Promise<{ suggestions: string[] }> {
  assertCan(actor, "chat:use");
  const db = getDb();
  const [categories, bestSellers] = await Promise.all([
    listSuggestedCategories(db, { businessId: actor.businessId, limit: 3 }),
    listBestSellers(db, { businessId: actor.businessId, limit: 2 }),
  ]);
  return { suggestions: composeSuggestions({ categories, bestSellers }) };
}
