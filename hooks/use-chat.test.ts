import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as editPost } from "@/app/api/chat/messages/[id]/edit/route";
import { POST as regeneratePost } from "@/app/api/chat/messages/[id]/regenerate/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { runChatTurn } from "@/lib/chat/turn-client";
import { resetEnv } from "@/lib/env";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import { conversationMessages, startTurn, turnReducer, type ConversationMessage, type TurnAction, type TurnBranch } from "@/lib/chat/stream-client";
import { createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

/**
 * A regeneration and an edit run through the browser's turn runner exactly like a send: posted to
 * their message's endpoint, their real streams folded by the same reducer, shown in place of what
 * they replace.
 */

vi.mock("@/lib/api-client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api-client")>()),
  getAccessToken: async () => "browser-token",
  renewAccessToken: async () => null,
}));

delete process.env.OPENAI_API_KEY;
resetEnv();

let token: string;
let sessionId: string;
let question: ChatMessageDto;
let answer: ChatMessageDto;

beforeAll(async () => {
  const team = await createTeam();
  const member = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
  token = await tokenFor(member);
  const sent = await callRoute(chatPost, { token, body: { message: "What do you sell?" } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  sessionId = sent.body.sessionId;
  answer = sent.body.message;
  question = { ...answer, id: answer.parentId!, role: "user", content: "What do you sell?", parentId: null };
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function bodyOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      // In two pieces, split mid-event, as a network delivers it.
      controller.enqueue(bytes.slice(0, 40));
      controller.enqueue(bytes.slice(40));
      controller.close();
    },
  });
}

/** Runs the turn in the browser's runner against a stream the real route just produced. */
async function runAgainst(recorded: string, input: { message: string; branch: TurnBranch }) {
  const fetchMock = vi.fn<(path: string, init: RequestInit) => Promise<Response>>(
    async () => new Response(bodyOf(recorded), { headers: { "content-type": "text/event-stream" } }),
  );
  vi.stubGlobal("fetch", fetchMock);
  const actions: TurnAction[] = [];
  const outcome = await runChatTurn({ ...input, sessionId, signal: new AbortController().signal, dispatch: (action) => actions.push(action) });
  const start = startTurn({ ...input, sessionId, localId: "t", now: "2026-01-01T00:00:00.000Z" });
  return { outcome, turn: actions.reduce(turnReducer, start), call: fetchMock.mock.calls[0]! };
}

const shownIds = (messages: ConversationMessage[]) => messages.map((message) => [message.role, message.id]);

describe("runChatTurn with a branch", () => {
  it("regenerates at the answer's own endpoint; the new answer streams in place of the old one under the same question", async () => {
    const streamed = await callRoute(regeneratePost, { token, params: { id: answer.id }, body: {}, headers: { accept: "text/event-stream" } });
    expect(streamed.status).toBe(200);

    const { outcome, turn, call } = await runAgainst(streamed.text, {
      message: question.content,
      branch: { kind: "regenerate", answerId: answer.id, questionId: question.id },
    });
    expect(outcome).toEqual({ sent: true, acknowledged: true, phase: "done" });
    expect(call[0]).toBe(`/api/chat/messages/${answer.id}/regenerate`);
    expect(call[1]).toMatchObject({ method: "POST", body: "{}", headers: expect.objectContaining({ Accept: "text/event-stream" }) });
    expect(turn).toMatchObject({ phase: "done", acknowledged: true, credits: expect.any(Number) });
    expect(turn.user.id).toBe(question.id);
    expect(turn.assistant.id).not.toBe(answer.id);
    expect(turn.assistant.content).not.toBe("");

    const shown = conversationMessages({ history: [question, answer], turn, sessionId });
    expect(shownIds(shown)).toEqual([
      ["user", question.id],
      ["assistant", turn.assistant.id],
    ]);
  });

  it("sends an edit with its new text; the edited question and its answer take the original's place", async () => {
    const streamed = await callRoute(editPost, {
      token,
      params: { id: question.id },
      body: { message: "Any lamps?" },
      headers: { accept: "text/event-stream" },
    });
    expect(streamed.status).toBe(200);

    const { outcome, turn, call } = await runAgainst(streamed.text, { message: "Any lamps?", branch: { kind: "edit", messageId: question.id } });
    expect(outcome).toMatchObject({ acknowledged: true, phase: "done" });
    expect(call[0]).toBe(`/api/chat/messages/${question.id}/edit`);
    expect(JSON.parse(String(call[1].body))).toEqual({ message: "Any lamps?" });
    expect(turn.user.id).not.toBe(question.id);

    const shown = conversationMessages({ history: [question, answer], turn, sessionId });
    expect(shown.map((message) => message.content.length > 0 && message.role)).toEqual(["user", "assistant"]);
    expect(shown[0]).toMatchObject({ id: turn.user.id, content: "Any lamps?" });
  });
});
