import "server-only";
import { and, asc, eq, ilike, ne, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { businesses, endedBrowserSessions, invites, refreshTokens, users, type Role } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import type { UserDto } from "./schemas";

/**
 * The columns any user-facing read selects. The password hash is deliberately absent: only
 * getLoginCandidate reads it, so no list or detail can leak it by accident.
 */
const userColumns = {
  id: users.id,
  businessId: users.businessId,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  credits: users.credits,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
};

export type UserRow = {
  id: string;
  businessId: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  credits: number;
  lastLoginAt: Date | null;
  createdAt: Date;
};

export function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    credits: row.credits,
    lastLoginAt: row.lastLoginAt ? new Date(row.lastLoginAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** The one read of a password hash, for sign-in only; emails match case-insensitively. */
export async function getLoginCandidate(db: Database, input: { email: string }) {
  const [row] = await db
    .select({
      ...userColumns,
      passwordHash: users.passwordHash,
      passwordChangeRequired: users.passwordChangeRequired,
      passwordChangedAt: users.passwordChangedAt,
    })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${input.email})`)
    .limit(1);
  return row ?? null;
}

/** Tenant-scoped: a user of another business (or an id that is no uuid) is simply not found. */
export async function getUserInBusiness(
  db: Database,
  input: { businessId: string; userId: string; forUpdate?: boolean },
): Promise<UserRow | null> {
  if (!isUuid(input.userId)) return null;
  const query = db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.businessId, input.businessId)))
    .limit(1);
  const [row] = input.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/**
 * Inserts a user unless the email (case-insensitively) is taken — the unique index on lower(email)
 * decides, so two concurrent sign-ups with one address cannot both succeed. Returns null when taken.
 */
export async function insertUser(
  db: Database,
  values: {
    businessId: string;
    email: string;
    name: string;
    role: Role;
    passwordHash: string;
    lastLoginAt?: Date | null;
    passwordChangeRequired?: boolean;
  },
): Promise<UserRow | null> {
  const [row] = await db.insert(users).values({ ...values, credits: 0 }).onConflictDoNothing().returning(userColumns);
  return row ?? null;
}

export async function updateUserRow(
  db: Database,
  input: { businessId: string; id: string; set: Partial<{ role: Role; name: string; active: boolean; tokensRevokedBefore: Date }> },
): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set(input.set)
    .where(and(eq(users.id, input.id), eq(users.businessId, input.businessId)))
    .returning(userColumns);
  return row ?? null;
}

/** The signed-in user's own row with their password hash, locked for a password or email change. */
export async function lockOwnAccount(db: Database, input: { userId: string }) {
  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .limit(1)
    .for("update");
  return row ?? null;
}

/**
 * A new password: the temporary-password flag is cleared and the change stamped, which ends every
 * browser session signed in before it (lib/auth/session.ts). Says whether a change was required.
 */
export async function setPasswordHash(db: Database, input: { userId: string; passwordHash: string }): Promise<{ wasRequired: boolean }> {
  const before = db.$with("before").as(db.select({ required: users.passwordChangeRequired }).from(users).where(eq(users.id, input.userId)));
  const [row] = await db
    .with(before)
    .update(users)
    .set({ passwordHash: input.passwordHash, passwordChangeRequired: false, passwordChangedAt: sql`now()` })
    .where(eq(users.id, input.userId))
    .returning({ wasRequired: sql<boolean>`(select ${before.required} from ${before})` });
  return { wasRequired: row?.wasRequired === true };
}

/** The account's own name and email; a taken email raises the unique index's violation for the caller to answer. */
export async function updateOwnAccount(db: Database, input: { userId: string; set: { name?: string; email?: string } }) {
  const [row] = await db
    .update(users)
    .set({ ...input.set })
    .where(eq(users.id, input.userId))
    .returning(sessionUserColumns);
  return row ?? null;
}

/** Whether another account (active or not: the unique index counts both) signs in with this email, in any letter case. */
export async function isEmailTaken(db: Database, input: { email: string; exceptUserId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${input.email})`, ne(users.id, input.exceptUserId)))
    .limit(1);
  return row !== undefined;
}

/** A confirmed new sign-in address. A taken email raises the unique index's violation. */
export async function moveOwnEmail(db: Database, input: { userId: string; email: string }) {
  const [row] = await db
    .update(users)
    .set({ email: input.email })
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .returning(sessionUserColumns);
  return row ?? null;
}

/** An active user by email (case-insensitively), for a password reset. */
export async function getActiveUserByEmail(db: Database, input: { email: string }) {
  const [row] = await db
    .select(sessionUserColumns)
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${input.email})`, eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function touchLastLogin(db: Database, input: { userId: string }): Promise<void> {
  await db.update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, input.userId));
}

/**
 * Marks the user seen now; returns when they were seen before (null: never), so the caller can tell
 * whether they just came online.
 */
export async function touchLastSeen(db: Database, input: { userId: string; businessId: string }): Promise<{ previous: Date | null; now: Date } | null> {
  const previous = db.$with("previous").as(db.select({ lastSeenAt: users.lastSeenAt }).from(users).where(eq(users.id, input.userId)));
  const [row] = await db
    .with(previous)
    .update(users)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(users.id, input.userId), eq(users.businessId, input.businessId)))
    .returning({ now: users.lastSeenAt, previous: sql<string | Date | null>`(select ${previous.lastSeenAt} from ${previous})` });
  if (!row) return null;
  return { previous: row.previous ? new Date(row.previous) : null, now: row.now! };
}

// Who a request or a session speaks for: never the hash, and role and business from the row now.
const sessionUserColumns = { id: users.id, email: users.email, name: users.name, role: users.role, businessId: users.businessId };

/** The user behind a token or a session cookie, when they still exist and are active. */
export async function getActiveUser(db: Database, input: { userId: string }) {
  if (!isUuid(input.userId)) return null;
  const [row] = await db
    .select(sessionUserColumns)
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

/**
 * The active user behind a sign-in or a browser session, locked until the caller's transaction ends
 * with the password they proved (its change time): a password change, a reset or a deactivation,
 * which all write this row, either waits and then revokes the token family opened under the lock,
 * or came first and is seen here. `share` (the default) for opening a session, which other openings
 * share; `no key update` for a sign-out, which waits for those and they for it, without holding up the
 * account's own writes elsewhere (their foreign keys take a key-share lock).
 */
export async function lockTokenHolder(db: Database, input: { userId: string; mode?: "share" | "no key update" }) {
  if (!isUuid(input.userId)) return null;
  const [row] = await db
    .select({ ...sessionUserColumns, passwordChangedAt: users.passwordChangedAt })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .limit(1)
    .for(input.mode ?? "share");
  return row ?? null;
}

/** Whether the browser session `sessionId` was signed out (false for a cookie that names none). */
function browserSessionEnded(sessionId: string | undefined) {
  return sessionId && isUuid(sessionId)
    ? sql<boolean>`exists (select 1 from ${endedBrowserSessions} where ${endedBrowserSessions.sessionId} = ${sessionId})`
    : sql<boolean>`false`;
}

/**
 * The user behind an access token or a session cookie, in one query: active, with the time before
 * which their tokens are void, and whether the token's refresh family was revoked (logout, reuse,
 * deactivation), or the browser session of a cookie signed out. Null when the user is gone or inactive.
 */
export async function getTokenHolder(db: Database, input: { userId: string; familyId?: string; browserSessionId?: string }) {
  if (!isUuid(input.userId)) return null;
  const familyRevoked = input.familyId
    ? sql<boolean>`exists (select 1 from ${refreshTokens} where ${refreshTokens.familyId} = ${input.familyId} and ${refreshTokens.revokedAt} is not null)`
    : sql<boolean>`false`;
  const [row] = await db
    .select({
      ...sessionUserColumns,
      tokensRevokedBefore: users.tokensRevokedBefore,
      passwordChangeRequired: users.passwordChangeRequired,
      passwordChangedAt: users.passwordChangedAt,
      familyRevoked,
      sessionEnded: browserSessionEnded(input.browserSessionId),
    })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

/** The signed-in (active) user with their balance and business name, for login and /api/auth/me. */
export async function getProfile(db: Database, input: { userId: string }) {
  const [row] = await db
    .select({ ...sessionUserColumns, credits: users.credits, businessName: businesses.name, passwordChangeRequired: users.passwordChangeRequired })
    .from(users)
    .innerJoin(businesses, eq(businesses.id, users.businessId))
    .where(and(eq(users.id, input.userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

/** The business's active admins: who hears that a conversation needs a person. */
export async function listActiveAdmins(db: Database, input: { businessId: string }): Promise<{ id: string; email: string; name: string }[]> {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.businessId, input.businessId), eq(users.role, "admin"), eq(users.active, true)))
    .limit(50);
}

export async function countOtherActiveAdmins(db: Database, input: { businessId: string; exceptUserId: string }): Promise<number> {
  return db.$count(
    users,
    and(eq(users.businessId, input.businessId), eq(users.role, "admin"), eq(users.active, true), ne(users.id, input.exceptUserId)),
  );
}

export async function listUsersOfBusiness(
  db: Database,
  input: { businessId: string; limit: number; offset: number; q?: string; role?: Role; active?: boolean },
): Promise<{ count: number; rows: UserRow[] }> {
  const conditions: (SQL | undefined)[] = [eq(users.businessId, input.businessId)];
  if (input.role) conditions.push(eq(users.role, input.role));
  if (input.active !== undefined) conditions.push(eq(users.active, input.active));
  if (input.q) {
    const pattern = `%${input.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)));
  }
  const where = and(...conditions);
  const count = await db.$count(users, where);
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(input.limit)
    .offset(input.offset);
  return { count, rows };
}

export async function insertInvite(
  db: Database,
  values: { businessId: string; codeHash: string; role: Role; email: string | null; createdBy: string; ttlDays: number },
) {
  const { ttlDays, ...rest } = values;
  const [row] = await db
    .insert(invites)
    .values({ ...rest, expiresAt: sql`now() + ${ttlDays} * interval '1 day'` })
    .returning({ id: invites.id, role: invites.role, email: invites.email, expiresAt: invites.expiresAt });
  return row!;
}

/**
 * Claims an unused, unexpired invite in one conditional update, so a code can be used once even
 * when two people register with it at the same moment. Null when no such invite.
 */
export async function claimInvite(db: Database, input: { codeHash: string }) {
  const [row] = await db
    .update(invites)
    .set({ usedAt: sql`now()` })
    .where(and(eq(invites.codeHash, input.codeHash), pendingInvite))
    .returning({ id: invites.id, businessId: invites.businessId, role: invites.role, email: invites.email });
  return row ?? null;
}

// Not used, not withdrawn, not expired: the invites whose code still works.
const pendingInvite = sql`${invites.usedAt} is null and ${invites.revokedAt} is null and ${invites.expiresAt} > now()`;

const inviteColumns = {
  id: invites.id,
  role: invites.role,
  email: invites.email,
  createdAt: invites.createdAt,
  expiresAt: invites.expiresAt,
  lastSentAt: invites.lastSentAt,
  invitedBy: { id: users.id, name: users.name },
};

export type InviteRow = {
  id: string;
  role: Role;
  email: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSentAt: Date | null;
  invitedBy: { id: string; name: string } | null;
};

/** The business's pending invites, newest first, with who created each. */
/** What stands in the way of inviting `email` to the business: a member with it, or an invite to it still pending. */
export async function findInviteObstacle(db: Database, input: { businessId: string; email: string }): Promise<"member" | "pending" | null> {
  const email = input.email.toLowerCase();
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.businessId, input.businessId), sql`lower(${users.email}) = ${email}`))
    .limit(1);
  if (member) return "member";
  const [invite] = await db
    .select({ id: invites.id })
    .from(invites)
    .where(and(eq(invites.businessId, input.businessId), sql`lower(${invites.email}) = ${email}`, pendingInvite))
    .limit(1);
  return invite ? "pending" : null;
}

export async function listPendingInvites(db: Database, input: { businessId: string; limit: number; offset: number; inviteId?: string }) {
  if (input.inviteId !== undefined && !isUuid(input.inviteId)) return { count: 0, rows: [] };
  const where = and(eq(invites.businessId, input.businessId), pendingInvite, input.inviteId ? eq(invites.id, input.inviteId) : undefined);
  const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(invites).where(where);
  const rows: InviteRow[] = await db
    .select(inviteColumns)
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(where)
    .orderBy(sql`${invites.createdAt} desc`, sql`${invites.id} desc`)
    .limit(input.limit)
    .offset(input.offset);
  return { count, rows };
}

/** Withdraws a pending invite of the business; null when there is none with that id. */
export async function revokePendingInvite(db: Database, input: { businessId: string; inviteId: string }) {
  if (!isUuid(input.inviteId)) return null;
  const [row] = await db
    .update(invites)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invites.id, input.inviteId), eq(invites.businessId, input.businessId), pendingInvite))
    .returning({ id: invites.id, role: invites.role, email: invites.email });
  return row ?? null;
}

/** Withdraws every pending invite one member made in the business: theirs to give no longer. */
export async function revokePendingInvitesBy(db: Database, input: { businessId: string; createdBy: string }) {
  return db
    .update(invites)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invites.businessId, input.businessId), eq(invites.createdBy, input.createdBy), pendingInvite))
    .returning({ id: invites.id, role: invites.role, email: invites.email });
}

/** Withdraws the business's pending invites to `email` (any letter case): its owner is a member now, and an address has one account. */
export async function revokePendingInvitesTo(db: Database, input: { businessId: string; email: string }) {
  return db
    .update(invites)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invites.businessId, input.businessId), sql`lower(${invites.email}) = ${input.email.toLowerCase()}`, pendingInvite))
    .returning({ id: invites.id, role: invites.role, email: invites.email });
}

/**
 * A pending invite of the business gets a new code (the old one stops working: only one is ever
 * live, and only its hash is kept) and a fresh expiry; null when there is none with that id.
 */
export async function renewPendingInvite(db: Database, input: { businessId: string; inviteId: string; codeHash: string; ttlDays: number }) {
  if (!isUuid(input.inviteId)) return null;
  const [row] = await db
    .update(invites)
    .set({ codeHash: input.codeHash, expiresAt: sql`now() + ${input.ttlDays} * interval '1 day'`, lastSentAt: sql`now()` })
    .where(and(eq(invites.id, input.inviteId), eq(invites.businessId, input.businessId), pendingInvite))
    .returning({ id: invites.id, role: invites.role, email: invites.email, expiresAt: invites.expiresAt, lastSentAt: invites.lastSentAt });
  return row ?? null;
}

export async function markInviteSent(db: Database, input: { inviteId: string }): Promise<void> {
  await db.update(invites).set({ lastSentAt: sql`now()` }).where(eq(invites.id, input.inviteId));
}

/** What the sign-up page tells the holder of a working code: the business, the role and the address it is for. */
export async function describePendingInvite(db: Database, input: { codeHash: string }) {
  const [row] = await db
    .select({ businessName: businesses.name, role: invites.role, email: invites.email })
    .from(invites)
    .innerJoin(businesses, eq(businesses.id, invites.businessId))
    .where(and(eq(invites.codeHash, input.codeHash), pendingInvite))
    .limit(1);
  return row ?? null;
}

export async function markInviteUsedBy(db: Database, input: { inviteId: string; userId: string }): Promise<void> {
  await db.update(invites).set({ usedBy: input.userId }).where(eq(invites.id, input.inviteId));
}
