import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as historyGet } from "@/app/api/chat/history/route";
import { POST as editPost } from "@/app/api/chat/messages/[id]/edit/route";
import { POST as regeneratePost } from "@/app/api/chat/messages/[id]/regenerate/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { PATCH as sessionPatch } from "@/app/api/chat/sessions/[id]/route";
import { POST as widgetSessionsPost } from "@/app/api/widget/sessions/route";
import { getDb } from "@/db/client";
import { creditTransactions, users } from "@/db/schema";
import { startFakeOpenAI, type FakeOpenAI } from "@/e2e/fake-openai/fake-openai";
import { resetEnv } from "@/lib/env";
import { parseSse } from "@/test/chat-stream";
import { createApiKey, createBusiness, createTeam } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

type Message = { id: string; role: string; content: string; parentId: string | null; versions: string[] | null; creditsCharged: number | null; status: string };

let fake: FakeOpenAI;
let team: Awaited<ReturnType<typeof createTeam>>;
let token: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_API_KEY = "sk-fake-key";
  process.env.OPENAI_BASE_URL = fake.baseURL;
  process.env.OPENAI_TIMEOUT_MS = "10000"; // long enough for a loaded runner
  process.env.EMBEDDINGS_ENABLED = "false";
  resetEnv();
  team = await createTeam();
  token = await tokenFor(team.viewer);
});

afterAll(async () => {
  await fake.close();
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_TIMEOUT_MS", "EMBEDDINGS_ENABLED"]) delete process.env[name];
  resetEnv();
});

async function send(message: string, sessionId?: string): Promise<{ sessionId: string; message: Message }> {
  fake.enqueue({ kind: "text", text: `Answer to: ${message}` });
  const response = await callRoute(chatPost, { body: { message, ...(sessionId ? { sessionId } : {}) }, token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function history(sessionId: string, branch?: string): Promise<{ count: number; results: Message[] }> {
  const response = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}${branch ? `&branch=${branch}` : ""}` });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

async function balance(): Promise<number> {
  const [row] = await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, team.viewer.id));
  return row!.credits;
}

async function ledgerSum(): Promise<number> {
  const rows = await getDb().select({ amount: creditTransactions.amount }).from(creditTransactions).where(eq(creditTransactions.userId, team.viewer.id));
  return rows.reduce((sum, row) => sum + row.amount, 0);
}

describe("regenerating an answer", () => {
  it("charges once more, keeps the old answer as a version, and the conversation continues from the new one", async () => {
    const first = await send("Tell me about desks");
    const before = await balance();
    fake.enqueue({ kind: "text", text: "A second, better answer." });
    const regenerated = await callRoute(regeneratePost, { token, params: { id: first.message.id }, body: {} });
    expect(regenerated.status, JSON.stringify(regenerated.body)).toBe(200);
    expect(regenerated.body.response).toBe("A second, better answer.");
    const answer: Message = regenerated.body.message;
    expect(answer.parentId).toBe(first.message.parentId);
    expect(await balance()).toBe(before - 100);
    expect(await ledgerSum()).toBe(await balance());

    // The model was asked the same question again.
    expect(fake.requests.at(-1)!.body.messages.at(-1)).toMatchObject({ role: "user", content: "Tell me about desks" });

    const shown = await history(first.sessionId);
    expect(shown.results.map((m) => m.content)).toEqual(["Tell me about desks", "A second, better answer."]);
    expect(shown.results[1]!.versions).toEqual([first.message.id, answer.id]);
    expect(shown.results[1]!.creditsCharged).toBe(100);
    const old = await history(first.sessionId, first.message.id);
    expect(old.results.map((m) => m.content)).toEqual(["Tell me about desks", "Answer to: Tell me about desks"]);
    expect(old.results[1]!.creditsCharged).toBe(100);

    const next = await send("And chairs?", first.sessionId);
    const after = await history(first.sessionId);
    expect(after.results.map((m) => m.content)).toEqual(["Tell me about desks", "A second, better answer.", "And chairs?", "Answer to: And chairs?"]);
    expect(after.count).toBe(4);
    // The prompt of the next turn held the new answer, not the old one.
    const prompt = fake.requests.at(-1)!.body.messages.map((m) => String(m.content)).join("\n");
    expect(prompt).toContain("A second, better answer.");
    expect(prompt).not.toContain("Answer to: Tell me about desks");
    expect(next.message.parentId).not.toBeNull();
  });

  it("streams like a send, and refunds a regeneration the model fails", async () => {
    const first = await send("What lamps do you have?");
    fake.enqueue({ kind: "text", chunks: ["Streamed ", "again."] });
    const streamed = await callRoute(regeneratePost, { token, params: { id: first.message.id }, body: {}, headers: { accept: "text/event-stream" } });
    expect(streamed.status).toBe(200);
    const events = parseSse(streamed.text);
    expect(events.map((e) => e.event)).toEqual(["meta", "delta", "delta", "done"]);

    const before = await balance();
    fake.enqueue({ kind: "error", status: 500 });
    fake.enqueue({ kind: "error", status: 500 });
    fake.enqueue({ kind: "error", status: 500 });
    const failed = await callRoute(regeneratePost, { token, params: { id: first.message.id }, body: {} });
    expect(failed.status).toBe(502);
    expect(await balance()).toBe(before);
    expect(await ledgerSum()).toBe(await balance());
  });

  it("is refused for a message that is not an answer in the caller's own conversation", async () => {
    const mine = await send("Hello there");
    const userMessageId = mine.message.parentId!;
    expect((await callRoute(regeneratePost, { token, params: { id: userMessageId }, body: {} })).status).toBe(404);
    expect((await callRoute(regeneratePost, { token, params: { id: "not-a-uuid" }, body: {} })).status).toBe(404);
    const stranger = await tokenFor(team.editor);
    expect((await callRoute(regeneratePost, { token: stranger, params: { id: mine.message.id }, body: {} })).status).toBe(404);
    expect((await callRoute(regeneratePost, { token, params: { id: mine.message.id }, body: { extra: 1 } })).status).toBe(400);
    expect((await callRoute(regeneratePost, { params: { id: mine.message.id }, body: {} })).status).toBe(401);
  });
});

describe("a website visitor's failed answer", () => {
  it("is answered again by a regeneration, from the wallet, without storing the question twice; another visitor gets 404", async () => {
    const business = await createBusiness({ wallet: 1000, messageCost: 1 });
    const { key } = await createApiKey({ businessId: business.id, kind: "publishable" });
    const visitor = async (anonymousId: string) => (await callRoute(widgetSessionsPost, { headers: { "x-api-key": key }, body: { anonymousId } })).body.token as string;
    const mine = await visitor("branches-visitor-0001");
    for (let attempt = 0; attempt < 3; attempt++) fake.enqueue({ kind: "error", status: 500 });
    const failed = await callRoute(chatPost, { token: mine, body: { message: "Do you ship to Norway?" }, headers: { accept: "text/event-stream" } });
    const meta = parseSse(failed.text).find((event) => event.event === "meta")!.data as { sessionId: string; assistantMessageId: string };
    expect(parseSse(failed.text).at(-1)!.event).toBe("error");

    expect((await callRoute(regeneratePost, { token: await visitor("branches-visitor-0002"), params: { id: meta.assistantMessageId }, body: {} })).status).toBe(404);
    // The business's own server, with a secret key, does not branch its visitors' conversations either.
    const secret = await createApiKey({ businessId: business.id, kind: "secret" });
    expect((await callRoute(regeneratePost, { headers: { "x-api-key": secret.key }, params: { id: meta.assistantMessageId }, body: {} })).status).toBe(404);
    fake.enqueue({ kind: "text", text: "Yes, in 5 days." });
    const again = await callRoute(regeneratePost, { token: mine, params: { id: meta.assistantMessageId }, body: {} });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.response).toBe("Yes, in 5 days.");
    const shown = await callRoute(historyGet, { token: mine, path: `/api/chat/history?sessionId=${meta.sessionId}` });
    expect(shown.body.results.map((m: Message) => [m.role, m.content])).toEqual([
      ["user", "Do you ship to Norway?"],
      ["assistant", "Yes, in 5 days."],
    ]);
  });
});

describe("editing a message", () => {
  it("sends the new text as a branch from the same point; the old branch stays and can be continued", async () => {
    const first = await send("Do you sell desks?");
    const second = await send("How tall are they?", first.sessionId);
    const firstQuestion = first.message.parentId!;

    fake.enqueue({ kind: "text", text: "Yes, we sell chairs." });
    const edited = await callRoute(editPost, { token, params: { id: firstQuestion }, body: { message: "Do you sell chairs?" } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // The model saw no trace of the old branch.
    const prompt = fake.requests.at(-1)!.body.messages.map((m) => String(m.content)).join("\n");
    expect(prompt).not.toContain("How tall are they?");

    const shown = await history(first.sessionId);
    expect(shown.results.map((m) => m.content)).toEqual(["Do you sell chairs?", "Yes, we sell chairs."]);
    expect(shown.results[0]!.versions).toEqual([firstQuestion, shown.results[0]!.id]);

    const old = await history(first.sessionId, firstQuestion);
    expect(old.results.map((m) => m.content)).toEqual(["Do you sell desks?", "Answer to: Do you sell desks?", "How tall are they?", "Answer to: How tall are they?"]);
    expect(old.results.at(-1)!.id).toBe(second.message.id);

    // Switching back: the next message continues the old branch.
    const switched = await callRoute(sessionPatch, { token, method: "PATCH", params: { id: first.sessionId }, body: { branch: firstQuestion } });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    await send("And their width?", first.sessionId);
    expect((await history(first.sessionId)).results.map((m) => m.content).slice(-2)).toEqual(["And their width?", "Answer to: And their width?"]);
    expect((await history(first.sessionId)).count).toBe(6);
  });

  it("pages older messages from where the reader is (before=) along that message's own branch, whatever branch the conversation continues from since", async () => {
    const first = await send("Desks?");
    await send("Chairs?", first.sessionId);
    await send("Lamps?", first.sessionId);
    const page = async (path: string) => {
      const response = await callRoute(historyGet, { token, path });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as { results: Message[]; next: string | null };
    };
    const newest = await page(`/api/chat/history?sessionId=${first.sessionId}&pageSize=2`);
    expect(newest.results.map((m) => m.content)).toEqual(["Lamps?", "Answer to: Lamps?"]);

    // Meanwhile, in another tab, the second question is edited: the conversation now continues from there.
    const chairs = (await history(first.sessionId)).results.find((m) => m.content === "Chairs?")!;
    fake.enqueue({ kind: "text", text: "Tables, then." });
    expect((await callRoute(editPost, { token, params: { id: chairs.id }, body: { message: "Tables?" } })).status).toBe(200);

    // The reader scrolls up from what they see: the messages before it, as they were said.
    const older = await page(new URL(newest.next!).pathname + new URL(newest.next!).search);
    expect(older.results.map((m) => m.content)).toEqual(["Chairs?", "Answer to: Chairs?"]);
    const oldest = await page(new URL(older.next!).pathname + new URL(older.next!).search);
    expect(oldest.results.map((m) => m.content)).toEqual(["Desks?", "Answer to: Desks?"]);
    expect(oldest.next).toBeNull();
    // A message of the branch the conversation continues from pages the same way.
    const current = await history(first.sessionId);
    expect(current.results.map((m) => m.content)).toEqual(["Desks?", "Answer to: Desks?", "Tables?", "Tables, then."]);
    const beforeTables = await page(`/api/chat/history?sessionId=${first.sessionId}&pageSize=5&before=${current.results[2]!.id}`);
    expect(beforeTables.results.map((m) => m.content)).toEqual(["Desks?", "Answer to: Desks?"]);
    // A message of another conversation is still no anchor.
    const elsewhere = await send("Elsewhere");
    expect((await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${first.sessionId}&before=${elsewhere.message.id}` })).status).toBe(404);
  });

  it("refuses bad input and other people's messages, storing nothing", async () => {
    const mine = await send("Original question");
    const questionId = mine.message.parentId!;
    const before = await history(mine.sessionId);
    expect((await callRoute(editPost, { token, params: { id: questionId }, body: { message: "" } })).status).toBe(400);
    expect((await callRoute(editPost, { token, params: { id: questionId }, body: {} })).status).toBe(400);
    expect((await callRoute(editPost, { token, params: { id: mine.message.id }, body: { message: "An answer is not mine to edit" } })).status).toBe(404);
    const stranger = await tokenFor(team.editor);
    expect((await callRoute(editPost, { token: stranger, params: { id: questionId }, body: { message: "Hijack" } })).status).toBe(404);
    const other = await createTeam();
    const outsider = await tokenFor(other.admin);
    expect((await callRoute(editPost, { token: outsider, params: { id: questionId }, body: { message: "Hijack" } })).status).toBe(404);
    expect((await callRoute(sessionPatch, { token, method: "PATCH", params: { id: mine.sessionId }, body: { branch: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect(await history(mine.sessionId)).toEqual(before);
    const rows = await getDb().select().from(creditTransactions).where(and(eq(creditTransactions.userId, team.editor.id), eq(creditTransactions.kind, "message")));
    expect(rows).toEqual([]);
  });
});
