import { describe, expect, it } from "vitest";
import { toPrefixTsquery } from "./queries";

describe("toPrefixTsquery", () => {
  it("builds safe prefix tsqueries", () => {
    expect(toPrefixTsquery("Keyb's  <desk>!")).toBe("keyb:* & s:* & desk:*");
    expect(toPrefixTsquery("café 4k")).toBe("café:* & 4k:*");
    expect(toPrefixTsquery("'&|!():*")).toBeNull();
  });
});
