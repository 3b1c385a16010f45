import "server-only";
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { getDb } from "@/db/client";
import type { ApiKey, EndUser } from "@/db/schema";
import { signVisitorToken } from "@/lib/auth/jwt";
import { getWidgetSettings } from "@/lib/business/queries";
import { AppError, notFound } from "@/lib/errors";
import { upsertAnonymousEndUser, upsertIdentifiedEndUser } from "./queries";
import type { VisitorSessionInput } from "./schemas";

/** The product name shown under the widget. */
export const POWERED_BY = "Product Assistant";

/** userHash = hex HMAC-SHA256(identity secret, userIdentifier), compared in constant time. */
export function userHashMatches(secret: string, identifier: string, userHash: string): boolean {
  const expected = createHmac("sha256", secret).update(identifier, "utf8").digest();
  const given = Buffer.from(userHash, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Which identity secret verified an end user, as a visitor token carries it: a rotated secret (one that
 * leaked, say) ends the tokens it verified. A digest, so the token tells nothing of the secret.
 */
export function identityVersionOf(secret: string): string {
  return createHash("sha256").update(`visitor-identity:${secret}`).digest("base64url").slice(0, 22);
}

/**
 * Whether a visitor token still speaks for its end user under the business's identity policy as it is
 * now: a verified end user's token needs the secret that verified them, and an unverified identified
 * one is refused once the business requires verified identities. Anonymous visitors are not concerned.
 */
export async function assertVisitorIdentityHolds(input: { businessId: string; endUser: Pick<EndUser, "identifier" | "verified">; identityVersion?: string }) {
  if (input.endUser.identifier === null) return;
  const settings = await getWidgetSettings(getDb(), { businessId: input.businessId });
  if (!settings) throw new AppError("unauthorized", "The visitor token is invalid.");
  if (input.endUser.verified && input.identityVersion !== identityVersionOf(settings.identitySecret)) {
    throw new AppError("unauthorized", "The business's identity secret changed since this visitor was verified: start the visitor session again.");
  }
  if (!input.endUser.verified && settings.requireVerifiedIdentity) {
    throw new AppError("unauthorized", "This business accepts only verified visitors: send the userHash of the userIdentifier.");
  }
}

/**
 * A widget visitor's token, minted with a publishable key. An identifier with a valid hash is a
 * verified end user; without one it is an unverified end user of its own (never merged with the
 * verified one), refused when the business requires verified identities; a wrong hash is always
 * refused. No identifier: an anonymous visitor, known again by the id their browser keeps.
 */
export async function startVisitorSession(key: ApiKey, input: VisitorSessionInput) {
  const db = getDb();
  const settings = await getWidgetSettings(db, { businessId: key.businessId });
  if (!settings) throw notFound("Business");
  let endUser;
  let anonymousId: string | null = null;
  if (input.userIdentifier) {
    const verified = input.userHash !== undefined && userHashMatches(settings.identitySecret, input.userIdentifier, input.userHash);
    if (input.userHash !== undefined && !verified) throw new AppError("unauthorized", "The userHash does not match this userIdentifier.");
    if (!verified && settings.requireVerifiedIdentity) {
      throw new AppError("unauthorized", "This business accepts only verified visitors: send the userHash of the userIdentifier.");
    }
    endUser = await upsertIdentifiedEndUser(db, { businessId: key.businessId, identifier: input.userIdentifier, verified });
  } else {
    if (input.userHash !== undefined) throw new AppError("invalid_request", "A userHash needs its userIdentifier.", { fields: { userIdentifier: ["Required with userHash."] } });
    anonymousId = input.anonymousId ?? randomBytes(18).toString("base64url");
    endUser = await upsertAnonymousEndUser(db, { businessId: key.businessId, anonymousKey: anonymousId });
  }
  const { token, expiresAt } = await signVisitorToken({
    endUserId: endUser.id,
    businessId: key.businessId,
    apiKeyId: key.id,
    identityVersion: endUser.verified ? identityVersionOf(settings.identitySecret) : undefined,
  });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    endUser: { id: endUser.id, userIdentifier: endUser.identifier, verified: endUser.verified },
    ...(anonymousId ? { anonymousId } : {}),
  };
}

/** GET /api/chat/bot-config: the bot's public face, nothing else of the business. */
export async function getBotConfig(input: { businessId: string }) {
  const settings = await getWidgetSettings(getDb(), { businessId: input.businessId });
  if (!settings) throw notFound("Business");
  return { botName: settings.botName, botColor: settings.botColor, botIcon: settings.botIcon, greeting: settings.greeting, poweredBy: POWERED_BY };
}
