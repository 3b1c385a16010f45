import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import type { FeedbackRating } from "./vocabulary";

type Timestamp = string | Date;

/**
 * The assistant answer `messageId` when `userId` may rate it: an answer in a member conversation of
 * theirs in the business. Its owner alone judges an answer; an admin reading it does not.
 */
function ratableAnswer(input: { businessId: string; userId: string; messageId: string }): SQL {
  return sql`select m.id, m.business_id from chat_messages m
    join chat_sessions s on s.id = m.session_id
    where m.id = ${input.messageId} and m.business_id = ${input.businessId} and m.role = 'assistant'
      and s.business_id = ${input.businessId} and s.channel = 'member' and s.user_id = ${input.userId}`;
}

export type FeedbackRow = { message_id: string; rating: FeedbackRating; reason: string | null; updated_at: Timestamp };

/**
 * Records the member's rating of an answer, replacing their earlier one; one statement, so two at
 * once leave one row. Null when the answer is not theirs to rate.
 */
export async function upsertMessageFeedback(
  db: Database,
  input: { businessId: string; userId: string; messageId: string; rating: FeedbackRating; reason: string | null },
): Promise<FeedbackRow | null> {
  const [row] = await selectRows<FeedbackRow>(
    db,
    sql`insert into chat_message_feedback (business_id, message_id, user_id, rating, reason)
      select a.business_id, a.id, ${input.userId}::uuid, ${input.rating}::feedback_rating, ${input.reason}::text from (${ratableAnswer(input)}) a
      on conflict (message_id, user_id) do update
        set rating = excluded.rating, reason = excluded.reason, updated_at = now()
      returning message_id, rating, reason, updated_at`,
  );
  return row ?? null;
}

/** Removes the member's rating of an answer; false when the answer is not theirs to rate (a missing rating is no error). */
export async function deleteMessageFeedback(db: Database, input: { businessId: string; userId: string; messageId: string }): Promise<boolean> {
  const [row] = await selectRows<{ found: boolean }>(
    db,
    sql`with answer as (${ratableAnswer(input)}),
      removed as (
        delete from chat_message_feedback f using answer a
        where f.message_id = a.id and f.user_id = ${input.userId} and f.business_id = ${input.businessId}
        returning f.id
      )
      select exists (select 1 from answer) as found, (select count(*) from removed) as removed`,
  );
  return Boolean(row?.found);
}

/**
 * The user's message an answer replied to: its parent (a regenerated answer replies to the same
 * one); for a message stored without one, the last user message before it in its conversation.
 */
const questionBefore = (answer: SQL) => sql`(
  select p.content, p.created_at from chat_messages p
  where p.session_id = ${answer}.session_id and p.role = 'user'
    and (p.id = ${answer}.parent_id or (${answer}.parent_id is null and (p.created_at, p.id) < (${answer}.created_at, ${answer}.id)))
  order by p.created_at desc, p.id desc limit 1)`;

export type FeedbackEntryRow = {
  id: string;
  message_id: string;
  session_id: string;
  rating: FeedbackRating;
  reason: string | null;
  question: string | null;
  answer: string;
  user_id: string;
  user_name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
};

function feedbackScope(input: { businessId: string; rating?: FeedbackRating }): SQL {
  return input.rating ? sql`f.business_id = ${input.businessId} and f.rating = ${input.rating}` : sql`f.business_id = ${input.businessId}`;
}

/** The business's ratings, most recently given or changed first, with the answer, its question and who rated. */
export async function listBusinessFeedback(
  db: Database,
  input: { businessId: string; rating?: FeedbackRating; limit: number; offset: number },
): Promise<FeedbackEntryRow[]> {
  const m = sql.raw("m");
  return selectRows<FeedbackEntryRow>(
    db,
    sql`select f.id, f.message_id, m.session_id, f.rating, f.reason, q.content as question, m.content as answer,
        u.id as user_id, u.name as user_name, f.created_at, f.updated_at
      from chat_message_feedback f
      join chat_messages m on m.id = f.message_id and m.business_id = f.business_id
      join users u on u.id = f.user_id
      left join lateral ${questionBefore(m)} q on true
      where ${feedbackScope(input)}
      order by f.updated_at desc, f.id desc
      limit ${input.limit} offset ${input.offset}`,
  );
}

export async function countBusinessFeedback(db: Database, input: { businessId: string; rating?: FeedbackRating }): Promise<number> {
  const [row] = await selectRows<{ value: string | number }>(db, sql`select count(*) as value from chat_message_feedback f where ${feedbackScope(input)}`);
  return Number(row?.value ?? 0);
}

/**
 * The questions of the business's answers that searched and found nothing, each with the text as
 * grouped on (trimmed, whitespace collapsed, lower-cased), its original spelling and when it was asked.
 */
function unansweredQuestions(businessId: string): SQL {
  const m = sql.raw("m");
  return sql`select lower(btrim(regexp_replace(q.content, '\\s+', ' ', 'g'))) as question, q.content as original, q.created_at as asked_at
    from chat_messages m
    join lateral ${questionBefore(m)} q on true
    where m.business_id = ${businessId} and m.no_match and m.role = 'assistant'`;
}

export type UnansweredRow = { question: string; count: string | number; last_asked_at: Timestamp; example: string };

/** The unanswered questions grouped, most often asked first (then the most recently asked). */
export async function listUnansweredQuestions(db: Database, input: { businessId: string; limit: number; offset: number }): Promise<UnansweredRow[]> {
  return selectRows<UnansweredRow>(
    db,
    sql`select question, count(*) as count, max(asked_at) as last_asked_at,
        (array_agg(original order by asked_at desc))[1] as example
      from (${unansweredQuestions(input.businessId)}) asked
      group by question
      order by count(*) desc, max(asked_at) desc, question
      limit ${input.limit} offset ${input.offset}`,
  );
}

export async function countUnansweredQuestions(db: Database, input: { businessId: string }): Promise<number> {
  const [row] = await selectRows<{ value: string | number }>(
    db,
    sql`select count(distinct question) as value from (${unansweredQuestions(input.businessId)}) asked`,
  );
  return Number(row?.value ?? 0);
}
