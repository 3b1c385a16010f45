import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { registerBusiness } from "./pages/admin-pages";
import { accountButton, DEMO, DEMO_PASSWORD, LoginPage, signInDirectly } from "./pages/login-page";
import { FrontPage, ShopProductPage, StorefrontPage } from "./pages/shop-page";
import { apiToken } from "./fixtures/api";

const DEMO_SHOP = { name: "Demo Outfitters", slug: "demo-outfitters" };
const XSS = "<img src=x onerror=\"window.__xss=1\">";

/** A letters-only suffix: unique per run and one plain word for full-text search. */
function suffix(): string {
  return randomUUID()
    .replace(/-/g, "")
    .slice(0, 8)
    .replace(/[0-9]/g, (digit) => "ghijklmnop"[Number(digit)]!);
}

/** A solid-colour picture, made here so the upload goes through the real resize pipeline. */
function picture(background: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background } }).png().toBuffer();
}

type Made = { id: string; name: string; alts: string[] };

/**
 * An approved Lighting product of the demo business with two images, made the way staff make one:
 * the editor creates it, uploads the pictures with alt text and submits; the approver publishes it.
 */
async function publishLamp(request: APIRequestContext): Promise<Made> {
  const name = `Aurora Lamp ${suffix()}`;
  const editor = { authorization: `Bearer ${await apiToken(request, DEMO.editor)}` };
  const created = await request.post("/api/products", {
    headers: editor,
    data: {
      name,
      description: `**Dimmable** LED lamp for reading corners.\n\n- Warm white\n- USB-C powered\n\n${XSS}`,
      price: "64.00",
      category: "Lighting",
      stock: 3,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const alts = [`${name} seen from the front`, `${name} glowing at night`];
  const colours = [
    { r: 240, g: 200, b: 80 },
    { r: 40, g: 60, b: 140 },
  ];
  for (const [index, alt] of alts.entries()) {
    const uploaded = await request.post(`/api/products/${id}/images`, {
      headers: editor,
      multipart: { file: { name: `lamp-${index}.png`, mimeType: "image/png", buffer: await picture(colours[index]!) }, alt },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
  }
  expect((await request.post(`/api/products/${id}/submit`, { headers: editor })).status()).toBe(200);
  const approver = { authorization: `Bearer ${await apiToken(request, DEMO.approver)}` };
  const approved = await request.post(`/api/products/${id}/approve`, { headers: approver });
  expect(approved.status(), await approved.text()).toBe(200);
  return { id, name, alts };
}

async function expectNoScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

let lamp: Made;

test.beforeAll(async ({ request }) => {
  lamp = await publishLamp(request);
});

test("a signed-out shopper finds the demo storefront on /, filters by category and price, and opens a product's gallery", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const front = new FrontPage(page);
  await front.goto();
  await expect(page.getByRole("main").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Create an account" })).toBeVisible();
  await expect(front.storefrontLink(DEMO_SHOP.name)).toBeVisible();
  await page.screenshot({ path: "test-results/shop-front-1280.png", fullPage: true });

  await front.storefrontLink(DEMO_SHOP.name).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${DEMO_SHOP.slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: DEMO_SHOP.name })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(DEMO_SHOP.name));

  const shop = new StorefrontPage(page);
  await expect(shop.products.getByRole("listitem")).toHaveCount(20);
  await shop.filter({ category: "Lighting", minPrice: "40", maxPrice: "70" });
  await expect(page).toHaveURL(/category=Lighting/);
  await expect(page).toHaveURL(/minPrice=40/);
  await expect(page).toHaveURL(/maxPrice=70/);
  // The demo's Desk Lamp ($79) and Ring Light ($39) are Lighting too, but outside the range.
  await expect(shop.card(lamp.name)).toBeVisible();
  await expect(shop.card("Desk Lamp")).toHaveCount(0);
  await expect(shop.card("Ring Light")).toHaveCount(0);
  for (const price of await shop.prices()) {
    const amount = Number(price.replace(/[$,]/g, ""));
    expect(amount).toBeGreaterThanOrEqual(40);
    expect(amount).toBeLessThanOrEqual(70);
  }
  await expect(shop.summary).toContainText("in Lighting");
  const card = shop.card(lamp.name);
  await expect(card.getByText("Only 3 left")).toBeVisible();
  await expect(card.getByRole("img", { name: lamp.alts[0] })).toBeVisible();
  await expect(card.getByRole("img", { name: lamp.alts[0] })).toHaveAttribute("srcset", /480w/);
  await page.screenshot({ path: "test-results/shop-storefront-1280.png", fullPage: true });

  // A page past the end says so and offers the last page instead of contradicting itself.
  await shop.goto(DEMO_SHOP.slug, "?category=Lighting&page=9");
  await expect(page.getByRole("heading", { name: "No more products" })).toBeVisible();
  await page.getByRole("link", { name: "Go to page 1" }).click();
  await expect(shop.card(lamp.name)).toBeVisible();

  await shop.card(lamp.name).getByRole("link", { name: lamp.name }).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${DEMO_SHOP.slug}/${lamp.id}$`));
  const product = new ShopProductPage(page);
  await expect(product.heading(lamp.name)).toBeVisible();
  await expect(product.stock).toHaveText("Only 3 left");
  await expect(page.getByLabel("Price $64.00")).toBeVisible();
  await expect(product.mainImage()).toHaveAttribute("alt", lamp.alts[0]!);
  await expect(product.mainImage()).toHaveJSProperty("complete", true);
  expect(await product.mainImage().evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
  await expect(product.thumbnails).toHaveCount(2);
  await expect(product.thumbnails.nth(0)).toHaveAttribute("aria-current", "true");
  // The visitor's page runs no script: a thumbnail is a link to the page showing that image.
  await product.thumbnails.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${DEMO_SHOP.slug}/${lamp.id}\\?image=2$`));
  await expect(product.thumbnails.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(product.thumbnails.nth(0)).not.toHaveAttribute("aria-current");
  await expect(product.mainImage()).toHaveAttribute("alt", lamp.alts[1]!);
  // The description is Markdown, rendered safely: the bold is bold, the HTML stays text.
  await expect(page.locator("strong", { hasText: "Dimmable" })).toBeVisible();
  await expect(page.getByText("USB-C powered")).toBeVisible();
  await expectNoScriptRan(page);
  // Signed out: only the way in, never Buy.
  await expect(page.getByRole("link", { name: "Sign in to buy" })).toHaveAttribute("href", `/login?callbackUrl=${encodeURIComponent(`/shop/${DEMO_SHOP.slug}/${lamp.id}`)}`);
  await expect(page.getByRole("button", { name: "Buy", exact: true })).toHaveCount(0);
  const ogImage = await page.locator('meta[property="og:image"]').getAttribute("content");
  expect(ogImage).toMatch(new RegExp(`/api/products/${lamp.id}/images/[0-9a-f-]+/\\d+$`));
  await page.screenshot({ path: "test-results/shop-product-1280.png", fullPage: true });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/shop-product-390.png", fullPage: true });
  await shop.goto(DEMO_SHOP.slug);
  await expect(shop.products.getByRole("listitem").first()).toBeVisible();
  await page.screenshot({ path: "test-results/shop-storefront-390.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "test-results/shop-storefront-390-dark.png", fullPage: true });
});

test("a viewer signs in from the product page, buys 2, and finds the purchase in /purchases; the assistant opens with the product", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const product = new ShopProductPage(page);
  await page.goto(`/shop/${DEMO_SHOP.slug}/${lamp.id}`);
  await page.getByRole("link", { name: "Sign in to buy" }).click();
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await new LoginPage(page).fill(DEMO.viewer, DEMO_PASSWORD);
  // Back where the shopper was, now able to buy.
  await expect(page).toHaveURL(new RegExp(`/shop/${DEMO_SHOP.slug}/${lamp.id}$`));
  // The header arrives rendered: a click before its code has run opens nothing, so it is tried again.
  const storefrontLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Storefront" });
  await expect(async () => {
    if (!(await storefrontLink.isVisible())) await accountButton(page).click();
    await expect(storefrontLink).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(storefrontLink).toHaveAttribute("href", `/shop/${DEMO_SHOP.slug}`);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("link", { name: "Sign in to buy" })).toHaveCount(0);
  // A member's page follows a thumbnail in place: the address names the image, the page is not reloaded.
  await page.evaluate(() => ((window as unknown as { samePage?: boolean }).samePage = true));
  await product.thumbnails.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/shop/${DEMO_SHOP.slug}/${lamp.id}\\?image=2$`));
  await expect(product.thumbnails.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(product.mainImage()).toHaveAttribute("alt", lamp.alts[1]!);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);

  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Buy", exact: true }).click();
  const confirmation = page.getByRole("region", { name: "Confirm your purchase" });
  await expect(confirmation.getByText("$128.00")).toBeVisible();
  await page.screenshot({ path: "test-results/shop-buy-1280.png", fullPage: true });
  // The purchase goes through but its answer is lost on the way back.
  await page.route("**/api/purchases", async (route) => {
    await route.fetch();
    await route.abort("connectionreset");
  });
  await confirmation.getByRole("button", { name: "Confirm purchase" }).click();
  await expect(confirmation.getByRole("alert")).toBeVisible();
  await page.unrouteAll();
  // Cancel and Buy the same quantity again: the same confirmation, answered with the purchase already made.
  await confirmation.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Buy", exact: true }).click();
  await confirmation.getByRole("button", { name: "Confirm purchase" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Purchased 2 × ${lamp.name} for $128.00.` })).toBeVisible();
  // The page is re-rendered with the new stock.
  await expect(product.stock).toHaveText("Only 1 left");

  await page.getByRole("link", { name: "See your purchases" }).click();
  await expect(page).toHaveURL(/\/purchases$/);
  const row = page.getByTestId("purchase-row").filter({ hasText: lamp.name });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(0)).toHaveText("2");
  await expect(row).toContainText("$128.00");

  await page.goto(`/shop/${DEMO_SHOP.slug}/${lamp.id}`);
  await page.getByRole("link", { name: "Ask the assistant" }).click();
  await expect(page).toHaveURL(new RegExp(`/chat\\?product=${lamp.id}$`));
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue(`Tell me about ${lamp.name}: `);
  await context.close();
});

test("a member of another business sees neither Buy nor Sign in to buy on the demo storefront", async ({ browser, request }) => {
  const outsider = await registerBusiness(request, "Shopper");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInDirectly(page, outsider.email, outsider.password, "/dashboard");
  await page.goto(`/shop/${DEMO_SHOP.slug}/${lamp.id}`);
  await expect(page.getByText(`Buying here is for members of ${DEMO_SHOP.name}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Buy", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign in to buy" })).toHaveCount(0);
  await context.close();
});
