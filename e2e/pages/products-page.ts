import { expect, type Locator, type Page } from "@playwright/test";

/** /products: the staff catalog table, its filters, row selection and bulk actions, the import and category dialogs. */
export class ProductsPage {
  readonly table: Locator;
  readonly bulkBar: Locator;
  readonly summary: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByRole("table", { name: "Products" });
    this.bulkBar = page.getByRole("toolbar", { name: "Bulk actions" });
    this.summary = page.getByRole("status", { name: "Bulk action result" });
  }

  async goto(query = "") {
    await this.page.goto(`/products${query}`);
    await expect(this.page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  }

  /** Picks a category in the filter by its name (the option also shows its product count). */
  async filterByCategory(name: string) {
    const select = this.page.getByRole("combobox", { name: "Category", exact: true });
    const option = select.locator("option").filter({ hasText: name });
    await expect(option).toHaveCount(1);
    await select.selectOption({ value: (await option.getAttribute("value"))! });
    await expect(this.page).toHaveURL(/[?&]category=/);
  }

  row(name: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async selectAllOnPage() {
    await this.page.getByRole("checkbox", { name: "Select all products on this page" }).check();
  }

  bulkButton(label: "Submit" | "Approve" | "Reject" | "Delete"): Locator {
    return this.bulkBar.getByRole("button", { name: label, exact: true });
  }

  async openImport() {
    await this.page.getByRole("button", { name: "Import", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: "Import products" });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async openCategories() {
    await this.page.getByRole("button", { name: "Categories", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: "Categories" });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
