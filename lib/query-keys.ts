/**
 * The query keys of the data a page may arrive with: shared by the hooks that read it in the tab and by
 * the server components that read it first (lib/pages/prefetch.ts), so both name the same cache entry.
 * Keys that another area's writes invalidate live here too, so a hook can name them without loading
 * that area's hooks (the navigation's business hook would otherwise bring the audit log's download code).
 */

import type { Role } from "@/db/schema";

/** GET /api/auth/me: who is signed in, and their balance. */
export const ME_QUERY_KEY = ["auth", "me"] as const;

export const businessKeys = {
  business: () => ["business"] as const,
  ledgers: () => ["business", "credits"] as const,
  ledger: (userId: string, page: number, pageSize: number) => ["business", "credits", userId, page, pageSize] as const,
  identitySecret: () => ["business", "identity-secret"] as const,
};

export const dashboardKeys = {
  stats: () => ["dashboard", "stats"] as const,
};

export const chatKeys = {
  all: ["chat"] as const,
  sessions: () => ["chat", "sessions"] as const,
  histories: () => ["chat", "history"] as const,
  history: (sessionId: string) => ["chat", "history", sessionId] as const,
  balance: () => ["chat", "balance"] as const,
  profile: () => ["chat", "business"] as const,
  typing: (sessionId: string) => ["chat", "typing", sessionId] as const,
  // Under the session list's key, so whatever refreshes the list (a rename, a delete, a new message) refreshes a search too.
  sessionSearch: (q: string) => ["chat", "sessions", "search", q] as const,
  suggestions: () => ["chat", "suggestions"] as const,
};

/** Conversations per page of the chat's session list. */
export const CHAT_SESSIONS_PAGE_SIZE = 30;

export type AuditFilters = {
  action?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  /** YYYY-MM-DD, inclusive, UTC days. */
  from?: string;
  to?: string;
};

export const auditKeys = {
  all: () => ["audit"] as const,
  list: (filters: AuditFilters, page: number, pageSize: number) => ["audit", "list", filters, page, pageSize] as const,
};

export type UsersFilter = { page: number; pageSize?: number; q?: string; role?: Role; status?: "active" | "inactive" };

/** Every users query lives under ["users"]: one invalidation after a write refreshes every page. */
export const userKeys = {
  all: ["users"] as const,
  list: (filter: UsersFilter) => ["users", "list", filter] as const,
};
