import argon2 from "argon2";
import { and, eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, businesses, creditTransactions, invites, refreshTokens, users } from "@/db/schema";
import { createBusiness, createUser, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { sessionCookieName } from "@/lib/auth/session";
import { digest } from "@/lib/auth/tokens";
import { env } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { POST as createInvite } from "@/app/api/invites/route";
import { DELETE as deleteUser } from "@/app/api/users/[id]/route";
import { POST as login } from "./login/route";
import { POST as logout } from "./logout/route";
import { GET as me } from "./me/route";
import { GET as mintToken } from "./mint-token/route";
import { POST as refresh } from "./refresh/route";
import { POST as register } from "./register/route";

const PASSWORD = "a perfectly fine passphrase";

/** The request as if it came from `ip`'s socket (lib/rate-limit/client-ip.ts); X-Forwarded-For is not trusted. */
function ipHeader(ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) {
  return { [SOCKET_ADDRESS_HEADER]: socketAddressStamp(ip) };
}

async function registerBusiness(overrides: Record<string, unknown> = {}) {
  const body = { email: uniqueEmail("owner"), password: PASSWORD, name: "Olive Owner", businessName: "Olive Oils", ...overrides };
  // Each from its own address: sign-ups are limited per address (lib/rate-limit/limits.ts).
  const response = await callRoute(register, { method: "POST", body, headers: ipHeader() });
  return { ...response, input: body };
}

async function signIn(email: string, password: string, headers = ipHeader()) {
  return callRoute(login, { method: "POST", body: { email, password }, headers });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("POST /api/auth/register", () => {
  it("creates a business and its first admin with the business's signup credits on the ledger", async () => {
    const { status, body, input, headers } = await registerBusiness({ businessName: "Acme Outdoor Gear" });
    expect(status).toBe(201);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body.user).toMatchObject({ email: input.email, name: "Olive Owner", role: "admin", business: { name: "Acme Outdoor Gear" } });
    expect(body.credits).toBe(4000);
    expect(typeof body.access).toBe("string");
    expect(typeof body.refresh).toBe("string");
    expect(JSON.stringify(body)).not.toContain("argon2");

    const db = getDb();
    const [business] = await db.select().from(businesses).where(eq(businesses.id, body.user.business.id));
    expect(business!.slug).toMatch(/^acme-outdoor-gear(-\d+)?$/);
    const ledger = await db.select().from(creditTransactions).where(eq(creditTransactions.userId, body.user.id));
    expect(ledger).toMatchObject([{ kind: "signup", amount: 4000, balanceAfter: 4000 }]);
    const [stored] = await db.select().from(users).where(eq(users.id, body.user.id));
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.businessId, business!.id))).map((row) => row.action);
    expect(actions.sort()).toEqual(["business.create", "user.create"]);

    const profile = await callRoute(me, { token: body.access });
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual({
      user: { id: body.user.id, email: input.email, name: "Olive Owner", role: "admin", business: { id: business!.id, name: "Acme Outdoor Gear" }, pendingEmail: null },
      credits: 4000,
      mustChangePassword: false,
    });
  });

  it("gives a business whose name is taken a suffixed slug", async () => {
    const first = await registerBusiness({ businessName: "Twin Peaks Café" });
    const second = await registerBusiness({ businessName: "Twin Peaks Cafe" });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const slugs = await getDb()
      .select({ slug: businesses.slug })
      .from(businesses)
      .where(sql`${businesses.id} in (${first.body.user.business.id}, ${second.body.user.business.id})`);
    expect(slugs.map((row) => row.slug).sort()).toEqual(["twin-peaks-cafe", "twin-peaks-cafe-2"]);
  });

  it("joins a business by invite code with the invite's role, and the code works only once", async () => {
    const owner = await registerBusiness();
    const invite = await callRoute(createInvite, { method: "POST", token: owner.body.access, body: { role: "editor" } });
    expect(invite.status).toBe(201);
    expect(invite.body.inviteCode.length).toBeGreaterThanOrEqual(22);
    const expiresIn = new Date(invite.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(6.9 * 86_400_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000 + 5_000);
    const [stored] = await getDb().select().from(invites).where(eq(invites.codeHash, digest(invite.body.inviteCode)));
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(invite.body.inviteCode);

    const email = uniqueEmail("joiner");
    const joined = await callRoute(register, { method: "POST", body: { email, password: PASSWORD, name: "Jo Iner", inviteCode: invite.body.inviteCode } });
    expect(joined.status).toBe(201);
    expect(joined.body.user).toMatchObject({ email, role: "editor", business: { id: owner.body.user.business.id } });
    expect(joined.body.credits).toBe(4000);
    const [used] = await getDb().select().from(invites).where(eq(invites.id, stored!.id));
    expect(used!.usedBy).toBe(joined.body.user.id);

    const again = await callRoute(register, {
      method: "POST",
      body: { email: uniqueEmail("late"), password: PASSWORD, name: "Late Comer", inviteCode: invite.body.inviteCode },
    });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_request");
    expect(again.body.fields.inviteCode).toBeDefined();
  });

  it("refuses an expired invite, an unknown code, and an invite addressed to another email", async () => {
    const owner = await registerBusiness();
    const expired = await callRoute(createInvite, { method: "POST", token: owner.body.access, body: { role: "viewer" } });
    await getDb()
      .update(invites)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invites.codeHash, digest(expired.body.inviteCode)));
    const addressed = await callRoute(createInvite, { method: "POST", token: owner.body.access, body: { role: "viewer", email: "someone@example.test" } });
    for (const inviteCode of [expired.body.inviteCode, "not-a-real-invite-code", addressed.body.inviteCode]) {
      const response = await callRoute(register, { method: "POST", body: { email: uniqueEmail("x"), password: PASSWORD, name: "X", inviteCode } });
      expect(response.status).toBe(400);
      expect(response.body.fields.inviteCode).toBeDefined();
    }
    const rightPerson = await callRoute(register, {
      method: "POST",
      body: { email: "SomeOne@Example.test", password: PASSWORD, name: "Some One", inviteCode: addressed.body.inviteCode },
    });
    expect(rightPerson.status).toBe(201);
    expect(rightPerson.body.user.role).toBe("viewer");
  });

  it("answers 409 for an email already registered in another letter case, writing nothing", async () => {
    const first = await registerBusiness({ email: `Case-${Date.now()}@Example.test` });
    expect(first.status).toBe(201);
    const before = await getDb().select({ count: sql<number>`count(*)`.mapWith(Number) }).from(businesses);
    const second = await registerBusiness({ email: first.input.email.toLowerCase(), businessName: "Another One" });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe("conflict");
    const after = await getDb().select({ count: sql<number>`count(*)`.mapWith(Number) }).from(businesses);
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  it("answers 400 with fields for a weak password and for missing fields", async () => {
    const weak = await registerBusiness({ password: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toBe("invalid_request");
    expect(weak.body.fields.password).toEqual(["Password must be at least 8 characters."]);

    const tooLong = await registerBusiness({ password: "x".repeat(129) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields.password).toBeDefined();

    const neither = await callRoute(register, { method: "POST", body: { email: uniqueEmail(), password: PASSWORD, name: "N" } });
    expect(neither.status).toBe(400);
    expect(neither.body.fields.businessName).toBeDefined();

    const badEmail = await registerBusiness({ email: "not-an-email" });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.fields.email).toBeDefined();
  });
});

describe("POST /api/auth/login and GET /api/auth/me", () => {
  it("signs in with any letter case of the email and records the login time", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id, role: "editor" });
    const response = await signIn(user.email.toUpperCase(), TEST_PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ id: user.id, role: "editor", business: { id: business.id, name: business.name } });
    expect(response.body.credits).toBe(4000);
    const [row] = await getDb().select({ lastLoginAt: users.lastLoginAt }).from(users).where(eq(users.id, user.id));
    expect(row!.lastLoginAt).not.toBeNull();

    const profile = await callRoute(me, { token: response.body.access });
    expect(profile.status).toBe(200);
    expect(profile.body.user.email).toBe(user.email);
    // Whether a password must be changed, but never anything of the password itself.
    expect(Object.keys(profile.body).sort()).toEqual(["credits", "mustChangePassword", "user"]);
    expect(JSON.stringify(profile.body)).not.toMatch(/passwordHash|argon2/i);
  });

  describe("unknown email and wrong password", () => {
    afterEach(() => vi.restoreAllMocks());

    it("give byte-identical 401 bodies and run the hasher once each", async () => {
      const business = await createBusiness();
      const user = await createUser({ businessId: business.id });
      // Warm the dummy hash so only the verification of this request is counted.
      await signIn(uniqueEmail("warmup"), "whatever-password");

      const verify = vi.spyOn(argon2, "verify");
      const unknown = await signIn(uniqueEmail("nobody"), "wrong password!");
      expect(verify).toHaveBeenCalledTimes(1);
      verify.mockClear();
      const wrong = await signIn(user.email, "wrong password!");
      expect(verify).toHaveBeenCalledTimes(1);

      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.text).toBe(wrong.text);
      expect(JSON.parse(wrong.text)).toEqual({ error: "unauthorized", detail: "Invalid email or password." });
    });
  });

  describe("rejects with 401 JSON", () => {
    let user: Awaited<ReturnType<typeof createUser>>;
    let valid: string;
    beforeAll(async () => {
      const business = await createBusiness();
      user = await createUser({ businessId: business.id, role: "admin" });
      valid = await tokenFor(user);
    });

    const claims = () => ({
      sub: user.id,
      user_id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      business_id: user.businessId,
      type: "access",
    });
    const sign = (key: Uint8Array, payload: Record<string, unknown>, expiresAt = Math.floor(Date.now() / 1000) + 600) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(user.id)
        .setIssuer("product-assistant")
        .setAudience("product-assistant-api")
        .setIssuedAt(expiresAt - 700)
        .setExpirationTime(expiresAt)
        .setJti(crypto.randomUUID())
        .sign(key);
    const ourKey = () => new TextEncoder().encode(env().JWT_SECRET);

    const cases: [string, () => Promise<string | null>][] = [
      ["no token", async () => null],
      [
        "alg none",
        async () => {
          const now = Math.floor(Date.now() / 1000);
          const payload = { ...claims(), iss: "product-assistant", aud: "product-assistant-api", iat: now, exp: now + 600, jti: crypto.randomUUID() };
          return `${base64url({ alg: "none", typ: "JWT" })}.${base64url(payload)}.`;
        },
      ],
      ["a token signed with another key", async () => sign(crypto.getRandomValues(new Uint8Array(32)), claims())],
      ["an expired token", async () => sign(ourKey(), claims(), Math.floor(Date.now() / 1000) - 60)],
      ["a refresh-type JWT", async () => sign(ourKey(), { ...claims(), type: "refresh" })],
      [
        "a refresh token used as an access token",
        async () => (await signIn(user.email, TEST_PASSWORD)).body.refresh as string,
      ],
      [
        "a tampered payload",
        async () => {
          const [header, payload, signature] = valid.split(".");
          const changed = { ...JSON.parse(Buffer.from(payload!, "base64url").toString()), role: "admin", email: "evil@example.test" };
          return `${header}.${base64url(changed)}.${signature}`;
        },
      ],
      ["a malformed header value", async () => "not.a.jwt"],
    ];

    it.each(cases)("%s", async (_name, make) => {
      const response = await callRoute(me, { token: await make() });
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.body.error).toBe("unauthorized");
    });

    it("but accepts the untouched token", async () => {
      expect((await callRoute(me, { token: valid })).status).toBe(200);
    });
  });
});

describe("refresh tokens", () => {
  async function freshSession() {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const response = await signIn(user.email, TEST_PASSWORD);
    expect(response.status).toBe(200);
    return { user, access: response.body.access as string, refresh: response.body.refresh as string };
  }

  it("are opaque 256-bit strings stored only as SHA-256 hashes, for 24 hours", async () => {
    const { user, refresh: token } = await freshSession();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const rows = await getDb().select().from(refreshTokens).where(eq(refreshTokens.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(digest(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const lifetime = rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime();
    expect(Math.abs(lifetime - 86_400_000)).toBeLessThan(5_000);
  });

  it("rotate on use: the new pair works, the old refresh token is spent", async () => {
    const session = await freshSession();
    const rotated = await callRoute(refresh, { method: "POST", body: { refresh: session.refresh } });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    expect(rotated.body.refresh).not.toBe(session.refresh);
    expect((await callRoute(me, { token: rotated.body.access })).status).toBe(200);
    const [old] = await getDb().select().from(refreshTokens).where(eq(refreshTokens.tokenHash, digest(session.refresh)));
    expect(old!.spentAt).not.toBeNull();
    const [next] = await getDb().select().from(refreshTokens).where(eq(refreshTokens.tokenHash, digest(rotated.body.refresh)));
    expect(next!.familyId).toBe(old!.familyId);

    const again = await callRoute(refresh, { method: "POST", body: { refresh: rotated.body.refresh } });
    expect(again.status).toBe(200);
  });

  it("reusing a spent token is 401 and kills the newer token of the same family, not other families", async () => {
    const session = await freshSession();
    const otherDevice = await signIn(session.user.email, TEST_PASSWORD);
    const rotated = await callRoute(refresh, { method: "POST", body: { refresh: session.refresh } });
    expect(rotated.status).toBe(200);

    const reuse = await callRoute(refresh, { method: "POST", body: { refresh: session.refresh } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error).toBe("unauthorized");

    const newer = await callRoute(refresh, { method: "POST", body: { refresh: rotated.body.refresh } });
    expect(newer.status).toBe(401);
    const unrelated = await callRoute(refresh, { method: "POST", body: { refresh: otherDevice.body.refresh } });
    expect(unrelated.status).toBe(200);
  });

  it("two concurrent uses of one token: one rotation, then the family is revoked", async () => {
    const session = await freshSession();
    const results = await Promise.all([0, 1].map(() => callRoute(refresh, { method: "POST", body: { refresh: session.refresh } })));
    expect(results.map((result) => result.status).sort()).toEqual([200, 401]);
    const winner = results.find((result) => result.status === 200)!;
    expect((await callRoute(refresh, { method: "POST", body: { refresh: winner.body.refresh } })).status).toBe(401);
  });

  it("an unknown, malformed or expired refresh token is 401 (400 when missing)", async () => {
    const session = await freshSession();
    await getDb()
      .update(refreshTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(refreshTokens.tokenHash, digest(session.refresh)));
    expect((await callRoute(refresh, { method: "POST", body: { refresh: session.refresh } })).status).toBe(401);
    expect((await callRoute(refresh, { method: "POST", body: { refresh: "made-up" } })).status).toBe(401);
    const missing = await callRoute(refresh, { method: "POST", body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.refresh).toBeDefined();
  });

  it("logout revokes the token's family (204); the refresh token is dead afterwards", async () => {
    const session = await freshSession();
    const out = await callRoute(logout, { method: "POST", token: session.access, body: { refresh: session.refresh } });
    expect(out.status).toBe(204);
    expect((await callRoute(refresh, { method: "POST", body: { refresh: session.refresh } })).status).toBe(401);
    const rows = await getDb().select().from(refreshTokens).where(eq(refreshTokens.userId, session.user.id));
    expect(rows.every((row) => row.revokedAt !== null)).toBe(true);
  });

  it("logout works with the refresh token alone (an expired access token must not block it); an unknown one is 401", async () => {
    const session = await freshSession();
    expect((await callRoute(logout, { method: "POST", body: { refresh: session.refresh } })).status).toBe(204);
    expect((await callRoute(refresh, { method: "POST", body: { refresh: session.refresh } })).status).toBe(401);
    const unknown = await callRoute(logout, { method: "POST", body: { refresh: "never-issued" } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe("unauthorized");
  });

  it("logout does not touch another user's refresh token", async () => {
    const mine = await freshSession();
    const theirs = await freshSession();
    const out = await callRoute(logout, { method: "POST", token: mine.access, body: { refresh: theirs.refresh } });
    expect(out.status).toBe(204);
    expect((await callRoute(refresh, { method: "POST", body: { refresh: theirs.refresh } })).status).toBe(200);
  });
});

describe("deactivation", () => {
  it("locks the user out of the API, login and refresh at once, and revokes their refresh tokens", async () => {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const user = await createUser({ businessId: business.id, role: "viewer" });
    const session = await signIn(user.email, TEST_PASSWORD);
    expect((await callRoute(me, { token: session.body.access })).status).toBe(200);

    const removed = await callRoute(deleteUser, { method: "DELETE", token: await tokenFor(admin), params: { id: user.id } });
    expect(removed.status).toBe(204);

    const api = await callRoute(me, { token: session.body.access });
    expect(api.status).toBe(401);
    expect(api.body.error).toBe("unauthorized");
    const again = await signIn(user.email, TEST_PASSWORD);
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ error: "unauthorized", detail: "Invalid email or password." });
    expect((await callRoute(refresh, { method: "POST", body: { refresh: session.body.refresh } })).status).toBe(401);
    const live = await getDb()
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, user.id), sql`${refreshTokens.revokedAt} is null`));
    expect(live).toHaveLength(0);
  });

  it("a refresh token is refused once its owner is deactivated, even if it was somehow not revoked", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const session = await signIn(user.email, TEST_PASSWORD);
    await getDb().update(users).set({ active: false }).where(eq(users.id, user.id));
    expect((await callRoute(refresh, { method: "POST", body: { refresh: session.body.refresh } })).status).toBe(401);
  });
});

describe("login rate limit", () => {
  it("the 11th failed login for one email+IP in 15 minutes is 429 with Retry-After; other IPs are unaffected", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const attacker = ipHeader("203.0.113.7");
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await signIn(user.email, `wrong-${attempt}`, attacker);
      expect(response.status, `attempt ${attempt}`).toBe(401);
    }
    const limited = await signIn(user.email.toUpperCase(), "wrong-11", attacker);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);

    // Even the right password is refused from the limited email+IP until the window ends.
    expect((await signIn(user.email, TEST_PASSWORD, attacker)).status).toBe(429);
    // The owner from another address signs in, and that does not reset the attacker's counter.
    expect((await signIn(user.email, TEST_PASSWORD, ipHeader("198.51.100.20"))).status).toBe(200);
    expect((await signIn(user.email, "wrong-12", attacker)).status).toBe(429);
  });

  it("successful logins do not count toward the limit", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const headers = ipHeader("192.0.2.44");
    for (let attempt = 0; attempt < 9; attempt++) expect((await signIn(user.email, "nope-nope", headers)).status).toBe(401);
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn(user.email, TEST_PASSWORD, headers)).status).toBe(200);
    expect((await signIn(user.email, "nope-nope", headers)).status).toBe(401);
    expect((await signIn(user.email, "nope-nope", headers)).status).toBe(429);
  });

  it("a new window starts once the old one has passed", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const headers = ipHeader("192.0.2.99");
    for (let attempt = 0; attempt < 10; attempt++) await signIn(user.email, "nope-nope", headers);
    expect((await signIn(user.email, TEST_PASSWORD, headers)).status).toBe(429);
    await getDb().execute(sql`update rate_limits set expires_at = now() - interval '1 second' where bucket = 'login'`);
    expect((await signIn(user.email, TEST_PASSWORD, headers)).status).toBe(200);
  });
});

describe("GET /api/auth/mint-token", () => {
  async function sessionCookie(user: { id: string; email: string; name: string; role: string; businessId: string }) {
    const value = await encode({
      token: { sub: user.id, email: user.email, name: user.name, role: user.role as "viewer", businessId: user.businessId },
      secret: env().NEXTAUTH_SECRET,
    });
    return `${sessionCookieName()}=${value}`;
  }

  it("trades a next-auth session cookie for API tokens that work on /api/auth/me", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id, role: "approver" });
    const response = await callRoute(mintToken, { headers: { cookie: await sessionCookie(user) } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body).toEqual({
      ok: true,
      token: expect.any(String),
      refresh: expect.any(String),
      user_id: user.id,
      username: user.name,
      user_role: "approver",
      expires_at: expect.any(String),
    });
    const expiresIn = new Date(response.body.expires_at).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(env().ACCESS_TOKEN_TTL_SECONDS * 1000);

    const profile = await callRoute(me, { token: response.body.token });
    expect(profile.status).toBe(200);
    expect(profile.body.user).toMatchObject({ id: user.id, role: "approver" });
    expect((await callRoute(refresh, { method: "POST", body: { refresh: response.body.refresh } })).status).toBe(200);
  });

  it("without a session is 401 JSON", async () => {
    const response = await callRoute(mintToken, {});
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.body.error).toBe("unauthorized");
  });

  it("refuses a cookie signed with another secret", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const forged = await encode({ token: { sub: user.id, email: user.email }, secret: "x".repeat(40) });
    const response = await callRoute(mintToken, { headers: { cookie: `${sessionCookieName()}=${forged}` } });
    expect(response.status).toBe(401);
  });

  it("refuses the session of a deactivated user and clears the cookie", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const cookie = await sessionCookie(user);
    await getDb().update(users).set({ active: false }).where(eq(users.id, user.id));
    const response = await callRoute(mintToken, { headers: { cookie } });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("unauthorized");
    expect(response.headers.get("set-cookie")).toContain(`${sessionCookieName()}=;`);
  });
});
