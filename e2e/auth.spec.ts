import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { recordTokens, tokensRefused } from "./fixtures/api";
import { accountButton, DEMO, DEMO_PASSWORD, LoginPage, ROLE_HOME, signInDirectly, signInDirectlyAs, signOut } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

const roles = Object.keys(DEMO) as (keyof typeof DEMO)[];

for (const role of roles) {
  test(`the demo ${role} signs in at /login and lands on ${ROLE_HOME[role]}`, async ({ page }) => {
    const login = new LoginPage(page);
    await login.goto();
    await expect(page.getByLabel("Email", { exact: true })).toBeVisible();
    await login.fill(DEMO[role], DEMO_PASSWORD);
    await expect(page).toHaveURL(new RegExp(`${ROLE_HOME[role]}$`));
    await expect(accountButton(page)).toBeVisible();
  });
}

test("a wrong password shows an inline error and stays on /login", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.fill(DEMO.viewer, "not-the-password");
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  // Client-side validation answers before any request for an obviously bad email.
  await page.getByLabel("Email", { exact: true }).fill("not an email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
});

test("a visitor's /login is the Pages Router's page: its form runs under the page's CSP, its links lead on; inside the app /login is the App Router's", async ({ page }) => {
  const refused: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await page.goto("/login?reset=1");
  // Next's Pages Router runs the page (its data in __NEXT_DATA__), not the App Router (its stream of RSC payload).
  expect(await page.evaluate(() => Boolean(document.getElementById("__NEXT_DATA__")) && !("__next_f" in window))).toBe(true);
  await expect(page.getByRole("status")).toHaveText("Your password was changed. Sign in with the new one.");
  // The fields open once the form's script runs, which it does only with the page's nonce.
  await expect(page.getByLabel("Email", { exact: true })).toBeEnabled();
  // Checked as typed after the first try, and the first bad field takes the focus.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Email", { exact: true })).toBeFocused();
  await expect(page.getByText("Password is required.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill("typed");
  await expect(page.getByText("Password is required.")).toHaveCount(0);
  expect(refused).toEqual([]);
  await page.screenshot({ path: "test-results/login-visitor.png" });

  for (const [name, path] of [
    ["Forgot your password?", "/forgot-password"],
    ["Create an account", "/register"],
  ] as const) {
    await page.goto("/login");
    await page.getByRole("main").getByRole("link", { name }).click();
    await expect(page, name).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("main").getByRole("heading", { level: 1 }), name).toBeVisible();
  }
  // From /register (the App Router's page) to /login is a navigation inside the app: the App Router's copy, which signs in the same.
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await page.evaluate(() => "__next_f" in window)).toBe(true);
  await new LoginPage(page).fill(DEMO.editor, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/products$/);
  expect(refused).toEqual([]);
});

test("signed-out visitors are sent to /login, and back to the page they wanted after signing in", async ({ page }) => {
  await page.goto("/purchases");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fpurchases$/);
  await new LoginPage(page).fill(DEMO.viewer, DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/purchases$/);
});

test("each role is sent home from pages it may not use, and told why, once", async ({ page }) => {
  await new LoginPage(page).signInAs("viewer");
  const notice = page.locator("[data-sonner-toast]");
  // The toasts' region, there once their code has come: a toast raised before waits for it.
  const toasts = page.getByRole("region", { name: /^Notifications/ });
  const refused = [
    ["/users", "Users is only for admins"],
    ["/dashboard", "Dashboard is only for admins"],
    ["/approvals", "Approvals is only for admins and approvers"],
    ["/products/3f1c1f2e-8d9a-4f5e-9c61-0a2b3c4d5e6f", "Products is only for admins, editors, and approvers"],
  ] as const;
  for (const [path, why] of refused) {
    const arrived = await page.goto(path);
    await expect(page, path).toHaveURL(/\/chat$/);
    // The start page's HTML carries the notice; the toast says it.
    expect(await arrived!.text(), path).toContain(why);
    await expect(notice, path).toContainText(`${why}, so you’re on your start page instead.`);
  }
  await page.screenshot({ path: "test-results/auth-refused-page-notice.png" });
  // The notice came with that one arrival: a reload's page carries none, and no toast says one.
  const reloaded = await page.reload();
  expect(await reloaded!.text()).not.toContain("is only for");
  await expect(toasts).toBeAttached();
  await expect(notice).toHaveCount(0);
  // Sent from the sign-in page while signed in is no refusal: nothing to say.
  const fromLogin = await page.goto("/login");
  await expect(page).toHaveURL(/\/chat$/);
  expect(await fromLogin!.text()).not.toContain("is only for");
});

test("the editor's and the approver's start pages say which page they were sent from", async ({ browser }) => {
  for (const [role, path, why] of [
    ["editor", "/approvals", "Approvals is only for admins and approvers"],
    ["approver", "/products/new", "New product is only for admins and editors"],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInDirectlyAs(page, role);
    await page.goto(path);
    await expect(page, role).toHaveURL(new RegExp(`${ROLE_HOME[role]}$`));
    await expect(page.locator("[data-sonner-toast]"), role).toContainText(`${why}, so you’re on your start page instead.`);
    await context.close();
  }
});

test("a reload keeps the user signed in, and no token is kept in web storage", async ({ page }) => {
  const tokens = recordTokens(page);
  await new LoginPage(page).signInAs("editor");
  await expect.poll(() => tokens.length).toBeGreaterThan(0);
  await page.reload();
  await expect(page).toHaveURL(/\/products$/);
  await expect(accountButton(page)).toBeVisible();
  await expect.poll(() => tokens.length).toBeGreaterThan(1);

  const stored = await page.evaluate(() => {
    const dump = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i)!)}`);
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join("\n");
  });
  for (const { access, refresh } of tokens) {
    expect(stored).not.toContain(access);
    expect(stored).not.toContain(refresh);
  }
  // No JWT of any kind (three base64url segments starting with a JSON header).
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
});

test("after the access token expires the next action still works, with exactly one refresh: the live stream's, as its token ran out", async ({ page, request }) => {
  test.setTimeout(150_000);
  const tokens = recordTokens(page);
  const refreshes: number[] = [];
  page.on("request", (sent) => {
    if (new URL(sent.url()).pathname === "/api/auth/refresh") refreshes.push(Date.now());
  });
  await new LoginPage(page).signInAs("admin");
  const users = new UsersPage(page);
  await users.goto();
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  await expect.poll(() => tokens.length).toBeGreaterThan(0);
  const held = tokens.at(-1)!.access;

  // Wait until the server itself refuses the token the page holds (the e2e server's access lifetime is short).
  await expect
    .poll(async () => (await request.get("/api/auth/me", { headers: { authorization: `Bearer ${held}` } })).status(), {
      timeout: 120_000,
      intervals: [1_000],
    })
    .toBe(401);
  // The live stream ends with the token that opened it and reconnects with a renewed one: one refresh,
  // which the tab's requests then share.
  await expect.poll(() => refreshes.length).toBe(1);

  const code = await users.createInvite("viewer");
  expect(code.length).toBeGreaterThanOrEqual(22);
  expect(refreshes).toHaveLength(1);
  await expect(page).toHaveURL(/\/users$/);
});

test("someone new creates a business at /register and lands on the admin home; a sign-out in another tab ends every token the tab held", async ({ page, request }) => {
  const tokens = recordTokens(page);
  await page.goto("/register");
  await expect(page.getByRole("radio", { name: /Create a business/ })).toBeChecked();
  await page.getByLabel("Name", { exact: true }).fill("Nora New");
  await page.getByLabel("Email", { exact: true }).fill(`nora-${randomUUID().slice(0, 8)}@example.test`);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Business name", { exact: true }).fill(`Nora's Nursery ${randomUUID().slice(0, 4)}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 8 characters.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(accountButton(page)).toBeVisible();

  // The sign-up answered with API tokens; the tab also minted its own from the browser session. Signing
  // out in another tab ends that session: the tab follows to /login, and none of its tokens works any more.
  await expect.poll(() => tokens.length).toBeGreaterThan(1);
  const otherTab = await page.context().newPage();
  await otherTab.goto("/account");
  await signOut(otherTab);
  await expect(otherTab).toHaveURL(/\/login/);
  await expect(page).toHaveURL(/\/login/);
  expect(await tokensRefused(request, tokens)).toEqual(tokens.map(() => true));
});

test("registering with a taken email shows the error inline", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill("Copy Cat");
  await page.getByLabel("Email", { exact: true }).fill(DEMO.viewer.toUpperCase());
  await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await page.getByLabel("Business name", { exact: true }).fill("Copycats");
  await page.getByRole("button", { name: "Create account" }).click();
  // The message never confirms that the address has an account (it may be in another business).
  await expect(page.getByText("This email cannot be used for a new account. If you already have an account, sign in instead.")).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});

test("signing out ends the browser session everywhere: a copy of its cookie and its other tab are signed out, another browser is not", async ({ browser, page }) => {
  const email = `leaving-${randomUUID().slice(0, 8)}@example.test`;
  const password = "a long enough passphrase";
  const registered = await page.request.post("/api/auth/register", { data: { email, password, name: "Lee Leaving", businessName: `Leaving ${randomUUID().slice(0, 6)}` } });
  expect(registered.status(), await registered.text()).toBe(201);
  await signInDirectly(page, email, password, "/dashboard");
  const otherTab = await page.context().newPage();
  const otherTabTokens = recordTokens(otherTab);
  await otherTab.goto("/account");
  await expect(otherTab.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect.poll(() => otherTabTokens.length).toBeGreaterThan(0);

  // Someone copied the session cookie into a browser of their own; the owner also has a second browser.
  const copy = await browser.newContext();
  await copy.addCookies(await page.context().cookies());
  const copyTab = await copy.newPage();
  await copyTab.goto("/dashboard");
  await expect(accountButton(copyTab)).toBeVisible();
  const secondBrowser = await browser.newContext();
  const secondTab = await secondBrowser.newPage();
  await signInDirectly(secondTab, email, password, "/dashboard");

  await signOut(page);
  await expect(page).toHaveURL(/\/login/);

  await copyTab.reload();
  await expect(copyTab).toHaveURL(/\/login/);
  await expect(copyTab.getByRole("button", { name: "Sign in" })).toBeVisible();
  // The other tab follows to /login; the API tokens it held were minted from the same session and end with it.
  await expect(otherTab).toHaveURL(/\/login/);
  const { access, refresh } = otherTabTokens.at(-1)!;
  expect((await copy.request.get("/api/auth/me", { headers: { Authorization: `Bearer ${access}` } })).status()).toBe(401);
  expect((await copy.request.post("/api/auth/refresh", { data: { refresh } })).status()).toBe(401);

  await secondTab.reload();
  await expect(secondTab).toHaveURL(/\/dashboard$/);
  await expect(accountButton(secondTab)).toBeVisible();
  await Promise.all([copy.close(), secondBrowser.close()]);
});
