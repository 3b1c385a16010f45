import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startFakeAnthropic, type AnthropicScenario, type FakeAnthropic } from "@/e2e/fake-anthropic/fake-anthropic";
import type { ProductCard, PurchaseProposal } from "@/db/schema";
import { AnthropicProvider, toAnthropicMessages, type AnthropicProviderOptions } from "./anthropic-provider";
import { offeredTools } from "./tools";
import { UpstreamError, type PromptMessage, type ProviderEvent, type ProviderInput, type ToolRuntime } from "./types";

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const MODEL = "claude-haiku-4-5";

function provider(options: Partial<AnthropicProviderOptions> = {}) {
  return new AnthropicProvider({
    apiKey: "sk-ant-test",
    baseURL: fake.baseURL,
    maxOutputTokens: 500,
    // Generous: a loaded runner can take seconds to answer; the timeout tests set their own.
    timeoutMs: 10_000,
    retryDelayMs: 10,
    ...options,
  });
}

function runtime(run: ToolRuntime["run"] = async () => ({ result: {} })) {
  return { run: vi.fn(run) } satisfies ToolRuntime;
}

function input(overrides: Partial<ProviderInput> = {}): ProviderInput {
  return {
    messages: [
      { role: "system", content: "You are the shop's assistant." },
      { role: "user", content: "hi" },
    ],
    userMessage: "hi",
    model: MODEL,
    promptTokens: 20,
    tools: runtime(),
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function collect(stream: AsyncIterable<ProviderEvent>) {
  const events: ProviderEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Reads a stream that is expected to fail: what it yielded first, and what it threw. */
async function collectFailure(stream: AsyncIterable<ProviderEvent>) {
  const events: ProviderEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error };
  }
  throw new Error(`The stream ended without an error after ${events.length} events`);
}

const deltas = (events: ProviderEvent[]) => events.flatMap((event) => (event.type === "delta" ? [event.text] : []));

function upstream(error: unknown): UpstreamError {
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const lampCard: ProductCard = { id: "p-arc", name: "Arc lamp", price: "49.00", category: "Lighting", stock: 3 };

describe("toAnthropicMessages", () => {
  it("takes the system messages apart and folds the rest into user-first alternating turns", () => {
    const messages: PromptMessage[] = [
      { role: "system", content: "Rules." },
      { role: "system", content: "Catalog facts." },
      { role: "assistant", content: "An answer whose question the budget cut." },
      { role: "assistant", content: "Another one." },
      { role: "user", content: "First question" },
      { role: "user", content: "   " },
      { role: "user", content: "Second question" },
      { role: "assistant", content: "An answer." },
      { role: "assistant", content: "" },
      { role: "user", content: "Third question" },
    ];
    const before = structuredClone(messages);
    expect(toAnthropicMessages(messages)).toEqual({
      system: "Rules.\n\nCatalog facts.",
      messages: [
        { role: "user", content: "First question\n\nSecond question" },
        { role: "assistant", content: "An answer." },
        { role: "user", content: "Third question" },
      ],
    });
    // Folding builds new turns: the prompt builder's messages are left as they were.
    expect(messages).toEqual(before);
  });

  it("gives an empty system prompt when there is none", () => {
    expect(toAnthropicMessages([{ role: "user", content: "hi" }])).toEqual({ system: "", messages: [{ role: "user", content: "hi" }] });
  });
});

describe("AnthropicProvider", () => {
  it("streams a text answer and sends the Messages API request in Anthropic's shape", async () => {
    fake.enqueue({ kind: "text", chunks: ["Hello", " there", ", shopper!"] });
    const tools = runtime();
    const events = await collect(
      provider().stream(
        input({
          messages: [
            { role: "system", content: "You are the shop's assistant." },
            { role: "system", content: "Catalog: lamps." },
            { role: "assistant", content: "A stale answer." },
            { role: "user", content: "Do you sell lamps?" },
            { role: "user", content: "Desk lamps, I mean." },
          ],
          tools,
        }),
      ),
    );

    expect(deltas(events)).toEqual(["Hello", " there", ", shopper!"]);
    expect(events.at(-1)).toMatchObject({ type: "usage", model: MODEL });
    expect(tools.run).not.toHaveBeenCalled();

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.path).toBe("/v1/messages");
    expect(request.apiKey).toBe("sk-ant-test");
    expect(request.version).toBeTruthy();
    const body = request.body;
    expect(body.model).toBe(MODEL);
    expect(body.max_tokens).toBe(500);
    expect(body.stream).toBe(true);
    expect(body.system).toBe("You are the shop's assistant.\n\nCatalog: lamps.");
    expect(body.messages).toEqual([{ role: "user", content: "Do you sell lamps?\n\nDesk lamps, I mean." }]);
    // No files and purchases not refused: every tool but query_file, as name/description/input_schema.
    expect(body.tools!.map((tool) => tool.name)).toEqual(["search_products", "get_product", "list_my_purchases", "propose_purchase", "request_human"]);
    expect(body.tools).toEqual(
      offeredTools({}).map((tool) => ({ name: tool.function.name, description: tool.function.description, input_schema: tool.function.parameters })),
    );
    expect(body.tool_choice).toEqual({ type: "auto" });
  });

  it("offers no purchase tools to a caller who cannot buy", async () => {
    fake.enqueue({ kind: "text", text: "Hi." });
    await collect(provider().stream(input({ tools: { run: async () => ({ result: {} }), purchases: false } })));
    expect(fake.requests[0]!.body.tools!.map((tool) => tool.name)).toEqual(["search_products", "get_product", "request_human"]);
  });

  it("reports input tokens from message_start and output tokens from message_delta, summed over the tool loop, with the stream's model", async () => {
    fake.enqueue(
      { kind: "tool_use", calls: [{ name: "search_products", input: { query: "lamp" } }], usage: { input_tokens: 120, output_tokens: 15 } },
      { kind: "text", text: "Found one.", usage: { input_tokens: 180, output_tokens: 7 }, model: "claude-haiku-4-5-20251001" },
    );
    const events = await collect(provider().stream(input()));
    expect(events.filter((event) => event.type === "usage")).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: "usage",
      usage: { promptTokens: 300, completionTokens: 22, totalTokens: 322 },
      model: "claude-haiku-4-5-20251001",
    });
  });

  it("runs a tool and sends its result back as a tool_result paired with the echoed tool_use block", async () => {
    const result = { products: [{ id: "p-arc", name: "Arc lamp", price: "49.00", stock: 3 }] };
    const tools = runtime(async () => ({ result, products: [lampCard] }));
    fake.enqueue(
      { kind: "tool_use", text: "Let me look.", calls: [{ id: "toolu_lamp", name: "search_products", input: { query: "desk lamp", limit: 3 } }] },
      { kind: "text", text: "The Arc lamp is in stock." },
    );
    const events = await collect(provider().stream(input({ tools })));

    expect(tools.run).toHaveBeenCalledTimes(1);
    expect(tools.run).toHaveBeenCalledWith("search_products", { query: "desk lamp", limit: 3 });
    expect(events.map((event) => event.type)).toEqual([
      "delta",
      "delta",
      "delta",
      "tool_call",
      "products",
      ...Array<string>(6).fill("delta"),
      "usage",
    ]);
    expect(events.find((event) => event.type === "tool_call")).toEqual({ type: "tool_call", name: "search_products", arguments: { query: "desk lamp", limit: 3 } });
    expect(events.find((event) => event.type === "products")).toEqual({ type: "products", items: [lampCard] });
    expect(deltas(events).join("")).toBe("Let me look.The Arc lamp is in stock.");

    expect(fake.requests).toHaveLength(2);
    const second = fake.requests[1]!.body;
    expect(second.messages).toEqual([
      { role: "user", content: "hi" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Let me look." },
          { type: "tool_use", id: "toolu_lamp", name: "search_products", input: { query: "desk lamp", limit: 3 } },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_lamp", content: JSON.stringify(result) }] },
    ]);
    expect(second.tool_choice).toEqual({ type: "auto" });
  });

  it("answers several calls of one round in order, in one tool_result message, and yields a proposal", async () => {
    const proposal: PurchaseProposal = { productId: "p-arc", productName: "Arc lamp", quantity: 2, unitPrice: "49.00" };
    const tools = runtime(async (name) =>
      name === "get_product" ? { result: { id: "p-arc", name: "Arc lamp" }, products: [lampCard] } : { result: { proposed: true }, proposal },
    );
    fake.enqueue(
      {
        kind: "tool_use",
        calls: [
          { id: "toolu_a", name: "get_product", input: { productId: "p-arc" } },
          { id: "toolu_b", name: "propose_purchase", input: { productId: "p-arc", quantity: 2 } },
        ],
      },
      { kind: "text", text: "Confirm the card to buy." },
    );
    const events = await collect(provider().stream(input({ tools })));

    expect(tools.run.mock.calls).toEqual([
      ["get_product", { productId: "p-arc" }],
      ["propose_purchase", { productId: "p-arc", quantity: 2 }],
    ]);
    expect(events.filter((event) => event.type !== "delta").map((event) => event.type)).toEqual(["tool_call", "products", "tool_call", "proposal", "usage"]);
    expect(events.find((event) => event.type === "proposal")).toEqual({ type: "proposal", proposal });
    const [, asked, answered] = fake.requests[1]!.body.messages;
    // No text in that round: the assistant turn is the tool_use blocks alone.
    expect(asked).toEqual({
      role: "assistant",
      content: [
        { type: "tool_use", id: "toolu_a", name: "get_product", input: { productId: "p-arc" } },
        { type: "tool_use", id: "toolu_b", name: "propose_purchase", input: { productId: "p-arc", quantity: 2 } },
      ],
    });
    expect(answered).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_a", content: JSON.stringify({ id: "p-arc", name: "Arc lamp" }) },
        { type: "tool_result", tool_use_id: "toolu_b", content: JSON.stringify({ proposed: true }) },
      ],
    });
  });

  it("bounds the tool loop: the last round forbids tools, and a call made anyway is not run", async () => {
    const call: AnthropicScenario = { kind: "tool_use", calls: [{ name: "list_my_purchases", input: {} }] };
    fake.enqueue(call, call);
    const tools = runtime(async () => ({ result: { purchases: [] } }));
    const events = await collect(provider({ maxToolRounds: 1 }).stream(input({ tools })));

    expect(fake.requests.map((request) => request.body.tool_choice)).toEqual([{ type: "auto" }, { type: "none" }]);
    expect(tools.run).toHaveBeenCalledTimes(1);
    expect(events.filter((event) => event.type === "tool_call")).toHaveLength(1);
    expect(events.at(-1)?.type).toBe("usage");
  });

  it("answers a call whose input is broken JSON with invalid_arguments and echoes its input as {}", async () => {
    const broken = '{"query": "lamp';
    fake.enqueue({ kind: "tool_use", calls: [{ id: "toolu_bad", name: "search_products", input: broken }] }, { kind: "text", text: "Sorry." });
    const tools = runtime();
    const events = await collect(provider().stream(input({ tools })));

    expect(tools.run).not.toHaveBeenCalled();
    expect(events.find((event) => event.type === "tool_call")).toEqual({ type: "tool_call", name: "search_products", arguments: broken });
    const [, asked, answered] = fake.requests[1]!.body.messages;
    expect(asked).toEqual({ role: "assistant", content: [{ type: "tool_use", id: "toolu_bad", name: "search_products", input: {} }] });
    expect(answered!.role).toBe("user");
    const block = (answered!.content as { type: string; tool_use_id?: string; content?: unknown }[])[0]!;
    expect(block).toMatchObject({ type: "tool_result", tool_use_id: "toolu_bad" });
    expect(JSON.parse(block.content as string)).toMatchObject({ error: "invalid_arguments" });
    expect(deltas(events).join("")).toBe("Sorry.");
  });

  it("refuses a tool result that would overflow the prompt budget and then stops offering tools", async () => {
    const bigTools = runtime(async () => ({
      result: { products: Array.from({ length: 200 }, (_, i) => ({ name: `Product ${i}`, description: "lorem ipsum ".repeat(20) })) },
    }));
    fake.enqueue({ kind: "tool_use", calls: [{ id: "toolu_all", name: "search_products", input: { query: "everything" } }] }, { kind: "text", text: "A short answer." });
    const events = await collect(provider().stream(input({ tools: bigTools, promptTokens: 50, maxPromptTokens: 1000 })));

    expect(deltas(events).join("")).toBe("A short answer.");
    const second = fake.requests[1]!.body;
    const answered = second.messages.at(-1)!.content as { type: string; content?: unknown }[];
    expect(JSON.parse(answered[0]!.content as string)).toMatchObject({ error: "result_too_large" });
    expect(second.tool_choice).toEqual({ type: "none" });
  });

  describe("failures", () => {
    it("retries a 429 once and answers", async () => {
      fake.enqueue({ kind: "error", status: 429, retryAfterSeconds: 0 }, { kind: "text", text: "Hello after a wait." });
      const events = await collect(provider().stream(input()));
      expect(deltas(events).join("")).toBe("Hello after a wait.");
      expect(fake.requests).toHaveLength(2);
      expect(fake.requests[1]!.body).toEqual(fake.requests[0]!.body);
    });

    it.each([529, 500])("gives up after one retry of a %i", async (status) => {
      fake.enqueue({ kind: "error", status }, { kind: "error", status }, { kind: "text", text: "never asked for" });
      const { events, error } = await collectFailure(provider().stream(input()));
      expect(upstream(error)).toMatchObject({ kind: "status", status });
      expect(events).toEqual([]);
      expect(fake.requests).toHaveLength(2);
    });

    it.each([400, 401])("does not retry a %i", async (status) => {
      fake.enqueue({ kind: "error", status, message: "refused" }, { kind: "text", text: "never asked for" });
      const { error } = await collectFailure(provider().stream(input()));
      expect(upstream(error)).toMatchObject({ kind: "status", status });
      expect(fake.requests).toHaveLength(1);
    });

    it("fails without a retry when the stream breaks with an error event after text was shown", async () => {
      fake.enqueue({ kind: "stream_error", chunks: ["Half ", "an answer"] }, { kind: "text", text: "never asked for" });
      const { events, error } = await collectFailure(provider().stream(input()));
      expect(deltas(events)).toEqual(["Half ", "an answer"]);
      expect(upstream(error)).toMatchObject({ kind: "status", status: 529 });
      expect(fake.requests).toHaveLength(1);
    });

    it("retries a stream that breaks with an error event before any text", async () => {
      fake.enqueue({ kind: "stream_error" }, { kind: "text", text: "Recovered." });
      const events = await collect(provider().stream(input()));
      expect(deltas(events).join("")).toBe("Recovered.");
      expect(fake.requests).toHaveLength(2);
    });

    it("fails as a protocol error, without a retry, when the connection is cut after text", async () => {
      fake.enqueue({ kind: "cut", chunks: ["This answer ", "stops "] }, { kind: "text", text: "never asked for" });
      const { events, error } = await collectFailure(provider().stream(input()));
      expect(deltas(events)).toEqual(["This answer ", "stops "]);
      expect(upstream(error).kind).toBe("protocol");
      expect(fake.requests).toHaveLength(1);
    });

    it("spends its one retry on a later tool round when that round has shown nothing yet", async () => {
      fake.enqueue(
        { kind: "tool_use", calls: [{ id: "toolu_1", name: "search_products", input: { query: "lamp" } }] },
        { kind: "error", status: 529 },
        { kind: "text", text: "Here it is." },
      );
      const events = await collect(provider().stream(input()));
      expect(deltas(events).join("")).toBe("Here it is.");
      expect(fake.requests).toHaveLength(3);
      expect(fake.requests[2]!.body).toEqual(fake.requests[1]!.body);
    });

    it("times out when the first event takes longer than timeoutMs, after one retry", async () => {
      fake.enqueue({ kind: "slow", firstTokenDelayMs: 5000, text: "late" }, { kind: "slow", firstTokenDelayMs: 5000, text: "late" });
      const started = performance.now();
      const { events, error } = await collectFailure(provider({ timeoutMs: 300 }).stream(input()));
      expect(upstream(error).kind).toBe("timeout");
      expect(events).toEqual([]);
      expect(fake.requests).toHaveLength(2);
      expect(performance.now() - started).toBeLessThan(4000);
    });

    it("times out when the stream goes quiet between events, without a retry once text was shown", async () => {
      fake.enqueue({ kind: "text", chunks: ["First ", "second"], chunkDelayMs: 5000 }, { kind: "text", text: "never asked for" });
      const { events, error } = await collectFailure(provider({ timeoutMs: 300 }).stream(input()));
      expect(deltas(events)).toEqual(["First "]);
      expect(upstream(error).kind).toBe("timeout");
      expect(fake.requests).toHaveLength(1);
    });
  });

  describe("abort", () => {
    it("stops reading when the caller aborts mid-answer and throws the abort, not an UpstreamError", async () => {
      const controller = new AbortController();
      // Empty queue: the fake's `long` directive streams 400 words, one every 20 ms (8 s in all).
      const started = performance.now();
      const { events, error } = await collectFailure(
        (async function* () {
          for await (const event of provider().stream(
            input({ messages: [{ role: "user", content: "[fake:long:20]" }], userMessage: "[fake:long:20]", signal: controller.signal }),
          )) {
            yield event;
            if (event.type === "delta") controller.abort();
          }
        })(),
      );
      expect(error).not.toBeInstanceOf(UpstreamError);
      expect((error as Error).name).toBe("AbortError");
      expect(deltas(events)).toEqual(["word1 "]);
      expect(events.some((event) => event.type === "usage")).toBe(false);
      expect(fake.requests).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(4000);
    });

    it("throws at once, sending nothing, when the signal is already aborted", async () => {
      const controller = new AbortController();
      controller.abort();
      const { events, error } = await collectFailure(provider().stream(input({ signal: controller.signal })));
      expect(error).not.toBeInstanceOf(UpstreamError);
      expect((error as Error).name).toBe("AbortError");
      expect(events).toEqual([]);
      expect(fake.requests).toHaveLength(0);
    });

    it("sends no further request when the caller aborts during a tool run", async () => {
      const controller = new AbortController();
      const tools = runtime(async () => {
        controller.abort();
        return { result: { products: [] } };
      });
      fake.enqueue({ kind: "tool_use", calls: [{ name: "search_products", input: { query: "lamp" } }] }, { kind: "text", text: "never asked for" });
      const { error } = await collectFailure(provider().stream(input({ tools, signal: controller.signal })));
      expect(error).not.toBeInstanceOf(UpstreamError);
      expect((error as Error).name).toBe("AbortError");
      expect(tools.run).toHaveBeenCalledTimes(1);
      expect(fake.requests).toHaveLength(1);
    });
  });
});
