import { createElement, Suspense } from "react";
import { prerender } from "react-dom/static";
import { describe, expect, it, vi } from "vitest";
import { lazyModule, type LazyModule } from "./lazy-module";

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
});
