import type { ChatFileColumn } from "@/db/schema";
import { firstChars } from "@/lib/http";
import { formatMoney, fromCents } from "@/lib/money";
import type { AttachedFile } from "./types";

/**
 * The built-in assistant's understanding of common questions about an attached file. A question is
 * turned into one `query_file` call (the same tool a model uses) and its result into an answer that
 * names the file. Anything not understood here is left to the catalog search.
 */

type Op = "eq" | "neq" | "lt" | "lte" | "gt" | "gte" | "contains" | "empty";
type Condition = { column: string; op: Op; value?: string | number | boolean | null };
type AggregateFn = "count" | "sum" | "avg" | "min" | "max";

export type FilePlan =
  | { kind: "count"; file: AttachedFile }
  | { kind: "columns"; file: AttachedFile }
  | {
      kind: "aggregate";
      file: AttachedFile;
      fn: AggregateFn;
      column: ChatFileColumn | null;
      groupBy: ChatFileColumn | null;
      /** "Which region sold the most units": the groups ranked, the one asked for first, in the question's word. */
      leader?: { word: string; direction: "asc" | "desc" };
    }
  | { kind: "top"; file: AttachedFile; column: ChatFileColumn; direction: "asc" | "desc"; limit: number }
  | { kind: "filter"; file: AttachedFile; condition: Condition; description: string; countOnly: boolean }
  | { kind: "match"; file: AttachedFile }
  /** The highest or the top of a text column: ranked as text, "$89.00" would come above "$1,200.00". */
  | { kind: "unranked"; file: AttachedFile; column: ChatFileColumn };

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fifteen: 15, twenty: 20,
};
const LIST_LIMIT = 10;
const MAX_TOP = 50;

const TOKEN = /[\p{L}\p{N}$.,<>=!'’&/-]+/gu;

/** The message's words as typed (NFKC), in order; the question is read from their lower-case form. */
function tokensOf(text: string): string[] {
  return text.normalize("NFKC").match(TOKEN) ?? [];
}

/** " word word " in lower case, so every word is found between two spaces. */
function normalized(text: string): string {
  return ` ${tokensOf(text).join(" ").toLowerCase()} `;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The ways a question may name a column: "unit_price" is also "unit price", "category" also "categories". */
function columnPhrases(column: ChatFileColumn): string[] {
  const base = column.name.toLowerCase().replace(/[_.\-\s]+/g, " ").trim();
  if (!base) return [];
  const forms = new Set([base]);
  if (base.endsWith("y")) forms.add(`${base.slice(0, -1)}ies`);
  forms.add(`${base}s`);
  if (base.endsWith("s")) forms.add(base.slice(0, -1));
  return [...forms];
}

type Mention = { column: ChatFileColumn; start: number; end: number };

/** The file's columns the question names, in the order it names them; a longer name wins over one inside it. */
function mentions(text: string, file: AttachedFile): Mention[] {
  const found: Mention[] = [];
  for (const column of file.columns) {
    for (const phrase of columnPhrases(column)) {
      const pattern = new RegExp(`(?<= )${escapeRegExp(phrase)}(?=[ .,!])`, "g");
      for (const match of text.matchAll(pattern)) {
        found.push({ column, start: match.index, end: match.index + phrase.length });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of found) {
    if (kept.some((other) => mention.start < other.end && other.start < mention.end)) continue;
    kept.push(mention);
  }
  return kept;
}

function isNumeric(column: ChatFileColumn): boolean {
  return column.type === "integer" || column.type === "number";
}

/** Whether a column's values have an order a question means by "highest" or "top": numbers and dates. */
function isRanked(column: ChatFileColumn): boolean {
  return isNumeric(column) || column.type === "date";
}

function fileStem(name: string): string {
  return normalized(name.replace(/\.(csv|tsv|json|txt)$/i, "")).trim();
}

function countWord(word: string | undefined): number | null {
  if (!word) return null;
  const value = /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word];
  return value && value >= 1 ? Math.min(value, MAX_TOP) : null;
}

const REFERS_TO_FILE = / (these|those|them|this file|the file|my file|this list|the list|my list|this sheet|the sheet|the rows|these rows) /;
const SELL_QUESTION = / (which|what|how many|do|does|are) .*(we|you) (already )?(sell|stock|carry|have|offer)/;
const COLUMNS_QUESTION = / (which|what) (are the )?columns | list (the |its |all )?columns | columns (are there|does it have|do you see) /;
const SUMMARY_QUESTION = / (summarize|summarise|summary|overview|describe) | (what is in|what's in|whats in|tell me about) (this|the|my) (file|list|sheet) /;
const LEADER_WORD = / (most|highest|largest|biggest|greatest|fewest|least|lowest|smallest) /;
const AGGREGATE_WORDS: [RegExp, AggregateFn][] = [
  [/ (average|avg|mean) /, "avg"],
  [/ (sum|total) /, "sum"],
  [/ (minimum|min|lowest|smallest) /, "min"],
  [/ (maximum|max|highest|largest|biggest) /, "max"],
];
const GROUP_WORDS = / (by|per|for each|for every|each|grouped by|across) $/;
const OPERATORS: [RegExp, Op][] = [
  [/^(is not|isn't|isn’t|is different from|!=|<>|not equal to|does not equal) /, "neq"],
  [/^(is at least|at least|>=) /, "gte"],
  [/^(is at most|at most|<=) /, "lte"],
  [/^(is above|is over|is greater than|is more than|above|over|greater than|more than|>) /, "gt"],
  [/^(is below|is under|is less than|below|under|less than|<) /, "lt"],
  [/^(contains|containing|includes|including|has|like|mentions) /, "contains"],
  [/^(is|=|==|equals|equal to|is equal to|of) /, "eq"],
];

/** "where category is Lighting": the condition after a column, with the value as the user typed it. */
function conditionAfter(original: string, text: string, mention: Mention): { condition: Condition; description: string } | null {
  const restStart = mention.end + 1;
  const rest = text.slice(restStart);
  for (const [pattern, op] of OPERATORS) {
    const matched = pattern.exec(rest);
    if (!matched) continue;
    // Word k of the lower-case text is word k of the message: the value keeps its case and symbols.
    const valueStart = restStart + matched[0].length;
    const wordIndex = text.slice(0, valueStart).trim().split(" ").filter(Boolean).length;
    const raw = tokensOf(original).slice(wordIndex).join(" ").replace(/[.,!]+$/, "").replace(/^['’]+|['’]+$/g, "").trim();
    if (!raw) return null;
    const column = mention.column;
    let value: string | number = raw;
    if (isNumeric(column)) {
      const number = Number(raw.replace(/[$,\s]/g, ""));
      if (!Number.isFinite(number)) return null;
      value = number;
    }
    const words: Record<Op, string> = {
      eq: "is", neq: "is not", gt: "is above", gte: "is at least", lt: "is below", lte: "is at most", contains: "contains", empty: "is empty",
    };
    return { condition: { column: column.name, op, value }, description: `${column.name} ${words[op]} “${raw}”` };
  }
  return null;
}

function planForFile(original: string, text: string, file: AttachedFile, named: boolean): FilePlan | null {
  const found = mentions(text, file);
  const refersToFile = named || REFERS_TO_FILE.test(text);

  if (SELL_QUESTION.test(text) && refersToFile) return { kind: "match", file };
  if (COLUMNS_QUESTION.test(text)) return { kind: "columns", file };
  // "summarize the file", "what's in prices.csv": its columns, their ranges and its rows.
  if (SUMMARY_QUESTION.test(text) && refersToFile) return { kind: "columns", file };

  const asksCount = / how many /.test(text);
  const asksList = / (which|show|list|give me|find) /.test(text);

  // "how many rows have no sku", "rows with an empty sku", "sku is missing"
  for (const mention of found) {
    const before = text.slice(0, mention.start);
    const after = text.slice(mention.end);
    if (/ (no|missing|empty|blank|without|with no|with an empty|with a missing|lacking)( an?| the| any)? $/.test(before) || /^ (is |are )?(empty|missing|blank|not set|null) /.test(after)) {
      return {
        kind: "filter",
        file,
        condition: { column: mention.column.name, op: "empty" },
        description: `${mention.column.name} is empty`,
        countOnly: asksCount && !asksList,
      };
    }
  }

  // "rows where category is Lighting", "items whose price is under 20"
  const where = / (where|whose|with|having|that have|which have) /.exec(text);
  if (where) {
    const mention = found.find((candidate) => candidate.start === where.index + where[0].length);
    if (mention) {
      const parsed = conditionAfter(original, text, mention);
      if (parsed) return { kind: "filter", file, ...parsed, countOnly: asksCount && !asksList };
    }
  }

  // "which region sold the most units", "what product has the lowest stock": a text column's values
  // ranked by a number column (summed for most and fewest, else its highest or lowest value).
  const leader = LEADER_WORD.exec(text);
  if (leader && / (which|what) /.test(text.slice(0, leader.index + 1))) {
    const group = found.find((mention) => mention.end <= leader.index && !isNumeric(mention.column));
    const value = found.find((mention) => mention.start > leader.index && isNumeric(mention.column));
    if (group && value) {
      const word = leader[1]!;
      const fn: AggregateFn = /^(most|fewest|least)$/.test(word) ? "sum" : /^(lowest|smallest)$/.test(word) ? "min" : "max";
      const direction = /^(fewest|least|lowest|smallest)$/.test(word) ? "asc" : "desc";
      return { kind: "aggregate", file, fn, column: value.column, groupBy: group.column, leader: { word, direction } };
    }
  }

  // "top 3 by price", "bottom 5 rows by stock", "3 most expensive", "the 2 cheapest"
  const top = / (top|bottom|highest|lowest|largest|smallest|first|last) (\d{1,3}|[a-z]+) /.exec(text) ?? / (\d{1,3}|[a-z]+) (most expensive|cheapest|highest|lowest|largest|smallest) /.exec(text);
  if (top) {
    const [word, countText] = /^\d|^[a-z]+$/.test(top[1]!) && countWord(top[1]) ? [top[2]!, top[1]!] : [top[1]!, top[2]!];
    const limit = countWord(countText);
    const by = / by ([^ ]+(?: [^ ]+)?) /.exec(text.slice(top.index));
    const byMention = by ? found.find((candidate) => candidate.start > top.index && text.slice(candidate.start - 3, candidate.start) === "by ") : undefined;
    const priceLike = file.columns.find((column) => isNumeric(column) && isMoneyColumn(column.name));
    const column = byMention?.column ?? (/(expensive|cheapest)/.test(word) ? priceLike : found.find((m) => isNumeric(m.column))?.column);
    if (limit && column && !isRanked(column)) return { kind: "unranked", file, column };
    if (limit && column) {
      const direction = /^(bottom|lowest|smallest|cheapest)$/.test(word) ? "asc" : "desc";
      return { kind: "top", file, column, direction, limit };
    }
  }

  // "average price by category", "total stock", "how many rows per category"
  const groupMention = found.find((mention) => GROUP_WORDS.test(text.slice(0, mention.start)));
  for (const [pattern, fn] of AGGREGATE_WORDS) {
    const matched = pattern.exec(text);
    if (!matched) continue;
    const value = found.find((mention) => mention !== groupMention && mention.start > matched.index && (fn === "min" || fn === "max" || isNumeric(mention.column)));
    if (value && (fn === "min" || fn === "max") && !isRanked(value.column)) return { kind: "unranked", file, column: value.column };
    if (value) return { kind: "aggregate", file, fn, column: value.column, groupBy: groupMention?.column ?? null };
  }
  if (asksCount && groupMention) return { kind: "aggregate", file, fn: "count", column: null, groupBy: groupMention.column };

  if (/ (how many (rows|records|entries|lines|items|products)|row count|number of (rows|records|entries)|how (big|long) is) /.test(text)) {
    return { kind: "count", file };
  }
  return null;
}

/**
 * What the question asks of the conversation's files, or null when it is not about them. A file the
 * question names is used; otherwise the file whose columns it names, or else the newest one it fits.
 */
export function planFileQuestion(message: string, files: readonly AttachedFile[]): FilePlan | null {
  if (!files.length) return null;
  const text = normalized(message);
  const named = files.filter((file) => {
    const stem = fileStem(file.name);
    return stem.length >= 3 && (text.includes(` ${stem} `) || text.includes(` ${normalized(file.name).trim()} `));
  });
  // The file whose columns the question names most; among equals, the newest.
  const newestFirst = (named.length ? named : files).slice().reverse();
  const candidates = newestFirst
    .map((file, order) => ({ file, order, named: mentions(text, file).length }))
    .sort((a, b) => b.named - a.named || a.order - b.order)
    .map(({ file }) => file);
  for (const file of candidates) {
    const plan = planForFile(message, text, file, named.length > 0);
    if (plan) return plan;
  }
  return null;
}

/** The `query_file` arguments that answer the plan. */
export function queryFileArguments(plan: FilePlan): Record<string, unknown> {
  const fileId = plan.file.id;
  switch (plan.kind) {
    case "count":
      return { fileId, aggregate: { fn: "count" } };
    case "columns":
      return { fileId, limit: 1 };
    case "aggregate":
      return {
        fileId,
        aggregate: {
          fn: plan.fn,
          ...(plan.column ? { column: plan.column.name } : {}),
          ...(plan.groupBy ? { groupBy: plan.groupBy.name } : {}),
          // "Which … the fewest / lowest": the groups come back smallest first, so the one asked for is among them.
          ...(plan.leader?.direction === "asc" ? { direction: "asc" } : {}),
        },
      };
    case "top":
      return { fileId, orderBy: { column: plan.column.name, direction: plan.direction }, where: [{ column: plan.column.name, op: "empty", value: false }], limit: plan.limit };
    case "filter":
      return { fileId, where: [plan.condition], limit: LIST_LIMIT };
    case "match":
      return { fileId, matchCatalog: true, limit: 20 };
    case "unranked":
      // One of its values, to show what the column holds.
      return { fileId, columns: [plan.column.name], where: [{ column: plan.column.name, op: "empty", value: false }], limit: 1 };
  }
}

// ---- answers ------------------------------------------------------------------------------------

const MONEY_COLUMN = /(price|cost|amount|total|revenue|msrp|spend|sales)/i;

function isMoneyColumn(name: string): boolean {
  return MONEY_COLUMN.test(name);
}

/** Markdown characters in the user's cells are shown, not interpreted. */
function escaped(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, "\\$&");
}

/**
 * A figure as an amount with 2 places, rounded half up on its decimal digits: 349.495 is $349.50,
 * where a binary float's toFixed(2) would give 349.49.
 */
function amountOf(value: number): string {
  const digits = String(Math.abs(value));
  if (!/^\d+(\.\d+)?$/.test(digits)) return value.toFixed(2);
  const [whole = "0", fraction = ""] = digits.split(".");
  let cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  if ((fraction[2] ?? "0") >= "5") cents += 1n;
  return fromCents(value < 0 ? -cents : cents);
}

/** A value as the answer shows it: a number in its column's unit ("$1,200.00", "12.5%"), or as money by the column's name. */
function formatValue(column: Pick<ChatFileColumn, "name" | "unit"> | null, value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "number") {
    if (column?.unit === "%") return `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;
    // formatMoney writes dollars; another currency's amount is written the same way with its own sign.
    if (column?.unit) return formatMoney(amountOf(value)).replace("$", column.unit);
    if (column && isMoneyColumn(column.name)) return formatMoney(amountOf(value));
    return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
  const text = String(value);
  // By characters: a cut between the two halves of an emoji would show as "�" in the answer.
  const shown = firstChars(text, 80);
  return escaped(shown === text ? text : `${shown}…`);
}

function formatCountOf(value: number, noun: string): string {
  return `${value.toLocaleString("en-US")} ${noun}${value === 1 ? "" : "s"}`;
}

const LABEL_COLUMN = /^(name|product ?name|item ?name|product|item|title)$/i;

/** A record on one line: its row number, its name in bold when it has one, then its other values. */
function recordLine(file: AttachedFile, record: Record<string, unknown>): string {
  const label = file.columns.find((column) => column.type === "text" && LABEL_COLUMN.test(column.name.replace(/[_.-]/g, " ")));
  const parts = file.columns
    .filter((column) => column !== label)
    .slice(0, 6)
    .map((column) => `${escaped(column.name)} ${formatValue(column, record[column.name])}`);
  const name = label ? `**${formatValue(label, record[label.name])}** · ` : "";
  return `Row ${String(record._row ?? "?")}: ${name}${parts.join(" · ")}`;
}

type RowsResult = { count: number; results: Record<string, unknown>[] };
/** `groups`: how many groups there are in all, when the results are per group (they stop at the query's limit). */
type AggregateResult = { results: { group?: unknown; value: unknown; rows: number }[]; groups?: number };
type MatchResult = {
  rows: number;
  matched: number;
  skuColumn: string | null;
  nameColumn: string | null;
  results: { row: number; matchedBy: "sku" | "name"; product: { name: string; price: string; category: string | null } }[];
};

const FN_WORDS: Record<AggregateFn, string> = { count: "number of rows", sum: "total", avg: "average", min: "lowest", max: "highest" };

/** Groups by their value, the one asked for first; groups without a value last. */
function rankedGroups(results: AggregateResult["results"], direction: "asc" | "desc"): AggregateResult["results"] {
  const valueOf = (row: AggregateResult["results"][number]) => (row.value === null || row.value === undefined ? null : Number(row.value));
  return results.slice().sort((a, b) => {
    const [x, y] = [valueOf(a), valueOf(b)];
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return direction === "desc" ? y - x : x - y;
  });
}

/** The answer to the plan from what `query_file` returned (an error result is explained, not hidden). */
export function answerFileQuestion(plan: FilePlan, result: unknown): string {
  const file = `**${escaped(plan.file.name)}**`;
  const error = (result as { error?: string; detail?: string }).error;
  if (error) return `I couldn't read ${file}: ${(result as { detail?: string }).detail ?? error}`;
  switch (plan.kind) {
    case "count": {
      const rows = Number((result as AggregateResult).results[0]?.value ?? 0);
      return `${file} has ${formatCountOf(rows, "row")}.`;
    }
    case "columns": {
      const lines = plan.file.columns.map((column) => {
        const range = column.min !== undefined && column.max !== undefined ? `, from ${formatValue(column, column.min)} to ${formatValue(column, column.max)}` : "";
        const written = column.dateOrder ? ` written ${column.dateOrder === "mdy" ? "month/day/year" : "day/month/year"}` : "";
        return `- **${escaped(column.name)}** — ${column.type}${column.unit ? ` in ${column.unit}` : ""}${written}${column.nulls ? `, ${formatCountOf(column.nulls, "empty value")}` : ""}${range}`;
      });
      return `${file} has ${formatCountOf(plan.file.columns.length, "column")} and ${formatCountOf(plan.file.rows, "row")}:\n\n${lines.join("\n")}`;
    }
    case "aggregate": {
      const { results, groups = results.length } = result as AggregateResult;
      const what = plan.fn === "count" ? "number of rows" : `${FN_WORDS[plan.fn]} ${plan.column!.name}`;
      if (!plan.groupBy) {
        const row = results[0];
        return `From ${file}: the ${escaped(what)} is **${formatValue(plan.column ?? null, row?.value ?? null)}** (${formatCountOf(row?.rows ?? 0, "row")}).`;
      }
      const ranked = plan.leader ? rankedGroups(results, plan.leader.direction) : results;
      const shown = ranked.slice(0, 20);
      const lines = shown.map(
        (row) => `- **${formatValue(plan.groupBy!, row.group)}**: ${plan.fn === "count" ? formatCountOf(Number(row.value), "row") : `${formatValue(plan.column!, row.value)} (${formatCountOf(row.rows, "row")})`}`,
      );
      const more = groups > shown.length ? `\n\n…and ${(groups - shown.length).toLocaleString("en-US")} more groups.` : "";
      const first = ranked[0];
      if (plan.leader && first) {
        return (
          `From ${file}: the ${escaped(plan.groupBy.name)} with the ${plan.leader.word} ${escaped(plan.column!.name)} is ` +
          `**${formatValue(plan.groupBy, first.group)}** (${formatValue(plan.column!, first.value)}). ` +
          `${FN_WORDS[plan.fn][0]!.toUpperCase()}${FN_WORDS[plan.fn].slice(1)} ${escaped(plan.column!.name)} by ${escaped(plan.groupBy.name)}:\n\n${lines.join("\n")}${more}`
        );
      }
      return `From ${file} — ${escaped(what)} by ${escaped(plan.groupBy.name)}:\n\n${lines.join("\n")}${more}`;
    }
    case "top": {
      const { results } = result as RowsResult;
      if (!results.length) return `${file} has no rows with a ${escaped(plan.column.name)}.`;
      const word = plan.direction === "desc" ? "top" : "bottom";
      const lines = results.map((record, index) => `${index + 1}. ${recordLine(plan.file, record)}`);
      return `From ${file} — ${word} ${results.length} by ${escaped(plan.column.name)}:\n\n${lines.join("\n")}`;
    }
    case "filter": {
      const { count, results } = result as RowsResult;
      const description = escaped(plan.description);
      if (count === 0) return `No rows of ${file} where ${description}.`;
      const headline = `From ${file}: **${formatCountOf(count, "row")}** where ${description}`;
      if (plan.countOnly) return `${headline}.`;
      const lines = results.map((record) => `- ${recordLine(plan.file, record)}`);
      const more = count > results.length ? `\n\n…and ${count - results.length} more.` : "";
      return `${headline}:\n\n${lines.join("\n")}${more}`;
    }
    case "unranked": {
      const sample = (result as RowsResult).results[0]?.[plan.column.name];
      const example = sample === undefined || sample === null ? "" : ` (such as “${formatValue(null, sample)}”)`;
      return `In ${file}, ${escaped(plan.column.name)} holds text, not numbers${example}, so its values cannot be ranked. A column of plain numbers can be.`;
    }
    case "match": {
      const match = result as MatchResult;
      if (match.matched === 0) {
        const by = [match.skuColumn ? "SKU" : null, match.nameColumn ? "name" : null].filter(Boolean).join(" or ");
        return `None of the ${formatCountOf(match.rows, "row")} of ${file} is a product we sell (compared by ${by}).`;
      }
      const lines = match.results.map(
        (item) => `- Row ${item.row}: **${escaped(item.product.name)}** — ${formatMoney(item.product.price)}${item.product.category ? ` (${escaped(item.product.category)})` : ""}, matched by ${item.matchedBy === "sku" ? "SKU" : "name"}`,
      );
      const more = match.matched > match.results.length ? `\n\n…and ${match.matched - match.results.length} more.` : "";
      return `From ${file}: **${match.matched}** of ${formatCountOf(match.rows, "row")} ${match.matched === 1 ? "is a product" : "are products"} we sell:\n\n${lines.join("\n")}${more}`;
    }
  }
}
