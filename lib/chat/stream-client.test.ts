import { describe, expect, it } from "vitest";
import type { ChatEvent } from "./schemas";
import {
  conversationMessages,
  describeFailure,
  isTurnActive,
  settleTurn,
  startTurn,
  turnReducer,
  turnRequest,
  type ConversationMessage,
  type TurnAction,
  type TurnState,
} from "./stream-client";

const NOW = "2026-01-01T00:00:00.000Z";

function turn(sessionId: string | null = null): TurnState {
  return startTurn({ message: "do you have a standing desk?", sessionId, localId: "1", now: NOW });
}

function run(state: TurnState, actions: TurnAction[]): TurnState {
  return actions.reduce(turnReducer, state);
}

const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };

const meta: ChatEvent = {
  event: "meta",
  data: { sessionId: "s1", userMessageId: "u1", assistantMessageId: "a1" },
};

function stored(overrides: Partial<ConversationMessage> & Pick<ConversationMessage, "id" | "role">): ConversationMessage {
  return { content: "", status: "complete", createdAt: NOW, productCards: null, proposal: null, ...overrides };
}

describe("turnReducer", () => {
  it("builds the answer from meta, deltas, products, proposal and done", () => {
    const state = run(turn(), [
      meta,
      { event: "delta", data: { text: "Yes, the **Standing Desk** " } },
      { event: "products", data: { items: [{ id: "p1", name: "Standing Desk", price: "499.00", category: "Office" }] } },
      { event: "delta", data: { text: "costs $499.00." } },
      { event: "products", data: { items: [{ id: "p1", name: "Standing Desk", price: "499.00", category: "Office" }] } },
      { event: "proposal", data: { productId: "p1", productName: "Standing Desk", quantity: 1, unitPrice: "499.00" } },
      { event: "done", data: { usage, costCents: "0.0000", credits: 3900, provider: "local", model: "local", status: "assistant" } },
    ]);
    expect(state.phase).toBe("done");
    expect(state.assistant).toMatchObject({ provider: "local", model: "local", promptTokens: 10, completionTokens: 5, costCents: "0.0000" });
    expect(state.sessionId).toBe("s1");
    expect(state.acknowledged).toBe(true);
    expect(state.user).toMatchObject({ id: "u1", content: "do you have a standing desk?" });
    expect(state.assistant).toMatchObject({ id: "a1", status: "complete", content: "Yes, the **Standing Desk** costs $499.00." });
    expect(state.assistant.productCards).toHaveLength(1);
    expect(state.assistant.proposal?.productId).toBe("p1");
    expect(state.credits).toBe(3900);
    expect(isTurnActive(state)).toBe(false);
  });

  it("keeps the partial answer when stopped and ignores anything that arrives after", () => {
    const state = run(turn("s1"), [
      meta,
      { event: "delta", data: { text: "1. Standing Desk" } },
      { event: "aborted" },
      { event: "delta", data: { text: " — late" } },
      { event: "done", data: { usage, costCents: "0.0000", credits: 3900, provider: "local", model: "local", status: "assistant" } },
    ]);
    expect(state.phase).toBe("aborted");
    expect(state.assistant).toMatchObject({ content: "1. Standing Desk", status: "aborted" });
    expect(state.credits).toBeNull();
  });

  it("notes a Stop pressed before the server acknowledged the turn, which goes on until the stream is cut", () => {
    const waiting = run(turn("s1"), [{ event: "stop-requested" }]);
    expect(waiting).toMatchObject({ phase: "sending", stopRequested: true });
    expect(isTurnActive(waiting)).toBe(true);
    // Cut once `meta` named the stored messages: the stopped answer carries the ids the server keeps it under.
    const stopped = run(waiting, [meta, { event: "aborted" }]);
    expect(stopped.phase).toBe("aborted");
    expect(stopped.assistant).toMatchObject({ id: "a1", status: "aborted" });
    expect(turn("s1").stopRequested).toBe(false);
  });

  it("turns an error event into a retryable failure that keeps the partial text", () => {
    const state = run(turn("s1"), [meta, { event: "delta", data: { text: "Half" } }, { event: "error", data: { error: "upstream_error", detail: "x" } }]);
    expect(state.phase).toBe("error");
    expect(state.assistant).toMatchObject({ content: "Half", status: "error" });
    expect(state.failure).toMatchObject({ code: "upstream_error", retryable: true });
  });
});

describe("describeFailure", () => {
  it("says plainly that credits ran out and that retrying will not help", () => {
    expect(describeFailure({ code: "insufficient_credits", status: 402 })).toMatchObject({ retryable: false });
    expect(describeFailure({ status: 402 }).detail).toMatch(/out of credits/);
    expect(describeFailure({ code: "invalid_request", detail: "Message is too long." })).toEqual({
      code: "invalid_request",
      detail: "Message is too long.",
      retryable: false,
    });
    expect(describeFailure({ code: "upstream_error", status: 502 }).retryable).toBe(true);
    expect(describeFailure({ code: "upstream_error", detail: "Credits were refunded." }).detail).toBe("Credits were refunded.");
    expect(describeFailure({ code: "network" }).retryable).toBe(true);
  });
});

describe("turnRequest", () => {
  it("posts a send to /api/chat, a regeneration and an edit to their message", () => {
    expect(turnRequest({ message: "hi", sessionId: null })).toEqual({ path: "/api/chat", body: { message: "hi" } });
    expect(turnRequest({ message: "hi", sessionId: "s1" })).toEqual({ path: "/api/chat", body: { message: "hi", sessionId: "s1" } });
    expect(turnRequest({ message: "hi", sessionId: "s1", branch: { kind: "regenerate", answerId: "a/1", questionId: "q1" } })).toEqual({
      path: "/api/chat/messages/a%2F1/regenerate",
      body: {},
    });
    expect(turnRequest({ message: "new text", sessionId: "s1", branch: { kind: "edit", messageId: "u1" } })).toEqual({
      path: "/api/chat/messages/u1/edit",
      body: { message: "new text" },
    });
  });

  it("reads a refusal of a regeneration or an edit in the server's own words", () => {
    const busy = "A person of the team is handling this conversation; answers cannot be regenerated or messages edited now.";
    expect(describeFailure({ code: "conflict", detail: busy, status: 409 })).toEqual({ code: "conflict", detail: busy, retryable: false });
    expect(describeFailure({ status: 409 }).retryable).toBe(false);
  });
});

describe("conversationMessages", () => {
  const history = [stored({ id: "old-u", role: "user", content: "hi" }), stored({ id: "old-a", role: "assistant", content: "hello" })];

  it("appends the turn in flight to the history of its session only", () => {
    const state = run(turn("s1"), [meta, { event: "delta", data: { text: "Yes" } }]);
    expect(conversationMessages({ history, turn: state, sessionId: "s1" }).map((m) => m.id)).toEqual(["old-u", "old-a", "u1", "a1"]);
    expect(conversationMessages({ history, turn: state, sessionId: "other" }).map((m) => m.id)).toEqual(["old-u", "old-a"]);
  });

  it("shows a brand-new chat's turn before the server named its session", () => {
    const state = turn(null);
    expect(conversationMessages({ history: [], turn: state, sessionId: null }).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("shows each message once when the refetched history already holds the turn", () => {
    const state = run(turn("s1"), [meta, { event: "delta", data: { text: "Yes" } }, { event: "done", data: { usage, costCents: "0.0000", credits: 1, provider: "local", model: "local", status: "assistant" } }]);
    const refetched = [...history, stored({ id: "u1", role: "user", content: "q" }), stored({ id: "a1", role: "assistant", content: "Yes, stored" })];
    const shown = conversationMessages({ history: refetched, turn: state, sessionId: "s1" });
    expect(shown.map((m) => m.id)).toEqual(["old-u", "old-a", "u1", "a1"]);
    expect(shown[3]?.content).toBe("Yes, stored");
  });

  it("prefers the local copy while the server still marks the answer streaming", () => {
    const live = run(turn("s1"), [meta, { event: "delta", data: { text: "Longer partial" } }]);
    const refetched = [stored({ id: "u1", role: "user" }), stored({ id: "a1", role: "assistant", content: "Long", status: "streaming" })];
    expect(conversationMessages({ history: refetched, turn: live, sessionId: "s1" })[1]).toMatchObject({ content: "Longer partial" });
  });

  it("prefers the local copy while the server has not yet finalised a stopped answer", () => {
    const state = run(turn("s1"), [meta, { event: "delta", data: { text: "Part" } }, { event: "aborted" }]);
    const refetched = [stored({ id: "u1", role: "user" }), stored({ id: "a1", role: "assistant", content: "Pa", status: "streaming" })];
    const shown = conversationMessages({ history: refetched, turn: state, sessionId: "s1" });
    expect(shown[1]).toMatchObject({ id: "a1", content: "Part", status: "aborted" });
  });

  it("after Stop shows what the server stored once it settled, even an answer it had already finished", () => {
    const state = run(turn("s1"), [meta, { event: "delta", data: { text: "Part" } }, { event: "aborted" }]);
    const finished = [stored({ id: "u1", role: "user" }), stored({ id: "a1", role: "assistant", content: "Part and the rest.", status: "complete" })];
    expect(conversationMessages({ history: finished, turn: state, sessionId: "s1" })[1]).toMatchObject({ content: "Part and the rest.", status: "complete" });
    const cut = [stored({ id: "u1", role: "user" }), stored({ id: "a1", role: "assistant", content: "Part and", status: "aborted" })];
    expect(conversationMessages({ history: cut, turn: state, sessionId: "s1" })[1]).toMatchObject({ content: "Part and", status: "aborted" });
  });

  it("hides a turn the server refused before acknowledging it", () => {
    const state = run(turn("s1"), [{ event: "failed", failure: describeFailure({ status: 402 }) }]);
    expect(conversationMessages({ history, turn: state, sessionId: "s1" }).map((m) => m.id)).toEqual(["old-u", "old-a"]);
  });

  describe("a new branch", () => {
    const thread = [
      stored({ id: "q1", role: "user", content: "desks?", parentId: null }),
      stored({ id: "a1", role: "assistant", content: "Old answer", parentId: "q1" }),
      stored({ id: "q2", role: "user", content: "chairs?", parentId: "a1" }),
      stored({ id: "a2", role: "assistant", content: "Chairs answer", parentId: "q2" }),
    ];
    const regenerate = (id: string, questionId: string) =>
      startTurn({ message: "desks?", sessionId: "s1", localId: "2", now: NOW, branch: { kind: "regenerate", answerId: id, questionId } });
    const regenMeta: ChatEvent = { event: "meta", data: { sessionId: "s1", userMessageId: "q1", assistantMessageId: "a1b" } };

    it("streams a regenerated answer in place of the old one and of everything after it, the question shown once", () => {
      const waiting = regenerate("a1", "q1");
      expect(conversationMessages({ history: thread, turn: waiting, sessionId: "s1" }).map((m) => m.id)).toEqual(["q1", "local-assistant-2"]);
      const streaming = run(waiting, [regenMeta, { event: "delta", data: { text: "New" } }]);
      const shown = conversationMessages({ history: thread, turn: streaming, sessionId: "s1" });
      expect(shown.map((m) => [m.id, m.content])).toEqual([
        ["q1", "desks?"],
        ["a1b", "New"],
      ]);
    });

    it("shows the stored new branch as it is once the history holds it", () => {
      const done = run(regenerate("a1", "q1"), [regenMeta, { event: "delta", data: { text: "New" } }, { event: "done", data: { usage, costCents: "0", credits: 1, provider: "local", model: "local", status: "assistant" } }]);
      const refetched = [thread[0]!, stored({ id: "a1b", role: "assistant", content: "New, stored", parentId: "q1", versions: ["a1", "a1b"] })];
      expect(conversationMessages({ history: refetched, turn: done, sessionId: "s1" })).toEqual(refetched);
    });

    it("puts an edited message and its answer where the original was", () => {
      const edit = startTurn({ message: "lamps?", sessionId: "s1", localId: "3", now: NOW, branch: { kind: "edit", messageId: "q2" } });
      const state = run(edit, [{ event: "meta", data: { sessionId: "s1", userMessageId: "q2b", assistantMessageId: "a2b" } }]);
      expect(conversationMessages({ history: thread, turn: state, sessionId: "s1" }).map((m) => [m.id, m.content])).toEqual([
        ["q1", "desks?"],
        ["a1", "Old answer"],
        ["q2b", "lamps?"],
        ["a2b", ""],
      ]);
    });

    it("leaves the conversation as it was when the server refused the branch before storing anything", () => {
      const refused = run(regenerate("a2", "q2"), [{ event: "failed", failure: describeFailure({ status: 402 }) }]);
      expect(conversationMessages({ history: thread, turn: refused, sessionId: "s1" })).toEqual(thread);
    });

    it("adds nothing once settled: another version shown afterwards is exactly the history", () => {
      const done = run(regenerate("a1", "q1"), [regenMeta, { event: "done", data: { usage, costCents: "0", credits: 1, provider: "local", model: "local", status: "assistant" } }]);
      const settled = settleTurn(done);
      expect(settled.settled).toBe(true);
      // Back on the first version: the old answer is shown again, without the turn's.
      const first = [thread[0]!, stored({ id: "a1", role: "assistant", content: "Old answer", parentId: "q1", versions: ["a1", "a1b"] })];
      expect(conversationMessages({ history: first, turn: settled, sessionId: "s1" })).toEqual(first);
      // Unsettled, the same history would have been cut at the old answer.
      expect(conversationMessages({ history: first, turn: done, sessionId: "s1" }).map((m) => m.id)).toEqual(["q1", "a1b"]);
    });

    it("never settles a turn still being written", () => {
      const streaming = run(regenerate("a1", "q1"), [regenMeta]);
      expect(settleTurn(streaming)).toBe(streaming);
      const plain = run(turn("s1"), [meta, { event: "done", data: { usage, costCents: "0", credits: 1, provider: "local", model: "local", status: "assistant" } }]);
      expect(conversationMessages({ history, turn: settleTurn(plain), sessionId: "s1" }).map((m) => m.id)).toEqual(["old-u", "old-a"]);
    });
  });

  it("hides system and tool messages", () => {
    const withTool = [...history, stored({ id: "t", role: "tool", content: "{}" }), stored({ id: "s", role: "system", content: "x" })];
    expect(conversationMessages({ history: withTool, turn: null, sessionId: "s1" }).map((m) => m.id)).toEqual(["old-u", "old-a"]);
  });
});
