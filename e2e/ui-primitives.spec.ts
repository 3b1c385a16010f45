import path from "node:path";
import { build } from "esbuild";
import { expect, test, type Page } from "@playwright/test";

// Behaviour that only a real browser shows (native <dialog> modality, focus,
// live regions, timers). The primitives are bundled into a page of their own,
// so this spec does not depend on any app route.
let bundle = "";

test.beforeAll(async () => {
  // esbuild ships with the toolchain (tsx, vite); it honours tsconfig "paths" for "@/".
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, "fixtures/ui-primitives-harness.tsx")],
    bundle: true,
    write: false,
    format: "iife",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  bundle = result.outputFiles[0]?.text ?? "";
  expect(bundle.length).toBeGreaterThan(0);
});

async function openHarness(page: Page) {
  await page.setContent(`<!doctype html><html lang="en"><head><title>UI primitives</title></head><body><div id="root"></div></body></html>`);
  await page.addScriptTag({ content: bundle });
  await expect(page.getByRole("heading", { name: "UI primitives" })).toBeVisible();
}

test.describe("Dialog", () => {
  test("opens modal with its title as name, traps focus, closes on Escape and returns focus", async ({ page }) => {
    await openHarness(page);
    const opener = page.getByRole("button", { name: "Reject…" });
    await opener.focus();
    await page.keyboard.press("Enter");

    const dialog = page.getByRole("dialog", { name: "Reject product" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleDescription("The editor sees the reason.");
    // Initial focus goes to the first field, not the header's close button.
    await expect(dialog.getByLabel("Reason")).toBeFocused();

    // The page behind is inert: tabbing never reaches it.
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press("Tab");
      const outside = await page.evaluate(() => {
        const active = document.activeElement;
        return !!active && active !== document.body && !active.closest("dialog");
      });
      expect(outside).toBe(false);
    }

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    await expect(page.getByTestId("closes")).toHaveText("1");
  });

  test("closes with its close button, the backdrop, and a footer action", async ({ page }) => {
    await openHarness(page);
    const opener = page.getByRole("button", { name: "Reject…" });
    const dialog = page.getByRole("dialog", { name: "Reject product" });

    await opener.click();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();

    await opener.click();
    await expect(dialog).toBeVisible();
    await page.mouse.click(5, 5);
    await expect(dialog).toBeHidden();

    await opener.click();
    await dialog.getByLabel("Reason").fill("Price is wrong");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("closes")).toHaveText("3");

    // Content mounts fresh each time, so a cancelled draft does not linger.
    await opener.click();
    await expect(dialog.getByLabel("Reason")).toHaveValue("");
  });
});

test.describe("Toast", () => {
  test("announces in a polite live region and can be dismissed", async ({ page }) => {
    await openHarness(page);
    // The region exists before any toast: screen readers only announce changes to a mounted live region.
    const region = page.getByRole("region", { name: "Notifications" });
    await expect(region).toHaveAttribute("aria-live", "polite");

    await page.getByRole("button", { name: "Save" }).click();
    const toast = region.getByRole("listitem").filter({ hasText: "Product saved" });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText("Success:");

    await toast.getByRole("button", { name: "Dismiss notification" }).click();
    await expect(toast).toHaveCount(0);
  });

  test("dismisses itself after its duration", async ({ page }) => {
    await openHarness(page);
    await page.getByRole("button", { name: "Import" }).click();
    const toast = page.getByRole("listitem").filter({ hasText: "Import failed" });
    await expect(toast).toContainText("Row 3: price is missing.");
    await expect(toast).toHaveCount(0);
  });
});

test.describe("Pagination", () => {
  test("moves between pages with named buttons disabled at the ends", async ({ page }) => {
    await openHarness(page);
    const nav = page.getByRole("navigation", { name: "Pagination" });
    const previous = nav.getByRole("button", { name: "Previous page" });
    const next = nav.getByRole("button", { name: "Next page" });

    await expect(nav).toContainText("Page 1 of 3");
    await expect(previous).toBeDisabled();
    await next.click();
    await expect(nav).toContainText("Page 2 of 3");
    await expect(previous).toBeEnabled();
    await next.click();
    await expect(nav).toContainText("Page 3 of 3");
    await expect(next).toBeDisabled();
    await previous.click();
    await expect(nav).toContainText("Page 2 of 3");
  });
});
