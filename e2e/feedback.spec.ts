import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, signInDirectlyAs } from "./pages/login-page";

/**
 * The admin's Feedback page: a member's 👎 with its reason, and a question the assistant could not
 * answer, asked twice in different spellings, counted once with its count. The data is made through
 * the API as members would make it in the chat.
 */

/** /feedback: rated answers (👎 by default) and the questions the assistant couldn't answer. */
class FeedbackPage {
  readonly heading: Locator;
  readonly unansweredTab: Locator;
  readonly entries: Locator;
  readonly questions: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Feedback" });
    this.unansweredTab = page.getByRole("tab", { name: "Unanswered questions" });
    this.entries = page.getByTestId("feedback-entry");
    this.questions = page.getByTestId("unanswered-question");
  }

  async goto(query = "") {
    await this.page.goto(`/feedback${query}`);
    await expect(this.heading).toBeVisible();
  }

  entry(text: string): Locator {
    return this.entries.filter({ hasText: text });
  }

  question(text: string): Locator {
    return this.questions.filter({ hasText: text });
  }
}

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return ((await login.json()) as { access: string }).access;
}

async function ask(request: APIRequestContext, token: string, message: string) {
  const res = await request.post("/api/chat", { headers: { Authorization: `Bearer ${token}` }, data: { message } });
  expect(res.status(), await res.text()).toBe(200);
  const body = (await res.json()) as { sessionId: string; message: { id: string } };
  return { sessionId: body.sessionId, answerId: body.message.id };
}

async function expectNoAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).include("#main").analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test("an admin opens Feedback and sees a 👎 answer with its reason and an unanswered question with its count", async ({ browser, request }) => {
  const tag = randomBytes(3).toString("hex");
  const question = `Do you sell hovercraft kits ${tag}?`;
  const reason = `I asked about hovercraft kits ${tag} and got nothing useful`;
  const [viewerToken, editorToken] = await Promise.all([tokenOf(request, DEMO.viewer), tokenOf(request, DEMO.editor)]);

  // Vic asks for something the shop does not sell and gives the answer a 👎 with a reason.
  const disliked = await ask(request, viewerToken, question);
  const rated = await request.post(`/api/chat/messages/${disliked.answerId}/feedback`, {
    headers: { Authorization: `Bearer ${viewerToken}` },
    data: { rating: "down", reason },
  });
  expect(rated.status(), await rated.text()).toBe(200);
  // Eddie asks the same, spelled differently: one question, asked twice.
  await ask(request, editorToken, `  do you SELL   hovercraft kits ${tag}?`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signInDirectlyAs(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Feedback" }).click();
  const feedback = new FeedbackPage(page);
  await expect(feedback.heading).toBeVisible();
  await expect(page).toHaveURL(/\/feedback$/);

  const entry = feedback.entry(tag);
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute("data-rating", "down");
  await expect(entry).toContainText(question);
  await expect(entry.getByTestId("feedback-reason")).toHaveText(reason);
  // The answer as the chat shows it: rendered from Markdown (a renderer that loads beside the list).
  await expect(entry.getByRole("heading", { name: "Answer" }).locator("xpath=following-sibling::div[1]//p").first()).not.toBeEmpty();
  await expect(entry).toContainText("Vic Viewer");
  await expect(entry.getByRole("link", { name: "Open conversation" })).toHaveAttribute("href", `/inbox?session=${disliked.sessionId}`);
  await expectNoAxeViolations(page);
  await page.screenshot({ path: "test-results/feedback-1280.png", fullPage: true });

  await feedback.unansweredTab.click();
  await expect(page).toHaveURL(/tab=unanswered/);
  const gap = feedback.question(`hovercraft kits ${tag}`);
  await expect(gap).toHaveCount(1);
  await expect(gap).toHaveAttribute("data-count", "2");
  await expect(gap).toContainText("Asked 2 times");
  await expectNoAxeViolations(page);
  await page.screenshot({ path: "test-results/feedback-unanswered-1280.png", fullPage: true });

  // The conversation opens in the inbox from the entry.
  await feedback.goto();
  await feedback.entry(tag).getByRole("link", { name: "Open conversation" }).click();
  await expect(page).toHaveURL(new RegExp(`/inbox\\?session=${disliked.sessionId}$`));
  await expect(page.locator(`[data-testid="inbox-message"][data-message-id="${disliked.answerId}"]`)).toBeVisible();
  await context.close();

  // On a phone, in the dark: both views fit the screen.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const small = await phone.newPage();
  await signInDirectlyAs(small, "admin");
  const onPhone = new FeedbackPage(small);
  await onPhone.goto();
  await expect(onPhone.entry(tag).getByTestId("feedback-reason")).toHaveText(reason);
  await expectNoSidewaysScroll(small);
  await small.screenshot({ path: "test-results/feedback-390-dark.png", fullPage: true });
  await onPhone.goto("?tab=unanswered");
  await expect(onPhone.question(`hovercraft kits ${tag}`)).toHaveAttribute("data-count", "2");
  await expectNoSidewaysScroll(small);
  await small.screenshot({ path: "test-results/feedback-unanswered-390-dark.png", fullPage: true });
  await phone.close();

  // The page and its data are the admins': a member is sent home, and the API refuses them.
  const member = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const viewerPage = await member.newPage();
  await signInDirectlyAs(viewerPage, "viewer");
  await expect(viewerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Feedback" })).toHaveCount(0);
  await viewerPage.goto("/feedback");
  await expect(viewerPage).toHaveURL(/\/chat(\/|$)/);
  const refused = await request.get("/api/chat/feedback", { headers: { Authorization: `Bearer ${await tokenOf(request, DEMO.viewer)}` } });
  expect(refused.status()).toBe(403);
  await member.close();
});
