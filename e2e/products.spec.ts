import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PRODUCTS_PAGE_SIZE, REVIEWS_PAGE_SIZE } from "../lib/query-keys";
import { apiToken } from "./fixtures/api";
import { picture } from "./fixtures/page-checks";
import { registerBusiness } from "./pages/admin-pages";
import { DEMO, signInDirectly, signInDirectlyAs } from "./pages/login-page";
import { ProductsPage } from "./pages/products-page";

const XSS = '<img src=x onerror="window.__xss=1">';

/** A letters-only suffix: unique per run and tokenised as one plain word by full-text search. */
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

async function expectNoScriptRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
}

test("an editor creates and submits a product, an approver approves it in /approvals, and it appears on /catalog signed out — its HTML description stays text", async ({
  browser,
}) => {
  const name = `Lantern ${suffix()}`;
  const description = `Solar camping lantern. ${XSS}`;

  const editor = await signedInPage(browser, "editor");
  await expect(editor).toHaveURL(/\/products$/);
  await editor.getByRole("link", { name: "New product" }).first().click();
  await expect(editor).toHaveURL(/\/products\/new$/);

  // The shared schema validates in the browser first.
  await editor.getByRole("button", { name: "Submit for approval" }).click();
  await expect(editor.getByText("Name is required.")).toBeVisible();

  await editor.getByLabel("Name").fill(name);
  await editor.getByLabel("Description").fill(description);
  await editor.getByLabel("Price").fill("12.345");
  await editor.getByRole("button", { name: "Submit for approval" }).click();
  await expect(editor.getByText(/at most 2 decimals/)).toBeVisible();
  await editor.getByLabel("Price").fill("24.50");
  await editor.getByLabel("Stock").fill("7");
  await editor.getByLabel("Category").fill("Outdoor");
  await editor.getByRole("button", { name: "Submit for approval" }).click();

  await expect(editor).toHaveURL(/\/products\/[0-9a-f-]{36}$/);
  await expect(editor.getByRole("heading", { name })).toBeVisible();
  await expect(editor.getByText("Pending approval", { exact: true })).toBeVisible();
  await expect(editor.getByText(/waiting for approval and cannot be edited/)).toBeVisible();
  await expect(editor.getByText(/Submitted|Created product/).first()).toBeVisible();
  await expectNoScriptRan(editor);

  const approver = await signedInPage(browser, "approver");
  await expect(approver).toHaveURL(/\/approvals$/);
  const item = approver.getByRole("listitem").filter({ has: approver.getByRole("heading", { name }) });
  await expect(item).toBeVisible();
  await expect(item.getByText(XSS, { exact: false })).toBeVisible();
  await expectNoScriptRan(approver);
  // Keyboard operable: focus the button and press Enter.
  await item.getByRole("button", { name: "Approve" }).focus();
  await approver.keyboard.press("Enter");
  await expect(approver.getByText(`Approved “${name}”`)).toBeVisible();
  await expect(approver.getByRole("heading", { name })).toHaveCount(0);
  // On a phone each waiting product's SKU (the demo's are like DEMO-039) stays whole on one line.
  await approver.setViewportSize({ width: 390, height: 844 });
  const skus = approver.getByText(/^SKU /);
  await expect(skus.first()).toBeVisible();
  for (const sku of await skus.all()) {
    const lines = await sku.evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight));
    expect(lines, (await sku.textContent()) ?? "").toBeLessThan(1.5);
  }

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto("/catalog");
  await visitor.getByLabel("Search products").fill(name);
  await visitor.getByRole("button", { name: "Search" }).click();
  await expect(visitor).toHaveURL(/\?q=/);
  const card = visitor.locator("li").filter({ has: visitor.getByRole("heading", { name }) });
  await expect(card).toBeVisible();
  await expect(card.getByText("$24.50").first()).toBeVisible();
  await expect(card.getByText(description)).toBeVisible();
  await expectNoScriptRan(visitor);

  await Promise.all([editor.context().close(), approver.context().close(), visitorContext.close()]);
});

test("an approver rejects with a required reason from the keyboard and the editor sees the reason on the product", async ({
  browser,
  request,
}) => {
  const name = `Kettle ${suffix()}`;
  const token = await apiToken(request, DEMO.editor);
  const created = await request.post("/api/products", {
    headers: { authorization: `Bearer ${token}` },
    data: { name, description: "Gooseneck kettle.", price: "59.00", status: "pending_approval" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  const approver = await signedInPage(browser, "approver");
  const item = approver.getByRole("listitem").filter({ has: approver.getByRole("heading", { name }) });
  await item.getByRole("button", { name: "Reject" }).focus();
  await approver.keyboard.press("Enter");
  const dialog = approver.getByRole("dialog", { name: `Reject “${name}”` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toBeFocused();
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(dialog.getByText("A reason is required.")).toBeVisible();
  const reason = "The photo shows a different model; please fix the description.";
  await dialog.getByLabel("Reason").fill(reason);
  // Escape with a reason typed asks before throwing it away; a second Escape (or Keep editing) goes back to it.
  await approver.keyboard.press("Escape");
  const discard = dialog.getByRole("alert").filter({ hasText: "Discard what you typed?" });
  await expect(discard).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Keep editing" })).toBeFocused();
  await approver.screenshot({ path: "test-results/reject-discard-question.png" });
  await approver.keyboard.press("Escape");
  await expect(discard).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toHaveValue(reason);
  await dialog.getByLabel("Reason").press("Control+Enter");
  await expect(dialog).toBeHidden();
  await expect(approver.getByText(`Rejected “${name}”`)).toBeVisible();

  // The approver's product list offers only the statuses an approver may list.
  await approver.goto("/products");
  const statusOptions = approver.getByLabel("Status").locator("option");
  await expect(statusOptions).toHaveText(["All statuses", "Pending approval", "Approved"]);

  const editor = await signedInPage(browser, "editor");
  await editor.goto(`/products?status=rejected`);
  await editor.getByRole("link", { name }).click();
  await expect(editor).toHaveURL(new RegExp(`/products/${id}$`));
  const alert = editor.getByRole("alert").filter({ hasText: "reason from the approver" });
  await expect(alert).toBeVisible();
  await expect(alert.getByText(reason)).toBeVisible();
  await expect(editor.getByText("Rejected", { exact: true }).first()).toBeVisible();

  // Editing puts it back to draft; submitting again clears the rejection.
  await editor.getByLabel("Description").fill("Gooseneck kettle, 1 litre, matte black.");
  await editor.getByRole("button", { name: "Submit for approval" }).click();
  await expect(editor.getByText("Pending approval", { exact: true })).toBeVisible();
  await expect(alert).toHaveCount(0);

  await Promise.all([editor.context().close(), approver.context().close()]);
});

test("approving the last review on the queue's second page says where the queue now ends and goes there", async ({ page, request }) => {
  const admin = await registerBusiness(request, "queue");
  const headers = { authorization: `Bearer ${admin.access}` };
  const invite = await request.post("/api/invites", { headers, data: { role: "approver" } });
  expect(invite.status(), await invite.text()).toBe(201);
  const approver = { email: `queue-approver-${admin.suffix}@e2e.test`, password: "e2e-password-123" };
  const joined = await request.post("/api/auth/register", {
    data: { ...approver, name: "Quinn Approver", inviteCode: ((await invite.json()) as { inviteCode: string }).inviteCode },
  });
  expect(joined.status(), await joined.text()).toBe(201);
  // One more than a page: the oldest-first queue's second page holds the newest product alone.
  const names = Array.from({ length: REVIEWS_PAGE_SIZE + 1 }, (_, index) => `Queued ${String(index + 1).padStart(2, "0")} ${admin.suffix}`);
  for (const name of names) {
    const created = await request.post("/api/products", { headers, data: { name, description: "Waiting for review.", price: "4.50", status: "pending_approval" } });
    expect(created.status(), await created.text()).toBe(201);
  }

  await signInDirectly(page, approver.email, approver.password, "/approvals");
  await expect(page.getByText(`${REVIEWS_PAGE_SIZE + 1} items are waiting for review.`)).toBeVisible();
  await page.getByRole("button", { name: "Next page" }).click();
  const queue = page.getByRole("list", { name: "Waiting for review" }).getByRole("listitem");
  await expect(queue).toHaveCount(1);
  await expect(queue.first()).toContainText(names.at(-1)!);
  await queue.first().getByRole("button", { name: "Approve" }).click();

  await expect(page.getByText(`${REVIEWS_PAGE_SIZE} items are waiting for review.`)).toBeVisible();
  await expect(page.getByText("This list ends on page 1.")).toBeVisible();
  await expect(page.getByText("Nothing to review")).toHaveCount(0);
  // The button that had focus went with the item: the page's heading has it now, not the page's body.
  await expect(page.getByRole("heading", { level: 1, name: "Approvals" })).toBeFocused();
  await picture(page, test.info(), "approvals-past-the-end");
  await page.getByRole("button", { name: "Go to page 1" }).click();
  await expect(queue).toHaveCount(REVIEWS_PAGE_SIZE);
  await expect(queue.first()).toContainText(names[0]!);

  // Working through the queue by keyboard: each review leaves focus on the item that took its place.
  await queue.first().getByRole("button", { name: "Approve" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: names[0]! })).toHaveCount(0);
  await expect(page.getByRole("link", { name: names[1]! })).toBeFocused();
  await queue.first().getByRole("button", { name: "Reject" }).click();
  await page.getByRole("dialog").getByLabel("Reason").fill("Needs a photo.");
  await page.getByRole("dialog").getByRole("button", { name: "Reject" }).click();
  await expect(page.getByRole("link", { name: names[1]! })).toHaveCount(0);
  await expect(page.getByRole("link", { name: names[2]! })).toBeFocused();
});

test("deleting the last product on the list's second page says where the list now ends and goes there", async ({ page, request }) => {
  const admin = await registerBusiness(request, "shelf");
  const headers = { authorization: `Bearer ${admin.access}` };
  // One more than a page: in name order the second page holds the last name alone.
  const names = Array.from({ length: PRODUCTS_PAGE_SIZE + 1 }, (_, index) => `Shelved ${String(index + 1).padStart(2, "0")} ${admin.suffix}`);
  for (const name of names) {
    const created = await request.post("/api/products", { headers, data: { name, description: "On the shelf.", price: "3.00" } });
    expect(created.status(), await created.text()).toBe(201);
  }

  await signInDirectly(page, admin.email, admin.password, "/products");
  const products = new ProductsPage(page);
  await products.goto("?sort=name_asc");
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(products.table.getByRole("row")).toHaveCount(2);
  await products.row(names.at(-1)!).getByRole("checkbox").check();
  await products.bulkButton("Delete").click();
  await page.getByRole("dialog", { name: "Delete 1 product?" }).getByRole("button", { name: "Delete 1 product" }).click();

  await expect(page.getByText("This list ends on page 1.")).toBeVisible();
  await expect(page.getByText("No products found")).toHaveCount(0);
  await picture(page, test.info(), "products-past-the-end");
  await page.getByRole("button", { name: "Go to page 1" }).click();
  await expect(page).not.toHaveURL(/[?&]page=/);
  await expect(page).toHaveURL(/[?&]sort=name_asc/);
  await expect(products.table.getByRole("row")).toHaveCount(PRODUCTS_PAGE_SIZE + 1);
  await expect(products.row(names[0]!)).toBeVisible();
});

test("the import dialog reports created rows and per-row errors", async ({ browser }) => {
  const editor = await signedInPage(browser, "editor");
  const tag = suffix();
  await editor.getByRole("button", { name: "Import" }).click();
  const dialog = editor.getByRole("dialog", { name: "Import products" });
  await dialog.getByLabel("File").setInputFiles({
    name: "products.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`name,description,price\nImported ${tag},Good row,9.99\nBad ${tag},Bad price,-1\n,No name,1.00\n`),
  });
  await dialog.getByRole("button", { name: "Upload" }).click();
  await expect(dialog.getByText("1 product created as a draft; 2 rows were skipped.")).toBeVisible();
  const report = dialog.getByRole("table", { name: "Rows with errors" });
  await expect(report.getByRole("row")).toHaveCount(3);
  await expect(report.getByText("price:")).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await editor.getByLabel("Search", { exact: true }).fill(`Imported ${tag}`);
  await editor.getByRole("button", { name: "Search" }).click();
  await expect(editor.getByRole("link", { name: `Imported ${tag}` })).toBeVisible();
  await editor.context().close();
});
