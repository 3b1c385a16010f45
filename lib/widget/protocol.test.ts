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
        modelChoice: { model: "anthropic:claude-haiku-4-5" },
      }),
    ).toEqual({
      source: WIDGET_MESSAGE_SOURCE,
      type: "init",
      identity: { userIdentifier: "shopper@example.com", userHash: hash },
      page: { url: "https://shop.example.com/desks", title: "Desks" },
      modelChoice: { model: "anthropic:claude-haiku-4-5" },
    });
    expect(hostMessageSchema.parse({ source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: "u-1" })).toMatchObject({ userIdentifier: "u-1" });
    // identify(null): the visitor signed out of the host page.
    expect(hostMessageSchema.parse({ source: WIDGET_MESSAGE_SOURCE, type: "identify", userIdentifier: null })).toMatchObject({ userIdentifier: null });
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

  it("an init carries the embed tag's model choice: a provider, a model or both", () => {
    const init = (modelChoice: unknown) => hostMessageSchema.parse({ source: WIDGET_MESSAGE_SOURCE, type: "init", identity: null, page: null, modelChoice });
    expect(init({ aiProvider: "anthropic" })).toMatchObject({ modelChoice: { aiProvider: "anthropic" } });
    expect(init({ aiProvider: "openai", model: "gpt-4o-mini" })).toMatchObject({ modelChoice: { aiProvider: "openai", model: "gpt-4o-mini" } });
    expect(init({ model: "llama3.1:8b" })).toMatchObject({ modelChoice: { model: "llama3.1:8b" } });
    expect(init({ model: "x".repeat(100) })).toMatchObject({ modelChoice: { model: "x".repeat(100) } });
  });

  it("an init with a broken or missing model choice still initialises, with the business's own model", () => {
    const base = { source: WIDGET_MESSAGE_SOURCE, type: "init", identity: null, page: null };
    // An older script sends none.
    expect(hostMessageSchema.parse(base)).toMatchObject({ type: "init", modelChoice: null });
    for (const modelChoice of [
      { model: "x".repeat(101) },
      { model: "" },
      { model: "claude haiku" },
      { model: "<script>" },
      { model: 4 },
      { aiProvider: "mistral" },
      { aiProvider: "anthropic", model: ["claude-haiku-4-5"] },
      {},
      "anthropic:claude-haiku-4-5",
      42,
    ]) {
      expect(hostMessageSchema.parse({ ...base, modelChoice }), JSON.stringify(modelChoice)).toMatchObject({ type: "init", modelChoice: null });
    }
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
