import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { businesses, creditTransactions, loginBackoffs } from "@/db/schema";
import { digest } from "@/lib/auth/tokens";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { EMAIL_UNAVAILABLE_MESSAGE } from "@/lib/users/service";
import { createBusiness, createUser, TEST_PASSWORD, uniqueEmail } from "@/test/factories";
import { callRoute, tokenFor } from "@/test/http";
import { POST as createUserRoute } from "@/app/api/users/route";
import { POST as login } from "./login/route";
import { POST as register } from "./register/route";

let nextAddress = 1;
/** A request from a socket address no other test uses. */
function from(address = `198.18.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`) {
  return { [SOCKET_ADDRESS_HEADER]: socketAddressStamp(address) };
}

const signIn = (email: string, password: string, headers: Record<string, string>) =>
  callRoute(login, { method: "POST", body: { email, password }, headers });

async function backoffOf(email: string) {
  const [row] = await getDb()
    .select({
      failures: loginBackoffs.failures,
      blockedUntil: loginBackoffs.blockedUntil,
      blockSeconds: sql<string>`extract(epoch from (${loginBackoffs.blockedUntil} - ${loginBackoffs.lastFailureAt}))`,
    })
    .from(loginBackoffs)
    .where(eq(loginBackoffs.accountKey, digest(`account\n${email.toLowerCase()}`)));
  return row ? { ...row, blockSeconds: row.blockSeconds === null ? null : Number(row.blockSeconds) } : null;
}

describe("per-account sign-in back-off", () => {
  it("a stranger's failures from many addresses block the account for those addresses, not for the owner's clean one", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    // Twelve addresses, one guess each: the per email+address limit never trips.
    const attackers = Array.from({ length: 12 }, () => from());
    for (const [index, headers] of attackers.entries()) {
      expect((await signIn(user.email, `guess-${index}`, headers)).status, `guess ${index}`).toBe(401);
    }
    // Back-off from the 10th failure: 1 s, then 2 s, then 4 s.
    const blocked = await backoffOf(user.email);
    expect(blocked).toMatchObject({ failures: 12, blockSeconds: 4 });

    // An address that already failed is refused without its password being checked…
    const again = await signIn(user.email, "guess-again", attackers[0]!);
    expect(again.status).toBe(429);
    expect(again.body.error).toBe("rate_limited");
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect((await signIn(user.email, TEST_PASSWORD, attackers[1]!)).status).toBe(429);
    // …and neither refusal counted or extended the block.
    expect(await backoffOf(user.email)).toEqual(blocked);

    // The owner, from an address with no failure on the account, signs in at once; that ends the back-off.
    expect((await signIn(user.email, TEST_PASSWORD, from())).status).toBe(200);
    expect(await backoffOf(user.email)).toBeNull();
    expect((await signIn(user.email, TEST_PASSWORD, attackers[0]!)).status).toBe(200);
  });

  it("doubles with each failure and stops at LOGIN_BACKOFF_MAX_SECONDS; once it is over the right password works from anywhere", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const attacker = from();
    for (let attempt = 1; attempt <= 10; attempt++) await signIn(user.email, `guess-${attempt}`, from());
    expect(await backoffOf(user.email)).toMatchObject({ failures: 10, blockSeconds: 1 });
    await getDb()
      .update(loginBackoffs)
      .set({ failures: 40 })
      .where(eq(loginBackoffs.accountKey, digest(`account\n${user.email.toLowerCase()}`)));
    expect((await signIn(user.email, "guess-41", attacker)).status).toBe(401);
    expect(await backoffOf(user.email)).toMatchObject({ failures: 41, blockSeconds: 300 });
    const refused = await signIn(user.email, TEST_PASSWORD, attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(290);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(300);

    // The block runs out (moved into the past rather than waited for): the failed address gets in too.
    await getDb()
      .update(loginBackoffs)
      .set({ blockedUntil: sql`now() - interval '1 second'` })
      .where(eq(loginBackoffs.accountKey, digest(`account\n${user.email.toLowerCase()}`)));
    expect((await signIn(user.email, TEST_PASSWORD, attacker)).status).toBe(200);
  });

  it("treats an unknown email exactly like an account, so back-off reveals nothing", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const nobody = uniqueEmail("nobody");
    const answers = [];
    for (const email of [user.email, nobody]) {
      const attacker = from();
      for (let attempt = 0; attempt < 10; attempt++) await signIn(email, "wrong password", from());
      answers.push(await signIn(email, "wrong password", attacker), await signIn(email, "wrong password", attacker));
    }
    expect(answers.map((answer) => answer.status)).toEqual([401, 429, 401, 429]);
    expect(answers[0]!.text).toBe(answers[2]!.text);
    expect(answers[1]!.text).toBe(answers[3]!.text);
  });
});

describe("sign-up abuse", () => {
  it("one address cannot create 150 businesses at once nor farm sign-up credits: 10 an hour, the rest 429", async () => {
    const address = from();
    const count = async () => (await getDb().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(businesses))[0]!.n;
    // Members' sign-up credits, and the wallets the new businesses open with.
    const signupCredits = async () =>
      (
        await getDb()
          .select({ n: sql<number>`count(*) filter (where ${creditTransactions.userId} is not null)`.mapWith(Number) })
          .from(creditTransactions)
          .where(eq(creditTransactions.kind, "signup"))
      )[0]!.n;
    const openedWallets = async () =>
      (
        await getDb()
          .select({ n: sql<number>`count(*) filter (where ${creditTransactions.userId} is null)`.mapWith(Number) })
          .from(creditTransactions)
          .where(eq(creditTransactions.kind, "signup"))
      )[0]!.n;
    const walletsBefore = await openedWallets();
    const [businessesBefore, creditsBefore] = [await count(), await signupCredits()];

    const results = await Promise.all(
      Array.from({ length: 150 }, (_, index) =>
        callRoute(register, {
          method: "POST",
          headers: address,
          body: { email: uniqueEmail(`farm${index}`), password: "a perfectly fine passphrase", name: "Farmer", businessName: `Farm ${index}` },
        }),
      ),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(140);
    for (const refused of results.filter((result) => result.status === 429)) {
      expect(refused.body.error).toBe("rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
    expect(await count()).toBe(businessesBefore + 10);
    expect(await signupCredits()).toBe(creditsBefore + 10);
    expect(await openedWallets()).toBe(walletsBefore + 10);

    // Another address is not affected.
    const other = await callRoute(register, {
      method: "POST",
      headers: from(),
      body: { email: uniqueEmail("honest"), password: "a perfectly fine passphrase", name: "Honest", businessName: "Honest Goods" },
    });
    expect(other.status).toBe(201);
  });

  it("a taken email (in any business) gets one neutral answer that names neither the email nor where it is used", async () => {
    const business = await createBusiness({ name: `Secretive ${randomUUID().slice(0, 8)}` });
    const existing = await createUser({ businessId: business.id, role: "editor" });
    const response = await callRoute(register, {
      method: "POST",
      headers: from(),
      body: { email: existing.email.toUpperCase(), password: "a perfectly fine passphrase", name: "Copy Cat", businessName: "Copycats" },
    });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: "conflict", detail: EMAIL_UNAVAILABLE_MESSAGE, fields: { email: [EMAIL_UNAVAILABLE_MESSAGE] } });
    expect(response.text.toLowerCase()).not.toContain(existing.email.toLowerCase());
    expect(response.text).not.toContain(business.name);
    expect(EMAIL_UNAVAILABLE_MESSAGE).not.toMatch(/already exists|another business/i);

    // An admin of another business creating that user gets the same words.
    const otherBusiness = await createBusiness();
    const admin = await createUser({ businessId: otherBusiness.id, role: "admin" });
    const created = await callRoute(createUserRoute, {
      method: "POST",
      token: await tokenFor(admin),
      headers: from(),
      body: { email: existing.email, name: "Dup", role: "viewer" },
    });
    expect(created.status).toBe(409);
    expect(created.body.detail).toBe(EMAIL_UNAVAILABLE_MESSAGE);
  });
});
