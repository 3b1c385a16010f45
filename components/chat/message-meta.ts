import { modelLabel } from "@/lib/ai/model-ids";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/vocabulary";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { formatCount } from "@/lib/format";

/** What the chat shows around a message: stock on a product card, the cost of an answer, who may rate it. */

/** A product card's stock as a shopper reads it; untracked stock says nothing. */
export function stockLabel(stock: number | null | undefined): string | null {
  if (stock === null || stock === undefined) return null;
  if (stock <= 0) return "Out of stock";
  return `${formatCount(stock)} in stock`;
}

/**
 * The model's cost of an answer, in US cents as stored ("0.0123"): cents with at least two places,
 * dropping the trailing zeros of the four the database keeps ("0.0123¢", "1.50¢", "0.00¢").
 */
export function formatCostCents(costCents: string): string {
  const value = Number(costCents);
  if (!Number.isFinite(value)) return costCents;
  const [whole = "0", fraction = ""] = value.toFixed(4).replace(/0+$/, "").split(".");
  return `${whole}.${fraction.padEnd(2, "0")}¢`;
}

export type CostLine = { label: string; value: string };

/**
 * The lines of an answer's cost: the credits it took for everyone; the tokens, the model's cost and
 * the model for those who run the business (admins). Empty when nothing is known yet.
 */
export function costLines(message: ConversationMessage, { showUsage }: { showUsage: boolean }): CostLine[] {
  const lines: CostLine[] = [];
  if (typeof message.creditsCharged === "number") {
    lines.push({
      label: "Credits",
      value: message.creditsCharged === 0 ? "None (refunded or free)" : `${formatCount(message.creditsCharged)} credit${message.creditsCharged === 1 ? "" : "s"}`,
    });
  }
  if (!showUsage) return lines;
  if (typeof message.promptTokens === "number" || typeof message.completionTokens === "number") {
    lines.push({
      label: "Tokens",
      value: `${formatCount(message.promptTokens ?? 0)} prompt · ${formatCount(message.completionTokens ?? 0)} completion`,
    });
  }
  if (message.costCents) lines.push({ label: "Model cost", value: formatCostCents(message.costCents) });
  if (message.model) lines.push({ label: "Model", value: modelLabel(message.provider ?? null, message.model) });
  return lines;
}

/** A stored, finished answer of the assistant: what may be rated (the greeting and a local copy have no stored id). */
export function canRate(message: ConversationMessage): boolean {
  return (
    message.role === "assistant" &&
    message.status !== "streaming" &&
    !message.id.startsWith("local-") &&
    message.id !== "greeting" &&
    (message.content.trim() !== "" || (message.productCards?.length ?? 0) > 0 || message.proposal !== null)
  );
}

/** A stored, finished answer to a question of the member's: what may be answered again. */
export function canRegenerate(message: ConversationMessage): boolean {
  return message.role === "assistant" && message.status !== "streaming" && isStored(message) && Boolean(message.parentId);
}

/** The member's own stored message: what may be edited and sent again as a new branch. */
export function canEdit(message: ConversationMessage): boolean {
  return message.role === "user" && message.status === "complete" && isStored(message);
}

function isStored(message: ConversationMessage): boolean {
  return !message.id.startsWith("local-") && message.id !== "greeting";
}

/** Why an edited message cannot be sent (the composer's rules), or null when it can. */
export function editProblem(text: string): string | null {
  const length = text.trim().length;
  if (length === 0) return "Write something to send, or cancel the edit.";
  if (length > MESSAGE_MAX_CHARS) return `Messages can be at most ${formatCount(MESSAGE_MAX_CHARS)} characters (${formatCount(length)} now).`;
  return null;
}
