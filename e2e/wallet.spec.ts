import { expect, test } from "@playwright/test";
import { DashboardPage, registerBusiness } from "./pages/admin-pages";
import { signInDirectly } from "./pages/login-page";

test("the admin tops up and claws back the business wallet on /dashboard, on a phone and in the dark", async ({ page, request }) => {
  const admin = await registerBusiness(request, "wallet");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await signInDirectly(page, admin.email, admin.password, "/dashboard");
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading).toBeVisible();

  // A new business's wallet opens with WALLET_INITIAL_CREDITS.
  const balance = page.getByTestId("wallet-balance");
  await expect(balance).toHaveText("10,000");
  const ledger = page.getByRole("table", { name: "Credit ledger" });
  await expect(ledger.getByRole("row").nth(1)).toContainText("+10,000");

  await page.getByRole("button", { name: "Top up / claw back" }).click();
  const dialog = page.getByRole("dialog", { name: "Business wallet" });
  // The operator's bounds (1,000,000 at once and in a balance, by default) are said and held before sending.
  const sent: string[] = [];
  page.on("request", (sending) => {
    if (sending.method() === "POST" && new URL(sending.url()).pathname === "/api/business/wallet") sent.push(sending.url());
  });
  await expect(dialog.getByText("At most 1,000,000 at once.")).toBeVisible();
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("1000001");
  await dialog.getByRole("textbox", { name: "Reason" }).fill("Too much at once");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText("Too many for one change: at most 1,000,000 credits.")).toBeVisible();
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("995000");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText("A balance may hold at most 1,000,000 credits: add at most 990,000.")).toBeVisible();
  expect(sent).toEqual([]);
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("2500");
  await dialog.getByRole("textbox", { name: "Reason" }).fill("Holiday traffic");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog).toBeHidden();
  await expect(balance).toHaveText("12,500");
  await expect(ledger.getByRole("row").nth(1)).toContainText("+2,500");
  await expect(ledger.getByRole("row").nth(1)).toContainText("Holiday traffic");
  // On the phone every entry is a card: its reason is on the screen, not in a column scrolled off it.
  const reason = ledger.getByRole("row").nth(1).getByText("Holiday traffic");
  const reasonBox = (await reason.boundingBox())!;
  expect(reasonBox.x + reasonBox.width).toBeLessThanOrEqual(390);

  // Taking back more than the wallet holds is refused and changes nothing.
  await page.getByRole("button", { name: "Top up / claw back" }).click();
  await dialog.getByRole("combobox", { name: "Change" }).selectOption("clawback");
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("20000");
  await dialog.getByRole("textbox", { name: "Reason" }).fill("Too much");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog.getByText("The wallet has 12,500 credits; it cannot go below 0.")).toBeVisible();
  await dialog.getByRole("spinbutton", { name: "Amount" }).fill("500");
  await dialog.getByRole("button", { name: "Apply" }).click();
  await expect(dialog).toBeHidden();
  await expect(balance).toHaveText("12,000");
  await expect(ledger.getByRole("row").nth(1)).toContainText("−500");

  // End-user activity sits beside the members' (none yet), and nothing overflows the phone's width.
  await expect(page.getByTestId("channel-widget")).toContainText("Widget");
  await expect(page.getByTestId("end-users-total")).toHaveText("0");
  await expect(page.getByRole("heading", { name: "No end users yet" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
  await expect(balance).toHaveCSS("color", "rgb(244, 244, 245)");
  await page.screenshot({ path: "test-results/dashboard-wallet-390-dark.png", fullPage: true });

  // At 1280 px the ledger is a table beside the other cards: a change or balance stays on one line.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
  for (const figure of [ledger.getByRole("cell", { name: "+10,000" }), ledger.getByRole("cell", { name: "12,000", exact: true })]) {
    // The text's own boxes, one per line it takes (the cell's wrapper box aside).
    const lines = await figure.evaluate((cell) => {
      const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT).nextNode()!;
      const range = document.createRange();
      range.selectNodeContents(text);
      return range.getClientRects().length;
    });
    expect(lines, `${await figure.textContent()} is on one line`).toBe(1);
  }
  await page.screenshot({ path: "test-results/dashboard-wallet-1280.png", fullPage: true });

  // The API agrees with the page.
  const wallet = await request.get("/api/business/wallet", { headers: { authorization: `Bearer ${admin.access}` } });
  expect(await wallet.json()).toMatchObject({ balance: 12_000, count: 3 });
});
