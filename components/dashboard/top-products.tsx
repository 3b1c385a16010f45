import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatMoney } from "@/lib/money";

function ProductLink({ id, name }: { id: string | null; name: string }) {
  if (!id) return <span className="font-medium">{name} <span className="text-xs text-fg-muted">(deleted)</span></span>;
  return (
    <Link href={`/products/${id}`} className="focus-ring rounded font-medium text-accent-fg hover:underline">
      {name}
    </Link>
  );
}

export function TopProducts({ top }: { top: DashboardStats["topProducts"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h3">Top products</CardTitle>
        <CardDescription>What people buy, and what the assistant recommends (all time)</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 sm:grid-cols-2">
        <section aria-labelledby="top-purchased">
          <h4 id="top-purchased" className="mb-2 text-sm font-semibold text-fg">
            Most purchased
          </h4>
          {top.byPurchases.length === 0 ? (
            <EmptyState headingLevel={4} title="No purchases yet" className="py-6" />
          ) : (
            <ol className="space-y-2 text-sm">
              {top.byPurchases.map((row) => (
                <li key={row.productId ?? `deleted:${row.name}`} className="flex items-baseline justify-between gap-3">
                  <ProductLink id={row.productId} name={row.name} />
                  <span className="shrink-0 text-fg-muted tabular-nums">
                    {row.purchases} purchase{row.purchases === 1 ? "" : "s"} · {formatMoney(row.revenue)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="top-mentioned">
          <h4 id="top-mentioned" className="mb-2 text-sm font-semibold text-fg">
            Most shown by the assistant
          </h4>
          {top.byMentions.length === 0 ? (
            <EmptyState headingLevel={4} title="No recommendations yet" className="py-6" />
          ) : (
            <ol className="space-y-2 text-sm">
              {top.byMentions.map((row, index) => (
                <li key={row.productId ?? `deleted:${index}`} className="flex items-baseline justify-between gap-3">
                  <ProductLink id={row.productId} name={row.name} />
                  <span className="shrink-0 text-fg-muted tabular-nums">
                    {row.mentions} answer{row.mentions === 1 ? "" : "s"}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
