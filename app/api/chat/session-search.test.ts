import { beforeAll, describe, expect, it } from "vitest";
import { POST as chatPost } from "@/app/api/chat/route";
import { GET as sessionsGet, POST as sessionsPost } from "@/app/api/chat/sessions/route";
import { resetEnv } from "@/lib/env";
import { createApiKey, createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

// No OPENAI_API_KEY in this file: the built-in assistant answers.
delete process.env.OPENAI_API_KEY;
resetEnv();

type Team = Awaited<ReturnType<typeof createTeam>>;
let team: Team;
let other: Team;
let token: string;
const sessions: Record<"lamps" | "desk" | "budget" | "empty", string> = { lamps: "", desk: "", budget: "", empty: "" };

async function say(message: string, sessionId?: string, as = token) {
  const res = await callRoute(chatPost, { token: as, body: { message, ...(sessionId ? { sessionId } : {}) } });
  expect(res.status).toBe(200);
  return res.body.sessionId as string;
}

async function search(q: string, extra = "", as = token) {
  return callRoute(sessionsGet, { token: as, path: `/api/chat/sessions?q=${encodeURIComponent(q)}${extra}` });
}

beforeAll(async () => {
  [team, other] = await Promise.all([createTeam(), createTeam()]);
  const viewer = await createUser({ businessId: team.business.id });
  token = await tokenFor(viewer);
  // Oldest activity first: lamps, desk, budget, then the empty one.
  sessions.lamps = await say("I need reading lamps for my office, something warm.");
  sessions.desk = await say("Tell me about the standing desk");
  await say("and what about a matching lamp?", sessions.desk);
  const budget = await callRoute(sessionsPost, { token, body: { title: "Budget planning 100%_off" } });
  sessions.budget = budget.body.id;
  await say("How much can I spend this quarter?", sessions.budget);
  sessions.empty = (await callRoute(sessionsPost, { token, body: { title: "Empty" } })).body.id;
  // Someone else's conversation about lamps, in the same business and in another one.
  await say("lamps lamps lamps", undefined, await tokenFor(team.viewer));
  await say("lamps lamps lamps", undefined, await tokenFor(other.viewer));
});

describe("GET /api/chat/sessions?q=", () => {
  it("finds the caller's conversations by the words of their messages, stemmed, newest activity first, with a snippet", async () => {
    const res = await search("lamp");
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(2);
    expect(res.body.results.map((s: { id: string }) => s.id)).toEqual([sessions.desk, sessions.lamps]);
    const [desk, lamps] = res.body.results;
    expect(desk.snippet).toMatch(/matching lamp/);
    expect(lamps.snippet).toMatch(/reading lamps for my office/);
    expect(lamps.snippet).not.toMatch(/\n/);
    // The session's fields are the list's own.
    expect(Object.keys(lamps).sort()).toEqual(
      ["id", "title", "channel", "userIdentifier", "config", "createdAt", "updatedAt", "lastActivityAt", "expiresAt", "status", "seenUpTo", "snippet"].sort(),
    );

    // "desks" finds "desk" (English stemming); words in any order.
    expect((await search("desks standing")).body.results.map((s: { id: string }) => s.id)).toEqual([sessions.desk]);
  });

  it("finds a conversation by its title, with no snippet when no message matched; % and _ are literal", async () => {
    const res = await search("budget");
    expect(res.body.results.map((s: { id: string; snippet: string | null }) => [s.id, s.snippet])).toEqual([[sessions.budget, null]]);
    expect((await search("100%_off")).body.results.map((s: { id: string }) => s.id)).toEqual([sessions.budget]);
    expect((await search("%")).body.results.map((s: { id: string }) => s.id)).toEqual([sessions.budget]);
    expect((await search("nothing like this anywhere")).body).toMatchObject({ count: 0, results: [] });
    // Stop words alone match no message text, and are no error.
    expect((await search("the")).status).toBe(200);
  });

  it("pages the matches like the list, and without q the list is as before (no snippet)", async () => {
    const first = await search("lamp", "&pageSize=1");
    expect(first.body.count).toBe(2);
    expect(first.body.results.map((s: { id: string }) => s.id)).toEqual([sessions.desk]);
    expect(first.body.next).toContain("q=lamp");
    expect(first.body.next).toContain("page=2");
    const second = await callRoute(sessionsGet, { token, path: new URL(first.body.next).pathname + new URL(first.body.next).search });
    expect(second.body.results.map((s: { id: string }) => s.id)).toEqual([sessions.lamps]);
    expect(second.body.next).toBeNull();

    const all = await callRoute(sessionsGet, { token, path: "/api/chat/sessions" });
    expect(all.body.results.map((s: { id: string }) => s.id)).toEqual([sessions.empty, sessions.budget, sessions.desk, sessions.lamps]);
    expect(all.body.results[0]).not.toHaveProperty("snippet");
  });

  it("only searches the caller's own conversations", async () => {
    const mine = await search("lamps", "", await tokenFor(team.viewer));
    expect(mine.body.count).toBe(1);
    expect(mine.body.results[0].snippet).toMatch(/lamps/);
    const admin = await search("lamps", "", await tokenFor(team.admin));
    expect(admin.body).toMatchObject({ count: 0, results: [] });
    const elsewhere = await search("office", "", await tokenFor(other.admin));
    expect(elsewhere.body.count).toBe(0);
    // A key searches its business's API and widget conversations, never members'.
    const { key } = await createApiKey({ businessId: team.business.id });
    const withKey = await callRoute(sessionsGet, { headers: { "x-api-key": key }, path: "/api/chat/sessions?q=lamps" });
    expect(withKey.body).toMatchObject({ count: 0, results: [] });
  });

  it("refuses a blank or overlong q with a JSON 400", async () => {
    for (const q of ["", "   ", "x".repeat(201)]) {
      const res = await callRoute(sessionsGet, { token, path: `/api/chat/sessions?q=${encodeURIComponent(q)}` });
      expect([res.status, res.body.error, Object.keys(res.body.fields)]).toEqual([400, "invalid_request", ["q"]]);
    }
    expect((await search("x".repeat(200))).status).toBe(200);
  });
  it("shows an answer's excerpt as its words, without the Markdown's marks; a person's own words as written", async () => {
    await createProduct({ businessId: team.business.id, status: "approved", name: "Walnut Shelf", description: "A walnut wall shelf.", price: "89.00" });
    const shelf = await say("walnut shelf *please*");
    const found = (await search("walnut")).body.results as { id: string; snippet: string }[];
    expect(found.map((s) => s.id)).toEqual([shelf]);
    // The newest matching message is the answer, which names the shelf in bold.
    expect(found[0]!.snippet).toContain("Walnut Shelf");
    expect(found[0]!.snippet).not.toMatch(/\*\*|\]\(/);

    const asked = (await search("please")).body.results as { id: string; snippet: string }[];
    expect(asked.find((s) => s.id === shelf)?.snippet).toBe("walnut shelf *please*");
  });
});
