import "server-only";
import { getDb, isUniqueViolation, transaction } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sendMail } from "@/lib/mail/send";
import { passwordResetMail } from "@/lib/mail/templates";
import { enforceLimit } from "@/lib/rate-limit/limits";
import type { RequestContext } from "@/lib/request-context";
import { EMAIL_UNAVAILABLE_MESSAGE } from "@/lib/users/service";
import { getActiveUserByEmail, lockOwnAccount, setPasswordHash, updateOwnAccount } from "@/lib/users/queries";
import { changingMembers } from "./member-cache";
import { hashPassword, verifyPassword } from "./passwords";
import { insertPasswordResetToken, revokeRefreshTokens, spendPasswordResetToken, voidPasswordResetTokens } from "./queries";
import type { AuthenticatedUser } from "./require-user";
import type { ChangePasswordInput, ResetPasswordInput, UpdateProfileInput } from "./schemas";
import { digest, newRefreshToken } from "./tokens";

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 30;

const wrongCurrentPassword = () =>
  new AppError("invalid_request", "The current password is not right.", { fields: { currentPassword: ["The current password is not right."] } });

/**
 * Signed in (a temporary password too): replaces the password after checking the current one. Every
 * other refresh family of the user is revoked and every other browser session ends; the caller's own
 * family goes on. Throws 400 (wrong current password, which is also counted against a per-account
 * limit: 429 past it), 401.
 */
export async function changePassword(actor: AuthenticatedUser, input: ChangePasswordInput, ctx: RequestContext = {}): Promise<void> {
  const current = await lockOwnAccount(getDb(), { userId: actor.id });
  if (!current) throw new AppError("unauthorized", "The account is not active.");
  // Counted before the check, right or wrong: past the limit no guess is checked at all, so a
  // stolen access token cannot try passwords until one fits.
  await enforceLimit("password_change", { clientAddress: ctx.clientAddress, accountId: actor.id });
  if (!(await verifyPassword(current.passwordHash, input.currentPassword))) throw wrongCurrentPassword();
  if (input.newPassword === input.currentPassword) {
    throw new AppError("invalid_request", "Choose a password different from the current one.", {
      fields: { newPassword: ["Choose a password different from the current one."] },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await changingMembers(async (tx, changed) => {
    // Locked again inside the transaction: a change that raced this one is not overwritten unseen.
    const locked = await lockOwnAccount(tx, { userId: actor.id });
    if (!locked || locked.passwordHash !== current.passwordHash) throw new AppError("conflict", "The password was changed meanwhile. Sign in again.");
    const required = (await setPasswordHash(tx, { userId: actor.id, passwordHash })).wasRequired;
    await revokeRefreshTokens(tx, { userId: actor.id, exceptFamilyId: actor.familyId });
    await voidPasswordResetTokens(tx, { userId: actor.id });
    await changed([actor.businessId]);
    await recordAudit(tx, {
      actor,
      action: "user.password_change",
      entityType: "user",
      entityId: actor.id,
      summary: { required },
      requestId: ctx.requestId,
    });
  });
}

/**
 * Anyone: mails a single-use, 30-minute reset link when the email belongs to an active account.
 * The answer is the same whether or not it does (the caller answers 202 either way), and the
 * limits count every request, per address and per email asked about. Throws 429 only.
 */
export async function requestPasswordReset(input: { email: string }, ctx: RequestContext = {}): Promise<void> {
  const email = input.email.toLowerCase();
  await enforceLimit("password_forgot", { clientAddress: ctx.clientAddress, accountId: `email:${email}` });
  // Looked up, stored and sent after the answer: the time it takes says nothing about the address.
  void mailResetLink(email).catch((error: unknown) => logger().error({ err: error }, "password reset mail failed"));
}

async function mailResetLink(email: string): Promise<void> {
  const user = await getActiveUserByEmail(getDb(), { email });
  if (!user) return;
  const token = newRefreshToken();
  // One live link per user, even when two requests cross: the user's row serialises them.
  const stored = await transaction(async (tx) => {
    if (!(await lockOwnAccount(tx, { userId: user.id }))) return false;
    await insertPasswordResetToken(tx, { userId: user.id, tokenHash: digest(token), ttlMinutes: PASSWORD_RESET_TTL_MINUTES });
    return true;
  });
  if (!stored) return;
  // In the fragment, which browsers never send: the token stays out of server and proxy logs.
  const link = `${appUrl()}/reset-password#${new URLSearchParams({ token })}`;
  await sendMail(user.email, passwordResetMail({ name: user.name, link, validMinutes: PASSWORD_RESET_TTL_MINUTES }));
}

const invalidResetToken = () =>
  new AppError("invalid_request", "This reset link is invalid, already used or expired. Ask for a new one.", {
    fields: { token: ["This reset link is invalid, already used or expired."] },
  });

/**
 * Anyone holding a reset link: sets a new password and spends the token. Every refresh family of the
 * user is revoked and every browser session ends (whoever took over the account is signed out too),
 * and a temporary password counts as changed. Throws 400 (bad, used or expired token), 429.
 */
export async function resetPassword(input: ResetPasswordInput, ctx: RequestContext = {}): Promise<void> {
  await enforceLimit("password_reset", { clientAddress: ctx.clientAddress });
  const passwordHash = await hashPassword(input.password);
  await changingMembers(async (tx, changed) => {
    const owner = await spendPasswordResetToken(tx, { tokenHash: digest(input.token) });
    if (!owner) throw invalidResetToken();
    await setPasswordHash(tx, { userId: owner.userId, passwordHash });
    await revokeRefreshTokens(tx, { userId: owner.userId });
    await changed([owner.businessId]);
    await recordAudit(tx, {
      actor: { id: owner.userId, businessId: owner.businessId },
      action: "user.password_reset",
      entityType: "user",
      entityId: owner.userId,
      summary: {},
      requestId: ctx.requestId,
    });
  });
}

/**
 * Signed in: the caller's own name and email. A new email needs the current password (it is what
 * signs in, and where a reset link goes). Throws 400 (no or wrong password), 409 (email taken, in
 * the same words as a sign-up), 429.
 */
export async function updateProfile(
  actor: AuthenticatedUser,
  input: UpdateProfileInput,
  ctx: RequestContext = {},
): Promise<{ id: string; email: string; name: string }> {
  const current = await lockOwnAccount(getDb(), { userId: actor.id });
  if (!current) throw new AppError("unauthorized", "The account is not active.");
  const name = input.name !== undefined && input.name !== current.name ? input.name : undefined;
  const email = input.email !== undefined && input.email !== current.email ? input.email : undefined;
  // Another letter case of the same address is the same mailbox (sign-in and every lookup ignore case):
  // it is written as asked, with no password and no reset link voided, since it moves nothing.
  const movesAddress = email !== undefined && email.toLowerCase() !== current.email.toLowerCase();
  if (movesAddress) {
    if (input.currentPassword === undefined) {
      throw new AppError("invalid_request", "Enter your current password to change your email.", {
        fields: { currentPassword: ["Enter your current password to change your email."] },
      });
    }
    await enforceLimit("password_change", { clientAddress: ctx.clientAddress, accountId: actor.id });
    if (!(await verifyPassword(current.passwordHash, input.currentPassword))) throw wrongCurrentPassword();
  }
  if (name === undefined && email === undefined) return { id: current.id, email: current.email, name: current.name };
  try {
    return await changingMembers(async (tx, changed) => {
      // The password checked above must still be the account's (a reset may have landed meanwhile).
      const locked = await lockOwnAccount(tx, { userId: actor.id });
      if (!locked || locked.passwordHash !== current.passwordHash) throw new AppError("conflict", "The account changed meanwhile. Reload and try again.");
      // Reset links went to the old address: none of them may outlive the move.
      if (movesAddress) await voidPasswordResetTokens(tx, { userId: actor.id });
      const updated = await updateOwnAccount(tx, { userId: actor.id, set: { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}) } });
      if (!updated) throw new AppError("unauthorized", "The account is not active.");
      await changed([actor.businessId]);
      await recordAudit(tx, {
        actor,
        action: "user.profile_update",
        entityType: "user",
        entityId: actor.id,
        summary: {
          ...(name !== undefined ? { name: { from: current.name, to: name } } : {}),
          ...(email !== undefined ? { email: { from: current.email, to: email } } : {}),
        },
        requestId: ctx.requestId,
      });
      return { id: updated.id, email: updated.email, name: updated.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", EMAIL_UNAVAILABLE_MESSAGE, { fields: { email: [EMAIL_UNAVAILABLE_MESSAGE] } });
    throw error;
  }
}
