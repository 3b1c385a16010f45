import { describe, expect, it } from "vitest";
import { getDb, transaction } from "@/db/client";
import { chatMessageFeedback, chatMessages } from "@/db/schema";
import { createTeam } from "@/test/factories";
import { getBusinessSession, getOwnedSession, insertSession, listMessagesBefore, listMessagesPage } from "./queries";

// The history reads are prepared once per database handle and run with each call's own values: these
// prove a statement prepared for one call answers the next with that call's values and scope only.

async function conversation(team: Awaited<ReturnType<typeof createTeam>>, userId: string, texts: string[]) {
  const session = await insertSession(getDb(), { businessId: team.business.id, userId, title: texts[0]! });
  const at = Date.now() - texts.length * 1000;
  const rows = await getDb()
    .insert(chatMessages)
    .values(
      texts.map((content, index) => ({
        businessId: team.business.id, sessionId: session.id, userId, role: "user" as const, content,
        userRoleAtTime: "viewer" as const, createdAt: new Date(at + index * 1000),
      })),
    )
    .returning({ id: chatMessages.id });
  return { session, ids: rows.map((row) => row.id) };
}

describe("prepared history reads", () => {
  it("page each conversation with its own values, within its own business, and the viewer's own ratings", async () => {
    const [one, two] = await Promise.all([createTeam(), createTeam()]);
    const mine = await conversation(one, one.viewer.id, ["a1", "a2", "a3", "a4", "a5"]);
    const theirs = await conversation(two, two.viewer.id, ["b1", "b2", "b3"]);
    await getDb().insert(chatMessageFeedback).values({ messageId: mine.ids[4]!, userId: one.viewer.id, businessId: one.business.id, rating: "up" });

    const page = (scope: { sessionId: string; businessId: string }, viewerId: string | null, limit: number, offset = 0) =>
      listMessagesPage(getDb(), { ...scope, viewerId, limit, offset });
    const ofMine = { sessionId: mine.session.id, businessId: one.business.id };
    const ofTheirs = { sessionId: theirs.session.id, businessId: two.business.id };

    expect((await page(ofMine, one.viewer.id, 2)).map((row) => [row.content, row.feedbackRating])).toEqual([["a4", null], ["a5", "up"]]);
    expect((await page(ofTheirs, two.viewer.id, 2)).map((row) => row.content)).toEqual(["b2", "b3"]);
    expect((await page(ofMine, one.viewer.id, 2, 2)).map((row) => row.content)).toEqual(["a2", "a3"]);
    // Another viewer, and a caller with no user (a key), see no rating.
    expect((await page(ofMine, one.admin.id, 1)).map((row) => row.feedbackRating)).toEqual([null]);
    expect((await page(ofMine, null, 1)).map((row) => row.feedbackRating)).toEqual([null]);
    // The business is a value of the statement, not only the session: the wrong pair reads nothing.
    expect(await page({ sessionId: mine.session.id, businessId: two.business.id }, one.viewer.id, 5)).toEqual([]);

    const before = (scope: { sessionId: string; businessId: string }, anchor: string, limit: number) =>
      listMessagesBefore(getDb(), { ...scope, viewerId: null, before: anchor, limit });
    const older = await before(ofMine, mine.ids[3]!, 2);
    expect({ contents: older!.rows.map((row) => row.content), hasMore: older!.hasMore }).toEqual({ contents: ["a2", "a3"], hasMore: true });
    const oldest = await before(ofTheirs, theirs.ids[1]!, 2);
    expect({ contents: oldest!.rows.map((row) => row.content), hasMore: oldest!.hasMore }).toEqual({ contents: ["b1"], hasMore: false });
    // An anchor of another conversation is no anchor here.
    expect(await before(ofMine, theirs.ids[2]!, 2)).toBeNull();
  });

  it("find a session by each shape of owner, inside and outside a transaction, and no one else's", async () => {
    const [one, two] = await Promise.all([createTeam(), createTeam()]);
    const mine = await conversation(one, one.viewer.id, ["hello"]);
    const member = (user: { id: string; businessId: string }) => ({ kind: "member" as const, userId: user.id, businessId: user.businessId });

    expect((await getOwnedSession(getDb(), { sessionId: mine.session.id, owner: member(one.viewer) }))?.id).toBe(mine.session.id);
    expect(await getOwnedSession(getDb(), { sessionId: mine.session.id, owner: member(one.admin) })).toBeNull();
    expect(await getOwnedSession(getDb(), { sessionId: mine.session.id, owner: member(two.viewer) })).toBeNull();
    // A member's conversation is never a key's, with or without an end user named.
    expect(await getOwnedSession(getDb(), { sessionId: mine.session.id, owner: { kind: "api", businessId: one.business.id } })).toBeNull();
    expect(await getOwnedSession(getDb(), { sessionId: mine.session.id, owner: { kind: "api", businessId: one.business.id, endUserId: one.viewer.id } })).toBeNull();

    const locked = await transaction((tx) => getOwnedSession(tx, { sessionId: mine.session.id, owner: member(one.viewer), lock: "update" }));
    expect(locked?.id).toBe(mine.session.id);
    const refused = await transaction((tx) => getOwnedSession(tx, { sessionId: mine.session.id, owner: member(two.viewer), lock: "update" }));
    expect(refused).toBeNull();

    expect((await getBusinessSession(getDb(), { sessionId: mine.session.id, businessId: one.business.id }))?.id).toBe(mine.session.id);
    expect(await getBusinessSession(getDb(), { sessionId: mine.session.id, businessId: two.business.id })).toBeNull();
  });
});
