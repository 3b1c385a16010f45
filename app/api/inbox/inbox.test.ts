import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as handbackRoute from "@/app/api/inbox/[sessionId]/handback/route";
import * as readRoute from "@/app/api/inbox/[sessionId]/read/route";
import * as replyRoute from "@/app/api/inbox/[sessionId]/reply/route";
import * as takeoverRoute from "@/app/api/inbox/[sessionId]/takeover/route";
import * as userRoute from "@/app/api/users/[id]/route";
import { POST as editPost } from "@/app/api/chat/messages/[id]/edit/route";
import * as inboxRoute from "@/app/api/inbox/route";
import * as historyRoute from "@/app/api/chat/history/route";
import { POST as chatPost } from "@/app/api/chat/route";
import * as handoffRoute from "@/app/api/chat/sessions/[id]/handoff/route";
import * as sessionRoute from "@/app/api/chat/sessions/[id]/route";
import * as sessionsRoute from "@/app/api/chat/sessions/route";
import * as typingRoute from "@/app/api/chat/sessions/[id]/typing/route";
import { getDb } from "@/db/client";
import { auditLog, chatMessages, chatSessions, users } from "@/db/schema";
import { startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { LocalProvider } from "@/lib/ai/local-provider";
import { AGENT_IDLE_MS, returnIdleHandoffs } from "@/lib/chat/handoff";
import { sendChatMessage } from "@/lib/chat/turn";
import { resetEnv } from "@/lib/env";
import { createApiKey, createTeam, createUser, memberCaller } from "@/test/factories";
import { parseSse } from "@/test/chat-stream";
import { openEventStream } from "@/test/event-stream";
import { callRoute, tokenFor } from "@/test/http";
import { visitorConversation } from "@/test/widget-visitor";

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let adminToken: string;
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_API_KEY = "sk-fake-key";
  process.env.OPENAI_BASE_URL = fake.baseURL;
  resetEnv();
  team = await createTeam();
  other = await createTeam();
  adminToken = await tokenFor(team.admin);
});

afterAll(async () => {
  await fake.close();
  delete process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_BASE_URL;
  resetEnv();
});

beforeEach(() => fake.reset());

async function customer() {
  const user = await createUser({ businessId: team.business.id, role: "viewer", credits: 1000, name: `Customer ${Math.random().toString(36).slice(2, 7)}` });
  return { user, token: await tokenFor(user) };
}

async function say(token: string, message: string, sessionId?: string) {
  fake.enqueue({ kind: "text", chunks: ["Assistant answer."] });
  const answer = await callRoute(chatPost, { token, body: { message, ...(sessionId ? { sessionId } : {}) } });
  expect(answer.status).toBe(200);
  return answer.body as { sessionId: string; status: string; response: string; message: { id: string } | null; credits: number };
}

const credits = async (userId: string) => (await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, userId)))[0]!.credits;
const audits = async (sessionId: string) =>
  (await getDb().select().from(auditLog).where(eq(auditLog.entityId, sessionId)).orderBy(auditLog.createdAt)).map((row) => row.action);

describe("handing a conversation to a person", () => {
  it("after Take over, a user message is stored, not charged and not sent to the model; the admin's reply reaches the user with the admin's name; Hand back resumes the assistant", async () => {
    const { user, token } = await customer();
    const first = await say(token, "Where is my order?");
    expect(fake.requests).toHaveLength(1);
    const userStream = await openEventStream({ token });

    const taken = await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    expect(taken.status).toBe(200);
    expect(taken.body.session.status).toBe("with_person");

    fake.reset();
    const balance = await credits(user.id);
    const waiting = await callRoute(chatPost, { token, body: { message: "Hello? Anyone?", sessionId: first.sessionId } });
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ status: "with_person", response: "", message: null, costCents: "0.0000", credits: balance });
    expect(fake.requests).toHaveLength(0);
    expect(await credits(user.id)).toBe(balance);

    const reply = await callRoute(replyRoute.POST, { token: adminToken, params: { sessionId: first.sessionId }, body: { message: "Hi, I'm looking into it now." } });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ role: "agent", content: "Hi, I'm looking into it now.", authorName: team.admin.name });

    const history = await callRoute(historyRoute.GET, { token, path: `/api/chat/history?sessionId=${first.sessionId}` });
    expect(history.body.results.map((m: { role: string; content: string; authorName: string | null }) => [m.role, m.content, m.authorName])).toEqual([
      ["user", "Where is my order?", null],
      ["assistant", "Assistant answer.", null],
      ["user", "Hello? Anyone?", null],
      ["agent", "Hi, I'm looking into it now.", team.admin.name],
    ]);
    // Live, in the user's open chat: the takeover, their own message, then the person's reply.
    const live = await userStream.take(3);
    expect(live.map((item) => ("data" in item ? [item.type, (item.data as { action: string }).action] : item.type))).toEqual([
      ["session", "handoff"],
      ["message", "created"],
      ["message", "created"],
    ]);
    userStream.close();

    const back = await callRoute(handbackRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    expect(back.body.session.status).toBe("assistant");
    const resumed = await say(token, "Thanks, one more question", first.sessionId);
    expect(resumed.response).toBe("Assistant answer.");
    expect(fake.requests).toHaveLength(1);
    // The assistant reads what the person said, named, on the business's side of the conversation.
    const said = fake.requests[0]!.body.messages.map((message) => [message.role, message.content]);
    expect(said).toContainEqual(["assistant", `[${team.admin.name}, a person of the team, replied:] Hi, I'm looking into it now.`]);
    expect(said).toContainEqual(["user", "Hello? Anyone?"]);
    expect(await credits(user.id)).toBeLessThan(balance);
    expect(await audits(first.sessionId)).toEqual(["chat.takeover", "chat.agent_reply", "chat.handback"]);
  });

  it("streams a message to a person as meta then handoff, with no assistant message", async () => {
    const { token } = await customer();
    const first = await say(token, "Need help");
    await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    const streamed = await callRoute(chatPost, { token, headers: { accept: "text/event-stream" }, body: { message: "Still there?", sessionId: first.sessionId } });
    expect(streamed.text).toMatch(/event: meta\ndata: \{"sessionId":"[^"]+","userMessageId":"[^"]+","assistantMessageId":null\}/);
    expect(streamed.text).toContain('event: handoff\ndata: {"status":"with_person"');
    expect(fake.requests).toHaveLength(1);
  });

  it("a conversation left alone for 15 minutes returns to the assistant by itself (clock injected)", async () => {
    const { token, user } = await customer();
    const first = await say(token, "Question");
    await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    const [taken] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, first.sessionId));

    expect(await returnIdleHandoffs(new Date(taken!.agentActiveAt!.getTime() + AGENT_IDLE_MS - 1000))).toBe(0);
    expect(await returnIdleHandoffs(new Date(taken!.agentActiveAt!.getTime() + AGENT_IDLE_MS + 1000))).toBeGreaterThanOrEqual(1);
    const [after] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, first.sessionId));
    expect(after).toMatchObject({ handler: "assistant", agentId: null });
    expect(await audits(first.sessionId)).toEqual(["chat.takeover", "chat.handback"]);

    // And when the user writes after the quiet period, before any sweep: the assistant answers at once.
    await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    const [again] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, first.sessionId));
    fake.reset();
    fake.enqueue({ kind: "text", chunks: ["Back with the assistant."] });
    const later = new Date(again!.agentActiveAt!.getTime() + AGENT_IDLE_MS + 60_000);
    const result = await sendChatMessage(memberCaller(user), { message: "Hello?", sessionId: first.sessionId }, { now: () => later });
    expect(result).toMatchObject({ status: "assistant", response: "Back with the assistant." });
    expect(fake.requests).toHaveLength(1);
  });

  it('"talk to a human" marks the conversation as needing a person — with the built-in assistant and through a model tool call', async () => {
    const { user, token } = await customer();
    const first = await say(token, "Hi");
    const local = await sendChatMessage(memberCaller(user), { message: "Can I talk to a human please?", sessionId: first.sessionId }, { provider: new LocalProvider({ chunkDelayMs: 0 }) });
    expect(local.response).toContain("I've asked a person from the team to join this conversation");
    // The turn's own answer says who has the conversation now, not who had it when the message came.
    expect(local.status).toBe("needs_person");
    expect((await callRoute(sessionRoute.GET, { token, params: { id: first.sessionId } })).body.status).toBe("needs_person");

    const second = await customer();
    const start = await say(second.token, "Hi");
    fake.enqueue({ kind: "tool_calls", calls: [{ name: "request_human", arguments: { reason: "refund" } }] }, { kind: "text", chunks: ["A person will reply here."] });
    const viaModel = await callRoute(chatPost, { token: second.token, body: { message: "I want a refund, get me someone", sessionId: start.sessionId } });
    expect(viaModel.body.response).toBe("A person will reply here.");
    expect(viaModel.body.status).toBe("needs_person");
    expect(JSON.parse(fake.requests.at(-1)!.body.messages.at(-1)!.content!)).toMatchObject({ status: "needs_person" });
    const inbox = await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?status=needs_person&pageSize=100" });
    expect(inbox.body.results.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([first.sessionId, start.sessionId]));
    expect(await audits(start.sessionId)).toEqual(["chat.person_request"]);

    // Streamed, the closing `done` carries it: a widget learns it from the answer itself.
    const third = await customer();
    const opened = await say(third.token, "Hi");
    fake.enqueue({ kind: "tool_calls", calls: [{ name: "request_human", arguments: { reason: "delivery" } }] }, { kind: "text", chunks: ["Someone will be with you."] });
    const streamed = await callRoute(chatPost, { token: third.token, headers: { accept: "text/event-stream" }, body: { message: "Where is my order? A person please", sessionId: opened.sessionId } });
    const done = parseSse(streamed.text).at(-1)!;
    expect(done).toMatchObject({ event: "done", data: { status: "needs_person" } });
    const other = await say(second.token, "new");
    fake.enqueue({ kind: "text", chunks: ["Plain answer."] });
    const plain = await callRoute(chatPost, { token: second.token, headers: { accept: "text/event-stream" }, body: { message: "hello", sessionId: other.sessionId } });
    expect(parseSse(plain.text).at(-1)).toMatchObject({ event: "done", data: { status: "assistant" } });
  });

  it("while a person is asked for, the assistant waits: a message is stored for the person, free and without a model call; the owner may go back to the assistant until a person joins", async () => {
    const { user, token } = await customer();
    const first = await say(token, "Hi");
    expect((await callRoute(handoffRoute.POST, { token, params: { id: first.sessionId } })).body.session.status).toBe("needs_person");

    fake.reset();
    const balance = await credits(user.id);
    const waiting = await callRoute(chatPost, { token, body: { message: "Hello, anyone there?", sessionId: first.sessionId } });
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({ status: "needs_person", response: "", message: null, costCents: "0.0000", credits: balance });
    expect(fake.requests).toHaveLength(0);
    expect(await credits(user.id)).toBe(balance);
    const stored = await getDb().select().from(chatMessages).where(and(eq(chatMessages.sessionId, first.sessionId), eq(chatMessages.content, "Hello, anyone there?")));
    expect(stored).toHaveLength(1);

    // Someone else cannot withdraw it; the owner can, and the assistant answers (and charges) again.
    const stranger = await customer();
    expect((await callRoute(handoffRoute.DELETE, { method: "DELETE", token: stranger.token, params: { id: first.sessionId } })).status).toBe(404);
    const withdrawn = await callRoute(handoffRoute.DELETE, { method: "DELETE", token, params: { id: first.sessionId } });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.session.status).toBe("assistant");
    const answered = await say(token, "Never mind, which desk is cheapest?", first.sessionId);
    expect(answered).toMatchObject({ status: "assistant", response: "Assistant answer." });
    expect(fake.requests).toHaveLength(1);
    expect(await credits(user.id)).toBeLessThan(balance);
    expect(await audits(first.sessionId)).toEqual(["chat.person_request", "chat.person_request_withdraw"]);

    // Once a person has joined, the conversation is theirs until they hand it back.
    await callRoute(handoffRoute.POST, { token, params: { id: first.sessionId } });
    await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    const taken = await callRoute(handoffRoute.DELETE, { method: "DELETE", token, params: { id: first.sessionId } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toBe("conflict");
  });

  it("a new conversation whose first message waits for a person takes its title from that message, as one the assistant answers does", async () => {
    const { token } = await customer();
    const created = await callRoute(sessionsRoute.POST, { method: "POST", token, body: {} });
    expect(created.status).toBe(201);
    const sessionId = created.body.id as string;
    expect((await callRoute(handoffRoute.POST, { token, params: { id: sessionId } })).body.session.status).toBe("needs_person");
    const waiting = await callRoute(chatPost, { token, body: { message: "Where is my order #1042?\nIt was due Friday.", sessionId } });
    expect(waiting.body).toMatchObject({ status: "needs_person", message: null });
    expect((await callRoute(sessionRoute.GET, { token, params: { id: sessionId } })).body.title).toBe("Where is my order #1042?");
    // Only the first message names it.
    await callRoute(chatPost, { token, body: { message: "Hello?", sessionId } });
    expect((await callRoute(sessionRoute.GET, { token, params: { id: sessionId } })).body.title).toBe("Where is my order #1042?");
  });

  it("two admins taking over at once: the second is told who has the conversation; taking over one's own again records nothing", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const bea = await createUser({ businessId: team.business.id, role: "admin", name: "Bea Second" });
    const beaToken = await tokenFor(bea);
    const [ada, second] = await Promise.all([
      callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } }),
      callRoute(takeoverRoute.POST, { token: beaToken, params: { sessionId: first.sessionId } }),
    ]);
    const [won, lost] = ada.status === 200 ? [ada, second] : [second, ada];
    expect(won.status).toBe(200);
    expect(lost.status).toBe(409);
    const winner = won === ada ? team.admin.name : "Bea Second";
    expect(lost.body).toMatchObject({ error: "conflict", detail: `${winner} is already with this conversation.` });
    const again = await callRoute(takeoverRoute.POST, { token: won === ada ? adminToken : beaToken, params: { sessionId: first.sessionId } });
    expect(again.status).toBe(200);
    expect(again.body.session.status).toBe("with_person");
    expect(await audits(first.sessionId)).toEqual(["chat.takeover"]);
  });

  it("a reply does not take the conversation from another person active in it (409 naming them); from one gone quiet it does, as a takeover", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const cy = await createUser({ businessId: team.business.id, role: "admin", name: "Cy Third" });
    const cyToken = await tokenFor(cy);
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } })).status).toBe(200);
    const refused = await callRoute(replyRoute.POST, { token: cyToken, params: { sessionId: first.sessionId }, body: { message: "I'll take this one" } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict", detail: `${team.admin.name} is already with this conversation.` });
    const stored = await getDb().select({ role: chatMessages.role }).from(chatMessages).where(eq(chatMessages.sessionId, first.sessionId));
    expect(stored.filter((row) => row.role === "agent")).toEqual([]);

    // The first person went quiet: the reply takes over, audited and told as a takeover.
    await getDb().update(chatSessions).set({ agentActiveAt: new Date(Date.now() - 60 * 60_000) }).where(eq(chatSessions.id, first.sessionId));
    const adminStream = await openEventStream({ token: adminToken });
    const replied = await callRoute(replyRoute.POST, { token: cyToken, params: { sessionId: first.sessionId }, body: { message: "I'll take this one" } });
    expect(replied.status).toBe(201);
    const [handoff] = await adminStream.take(1);
    expect(handoff).toMatchObject({ type: "session", data: { action: "handoff", agent: { id: cy.id, name: "Cy Third" } } });
    adminStream.close();
    expect(await audits(first.sessionId)).toEqual(["chat.takeover", "chat.takeover", "chat.agent_reply"]);
  });

  it("another admin cannot hand back a conversation a person is active in (409 naming them, nothing changed); its holder can, and anyone once they went quiet", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const fay = await createUser({ businessId: team.business.id, role: "admin", name: "Fay Fourth" });
    const fayToken = await tokenFor(fay);
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } })).status).toBe(200);
    const adminStream = await openEventStream({ token: adminToken });
    const refused = await callRoute(handbackRoute.POST, { token: fayToken, params: { sessionId: first.sessionId } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: "conflict", detail: `${team.admin.name} is already with this conversation.` });
    expect(await adminStream.drain(300)).toEqual([]);
    adminStream.close();
    const [held] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, first.sessionId));
    expect(held).toMatchObject({ handler: "with_person", agentId: team.admin.id });
    expect(await audits(first.sessionId)).toEqual(["chat.takeover"]);
    expect((await callRoute(handbackRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } })).status).toBe(200);

    const second = await say(token, "Hi again");
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: second.sessionId } })).status).toBe(200);
    await getDb().update(chatSessions).set({ agentActiveAt: new Date(Date.now() - 60 * 60_000) }).where(eq(chatSessions.id, second.sessionId));
    const back = await callRoute(handbackRoute.POST, { token: fayToken, params: { sessionId: second.sessionId } });
    expect(back.status).toBe(200);
    expect(back.body.session.status).toBe("assistant");
    expect(await audits(second.sessionId)).toEqual(["chat.takeover", "chat.handback"]);
  });

  it("asking for a person and taking it back are limited per owner (429)", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await callRoute(handoffRoute.POST, { token, params: { id: first.sessionId } })).status);
      statuses.push((await callRoute(handoffRoute.DELETE, { token, params: { id: first.sessionId } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("a customer's conversation past its timeout takes neither a takeover nor a reply (409), and nothing is stored", async () => {
    const { key } = await createApiKey({ businessId: team.business.id });
    const opened = await callRoute(sessionsRoute.POST, { headers: { "x-api-key": key }, body: { userIdentifier: "late@example.com" } });
    expect(opened.status).toBe(201);
    const sessionId = opened.body.id as string;
    await getDb().update(chatSessions).set({ lastActivityAt: new Date(Date.now() - 24 * 60 * 60_000) }).where(eq(chatSessions.id, sessionId));
    const reply = await callRoute(replyRoute.POST, { token: adminToken, params: { sessionId }, body: { message: "Sorry for the wait!" } });
    expect(reply.status).toBe(409);
    expect(reply.body.detail).toContain("has closed");
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId } })).status).toBe(409);
    const stored = await getDb().select({ role: chatMessages.role }).from(chatMessages).where(eq(chatMessages.sessionId, sessionId));
    expect(stored).toEqual([]);
    expect(await audits(sessionId)).toEqual([]);
    // Nor can its customer ask for a person nobody could send: 410, as for a message, and no admin is told.
    const asked = await callRoute(handoffRoute.POST, { headers: { "x-api-key": key }, params: { id: sessionId } });
    expect(asked.status).toBe(410);
    expect(asked.body.error).toBe("session_expired");
    expect((await getDb().select({ handler: chatSessions.handler }).from(chatSessions).where(eq(chatSessions.id, sessionId)))[0]!.handler).toBe("assistant");
    expect(await audits(sessionId)).toEqual([]);
  });

  it("an admin demoted or deactivated while with a conversation holds nobody out of it: another admin takes over", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const dee = await createUser({ businessId: team.business.id, role: "admin", name: "Dee Leaving" });
    expect((await callRoute(takeoverRoute.POST, { token: await tokenFor(dee), params: { sessionId: first.sessionId } })).status).toBe(200);
    expect((await callRoute(userRoute.PATCH, { token: adminToken, params: { id: dee.id }, body: { role: "viewer" } })).status).toBe(200);
    const replied = await callRoute(replyRoute.POST, { token: adminToken, params: { sessionId: first.sessionId }, body: { message: "I can help" } });
    expect(replied.status).toBe(201);
    expect(await audits(first.sessionId)).toEqual(["chat.takeover", "chat.takeover", "chat.agent_reply"]);

    const second = await say(token, "Hi again");
    const eve = await createUser({ businessId: team.business.id, role: "admin", name: "Eve Leaving" });
    expect((await callRoute(takeoverRoute.POST, { token: await tokenFor(eve), params: { sessionId: second.sessionId } })).status).toBe(200);
    expect((await callRoute(userRoute.PATCH, { token: adminToken, params: { id: eve.id }, body: { active: false } })).status).toBe(200);
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: second.sessionId } })).status).toBe(200);
  });

  it("handing back a conversation the assistant already has records and announces nothing", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } })).status).toBe(200);
    expect((await callRoute(handbackRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } })).status).toBe(200);
    const adminStream = await openEventStream({ token: adminToken });
    const again = await callRoute(handbackRoute.POST, { token: adminToken, params: { sessionId: first.sessionId } });
    expect(again.status).toBe(200);
    expect(again.body.session.status).toBe("assistant");
    expect(await adminStream.drain(300)).toEqual([]);
    adminStream.close();
    expect(await audits(first.sessionId)).toEqual(["chat.takeover", "chat.handback"]);
  });

  it("the owner can ask for a person with the button; others get 404", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const stranger = await customer();
    expect((await callRoute(handoffRoute.POST, { token: stranger.token, params: { id: first.sessionId } })).status).toBe(404);
    const asked = await callRoute(handoffRoute.POST, { token, params: { id: first.sessionId } });
    expect(asked.status).toBe(200);
    expect(asked.body.session.status).toBe("needs_person");
  });
});

describe("a widget visitor asking for a person", () => {
  it("in a conversation just started, on a business whose settings nothing has read yet, is answered (the check of the conversation's timeout reads in the same transaction)", async () => {
    const visitor = await visitorConversation("Help");
    const asked = await callRoute(handoffRoute.POST, { token: visitor.token, params: { id: visitor.sessionId } });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.session.status).toBe("needs_person");
  }, 15_000);
});

describe("typing and read receipts", () => {
  it("typing is at most one signal every 2 s per person and says when it expires (8 s); switching off twice in that time", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const adminStream = await openEventStream({ token: adminToken });
    const on = await callRoute(typingRoute.POST, { token, params: { id: first.sessionId }, body: { on: true } });
    expect(on.status).toBe(204);
    const again = await callRoute(typingRoute.POST, { token, params: { id: first.sessionId }, body: { on: true } });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await callRoute(typingRoute.POST, { token, params: { id: first.sessionId }, body: { on: false } })).status).toBe(204);
    expect((await callRoute(typingRoute.POST, { token, params: { id: first.sessionId }, body: { on: false } })).status).toBe(204);
    // Not a flood: every signal is an event on every admin's stream.
    expect((await callRoute(typingRoute.POST, { token, params: { id: first.sessionId }, body: { on: false } })).status).toBe(429);

    const [typing, off] = await adminStream.take(2);
    if (!typing || !("data" in typing) || !off || !("data" in off)) throw new Error("expected two typing events");
    const data = typing.data as { on: boolean; expiresAt: string; who: { kind: string } };
    expect(data).toMatchObject({ sessionId: first.sessionId, on: true, who: { kind: "owner" } });
    expect(new Date(data.expiresAt).getTime() - new Date(typing.at).getTime()).toBeGreaterThanOrEqual(7_000);
    expect(off.data.on).toBe(false);
    adminStream.close();

    const stranger = await customer();
    expect((await callRoute(typingRoute.POST, { token: stranger.token, params: { id: first.sessionId }, body: { on: true } })).status).toBe(404);
    expect((await callRoute(typingRoute.POST, { token, params: { id: first.sessionId }, body: { on: "yes" } })).status).toBe(400);
  });

  it("read receipts move forward only, and the owner sees Seen", async () => {
    const { token } = await customer();
    const first = await say(token, "One");
    const second = await say(token, "Two", first.sessionId);
    const history = await callRoute(historyRoute.GET, { token, path: `/api/chat/history?sessionId=${first.sessionId}` });
    const [one, , two] = history.body.results as { id: string; createdAt: string }[];

    const read = (messageId: string) => callRoute(readRoute.POST, { token: adminToken, params: { sessionId: second.sessionId }, body: { upToMessageId: messageId } });
    expect((await read(two!.id)).body.seenUpTo).toBe(two!.createdAt);
    expect((await read(one!.id)).body.seenUpTo).toBe(two!.createdAt);
    const details = await callRoute(sessionRoute.GET, { token, params: { id: first.sessionId } });
    expect(details.body.seenUpTo).toBe(two!.createdAt);
    const inbox = await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?pageSize=100" });
    expect(inbox.body.results.find((c: { id: string }) => c.id === first.sessionId).unread).toBe(0);
    // A message of another conversation is not a position here.
    const elsewhere = await say(token, "Elsewhere");
    expect((await read(elsewhere.message!.id)).status).toBe(404);
  });
});

describe("GET /api/inbox", () => {
  it("lists the business's conversations for admins: waiting for a person first, unread counts, person, filters and search; 403 for others", async () => {
    const alice = await customer();
    const bob = await customer();
    const a = await say(alice.token, "My lamp flickers");
    await say(alice.token, "It started yesterday", a.sessionId);
    const b = await say(bob.token, "Do you ship abroad?");
    await callRoute(handoffRoute.POST, { token: bob.token, params: { id: b.sessionId } });

    const all = await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?pageSize=100" });
    expect(all.status).toBe(200);
    expect(all.body.results[0]).toMatchObject({ id: b.sessionId, status: "needs_person", person: { kind: "member", id: bob.user.id, name: bob.user.name } });
    const aliceRow = all.body.results.find((c: { id: string }) => c.id === a.sessionId);
    expect(aliceRow).toMatchObject({ status: "assistant", unread: 2, lastMessage: { role: "assistant", content: "Assistant answer." } });

    const byPerson = await callRoute(inboxRoute.GET, { token: adminToken, path: `/api/inbox?userId=${alice.user.id}` });
    expect(byPerson.body.results.map((c: { id: string }) => c.id)).toEqual([a.sessionId]);
    const searched = await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?q=flickers" });
    expect(searched.body.results.map((c: { id: string }) => c.id)).toEqual([a.sessionId]);
    const paged = await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?pageSize=1&page=2" });
    expect(paged.body.results).toHaveLength(1);
    expect(paged.body.count).toBe(all.body.count);
    // A page past the end has no rows but still tells how long the list is, so the inbox can offer its last page.
    const pastTheEnd = await callRoute(inboxRoute.GET, { token: adminToken, path: `/api/inbox?pageSize=1&page=${all.body.count + 5}` });
    expect(pastTheEnd.status).toBe(200);
    expect(pastTheEnd.body).toMatchObject({ count: all.body.count, results: [] });
    const searchedPastTheEnd = await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?q=flickers&page=3" });
    expect(searchedPastTheEnd.body).toMatchObject({ count: 1, results: [] });

    expect((await callRoute(inboxRoute.GET, { token: alice.token })).status).toBe(403);
    expect((await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?status=lost" })).status).toBe(400);
    const strangers = await callRoute(inboxRoute.GET, { token: await tokenFor(other.admin), path: "/api/inbox?pageSize=100" });
    expect(strangers.body.results.map((c: { id: string }) => c.id)).not.toContain(a.sessionId);
  });

  it("the list names the person of the business a conversation is with, and nobody once it is handed back", async () => {
    const { token } = await customer();
    const asked = await say(token, "Can someone call me?");
    const rowOf = async () =>
      ((await callRoute(inboxRoute.GET, { token: adminToken, path: "/api/inbox?pageSize=100" })).body.results as { id: string; status: string; agent: unknown }[]).find(
        (row) => row.id === asked.sessionId,
      );
    expect(await rowOf()).toMatchObject({ status: "assistant", agent: null });
    expect((await callRoute(takeoverRoute.POST, { token: adminToken, params: { sessionId: asked.sessionId } })).status).toBe(200);
    expect(await rowOf()).toMatchObject({ status: "with_person", agent: { id: team.admin.id, name: team.admin.name } });
    expect((await callRoute(handbackRoute.POST, { token: adminToken, params: { sessionId: asked.sessionId } })).status).toBe(200);
    expect(await rowOf()).toMatchObject({ status: "assistant", agent: null });
  });

  it("search matches what the conversation shows — the customer's, the assistant's and the team's words — never the model's tool or system rows", async () => {
    const { user, token } = await customer();
    const first = await say(token, "Is the walnut shelf in stock?");
    const word = `zq${Math.random().toString(36).slice(2, 9)}`;
    await getDb()
      .insert(chatMessages)
      .values(
        (["tool", "system"] as const).map((role) => ({
          businessId: team.business.id,
          sessionId: first.sessionId,
          userId: user.id,
          role,
          content: `{"sku":"${word}-tool"} ${word}plumbing`,
        })),
      );
    const search = async (q: string) =>
      (await callRoute(inboxRoute.GET, { token: adminToken, path: `/api/inbox?${new URLSearchParams({ q, pageSize: "100" })}` })).body.results.map(
        (c: { id: string }) => c.id,
      );
    expect(await search(`${word}plumbing`)).toEqual([]);
    expect(await search("walnut shelf")).toContain(first.sessionId);
    expect(await search("Assistant answer")).toContain(first.sessionId);
    expect((await callRoute(replyRoute.POST, { token: adminToken, params: { sessionId: first.sessionId }, body: { message: `Yes, ${word} in stock` } })).status).toBe(201);
    expect(await search(word)).toEqual([first.sessionId]);
  });

  it("search looks in the version of the conversation its thread shows, not in an edited message's earlier words", async () => {
    const { token } = await customer();
    const before = `zq${Math.random().toString(36).slice(2, 9)}`;
    const after = `zq${Math.random().toString(36).slice(2, 9)}`;
    const asked = await say(token, `Do you sell ${before} lamps?`);
    const question = (await getDb().select().from(chatMessages).where(and(eq(chatMessages.sessionId, asked.sessionId), eq(chatMessages.role, "user"))))[0]!;
    const search = async (q: string) =>
      (await callRoute(inboxRoute.GET, { token: adminToken, path: `/api/inbox?${new URLSearchParams({ q, pageSize: "100" })}` })).body.results.map(
        (c: { id: string }) => c.id,
      );
    expect(await search(before)).toEqual([asked.sessionId]);

    fake.enqueue({ kind: "text", chunks: ["Assistant answer."] });
    expect((await callRoute(editPost, { token, params: { id: question.id }, body: { message: `Do you sell ${after} lamps?` } })).status).toBe(200);
    expect(await search(after)).toEqual([asked.sessionId]);
    expect(await search(before)).toEqual([]);
    // Words shared by both versions still find it once.
    expect(await search("lamps")).toContain(asked.sessionId);
  });

  it("an admin's own conversation has nothing unread for them; for another admin its messages are unread as anyone's", async () => {
    const own = await say(adminToken, "What is our best-selling lamp?");
    await say(adminToken, "And the cheapest?", own.sessionId);
    const unreadFor = async (token: string) =>
      (await callRoute(inboxRoute.GET, { token, path: "/api/inbox?pageSize=100" })).body.results.find((c: { id: string }) => c.id === own.sessionId).unread;
    expect(await unreadFor(adminToken)).toBe(0);
    const colleague = await createUser({ businessId: team.business.id, role: "admin" });
    expect(await unreadFor(await tokenFor(colleague))).toBe(2);
  });

  it("another business's admin gets 404 for takeover, hand back, reply and read; viewers get 403", async () => {
    const { token } = await customer();
    const first = await say(token, "Hi");
    const strangerToken = await tokenFor(other.admin);
    const params = { sessionId: first.sessionId };
    expect((await callRoute(takeoverRoute.POST, { token: strangerToken, params })).status).toBe(404);
    expect((await callRoute(handbackRoute.POST, { token: strangerToken, params })).status).toBe(404);
    expect((await callRoute(replyRoute.POST, { token: strangerToken, params, body: { message: "hi" } })).status).toBe(404);
    expect((await callRoute(readRoute.POST, { token: strangerToken, params, body: { upToMessageId: first.message!.id } })).status).toBe(404);
    expect((await callRoute(takeoverRoute.POST, { token, params })).status).toBe(403);
    // Nothing of the conversation changed: still the assistant's, no reply stored, nothing audited, nothing read.
    const [session] = await getDb().select().from(chatSessions).where(eq(chatSessions.id, first.sessionId));
    expect(session).toMatchObject({ handler: "assistant", agentId: null, adminReadAt: null });
    expect(await getDb().select().from(chatMessages).where(and(eq(chatMessages.sessionId, first.sessionId), eq(chatMessages.role, "agent")))).toHaveLength(0);
    expect(await audits(first.sessionId)).toEqual([]);
  });
});
