import "server-only";
import { transaction, type Database } from "@/db/client";
import { announceChange } from "@/lib/cache/shared";

/**
 * Announces, in the writing transaction, that who may act in these businesses changed (a role, the
 * active flag, the revocation time, a revoked refresh family): every instance forgets the token
 * holders it cached for them (lib/auth/require-user.ts).
 */
export async function announceMembersChange(db: Database, businessIds: readonly string[]): Promise<void> {
  for (const businessId of new Set(businessIds)) await announceChange(db, "members", businessId);
}

/**
 * `transaction(work)`, where `work` names the businesses whose members it changed; each is announced in
 * the transaction (announceChange also forgets them here once more after the commit).
 */
export function changingMembers<T>(work: (tx: Database, changed: (businessIds: readonly string[]) => Promise<void>) => Promise<T>): Promise<T> {
  return transaction((tx) => work(tx, (businessIds) => announceMembersChange(tx, businessIds)));
}
