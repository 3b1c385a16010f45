import "server-only";
import type { Database } from "@/db/client";
import type { ChatMessage } from "@/db/schema";
import type { ChatSettings } from "@/lib/business/queries";
import { AppError } from "@/lib/errors";
import { consumeWithin, releaseMadeAt } from "@/lib/rate-limit/limiter";
import { rateLimited } from "@/lib/rate-limit/limits";
import * as q from "./queries";

/**
 * Each end user's answers a day, a 24-hour window shared by every instance (`rate_limits`). Members and
 * the business's own anonymous API calls are not counted, nor a message waiting for a person.
 */
const DAY = { bucket: "end_user_daily", windowSeconds: 24 * 60 * 60 };

/** 403 when the business has set its customers' daily messages to 0: its switch for their chat, which no wait would help. */
export function assertCustomersMayChat(settings: Pick<ChatSettings, "endUserDailyMessages">): void {
  if (settings.endUserDailyMessages === 0) throw new AppError("forbidden", "This business does not take messages from its customers' chats at the moment.");
}

/**
 * Counts an answer asked for by an end user, in the transaction that opens its turn and before its
 * answer row is written, so a turn that does not open counts nothing and giveBackDailyAnswer finds
 * the count later. 429 when the day's messages are used up.
 */
export async function countDailyAnswer(tx: Database, input: { endUserId: string; settings: Pick<ChatSettings, "endUserDailyMessages"> }): Promise<void> {
  const counted = await consumeWithin(tx, { ...DAY, key: input.endUserId, limit: input.settings.endUserDailyMessages });
  if (!counted.allowed) {
    throw rateLimited(counted.retryAfterSeconds, "This visitor has used today's messages with the assistant. Try again later.");
  }
}

/**
 * Gives an end user back the day's message of an answer that left them nothing (the model failed
 * before any text, the answer could not be saved, or the stale-turn sweep ended it), in the
 * transaction that marks it failed, which also refunds its charge; that marking happens once, so
 * this does too. Whoever calls it has locked the conversation and not yet the wallet, the order in
 * which a turn opens.
 */
export async function giveBackDailyAnswer(tx: Database, answer: Pick<ChatMessage, "id" | "businessId" | "endUserId">): Promise<void> {
  if (!answer.endUserId) return;
  const madeAt = await q.getMessageWrittenAt(tx, { businessId: answer.businessId, messageId: answer.id });
  if (madeAt) await releaseMadeAt(tx, { bucket: DAY.bucket, key: answer.endUserId, madeAt });
}
