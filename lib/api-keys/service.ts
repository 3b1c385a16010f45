import "server-only";
import { getDb, transaction } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { announceBusinessChange } from "@/lib/business/chat-settings";
import { lockBusiness } from "@/lib/business/queries";
import { assertStillMay } from "@/lib/users/service";
import { AppError, notFound, type FieldErrors } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { pageWindow } from "@/lib/pagination";
import type { RequestContext } from "@/lib/request-context";
import { generateApiKey } from "./keys";
import {
  countActiveApiKeys,
  getApiKeyInBusiness,
  insertApiKey,
  listApiKeysOfBusiness,
  revokeApiKeyRow,
  toApiKeyDto,
  updateActiveApiKey,
  type ApiKeyRow,
} from "./queries";
import {
  API_KEY_LIMITS,
  PUBLISHABLE_SCOPES,
  type ApiKeyDto,
  type CreateApiKeyInput,
  type CreatedApiKey,
  type ListApiKeysQuery,
  type UpdateApiKeyInput,
} from "./schemas";

/** apikeys:manage. The caller's business's keys, newest first, revoked ones included; never a key or hash. Throws 403. */
export async function listApiKeys(actor: Actor, query: ListApiKeysQuery): Promise<{ count: number; results: ApiKeyDto[] }> {
  assertCan(actor, "apikeys:manage");
  const { count, rows } = await listApiKeysOfBusiness(getDb(), { businessId: actor.businessId, ...pageWindow(query) });
  return { count, results: rows.map(toApiKeyDto) };
}

const auditPicture = (key: ApiKeyRow) => ({ name: key.name, kind: key.kind, prefix: key.prefix, scopes: key.scopes });

/**
 * apikeys:manage. Creates a key for the caller's business; only its SHA-256 hash and display prefix
 * are stored, so the whole key is returned this once. Throws 403, 409 `conflict` (the business
 * already has the maximum of keys not revoked).
 */
export async function createApiKey(actor: Actor, input: CreateApiKeyInput, ctx: RequestContext = {}): Promise<CreatedApiKey> {
  assertCan(actor, "apikeys:manage");
  const generated = generateApiKey(input.kind);
  return transaction(async (tx) => {
    // Serialises creations per business, so two at once cannot both pass the count below, and with a
    // demotion: an admin demoted while this request was on its way leaves with no secret key.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "apikeys:manage");
    if ((await countActiveApiKeys(tx, { businessId: actor.businessId })) >= API_KEY_LIMITS.activePerBusiness) {
      throw new AppError(
        "conflict",
        `A business can have at most ${formatCount(API_KEY_LIMITS.activePerBusiness)} API keys that are not revoked. Revoke one you no longer use first.`,
      );
    }
    const row = await insertApiKey(tx, {
      businessId: actor.businessId,
      name: input.name,
      kind: input.kind,
      prefix: generated.prefix,
      keyHash: generated.keyHash,
      scopes: input.scopes,
      allowedOrigins: input.kind === "publishable" ? (input.allowedOrigins ?? []) : [],
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      createdBy: actor.id,
    });
    const apiKey = toApiKeyDto(row);
    await recordAudit(tx, {
      actor,
      action: "api_key.create",
      entityType: "api_key",
      entityId: row.id,
      summary: { ...auditPicture(row), allowedOrigins: apiKey.allowedOrigins, expiresAt: apiKey.expiresAt },
      requestId: ctx.requestId,
    });
    return { apiKey, key: generated.key };
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/** What a change asks of a key that its kind does not allow, as 400 field errors. */
function kindViolations(key: ApiKeyRow, changes: UpdateApiKeyInput): FieldErrors {
  const fields: FieldErrors = {};
  if (changes.allowedOrigins !== undefined && key.kind !== "publishable") {
    fields.allowedOrigins = ["Only publishable keys have allowed origins."];
  }
  if (changes.allowedOrigins !== undefined && key.kind === "publishable" && changes.allowedOrigins.length === 0) {
    fields.allowedOrigins = ["A publishable key needs at least one allowed origin."];
  }
  if (changes.scopes !== undefined && key.kind === "publishable" && changes.scopes.some((scope) => !PUBLISHABLE_SCOPES.includes(scope))) {
    fields.scopes = ["A publishable key is public, so its only scope is chat."];
  }
  return fields;
}

/**
 * apikeys:manage. Renames a key, or changes its scopes or (publishable keys) allowed origins; the
 * next request made with the key sees the change. Audited with before and after values.
 * Throws 400 (a change the key's kind does not allow), 403, 404 (not this business's), 409 `conflict` (revoked).
 */
export async function updateApiKey(
  actor: Actor,
  input: { id: string; changes: UpdateApiKeyInput },
  ctx: RequestContext = {},
): Promise<ApiKeyDto> {
  assertCan(actor, "apikeys:manage");
  const { changes } = input;
  return transaction(async (tx) => {
    // As for a creation: a change widens what a key may do, so an admin demoted meanwhile makes none.
    await lockBusiness(tx, { businessId: actor.businessId });
    await assertStillMay(tx, actor, "apikeys:manage");
    const key = await getApiKeyInBusiness(tx, { businessId: actor.businessId, id: input.id, forUpdate: true });
    if (!key) throw notFound("API key");
    if (key.revokedAt) throw new AppError("conflict", "This API key is revoked; a revoked key cannot be changed.");
    const violations = kindViolations(key, changes);
    if (Object.keys(violations).length > 0) {
      throw new AppError("invalid_request", "The request is invalid.", { fields: violations });
    }

    const before: Partial<Pick<ApiKeyRow, "name" | "scopes" | "allowedOrigins">> = {};
    const after: typeof before = {};
    if (changes.name !== undefined && changes.name !== key.name) {
      before.name = key.name;
      after.name = changes.name;
    }
    if (changes.scopes !== undefined && !sameList(changes.scopes, key.scopes)) {
      before.scopes = key.scopes;
      after.scopes = changes.scopes;
    }
    if (changes.allowedOrigins !== undefined && !sameList(changes.allowedOrigins, key.allowedOrigins)) {
      before.allowedOrigins = key.allowedOrigins;
      after.allowedOrigins = changes.allowedOrigins;
    }
    if (Object.keys(after).length === 0) return toApiKeyDto(key);

    const updated = await updateActiveApiKey(tx, { businessId: actor.businessId, id: key.id, set: after });
    // The row is locked above, so only a revocation that committed in between can get here.
    if (!updated) throw new AppError("conflict", "This API key is revoked; a revoked key cannot be changed.");
    await recordAudit(tx, {
      actor,
      action: "api_key.update",
      entityType: "api_key",
      entityId: key.id,
      summary: { name: key.name, before, after },
      requestId: ctx.requestId,
    });
    return toApiKeyDto(updated);
  });
}

/**
 * apikeys:manage. Revokes a key for good: requests made with it are refused from now on, and it stays
 * listed as revoked. Revoking a revoked key changes nothing and answers it as it is (same revokedAt).
 * Throws 403, 404 (not this business's).
 */
export async function revokeApiKey(actor: Actor, input: { id: string }, ctx: RequestContext = {}): Promise<ApiKeyDto> {
  assertCan(actor, "apikeys:manage");
  return transaction(async (tx) => {
    const key = await getApiKeyInBusiness(tx, { businessId: actor.businessId, id: input.id });
    if (!key) throw notFound("API key");
    const revoked = await revokeApiKeyRow(tx, { businessId: actor.businessId, id: key.id });
    if (!revoked) {
      const current = await getApiKeyInBusiness(tx, { businessId: actor.businessId, id: key.id });
      if (!current) throw notFound("API key");
      return toApiKeyDto(current);
    }
    // Every instance re-admits the live-event streams of this business's visitors, so those of this key end now.
    await announceBusinessChange(tx, actor.businessId);
    await recordAudit(tx, {
      actor,
      action: "api_key.revoke",
      entityType: "api_key",
      entityId: key.id,
      summary: auditPicture(revoked),
      requestId: ctx.requestId,
    });
    return toApiKeyDto(revoked);
  });
}
