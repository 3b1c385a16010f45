import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { MODEL_APP_URL } from "../playwright.config";
import { ChatPage } from "./pages/chat-page";
import { DEMO, DEMO_PASSWORD, LoginPage } from "./pages/login-page";

/** The product assistant in the browser (docs/architecture.md §5 `/chat`). */

type Json = Record<string, unknown>;

async function apiToken(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await request.post("/api/auth/login", { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { access: string }).access;
}

async function apiGet<T = Json>(request: APIRequestContext, token: string, path: string): Promise<T> {
  const response = await request.get(path, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

/** A brand-new business whose first admin has a clean chat history. */
async function registerBusiness(request: APIRequestContext) {
  const suffix = randomBytes(5).toString("hex");
  const email = `chat-${suffix}@e2e.test`;
  const password = `pw-${suffix}-long-enough`;
  const response = await request.post("/api/auth/register", {
    data: { email, password, name: `Chat Tester ${suffix}`, businessName: `Chat Shop ${suffix}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { user: { id: string }; access: string };
  return { email, password, userId: body.user.id, token: body.access };
}

async function signInAndOpenChat(page: Page, email: string, password = DEMO_PASSWORD): Promise<ChatPage> {
  await new LoginPage(page).signIn(email, password);
  const chat = new ChatPage(page);
  await chat.goto();
  return chat;
}

test("a viewer asks for a standing desk: the grounded answer streams in with its price and a product card, and costs one message", async ({
  page,
  request,
}) => {
  const token = await apiToken(request, DEMO.viewer);
  const { messageCost } = await apiGet<{ messageCost: number }>(request, token, "/api/chat/balance");
  const business = await apiGet<{ settings: { botName: string } }>(request, token, "/api/business");

  await new LoginPage(page).signInAs("viewer");
  const chat = new ChatPage(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(business.settings.botName);
  const before = await chat.credits();

  const streamed = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/chat" && r.request().method() === "POST");
  await chat.send("do you have a standing desk?");
  await expect(chat.userMessages.last()).toHaveText("do you have a standing desk?");
  await expect(chat.input).toHaveValue("");

  // The answer arrives as server-sent events: meta first, the text in several deltas, done last.
  const response = await streamed;
  expect(response.headers()["content-type"]).toContain("text/event-stream");
  const events = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  expect(events[0]).toBe("meta");
  expect(events.at(-1)).toBe("done");
  expect(events.filter((e) => e === "delta").length).toBeGreaterThan(1);

  const answer = await chat.waitForAnswer();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer).toContainText("Standing Desk");
  await expect(answer).toContainText("$549.00");
  const card = answer.getByTestId("product-card").filter({ has: page.getByText("Standing Desk", { exact: true }) });
  await expect(card).toContainText("$549.00");
  await expect(card).toContainText("Furniture");

  // The new conversation got its own URL and a place in the sidebar.
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const sessionId = chat.sessionId();
  await expect(chat.conversations.filter({ hasText: "do you have a standing desk?" }).first()).toHaveAttribute("aria-current", "page");

  await expect(chat.balance).toHaveAttribute("data-credits", String(before - messageCost));
  const axe = await new AxeBuilder({ page }).include("#main").analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.screenshot({ path: "test-results/chat-answer.png" });
  const balance = await apiGet<{ credits: number }>(request, token, "/api/chat/balance");
  expect(balance.credits).toBe(before - messageCost);

  // The conversation survives a reload.
  await page.reload();
  await expect(page).toHaveURL(new RegExp(`/chat/${sessionId}$`));
  await expect(chat.userMessages.last()).toHaveText("do you have a standing desk?");
  await expect(chat.lastAssistant()).toContainText("$549.00");
  await expect(chat.lastAssistant().getByTestId("product-card").filter({ hasText: "Standing Desk" }).first()).toBeVisible();
  await expect(chat.balance).toHaveAttribute("data-credits", String(before - messageCost));
});

test("asking to buy shows a proposal; a double click on Confirm purchase buys once, and it is listed in the Purchases tab", async ({
  page,
  request,
}) => {
  const token = await apiToken(request, DEMO.viewer);
  const before = (await apiGet<{ count: number }>(request, token, "/api/purchases?pageSize=1")).count;

  const chat = await signInAndOpenChat(page, DEMO.viewer);
  await chat.send("buy 1 Standing Desk");
  await chat.waitForAnswer();
  const card = chat.proposalCard("Standing Desk");
  await expect(card).toContainText("$549.00");
  // The assistant only proposes: nothing was bought yet.
  expect((await apiGet<{ count: number }>(request, token, "/api/purchases?pageSize=1")).count).toBe(before);

  const posts: (string | undefined)[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/purchases") posts.push(r.headers()["idempotency-key"]);
  });
  await card.getByRole("button", { name: "Confirm purchase" }).dblclick();
  await expect(card.getByRole("status")).toHaveText("Purchased 1 × Standing Desk for $549.00.");
  await expect(card.getByRole("button", { name: "Confirm purchase" })).toHaveCount(0);

  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatch(/^[\x21-\x7e]{16,}$/);
  const after = await apiGet<{ count: number; results: { productName: string; quantity: number; total: string; sessionId: string }[] }>(
    request,
    token,
    "/api/purchases?pageSize=1",
  );
  expect(after.count).toBe(before + 1);
  expect(after.results[0]).toMatchObject({ productName: "Standing Desk", quantity: 1, total: "549.00", sessionId: chat.sessionId() });

  await page.screenshot({ path: "test-results/chat-proposal.png" });
  await chat.openPurchases();
  const newest = chat.purchaseRows.first();
  await expect(newest).toContainText("Standing Desk");
  await expect(newest).toContainText("1 × $549.00");
  await expect(newest).toContainText("$549.00");
  await expect(newest.getByRole("link", { name: "Open the conversation" })).toHaveAttribute("href", `/chat/${chat.sessionId()}`);

  // After a reload the card remembers it was confirmed instead of offering to buy again.
  const sessionId = chat.sessionId();
  await page.reload();
  await expect(chat.proposalCard("Standing Desk").last().getByRole("status")).toContainText("Purchased 1 × Standing Desk");

  // The purchase history page links it back to this conversation.
  await page.goto("/purchases");
  const link = page.getByRole("link", { name: "Open the conversation for Standing Desk" }).and(page.locator(`[href="/chat/${sessionId}"]`));
  await expect(link).toBeVisible();
});

test("credits: a low balance is flagged, and an empty one gets a friendly message and keeps what was typed", async ({ page, request }) => {
  const owner = await registerBusiness(request);
  const { credits, messageCost } = await apiGet<{ credits: number; messageCost: number }>(request, owner.token, "/api/chat/balance");
  // Leave one message's worth and some change.
  const left = messageCost + Math.floor(messageCost / 2);
  const claw = await request.post("/api/business/credits", {
    headers: { Authorization: `Bearer ${owner.token}` },
    data: { userId: owner.userId, amount: left - credits, reason: "e2e: low balance" },
  });
  expect(claw.status(), await claw.text()).toBeLessThan(300);

  const chat = await signInAndOpenChat(page, owner.email, owner.password);
  await expect(chat.balance).toHaveAttribute("data-credits", String(left));
  await expect(page.getByRole("status").filter({ hasText: "Low balance: 1 message left" })).toBeVisible();

  await chat.send("do you have a standing desk?");
  await chat.waitForAnswer();
  await expect(page.getByRole("status").filter({ hasText: "Out of credits" })).toBeVisible();

  await chat.send("and a chair?");
  await expect(page.getByRole("alert").filter({ hasText: "You're out of credits" })).toBeVisible();
  // Refused before anything was stored: no bubble for it, and the words are back in the box.
  await expect(chat.input).toHaveValue("and a chair?");
  await expect(chat.userMessages).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
});

test("conversations: greeting, Shift+Enter for a new line, rename, New chat and delete with confirmation", async ({ page, request }) => {
  const owner = await registerBusiness(request);
  const business = await apiGet<{ settings: { greeting: string } }>(request, owner.token, "/api/business");
  const chat = await signInAndOpenChat(page, owner.email, owner.password);
  await expect(chat.conversation).toContainText(business.settings.greeting);

  await chat.input.fill("lamps for a desk");
  await chat.input.press("Shift+Enter");
  await chat.input.pressSequentially("under $100");
  await expect(chat.input).toHaveValue("lamps for a desk\nunder $100");
  await expect(chat.userMessages).toHaveCount(0);
  await chat.input.press("Enter");
  await expect(chat.userMessages.last()).toHaveText("lamps for a desk\nunder $100");
  await chat.waitForAnswer();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const sessionId = chat.sessionId();

  const item = chat.conversations.filter({ hasText: "lamps for a desk" });
  await expect(item).toHaveAttribute("aria-current", "page");
  await page.getByRole("button", { name: "Rename “lamps for a desk”" }).click();
  const title = page.getByLabel("Conversation title");
  await expect(title).toBeFocused();
  await title.fill("Desk lighting");
  await title.press("Enter");
  await expect(chat.conversations.filter({ hasText: "Desk lighting" })).toHaveAttribute("href", `/chat/${sessionId}`);
  await expect(page.getByRole("button", { name: "Rename “Desk lighting”" })).toBeFocused();
  await page.reload();
  await expect(chat.conversations.filter({ hasText: "Desk lighting" })).toBeVisible();

  await chat.newChatButton.click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(chat.userMessages).toHaveCount(0);
  await expect(chat.conversation).toContainText(business.settings.greeting);

  await page.getByRole("button", { name: "Delete “Desk lighting”" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this conversation?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(chat.conversations.filter({ hasText: "Desk lighting" })).toBeVisible();

  await chat.goto(sessionId);
  await page.getByRole("button", { name: "Delete “Desk lighting”" }).click();
  await page.getByRole("dialog", { name: "Delete this conversation?" }).getByRole("button", { name: "Delete" }).click();
  await expect(chat.conversations.filter({ hasText: "Desk lighting" })).toHaveCount(0);
  await expect(page).toHaveURL(/\/chat$/);
  const sessions = await apiGet<{ results: { id: string }[] }>(request, owner.token, "/api/chat/sessions");
  expect(sessions.results.map((s) => s.id)).not.toContain(sessionId);
});

test.describe("with a model behind the OpenAI API (the fake model server)", () => {
  test.use({ baseURL: MODEL_APP_URL });

  test("Stop halts a long answer; the partial answer stays, also after a reload", async ({ page }) => {
    // A short window, so the answer overflows the message list and autoscroll has work to do.
    await page.setViewportSize({ width: 900, height: 560 });
    const chat = await signInAndOpenChat(page, DEMO.viewer);
    // The fake model streams 400 words, one every 30 ms.
    await chat.send("Tell me everything about desks [fake:long:30]");
    const answer = chat.lastAssistant();
    await expect(answer).toHaveAttribute("data-status", "streaming");
    await expect(chat.stopButton).toBeVisible();
    await expect(answer).toContainText("word200");
    // The list follows the answer as it grows.
    const scroller = page.getByTestId("message-scroller");
    expect(await scroller.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await expect.poll(() => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(2);
    await chat.stopButton.click();

    await expect(answer).toHaveAttribute("data-status", "aborted");
    await expect(answer).toContainText("Stopped");
    await expect(chat.sendButton).toBeVisible();
    await expect(chat.input).toBeFocused();
    const partial = await answer.locator("p").first().innerText();
    expect(partial).toMatch(/^word1 word2 word3 word4 word5/);
    expect(partial).not.toContain("word400");

    await page.reload();
    const stored = chat.lastAssistant();
    await expect(stored).toHaveAttribute("data-status", "aborted");
    await expect(stored).toContainText("word1 word2 word3 word4 word5");
    await expect(stored).not.toContainText("word400");
    await expect(stored).toContainText("Stopped");
  });

  test("a model failure shows the error with Retry and refunds the credits; Retry sends the message again", async ({ page }) => {
    const chat = await signInAndOpenChat(page, DEMO.viewer);
    const before = await chat.credits();
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/chat") sent.push((r.postDataJSON() as { message: string }).message);
    });

    await chat.send("Anything new? [fake:500]");
    const alert = page.getByRole("alert").filter({ hasText: "credits were refunded" });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(chat.lastAssistant()).toHaveAttribute("data-status", "error");
    await expect(chat.balance).toHaveAttribute("data-credits", String(before));

    await alert.getByRole("button", { name: "Retry" }).click();
    await expect(chat.userMessages).toHaveCount(2);
    await expect(alert).toBeVisible({ timeout: 30_000 });
    expect(sent).toEqual(["Anything new? [fake:500]", "Anything new? [fake:500]"]);
    await expect(chat.balance).toHaveAttribute("data-credits", String(before));

    // After a reload the failed answer still offers Retry.
    await page.reload();
    await expect(chat.lastAssistant()).toHaveAttribute("data-status", "error");
    await expect(page.getByRole("alert").filter({ hasText: "The last answer failed" }).getByRole("button", { name: "Retry" })).toBeVisible();
  });

  test("Markdown from the model with <script> and <img onerror> runs nothing", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const chat = await signInAndOpenChat(page, DEMO.viewer);
    await chat.send("Format something for me [fake:xss]");
    const answer = await chat.waitForAnswer();

    const assertInert = async () => {
      const message = chat.lastAssistant();
      await expect(message).toHaveAttribute("data-status", "complete");
      // Markdown still renders...
      await expect(message.locator("strong")).toHaveText("bold");
      // ...but no HTML from the model became an element, and no unsafe URL became a link.
      await expect(message.locator("script, img, iframe, object, embed, [onerror], [onclick]")).toHaveCount(0);
      await expect(message.locator('a[href^="javascript:" i]')).toHaveCount(0);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    };
    await assertInert();
    await answer.getByText("link", { exact: true }).click();
    await assertInert();

    // The stored copy renders just as safely.
    await page.reload();
    await assertInert();
    expect(dialogs).toEqual([]);
  });
});
