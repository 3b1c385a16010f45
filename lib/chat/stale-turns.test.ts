import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { chatMessages, creditTransactions, events, users } from "@/db/schema";
import type { ChatProvider } from "@/lib/ai/types";
import { createTeam, memberCaller } from "@/test/factories";
import { regenerateAnswer } from "./branches";
import { endStaleTurns, INTERRUPTED_ANSWER, staleAnswerAgeMs } from "./stale-turns";
import { sendChatMessage, startChatTurn } from "./turn";

// A turn whose instance stopped mid-answer: it was opened (charged, its answer `streaming`) and its
// events are never read, so nothing settles it.
const stopsMidAnswer: ChatProvider = {
  name: "local",
  async *stream() {
    yield { type: "delta", text: "never read" };
  },
};

const answers: ChatProvider = {
  name: "local",
  async *stream() {
    yield { type: "delta", text: "Two desks." };
  },
};

async function creditsOf(userId: string): Promise<number> {
  return (await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, userId)))[0]!.credits;
}

async function answerOf(id: string) {
  return (await getDb().select().from(chatMessages).where(eq(chatMessages.id, id)))[0]!;
}

async function ledgerOf(userId: string) {
  return getDb()
    .select({ kind: creditTransactions.kind, amount: creditTransactions.amount, messageId: creditTransactions.messageId })
    .from(creditTransactions)
    .where(and(eq(creditTransactions.userId, userId), inArray(creditTransactions.kind, ["message", "refund"])))
    .orderBy(creditTransactions.seq);
}

const later = (age: number) => new Date(Date.now() + age);

describe("ending turns a stopped instance left unfinished", () => {
  it("marks an old unfinished answer failed, refunds its charge once, and announces both; a young one and a settled one are left alone", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    const settled = await sendChatMessage(caller, { message: "any desks?" }, { provider: answers });
    const afterSettled = await creditsOf(team.viewer.id);
    const stopped = await startChatTurn(caller, { message: "and chairs?", sessionId: settled.sessionId }, { provider: stopsMidAnswer });
    const charged = await creditsOf(team.viewer.id);
    expect(charged).toBeLessThan(afterSettled);

    // Not yet old enough: whoever writes it may still be at it.
    expect(await endStaleTurns(later(staleAnswerAgeMs() - 60_000))).toBe(0);
    expect((await answerOf(stopped.assistantMessageId!)).status).toBe("streaming");

    const eventsBefore = await getDb().select({ id: events.id }).from(events).where(eq(events.businessId, team.business.id));
    expect(await endStaleTurns(later(staleAnswerAgeMs() + 1_000))).toBe(1);
    expect(await answerOf(stopped.assistantMessageId!)).toMatchObject({ status: "error", content: "", error: INTERRUPTED_ANSWER });
    expect(await answerOf(settled.message!.id)).toMatchObject({ status: "complete", content: "Two desks." });
    expect(await creditsOf(team.viewer.id)).toBe(afterSettled);
    const refunds = (await ledgerOf(team.viewer.id)).filter((row) => row.kind === "refund");
    expect(refunds).toEqual([{ kind: "refund", amount: afterSettled - charged, messageId: stopped.userMessageId }]);
    const announced = await getDb().select().from(events).where(eq(events.businessId, team.business.id));
    const fresh = announced.filter((event) => !eventsBefore.some((old) => old.id === event.id));
    expect(fresh.map((event) => event.type).sort()).toEqual(["credits", "message"]);

    // A second sweep finds nothing more to do.
    expect(await endStaleTurns(later(staleAnswerAgeMs() + 2_000))).toBe(0);
    expect(await creditsOf(team.viewer.id)).toBe(afterSettled);
    expect(before).toBeGreaterThan(afterSettled);
  });

  it("a regeneration left unfinished gives back its own charge, never the one of the answer it replaced", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const first = await sendChatMessage(caller, { message: "any desks?" }, { provider: answers });
    const afterFirst = await creditsOf(team.viewer.id);
    const regenerating = await regenerateAnswer(caller, { messageId: first.message!.id }, { provider: stopsMidAnswer });
    expect(await creditsOf(team.viewer.id)).toBeLessThan(afterFirst);

    expect(await endStaleTurns(later(staleAnswerAgeMs() + 1_000))).toBe(1);
    expect((await answerOf(regenerating.assistantMessageId!)).status).toBe("error");
    expect(await answerOf(first.message!.id)).toMatchObject({ status: "complete" });
    expect(await creditsOf(team.viewer.id)).toBe(afterFirst);
    const refunds = (await ledgerOf(team.viewer.id)).filter((row) => row.kind === "refund");
    expect(refunds.map((row) => row.messageId)).toEqual([regenerating.assistantMessageId]);
  });

  it("a turn still running when the sweep ends it (an instance far slower than every timeout) keeps the sweep's ending: no answer stored over it, no second refund", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.viewer);
    const before = await creditsOf(team.viewer.id);
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const slow: ChatProvider = {
      name: "local",
      async *stream() {
        await finished;
        yield { type: "delta", text: "Late answer." };
      },
    };
    const turn = await startChatTurn(caller, { message: "any desks?" }, { provider: slow });
    const events = turn.events[Symbol.asyncIterator]();
    await events.next(); // meta; the model call is under way
    const rest = (async () => {
      const emitted = [];
      for (let next = await events.next(); !next.done; next = await events.next()) emitted.push(next.value);
      return emitted;
    })();

    expect(await endStaleTurns(later(staleAnswerAgeMs() + 1_000))).toBe(1);
    finish();
    const emitted = await rest;
    expect(emitted.at(-1)).toEqual({ event: "error", data: { error: "aborted", detail: "This answer took too long and was ended; your credits were refunded." } });
    expect(await answerOf(turn.assistantMessageId!)).toMatchObject({ status: "error", content: "", error: INTERRUPTED_ANSWER });
    expect((await ledgerOf(team.viewer.id)).filter((row) => row.kind === "refund")).toHaveLength(1);
    expect(await creditsOf(team.viewer.id)).toBe(before);
  });
});
