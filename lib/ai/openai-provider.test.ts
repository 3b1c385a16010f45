import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { OpenAIProvider } from "./openai-provider";
import type { ProviderEvent, ToolRuntime } from "./types";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function provider(options: { maxToolRounds?: number } = {}) {
  return new OpenAIProvider({
    apiKey: "sk-test",
    baseURL: fake.baseURL,
    maxOutputTokens: 500,
    // Generous: a loaded runner can take seconds to answer.
    timeoutMs: 10_000,
    ...options,
  });
}

async function collect(stream: AsyncIterable<ProviderEvent>) {
  const events: ProviderEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const bigTools: ToolRuntime = {
  run: async () => ({ result: { products: Array.from({ length: 200 }, (_, i) => ({ name: `Product ${i}`, description: "lorem ipsum ".repeat(20) })) } }),
};

describe("OpenAIProvider", () => {
  it("refuses tool results that would overflow the prompt budget and then stops offering tools", async () => {
    fake.enqueue(
      { kind: "tool_calls", calls: [{ name: "search_products", arguments: { query: "everything" } }] },
      { kind: "text", text: "Here is a short answer." },
    );
    const events = await collect(
      provider().stream({
        messages: [{ role: "user", content: "show me everything" }],
        userMessage: "show me everything",
        model: "gpt-4o-mini",
        promptTokens: 50,
        maxPromptTokens: 1000,
        tools: bigTools,
        signal: new AbortController().signal,
      }),
    );
    expect(events.filter((e) => e.type === "delta").map((e) => (e as { text: string }).text).join("")).toBe("Here is a short answer.");
    const followUp = fake.requests[1]!.body;
    expect(JSON.parse(followUp.messages.at(-1)!.content!)).toMatchObject({ error: "result_too_large" });
    expect(followUp.tool_choice).toBe("none");
  });

  it("bounds the tool loop: the last round forbids tools", async () => {
    const call = { kind: "tool_calls" as const, calls: [{ name: "list_my_purchases", arguments: {} }] };
    fake.enqueue(call, call, { kind: "text", text: "Done." });
    const tools: ToolRuntime = { run: async () => ({ result: { purchases: [] } }) };
    await collect(
      provider({ maxToolRounds: 2 }).stream({
        messages: [{ role: "user", content: "loop" }],
        userMessage: "loop",
        model: "gpt-4o-mini",
        promptTokens: 10,
        tools,
        signal: new AbortController().signal,
      }),
    );
    expect(fake.requests.map((r) => r.body.tool_choice)).toEqual(["auto", "auto", "none"]);
  });

  it("sends max_completion_tokens on every call", async () => {
    fake.enqueue({ kind: "text", text: "Hi." });
    await collect(
      provider().stream({
        messages: [{ role: "user", content: "hi" }],
        userMessage: "hi",
        model: "gpt-4o-mini",
        promptTokens: 10,
        tools: { run: async () => ({ result: {} }) },
        signal: new AbortController().signal,
      }),
    );
    expect(fake.requests[0]!.body.max_completion_tokens).toBe(500);
  });

});
