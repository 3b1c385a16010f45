import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { ImageManagerPage } from "./pages/image-manager-page";
import { DEMO, DEMO_PASSWORD, signInDirectlyAs } from "./pages/login-page";

/** A picture in one colour with a stripe, so the two uploads differ. */
async function picture(options: { width: number; height: number; colour: string; format: "jpeg" | "png" }): Promise<Buffer> {
  const stripe = await sharp({ create: { width: options.width, height: Math.round(options.height / 5), channels: 3, background: "#ffffff" } })
    .png()
    .toBuffer();
  return sharp({ create: { width: options.width, height: options.height, channels: 3, background: options.colour } })
    .composite([{ input: stripe, top: Math.round(options.height / 2), left: 0 }])
    .toFormat(options.format)
    .toBuffer();
}

test("an editor adds two images with alt text to a product, reorders them by keyboard, and publishes it with its picture on the storefront", async ({ page, request }) => {
  const login = await request.post("/api/auth/login", { data: { email: DEMO.editor, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { access } = (await login.json()) as { access: string };
  const created = await request.post("/api/products", {
    headers: { authorization: `Bearer ${access}` },
    data: { name: `Gallery lamp ${randomUUID().slice(0, 8)}`, description: "A lamp photographed from two sides.", price: "42.00" },
  });
  expect(created.status()).toBe(201);
  const { id, name: productName } = (await created.json()) as { id: string; name: string };
  // Read while the access token is fresh: the test server's last 30 s, and this journey is longer.
  const business = (await (await request.get("/api/business", { headers: { authorization: `Bearer ${access}` } })).json()) as { slug: string };
  expect(business.slug).toBeTruthy();

  await signInDirectlyAs(page, "editor");
  // Without a picture yet, the list shows a plain tile in the picture column rather than nothing.
  await page.goto(`/products?${new URLSearchParams({ q: productName })}`);
  const listed = page.getByRole("row").filter({ hasText: productName });
  await expect(listed.getByTestId("no-picture")).toBeVisible();
  await page.goto(`/products/${id}`);
  const manager = new ImageManagerPage(page);
  await expect(manager.region).toBeVisible();
  await expect(manager.region.getByText("0 of 8", { exact: false })).toBeVisible();

  // One by the button (file chooser), one dropped onto the manager.
  await manager.addByButton([{ name: "front.jpg", mimeType: "image/jpeg", buffer: await picture({ width: 1400, height: 1000, colour: "#c2410c", format: "jpeg" }) }]);
  await expect(manager.images).toHaveCount(1);
  await manager.addByDrop({ name: "side.png", mimeType: "image/png", buffer: await picture({ width: 900, height: 900, colour: "#1d4ed8", format: "png" }) });
  await expect(manager.images).toHaveCount(2);
  await expect(manager.region.getByText("2 images need alt text", { exact: false })).toBeVisible();

  // A file that is not an image is refused before it is sent.
  await manager.addByButton([{ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") }]);
  await expect(manager.region.getByRole("alert").filter({ hasText: "notes.txt: only JPEG, PNG and WebP" })).toBeVisible();
  // Text named .png gets past that check and the server refuses it: a plain tile stands for it, not a broken image.
  await manager.addByButton([{ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("not a picture either") }]);
  const refusedUpload = manager.region.getByTestId("image-upload").filter({ hasText: "fake.png" });
  await expect(refusedUpload.getByRole("alert")).toContainText("not a JPEG, PNG or WebP image");
  await expect(refusedUpload.getByTestId("image-upload-placeholder")).toBeVisible();
  await expect(refusedUpload.locator("img")).toHaveCount(0);
  await refusedUpload.getByRole("button", { name: "Dismiss" }).click();
  await expect(refusedUpload).toHaveCount(0);

  // Words typed while the first save is on its way, then Tab: they are saved after it, not lost when it answers.
  let patches = 0;
  await page.route("**/api/products/*/images/*", async (route) => {
    if (route.request().method() === "PATCH" && patches++ === 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.fallback();
  });
  const firstAlt = manager.altField(1);
  await firstAlt.fill("Orange lamp");
  await firstAlt.press("Enter");
  await expect(manager.images.first().getByText("Saving…")).toBeVisible();
  await firstAlt.pressSequentially(" from the front");
  await firstAlt.press("Tab");
  await expect(manager.images.first().getByText("Saved")).toBeVisible();
  await expect(firstAlt).toHaveValue("Orange lamp from the front");
  expect(patches).toBe(2);
  await page.unrouteAll();
  await manager.describe(2, "Blue lamp from the side");
  await expect(manager.region.getByText(/alt text before the product can be submitted/)).toHaveCount(0);
  await expect(manager.region.getByText("Needs alt text")).toHaveCount(0);
  expect(await manager.altTexts()).toEqual(["Orange lamp from the front", "Blue lamp from the side"]);
  await manager.expectThumbnailsLoaded();

  // Keyboard: the second image moves up, and focus stays with it (on its "down" button, as it is now first).
  await manager.moveUp(2).focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => manager.altTexts()).toEqual(["Blue lamp from the side", "Orange lamp from the front"]);
  await expect(manager.moveDown(1)).toBeFocused();
  await expect(manager.images.first().getByText("Cover")).toBeVisible();

  await page.setViewportSize({ width: 1280, height: 900 });
  await manager.region.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/images-manager-1280.png", fullPage: true });
  // An image's buttons stay on one row, wide or as narrow as a phone.
  for (const width of [1280, 1024, 800, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const [up, remove] = await Promise.all([manager.moveUp(2).boundingBox(), manager.region.getByRole("button", { name: "Remove image 2" }).boundingBox()]);
    expect(Math.abs(up!.y - remove!.y), `at ${width} px`).toBeLessThan(2);
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.reload();
  await expect(manager.images).toHaveCount(2);
  expect(await manager.altTexts()).toEqual(["Blue lamp from the side", "Orange lamp from the front"]);
  await manager.expectThumbnailsLoaded();

  // Narrow and dark: every control is still reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(manager.moveUp(2)).toBeVisible();
  await expect(manager.altField(2)).toBeVisible();
  const box = await manager.region.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await manager.region.evaluate((region) => region.scrollWidth <= region.clientWidth)).toBe(true);
  await manager.region.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/images-manager-390-dark.png", fullPage: true });

  // Remove the cover: the other image closes up to first.
  await manager.region.getByRole("button", { name: "Remove image 1" }).click();
  await page.getByRole("dialog", { name: "Remove this image?" }).getByRole("button", { name: "Remove image" }).click();
  await expect(manager.images).toHaveCount(1);
  expect(await manager.altTexts()).toEqual(["Orange lamp from the front"]);

  // The draft's image is not public: signed out, its address is a JSON 404.
  const src = await manager.images.first().locator("img").getAttribute("src");
  const anonymous = await request.get(src!, { headers: { cookie: "" } });
  expect(anonymous.status()).toBe(404);
  expect(anonymous.headers()["content-type"]).toContain("application/json");

  // Publish: the editor submits, an approver approves in /approvals, and the storefront shows the picture.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByText("Product submitted for approval")).toBeVisible();
  const approverContext = await page.context().browser()!.newContext();
  const approver = await approverContext.newPage();
  await signInDirectlyAs(approver, "approver");
  const item = approver.locator(`li[data-product-id="${id}"]`);
  await expect(item.getByRole("img", { name: "Orange lamp from the front" })).toBeVisible();
  await item.getByRole("button", { name: "Approve" }).click();
  await expect(approver.getByText(`Approved “${productName}”`)).toBeVisible();
  await approverContext.close();

  const shopperContext = await page.context().browser()!.newContext();
  const shopper = await shopperContext.newPage();
  await shopper.goto(`/shop/${business.slug}/${id}`);
  await expect(shopper.getByRole("heading", { name: productName })).toBeVisible();
  await expect(shopper.getByRole("img", { name: "Orange lamp from the front" }).first()).toBeVisible();
  const publicSrc = await shopper.getByRole("img", { name: "Orange lamp from the front" }).first().getAttribute("src");
  const published = await request.get(new URL(publicSrc!, shopper.url()).pathname, { headers: { cookie: "" } });
  expect(published.status()).toBe(200);
  expect(published.headers()["cache-control"]).toContain("public");
  await shopper.screenshot({ path: "test-results/images-published-1280.png", fullPage: true });
  await shopperContext.close();
});

test("on a live product, a picture added while a description is typed keeps the typing; Submit with nothing changed says so", async ({ page, request }) => {
  const token = async (email: string) => {
    const login = await request.post("/api/auth/login", { data: { email, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    return ((await login.json()) as { access: string }).access;
  };
  const [editor, approver] = await Promise.all([token(DEMO.editor), token(DEMO.approver)]);
  const created = await request.post("/api/products", {
    headers: { authorization: `Bearer ${editor}` },
    data: { name: `Live lamp ${randomUUID().slice(0, 8)}`, description: "The words on sale.", price: "30.00", status: "pending_approval" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const approved = await request.post(`/api/products/${id}/approve`, { headers: { authorization: `Bearer ${approver}` } });
  expect(approved.status(), await approved.text()).toBe(200);

  await signInDirectlyAs(page, "editor");
  await page.goto(`/products/${id}`);
  const description = page.getByRole("textbox", { name: "Description" });
  await expect(description).toHaveValue("The words on sale.");

  // Nothing changed: there is nothing to submit, and nothing is sent.
  const submits: string[] = [];
  page.on("request", (sent) => {
    if (sent.method() === "POST" && sent.url().endsWith(`/api/products/${id}/submit`)) submits.push(sent.url());
  });
  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByText("Nothing to submit: the live version is unchanged. Change a field first.")).toBeVisible();
  expect(submits).toEqual([]);

  // Words typed and not saved, then a picture: the picture opens a change, and the words stay.
  await description.fill("Better words, not saved yet.");
  const manager = new ImageManagerPage(page);
  await manager.addByButton([{ name: "lamp.jpg", mimeType: "image/jpeg", buffer: await picture({ width: 600, height: 400, colour: "#15803d", format: "jpeg" }) }]);
  await expect(manager.images).toHaveCount(1);
  await expect(page.getByTestId("revision-banner")).toContainText("A change is in draft.");
  await expect(description).toHaveValue("Better words, not saved yet.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved as a change to review; the live version stays on sale")).toBeVisible();
  await page.reload();
  await expect(description).toHaveValue("Better words, not saved yet.");
  await expect(manager.images).toHaveCount(1);
});
