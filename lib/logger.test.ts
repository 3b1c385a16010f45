import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { purchases } from "@/db/schema";
import { createBusiness, createUser } from "@/test/factories";
import { createLogger } from "./logger";

/** The JSON lines the app's logger configuration writes for `log`. */
function logged(log: (logger: ReturnType<typeof createLogger>) => void): { text: string; lines: Record<string, unknown>[] } {
  const written: string[] = [];
  log(createLogger({ write: (line) => void written.push(line) }));
  return { text: written.join(""), lines: written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("logger(): errors", () => {
  it("logs a failed query's SQL and the database's message, but no value bound to it, however the error is wrapped", async () => {
    const business = await createBusiness();
    const user = await createUser({ businessId: business.id });
    const secret = "sk_live_9d2b41c7e0";
    let failure: unknown;
    try {
      // A check violation: Postgres quotes the whole failing row in its `detail`, and both drivers keep the parameters.
      await getDb().insert(purchases).values({ businessId: business.id, userId: user.id, productName: secret, quantity: 0, unitPrice: "1.00", total: "0.00" });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const queryError = failure as Error;
    const { text, lines } = logged((log) => {
      log.error({ err: queryError }, "as thrown");
      log.error({ err: queryError.cause }, "the driver's error alone");
      log.error({ err: new Error("buying failed", { cause: queryError }) }, "wrapped");
      log.error(queryError, "as the first argument");
    });
    expect(lines).toHaveLength(4);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(business.id);
    for (const line of lines) {
      expect(line.err, line.msg as string).toMatchObject({ message: expect.stringContaining('violates check constraint "purchases_quantity_range"') });
    }
    expect(lines[0]!.err).toMatchObject({ type: "DrizzleQueryError", query: expect.stringContaining('insert into "purchases"'), stack: expect.stringContaining("caused by:") });
    expect(lines[0]!.err).not.toHaveProperty("params");
  });

  it("logs any other error as pino does: type, message with its causes, stack and own fields", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", detail: "kept: not a query's" });
    const { lines } = logged((log) => log.error({ err: new TypeError("sweep failed", { cause }) }, "failed"));
    expect(lines[0]!.err).toMatchObject({ type: "TypeError", message: "sweep failed: connect ECONNREFUSED 127.0.0.1:5432", stack: expect.stringContaining("caused by: Error: connect ECONNREFUSED") });
    const { lines: own } = logged((log) => log.error({ err: cause }, "failed"));
    expect(own[0]!.err).toMatchObject({ type: "Error", code: "ECONNREFUSED", detail: "kept: not a query's" });
  });
});
