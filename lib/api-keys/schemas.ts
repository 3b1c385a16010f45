import { z } from "zod";
import { isStorableInstant } from "@/lib/instants";
import { isSingleLine, SINGLE_LINE_MESSAGE } from "@/lib/single-line";
import type { ApiKeyKind, ApiKeyScope } from "@/db/schema";
import { pageQuery } from "@/lib/pagination-query";
import {
  API_KEY_KIND_LABELS,
  API_KEY_KIND_VALUES,
  API_KEY_LIMITS,
  API_KEY_SCOPE_DESCRIPTIONS,
  API_KEY_SCOPE_VALUES,
  originProblem,
  PUBLISHABLE_SCOPES,
} from "./vocabulary";

/** Shared by the /settings API keys section and the /api/api-keys endpoints. */

export { API_KEY_KIND_LABELS, API_KEY_KIND_VALUES, API_KEY_LIMITS, API_KEY_SCOPE_DESCRIPTIONS, API_KEY_SCOPE_VALUES, originProblem, PUBLISHABLE_SCOPES };

export const apiKeyNameSchema = z
  .string({ error: "Name must be text." })
  .trim()
  .min(1, "Name is required.")
  .max(API_KEY_LIMITS.name, `Name must be at most ${API_KEY_LIMITS.name} characters.`)
  .refine(isSingleLine, `Name ${SINGLE_LINE_MESSAGE}`);

const kindSchema = z.enum(API_KEY_KIND_VALUES, { error: "Kind must be secret or publishable." });

export const apiKeyScopesSchema = z
  .array(z.enum(API_KEY_SCOPE_VALUES, { error: `Scope must be one of: ${API_KEY_SCOPE_VALUES.join(", ")}.` }), {
    error: "Scopes must be a list.",
  })
  .min(1, "Give at least one scope.")
  .refine((scopes) => new Set(scopes).size === scopes.length, "Each scope may be listed once.");

const originSchema = z.string({ error: "An origin must be text." }).superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const allowedOriginsSchema = z
  .array(originSchema, { error: "Allowed origins must be a list." })
  .max(API_KEY_LIMITS.allowedOrigins, `At most ${API_KEY_LIMITS.allowedOrigins} allowed origins.`)
  .refine((origins) => new Set(origins).size === origins.length, "Each origin may be listed once.");

const expiresAtSchema = z
  .iso.datetime({ offset: true, error: "Expiry must be an ISO 8601 date-time such as 2030-01-31T00:00:00Z." })
  .refine((value) => new Date(value).getTime() > Date.now(), "Expiry must be in the future.")
  .refine((value) => isStorableInstant(new Date(value)), "Expiry must be no later than 9999-12-31 (UTC).");


/** POST /api/api-keys */
export const createApiKeySchema = z
  .object({
    name: apiKeyNameSchema,
    kind: kindSchema,
    scopes: apiKeyScopesSchema.default(["chat"]),
    allowedOrigins: allowedOriginsSchema.optional(),
    expiresAt: expiresAtSchema.nullable().optional(),
  })
  .strict()
  // Runs even when a field above failed, so every problem is reported at once; hence the type checks.
  .superRefine((value, ctx) => {
    const origins = Array.isArray(value.allowedOrigins) ? value.allowedOrigins : undefined;
    if (value.kind === "publishable" && (origins === undefined || origins.length === 0)) {
      ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: "A publishable key needs at least one allowed origin." });
    }
    if (value.kind === "secret" && origins !== undefined && origins.length > 0) {
      ctx.addIssue({ code: "custom", path: ["allowedOrigins"], message: "Only publishable keys have allowed origins." });
    }
    if (value.kind === "publishable" && Array.isArray(value.scopes) && value.scopes.some((scope) => !PUBLISHABLE_SCOPES.includes(scope))) {
      ctx.addIssue({ code: "custom", path: ["scopes"], message: "A publishable key is public, so its only scope is chat." });
    }
  });

/** PATCH /api/api-keys/:id: whether allowedOrigins and scopes fit the key's kind is checked against the key. */
export const updateApiKeySchema = z
  .object({
    name: apiKeyNameSchema.optional(),
    scopes: apiKeyScopesSchema.optional(),
    allowedOrigins: allowedOriginsSchema.optional(),
  })
  .strict()
  .refine((value) => value.name !== undefined || value.scopes !== undefined || value.allowedOrigins !== undefined, {
    message: "Give at least one of name, scopes, allowedOrigins.",
    path: ["_"],
  });

export const listApiKeysQuerySchema = z.object({ ...pageQuery });

/** An API key as every API returns it: never the key itself (only POST's `key`) nor its hash. */
export type ApiKeyDto = {
  id: string;
  name: string;
  kind: ApiKeyKind;
  prefix: string;
  scopes: ApiKeyScope[];
  allowedOrigins: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
};

/** POST /api/api-keys: the whole key, this once. */
export type CreatedApiKey = { apiKey: ApiKeyDto; key: string };

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
export type UpdateApiKeyInput = z.infer<typeof updateApiKeySchema>;
export type ListApiKeysQuery = z.infer<typeof listApiKeysQuerySchema>;
