import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { formatMoney, fromCents, toCents } from "../lib/money";
import { ChatPage } from "./pages/chat-page";
import { apiGet, apiToken } from "./fixtures/api";
import { DEMO, signInDirectlyAs } from "./pages/login-page";

/** Files in the chat (docs/api.md, chat files): attach, see what the assistant sees, ask about it, delete. */

const PRICES_BY_CATEGORY: Record<string, readonly string[]> = {
  Lighting: ["19.50", "24.00", "30.00"],
  Furniture: ["149.99", "250.01", "200.00"],
  Storage: ["10.25", "14.75", "12.50"],
};
const CATEGORIES = Object.keys(PRICES_BY_CATEGORY);
const ITEMS: Record<string, string> = { Lighting: "Desk lamp", Furniture: "Oak shelf", Storage: "Cable box" };

type PriceRow = { sku: string; name: string; category: string; price: string };

/** 45 products, 15 per category, every seventh without a sku; each category's average is a whole number of cents. */
function priceRows(): PriceRow[] {
  return Array.from({ length: 45 }, (_, index) => {
    const category = CATEGORIES[index % CATEGORIES.length]!;
    const prices = PRICES_BY_CATEGORY[category]!;
    return {
      sku: index % 7 === 3 ? "" : `SKU-${1000 + index}`,
      name: `${ITEMS[category]} ${index + 1}`,
      category,
      price: prices[Math.floor(index / CATEGORIES.length) % prices.length]!,
    };
  });
}

function toCsv(rows: PriceRow[]): string {
  return ["sku,name,category,price", ...rows.map((r) => [r.sku, r.name, r.category, r.price].join(","))].join("\n") + "\n";
}

/** The average price of each category as the app prints money ("$24.50"). */
function averages(rows: PriceRow[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const category of CATEGORIES) {
    const cents = rows.filter((r) => r.category === category).map((r) => toCents(r.price)!);
    const total = cents.reduce((sum, c) => sum + c, 0n);
    expect(total % BigInt(cents.length), `the ${category} average is exact`).toBe(0n);
    result.set(category, formatMoney(fromCents(total / BigInt(cents.length))));
  }
  return result;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Slows the page's uploads to `bytesPerSecond` (null lifts the limit), as a slow connection would. */
async function throttleUploads(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  return (bytesPerSecond: number | null) =>
    cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond ?? -1 });
}

async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).include(selector).analyze();
  return axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("a member attaches a CSV by the button and a JSON file by drag and drop, asks about the prices, pages through the rows and deletes the file", async ({
  page,
  request,
}) => {
  const rows = priceRows();
  const csv = toCsv(rows);
  const prices = { name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from(csv) };
  const stock = JSON.stringify([
    { sku: "SKU-1000", warehouse: "North", stock: 12 },
    { sku: "SKU-1001", warehouse: "South", stock: 0 },
    { sku: "SKU-1002", warehouse: "North", stock: 7 },
  ]);

  await signInDirectlyAs(page, "viewer");
  const chat = new ChatPage(page);
  await chat.goto();
  await expect(page).toHaveURL(/\/chat$/);
  const token = await apiToken(request, DEMO.viewer);
  const conversations = async () => (await apiGet<{ count: number }>(request, token, "/api/chat/sessions?pageSize=1")).count;
  const conversationsBefore = await conversations();
  // A new chat's file and its conversation are one request: no empty conversation is made, or removed.
  const sessionWrites: string[] = [];
  page.on("request", (sent) => {
    if (/^\/api\/chat\/sessions(\/[^/]+)?$/.test(new URL(sent.url()).pathname) && sent.method() !== "GET") sessionWrites.push(`${sent.method()} ${sent.url()}`);
  });

  // A new chat has no conversation yet: a file stored makes one (the same URL as sending a first message).
  // A big file on a slow connection shows how far it got, in the new chat, and can be cancelled: that
  // leaves no conversation behind.
  const throttle = await throttleUploads(page);
  await throttle(32 * 1024);
  const catalog = ["sku,title,stock", ...Array.from({ length: 6000 }, (_, i) => `C-${i},Catalog item number ${i},${i % 40}`)].join("\n");
  await chat.attach({ name: "catalog.csv", mimeType: "text/csv", buffer: Buffer.from(catalog) });
  const bar = chat.uploadProgress("catalog.csv");
  await expect(bar).toHaveAttribute("aria-valuenow", /^[1-9]\d?$/);
  await expect(page).toHaveURL(/\/chat$/);
  await expect(page.getByTestId("file-upload")).toContainText("catalog.csv");
  await expect(chat.attachButton).toBeDisabled();
  await expect(chat.sendButton).toBeDisabled();
  await page.screenshot({ path: "test-results/files-uploading.png" });
  await page.getByRole("button", { name: "Cancel uploading catalog.csv" }).click();
  await expect(bar).toBeHidden();
  await expect(chat.fileChips).toHaveCount(0);
  await expect(chat.fileAlert).toHaveCount(0);
  await expect(page).toHaveURL(/\/chat$/);
  await throttle(null);

  // A file the server refuses leaves no conversation behind either; the tray says why.
  const refused = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/api/chat/files");
  await chat.attach({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  expect((await refused).status()).toBe(400);
  await expect(chat.fileAlert).toBeVisible();
  await expect(page).toHaveURL(/\/chat$/);
  expect(await conversations()).toBe(conversationsBefore);
  expect(sessionWrites).toEqual([]);
  await page.getByRole("button", { name: "Dismiss" }).click();

  await chat.attach(prices);
  await expect(chat.fileChip("prices.csv")).toHaveText("prices.csv · 45 rows · 4 columns");
  await expect(chat.uploadProgress("prices.csv")).toHaveCount(0);
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const sessionId = await chat.sessionId();
  expect(await conversations()).toBe(conversationsBefore + 1);
  expect(sessionWrites).toEqual([]);

  // The second file arrives by drag and drop onto the conversation.
  await chat.dropFile({ name: "stock.json", mimeType: "application/json", content: stock }, async () => {
    await page.screenshot({ path: "test-results/files-drop.png" });
  });
  await expect(chat.fileChip("stock.json")).toHaveText("stock.json · 3 rows · 3 columns");
  expect(await chat.sessionId()).toBe(sessionId);
  // Two, not three: the cancelled upload stored nothing.
  await expect(chat.fileChips).toHaveCount(2);
  expect(await axeViolations(page, "#main")).toEqual([]);

  // A file refused in this conversation says so here, not in another one opened next.
  await chat.attach({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await expect(chat.fileAlert).toBeVisible();
  await page.getByRole("button", { name: "New chat", exact: true }).click();
  await expect(page).toHaveURL(/\/chat$/);
  await expect(chat.fileAlert).toHaveCount(0);
  await chat.goto(sessionId);
  await expect(chat.fileChips).toHaveCount(2);

  // Checked in the browser before anything is sent: too big, or too many for one conversation.
  const posted: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && /\/files$/.test(new URL(request.url()).pathname)) posted.push(request.url());
  });
  await chat.attach({ name: "huge.csv", mimeType: "text/csv", buffer: Buffer.alloc(10 * 1024 * 1024 + 1, "a") });
  await expect(chat.fileAlert).toHaveText("“huge.csv” is larger than 10 MB. Attach a smaller file or split it.");
  const small = (name: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  await chat.attach(small("a.csv"), small("b.csv"), small("c.csv"), small("d.csv"));
  await expect(chat.fileAlert).toHaveText("A conversation holds at most 5 files; there is room for 3 more.");
  expect(posted).toEqual([]);
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(chat.fileAlert).toHaveCount(0);

  // The assistant answers from the file: named in bold, one average per category in the app's money format.
  await chat.send("average price by category");
  const answer = await chat.waitForAnswer();
  await expect(answer).toHaveAttribute("data-status", "complete");
  await expect(answer.locator("strong", { hasText: "prices.csv" }).first()).toBeVisible();
  for (const [category, average] of averages(rows)) {
    await expect(answer).toContainText(new RegExp(`${category}[^$]*${escapeRegExp(average)}`));
  }
  await page.screenshot({ path: "test-results/files-answer.png" });

  // The panel: what the assistant sees, the columns with their empty cells, and the rows 20 at a time.
  const panel = await chat.openFile("prices.csv");
  await expect(panel).toContainText("45 rows, 4 columns: sku, name, category, price");
  const columns = panel.getByRole("table", { name: "Columns of prices.csv" });
  const emptySkus = rows.filter((r) => r.sku === "").length;
  await expect(columns.getByRole("row", { name: /^sku/ })).toContainText(`Text${emptySkus}`);
  await expect(columns.getByRole("row", { name: /^price/ })).toContainText("Number0");
  const table = panel.getByRole("table", { name: "Rows of prices.csv" });
  const range = panel.getByTestId("file-rows-range");
  await expect(range).toHaveText("Rows 1–20 of 45");
  await expect(table.getByRole("row")).toHaveCount(21);
  await expect(table.getByRole("row").nth(1)).toContainText(`1${rows[0]!.sku}${rows[0]!.name}Lighting`);
  await expect(table.getByRole("row").nth(4)).toContainText("—"); // row 4 has no sku
  expect(await axeViolations(page, "dialog[open]")).toEqual([]);
  await page.screenshot({ path: "test-results/files-panel.png" });

  await panel.getByRole("button", { name: "Next page" }).click();
  await expect(range).toHaveText("Rows 21–40 of 45");
  await expect(table.getByRole("row").nth(1)).toContainText(rows[20]!.name);
  await panel.getByRole("button", { name: "Next page" }).click();
  await expect(range).toHaveText("Rows 41–45 of 45");
  await expect(table.getByRole("row")).toHaveCount(6);
  await expect(panel.getByRole("button", { name: "Next page" })).toBeDisabled();
  await panel.getByRole("button", { name: "Previous page" }).click();
  await expect(range).toHaveText("Rows 21–40 of 45");

  // On a phone in the dark the panel fits the screen and its table scrolls inside it.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(panel.getByRole("region", { name: "Rows of prices.csv (scrollable)" })).toBeVisible();
  const box = await panel.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await expect(panel).toHaveCSS("background-color", "rgb(24, 24, 27)");
  await page.screenshot({ path: "test-results/files-panel-390-dark.png" });

  // Delete asks first; then the file is gone from the chips and from the conversation.
  await panel.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(panel).toContainText("Delete prices.csv? The assistant can no longer use it.");
  await expect(panel.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.screenshot({ path: "test-results/files-delete-390-dark.png" });
  await panel.getByRole("button", { name: "Delete file" }).click();
  await expect(panel).toBeHidden();
  await expect(chat.fileChip("prices.csv")).toHaveCount(0);
  await expect(chat.fileChips).toHaveCount(1);

  await expect(chat.input).toBeFocused();
  await page.screenshot({ path: "test-results/files-chat-390-dark.png" });

  await page.reload();
  await expect(chat.fileChip("stock.json")).toBeVisible();
  await expect(chat.fileChips).toHaveCount(1);
});
