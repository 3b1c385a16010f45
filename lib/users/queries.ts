import "server-only";
import { and, asc, eq, ilike, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { businesses, invites, users, type Role } from "@/db/schema";
import type { UserDto } from "./schemas";

/**
 * The columns any user-facing read selects. The password hash is deliberately absent: only
 * getLoginCandidate reads it, so no list or detail can leak it by accident.
 */
export const userColumns = {
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

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value that is not a uuid names no row; checking first keeps Postgres from raising a cast error. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

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

/** The database for reads that need no transaction. */
export function readDb(): Database {
  return getDb();
}

export function transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
  return getDb().transaction((tx) => work(tx as unknown as Database));
}

export function emailMatches(email: string): SQL {
  return sql`lower(${users.email}) = lower(${email})`;
}

/** The one read of a password hash, for sign-in only. */
export async function getLoginCandidate(email: string) {
  const [row] = await getDb()
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(emailMatches(email))
    .limit(1);
  return row ?? null;
}

/** Tenant-scoped: a user of another business is simply not found. */
export async function getUserInBusiness(db: Database, input: { businessId: string; id: string; forUpdate?: boolean }): Promise<UserRow | null> {
  if (!isUuid(input.id)) return null;
  const query = db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, input.id), eq(users.businessId, input.businessId)))
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
  values: { businessId: string; email: string; name: string; role: Role; passwordHash: string; lastLoginAt?: Date | null },
): Promise<UserRow | null> {
  const [row] = await db.insert(users).values({ ...values, credits: 0 }).onConflictDoNothing().returning(userColumns);
  return row ?? null;
}

export async function updateUserRow(
  db: Database,
  input: { businessId: string; id: string; set: Partial<{ role: Role; name: string; active: boolean }> },
): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set(input.set)
    .where(and(eq(users.id, input.id), eq(users.businessId, input.businessId)))
    .returning(userColumns);
  return row ?? null;
}

export async function touchLastLogin(id: string): Promise<void> {
  await getDb().update(users).set({ lastLoginAt: sql`now()` }).where(eq(users.id, id));
}

/**
 * Locks the business row so changes to who is an active admin are serialised per business: the
 * "last active admin" check and the change it guards then see a stable set of admins.
 * `no key update` does not block inserts that merely reference the business.
 */
export async function lockBusiness(db: Database, businessId: string): Promise<void> {
  await db.select({ id: businesses.id }).from(businesses).where(eq(businesses.id, businessId)).for("no key update");
}

export async function countOtherActiveAdmins(db: Database, input: { businessId: string; exceptUserId: string }): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(users)
    .where(and(eq(users.businessId, input.businessId), eq(users.role, "admin"), eq(users.active, true), ne(users.id, input.exceptUserId)));
  return row?.count ?? 0;
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
  const [counted] = await db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(users).where(where);
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(input.limit)
    .offset(input.offset);
  return { count: counted?.count ?? 0, rows };
}

export async function getBusinessSummary(db: Database, businessId: string) {
  const [row] = await db
    .select({ id: businesses.id, name: businesses.name, initialCredits: businesses.initialCredits })
    .from(businesses)
    .where(eq(businesses.id, businessId))
    .limit(1);
  return row ?? null;
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
export async function claimInvite(db: Database, codeHash: string) {
  const [row] = await db
    .update(invites)
    .set({ usedAt: sql`now()` })
    .where(and(eq(invites.codeHash, codeHash), sql`${invites.usedAt} is null`, sql`${invites.expiresAt} > now()`))
    .returning({ id: invites.id, businessId: invites.businessId, role: invites.role, email: invites.email });
  return row ?? null;
}

export async function markInviteUsedBy(db: Database, input: { inviteId: string; userId: string }): Promise<void> {
  await db.update(invites).set({ usedBy: input.userId }).where(eq(invites.id, input.inviteId));
}
