import { describe, expect, it } from "vitest";
import { knownTimeZone } from "./time-zone";

describe("knownTimeZone", () => {
  it("accepts the zones Intl knows, in their canonical spelling", () => {
    expect(knownTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(knownTimeZone("UTC")).toBe("UTC");
  });

  it("refuses anything else, so a cookie cannot choose what the server prints", () => {
    expect(knownTimeZone("Mars/Olympus")).toBeNull();
    expect(knownTimeZone("")).toBeNull();
    expect(knownTimeZone(undefined)).toBeNull();
    expect(knownTimeZone(`Europe/${"x".repeat(80)}`)).toBeNull();
  });
});
