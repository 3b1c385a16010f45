import "server-only";
import { createHash } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { getDb, transaction, type Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { fieldErrorsFrom } from "@/lib/http";
import { logger } from "@/lib/logger";
import {
  completeKey,
  deleteExpiredKeys,
  findKey,
  insertKeyClaim,
  lockKey,
  releaseKey,
  takeOverStaleClaim,
  type IdempotencyRecord,
} from "./queries";
import { idempotencyKeySchema } from "./schemas";

/** Keys are remembered for at least 24 h (Stripe's retention; the IETF draft leaves it to the server). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A claim with no progress for this long is treated as abandoned by a crashed holder. */
const STALE_CLAIM_SECONDS = 30;
/** How long a retry waits for the first request to finish before answering 409 (about 2.5 s in all). */
const WAIT_STEPS_MS = [25, 50, 100, 200, 300, 400, 500, 500, 500];

export type IdempotencyRef = {
  businessId: string;
  userId: string;
  scope: string;
  key: string;
  requestHash: string;
};

export type IdempotentResult<T> = { status: number; body: T; replayed: boolean };

/** The Idempotency-Key header as the service takes it: undefined when absent, 400 when unusable. */
export function parseIdempotencyKey(header: string | null): string | undefined {
  if (header === null) return undefined;
  const key = idempotencyKeySchema.safeParse(header);
  if (!key.success) {
    throw new AppError("invalid_request", "The Idempotency-Key header is invalid.", {
      fields: { "Idempotency-Key": Object.values(fieldErrorsFrom(key.error)).flat() },
    });
  }
  return key.data;
}

/** A stable fingerprint of the validated request: same key + different body is a client bug (422). */
export function hashRequest(payload: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.keys(payload).sort().map((key) => [key, payload[key] ?? null]));
  return createHash("sha256").update(canonical).digest("hex");
}

function replay<T>(record: IdempotencyRecord): IdempotentResult<T> {
  return { status: 200, body: record.responseBody as T, replayed: true };
}

function mismatch(): AppError {
  return new AppError(
    "idempotency_mismatch",
    "This Idempotency-Key was already used with a different request body; use a new key for a new request.",
  );
}

/**
 * Runs `execute` at most once per (user, scope, key), after Stripe and the IETF Idempotency-Key draft.
 *
 * 1. The key is claimed in its own short statement (INSERT … ON CONFLICT DO NOTHING on the unique
 *    (user_id, scope, key) constraint), so the in-progress claim is visible to every other request at
 *    once and exactly one request wins it.
 * 2. The winner locks its claim row and runs `execute` plus the completion (status, body, resource
 *    id) in ONE transaction: a crash leaves either both or neither, never a completed key without
 *    its purchase or a purchase without its key.
 * 3. Losers: a different body → 422; completed → the stored response (200); in progress → wait
 *    briefly for it, then 409 `conflict`. A failed attempt releases its claim so the client can retry.
 */
export async function runIdempotent<T>(
  ref: IdempotencyRef,
  execute: (tx: Database) => Promise<{ status: number; body: T; resourceId: string }>,
): Promise<IdempotentResult<T>> {
  // Claims and look-ups commit on their own, outside the purchase transaction, so every request sees them at once.
  const db = getDb();
  await deleteExpiredKeys(db, { userId: ref.userId });

  for (let step = 0; ; step++) {
    const claim = await insertKeyClaim(db, { ...ref, ttlSeconds: IDEMPOTENCY_TTL_SECONDS });
    if (claim) return runClaimed(claim.id, ref, execute);

    const existing = await findKey(db, ref);
    if (existing) {
      if (existing.requestHash !== ref.requestHash) throw mismatch();
      if (existing.state === "completed") return replay(existing);
      if (await takeOverStaleClaim(db, { id: existing.id, staleAfterSeconds: STALE_CLAIM_SECONDS })) {
        return runClaimed(existing.id, ref, execute);
      }
    }
    // Still in progress (or just released by a failed attempt, in which case the next loop claims it).
    const wait = WAIT_STEPS_MS[step];
    if (wait === undefined) {
      throw new AppError(
        "conflict",
        "A request with this Idempotency-Key is still being processed; retry shortly with the same key.",
        { headers: { "retry-after": "1" } },
      );
    }
    await delay(wait);
  }
}

async function runClaimed<T>(
  claimId: string,
  ref: IdempotencyRef,
  execute: (tx: Database) => Promise<{ status: number; body: T; resourceId: string }>,
): Promise<IdempotentResult<T>> {
  try {
    return await transaction(async (tx) => {
      // The row lock serialises this holder with any taker-over: whoever locks second sees "completed".
      const claim = await lockKey(tx, { id: claimId });
      if (!claim) {
        throw new AppError("conflict", "The earlier request with this Idempotency-Key failed; retry with the same key.");
      }
      if (claim.requestHash !== ref.requestHash) throw mismatch();
      if (claim.state === "completed") return replay<T>(claim);
      const result = await execute(tx);
      await completeKey(tx, {
        id: claimId,
        responseStatus: result.status,
        responseBody: result.body,
        purchaseId: result.resourceId,
      });
      return { status: result.status, body: result.body, replayed: false };
    });
  } catch (error) {
    // Nothing was bought (the transaction rolled back), so the key is free for a retry.
    await releaseKey(getDb(), { id: claimId }).catch((releaseError: unknown) =>
      logger().error({ err: releaseError, scope: ref.scope }, "could not release an idempotency claim"),
    );
    throw error;
  }
}
