import "server-only";
import { randomBytes } from "node:crypto";
import { getDb, transaction, type Database } from "@/db/client";
import type { Role } from "@/db/schema";
import type { AuditAction } from "@/lib/audit/actions";
import { recordAudit } from "@/lib/audit/record";
import { changingMembers } from "@/lib/auth/member-cache";
import { hashPassword } from "@/lib/auth/passwords";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { revokeRefreshTokens } from "@/lib/auth/queries";
import { digest, newInviteCode } from "@/lib/auth/tokens";
import { getBusinessById, lockBusiness } from "@/lib/business/queries";
import { applyCreditChange } from "@/lib/credits/ledger";
import { AppError, notFound } from "@/lib/errors";
import type { RequestContext } from "@/lib/request-context";
import { pageWindow } from "@/lib/pagination";
import {
  countOtherActiveAdmins,
  getUserInBusiness,
  insertInvite,
  insertUser,
  listUsersOfBusiness,
  toUserDto,
  updateUserRow,
  type UserRow,
} from "./queries";
import {
  INVITE_TTL_DAYS,
  type CreateInviteInput,
  type CreateUserInput,
  type ListUsersQuery,
  type UpdateUserInput,
  type UserDto,
} from "./schemas";

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
  await recordAudit(tx, {
    actor: member.addedBy ?? { id: user.id, businessId: user.businessId },
    action: "user.create",
    entityType: "user",
    entityId: user.id,
    summary: { email: user.email, role: user.role, ...member.origin },
    requestId: ctx.requestId,
  });
  return { ...user, credits };
}

/**
 * users:manage. Creates a user in the caller's business with the business's initial credits.
 * Without a password a temporary one is generated and returned once. Throws 403, 409 (email taken).
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
    const business = await getBusinessById(tx, { businessId: actor.businessId });
    if (!business) throw notFound("Business");
    return addMember(
      tx,
      { business, email: input.email, name: input.name, role: input.role, passwordHash, addedBy: actor, origin: { via: "admin" } },
      ctx,
    );
  });
  return temporaryPassword ? { user: toUserDto(user), temporaryPassword } : { user: toUserDto(user) };
}

/**
 * users:manage. Changes role, name and/or active of a user of the caller's business; deactivating
 * revokes every refresh token of theirs, and (de)activating voids every access token issued before. Throws 403, 404 (not in this business), 409 `conflict`
 * (would leave the business without an active admin).
 */
export async function updateUser(actor: Actor, input: { id: string; changes: UpdateUserInput }, ctx: RequestContext = {}): Promise<UserDto> {
  assertCan(actor, "users:manage");
  const { changes } = input;
  return changingMembers(async (tx, changed) => {
    // Serialises admin changes per business, so two admins demoting each other at once cannot
    // both pass the check below and leave no admin.
    await lockBusiness(tx, { businessId: actor.businessId });
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
    if (roleChanges) await audit("user.role_change", { from: target.role, to: changes.role });
    if (nameChanges) await audit("user.update", { name: { from: target.name, to: changes.name } });
    if (activeChanges && changes.active === false) {
      await revokeRefreshTokens(tx, { userId: target.id });
      await audit("user.deactivate", { email: target.email });
    }
    if (activeChanges && changes.active === true) await audit("user.reactivate", { email: target.email });
    return toUserDto(updated);
  });
}

/** users:manage. Same rules and errors as updateUser with `active: false`. */
export async function deactivateUser(actor: Actor, input: { id: string }, ctx: RequestContext = {}): Promise<void> {
  await updateUser(actor, { id: input.id, changes: { active: false } }, ctx);
}

/**
 * users:manage. A single-use invite to the caller's business with a role (optionally bound to
 * one email), valid for 7 days; only its hash is stored, so the code is shown this once. Throws 403.
 */
export async function createInvite(
  actor: Actor,
  input: CreateInviteInput,
  ctx: RequestContext = {},
): Promise<{ inviteCode: string; expiresAt: string; role: CreateInviteInput["role"]; email: string | null }> {
  assertCan(actor, "users:manage");
  const inviteCode = newInviteCode();
  return transaction(async (tx) => {
    const invite = await insertInvite(tx, {
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
      entityId: invite.id,
      summary: { role: invite.role, email: invite.email },
      requestId: ctx.requestId,
    });
    return { inviteCode, expiresAt: new Date(invite.expiresAt).toISOString(), role: invite.role, email: invite.email };
  });
}
