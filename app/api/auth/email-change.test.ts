import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { auditLog, emailChanges, invites, passwordResetTokens, users } from "@/db/schema";
import { digest } from "@/lib/auth/tokens";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createBusiness, createUser, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { linkIn, MAIL_APP_URL as APP_URL, smtpServerForFile } from "@/test/smtp";
import { POST as createInvite } from "@/app/api/invites/route";
import { DELETE as deactivateUser, PATCH as updateUser } from "@/app/api/users/[id]/route";
import { POST as confirm } from "./email/confirm/route";
import { DELETE as cancel, POST as resend } from "./email/route";
import { POST as login } from "./login/route";
import { GET as me, PATCH as updateMe } from "./me/route";
import { POST as forgot } from "./password/forgot/route";
import { POST as reset } from "./password/reset/route";
import { POST as changePassword } from "./password/route";

let nextAddress = 1;
const from = () => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(`198.21.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`) });

const smtp = smtpServerForFile();

async function member(role: "viewer" | "admin" = "viewer") {
  const business = await createBusiness({ name: `Email Co ${randomUUID().slice(0, 6)}` });
  const user = await createUser({ businessId: business.id, role });
  return { business, user, token: await tokenFor(user) };
}

async function signIn(email: string, password = TEST_PASSWORD) {
  return callRoute(login, { body: { email, password }, headers: from() });
}

async function askFor(token: string, email: string) {
  return callRoute(updateMe, { method: "PATCH", token, body: { email, currentPassword: TEST_PASSWORD }, headers: from() });
}

/** The `count`-th confirmation link mailed to `email`. */
async function confirmLinkFor(email: string, count = 1) {
  const mail = await smtp.mailTo(email, count);
  const link = linkIn(mail, `${APP_URL}/confirm-email`);
  return { mail, link, token: new URLSearchParams(link.hash.slice(1)).get("token")! };
}

async function emailOf(userId: string) {
  const [row] = await getDb().select({ email: users.email }).from(users).where(eq(users.id, userId));
  return row!.email;
}

describe("changing one's email", () => {
  it("keeps a new address pending, mails a single-use link to it and a notice to the old one; the link applies it and sessions go on", async () => {
    const { user, token } = await member();
    const newEmail = uniqueEmail("moving");
    const asked = await askFor(token, newEmail);
    expect(asked.status).toBe(200);
    expect(asked.body.user).toMatchObject({ email: user.email, pendingEmail: newEmail });
    expect((await callRoute(me, { token })).body.user).toMatchObject({ email: user.email, pendingEmail: newEmail });
    expect(await emailOf(user.id)).toBe(user.email);
    expect((await signIn(newEmail)).status).toBe(401);

    const { mail, link, token: linkToken } = await confirmLinkFor(newEmail);
    expect(mail.subject).toBe("Confirm your new Product Assistant email");
    expect(link.pathname).toBe("/confirm-email");
    expect(link.search).toBe("");
    expect(linkToken.length).toBeGreaterThanOrEqual(40);
    const rows = await getDb().select().from(emailChanges).where(eq(emailChanges.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(digest(linkToken));
    expect(JSON.stringify(rows)).not.toContain(linkToken);
    expect(new Date(rows[0]!.expiresAt).getTime() - new Date(rows[0]!.createdAt).getTime()).toBe(24 * 60 * 60 * 1000);

    const notice = await smtp.mailTo(user.email);
    expect(notice.subject).toBe("Your Product Assistant email is about to change");
    expect(notice.text).toContain(newEmail);
    expect(notice.text).not.toContain("/confirm-email");

    // A reset link mailed to the old address must not outlive the move.
    await callRoute(forgot, { body: { email: user.email }, headers: from() });
    await smtp.mailTo(user.email, 2);
    const signedIn = await signIn(user.email);
    expect(signedIn.status).toBe(200);

    const done = await callRoute(confirm, { body: { token: linkToken }, headers: from() });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ email: newEmail });
    expect(await emailOf(user.id)).toBe(newEmail);
    expect((await signIn(newEmail)).status).toBe(200);
    expect((await signIn(user.email)).status).toBe(401);
    // The session opened before goes on, with the new address.
    expect((await callRoute(me, { token: signedIn.body.access })).body.user).toMatchObject({ email: newEmail, pendingEmail: null });
    const liveResets = await getDb()
      .select()
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), sql`${passwordResetTokens.usedAt} is null`));
    expect(liveResets).toEqual([]);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "user.profile_update")));
    expect(audit.map((entry) => entry.summary)).toContainEqual({ email: { from: user.email, to: newEmail }, confirmedByLink: true });

    const again = await callRoute(confirm, { body: { token: linkToken }, headers: from() });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: "invalid_request", fields: { token: [expect.any(String)] } });
    expect((await callRoute(me, { token: await tokenFor({ ...user, email: newEmail }) })).body.user.pendingEmail).toBeNull();
  });

  it("withdraws the business's invite to the address it confirms: that address has its account now", async () => {
    const { business, user } = await member();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const newEmail = uniqueEmail("invited-too");
    const invited = await callRoute(createInvite, { token: await tokenFor(admin), body: { role: "editor", email: newEmail }, headers: from() });
    expect(invited.status).toBe(201);
    expect((await askFor(await tokenFor(user), newEmail)).status).toBe(200);
    // The address's first mail is the invite; the second, the confirmation link.
    const { token: linkToken } = await confirmLinkFor(newEmail, 2);
    expect((await callRoute(confirm, { body: { token: linkToken }, headers: from() })).status).toBe(200);

    const [invite] = await getDb().select({ revokedAt: invites.revokedAt }).from(invites).where(eq(invites.id, invited.body.id));
    expect(invite!.revokedAt).not.toBeNull();
    const [audit] = await getDb()
      .select({ actorId: auditLog.actorId, summary: auditLog.summary })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, invited.body.id), eq(auditLog.action, "invite.revoke")));
    expect(audit).toEqual({ actorId: user.id, summary: { role: "editor", email: newEmail, reason: "address_became_member" } });
  });

  it("asks the password and a free address before mailing anything", async () => {
    const { user, token } = await member();
    const { user: other } = await member();
    const wrong = await callRoute(updateMe, { method: "PATCH", token, body: { email: uniqueEmail("nope"), currentPassword: "not my password" }, headers: from() });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.currentPassword).toBeDefined();
    expect((await askFor(token, other.email.toUpperCase())).status).toBe(409);
    expect(await getDb().select().from(emailChanges).where(eq(emailChanges.userId, user.id))).toEqual([]);
    expect(smtp.mailsTo(user.email)).toEqual([]);
  });

  it("refuses an expired link and no longer shows its address as pending", async () => {
    const { user, token } = await member();
    const newEmail = uniqueEmail("late");
    await askFor(token, newEmail);
    const { token: linkToken } = await confirmLinkFor(newEmail);
    await getDb().update(emailChanges).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(emailChanges.userId, user.id));
    expect((await callRoute(me, { token })).body.user.pendingEmail).toBeNull();
    const late = await callRoute(confirm, { body: { token: linkToken }, headers: from() });
    expect(late.status).toBe(400);
    expect(late.body.fields.token).toBeDefined();
    expect(await emailOf(user.id)).toBe(user.email);
  });

  it("answers 409 and writes nothing when the address was taken meanwhile", async () => {
    const { business, user, token } = await member();
    const newEmail = uniqueEmail("contested");
    await askFor(token, newEmail);
    const { token: linkToken } = await confirmLinkFor(newEmail);
    await createUser({ businessId: business.id, email: newEmail.toUpperCase() });

    const taken = await callRoute(confirm, { body: { token: linkToken }, headers: from() });
    expect(taken.status).toBe(409);
    expect(taken.body.fields.email).toBeDefined();
    expect(await emailOf(user.id)).toBe(user.email);
    expect((await callRoute(me, { token })).status).toBe(200);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "user.profile_update")));
    expect(audit.filter((entry) => (entry.summary as { confirmedByLink?: boolean }).confirmedByLink)).toEqual([]);
  });

  it("refuses a link replaced by a newer ask or a resend; the newest one works", async () => {
    const { user, token } = await member();
    const first = uniqueEmail("first");
    const second = uniqueEmail("second");
    await askFor(token, first);
    const firstLink = await confirmLinkFor(first);
    await askFor(token, second);
    const secondLink = await confirmLinkFor(second);
    expect((await callRoute(confirm, { body: { token: firstLink.token }, headers: from() })).status).toBe(400);

    const resent = await callRoute(resend, { token, headers: from() });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ pendingEmail: second });
    const resentLink = await confirmLinkFor(second, 2);
    // A resend is not a new change: the old address heard of each ask once.
    expect(smtp.mailsTo(user.email)).toHaveLength(2);
    expect((await callRoute(confirm, { body: { token: secondLink.token }, headers: from() })).status).toBe(400);
    expect((await callRoute(confirm, { body: { token: resentLink.token }, headers: from() })).status).toBe(200);
    expect(await emailOf(user.id)).toBe(second);
  });

  it("cancels: the link stops working and nothing is pending; a resend then has nothing to send", async () => {
    const { user, token } = await member();
    const newEmail = uniqueEmail("cancelled");
    await askFor(token, newEmail);
    const { token: linkToken } = await confirmLinkFor(newEmail);
    expect((await callRoute(cancel, { method: "DELETE", token })).status).toBe(204);
    expect((await callRoute(cancel, { method: "DELETE", token })).status).toBe(204);
    expect((await callRoute(me, { token })).body.user.pendingEmail).toBeNull();
    expect((await callRoute(confirm, { body: { token: linkToken }, headers: from() })).status).toBe(400);
    expect((await callRoute(resend, { token, headers: from() })).status).toBe(404);
    expect(await emailOf(user.id)).toBe(user.email);
  });

  it("refuses a link of an account deactivated since, even once it is reactivated", async () => {
    const { business, user, token } = await member();
    const newEmail = uniqueEmail("gone");
    await askFor(token, newEmail);
    const { token: linkToken } = await confirmLinkFor(newEmail);
    await getDb().update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await callRoute(confirm, { body: { token: linkToken }, headers: from() })).status).toBe(400);
    await getDb().update(users).set({ active: true }).where(eq(users.id, user.id));

    const adminToken = await tokenFor(await createUser({ businessId: business.id, role: "admin" }));
    expect((await callRoute(deactivateUser, { method: "DELETE", token: adminToken, params: { id: user.id } })).status).toBe(204);
    expect((await callRoute(updateUser, { method: "PATCH", token: adminToken, params: { id: user.id }, body: { active: true } })).status).toBe(200);
    expect((await callRoute(confirm, { body: { token: linkToken }, headers: from() })).status).toBe(400);
    expect(await emailOf(user.id)).toBe(user.email);
  });

  it("a password reset or change drops the pending change: a link asked for with the old password moves nothing", async () => {
    // Whoever held a session and the password asked for their own mailbox; the owner takes the account back.
    const reclaimed = await member();
    const byReset = uniqueEmail("taker");
    await askFor(reclaimed.token, byReset);
    const resetCase = await confirmLinkFor(byReset);
    await callRoute(forgot, { body: { email: reclaimed.user.email }, headers: from() });
    const resetLink = linkIn(await smtp.mailTo(reclaimed.user.email, 2), `${APP_URL}/reset-password`);
    const resetToken = new URLSearchParams(resetLink.hash.slice(1)).get("token")!;
    expect((await callRoute(reset, { body: { token: resetToken, password: "the owner's own again" }, headers: from() })).status).toBe(204);
    expect((await callRoute(confirm, { body: { token: resetCase.token }, headers: from() })).status).toBe(400);
    expect(await emailOf(reclaimed.user.id)).toBe(reclaimed.user.email);

    const changed = await member();
    const byChange = uniqueEmail("taker");
    await askFor(changed.token, byChange);
    const changeCase = await confirmLinkFor(byChange);
    const owner = await tokenFor(changed.user);
    expect((await callRoute(changePassword, { token: owner, body: { currentPassword: TEST_PASSWORD, newPassword: "the owner's new one" }, headers: from() })).status).toBe(204);
    expect((await callRoute(me, { token: owner })).body.user.pendingEmail).toBeNull();
    expect((await callRoute(confirm, { body: { token: changeCase.token }, headers: from() })).status).toBe(400);
    expect(await emailOf(changed.user.id)).toBe(changed.user.email);
  });

  it("applies a link opened twice at the same moment once", async () => {
    if (getAppDatabase().kind !== "postgres") return; // one connection: the two confirms cannot overlap
    const { user, token } = await member();
    const newEmail = uniqueEmail("twice");
    await askFor(token, newEmail);
    const { token: linkToken } = await confirmLinkFor(newEmail);
    const answers = await Promise.all([0, 1].map(() => callRoute(confirm, { body: { token: linkToken }, headers: from() })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    expect(await emailOf(user.id)).toBe(newEmail);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.entityId, user.id), eq(auditLog.action, "user.profile_update")));
    expect(audit.filter((entry) => (entry.summary as { confirmedByLink?: boolean }).confirmedByLink)).toHaveLength(1);
  });

  it("answers a malformed or unknown token with a 400, never a 500", async () => {
    expect((await callRoute(confirm, { body: {}, headers: from() })).status).toBe(400);
    expect((await callRoute(confirm, { body: { token: 42 }, headers: from() })).status).toBe(400);
    expect((await callRoute(confirm, { body: { token: "x".repeat(43) }, headers: from() })).status).toBe(400);
  });
});
