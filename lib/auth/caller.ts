import "server-only";
import { getDb } from "@/db/client";
import type { ApiKey, ApiKeyKind, ApiKeyScope, EndUser } from "@/db/schema";
import { apiKeyKindOf, hashApiKey, isLiveApiKey } from "@/lib/api-keys/keys";
import { findApiKeyByHash, getApiKeyById, touchApiKeyLastUsed } from "@/lib/api-keys/queries";
import { getEndUserInBusiness } from "@/lib/end-users/queries";
import { assertVisitorIdentityHolds } from "@/lib/end-users/service";
import { AppError } from "@/lib/errors";
import { claimedAudience, VISITOR_TOKEN_AUDIENCE, verifyVisitorToken } from "./jwt";
import { assertCan } from "./permissions";
import { bearerToken, requireUser, type AuthenticatedUser } from "./require-user";

/**
 * Who is calling an endpoint that serves more than members: a member (bearer access token), the
 * business's own server (a secret key, speaking for the end users it names), or a widget visitor
 * (a visitor token minted with a publishable key, bound to one end user).
 */
export type ChatCaller =
  | { kind: "member"; businessId: string; actor: AuthenticatedUser }
  | { kind: "api"; businessId: string; apiKeyId: string }
  | {
      kind: "visitor";
      businessId: string;
      apiKeyId: string;
      /** When the publishable key behind the token expires (null: never), which ends the token's use too. */
      keyExpiresAt: Date | null;
      endUser: EndUser;
    };

// One answer for a missing, malformed, unknown, revoked or expired key: nothing to tell them apart by.
const invalidKey = () => new AppError("unauthorized", "A valid API key is required in the X-API-Key header.");

function usable(key: ApiKey | null): key is ApiKey {
  return key !== null && isLiveApiKey(key);
}

/**
 * The key in `X-API-Key` (never a query parameter), checked against the database on every request so
 * a revocation holds at once on every instance. 401 when it is not a live key of ours; 403 when it is
 * of another kind than the endpoint takes or lacks the scope.
 */
export async function requireApiKey(request: Request, expected: { kinds: readonly ApiKeyKind[]; scope?: ApiKeyScope }): Promise<ApiKey> {
  const presented = request.headers.get("x-api-key")?.trim() ?? "";
  if (!apiKeyKindOf(presented)) throw invalidKey();
  const key = await findApiKeyByHash(getDb(), { keyHash: hashApiKey(presented) });
  if (!usable(key)) throw invalidKey();
  if (!expected.kinds.includes(key.kind)) {
    throw new AppError("forbidden", key.kind === "publishable" ? "A publishable key cannot call this endpoint; use a secret key from your server." : "This endpoint takes a publishable key.");
  }
  if (expected.scope && !key.scopes.includes(expected.scope)) {
    throw new AppError("forbidden", `This API key lacks the ${expected.scope} scope.`);
  }
  await touchApiKeyLastUsed(getDb(), { id: key.id });
  return key;
}

/** The widget visitor behind a visitor token; its key must still be live, its identity still hold. 401 otherwise. */
async function requireVisitor(token: string): Promise<Extract<ChatCaller, { kind: "visitor" }>> {
  const claims = await verifyVisitorToken(token);
  const key = await getApiKeyById(getDb(), { id: claims.key_id });
  if (!usable(key) || key.kind !== "publishable" || key.businessId !== claims.business_id) {
    throw new AppError("unauthorized", "The visitor token's key is no longer valid.");
  }
  const endUser = await getEndUserInBusiness(getDb(), { businessId: key.businessId, endUserId: claims.sub });
  if (!endUser) throw new AppError("unauthorized", "The visitor token is invalid.");
  await assertVisitorIdentityHolds({ businessId: key.businessId, endUser, identityVersion: claims.idv });
  return { kind: "visitor", businessId: key.businessId, apiKeyId: key.id, keyExpiresAt: key.expiresAt, endUser };
}

/** The caller of the chat endpoints: a secret key with the chat scope, a widget visitor, or a member. */
export async function requireChatCaller(request: Request): Promise<ChatCaller> {
  if (request.headers.has("x-api-key")) {
    const key = await requireApiKey(request, { kinds: ["secret"], scope: "chat" });
    return { kind: "api", businessId: key.businessId, apiKeyId: key.id };
  }
  const token = bearerToken(request);
  if (token && claimedAudience(token) === VISITOR_TOKEN_AUDIENCE) return requireVisitor(token);
  const actor = await requireUser(request);
  return { kind: "member", businessId: actor.businessId, actor };
}

/** The business whose chat statistics are asked for: a secret key with the stats scope, or an admin. */
export async function requireStatsCaller(request: Request): Promise<{ businessId: string }> {
  if (request.headers.has("x-api-key")) {
    const key = await requireApiKey(request, { kinds: ["secret"], scope: "stats" });
    return { businessId: key.businessId };
  }
  const actor = await requireUser(request);
  assertCan(actor, "dashboard:read");
  return { businessId: actor.businessId };
}

/**
 * Anyone who may read the business's public bot settings: any of its live keys, a visitor, or a member.
 * `allowedOrigins` are the pages a publishable key was given for (the only ones that may read it cross-origin).
 */
export async function requireBusinessReader(request: Request): Promise<{ businessId: string; allowedOrigins: string[] }> {
  if (request.headers.has("x-api-key")) {
    const key = await requireApiKey(request, { kinds: ["secret", "publishable"] });
    return { businessId: key.businessId, allowedOrigins: key.kind === "publishable" ? key.allowedOrigins : [] };
  }
  const token = bearerToken(request);
  if (token && claimedAudience(token) === VISITOR_TOKEN_AUDIENCE) return { businessId: (await requireVisitor(token)).businessId, allowedOrigins: [] };
  const actor = await requireUser(request);
  return { businessId: actor.businessId, allowedOrigins: [] };
}

/** Whom a rate limit counts for a chat caller: the member, the widget visitor's end user, or the key. */
export function limitAccountOf(caller: ChatCaller): string {
  switch (caller.kind) {
    case "member":
      return caller.actor.id;
    case "visitor":
      return `end-user:${caller.endUser.id}`;
    case "api":
      return `api-key:${caller.apiKeyId}`;
  }
}
