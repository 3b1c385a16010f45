import { describe, expect, it } from "vitest";
import { turnGate } from "./turn-gate";

describe("turnGate", () => {
  it("refuses a turn while one is being written, and lets the next in once it is released", async () => {
    const gate = turnGate();
    const first = await gate.acquire();
    expect(first).not.toBeNull();
    expect(await gate.acquire()).toBeNull();
    first!.release();
    expect(await gate.acquire()).not.toBeNull();
  });

  it("makes a turn sent after the server ended the last one wait for its stream to close, then lets it in", async () => {
    const gate = turnGate();
    const first = (await gate.acquire())!;
    first.end();
    let second: Awaited<ReturnType<typeof gate.acquire>> | undefined;
    const waiting = gate.acquire().then((slot) => (second = slot));
    await Promise.resolve();
    // Still closing: the second waits rather than being refused.
    expect(second).toBeUndefined();
    first.release();
    await waiting;
    expect(second).not.toBeNull();
    // And it holds the gate in turn.
    expect(await gate.acquire()).toBeNull();
  });

  it("lets only one of two sends waiting on the same close in", async () => {
    const gate = turnGate();
    const first = (await gate.acquire())!;
    first.end();
    const both = Promise.all([gate.acquire(), gate.acquire()]);
    first.release();
    const [a, b] = await both;
    expect([a, b].filter((slot) => slot !== null)).toHaveLength(1);
  });

  it("a release of an old turn never frees the gate a newer one holds", async () => {
    const gate = turnGate();
    const first = (await gate.acquire())!;
    first.end();
    const next = gate.acquire();
    first.release();
    expect(await next).not.toBeNull();
    first.release();
    expect(await gate.acquire()).toBeNull();
  });
});
