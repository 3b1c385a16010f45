import { expect, type Locator, type Page } from "@playwright/test";

/** /: the front page, with the storefront directory. */
export class FrontPage {
  readonly directory: Locator;

  constructor(private readonly page: Page) {
    this.directory = page.getByRole("list", { name: "Storefronts" });
  }

  async goto() {
    await this.page.goto("/");
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  storefrontLink(name: string): Locator {
    return this.directory.getByRole("link", { name, exact: true });
  }
}

/** /shop/<slug>: a storefront's filters, result count, product grid and pages. */
export class StorefrontPage {
  readonly filters: Locator;
  readonly products: Locator;
  readonly summary: Locator;

  constructor(private readonly page: Page) {
    this.filters = page.getByRole("search", { name: "Search and filter products" });
    this.products = page.getByRole("list", { name: "Products" });
    this.summary = page.locator("#shop-results");
  }

  async goto(slug: string, query = "") {
    await this.page.goto(`/shop/${slug}${query}`);
  }

  async filter(input: { q?: string; category?: string; minPrice?: string; maxPrice?: string; inStock?: boolean; sort?: string }) {
    if (input.q !== undefined) await this.filters.getByLabel("Search this shop").fill(input.q);
    if (input.category !== undefined) await this.filters.getByLabel("Category").selectOption({ value: input.category });
    if (input.minPrice !== undefined) await this.filters.getByLabel("Min price").fill(input.minPrice);
    if (input.maxPrice !== undefined) await this.filters.getByLabel("Max price").fill(input.maxPrice);
    if (input.inStock !== undefined) await this.filters.getByLabel("In stock only").setChecked(input.inStock);
    if (input.sort !== undefined) await this.filters.getByLabel("Sort by").selectOption({ value: input.sort });
    await this.filters.getByRole("button", { name: "Apply" }).click();
  }

  card(name: string): Locator {
    return this.products.getByRole("listitem").filter({ has: this.page.getByRole("heading", { name, exact: true }) });
  }

  /** Every card's price as shown, e.g. "$64.00". */
  async prices(): Promise<string[]> {
    return this.products.getByRole("listitem").locator("p.font-semibold").allTextContents();
  }
}

/** /shop/<slug>/<product>: the gallery, price, stock and the buy box. */
export class ShopProductPage {
  readonly gallery: Locator;
  readonly thumbnails: Locator;
  readonly stock: Locator;

  constructor(private readonly page: Page) {
    this.gallery = page.getByRole("region", { name: /^Images of / });
    this.thumbnails = this.gallery.getByRole("list", { name: "Thumbnails" }).getByRole("link");
    this.stock = page.getByTestId("stock-status");
  }

  heading(name: string): Locator {
    return this.page.getByRole("heading", { level: 1, name });
  }

  /** The large image: the first in the gallery. */
  mainImage(): Locator {
    return this.gallery.getByRole("img").first();
  }

  async buy(quantity: number) {
    await this.page.getByLabel("Quantity").fill(String(quantity));
    await this.page.getByRole("button", { name: "Buy", exact: true }).click();
    await this.page.getByRole("button", { name: "Confirm purchase" }).click();
  }
}
