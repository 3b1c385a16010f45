import { getEventListeners } from "node:events";
import { createElement, Suspense } from "react";
import { prerender } from "react-dom/static";
import { describe, expect, it, vi } from "vitest";
import { downloadAgainDelayMs, downloadFailures, downloadUntilLanded, lazyModule, type LazyModule } from "./lazy-module";

/** Renders a component that reads `lazy` under Suspense, as React does, waiting for every read to settle. */
async function renderReading(lazy: LazyModule<{ answer: number }>): Promise<{ html: string; errors: unknown[] }> {
  const errors: unknown[] = [];
  const Reader = () => createElement("p", null, `answer ${lazy.use().answer}`);
  const { prelude } = await prerender(createElement(Suspense, { fallback: "loading" }, createElement(Reader)), {
    onError: (error) => void errors.push(error),
  });
  return { html: await new Response(prelude).text(), errors };
}

/** A download that fails ("offline") the first time and brings `module` the next. */
function failingOnceThen(module: { answer: number }) {
  return vi.fn<() => Promise<{ answer: number }>>().mockRejectedValueOnce(new Error("offline")).mockResolvedValueOnce(module);
}

describe("lazyModule", () => {
  it("downloads once however often it is preloaded, and reads the module at once after that", async () => {
    const load = vi.fn(async () => ({ answer: 42 }));
    const lazy = lazyModule(load);
    expect(lazy.loaded()).toBeUndefined();
    expect(load).not.toHaveBeenCalled();
    const [first, second] = await Promise.all([lazy.preload(), lazy.preload()]);
    expect(first).toBe(second);
    expect(load).toHaveBeenCalledTimes(1);
    expect(lazy.use()).toEqual({ answer: 42 });
    expect(lazy.loaded()).toBe(first);
    await lazy.preload();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("tries again after a failed download", async () => {
    const load = failingOnceThen({ answer: 7 });
    const lazy = lazyModule(load);
    await expect(lazy.preload()).rejects.toThrow("offline");
    expect(lazy.loaded()).toBeUndefined();
    await expect(lazy.preload()).resolves.toEqual({ answer: 7 });
    expect(load).toHaveBeenCalledTimes(2);
    expect(lazy.use()).toEqual({ answer: 7 });
  });

  it("after a failed download, a read throws that failure instead of downloading again; preload tries again", async () => {
    const load = failingOnceThen({ answer: 9 });
    const lazy = lazyModule(load);
    // The read starts the download, suspends, and when it fails React reads again: it gets the failure
    // (for the error boundary), and no second download is started.
    const failed = await renderReading(lazy);
    expect(failed.errors.map((error) => (error as Error).message)).toEqual(["offline"]);
    expect(failed.html).not.toContain("answer");
    expect(load).toHaveBeenCalledTimes(1);
    // A retry is explicit.
    await expect(lazy.preload()).resolves.toEqual({ answer: 9 });
    expect(load).toHaveBeenCalledTimes(2);
    const loaded = await renderReading(lazy);
    expect(loaded).toEqual({ html: expect.stringContaining("answer 9"), errors: [] });
  });

  it("tells a failed download, which downloading again may mend, from a failure of rendering with the code here", async () => {
    const offline = new Error("offline");
    const lazy = lazyModule(vi.fn<() => Promise<{ answer: number }>>().mockRejectedValueOnce(offline).mockResolvedValueOnce({ answer: 5 }));
    const failed = await renderReading(lazy);
    expect(failed.errors).toEqual([offline]);
    expect(downloadFailures.has(failed.errors[0] as object)).toBe(true);
    await lazy.preload();
    const rendering = new Error("the renderer failed on this text");
    expect([rendering, "offline", null, undefined].map((error) => downloadFailures.has(error as object))).toEqual([false, false, false, false]);
  });

  it("a part left out downloads its code again after each failure, waiting longer each time, until it lands", async () => {
    const load = vi
      .fn<() => Promise<{ answer: number }>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockRejectedValueOnce(new Error("offline"))
      .mockResolvedValueOnce({ answer: 3 });
    const lazy = lazyModule(load);
    const waits: number[] = [];
    const landed = await downloadUntilLanded(lazy, new AbortController().signal, async (attempt) => void waits.push(downloadAgainDelayMs(attempt)));
    expect(landed).toBe(true);
    expect(load).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([2_000, 4_000]);
    expect(lazy.loaded()).toEqual({ answer: 3 });
    expect([5, 6, 20].map(downloadAgainDelayMs)).toEqual([60_000, 60_000, 60_000]);
  });

  it("stops downloading again once the part that wanted the code is gone", async () => {
    const load = vi.fn<() => Promise<{ answer: number }>>().mockRejectedValue(new Error("offline"));
    const gone = new AbortController();
    const landed = await downloadUntilLanded(lazyModule(load), gone.signal, async (attempt) => {
      if (attempt === 1) gone.abort();
    });
    expect(landed).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("waits out the delay by default, and no longer than until the wait is given up; a wait leaves no listener behind", async () => {
    vi.useFakeTimers();
    try {
      const load = vi.fn<() => Promise<{ answer: number }>>().mockRejectedValueOnce(new Error("offline")).mockResolvedValueOnce({ answer: 1 });
      const kept = new AbortController();
      const landing = downloadUntilLanded(lazyModule(load), kept.signal);
      await vi.advanceTimersByTimeAsync(1_999);
      expect(load).toHaveBeenCalledTimes(1);
      expect(getEventListeners(kept.signal, "abort")).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      await expect(landing).resolves.toBe(true);
      expect(load).toHaveBeenCalledTimes(2);
      // The wait that ran out no longer listens for the part going away.
      expect(getEventListeners(kept.signal, "abort")).toHaveLength(0);

      const gone = new AbortController();
      const waiting = downloadUntilLanded(lazyModule(vi.fn<() => Promise<{ answer: number }>>().mockRejectedValue(new Error("offline"))), gone.signal);
      await vi.advanceTimersByTimeAsync(100);
      gone.abort();
      await expect(waiting).resolves.toBe(false);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
