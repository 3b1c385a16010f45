import "server-only";
import { getDb } from "@/db/client";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { pageWindow } from "@/lib/pagination";
import * as q from "./feedback-queries";
import type { FeedbackEntryDto, FeedbackListQuery, MessageFeedbackDto, MessageFeedbackInput, UnansweredQuestionDto } from "./schemas";
import { iso } from "./service";

/**
 * 👍/👎 on the assistant's answers, and what the business learns from them: the answers people
 * disliked, and the questions the catalog could not answer. Ratings are not audited: like sending a
 * message or renaming a conversation, they change nothing but the member's own words.
 */

const answerNotFound = () => notFound("Message");

/**
 * chat:use. Rates an answer in the member's own conversation, replacing their earlier rating (the
 * reason goes with it). 404 for any other message: unknown, another person's or business's, not an answer.
 */
export async function rateMessage(actor: Actor, input: { messageId: string } & MessageFeedbackInput): Promise<MessageFeedbackDto> {
  assertCan(actor, "chat:use");
  if (!isUuid(input.messageId)) throw answerNotFound();
  const row = await q.upsertMessageFeedback(getDb(), {
    businessId: actor.businessId,
    userId: actor.id,
    messageId: input.messageId,
    rating: input.rating,
    reason: input.reason,
  });
  if (!row) throw answerNotFound();
  return { messageId: row.message_id, rating: row.rating, reason: row.reason, updatedAt: iso(row.updated_at) };
}

/** chat:use. Takes back the member's rating of an answer of theirs (none to take back is fine); 404 as rateMessage. */
export async function clearMessageRating(actor: Actor, input: { messageId: string }): Promise<void> {
  assertCan(actor, "chat:use");
  if (!isUuid(input.messageId)) throw answerNotFound();
  const found = await q.deleteMessageFeedback(getDb(), { businessId: actor.businessId, userId: actor.id, messageId: input.messageId });
  if (!found) throw answerNotFound();
}

/** inbox:manage (admins read the business's conversations). The business's ratings, newest first; 403 otherwise. */
export async function listFeedback(actor: Actor, query: FeedbackListQuery): Promise<{ count: number; results: FeedbackEntryDto[] }> {
  assertCan(actor, "inbox:manage");
  const db = getDb();
  const scope = { businessId: actor.businessId, rating: query.rating };
  const [count, rows] = await Promise.all([q.countBusinessFeedback(db, scope), q.listBusinessFeedback(db, { ...scope, ...pageWindow(query) })]);
  return {
    count,
    results: rows.map((row) => ({
      id: row.id,
      messageId: row.message_id,
      sessionId: row.session_id,
      rating: row.rating,
      reason: row.reason,
      question: row.question,
      answer: row.answer,
      user: { id: row.user_id, name: row.user_name },
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
    })),
  };
}

/**
 * inbox:manage. The questions the assistant searched the catalog for and found nothing, grouped by
 * their normalised text, most often asked first: the gaps in the catalog. 403 otherwise.
 */
export async function listUnanswered(actor: Actor, query: { page: number; pageSize: number }): Promise<{ count: number; results: UnansweredQuestionDto[] }> {
  assertCan(actor, "inbox:manage");
  const db = getDb();
  const [count, rows] = await Promise.all([
    q.countUnansweredQuestions(db, { businessId: actor.businessId }),
    q.listUnansweredQuestions(db, { businessId: actor.businessId, ...pageWindow(query) }),
  ]);
  return {
    count,
    results: rows.map((row) => ({ question: row.question, count: Number(row.count), lastAskedAt: iso(row.last_asked_at), example: row.example })),
  };
}
