import { describe, expect, it } from "vitest";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { canRate, costLines, formatCostCents, stockLabel } from "./message-meta";

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
