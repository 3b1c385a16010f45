import { QueryClient } from "@tanstack/react-query";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as editPost } from "@/app/api/chat/messages/[id]/edit/route";
import { POST as regeneratePost } from "@/app/api/chat/messages/[id]/regenerate/route";
import { GET as historyGet } from "@/app/api/chat/history/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { GET as sessionsGet } from "@/app/api/chat/sessions/route";
import { POST as replyPost } from "@/app/api/inbox/[sessionId]/reply/route";
import { GET as purchasesGet, POST as purchasesPost } from "@/app/api/purchases/route";
import { getDb } from "@/db/client";
import { purchaseKeys } from "@/hooks/use-chat";
import { applyUpdates } from "@/hooks/use-live-events";
import { resetEnv } from "@/lib/env";
import type { ChatMessageDto } from "@/lib/chat/schemas";
import type { PagedList } from "@/lib/events/cached-lists";
import { liveUpdates, type LiveContext } from "@/lib/events/live-cache";
import { latestEventId, listEventsAfter, type EventAudience } from "@/lib/events/queries";
import { chatKeys, purchaseQueryKeys, walletKeys } from "@/lib/query-keys";
import { createProduct, createTeam, createUser } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";

/**
 * What another tab of the same member does with its live events (hooks/use-live-events.ts): after them
 * (and the fetches they call for), it shows what a fetch shows.
 */

delete process.env.OPENAI_API_KEY;
resetEnv();

let token: string;
let adminToken: string;
let audience: EventAudience;
let sessionId: string;

async function fetchHistory(): Promise<PagedList<ChatMessageDto>> {
  const page = await callRoute(historyGet, { token, path: `/api/chat/history?sessionId=${sessionId}&pageSize=50` });
  expect(page.status, JSON.stringify(page.body)).toBe(200);
  return { pages: [page.body], pageParams: [null] };
}

const shown = (history: PagedList<ChatMessageDto> | undefined) =>
  history?.pages.flatMap((page) => page.results.map((m) => ({ id: m.id, content: m.content, status: m.status, versions: m.versions })));

async function eventsSince(position: number) {
  const rows = await listEventsAfter(getDb(), { audience, afterId: position, limit: 100 });
  return rows.map((row) => ({ type: row.type, id: String(row.id), at: row.createdAt.toISOString(), data: row.data }));
}

const tabContext = (): LiveContext => ({ userId: audience.userId!, listed: new Set([sessionId]), streaming: new Set(), deleting: new Set(), now: Date.now() });

/** Applies the events written since `position` as the other tab does, fetching the conversation whenever it is invalidated. */
async function followEvents(queryClient: QueryClient, position: number): Promise<{ fetches: number }> {
  const key = chatKeys.history(sessionId);
  let fetches = 0;
  const events = await eventsSince(position);
  expect(events.some((event) => event.type === "message")).toBe(true);
  for (const event of events) {
    applyUpdates(queryClient, liveUpdates(event, tabContext()));
    if (queryClient.getQueryState(key)?.isInvalidated) {
      fetches += 1;
      queryClient.setQueryData(key, await fetchHistory());
    }
  }
  return { fetches };
}

beforeEach(async () => {
  const team = await createTeam();
  const member = await createUser({ businessId: team.business.id, role: "viewer", credits: 4000 });
  token = await tokenFor(member);
  adminToken = await tokenFor(team.admin);
  audience = { businessId: team.business.id, userId: member.id, endUserId: null, admin: false };
  const sent = await callRoute(chatPost, { token, body: { message: "What do you sell?" } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  sessionId = sent.body.sessionId;
});

async function otherTab(): Promise<{ queryClient: QueryClient; position: number }> {
  const queryClient = new QueryClient();
  queryClient.setQueryData(chatKeys.history(sessionId), await fetchHistory());
  return { queryClient, position: await latestEventId(getDb(), { businessId: audience.businessId }) };
}

describe("a conversation's live messages in another tab", () => {
  it("a message that continues the conversation is added where it belongs, with no fetch", async () => {
    const { queryClient, position } = await otherTab();
    expect((await callRoute(chatPost, { token, body: { message: "Any lamps?", sessionId } })).status).toBe(200);

    expect(await followEvents(queryClient, position)).toEqual({ fetches: 0 });
    expect(shown(queryClient.getQueryData(chatKeys.history(sessionId)))).toEqual(shown(await fetchHistory()));
  });

  it("a regenerated answer replaces the old one, with its versions, as a fetch shows it", async () => {
    const { queryClient, position } = await otherTab();
    const answerId = (await fetchHistory()).pages[0]!.results.at(-1)!.id;
    const regenerated = await callRoute(regeneratePost, { token, params: { id: answerId }, body: {}, headers: { accept: "text/event-stream" } });
    expect(regenerated.status).toBe(200);

    await followEvents(queryClient, position);
    const fresh = await fetchHistory();
    expect(fresh.pages[0]!.results.at(-1)!.versions).toHaveLength(2);
    expect(shown(queryClient.getQueryData(chatKeys.history(sessionId)))).toEqual(shown(fresh));
  });

  it("an edited question starts the conversation's new branch instead of following the old one", async () => {
    const { queryClient, position } = await otherTab();
    const questionId = (await fetchHistory()).pages[0]!.results[0]!.id;
    const edited = await callRoute(editPost, { token, params: { id: questionId }, body: { message: "Any lamps?" }, headers: { accept: "text/event-stream" } });
    expect(edited.status).toBe(200);

    await followEvents(queryClient, position);
    const fresh = await fetchHistory();
    expect(fresh.pages[0]!.results.map((m) => m.content)[0]).toBe("Any lamps?");
    expect(shown(queryClient.getQueryData(chatKeys.history(sessionId)))).toEqual(shown(fresh));
  });
});

describe("a purchase in another tab", () => {
  it("refreshes the member's purchases, so the proposal confirmed elsewhere shows as purchased", async () => {
    const queryClient = new QueryClient();
    const key = purchaseQueryKeys.list({ page: 1, pageSize: 20 });
    const before = await callRoute(purchasesGet, { token, path: "/api/purchases" });
    queryClient.setQueryData(key, before.body);
    const position = await latestEventId(getDb(), { businessId: audience.businessId });
    const product = await createProduct({ businessId: audience.businessId, status: "approved" });
    const bought = await callRoute(purchasesPost, { token, path: "/api/purchases", body: { productId: product.id, quantity: 1, sessionId, expectedUnitPrice: "10.00" } });
    expect(bought.status, JSON.stringify(bought.body)).toBe(201);

    const events = await eventsSince(position);
    expect(events.map((event) => event.type)).toContain("purchase");
    const chatPurchases = purchaseKeys.mine(audience.userId!);
    queryClient.setQueryData(chatPurchases, { pages: [before.body], pageParams: [1] });
    for (const event of events) applyUpdates(queryClient, liveUpdates(event, tabContext()));
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(chatPurchases)?.isInvalidated).toBe(true);

    // Another member's purchase (an admin hears it) is not this member's to refresh.
    const other = { ...tabContext(), userId: "someone-else" };
    expect(events.flatMap((event) => liveUpdates(event, other)).filter((update) => update.kind === "refetch-purchases")).toEqual([]);
  });
});

describe("a person's reply in another conversation", () => {
  it("moves that conversation to the top of the member's list, as a fetch of the list shows it", async () => {
    const fetchList = async () => {
      const list = await callRoute(sessionsGet, { token, path: "/api/chat/sessions" });
      expect(list.status).toBe(200);
      return { pages: [list.body], pageParams: [1] };
    };
    // A person took the conversation over (the takeover refreshes the list itself); the member went on in another.
    expect((await callRoute(replyPost, { token: adminToken, params: { sessionId }, body: { message: "Hi, a person here." } })).status).toBe(201);
    const newer = await callRoute(chatPost, { token, body: { message: "Any lamps?" } });
    expect(newer.status).toBe(200);
    const queryClient = new QueryClient();
    queryClient.setQueryData(chatKeys.sessions(), await fetchList());
    const position = await latestEventId(getDb(), { businessId: audience.businessId });

    const reply = await callRoute(replyPost, { token: adminToken, params: { sessionId }, body: { message: "We have three desks in stock." } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const fresh = await fetchList();
    expect(fresh.pages[0]!.results[0]!.id).toBe(sessionId);

    const listed = new Set([sessionId, newer.body.sessionId as string]);
    for (const event of await eventsSince(position)) applyUpdates(queryClient, liveUpdates(event, { ...tabContext(), listed }));
    expect(queryClient.getQueryState(chatKeys.sessions())?.isInvalidated).toBe(true);
  });
});

describe("the business wallet on an admin's dashboard", () => {
  it("takes the wallet's new balance into every cached page of its ledger, keeping their rows", () => {
    const queryClient = new QueryClient();
    const page = (balance: number) => ({ count: 1, next: null, previous: null, results: [{ id: "t1", amount: 500 }], balance, limits: { maxChange: 1, maxBalance: 2 } });
    queryClient.setQueryData(walletKeys.page(1, 10), page(10_000));
    queryClient.setQueryData(walletKeys.page(2, 10), page(10_000));
    applyUpdates(queryClient, [{ kind: "set-wallet-balance", balance: 9_990 }]);
    expect(queryClient.getQueryData(walletKeys.page(1, 10))).toEqual(page(9_990));
    expect(queryClient.getQueryData(walletKeys.page(2, 10))).toEqual(page(9_990));
  });
});
