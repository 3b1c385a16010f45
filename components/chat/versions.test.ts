import { describe, expect, it } from "vitest";
import { versionPosition } from "./versions";

describe("versionPosition", () => {
  it("places a message among its versions, oldest first", () => {
    expect(versionPosition({ id: "b", versions: ["a", "b", "c"] })).toEqual({ number: 2, total: 3, previousId: "a", nextId: "c" });
    expect(versionPosition({ id: "a", versions: ["a", "b"] })).toEqual({ number: 1, total: 2, previousId: null, nextId: "b" });
    expect(versionPosition({ id: "b", versions: ["a", "b"] })).toEqual({ number: 2, total: 2, previousId: "a", nextId: null });
  });

  it("is null for a message with one version, or a list that does not hold it", () => {
    expect(versionPosition({ id: "a", versions: null })).toBeNull();
    expect(versionPosition({ id: "a" })).toBeNull();
    expect(versionPosition({ id: "a", versions: ["a"] })).toBeNull();
    expect(versionPosition({ id: "x", versions: ["a", "b"] })).toBeNull();
  });
});
