/**
 * The query keys of the data a page may arrive with: shared by the hooks that read it in the tab and by
 * the server components that read it first (lib/pages/prefetch.ts), so both name the same cache entry.
 * Keys that another area's writes invalidate live here too, so a hook can name them without loading
 * that area's hooks (the navigation's business hook would otherwise bring the audit log's download code).
 */

import type { ProductStatus, Role } from "@/db/schema";
import type { FeedbackRating, SessionStatus } from "@/lib/chat/vocabulary";
import type { ProductListSort } from "@/lib/products/vocabulary";

/** GET /api/auth/me: who is signed in, and their balance. */
export const ME_QUERY_KEY = ["auth", "me"] as const;

export const businessKeys = {
  business: () => ["business"] as const,
  ledgers: () => ["business", "credits"] as const,
  ledger: (userId: string, page: number, pageSize: number) => ["business", "credits", userId, page, pageSize] as const,
  identitySecret: () => ["business", "identity-secret"] as const,
};

export const dashboardKeys = {
  /** Without a zone: every zone's figures (what invalidations name); with one, the figures of that zone's days. */
  stats: (timeZone?: string) => (timeZone ? (["dashboard", "stats", timeZone] as const) : (["dashboard", "stats"] as const)),
};

export const chatKeys = {
  all: ["chat"] as const,
  sessions: () => ["chat", "sessions"] as const,
  // Under the list's key too: a conversation open on the screen that the loaded list does not hold (an
  // older one, opened by a link or from a search) is read on its own, and refreshed with the list.
  openSessions: () => ["chat", "sessions", "open"] as const,
  openSession: (sessionId: string) => ["chat", "sessions", "open", sessionId] as const,
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
/** A conversation's history page (newest first, then older by keyset): the chat asks for it, and a stored conversation's page arrives with it. */
export const CHAT_HISTORY_PAGE_SIZE = 50;

export type AuditFilters = {
  action?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  /** YYYY-MM-DD, inclusive: days of `timeZone`. */
  from?: string;
  to?: string;
  /** The viewer's zone, sent with a day filter (components/audit/list-params.ts `withDayZone`). */
  timeZone?: string;
};

/** Every wallet query lives under ["wallet"]: one invalidation after a change refreshes every page. */
export const walletKeys = {
  all: ["wallet"] as const,
  page: (page: number, pageSize: number) => ["wallet", page, pageSize] as const,
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

/** Rows per page of /users' list. */
export const USERS_PAGE_SIZE = 20;

export const inviteKeys = {
  all: ["invites"] as const,
  list: (page: number) => ["invites", "list", page] as const,
};

export type InboxFilter = { status?: SessionStatus; userId?: string; q?: string; page: number; pageSize: number };

/** Everything under ["inbox"]; the lists (and the waiting count) under ["inbox", "list"], refreshed together. */
export const inboxKeys = {
  all: ["inbox"] as const,
  lists: () => ["inbox", "list"] as const,
  list: (filter: InboxFilter) => ["inbox", "list", filter] as const,
  waiting: () => ["inbox", "list", "waiting"] as const,
  conversation: (sessionId: string) => ["inbox", "conversation", sessionId] as const,
  typing: (sessionId: string) => ["inbox", "typing", sessionId] as const,
};

export type InternalProductFilter = {
  q?: string;
  status?: ProductStatus;
  createdBy?: string;
  category?: string;
  sort?: ProductListSort;
  page: number;
  pageSize?: number;
};

/** Every product query lives under ["products"]: one invalidation after a write refreshes lists, details and history. */
export const productKeys = {
  all: ["products"] as const,
  internal: (filter: InternalProductFilter) => ["products", "internal", filter] as const,
  detail: (id: string) => ["products", "detail", id] as const,
  history: (id: string) => ["products", "history", id] as const,
  reviews: (page: number, pageSize: number, order: ReviewOrder = "oldest") => ["products", "reviews", page, pageSize, order] as const,
};

/** Rows per page of /products' list. */
export const PRODUCTS_PAGE_SIZE = 20;

/** Rows per page of /approvals' review queue. */
export const REVIEWS_PAGE_SIZE = 20;

/** Which end of the review queue comes first. */
export type ReviewOrder = "oldest" | "newest";

export type FeedbackFilter = { rating?: FeedbackRating; page: number; pageSize: number };

export const feedbackKeys = {
  all: ["feedback"] as const,
  list: (filter: FeedbackFilter) => ["feedback", "list", filter] as const,
  unanswered: (page: number, pageSize: number) => ["feedback", "unanswered", page, pageSize] as const,
};

/** Rows per page of /feedback's rated answers and of its unanswered questions. */
export const FEEDBACK_PAGE_SIZE = 20;
export const UNANSWERED_PAGE_SIZE = 25;

/** Everything purchase-related lives under ["purchases"], so one invalidation refreshes every list (chat tab included). */
export const purchaseQueryKeys = {
  all: ["purchases"] as const,
  list: (filter: PurchaseListFilter) => ["purchases", "list", filter] as const,
};

export type PurchaseListFilter = { page: number; pageSize: number; userId?: string };
