import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEFAULT_PAGE_SIZE } from "../lib/pagination";
import { DEMO, DEMO_PASSWORD, LoginPage, signInDirectlyAs } from "./pages/login-page";

type Product = { id: string; name: string; price: string; businessId?: string };

async function apiLogin(request: APIRequestContext, email: string) {
  const response = await request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
  expect(response.status()).toBe(200);
  return (await response.json()) as { access: string; user: { id: string; name: string; business: { id: string } } };
}

async function approvedProduct(request: APIRequestContext, name: string, businessId: string): Promise<Product> {
  const response = await request.get("/api/products", { params: { q: name, pageSize: "50" } });
  expect(response.status()).toBe(200);
  const { results } = (await response.json()) as { results: Product[] };
  const product = results.find((p) => p.name === name && (!p.businessId || p.businessId === businessId));
  expect(product, `seeded product "${name}"`).toBeTruthy();
  return product!;
}

function money(amount: string): string {
  const [whole = "0", fraction = "00"] = amount.split(".");
  return `$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction.padEnd(2, "0")}`;
}

function cents(amount: string): bigint {
  const [whole = "0", fraction = ""] = amount.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}

test("a viewer buys with their token (a retried request buys once) and finds it on /purchases; an admin filters by that viewer", async ({
  page,
  request,
}) => {
  const viewer = await apiLogin(request, DEMO.viewer);
  const product = await approvedProduct(request, "Desk Lamp", viewer.user.business.id);
  const quantity = 7;
  const key = randomUUID();
  const headers = { authorization: `Bearer ${viewer.access}`, "idempotency-key": key };

  const bought = await request.post("/api/purchases", { headers, data: { productId: product.id, quantity, expectedUnitPrice: product.price } });
  expect(bought.status()).toBe(201);
  const purchase = (await bought.json()) as { id: string; total: string; unitPrice: string; productName: string };
  expect(purchase.unitPrice).toBe(product.price);
  expect(cents(purchase.total)).toBe(cents(product.price) * BigInt(quantity));

  // The browser's retry after a lost response: same key, same body → the same purchase, not a second one.
  const retried = await request.post("/api/purchases", { headers, data: { productId: product.id, quantity, expectedUnitPrice: product.price } });
  expect(retried.status()).toBe(200);
  expect(((await retried.json()) as { id: string }).id).toBe(purchase.id);

  const created = await request.post("/api/chat/sessions", {
    headers: { authorization: `Bearer ${viewer.access}` },
    data: { title: "Lighting for the office" },
  });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string };
  const chair = await approvedProduct(request, "Ergonomic Office Chair", viewer.user.business.id);
  const linkedResponse = await request.post("/api/purchases", {
    headers: { authorization: `Bearer ${viewer.access}`, "idempotency-key": randomUUID() },
    data: { productId: chair.id, quantity: 1, sessionId: session.id, expectedUnitPrice: chair.price },
  });
  expect(linkedResponse.status()).toBe(201);
  const linked = (await linkedResponse.json()) as { productName: string; sessionId: string };
  expect(linked.sessionId).toBe(session.id);

  const login = new LoginPage(page);
  await login.signInAs("viewer");
  await page.goto("/purchases");
  await expect(page.getByRole("heading", { level: 1, name: "Purchases" })).toBeVisible();
  const row = page.getByTestId("purchase-row").filter({ hasText: product.name }).filter({ hasText: money(purchase.total) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(0)).toHaveText(String(quantity));
  await expect(row).toContainText(money(product.price));
  // A viewer sees only their own purchases: no buyer column, no user filter, no totals.
  await expect(page.getByRole("columnheader", { name: "Buyer" })).toHaveCount(0);
  await expect(page.getByLabel("User")).toHaveCount(0);
  await page.screenshot({ path: "test-results/purchases-viewer.png", fullPage: true });

  // A purchase confirmed from a conversation links back to it.
  const linkedRow = page.getByTestId("purchase-row").filter({ has: page.locator(`a[href="/chat/${session.id}"]`) });
  await expect(linkedRow).toHaveCount(1);
  await expect(linkedRow).toContainText(linked.productName);
  await expect(linkedRow.getByRole("link", { name: `Open the conversation for ${linked.productName}` })).toBeVisible();

  await page.context().clearCookies();
  await login.signInAs("admin");
  await page.goto("/purchases");
  await expect(page.getByRole("columnheader", { name: "Buyer" })).toBeVisible();
  const userFilter = page.getByLabel("User");
  await expect(userFilter).toBeEnabled();
  await expect(page.getByTestId("purchases-total-revenue")).toBeVisible();
  const allRevenue = await page.getByTestId("purchases-total-revenue").textContent();

  await userFilter.selectOption({ label: `${viewer.user.name} (${DEMO.viewer})` });
  await expect(page).toHaveURL(new RegExp(`[?&]userId=${viewer.user.id}`));
  await expect(page.getByText(`Purchases by ${viewer.user.name}`)).toBeVisible();
  const adminRow = page.getByTestId("purchase-row").filter({ hasText: product.name }).filter({ hasText: money(purchase.total) });
  await expect(adminRow).toHaveCount(1);
  // Every row shown is the filtered user's.
  const buyers = await page.locator('[data-testid="purchase-row"] td:first-of-type').allTextContents();
  expect(buyers.length).toBeGreaterThanOrEqual(2);
  expect(new Set(buyers)).toEqual(new Set([viewer.user.name]));

  await page.screenshot({ path: "test-results/purchases-admin-filtered.png", fullPage: true });

  // The customer's conversation opens in the inbox, where the admin can read and answer it.
  await expect(page.getByTestId("purchase-row").filter({ has: page.locator(`a[href="/inbox?session=${session.id}"]`) })).toHaveCount(1);
  await expect(page.locator(`a[href="/chat/${session.id}"]`)).toHaveCount(0);

  await userFilter.selectOption({ label: "All users" });
  await expect(page).not.toHaveURL(/userId=/);
  await expect(page.getByTestId("purchases-total-revenue")).toHaveText(allRevenue ?? "");
});

test("a link to a page past the end of /purchases says where the list ends and goes there", async ({ page, request }) => {
  // At least one purchase, whichever journeys ran before.
  const viewer = await apiLogin(request, DEMO.viewer);
  const product = await approvedProduct(request, "Desk Lamp", viewer.user.business.id);
  const bought = await request.post("/api/purchases", {
    headers: { authorization: `Bearer ${viewer.access}`, "idempotency-key": randomUUID() },
    data: { productId: product.id, quantity: 1, expectedUnitPrice: product.price },
  });
  expect(bought.status()).toBe(201);

  await signInDirectlyAs(page, "admin");
  await page.goto("/purchases?page=400");
  // Other journeys buy as they run: the last page follows from the business's count as shown.
  const total = page.getByTestId("purchases-total-count");
  await expect(total).toHaveText(/^[\d,]+$/);
  const lastPage = Math.ceil(Number((await total.textContent())!.replace(/\D/g, "")) / DEFAULT_PAGE_SIZE);
  await expect(page.getByText(`This list ends on page ${lastPage}.`)).toBeVisible();
  await expect(page.getByText("No purchases yet")).toHaveCount(0);
  await page.getByRole("button", { name: `Go to page ${lastPage}` }).click();
  await expect(page).toHaveURL(lastPage === 1 ? /\/purchases$/ : new RegExp(`[?&]page=${lastPage}`));
  await expect(page.getByTestId("purchase-row").first()).toBeVisible();
});
