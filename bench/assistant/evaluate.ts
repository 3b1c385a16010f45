/**
 * Asks the assistant the evaluation's questions through the real chat path — POST /api/chat in JSON
 * mode, as a member of the shop — and grades each answer from what the shopper sees: the product
 * cards (in order), the purchase proposal and the text.
 *
 * Metrics (docs/quality.md):
 * - recall@5: of the first five cards, how many are right, over min(5, how many right ones exist);
 *   for a constraint (budget, stock, "goes with") every card must satisfy it, so wrong cards count
 *   against it too; for a comparison, the share of the named products shown;
 * - MRR: 1 / the rank of the first right card (0 when none);
 * - invented: an answer naming a product (in **bold**, or by a brand or name the shop does not sell
 *   approved) or a price ($…) that is not a price of a product it shows or names;
 * - foreign: a card or proposal of another business or of a product that is not approved;
 * - no-match: nothing the shop sells fits — no cards, no proposal, and the answer says so;
 * - purchase: a proposal exactly when one product fits (the right product and quantity), otherwise
 *   no proposal and a question back.
 */
import { randomUUID } from "node:crypto";
import { POST as chatPost } from "@/app/api/chat/route";
import type { Database } from "@/db/client";
import { businesses, creditTransactions, users, type ProductCard, type PurchaseProposal } from "@/db/schema";
import { callRoute, tokenFor } from "@/test/http";
import { approvedOf, MAIN_BUSINESS, RIVAL_BUSINESS, seedCatalog, type Catalog, type CatalogProduct, type SeededCatalog } from "./catalog";
import { QUESTION_KINDS, select, topProducts, type Expectation, type Question, type QuestionKind } from "./questions";

// ---- the shop ------------------------------------------------------------------------------------

export type Shop = {
  catalog: Catalog;
  businessIds: { main: string; rival: string };
  seeded: SeededCatalog;
  /** Access tokens of members of the shop, each with credits for thousands of messages. */
  tokens: string[];
  seedMs: number;
};

const MEMBER_CREDITS = 1_000_000;

/** Creates the shop and its rival, inserts the catalog and signs in `members` members of the shop. */
export async function createShop(db: Database, input: { catalog: Catalog; members: number }): Promise<Shop> {
  const started = performance.now();
  const suffix = randomUUID().slice(0, 8);
  const [main, rival] = await db
    .insert(businesses)
    .values([
      { name: MAIN_BUSINESS.name, slug: `${MAIN_BUSINESS.slugPrefix}-${suffix}` },
      { name: RIVAL_BUSINESS.name, slug: `${RIVAL_BUSINESS.slugPrefix}-${suffix}` },
    ])
    .returning({ id: businesses.id });
  const businessIds = { main: main!.id, rival: rival!.id };
  const seeded = await seedCatalog(db, { catalog: input.catalog, businessIds });
  const members = await db
    .insert(users)
    .values(
      Array.from({ length: input.members }, (_, i) => ({
        businessId: businessIds.main,
        email: `shopper-${i}-${suffix}@example.test`,
        name: `Shopper ${i + 1}`,
        passwordHash: "!",
        role: "viewer" as const,
        credits: MEMBER_CREDITS,
      })),
    )
    .returning();
  await db
    .insert(creditTransactions)
    .values(members.map((m) => ({ businessId: businessIds.main, userId: m.id, kind: "signup" as const, amount: MEMBER_CREDITS, balanceAfter: MEMBER_CREDITS })));
  const tokens = await Promise.all(members.map((m) => tokenFor(m)));
  return { catalog: input.catalog, businessIds, seeded, tokens, seedMs: performance.now() - started };
}

// ---- asking --------------------------------------------------------------------------------------

export type Answer = {
  status: number;
  text: string;
  cards: ProductCard[];
  proposal: PurchaseProposal | null;
  ms: number;
  error?: string;
};

/**
 * Each question in a conversation of its own, `concurrency` at a time, each worker as its own
 * member (the per-account send limit is per member).
 */
export async function askAll(shop: Shop, questions: Question[], options: { concurrency?: number } = {}): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, shop.tokens.length));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < questions.length; i = next++) {
        const question = questions[i]!;
        const started = performance.now();
        const res = await callRoute(chatPost, { token: shop.tokens[worker]!, body: { message: question.text } });
        const ms = performance.now() - started;
        if (res.status !== 200) {
          answers.set(question.id, { status: res.status, text: "", cards: [], proposal: null, ms, error: `${res.status} ${res.body?.error ?? ""} ${res.body?.detail ?? ""}`.trim() });
          continue;
        }
        answers.set(question.id, {
          status: res.status,
          text: String(res.body.response ?? ""),
          cards: (res.body.message?.productCards ?? []) as ProductCard[],
          proposal: (res.body.message?.proposal ?? res.body.proposal ?? null) as PurchaseProposal | null,
          ms,
        });
      }
    }),
  );
  return answers;
}

// ---- grading -------------------------------------------------------------------------------------

const NO_MATCH_TEXT =
  /\b(?:(?:couldn'?t|could not|can'?t|cannot|didn'?t|did not|unable to|wasn'?t able to) find|no (?:products?|matches|matching|results|items)\b|nothing (?:matches|matching|that matches|like that|fits)|(?:don'?t|do not|doesn'?t|does not) (?:sell|have|carry|stock|offer)|not (?:something|anything) (?:we|I) (?:sell|carry|have|stock)|(?:isn'?t|aren'?t) (?:something|anything|any) (?:we|in our))/i;
const ASKS_WHICH = /\bwhich\b|\?/i;

/** Words that begin a bold phrase without naming anything ("**Our pick**", "**Note**"). */
const COMMON_WORDS = new Set(
  ("a an the our your my this that these those best top new great good popular budget premium pick picks choice option options " +
    "alternative alternatives note tip total price prices each per in stock out of sold available unavailable here is are with " +
    "and or for to from on at by it its buy confirm purchase proposal cheapest priciest dearest most least expensive cheap " +
    "recommended recommendation summary comparison compare vs versus why how what which more less also only both either")
    .split(" "),
);

type GradeContext = {
  questionText: string;
  byId: Map<string, CatalogProduct>;
  approved: CatalogProduct[];
  approvedByLowerName: Map<string, CatalogProduct>;
  /** Approved names, longest first, lower-cased: masked out of the text before looking for other names. */
  approvedLowerNames: string[];
  /** The words of each approved name (lower-cased, singular): a shortened name still names its product. */
  approvedWords: Set<string>[];
  /** Names (and distinctive name stems) of products the shop must not show: unapproved, or only the rival's. */
  forbiddenPhrases: string[];
  /** Brands with no approved product in the shop. */
  foreignBrands: string[];
  brands: string[];
  /** Lower-cased, singular words of the catalog's forms, variants, categories and types: not proper names. */
  vocabulary: Set<string>;
  /** Words a product name ends with ("sofa", "headphone", "lamp"): the noun of a product name. */
  kindWords: Set<string>;
};

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
}

const singular = (word: string) => (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word);
const keyWords = (text: string) => wordsOf(text).map((w) => singular(w.toLowerCase()));

export function gradeContext(shop: Shop): Omit<GradeContext, "questionText"> {
  const approved = approvedOf(shop.catalog);
  const approvedLowerNames = approved.map((p) => p.name.toLowerCase()).sort((a, b) => b.length - a.length);
  const approvedBrands = new Set(approved.map((p) => p.brand));
  const vocabulary = new Set<string>();
  const kindWords = new Set<string>();
  // The shop's own words, and the kinds of everything in the catalog ("projector", "smartphone"); not
  // the words of unapproved or foreign names, which must stay proper names to be caught.
  for (const p of approved) {
    for (const word of keyWords(`${p.form} ${p.variant ?? ""} ${p.category}`)) vocabulary.add(word);
    for (const word of keyWords(p.form)) kindWords.add(word);
  }
  for (const p of shop.catalog.products) {
    for (const word of keyWords(p.type.replace(/_/g, " "))) {
      vocabulary.add(word);
      kindWords.add(word);
    }
  }
  const forbiddenPhrases = new Set<string>();
  for (const p of shop.catalog.products) {
    if (p.owner === "main" && p.status === "approved") continue;
    const lower = p.name.toLowerCase();
    if (approvedLowerNames.includes(lower)) continue;
    forbiddenPhrases.add(lower);
    // "Grand Chesterfield Sofa" names the unapproved sofa whatever its variant; "Halden Coffee Table"
    // does not (every word is the shop's own), so only stems with a word of their own count.
    const stem = lower.split(", ")[0]!;
    if (stem !== lower && !approvedLowerNames.some((name) => name.startsWith(stem))) {
      const ownWord = wordsOf(stem).some((w) => !vocabulary.has(singular(w)) && ![...approvedBrands].some((b) => b.toLowerCase() === w));
      if (ownWord) forbiddenPhrases.add(stem);
    }
  }
  const brands = [...new Set(shop.catalog.products.map((p) => p.brand).filter(Boolean))];
  return {
    byId: shop.seeded.byId,
    approved,
    approvedByLowerName: new Map(approved.map((p) => [p.name.toLowerCase(), p])),
    approvedLowerNames,
    approvedWords: approved.map((p) => new Set(keyWords(p.name))),
    // Longest first: a full name is reported once, not again through its stem.
    forbiddenPhrases: [...forbiddenPhrases].sort((a, b) => b.length - a.length),
    foreignBrands: brands.filter((b) => !approvedBrands.has(b)),
    brands,
    vocabulary,
    kindWords,
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const normalized = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

/** Amounts in cents: "$1,299.00" → 129900. */
function cents(amount: string): number {
  return Math.round(Number(amount.replace(/,/g, "")) * 100);
}

/** The text without quoted echoes of the question (“buy 1 cheap plastic watch”): those are the shopper's words. */
function withoutEchoes(text: string, question: string): string {
  const q = normalized(question);
  return text.replace(/“([^”]*)”|"([^"]*)"|‘([^’]*)’/g, (whole, a, b, c) => {
    const inner = normalized(String(a ?? b ?? c ?? ""));
    return inner && q.includes(inner) ? " ".repeat(whole.length) : whole;
  });
}

const hasWord = (text: string, word: string) => new RegExp(`(^|[^\\p{L}])${escapeRegExp(word)}($|[^\\p{L}])`, "u").test(text);

/**
 * Whether a bold phrase names the shop's approved product: all of its name, the start of it, a
 * phrase around it ("Our pick: …"), or a shortening whose every word is in one product's name
 * ("Aurel Q45 Headphones").
 */
function namesApproved(phrase: string, ctx: GradeContext): boolean {
  const lower = normalized(phrase).replace(/[.:;!?]+$/, "");
  if (ctx.approvedByLowerName.has(lower)) return true;
  if (ctx.approvedLowerNames.some((name) => (name.startsWith(lower) && /^[ ,]/.test(name.slice(lower.length))) || lower.includes(name))) return true;
  const words = keyWords(lower.split(", ")[0]!).filter((w) => !COMMON_WORDS.has(w));
  return words.length > 0 && ctx.approvedWords.some((set) => words.every((w) => set.has(w)));
}

/**
 * A bold phrase that reads like a product name: a brand the shop does not sell, or a product noun
 * at the end ("… Chair") after a brand, a proper name or a model code ("Herman Miller Aeron Chair").
 * Headings ("Best for Coffee Lovers", "Standing Desks") are not.
 */
function productLike(phrase: string, ctx: GradeContext): boolean {
  if (ctx.foreignBrands.some((brand) => hasWord(phrase, brand))) return true;
  const words = wordsOf(phrase.split(",")[0]!.replace(/[.:;!?]+$/, ""));
  const last = words.at(-1);
  if (!last || !ctx.kindWords.has(singular(last.toLowerCase()))) return false;
  if (ctx.brands.some((brand) => hasWord(phrase, brand))) return true;
  return words.slice(0, -1).some((w) => {
    const key = singular(w.toLowerCase());
    if (ctx.vocabulary.has(key) || COMMON_WORDS.has(key)) return false;
    return /^\p{Lu}/u.test(w) || (/\p{N}/u.test(w) && /\p{L}/u.test(w));
  });
}

/** Names and prices in the answer that the shop's approved catalog does not back. */
function inventions(answer: Answer, ctx: GradeContext): string[] {
  const found: string[] = [];
  const question = ctx.questionText.toLowerCase();
  const text = withoutEchoes(answer.text, ctx.questionText);

  for (const match of text.matchAll(/\*\*([^*]+)\*\*/g)) {
    const phrase = match[1]!.trim();
    if (!namesApproved(phrase, ctx) && productLike(phrase, ctx) && !question.includes(normalized(phrase))) found.push(`names “${phrase}”`);
  }

  let masked = text.toLowerCase();
  for (const name of ctx.approvedLowerNames) if (masked.includes(name)) masked = masked.split(name).join(" ");
  for (const phrase of ctx.forbiddenPhrases) {
    if (!masked.includes(phrase) || question.includes(phrase)) continue;
    found.push(`names unapproved or foreign “${phrase}”`);
    masked = masked.split(phrase).join(" ");
  }
  for (const brand of ctx.foreignBrands) {
    if (hasWord(text, brand) && !question.includes(brand.toLowerCase())) found.push(`names brand “${brand}”`);
  }

  // A price is backed when it is the price of a product shown or named, the proposal's, or the shopper's own number.
  const backed = new Set<number>();
  for (const card of answer.cards) {
    backed.add(cents(card.price));
    const product = ctx.byId.get(card.id);
    if (product) backed.add(cents(product.price));
  }
  if (answer.proposal) {
    backed.add(cents(answer.proposal.unitPrice));
    backed.add(cents(answer.proposal.unitPrice) * answer.proposal.quantity);
  }
  const lowerText = answer.text.toLowerCase();
  for (const name of ctx.approvedLowerNames) if (lowerText.includes(name)) backed.add(cents(ctx.approvedByLowerName.get(name)!.price));
  for (const number of ctx.questionText.match(/\d+(?:[.,]\d+)?/g) ?? []) backed.add(cents(number));
  // The shopper's budget written out ("under a hundred dollars") is their number too.
  const written: Record<string, number> = { "a hundred": 100, "one hundred": 100, "two hundred": 200, "five hundred": 500, "a thousand": 1000, fifty: 50, twenty: 20, thirty: 30 };
  for (const [words, value] of Object.entries(written)) if (question.includes(words)) backed.add(value * 100);
  for (const match of text.matchAll(/\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)/g)) {
    if (!backed.has(cents(match[1]!))) found.push(`price $${match[1]} belongs to no product shown or named`);
  }
  // "**Name** — $price": the price next to a product's name must be that product's.
  for (const match of text.matchAll(/\*\*([^*]+)\*\*[^\n$*]{0,40}\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)/g)) {
    const product = ctx.approvedByLowerName.get(normalized(match[1]!));
    if (product && cents(product.price) !== cents(match[2]!)) found.push(`gives “${product.name}” the price $${match[2]} (it is $${product.price})`);
  }

  for (const card of answer.cards) {
    const product = ctx.byId.get(card.id);
    if (product && product.owner === "main" && product.status === "approved" && (product.name !== card.name || cents(product.price) !== cents(card.price))) {
      found.push(`card “${card.name}” at $${card.price} misstates “${product.name}” at $${product.price}`);
    }
  }
  return found;
}

/** Cards and proposals that are not the shop's approved products. */
function foreignItems(answer: Answer, ctx: GradeContext): string[] {
  const found: string[] = [];
  const check = (id: string, what: string) => {
    const product = ctx.byId.get(id);
    if (!product) found.push(`${what} ${id} is no product of the catalog`);
    else if (product.owner !== "main") found.push(`${what} “${product.name}” belongs to the other business`);
    else if (product.status !== "approved") found.push(`${what} “${product.name}” is ${product.status}`);
  };
  for (const card of answer.cards) check(card.id, "card");
  if (answer.proposal) check(answer.proposal.productId, "proposal");
  return found;
}

export type Graded = {
  question: Question;
  answer: Answer;
  /** recall@5 and reciprocal rank, for questions that expect products to be shown. */
  recall?: number;
  rr?: number;
  invented: string[];
  foreign: string[];
  noMatchOk?: boolean;
  purchaseOk?: boolean;
  saysOk?: boolean;
  pass: boolean;
  /** What a right answer shows, for the failure list. */
  expected: string;
  /** Why it failed, for the failure list. */
  reasons: string[];
};

function listNames(products: CatalogProduct[], max = 4): string {
  const names = products.slice(0, max).map((p) => p.name);
  return products.length > max ? `${names.join("; ")}; … (${products.length} in all)` : names.join("; ");
}

/** recall@5 and reciprocal rank of one answer's cards against one expectation. */
function rank(expect: Expectation, cards: CatalogProduct[], catalog: Catalog): { recall: number; rr: number; expected: string } | null {
  const firstHit = (hit: (p: CatalogProduct) => boolean, list: CatalogProduct[]) => {
    const index = list.findIndex(hit);
    return index < 0 ? 0 : 1 / (index + 1);
  };
  const isApproved = (p: CatalogProduct) => p.owner === "main" && p.status === "approved";
  switch (expect.type) {
    case "any": {
      const relevant = select(catalog, expect.relevant);
      const hit = (p: CatalogProduct) => isApproved(p) && expect.relevant(p);
      const hits = cards.slice(0, 5).filter(hit).length;
      return { recall: hits / Math.min(5, relevant.length), rr: firstHit(hit, cards), expected: `any of: ${listNames(relevant)}` };
    }
    case "strict": {
      const relevant = select(catalog, expect.relevant);
      const hit = (p: CatalogProduct) => isApproved(p) && expect.relevant(p);
      const considered = cards.filter((p) => hit(p) || !(isApproved(p) && expect.allowed?.(p)));
      const shown = considered.slice(0, 5);
      const need = Math.min(5, relevant.length);
      const good = shown.filter(hit).length;
      return { recall: good / Math.max(need, shown.length), rr: firstHit(hit, considered), expected: `only products that fit: ${listNames(relevant)}` };
    }
    case "groups": {
      const shown = cards.slice(0, 5);
      const covered = expect.groups.filter((group) => shown.some((p) => isApproved(p) && group(p))).length;
      const hit = (p: CatalogProduct) => isApproved(p) && expect.groups.some((group) => group(p));
      const lines = expect.groups.map((group) => select(catalog, group)[0]?.line + " " + select(catalog, group)[0]?.form);
      return { recall: covered / expect.groups.length, rr: firstHit(hit, cards), expected: `each of: ${lines.join(" | ")}` };
    }
    case "top": {
      const top = topProducts(catalog, expect);
      const ids = new Set(top.map((p) => p.key));
      const hit = (p: CatalogProduct) => ids.has(p.key);
      const hits = cards.slice(0, 5).filter(hit).length;
      return { recall: Math.min(hits, expect.k) / expect.k, rr: firstHit(hit, cards), expected: `the ${expect.order} ${expect.k}: ${listNames(top, 6)}` };
    }
    default:
      return null;
  }
}

export function grade(question: Question, answer: Answer, shop: Shop, base: Omit<GradeContext, "questionText"> = gradeContext(shop)): Graded {
  const ctx: GradeContext = { ...base, questionText: question.text };
  const reasons: string[] = [];
  if (answer.error) reasons.push(`request failed: ${answer.error}`);
  const cardProducts = answer.cards.map((card) => ctx.byId.get(card.id)).filter((p): p is CatalogProduct => p !== undefined);
  const invented = inventions(answer, ctx);
  const foreign = foreignItems(answer, ctx);
  reasons.push(...invented.map((i) => `invented: ${i}`), ...foreign.map((f) => `foreign: ${f}`));
  const expect = question.expect;
  const graded: Graded = { question, answer, invented, foreign, pass: false, expected: "", reasons };

  const ranked = rank(expect, cardProducts, shop.catalog);
  if (ranked) {
    graded.recall = ranked.recall;
    graded.rr = ranked.rr;
    graded.expected = ranked.expected;
    if (ranked.recall < 1) reasons.push(`recall@5 ${ranked.recall.toFixed(2)}`);
  } else if (expect.type === "none") {
    graded.expected = "no cards, no proposal, and a plain “nothing matches”";
    graded.noMatchOk = answer.cards.length === 0 && !answer.proposal && NO_MATCH_TEXT.test(answer.text);
    if (!graded.noMatchOk) reasons.push(answer.cards.length ? "showed products when nothing fits" : answer.proposal ? "proposed a purchase" : "did not say that nothing matches");
  } else if (expect.type === "proposal") {
    const [product] = select(shop.catalog, expect.product);
    const id = product ? shop.seeded.idOf.get(product.key) : undefined;
    graded.expected = `a proposal of ${expect.quantity} × ${product?.name}`;
    graded.purchaseOk = answer.proposal?.productId === id && answer.proposal?.quantity === expect.quantity;
    if (!graded.purchaseOk) reasons.push(answer.proposal ? `proposed ${answer.proposal.quantity} × ${answer.proposal.productName}` : "no proposal");
  } else if (expect.type === "ask") {
    graded.expected = `no proposal, a question back (${select(shop.catalog, expect.relevant).length} products fit)`;
    graded.purchaseOk = !answer.proposal && ASKS_WHICH.test(answer.text);
    if (!graded.purchaseOk) reasons.push(answer.proposal ? `proposed ${answer.proposal.quantity} × ${answer.proposal.productName} without asking` : "did not ask which product");
  } else {
    graded.expected = "nothing unapproved or foreign, nothing made up";
  }
  if (question.says) {
    graded.saysOk = question.says.test(answer.text);
    if (!graded.saysOk) reasons.push(`text does not say ${question.says}`);
  }
  graded.pass = reasons.length === 0;
  return graded;
}

// ---- summary -------------------------------------------------------------------------------------

type Tally = {
  n: number;
  passed: number;
  ranked: number;
  recallSum: number;
  rrSum: number;
  invented: number;
  foreign: number;
  noMatch: { ok: number; n: number };
  purchase: { ok: number; n: number };
};

export type Summary = {
  byKind: Map<QuestionKind, Tally>;
  total: Tally;
  /** Means over the questions that expect products to be shown. */
  recallAt5: number;
  mrr: number;
  noMatchRate: number;
  purchaseRate: number;
  failures: Graded[];
  /** Median and slowest answer, milliseconds. */
  latency: { p50: number; max: number };
};

function emptyTally(): Tally {
  return { n: 0, passed: 0, ranked: 0, recallSum: 0, rrSum: 0, invented: 0, foreign: 0, noMatch: { ok: 0, n: 0 }, purchase: { ok: 0, n: 0 } };
}

function add(tally: Tally, g: Graded) {
  tally.n++;
  if (g.pass) tally.passed++;
  if (g.recall !== undefined) {
    tally.ranked++;
    tally.recallSum += g.recall;
    tally.rrSum += g.rr ?? 0;
  }
  if (g.invented.length) tally.invented++;
  if (g.foreign.length) tally.foreign++;
  if (g.noMatchOk !== undefined) {
    tally.noMatch.n++;
    if (g.noMatchOk) tally.noMatch.ok++;
  }
  if (g.purchaseOk !== undefined) {
    tally.purchase.n++;
    if (g.purchaseOk) tally.purchase.ok++;
  }
}

export function summarize(graded: Graded[]): Summary {
  const byKind = new Map<QuestionKind, Tally>();
  const total = emptyTally();
  for (const g of graded) {
    const tally = byKind.get(g.question.kind) ?? emptyTally();
    add(tally, g);
    byKind.set(g.question.kind, tally);
    add(total, g);
  }
  const times = graded.map((g) => g.answer.ms).sort((a, b) => a - b);
  return {
    byKind,
    total,
    recallAt5: total.ranked ? total.recallSum / total.ranked : 1,
    mrr: total.ranked ? total.rrSum / total.ranked : 1,
    noMatchRate: total.noMatch.n ? total.noMatch.ok / total.noMatch.n : 1,
    purchaseRate: total.purchase.n ? total.purchase.ok / total.purchase.n : 1,
    failures: graded.filter((g) => !g.pass),
    latency: { p50: times[Math.floor((times.length - 1) / 2)] ?? 0, max: times.at(-1) ?? 0 },
  };
}

const fixed = (n: number) => n.toFixed(2);
const ratio = (r: { ok: number; n: number }) => (r.n ? `${r.ok}/${r.n}` : "–");

/** The per-kind table (Markdown) and, when asked, the failures with question, expected and shown. */
export function formatSummary(summary: Summary, options: { failures?: number } = {}): string {
  const header = "| kind | n | passed | recall@5 | MRR | invented | foreign | no-match ok | purchase ok |";
  const rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|";
  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.n} | ${t.passed} | ${t.ranked ? fixed(t.recallSum / t.ranked) : "–"} | ${t.ranked ? fixed(t.rrSum / t.ranked) : "–"} | ${t.invented} | ${t.foreign} | ${ratio(t.noMatch)} | ${ratio(t.purchase)} |`;
  const lines = [header, rule];
  for (const kind of QUESTION_KINDS) {
    const tally = summary.byKind.get(kind);
    if (tally) lines.push(row(kind, tally));
  }
  lines.push(row("**total**", summary.total));
  lines.push(
    "",
    `recall@5 ${fixed(summary.recallAt5)} · MRR ${fixed(summary.mrr)} · invented ${summary.total.invented} · foreign ${summary.total.foreign} · ` +
      `no-match ${ratio(summary.total.noMatch)} · purchase ${ratio(summary.total.purchase)} · passed ${summary.total.passed}/${summary.total.n} · ` +
      `answer p50 ${Math.round(summary.latency.p50)} ms, max ${Math.round(summary.latency.max)} ms`,
  );
  const limit = options.failures ?? 0;
  if (limit > 0 && summary.failures.length) {
    lines.push("", `Failures (${Math.min(limit, summary.failures.length)} of ${summary.failures.length}):`);
    for (const g of summary.failures.slice(0, limit)) {
      const shown = g.answer.cards.map((c, i) => `${i + 1}. ${c.name} $${c.price}`).join("; ") || "no cards";
      lines.push(
        `- [${g.question.kind}] ${g.question.id}: “${g.question.text}”`,
        `    expected: ${g.expected}`,
        `    shown: ${shown}${g.answer.proposal ? ` · proposal ${g.answer.proposal.quantity} × ${g.answer.proposal.productName}` : ""}`,
        `    text: ${g.answer.text.replace(/\s+/g, " ").slice(0, 220)}`,
        `    why: ${g.reasons.join("; ")}`,
      );
    }
  }
  return lines.join("\n");
}

/** Seeds nothing: asks `questions` of an existing shop and grades the answers. */
export async function evaluate(shop: Shop, questions: Question[], options: { concurrency?: number } = {}) {
  const started = performance.now();
  const answers = await askAll(shop, questions, options);
  const askMs = performance.now() - started;
  const base = gradeContext(shop);
  const graded = questions.map((q) => grade(q, answers.get(q.id)!, shop, base));
  return { graded, summary: summarize(graded), askMs };
}
