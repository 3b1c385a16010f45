import { expect, type Locator, type Page } from "@playwright/test";

/** The product form's image manager (components/products/image-manager.tsx). */
export class ImageManagerPage {
  readonly region: Locator;
  readonly images: Locator;

  constructor(private readonly page: Page) {
    this.region = page.getByRole("region", { name: "Images" });
    this.images = this.region.getByRole("list", { name: "Product images" }).getByTestId("product-image");
  }

  /** Adds images through the "Add images" button and the browser's file chooser. */
  async addByButton(files: { name: string; mimeType: string; buffer: Buffer }[]) {
    const chooser = this.page.waitForEvent("filechooser");
    await this.region.getByRole("button", { name: "Add images" }).click();
    await (await chooser).setFiles(files);
  }

  /** Drops a file on the manager as a drag from the desktop would. */
  async addByDrop(file: { name: string; mimeType: string; buffer: Buffer }) {
    const zone = this.region.getByTestId("image-manager");
    const dataTransfer = await this.page.evaluateHandle(
      ({ bytes, name, type }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
        return transfer;
      },
      { bytes: [...file.buffer], name: file.name, type: file.mimeType },
    );
    await zone.dispatchEvent("dragenter", { dataTransfer });
    await expect(this.region.getByTestId("image-drop-highlight")).toBeVisible();
    await zone.dispatchEvent("dragover", { dataTransfer });
    await zone.dispatchEvent("drop", { dataTransfer });
  }

  altField(position: number): Locator {
    return this.region.getByLabel(`Alt text for image ${position}`);
  }

  /** Types alt text and saves it with Enter. */
  async describe(position: number, alt: string) {
    const field = this.altField(position);
    await field.fill(alt);
    await field.press("Enter");
    await expect(this.images.nth(position - 1).getByText("Saved")).toBeVisible();
  }

  moveUp(position: number): Locator {
    return this.region.getByRole("button", { name: `Move image ${position} up` });
  }

  moveDown(position: number): Locator {
    return this.region.getByRole("button", { name: `Move image ${position} down` });
  }

  /** The alt texts in gallery order, as the thumbnails carry them. */
  async altTexts(): Promise<string[]> {
    return this.images.locator("img").evaluateAll((images) => images.map((image) => (image as HTMLImageElement).alt));
  }

  /** Waits until every thumbnail has loaded its pixels (from the image route, with the session cookie). */
  async expectThumbnailsLoaded() {
    await expect
      .poll(() => this.images.locator("img").evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth > 0)))
      .toBe(true);
  }
}
