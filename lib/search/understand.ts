import { FILLER } from "@/lib/ai/search-terms";
import { longestPhrase, synonymIndex, wordsOfPhrase } from "./synonyms";

/**
 * One thing the shopper named. A product matches it when it has every word of any alternative
 * ("couch" → [["couch"], ["sofa"], ["settee"], …]; "coffee machine" → [["coffee", "machine"], ["espresso", "machine"], …]).
 */
export type Concept = {
  text: string;
  alternatives: string[][];
  /** The words must follow each other ("2 tb"), not only all appear. */
  adjacent?: boolean;
  /** The thing asked for ("sofa" in "a comfy sofa with cup holders"); the other concepts only describe it. */
  head?: boolean;
  /**
   * A noun right before the head that makes it another kind of thing ("rowing" machine, "office"
   * chair): a product must have it. Adjectives ("comfy", "black") do not.
   */
  compound?: boolean;
};

export type PriceOrder = "price_asc" | "price_desc";

/** A shopper's question as retrieval reads it: what to look for, and how to filter and order it. */
export type Understood = {
  concepts: Concept[];
  /** The content words in the shopper's order, for the exact-phrase bonus ("trail running shoes"). */
  phrase: string;
  minPrice?: number;
  maxPrice?: number;
  order?: PriceOrder;
  /** "three cheapest", "top 5": how many products the shopper asked for. */
  count?: number;
  inStock?: boolean;
  /** "Is the X in stock?": a question about one product, answered with its stock, not a filter. */
  askedAboutStock?: boolean;
  /** The category words were followed by "gear", "accessories"…: the shopper browses a category. */
  categoryBrowse?: boolean;
};

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, a: 1, couple: 2, few: 3,
};
const AMOUNT = String.raw`\$?\s*(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,7}(?:[.,]\d{1,2})?)\s*(?:\$|dollars?|usd|bucks|eur|euros?|€|£)?`;
const NUMBER = String.raw`(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few)`;

const BETWEEN = new RegExp(String.raw`\b(?:between|from)\s+${AMOUNT}\s*(?:and|to|-|–)\s*${AMOUNT}`, "i");
const DASH_RANGE = new RegExp(String.raw`\$\s*(\d{1,7}(?:\.\d{1,2})?)\s*(?:-|–|to)\s*\$?\s*(\d{1,7}(?:\.\d{1,2})?)`, "i");
const AT_MOST = new RegExp(
  String.raw`\b(?:under|below|less than|cheaper than|up to|no more than|not more than|at most|max(?:imum)?|within|beneath|lower than)\s+(?:a\s+budget\s+of\s+)?${AMOUNT}`,
  "i",
);
const OR_LESS = new RegExp(String.raw`${AMOUNT}\s+or\s+(?:less|under|below|cheaper)`, "i");
const AT_LEAST = new RegExp(String.raw`\b(?:over|above|more than|at least|starting at|upwards of|min(?:imum)?)\s+${AMOUNT}`, "i");
const OR_MORE = new RegExp(String.raw`${AMOUNT}\s+or\s+(?:more|over|above)`, "i");
const BARE_PRICE = /\$\s*\d{1,7}(?:[.,]\d{1,2})?|\b\d{1,7}(?:[.,]\d{1,2})?\s*(?:dollars?|usd|bucks|euros?)\b/gi;

const CHEAPEST = /\b(cheapest|least expensive|lowest[- ]priced?|lowest price|most affordable|budget|cheap|inexpensive|affordable|bargain)\b/i;
const PRICIEST = /\b(most expensive|priciest|highest[- ]priced?|highest price|premium|luxury|top[- ]of[- ]the[- ]range|high[- ]end|expensive)\b/i;
const COUNTED_ORDER = new RegExp(
  String.raw`\b${NUMBER}\s+(?:of\s+(?:the|your)\s+)?(?:cheapest|least expensive|lowest[- ]priced?|most expensive|priciest|highest[- ]priced?|best|top)\b`,
  "i",
);
const TOP_N = new RegExp(String.raw`\b(?:top|first)\s+${NUMBER}\b`, "i");
const IN_STOCK =
  /\b(in[- ]stock|(?:still )?available(?: right)?(?: now| today| immediately)?|ready to ship|on hand|(?:you )?can ship(?: today| now)?|ships? (?:today|now|immediately)|(?:get|have) (?:it |them )?(?:right away|today|now)|right away|(?:(?:are|is)n'?t|not) sold out|not out of stock)\b/i;
/** "Is the Basswood earbud still available?": about one product, not a filter over many. */
const STOCK_QUESTION = /^\s*(?:is|are|do you still have|have you still got|have you got)\s+(?:the|your|this|that|these|those)\b/i;

const SMALL_NUMBERS: Record<string, number> = {
  ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const DIGITS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };

/** "a hundred" → "100", "two thousand" → "2000", "fifty" → "50": budgets are often written out. */
function writtenAmounts(text: string): string {
  return text
    .replace(/\b(a|one|two|three|four|five|six|seven|eight|nine)\s+(hundred|thousand)\b/g, (_, digit: string, scale: string) =>
      String(DIGITS[digit]! * (scale === "hundred" ? 100 : 1000)),
    )
    .replace(/\b(ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b(?=\s*(?:dollars?|bucks|usd|euros?|\$))/g, (word) =>
      String(SMALL_NUMBERS[word]),
    );
}

/** "2TB", "500gb", "25l": a number glued to its unit is searched as the two words a name has ("2 TB"). */
const GLUED_UNIT = /\b(\d+(?:\.\d+)?)(tb|gb|mb|kg|g|cm|mm|m|l|ml|w|mah|hz|inch)\b/gi;
const SPACED_UNIT = /\b(\d+(?:\.\d+)?)\s+(tb|gb|kg|cm|mm|ml|mah|hz)\b/gi;

/** Words that make a category name a browse ("camping gear", "cycling accessories"). */
const CATEGORY_SUFFIXES = new Set(["gear", "equipment", "accessories", "accessory", "supplies", "essentials", "stuff", "tools", "kit", "range"]);

/** Describing words, not kinds: "comfy sofa" is a sofa, "rowing machine" is not a machine you row on. */
export function adjectiveLike(word: string): boolean {
  return ADJECTIVES.has(word) || /(?:y|ful|able|ible|ous|ive|ish|less|al|ic|ed|est|er)$/.test(word);
}
const ADJECTIVES = new Set([
  "black", "white", "grey", "gray", "blue", "red", "green", "navy", "pink", "yellow", "brown", "beige", "purple", "orange", "silver", "gold",
  "big", "small", "large", "little", "tiny", "huge", "long", "short", "tall", "wide", "narrow", "thin", "thick", "soft", "hard", "warm",
  "cool", "cold", "hot", "new", "old", "modern", "classic", "vintage", "simple", "basic", "smart", "quiet", "loud", "fast", "slow", "light",
  "dark", "bright", "good", "nice", "great", "best", "decent", "proper", "solid", "sturdy", "cheap", "pricey", "wireless", "cordless",
  "electric", "manual", "portable", "compact", "foldable", "waterproof", "organic", "natural", "vegan", "kids", "men", "mens", "women",
  "womens", "adult", "baby", "mini", "pro", "plus", "max", "ultra", "premium", "luxury", "eco", "comfy", "cozy", "cosy",
]);

// Words that shape the question but name no product; searching them would match descriptions at random.
const QUESTION_WORDS = new Set([
  "cheapest", "cheaper", "cheap", "expensive", "priciest", "pricey", "budget", "affordable", "inexpensive", "bargain",
  "premium", "luxury", "lowest", "highest", "least", "most", "best", "good", "great", "nice", "new", "under",
  "below", "above", "over", "less", "more", "than", "between", "dollars", "dollar", "bucks", "usd", "eur", "euro",
  "euros", "max", "maximum", "minimum", "min", "within", "budget", "priced", "cost", "costs", "costing", "spend",
  "option", "options", "one", "ones", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "couple",
  "few", "several", "whats", "what's", "i'm", "im", "looking", "show", "list", "give", "see", "offer", "offers",
  "still", "currently", "right", "away", "yet", "pair", "pairs", "gift", "gifts", "present", "presents", "idea", "ideas",
  "sold", "aren't", "isn't", "arent", "isnt", "don't", "dont", "doesn't", "just", "bought", "buy", "getting", "maybe", "really",
  "details", "detail", "info", "information", "specs", "spec", "specifications", "tell", "more", "size", "sized", "browsing",
  "browse", "shopping", "interested", "thinking", "wondering", "searching", "hunting", "mind", "please", "thanks",
  "carry", "stock", "stocked", "available", "else", "other", "others", "kind", "kinds", "type", "types", "sort",
  "sorts", "selection", "catalog", "catalogue", "here", "anything", "everything", "something", "maybe", "really", "quite", "pretty", "per", "each",
  "id", "i", "i'd", "let", "lets", "let's", "ask", "question", "help", "suggest", "suggestion", "suggestions",
  "recommendation", "recommendations", "ideas", "idea", "which", "one's", "people", "person", "use", "using", "used",
  "sell", "selling", "sold", "buying", "purchase", "compare", "comparison", "versus", "vs", "difference", "between",
  "better", "prefer", "choose", "pick", "get", "got", "go", "goes", "going", "want", "wanted", "need", "needed",
]);

function amount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // "1,000" is a thousand; "12,50" is twelve and a half.
  const value = Number(/^\d{1,3}(?:,\d{3})+/.test(text) ? text.replace(/,/g, "") : text.replace(",", "."));
  return Number.isFinite(value) ? value : undefined;
}

function countOf(word: string | undefined): number | undefined {
  if (!word) return undefined;
  const lower = word.toLowerCase().replace(/^a (couple of|few)$/, "$1");
  const value = /^\d+$/.test(lower) ? Number(lower) : NUMBER_WORDS[lower];
  return value !== undefined && value >= 1 && value <= 50 ? value : undefined;
}

/** "couches" → "couch", "batteries" → "battery": a plural typed by a shopper meets its synonym entry. */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ch|sh|x|ss|zz)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) return word.slice(0, -1);
  return word;
}

/**
 * Reads the constraints out of a question ("lamps under $100", "three cheapest", "in stock") and
 * groups what remains into concepts with their synonyms (built-in and the business's own). The
 * constraint phrases are removed from the text, so "under" or "$100" are never searched as words.
 */
export function understandQuestion(text: string, businessSynonyms: readonly (readonly string[])[] = []): Understood {
  let rest = writtenAmounts(text.normalize("NFKC").toLowerCase().slice(0, 500).replace(/[’‘]/g, "'"));
  const understood: Understood = { concepts: [], phrase: "" };
  const take = (pattern: RegExp, apply: (match: RegExpExecArray) => void) => {
    const match = pattern.exec(rest);
    if (!match) return;
    apply(match);
    rest = `${rest.slice(0, match.index)} ${rest.slice(match.index + match[0].length)}`;
  };

  take(BETWEEN, (m) => Object.assign(understood, { minPrice: amount(m[1]), maxPrice: amount(m[2]) }));
  take(DASH_RANGE, (m) => Object.assign(understood, { minPrice: amount(m[1]), maxPrice: amount(m[2]) }));
  take(AT_MOST, (m) => (understood.maxPrice = amount(m[1])));
  take(OR_LESS, (m) => (understood.maxPrice ??= amount(m[1])));
  take(AT_LEAST, (m) => (understood.minPrice = amount(m[1])));
  take(OR_MORE, (m) => (understood.minPrice ??= amount(m[1])));
  if (understood.minPrice !== undefined && understood.maxPrice !== undefined && understood.minPrice > understood.maxPrice) {
    [understood.minPrice, understood.maxPrice] = [understood.maxPrice, understood.minPrice];
  }
  rest = rest.replace(BARE_PRICE, " ");

  take(COUNTED_ORDER, (m) => {
    understood.count = countOf(m[1]);
    if (/cheapest|least expensive|lowest/i.test(m[0])) understood.order = "price_asc";
    else if (/most expensive|priciest|highest/i.test(m[0])) understood.order = "price_desc";
  });
  take(TOP_N, (m) => (understood.count ??= countOf(m[1])));
  if (/\b(?:least|not too|not very|not)\s+expensive\b/i.test(rest)) take(/\b(?:least|not too|not very|not)\s+expensive\b/i, () => (understood.order = "price_asc"));
  take(CHEAPEST, () => (understood.order = "price_asc"));
  if (!understood.order) take(PRICIEST, () => (understood.order = "price_desc"));
  take(IN_STOCK, () => {
    if (STOCK_QUESTION.test(text)) understood.askedAboutStock = true;
    else understood.inStock = true;
  });
  // "2TB" and "2 TB" alike become one token, a measurement, searched as the two adjacent words a name has.
  rest = rest.replace(GLUED_UNIT, "$1_$2").replace(SPACED_UNIT, "$1_$2");

  const contentWords = (part: string) =>
    (part.match(/\d+(?:\.\d+)?_[a-z]+|[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [])
      .map((word) => word.replace(/'s$/, ""))
      .filter((word) => (word.length >= 2 || /^\d$/.test(word)) && !FILLER.has(word) && !QUESTION_WORDS.has(word));
  let words = contentWords(rest).slice(0, 12);
  if (words.length > 1 && CATEGORY_SUFFIXES.has(words.at(-1)!)) {
    understood.categoryBrowse = true;
    words = words.slice(0, -1);
  }
  understood.phrase = words.join(" ");
  const index = synonymIndex(businessSynonyms);
  understood.concepts = conceptsOf(words, index);
  // The head is the last thing named before the first "with", "for", "that"…: English puts the
  // noun there ("camping stove", "tent for two people").
  const main = rest
    .split(MODIFIER_START)
    .map((part) => contentWords(part).filter((word) => !(understood.categoryBrowse && CATEGORY_SUFFIXES.has(word))))
    .find((part) => part.length > 0);
  if (main) {
    const mainConcepts = conceptsOf(main, index);
    const head = mainConcepts.at(-1);
    const concept = understood.concepts.find((candidate) => candidate.text === head?.text);
    if (concept) concept.head = true;
    const before = mainConcepts.at(-2);
    const modifier = understood.concepts.find((candidate) => candidate.text === before?.text);
    if (modifier && !modifier.head && !adjectiveLike(modifier.text) && !/\d/.test(modifier.text)) modifier.compound = true;
  }
  return understood;
}

const MODIFIER_START = /\b(?:with|without|for|that|which|who|to|from|in|on|of|like|near|by|under|over|and|or|but)\b|[,;:!?—–]|\s-\s/;

/** Groups words into concepts, longest synonym phrase first ("coffee machine" before "coffee"). */
function conceptsOf(words: string[], index: Map<string, string[]>): Concept[] {
  const longest = longestPhrase(index);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; ) {
    let matched: { length: number; members: string[] } | null = null;
    for (let length = Math.min(longest, words.length - i); length >= 1 && !matched; length--) {
      const phrase = words.slice(i, i + length);
      const last = phrase.at(-1)!;
      const members = [last, singular(last), last.replace(/s$/, "")]
        .map((form) => index.get([...phrase.slice(0, -1), form].join(" ")))
        .find(Boolean);
      if (members) matched = { length, members };
    }
    const length = matched?.length ?? 1;
    const measurement = /^(\d+(?:\.\d+)?)_([a-z]+)$/.exec(words[i]!);
    const text = measurement ? `${measurement[1]} ${measurement[2]}` : words.slice(i, i + length).join(" ");
    const alternatives = measurement ? [[measurement[1]!, measurement[2]!]] : matched ? matched.members.map(wordsOfPhrase) : [[words[i]!]];
    if (!seen.has(text)) concepts.push(measurement ? { text, alternatives, adjacent: true } : { text, alternatives });
    seen.add(text);
    i += length;
  }
  return concepts;
}
