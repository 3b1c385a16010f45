import { describe, expect, it, vi } from "vitest";
import { lazyModule } from "./lazy-module";

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
});
