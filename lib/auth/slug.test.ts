import { describe, expect, it } from "vitest";
import { nextFreeSlug, slugify } from "./slug";

describe("slugify", () => {
  it.each([
    ["Demo Outfitters", "demo-outfitters"],
    ["Café Démo & Co.", "cafe-demo-co"],
    ["  --Hello,   World!--  ", "hello-world"],
    ["東京", "business"],
    ["a".repeat(80), "a".repeat(48)],
    // A storefront address has at least 3 characters: the admin could not have typed "xy" themselves.
    ["XY", "xy-shop"],
    ["Q!", "q-shop"],
    ["ABC", "abc"],
  ])("%s → %s", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe("nextFreeSlug", () => {
  it("adds the first free numeric suffix", () => {
    expect(nextFreeSlug("acme", new Set())).toBe("acme");
    expect(nextFreeSlug("acme", new Set(["acme"]))).toBe("acme-2");
    expect(nextFreeSlug("acme", new Set(["acme", "acme-2", "acme-3"]))).toBe("acme-4");
  });
});
