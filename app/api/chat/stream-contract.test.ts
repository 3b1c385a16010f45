import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { resetEnv } from "@/lib/env";
import { chatEventSchema, type ChatEvent } from "@/lib/chat/schemas";
import * as streamClient from "@/lib/chat/stream-client";
import * as streamReader from "@/lib/chat/stream-reader";
import { createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

// The browser's reader, wrapped so the test can see who calls it: the hook must use this very module.
vi.mock("@/lib/chat/stream-reader", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/chat/stream-reader")>();
  return { ...actual, readChatEvents: vi.fn(actual.readChatEvents) };
});
vi.mock("@/lib/api-client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api-client")>()),
  getAccessToken: async () => "browser-token",
  renewAccessToken: async () => null,
}));

delete process.env.OPENAI_API_KEY;
resetEnv();

/** A stream recorded from the real route: a purchase request, so cards, a proposal, text and done all appear. */
let recorded: string;
let desk: { id: string };

beforeAll(async () => {
  const team = await createTeam();
  desk = await createProduct({ businessId: team.business.id, status: "approved", name: "Standing Desk", description: "Desk.", price: "499.00" });
  const viewer = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
  const res = await callRoute(chatPost, {
    token: await tokenFor(viewer),
    headers: { accept: "text/event-stream" },
    body: { message: "buy 2 standing desk" },
  });
  expect(res.status).toBe(200);
  recorded = res.text;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function bodyOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      // Small uneven pieces, as a network delivers them.
      for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
      controller.close();
    },
  });
}

async function readRecorded(): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  const refused: unknown[] = [];
  await streamReader.readChatEvents({ body: bodyOf(recorded), onEvent: (event) => events.push(event), onInvalid: (m) => refused.push(m) });
  expect(refused).toEqual([]);
  return events;
}

describe("the chat stream contract", () => {
  it("every event the route sends parses with the shared event schema", async () => {
    const events = await readRecorded();
    // Nothing was skipped: one parsed event per `event:` line on the wire.
    expect(events).toHaveLength([...recorded.matchAll(/^event: /gm)].length);
    for (const event of events) expect(chatEventSchema.parse(event)).toEqual(event);

    const names = events.map((event) => event.event);
    expect(names[0]).toBe("meta");
    expect(names.at(-1)).toBe("done");
    expect(names).toEqual(expect.arrayContaining(["products", "proposal", "delta"]));
    const proposal = events.find((event) => event.event === "proposal");
    expect(proposal?.data).toEqual({ productId: desk.id, productName: "Standing Desk", quantity: 2, unitPrice: "499.00" });
    const done = events.at(-1);
    expect(done).toMatchObject({ event: "done", data: { costCents: "0.0000", credits: 3900, status: "assistant" } });
  });

  it("the browser's turn runner (lib/chat/turn-client.ts) reads the stream with that same reader", async () => {
    const fetchMock = vi.fn(async () => new Response(bodyOf(recorded), { headers: { "content-type": "text/event-stream; charset=utf-8" } }));
    vi.stubGlobal("fetch", fetchMock);
    // Test files share a worker: another may already have loaded the hook with the real reader, so
    // load it afresh here, where the mock above is what it imports.
    vi.resetModules();
    const freshReader = await import("@/lib/chat/stream-reader");
    const { runChatTurn } = await import("@/lib/chat/turn-client");
    const read = vi.mocked(freshReader.readChatEvents);
    read.mockClear();

    const actions: streamClient.TurnAction[] = [];
    const outcome = await runChatTurn({
      message: "buy 2 standing desk",
      sessionId: null,
      signal: new AbortController().signal,
      dispatch: (action) => actions.push(action),
    });

    expect(read).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual({ sent: true, acknowledged: true, phase: "done" });
    expect(actions).toEqual(await readRecorded());
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/chat",
      expect.objectContaining({
        method: "POST",
        headers: expect.objectContaining({ Accept: "text/event-stream", Authorization: "Bearer browser-token" }),
      }),
    );

    // The reducer the conversation renders from ends where the stream did.
    const start = streamClient.startTurn({ message: "buy 2 standing desk", sessionId: null, localId: "1", now: "2026-01-01T00:00:00.000Z" });
    const turn = actions.reduce(streamClient.turnReducer, start);
    expect(turn).toMatchObject({ phase: "done", acknowledged: true, credits: 3900 });
    expect(turn.assistant.proposal?.productId).toBe(desk.id);
  });
});
