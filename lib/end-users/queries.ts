import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { endUsers, type EndUser } from "@/db/schema";

/** The end user of this business with this identifier and trust (created on first sight), last seen now. */
export async function upsertIdentifiedEndUser(
  db: Database,
  input: { businessId: string; identifier: string; verified: boolean },
): Promise<EndUser> {
  const [row] = await db
    .insert(endUsers)
    .values(input)
    .onConflictDoUpdate({
      target: [endUsers.businessId, endUsers.verified, endUsers.identifier],
      targetWhere: sql`${endUsers.identifier} is not null`,
      set: { lastSeenAt: sql`now()` },
    })
    .returning();
  return row!;
}

/** The anonymous widget visitor whose browser keeps `anonymousKey` (created on first sight), last seen now. */
export async function upsertAnonymousEndUser(db: Database, input: { businessId: string; anonymousKey: string }): Promise<EndUser> {
  const [row] = await db
    .insert(endUsers)
    .values({ ...input, verified: false })
    .onConflictDoUpdate({
      target: [endUsers.businessId, endUsers.anonymousKey],
      targetWhere: sql`${endUsers.anonymousKey} is not null`,
      set: { lastSeenAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function getEndUserInBusiness(db: Database, input: { businessId: string; endUserId: string }): Promise<EndUser | null> {
  const [row] = await db
    .select()
    .from(endUsers)
    .where(and(eq(endUsers.id, input.endUserId), eq(endUsers.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}

/** The end user with this identifier and trust, without creating one (reads never create end users). */
export async function findIdentifiedEndUser(
  db: Database,
  input: { businessId: string; identifier: string; verified: boolean },
): Promise<EndUser | null> {
  const [row] = await db
    .select()
    .from(endUsers)
    .where(and(eq(endUsers.businessId, input.businessId), eq(endUsers.verified, input.verified), eq(endUsers.identifier, input.identifier)))
    .limit(1);
  return row ?? null;
}
