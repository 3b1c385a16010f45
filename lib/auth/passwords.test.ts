import argon2 from "argon2";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { resetEnv } from "@/lib/env";
import { SOCKET_ADDRESS_HEADER, socketAddressStamp } from "@/lib/rate-limit/client-ip";
import { createBusiness, createUser, TEST_PASSWORD } from "@/test/factories";
import { callRoute } from "@/test/http";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as health } from "@/app/api/health/route";
import { hashPassword, passwordHashingLoad, verifyPassword } from "./passwords";

process.env.PASSWORD_HASH_CONCURRENCY = "2";
process.env.PASSWORD_HASH_QUEUE_MAX = "3";
resetEnv();
afterAll(() => {
  delete process.env.PASSWORD_HASH_CONCURRENCY;
  delete process.env.PASSWORD_HASH_QUEUE_MAX;
  resetEnv();
});

// Generous: a released hash is a real argon2 run on a machine that may be busy.
const WAIT = { timeout: 20_000, interval: 20 };

/** Holds every argon2.verify call until released, so the pool's state can be looked at mid-flood. */
function gateVerify() {
  const gates: (() => void)[] = [];
  const real = argon2.verify.bind(argon2);
  const spy = vi.spyOn(argon2, "verify").mockImplementation(
    (...args: Parameters<typeof argon2.verify>) => new Promise<void>((resolve) => gates.push(resolve)).then(() => real(...args)),
  );
  return { spy, gates, releaseAll: () => gates.splice(0).forEach((open) => open()) };
}

describe("the password hashing pool", () => {
  afterEach(() => vi.restoreAllMocks());

  it("runs PASSWORD_HASH_CONCURRENCY hashes, queues PASSWORD_HASH_QUEUE_MAX, refuses the rest at once with 503", async () => {
    const stored = await hashPassword("the right password");
    const gate = gateVerify();
    const outcomes = Array.from({ length: 7 }, (_, index) =>
      verifyPassword(stored, index === 0 ? "the right password" : "wrong").then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      ),
    );
    // The two over the queue are refused without waiting for any hash.
    const refused = await Promise.all(outcomes.slice(5));
    for (const outcome of refused) {
      expect("error" in outcome && outcome.error instanceof AppError).toBe(true);
      const error = (outcome as { error: AppError }).error;
      expect(error.code).toBe("service_unavailable");
      expect(error.status).toBe(503);
      expect(error.headers?.["Retry-After"]).toBe("1");
    }
    expect(passwordHashingLoad()).toEqual({ active: 2, queued: 3 });
    expect(gate.spy).toHaveBeenCalledTimes(2);

    // Each finished hash hands its slot to the longest waiting one.
    gate.gates.shift()!();
    await vi.waitFor(() => expect(gate.spy).toHaveBeenCalledTimes(3), WAIT);
    expect(passwordHashingLoad()).toEqual({ active: 2, queued: 2 });

    gate.releaseAll();
    await vi.waitFor(() => expect(gate.spy).toHaveBeenCalledTimes(5), WAIT);
    gate.releaseAll();
    const results = await Promise.all(outcomes.slice(0, 5));
    expect(results).toEqual([{ ok: true }, { ok: false }, { ok: false }, { ok: false }, { ok: false }]);
    expect(passwordHashingLoad()).toEqual({ active: 0, queued: 0 });
  });

  it("a flood of sign-ins is queued or refused (503) while health keeps answering", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const gate = gateVerify();
    let address = 0;
    const attempt = () =>
      callRoute(login, {
        method: "POST",
        body: { email: user.email, password: TEST_PASSWORD },
        headers: { [SOCKET_ADDRESS_HEADER]: socketAddressStamp(`198.20.0.${++address}`) },
      });
    let answered = 0;
    const flood = Array.from({ length: 12 }, () => attempt().finally(() => answered++));

    // With every hash held, only refusals can come back: all 7 beyond the pool, without waiting.
    await vi.waitFor(() => expect(answered).toBe(7), WAIT);
    expect(passwordHashingLoad()).toEqual({ active: 2, queued: 3 });
    // Health answers while every hashing slot and the whole queue are taken.
    const during = await callRoute(health);
    expect(during.status).toBe(200);
    expect(passwordHashingLoad()).toEqual({ active: 2, queued: 3 });

    gate.releaseAll();
    await vi.waitFor(() => {
      gate.releaseAll();
      expect(passwordHashingLoad()).toEqual({ active: 0, queued: 0 });
    }, WAIT);
    const statuses = (await Promise.all(flood)).map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 503)).toHaveLength(7);
  });
});
