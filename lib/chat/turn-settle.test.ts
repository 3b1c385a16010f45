import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { chatMessages, creditTransactions, users } from "@/db/schema";
import { UpstreamError, type ChatProvider } from "@/lib/ai/types";
import { createTeam, memberCaller } from "@/test/factories";
import { someoneWaitsForALock } from "@/test/held-transaction";
import { clearHistory } from "./service";
import type { ChatEvent } from "./schemas";
import { startChatTurn } from "./turn";

// Two seams into the settling of a turn: a pause before its refund, and a commit whose answer is lost.
const seams = vi.hoisted(() => ({ beforeRefund: null as null | (() => Promise<void>), loseNextCommit: false }));

vi.mock("@/lib/credits/service", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/credits/service")>();
  return {
    ...real,
    refundCredits: async (...args: Parameters<typeof real.refundCredits>) => {
      const pause = seams.beforeRefund;
      seams.beforeRefund = null;
      if (pause) await pause();
      return real.refundCredits(...args);
    },
  };
});

vi.mock("@/db/client", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/db/client")>();
  return {
    ...real,
    transaction: async <T>(work: Parameters<typeof real.transaction<T>>[0]) => {
      const result = await real.transaction(work);
      if (seams.loseNextCommit) {
        seams.loseNextCommit = false;
        throw new Error("the connection was lost as the commit was answered");
      }
      return result;
    },
  };
});

async function drain(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const emitted: ChatEvent[] = [];
  for await (const event of events) emitted.push(event);
  return emitted;
}

async function creditsOf(userId: string): Promise<number> {
  return (await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, userId)))[0]!.credits;
}

async function refundsOf(userId: string) {
  return getDb()
    .select()
    .from(creditTransactions)
    .where(and(eq(creditTransactions.userId, userId), eq(creditTransactions.kind, "refund")));
}

describe("settling a turn", () => {
  beforeEach(() => {
    seams.beforeRefund = null;
    seams.loseNextCommit = false;
  });

  it("a refund while the conversation is cleared: both go through, without a deadlock, and the charge comes back once", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the clear cannot start while the settling is open
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    let reached!: () => void;
    const atRefund = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    seams.beforeRefund = async () => {
      reached();
      await released;
    };
    const down: ChatProvider = {
      name: "local",
      async *stream() {
        throw new UpstreamError("status", "the model is down", { status: 503 });
      },
    };
    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: down });
    const answering = drain(turn.events);
    await atRefund;
    const clearing = clearHistory(caller, { sessionId: turn.sessionId });
    // The clear waits for the settling transaction's lock on the conversation.
    await someoneWaitsForALock();
    release();
    const [emitted, cleared] = await Promise.all([answering, clearing]);

    expect(cleared).toEqual({ cleared: 2 });
    expect(emitted.at(-1)).toMatchObject({ event: "error", data: { error: "upstream_error" } });
    expect(await refundsOf(team.viewer.id)).toHaveLength(1);
    expect(await creditsOf(team.viewer.id)).toBe(before);
  });

  it("an answer whose settling committed but whose commit was never confirmed stays as it was saved, charged once and not refunded", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    const answers: ChatProvider = {
      name: "local",
      async *stream() {
        yield { type: "delta", text: "Two desks are in stock." };
        seams.loseNextCommit = true;
      },
    };
    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: answers });
    const emitted = await drain(turn.events);

    expect(emitted.at(-1)).toEqual({
      event: "error",
      data: { error: "internal_error", detail: "The answer was saved, but this connection lost track of it. Reload the conversation to read it." },
    });
    const [stored] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, turn.assistantMessageId!));
    expect(stored).toMatchObject({ status: "complete", content: "Two desks are in stock.", error: null });
    expect(await refundsOf(team.viewer.id)).toHaveLength(0);
    expect(await creditsOf(team.viewer.id)).toBeLessThan(before);
  });

  it("an answer that could not be saved is marked failed and refunded", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    const answers: ChatProvider = {
      name: "local",
      async *stream() {
        // A value Postgres refuses to store: the settling transaction fails.
        yield { type: "delta", text: "broken \u0000 answer" };
      },
    };
    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: answers });
    const emitted = await drain(turn.events);

    expect(emitted.at(-1)).toEqual({ event: "error", data: { error: "internal_error", detail: "The answer could not be saved; your credits were refunded." } });
    const [stored] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, turn.assistantMessageId!));
    expect(stored).toMatchObject({ status: "error", content: "", error: "The answer could not be saved." });
    expect(await refundsOf(team.viewer.id)).toHaveLength(1);
    expect(await creditsOf(team.viewer.id)).toBe(before);
  });
});
