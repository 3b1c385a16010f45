import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible, picture } from "./fixtures/page-checks";
import { DEMO, signInDirectlyAs } from "./pages/login-page";

/**
 * Every page, as the role that uses it: `null` is signed out. A `:productId` in a path is a product
 * of the demo business, read from the products list once the role is signed in. Add a page here and
 * it is checked in both colour schemes at both widths.
 */
export const A11Y_PAGES: readonly { role: keyof typeof DEMO | null; path: string }[] = [
  { role: null, path: "/" },
  { role: null, path: "/login" },
  { role: null, path: "/register" },
  { role: null, path: "/catalog" },
  { role: null, path: "/shop/demo-outfitters" },
  { role: null, path: "/widget-demo" },
  { role: null, path: "/forgot-password" },
  { role: null, path: "/reset-password" },
  { role: null, path: "/confirm-email" },
  { role: "admin", path: "/dashboard" },
  { role: "admin", path: "/users" },
  { role: "admin", path: "/settings" },
  { role: "admin", path: "/audit" },
  { role: "admin", path: "/inbox" },
  { role: "admin", path: "/feedback" },
  { role: "admin", path: "/purchases" },
  { role: "admin", path: "/chat" },
  { role: "admin", path: "/account" },
  { role: "editor", path: "/products" },
  { role: "editor", path: "/products/new" },
  { role: "editor", path: "/products/:productId" },
  { role: "approver", path: "/approvals" },
  { role: "viewer", path: "/chat" },
  { role: "viewer", path: "/purchases" },
  { role: "viewer", path: "/account" },
];

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const SCHEMES = ["light", "dark"] as const;

/** A product of the demo business, as the signed-in role's products list shows it. */
async function firstProductId(page: Page): Promise<string> {
  await page.goto("/products");
  const row = page.locator("[data-product-id]").first();
  await expect(row).toBeVisible();
  return (await row.getAttribute("data-product-id"))!;
}

/** The page has its heading and has finished loading what it shows first. */
async function settled(page: Page) {
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** Resize observers and media-query listeners have run and the browser has painted what they changed. */
async function relaidOut(page: Page) {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  );
}

/** Each page at each width in each scheme: no serious or critical axe finding, nothing wider than the window. */
async function checkPages(page: Page, testInfo: TestInfo, role: keyof typeof DEMO | null) {
  // The colours are checked as they settle: with reduced motion the app's colour transitions end at
  // once when the scheme switches, so axe cannot read a control half-way (a busy machine could start a
  // 150 ms transition after the wait for running ones had looked, and axe then measured its first frames).
  await page.emulateMedia({ reducedMotion: "reduce" });
  const pages = A11Y_PAGES.filter((entry) => entry.role === role);
  const productId = pages.some((entry) => entry.path.includes(":productId")) ? await firstProductId(page) : null;
  for (const { path: pattern } of pages) {
    const path = productId ? pattern.replace(":productId", productId) : pattern;
    const pathname = new URL(path, "http://app").pathname;
    const name = `${role ?? "public"}-${pattern === "/" ? "home" : pattern.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}`;
    // Loaded once at the first width, then resized to the other: the app follows the window's width
    // (CSS, media-query listeners, resize observers), and a second load would only repeat the server's work.
    await page.setViewportSize(WIDTHS[0]);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(path);
    await expect(page).toHaveURL((url) => url.pathname === pathname);
    await settled(page);
    for (const viewport of WIDTHS) {
      if (viewport !== WIDTHS[0]) {
        await page.emulateMedia({ colorScheme: "light" });
        await page.setViewportSize(viewport);
        await relaidOut(page);
        await settled(page);
      }
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const label = `${path} at ${viewport.width} px, ${colorScheme}:`;
        await expectAccessible(page, label);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${label} the page is ${scrollWidth} px wide`).toBeLessThanOrEqual(viewport.width);
        await picture(page, testInfo, `a11y-${name}-${viewport.width}-${colorScheme}`);
      }
    }
  }
}

test.describe("every page in light and dark, at 1280 and 390 px", () => {
  test("signed out", async ({ page }, testInfo) => {
    test.setTimeout(60_000 + 30_000 * A11Y_PAGES.filter((entry) => entry.role === null).length);
    await checkPages(page, testInfo, null);
  });

  for (const role of Object.keys(DEMO) as (keyof typeof DEMO)[]) {
    test(`signed in as ${role}`, async ({ page }, testInfo) => {
      test.setTimeout(60_000 + 30_000 * A11Y_PAGES.filter((entry) => entry.role === role).length);
      await signInDirectlyAs(page, role);
      await checkPages(page, testInfo, role);
    });
  }
});

test("on a phone a list's rows are cards and its filters wait behind a Filters button", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInDirectlyAs(page, "admin");
  await page.goto("/users");
  const table = page.getByRole("table", { name: "Users" });
  await expect(table.getByRole("row").filter({ hasText: DEMO.viewer })).toHaveCount(1);

  const search = page.getByRole("searchbox", { name: "Search users" });
  const filters = page.getByRole("button", { name: /^Filters/ });
  await expect(search).toBeHidden();
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  await filters.click();
  await expect(filters).toHaveAttribute("aria-expanded", "true");
  await search.fill("approver");
  await expect(table.getByRole("row").filter({ hasText: DEMO.viewer })).toHaveCount(0);
  await expect(filters).toHaveAccessibleName(/^Filters\s*\(1\)$/);

  // One card per user, as wide as the screen allows; its cells still hold only their values.
  const card = table.getByRole("row").filter({ hasText: DEMO.approver });
  await expect(card.getByRole("rowheader")).toHaveText("April Approver");
  await expect(card.getByRole("cell").filter({ hasText: /^[\d,]+$/ })).toHaveCount(1); // the credits, without their label
  const box = (await card.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await picture(page, testInfo, "a11y-phone-users-filtered");

  // Closed and opened again, the panel keeps what was typed.
  await filters.click();
  await expect(search).toBeHidden();
  await filters.click();
  await expect(search).toHaveValue("approver");
});
