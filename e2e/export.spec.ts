import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { expect, test, type Download, type Page } from "@playwright/test";
import Papa from "papaparse";
import { picture } from "./fixtures/page-checks";
import { registerBusiness } from "./pages/admin-pages";
import { DEMO, DEMO_PASSWORD, LoginPage, signInDirectly } from "./pages/login-page";

/** The downloaded file's records as a spreadsheet reads them (the byte order mark dropped), header first. */
async function csvOf(download: Download): Promise<string[][]> {
  const text = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Clicks "Export CSV" and waits for the browser to save the file. */
async function exportCsv(page: Page): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  // Fetched with the bearer token and handed over as a blob: no token ever travels in a URL.
  expect(download.url()).toMatch(/^blob:/);
  return download;
}

test("an admin downloads the filtered audit log; on a phone the entries are cards", async ({ page, request }, testInfo) => {
  const admin = await registerBusiness(request, "export");
  const headers = { authorization: `Bearer ${admin.access}` };
  const names = [`=HYPERLINK("x") ${admin.suffix}`, `Lamp ${admin.suffix}`];
  for (const name of names) {
    const created = await request.post("/api/products", { headers, data: { name, description: "For the export journey.", price: "9.90" } });
    expect(created.status(), await created.text()).toBe(201);
  }
  expect((await request.post("/api/invites", { headers, data: { role: "viewer" } })).status()).toBe(201);

  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  await page.goto("/audit?action=product.create");
  await expect(page.getByText("2 entries match")).toBeVisible();

  const download = await exportCsv(page);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, ...rows] = await csvOf(download);
  expect(header).toEqual(["createdAt", "action", "entityType", "entityId", "actorId", "actorName", "actorEmail", "summary", "requestId", "id"]);
  // The filter applies: two product creations, not the business's creation or the invite.
  expect(rows.map((row) => row[1])).toEqual(["product.create", "product.create"]);
  expect(rows.map((row) => (JSON.parse(row[7]!) as { after: { name: string } }).after.name)).toEqual([...names].reverse());
  expect(new Set(rows.map((row) => row[4]))).toEqual(new Set([admin.userId]));

  // A link to a page past the end says where the list ends and goes there.
  await page.goto("/audit?action=product.create&page=40");
  await expect(page.getByText("This list ends on page 1.")).toBeVisible();
  await page.getByRole("button", { name: "Go to page 1" }).click();
  await expect(page.getByText("2 entries match")).toBeVisible();
  await expect(page.getByRole("table", { name: "Audit entries" }).getByText(`Created product “${names[1]!}”`)).toBeVisible();
  await expect(page).not.toHaveURL(/page=/);

  // Below 640 px each entry is a card with its time, person and entity.
  await page.goto("/audit");
  const total = page.getByText(/^\d+ entries$/);
  await expect(total).toBeVisible();
  const entries = Number((await total.textContent())!.replace(/\D/g, ""));
  expect(entries).toBeGreaterThanOrEqual(3);
  await page.setViewportSize({ width: 390, height: 844 });
  const cards = page.getByRole("list", { name: "Audit entries" }).getByRole("listitem").filter({ has: page.locator("dl") });
  await expect(cards).toHaveCount(entries);
  await expect(page.getByRole("table", { name: "Audit entries" })).toBeHidden();
  await expect(cards.first()).toContainText("Who");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The filters fold behind a button there.
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await expect(filters).toBeHidden();
  await page.getByRole("button", { name: "Filters", exact: true }).click();
  await expect(filters).toBeVisible();
  await picture(page, testInfo, "audit-phone-filters");
  await page.getByRole("button", { name: "Hide filters" }).click();
  await expect(filters).toBeHidden();
  await picture(page, testInfo, "audit-phone-light");
  await cards.nth(1).scrollIntoViewIfNeeded();
  await page.emulateMedia({ colorScheme: "dark" });
  await picture(page, testInfo, "audit-phone-dark");
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("table", { name: "Audit entries" })).toBeVisible();
  await picture(page, testInfo, "audit-desktop-dark");
  await page.emulateMedia({ colorScheme: "light" });
  await picture(page, testInfo, "audit-desktop-light");
});

test("a viewer downloads only their own purchases; an admin downloads one buyer's", async ({ page, request }, testInfo) => {
  const login = await request.post("/api/auth/login", { data: { email: DEMO.viewer, password: DEMO_PASSWORD } });
  const viewer = (await login.json()) as { access: string; user: { id: string; name: string } };
  const catalog = await request.get("/api/products", { params: { q: "Desk Lamp", pageSize: "50" } });
  const lamp = ((await catalog.json()) as { results: { id: string; name: string; price: string }[] }).results.find((p) => p.name === "Desk Lamp")!;
  const bought = await request.post("/api/purchases", {
    headers: { authorization: `Bearer ${viewer.access}`, "idempotency-key": randomUUID() },
    data: { productId: lamp.id, quantity: 1, expectedUnitPrice: lamp.price },
  });
  expect(bought.status()).toBe(201);
  const purchase = (await bought.json()) as { id: string };

  const signIn = new LoginPage(page);
  await signIn.signInAs("viewer");
  await page.goto("/purchases");
  const count = page.getByText(/^[\d,]+ purchases?$/);
  await expect(count).toBeVisible();
  const listed = Number((await count.textContent())!.replace(/\D/g, ""));
  const [header, ...rows] = await csvOf(await exportCsv(page));
  expect(header).toEqual(["createdAt", "productName", "quantity", "unitPrice", "total", "userName", "userId", "productId", "sessionId", "id"]);
  // Every purchase the list counts, not just its first page, and no one else's.
  expect(rows).toHaveLength(listed);
  expect(new Set(rows.map((row) => row[6]))).toEqual(new Set([viewer.user.id]));
  expect(rows.map((row) => row[9])).toContain(purchase.id);
  await picture(page, testInfo, "purchases-export-viewer");

  await page.context().clearCookies();
  await signIn.signInAs("admin");
  await page.goto(`/purchases?userId=${viewer.user.id}`);
  await expect(page.getByText(`Purchases by ${viewer.user.name}`)).toBeVisible();
  const [, ...adminRows] = await csvOf(await exportCsv(page));
  expect(adminRows).toHaveLength(listed);
  expect(new Set(adminRows.map((row) => row[5]))).toEqual(new Set([viewer.user.name]));
});
