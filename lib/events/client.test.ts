import { afterEach, describe, expect, it, vi } from "vitest";
import { connectEventStream } from "./client";

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

afterEach(() => {
  vi.useRealTimers();
});

describe("connectEventStream", () => {
  it("starts from the given position, resumes at once after a stream that served a while ended, and waits after one that ended at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    const bodies: ReadableStreamDefaultController<Uint8Array>[] = [];
    const asked: (string | null)[] = [];
    const fakeFetch: typeof fetch = async (_url, init) => {
      asked.push(new Headers(init?.headers).get("last-event-id"));
      return new Response(new ReadableStream<Uint8Array>({ start: (controller) => void bodies.push(controller) }), { status: 200 });
    };
    const connection = connectEventStream({ authorization: async () => "Bearer t", handlers: { onEvent: () => {}, onResync: () => {} }, fetch: fakeFetch, retryMs: 1_000, from: "5" });
    await settle();
    expect(asked).toEqual(["5"]);

    // Served for longer than the retry wait, then ended by the server (as at its token's expiry).
    vi.setSystemTime(Date.now() + 1_500);
    bodies[0]!.enqueue(new TextEncoder().encode("id: 7\nevent: ready\ndata: {}\n\n"));
    bodies[0]!.close();
    await settle();
    expect(asked).toEqual(["5", "7"]);

    // Ended as soon as it opened: the next try waits.
    bodies[1]!.close();
    await settle();
    expect(asked).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(asked).toEqual(["5", "7", "7"]);
    connection.close();
  });

  it("a connect refused as expired is tried again at once with the renewed authorization; without one it is not", async () => {
    const sent: string[] = [];
    const fakeFetch: typeof fetch = async (_url, init) => {
      const authorization = new Headers(init?.headers).get("authorization")!;
      sent.push(authorization);
      if (authorization === "Bearer old") return new Response(JSON.stringify({ error: "unauthorized" }), { status: 401 });
      return new Response(new ReadableStream<Uint8Array>({ start: () => {} }), { status: 200 });
    };
    const renewedFrom: string[] = [];
    const connection = connectEventStream({
      authorization: async () => "Bearer old",
      handlers: { onEvent: () => {}, onResync: () => {} },
      fetch: fakeFetch,
      renewAuthorization: async (refused) => {
        renewedFrom.push(refused);
        return "Bearer new";
      },
    });
    await settle();
    expect(sent).toEqual(["Bearer old", "Bearer new"]);
    expect(renewedFrom).toEqual(["Bearer old"]);
    connection.close();

    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const refused: string[] = [];
    const giveUp = connectEventStream({
      authorization: async () => "Bearer old",
      handlers: { onEvent: () => {}, onResync: () => {} },
      fetch: async (url, init) => {
        refused.push(new Headers(init?.headers).get("authorization")!);
        return fakeFetch(url, init);
      },
      renewAuthorization: async () => null,
    });
    await settle();
    expect(refused).toEqual(["Bearer old"]);
    giveUp.close();
  });

  it("with no authorization to be had yet (a token that could not be minted), asks again after the wait instead of giving up", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    let asked = 0;
    const sent: string[] = [];
    const connection = connectEventStream({
      authorization: async () => (++asked === 1 ? null : "Bearer t"),
      handlers: { onEvent: () => {}, onResync: () => {} },
      fetch: async (_url, init) => {
        sent.push(new Headers(init?.headers).get("authorization")!);
        return new Response(new ReadableStream<Uint8Array>({ start: () => {} }), { status: 200 });
      },
      retryMs: 1_000,
    });
    await settle();
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    await settle();
    expect(sent).toEqual(["Bearer t"]);
    connection.close();
  });
});
