import { zodResolver } from "@hookform/resolvers/zod";
import type { Resolver } from "react-hook-form";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { lazyResolver } from "./lazy-resolver";

const schema = z.object({ email: z.email("Enter a valid email address.") });
type Values = z.input<typeof schema>;
const options = { fields: {}, shouldUseNativeValidation: false } as Parameters<Resolver<Values>>[2];

describe("lazyResolver", () => {
  it("validates with the rules once they have loaded, downloading them once", async () => {
    const load = vi.fn(async () => zodResolver(schema));
    const rules = lazyResolver(load);
    expect(load).not.toHaveBeenCalled();
    rules.preload();
    const refused = await rules.resolver({ email: "nope" }, undefined, options);
    expect(refused.errors.email?.message).toBe("Enter a valid email address.");
    const accepted = await rules.resolver({ email: "ada@example.com" }, undefined, options);
    expect(accepted.errors).toEqual({});
    expect(accepted.values).toEqual({ email: "ada@example.com" });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("says so on the form when the rules cannot be downloaded, and the next check tries again", async () => {
    const load = vi
      .fn<() => Promise<Resolver<Values, unknown, z.output<typeof schema>>>>()
      .mockRejectedValueOnce(new Error("Failed to load chunk"))
      .mockResolvedValueOnce(zodResolver(schema));
    const rules = lazyResolver(load);
    const offline = await rules.resolver({ email: "ada@example.com" }, undefined, options);
    expect(offline.values).toEqual({});
    expect(offline.errors.root?.message).toBe("Cannot reach the server. Check your connection.");
    const online = await rules.resolver({ email: "ada@example.com" }, undefined, options);
    expect(online.errors).toEqual({});
    expect(load).toHaveBeenCalledTimes(2);
  });
});
