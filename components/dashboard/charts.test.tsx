import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { CreditsChart, MessagesChart, PurchasesChart } from "./charts";

const series: DashboardStats["series"] = [
  { date: "2026-01-01", messages: 0, credits: 0, purchases: 0, revenue: "0.00" },
  { date: "2026-01-02", messages: 3, credits: 300, purchases: 1, revenue: "12.50" },
];

describe("the daily charts", () => {
  it("each say whose days they count, as their axis and the daily figures count them", () => {
    for (const timeZone of ["UTC", "America/New_York"]) {
      const charts = [MessagesChart, CreditsChart, PurchasesChart].map((Chart) => <Chart key={Chart.name} series={series} timeZone={timeZone} />);
      for (const chart of charts) {
        const label = /<figure[^>]*aria-label="([^"]*)"/.exec(renderToStaticMarkup(chart))?.[1];
        expect(label).toMatch(timeZone === "UTC" ? /in the last 30 days \(UTC\)$/ : /in the last 30 days \(America\/New York\)$/);
      }
    }
  });
});
