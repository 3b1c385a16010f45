import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { emailChanges, endedBrowserSessions, passwordResetTokens, refreshTokens, roles, users } from "@/db/schema";

export async function insertRefreshToken(
  db: Database,
  input: { userId: string; familyId: string; browserSessionId?: string; tokenHash: string; ttlSeconds: number },
): Promise<{ expiresAt: Date }> {
  const [row] = await db
    .insert(refreshTokens)
    .values({
      userId: input.userId,
      familyId: input.familyId,
      browserSessionId: input.browserSessionId,
      tokenHash: input.tokenHash,
      expiresAt: sql`now() + ${input.ttlSeconds} * interval '1 second'`,
    })
    .returning({ expiresAt: refreshTokens.expiresAt });
  return { expiresAt: row!.expiresAt };
}

/**
 * The token row, locked for the rest of the transaction so two uses of one token are serialised.
 * `revoked` when any token of its family is: a revocation misses a successor its rotation committed
 * while the revoking statement waited for the old token's lock, and the family's access tokens are
 * refused by the same rule (lib/users/queries.ts getTokenHolder).
 */
export async function lockRefreshToken(db: Database, input: { tokenHash: string }) {
  const [row] = await db
    .select({
      id: refreshTokens.id,
      userId: refreshTokens.userId,
      familyId: refreshTokens.familyId,
      spent: sql<boolean>`${refreshTokens.spentAt} is not null`,
      revoked: sql<boolean>`${refreshTokens.revokedAt} is not null or exists (select 1 from refresh_tokens family where family.family_id = refresh_tokens.family_id and family.revoked_at is not null)`,
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
 * Revokes every live refresh token of one family (a reused token) or of one user (deactivation, a
 * password reset), or of one user but the family they are using (a password change), or of the
 * families one browser session minted (its sign-out); returns the
 * businesses of the owners of the tokens it revoked (none when nothing was live).
 */
export async function revokeRefreshTokens(
  db: Database,
  input: { familyId: string } | { userId: string; exceptFamilyId?: string } | { userId: string; browserSessionId: string },
): Promise<{ businessIds: string[] }> {
  const owner =
    "familyId" in input
      ? eq(refreshTokens.familyId, input.familyId)
      : "browserSessionId" in input
        ? and(
            eq(refreshTokens.userId, input.userId),
            sql`${refreshTokens.familyId} in (select family_id from refresh_tokens minted where minted.browser_session_id = ${input.browserSessionId})`,
          )
        : and(eq(refreshTokens.userId, input.userId), input.exceptFamilyId ? ne(refreshTokens.familyId, input.exceptFamilyId) : undefined);
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .from(users)
    .where(and(owner, isNull(refreshTokens.revokedAt), eq(users.id, refreshTokens.userId)))
    .returning({ businessId: users.businessId });
  return { businessIds: [...new Set(rows.map((row) => row.businessId))] };
}

/**
 * Records a browser session's sign-out until its cookie would have expired, and drops the user's
 * records that have outlived theirs.
 */
export async function recordEndedBrowserSession(db: Database, input: { sessionId: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.delete(endedBrowserSessions).where(and(eq(endedBrowserSessions.userId, input.userId), sql`${endedBrowserSessions.expiresAt} < now()`));
  await db.insert(endedBrowserSessions).values(input).onConflictDoNothing();
}

export async function isBrowserSessionEnded(db: Database, input: { sessionId: string }): Promise<boolean> {
  const [row] = await db
    .select({ sessionId: endedBrowserSessions.sessionId })
    .from(endedBrowserSessions)
    .where(eq(endedBrowserSessions.sessionId, input.sessionId))
    .limit(1);
  return row !== undefined;
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

/** Every unused reset link of the user stops working (a newer one, a password change, a new email). */
export async function voidPasswordResetTokens(db: Database, input: { userId: string }): Promise<void> {
  await db
    .update(passwordResetTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(passwordResetTokens.userId, input.userId), isNull(passwordResetTokens.usedAt)));
}

/** Inside a transaction holding the user's row: a reset link's token (its hash) for the user, valid `ttlMinutes`; earlier unused links of theirs stop working. */
export async function insertPasswordResetToken(db: Database, input: { userId: string; tokenHash: string; ttlMinutes: number }): Promise<void> {
  await voidPasswordResetTokens(db, { userId: input.userId });
  await db.insert(passwordResetTokens).values({
    userId: input.userId,
    tokenHash: input.tokenHash,
    expiresAt: sql`now() + ${input.ttlMinutes} * interval '1 minute'`,
  });
  // Spent and expired links are dead weight; each new one clears the user's old ones.
  await db
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.userId, input.userId), sql`(${passwordResetTokens.usedAt} is not null or ${passwordResetTokens.expiresAt} < now()) and ${passwordResetTokens.createdAt} < now() - interval '1 day'`));
}

/**
 * Spends an unused, unexpired reset token in one conditional update, so a link works once even when
 * opened twice at the same moment. The user it is for (active only), or null.
 */
export async function spendPasswordResetToken(db: Database, input: { tokenHash: string }): Promise<{ userId: string; businessId: string } | null> {
  const [row] = await db
    .update(passwordResetTokens)
    .set({ usedAt: sql`now()` })
    .from(users)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, input.tokenHash),
        isNull(passwordResetTokens.usedAt),
        sql`${passwordResetTokens.expiresAt} > now()`,
        eq(users.id, passwordResetTokens.userId),
        eq(users.active, true),
      ),
    )
    .returning({ userId: passwordResetTokens.userId, businessId: users.businessId });
  return row ?? null;
}

/** Inside a transaction holding the user's row: the asked-for address and its link (hash), valid `ttlMinutes`; an earlier one of the user's stops working. */
export async function upsertEmailChange(db: Database, input: { userId: string; newEmail: string; tokenHash: string; ttlMinutes: number }): Promise<void> {
  const expiresAt = sql`now() + ${input.ttlMinutes} * interval '1 minute'`;
  await db
    .insert(emailChanges)
    .values({ userId: input.userId, newEmail: input.newEmail, tokenHash: input.tokenHash, expiresAt })
    .onConflictDoUpdate({ target: emailChanges.userId, set: { newEmail: input.newEmail, tokenHash: input.tokenHash, expiresAt, createdAt: sql`now()` } });
}

/** The user's asked-for address while its link still works, or null. */
export async function getPendingEmail(db: Database, input: { userId: string }): Promise<string | null> {
  const [row] = await db
    .select({ newEmail: emailChanges.newEmail })
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, input.userId), sql`${emailChanges.expiresAt} > now()`))
    .limit(1);
  return row?.newEmail ?? null;
}

/** Drops the user's asked-for address, if any; says whether one was still live. */
export async function deleteEmailChange(db: Database, input: { userId: string }): Promise<boolean> {
  const rows = await db.delete(emailChanges).where(eq(emailChanges.userId, input.userId)).returning({ expiresAt: emailChanges.expiresAt });
  return rows.some((row) => row.expiresAt > new Date());
}

/**
 * Spends an email-change link in one conditional delete, so it works once even when opened twice at
 * the same moment: the change it was for, when the link is the user's latest, unexpired, and the user
 * is still active; else null.
 */
export async function spendEmailChange(
  db: Database,
  input: { tokenHash: string },
): Promise<{ userId: string; businessId: string; newEmail: string; oldEmail: string } | null> {
  const [row] = await db
    .delete(emailChanges)
    .where(
      and(
        eq(emailChanges.tokenHash, input.tokenHash),
        sql`${emailChanges.expiresAt} > now()`,
        sql`exists (select 1 from ${users} where ${users.id} = ${emailChanges.userId} and ${users.active})`,
      ),
    )
    .returning({ userId: emailChanges.userId, newEmail: emailChanges.newEmail });
  if (!row) return null;
  const [user] = await db.select({ businessId: users.businessId, email: users.email }).from(users).where(eq(users.id, row.userId)).limit(1).for("update");
  return user ? { userId: row.userId, businessId: user.businessId, newEmail: row.newEmail, oldEmail: user.email } : null;
}
