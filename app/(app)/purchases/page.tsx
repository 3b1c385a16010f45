import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { purchaseListOf } from "@/components/purchases/list-params";
import { PurchasesTableSkeleton } from "@/components/purchases/purchases-table";
import { PurchasesView } from "@/components/purchases/purchases-view";
import { pageApiUrl, prefetchPageData, searchParamsOf } from "@/lib/pages/prefetch";
import { getViewerOf } from "@/lib/pages/viewer";
import { toPage } from "@/lib/pagination";
import { listPurchasesQuerySchema } from "@/lib/purchases/schemas";
import { listPurchases } from "@/lib/purchases/service";
import { purchaseQueryKeys } from "@/lib/query-keys";

export const metadata: Metadata = { title: "Purchases" };

export default async function PurchasesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewerOf("/purchases");
  // The page of purchases the address asks for (an admin's with the totals and buyers), as the page's hook asks for it.
  const filter = purchaseListOf(searchParamsOf(await searchParams), { admin: viewer?.actor.role === "admin" });
  const firstData = await prefetchPageData(
    viewer
      ? [
          {
            key: purchaseQueryKeys.list(filter),
            load: async () => {
              const input = listPurchasesQuerySchema.parse(filter);
              const { count, results, ...adminExtras } = await listPurchases(viewer.actor, input);
              return { ...toPage(await pageApiUrl("/api/purchases", filter), { ...input, count, results }), ...adminExtras };
            },
          },
        ]
      : [],
  );
  return (
    <HydrationBoundary state={firstData}>
      <Suspense fallback={<PurchasesTableSkeleton />}>
        <PurchasesView />
      </Suspense>
    </HydrationBoundary>
  );
}
