import { expect, type Locator, type Page } from "@playwright/test";

/** /users: the admin's table of users, the create-user dialog and the invite dialog. */
export class UsersPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/users");
    await expect(this.page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  }

  row(email: string): Locator {
    return this.page.getByRole("row").filter({ hasText: email });
  }

  async createUser(input: { name: string; email: string; role: string; password?: string }) {
    await this.page.getByRole("button", { name: "Create user" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create user" });
    // By role and accessible name: the required fields' labels also hold a decorative "*".
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(input.name);
    await dialog.getByRole("textbox", { name: "Email", exact: true }).fill(input.email);
    await dialog.getByRole("combobox", { name: "Role", exact: true }).selectOption(input.role);
    if (input.password) await dialog.getByLabel("Password").fill(input.password);
    await dialog.getByRole("button", { name: "Create user" }).click();
    return dialog;
  }

  /** Creates an invite and returns its code as shown (once) in the dialog. */
  async createInvite(role: string): Promise<string> {
    await this.page.getByRole("button", { name: "Create invite" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create invite" });
    await dialog.getByRole("combobox", { name: "Role", exact: true }).selectOption(role);
    await dialog.getByRole("button", { name: "Create invite" }).click();
    const done = this.page.getByRole("dialog", { name: "Invite created" });
    const code = done.getByRole("textbox", { name: "Invite code", exact: true });
    await expect(code).not.toHaveValue("");
    const value = await code.inputValue();
    // The link to share carries the code in its fragment, never in the query a server would log.
    const link = new URL(await done.getByRole("textbox", { name: "Sign-up link", exact: true }).inputValue());
    expect(link.search).toBe("");
    expect(new URLSearchParams(link.hash.slice(1)).get("invite")).toBe(value);
    await done.getByRole("button", { name: "Done" }).click();
    return value;
  }
}
