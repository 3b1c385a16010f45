import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { ChatPage } from "./pages/chat-page";
import { InboxPage } from "./pages/inbox-page";
import { INBOX_PAGE_SIZE } from "../lib/inbox/list-params";
import { registerBusiness } from "./pages/admin-pages";
import { DEMO, DEMO_PASSWORD, signInDirectly, signInDirectlyAs } from "./pages/login-page";
import { CHAT_SESSIONS_PAGE_SIZE } from "../lib/query-keys";

/**
 * The admin's support inbox beside a member's chat, in two browsers: a new message shows up in the
 * inbox without a reload, the admin takes the conversation over and answers as a person, and the
 * member reads the answer in their chat.
 */

// A new conversation reaches the list by the live event stream, or else by the list's own refresh every 10 s.
const LIST_UPDATE_TIMEOUT = 5_000;

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return ((await login.json()) as { access: string }).access;
}

async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument?: boolean }).__sameDocument = true;
  });
}

async function expectSameDocument(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
}

async function expectNoAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).include("#main").analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** As when the user switches to another tab and back (a headless browser's page never leaves the screen by itself). */
async function setTabHidden(page: Page, hidden: boolean) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/** The names on the product cards under a message, in order. */
function productNamesIn(message: Locator): Promise<string[]> {
  return message.getByTestId("product-card").evaluateAll((cards) => cards.map((card) => card.querySelector("p")?.textContent ?? ""));
}

test("the admin sees a member's new message live, takes the conversation over and answers; the member reads the answer", async ({ browser, request }) => {
  const tag = randomBytes(3).toString("hex");
  const question = `Can a person help me pick a desk? ${tag}`;
  // Typed with Markdown's and HTML's marks: a person's words reach the member exactly as the inbox shows them.
  const answer = `Hi Vic, Ada here: the **Standing Desk** fits a <b>small</b> office. ${tag}`;

  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const admin = await adminContext.newPage();
  const viewer = await viewerContext.newPage();

  await signInDirectlyAs(admin, "admin");
  const inbox = new InboxPage(admin);
  await inbox.goto();
  await expect(inbox.rows.first()).toBeVisible();
  await markDocument(admin);

  // The member asks the assistant in their chat.
  await signInDirectlyAs(viewer, "viewer");
  const chat = new ChatPage(viewer);
  await chat.goto();
  await chat.send(question);
  await chat.waitForAnswer();
  await expect(viewer).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const shownProducts = await productNamesIn(chat.lastAssistant());
  expect(shownProducts.length).toBeGreaterThan(0);
  const sessionId = await chat.sessionId();

  // It reaches the admin's list without a reload: at the top, from the member, unread.
  const row = inbox.row(sessionId);
  await expect(row).toBeVisible({ timeout: LIST_UPDATE_TIMEOUT });
  await expect(row).toHaveAttribute("data-session-id", sessionId);
  await expect(row).toContainText("Vic Viewer");
  await expect(row).toHaveAttribute("data-status", "assistant");
  await expect(row.getByTestId("unread-count")).toContainText("1 unread message");

  // The member asks for a person: the conversation moves to the top, and the tab's title says so.
  const viewerToken = await tokenOf(request, DEMO.viewer);
  const handoff = await request.post(`/api/chat/sessions/${sessionId}/handoff`, { headers: { Authorization: `Bearer ${viewerToken}` } });
  expect(handoff.status(), await handoff.text()).toBe(200);
  await expect(row).toHaveAttribute("data-status", "needs_person", { timeout: LIST_UPDATE_TIMEOUT });
  await expect(row).toContainText("Needs a person");
  await expect(inbox.rows.first()).toHaveAttribute("data-session-id", sessionId);
  await expect(admin).toHaveTitle(/^\(\d+\) Needs a person · Inbox/);
  await expect(inbox.waitingCount).toContainText(/need(s)? a person/);
  await admin.screenshot({ path: "test-results/inbox-1280.png", animations: "disabled" });
  // The list scrolls in its own box: nothing in it (a row's label for screen readers included) makes the
  // page taller than the screen, which would scroll the header away into a blank page.
  expect(await admin.evaluate(() => document.scrollingElement!.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);

  // The admin opens it: the messages are there, and reading it clears the unread count.
  await inbox.open(row);
  await expect(inbox.messages.filter({ hasText: question })).toHaveAttribute("data-role", "user");
  await expect(inbox.messages.last()).toHaveAttribute("data-role", "assistant");
  // With the products the assistant showed the member, so the person knows which ones are meant.
  await expect.poll(() => productNamesIn(inbox.messages.last())).toEqual(shownProducts);
  await expect(inbox.status()).toHaveText("Needs a person");
  await expect(row.getByTestId("unread-count")).toHaveCount(0);
  await expectNoAxeViolations(admin);

  // The member types in their chat: the admin sees it, and emptying the box ends it at once (not after 8 s).
  await expect(viewer.getByTestId("handoff-status")).toContainText("asked to join", { timeout: LIST_UPDATE_TIMEOUT });
  const memberTypingOn = viewer.waitForRequest(
    (req) => req.url().endsWith(`/api/chat/sessions/${sessionId}/typing`) && req.method() === "POST" && req.postDataJSON()?.on === true,
  );
  await chat.input.pressSequentially("Is it", { delay: 20 });
  expect((await (await memberTypingOn).response())?.status()).toBe(204);
  await expect(inbox.typing).toHaveText("Vic Viewer is typing…", { timeout: 5_000 });
  const memberTypingOff = viewer.waitForRequest(
    (req) => req.url().endsWith(`/api/chat/sessions/${sessionId}/typing`) && req.method() === "POST" && req.postDataJSON()?.on === false,
  );
  await chat.input.fill("");
  await memberTypingOff;
  await expect(inbox.typing).toHaveText("", { timeout: 3_000 });

  // Takes it over, and types: the member is told ("typing" signal on, at most once per 2 s).
  await inbox.takeOverButton.click();
  // The pane and the list say who has it: the admin reading is "you".
  await expect(inbox.status()).toHaveText("With you");
  await expect(row.locator("[data-status]")).toHaveText("With you");
  await expect(inbox.handBackButton).toBeVisible();
  const typingOn = admin.waitForRequest(
    (req) => req.url().endsWith(`/api/chat/sessions/${sessionId}/typing`) && req.method() === "POST" && req.postDataJSON()?.on === true,
  );
  await inbox.reply.pressSequentially("Hi Vic", { delay: 20 });
  await typingOn;
  // The member sees the person typing, live.
  await expect(viewer.getByTestId("person-typing")).toHaveText("Ada Admin is typing…", { timeout: 5_000 });
  await expect(viewer.getByTestId("handoff-status")).toContainText("talking with a person");
  await viewer.screenshot({ path: "test-results/inbox-member-sees-typing.png" });

  // The member has gone on to another tab: the person's answer is counted in the chat tab's title.
  const memberTitle = await viewer.title();
  await setTabHidden(viewer, true);
  // Answers as a person: shown in the inbox with the admin's name.
  const typingOff = admin.waitForRequest(
    (req) => req.url().endsWith(`/api/chat/sessions/${sessionId}/typing`) && req.method() === "POST" && req.postDataJSON()?.on === false,
  );
  await inbox.reply.fill(answer);
  await inbox.reply.press("Enter");
  await typingOff;
  const sent = inbox.messages.filter({ hasText: answer });
  await expect(sent).toHaveAttribute("data-role", "agent");
  await expect(sent).toContainText("Ada Admin");
  await expect(inbox.reply).toHaveValue("");
  await admin.screenshot({ path: "test-results/inbox-1280-conversation.png", animations: "disabled" });

  // The member reads it in their chat, under the person's name, and the typing is over.
  await expect(chat.conversation).toContainText(answer, { timeout: 10_000 });
  await expect(viewer).toHaveTitle(`(1) ${memberTitle}`);
  await setTabHidden(viewer, false);
  await expect(viewer).toHaveTitle(memberTitle);
  await expect(viewer.getByTestId("agent-message").filter({ hasText: answer })).toContainText("Ada Admin");
  await expect(viewer.getByTestId("agent-message").filter({ hasText: answer }).locator("strong, b")).toHaveCount(0);
  await expect(viewer.getByTestId("person-typing")).toHaveCount(0);
  await viewer.setViewportSize({ width: 390, height: 844 });
  await viewer.emulateMedia({ colorScheme: "dark" });
  await viewer.screenshot({ path: "test-results/inbox-member-reply-390-dark.png" });
  await viewer.setViewportSize({ width: 1280, height: 720 });
  await viewer.emulateMedia({ colorScheme: "light" });

  // The member's next message goes to the person, not the assistant, and shows up in the open conversation live.
  const followUp = `Great, can it be delivered on Friday? ${tag}`;
  await chat.send(followUp);
  await expect(inbox.messages.filter({ hasText: followUp })).toHaveAttribute("data-role", "user", { timeout: 5_000 });
  await expect(inbox.messages.last()).toContainText(followUp);

  // The member buys in this conversation: the purchase says so, and leads back to its messages.
  const lamp = (
    (await (await request.get(`/api/products?${new URLSearchParams({ q: "Desk Lamp", business: "demo-outfitters" })}`, { headers: { Authorization: `Bearer ${viewerToken}` } })).json()) as {
      results: { id: string; name: string; price: string }[];
    }
  ).results.find((product) => product.name === "Desk Lamp")!;
  const bought = await request.post("/api/purchases", {
    headers: { Authorization: `Bearer ${viewerToken}`, "Idempotency-Key": randomBytes(12).toString("hex") },
    data: { productId: lamp.id, quantity: 1, expectedUnitPrice: lamp.price, sessionId },
  });
  expect(bought.status(), await bought.text()).toBe(201);

  // The person's purchases (with totals and the conversation each was made in) and credits.
  await inbox.tab("Messages").focus();
  await admin.keyboard.press("ArrowRight");
  await expect(inbox.tab("Purchases")).toBeFocused();
  await expect(inbox.tab("Purchases")).toHaveAttribute("aria-selected", "true");
  const purchases = inbox.panel("Purchases");
  await expect(purchases.getByTestId("person-purchase").filter({ hasText: "Standing Desk" }).first()).toBeVisible();
  await expect(purchases.getByTestId("purchases-total")).toContainText("$");
  await expect(purchases.getByRole("link", { name: "Open the conversation" }).first()).toHaveAttribute("href", /\/inbox\?person=[0-9a-f-]{36}&session=[0-9a-f-]{36}$/);
  await admin.screenshot({ path: "test-results/inbox-1280-purchases.png", animations: "disabled" });
  await purchases.getByTestId("person-purchase").filter({ hasText: "Desk Lamp" }).getByRole("button", { name: "Made in this conversation" }).first().click();
  await expect(inbox.tab("Messages")).toHaveAttribute("aria-selected", "true");
  await expect(inbox.tab("Messages")).toBeFocused();
  await inbox.tab("Purchases").click();
  await expect(inbox.tab("Purchases")).toBeFocused();
  await admin.keyboard.press("ArrowRight");
  await expect(inbox.tab("Credits")).toHaveAttribute("aria-selected", "true");
  await expect(inbox.panel("Credits").getByTestId("person-balance")).toContainText("credits");
  await expect(inbox.panel("Credits").getByRole("table", { name: "Credit ledger" })).toBeVisible();
  await admin.screenshot({ path: "test-results/inbox-1280-credits.png", animations: "disabled" });
  await inbox.tab("Messages").click();

  // Filters: by status, and a search over message text.
  await inbox.statusFilter.selectOption("with_person");
  await expect(row).toBeVisible();
  await expect(inbox.rows.filter({ has: admin.locator('[data-status="assistant"]') })).toHaveCount(0);
  await inbox.statusFilter.selectOption("");
  await inbox.search.fill(`delivered on Friday? ${tag}`);
  await expect(inbox.rows).toHaveCount(1);
  await expect(inbox.rows.first()).toHaveAttribute("data-session-id", sessionId);
  await inbox.search.fill("");
  await expect(inbox.rows.nth(1)).toBeVisible();

  // A visitor of the website (found by what they asked) has no purchases or credits of theirs.
  await inbox.search.fill("Which chair is good for long days?");
  await expect(inbox.rows).toHaveCount(1);
  await inbox.open(inbox.rowsWith("jamie@example.com"));
  await expect(inbox.messages.first()).toHaveAttribute("data-role", "user");
  await inbox.tab("Purchases").click();
  await expect(inbox.panel("Purchases")).toContainText("not a member of your business");
  // Their conversations only: the person filter names them, though they are not a member.
  await admin.getByRole("button", { name: "All of jamie@example.com’s conversations" }).click();
  await expect(inbox.personFilter.locator("option:checked")).toHaveText("jamie@example.com");
  await expect(admin).toHaveURL(/[?&]person=[0-9a-f-]{36}/);
  await admin.getByRole("button", { name: "Clear filters" }).click();
  await expect(inbox.search).toHaveValue("");
  await expect(inbox.rows.nth(1)).toBeVisible();

  // A last word while the member is in another tab, then the conversation goes back to the assistant:
  // the reply stays counted in the member's title until they come back.
  await inbox.open(row);
  await setTabHidden(viewer, true);
  const lastWord = `Anything else, just ask. ${tag}`;
  await inbox.reply.fill(lastWord);
  await inbox.reply.press("Enter");
  await expect(inbox.messages.filter({ hasText: lastWord })).toHaveAttribute("data-role", "agent");
  await expect(viewer).toHaveTitle(`(1) ${memberTitle}`, { timeout: 10_000 });
  await inbox.handBackButton.click();
  await expect(inbox.status()).toHaveText("Assistant");
  await expect(inbox.takeOverButton).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Talk to a person" })).toBeVisible({ timeout: LIST_UPDATE_TIMEOUT });
  // The member's chat says so, as the widget does.
  await expect(viewer.getByTestId("handoff-status")).toContainText("The assistant is answering again.");
  await viewer.screenshot({ path: "test-results/inbox-member-handed-back.png" });
  await expect(viewer).toHaveTitle(`(1) ${memberTitle}`);
  await setTabHidden(viewer, false);
  await expect(viewer).toHaveTitle(memberTitle);

  // Dark mode, and a phone: one pane at a time, with a way back to the list.
  await admin.emulateMedia({ colorScheme: "dark" });
  await expect(inbox.heading).toHaveCSS("color", "rgb(244, 244, 245)");
  await admin.screenshot({ path: "test-results/inbox-1280-dark.png", animations: "disabled" });
  await expectNoAxeViolations(admin);

  await admin.setViewportSize({ width: 390, height: 844 });
  await expect(inbox.list).toBeHidden();
  await expect(inbox.backButton).toBeVisible();
  // On a phone the open conversation and the list's column each fill the screen below the header, down
  // to the page's own margin: no band of empty page under the reply box, or under the last row or the
  // pager (other journeys' conversations may fill more than one page).
  await expect.poll(async () => bottomOf(inbox.pane)).toBeGreaterThan(844 - 40);
  await admin.screenshot({ path: "test-results/inbox-390-conversation-dark.png", animations: "disabled" });
  await inbox.backButton.click();
  await expect(inbox.list).toBeVisible();
  await expect(inbox.reply).toHaveCount(0);
  // The list grows to the column's foot, or to the pager's top when there is one: the lower of the two reaches the bottom.
  const pager = inbox.listColumn.getByRole("navigation", { name: "Pagination" });
  await expect.poll(async () => Math.max(await bottomOf(inbox.list), (await pager.count()) > 0 ? await bottomOf(pager) : 0)).toBeGreaterThan(844 - 40);
  await expect(row.getByRole("link")).toBeFocused();
  await admin.screenshot({ path: "test-results/inbox-390-dark.png", animations: "disabled" });
  await admin.emulateMedia({ colorScheme: "light" });
  await admin.screenshot({ path: "test-results/inbox-390.png", animations: "disabled" });
  await inbox.open(row);
  await expect(inbox.list).toBeHidden();
  await expect(admin.getByRole("heading", { level: 2, name: "Vic Viewer" })).toBeFocused();
  await admin.screenshot({ path: "test-results/inbox-390-conversation.png", animations: "disabled" });

  await expectSameDocument(admin);
  await adminContext.close();
  await viewerContext.close();
});

test("a member's older conversation, past the first page of their list, follows a person taking it over and typing as a listed one does", async ({ page, request }) => {
  const admin = await registerBusiness(request, "older");
  const member = { email: `member-${admin.suffix}@e2e.test`, password: "member-password-1" };
  const adminAuth = { Authorization: `Bearer ${admin.access}` };
  const created = await request.post("/api/users", { headers: adminAuth, data: { ...member, name: `Mo ${admin.suffix}`, role: "viewer" } });
  expect(created.status(), await created.text()).toBe(201);
  const login = await request.post("/api/auth/login", { data: member });
  const memberAuth = { Authorization: `Bearer ${((await login.json()) as { access: string }).access}` };
  const asked = await request.post("/api/chat", { headers: memberAuth, data: { message: "Do you deliver on Saturdays?" } });
  expect(asked.status(), await asked.text()).toBe(200);
  const { sessionId } = (await asked.json()) as { sessionId: string };
  // A full page of newer conversations pushes it off the list's first page.
  for (let index = 0; index < CHAT_SESSIONS_PAGE_SIZE; index++) {
    const newer = await request.post("/api/chat/sessions", { headers: memberAuth, data: { title: `Newer ${index + 1}` } });
    expect(newer.status(), await newer.text()).toBe(201);
  }

  await signInDirectly(page, member.email, member.password, `/chat/${sessionId}`);
  await expect(page.getByTestId("user-message")).toHaveText("Do you deliver on Saturdays?");
  const status = page.getByTestId("handoff-status");
  await expect(status.getByRole("button", { name: "Talk to a person" })).toBeVisible();

  const takeover = await request.post(`/api/inbox/${sessionId}/takeover`, { headers: adminAuth });
  expect(takeover.status(), await takeover.text()).toBe(200);
  await expect(status).toContainText("talking with a person", { timeout: LIST_UPDATE_TIMEOUT });
  const typing = await request.post(`/api/chat/sessions/${sessionId}/typing`, { headers: adminAuth, data: { on: true } });
  expect(typing.status(), await typing.text()).toBe(204);
  await expect(page.getByText("older Admin is typing…")).toBeVisible({ timeout: LIST_UPDATE_TIMEOUT });
  const handBack = await request.post(`/api/inbox/${sessionId}/handback`, { headers: adminAuth });
  expect(handBack.status(), await handBack.text()).toBe(200);
  await expect(status.getByRole("button", { name: "Talk to a person" })).toBeVisible({ timeout: LIST_UPDATE_TIMEOUT });
});

test("an unsent reply stays with its conversation while the admin reads another", async ({ page }) => {
  await signInDirectlyAs(page, "admin");
  const inbox = new InboxPage(page);
  await inbox.goto();
  await inbox.statusFilter.selectOption("assistant");
  await expect(inbox.rows.nth(1)).toBeVisible();
  const [first, second] = [inbox.rows.nth(0), inbox.rows.nth(1)];
  const firstId = await first.getAttribute("data-session-id");
  const secondId = await second.getAttribute("data-session-id");
  await inbox.open(first);
  await inbox.reply.fill("A reply to the first, half written");
  await inbox.open(inbox.row(secondId!));
  await expect(inbox.reply).toHaveValue("");
  await inbox.reply.fill("Another for the second");
  await inbox.open(inbox.row(firstId!));
  await expect(inbox.reply).toHaveValue("A reply to the first, half written");
  await inbox.open(inbox.row(secondId!));
  await expect(inbox.reply).toHaveValue("Another for the second");
});

test("a link to a page past the end of the inbox says where the list ends and goes there", async ({ page }) => {
  await signInDirectlyAs(page, "admin");
  const inbox = new InboxPage(page);
  await inbox.goto("?page=400");
  // Other journeys add conversations as they run: the last page follows from the count shown.
  const total = page.getByText(/^[\d,]+ conversations?$/);
  await expect(total).toBeVisible();
  const count = Number((await total.textContent())!.replace(/\D/g, ""));
  expect(count).toBeGreaterThan(0);
  const lastPage = Math.ceil(count / INBOX_PAGE_SIZE);
  await expect(inbox.list.getByText(`This list ends on page ${lastPage}.`)).toBeVisible();
  await page.screenshot({ path: "test-results/inbox-past-the-end.png", animations: "disabled" });
  await inbox.list.getByRole("button", { name: `Go to page ${lastPage}` }).click();
  await expect(inbox.rows.first()).toBeVisible();
  await expect(page).toHaveURL(lastPage === 1 ? /\/inbox$/ : new RegExp(`page=${lastPage}`));
});

test("other roles are sent from /inbox to their home", async ({ page }) => {
  await signInDirectlyAs(page, "viewer");
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/chat(\/|\?|$)/);
});

/** Where an element's box ends, in CSS pixels from the top of the viewport. */
async function bottomOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  return box ? box.y + box.height : 0;
}
