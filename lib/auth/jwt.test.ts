import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnv } from "@/lib/env";
import { signAccessToken, signVisitorToken, verifyAccessToken, verifyVisitorToken } from "./jwt";

const user = { id: randomUUID(), email: "key@example.test", name: "Key", role: "viewer" as const, businessId: randomUUID() };
const original = process.env.JWT_SECRET;

function useSecret(secret: string | undefined) {
  if (secret === undefined) delete process.env.JWT_SECRET;
  else process.env.JWT_SECRET = secret;
  resetEnv();
}

// Without JWT_SECRET the test environment makes up a new secret each time it is read again.
beforeEach(() => useSecret(randomBytes(32).toString("base64url")));
afterEach(() => useSecret(original));

describe("the signing key", () => {
  it("follows the configured secret: a token of the old secret is refused once it changes", async () => {
    const first = randomBytes(32).toString("base64url");
    useSecret(first);
    const { token: before } = await signAccessToken(user);
    expect((await verifyAccessToken(before)).sub).toBe(user.id);
    const visitor = (await signVisitorToken({ endUserId: randomUUID(), businessId: user.businessId, apiKeyId: randomUUID() })).token;
    expect((await verifyVisitorToken(visitor)).business_id).toBe(user.businessId);

    useSecret(randomBytes(32).toString("base64url"));
    await expect(verifyAccessToken(before)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(verifyVisitorToken(visitor)).rejects.toMatchObject({ code: "unauthorized" });
    const { token: after } = await signAccessToken(user);
    expect((await verifyAccessToken(after)).sub).toBe(user.id);

    useSecret(first);
    await expect(verifyAccessToken(after)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await verifyAccessToken(before)).sub).toBe(user.id);
  });
});

describe("a verified token", () => {
  afterEach(() => vi.useRealTimers());

  it("is refused once it expires, though it verified before", async () => {
    const { token, expiresAt } = await signAccessToken(user);
    expect((await verifyAccessToken(token)).sub).toBe(user.id);
    expect((await verifyAccessToken(token)).sub).toBe(user.id);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(expiresAt.getTime() + 1000);
    await expect(verifyAccessToken(token)).rejects.toMatchObject({ code: "unauthorized", detail: "The access token has expired." });
  });

  it("vouches for no other token: its payload changed under its own signature is refused", async () => {
    const { token } = await signAccessToken(user);
    expect((await verifyAccessToken(token)).role).toBe("viewer");
    const [header, payload, signature] = token.split(".");
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), role: "admin" })).toString("base64url");
    await expect(verifyAccessToken(`${header}.${raised}.${signature}`)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await verifyAccessToken(token)).role).toBe("viewer");
  });

  it("is refused when the configured lifetime shrinks below its own", async () => {
    const { token } = await signAccessToken(user);
    expect((await verifyAccessToken(token)).sub).toBe(user.id);
    process.env.ACCESS_TOKEN_TTL_SECONDS = "60";
    resetEnv();
    try {
      await expect(verifyAccessToken(token)).rejects.toMatchObject({ code: "unauthorized", detail: "The access token outlives the allowed lifetime." });
    } finally {
      delete process.env.ACCESS_TOKEN_TTL_SECONDS;
      resetEnv();
    }
  });
});
