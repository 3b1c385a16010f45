import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { MODEL_APP_URL } from "../playwright.config";
import { ChatPage } from "./pages/chat-page";
import { DEMO, DEMO_PASSWORD, signInDirectly } from "./pages/login-page";
import { apiGet, apiToken, demoBusinessViewer, recordTurnRequests } from "./fixtures/api";

/** The product assistant in the browser (docs/architecture.md §5 `/chat`). */


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

/** One message through the API (JSON mode), as if typed in another tab; answers the conversation's id. */
async function chatThroughApi(request: APIRequestContext, token: string, body: { message: string; sessionId?: string }): Promise<string> {
  const response = await request.post("/api/chat", { headers: { Authorization: `Bearer ${token}` }, data: body });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

type StoredMessage = { id: string; role: string; status: string; content: string; feedback?: { rating: string; reason: string | null } | null };

async function storedMessage(request: APIRequestContext, token: string, { sessionId, id }: { sessionId: string; id: string }): Promise<StoredMessage | null> {
  const history = await apiGet<{ results: StoredMessage[] }>(request, token, `/api/chat/history?sessionId=${sessionId}&pageSize=100`);
  return history.results.find((message) => message.id === id) ?? null;
}

/** A word no other conversation holds: letters only, so the search's stemming leaves it whole. */
function uniqueWord(): string {
  return `zq${randomBytes(4)
    .toString("hex")
    .replace(/[0-9]/g, (digit) => "ghijklmnop"[Number(digit)]!)}x`;
}

async function signInAndOpenChat(page: Page, email: string, password = DEMO_PASSWORD): Promise<ChatPage> {
  await signInDirectly(page, email, password);
  const chat = new ChatPage(page);
  await chat.goto();
  return chat;
}

test("a viewer asks for a standing desk: the grounded answer streams in with its price and a product card, and costs one message", async ({
  page,
  request,
}) => {
  const viewer = await demoBusinessViewer(request);
  const token = await apiToken(request, viewer);
  const { messageCost } = await apiGet<{ messageCost: number }>(request, token, "/api/chat/balance");
  const business = await apiGet<{ settings: { botName: string } }>(request, token, "/api/business");

  await signInDirectly(page, viewer, DEMO_PASSWORD, "/chat");
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
  const sessionId = await chat.sessionId();
  await expect(chat.conversations.filter({ hasText: "do you have a standing desk?" }).first()).toHaveAttribute("aria-current", "page");

  await expect(chat.balance).toHaveAttribute("data-credits", String(before - messageCost));
  // The chat's header says what the balance buys here; the credits themselves are the page header's alone.
  await expect(chat.balance).toHaveText(`${Math.floor((before - messageCost) / messageCost).toLocaleString("en-US")} messages left`);
  const balanceText = `${(before - messageCost).toLocaleString("en-US")} credits`;
  await expect(chat.headerBalance).toHaveText(balanceText);
  await expect(page.locator("#main").getByText(balanceText, { exact: true })).toHaveCount(0);
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

test("a purchase whose answer was lost on the way: confirming again gets it back instead of buying twice", async ({ page, request }) => {
  const token = await apiToken(request, await demoBusinessViewer(request));
  const before = (await apiGet<{ count: number }>(request, token, "/api/purchases?pageSize=1")).count;
  // The news of a purchase (live updates, or the purchases read again) does not reach this page, as
  // over a dropped connection: only a confirmation's own answer could tell it.
  await page.route("**/api/events**", (route) => route.abort());
  await page.route("**/api/purchases?**", (route) => (route.request().method() === "GET" ? route.abort() : route.fallback()));
  const chat = await signInAndOpenChat(page, await demoBusinessViewer(page.request));
  await chat.send("buy 1 Desk Lamp");
  await chat.waitForAnswer();
  const card = chat.proposalCard("Desk Lamp");

  // The first confirmation reaches the server and is bought, but its answer never reaches the page.
  const keys: string[] = [];
  let lost = false;
  await page.route("**/api/purchases", async (route) => {
    keys.push(route.request().headers()["idempotency-key"] ?? "");
    if (lost) return route.continue();
    lost = true;
    const answer = await route.fetch();
    expect(answer.status()).toBe(201);
    await route.abort("connectionreset");
  });
  await card.getByRole("button", { name: "Confirm purchase" }).click();
  await expect(card.getByRole("alert")).toBeVisible();
  await card.getByRole("button", { name: "Confirm purchase" }).click();
  await expect(card.getByRole("status")).toContainText("Purchased 1 × Desk Lamp");

  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect((await apiGet<{ count: number }>(request, token, "/api/purchases?pageSize=1")).count).toBe(before + 1);
});

test("asking to buy shows a proposal; a double click on Confirm purchase buys once, and it is listed in the Purchases tab", async ({
  page,
  request,
  browser,
}) => {
  const token = await apiToken(request, await demoBusinessViewer(request));
  const before = (await apiGet<{ count: number }>(request, token, "/api/purchases?pageSize=1")).count;

  const chat = await signInAndOpenChat(page, await demoBusinessViewer(page.request));
  await chat.send("buy 1 Standing Desk");
  await chat.waitForAnswer();
  const card = chat.proposalCard("Standing Desk");
  await expect(card).toContainText("$549.00");
  // The assistant only proposes: nothing was bought yet.
  expect((await apiGet<{ count: number }>(request, token, "/api/purchases?pageSize=1")).count).toBe(before);
  // The same conversation open on another device whose live updates do not arrive (a dropped
  // connection), so it still offers Confirm once this one has bought.
  const otherDevice = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const otherTab = await otherDevice.newPage();
  await otherTab.route("**/api/events**", (route) => route.abort());
  await signInDirectly(otherTab, await demoBusinessViewer(request), DEMO_PASSWORD);
  const otherChat = new ChatPage(otherTab);
  await otherTab.goto(`/chat/${await chat.sessionId()}`);
  const otherCard = otherChat.proposalCard("Standing Desk");
  await expect(otherCard.getByRole("button", { name: "Confirm purchase" })).toBeVisible();
  // Nor do its reads of the purchases (it falls back to polling without live updates).
  await otherTab.route("**/api/purchases**", (route) => (route.request().method() === "GET" ? route.abort() : route.fallback()));

  const posts: (string | undefined)[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/purchases") posts.push(r.headers()["idempotency-key"]);
  });
  await card.getByRole("button", { name: "Confirm purchase" }).dblclick();
  await expect(card.getByRole("status")).toHaveText("Purchased 1 × Standing Desk for $549.00.");
  await expect(card.getByRole("button", { name: "Confirm purchase" })).toHaveCount(0);

  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatch(/^[\x21-\x7e]{16,}$/);
  // Confirming there gets this purchase back instead of buying a second one.
  await otherCard.getByRole("button", { name: "Confirm purchase" }).click();
  await expect(otherCard.getByRole("status")).toHaveText("Purchased 1 × Standing Desk for $549.00.");
  await otherDevice.close();
  const after = await apiGet<{ count: number; results: { productName: string; quantity: number; total: string; sessionId: string }[] }>(
    request,
    token,
    "/api/purchases?pageSize=1",
  );
  expect(after.count).toBe(before + 1);
  expect(after.results[0]).toMatchObject({ productName: "Standing Desk", quantity: 1, total: "549.00", sessionId: await chat.sessionId() });

  await page.screenshot({ path: "test-results/chat-proposal.png" });
  await chat.openPurchases();
  const newest = chat.purchaseRows.first();
  await expect(newest).toContainText("Standing Desk");
  await expect(newest).toContainText("1 × $549.00");
  await expect(newest).toContainText("$549.00");
  await expect(newest.getByRole("link", { name: "Open the conversation" })).toHaveAttribute("href", `/chat/${await chat.sessionId()}`);

  // After a reload the card remembers it was confirmed instead of offering to buy again.
  const sessionId = await chat.sessionId();
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
  const sessionId = await chat.sessionId();

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
  // While the delete is on its way the dialog cannot be dismissed as if nothing happened.
  await page.route(`**/api/chat/sessions/${sessionId}`, async (route) => {
    if (route.request().method() === "DELETE") await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.fallback();
  });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeDisabled();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeVisible();
  await expect(chat.conversations.filter({ hasText: "Desk lighting" })).toHaveCount(0);
  await page.unrouteAll();
  await expect(page).toHaveURL(/\/chat$/);
  // The Delete button that opened the dialog went with its row: the conversation viewed was deleted, so
  // the new chat's box has focus, as after New chat.
  await expect(chat.input).toBeFocused();
  const sessions = await apiGet<{ results: { id: string }[] }>(request, owner.token, "/api/chat/sessions");
  expect(sessions.results.map((s) => s.id)).not.toContain(sessionId);

  // Another conversation than the one viewed: focus goes to the list's search box, not to the page's body.
  await chat.send("one more question");
  await chat.waitForAnswer();
  await chat.newChatButton.click();
  await expect(page).toHaveURL(/\/chat$/);
  await page.getByRole("button", { name: "Delete “one more question”" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog).toBeHidden();
  await expect(chat.conversations).toHaveCount(0);
  await expect(chat.searchBox).toBeFocused();
});

test("Copy puts a message on the clipboard, by mouse or by keyboard; an answer's cost shows on hover, on focus and on a click", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const token = await apiToken(request, await demoBusinessViewer(request));
  const { messageCost } = await apiGet<{ messageCost: number }>(request, token, "/api/chat/balance");
  const chat = await signInAndOpenChat(page, await demoBusinessViewer(page.request));
  await chat.send("do you have a standing desk?");
  const answer = await chat.waitForAnswer();
  const stored = await storedMessage(request, token, { sessionId: await chat.sessionId(), id: (await answer.getAttribute("data-message-id"))! });
  expect(stored?.content).toContain("Standing Desk");

  await chat.copyButton(answer).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
  await expect(chat.copyButton(answer)).toHaveAccessibleName("Copied");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(stored!.content);
  // The button goes back to Copy after a moment.
  await expect(chat.copyButton(answer)).toHaveAccessibleName("Copy message");

  // The question, by keyboard.
  const question = chat.userMessages.last();
  await chat.copyButton(question).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("do you have a standing desk?");

  // The cost: a member sees the credits the answer took, not the model's usage.
  const cost = chat.costButton(answer);
  await cost.focus();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toBeVisible();
  await expect(cost).toHaveAccessibleDescription(new RegExp(`Credits: ${messageCost} credits`));
  await expect(tooltip).toContainText("Credits:");
  await expect(tooltip).not.toContainText("Tokens");
  await page.keyboard.press("Escape");
  await expect(tooltip).toBeHidden();
  await expect(cost).toBeFocused();
  await chat.input.focus();
  await cost.hover();
  await expect(tooltip).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();
  // A click shows it too (the hover before it opened it already; the click must not put it away).
  await cost.click();
  await expect(tooltip).toBeVisible();
});

test("👎 with a reason is kept across a reload, 👍 replaces it, pressing it again takes it back; an admin sees the answer's tokens and model cost", async ({
  page,
  request,
}) => {
  const owner = await registerBusiness(request);
  const chat = await signInAndOpenChat(page, owner.email, owner.password);
  await chat.send("what do you recommend for a home office?");
  const answer = await chat.waitForAnswer();
  const id = (await answer.getAttribute("data-message-id"))!;
  const sessionId = await chat.sessionId();

  await expect(chat.goodAnswer(answer)).toHaveAttribute("aria-pressed", "false");
  await chat.badAnswer(answer).click();
  const dialog = chat.feedbackDialog();
  await expect(dialog).toBeVisible();
  const reason = dialog.getByLabel("Reason (optional)");
  await expect(reason).toBeFocused();
  await reason.fill("It did not suggest anything I could buy.");
  await page.screenshot({ path: "test-results/chat-feedback-reason.png", animations: "disabled" });
  await dialog.getByRole("button", { name: "Send feedback" }).click();
  await expect(dialog).toBeHidden();
  await expect(chat.badAnswer(answer)).toHaveAttribute("aria-pressed", "true");
  await expect
    .poll(async () => (await storedMessage(request, owner.token, { sessionId, id }))?.feedback)
    .toEqual({ rating: "down", reason: "It did not suggest anything I could buy." });

  await page.reload();
  const again = chat.lastAssistant();
  await expect(chat.badAnswer(again)).toHaveAttribute("aria-pressed", "true");
  await expect(chat.goodAnswer(again)).toHaveAttribute("aria-pressed", "false");
  await expect(chat.badAnswer(again)).toHaveAttribute("title", "Bad answer: “It did not suggest anything I could buy.”");

  // The other thumb changes the rating.
  await chat.goodAnswer(again).click();
  await expect(chat.goodAnswer(again)).toHaveAttribute("aria-pressed", "true");
  await expect(chat.badAnswer(again)).toHaveAttribute("aria-pressed", "false");
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await storedMessage(request, owner.token, { sessionId, id }))?.feedback).toEqual({ rating: "up", reason: null });
  await page.reload();
  await expect(chat.goodAnswer(chat.lastAssistant())).toHaveAttribute("aria-pressed", "true");
  await expect(chat.badAnswer(chat.lastAssistant())).toHaveAttribute("aria-pressed", "false");

  // Pressed again, a thumb takes the rating back.
  await chat.goodAnswer(chat.lastAssistant()).click();
  await expect(chat.goodAnswer(chat.lastAssistant())).toHaveAttribute("aria-pressed", "false");
  await expect.poll(async () => (await storedMessage(request, owner.token, { sessionId, id }))?.feedback).toBeNull();
  await chat.goodAnswer(chat.lastAssistant()).click();
  await expect(chat.goodAnswer(chat.lastAssistant())).toHaveAttribute("aria-pressed", "true");

  // The business's admin also sees what the answer cost to make.
  await chat.costButton(chat.lastAssistant()).hover();
  const tooltip = page.getByRole("tooltip");
  await expect(tooltip).toContainText("Credits:");
  await expect(tooltip).toContainText(/Tokens:\s*[\d,]+ prompt · [\d,]+ completion/);
  await expect(tooltip).toContainText("Model cost:");
  await expect(tooltip).toContainText("Model:");
  await page.screenshot({ path: "test-results/chat-cost-admin.png", animations: "disabled" });
});

test("the sidebar's search finds a conversation by a word from one of its messages; clearing it brings the list back", async ({ page, request }) => {
  const owner = await registerBusiness(request);
  const word = uniqueWord();
  // The word is in a later message, never in a title.
  const found = await chatThroughApi(request, owner.token, { message: "hello there" });
  await chatThroughApi(request, owner.token, { message: `do you sell ${word} lamps?`, sessionId: found });
  await chatThroughApi(request, owner.token, { message: "a question about chairs" });

  const chat = await signInAndOpenChat(page, owner.email, owner.password);
  await expect(chat.conversations).toHaveCount(2);
  await chat.searchBox.fill(word);
  await expect(chat.foundConversations).toHaveCount(1);
  await expect(chat.foundConversations.first()).toContainText("hello there");
  await expect(chat.foundConversations.first()).toHaveAttribute("href", `/chat/${found}`);
  await expect(page.getByRole("status").filter({ hasText: "1 conversation found." })).toBeAttached();
  await chat.foundConversations.first().click();
  await expect(page).toHaveURL(new RegExp(`/chat/${found}$`));
  await expect(chat.userMessages.filter({ hasText: word })).toBeVisible();

  await chat.searchBox.fill(uniqueWord());
  await expect(page.getByText(/No conversation mentions/)).toBeVisible();
  await chat.searchBox.fill("");
  await expect(chat.conversations).toHaveCount(2);
  // Escape empties the box too.
  await chat.searchBox.fill(word);
  await expect(chat.foundConversations).toHaveCount(1);
  await chat.searchBox.press("Escape");
  await expect(chat.searchBox).toHaveValue("");
  await expect(chat.conversations).toHaveCount(2);
});

test("a double click on Send sends once, and its second click does not stop the answer (Stop takes Send's place)", async ({ page }) => {
  const chat = await signInAndOpenChat(page, await demoBusinessViewer(page.request));
  const questions = await chat.userMessages.count();
  await chat.input.fill("do you have a monitor?");
  await chat.sendButton.dblclick();
  const answer = await chat.waitForAnswer();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer).not.toContainText("Stopped");
  await expect(chat.userMessages).toHaveCount(questions + 1);
  // Two separate clicks a moment apart are the same press to the hand that made them. The answer is
  // held back until after the second click, so that click meets Stop whatever the machine's speed.
  await chat.input.fill("and a desk lamp?");
  const place = (await chat.sendButton.boundingBox())!;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/chat", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    await held;
    await route.continue();
  });
  await chat.sendButton.click();
  await page.mouse.click(place.x + place.width / 2, place.y + place.height / 2);
  await expect(chat.stopButton).toBeVisible();
  release();
  const second = chat.lastAssistant();
  await expect(second).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(second).not.toContainText("Stopped");
});

test("Stop pressed before the server acknowledged the turn shows the answer the server kept, the same after a reload", async ({ page }) => {
  const chat = await signInAndOpenChat(page, await demoBusinessViewer(page.request));
  let answered!: () => void;
  const serverAnswered = new Promise<void>((resolve) => (answered = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The server answers (and stores the answer) in full while the browser is still waiting for the first byte.
  await page.route("**/api/chat", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch();
    answered();
    await held;
    try {
      await route.fulfill({ response });
    } catch {
      // The browser gave up on the request: that is what this test guards against.
    }
  });
  await chat.send("do you have a standing desk?");
  await serverAnswered;
  // From the keyboard: a pointer click this soon after Send would be taken for the end of a double click.
  await chat.stopButton.press("Enter");
  await expect(chat.stopButton).toHaveText("Stopping…");
  release();

  const answer = await chat.waitForAnswer();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer).toContainText("$549.00");
  await expect(answer).not.toContainText("Stopped");
  const shown = await chat.content(answer).innerText();
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);

  await page.unrouteAll({ behavior: "ignoreErrors" });
  await page.reload();
  const stored = chat.lastAssistant();
  await expect(stored).toHaveAttribute("data-status", "complete");
  expect(await chat.content(stored).innerText()).toBe(shown);
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.assistantMessages).toHaveCount(1);
});

test.describe("with a model behind the OpenAI API (the fake model server)", () => {
  test.use({ baseURL: MODEL_APP_URL });

  test("Stop halts a long answer; the partial answer stays, also after a reload", async ({ page, request }) => {
    // A short window, so the answer overflows the message list and autoscroll has work to do.
    await page.setViewportSize({ width: 900, height: 560 });
    const chat = await signInAndOpenChat(page, DEMO.viewer);
    // The fake model streams 400 words, one every 30 ms.
    await chat.send("Tell me everything about desks [fake:long:30]");
    const answer = chat.lastAssistant();
    await expect(answer).toHaveAttribute("data-status", "streaming");
    await expect(chat.stopButton).toBeVisible();
    // On a busy machine 200 words at 30 ms each can take longer than the default wait.
    await expect(answer).toContainText("word200", { timeout: 30_000 });
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

    // What the screen keeps is what the server stored: the words still in flight at Stop included.
    const token = await apiToken(request, DEMO.viewer);
    const where = { sessionId: await chat.sessionId(), id: (await answer.getAttribute("data-message-id"))! };
    await expect.poll(async () => (await storedMessage(request, token, where))?.status).toBe("aborted");
    const kept = (await storedMessage(request, token, where))!.content;
    expect(kept).toMatch(/^word1 word2 word3 word4 word5/);
    expect(kept).not.toContain("word400");
    await expect(chat.content(answer)).toHaveText(kept);
    await expect(answer).toHaveAttribute("data-status", "aborted");

    await page.reload();
    const stored = chat.lastAssistant();
    await expect(stored).toHaveAttribute("data-status", "aborted");
    await expect(chat.content(stored)).toHaveText(kept);
    await expect(stored).not.toContainText("word400");
    await expect(stored).toContainText("Stopped");
  });

  test("a model failure shows the error with Retry and refunds the credits; Retry answers the same question again, without storing it twice", async ({ page }) => {
    const chat = await signInAndOpenChat(page, DEMO.viewer);
    const before = await chat.credits();
    const sent = recordTurnRequests(page);

    await chat.send("Anything new? [fake:500]");
    const alert = page.getByRole("alert").filter({ hasText: "credits were refunded" });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(chat.lastAssistant()).toHaveAttribute("data-status", "error");
    await expect(chat.balance).toHaveAttribute("data-credits", String(before));

    await alert.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => sent).toEqual(["Anything new? [fake:500]", "regenerate"]);
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(chat.userMessages).toHaveCount(1);
    await expect(chat.balance).toHaveAttribute("data-credits", String(before));

    // After a reload the failed answer still offers Retry, which answers the stored question again too.
    await page.reload();
    await expect(chat.lastAssistant()).toHaveAttribute("data-status", "error");
    const stored = page.getByRole("alert").filter({ hasText: "The last answer failed" });
    await stored.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => sent).toEqual(["Anything new? [fake:500]", "regenerate", "regenerate"]);
    await expect(page.getByRole("alert").filter({ hasText: "credits were refunded" })).toBeVisible({ timeout: 30_000 });
    await expect(chat.userMessages).toHaveCount(1);
    await expect(chat.balance).toHaveAttribute("data-credits", String(before));
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

test("after Talk to a person the assistant waits: a message goes to the person, free; Continue with the assistant brings it back", async ({ page, request }) => {
  const owner = await registerBusiness(request);
  const chat = await signInAndOpenChat(page, owner.email, owner.password);
  await chat.send("hello there");
  await chat.waitForAnswer();
  const line = page.getByTestId("handoff-status");
  await line.getByRole("button", { name: "Talk to a person" }).click();
  await expect(line).toContainText("A person from the team has been asked to join and will reply here.");

  const before = await chat.credits();
  const answers = await chat.assistantMessages.count();
  await chat.send("Hello, anyone there?");
  await expect(chat.userMessages.last()).toHaveText("Hello, anyone there?");
  await expect(chat.input).toBeEditable();
  // No answer from the assistant, and no charge, for a message that waits for a person.
  await page.waitForTimeout(1_000);
  await expect(chat.assistantMessages).toHaveCount(answers);
  expect(await chat.credits()).toBe(before);
  await page.screenshot({ path: "test-results/chat-waiting-for-person-1280.png" });

  // A person reads it: "Seen" grows the conversation without a new message, and a reader at the bottom stays there.
  await page.setViewportSize({ width: 1280, height: 520 });
  await page.getByTestId("message-scroller").evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
  const sessionId = await chat.sessionId();
  const stored = await apiGet<{ results: { id: string }[] }>(request, owner.token, `/api/chat/history?sessionId=${sessionId}&pageSize=50`);
  const read = await request.post(`/api/inbox/${sessionId}/read`, { headers: { Authorization: `Bearer ${owner.token}` }, data: { upToMessageId: stored.results.at(-1)!.id } });
  expect(read.status(), await read.text()).toBe(200);
  await expect(page.getByText("Seen", { exact: true })).toBeVisible();
  await expect
    .poll(async () => {
      const [lineBox, listBox] = await Promise.all([line.boundingBox(), page.getByTestId("message-scroller").boundingBox()]);
      return lineBox!.y + lineBox!.height <= listBox!.y + listBox!.height + 1;
    })
    .toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });

  await line.getByRole("button", { name: "Continue with the assistant" }).click();
  await expect(line.getByRole("button", { name: "Talk to a person" })).toBeVisible();
  await chat.send("which desk do you have?");
  await chat.waitForAnswer();
  await expect(chat.assistantMessages).toHaveCount(answers + 1);
});
