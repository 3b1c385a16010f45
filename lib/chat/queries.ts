import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, getTableColumns, inArray, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import { preparedStatement, selectRows, type Database } from "@/db/client";
import { chatMessageFeedback, chatMessages, chatSessions, creditTransactions, endUsers, type ChatMessage, type ChatSession } from "@/db/schema";
import type { ExactTime } from "@/lib/rate-limit/queries";

/**
 * Whose conversations a caller may use: a member's own; for the business's server (a secret key)
 * every API and widget conversation of the business, or one end user's when the call names one;
 * for a widget visitor only their own widget conversations. Never a member's conversation through a key.
 */
export type SessionOwner =
  | { kind: "member"; businessId: string; userId: string }
  | { kind: "api"; businessId: string; endUserId?: string | null }
  | { kind: "visitor"; businessId: string; endUserId: string };

type OwnedSession = { sessionId: string; owner: SessionOwner };

type ScopeKey = "sessionId" | "businessId" | "userId" | "endUserId";
/** Turns each value into what a statement holds: the value itself, or a placeholder for it. */
type Bind = (key: ScopeKey, value: string) => string | Placeholder;
const asValue: Bind = (_, value) => value;

function ownerScope(owner: SessionOwner, bind: Bind = asValue): SQL {
  switch (owner.kind) {
    case "member":
      return and(eq(chatSessions.businessId, bind("businessId", owner.businessId)), eq(chatSessions.userId, bind("userId", owner.userId)))!;
    case "api":
      return and(
        eq(chatSessions.businessId, bind("businessId", owner.businessId)),
        inArray(chatSessions.channel, ["api", "widget"]),
        owner.endUserId ? eq(chatSessions.endUserId, bind("endUserId", owner.endUserId)) : undefined,
      )!;
    case "visitor":
      return and(
        eq(chatSessions.businessId, bind("businessId", owner.businessId)),
        eq(chatSessions.channel, "widget"),
        eq(chatSessions.endUserId, bind("endUserId", owner.endUserId)),
      )!;
  }
}

/** Tenant and owner scope of one session. */
function ownedBy(input: OwnedSession, bind: Bind = asValue): SQL {
  return and(eq(chatSessions.id, bind("sessionId", input.sessionId)), ownerScope(input.owner, bind))!;
}

/**
 * The session when it belongs to this owner; null otherwise (the caller answers 404). `lock: "update"`
 * holds it until the transaction ends, so a concurrent delete waits instead of leaving the new messages
 * of a turn pointing at nothing; `lock: "key share"` only keeps it from being deleted (a row that names
 * it, such as a purchase from its proposal), and lets the conversation's own writers through.
 */
export async function getOwnedSession(db: Database, input: OwnedSession & { lock?: SessionLock }): Promise<ChatSession | null> {
  const shape = `${input.owner.kind}${input.owner.kind === "api" && input.owner.endUserId ? "+end-user" : ""}${input.lock ? `+for-${input.lock.replace(" ", "-")}` : ""}`;
  const [row] = await ownedSessionStatement(shape, input)(db).execute({ ...input.owner, sessionId: input.sessionId });
  return row ?? null;
}

type SessionLock = "update" | "key share";

// One prepared statement per shape of owner scope (which columns it compares), built on first use.
const ownedSessionStatements = new Map<string, (db: Database) => ReturnType<ReturnType<typeof buildOwnedSessionStatement>["prepare"]>>();

function ownedSessionStatement(shape: string, input: OwnedSession & { lock?: SessionLock }) {
  let statement = ownedSessionStatements.get(shape);
  if (!statement) {
    statement = preparedStatement(`chat_session_owned_${shape}`, (db) => buildOwnedSessionStatement(db, input));
    ownedSessionStatements.set(shape, statement);
  }
  return statement;
}

function buildOwnedSessionStatement(db: Database, input: OwnedSession & { lock?: SessionLock }) {
  const query = db.select().from(chatSessions).where(ownedBy(input, (key) => sql.placeholder(key))).limit(1);
  return input.lock ? query.for(input.lock) : query;
}

/** Any session of the business (admins read every conversation of their own business). */
export async function getBusinessSession(
  db: Database,
  input: { sessionId: string; businessId: string },
): Promise<ChatSession | null> {
  const [row] = await businessSessionStatement(db).execute(input);
  return row ?? null;
}

const businessSessionStatement = preparedStatement("chat_session_of_business", (db) =>
  db
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.id, sql.placeholder("sessionId")), eq(chatSessions.businessId, sql.placeholder("businessId"))))
    .limit(1),
);

export async function insertSession(
  db: Database,
  input: Pick<typeof chatSessions.$inferInsert, "businessId" | "userId" | "channel" | "endUserId" | "apiKeyId" | "config" | "title">,
): Promise<ChatSession> {
  const [row] = await db.insert(chatSessions).values(input).returning();
  return row!;
}

export async function updateOwnedSession(
  db: Database,
  input: OwnedSession & { values: Partial<Pick<ChatSession, "title" | "config">> },
): Promise<ChatSession | null> {
  const [row] = await db
    .update(chatSessions)
    .set(input.values)
    .where(ownedBy(input))
    .returning();
  return row ?? null;
}

/** Any session of the business, locked for the rest of the transaction (an admin's takeover, reply, read). */
export async function lockBusinessSession(db: Database, input: { sessionId: string; businessId: string }): Promise<ChatSession | null> {
  const [row] = await db
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.id, input.sessionId), eq(chatSessions.businessId, input.businessId)))
    .limit(1)
    .for("update");
  return row ?? null;
}

/** Who answers the session, and the bookkeeping that goes with it; returns the session as changed. */
export async function setSessionHandling(
  db: Database,
  input: {
    sessionId: string;
    businessId: string;
    values: Partial<Pick<ChatSession, "handler" | "agentId" | "agentActiveAt" | "personRequestedAt" | "adminReadAt" | "lastActivityAt">>;
  },
): Promise<ChatSession> {
  const [row] = await db
    .update(chatSessions)
    .set(input.values)
    .where(and(eq(chatSessions.id, input.sessionId), eq(chatSessions.businessId, input.businessId)))
    .returning();
  return row!;
}

/**
 * Moves the admins' read mark forward to the time of `messageId` (never back), taken from the stored
 * row so the comparison keeps the database's precision; returns the session when it moved, null when
 * it was already there or past it.
 */
export async function advanceAdminRead(db: Database, input: { sessionId: string; businessId: string; messageId: string }): Promise<ChatSession | null> {
  const reached = sql`(select ${chatMessages.createdAt} from ${chatMessages} where ${chatMessages.id} = ${input.messageId} and ${chatMessages.sessionId} = ${input.sessionId})`;
  const [row] = await db
    .update(chatSessions)
    .set({ adminReadAt: reached })
    .where(
      and(
        eq(chatSessions.id, input.sessionId),
        eq(chatSessions.businessId, input.businessId),
        sql`(${chatSessions.adminReadAt} is null or ${chatSessions.adminReadAt} < ${reached})`,
      ),
    )
    .returning();
  return row ?? null;
}

/** Conversations a person took over and left alone since `before`: they go back to the assistant. */
export async function listIdleHandoffs(db: Database, input: { before: Date; limit: number }): Promise<{ id: string; businessId: string }[]> {
  return db
    .select({ id: chatSessions.id, businessId: chatSessions.businessId })
    .from(chatSessions)
    .where(and(eq(chatSessions.handler, "with_person"), lt(chatSessions.agentActiveAt, input.before)))
    .limit(input.limit);
}

/** Answers still `streaming` that began before `before`, oldest first (the partial index keeps this cheap). */
export async function listStaleAnswers(db: Database, input: { before: Date; limit: number }): Promise<{ id: string; businessId: string; sessionId: string }[]> {
  return db
    .select({ id: chatMessages.id, businessId: chatMessages.businessId, sessionId: chatMessages.sessionId })
    .from(chatMessages)
    .where(and(eq(chatMessages.status, "streaming"), lt(chatMessages.createdAt, input.before)))
    .orderBy(chatMessages.createdAt)
    .limit(input.limit);
}

/**
 * What an answer's turn charged, as a refund would give it back; null when nothing was charged or it was
 * refunded already. A regeneration's charge names the new answer; a turn's names its question, and is
 * the first answer's to that question (later ones are regenerations, each charged on its own).
 */
export async function getAnswerCharge(
  db: Database,
  input: { businessId: string; answer: Pick<ChatMessage, "id" | "parentId"> },
): Promise<{ userId: string | null; endUserId: string | null; amount: number; messageId: string } | null> {
  const { businessId, answer } = input;
  const firstAnswer = answer.parentId
    ? sql`${answer.id} = (select first.id from ${chatMessages} first
        where first.business_id = ${businessId} and first.parent_id = ${answer.parentId} and first.role = 'assistant'
        order by first.created_at, first.id limit 1)`
    : sql`false`;
  const [row] = await selectRows<{ user_id: string | null; end_user_id: string | null; amount: number; message_id: string }>(
    db,
    sql`select charge.user_id, charge.end_user_id, -charge.amount as amount, charge.message_id
      from ${creditTransactions} charge
      where charge.business_id = ${businessId} and charge.kind = 'message' and charge.amount < 0
        and (charge.message_id = ${answer.id} or (charge.message_id = ${answer.parentId ?? null}::uuid and ${firstAnswer}))
        and not exists (
          select 1 from ${creditTransactions} refund
          where refund.business_id = ${businessId} and refund.kind = 'refund' and refund.message_id = charge.message_id
        )
      order by charge.message_id = ${answer.id} desc
      limit 1`,
  );
  return row ? { userId: row.user_id, endUserId: row.end_user_id, amount: Number(row.amount), messageId: row.message_id } : null;
}

/** Deletes the owner's session; returns it as it was, or null when there was none. */
export async function deleteOwnedSession(db: Database, input: OwnedSession): Promise<ChatSession | null> {
  const [row] = await db.delete(chatSessions).where(ownedBy(input)).returning();
  return row ?? null;
}

/** A session with the identifier of the end user it speaks for (null for members and anonymous ones). */
export type SessionRow = ChatSession & { userIdentifier: string | null };

/** An excerpt of a message that matched a search, and who wrote the message (the assistant's is Markdown). */
export type SearchSnippet = { role: "user" | "assistant" | "agent"; text: string };

/** With an excerpt of its newest message that matched a search (null when only the title matched, or nothing was searched). */
export type SessionSearchRow = SessionRow & { snippet: SearchSnippet | null };

// The messages a conversation shows; `tool` and `system` rows are the model's plumbing.
const SHOWN_ROLES = sql`('user', 'assistant', 'agent')`;

/** `to_tsvector('english', content)` exactly as the GIN index on chat_messages spells it, so the index serves it. */
const contentVector = (alias: SQL) => sql`to_tsvector('english', ${alias}.content)`;

/**
 * The owner's messages, as a filter the planner can combine with the text index (a bitmap AND with
 * the member's or end user's message index) so a search reads only matching rows of theirs.
 */
function messageOwnerScope(owner: SessionOwner, m: SQL): SQL {
  const business = sql`${m}.business_id = ${owner.businessId}`;
  if (owner.kind === "member") return sql`${business} and ${m}.user_id = ${owner.userId}`;
  if (owner.endUserId) return sql`${business} and ${m}.end_user_id = ${owner.endUserId}`;
  return business;
}

function searchFilter(owner: SessionOwner, q: string) {
  const query = sql`websearch_to_tsquery('english', ${q})`;
  const pattern = `%${q.replace(/[!%_]/g, "!$&")}%`;
  const m = sql.raw("m");
  const matching = sql`${m}.role in ${SHOWN_ROLES} and ${contentVector(m)} @@ ${query}`;
  return {
    // Uncorrelated, so it is evaluated once from the text index (not once per session and message).
    where: sql`(${chatSessions.title} ilike ${pattern} escape '!' or ${chatSessions.id} in (
      select m.session_id from chat_messages m where ${messageOwnerScope(owner, m)} and ${matching}))`,
    // Plain text (no markers): the browser renders it as text. Only for the page's rows.
    snippet: sql<SearchSnippet | null>`(
      select json_build_object('role', m.role, 'text', ts_headline('english', m.content, ${query}, 'StartSel="", StopSel="", MaxWords=24, MinWords=10'))
      from chat_messages m
      where m.session_id = ${chatSessions.id} and ${matching}
      order by m.created_at desc, m.id desc limit 1)`,
  };
}

/**
 * The owner's sessions, newest activity first. With `q`, only those whose title contains it or one of
 * whose messages matches it as English full text (stemmed: "desks" finds "desk").
 */
export async function listOwnedSessions(
  db: Database,
  input: { owner: SessionOwner; limit: number; offset: number; q?: string },
): Promise<{ count: number; rows: SessionSearchRow[] }> {
  const search = input.q === undefined ? null : searchFilter(input.owner, input.q);
  const where = and(ownerScope(input.owner), search?.where)!;
  const [total] = await db.select({ value: count() }).from(chatSessions).where(where);
  const rows = await db
    .select({
      ...getTableColumns(chatSessions),
      userIdentifier: endUsers.identifier,
      snippet: search ? search.snippet : sql<SearchSnippet | null>`null`,
    })
    .from(chatSessions)
    .leftJoin(endUsers, eq(endUsers.id, chatSessions.endUserId))
    .where(where)
    .orderBy(desc(chatSessions.lastActivityAt), desc(chatSessions.id))
    .limit(input.limit)
    .offset(input.offset);
  return { count: Number(total?.value ?? 0), rows };
}

/** Messages in a session, every branch included, as its row keeps them (0 for another business's session). */
export async function countSessionMessages(db: Database, input: { sessionId: string; businessId: string }): Promise<number> {
  const [row] = await db
    .select({ value: chatSessions.messageCount })
    .from(chatSessions)
    .where(and(eq(chatSessions.id, input.sessionId), eq(chatSessions.businessId, input.businessId)));
  return row?.value ?? 0;
}

export async function clearSessionMessages(db: Database, input: { sessionId: string; businessId: string }): Promise<number> {
  const rows = await db
    .delete(chatMessages)
    .where(and(eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId)))
    .returning({ id: chatMessages.id });
  return rows.length;
}

// clock_timestamp(), not now(): the user and assistant rows of one turn are written in one
// transaction and must still sort in the order they were written.
//
// Every message follows one: by default the session's active leaf (the end of the branch the
// conversation continues from), or the `parentId` given (an edit's or a regeneration's branch
// point). The new message becomes the active leaf. Callers hold the session's row lock, so two
// messages never take the same leaf.
//
// One statement: the session's update is a CTE of the insert, and both see the session as it was
// before it, so the parent is the previous leaf. `touch` also marks the session active now (and
// retitles it), which a turn does with its last message.
export async function insertMessage(
  db: Database,
  input: Omit<typeof chatMessages.$inferInsert, "createdAt" | "updatedAt">,
  options: { touch?: { title?: string } } = {},
): Promise<ChatMessage> {
  const id = input.id ?? randomUUID();
  const parentId = input.parentId !== undefined ? input.parentId : sql`(select s.active_leaf_id from chat_sessions s where s.id = ${input.sessionId})`;
  const touch = options.touch ? { lastActivityAt: sql`now()`, ...(options.touch.title ? { title: options.touch.title } : {}) } : {};
  const leaf = db
    .$with("leaf")
    .as(db.update(chatSessions).set({ activeLeafId: id, ...touch }).where(eq(chatSessions.id, input.sessionId)).returning({ id: chatSessions.id }));
  const [row] = await db
    .with(leaf)
    .insert(chatMessages)
    .values({ ...input, id, parentId, createdAt: sql`clock_timestamp()`, updatedAt: sql`clock_timestamp()` })
    .returning();
  return row!;
}

/** When a message of the business was written, to the microsecond (see ExactTime); null when there is none. */
export async function getMessageWrittenAt(db: Database, input: { businessId: string; messageId: string }): Promise<ExactTime | null> {
  const [row] = await db
    .select({ writtenAt: sql<string>`to_char(${chatMessages.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(chatMessages)
    .where(and(eq(chatMessages.id, input.messageId), eq(chatMessages.businessId, input.businessId)));
  return row?.writtenAt ?? null;
}

/** One message of the business by id, or null (another business's, or a malformed id). */
export async function getMessageInBusiness(db: Database, input: { businessId: string; messageId: string }): Promise<ChatMessage | null> {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.id, input.messageId), eq(chatMessages.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}

/**
 * Links messages written straight into a business's conversations (the demo data) as one branch
 * each, in the order they were written, and points each session at its last message.
 */
export async function linkMessagesInOrder(db: Database, input: { businessId: string }): Promise<void> {
  await db.execute(sql`
    update chat_messages m set parent_id = p.previous
    from (select id, lag(id) over (partition by session_id order by created_at, id) as previous from chat_messages where business_id = ${input.businessId}) p
    where m.id = p.id and m.parent_id is null and p.previous is not null`);
  await db.execute(sql`
    update chat_sessions s set active_leaf_id = (
      select m.id from chat_messages m where m.session_id = s.id order by m.created_at desc, m.id desc limit 1)
    where s.business_id = ${input.businessId}`);
}

/** Marks a session as having branches and moves its active leaf: the next message continues from `leafId`. */
export async function setActiveLeaf(db: Database, input: { sessionId: string; businessId: string; leafId: string; branched?: boolean }): Promise<void> {
  await db
    .update(chatSessions)
    .set({ activeLeafId: input.leafId, ...(input.branched ? { branched: true } : {}) })
    .where(and(eq(chatSessions.id, input.sessionId), eq(chatSessions.businessId, input.businessId)));
}

/**
 * The newest leaf under a message: from it, the most recent child again and again. Showing a
 * version of a message shows the latest conversation that followed it.
 */
export async function latestLeafUnder(db: Database, input: { sessionId: string; businessId: string; messageId: string }): Promise<string | null> {
  const [row] = await selectRows<{ id: string }>(
    db,
    sql`with recursive descent(id, depth) as (
          select m.id, 0 from chat_messages m
          where m.id = ${input.messageId} and m.session_id = ${input.sessionId} and m.business_id = ${input.businessId}
          union all
          select (select c.id from chat_messages c where c.parent_id = d.id and c.business_id = ${input.businessId} order by c.created_at desc, c.id desc limit 1), d.depth + 1
          from descent d where d.id is not null and d.depth < 100000
        )
        select id from descent where id is not null order by depth desc limit 1`,
  );
  return row?.id ?? null;
}

/** The messages from the root to `leafId`, oldest first: one branch of a conversation. */
export async function listBranchIds(db: Database, input: { sessionId: string; businessId: string; leafId: string }): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`with recursive ascent(id, parent_id, depth) as (
          select m.id, m.parent_id, 0 from chat_messages m
          where m.id = ${input.leafId} and m.session_id = ${input.sessionId} and m.business_id = ${input.businessId}
          union all
          select p.id, p.parent_id, a.depth + 1 from chat_messages p join ascent a on p.id = a.parent_id
          where p.business_id = ${input.businessId} and a.depth < 100000
        )
        select id from ascent order by depth desc`,
  );
  return rows.map((row) => row.id);
}

/** History rows of the given ids, in the order given. */
export async function listHistoryRowsByIds(
  db: Database,
  input: { sessionId: string; businessId: string; viewerId: string | null; ids: string[] },
): Promise<HistoryRow[]> {
  if (!input.ids.length) return [];
  const rows = await historySelect(db, input.viewerId).where(
    and(eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId), inArray(chatMessages.id, input.ids)),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return input.ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/**
 * The versions of each message: its siblings of the same role (answers to the same message, or
 * edits of the same one), oldest first, keyed by message id; only messages with more than one.
 */
export async function listVersions(db: Database, input: { sessionId: string; businessId: string; messageIds: string[] }): Promise<Map<string, string[]>> {
  const versions = new Map<string, string[]>();
  if (!input.messageIds.length) return versions;
  const rows = await selectRows<{ ids: string[] | string }>(
    db,
    sql`select array_agg(s.id order by s.created_at, s.id)::text[] as ids
        from chat_messages m
        join chat_messages s on s.session_id = m.session_id and s.role = m.role
          and s.parent_id is not distinct from m.parent_id
        where m.session_id = ${input.sessionId} and m.business_id = ${input.businessId}
          and m.id in (${sql.join(input.messageIds.map((id) => sql`${id}::uuid`), sql`, `)})
        group by m.id
        having count(*) > 1`,
  );
  for (const row of rows) {
    const ids = Array.isArray(row.ids) ? row.ids : row.ids.replace(/[{}]/g, "").split(",").filter(Boolean);
    for (const id of ids) versions.set(id, ids);
  }
  return versions;
}

/** The turns on the branch ending at `leafId` for the prompt, oldest first (the last `limit`). */
/** What the conversation said, as the assistant reads it back: the owner, the assistant and a person of the team. */
const CONVERSATION_ROLES: ChatMessage["role"][] = ["user", "assistant", "agent"];

export async function listBranchTurns(db: Database, input: { sessionId: string; businessId: string; leafId: string; limit: number }): Promise<ChatMessage[]> {
  const ids = (await listBranchIds(db, input)).slice(-input.limit * 2);
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId), inArray(chatMessages.id, ids), inArray(chatMessages.role, CONVERSATION_ROLES)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])).slice(-input.limit);
}

export async function updateMessage(
  db: Database,
  input: {
    id: string;
    businessId: string;
    values: Partial<Omit<typeof chatMessages.$inferInsert, "id" | "sessionId" | "businessId" | "userId">>;
    /** Only while the answer is still being written: a settled answer is left as it is. */
    onlyStreaming?: boolean;
  },
): Promise<ChatMessage | null> {
  const [row] = await db
    .update(chatMessages)
    .set(input.values)
    .where(
      and(
        eq(chatMessages.id, input.id),
        eq(chatMessages.businessId, input.businessId),
        input.onlyStreaming ? eq(chatMessages.status, "streaming") : undefined,
      ),
    )
    .returning();
  // None when its conversation was cleared or deleted meanwhile (or, `onlyStreaming`, it was settled).
  return row ?? null;
}

/**
 * An answer still being written, settled with `values`, and who answers its conversation now, read by
 * the same statement: a person may have taken the conversation over while the answer was written. Null
 * when the answer is gone (its conversation cleared or deleted) or was settled meanwhile.
 */
export async function settleStreamingMessage(
  db: Database,
  input: { id: string; businessId: string; values: Partial<Omit<typeof chatMessages.$inferInsert, "id" | "sessionId" | "businessId" | "userId">> },
): Promise<{ message: ChatMessage; handler: ChatSession["handler"] } | null> {
  const [row] = await db
    .update(chatMessages)
    .set(input.values)
    .where(and(eq(chatMessages.id, input.id), eq(chatMessages.businessId, input.businessId), eq(chatMessages.status, "streaming")))
    .returning({
      ...getTableColumns(chatMessages),
      sessionHandler: sql<ChatSession["handler"]>`(select ${chatSessions.handler} from ${chatSessions} where ${chatSessions.id} = ${chatMessages.sessionId})`,
    });
  if (!row) return null;
  const { sessionHandler, ...message } = row;
  return { message, handler: sessionHandler };
}

/** A message as the history shows it: with the viewer's own rating and what its turn charged. */
export type HistoryRow = ChatMessage & {
  feedbackRating: "up" | "down" | null;
  feedbackReason: string | null;
  creditsCharged: number | null;
};

/**
 * The credits an answer's turn took, net of a refund; null when no ledger row names the turn (a free
 * message) and for every message but an answer.
 */
const turnCharge = sql<number | null>`case when ${chatMessages.role} = 'assistant' then (
  select (-sum(ct.amount))::int from credit_transactions ct
  where ct.business_id = ${chatMessages.businessId} and ct.kind in ('message', 'refund') and (
    ct.message_id = ${chatMessages.id}
    -- A turn's charge names the message it answers; a regeneration's names the new answer, so
    -- the question's charge belongs to its first answer only.
    or (ct.message_id = ${chatMessages.parentId} and not exists (
      select 1 from chat_messages s where s.parent_id = ${chatMessages.parentId} and s.role = 'assistant'
        and (s.created_at, s.id) < (${chatMessages.createdAt}, ${chatMessages.id})))
  )) end`.mapWith(Number);

function historySelect(db: Database, viewerId: string | Placeholder | null) {
  return db
    .select({
      ...getTableColumns(chatMessages),
      feedbackRating: chatMessageFeedback.rating,
      feedbackReason: chatMessageFeedback.reason,
      creditsCharged: turnCharge,
    })
    .from(chatMessages)
    .leftJoin(
      chatMessageFeedback,
      // One row at most: (message_id, user_id) is unique. Keys and visitors never rate (a null viewer
      // compares to nothing).
      and(eq(chatMessageFeedback.messageId, chatMessages.id), viewerId === null ? sql`false` : eq(chatMessageFeedback.userId, viewerId)),
    );
}

const historyOfSession = and(
  eq(chatMessages.sessionId, sql.placeholder("sessionId")),
  eq(chatMessages.businessId, sql.placeholder("businessId")),
);

const historyPageStatement = preparedStatement("chat_history_page", (db) =>
  historySelect(db, sql.placeholder("viewerId"))
    .where(historyOfSession)
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(sql.placeholder("limit"))
    .offset(sql.placeholder("offset")),
);

/** Page `page` counted from the newest message; rows come back oldest first. `viewerId`: whose ratings to show. */
export async function listMessagesPage(
  db: Database,
  input: { sessionId: string; businessId: string; viewerId: string | null; limit: number; offset: number },
): Promise<HistoryRow[]> {
  const rows = await historyPageStatement(db).execute(input);
  return rows.reverse();
}

// Without the anchor the comparison is null and no row is returned, so only an empty page asks
// whether the anchor exists. The anchor's timestamp is read in SQL so microseconds are not lost in a JS Date.
const historyBeforeStatement = preparedStatement("chat_history_before", (db) =>
  historySelect(db, sql.placeholder("viewerId"))
    .where(
      and(
        historyOfSession,
        sql`(${chatMessages.createdAt}, ${chatMessages.id}) < (select m.created_at, m.id from chat_messages m where m.id = ${sql.placeholder("before")} and m.session_id = ${sql.placeholder("sessionId")} and m.business_id = ${sql.placeholder("businessId")})`,
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(sql.placeholder("limitAndOne")),
);

/**
 * Keyset page: the `limit` messages just before `before` by (created_at, id), oldest first. Null when
 * the anchor is not a message of this session.
 */
export async function listMessagesBefore(
  db: Database,
  input: { sessionId: string; businessId: string; viewerId: string | null; before: string; limit: number },
): Promise<{ rows: HistoryRow[]; hasMore: boolean } | null> {
  const rows = await historyBeforeStatement(db).execute({ ...input, limitAndOne: input.limit + 1 });
  if (rows.length === 0) {
    const [anchor] = await db
      .select({ id: chatMessages.id })
      .from(chatMessages)
      .where(and(eq(chatMessages.id, input.before), eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId)))
      .limit(1);
    if (!anchor) return null;
  }
  const hasMore = rows.length > input.limit;
  return { rows: rows.slice(0, input.limit).reverse(), hasMore };
}

/**
 * The last turns of a session before its message `beforeId` for the prompt, oldest first. Bounded by
 * that message rather than by what is stored now: a message sent to the conversation while this turn
 * reads its history follows the question, and is not part of what the question answers to.
 */
export async function listRecentTurns(
  db: Database,
  input: { sessionId: string; businessId: string; beforeId: string; limit: number },
): Promise<ChatMessage[]> {
  const rows = await db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.sessionId, input.sessionId),
        eq(chatMessages.businessId, input.businessId),
        inArray(chatMessages.role, CONVERSATION_ROLES),
        // Compared in SQL, so the microseconds a JS Date would drop still tell two messages apart.
        sql`(${chatMessages.createdAt}, ${chatMessages.id}) < (select m.created_at, m.id from chat_messages m where m.id = ${input.beforeId} and m.session_id = ${input.sessionId})`,
      ),
    )
    .orderBy(desc(chatMessages.createdAt), desc(chatMessages.id))
    .limit(input.limit);
  return rows.reverse();
}

// ---- end users' conversations: statistics ----------------------------------------------------

const endUserChannels = (businessId: string) => and(eq(chatSessions.businessId, businessId), inArray(chatSessions.channel, ["api", "widget"]));

/** API and widget sessions of the business, and how many had a message since `activeSince`. */
export async function countEndUserSessions(db: Database, input: { businessId: string; activeSince: Date }): Promise<{ total: number; active: number }> {
  const [row] = await db
    .select({
      total: count(),
      active: sql<number>`count(*) filter (where ${chatSessions.lastActivityAt} > ${input.activeSince.toISOString()})`.mapWith(Number),
    })
    .from(chatSessions)
    .where(endUserChannels(input.businessId));
  return { total: Number(row?.total ?? 0), active: row?.active ?? 0 };
}

/** API and widget sessions per end user with an identifier; sessions of anonymous callers under a null identifier. */
export async function countSessionsByEndUser(
  db: Database,
  input: { businessId: string },
): Promise<{ endUserId: string | null; identifier: string | null; sessions: number }[]> {
  const rows = await db
    .select({ endUserId: endUsers.id, identifier: endUsers.identifier, sessions: count() })
    .from(chatSessions)
    .leftJoin(endUsers, eq(endUsers.id, chatSessions.endUserId))
    .where(endUserChannels(input.businessId))
    .groupBy(endUsers.id, endUsers.identifier);
  return rows.map((row) => ({ ...row, sessions: Number(row.sessions) }));
}

/** One message of a session (read receipts name the message they reach). */
export async function getSessionMessage(db: Database, input: { sessionId: string; businessId: string; messageId: string }): Promise<ChatMessage | null> {
  const [row] = await db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.id, input.messageId), eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId)))
    .limit(1);
  return row ?? null;
}

export type ConversationRow = {
  id: string;
  title: string;
  channel: ChatSession["channel"];
  handler: ChatSession["handler"];
  closed: boolean;
  user_id: string | null;
  user_name: string | null;
  end_user_id: string | null;
  end_user_identifier: string | null;
  last_role: ChatMessage["role"] | null;
  last_content: string | null;
  last_at: string | Date | null;
  last_author_name: string | null;
  last_activity_at: string | Date;
  person_requested_at: string | Date | null;
  /** The person of the business who took the conversation over last (still set after they handed it back). */
  agent_id: string | null;
  agent_name: string | null;
  unread: string | number;
  total: string | number;
};

/**
 * The business's conversations for its inbox: those waiting for a person first, then by latest
 * activity; with the person, who of the business took it over, the last message, and the owner's messages no admin has read (none in
 * the reading admin's own conversations: what they wrote themselves is not news to them). `status`
 * "closed" is an end user's conversation past the business's timeout; the others exclude those. `q`
 * is looked for in the messages the conversation shows, as its preview and its thread do: a tool or
 * system row, or an earlier version of an edited or regenerated message, is no hit, as nobody reading
 * the conversation could find the words there.
 */
export async function listBusinessConversations(
  db: Database,
  input: {
    businessId: string;
    readerId: string;
    status?: "assistant" | "needs_person" | "with_person" | "closed";
    personId?: string;
    q?: string;
    limit: number;
    offset: number;
  },
): Promise<{ count: number; rows: ConversationRow[] }> {
  const closed = sql`(s.channel <> 'member' and s.last_activity_at + make_interval(mins => b.session_timeout_minutes) <= now())`;
  const filters: SQL[] = [sql`s.business_id = ${input.businessId}`];
  if (input.status === "closed") filters.push(closed);
  else if (input.status) filters.push(sql`s.handler = ${input.status} and not ${closed}`);
  if (input.personId) filters.push(sql`(s.user_id = ${input.personId} or s.end_user_id = ${input.personId})`);
  if (input.q) {
    const pattern = `%${input.q.replace(/[!%_]/g, "!$&")}%`;
    // In a conversation with versions, only the branch it continues from: the thread shows that one.
    filters.push(sql`exists (select 1 from chat_messages f where f.session_id = s.id and f.role in ${SHOWN_ROLES} and f.content ilike ${pattern} escape '!'
      and (not s.branched or f.id in (with recursive shown(id, parent_id, depth) as (
            select m.id, m.parent_id, 0 from chat_messages m where m.id = s.active_leaf_id and m.business_id = ${input.businessId}
            union all
            select p.id, p.parent_id, a.depth + 1 from chat_messages p join shown a on p.id = a.parent_id
            where p.business_id = ${input.businessId} and a.depth < 100000
          ) select id from shown)))`);
  }
  const rows = await selectRows<ConversationRow>(
    db,
    sql`select s.id, s.title, s.channel, s.handler, ${closed} as closed, s.user_id, u.name as user_name,
        s.end_user_id, e.identifier as end_user_identifier,
        lm.role as last_role, lm.content as last_content, lm.created_at as last_at, lm.author_name as last_author_name,
        s.last_activity_at, s.person_requested_at, s.agent_id, ag.name as agent_name,
        case when s.user_id = ${input.readerId} then 0 else (select count(*) from chat_messages m
          where m.session_id = s.id and m.role = 'user' and m.created_at > coalesce(s.admin_read_at, '-infinity'::timestamptz)) end as unread,
        count(*) over () as total
      from chat_sessions s
      join businesses b on b.id = s.business_id
      left join users u on u.id = s.user_id
      left join end_users e on e.id = s.end_user_id
      left join users ag on ag.id = s.agent_id and ag.business_id = s.business_id
      left join lateral (
        select m.role, left(m.content, 200) as content, m.created_at, m.author_name from chat_messages m
        where m.session_id = s.id and m.role in ${SHOWN_ROLES}
        order by m.created_at desc, m.id desc limit 1
      ) lm on true
      where ${and(...filters)}
      order by (s.handler = 'needs_person' and not ${closed}) desc, s.last_activity_at desc, s.id
      limit ${input.limit} offset ${input.offset}`,
  );
  if (rows.length > 0 || input.offset === 0) return { count: Number(rows[0]?.total ?? 0), rows };
  // A page past the end has no row to carry the window count; the list still says how long it is.
  const [counted] = await selectRows<{ count: string | number }>(
    db,
    sql`select count(*) as count from chat_sessions s join businesses b on b.id = s.business_id where ${and(...filters)}`,
  );
  return { count: Number(counted?.count ?? 0), rows };
}

/** The newest question asked in a conversation (any branch), for a "needs a person" mail. */
export async function lastUserMessage(db: Database, input: { sessionId: string; businessId: string }): Promise<string | null> {
  const [row] = await db
    .select({ content: chatMessages.content })
    .from(chatMessages)
    .where(and(eq(chatMessages.sessionId, input.sessionId), eq(chatMessages.businessId, input.businessId), eq(chatMessages.role, "user")))
    .orderBy(desc(chatMessages.createdAt))
    .limit(1);
  return row?.content ?? null;
}
