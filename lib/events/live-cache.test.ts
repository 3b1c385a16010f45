import { describe, expect, it } from "vitest";
import type { ChatMessageDto, ChatSessionDto } from "@/lib/chat/schemas";
import type { Page } from "@/lib/pagination";
import { canPlaceMessage, hasUnsettledMessage, listedSessionIds, withMessage, withoutSession, withSessionTitle, type PagedList } from "./cached-lists";
import { liveUpdates, openUpdates, renderedPosition, type LiveContext } from "./live-cache";
import type { AppEvent } from "./schemas";

const NOW = "2026-01-01T00:00:00.000Z";
const ME = "user-me";

function context(overrides: Partial<LiveContext> = {}): LiveContext {
  return { userId: ME, listed: new Set(["s1"]), streaming: new Set(), deleting: new Set(), now: Date.parse(NOW), ...overrides };
}

function event(type: AppEvent["type"], data: Record<string, unknown>, id = "7"): AppEvent {
  return { type, id, at: NOW, data };
}

function message(overrides: Partial<ChatMessageDto> & Pick<ChatMessageDto, "id">): ChatMessageDto {
  return {
    sessionId: "s1",
    role: "user",
    content: "do you have a standing desk?",
    status: "complete",
    createdAt: NOW,
    userRoleAtTime: "viewer",
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

function session(id: string, title = "Desks"): ChatSessionDto {
  return {
    id,
    title,
    channel: "member",
    userIdentifier: null,
    config: {},
    createdAt: NOW,
    updatedAt: NOW,
    lastActivityAt: NOW,
    expiresAt: null,
    status: "assistant",
    seenUpTo: null,
  };
}

function page<T>(results: T[], count = results.length): Page<T> {
  return { count, next: null, previous: null, results };
}

function paged<T>(...pages: Page<T>[]): PagedList<T> {
  return { pages, pageParams: pages.map((_, i) => i) };
}

describe("liveUpdates: messages", () => {
  const created = (m: ChatMessageDto) => event("message", { action: "created", sessionId: m.sessionId, message: m });

  it("puts a message of another tab into its conversation, and a new question refetches the list it moves up in", () => {
    const question = message({ id: "u1" });
    expect(liveUpdates(created(question), context())).toEqual([{ kind: "put-message", message: question }, { kind: "refetch-sessions" }]);
    const answer = message({ id: "a1", role: "assistant", status: "streaming", content: "", userRoleAtTime: null });
    expect(liveUpdates(created(answer), context())).toEqual([{ kind: "put-message", message: answer }]);
    const done = { ...answer, status: "complete" as const, content: "Yes: the Standing Desk." };
    expect(liveUpdates(event("message", { action: "completed", sessionId: "s1", message: done }), context())).toEqual([
      { kind: "put-message", message: done },
    ]);
  });

  it("leaves a conversation this tab is streaming into to its own turn", () => {
    expect(liveUpdates(created(message({ id: "u1" })), context({ streaming: new Set(["s1"]) }))).toEqual([]);
    expect(liveUpdates(created(message({ id: "u2", sessionId: "s2" })), context({ streaming: new Set(["s1"]) }))).toHaveLength(2);
  });

  it("does not refetch an admin's list for a website visitor's question in a conversation not in it", () => {
    const visitor = message({ id: "u1", sessionId: "widget-1", userRoleAtTime: null });
    expect(liveUpdates(created(visitor), context())).toEqual([{ kind: "put-message", message: visitor }]);
  });

  it("skips a message outside the contract", () => {
    expect(liveUpdates(event("message", { action: "created", sessionId: "s1", message: { id: "u1" } }), context())).toEqual([]);
    expect(liveUpdates(event("message", { action: "edited", sessionId: "s1", message: message({ id: "u1" }) }), context())).toEqual([]);
  });
});

describe("liveUpdates: conversations", () => {
  const about = (action: string, s: Record<string, unknown>) => event("session", { action, session: s });

  it("refetches the list for a new member conversation, not for an API or widget one", () => {
    expect(liveUpdates(about("created", { id: "s9", title: "New chat", channel: "member" }), context())).toEqual([{ kind: "refetch-sessions" }]);
    expect(liveUpdates(about("created", { id: "s9", channel: "widget" }), context())).toEqual([]);
    expect(liveUpdates(about("created", { id: "s9", channel: "api" }), context())).toEqual([]);
  });

  it("renames a listed conversation in place", () => {
    expect(liveUpdates(about("renamed", { id: "s1", title: "Desk lighting" }), context())).toEqual([
      { kind: "rename-session", sessionId: "s1", title: "Desk lighting" },
    ]);
    expect(liveUpdates(about("renamed", { id: "elsewhere", title: "Other" }), context())).toEqual([]);
  });

  it("drops a deleted conversation, forgetting its messages unless this tab deleted it itself", () => {
    expect(liveUpdates(about("deleted", { id: "s1" }), context())).toEqual([{ kind: "drop-session", sessionId: "s1", forget: true }]);
    expect(liveUpdates(about("deleted", { id: "s1" }), context({ deleting: new Set(["s1"]) }))).toEqual([
      { kind: "drop-session", sessionId: "s1", forget: false },
    ]);
  });

  it("refetches a cleared conversation unless this tab is streaming into it", () => {
    expect(liveUpdates(about("cleared", { id: "s1" }), context())).toEqual([{ kind: "refetch-history", sessionId: "s1" }]);
    expect(liveUpdates(about("cleared", { id: "s1" }), context({ streaming: new Set(["s1"]) }))).toEqual([]);
  });

  it("refetches the list for another change to a listed conversation", () => {
    expect(liveUpdates(about("handoff", { id: "s1" }), context())).toEqual([{ kind: "refetch-sessions" }]);
    expect(liveUpdates(about("handoff", { id: "s2" }), context())).toEqual([]);
  });
});

describe("liveUpdates: credits and the rest", () => {
  it("sets the signed-in member's own balance only, and the business wallet's for the admins who hear it", () => {
    expect(liveUpdates(event("credits", { userId: ME, balance: 3990 }), context())).toEqual([{ kind: "set-credits", balance: 3990 }]);
    // An admin hears every member's balance and the wallet's.
    expect(liveUpdates(event("credits", { userId: "someone-else", balance: 10 }), context())).toEqual([]);
    expect(liveUpdates(event("credits", { wallet: true, balance: 12_500 }), context())).toEqual([{ kind: "set-wallet-balance", balance: 12_500 }]);
  });

  it("ignores what the tab does not show", () => {
    expect(liveUpdates(event("typing", { sessionId: "s1", who: "assistant", on: true }), context())).toEqual([]);
    expect(liveUpdates(event("presence", { userId: ME, online: true }), context())).toEqual([]);
  });

  it("shows a person of the business typing in the member's own conversation until it expires, is switched off, or they reply", () => {
    const expiresAt = "2026-01-01T00:00:08.000Z";
    const typing = (who: { kind: string; name: string }, on: boolean, sessionId = "s1") => event("typing", { sessionId, who, on, expiresAt });
    expect(liveUpdates(typing({ kind: "agent", name: "Ada" }, true), context())).toEqual([
      { kind: "set-typing", sessionId: "s1", typing: { name: "Ada", until: Date.parse(expiresAt) } },
    ]);
    // A browser whose clock is a minute off (either way) shows it for the 8 s the server gave it, from its arrival.
    for (const skew of [60_000, -60_000]) {
      const now = Date.parse(NOW) + skew;
      expect(liveUpdates(typing({ kind: "agent", name: "Ada" }, true), context({ now }))).toEqual([
        { kind: "set-typing", sessionId: "s1", typing: { name: "Ada", until: now + 8_000 } },
      ]);
    }
    expect(liveUpdates(typing({ kind: "agent", name: "Ada" }, false), context())).toEqual([{ kind: "set-typing", sessionId: "s1", typing: null }]);
    // The member's own typing, and a conversation not in the list (an admin's view of others), show nothing here.
    expect(liveUpdates(typing({ kind: "owner", name: "Vic" }, true), context())).toEqual([]);
    expect(liveUpdates(typing({ kind: "agent", name: "Ada" }, true, "elsewhere"), context())).toEqual([]);
    const reply = message({ id: "m9", role: "agent", content: "Hi, Ada here", authorName: "Ada", userRoleAtTime: null });
    expect(liveUpdates(event("message", { action: "created", sessionId: "s1", message: reply }), context())).toEqual([
      { kind: "put-message", message: reply },
      { kind: "set-typing", sessionId: "s1", typing: null },
      // The reply moves the conversation to the top of the list, newest activity first.
      { kind: "refetch-sessions" },
    ]);
    // Another member's conversation (an admin's stream hears it) is not in this member's list.
    const elsewhere = { ...reply, sessionId: "elsewhere" };
    expect(liveUpdates(event("message", { action: "created", sessionId: "elsewhere", message: elsewhere }), context())).not.toContainEqual({
      kind: "refetch-sessions",
    });
  });

  it("a read receipt refreshes the listed conversation (its Seen mark)", () => {
    expect(liveUpdates(event("read", { sessionId: "s1", by: { id: "a", name: "Ada" }, upToMessageId: "m1", at: NOW }), context())).toEqual([{ kind: "refetch-sessions" }]);
    expect(liveUpdates(event("read", { sessionId: "elsewhere" }), context())).toEqual([]);
  });
});

describe("openUpdates", () => {
  it("a first connection settles answers read just before it; a fresh reconnect refetches all; a resumed one nothing", () => {
    expect(openUpdates({ first: true, resumed: false })).toEqual([{ kind: "refetch-unsettled" }]);
    expect(openUpdates({ first: false, resumed: false })).toEqual([{ kind: "refetch-all" }]);
    expect(openUpdates({ first: false, resumed: true })).toEqual([]);
  });

  it("a first connection that opened only after failed tries refetches all: anything may have changed meanwhile", () => {
    expect(openUpdates({ first: true, resumed: false, retried: true })).toEqual([{ kind: "refetch-all" }]);
    expect(openUpdates({ first: true, resumed: true, retried: true })).toEqual([]);
  });
});

describe("renderedPosition", () => {
  it("the first connection resumes from where the page was rendered, only when it was rendered for this member", () => {
    expect(renderedPosition({ userId: ME, position: "42" }, ME)).toBe("42");
    expect(renderedPosition({ userId: ME, position: "0" }, ME)).toBe("0");
    // Another member signed in within the same document since the page was rendered.
    expect(renderedPosition({ userId: "someone-else", position: "42" }, ME)).toBeNull();
    // No page render to resume from (the widget, a page without first data), or not a position at all.
    expect(renderedPosition(undefined, ME)).toBeNull();
    expect(renderedPosition({ userId: ME, position: "42; drop" }, ME)).toBeNull();
    expect(renderedPosition({ userId: ME, position: 42 }, ME)).toBeNull();
  });
});

describe("withMessage", () => {
  const older = message({ id: "m1", createdAt: "2025-12-31T00:00:00.000Z" });
  const question = message({ id: "u1" });

  it("adds a new message as the newest, on page 1", () => {
    const history = paged(page([question], 3), page([older], 3));
    const answer = message({ id: "a1", role: "assistant", status: "streaming", content: "", parentId: "u1" });
    const next = withMessage(history, answer)!;
    expect(next.pages[0]!.results.map((m) => m.id)).toEqual(["u1", "a1"]);
    expect(next.pages[0]!.count).toBe(4);
    expect(next.pages[1]).toBe(history.pages[1]);
    expect(history.pages[0]!.results).toHaveLength(1);
  });

  it("replaces a message it already has, once: a second copy adds nothing", () => {
    const streaming = message({ id: "a1", role: "assistant", status: "streaming", content: "", parentId: "u1" });
    const complete = { ...streaming, status: "complete" as const, content: "Yes." };
    const history = withMessage(paged(page([question])), streaming);
    const done = withMessage(history, complete)!;
    expect(done.pages[0]!.results).toEqual([question, complete]);
    expect(withMessage(done, complete)!.pages[0]!.results).toEqual([question, complete]);
  });

  it("never takes a finished answer back to streaming", () => {
    const complete = message({ id: "a1", role: "assistant", status: "complete", content: "Yes." });
    const history = paged(page([question, complete]));
    expect(withMessage(history, { ...complete, status: "streaming", content: "" })).toBe(history);
    const aborted = { ...complete, status: "aborted" as const };
    expect(withMessage(history, aborted)!.pages[0]!.results[1]).toEqual(aborted);
  });

  it("changes nothing that is not loaded", () => {
    expect(withMessage(undefined, question)).toBeUndefined();
    expect(canPlaceMessage(undefined, question)).toBe(false);
  });

  it("places only what follows the newest message shown: a new version or another branch is left to a fetch", () => {
    const answer = message({ id: "a1", role: "assistant", parentId: "u1", versions: ["a1", "a2"] });
    const history = paged(page([question, answer]));
    const regenerated = message({ id: "a2", role: "assistant", parentId: "u1" });
    const edited = message({ id: "u2", parentId: null });
    for (const elsewhere of [regenerated, edited]) {
      expect(canPlaceMessage(history, elsewhere)).toBe(false);
      expect(withMessage(history, elsewhere)).toBe(history);
    }
    expect(canPlaceMessage(paged(page<ChatMessageDto>([])), question)).toBe(true);
    expect(withMessage(history, { ...answer, content: "Yes.", versions: null })!.pages[0]!.results[1]).toMatchObject({ content: "Yes.", versions: ["a1", "a2"] });
  });
});

describe("hasUnsettledMessage", () => {
  it("is true while an answer is still being written", () => {
    expect(hasUnsettledMessage(paged(page([message({ id: "a1", role: "assistant", status: "streaming" })])))).toBe(true);
    expect(hasUnsettledMessage(paged(page([message({ id: "a1", role: "assistant" })])))).toBe(false);
    expect(hasUnsettledMessage(undefined)).toBe(false);
  });
});

describe("the conversation list", () => {
  const list = paged(page([session("s1"), session("s2", "Lamps")], 3), page([session("s3", "Chairs")], 3));

  it("renames one conversation", () => {
    const next = withSessionTitle(list, { sessionId: "s2", title: "Desk lighting" })!;
    expect(next.pages.flatMap((p) => p.results.map((s) => s.title))).toEqual(["Desks", "Desk lighting", "Chairs"]);
    expect(withSessionTitle(undefined, { sessionId: "s2", title: "x" })).toBeUndefined();
  });

  it("drops one conversation and counts one fewer; an unknown one changes nothing", () => {
    const next = withoutSession(list, "s3")!;
    expect(next.pages.flatMap((p) => p.results.map((s) => s.id))).toEqual(["s1", "s2"]);
    expect(next.pages.map((p) => p.count)).toEqual([2, 2]);
    expect(withoutSession(list, "nope")).toBe(list);
  });

  it("lists the loaded ids", () => {
    expect([...listedSessionIds(list)]).toEqual(["s1", "s2", "s3"]);
    expect(listedSessionIds(undefined).size).toBe(0);
  });
});
