import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { chatMessages, chatSessions } from "@/db/schema";
import { createTeam, memberCaller } from "@/test/factories";
import { countSessionMessages } from "./queries";
import { createSession, getHistory } from "./service";
import { sendChatMessage } from "./turn";

/** What the session row says, against what is really there. */
async function counts(sessionId: string) {
  const [kept] = await getDb().select({ n: chatSessions.messageCount }).from(chatSessions).where(eq(chatSessions.id, sessionId));
  const [real] = await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(chatMessages).where(eq(chatMessages.sessionId, sessionId));
  return { kept: kept!.n, real: real!.n };
}

describe("a conversation's message count", () => {
  it("follows every write of messages: a turn, a many-row insert across conversations, deletes, and concurrent writers", async () => {
    const team = await createTeam();
    const caller = memberCaller(team.admin);
    const first = await createSession(caller, { title: "One" });
    const second = await createSession(caller, { title: "Two" });
    expect(await counts(first.id)).toEqual({ kept: 0, real: 0 });

    await sendChatMessage(caller, { sessionId: first.id, message: "Do you sell desks?" });
    expect(await counts(first.id)).toEqual({ kept: 2, real: 2 });

    const message = (sessionId: string, content: string) => ({
      businessId: team.business.id, sessionId, userId: team.admin.id, role: "user" as const, content, userRoleAtTime: "admin" as const,
    });
    await getDb().insert(chatMessages).values([message(first.id, "a"), message(second.id, "b"), message(second.id, "c")]);
    expect(await counts(first.id)).toEqual({ kept: 3, real: 3 });
    expect(await counts(second.id)).toEqual({ kept: 2, real: 2 });

    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        transaction(async (tx) => {
          await tx.insert(chatMessages).values([message(second.id, `x${index}`), message(second.id, `y${index}`)]);
        }),
      ),
    );
    expect(await counts(second.id)).toEqual({ kept: 26, real: 26 });

    await getDb().delete(chatMessages).where(and(eq(chatMessages.sessionId, second.id), inArray(chatMessages.content, ["b", "c", "x0"])));
    expect(await counts(second.id)).toEqual({ kept: 23, real: 23 });

    // A write that fails leaves the count as it was.
    await expect(
      transaction(async (tx) => {
        await tx.insert(chatMessages).values(message(first.id, "rolled back"));
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect(await counts(first.id)).toEqual({ kept: 3, real: 3 });

    const history = await getHistory(caller, { sessionId: second.id, page: 1, pageSize: 5 });
    expect(history.count).toBe(23);
    expect(history.results).toHaveLength(5);
    // Another business sees no count of this conversation.
    const stranger = await createTeam();
    expect(await countSessionMessages(getDb(), { sessionId: second.id, businessId: stranger.business.id })).toBe(0);
  });
});
