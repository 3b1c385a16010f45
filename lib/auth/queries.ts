import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { refreshTokens, roles, users } from "@/db/schema";

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
export async function lockRefreshToken(db: Database, input: { tokenHash: string }) {
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
    .where(eq(refreshTokens.tokenHash, input.tokenHash))
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function getRefreshTokenOwner(db: Database, input: { tokenHash: string }) {
  const [row] = await db
    .select({ userId: refreshTokens.userId, familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, input.tokenHash))
    .limit(1);
  return row ?? null;
}

export async function markSpent(db: Database, id: string): Promise<void> {
  await db.update(refreshTokens).set({ spentAt: sql`now()` }).where(eq(refreshTokens.id, id));
}

/**
 * Revokes every live refresh token of one family (a reused token) or of one user (deactivation);
 * returns the businesses of the owners of the tokens it revoked (none when nothing was live).
 */
export async function revokeRefreshTokens(db: Database, input: { familyId: string } | { userId: string }): Promise<{ businessIds: string[] }> {
  const owner = "familyId" in input ? eq(refreshTokens.familyId, input.familyId) : eq(refreshTokens.userId, input.userId);
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .from(users)
    .where(and(owner, isNull(refreshTokens.revokedAt), eq(users.id, refreshTokens.userId)))
    .returning({ businessId: users.businessId });
  return { businessIds: [...new Set(rows.map((row) => row.businessId))] };
}

/** Rows past their expiry are dead weight; dropped a day late so reuse detection still sees them meanwhile. */
export async function purgeExpiredRefreshTokens(db: Database, userId: string): Promise<void> {
  await db
    .delete(refreshTokens)
    .where(and(eq(refreshTokens.userId, userId), sql`${refreshTokens.expiresAt} < now() - interval '1 day'`));
}

export async function upsertRole(db: Database, row: typeof roles.$inferInsert): Promise<void> {
  await db
    .insert(roles)
    .values(row)
    .onConflictDoUpdate({ target: roles.name, set: { description: row.description, permissions: row.permissions } });
}
