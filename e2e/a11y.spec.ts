import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { expectAccessible, picture } from "./fixtures/page-checks";
import { DEMO, LoginPage } from "./pages/login-page";

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
  { role: "admin", path: "/dashboard" },
  { role: "admin", path: "/users" },
  { role: "admin", path: "/settings" },
  { role: "admin", path: "/audit" },
  { role: "admin", path: "/inbox" },
  { role: "admin", path: "/feedback" },
  { role: "admin", path: "/purchases" },
  { role: "admin", path: "/chat" },
  { role: "editor", path: "/products" },
  { role: "editor", path: "/products/new" },
  { role: "editor", path: "/products/:productId" },
  { role: "approver", path: "/approvals" },
  { role: "viewer", path: "/chat" },
  { role: "viewer", path: "/purchases" },
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

/** Each page at each width in each scheme: no serious or critical axe finding, nothing wider than the window. */
async function checkPages(page: Page, testInfo: TestInfo, role: keyof typeof DEMO | null) {
  const pages = A11Y_PAGES.filter((entry) => entry.role === role);
  const productId = pages.some((entry) => entry.path.includes(":productId")) ? await firstProductId(page) : null;
  for (const { path: pattern } of pages) {
    const path = productId ? pattern.replace(":productId", productId) : pattern;
    const pathname = new URL(path, "http://app").pathname;
    const name = `${role ?? "public"}-${pattern === "/" ? "home" : pattern.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}`;
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: "light" });
      await page.goto(path);
      await expect(page).toHaveURL((url) => url.pathname === pathname);
      await settled(page);
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
      await new LoginPage(page).signInAs(role);
      await checkPages(page, testInfo, role);
    });
  }
});
