import "server-only";
import { getDb, transaction } from "@/db/client";
import { refundCredits } from "@/lib/credits/service";
import { env } from "@/lib/env";
import { creditsEvent, messageEvent, publishEvents } from "@/lib/events/publish";
import { logger } from "@/lib/logger";
import { startPeriodic } from "@/lib/periodic";
import { giveBackDailyAnswer } from "./daily-allowance";
import * as q from "./queries";
import { toMessageDto } from "./service";

const SWEEP_INTERVAL_MS = 5 * 60 * 1000;
const SWEEP_BATCH = 200;
/** Model calls a turn makes at most: the first and one after each of the providers' four tool rounds. */
const MODEL_CALLS_PER_TURN = 5;

export const INTERRUPTED_ANSWER = "The answer was interrupted before it could be saved.";

/**
 * How old a `streaming` answer must be before no instance can still be writing it: every model call of
 * its turn timed out by then, with a minute to spare, and never less than fifteen minutes.
 */
export function staleAnswerAgeMs(settings = env()): number {
  const slowestCall = Math.max(settings.OPENAI_TIMEOUT_MS, settings.ANTHROPIC_TIMEOUT_MS);
  return Math.max(15 * 60 * 1000, MODEL_CALLS_PER_TURN * slowestCall + 60 * 1000);
}

/**
 * Ends the turns an instance left `streaming` when it stopped mid-answer (a deploy, a crash): each
 * answer is marked failed, its charge refunded and an end user's message of the day given back
 * (nothing of it was kept), the answer and the refund announced, in one transaction under the
 * conversation's lock, like every writer of its messages. An answer settled meanwhile is left as it
 * is. Returns how many were ended.
 */
export async function endStaleTurns(now: Date = new Date()): Promise<number> {
  const stale = await q.listStaleAnswers(getDb(), { before: new Date(now.getTime() - staleAnswerAgeMs()), limit: SWEEP_BATCH });
  let ended = 0;
  for (const candidate of stale) {
    const done = await transaction(async (tx) => {
      const { businessId } = candidate;
      const session = await q.lockBusinessSession(tx, { sessionId: candidate.sessionId, businessId });
      if (!session) return false;
      const failed = await q.updateMessage(tx, {
        id: candidate.id,
        businessId,
        values: { status: "error", content: "", error: INTERRUPTED_ANSWER },
        onlyStreaming: true,
      });
      if (!failed) return false;
      await giveBackDailyAnswer(tx, failed);
      const charge = await q.getAnswerCharge(tx, { businessId, answer: failed });
      const refunded = charge && charge.amount > 0 ? await refundCredits(tx, { ...charge, businessId, reason: INTERRUPTED_ANSWER }) : null;
      await publishEvents(tx, businessId, [
        messageEvent(session, "completed", toMessageDto(failed, { creditsCharged: refunded ? 0 : null })),
        ...(refunded ? [creditsEvent({ businessId, userId: charge!.userId, balance: refunded.balance })] : []),
      ]);
      return true;
    });
    if (done) ended += 1;
  }
  if (ended > 0) logger().warn({ ended }, "ended answers left unfinished by a stopped instance");
  return ended;
}

/** Looks for unfinished turns now and then every five minutes, once per process. */
export function startStaleTurnSweep(): () => void {
  return startPeriodic("stale-turn-sweep", SWEEP_INTERVAL_MS, endStaleTurns);
}
