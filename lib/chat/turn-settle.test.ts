import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { chatMessages, chatSessions, creditTransactions, users } from "@/db/schema";
import { UpstreamError, type ChatProvider } from "@/lib/ai/types";
import { createTeam, memberCaller } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { clearHistory } from "./service";
import type { ChatEvent } from "./schemas";
import { abandonTurn, sendChatMessage, startChatTurn, type OpenedTurn } from "./turn";

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

async function messageRow(id: string) {
  return (await getDb().select().from(chatMessages).where(eq(chatMessages.id, id)))[0] ?? null;
}

/** A turn as it was opened, read back from what it stored. */
async function openedTurn(input: { sessionId: string; userMessageId: string; assistantMessageId: string; cost: number }): Promise<OpenedTurn> {
  const [session] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, input.sessionId));
  const userMessage = (await messageRow(input.userMessageId))!;
  const assistant = (await messageRow(input.assistantMessageId))!;
  return {
    kind: "assistant",
    session: session!,
    userMessage,
    assistant,
    charge: { userId: userMessage.userId, businessId: session!.businessId, amount: input.cost, messageId: userMessage.id },
    balance: await creditsOf(userMessage.userId!),
    isNewSession: false,
  };
}

const down: ChatProvider = {
  name: "local",
  async *stream() {
    throw new UpstreamError("status", "the model is down", { status: 503 });
  },
};

const answers: ChatProvider = {
  name: "local",
  async *stream() {
    yield { type: "delta", text: "Two desks are in stock." };
  },
};

describe("settling a turn", () => {
  it("a refund while the conversation is cleared: both go through, without a deadlock, and the charge comes back once", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the clear cannot start while the settling is open
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: down });
    // Someone else holds the member's balance, so the refund waits there, its answer already updated.
    const balanceHolder = await heldTransaction(async (tx) => {
      await tx.select().from(users).where(eq(users.id, team.viewer.id)).for("update");
    });
    const answering = drain(turn.events);
    await someoneWaitsForALock();
    const clearing = clearHistory(caller, { sessionId: turn.sessionId });
    await someoneWaitsForALock(2);
    await balanceHolder.finish();
    const [emitted, cleared] = await Promise.all([answering, clearing]);

    expect(cleared).toEqual({ cleared: 2 });
    expect(emitted.at(-1)).toMatchObject({ event: "error", data: { error: "upstream_error" } });
    expect(await refundsOf(team.viewer.id)).toHaveLength(1);
    expect(await creditsOf(team.viewer.id)).toBe(before);
  });

  it("an answer the settling stored (only its reply was lost) is left as it was saved, charged once and not refunded", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    const sent = await sendChatMessage(caller, { message: "any desks?" }, { provider: answers });
    const cost = before - (await creditsOf(team.viewer.id));
    expect(cost).toBeGreaterThan(0);

    const question = (await messageRow(sent.message!.id))!.parentId!;
    const opened = await openedTurn({ sessionId: sent.sessionId, userMessageId: question, assistantMessageId: sent.message!.id, cost });
    expect(await abandonTurn(team.business.id, opened)).toBe("settled");
    expect(await messageRow(sent.message!.id)).toMatchObject({ status: "complete", content: "Two desks are in stock.", error: null });
    expect(await refundsOf(team.viewer.id)).toHaveLength(0);
    expect(await creditsOf(team.viewer.id)).toBe(before - cost);
  });

  it("an answer still being written is marked failed and refunded once; a conversation cleared meanwhile is refunded too", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    // Opened and never read: its answer stays `streaming`.
    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: answers });
    const cost = before - (await creditsOf(team.viewer.id));
    const opened = await openedTurn({ sessionId: turn.sessionId, userMessageId: turn.userMessageId, assistantMessageId: turn.assistantMessageId!, cost });

    expect(await abandonTurn(team.business.id, opened)).toBe("abandoned");
    expect(await messageRow(turn.assistantMessageId!)).toMatchObject({ status: "error", content: "", error: "The answer could not be saved." });
    expect(await creditsOf(team.viewer.id)).toBe(before);
    // Once only: the answer is no longer being written.
    expect(await abandonTurn(team.business.id, opened)).toBe("settled");
    expect(await refundsOf(team.viewer.id)).toHaveLength(1);

    const cleared = await startChatTurn(caller, { message: "and chairs?" }, { provider: answers });
    const clearedTurn = await openedTurn({ sessionId: cleared.sessionId, userMessageId: cleared.userMessageId, assistantMessageId: cleared.assistantMessageId!, cost });
    await clearHistory(caller, { sessionId: cleared.sessionId });
    expect(await abandonTurn(team.business.id, clearedTurn)).toBe("abandoned");
    expect(await creditsOf(team.viewer.id)).toBe(before);
    expect((await refundsOf(team.viewer.id)).map((refund) => refund.messageId)).toEqual([turn.userMessageId, null]);
  });
});
