import "server-only";
import { getDb, isUniqueViolation, transaction } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sendMail } from "@/lib/mail/send";
import { emailChangeConfirmMail, emailChangeNoticeMail, passwordResetMail } from "@/lib/mail/templates";
import { enforceLimit } from "@/lib/rate-limit/limits";
import type { RequestContext } from "@/lib/request-context";
import { closeInvitesToMember, EMAIL_UNAVAILABLE_MESSAGE } from "@/lib/users/service";
import { getActiveUserByEmail, isEmailTaken, lockOwnAccount, moveOwnEmail, setPasswordHash, updateOwnAccount } from "@/lib/users/queries";
import { changingMembers } from "./member-cache";
import { hashPassword, verifyPassword } from "./passwords";
import {
  deleteEmailChange,
  getPendingEmail,
  insertPasswordResetToken,
  revokeRefreshTokens,
  spendEmailChange,
  spendPasswordResetToken,
  upsertEmailChange,
  voidPasswordResetTokens,
} from "./queries";
import type { AuthenticatedUser } from "./require-user";
import type { ChangePasswordInput, ConfirmEmailChangeInput, ResetPasswordInput, UpdateProfileInput } from "./schemas";
import { digest, newRefreshToken } from "./tokens";

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 30;

const wrongCurrentPassword = () =>
  new AppError("invalid_request", "The current password is not right.", { fields: { currentPassword: ["The current password is not right."] } });

/**
 * Signed in (a temporary password too): replaces the password after checking the current one. Every
 * other refresh family of the user is revoked, every other browser session ends and a pending email
 * change is dropped; the caller's own family goes on. Throws 400 (wrong current password, which is also counted against a per-account
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
    // An email change was asked for with the password being replaced, perhaps by whoever the change
    // signs out: its link must not move the account to their mailbox afterwards.
    await deleteEmailChange(tx, { userId: actor.id });
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

/** The part of a reset request that runs after its answer: a link for the active account that signs in with `email` (lower case), if any. */
export async function mailResetLink(email: string): Promise<void> {
  const user = await getActiveUserByEmail(getDb(), { email });
  if (!user) return;
  const token = newRefreshToken();
  // One live link per user, even when two requests cross: the user's row serialises them.
  const holder = await transaction(async (tx) => {
    const locked = await lockOwnAccount(tx, { userId: user.id });
    // The account may have moved to another address since it was looked up (a confirmed email change,
    // which voids the links sent to the old one): the old mailbox gets none.
    if (!locked || locked.email.toLowerCase() !== email) return null;
    await insertPasswordResetToken(tx, { userId: user.id, tokenHash: digest(token), ttlMinutes: PASSWORD_RESET_TTL_MINUTES });
    return locked;
  });
  if (!holder) return;
  // In the fragment, which browsers never send: the token stays out of server and proxy logs.
  const link = `${appUrl()}/reset-password#${new URLSearchParams({ token })}`;
  await sendMail(holder.email, passwordResetMail({ name: holder.name, link, validMinutes: PASSWORD_RESET_TTL_MINUTES }));
}

const invalidResetToken = () =>
  new AppError("invalid_request", "This reset link is invalid, already used or expired. Ask for a new one.", {
    fields: { token: ["This reset link is invalid, already used or expired."] },
  });

/**
 * Anyone holding a reset link: sets a new password and spends the token. Every refresh family of the
 * user is revoked, every browser session ends and a pending email change is dropped (whoever took over
 * the account is signed out and cannot move it), and a temporary password counts as changed. Throws 400 (bad, used or expired token), 429.
 */
export async function resetPassword(input: ResetPasswordInput, ctx: RequestContext = {}): Promise<void> {
  await enforceLimit("password_reset", { clientAddress: ctx.clientAddress });
  const passwordHash = await hashPassword(input.password);
  await changingMembers(async (tx, changed) => {
    const owner = await spendPasswordResetToken(tx, { tokenHash: digest(input.token) });
    if (!owner) throw invalidResetToken();
    await setPasswordHash(tx, { userId: owner.userId, passwordHash });
    await revokeRefreshTokens(tx, { userId: owner.userId });
    // A reset takes the account back: an email change asked with the old password (by whoever held it)
    // must not move it to their mailbox afterwards.
    await deleteEmailChange(tx, { userId: owner.userId });
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

/** How long an email-change link works. */
export const EMAIL_CHANGE_TTL_HOURS = 24;

const emailTaken = () => new AppError("conflict", EMAIL_UNAVAILABLE_MESSAGE, { fields: { email: [EMAIL_UNAVAILABLE_MESSAGE] } });

/**
 * Signed in: the caller's own name and email. A name, or the same email in another letter case, is
 * written at once. A different email needs the current password and is only asked for: it is kept
 * pending and a single-use link goes to it (the old address hears of it), so a typo or someone holding
 * a session and the password cannot move the account unseen; confirmEmailChange applies it. Throws
 * 400 (no or wrong password), 409 (email taken, in the same words as a sign-up), 429.
 */
export async function updateProfile(
  actor: AuthenticatedUser,
  input: UpdateProfileInput,
  ctx: RequestContext = {},
): Promise<{ id: string; email: string; name: string; pendingEmail: string | null }> {
  const current = await lockOwnAccount(getDb(), { userId: actor.id });
  if (!current) throw new AppError("unauthorized", "The account is not active.");
  const name = input.name !== undefined && input.name !== current.name ? input.name : undefined;
  const askedEmail = input.email !== undefined && input.email !== current.email ? input.email : undefined;
  // Another letter case of the same address is the same mailbox (sign-in and every lookup ignore case):
  // it is written as asked, with no password and no reset link voided, since it moves nothing.
  const movesAddress = askedEmail !== undefined && askedEmail.toLowerCase() !== current.email.toLowerCase();
  const email = movesAddress ? undefined : askedEmail;
  if (movesAddress) {
    if (input.currentPassword === undefined) {
      throw new AppError("invalid_request", "Enter your current password to change your email.", {
        fields: { currentPassword: ["Enter your current password to change your email."] },
      });
    }
    await enforceLimit("password_change", { clientAddress: ctx.clientAddress, accountId: actor.id });
    if (!(await verifyPassword(current.passwordHash, input.currentPassword))) throw wrongCurrentPassword();
    await enforceLimit("email_change_mail", { clientAddress: ctx.clientAddress, accountId: actor.id });
    // Said now rather than only when the link is opened: nobody should wait for a mail that cannot work.
    if (await isEmailTaken(getDb(), { email: askedEmail, exceptUserId: actor.id })) throw emailTaken();
  }
  if (name === undefined && email === undefined && !movesAddress) {
    return { id: current.id, email: current.email, name: current.name, pendingEmail: await getPendingEmail(getDb(), { userId: actor.id }) };
  }
  const token = movesAddress ? newRefreshToken() : null;
  let result: { id: string; email: string; name: string; pendingEmail: string | null };
  try {
    result = await changingMembers(async (tx, changed) => {
      // The password checked above must still be the account's (a reset may have landed meanwhile).
      const locked = await lockOwnAccount(tx, { userId: actor.id });
      if (!locked || locked.passwordHash !== current.passwordHash) throw new AppError("conflict", "The account changed meanwhile. Reload and try again.");
      let updated: { id: string; email: string; name: string } | null = locked;
      if (name !== undefined || email !== undefined) {
        updated = await updateOwnAccount(tx, { userId: actor.id, set: { ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}) } });
        if (!updated) throw new AppError("unauthorized", "The account is not active.");
        await changed([actor.businessId]);
      }
      if (token !== null && askedEmail !== undefined) {
        await upsertEmailChange(tx, { userId: actor.id, newEmail: askedEmail, tokenHash: digest(token), ttlMinutes: EMAIL_CHANGE_TTL_HOURS * 60 });
      }
      await recordAudit(tx, {
        actor,
        action: "user.profile_update",
        entityType: "user",
        entityId: actor.id,
        summary: {
          ...(name !== undefined ? { name: { from: current.name, to: name } } : {}),
          ...(email !== undefined ? { email: { from: current.email, to: email } } : {}),
          ...(movesAddress ? { emailChangeAsked: askedEmail } : {}),
        },
        requestId: ctx.requestId,
      });
      return { id: updated.id, email: updated.email, name: updated.name, pendingEmail: movesAddress ? askedEmail : await getPendingEmail(tx, { userId: actor.id }) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
  if (token !== null && askedEmail !== undefined) await mailEmailChange({ name: result.name, oldEmail: current.email, newEmail: askedEmail, token });
  return result;
}

async function mailEmailChange(input: { name: string; oldEmail: string; newEmail: string; token: string; notifyOld?: boolean }): Promise<void> {
  // In the fragment, which browsers never send: the token stays out of server and proxy logs.
  const link = `${appUrl()}/confirm-email#${new URLSearchParams({ token: input.token })}`;
  await sendMail(input.newEmail, emailChangeConfirmMail({ name: input.name, link, validHours: EMAIL_CHANGE_TTL_HOURS }));
  if (input.notifyOld !== false) {
    await sendMail(input.oldEmail, emailChangeNoticeMail({ name: input.name, newEmail: input.newEmail, validHours: EMAIL_CHANGE_TTL_HOURS }));
  }
}

/**
 * Signed in: a new link for the pending email change (the earlier one stops working), without asking
 * the password again, which was checked when the change was asked for. Throws 404 (nothing pending), 429.
 */
export async function resendEmailChange(actor: AuthenticatedUser, ctx: RequestContext = {}): Promise<{ pendingEmail: string }> {
  await enforceLimit("email_change_mail", { clientAddress: ctx.clientAddress, accountId: actor.id });
  const token = newRefreshToken();
  const pending = await transaction(async (tx) => {
    const locked = await lockOwnAccount(tx, { userId: actor.id });
    if (!locked) throw new AppError("unauthorized", "The account is not active.");
    const newEmail = await getPendingEmail(tx, { userId: actor.id });
    if (newEmail === null) throw new AppError("not_found", "No email change is waiting for confirmation.");
    await upsertEmailChange(tx, { userId: actor.id, newEmail, tokenHash: digest(token), ttlMinutes: EMAIL_CHANGE_TTL_HOURS * 60 });
    return { name: locked.name, oldEmail: locked.email, newEmail };
  });
  // The old address heard of the change when it was asked for; a resend is not a new change.
  await mailEmailChange({ ...pending, token, notifyOld: false });
  return { pendingEmail: pending.newEmail };
}

/** Signed in: drops the pending email change, if any; its link stops working. Idempotent. */
export async function cancelEmailChange(actor: AuthenticatedUser): Promise<void> {
  await deleteEmailChange(getDb(), { userId: actor.id });
}

const invalidEmailChangeToken = () =>
  new AppError("invalid_request", "This link is invalid, already used, replaced by a newer one or expired. Ask for the change again from your account page.", {
    fields: { token: ["This link is invalid, already used, replaced by a newer one or expired."] },
  });

/**
 * Anyone holding an email-change link: makes its address the account's and spends the link, in one
 * transaction. Unused reset links (mailed to the old address) stop working. Sessions go on, as after a
 * change of name: the password checked when the change was asked for still holds, and ending them would
 * help someone who moved the account to their own mailbox sign its owner out. Throws 400 (bad, used, replaced or expired link, or an account
 * deactivated since), 409 (the address was taken meanwhile: nothing is written), 429.
 */
export async function confirmEmailChange(input: ConfirmEmailChangeInput, ctx: RequestContext = {}): Promise<{ email: string }> {
  await enforceLimit("email_confirm", { clientAddress: ctx.clientAddress });
  try {
    return await changingMembers(async (tx, changed) => {
      const change = await spendEmailChange(tx, { tokenHash: digest(input.token) });
      if (!change) throw invalidEmailChangeToken();
      if (await isEmailTaken(tx, { email: change.newEmail, exceptUserId: change.userId })) throw emailTaken();
      const moved = await moveOwnEmail(tx, { userId: change.userId, email: change.newEmail });
      if (!moved) throw invalidEmailChangeToken();
      await voidPasswordResetTokens(tx, { userId: change.userId });
      await closeInvitesToMember(tx, { actor: { id: change.userId, businessId: change.businessId }, email: moved.email }, ctx);
      await changed([change.businessId]);
      await recordAudit(tx, {
        actor: { id: change.userId, businessId: change.businessId },
        action: "user.profile_update",
        entityType: "user",
        entityId: change.userId,
        summary: { email: { from: change.oldEmail, to: change.newEmail }, confirmedByLink: true },
        requestId: ctx.requestId,
      });
      return { email: moved.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}
