import Link from "next/link";
import { useTimeZone } from "@/components/layout/time-zone";
import { buttonClasses, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import type { DashboardStats } from "@/hooks/use-dashboard";
import { formatCount, formatDateTime } from "@/lib/format";

export function PendingQueue({ pending }: { pending: DashboardStats["pendingApprovals"] }) {
  const timeZone = useTimeZone();
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div className="space-y-1">
          <CardTitle as="h3">Waiting for approval</CardTitle>
          <CardDescription>
            {pending.count === 0
              ? "The queue is empty."
              : `${formatCount(pending.count)} ${pending.count === 1 ? "item" : "items"}, new products and changes, oldest first`}
          </CardDescription>
        </div>
        <Link href="/approvals" className={buttonClasses({ variant: "secondary", size: "sm" })}>
          Open approvals
        </Link>
      </CardHeader>
      <CardContent>
        {pending.oldest.length === 0 ? (
          <EmptyState headingLevel={4} title="Nothing to review" description="New submissions will appear here." className="py-8" />
        ) : (
          <ol className="divide-y divide-border" aria-label="Oldest pending products and changes">
            {pending.oldest.map((product) => (
              <li key={`${product.kind}-${product.id}`} className="flex items-center justify-between gap-3 py-2.5">
                <div className="min-w-0">
                  <Link href={`/products/${product.id}`} className="focus-ring block truncate rounded font-medium text-accent-fg hover:underline">
                    {product.name}
                  </Link>
                  <p className="text-xs text-fg-muted">
                    {product.kind === "change" ? "Change to a live product · " : ""}
                    {product.createdByName ? `by ${product.createdByName} · ` : ""}submitted {formatDateTime(product.submittedAt, timeZone)}
                  </p>
                </div>
                <Link href="/approvals" className={buttonClasses({ variant: "ghost", size: "sm" })} aria-label={product.kind === "change" ? `Review the change to ${product.name}` : `Review ${product.name}`}>
                  Review
                </Link>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
