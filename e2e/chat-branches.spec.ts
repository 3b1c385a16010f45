import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAccessible, picture } from "./fixtures/page-checks";
import { ChatPage } from "./pages/chat-page";
import { signInDirectly } from "./pages/login-page";
import { apiGet } from "./fixtures/api";

/** Regenerating an answer, editing a question and moving between the versions, with the built-in assistant. */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type StoredMessage = { id: string; role: string; content: string; versions: string[] | null };

/** A brand-new business whose admin has a clean history, selling two approved products. */
async function businessWithCatalog(request: APIRequestContext) {
  const suffix = randomBytes(5).toString("hex");
  const email = `branches-${suffix}@e2e.test`;
  const password = `pw-${suffix}-long-enough`;
  const registered = await request.post("/api/auth/register", {
    data: { email, password, name: `Branch Tester ${suffix}`, businessName: `Branch Shop ${suffix}` },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { access: token } = (await registered.json()) as { access: string };
  const headers = { Authorization: `Bearer ${token}` };
  for (const product of [
    { name: "Oak Standing Desk", description: "Height-adjustable desk with an oak top.", price: "420.00", category: "Furniture", stock: 5 },
    { name: "Walnut Desk Lamp", description: "Dimmable LED lamp with a walnut base.", price: "65.00", category: "Lighting", stock: 8 },
  ]) {
    const created = await request.post("/api/products", { headers, data: { ...product, status: "pending_approval" } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const approved = await request.post(`/api/products/${id}/approve`, { headers });
    expect(approved.status(), await approved.text()).toBe(200);
  }
  return { email, password, token };
}

async function activeBranch(request: APIRequestContext, token: string, sessionId: string): Promise<StoredMessage[]> {
  return (await apiGet<{ results: StoredMessage[] }>(request, token, `/api/chat/history?sessionId=${sessionId}&pageSize=100`)).results;
}

test.use({ viewport: DESKTOP });

test("regenerate an answer, switch between its versions, edit the question: every branch stays reachable, also after a reload", async ({
  page,
  request,
}, testInfo) => {
  const { email, password, token } = await businessWithCatalog(request);
  const { messageCost } = await apiGet<{ messageCost: number }>(request, token, "/api/chat/balance");
  await signInDirectly(page, email, password);
  const chat = new ChatPage(page);
  await chat.goto();

  await chat.send("do you have a standing desk?");
  const question = chat.userMessages.first();
  const answer = chat.lastAssistant();
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(answer).toContainText("Oak Standing Desk");
  const sessionId = await chat.sessionId();
  const firstAnswerId = (await answer.getAttribute("data-message-id"))!;
  // A single version: no switcher yet.
  await expect(chat.versions(answer)).toHaveCount(0);
  const before = (await apiGet<{ credits: number }>(request, token, "/api/chat/balance")).credits;
  await expect(chat.balance).toHaveAttribute("data-credits", String(before));

  // ---- regenerate: streamed like a send, in place of the old answer, one more charge ----
  // The new answer is held back a moment, so the screen can be seen while it is being written.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/chat/messages/${firstAnswerId}/regenerate`, async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  const regenerated = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/chat/messages/${firstAnswerId}/regenerate`);
  await chat.regenerateButton(answer).click();
  // While it is written, nothing else branches the conversation.
  await expect(chat.stopButton).toBeVisible();
  await expect(chat.editButton(question)).toBeDisabled();
  await expect(chat.assistantMessages).toHaveCount(1);
  await expect(answer).toHaveAttribute("data-status", "streaming");
  await expect(chat.input).toBeFocused();
  release();
  const response = await regenerated;
  expect(response.request().method()).toBe("POST");
  expect(response.headers()["content-type"]).toContain("text/event-stream");
  const events = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  expect(events[0]).toBe("meta");
  expect(events.at(-1)).toBe("done");
  await page.unrouteAll({ behavior: "ignoreErrors" });

  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer).not.toHaveAttribute("data-message-id", firstAnswerId);
  const secondAnswerId = (await answer.getAttribute("data-message-id"))!;
  await expect(answer).toContainText("Oak Standing Desk");
  await expect(chat.versions(answer)).toContainText("2 / 2");
  await expect(chat.versions(answer).getByText("Version 2 of 2")).toBeAttached();
  await expect(chat.nextVersion(answer)).toHaveAttribute("aria-disabled", "true");
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.assistantMessages).toHaveCount(1);
  await expect(chat.balance).toHaveAttribute("data-credits", String(before - messageCost));
  expect((await apiGet<{ credits: number }>(request, token, "/api/chat/balance")).credits).toBe(before - messageCost);

  await expectAccessible(page, "regenerated, 1280 light:");
  await picture(page, testInfo, "chat-branches-1280-light");

  // ---- switch to version 1: the old answer, and the conversation continues from it ----
  await chat.previousVersion(answer).click();
  await expect(answer).toHaveAttribute("data-message-id", firstAnswerId);
  await expect(chat.versions(answer)).toContainText("1 / 2");
  // The switcher stays where it was, with the focus.
  await expect(chat.previousVersion(answer)).toBeFocused();
  await expect(chat.previousVersion(answer)).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByRole("status").filter({ hasText: "Showing version 1 of 2." })).toBeAttached();
  await expect.poll(async () => (await activeBranch(request, token, sessionId)).map((m) => m.id).at(-1)).toBe(firstAnswerId);
  // Switching costs nothing.
  await expect(chat.balance).toHaveAttribute("data-credits", String(before - messageCost));
  // And back, with the keyboard.
  await chat.nextVersion(answer).press("Enter");
  await expect(answer).toHaveAttribute("data-message-id", secondAnswerId);
  await expect(chat.versions(answer)).toContainText("2 / 2");
  await chat.previousVersion(answer).press("Enter");
  await expect(answer).toHaveAttribute("data-message-id", firstAnswerId);

  // ---- edit the question: Escape cancels, an empty text is refused, Save & send branches ----
  await chat.editButton(question).click();
  const editor = chat.editor(question);
  const box = editor.getByRole("textbox", { name: "Edit your message" });
  await expect(box).toBeFocused();
  await expect(box).toHaveValue("do you have a standing desk?");
  await box.fill("something I will not send");
  await expectAccessible(page, "editing, 1280 light:");
  await picture(page, testInfo, "chat-branches-1280-editing");
  await box.press("Escape");
  await expect(editor).toHaveCount(0);
  await expect(chat.content(question)).toHaveText("do you have a standing desk?");
  await expect(chat.editButton(question)).toBeFocused();

  await chat.editButton(question).click();
  await box.fill("   ");
  await editor.getByRole("button", { name: "Save & send" }).click();
  await expect(editor.getByRole("alert")).toHaveText("Write something to send, or cancel the edit.");
  await expect(box).toHaveAttribute("aria-invalid", "true");

  const edited = page.waitForResponse((r) => /\/api\/chat\/messages\/[0-9a-f-]{36}\/edit$/.test(new URL(r.url()).pathname));
  await box.fill("do you have a desk lamp?");
  await box.press("Control+Enter");
  expect((await edited).headers()["content-type"]).toContain("text/event-stream");
  await expect(chat.content(question)).toHaveText("do you have a desk lamp?");
  await expect(answer).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await expect(answer).toContainText("Walnut Desk Lamp");
  await expect(chat.userMessages).toHaveCount(1);
  await expect(chat.assistantMessages).toHaveCount(1);
  await expect(chat.versions(question)).toContainText("2 / 2");
  // The new question has one answer so far.
  await expect(chat.versions(answer)).toHaveCount(0);
  await expect(chat.balance).toHaveAttribute("data-credits", String(before - 2 * messageCost));

  // A reload shows the same branch.
  await page.reload();
  await expect(chat.content(question)).toHaveText("do you have a desk lamp?");
  await expect(answer).toContainText("Walnut Desk Lamp");
  await expect(chat.versions(question)).toContainText("2 / 2");

  // The old branch is reachable from the question's switcher, with the answers it had.
  await chat.previousVersion(question).click();
  await expect(chat.content(question)).toHaveText("do you have a standing desk?");
  await expect(answer).toContainText("Oak Standing Desk");
  await expect(chat.versions(question)).toContainText("1 / 2");
  await expect(chat.versions(answer)).toContainText("/ 2");
  const oldBranchAnswer = (await answer.getAttribute("data-message-id"))!;
  expect([firstAnswerId, secondAnswerId]).toContain(oldBranchAnswer);
  const stored = await activeBranch(request, token, sessionId);
  expect(stored.map((m) => m.content)[0]).toBe("do you have a standing desk?");
  expect(stored.at(-1)!.id).toBe(oldBranchAnswer);

  // Light and dark, wide and narrow, with the switchers showing.
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page, "1280 dark:");
  await picture(page, testInfo, "chat-branches-1280-dark");
  await page.setViewportSize(PHONE);
  await chat.versions(answer).scrollIntoViewIfNeeded();
  await expect(chat.versions(question)).toBeVisible();
  await expectAccessible(page, "390 dark:");
  await picture(page, testInfo, "chat-branches-390-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await expectAccessible(page, "390 light:");
  await picture(page, testInfo, "chat-branches-390-light");
  await chat.editButton(question).click();
  await expect(chat.editor(question)).toBeVisible();
  await expectAccessible(page, "390 editing:");
  await picture(page, testInfo, "chat-branches-390-editing");
  await page.keyboard.press("Escape");
  await page.setViewportSize(DESKTOP);

  // The next message continues the branch that is shown, and a reload keeps it.
  await chat.send("and a desk lamp?");
  await expect(chat.assistantMessages).toHaveCount(2);
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
  await page.reload();
  await expect(chat.userMessages.getByTestId("message-content")).toHaveText(["do you have a standing desk?", "and a desk lamp?"]);
  await expect(chat.versions(chat.userMessages.first())).toContainText("1 / 2");
  await expect(chat.assistantMessages.first()).toHaveAttribute("data-message-id", oldBranchAnswer);
});
