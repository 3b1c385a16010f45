import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Role } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export type AccessClaims = {
  sub: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  business_id: string;
  type: "access";
  iat: number;
  exp: number;
  jti: string;
};

const ISSUER = "product-assistant";
const AUDIENCE = "product-assistant-api";

function key(): Uint8Array {
  return new TextEncoder().encode(env().JWT_SECRET);
}

export async function signAccessToken(user: {
  id: string;
  email: string;
  name: string;
  role: Role;
  businessId: string;
}): Promise<{ token: string; expiresAt: Date }> {
  const ttl = env().ACCESS_TOKEN_TTL_SECONDS;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    user_id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    business_id: user.businessId,
    type: "access",
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(randomUUID())
    .sign(key());
  return { token, expiresAt: new Date((now + ttl) * 1000) };
}

/** Verifies an access token: HS256 only, our issuer and audience, `type: "access"`. Throws 401 otherwise. */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["sub", "exp", "iat", "jti"],
    });
    if (payload.type !== "access" || typeof payload.sub !== "string") {
      throw new AppError("unauthorized", "The token is not an access token.");
    }
    return payload as unknown as AccessClaims;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const expired = error instanceof joseErrors.JWTExpired;
    throw new AppError("unauthorized", expired ? "The access token has expired." : "The access token is invalid.");
  }
}
