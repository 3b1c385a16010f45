import { describe, expect, it } from "vitest";
import { toPrefixTsquery } from "./queries";

describe("toPrefixTsquery", () => {
  it("builds safe tsqueries: prefixes from three characters, whole words below", () => {
    expect(toPrefixTsquery("Keyb's  <desk>!")).toBe("keyb:* & s & desk:*");
    expect(toPrefixTsquery("café 4k")).toBe("café:* & 4k");
    expect(toPrefixTsquery("de")).toBe("de");
    expect(toPrefixTsquery("des")).toBe("des:*");
    expect(toPrefixTsquery("'&|!():*")).toBeNull();
  });
});
