import { describe, expect, it } from "vitest";
import type { ConversationMessage } from "@/lib/chat/stream-client";
import { purchasedProposals, type PurchaseRecord } from "./proposals";

function proposalMessage(id: string, createdAt: string, productId = "desk", quantity = 1): ConversationMessage {
  return {
    id,
    role: "assistant",
    content: "Shall I buy it?",
    status: "complete",
    createdAt,
    productCards: null,
    proposal: { productId, productName: "Standing Desk", quantity, unitPrice: "499.00" },
  };
}

function purchase(id: string, createdAt: string, overrides: Partial<PurchaseRecord> = {}): PurchaseRecord {
  return { id, productId: "desk", productName: "Standing Desk", quantity: 1, total: "499.00", sessionId: "s1", createdAt, ...overrides };
}

describe("purchasedProposals", () => {
  it("marks the proposal a purchase of this session confirmed", () => {
    const messages = [proposalMessage("m1", "2026-01-01T10:00:00Z")];
    const result = purchasedProposals({ messages, purchases: [purchase("p1", "2026-01-01T10:01:00Z")], sessionId: "s1" });
    expect(result.get("m1")?.id).toBe("p1");
  });

  it("ignores purchases of another session, another product, another quantity, or made before the proposal", () => {
    const messages = [proposalMessage("m1", "2026-01-01T10:00:00Z")];
    const purchases = [
      purchase("other-session", "2026-01-01T10:01:00Z", { sessionId: "s2" }),
      purchase("other-product", "2026-01-01T10:01:00Z", { productId: "lamp" }),
      purchase("other-quantity", "2026-01-01T10:01:00Z", { quantity: 2 }),
      purchase("earlier", "2026-01-01T09:00:00Z"),
    ];
    expect(purchasedProposals({ messages, purchases, sessionId: "s1" }).size).toBe(0);
    expect(purchasedProposals({ messages, purchases: [purchase("p1", "2026-01-01T10:01:00Z")], sessionId: null }).size).toBe(0);
  });

  it("a purchase whose product was deleted since (no productId) still marks its proposal, by the name it was bought under", () => {
    const messages = [proposalMessage("m1", "2026-01-01T10:00:00Z")];
    const deleted = purchase("p1", "2026-01-01T10:01:00Z", { productId: null });
    expect(purchasedProposals({ messages, purchases: [deleted], sessionId: "s1" }).get("m1")?.id).toBe("p1");
    const renamed = purchase("p2", "2026-01-01T10:01:00Z", { productId: null, productName: "Desk Lamp" });
    expect(purchasedProposals({ messages, purchases: [renamed], sessionId: "s1" }).size).toBe(0);
  });

  it("credits one purchase to one proposal: a second identical proposal stays open", () => {
    const messages = [proposalMessage("m1", "2026-01-01T10:00:00Z"), proposalMessage("m2", "2026-01-01T10:05:00Z")];
    const once = purchasedProposals({ messages, purchases: [purchase("p1", "2026-01-01T10:06:00Z")], sessionId: "s1" });
    expect([...once.keys()]).toEqual(["m2"]);
    const between = purchasedProposals({ messages, purchases: [purchase("p1", "2026-01-01T10:02:00Z")], sessionId: "s1" });
    expect([...between.keys()]).toEqual(["m1"]);
  });
});
