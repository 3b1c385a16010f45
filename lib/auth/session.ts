import "server-only";
import { randomUUID } from "node:crypto";
import type { AuthOptions, Session, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getServerSession } from "next-auth/next";
import type { Role } from "@/db/schema";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { logger } from "@/lib/logger";
import { clientIp, SOCKET_ADDRESS_HEADER } from "@/lib/rate-limit/client-ip";
import { secureCookies } from "./cookies";
import { loginSchema } from "./schemas";
import { authenticate, endBrowserSession } from "./service";
import { passwordStamp, sessionHolder } from "./session-holder";

export { sessionCookieName } from "./cookies";

/** Browser sessions outlive one refresh token: a reload mints a new token family from the cookie. */
const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

type SessionUserClaims = {
  id: string;
  email: string;
  name: string;
  role: Role;
  businessId: string;
  mustChangePassword: boolean;
  passwordStamp: number;
};

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value.at(-1) ?? null) : (value ?? null);
}

// Built once per parsed environment, so a re-read environment (resetEnv) brings its own secret.
let built: { source: Env; options: AuthOptions } | undefined;

/** next-auth v4: credentials sign-in against the same service (and rate limit) as the API login; JWT sessions. */
export function authOptions(): AuthOptions {
  const current = env();
  if (built?.source !== current) built = { source: current, options: buildAuthOptions(current) };
  return built.options;
}

function buildAuthOptions(current: Env): AuthOptions {
  const options: AuthOptions = {
    secret: current.NEXTAUTH_SECRET,
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = loginSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          // next-auth hands over the request's headers as a plain object; the address comes from them as for any route.
          const headers = new Headers();
          for (const name of [SOCKET_ADDRESS_HEADER, "x-forwarded-for"]) {
            const value = headerValue(request?.headers, name);
            if (value) headers.set(name, value);
          }
          try {
            const user = await authenticate({ ...parsed.data, ip: clientIp(headers) });
            const sessionUser: SessionUserClaims = {
              id: user.id,
              email: user.email,
              name: user.name,
              role: user.role,
              businessId: user.businessId,
              mustChangePassword: user.mustChangePassword,
              passwordStamp: user.passwordStamp,
            };
            return sessionUser as User;
          } catch (error) {
            if (error instanceof AppError && error.code === "unauthorized") return null;
            // next-auth hands this message to the sign-in form as `error`.
            if (error instanceof AppError && (error.code === "rate_limited" || error.code === "service_unavailable")) throw new Error(error.code);
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const claims = user as User & SessionUserClaims;
          return {
            ...token,
            sub: claims.id,
            email: claims.email,
            name: claims.name,
            role: claims.role,
            businessId: claims.businessId,
            mustChangePassword: claims.mustChangePassword,
            pwd: claims.passwordStamp,
            sid: randomUUID(),
          };
        }
        // Every session read re-checks the account, so a role change reaches the page guard and the
        // cookie of a deactivated user, or of one whose password changed, is cleared (next-auth drops
        // the session when this throws).
        const current = await sessionHolder(token);
        if (!current) throw new Error("the session ended: the account is inactive, its tokens were revoked or its password changed");
        return {
          ...token,
          email: current.email,
          name: current.name,
          role: current.role,
          businessId: current.businessId,
          mustChangePassword: current.passwordChangeRequired,
          // The password this session was just found valid for (a cookie from before stamps were kept gets it now).
          pwd: passwordStamp(current.passwordChangedAt),
        };
      },
      async session({ session, token }) {
        return {
          ...session,
          user: {
            id: token.sub!,
            email: token.email ?? "",
            name: token.name ?? "",
            role: token.role as Role,
            businessId: token.businessId as string,
            mustChangePassword: token.mustChangePassword === true,
          },
        };
      },
    },
    events: {
      // next-auth's sign-out hands over the cookie it is clearing; a cookie that no longer decodes has nothing to end.
      // Any copy of the cookie was issued by now, so none outlives now plus the session's lifetime.
      async signOut({ token }) {
        if (token?.sub && typeof token.sid === "string") {
          await endBrowserSession({ userId: token.sub, sessionId: token.sid, expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) });
        }
      },
    },
    logger: {
      error(code, metadata) {
        if (code === "JWT_SESSION_ERROR") logger().info({ code }, "next-auth session ended");
        // A browser's fetch cut short (e.g. by navigating away), reported through /api/auth/_log.
        else if (code === "CLIENT_FETCH_ERROR") logger().info({ code }, "next-auth client fetch failed");
        else logger().error({ code, err: metadata }, "next-auth error");
      },
      warn(code) {
        // Without NEXTAUTH_URL next-auth warns on every request; the host header serves instead.
        if (code !== "NEXTAUTH_URL") logger().warn({ code }, "next-auth warning");
      },
      debug() {},
    },
  };
  return options;
}

/**
 * The user behind the request's next-auth session cookie, through next-auth's own getServerSession
 * (so expiry, signature and the jwt callback all apply), plus any Set-Cookie it wants sent back
 * (a slid expiry, or the cookie's removal when the session ended), and the password the session was
 * found valid for (`passwordStamp`), which whatever it opens must check again under the account's lock.
 */
export async function getSessionFromRequest(
  request: Request,
): Promise<{ userId: string | null; session: Session | null; passwordStamp: number | null; browserSessionId: string | null; setCookies: string[] }> {
  const cookies = Object.fromEntries(
    (request.headers.get("cookie") ?? "")
      .split(";")
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf("=");
        return at === -1 ? [pair, ""] : [pair.slice(0, at), decodeURIComponentSafe(pair.slice(at + 1))];
      }),
  );
  const setCookies: string[] = [];
  const response = {
    getHeader: (name: string) => (name.toLowerCase() === "set-cookie" ? setCookies.slice() : undefined),
    setHeader: (name: string, value: string | string[]) => {
      if (name.toLowerCase() !== "set-cookie") return;
      setCookies.splice(0, setCookies.length, ...(Array.isArray(value) ? value : [value]));
    },
  };
  // The session's claims stay on the server: the stamp is read off the token the jwt callback approved,
  // never put in the session object, which /api/auth/session hands to the browser.
  const options = authOptions();
  let approved: number | null = null;
  let browserSessionId: string | null = null;
  const session: Session | null = await getServerSession(
    { headers: Object.fromEntries(request.headers.entries()), cookies } as never,
    response as never,
    {
      ...options,
      callbacks: {
        ...options.callbacks,
        session: (params) => {
          approved = typeof params.token.pwd === "number" ? params.token.pwd : null;
          browserSessionId = typeof params.token.sid === "string" && isUuid(params.token.sid) ? params.token.sid : null;
          return options.callbacks!.session!(params);
        },
      },
    },
  );
  const userId = (session?.user as { id?: string } | undefined)?.id ?? null;
  return { userId, session: userId ? session : null, passwordStamp: userId ? approved : null, browserSessionId: userId ? browserSessionId : null, setCookies };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
