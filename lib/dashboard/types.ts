import type { ChatChannel, ProductStatus, Role } from "@/db/schema";

/** A new business's first steps, in the order the dashboard lists them. */
export const FIRST_RUN_STEPS = ["product", "teammate", "assistant", "botName"] as const;
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number];

/**
 * The dashboard's first-run checklist, each step read from the business's own data: a product (any
 * status), a teammate (an invite ever created, or a second member), a conversation with the assistant
 * (any channel), an assistant name other than the one every business starts with.
 */
export type FirstRunChecklist = { dismissed: boolean; done: Record<FirstRunStep, boolean> };

/** GET /api/dashboard/stats (docs/api.md). Counts are integers; money and model cost are decimal strings. */
export type DashboardStats = {
  users: { total: number; active: number; byRole: Record<Role, number> };
  products: { byStatus: Record<ProductStatus, number> };
  /** What /approvals lists: new products waiting, and changes to live ones (`kind: "change"`, the live product's id and name). */
  pendingApprovals: {
    count: number;
    oldest: { id: string; name: string; kind: "product" | "change"; createdBy: string | null; createdByName: string | null; submittedAt: string }[];
  };
  /** Members' conversations (all time) and the messages they sent; end users' are in `channels` and `endUsers`. */
  chat: { conversations: number; messages: { today: number; last7d: number; last30d: number } };
  /** Members' balances spent on messages in 30 days, net of refunds (the wallet's spend is `endUsers.creditsSpent30d`). */
  credits: { spent30d: number };
  /** Every channel's assistant answers: what the business pays the model provider. */
  tokens: { used30d: number; costCents30d: string };
  purchases: { count: number; revenue: string };
  /** The last 30 days of `timeZone`, oldest first, today included; days without activity are zeros. */
  series: { date: string; messages: number; credits: number; purchases: number; revenue: string }[];
  topProducts: {
    /** `productId` is null for a product deleted since, named as it was bought. */
    byPurchases: { productId: string | null; name: string; purchases: number; quantity: number; revenue: string }[];
    /** `productId` is null for a product deleted since, named as the assistant's cards showed it. */
    byMentions: { productId: string | null; name: string; mentions: number }[];
  };
  usageByUser: {
    userId: string;
    name: string;
    role: Role;
    active: boolean;
    balance: number;
    sessions: number;
    messages: number;
    credits: number;
    purchases: number;
  }[];
  /**
   * Conversations started and messages sent in the last 7 and 30 days (of `timeZone`) by channel: members in the app,
   * end users through a secret API key, visitors through the widget.
   */
  channels: Record<ChatChannel, { sessions: { last7d: number; last30d: number }; messages: { last7d: number; last30d: number } }>;
  /** The people the API and the widget speak for (never members). */
  endUsers: {
    total: number;
    verified: number;
    /** End users who sent at least one message in the window. */
    active: { last7d: number; last30d: number };
    /** What their messages took from the business wallet in 30 days, net of refunds. */
    creditsSpent30d: number;
    /** Most messages first (all time); `identifier` is null for an anonymous visitor. */
    mostActive: {
      endUserId: string;
      identifier: string | null;
      verified: boolean;
      sessions: number;
      messages: number;
      lastSeenAt: string;
    }[];
  };
  firstRun: FirstRunChecklist;
  generatedAt: string;
  /** The zone whose days the windows and the series count (the one asked for, or UTC). */
  timeZone: string;
};
