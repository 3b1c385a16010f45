import { expect, test, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { DashboardPage } from "./pages/admin-pages";
import { LoginPage } from "./pages/login-page";

/**
 * Signed-in pages arrive from the server with who is signed in and their first data, so the browser
 * paints them without asking the API first: checked with the app's scripts refused (what the server
 * sent is all there is; only its inline scripts, which reveal streamed parts, run) and by the requests
 * a normal load makes.
 */

async function refuseAppScripts(page: Page) {
  await page.route(/\/_next\/static\/.*\.js(\?.*)?$/, (route) => route.abort());
}

async function sessionOf(browser: Browser, role: "admin" | "viewer"): Promise<BrowserContextOptions["storageState"]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).signInAs(role);
  const state = await context.storageState();
  await context.close();
  return state;
}

test("the dashboard's figures are in the page the server sends", async ({ browser }) => {
  const storageState = await sessionOf(browser, "admin");
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  await refuseAppScripts(page);
  await page.goto("/dashboard");
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading).toBeVisible();
  await expect(dashboard.kpis).toHaveCount(8);
  await expect(dashboard.kpi("Users")).toHaveText("4");
  await expect(page.getByRole("list", { name: "Oldest pending products" }).getByRole("listitem").first()).toBeVisible();
  // The member the page was rendered for, in the navigation.
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Ada Admin");
  await page.screenshot({ path: "test-results/first-render-dashboard-server-only.png", fullPage: true });
  await context.close();
});

test("the chat arrives with the assistant's greeting, the conversations and prompts to start with", async ({ browser }) => {
  const storageState = await sessionOf(browser, "viewer");
  const context = await browser.newContext({ storageState, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await refuseAppScripts(page);
  await page.goto("/chat");
  const conversation = page.getByRole("log", { name: "Conversation" });
  // The greeting is rendered as Markdown on the server, though the tab loads the renderer later.
  await expect(conversation.getByTestId("message-content").first()).not.toBeEmpty();
  // The prompts, not their loading placeholders.
  await expect(page.getByTestId("suggested-prompts").getByRole("button").first()).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-chat-server-only-390.png", fullPage: true });
  await context.close();
});

test("a signed-in load asks the API for neither the member nor the page's data", async ({ browser }) => {
  const storageState = await sessionOf(browser, "admin");
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ storageState, colorScheme });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) asked.push(url.pathname);
    });
    // The live-event stream opens once the tab has hydrated and knows the member: the load is done by then.
    let hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
    await page.goto("/dashboard");
    const dashboard = new DashboardPage(page);
    await expect(dashboard.kpi("Users")).toHaveText("4");
    await hydrated;
    // The charts load their library after the figures; once they are drawn, the load is over.
    await expect(dashboard.chart("chart-messages").locator(".recharts-bar-rectangle").first()).toBeVisible();
    hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
    await page.goto("/chat");
    await expect(page.getByRole("log", { name: "Conversation" }).getByTestId("message-content").first()).toBeVisible();
    await expect(page.getByTestId("suggested-prompts").getByRole("button").first()).toBeVisible();
    await hydrated;
    // A moment for anything the hydrated page would still ask for.
    await page.waitForTimeout(1_000);
    for (const dataRoute of ["/api/auth/session", "/api/auth/me", "/api/dashboard/stats", "/api/business", "/api/chat/sessions", "/api/chat/suggestions", "/api/chat/balance"]) {
      expect(asked, `${dataRoute} was asked for`).not.toContain(dataRoute);
    }
    await page.screenshot({ path: `test-results/first-render-chat-${colorScheme}.png` });
    await context.close();
  }
});

test("a visitor's page carries nothing of any member", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of ["/", "/login", "/shop/demo-outfitters"]) {
    const response = await page.goto(path);
    const html = (await response?.text()) ?? "";
    expect(response?.status()).toBe(200);
    expect(html).not.toContain("@demo.test");
    expect(html).not.toContain("Ada Admin");
  }
  await context.close();
});
