import { describe, expect, it } from "vitest";
import { activeTypers, firstTypingExpiry, typingLabel, withoutTypers, withTyper, type Typer } from "./typers";

const AT_MS = Date.parse("2026-01-01T00:00:00.000Z");

describe("typing", () => {
  const vic: Typer = { kind: "owner", id: "u1", name: "Vic Viewer", expiresAt: new Date(AT_MS + 8_000).toISOString() };
  const bo: Typer = { kind: "agent", id: "a2", name: "Bo", expiresAt: new Date(AT_MS + 3_000).toISOString() };

  it("keeps one signal per person, the latest", () => {
    const renewed = { ...vic, expiresAt: new Date(AT_MS + 10_000).toISOString() };
    expect(withTyper(withTyper(undefined, vic), renewed)).toEqual([renewed]);
    expect(withTyper([vic], bo)).toEqual([vic, bo]);
  });

  it("drops one person, or everyone of a kind", () => {
    expect(withoutTypers([vic, bo], { kind: "owner", id: "u1" })).toEqual([bo]);
    expect(withoutTypers([vic, bo], { kind: "owner", id: "other" })).toEqual([vic, bo]);
    expect(withoutTypers([vic, bo], { kind: "agent" })).toEqual([vic]);
    const ada: Typer = { kind: "agent", id: "a3", name: "Ada", expiresAt: bo.expiresAt };
    expect(withoutTypers([vic, bo, ada], { kind: "agent", name: "Bo" })).toEqual([vic, ada]);
    expect(withoutTypers([vic, bo, ada], { kind: "owner", name: "Bo" })).toEqual([vic, bo, ada]);
  });

  it("lets each signal run out by itself", () => {
    expect(activeTypers([vic, bo], AT_MS + 5_000)).toEqual([vic]);
    expect(activeTypers([vic, bo], AT_MS + 8_000)).toEqual([]);
    expect(firstTypingExpiry([vic, bo])).toBe(AT_MS + 3_000);
    expect(firstTypingExpiry([])).toBeNull();
  });

  it("says who is typing", () => {
    expect(typingLabel([])).toBeNull();
    expect(typingLabel([vic])).toBe("Vic Viewer is typing…");
    expect(typingLabel([vic, bo])).toBe("Vic Viewer and Bo are typing…");
    expect(typingLabel([vic, bo, { ...bo, id: "a3", name: "Cy" }])).toBe("Vic Viewer, Bo and Cy are typing…");
  });
});
