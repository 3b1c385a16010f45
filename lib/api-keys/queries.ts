import "server-only";
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apiKeys, type ApiKey, type ApiKeyKind, type ApiKeyScope } from "@/db/schema";
import { isUuid } from "@/lib/ids";
import type { ApiKeyDto } from "./schemas";

/** The key with this hash, revoked or expired or not: the caller decides. */
export async function findApiKeyByHash(db: Database, input: { keyHash: string }): Promise<ApiKey | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, input.keyHash)).limit(1);
  return row ?? null;
}

export async function getApiKeyById(db: Database, input: { id: string }): Promise<ApiKey | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, input.id)).limit(1);
  return row ?? null;
}

/**
 * Stamps `last_used_at`, at most once a minute per key: the condition makes every other request
 * of that minute a no-op write that touches no row.
 */
export async function touchApiKeyLastUsed(db: Database, input: { id: string }): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()`, updatedAt: sql`${apiKeys.updatedAt}` })
    .where(and(eq(apiKeys.id, input.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`))));
}


/**
 * The columns every management read selects. The hash is deliberately absent: only
 * findApiKeyByHash (authentication) reads it, so no list or answer can leak it by accident.
 */
const apiKeyColumns = {
  id: apiKeys.id,
  businessId: apiKeys.businessId,
  name: apiKeys.name,
  kind: apiKeys.kind,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  allowedOrigins: apiKeys.allowedOrigins,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
};

export type ApiKeyRow = {
  id: string;
  businessId: string;
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  scopes: ApiKeyScope[];
  allowedOrigins: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

const iso = (value: Date | null): string | null => (value ? new Date(value).toISOString() : null);

export function toApiKeyDto(row: ApiKeyRow): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    prefix: row.prefix,
    scopes: row.scopes,
    allowedOrigins: row.allowedOrigins,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
  };
}

/** Newest first; revoked keys stay listed. */
export async function listApiKeysOfBusiness(
  db: Database,
  input: { businessId: string; limit: number; offset: number },
): Promise<{ count: number; rows: ApiKeyRow[] }> {
  const where = eq(apiKeys.businessId, input.businessId);
  const count = await db.$count(apiKeys, where);
  const rows = await db
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(where)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(input.limit)
    .offset(input.offset);
  return { count, rows };
}

/** Tenant-scoped: a key of another business (or an id that is no uuid) is simply not found. */
export async function getApiKeyInBusiness(
  db: Database,
  input: { businessId: string; id: string; forUpdate?: boolean },
): Promise<ApiKeyRow | null> {
  if (!isUuid(input.id)) return null;
  const query = db
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.businessId, input.businessId)))
    .limit(1);
  const [row] = input.forUpdate ? await query.for("update") : await query;
  return row ?? null;
}

/** Keys not revoked (expired ones included: they still hold a place until revoked). */
export async function countActiveApiKeys(db: Database, input: { businessId: string }): Promise<number> {
  return db.$count(apiKeys, and(eq(apiKeys.businessId, input.businessId), isNull(apiKeys.revokedAt)));
}

export async function insertApiKey(
  db: Database,
  values: {
    businessId: string;
    name: string;
    kind: ApiKeyKind;
    prefix: string;
    keyHash: string;
    scopes: ApiKeyScope[];
    allowedOrigins: string[];
    expiresAt: Date | null;
    createdBy: string;
  },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning(apiKeyColumns);
  return row!;
}

/** Changes a key that is not revoked; null when it is revoked (or not this business's). */
export async function updateActiveApiKey(
  db: Database,
  input: { businessId: string; id: string; set: Partial<{ name: string; scopes: ApiKeyScope[]; allowedOrigins: string[] }> },
): Promise<ApiKeyRow | null> {
  const [row] = await db
    .update(apiKeys)
    .set(input.set)
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.businessId, input.businessId), isNull(apiKeys.revokedAt)))
    .returning(apiKeyColumns);
  return row ?? null;
}

/**
 * Revokes a key in one conditional update, so of two revocations at once exactly one stamps
 * `revoked_at`; null when it was already revoked (or is not this business's).
 */
export async function revokeApiKeyRow(db: Database, input: { businessId: string; id: string }): Promise<ApiKeyRow | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiKeys.id, input.id), eq(apiKeys.businessId, input.businessId), isNull(apiKeys.revokedAt)))
    .returning(apiKeyColumns);
  return row ?? null;
}
