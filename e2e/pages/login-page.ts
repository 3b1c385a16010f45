import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO = {
  admin: "admin@demo.test",
  editor: "editor@demo.test",
  approver: "approver@demo.test",
  viewer: "viewer@demo.test",
} as const;

export const ROLE_HOME = { admin: "/dashboard", editor: "/products", approver: "/approvals", viewer: "/chat" } as const;

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
  }

  async fill(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  /** Signs in and waits to land on the given path (the role's home by default). */
  async signIn(email: string, password = DEMO_PASSWORD, landing?: string) {
    await this.goto();
    await this.fill(email, password);
    if (landing) await expect(this.page).toHaveURL(new RegExp(`${landing}(/|\\?|$)`));
    else await this.page.waitForURL((url) => !url.pathname.startsWith("/login"));
  }

  async signInAs(role: keyof typeof DEMO) {
    await this.signIn(DEMO[role], DEMO_PASSWORD, ROLE_HOME[role]);
  }
}

/** The signed-in member's account menu in the navigation (name, storefront, Sign out). */
export function accountButton(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: /^Account: / });
}

/** Signs out through the account menu (on a wide screen) or the navigation drawer (on a narrow one). */
export async function signOut(page: Page) {
  const account = accountButton(page);
  if (await account.isVisible()) await account.click();
  else await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
}
