import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { chatMessages, creditTransactions, users } from "@/db/schema";
import { costCents } from "@/lib/ai/prices";
import { countTokens } from "@/lib/ai/tokens";
import { UpstreamError, type ChatProvider, type ProviderEvent } from "@/lib/ai/types";
import { resetEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { LocalProvider } from "@/lib/ai/local-provider";
import { actorOf, createBusiness, createProduct, createTeam, createUser, memberCaller } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { insertMessage, lockBusinessSession } from "./queries";
import { clearHistory, getHistory } from "./service";
import { takeOver } from "@/lib/inbox/service";
import type { ChatEvent } from "./schemas";
import { editMessage } from "./branches";
import { beginTurn, closingEvent, concludeTurn, foldProviderStream, sendChatMessage, startChatTurn, type TurnProgress } from "./turn";

// The fold of one turn, with scripted providers, without a database; then whole turns that do write.

const desk = { id: "p-desk", name: "Standing Desk", price: "499.00", category: "Furniture" };
const lamp = { id: "p-lamp", name: "Desk Lamp", price: "39.00", category: null };
const openai = { provider: "openai", promptTokens: 120, cost: 100 };

/** A provider that plays `events`, then throws `failure` if one is given. */
async function* scripted(events: ProviderEvent[], failure?: unknown): AsyncGenerator<ProviderEvent> {
  for (const event of events) yield event;
  if (failure !== undefined) throw failure;
}

async function fold(stream: AsyncIterable<ProviderEvent>, model = "gpt-4o-mini") {
  const emitted: ChatEvent[] = [];
  const folding = foldProviderStream(stream, beginTurn(model));
  for (;;) {
    const step = await folding.next();
    if (step.done) return { emitted, ...step.value };
    emitted.push(step.value);
  }
}

describe("the turn's fold", () => {
  it("a complete answer: every delta is sent, the provider's usage and model are stored, done carries the balance", async () => {
    const usage = { promptTokens: 321, completionTokens: 12, totalTokens: 333 };
    const { emitted, progress, failure } = await fold(
      scripted([
        { type: "delta", text: "The Standing Desk " },
        { type: "delta", text: "costs $499.00." },
        { type: "usage", usage, model: "gpt-4o-mini-2024-07-18" },
      ]),
    );
    expect(failure).toBeNull();
    expect(emitted).toEqual([
      { event: "delta", data: { text: "The Standing Desk " } },
      { event: "delta", data: { text: "costs $499.00." } },
    ]);

    const conclusion = concludeTurn(progress, { aborted: false, failure }, openai);
    expect(conclusion).toMatchObject({ status: "complete", refund: false, unexpected: false, usage, costCents: "0.0055" });
    expect(conclusion.values).toEqual({
      content: "The Standing Desk costs $499.00.",
      status: "complete",
      model: "gpt-4o-mini-2024-07-18",
      promptTokens: 321,
      completionTokens: 12,
      tokensUsed: 333,
      costCents: "0.0055",
      productCards: null,
      proposal: null,
      toolCalls: null,
      error: null,
      noMatch: false,
    });
    expect(closingEvent(conclusion, 3900, "assistant")).toEqual({
      event: "done",
      data: { usage, costCents: "0.0055", credits: 3900, provider: "openai", model: "gpt-4o-mini-2024-07-18", status: "assistant" },
    });
  });

  it("a complete answer without a usage report is counted with the tokenizer", () => {
    const progress: TurnProgress = { ...beginTurn("local"), text: "Here it is." };
    const conclusion = concludeTurn(progress, { aborted: false, failure: null }, { provider: "local", promptTokens: 50, cost: 100 });
    const completionTokens = countTokens("Here it is.");
    expect(conclusion.usage).toEqual({ promptTokens: 50, completionTokens, totalTokens: 50 + completionTokens });
    expect(conclusion.costCents).toBe("0.0000");
  });

  it("a tool round-trip: cards are sent once each, the proposal is sent and stored, tool calls are recorded", async () => {
    const proposal = { productId: desk.id, productName: desk.name, quantity: 2, unitPrice: desk.price };
    const { emitted, progress, failure } = await fold(
      scripted([
        { type: "tool_call", name: "search_products", arguments: { query: "desk" } },
        { type: "products", items: [desk, lamp] },
        { type: "tool_call", name: "propose_purchase", arguments: { productId: desk.id, quantity: 2 } },
        { type: "products", items: [desk] },
        { type: "proposal", proposal },
        { type: "delta", text: "Confirm the card to buy 2." },
        { type: "usage", usage: { promptTokens: 300, completionTokens: 30, totalTokens: 330 } },
      ]),
    );
    expect(emitted).toEqual([
      { event: "products", data: { items: [desk, lamp] } },
      { event: "proposal", data: proposal },
      { event: "delta", data: { text: "Confirm the card to buy 2." } },
    ]);
    const conclusion = concludeTurn(progress, { aborted: false, failure }, openai);
    expect(conclusion.status).toBe("complete");
    expect(conclusion.values).toMatchObject({
      productCards: [desk, lamp],
      proposal,
      toolCalls: [
        { name: "search_products", arguments: { query: "desk" } },
        { name: "propose_purchase", arguments: { productId: desk.id, quantity: 2 } },
      ],
      // No model named in the usage event: the one asked for stands.
      model: "gpt-4o-mini",
      tokensUsed: 330,
    });
  });

  it("a stream cut mid-answer: the partial text is stored as an error and the charge stands", async () => {
    const cut = new UpstreamError("protocol", "The model's stream broke off or could not be read.");
    const { emitted, progress, failure } = await fold(
      scripted(
        [
          { type: "delta", text: "Half " },
          { type: "delta", text: "an answ" },
        ],
        cut,
      ),
    );
    expect(emitted.map((event) => event.event)).toEqual(["delta", "delta"]);
    expect(failure).toBe(cut);

    const conclusion = concludeTurn(progress, { aborted: false, failure }, openai);
    const completionTokens = countTokens("Half an answ");
    expect(conclusion).toMatchObject({ status: "error", refund: false, unexpected: false });
    expect(conclusion.usage).toEqual({ promptTokens: 120, completionTokens, totalTokens: 120 + completionTokens });
    expect(conclusion.costCents).toBe(costCents({ provider: "openai", model: "gpt-4o-mini", promptTokens: 120, completionTokens }));
    expect(conclusion.values).toMatchObject({ content: "Half an answ", status: "error", error: cut.message });
    expect(closingEvent(conclusion, 3900, "assistant")).toEqual({
      event: "error",
      data: { error: "upstream_error", detail: "The assistant stopped mid-answer; the partial answer was saved." },
    });
  });

  it("a stop: the partial answer is stored as aborted and the charge stands", async () => {
    const controller = new AbortController();
    async function* untilStopped(): AsyncGenerator<ProviderEvent> {
      yield { type: "delta", text: "1. Standing Desk" };
      yield { type: "delta", text: " — " };
      if (controller.signal.aborted) throw new DOMException("The operation was aborted.", "AbortError");
      yield { type: "delta", text: "never sent" };
    }
    const emitted: ChatEvent[] = [];
    const folding = foldProviderStream(untilStopped(), beginTurn("gpt-4o-mini"));
    let step = await folding.next();
    for (; !step.done; step = await folding.next()) {
      emitted.push(step.value);
      if (emitted.length === 2) controller.abort();
    }
    const { progress, failure } = step.value;
    expect(emitted.map((event) => event.event)).toEqual(["delta", "delta"]);

    const conclusion = concludeTurn(progress, { aborted: controller.signal.aborted, failure }, openai);
    expect(conclusion).toMatchObject({ status: "aborted", refund: false, unexpected: false });
    expect(conclusion.values).toMatchObject({ content: "1. Standing Desk — ", status: "aborted", error: "The operation was aborted." });
    expect(conclusion.usage.completionTokens).toBeGreaterThan(0);
    expect(closingEvent(conclusion, 3900, "assistant")).toEqual({
      event: "error",
      data: { error: "aborted", detail: "The answer was stopped; the partial answer was saved." },
    });
    // A stop the provider ended quietly still stores why.
    expect(concludeTurn(progress, { aborted: true, failure: null }, openai).values.error).toBe("aborted by the client");
  });

  it("an upstream error before the first token: nothing was said, so the message cost is refunded", async () => {
    const refused = new UpstreamError("status", "The model endpoint answered HTTP 500.", { status: 500 });
    const { emitted, progress, failure } = await fold(scripted([], refused));
    expect(emitted).toEqual([]);

    const conclusion = concludeTurn(progress, { aborted: false, failure }, openai);
    expect(conclusion).toMatchObject({
      status: "error",
      refund: true,
      unexpected: false,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      costCents: "0.0000",
    });
    expect(conclusion.values).toMatchObject({ content: "", status: "error", error: refused.message, productCards: null });
    expect(closingEvent(conclusion, 4000, "assistant")).toEqual({
      event: "error",
      data: {
        error: "upstream_error",
        detail: "The assistant could not answer right now; your credits were refunded. Please try again.",
      },
    });
    // A free message has nothing to refund.
    expect(concludeTurn(progress, { aborted: false, failure }, { ...openai, cost: 0 }).refund).toBe(false);
  });

  it("an answer that ends with nothing to show is a failure, refunded, not a complete answer that was charged", async () => {
    const usage = { promptTokens: 300, completionTokens: 1024, totalTokens: 1324 };
    for (const events of [[{ type: "usage", usage } as const], [{ type: "delta", text: "\n\n" } as const, { type: "usage", usage } as const]]) {
      const { progress, failure } = await fold(scripted(events));
      expect(failure).toBeNull();
      const conclusion = concludeTurn(progress, { aborted: false, failure }, openai);
      expect(conclusion).toMatchObject({ status: "error", unanswered: true, refund: true, unexpected: false, usage });
      expect(conclusion.values).toMatchObject({ status: "error", error: "The model returned an empty answer." });
      expect(closingEvent(conclusion, 4000, "assistant")).toEqual({
        event: "error",
        data: { error: "upstream_error", detail: "The assistant could not answer right now; your credits were refunded. Please try again." },
      });
    }
    // Cards or a proposal are an answer even without a word.
    const { progress } = await fold(scripted([{ type: "products", items: [desk] }, { type: "usage", usage }]));
    expect(concludeTurn(progress, { aborted: false, failure: null }, openai)).toMatchObject({ status: "complete", refund: false });
    // A stop before any text is the client's, as before: stored as aborted.
    expect(concludeTurn(beginTurn("gpt-4o-mini"), { aborted: true, failure: null }, openai)).toMatchObject({ status: "aborted", refund: false });
  });

  it("a failure that is neither a stop nor an upstream error is flagged for the log", async () => {
    const bug = new TypeError("cannot read properties of undefined");
    const { progress, failure } = await fold(scripted([], bug));
    expect(concludeTurn(progress, { aborted: false, failure }, openai)).toMatchObject({ status: "error", refund: true, unexpected: true });
    expect(concludeTurn(progress, { aborted: true, failure }, openai).unexpected).toBe(false);
  });
});

describe("a whole turn when storing its outcome fails", () => {
  /** A provider whose answer the database refuses to store: text with NUL, or a tool call jsonb cannot hold. */
  const unstorable = (events: ProviderEvent[]): ChatProvider => ({
    name: "local",
    async *stream() {
      yield* events;
    },
  });

  it.each([
    ["a NUL in the answer's text", [{ type: "delta", text: "Here\u0000 it is." }]],
    ["an unpaired surrogate in a tool call's arguments", [{ type: "tool_call", name: "search_products", arguments: { query: "\ud800" } }, { type: "delta", text: "Hi" }]],
  ] as [string, ProviderEvent[]][])("%s: the assistant row ends as error, never streaming, and the charge is refunded", async (_, events) => {
    vi.spyOn(logger(), "error").mockImplementation(() => undefined);
    const team = await createTeam();
    const actor = memberCaller(team.viewer);
    const balance = async () => (await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, team.viewer.id)))[0]!.credits;
    const before = await balance();

    const turn = await startChatTurn(actor, { message: "show me desks" }, { provider: unstorable(events) });
    const emitted: ChatEvent[] = [];
    for await (const event of turn.events) emitted.push(event);

    expect(emitted.at(-1)).toMatchObject({ event: "error", data: { error: "internal_error" } });
    const [assistant] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, turn.assistantMessageId!));
    expect(assistant).toMatchObject({ status: "error", content: "", error: expect.any(String) });
    expect(await balance()).toBe(before);
    const refunds = await getDb()
      .select()
      .from(creditTransactions)
      .where(and(eq(creditTransactions.userId, team.viewer.id), eq(creditTransactions.kind, "refund")));
    expect(refunds).toHaveLength(1);
    vi.restoreAllMocks();
  });
});

describe("an answer that searched the catalog and found nothing", () => {
  const searched = { type: "tool_call", name: "search_products", arguments: { query: "submarine" } } as const;
  const conclude = async (events: ProviderEvent[], ending: { aborted?: boolean; failure?: unknown } = {}) => {
    const { progress } = await fold(scripted(events));
    return concludeTurn(progress, { aborted: ending.aborted ?? false, failure: ending.failure ?? null }, openai).values.noMatch;
  };

  it("is marked when a complete answer searched and showed no card and no proposal", async () => {
    expect(await conclude([searched, { type: "delta", text: "We don't sell submarines." }])).toBe(true);
  });

  it("is not marked when the search showed products, a proposal was made, nothing was searched, or the answer did not complete", async () => {
    expect(await conclude([searched, { type: "products", items: [desk] }, { type: "delta", text: "Here." }])).toBe(false);
    const proposal = { productId: desk.id, productName: desk.name, quantity: 1, unitPrice: desk.price };
    expect(await conclude([searched, { type: "proposal", proposal }, { type: "delta", text: "Confirm?" }])).toBe(false);
    expect(await conclude([{ type: "tool_call", name: "list_my_purchases", arguments: {} }, { type: "delta", text: "Nothing yet." }])).toBe(false);
    expect(await conclude([{ type: "delta", text: "Hello!" }])).toBe(false);
    expect(await conclude([searched, { type: "delta", text: "We do" }], { aborted: true })).toBe(false);
    expect(await conclude([searched], { failure: new UpstreamError("status", "HTTP 500", { status: 500 }) })).toBe(false);
  });
});

describe("whole turns with the built-in assistant", () => {
  const local = new LocalProvider({ chunkDelayMs: 0 });

  async function ask(caller: ReturnType<typeof memberCaller>, message: string, provider: ChatProvider = local) {
    const turn = await startChatTurn(caller, { message }, { provider });
    for await (const event of turn.events) void event;
    const [row] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, turn.assistantMessageId!));
    return { turn, row: row! };
  }

  it("marks a question for something the catalog does not sell as no match, and one it finds as a match", async () => {
    const team = await createTeam();
    await createProduct({ businessId: team.business.id, status: "approved", name: "Standing Desk", description: "Electric height-adjustable desk.", price: "499.00" });
    const caller = memberCaller(team.viewer);

    const gap = await ask(caller, "Do you sell submarines?");
    expect(gap.row).toMatchObject({ status: "complete", noMatch: true, productCards: null, proposal: null });
    expect(gap.row.toolCalls).toEqual(expect.arrayContaining([expect.objectContaining({ name: "search_products" })]));

    const found = await ask(caller, "do you have a standing desk?");
    expect(found.row.productCards?.map((card) => card.name)).toEqual(["Standing Desk"]);
    expect(found.row.noMatch).toBe(false);
  });

  it("the history says what each answer's turn charged: the message cost, 0 once refunded, null when free", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const charged = await ask(caller, "hello there");
    const failing: ChatProvider = { name: "local", stream: () => scripted([], new UpstreamError("status", "HTTP 500", { status: 500 })) };
    const refunded = await ask(caller, "hello again", failing);
    expect(refunded.row.status).toBe("error");

    const history = await getHistory(caller, { sessionId: charged.turn.sessionId, page: 1, pageSize: 20 });
    expect(history.results.map((m) => [m.role, m.creditsCharged])).toEqual([["user", null], ["assistant", 100]]);
    const refundedHistory = await getHistory(caller, { sessionId: refunded.turn.sessionId, page: 1, pageSize: 20 });
    expect(refundedHistory.results.map((m) => [m.role, m.status, m.creditsCharged])).toEqual([
      ["user", "complete", null],
      ["assistant", "error", 0],
    ]);
    // What the turn itself reports agrees with what the history later reads from the ledger.
    expect(charged.turn.result()?.message?.creditsCharged).toBe(100);
    expect(refunded.turn.result()?.message?.creditsCharged).toBe(0);

    // Free messages, where the operator allows them: no ledger row, so nothing was charged.
    process.env.MIN_MESSAGE_COST = "0";
    resetEnv();
    try {
      const free = await createBusiness({ messageCost: 0 });
      const freeCaller = memberCaller(await createUser({ businessId: free.id }));
      const gratis = await ask(freeCaller, "hello for free");
      expect(gratis.turn.result()?.message?.creditsCharged).toBeNull();
      const freeHistory = await getHistory(freeCaller, { sessionId: gratis.turn.sessionId, page: 1, pageSize: 20 });
      expect(freeHistory.results.map((m) => m.creditsCharged)).toEqual([null, null]);
    } finally {
      delete process.env.MIN_MESSAGE_COST;
      resetEnv();
    }
  });
});

describe("two messages sent to one conversation at once", () => {
  it("each answer's prompt holds what was said before its own question, not the other message sent meanwhile", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const prompts: string[][] = [];
    const recording: ChatProvider = {
      name: "local",
      async *stream(input) {
        prompts.push(input.messages.filter((m) => m.role !== "system").map((m) => `${m.role}: ${String(m.content)}`));
        yield { type: "delta", text: `Answer ${prompts.length}` };
      },
    };
    const first = await startChatTurn(caller, { message: "Do you sell desks?" }, { provider: recording });
    for await (const event of first.events) void event;
    // Both are stored before either answer is written, as when a second request arrives while the first
    // is still reading its history.
    const second = await startChatTurn(caller, { message: "How tall are they?", sessionId: first.sessionId }, { provider: recording });
    const third = await startChatTurn(caller, { message: "And chairs?", sessionId: first.sessionId }, { provider: recording });
    for await (const event of second.events) void event;
    for await (const event of third.events) void event;

    expect(prompts[1]).toEqual(["user: Do you sell desks?", "assistant: Answer 1", "user: How tall are they?"]);
    // The third question follows the second, whose answer was not written yet when it was asked.
    expect(prompts[2]).toEqual(["user: Do you sell desks?", "assistant: Answer 1", "user: How tall are they?", "assistant: Answer 2", "user: And chairs?"]);
  });
});

describe("the products recent answers showed", () => {
  it("reach the next prompt from the answers the conversation shows, not from a version it left", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const shown = await createProduct({ businessId: team.business.id, status: "approved", name: "Walnut Writing Bureau", description: "Solid wood, three drawers." });
    const prompts: string[] = [];
    const recording: ChatProvider = {
      name: "local",
      async *stream(input) {
        prompts.push(input.messages.map((m) => String(m.content)).join("\n"));
        if (prompts.length === 1) yield { type: "products", items: [{ id: shown.id, name: shown.name, price: shown.price, category: null }] };
        yield { type: "delta", text: `Answer ${prompts.length}` };
      },
    };
    const run = async (turn: Promise<{ events: AsyncGenerator<unknown> }>) => {
      for await (const event of (await turn).events) void event;
    };
    const first = await startChatTurn(caller, { message: "Something to write at?" }, { provider: recording });
    await run(Promise.resolve(first));
    await run(startChatTurn(caller, { message: "Which colours?", sessionId: first.sessionId }, { provider: recording }));
    expect(prompts[1]).toContain("Walnut Writing Bureau");

    // The first question edited: the answer that showed the bureau is on a version no longer shown.
    await run(editMessage(caller, { messageId: first.userMessageId, message: "Something to sit on?" }, { provider: recording }));
    await run(startChatTurn(caller, { message: "Which colours?", sessionId: first.sessionId }, { provider: recording }));
    expect(prompts[3]).not.toContain("Walnut Writing Bureau");
  });
});

describe("a conversation cleared while its answer is written", () => {
  it("ends the turn as aborted, refunds the charge (the ledger names no message, none is left) and leaves no row behind", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const balance = async () => (await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, team.viewer.id)))[0]!.credits;
    const before = await balance();
    let cleared!: () => void;
    const isCleared = new Promise<void>((resolve) => (cleared = resolve));
    const slow: ChatProvider = {
      name: "local",
      async *stream() {
        yield { type: "delta", text: "Let me look" };
        await isCleared;
        yield { type: "delta", text: " that up." };
      },
    };

    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: slow });
    const emitted: ChatEvent[] = [];
    for await (const event of turn.events) {
      emitted.push(event);
      if (event.event === "delta" && event.data.text === "Let me look") {
        expect(await clearHistory(caller, { sessionId: turn.sessionId })).toEqual({ cleared: 2 });
        cleared();
      }
    }

    expect(emitted.at(-1)).toMatchObject({ event: "error", data: { error: "aborted", detail: expect.stringContaining("cleared") } });
    expect(await getDb().select().from(chatMessages).where(eq(chatMessages.sessionId, turn.sessionId))).toEqual([]);
    expect(await balance()).toBe(before);
    const ledger = await getDb()
      .select({ kind: creditTransactions.kind, amount: creditTransactions.amount, messageId: creditTransactions.messageId })
      .from(creditTransactions)
      .where(eq(creditTransactions.userId, team.viewer.id));
    expect(ledger.filter((row) => row.kind !== "signup")).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "message", messageId: null }), { kind: "refund", amount: expect.any(Number), messageId: null }]),
    );
    expect(ledger.filter((row) => row.kind === "refund")).toHaveLength(1);
  });
});

describe("a conversation taken over by a person while its answer is written", () => {
  it("finishes the answer and says, in its last event, that the person answers next", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const admin = { ...actorOf(team.admin), email: team.admin.email, name: team.admin.name };
    const first = await sendChatMessage(caller, { message: "hello" }, { provider: new LocalProvider({ chunkDelayMs: 0 }) });
    expect(first.status).toBe("assistant");
    let takenOver!: () => void;
    const isTakenOver = new Promise<void>((resolve) => (takenOver = resolve));
    const slow: ChatProvider = {
      name: "local",
      async *stream() {
        yield { type: "delta", text: "Part one." };
        await isTakenOver;
        yield { type: "delta", text: " Part two." };
      },
    };

    const turn = await startChatTurn(caller, { message: "second question", sessionId: first.sessionId }, { provider: slow });
    const emitted: ChatEvent[] = [];
    for await (const event of turn.events) {
      emitted.push(event);
      if (event.event === "delta" && event.data.text === "Part one.") {
        expect((await takeOver(admin, { sessionId: first.sessionId })).status).toBe("with_person");
        takenOver();
      }
    }

    expect(emitted.at(-1)).toMatchObject({ event: "done", data: { status: "with_person" } });
    expect(turn.result()).toMatchObject({ status: "with_person", message: { content: "Part one. Part two.", status: "complete" } });
  });
});

describe("a conversation cleared while its answer is written, in JSON mode", () => {
  it("answers 409 naming what happened, and refunds", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const balance = async () => (await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, team.viewer.id)))[0]!.credits;
    const before = await balance();
    const sessionOf = async () => (await getDb().select({ sessionId: chatMessages.sessionId }).from(chatMessages).where(eq(chatMessages.userId, team.viewer.id)))[0]!.sessionId;
    // The model's first words, then the conversation is cleared from elsewhere before it finishes.
    const clearing: ChatProvider = {
      name: "local",
      async *stream() {
        yield { type: "delta", text: "Let me look" };
        await clearHistory(caller, { sessionId: await sessionOf() });
        yield { type: "delta", text: " that up." };
      },
    };
    await expect(sendChatMessage(caller, { message: "any lamps?" }, { provider: clearing })).rejects.toMatchObject({
      code: "conflict",
      detail: expect.stringContaining("cleared while this answer was being written"),
    });
    expect(await balance()).toBe(before);
  });
});

describe("clearing a conversation while a message is being written into it", () => {
  it("waits for the message's write and then clears it too, rather than deadlocking over the rows it follows (concurrent transactions: Postgres)", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const first = await startChatTurn(caller, { message: "hello" }, { provider: new LocalProvider({ chunkDelayMs: 0 }) });
    for await (const event of first.events) void event;
    const sessionId = first.sessionId;
    if (getAppDatabase().kind !== "postgres") return; // one connection: the clear cannot start while the write is open
    // A turn's opening step: the conversation's lock, then (after the clear has started) its message.
    const writing = await heldTransaction(
      (tx) => lockBusinessSession(tx, { sessionId, businessId: team.business.id }).then(() => undefined),
      (tx) => insertMessage(tx, { businessId: team.business.id, sessionId, userId: team.viewer.id, role: "user", content: "one more", status: "complete" }).then(() => undefined),
    );
    const clearing = clearHistory(caller, { sessionId });
    await someoneWaitsForALock();
    await writing.finish();
    expect(await clearing).toEqual({ cleared: 3 });
    expect(await getDb().select().from(chatMessages).where(eq(chatMessages.sessionId, sessionId))).toEqual([]);
  });
});
