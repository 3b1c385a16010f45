import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { businesses, chatMessages, chatSessions, rateLimits } from "@/db/schema";
import { UpstreamError, type ChatProvider } from "@/lib/ai/types";
import type { ChatCaller } from "@/lib/auth/caller";
import { upsertAnonymousEndUser } from "@/lib/end-users/queries";
import { createApiKey, createBusiness } from "@/test/factories";
import type { ChatEvent } from "./schemas";
import { endStaleTurns, staleAnswerAgeMs } from "./stale-turns";
import { abandonTurn, sendChatMessage, startChatTurn, type OpenedTurn } from "./turn";

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

async function drain(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const emitted: ChatEvent[] = [];
  for await (const event of events) emitted.push(event);
  return emitted;
}

/** A widget visitor of a business whose customers may send `daily` messages a day. */
async function visitorOf(options: { daily: number; cost?: number }): Promise<Extract<ChatCaller, { kind: "visitor" }>> {
  const business = await createBusiness({ messageCost: options.cost ?? 1, wallet: 1000, endUserDailyMessages: options.daily });
  const { apiKey } = await createApiKey({ businessId: business.id, kind: "publishable" });
  const endUser = await upsertAnonymousEndUser(getDb(), { businessId: business.id, anonymousKey: randomUUID() });
  return { kind: "visitor", businessId: business.id, apiKeyId: apiKey.id, keyExpiresAt: apiKey.expiresAt, endUser };
}

/** The end user's messages counted in the current day. */
async function countedToday(endUserId: string): Promise<number> {
  const [row] = await getDb()
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, "end_user_daily"), eq(rateLimits.key, endUserId), sql`${rateLimits.expiresAt} > now()`));
  return row?.count ?? 0;
}

async function walletOf(businessId: string): Promise<number> {
  return (await getDb().select({ wallet: businesses.walletCredits }).from(businesses).where(eq(businesses.id, businessId)))[0]!.wallet;
}

const send = (caller: ChatCaller, provider: ChatProvider) => sendChatMessage(caller, { message: "any desks?" }, { provider });

describe("an end user's daily messages", () => {
  it("an answer the model failed before writing anything is refunded and does not use up the day; answered ones do", async () => {
    const visitor = await visitorOf({ daily: 2 });
    for (let i = 0; i < 3; i++) await expect(send(visitor, down)).rejects.toMatchObject({ code: "upstream_error" });
    expect(await countedToday(visitor.endUser.id)).toBe(0);
    expect(await walletOf(visitor.businessId)).toBe(1000);

    await send(visitor, answers);
    await send(visitor, answers);
    expect(await countedToday(visitor.endUser.id)).toBe(2);
    await expect(send(visitor, answers)).rejects.toMatchObject({ code: "rate_limited" });
    // The refused message was not stored and charged nothing.
    expect(await walletOf(visitor.businessId)).toBe(998);
    const questions = await getDb().select().from(chatMessages).where(and(eq(chatMessages.endUserId, visitor.endUser.id), eq(chatMessages.role, "user")));
    expect(questions).toHaveLength(5);
  });

  it("at no message cost too: a failed answer is not a message of the day", async () => {
    const visitor = await visitorOf({ daily: 1, cost: 0 });
    await expect(send(visitor, down)).rejects.toMatchObject({ code: "upstream_error" });
    expect(await countedToday(visitor.endUser.id)).toBe(0);
    await send(visitor, answers);
    await expect(send(visitor, answers)).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("concurrent failures each give their message back once: none is lost and none counted twice", async () => {
    const visitor = await visitorOf({ daily: 6 });
    await send(visitor, answers);
    const failed = await Promise.allSettled(Array.from({ length: 5 }, () => send(visitor, down)));
    expect(failed.every((result) => result.status === "rejected" && (result.reason as { code?: string }).code === "upstream_error")).toBe(true);
    expect(await countedToday(visitor.endUser.id)).toBe(1);
    const answered = await Promise.allSettled(Array.from({ length: 6 }, () => send(visitor, answers)));
    expect(answered.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    expect(await countedToday(visitor.endUser.id)).toBe(6);
  });

  it("a stopped answer counts, as its charge stands", async () => {
    const visitor = await visitorOf({ daily: 1 });
    const turn = await startChatTurn(visitor, { message: "any desks?" }, { provider: answers });
    turn.abort();
    expect((await drain(turn.events)).at(-1)).toMatchObject({ event: "error", data: { error: "aborted" } });
    expect(await countedToday(visitor.endUser.id)).toBe(1);
    await expect(send(visitor, answers)).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("an answer the stale-turn sweep ends is given back once, even when its own turn settles after", async () => {
    const visitor = await visitorOf({ daily: 2 });
    await send(visitor, answers);
    // Opened and not yet read: its answer stays `streaming` until the sweep ends it.
    const stuck = await startChatTurn(visitor, { message: "and chairs?" }, { provider: down });
    expect(await countedToday(visitor.endUser.id)).toBe(2);
    expect(await endStaleTurns(new Date(Date.now() + staleAnswerAgeMs() + 1_000))).toBeGreaterThanOrEqual(1);
    expect(await countedToday(visitor.endUser.id)).toBe(1);
    expect(await walletOf(visitor.businessId)).toBe(999);
    // Its turn then fails, finds it ended, and gives nothing back a second time.
    expect((await drain(stuck.events)).at(-1)).toMatchObject({ event: "error", data: { error: "aborted" } });
    expect(await countedToday(visitor.endUser.id)).toBe(1);
    await send(visitor, answers);
    await expect(send(visitor, answers)).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("an answer that could not be saved is given back", async () => {
    const visitor = await visitorOf({ daily: 1 });
    const turn = await startChatTurn(visitor, { message: "any desks?" }, { provider: answers });
    const [session] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, turn.sessionId));
    const [userMessage] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, turn.userMessageId));
    const [assistant] = await getDb().select().from(chatMessages).where(eq(chatMessages.id, turn.assistantMessageId!));
    const opened: OpenedTurn = {
      kind: "assistant",
      session: session!,
      userMessage: userMessage!,
      assistant: assistant!,
      charge: { userId: null, endUserId: visitor.endUser.id, businessId: visitor.businessId, amount: 1, messageId: userMessage!.id },
      balance: 999,
      isNewSession: true,
    };
    expect(await abandonTurn(visitor.businessId, opened)).toBe("abandoned");
    expect(await countedToday(visitor.endUser.id)).toBe(0);
    expect(await walletOf(visitor.businessId)).toBe(1000);
    await send(visitor, answers);
  });

  it("a failure gives back to the day that counted it, never to a day that started after it", async () => {
    const visitor = await visitorOf({ daily: 1 });
    const stuck = await startChatTurn(visitor, { message: "any desks?" }, { provider: down });
    // That day ends; the next one starts with an answered message.
    await getDb()
      .update(rateLimits)
      .set({ windowStartedAt: sql`now() - interval '25 hours'`, expiresAt: sql`now() - interval '1 hour'` })
      .where(and(eq(rateLimits.bucket, "end_user_daily"), eq(rateLimits.key, visitor.endUser.id)));
    await send(visitor, answers);
    expect(await countedToday(visitor.endUser.id)).toBe(1);
    expect((await drain(stuck.events)).at(-1)).toMatchObject({ event: "error", data: { error: "upstream_error" } });
    expect(await countedToday(visitor.endUser.id)).toBe(1);
    await expect(send(visitor, answers)).rejects.toMatchObject({ code: "rate_limited" });
  });
});
