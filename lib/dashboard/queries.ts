import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { selectRows, type Database } from "@/db/client";
import { businesses, CHAT_CHANNELS, type ChatChannel, type ProductStatus, type Role } from "@/db/schema";
import type { FirstRunChecklist } from "./types";

// Counts arrive as number, string or bigint depending on the driver and the type.
// Money is summed in SQL and sent as text: round(x, scale) fixes the places without capping the
// digits, as a cast to numeric(p, s) would (a business's sums are not bounded by one row's type).
const num = (value: unknown): number => Number(value ?? 0);
const iso = (value: unknown): string => new Date(value as string | Date).toISOString();

/** Where the dashboard's days begin and end: an IANA zone both Intl and Postgres know ("Europe/Berlin", "UTC"). */
export type DayWindow = { now: Date; timeZone: string };

/**
 * The day boundaries every window shares, in the viewer's zone, from one instant: today's midnight (t0),
 * the start of the 7- and 30-day windows (today included) and tomorrow's midnight as the exclusive upper
 * bound. Built from dates, not `timestamptz - interval`, so the session's time zone never shifts a day, and
 * a day of a DST change is as long as it is there (23 or 25 hours).
 */
function bounds({ now, timeZone }: DayWindow): SQL {
  return sql`
    select x.d as today,
           (x.d::timestamp at time zone ${timeZone}) as t0,
           ((x.d - 6)::timestamp at time zone ${timeZone}) as t7,
           ((x.d - 29)::timestamp at time zone ${timeZone}) as t30,
           ((x.d + 1)::timestamp at time zone ${timeZone}) as t1
    from (select (${now.toISOString()}::timestamptz at time zone ${timeZone})::date as d) x`;
}

export type Totals = {
  users: { total: number; active: number; byRole: Record<Role, number> };
  products: Record<ProductStatus, number>;
  conversations: number;
  messages: { today: number; last7d: number; last30d: number };
  tokensUsed30d: number;
  costCents30d: string;
  creditsSpent30d: number;
  purchasesCount: number;
  revenue: string;
};

/** Every single-number KPI in one round trip; each CTE is one grouped scan scoped to the business. */
export async function selectTotals(db: Database, input: { businessId: string } & DayWindow): Promise<Totals> {
  const { businessId } = input;
  const [row] = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with b as (${bounds(input)}),
    u as (
      select count(*) as total,
             count(*) filter (where active) as active,
             count(*) filter (where role = 'admin') as admins,
             count(*) filter (where role = 'editor') as editors,
             count(*) filter (where role = 'approver') as approvers,
             count(*) filter (where role = 'viewer') as viewers
      from users where business_id = ${businessId}
    ),
    p as (
      select count(*) filter (where status = 'draft') as draft,
             count(*) filter (where status = 'pending_approval') as pending_approval,
             count(*) filter (where status = 'approved') as approved,
             count(*) filter (where status = 'rejected') as rejected
      from products where business_id = ${businessId}
    ),
    -- Members' conversations and messages; end users' (user_id null) are counted by channel elsewhere.
    s as (select count(*) as conversations from chat_sessions where business_id = ${businessId} and channel = 'member'),
    m as (
      select count(*) filter (where cm.role = 'user' and cm.user_id is not null and cm.created_at >= b.t0) as today,
             count(*) filter (where cm.role = 'user' and cm.user_id is not null and cm.created_at >= b.t7) as last7d,
             count(*) filter (where cm.role = 'user' and cm.user_id is not null) as last30d,
             -- Tokens and model cost are what the business pays the provider, whoever asked.
             coalesce(sum(cm.tokens_used) filter (where cm.role = 'assistant'), 0) as tokens,
             round(coalesce(sum(cm.cost_cents) filter (where cm.role = 'assistant'), 0), 4)::text as cost
      from chat_messages cm, b
      where cm.business_id = ${businessId} and cm.created_at >= b.t30 and cm.created_at < b.t1
    ),
    c as (
      select coalesce(-sum(ct.amount), 0) as spent
      from credit_transactions ct, b
      where ct.business_id = ${businessId} and ct.user_id is not null and ct.kind in ('message', 'refund')
        and ct.created_at >= b.t30 and ct.created_at < b.t1
    ),
    pu as (
      select count(*) as purchases, round(coalesce(sum(total), 0), 2)::text as revenue
      from purchases where business_id = ${businessId}
    )
    select * from u, p, s, m, c, pu`,
  );
  const r = row ?? {};
  return {
    users: {
      total: num(r.total),
      active: num(r.active),
      byRole: { admin: num(r.admins), editor: num(r.editors), approver: num(r.approvers), viewer: num(r.viewers) },
    },
    products: {
      draft: num(r.draft),
      pending_approval: num(r.pending_approval),
      approved: num(r.approved),
      rejected: num(r.rejected),
    },
    conversations: num(r.conversations),
    messages: { today: num(r.today), last7d: num(r.last7d), last30d: num(r.last30d) },
    tokensUsed30d: num(r.tokens),
    costCents30d: String(r.cost ?? "0.0000"),
    creditsSpent30d: num(r.spent),
    purchasesCount: num(r.purchases),
    revenue: String(r.revenue ?? "0.00"),
  };
}

/**
 * What waits for an approver, oldest first, as /approvals lists it: new products and changes to live
 * ones (`kind`), with who made them and the queue's whole length (`total`).
 */
export async function selectOldestPending(db: Database, input: { businessId: string; limit: number }) {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with q as (
      select p.id, p.name, 'product' as kind, p.created_by as by_id, coalesce(p.submitted_at, p.created_at) as submitted_at
      from products p
      where p.business_id = ${input.businessId} and p.status = 'pending_approval'
      union all
      select p.id, p.name, 'change' as kind, coalesce(r.submitted_by, r.created_by) as by_id, coalesce(r.submitted_at, r.created_at) as submitted_at
      from product_revisions r
      join products p on p.id = r.product_id
      where r.business_id = ${input.businessId} and r.status = 'pending_approval'
    )
    select q.id, q.name, q.kind, q.by_id, u.name as by_name, q.submitted_at, count(*) over () as total
    from q
    left join users u on u.id = q.by_id
    order by q.submitted_at, q.id
    limit ${input.limit}`,
  );
  return {
    count: num(rows[0]?.total),
    oldest: rows.map((r) => ({
      id: String(r.id),
      name: String(r.name),
      kind: r.kind === "change" ? ("change" as const) : ("product" as const),
      createdBy: (r.by_id as string | null) ?? null,
      createdByName: (r.by_name as string | null) ?? null,
      submittedAt: iso(r.submitted_at),
    })),
  };
}

/** One row per day (in the viewer's zone) of the 30-day window, oldest first; generate_series supplies the empty days. */
export async function selectSeries(db: Database, input: { businessId: string } & DayWindow) {
  const { businessId } = input;
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with b as (${bounds(input)}),
    days as (select (b.today - g.i) as day from b, generate_series(0, 29) as g(i)),
    m as (
      select (cm.created_at at time zone ${input.timeZone})::date as day, count(*) as n
      from chat_messages cm, b
      where cm.business_id = ${businessId} and cm.role = 'user' and cm.user_id is not null
        and cm.created_at >= b.t30 and cm.created_at < b.t1
      group by 1
    ),
    c as (
      select (ct.created_at at time zone ${input.timeZone})::date as day, -sum(ct.amount) as n
      from credit_transactions ct, b
      where ct.business_id = ${businessId} and ct.user_id is not null and ct.kind in ('message', 'refund')
        and ct.created_at >= b.t30 and ct.created_at < b.t1
      group by 1
    ),
    pu as (
      select (pu.created_at at time zone ${input.timeZone})::date as day, count(*) as n, sum(pu.total) as revenue
      from purchases pu, b
      where pu.business_id = ${businessId} and pu.created_at >= b.t30 and pu.created_at < b.t1
      group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as date,
           coalesce(m.n, 0) as messages,
           coalesce(c.n, 0) as credits,
           coalesce(pu.n, 0) as purchases,
           round(coalesce(pu.revenue, 0), 2)::text as revenue
    from days
    left join m on m.day = days.day
    left join c on c.day = days.day
    left join pu on pu.day = days.day
    order by days.day`,
  );
  return rows.map((r) => ({
    date: String(r.date),
    messages: num(r.messages),
    credits: num(r.credits),
    purchases: num(r.purchases),
    revenue: String(r.revenue),
  }));
}

export async function selectTopByPurchases(db: Database, input: { businessId: string; limit: number }) {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    select pu.product_id,
           coalesce(max(p.name), max(pu.product_name)) as name,
           count(*) as purchases,
           sum(pu.quantity) as quantity,
           round(sum(pu.total), 2)::text as revenue
    from purchases pu
    left join products p on p.id = pu.product_id and p.business_id = pu.business_id
    where pu.business_id = ${input.businessId}
    -- A deleted product's purchases keep their snapshot name and are grouped by it.
    group by pu.product_id, case when pu.product_id is null then pu.product_name end
    order by count(*) desc, sum(pu.total) desc, 2
    limit ${input.limit}`,
  );
  return rows.map((r) => ({
    productId: (r.product_id as string | null) ?? null,
    name: String(r.name),
    purchases: num(r.purchases),
    quantity: num(r.quantity),
    revenue: String(r.revenue),
  }));
}

/**
 * Products the assistant showed as cards, counted once per assistant message that showed them. A product
 * deleted since keeps the name its cards showed, without an id (there is no page left to link to).
 */
export async function selectTopByMentions(db: Database, input: { businessId: string; limit: number }) {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    select card.value ->> 'id' as card_id,
           max(p.id::text) as product_id,
           coalesce(max(p.name), max(card.value ->> 'name')) as name,
           count(distinct cm.id) as mentions
    from chat_messages cm
    cross join lateral jsonb_array_elements(
      case when jsonb_typeof(cm.product_cards) = 'array' then cm.product_cards else '[]'::jsonb end
    ) as card(value)
    left join products p on p.id::text = card.value ->> 'id' and p.business_id = cm.business_id
    where cm.business_id = ${input.businessId} and cm.role = 'assistant' and card.value ->> 'id' is not null
    group by 1
    order by count(distinct cm.id) desc, 3, 1
    limit ${input.limit}`,
  );
  return rows.map((r) => ({ productId: (r.product_id as string | null) ?? null, name: String(r.name ?? ""), mentions: num(r.mentions) }));
}

/** Per-member totals over all time, most active first; every user of the business appears, idle ones with zeros. */
export async function selectUsageByUser(db: Database, input: { businessId: string; limit: number }) {
  const { businessId } = input;
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with s as (
      select user_id, count(*) as n from chat_sessions
      where business_id = ${businessId} and user_id is not null group by user_id
    ),
    m as (
      select user_id, count(*) as n from chat_messages
      where business_id = ${businessId} and role = 'user' and user_id is not null group by user_id
    ),
    c as (
      select user_id, -sum(amount) as n from credit_transactions
      where business_id = ${businessId} and user_id is not null and kind in ('message', 'refund') group by user_id
    ),
    pu as (select user_id, count(*) as n from purchases where business_id = ${businessId} group by user_id)
    select u.id, u.name, u.role, u.active, u.credits as balance,
           coalesce(s.n, 0) as sessions, coalesce(m.n, 0) as messages, coalesce(c.n, 0) as credits, coalesce(pu.n, 0) as purchases
    from users u
    left join s on s.user_id = u.id
    left join m on m.user_id = u.id
    left join c on c.user_id = u.id
    left join pu on pu.user_id = u.id
    where u.business_id = ${businessId}
    order by coalesce(m.n, 0) desc, coalesce(pu.n, 0) desc, coalesce(s.n, 0) desc, u.name, u.id
    limit ${input.limit}`,
  );
  return rows.map((r) => ({
    userId: String(r.id),
    name: String(r.name),
    role: r.role as Role,
    active: Boolean(r.active),
    balance: num(r.balance),
    sessions: num(r.sessions),
    messages: num(r.messages),
    credits: num(r.credits),
    purchases: num(r.purchases),
  }));
}

export type ChannelActivity = Record<
  ChatChannel,
  { sessions: { last7d: number; last30d: number }; messages: { last7d: number; last30d: number } }
>;

/**
 * Conversations started and messages sent (role user) in the 7- and 30-day windows, by the channel of
 * their conversation; every channel appears, an idle one with zeros.
 */
export async function selectChannelActivity(db: Database, input: { businessId: string } & DayWindow): Promise<ChannelActivity> {
  const { businessId } = input;
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with b as (${bounds(input)}),
    s as (
      select cs.channel, count(*) filter (where cs.created_at >= b.t7) as s7, count(*) as s30
      from chat_sessions cs, b
      where cs.business_id = ${businessId} and cs.created_at >= b.t30 and cs.created_at < b.t1
      group by cs.channel
    ),
    m as (
      select cs.channel, count(*) filter (where cm.created_at >= b.t7) as m7, count(*) as m30
      from chat_messages cm
      join chat_sessions cs on cs.id = cm.session_id and cs.business_id = cm.business_id
      cross join b
      where cm.business_id = ${businessId} and cm.role = 'user' and cm.created_at >= b.t30 and cm.created_at < b.t1
      group by cs.channel
    )
    select coalesce(s.channel, m.channel)::text as channel,
           coalesce(s.s7, 0) as s7, coalesce(s.s30, 0) as s30, coalesce(m.m7, 0) as m7, coalesce(m.m30, 0) as m30
    from s full join m on m.channel = s.channel`,
  );
  const found = new Map(rows.map((r) => [String(r.channel), r]));
  return Object.fromEntries(
    CHAT_CHANNELS.map((channel) => {
      const r = found.get(channel) ?? {};
      return [
        channel,
        { sessions: { last7d: num(r.s7), last30d: num(r.s30) }, messages: { last7d: num(r.m7), last30d: num(r.m30) } },
      ];
    }),
  ) as ChannelActivity;
}

export type EndUserTotals = {
  total: number;
  verified: number;
  active: { last7d: number; last30d: number };
  creditsSpent30d: number;
};

/**
 * The business's end users: how many it has met (verified or not), how many sent a message in each window,
 * and what their messages cost the wallet in 30 days (charges net of refunds).
 */
export async function selectEndUserTotals(db: Database, input: { businessId: string } & DayWindow): Promise<EndUserTotals> {
  const { businessId } = input;
  const [row] = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with b as (${bounds(input)}),
    e as (
      select count(*) as total, count(*) filter (where verified) as verified
      from end_users where business_id = ${businessId}
    ),
    a as (
      select count(distinct coalesce(cm.end_user_id, cs.end_user_id)) filter (where cm.created_at >= b.t7) as active7d,
             count(distinct coalesce(cm.end_user_id, cs.end_user_id)) as active30d
      from chat_messages cm
      join chat_sessions cs on cs.id = cm.session_id and cs.business_id = cm.business_id
      cross join b
      where cm.business_id = ${businessId} and cm.role = 'user' and cm.user_id is null
        and cm.created_at >= b.t30 and cm.created_at < b.t1
    ),
    c as (
      select coalesce(-sum(ct.amount), 0) as spent
      from credit_transactions ct, b
      where ct.business_id = ${businessId} and ct.user_id is null and ct.kind in ('message', 'refund')
        and ct.created_at >= b.t30 and ct.created_at < b.t1
    )
    select * from e, a, c`,
  );
  const r = row ?? {};
  return {
    total: num(r.total),
    verified: num(r.verified),
    active: { last7d: num(r.active7d), last30d: num(r.active30d) },
    creditsSpent30d: num(r.spent),
  };
}

/** End users by all-time messages, then conversations, then the most recently seen; idle ones last, with zeros. */
export async function selectTopEndUsers(db: Database, input: { businessId: string; limit: number }) {
  const { businessId } = input;
  const rows = await selectRows<Record<string, unknown>>(
    db,
    sql`
    with s as (
      select end_user_id, count(*) as n from chat_sessions
      where business_id = ${businessId} and end_user_id is not null group by end_user_id
    ),
    m as (
      select coalesce(cm.end_user_id, cs.end_user_id) as end_user_id, count(*) as n
      from chat_messages cm
      join chat_sessions cs on cs.id = cm.session_id and cs.business_id = cm.business_id
      where cm.business_id = ${businessId} and cm.role = 'user' and cm.user_id is null
      group by 1
    )
    select e.id, e.identifier, e.verified, e.last_seen_at, coalesce(s.n, 0) as sessions, coalesce(m.n, 0) as messages
    from end_users e
    left join s on s.end_user_id = e.id
    left join m on m.end_user_id = e.id
    where e.business_id = ${businessId}
    order by coalesce(m.n, 0) desc, coalesce(s.n, 0) desc, e.last_seen_at desc, e.id
    limit ${input.limit}`,
  );
  // An anonymous visitor's browser key is never sent: the identifier is null for them.
  return rows.map((r) => ({
    endUserId: String(r.id),
    identifier: (r.identifier as string | null) ?? null,
    verified: Boolean(r.verified),
    sessions: num(r.sessions),
    messages: num(r.messages),
    lastSeenAt: iso(r.last_seen_at),
  }));
}

// The assistant name every business starts with (the column's default): any other was chosen.
const DEFAULT_BOT_NAME = String(businesses.botName.default);

/** The first-run checklist's steps, each an indexed existence check within the business; null without the business. */
export async function selectFirstRun(db: Database, input: { businessId: string }): Promise<FirstRunChecklist | null> {
  const [row] = await selectRows<Record<string, unknown>>(
    db,
    sql`
    select b.first_run_checklist_dismissed_at is not null as dismissed,
           exists (select 1 from products p where p.business_id = b.id) as product,
           (exists (select 1 from invites i where i.business_id = b.id)
             or (select count(*) from (select 1 from users u where u.business_id = b.id limit 2) m) > 1) as teammate,
           exists (select 1 from chat_sessions s where s.business_id = b.id) as assistant,
           b.bot_name <> ${DEFAULT_BOT_NAME} as bot_named
    from businesses b
    where b.id = ${input.businessId}`,
  );
  if (!row) return null;
  return {
    dismissed: Boolean(row.dismissed),
    done: { product: Boolean(row.product), teammate: Boolean(row.teammate), assistant: Boolean(row.assistant), botName: Boolean(row.bot_named) },
  };
}
