import { expect, test, type APIRequestContext, type Browser, type BrowserContextOptions, type Page, type Response } from "@playwright/test";
import { DashboardPage, DEMO_USERS_FIGURE, SettingsPage } from "./pages/admin-pages";
import { ChatPage } from "./pages/chat-page";
import { ProductsPage } from "./pages/products-page";
import { DEMO, DEMO_PASSWORD, LoginPage, signInThrough } from "./pages/login-page";

/**
 * Signed-in pages arrive from the server with who is signed in and their first data, so the browser
 * paints them without asking the API first: checked with the app's scripts refused (what the server
 * sent is all there is; only its inline scripts, which reveal streamed parts, run) and by the requests
 * a normal load makes.
 */

async function refuseAppScripts(page: Page) {
  await page.route(/\/_next\/static\/.*\.js(\?.*)?$/, (route) => route.abort());
}

/** The API paths the tab asks for from now on, in order. */
function apiPathsAsked(page: Page): string[] {
  const asked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) asked.push(url.pathname);
  });
  return asked;
}

const sessions = new Map<"admin" | "viewer", Promise<BrowserContextOptions["storageState"]>>();

/** A signed-in session's cookies for a new tab; signed in once per role (nothing here signs out). */
function sessionOf(browser: Browser, role: "admin" | "viewer"): Promise<BrowserContextOptions["storageState"]> {
  let session = sessions.get(role);
  if (!session) {
    session = (async () => {
      const context = await browser.newContext();
      await signInThrough(context.request, DEMO[role]);
      const state = await context.storageState();
      await context.close();
      return state;
    })();
    sessions.set(role, session);
  }
  return session;
}

/** A tab signed in as `role` with the app's scripts refused: what the server's page shows by itself. */
async function serverOnlyPage(browser: Browser, role: "admin" | "viewer", options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ storageState: await sessionOf(browser, role), ...options });
  const page = await context.newPage();
  await refuseAppScripts(page);
  return { context, page };
}

test("the dashboard's figures are in the page the server sends", async ({ browser }) => {
  const { context, page } = await serverOnlyPage(browser, "admin");
  await page.goto("/dashboard");
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading).toBeVisible();
  await expect(dashboard.kpis).toHaveCount(8);
  await expect(dashboard.kpi("Users")).toHaveText(DEMO_USERS_FIGURE);
  await expect(page.getByRole("list", { name: "Oldest pending products and changes" }).getByRole("listitem").first()).toBeVisible();
  // The member the page was rendered for, in the navigation.
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Ada Admin");
  await page.screenshot({ path: "test-results/first-render-dashboard-server-only.png", fullPage: true });
  await context.close();
});

test("the chat arrives with the assistant's greeting, the conversations and prompts to start with", async ({ browser }) => {
  const { context, page } = await serverOnlyPage(browser, "viewer", { viewport: { width: 390, height: 844 } });
  await page.goto("/chat");
  const conversation = page.getByRole("log", { name: "Conversation" });
  // The greeting is rendered as Markdown on the server, though the tab loads the renderer later.
  await expect(conversation.getByTestId("message-content").first()).not.toBeEmpty();
  // The prompts, not their loading placeholders.
  await expect(page.getByTestId("suggested-prompts").getByRole("button").first()).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-chat-server-only-390.png", fullPage: true });
  await context.close();
});

test("the admin's list pages arrive with their first rows: people and invites, the inbox, the review queue, feedback, purchases, the audit log", async ({ browser }) => {
  const { context, page } = await serverOnlyPage(browser, "admin", { viewport: { width: 390, height: 844 } });

  await page.goto("/users");
  const people = page.getByRole("table", { name: "Users" });
  await expect(people.getByRole("row").filter({ hasText: "Vic Viewer" })).toBeVisible();
  await expect(people).not.toHaveAttribute("aria-busy", "true");
  // The invites below are in the page too, so the list above them does not push them down later.
  await expect(page.getByRole("heading", { name: "Pending invites" })).toBeVisible();
  await expect(page.getByRole("status", { name: /loading/i })).toHaveCount(0);
  await page.screenshot({ path: "test-results/first-render-users-server-only-390.png", fullPage: true });

  await page.goto("/inbox");
  const conversations = page.getByRole("navigation", { name: "Conversation list" });
  await expect(conversations.locator("[data-session-id]").first()).toBeVisible();
  await expect(page.getByTestId("waiting-count")).toHaveAttribute("data-count", /^\d+$/);
  await page.screenshot({ path: "test-results/first-render-inbox-server-only-390.png", fullPage: true });

  await page.goto("/approvals");
  await expect(page.getByRole("list", { name: "Waiting for review" }).getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-approvals-server-only-390.png", fullPage: true });

  // The disliked answers, their Markdown rendered on the server.
  await page.goto("/feedback");
  await expect(page.getByRole("region", { name: "Answers marked not helpful" }).getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-feedback-server-only-390.png", fullPage: true });

  await page.goto("/purchases");
  await expect(page.getByRole("table", { name: "Purchases" }).getByRole("row").nth(1)).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-purchases-server-only-390.png", fullPage: true });

  await page.goto("/audit");
  await expect(page.getByRole("list", { name: "Audit entries" }).getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-audit-server-only-390.png", fullPage: true });
  await context.close();
});

test("a member in another time zone gets the dates in their zone, hydrated without a mismatch, and from the server once it knows the zone", async ({ browser }) => {
  const zone = "Pacific/Kiritimati"; // UTC+14: most times fall on another day than in UTC
  const inZone = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin"), timezoneId: zone });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(error.message));
  const firstEntryTime = page.getByRole("table", { name: "Audit entries" }).locator("time").first();
  const expectedText = async () => inZone.format(new Date((await firstEntryTime.getAttribute("datetime"))!));

  // First visit: the server does not know the zone yet and prints UTC; the tab hydrates that, then shows its own zone.
  let hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
  await page.goto("/audit");
  await hydrated;
  await expect.poll(async () => (await firstEntryTime.textContent()) === (await expectedText())).toBe(true);
  for (const path of ["/chat", "/users", "/inbox", "/dashboard", "/purchases", "/feedback", "/approvals"]) {
    hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
    await page.goto(path);
    await hydrated;
  }
  await page.waitForTimeout(500);
  expect(failures, "errors in the tab (a hydration mismatch is React error #418)").toEqual([]);
  expect((await context.cookies()).find((cookie) => cookie.name === "tz")?.value).toBe(encodeURIComponent(zone));

  // From then on the server renders in that zone: the page as sent, without the app's scripts, already shows it.
  const serverOnly = await context.newPage();
  await refuseAppScripts(serverOnly);
  await serverOnly.goto("/audit");
  const sent = serverOnly.getByRole("table", { name: "Audit entries" }).locator("time").first();
  await expect(sent).toHaveText(inZone.format(new Date((await sent.getAttribute("datetime"))!)));
  // The dashboard counts that zone's days, and says so.
  await serverOnly.goto("/dashboard");
  await expect(serverOnly.getByText(/from members since 00:00 Pacific\/Kiritimati/)).toBeVisible();
  await expect(serverOnly.getByText("Daily figures (last 30 days, Pacific/Kiritimati)")).toBeVisible();
  await context.close();
});

/** The demo viewer asks the assistant through the API, in a new conversation: its id and the answer. */
async function viewerAsks(request: APIRequestContext, message: string): Promise<{ sessionId: string; response: string }> {
  const login = await request.post("/api/auth/login", { data: { email: DEMO.viewer, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  const token = ((await login.json()) as { access: string }).access;
  const sent = await request.post("/api/chat", { headers: { Authorization: `Bearer ${token}` }, data: { message } });
  expect(sent.status(), await sent.text()).toBe(200);
  return (await sent.json()) as { sessionId: string; response: string };
}

test("a stored conversation arrives with its messages, the answer's Markdown rendered, and the tab does not ask for them again", async ({ browser, request }) => {
  const { sessionId, response } = await viewerAsks(request, "Can a person help me pick a standing desk?");
  expect(response).toContain("**Standing Desk**");

  const { context, page } = await serverOnlyPage(browser, "viewer", { viewport: { width: 390, height: 844 } });
  await page.goto(`/chat/${sessionId}`);
  const conversation = page.getByRole("log", { name: "Conversation" });
  await expect(conversation.getByTestId("message-content").filter({ hasText: "Can a person help me pick a standing desk?" })).toBeVisible();
  await expect(conversation.getByTestId("message-content").locator("strong", { hasText: "Standing Desk" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/first-render-stored-conversation-server-only-390.png", fullPage: true });
  await context.close();

  // A normal load paints the same without asking for the history.
  const loaded = await browser.newContext({ storageState: await sessionOf(browser, "viewer"), colorScheme: "dark" });
  const tab = await loaded.newPage();
  const asked = apiPathsAsked(tab);
  const hydrated = tab.waitForRequest((sent) => new URL(sent.url()).pathname === "/api/events");
  await tab.goto(`/chat/${sessionId}`);
  await expect(tab.getByTestId("message-content").locator("strong", { hasText: "Standing Desk" }).first()).toBeVisible();
  await hydrated;
  await tab.waitForTimeout(1_000);
  expect(asked).not.toContain("/api/chat/history");
  // Hydrated: the conversation goes on from here.
  await tab.getByLabel("Message", { exact: true }).fill("And a chair to go with it?");
  await tab.getByLabel("Message", { exact: true }).press("Enter");
  await expect(tab.getByTestId("message-content").filter({ hasText: "And a chair to go with it?" })).toBeVisible();
  await expect(tab).toHaveURL(new RegExp(`/chat/${sessionId}$`));
  await tab.screenshot({ path: "test-results/first-render-stored-conversation-1280-dark.png" });
  await loaded.close();
});

test("relative times hydrate as the server counted them, then follow the device's clock, even one that is minutes off", async ({ browser, request }) => {
  // A conversation active just now: the server's inbox says "just now".
  const { sessionId } = await viewerAsks(request, "Which lamp suits a reading corner?");

  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const page = await context.newPage();
  // The device's clock is seven minutes ahead of the server's.
  await page.clock.setFixedTime(Date.now() + 7 * 60_000);
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(error.message));
  const hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
  await page.goto("/inbox");
  await hydrated;
  const time = page.locator(`[data-testid="inbox-row"][data-session-id="${sessionId}"] time`);
  // Once the page is the browser's, the time is counted on the browser's clock.
  await expect(time).toHaveText("7 min ago");
  await page.waitForTimeout(500);
  expect(failures, "errors in the tab (a hydration mismatch is React error #418)").toEqual([]);

  // The server's page, as sent, counted on the server's clock.
  const serverOnly = await context.newPage();
  await refuseAppScripts(serverOnly);
  await serverOnly.goto("/inbox");
  await expect(serverOnly.locator(`[data-testid="inbox-row"][data-session-id="${sessionId}"] time`)).toHaveText("just now");
  await context.close();
});

test("a visitor of the app's public forms is offered Sign in from the server's page; a member's pages do not load those links", async ({ browser }) => {
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await refuseAppScripts(page);
  await page.goto("/forgot-password");
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByRole("link", { name: /Create account|Sign up/ })).toBeVisible();
  await visitor.close();

  const member = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const memberPage = await member.newPage();
  expect(await firstLoadScriptsOf(memberPage, "/account")).not.toContain('"Create account"');
  // Positive control: the visitor's copy of a public form carries them in its first load.
  const visitorAgain = await browser.newContext();
  expect(await firstLoadScriptsOf(await visitorAgain.newPage(), "/forgot-password")).toContain('"Create account"');
  await visitorAgain.close();
  await member.close();
});

test("a signed-in load asks the API for neither the member nor the page's data", async ({ browser }) => {
  const storageState = await sessionOf(browser, "admin");
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ storageState, colorScheme });
    const page = await context.newPage();
    const asked = apiPathsAsked(page);
    // The live-event stream opens once the tab has hydrated and knows the member: the load is done by then.
    let hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
    await page.goto("/dashboard");
    const dashboard = new DashboardPage(page);
    await expect(dashboard.kpi("Users")).toHaveText(DEMO_USERS_FIGURE);
    await hydrated;
    // The charts load their library after the figures; once they are drawn, the load is over.
    await expect(dashboard.chart("chart-messages").locator(".recharts-bar-rectangle").first()).toBeVisible();
    hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
    await page.goto("/chat");
    await expect(page.getByRole("log", { name: "Conversation" }).getByTestId("message-content").first()).toBeVisible();
    await expect(page.getByTestId("suggested-prompts").getByRole("button").first()).toBeVisible();
    await hydrated;
    // The admin's list pages: what each shows first is not asked for again (the inbox's person filter
    // reads the members for its options, which is not what the page shows first).
    for (const [path, shown, dataRoutes] of [
      ["/users", page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: "Vic Viewer" }), ["/api/users", "/api/invites"]],
      ["/inbox", page.getByRole("navigation", { name: "Conversation list" }).locator("[data-session-id]").first(), ["/api/inbox"]],
      ["/approvals", page.getByRole("list", { name: "Waiting for review" }).getByRole("listitem").first(), ["/api/products/reviews"]],
      ["/feedback", page.getByRole("region", { name: "Answers marked not helpful" }).getByRole("listitem").first(), ["/api/chat/feedback"]],
      ["/purchases", page.getByRole("table", { name: "Purchases" }).getByRole("row").nth(1), ["/api/purchases"]],
      ["/audit", page.getByRole("table", { name: "Audit entries" }).getByRole("row").nth(1), ["/api/audit"]],
    ] as const) {
      const from = asked.length;
      hydrated = page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events");
      await page.goto(path);
      await expect(shown).toBeVisible();
      await hydrated;
      await page.waitForTimeout(500);
      for (const dataRoute of dataRoutes) expect(asked.slice(from), `${dataRoute} was asked for on ${path}`).not.toContain(dataRoute);
    }
    // A moment for anything the hydrated page would still ask for.
    await page.waitForTimeout(1_000);
    for (const dataRoute of [
      "/api/auth/session",
      "/api/auth/me",
      "/api/dashboard/stats",
      "/api/business",
      "/api/chat/sessions",
      "/api/chat/suggestions",
      "/api/chat/balance",
    ]) {
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

// Text only the app's client code carries, whatever the minifier renames: axios, React Query, the toaster.
const APP_CLIENT_MARKERS = ["AxiosError", "invalidateQueries", "data-sonner-toaster"];

/**
 * The scripts a load of `path` ran, lazily loaded ones included: a visitor's page is done when the
 * network is idle; a member's never is (the live-event stream stays open), and is done once its
 * hydrated shell has opened that stream.
 */
async function scriptsOf(page: Page, path: string, viewer: "visitor" | "member"): Promise<{ status: number; scripts: string }> {
  const bodies: Promise<string>[] = [];
  const collect = (response: Response) => {
    if (response.request().resourceType() === "script") bodies.push(response.text().catch(() => ""));
  };
  page.on("response", collect);
  const liveEvents = viewer === "member" ? page.waitForRequest((request) => new URL(request.url()).pathname === "/api/events") : null;
  const response = await page.goto(path, { waitUntil: "load" });
  if (liveEvents) await liveEvents;
  else await page.waitForLoadState("networkidle");
  page.off("response", collect);
  return { status: response?.status() ?? 0, scripts: (await Promise.all(bodies)).join("\n") };
}

test("a visitor's front page, storefronts and products load no script at all, the catalog and sign-in none of the app's client code; a member's copy of them has all of it", async ({ browser }) => {
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await page.goto("/shop/demo-outfitters");
  const productPath = await page.locator('main a[href^="/shop/demo-outfitters/"]').first().getAttribute("href");
  expect(productPath).toBeTruthy();
  const withoutScript = ["/", "/shop/demo-outfitters", "/shop/demo-outfitters?q=desk&sort=price_asc", productPath!, `${productPath!}?image=2`];
  const publicPaths = [...withoutScript, "/catalog", "/login"];
  for (const path of publicPaths) {
    const { status, scripts } = await scriptsOf(page, path, "visitor");
    expect(status, path).toBe(200);
    if (withoutScript.includes(path)) {
      expect(await page.locator("script").count(), `${path} has a script`).toBe(0);
      expect(scripts, `${path} loaded a script`).toBe("");
    }
    for (const marker of APP_CLIENT_MARKERS) expect(scripts, `${path} loaded ${marker}`).not.toContain(marker);
    const header = page.getByRole("navigation", { name: "Main" });
    // The header never offers the page the visitor is on.
    await expect(header.getByRole("link", { name: "Sign in" })).toHaveCount(path === "/login" ? 0 : 1);
    await expect(header.getByRole("link", { name: "Create account" })).toBeVisible();
  }
  await page.goto("/register");
  const registerHeader = page.getByRole("navigation", { name: "Main" });
  await expect(registerHeader.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(registerHeader.getByRole("link", { name: "Create account" })).toHaveCount(0);
  await page.goto(productPath!);
  await expect(page.getByRole("link", { name: "Sign in to buy" })).toBeVisible();
  await page.screenshot({ path: "test-results/public-product-visitor.png", fullPage: true });
  // On a phone the header's offers are short enough for the product's name to show whole.
  await page.setViewportSize({ width: 390, height: 844 });
  const header = page.getByRole("navigation", { name: "Main" });
  await expect(header.getByRole("link", { name: "Sign up" })).toBeVisible();
  const brand = header.getByRole("link", { name: "Product Assistant" });
  expect(await brand.evaluate((link) => link.scrollWidth <= link.clientWidth)).toBe(true);
  await page.screenshot({ path: "test-results/public-product-visitor-390.png" });
  await page.setViewportSize({ width: 1280, height: 720 });
  // A storefront that does not exist: 404, with the visitor's header and a way back, still without script.
  const noShop = await page.goto("/shop/no-such-shop");
  expect(noShop?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Browse storefronts" })).toHaveAttribute("href", "/");
  expect(await page.locator("script").count()).toBe(0);
  // The copies without script have no address of their own: asked for, they send on to the public one.
  for (const [path, publicPath] of [["/visitor", "/"], ["/visitor/shop/demo-outfitters", "/shop/demo-outfitters"]] as const) {
    expect((await page.goto(path))?.status(), path).toBe(200);
    expect(new URL(page.url()).pathname, path).toBe(publicPath);
  }
  // An address no page answers: a 404 page with the product's header and a way home, not a bare error.
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeAttached();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Product Assistant" })).toHaveAttribute("href", "/");
  await page.getByRole("link", { name: "Go to the front page" }).click();
  await expect(page).toHaveURL(/\/$/);
  await visitor.close();

  const member = await browser.newContext({ storageState: await sessionOf(browser, "viewer") });
  const memberPage = await member.newPage();
  for (const path of ["/", productPath!]) {
    const { status, scripts } = await scriptsOf(memberPage, path, "member");
    expect(status, path).toBe(200);
    for (const marker of APP_CLIENT_MARKERS) expect(scripts, `${path} did not load ${marker}`).toContain(marker);
    await expect(memberPage.getByTestId("header-credit-balance")).toBeVisible();
  }
  // The member's buy box (Buy, or Out of stock, beside Ask the assistant), not the visitor's.
  await expect(memberPage.getByRole("link", { name: "Ask the assistant" })).toBeVisible();
  await expect(memberPage.getByRole("link", { name: "Sign in to buy" })).toHaveCount(0);
  await memberPage.goto("/");
  await expect(memberPage.getByRole("link", { name: "Open your workspace" })).toHaveAttribute("href", "/chat");
  await memberPage.screenshot({ path: "test-results/public-front-member.png" });
  await member.close();
});

// react-hook-form's context name, whatever the minifier renames.
const FORM_LIBRARY_MARKER = "HookFormContext";

test("a form the server sends shows its values and stays inert until the page is interactive", async ({ browser }) => {
  const { context, page } = await serverOnlyPage(browser, "admin");
  await page.goto("/settings");
  const settings = new SettingsPage(page);
  // Filled in from the first paint, not at hydration, and closed to typing the form library would overwrite.
  await expect(settings.field("Assistant name")).toHaveValue("Ollie");
  await expect(settings.field("Assistant name")).toBeDisabled();
  await expect(page.getByRole("checkbox", { name: "Require verified identity" })).toBeDisabled();
  await expect(settings.saveButton).toBeDisabled();
  await expect(page.getByRole("textbox", { name: "Storefront address" })).toHaveValue("demo-outfitters");
  await page.screenshot({ path: "test-results/first-render-settings-server-only.png" });

  // Once the scripts run, the same form takes typing and keeps it.
  await page.unrouteAll();
  await settings.goto();
  await settings.field("Assistant name").fill("Typed at once");
  await expect(settings.field("Assistant name")).toHaveValue("Typed at once");
  // The forms' code, react-hook-form with it, is not in the page's first load: it arrives after, and hydrates them.
  expect(await firstLoadScriptsOf(page, "/settings")).not.toContain(FORM_LIBRARY_MARKER);
  expect(await laterScriptsOf(page)).toContain(FORM_LIBRARY_MARKER);
  await context.close();

  // Sign-in before hydration could otherwise go out as a plain GET, the password in the address.
  const visitor = await browser.newContext();
  const loginPage = await visitor.newPage();
  await refuseAppScripts(loginPage);
  await loginPage.goto("/login");
  for (const field of [loginPage.getByLabel("Email"), loginPage.getByLabel("Password"), loginPage.getByRole("button", { name: "Sign in" })]) {
    await expect(field).toBeDisabled();
  }
  await visitor.close();
});

/**
 * Refuses, until the returned `allow` is called, every chunk whose code contains `marker` (text no
 * minifier renames): a part of the page that cannot be downloaded.
 */
async function refuseChunksContaining(page: Page, marker: string): Promise<{ allow: () => void }> {
  let refusing = true;
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?.*)?$/, async (route) => {
    // Any other code is left to another refusal set up on the page, or to the network.
    if (!refusing) return route.fallback();
    const response = await route.fetch();
    if ((await response.text()).includes(marker)) return route.abort();
    return route.fallback();
  });
  return { allow: () => (refusing = false) };
}

/**
 * The page's errors, except the one React reports for code that was refused while it hydrated (a
 * hydration it could not finish, which the page recovers from): anything collected fails the test.
 */
function pageErrorsBesidesRefusedCode(page: Page): string[] {
  const failures: string[] = [];
  page.on("pageerror", (error) => void (error.message.startsWith("Failed to load chunk") || failures.push(error.message)));
  return failures;
}

test("when the settings forms' code cannot be downloaded, the page says so in their place, and Retry brings them", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const page = await context.newPage();
  // The settings form's chunk, by its form's name.
  const settingsCode = await refuseChunksContaining(page, "Business settings");
  await page.goto("/settings");
  const unavailable = page.getByRole("alert").filter({ hasText: "The settings could not be loaded" });
  await expect(unavailable).toBeVisible();
  await expect(unavailable).toContainText("Cannot reach the server");
  // The rest of the page still works: the header and the API keys are there.
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await page.screenshot({ path: "test-results/settings-forms-unavailable.png" });

  settingsCode.allow();
  await unavailable.getByRole("button", { name: "Retry" }).click();
  const settings = new SettingsPage(page);
  await expect(settings.field("Assistant name")).toBeEnabled();
  await settings.field("Assistant name").fill("Back again");
  await expect(settings.field("Assistant name")).toHaveValue("Back again");
  await expect(unavailable).toHaveCount(0);
  await context.close();
});

test("a page whose code cannot be downloaded says so inside the app's header, and Retry loads it again", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin"), viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const page = await context.newPage();
  // The dashboard's charts, by a class name of the chart library.
  const chartsCode = await refuseChunksContaining(page, "recharts-wrapper");
  await page.goto("/dashboard");
  const failed = page.getByRole("alert").filter({ hasText: "This page could not be shown" });
  await expect(failed).toBeVisible();
  await expect(failed).toContainText("could not be downloaded");
  await expect(page.getByRole("heading", { name: "This page could not be shown", level: 1 })).toBeAttached();
  // The app's header is still there, and works: the menu opens with the other pages.
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("dialog", { name: "Menu" }).getByRole("link", { name: "Products" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.screenshot({ path: "test-results/page-code-unavailable-390-dark.png" });

  chartsCode.allow();
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(new DashboardPage(page).chart("chart-messages").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(failed).toHaveCount(0);
  await context.close();
});

test("a public page whose code cannot be downloaded says so inside the member's header, and Retry loads it again", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "viewer") });
  const page = await context.newPage();
  await page.goto("/shop/demo-outfitters");
  const productPath = await page.locator('main a[href^="/shop/demo-outfitters/"]').first().getAttribute("href");
  expect(productPath).toBeTruthy();
  // The member's buy box, by one of its messages.
  const buyBoxCode = await refuseChunksContaining(page, "The price changed since this page loaded");
  await page.goto(productPath!);
  const failed = page.getByRole("alert").filter({ hasText: "This page could not be shown" });
  await expect(failed).toBeVisible();
  await expect(failed).toContainText("could not be downloaded");
  await expect(page.getByRole("heading", { name: "This page could not be shown", level: 1 })).toBeAttached();
  // The member's header stays, with their balance.
  await expect(page.getByTestId("header-credit-balance")).toBeVisible();
  await page.screenshot({ path: "test-results/public-page-code-unavailable-1280-light.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  // Without the colour transitions, so the picture shows the settled dark scheme.
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "reduce" });
  await expect(failed).toBeVisible();
  await page.screenshot({ path: "test-results/public-page-code-unavailable-390-dark.png" });

  buyBoxCode.allow();
  await failed.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("link", { name: "Ask the assistant" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Buy/ }).or(page.getByText("Out of stock")).first()).toBeVisible();
  await expect(failed).toHaveCount(0);
  await context.close();
});

// Text of zod's core, whatever the minifier renames.
const SCHEMA_LIBRARY_MARKER = "Invalid input to extend";

/** The scripts a page's HTML asks for (its first load), as one text: what a visit must download before the page works. */
async function firstLoadScriptsOf(page: Page, path: string): Promise<string> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  const html = await response.text();
  const sources = new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((match) => match[1]!));
  expect(sources.size, path).toBeGreaterThan(0);
  const bodies = await Promise.all([...sources].map(async (source) => (await page.request.get(source)).text()));
  return bodies.join("\n");
}

/** Every script the page has loaded so far, as one text. */
async function laterScriptsOf(page: Page): Promise<string> {
  const loaded = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => /\/_next\/static\/chunks\/.*\.js$/.test(name)),
  );
  return (await Promise.all(loaded.map(async (source) => (await page.request.get(source)).text()))).join("\n");
}

test("pages load the schema library only once a form needs it; the wallet's form loads when opened", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const page = await context.newPage();
  // The inbox decides what a live event changes with the event schemas, which come with the live connection.
  for (const path of ["/chat", "/dashboard", "/products", "/approvals", "/purchases", "/users", "/account", "/settings", "/inbox", "/feedback", "/audit"]) {
    expect(await firstLoadScriptsOf(page, path), path).not.toContain(SCHEMA_LIBRARY_MARKER);
  }
  // The settings page opens on its form, whose rules load right after it: there the marker finds the library.
  await new SettingsPage(page).goto();
  await expect.poll(async () => (await laterScriptsOf(page)).includes(SCHEMA_LIBRARY_MARKER)).toBe(true);
  // A form that cannot be downloaded: the dialog stays shut, a toast says why, and the next click tries again.
  await page.goto("/dashboard");
  const opener = page.getByRole("button", { name: "Top up / claw back" });
  // Everything else the page loads after its first paint (the charts, the live events) is in first.
  await expect(new DashboardPage(page).chart("chart-messages").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("region", { name: /^Notifications/ })).toBeAttached();
  await page.route(/\/_next\/static\/chunks\/.*\.js$/, (route) => route.abort());
  await opener.click();
  await expect(page.getByText("The wallet form could not be loaded.")).toBeVisible();
  const dialog = page.getByRole("dialog", { name: "Business wallet" });
  await expect(dialog).toHaveCount(0);
  await page.unroute(/\/_next\/static\/chunks\/.*\.js$/);
  // It opens whole once its code is there, with the focus in its first field, and gives the focus back.
  await opener.click();
  await expect(dialog.getByLabel("Amount")).toBeFocused();
  await dialog.getByLabel("Amount").fill("0");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText("Enter at least 1 credit.")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await context.close();
});

// axios's own error codes, sonner's attribute and next-auth's storage key, whatever the minifier renames.
const HTTP_CLIENT_MARKER = "ERR_BAD_OPTION_VALUE";
const TOASTER_MARKER = "data-sonner-toaster";
const SESSION_CLIENT_MARKER = "nextauth.message";
// react-markdown's own notice, whatever the minifier renames.
const MARKDOWN_MARKER = "remove-buggy-html-in-markdown-parser";

test("signed-in pages load the HTTP client, the toaster and next-auth's client after their first paint; requests and toasts wait for them", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const page = await context.newPage();
  for (const path of ["/chat", "/dashboard", "/products", "/settings", "/users", "/inbox"]) {
    const scripts = await firstLoadScriptsOf(page, path);
    expect(scripts, path).not.toContain(HTTP_CLIENT_MARKER);
    expect(scripts, path).not.toContain(TOASTER_MARKER);
    expect(scripts, path).not.toContain(SESSION_CLIENT_MARKER);
  }
  // The pages that show answers fetch the Markdown renderer with the first answer, not with the page.
  for (const path of ["/chat", "/inbox", "/feedback"]) expect(await firstLoadScriptsOf(page, path), path).not.toContain(MARKDOWN_MARKER);
  // The sign-in page too: next-auth's client signs in, so it loads while the visitor types.
  const visitor = await browser.newContext();
  expect(await firstLoadScriptsOf(await visitor.newPage(), "/login")).not.toContain(SESSION_CLIENT_MARKER);
  await visitor.close();
  const products = new ProductsPage(page);
  await products.goto();
  // The toasts' polite region is there before any toast.
  const toasts = page.getByRole("region", { name: /^Notifications/ });
  await expect(toasts).toHaveAttribute("aria-live", "polite");
  const select = page.getByRole("combobox", { name: "Category", exact: true });
  const option = select.locator("option:not([value=''])").first();
  const category = (await option.getAttribute("value"))!;
  const answered = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === "/api/products/internal" && url.searchParams.get("category") === category;
  });
  await select.selectOption({ value: category });
  expect((await answered).status()).toBe(200);
  await expect(products.table.getByRole("row").nth(1)).toBeVisible();
  // The client came after the page, and it is the one that asked.
  const bodies = await laterScriptsOf(page);
  expect(bodies).toContain(HTTP_CLIENT_MARKER);
  expect(bodies).toContain(TOASTER_MARKER);
  expect(bodies).toContain(SESSION_CLIENT_MARKER);
  // The chat fetches the renderer right after it is up: there the marker finds it.
  await page.goto("/chat");
  await expect.poll(async () => (await laterScriptsOf(page)).includes(MARKDOWN_MARKER)).toBe(true);
  await context.close();
});

// Text the minifier keeps: sending a turn (its request's Accept header), checking a file to attach, the
// drop highlight, asking for a person, buying from a proposal; sonner's settings; the admin's business
// settings and credits requests.
const TURN_CLIENT_MARKER = 'Accept:"text/event-stream"';
const FILE_CHECKS_MARKER = "is not a CSV, TSV, JSON or text file";
const DROP_HIGHLIGHT_MARKER = "Drop a CSV or JSON file";
const HANDOFF_MARKER = "Talk to a person";
const PURCHASE_MARKER = "Idempotency-Key";
const TOAST_OUTLET_MARKER = "Dismiss notification";
const BUSINESS_SETTINGS_MARKER = "/api/business/identity-secret";
const CREDITS_MARKER = "/api/business/credits";

test("a new chat's first load leaves out sending, files, a person and purchases, which come right after it; no page loads the toasts' settings, nor the business's settings or credits, with itself", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "admin") });
  const page = await context.newPage();
  const chatScripts = await firstLoadScriptsOf(page, "/chat");
  for (const marker of [TURN_CLIENT_MARKER, FILE_CHECKS_MARKER, DROP_HIGHLIGHT_MARKER, HANDOFF_MARKER, PURCHASE_MARKER]) {
    expect(chatScripts, marker).not.toContain(marker);
  }
  for (const path of ["/chat", "/dashboard", "/products", "/purchases", "/account"]) {
    const scripts = await firstLoadScriptsOf(page, path);
    for (const marker of [TOAST_OUTLET_MARKER, BUSINESS_SETTINGS_MARKER, CREDITS_MARKER]) expect(scripts, `${path}: ${marker}`).not.toContain(marker);
  }
  // Up, the chat fetches them before the first message, file or conversation needs them.
  await new ChatPage(page).goto();
  for (const marker of [TURN_CLIENT_MARKER, FILE_CHECKS_MARKER, DROP_HIGHLIGHT_MARKER, HANDOFF_MARKER, TOAST_OUTLET_MARKER]) {
    await expect.poll(async () => (await laterScriptsOf(page)).includes(marker), { message: marker }).toBe(true);
  }
  await context.close();
});

test("a message sent or a file attached before the chat's code for them can be downloaded says so, loses nothing, and works once the code comes", async ({ browser }) => {
  const context = await browser.newContext({ storageState: await sessionOf(browser, "viewer") });
  const page = await context.newPage();
  const sending = await refuseChunksContaining(page, TURN_CLIENT_MARKER);
  const checking = await refuseChunksContaining(page, FILE_CHECKS_MARKER);
  const chat = new ChatPage(page);
  await chat.goto();
  const before = await chat.credits();

  await chat.send("Which desks do you have?");
  const failure = page.getByRole("alert").filter({ hasText: "Cannot reach the server. Check your connection and retry." });
  await expect(failure).toBeVisible();
  // Nothing was sent: the text is back in the box, no conversation was made, nothing was charged.
  await expect(chat.input).toHaveValue("Which desks do you have?");
  await expect(page).toHaveURL(/\/chat$/);
  expect(await chat.credits()).toBe(before);

  await chat.attach({ name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from("sku,price\nA-1,10\n") });
  await expect(chat.fileAlert).toHaveText("Cannot reach the server. Check your connection.");
  await expect(chat.fileChips).toHaveCount(0);
  await page.screenshot({ path: "test-results/chat-code-unavailable.png" });

  sending.allow();
  checking.allow();
  await failure.getByRole("button", { name: "Retry" }).click();
  const answer = await chat.waitForAnswer();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(chat.userMessages).toHaveCount(1);
  const sessionId = await chat.sessionId();
  await chat.attach({ name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from("sku,price\nA-1,10\n") });
  await expect(chat.fileChip("prices.csv")).toHaveText("prices.csv · 1 row · 2 columns");
  expect(await chat.sessionId()).toBe(sessionId);
  await context.close();
});

test("a stored conversation keeps the messages the server sent while the renderer is on its way: hydrating, the data that comes after and a balance changed meanwhile never swap them for a skeleton", async ({ browser, request }) => {
  const { sessionId } = await viewerAsks(request, "Can a person help me pick a desk?");
  const context = await browser.newContext({
    storageState: await sessionOf(browser, "viewer"),
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    colorScheme: "dark",
  });
  const page = await context.newPage();
  // Counts each time the conversation shows its skeleton again after it has shown the messages.
  await page.addInitScript(() => {
    const seen = { messages: false, skeletonAgain: 0 };
    Object.assign(window, { __conversationFlashes: seen });
    new MutationObserver(() => {
      const log = document.querySelector('[role="log"][aria-label="Conversation"]');
      if (!log) return;
      const messages = log.querySelector('[data-testid="message-content"]') !== null;
      if (messages) seen.messages = true;
      else if (seen.messages && log.querySelector('[aria-label="Loading conversation"]')) seen.skeletonAgain++;
    }).observe(document, { childList: true, subtree: true });
  });
  // A phone's CPU and network (as bench/pages measures pages): the server's HTML of the messages is on the
  // screen well before the tab hydrates.
  const phone = await context.newCDPSession(page);
  await phone.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await phone.send("Network.enable");
  await phone.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  // The renderer is held back: the tab hydrates, mints its token and reads the member's purchases meanwhile.
  let releaseRenderer = () => {};
  const rendererHeld = new Promise<void>((resolve) => (releaseRenderer = resolve));
  let rendererServed = false;
  const html = await (await page.request.get(`/chat/${sessionId}`)).text();
  const firstLoad = new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((match) => match[1]!));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?.*)?$/, async (route) => {
    if (firstLoad.has(new URL(route.request().url()).pathname)) return route.fallback();
    const response = await route.fetch();
    const body = await response.text();
    if (!body.includes(MARKDOWN_MARKER)) return route.fallback();
    await rendererHeld;
    rendererServed = true;
    return route.fulfill({ response, body });
  });
  await page.goto(`/chat/${sessionId}`);
  const conversation = page.getByRole("log", { name: "Conversation" });
  await expect(conversation.locator("strong", { hasText: "Standing Desk" }).first()).toBeVisible();
  // Meanwhile a message sent from elsewhere changes the member's balance, and the live stream brings it to the header.
  const header = new ChatPage(page).headerBalance;
  await expect(header).toHaveAttribute("data-credits", /^\d+$/, { timeout: 15_000 });
  const before = Number(await header.getAttribute("data-credits"));
  await viewerAsks(request, "And a chair to go with it?");
  await expect(header).not.toHaveAttribute("data-credits", String(before), { timeout: 15_000 });
  expect(rendererServed).toBe(false);
  releaseRenderer();
  await expect.poll(() => rendererServed, { timeout: 15_000 }).toBe(true);
  // Once the renderer is here the messages hydrate in place: their actions work.
  const actions = conversation.getByRole("group", { name: "Message actions" }).last();
  await actions.getByRole("button", { name: "Good answer" }).click();
  await expect(actions.getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");
  expect(await page.evaluate(() => (window as unknown as { __conversationFlashes: { messages: boolean; skeletonAgain: number } }).__conversationFlashes)).toEqual({
    messages: true,
    skeletonAgain: 0,
  });
  await page.screenshot({ path: "test-results/chat-stored-conversation-hydrated-390-dark.png" });
  await context.close();
});

test("while a conversation opened from the list shows its skeleton, the line under it waits hidden, and comes with the messages", async ({ browser, request }) => {
  const { sessionId } = await viewerAsks(request, "Can a person help me pick a desk?");
  const context = await browser.newContext({ storageState: await sessionOf(browser, "viewer"), viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  const page = await context.newPage();
  const failures = pageErrorsBesidesRefusedCode(page);
  // The renderer is held back (not refused): the conversation opened in the tab shows its skeleton until it comes.
  let releaseRenderer = () => {};
  const rendererHeld = new Promise<void>((resolve) => (releaseRenderer = resolve));
  await page.route(/\/_next\/static\/chunks\/.*\.js(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes(MARKDOWN_MARKER)) await rendererHeld;
    return route.fulfill({ response, body });
  });
  await page.goto("/chat");
  // "Talk to a person" has its code here (it is not held back), so only the skeleton keeps it out of sight.
  // Both waits count: while the messages are read, and once they are here but their renderer is not.
  const historyRead = page.waitForResponse((response) => response.url().includes(`/api/chat/history?sessionId=${sessionId}`));
  await page.getByRole("navigation", { name: "Conversation list" }).locator(`a[href="/chat/${sessionId}"]`).click();
  const skeleton = page.getByRole("status", { name: "Loading conversation" });
  await expect(skeleton).toBeVisible();
  await historyRead;
  // The conversation has its messages to show: neither an empty conversation nor the messages as plain text.
  await page.waitForTimeout(500);
  await expect(skeleton).toBeVisible();
  await expect(page.getByTestId("message-content")).toHaveCount(0);
  const line = page.getByTestId("handoff-status");
  await expect(line).toHaveCount(1);
  await expect(line).toBeHidden();
  await page.screenshot({ path: "test-results/chat-opened-skeleton-1280-light.png" });

  releaseRenderer();
  const conversation = page.getByRole("log", { name: "Conversation" });
  await expect(conversation.locator("strong", { hasText: "Standing Desk" }).first()).toBeVisible();
  await expect(skeleton).toHaveCount(0);
  await expect(line.getByRole("button", { name: "Talk to a person" })).toBeVisible();
  expect(failures).toEqual([]);
  await context.close();
});

test("an answer whose Markdown renderer cannot be downloaded shows as written, and as Markdown once the renderer comes", async ({ browser, request }) => {
  const { sessionId, response } = await viewerAsks(request, "Can a person help me pick a desk?");
  expect(response).toContain("**Standing Desk**");

  const context = await browser.newContext({ storageState: await sessionOf(browser, "viewer"), viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const page = await context.newPage();
  const failures = pageErrorsBesidesRefusedCode(page);
  const rendererCode = await refuseChunksContaining(page, MARKDOWN_MARKER);
  await page.goto(`/chat/${sessionId}`);
  const answer = page.getByTestId("message-content").filter({ hasText: "Standing Desk" }).last();
  // Readable as written, with the rest of the chat working around it.
  await expect(answer).toContainText("**Standing Desk**");
  await expect(page.getByLabel("Message", { exact: true })).toBeEditable();
  expect(failures).toEqual([]);
  await page.screenshot({ path: "test-results/chat-markdown-unavailable-390-dark.png" });

  rendererCode.allow();
  await page.reload();
  await expect(answer.locator("strong", { hasText: "Standing Desk" })).toBeVisible();
  await context.close();
});

test("a stored answer whose actions' code cannot be downloaded shows without them, and they come once it can, without a reload", async ({ browser, request }) => {
  const { sessionId, response } = await viewerAsks(request, "Can a person help me pick a desk?");
  expect(response).toContain("**Standing Desk**");

  const context = await browser.newContext({ storageState: await sessionOf(browser, "viewer"), viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  const page = await context.newPage();
  const failures = pageErrorsBesidesRefusedCode(page);
  // The answer's actions (copy, rating, cost, regenerate) are one chunk, by one of its labels.
  const actionsCode = await refuseChunksContaining(page, "Cost of this answer");
  await page.goto(`/chat/${sessionId}`);
  const conversation = page.getByRole("log", { name: "Conversation" });
  await expect(conversation.locator("strong", { hasText: "Standing Desk" }).first()).toBeVisible();
  // The server sent the actions with the page; without their code the tab leaves them out rather than
  // keep buttons that do nothing, and the rest of the chat works.
  await expect(conversation.getByRole("group", { name: "Message actions" })).toHaveCount(0);
  await expect(page.getByLabel("Message", { exact: true })).toBeEditable();
  expect(failures).toEqual([]);
  await page.screenshot({ path: "test-results/chat-actions-unavailable-1280-light.png" });

  // The network stays down a while: every download the tab starts meanwhile fails (a refresh of the
  // conversation's data may start one). Then it is back, and the tab downloads the code again by
  // itself (2 s after a failure, then 4 s, …): the actions come, and work.
  await page.waitForTimeout(4_000);
  actionsCode.allow();
  const actions = conversation.getByRole("group", { name: "Message actions" }).last();
  await expect(actions.getByRole("button", { name: "Good answer" })).toBeVisible({ timeout: 25_000 });
  await actions.getByRole("button", { name: "Good answer" }).click();
  await expect(actions.getByRole("button", { name: "Good answer" })).toHaveAttribute("aria-pressed", "true");
  expect(failures).toEqual([]);
  await page.screenshot({ path: "test-results/chat-actions-back-1280-light.png" });
  await context.close();
});

test("the sign-in form's rules load after the form: a check before they can be downloaded says so, and the next try validates", async ({ browser }) => {
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  expect(await firstLoadScriptsOf(page, "/login")).not.toContain(SCHEMA_LIBRARY_MARKER);
  // Only the scripts the page's HTML names get through: the rules (and next-auth's client) cannot load.
  const html = await (await page.request.get("/login")).text();
  const named = new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((match) => match[1]!));
  await page.route(/\/_next\/static\/chunks\/.*\.js$/, (route) => (named.has(new URL(route.request().url()).pathname) ? route.continue() : route.abort()));
  const login = new LoginPage(page);
  await login.goto();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await login.fill("not-an-email", "whatever");
  await expect(page.getByText("Cannot reach the server. Check your connection.")).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);

  await page.unrouteAll();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Cannot reach the server. Check your connection.")).toHaveCount(0);
  // And with the rules and next-auth's client there now, signing in works.
  await login.fill(DEMO.admin, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/dashboard$/);
  await visitor.close();
});

