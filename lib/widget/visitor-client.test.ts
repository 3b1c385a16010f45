import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createVisitorSession,
  failureOfError,
  handoffNotice,
  refusedModelChoiceWarning,
  refusesModelChoice,
  requestErrorOf,
  visibleHistory,
  visitorFailure,
  WidgetRequestError,
} from "./visitor-client";

describe("what a visitor reads when a message is refused", () => {
  it("the business's credits and limits are not the visitor's to fix: they are told to come back", () => {
    expect(visitorFailure({ status: 402, code: "insufficient_credits" })).toMatchObject({ retryable: false, detail: expect.stringMatching(/try again later/) });
    expect(visitorFailure({ status: 402, code: "insufficient_credits" }).detail).not.toMatch(/admin|credit/i);
    expect(visitorFailure({ status: 429, code: "rate_limited", retryAfterSeconds: 20 })).toMatchObject({ retryable: true, detail: expect.stringMatching(/wait a moment/) });
    expect(visitorFailure({ status: 429, code: "rate_limited", retryAfterSeconds: 3600 })).toMatchObject({ retryable: false, detail: expect.stringMatching(/come back later/) });
    expect(visitorFailure({ status: 403, code: "forbidden" })).toMatchObject({ retryable: false });
    expect(failureOfError(new TypeError("Failed to fetch"))).toMatchObject({ code: "network", retryable: true });
  });

  it("reads the code, detail and Retry-After of a refusal", async () => {
    const response = new Response(JSON.stringify({ error: "rate_limited", detail: "Slow down." }), { status: 429, headers: { "retry-after": "42" } });
    const error = await requestErrorOf(response);
    expect(error).toBeInstanceOf(WidgetRequestError);
    expect(error).toMatchObject({ status: 429, code: "rate_limited", serverDetail: "Slow down.", retryAfterSeconds: 42 });
    const html = await requestErrorOf(new Response("<h1>Bad gateway</h1>", { status: 502 }));
    expect(html).toMatchObject({ status: 502, code: null, retryAfterSeconds: null });
  });
});

describe("a new conversation's model choice", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  async function sentBody(input: Parameters<typeof createVisitorSession>[0]): Promise<unknown> {
    const fetch = vi.fn(async () => new Response("{}", { status: 201 }));
    vi.stubGlobal("fetch", fetch);
    await createVisitorSession(input);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/chat/sessions");
    expect(init.headers).toMatchObject({ Authorization: "Bearer t" });
    return JSON.parse(init.body as string);
  }

  it("sends the embed tag's provider and model in the session's config, beside the page", async () => {
    const page = { url: "https://shop.example.com/desks", title: "Desks" };
    expect(await sentBody({ token: "t", pageContext: page, modelChoice: { model: "anthropic:claude-haiku-4-5" } })).toEqual({
      config: { pageContext: page, model: "anthropic:claude-haiku-4-5" },
    });
    expect(await sentBody({ token: "t", pageContext: null, modelChoice: { aiProvider: "anthropic" } })).toEqual({ config: { aiProvider: "anthropic" } });
    expect(await sentBody({ token: "t", pageContext: null, modelChoice: { aiProvider: "openai", model: "gpt-4o" } })).toEqual({
      config: { aiProvider: "openai", model: "gpt-4o" },
    });
    expect(await sentBody({ token: "t", pageContext: page, modelChoice: null })).toEqual({ config: { pageContext: page } });
    expect(await sentBody({ token: "t", pageContext: null })).toEqual({});
  });

  it("tells a refusal of the choice from other refusals", async () => {
    const refusal = (status: number, body: unknown) => requestErrorOf(new Response(JSON.stringify(body), { status }));
    const model = await refusal(400, { error: "invalid_request", detail: "Model must be one of: openai:gpt-4o-mini.", fields: { "config.model": ["Model must be one of: openai:gpt-4o-mini."] } });
    expect(model.fields).toEqual(["config.model"]);
    expect(refusesModelChoice(model)).toBe(true);
    expect(refusesModelChoice(await refusal(400, { error: "invalid_request", detail: "No key.", fields: { "config.aiProvider": ["No key."] } }))).toBe(true);
    expect(refusesModelChoice(await refusal(400, { error: "invalid_request", detail: "Bad page.", fields: { "config.pageContext.url": ["Bad page."] } }))).toBe(false);
    expect(refusesModelChoice(await refusal(400, { error: "invalid_request", detail: "Bad.", fields: ["config.model"] }))).toBe(false);
    expect(refusesModelChoice(await refusal(402, { error: "insufficient_credits", detail: "No credits." }))).toBe(false);
    expect(refusesModelChoice(await requestErrorOf(new Response("<h1>Bad request</h1>", { status: 400 })))).toBe(false);

    const warning = refusedModelChoiceWarning({ model: "anthropic:claude-opus-4-6" }, model);
    expect(warning).toContain('data-model="anthropic:claude-opus-4-6"');
    expect(warning).toContain("Model must be one of: openai:gpt-4o-mini.");
    expect(refusedModelChoiceWarning({ aiProvider: "anthropic" }, new WidgetRequestError(400, "invalid_request", null, null))).toContain('data-ai-provider="anthropic"');
  });
});

describe("visibleHistory", () => {
  it("keeps the visitor's, the assistant's and a person's messages with their cards and the person's name, nothing else", () => {
    const card = { id: "p1", name: "Standing Desk", price: "549.00", category: "Furniture" };
    expect(
      visibleHistory([
        { id: "1", role: "user", content: "desk?", status: "complete", createdAt: "2026-01-01T00:00:00Z", productCards: null },
        { id: "2", role: "tool", content: "{}", status: "complete" },
        { id: "3", role: "assistant", content: "Yes", status: "complete", productCards: [card], proposal: { productId: "p1", productName: "x", quantity: 1, unitPrice: "1" } },
        { id: 4 as unknown as string, role: "user", content: "broken" },
        { id: "5", role: "agent", content: "Hi, Ada here", status: "complete", authorName: "Ada Admin" },
      ]),
    ).toEqual([
      { id: "1", role: "user", content: "desk?", status: "complete", createdAt: "2026-01-01T00:00:00Z", productCards: null, proposal: null, authorName: null },
      { id: "3", role: "assistant", content: "Yes", status: "complete", createdAt: "", productCards: [card], proposal: null, authorName: null },
      { id: "5", role: "agent", content: "Hi, Ada here", status: "complete", createdAt: "", productCards: null, proposal: null, authorName: "Ada Admin" },
    ]);
  });
});

describe("handoffNotice", () => {
  it("says when a person joins and when the assistant answers again, and nothing for the visitor's own requests", () => {
    expect(handoffNotice({ status: "with_person", agent: { name: "Ada Admin" } })).toBe("Ada Admin from the team joined the conversation.");
    expect(handoffNotice({ status: "assistant", agent: null, reason: "handed_back" })).toBe("The assistant is answering again.");
    expect(handoffNotice({ status: "assistant", agent: null, reason: "idle" })).toBe("The assistant is answering again.");
    // The visitor asked for a person, or took that back: the widget already shows it.
    expect(handoffNotice({ status: "needs_person", agent: null, reason: "requested" })).toBeNull();
    expect(handoffNotice({ status: "assistant", agent: null, reason: "withdrawn" })).toBeNull();
    // A takeover event without a name (an older server) says nothing rather than "undefined joined".
    expect(handoffNotice({ status: "with_person", agent: null })).toBeNull();
  });
});
