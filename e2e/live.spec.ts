import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { holdRequests } from "./fixtures/held-requests";
import { ChatPage } from "./pages/chat-page";
import { apiToken, demoBusinessViewer } from "./fixtures/api";
import { DEMO_PASSWORD, signInDirectly, signInThrough } from "./pages/login-page";

/** One member in two tabs: what one tab does shows up in the other without a reload (GET /api/events). */

/** The member these journeys follow: a viewer of the demo business whose balance no journey elsewhere changes meanwhile. */
async function viewerToken(request: APIRequestContext): Promise<string> {
  return apiToken(request, await demoBusinessViewer(request));
}

async function balanceOf(request: APIRequestContext): Promise<{ credits: number; messageCost: number }> {
  const response = await request.get("/api/chat/balance", { headers: { Authorization: `Bearer ${await viewerToken(request)}` } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { credits: number; messageCost: number };
}

/** Marks the document, so a later check can tell it was never loaded again. */
async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument?: boolean }).__sameDocument = true;
  });
}

async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

/** Both balances of a tab (page header and chat header) show `credits`. */
async function expectBalance(chat: ChatPage, credits: number) {
  await expect(chat.balance).toHaveAttribute("data-credits", String(credits));
  await expect(chat.headerBalance).toHaveAttribute("data-credits", String(credits));
}

test("two tabs of one member: messages, a new conversation, a rename, a delete and the balance follow live", async ({ context, page, request }) => {
  const tag = randomBytes(3).toString("hex");
  const first = `do you have a standing desk? ${tag}`;
  const second = `do you have a standing desk in stock? ${tag}`;

  await signInDirectly(page, await demoBusinessViewer(request), DEMO_PASSWORD, "/chat");
  const tab1 = new ChatPage(page);
  await tab1.goto();
  const other = await context.newPage();
  const tab2 = new ChatPage(other);
  await tab2.goto();
  await markDocument(other);

  const { messageCost } = await balanceOf(request);
  const before = await tab2.credits();
  await expectBalance(tab2, before);
  await expectBalance(tab1, before);

  // A new conversation started in tab 1 appears in tab 2's list.
  await tab1.send(first);
  await tab1.waitForAnswer();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const sessionId = await tab1.sessionId();
  await expect(tab2.conversationLink(tag)).toHaveAttribute("href", `/chat/${sessionId}`);
  await expectBalance(tab2, before - messageCost);

  // Tab 2 opens it; the next message sent in tab 1 and its answer arrive there as they are stored.
  await tab2.conversationLink(tag).click();
  await expect(other).toHaveURL(new RegExp(`/chat/${sessionId}$`));
  await expect(tab2.userMessages).toHaveCount(1);
  await expect(tab2.userMessages.first()).toHaveText(first);

  await tab1.send(second);
  await expect(tab2.userMessages).toHaveCount(2);
  await expect(tab2.userMessages.last()).toHaveText(second);
  const answer = tab2.lastAssistant();
  await expect(tab2.assistantMessages).toHaveCount(2);
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(answer).toContainText("$549.00");
  // The tab that sent it shows each message once, from its own stream.
  await expect(await tab1.waitForAnswer()).toContainText("$549.00");
  await expect(tab1.userMessages).toHaveCount(2);
  await expect(tab1.assistantMessages).toHaveCount(2);

  // Both tabs show the balance after both messages, in the page header and the chat header alike.
  const after = before - 2 * messageCost;
  await expectBalance(tab1, after);
  await expectBalance(tab2, after);
  expect((await balanceOf(request)).credits).toBe(after);
  await page.screenshot({ path: "test-results/live-tab-1.png" });
  await other.screenshot({ path: "test-results/live-tab-2.png" });

  // A rename in tab 1 shows in tab 2's list.
  const renamed = `Desk shopping ${tag}`;
  await tab1.renameConversation(first, renamed);
  await expect(tab2.conversationLink(renamed)).toHaveAttribute("href", `/chat/${sessionId}`);
  await expect(tab2.conversationLink(first)).toHaveCount(0);

  // A delete in tab 1 takes it out of tab 2's list, and tab 2, which has it open, shows it as gone.
  await tab1.deleteConversation(renamed);
  await expect(page).toHaveURL(/\/chat$/);
  await expect(tab2.conversationLink(tag)).toHaveCount(0);
  await expect(other.getByRole("alert").filter({ hasText: "This conversation doesn’t exist or was deleted." })).toBeVisible();
  await expect(tab2.userMessages).toHaveCount(0);

  await expectSameDocument(other);
});

test("a token the event stream refuses is renewed at once, and the tab keeps following", async ({ context, page, request }) => {
  // Signed in without landing on a page: the one page below is the only one to connect.
  await signInThrough(page.request, await demoBusinessViewer(request));
  // The first connect of a freshly loaded page is answered as if its access token had just expired.
  const sent: string[] = [];
  await context.route("**/api/events", async (route) => {
    sent.push(route.request().headers()["authorization"] ?? "");
    if (sent.length === 1) {
      await route.fulfill({ status: 401, json: { error: "unauthorized", detail: "The access token has expired." } });
    } else {
      await route.continue();
    }
  });
  const chat = new ChatPage(page);
  await chat.goto();
  await markDocument(page);
  await expect.poll(() => sent.length).toBe(2);
  expect(sent[1]).toMatch(/^Bearer \S+$/);
  expect(sent[1]).not.toBe(sent[0]);

  // What happens elsewhere (here: the API) still reaches the tab.
  const title = `Lamps ${randomBytes(3).toString("hex")}`;
  const created = await request.post("/api/chat/sessions", { headers: { Authorization: `Bearer ${await viewerToken(request)}` }, data: { title } });
  expect(created.status(), await created.text()).toBe(201);
  await expect(chat.conversationLink(title)).toBeVisible();
  expect(sent).toHaveLength(2);
  await expectSameDocument(page);
});

test("what changes between the page's render and its live connection still reaches the tab", async ({ context, page, request }) => {
  const token = await viewerToken(request);
  const tag = randomBytes(3).toString("hex");
  const opened = await request.post("/api/chat", { headers: { Authorization: `Bearer ${token}` }, data: { message: `a desk lamp? ${tag}` } });
  expect(opened.status(), await opened.text()).toBe(200);
  const { sessionId } = (await opened.json()) as { sessionId: string };

  // The tab's first connect is held until the changes below are committed, as on a slow phone.
  const connects = await holdRequests(context, "**/api/events");
  const positions = () => connects.requests.map((sent) => sent.headers()["last-event-id"]);
  await signInThrough(page.request, await demoBusinessViewer(request));
  const chat = new ChatPage(page);
  await chat.goto(sessionId);
  await markDocument(page);
  await expect(chat.userMessages).toHaveCount(1);
  const before = await chat.credits();
  await expect.poll(() => positions().length).toBe(1);
  // It asks to resume from where the page's data was read.
  expect(positions()[0]).toMatch(/^\d+$/);

  const { messageCost } = await balanceOf(request);
  const sent = await request.post("/api/chat", { headers: { Authorization: `Bearer ${token}` }, data: { message: `and a bulb for it? ${tag}`, sessionId } });
  expect(sent.status(), await sent.text()).toBe(200);
  const renamed = `Lighting ${tag}`;
  const patched = await request.patch(`/api/chat/sessions/${sessionId}`, { headers: { Authorization: `Bearer ${token}` }, data: { title: renamed } });
  expect(patched.status(), await patched.text()).toBe(200);
  connects.release();

  // Replayed to the tab: the new question and its answer, the new title, the balance after it.
  await expect(chat.userMessages).toHaveCount(2);
  await expect(chat.userMessages.last()).toHaveText(`and a bulb for it? ${tag}`);
  await expect(chat.assistantMessages).toHaveCount(2);
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "complete");
  await expect(chat.conversationLink(renamed)).toHaveAttribute("href", `/chat/${sessionId}`);
  await expectBalance(chat, before - messageCost);
  expect(positions()).toHaveLength(1);
  await page.screenshot({ path: "test-results/live-replayed-after-render.png" });
  await expectSameDocument(page);
});
