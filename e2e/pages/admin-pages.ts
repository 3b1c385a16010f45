import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

/** /dashboard: KPI cards, the four charts, the pending queue, recent activity and usage. */
export class DashboardPage {
  readonly heading: Locator;
  readonly kpis: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Dashboard" });
    this.kpis = page.getByTestId("kpi");
  }

  async goto() {
    await this.page.goto("/dashboard");
    await expect(this.heading).toBeVisible();
  }

  kpi(label: string): Locator {
    return this.kpis.filter({ has: this.page.getByText(label, { exact: true }) }).locator("dd").first();
  }

  chart(testId: "chart-messages" | "chart-credits" | "chart-purchases" | "chart-products"): Locator {
    return this.page.getByTestId(testId);
  }
}

/** /settings: the business and assistant settings form. */
export class SettingsPage {
  readonly saveButton: Locator;

  constructor(private readonly page: Page) {
    this.saveButton = page.getByRole("button", { name: "Save settings" });
  }

  async goto() {
    await this.page.goto("/settings");
    // The form arrives disabled and opens once hydrated: typing before that would be overwritten.
    await expect(this.field("Assistant name")).toBeEditable();
  }

  /** A text or number field by its accessible name (required fields' labels carry a decorative asterisk). */
  field(label: string): Locator {
    return this.page.getByRole("textbox", { name: label, exact: true }).or(this.page.getByRole("spinbutton", { name: label, exact: true }));
  }

  async save() {
    await this.saveButton.click();
  }
}

/** A fresh business with its admin, registered through the API so a test never changes the demo business. */
export async function registerBusiness(request: APIRequestContext, label: string) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `${label}-${suffix}@e2e.test`;
  const password = "e2e-password-123";
  const response = await request.post("/api/auth/register", {
    data: { email, password, name: `${label} Admin`, businessName: `${label} Business ${suffix}` },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { access: string; user: { id: string } };
  return { email, password, access: body.access, userId: body.user.id, suffix };
}

/**
 * The demo business's Users figure: its four seeded members, and any a journey running beside this one
 * added (the chat journeys add a viewer of their own).
 */
export const DEMO_USERS_FIGURE = /^(?:[4-9]|[1-9]\d+)$/;
