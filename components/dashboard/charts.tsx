"use client";

import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import { productStatusLabels } from "@/components/ui/status-badge";
import type { ProductStatus } from "@/db/schema";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCount, formatUtcDay } from "@/lib/format";
import { timeZoneLabel } from "@/lib/time-zone";

type Series = DashboardStats["series"];

// No animations anywhere: the numbers are the point, and reduced-motion users and screenshots see the final state.
// CSS variables keep the charts legible in both colour schemes (globals.css flips them).
const AXIS = { fill: "var(--fg-muted)", fontSize: 12 };
const GRID = "var(--border)";
const TOOLTIP = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--fg)" },
  labelStyle: { color: "var(--fg)", fontWeight: 600 },
  itemStyle: { color: "var(--fg)" },
  cursor: { fill: "var(--surface-muted)" },
};
// Series colours are theme tokens too, each with 3:1 on the card in both schemes.
const COLORS = { messages: "var(--chart-1)", credits: "var(--chart-2)", purchases: "var(--chart-3)", revenue: "var(--chart-4)" };
const STATUS_COLORS: Record<ProductStatus, string> = {
  draft: "var(--chart-muted)",
  pending_approval: "var(--chart-4)",
  approved: "var(--chart-3)",
  rejected: "var(--chart-danger)",
};

function ChartCard({
  title,
  description,
  empty,
  emptyText,
  testId,
  children,
}: {
  title: string;
  description: string;
  empty: boolean;
  emptyText: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h3">{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {empty ? (
          <EmptyState headingLevel={4} title="No data yet" description={emptyText} className="h-56 py-6" />
        ) : (
          <figure className="h-56" data-testid={testId} aria-label={`${title}: ${description}`} role="img">
            {children}
          </figure>
        )}
      </CardContent>
    </Card>
  );
}

export function MessagesChart({ series, timeZone }: { series: Series; timeZone: string }) {
  const total = series.reduce((sum, day) => sum + day.messages, 0);
  return (
    <ChartCard
      title="Messages per day"
      description={`${formatCount(total)} messages sent to the assistant in the last 30 days (${timeZoneLabel(timeZone)})`}
      empty={total === 0}
      emptyText="No one has asked the assistant anything in the last 30 days."
      testId="chart-messages"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatUtcDay} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
          <Tooltip {...TOOLTIP} />
          <Bar isAnimationActive={false} dataKey="messages" name="Messages" fill={COLORS.messages} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function CreditsChart({ series, timeZone }: { series: Series; timeZone: string }) {
  const total = series.reduce((sum, day) => sum + day.credits, 0);
  return (
    <ChartCard
      title="Credits used per day"
      description={`${formatCount(total)} credits spent on messages (net of refunds) in the last 30 days (${timeZoneLabel(timeZone)})`}
      empty={total === 0}
      emptyText="No credits were spent in the last 30 days."
      testId="chart-credits"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatUtcDay} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={16} />
          <YAxis allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
          <Tooltip {...TOOLTIP} />
          <Bar isAnimationActive={false} dataKey="credits" name="Credits" fill={COLORS.credits} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function PurchasesChart({ series, timeZone }: { series: Series; timeZone: string }) {
  const count = series.reduce((sum, day) => sum + day.purchases, 0);
  // Revenue is a decimal string; the chart needs numbers and only draws them.
  const data = series.map((day) => ({ ...day, revenueValue: Number(day.revenue) }));
  return (
    <ChartCard
      title="Purchases and revenue per day"
      description={`${formatCount(count)} purchases in the last 30 days (${timeZoneLabel(timeZone)})`}
      empty={count === 0}
      emptyText="No purchases in the last 30 days."
      testId="chart-purchases"
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey="date" tickFormatter={formatUtcDay} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} minTickGap={16} />
          <YAxis yAxisId="count" allowDecimals={false} tick={AXIS} tickLine={false} axisLine={false} />
          <YAxis yAxisId="revenue" orientation="right" tick={AXIS} tickLine={false} axisLine={false} tickFormatter={(v: number) => `$${v}`} />
          <Tooltip
            {...TOOLTIP}
            formatter={(value, name) => (name === "Revenue" ? [`$${Number(value).toFixed(2)}`, name] : [value, name])}
          />
          <Bar isAnimationActive={false} yAxisId="count" dataKey="purchases" name="Purchases" fill={COLORS.purchases} radius={[3, 3, 0, 0]} />
          <Line isAnimationActive={false} yAxisId="revenue" type="linear" dataKey="revenueValue" name="Revenue" stroke={COLORS.revenue} strokeWidth={2} dot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}

export function ProductsByStatusChart({ byStatus }: { byStatus: DashboardStats["products"]["byStatus"] }) {
  const data = (Object.keys(productStatusLabels) as ProductStatus[]).map((status) => ({
    status,
    label: productStatusLabels[status],
    count: byStatus[status],
  }));
  const total = data.reduce((sum, row) => sum + row.count, 0);
  return (
    <ChartCard
      title="Products by status"
      description={data.map((row) => `${row.label}: ${row.count}`).join(", ")}
      empty={total === 0}
      emptyText="The catalog is empty."
      testId="chart-products"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 24 }}>
          <CartesianGrid stroke={GRID} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={AXIS} tickLine={false} axisLine={{ stroke: GRID }} />
          <YAxis type="category" dataKey="label" tick={AXIS} tickLine={false} axisLine={false} width={110} />
          <Tooltip {...TOOLTIP} />
          <Bar isAnimationActive={false} dataKey="count" name="Products" radius={[0, 3, 3, 0]}>
            {data.map((row) => (
              <Cell key={row.status} fill={STATUS_COLORS[row.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
