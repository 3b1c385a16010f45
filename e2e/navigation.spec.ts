import { expect, test, type Page } from "@playwright/test";
import { accountButton, signInDirectly, signInDirectlyAs, signOut } from "./pages/login-page";

const LONG_NAME = "Alexandria Catherine Worthing"; // 29 characters, and the role after it

/** An admin of a new business whose name is 30 characters long, signed in in `page`. */
async function signInLongNamedAdmin(page: Page) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `long-name-${suffix}@e2e.test`;
  const password = "e2e-password-123";
  const name = `${LONG_NAME}x`;
  expect(name).toHaveLength(30);
  const response = await page.request.post("/api/auth/register", { data: { email, password, name, businessName: `Long names ${suffix}` } });
  expect(response.status(), await response.text()).toBe(201);
  // The API's answer signed that request in; the page signs in through the form like anyone.
  await page.context().clearCookies();
  await signInDirectly(page, email, password, "/dashboard");
  return { name };
}

test("the admin's navigation fits one line at 1280 px, even with a 30-character name", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { name } = await signInLongNamedAdmin(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  const links = nav.getByRole("link");
  await expect(links.filter({ hasText: "Audit log" })).toBeVisible();
  const account = accountButton(page);
  await expect(account).toBeVisible();
  await expect(account).toHaveAccessibleName(`Account: ${name} (admin)`);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    // Every link, the balance and the account button on one row: the same vertical centre, the bar one row high.
    const boxes = await Promise.all([...(await links.all()), account, page.getByTestId("header-credit-balance")].map((item) => item.boundingBox()));
    const centres = boxes.map((box) => Math.round(box!.y + box!.height / 2));
    expect(Math.max(...centres) - Math.min(...centres), `centres ${centres.join(", ")}`).toBeLessThanOrEqual(2);
    expect((await nav.boundingBox())!.height).toBeLessThan(64);
    // Nothing overlaps: each entry ends before the next begins, the last link before the balance.
    const lefts = boxes.map((box) => box!.x);
    const rights = boxes.map((box) => box!.x + box!.width);
    const order = boxes.map((_, index) => index).sort((a, b) => lefts[a]! - lefts[b]!);
    for (let i = 1; i < order.length; i++) expect(rights[order[i - 1]!]!, `entry ${order[i - 1]} overlaps entry ${order[i]}`).toBeLessThanOrEqual(lefts[order[i]!]! + 0.5);
    // Nothing sideways: the page is no wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: `test-results/nav-1280-long-name-${colorScheme}.png` });
  }
  // The account menu holds the full name, the storefront and Sign out; Escape closes it and returns focus.
  await account.click();
  await expect(nav.getByRole("group", { name: "Account" }).getByText(name, { exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Storefront" })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.screenshot({ path: "test-results/nav-1280-account-menu.png" });
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(account).toBeFocused();
});

test("at 1280 px a name of ordinary length is shown whole in the header, not cut short", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInDirectlyAs(page, "approver");
  const account = accountButton(page);
  await expect(account).toContainText("April Approver");
  const label = account.locator("span").first();
  expect(await label.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
});

test("on a phone a Menu button opens the pages in a drawer, the current one marked", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInDirectlyAs(page, "admin");
  const nav = page.getByRole("navigation", { name: "Main" });
  // The row of pages is not squeezed onto the phone: it waits behind the Menu button.
  await expect(nav.getByRole("link", { name: "Products" })).toBeHidden();
  expect((await nav.boundingBox())!.height).toBeLessThan(64);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/nav-390.png" });

  await nav.getByRole("button", { name: "Menu" }).click();
  const drawer = page.getByRole("dialog", { name: "Menu" });
  await expect(drawer.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await expect(drawer.getByRole("link", { name: "Products" })).not.toHaveAttribute("aria-current");
  await expect(drawer.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.screenshot({ path: "test-results/nav-390-drawer.png" });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/nav-390-drawer-dark.png" });
  await page.emulateMedia({ colorScheme: "light" });

  await drawer.getByRole("link", { name: "Products" }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(drawer).toBeHidden();
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeFocused();
});

test("focus lands on the page heading after each navigation", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInDirectlyAs(page, "admin");
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [label, heading] of [
    ["Products", "Products"],
    ["Approvals", "Approvals"],
    ["Users", "Users"],
  ] as const) {
    await nav.getByRole("link", { name: label, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeFocused();
    await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
  }
  // A link inside the page moves focus too (the link itself is gone with the page it was on).
  await nav.getByRole("link", { name: "Dashboard", exact: true }).click();
  await page.getByRole("link", { name: "Open approvals" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeFocused();
});

test("signing out in one tab signs the member's other tabs out too", async ({ context }) => {
  const first = await context.newPage();
  await signInDirectlyAs(first, "admin");
  const second = await context.newPage();
  // The session's sync between tabs (next-auth's client) loads after the page: wait until this tab has it.
  const syncLoaded = second.waitForResponse(async (response) => response.url().includes("/_next/static/chunks/") && (await response.text()).includes("nextauth.message"));
  await second.goto("/products");
  await expect(second.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await syncLoaded;

  await signOut(first);
  await expect(first).toHaveURL(/\/login/);
  // Without a reload or a click of its own, the other tab leaves the signed-in page.
  await expect(second).toHaveURL(/\/login\?callbackUrl=%2Fproducts/);
});
