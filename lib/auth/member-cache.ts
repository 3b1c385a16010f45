import "server-only";
import { transaction, type Database } from "@/db/client";
import { announceChange, getSharedCache } from "@/lib/cache/shared";

/**
 * Announces, in the writing transaction, that who may act in these businesses changed (a role, the
 * active flag, the revocation time, a revoked refresh family): every instance forgets the token
 * holders it cached for them (lib/auth/require-user.ts).
 */
export async function announceMembersChange(db: Database, businessIds: readonly string[]): Promise<void> {
  for (const businessId of new Set(businessIds)) await announceChange(db, "members", businessId);
}

/**
 * `transaction(work)`, where `work` returns the businesses whose members it changed. Their cached
 * holders are forgotten once more after the commit: a request that read the old row between the
 * announcement and the commit may have stored it, and the next request here must not find it.
 */
export async function changingMembers<T>(work: (tx: Database, changed: (businessIds: readonly string[]) => Promise<void>) => Promise<T>): Promise<T> {
  const touched = new Set<string>();
  const result = await transaction((tx) =>
    work(tx, async (businessIds) => {
      for (const id of businessIds) touched.add(id);
      await announceMembersChange(tx, businessIds);
    }),
  );
  for (const businessId of touched) getSharedCache().drop("members", businessId);
  return result;
}
