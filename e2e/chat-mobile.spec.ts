import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible, picture } from "./fixtures/page-checks";
import { ChatPage } from "./pages/chat-page";
import { DEMO, DEMO_PASSWORD, signInDirectly, signInDirectlyAs } from "./pages/login-page";
import { apiGet, apiToken } from "./fixtures/api";

/** The assistant on a phone (390 × 844): the list in a drawer, the composer on the bottom edge, nothing wider than the screen. */

const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

test.use({ viewport: PHONE });


/** One message through the API (JSON mode), as if typed in another tab; answers the conversation's id. */
async function chatThroughApi(request: APIRequestContext, token: string, body: { message: string; sessionId?: string }): Promise<string> {
  const response = await request.post("/api/chat", { headers: { Authorization: `Bearer ${token}` }, data: body });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

/**
 * The demo viewer's purchases made from conversation `sessionId`: other journeys buy as the demo
 * viewer at the same time, so the viewer's whole count says nothing about this conversation.
 */
async function purchasesIn(request: APIRequestContext, token: string, sessionId: string): Promise<number> {
  const { results } = await apiGet<{ results: { sessionId: string | null }[] }>(request, token, "/api/purchases?pageSize=100");
  return results.filter((purchase) => purchase.sessionId === sessionId).length;
}

async function registerBusiness(request: APIRequestContext) {
  const suffix = randomBytes(5).toString("hex");
  const email = `chat-phone-${suffix}@e2e.test`;
  const password = `pw-${suffix}-long-enough`;
  const response = await request.post("/api/auth/register", {
    data: { email, password, name: `Phone Tester ${suffix}`, businessName: `Phone Shop ${suffix}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { access: string };
  return { email, password, token: body.access };
}

async function openChat(page: Page, email: string, password = DEMO_PASSWORD, sessionId?: string): Promise<ChatPage> {
  await signInDirectly(page, email, password);
  const chat = new ChatPage(page);
  await chat.goto(sessionId);
  return chat;
}

/** Whether the page scrolls sideways: anything wider than the screen shows up here. */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

async function expectNoHorizontalScroll(page: Page) {
  await expect.poll(async () => {
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    return scrollWidth - clientWidth;
  }).toBeLessThanOrEqual(0);
}

/** The composer sits on the bottom edge of the screen and the message list fills the width. */
async function expectComposerOnBottomEdge(page: Page, chat: ChatPage, viewport: { width: number; height: number }) {
  await expect(chat.input).toBeInViewport();
  const form = await chat.composer.boundingBox();
  expect(form).not.toBeNull();
  expect(Math.abs(form!.y + form!.height - viewport.height)).toBeLessThanOrEqual(1);
  expect(form!.width).toBeGreaterThanOrEqual(viewport.width - 1);
  const messages = await page.getByTestId("message-scroller").boundingBox();
  expect(messages!.width).toBeGreaterThanOrEqual(viewport.width - 1);
}

test("on a phone the server's page already has the composer on the bottom edge, so nothing moves when the scripts run", async ({ page }) => {
  await signInDirectlyAs(page, "admin");
  const chat = new ChatPage(page);
  for (const viewport of [PHONE, SMALL_PHONE]) {
    await page.setViewportSize(viewport);
    // What the server sent, before any script: the height the chat takes until it measures its top.
    await page.route(/\/_next\/static\/.*\.js(\?.*)?$/, (route) => route.abort());
    await page.goto("/chat");
    await expectComposerOnBottomEdge(page, chat, viewport);
    await page.unrouteAll();
    await chat.goto();
    await expect(page.getByTestId("assistant-greeting")).toBeVisible();
    await expectComposerOnBottomEdge(page, chat, viewport);
  }
});

test("the conversation list is a drawer: it traps focus, Escape closes it, choosing a conversation opens it and closes the drawer", async ({
  page,
  request,
}) => {
  const owner = await registerBusiness(request);
  const tag = randomBytes(3).toString("hex");
  const first = await chatThroughApi(request, owner.token, { message: `first question ${tag}` });
  const second = await chatThroughApi(request, owner.token, { message: `second question ${tag}` });
  // A long exchange, so the messages scroll while the composer stays put.
  for (let i = 0; i < 3; i++) await chatThroughApi(request, owner.token, { message: `more about the second ${i} ${tag}`, sessionId: second });

  const chat = await openChat(page, owner.email, owner.password, second);
  await expect(chat.userMessages.last()).toHaveText(`more about the second 2 ${tag}`);
  // No sidebar beside or above the messages: the list lives in the drawer.
  await expect(chat.conversations).toHaveCount(0);
  await expectComposerOnBottomEdge(page, chat, PHONE);
  const scroller = page.getByTestId("message-scroller");
  expect(await scroller.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await expectComposerOnBottomEdge(page, chat, PHONE);

  await expect(chat.conversationsButton).toHaveAttribute("aria-expanded", "false");
  await chat.conversationsButton.click();
  await expect(chat.drawer).toBeVisible();
  await expect(chat.conversationsButton).toHaveAttribute("aria-expanded", "true");
  const list = chat.drawer.getByRole("navigation", { name: "Conversation list" }).getByRole("link");
  await expect(list).toHaveCount(2);
  await expect(list.filter({ hasText: `second question ${tag}` })).toHaveAttribute("aria-current", "page");

  // Focus starts inside and never leaves it, forwards or backwards.
  const focusInDrawer = () => page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")));
  expect(await focusInDrawer()).toBe(true);
  const stops = await chat.drawer.locator("a[href], button:not([disabled]), input").count();
  for (let i = 0; i < stops + 2; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInDrawer()).toBe(true);
  }
  for (let i = 0; i < stops + 2; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await focusInDrawer()).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(chat.drawer).toBeHidden();
  await expect(chat.conversationsButton).toBeFocused();

  await chat.conversationsButton.click();
  await chat.drawer.getByRole("link", { name: new RegExp(`first question ${tag}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/chat/${first}$`));
  await expect(chat.drawer).toBeHidden();
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.userMessages.first()).toHaveText(`first question ${tag}`);

  // New chat from the header, on the phone.
  await page.getByRole("button", { name: "New chat", exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(chat.userMessages).toHaveCount(0);
});

test("long words, links and tables wrap or scroll in their own box: the page never scrolls sideways, at 390 or 360 wide", async ({
  page,
  request,
}) => {
  const owner = await registerBusiness(request);
  const chat = await openChat(page, owner.email, owner.password);
  const longLink = `https://example.com/${"very-long-path-segment-".repeat(12)}end`;
  await chat.send(`Is this link safe? ${longLink} ${"Supercalifragilistic".repeat(8)}`);
  await chat.waitForAnswer();
  const sessionId = await chat.sessionId();

  // The answer as a model may write it: a table (rendered as text, it wraps), a long link and a wide code block.
  const table = [
    "| Product | Price | Category | Stock | Dimensions | Warranty | Colour | Material |",
    "|---|---|---|---|---|---|---|---|",
    "| Standing Desk | $549.00 | Furniture | 12 | 160 × 80 × 72–120 cm | 5 years | Natural oak | Solid oak and steel |",
  ].join("\n");
  const code = "x".repeat(300);
  await page.route((url) => url.pathname === "/api/chat/history" && url.searchParams.get("sessionId") === sessionId, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { results: { role: string; content: string }[] };
    const answer = body.results.findLast((message) => message.role === "assistant");
    if (answer) answer.content = `${answer.content}\n\n${table}\n\nSee ${longLink}\n\n\`\`\`\n${code}\n\`\`\``;
    await route.fulfill({ response, json: body });
  });
  // Opened from the list on a new chat's page, the conversation's history is read through the API (a
  // load of /chat/<id> itself arrives with it from the server, which this route cannot change).
  await chat.goto();
  await chat.conversationsButton.click();
  await chat.drawer.getByRole("navigation", { name: "Conversation list" }).getByRole("link").filter({ hasText: "Is this link safe?" }).click();
  await expect(page).toHaveURL(new RegExp(`/chat/${sessionId}$`));
  const block = chat.lastAssistant().locator("pre");
  await expect(block).toHaveText(code);
  await expect(chat.lastAssistant()).toContainText(longLink);
  await expectNoHorizontalScroll(page);
  await expectComposerOnBottomEdge(page, chat, PHONE);

  await page.setViewportSize(SMALL_PHONE);
  await expectNoHorizontalScroll(page);
  await expectComposerOnBottomEdge(page, chat, SMALL_PHONE);
  // Code keeps its lines and scrolls inside its own box instead.
  expect(await block.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const bubble = await chat.lastAssistant().boundingBox();
  expect(bubble!.x + bubble!.width).toBeLessThanOrEqual(SMALL_PHONE.width);
});

test("suggested prompts start a chat; product cards show the picture, price, stock, a link and Buy, which only proposes; light and dark pass axe", async ({
  page,
  request,
}, testInfo) => {
  const token = await apiToken(request, DEMO.viewer);
  const business = await apiGet<{ slug: string }>(request, token, "/api/business");
  const chat = await openChat(page, DEMO.viewer);

  // A new conversation offers prompts from the catalog; one click sends one.
  await expect(chat.suggestions.first()).toBeVisible();
  expect(await chat.suggestions.count()).toBeGreaterThanOrEqual(4);
  expect(await chat.suggestions.count()).toBeLessThanOrEqual(6);
  await expectAccessible(page, "new chat, light:");
  await picture(page, testInfo, "chat-mobile-390-new-light");
  const prompt = (await chat.suggestions.first().innerText()).trim();
  await chat.suggestions.first().click();
  await expect(chat.userMessages.last()).toHaveText(prompt);
  await chat.waitForAnswer();
  await expect(chat.suggestions).toHaveCount(0);

  await chat.send("do you have a standing desk?");
  const answer = await chat.waitForAnswer();
  const desk = chat.productCard(answer, "Standing Desk");
  await expect(desk).toBeVisible();
  const image = desk.getByTestId("product-card-image");
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(desk).toContainText("$549.00");
  await expect(desk.getByTestId("product-card-stock")).toHaveText(/^\d[\d,]* in stock$/);
  const link = desk.getByRole("link", { name: "Standing Desk" });
  await expect(link).toHaveAttribute("href", new RegExp(`^/shop/${business.slug}/[0-9a-f-]{36}$`));

  // Buy proposes the purchase in place; nothing is bought until it is confirmed.
  const buy = desk.getByRole("button", { name: "Buy Standing Desk" });
  await expect(buy).toBeEnabled();
  await buy.click();
  const proposal = chat.proposalCard("Standing Desk");
  await expect(proposal).toBeFocused();
  await expect(proposal).toContainText("$549.00");
  await expect(proposal.getByRole("button", { name: "Confirm purchase" })).toBeVisible();
  const sessionId = await chat.sessionId();
  expect(await purchasesIn(request, token, sessionId)).toBe(0);
  await expectNoHorizontalScroll(page);
  await expectComposerOnBottomEdge(page, chat, PHONE);
  await picture(page, testInfo, "chat-mobile-390-cards-light");
  await proposal.getByRole("button", { name: "Not now" }).click();
  await expect(proposal).toHaveCount(0);
  await expect(buy).toBeFocused();
  expect(await purchasesIn(request, token, sessionId)).toBe(0);

  // A product that has run out cannot be bought from its card.
  await chat.send("do you have a footrest?");
  const soldOut = chat.productCard(await chat.waitForAnswer(), "Footrest");
  await expect(soldOut.getByTestId("product-card-stock")).toHaveText("Out of stock");
  await expect(soldOut.getByRole("button", { name: "Buy Footrest" })).toBeDisabled();

  await expectNoHorizontalScroll(page);
  await page.setViewportSize(SMALL_PHONE);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize(PHONE);
  await expectAccessible(page, "cards, light:");

  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page, "cards, dark:");
  await picture(page, testInfo, "chat-mobile-390-cards-dark");
  await chat.conversationsButton.click();
  await expect(chat.drawer).toBeVisible();
  await expectAccessible(page, "drawer, dark:");
  await picture(page, testInfo, "chat-mobile-390-drawer-dark");
  await page.keyboard.press("Escape");
  await page.emulateMedia({ colorScheme: "light" });
  await chat.conversationsButton.click();
  await expectAccessible(page, "drawer, light:");
  await picture(page, testInfo, "chat-mobile-390-drawer-light");
  await page.keyboard.press("Escape");

  // The same conversation on a desktop screen, light and dark.
  await page.setViewportSize(DESKTOP);
  await expect(chat.conversationsButton).toBeHidden();
  await expect(chat.conversations.first()).toBeVisible();
  await expectAccessible(page, "desktop, light:");
  await picture(page, testInfo, "chat-1280-light");
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page, "desktop, dark:");
  await picture(page, testInfo, "chat-1280-dark");
});

test.describe("on a touch screen", () => {
  test.use({ hasTouch: true, isMobile: true });

  test("a tap on an answer's cost shows it, and a tap elsewhere puts it away", async ({ page }) => {
    const chat = await openChat(page, DEMO.viewer);
    await chat.send("do you have a standing desk?");
    const answer = await chat.waitForAnswer();
    const tooltip = page.getByRole("tooltip");
    await chat.costButton(answer).tap();
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText("Credits:");
    await expectNoHorizontalScroll(page);
    await picture(page, test.info(), "chat-mobile-390-cost-light");
    await chat.input.tap();
    await expect(tooltip).toBeHidden();
  });
});
