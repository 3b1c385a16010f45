import "server-only";
import { randomBytes } from "node:crypto";
import { getDb, transaction, type Database } from "@/db/client";
import type { Role } from "@/db/schema";
import type { AuditAction } from "@/lib/audit/actions";
import { recordAudit } from "@/lib/audit/record";
import { changingMembers } from "@/lib/auth/member-cache";
import { hashPassword } from "@/lib/auth/passwords";
import { assertCan, type Action, type Actor } from "@/lib/auth/permissions";
import type { AuthenticatedUser } from "@/lib/auth/require-user";
import { deleteEmailChange, revokeRefreshTokens, voidPasswordResetTokens } from "@/lib/auth/queries";
import { digest, newInviteCode } from "@/lib/auth/tokens";
import { getBusinessById, lockBusiness } from "@/lib/business/queries";
import { applyCreditChange } from "@/lib/credits/ledger";
import { appUrl } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send";
import { inviteMail } from "@/lib/mail/templates";
import type { RequestContext } from "@/lib/request-context";
import { pageWindow } from "@/lib/pagination";
import {
  countOtherActiveAdmins,
  describePendingInvite,
  getUserInBusiness,
  findInviteObstacle,
  insertInvite,
  insertUser,
  listPendingInvites,
  listUsersOfBusiness,
  markInviteSent,
  renewPendingInvite,
  revokePendingInvite,
  revokePendingInvitesBy,
  revokePendingInvitesTo,
  type InviteRow,
  toUserDto,
  updateUserRow,
  type UserRow,
} from "./queries";
import { ROLE_LABELS } from "./vocabulary";
import {
  INVITE_TTL_DAYS,
  type CreateInviteInput,
  type InviteDescription,
  type InviteDto,
  type ListInvitesQuery,
  type CreateUserInput,
  type ListUsersQuery,
  type UpdateUserInput,
  type UserDto,
} from "./schemas";

/**
 * Under the business lock, the actor as they are now rather than as their request found them: a demotion
 * or deactivation that committed while this request waited for the lock is honoured (403). For every
 * write that hands out a way in (an account, an invite, an API key).
 */
export async function assertStillMay(tx: Database, actor: Actor, action: Action): Promise<void> {
  const self = await getUserInBusiness(tx, { businessId: actor.businessId, userId: actor.id });
  if (!self?.active) throw new AppError("forbidden", "Your account was deactivated.");
  assertCan({ ...actor, role: self.role }, action);
}

/** users:manage. The caller's business only, never a password hash. Throws 403. */
export async function listUsers(actor: Actor, query: ListUsersQuery): Promise<{ count: number; results: UserDto[] }> {
  assertCan(actor, "users:manage");
  const { count, rows } = await listUsersOfBusiness(getDb(), {
    businessId: actor.businessId,
    ...pageWindow(query),
    q: query.q || undefined,
    role: query.role,
    active: query.status === undefined ? undefined : query.status === "active",
  });
  return { count, results: rows.map(toUserDto) };
}

export type NewMember = {
  business: { id: string; initialCredits: number };
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  /** Set when the new user is signed in at once (sign-up). */
  lastLoginAt?: Date;
  /** A generated temporary password: it must be changed at the first sign-in. */
  passwordChangeRequired?: boolean;
  /** The admin adding them; null when people sign themselves up (they are then the audit's actor). */
  addedBy: Pick<Actor, "id" | "businessId"> | null;
  /** How they came, as the audit entry tells it. */
  origin: { via: "admin" } | { via: "register" | "invite"; inviteId: string | null };
};

/**
 * Emails are unique across all businesses, so the answer to a taken one must not say that the
 * address has an account (somewhere): it names neither the email nor a business, reads the same
 * whoever holds it, and sign-ups (the route's per-address limit) and admin creates (per-account
 * limit) are rate-limited, so probing addresses is slow. docs/security.md.
 */
export const EMAIL_UNAVAILABLE_MESSAGE = "This email cannot be used for a new account. If you already have an account, sign in instead.";

function emailUnavailable(): AppError {
  return new AppError("conflict", EMAIL_UNAVAILABLE_MESSAGE, { fields: { email: [EMAIL_UNAVAILABLE_MESSAGE] } });
}

/**
 * Inside `tx`: inserts a user into a business with its sign-up credits and the `user.create` audit
 * entry; sign-up and an admin's create both go through here. Throws 409 `conflict` (email taken).
 */
export async function addMember(tx: Database, member: NewMember, ctx: RequestContext = {}): Promise<UserRow> {
  const user = await insertUser(tx, {
    businessId: member.business.id,
    email: member.email,
    name: member.name,
    role: member.role,
    passwordHash: member.passwordHash,
    lastLoginAt: member.lastLoginAt,
    passwordChangeRequired: member.passwordChangeRequired,
  });
  if (!user) throw emailUnavailable();
  let credits = 0;
  if (member.business.initialCredits > 0) {
    ({ balance: credits } = await applyCreditChange(tx, {
      userId: user.id,
      businessId: member.business.id,
      amount: member.business.initialCredits,
      kind: "signup",
      reason: "Sign-up credits",
      createdBy: member.addedBy?.id ?? null,
    }));
  }
  const actor = member.addedBy ?? { id: user.id, businessId: user.businessId };
  await recordAudit(tx, {
    actor,
    action: "user.create",
    entityType: "user",
    entityId: user.id,
    summary: { email: user.email, role: user.role, ...member.origin },
    requestId: ctx.requestId,
  });
  await closeInvitesToMember(tx, { actor, email: user.email }, ctx);
  return { ...user, credits };
}

/**
 * The business's other pending invites to a member's address are withdrawn when it becomes theirs (they
 * joined, or confirmed it as their new email): nobody else can sign up with it, so those invites could
 * only sit in the list as if still waiting. Audited as revoked, with the reason.
 */
export async function closeInvitesToMember(tx: Database, input: { actor: Pick<Actor, "id" | "businessId">; email: string }, ctx: RequestContext = {}): Promise<void> {
  for (const invite of await revokePendingInvitesTo(tx, { businessId: input.actor.businessId, email: input.email })) {
    await recordAudit(tx, {
      actor: input.actor,
      action: "invite.revoke",
      entityType: "invite",
      entityId: invite.id,
      summary: { role: invite.role, email: invite.email, reason: "address_became_member" },
      requestId: ctx.requestId,
    });
  }
}

/**
 * users:manage (checked again under the business's lock). Creates a user in the caller's business with
 * the business's initial credits. Without a password a temporary one is generated and returned once.
 * Throws 403, 409 (email taken).
 */
export async function createUser(
  actor: Actor,
  input: CreateUserInput,
  ctx: RequestContext = {},
): Promise<{ user: UserDto; temporaryPassword?: string }> {
  assertCan(actor, "users:manage");
  const temporaryPassword = input.password === undefined ? randomBytes(12).toString("base64url") : undefined;
  const passwordHash = await hashPassword(input.password ?? temporaryPassword!);
  const user = await transaction(async (tx) => {
    // The password was hashed after the request's role was read: an admin demoted or deactivated
    // meanwhile must not leave behind an account (an admin one, say) whose password they chose.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "users:manage");
    const business = await getBusinessById(tx, { businessId: actor.businessId });
    if (!business) throw notFound("Business");
    return addMember(
      tx,
      {
        business,
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        passwordChangeRequired: temporaryPassword !== undefined,
        addedBy: actor,
        origin: { via: "admin" },
      },
      ctx,
    );
  });
  return temporaryPassword ? { user: toUserDto(user), temporaryPassword } : { user: toUserDto(user) };
}

/**
 * users:manage. Changes role, name and/or active of a user of the caller's business; deactivating
 * revokes every refresh token and unused reset link of theirs, and (de)activating voids every access
 * token issued before. Throws 403, 404 (not in this business), 409 `conflict`
 * (would leave the business without an active admin).
 */
export async function updateUser(actor: Actor, input: { id: string; changes: UpdateUserInput }, ctx: RequestContext = {}): Promise<UserDto> {
  assertCan(actor, "users:manage");
  const { changes } = input;
  return changingMembers(async (tx, changed) => {
    // Serialises admin changes per business, so two admins demoting each other at once cannot
    // both pass the check below and leave no admin.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "users:manage");
    const target = await getUserInBusiness(tx, { businessId: actor.businessId, userId: input.id, forUpdate: true });
    if (!target) throw notFound("User");

    const roleChanges = changes.role !== undefined && changes.role !== target.role;
    const nameChanges = changes.name !== undefined && changes.name !== target.name;
    const activeChanges = changes.active !== undefined && changes.active !== target.active;
    const losesAdmin = target.role === "admin" && target.active && ((roleChanges && changes.role !== "admin") || (activeChanges && changes.active === false));
    if (losesAdmin && (await countOtherActiveAdmins(tx, { businessId: actor.businessId, exceptUserId: target.id })) === 0) {
      throw new AppError("conflict", "The last active admin of a business cannot be demoted or deactivated. Make another user admin first.");
    }
    if (!roleChanges && !nameChanges && !activeChanges) return toUserDto(target);

    const updated = await updateUserRow(tx, {
      businessId: actor.businessId,
      id: target.id,
      set: {
        ...(roleChanges ? { role: changes.role } : {}),
        ...(nameChanges ? { name: changes.name } : {}),
        // Both ways: tokens issued before a deactivation stay void after a reactivation.
        ...(activeChanges ? { active: changes.active, tokensRevokedBefore: new Date() } : {}),
      },
    });
    if (!updated) throw notFound("User");
    // The row every request of theirs is authorised by (lib/auth/require-user.ts) changed.
    await changed([actor.businessId]);

    const audit = (action: AuditAction, summary: Record<string, unknown>) =>
      recordAudit(tx, { actor, action, entityType: "user", entityId: target.id, summary, requestId: ctx.requestId });
    // The address names whose role or name it was, as a deactivation's entry does: the log reads without looking ids up.
    if (roleChanges) await audit("user.role_change", { email: target.email, from: target.role, to: changes.role });
    if (nameChanges) await audit("user.update", { email: target.email, name: { from: target.name, to: changes.name } });
    if (activeChanges && changes.active === false) {
      await revokeRefreshTokens(tx, { userId: target.id });
      // Like their tokens, a reset link mailed before must not come back to life with a reactivation.
      await voidPasswordResetTokens(tx, { userId: target.id });
      // So must an email change's link: a deactivated account's address is not moved, then or later.
      await deleteEmailChange(tx, { userId: target.id });
      await audit("user.deactivate", { email: target.email });
    }
    if (activeChanges && changes.active === true) await audit("user.reactivate", { email: target.email });
    if (losesAdmin) {
      // An invite carries its maker's authority: a member who may no longer invite leaves none to be used,
      // or a removed admin could come back through a code they kept.
      for (const invite of await revokePendingInvitesBy(tx, { businessId: actor.businessId, createdBy: target.id })) {
        await recordAudit(tx, {
          actor,
          action: "invite.revoke",
          entityType: "invite",
          entityId: invite.id,
          summary: { role: invite.role, email: invite.email, reason: "creator_lost_admin" },
          requestId: ctx.requestId,
        });
      }
    }
    return toUserDto(updated);
  });
}

/** users:manage. Same rules and errors as updateUser with `active: false`. */
export async function deactivateUser(actor: Actor, input: { id: string }, ctx: RequestContext = {}): Promise<void> {
  await updateUser(actor, { id: input.id, changes: { active: false } }, ctx);
}

/**
 * The sign-up link an invite code opens: the page names the business and the role, and fills in the email.
 * The code rides in the fragment, which browsers never send: it stays out of server and proxy logs.
 */
export function inviteLink(inviteCode: string): string {
  return `${appUrl()}/register#${new URLSearchParams({ invite: inviteCode })}`;
}

/**
 * Emails an invite tied to an address, after its transaction committed (a mail cannot be taken back
 * by a rollback). Whether it went is answered rather than thrown: the invite stands either way and
 * can be resent.
 */
async function emailInvite(actor: AuthenticatedUser, invite: { id: string; role: Role; email: string; expiresAt: Date }, inviteCode: string): Promise<boolean> {
  const business = await getBusinessById(getDb(), { businessId: actor.businessId });
  if (!business) return false;
  const mail = inviteMail({
    businessName: business.name,
    roleLabel: ROLE_LABELS[invite.role],
    inviterName: actor.name,
    link: inviteLink(inviteCode),
    expiresAt: new Date(invite.expiresAt),
  });
  return sendMail(invite.email, mail);
}

export type CreatedInvite = {
  id: string;
  inviteCode: string;
  expiresAt: string;
  role: Role;
  email: string | null;
  /** Whether the invite went out by email (only invites tied to an address are emailed). */
  emailSent: boolean;
};

/**
 * users:manage. A single-use invite to the caller's business with a role (optionally bound to
 * one email, which is then sent the link), valid for 7 days; only its hash is stored, so the code is
 * shown this once. Throws 403.
 */
export async function createInvite(actor: AuthenticatedUser, input: CreateInviteInput, ctx: RequestContext = {}): Promise<CreatedInvite> {
  assertCan(actor, "users:manage");
  const inviteCode = newInviteCode();
  const invite = await transaction(async (tx) => {
    // One invite at a time per business: two admins inviting the same address make one invite, and an
    // admin demoted meanwhile (whose pending invites the demotion revokes) makes none.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "users:manage");
    if (input.email) {
      const obstacle = await findInviteObstacle(tx, { businessId: actor.businessId, email: input.email });
      if (obstacle) {
        const detail =
          obstacle === "member"
            ? "This person is already a member of your team."
            : "An invite to this email is already pending. Resend it from Pending invites instead.";
        throw new AppError("conflict", detail, { fields: { email: [detail] } });
      }
    }
    const row = await insertInvite(tx, {
      businessId: actor.businessId,
      codeHash: digest(inviteCode),
      role: input.role,
      email: input.email ?? null,
      createdBy: actor.id,
      ttlDays: INVITE_TTL_DAYS,
    });
    await recordAudit(tx, {
      actor,
      action: "invite.create",
      entityType: "invite",
      entityId: row.id,
      summary: { role: row.role, email: row.email },
      requestId: ctx.requestId,
    });
    return row;
  });
  let emailSent = false;
  if (invite.email) {
    emailSent = await emailInvite(actor, { ...invite, email: invite.email }, inviteCode);
    if (emailSent) await markInviteSent(getDb(), { inviteId: invite.id });
  }
  return { id: invite.id, inviteCode, expiresAt: new Date(invite.expiresAt).toISOString(), role: invite.role, email: invite.email, emailSent };
}

function toInviteDto(row: InviteRow): InviteDto {
  return {
    id: row.id,
    role: row.role,
    email: row.email,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    lastSentAt: row.lastSentAt ? new Date(row.lastSentAt).toISOString() : null,
    invitedBy: row.invitedBy,
  };
}

/** users:manage. The caller's business's invites whose code still works, newest first. Throws 403. */
export async function listInvites(actor: Actor, query: ListInvitesQuery): Promise<{ count: number; results: InviteDto[] }> {
  assertCan(actor, "users:manage");
  const { count, rows } = await listPendingInvites(getDb(), { businessId: actor.businessId, ...pageWindow(query) });
  return { count, results: rows.map(toInviteDto) };
}

/** users:manage. Withdraws a pending invite: its code stops working at once. Throws 403, 404 (none pending with that id here). */
export async function revokeInvite(actor: Actor, input: { id: string }, ctx: RequestContext = {}): Promise<void> {
  assertCan(actor, "users:manage");
  await transaction(async (tx) => {
    const invite = await revokePendingInvite(tx, { businessId: actor.businessId, inviteId: input.id });
    if (!invite) throw notFound("Invite");
    await recordAudit(tx, {
      actor,
      action: "invite.revoke",
      entityType: "invite",
      entityId: invite.id,
      summary: { role: invite.role, email: invite.email },
      requestId: ctx.requestId,
    });
  });
}

/**
 * users:manage. Emails a pending invite again with a new code and a fresh 7 days; the code sent
 * before stops working. The mail goes first and the new code is stored only once it went, so a mail
 * server that refuses leaves the earlier code working. Only invites tied to an address can be sent.
 * Throws 403, 404, 400 (no address), 502 `upstream_error` (the mail was not sent).
 */
export async function resendInvite(actor: AuthenticatedUser, input: { id: string }, ctx: RequestContext = {}): Promise<InviteDto> {
  assertCan(actor, "users:manage");
  const [pending] = (await listPendingInvites(getDb(), { businessId: actor.businessId, inviteId: input.id, limit: 1, offset: 0 })).rows;
  if (!pending) throw notFound("Invite");
  if (!pending.email) {
    throw new AppError("invalid_request", "This invite is not tied to an email address, so it cannot be sent. Revoke it and create one with an email.");
  }
  const inviteCode = newInviteCode();
  const expiresAt = new Date(Date.now() + INVITE_TTL_DAYS * 24 * 60 * 60 * 1000);
  if (!(await emailInvite(actor, { ...pending, email: pending.email, expiresAt }, inviteCode))) {
    throw new AppError("upstream_error", "The invite email could not be sent. The link sent before still works; try again later.");
  }
  return transaction(async (tx) => {
    // Demoted or deactivated while the mail was on its way: no new code is stored in their name (the one
    // mailed leads nowhere), as a new invite would be refused.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "users:manage");
    const renewed = await renewPendingInvite(tx, { businessId: actor.businessId, inviteId: pending.id, codeHash: digest(inviteCode), ttlDays: INVITE_TTL_DAYS });
    // Revoked or used while the mail was on its way: the code just sent leads nowhere.
    if (!renewed) throw notFound("Invite");
    await recordAudit(tx, {
      actor,
      action: "invite.resend",
      entityType: "invite",
      entityId: renewed.id,
      summary: { role: renewed.role, email: renewed.email },
      requestId: ctx.requestId,
    });
    return toInviteDto({ ...pending, expiresAt: renewed.expiresAt, lastSentAt: renewed.lastSentAt });
  });
}

/** Anyone holding a working invite code: the business, the role and the address it is for. Throws 404 otherwise. */
export async function describeInvite(input: { inviteCode: string }): Promise<InviteDescription> {
  const description = await describePendingInvite(getDb(), { codeHash: digest(input.inviteCode.trim()) });
  if (!description) throw new AppError("not_found", "This invite is invalid, already used or expired. Ask whoever invited you for a new one.");
  return description;
}
