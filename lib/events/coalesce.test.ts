import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CoalescingWriter, type Piece } from "./coalesce";

const INTERVAL = 25;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const piece = (text: string): Piece => ({ encoded: encoder.encode(text) });

let clock = 0;

function fail(error: unknown): never {
  throw error;
}

function writer(onError: (error: unknown) => void = (error) => fail(error)) {
  return new CoalescingWriter({ intervalMs: INTERVAL, now: () => clock, onError });
}

/** A stream's writes, as text. */
function recorder() {
  const writes: Uint8Array[] = [];
  return { writes, write: (bytes: Uint8Array) => writes.push(bytes), text: () => writes.map((bytes) => decoder.decode(bytes)) };
}

/** Lets queued microtasks run. */
const settle = () => Promise.resolve().then(() => undefined);

function advance(ms: number) {
  clock += ms;
  vi.advanceTimersByTime(ms);
}

beforeEach(() => {
  clock = 1_000;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("CoalescingWriter", () => {
  it("when idle, writes what one task sent at once, as one write after that task", async () => {
    const fanOut = writer();
    const stream = recorder();
    const outbox = fanOut.open(stream.write);
    outbox.send(piece("a"));
    outbox.send(piece("b"));
    expect(stream.writes).toHaveLength(0);
    await settle();
    expect(stream.text()).toEqual(["ab"]);
  });

  it("under load, writes each stream at most once per interval, with everything that came meanwhile", async () => {
    const fanOut = writer();
    const stream = recorder();
    const outbox = fanOut.open(stream.write);
    outbox.send(piece("1"));
    await settle();
    advance(5);
    outbox.send(piece("2"));
    await settle();
    advance(10);
    outbox.send(piece("3"));
    await settle();
    expect(stream.text()).toEqual(["1"]);
    advance(9);
    expect(stream.text()).toEqual(["1"]);
    advance(1);
    expect(stream.text()).toEqual(["1", "23"]);
    // Quiet for longer than the interval: the next one leaves at once again.
    advance(INTERVAL * 2);
    outbox.send(piece("4"));
    await settle();
    expect(stream.text()).toEqual(["1", "23", "4"]);
  });

  it("keeps each stream's order and loses nothing under a burst across many streams", async () => {
    const fanOut = writer();
    const streams = Array.from({ length: 50 }, () => ({ ...recorder(), sent: [] as string[] }));
    const outboxes = streams.map((stream) => fanOut.open(stream.write));
    let n = 0;
    for (let round = 0; round < 200; round++) {
      // Each round, most streams get an event they share with the others, some also one of their own.
      const shared = piece(`s${round};`);
      streams.forEach((stream, i) => {
        if ((round * 7 + i) % 3 === 0) return;
        outboxes[i]!.send(shared);
        stream.sent.push(`s${round};`);
        if ((round + i) % 5 === 0) {
          const own = `o${n++};`;
          outboxes[i]!.send(piece(own));
          stream.sent.push(own);
        }
      });
      await settle();
      advance(round % 4 === 0 ? 30 : 3);
    }
    advance(INTERVAL);
    for (const stream of streams) {
      expect(stream.text().join("")).toBe(stream.sent.join(""));
      // Coalesced: far fewer writes than events.
      expect(stream.writes.length).toBeLessThan(stream.sent.length / 2);
    }
  });

  it("streams owed the same events get the same bytes, joined once", async () => {
    const fanOut = writer();
    const [one, two, three] = [recorder(), recorder(), recorder()];
    const [a, b, c] = [piece("a"), piece("b"), piece("c")];
    const outboxes = [one, two, three].map((stream) => fanOut.open(stream.write));
    for (const outbox of outboxes.slice(0, 2)) {
      outbox.send(a);
      outbox.send(b);
    }
    outboxes[2]!.send(a);
    outboxes[2]!.send(c);
    await settle();
    expect(one.writes[0]).toBe(two.writes[0]);
    expect(three.text()).toEqual(["ac"]);
  });

  it("a closed outbox drops what it held and writes nothing more", async () => {
    const fanOut = writer();
    const stream = recorder();
    const other = recorder();
    const outbox = fanOut.open(stream.write);
    const otherOutbox = fanOut.open(other.write);
    outbox.send(piece("a"));
    otherOutbox.send(piece("x"));
    outbox.close();
    outbox.send(piece("b"));
    await settle();
    expect(stream.writes).toEqual([]);
    expect(other.text()).toEqual(["x"]);
  });

  it("a stream whose write throws is reported; the others still get their events", async () => {
    const errors: unknown[] = [];
    const fanOut = writer((error) => errors.push(error));
    const good = recorder();
    const broken = fanOut.open(() => {
      throw new Error("socket gone");
    });
    const outbox = fanOut.open(good.write);
    broken.send(piece("a"));
    outbox.send(piece("a"));
    await settle();
    expect(errors).toHaveLength(1);
    expect(good.text()).toEqual(["a"]);
  });
});
