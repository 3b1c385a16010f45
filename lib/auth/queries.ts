import "server-only";
import { and, eq, isNull, or, sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { businesses, refreshTokens, roles, users } from "@/db/schema";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function insertRefreshToken(
  db: Database,
  input: { userId: string; familyId: string; tokenHash: string; ttlSeconds: number },
): Promise<{ expiresAt: Date }> {
  const [row] = await db
    .insert(refreshTokens)
    .values({
      userId: input.userId,
      familyId: input.familyId,
      tokenHash: input.tokenHash,
      expiresAt: sql`now() + ${input.ttlSeconds} * interval '1 second'`,
    })
    .returning({ expiresAt: refreshTokens.expiresAt });
  return { expiresAt: row!.expiresAt };
}

/** The token row, locked for the rest of the transaction so two uses of one token are serialised. */
export async function lockRefreshToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({
      id: refreshTokens.id,
      userId: refreshTokens.userId,
      familyId: refreshTokens.familyId,
      spent: sql<boolean>`${refreshTokens.spentAt} is not null`,
      revoked: sql<boolean>`${refreshTokens.revokedAt} is not null`,
      expired: sql<boolean>`${refreshTokens.expiresAt} <= now()`,
    })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function getRefreshTokenOwner(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ userId: refreshTokens.userId, familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

export async function markSpent(db: Database, id: string): Promise<void> {
  await db.update(refreshTokens).set({ spentAt: sql`now()` }).where(eq(refreshTokens.id, id));
}

export async function revokeFamily(db: Database, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function revokeAllOfUser(db: Database, userId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** Rows past their expiry are dead weight; dropped a day late so reuse detection still sees them meanwhile. */
export async function purgeExpiredRefreshTokens(db: Database, userId: string): Promise<void> {
  await db
    .delete(refreshTokens)
    .where(and(eq(refreshTokens.userId, userId), sql`${refreshTokens.expiresAt} < now() - interval '1 day'`));
}

export async function getActiveUserWithBusiness(db: Database, userId: string) {
  if (!UUID_PATTERN.test(userId)) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      businessId: users.businessId,
      active: users.active,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row && row.active ? row : null;
}

/** Inserts a business under `slug` unless the slug is taken; null when taken. */
export async function insertBusinessWithSlug(db: Database, input: { name: string; slug: string }) {
  const [row] = await db
    .insert(businesses)
    .values(input)
    .onConflictDoNothing({ target: businesses.slug })
    .returning({ id: businesses.id, name: businesses.name, initialCredits: businesses.initialCredits });
  return row ?? null;
}

/** Existing slugs equal to `base` or `base-<n>`, to pick the next free suffix. */
export async function slugsLike(db: Database, base: string): Promise<string[]> {
  const escaped = base.replace(/[\\%_]/g, (char) => `\\${char}`);
  const rows = await db
    .select({ slug: businesses.slug })
    .from(businesses)
    .where(or(eq(businesses.slug, base), sql`${businesses.slug} like ${`${escaped}-%`}`));
  return rows.map((row) => row.slug);
}

/** The signed-in user with their business, for /api/auth/me. */
export async function getProfile(userId: string, db: Database = getDb()) {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      credits: users.credits,
      businessId: businesses.id,
      businessName: businesses.name,
    })
    .from(users)
    .innerJoin(businesses, eq(businesses.id, users.businessId))
    .where(and(eq(users.id, userId), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}

export async function upsertRole(db: Database, row: typeof roles.$inferInsert): Promise<void> {
  await db
    .insert(roles)
    .values(row)
    .onConflictDoUpdate({ target: roles.name, set: { description: row.description, permissions: row.permissions } });
}
