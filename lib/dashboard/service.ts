import "server-only";
import { getDb, hasSqlState, transaction } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { assertCan, type Actor } from "@/lib/auth/permissions";
import { dismissFirstRunChecklist as markDismissed } from "@/lib/business/queries";
import { AppError, notFound } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { RequestContext } from "@/lib/request-context";
import { DEFAULT_TIME_ZONE, knownTimeZone } from "@/lib/time-zone";
import {
  selectChannelActivity,
  selectEndUserTotals,
  selectFirstRun,
  selectOldestPending,
  selectSeries,
  selectTopByMentions,
  selectTopByPurchases,
  selectTopEndUsers,
  selectTotals,
  selectUsageByUser,
  type DayWindow,
} from "./queries";
import type { DashboardStats, FirstRunChecklist } from "./types";

const OLDEST_PENDING = 10;
const TOP_PRODUCTS = 5;
const USAGE_ROWS = 50;
const TOP_END_USERS = 10;

/**
 * dashboard:read (admin). The dashboard of the caller's business; `now` fixes the clock. Throws 403.
 * "Messages" are the ones people sent to the assistant; credits spent are message charges net of refunds;
 * windows are days of `timeZone` (the viewer's IANA zone, UTC by default; an unknown one is 400) ending with
 * today (7d and 30d include today); purchases and top products are all-time.
 * Member figures (chat, credits, series, usageByUser) leave out end users, whose activity is `channels` and
 * `endUsers`; tokens, model cost and the assistant's product mentions cover every channel.
 */
export async function getDashboardStats(actor: Actor, input: { now?: Date; timeZone?: string } = {}): Promise<DashboardStats> {
  assertCan(actor, "dashboard:read");
  const now = input.now ?? new Date();
  const timeZone = input.timeZone === undefined ? DEFAULT_TIME_ZONE : knownTimeZone(input.timeZone);
  if (!timeZone) {
    throw new AppError("invalid_request", "Unknown time zone.", { fields: { timeZone: ["Time zone must name a time zone, such as Europe/Berlin."] } });
  }
  try {
    return await statsOf(actor, { now, timeZone });
  } catch (error) {
    // A zone the runtime knows and the database's time zone data does not (newer than its release): UTC
    // days, which the answer names, rather than no dashboard.
    if (timeZone === DEFAULT_TIME_ZONE || !hasSqlState(error, INVALID_PARAMETER_VALUE)) throw error;
    logger().warn({ timeZone }, "the database does not know this time zone; the dashboard counts UTC days");
    return statsOf(actor, { now, timeZone: DEFAULT_TIME_ZONE });
  }
}

// SQLSTATE of `at time zone` with a zone Postgres does not know ("time zone … not recognized").
const INVALID_PARAMETER_VALUE = "22023";

async function statsOf(actor: Actor, window: DayWindow): Promise<DashboardStats> {
  const { now } = window;
  const db = getDb();
  const businessId = actor.businessId;
  const started = performance.now();
  const [totals, pending, series, byPurchases, byMentions, usageByUser, channels, endUserTotals, mostActive, firstRun] = await Promise.all([
    selectTotals(db, { businessId, ...window }),
    selectOldestPending(db, { businessId, limit: OLDEST_PENDING }),
    selectSeries(db, { businessId, ...window }),
    selectTopByPurchases(db, { businessId, limit: TOP_PRODUCTS }),
    selectTopByMentions(db, { businessId, limit: TOP_PRODUCTS }),
    selectUsageByUser(db, { businessId, limit: USAGE_ROWS }),
    selectChannelActivity(db, { businessId, ...window }),
    selectEndUserTotals(db, { businessId, ...window }),
    selectTopEndUsers(db, { businessId, limit: TOP_END_USERS }),
    selectFirstRun(db, { businessId }),
  ]);
  const ms = Math.round((performance.now() - started) * 10) / 10;
  logger().info({ businessId, ms }, "dashboard stats computed");

  return {
    users: totals.users,
    products: { byStatus: totals.products },
    pendingApprovals: pending,
    chat: { conversations: totals.conversations, messages: totals.messages },
    credits: { spent30d: totals.creditsSpent30d },
    tokens: { used30d: totals.tokensUsed30d, costCents30d: totals.costCents30d },
    purchases: { count: totals.purchasesCount, revenue: totals.revenue },
    series,
    topProducts: { byPurchases, byMentions },
    usageByUser,
    channels,
    endUsers: { ...endUserTotals, mostActive },
    firstRun: firstRun ?? { dismissed: true, done: { product: false, teammate: false, assistant: false, botName: false } },
    generatedAt: now.toISOString(),
    timeZone: window.timeZone,
  };
}

/**
 * settings:manage (admin). Hides the dashboard's first-run checklist for the whole business, for good;
 * dismissing it again changes nothing and records nothing. Throws 403, 404 (no such business).
 */
export async function dismissFirstRun(actor: Actor, ctx: RequestContext = {}): Promise<FirstRunChecklist> {
  assertCan(actor, "settings:manage");
  await transaction(async (tx) => {
    if (!(await markDismissed(tx, { businessId: actor.businessId }))) return;
    await recordAudit(tx, { actor, action: "business.first_run_dismiss", entityType: "business", entityId: actor.businessId, requestId: ctx.requestId });
  });
  const checklist = await selectFirstRun(getDb(), { businessId: actor.businessId });
  if (!checklist) throw notFound("Business");
  return checklist;
}
