import { describe, expect, it } from "vitest";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import type { AppEvent } from "@/lib/events/schemas";
import { inboxUpdates } from "./live";

const AT = "2026-01-01T00:00:00.000Z";
const AT_MS = Date.parse(AT);
const SELF = "admin-1";

function event(type: AppEvent["type"], data: Record<string, unknown>): AppEvent {
  return { type, id: "9", at: AT, data };
}

function message(overrides: Partial<ChatMessageDto>): ChatMessageDto {
  return {
    id: "m1",
    sessionId: "s1",
    role: "user",
    content: "is anyone there?",
    status: "complete",
    createdAt: AT,
    userRoleAtTime: null,
    model: null,
    provider: null,
    promptTokens: null,
    completionTokens: null,
    tokensUsed: null,
    costCents: null,
    productCards: null,
    proposal: null,
    authorName: null,
    feedback: null,
    creditsCharged: null,
    parentId: null,
    versions: null,
    ...overrides,
  };
}

const updates = (e: AppEvent, now = AT_MS) => inboxUpdates(e, { selfId: SELF, now });

describe("inboxUpdates", () => {
  it("puts a message into its conversation, refreshes the list, and ends its writer's typing", () => {
    const question = message({});
    expect(updates(event("message", { action: "created", sessionId: "s1", message: question }))).toEqual([
      { kind: "put-message", message: question },
      { kind: "refetch-inbox" },
      { kind: "drop-typers", sessionId: "s1", who: { kind: "owner" } },
    ]);
    const reply = message({ id: "m2", role: "agent", authorName: "Ada Admin" });
    // Its author stops typing; a colleague still writing in the conversation goes on being shown.
    expect(updates(event("message", { action: "created", sessionId: "s1", message: reply }))).toContainEqual({
      kind: "drop-typers",
      sessionId: "s1",
      who: { kind: "agent", name: "Ada Admin" },
    });
    const answer = message({ id: "m3", role: "assistant", status: "complete", content: "Yes." });
    expect(updates(event("message", { action: "completed", sessionId: "s1", message: answer }))).toEqual([
      { kind: "put-message", message: answer },
      { kind: "refetch-inbox" },
    ]);
  });

  it("takes a hand-off's status into the open conversation and refreshes the list", () => {
    const handoff = event("session", { action: "handoff", session: { id: "s1", status: "needs_person" }, status: "needs_person", agent: null });
    expect(updates(handoff)).toEqual([
      { kind: "set-status", sessionId: "s1", status: "needs_person" },
      { kind: "refetch-conversation", sessionId: "s1" },
      { kind: "refetch-inbox" },
    ]);
    expect(updates(event("session", { action: "created", session: { id: "s2", channel: "widget" } }))).toEqual([{ kind: "refetch-inbox" }]);
  });

  it("has an open conversation its owner deleted read again, so the pane says it is gone", () => {
    expect(updates(event("session", { action: "deleted", session: { id: "s1", channel: "member" } }))).toEqual([
      { kind: "refetch-conversation", sessionId: "s1" },
      { kind: "refetch-inbox" },
    ]);
  });

  it("shows someone else's typing for as long after it arrives as the server gave it, and ignores the admin's own", () => {
    const on = (who: { kind: string; id: string; name: string }) =>
      event("typing", { sessionId: "s1", who, on: true, expiresAt: new Date(AT_MS + 8_000).toISOString() });
    // This browser's clock is a minute behind the server's: the signal still lasts 8 s from now.
    const now = AT_MS - 60_000;
    expect(updates(on({ kind: "owner", id: "u1", name: "Vic" }), now)).toEqual([
      { kind: "set-typer", sessionId: "s1", typer: { kind: "owner", id: "u1", name: "Vic", expiresAt: new Date(now + 8_000).toISOString() } },
    ]);
    expect(updates(on({ kind: "agent", id: SELF, name: "Ada" }))).toEqual([]);
    const off = event("typing", { sessionId: "s1", who: { kind: "owner", id: "u1", name: "Vic" }, on: false, expiresAt: AT });
    expect(updates(off)).toEqual([{ kind: "drop-typers", sessionId: "s1", who: { kind: "owner", id: "u1" } }]);
  });

  it("refreshes the read mark and the unread counts, a member's ledger and the purchases; skips the wallet and what it does not know", () => {
    expect(updates(event("read", { sessionId: "s1", by: { id: "a2", name: "Bo" }, upToMessageId: "m1", at: AT }))).toEqual([
      { kind: "refetch-conversation", sessionId: "s1" },
      { kind: "refetch-inbox" },
    ]);
    expect(updates(event("credits", { userId: "u1", balance: 40 }))).toEqual([{ kind: "refetch-ledger", userId: "u1" }]);
    expect(updates(event("credits", { wallet: true, balance: 900 }))).toEqual([]);
    expect(updates(event("purchase", { purchase: { id: "p1" } }))).toEqual([{ kind: "refetch-purchases" }]);
    expect(updates(event("presence", { userId: "u1", online: true, lastSeenAt: AT }))).toEqual([]);
    expect(updates(event("message", { action: "created", sessionId: "s1" }))).toEqual([]);
    expect(updates(event("typing", { sessionId: "s1", on: true }))).toEqual([]);
  });
});
