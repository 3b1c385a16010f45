import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { decode, encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getAppDatabase, getDb } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/passwords";
import { insertRefreshToken, lockRefreshToken, markSpent, recordEndedBrowserSession, revokeRefreshTokens } from "@/lib/auth/queries";
import { digest, newRefreshToken } from "@/lib/auth/tokens";
import { sessionCookieName } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { lockTokenHolder, setPasswordHash } from "@/lib/users/queries";
import { createBusiness, createUser, TEST_PASSWORD } from "@/test/factories";
import { heldTransaction, someoneWaitsForALock } from "@/test/held-transaction";
import { callRoute, tokenFor } from "@/test/http";
import { PATCH as updateUser, DELETE as deactivateUser } from "@/app/api/users/[id]/route";
import * as nextAuthRoute from "./[...nextauth]/route";
import { POST as login } from "./login/route";
import { POST as logout } from "./logout/route";
import { GET as me } from "./me/route";
import { GET as mintToken } from "./mint-token/route";
import { POST as refresh } from "./refresh/route";

let nextAddress = 1;
const from = () => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(`198.19.0.${nextAddress++}`) });

async function signedIn(role: "viewer" | "admin" = "viewer") {
  const business = await createBusiness();
  const user = await createUser({ businessId: business.id, role });
  const session = async () => {
    const response = await callRoute(login, { method: "POST", body: { email: user.email, password: TEST_PASSWORD }, headers: from() });
    expect(response.status).toBe(200);
    return { access: response.body.access as string, refresh: response.body.refresh as string };
  };
  return { business, user, session };
}

const meStatus = async (token: string) => (await callRoute(me, { token })).status;

describe("access tokens end with their session", () => {
  it("logout stops the family's access token at once; another session of the same user goes on", async () => {
    const { session } = await signedIn();
    const [phone, laptop] = [await session(), await session()];
    expect(await meStatus(phone.access)).toBe(200);
    expect((await callRoute(logout, { method: "POST", body: { refresh: phone.refresh } })).status).toBe(204);
    const after = await callRoute(me, { token: phone.access });
    expect(after.status).toBe(401);
    expect(after.body.error).toBe("unauthorized");
    expect(await meStatus(laptop.access)).toBe(200);
  });

  it("a reused refresh token revokes its family: the access tokens issued with it and after it stop too", async () => {
    const { session } = await signedIn();
    const first = await session();
    const rotated = await callRoute(refresh, { method: "POST", body: { refresh: first.refresh } });
    expect(rotated.status).toBe(200);
    expect(await meStatus(rotated.body.access)).toBe(200);
    // The spent token comes back (a copy): the whole family is revoked.
    expect((await callRoute(refresh, { method: "POST", body: { refresh: first.refresh } })).status).toBe(401);
    expect(await meStatus(first.access)).toBe(401);
    expect(await meStatus(rotated.body.access)).toBe(401);
  });

  it("reactivating a user never revives a token issued before the deactivation; a new sign-in works", async () => {
    const { business, user, session } = await signedIn();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const adminToken = await tokenFor(admin);
    const before = await session();
    const standalone = await tokenFor(user); // a family with no refresh token: only the revocation time stops it

    expect((await callRoute(deactivateUser, { method: "DELETE", token: adminToken, params: { id: user.id } })).status).toBe(204);
    const [row] = await getDb().select({ tokensRevokedBefore: users.tokensRevokedBefore }).from(users).where(eq(users.id, user.id));
    expect(row!.tokensRevokedBefore).not.toBeNull();
    expect((await callRoute(updateUser, { method: "PATCH", token: adminToken, params: { id: user.id }, body: { active: true } })).status).toBe(200);

    expect(await meStatus(before.access)).toBe(401);
    expect(await meStatus(standalone)).toBe(401);
    expect((await callRoute(refresh, { method: "POST", body: { refresh: before.refresh } })).status).toBe(401);
    const fresh = await session();
    expect(await meStatus(fresh.access)).toBe(200);
  });

  it("a refresh token rotated while its session was being signed out is as dead as the rest of its family (concurrent transactions: Postgres)", async () => {
    const { user, session } = await signedIn();
    const phone = await session();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the sign-out cannot start while the rotation is open
    // A rotation of the phone's refresh token, as rotateRefreshToken makes it, held open: the old token
    // is locked and spent, its successor written but not yet committed.
    const successor = newRefreshToken();
    const rotating = await heldTransaction(async (tx) => {
      const row = await lockRefreshToken(tx, { tokenHash: digest(phone.refresh) });
      await markSpent(tx, row!.id);
      await insertRefreshToken(tx, { userId: user.id, familyId: row!.familyId, tokenHash: digest(successor), ttlSeconds: 3600 });
    });
    const signingOut = callRoute(logout, { method: "POST", body: { refresh: phone.refresh } });
    await Promise.race([signingOut, someoneWaitsForALock()]);
    await rotating.finish();
    expect((await signingOut).status).toBe(204);

    // The successor escaped the sign-out's statement, but its family was signed out: it rotates no more.
    const rotated = await callRoute(refresh, { method: "POST", body: { refresh: successor } });
    expect(rotated.status).toBe(401);
    expect(rotated.body.access).toBeUndefined();
  });

  it("refuses a token whose exp is further from its iat than ACCESS_TOKEN_TTL_SECONDS", async () => {
    const { user } = await signedIn();
    const sign = (lifetime: number) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ user_id: user.id, email: user.email, name: user.name, role: user.role, business_id: user.businessId, type: "access", fid: randomUUID() })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(user.id)
        .setIssuer("product-assistant")
        .setAudience("product-assistant-api")
        .setIssuedAt(now)
        .setExpirationTime(now + lifetime)
        .setJti(randomUUID())
        .sign(new TextEncoder().encode(env().JWT_SECRET));
    };
    const ttl = env().ACCESS_TOKEN_TTL_SECONDS;
    expect(await meStatus(await sign(ttl))).toBe(200);
    expect(await meStatus(await sign(ttl + 1))).toBe(401);
    expect(await meStatus(await sign(10 * 365 * 86_400))).toBe(401);
  });

  it("refuses a token that names no session family", async () => {
    const { user } = await signedIn();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ user_id: user.id, email: user.email, name: user.name, role: user.role, business_id: user.businessId, type: "access" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.id)
      .setIssuer("product-assistant")
      .setAudience("product-assistant-api")
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(new TextEncoder().encode(env().JWT_SECRET));
    expect(await meStatus(token)).toBe(401);
  });
});

describe("browser sessions and revocation", () => {
  afterEach(() => vi.useRealTimers());

  it("a session cookie from before a deactivation does not mint tokens after the reactivation; a new one does", async () => {
    const { business, user } = await signedIn();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const adminToken = await tokenFor(admin);
    const cookieFor = async () =>
      `${sessionCookieName()}=${await encode({
        token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId },
        secret: env().NEXTAUTH_SECRET,
      })}`;
    // next-auth stamps whole seconds; issue the old cookie a minute back so the order is beyond doubt.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() - 60_000 });
    const oldCookie = await cookieFor();
    vi.useRealTimers();

    expect((await callRoute(mintToken, { headers: { cookie: oldCookie, ...from() } })).status).toBe(200);
    await callRoute(deactivateUser, { method: "DELETE", token: adminToken, params: { id: user.id } });
    await callRoute(updateUser, { method: "PATCH", token: adminToken, params: { id: user.id }, body: { active: true } });

    const refused = await callRoute(mintToken, { headers: { cookie: oldCookie, ...from() } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("set-cookie")).toContain(`${sessionCookieName()}=;`);

    expect((await callRoute(mintToken, { headers: { cookie: await cookieFor(), ...from() } })).status).toBe(200);
  });
});

describe("a session opened while the password changes", () => {
  // A password reset (or change) as it is written: the new password stored and every family revoked, not yet committed.
  const resetHeldOpen = async (userId: string) => {
    const passwordHash = await hashPassword("a password nobody else knows");
    return heldTransaction(async (tx) => {
      await setPasswordHash(tx, { userId, passwordHash });
      await revokeRefreshTokens(tx, { userId });
    });
  };

  it("a sign-in that checked the old password while a reset was being written gets no tokens (concurrent transactions: Postgres)", async () => {
    const { user } = await signedIn();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the sign-in cannot start while the reset is open
    const resetting = await resetHeldOpen(user.id);
    const signingIn = callRoute(login, { method: "POST", body: { email: user.email, password: TEST_PASSWORD }, headers: from() });
    await Promise.race([signingIn, someoneWaitsForALock()]);
    await resetting.finish();
    const answer = await signingIn;
    expect(answer.status).toBe(401);
    expect(answer.body.access).toBeUndefined();
  });

  it("a browser session read just before a reset committed mints no tokens that outlive it (concurrent transactions: Postgres)", async () => {
    const { user } = await signedIn();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the mint cannot start while the reset is open
    const cookie = `${sessionCookieName()}=${await encode({
      token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId, pwd: 0 },
      secret: env().NEXTAUTH_SECRET,
    })}`;
    const resetting = await resetHeldOpen(user.id);
    const minting = callRoute(mintToken, { headers: { cookie, ...from() } });
    await Promise.race([minting, someoneWaitsForALock()]);
    await resetting.finish();
    const minted = await minting;
    expect(minted.status).toBe(401);
    expect(minted.body.refresh).toBeUndefined();
  });
});

describe("signing a browser out", () => {
  const formHeaders = { "content-type": "application/x-www-form-urlencoded" };
  const cookieNamed = (response: { headers: Headers }, name: string) => new RegExp(`${name.replace(/\./g, "\\.")}=([^;]*)`).exec(response.headers.get("set-cookie") ?? "")?.[1];

  /** Signs a browser in through next-auth's own form post; its session cookie. */
  async function browserSignIn(email: string): Promise<string> {
    const csrf = await callRoute(nextAuthRoute.GET, { path: "/api/auth/csrf", params: { nextauth: ["csrf"] } });
    const signIn = await callRoute(nextAuthRoute.POST, {
      method: "POST",
      path: "/api/auth/callback/credentials",
      params: { nextauth: ["callback", "credentials"] },
      headers: { ...formHeaders, cookie: (csrf.headers.get("set-cookie") ?? "").split(";")[0]!, ...from() },
      rawBody: new URLSearchParams({ email, password: TEST_PASSWORD, csrfToken: csrf.body.csrfToken, json: "true" }).toString(),
    });
    expect(signIn.status).toBe(200);
    const value = cookieNamed(signIn, sessionCookieName());
    expect(value).toBeTruthy();
    return `${sessionCookieName()}=${value}`;
  }

  /** The browser's Sign out: next-auth's sign-out post with the session cookie; the cookie it sets back. */
  async function browserSignOut(cookie: string): Promise<string | undefined> {
    const csrf = await callRoute(nextAuthRoute.GET, { path: "/api/auth/csrf", params: { nextauth: ["csrf"] }, headers: { cookie } });
    const csrfCookie = (csrf.headers.get("set-cookie") ?? "").split(";")[0]!;
    const signOut = await callRoute(nextAuthRoute.POST, {
      method: "POST",
      path: "/api/auth/signout",
      params: { nextauth: ["signout"] },
      headers: { ...formHeaders, cookie: `${cookie}; ${csrfCookie}` },
      rawBody: new URLSearchParams({ csrfToken: csrf.body.csrfToken, json: "true" }).toString(),
    });
    expect(signOut.status).toBe(200);
    return cookieNamed(signOut, sessionCookieName());
  }

  const mintWith = (cookie: string) => callRoute(mintToken, { headers: { cookie, ...from() } });

  it("a copy of the cookie is refused from the sign-out on, with the API tokens its tabs minted; the account's other browser goes on", async () => {
    const { user } = await signedIn();
    const [laptop, phone] = [await browserSignIn(user.email), await browserSignIn(user.email)];
    const copied = laptop;
    const [firstTab, secondTab, phoneTab] = [await mintWith(laptop), await mintWith(laptop), await mintWith(phone)];
    for (const tab of [firstTab, secondTab, phoneTab]) expect(tab.status).toBe(200);

    expect(await browserSignOut(laptop)).toBe("");

    const refused = await mintWith(copied);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe("unauthorized");
    expect(refused.headers.get("set-cookie")).toContain(`${sessionCookieName()}=;`);
    // Tabs of the signed-out browser: neither their access tokens nor their refresh tokens go on.
    expect(await meStatus(firstTab.body.token)).toBe(401);
    expect((await callRoute(refresh, { method: "POST", body: { refresh: secondTab.body.refresh } })).status).toBe(401);

    expect(await meStatus(phoneTab.body.token)).toBe(200);
    expect((await mintWith(phone)).status).toBe(200);
    // A new sign-in on the same laptop is a new session.
    expect((await mintWith(await browserSignIn(user.email))).status).toBe(200);
  });

  it("a session cookie from before sessions had ids keeps working until it expires", async () => {
    const { user } = await signedIn();
    const cookie = `${sessionCookieName()}=${await encode({
      token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId, pwd: 0 },
      secret: env().NEXTAUTH_SECRET,
    })}`;
    expect((await mintWith(cookie)).status).toBe(200);
  });

  it("a token minted from the cookie while its sign-out was being written gets none that outlive it (concurrent transactions: Postgres)", async () => {
    const { user } = await signedIn();
    if (getAppDatabase().kind !== "postgres") return; // one connection: the mint cannot start while the sign-out is open
    const cookie = await browserSignIn(user.email);
    const sessionId = await sessionIdOf(cookie);
    expect(sessionId).toBeTruthy();
    // The sign-out as endBrowserSession writes it, not yet committed.
    const signingOut = await heldTransaction(async (tx) => {
      await lockTokenHolder(tx, { userId: user.id, mode: "no key update" });
      await recordEndedBrowserSession(tx, { sessionId: sessionId!, userId: user.id, expiresAt: new Date(Date.now() + 60_000) });
      await revokeRefreshTokens(tx, { userId: user.id, browserSessionId: sessionId! });
    });
    const minting = mintWith(cookie);
    await Promise.race([minting, someoneWaitsForALock()]);
    await signingOut.finish();
    const minted = await minting;
    expect(minted.status).toBe(401);
    expect(minted.body.refresh).toBeUndefined();
  });
});

async function sessionIdOf(cookie: string): Promise<string | undefined> {
  const token = await decode({ token: cookie.slice(cookie.indexOf("=") + 1), secret: env().NEXTAUTH_SECRET });
  return typeof token?.sid === "string" ? token.sid : undefined;
}
