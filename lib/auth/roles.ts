import type { Database } from "@/db/client";
import { ROLES } from "@/db/schema";
import { ROLE_DESCRIPTIONS, permissionsOf } from "./permissions";
import { upsertRole } from "./queries";

/** Brings the `roles` table in line with the permission matrix in code (the matrix is the source of truth). */
export async function syncRoleTable(db: Database): Promise<void> {
  for (const name of ROLES) {
    await upsertRole(db, { name, description: ROLE_DESCRIPTIONS[name], permissions: permissionsOf(name) });
  }
}
