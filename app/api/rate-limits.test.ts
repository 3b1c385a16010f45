import { eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { chatMessages, purchases, users } from "@/db/schema";
import { sessionCookieName } from "@/lib/auth/session";
import { env, resetEnv } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createBusiness, createProduct, createUser, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { GET as mintToken } from "./auth/mint-token/route";
import { POST as register } from "./auth/register/route";
import { POST as chat } from "./chat/route";
import { POST as createSession } from "./chat/sessions/route";
import { POST as createInvite } from "./invites/route";
import { POST as purchase } from "./purchases/route";
import { POST as createUserRoute } from "./users/route";

// Small limits so each can be reached in a few requests; the defaults are checked in lib/env.test.ts.
const LIMITS = {
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: "6",
  RATE_LIMIT_CHAT_SENDS_PER_ACCOUNT_PER_MINUTE: "3",
  RATE_LIMIT_SESSION_CREATES_PER_ACCOUNT_PER_MINUTE: "2",
  RATE_LIMIT_PURCHASES_PER_ACCOUNT_PER_MINUTE: "2",
  RATE_LIMIT_MINT_TOKENS_PER_ACCOUNT_PER_MINUTE: "2",
  RATE_LIMIT_INVITE_ACCEPTS_PER_ADDRESS_PER_HOUR: "2",
  RATE_LIMIT_USER_CREATES_PER_ACCOUNT_PER_HOUR: "2",
};
Object.assign(process.env, LIMITS);
delete process.env.OPENAI_API_KEY;
resetEnv();
afterAll(() => {
  for (const name of Object.keys(LIMITS)) delete process.env[name];
  resetEnv();
});

let nextAddress = 1;
const newAddress = () => `198.51.100.${nextAddress++}`;
const from = (address = newAddress()) => ({ [SOCKET_ADDRESS_HEADER]: socketAddressStamp(address) });

function expectRateLimited(response: { status: number; body: { error: string }; headers: Headers }, windowSeconds: number) {
  expect(response.status).toBe(429);
  expect(response.body.error).toBe("rate_limited");
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

async function viewer() {
  const business = await createBusiness({ messageCost: 1 });
  const user = await createUser({ businessId: business.id, role: "viewer" });
  return { business, user, token: await tokenFor(user) };
}

describe("per-account limits (each account counted wherever it comes from)", () => {
  it("chat sends: the 4th in a minute is 429 and stores and charges nothing; another account is unaffected", async () => {
    const { user, token } = await viewer();
    for (let send = 1; send <= 3; send++) {
      const response = await callRoute(chat, { token, headers: from(), body: { message: `hello ${send}` } });
      expect(response.status, `send ${send}`).toBe(200);
    }
    const [before] = await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, user.id));
    const count = async () =>
      (await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(chatMessages).where(eq(chatMessages.userId, user.id)))[0]!.n;
    const messagesBefore = await count();
    expectRateLimited(await callRoute(chat, { token, headers: from(), body: { message: "one too many" } }), 60);
    expect(await count()).toBe(messagesBefore);
    const [after] = await getDb().select({ credits: users.credits }).from(users).where(eq(users.id, user.id));
    expect(after!.credits).toBe(before!.credits);

    const other = await viewer();
    expect((await callRoute(chat, { token: other.token, headers: from(), body: { message: "hello" } })).status).toBe(200);
  });

  it("session creations and purchases", async () => {
    const { business, token } = await viewer();
    for (let index = 0; index < 2; index++) expect((await callRoute(createSession, { token, headers: from(), body: {} })).status).toBe(201);
    expectRateLimited(await callRoute(createSession, { token, headers: from(), body: {} }), 60);

    const product = await createProduct({ businessId: business.id, status: "approved", price: "5.00", stock: 100 });
    const buy = () => callRoute(purchase, { token, headers: from(), body: { productId: product.id, quantity: 1, expectedUnitPrice: "5.00" } });
    for (let index = 0; index < 2; index++) expect((await buy()).status).toBe(201);
    expectRateLimited(await buy(), 60);
    const bought = await getDb().select().from(purchases).where(eq(purchases.productId, product.id));
    expect(bought).toHaveLength(2);
  });

  it("token minting from a browser session", async () => {
    const { user } = await viewer();
    const cookie = `${sessionCookieName()}=${await encode({
      token: { sub: user.id, email: user.email, name: user.name, role: user.role, businessId: user.businessId },
      secret: env().NEXTAUTH_SECRET,
    })}`;
    for (let index = 0; index < 2; index++) expect((await callRoute(mintToken, { headers: { cookie, ...from() } })).status).toBe(200);
    const limited = await callRoute(mintToken, { headers: { cookie, ...from() } });
    expectRateLimited(limited, 60);
    expect(limited.headers.get("cache-control")).toBe("no-store");
  });

  it("user creation by an admin", async () => {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const token = await tokenFor(admin);
    const create = () => callRoute(createUserRoute, { method: "POST", token, headers: from(), body: { email: uniqueEmail(), name: "N", role: "viewer" } });
    for (let index = 0; index < 2; index++) expect((await create()).status).toBe(201);
    expectRateLimited(await create(), 3600);
  });
});

describe("per-address limits (whichever accounts the requests use)", () => {
  it("one address gets RATE_LIMIT_PER_ADDRESS_PER_MINUTE requests of a kind, then 429; other addresses and kinds go on", async () => {
    const address = newAddress();
    for (let index = 0; index < 6; index++) {
      const { token } = await viewer();
      expect((await callRoute(createSession, { token, headers: from(address), body: {} })).status).toBe(201);
    }
    const { token } = await viewer();
    expectRateLimited(await callRoute(createSession, { token, headers: from(address), body: {} }), 60);
    expect((await callRoute(createSession, { token, headers: from(), body: {} })).status).toBe(201);
    expect((await callRoute(chat, { token, headers: from(address), body: { message: "hi" } })).status).toBe(200);
  });

  it("invite acceptances per address per hour", async () => {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const adminToken = await tokenFor(admin);
    const address = newAddress();
    const accept = async () => {
      const invite = await callRoute(createInvite, { method: "POST", token: adminToken, body: { role: "viewer" } });
      return callRoute(register, {
        method: "POST",
        headers: from(address),
        body: { email: uniqueEmail("joiner"), password: "a perfectly fine passphrase", name: "Jo", inviteCode: invite.body.inviteCode },
      });
    };
    for (let index = 0; index < 2; index++) expect((await accept()).status).toBe(201);
    expectRateLimited(await accept(), 3600);
  });

  it("an IPv6 client is counted by its /64: a new address of its own network gets no new allowance; the next network is someone else", async () => {
    const business = await createBusiness();
    const admin = await createUser({ businessId: business.id, role: "admin" });
    const adminToken = await tokenFor(admin);
    const accept = async (address: string) => {
      const invite = await callRoute(createInvite, { method: "POST", token: adminToken, body: { role: "viewer" } });
      return callRoute(register, {
        method: "POST",
        headers: from(address),
        body: { email: uniqueEmail("joiner"), password: "a perfectly fine passphrase", name: "Jo", inviteCode: invite.body.inviteCode },
      });
    };
    expect((await accept("2001:db8:7:1::a")).status).toBe(201);
    expect((await accept("2001:db8:7:1:9e2f:41aa:7c01:3b5d")).status).toBe(201);
    expectRateLimited(await accept("2001:db8:7:1::c"), 3600);
    expect((await accept("2001:db8:7:2::a")).status).toBe(201);
  });
});
