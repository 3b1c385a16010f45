import { describe, expect, it } from "vitest";
import { hostMessageSchema, readableTextOn, WIDGET_MESSAGE_SOURCE } from "./protocol";

const hash = "a".repeat(64);

describe("messages the iframe accepts from the host page", () => {
  it("init, identify and opened, with the widget's source", () => {
    expect(
      hostMessageSchema.parse({
        source: WIDGET_MESSAGE_SOURCE,
        type: "init",
        identity: { userIdentifier: " shopper@example.com ", userHash: hash },
        page: { url: "https://shop.example.com/desks", title: "Desks" },
      }),
    ).toEqual({
      source: WIDGET_MESSAGE_SOURCE,
      type: "init",
      identity: { userIdentifier: "shopper@example.com", userHash: hash },
      page: { url: "https://shop.example.com/desks", title: "Desks" },
    });
    expect(hostMessageSchema.parse({ source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: "u-1" })).toMatchObject({ userIdentifier: "u-1" });
    expect(hostMessageSchema.safeParse({ source: WIDGET_MESSAGE_SOURCE, type: "opened" }).success).toBe(true);
  });

  it("an init with a broken identity or page still initialises, anonymously and without the page", () => {
    const parsed = hostMessageSchema.parse({
      source: WIDGET_MESSAGE_SOURCE,
      type: "init",
      identity: { userIdentifier: "", userHash: "zz" },
      page: { url: "javascript:alert(1)" },
    });
    expect(parsed).toMatchObject({ identity: null, page: null });
  });

  it("refuses other sources, unknown types and identities that are not ours to accept", () => {
    for (const data of [
      { source: "someone-else", type: "identify", userIdentifier: "u" },
      { type: "identify", userIdentifier: "u" },
      { source: WIDGET_MESSAGE_SOURCE, type: "navigate", url: "https://evil.example" },
      { source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: "" },
      { source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: "x".repeat(256) },
      { source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: "u", userHash: "not-hex" },
      { source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: "u", userHash: "ab" },
      "identify",
      null,
    ]) {
      expect(hostMessageSchema.safeParse(data).success, JSON.stringify(data)).toBe(false);
    }
  });
});

describe("readableTextOn", () => {
  it("white on dark colours, near-black on light ones", () => {
    expect(readableTextOn("#4f46e5")).toBe("#ffffff");
    expect(readableTextOn("#000000")).toBe("#ffffff");
    expect(readableTextOn("#facc15")).toBe("#111827");
    expect(readableTextOn("#ffffff")).toBe("#111827");
  });
});
