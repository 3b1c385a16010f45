import type { Metadata } from "next";
import { Suspense } from "react";
import { ProductsView } from "@/components/products/products-view";
import { RoleGuard } from "@/components/products/staff-guard";

export const metadata: Metadata = { title: "Products" };

export default function ProductsPage() {
  return (
    <RoleGuard roles={["admin", "editor", "approver"]}>
      <Suspense>
        <ProductsView />
      </Suspense>
    </RoleGuard>
  );
}
