import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { picture } from "./fixtures/page-checks";
import { DashboardPage } from "./pages/admin-pages";

function checklist(page: Page) {
  return page.getByRole("region", { name: "Get started" });
}

function step(page: Page, title: string) {
  return checklist(page).getByRole("listitem").filter({ hasText: title });
}

test("a new business's checklist ticks a step once it has happened, and stays dismissed", async ({ page }, testInfo) => {
  const suffix = randomUUID().slice(0, 8);
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill("Fiona First");
  await page.getByLabel("Email", { exact: true }).fill(`fiona-${suffix}@example.test`);
  await page.getByLabel("Password", { exact: true }).fill("a long enough passphrase");
  await page.getByLabel("Business name", { exact: true }).fill(`Fiona's Firsts ${suffix}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // Four open steps, each linking to where it is done.
  await expect(checklist(page)).toBeVisible();
  await expect(checklist(page).getByRole("listitem")).toHaveCount(4);
  await expect(checklist(page)).toContainText("0 of 4 done");
  const links = { "Add a product": "/products/new", "Invite a teammate": "/users", "Try the assistant": "/chat", "Name your assistant": "/settings" };
  for (const [title, href] of Object.entries(links)) {
    await expect(step(page, title)).toContainText(`${title} (to do)`);
    await expect(step(page, title).getByRole("link")).toHaveAttribute("href", href);
  }

  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await expect(checklist(page)).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.evaluate(() => window.scrollTo(0, 0));
      await picture(page, testInfo, `first-run-${width}-${colorScheme}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });

  // Adding a product, through the step's own link, ticks that step and only that one.
  await step(page, "Add a product").getByRole("link", { name: "Add your first product" }).click();
  await expect(page).toHaveURL(/\/products\/new$/);
  await page.getByLabel("Name").fill(`Starter kit ${suffix}`);
  await page.getByLabel("Description").fill("The first product of a new business.");
  await page.getByLabel("Price").fill("19.00");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}$/);

  const dashboard = new DashboardPage(page);
  await dashboard.goto();
  await expect(step(page, "Add a product")).toContainText("Add a product (done)");
  await expect(step(page, "Add a product").getByRole("link")).toHaveCount(0);
  await expect(checklist(page)).toContainText("1 of 4 done");
  for (const title of ["Invite a teammate", "Try the assistant", "Name your assistant"]) await expect(step(page, title)).toContainText("(to do)");
  await picture(page, testInfo, "first-run-one-done");

  // Dismissed for the business: gone at once, and still gone after a reload.
  await checklist(page).getByRole("button", { name: "Dismiss the checklist" }).click();
  await expect(checklist(page)).toHaveCount(0);
  await page.reload();
  await expect(dashboard.heading).toBeVisible();
  await expect(dashboard.kpis.first()).toBeVisible();
  await expect(checklist(page)).toHaveCount(0);
});
