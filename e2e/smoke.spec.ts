import { expect, test } from "@playwright/test";

test("the landing page lists a seeded approved product to a signed-out visitor", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText("Standing Desk", { exact: true }).first()).toBeVisible();
  // Drafts and pending products are never on the public catalog.
  await expect(page.getByText("Cordless Drill")).toHaveCount(0);
  await page.screenshot({ path: "test-results/landing.png", fullPage: true });
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
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
  const page = (await request.get("/")).headers()["content-security-policy"];
  expect(page).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(page).not.toContain("unsafe-inline' 'strict");
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
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  expect(violations).toEqual([]);
});
