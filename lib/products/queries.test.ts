import { describe, expect, it } from "vitest";
import { UNSEARCHABLE } from "@/lib/shops/filters";
import { toPrefixTsquery } from "./queries";

describe("toPrefixTsquery", () => {
  it("builds safe tsqueries: the last word a prefix from three characters, the words before it whole words", () => {
    expect(toPrefixTsquery("Keyb's  <desk>!")).toBe("keyb & s & desk:*");
    expect(toPrefixTsquery("wireless keyb")).toBe("wireless & keyb:*");
    expect(toPrefixTsquery("café 4k")).toBe("café & 4k");
    expect(toPrefixTsquery("de")).toBe("de");
    expect(toPrefixTsquery("des")).toBe("des:*");
    expect(toPrefixTsquery("standing de")).toBe("standing & de");
    // Something asked for that no product's words can be: a search that matches nothing, not no search.
    expect(toPrefixTsquery("'&|!():*")).toBe(UNSEARCHABLE);
    expect(toPrefixTsquery("🌮")).toBe(UNSEARCHABLE);
    expect(toPrefixTsquery("   ")).toBeNull();
    expect(toPrefixTsquery(`${"x".repeat(80)}`)).toBe(`${"x".repeat(64)}:*`);
  });
});
