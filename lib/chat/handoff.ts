import "server-only";
import { getDb, transaction, type Database } from "@/db/client";
import type { ChatSession } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/permissions";
import { handoffEvent, publishEvents } from "@/lib/events/publish";
import type { NewEvent } from "@/lib/events/queries";
import { startPeriodic } from "@/lib/periodic";
import * as q from "./queries";

/**
 * Who answers a conversation: the assistant, or a person of the business who took it over. A
 * conversation a person has left alone for AGENT_IDLE_MS goes back to the assistant — checked when the
 * user writes next, and by a sweep every minute.
 */

export const AGENT_IDLE_MS = 15 * 60_000;
const SWEEP_INTERVAL_MS = 60_000;

export function isAgentIdle(session: Pick<ChatSession, "handler" | "agentActiveAt">, now: Date): boolean {
  return session.handler === "with_person" && session.agentActiveAt !== null && now.getTime() - session.agentActiveAt.getTime() >= AGENT_IDLE_MS;
}

/**
 * Gives a locked session back to the assistant, audited; returns the session and its event (the
 * caller publishes it as the last write of its transaction). `by` is the admin who handed it back,
 * or null when it went back by itself.
 */
export async function handBack(
  tx: Database,
  session: ChatSession,
  input: { by: Actor | null; requestId?: string },
): Promise<{ session: ChatSession; event: NewEvent }> {
  const changed = await q.setSessionHandling(tx, {
    sessionId: session.id,
    businessId: session.businessId,
    values: { handler: "assistant", agentId: null, agentActiveAt: null, personRequestedAt: null },
  });
  await recordAudit(tx, {
    actor: input.by,
    businessId: session.businessId,
    action: "chat.handback",
    entityType: "chat_session",
    entityId: session.id,
    summary: input.by ? {} : { automatic: true },
    requestId: input.requestId,
  });
  return { session: changed, event: handoffEvent(changed, null, input.by ? "handed_back" : "idle") };
}

/** Hands back every conversation left alone too long; each in its own transaction, re-checked under its lock. */
export async function returnIdleHandoffs(now: Date = new Date()): Promise<number> {
  const idle = await q.listIdleHandoffs(getDb(), { before: new Date(now.getTime() - AGENT_IDLE_MS), limit: 500 });
  let returned = 0;
  for (const candidate of idle) {
    const done = await transaction(async (tx) => {
      const session = await q.lockBusinessSession(tx, { sessionId: candidate.id, businessId: candidate.businessId });
      if (!session || !isAgentIdle(session, now)) return false;
      const { event } = await handBack(tx, session, { by: null });
      await publishEvents(tx, session.businessId, [event]);
      return true;
    });
    if (done) returned += 1;
  }
  return returned;
}

/** Starts the minute sweep once per process (a run at start too). */
export function startHandoffSweep(): () => void {
  return startPeriodic("handoff-sweep", SWEEP_INTERVAL_MS, () => returnIdleHandoffs());
}
