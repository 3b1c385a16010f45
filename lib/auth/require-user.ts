import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users, type User } from "../../db/schema";
import { AppError } from "../errors";
import { verifyAccessToken } from "./jwt";
import type { Actor } from "./permissions";

export type AuthenticatedUser = Actor & { email: string; name: string };

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

const actorColumns = { id: users.id, role: users.role, businessId: users.businessId, email: users.email, name: users.name, active: users.active };

async function loadActiveUser(userId: string): Promise<Pick<User, keyof typeof actorColumns>> {
  // One primary-key lookup per request: a deactivated or deleted user is locked out at once.
  // Explicit columns: the password hash never leaves the database on this hot path.
  const [user] = await getDb().select(actorColumns).from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !user.active) throw new AppError("unauthorized", "The account is not active.");
  return user;
}

/**
 * The caller behind `Authorization: Bearer <access JWT>`, as loaded from the database now
 * (role and business come from the row, not the token). Throws 401 `unauthorized`.
 */
export async function requireUser(request: Request): Promise<AuthenticatedUser> {
  const token = bearerToken(request);
  if (!token) throw new AppError("unauthorized", "Sign in: an Authorization: Bearer token is required.");
  const claims = await verifyAccessToken(token);
  const user = await loadActiveUser(claims.sub);
  return { id: user.id, role: user.role, businessId: user.businessId, email: user.email, name: user.name };
}

/** Like requireUser, but anonymous callers get null; a present but bad token is still 401. */
export async function optionalUser(request: Request): Promise<AuthenticatedUser | null> {
  if (!request.headers.get("authorization")) return null;
  return requireUser(request);
}
