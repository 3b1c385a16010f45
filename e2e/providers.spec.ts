import { expect, test, type Page } from "@playwright/test";
import { FAKE_ANTHROPIC_URL, MODEL_APP_URL } from "../playwright.config";
import { expectAccessible, picture } from "./fixtures/page-checks";
import { registerBusiness, SettingsPage } from "./pages/admin-pages";
import { ChatPage } from "./pages/chat-page";
import { signInDirectly } from "./pages/login-page";

/** The instance whose operator configured both OpenAI and Anthropic (each answered by its fake server). */
test.use({ baseURL: MODEL_APP_URL });

async function chooseModel(page: Page, provider: "openai" | "anthropic", model: string) {
  const settings = new SettingsPage(page);
  await settings.goto();
  await page.getByRole("combobox", { name: "Provider" }).selectOption(provider);
  await page.getByRole("combobox", { name: "Model" }).selectOption(model);
  await settings.save();
  await expect(page.getByText("Settings saved")).toBeVisible();
}

/** Sends a message and opens the answer's details, where an admin reads which model wrote it. */
async function ask(page: Page, message: string) {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send(message);
  const answer = await chat.waitForAnswer();
  // The stored copy replaces the streamed one a moment after it ends and brings Regenerate into the
  // row of actions: hovered before that, the cost's button moves from under the pointer.
  await expect(chat.regenerateButton(answer)).toBeVisible();
  await chat.costButton(answer).hover();
  return { chat, answer, details: page.getByRole("tooltip") };
}

test("an admin switches the assistant to Claude in Settings, and the next answer says which model wrote it", async ({ page, request }, testInfo) => {
  const owner = await registerBusiness(request, "providers");
  await signInDirectly(page, owner.email, owner.password, "/dashboard");

  const settings = new SettingsPage(page);
  await settings.goto();
  const provider = page.getByRole("combobox", { name: "Provider" });
  const model = page.getByRole("combobox", { name: "Model" });
  await expect(provider).toHaveValue("openai");
  await expect(model).toHaveValue("openai:gpt-4o-mini");
  await expect(provider.locator("option")).toHaveText(["OpenAI", "Anthropic"]);
  // Choosing a provider lists only its models, and picks its first.
  await provider.selectOption("anthropic");
  await expect(model).toHaveValue("anthropic:claude-haiku-4-5");
  await expect(model.locator("option")).toHaveText(["claude-haiku-4-5", "claude-sonnet-4-5", "claude-opus-4-5"]);
  await model.selectOption("anthropic:claude-sonnet-4-5");
  await expectAccessible(page, "/settings with both providers");
  for (const [width, height] of [[1280, 800], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await model.scrollIntoViewIfNeeded();
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await picture(page, testInfo, `providers-settings-claude-${width}-${colorScheme}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await settings.save();
  await expect(page.getByText("Settings saved")).toBeVisible();

  const claude = await ask(page, "Hello Claude");
  await expect(claude.chat.content(claude.answer)).toHaveText("Claude heard: Hello Claude");
  await expect(claude.details).toContainText(/Model:\s*Anthropic · claude-sonnet-4-5/);
  await picture(page, testInfo, "providers-answer-claude");
  // The Anthropic server took the call, for the model chosen.
  const recorded = (await (await request.get(`${FAKE_ANTHROPIC_URL}/__fake/requests`)).json()) as { requests: { body: { model: string; messages: unknown } }[] };
  expect(recorded.requests.some((call) => call.body.model === "claude-sonnet-4-5" && JSON.stringify(call.body.messages).includes("Hello Claude"))).toBe(true);

  // Back to OpenAI: the next answer is GPT's.
  await chooseModel(page, "openai", "openai:gpt-4.1-nano");
  const gpt = await ask(page, "Hello GPT");
  await expect(gpt.chat.content(gpt.answer)).toHaveText("You said: Hello GPT");
  await expect(gpt.details).toContainText(/Model:\s*OpenAI · gpt-4\.1-nano/);
});
