import { chromium } from "@playwright/test";
const base = process.argv[2] ?? "http://127.0.0.1:3201";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu"] });
for (const scheme of ["light", "dark"]) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
  const page = await ctx.newPage();
  await page.goto(base + "/");
  await page.screenshot({ path: `/tmp/me/home-${scheme}.png` });
  await page.goto(base + "/login");
  await page.getByLabel("Email").fill("viewer@demo.test");
  await page.getByLabel("Password").fill("demo-password-1");
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL(/\/(chat|dashboard)/);
  await page.goto(base + "/chat");
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/me/chat-${scheme}.png` });
  await ctx.close();
}
await browser.close();
