import Link from "next/link";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCount as n } from "@/lib/format";
import { formatMoney, fromCents } from "@/lib/money";
import { timeZoneLabel } from "@/lib/time-zone";

/** `href`: the list behind the figure, where there is one. */
type Kpi = { label: string; value: string; hint: string; href?: string };

/**
 * Model cost arrives in cents with four decimals ("12.3456"); shown in dollars to the cent, rounded
 * half up in whole numbers, so a sum past a float's 15 digits is shown exactly too.
 */
export function formatCents(cents: string): string {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(cents);
  if (!match) return cents;
  const [, whole = "0", places = ""] = match;
  const tenThousandths = BigInt(whole) * 10_000n + BigInt(places.padEnd(4, "0"));
  if (tenThousandths > 0n && tenThousandths < 10_000n) return "< $0.01";
  return formatMoney(fromCents((tenThousandths + 5_000n) / 10_000n));
}

const count = (value: number, singular: string, plural = `${singular}s`) => `${n(value)} ${value === 1 ? singular : plural}`;

export function kpisOf(stats: DashboardStats): Kpi[] {
  return [
    { label: "Users", href: "/users", value: n(stats.users.total), hint: `${n(stats.users.active)} active · ${count(stats.users.byRole.admin, "admin")}, ${count(stats.users.byRole.editor, "editor")}, ${count(stats.users.byRole.approver, "approver")}, ${count(stats.users.byRole.viewer, "viewer")}` },
    { label: "Approved products", href: "/products?status=approved", value: n(stats.products.byStatus.approved), hint: `${count(stats.products.byStatus.draft, "draft")} · ${n(stats.products.byStatus.rejected)} rejected` },
    { label: "Pending approvals", href: "/approvals", value: n(stats.pendingApprovals.count), hint: "waiting for an approver" },
    { label: "Conversations", href: "/inbox", value: n(stats.chat.conversations), hint: "by members, all time" },
    { label: "Messages today", value: n(stats.chat.messages.today), hint: `from members since 00:00 ${timeZoneLabel(stats.timeZone)} · ${n(stats.chat.messages.last7d)} in 7 days · ${n(stats.chat.messages.last30d)} in 30 days` },
    { label: "Credits spent (30 days)", value: n(stats.credits.spent30d), hint: "members' message charges net of refunds" },
    { label: "Tokens used (30 days)", value: n(stats.tokens.used30d), hint: `model cost ${formatCents(stats.tokens.costCents30d)} · every channel` },
    { label: "Purchases", href: "/purchases", value: n(stats.purchases.count), hint: `${formatMoney(stats.purchases.revenue)} revenue, all time` },
  ];
}

export function KpiCards({ stats }: { stats: DashboardStats }) {
  return (
    <section aria-labelledby="kpi-heading">
      <h2 id="kpi-heading" className="sr-only">
        Key figures
      </h2>
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {kpisOf(stats).map((kpi) => (
          <div
            key={kpi.label}
            className="relative rounded-lg border border-border bg-surface p-4 shadow-sm has-[a:hover]:border-indigo-400 has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-indigo-500"
            data-testid="kpi"
          >
            <dt className="text-sm font-medium text-fg-muted">
              {kpi.href ? (
                // The whole card is the link's target; its name is the figure's label.
                <Link href={kpi.href} className="outline-none after:absolute after:inset-0 after:rounded-lg hover:text-fg">
                  {kpi.label}
                </Link>
              ) : (
                kpi.label
              )}
            </dt>
            <dd className="mt-1 text-2xl font-semibold tracking-tight text-fg tabular-nums">{kpi.value}</dd>
            <dd className="mt-1 text-xs text-fg-muted">{kpi.hint}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
