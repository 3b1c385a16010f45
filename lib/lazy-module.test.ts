import { describe, expect, it, vi } from "vitest";
import { lazyModule } from "./lazy-module";

// React's `use` outside a component: it suspends by throwing, so this records the promise a read hands it.
const read = vi.hoisted(() => ({ promise: null as Promise<unknown> | null }));
vi.mock("react", async (original) => ({
  ...(await original<typeof import("react")>()),
  use: (promise: Promise<unknown>) => {
    read.promise = promise;
    throw promise;
  },
}));

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
    const load = vi
      .fn<() => Promise<{ answer: number }>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockResolvedValueOnce({ answer: 7 });
    const lazy = lazyModule(load);
    await expect(lazy.preload()).rejects.toThrow("offline");
    expect(lazy.loaded()).toBeUndefined();
    await expect(lazy.preload()).resolves.toEqual({ answer: 7 });
    expect(load).toHaveBeenCalledTimes(2);
    expect(lazy.use()).toEqual({ answer: 7 });
  });

  it("after a failed download, a read throws that failure instead of downloading again; preload tries again", async () => {
    const load = vi
      .fn<() => Promise<{ answer: number }>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockResolvedValueOnce({ answer: 9 });
    const lazy = lazyModule(load);
    // The first read starts the download and suspends on it.
    expect(() => lazy.use()).toThrow();
    await expect(read.promise).rejects.toThrow("offline");
    // Read again (React retries the render): the same failure, for the error boundary, and no new download.
    expect(() => lazy.use()).toThrow();
    await expect(read.promise).rejects.toThrow("offline");
    expect(() => lazy.use()).toThrow();
    expect(load).toHaveBeenCalledTimes(1);
    // A retry is explicit.
    await expect(lazy.preload()).resolves.toEqual({ answer: 9 });
    expect(load).toHaveBeenCalledTimes(2);
    expect(lazy.use()).toEqual({ answer: 9 });
  });
});
