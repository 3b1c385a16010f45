import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { auditLog, passwordResetTokens, users } from "@/db/schema";
import { mailResetLink } from "@/lib/auth/account";
import { voidPasswordResetTokens } from "@/lib/auth/queries";
import { digest } from "@/lib/auth/tokens";
import { sessionCookieName } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createBusiness, createUser, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";
import { moveOwnEmail } from "@/lib/users/queries";
import { linkIn, MAIL_APP_URL as APP_URL, smtpServerForFile } from "@/test/smtp";
import { GET as listUsers, POST as createUserRoute } from "@/app/api/users/route";
import { DELETE as deactivateUser, PATCH as updateUser } from "@/app/api/users/[id]/route";
import { POST as login } from "./login/route";
import { GET as me, PATCH as updateMe } from "./me/route";
import { GET as mintToken } from "./mint-token/route";
import { POST as changePassword } from "./password/route";
import { POST as forgot } from "./password/forgot/route";
import { POST as reset } from "./password/reset/route";
import { POST as refresh } from "./refresh/route";

let nextAddress = 1;
const from = () => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(`198.20.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`) });

const smtp = smtpServerForFile();

async function member(role: "viewer" | "admin" = "viewer") {
  const business = await createBusiness({ name: `Password Co ${randomUUID().slice(0, 6)}` });
  const user = await createUser({ businessId: business.id, role });
  return { business, user };
}

async function signIn(email: string, password: string) {
  return callRoute(login, { body: { email, password }, headers: from() });
}

async function resetLinkFor(email: string, count = 1) {
  const mail = await smtp.mailTo(email, count);
  const link = linkIn(mail, `${APP_URL}/reset-password`);
  return { mail, link, token: new URLSearchParams(link.hash.slice(1)).get("token")! };
}

describe("forgot password → reset by email", () => {
  it("mails a single-use link to the app's address; the token is stored hashed; the new password signs in and the old one does not", async () => {
    const { user } = await member();
    const asked = await callRoute(forgot, { body: { email: user.email.toUpperCase() }, headers: from() });
    expect(asked.status).toBe(202);

    const { mail, link, token } = await resetLinkFor(user.email);
    expect(mail.subject).toBe("Reset your Product Assistant password");
    expect(mail.html).toContain(link.href.replaceAll("&", "&amp;"));
    // The token rides in the fragment, which browsers never send to a server.
    expect(link.pathname).toBe("/reset-password");
    expect(link.search).toBe("");
    expect(token.length).toBeGreaterThanOrEqual(40);

    const rows = await getDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(digest(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const lifetime = new Date(rows[0]!.expiresAt).getTime() - new Date(rows[0]!.createdAt).getTime();
    expect(lifetime).toBe(30 * 60 * 1000);

    const done = await callRoute(reset, { body: { token, password: "a fresh password" }, headers: from() });
    expect(done.status).toBe(204);
    expect((await signIn(user.email, "a fresh password")).status).toBe(200);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(401);

    const again = await callRoute(reset, { body: { token, password: "another password" }, headers: from() });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: "invalid_request", fields: { token: [expect.any(String)] } });
    expect((await signIn(user.email, "another password")).status).toBe(401);

    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "user.password_reset")));
    expect(audit).toHaveLength(1);
  });

  it("refuses an expired link, and an earlier link once a newer one is asked for", async () => {
    const { user } = await member();
    await callRoute(forgot, { body: { email: user.email }, headers: from() });
    const first = await resetLinkFor(user.email, 1);
    await callRoute(forgot, { body: { email: user.email }, headers: from() });
    const second = await resetLinkFor(user.email, 2);
    expect(second.token).not.toBe(first.token);

    expect((await callRoute(reset, { body: { token: first.token, password: "from the old link" }, headers: from() })).status).toBe(400);
    await getDb().update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetTokens.tokenHash, digest(second.token)));
    expect((await callRoute(reset, { body: { token: second.token, password: "too late for this" }, headers: from() })).status).toBe(400);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("answers an unknown email exactly as a known one, and mails nobody", async () => {
    const { user } = await member();
    const unknown = uniqueEmail("nobody");
    const forUnknown = await callRoute(forgot, { body: { email: unknown }, headers: from() });
    const forKnown = await callRoute(forgot, { body: { email: user.email }, headers: from() });
    expect(forUnknown.status).toBe(202);
    expect(forUnknown.text).toBe(forKnown.text);
    await smtp.mailTo(user.email);
    // The unknown address was asked first: had it been mailed, it would have arrived by now.
    expect(smtp.mailsTo(unknown)).toEqual([]);
  });

  it("a deactivated account gets no link, and a link sent before the deactivation no longer works", async () => {
    const { user } = await member();
    await callRoute(forgot, { body: { email: user.email }, headers: from() });
    const { token } = await resetLinkFor(user.email);
    await getDb().update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await callRoute(reset, { body: { token, password: "back in again" }, headers: from() })).status).toBe(400);
  });

  it("a link sent before a deactivation stays void after the reactivation, as the account's tokens do", async () => {
    const { business, user } = await member();
    const adminToken = await tokenFor(await createUser({ businessId: business.id, role: "admin" }));
    await callRoute(forgot, { body: { email: user.email }, headers: from() });
    const { token } = await resetLinkFor(user.email);
    expect((await callRoute(deactivateUser, { method: "DELETE", token: adminToken, params: { id: user.id } })).status).toBe(204);
    expect((await callRoute(updateUser, { method: "PATCH", token: adminToken, params: { id: user.id }, body: { active: true } })).status).toBe(200);

    const refused = await callRoute(reset, { body: { token, password: "back in again" }, headers: from() });
    expect(refused.status).toBe(400);
    expect(refused.body.fields.token).toBeDefined();
    expect((await signIn(user.email, "back in again")).status).toBe(401);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("a link asked for the old address while the account moves to a new one is not mailed there (concurrent transactions: Postgres)", async () => {
    const { user } = await member();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the reset cannot wait while the move is open
    const newEmail = uniqueEmail("moved");
    // An email change being confirmed: the account's row locked, then moved and its reset links voided.
    const moving = await heldTransaction(
      async (tx) => {
        await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
      },
      async (tx) => {
        await moveOwnEmail(tx, { userId: user.id, email: newEmail });
        await voidPasswordResetTokens(tx, { userId: user.id });
      },
    );
    // What POST /api/auth/password/forgot does after its answer, for the address the account had.
    const mailing = mailResetLink(user.email.toLowerCase());
    await Promise.race([mailing, someoneWaitsForALock()]);
    await moving.finish();
    await mailing;
    expect(smtp.mailsTo(user.email)).toEqual([]);
    const live = await getDb()
      .select()
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), sql`${passwordResetTokens.usedAt} is null`));
    expect(live).toEqual([]);
  });

  it("limits requests per email (known or not) and per address, with Retry-After", async () => {
    const limit = env().RATE_LIMIT_PASSWORD_RESETS_PER_EMAIL_PER_HOUR;
    for (const email of [uniqueEmail("limited"), (await member()).user.email]) {
      for (let i = 0; i < limit; i++) expect((await callRoute(forgot, { body: { email }, headers: from() })).status).toBe(202);
      const over = await callRoute(forgot, { body: { email: email.toUpperCase() }, headers: from() });
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const address = from();
    const perAddress = env().RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR;
    for (let i = 0; i < perAddress; i++) expect((await callRoute(forgot, { body: { email: uniqueEmail("spray") }, headers: address })).status).toBe(202);
    expect((await callRoute(forgot, { body: { email: uniqueEmail("spray") }, headers: address })).status).toBe(429);
  });

  it("a reset signs out every session: refresh families, access tokens and browser cookies", async () => {
    const { user } = await member();
    const session = (await signIn(user.email, TEST_PASSWORD)).body;
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 60_000 });
    const cookie = `${sessionCookieName()}=${await encode({ token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId }, secret: env().NEXTAUTH_SECRET })}`;
    vi.useRealTimers();
    expect((await callRoute(mintToken, { headers: { cookie, ...from() } })).status).toBe(200);

    await callRoute(forgot, { body: { email: user.email }, headers: from() });
    const { token } = await resetLinkFor(user.email);
    expect((await callRoute(reset, { body: { token, password: "all new and shiny" }, headers: from() })).status).toBe(204);

    expect((await callRoute(me, { token: session.access })).status).toBe(401);
    expect((await callRoute(refresh, { body: { refresh: session.refresh }, headers: from() })).status).toBe(401);
    expect((await callRoute(mintToken, { headers: { cookie, ...from() } })).status).toBe(401);
  });

  it("refuses a malformed body with a JSON 400 and a too-short password with its field", async () => {
    expect((await callRoute(forgot, { body: { email: "not an email" }, headers: from() })).status).toBe(400);
    const short = await callRoute(reset, { body: { token: "x".repeat(43), password: "short" }, headers: from() });
    expect(short.status).toBe(400);
    expect(short.body.fields.password).toBeDefined();
  });
});

describe("POST /api/auth/password", () => {
  afterEach(() => vi.useRealTimers());

  it("needs the current password, keeps the caller's session and revokes every other one", async () => {
    const { user } = await member();
    const here = (await signIn(user.email, TEST_PASSWORD)).body;
    const elsewhere = (await signIn(user.email, TEST_PASSWORD)).body;
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 60_000 });
    const browser = `${sessionCookieName()}=${await encode({ token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId }, secret: env().NEXTAUTH_SECRET })}`;
    vi.useRealTimers();

    const wrong = await callRoute(changePassword, { token: here.access, body: { currentPassword: "not it at all", newPassword: "my new password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.currentPassword).toEqual(["The current password is not right."]);

    const same = await callRoute(changePassword, { token: here.access, body: { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD } });
    expect(same.status).toBe(400);
    expect(same.body.fields.newPassword).toBeDefined();

    const changed = await callRoute(changePassword, { token: here.access, body: { currentPassword: TEST_PASSWORD, newPassword: "my new password" } });
    expect(changed.status).toBe(204);

    // This session goes on: its access token and its refresh token still work.
    expect((await callRoute(me, { token: here.access })).status).toBe(200);
    expect((await callRoute(refresh, { body: { refresh: here.refresh }, headers: from() })).status).toBe(200);
    // Every other one ended: the other family, its access token, and a browser signed in before.
    expect((await callRoute(me, { token: elsewhere.access })).status).toBe(401);
    expect((await callRoute(refresh, { body: { refresh: elsewhere.refresh }, headers: from() })).status).toBe(401);
    expect((await callRoute(mintToken, { headers: { cookie: browser, ...from() } })).status).toBe(401);
    // A session cookie names the password it was signed in with: one rewritten after the change (a
    // stolen cookie kept fresh by polling) is still refused, whatever its time.
    const claims = { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId };
    const rewritten = `${sessionCookieName()}=${await encode({ token: { ...claims, pwd: 0 }, secret: env().NEXTAUTH_SECRET })}`;
    expect((await callRoute(mintToken, { headers: { cookie: rewritten, ...from() } })).status).toBe(401);
    const [{ changedAt }] = await getDb().select({ changedAt: users.passwordChangedAt }).from(users).where(eq(users.id, user.id)) as [{ changedAt: Date }];
    const current = `${sessionCookieName()}=${await encode({ token: { ...claims, pwd: new Date(changedAt).getTime() }, secret: env().NEXTAUTH_SECRET })}`;
    expect((await callRoute(mintToken, { headers: { cookie: current, ...from() } })).status).toBe(200);

    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await signIn(user.email, "my new password")).status).toBe(200);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "user.password_change")));
    expect(audit).toHaveLength(1);
  });

  it("limits wrong current passwords per account", async () => {
    const { user } = await member();
    const token = await tokenFor(user);
    const limit = env().RATE_LIMIT_PASSWORD_CHANGES_PER_ACCOUNT_PER_HOUR;
    for (let i = 0; i < limit; i++) {
      expect((await callRoute(changePassword, { token, body: { currentPassword: `guess number ${i}`, newPassword: "my new password" } })).status).toBe(400);
    }
    const over = await callRoute(changePassword, { token, body: { currentPassword: "one guess too many", newPassword: "my new password" } });
    expect(over.status).toBe(429);
    // Past the limit not even the right password is checked: the answer says nothing about a guess.
    const right = await callRoute(changePassword, { token, body: { currentPassword: TEST_PASSWORD, newPassword: "my new password" } });
    expect(right.status).toBe(429);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });
});

describe("a temporary password", () => {
  it("must be changed before any other call; then the account works as any other", async () => {
    const { user: admin } = await member("admin");
    const adminToken = await tokenFor(admin);
    const email = uniqueEmail("temporary");
    const created = await callRoute(createUserRoute, { token: adminToken, body: { email, name: "Tempo Rary", role: "editor" }, headers: from() });
    expect(created.status).toBe(201);
    const temporary = created.body.temporaryPassword as string;

    const first = await signIn(email, temporary);
    expect(first.status).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const token = first.body.access as string;

    const profile = await callRoute(me, { token });
    expect(profile.status).toBe(200);
    expect(profile.body.mustChangePassword).toBe(true);
    const refused = await callRoute(listUsers, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("password_change_required");
    expect((await callRoute(updateMe, { method: "PATCH", token, body: { name: "Someone Else" } })).body.error).toBe("password_change_required");

    expect((await callRoute(changePassword, { token, body: { currentPassword: temporary, newPassword: "chosen by me at last" } })).status).toBe(204);
    // The same token, on the very next call: the change reached every cached copy of the account.
    expect((await callRoute(me, { token })).body.mustChangePassword).toBe(false);
    expect((await callRoute(updateMe, { method: "PATCH", token, body: { name: "Tempo Permanent" } })).status).toBe(200);
    const again = await signIn(email, "chosen by me at last");
    expect(again.body.mustChangePassword).toBe(false);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "user.password_change"), eq(auditLog.entityId, first.body.user.id)));
    expect(audit[0]!.summary).toEqual({ required: true });
  });

  it("an admin's chosen password is not temporary", async () => {
    const { user: admin } = await member("admin");
    const email = uniqueEmail("chosen");
    await callRoute(createUserRoute, { token: await tokenFor(admin), body: { email, name: "Chosen", role: "viewer", password: "picked by the admin" }, headers: from() });
    expect((await signIn(email, "picked by the admin")).body.mustChangePassword).toBe(false);
  });
});

describe("PATCH /api/auth/me", () => {
  it("renames the caller; a new email needs the current password and must be free, and waits for its link", async () => {
    const { user } = await member();
    const { user: other } = await member();
    const token = await tokenFor(user);
    const renamed = await callRoute(updateMe, { method: "PATCH", token, body: { name: "  Renée Renamed " } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user.name).toBe("Renée Renamed");

    const newEmail = uniqueEmail("moved");
    const noPassword = await callRoute(updateMe, { method: "PATCH", token, body: { email: newEmail } });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.fields.currentPassword).toBeDefined();
    const taken = await callRoute(updateMe, { method: "PATCH", token, body: { email: other.email.toUpperCase(), currentPassword: TEST_PASSWORD } });
    expect(taken.status).toBe(409);
    expect(taken.text).not.toContain(other.email);
    const moved = await callRoute(updateMe, { method: "PATCH", token, body: { email: newEmail, currentPassword: TEST_PASSWORD } });
    expect(moved.status).toBe(200);
    // Only asked for until the mailed link is opened (app/api/auth/email-change.test.ts).
    expect(moved.body.user).toMatchObject({ email: user.email, pendingEmail: newEmail });
    expect((await signIn(newEmail, TEST_PASSWORD)).status).toBe(401);
    expect((await callRoute(updateMe, { method: "PATCH", token, body: {} })).status).toBe(400);
  });

  it("writes the caller's own address in another letter case as asked, without the password (it is the same mailbox)", async () => {
    const { user } = await member();
    const token = await tokenFor(user);
    const recased = user.email.replace(/^./, (first) => first.toUpperCase());
    expect(recased).not.toBe(user.email);
    const changed = await callRoute(updateMe, { method: "PATCH", token, body: { email: recased } });
    expect(changed.status).toBe(200);
    expect(changed.body.user.email).toBe(recased);
    expect((await callRoute(me, { token })).body.user.email).toBe(recased);
    expect((await signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });
});
