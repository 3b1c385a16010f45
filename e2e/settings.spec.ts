import { expect, test } from "@playwright/test";
import { registerBusiness, SettingsPage } from "./pages/admin-pages";
import { ChatPage } from "./pages/chat-page";
import { signInDirectly, signInDirectlyAs } from "./pages/login-page";

test("an admin renames the assistant in /settings and the chat header shows it", async ({ page, request }) => {
  const admin = await registerBusiness(request, "settings");
  await signInDirectly(page, admin.email, admin.password, "/dashboard");

  const settings = new SettingsPage(page);
  await settings.goto();
  await expect(settings.field("Assistant name")).toHaveValue("Assistant");
  // Nothing to save until something is changed.
  await expect(page.getByRole("button", { name: "Save settings" })).toBeDisabled();
  // No model key on this server: no provider is offered, and the page says the built-in assistant answers.
  await expect(page.getByTestId("model-none")).toContainText("The built-in assistant answers");
  await expect(page.getByRole("combobox", { name: "Provider" })).toHaveCount(0);

  // Invalid values are refused inline and nothing is saved.
  await settings.field("Message cost").fill("-5");
  await settings.field("Assistant colour").fill("teal");
  await settings.save();
  await expect(page.getByText("Message cost cannot be negative.")).toBeVisible();
  await expect(page.getByText("Colour must be a hex colour like #4f46e5.")).toBeVisible();
  await expect(settings.field("Message cost")).toHaveAttribute("aria-invalid", "true");
  // A colour that would fade into one theme's page is refused with its contrast.
  await settings.field("Assistant colour").fill("#fde047");
  await settings.save();
  await expect(page.getByText(/^Colour #fde047 has a contrast of only 1\.\d+:1 on the light theme's page/)).toBeVisible();

  const botName = `Nova ${admin.suffix}`;
  await settings.field("Assistant name").fill(botName);
  await settings.field("Assistant colour").fill("#0f766e");
  await settings.field("Message cost").fill("25");
  await settings.field("Greeting").fill("Welcome! Ask Nova about anything we sell.");
  await expect(settings.field("Keep chat files for (days)")).toHaveValue("30");
  await settings.field("Keep chat files for (days)").fill("7");
  await settings.save();
  const saved = page.getByRole("region", { name: "Notifications" }).getByRole("listitem").filter({ hasText: "Settings saved" });
  await expect(saved).toBeVisible();
  // The confirmation does not cover the button that saved, nor the navigation.
  const [toastBox, saveBox, navBox] = await Promise.all([
    saved.boundingBox(),
    page.getByRole("button", { name: "Save settings" }).boundingBox(),
    page.getByRole("navigation", { name: "Main" }).boundingBox(),
  ]);
  const overlaps = (a: NonNullable<typeof toastBox>, b: NonNullable<typeof toastBox>) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlaps(toastBox!, saveBox!)).toBe(false);
  expect(overlaps(toastBox!, navBox!)).toBe(false);

  // The values persist across a reload.
  await page.reload();
  await expect(settings.field("Assistant name")).toHaveValue(botName);
  await expect(settings.field("Message cost")).toHaveValue("25");
  await expect(settings.field("Keep chat files for (days)")).toHaveValue("7");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await settings.field("Keep chat files for (days)").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/settings-390-dark.png" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: "light" });

  const chat = new ChatPage(page);
  await chat.goto();
  const header = page.getByRole("heading", { level: 1, name: botName });
  await expect(header).toBeVisible();
  await expect(header).toHaveCSS("color", "rgb(15, 118, 110)");
  await expect(page.getByText("Welcome! Ask Nova about anything we sell.")).toBeVisible();

  // The change is in the audit log, readable, with its actor.
  await page.goto("/audit");
  await page.getByRole("combobox", { name: "Action" }).selectOption("business.update");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=business.update/);
  const entries = page.getByRole("table", { name: "Audit entries" }).getByRole("row");
  await expect(entries).toHaveCount(2);
  const entry = entries.nth(1);
  await expect(entry).toContainText("Changed the business settings");
  await expect(entry).toContainText(`Assistant name: “Assistant” → “${botName}”`);
  await expect(entry).toContainText("Message cost: 100 → 25");
  await expect(entry).toContainText("settings Admin");
  await page.screenshot({ path: "test-results/audit.png", fullPage: true });
});

test("the settings page is for admins only", async ({ page }) => {
  await signInDirectlyAs(page, "editor");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/products(\/|\?|$)/);
});

test("an admin adds search synonyms in /settings; a line with one word is refused inline", async ({ page, request }) => {
  const admin = await registerBusiness(request, "synonyms");
  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  const settings = new SettingsPage(page);
  await settings.goto();

  const synonyms = settings.field("Synonym groups");
  await synonyms.fill("chesterfield, sofa\nhoodie");
  await settings.save();
  await expect(page.getByText("Line 2 needs at least two words or phrases.")).toBeVisible();
  await expect(synonyms).toHaveAttribute("aria-invalid", "true");

  await synonyms.fill("Chesterfield, SOFA\nhoodie, hooded sweatshirt");
  await settings.save();
  const saved = page.getByRole("region", { name: "Notifications" }).getByRole("listitem").filter({ hasText: "Settings saved" });
  await expect(saved).toBeVisible();
  // The confirmation does not cover the button that saved, nor the navigation.
  const [toastBox, saveBox, navBox] = await Promise.all([
    saved.boundingBox(),
    page.getByRole("button", { name: "Save settings" }).boundingBox(),
    page.getByRole("navigation", { name: "Main" }).boundingBox(),
  ]);
  const overlaps = (a: NonNullable<typeof toastBox>, b: NonNullable<typeof toastBox>) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  expect(overlaps(toastBox!, saveBox!)).toBe(false);
  expect(overlaps(toastBox!, navBox!)).toBe(false);
  await page.reload();
  await expect(settings.field("Synonym groups")).toHaveValue("chesterfield, sofa\nhoodie, hooded sweatshirt");
  await settings.field("Synonym groups").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/settings-synonyms-1280.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await settings.field("Synonym groups").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/settings-synonyms-390-dark.png" });
});

test("leaving /settings with unsaved changes asks first, and staying keeps them", async ({ page, request }) => {
  const admin = await registerBusiness(request, "unsaved");
  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.field("Assistant name").fill("Half-typed name");

  const asked: string[] = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Products", exact: true }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain("not been saved");
  await expect(page).toHaveURL(/\/settings$/);
  await expect(settings.field("Assistant name")).toHaveValue("Half-typed name");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Products", exact: true }).click();
  await expect(page).toHaveURL(/\/products$/);
  // Nothing was saved by leaving.
  await settings.goto();
  await expect(settings.field("Assistant name")).toHaveValue("Assistant");
});

test("an admin revokes an API key in /settings after confirming; the key stops working at once", async ({ page, request }) => {
  const admin = await registerBusiness(request, "keys");
  const created = await request.post("/api/api-keys", {
    headers: { authorization: `Bearer ${admin.access}` },
    data: { name: "Shop server", kind: "secret", scopes: ["chat"] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  const asKey = () => request.get("/api/chat/sessions", { headers: { "x-api-key": key } });
  expect((await asKey()).status()).toBe(200);

  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  await new SettingsPage(page).goto();
  const item = page.getByRole("list", { name: "API keys" }).getByRole("listitem", { name: "Shop server" });
  await item.getByRole("button", { name: "Revoke Shop server" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “Shop server”?" });
  await expect(dialog).toContainText("Servers using this key can no longer call the API");
  // Cancel changes nothing.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await asKey()).status()).toBe(200);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await item.getByRole("button", { name: "Revoke Shop server" }).click();
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: "test-results/settings-revoke-key-390-dark.png" });
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("“Shop server” was revoked.")).toBeVisible();
  await expect(item).toContainText("Revoked");
  await expect(item.getByRole("button", { name: "Revoke Shop server" })).toHaveCount(0);
  expect((await asKey()).status()).toBe(401);
});

test("an admin reveals the widget's identity secret and rotates it after confirming; the old one stops being the business's", async ({ page, request }) => {
  const admin = await registerBusiness(request, "identity");
  const currentSecret = async () => {
    const response = await request.get("/api/business/identity-secret", { headers: { authorization: `Bearer ${admin.access}` } });
    expect(response.status(), await response.text()).toBe(200);
    return ((await response.json()) as { secret: string }).secret;
  };
  const before = await currentSecret();

  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  await new SettingsPage(page).goto();
  const panel = page.getByRole("region", { name: "Identity verification" });
  await expect(panel.getByTestId("identity-secret-value")).toHaveCount(0);
  await panel.getByRole("button", { name: "Reveal" }).click();
  await expect(panel.getByTestId("identity-secret-value")).toHaveText(before);

  // The confirmation (loaded after the page) changes nothing when cancelled.
  const rotateOpener = panel.getByRole("button", { name: "Rotate…" });
  await rotateOpener.click();
  const dialog = page.getByRole("dialog", { name: "Rotate the identity secret?" });
  await expect(dialog).toContainText("stops verifying until your server uses the new one");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(rotateOpener).toBeFocused();
  expect(await currentSecret()).toBe(before);

  await rotateOpener.click();
  await dialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Identity secret rotated")).toBeVisible();
  const after = await currentSecret();
  expect(after).not.toBe(before);
  await expect(panel.getByTestId("identity-secret-value")).toHaveText(after);
});
