import type { Metadata } from "next";
import { Suspense } from "react";
import { PurchasesTableSkeleton } from "@/components/purchases/purchases-table";
import { PurchasesView } from "@/components/purchases/purchases-view";

export const metadata: Metadata = { title: "Purchases" };

export default function PurchasesPage() {
  return (
    <Suspense fallback={<PurchasesTableSkeleton />}>
      <PurchasesView />
    </Suspense>
  );
}
