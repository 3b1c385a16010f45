import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as chatRoute from "@/app/api/chat/route";
import * as sessionRoute from "@/app/api/chat/sessions/[id]/route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import { getDb, transaction } from "@/db/client";
import { businesses } from "@/db/schema";
import { startFakeAnthropic, type FakeAnthropic } from "@/e2e/fake-anthropic/fake-anthropic";
import { startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { announceBusinessChange } from "@/lib/business/chat-settings";
import { resetEnv } from "@/lib/env";
import { eventReader, openChatStream, parseSse } from "@/test/chat-stream";
import { createApiKey, createProduct, createTeam, createUser, memberChatState } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

/** Claude answers a business that chose it, OpenAI one that chose it: each through its own fake server. */
let claude: FakeAnthropic;
let gpt: FakeOpenAI;
type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let desk: { id: string };
let secret: string;

function useProviders(keys: { anthropic: boolean }) {
  process.env.OPENAI_API_KEY = "sk-openai-fake";
  process.env.OPENAI_BASE_URL = gpt.baseURL;
  if (keys.anthropic) process.env.ANTHROPIC_API_KEY = "sk-ant-fake";
  else delete process.env.ANTHROPIC_API_KEY;
  process.env.ANTHROPIC_BASE_URL = claude.baseURL;
  process.env.ANTHROPIC_TIMEOUT_MS = "10000"; // long enough for a loaded runner
  process.env.MODEL_MAX_OUTPUT_TOKENS = "321";
  process.env.EMBEDDINGS_ENABLED = "false";
  resetEnv();
}

async function chooseModel(model: string) {
  // Written as any change of a business's row is: with its announcement, which empties the settings cache.
  await transaction(async (tx) => {
    await tx.update(businesses).set({ model }).where(eq(businesses.id, team.business.id));
    await announceBusinessChange(tx, team.business.id);
  });
}

beforeAll(async () => {
  [claude, gpt] = await Promise.all([startFakeAnthropic(), startFakeOpenAI()]);
  useProviders({ anthropic: true });
  team = await createTeam();
  desk = await createProduct({
    businessId: team.business.id,
    status: "approved",
    name: "Standing Desk",
    description: "Electric height-adjustable desk.",
    price: "499.00",
    category: "Furniture",
  });
  secret = (await createApiKey({ businessId: team.business.id })).key;
  // A full wallet for the API key's end users: its own rules are tested in wallet-chat.test.ts.
  await getDb().update(businesses).set({ walletCredits: 100_000 }).where(eq(businesses.id, team.business.id));
});

afterAll(async () => {
  await Promise.all([claude.close(), gpt.close()]);
});

beforeEach(async () => {
  useProviders({ anthropic: true });
  await chooseModel("anthropic:claude-haiku-4-5");
  claude.reset();
  gpt.reset();
});

async function freshViewer() {
  const user = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
  return { user, token: await tokenFor(user) };
}

const withKey = (key: string) => ({ "x-api-key": key });

describe("Claude through the Anthropic Messages API", () => {
  it("streams a grounded answer, and stores who answered, the usage and its cost", async () => {
    const { user, token } = await freshViewer();
    claude.enqueue({ kind: "text", chunks: ["The Standing Desk ", "costs $499.00."], usage: { input_tokens: 2000, output_tokens: 300 }, model: "claude-haiku-4-5-20251001" });
    const res = await callRoute(chatRoute.POST, { token, headers: { accept: "text/event-stream" }, body: { message: "how much is the standing desk?" } });
    const events = parseSse(res.text);
    expect(events.map((event) => event.event)).toEqual(["meta", "delta", "delta", "done"]);
    expect(events.at(-1)!.data).toEqual({
      usage: { promptTokens: 2000, completionTokens: 300, totalTokens: 2300 },
      costCents: "0.3500", // (2000 × $1 + 300 × $5) / 1M tokens, in cents
      credits: 3900,
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      status: "assistant",
    });

    expect(gpt.requests).toHaveLength(0);
    expect(claude.requests).toHaveLength(1);
    const sent = claude.requests[0]!;
    expect(sent.apiKey).toBe("sk-ant-fake");
    expect(sent.body).toMatchObject({ model: "claude-haiku-4-5", max_tokens: 321, stream: true, tool_choice: { type: "auto" } });
    // Grounded: the catalog's product is in the system prompt, the question is the last user turn.
    expect(JSON.stringify(sent.body.system)).toContain("Standing Desk");
    expect(sent.body.messages.at(-1)).toEqual({ role: "user", content: "how much is the standing desk?" });
    expect((sent.body.tools as { name: string }[]).map((tool) => tool.name)).toContain("search_products");

    const assistant = (await memberChatState(user.id)).messages.find((message) => message.role === "assistant")!;
    expect(assistant).toMatchObject({
      status: "complete",
      content: "The Standing Desk costs $499.00.",
      provider: "anthropic",
      model: "claude-haiku-4-5-20251001",
      promptTokens: 2000,
      completionTokens: 300,
      tokensUsed: 2300,
      costCents: "0.3500",
    });
  });

  it("runs a tool round-trip: Claude searches, gets the business's products and answers naming one", async () => {
    const { user, token } = await freshViewer();
    claude.enqueue(
      { kind: "tool_use", calls: [{ name: "search_products", input: { query: "standing desk" } }], usage: { input_tokens: 1000, output_tokens: 40 } },
      { kind: "text", text: "We have the Standing Desk for $499.00.", usage: { input_tokens: 1500, output_tokens: 60 } },
    );
    const res = await callRoute(chatRoute.POST, { token, headers: { accept: "text/event-stream" }, body: { message: "any desks?" } });
    const events = parseSse(res.text);
    expect(events.at(-1)!.event).toBe("done");
    const products = events.find((event) => event.event === "products")!.data.items;
    expect(products.map((product: { id: string }) => product.id)).toEqual([desk.id]);

    expect(claude.requests).toHaveLength(2);
    const followUp = claude.requests[1]!.body.messages;
    const asked = followUp.at(-2)!;
    const answered = followUp.at(-1)!;
    expect(asked.role).toBe("assistant");
    const toolUse = (asked.content as { type: string; id: string; name: string; input: unknown }[]).find((block) => block.type === "tool_use")!;
    expect(toolUse).toMatchObject({ name: "search_products", input: { query: "standing desk" } });
    expect(answered.role).toBe("user");
    const [result] = answered.content as { type: string; tool_use_id: string; content: string }[];
    expect(result).toMatchObject({ type: "tool_result", tool_use_id: toolUse.id });
    expect(JSON.parse(result!.content).products.map((product: { name: string }) => product.name)).toEqual(["Standing Desk"]);

    const assistant = (await memberChatState(user.id)).messages.find((message) => message.role === "assistant")!;
    expect(assistant).toMatchObject({
      content: "We have the Standing Desk for $499.00.",
      provider: "anthropic",
      promptTokens: 2500,
      completionTokens: 100,
      costCents: "0.3000", // (2500 × $1 + 100 × $5) / 1M tokens, in cents
    });
    expect(assistant.toolCalls).toEqual([{ name: "search_products", arguments: { query: "standing desk" } }]);
  });

  it("a stop mid-answer stores the partial as aborted, with one charge", async () => {
    const { user, token } = await freshViewer();
    claude.enqueue({ kind: "text", chunks: Array.from({ length: 200 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
    const controller = new AbortController();
    const response = await openChatStream(chatRoute.POST, { token, body: { message: "tell me everything" }, signal: controller.signal });
    const reader = eventReader(response);
    const meta = await reader.next();
    let event = await reader.next();
    while (event && event.event !== "delta") event = await reader.next();
    expect(event?.event).toBe("delta");
    controller.abort();
    const rest = await reader.rest();
    expect(rest.at(-1)?.data.error).toBe("aborted");

    const after = await memberChatState(user.id);
    const assistant = after.messages.find((message) => message.id === meta!.data.assistantMessageId)!;
    expect(assistant).toMatchObject({ status: "aborted", provider: "anthropic" });
    expect(assistant.content.startsWith("w0 ")).toBe(true);
    expect(assistant.content.length).toBeLessThan(200 * 4);
    expect(after.ledger).toEqual([
      ["signup", 4000],
      ["message", -100],
    ]);
    expect(claude.requests).toHaveLength(1);
  });

  it.each([429, 529, 500])("HTTP %i before the first token (after the one retry): 502 and the credits come back", async (status) => {
    const { user, token } = await freshViewer();
    claude.enqueue({ kind: "error", status, retryAfterSeconds: 0 }, { kind: "error", status, retryAfterSeconds: 0 });
    const res = await callRoute(chatRoute.POST, { token, body: { message: "desk?" } });
    expect(res.status).toBe(502);
    expect(res.body.error).toBe("upstream_error");
    expect(claude.requests).toHaveLength(2);
    const after = await memberChatState(user.id);
    expect(after.credits).toBe(4000);
    expect(after.ledger).toEqual([
      ["signup", 4000],
      ["message", -100],
      ["refund", 100],
    ]);
    expect(after.messages.find((message) => message.role === "assistant")).toMatchObject({ status: "error", content: "", provider: "anthropic" });
  });

  it("overloaded before the first token ends a stream with a final error event and refunds", async () => {
    const { user, token } = await freshViewer();
    claude.enqueue({ kind: "error", status: 529 }, { kind: "stream_error", errorType: "overloaded_error" });
    const res = await callRoute(chatRoute.POST, { token, headers: { accept: "text/event-stream" }, body: { message: "desk?" } });
    const events = parseSse(res.text);
    expect(events.map((event) => event.event)).toEqual(["meta", "error"]);
    expect(events[1]!.data).toEqual({ error: "upstream_error", detail: expect.stringMatching(/refunded/) });
    expect((await memberChatState(user.id)).credits).toBe(4000);
  });
});

describe("choosing the provider and model", () => {
  it("a business's default routes its members' messages: Claude to the Anthropic server, GPT to the OpenAI one", async () => {
    const { token } = await freshViewer();
    const first = await callRoute(chatRoute.POST, { token, body: { message: "hello" } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5", response: "Claude heard: hello" });
    expect([claude.requests.length, gpt.requests.length]).toEqual([1, 0]);

    await chooseModel("openai:gpt-4o-mini");
    const second = await callRoute(chatRoute.POST, { token, body: { message: "hello again", sessionId: first.body.sessionId } });
    expect(second.body).toMatchObject({ provider: "openai", model: "gpt-4o-mini", response: "You said: hello again" });
    expect(second.body.message).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    expect([claude.requests.length, gpt.requests.length]).toEqual([1, 1]);
    expect(gpt.requests[0]!.body.model).toBe("gpt-4o-mini");
  });

  it("an API session may choose its own provider; only that session uses it", async () => {
    const chosen = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { userIdentifier: "ann@example.com", config: { aiProvider: "openai" } } });
    expect(chosen.status).toBe(201);
    // A provider alone gets the operator's model of it (OPENAI_MODEL).
    expect(chosen.body.config).toEqual({ aiProvider: "openai", model: "gpt-4o-mini" });
    const plain = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { userIdentifier: "ann@example.com" } });

    const viaOpenAI = await callRoute(chatRoute.POST, { headers: withKey(secret), body: { message: "hi", sessionId: chosen.body.id, userIdentifier: "ann@example.com" } });
    expect(viaOpenAI.status).toBe(200);
    expect(viaOpenAI.body).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    const viaDefault = await callRoute(chatRoute.POST, { headers: withKey(secret), body: { message: "hi", sessionId: plain.body.id, userIdentifier: "ann@example.com" } });
    expect(viaDefault.body).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5" });
    expect([claude.requests.length, gpt.requests.length]).toEqual([1, 1]);

    // A session can name the model, as `provider:model` or beside aiProvider, and change it later.
    const named = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { config: { model: "anthropic:claude-sonnet-4-5" } } });
    expect(named.body.config).toEqual({ aiProvider: "anthropic", model: "claude-sonnet-4-5" });
    const switched = await callRoute(sessionRoute.PATCH, { headers: withKey(secret), params: { id: named.body.id }, body: { config: { aiProvider: "openai", model: "gpt-4.1-nano" } } });
    expect(switched.status).toBe(200);
    expect(switched.body.config).toEqual({ aiProvider: "openai", model: "gpt-4.1-nano" });
    const answered = await callRoute(chatRoute.POST, { headers: withKey(secret), body: { message: "hi", sessionId: named.body.id } });
    expect(answered.body).toMatchObject({ provider: "openai", model: "gpt-4.1-nano" });
    expect(gpt.requests.at(-1)!.body.model).toBe("gpt-4.1-nano");
  });

  it("refuses a model outside the allow-list, a provider without a key, and a member's own choice", async () => {
    const outside = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { config: { model: "gpt-4-turbo" } } });
    expect(outside.status).toBe(400);
    expect(outside.body.fields["config.model"]).toEqual([expect.stringMatching(/^Model must be one of: openai:gpt-4o-mini, .*anthropic:claude-haiku-4-5/)]);
    const unknown = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { config: { aiProvider: "mistral" } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toHaveProperty(["config.aiProvider"]);

    const { token } = await freshViewer();
    const member = await callRoute(sessionsRoute.POST, { token, body: { config: { aiProvider: "openai" } } });
    expect(member.status).toBe(400);
    expect(member.body.fields["config.aiProvider"]).toEqual(["A member's conversation uses the business's model; an admin chooses it in Settings."]);

    useProviders({ anthropic: false });
    const noKey = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { config: { aiProvider: "anthropic" } } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.fields["config.aiProvider"]).toEqual(["Anthropic is not available on this server; choose one of: openai."]);
    const noKeyModel = await callRoute(sessionsRoute.POST, { headers: withKey(secret), body: { config: { model: "anthropic:claude-haiku-4-5" } } });
    expect(noKeyModel.status).toBe(400);
    // A business still set to Claude is answered by the operator's OpenAI model meanwhile, never refused.
    const fallback = await callRoute(chatRoute.POST, { token: await tokenFor(team.viewer), body: { message: "hello" } });
    expect(fallback.body).toMatchObject({ provider: "openai", model: "gpt-4o-mini" });
    expect(claude.requests).toHaveLength(0);
  });
});
