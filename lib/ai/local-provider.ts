import type { PurchaseProposal } from "@/db/schema";
import { formatMoney, lineTotal } from "@/lib/money";
import { answerFileQuestion, planFileQuestion, queryFileArguments } from "./file-questions";
import { matchProduct } from "./product-match";
import { searchTerms } from "./search-terms";
import { countTokens } from "./tokens";
import type { AttachedFile, ChatProvider, ProviderEvent, ProviderInput, ToolOutcome } from "./types";

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

const PURCHASES_QUESTION =
  /\b(what (did|have) i (buy|bought|purchase|purchased|order|ordered)|did i (buy|purchase|order)|have i (bought|purchased|ordered)|my (purchases|orders|purchase history|order history))\b/i;
const BUY_REQUEST = /\b(?:buy|purchase|order)\s+(.+)$/i;
const HUMAN_REQUEST =
  /\b(?:(?:talk|speak|chat|connect me)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s*one\s*|somebody\s*)?(?:real\s+|actual\s+)?(?:human|person|people|agent|representative|someone|somebody|support|staff)|(?:human|real person|live agent|agent|representative)\s*,?\s*please|i\s+(?:want|need|would like)\s+(?:a\s+|to\s+talk\s+to\s+a\s+)?(?:human|person|real person|live agent))\b/i;

type Product = { id: string; name: string; price: string; category: string | null; stock: number | null };
type Purchase = { productName: string; quantity: number; total: string; createdAt: string };

/** "2 standing desks please" → quantity 2, "standing desks". */
export function parseBuyRequest(message: string): { quantity: number; query: string } | null {
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
  return rest ? { quantity, query: rest } : null;
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

  modelFor(): string {
    return "local";
  }

  async *stream(input: ProviderInput): AsyncGenerator<ProviderEvent> {
    const events: ProviderEvent[] = [];
    const callTool = async (name: string, args: unknown): Promise<ToolOutcome> => {
      events.push({ type: "tool_call", name, arguments: args });
      const outcome = await input.tools.run(name, args);
      if (outcome.products?.length) events.push({ type: "products", items: outcome.products });
      if (outcome.proposal) events.push({ type: "proposal", proposal: outcome.proposal });
      return outcome;
    };

    const text = await this.answer(input.userMessage, callTool, { purchases: input.tools.purchases !== false, files: input.tools.files ?? [] });
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
    callTool: (name: string, args: unknown) => Promise<ToolOutcome>,
    { purchases, files }: { purchases: boolean; files: AttachedFile[] },
  ): Promise<string> {
    if (HUMAN_REQUEST.test(message)) {
      const outcome = await callTool("request_human", {});
      const result = outcome.result as { status?: string; error?: string };
      if (result.error) return "I can't reach a person from this chat, but I'm happy to keep helping.";
      if (result.status === "with_person") return "A person from the team is already in this conversation; they'll reply here.";
      return "I've asked a person from the team to join this conversation. They'll reply right here — meanwhile I'm happy to keep helping.";
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
    const products = (found.result as { products?: Product[] }).products ?? [];
    if (!products.length) {
      return `Sorry, I couldn't find any products matching “${message.trim().slice(0, 100)}” in our catalog.`;
    }
    const intro = products.length === 1 ? "Here's what I found:" : `Here are the ${products.length} best matches I found:`;
    const list = `${intro}\n\n${productLines(products)}`;
    return purchases ? `${list}\n\nSay “buy 1 ${products[0]!.name}” if you'd like a purchase proposal.` : list;
  }
}

function searchable(message: string): boolean {
  return searchTerms(message).length > 0;
}
