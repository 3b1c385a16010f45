import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO, signInDirectlyAs } from "./pages/login-page";
import { apiToken } from "./fixtures/api";

/** A letters-only suffix: unique per run and one plain word for full-text search. */
function suffix(): string {
  return randomUUID()
    .replace(/-/g, "")
    .slice(0, 10)
    .replace(/[0-9]/g, (digit) => "ghijklmnop"[Number(digit)]!);
}

async function signedInPage(browser: Browser, role: keyof typeof DEMO): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInDirectlyAs(page, role);
  return page;
}

/** An approved product, made through the API as an editor and an approver would. */
async function liveProduct(request: APIRequestContext, name: string): Promise<string> {
  const editor = await apiToken(request, DEMO.editor);
  const approver = await apiToken(request, DEMO.approver);
  const created = await request.post("/api/products", {
    headers: { authorization: `Bearer ${editor}` },
    data: { name, description: "A lamp with a linen shade.", price: "40.00", stock: 5, status: "pending_approval" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const approved = await request.post(`/api/products/${id}/approve`, { headers: { authorization: `Bearer ${approver}` }, data: {} });
  expect(approved.status()).toBe(200);
  return id;
}

test("an editor changes a live product, it stays on sale at the old price, and an approver reviews the diff and approves it", async ({ browser, request }) => {
  const name = `Linen lamp ${suffix()}`;
  const id = await liveProduct(request, name);

  const editor = await signedInPage(browser, "editor");
  await editor.goto(`/products/${id}`);
  await expect(editor.getByText(/Changes to a live product go to review/)).toBeVisible();
  await editor.getByLabel("Price").fill("45.00");
  await editor.getByLabel("Description").fill("A lamp with a washed linen shade.");
  await editor.getByRole("button", { name: "Submit for approval" }).click();
  await expect(editor.getByText("Product submitted for approval")).toBeVisible();
  const banner = editor.getByTestId("revision-banner");
  await expect(banner).toContainText("A change is waiting for approval.");
  await expect(banner).toContainText("$40.00");
  // Stock is operational: it still changes at once while the change waits, in one Stock field (the
  // read-only form leaves its own out).
  await expect(editor.locator("input").and(editor.getByLabel("Stock"))).toHaveCount(1);
  await editor.getByRole("form", { name: "Stock" }).getByLabel("Stock").fill("9");
  await editor.getByRole("button", { name: "Update stock" }).click();
  await expect(editor.getByText("Stock updated")).toBeVisible();

  // Meanwhile the public sees the live version, at the old price, with the new stock.
  const live = await request.get(`/api/products/${id}`);
  expect(await live.json()).toMatchObject({ price: "40.00", description: "A lamp with a linen shade.", stock: 9, status: "approved" });

  const approver = await signedInPage(browser, "approver");
  await expect(approver).toHaveURL(/\/approvals$/);
  const item = approver.locator(`li[data-product-id="${id}"][data-kind="revision"]`);
  await expect(item).toBeVisible();
  await expect(item.getByText("Change to a live product")).toBeVisible();
  await expect(item.getByText(/Submitted by/)).toBeVisible();
  const changes = item.getByRole("definition");
  await expect(changes.filter({ hasText: "$45.00" })).toBeVisible();
  await expect(item.getByLabel("added: washed ")).toBeVisible();
  await item.scrollIntoViewIfNeeded();
  await approver.screenshot({ path: "test-results/revision-diff-1280.png", fullPage: true });
  await approver.setViewportSize({ width: 390, height: 844 });
  await item.scrollIntoViewIfNeeded();
  await approver.screenshot({ path: "test-results/revision-diff-390.png", fullPage: true });
  await approver.emulateMedia({ colorScheme: "dark" });
  await approver.screenshot({ path: "test-results/revision-diff-390-dark.png", fullPage: true });

  await item.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByText(`Approved the change to “${name}”`)).toBeVisible();
  await expect(item).toHaveCount(0);

  const after = await request.get(`/api/products/${id}`);
  expect(await after.json()).toMatchObject({ price: "45.00", description: "A lamp with a washed linen shade.", stock: 9, status: "approved" });

  await Promise.all([editor.context().close(), approver.context().close()]);
});

test("a sale made while an editor has the stock open is not undone: the save is refused with the stock now, and the next one is taken", async ({ browser, request }) => {
  const name = `Oak lamp ${suffix()}`;
  const id = await liveProduct(request, name);
  const viewer = await apiToken(request, DEMO.viewer);
  const sell = async (quantity: number) => {
    const sold = await request.post("/api/purchases", { headers: { authorization: `Bearer ${viewer}` }, data: { productId: id, expectedUnitPrice: "40.00", quantity } });
    expect(sold.status(), await sold.text()).toBe(201);
  };

  // The live product's own form.
  const editor = await signedInPage(browser, "editor");
  await editor.goto(`/products/${id}`);
  const form = editor.getByRole("form", { name: "Product" });
  await expect(form.getByLabel("Stock")).toHaveValue("5");
  await sell(2);
  await form.getByLabel("Stock").fill("12");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByText("The stock is now 3: it changed since you opened it. Save again to replace it.")).toBeVisible();
  expect(((await (await request.get(`/api/products/${id}`)).json()) as { stock: number }).stock).toBe(3);
  await editor.screenshot({ path: "test-results/stock-moved-form.png" });
  await form.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByText("Saved", { exact: true })).toBeVisible();
  expect(((await (await request.get(`/api/products/${id}`)).json()) as { stock: number }).stock).toBe(12);

  // The stock editor beside a change waiting for review.
  await form.getByLabel("Price").fill("42.00");
  await form.getByRole("button", { name: "Submit for approval" }).click();
  await expect(editor.getByText("Product submitted for approval")).toBeVisible();
  const stock = editor.getByRole("form", { name: "Stock" });
  await expect(stock.getByLabel("Stock")).toHaveValue("12");
  await sell(1);
  await stock.getByLabel("Stock").fill("20");
  await stock.getByRole("button", { name: "Update stock" }).click();
  await expect(stock.getByText(/The stock changed to 11 since you opened it/)).toBeVisible();
  await editor.setViewportSize({ width: 390, height: 844 });
  await editor.emulateMedia({ colorScheme: "dark" });
  await stock.scrollIntoViewIfNeeded();
  await editor.screenshot({ path: "test-results/stock-moved-editor-390-dark.png" });
  expect(((await (await request.get(`/api/products/${id}`)).json()) as { stock: number }).stock).toBe(11);
  await stock.getByRole("button", { name: "Update stock" }).click();
  await expect(editor.getByText("Stock updated")).toBeVisible();
  expect(((await (await request.get(`/api/products/${id}`)).json()) as { stock: number }).stock).toBe(20);
});

test("an approver deciding on a change an admin edited meanwhile is told so and shown what it says now, then approves that", async ({ browser, request }) => {
  const name = `Brass lamp ${suffix()}`;
  const id = await liveProduct(request, name);
  const editor = await apiToken(request, DEMO.editor);
  const submitted = await request.patch(`/api/products/${id}`, { headers: { authorization: `Bearer ${editor}` }, data: { price: "45.00", status: "pending_approval" } });
  expect(submitted.status()).toBe(200);

  const approver = await signedInPage(browser, "approver");
  await expect(approver).toHaveURL(/\/approvals$/);
  const item = approver.locator(`li[data-product-id="${id}"][data-kind="revision"]`);
  await expect(item.getByRole("definition").filter({ hasText: "$45.00" })).toBeVisible();

  // While the approver reads, an admin changes the price under review.
  const admin = await apiToken(request, DEMO.admin);
  const edited = await request.patch(`/api/products/${id}`, { headers: { authorization: `Bearer ${admin}` }, data: { price: "4.50" } });
  expect(edited.status()).toBe(200);

  await item.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByText("This product was changed after you opened it. Review what it says now, then decide again.")).toBeVisible();
  await expect(item.getByRole("definition").filter({ hasText: "$4.50" })).toBeVisible();
  await expect(item.getByRole("definition").filter({ hasText: "$45.00" })).toHaveCount(0);
  expect(await (await request.get(`/api/products/${id}`)).json()).toMatchObject({ price: "40.00" });
  await item.scrollIntoViewIfNeeded();
  await approver.screenshot({ path: "test-results/review-moved-1280.png" });
  await approver.setViewportSize({ width: 390, height: 844 });
  await approver.emulateMedia({ colorScheme: "dark" });
  await item.scrollIntoViewIfNeeded();
  await approver.screenshot({ path: "test-results/review-moved-390-dark.png" });

  await item.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByText(`Approved the change to “${name}”`)).toBeVisible();
  expect(await (await request.get(`/api/products/${id}`)).json()).toMatchObject({ price: "4.50" });
  await approver.context().close();
});
