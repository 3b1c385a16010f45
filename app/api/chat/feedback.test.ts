import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { GET as feedbackGet } from "@/app/api/chat/feedback/route";
import { GET as historyGet } from "@/app/api/chat/history/route";
import { DELETE as rateDelete, GET as rateGet, POST as ratePost } from "@/app/api/chat/messages/[id]/feedback/route";
import { GET as unansweredGet } from "@/app/api/chat/unanswered/route";
import { POST as takeoverPost } from "@/app/api/inbox/[sessionId]/takeover/route";
import { POST as replyPost } from "@/app/api/inbox/[sessionId]/reply/route";
import { getDb } from "@/db/client";
import { chatMessageFeedback, chatMessages } from "@/db/schema";
import { resetEnv } from "@/lib/env";
import { createApiKey, createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

// No OPENAI_API_KEY in this file: the built-in assistant answers, deterministically.
delete process.env.OPENAI_API_KEY;
resetEnv();

type Team = Awaited<ReturnType<typeof createTeam>>;
type Tokens = Record<"admin" | "editor" | "approver" | "viewer", string>;
let team: Team;
let other: Team;
let tokens: Tokens;
let otherTokens: Tokens;

async function tokensOf(t: Team): Promise<Tokens> {
  const [admin, editor, approver, viewer] = await Promise.all([t.admin, t.editor, t.approver, t.viewer].map(tokenFor));
  return { admin: admin!, editor: editor!, approver: approver!, viewer: viewer! };
}

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  [tokens, otherTokens] = await Promise.all([tokensOf(team), tokensOf(other)]);
  for (const t of [team, other]) {
    await createProduct({ businessId: t.business.id, status: "approved", name: "Standing Desk", description: "Electric height-adjustable desk.", price: "499.00" });
  }
});

/** One turn with the assistant; the answer's id and its session. */
async function ask(token: string, message: string, sessionId?: string) {
  const res = await callRoute(chatPost, { token, body: { message, ...(sessionId ? { sessionId } : {}) } });
  expect(res.status).toBe(200);
  return { sessionId: res.body.sessionId as string, answerId: res.body.message.id as string, body: res.body };
}

function rate(token: string | null, messageId: string, body: unknown) {
  return callRoute(ratePost, { token, params: { id: messageId }, body });
}

async function history(token: string, sessionId: string) {
  const res = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}` });
  expect(res.status).toBe(200);
  return res.body.results as { id: string; role: string; feedback: unknown; creditsCharged: number | null }[];
}

describe("POST /api/chat/messages/:id/feedback", () => {
  it("rates the member's own answer, changes the rating in place, and the history shows it with what the turn charged", async () => {
    const viewer = await createUser({ businessId: team.business.id });
    const token = await tokenFor(viewer);
    const turn = await ask(token, "do you have a standing desk?");
    expect(turn.body.message).toMatchObject({ feedback: null, creditsCharged: 100 });

    const down = await rate(token, turn.answerId, { rating: "down", reason: "  Too vague about the size.  " });
    expect(down.status).toBe(200);
    expect(down.body).toEqual({ feedback: { messageId: turn.answerId, rating: "down", reason: "Too vague about the size.", updatedAt: expect.any(String) } });

    const up = await rate(token, turn.answerId, { rating: "up" });
    expect(up.status).toBe(200);
    expect(up.body.feedback).toMatchObject({ messageId: turn.answerId, rating: "up", reason: null });
    expect(new Date(up.body.feedback.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(down.body.feedback.updatedAt).getTime());
    const stored = await getDb().select().from(chatMessageFeedback).where(eq(chatMessageFeedback.messageId, turn.answerId));
    expect(stored.map((row) => [row.userId, row.rating, row.reason, row.businessId])).toEqual([[viewer.id, "up", null, team.business.id]]);

    const [question, answer] = await history(token, turn.sessionId);
    expect(question).toMatchObject({ role: "user", feedback: null, creditsCharged: null });
    expect(answer).toMatchObject({ id: turn.answerId, role: "assistant", feedback: { rating: "up", reason: null }, creditsCharged: 100 });
    // An admin reading the conversation sees the charge, and their own rating (none), not the owner's.
    const asAdmin = await history(tokens.admin, turn.sessionId);
    expect(asAdmin[1]).toMatchObject({ feedback: null, creditsCharged: 100 });

    // The keyset page reads the same fields.
    const keyset = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${turn.sessionId}&before=${turn.answerId}&pageSize=5` });
    expect(keyset.body.results).toEqual([question]);

    expect((await callRoute(rateDelete, { token, method: "DELETE", params: { id: turn.answerId } })).status).toBe(204);
    expect((await history(token, turn.sessionId))[1]!.feedback).toBeNull();
    // Taking back a rating that is not there is no error.
    expect((await callRoute(rateDelete, { token, method: "DELETE", params: { id: turn.answerId } })).status).toBe(204);
  });

  it("answers 404 alike for an unknown id, a user's message, another member's answer and another business's answer", async () => {
    const turn = await ask(tokens.viewer, "a standing desk, please");
    const [userMessage] = await getDb()
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(and(eq(chatMessages.sessionId, turn.sessionId), eq(chatMessages.role, "user")));
    const foreign = await ask(otherTokens.viewer, "a standing desk, please");
    const refusals = [
      await rate(tokens.viewer, randomUUID(), { rating: "up" }),
      await rate(tokens.viewer, "not-a-message-id", { rating: "up" }),
      await rate(tokens.viewer, userMessage!.id, { rating: "up" }),
      // Only the owner rates an answer: an admin who may read the conversation may not rate it.
      await rate(tokens.admin, turn.answerId, { rating: "down" }),
      await rate(tokens.editor, turn.answerId, { rating: "down" }),
      await rate(tokens.viewer, foreign.answerId, { rating: "down" }),
      await rate(otherTokens.admin, turn.answerId, { rating: "down" }),
    ];
    expect(refusals.map((res) => [res.status, res.body.error])).toEqual(refusals.map(() => [404, "not_found"]));
    expect(new Set(refusals.map((res) => res.body.detail)).size).toBe(1);
    const deletions: [string, string][] = [
      [otherTokens.admin, turn.answerId],
      [tokens.admin, turn.answerId],
      [tokens.viewer, randomUUID()],
    ];
    for (const [token, id] of deletions) {
      expect((await callRoute(rateDelete, { token, method: "DELETE", params: { id } })).status).toBe(404);
    }
    expect(await getDb().select().from(chatMessageFeedback).where(eq(chatMessageFeedback.messageId, turn.answerId))).toEqual([]);
  });

  it("refuses a bad body with a JSON 400 naming the field, and callers who are not members with 401", async () => {
    const turn = await ask(tokens.viewer, "standing desk");
    const cases: [unknown, string][] = [
      [{}, "rating"],
      [{ rating: "meh" }, "rating"],
      [{ rating: "down", reason: "x".repeat(1001) }, "reason"],
      [{ rating: "down", reason: 42 }, "reason"],
    ];
    for (const [body, field] of cases) {
      const res = await rate(tokens.viewer, turn.answerId, body);
      expect({ status: res.status, error: res.body.error, fields: Object.keys(res.body.fields ?? {}) }).toEqual({ status: 400, error: "invalid_request", fields: [field] });
    }
    const broken = await callRoute(ratePost, { token: tokens.viewer, params: { id: turn.answerId }, rawBody: "{", headers: { "content-type": "application/json" } });
    expect([broken.status, broken.body.error]).toEqual([400, "invalid_request"]);
    // A reason of exactly 1,000 characters is fine; a blank one is no reason.
    expect((await rate(tokens.viewer, turn.answerId, { rating: "down", reason: "y".repeat(1000) })).body.feedback.reason).toHaveLength(1000);
    expect((await rate(tokens.viewer, turn.answerId, { rating: "down", reason: "   " })).body.feedback.reason).toBeNull();

    expect((await rate(null, turn.answerId, { rating: "up" })).status).toBe(401);
    const { key } = await createApiKey({ businessId: team.business.id });
    const withKey = await callRoute(ratePost, { params: { id: turn.answerId }, headers: { "x-api-key": key }, body: { rating: "up" } });
    expect(withKey.status).toBe(401);
  });

  it("an agent's reply and the user's messages carry no charge; nothing rates a person's reply", async () => {
    const viewer = await createUser({ businessId: team.business.id });
    const token = await tokenFor(viewer);
    const turn = await ask(token, "standing desk");
    expect((await callRoute(takeoverPost, { token: tokens.admin, params: { sessionId: turn.sessionId } })).status).toBe(200);
    const reply = await callRoute(replyPost, { token: tokens.admin, params: { sessionId: turn.sessionId }, body: { message: "Hi, a person here." } });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ role: "agent", creditsCharged: null, feedback: null });
    const messages = await history(token, turn.sessionId);
    expect(messages.map((m) => [m.role, m.creditsCharged])).toEqual([
      ["user", null],
      ["assistant", 100],
      ["agent", null],
    ]);
    expect((await rate(token, reply.body.message.id, { rating: "up" })).status).toBe(404);
  });
});

describe("the admin's view of feedback and unanswered questions", () => {
  it("an admin sees 👎 answers and unanswered questions with counts on a fixture", async () => {
    const t = await createTeam();
    const o = await createTeam();
    await createProduct({ businessId: t.business.id, status: "approved", name: "Standing Desk", description: "Electric height-adjustable desk.", price: "499.00" });
    const [tt, ot] = await Promise.all([tokensOf(t), tokensOf(o)]);

    // Two people ask for submarines (spelled differently), one for a hovercraft; one question finds a desk.
    const sub1 = await ask(tt.viewer, "Do you sell submarines?");
    const desk = await ask(tt.editor, "do you have a standing desk?");
    const hover = await ask(tt.editor, "Any hovercraft for sale?");
    const sub2 = await ask(tt.approver, "  do you SELL\n submarines?  ");
    // Another business's gap and rating never show up here.
    const foreignGap = await ask(ot.viewer, "Do you sell submarines?");
    expect((await rate(ot.viewer, foreignGap.answerId, { rating: "down", reason: "Other business" })).status).toBe(200);

    const flags = await getDb().select({ id: chatMessages.id, noMatch: chatMessages.noMatch }).from(chatMessages).where(eq(chatMessages.businessId, t.business.id));
    const noMatch = new Map(flags.map((row) => [row.id, row.noMatch]));
    expect([sub1, desk, hover, sub2].map((turn) => noMatch.get(turn.answerId))).toEqual([true, false, true, true]);

    expect((await rate(tt.viewer, sub1.answerId, { rating: "down", reason: "We need submarines!" })).status).toBe(200);
    expect((await rate(tt.editor, desk.answerId, { rating: "up" })).status).toBe(200);
    expect((await rate(tt.editor, hover.answerId, { rating: "down" })).status).toBe(200);

    const down = await callRoute(feedbackGet, { token: tt.admin, path: "/api/chat/feedback?rating=down" });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ count: 2, next: null, previous: null });
    expect(down.body.results).toEqual([
      {
        id: expect.any(String),
        messageId: hover.answerId,
        sessionId: hover.sessionId,
        rating: "down",
        reason: null,
        question: "Any hovercraft for sale?",
        answer: hover.body.response,
        user: { id: t.editor.id, name: t.editor.name },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      {
        id: expect.any(String),
        messageId: sub1.answerId,
        sessionId: sub1.sessionId,
        rating: "down",
        reason: "We need submarines!",
        question: "Do you sell submarines?",
        answer: sub1.body.response,
        user: { id: t.viewer.id, name: t.viewer.name },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    const all = await callRoute(feedbackGet, { token: tt.admin, path: "/api/chat/feedback?pageSize=2" });
    expect(all.body.count).toBe(3);
    expect(all.body.results.map((r: { messageId: string }) => r.messageId)).toEqual([hover.answerId, desk.answerId]);
    expect(all.body.next).toContain("page=2");
    const up = await callRoute(feedbackGet, { token: tt.admin, path: "/api/chat/feedback?rating=up" });
    expect(up.body.results.map((r: { messageId: string; rating: string }) => [r.messageId, r.rating])).toEqual([[desk.answerId, "up"]]);

    const gaps = await callRoute(unansweredGet, { token: tt.admin, path: "/api/chat/unanswered" });
    expect(gaps.status).toBe(200);
    expect(gaps.body).toMatchObject({ count: 2, next: null, previous: null });
    expect(gaps.body.results).toEqual([
      { question: "do you sell submarines?", count: 2, lastAskedAt: expect.any(String), example: "do you SELL\n submarines?" },
      { question: "any hovercraft for sale?", count: 1, lastAskedAt: expect.any(String), example: "Any hovercraft for sale?" },
    ]);
    const firstPage = await callRoute(unansweredGet, { token: tt.admin, path: "/api/chat/unanswered?pageSize=1" });
    expect(firstPage.body).toMatchObject({ count: 2, results: [{ question: "do you sell submarines?", count: 2 }] });
    expect(firstPage.body.next).toContain("page=2");

    // The other business's admin sees only theirs.
    const theirs = await callRoute(feedbackGet, { token: ot.admin, path: "/api/chat/feedback" });
    expect(theirs.body.results.map((r: { reason: string }) => r.reason)).toEqual(["Other business"]);
    const theirGaps = await callRoute(unansweredGet, { token: ot.admin, path: "/api/chat/unanswered" });
    expect(theirGaps.body.results).toEqual([{ question: "do you sell submarines?", count: 1, lastAskedAt: expect.any(String), example: "Do you sell submarines?" }]);
  });

  it("is for admins only: 403 for the other roles, 401 signed out, 400 for a bad query", async () => {
    for (const handler of [feedbackGet, unansweredGet]) {
      for (const role of ["editor", "approver", "viewer"] as const) {
        const res = await callRoute(handler, { token: tokens[role] });
        expect({ role, status: res.status, error: res.body.error }).toEqual({ role, status: 403, error: "forbidden" });
      }
      expect((await callRoute(handler, {})).status).toBe(401);
      const { key } = await createApiKey({ businessId: team.business.id });
      expect((await callRoute(handler, { headers: { "x-api-key": key } })).status).toBe(401);
      const badPage = await callRoute(handler, { token: tokens.admin, path: "/api/chat/x?page=0" });
      expect([badPage.status, badPage.body.error, Object.keys(badPage.body.fields)]).toEqual([400, "invalid_request", ["page"]]);
    }
    const badRating = await callRoute(feedbackGet, { token: tokens.admin, path: "/api/chat/feedback?rating=sideways" });
    expect([badRating.status, Object.keys(badRating.body.fields)]).toEqual([400, ["rating"]]);
    expect((await callRoute(rateGet, { token: tokens.viewer, method: "GET", params: { id: randomUUID() } })).status).toBe(405);
  });
});
