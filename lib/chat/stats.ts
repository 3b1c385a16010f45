import "server-only";
import { getDb } from "@/db/client";
import { chatSettingsOf } from "@/lib/business/chat-settings";
import { notFound } from "@/lib/errors";
import { countEndUserSessions, countSessionsByEndUser } from "./queries";

/**
 * The business's API and widget conversations: all of them, and those still open (a message within
 * the business's session timeout).
 */
export async function getChatStatsSummary(input: { businessId: string }) {
  const settings = await chatSettingsOf(input.businessId);
  if (!settings) throw notFound("Business");
  const now = new Date();
  const activeSince = new Date(now.getTime() - settings.sessionTimeoutMinutes * 60_000);
  const { total, active } = await countEndUserSessions(getDb(), { businessId: input.businessId, activeSince });
  return { totalSessions: total, recentlyActive: active, timestamp: now.toISOString() };
}

/**
 * Sessions per end-user identifier. An identifier known both verified and unverified is two end users
 * (never merged), so its count here is the sum of both and `uniqueUsers` counts them apart.
 */
export async function getChatStatsByUser(input: { businessId: string }) {
  const rows = await countSessionsByEndUser(getDb(), { businessId: input.businessId });
  // A Map: an identifier is any text a visitor chose, "constructor" and "__proto__" included.
  const userStats = new Map<string, number>();
  let sessionsWithUser = 0;
  let sessionsWithoutUser = 0;
  let uniqueUsers = 0;
  for (const row of rows) {
    if (row.identifier === null) {
      sessionsWithoutUser += row.sessions;
      continue;
    }
    userStats.set(row.identifier, (userStats.get(row.identifier) ?? 0) + row.sessions);
    sessionsWithUser += row.sessions;
    uniqueUsers += 1;
  }
  return { userStats: Object.fromEntries(userStats) as Record<string, number>, summary: { totalSessions: sessionsWithUser + sessionsWithoutUser, sessionsWithUser, sessionsWithoutUser, uniqueUsers } };
}
