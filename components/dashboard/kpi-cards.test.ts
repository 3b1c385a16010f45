import { describe, expect, it } from "vitest";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCents, kpisOf } from "./kpi-cards";

describe("the model cost on the dashboard", () => {
  it("is shown in dollars to the cent, exactly at any size", () => {
    expect(formatCents("0.0000")).toBe("$0.00");
    expect(formatCents("0.4999")).toBe("< $0.01");
    expect(formatCents("1")).toBe("$0.01");
    expect(formatCents("12.3456")).toBe("$0.12");
    // A float makes 1.505 a little less and shows $1.50.
    expect(formatCents("150.5")).toBe("$1.51");
    expect(formatCents("123456789.4999")).toBe("$1,234,567.89");
    expect(formatCents("1234567890123456.4999")).toBe("$12,345,678,901,234.56");
    // Past a float's digits: one would show $90,071,992,547,409.92.
    expect(formatCents("9007199254740993.0000")).toBe("$90,071,992,547,409.93");
    expect(formatCents("not a number")).toBe("not a number");
  });
});

describe("the windows the key figures count in", () => {
  it("say that today starts at midnight of the zone whose days were counted, as the days of the charts do", () => {
    const stats = {
      users: { total: 1, active: 1, byRole: { admin: 1, editor: 0, approver: 0, viewer: 0 } },
      products: { byStatus: { draft: 0, pending_approval: 0, approved: 0, rejected: 0 } },
      pendingApprovals: { count: 0, oldest: [] },
      chat: { conversations: 1, messages: { today: 2, last7d: 3, last30d: 4 } },
      credits: { spent30d: 0 },
      tokens: { used30d: 0, costCents30d: "0.0000" },
      purchases: { count: 0, revenue: "0.00" },
      timeZone: "UTC",
    } as unknown as DashboardStats;
    const today = kpisOf(stats).find((kpi) => kpi.label === "Messages today");
    expect(today).toMatchObject({ value: "2", hint: expect.stringContaining("since 00:00 UTC") });
    const inNewYork = kpisOf({ ...stats, timeZone: "America/New_York" }).find((kpi) => kpi.label === "Messages today");
    expect(inNewYork).toMatchObject({ hint: expect.stringContaining("since 00:00 America/New York") });
  });
});
