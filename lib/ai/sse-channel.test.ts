import { describe, expect, it, vi } from "vitest";
import { preencoded, sseChannel } from "./sse";

async function readAll(response: Response, chunks = Infinity): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let read = 0; read < chunks; read++) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe("sseChannel", () => {
  it("starts with retry, writes events as sent (one chunk per turn of the event loop) and a heartbeat comment on schedule", async () => {
    vi.useFakeTimers();
    try {
      const channel = sseChannel({ retryMs: 3000, heartbeatMs: 15_000 });
      channel.send({ event: "ready", id: "7", data: {} });
      channel.send(preencoded({ event: "message", id: "8", data: { n: 1 } }));
      await Promise.resolve();
      vi.advanceTimersByTime(15_000);
      await Promise.resolve();
      channel.close();
      const text = await readAll(channel.response);
      expect(text).toBe('retry: 3000\n\nid: 7\nevent: ready\ndata: {}\n\nid: 8\nevent: message\ndata: {"n":1}\n\n: keep-alive\n\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it("closes a stream whose reader falls too far behind, and says so once", async () => {
    const onClose = vi.fn();
    const channel = sseChannel({ maxBufferedBytes: 1_000, onClose });
    const big = { event: "message", data: { text: "x".repeat(600) } };
    expect(channel.send(big)).toBe(true);
    await Promise.resolve();
    expect(channel.send(big)).toBe(true);
    await Promise.resolve();
    // Over 1,000 bytes waiting for a reader that never reads: closed.
    expect(channel.send(big)).toBe(false);
    expect(onClose).toHaveBeenCalledTimes(1);
    channel.close();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("runs onClose when the reader goes away", async () => {
    const onClose = vi.fn();
    const channel = sseChannel({ onClose });
    await channel.response.body!.cancel();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(channel.send({ event: "message", data: {} })).toBe(false);
  });
});
