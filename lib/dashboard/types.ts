import type { ProductStatus, Role } from "@/db/schema";

/** GET /api/dashboard/stats (docs/api.md). Counts are integers; money and model cost are decimal strings. */
export type DashboardStats = {
  users: { total: number; active: number; byRole: Record<Role, number> };
  products: { byStatus: Record<ProductStatus, number> };
  pendingApprovals: {
    count: number;
    oldest: { id: string; name: string; createdBy: string | null; createdByName: string | null; submittedAt: string }[];
  };
  chat: { conversations: number; messages: { today: number; last7d: number; last30d: number } };
  credits: { spent30d: number };
  tokens: { used30d: number; costCents30d: string };
  purchases: { count: number; revenue: string };
  /** The last 30 UTC days, oldest first, today included; days without activity are zeros. */
  series: { date: string; messages: number; credits: number; purchases: number; revenue: string }[];
  topProducts: {
    byPurchases: { productId: string | null; name: string; purchases: number; quantity: number; revenue: string }[];
    byMentions: { productId: string; name: string; mentions: number }[];
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
  generatedAt: string;
};
