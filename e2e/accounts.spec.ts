import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { MAIL_URL } from "../playwright.config";
import { recordTokens, tokensRefused } from "./fixtures/api";
import { picture } from "./fixtures/page-checks";
import { LoginPage, openAccountMenu, signOut } from "./pages/login-page";

const PASSWORD = "e2e-password-123";
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A new business and its admin, registered through the API; returns their access token too. */
async function newAdmin(request: APIRequestContext) {
  const suffix = unique();
  const email = `admin-${suffix}@e2e.test`;
  const response = await request.post("/api/auth/register", { data: { email, password: PASSWORD, name: "Avery Admin", businessName: `Accounts ${suffix}` } });
  expect(response.status(), await response.text()).toBe(201);
  const body = await response.json();
  return { email, businessName: `Accounts ${suffix}`, access: body.access as string };
}

/** The `count`-th mail the app sent to `address`, once it arrived at the mail catcher. */
async function mailTo(address: string, count = 1): Promise<{ subject: string; text: string }> {
  let mails: { subject: string; text: string }[] = [];
  await expect
    .poll(async () => {
      mails = await (await fetch(`${MAIL_URL}/mails?${new URLSearchParams({ to: address })}`)).json();
      return mails.length;
    })
    .toBeGreaterThanOrEqual(count);
  return mails[count - 1]!;
}

function linkIn(mail: { text: string }, path: string): string {
  const link = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]).find((candidate) => new URL(candidate).pathname === path);
  expect(link, mail.text).toBeDefined();
  return link!;
}

async function signOutEverywhere(page: Page) {
  await page.context().clearCookies();
}

test("a temporary password is replaced before any other page opens; a sign-out in another tab then ends every token the tab held", async ({ page, request }) => {
  const admin = await newAdmin(page.request);
  const email = `temp-${unique()}@e2e.test`;
  const created = await page.request.post("/api/users", {
    headers: { authorization: `Bearer ${admin.access}` },
    data: { email, name: "Tess Temporary", role: "editor" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const temporary = (await created.json()).temporaryPassword as string;
  await signOutEverywhere(page);

  const tokens = recordTokens(page);
  await new LoginPage(page).signIn(email, temporary, "/account");
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Your password was set by an admin" })).toBeVisible();
  await picture(page, test.info(), "account-forced-change-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await picture(page, test.info(), "account-forced-change-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Every other page sends them back here, however they get there.
  await page.goto("/products");
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/chat");
  await expect(page).toHaveURL(/\/account$/);

  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Temporary password").fill(temporary);
  await form.getByLabel("New password", { exact: true }).fill("my very own password");
  await form.getByLabel("Repeat the new password").fill("my very own password");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  // The browser signed in again with the new password: a reload stays signed in and is not sent back.
  await page.reload();
  await expect(page).toHaveURL(/\/products$/);

  // The tokens the tab held before the change belonged to the session the change ended: a sign-out of the
  // new one in another tab ends them as well as those minted since.
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  await expect.poll(() => tokens.length).toBeGreaterThan(1);
  const otherTab = await page.context().newPage();
  await otherTab.goto("/account");
  await signOut(otherTab);
  await expect(otherTab).toHaveURL(/\/login/);
  expect(await tokensRefused(request, tokens)).toEqual(tokens.map(() => true));
});

test("forgot password: the emailed link sets a new one, which signs in", async ({ page }) => {
  const admin = await newAdmin(page.request);
  await signOutEverywhere(page);
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses this email");
  await picture(page, test.info(), "forgot-password-sent");

  const mail = await mailTo(admin.email);
  expect(mail.subject).toBe("Reset your Product Assistant password");
  await page.goto(linkIn(mail, "/reset-password"));
  await page.getByLabel("New password", { exact: true }).fill("reset by email 42");
  await page.getByLabel("Repeat the new password").fill("reset by email 42");
  await picture(page, test.info(), "reset-password-form");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByRole("status")).toContainText("Your password was changed");

  const login = new LoginPage(page);
  await login.fill(admin.email, PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await login.signIn(admin.email, "reset by email 42", "/dashboard");

  // The link worked once.
  await signOutEverywhere(page);
  await page.goto(linkIn(mail, "/reset-password"));
  await page.getByLabel("New password", { exact: true }).fill("a second go at it");
  await page.getByLabel("Repeat the new password").fill("a second go at it");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "invalid, already used or expired" })).toBeVisible();
});

test("a browser whose session ended when the password changed on another device is sent to sign in again, and can", async ({ page }) => {
  const admin = await newAdmin(page.request);
  await signOutEverywhere(page);
  await new LoginPage(page).signIn(admin.email, PASSWORD, "/dashboard");

  // Another device (the API session the sign-up opened) changes the password: this browser's session ends.
  const changed = await page.request.post("/api/auth/password", {
    headers: { authorization: `Bearer ${admin.access}` },
    data: { currentPassword: PASSWORD, newPassword: "changed on another device" },
  });
  expect(changed.status(), await changed.text()).toBe(204);

  // The page finds the session over and sends the browser to sign in; /login no longer sends it back home
  // on the word of a cookie the server refuses.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  await expect(page.getByRole("form", { name: "Sign in" })).toBeVisible();
  await new LoginPage(page).fill(admin.email, "changed on another device");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("an emailed invite names the business and the role, is listed, resent, and joins with the address filled in", async ({ page }) => {
  const admin = await newAdmin(page.request);
  await signOutEverywhere(page);
  await new LoginPage(page).signIn(admin.email, PASSWORD, "/dashboard");
  await page.goto("/users");
  const invitee = `invitee-${unique()}@e2e.test`;

  await page.getByRole("button", { name: "Create invite" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Role").selectOption("editor");
  await dialog.getByLabel("Email").fill(invitee);
  await dialog.getByRole("button", { name: "Create invite" }).click();
  await expect(dialog.getByRole("status")).toContainText(`A link to join was emailed to ${invitee}`);
  await dialog.getByRole("button", { name: "Done" }).click();

  const pending = page.getByRole("table", { name: "Pending invites" });
  await expect(pending.getByRole("row").filter({ hasText: invitee })).toContainText("Avery Admin");
  await picture(page, test.info(), "users-pending-invites");
  await pending.getByRole("button", { name: `Resend the invite for ${invitee}` }).click();
  await expect(page.getByText(`The invite was sent to ${invitee} again.`)).toBeVisible();

  // Only the link of the second mail works now.
  const first = linkIn(await mailTo(invitee, 1), "/register");
  const second = linkIn(await mailTo(invitee, 2), "/register");
  expect(second).not.toBe(first);

  // The same address again: the form says an invite is already pending, and no second one is made.
  await page.getByRole("button", { name: "Create invite" }).click();
  await dialog.getByLabel("Email").fill(invitee);
  await dialog.getByRole("button", { name: "Create invite" }).click();
  await expect(dialog.getByText("An invite to this email is already pending. Resend it from Pending invites instead.")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(pending.getByRole("row").filter({ hasText: invitee })).toHaveCount(1);

  // An invite for anyone, revoked: it leaves the list.
  await page.getByRole("button", { name: "Create invite" }).click();
  await dialog.getByRole("button", { name: "Create invite" }).click();
  await dialog.getByRole("button", { name: "Done" }).click();
  await pending.getByRole("button", { name: "Revoke the invite for Anyone with the code" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invite" }).click();
  await expect(pending.getByRole("row").filter({ hasText: "Anyone with the code" })).toHaveCount(0);

  await signOutEverywhere(page);
  await page.goto(first);
  await expect(page.getByRole("alert").filter({ hasText: "This invite link is invalid" })).toBeVisible();
  // A link mailed before codes moved to the fragment still works, and its code leaves the address bar.
  await page.goto(second.replace("/register#", "/register?"));
  await expect(page.getByRole("heading", { level: 1, name: `Join ${admin.businessName}` })).toBeVisible();
  await expect(page).toHaveURL((url) => url.search === "" && new URLSearchParams(url.hash.slice(1)).has("invite"));
  expect(second).toContain("/register#invite=");
  await page.goto("about:blank");
  await page.goto(second);
  await expect(page.getByRole("heading", { level: 1, name: `Join ${admin.businessName}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`You are invited to join ${admin.businessName} as editor.`);
  const emailField = page.getByLabel("Email");
  await expect(emailField).toHaveValue(invitee);
  await expect(emailField).not.toBeEditable();
  await picture(page, test.info(), "invite-register-page");
  await page.getByLabel("Name").fill("Ivy Invitee");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/products$/);
});

test("the account page renames the member, and the navigation follows", async ({ page }) => {
  const admin = await newAdmin(page.request);
  await signOutEverywhere(page);
  await new LoginPage(page).signIn(admin.email, PASSWORD, "/dashboard");
  await openAccountMenu(page);
  await page.getByRole("link", { name: "Your account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Name").fill("Avery Renamed");
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: /^Account: Avery Renamed/ })).toBeVisible();
  await picture(page, test.info(), "account-profile-1280");

  // The same address in capitals is the same mailbox: no password asked, written at once, and kept after a reload.
  const capitalised = admin.email.replace(/^admin/, "Admin");
  await profile.getByLabel("Email").fill(capitalised);
  await expect(profile.getByLabel("Current password")).toHaveCount(0);
  await profile.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.").last()).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Profile" }).getByLabel("Email")).toHaveValue(capitalised);
});

/** A new admin, signed in, asks on /account to move their account to a new address (mailed a link). */
async function askForEmailChange(page: Page, label: string) {
  const admin = await newAdmin(page.request);
  const newEmail = `${label}-${unique()}@e2e.test`;
  await signOutEverywhere(page);
  await new LoginPage(page).signIn(admin.email, PASSWORD, "/dashboard");
  await page.goto("/account");
  const profile = page.getByRole("form", { name: "Profile" });
  await profile.getByLabel("Email").fill(newEmail);
  await profile.getByLabel("Current password").fill(PASSWORD);
  await profile.getByRole("button", { name: "Save profile" }).click();
  return { admin, newEmail, profile };
}

test("a new email waits for the link mailed to it; the old address is told; the link changes it once and the new address signs in", async ({ page }) => {
  const { admin, newEmail, profile } = await askForEmailChange(page, "moved");
  const pending = profile.getByRole("status").filter({ hasText: `We sent a link to ${newEmail}` });
  await expect(pending).toBeVisible();
  // Nothing moved yet: the field still holds the address that signs in.
  await expect(profile.getByLabel("Email")).toHaveValue(admin.email);
  await picture(page, test.info(), "account-email-pending");

  const notice = await mailTo(admin.email);
  expect(notice.subject).toBe("Your Product Assistant email is about to change");
  expect(notice.text).toContain(newEmail);
  // Resend replaces the first link: only the second one works.
  await pending.getByRole("button", { name: "Resend" }).click();
  await expect(page.getByText(`A new link is on its way to ${newEmail}`)).toBeVisible();
  const first = await mailTo(newEmail, 1);
  const second = await mailTo(newEmail, 2);
  expect(second.subject).toBe("Confirm your new Product Assistant email");

  // Opened where the mail is read, often another browser, signed out.
  await signOutEverywhere(page);
  await page.goto(linkIn(first, "/confirm-email"));
  await page.getByRole("button", { name: "Confirm the new email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "replaced by a newer one" })).toBeVisible();

  await page.goto(linkIn(second, "/confirm-email"));
  await page.getByRole("button", { name: "Confirm the new email" }).click();
  await expect(page.getByRole("status")).toContainText(`Your email is now ${newEmail}`);
  await picture(page, test.info(), "confirm-email-done");

  await page.goto("/login");
  const login = new LoginPage(page);
  await login.fill(admin.email, PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await login.signIn(newEmail, PASSWORD, "/dashboard");

  // The link worked once.
  await page.goto(linkIn(second, "/confirm-email"));
  await page.getByRole("button", { name: "Confirm the new email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already used" })).toBeVisible();
});

test("a pending email change can be cancelled from the account page, and its link then changes nothing", async ({ page }) => {
  const { newEmail, profile } = await askForEmailChange(page, "cancelled");
  const pending = profile.getByRole("status").filter({ hasText: `We sent a link to ${newEmail}` });
  await pending.getByRole("button", { name: "Cancel change" }).click();
  await expect(page.getByText("Email change cancelled.")).toBeVisible();
  await expect(pending).toBeHidden();

  await page.goto(linkIn(await mailTo(newEmail), "/confirm-email"));
  await page.getByRole("button", { name: "Confirm the new email" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "invalid" })).toBeVisible();
  // A refused link stays refused: the page offers the account page, not the same button again.
  await expect(page.getByRole("button", { name: "Confirm the new email" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Go to your account" })).toBeVisible();
});

test("a link confirmed in the browser its owner is signed in with shows the new address on the account page at once", async ({ page }) => {
  const { newEmail, profile } = await askForEmailChange(page, "here");
  await expect(profile.getByRole("status").filter({ hasText: `We sent a link to ${newEmail}` })).toBeVisible();

  await page.goto(linkIn(await mailTo(newEmail), "/confirm-email"));
  await page.getByRole("button", { name: "Confirm the new email" }).click();
  await expect(page.getByRole("status")).toContainText(`Your email is now ${newEmail}`);
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  const after = page.getByRole("form", { name: "Profile" });
  await expect(after.getByLabel("Email")).toHaveValue(newEmail);
  await expect(after.getByRole("status").filter({ hasText: "We sent a link to" })).toHaveCount(0);
});
