import { expect, test } from "@playwright/test";
import { DashboardPage, DEMO_USERS_FIGURE, registerBusiness } from "./pages/admin-pages";
import { signInDirectly, signInDirectlyAs } from "./pages/login-page";

test("the admin's dashboard shows the KPIs and charts with the demo data", async ({ page }) => {
  await signInDirectlyAs(page, "admin");
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading).toBeVisible();

  // The demo business: its four users (and any a journey beside this one added), products in every status, seeded conversations and purchases.
  await expect(dashboard.kpis).toHaveCount(8);
  await expect(dashboard.kpi("Users")).toHaveText(DEMO_USERS_FIGURE);
  await expect(dashboard.kpi("Conversations")).not.toHaveText("0");
  await expect(dashboard.kpi("Purchases")).not.toHaveText("0");
  await expect(dashboard.kpi("Pending approvals")).not.toHaveText("0");

  for (const chart of ["chart-messages", "chart-credits", "chart-purchases", "chart-products"] as const) {
    // recharts draws one rectangle per non-empty bar.
    await expect(dashboard.chart(chart).locator(".recharts-bar-rectangle").first()).toBeVisible();
  }

  const queue = page.getByRole("list", { name: "Oldest pending products and changes" });
  await expect(queue.getByRole("listitem").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Open approvals" })).toHaveAttribute("href", "/approvals");
  await expect(page.getByRole("list", { name: "Recent changes" }).getByRole("listitem").first()).toBeVisible();
  const usage = page.getByRole("table", { name: "Usage by user" });
  // A header and a row per member: the four demo members at least.
  await expect.poll(() => usage.getByRole("row").count()).toBeGreaterThanOrEqual(5);

  await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(dashboard.kpi("Users")).toHaveCSS("color", "rgb(244, 244, 245)");
  await page.screenshot({ path: "test-results/dashboard-dark.png", fullPage: true });
});

test("other roles are sent from /dashboard to their home", async ({ page }) => {
  await signInDirectlyAs(page, "viewer");
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/chat(\/|\?|$)/);
});

test("granting credits on /users raises the user's balance", async ({ page, request }) => {
  const admin = await registerBusiness(request, "credits");
  const viewerEmail = `viewer-${admin.suffix}@e2e.test`;
  const viewerPassword = "viewer-password-1";
  const created = await request.post("/api/users", {
    headers: { authorization: `Bearer ${admin.access}` },
    data: { email: viewerEmail, name: `Vera ${admin.suffix}`, role: "viewer", password: viewerPassword },
  });
  expect(created.status(), await created.text()).toBe(201);
  const viewerName = `Vera ${admin.suffix}`;

  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  await page.goto("/users");
  const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: viewerName }) });
  await expect(row.getByRole("cell", { name: "4,000", exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Credits for ${viewerName}` }).click();
  const dialog = page.getByRole("dialog", { name: `Credits for ${viewerName}` });
  await expect(dialog.getByTestId("credits-balance")).toHaveText("4,000");
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("750");
  await dialog.getByRole("textbox", { name: "Reason" }).fill("Thanks for the feedback");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByTestId("credits-balance")).toHaveText("4,750");
  const ledger = dialog.getByRole("table", { name: "Credit ledger" });
  await expect(ledger.getByRole("row").nth(1)).toContainText("+750");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Thanks for the feedback");

  // A claw-back larger than the balance is refused and changes nothing.
  await dialog.getByRole("combobox", { name: "Change" }).selectOption("clawback");
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("10000");
  await dialog.getByRole("textbox", { name: "Reason" }).fill("Too much");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText(/has 4,750 credits/)).toBeVisible();
  await expect(dialog.getByTestId("credits-balance")).toHaveText("4,750");

  await dialog.getByRole("button", { name: "Close", exact: true }).first().click();
  await expect(row.getByRole("cell", { name: "4,750", exact: true })).toBeVisible();

  // The user sees the new balance too.
  const login = await request.post("/api/auth/login", { data: { email: viewerEmail, password: viewerPassword } });
  const { access } = (await login.json()) as { access: string };
  const balance = await request.get("/api/chat/balance", { headers: { authorization: `Bearer ${access}` } });
  expect(await balance.json()).toMatchObject({ credits: 4750 });
});

test("the key figures with a list behind them open it", async ({ page }) => {
  await signInDirectlyAs(page, "admin");
  const dashboard = new DashboardPage(page);
  const expected = [
    ["Users", /\/users$/],
    ["Approved products", /\/products\?status=approved$/],
    ["Pending approvals", /\/approvals$/],
    ["Conversations", /\/inbox$/],
    ["Purchases", /\/purchases$/],
  ] as const;
  for (const [label, url] of expected) {
    await dashboard.goto();
    await dashboard.kpis.getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  }
  // Figures without a list of their own are not links.
  await dashboard.goto();
  await expect(dashboard.kpis.getByRole("link", { name: "Tokens used (30 days)" })).toHaveCount(0);
});
