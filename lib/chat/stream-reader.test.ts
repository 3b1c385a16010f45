import { describe, expect, it } from "vitest";
import type { ChatEvent } from "./schemas";
import { parseChatEvent, readChatEvents } from "./stream-reader";

function bodyOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

describe("parseChatEvent", () => {
  it("validates each event of the contract", () => {
    expect(parseChatEvent({ event: "delta", data: '{"text":"Hi"}' })).toEqual({ event: "delta", data: { text: "Hi" } });
    expect(
      parseChatEvent({ event: "products", data: '{"items":[{"id":"p1","name":"Standing Desk","price":"499.00","category":null}]}' }),
    ).toEqual({ event: "products", data: { items: [{ id: "p1", name: "Standing Desk", price: "499.00", category: null }] } });
    expect(
      parseChatEvent({ event: "proposal", data: '{"productId":"p1","productName":"Desk","quantity":1,"unitPrice":"499.00"}' }),
    ).toEqual({ event: "proposal", data: { productId: "p1", productName: "Desk", quantity: 1, unitPrice: "499.00" } });
    expect(
      parseChatEvent({
        event: "done",
        data: '{"usage":{"promptTokens":10,"completionTokens":2,"totalTokens":12},"costCents":"0.0000","credits":3900,"provider":"local","model":"local","status":"assistant"}',
      })?.event,
    ).toBe("done");
    expect(parseChatEvent({ event: "error", data: '{"error":"aborted","detail":"Stopped."}' })).toEqual({
      event: "error",
      data: { error: "aborted", detail: "Stopped." },
    });
  });

  it("fills what an older server may leave out: a card's category, a proposal's product name", () => {
    expect(parseChatEvent({ event: "products", data: '{"items":[{"id":"p1","name":"Desk","price":"1.00"}]}' })).toEqual({
      event: "products",
      data: { items: [{ id: "p1", name: "Desk", price: "1.00", category: null }] },
    });
    expect(parseChatEvent({ event: "proposal", data: '{"productId":"p1","quantity":2,"unitPrice":"1.00"}' })).toEqual({
      event: "proposal",
      data: { productId: "p1", productName: "this product", quantity: 2, unitPrice: "1.00" },
    });
  });

  it("ignores unknown events, bad JSON and wrong shapes instead of throwing", () => {
    expect(parseChatEvent({ event: "ping", data: "{}" })).toBeNull();
    expect(parseChatEvent({ data: '{"text":"no event name"}' })).toBeNull();
    expect(parseChatEvent({ event: "delta", data: "{not json" })).toBeNull();
    expect(parseChatEvent({ event: "delta", data: '{"text":42}' })).toBeNull();
    expect(parseChatEvent({ event: "proposal", data: '{"productId":"p1","quantity":0,"unitPrice":"1"}' })).toBeNull();
    // `done` carries the whole usage and the cost as a decimal string, `error` a known code.
    expect(parseChatEvent({ event: "done", data: '{"usage":null,"costCents":0,"credits":3900}' })).toBeNull();
    expect(parseChatEvent({ event: "error", data: '{"error":"teapot","detail":"x"}' })).toBeNull();
  });
});

describe("readChatEvents", () => {
  it("parses events split anywhere across chunks, multi-byte characters included", async () => {
    const text = "Café ☕ desk";
    const frame = `event: meta\ndata: {"sessionId":"s1","userMessageId":"u1","assistantMessageId":"a1"}\n\nevent: delta\ndata: ${JSON.stringify({ text })}\n\nevent: done\ndata: {"usage":{"promptTokens":1,"completionTokens":1,"totalTokens":2},"costCents":"0.0000","credits":3900,"provider":"local","model":"local","status":"assistant"}\n\n`;
    const bytes = new TextEncoder().encode(frame);
    // One byte at a time splits every multi-byte character and every line.
    const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
    const events: ChatEvent[] = [];
    await readChatEvents({ body: bodyOf(chunks), onEvent: (event) => events.push(event) });
    expect(events.map((event) => event.event)).toEqual(["meta", "delta", "done"]);
    expect(events[1]).toEqual({ event: "delta", data: { text } });
  });

  it("skips comments and unknown events, reporting the refused ones to whoever asks", async () => {
    const events: ChatEvent[] = [];
    const refused: { event?: string; data: string }[] = [];
    await readChatEvents({
      body: bodyOf([": keep-alive\n\n", "event: ping\ndata: {}\n\n", 'event: delta\ndata: {"text":"ok"}\n\n']),
      onEvent: (event) => events.push(event),
      onInvalid: (message) => refused.push(message),
    });
    expect(events).toEqual([{ event: "delta", data: { text: "ok" } }]);
    expect(refused).toEqual([expect.objectContaining({ event: "ping", data: "{}" })]);
  });

  it("rejects with the stream's error so an abort is seen by the caller", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('event: delta\ndata: {"text":"par"}\n\n'));
        controller.error(new DOMException("The user aborted a request.", "AbortError"));
      },
    });
    await expect(readChatEvents({ body, onEvent: () => undefined })).rejects.toMatchObject({ name: "AbortError" });
  });
});
