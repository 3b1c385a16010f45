import type { PurchaseProposal } from "@/db/schema";
import { formatMoney, lineTotal } from "@/lib/money";
import { answerFileQuestion, planFileQuestion, queryFileArguments } from "./file-questions";
import { complementsOf } from "@/lib/search/complements";
import { conceptKinds, isKindOf, productKind } from "@/lib/search/kinds";
import { understandQuestion } from "@/lib/search/understand";
import { matchProduct } from "./product-match";
import { searchTerms } from "./search-terms";
import { countTokens } from "./tokens";
import type { AttachedFile, ChatProvider, ProviderEvent, ProviderInput, ToolOutcome } from "./types";

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

const PURCHASES_QUESTION =
  /\b(what (did|have) i (buy|bought|purchase|purchased|order|ordered)|did i (buy|purchase|order)|have i (bought|purchased|ordered)|my (purchases|orders|purchase history|order history))\b/i;
const BUY_REQUEST =
  /\b(?:buy|purchase|order|i'?ll take|i will take|i'?d like to (?:buy|order|get)|(?:can|could|may) i (?:get|have|order)|add)\s+(.+?)(?:\s+to (?:my|the) (?:order|cart|basket))?\s*[.!?]*$/i;
const HUMAN_REQUEST =
  /\b(?:(?:talk|speak|chat|connect me)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s*one\s*|somebody\s*)?(?:real\s+|actual\s+)?(?:human|person|people|agent|representative|someone|somebody|support|staff)|(?:human|real person|live agent|agent|representative)\s*,?\s*please|i\s+(?:want|need|would like)\s+(?:a\s+|to\s+talk\s+to\s+a\s+)?(?:human|person|real person|live agent))\b/i;

type Product = { id: string; name: string; price: string; category: string | null; stock: number | null; description?: string };
type SearchFilters = { category?: string; minPrice?: number; maxPrice?: number; order?: "price_asc" | "price_desc"; count?: number; inStock?: boolean };
type SearchResult = {
  products?: Product[];
  filters?: SearchFilters;
  correctedWords?: { from: string; to: string }[];
  closestCategories?: string[];
};
type CallTool = (name: string, args: unknown, options?: { showCards?: boolean }) => Promise<ToolOutcome>;

const COMPARE = /^(?:please\s+)?(?:can you\s+|could you\s+)?(?:compare|comparing|what(?:'s| is) the difference between|difference between|which is better[:,]?)\s+(.+)$/i;
const VERSUS = /^(.+?)\s+(?:vs\.?|versus)\s+(.+)$/i;
const PAIRING =
  /\b(?:what (?:goes|would go|go(?:es)? well|pairs?) with|what (?:else )?(?:should|could|can|do) i (?:get|buy|pair|need) with|goes (?:well )?with|to go with|accessories for|what matches)\s+(.+)$/i;
/** "I just bought the X, what else do I need?": the product is named first, the question refers back to it. */
const PAIRING_AFTER =
  /^(?:i(?:'ve| have)? (?:just )?(?:bought|got|ordered|purchased|own)|i'?m (?:buying|getting|ordering)|i am (?:buying|getting)|just (?:got|bought)|got)\s+(?:the|a|an|my|some)?\s*(.+?)\s*(?:,|;|\.|\s[-–—]\s)\s*(?:what|anything|which|do i|is there)\b.*\b(?:else|need|goes?|go with|with (?:it|them)|should i get|recommend)\b/i;
type Purchase = { productName: string; quantity: number; total: string; createdAt: string };

/** "2 standing desks please" → quantity 2, "standing desks". */
export function parseBuyRequest(message: string): { quantity: number; query: string } | null {
  // "Which backpacks can I get right away?" asks; "can I get 4 of the mugs?" requests.
  if (/^\s*(?:which|what|where|when|how|why|do|does|is|are)\b/i.test(message)) return null;
  const match = BUY_REQUEST.exec(message.trim());
  if (!match) return null;
  let rest = match[1]!.replace(/[.!?]+$/, "").replace(/\bplease\b/gi, "").trim();
  let quantity = 1;
  const digits = /^(\d{1,4})\s*(?:x\s+|×\s*)?/i.exec(rest);
  const word = /^([a-z]+)\s+/i.exec(rest);
  if (digits) {
    quantity = Number(digits[1]);
    rest = rest.slice(digits[0].length);
  } else if (word && NUMBER_WORDS[word[1]!.toLowerCase()] !== undefined) {
    quantity = NUMBER_WORDS[word[1]!.toLowerCase()]!;
    rest = rest.slice(word[0].length);
  }
  rest = rest.replace(/^(?:of\s+)?(?:the|a|an|some)\s+/i, "").trim();
  // Nothing a product could be called ("can I get right away"): not a purchase.
  return rest && understandQuestion(rest).concepts.length > 0 ? { quantity, query: rest } : null;
}

/** "the trail shoes and the hiking boots" → ["trail shoes", "hiking boots"]; null unless two or three things are named. */
export function parseComparison(message: string): string[] | null {
  let text = message.trim().replace(/[?.!]+$/, "");
  // "Nimbus Go vs Clickwise Air — which laptop should I get?": the trailing question names the kind.
  const trailing = /\s*(?:[—–]|\s-\s|[,;:?])\s*((?:which|what|what's|how|should|is|are|do|does|i)\b.*)$/i.exec(text);
  if (trailing) text = text.slice(0, trailing.index);
  // "Bergmo or Oakhurst sleeper sofa, how do they compare?": the question after the comma asks it.
  const askedAfter = trailing && /\b(?:compare|comparison|better|difference|differ|vs)\b/i.test(trailing[1]!) && /\s(?:or|and|vs\.?|versus)\s/i.test(text);
  const compared = COMPARE.exec(text)?.[1] ?? (VERSUS.test(text) || askedAfter ? text : null);
  if (!compared) return null;
  const parts = compared
    .split(/\s*(?:,|;|&|\band\b|\bor\b|\bvs\.?(?=\s)|\bversus\b|\bwith\b)\s*/i)
    .map((part) => part.replace(/^(?:the|a|an|your|my)\s+/i, "").replace(/\s+(?:for me|please)$/i, "").trim())
    .filter((part) => /[\p{L}\p{N}]{2}/u.test(part));
  if (parts.length < 2 || parts.length > 3) return null;
  // "IronPeak vs Stridelab adjustable dumbbells": a lone brand (a capitalised word) borrows what the
  // fullest part names after its own brand; the trailing question's kind goes to every part.
  const kind = trailing && !askedAfter ? understandQuestion(trailing[1]!).concepts.find((concept) => concept.head)?.text : undefined;
  const fullest = parts.reduce((a, b) => (b.split(/\s+/).length > a.split(/\s+/).length ? b : a));
  const borrowed = fullest.split(/\s+/).length > 1 ? fullest.split(/\s+/).slice(1).join(" ") : undefined;
  return parts.map((part) => {
    if (kind) return part.toLowerCase().includes(kind) ? part : `${part} ${kind}`;
    const loneBrand = /^\p{Lu}[\p{L}\p{N}&'-]*$/u.test(part);
    return loneBrand && borrowed ? `${part} ${borrowed}` : part;
  });
}

/** "what goes with the standing desk?" → "standing desk"; "I just bought the X, what else do I need?" → "X". */
export function parsePairing(message: string): string | null {
  const text = message.trim().replace(/[?.!]+$/, "");
  const clean = (match: RegExpExecArray | null) => {
    const subject = match?.[1]?.replace(/^(?:the|a|an|my|your)\s+/i, "").trim();
    return subject && !/^(?:it|them|this|that|these|those|one)$/i.test(subject) && /[\p{L}\p{N}]{2}/u.test(subject) ? subject : null;
  };
  return clean(PAIRING.exec(text)) ?? clean(PAIRING_AFTER.exec(text));
}

function stockText(stock: number | null): string {
  if (stock === null) return "available";
  return stock === 0 ? "out of stock" : `${stock} in stock`;
}

/** A table cell: one line, no pipes. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "/").trim();
}

/** The first sentence of a description, without Markdown: the "key attributes" row of a comparison. */
function highlights(description: string | undefined): string {
  const plain = (description ?? "").replace(/[*_`#>\-]+/g, " ").replace(/\s+/g, " ").trim();
  const sentence = /^(.{1,160}?[.!?])(?:\s|$)/.exec(plain)?.[1] ?? plain.slice(0, 160);
  return cell(sentence) || "—";
}

export function comparisonTable(products: Product[]): string {
  const header = `| | ${products.map((p) => `**${cell(p.name)}**`).join(" | ")} |`;
  const divider = `|---|${products.map(() => "---").join("|")}|`;
  const rows = [
    ["Price", ...products.map((p) => formatMoney(p.price))],
    ["Category", ...products.map((p) => cell(p.category ?? "—"))],
    ["Stock", ...products.map((p) => stockText(p.stock))],
    ["Highlights", ...products.map((p) => highlights(p.description))],
  ].map((row) => `| ${row.join(" | ")} |`);
  return [header, divider, ...rows].join("\n");
}


/** "Here are the 3 cheapest products in Lighting under $100:" — the intro says what was applied. */
function resultIntro(count: number, filters: SearchFilters | undefined): string {
  const f = filters ?? {};
  const noun = count === 1 ? "product" : "products";
  const parts: string[] = [];
  if (f.category) parts.push(`in ${f.category}`);
  if (f.minPrice !== undefined && f.maxPrice !== undefined) parts.push(`between ${formatMoney(f.minPrice.toFixed(2))} and ${formatMoney(f.maxPrice.toFixed(2))}`);
  else if (f.maxPrice !== undefined) parts.push(`under ${formatMoney(f.maxPrice.toFixed(2))}`);
  else if (f.minPrice !== undefined) parts.push(`over ${formatMoney(f.minPrice.toFixed(2))}`);
  if (f.inStock) parts.push("in stock");
  const where = parts.length ? ` ${parts.join(" ")}` : "";
  if (f.order === "price_asc") return `Here ${count === 1 ? "is the cheapest product" : `are the ${count} cheapest ${noun}`}${where}:`;
  if (f.order === "price_desc") return `Here ${count === 1 ? "is the most expensive product" : `are the ${count} most expensive ${noun}`}${where}:`;
  if (where) return `Here ${count === 1 ? "is the 1 product" : `are ${count} ${noun}`}${where}:`;
  return count === 1 ? "Here's what I found:" : `Here are the ${count} best matches I found:`;
}

function corrections(result: SearchResult): string {
  const words = result.correctedWords ?? [];
  return words.length ? ` (I read ${words.map((w) => `“${w.from}” as “${w.to}”`).join(" and ")}.)` : "";
}

/** Nothing matched: say so plainly and offer the categories the shop does have. */
function nothingFound(what: string, result: SearchResult): string {
  const categories = result.closestCategories ?? [];
  const filtered = result.filters && Object.keys(result.filters).length ? " with those conditions" : "";
  const base = `Sorry, I couldn't find anything matching “${what.trim().slice(0, 100)}”${filtered} in our catalog.`;
  if (!categories.length) return base;
  const list = categories.length === 1 ? categories[0]! : `${categories.slice(0, -1).join(", ")} or ${categories.at(-1)}`;
  return `${base} The closest categories we have are ${list} — ask me to show one of them.`;
}

function productLines(products: Product[]): string {
  return products
    .map((p) => {
      const details = [p.category, p.stock === 0 ? "out of stock" : null].filter(Boolean).join(" · ");
      return `- **${p.name}** — ${formatMoney(p.price)}${details ? ` (${details})` : ""}`;
    })
    .join("\n");
}

/** Splits an answer into small pieces (a few words each), as a model's stream would arrive. */
export function chunksOf(text: string, size = 3): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += size) chunks.push(words.slice(i, i + size).join(""));
  return chunks;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("The operation was aborted.", "AbortError");
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The built-in assistant used when no model key is configured: deterministic answers from the
 * same retrieval and tools the model would use, streamed in small chunks.
 */
export class LocalProvider implements ChatProvider {
  readonly name = "local" as const;
  constructor(private readonly options: { chunkDelayMs?: number } = {}) {}

  async *stream(input: ProviderInput): AsyncGenerator<ProviderEvent> {
    const events: ProviderEvent[] = [];
    const callTool: CallTool = async (name, args, options = {}) => {
      events.push({ type: "tool_call", name, arguments: args });
      const outcome = await input.tools.run(name, args);
      if (outcome.products?.length && options.showCards !== false) events.push({ type: "products", items: outcome.products });
      if (outcome.proposal) events.push({ type: "proposal", proposal: outcome.proposal });
      return outcome;
    };
    const showCards = (outcomes: ToolOutcome[], ids: string[]) => {
      const cards = new Map(outcomes.flatMap((outcome) => outcome.products ?? []).map((card) => [card.id, card]));
      const items = ids.flatMap((id) => (cards.has(id) ? [cards.get(id)!] : []));
      if (items.length) events.push({ type: "products", items });
    };

    const text = await this.answer(input.userMessage, callTool, showCards, { purchases: input.tools.purchases !== false, files: input.tools.files ?? [] });
    for (const event of events) yield event;

    const delay = this.options.chunkDelayMs ?? 15;
    for (const chunk of chunksOf(text)) {
      if (input.signal.aborted) throw abortError(input.signal);
      yield { type: "delta", text: chunk };
      if (delay > 0) await wait(delay, input.signal);
    }
    const completionTokens = countTokens(text);
    yield {
      type: "usage",
      model: "local",
      usage: { promptTokens: input.promptTokens, completionTokens, totalTokens: input.promptTokens + completionTokens },
    };
  }

  private async answer(
    message: string,
    callTool: CallTool,
    showCards: (outcomes: ToolOutcome[], ids: string[]) => void,
    { purchases, files }: { purchases: boolean; files: AttachedFile[] },
  ): Promise<string> {
    if (HUMAN_REQUEST.test(message)) {
      const outcome = await callTool("request_human", {});
      const result = outcome.result as { status?: string; error?: string };
      if (result.error) return "I can't reach a person from this chat, but I'm happy to keep helping.";
      if (result.status === "with_person") return "A person from the team is already in this conversation; they'll reply here.";
      return "I've asked a person from the team to join this conversation. They'll reply right here, and your messages wait for them; choose “Continue with the assistant” if you'd rather keep talking to me.";
    }

    // A question about an attached file ("average price by category") is answered from the file.
    const filePlan = planFileQuestion(message, files);
    if (filePlan) {
      const outcome = await callTool("query_file", queryFileArguments(filePlan));
      return answerFileQuestion(filePlan, outcome.result);
    }

    if (purchases && PURCHASES_QUESTION.test(message)) {
      const outcome = await callTool("list_my_purchases", { limit: 10 });
      const purchases = (outcome.result as { purchases?: Purchase[] }).purchases ?? [];
      if (!purchases.length) return "You haven't bought anything yet.";
      const lines = purchases.map(
        (p) => `- ${p.quantity} × **${p.productName}** — ${formatMoney(p.total)} on ${p.createdAt.slice(0, 10)}`,
      );
      return `Here are your recent purchases:\n\n${lines.join("\n")}`;
    }

    const compared = parseComparison(message);
    if (compared) return this.compare(compared, callTool, showCards);

    const pairing = parsePairing(message);
    if (pairing) return this.pair(pairing, callTool, showCards);

    const buy = purchases ? parseBuyRequest(message) : null;
    if (buy) {
      if (buy.quantity < 1 || buy.quantity > 100) return "You can buy between 1 and 100 of a product at a time.";
      const found = await callTool("search_products", { query: buy.query, limit: 5 });
      const products = (found.result as { products?: Product[] }).products ?? [];
      const match = matchProduct(buy.query, products);
      if (match.kind === "none") return `I couldn't find a product matching “${buy.query}” in our catalog, so there is nothing to buy.`;
      if (match.kind === "unclear") {
        return (
          `I'm not sure which product you mean by “${buy.query}”, so I haven't proposed anything. The closest matches are:\n\n` +
          `${productLines(match.closest)}\n\nSay “buy ${buy.quantity}” and the exact name of the one you want.`
        );
      }
      const product = match.product;
      const proposed = await callTool("propose_purchase", { productId: product.id, quantity: buy.quantity });
      const proposal = proposed.proposal as PurchaseProposal | undefined;
      if (!proposal) {
        const detail = (proposed.result as { detail?: string }).detail ?? "I can't propose that purchase.";
        return `I can't propose buying ${buy.quantity} × **${product.name}**: ${detail.replace(/^Refused: /, "")}`;
      }
      const total = lineTotal(proposal);
      return (
        `Here is a purchase proposal: ${proposal.quantity} × **${proposal.productName}** at ${formatMoney(proposal.unitPrice)} each ` +
        `(total ${total === null ? "unknown" : formatMoney(total)}). Nothing is bought until you press **Confirm purchase** on the card.`
      );
    }

    if (!searchable(message)) {
      return "Tell me what you're looking for — a product name, a kind of product or a category — and I'll search the catalog.";
    }
    const found = await callTool("search_products", { query: message.slice(0, 200), limit: 5 });
    const result = found.result as SearchResult;
    const products = result.products ?? [];
    if (!products.length) return nothingFound(message, result);
    const list = `${resultIntro(products.length, result.filters)}${corrections(result)}\n\n${productLines(products)}`;
    // The example names a product that can be bought now: one that has run out would only be refused.
    const buyable = products.find((product) => product.stock !== 0);
    if (!purchases && parseBuyRequest(message)) {
      // Asked to buy where nothing can be bought (a website visitor's chat): say so, not only list what matched.
      return `${list}\n\nI can't place orders in this chat: open a product's page on the shop to buy it.`;
    }
    return purchases && buyable ? `${list}\n\nSay “buy 1 ${buyable.name}” if you'd like a purchase proposal.` : list;
  }

  /** Two or three named products side by side; a name that matches nothing is said, never guessed. */
  private async compare(parts: string[], callTool: CallTool, showCards: (outcomes: ToolOutcome[], ids: string[]) => void): Promise<string> {
    const outcomes: ToolOutcome[] = [];
    const chosen: Product[] = [];
    const missing: string[] = [];
    for (const part of parts) {
      const outcome = await callTool("search_products", { query: part, limit: 3 }, { showCards: false });
      outcomes.push(outcome);
      const candidates = ((outcome.result as SearchResult).products ?? []).filter((p) => !chosen.some((c) => c.id === p.id));
      const match = matchProduct(part, candidates);
      const pick = match.kind === "match" ? match.product : candidates[0];
      if (pick) chosen.push(pick);
      else missing.push(part);
    }
    showCards(outcomes, chosen.map((p) => p.id));
    const notFound = missing.length ? `I couldn't find ${missing.map((m) => `“${m}”`).join(" or ")} in our catalog.` : "";
    if (chosen.length < 2) {
      if (!chosen.length) return `${notFound} Tell me the names of the products you'd like to compare.`.trim();
      return `${notFound} The closest match I have is:\n\n${productLines(chosen)}`.trim();
    }
    const cheaper = [...chosen].sort((a, b) => Number(a.price) - Number(b.price))[0]!;
    return [
      `Here's how they compare:${notFound ? ` (${notFound})` : ""}`,
      "",
      comparisonTable(chosen),
      "",
      `The **${cheaper.name}** is the less expensive at ${formatMoney(cheaper.price)}.`,
    ].join("\n");
  }

  /**
   * What goes with a product: the built-in complements of its kind (lib/search/complements.ts: a
   * sofa → coffee tables, cushions, throws, rugs…), the first match of each; for a kind not listed,
   * what is made for it (its kind named in their text), then the rest of its category. Never another
   * of its own kind: those are alternatives, not companions.
   */
  private async pair(subject: string, callTool: CallTool, showCards: (outcomes: ToolOutcome[], ids: string[]) => void): Promise<string> {
    const anchorSearch = await callTool("search_products", { query: subject, limit: 6 }, { showCards: false });
    const anchorResult = anchorSearch.result as SearchResult;
    const related = anchorResult.products ?? [];
    const match = matchProduct(subject, related);
    const anchor = match.kind === "match" ? match.product : related[0];
    if (!anchor) return nothingFound(subject, anchorResult);
    const kind = productKind(anchor.name);
    const outcomes = [anchorSearch];
    const found: Product[] = [];
    const complements = complementsOf(anchor.name, kind);
    if (complements) {
      const byComplement: Product[][] = [];
      for (const complement of complements) {
        const outcome = await callTool("search_products", { query: complement, limit: 3 }, { showCards: false });
        outcomes.push(outcome);
        // A complement found by a loose match (a shredder for "tamper") is no complement.
        const wanted = understandQuestion(complement).concepts.find((concept) => concept.head);
        byComplement.push(
          ((outcome.result as SearchResult).products ?? []).filter((p) => productKind(p.name) !== kind && (!wanted || isKindOf(p.name, conceptKinds(wanted)))),
        );
      }
      // One of each complement first, then seconds: a varied list before a long one.
      for (let round = 0; round < 3; round++) for (const list of byComplement) if (list[round]) found.push(list[round]!);
    }
    // A catalog without any of the usual companions still has the rest of the product's shelf.
    if (!found.some((p) => p.id !== anchor.id && productKind(p.name) !== kind)) {
      found.push(...related);
      if (anchor.category) {
        const byCategory = await callTool("search_products", { query: anchor.category, limit: 8 }, { showCards: false });
        outcomes.push(byCategory);
        found.push(...((byCategory.result as SearchResult).products ?? []));
      }
    }
    const companions = found
      .filter((p, index, all) => p.id !== anchor.id && productKind(p.name) !== kind && all.findIndex((q) => q.id === p.id) === index)
      .slice(0, 5);
    showCards(outcomes, companions.map((p) => p.id));
    if (!companions.length) return `I don't have anything to suggest alongside the **${anchor.name}** yet.`;
    return `These go well with the **${anchor.name}** (${formatMoney(anchor.price)}):\n\n${productLines(companions)}`;
  }
}

function searchable(message: string): boolean {
  return searchTerms(message).length > 0;
}
