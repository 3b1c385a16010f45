import { beforeAll, describe, expect, it } from "vitest";
import { createShop, evaluate, formatSummary, grade, type Answer, type Shop } from "@/bench/assistant/evaluate";
import { generateCatalog } from "@/bench/assistant/catalog";
import { checkQuestions, CI_QUESTIONS, QUESTION_KINDS, QUESTIONS } from "@/bench/assistant/questions";
import { getDb } from "@/db/client";
import { resetEnv } from "@/lib/env";

// The built-in assistant answers (no OPENAI_API_KEY), through POST /api/chat as a member of the shop.
delete process.env.OPENAI_API_KEY;
resetEnv();

/** What the assistant must reach on the CI slice (docs/quality.md). */
const TARGETS = { recallAt5: 0.95, mrr: 0.85, invented: 0, foreign: 0, noMatchRate: 0.95, purchaseRate: 0.95 };

const catalog = generateCatalog();
let shop: Shop;

beforeAll(async () => {
  // The whole catalog (2,000+ products, unapproved ones, a second business) in a few bulk inserts.
  shop = await createShop(getDb(), { catalog, members: 8 });
});

describe("the assistant on the evaluation's CI slice (bench/assistant)", () => {
  it("asks a slice that covers every kind of question, with expectations that fit the catalog", () => {
    expect(CI_QUESTIONS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(CI_QUESTIONS.map((q) => q.kind))).toEqual(new Set(QUESTION_KINDS));
    expect(checkQuestions(catalog, CI_QUESTIONS)).toEqual([]);
  });

  it("grades honestly: a right answer is clean; made-up names and prices, wrong prices, foreign and unapproved products are caught", () => {
    const question = (id: string) => QUESTIONS.find((q) => q.id === id)!;
    const card = (key: string) => {
      const product = catalog.products.find((p) => p.key === key)!;
      return { id: shop.seeded.idOf.get(key)!, name: product.name, price: product.price, category: product.category };
    };
    const answer = (values: Partial<Answer>): Answer => ({ status: 200, text: "", cards: [], proposal: null, ms: 1, ...values });
    const sofa = card("main:Marlow 3-Seat Sofa, Navy");
    const couch = question("syn-couch");

    const right = grade(couch, answer({ text: `Here's one:\n\n- **${sofa.name}** — $${sofa.price} (Furniture)`, cards: [sofa] }), shop);
    expect(right.invented).toEqual([]);
    expect(right.foreign).toEqual([]);
    expect(right.recall).toBeCloseTo(1 / 5);
    expect(right.rr).toBe(1);

    const madeUp = grade(couch, answer({ text: "Try the **Herman Miller Aeron Sofa** — $1,299.00." }), shop);
    expect(madeUp.invented).toEqual(["names “Herman Miller Aeron Sofa”", "price $1,299.00 belongs to no product shown or named"]);
    const wrongPrice = grade(couch, answer({ text: `**${sofa.name}** — $499.00`, cards: [sofa] }), shop);
    expect(wrongPrice.invented).toEqual(["price $499.00 belongs to no product shown or named", `gives “${sofa.name}” the price $499.00 (it is $${sofa.price})`]);
    const headings = grade(couch, answer({ text: "**Best for Coffee Lovers** · **Standing Desks** · **Aurel Q45 Headphones** · **Confirm purchase**" }), shop);
    expect(headings.invented).toEqual([]);
    const madeUpLine = grade(couch, answer({ text: "**Marlow Leather Sofa** and **Sonora X9 Headphones**" }), shop);
    expect(madeUpLine.invented).toEqual(["names “Marlow Leather Sofa”", "names “Sonora X9 Headphones”"]);
    const unapproved = grade(couch, answer({ text: "We also have the Grand Chesterfield Sofa, Oxblood Leather." }), shop);
    expect(unapproved.invented).toEqual(["names unapproved or foreign “grand chesterfield sofa, oxblood leather”"]);

    const rivalKey = catalog.products.find((p) => p.owner === "rival" && p.status === "approved")!.key;
    const leaked = grade(couch, answer({ cards: [card(rivalKey), card("main:Luxe Velvet Couch, Emerald")] }), shop);
    expect(leaked.foreign).toHaveLength(2);
    expect(leaked.pass).toBe(false);

    const luxe = question("trap-luxe-couch");
    const echoed = grade(luxe, answer({ text: `Sorry, I couldn't find any products matching “${luxe.text}” in our catalog.` }), shop);
    expect(echoed.pass).toBe(true);
    const none = grade(question("none-submarines"), answer({ text: "Sorry, I couldn't find any products matching “Do you sell submarines?” in our catalog." }), shop);
    expect(none.noMatchOk).toBe(true);

    const proposal = { productId: sofa.id, productName: sofa.name, quantity: 2, unitPrice: sofa.price };
    const total = (Number(sofa.price) * 2).toLocaleString("en-US", { minimumFractionDigits: 2 });
    const bought = grade(question("buy-marlow-navy"), answer({ text: `Here is a purchase proposal: 2 × **${sofa.name}** at $${sofa.price} each (total $${total}).`, cards: [sofa], proposal }), shop);
    expect(bought.purchaseOk).toBe(true);
    expect(bought.pass).toBe(true);
    expect(grade(question("ask-marlow-sofa"), answer({ text: "Which one?", proposal }), shop).purchaseOk).toBe(false);
  });

  it("finds what shoppers mean, shows only the shop's approved products and makes nothing up", { timeout: 180_000 }, async () => {
    const { summary } = await evaluate(shop, CI_QUESTIONS, { concurrency: 8 });
    const missed: string[] = [];
    if (summary.recallAt5 < TARGETS.recallAt5) missed.push(`recall@5 ${summary.recallAt5.toFixed(3)} < ${TARGETS.recallAt5}`);
    if (summary.mrr < TARGETS.mrr) missed.push(`MRR ${summary.mrr.toFixed(3)} < ${TARGETS.mrr}`);
    if (summary.total.invented > TARGETS.invented) missed.push(`${summary.total.invented} answers invent a name or a price`);
    if (summary.total.foreign > TARGETS.foreign) missed.push(`${summary.total.foreign} answers show another business's or an unapproved product`);
    if (summary.noMatchRate < TARGETS.noMatchRate) missed.push(`no-match ${summary.total.noMatch.ok}/${summary.total.noMatch.n}`);
    if (summary.purchaseRate < TARGETS.purchaseRate) missed.push(`purchase ${summary.total.purchase.ok}/${summary.total.purchase.n}`);
    expect(missed, `\n${formatSummary(summary, { failures: 100 })}\n`).toEqual([]);
  });
});
