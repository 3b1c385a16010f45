import { resetEnv } from "@/lib/env";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { getDb, transaction } from "@/db/client";
import { announceBusinessChange } from "@/lib/business/chat-settings";
import { businesses, purchases } from "@/db/schema";
import { createProduct, createTeam, createUser, memberChatState } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { eventReader, openChatStream, parseSse } from "@/test/chat-stream";
import { countMessagesTokens } from "@/lib/ai/tokens";

let fake: FakeOpenAI;
type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let desk: { id: string };
let rivalDesk: { id: string };

beforeAll(async () => {
  fake = await startFakeOpenAI();
  // The app reads these through env(), which caches: reset it after changing the environment.
  process.env.OPENAI_API_KEY = "sk-fake-key";
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_TIMEOUT_MS = "2000"; // long enough for a loaded runner, short for the timeout case
  process.env.MODEL_MAX_OUTPUT_TOKENS = "321";
  resetEnv();

  team = await createTeam();
  other = await createTeam();
  desk = await createProduct({
    businessId: team.business.id,
    status: "approved",
    name: "Standing Desk",
    description: "Electric height-adjustable desk.",
    price: "499.00",
    category: "Furniture",
  });
  await createProduct({ businessId: team.business.id, status: "draft", name: "Standing Desk Prototype", description: "Draft desk.", price: "999.00" });
  rivalDesk = await createProduct({ businessId: other.business.id, status: "approved", name: "Rival Standing Desk", description: "Rival.", price: "350.00" });
});

afterAll(async () => {
  await fake.close();
  delete process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_TIMEOUT_MS;
  delete process.env.MODEL_MAX_OUTPUT_TOKENS;
  resetEnv();
});

beforeEach(() => fake.reset());

async function freshViewer() {
  const user = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
  return { user, token: await tokenFor(user) };
}

describe("openai provider against the fake model", () => {
  it("streams with include_usage and stores the usage chunk, model and cost on the message", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "text", chunks: ["The ", "Standing ", "Desk ", "costs $499.00."], usage: { prompt_tokens: 321, completion_tokens: 12 } });
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "standing desk price?" } });
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual(["meta", "delta", "delta", "delta", "delta", "done"]);
    expect(events.at(-1)!.data).toEqual({
      usage: { promptTokens: 321, completionTokens: 12, totalTokens: 333 },
      costCents: "0.0055", // (321 × $0.15 + 12 × $0.60) / 1M tokens, in cents
      credits: 3900,
      provider: "openai",
      model: "gpt-4o-mini",
      status: "assistant",
    });

    const request = fake.requests[0]!.body;
    expect(request.stream).toBe(true);
    expect(request.stream_options).toEqual({ include_usage: true });
    expect(request.model).toBe("gpt-4o-mini");
    expect(fake.requests[0]!.authorization).toBe("Bearer sk-fake-key");
    expect(request.tools?.map((t) => t.function.name)).toEqual(["search_products", "get_product", "list_my_purchases", "propose_purchase", "request_human"]);
    // Grounding: the business's approved desk is in the data block, never the draft or the rival's.
    const system = request.messages[0]!.content!;
    expect(system).toContain("<product_data>");
    expect(system).toContain(desk.id);
    expect(system).not.toContain("Prototype");
    expect(system).not.toContain(rivalDesk.id);
    expect(request.messages.at(-1)).toEqual({ role: "user", content: "standing desk price?" });

    const after = await memberChatState(user.id);
    const assistant = after.messages.find((m) => m.role === "assistant")!;
    expect(assistant).toMatchObject({
      status: "complete",
      content: "The Standing Desk costs $499.00.",
      provider: "openai",
      model: "gpt-4o-mini",
      promptTokens: 321,
      completionTokens: 12,
      tokensUsed: 333,
      costCents: "0.0055",
    });
  });

  it("prices the prompt tokens the endpoint read from its prompt cache at the cached price", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "text", text: "Yes.", usage: { prompt_tokens: 2000, completion_tokens: 10, cached_tokens: 1536 } });
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "standing desk?" } });
    const done = parseSse(res.text).at(-1)!;
    expect(done.event).toBe("done");
    // (464 × $0.15 + 1536 × $0.075 + 10 × $0.60) / 1M tokens, in cents; the usage itself counts every prompt token.
    expect(done.data).toMatchObject({ usage: { promptTokens: 2000, completionTokens: 10, totalTokens: 2010 }, costCents: "0.0191" });
    const assistant = (await memberChatState(user.id)).messages.find((m) => m.role === "assistant")!;
    expect(assistant).toMatchObject({ promptTokens: 2000, costCents: "0.0191" });
  });

  it("caps every model call, tool rounds included, at MODEL_MAX_OUTPUT_TOKENS", async () => {
    const { token } = await freshViewer();
    fake.enqueue(
      { kind: "tool_calls", calls: [{ name: "search_products", arguments: { query: "desk" } }] },
      { kind: "text", text: "We have a desk." },
    );
    const res = await callRoute(chatPost, { token, body: { message: "any desks?" } });
    expect(res.status).toBe(200);
    expect(fake.requests).toHaveLength(2);
    for (const request of fake.requests) {
      expect(request.body.max_completion_tokens).toBe(321);
    }
  });

  it("asks for no more output than the context window leaves after the prompt", async () => {
    process.env.MODEL_CONTEXT_TOKENS = "2048";
    process.env.MODEL_MAX_OUTPUT_TOKENS = "1024";
    resetEnv();
    try {
      const { token } = await freshViewer();
      fake.enqueue({ kind: "text", text: "Noted." });
      // A long question: the prompt fills most of what the window holds.
      const message = Array.from({ length: 120 }, (_, i) => `detail${i} about my standing desk`).join(", ");
      const res = await callRoute(chatPost, { token, body: { message } });
      expect(res.status).toBe(200);
      const request = fake.requests[0]!.body;
      const promptTokens = countMessagesTokens(request.messages.map((m) => ({ content: m.content ?? "" })));
      expect(promptTokens).toBeGreaterThan(1024);
      expect(promptTokens + request.max_completion_tokens!).toBeLessThanOrEqual(2048);
    } finally {
      delete process.env.MODEL_CONTEXT_TOKENS;
      process.env.MODEL_MAX_OUTPUT_TOKENS = "321";
      resetEnv();
    }
  });

  it("runs only models on the operator's allow-list: a stored choice outside it is answered by the default model", async () => {
    const shop = await createTeam();
    const ask = async (model: string) => {
      // Signed after each resetEnv, which brings fresh signing secrets in tests.
      const token = await tokenFor(shop.viewer);
      // Written as any change of a business's row is: with its announcement, which empties the settings cache.
      await transaction(async (tx) => {
        await tx.update(businesses).set({ model }).where(eq(businesses.id, shop.business.id));
        await announceBusinessChange(tx, shop.business.id);
      });
      fake.reset();
      fake.enqueue({ kind: "text", text: "Hello." });
      expect((await callRoute(chatPost, { token, body: { message: "hello" } })).status).toBe(200);
      return fake.requests[0]!.body.model;
    };
    process.env.ALLOWED_MODELS = "gpt-4o-mini,gpt-4.1-nano";
    resetEnv();
    try {
      expect(await ask("gpt-4.1-nano")).toBe("gpt-4.1-nano");
      // Priced, but not allowed (chosen before the operator narrowed the list).
      expect(await ask("gpt-4-turbo")).toBe("gpt-4o-mini");
    } finally {
      delete process.env.ALLOWED_MODELS;
      resetEnv();
    }
  });

  it("runs tool calls in the caller's business and sends the results back to the model", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue(
      { kind: "tool_calls", calls: [{ name: "search_products", arguments: { query: "standing desk" } }], usage: { prompt_tokens: 100, completion_tokens: 10 } },
      { kind: "text", text: "We have the Standing Desk for $499.00.", usage: { prompt_tokens: 200, completion_tokens: 20 } },
    );
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "any desks?" } });
    const events = parseSse(res.text);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe("meta");
    expect(names.at(-1)).toBe("done");
    const products = events.find((e) => e.event === "products")!.data.items;
    expect(products).toEqual([{ id: desk.id, name: "Standing Desk", price: "499.00", category: "Furniture", stock: null }]);

    expect(fake.requests).toHaveLength(2);
    const followUp = fake.requests[1]!.body.messages;
    const assistantCall = followUp.at(-2)!;
    expect(assistantCall.role).toBe("assistant");
    expect(assistantCall.tool_calls?.[0]?.function.name).toBe("search_products");
    const toolMessage = followUp.at(-1)!;
    expect(toolMessage.role).toBe("tool");
    expect(toolMessage.tool_call_id).toBe(assistantCall.tool_calls?.[0]?.id);
    const result = JSON.parse(toolMessage.content!);
    expect(result.products.map((p: { name: string }) => p.name)).toEqual(["Standing Desk"]);

    const assistant = (await memberChatState(user.id)).messages.find((m) => m.role === "assistant")!;
    expect(assistant).toMatchObject({ promptTokens: 300, completionTokens: 30, tokensUsed: 330, status: "complete" });
    expect(assistant.toolCalls).toEqual([{ name: "search_products", arguments: { query: "standing desk" } }]);
    expect(assistant.productCards).toEqual(products);
  });

  it("grounds a follow-up in the products shown in recent turns, and sends the history", async () => {
    const { token } = await freshViewer();
    fake.enqueue(
      { kind: "tool_calls", calls: [{ name: "search_products", arguments: { query: "standing desk" } }] },
      { kind: "text", text: "The Standing Desk is $499.00." },
    );
    const first = await callRoute(chatPost, { token, body: { message: "any desks?" } });
    expect(first.status).toBe(200);
    fake.reset();
    fake.enqueue({ kind: "text", text: "Yes, it is." });
    // Nothing in this message matches a product by itself.
    const second = await callRoute(chatPost, { token, body: { message: "is it in stock?", sessionId: first.body.sessionId } });
    expect(second.status).toBe(200);
    const messages = fake.requests[0]!.body.messages;
    expect(messages[0]!.content).toContain(desk.id);
    expect(messages.slice(1).map((m) => [m.role, m.content])).toEqual([
      ["user", "any desks?"],
      ["assistant", "The Standing Desk is $499.00."],
      ["user", "is it in stock?"],
    ]);
  });

  it("get_product and propose_purchase refuse another business's product, whatever the model asks", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue(
      {
        kind: "tool_calls",
        calls: [
          { name: "get_product", arguments: { productId: rivalDesk.id } },
          { name: "propose_purchase", arguments: { productId: rivalDesk.id, quantity: 1 } },
        ],
      },
      { kind: "text", text: "I can't offer that product." },
    );
    const res = await callRoute(chatPost, { token, body: { message: "buy the rival desk" } });
    expect(res.status).toBe(200);
    expect(res.body.proposal).toBeUndefined();
    expect(res.body.message.proposal).toBeNull();
    const toolResults = fake.requests[1]!.body.messages.filter((m) => m.role === "tool").map((m) => JSON.parse(m.content!));
    expect(toolResults).toEqual([
      { error: "not_found", detail: expect.any(String) },
      { error: "not_found", detail: expect.stringMatching(/^Refused/) },
    ]);
    expect(JSON.stringify(toolResults)).not.toContain("Rival");
    expect(await getDb().select().from(purchases).where(eq(purchases.userId, user.id))).toHaveLength(0);
  });

  it("propose_purchase of an approved product yields a proposal event and stores it, buying nothing", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue(
      { kind: "tool_calls", calls: [{ name: "propose_purchase", arguments: { productId: desk.id, quantity: 2 } }] },
      { kind: "text", text: "Confirm the card to buy 2 desks." },
    );
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "buy 2 desks" } });
    const proposal = parseSse(res.text).find((e) => e.event === "proposal")!.data;
    expect(proposal).toEqual({ productId: desk.id, productName: "Standing Desk", quantity: 2, unitPrice: "499.00" });
    const assistant = (await memberChatState(user.id)).messages.find((m) => m.role === "assistant")!;
    expect(assistant.proposal).toEqual(proposal);
    expect(await getDb().select().from(purchases).where(eq(purchases.userId, user.id))).toHaveLength(0);
  });

  it("list_my_purchases returns only the caller's purchases", async () => {
    const { user, token } = await freshViewer();
    await getDb().insert(purchases).values([
      { businessId: team.business.id, userId: user.id, productId: desk.id, productName: "Standing Desk", quantity: 1, unitPrice: "499.00", total: "499.00" },
      { businessId: team.business.id, userId: team.viewer.id, productId: desk.id, productName: "Not yours", quantity: 1, unitPrice: "1.00", total: "1.00" },
    ]);
    fake.enqueue({ kind: "tool_calls", calls: [{ name: "list_my_purchases", arguments: {} }] });
    const res = await callRoute(chatPost, { token, body: { message: "what did I buy?" } });
    expect(res.status).toBe(200);
    const tool = JSON.parse(fake.requests[1]!.body.messages.at(-1)!.content!);
    expect(tool.purchases.map((p: { productName: string }) => p.productName)).toEqual(["Standing Desk"]);
  });

  it.each([
    ["429", { kind: "error", status: 429, retryAfterSeconds: 0 } as const],
    ["500", { kind: "error", status: 500 } as const],
    ["timeout before the first token", { kind: "slow", firstTokenDelayMs: 5_000 } as const],
    ["malformed first chunk", { kind: "malformed" } as const],
  ])("%s (after one retry) → 502 upstream_error, credits refunded, both rows stored", async (_name, scenario) => {
    const { user, token } = await freshViewer();
    fake.enqueue(scenario, scenario);
    const res = await callRoute(chatPost, { token, body: { message: "standing desk?" } });
    expect(res.status).toBe(502);
    expect(res.body.error).toBe("upstream_error");
    expect(fake.requests).toHaveLength(2);
    const after = await memberChatState(user.id);
    expect(after.credits).toBe(4000);
    expect(after.ledger).toEqual([
      ["signup", 4000],
      ["message", -100],
      ["refund", 100],
    ]);
    expect(after.ledgerSum).toBe(after.credits);
    expect(after.messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "error"],
    ]);
    expect(after.messages[1]!.content).toBe("");
  });

  it("an empty answer (a model that spent its output cap before writing) ends in an error event and is refunded", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "text", text: "", usage: { prompt_tokens: 300, completion_tokens: 321 } });
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "hello" } });
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual(["meta", "error"]);
    expect(events[1]!.data).toEqual({ error: "upstream_error", detail: expect.stringMatching(/refunded/) });
    const after = await memberChatState(user.id);
    expect(after.credits).toBe(4000);
    expect(after.ledger).toEqual([
      ["signup", 4000],
      ["message", -100],
      ["refund", 100],
    ]);
    expect(after.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ["user", "complete", "hello"],
      ["assistant", "error", ""],
    ]);
    // What the call used is still recorded.
    expect(after.messages[1]).toMatchObject({ promptTokens: 300, completionTokens: 321 });

    // JSON mode: 502, like any answer that failed before a word.
    fake.enqueue({ kind: "text", text: "" });
    const json = await callRoute(chatPost, { token, body: { message: "hello again" } });
    expect(json.status).toBe(502);
    expect(json.body.error).toBe("upstream_error");
    expect((await memberChatState(user.id)).credits).toBe(4000);
  });

  it("a failure before the first token ends the stream with an error event and refunds", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "error", status: 500 }, { kind: "error", status: 500 });
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "hello desk" } });
    expect(res.status).toBe(200);
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual(["meta", "error"]);
    expect(events[1]!.data).toEqual({ error: "upstream_error", detail: expect.stringMatching(/refunded/) });
    expect((await memberChatState(user.id)).credits).toBe(4000);
  });

  it("retries once before the first token and then succeeds with a single charge", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "error", status: 503 }, { kind: "text", text: "Second time lucky." });
    const res = await callRoute(chatPost, { token, body: { message: "desk" } });
    expect(res.status).toBe(200);
    expect(res.body.response).toBe("Second time lucky.");
    const after = await memberChatState(user.id);
    expect(after.ledger).toEqual([
      ["signup", 4000],
      ["message", -100],
    ]);
  });

  it("a stream cut mid-way stores the partial text as error, keeps the charge, and does not retry", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "cut", chunks: ["Half ", "an ", "answ"] });
    const res = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "desk" } });
    const events = parseSse(res.text);
    expect(events.map((e) => e.event)).toEqual(["meta", "delta", "delta", "delta", "error"]);
    expect(events.at(-1)!.data.error).toBe("upstream_error");
    expect(fake.requests).toHaveLength(1);
    const after = await memberChatState(user.id);
    expect(after.credits).toBe(3900);
    const assistant = after.messages.find((m) => m.role === "assistant")!;
    expect(assistant).toMatchObject({ status: "error", content: "Half an answ" });
    expect(assistant.completionTokens).toBeGreaterThan(0);

    // JSON mode: the same failure is a 502 with the partial still stored.
    fake.enqueue({ kind: "cut", chunks: ["Partial"] });
    const json = await callRoute(chatPost, { token, body: { message: "desk again" } });
    expect(json.status).toBe(502);
    const stored = (await memberChatState(user.id)).messages.filter((m) => m.role === "assistant").at(-1)!;
    expect(stored).toMatchObject({ status: "error", content: "Partial" });
  });

  it("the client going away aborts the model call and stores the partial as aborted; the charge stands", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "text", chunks: Array.from({ length: 200 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
    const controller = new AbortController();
    const response = await openChatStream(chatPost, { token, body: { message: "tell me everything" }, signal: controller.signal });
    const reader = eventReader(response);
    const meta = await reader.next();
    expect(meta?.event).toBe("meta");
    let first = await reader.next();
    while (first && first.event !== "delta") first = await reader.next();
    expect(first?.event).toBe("delta");
    controller.abort();
    const rest = await reader.rest();
    expect(rest.at(-1)?.event).toBe("error");
    expect(rest.at(-1)?.data.error).toBe("aborted");

    const after = await memberChatState(user.id);
    const assistant = after.messages.find((m) => m.id === meta!.data.assistantMessageId)!;
    expect(assistant.status).toBe("aborted");
    expect(assistant.content.startsWith("w0 ")).toBe(true);
    expect(assistant.content.length).toBeLessThan(200 * 4);
    expect(after.credits).toBe(3900);
    expect(after.ledger).toEqual([
      ["signup", 4000],
      ["message", -100],
    ]);
  });

  it("cancelling the response body (the browser's Stop) also aborts and stores the partial", async () => {
    const { user, token } = await freshViewer();
    fake.enqueue({ kind: "text", chunks: Array.from({ length: 200 }, (_, i) => `x${i} `), chunkDelayMs: 20 });
    const response = await openChatStream(chatPost, { token, body: { message: "tell me more" } });
    const reader = eventReader(response);
    const meta = (await reader.next())!;
    let event = await reader.next();
    while (event && event.event !== "delta") event = await reader.next();
    await reader.reader.cancel();
    await expect
      .poll(async () => (await memberChatState(user.id)).messages.find((m) => m.id === meta.data.assistantMessageId)?.status, { timeout: 5_000 })
      .toBe("aborted");
    const assistant = (await memberChatState(user.id)).messages.find((m) => m.id === meta.data.assistantMessageId)!;
    expect(assistant.content.startsWith("x0 ")).toBe(true);
  });
});
