import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEFAULT_PAGE_SIZE } from "../lib/pagination";
import { registerBusiness } from "./pages/admin-pages";
import { DEMO, LoginPage, signInDirectly, signOut } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

test("an admin creates a user in /users who can then sign in", async ({ page }) => {
  await new LoginPage(page).signInAs("admin");
  const users = new UsersPage(page);
  await users.goto();
  for (const column of ["Name", "Email", "Role", "Status", "Credits", "Last login"]) {
    await expect(page.getByRole("table", { name: "Users" }).getByRole("columnheader", { name: column, exact: true })).toBeVisible();
  }

  const email = `ed-${randomUUID().slice(0, 8)}@example.test`;
  const dialog = await users.createUser({ name: "Edda Editor", email, role: "editor", password: "edda's passphrase" });
  await expect(dialog).toBeHidden();
  const row = users.row(email);
  await expect(row).toContainText("Edda Editor");
  await expect(row.getByLabel("Role for Edda Editor")).toHaveValue("editor");
  await expect(row).toContainText("Active");
  await expect(row).toContainText("Never");

  await signOut(page);
  await expect(page).toHaveURL(/\/login/);
  await new LoginPage(page).signIn(email, "edda's passphrase", "/products");
});

test("an admin invites someone, who joins with the code in the invite's role", async ({ page, browser }) => {
  await new LoginPage(page).signInAs("admin");
  const users = new UsersPage(page);
  await users.goto();
  const code = await users.createInvite("approver");

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto("/register");
  await newcomer.getByRole("radio", { name: /Join with an invite code/ }).check();
  await newcomer.getByLabel("Name", { exact: true }).fill("Ivy Invitee");
  const email = `ivy-${randomUUID().slice(0, 8)}@example.test`;
  await newcomer.getByLabel("Email", { exact: true }).fill(email);
  await newcomer.getByLabel("Password", { exact: true }).fill("ivy's long passphrase");
  await newcomer.getByLabel("Invite code", { exact: true }).fill(code);
  await newcomer.getByRole("button", { name: "Create account" }).click();
  await expect(newcomer).toHaveURL(/\/approvals$/);
  await context.close();

  await page.reload();
  await expect(users.row(email).getByLabel("Role for Ivy Invitee")).toHaveValue("approver");
});

test("revoking the last invite on the second page says where the invites now end and goes there", async ({ page, request }) => {
  const admin = await registerBusiness(request, "invites");
  const headers = { authorization: `Bearer ${admin.access}` };
  // One more than a page, newest first: the second page holds the oldest, the only approver's invite.
  for (const role of ["approver", ...Array.from({ length: DEFAULT_PAGE_SIZE }, () => "viewer")]) {
    const created = await request.post("/api/invites", { headers, data: { role } });
    expect(created.status(), await created.text()).toBe(201);
  }

  await signInDirectly(page, admin.email, admin.password, "/users");
  const invites = page.getByRole("region", { name: "Pending invites" });
  const rows = invites.getByRole("table", { name: "Pending invites" }).getByRole("row");
  await expect(rows).toHaveCount(DEFAULT_PAGE_SIZE + 1);
  await invites.getByRole("button", { name: "Next page" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Approver");
  await rows.nth(1).getByRole("button", { name: "Revoke the invite for Anyone with the code" }).click();
  await page.getByRole("dialog", { name: "Revoke this invite?" }).getByRole("button", { name: "Revoke invite" }).click();

  await expect(invites.getByText("This list ends on page 1.")).toBeVisible();
  await invites.getByRole("button", { name: "Go to page 1" }).click();
  await expect(rows).toHaveCount(DEFAULT_PAGE_SIZE + 1);
  await expect(invites.getByText("Approver")).toHaveCount(0);
});

test("an admin changes a role and deactivates a user, who can no longer sign in; reactivating restores access", async ({ page, browser }) => {
  await new LoginPage(page).signInAs("admin");
  const users = new UsersPage(page);
  await users.goto();
  const email = `val-${randomUUID().slice(0, 8)}@example.test`;
  await users.createUser({ name: "Val Tester", email, role: "viewer", password: "val's passphrase" });
  const row = users.row(email);
  await expect(row).toBeVisible();

  // A role changes only once confirmed: an arrow key on the select proposes the next role and asks first.
  const roleSelect = row.getByLabel("Role for Val Tester");
  await roleSelect.focus();
  // Val is a viewer, the last role in the list: the arrow towards the others.
  await page.keyboard.press("ArrowUp");
  const ask = page.getByRole("dialog", { name: "Change Val Tester's role?" });
  await expect(ask).toBeVisible();
  await page.screenshot({ path: "test-results/users-role-confirm.png" });
  await page.keyboard.press("Escape");
  await expect(ask).toBeHidden();
  await expect(roleSelect).toHaveValue("viewer");
  await page.reload();
  await expect(users.row(email).getByLabel("Role for Val Tester")).toHaveValue("viewer");

  await users.row(email).getByLabel("Role for Val Tester").selectOption("approver");
  await ask.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText("Val Tester is now approver.")).toBeVisible();
  await expect(ask).toBeHidden();

  await row.getByRole("button", { name: "Deactivate Val Tester" }).click();
  const confirm = page.getByRole("dialog", { name: "Deactivate Val Tester?" });
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Inactive");

  const context = await browser.newContext();
  const vic = await context.newPage();
  const login = new LoginPage(vic);
  await login.goto();
  await login.fill(email, "val's passphrase");
  await expect(vic.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");

  await row.getByRole("button", { name: "Reactivate Val Tester" }).click();
  await expect(row).toContainText("Active");
  await login.signIn(email, "val's passphrase", "/approvals");
  await context.close();
});

test("the last admin cannot demote themselves: the error is shown and the role stays", async ({ page }) => {
  // A fresh business has exactly one admin.
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill("Solo Admin");
  const email = `solo-${randomUUID().slice(0, 8)}@example.test`;
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("solo's passphrase");
  await page.getByLabel("Business name", { exact: true }).fill(`Solo Shop ${randomUUID().slice(0, 4)}`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  const users = new UsersPage(page);
  await users.goto();
  const row = users.row(email);
  await row.getByLabel("Role for Solo Admin").selectOption("viewer");
  await page.getByRole("dialog", { name: "Change Solo Admin's role?" }).getByRole("button", { name: "Change role" }).click();
  await expect(page.getByText(/last active admin/i)).toBeVisible();
  await expect(row.getByLabel("Role for Solo Admin")).toHaveValue("admin");
});

test("/users is for admins only", async ({ page }) => {
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fusers$/);
  await new LoginPage(page).fill(DEMO.editor, "demo-password-1");
  await expect(page).toHaveURL(/\/products$/);
});
