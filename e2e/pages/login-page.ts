import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

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

/**
 * Signs the tab in without the form, through next-auth's credentials callback as the form's script
 * calls it, then opens `landing` (or lets /login send the member home, as it does a signed-in
 * member). For journeys about what comes after signing in: they skip loading the sign-in page. The
 * form itself is what auth.spec.ts, accounts.spec.ts and users.spec.ts drive.
 */
export async function signInDirectly(page: Page, email: string, password = DEMO_PASSWORD, landing?: string) {
  await signInThrough(page.request, email, password);
  await page.goto(landing ?? "/login");
  if (landing) await expect(page).toHaveURL(new RegExp(`${landing}(/|\\?|$)`));
  else await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Puts the session cookie in the jar of `request` (a tab's or a browser context's): what the form's script does. */
export async function signInThrough(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await request.post("/api/auth/callback/credentials", { form: { email, password, csrfToken, json: "true" } });
  expect(signedIn.status(), `${email} could not sign in`).toBe(200);
}

/** A demo role's tab, signed in (without the form) and on the role's home. */
export function signInDirectlyAs(page: Page, role: keyof typeof DEMO) {
  return signInDirectly(page, DEMO[role], DEMO_PASSWORD, ROLE_HOME[role]);
}

/** The signed-in member's account menu in the navigation (name, storefront, Sign out). */
export function accountButton(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: /^Account: / });
}

/**
 * Opens a menu or drawer by its button, clicking again until it says it is open: the server's page shows
 * the button before the tab has hydrated, and a click before then does nothing, as it would for a person.
 */
async function openByButton(button: Locator) {
  await expect(async () => {
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true", { timeout: 1_000 });
  }).toPass();
}

/** Opens the account menu (Your account, the storefront, Sign out). */
export function openAccountMenu(page: Page) {
  return openByButton(accountButton(page));
}

/** Signs out through the account menu (on a wide screen) or the navigation drawer (on a narrow one). */
export async function signOut(page: Page) {
  const account = accountButton(page);
  if (await account.isVisible()) await openByButton(account);
  else await openByButton(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" }));
  await page.getByRole("button", { name: "Sign out" }).click();
}
