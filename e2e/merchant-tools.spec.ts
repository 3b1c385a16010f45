import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { DEMO, signInDirectlyAs } from "./pages/login-page";
import { ProductsPage } from "./pages/products-page";
import { apiToken } from "./fixtures/api";
import { holdRequests } from "./fixtures/held-requests";

/** A letters-only tag: unique per run and one plain word for search. */
function tag(): string {
  return randomUUID()
    .replace(/-/g, "")
    .slice(0, 8)
    .replace(/[0-9]/g, (digit) => "ghijklmnop"[Number(digit)]!);
}

async function createProduct(request: APIRequestContext, token: string, data: Record<string, unknown>): Promise<string> {
  const response = await request.post("/api/products", { headers: { authorization: `Bearer ${token}` }, data });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function narrowAndDark(page: Page, path: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  // Transitions off: the picture is of the dark theme, not of the colours on their way to it.
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("an approver filters by category, selects the page's products, approves them in bulk and sees each row's result", async ({ page, request }) => {
  const category = `Bulk ${tag()}`;
  const editor = await apiToken(request, DEMO.editor);
  const admin = await apiToken(request, DEMO.admin);
  const pending = [];
  for (const name of ["Anchor lamp", "Birch lamp", "Cedar lamp"]) {
    pending.push({ name: `${name} ${category}`, id: await createProduct(request, editor, { name: `${name} ${category}`, description: "A lamp.", price: "20.00", category }) });
  }
  // The first lamp has a picture, which the table shows as its thumbnail.
  const picture = await sharp({ create: { width: 320, height: 240, channels: 3, background: "#d97706" } }).jpeg().toBuffer();
  const upload = await request.post(`/api/products/${pending[0]!.id}/images`, {
    headers: { authorization: `Bearer ${editor}` },
    multipart: { file: { name: "lamp.jpg", mimeType: "image/jpeg", buffer: picture }, alt: "An amber lamp" },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  for (const { id } of pending) {
    expect((await request.post(`/api/products/${id}/submit`, { headers: { authorization: `Bearer ${editor}` } })).status()).toBe(200);
  }
  // Already live: the bulk approval refuses it with the reason, and approves the others regardless.
  const liveName = `Dune lamp ${category}`;
  const liveId = await createProduct(request, editor, { name: liveName, description: "A lamp.", price: "25.00", category, status: "pending_approval" });
  expect((await request.post(`/api/products/${liveId}/approve`, { headers: { authorization: `Bearer ${admin}` } })).status()).toBe(200);

  await signInDirectlyAs(page, "approver");
  const products = new ProductsPage(page);
  await products.goto();
  await products.filterByCategory(category);
  await expect(products.table.getByRole("row")).toHaveCount(5);
  const thumbnail = products.row(pending[0]!.name).locator("img");
  await expect(thumbnail).toHaveAttribute("src", new RegExp(`/api/products/${pending[0]!.id}/images/`));
  await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
  await expect(products.row(pending[1]!.name).locator("img")).toHaveCount(0);

  // Sortable by every column: price descending puts the live lamp (25.00) first. Clicked twice before the
  // first click's navigation has come back (held here, as a slow link would), the second click builds on it.
  const navigations = await holdRequests(page, /\/products\?.*sort=price_/);
  await products.table.getByRole("button", { name: /^Price/ }).click();
  await products.table.getByRole("button", { name: /^Price/ }).click();
  await expect(products.table.getByRole("columnheader", { name: /Price/ })).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => navigations.requests.length).toBeGreaterThan(0);
  navigations.release();
  await expect(page).toHaveURL(/sort=price_desc/);
  await expect(products.table.getByRole("columnheader", { name: /Price/ })).toHaveAttribute("aria-sort", "descending");
  await expect(products.table.getByRole("row").nth(1)).toContainText(liveName);

  await products.selectAllOnPage();
  await expect(products.bulkBar).toContainText("4 selected");
  // An approver approves and rejects; submitting and deleting are not theirs.
  await expect(products.bulkButton("Submit")).toHaveCount(0);
  await expect(products.bulkButton("Delete")).toHaveCount(0);
  await products.bulkButton("Approve").focus();
  await page.keyboard.press("Enter");
  // Approving puts products live: it is confirmed first, and Enter alone cancels (the focus is on Cancel).
  const confirm = page.getByRole("dialog", { name: "Approve 4 products?" });
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(confirm).toBeHidden();
  await expect(products.summary).toHaveCount(0);
  // Meanwhile an admin changes one of them: the approver did not see that price, so it is not approved.
  const changed = pending[1]!;
  const edit = await request.patch(`/api/products/${changed.id}`, { headers: { authorization: `Bearer ${admin}` }, data: { price: "22.00" } });
  expect(edit.status(), await edit.text()).toBe(200);
  await products.bulkButton("Approve").click();
  await confirm.getByRole("button", { name: "Approve 4 products" }).click();

  await expect(products.summary).toContainText("2 approved, 2 not:");
  await expect(products.summary.getByRole("listitem")).toHaveCount(2);
  await expect(products.summary.getByRole("listitem").filter({ hasText: liveName })).toContainText(`${liveName}: Cannot approve a product that is approved.`);
  await expect(products.summary.getByRole("listitem").filter({ hasText: changed.name })).toContainText("was changed after you opened it");
  for (const { name } of [pending[0]!, pending[2]!]) await expect(products.row(name).getByText("Approved", { exact: true })).toBeVisible();
  await expect(products.row(changed.name)).toContainText("22.00");
  await expect(products.row(changed.name).getByText("Pending approval", { exact: true })).toBeVisible();
  // The refused products stay selected; the approved ones left the selection.
  await expect(products.bulkBar).toContainText("2 selected");
  await page.screenshot({ path: "test-results/merchant-bulk-approve-1280.png", fullPage: true, animations: "disabled" });

  // A bulk rejection's reason is its own: the dialog opens blank the next time. The changed lamp, now
  // shown as it is, is rejected; the live one is not.
  await products.bulkButton("Reject").click();
  const rejectingBoth = page.getByRole("dialog", { name: "Reject 2 products" });
  await rejectingBoth.getByRole("textbox", { name: "Reason" }).fill("The photo is of another lamp.");
  await rejectingBoth.getByRole("button", { name: "Reject 2 products" }).click();
  await expect(rejectingBoth).toBeHidden();
  await expect(products.summary).toContainText("1 rejected, 1 not:");
  await expect(products.bulkBar).toContainText("1 selected");
  await products.bulkButton("Reject").click();
  const rejecting = page.getByRole("dialog", { name: "Reject 1 product" });
  await expect(rejecting.getByRole("textbox", { name: "Reason" })).toHaveValue("");
  await rejecting.getByRole("button", { name: "Cancel" }).click();
  await narrowAndDark(page, "test-results/merchant-bulk-approve-390-dark.png");
});

test("an editor imports a CSV with a new category, sees the report, submits every imported draft in one click, and exports the view", async ({ page }) => {
  const label = tag();
  const category = `Imported ${label}`;
  await signInDirectlyAs(page, "editor");
  const products = new ProductsPage(page);
  await products.goto();

  const dialog = await products.openImport();
  const templateDownload = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download template" }).click();
  const template = await templateDownload;
  expect(template.suggestedFilename()).toBe("products-template.csv");
  expect(await readFile((await template.path())!, "utf8")).toContain("name,description,price,sku,category,stock");

  await dialog.getByLabel("File").setInputFiles({
    name: "supplier.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      [
        "name,description,price,sku,category,stock",
        `Kettle ${label},Gooseneck kettle,59.00,,${category},4`,
        `Teapot ${label},"Cast iron, 1 litre",35.50,,${category},`,
        `Mug ${label},Stoneware mug,9.90,,${category.toLowerCase()},12`,
      ].join("\n"),
    ),
  });
  await dialog.getByRole("button", { name: "Upload" }).click();
  await expect(dialog.getByText("3 products created as drafts.")).toBeVisible();
  await expect(dialog.getByText(`1 new category: ${category}`)).toBeVisible();
  // The same file is not uploaded twice by a second click.
  await expect(dialog.getByRole("button", { name: "Upload" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/merchant-import-report-1280.png", animations: "disabled" });

  await dialog.getByRole("button", { name: "Submit all 3 imported drafts" }).click();
  await expect(dialog.getByRole("status", { name: "Bulk action result" })).toContainText("3 submitted.");
  await expect(dialog.getByRole("button", { name: /^Submit all/ })).toHaveCount(0);
  await narrowAndDark(page, "test-results/merchant-import-report-390-dark.png");
  await dialog.getByRole("button", { name: "Done" }).click();

  await products.filterByCategory(category);
  await expect(products.table.getByRole("row")).toHaveCount(4);
  for (const name of [`Kettle ${label}`, `Teapot ${label}`, `Mug ${label}`]) {
    await expect(products.row(name).getByText("Pending approval", { exact: true })).toBeVisible();
  }

  // The export is the filtered view, in the import's columns.
  const exportDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const exported = await readFile((await (await exportDownload).path())!, "utf8");
  const lines = exported.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("name,description,price,sku,category,stock");
  expect(lines).toHaveLength(4);
  expect(exported).toContain(`"Cast iron, 1 litre"`);

  // The category manager: rename the new category; the table's products follow.
  const manager = await products.openCategories();
  const entry = manager.getByRole("listitem").filter({ hasText: category });
  await entry.getByRole("button", { name: "Rename" }).click();
  const renamed = `Tea things ${label}`;
  await manager.getByLabel(`New name for “${category}”`).fill(renamed);
  await manager.getByLabel(`New name for “${category}”`).press("Enter");
  await expect(manager.getByRole("listitem").filter({ hasText: renamed })).toContainText("3 products");
  await narrowAndDark(page, "test-results/merchant-categories-390-dark.png");
  await page.screenshot({ path: "test-results/merchant-categories-1280.png", animations: "disabled" });
  await manager.getByRole("button", { name: "Done" }).click();
  await products.goto();
  await products.filterByCategory(renamed);
  await expect(products.table.getByRole("row")).toHaveCount(4);
});
