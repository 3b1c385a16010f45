import { describe, expect, it } from "vitest";
import { chunksOf, parseBuyRequest } from "./local-provider";
import { costCents, priceOf } from "./prices";
import { searchTerms } from "./search-terms";
import { formatSse } from "./sse";

describe("parseBuyRequest", () => {
  it.each([
    ["buy 2 Standing Desk", { quantity: 2, query: "Standing Desk" }],
    ["Please buy 3 x ergonomic chairs!", { quantity: 3, query: "ergonomic chairs" }],
    ["I'd like to purchase two of the lamps", { quantity: 2, query: "lamps" }],
    ["order a standing desk please", { quantity: 1, query: "standing desk" }],
    ["buy 0 desks", { quantity: 0, query: "desks" }],
  ])("%s", (message, expected) => {
    expect(parseBuyRequest(message)).toEqual(expected);
  });

  it("is null without a buy verb or an object", () => {
    expect(parseBuyRequest("do you have a standing desk?")).toBeNull();
    expect(parseBuyRequest("buy")).toBeNull();
  });
});

describe("search terms", () => {
  it("keeps the words that name something, letters and digits only", () => {
    expect(searchTerms("Do you have a standing desk?")).toEqual(["standing", "desk"]);
    expect(searchTerms("desk & lamp | !x:*")).toEqual(["desk", "lamp"]);
    expect(searchTerms("hello, what do you have?")).toEqual([]);
  });
});

describe("prices", () => {
  it("prices a model, its dated snapshots and router names like it, and nothing else", () => {
    expect(priceOf("gpt-4o-mini-2024-07-18")).toEqual({ input: 0.15, output: 0.6, cachedInput: 0.075 });
    expect(priceOf("openai/gpt-4o")).toEqual({ input: 2.5, output: 10, cachedInput: 1.25 });
    expect(priceOf("gpt-3.5-turbo-0125")).toEqual({ input: 0.5, output: 1.5 });
    expect(priceOf("claude-haiku-4-5-20251001")).toEqual({ input: 1, output: 5 });
    expect(priceOf("claude-3-7-sonnet-latest")).toEqual({ input: 3, output: 15 });
    expect(priceOf("claude-opus-4-20250514")).toEqual({ input: 15, output: 75 });
    // A later model of a family is another model with its own price: never the older one's.
    expect(priceOf("claude-opus-4-6")).toBeNull();
    expect(priceOf("gpt-4o-audio-preview")).toBeNull();
    expect(priceOf("llama3.1:8b")).toBeNull();
  });

  it("gives cost in cents with 4 decimals, 0 for local and unknown models", () => {
    expect(costCents({ provider: "openai", model: "gpt-4o-mini", promptTokens: 1_000_000, completionTokens: 0 })).toBe("15.0000");
    expect(costCents({ provider: "openai", model: "gpt-4o-mini", promptTokens: 321, completionTokens: 12 })).toBe("0.0055");
    expect(costCents({ provider: "local", model: "local", promptTokens: 5000, completionTokens: 5000 })).toBe("0.0000");
    expect(costCents({ provider: "openai", model: "my-own-llama", promptTokens: 5000, completionTokens: 5000 })).toBe("0.0000");
    expect(costCents({ provider: "anthropic", model: "claude-sonnet-4-5-20250929", promptTokens: 2000, completionTokens: 300 })).toBe("1.0500");
  });

  it("prices prompt tokens read from the prompt cache at the model's cached price, the rest at the input price", () => {
    // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per million.
    expect(costCents({ provider: "openai", model: "gpt-4o-mini", promptTokens: 1_000_000, completionTokens: 0, cachedPromptTokens: 1_000_000 })).toBe("7.5000");
    expect(costCents({ provider: "openai", model: "gpt-4o-mini-2024-07-18", promptTokens: 2000, completionTokens: 10, cachedPromptTokens: 1536 })).toBe("0.0191");
    // A model without a cached price pays the input price for every prompt token; a count past the prompt is held to it.
    expect(costCents({ provider: "openai", model: "gpt-4", promptTokens: 1000, completionTokens: 0, cachedPromptTokens: 1000 })).toBe("3.0000");
    expect(costCents({ provider: "openai", model: "gpt-4o-mini", promptTokens: 100, completionTokens: 0, cachedPromptTokens: 500 })).toBe(
      costCents({ provider: "openai", model: "gpt-4o-mini", promptTokens: 100, completionTokens: 0, cachedPromptTokens: 100 }),
    );
  });
});

describe("streaming helpers", () => {
  it("chunks text into small pieces that join back to the original", () => {
    const text = "Here are the 2 best matches:\n\n- **Desk** — $1.00\n- **Lamp** — $2.00";
    const chunks = chunksOf(text);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join("")).toBe(text);
  });

  it("formats one event per block with single-line JSON data", () => {
    expect(formatSse({ event: "delta", data: { text: "a\nb" } })).toBe('event: delta\ndata: {"text":"a\\nb"}\n\n');
  });
});
