import { describe, expect, it } from "vitest";
import { failureOfError, requestErrorOf, visibleHistory, visitorFailure, WidgetRequestError } from "./visitor-client";

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
