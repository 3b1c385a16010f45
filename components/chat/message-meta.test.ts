import { describe, expect, it } from "vitest";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { MESSAGE_MAX_CHARS } from "@/lib/chat/vocabulary";
import { canEdit, canRate, canRegenerate, costLines, editProblem, formatCostCents, stockLabel } from "./message-meta";

const answer: ConversationMessage = {
  id: "5b6f0d7e-0000-4000-8000-000000000001",
  role: "assistant",
  content: "The Standing Desk costs $549.00.",
  status: "complete",
  createdAt: "2026-01-01T00:00:00.000Z",
  productCards: null,
  proposal: null,
  model: "gpt-4o-mini",
  promptTokens: 1234,
  completionTokens: 56,
  costCents: "0.0219",
  creditsCharged: 100,
};

describe("stockLabel", () => {
  it("says nothing for untracked stock, out of stock at 0, else how many", () => {
    expect(stockLabel(null)).toBeNull();
    expect(stockLabel(undefined)).toBeNull();
    expect(stockLabel(0)).toBe("Out of stock");
    expect(stockLabel(1)).toBe("1 in stock");
    expect(stockLabel(1500)).toBe("1,500 in stock");
  });
});

describe("formatCostCents", () => {
  it("keeps the stored precision without trailing zeros, at least two places", () => {
    expect(formatCostCents("0.0219")).toBe("0.0219¢");
    expect(formatCostCents("0.0120")).toBe("0.012¢");
    expect(formatCostCents("1.5000")).toBe("1.50¢");
    expect(formatCostCents("0.0000")).toBe("0.00¢");
    expect(formatCostCents("12")).toBe("12.00¢");
    expect(formatCostCents("n/a")).toBe("n/a");
  });
});

describe("costLines", () => {
  it("shows everyone the credits, and admins the tokens, the model's cost and the model", () => {
    expect(costLines(answer, { showUsage: false })).toEqual([{ label: "Credits", value: "100 credits" }]);
    expect(costLines(answer, { showUsage: true })).toEqual([
      { label: "Credits", value: "100 credits" },
      { label: "Tokens", value: "1,234 prompt · 56 completion" },
      { label: "Model cost", value: "0.0219¢" },
      { label: "Model", value: "gpt-4o-mini" },
    ]);
  });

  it("names the provider beside the model when it is known", () => {
    expect(costLines({ ...answer, provider: "anthropic", model: "claude-haiku-4-5-20251001" }, { showUsage: true }).at(-1)).toEqual({
      label: "Model",
      value: "Anthropic · claude-haiku-4-5-20251001",
    });
    expect(costLines({ ...answer, provider: "openai" }, { showUsage: true }).at(-1)).toEqual({ label: "Model", value: "OpenAI · gpt-4o-mini" });
    expect(costLines({ ...answer, provider: "local", model: "local" }, { showUsage: true }).at(-1)).toEqual({ label: "Model", value: "Built-in assistant" });
  });

  it("says when nothing was charged, and is empty while nothing is known", () => {
    expect(costLines({ ...answer, creditsCharged: 0 }, { showUsage: false })).toEqual([{ label: "Credits", value: "None (refunded or free)" }]);
    expect(costLines({ ...answer, creditsCharged: 1 }, { showUsage: false })).toEqual([{ label: "Credits", value: "1 credit" }]);
    const local: ConversationMessage = { ...answer, creditsCharged: undefined, model: undefined, promptTokens: undefined, completionTokens: undefined, costCents: undefined };
    expect(costLines(local, { showUsage: true })).toEqual([]);
  });
});

describe("canRate", () => {
  it("allows a stored, finished answer of the assistant only", () => {
    expect(canRate(answer)).toBe(true);
    expect(canRate({ ...answer, status: "aborted" })).toBe(true);
    expect(canRate({ ...answer, status: "streaming" })).toBe(false);
    expect(canRate({ ...answer, role: "user" })).toBe(false);
    expect(canRate({ ...answer, role: "agent" })).toBe(false);
    expect(canRate({ ...answer, id: "local-assistant-1" })).toBe(false);
    expect(canRate({ ...answer, id: "greeting" })).toBe(false);
    expect(canRate({ ...answer, status: "error", content: "" })).toBe(false);
  });
});

describe("canRegenerate and canEdit", () => {
  const question: ConversationMessage = { ...answer, id: "5b6f0d7e-0000-4000-8000-000000000002", role: "user", content: "Desks?", parentId: null };
  const reply: ConversationMessage = { ...answer, parentId: question.id };

  it("offers Regenerate on a stored, finished answer to a question, whatever way it ended", () => {
    expect(canRegenerate(reply)).toBe(true);
    expect(canRegenerate({ ...reply, status: "aborted" })).toBe(true);
    expect(canRegenerate({ ...reply, status: "error", content: "" })).toBe(true);
    expect(canRegenerate({ ...reply, status: "streaming" })).toBe(false);
    expect(canRegenerate({ ...reply, id: "local-assistant-1" })).toBe(false);
    expect(canRegenerate({ ...reply, id: "greeting" })).toBe(false);
    // Not read from the history yet, so the question it answers is unknown.
    expect(canRegenerate({ ...reply, parentId: undefined })).toBe(false);
    expect(canRegenerate(question)).toBe(false);
  });

  it("offers Edit on the member's own stored messages only", () => {
    expect(canEdit(question)).toBe(true);
    expect(canEdit({ ...question, id: "local-user-1" })).toBe(false);
    expect(canEdit(reply)).toBe(false);
    expect(canEdit({ ...reply, role: "agent" })).toBe(false);
  });
});

describe("editProblem", () => {
  it("holds an edit to the composer's rules: not empty, not too long", () => {
    expect(editProblem("Do you sell lamps?")).toBeNull();
    expect(editProblem("   \n ")).toMatch(/Write something/);
    expect(editProblem("x".repeat(MESSAGE_MAX_CHARS))).toBeNull();
    expect(editProblem("x".repeat(MESSAGE_MAX_CHARS + 1))).toBe("Messages can be at most 10,000 characters (10,001 now).");
  });
});
