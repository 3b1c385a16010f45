import { expect, test } from "@playwright/test";

test("the catalog lists seeded approved products and searches them, signed out", async ({ page }) => {
  await page.goto("/catalog");
  const products = page.getByRole("list", { name: "Products" });
  await expect(products.getByRole("listitem").first()).toBeVisible();
  await page.getByLabel("Search products").fill("standing desk");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=standing\+desk/);
  await expect(products.getByText("Standing Desk", { exact: true })).toBeVisible();
  // Drafts, pending and rejected products are never on the public catalog.
  await page.getByLabel("Search products").fill("cordless drill");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No products match your search")).toBeVisible();
});

test("health reports the embedded database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, db: "pglite" });
});

test("pages and API responses carry the security headers", async ({ request }) => {
  for (const path of ["/", "/api/health", "/api/does-not-exist"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], path).toBe("max-age=31536000");
    expect(headers["x-powered-by"], path).toBeUndefined();
    // The API's comes from next.config.ts (the proxy does not run for it): once, and exactly this.
    if (path.startsWith("/api/")) expect(headers["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
  }
  const page = (await request.get("/")).headers()["content-security-policy"];
  const scriptSrc = page?.split(";").map((directive) => directive.trim()).find((directive) => directive.startsWith("script-src"));
  expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[^']+' 'strict-dynamic'$/);
  const unknown = await request.get("/api/does-not-exist");
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toMatchObject({ error: "not_found" });
  expect(unknown.headers()["x-request-id"]).toBeTruthy();
});

test("a page's scripts run under the CSP (the app hydrates)", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  // Only hydrated React answers an empty submit inline; plain HTML would navigate away.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByText("Email is required.")).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect(violations).toEqual([]);
});
